#include "stream_runner.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/metrics/server.h"
#include "copydesk/pipeline/job_metrics.h"
#include "copydesk/pipeline/stream_job.h"
#include "progress_line.h"

namespace copydesk::cli {
namespace {

std::atomic<int> g_signals{0};
extern "C" void OnSignal(int) {
  // The second Ctrl-C means "now".
  if (g_signals.fetch_add(1) >= 1) ::_exit(130);
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Ends the process when a requested shutdown overruns its bound (a broker that stopped
// answering must not keep a supervisor waiting); the open transaction is aborted by the broker.
void StartShutdownWatchdog(std::string command, int64_t bound_ms) {
  std::thread([command = std::move(command), bound_ms] {
    while (g_signals.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(bound_ms));
    fmt::print(stderr,
               "copydesk {}: shutdown took longer than kafka.shutdown_timeout ({} ms); "
               "exiting now\n",
               command, bound_ms);
    ::_exit(kExitFailure);
  }).detach();
}

}  // namespace

Result<std::unique_ptr<kafka::EmbeddedCluster>> StartEmbeddedCluster(
    const kafka::KafkaOptions& options, int partitions) {
  auto cluster = kafka::EmbeddedCluster::Start(1);
  if (!cluster.ok()) return cluster.status();
  std::vector<std::string> topics = options.input_topics;
  for (const auto* topic :
       {&options.articles_topic, &options.duplicates_topic, &options.dead_letter_topic}) {
    topics.push_back(*topic);
  }
  topics.push_back(options.changelog_topic.empty() ? options.group + ".changelog"
                                                   : options.changelog_topic);
  for (const auto& topic : topics) {
    if (Status s = (*cluster)->CreateTopic(topic, partitions); !s.ok()) return s;
  }
  return cluster;
}

void SetMetricsPort(config::Config& config, uint16_t port) {
  const std::string& listen = config.metrics.listen;
  const size_t colon = listen.rfind(':');
  config.metrics.listen =
      (colon == std::string::npos ? std::string() : listen.substr(0, colon + 1)) +
      std::to_string(port);
}

int RunStream(const StreamRun& run, const config::Config& config, pipeline::Summary& summary,
              const pipeline::ReplayPlan* replay) {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  StartShutdownWatchdog(run.command, config.kafka.shutdown_timeout_ms);

  // Metrics and health, when asked for: they live as long as the job.
  prometheus::Registry registry;
  metrics::Health health;
  std::unique_ptr<pipeline::JobMetrics> job_metrics;
  std::unique_ptr<metrics::MetricsServer> server;
  if (!config.metrics.listen.empty()) {
    job_metrics = std::make_unique<pipeline::JobMetrics>(registry, COPYDESK_VERSION);
    auto started = metrics::MetricsServer::Start(config.metrics.listen, registry, health);
    if (!started.ok()) {
      fmt::print(stderr, "copydesk {}: {}\n", run.command, started.status().message());
      return kExitUsage;
    }
    server = std::move(started).value();
    fmt::print(stderr, "copydesk {}: serving /metrics, /healthz and /readyz on port {}\n",
               run.command, server->port());
  }

  const auto start = std::chrono::steady_clock::now();
  auto last_logged = start;
  ProgressLine progress(run.command);
  bool finished = false;
  pipeline::StreamHooks hooks;
  hooks.stop = [&] { return g_signals.load() > 0 || finished; };
  hooks.log = [&](std::string_view line) {
    progress.Finish();
    fmt::print(stderr, "copydesk {}: {}\n", run.command, line);
  };
  hooks.output = run.output;
  if (job_metrics != nullptr) {
    hooks.metrics = job_metrics.get();
    hooks.health = &health;
  }
  hooks.committed = [&](const pipeline::Summary& so_far) {
    if (run.done && run.done(so_far)) finished = true;
    const auto& by = so_far.by_type;
    const std::string detail = fmt::format("{} duplicates, {} updates, {} rejected",
                                           by[static_cast<size_t>(event::EventType::kDuplicate)],
                                           by[static_cast<size_t>(event::EventType::kUpdate)],
                                           by[static_cast<size_t>(event::EventType::kRejected)]);
    if (progress.live()) {
      progress.Update({.records = so_far.records,
                       .records_total = run.records_total,
                       .bytes = so_far.bytes,
                       .detail = detail});
    } else if (run.log_progress && Since(last_logged) >= 10) {
      last_logged = std::chrono::steady_clock::now();
      fmt::print(stderr, "copydesk {}: {} records, {:.0f}/s, {}\n", run.command, so_far.records,
                 so_far.records / Since(start), detail);
    }
  };
  const Status status = pipeline::RunStreamJob(config, hooks, summary, replay);
  progress.Finish();
  if (!status.ok()) {
    fmt::print(stderr, "copydesk {}: {}\n", run.command, status.message());
    return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  PrintSummary(run.command, summary, Since(start));
  return kExitOk;
}

}  // namespace copydesk::cli
