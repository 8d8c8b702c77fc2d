// `copydesk replay`: what to re-run (a time window and/or offset ranges of the raw topics),
// resolved against the cluster into a plan with fixed end offsets, so that a replay finishes
// by itself and a re-run of the same replay covers the same records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/kafka/client.h"

namespace copydesk::pipeline {

// One partition's records to replay: offsets [start, end).
struct ReplayRange {
  std::string topic;
  int32_t partition = 0;
  int64_t start = 0;
  int64_t end = 0;
  uint64_t records() const { return end > start ? static_cast<uint64_t>(end - start) : 0; }
};

struct ReplaySelection {
  std::vector<std::string> topics;   // every partition of these, unless `offsets` names some
  std::optional<int64_t> from_ms;    // records at or after this time (Kafka timestamps)
  std::optional<int64_t> to_ms;      // records before this time; none: up to the end now
  std::vector<ReplayRange> offsets;  // explicit ranges (end -1: up to the end now)
};

struct ReplayPlan {
  std::vector<ReplayRange> ranges;  // only partitions with something to replay
  uint64_t records() const;         // at most this many (transaction markers take offsets too)
  // The "readonly" state mode: the replay's state starts as a copy of the live job's, read
  // from this changelog topic (to its end at start) into the replay's temporary state, so
  // that its decisions are made against what the live job has seen. Empty: "isolated", the
  // replay's own history only.
  std::string live_changelog;
};

// "-24h" (that long before `now_ms`), or an RFC 3339 time. Errors say what is accepted.
Result<int64_t> ParseReplayTime(std::string_view text, int64_t now_ms);
// "news.raw:0:100-200,news.raw:3:500-" (end exclusive; no end: up to the end now).
Result<std::vector<ReplayRange>> ParseOffsetRanges(std::string_view text);

// Resolves `selection` against the brokers: partitions, the offsets of the time window
// (offsetsForTimes), end offsets as they are now (the last stable offset: what read_committed
// reads).
Result<ReplayPlan> PlanReplay(const kafka::Properties& client, const ReplaySelection& selection,
                              int timeout_ms);

}  // namespace copydesk::pipeline
