// `copydesk run`: the continuous job, a member of the consumer group kafka.group
// (DESIGN.md "Command line"; lib/pipeline/stream_job.h says how exactly-once works).
#include <fmt/format.h>

#include "commands.h"
#include "stream_runner.h"

namespace copydesk::cli {

Command AddRunCommand(CLI::App& app) {
  struct Flags {
    std::optional<std::filesystem::path> config;
    std::optional<uint16_t> metrics_port;
    std::string state_dir;
    uint64_t max_records = 0;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "run", "Process the raw topics continuously, exactly once, as a consumer-group member");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  sub->add_option("--metrics-port", flags->metrics_port,
                  "Serve /metrics, /healthz and /readyz on this port (0: any free one); sets "
                  "metrics.listen's port");
  sub->add_option("--state", flags->state_dir,
                  "State directory (default: state.dir of the config; none: a temporary one, "
                  "rebuilt from the changelog at every start)");
  sub->add_option("--max-records", flags->max_records,
                  "Leave the group after committing this many records (default: run until "
                  "SIGINT/SIGTERM); for benchmarks and tests");

  return {sub, [flags] {
            auto loaded = LoadConfigOrReport(flags->config);
            if (!loaded) return kExitUsage;
            config::Config& config = loaded->config;
            if (flags->metrics_port) SetMetricsPort(config, *flags->metrics_port);
            if (!flags->state_dir.empty()) config.state.dir = flags->state_dir;
            std::unique_ptr<kafka::EmbeddedCluster> cluster;
            if (config.kafka.brokers == "embedded") {
              auto started = StartEmbeddedCluster(config.kafka,
                                                  static_cast<int>(config.kafka.topic_partitions));
              if (!started.ok()) {
                fmt::print(stderr, "copydesk run: {}\n", started.status().message());
                return kExitFailure;
              }
              cluster = std::move(started).value();
              config.kafka.brokers = cluster->bootstrap();
              fmt::print(stderr,
                         "copydesk run: embedded Kafka at {} (not for production: no "
                         "exactly-once, nothing kept)\n",
                         config.kafka.brokers);
            }
            StreamRun run{"run", {}, {}};
            run.log_progress = true;
            if (flags->max_records > 0) {
              run.done = [max = flags->max_records](const pipeline::Summary& s) {
                return s.records >= max;
              };
            }
            pipeline::Summary summary;
            return RunStream(run, config, summary);
          }};
}

}  // namespace copydesk::cli
