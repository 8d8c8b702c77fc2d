#include "copydesk/enrich/gazetteer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <tuple>
#include <utility>

#include "words.h"

namespace copydesk::enrich {
namespace {

using words::AtWordStart;
using words::Extend;
using words::IsUnspacedLead;
using words::NextWord;
using words::SeparatorLength;
using words::StartsName;
using words::WordEnd;
using words::WordHash;

// A key's value: flags, and the entity + 1 (0: the sequence is only a prefix), or for an
// ambiguous alias the index of its senses + 1.
constexpr uint32_t kPrefix = 0x8000'0000;     // a longer alias starts with this sequence
constexpr uint32_t kExactCase = 0x4000'0000;  // the alias matches only as written
constexpr uint32_t kAmbiguous = 0x2000'0000;  // several entities have the alias
constexpr uint32_t kEntityMask = 0x1fff'ffff;
constexpr size_t kMaxTokens = 8;  // the longest alias, in tokens

// The next position at or after `from` holding a byte that can begin a name (a capital
// letter, or any byte of a non-ASCII character), found eight bytes at a time: most of a text
// is lower-case ASCII.
// The folded hash of a word without its final "s" (a genitive: "Putins", "Sveriges"), or 0
// when the word cannot be one.
uint64_t GenitiveBase(std::string_view word) {
  if (word.size() < 4 || (word.back() != 's' && word.back() != 'S')) return 0;
  return WordHash(word.substr(0, word.size() - 1), true);
}

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

}  // namespace

uint32_t Gazetteer::AddEntity(Entity entity) {
  entities_.push_back(std::move(entity));
  return static_cast<uint32_t>(entities_.size() - 1);
}

LanguageSet LanguageBit(std::string_view language) {
  // The languages ICU names countries in whose names are in the Latin script (others cannot
  // be mistaken for words of these), then the rest.
  static constexpr std::string_view kLanguages[] = {
      "af", "az", "bs", "ca", "cs", "cy", "da", "de", "en", "es", "et", "eu", "fi", "fil",
      "fr", "ga", "gl", "ha", "hr", "hu", "id", "is", "it", "lt", "lv", "ms", "nb", "nl",
      "nn", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sr", "sv", "sw", "tr", "uz",
      "vi", "yo", "zu", "ar", "fa", "ru", "uk", "zh", "ja", "ko", "he", "el", "hi", "bg"};
  for (size_t i = 0; i < std::size(kLanguages); ++i) {
    if (kLanguages[i] == language) return LanguageSet{1} << i;
  }
  return LanguageSet{1} << 63;
}

void Gazetteer::AddAlias(uint32_t entity, std::string_view alias, bool exact_case,
                         LanguageSet languages) {
  std::vector<std::string_view> words;  // split as Find splits texts
  for (auto [begin, end] = NextWord(alias, 0); begin < alias.size();
       std::tie(begin, end) = NextWord(alias, end)) {
    words.push_back(alias.substr(begin, end - begin));
  }
  if (words.empty() || words.size() > kMaxTokens || entity >= kEntityMask) return;
  // One ideograph alone names nothing reliably: it is part of too many words.
  if (words.size() == 1 && IsUnspacedLead(static_cast<uint8_t>(words[0][0]))) return;
  uint64_t key = 0;
  uint64_t exact = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    const uint64_t folded = WordHash(word, true);
    if (i == 0) first_words_.Add(folded);
    key = Extend(key, folded);
    exact = Extend(exact, WordHash(word, false));
    const uint32_t value = keys_.Find(key).value_or(0);
    if (i + 1 == words.size()) {
      RestrictLanguages(key, (value & kEntityMask) != 0, languages);
      if (alias.ends_with('.') && (value & kEntityMask) == 0) dotted_.Put(key, 1);
    }
    if (i + 1 < words.size()) {
      keys_.Put(key, value | kPrefix);
    } else if ((value & kEntityMask) == 0) {
      keys_.Put(key, value | (exact_case ? kExactCase : 0) | (entity + 1));
      if (exact_case) exact_case_.Put(key, static_cast<uint32_t>(exact));
    } else if (value & kAmbiguous) {
      auto& senses = senses_[(value & kEntityMask) - 1];
      if (std::find(senses.begin(), senses.end(), entity) == senses.end()) senses.push_back(entity);
    } else if ((value & kEntityMask) - 1 != entity) {
      senses_.push_back({(value & kEntityMask) - 1, entity});
      keys_.Put(key, (value & ~kEntityMask) | kAmbiguous | static_cast<uint32_t>(senses_.size()));
    }
  }
  ++aliases_;
}

// An alias's languages: all, unless every time it was added it was for some only.
void Gazetteer::RestrictLanguages(uint64_t key, bool known, LanguageSet languages) {
  const auto index = restricted_.Find(key);
  if (index) {
    languages_[*index] |= languages;
  } else if (!known && languages != kAnyLanguage) {
    restricted_.Put(key, static_cast<uint32_t>(languages_.size()));
    languages_.push_back(languages);
  }
}

bool Gazetteer::InLanguage(uint64_t key, LanguageSet language) const {
  if (language == kAnyLanguage || languages_.empty()) return true;
  const auto index = restricted_.Find(key);
  return !index || (languages_[*index] & language) != 0;
}

void Gazetteer::Find(std::string_view text, std::vector<Mention>& mentions,
                     const FindOptions& options) const {
  const LanguageSet language = options.language;
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
    const uint64_t first_hash = WordHash(first, true);
    const uint64_t first_bare = GenitiveBase(first);
    // Most capitalised words name nothing.
    if (!first_words_.MayContain(first_hash) &&
        (first_bare == 0 || !first_words_.MayContain(first_bare))) {
      continue;
    }
    uint64_t key = 0;
    size_t best = 0;  // words in the longest alias found
    uint32_t best_value = 0;
    for (size_t n = 1; n <= kMaxTokens; ++n) {
      if (n > 1) {
        words[n - 1] = NextWord(text, words[n - 2].second);
        if (words[n - 1].first == text.size()) break;
      }
      const std::string_view word =
          text.substr(words[n - 1].first, words[n - 1].second - words[n - 1].first);
      const uint64_t before = key;
      key = Extend(key, n == 1 ? first_hash : WordHash(word, true));
      const auto value = keys_.Find(key);
      const bool dot_ok = options.dots_optional ||
                          (words[n - 1].second < text.size() && text[words[n - 1].second] == '.');
      if (value && (*value & kEntityMask) != 0 && InLanguage(key, language) &&
          (dot_ok || !dotted_.Find(key)) && (!(*value & kExactCase) || [&] {
            uint64_t exact = 0;  // the words as written, for an exact-case alias
            for (size_t w = 0; w < n; ++w) {
              exact = Extend(
                  exact,
                  WordHash(text.substr(words[w].first, words[w].second - words[w].first), false));
            }
            return exact_case_.Find(key) == static_cast<uint32_t>(exact);
          }())) {
        best = n;
        best_value = *value;
      } else if (const uint64_t bare = n == 1 ? first_bare : GenitiveBase(word); bare != 0) {
        // "Putins", "Sveriges", "Russlands": the name with the genitive -s of de, sv, nb, da.
        const uint64_t base_key = Extend(before, bare);
        const auto base = keys_.Find(base_key);
        if (base && (*base & kEntityMask) != 0 && !(*base & kExactCase) &&
            InLanguage(base_key, language) && !dotted_.Find(base_key)) {
          best = n;
          best_value = *base;
        }
      }
      if (!value || !(*value & kPrefix)) break;
    }
    if (best == 0) continue;
    const uint32_t target = (best_value & kEntityMask) - 1;
    const bool ambiguous = best_value & kAmbiguous;
    mentions.push_back({ambiguous ? senses_[target].front() : target,
                        static_cast<uint32_t>(words[0].first),
                        static_cast<uint32_t>(words[best - 1].second), ambiguous ? target + 1 : 0});
    i = words[best - 1].second;
  }
}

std::span<const uint32_t> Gazetteer::Senses(const Mention& mention) const {
  if (mention.senses == 0) return {&mention.entity, 1};
  return senses_[mention.senses - 1];
}

size_t Gazetteer::MemoryBytes() const {
  size_t bytes = keys_.MemoryBytes() + exact_case_.MemoryBytes() + first_words_.MemoryBytes() +
                 dotted_.MemoryBytes() + restricted_.MemoryBytes() +
                 languages_.capacity() * sizeof(LanguageSet) +
                 entities_.capacity() * sizeof(Entity);
  for (const auto& e : entities_) bytes += e.id.capacity() + e.name.capacity();
  return bytes;
}

}  // namespace copydesk::enrich
