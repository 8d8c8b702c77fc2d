// Benchmarks of the cleaning stage (text::Cleaner::Clean) and of cleaning + language
// (lang::LanguageIdentifier::Identify on the clean body), per body format, on ~5 KB items made
// by wiregen's generator. The items are decoded with wire::Decoder before the timed loop.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "copydesk/enrich/reference.h"
#include "copydesk/lang/language.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/text/boilerplate.h"
#include "copydesk/text/cleaner.h"
#include "copydesk/text/date.h"
#include "copydesk/wire/decoder.h"
#include "copydesk/wiregen/generator.h"

namespace {

using copydesk::wiregen::Kind;

constexpr uint64_t kItemBytes = 5120;
constexpr uint64_t kSeed = 1;
constexpr size_t kPoolItems = 256;

struct Pool {
  std::string name;
  std::vector<copydesk::wire::RawItem> raw;
  std::vector<std::optional<copydesk::text::UnixMillis>> published;
};

std::optional<Pool> MakePool(std::string name, Kind kind) {
  copydesk::wiregen::Options options;
  options.item_bytes = kItemBytes;
  options.seed = kSeed;
  options.kinds = {kind};
  auto generator = copydesk::wiregen::Generator::FromFile(
      COPYDESK_SOURCE_DIR "/config/samples/feed.ndjson", options);
  if (!generator.ok()) {
    std::fprintf(stderr, "clean_bench: %s\n", generator.status().message().c_str());
    return std::nullopt;
  }
  copydesk::wire::Decoder decoder{copydesk::wire::DecodeLimits{}};
  Pool pool{std::move(name), {}, {}};
  std::string line;
  for (uint64_t n = 0; n < kPoolItems; ++n) {
    generator->Item(n, line);
    copydesk::wire::RawItem raw;
    if (auto rejection = decoder.Decode(line, raw)) {
      std::fprintf(stderr, "clean_bench: a generated item was rejected: %s\n",
                   rejection->detail.c_str());
      return std::nullopt;
    }
    pool.published.push_back(copydesk::text::ParseDateTime(raw.published));
    pool.raw.push_back(std::move(raw));
  }
  return pool;
}

copydesk::text::CleanInput InputOf(const Pool& pool, size_t i) {
  const copydesk::wire::RawItem& raw = pool.raw[i];
  return copydesk::pipeline::CleanInputOf(raw, pool.published[i],
                                          *copydesk::enrich::Reference::BuiltIn());
}

void Report(benchmark::State& state, uint64_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// Bytes counted: the headline and body handed to the cleaner.
void Clean(benchmark::State& state, const Pool& pool) {
  copydesk::text::Cleaner cleaner(copydesk::text::BoilerplatePatterns::BuiltIn());
  cleaner.SetSiteBoilerplate(copydesk::enrich::Reference::BuiltIn()->site_boilerplate());
  copydesk::text::CleanArticle article;
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    cleaner.Clean(InputOf(pool, i), article);
    benchmark::DoNotOptimize(article.paragraphs.data());
    bytes += pool.raw[i].body.size() + pool.raw[i].headline.size();
    i = (i + 1) % pool.raw.size();
  }
  Report(state, bytes);
}

// Cleaning then language identification on the clean body, as Processor::Assemble does.
void CleanLanguage(benchmark::State& state, const Pool& pool) {
  copydesk::text::Cleaner cleaner(copydesk::text::BoilerplatePatterns::BuiltIn());
  cleaner.SetSiteBoilerplate(copydesk::enrich::Reference::BuiltIn()->site_boilerplate());
  const copydesk::lang::LanguageIdentifier language;
  copydesk::text::CleanArticle article;
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    cleaner.Clean(InputOf(pool, i), article);
    const std::string body = article.Body();
    const std::string declared = copydesk::lang::NormaliseLanguageTag(
        pool.raw[i].language.empty() ? std::string_view(article.language_hint)
                                     : std::string_view(pool.raw[i].language));
    copydesk::lang::LanguageGuess guess = language.Identify(body, declared);
    benchmark::DoNotOptimize(guess.tag.data());
    bytes += pool.raw[i].body.size() + pool.raw[i].headline.size();
    i = (i + 1) % pool.raw.size();
  }
  Report(state, bytes);
}

// Language identification alone, on bodies cleaned beforehand; `sample_bytes` is
// LanguageOptions::max_bytes (1024 in the pipeline), to show CLD2's fixed and per-byte costs.
void LanguageOnly(benchmark::State& state, const Pool& pool, size_t sample_bytes) {
  copydesk::text::Cleaner cleaner(copydesk::text::BoilerplatePatterns::BuiltIn());
  cleaner.SetSiteBoilerplate(copydesk::enrich::Reference::BuiltIn()->site_boilerplate());
  copydesk::lang::LanguageOptions options;
  options.max_bytes = sample_bytes;
  const copydesk::lang::LanguageIdentifier language(options);
  copydesk::text::CleanArticle article;
  std::vector<std::string> bodies;
  for (size_t i = 0; i < pool.raw.size(); ++i) {
    cleaner.Clean(InputOf(pool, i), article);
    bodies.push_back(article.Body());
  }
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    copydesk::lang::LanguageGuess guess = language.Identify(bodies[i]);
    benchmark::DoNotOptimize(guess.tag.data());
    bytes += pool.raw[i].body.size() + pool.raw[i].headline.size();
    i = (i + 1) % pool.raw.size();
  }
  Report(state, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  std::vector<Pool> pools;
  for (Kind kind : {Kind::kHtml, Kind::kMarkdown, Kind::kText}) {
    auto pool = MakePool(std::string(copydesk::wiregen::KindName(kind)), kind);
    if (!pool) return 2;
    pools.push_back(*std::move(pool));
  }
  for (const Pool& pool : pools) {
    benchmark::RegisterBenchmark(("clean/" + pool.name).c_str(),
                                 [&pool](benchmark::State& s) { Clean(s, pool); });
  }
  for (const Pool& pool : pools) {
    benchmark::RegisterBenchmark(("clean_language/" + pool.name).c_str(),
                                 [&pool](benchmark::State& s) { CleanLanguage(s, pool); });
  }
  for (const Pool& pool : pools) {
    benchmark::RegisterBenchmark(("language/" + pool.name).c_str(),
                                 [&pool](benchmark::State& s) { LanguageOnly(s, pool, 1024); });
  }
  for (const Pool& pool : pools) {
    benchmark::RegisterBenchmark(("language_256b/" + pool.name).c_str(),
                                 [&pool](benchmark::State& s) { LanguageOnly(s, pool, 256); });
  }
  benchmark::AddCustomContext("item_bytes", std::to_string(kItemBytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
