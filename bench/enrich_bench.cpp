// Entity matching (enrich::Gazetteer::Find) on clean ~5 KB articles: wiregen items in every
// body format and language, cleaned before the timed loop, against a gazetteer of real names
// (those of the sample feed's stories) and synthetic ones, up to a million aliases.
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "clean_articles.h"
#include "copydesk/enrich/enricher.h"
#include "copydesk/enrich/gazetteer.h"

namespace {

using copydesk::enrich::EntityType;
using copydesk::enrich::Gazetteer;

constexpr size_t kPoolItems = 256;

// Clean article texts (headline and paragraphs joined), as the enrich stage receives them.
const std::vector<std::string>& Pool() {
  static const std::vector<std::string> pool = [] {
    std::vector<std::string> texts;
    for (const auto& clean : copydesk::bench::CleanArticles(kPoolItems)) {
      std::string text = clean.headline;
      for (const auto& p : clean.paragraphs) text += "\n\n" + p;
      texts.push_back(std::move(text));
    }
    return texts;
  }();
  return pool;
}

// Names found in the sample feed's stories, so that real matches happen.
const char* const kRealNames[] = {
    "Vladimir Putin", "Putin",  "Poutine", "Ali Khamenei", "Khamenei", "Sergey Lavrov", "Lavrov",
    "Russia",         "Russie", "Iran",    "Tehran",       "Téhéran",  "Moscow",        "Moscou",
    "Israel",         "Geneva", "Madrid",  "Reuters",      "EFE",      "WHO",           "Brussels",
    "Europe",         "China",  "Beijing"};

// A gazetteer of `size` aliases: the real names and capitalised synthetic ones of one to three
// words, like the long tail of a real gazetteer.
const Gazetteer& GazetteerOf(size_t size) {
  static std::map<size_t, std::unique_ptr<Gazetteer>> built;
  auto& gazetteer = built[size];
  if (gazetteer) return *gazetteer;
  gazetteer = std::make_unique<Gazetteer>();
  for (const char* name : kRealNames) {
    gazetteer->AddAlias(gazetteer->AddEntity({"Q1", EntityType::kPlace, name, "", "", {}}), name);
  }
  static const char* const kSyllables[] = {"ka", "ri", "mo",  "ta",  "ne",  "lu",  "so",  "vi",
                                           "de", "ba", "gor", "len", "tan", "mir", "sha", "ber"};
  std::mt19937_64 random(7);
  std::string alias;
  while (gazetteer->aliases() < size) {
    alias.clear();
    const int words = 1 + static_cast<int>(random() % 3);
    for (int w = 0; w < words; ++w) {
      if (w > 0) alias += ' ';
      const size_t start = alias.size();
      const int syllables = 2 + static_cast<int>(random() % 3);
      for (int s = 0; s < syllables; ++s) alias += kSyllables[random() % 16];
      alias[start] = static_cast<char>(alias[start] - 'a' + 'A');  // capitalised
    }
    const uint32_t entity = gazetteer->AddEntity({"Q2", EntityType::kPerson, alias, "", "", {}});
    gazetteer->AddAlias(entity, alias);
  }
  return *gazetteer;
}

void BM_find(benchmark::State& state) {
  const Gazetteer& gazetteer = GazetteerOf(static_cast<size_t>(state.range(0)));
  const auto& texts = Pool();
  std::vector<copydesk::enrich::Mention> mentions;
  size_t i = 0;
  size_t bytes = 0;
  size_t found = 0;
  for (auto _ : state) {
    mentions.clear();
    gazetteer.Find(texts[i], mentions);
    bytes += texts[i].size();
    found += mentions.size();
    i = (i + 1) % texts.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["mentions_per_article"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations()));
  state.counters["bytes_per_article"] =
      benchmark::Counter(static_cast<double>(bytes) / static_cast<double>(state.iterations()));
  state.counters["gazetteer_MiB"] =
      benchmark::Counter(static_cast<double>(gazetteer.MemoryBytes()) / (1 << 20));
}
BENCHMARK(BM_find)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);

// The Media Topic rules of the built-in reference data on the same articles.
void BM_topics(benchmark::State& state) {
  const auto reference = copydesk::enrich::Reference::BuiltIn();
  const auto& texts = Pool();
  std::vector<copydesk::enrich::TopicScore> topics;
  size_t i = 0;
  size_t assigned = 0;
  for (auto _ : state) {
    reference->topics().Classify({}, texts[i], topics);
    assigned += topics.size();
    i = (i + 1) % texts.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["topics_per_article"] =
      benchmark::Counter(static_cast<double>(assigned) / static_cast<double>(state.iterations()));
  state.counters["keywords"] =
      benchmark::Counter(static_cast<double>(reference->topics().keywords()));
}
BENCHMARK(BM_topics)->Unit(benchmark::kMicrosecond);

// The whole enrich stage with the built-in reference data: sources, gazetteer, ambiguity,
// topics, the ninjs fields written.
void BM_enrich(benchmark::State& state) {
  const auto reference = copydesk::enrich::Reference::BuiltIn();
  copydesk::enrich::Enricher enricher(reference);
  const auto& texts = Pool();
  copydesk::event::NinjsItem item;
  size_t i = 0;
  size_t entities = 0;
  for (auto _ : state) {
    copydesk::enrich::EnrichInput input;
    input.body = texts[i];
    input.language = "en";
    input.url = "https://www.reuters.com/world/article";
    enricher.Enrich(input, item);
    entities += item.people.size() + item.organisations.size() + item.places.size();
    i = (i + 1) % texts.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["entities_per_article"] =
      benchmark::Counter(static_cast<double>(entities) / static_cast<double>(state.iterations()));
  state.counters["aliases"] =
      benchmark::Counter(static_cast<double>(reference->gazetteer().aliases()));
  state.counters["gazetteer_MiB"] =
      benchmark::Counter(static_cast<double>(reference->gazetteer().MemoryBytes()) / (1 << 20));
}
BENCHMARK(BM_enrich)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
