// Benchmarks of the decode stage (per input shape, against simdjson's parse alone) and of one
// record through Processor + EventWriter, on ~5 KB items made by wiregen's generator.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "copydesk/config/config.h"
#include "copydesk/event/event.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/wire/decoder.h"
#include "copydesk/wiregen/generator.h"

namespace {

using copydesk::wiregen::Kind;

constexpr uint64_t kItemBytes = 5120;
constexpr uint64_t kSeed = 1;
// Distinct items, as a feed has, cycled through; 256 x 5 KB stays in L2, like a record the
// line reader has just copied in.
constexpr size_t kPoolItems = 256;

struct Pool {
  std::string name;  // a shape ("html", "ninjs2", ...) or "mixed"
  std::vector<std::string> items;
  std::vector<simdjson::padded_string> padded;  // the same bytes with simdjson's padding
};

std::optional<Pool> MakePool(std::string name, std::vector<Kind> kinds) {
  copydesk::wiregen::Options options;
  options.item_bytes = kItemBytes;
  options.seed = kSeed;
  options.kinds = std::move(kinds);
  auto generator = copydesk::wiregen::Generator::FromFile(
      COPYDESK_SOURCE_DIR "/config/samples/feed.ndjson", options);
  if (!generator.ok()) {
    std::fprintf(stderr, "decode_bench: %s\n", generator.status().message().c_str());
    return std::nullopt;
  }
  Pool pool{std::move(name), {}, {}};
  for (uint64_t n = 0; n < kPoolItems; ++n) {
    generator->Item(n, pool.items.emplace_back());
    pool.padded.emplace_back(pool.items.back());
  }
  return pool;
}

// Each iteration handles one item, so the reported time is the time per item.
void Report(benchmark::State& state, uint64_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// The baseline: simdjson's DOM parse (full validation) and nothing else, on pre-padded bytes.
void SimdjsonParse(benchmark::State& state, const Pool& pool) {
  simdjson::dom::parser parser;
  if (parser.allocate(64 << 10, copydesk::wire::DecodeLimits{}.max_depth) != simdjson::SUCCESS) {
    state.SkipWithError("simdjson parser allocation failed");
    return;
  }
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const simdjson::padded_string& item = pool.padded[i];
    simdjson::dom::element root;
    if (parser.parse(item.data(), item.size(), false).get(root) != simdjson::SUCCESS) {
      state.SkipWithError("simdjson rejected a generated item");
      return;
    }
    benchmark::DoNotOptimize(root);
    bytes += item.size();
    i = (i + 1) % pool.padded.size();
  }
  Report(state, bytes);
}

// The decode stage as the pipeline runs it: copy into the padded buffer, parse, map onto RawItem.
void Decode(benchmark::State& state, const Pool& pool) {
  copydesk::wire::Decoder decoder{copydesk::wire::DecodeLimits{}};
  copydesk::wire::RawItem raw;
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& item = pool.items[i];
    if (auto rejection = decoder.Decode(item, raw)) {
      state.SkipWithError(("a generated item was rejected: " + rejection->detail).c_str());
      return;
    }
    benchmark::DoNotOptimize(raw.body.data());
    bytes += item.size();
    i = (i + 1) % pool.items.size();
  }
  Report(state, bytes);
}

// One record through the pipeline's per-record work: decode, assemble, serialise the event.
void ProcessItem(benchmark::State& state, const Pool& pool) {
  const copydesk::config::Config config;
  copydesk::pipeline::Processor processor(config);
  copydesk::event::EventWriter writer;
  copydesk::event::Event event;
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& item = pool.items[i];
    processor.Process(copydesk::pipeline::Record{item, 0, {}}, event);
    const std::string_view json = writer.Write(event);
    benchmark::DoNotOptimize(json.data());
    bytes += item.size();
    i = (i + 1) % pool.items.size();
  }
  Report(state, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  std::vector<Pool> pools;
  for (Kind kind : copydesk::wiregen::kAllKinds) {
    auto pool = MakePool(std::string(copydesk::wiregen::KindName(kind)), {kind});
    if (!pool) return 2;
    pools.push_back(*std::move(pool));
  }
  auto mixed = MakePool("mixed", {});
  if (!mixed) return 2;
  pools.push_back(*std::move(mixed));
  // Truncated records: the reject path (a second parse to locate the error, Base64 of the
  // original bytes in the event). Without a padded copy, only process_item runs on them.
  Pool truncated{"rejected_truncated", {}, {}};
  for (const std::string& item : pools.back().items) {
    truncated.items.push_back(item.substr(0, item.size() - 64));
  }
  pools.push_back(std::move(truncated));

  // The pools are complete: the benchmarks below keep references to them.
  for (const Pool& pool : pools) {
    if (!pool.padded.empty()) {
      benchmark::RegisterBenchmark(("simdjson_parse/" + pool.name).c_str(),
                                   [&pool](benchmark::State& s) { SimdjsonParse(s, pool); });
    }
  }
  for (const Pool& pool : pools) {
    if (!pool.padded.empty()) {
      benchmark::RegisterBenchmark(("decode/" + pool.name).c_str(),
                                   [&pool](benchmark::State& s) { Decode(s, pool); });
    }
  }
  for (const Pool& pool : pools) {
    benchmark::RegisterBenchmark(("process_item/" + pool.name).c_str(),
                                 [&pool](benchmark::State& s) { ProcessItem(s, pool); });
  }

  benchmark::AddCustomContext("simdjson_implementation",
                              std::string(simdjson::get_active_implementation()->name()));
  benchmark::AddCustomContext("item_bytes", std::to_string(kItemBytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
