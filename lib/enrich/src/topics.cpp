#include "copydesk/enrich/topics.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "words.h"

namespace copydesk::enrich {
namespace {

constexpr uint32_t kLonger = 0x8000'0000;  // a longer keyword starts with this sequence
constexpr uint32_t kIndexMask = 0x7fff'ffff;
constexpr size_t kMaxWords = 4;
constexpr size_t kMinPrefix = 4;

}  // namespace

uint32_t TopicRules::AddTopic(Topic topic) {
  topics_.push_back(std::move(topic));
  return static_cast<uint32_t>(topics_.size() - 1);
}

Status TopicRules::AddKeyword(uint32_t topic, std::string_view keyword, double weight) {
  const bool prefix = keyword.ends_with('*');
  if (prefix) keyword.remove_suffix(1);
  std::vector<std::string_view> parts;
  for (auto [begin, end] = words::NextWord(keyword, 0); begin < keyword.size();
       std::tie(begin, end) = words::NextWord(keyword, end)) {
    parts.push_back(keyword.substr(begin, end - begin));
  }
  if (parts.empty() || parts.size() > kMaxWords) {
    return Status::InvalidArgument("keyword \"" + std::string(keyword) + "\" must have 1 to " +
                                   std::to_string(kMaxWords) + " words");
  }
  // The index of this keyword's topic list: one per distinct keyword.
  auto index_of = [&](tables::FlatMap& map, uint64_t key) {
    const uint32_t value = map.Find(key).value_or(0);
    if ((value & kIndexMask) != 0) return value;
    keywords_.emplace_back();
    const uint32_t added = value | static_cast<uint32_t>(keywords_.size());
    map.Put(key, added);
    return added;
  };
  uint32_t value = 0;
  if (prefix) {
    if (parts.size() != 1 || parts[0].size() < kMinPrefix || parts[0].size() > 63) {
      return Status::InvalidArgument("prefix keyword \"" + std::string(keyword) +
                                     "*\" must be one word of 4 letters or more");
    }
    prefix_lengths_ |= uint64_t{1} << parts[0].size();
    const uint64_t hash = words::WordHash(parts[0], true);
    prefix_filter_.Add(hash);
    value = index_of(prefixes_, hash);
  } else {
    uint64_t key = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      key = words::Extend(key, words::WordHash(parts[i], true));
      if (i == 0) first_words_.Add(key);
      if (i + 1 < parts.size()) {
        sequences_.Put(key, sequences_.Find(key).value_or(0) | kLonger);
      } else {
        value = index_of(sequences_, key);
      }
    }
  }
  keywords_[(value & kIndexMask) - 1].push_back({topic, weight});
  return Status::Ok();
}

void TopicRules::AddEntityRule(uint32_t topic, std::string_view entity_or_kind, double weight) {
  auto [it, added] = entity_rules_.try_emplace(std::string(entity_or_kind),
                                               static_cast<uint32_t>(keywords_.size()));
  if (added) keywords_.emplace_back();
  keywords_[it->second].push_back({topic, weight});
}

void TopicRules::CollectHits(std::string_view text, std::vector<uint32_t>& hits) const {
  for (auto [begin, end] = words::NextWord(text, 0); begin < text.size();
       std::tie(begin, end) = words::NextWord(text, end)) {
    const std::string_view word = text.substr(begin, end - begin);
    // The word's hash, and its prefixes' at the lengths some prefix keyword has.
    const uint64_t hash = words::FoldedHashWithPrefixes(word, prefix_lengths_, [&](uint64_t h) {
      if (!prefix_filter_.MayContain(h)) return;
      if (const auto value = prefixes_.Find(h)) hits.push_back((*value & kIndexMask) - 1);
    });
    uint64_t key = words::Extend(0, hash);
    if (!first_words_.MayContain(key)) continue;
    size_t next = end;
    for (size_t n = 1; n <= kMaxWords; ++n) {
      const auto value = sequences_.Find(key);
      if (!value) break;
      if ((*value & kIndexMask) != 0) hits.push_back((*value & kIndexMask) - 1);
      if (!(*value & kLonger) || n == kMaxWords) break;
      const auto [b, e] = words::NextWord(text, next);
      if (b == text.size()) break;
      key = words::Extend(key, words::WordHash(text.substr(b, e - b), true));
      next = e;
    }
  }
}

void TopicRules::Classify(std::string_view headline, std::string_view body,
                          std::vector<TopicScore>& topics,
                          const std::vector<std::string_view>& entities) const {
  topics.clear();
  if (topics_.empty()) return;
  std::vector<uint32_t> hits;
  CollectHits(headline, hits);
  CollectHits(headline, hits);
  CollectHits(body, hits);
  for (std::string_view entity : entities) {
    if (auto it = entity_rules_.find(std::string(entity)); it != entity_rules_.end()) {
      hits.push_back(it->second);
    }
  }
  std::sort(hits.begin(), hits.end());
  // A keyword counts once, and half again for each of its next two repeats: one word said
  // ten times is weaker evidence than ten words said once.
  std::vector<double> scores(topics_.size(), 0);
  std::vector<uint32_t> keywords(topics_.size(), 0);  // distinct keywords found
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    while (j < hits.size() && hits[j] == hits[i]) ++j;
    const double factor = 1 + 0.5 * static_cast<double>(std::min<size_t>(j - i - 1, 2));
    for (const Keyword& k : keywords_[hits[i]]) {
      scores[k.topic] += k.weight * factor;
      ++keywords[k.topic];
    }
    i = j;
  }
  // A topic's evidence is its ancestors' too.
  const std::vector<double> own = scores;
  const std::vector<uint32_t> own_keywords = keywords;
  for (size_t t = 0; t < topics_.size(); ++t) {
    if (own[t] == 0) continue;
    for (uint32_t p = topics_[t].parent, depth = 0; p != Topic::kNoParent && depth < 8;
         p = topics_[p].parent, ++depth) {
      scores[p] += own[t];
      keywords[p] += own_keywords[t];
    }
  }
  const double best = *std::max_element(scores.begin(), scores.end());
  for (size_t t = 0; t < scores.size(); ++t) {
    if (scores[t] >= kMinScore && scores[t] >= kMinShareOfBest * best &&
        keywords[t] >= kMinKeywords) {
      topics.push_back({static_cast<uint32_t>(t), scores[t],
                        static_cast<int>(std::lround(100 * scores[t] / best))});
    }
  }
  std::stable_sort(topics.begin(), topics.end(),
                   [](const TopicScore& a, const TopicScore& b) { return a.score > b.score; });
  if (topics.size() > kMaxTopics) topics.resize(kMaxTopics);
}

}  // namespace copydesk::enrich
