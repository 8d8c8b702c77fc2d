// Transactions against a real Kafka broker (deploy/kafka-local), with librdkafka's C API.
// librdkafka's mock cluster ignores commit/abort and read_committed, so exactly-once can only be
// checked against a real broker. The ctest fixture `kafka` starts one and sets
// KAFKA_LOCAL_BOOTSTRAP_FILE; KAFKA_LOCAL_BOOTSTRAP=host:port overrides it. Without
// either, the tests are skipped.
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr int kTimeoutMs = 30'000;

std::string Bootstrap() {
  if (const char* address = std::getenv("KAFKA_LOCAL_BOOTSTRAP"); address && *address) {
    return address;
  }
  const char* file = std::getenv("KAFKA_LOCAL_BOOTSTRAP_FILE");
  if (!file || !*file) return "";
  std::ifstream in(file);
  std::string address;
  std::getline(in, address);
  return address;
}

// A name no earlier run against the same broker used.
std::string Unique(const std::string& prefix) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return prefix + "-" + std::to_string(getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Kafka = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

struct ErrorDeleter {
  void operator()(rd_kafka_error_t* error) const { rd_kafka_error_destroy(error); }
};
using Error = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

std::string Describe(const Error& error) {
  return error ? std::string(rd_kafka_error_name(error.get())) + ": " +
                     rd_kafka_error_string(error.get())
               : "no error";
}

void Set(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char reason[512];
  ASSERT_EQ(rd_kafka_conf_set(conf, name, value.c_str(), reason, sizeof reason), RD_KAFKA_CONF_OK)
      << name << ": " << reason;
}

// Delivery reports: how many messages the broker acknowledged and how many failed.
struct Deliveries {
  int delivered = 0;
  int failed = 0;
  std::string last_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* deliveries = static_cast<Deliveries*>(opaque);
  if (message->err) {
    ++deliveries->failed;
    deliveries->last_error = rd_kafka_err2str(message->err);
  } else {
    ++deliveries->delivered;
  }
}

Kafka NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf) {
  char reason[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf, reason, sizeof reason);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    ADD_FAILURE() << "rd_kafka_new: " << reason;
  }
  return Kafka(rk);
}

class KafkaTransactions : public ::testing::Test {
 protected:
  void SetUp() override {
    bootstrap_ = Bootstrap();
    if (bootstrap_.empty()) {
      if (std::getenv("KAFKA_LOCAL_BOOTSTRAP_FILE")) {
        FAIL() << "no broker address in $KAFKA_LOCAL_BOOTSTRAP_FILE";
      }
      GTEST_SKIP() << "no broker: set KAFKA_LOCAL_BOOTSTRAP (deploy/kafka-local start)";
    }
    topic_ = Unique("copydesk-it-txn");
  }

  rd_kafka_conf_t* BaseConf() {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    Set(conf, "bootstrap.servers", bootstrap_);
    return conf;
  }

  // Creates the topic with the Admin API and waits for the result.
  void CreateTopic(rd_kafka_t* rk, int partitions) {
    char reason[512];
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(topic_.c_str(), partitions, -1, reason, sizeof reason);
    ASSERT_NE(topic, nullptr) << reason;
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t* options =
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(options, kTimeoutMs, reason, sizeof reason);
    rd_kafka_CreateTopics(rk, &topic, 1, options, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kTimeoutMs + 5'000);
    ASSERT_NE(event, nullptr) << "CreateTopics timed out";
    EXPECT_EQ(rd_kafka_event_error(event), RD_KAFKA_RESP_ERR_NO_ERROR)
        << rd_kafka_event_error_string(event);
    if (const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event)) {
      size_t count = 0;
      const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
      ASSERT_EQ(count, 1u);
      EXPECT_EQ(rd_kafka_topic_result_error(results[0]), RD_KAFKA_RESP_ERR_NO_ERROR)
          << rd_kafka_topic_result_error_string(results[0]);
    }
    rd_kafka_event_destroy(event);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_NewTopic_destroy(topic);
    rd_kafka_queue_destroy(queue);
  }

  void Produce(rd_kafka_t* rk, const std::string& value) {
    // rd_kafka_produceva, not rd_kafka_producev: its macros are GNU statement expressions.
    rd_kafka_vu_t fields[4] = {};
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topic_.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[1].u.i32 = 0;
    fields[2].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[2].u.mem.ptr = const_cast<char*>(value.data());
    fields[2].u.mem.size = value.size();
    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[3].u.i32 = RD_KAFKA_MSG_F_COPY;
    Error error(rd_kafka_produceva(rk, fields, 4));
    ASSERT_FALSE(error) << "produce: " << Describe(error);
  }

  // Reads the topic from the start with the given isolation level until `last` arrives;
  // returns every value read, in order.
  std::vector<std::string> ReadUntil(const std::string& isolation, const std::string& last) {
    rd_kafka_conf_t* conf = BaseConf();
    Set(conf, "group.id", Unique("copydesk-it-" + isolation));
    Set(conf, "isolation.level", isolation);
    Set(conf, "auto.offset.reset", "earliest");
    Set(conf, "enable.auto.commit", "false");
    Kafka consumer = NewClient(RD_KAFKA_CONSUMER, conf);
    std::vector<std::string> values;
    if (!consumer) return values;
    rd_kafka_poll_set_consumer(consumer.get());
    rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic_.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer.get(), topics);
    rd_kafka_topic_partition_list_destroy(topics);
    EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);

    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    while (std::chrono::steady_clock::now() < deadline) {
      Message message(rd_kafka_consumer_poll(consumer.get(), 200));
      if (!message) continue;
      if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
      if (message->err) {
        ADD_FAILURE() << isolation << " consumer: " << rd_kafka_message_errstr(message.get());
        break;
      }
      values.emplace_back(static_cast<const char*>(message->payload), message->len);
      if (values.back() == last) break;
    }
    EXPECT_FALSE(values.empty() || values.back() != last)
        << isolation << " consumer did not reach '" << last << "' in " << kTimeoutMs << " ms";
    rd_kafka_consumer_close(consumer.get());
    return values;
  }

  std::string bootstrap_;
  std::string topic_;
};

TEST_F(KafkaTransactions, ReadCommittedSeesOnlyCommittedMessages) {
  Deliveries deliveries;
  rd_kafka_conf_t* conf = BaseConf();
  Set(conf, "transactional.id", Unique("copydesk-it-producer"));
  Set(conf, "linger.ms", "5");
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_opaque(conf, &deliveries);
  Kafka producer = NewClient(RD_KAFKA_PRODUCER, conf);
  ASSERT_TRUE(producer);
  ASSERT_NO_FATAL_FAILURE(CreateTopic(producer.get(), 1));

  Error error(rd_kafka_init_transactions(producer.get(), kTimeoutMs));
  ASSERT_FALSE(error) << "init_transactions: " << Describe(error);

  // First transaction: committed.
  error.reset(rd_kafka_begin_transaction(producer.get()));
  ASSERT_FALSE(error) << Describe(error);
  for (const char* value : {"committed-1", "committed-2", "committed-3"}) {
    ASSERT_NO_FATAL_FAILURE(Produce(producer.get(), value));
  }
  error.reset(rd_kafka_commit_transaction(producer.get(), kTimeoutMs));
  ASSERT_FALSE(error) << "commit_transaction: " << Describe(error);
  EXPECT_EQ(deliveries.delivered, 3) << deliveries.last_error;

  // Second transaction: written to the log (flushed), then aborted.
  error.reset(rd_kafka_begin_transaction(producer.get()));
  ASSERT_FALSE(error) << Describe(error);
  for (const char* value : {"aborted-1", "aborted-2"}) {
    ASSERT_NO_FATAL_FAILURE(Produce(producer.get(), value));
  }
  ASSERT_EQ(rd_kafka_flush(producer.get(), kTimeoutMs), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(deliveries.delivered, 5) << "the aborted messages must reach the log first";
  error.reset(rd_kafka_abort_transaction(producer.get(), kTimeoutMs));
  ASSERT_FALSE(error) << "abort_transaction: " << Describe(error);

  // Third transaction, committed: a marker behind the abort, so a reader that reaches it has
  // seen every decided record before it.
  error.reset(rd_kafka_begin_transaction(producer.get()));
  ASSERT_FALSE(error) << Describe(error);
  ASSERT_NO_FATAL_FAILURE(Produce(producer.get(), "end"));
  error.reset(rd_kafka_commit_transaction(producer.get(), kTimeoutMs));
  ASSERT_FALSE(error) << "commit_transaction: " << Describe(error);
  EXPECT_EQ(deliveries.delivered, 6);
  EXPECT_EQ(deliveries.failed, 0) << deliveries.last_error;

  EXPECT_EQ(ReadUntil("read_committed", "end"),
            (std::vector<std::string>{"committed-1", "committed-2", "committed-3", "end"}));
  EXPECT_EQ(ReadUntil("read_uncommitted", "end"),
            (std::vector<std::string>{"committed-1", "committed-2", "committed-3", "aborted-1",
                                      "aborted-2", "end"}));
}

}  // namespace
