// Markdown (CommonMark with GitHub's tables, strikethrough and autolinks, as crawlers save
// pages) to blocks, with cmark-gfm.
#pragma once

#include <string_view>
#include <vector>

#include "copydesk/text/blocks.h"

namespace copydesk::text {

// Headings -> kHeading (level 1..6); paragraphs -> kParagraph, or kListItem / kQuote inside
// a list item / block quote (the innermost wins); code blocks -> kPreformatted (text as
// written); a table row -> one kParagraph, cells joined by " | ". Thematic breaks make no
// block. Inline markup goes and its text stays ("# *Poutine et …*" -> heading "Poutine et
// …"); links keep their text, and a block whose text is all link text is link_only (an
// autolink "<https://…>" keeps its URL as text); images go with their alt text; inline HTML
// tags go (the text between them stays); an HTML block is read with HtmlToBlocks. Soft and
// hard line breaks are a space. Whitespace runs are collapsed to one space and blocks
// trimmed; blocks with nothing visible are dropped. Invalid UTF-8 becomes U+FFFD. The tree
// is walked without recursion.
std::vector<Block> MarkdownToBlocks(std::string_view markdown);

}  // namespace copydesk::text
