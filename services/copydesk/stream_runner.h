// What `copydesk run` and `copydesk demo` share: the stream job under signal handling, a
// bounded shutdown, a progress line, the closing summary, and the embedded cluster.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "copydesk/config/config.h"
#include "copydesk/kafka/client.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/pipeline/replay.h"

namespace copydesk::cli {

struct StreamRun {
  std::string command;                                 // "run", "demo"
  std::function<bool(const pipeline::Summary&)> done;  // optional: true ends the job
  std::function<void(std::string_view)> output;        // optional: each committed event
  uint64_t records_total = 0;  // records expected, when known (the demo's feed): for the ETA
  bool log_progress = false;   // off a terminal, a progress line in the log every 10 s
};

// Runs the stream job until SIGINT/SIGTERM or run.done; a second signal, or the shutdown
// taking longer than kafka.shutdown_timeout, ends the process at once. Prints the summary;
// returns the exit status.
// `replay`: the plan the job reads (see pipeline::RunStreamJob).
int RunStream(const StreamRun& run, const config::Config& config, pipeline::Summary& summary,
              const pipeline::ReplayPlan* replay = nullptr);

// --metrics-port: serve metrics on this port, at the address metrics.listen names (or every
// interface).
void SetMetricsPort(config::Config& config, uint16_t port);

// librdkafka's mock cluster with every topic of `options` (`partitions` each).
Result<std::unique_ptr<kafka::EmbeddedCluster>> StartEmbeddedCluster(
    const kafka::KafkaOptions& options, int partitions);

}  // namespace copydesk::cli
