// clean_eval: runs the cleaning and language stages (text::Cleaner, lang::LanguageIdentifier)
// over the real corpora in ../shared/data/corpora and reports per-field accuracy. The corpora
// are read by path only; no corpus text is written anywhere (the JSON output holds figures).
//
//   clean_eval --corpora DIR [--limit N] [--json OUT] [--lang-bytes N]
//
// What is measured, and the figures: docs/quality.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "copydesk/lang/language.h"
#include "copydesk/text/boilerplate.h"
#include "copydesk/text/cleaner.h"
#include "csv.h"

namespace fs = std::filesystem;

namespace {

using copydesk::text::CleanArticle;
using copydesk::text::CleanInput;
using copydesk::text::MarkupFormat;

struct Score {
  uint64_t n = 0;
  uint64_t correct = 0;
  std::map<std::string, uint64_t> misses;  // miss category -> count
  void Add(bool ok, const std::string& category = "other") {
    ++n;
    if (ok) {
      ++correct;
    } else {
      ++misses[category];
    }
  }
};

// Ordered: "corpus/field" keys print in insertion order.
std::vector<std::pair<std::string, Score>> g_scores;
Score& Field(const std::string& name) {
  for (auto& [key, score] : g_scores) {
    if (key == name) return score;
  }
  return g_scores.emplace_back(name, Score{}).second;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Lower-case ASCII, collapse whitespace runs to one space, trim.
std::string Norm(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "&lt;") == 0) {
      out.push_back('<');
      i += 4;
    } else if (s.compare(i, 4, "&gt;") == 0) {
      out.push_back('>');
      i += 4;
    } else if (s.compare(i, 5, "&amp;") == 0) {
      out.push_back('&');
      i += 5;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

uint64_t CodePoints(std::string_view s) {
  uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Primary(std::string_view tag) {
  return Norm(tag.substr(0, tag.find('-')));
}

// Sentences of a gold text (normalised), long enough to be checked for presence.
std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  const std::string norm = Norm(text);
  size_t start = 0;
  for (size_t i = 0; i <= norm.size(); ++i) {
    if (i == norm.size() || (norm[i] == '.' && i + 1 < norm.size() && norm[i + 1] == ' ')) {
      std::string sentence(Trim(std::string_view(norm).substr(start, i - start)));
      if (sentence.size() >= 30) out.push_back(std::move(sentence));
      start = i + 1;
    }
  }
  return out;
}

// Whether every sentence of the gold body is in the output; the category of the first miss.
bool ParagraphsKept(std::string_view gold_body, const CleanArticle& article, std::string* why) {
  std::string joined;
  for (const std::string& p : article.paragraphs) {
    joined += Norm(p);
    joined.push_back(' ');
  }
  const std::vector<std::string> sentences = Sentences(gold_body);
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (joined.find(sentences[i]) == std::string::npos) {
      if (std::getenv("CLEAN_EVAL_DEBUG")) {
        std::fprintf(stderr, "sentence miss: [%s] paragraphs %zu\n", sentences[i].c_str(),
                     article.paragraphs.size());
      }
      *why = i + 1 == sentences.size() ? "last sentence missing"
             : i == 0                  ? "first sentence missing"
                                       : "inner sentence missing";
      return false;
    }
  }
  return true;
}

struct Context {
  copydesk::text::Cleaner cleaner{copydesk::text::BoilerplatePatterns::BuiltIn()};
  copydesk::lang::LanguageIdentifier language;
  CleanArticle article;
  explicit Context(copydesk::lang::LanguageOptions options) : language(options) {}
  uint64_t items = 0;
  uint64_t bytes = 0;
};

std::string DetectLanguage(Context& ctx) {
  const std::string body = ctx.article.Body();
  return ctx.language.Identify(body, /*declared_hint=*/{}).tag;
}

// ---- Reuters-21578 ----

// "    NEW YORK, March 3 - " -> "new york"; "RICHMOND, Va., March 3 -" -> "richmond, va.": the
// text before the comma that precedes the date; a dateline without a date ("PRINCETON, N.J. -")
// is all place.
std::string GoldPlace(std::string_view dateline) {
  std::string_view d = Trim(dateline);
  while (!d.empty() && (d.back() == '-' || d.back() == ' ')) d.remove_suffix(1);
  const size_t comma = d.rfind(',');
  if (comma == std::string_view::npos) return Norm(d);
  const std::string last = Norm(d.substr(comma + 1));
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::string_view month : kMonths) {
    if (last.rfind(month, 0) == 0) return Norm(d.substr(0, comma));
  }
  return Norm(d);
}

void EvalReuters(Context& ctx, const fs::path& file, uint64_t limit) {
  std::ifstream in(file);
  if (!in) return;
  simdjson::dom::parser parser;
  std::string line;
  uint64_t seen = 0;
  while (std::getline(in, line) && seen < limit) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) {
      Field("reuters/parse").Add(false, "bad JSON line");
      continue;
    }
    std::string_view title, dateline, body;
    if (doc["title"].get(title) != simdjson::SUCCESS) title = {};
    if (doc["dateline"].get(dateline) != simdjson::SUCCESS) dateline = {};
    if (doc["body"].get(body) != simdjson::SUCCESS) body = {};
    if (Trim(body).empty()) continue;  // title-only docs: nothing to clean
    ++seen;
    const std::string gold_title = Unescape(Trim(title));
    const std::string gold_body = Unescape(body);
    std::string text;
    const std::string_view dl = Trim(dateline);
    if (!dl.empty() && Norm(gold_body).rfind(Norm(dl), 0) != 0) {
      text.append(dl);  // "SALVADOR, Feb 26 -"
      text.append(" ");
    }
    text += gold_body;
    ctx.cleaner.Clean(CleanInput{gold_title, text, MarkupFormat::kText, {}, {}, std::nullopt},
                      ctx.article);
    ++ctx.items;
    ctx.bytes += text.size() + gold_title.size();

    if (!gold_title.empty()) {
      const bool ok = Norm(ctx.article.headline) == Norm(gold_title);
      Field("reuters/headline").Add(ok, ctx.article.headline.empty() ? "empty" : "differs");
    }
    const std::string place = GoldPlace(dateline);
    if (!place.empty()) {
      if (!ctx.article.dateline) {
        Field("reuters/dateline_place").Add(false, "no dateline found");
      } else {
        const std::string got = Norm(ctx.article.dateline->place);
        Field("reuters/dateline_place")
            .Add(got == place, got.find(place) != std::string::npos   ? "place with extra text"
                               : place.find(got) != std::string::npos ? "place truncated"
                                                                      : "other place");
      }
    }
    const std::string lang = DetectLanguage(ctx);
    const std::string lang_why = lang.empty() ? "undetermined" : "other:" + lang;
    Field("reuters/language_en").Add(Primary(lang) == "en", lang_why);
    if (CodePoints(ctx.article.Body()) > 200) {
      Field("reuters/language_en_200+").Add(Primary(lang) == "en", lang_why);
    }
    if (const char* dump = std::getenv("CLEAN_EVAL_DUMP")) {  // one doc's output, by newid
      std::string_view id;
      if (doc["newid"].get(id) == simdjson::SUCCESS && id == dump) {
        for (const std::string& p : ctx.article.paragraphs)
          std::fprintf(stderr, "P| %s\n", p.c_str());
      }
    }
    if (std::getenv("CLEAN_EVAL_DEBUG")) {  // ids of misses, for looking at them by hand
      std::string_view id;
      if (doc["newid"].get(id) != simdjson::SUCCESS) id = "?";
      if (Primary(lang) != "en")
        std::fprintf(stderr, "reuters language miss: newid %.*s\n", int(id.size()), id.data());
      if (!place.empty() && (!ctx.article.dateline || Norm(ctx.article.dateline->place) != place))
        std::fprintf(stderr, "reuters dateline miss: newid %.*s got [%s]\n", int(id.size()),
                     id.data(), ctx.article.dateline ? ctx.article.dateline->place.c_str() : "-");
    }
    std::string why;
    Field("reuters/paragraphs_kept").Add(ParagraphsKept(gold_body, ctx.article, &why), why);
  }
}

// ---- BBC ----

void EvalBbc(Context& ctx, const fs::path& dir, uint64_t limit) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt" &&
        entry.path().parent_path() != dir) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.size() > limit) files.resize(limit);
  for (const fs::path& path : files) {
    const std::string text = ReadFile(path);
    const size_t nl = text.find('\n');
    const std::string_view gold_title = Trim(std::string_view(text).substr(0, nl));
    const std::string_view gold_body =
        nl == std::string::npos ? std::string_view() : std::string_view(text).substr(nl);
    // As a scraper saves it: the whole file as the body, no headline field.
    ctx.cleaner.Clean(CleanInput{{}, text, MarkupFormat::kText, {}, {}, std::nullopt}, ctx.article);
    ++ctx.items;
    ctx.bytes += text.size();
    Field("bbc/headline")
        .Add(Norm(ctx.article.headline) == Norm(gold_title),
             ctx.article.headline.empty() ? "empty" : "differs");
    const std::string lang = DetectLanguage(ctx);
    Field("bbc/language_en")
        .Add(Primary(lang) == "en", lang.empty() ? "undetermined" : "other:" + lang);
    if (std::getenv("CLEAN_EVAL_DEBUG") && Norm(ctx.article.headline) != Norm(gold_title)) {
      std::fprintf(stderr, "bbc headline miss: %s\n", path.string().c_str());
    }
    std::string why;
    Field("bbc/paragraphs_kept").Add(ParagraphsKept(gold_body, ctx.article, &why), why);
  }
}

// ---- SemEval-2022 Task 8 ----

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void EvalSemeval(Context& ctx, const fs::path& dir, uint64_t limit) {
  std::set<std::string> done;
  uint64_t seen = 0;
  for (const char* name : {"training_set.csv", "testing_set.csv"}) {
    const fs::path file = dir / name;
    if (!fs::exists(file)) continue;
    const auto rows = copydesk::bench::ParseCsv(ReadFile(file));
    if (rows.empty()) continue;
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
    if (!col.count("pair_id") || !col.count("lang1") || !col.count("text1")) continue;
    for (size_t r = 1; r < rows.size() && seen < limit; ++r) {
      const auto& row = rows[r];
      if (row.size() < rows[0].size()) continue;
      const std::string& pair = row[col["pair_id"]];
      const size_t us = pair.find('_');
      if (us == std::string::npos) continue;
      const std::string ids[2] = {pair.substr(0, us), pair.substr(us + 1)};
      for (int k = 0; k < 2; ++k) {
        // Ids with a language suffix are machine-translated padding, not real articles.
        if (!AllDigits(ids[k]) || !done.insert(ids[k]).second) continue;
        const std::string& lang = row[col[k == 0 ? "lang1" : "lang2"]];
        const std::string& text = row[col[k == 0 ? "text1" : "text2"]];
        ++seen;
        ctx.cleaner.Clean(CleanInput{{}, text, MarkupFormat::kText, {}, {}, std::nullopt},
                          ctx.article);
        ++ctx.items;
        ctx.bytes += text.size();
        const std::string body = ctx.article.Body();
        const std::string got = ctx.language.Identify(body, {}).tag;
        const bool ok = Primary(got) == Primary(lang);
        const std::string why = got.empty() ? "undetermined" : "other:" + got;
        const bool long_text = CodePoints(body) > 200;
        if (!ok && std::getenv("CLEAN_EVAL_DEBUG")) {
          std::fprintf(stderr, "semeval language miss: id %s gold %s got %s\n", ids[k].c_str(),
                       lang.c_str(), got.c_str());
        }
        Field(std::string("semeval/language_all/") + lang).Add(ok, why);
        if (long_text) {
          Field(std::string("semeval/language_200+/") + lang).Add(ok, why);
          Field("semeval/language_200+/overall").Add(ok, why);
        }
        Field("semeval/language_all/overall").Add(ok, why);
      }
    }
  }
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  // Default: the shared data next to the repository, wherever the tool is run from.
  fs::path corpora = COPYDESK_SOURCE_DIR "/../shared/data/corpora";
  uint64_t limit = UINT64_MAX;
  std::string json_out;
  copydesk::lang::LanguageOptions lang_options;  // the pipeline's defaults
  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "clean_eval: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--corpora") {
      corpora = value();
    } else if (arg == "--limit") {
      const std::string v = value();
      char* end = nullptr;
      limit = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0') {
        std::fprintf(stderr, "clean_eval: --limit: not a number: %s\n", v.c_str());
        return 2;
      }
    } else if (arg == "--lang-bytes") {  // LanguageOptions::max_bytes, to try other samples
      lang_options.max_bytes = std::strtoull(value().c_str(), nullptr, 10);
      if (lang_options.max_bytes == 0) {
        std::fprintf(stderr, "clean_eval: --lang-bytes: must be a positive number\n");
        return 2;
      }
    } else if (arg == "--json") {
      json_out = value();
    } else if (arg == "--help" || arg == "-h") {
      std::printf("usage: clean_eval --corpora DIR [--limit N] [--json OUT] [--lang-bytes N]\n");
      return 0;
    } else {
      std::fprintf(stderr, "clean_eval: unknown argument: %s\n", arg.c_str());
      return 2;
    }
  }
  std::printf("command: %s\n", command.c_str());
  std::error_code ec;
  if (!fs::is_directory(corpora, ec)) {
    std::printf("skipped: no corpora at %s\n", corpora.string().c_str());
    return 0;
  }
  std::printf("corpora: %s\n", fs::weakly_canonical(corpora, ec).string().c_str());

  Context ctx(lang_options);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> used;
  if (fs::exists(corpora / "reuters21578" / "reuters21578.jsonl")) {
    EvalReuters(ctx, corpora / "reuters21578" / "reuters21578.jsonl", limit);
    used.push_back("reuters21578");
  }
  if (fs::is_directory(corpora / "bbc")) {
    EvalBbc(ctx, corpora / "bbc", limit);
    used.push_back("bbc");
  }
  if (fs::is_directory(corpora / "semeval2022-task8")) {
    EvalSemeval(ctx, corpora / "semeval2022-task8", limit);
    used.push_back("semeval2022-task8");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (used.empty()) {
    std::printf("skipped: no known corpus under %s\n", corpora.string().c_str());
    return 0;
  }

  std::printf("\n%-34s %7s %8s %9s\n", "field", "n", "correct", "accuracy");
  for (const auto& [name, s] : g_scores) {
    std::printf("%-34s %7llu %8llu %8.2f%%\n", name.c_str(), static_cast<unsigned long long>(s.n),
                static_cast<unsigned long long>(s.correct), s.n ? 100.0 * s.correct / s.n : 0.0);
  }
  std::printf("\nmisses by category\n");
  for (const auto& [name, s] : g_scores) {
    for (const auto& [cat, count] : s.misses) {
      std::printf("  %-34s %-28s %6llu\n", name.c_str(), cat.c_str(),
                  static_cast<unsigned long long>(count));
    }
  }
  std::printf("\n%llu items, %.1f MB in %.2f s\n", static_cast<unsigned long long>(ctx.items),
              ctx.bytes / 1e6, seconds);

  if (!json_out.empty()) {
    std::ofstream out(json_out);
    out << "{\"command\":\"" << JsonEscape(command) << "\",\"corpora\":\""
        << JsonEscape(corpora.string()) << "\",\"items\":" << ctx.items
        << ",\"seconds\":" << seconds << ",\"fields\":[";
    bool first = true;
    for (const auto& [name, s] : g_scores) {
      out << (first ? "" : ",") << "{\"field\":\"" << JsonEscape(name) << "\",\"n\":" << s.n
          << ",\"correct\":" << s.correct
          << ",\"accuracy\":" << (s.n ? static_cast<double>(s.correct) / s.n : 0.0)
          << ",\"misses\":{";
      bool f2 = true;
      for (const auto& [cat, count] : s.misses) {
        out << (f2 ? "" : ",") << "\"" << JsonEscape(cat) << "\":" << count;
        f2 = false;
      }
      out << "}}";
      first = false;
    }
    out << "]}\n";
    if (!out) {
      std::fprintf(stderr, "clean_eval: cannot write %s\n", json_out.c_str());
      return 1;
    }
  }
  return 0;
}
