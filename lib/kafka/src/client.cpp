#include "copydesk/kafka/client.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <mutex>

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
      return Status::InvalidArgument(fmt::format("kafka property '{}': {}", name, error));
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

Result<std::unique_ptr<Consumer>> Consumer::Open(const Properties& properties,
                                                 const std::string& group,
                                                 const std::vector<std::string>& topics) {
  Properties all = properties;
  all["group.id"] = group;
  all.try_emplace("enable.auto.commit", "false");
  all.try_emplace("auto.offset.reset", "earliest");
  auto handle = MakeHandle(RD_KAFKA_CONSUMER, all);
  if (!handle.ok()) return handle.status();
  std::unique_ptr<Consumer> consumer(new Consumer());
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

Consumer::~Consumer() {
  if (handle_ == nullptr) return;
  (void)rd_kafka_consumer_close(handle_);
  rd_kafka_destroy(handle_);
}

Result<std::optional<Message>> Consumer::Poll(int timeout_ms) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(handle_, timeout_ms);
  if (m == nullptr) return std::optional<Message>();
  std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
      m, rd_kafka_message_destroy);
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return std::optional<Message>();
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError(fmt::format("kafka: consume: {}", rd_kafka_message_errstr(m)));
  }
  Message message;
  message.topic = rd_kafka_topic_name(m->rkt);
  message.partition = m->partition;
  message.offset = m->offset;
  message.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
  if (m->key != nullptr) message.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload != nullptr) message.value.assign(static_cast<const char*>(m->payload), m->len);
  return std::optional<Message>(std::move(message));
}

Status Consumer::Commit() {
  const rd_kafka_resp_err_t err = rd_kafka_commit(handle_, nullptr, /*async=*/0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return Status::IoError(fmt::format("kafka: commit: {}", rd_kafka_err2str(err)));
  }
  return Status::Ok();
}

}  // namespace copydesk::kafka
