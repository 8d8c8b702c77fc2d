// What `copydesk run` needs to know of Kafka: brokers, topics, group, delivery guarantee,
// batching, and any librdkafka property (config section `kafka`).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace copydesk::kafka {

enum class Delivery : uint8_t {
  kExactlyOnce,  // outputs, dead letters, state changes and offsets in one transaction a batch
  kAtLeastOnce,  // no transactions: after a crash a batch is published again (same ids)
};

struct KafkaOptions {
  std::string brokers = "localhost:9092";  // "embedded": librdkafka's mock cluster in-process
  std::string group = "copydesk";
  std::vector<std::string> input_topics{"news.raw"};
  std::string articles_topic = "news.articles";  // articles and updates
  std::string duplicates_topic = "news.duplicates";
  std::string dead_letter_topic = "news.dlq";
  std::string changelog_topic;  // the state, compacted; empty: <group>.changelog
  std::string reference_topic;  // reference data, compacted; empty: <group>.reference
  Delivery delivery = Delivery::kExactlyOnce;
  std::string transactional_id;  // empty: <group>-<host name>
  bool create_topics = false;
  uint32_t topic_partitions = 6;  // for topics copydesk creates
  uint32_t batch_records = 1000;
  uint64_t batch_bytes = 16ull << 20;
  int64_t batch_wait_ms = 100;
  int64_t shutdown_timeout_ms = 30'000;
  std::map<std::string, std::string> properties;  // librdkafka properties, passed through
};

}  // namespace copydesk::kafka
