// One Decoder reused across many records decides exactly like a fresh Decoder per record.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../common/test_support.h"
#include "decode_support.h"

namespace copydesk::wire {
namespace {

std::vector<std::string> MixedRecords() {
  std::vector<std::string> records{
      R"({"url":"https://example.com/a","title":"Small","content":"<p>Text</p>"})",
      R"({"title":42,"content":"x"})",
      R"({"content":"cut)",
      "{\"title\":\"caf\xE9\",\"content\":\"x\"}",
      std::string("{\"content\":\"a\0b\"}", 17),
      R"({"link":"L","headline":"after a rejection","markdown":"# md"})",
      "",
      "[1,2,3]",
      R"({"headlines":[{"role":"main","value":"N"}],"bodies":[{"contenttype":"text/html","value":"<p>n</p>"}],"urgency":3,"uri":"urn:n"})",
      R"({"headline":"one","body_text":"old ninjs","byline":"B"})",
      R"({"content":"y"})",  // fewer fields than the ninjs item before it: nothing may leak
  };
  // A record much larger than the parser's initial capacity (64 KiB), then small ones again.
  records.push_back(R"({"title":"big","content":")" + std::string(300 << 10, 'b') + R"("})");
  records.push_back(R"({"title":"small after big","content":"z"})");
  records.push_back(R"({"title":"tr)");  // truncated, shorter than the big one
  records.push_back("{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}");
  records.push_back(R"({"content":"   "})");
  records.push_back(R"({"title":"last","content":"fine"})");
  for (const auto& entry :
       std::filesystem::directory_iterator(COPYDESK_TEST_DATA "/ninjs/examples")) {
    records.push_back(testing_support::ReadFile(entry.path()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(COPYDESK_TEST_DATA "/broken")) {
    if (entry.path().extension() == ".ndjson")
      records.push_back(testing_support::ReadFile(entry.path()));
  }
  return records;
}

TEST(DecoderReuse, SameResultsAsFreshDecoders) {
  const std::vector<std::string> records = MixedRecords();
  Decoder reused{DecodeLimits{}};
  RawItem item;  // reused too
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < records.size(); ++i) {
      Decoded again;
      again.rejection = reused.Decode(records[i], item);
      again.item = item;
      EXPECT_EQ(Describe(again), Describe(Decode(records[i])))
          << "record " << i << ", pass " << pass;
    }
  }
}

TEST(DecoderReuse, AcceptsAfterARejection) {
  Decoder decoder{DecodeLimits{}};
  RawItem item;
  EXPECT_TRUE(decoder.Decode(R"({"title":"x")", item).has_value());
  EXPECT_FALSE(decoder.Decode(R"({"title":"ok","content":"body"})", item).has_value());
  EXPECT_EQ(item.headline, "ok");
  EXPECT_EQ(item.body, "body");
}

TEST(DecoderReuse, ItemIsClearedBetweenRecords) {
  Decoder decoder{DecodeLimits{}};
  RawItem item;
  ASSERT_FALSE(decoder.Decode(
      R"({"uri":"u","headlines":[{"value":"h"}],"bodies":[{"contenttype":"text/html","value":"<p>b</p>"}],"urgency":2,"by":"x"})",
      item));
  ASSERT_FALSE(decoder.Decode(R"({"content":"plain"})", item));
  EXPECT_EQ(Describe(item), Describe(Decode(R"({"content":"plain"})").item));
  EXPECT_EQ(item.uri, "");
  EXPECT_EQ(item.urgency, 0);
  EXPECT_EQ(item.shape, Shape::kScraped);
  EXPECT_EQ(item.body_format, ContentFormat::kText);
}

TEST(DecoderReuse, SmallRecordAfterALargerOneIsNotConfusedByLeftoverBytes) {
  Decoder decoder{DecodeLimits{}};
  RawItem item;
  const std::string big = R"({"content":"x","pad":")" + std::string(100 << 10, 'p') + R"("})";
  ASSERT_FALSE(decoder.Decode(big, item));
  // A prefix of the big record: the buffer still holds its tail, which must not be read.
  const std::string prefix = big.substr(0, 30);
  const auto rejection = decoder.Decode(prefix, item);
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->reason, RejectReason::kNotJson);
  EXPECT_EQ(rejection->detail, Decode(prefix).detail());
}

}  // namespace
}  // namespace copydesk::wire
