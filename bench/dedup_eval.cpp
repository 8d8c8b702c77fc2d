// dedup_eval: accuracy of copydesk's deduplication and story clustering (docs/quality.md),
// and the speed of fingerprint + decide (docs/performance.md).
//
//   dedup_eval syndication --feed F --truth T [--threshold X | --sweep] [--errors N]
//                          [--speed R] [--texts OUT.jsonl]
//       a feed from `wiregen syndicate` and its truth: duplicate decisions (precision, recall,
//       F1, per relation kind) and B-cubed story clustering. The decisions are copydesk's:
//       every line goes through the Processor and DedupStage of `copydesk process`.
//   dedup_eval reuters [--corpora DIR] [--threshold X] [--examples N]
//       Reuters-21578 in date order through the same stages, against
//       reuters21578/DERIVED_near_duplicate_pairs.tsv.
//   dedup_eval semeval [--corpora DIR] [--threshold X]
//       SemEval-2022 Task 8 pairs: copydesk's estimated Jaccard per pair against the human
//       Overall score.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "copydesk/config/config.h"
#include "copydesk/core/json_writer.h"
#include "copydesk/dedup/deduplicator.h"
#include "copydesk/dedup/fingerprint.h"
#include "copydesk/event/event.h"
#include "copydesk/pipeline/dedup_stage.h"
#include "copydesk/pipeline/processor.h"
#include "copydesk/state/store.h"
#include "copydesk/wiregen/syndicate.h"
#include "csv.h"

namespace {

using namespace copydesk;
using Clock = std::chrono::steady_clock;

struct Args {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  std::string get(const std::string& k, const std::string& d = "") const {
    auto it = values.find(k);
    return it == values.end() ? d : it->second;
  }
};

Args Parse(int argc, char** argv, const std::set<std::string>& flag_names) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    std::string k = argv[i];
    if (!k.starts_with("--")) {
      fmt::print(stderr, "dedup_eval: unexpected argument {}\n", k);
      std::exit(2);
    }
    k = k.substr(2);
    if (flag_names.count(k)) {
      a.flags.insert(k);
    } else if (i + 1 < argc) {
      a.values[k] = argv[++i];
    } else {
      fmt::print(stderr, "dedup_eval: --{} needs a value\n", k);
      std::exit(2);
    }
  }
  return a;
}

std::string DefaultCorpora() {
  return (std::filesystem::path(COPYDESK_SOURCE_DIR) / ".." / "shared" / "data" / "corpora")
      .lexically_normal()
      .string();
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "dedup_eval: cannot read {}\n", path);
    std::exit(2);
  }
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t end = s.find(sep, pos);
    out.emplace_back(s.substr(pos, end == std::string_view::npos ? s.npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

config::Config MakeConfig(std::optional<double> threshold) {
  auto loaded = config::LoadConfig(std::nullopt, {});
  if (!loaded.ok()) {
    fmt::print(stderr, "dedup_eval: {}\n", loaded.status().message());
    std::exit(2);
  }
  config::Config c = loaded->config;
  if (threshold) c.dedup.near_threshold = *threshold;
  return c;
}

// What copydesk decided for one input line.
struct Outcome {
  bool accepted = false;
  event::DedupStatus status = event::DedupStatus::kNew;
  std::string id, story, of;
  double similarity = 0;
  std::string headline, body;  // for the speed test and the peer comparison
  dedup::Signature minhash{};
  dedup::BandKeys bands{};
};

// The lines through the Processor and DedupStage, as `copydesk process` runs them.
std::vector<Outcome> RunCopydesk(const std::vector<std::string>& lines,
                                 const config::Config& config, bool keep_text) {
  auto resources = pipeline::LoadResources(config);
  auto stage = pipeline::DedupStage::Open(config);
  if (!resources.ok() || !stage.ok()) {
    fmt::print(stderr, "dedup_eval: cannot open the pipeline\n");
    std::exit(1);
  }
  pipeline::Processor processor(config, *resources);
  std::vector<Outcome> out(lines.size());
  event::Event event;
  for (size_t n = 0; n < lines.size(); ++n) {
    pipeline::Record record{lines[n], 0, {}};
    record.origin.line = n + 1;
    processor.Process(record, event);
    Outcome& o = out[n];
    if (event.type == event::EventType::kRejected) continue;
    const dedup::ArticleInput input = processor.dedup_input(event);
    o.minhash = input.fingerprint->minhash;
    o.bands = input.fingerprint->bands;
    (*stage)->Apply(input, event);
    o.accepted = true;
    o.status = event.dedup_status;
    o.id = event.id;
    o.story = event.story_id;
    o.of = event.dedup_of;
    o.similarity = event.dedup_status == event::DedupStatus::kNew ? 0 : event.similarity;
    if (keep_text) {
      o.headline = event.item.headline;
      o.body = event.item.body;
    }
    if ((n + 1) % 1024 == 0) (void)(*stage)->Commit();
  }
  (void)(*stage)->Commit();
  return out;
}

struct Bcubed {
  double precision = 0, recall = 0;
  double f1() const {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
};

// B-cubed over items with a predicted and a true cluster label each.
Bcubed BcubedOf(const std::vector<std::string>& predicted, const std::vector<std::string>& truth) {
  std::map<std::string, size_t> p_size, t_size;
  std::map<std::pair<std::string, std::string>, size_t> both;
  for (size_t i = 0; i < predicted.size(); ++i) {
    ++p_size[predicted[i]];
    ++t_size[truth[i]];
    ++both[{predicted[i], truth[i]}];
  }
  Bcubed b;
  if (predicted.empty()) return b;
  for (size_t i = 0; i < predicted.size(); ++i) {
    const double common = static_cast<double>(both[{predicted[i], truth[i]}]);
    b.precision += common / p_size[predicted[i]];
    b.recall += common / t_size[truth[i]];
  }
  b.precision /= predicted.size();
  b.recall /= predicted.size();
  return b;
}

struct TruthLine {
  std::string story, relation, edits, base;
  uint64_t of_line = 0;
};

std::vector<TruthLine> ReadTruth(const std::string& path) {
  std::vector<TruthLine> truth;
  for (const std::string& line : ReadLines(path)) {
    if (line.starts_with("line\t")) continue;
    auto f = Split(line, '\t');
    if (f.size() < 6) continue;
    const size_t n = std::stoul(f[0]);
    if (truth.size() < n) truth.resize(n);
    truth[n - 1] = {f[1], f[2], f[5], f[4], std::stoull(f[3])};
  }
  return truth;
}

bool Positive(const std::string& relation) {
  return relation == "republication" || relation == "resend" || relation == "update";
}

struct Scores {
  double threshold = 0;
  size_t tp = 0, fp = 0, fn = 0;
  Bcubed bcubed;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

// Scores the outcomes; fills `by_relation` (relation -> status name -> count) and `errors`.
Scores Score(const std::vector<Outcome>& out, const std::vector<TruthLine>& truth,
             std::map<std::string, std::map<std::string, size_t>>* by_relation,
             std::map<std::string, std::pair<size_t, size_t>>* recall_by_relation,
             std::vector<size_t>* errors) {
  Scores s;
  std::unordered_map<std::string, size_t> first_line;  // event id -> first line (0-based)
  for (size_t n = 0; n < out.size(); ++n)
    if (out[n].accepted) first_line.emplace(out[n].id, n);
  std::vector<std::string> predicted(out.size()), gold(out.size());
  for (size_t n = 0; n < out.size() && n < truth.size(); ++n) {
    const Outcome& o = out[n];
    const TruthLine& t = truth[n];
    predicted[n] = o.accepted ? o.story : fmt::format("rejected:{}", n);
    gold[n] = t.story;
    const bool repeat = o.accepted && o.status != event::DedupStatus::kNew;
    bool same_story = false;
    if (repeat) {
      auto it = first_line.find(o.of);
      same_story = it != first_line.end() && truth[it->second].story == t.story;
    }
    const bool positive = Positive(t.relation);
    const bool correct = repeat && same_story;
    if (positive && correct) ++s.tp;
    if (repeat && !(positive && correct)) ++s.fp;
    if (positive && !correct) ++s.fn;
    if (by_relation) {
      std::string status =
          o.accepted ? std::string(event::DedupStatusName(o.status)) : std::string("rejected");
      if (repeat && !same_story) status += " (other story)";
      ++(*by_relation)[t.relation][status];
    }
    if (recall_by_relation) {
      auto& [ok, all] = (*recall_by_relation)[t.relation];
      ++all;
      ok += positive ? correct : !repeat;
    }
    if (errors && (positive != correct || (repeat && !positive))) errors->push_back(n);
  }
  s.bcubed = BcubedOf(predicted, gold);
  return s;
}

std::string Fmt(double v) {
  return fmt::format("{:.4f}", v);
}

void WriteTexts(const std::string& path, const std::vector<Outcome>& out) {
  std::ofstream f(path, std::ios::binary);
  std::string line;
  for (size_t n = 0; n < out.size(); ++n) {
    if (!out[n].accepted) continue;
    line.clear();
    JsonWriter json(line);
    json.StartObject();
    json.Key("line");
    json.Uint(n + 1);
    json.Member("id", out[n].id);
    json.Member("text", out[n].body);
    json.EndObject();
    line.push_back('\n');
    f << line;
  }
}

// Fingerprint + decide, single thread, cleaning excluded: the clean text of each accepted
// article is fingerprinted again and decided against a fresh state store.
void Speed(const std::vector<Outcome>& out, const config::Config& config, int repeats) {
  struct Item {
    std::string headline;
    std::vector<std::string> paragraphs;
    std::string id;
  };
  std::vector<Item> items;
  for (const Outcome& o : out) {
    if (!o.accepted) continue;
    Item it;
    it.headline = o.headline;
    for (auto& p : Split(o.body, '\n'))
      if (!p.empty()) it.paragraphs.push_back(p);
    it.id = o.id;
    items.push_back(std::move(it));
  }
  std::vector<dedup::Fingerprint> fps(items.size());
  double best_fp = 1e30, best_decide = 1e30;
  uint64_t dummy = 0;
  for (int r = 0; r < repeats; ++r) {
    dedup::Fingerprinter fingerprinter;
    auto t0 = Clock::now();
    for (size_t i = 0; i < items.size(); ++i)
      fingerprinter.Compute(items[i].headline, items[i].paragraphs, 0, fps[i]);
    const double tf = std::chrono::duration<double>(Clock::now() - t0).count();
    best_fp = std::min(best_fp, tf);

    const auto dir = std::filesystem::temp_directory_path() /
                     fmt::format("dedup-eval-speed-{}-{}", ::getpid(), r);
    std::filesystem::create_directories(dir);
    {
      auto store = state::StateStore::Open(dir);
      auto dd = dedup::Deduplicator::Open(**store, config.dedup);
      if (!store.ok() || !dd.ok()) std::exit(1);
      const int64_t base = 1775001600000;
      auto t1 = Clock::now();
      for (size_t i = 0; i < items.size(); ++i) {
        dedup::ArticleInput in;
        in.id = std::hash<std::string>{}(items[i].id);
        in.time_ms = base + static_cast<int64_t>(i) * 1000;
        in.headline = items[i].headline;
        in.fingerprint = &fps[i];
        dummy += (*dd)->Decide(in).story;
        if ((i + 1) % 1024 == 0) (void)(*dd)->Commit();
      }
      (void)(*dd)->Commit();
      const double td = std::chrono::duration<double>(Clock::now() - t1).count();
      best_decide = std::min(best_decide, td);
    }
    std::filesystem::remove_all(dir);
  }
  const double n = static_cast<double>(items.size());
  fmt::print("\n## Speed (single thread, best of {}, {} articles, cleaning excluded)\n\n", repeats,
             items.size());
  fmt::print("| step | seconds | articles/s |\n|---|---:|---:|\n");
  fmt::print("| fingerprint (normalise, shingle, MinHash, bands) | {:.4f} | {:.0f} |\n", best_fp,
             n / best_fp);
  fmt::print("| decide (index query + insert, RocksDB batch commit) | {:.4f} | {:.0f} |\n",
             best_decide, n / best_decide);
  fmt::print("| fingerprint + decide | {:.4f} | {:.0f} |\n", best_fp + best_decide,
             n / (best_fp + best_decide));
  if (dummy == 42) fmt::print(" ");
}

int Syndication(const Args& args) {
  const std::vector<std::string> lines = ReadLines(args.get("feed"));
  const std::vector<TruthLine> truth = ReadTruth(args.get("truth"));
  if (lines.size() != truth.size()) {
    fmt::print(stderr, "dedup_eval: {} feed lines, {} truth rows\n", lines.size(), truth.size());
    return 2;
  }
  std::vector<double> thresholds;
  if (args.flags.count("sweep")) {
    for (int t = 3; t <= 9; ++t) thresholds.push_back(t / 10.0);
  } else {
    thresholds.push_back(args.values.count("threshold")
                             ? std::stod(args.get("threshold"))
                             : MakeConfig(std::nullopt).dedup.near_threshold);
  }
  std::map<std::string, size_t> relations;
  for (const auto& t : truth) ++relations[t.relation];
  fmt::print("# Syndication feed: {} lines (", lines.size());
  for (const auto& [r, c] : relations) fmt::print("{} {}; ", r, c);
  fmt::print(")\n\n");

  std::vector<Scores> sweep;
  for (double th : thresholds) {
    const config::Config config = MakeConfig(th);
    const bool last = th == thresholds.back();
    const bool want_text = last && (args.values.count("texts") || args.values.count("speed"));
    auto out = RunCopydesk(lines, config, want_text);
    std::map<std::string, std::map<std::string, size_t>> by_relation;
    std::map<std::string, std::pair<size_t, size_t>> recall_by;
    std::vector<size_t> errors;
    Scores s = Score(out, truth, &by_relation, &recall_by, &errors);
    s.threshold = th;
    sweep.push_back(s);
    if (thresholds.size() == 1 || th == 0.5) {
      fmt::print("## Threshold {}\n\n", th);
      fmt::print("duplicate decisions: TP {} FP {} FN {}; precision {} recall {} F1 {}\n", s.tp,
                 s.fp, s.fn, Fmt(s.precision()), Fmt(s.recall()), Fmt(s.f1()));
      fmt::print("B-cubed: precision {} recall {} F1 {}\n\n", Fmt(s.bcubed.precision),
                 Fmt(s.bcubed.recall), Fmt(s.bcubed.f1()));
      fmt::print(
          "| relation | lines | correct | share | copydesk's decisions "
          "|\n|---|---:|---:|---:|---|\n");
      for (const auto& [rel, st] : by_relation) {
        std::string d;
        for (const auto& [k, v] : st) d += fmt::format("{}{} {}", d.empty() ? "" : ", ", k, v);
        const auto& [ok, all] = recall_by[rel];
        fmt::print("| {} | {} | {} | {} | {} |\n", rel, all, ok, Fmt(double(ok) / all), d);
      }
      // By corpus: the truth story's source ("reuters/...", "bbc/...", "neg:...").
      {
        std::map<std::string, std::array<size_t, 4>> by_corpus;  // lines, positives, FN, FP
        std::set<size_t> wrong(errors.begin(), errors.end());
        for (size_t n = 0; n < truth.size(); ++n) {
          std::string_view story = truth[n].story;
          if (story.starts_with("neg:")) story.remove_prefix(4);
          auto& c = by_corpus[std::string(story.substr(0, story.find('/')))];
          ++c[0];
          const bool positive = Positive(truth[n].relation);
          c[1] += positive;
          if (wrong.count(n)) ++c[positive ? 2 : 3];
        }
        fmt::print(
            "\n| corpus | lines | positives | FN | FP | recall "
            "|\n|---|---:|---:|---:|---:|---:|\n");
        for (const auto& [corpus, c] : by_corpus)
          fmt::print("| {} | {} | {} | {} | {} | {} |\n", corpus, c[0], c[1], c[2], c[3],
                     Fmt(c[1] ? double(c[1] - c[2]) / c[1] : 1));
      }
      // Recall by edit, for republications.
      std::map<std::string, std::pair<size_t, size_t>> by_edit;
      for (size_t n = 0; n < truth.size(); ++n) {
        if (truth[n].relation != "republication") continue;
        const bool wrong = std::find(errors.begin(), errors.end(), n) != errors.end();
        for (const auto& e : Split(truth[n].edits, ',')) {
          auto& [ok, all] = by_edit[e];
          ++all;
          ok += !wrong;
        }
      }
      fmt::print("\n| republication edit | lines | found | recall |\n|---|---:|---:|---:|\n");
      for (const auto& [e, c] : by_edit)
        fmt::print("| {} | {} | {} | {} |\n", e, c.second, c.first,
                   Fmt(double(c.first) / c.second));
      const size_t show = std::stoul(args.get("errors", "10"));
      fmt::print("\n{} wrong decisions; the first {}:\n\n", errors.size(),
                 std::min(show, errors.size()));
      std::unordered_map<std::string, size_t> first_line;
      for (size_t n = 0; n < out.size(); ++n)
        if (out[n].accepted) first_line.emplace(out[n].id, n);
      for (size_t k = 0; k < errors.size() && k < show; ++k) {
        const size_t n = errors[k];
        const auto& o = out[n];
        std::string of = "-";
        if (!o.of.empty() && first_line.count(o.of)) {
          const size_t m = first_line[o.of];
          of = fmt::format("line {} ({} of {})", m + 1, truth[m].relation, truth[m].story);
        }
        std::string truth_sim = "-";
        if (truth[n].of_line > 0 && o.accepted && out[truth[n].of_line - 1].accepted) {
          const Outcome& t = out[truth[n].of_line - 1];
          size_t shared = 0;
          for (size_t b = 0; b < dedup::kBands; ++b) shared += o.bands[b] == t.bands[b];
          truth_sim = fmt::format("{:.3f}, LSH bands shared {}",
                                  dedup::EstimatedJaccard(o.minhash, t.minhash), shared);
        }
        fmt::print(
            "- line {}: {} of {} (of line {}, estimated Jaccard with it {}; edits {}) -> "
            "copydesk: {}, similarity {:.3f}, of {}\n",
            n + 1, truth[n].relation, truth[n].story, truth[n].of_line, truth_sim, truth[n].edits,
            o.accepted ? event::DedupStatusName(o.status) : "rejected", o.similarity, of);
      }
      fmt::print("\n");
    }
    if (last && args.values.count("texts")) WriteTexts(args.get("texts"), out);
    if (last && args.values.count("speed")) Speed(out, config, std::stoi(args.get("speed")));
  }
  if (thresholds.size() > 1) {
    fmt::print(
        "## Threshold sweep\n\n| near_threshold | TP | FP | FN | precision | recall | F1 | "
        "B3 precision | B3 recall | B3 F1 "
        "|\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const Scores& s : sweep)
      fmt::print("| {:.1f} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", s.threshold, s.tp,
                 s.fp, s.fn, Fmt(s.precision()), Fmt(s.recall()), Fmt(s.f1()),
                 Fmt(s.bcubed.precision), Fmt(s.bcubed.recall), Fmt(s.bcubed.f1()));
  }
  return 0;
}

// "26-FEB-1987 15:01:01.79" -> ms since the epoch (UTC).
std::optional<int64_t> ReutersTime(std::string_view s) {
  static const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  int d = 0, y = 0, hh = 0, mm = 0, ss = 0;
  char mon[4] = {};
  if (std::sscanf(std::string(s).c_str(), "%d-%3s-%d %d:%d:%d", &d, mon, &y, &hh, &mm, &ss) < 3)
    return std::nullopt;
  int m = 0;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(mon) == months[i]) m = i + 1;
  if (m == 0) return std::nullopt;
  // days_from_civil
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60000 + int64_t{ss} * 1000;
}

int Reuters(const Args& args) {
  const std::filesystem::path corpora = args.get("corpora", DefaultCorpora());
  wiregen::CorpusOptions copts;
  copts.bbc = false;
  copts.min_words = 1;
  copts.min_paragraphs = 1;
  copts.require_title = false;
  copts.skip_derived_pairs = false;
  auto corpus = wiregen::LoadCorpora(corpora, copts);
  if (!corpus.ok()) {
    fmt::print(stderr, "dedup_eval: {}\n", corpus.status().message());
    return 2;
  }
  struct Doc {
    const wiregen::BaseArticle* a;
    int64_t time;
    uint64_t newid;
  };
  std::vector<Doc> docs;
  for (const auto& a : *corpus) {
    auto t = ReutersTime(a.date);
    if (!t) continue;
    docs.push_back({&a, *t, std::stoull(a.key.substr(8))});
  }
  std::stable_sort(docs.begin(), docs.end(), [](const Doc& x, const Doc& y) {
    return x.time != y.time ? x.time < y.time : x.newid < y.newid;
  });
  std::vector<std::string> lines;
  for (const Doc& d : docs) {
    std::string body;
    for (const auto& p : d.a->paragraphs) body += (body.empty() ? "" : "\n\n") + p;
    if (!d.a->place.empty()) body = d.a->place + " - " + body;
    lines.push_back(
        wiregen::ScrapedItemJson(fmt::format("https://www.reuters.example/article/{}", d.newid),
                                 d.a->title, body, d.time, "reuters.example", false));
  }
  const double th = args.values.count("threshold") ? std::stod(args.get("threshold"))
                                                   : MakeConfig(std::nullopt).dedup.near_threshold;
  auto out = RunCopydesk(lines, MakeConfig(th), false);
  std::unordered_map<uint64_t, size_t> line_of;  // newid -> index
  std::unordered_map<std::string, uint64_t> newid_of_id;
  for (size_t i = 0; i < docs.size(); ++i) {
    line_of[docs[i].newid] = i;
    if (out[i].accepted) newid_of_id.emplace(out[i].id, docs[i].newid);
  }
  std::map<std::string, size_t> status_count;
  size_t accepted = 0;
  for (const auto& o : out) {
    if (!o.accepted) continue;
    ++accepted;
    ++status_count[std::string(event::DedupStatusName(o.status))];
  }
  fmt::print(
      "# Reuters-21578 in date order: {} documents with a body and a date, {} accepted, threshold "
      "{}\n\n",
      docs.size(), accepted, th);
  for (const auto& [k, v] : status_count) fmt::print("- {}: {}\n", k, v);

  // The derived pairs, sorted into kinds.
  struct Pair {
    uint64_t a, b;
    double j5;
  };
  std::vector<Pair> pairs;
  for (const auto& line :
       ReadLines((corpora / "reuters21578" / "DERIVED_near_duplicate_pairs.tsv").string())) {
    if (line.empty() || line[0] == '#' || line.starts_with("newid")) continue;
    auto f = Split(line, '\t');
    if (f.size() < 3) continue;
    pairs.push_back({std::stoull(f[0]), std::stoull(f[1]), std::stod(f[2])});
  }
  struct Kind {
    size_t pairs = 0, same_story = 0, direct = 0;
  };
  std::map<std::string, Kind> kinds;
  std::set<std::pair<uint64_t, uint64_t>> listed;
  const int64_t horizon = MakeConfig(std::nullopt).dedup.horizon_ms;
  std::vector<std::string> missed;
  for (const Pair& p : pairs) {
    if (!line_of.count(p.a) || !line_of.count(p.b)) {
      ++kinds["a document has no date/body"].pairs;
      continue;
    }
    size_t ia = line_of[p.a], ib = line_of[p.b];
    if (ia > ib) std::swap(ia, ib);
    listed.insert({docs[ia].newid, docs[ib].newid});
    const auto* A = docs[ia].a;
    const auto* B = docs[ib].a;
    std::string kind;
    const int64_t gap = docs[ib].time - docs[ia].time;
    if (gap > horizon) {
      kind = "apart by more than the horizon (7 d)";
    } else if (p.j5 >= 0.999) {
      kind = A->title == B->title ? "identical body, same headline (repeat)"
                                  : "identical body, other headline";
    } else if (A->title == B->title) {
      kind = "edited body, same headline (update/correction)";
    } else {
      kind = "edited body, other headline";
    }
    Kind& k = kinds[kind];
    ++k.pairs;
    const bool same = out[ia].accepted && out[ib].accepted && out[ia].story == out[ib].story;
    k.same_story += same;
    k.direct += out[ib].accepted && out[ib].of == out[ia].id;
    if (!same && gap <= horizon && missed.size() < 12)
      missed.push_back(fmt::format("{} / {} (j5 {:.2f}, {}): {} -> {} sim {:.3f}; \"{}\" / \"{}\"",
                                   docs[ia].newid, docs[ib].newid, p.j5, kind,
                                   event::DedupStatusName(out[ia].status),
                                   event::DedupStatusName(out[ib].status), out[ib].similarity,
                                   A->title.substr(0, 50), B->title.substr(0, 50)));
  }
  fmt::print("\n## DERIVED_near_duplicate_pairs.tsv: {} pairs\n\n", pairs.size());
  fmt::print(
      "| kind of pair | pairs | same story in copydesk | share | later marked a repeat of the "
      "earlier |\n|---|---:|---:|---:|---:|\n");
  size_t tot = 0, tot_same = 0, in_h = 0, in_h_same = 0;
  for (const auto& [k, v] : kinds) {
    fmt::print("| {} | {} | {} | {} | {} |\n", k, v.pairs, v.same_story,
               Fmt(v.pairs ? double(v.same_story) / v.pairs : 0), v.direct);
    tot += v.pairs;
    tot_same += v.same_story;
    if (k.find("horizon") == std::string::npos && k.find("no date") == std::string::npos) {
      in_h += v.pairs;
      in_h_same += v.same_story;
    }
  }
  fmt::print("| all | {} | {} | {} | |\n", tot, tot_same, Fmt(tot ? double(tot_same) / tot : 0));
  fmt::print("| within the horizon | {} | {} | {} | |\n", in_h, in_h_same,
             Fmt(in_h ? double(in_h_same) / in_h : 0));
  fmt::print("\nListed pairs within the horizon that copydesk keeps apart:\n\n");
  for (const auto& m : missed) fmt::print("- {}\n", m);

  // copydesk's repeats that the list does not have.
  size_t unlisted = 0;
  std::map<std::string, size_t> unlisted_by;
  std::vector<std::string> examples;
  const size_t show = std::stoul(args.get("examples", "12"));
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& o = out[i];
    if (!o.accepted || o.status == event::DedupStatus::kNew || o.of.empty()) continue;
    auto it = newid_of_id.find(o.of);
    if (it == newid_of_id.end()) continue;
    const uint64_t a = it->second;
    if (listed.count({a, docs[i].newid}) || listed.count({docs[i].newid, a})) continue;
    ++unlisted;
    const auto* A = docs[line_of[a]].a;
    const auto* B = docs[i].a;
    const std::string size = B->words < 40 ? "short (<40 words)" : "40 words or more";
    ++unlisted_by[fmt::format("{}, {}, {}", event::DedupStatusName(o.status), size,
                              A->title == B->title ? "same headline" : "other headline")];
    if (examples.size() < show && B->words >= 40)
      examples.push_back(fmt::format("{} -> {} ({}, sim {:.3f}, {} / {} words): \"{}\" / \"{}\"", a,
                                     docs[i].newid, event::DedupStatusName(o.status), o.similarity,
                                     A->words, B->words, A->title.substr(0, 50),
                                     B->title.substr(0, 50)));
  }
  fmt::print("\n## copydesk's repeats not in the list: {}\n\n", unlisted);
  for (const auto& [k, v] : unlisted_by) fmt::print("- {}: {}\n", k, v);
  fmt::print("\nExamples (40 words or more):\n\n");
  for (const auto& e : examples) fmt::print("- {}\n", e);
  return 0;
}

// The whole file as CSV rows (empty when it cannot be read).
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return copydesk::bench::ParseCsv(
      std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

std::vector<double> Ranks(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    for (size_t k = i; k <= j; ++k) r[idx[k]] = (i + j) / 2.0 + 1;
    i = j + 1;
  }
  return r;
}

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2) return NAN;
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : NAN;
}

int Semeval(const Args& args) {
  const std::filesystem::path corpora = args.get("corpora", DefaultCorpora());
  const auto rows =
      ReadCsv((corpora / "semeval2022-task8" / "DERIVED_original_id_pairs.csv").string());
  if (rows.empty()) {
    fmt::print(stderr, "dedup_eval: no SemEval pairs under {}\n", corpora.string());
    return 2;
  }
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  const double th = args.values.count("threshold") ? std::stod(args.get("threshold"))
                                                   : MakeConfig(std::nullopt).dedup.near_threshold;
  struct P {
    double overall, sim;
    bool cross;
    std::string langs;
    std::string id;
    uint32_t words1, words2;
  };
  std::vector<P> ps;
  dedup::Fingerprinter fp;
  dedup::Fingerprint f1, f2;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() < rows[0].size()) continue;
    const std::string l1 = row[col["lang1"]], l2 = row[col["lang2"]];
    std::vector<std::string> t1 = {row[col["text1"]]}, t2 = {row[col["text2"]]};
    fp.Compute("", t1, 0, f1);
    fp.Compute("", t2, 0, f2);
    const double sim =
        f1.HasText() && f2.HasText() ? dedup::EstimatedJaccard(f1.minhash, f2.minhash) : 0;
    ps.push_back({std::stod(row[col["Overall"]]), sim, l1 != l2, l1 == l2 ? l1 : l1 + "-" + l2,
                  row[col["pair_id"]], f1.words, f2.words});
  }
  auto bucket = [](double o) {
    if (o <= 1.5) return std::string("1-1.5 (same story)");
    if (o <= 2.5) return std::string("1.5-2.5");
    if (o <= 3.5) return std::string("2.5-3.5");
    return std::string("3.5-4 (unrelated)");
  };
  fmt::print("# SemEval-2022 Task 8: {} pairs, threshold {}\n\n", ps.size(), th);
  for (int cross = 0; cross < 2; ++cross) {
    std::map<std::string, std::tuple<size_t, double, size_t, size_t>>
        b;  // n, sum, flagged, exact-ish(>=0.9)
    std::vector<double> x, y;
    for (const P& p : ps) {
      if (p.cross != bool(cross)) continue;
      auto& [n, sum, flagged, high] = b[bucket(p.overall)];
      ++n;
      sum += p.sim;
      flagged += p.sim >= th;
      high += p.sim >= 0.9;
      x.push_back(p.sim);
      y.push_back(p.overall);
    }
    fmt::print(
        "## {} ({} pairs)\n\n| Overall | pairs | mean estimated Jaccard | flagged near (>= {}) | "
        "share |\n|---|---:|---:|---:|---:|\n",
        cross ? "Across languages" : "Within a language", x.size(), th);
    for (const auto& [k, v] : b) {
      const auto& [n, sum, flagged, high] = v;
      fmt::print("| {} | {} | {:.4f} | {} | {:.4f} |\n", k, n, sum / n, flagged,
                 double(flagged) / n);
    }
    fmt::print("\nPearson(similarity, Overall) {:.3f}; Spearman {:.3f}\n\n", Pearson(x, y),
               Pearson(Ranks(x), Ranks(y)));
  }
  fmt::print(
      "Pairs flagged near (>= {}) that the annotators did not judge the same story (Overall > "
      "1.5):\n\n",
      th);
  for (const P& p : ps)
    if (p.sim >= th && p.overall > 1.5)
      fmt::print("- {} ({}): Overall {:.2f}, similarity {:.3f}, {} / {} words\n", p.id, p.langs,
                 p.overall, p.sim, p.words1, p.words2);
  fmt::print("\n");
  // Within-language correlation per language.
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> per;
  for (const P& p : ps)
    if (!p.cross) {
      per[p.langs].first.push_back(p.sim);
      per[p.langs].second.push_back(p.overall);
    }
  fmt::print(
      "| language | pairs | Spearman | mean sim, Overall <= 1.5 | flagged, Overall <= 1.5 "
      "|\n|---|---:|---:|---:|---:|\n");
  for (const auto& [l, v] : per) {
    double s = 0;
    size_t n = 0, fl = 0;
    for (size_t i = 0; i < v.first.size(); ++i)
      if (v.second[i] <= 1.5) {
        s += v.first[i];
        ++n;
        fl += v.first[i] >= th;
      }
    fmt::print("| {} | {} | {:.3f} | {:.4f} | {}/{} |\n", l, v.first.size(),
               Pearson(Ranks(v.first), Ranks(v.second)), n ? s / n : 0.0, fl, n);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr,
               "usage: dedup_eval syndication|reuters|semeval [options] (see the source)\n");
    return 2;
  }
  const std::string mode = argv[1];
  const Args args = Parse(argc - 2, argv + 2, {"sweep"});
  if (mode == "syndication") return Syndication(args);
  if (mode == "reuters") return Reuters(args);
  if (mode == "semeval") return Semeval(args);
  fmt::print(stderr, "dedup_eval: unknown mode {}\n", mode);
  return 2;
}
