#include "copydesk/wiregen/syndicate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>

#include "copydesk/core/json_writer.h"

namespace copydesk::wiregen {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;

// SplitMix64: the same numbers on every platform (std distributions are not specified).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(hi - lo + 1)); }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

// The outlets: fictional sites, each with a copyright footer and a tracking habit.
struct Outlet {
  std::string_view name;
  std::string_view domain;
  std::string_view section;
};
const std::vector<Outlet>& Outlets() {
  static const std::vector<Outlet> outlets = {
      {"Global Wire Daily", "www.globalwiredaily.com", "world"},
      {"The Northern Ledger", "www.northernledger.co.uk", "news"},
      {"Harbour City Times", "www.harbourcitytimes.com", "business"},
      {"Capital Dispatch", "capitaldispatch.com", "politics"},
      {"Market Monitor", "www.marketmonitor.net", "markets"},
      {"Westcountry Courier", "www.westcountrycourier.co.uk", "news"},
      {"Pacific Herald", "www.pacificherald.com.au", "world"},
      {"The Evening Record", "www.eveningrecord.ie", "news"},
      {"Lakeside Observer", "lakesideobserver.com", "national"},
      {"Metro Business Review", "www.metrobusinessreview.com", "economy"},
      {"Frontier Post Online", "frontierpostonline.com", "international"},
      {"Daily Mercury", "www.dailymercury.co.za", "news"},
  };
  return outlets;
}

const std::vector<std::string>& Reporters() {
  static const std::vector<std::string> names = {
      "Claire Whitmore", "Peter Hollis",    "Tomas Arriaga", "Nadia Osei",   "Martin Cole",
      "Hannah Pryce",    "Jonas Lindqvist", "Amara Okafor",  "Lucy Brennan", "David Marsh"};
  return names;
}

// Sentences an update adds (one per update, so that an update always changes the text).
const std::vector<std::string>& UpdateSentences() {
  static const std::vector<std::string> sentences = {
      "A spokesman declined to comment further when contacted on {day}.",
      "Officials said on {day} that further details would be released later in the week.",
      "The statement was confirmed by a second person familiar with the matter on {day}.",
      "Shares of the companies involved were little changed in late trading on {day}.",
      "Analysts contacted on {day} said the announcement had been widely expected.",
      "The figures will be reviewed again at a meeting scheduled for next month, a source said on "
      "{day}.",
  };
  return sentences;
}

const std::array<std::string_view, 7> kDays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};

// Copy-editing substitutions outlets make (house style): applied to a few occurrences only.
const std::vector<std::pair<std::string, std::string>>& HouseStyle() {
  static const std::vector<std::pair<std::string, std::string>> pairs = {
      {"pct", "percent"},      {"mln", "million"},  {"dlrs", "dollars"},
      {"billion", "bln"},      {"said", "says"},    {"U.S.", "US"},
      {"per cent", "percent"}, {"Mr ", "Mr. "},     {"organisation", "organization"},
      {"about", "around"},     {"company", "firm"},
  };
  return pairs;
}

std::string TrimSpaces(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
    --e;
  return std::string(s.substr(b, e - b));
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool ValidUtf8(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

std::string TitleCase(std::string_view upper) {
  std::string out;
  bool start = true;
  for (char c : upper) {
    if (c >= 'A' && c <= 'Z') {
      out.push_back(start ? c : static_cast<char>(c - 'A' + 'a'));
      start = false;
    } else {
      out.push_back(c);
      start = !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '\'';
    }
  }
  return out;
}

bool AllCaps(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return false;
  return true;
}

std::string Slug(std::string_view title, uint64_t n) {
  std::string slug;
  size_t words = 0;
  bool dash = false;
  for (char c : title) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      if (dash && !slug.empty()) {
        if (++words >= 8) break;
        slug.push_back('-');
      }
      dash = false;
      slug.push_back(l);
    } else {
      dash = true;
    }
  }
  if (slug.empty()) slug = "story";
  return fmt::format("{}-{}", slug, n);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

const std::array<std::string_view, 12> kMonths = {"Jan",  "Feb", "March", "April", "May", "June",
                                                  "July", "Aug", "Sept",  "Oct",   "Nov", "Dec"};

// days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

// A page of the story as an outlet publishes it.
struct Page {
  std::string title;
  std::string dateline;  // "SALVADOR, April 2 (Reuters) - " or ""
  std::vector<std::string> paragraphs;
  std::vector<std::string> trailer;  // credits and boilerplate after the story
  bool html = false;
};

std::string BodyText(const Page& page) {
  std::string body;
  for (size_t i = 0; i < page.paragraphs.size(); ++i) {
    if (i > 0) body += "\n\n";
    if (i == 0) body += page.dateline;
    body += page.paragraphs[i];
  }
  for (const std::string& t : page.trailer) {
    body += "\n\n";
    body += t;
  }
  return body;
}

std::string PageJson(const Page& page, std::string_view url, int64_t time_ms,
                     const Outlet& outlet) {
  if (!page.html) {
    return ScrapedItemJson(url, page.title, BodyText(page), time_ms, outlet.domain, false);
  }
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} | "
      "{}</title>\n"
      "</head>\n<body>\n<header class=\"site-header\"><a class=\"logo\" href=\"/\">{}</a>\n"
      "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
      "<li><a href=\"/business\">Business</a></li><li><a "
      "href=\"/sport\">Sport</a></li></ul></nav>\n"
      "</header>\n<main>\n<article>\n<h1>{}</h1>\n",
      HtmlEscape(page.title), outlet.name, outlet.name, HtmlEscape(page.title));
  for (size_t i = 0; i < page.paragraphs.size(); ++i) {
    html += "<p>";
    if (i == 0) html += HtmlEscape(page.dateline);
    html += HtmlEscape(page.paragraphs[i]);
    html += "</p>\n";
  }
  for (const std::string& t : page.trailer) html += "<p>" + HtmlEscape(t) + "</p>\n";
  html += fmt::format(
      "</article>\n<aside class=\"related\"><h3>More from {}</h3><ul><li><a href=\"/news/1\">"
      "Markets close higher</a></li><li><a href=\"/news/2\">Weather warning issued</a></li></ul>"
      "</aside>\n</main>\n<footer class=\"site-footer\"><p>&copy; 2026 {}. All rights reserved."
      "</p><ul><li><a href=\"/privacy\">Privacy policy</a></li><li><a href=\"/terms\">Terms of "
      "use</a></li></ul></footer>\n</body>\n</html>\n",
      outlet.name, outlet.name);
  return ScrapedItemJson(url, page.title, html, time_ms, outlet.domain, true);
}

std::string Dateline(const BaseArticle& base, int64_t time_ms, std::string_view agency) {
  if (base.place.empty()) return "";
  int y;
  unsigned m, d;
  CivilFromDays(time_ms / (24 * kHour), y, m, d);
  if (agency.empty()) return fmt::format("{}, {} {} - ", base.place, kMonths[m - 1], d);
  return fmt::format("{}, {} {} ({}) - ", base.place, kMonths[m - 1], d, agency);
}

// The edits of one republication; returns their names.
std::vector<std::string> Republish(const BaseArticle& base, const Outlet& outlet, int64_t time_ms,
                                   Rng& rng, Page& page) {
  std::vector<std::string> edits;
  // Headline rewritten (60%).
  if (rng.Chance(0.6)) {
    std::string title = AllCaps(page.title) ? TitleCase(page.title) : page.title;
    switch (rng.Below(5)) {
      case 0:
        title = "UPDATE 1-" + title;
        break;
      case 1:
        title = "Exclusive: " + title;
        break;
      case 2: {
        const size_t cut = title.rfind(' ');
        if (cut != std::string::npos && cut > 10) title.resize(cut);
        break;
      }
      case 3:
        title += " - report";
        break;
      default:
        title = (base.topic.empty() ? std::string("News") : TitleCase(base.topic)) + ": " + title;
    }
    page.title = title;
    edits.push_back("headline");
  }
  // Dateline agency changed or dropped (50% where there is a dateline), or one added (BBC, 20%).
  if (!base.place.empty() && rng.Chance(0.5)) {
    static const std::vector<std::string> agencies = {"AFP", "AP", "dpa", "Reuters/AFP", ""};
    page.dateline = Dateline(base, time_ms, rng.Pick(agencies));
    edits.push_back("dateline");
  } else if (base.place.empty() && rng.Chance(0.2)) {
    page.dateline = "LONDON (Reuters) - ";
    edits.push_back("dateline");
  }
  // Trimmed from the bottom (40%) to 60..90% of the words, at least two paragraphs.
  if (rng.Chance(0.4) && page.paragraphs.size() > 2) {
    const double keep = 0.6 + 0.3 * rng.Unit();
    size_t total = 0;
    for (const std::string& p : page.paragraphs) total += CountWords(p);
    size_t kept = 0, n = 0;
    while (n < page.paragraphs.size() && kept < keep * total)
      kept += CountWords(page.paragraphs[n++]);
    n = std::max<size_t>(n, 2);
    if (n < page.paragraphs.size()) {
      page.paragraphs.resize(n);
      edits.push_back("trim");
    }
  }
  // Two neighbouring paragraphs after the lead swapped (15%).
  if (rng.Chance(0.15) && page.paragraphs.size() > 3) {
    const size_t i = 1 + rng.Below(page.paragraphs.size() - 2);
    std::swap(page.paragraphs[i], page.paragraphs[i + 1]);
    edits.push_back("reorder");
  }
  // House style: up to three substitutions (30%).
  if (rng.Chance(0.3)) {
    int done = 0;
    const auto& style = HouseStyle();
    const size_t first = rng.Below(style.size());
    for (size_t k = 0; k < style.size() && done < 3; ++k) {
      const auto& [from, to] = style[(first + k) % style.size()];
      for (std::string& p : page.paragraphs) {
        const size_t at = p.find(from);
        if (at == std::string::npos || done >= 3) continue;
        p.replace(at, from.size(), to);
        ++done;
      }
    }
    if (done > 0) edits.push_back("copyedit");
  }
  // Credits changed (50%) and the outlet's boilerplate added (50%).
  page.trailer.clear();
  if (rng.Chance(0.5)) {
    page.trailer.push_back(fmt::format("Reporting by {}; Editing by {}", rng.Pick(Reporters()),
                                       rng.Pick(Reporters())));
    edits.push_back("credits");
  }
  if (rng.Chance(0.5)) {
    static const std::vector<std::string> boilerplate = {
        "Copyright 2026 {}. All rights reserved.",
        "Sign up to our free daily newsletter.",
        "Follow {} on Twitter and Facebook for the latest news.",
        "This article has been republished from {} with permission.",
    };
    page.trailer.push_back(fmt::format(fmt::runtime(rng.Pick(boilerplate)), outlet.name));
    edits.push_back("boilerplate");
  }
  // Served as an HTML page (30%).
  page.html = rng.Chance(0.3);
  if (page.html) edits.push_back("html");
  return edits;
}

std::string Tracking(Rng& rng) {
  static const std::vector<std::string> sources = {"twitter", "facebook", "newsletter", "rss",
                                                   "google_news"};
  static const std::vector<std::string> media = {"social", "email", "feed", "referral"};
  return fmt::format("utm_source={}&utm_medium={}&utm_campaign=c{}", rng.Pick(sources),
                     rng.Pick(media), rng.Below(1000));
}

std::string TsvField(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
  return out;
}

std::set<std::string> DerivedPairKeys(const std::filesystem::path& file, std::string_view prefix) {
  std::set<std::string> keys;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string a, b;
    if (!std::getline(fields, a, '\t') || !std::getline(fields, b, '\t')) continue;
    if (a == "newid_a" || a == "doc_a") continue;
    if (prefix == "bbc/") {
      // "tech/044.txt" -> "bbc/tech/044"
      for (std::string* k : {&a, &b}) {
        if (k->size() > 4 && k->ends_with(".txt")) k->resize(k->size() - 4);
      }
    }
    keys.insert(std::string(prefix) + a);
    keys.insert(std::string(prefix) + b);
  }
  return keys;
}

}  // namespace

std::string_view RelationName(Relation relation) {
  switch (relation) {
    case Relation::kOriginal:
      return "original";
    case Relation::kRepublication:
      return "republication";
    case Relation::kResend:
      return "resend";
    case Relation::kUpdate:
      return "update";
    case Relation::kNegative:
      return "negative";
  }
  return "original";
}

std::string FormatRfc3339(int64_t time_ms) {
  const int64_t s = time_ms / 1000;
  int64_t days = s / 86400;
  int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rem / 3600, rem / 60 % 60,
                     rem % 60);
}

std::string ScrapedItemJson(std::string_view url, std::string_view title, std::string_view body,
                            int64_t time_ms, std::string_view source, bool as_html) {
  std::string out;
  JsonWriter json(out);
  json.StartObject();
  json.Member("url", url);
  json.Member("title", title);
  json.Member(as_html ? "html" : "body", body);
  json.Member("published", FormatRfc3339(time_ms));
  json.Member("source", source);
  json.Member("language", "en");
  json.EndObject();
  return out;
}

std::vector<std::string> ReutersParagraphs(std::string_view body) {
  std::vector<std::string> paragraphs;
  std::string current;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    std::string text = TrimSpaces(line);
    if (indented || text.empty()) {
      if (!TrimSpaces(current).empty()) paragraphs.push_back(TrimSpaces(current));
      current.clear();
    }
    if (!text.empty()) {
      if (!current.empty()) current.push_back(' ');
      current += text;
    }
    pos = end + 1;
  }
  if (!TrimSpaces(current).empty()) paragraphs.push_back(TrimSpaces(current));
  // The signature: "Reuter" (and the \x03 end mark) closes most bodies.
  while (!paragraphs.empty()) {
    std::string& last = paragraphs.back();
    while (!last.empty() && (last.back() == '\x03' || last.back() == ' ')) last.pop_back();
    if (last.ends_with("Reuter")) {
      last.resize(last.size() - 6);
      last = TrimSpaces(last);
    }
    if (last.empty()) {
      paragraphs.pop_back();
    } else {
      break;
    }
  }
  return paragraphs;
}

Result<std::vector<BaseArticle>> LoadCorpora(const std::filesystem::path& corpora,
                                             const CorpusOptions& options) {
  std::vector<BaseArticle> out;
  bool found = false;
  const auto reuters_file = corpora / "reuters21578" / "reuters21578.jsonl";
  if (options.reuters && std::filesystem::exists(reuters_file)) {
    found = true;
    std::set<std::string> skip;
    if (options.skip_derived_pairs)
      skip = DerivedPairKeys(corpora / "reuters21578" / "DERIVED_near_duplicate_pairs.tsv",
                             "reuters/");
    std::ifstream in(reuters_file);
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc)) continue;
      std::string_view newid, title, body, dateline, date;
      if (doc["newid"].get_string().get(newid)) continue;
      if (doc["body"].get_string().get(body)) continue;  // null bodies
      if (doc["title"].get_string().get(title)) title = "";
      if (doc["dateline"].get_string().get(dateline)) dateline = "";
      if (doc["date"].get_string().get(date)) date = "";
      BaseArticle a;
      a.key = "reuters/" + std::string(newid);
      if (skip.count(a.key)) continue;
      a.source = "reuters";
      simdjson::dom::array topics;
      if (!doc["topics"].get_array().get(topics)) {
        for (auto t : topics) {
          std::string_view s;
          if (!t.get_string().get(s)) {
            a.topic = std::string(s);
            break;
          }
        }
      }
      a.title = TrimSpaces(title);
      a.date = std::string(date);
      // "    SALVADOR, Feb 26 - " -> "SALVADOR"
      std::string d = TrimSpaces(dateline);
      a.place = d.substr(0, d.find(','));
      if (a.place.size() > 40) a.place.clear();
      a.paragraphs = ReutersParagraphs(body);
      for (const auto& p : a.paragraphs) a.words += CountWords(p);
      if (!ValidUtf8(body) || !ValidUtf8(a.title)) continue;
      out.push_back(std::move(a));
    }
  }
  const auto bbc_dir = corpora / "bbc";
  if (options.bbc && std::filesystem::is_directory(bbc_dir)) {
    found = true;
    std::set<std::string> skip;
    if (options.skip_derived_pairs)
      skip = DerivedPairKeys(bbc_dir / "DERIVED_near_duplicate_pairs.tsv", "bbc/");
    std::vector<std::filesystem::path> files;
    for (const auto& topic : std::filesystem::directory_iterator(bbc_dir)) {
      if (!topic.is_directory()) continue;
      for (const auto& f : std::filesystem::directory_iterator(topic.path()))
        if (f.path().extension() == ".txt") files.push_back(f.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!ValidUtf8(text)) continue;
      BaseArticle a;
      a.topic = f.parent_path().filename().string();
      a.key = "bbc/" + a.topic + "/" + f.stem().string();
      if (skip.count(a.key)) continue;
      a.source = "bbc";
      const size_t nl = text.find('\n');
      a.title = TrimSpaces(text.substr(0, nl));
      std::string_view rest = nl == std::string::npos ? "" : std::string_view(text).substr(nl + 1);
      size_t pos = 0;
      while (pos < rest.size()) {
        size_t end = rest.find('\n', pos);
        if (end == std::string_view::npos) end = rest.size();
        std::string p = TrimSpaces(rest.substr(pos, end - pos));
        if (!p.empty()) {
          a.words += CountWords(p);
          a.paragraphs.push_back(std::move(p));
        }
        pos = end + 1;
      }
      out.push_back(std::move(a));
    }
  }
  if (options.skip_derived_pairs) {
    // Headlines the corpus has more than once are re-sends, corrections and updates (or
    // recurring reports) whose text may have changed too much for the derived pairs' 5-shingle
    // Jaccard: leave them out as well, for the same reason.
    std::map<std::pair<std::string, std::string>, size_t> titles;
    for (const auto& a : out) ++titles[{a.source, a.title}];
    std::erase_if(out, [&](const BaseArticle& a) {
      return !a.title.empty() && titles[{a.source, a.title}] > 1;
    });
  }
  if (!found)
    return Status::InvalidArgument(fmt::format(
        "{}: neither reuters21578/reuters21578.jsonl nor bbc/ is there", corpora.string()));
  std::erase_if(out, [&](const BaseArticle& a) {
    return a.words < options.min_words || a.paragraphs.size() < options.min_paragraphs ||
           (options.require_title && a.title.empty());
  });
  return out;
}

std::vector<SyndicatedLine> Syndicate(const std::vector<BaseArticle>& corpus,
                                      const SyndicateOptions& options) {
  Rng rng(options.seed);
  // Pools per source, shuffled; negatives come from the same (source, topic).
  std::map<std::string, std::vector<size_t>> by_source;
  for (size_t i = 0; i < corpus.size(); ++i) by_source[corpus[i].source].push_back(i);
  for (auto& [source, pool] : by_source) {
    for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.Below(i)]);
  }
  std::vector<size_t> bases;
  {
    std::vector<std::vector<size_t>*> pools;
    for (auto& [source, pool] : by_source) pools.push_back(&pool);
    std::vector<size_t> next(pools.size(), 0);
    // Alternate between sources, keeping the second half of each pool for negatives.
    for (size_t k = 0; bases.size() < options.stories; ++k) {
      bool any = false;
      for (size_t s = 0; s < pools.size() && bases.size() < options.stories; ++s) {
        if (next[s] < pools[s]->size() / 2) {
          bases.push_back((*pools[s])[next[s]++]);
          any = true;
        }
      }
      if (!any) break;
    }
  }
  std::unordered_set<size_t> used(bases.begin(), bases.end());
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> negatives;
  for (auto& [source, pool] : by_source) {
    for (size_t i : pool)
      if (!used.count(i)) negatives[{corpus[i].source, corpus[i].topic}].push_back(i);
  }

  struct Pending {
    SyndicatedLine line;
    int64_t order = 0;  // ties in time keep generation order
    int64_t of = -1;    // index in `items` of the page this repeats
  };
  std::vector<Pending> items;
  const auto& outlets = Outlets();
  uint64_t serial = 0;

  for (size_t s = 0; s < bases.size(); ++s) {
    const BaseArticle& base = corpus[bases[s]];
    const int64_t t0 = options.start_ms + rng.Between(0, options.spread_ms);
    // The original: the agency's own page.
    std::vector<size_t> outlet_order(outlets.size());
    for (size_t i = 0; i < outlet_order.size(); ++i) outlet_order[i] = i;
    for (size_t i = outlet_order.size(); i > 1; --i)
      std::swap(outlet_order[i - 1], outlet_order[rng.Below(i)]);
    struct Published {
      size_t item;
      Page page;
      std::string url;
      const Outlet* outlet;
      int64_t time;
    };
    std::vector<Published> pages;
    auto emit = [&](Relation relation, const Page& page, const std::string& url,
                    const Outlet& outlet, int64_t time, int64_t of, std::string edits) {
      Pending p;
      p.line.json = PageJson(page, url, time, outlet);
      p.line.time_ms = time;
      p.line.story = base.key;
      p.line.relation = relation;
      p.line.base = base.key;
      p.line.url = url;
      p.line.edits = edits.empty() ? "-" : edits;
      p.order = static_cast<int64_t>(items.size());
      p.of = of;
      items.push_back(std::move(p));
      return items.size() - 1;
    };
    {
      Page page;
      page.title = base.title;
      page.dateline = Dateline(base, t0, "Reuters");
      page.paragraphs = base.paragraphs;
      const Outlet& outlet = outlets[outlet_order[0]];
      const std::string url = fmt::format("https://{}/{}/{}", outlet.domain, outlet.section,
                                          Slug(base.title, ++serial));
      const size_t at = emit(Relation::kOriginal, page, url, outlet, t0, -1, "");
      pages.push_back({at, page, url, &outlet, t0});
    }
    // 0..5 republications by other outlets, within 48 hours.
    static constexpr std::array<double, 6> kCopies = {0.25, 0.20, 0.20, 0.15, 0.10, 0.10};
    double u = rng.Unit();
    size_t copies = 0;
    while (copies + 1 < kCopies.size() && u >= kCopies[copies]) u -= kCopies[copies++];
    for (size_t c = 0; c < copies; ++c) {
      const Outlet& outlet = outlets[outlet_order[1 + c]];
      const int64_t t = t0 + rng.Between(10 * kMinute, 48 * kHour);
      Page page = pages[0].page;
      const std::vector<std::string> edits = Republish(base, outlet, t, rng, page);
      const std::string url = fmt::format("https://{}/{}/{}", outlet.domain, outlet.section,
                                          Slug(page.title, ++serial));
      const size_t at =
          emit(Relation::kRepublication, page, url, outlet, t, static_cast<int64_t>(pages[0].item),
               fmt::format("{}", fmt::join(edits, ",")));
      pages.push_back({at, page, url, &outlet, t});
    }
    // A re-send of one of the pages with other tracking parameters (25%), unchanged.
    if (rng.Chance(0.25)) {
      const Published& p = pages[rng.Below(pages.size())];
      const int64_t t = p.time + rng.Between(30 * kMinute, 12 * kHour);
      emit(Relation::kResend, p.page, p.url + "?" + Tracking(rng), *p.outlet, t,
           static_cast<int64_t>(p.item), "tracking");
    }
    // An update of one of the pages at the same URL (20%): a sentence added after the lead,
    // sometimes (50%) the last paragraph dropped too, sometimes (30%) a new headline.
    if (rng.Chance(0.2)) {
      const Published& p = pages[rng.Below(pages.size())];
      const int64_t t = p.time + rng.Between(1 * kHour, 24 * kHour);
      Page page = p.page;
      std::vector<std::string> edits = {"added"};
      std::string sentence = rng.Pick(UpdateSentences());
      const size_t at = sentence.find("{day}");
      sentence.replace(at, 5, kDays[(t / (24 * kHour) + 3) % 7]);  // 1970-01-01 was a Thursday
      page.paragraphs.insert(page.paragraphs.begin() + 1, sentence);
      if (rng.Chance(0.5) && page.paragraphs.size() > 3) {
        page.paragraphs.pop_back();
        edits.push_back("trim");
      }
      if (rng.Chance(0.3)) {
        page.title = "UPDATE 2-" + page.title;
        edits.push_back("headline");
      }
      emit(Relation::kUpdate, page, p.url, *p.outlet, t, static_cast<int64_t>(p.item),
           fmt::format("{}", fmt::join(edits, ",")));
    }
    // A hard negative (60%): another article of the same topic, near in time.
    if (rng.Chance(0.6)) {
      auto& pool = negatives[{base.source, base.topic}];
      if (!pool.empty()) {
        const BaseArticle& other = corpus[pool.back()];
        pool.pop_back();
        Page page;
        page.title = other.title;
        const int64_t t = std::max(options.start_ms, t0 + rng.Between(-24 * kHour, 48 * kHour));
        page.dateline = Dateline(other, t, "Reuters");
        page.paragraphs = other.paragraphs;
        page.html = rng.Chance(0.3);
        const Outlet& outlet = outlets[rng.Below(outlets.size())];
        const std::string url = fmt::format("https://{}/{}/{}", outlet.domain, outlet.section,
                                            Slug(other.title, ++serial));
        const size_t at =
            emit(Relation::kNegative, page, url, outlet, t, -1, page.html ? "html" : "");
        items[at].line.story = "neg:" + other.key;
        items[at].line.base = other.key;
      }
    }
  }

  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return items[a].line.time_ms < items[b].line.time_ms;
  });
  std::vector<uint64_t> line_of(items.size());
  for (size_t n = 0; n < order.size(); ++n) line_of[order[n]] = n + 1;
  std::vector<SyndicatedLine> out;
  out.reserve(items.size());
  for (size_t n = 0; n < order.size(); ++n) {
    Pending& p = items[order[n]];
    if (p.of >= 0) p.line.of_line = line_of[static_cast<size_t>(p.of)];
    out.push_back(std::move(p.line));
  }
  return out;
}

std::string TruthHeader() {
  return "line\tstory\trelation\tof_line\tbase\tedits\turl\n";
}

std::string TruthRow(uint64_t line, const SyndicatedLine& item) {
  return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", line, TsvField(item.story),
                     RelationName(item.relation), item.of_line, TsvField(item.base),
                     TsvField(item.edits), TsvField(item.url));
}

}  // namespace copydesk::wiregen
