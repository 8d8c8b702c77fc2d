// The Prometheus families of the stream job (`run`, `demo`): what it consumed, what it made of
// it, its transactions, its lag and its state, all updated once per committed batch (and per
// statistics interval), never per record. docs/metrics.md lists every one.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "copydesk/kafka/statistics.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/state/store.h"

namespace copydesk::pipeline {

// What a committed batch read, per input topic.
struct ConsumedCounts {
  uint64_t records = 0;
  uint64_t bytes = 0;
};

// Not thread-safe: the job's thread updates it; prometheus-cpp makes the scrape safe.
class JobMetrics {
 public:
  JobMetrics(prometheus::Registry& registry, const std::string& copydesk_version);

  // A committed batch: its outcomes, what it read, and the milliseconds from its records'
  // timestamps to the commit.
  void Committed(const Summary& batch, const std::map<std::string, ConsumedCounts>& consumed,
                 const std::vector<int64_t>& end_to_end_ms);
  // The time the stages took over a batch (committed or not: the work was done).
  void AddStageTimes(const StageTimes& times);
  void Aborted();
  void SetReference(const std::string& version);
  // `last_timestamp_ms`: per partition, the timestamp of the last record read from it; the
  // lag in seconds is the age of that record while the partition has a backlog.
  void SetLag(const std::vector<kafka::PartitionLag>& lags,
              const std::map<std::pair<std::string, int32_t>, int64_t>& last_timestamp_ms,
              int64_t now_ms);
  void SetState(const state::StoreStats& stats, uint64_t expired);
  void StateError();
  void Progress(double unix_seconds);

 private:
  using PartitionKey = std::pair<std::string, int32_t>;

  // Families whose series come and go (topics, partitions, the reference version).
  prometheus::Family<prometheus::Gauge>* reference_ = nullptr;
  prometheus::Gauge* reference_gauge_ = nullptr;
  std::string reference_version_;
  prometheus::Family<prometheus::Counter>* consumed_records_ = nullptr;
  prometheus::Family<prometheus::Counter>* consumed_bytes_ = nullptr;
  prometheus::Family<prometheus::Gauge>* lag_records_ = nullptr;
  prometheus::Family<prometheus::Gauge>* lag_seconds_ = nullptr;
  std::map<PartitionKey, std::pair<prometheus::Gauge*, prometheus::Gauge*>> lag_;
  prometheus::Family<prometheus::Gauge>* state_bytes_ = nullptr;
  prometheus::Family<prometheus::Gauge>* state_keys_ = nullptr;
  // Series fixed at start-up.
  std::array<prometheus::Counter*, 4> events_{};      // by event::EventType
  std::array<prometheus::Counter*, 5> duplicates_{};  // by event::DedupStatus: url, exact, near
  std::vector<prometheus::Counter*> rejected_;        // by wire::RejectReason
  std::vector<prometheus::Counter*> dead_letters_;    // by wire::RejectReason
  std::array<prometheus::Counter*, 4> entities_{};    // person, organisation, place, subject
  prometheus::Counter* committed_ = nullptr;
  prometheus::Counter* aborted_ = nullptr;
  prometheus::Histogram* end_to_end_ = nullptr;
  std::array<prometheus::Histogram*, kStageCount> stages_{};
  prometheus::Gauge* state_pending_compaction_ = nullptr;
  prometheus::Counter* state_expired_ = nullptr;
  prometheus::Counter* state_errors_ = nullptr;
  prometheus::Gauge* last_progress_ = nullptr;
  uint64_t expired_seen_ = 0;
};

}  // namespace copydesk::pipeline
