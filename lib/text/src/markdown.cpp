// Markdown to blocks with cmark-gfm (and its table, strikethrough and autolink extensions),
// walking the tree with cmark's iterator: no recursion, whatever the nesting.
#include "copydesk/text/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "block_builder.h"
#include "copydesk/text/html.h"

namespace copydesk::text {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserFree {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// The extensions, registered once: cmark-gfm's own "ensure registered" is not thread-safe,
// a function-local static is.
struct Extensions {
  cmark_syntax_extension* table = nullptr;
  cmark_syntax_extension* strikethrough = nullptr;
  cmark_syntax_extension* autolink = nullptr;
};

const Extensions& GfmExtensions() {
  static const Extensions extensions = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return Extensions{cmark_find_syntax_extension("table"),
                      cmark_find_syntax_extension("strikethrough"),
                      cmark_find_syntax_extension("autolink")};
  }();
  return extensions;
}

// One parse's memory, freed at once when the parse is done: cmark-gfm makes and frees small
// nodes and buffers by the hundred per item. Each allocation keeps its size in front of it for
// realloc. cmark's allocator takes no context, hence the thread-local pointer to the arena of
// the parse running on this thread.
class ParseArena {
 public:
  ParseArena() : previous_(current_) { current_ = this; }
  ParseArena(const ParseArena&) = delete;
  ParseArena& operator=(const ParseArena&) = delete;
  ~ParseArena() {
    current_ = previous_;
    for (void* block : blocks_) std::free(block);
  }

  static cmark_mem* Allocator() {
    static cmark_mem mem{&Calloc, &Realloc, &Free};
    return &mem;
  }

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kBlockBytes = 64 * 1024;

  static size_t& SizeOf(void* p) {
    return *reinterpret_cast<size_t*>(static_cast<char*>(p) - kAlign);
  }

  void* Allocate(size_t size) {
    const size_t need = kAlign + ((size + kAlign - 1) & ~(kAlign - 1));
    char* block;
    if (need > kBlockBytes / 4) {
      block = static_cast<char*>(NewBlock(need));
    } else {
      if (need > left_) {
        next_ = static_cast<char*>(NewBlock(kBlockBytes));
        left_ = kBlockBytes;
      }
      block = next_;
      next_ += need;
      left_ -= need;
    }
    void* p = block + kAlign;
    SizeOf(p) = size;
    return p;
  }

  void* NewBlock(size_t size) {
    void* block = std::malloc(size);
    // cmark aborts on a failed allocation too; an exception cannot cross its C frames.
    if (block == nullptr) std::abort();
    blocks_.push_back(block);
    return block;
  }

  static void* Calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) std::abort();
    void* p = current_->Allocate(count * size);
    std::memset(p, 0, count * size);
    return p;
  }
  static void* Realloc(void* p, size_t size) {
    if (p == nullptr) return current_->Allocate(size);
    const size_t old = SizeOf(p);
    if (size <= old) {
      SizeOf(p) = size;
      return p;
    }
    void* bigger = current_->Allocate(size);
    std::memcpy(bigger, p, old);
    return bigger;
  }
  static void Free(void* /*p*/) {}

  static thread_local ParseArena* current_;
  ParseArena* const previous_;
  std::vector<void*> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

thread_local ParseArena* ParseArena::current_ = nullptr;

bool TypeIs(cmark_node* node, const char* name) {
  const char* type = cmark_node_get_type_string(node);
  return type != nullptr && std::strcmp(type, name) == 0;
}

}  // namespace

std::vector<Block> MarkdownToBlocks(std::string_view markdown) {
  const Extensions& extensions = GfmExtensions();
  // Declared first: the parser, the tree and the iterator live in it, and go before it.
  ParseArena arena;
  std::unique_ptr<cmark_parser, ParserFree> parser(
      cmark_parser_new_with_mem(CMARK_OPT_VALIDATE_UTF8, ParseArena::Allocator()));
  if (!parser) return {};
  for (cmark_syntax_extension* extension :
       {extensions.table, extensions.strikethrough, extensions.autolink}) {
    if (extension != nullptr) cmark_parser_attach_syntax_extension(parser.get(), extension);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeFree> document(cmark_parser_finish(parser.get()));
  if (!document) return {};
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(document.get()));

  detail::BlockBuilder builder;
  std::vector<Block> blocks;  // what the builder made so far, with HTML blocks in between
  auto flush = [&] {
    for (Block& block : builder.Take()) blocks.push_back(std::move(block));
    builder = detail::BlockBuilder();
  };
  std::vector<BlockKind> containers;  // open block quotes and list items, innermost last
  int link_depth = 0;
  bool first_cell = false;
  bool cell_separator = false;  // " | " before the next cell's text, if it has any

  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const bool enter = event == CMARK_EVENT_ENTER;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_BLOCK_QUOTE:
      case CMARK_NODE_ITEM:
        if (enter) {
          containers.push_back(cmark_node_get_type(node) == CMARK_NODE_ITEM ? BlockKind::kListItem
                                                                            : BlockKind::kQuote);
        } else {
          containers.pop_back();
        }
        break;
      case CMARK_NODE_PARAGRAPH:
        if (enter) {
          builder.SetKind(containers.empty() ? BlockKind::kParagraph : containers.back(), 0);
        } else {
          builder.Flush();
        }
        break;
      case CMARK_NODE_HEADING:
        if (enter) {
          builder.SetKind(BlockKind::kHeading, cmark_node_get_heading_level(node));
        } else {
          builder.Flush();
        }
        break;
      case CMARK_NODE_CODE_BLOCK: {
        const char* literal = cmark_node_get_literal(node);
        builder.SetKind(BlockKind::kPreformatted, 0);
        builder.AddVerbatim(literal != nullptr ? literal : "", false);
        builder.Flush();
        break;
      }
      case CMARK_NODE_HTML_BLOCK: {
        // Raw HTML in Markdown ("<p>…</p>", "<div>…</div>"): read as HTML, furniture rules and
        // all; a lone tag or a comment gives nothing.
        flush();
        const char* literal = cmark_node_get_literal(node);
        for (Block& block : HtmlToBlocks(literal != nullptr ? literal : ""))
          blocks.push_back(std::move(block));
        break;
      }
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE: {
        const char* literal = cmark_node_get_literal(node);
        if (literal == nullptr) break;
        if (cell_separator && !detail::IsBlank(literal)) {
          if (!builder.Empty()) {
            builder.AddSpace();
            builder.AddText("|", false);
            builder.AddSpace();
          }
          cell_separator = false;
        }
        builder.AddText(literal, link_depth > 0);
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        builder.AddSpace();
        break;
      case CMARK_NODE_LINK:
        link_depth += enter ? 1 : -1;
        break;
      case CMARK_NODE_IMAGE:
        // Its children are the alt text: skipped, straight to the image's exit.
        if (enter) cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
        break;
      default:
        // Tables (extension node types): a row is a paragraph, its cells joined by " | ".
        if (TypeIs(node, "table_row") || TypeIs(node, "table_header")) {
          if (enter) {
            builder.SetKind(BlockKind::kParagraph, 0);
            first_cell = true;
          } else {
            builder.Flush();
          }
        } else if (TypeIs(node, "table_cell") && enter) {
          cell_separator = !first_cell;
          builder.AddSpace();
          first_cell = false;
        }
        // Emphasis, strong, strikethrough: their text comes through. Inline HTML: dropped.
        // Thematic breaks: nothing.
        break;
    }
  }
  flush();
  return blocks;
}

}  // namespace copydesk::text
