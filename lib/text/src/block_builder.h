// Private to copydesk::text: fills one Block at a time from the text of a markup tree (HTML or
// Markdown), collapsing whitespace and counting how much of the text is link text.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "copydesk/text/blocks.h"

namespace copydesk::text::detail {

// Markup's own whitespace; NBSP and other Unicode spaces are text (NormaliseText maps them).
inline bool IsMarkupSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// True when `text` shows nothing: markup whitespace, Unicode spaces (U+00A0, U+2000..U+200A,
// U+202F, U+205F, U+3000) and invisible characters (U+200B..U+200F, U+2060, U+FEFF).
// "<p>&nbsp;</p>" makes no block.
inline bool IsBlank(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsMarkupSpace(static_cast<char>(c))) {
      i += 1;
      continue;
    }
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xa0) {
      i += 2;
      continue;
    }
    if (i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      const bool general_punctuation_space =
          c == 0xe2 && ((b1 == 0x80 && (b2 <= 0x8f || b2 == 0xaf)) ||  // U+2000..U+200F, U+202F
                        (b1 == 0x81 && (b2 == 0x9f || b2 == 0xa0)));   // U+205F, U+2060
      const bool ideographic_space = c == 0xe3 && b1 == 0x80 && b2 == 0x80;  // U+3000
      const bool bom = c == 0xef && b1 == 0xbb && b2 == 0xbf;                // U+FEFF
      if (general_punctuation_space || ideographic_space || bom) {
        i += 3;
        continue;
      }
    }
    return false;
  }
  return true;
}

// Collects blocks. Text arrives in pieces (text nodes); a block ends at Flush().
class BlockBuilder {
 public:
  // The kind and level the next text starts a block with.
  void SetKind(BlockKind kind, int level) {
    kind_ = kind;
    level_ = level;
  }

  // Adds text, collapsing runs of markup whitespace to one space and dropping it at the
  // start and end of the block. `in_link`: the text is link text.
  void AddText(std::string_view text, bool in_link) {
    size_t i = 0;
    while (i < text.size()) {
      if (IsMarkupSpace(text[i])) {
        pending_space_ = !current_.text.empty();
        ++i;
        continue;
      }
      // A run of other bytes goes in with one append.
      size_t end = i + 1;
      while (end < text.size() && !IsMarkupSpace(text[end])) ++end;
      if (current_.text.empty()) Start();
      if (pending_space_) current_.text.push_back(' ');
      pending_space_ = false;
      current_.text.append(text.data() + i, end - i);
      text_bytes_ += end - i;
      if (in_link) link_bytes_ += end - i;
      i = end;
    }
  }

  // Adds text as it is (preformatted), only leading newlines dropped.
  void AddVerbatim(std::string_view text, bool in_link) {
    for (const char c : text) {
      if (current_.text.empty() && (c == '\n' || c == '\r')) continue;
      if (current_.text.empty()) Start();
      current_.text.push_back(c);
      if (!IsMarkupSpace(c)) {
        ++text_bytes_;
        if (in_link) ++link_bytes_;
      }
    }
  }

  // A space before the next text, if any comes.
  void AddSpace() { pending_space_ = !current_.text.empty(); }

  bool Empty() const { return current_.text.empty(); }

  // Ends the block being filled; a blank one is dropped.
  void Flush() {
    if (!current_.text.empty()) {
      while (!current_.text.empty() && IsMarkupSpace(current_.text.back()))
        current_.text.pop_back();
      if (text_bytes_ > 0 && !IsBlank(current_.text)) {
        current_.link_only = link_bytes_ == text_bytes_;
        blocks_.push_back(std::move(current_));
      }
    }
    current_ = Block{};
    pending_space_ = false;
    text_bytes_ = 0;
    link_bytes_ = 0;
  }

  std::vector<Block> Take() {
    Flush();
    return std::move(blocks_);
  }

 private:
  void Start() {
    current_.kind = kind_;
    current_.level = kind_ == BlockKind::kHeading ? level_ : 0;
  }

  std::vector<Block> blocks_;
  Block current_;
  BlockKind kind_ = BlockKind::kParagraph;
  int level_ = 0;
  bool pending_space_ = false;
  size_t text_bytes_ = 0;  // bytes other than whitespace
  size_t link_bytes_ = 0;  // of which inside links
};

}  // namespace copydesk::text::detail
