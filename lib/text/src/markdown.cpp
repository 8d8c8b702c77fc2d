#include "copydesk/text/markdown.h"

#include <cmark-gfm.h>

#include <memory>

namespace copydesk::text {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

bool IsBlockWithText(cmark_node_type type) {
  return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING;
}

}  // namespace

std::vector<Block> MarkdownToBlocks(std::string_view markdown) {
  std::vector<Block> blocks;
  std::unique_ptr<cmark_node, NodeFree> document(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  if (!document) return blocks;
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(document.get()));

  // The block being filled, and how much of its text sits inside links.
  Block current;
  bool in_block = false;
  int link_depth = 0;
  int image_depth = 0;
  size_t text_bytes = 0;
  size_t link_text_bytes = 0;

  auto add_text = [&](const char* text) {
    if (!in_block || image_depth > 0 || text == nullptr) return;
    const std::string_view s(text);
    current.text += s;
    text_bytes += s.size();
    if (link_depth > 0) link_text_bytes += s.size();
  };

  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    const bool enter = event == CMARK_EVENT_ENTER;
    if (IsBlockWithText(type)) {
      if (enter) {
        current = Block{};
        in_block = true;
        text_bytes = link_text_bytes = 0;
        if (type == CMARK_NODE_HEADING) {
          current.kind = BlockKind::kHeading;
          current.level = cmark_node_get_heading_level(node);
        } else {
          cmark_node* parent = cmark_node_parent(node);
          const cmark_node_type parent_type = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
          current.kind = parent_type == CMARK_NODE_ITEM          ? BlockKind::kListItem
                         : parent_type == CMARK_NODE_BLOCK_QUOTE ? BlockKind::kQuote
                                                                 : BlockKind::kParagraph;
        }
      } else {
        in_block = false;
        current.link_only = text_bytes > 0 && link_text_bytes == text_bytes;
        if (!current.text.empty()) blocks.push_back(std::move(current));
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_CODE_BLOCK:
        if (enter) {
          const char* literal = cmark_node_get_literal(node);
          Block code{BlockKind::kPreformatted, 0, literal != nullptr ? literal : "", false};
          if (!code.text.empty()) blocks.push_back(std::move(code));
        }
        break;
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        add_text(cmark_node_get_literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        add_text(" ");
        break;
      case CMARK_NODE_LINK:
        link_depth += enter ? 1 : -1;
        break;
      case CMARK_NODE_IMAGE:
        image_depth += enter ? 1 : -1;
        break;
      default:  // emphasis, strong: their text comes through; raw HTML is dropped
        break;
    }
  }
  return blocks;
}

}  // namespace copydesk::text
