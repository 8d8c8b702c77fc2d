#include "copydesk/pipeline/stream_job.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <future>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>

#include "copydesk/core/hash.h"
#include "copydesk/kafka/client.h"
#include "copydesk/kafka/statistics.h"
#include "copydesk/pipeline/dedup_stage.h"
#include "copydesk/pipeline/reference_store.h"
#include "copydesk/pipeline/reference_topic.h"

namespace copydesk::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKafkaTimeoutMs = 60'000;        // one transactional call, at most
constexpr int kCatchUpTimeoutMs = 300'000;     // reading the changelog to its end
constexpr size_t kChangelogWriteBatch = 4096;  // changelog records per store write
constexpr std::string_view kWriterHeader = "copydesk.writer";
constexpr size_t kChunkRecords = 64;  // records through the stateless stages at once
constexpr auto kStateStatsEvery = std::chrono::seconds(5);  // RocksDB properties, for metrics

// The state key of the next changelog offset to apply, per partition.
std::string AppliedKey(int32_t partition) {
  return fmt::format("changelog.next_offset.{}", partition);
}

std::string EncodeOffset(int64_t offset) {
  std::string value(sizeof offset, '\0');
  std::memcpy(value.data(), &offset, sizeof offset);  // little-endian hosts only
  return value;
}

std::optional<int64_t> DecodeOffset(std::string_view value) {
  int64_t offset = 0;
  if (value.size() != sizeof offset) return std::nullopt;
  std::memcpy(&offset, value.data(), sizeof offset);
  return offset;
}

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::string& TopicFor(const kafka::KafkaOptions& options, event::EventType type) {
  switch (type) {
    case event::EventType::kArticle:
    case event::EventType::kUpdate:
      return options.articles_topic;
    case event::EventType::kDuplicate:
      return options.duplicates_topic;
    case event::EventType::kRejected:
      return options.dead_letter_topic;
  }
  return options.dead_letter_topic;
}

// A changelog record as the state write it carries: the key's first byte is the family.
Result<state::StateWrite> DecodeChangelogRecord(const kafka::Message& m) {
  if (m.key.empty() || static_cast<uint8_t>(m.key[0]) >= state::kFamilyCount) {
    return Status::Corruption(
        fmt::format("kafka: changelog {}/{}/{} has a record that is not copydesk state", m.topic,
                    m.partition, m.offset));
  }
  return state::StateWrite{static_cast<state::Family>(m.key[0]), m.key.substr(1), m.value};
}

// This process's mark on the changelog records it writes, so that it can tell them from the
// records of other instances when it reads the changelog back.
std::string NewWriterId() {
  std::random_device device;
  return Hex64((uint64_t{device()} << 32) ^ device() ^ static_cast<uint64_t>(::getpid()));
}

class StreamJob final : public kafka::RebalanceListener {
 public:
  StreamJob(const config::Config& config, const StreamHooks& hooks, Summary& summary,
            const ReplayPlan* replay)
      : config_(config),
        options_(config.kafka),
        hooks_(hooks),
        summary_(summary),
        replay_(replay),
        writer_id_(NewWriterId()) {}
  // After a failure the open batch is abandoned (the broker aborts its transaction): the
  // consumer leaves the group without the revoke callback committing anything.
  ~StreamJob() override {
    abandoned_ = true;
    consumer_.reset();
  }

  Status Run();

  void OnAssigned(const std::vector<kafka::TopicPartition>& partitions) override;
  void OnRevoked(const std::vector<kafka::TopicPartition>& partitions, bool lost) override;

 private:
  using PartitionKey = std::pair<std::string, int32_t>;

  bool exactly_once() const { return options_.delivery == kafka::Delivery::kExactlyOnce; }
  void Log(std::string_view line) const {
    if (hooks_.log) hooks_.log(line);
  }
  void Ready(bool ready, std::string why_not = {}) const {
    if (hooks_.health != nullptr) hooks_.health->SetReady(ready, std::move(why_not));
  }
  // Between batches: the lag from librdkafka's statistics, the state store's size.
  void ReportIdle();

  Status Start();
  Status OpenReplay(const kafka::Properties& properties);
  // Replays only: whether every range has been read to its end.
  bool ReplayRead() const {
    return replay_ != nullptr && replay_done_.size() == replay_end_.size();
  }
  Status OpenChangelog(state::StateStore& store);
  Status TailChangelog(bool to_end);
  // A readonly replay: the live job's changelog, read to its end, into the replay's state.
  Status CopyLiveState(state::StateStore& store);
  Status OpenBatch();
  void Admit(kafka::Message message);
  Status ProcessPending();
  Status CommitBatch();
  // `leaving`: partitions being revoked, not to be rewound.
  Status AbortBatch(std::string_view why, const std::vector<kafka::TopicPartition>& leaving = {});
  void ClearBatch();

  const config::Config& config_;
  const kafka::KafkaOptions& options_;
  const StreamHooks& hooks_;
  Summary& summary_;
  const ReplayPlan* replay_;
  std::map<PartitionKey, int64_t> replay_end_;  // the ranges still to read when it started
  std::set<PartitionKey> replay_done_;          // those read to their end
  const std::string writer_id_;
  kafka::Properties client_;

  std::unique_ptr<kafka::Producer> producer_;
  std::unique_ptr<kafka::Consumer> consumer_;
  std::unique_ptr<DedupStage> dedup_;
  std::unique_ptr<ProcessorPool> pool_;
  Resources resources_;
  event::EventWriter json_;
  std::vector<Record> records_;  // scratch

  // The reference topic, followed; a new set is built off the loop and used from the next
  // batch on.
  Status FollowReference();
  std::unique_ptr<ReferenceTopicReader> reference_reader_;
  std::future<Result<std::shared_ptr<const enrich::Reference>>> reference_building_;

  // The changelog, read back into the store.
  std::unique_ptr<kafka::Consumer> changelog_;
  state::StateStore* changelog_store_ = nullptr;
  std::vector<int64_t> changelog_next_;  // per partition: the next offset to apply
  std::vector<int64_t> changelog_end_;   // per partition: where its end was last seen

  std::optional<Clock::time_point> first_record_;
  size_t assigned_partitions_ = 0;
  bool started_ = false;
  std::map<PartitionKey, int64_t> last_timestamp_ms_;  // per input partition, for the lag
  Clock::time_point state_reported_;

  // The open batch.
  bool batch_open_ = false;
  Clock::time_point batch_opened_;
  uint64_t batch_bytes_ = 0;
  std::map<PartitionKey, int64_t> batch_first_;  // where to rewind to on abort
  std::map<PartitionKey, int64_t> batch_next_;   // the offsets to commit
  std::vector<int64_t> batch_timestamps_;
  std::vector<std::string> batch_outputs_;
  std::vector<kafka::Message> pending_;  // admitted, not yet processed
  std::map<std::string, ConsumedCounts> batch_consumed_;
  StageTimes stage_times_;  // since the last report to the metrics
  Summary batch_summary_;
  Status callback_error_;  // from a rebalance callback, returned by the loop
  bool abandoned_ = false;
};

Status StreamJob::Start() {
  Ready(false, "starting: checking topics and opening the producer");
  client_ = options_.properties;
  client_["bootstrap.servers"] = options_.brokers;

  const int partitions = static_cast<int>(options_.topic_partitions);
  std::vector<kafka::TopicSpec> topics;
  for (const auto& topic : options_.input_topics) topics.push_back({topic, partitions, {}});
  for (const auto* topic :
       {&options_.articles_topic, &options_.duplicates_topic, &options_.dead_letter_topic}) {
    topics.push_back({*topic, partitions, {}});
  }
  // Compacted: every key (an article version, a story, a meta value) keeps its latest value;
  // what is older than the dedup horizon is of no use to the state, and goes after twice it.
  topics.push_back({options_.changelog_topic,
                    partitions,
                    {{"cleanup.policy", "compact,delete"},
                     {"retention.ms", std::to_string(2 * config_.dedup.horizon_ms)}}});
  if (Status s = kafka::EnsureTopics(client_, topics, options_.create_topics, 10'000); !s.ok())
    return s;

  kafka::Properties producer = client_;
  producer.try_emplace("linger.ms", "5");
  if (exactly_once()) {
    producer["transactional.id"] = options_.transactional_id;
  } else {
    producer["enable.idempotence"] = "true";
  }
  auto opened = kafka::Producer::Open(producer);
  if (!opened.ok()) return opened.status();
  producer_ = std::move(opened).value();
  if (exactly_once()) {
    // Fences an earlier incarnation of this instance and ends its open transaction, so that
    // the changelog read below is complete.
    if (auto s = producer_->InitTransactions(kKafkaTimeoutMs); !s.ok())
      return Status::IoError(s.message);
  }

  auto resources = LoadResources(config_);
  if (!resources.ok()) return resources.status();
  resources_ = std::move(resources).value();
  Ready(false, "starting: reading the changelog into the state store");
  const auto started = Clock::now();
  auto dedup = DedupStage::Open(
      config_,
      [this](state::StateStore& store) {
        if (replay_ != nullptr && !replay_->live_changelog.empty()) {
          if (Status s = CopyLiveState(store); !s.ok()) return s;
        }
        if (Status s = OpenChangelog(store); !s.ok()) return s;
        return TailChangelog(/*to_end=*/true);
      },
      hooks_.log);
  if (!dedup.ok()) return dedup.status();
  dedup_ = std::move(dedup).value();
  auto reference = ChooseReference(config_, &dedup_->store(), resources_.reference);
  if (!reference.ok()) return reference.status();
  resources_.reference = std::move(reference).value();
  auto reader = ReferenceTopicReader::Open(client_, options_.reference_topic);
  if (!reader.ok()) return reader.status();
  reference_reader_ = std::move(reader).value();
  if (reference_reader_ != nullptr) {
    auto files = reference_reader_->Poll(/*to_end=*/true);
    if (!files.ok()) return files.status();
    if (*files) {
      auto built = enrich::Reference::Build(std::move(**files));
      if (!built.ok()) {
        return Status::InvalidArgument(options_.reference_topic + ": " + built.status().message());
      }
      resources_.reference = std::move(built).value();
    }
  }
  pool_ = std::make_unique<ProcessorPool>(config_, resources_, config_.pipeline.workers);
  Log(fmt::format("reference data {}", resources_.reference->version()));
  if (hooks_.metrics != nullptr) hooks_.metrics->SetReference(resources_.reference->version());
  const dedup::IndexStats stats = dedup_->deduplicator().Stats();
  Log(fmt::format("state {}: {} articles, {} stories, caught up with {} in {:.1f} s",
                  dedup_->store().dir().string(), stats.articles, stats.stories,
                  options_.changelog_topic,
                  std::chrono::duration<double>(Clock::now() - started).count()));

  kafka::Properties consumer = client_;
  consumer["isolation.level"] = "read_committed";
  consumer.try_emplace("fetch.wait.max.ms", "50");
  if (hooks_.metrics != nullptr) consumer.try_emplace("statistics.interval.ms", "5000");
  if (replay_ != nullptr) return OpenReplay(consumer);
  auto subscribed = kafka::Consumer::Open(consumer, options_.group, options_.input_topics, this);
  if (!subscribed.ok()) return subscribed.status();
  consumer_ = std::move(subscribed).value();
  started_ = true;
  Ready(false, "waiting for partitions from the group");
  return Status::Ok();
}

// Assigns the plan's ranges, each from where the replay's group committed last (a re-run
// resumes), else from its start.
Status StreamJob::OpenReplay(const kafka::Properties& properties) {
  kafka::Properties replay = properties;
  replay["group.id"] = options_.group;
  replay["enable.partition.eof"] = "true";
  std::vector<kafka::TopicPartition> partitions;
  for (const auto& range : replay_->ranges)
    partitions.push_back({range.topic, range.partition, range.start});
  {
    auto probe = kafka::Consumer::Assign(replay, {});
    if (!probe.ok()) return probe.status();
    auto committed = (*probe)->Committed(partitions, kKafkaTimeoutMs);
    if (!committed.ok()) return committed.status();
    for (size_t i = 0; i < partitions.size(); ++i) {
      partitions[i].offset = std::max(partitions[i].offset, (*committed)[i].offset);
    }
  }
  std::vector<kafka::TopicPartition> to_read;
  uint64_t resumed = 0;
  for (size_t i = 0; i < partitions.size(); ++i) {
    const ReplayRange& range = replay_->ranges[i];
    resumed += static_cast<uint64_t>(partitions[i].offset - range.start);
    if (partitions[i].offset >= range.end) continue;  // done by an earlier run
    replay_end_[{range.topic, range.partition}] = range.end;
    to_read.push_back(partitions[i]);
  }
  Log(fmt::format("replaying {} of {} partition(s){}", to_read.size(), partitions.size(),
                  resumed > 0 ? fmt::format(", resuming after {} records done before", resumed)
                              : std::string()));
  auto assigned = kafka::Consumer::Assign(replay, to_read);
  if (!assigned.ok()) return assigned.status();
  consumer_ = std::move(assigned).value();
  started_ = true;
  Ready(true);
  return Status::Ok();
}

// Reads the changelog from where `store` left it.
Status StreamJob::OpenChangelog(state::StateStore& store) {
  auto partitions = kafka::CountPartitions(client_, options_.changelog_topic, 15'000);
  if (!partitions.ok()) return partitions.status();
  changelog_store_ = &store;
  changelog_next_.assign(static_cast<size_t>(*partitions), 0);
  changelog_end_.assign(static_cast<size_t>(*partitions), -1);
  std::vector<kafka::TopicPartition> assignment;
  for (int32_t p = 0; p < *partitions; ++p) {
    auto applied = store.Get(state::Family::kMeta, AppliedKey(p));
    if (!applied.ok()) return applied.status();
    std::optional<int64_t> next;
    if (applied->has_value()) next = DecodeOffset(**applied);
    changelog_next_[static_cast<size_t>(p)] = next.value_or(0);
    assignment.push_back({options_.changelog_topic, p, next.value_or(kafka::kOffsetBeginning)});
  }
  kafka::Properties properties = client_;
  properties["isolation.level"] = "read_committed";
  properties["enable.partition.eof"] = "true";
  properties["group.id"] = options_.group + ".changelog";
  changelog_.reset();
  auto consumer = kafka::Consumer::Assign(properties, assignment);
  if (!consumer.ok()) return consumer.status();
  changelog_ = std::move(consumer).value();
  return Status::Ok();
}

Status StreamJob::CopyLiveState(state::StateStore& store) {
  const std::string& topic = replay_->live_changelog;
  auto partitions = kafka::CountPartitions(client_, topic, 15'000);
  if (!partitions.ok()) return partitions.status();
  kafka::Properties properties = client_;
  properties["isolation.level"] = "read_committed";
  properties["enable.partition.eof"] = "true";
  std::vector<kafka::TopicPartition> assignment;
  for (int32_t p = 0; p < *partitions; ++p)
    assignment.push_back({topic, p, kafka::kOffsetBeginning});
  auto consumer = kafka::Consumer::Assign(properties, assignment);
  if (!consumer.ok()) return consumer.status();
  std::map<int32_t, int64_t> ends;  // partitions still to read, and where their end is now
  for (int32_t p = 0; p < *partitions; ++p) {
    auto marks = (*consumer)->Watermarks(topic, p, 15'000);
    if (!marks.ok()) return marks.status();
    if (marks->second > marks->first) ends[p] = marks->second;
  }
  std::vector<state::StateWrite> writes;
  uint64_t copied = 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(kCatchUpTimeoutMs);
  while (!ends.empty()) {
    if (Clock::now() > deadline) {
      return Status::IoError(
          fmt::format("kafka: the live changelog {} was not read to its end "
                      "within {} s",
                      topic, kCatchUpTimeoutMs / 1000));
    }
    auto message = (*consumer)->Poll(100);
    if (!message.ok()) return message.status();
    if (!message->has_value()) continue;
    const kafka::Message& m = **message;
    const auto end = ends.find(m.partition);
    if (end == ends.end()) continue;
    if (!m.end_of_partition) {
      auto write = DecodeChangelogRecord(m);
      if (!write.ok()) return write.status();
      writes.push_back(std::move(write).value());
      ++copied;
    }
    if ((m.end_of_partition ? m.offset : m.offset + 1) >= end->second) ends.erase(end);
    if (writes.size() >= kChangelogWriteBatch || ends.empty()) {
      if (Status s = store.Write(writes); !s.ok()) return s;
      writes.clear();
    }
  }
  Log(fmt::format("readonly: the state starts as the live job's: {} records of {}", copied, topic));
  return Status::Ok();
}

// Applies committed changelog records to the store: what is there now (to_end: everything up
// to the end of every partition as it is now). Records of other instances also go into the
// index, so that their articles are recognised here.
Status StreamJob::TailChangelog(bool to_end) {
  std::vector<int64_t> target(changelog_next_.size(), -1);
  if (to_end) {
    for (size_t p = 0; p < target.size(); ++p) {
      auto marks =
          changelog_->Watermarks(options_.changelog_topic, static_cast<int32_t>(p), 15'000);
      if (!marks.ok()) return marks.status();
      target[p] = marks->second;
    }
  }
  const auto reached = [&] {
    for (size_t p = 0; p < target.size(); ++p) {
      if (std::max(changelog_next_[p], changelog_end_[p]) < target[p]) return false;
    }
    return true;
  };
  std::vector<state::StateWrite> writes;
  std::map<int32_t, int64_t> touched;
  const auto flush = [&] {
    for (const auto& [partition, next] : touched)
      writes.push_back({state::Family::kMeta, AppliedKey(partition), EncodeOffset(next)});
    Status s = changelog_store_->Write(writes);
    writes.clear();
    touched.clear();
    return s;
  };
  const auto deadline = Clock::now() + std::chrono::milliseconds(kCatchUpTimeoutMs);
  while (!(to_end && reached())) {
    auto message = changelog_->Poll(to_end ? 100 : 0);
    if (!message.ok()) return message.status();
    if (!message->has_value()) {
      if (!to_end) break;
      if (Clock::now() > deadline) {
        return Status::IoError(fmt::format(
            "kafka: the changelog {} was not read to its end within {} s (an instance's "
            "transaction may be hanging)",
            options_.changelog_topic, kCatchUpTimeoutMs / 1000));
      }
      continue;
    }
    const kafka::Message& m = **message;
    const auto p = static_cast<size_t>(m.partition);
    if (m.end_of_partition) {
      changelog_end_[p] = m.offset;
      continue;
    }
    changelog_next_[p] = m.offset + 1;
    touched[m.partition] = m.offset + 1;
    auto write = DecodeChangelogRecord(m);
    if (!write.ok()) return write.status();
    bool own = false;
    for (const auto& header : m.headers)
      own |= header.name == kWriterHeader && header.value == writer_id_;
    if (!own && dedup_ != nullptr) dedup_->deduplicator().Learn(write->family, write->key, m.value);
    writes.push_back(std::move(write).value());
    if (writes.size() >= kChangelogWriteBatch) {
      if (Status s = flush(); !s.ok()) return s;
    }
  }
  return flush();
}

Status StreamJob::FollowReference() {
  if (reference_reader_ == nullptr) return Status::Ok();
  if (reference_building_.valid()) {
    if (reference_building_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      return Status::Ok();
    }
    auto built = reference_building_.get();
    if (!built.ok()) {  // a bad set is reported and the job goes on with what it had
      Log(fmt::format("{}: not used: {}", options_.reference_topic, built.status().message()));
    } else {
      resources_.reference = std::move(built).value();
      pool_->SetReference(resources_.reference);
      if (hooks_.metrics != nullptr) hooks_.metrics->SetReference(resources_.reference->version());
      Log(fmt::format("reference data {} from {}", resources_.reference->version(),
                      options_.reference_topic));
    }
  }
  auto files = reference_reader_->Poll(/*to_end=*/false);
  if (!files.ok()) return files.status();
  if (*files) {
    reference_building_ = std::async(std::launch::async, [files = std::move(**files)]() mutable {
      return enrich::Reference::Build(std::move(files));
    });
  }
  return Status::Ok();
}

Status StreamJob::OpenBatch() {
  if (exactly_once()) {
    if (auto s = producer_->BeginTransaction(); !s.ok()) return Status::IoError(s.message);
  }
  batch_open_ = true;
  batch_opened_ = Clock::now();
  if (!first_record_) first_record_ = batch_opened_;
  return Status::Ok();
}

// Takes a polled record into the open batch; the stateless stages run on a chunk of them.
void StreamJob::Admit(kafka::Message message) {
  const PartitionKey partition{message.topic, message.partition};
  batch_first_.try_emplace(partition, message.offset);
  batch_next_[partition] = message.offset + 1;
  batch_bytes_ += message.value.size();
  batch_timestamps_.push_back(message.timestamp_ms);
  ConsumedCounts& consumed = batch_consumed_[message.topic];
  ++consumed.records;
  consumed.bytes += message.value.size();
  last_timestamp_ms_[partition] = message.timestamp_ms;
  pending_.push_back(std::move(message));
}

// Runs the admitted records through every stage and publishes their outcomes, in order.
Status StreamJob::ProcessPending() {
  if (pending_.empty()) return Status::Ok();
  records_.clear();
  for (const kafka::Message& m : pending_) {
    Record record{m.value, 0, {}};
    record.origin = {std::nullopt, m.topic, m.partition, m.offset};
    records_.push_back(record);
  }
  pool_->Process(records_);
  pool_->TakeStageTimes(stage_times_);
  StageTimer timer(stage_times_);
  Status status;
  for (size_t i = 0; i < pending_.size() && status.ok(); ++i) {
    const kafka::Message& m = pending_[i];
    event::Event& event = pool_->slot(i).event;
    if (pool_->slot(i).article) dedup_->Apply(*pool_->slot(i).article, event);
    timer.Stop(Stage::kDedup);
    const std::string_view json = json_.Write(event);
    timer.Stop(Stage::kSerialise);
    if (event.type == event::EventType::kRejected) {
      // The dead letter is the original record, untouched; why is in the headers.
      status = producer_->Produce(
          options_.dead_letter_topic, m.key, m.value,
          {{"copydesk.reason", event.rejection.reason},
           {"copydesk.detail", event.rejection.detail},
           {"copydesk.stage", event.rejection.stage},
           {"copydesk.origin", fmt::format("{}/{}/{}", m.topic, m.partition, m.offset)}});
    } else {
      // Keyed by article id: an article's updates stay in order on one partition.
      status = producer_->Produce(TopicFor(options_, event.type), event.id, json);
    }
    timer.Stop(Stage::kProduce);
    if (hooks_.output) batch_outputs_.emplace_back(json);
    batch_summary_.Count(event);
    ++batch_summary_.records;
    batch_summary_.bytes += m.value.size();
  }
  pending_.clear();
  return status;
}

void StreamJob::ClearBatch() {
  batch_open_ = false;
  pending_.clear();
  batch_bytes_ = 0;
  batch_first_.clear();
  batch_next_.clear();
  batch_timestamps_.clear();
  batch_outputs_.clear();
  batch_consumed_.clear();
  batch_summary_ = Summary();
}

Status StreamJob::CommitBatch() {
  if (!batch_open_) return Status::Ok();
  if (Status s = ProcessPending(); !s.ok()) return AbortBatch(s.message());
  // The batch's state changes go to the changelog with it; the store gets them from there.
  for (const auto& write : dedup_->TakeStateWrites()) {
    std::string key(1, static_cast<char>(write.family));
    key += write.key;
    if (Status s = producer_->Produce(options_.changelog_topic, key, write.value,
                                      {{std::string(kWriterHeader), writer_id_}});
        !s.ok()) {
      return AbortBatch(s.message());
    }
  }
  std::vector<kafka::TopicPartition> offsets;
  for (const auto& [partition, next] : batch_next_)
    offsets.push_back({partition.first, partition.second, next});
  if (exactly_once()) {
    kafka::KafkaStatus s = producer_->SendOffsets(*consumer_, offsets, kKafkaTimeoutMs);
    if (s.ok()) s = producer_->CommitTransaction(kKafkaTimeoutMs);
    if (s.recovery == kafka::Recovery::kFatal) return Status::IoError(s.message);
    if (!s.ok()) return AbortBatch(s.message);
  } else {
    if (Status s = producer_->Flush(kKafkaTimeoutMs); !s.ok()) return s;
    if (Status s = consumer_->Commit(offsets); !s.ok()) return s;
  }
  const int64_t now = WallMillis();
  for (int64_t timestamp : batch_timestamps_) {
    if (timestamp > 0) batch_summary_.AddLatency(now - timestamp);
  }
  if (hooks_.metrics != nullptr) {
    hooks_.metrics->Committed(batch_summary_, batch_consumed_, batch_summary_.latencies_ms);
    hooks_.metrics->AddStageTimes(std::exchange(stage_times_, StageTimes{}));
  }
  summary_.Add(batch_summary_);
  summary_.busy_seconds = std::chrono::duration<double>(Clock::now() - *first_record_).count();
  if (hooks_.output) {
    for (const auto& json : batch_outputs_) hooks_.output(json);
  }
  ClearBatch();
  if (hooks_.committed) hooks_.committed(summary_);
  return Status::Ok();
}

// Forgets the batch: its transaction, its decisions; the records are read again.
Status StreamJob::AbortBatch(std::string_view why,
                             const std::vector<kafka::TopicPartition>& leaving) {
  Log(fmt::format("aborting a batch of {} records ({}); it will be redone", batch_summary_.records,
                  why));
  if (hooks_.metrics != nullptr) hooks_.metrics->Aborted();
  if (exactly_once()) {
    if (auto s = producer_->AbortTransaction(kKafkaTimeoutMs); !s.ok())
      return Status::IoError(s.message);
  }
  std::vector<kafka::TopicPartition> rewind;
  for (const auto& entry : batch_first_) {
    const PartitionKey& partition = entry.first;  // (not a structured binding: clang cannot
                                                  // capture those in the lambda)
    const bool left = std::any_of(leaving.begin(), leaving.end(), [&](const auto& p) {
      return p.topic == partition.first && p.partition == partition.second;
    });
    if (!left) {
      rewind.push_back({partition.first, partition.second, entry.second});
      replay_done_.erase(partition);  // a replay reads the rewound records again
    }
  }
  ClearBatch();
  if (Status s = consumer_->Seek(rewind); !s.ok()) return s;
  // The index is rebuilt from the store, so the store must first hold every committed change.
  if (Status s = TailChangelog(/*to_end=*/true); !s.ok()) return s;
  return dedup_->Reload();
}

void StreamJob::OnAssigned(const std::vector<kafka::TopicPartition>& partitions) {
  std::string names;
  for (const auto& p : partitions)
    names += fmt::format("{}{}/{}", names.empty() ? "" : " ", p.topic, p.partition);
  Log(fmt::format("assigned {} partition(s): {}", partitions.size(), names));
  assigned_partitions_ += partitions.size();
  if (started_ && assigned_partitions_ > 0) Ready(true);
}

// Before giving partitions up, the open batch is finished (their offsets commit with it), or
// abandoned when the group already gave them to someone else.
void StreamJob::OnRevoked(const std::vector<kafka::TopicPartition>& partitions, bool lost) {
  Log(fmt::format("{} {} partition(s)", lost ? "lost" : "giving up", partitions.size()));
  assigned_partitions_ -= std::min(assigned_partitions_, partitions.size());
  if (assigned_partitions_ == 0)
    Ready(false, "no partitions assigned (rebalancing, or more instances than partitions)");
  for (const auto& p : partitions) last_timestamp_ms_.erase({p.topic, p.partition});
  if (!batch_open_ || !callback_error_.ok() || abandoned_) return;
  callback_error_ = lost ? AbortBatch("the assignment was lost", partitions) : CommitBatch();
}

void StreamJob::ReportIdle() {
  if (hooks_.metrics == nullptr) return;
  JobMetrics& metrics = *hooks_.metrics;
  if (hooks_.health != nullptr) metrics.Progress(hooks_.health->last_progress_unix_seconds());
  if (const std::string statistics = consumer_->TakeStatistics(); !statistics.empty()) {
    auto lags = kafka::ParseConsumerLag(statistics);
    if (lags.ok()) {
      metrics.SetLag(*lags, last_timestamp_ms_, WallMillis());
    } else {
      Log(lags.status().message());
    }
  }
  const auto now = Clock::now();
  if (now - state_reported_ >= kStateStatsEvery) {
    state_reported_ = now;
    auto stats = dedup_->store().Stats();
    if (stats.ok()) {
      metrics.SetState(*stats, dedup_->store().expired());
    } else {
      metrics.StateError();
      Log(stats.status().message());
    }
  }
}

Status StreamJob::Run() {
  if (Status s = Start(); !s.ok()) return s;
  const auto wait = std::chrono::milliseconds(options_.batch_wait_ms);
  while (!hooks_.stop() && !(ReplayRead() && !batch_open_)) {
    if (hooks_.health != nullptr) hooks_.health->Progress();
    int timeout_ms = 100;
    if (!pending_.empty()) {
      timeout_ms = 0;  // take what has arrived, then process it
    } else if (batch_open_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(batch_opened_ + wait -
                                                                              Clock::now());
      timeout_ms = static_cast<int>(std::clamp<int64_t>(left.count(), 0, 100));
    }
    auto message = consumer_->Poll(timeout_ms);
    if (!callback_error_.ok()) return callback_error_;
    bool record = message.ok() && message->has_value() && !(*message)->end_of_partition;
    if (replay_ != nullptr && message.ok() && message->has_value()) {
      // A record past its range's end is not the replay's; reaching the end closes the range.
      const kafka::Message& m = **message;
      const PartitionKey key{m.topic, m.partition};
      const auto end = replay_end_.find(key);
      if (end == replay_end_.end() || replay_done_.count(key) || m.offset >= end->second) {
        record = false;
      }
      if (end != replay_end_.end() &&
          (m.end_of_partition ? m.offset >= end->second : m.offset + 1 >= end->second)) {
        replay_done_.insert(key);
      }
    }
    if (!message.ok()) {
      // Consumer errors are reported and retried by librdkafka; the job carries on.
      Log(message.status().message());
    } else if (record) {
      if (!batch_open_) {
        if (Status s = OpenBatch(); !s.ok()) return s;
      }
      Admit(std::move(**message));
    }
    if (!record || pending_.size() >= kChunkRecords) {
      if (Status s = ProcessPending(); !s.ok()) {
        if (Status a = AbortBatch(s.message()); !a.ok()) return a;
        continue;
      }
    }
    if (batch_open_ && (batch_summary_.records + pending_.size() >= options_.batch_records ||
                        batch_bytes_ >= options_.batch_bytes ||
                        Clock::now() >= batch_opened_ + wait || ReplayRead())) {
      if (Status s = CommitBatch(); !s.ok()) return s;
    }
    if (!batch_open_) {
      if (Status s = TailChangelog(/*to_end=*/false); !s.ok()) return s;
      if (Status s = FollowReference(); !s.ok()) return s;
      ReportIdle();
    }
  }
  Ready(false, "shutting down");
  if (Status s = CommitBatch(); !s.ok()) return s;
  if (Status s = TailChangelog(/*to_end=*/false); !s.ok()) return s;
  if (Status s = consumer_->Close(); !s.ok()) return s;
  return callback_error_;
}

}  // namespace

Status RunStreamJob(const config::Config& config, const StreamHooks& hooks, Summary& summary,
                    const ReplayPlan* replay) {
  config::Config resolved = config;
  if (resolved.kafka.changelog_topic.empty()) {
    resolved.kafka.changelog_topic = resolved.kafka.group + ".changelog";
  }
  if (resolved.kafka.reference_topic.empty()) {
    resolved.kafka.reference_topic = resolved.kafka.group + ".reference";
  }
  if (resolved.kafka.transactional_id.empty()) {
    char host[256] = {};
    (void)::gethostname(host, sizeof host - 1);
    resolved.kafka.transactional_id = fmt::format("{}-{}", resolved.kafka.group, host);
  }
  StreamJob job(resolved, hooks, summary, replay);
  return job.Run();
}

}  // namespace copydesk::pipeline
