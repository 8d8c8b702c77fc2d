// Fingerprinting (tokenise, 3-shingle, 128-value MinHash, 32 LSH band keys) of clean ~5 KB
// articles: wiregen items in every body format, cleaned before the timed loop.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "clean_articles.h"
#include "copydesk/dedup/fingerprint.h"

namespace {

constexpr size_t kPoolItems = 256;

struct Article {
  std::string headline;
  std::vector<std::string> paragraphs;
  size_t dateline_bytes = 0;
  size_t bytes = 0;
};

const std::vector<Article>& Pool() {
  static const std::vector<Article> pool = [] {
    std::vector<Article> articles;
    for (const auto& clean : copydesk::bench::CleanArticles(kPoolItems)) {
      Article article{clean.headline, clean.paragraphs, clean.dateline ? clean.dateline->length : 0,
                      0};
      for (const auto& p : clean.paragraphs) article.bytes += p.size();
      articles.push_back(std::move(article));
    }
    return articles;
  }();
  return pool;
}

void BM_Fingerprint(benchmark::State& state) {
  const auto& pool = Pool();
  if (pool.empty()) {
    state.SkipWithError("no items");
    return;
  }
  copydesk::dedup::Fingerprinter fingerprinter;
  copydesk::dedup::Fingerprint fingerprint;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    const Article& a = pool[i++ % pool.size()];
    fingerprinter.Compute(a.headline, a.paragraphs, a.dateline_bytes, fingerprint);
    benchmark::DoNotOptimize(fingerprint.bands);
    bytes += a.bytes;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Fingerprint)->Name("fingerprint/mixed");

void BM_EstimatedJaccard(benchmark::State& state) {
  copydesk::dedup::CompactSignature a{}, b{};
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<uint16_t>(i * 7919);
    b[i] = static_cast<uint16_t>(i % 3 ? i * 7919 : i);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(copydesk::dedup::EstimatedJaccard(a, b));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_EstimatedJaccard)->Name("estimated_jaccard/compact");

}  // namespace

BENCHMARK_MAIN();
