// Markdown (CommonMark, as crawlers save pages) to blocks, with cmark-gfm.
#pragma once

#include <string_view>
#include <vector>

#include "copydesk/text/blocks.h"

namespace copydesk::text {

// Headings, paragraphs, list items, quotes and code blocks become blocks; thematic breaks,
// images and raw HTML are dropped; emphasis markup goes and its text stays; links keep
// their text (an autolink's text is its URL, and such a block is link_only); line breaks
// become spaces.
std::vector<Block> MarkdownToBlocks(std::string_view markdown);

}  // namespace copydesk::text
