#include "copydesk/enrich/topics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace copydesk::enrich {
namespace {

class TopicRulesTest : public ::testing::Test {
 protected:
  TopicRulesTest() {
    politics_ = rules_.AddTopic({"11000000", "politics", {{"fr", "politique"}}});
    relations_ = rules_.AddTopic({"20000638", "international relations", {}, politics_});
    sport_ = rules_.AddTopic({"15000000", "sport", {}});
    for (const char* k : {"parliament", "minister*", "élection*"}) Keyword(politics_, k, 1);
    for (const char* k : {"diplomat*", "foreign minister", "bilateral"}) Keyword(relations_, k, 1);
    for (const char* k : {"league", "striker", "world cup"}) Keyword(sport_, k, 2);
  }

  void Keyword(uint32_t topic, const char* keyword, double weight) {
    ASSERT_TRUE(rules_.AddKeyword(topic, keyword, weight).ok()) << keyword;
  }

  // "code:relevance" of the assigned topics, best first.
  std::vector<std::string> Classify(std::string_view headline, std::string_view body) const {
    std::vector<TopicScore> scores;
    rules_.Classify(headline, body, scores);
    std::vector<std::string> out;
    for (const auto& s : scores) {
      out.push_back(rules_.topic(s.topic).code + ":" + std::to_string(s.relevance));
    }
    return out;
  }

  TopicRules rules_;
  uint32_t politics_ = 0, relations_ = 0, sport_ = 0;
};

using Codes = std::vector<std::string>;

TEST_F(TopicRulesTest, KeywordsPrefixesAndSequencesScoreTheirTopicAndItsParent) {
  // Diplomatic (a prefix), Foreign Minister (a sequence, in any case), bilateral: 3 for
  // international relations; they count for politics too, with minister* twice: 4.5.
  EXPECT_EQ(
      Classify("", "Diplomatic talks: the Foreign Minister met ministers for bilateral ties."),
      (Codes{"11000000:100", "20000638:67"}));
}

TEST_F(TopicRulesTest, TheHeadlineCountsTwiceAndRepeatsCountLess) {
  // parliament three times (twice from the headline): 1 + 0.5 + 0.5; the minister: 1.
  EXPECT_EQ(Classify("Parliament votes", "The minister told parliament."), Codes{"11000000:100"});
  EXPECT_EQ(Classify("", "parliament parliament parliament parliament"), Codes{});  // 2 at most
  // World Cup thrice, weight 2: 4, but one keyword is not enough.
  EXPECT_EQ(Classify("World Cup", "the world cup"), Codes{});
}

TEST_F(TopicRulesTest, WeakOrMinorTopicsAreLeftOut) {
  EXPECT_EQ(Classify("", "The minister spoke."), Codes{});  // below the least score
  // Sport scores 6 (league thrice: 2 * 2, striker: 2); politics 1, under a quarter of it.
  EXPECT_EQ(Classify("League", "The striker scored in the league; the minister watched."),
            (Codes{"15000000:100"}));
}

TEST_F(TopicRulesTest, PrefixesMatchWordsWithCapitalsOfOtherScripts) {
  EXPECT_EQ(Classify("Élections", "élection, minister"), Codes{"11000000:100"});
  // Foreign minister and bilateral: 2 for relations, 3 for politics; diploma is no diplomat*.
  EXPECT_EQ(Classify("", "diploma, diploma, diploma: foreign minister, bilateral"),
            Codes{"11000000:100"});
}

TEST_F(TopicRulesTest, EntitiesTheArticleIsAboutAreEvidenceLikeKeywords) {
  rules_.AddEntityRule(sport_, "sports", 1);  // any entity of that kind
  rules_.AddEntityRule(sport_, "Q8682", 2);   // this one
  std::vector<TopicScore> scores;
  rules_.Classify("", "The striker signed.", scores);  // 2, one keyword: not enough
  EXPECT_TRUE(scores.empty());
  rules_.Classify("", "The striker signed.", scores, {"Q8682", "sports"});
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(rules_.topic(scores[0].topic).code, "15000000");
  EXPECT_EQ(scores[0].score, 5);
}

TEST_F(TopicRulesTest, RefusesKeywordsItCannotMatch) {
  EXPECT_FALSE(rules_.AddKeyword(politics_, "dip*", 1).ok());           // prefix too short
  EXPECT_FALSE(rules_.AddKeyword(politics_, "prime minist*", 1).ok());  // prefix of a sequence
  EXPECT_FALSE(rules_.AddKeyword(politics_, "a b c d e", 1).ok());      // too long
  EXPECT_FALSE(rules_.AddKeyword(politics_, " ", 1).ok());
}

TEST_F(TopicRulesTest, NamesAndUris) {
  EXPECT_EQ(rules_.topic(politics_).NameIn("fr"), "politique");
  EXPECT_EQ(rules_.topic(politics_).NameIn("de"), "politics");
  EXPECT_EQ(rules_.topic(politics_).uri(), "http://cv.iptc.org/newscodes/mediatopic/11000000");
}

}  // namespace
}  // namespace copydesk::enrich
