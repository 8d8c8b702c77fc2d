// The official IPTC ninjs examples in tests/data/ninjs/examples all decode.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "../common/test_support.h"
#include "decode_support.h"

namespace copydesk::wire {
namespace {

const std::filesystem::path kExamples = COPYDESK_TEST_DATA "/ninjs/examples";

struct Expected {
  std::string uri;
  std::string headline;
  std::string language;
  std::string body_start;
  ContentFormat format;
};

const std::map<std::string, Expected>& ExpectedExamples() {
  static const std::map<std::string, Expected> expected{
      {"businesswire-newsml-20130605006126.json",
       {"http://www.businesswire.com/news/home/20130605006126/zh",
        "Cambrios被Gartner評選為「最酷供應商」", "zh", "\n      (美國商業資訊)",
        ContentFormat::kHtml}},
      {"businesswire-newsml-20130731006140.json",
       {"http://www.businesswire.com/news/home/20130731006140/en",
        "Lunch Taking a Toll? Let Applebee’s® Industrial Strength Lunch Decoy Stand In", "en",
        "With more Applebee’s<sup >®</sup>", ContentFormat::kHtml}},
      {"dpa_text.json",
       {"urn:newsml:dpa.com:20090101:190510-99-167362",
        "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", "de",
        "<section class=\"main\"><p>Für Lucien Favre", ContentFormat::kHtml}},
      {"ninjsExSimpleText_2.json",
       {"http://ninjs.example.com/newsitems/20130709simp123",
        "Captain of wrecked cruise ship on trial in Italy", "", "<body><p>GROSSETO, Italy (AP)",
        ContentFormat::kHtml}},
      {"ntb_text.json",
       {"urn:8d19cf88-b3ab-4972-8fec-1207599f2872", "Google har kjøpt giganttomt i Skien", "nb-NO",
        "IT-giganten Google har kjøpt en tomt", ContentFormat::kText}},
      {"tt_text_image_2.json",
       {"http://tt.se/media/text/210526-militarovning-a0f2d045",
        "Militärövning i jätteformat hålls 2023", "sv", "<html><head><title>Militärövning",
        ContentFormat::kHtml}},
  };
  return expected;
}

TEST(NinjsExamples, EveryExampleFileIsKnown) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_TRUE(ExpectedExamples().count(entry.path().filename().string()))
        << "new example without expectations: " << entry.path();
  }
  EXPECT_EQ(files, ExpectedExamples().size());
}

TEST(NinjsExamples, EachDecodesWithItsHeadlineUriAndLanguage) {
  for (const auto& [file, expected] : ExpectedExamples()) {
    SCOPED_TRACE(file);
    const Decoded d = Decode(testing_support::ReadFile(kExamples / file));
    ASSERT_TRUE(d.ok()) << d.reason() << ": " << d.detail();
    EXPECT_EQ(d.item.shape, Shape::kNinjs2);
    EXPECT_EQ(d.item.uri, expected.uri);
    EXPECT_EQ(d.item.headline, expected.headline);
    EXPECT_EQ(d.item.language, expected.language);
    EXPECT_EQ(d.item.body.substr(0, expected.body_start.size()), expected.body_start);
    EXPECT_EQ(d.item.body_format, expected.format);
  }
}

TEST(NinjsExamples, DpaCommonFields) {
  const Decoded d = Decode(testing_support::ReadFile(kExamples / "dpa_text.json"));
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_EQ(d.item.version, "2");
  EXPECT_EQ(d.item.published, "2019-05-10T16:02:28+02:00");
  EXPECT_EQ(d.item.pubstatus, "usable");
  EXPECT_EQ(d.item.urgency, 4);
  EXPECT_EQ(d.item.copyright_holder, "dpa");
  EXPECT_EQ(d.item.author, "Von Christian Hollmann, dpa");
}

// NTB sends no bodies: the text is in `descriptions`.
TEST(NinjsExamples, NtbDescriptionIsTheBody) {
  const Decoded d = Decode(testing_support::ReadFile(kExamples / "ntb_text.json"));
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_CONTAINS(d.item.body, "Google har kjøpt en tomt på nærmere 2.000 mål i Skien");
  EXPECT_EQ(d.item.version, "6");
  EXPECT_EQ(d.item.first_created, "2019-08-09T09:30:04Z");
  EXPECT_EQ(d.item.published, "2019-08-09T09:46:53Z");
  EXPECT_EQ(d.item.urgency, 5);
  EXPECT_EQ(d.item.author, "NTB");
  EXPECT_EQ(d.item.slugline, "skien-google");
}

}  // namespace
}  // namespace copydesk::wire
