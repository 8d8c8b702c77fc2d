#include "copydesk/text/html.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace copydesk::text {
namespace {

struct OutputFree {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// A <article> with less text than this is a teaser, not the story.
constexpr size_t kMinArticleText = 200;

std::string_view AttributeOf(const GumboNode* node, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  return attribute != nullptr ? std::string_view(attribute->value) : std::string_view();
}

// The tag name as written, for elements gumbo does not know ("amp-img").
std::string_view OriginalTagName(const GumboNode* node) {
  std::string_view text(node->v.element.original_tag.data, node->v.element.original_tag.length);
  if (!text.starts_with('<')) return {};
  text.remove_prefix(1);
  const size_t end = text.find_first_of(" \t\n\r/>");
  return text.substr(0, end);
}

bool IsFurnitureWord(std::string_view word) {
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view furniture :
       {"share", "sharing", "social", "cookie", "cookies", "consent", "newsletter", "subscribe",
        "related", "advert", "advertisement", "ad", "ads", "promo", "breadcrumb", "breadcrumbs",
        "comments", "sidebar", "menu", "nav", "navbar", "navigation"}) {
    if (lower == furniture) return true;
  }
  return false;
}

// A class or id naming furniture: "share-bar", "cookie_banner", "site-nav".
bool NamesFurniture(std::string_view names) {
  size_t start = 0;
  while (start < names.size()) {
    const size_t end = std::min(names.find_first_of(" -_\t", start), names.size());
    if (end > start && IsFurnitureWord(names.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

bool HasHeading(const GumboNode* node) {
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) return true;
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(n->v.element.children.data[i]));
    }
  }
  return false;
}

bool IsDropped(const GumboNode* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HEAD:
      return true;
    case GUMBO_TAG_HEADER:
      if (!HasHeading(node)) return true;
      break;
    case GUMBO_TAG_UNKNOWN: {
      const std::string_view name = OriginalTagName(node);
      if (name.starts_with("amp-") || name == "picture") return true;
      break;
    }
    default:
      break;
  }
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr) return true;
  if (AttributeOf(node, "aria-hidden") == "true") return true;
  return NamesFurniture(AttributeOf(node, "class")) || NamesFurniture(AttributeOf(node, "id"));
}

// Elements that start and end a block, and the kind of block their text makes.
bool BlockKindOf(GumboTag tag, BlockKind& kind, int& level) {
  level = 0;
  switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      kind = BlockKind::kHeading;
      level = static_cast<int>(tag - GUMBO_TAG_H1) + 1;
      return true;
    case GUMBO_TAG_LI: kind = BlockKind::kListItem; return true;
    case GUMBO_TAG_BLOCKQUOTE: kind = BlockKind::kQuote; return true;
    case GUMBO_TAG_PRE: kind = BlockKind::kPreformatted; return true;
    case GUMBO_TAG_FIGCAPTION: kind = BlockKind::kCaption; return true;
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY: case GUMBO_TAG_HEADER: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_CAPTION:
      kind = BlockKind::kParagraph;
      return true;
    default:
      return false;
  }
}

const GumboVector* ChildrenOf(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

// Collects the blocks under `root`, depth-first with an explicit stack.
class BlockCollector {
 public:
  std::vector<Block> Collect(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      unsigned next_child;
      bool is_block;
      bool is_link;
    };
    std::vector<Frame> stack;
    Enter(root, stack);
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const GumboVector* children = ChildrenOf(frame.node);
      if (children != nullptr && frame.next_child < children->length) {
        const auto* child = static_cast<const GumboNode*>(children->data[frame.next_child++]);
        Enter(child, stack);
        continue;
      }
      if (frame.is_block) {
        Flush();
        kinds_.pop_back();
      }
      if (frame.is_link) --link_depth_;
      stack.pop_back();
    }
    Flush();
    return std::move(blocks_);
  }

 private:
  template <typename Stack>
  void Enter(const GumboNode* node, Stack& stack) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        AddText(node->v.text.text);
        return;
      case GUMBO_NODE_DOCUMENT:
        stack.push_back({node, 0, false, false});
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return;  // comments
    }
    if (IsDropped(node)) return;
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      AddText(" ");
      return;
    }
    BlockKind kind;
    int level;
    const bool is_block = BlockKindOf(tag, kind, level);
    if (is_block) {
      Flush();
      kinds_.emplace_back(kind, level);
    }
    const bool is_link = tag == GUMBO_TAG_A;
    if (is_link) ++link_depth_;
    stack.push_back({node, 0, is_block, is_link});
  }

  void AddText(std::string_view text) {
    for (char c : text) {
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        pending_space_ = !current_.text.empty();
        continue;
      }
      if (current_.text.empty()) {
        current_.kind = kinds_.empty() ? BlockKind::kParagraph : kinds_.back().first;
        current_.level = kinds_.empty() ? 0 : kinds_.back().second;
      }
      if (pending_space_) {
        current_.text.push_back(' ');
        ++text_bytes_;
        if (link_depth_ > 0) ++link_bytes_;
      }
      pending_space_ = false;
      current_.text.push_back(c);
      ++text_bytes_;
      if (link_depth_ > 0) ++link_bytes_;
    }
  }

  void Flush() {
    if (!current_.text.empty()) {
      current_.link_only = link_bytes_ == text_bytes_;
      blocks_.push_back(std::move(current_));
    }
    current_ = Block{};
    pending_space_ = false;
    text_bytes_ = link_bytes_ = 0;
  }

  std::vector<Block> blocks_;
  Block current_;
  std::vector<std::pair<BlockKind, int>> kinds_;
  bool pending_space_ = false;
  int link_depth_ = 0;
  size_t text_bytes_ = 0;
  size_t link_bytes_ = 0;
};

// Text bytes under a node, skipping what the collector drops.
size_t TextBytes(const GumboNode* root) {
  size_t bytes = 0;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT) bytes += std::string_view(node->v.text.text).size();
    if (node->type != GUMBO_NODE_ELEMENT || IsDropped(node)) continue;
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(node->v.element.children.data[i]));
    }
  }
  return bytes;
}

std::string TextOf(const GumboNode* node) {
  std::string text;
  for (unsigned i = 0; i < node->v.element.children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(node->v.element.children.data[i]);
    if (child->type == GUMBO_NODE_TEXT) text += child->v.text.text;
  }
  return text;
}

}  // namespace

HtmlDocument ParseHtml(std::string_view html) {
  HtmlDocument document;
  std::unique_ptr<GumboOutput, OutputFree> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  if (!output) return document;

  // One pass for the metadata and the <article> elements.
  const GumboNode* story_root = output->root;
  size_t story_bytes = 0;
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    switch (node->v.element.tag) {
      case GUMBO_TAG_HTML:
        document.lang = std::string(AttributeOf(node, "lang"));
        break;
      case GUMBO_TAG_TITLE:
        if (document.title.empty()) document.title = TextOf(node);
        break;
      case GUMBO_TAG_META:
        if (AttributeOf(node, "property") == "og:title" && document.og_title.empty()) {
          document.og_title = std::string(AttributeOf(node, "content"));
        }
        break;
      case GUMBO_TAG_LINK:
        if (AttributeOf(node, "rel") == "canonical" && document.canonical_url.empty()) {
          document.canonical_url = std::string(AttributeOf(node, "href"));
        }
        break;
      case GUMBO_TAG_ARTICLE:
        if (const size_t bytes = TextBytes(node); bytes >= kMinArticleText && bytes > story_bytes) {
          story_root = node;
          story_bytes = bytes;
        }
        break;
      default:
        break;
    }
    // Reversed, so that nodes come off the stack in document order.
    for (unsigned i = node->v.element.children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(node->v.element.children.data[i - 1]));
    }
  }
  document.blocks = BlockCollector().Collect(story_root);
  return document;
}

}  // namespace copydesk::text
