// `copydesk process`: the full pipeline over NDJSON files, no Kafka (DESIGN.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/event/event.h"
#include "copydesk/pipeline/process_job.h"
#include "progress_line.h"

namespace copydesk::cli {

void PrintSummary(std::string_view command, const pipeline::Summary& summary, double seconds) {
  const auto count = [&](event::EventType type) {
    return summary.by_type[static_cast<size_t>(type)];
  };
  fmt::print(stderr, "copydesk {}: {} records, {:.1f} KiB in {:.3f} s ({:.0f} records/s)\n",
             command, summary.records, summary.bytes / 1024.0, seconds,
             seconds > 0 ? summary.records / seconds : 0.0);
  for (auto type : {event::EventType::kArticle, event::EventType::kUpdate,
                    event::EventType::kDuplicate, event::EventType::kRejected}) {
    fmt::print(stderr, "  {:<10} {:>8}\n", event::EventTypeName(type), count(type));
  }
  const uint64_t accepted = summary.records - count(event::EventType::kRejected);
  if (accepted > 0) {
    std::string languages;
    for (const auto& [language, n] : summary.by_language) {
      languages += fmt::format("{}{} {}", languages.empty() ? "" : ", ",
                               language.empty() ? "?" : language, n);
    }
    fmt::print(stderr, "  languages: {} ({} unsure, {} differ from the declared one)\n", languages,
               summary.language_unreliable, summary.language_disagreements);
    fmt::print(stderr, "  datelines: {} of {}; mis-decoded text: {} repaired, {} suspected\n",
               summary.datelines, accepted, summary.mojibake_repaired, summary.mojibake_suspected);
    fmt::print(stderr, "  enriched ({}): {} people, {} organisations, {} places, {} Media Topics\n",
               summary.reference, summary.people, summary.organisations, summary.places,
               summary.subjects);
    std::string dedup;
    for (size_t i = 0; i < summary.by_dedup.size(); ++i) {
      dedup += fmt::format("{}{} {}", dedup.empty() ? "" : ", ", summary.by_dedup[i],
                           event::DedupStatusName(static_cast<event::DedupStatus>(i)));
    }
    fmt::print(stderr, "  dedup: {}\n", dedup);
  }
  if (summary.busy_seconds > 0) {
    fmt::print(stderr,
               "  busy {:.3f} s (first record read to last commit): {:.0f} records/s, "
               "{:.1f} MB/s\n",
               summary.busy_seconds, summary.records / summary.busy_seconds,
               summary.bytes / summary.busy_seconds / 1e6);
  }
  if (!summary.latencies_ms.empty()) {
    std::vector<int64_t> latencies = summary.latencies_ms;
    const auto at = [&](double q) {
      const auto i = static_cast<size_t>(q * static_cast<double>(latencies.size() - 1));
      std::nth_element(latencies.begin(), latencies.begin() + static_cast<ptrdiff_t>(i),
                       latencies.end());
      return latencies[i];
    };
    fmt::print(stderr, "  latency (record timestamp to commit): p50 {} ms, p99 {} ms\n", at(0.5),
               at(0.99));
  }
  if (summary.first_rejects.empty()) return;
  std::string reasons;
  for (size_t i = 0; i < summary.by_reason.size(); ++i) {
    if (summary.by_reason[i] == 0) continue;
    reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ",
                           wire::RejectReasonCode(static_cast<wire::RejectReason>(i)),
                           summary.by_reason[i]);
  }
  fmt::print(stderr, "  rejected by reason: {}\n", reasons);
  for (const auto& reject : summary.first_rejects) {
    fmt::print(stderr, "    {:<14} {:<13} {}\n", reject.where, reject.reason, reject.detail);
  }
  if (count(event::EventType::kRejected) > summary.first_rejects.size()) {
    fmt::print(stderr, "    ... and {} more\n",
               count(event::EventType::kRejected) - summary.first_rejects.size());
  }
}

Command AddProcessCommand(CLI::App& app) {
  struct Flags {
    std::optional<std::filesystem::path> config;
    std::string input = "-";
    std::string output = "-";
    std::string state_dir;
    bool quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "process",
      "Run the pipeline on NDJSON: one raw item per input line, one event per output line");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  sub->add_option("--input,-i", flags->input, "NDJSON input file, or - for standard input")
      ->capture_default_str();
  sub->add_option("--output,-o", flags->output, "NDJSON output file, or - for standard output")
      ->capture_default_str();
  sub->add_option("--state", flags->state_dir,
                  "State directory, kept across runs (default: state.dir of the config; none: a "
                  "temporary one)");
  sub->add_flag("--quiet,-q", flags->quiet, "Do not print the summary to standard error");

  return {
      sub, [flags] {
        auto loaded = LoadConfigOrReport(flags->config);
        if (!loaded) return kExitUsage;
        if (!flags->state_dir.empty()) loaded->config.state.dir = flags->state_dir;
        int input = STDIN_FILENO;
        if (flags->input != "-") {
          input = ::open(flags->input.c_str(), O_RDONLY | O_CLOEXEC);
          if (input < 0) {
            fmt::print(stderr, "copydesk: --input {}: {}\n", flags->input, std::strerror(errno));
            return kExitUsage;
          }
        }
        int output = STDOUT_FILENO;
        if (flags->output != "-") {
          output = ::open(flags->output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
          if (output < 0) {
            fmt::print(stderr, "copydesk: --output {}: {}\n", flags->output, std::strerror(errno));
            return kExitUsage;
          }
        }
        pipeline::Summary summary;
        const auto start = std::chrono::steady_clock::now();
        // A live line on a terminal; with the input's size when it is a file.
        ProgressLine progress("process", !flags->quiet && ProgressLine::OnTerminal());
        struct stat input_stat {};
        const uint64_t input_bytes = ::fstat(input, &input_stat) == 0 && S_ISREG(input_stat.st_mode)
                                         ? static_cast<uint64_t>(input_stat.st_size)
                                         : 0;
        Status status = pipeline::RunProcessJob(
            loaded->config, input, output, summary,
            [&](const pipeline::Summary& so_far, uint64_t bytes_read) {
              progress.Update(
                  {.records = so_far.records, .bytes = bytes_read, .bytes_total = input_bytes});
            });
        progress.Finish();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (input != STDIN_FILENO) ::close(input);
        if (output != STDOUT_FILENO && ::close(output) != 0 && status.ok()) {
          status =
              Status::IoError(fmt::format("--output {}: {}", flags->output, std::strerror(errno)));
        }
        if (!status.ok()) {
          fmt::print(stderr, "copydesk: {}\n", status.message());
          return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
        }
        if (!flags->quiet) PrintSummary("process", summary, seconds);
        return kExitOk;
      }};
}

}  // namespace copydesk::cli
