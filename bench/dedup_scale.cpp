// How the dedup decision, with its state, scales as the index grows: the cost of deciding
// (index lookups, candidate confirmation, the durable record into the write batch and its
// commit) at 10 thousand, 100 thousand, 1 million and 10 million articles, and the memory and
// disk each million articles takes.
//
// The articles are synthetic fingerprints (random MinHash values: every article a story of its
// own), so filling 10 million takes minutes rather than hours of cleaning; the probes are new
// articles (the common case: no candidate) and near duplicates of random earlier ones (a
// quarter of the MinHash values changed, estimated Jaccard about 0.75).
//
//   dedup_scale [--dir DIR] [--max N] [--probes N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "copydesk/dedup/deduplicator.h"
#include "copydesk/dedup/fingerprint.h"
#include "copydesk/state/store.h"

namespace {

using namespace copydesk;

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr size_t kCommitEvery = 1024;

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

dedup::Fingerprint Synthetic(uint64_t k) {
  uint64_t state = k * 0x2545f4914f6cdd1dull + 1;
  dedup::Fingerprint fp;
  for (auto& value : fp.minhash) value = static_cast<uint32_t>(SplitMix64(state));
  fp.body_hash = SplitMix64(state);
  fp.version_hash = SplitMix64(state);
  fp.words = 800;
  fp.bands = dedup::ComputeBands(fp.minhash);
  return fp;
}

uint64_t MaxRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

class Filler {
 public:
  Filler(dedup::Deduplicator& dedup) : dedup_(dedup) {}

  dedup::Decision Add(uint64_t id, const dedup::Fingerprint& fp) {
    url_ = fmt::format("https://news.example.com/2026/11/29/article-{}", id);
    headline_ = fmt::format("Synthetic headline number {}", id);
    dedup::ArticleInput input{id, kT0 + static_cast<int64_t>(next_time_++), 1, url_, headline_,
                              &fp};
    const dedup::Decision d = dedup_.Decide(input);
    if (++pending_ == kCommitEvery) Commit();
    return d;
  }
  void Commit() {
    if (Status s = dedup_.Commit(); !s.ok()) {
      std::fprintf(stderr, "dedup_scale: %s\n", s.message().c_str());
      std::exit(1);
    }
    pending_ = 0;
  }

 private:
  dedup::Deduplicator& dedup_;
  uint64_t next_time_ = 0;
  size_t pending_ = 0;
  std::string url_, headline_;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "build/bench/dedup-scale";
  uint64_t max = 10'000'000;
  uint64_t probes = 20'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dir"))
      dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--max"))
      max = std::stoull(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--probes"))
      probes = std::stoull(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: dedup_scale [--dir DIR] [--max N] [--probes N]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(dir);
  auto store = state::StateStore::Open(dir);
  if (!store.ok()) {
    std::fprintf(stderr, "dedup_scale: %s\n", store.status().message().c_str());
    return 1;
  }
  dedup::DedupOptions options;
  options.horizon_ms = int64_t{3650} * 86'400'000;  // nothing expires during the run
  auto dedup = dedup::Deduplicator::Open(**store, options);
  if (!dedup.ok()) return 1;
  Filler filler(**dedup);

  fmt::print("{:>10} {:>12} {:>12} {:>9} {:>14} {:>14} {:>14} {:>10}\n", "articles", "new µs",
             "near µs", "near ok", "index MiB/M", "RSS MiB/M", "disk MiB/M", "fill s");
  uint64_t next_id = 1;
  uint64_t near_id = uint64_t{1} << 62;  // ids of their own, outside Synthetic's
  uint64_t state = 42;
  for (uint64_t size : {10'000ull, 100'000ull, 1'000'000ull, 10'000'000ull}) {
    if (size > max) break;
    const auto fill_start = std::chrono::steady_clock::now();
    while (next_id <= size) filler.Add(next_id, Synthetic(next_id)), ++next_id;
    filler.Commit();
    const double fill_seconds = Seconds(fill_start);

    // New articles: nothing shares a band with them.
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < probes; ++i, ++next_id) filler.Add(next_id, Synthetic(next_id));
    filler.Commit();
    const double new_us = Seconds(start) * 1e6 / static_cast<double>(probes);

    // Near duplicates of random earlier articles, under ids of their own.
    std::vector<dedup::Fingerprint> near(probes);
    std::vector<uint64_t> originals(probes);
    for (uint64_t i = 0; i < probes; ++i) {
      originals[i] = 1 + SplitMix64(state) % (next_id - 1);
      dedup::Fingerprint fp = Synthetic(originals[i]);
      for (auto& value : fp.minhash) {
        if (SplitMix64(state) % 4 == 0) value = static_cast<uint32_t>(SplitMix64(state));
      }
      fp.body_hash = SplitMix64(state);
      fp.version_hash = fp.body_hash;
      fp.bands = dedup::ComputeBands(fp.minhash);
      near[i] = fp;
    }
    uint64_t found = 0;
    start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < probes; ++i) {
      const dedup::Decision d = filler.Add(++near_id, near[i]);
      found += d.kind == dedup::DecisionKind::kNear && d.of == originals[i];
    }
    filler.Commit();
    const double near_us = Seconds(start) * 1e6 / static_cast<double>(probes);

    const dedup::IndexStats index = (*dedup)->Stats();
    auto disk = (*store)->Stats();
    const double millions = static_cast<double>(index.articles) / 1e6;
    fmt::print("{:>10} {:>12.2f} {:>12.2f} {:>8.2f}% {:>14.0f} {:>14.0f} {:>14.0f} {:>10.1f}\n",
               size, new_us, near_us,
               100.0 * static_cast<double>(found) / static_cast<double>(probes),
               index.memory_bytes / 1048576.0 / millions, MaxRssBytes() / 1048576.0 / millions,
               (disk.ok() ? disk->disk_bytes : 0) / 1048576.0 / millions, fill_seconds);
    std::fflush(stdout);
  }
  // Start-up: the index is rebuilt from the durable records.
  const uint64_t articles = (*dedup)->Stats().articles;
  dedup->reset();
  const auto start = std::chrono::steady_clock::now();
  auto reopened = dedup::Deduplicator::Open(**store, options);
  if (!reopened.ok()) return 1;
  fmt::print("reopening with {} articles: {:.1f} s ({:.0f} articles/s)\n", articles, Seconds(start),
             static_cast<double>(articles) / Seconds(start));
  return 0;
}
