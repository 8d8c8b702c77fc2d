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

// The offset that means "the partition's first record" (librdkafka's RD_KAFKA_OFFSET_BEGINNING).
inline constexpr int64_t kOffsetBeginning = -2;

// A partition of a topic, and an offset in it where one is meant.
struct TopicPartition {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
};

// What a failed Kafka call asks of its caller (librdkafka's classification of the error).
enum class Recovery : uint8_t {
  kNone,   // it worked
  kRetry,  // try the same call again
  kAbort,  // abort the transaction, rewind, redo the batch
  kFatal,  // this producer is unusable: exit and let the supervisor restart the job
};

struct KafkaStatus {
  Recovery recovery = Recovery::kNone;
  std::string message;
  bool ok() const { return recovery == Recovery::kNone; }
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
  // The next requests of API `api_key` (librdkafka's RD_KAFKAP_* numbers) fail with these
  // broker error codes, one request each, in order: fault injection for tests.
  void FailNextRequests(int16_t api_key, const std::vector<int>& error_codes);

 private:
  EmbeddedCluster() = default;

  rd_kafka_s* handle_ = nullptr;  // owns the mock cluster
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
};

class Consumer;

class Producer {
 public:
  // Transactional when `properties` has a transactional.id.
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

  // Transactions (a transactional producer only). Retriable errors are retried within
  // `timeout_ms`; what comes back says how to recover.
  KafkaStatus InitTransactions(int timeout_ms);
  KafkaStatus BeginTransaction();
  // Adds the consumer's next offsets to the transaction (the consumer's group commits them
  // when the transaction commits).
  KafkaStatus SendOffsets(const Consumer& consumer, const std::vector<TopicPartition>& offsets,
                          int timeout_ms);
  KafkaStatus CommitTransaction(int timeout_ms);
  KafkaStatus AbortTransaction(int timeout_ms);

 private:
  struct Deliveries;
  Producer() = default;

  rd_kafka_s* handle_ = nullptr;
  std::unique_ptr<Deliveries> deliveries_;
};

struct Message {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;  // at the end of a partition: the offset the end is at
  int64_t timestamp_ms = -1;
  std::string key;
  std::string value;
  std::vector<Header> headers;
  bool end_of_partition = false;  // only with enable.partition.eof=true
};

// Told of assignment changes, on the thread that polls, before the consumer applies them.
// Must not throw.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  virtual void OnAssigned(const std::vector<TopicPartition>& partitions) = 0;
  // `lost`: the group already gave the partitions to another member (session timeout, ...).
  virtual void OnRevoked(const std::vector<TopicPartition>& partitions, bool lost) = 0;
};

class Consumer {
 public:
  // Joins `group` and subscribes to `topics`; `listener` (optional) must outlive the consumer.
  static Result<std::unique_ptr<Consumer>> Open(const Properties& properties,
                                                const std::string& group,
                                                const std::vector<std::string>& topics,
                                                RebalanceListener* listener = nullptr);
  // Reads the given partitions from the given offsets, outside any group.
  static Result<std::unique_ptr<Consumer>> Assign(const Properties& properties,
                                                  const std::vector<TopicPartition>& partitions);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // The next record, or none when `timeout_ms` passed without one. Partition-end events and
  // other informational events are skipped; real errors are returned.
  Result<std::optional<Message>> Poll(int timeout_ms);
  // Commits the offsets of what Poll has returned (synchronously).
  Status Commit();
  // Commits these offsets for the group (synchronously).
  Status Commit(const std::vector<TopicPartition>& offsets);
  // Moves the given partitions to the given offsets (waits as long as that takes).
  Status Seek(const std::vector<TopicPartition>& offsets);
  // The low and high watermark offsets of a partition, asked of its leader.
  Result<std::pair<int64_t, int64_t>> Watermarks(const std::string& topic, int32_t partition,
                                                 int timeout_ms);
  // For each partition, the first offset whose record's timestamp is at or after the one
  // given in `offset` (milliseconds); -1 where there is none (the partition's end).
  Result<std::vector<TopicPartition>> OffsetsForTimes(const std::vector<TopicPartition>& times,
                                                      int timeout_ms);
  // The offsets the consumer's group has committed for these partitions (-1001: none).
  Result<std::vector<TopicPartition>> Committed(const std::vector<TopicPartition>& partitions,
                                                int timeout_ms);
  // Leaves the group (revoking the assignment through the listener).
  Status Close();
  // librdkafka's latest statistics JSON (when the properties set statistics.interval.ms),
  // once: "" when none came since the last call.
  std::string TakeStatistics();

 private:
  friend class Producer;  // SendOffsets reads the group's metadata
  struct Callbacks;
  Consumer() = default;

  rd_kafka_s* handle_ = nullptr;
  std::unique_ptr<Callbacks> callbacks_;
  bool closed_ = false;
};

struct TopicSpec {
  std::string name;
  int partitions = 1;  // when created
  Properties config;   // when created: cleanup.policy, ...
};

// Asks the brokers for their metadata; fails naming the brokers when none answers. Topics
// missing are created when `create` (else the error names them and the option to set).
Status EnsureTopics(const Properties& properties, const std::vector<TopicSpec>& topics, bool create,
                    int timeout_ms);
// How many partitions `topic` has.
Result<int> CountPartitions(const Properties& properties, const std::string& topic, int timeout_ms);

// The librdkafka the process runs with ("2.0.2").
std::string LibraryVersion();

}  // namespace copydesk::kafka
