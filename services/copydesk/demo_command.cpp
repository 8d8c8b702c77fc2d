// `copydesk demo`: the whole pipeline on Kafka with nothing to install. librdkafka's embedded
// mock cluster serves the topics; the bundled feed goes into the raw topic; copydesk runs as
// it does with `run` (a consumer-group member, transactions, the state changelog) and
// publishes articles, duplicates and dead letters to their topics; then it reads the output
// topics back to show that every input record has exactly one outcome.
#include <chrono>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/kafka/client.h"
#include "stream_runner.h"

namespace copydesk::cli {
namespace {

int Fail(const Status& status) {
  fmt::print(stderr, "copydesk demo: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

// Feeds the file's lines into the raw topic; returns how many.
Result<uint64_t> Feed(const std::string& bootstrap, const std::string& topic,
                      const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(fmt::format("--feed {}: cannot read it", path));
  auto producer = kafka::Producer::Open({{"bootstrap.servers", bootstrap}, {"linger.ms", "5"}});
  if (!producer.ok()) return producer.status();
  uint64_t lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    if (Status s = (*producer)->Produce(topic, {}, line); !s.ok()) return s;
  }
  if (Status s = (*producer)->Flush(30'000); !s.ok()) return s;
  return lines;
}

// Reads the output topics (one partition each) back and counts what they hold.
Result<uint64_t> CountOutputs(const std::string& bootstrap, const kafka::KafkaOptions& options,
                              uint64_t expected) {
  std::vector<kafka::TopicPartition> outputs;
  for (const auto* topic :
       {&options.articles_topic, &options.duplicates_topic, &options.dead_letter_topic}) {
    outputs.push_back({*topic, 0, kafka::kOffsetBeginning});
  }
  auto consumer = kafka::Consumer::Assign({{"bootstrap.servers", bootstrap}}, outputs);
  if (!consumer.ok()) return consumer.status();
  uint64_t seen = 0;
  const auto start = std::chrono::steady_clock::now();
  while (seen < expected && std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    auto message = (*consumer)->Poll(200);
    if (!message.ok()) return message.status();
    seen += message->has_value();
  }
  return seen;
}

}  // namespace

Command AddDemoCommand(CLI::App& app) {
  struct Flags {
    std::optional<std::filesystem::path> config;
    std::optional<uint16_t> metrics_port;
    std::string feed = "config/samples/feed.ndjson";
    std::string output;
    bool follow = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "demo", "The full pipeline on an embedded Kafka cluster: nothing to install or set up");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  sub->add_option("--metrics-port", flags->metrics_port,
                  "Serve /metrics, /healthz and /readyz on this port (0: any free one); sets "
                  "metrics.listen's port");
  sub->add_option("--feed", flags->feed, "NDJSON raw items fed into news.raw")
      ->capture_default_str();
  sub->add_option("--output", flags->output,
                  "Also write every event (what went to the output topics) to this NDJSON file");
  sub->add_flag("--follow", flags->follow,
                "Keep running after the feed, for items you produce yourself, until Ctrl-C");

  return {sub, [flags] {
            auto loaded = LoadConfigOrReport(flags->config);
            if (!loaded) return kExitUsage;
            config::Config& config = loaded->config;
            if (flags->metrics_port) SetMetricsPort(config, *flags->metrics_port);
            kafka::KafkaOptions& kafka = config.kafka;
            // One partition a topic, so that the events come out in feed order.
            auto cluster = StartEmbeddedCluster(kafka, 1);
            if (!cluster.ok()) return Fail(cluster.status());
            kafka.brokers = (*cluster)->bootstrap();
            const std::string& raw = kafka.input_topics.front();
            fmt::print(stderr, "copydesk demo: embedded Kafka at {}; topics {} -> {}, {}, {}\n",
                       kafka.brokers, raw, kafka.articles_topic, kafka.duplicates_topic,
                       kafka.dead_letter_topic);
            fmt::print(stderr, "  add your own items while it runs: kcat -P -b {} -t {}\n",
                       kafka.brokers, raw);

            auto fed = Feed(kafka.brokers, raw, flags->feed);
            if (!fed.ok()) return Fail(fed.status());
            std::ofstream events_file;
            if (!flags->output.empty()) {
              events_file.open(flags->output, std::ios::binary | std::ios::trunc);
              if (!events_file) {
                return Fail(Status::InvalidArgument(
                    fmt::format("--output {}: cannot write it", flags->output)));
              }
            }
            StreamRun run{"demo", {}, {}};
            run.records_total = flags->follow ? 0 : *fed;
            if (!flags->follow) {
              run.done = [fed = *fed](const pipeline::Summary& s) { return s.records >= fed; };
            }
            if (events_file.is_open()) {
              run.output = [&](std::string_view json) { events_file << json << '\n'; };
            }
            pipeline::Summary summary;
            if (int status = RunStream(run, config, summary); status != kExitOk) return status;
            if (events_file.is_open() && !events_file.flush()) {
              return Fail(Status::IoError(fmt::format("--output {}: write failed", flags->output)));
            }

            // Every record in has exactly one outcome on the output topics.
            auto outputs = CountOutputs(kafka.brokers, kafka, summary.records);
            if (!outputs.ok()) return Fail(outputs.status());
            fmt::print(stderr, "  kafka: {} records in {}, {} out on {}, {} and {}{}\n",
                       summary.records, raw, *outputs, kafka.articles_topic, kafka.duplicates_topic,
                       kafka.dead_letter_topic, *outputs == summary.records ? "" : "  MISMATCH");
            return *outputs == summary.records ? kExitOk : kExitFailure;
          }};
}

}  // namespace copydesk::cli
