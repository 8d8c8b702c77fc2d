// Bylines and credit lines, and story sentences that merely look like them.
#include "copydesk/text/credits.h"

#include <gtest/gtest.h>

namespace copydesk::text {
namespace {

using Names = std::vector<std::string>;

TEST(CreditParagraph, ReutersCreditLine) {
  auto credits = ParseCreditParagraph(
      "Reporting by Claire Whitmore; Additional reporting by Tomás Arriaga in London; Editing by "
      "Peter Hollis");
  ASSERT_TRUE(credits);
  EXPECT_EQ(credits->authors, (Names{"Claire Whitmore", "Tomás Arriaga"}));
  EXPECT_EQ(credits->editors, (Names{"Peter Hollis"}));
  EXPECT_TRUE(credits->sources.empty());
}

TEST(CreditParagraph, ReutersArabicCreditLine) {
  auto credits = ParseCreditParagraph("(تغطية صحفية أحمد الرشيدي - تحرير محمد اليماني)");
  ASSERT_TRUE(credits);
  EXPECT_EQ(credits->authors, (Names{"أحمد الرشيدي"}));
  EXPECT_EQ(credits->editors, (Names{"محمد اليماني"}));
}

TEST(CreditParagraph, Bylines) {
  EXPECT_EQ(ParseCreditParagraph("By Jane Doe and John Roe")->authors, (Names{"Jane Doe", "John Roe"}));
  EXPECT_EQ(ParseCreditParagraph("Par Jean Dupont")->authors, (Names{"Jean Dupont"}));
  EXPECT_EQ(ParseCreditParagraph("By Ana de la Cruz")->authors, (Names{"Ana de la Cruz"}));
  auto dpa = ParseCreditParagraph("Von Anna Schmidt, dpa");
  ASSERT_TRUE(dpa);
  EXPECT_EQ(dpa->authors, (Names{"Anna Schmidt"}));
  EXPECT_EQ(dpa->sources, (Names{"dpa"}));
}

TEST(CreditParagraph, SourceCredits) {
  for (auto [text, source] : std::initializer_list<std::pair<const char*, const char*>>{
           {"Source HispanTV", "HispanTV"},
           {"Source: Reuters", "Reuters"},
           {"Fuente Andina", "Andina"},
           {"Fonte Ingv", "Ingv"},
           {"Con información de EFE", "EFE"},
           {"With AFP", "AFP"},
           {"Quelle: dpa", "dpa"}}) {
    auto credits = ParseCreditParagraph(text);
    ASSERT_TRUE(credits) << text;
    EXPECT_EQ(credits->sources, (Names{source})) << text;
  }
}

TEST(CreditParagraph, StorySentencesAreNotCredits) {
  for (const char* text :
       {"Par ailleurs, le gouvernement a annoncé", "Di Maio ha detto.",
        "By the end of the year, prices rose.", "Radio Habana Cuba",
        "With the new rules in force, traders expect calm.", ""}) {
    EXPECT_FALSE(ParseCreditParagraph(text)) << text;
  }
}

TEST(TrailingCredit, ParenthesisedSourceAtTheEnd) {
  const std::string text = "Le gouvernement a annoncé la mesure. (avec AFP)";
  auto credit = ParseTrailingCredit(text);
  ASSERT_TRUE(credit);
  EXPECT_EQ(credit->credits.sources, (Names{"AFP"}));
  EXPECT_EQ(text.substr(0, credit->text_length), "Le gouvernement a annoncé la mesure.");

  const std::string ansa = "Le sanzioni vanno da 50 a 300 euro. (ANSA).";
  credit = ParseTrailingCredit(ansa);
  ASSERT_TRUE(credit);
  EXPECT_EQ(credit->credits.sources, (Names{"ANSA"}));
  EXPECT_EQ(ansa.substr(0, credit->text_length), "Le sanzioni vanno da 50 a 300 euro.");
}

TEST(TrailingCredit, AbbreviationsAreNotCredits) {
  EXPECT_FALSE(ParseTrailingCredit("signed by the World Health Organization (WHO)."));
  EXPECT_FALSE(ParseTrailingCredit("the report (by Jane Doe)"));  // authors do not trail
}

}  // namespace
}  // namespace copydesk::text
