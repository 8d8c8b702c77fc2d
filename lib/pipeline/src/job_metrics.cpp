#include "copydesk/pipeline/job_metrics.h"

#include "copydesk/kafka/client.h"
#include "copydesk/wire/decoder.h"

namespace copydesk::pipeline {
namespace {

// Seconds from a record's timestamp to its batch's commit: tens of milliseconds when keeping
// up, up to hours when draining a backlog.
const prometheus::Histogram::BucketBoundaries kEndToEndBuckets{
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

template <typename Builder>
auto& Family(Builder builder, const char* name, const char* help, prometheus::Registry& registry) {
  return builder.Name(name).Help(help).Register(registry);
}

}  // namespace

JobMetrics::JobMetrics(prometheus::Registry& registry, const std::string& copydesk_version) {
  using prometheus::BuildCounter;
  using prometheus::BuildGauge;
  Family(BuildGauge(), "copydesk_build_info", "The versions copydesk runs with, as labels (1)",
         registry)
      .Add({{"version", copydesk_version},
            {"librdkafka", kafka::LibraryVersion()},
            {"rocksdb", state::LibraryVersion()},
            {"simdjson", wire::ParserVersion()}})
      .Set(1);
  reference_ =
      &Family(BuildGauge(), "copydesk_reference_info",
              "The version of the reference data articles are enriched with (1)", registry);
  consumed_records_ = &Family(BuildCounter(), "copydesk_records_consumed_total",
                              "Raw records read and committed, by input topic", registry);
  consumed_bytes_ = &Family(BuildCounter(), "copydesk_consumed_bytes_total",
                            "Bytes of raw records read and committed, by input topic", registry);

  auto& events =
      Family(BuildCounter(), "copydesk_events_total",
             "Events committed, by type: article, update, duplicate, rejected", registry);
  for (size_t t = 0; t < events_.size(); ++t) {
    events_[t] = &events.Add(
        {{"type", std::string(event::EventTypeName(static_cast<event::EventType>(t)))}});
  }
  auto& duplicates = Family(BuildCounter(), "copydesk_duplicates_total",
                            "Duplicates committed, by kind: url, exact, near", registry);
  for (auto status :
       {event::DedupStatus::kUrl, event::DedupStatus::kExact, event::DedupStatus::kNear}) {
    duplicates_[static_cast<size_t>(status)] =
        &duplicates.Add({{"kind", std::string(event::DedupStatusName(status))}});
  }
  auto& rejected =
      Family(BuildCounter(), "copydesk_rejected_total", "Records rejected, by reason", registry);
  auto& dead_letters = Family(BuildCounter(), "copydesk_dead_letters_total",
                              "Records sent to the dead-letter topic, by reason", registry);
  for (int r = 0; r < wire::kRejectReasonCount; ++r) {
    const std::string reason(wire::RejectReasonCode(static_cast<wire::RejectReason>(r)));
    rejected_.push_back(&rejected.Add({{"reason", reason}}));
    dead_letters_.push_back(&dead_letters.Add({{"reason", reason}}));
  }
  auto& entities =
      Family(BuildCounter(), "copydesk_entities_total",
             "Names and Media Topics assigned to committed articles, by type", registry);
  const char* const kEntityTypes[] = {"person", "organisation", "place", "subject"};
  for (size_t t = 0; t < entities_.size(); ++t)
    entities_[t] = &entities.Add({{"type", kEntityTypes[t]}});

  auto& transactions =
      Family(BuildCounter(), "copydesk_transactions_total",
             "Batches ended, by result: committed, or aborted (and redone)", registry);
  committed_ = &transactions.Add({{"result", "committed"}});
  aborted_ = &transactions.Add({{"result", "aborted"}});
  end_to_end_ =
      &Family(prometheus::BuildHistogram(), "copydesk_end_to_end_latency_seconds",
              "Seconds from a record's Kafka timestamp to the commit of its outcome", registry)
           .Add({}, kEndToEndBuckets);
  auto& stages = Family(prometheus::BuildHistogram(), "copydesk_stage_duration_seconds",
                        "Seconds a stage took for one record", registry);
  const prometheus::Histogram::BucketBoundaries stage_bounds(StageTimes::kBounds.begin(),
                                                             StageTimes::kBounds.end());
  for (size_t s = 0; s < kStageCount; ++s) {
    stages_[s] =
        &stages.Add({{"stage", std::string(StageName(static_cast<Stage>(s)))}}, stage_bounds);
  }
  lag_records_ =
      &Family(BuildGauge(), "copydesk_consumer_lag_records",
              "Records of an input partition not yet read (librdkafka statistics)", registry);
  lag_seconds_ = &Family(BuildGauge(), "copydesk_consumer_lag_seconds",
                         "Age of the last record read from an input partition while it has a "
                         "backlog; 0 when caught up",
                         registry);
  state_bytes_ =
      &Family(BuildGauge(), "copydesk_state_size_bytes",
              "Live data in the state store, by column family (RocksDB estimate)", registry);
  state_keys_ = &Family(BuildGauge(), "copydesk_state_keys",
                        "Keys in the state store, by column family (RocksDB estimate)", registry);
  state_pending_compaction_ =
      &Family(BuildGauge(), "copydesk_state_pending_compaction_bytes",
              "Bytes RocksDB estimates compaction has yet to rewrite", registry)
           .Add({});
  state_expired_ = &Family(BuildCounter(), "copydesk_state_expired_total",
                           "State records dropped by compaction past the dedup horizon", registry)
                        .Add({});
  state_errors_ = &Family(BuildCounter(), "copydesk_state_errors_total",
                          "Errors reading the state store's statistics or writing it", registry)
                       .Add({});
  last_progress_ = &Family(BuildGauge(), "copydesk_last_progress_timestamp_seconds",
                           "Unix time the job's main loop last went round", registry)
                        .Add({});
}

void JobMetrics::Committed(const Summary& batch,
                           const std::map<std::string, ConsumedCounts>& consumed,
                           const std::vector<int64_t>& end_to_end_ms) {
  committed_->Increment();
  for (const auto& [topic, counts] : consumed) {
    consumed_records_->Add({{"topic", topic}}).Increment(static_cast<double>(counts.records));
    consumed_bytes_->Add({{"topic", topic}}).Increment(static_cast<double>(counts.bytes));
  }
  for (size_t t = 0; t < events_.size(); ++t) {
    if (batch.by_type[t] > 0) events_[t]->Increment(static_cast<double>(batch.by_type[t]));
  }
  for (size_t s = 0; s < duplicates_.size(); ++s) {
    if (duplicates_[s] != nullptr && batch.by_dedup[s] > 0)
      duplicates_[s]->Increment(static_cast<double>(batch.by_dedup[s]));
  }
  for (size_t r = 0; r < rejected_.size(); ++r) {
    if (batch.by_reason[r] == 0) continue;
    rejected_[r]->Increment(static_cast<double>(batch.by_reason[r]));
    dead_letters_[r]->Increment(static_cast<double>(batch.by_reason[r]));
  }
  const uint64_t entities[] = {batch.people, batch.organisations, batch.places, batch.subjects};
  for (size_t t = 0; t < entities_.size(); ++t) {
    if (entities[t] > 0) entities_[t]->Increment(static_cast<double>(entities[t]));
  }
  // One merge per batch: bucket counts first, then one update of the shared histogram.
  if (!end_to_end_ms.empty()) {
    std::vector<double> buckets(kEndToEndBuckets.size() + 1, 0);
    double sum = 0;
    for (int64_t millis : end_to_end_ms) {
      const double seconds = static_cast<double>(std::max<int64_t>(millis, 0)) / 1000.0;
      const auto bucket =
          std::lower_bound(kEndToEndBuckets.begin(), kEndToEndBuckets.end(), seconds);
      buckets[static_cast<size_t>(bucket - kEndToEndBuckets.begin())] += 1;
      sum += seconds;
    }
    end_to_end_->ObserveMultiple(buckets, sum);
  }
}

void JobMetrics::AddStageTimes(const StageTimes& times) {
  for (size_t s = 0; s < kStageCount; ++s) {
    const std::vector<double> buckets(times.counts[s].begin(), times.counts[s].end());
    stages_[s]->ObserveMultiple(buckets, times.seconds[s]);
  }
}

void JobMetrics::Aborted() {
  aborted_->Increment();
}

void JobMetrics::SetReference(const std::string& version) {
  if (version == reference_version_) return;
  if (reference_gauge_ != nullptr) reference_->Remove(reference_gauge_);
  reference_gauge_ = &reference_->Add({{"version", version}});
  reference_gauge_->Set(1);
  reference_version_ = version;
}

void JobMetrics::SetLag(const std::vector<kafka::PartitionLag>& lags,
                        const std::map<PartitionKey, int64_t>& last_timestamp_ms, int64_t now_ms) {
  std::map<PartitionKey, std::pair<prometheus::Gauge*, prometheus::Gauge*>> current;
  for (const auto& lag : lags) {
    const PartitionKey key{lag.topic, lag.partition};
    auto found = lag_.find(key);
    std::pair<prometheus::Gauge*, prometheus::Gauge*> gauges;
    if (found != lag_.end()) {
      gauges = found->second;
      lag_.erase(found);
    } else {
      const std::map<std::string, std::string> labels{{"topic", lag.topic},
                                                      {"partition", std::to_string(lag.partition)}};
      gauges = {&lag_records_->Add(labels), &lag_seconds_->Add(labels)};
    }
    gauges.first->Set(static_cast<double>(lag.lag));
    double seconds = 0;
    if (lag.lag > 0) {
      const auto last = last_timestamp_ms.find(key);
      if (last != last_timestamp_ms.end() && last->second > 0 && now_ms > last->second)
        seconds = static_cast<double>(now_ms - last->second) / 1000.0;
    }
    gauges.second->Set(seconds);
    current.emplace(key, gauges);
  }
  // Partitions no longer reported (given to another instance) stop being exported.
  for (const auto& [key, gauges] : lag_) {
    lag_records_->Remove(gauges.first);
    lag_seconds_->Remove(gauges.second);
  }
  lag_ = std::move(current);
}

void JobMetrics::SetState(const state::StoreStats& stats, uint64_t expired) {
  for (const auto& family : stats.families) {
    state_bytes_->Add({{"column_family", family.name}}).Set(static_cast<double>(family.live_bytes));
    state_keys_->Add({{"column_family", family.name}})
        .Set(static_cast<double>(family.estimated_keys));
  }
  state_pending_compaction_->Set(static_cast<double>(stats.pending_compaction_bytes));
  // The store counts since it was opened; the counter takes the increase.
  if (expired > expired_seen_)
    state_expired_->Increment(static_cast<double>(expired - expired_seen_));
  expired_seen_ = expired;
}

void JobMetrics::StateError() {
  state_errors_->Increment();
}

void JobMetrics::Progress(double unix_seconds) {
  last_progress_->Set(unix_seconds);
}

}  // namespace copydesk::pipeline
