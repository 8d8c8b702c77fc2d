// The statistics bridge: librdkafka's statistics JSON to the lag per partition.
#include "copydesk/kafka/statistics.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace copydesk::kafka {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Recorded from librdkafka 2.0.2 against Apache Kafka 4.0.2: a consumer of a two-partition
// topic (14 and 16 records) that has been handed 7 records of partition 1 and none of
// partition 0, and has committed 6 of partition 1.
TEST(ConsumerLag, RecordedStatistics) {
  auto lags = ParseConsumerLag(Read(COPYDESK_TEST_DATA "/kafka/consumer_statistics.json"));
  ASSERT_TRUE(lags.ok()) << lags.status().message();
  ASSERT_EQ(lags->size(), 2u);  // not the internal partition -1
  std::map<int32_t, PartitionLag> by_partition;
  for (const auto& lag : *lags) by_partition[lag.partition] = lag;
  EXPECT_EQ(by_partition[0].topic, "stats-sample3");
  EXPECT_EQ(by_partition[0].lag, 14);  // nothing read, nothing committed: from the start
  EXPECT_EQ(by_partition[0].high_watermark, 14);
  EXPECT_EQ(by_partition[1].lag, 9);  // 16 - 7 handed over (librdkafka's own says 10)
  EXPECT_EQ(by_partition[1].committed, 6);
}

TEST(ConsumerLag, StableOffsetBoundsTheLagUnderReadCommitted) {
  // An open transaction: records up to 20 written, only 12 committed.
  const char* json = R"({"topics": {"t": {"partitions": {
      "0": {"partition": 0, "fetch_state": "active", "hi_offset": 20, "ls_offset": 12,
            "app_offset": 10, "committed_offset": 10, "lo_offset": 0},
      "1": {"partition": 1, "fetch_state": "none", "hi_offset": 5, "ls_offset": 5,
            "app_offset": -1001, "committed_offset": -1001, "lo_offset": 0},
      "2": {"partition": 2, "fetch_state": "offset-query", "hi_offset": -1001,
            "ls_offset": -1001, "app_offset": -1001, "committed_offset": -1001,
            "lo_offset": -1001}}}}})";
  auto lags = ParseConsumerLag(json);
  ASSERT_TRUE(lags.ok()) << lags.status().message();
  ASSERT_EQ(lags->size(), 1u);  // 1 is not fetched here, 2 is not known yet
  EXPECT_EQ((*lags)[0].lag, 2);
}

TEST(ConsumerLag, CaughtUpIsZeroNeverNegative) {
  auto lags = ParseConsumerLag(R"({"topics": {"t": {"partitions": {"0": {"partition": 0,
      "fetch_state": "active", "hi_offset": 5, "ls_offset": 5, "app_offset": 7}}}}})");
  ASSERT_TRUE(lags.ok());
  ASSERT_EQ(lags->size(), 1u);
  EXPECT_EQ((*lags)[0].lag, 0);
}

TEST(ConsumerLag, NotStatisticsIsAnError) {
  EXPECT_FALSE(ParseConsumerLag("{").ok());
  EXPECT_FALSE(ParseConsumerLag(R"({"name": "rdkafka#consumer-1"})").ok());
  auto empty = ParseConsumerLag(R"({"topics": {}})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace copydesk::kafka
