// Datelines in the forms of the wires we read, and sentences that must not pass for one.
#include "copydesk/text/dateline.h"

#include <gtest/gtest.h>

#include <string>

namespace copydesk::text {
namespace {

const std::optional<UnixMillis> kReference = ParseDateTime("2026-04-16T10:00:00Z");

struct Case {
  std::string paragraph;
  std::string place;
  std::string agency;
  std::string date;  // RFC 3339, or empty when none
  std::string rest;  // the paragraph after the dateline
};

class DatelineForms : public ::testing::TestWithParam<Case> {};

TEST_P(DatelineForms, Recognised) {
  const Case& c = GetParam();
  auto dateline = ParseDateline(c.paragraph, kReference);
  ASSERT_TRUE(dateline) << c.paragraph;
  EXPECT_EQ(dateline->place, c.place);
  EXPECT_EQ(dateline->agency, c.agency);
  EXPECT_EQ(dateline->date ? FormatRfc3339Utc(*dateline->date) : "", c.date);
  EXPECT_EQ(c.paragraph.substr(dateline->length), c.rest);
}

INSTANTIATE_TEST_SUITE_P(
    Wires, DatelineForms,
    ::testing::Values(
        Case{"GENEVA, April 16 (Reuters) - The World Health", "GENEVA", "Reuters",
             "2026-04-16T00:00:00Z", "The World Health"},
        Case{"Téhéran, 15 avril (RHC) La réponse du président", "Téhéran", "RHC",
             "2026-04-15T00:00:00Z", "La réponse du président"},
        Case{"MADRID, 16 abr (EFE).- El nivel", "MADRID", "EFE", "2026-04-16T00:00:00Z",
             "El nivel"},
        Case{"МОСКВА, 6 октября. /Интерфакс/ - Россия в ноябре", "МОСКВА", "Интерфакс",
             "2025-10-06T00:00:00Z", "Россия в ноябре"},
        Case{"МОСКВА, 12 июл — РИА Новости. Аномальная жара", "МОСКВА", "", "2025-07-12T00:00:00Z",
             "РИА Новости. Аномальная жара"},
        Case{"上海（路透）——特斯拉周二公布", "上海", "路透", "", "特斯拉周二公布"},
        Case{"中新社香港9月24日电 受超强台风影响", "香港", "中新社", "2025-09-24T00:00:00Z",
             "受超强台风影响"},
        Case{"BERLIN (dpa) - Die Bundesregierung", "BERLIN", "dpa", "", "Die Bundesregierung"},
        Case{"PARIS (AFP) - Le gouvernement", "PARIS", "AFP", "", "Le gouvernement"},
        Case{"GROSSETO, Italy (AP) -- The trial", "GROSSETO, Italy", "AP", "", "The trial"},
        Case{"(ANSA) - VENEZIA, 16 APR - Il Comune", "VENEZIA", "ANSA", "2026-04-16T00:00:00Z",
             "Il Comune"},
        Case{"DEN HAAG (ANP) - Het kabinet", "DEN HAAG", "ANP", "", "Het kabinet"},
        Case{"Lisboa, 16 abr 2026 (Lusa) - O Governo", "Lisboa", "Lusa", "2026-04-16T00:00:00Z",
             "O Governo"},
        Case{"ТЮМЕНЬ, 16 апреля (Урал Информ) — В Тюмени", "ТЮМЕНЬ", "Урал Информ",
             "2026-04-16T00:00:00Z", "В Тюмени"},
        Case{"الكويت (رويترز) - قالت الأرصاد", "الكويت", "رويترز", "", "قالت الأرصاد"},
        Case{"新华社广州4月15日电（记者张三）广东省", "广州", "新华社", "2026-04-15T00:00:00Z",
             "广东省"},
        Case{"WASHINGTON — The Senate voted", "WASHINGTON", "", "", "The Senate voted"},
        Case{"RIO DE JANEIRO, 16 de abril de 2026 (Reuters) - A", "RIO DE JANEIRO", "Reuters",
             "2026-04-16T00:00:00Z", "A"},
        Case{"ST. LOUIS (AP) - Police", "ST. LOUIS", "AP", "", "Police"},
        Case{"Frankfurt am Main, 16. April (dpa) - Die", "Frankfurt am Main", "dpa",
             "2026-04-16T00:00:00Z", "Die"},
        Case{"ANKARA (AA) - Türkiye", "ANKARA", "AA", "", "Türkiye"},
        // A script without case: one or two words and a separator.
        Case{"الرباط - سجلت نسبة ملء السدود", "الرباط", "", "", "سجلت نسبة ملء السدود"},
        Case{"الدار البيضاء - أعلنت", "الدار البيضاء", "", "", "أعلنت"}));

TEST(Dateline, DateWithoutYearBeforeTheReferenceYearTurn) {
  // Sent on 16 April 2026, "Dec 31" is the 31st of December 2025.
  auto dateline = ParseDateline("LONDON, Dec 31 - Markets closed", kReference);
  ASSERT_TRUE(dateline);
  EXPECT_EQ(FormatRfc3339Utc(*dateline->date), "2025-12-31T00:00:00Z");
}

TEST(Dateline, DateWithoutYearAndWithoutReferenceHasNoDate) {
  auto dateline = ParseDateline("GENEVA, April 16 (Reuters) - The", std::nullopt);
  ASSERT_TRUE(dateline);
  EXPECT_FALSE(dateline->date);
}

TEST(Dateline, SentencesAreNotDatelines) {
  for (const char* sentence :
       {"John Smith (AP) said that the vote would go ahead.", "The president said - no more.",
        "Officials in Kyiv (Ukraine) said the talks continue.", "Le gouvernement a annoncé jeudi",
        "", "GENEVA", "PARIS (AFP)", "(ANSA)", "قال وزير المالية الأردني - في بيان - إن الحكومة"}) {
    EXPECT_FALSE(ParseDateline(sentence, kReference)) << sentence;
  }
}

}  // namespace
}  // namespace copydesk::text
