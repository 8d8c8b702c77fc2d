#include "copydesk/enrich/gazetteer.h"

#include <array>
#include <bit>
#include <cstring>
#include <tuple>
#include <utility>

namespace copydesk::enrich {
namespace {

// A key's value: flags, and the entity + 1 (0: the sequence is only a prefix).
constexpr uint32_t kPrefix = 0x8000'0000;     // a longer alias starts with this sequence
constexpr uint32_t kExactCase = 0x4000'0000;  // the alias matches only as written
constexpr uint32_t kEntityMask = 0x3fff'ffff;
constexpr size_t kMaxTokens = 8;  // the longest alias, in tokens

// Bytes of a non-ASCII character that separates words (spaces, quotes, dashes, CJK and
// Arabic punctuation), or 0.
size_t SeparatorLength(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return i + k < s.size() ? static_cast<uint8_t>(s[i + k]) : 0; };
  switch (at(0)) {
    case 0xC2:  // no-break space, « »
      return at(1) == 0xA0 || at(1) == 0xAB || at(1) == 0xBB ? 2 : 0;
    case 0xD8:  // Arabic comma
      return at(1) == 0x8C ? 2 : 0;
    case 0xE2:  // – — ‘ ’ “ ” … and the thin and narrow spaces
      if (at(1) != 0x80) return 0;
      return (at(2) >= 0x80 && at(2) <= 0x8A) || (at(2) >= 0x93 && at(2) <= 0x9F) ||
                     at(2) == 0xA6 || at(2) == 0xAF
                 ? 3
                 : 0;
    case 0xE3:  // 、。「」
      return at(1) == 0x80 && (at(2) == 0x81 || at(2) == 0x82 || at(2) == 0x8C || at(2) == 0x8D)
                 ? 3
                 : 0;
    case 0xEF:  // ，
      return at(1) == 0xBC && at(2) == 0x8C ? 3 : 0;
    default:
      return 0;
  }
}

// Letters and digits of ASCII, and every byte of a non-ASCII character (SeparatorLength
// tells the separators among those apart), as a table: this is the per-byte loop.
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
  }
  return table;
}();

bool IsWordByte(uint8_t c) {
  return kWordBytes[c];
}

// A word's hash, in lower case or as written. Lower case is what is cheap to fold on the
// fly: ASCII, Latin-1 capitals (À..Þ) and Cyrillic capitals (А..Я); other scripts' names are
// matched as written. (FNV-1a over the bytes, then mixed: words are short.)
uint64_t WordHash(std::string_view word, bool fold) {
  uint64_t h = 0xcbf2'9ce4'8422'2325;
  const auto add = [&h](uint8_t byte) { h = (h ^ byte) * 0x100'0000'01b3; };
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<uint8_t>(word[i]);
    const uint8_t next = i + 1 < word.size() ? static_cast<uint8_t>(word[i + 1]) : 0;
    if (fold && c >= 'A' && c <= 'Z') {
      add(c + 32);
    } else if (fold && c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {
      add(c);
      add(next + 0x20);
      ++i;
    } else if (fold && c == 0xD0 && next >= 0x90 && next <= 0xAF) {
      add(next <= 0x9F ? 0xD0 : 0xD1);  // А..П -> а..п, Р..Я -> р..я
      add(next <= 0x9F ? next + 0x20 : next - 0x20);
      ++i;
    } else {
      add(c);
    }
  }
  return tables::MixKey(h);
}

// Whether a word can begin a name: it starts with a capital, or with a letter of a script
// without case (or one not folded here: such words are all looked up).
bool StartsName(std::string_view word) {
  const auto c = static_cast<uint8_t>(word[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  const uint8_t next = word.size() > 1 ? static_cast<uint8_t>(word[1]) : 0;
  if (c == 0xC3) return next >= 0x80 && next <= 0x9E && next != 0x97;
  if (c == 0xD0) return next >= 0x80 && next <= 0xAF;  // Ѐ..Я
  return c != 0xD1;                                    // (lower-case Cyrillic)
}

// Whether the word byte at `i` begins a word: nothing, or a separator, comes before it.
bool AtWordStart(std::string_view text, size_t i) {
  if (i == 0) return true;
  const auto prev = static_cast<uint8_t>(text[i - 1]);
  if (prev < 0x80) return !IsWordByte(prev);
  size_t lead = i - 1;  // back to the first byte of the character before
  while (lead > 0 && i - lead < 4 && (static_cast<uint8_t>(text[lead]) & 0xC0) == 0x80) --lead;
  return SeparatorLength(text, lead) == i - lead;
}

// The end of the word that begins at `begin`.
size_t WordEnd(std::string_view text, size_t begin) {
  size_t i = begin;
  while (i < text.size()) {
    const auto b = static_cast<uint8_t>(text[i]);
    if (!IsWordByte(b) || (b >= 0x80 && SeparatorLength(text, i) > 0)) break;
    ++i;
  }
  return i;
}

// The next word at or after `from`, as [begin, end); begin == text.size() when there is none.
std::pair<size_t, size_t> NextWord(std::string_view text, size_t from) {
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

// The next position at or after `from` holding a byte that can begin a name (a capital
// letter, or any byte of a non-ASCII character), found eight bytes at a time: most of a text
// is lower-case ASCII.
size_t NextCapitalOrNonAscii(std::string_view text, size_t from) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255;
  constexpr uint64_t kHigh = kOnes * 0x80;
  size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    // Bytes in 'A'..'Z' (between 0x40 and 0x5B, exclusive), the classic SWAR test, and bytes
    // with the high bit set.
    const uint64_t low7 = x & (kOnes * 127);
    const uint64_t capitals =
        ((kOnes * (127 + 0x5B)) - low7) & ~x & (low7 + kOnes * (127 - 0x40)) & kHigh;
    if ((capitals | (x & kHigh)) != 0) break;
  }
  for (; i < text.size(); ++i) {
    const auto c = static_cast<uint8_t>(text[i]);
    if ((c >= 'A' && c <= 'Z') || c >= 0x80) return i;
  }
  return text.size();
}

uint64_t Extend(uint64_t key, uint64_t token) {
  return tables::MixKey(key * 0x100'0000'01b3ull ^ token);
}

}  // namespace

void Gazetteer::WordFilter::Add(uint64_t hash) {
  hashes_.push_back(hash);
  if (hashes_.size() * kBitsPerWord > bits_.size() * 64) {
    bits_.assign(std::max<size_t>(64, std::bit_ceil(hashes_.size() * kBitsPerWord * 2) / 64), 0);
    for (uint64_t h : hashes_) Set(h);
  } else {
    Set(hash);
  }
}

void Gazetteer::WordFilter::Set(uint64_t hash) {
  const uint64_t bit = hash & (bits_.size() * 64 - 1);
  bits_[bit / 64] |= uint64_t{1} << (bit % 64);
}

bool Gazetteer::WordFilter::MayContain(uint64_t hash) const {
  if (bits_.empty()) return false;
  const uint64_t bit = hash & (bits_.size() * 64 - 1);
  return (bits_[bit / 64] >> (bit % 64)) & 1;
}

size_t Gazetteer::WordFilter::MemoryBytes() const {
  return bits_.capacity() * sizeof(uint64_t) + hashes_.capacity() * sizeof(uint64_t);
}

uint32_t Gazetteer::AddEntity(Entity entity) {
  entities_.push_back(std::move(entity));
  return static_cast<uint32_t>(entities_.size() - 1);
}

void Gazetteer::AddAlias(uint32_t entity, std::string_view alias, bool exact_case) {
  std::vector<std::string_view> words;  // split as Find splits texts
  for (auto [begin, end] = NextWord(alias, 0); begin < alias.size();
       std::tie(begin, end) = NextWord(alias, end)) {
    words.push_back(alias.substr(begin, end - begin));
  }
  if (words.empty() || words.size() > kMaxTokens || entity >= kEntityMask) return;
  uint64_t key = 0;
  uint64_t exact = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    const uint64_t folded = WordHash(word, true);
    if (i == 0) first_words_.Add(folded);
    key = Extend(key, folded);
    exact = Extend(exact, WordHash(word, false));
    const uint32_t value = keys_.Find(key).value_or(0);
    if (i + 1 < words.size()) {
      keys_.Put(key, value | kPrefix);
    } else if ((value & kEntityMask) == 0) {  // an alias stays with its first entity
      keys_.Put(key, value | (exact_case ? kExactCase : 0) | (entity + 1));
      if (exact_case) exact_case_.Put(key, static_cast<uint32_t>(exact));
    }
  }
  ++aliases_;
}

void Gazetteer::Find(std::string_view text, std::vector<Mention>& mentions) const {
  // Words are split only from where a name can begin, and only as far as a match can reach.
  std::array<std::pair<size_t, size_t>, kMaxTokens> words;
  size_t i = 0;
  while ((i = NextCapitalOrNonAscii(text, i)) < text.size()) {
    if (!AtWordStart(text, i)) {  // a capital or accent inside a word: go past the word
      i = WordEnd(text, i);
      if (i < text.size()) i += std::max<size_t>(SeparatorLength(text, i), 1);
      continue;
    }
    words[0] = {i, WordEnd(text, i)};
    const std::string_view first = text.substr(i, words[0].second - i);
    if (first.empty()) {  // a separator
      i += std::max<size_t>(SeparatorLength(text, i), 1);
      continue;
    }
    i = words[0].second;
    if (!StartsName(first)) continue;
    uint64_t first_hash = WordHash(first, true);
    if (!first_words_.MayContain(first_hash)) continue;  // most capitalised words name nothing
    uint64_t key = Extend(0, first_hash);
    size_t best = 0;  // words in the longest alias found
    uint32_t best_entity = 0;
    for (size_t n = 1; n <= kMaxTokens; ++n) {
      if (n > 1) {
        words[n - 1] = NextWord(text, words[n - 2].second);
        if (words[n - 1].first == text.size()) break;
        key = Extend(
            key, WordHash(text.substr(words[n - 1].first, words[n - 1].second - words[n - 1].first),
                          true));
      }
      const auto value = keys_.Find(key);
      if (!value) break;
      if ((*value & kEntityMask) != 0 && (!(*value & kExactCase) || [&] {
            uint64_t exact = 0;  // the words as written, for an exact-case alias
            for (size_t w = 0; w < n; ++w) {
              exact = Extend(
                  exact,
                  WordHash(text.substr(words[w].first, words[w].second - words[w].first), false));
            }
            return exact_case_.Find(key) == static_cast<uint32_t>(exact);
          }())) {
        best = n;
        best_entity = (*value & kEntityMask) - 1;
      }
      if (!(*value & kPrefix)) break;
    }
    if (best == 0) continue;
    mentions.push_back({best_entity, static_cast<uint32_t>(words[0].first),
                        static_cast<uint32_t>(words[best - 1].second)});
    i = words[best - 1].second;
  }
}

size_t Gazetteer::MemoryBytes() const {
  size_t bytes = keys_.MemoryBytes() + exact_case_.MemoryBytes() + first_words_.MemoryBytes() +
                 entities_.capacity() * sizeof(Entity);
  for (const auto& e : entities_) bytes += e.id.capacity() + e.name.capacity();
  return bytes;
}

}  // namespace copydesk::enrich
