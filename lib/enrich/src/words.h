// How the enrich stage splits clean text into words, shared by the gazetteer and the topic
// rules: letters and digits of every script; scripts written without spaces (Chinese,
// Japanese) one character a word. Words are hashed as they are read, folded to lower case
// where that is cheap.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "copydesk/core/hash_tables.h"

namespace copydesk::enrich::words {

// Bytes of a non-ASCII character that separates words (spaces, quotes, dashes, CJK and
// Arabic punctuation), or 0.
inline size_t SeparatorLength(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return i + k < s.size() ? static_cast<uint8_t>(s[i + k]) : 0; };
  switch (at(0)) {
    case 0xC2:  // no-break space, « » ·
      return at(1) == 0xA0 || at(1) == 0xAB || at(1) == 0xBB || at(1) == 0xB7 ? 2 : 0;
    case 0xD8:  // Arabic comma
      return at(1) == 0x8C ? 2 : 0;
    case 0xE2:  // – — ‘ ’ “ ” … and the thin and narrow spaces
      if (at(1) != 0x80) return 0;
      return (at(2) >= 0x80 && at(2) <= 0x8A) || (at(2) >= 0x93 && at(2) <= 0x9F) ||
                     at(2) == 0xA6 || at(2) == 0xAF
                 ? 3
                 : 0;
    case 0xE3:  // CJK punctuation (U+3000..U+303F: 、。「」《》…) and the katakana middle dot
      return at(1) == 0x80 || (at(1) == 0x83 && at(2) == 0xBB) ? 3 : 0;
    case 0xEF:  // full-width ！（），：；？
      return at(1) == 0xBC && (at(2) == 0x81 || at(2) == 0x88 || at(2) == 0x89 || at(2) == 0x8C ||
                               at(2) == 0x9A || at(2) == 0x9B || at(2) == 0x9F)
                 ? 3
                 : 0;
    default:
      return 0;
  }
}

// Letters and digits of ASCII, and every byte of a non-ASCII character (SeparatorLength
// tells the separators among those apart), as a table: this is the per-byte loop.
inline constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
  }
  return table;
}();

inline bool IsWordByte(uint8_t c) {
  return kWordBytes[c];
}

// Whether a character starting with byte `c` belongs to a script written without spaces
// (kana U+3040.., CJK ideographs ..U+9FFF): each such character is a word of its own.
inline bool IsUnspacedLead(uint8_t c) {
  return c >= 0xE3 && c <= 0xE9;
}

// Feeds the character at word[i] to `add` in lower case, where that is cheap to fold on the
// fly: ASCII, Latin-1 capitals (À..Þ), Latin Extended-A (Ł, Ş, Č, İ ...) and Cyrillic
// capitals (А..Я); other bytes as they are. Returns how many bytes of `word` it took.
template <typename Add>
size_t FoldCharacter(std::string_view word, size_t i, Add&& add) {
  const auto c = static_cast<uint8_t>(word[i]);
  const uint8_t next = i + 1 < word.size() ? static_cast<uint8_t>(word[i + 1]) : 0;
  if (c >= 'A' && c <= 'Z') {
    add(static_cast<uint8_t>(c + 32));
    return 1;
  }
  if (c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {
    add(c);
    add(static_cast<uint8_t>(next + 0x20));
    return 2;
  }
  if ((c == 0xC4 || c == 0xC5) && next >= 0x80 && next <= 0xBF) {
    // Latin Extended-A (Polish, Czech, Turkish, Baltic ...): capitals and small letters
    // alternate, the capital first, on even code points or odd ones by range.
    const uint32_t cp = ((c & 0x1Fu) << 6) | (next & 0x3Fu);
    if (cp == 0x130) {  // Turkish İ
      add('i');
      return 2;
    }
    uint32_t lower = cp;
    if ((cp < 0x130 || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) &&
        cp % 2 == 0) {
      lower = cp + 1;
    } else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1) {
      lower = cp + 1;
    }
    add(static_cast<uint8_t>(0xC0 | (lower >> 6)));
    add(static_cast<uint8_t>(0x80 | (lower & 0x3F)));
    return 2;
  }
  if (c == 0xD0 && next >= 0x90 && next <= 0xAF) {
    add(next <= 0x9F ? 0xD0 : 0xD1);  // А..П -> а..п, Р..Я -> р..я
    add(static_cast<uint8_t>(next <= 0x9F ? next + 0x20 : next - 0x20));
    return 2;
  }
  add(c);
  return 1;
}

// FNV-1a over bytes, mixed at the end: words are short.
struct WordHasher {
  uint64_t state = 0xcbf2'9ce4'8422'2325;
  void operator()(uint8_t byte) { state = (state ^ byte) * 0x100'0000'01b3; }
  uint64_t hash() const { return tables::MixKey(state); }
};

// A word's hash, folded to lower case (FoldCharacter) or as written.
inline uint64_t WordHash(std::string_view word, bool fold) {
  WordHasher hasher;
  for (size_t i = 0; i < word.size();) {
    if (fold) {
      i += FoldCharacter(word, i, hasher);
    } else {
      hasher(static_cast<uint8_t>(word[i++]));
    }
  }
  return hasher.hash();
}

// WordHash(word, true), calling `prefix` with the hash of each prefix of the word (the whole
// word included) that ends on a character boundary and whose folded length in bytes is in
// `lengths` (bit n: n bytes): one pass for the word and its prefixes.
template <typename Prefix>
uint64_t FoldedHashWithPrefixes(std::string_view word, uint64_t lengths, Prefix&& prefix) {
  WordHasher hasher;
  size_t folded = 0;
  const auto add = [&](uint8_t byte) {
    hasher(byte);
    ++folded;
  };
  for (size_t i = 0; i < word.size();) {
    i += FoldCharacter(word, i, add);
    if (folded < 64 && ((lengths >> folded) & 1) &&
        (i == word.size() || (static_cast<uint8_t>(word[i]) & 0xC0) != 0x80)) {
      prefix(hasher.hash());
    }
  }
  return hasher.hash();
}

// Whether a word can begin a name: it starts with a capital, or with a letter of a script
// without case (or one not folded here: such words are all looked up).
inline bool StartsName(std::string_view word) {
  const auto c = static_cast<uint8_t>(word[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  const uint8_t next = word.size() > 1 ? static_cast<uint8_t>(word[1]) : 0;
  if (c == 0xC3) return next >= 0x80 && next <= 0x9E && next != 0x97;
  if (c == 0xD0) return next >= 0x80 && next <= 0xAF;  // Ѐ..Я
  return c != 0xD1;                                    // (lower-case Cyrillic)
}

// Whether the word byte at `i` begins a word: nothing, or a separator, comes before it.
inline bool AtWordStart(std::string_view text, size_t i) {
  if (i == 0 || IsUnspacedLead(static_cast<uint8_t>(text[i]))) return true;
  const auto prev = static_cast<uint8_t>(text[i - 1]);
  if (prev < 0x80) return !IsWordByte(prev);
  size_t lead = i - 1;  // back to the first byte of the character before
  while (lead > 0 && i - lead < 4 && (static_cast<uint8_t>(text[lead]) & 0xC0) == 0x80) --lead;
  return IsUnspacedLead(static_cast<uint8_t>(text[lead])) ||
         SeparatorLength(text, lead) == i - lead;
}

// The end of the word that begins at `begin`.
inline size_t WordEnd(std::string_view text, size_t begin) {
  if (IsUnspacedLead(static_cast<uint8_t>(text[begin]))) return std::min(begin + 3, text.size());
  size_t i = begin;
  while (i < text.size()) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (!IsWordByte(b) || (b >= 0x80 && (IsUnspacedLead(b) || SeparatorLength(text, i) > 0))) {
      break;
    }
    ++i;
  }
  return i;
}

// The next word at or after `from`, as [begin, end); begin == text.size() when there is none.
inline std::pair<size_t, size_t> NextWord(std::string_view text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (!IsWordByte(c)) {
      ++i;
    } else if (const size_t skip = c >= 0x80 ? SeparatorLength(text, i) : 0; skip > 0) {
      i += skip;
    } else {
      return {i, WordEnd(text, i)};
    }
  }
  return {text.size(), text.size()};
}

// A word sequence's key, one word's hash at a time.
inline uint64_t Extend(uint64_t key, uint64_t token) {
  return tables::MixKey(key * 0x100'0000'01b3ull ^ token);
}

}  // namespace copydesk::enrich::words
