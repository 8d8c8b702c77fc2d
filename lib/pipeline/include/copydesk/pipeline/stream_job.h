// `copydesk run` and `copydesk demo`: a consumer-group member that reads the raw topics, runs
// every stage and publishes articles, duplicates and dead letters (DESIGN.md "Data flow").
//
// Exactly once (the default): each batch's outputs, dead letters, state changes (to the
// changelog topic) and input offsets go in one Kafka transaction. The state store is a
// materialised copy of the committed changelog, written only from it: after a crash it is
// behind, never ahead, and catches up before processing resumes. Decisions inside an open
// batch see the in-memory index; an aborted batch is forgotten by rebuilding the index from
// the store, and redone from the batch's first offsets.
#pragma once

#include <functional>
#include <string_view>

#include "copydesk/config/config.h"
#include "copydesk/core/status.h"
#include "copydesk/metrics/health.h"
#include "copydesk/pipeline/job_metrics.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/pipeline/replay.h"

namespace copydesk::pipeline {

struct StreamHooks {
  std::function<bool()> stop;                     // asked often; true: finish and leave
  std::function<void(std::string_view)> log;      // start-up, rebalances, aborted batches
  std::function<void(const Summary&)> committed;  // after every committed batch
  std::function<void(std::string_view)> output;   // each committed event's JSON (optional)
  JobMetrics* metrics = nullptr;                  // optional: the job's Prometheus families
  metrics::Health* health = nullptr;              // optional: told of progress and readiness
};

// Runs until hooks.stop() (then it commits the open batch and leaves the group) or an error
// that needs a restart. config.kafka.brokers must be an address (the caller starts an
// embedded cluster itself). `summary` counts what was committed.
//
// With `replay`: reads the plan's ranges instead of following the group's partitions, from
// where config.kafka.group (the replay's own group) committed last, else from their starts,
// and ends by itself once every range is committed to its end. The same plan re-run resumes
// and gives each record one outcome, as the live job does.
Status RunStreamJob(const config::Config& config, const StreamHooks& hooks, Summary& summary,
                    const ReplayPlan* replay = nullptr);

}  // namespace copydesk::pipeline
