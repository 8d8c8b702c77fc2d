// wiregen's syndication generator, on a tiny invented corpus (tests/data/wiregen/corpora).
#include "copydesk/wiregen/syndicate.h"

#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace copydesk::wiregen {
namespace {

const std::filesystem::path kCorpora =
    std::filesystem::path(COPYDESK_TEST_DATA) / "wiregen" / "corpora";

CorpusOptions SmallOptions() {
  CorpusOptions options;
  options.min_words = 20;
  return options;
}

TEST(ReutersParagraphs, JoinsWrappedLinesAndDropsTheSignature) {
  const auto p =
      ReutersParagraphs("First line\nwraps here.\n    Second para\ngoes on.\n Reuter\n\x03");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "First line wraps here.");
  EXPECT_EQ(p[1], "Second para goes on.");
}

TEST(LoadCorpora, ReadsBothLayouts) {
  auto corpus = LoadCorpora(kCorpora, SmallOptions());
  ASSERT_TRUE(corpus.ok()) << corpus.status().message();
  std::map<std::string, const BaseArticle*> by_key;
  for (const auto& a : *corpus) by_key[a.key] = &a;
  EXPECT_EQ(by_key.size(), 8u);  // newid 5 has no body
  ASSERT_TRUE(by_key.count("reuters/1"));
  const BaseArticle& r = *by_key["reuters/1"];
  EXPECT_EQ(r.source, "reuters");
  EXPECT_EQ(r.topic, "grain");
  EXPECT_EQ(r.place, "OTTAWA");
  EXPECT_EQ(r.title, "GRAIN BOARD RAISES WHEAT ESTIMATE");
  ASSERT_EQ(r.paragraphs.size(), 3u);
  EXPECT_TRUE(r.paragraphs[2].ends_with("this season."));
  ASSERT_TRUE(by_key.count("bbc/sport/002"));
  const BaseArticle& b = *by_key["bbc/sport/002"];
  EXPECT_EQ(b.topic, "sport");
  EXPECT_EQ(b.title, "Champion withdraws from indoor meeting");
  EXPECT_EQ(b.paragraphs.size(), 3u);
  EXPECT_TRUE(b.place.empty());
}

TEST(LoadCorpora, FailsWithoutCorpora) {
  EXPECT_FALSE(LoadCorpora(kCorpora / "missing", SmallOptions()).ok());
}

TEST(Syndicate, SameSeedSameFeed) {
  auto corpus = LoadCorpora(kCorpora, SmallOptions());
  ASSERT_TRUE(corpus.ok());
  SyndicateOptions options;
  options.stories = 4;
  const auto a = Syndicate(*corpus, options);
  const auto b = Syndicate(*corpus, options);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].json, b[i].json);
    EXPECT_EQ(TruthRow(i + 1, a[i]), TruthRow(i + 1, b[i]));
  }
  bool differs = false;
  for (uint64_t seed = 2; seed < 6 && !differs; ++seed) {
    options.seed = seed;
    const auto c = Syndicate(*corpus, options);
    differs = c.size() != a.size() || c[0].json != a[0].json || c.back().json != a.back().json;
  }
  EXPECT_TRUE(differs);
}

TEST(Syndicate, TruthIsConsistent) {
  auto corpus = LoadCorpora(kCorpora, SmallOptions());
  ASSERT_TRUE(corpus.ok());
  std::map<Relation, size_t> relations;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SyndicateOptions options;
    options.seed = seed;
    options.stories = 2;  // one of each source; the rest are negatives' pool
    const auto feed = Syndicate(*corpus, options);
    std::map<std::string, uint64_t> first_line_of_story;
    simdjson::dom::parser parser;
    for (size_t i = 0; i < feed.size(); ++i) {
      const SyndicatedLine& item = feed[i];
      const uint64_t line = i + 1;
      ++relations[item.relation];
      if (i > 0) {
        EXPECT_LE(feed[i - 1].time_ms, item.time_ms);
      }
      EXPECT_GE(item.time_ms, options.start_ms);
      EXPECT_LT(item.time_ms, options.start_ms + options.spread_ms + int64_t{4} * 24 * 3600 * 1000);
      simdjson::dom::element doc;
      ASSERT_FALSE(parser.parse(item.json).get(doc)) << item.json;
      std::string_view url;
      ASSERT_FALSE(doc["url"].get_string().get(url));
      EXPECT_EQ(url, item.url);
      EXPECT_FALSE(doc["published"].error());
      EXPECT_TRUE(!doc["body"].error() || !doc["html"].error());
      first_line_of_story.emplace(item.story, line);
      switch (item.relation) {
        case Relation::kOriginal:
          EXPECT_EQ(first_line_of_story[item.story], line);
          EXPECT_EQ(item.of_line, 0u);
          break;
        case Relation::kNegative:
          EXPECT_TRUE(item.story.starts_with("neg:"));
          EXPECT_EQ(item.of_line, 0u);
          break;
        case Relation::kRepublication: {
          ASSERT_GT(item.of_line, 0u);
          ASSERT_LT(item.of_line, line);
          const SyndicatedLine& of = feed[item.of_line - 1];
          EXPECT_EQ(of.relation, Relation::kOriginal);
          EXPECT_EQ(of.story, item.story);
          EXPECT_NE(of.url.substr(0, of.url.find('/', 8)),
                    item.url.substr(0, item.url.find('/', 8)));
          break;
        }
        case Relation::kResend: {
          ASSERT_GT(item.of_line, 0u);
          ASSERT_LT(item.of_line, line);
          const SyndicatedLine& of = feed[item.of_line - 1];
          EXPECT_EQ(of.story, item.story);
          EXPECT_TRUE(item.url.starts_with(of.url + "?utm_source="));
          break;
        }
        case Relation::kUpdate: {
          ASSERT_GT(item.of_line, 0u);
          ASSERT_LT(item.of_line, line);
          const SyndicatedLine& of = feed[item.of_line - 1];
          EXPECT_EQ(of.story, item.story);
          EXPECT_EQ(of.url, item.url);
          EXPECT_NE(of.json, item.json);
          break;
        }
      }
    }
  }
  // Forty seeds make every relation kind.
  EXPECT_EQ(relations.size(), 5u);
}

TEST(Syndicate, NegativesShareTheTopicAndAreNeverBases) {
  auto corpus = LoadCorpora(kCorpora, SmallOptions());
  ASSERT_TRUE(corpus.ok());
  std::map<std::string, std::string> topic;
  for (const auto& a : *corpus) topic[a.key] = a.source + "/" + a.topic;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SyndicateOptions options;
    options.seed = seed;
    options.stories = 2;
    const auto feed = Syndicate(*corpus, options);
    std::set<std::string> bases, negatives, base_topics;
    for (const auto& item : feed) {
      if (item.relation == Relation::kNegative) {
        negatives.insert(item.base);
      } else {
        bases.insert(item.base);
        base_topics.insert(topic[item.base]);
      }
    }
    for (const auto& n : negatives) {
      EXPECT_FALSE(bases.count(n)) << n;
      EXPECT_TRUE(base_topics.count(topic[n])) << n;
    }
  }
}

TEST(FormatRfc3339, Utc) {
  EXPECT_EQ(FormatRfc3339(1775001600000), "2026-04-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1775001600000 + 86399000), "2026-04-01T23:59:59Z");
}

}  // namespace
}  // namespace copydesk::wiregen
