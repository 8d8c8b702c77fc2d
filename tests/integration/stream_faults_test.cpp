// The stream job's reactions to broker errors, injected with librdkafka's mock cluster: a
// retriable error is retried and the batch commits; an abortable one aborts the batch, which
// is then redone; nothing hangs. (The 2.0.2 mock ignores commit/abort and read_committed, so
// what is visible downstream is checked against a real broker, in test_run_kafka.py.)
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "copydesk/config/config.h"
#include "copydesk/kafka/client.h"
#include "copydesk/pipeline/stream_job.h"

namespace copydesk::pipeline {
namespace {

// Kafka protocol API keys and error codes (the mock takes the numbers).
constexpr int16_t kProduce = 0;
constexpr int16_t kAddPartitionsToTxn = 24;
constexpr int16_t kEndTxn = 26;
constexpr int16_t kTxnOffsetCommit = 28;
constexpr int kNotEnoughReplicas = 19;
constexpr int kCoordinatorNotAvailable = 15;
constexpr int kNotCoordinator = 16;
constexpr int kCoordinatorLoadInProgress = 14;
constexpr int kTopicAuthorizationFailed = 29;
constexpr int kGroupAuthorizationFailed = 30;
constexpr int kInvalidProducerEpoch = 47;
constexpr int kInvalidProducerIdMapping = 49;

enum class Reaction {
  kCommits,  // retried: the batch commits as if nothing happened
  kAborts,   // the batch is aborted and redone
  kExits,    // fatal (this producer was fenced): the job stops with the error, for a restart
};

struct Fault {
  const char* name;
  int16_t api;
  std::vector<int> errors;
  Reaction reaction;
};

void PrintTo(const Fault& fault, std::ostream* out) {
  *out << fault.name;
}

class StreamFaults : public testing::TestWithParam<Fault> {};

std::vector<std::string> FeedLines() {
  std::ifstream in(std::string(COPYDESK_SOURCE_DIR) + "/config/samples/feed.ndjson");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_P(StreamFaults, EveryRecordCommitsOnceAndNothingHangs) {
  const Fault& fault = GetParam();
  auto cluster = kafka::EmbeddedCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().message();
  config::Config config;
  kafka::KafkaOptions& kafka = config.kafka;
  kafka.brokers = (*cluster)->bootstrap();
  kafka.changelog_topic = "faults.changelog";
  kafka.transactional_id = "faults";
  kafka.batch_records = 10;  // several transactions
  kafka.batch_wait_ms = 20;
  for (const auto* topic :
       {&kafka.input_topics.front(), &kafka.articles_topic, &kafka.duplicates_topic,
        &kafka.dead_letter_topic, &kafka.changelog_topic}) {
    ASSERT_TRUE((*cluster)->CreateTopic(*topic, 1).ok());
  }
  const std::vector<std::string> lines = FeedLines();
  ASSERT_GT(lines.size(), 40u);
  {
    auto producer = kafka::Producer::Open({{"bootstrap.servers", kafka.brokers}});
    ASSERT_TRUE(producer.ok());
    for (const auto& line : lines)
      ASSERT_TRUE((*producer)->Produce(kafka.input_topics.front(), {}, line).ok());
    ASSERT_TRUE((*producer)->Flush(10'000).ok());
  }

  (*cluster)->FailNextRequests(fault.api, fault.errors);
  std::vector<std::string> log;
  Summary summary;
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
  StreamHooks hooks;
  hooks.stop = [&] {
    return summary.records >= lines.size() || elapsed() > std::chrono::seconds(60);
  };
  hooks.log = [&](std::string_view line) { log.emplace_back(line); };
  const Status status = RunStreamJob(config, hooks, summary);

  std::string joined;
  for (const auto& line : log) joined += line + "\n";
  EXPECT_LT(elapsed(), std::chrono::seconds(60)) << joined;
  if (fault.reaction == Reaction::kExits) {
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("fenced"), std::string::npos) << status.message();
    EXPECT_LT(summary.records, lines.size());
    return;
  }
  ASSERT_TRUE(status.ok()) << status.message() << "\n" << joined;
  EXPECT_EQ(summary.records, lines.size()) << joined;
  EXPECT_EQ(joined.find("aborting a batch") != std::string::npos,
            fault.reaction == Reaction::kAborts)
      << joined;
}

INSTANTIATE_TEST_SUITE_P(
    Injected, StreamFaults,
    testing::Values(
        Fault{"ProduceRetriable",
              kProduce,
              {kNotEnoughReplicas, kNotEnoughReplicas},
              Reaction::kCommits},
        Fault{"ProduceAbortable", kProduce, {kTopicAuthorizationFailed}, Reaction::kAborts},
        Fault{"AddPartitionsToTxnRetriable",
              kAddPartitionsToTxn,
              {kCoordinatorNotAvailable, kNotCoordinator},
              Reaction::kCommits},
        Fault{"AddPartitionsToTxnAbortable",
              kAddPartitionsToTxn,
              {kTopicAuthorizationFailed},
              Reaction::kAborts},
        Fault{"EndTxnRetriable",
              kEndTxn,
              {kCoordinatorNotAvailable, kNotCoordinator},
              Reaction::kCommits},
        Fault{"EndTxnAbortable", kEndTxn, {kInvalidProducerIdMapping}, Reaction::kAborts},
        Fault{"EndTxnFenced", kEndTxn, {kInvalidProducerEpoch}, Reaction::kExits},
        Fault{"TxnOffsetCommitRetriable",
              kTxnOffsetCommit,
              {kCoordinatorLoadInProgress, kCoordinatorNotAvailable},
              Reaction::kCommits},
        Fault{"TxnOffsetCommitAbortable",
              kTxnOffsetCommit,
              {kGroupAuthorizationFailed},
              Reaction::kAborts}),
    [](const testing::TestParamInfo<Fault>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace copydesk::pipeline
