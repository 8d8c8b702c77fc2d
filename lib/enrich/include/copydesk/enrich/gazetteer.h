// Names of people, organisations and places in text: a dictionary of aliases, matched as whole
// token sequences (DESIGN.md "enrich").
//
// A scan over every position of the text for a million aliases (Aho-Corasick, Hyperscan)
// costs about 170 µs per 5 KB article. Names start with a capital letter (or are written in a
// script without case), so the text is scanned eight bytes at a time for those and only words
// beginning there start a lookup: the aliases are stored as hashes of their word sequences,
// every proper prefix marked, and a match grows word by word while the sequence so far is a
// known prefix; the longest alias wins. About 12 µs per 5 KB with a million aliases.
//
// Scripts written without spaces (Chinese, Japanese) are split one character a word, so that
// a name is found inside a run of text as a sequence of characters.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "copydesk/core/hash_tables.h"
#include "copydesk/enrich/local_names.h"

namespace copydesk::enrich {

enum class EntityType : uint8_t { kPerson, kOrganisation, kPlace };

inline constexpr std::string_view kNotAName = "not_a_name";

struct Entity {
  std::string id;  // a Wikidata id ("Q7747"), or the reference data's own key ("natanz")
  EntityType type = EntityType::kPlace;
  std::string name;     // the preferred name (English)
  std::string country;  // ISO 3166-1 alpha-2 of the country it belongs to (or is), or ""
  std::string kind;     // "country", "city", "intergovernmental" ... as the data says;
                        // kNotAName for the phrases that name nothing ("Paris Agreement")
  LocalNames names;

  // The name in `language` (a primary subtag: "fr"), else the preferred one.
  const std::string& NameIn(std::string_view language) const {
    return LocalName(names, language, name);
  }
  bool has_wikidata_id() const { return id.size() > 1 && id[0] == 'Q'; }
};

// A name found in a text: which entity, and where (byte offsets). When several entities
// share the name, `entity` is the first of them and `senses` tells where all of them are
// (Gazetteer::Senses); the caller resolves it.
struct Mention {
  uint32_t entity = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t senses = 0;  // 0: one entity has the name
};

// Languages as bits, for aliases that are names only in some languages ("Island" is Iceland
// in German and the Nordic languages, an ordinary word in English): one bit for each of 63
// languages, the last for all others.
using LanguageSet = uint64_t;
inline constexpr LanguageSet kAnyLanguage = ~LanguageSet{0};
LanguageSet LanguageBit(std::string_view language);  // a primary subtag: "de"

class Gazetteer {
 public:
  uint32_t AddEntity(Entity entity);
  // `exact_case`: the alias matches only as written ("US", "WHO", "AP"), not when the text has
  // it in other case ("us", "who"). An alias that ends with a dot ("Calif.", "U.S.") matches
  // only where the text has the dot too ("La." is Louisiana, "La" a French article). An
  // alias that other entities already have becomes
  // ambiguous: every entity that has it is a sense of it. `languages`: the texts it is a name
  // in (an alias given once for every language is one for every language).
  void AddAlias(uint32_t entity, std::string_view alias, bool exact_case = false,
                LanguageSet languages = kAnyLanguage);

  struct FindOptions {
    LanguageSet language = kAnyLanguage;  // the text's language, a LanguageBit
    // A dateline's place: "WILMINGTON, Del" is Delaware even without the dot.
    bool dots_optional = false;
  };
  // Appends the names in `text`, left to right, longest first, not overlapping.
  void Find(std::string_view text, std::vector<Mention>& mentions,
            const FindOptions& options) const;
  void Find(std::string_view text, std::vector<Mention>& mentions) const {
    Find(text, mentions, FindOptions{});
  }

  // The entities a mention's name may refer to, in the order they were added.
  std::span<const uint32_t> Senses(const Mention& mention) const;

  const Entity& entity(uint32_t index) const { return entities_[index]; }
  size_t entities() const { return entities_.size(); }
  size_t aliases() const { return aliases_; }
  size_t MemoryBytes() const;

 private:
  void RestrictLanguages(uint64_t key, bool known, LanguageSet languages);
  bool InLanguage(uint64_t key, LanguageSet language) const;

  tables::FlatMap keys_;        // folded word-sequence key -> flags | (entity + 1, or senses index)
  tables::FlatMap exact_case_;  // key of an exact-case alias -> its words' hash as written
  tables::FlatMap dotted_;      // key of an alias written with its final dot -> 1
  tables::FlatMap restricted_;  // key of an alias of some languages only -> index in languages_
  std::vector<LanguageSet> languages_;
  // The folded hashes of the aliases' first words: most capitalised words start no name.
  tables::BitFilter first_words_;
  std::vector<Entity> entities_;
  std::vector<std::vector<uint32_t>> senses_;  // of the ambiguous aliases
  size_t aliases_ = 0;
};

}  // namespace copydesk::enrich
