#include "copydesk/pipeline/processor.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <thread>

#include <fmt/format.h>

#include "copydesk/core/hash.h"
#include "copydesk/lang/language.h"
#include "copydesk/text/date.h"

namespace copydesk::pipeline {
namespace {

std::string NormalisedDate(std::string_view text) {
  if (text.empty()) return {};
  auto millis = text::ParseDateTime(text);
  return millis ? text::FormatRfc3339Utc(*millis) : std::string();
}

uint32_t VersionNumber(std::string_view version) {
  uint32_t number = 0;
  auto [ptr, ec] = std::from_chars(version.data(), version.data() + version.size(), number);
  return ec == std::errc() && ptr == version.data() + version.size() && number > 0 ? number : 1;
}

// The id says which article this is: the sender's own identity for it when there is one
// (ninjs uri, canonical page URL, feed guid), else its text. The same input gives the same id.
uint64_t ArticleId(const wire::RawItem& raw, const text::CleanArticle& article) {
  std::string key;
  if (!raw.uri.empty()) {
    key = "uri:" + raw.uri;
  } else if (!article.canonical_url.empty()) {
    key = "url:" + article.canonical_url;
  } else if (!raw.sender_id.empty()) {
    key = "guid:" + raw.source + ":" + raw.sender_id;
  } else {
    key = "body:" + article.Body();
  }
  return StableHash64(key);
}

// A rejection names the record that failed, wherever it came from, so two identical bad
// records (two empty lines) still have ids of their own.
std::string RejectionId(const Record& record) {
  const auto& origin = record.origin;
  std::string key = origin.line ? "line:" + std::to_string(*origin.line)
                                : origin.topic + "/" + std::to_string(origin.partition) + "/" +
                                      std::to_string(origin.offset);
  key += '\n';
  key.append(record.bytes);
  return Hex64(StableHash64(key));
}

text::MarkupFormat MarkupOf(wire::ContentFormat format) {
  switch (format) {
    case wire::ContentFormat::kHtml:
      return text::MarkupFormat::kHtml;
    case wire::ContentFormat::kMarkdown:
      return text::MarkupFormat::kMarkdown;
    case wire::ContentFormat::kText:
      return text::MarkupFormat::kText;
  }
  return text::MarkupFormat::kText;
}

std::string_view PrimarySubtag(std::string_view tag) {
  return tag.substr(0, tag.find('-'));
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool IsPubstatus(std::string_view s) {
  return s == "usable" || s == "withheld" || s == "canceled";
}

}  // namespace

text::CleanInput CleanInputOf(const wire::RawItem& raw, std::optional<text::UnixMillis> published,
                              const enrich::Reference& reference) {
  // The site's own rules, by the host of the URL the item came with.
  const enrich::Source* site =
      raw.url.empty() ? nullptr : reference.sources().ByHost(enrich::HostOf(raw.url));
  return {raw.headline,
          raw.body,
          MarkupOf(raw.body_format),
          raw.url,
          raw.source,
          published,
          site != nullptr ? &site->site : nullptr};
}

void Summary::Count(const event::Event& event) {
  ++by_type[static_cast<size_t>(event.type)];
  if (event.type != event::EventType::kRejected) {
    ++by_dedup[static_cast<size_t>(event.dedup_status)];
    const event::Analysis& analysis = event.analysis;
    if (reference != analysis.reference) reference = analysis.reference;
    people += event.item.people.size();
    organisations += event.item.organisations.size();
    places += event.item.places.size();
    subjects += event.item.subjects.size();
    ++by_language[std::string(PrimarySubtag(event.item.language))];
    language_unreliable += !analysis.language_reliable;
    language_disagreements +=
        analysis.language_reliable && !analysis.language_declared.empty() &&
        PrimarySubtag(analysis.language_declared) != PrimarySubtag(analysis.language_detected);
    datelines += !analysis.dateline_place.empty();
    mojibake_repaired += analysis.mojibake == "repaired";
    mojibake_suspected += analysis.mojibake == "suspected";
    return;
  }
  for (size_t i = 0; i < by_reason.size(); ++i) {
    if (wire::RejectReasonCode(static_cast<wire::RejectReason>(i)) == event.rejection.reason) {
      ++by_reason[i];
    }
  }
  if (first_rejects.size() < kKeptRejects) {
    const event::Origin& origin = event.origin;
    first_rejects.push_back(
        {origin.line.value_or(0), event.rejection.reason, event.rejection.detail,
         origin.line ? fmt::format("line {:>6}", *origin.line)
                     : fmt::format("{}/{}/{}", origin.topic, origin.partition, origin.offset)});
  }
}

void Summary::Add(const Summary& other) {
  if (!other.reference.empty()) reference = other.reference;
  records += other.records;
  bytes += other.bytes;
  for (size_t i = 0; i < by_type.size(); ++i) by_type[i] += other.by_type[i];
  for (size_t i = 0; i < by_reason.size(); ++i) by_reason[i] += other.by_reason[i];
  for (size_t i = 0; i < by_dedup.size(); ++i) by_dedup[i] += other.by_dedup[i];
  people += other.people;
  organisations += other.organisations;
  places += other.places;
  subjects += other.subjects;
  for (const auto& reject : other.first_rejects) {
    if (first_rejects.size() < kKeptRejects) first_rejects.push_back(reject);
  }
  for (const auto& [language, n] : other.by_language) by_language[language] += n;
  language_unreliable += other.language_unreliable;
  language_disagreements += other.language_disagreements;
  datelines += other.datelines;
  mojibake_repaired += other.mojibake_repaired;
  mojibake_suspected += other.mojibake_suspected;
  for (int64_t millis : other.latencies_ms) AddLatency(millis);
}

// Reservoir sampling (Vitter's algorithm R), with a fixed-seed generator: reruns agree.
void Summary::AddLatency(int64_t millis) {
  ++latencies_seen;
  if (latencies_ms.size() < kLatencySamples) {
    latencies_ms.push_back(millis);
    return;
  }
  const uint64_t slot = StableHash64(std::to_string(latencies_seen)) % latencies_seen;
  if (slot < kLatencySamples) latencies_ms[slot] = millis;
}

Processor::Processor(const config::Config& config, const Resources& resources)
    : decoder_(config.limits), cleaner_(resources.boilerplate), enricher_(resources.reference) {
  cleaner_.SetSiteBoilerplate(resources.reference->site_boilerplate());
}

void Processor::SetReference(std::shared_ptr<const enrich::Reference> reference) {
  cleaner_.SetSiteBoilerplate(reference->site_boilerplate());
  enricher_ = enrich::Enricher(std::move(reference));
}

Resources Resources::BuiltIn() {
  return {text::BoilerplatePatterns::BuiltIn(), enrich::Reference::BuiltIn()};
}

Result<Resources> LoadResources(const config::Config& config) {
  Resources resources = Resources::BuiltIn();
  if (!config.clean.boilerplate_file.empty()) {
    auto patterns = text::BoilerplatePatterns::FromFile(config.clean.boilerplate_file);
    if (!patterns.ok()) {
      return Status::InvalidArgument("clean.boilerplate_file: " + patterns.status().message());
    }
    resources.boilerplate = std::move(patterns).value();
  }
  if (!config.enrich.reference_dir.empty()) {
    auto files = enrich::ReadReferenceDir(config.enrich.reference_dir);
    if (!files.ok())
      return Status::InvalidArgument("enrich.reference_dir: " + files.status().message());
    auto reference = enrich::Reference::Build(std::move(files).value());
    if (!reference.ok()) {
      return Status::InvalidArgument("enrich.reference_dir: " + reference.status().message());
    }
    resources.reference = std::move(reference).value();
  }
  return resources;
}

std::string_view StageName(Stage stage) {
  static constexpr std::string_view kNames[kStageCount] = {
      "decode", "clean", "language", "enrich", "fingerprint", "dedup", "serialise", "produce"};
  return kNames[static_cast<size_t>(stage)];
}

void StageTimes::Add(Stage stage, double elapsed_seconds) {
  const auto s = static_cast<size_t>(stage);
  const auto bucket = std::lower_bound(kBounds.begin(), kBounds.end(), elapsed_seconds);
  ++counts[s][static_cast<size_t>(bucket - kBounds.begin())];
  seconds[s] += elapsed_seconds;
}

void StageTimes::Merge(const StageTimes& other) {
  for (size_t s = 0; s < kStageCount; ++s) {
    for (size_t b = 0; b < counts[s].size(); ++b) counts[s][b] += other.counts[s][b];
    seconds[s] += other.seconds[s];
  }
}

bool StageTimes::empty() const {
  for (const auto& stage : counts) {
    for (uint64_t n : stage) {
      if (n != 0) return false;
    }
  }
  return true;
}

void Processor::Process(const Record& record, event::Event& event) {
  StageTimer timer(stage_times_);
  event.item = {};
  event.analysis = {};
  event.rejection = {};
  event.dedup_of.clear();
  event.origin = record.origin;
  const std::string_view bytes = record.bytes;
  std::optional<wire::Rejection> rejection = record.oversize_bytes > 0
                                                 ? decoder_.TooLarge(record.oversize_bytes)
                                                 : decoder_.Decode(bytes, raw_);
  timer.Stop(Stage::kDecode);
  if (rejection) {
    event.type = event::EventType::kRejected;
    event.id = RejectionId(record);
    event.rejection.reason = std::string(wire::RejectReasonCode(rejection->reason));
    event.rejection.detail = std::move(rejection->detail);
    event.rejection.stage = "decode";
    event.rejection.raw = bytes;
    return;
  }
  Assemble(raw_, event, timer);
}

void Processor::Assemble(const wire::RawItem& raw, event::Event& event, StageTimer& timer) {
  const std::optional<text::UnixMillis> published = text::ParseDateTime(raw.published);
  cleaner_.Clean(CleanInputOf(raw, published, enricher_.reference()), article_);
  timer.Stop(Stage::kClean);

  published_ = published;
  id_ = ArticleId(raw, article_);
  event.type = event::EventType::kArticle;
  event.id = Hex64(id_);
  event.story_id = event.id;
  event.story_size = 1;
  event.dedup_status = event::DedupStatus::kNew;

  // Language: what the text says when it says it clearly, else what the sender declared.
  std::string declared = lang::NormaliseLanguageTag(raw.language);
  if (declared.empty()) declared = lang::NormaliseLanguageTag(article_.language_hint);
  const std::string body = article_.Body();
  const lang::LanguageGuess guess = language_.Identify(body, declared);
  timer.Stop(Stage::kLanguage);
  event::Analysis& analysis = event.analysis;
  analysis.language_declared = declared;
  analysis.language_detected = guess.tag;
  analysis.language_reliable = guess.reliable;
  analysis.mojibake = article_.mojibake_repaired    ? "repaired"
                      : article_.mojibake_suspected ? "suspected"
                                                    : "";
  if (article_.dateline) {
    analysis.dateline_place = article_.dateline->place;
    analysis.dateline_agency = article_.dateline->agency;
    if (article_.dateline->date)
      analysis.dateline_date = text::FormatRfc3339Utc(*article_.dateline->date);
  }

  event::NinjsItem& item = event.item;
  item.uri = !raw.uri.empty()                  ? raw.uri
             : !article_.canonical_url.empty() ? article_.canonical_url
                                               : "urn:copydesk:article:" + event.id;
  item.version = raw.version.empty() ? "1" : raw.version;
  item.versioncreated = published ? text::FormatRfc3339Utc(*published) : std::string();
  item.firstcreated = NormalisedDate(raw.first_created);
  if (guess.reliable && (declared.empty() || PrimarySubtag(declared) != PrimarySubtag(guess.tag))) {
    item.language = guess.tag;
  } else {
    item.language = !declared.empty() ? declared : guess.tag;
  }
  item.headline = article_.headline;
  item.body = body;
  item.body_contenttype = "text/plain";
  item.body_charcount = article_.char_count;
  item.body_wordcount = article_.word_count;
  item.by =
      !raw.author.empty() ? text::NormaliseByline(raw.author) : JoinNames(article_.credits.authors);
  item.located = !raw.located.empty() ? raw.located : analysis.dateline_place;
  item.copyrightnotice = raw.copyright_notice;
  item.slugline = raw.slugline;
  item.pubstatus = IsPubstatus(raw.pubstatus) ? raw.pubstatus : "";
  item.urgency = raw.urgency;
  analysis.reference = enricher_.reference().version();
  enricher_.Enrich({.headline = item.headline,
                    .body = item.body,
                    .language = item.language,
                    .url = item.uri,
                    .publisher = !article_.publisher.empty() ? article_.publisher : raw.source,
                    .dateline_place = analysis.dateline_place,
                    .dateline_length = article_.dateline ? article_.dateline->length : 0,
                    .dateline_agency = analysis.dateline_agency,
                    .credited_sources = article_.credits.sources,
                    .copyright_holder = raw.copyright_holder},
                   item);
  timer.Stop(Stage::kEnrich);

  fingerprinter_.Compute(article_.headline, article_.paragraphs,
                         article_.dateline ? article_.dateline->length : 0, fingerprint_);
  timer.Stop(Stage::kFingerprint);
}

dedup::ArticleInput Processor::dedup_input(const event::Event& event) const {
  return {id_,
          published_,
          VersionNumber(event.item.version),
          event.item.uri,
          event.item.headline,
          &fingerprint_};
}

ProcessorPool::ProcessorPool(const config::Config& config, const Resources& resources,
                             unsigned workers) {
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < workers; ++i)
    processors_.push_back(std::make_unique<Processor>(config, resources));
}

void ProcessorPool::Work(size_t worker, std::span<const Record> records) {
  Processor& processor = *processors_[worker];
  for (size_t i = worker; i < records.size(); i += processors_.size()) {
    Slot& slot = slots_[i];
    processor.Process(records[i], slot.event);
    slot.article.reset();
    if (slot.event.type == event::EventType::kRejected) continue;
    slot.article = processor.dedup_input(slot.event);
    slot.fingerprint = *slot.article->fingerprint;  // the processor's is overwritten next
    slot.article->fingerprint = &slot.fingerprint;
  }
}

void ProcessorPool::Process(std::span<const Record> records) {
  if (slots_.size() < records.size()) slots_.resize(records.size());
  // Worker w takes records w, w + n, w + 2n ... (n: the pool's size); with fewer records than
  // workers, one each. A thread costs tens of microseconds to start, a record hundreds.
  const size_t workers = std::min(processors_.size(), records.size());
  std::vector<std::thread> helpers;
  helpers.reserve(workers);
  for (size_t w = 1; w < workers; ++w) {
    helpers.emplace_back([this, w, records] { Work(w, records); });
  }
  if (workers > 0) Work(0, records);
  for (auto& helper : helpers) helper.join();
}

}  // namespace copydesk::pipeline
