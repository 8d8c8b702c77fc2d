// `copydesk state`: look into, back up, restore and compact the state store, and explain why
// an article was matched to another.
#include <charconv>

#include <fmt/format.h>

#include "commands.h"
#include "copydesk/core/hash.h"
#include "copydesk/dedup/deduplicator.h"
#include "copydesk/enrich/reference.h"
#include "copydesk/pipeline/reference_store.h"
#include "copydesk/state/store.h"
#include "copydesk/text/date.h"
#include "copydesk/text/url.h"

namespace copydesk::cli {
namespace {

struct StateFlags {
  std::optional<std::filesystem::path> config;
  std::string state_dir;
  std::string target;  // checkpoint / restore directory, or the article to explain
};

std::string Time(int64_t millis) {
  return millis == INT64_MIN ? std::string("(none yet)") : text::FormatRfc3339Utc(millis);
}

std::string Mebibytes(uint64_t bytes) {
  return fmt::format("{:.1f} MiB", bytes / 1048576.0);
}

// The ids an article may have been given for `what`: an id as printed in events, or the
// URL / ninjs uri it was published under (the pipeline's id rules, pipeline/processor.cpp),
// canonical by the rules of its site in the reference data the job uses.
Result<std::vector<uint64_t>> CandidateIds(const std::string& what, const state::StateStore& store,
                                           const config::Config& config) {
  uint64_t id = 0;
  if (what.size() == 16) {
    auto [ptr, ec] = std::from_chars(what.data(), what.data() + what.size(), id, 16);
    if (ec == std::errc() && ptr == what.data() + what.size()) return std::vector<uint64_t>{id};
  }
  std::vector<uint64_t> ids{StableHash64("uri:" + what)};
  auto reference = pipeline::ChooseReference(config, &store, enrich::Reference::BuiltIn());
  if (!reference.ok()) return reference.status();
  const enrich::Source* site = (*reference)->sources().ByHost(enrich::HostOf(what));
  if (auto canonical =
          text::CanonicalUrl(what, site != nullptr ? site->site.url : text::UrlRules{}))
    ids.push_back(StableHash64("url:" + *canonical));
  return ids;
}

int Fail(const Status& status) {
  fmt::print(stderr, "copydesk state: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

int Inspect(state::StateStore& store, const config::Config& config) {
  auto dedup = dedup::Deduplicator::Open(store, config.dedup);
  if (!dedup.ok()) return Fail(dedup.status());
  auto stats = store.Stats();
  if (!stats.ok()) return Fail(stats.status());
  const dedup::IndexStats index = (*dedup)->Stats();
  fmt::print("state {}\n", store.dir().string());
  fmt::print("  latest record time  {}\n", Time((*dedup)->stream_time()));
  fmt::print("  dedup horizon       {} h\n", config.dedup.horizon_ms / 3'600'000.0);
  fmt::print("  live articles       {}\n", index.articles);
  fmt::print("  live stories        {}\n", index.stories);
  fmt::print("  index in memory     {} ({} LSH band entries)\n", Mebibytes(index.memory_bytes),
             index.band_entries);
  fmt::print("  on disk             {}\n", Mebibytes(stats->disk_bytes));
  for (const auto& family : stats->families) {
    fmt::print("  family {:<9} ~{} keys, ~{} live\n", family.name, family.estimated_keys,
               Mebibytes(family.live_bytes));
  }
  return kExitOk;
}

int Compact(state::StateStore& store, const config::Config& config) {
  // Opening the index reads the latest record time and sets the expiry watermark from it.
  auto dedup = dedup::Deduplicator::Open(store, config.dedup);
  if (!dedup.ok()) return Fail(dedup.status());
  if (Status s = store.Compact(); !s.ok()) return Fail(s);
  fmt::print("compacted {}: {} expired records removed (older than {} - {} h)\n",
             store.dir().string(), store.expired(), Time((*dedup)->stream_time()),
             config.dedup.horizon_ms / 3'600'000.0);
  return kExitOk;
}

int Explain(const state::StateStore& store, const config::Config& config, const std::string& what) {
  std::optional<dedup::ArticleRecord> record;
  auto ids = CandidateIds(what, store, config);
  if (!ids.ok()) return Fail(ids.status());
  for (uint64_t id : *ids) {
    auto found = dedup::LoadArticle(store, id);
    if (!found.ok()) return Fail(found.status());
    record = std::move(found).value();
    if (record) break;
  }
  if (!record) {
    fmt::print(stderr,
               "copydesk state explain: no article {} in {} (give an event id or the URL it was "
               "published under; articles older than the horizon are gone)\n",
               what, store.dir().string());
    return kExitFailure;
  }
  const dedup::ArticleRecord& r = *record;
  fmt::print("article   {}\n", Hex64(r.id));
  fmt::print("url       {}\n", r.url);
  fmt::print("headline  {}\n", r.headline);
  fmt::print("time      {}   version {}   {} words\n", Time(r.time_ms), r.version, r.words);
  auto story_size = dedup::LoadStorySize(store, r.story);
  if (!story_size.ok()) return Fail(story_size.status());
  fmt::print("story     {} ({} articles)\n", Hex64(r.story), *story_size);
  fmt::print("decision  {}\n", dedup::DecisionKindName(r.kind));
  const std::string of = Hex64(r.of);
  switch (r.kind) {
    case dedup::DecisionKind::kNew:
      fmt::print(
          "  nothing within the horizon had this id, this body or a similar one: it starts "
          "story {}\n",
          Hex64(r.story));
      break;
    case dedup::DecisionKind::kUpdate:
      fmt::print(
          "  the same id as before with a changed headline or body (version hash {:016x}); "
          "similarity to the previous text {:.3f}\n",
          r.version_hash, r.similarity);
      break;
    case dedup::DecisionKind::kUrl:
      fmt::print("  the same id and text as before\n");
      break;
    case dedup::DecisionKind::kExact:
      fmt::print("  exact duplicate of {}: the same normalised body (hash {:016x})\n", of,
                 r.body_hash);
      break;
    case dedup::DecisionKind::kNear:
      fmt::print(
          "  near duplicate of {}: estimated Jaccard similarity {:.3f} of their word "
          "{}-shingles ({} of {} MinHash values agree; threshold {}), found through {} of "
          "{} LSH bands\n",
          of, r.similarity, dedup::kShingleWords,
          static_cast<int>(r.similarity * dedup::kPermutations + 0.5), dedup::kPermutations,
          config.dedup.near_threshold, r.bands_matched, dedup::kBands);
      break;
  }
  if (r.kind == dedup::DecisionKind::kExact || r.kind == dedup::DecisionKind::kNear) {
    auto found = dedup::LoadArticle(store, r.of);
    if (!found.ok()) return Fail(found.status());
    if (const auto& original = *found) {
      fmt::print("  {}: {}\n  {}: {}\n", of, original->url, of, original->headline);
      fmt::print("  exact similarity of the stored signatures now: {:.3f}\n",
                 dedup::EstimatedJaccard(r.minhash, original->minhash));
    } else {
      fmt::print("  {} has since left the state (older than the horizon)\n", of);
    }
  }
  return kExitOk;
}

}  // namespace

Command AddStateCommand(CLI::App& app) {
  auto flags = std::make_shared<StateFlags>();
  CLI::App* sub =
      app.add_subcommand("state", "Inspect, back up, restore or compact the state store");
  sub->require_subcommand(1);
  auto add_common = [&](CLI::App* command) {
    command->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
    command->add_option("--state", flags->state_dir,
                        "State directory (default: state.dir of the config)");
  };
  CLI::App* inspect = sub->add_subcommand("inspect", "Sizes, counts and the latest record time");
  CLI::App* checkpoint =
      sub->add_subcommand("checkpoint", "Copy the committed state to a new directory");
  checkpoint->add_option("target", flags->target, "Directory to create")->required();
  CLI::App* restore = sub->add_subcommand("restore", "Replace the state with a checkpoint's copy");
  restore->add_option("checkpoint", flags->target, "Directory made by 'state checkpoint'")
      ->required();
  CLI::App* compact =
      sub->add_subcommand("compact", "Remove what is older than the dedup horizon now");
  CLI::App* explain = sub->add_subcommand("explain", "Why an article was matched to another");
  explain
      ->add_option("article", flags->target,
                   "An event id, or the URL the article was published under")
      ->required();
  for (CLI::App* command : {inspect, checkpoint, restore, compact, explain}) add_common(command);

  return {sub, [flags, inspect, checkpoint, restore, compact, explain] {
            auto loaded = LoadConfigOrReport(flags->config);
            if (!loaded) return kExitUsage;
            const std::string dir =
                !flags->state_dir.empty() ? flags->state_dir : loaded->config.state.dir;
            if (dir.empty()) {
              fmt::print(stderr,
                         "copydesk state: no state directory: give --state DIR or set state.dir "
                         "in the config\n");
              return kExitUsage;
            }
            if (restore->parsed()) {
              if (Status s = state::RestoreCheckpoint(flags->target, dir); !s.ok()) return Fail(s);
              fmt::print("restored {} from {}\n", dir, flags->target);
              return kExitOk;
            }
            if (!std::filesystem::exists(dir)) {
              fmt::print(stderr, "copydesk state: --state {}: no such directory\n", dir);
              return kExitUsage;
            }
            auto store = state::StateStore::Open(dir);
            if (!store.ok()) return Fail(store.status());
            if (inspect->parsed()) return Inspect(**store, loaded->config);
            if (compact->parsed()) return Compact(**store, loaded->config);
            if (explain->parsed()) return Explain(**store, loaded->config, flags->target);
            if (checkpoint->parsed()) {
              if (Status s = (*store)->Checkpoint(flags->target); !s.ok()) return Fail(s);
              fmt::print("checkpoint of {} written to {}\n", dir, flags->target);
            }
            return kExitOk;
          }};
}

}  // namespace copydesk::cli
