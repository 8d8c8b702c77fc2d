#include "copydesk/kafka/client.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace copydesk::kafka {
namespace {

// Builds a librdkafka configuration; a bad property fails with librdkafka's own message.
Result<rd_kafka_conf_t*> MakeConf(const Properties& properties) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::InvalidArgument(
          fmt::format("kafka property {} (kafka.properties in the config): {}", name, error));
    }
  }
  return conf;
}

Result<rd_kafka_t*> MakeHandle(rd_kafka_type_t type, const Properties& properties,
                               rd_kafka_conf_t* conf = nullptr) {
  if (conf == nullptr) {
    auto made = MakeConf(properties);
    if (!made.ok()) return made.status();
    conf = *made;
  }
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(type, conf, error, sizeof error);  // takes conf on success
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(fmt::format("kafka: {}", error));
  }
  return handle;
}

// A librdkafka error code as a Status naming what failed.
Status Check(rd_kafka_resp_err_t err, std::string_view what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
  return Status::IoError(fmt::format("kafka: {}: {}", what, rd_kafka_err2str(err)));
}

struct ErrorDeleter {
  void operator()(rd_kafka_error_t* error) const { rd_kafka_error_destroy(error); }
};
using Error = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

PartitionList ToList(const std::vector<TopicPartition>& partitions) {
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (const auto& p : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset = p.offset;
  }
  return list;
}

std::vector<TopicPartition> FromList(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> partitions;
  for (int i = 0; list != nullptr && i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    partitions.push_back({e.topic, e.partition, e.offset});
  }
  return partitions;
}

// Classifies a transactional API's error (none: it worked).
KafkaStatus Classify(rd_kafka_error_t* raw, std::string_view what) {
  Error error(raw);
  if (!error) return {};
  KafkaStatus status;
  status.message = fmt::format("kafka: {}: {}", what, rd_kafka_error_string(error.get()));
  if (rd_kafka_error_is_fatal(error.get())) {
    status.recovery = Recovery::kFatal;
  } else if (rd_kafka_error_txn_requires_abort(error.get())) {
    status.recovery = Recovery::kAbort;
  } else if (rd_kafka_error_is_retriable(error.get())) {
    status.recovery = Recovery::kRetry;
  } else {
    status.recovery = Recovery::kFatal;
  }
  return status;
}

// Calls `call` until it does not ask to be retried or `timeout_ms` has passed.
template <typename Call>
KafkaStatus WithRetries(int timeout_ms, Call call) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    KafkaStatus status = call();
    if (status.recovery != Recovery::kRetry || std::chrono::steady_clock::now() >= deadline)
      return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

Result<std::unique_ptr<EmbeddedCluster>> EmbeddedCluster::Start(int brokers) {
  auto handle = MakeHandle(RD_KAFKA_PRODUCER, {{"log_level", "3"}});
  if (!handle.ok()) return handle.status();
  std::unique_ptr<EmbeddedCluster> cluster(new EmbeddedCluster());
  cluster->handle_ = *handle;
  cluster->cluster_ = rd_kafka_mock_cluster_new(cluster->handle_, brokers);
  if (cluster->cluster_ == nullptr)
    return Status::Internal("kafka: the embedded cluster did not start");
  cluster->bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster->cluster_);
  return cluster;
}

EmbeddedCluster::~EmbeddedCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

Status EmbeddedCluster::CreateTopic(const std::string& name, int partitions) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Internal(fmt::format("kafka: topic {}: {}", name, rd_kafka_err2str(err)));
  }
  return Status::Ok();
}

void EmbeddedCluster::FailNextRequests(int16_t api_key, const std::vector<int>& error_codes) {
  std::vector<rd_kafka_resp_err_t> errors;
  for (int code : error_codes) errors.push_back(static_cast<rd_kafka_resp_err_t>(code));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.data());
}

// Delivery reports arrive on librdkafka's thread via poll/flush; the first error is kept.
struct Producer::Deliveries {
  std::atomic<uint64_t> delivered{0};
  std::mutex mutex;
  std::string first_error;

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    auto* self = static_cast<Deliveries*>(opaque);
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      self->delivered.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    std::lock_guard lock(self->mutex);
    if (self->first_error.empty()) {
      self->first_error =
          fmt::format("kafka: delivery to {} failed: {}", rd_kafka_topic_name(message->rkt),
                      rd_kafka_err2str(message->err));
    }
  }
};

Result<std::unique_ptr<Producer>> Producer::Open(const Properties& properties) {
  auto conf = MakeConf(properties);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<Producer> producer(new Producer());
  producer->deliveries_ = std::make_unique<Deliveries>();
  rd_kafka_conf_set_dr_msg_cb(*conf, &Deliveries::OnDelivery);
  rd_kafka_conf_set_opaque(*conf, producer->deliveries_.get());
  auto handle = MakeHandle(RD_KAFKA_PRODUCER, properties, *conf);
  if (!handle.ok()) return handle.status();
  producer->handle_ = *handle;
  return producer;
}

Producer::~Producer() {
  if (handle_ == nullptr) return;
  (void)rd_kafka_flush(handle_, 10'000);  // bounded: a dead broker must not hang shutdown
  rd_kafka_destroy(handle_);
}

Status Producer::Produce(const std::string& topic, std::string_view key, std::string_view value,
                         const std::vector<Header>& headers) {
  for (;;) {
    rd_kafka_headers_t* list = nullptr;
    if (!headers.empty()) {
      list = rd_kafka_headers_new(headers.size());
      for (const auto& h : headers) {
        rd_kafka_header_add(list, h.name.data(), static_cast<ssize_t>(h.name.size()),
                            h.value.data(), static_cast<ssize_t>(h.value.size()));
      }
    }
    // rd_kafka_produceva, not rd_kafka_producev: the latter's macros are GNU statement
    // expressions, which clang refuses under -Werror.
    rd_kafka_vu_t fields[5] = {};
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topic.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_KEY;
    fields[1].u.mem = {const_cast<char*>(key.data()), key.size()};
    fields[2].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[2].u.mem = {const_cast<char*>(value.data()), value.size()};
    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[3].u.i = RD_KAFKA_MSG_F_COPY;
    size_t count = 4;
    if (list != nullptr) {
      fields[4].vtype = RD_KAFKA_VTYPE_HEADERS;
      fields[4].u.headers = list;
      count = 5;
    }
    rd_kafka_error_t* error = rd_kafka_produceva(handle_, fields, count);
    const rd_kafka_resp_err_t err =
        error == nullptr ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_error_code(error);
    if (error != nullptr) rd_kafka_error_destroy(error);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;  // the record owns the headers now
    if (list != nullptr) rd_kafka_headers_destroy(list);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return Status::IoError(fmt::format("kafka: produce to {}: {}", topic, rd_kafka_err2str(err)));
    }
    rd_kafka_poll(handle_, 100);  // let deliveries drain the queue
  }
  rd_kafka_poll(handle_, 0);
  return Status::Ok();
}

Status Producer::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(handle_, timeout_ms);
  std::lock_guard lock(deliveries_->mutex);
  if (!deliveries_->first_error.empty()) return Status::IoError(deliveries_->first_error);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: flush: {}", rd_kafka_err2str(err)));
  }
  return Status::Ok();
}

uint64_t Producer::delivered() const {
  return deliveries_->delivered.load(std::memory_order_relaxed);
}

KafkaStatus Producer::InitTransactions(int timeout_ms) {
  return WithRetries(timeout_ms, [&] {
    return Classify(rd_kafka_init_transactions(handle_, timeout_ms), "init transactions");
  });
}

KafkaStatus Producer::BeginTransaction() {
  // A delivery error of an earlier, aborted transaction says nothing about this one.
  {
    std::lock_guard lock(deliveries_->mutex);
    deliveries_->first_error.clear();
  }
  return Classify(rd_kafka_begin_transaction(handle_), "begin transaction");
}

KafkaStatus Producer::SendOffsets(const Consumer& consumer,
                                  const std::vector<TopicPartition>& offsets, int timeout_ms) {
  if (offsets.empty()) return {};
  const PartitionList list = ToList(offsets);
  std::unique_ptr<rd_kafka_consumer_group_metadata_t, void (*)(rd_kafka_consumer_group_metadata_t*)>
      group(rd_kafka_consumer_group_metadata(consumer.handle_),
            rd_kafka_consumer_group_metadata_destroy);
  return WithRetries(timeout_ms, [&] {
    return Classify(
        rd_kafka_send_offsets_to_transaction(handle_, list.get(), group.get(), timeout_ms),
        "send offsets to the transaction");
  });
}

KafkaStatus Producer::CommitTransaction(int timeout_ms) {
  return WithRetries(timeout_ms, [&] {
    return Classify(rd_kafka_commit_transaction(handle_, timeout_ms), "commit transaction");
  });
}

KafkaStatus Producer::AbortTransaction(int timeout_ms) {
  return WithRetries(timeout_ms, [&] {
    return Classify(rd_kafka_abort_transaction(handle_, timeout_ms), "abort transaction");
  });
}

// librdkafka's callbacks on the polling thread. Rebalance: tells the listener, then applies
// the change (eager or cooperative, whichever the assignor uses). Statistics: keeps the
// latest JSON for TakeStatistics().
struct Consumer::Callbacks {
  RebalanceListener* listener = nullptr;
  std::mutex mutex;
  std::string statistics;

  static int OnStatistics(rd_kafka_t*, char* json, size_t length, void* opaque) {
    auto* self = static_cast<Callbacks*>(opaque);
    std::lock_guard lock(self->mutex);
    self->statistics.assign(json, length);
    return 0;  // librdkafka frees `json`
  }

  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    auto* self = static_cast<Callbacks*>(opaque);
    const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      if (self->listener != nullptr) self->listener->OnAssigned(FromList(partitions));
      if (cooperative) {
        Error(rd_kafka_incremental_assign(rk, partitions));
      } else {
        (void)rd_kafka_assign(rk, partitions);
      }
      return;
    }
    if (self->listener != nullptr)
      self->listener->OnRevoked(FromList(partitions), rd_kafka_assignment_lost(rk) != 0);
    if (cooperative) {
      Error(rd_kafka_incremental_unassign(rk, partitions));
    } else {
      (void)rd_kafka_assign(rk, nullptr);
    }
  }
};

Result<std::unique_ptr<Consumer>> Consumer::Open(const Properties& properties,
                                                 const std::string& group,
                                                 const std::vector<std::string>& topics,
                                                 RebalanceListener* listener) {
  Properties all = properties;
  all["group.id"] = group;
  all.try_emplace("enable.auto.commit", "false");
  all.try_emplace("auto.offset.reset", "earliest");
  auto conf = MakeConf(all);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<Consumer> consumer(new Consumer());
  consumer->callbacks_ = std::make_unique<Callbacks>();
  consumer->callbacks_->listener = listener;
  rd_kafka_conf_set_rebalance_cb(*conf, &Callbacks::OnRebalance);
  rd_kafka_conf_set_stats_cb(*conf, &Callbacks::OnStatistics);
  rd_kafka_conf_set_opaque(*conf, consumer->callbacks_.get());
  auto handle = MakeHandle(RD_KAFKA_CONSUMER, all, *conf);
  if (!handle.ok()) return handle.status();
  consumer->handle_ = *handle;
  rd_kafka_poll_set_consumer(consumer->handle_);
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const auto& topic : topics)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(consumer->handle_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: subscribe: {}", rd_kafka_err2str(err)));
  }
  return consumer;
}

Result<std::unique_ptr<Consumer>> Consumer::Assign(const Properties& properties,
                                                   const std::vector<TopicPartition>& partitions) {
  Properties all = properties;
  all.try_emplace("group.id", "copydesk-assigned");  // required by librdkafka, never joined
  all.try_emplace("enable.auto.commit", "false");
  auto conf = MakeConf(all);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<Consumer> consumer(new Consumer());
  consumer->callbacks_ = std::make_unique<Callbacks>();
  rd_kafka_conf_set_stats_cb(*conf, &Callbacks::OnStatistics);
  rd_kafka_conf_set_opaque(*conf, consumer->callbacks_.get());
  auto handle = MakeHandle(RD_KAFKA_CONSUMER, all, *conf);
  if (!handle.ok()) return handle.status();
  consumer->handle_ = *handle;
  rd_kafka_poll_set_consumer(consumer->handle_);
  const PartitionList list = ToList(partitions);
  if (Status s = Check(rd_kafka_assign(consumer->handle_, list.get()), "assign"); !s.ok()) return s;
  return consumer;
}

Consumer::~Consumer() {
  if (handle_ == nullptr) return;
  (void)Close();
  rd_kafka_destroy(handle_);
}

std::string Consumer::TakeStatistics() {
  if (callbacks_ == nullptr) return {};
  std::lock_guard lock(callbacks_->mutex);
  return std::exchange(callbacks_->statistics, std::string());
}

Status Consumer::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  return Check(rd_kafka_consumer_close(handle_), "close");
}

Status Consumer::Commit(const std::vector<TopicPartition>& offsets) {
  if (offsets.empty()) return Status::Ok();
  const PartitionList list = ToList(offsets);
  return Check(rd_kafka_commit(handle_, list.get(), /*async=*/0), "commit");
}

Status Consumer::Seek(const std::vector<TopicPartition>& offsets) {
  if (offsets.empty()) return Status::Ok();
  const PartitionList list = ToList(offsets);
  // An infinite timeout: after an abort, a seek that gives up would leave the position past
  // records whose outputs were thrown away (librdkafka 2.0.2).
  if (Error error(rd_kafka_seek_partitions(handle_, list.get(), -1)); error) {
    return Status::IoError(fmt::format("kafka: seek: {}", rd_kafka_error_string(error.get())));
  }
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::IoError(fmt::format("kafka: seek {}/{}: {}", list->elems[i].topic,
                                         list->elems[i].partition,
                                         rd_kafka_err2str(list->elems[i].err)));
    }
  }
  return Status::Ok();
}

Result<std::pair<int64_t, int64_t>> Consumer::Watermarks(const std::string& topic,
                                                         int32_t partition, int timeout_ms) {
  int64_t low = 0;
  int64_t high = 0;
  const rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(handle_, topic.c_str(), partition, &low, &high, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(
        fmt::format("kafka: offsets of {}/{}: {}", topic, partition, rd_kafka_err2str(err)));
  }
  return std::pair(low, high);
}

Result<std::vector<TopicPartition>> Consumer::OffsetsForTimes(
    const std::vector<TopicPartition>& times, int timeout_ms) {
  const PartitionList list = ToList(times);
  const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(handle_, list.get(), timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: offsets for times: {}", rd_kafka_err2str(err)));
  }
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::IoError(fmt::format("kafka: offsets for times of {}/{}: {}",
                                         list->elems[i].topic, list->elems[i].partition,
                                         rd_kafka_err2str(list->elems[i].err)));
    }
  }
  return FromList(list.get());
}

Result<std::vector<TopicPartition>> Consumer::Committed(
    const std::vector<TopicPartition>& partitions, int timeout_ms) {
  const PartitionList list = ToList(partitions);
  const rd_kafka_resp_err_t err = rd_kafka_committed(handle_, list.get(), timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: committed offsets: {}", rd_kafka_err2str(err)));
  }
  return FromList(list.get());
}

Result<std::optional<Message>> Consumer::Poll(int timeout_ms) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(handle_, timeout_ms);
  if (m == nullptr) return std::optional<Message>();
  std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
      m, rd_kafka_message_destroy);
  Message message;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    message.topic = rd_kafka_topic_name(m->rkt);
    message.partition = m->partition;
    message.offset = m->offset;
    message.end_of_partition = true;
    return std::optional<Message>(std::move(message));
  }
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: consume: {}", rd_kafka_message_errstr(m)));
  }
  message.topic = rd_kafka_topic_name(m->rkt);
  message.partition = m->partition;
  message.offset = m->offset;
  message.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
  if (m->key != nullptr) message.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload != nullptr) message.value.assign(static_cast<const char*>(m->payload), m->len);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      message.headers.push_back({name, value == nullptr
                                           ? std::string()
                                           : std::string(static_cast<const char*>(value), size)});
    }
  }
  return std::optional<Message>(std::move(message));
}

Status Consumer::Commit() {
  const rd_kafka_resp_err_t err = rd_kafka_commit(handle_, nullptr, /*async=*/0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return Status::IoError(fmt::format("kafka: commit: {}", rd_kafka_err2str(err)));
  }
  return Status::Ok();
}

namespace {

struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* metadata) const {
    rd_kafka_metadata_destroy(metadata);
  }
};
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

std::string Brokers(const Properties& properties) {
  auto it = properties.find("bootstrap.servers");
  return it == properties.end() ? "(no bootstrap.servers)" : it->second;
}

using Client = std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)>;

// A short-lived client for metadata and admin requests.
Result<Client> MetadataClient(const Properties& properties) {
  auto handle = MakeHandle(RD_KAFKA_PRODUCER, properties);
  if (!handle.ok()) return handle.status();
  return Client(*handle, rd_kafka_destroy);
}

// Every topic's metadata.
Result<Metadata> FetchMetadata(rd_kafka_t* handle, const Properties& properties, int timeout_ms) {
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(handle, 1, nullptr, &raw, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(
        fmt::format("kafka: no broker at {} answered within {} s ({}); check "
                    "kafka.brokers and that the brokers run",
                    Brokers(properties), timeout_ms / 1000, rd_kafka_err2str(err)));
  }
  return Metadata(raw);
}

const rd_kafka_metadata_topic_t* FindTopic(const rd_kafka_metadata_t& metadata,
                                           const std::string& name) {
  for (int i = 0; i < metadata.topic_cnt; ++i) {
    const auto& topic = metadata.topics[i];
    if (name == topic.topic && topic.err == RD_KAFKA_RESP_ERR_NO_ERROR && topic.partition_cnt > 0)
      return &topic;
  }
  return nullptr;
}

Status CreateTopics(rd_kafka_t* handle, const std::vector<const TopicSpec*>& specs,
                    int timeout_ms) {
  std::vector<rd_kafka_NewTopic_t*> topics;
  char error[512];
  for (const TopicSpec* spec : specs) {
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(spec->name.c_str(), spec->partitions, -1, error, sizeof error);
    if (topic == nullptr) {
      for (auto* t : topics) rd_kafka_NewTopic_destroy(t);
      return Status::InvalidArgument(fmt::format("kafka: topic {}: {}", spec->name, error));
    }
    for (const auto& [name, value] : spec->config)
      (void)rd_kafka_NewTopic_set_config(topic, name.c_str(), value.c_str());
    topics.push_back(topic);
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(handle);
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  (void)rd_kafka_AdminOptions_set_operation_timeout(options, timeout_ms, error, sizeof error);
  rd_kafka_CreateTopics(handle, topics.data(), topics.size(), options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms + 5000);
  Status status;
  if (event == nullptr) {
    status = Status::IoError("kafka: creating topics timed out");
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = Status::IoError(
        fmt::format("kafka: creating topics: {}", rd_kafka_event_error_string(event)));
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    for (size_t i = 0; i < count && status.ok(); ++i) {
      const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        status = Status::IoError(fmt::format("kafka: cannot create topic {}: {}",
                                             rd_kafka_topic_result_name(results[i]),
                                             rd_kafka_topic_result_error_string(results[i])));
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  for (auto* t : topics) rd_kafka_NewTopic_destroy(t);
  return status;
}

}  // namespace

Status EnsureTopics(const Properties& properties, const std::vector<TopicSpec>& topics, bool create,
                    int timeout_ms) {
  auto client = MetadataClient(properties);
  if (!client.ok()) return client.status();
  rd_kafka_t* handle = client->get();
  auto metadata = FetchMetadata(handle, properties, timeout_ms);
  if (!metadata.ok()) return metadata.status();
  std::vector<const TopicSpec*> missing;
  for (const auto& spec : topics) {
    if (FindTopic(**metadata, spec.name) == nullptr) missing.push_back(&spec);
  }
  if (missing.empty()) return Status::Ok();
  if (!create) {
    std::string names;
    for (const TopicSpec* spec : missing) names += (names.empty() ? "" : ", ") + spec->name;
    return Status::InvalidArgument(
        fmt::format("kafka: topic(s) {} missing at {}; create them, or set kafka.create_topics: "
                    "true to let copydesk create them",
                    names, Brokers(properties)));
  }
  if (Status s = CreateTopics(handle, missing, timeout_ms); !s.ok()) return s;
  // Created topics show up in the metadata once their partitions have leaders.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto again = FetchMetadata(handle, properties, timeout_ms);
    if (!again.ok()) return again.status();
    bool ready = true;
    for (const TopicSpec* spec : missing) {
      const auto* topic = FindTopic(**again, spec->name);
      ready = ready && topic != nullptr;
      for (int i = 0; ready && i < topic->partition_cnt; ++i)
        ready = topic->partitions[i].leader >= 0;
    }
    if (ready) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline)
      return Status::IoError("kafka: created topics have no leaders yet");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Result<int> CountPartitions(const Properties& properties, const std::string& topic,
                            int timeout_ms) {
  auto client = MetadataClient(properties);
  if (!client.ok()) return client.status();
  auto metadata = FetchMetadata(client->get(), properties, timeout_ms);
  if (!metadata.ok()) return metadata.status();
  const auto* found = FindTopic(**metadata, topic);
  if (found == nullptr) return Status::NotFound(fmt::format("kafka: no topic {}", topic));
  return found->partition_cnt;
}

std::string LibraryVersion() {
  return rd_kafka_version_str();
}

}  // namespace copydesk::kafka
