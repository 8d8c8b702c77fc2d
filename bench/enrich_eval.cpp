// enrich_eval: accuracy of copydesk's entity linking against Reuters-21578's gold document
// tags (docs/quality.md).
//
//   enrich_eval reuters [--corpora DIR] [--tags bench/data/reuters_tags.tsv] [--examples N]
//                       [--reference DIR]
//   enrich_eval bbc [--corpora DIR] [--reference DIR]
//       Media Topics on BBC News: each article's folder is its topic (business, entertainment,
//       politics, sport, tech: 04000000, 01000000, 11000000, 15000000, 13000000); how often
//       that topic is assigned, how often it is the best one, how many top-level topics an
//       article gets.
//
// Every document with a body goes through the Processor of `copydesk process` (decode, clean,
// language, enrich) as a scraped item: its dateline and body as the text, its title as the
// headline. What is compared, per document and type:
//   places: the countries the article is about by copydesk (rel "about" or "located", not
//           "mentioned"): countries it found, the countries of the cities and other places
//           it found, and the dateline's country (Reuters tags places by country);
//   people, organisations: the entities it found, "about" (not "mentioned").
// Reuters-21578 is of 1987: a place in Germany or Russia found by its modern country counts
// as West Germany or the Soviet Union when the gold tags name those.
// Both sides are restricted to what can be compared: tags with a Wikidata id in the tag
// table whose entity the gazetteer has ("covered"). A document counts for a type when it has
// at least one covered gold tag of that type (many documents have none: untagged is not
// "about nowhere"). Precision and recall are micro-averaged over documents.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "copydesk/config/config.h"
#include "copydesk/core/json_writer.h"
#include "copydesk/enrich/reference.h"
#include "copydesk/pipeline/processor.h"

namespace {

using copydesk::enrich::Reference;

std::string DefaultCorpora() {
  return (std::filesystem::path(COPYDESK_SOURCE_DIR) / ".." / "shared" / "data" / "corpora")
      .lexically_normal()
      .string();
}

// The command line's --key value pairs.
struct Args {
  std::map<std::string, std::string> values;
  std::string get(const char* key, std::string fallback) const {
    auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
  }
  std::filesystem::path corpus(const char* name) const {
    return std::filesystem::path(get("corpora", DefaultCorpora())) / name;
  }
};

// The reference data to measure (--reference DIR, else the built-in), with the config that
// names it; prints why not and returns nullopt when it cannot be loaded.
std::optional<std::pair<copydesk::config::Config, copydesk::pipeline::Resources>> Load(
    const Args& args) {
  copydesk::config::Config config;
  config.enrich.reference_dir = args.get("reference", "");
  auto resources = copydesk::pipeline::LoadResources(config);
  if (!resources.ok()) {
    fmt::print(stderr, "enrich_eval: {}\n", resources.status().message());
    return std::nullopt;
  }
  return std::make_pair(config, std::move(resources).value());
}

struct Tag {
  std::string type;  // place, person, org
  std::string id;    // Q...
  std::string name;
};

std::map<std::string, Tag> ReadTags(const std::string& path) {
  std::map<std::string, Tag> tags;  // "place:usa" -> tag
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string type, tag, id, name;
    std::getline(fields, type, '\t');
    std::getline(fields, tag, '\t');
    std::getline(fields, id, '\t');
    std::getline(fields, name);
    tags[type + ":" + tag] = {type, id, name};
  }
  return tags;
}

std::string Id(const copydesk::event::Concept& c) {
  const size_t slash = c.uri.rfind('/');
  return slash == std::string::npos ? c.literal : c.uri.substr(slash + 1);
}

struct Counts {
  uint64_t documents = 0, tp = 0, fp = 0, fn = 0;
  std::map<std::string, uint64_t> false_positives, false_negatives;  // by id
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0; }
};

int Reuters(const Args& args) {
  const std::filesystem::path corpus = args.corpus("reuters21578") / "reuters21578.jsonl";
  const std::string tags_path =
      args.get("tags", std::string(COPYDESK_SOURCE_DIR) + "/bench/data/reuters_tags.tsv");
  const int examples = std::stoi(args.get("examples", "0"));
  if (!std::filesystem::exists(corpus)) {
    fmt::print(stderr, "enrich_eval: {} not found (--corpora DIR)\n", corpus.string());
    return 2;
  }
  const auto tags = ReadTags(tags_path);
  if (tags.empty()) {
    fmt::print(stderr, "enrich_eval: no tags in {} (--tags FILE)\n", tags_path);
    return 2;
  }
  auto loaded = Load(args);
  if (!loaded) return 2;
  auto& [config, resources] = *loaded;
  const Reference& reference = *resources.reference;
  const auto& gazetteer = reference.gazetteer();
  // What the gazetteer has: its ids, and each country's id by ISO code.
  std::unordered_map<std::string, uint32_t> entity_of;
  std::unordered_map<std::string, std::string> country_id;
  for (uint32_t i = 0; i < gazetteer.entities(); ++i) {
    const auto& e = gazetteer.entity(i);
    entity_of.emplace(e.id, i);
    if (e.kind == "country" && !e.country.empty()) country_id.emplace(e.country, e.id);
  }
  std::map<std::string, std::set<std::string>> covered;  // type -> ids
  size_t mapped = 0;
  for (const auto& [key, tag] : tags) {
    ++mapped;
    if (entity_of.count(tag.id)) covered[tag.type].insert(tag.id);
  }

  copydesk::pipeline::Processor processor(config, resources);
  simdjson::dom::parser parser;
  std::ifstream in(corpus);
  std::string line;
  std::map<std::string, Counts> counts;  // by type
  std::vector<std::string> shown;
  uint64_t read = 0;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) continue;
    std::string_view body, title, dateline;
    if (doc["body"].get(body) != simdjson::SUCCESS || body.empty()) continue;
    if (doc["title"].get(title) != simdjson::SUCCESS) title = {};
    if (doc["dateline"].get(dateline) != simdjson::SUCCESS) dateline = {};
    ++read;
    std::string text(dateline);
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    text += body;
    std::string item;
    copydesk::JsonWriter w(item);
    w.StartObject();
    w.Member("title", title);
    w.Member("text", text);
    w.Member("language", "en");
    w.EndObject();
    copydesk::event::Event event;
    processor.Process({item, 0, {}}, event);
    if (event.type == copydesk::event::EventType::kRejected) continue;

    std::map<std::string, std::set<std::string>> found;
    for (const auto& c : event.item.places) {
      if (c.rel == "mentioned") continue;
      const auto it = entity_of.find(Id(c));
      if (it == entity_of.end()) continue;
      const auto& e = gazetteer.entity(it->second);
      if (e.kind == "country") {
        found["place"].insert(e.id);
      } else if (auto country = country_id.find(e.country); country != country_id.end()) {
        found["place"].insert(country->second);
      }
    }
    for (const auto& c : event.item.people) {
      if (c.rel != "mentioned") found["person"].insert(Id(c));
    }
    for (const auto& c : event.item.organisations) {
      if (c.rel != "mentioned") found["org"].insert(Id(c));
    }

    for (const auto& [type, field] : {std::pair<std::string, const char*>{"place", "places"},
                                      {"person", "people"},
                                      {"org", "orgs"}}) {
      std::set<std::string> gold;
      simdjson::dom::array list;
      if (doc[field].get(list) == simdjson::SUCCESS) {
        for (auto value : list) {
          std::string_view tag;
          if (value.get(tag) != simdjson::SUCCESS) continue;
          auto it = tags.find(type + ":" + std::string(tag));
          if (it != tags.end() && covered[type].count(it->second.id)) gold.insert(it->second.id);
        }
      }
      if (gold.empty()) continue;
      if (type == "place") {
        for (const auto& [today, then] :
             {std::pair<std::string, std::string>{"Q183", "Q713750"}, {"Q159", "Q15180"}}) {
          if (gold.count(then) && found[type].erase(today)) found[type].insert(then);
        }
      }
      Counts& c = counts[type];
      ++c.documents;
      std::set<std::string> predicted;
      for (const auto& id : found[type]) {
        if (covered[type].count(id)) predicted.insert(id);
      }
      for (const auto& id : predicted) {
        if (gold.count(id)) {
          ++c.tp;
        } else {
          ++c.fp;
          ++c.false_positives[id];
        }
      }
      for (const auto& id : gold) {
        if (!predicted.count(id)) {
          ++c.fn;
          ++c.false_negatives[id];
        }
      }
      if (static_cast<int>(shown.size()) < examples && predicted != gold) {
        std::string p, g;
        for (const auto& id : predicted) p += id + " ";
        for (const auto& id : gold) g += id + " ";
        shown.push_back(fmt::format("{} [{}] found: {}| gold: {}", type, title, p, g));
      }
    }
  }

  fmt::print("# Reuters-21578: {} documents with a body; reference {}; {} tags mapped\n", read,
             reference.version(), mapped);
  fmt::print("{:<14} {:>8} {:>8} {:>10} {:>8}\n", "type", "covered", "docs", "precision", "recall");
  for (const auto& [type, label] : {std::pair<std::string, const char*>{"place", "places"},
                                    {"org", "organisations"},
                                    {"person", "people"}}) {
    const Counts& c = counts[type];
    fmt::print("{:<14} {:>8} {:>8} {:>10.3f} {:>8.3f}\n", label, covered[type].size(), c.documents,
               c.precision(), c.recall());
  }
  auto top = [&](const std::map<std::string, uint64_t>& by_id) {
    std::vector<std::pair<uint64_t, std::string>> sorted;
    for (const auto& [id, n] : by_id) sorted.emplace_back(n, id);
    std::sort(sorted.rbegin(), sorted.rend());
    std::string out;
    for (size_t i = 0; i < sorted.size() && i < 8; ++i) {
      const auto it = entity_of.find(sorted[i].second);
      out += fmt::format("{} {} ({}), ", sorted[i].second,
                         it == entity_of.end() ? "" : gazetteer.entity(it->second).name,
                         sorted[i].first);
    }
    return out;
  };
  for (const auto& [type, c] : counts) {
    fmt::print("# {}: most false positives: {}\n", type, top(c.false_positives));
    fmt::print("# {}: most missed: {}\n", type, top(c.false_negatives));
  }
  for (const auto& s : shown) fmt::print("{}\n", s);
  return 0;
}

int Bbc(const Args& args) {
  const std::filesystem::path corpus = args.corpus("bbc");
  if (!std::filesystem::is_directory(corpus)) {
    fmt::print(stderr, "enrich_eval: {} not found (--corpora DIR)\n", corpus.string());
    return 2;
  }
  auto loaded = Load(args);
  if (!loaded) return 2;
  auto& [config, resources] = *loaded;
  copydesk::pipeline::Processor processor(config, resources);
  const std::vector<std::pair<std::string, std::string>> categories = {
      {"business", "04000000"},
      {"entertainment", "01000000"},
      {"politics", "11000000"},
      {"sport", "15000000"},
      {"tech", "13000000"}};
  fmt::print("# BBC News: Media Topics by folder; reference {}\n", resources.reference->version());
  fmt::print("{:<14} {:>6} {:>10} {:>8} {:>12}\n", "folder", "docs", "assigned", "best",
             "top-level");
  uint64_t all = 0, all_assigned = 0, all_best = 0;
  for (const auto& [folder, code] : categories) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus / folder)) {
      files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    uint64_t docs = 0, assigned = 0, best = 0, top_level = 0;
    for (const auto& path : files) {
      std::ifstream in(path, std::ios::binary);
      std::string title;
      std::getline(in, title);
      std::ostringstream rest;
      rest << in.rdbuf();
      std::string item;
      copydesk::JsonWriter w(item);
      w.StartObject();
      w.Member("title", title);
      w.Member("text", rest.str());
      w.Member("language", "en");
      w.EndObject();
      copydesk::event::Event event;
      processor.Process({item, 0, {}}, event);
      if (event.type == copydesk::event::EventType::kRejected) continue;  // not UTF-8
      ++docs;
      const auto& subjects = event.item.subjects;
      const std::string uri = "http://cv.iptc.org/newscodes/mediatopic/" + code;
      bool first_top = true;
      for (const auto& s : subjects) {
        const bool top = s.uri.ends_with("000000");
        top_level += top;
        if (s.uri == uri) {
          ++assigned;
          best += first_top;
        }
        if (top) first_top = false;
      }
    }
    fmt::print("{:<14} {:>6} {:>10.3f} {:>8.3f} {:>12.2f}\n", folder, docs,
               docs ? double(assigned) / double(docs) : 0, docs ? double(best) / double(docs) : 0,
               docs ? double(top_level) / double(docs) : 0);
    all += docs;
    all_assigned += assigned;
    all_best += best;
  }
  fmt::print("{:<14} {:>6} {:>10.3f} {:>8.3f}\n", "all", all,
             all ? double(all_assigned) / double(all) : 0,
             all ? double(all_best) / double(all) : 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc >= 2 ? argv[1] : "";
  if (mode != "reuters" && mode != "bbc") {
    std::fprintf(stderr,
                 "usage: enrich_eval reuters [--corpora DIR] [--tags FILE] [--examples N] "
                 "[--reference DIR]\n"
                 "       enrich_eval bbc [--corpora DIR] [--reference DIR]\n");
    return 2;
  }
  Args args;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (!key.starts_with("--")) {
      std::fprintf(stderr, "enrich_eval: unexpected %s\n", argv[i]);
      return 2;
    }
    args.values[key.substr(2)] = argv[i + 1];
  }
  return mode == "bbc" ? Bbc(args) : Reuters(args);
}
