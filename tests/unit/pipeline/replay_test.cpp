// Replay selections: times and offset ranges as the command line gives them.
#include "copydesk/pipeline/replay.h"

#include <gtest/gtest.h>

namespace copydesk::pipeline {
namespace {

constexpr int64_t kNow = 1'795'000'000'000;

TEST(ReplayTime, RelativeAndAbsolute) {
  EXPECT_EQ(*ParseReplayTime("-24h", kNow), kNow - 86'400'000);
  EXPECT_EQ(*ParseReplayTime("-90m", kNow), kNow - 5'400'000);
  EXPECT_EQ(*ParseReplayTime("2026-11-20T06:00:00Z", kNow), 1'795'154'400'000);
  EXPECT_EQ(*ParseReplayTime("2026-11-20T07:00:00+01:00", kNow), 1'795'154'400'000);
  for (const char* bad : {"yesterday", "-24", "24h", "-", ""}) {
    auto parsed = ParseReplayTime(bad, kNow);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("RFC 3339"), std::string::npos);
  }
}

TEST(ReplayOffsets, RangesWithAndWithoutEnds) {
  auto ranges = ParseOffsetRanges("news.raw:0:100-200,agency.raw:3:500-");
  ASSERT_TRUE(ranges.ok()) << ranges.status().message();
  ASSERT_EQ(ranges->size(), 2u);
  EXPECT_EQ((*ranges)[0].topic, "news.raw");
  EXPECT_EQ((*ranges)[0].partition, 0);
  EXPECT_EQ((*ranges)[0].start, 100);
  EXPECT_EQ((*ranges)[0].end, 200);
  EXPECT_EQ((*ranges)[0].records(), 100u);
  EXPECT_EQ((*ranges)[1].topic, "agency.raw");
  EXPECT_EQ((*ranges)[1].partition, 3);
  EXPECT_EQ((*ranges)[1].end, -1);  // up to the end as it is when the replay starts
}

TEST(ReplayOffsets, BadRangesSayTheForm) {
  for (const char* bad : {"news.raw", "news.raw:0", "news.raw:0:100", "news.raw:x:1-2",
                          "news.raw:0:200-100", ":0:1-2", "news.raw:0:-5", ","}) {
    auto ranges = ParseOffsetRanges(bad);
    ASSERT_FALSE(ranges.ok()) << bad;
    EXPECT_NE(ranges.status().message().find("topic:partition:start-end"), std::string::npos)
        << ranges.status().message();
  }
}

TEST(ReplayPlan, CountsOnlyWhatIsLeft) {
  ReplayPlan plan;
  plan.ranges = {{"a", 0, 10, 25}, {"a", 1, 7, 7}, {"b", 0, 0, 3}};
  EXPECT_EQ(plan.records(), 18u);
}

}  // namespace
}  // namespace copydesk::pipeline
