// `copydesk demo`: the whole pipeline on Kafka with nothing to install. librdkafka's embedded
// mock cluster serves the topics; the bundled feed goes into the raw topic; copydesk consumes
// it as a consumer-group member, runs every stage and publishes articles, duplicates and dead
// letters to their topics; then it reads the output topics back to show that every input
// record has exactly one outcome.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/event/event.h"
#include "copydesk/kafka/client.h"
#include "copydesk/pipeline/dedup_stage.h"
#include "copydesk/pipeline/processor.h"

namespace copydesk::cli {
namespace {

constexpr const char* kRawTopic = "news.raw";
constexpr const char* kArticlesTopic = "news.articles";
constexpr const char* kDuplicatesTopic = "news.duplicates";
constexpr const char* kDeadLetterTopic = "news.dlq";

volatile std::sig_atomic_t g_stop = 0;
extern "C" void OnSignal(int) {
  g_stop = 1;
}

const char* TopicFor(event::EventType type) {
  switch (type) {
    case event::EventType::kArticle:
    case event::EventType::kUpdate:
      return kArticlesTopic;
    case event::EventType::kDuplicate:
      return kDuplicatesTopic;
    case event::EventType::kRejected:
      return kDeadLetterTopic;
  }
  return kDeadLetterTopic;
}

int Fail(const Status& status) {
  fmt::print(stderr, "copydesk demo: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Feeds the file's lines into the raw topic; returns how many.
Result<uint64_t> Feed(const std::string& bootstrap, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument(fmt::format("--feed {}: cannot read it", path));
  auto producer = kafka::Producer::Open({{"bootstrap.servers", bootstrap}, {"linger.ms", "5"}});
  if (!producer.ok()) return producer.status();
  uint64_t lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    if (Status s = (*producer)->Produce(kRawTopic, {}, line); !s.ok()) return s;
  }
  if (Status s = (*producer)->Flush(30'000); !s.ok()) return s;
  return lines;
}

// Reads the output topics back and counts what they hold.
Result<uint64_t> CountOutputs(const std::string& bootstrap, uint64_t expected) {
  auto consumer = kafka::Consumer::Open({{"bootstrap.servers", bootstrap}}, "copydesk-demo-check",
                                        {kArticlesTopic, kDuplicatesTopic, kDeadLetterTopic});
  if (!consumer.ok()) return consumer.status();
  uint64_t seen = 0;
  const auto start = std::chrono::steady_clock::now();
  while (seen < expected && Since(start) < 30) {
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
    std::string feed = "config/samples/feed.ndjson";
    std::string output;
    bool follow = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "demo", "The full pipeline on an embedded Kafka cluster: nothing to install or set up");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  sub->add_option("--feed", flags->feed, "NDJSON raw items fed into news.raw")
      ->capture_default_str();
  sub->add_option("--output", flags->output,
                  "Also write every event (what went to the output topics) to this NDJSON file");
  sub->add_flag("--follow", flags->follow,
                "Keep running after the feed, for items you produce yourself, until Ctrl-C");

  return {
      sub, [flags] {
        auto loaded = LoadConfigOrReport(flags->config);
        if (!loaded) return kExitUsage;
        std::signal(SIGINT, OnSignal);
        std::signal(SIGTERM, OnSignal);

        auto cluster = kafka::EmbeddedCluster::Start(1);
        if (!cluster.ok()) return Fail(cluster.status());
        const std::string bootstrap = (*cluster)->bootstrap();
        for (const char* topic : {kRawTopic, kArticlesTopic, kDuplicatesTopic, kDeadLetterTopic}) {
          if (Status s = (*cluster)->CreateTopic(topic, 1); !s.ok()) return Fail(s);
        }
        fmt::print(stderr, "copydesk demo: embedded Kafka at {}; topics {} -> {}, {}, {}\n",
                   bootstrap, kRawTopic, kArticlesTopic, kDuplicatesTopic, kDeadLetterTopic);
        fmt::print(stderr, "  add your own items while it runs: kcat -P -b {} -t {}\n", bootstrap,
                   kRawTopic);

        auto fed = Feed(bootstrap, flags->feed);
        if (!fed.ok()) return Fail(fed.status());
        std::ofstream events_file;
        if (!flags->output.empty()) {
          events_file.open(flags->output, std::ios::binary | std::ios::trunc);
          if (!events_file) {
            return Fail(Status::InvalidArgument(
                fmt::format("--output {}: cannot write it", flags->output)));
          }
        }

        auto resources = pipeline::LoadResources(loaded->config);
        if (!resources.ok()) return Fail(resources.status());
        auto dedup = pipeline::DedupStage::Open(loaded->config);
        if (!dedup.ok()) return Fail(dedup.status());
        pipeline::Processor processor(loaded->config, *resources);
        auto consumer =
            kafka::Consumer::Open({{"bootstrap.servers", bootstrap}, {"fetch.wait.max.ms", "10"}},
                                  "copydesk", {kRawTopic});
        if (!consumer.ok()) return Fail(consumer.status());
        auto producer =
            kafka::Producer::Open({{"bootstrap.servers", bootstrap}, {"linger.ms", "5"}});
        if (!producer.ok()) return Fail(producer.status());

        event::EventWriter json;
        event::Event event;
        pipeline::Summary summary;
        const auto start = std::chrono::steady_clock::now();
        auto last_progress = start;
        const bool show_progress = ::isatty(STDERR_FILENO) != 0;  // a live line for people
        while (!g_stop && (flags->follow || summary.records < *fed)) {
          auto message = (*consumer)->Poll(200);
          if (!message.ok()) return Fail(message.status());
          if (message->has_value()) {
            const kafka::Message& m = **message;
            pipeline::Record record{m.value, 0, {}};
            record.origin = {std::nullopt, m.topic, m.partition, m.offset};
            processor.Process(record, event);
            if (event.type != event::EventType::kRejected) {
              (*dedup)->Apply(processor.dedup_input(event), event);
            }
            Status s;
            if (event.type == event::EventType::kRejected) {
              // The dead letter is the original record, untouched; why is in the headers.
              s = (*producer)->Produce(
                  kDeadLetterTopic, m.key, m.value,
                  {{"copydesk.reason", event.rejection.reason},
                   {"copydesk.detail", event.rejection.detail},
                   {"copydesk.stage", event.rejection.stage},
                   {"copydesk.origin", fmt::format("{}/{}/{}", m.topic, m.partition, m.offset)}});
            } else {
              s = (*producer)->Produce(TopicFor(event.type), event.id, json.Write(event));
            }
            if (!s.ok()) return Fail(s);
            if (events_file.is_open()) events_file << json.Write(event) << '\n';
            summary.Count(event);
            ++summary.records;
            summary.bytes += m.value.size();
          }
          if (show_progress && Since(last_progress) >= 0.5) {
            last_progress = std::chrono::steady_clock::now();
            const auto& by = summary.by_type;
            fmt::print(stderr,
                       "\r  {} records, {:.0f}/s, {} duplicates, {} updates, {} rejected   ",
                       summary.records, summary.records / Since(start),
                       by[static_cast<size_t>(event::EventType::kDuplicate)],
                       by[static_cast<size_t>(event::EventType::kUpdate)],
                       by[static_cast<size_t>(event::EventType::kRejected)]);
          }
        }
        if (show_progress) fmt::print(stderr, "\n");
        for (Status s : {(*producer)->Flush(30'000), (*dedup)->Commit(), (*consumer)->Commit()}) {
          if (!s.ok()) return Fail(s);
        }
        const double seconds = Since(start);
        if (events_file.is_open() && !events_file.flush()) {
          return Fail(Status::IoError(fmt::format("--output {}: write failed", flags->output)));
        }
        PrintSummary("demo", summary, seconds);

        // Every record in has exactly one outcome on the output topics.
        auto outputs = CountOutputs(bootstrap, summary.records);
        if (!outputs.ok()) return Fail(outputs.status());
        fmt::print(stderr, "  kafka: {} records in {}, {} out on {}, {} and {}{}\n",
                   summary.records, kRawTopic, *outputs, kArticlesTopic, kDuplicatesTopic,
                   kDeadLetterTopic, *outputs == summary.records ? "" : "  MISMATCH");
        return *outputs == summary.records ? kExitOk : kExitFailure;
      }};
}

}  // namespace copydesk::cli
