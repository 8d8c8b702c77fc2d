// `copydesk replay`: re-runs a slice of the raw topics' history (a time window, offset
// ranges) in a consumer group and a state of its own, and stops by itself at the end of the
// plan. Exactly once like `run`: an interrupted replay re-run with the same name resumes.
#include <chrono>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/core/hash.h"
#include "copydesk/kafka/client.h"
#include "copydesk/pipeline/replay.h"
#include "copydesk/text/date.h"
#include "stream_runner.h"

namespace copydesk::cli {
namespace {

constexpr int kPlanTimeoutMs = 30'000;
constexpr size_t kSampleRecords = 500;  // read to measure the pipeline's rate for --dry-run

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Fail(const Status& status) {
  fmt::print(stderr, "copydesk replay: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

// Records a second of the stateless stages on the plan's first records (the rest of a
// replay, dedup and Kafka, adds to it: the estimate is a lower bound).
Result<double> MeasureRate(const config::Config& config, const pipeline::ReplayPlan& plan) {
  kafka::Properties properties = config.kafka.properties;
  properties["bootstrap.servers"] = config.kafka.brokers;
  properties["isolation.level"] = "read_committed";
  std::vector<kafka::TopicPartition> starts;
  for (const auto& range : plan.ranges)
    starts.push_back({range.topic, range.partition, range.start});
  auto consumer = kafka::Consumer::Assign(properties, starts);
  if (!consumer.ok()) return consumer.status();
  std::vector<kafka::Message> sample;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sample.size() < std::min<uint64_t>(kSampleRecords, plan.records()) &&
         std::chrono::steady_clock::now() < deadline) {
    auto message = (*consumer)->Poll(100);
    if (!message.ok()) return message.status();
    if (message->has_value() && !(*message)->end_of_partition)
      sample.push_back(std::move(**message));
  }
  if (sample.empty()) return 0.0;
  auto resources = pipeline::LoadResources(config);
  if (!resources.ok()) return resources.status();
  pipeline::ProcessorPool pool(config, *resources, config.pipeline.workers);
  std::vector<pipeline::Record> records;
  for (const auto& m : sample) records.push_back({m.value, 0, {}});
  const auto start = std::chrono::steady_clock::now();
  pool.Process(records);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return seconds > 0 ? static_cast<double>(records.size()) / seconds : 0.0;
}

void PrintPlan(const pipeline::ReplayPlan& plan, const std::string& group) {
  fmt::print(stderr, "copydesk replay: the plan (consumer group {}):\n", group);
  fmt::print(stderr, "  {:<32} {:>9} {:>12} {:>12} {:>10}\n", "topic", "partition", "from offset",
             "to offset", "records");
  for (const auto& range : plan.ranges) {
    fmt::print(stderr, "  {:<32} {:>9} {:>12} {:>12} {:>10}\n", range.topic, range.partition,
               range.start, range.end, range.records());
  }
  fmt::print(stderr, "  {} partition(s), at most {} records\n", plan.ranges.size(), plan.records());
}

}  // namespace

Command AddReplayCommand(CLI::App& app) {
  struct Flags {
    std::optional<std::filesystem::path> config;
    std::optional<uint16_t> metrics_port;
    std::string from;
    std::string to;
    std::string offsets;
    std::vector<std::string> topics;
    std::string name;
    std::string output_prefix;
    std::string state_dir;
    std::string state_mode = "isolated";
    bool dry_run = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "replay",
      "Re-run a slice of the raw topics' history (a time window, offset ranges) in a group "
      "and a state of its own; stops at the end");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  sub->add_option("--from", flags->from,
                  "Records at or after this time: RFC 3339 (2026-11-20T06:00:00Z) or before now "
                  "(-24h, -7d)");
  sub->add_option("--to", flags->to, "Records before this time (default: up to the end now)");
  sub->add_option("--offsets", flags->offsets,
                  "Offset ranges, end exclusive: news.raw:0:100-200,news.raw:3:500- (with --from "
                  "and --to: the records in both)");
  sub->add_option("--topics", flags->topics,
                  "Raw topics to replay (default: kafka.input_topics); every partition")
      ->delimiter(',');
  sub->add_option("--name", flags->name,
                  "The replay's name: its consumer group is <kafka.group>.replay.<name>; the "
                  "same name resumes an interrupted replay (default: from the selection, the "
                  "output prefix and the state mode)");
  sub->add_option("--output-prefix", flags->output_prefix,
                  "Publish to <prefix>.articles, <prefix>.duplicates and <prefix>.dlq (created "
                  "when missing) instead of the configured output topics");
  sub->add_option("--state", flags->state_dir,
                  "The replay's own state directory (default: a temporary one, rebuilt from the "
                  "replay's changelog); never the live one");
  sub->add_option("--state-mode", flags->state_mode,
                  "isolated: the replay builds its own dedup history from what it replays; "
                  "readonly: its decisions are made against the live job's state (copied from "
                  "the live changelog at start), which it does not change")
      ->check(CLI::IsMember({"isolated", "readonly"}))
      ->capture_default_str();
  sub->add_flag("--dry-run", flags->dry_run,
                "Print the plan (partitions, offset ranges, records, estimated time) and stop");
  sub->add_option("--metrics-port", flags->metrics_port,
                  "Serve /metrics, /healthz and /readyz on this port while it runs");

  return {
      sub, [flags] {
        auto loaded = LoadConfigOrReport(flags->config);
        if (!loaded) return kExitUsage;
        config::Config& config = loaded->config;
        if (flags->metrics_port) SetMetricsPort(config, *flags->metrics_port);
        if (flags->from.empty() && flags->to.empty() && flags->offsets.empty()) {
          return Fail(Status::InvalidArgument(
              "say what to replay: --from and/or --to (a time window), --offsets (ranges), "
              "or both"));
        }
        const int64_t now = NowMillis();
        pipeline::ReplaySelection selection;
        selection.topics = flags->topics.empty() ? config.kafka.input_topics : flags->topics;
        for (const auto& [flag, text, bound] :
             {std::tuple{"--from", &flags->from, &selection.from_ms},
              std::tuple{"--to", &flags->to, &selection.to_ms}}) {
          if (text->empty()) continue;
          auto time = pipeline::ParseReplayTime(*text, now);
          if (!time.ok()) {
            return Fail(
                Status::InvalidArgument(fmt::format("{}: {}", flag, time.status().message())));
          }
          *bound = *time;
        }
        if (!flags->offsets.empty()) {
          auto ranges = pipeline::ParseOffsetRanges(flags->offsets);
          if (!ranges.ok()) return Fail(ranges.status());
          selection.offsets = std::move(ranges).value();
          selection.topics.clear();
          for (const auto& range : selection.offsets) {
            if (std::find(selection.topics.begin(), selection.topics.end(), range.topic) ==
                selection.topics.end())
              selection.topics.push_back(range.topic);
          }
        }
        // The replay's name (its group, changelog and transactional id) follows from what
        // was asked, so that asking again resumes it.
        const std::string name =
            !flags->name.empty()
                ? flags->name
                : Hex64(StableHash64(fmt::format("{}|{}|{}|{}|{}|{}", flags->from, flags->to,
                                                 flags->offsets, fmt::join(selection.topics, ","),
                                                 flags->output_prefix, flags->state_mode)))
                      .substr(0, 8);
        if (flags->state_mode == "readonly" && !flags->state_dir.empty()) {
          return Fail(Status::InvalidArgument(
              "--state-mode readonly starts from a copy of the live state each time: leave out "
              "--state (the replay's state is temporary)"));
        }
        const std::string live_group = config.kafka.group;
        const std::string live_changelog = config.kafka.changelog_topic.empty()
                                               ? live_group + ".changelog"
                                               : config.kafka.changelog_topic;
        config.kafka.group = fmt::format("{}.replay.{}", live_group, name);
        config.kafka.input_topics = selection.topics;
        config.kafka.changelog_topic.clear();   // <replay group>.changelog
        config.kafka.transactional_id.clear();  // <replay group>-<host>
        config.kafka.create_topics = true;      // its changelog and output topics
        config.state.dir = flags->state_dir;
        if (!flags->output_prefix.empty()) {
          config.kafka.articles_topic = flags->output_prefix + ".articles";
          config.kafka.duplicates_topic = flags->output_prefix + ".duplicates";
          config.kafka.dead_letter_topic = flags->output_prefix + ".dlq";
        }

        kafka::Properties client = config.kafka.properties;
        client["bootstrap.servers"] = config.kafka.brokers;
        auto plan = pipeline::PlanReplay(client, selection, kPlanTimeoutMs);
        if (!plan.ok()) return Fail(plan.status());
        if (flags->state_mode == "readonly") plan->live_changelog = live_changelog;
        PrintPlan(*plan, config.kafka.group);
        if (selection.from_ms || selection.to_ms) {
          fmt::print(stderr, "  time window {} to {}\n",
                     selection.from_ms ? text::FormatRfc3339Utc(*selection.from_ms) : "the start",
                     selection.to_ms ? text::FormatRfc3339Utc(*selection.to_ms) : "now");
        }
        std::string state = config.state.dir;
        if (flags->state_mode == "readonly") {
          state = "a copy of the live state (" + live_changelog + "), which is not changed";
        } else if (state.empty()) {
          state = "temporary, rebuilt from the replay's changelog";
        }
        fmt::print(stderr, "  outputs {}, {}, {}; state {}: {}\n", config.kafka.articles_topic,
                   config.kafka.duplicates_topic, config.kafka.dead_letter_topic, flags->state_mode,
                   state);
        if (flags->dry_run) {
          auto rate = MeasureRate(config, *plan);
          if (!rate.ok()) return Fail(rate.status());
          if (*rate > 0) {
            fmt::print(stderr,
                       "  estimated time: {:.1f} s at least ({:.0f} records/s measured on a "
                       "sample through the stateless stages)\n",
                       static_cast<double>(plan->records()) / *rate, *rate);
          }
          return kExitOk;
        }
        if (plan->ranges.empty()) {
          fmt::print(stderr, "copydesk replay: nothing to replay\n");
          return kExitOk;
        }
        StreamRun run{"replay", {}, {}};
        run.records_total = plan->records();
        pipeline::Summary summary;
        return RunStream(run, config, summary, &*plan);
      }};
}

}  // namespace copydesk::cli
