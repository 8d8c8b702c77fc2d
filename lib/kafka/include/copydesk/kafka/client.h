// Thin owners of librdkafka handles: a producer, a consumer-group member, and the embedded
// mock cluster of the zero-setup demo. Errors come back as Status; nothing here throws, and
// no callback lets an exception out.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace copydesk::kafka {

// librdkafka configuration properties ("bootstrap.servers", "security.protocol", ...).
using Properties = std::map<std::string, std::string>;

struct Header {
  std::string name;
  std::string value;
};

// librdkafka's mock cluster inside the process: a real Kafka protocol endpoint on loopback,
// for the demo and for fault injection. (librdkafka 2.0.2's mock ignores transaction commit
// and abort and read_committed: exactly-once is proven on a real broker only.)
class EmbeddedCluster {
 public:
  static Result<std::unique_ptr<EmbeddedCluster>> Start(int brokers);
  ~EmbeddedCluster();
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  const std::string& bootstrap() const { return bootstrap_; }
  Status CreateTopic(const std::string& name, int partitions);

 private:
  EmbeddedCluster() = default;

  rd_kafka_s* handle_ = nullptr;  // owns the mock cluster
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
};

class Producer {
 public:
  static Result<std::unique_ptr<Producer>> Open(const Properties& properties);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues one record (copied); waits for room when the local queue is full.
  Status Produce(const std::string& topic, std::string_view key, std::string_view value,
                 const std::vector<Header>& headers = {});
  // Waits until every queued record is acknowledged or failed; the first failure is returned.
  Status Flush(int timeout_ms);
  uint64_t delivered() const;

 private:
  struct Deliveries;
  Producer() = default;

  rd_kafka_s* handle_ = nullptr;
  std::unique_ptr<Deliveries> deliveries_;
};

struct Message {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp_ms = -1;
  std::string key;
  std::string value;
};

class Consumer {
 public:
  // Joins `group` and subscribes to `topics`.
  static Result<std::unique_ptr<Consumer>> Open(const Properties& properties,
                                                const std::string& group,
                                                const std::vector<std::string>& topics);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // The next record, or none when `timeout_ms` passed without one. Partition-end events and
  // other informational events are skipped; real errors are returned.
  Result<std::optional<Message>> Poll(int timeout_ms);
  // Commits the offsets of what Poll has returned (synchronously).
  Status Commit();

 private:
  Consumer() = default;

  rd_kafka_s* handle_ = nullptr;
};

}  // namespace copydesk::kafka
