// Blocks: the common shape of a body after its markup (HTML, Markdown, plain text) is read.
#pragma once

#include <cstdint>
#include <string>

namespace copydesk::text {

enum class BlockKind : uint8_t { kHeading, kParagraph, kListItem, kQuote, kCaption, kPreformatted };

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;           // heading level, 1..6
  std::string text;        // whitespace collapsed; inline markup removed
  bool link_only = false;  // every letter of it is link text: navigation, "read more" links
};

}  // namespace copydesk::text
