// The pipeline's per-record work: raw bytes in, one output event out. `process`, `run`,
// `replay` and `demo` all go through it, so they decide alike.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "copydesk/config/config.h"
#include "copydesk/dedup/deduplicator.h"
#include "copydesk/dedup/fingerprint.h"
#include "copydesk/enrich/enricher.h"
#include "copydesk/event/event.h"
#include "copydesk/lang/language.h"
#include "copydesk/text/cleaner.h"
#include "copydesk/wire/decoder.h"
#include "copydesk/wire/raw_item.h"

namespace copydesk::pipeline {

// Counts of what a run produced, for the closing summary (and, later, metrics).
struct Summary {
  struct Reject {
    uint64_t line = 0;  // 0 when the record came from Kafka
    std::string reason;
    std::string detail;
    std::string where;  // "line 7", or "news.raw/0/42" (topic/partition/offset)
  };
  static constexpr size_t kKeptRejects = 50;

  uint64_t records = 0;
  uint64_t bytes = 0;
  std::string reference;              // the version of the reference data the job enriched with
  std::array<uint64_t, 4> by_type{};  // indexed by event::EventType
  std::array<uint64_t, wire::kRejectReasonCount> by_reason{};
  std::vector<Reject> first_rejects;  // the first kKeptRejects, in input order
  // What the cleaning and language stages found, over the accepted items.
  std::map<std::string, uint64_t> by_language;  // ninjs language's primary subtag
  uint64_t language_unreliable = 0;             // the text was too short or mixed to tell
  uint64_t language_disagreements = 0;          // declared and reliably detected languages differ
  uint64_t datelines = 0;
  uint64_t mojibake_repaired = 0;
  uint64_t mojibake_suspected = 0;
  std::array<uint64_t, 5> by_dedup{};  // indexed by event::DedupStatus, accepted items only
  // What the enrich stage named, over the accepted items.
  uint64_t people = 0;
  uint64_t organisations = 0;
  uint64_t places = 0;
  uint64_t subjects = 0;
  // Kafka jobs: milliseconds from records' timestamps to their batch's commit (a uniform
  // sample of at most kLatencySamples, so that a job running for months stays bounded), and
  // the time from the first record read to the last commit (throughput while it had work).
  static constexpr size_t kLatencySamples = 100'000;
  std::vector<int64_t> latencies_ms;
  uint64_t latencies_seen = 0;
  double busy_seconds = 0;
  void AddLatency(int64_t millis);

  void Count(const event::Event& event);
  // Adds another summary's counts (a committed batch's) to these.
  void Add(const Summary& other);
};

// Time spent per stage, as histogram bucket counts: gathered by each thread on its own and
// merged per batch, so that timing a record costs two clock reads and no shared write.
enum class Stage : uint8_t {
  kDecode,
  kClean,
  kLanguage,
  kEnrich,
  kFingerprint,
  kDedup,
  kSerialise,
  kProduce
};
inline constexpr size_t kStageCount = 8;
std::string_view StageName(Stage stage);  // "decode", "clean", ...

struct StageTimes {
  // Upper bounds of the buckets, in seconds (1 µs to 1 s); one more bucket for the rest.
  static constexpr std::array<double, 16> kBounds{1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
                                                  1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
                                                  1e-2, 2.5e-2, 0.1,  1};
  std::array<std::array<uint64_t, kBounds.size() + 1>, kStageCount> counts{};
  std::array<double, kStageCount> seconds{};

  void Add(Stage stage, double elapsed_seconds);
  void Merge(const StageTimes& other);
  bool empty() const;
};

// Times a stage from construction to Stop() into `times`.
class StageTimer {
 public:
  explicit StageTimer(StageTimes& times) : times_(times), start_(Now()) {}
  // Adds the time since the last Stop (or construction) to `stage`.
  void Stop(Stage stage) {
    const auto now = Now();
    times_.Add(stage, std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }

 private:
  static std::chrono::steady_clock::time_point Now() { return std::chrono::steady_clock::now(); }
  StageTimes& times_;
  std::chrono::steady_clock::time_point start_;
};

// One input record as a source hands it over.
struct Record {
  std::string_view bytes;       // must stay valid until the event is written out
  uint64_t oversize_bytes = 0;  // > 0: the record was too large to read, only its size is known
  event::Origin origin;
};

// What every Processor shares, loaded once at start-up (immutable, thread-safe).
struct Resources {
  std::shared_ptr<const text::BoilerplatePatterns> boilerplate;
  std::shared_ptr<const enrich::Reference> reference;

  static Resources BuiltIn();  // what copydesk carries compiled in
};

// Fails (naming the option) when a configured file cannot be read or compiled.
Result<Resources> LoadResources(const config::Config& config);

// What the cleaning stage reads of a decoded item (views into `raw`), with the rules of its
// site when `reference` lists the site.
text::CleanInput CleanInputOf(const wire::RawItem& raw, std::optional<text::UnixMillis> published,
                              const enrich::Reference& reference);

// Not thread-safe: one Processor per thread (it owns a decoder and reusable buffers).
class Processor {
 public:
  Processor(const config::Config& config, const Resources& resources = Resources::BuiltIn());

  // Turns one record into its event (a rejected event refers to the record's bytes). The
  // event is a new article until the dedup stage decides otherwise.
  void Process(const Record& record, event::Event& event);

  // Cleans and enriches from now on with `reference`.
  void SetReference(std::shared_ptr<const enrich::Reference> reference);

  // What the dedup stage needs of the accepted article just processed; its views are valid
  // until the next Process().
  dedup::ArticleInput dedup_input(const event::Event& event) const;

  // The time the stateless stages took since the last call, handed over.
  StageTimes TakeStageTimes() { return std::exchange(stage_times_, StageTimes{}); }

 private:
  void Assemble(const wire::RawItem& raw, event::Event& event, StageTimer& timer);

  wire::Decoder decoder_;
  wire::RawItem raw_;
  text::Cleaner cleaner_;
  text::CleanArticle article_;
  lang::LanguageIdentifier language_;
  enrich::Enricher enricher_;
  dedup::Fingerprinter fingerprinter_;
  dedup::Fingerprint fingerprint_;
  uint64_t id_ = 0;
  std::optional<int64_t> published_;
  StageTimes stage_times_;
};

// The stateless stages (decode, clean, language, fingerprint) of many records at once, on
// several threads (DESIGN.md "Data flow"); what comes out is used in record order by the
// ordered, stateful dedup stage.
class ProcessorPool {
 public:
  struct Slot {
    event::Event event;
    dedup::Fingerprint fingerprint;
    std::optional<dedup::ArticleInput> article;  // accepted records: what dedup needs of them
  };

  // `workers`: threads (the caller's included); 0: one per core.
  ProcessorPool(const config::Config& config, const Resources& resources, unsigned workers);

  // records[i] into slot(i), for every i; the records' bytes must outlive the slots' use.
  void Process(std::span<const Record> records);
  Slot& slot(size_t i) { return slots_[i]; }
  // Between calls of Process: every processor cleans and enriches with `reference` from now on.
  void SetReference(const std::shared_ptr<const enrich::Reference>& reference) {
    for (auto& processor : processors_) processor->SetReference(reference);
  }
  unsigned workers() const { return static_cast<unsigned>(processors_.size()); }
  // Between calls of Process: every processor's stage times, added to `into` and reset.
  void TakeStageTimes(StageTimes& into) {
    for (auto& processor : processors_) into.Merge(processor->TakeStageTimes());
  }

 private:
  void Work(size_t worker, std::span<const Record> records);

  std::vector<std::unique_ptr<Processor>> processors_;
  std::vector<Slot> slots_;
};

}  // namespace copydesk::pipeline
