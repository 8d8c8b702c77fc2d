// Private to copydesk::text: fills one Block at a time from the text of a markup tree (HTML or
// Markdown), collapsing whitespace and counting how much of the text is link text.
#pragma once

#include <cstdint>
#include <cstring>
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

// How many bytes of `mask` have their high bit set (no other bit set): without a call to
// libgcc's popcount, which a build for any x86-64 makes.
inline size_t SetBytes(uint64_t mask) {
  return static_cast<size_t>(((mask >> 7) * 0x0101010101010101ULL) >> 56);
}

// Where the run from text[i] (not markup whitespace) ends: bytes other than markup
// whitespace, and single spaces between them; `spaces` is how many spaces it holds. Eight
// bytes at a time (SWAR): a byte below 0x20 (tab, line breaks, other controls) or the
// first of two spaces ends it; a space before what ends the run is left out of it.
inline size_t WordRunEnd(std::string_view text, size_t i, size_t& spaces) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  // Per byte, exactly: the high bit set where the byte is zero.
  const auto zero_bytes = [](uint64_t t) { return ~(((t & kLow7) + kLow7) | t) & kHigh; };
  spaces = 0;
  size_t k = i + 1;           // text[i] is in the run whatever it is
  bool space_before = false;  // text[k - 1] is a space
  size_t end = text.size();
  for (; k + 8 <= text.size(); k += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + k, 8);
    const uint64_t control = zero_bytes(word & 0xe0e0e0e0e0e0e0e0ULL);
    const uint64_t space = zero_bytes(word ^ 0x2020202020202020ULL);
    if (space_before && (space & 0x80) != 0) {
      end = k - 1;  // a double space across the words: the run ends before its first
      --spaces;     // space, counted with the word before
      break;
    }
    const uint64_t stop = control | ((space & (space << 8)) >> 8);
    if (stop != 0) {
      const int at = __builtin_ctzll(stop);
      spaces += SetBytes(space & ((uint64_t{1} << at) - 1));
      end = k + static_cast<size_t>(at) / 8;
      break;
    }
    spaces += SetBytes(space);
    space_before = (space >> 63) != 0;
  }
  if (end == text.size()) {  // not stopped yet: the tail, byte by byte
    if (space_before && k < text.size() && text[k] == ' ') {
      end = k - 1;  // as above
      --spaces;
    } else {
      for (; k < text.size(); ++k) {
        const char c = text[k];
        if (c == ' ' && k + 1 < text.size() && !IsMarkupSpace(text[k + 1])) {
          ++spaces;
          continue;
        }
        if (IsMarkupSpace(c)) break;
      }
      end = k;
    }
  }
  if (text[end - 1] == ' ') {
    --end;
    --spaces;
  }
  return end;
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
      // A run of words with single spaces between them goes in with one append.
      size_t spaces = 0;
      const size_t end = WordRunEnd(text, i, spaces);
      if (current_.text.empty()) Start();
      if (pending_space_) current_.text.push_back(' ');
      pending_space_ = false;
      current_.text.append(text.data() + i, end - i);
      const size_t counted = end - i - spaces;
      text_bytes_ += counted;
      if (in_link) link_bytes_ += counted;
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
