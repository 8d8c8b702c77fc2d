// IPTC Media Topics assigned from keyword rules in every language: each keyword (a word, a
// sequence of words, or a word prefix "diplomat*") found in the clean text adds its weight to
// its topic, and a topic's score counts toward its ancestors'. The topics that score well
// enough, with more than one keyword, relative to the best, are the article's `subjects`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "copydesk/core/hash_tables.h"
#include "copydesk/core/status.h"
#include "copydesk/enrich/local_names.h"

namespace copydesk::enrich {

struct Topic {
  std::string code;  // "11000000"
  std::string name;  // the English label
  LocalNames names;  // official labels in other languages
  uint32_t parent = kNoParent;
  static constexpr uint32_t kNoParent = UINT32_MAX;

  const std::string& NameIn(std::string_view language) const {
    return LocalName(names, language, name);
  }
  std::string uri() const { return "http://cv.iptc.org/newscodes/mediatopic/" + code; }
};

struct TopicScore {
  uint32_t topic = 0;
  double score = 0;
  int relevance = 0;  // 0..100, relative to the best topic's score
};

class TopicRules {
 public:
  // What a topic needs to be assigned: at least this score, this share of the best's, and
  // this many different keywords (one word said five times is not a topic).
  static constexpr double kMinScore = 3;
  static constexpr double kMinShareOfBest = 0.25;
  static constexpr uint32_t kMinKeywords = 2;
  static constexpr size_t kMaxTopics = 8;

  uint32_t AddTopic(Topic topic);
  // `keyword` in lower case: words, or one word ending in '*' (a prefix of 4 letters or more).
  Status AddKeyword(uint32_t topic, std::string_view keyword, double weight);

  // An entity the article is about (by its id or key, "Q7817"), or any entity of a kind
  // ("sports", "central_bank"), is evidence for `topic` like a keyword.
  void AddEntityRule(uint32_t topic, std::string_view entity_or_kind, double weight);

  // The assigned topics, best first. Words of the headline count twice; `entities`: the ids
  // and kinds of the entities the article is about.
  void Classify(std::string_view headline, std::string_view body, std::vector<TopicScore>& topics,
                const std::vector<std::string_view>& entities = {}) const;

  const Topic& topic(uint32_t index) const { return topics_[index]; }
  Topic& topic(uint32_t index) { return topics_[index]; }
  size_t topics() const { return topics_.size(); }
  size_t keywords() const { return keywords_.size(); }

 private:
  struct Keyword {
    uint32_t topic;
    double weight;
  };
  void CollectHits(std::string_view text, std::vector<uint32_t>& hits) const;

  std::vector<Topic> topics_;
  std::vector<std::vector<Keyword>> keywords_;              // a keyword may serve several topics
  std::unordered_map<std::string, uint32_t> entity_rules_;  // id or kind -> its keywords_ index
  tables::FlatMap sequences_;        // word-sequence key -> flags | (keyword + 1)
  tables::FlatMap prefixes_;         // key of a word prefix -> keyword + 1
  tables::BitFilter prefix_filter_;  // the prefixes' keys, probed before the table
  tables::BitFilter first_words_;    // the sequences' first words' keys, likewise
  uint64_t prefix_lengths_ = 0;      // bit n: some prefix is n bytes long
};

}  // namespace copydesk::enrich
