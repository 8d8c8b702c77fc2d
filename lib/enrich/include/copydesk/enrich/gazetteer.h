// Names of people, organisations and places in text: a dictionary of aliases, matched as whole
// token sequences (DESIGN.md "enrich").
//
// A scan over every position of the text for a million aliases (Aho-Corasick, Hyperscan)
// costs about 170 µs per 5 KB article. Names start with a capital letter (or are written in a
// script without case), so the text is scanned eight bytes at a time for those and only words
// beginning there start a lookup: the aliases are stored as hashes of their word sequences,
// every proper prefix marked, and a match grows word by word while the sequence so far is a
// known prefix; the longest alias wins. About 12 µs per 5 KB with a million aliases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/hash_tables.h"

namespace copydesk::enrich {

enum class EntityType : uint8_t { kPerson, kOrganisation, kPlace };

struct Entity {
  std::string id;  // a Wikidata id, "Q7747"
  EntityType type = EntityType::kPlace;
  std::string name;  // the preferred name
};

// A name found in a text: which entity, and where (byte offsets).
struct Mention {
  uint32_t entity = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

class Gazetteer {
 public:
  uint32_t AddEntity(Entity entity);
  // `exact_case`: the alias matches only as written ("US", "WHO", "AP"), not when the text has
  // it in other case ("us", "who"). An alias another entity already has stays with the first.
  void AddAlias(uint32_t entity, std::string_view alias, bool exact_case = false);

  // Appends the names in `text`, left to right, longest first, not overlapping.
  void Find(std::string_view text, std::vector<Mention>& mentions) const;

  const Entity& entity(uint32_t index) const { return entities_[index]; }
  size_t entities() const { return entities_.size(); }
  size_t aliases() const { return aliases_; }
  size_t MemoryBytes() const;

 private:
  // The folded hashes of the aliases' first words, as a bit set (16 bits a word) probed before
  // the table: most capitalised words of a text start no name.
  class WordFilter {
   public:
    void Add(uint64_t hash);
    bool MayContain(uint64_t hash) const;
    size_t MemoryBytes() const;

   private:
    static constexpr size_t kBitsPerWord = 16;
    void Set(uint64_t hash);
    std::vector<uint64_t> bits_;
    std::vector<uint64_t> hashes_;  // to rebuild the bits as they grow
  };

  tables::FlatMap keys_;        // folded word-sequence key -> flags | (entity + 1)
  tables::FlatMap exact_case_;  // key of an exact-case alias -> its words' hash as written
  WordFilter first_words_;
  std::vector<Entity> entities_;
  size_t aliases_ = 0;
};

}  // namespace copydesk::enrich
