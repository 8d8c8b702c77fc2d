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
    const uint32_t entity = gazetteer_.AddEntity({id, type, aliases.front(), "", "", {}});
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

TEST_F(GazetteerTest, NamesWithAGenitiveS) {
  Add("Q7747", EntityType::kPerson, {"Vladimir Putin", "Putin"});
  Add("Q34", EntityType::kPlace, {"Sverige"});
  Add("Q30", EntityType::kPlace, {"US"}, /*exact_case=*/true);
  EXPECT_EQ(Find("Sveriges största hamn, Putins Krieg, Wladimir Putins"),
            (Names{"Q34:Sveriges", "Q7747:Putins", "Q7747:Putins"}));
  EXPECT_EQ(Find("Vladimir Putins"), (Names{"Q7747:Vladimir Putins"}));
  EXPECT_EQ(Find("USs Sverigess"), Names{});  // not for exact-case aliases, and one s only
}

TEST_F(GazetteerTest, CapitalsOfLatinExtendedAFoldToSmallLetters) {
  Add("Q64", EntityType::kPlace, {"Berlin"});
  Add("Q580", EntityType::kPlace, {"Łódź"});
  Add("Q406", EntityType::kPlace, {"İstanbul"});
  EXPECT_EQ(Find("BERLİN, ŁÓDŹ ve ISTANBUL"), (Names{"Q64:BERLİN", "Q580:ŁÓDŹ", "Q406:ISTANBUL"}));
}

TEST_F(GazetteerTest, AnAliasOfSomeLanguagesIsANameOnlyInThem) {
  const uint32_t iceland = Add("Q189", EntityType::kPlace, {"Iceland"});
  gazetteer_.AddAlias(iceland, "Island", false, LanguageBit("de") | LanguageBit("sv"));
  const uint32_t congo = Add("Q974", EntityType::kPlace, {"Kongo"});  // for every language
  gazetteer_.AddAlias(congo, "Kongo", false, LanguageBit("de"));
  const auto find = [&](std::string_view text, const char* language) {
    std::vector<Mention> mentions;
    gazetteer_.Find(text, mentions, {LanguageBit(language)});
    return mentions.size();
  };
  EXPECT_EQ(find("Island und Iceland", "de"), 2u);
  EXPECT_EQ(find("Island and Iceland", "en"), 1u);
  EXPECT_EQ(find("Island", "xx"), 0u);  // a language without a bit of its own
  EXPECT_EQ(find("Kongo", "en"), 1u);
  EXPECT_EQ(Find("Island"), (Names{"Q189:Island"}));  // any language
}

TEST_F(GazetteerTest, AnAliasWithAFinalDotNeedsTheDot) {
  Add("Q1588", EntityType::kPlace, {"La."}, /*exact_case=*/true);
  Add("Q30", EntityType::kPlace, {"U.S."}, /*exact_case=*/true);
  EXPECT_EQ(Find("NEW ORLEANS, La., March 3. La réponse. In the U.S. and the U.S."),
            (Names{"Q1588:La", "Q30:U.S", "Q30:U.S"}));
  std::vector<Mention> mentions;  // in a dateline's place, without its dot
  gazetteer_.Find("BATON ROUGE, La", mentions, {kAnyLanguage, /*dots_optional=*/true});
  EXPECT_EQ(mentions.size(), 1u);
}

TEST_F(GazetteerTest, OnlyWholeWords) {
  Add("Q794", EntityType::kPlace, {"Iran"});
  EXPECT_EQ(Find("Iranian officials, Irani and Iran-Iraq"), (Names{"Q794:Iran"}));
}

TEST_F(GazetteerTest, ASharedAliasKeepsEverySense) {
  const uint32_t country = Add("Q230", EntityType::kPlace, {"Georgia", "Tbilisi Georgia"});
  const uint32_t state = Add("Q1428", EntityType::kPlace, {"Georgia", "Atlanta"});
  Add("Q230", EntityType::kPlace, {"Georgia"});  // a third entity with the same id
  std::vector<Mention> mentions;
  gazetteer_.Find("Georgia and Atlanta", mentions);
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].entity, country);
  const auto senses = gazetteer_.Senses(mentions[0]);
  ASSERT_EQ(senses.size(), 3u);
  EXPECT_EQ(senses[0], country);
  EXPECT_EQ(senses[1], state);
  EXPECT_EQ(mentions[1].senses, 0u);
  EXPECT_EQ(gazetteer_.Senses(mentions[1]).front(), state);
}

TEST_F(GazetteerTest, FindsNamesInsideTextWrittenWithoutSpaces) {
  Add("Q7747", EntityType::kPerson, {"普京", "弗拉基米尔·普京", "プーチン"});
  Add("Q148", EntityType::kPlace, {"中国"});
  Add("Q1", EntityType::kPlace, {"京"});  // one ideograph: not an alias
  EXPECT_EQ(Find("俄罗斯总统弗拉基米尔·普京表示，中国和俄罗斯"),
            (Names{"Q7747:弗拉基米尔·普京", "Q148:中国"}));
  EXPECT_EQ(Find("プーチン大統領は"), (Names{"Q7747:プーチン"}));
  EXPECT_EQ(Find("Putin普京said"), (Names{"Q7747:普京"}));
}

}  // namespace
}  // namespace copydesk::enrich
