#include "copydesk/enrich/gazetteer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace copydesk::enrich {
namespace {

class GazetteerTest : public ::testing::Test {
 protected:
  uint32_t Add(const char* id, EntityType type, std::vector<std::string> aliases,
               bool exact_case = false) {
    const uint32_t entity = gazetteer_.AddEntity({id, type, aliases.front()});
    for (const auto& alias : aliases) gazetteer_.AddAlias(entity, alias, exact_case);
    return entity;
  }

  // "id:matched text" for each mention.
  std::vector<std::string> Find(std::string_view text) const {
    std::vector<Mention> mentions;
    gazetteer_.Find(text, mentions);
    std::vector<std::string> out;
    for (const auto& m : mentions) {
      out.push_back(gazetteer_.entity(m.entity).id + ":" +
                    std::string(text.substr(m.begin, m.end - m.begin)));
    }
    return out;
  }

  Gazetteer gazetteer_;
};

using Names = std::vector<std::string>;

TEST_F(GazetteerTest, FindsNamesOfSeveralWordsInEveryScript) {
  Add("Q7747", EntityType::kPerson, {"Vladimir Putin", "Putin", "Poutine", "Путин"});
  Add("Q3616", EntityType::kPlace, {"Tehran", "Téhéran", "طهران"});
  Add("Q794", EntityType::kPlace, {"Iran"});
  EXPECT_EQ(Find("Vladimir Putin met Iran's leaders in Tehran."),
            (Names{"Q7747:Vladimir Putin", "Q794:Iran", "Q3616:Tehran"}));
  EXPECT_EQ(Find("« Poutine » est arrivé à Téhéran"), (Names{"Q7747:Poutine", "Q3616:Téhéran"}));
  EXPECT_EQ(Find("Путин прибыл"), (Names{"Q7747:Путин"}));
  EXPECT_EQ(Find("وصل إلى طهران اليوم"), (Names{"Q3616:طهران"}));
}

TEST_F(GazetteerTest, WordsEndAtPunctuationOfEveryKind) {
  Add("Q3616", EntityType::kPlace, {"Tehran", "Téhéran"});
  Add("Q7747", EntityType::kPerson, {"Poutine"});
  EXPECT_EQ(Find("talks—Tehran said"), (Names{"Q3616:Tehran"}));  // an em dash
  EXPECT_EQ(Find("«\u00a0Poutine\u00a0» à Téhéran."),             // no-break spaces
            (Names{"Q7747:Poutine", "Q3616:Téhéran"}));
  EXPECT_EQ(Find("Tehran"), (Names{"Q3616:Tehran"}));      // the whole text
  EXPECT_EQ(Find("McTehran, éTehran, TehranX"), Names{});  // inside words
  EXPECT_EQ(Find("ÉTÉ Tehran"), (Names{"Q3616:Tehran"}));
}

TEST_F(GazetteerTest, TheLongestNameWins) {
  Add("Q60", EntityType::kPlace, {"New York City"});
  Add("Q1384", EntityType::kPlace, {"New York"});
  Add("Q1", EntityType::kPlace, {"York"});
  EXPECT_EQ(Find("From New York City to New York State and York."),
            (Names{"Q60:New York City", "Q1384:New York", "Q1:York"}));
}

TEST_F(GazetteerTest, CaseRules) {
  Add("Q30", EntityType::kPlace, {"US"}, /*exact_case=*/true);
  Add("Q7817", EntityType::kOrganisation, {"WHO"}, /*exact_case=*/true);
  Add("Q3616", EntityType::kPlace, {"Tehran"});
  Add("Q159", EntityType::kPlace, {"Россия"});
  EXPECT_EQ(Find("The US and the WHO said"), (Names{"Q30:US", "Q7817:WHO"}));
  EXPECT_EQ(Find("who told us"), Names{});                      // common words, not names
  EXPECT_EQ(Find("Us and Who"), Names{});                       // not as written
  EXPECT_EQ(Find("TEHRAN, April 3"), (Names{"Q3616:TEHRAN"}));  // a dateline in capitals
  EXPECT_EQ(Find("tehran"), Names{});                           // a name starts with a capital
  EXPECT_EQ(Find("РОССИЯ и Россия"), (Names{"Q159:РОССИЯ", "Q159:Россия"}));
}

TEST_F(GazetteerTest, OnlyWholeWords) {
  Add("Q794", EntityType::kPlace, {"Iran"});
  EXPECT_EQ(Find("Iranian officials, Irani and Iran-Iraq"), (Names{"Q794:Iran"}));
}

TEST_F(GazetteerTest, AnAliasStaysWithItsFirstEntity) {
  Add("Q230", EntityType::kPlace, {"Georgia"});
  Add("Q1428", EntityType::kPlace, {"Georgia"});
  EXPECT_EQ(Find("Georgia"), (Names{"Q230:Georgia"}));
  EXPECT_EQ(gazetteer_.aliases(), 2u);
}

}  // namespace
}  // namespace copydesk::enrich
