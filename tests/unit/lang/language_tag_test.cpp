// NormaliseLanguageTag: the language fields feeds send, to canonical BCP 47 or nothing.
#include <gtest/gtest.h>

#include <string>

#include "copydesk/lang/language.h"

namespace copydesk::lang {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

void ExpectAll(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(NormaliseLanguageTag(c.input), c.expected) << "input: \"" << c.input << "\"";
  }
}

TEST(NormaliseLanguageTagTest, CanonicalCase) {
  ExpectAll({
      {"en", "en"},
      {"EN", "en"},
      {"EN-us", "en-US"},
      {"en_GB", "en-GB"},
      {"zh_hant_tw", "zh-Hant-TW"},
      {"ZH-HANS-cn", "zh-Hans-CN"},
      {"sr-latn", "sr-Latn"},
      {"es-419", "es-419"},
      {"nb-NO", "nb-NO"},
      {"  fr-CA \n", "fr-CA"},
  });
}

TEST(NormaliseLanguageTagTest, LongerTags) {
  ExpectAll({
      {"zh-yue-HK", "zh-yue-HK"},                    // extlang
      {"de-CH-1996", "de-CH-1996"},                  // variant
      {"ca-ES-VALENCIA", "ca-ES-valencia"},          // variant
      {"en-US-u-CA-gregory", "en-US-u-ca-gregory"},  // extension
      {"en-x-US", "en-x-us"},                        // private use: no region there
      {"de-DE-x-Phonebk", "de-DE-x-phonebk"},
      {"fil", "fil"},  // three letters, no two-letter code
      {"yue", "yue"},
  });
}

TEST(NormaliseLanguageTagTest, ThreeLetterCodes) {
  ExpectAll({
      {"fre", "fr"},       {"fra", "fr"},       {"FRA", "fr"},           {"ger", "de"},
      {"deu", "de"},       {"spa", "es"},       {"eng", "en"},           {"por", "pt"},
      {"ita", "it"},       {"ara", "ar"},       {"nob", "nb"},           {"nor", "nb"},
      {"nno", "nn"},       {"swe", "sv"},       {"rus", "ru"},           {"zho", "zh"},
      {"chi", "zh"},       {"tur", "tr"},       {"pol", "pl"},           {"nld", "nl"},
      {"dut", "nl"},       {"heb", "he"},       {"jpn", "ja"},           {"ukr", "uk"},
      {"fra-CA", "fr-CA"}, {"por_br", "pt-BR"}, {"zho-Hant", "zh-Hant"},
  });
}

TEST(NormaliseLanguageTagTest, DeprecatedCodes) {
  ExpectAll({
      {"iw", "he"},
      {"iw-IL", "he-IL"},
      {"in", "id"},
      {"ji", "yi"},
      {"jw", "jv"},
      {"mo", "ro"},
      {"no", "nb"},
      {"no-NO", "nb-NO"},
      {"nn-NO", "nn-NO"},
  });
}

TEST(NormaliseLanguageTagTest, LanguageNames) {
  ExpectAll({
      {"French", "fr"},     {"french", "fr"},    {"FRENCH", "fr"},
      {"français", "fr"},   {"Français", "fr"},  {"German", "de"},
      {"Deutsch", "de"},    {"Spanish", "es"},   {"español", "es"},
      {"Español", "es"},    {"English", "en"},   {"Arabic", "ar"},
      {"العربية", "ar"},    {"Português", "pt"}, {"Italiano", "it"},
      {"Nederlands", "nl"}, {"Svenska", "sv"},   {"Русский", "ru"},
      {"русский", "ru"},    {"中文", "zh"},      {"Türkçe", "tr"},
      {"Polski", "pl"},     {"Norwegian", "nb"}, {"Traditional Chinese", "zh-Hant"},
      {" English ", "en"},
  });
}

TEST(NormaliseLanguageTagTest, MalformedIsEmpty) {
  ExpectAll({
      {"", ""},
      {"   ", ""},
      {"e", ""},
      {"english language", ""},
      {"en--us", ""},
      {"en-", ""},
      {"-en", ""},
      {"fr-FR-", ""},
      {"en US", ""},
      {"en.US", ""},
      {"en-US-Latn", ""},  // script after region
      {"en-toolongsubtag", ""},
      {"x-klingon", ""},
      {"i-klingon", ""},
      {"12", ""},
      {"e1", ""},
      {"en-a", ""},  // a singleton with nothing after it
      {"en-a-b", ""},
      {"en-x", ""},
      {"francais!", ""},
      {"fr\xff", ""},
  });
  EXPECT_EQ(NormaliseLanguageTag(std::string("en\0US", 5)), "");
  EXPECT_EQ(NormaliseLanguageTag(std::string(100, 'a')), "");
  EXPECT_EQ(NormaliseLanguageTag("en-" + std::string(70, 'a')), "");
}

TEST(NormaliseLanguageTagTest, Idempotent) {
  for (const char* input : {"EN-us", "zh_hant_tw", "fre", "iw", "no-NO", "Français",
                            "en-US-u-CA-gregory", "ca-ES-VALENCIA", "sr-latn-RS"}) {
    const std::string once = NormaliseLanguageTag(input);
    ASSERT_FALSE(once.empty()) << input;
    EXPECT_EQ(NormaliseLanguageTag(once), once) << input;
  }
}

}  // namespace
}  // namespace copydesk::lang
