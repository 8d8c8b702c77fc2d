#include "copydesk/enrich/reference.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "builtin_reference.h"
#include "copydesk/core/hash.h"
#include "copydesk/text/url.h"

namespace copydesk::enrich {
namespace {

// The languages whose names of countries come from ICU (CLDR): those of the corpora and the
// agencies copydesk is used with, the UN's, the EU's and the most spoken ones.
constexpr const char* kCountryNameLanguages[] = {
    "af", "am", "ar", "az", "be",  "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es",
    "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "ha", "he", "hi", "hr", "hu", "hy", "id",
    "is", "it", "ja", "ka", "kk",  "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk", "ml", "mn", "mr",
    "ms", "my", "nb", "ne", "nl",  "nn", "pa", "pl", "ps", "pt", "ro", "ru", "si", "sk", "sl", "so",
    "sq", "sr", "sv", "sw", "ta",  "te", "th", "tr", "uk", "ur", "uz", "vi", "yo", "zh", "zu"};

// Where a node is, for messages: "gazetteer/people.yaml:12".
std::string Where(const std::string& file, const YAML::Node& node) {
  return file + ":" + std::to_string(node.Mark().line + 1);
}

Status Invalid(const std::string& file, const YAML::Node& node, const std::string& what) {
  return Status::InvalidArgument(Where(file, node) + ": " + what);
}

std::string Text(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

std::vector<std::string> List(const YAML::Node& node, const char* key) {
  std::vector<std::string> out;
  const YAML::Node value = node[key];
  if (!value) return out;
  if (value.IsScalar()) {
    out.push_back(value.as<std::string>());
  } else if (value.IsSequence()) {
    for (const auto& item : value) {
      if (item.IsScalar()) out.push_back(item.as<std::string>());
    }
  }
  return out;
}

LocalNames Names(const YAML::Node& node) {
  LocalNames out;
  const YAML::Node names = node["names"];
  if (!names || !names.IsMap()) return out;
  for (const auto& entry : names) {
    if (entry.second.IsScalar()) {
      out.emplace_back(entry.first.as<std::string>(), entry.second.as<std::string>());
    }
  }
  return out;
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Builds the gazetteer: the countries (their names from ICU), then places, organisations and
// people, in that order, since an ambiguous name falls back to its first entity.
class GazetteerBuilder {
 public:
  explicit GazetteerBuilder(Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  Status AddFile(const std::string& file, const YAML::Node& root) {
    // Phrases that contain a name but name something else ("Paris Agreement", "Washington
    // Post"): matched like aliases, longest first, so that the name inside is not taken.
    if (const YAML::Node phrases = root["not_names"]) {
      if (!phrases.IsSequence()) return Invalid(file, phrases, "not_names must be a list");
      for (const auto& phrase : phrases) {
        if (phrase.IsScalar()) not_names_.push_back(phrase.as<std::string>());
      }
    }
    static constexpr std::pair<const char*, EntityType> kSections[] = {
        {"countries", EntityType::kPlace},
        {"places", EntityType::kPlace},
        {"organisations", EntityType::kOrganisation},
        {"people", EntityType::kPerson}};
    for (const auto& [section, type] : kSections) {
      const YAML::Node list = root[section];
      if (!list) continue;
      if (!list.IsSequence()) return Invalid(file, list, std::string(section) + " must be a list");
      for (const auto& node : list) {
        pending_.push_back({file, node, type, std::string(section) == "countries"});
      }
    }
    return Status::Ok();
  }

  Status Build() {
    // Countries first, then the sections in the order above, whatever the files' order.
    // (Indices are sorted: assigning a YAML::Node overwrites the node it refers to.)
    std::vector<size_t> order(pending_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return Rank(pending_[a]) < Rank(pending_[b]); });
    for (size_t i : order) {
      if (Status s = AddEntity(pending_[i]); !s.ok()) return s;
    }
    if (!not_names_.empty()) {
      const uint32_t none = gazetteer_.AddEntity(
          {"not-a-name", EntityType::kPlace, "(not a name)", "", std::string(kNotAName), {}});
      for (const auto& phrase : not_names_) gazetteer_.AddAlias(none, phrase);
    }
    return Status::Ok();
  }

 private:
  struct Pending {
    std::string file;
    YAML::Node node;
    EntityType type;
    bool country;
  };

  static int Rank(const Pending& p) {
    if (p.country) return 0;
    switch (p.type) {
      case EntityType::kPlace:
        return 1;
      case EntityType::kOrganisation:
        return 2;
      case EntityType::kPerson:
        return 3;
    }
    return 3;
  }

  Status AddEntity(const Pending& p) {
    const YAML::Node& node = p.node;
    if (!node.IsMap()) return Invalid(p.file, node, "an entry must be a map");
    std::string id = Text(node, "id");
    if (!id.empty() && (id.size() < 2 || id[0] != 'Q' ||
                        id.find_first_not_of("0123456789", 1) != std::string::npos)) {
      return Invalid(p.file, node,
                     "\"" + id + "\" is not a Wikidata id (Q and digits); use `key:` for others");
    }
    if (id.empty()) id = Text(node, "key");
    const std::string iso = Text(node, "iso");
    if (id.empty()) return Invalid(p.file, node, "an entry needs an id (Wikidata) or a key");
    Entity entity{id,
                  p.type,
                  Text(node, "name"),
                  p.country ? iso : Text(node, "country"),
                  p.country ? "country" : Text(node, "kind"),
                  Names(node)};
    std::vector<std::string> aliases;
    std::vector<std::pair<std::string, LanguageSet>> local_names;  // ICU's, see below
    if (p.country && !iso.empty()) AddCountryNames(iso, entity, local_names);
    if (entity.name.empty()) {
      return Invalid(p.file, node, id + " needs a name");
    }
    for (const auto& language_name : entity.names) {
      const std::string& name = language_name.second;
      if (std::none_of(local_names.begin(), local_names.end(),
                       [&](const auto& local) { return local.first == name; })) {
        aliases.push_back(name);
      }
    }
    aliases.push_back(entity.name);
    for (auto& alias : List(node, "aliases")) aliases.push_back(std::move(alias));

    // The same id twice (a file that adds names to another's entity): one entity.
    uint32_t index;
    if (auto it = by_id_.find(id); it != by_id_.end()) {
      index = it->second;
    } else {
      index = gazetteer_.AddEntity(std::move(entity));
      by_id_.emplace(id, index);
    }
    for (const auto& alias : aliases) {
      if (alias.size() >= 2) gazetteer_.AddAlias(index, alias);
    }
    for (const auto& [alias, languages] : local_names) {
      if (alias.size() >= 2) gazetteer_.AddAlias(index, alias, false, languages);
    }
    for (const auto& alias : List(node, "exact")) gazetteer_.AddAlias(index, alias, true);
    return Status::Ok();
  }

  // The country's name in every language ICU has it in ("Congo - Kinshasa" and
  // "Myanmar (Burma)" give "Congo" and "Myanmar", "Burma"). A name in the Latin script other
  // than the English one is a name only in its own language: "Island" is Iceland in German,
  // a word in English.
  static void AddCountryNames(const std::string& iso, Entity& entity,
                              std::vector<std::pair<std::string, LanguageSet>>& names) {
    const icu::Locale region("", iso.c_str());
    icu::UnicodeString english_display;
    region.getDisplayCountry(icu::Locale("en"), english_display);
    const std::string english = Utf8(english_display.foldCase());
    for (const char* language : kCountryNameLanguages) {
      icu::UnicodeString display;
      region.getDisplayCountry(icu::Locale(language), display);
      std::string name = Utf8(display);
      if (name.empty() || name == iso) continue;
      const auto lead = static_cast<uint8_t>(name[0]);
      const bool latin = lead < 0x80 || (lead >= 0xC3 && lead <= 0xC9);
      const LanguageSet languages =
          latin && Utf8(display.foldCase()) != english ? LanguageBit(language) : kAnyLanguage;
      if (const size_t paren = name.find(" ("); paren != std::string::npos) {
        const size_t close = name.find(')', paren);
        if (close != std::string::npos) {
          names.emplace_back(name.substr(paren + 2, close - paren - 2), languages);
        }
        name.resize(paren);
      }
      if (const size_t dash = name.find(" - "); dash != std::string::npos) name.resize(dash);
      if (std::string_view(language) == "en" && entity.name.empty()) entity.name = name;
      if (std::none_of(entity.names.begin(), entity.names.end(),
                       [&](const auto& n) { return n.first == language; })) {
        entity.names.emplace_back(language, name);
      }
      names.emplace_back(name, languages);
    }
  }

  Gazetteer& gazetteer_;
  std::vector<std::string> not_names_;
  std::vector<Pending> pending_;
  std::unordered_map<std::string, uint32_t> by_id_;
};

// An ASCII capital outside an escape ("\\S"): patterns meet lower-cased paragraphs only.
bool HasCapital(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] >= 'A' && pattern[i] <= 'Z') {
      return true;
    }
  }
  return false;
}

// A source's `url:` rules (see config/reference/sources.yaml).
Status LoadUrlRules(const std::string& file, const YAML::Node& node, text::UrlRules& rules) {
  if (!node.IsMap()) return Invalid(file, node, "url: a map of rules");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (key != "host" && key != "host_aliases" && key != "drop_params" && key != "keep_params" &&
        key != "drop_path_prefixes") {
      return Invalid(file, entry.first,
                     "url." + key +
                         " is not a rule (host, host_aliases, drop_params, keep_params, "
                         "drop_path_prefixes)");
    }
  }
  rules.host = Text(node, "host");
  rules.host_aliases = List(node, "host_aliases");
  rules.drop_params = List(node, "drop_params");
  rules.keep_params = List(node, "keep_params");
  rules.drop_path_prefixes = List(node, "drop_path_prefixes");
  if (rules.host.empty() != rules.host_aliases.empty()) {
    return Invalid(file, node, "url.host and url.host_aliases go together");
  }
  rules.host_aliases.push_back(rules.host);
  for (const std::string& host : rules.host_aliases) {
    // The host must be what CanonicalUrl leaves of itself: lower case, and no "amp." prefix.
    if (!host.empty() &&
        (host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos ||
         host.find('.') == std::string::npos || host.starts_with("amp."))) {
      return Invalid(file, node,
                     "url: \"" + host + "\" is not a host name in lower case (www.example.com)");
    }
  }
  rules.host_aliases.pop_back();
  for (const std::string& prefix : rules.drop_path_prefixes) {
    if (!prefix.starts_with('/') || prefix.size() < 2 || prefix.ends_with('/')) {
      return Invalid(file, node,
                     "url.drop_path_prefixes: \"" + prefix + "\" is not a path such as /index.php");
    }
  }
  return Status::Ok();
}

// Sources, with their site rules; the patterns of their boilerplate are collected, tagged
// with the site, to be compiled together.
Status LoadSources(const std::string& file, const YAML::Node& root, SourceRegistry& registry,
                   std::vector<std::string>& site_patterns, std::vector<uint32_t>& site_tags) {
  const YAML::Node list = root["sources"];
  if (!list || !list.IsSequence()) return Invalid(file, root, "expected a list `sources:`");
  uint32_t sites_with_boilerplate = 0;
  for (const auto& node : list) {
    Source source{Text(node, "name"),    List(node, "domains"), List(node, "codes"),
                  List(node, "aliases"), Text(node, "country"), Text(node, "language"),
                  Text(node, "kind"),    Text(node, "wikidata")};
    if (source.name.empty()) return Invalid(file, node, "a source needs a name");
    if (const YAML::Node url = node["url"]) {
      if (Status s = LoadUrlRules(file, url, source.site.url); !s.ok()) return s;
    }
    if (const YAML::Node boilerplate = node["boilerplate"]) {
      if (!boilerplate.IsSequence())
        return Invalid(file, boilerplate, "boilerplate: a list of patterns");
      source.site.boilerplate_tag = ++sites_with_boilerplate;
      for (const auto& pattern : boilerplate) {
        const std::string text = pattern.as<std::string>();
        if (HasCapital(text)) {
          return Invalid(file, pattern,
                         "boilerplate pattern '" + text +
                             "' has capitals: paragraphs are lower-cased before they are matched, "
                             "write it in lower case");
        }
        site_patterns.push_back(text);
        site_tags.push_back(source.site.boilerplate_tag);
      }
    }
    if (Status s = registry.Add(std::move(source)); !s.ok()) {
      return Invalid(file, node, s.message());
    }
  }
  return Status::Ok();
}

Status LoadTopics(const std::string& file, const YAML::Node& root, TopicRules& rules) {
  const YAML::Node list = root["topics"];
  if (!list || !list.IsSequence()) return Invalid(file, root, "expected a list `topics:`");
  std::map<std::string, uint32_t> by_code;
  std::vector<std::pair<uint32_t, YAML::Node>> added;
  for (const auto& node : list) {
    const std::string code = Text(node, "code");
    if (code.size() != 8 || code.find_first_not_of("0123456789") != std::string::npos) {
      return Invalid(file, node, "a topic's code is 8 digits, \"" + code + "\" is not");
    }
    if (by_code.count(code)) return Invalid(file, node, "topic " + code + " is listed twice");
    const uint32_t topic = rules.AddTopic({code, Text(node, "name"), Names(node)});
    by_code.emplace(code, topic);
    added.emplace_back(topic, node);
  }
  for (const auto& [topic, node] : added) {
    if (const std::string parent = Text(node, "parent"); !parent.empty()) {
      auto it = by_code.find(parent);
      if (it == by_code.end()) return Invalid(file, node, "parent " + parent + " is not listed");
      rules.topic(topic).parent = it->second;
    }
    for (const char* key : {"entities", "entity_kinds"}) {
      const YAML::Node listed = node[key];
      if (!listed) continue;
      if (!listed.IsSequence()) return Invalid(file, listed, std::string(key) + ": a list");
      for (const auto& item : listed) {
        if (!item.IsScalar()) return Invalid(file, item, std::string(key) + ": ids or kinds");
        rules.AddEntityRule(topic, item.as<std::string>(), 1);
      }
    }
    const YAML::Node keywords = node["keywords"];
    if (!keywords) continue;
    if (!keywords.IsMap()) return Invalid(file, keywords, "keywords: a map of language to list");
    for (const auto& language : keywords) {
      for (const auto& item : language.second) {
        std::string keyword;
        double weight = 1;
        if (item.IsScalar()) {
          keyword = item.as<std::string>();
        } else if (item.IsMap() && item.size() == 1) {
          keyword = item.begin()->first.as<std::string>();
          weight = item.begin()->second.as<double>(1);
        } else {
          return Invalid(file, item, "a keyword is a word or {word: weight}");
        }
        if (Status s = rules.AddKeyword(topic, keyword, weight); !s.ok()) {
          return Invalid(file, item, s.message());
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ReferenceVersion(const std::vector<ReferenceFile>& files) {
  std::vector<const ReferenceFile*> sorted;
  for (const auto& file : files) sorted.push_back(&file);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string all;
  for (const ReferenceFile* f : sorted) {
    const ReferenceFile& file = *f;
    all += file.name;
    all += '\0';
    all += std::to_string(file.text.size());
    all += '\0';
    all += file.text;
  }
  return "ref-" + Hex64(StableHash64(all));
}

Result<std::shared_ptr<const Reference>> Reference::Build(std::vector<ReferenceFile> files) {
  std::sort(files.begin(), files.end(),
            [](const ReferenceFile& a, const ReferenceFile& b) { return a.name < b.name; });
  auto reference = std::make_shared<Reference>();
  reference->version_ = ReferenceVersion(files);
  GazetteerBuilder gazetteer(reference->gazetteer_);
  std::vector<std::string> site_patterns;
  std::vector<uint32_t> site_tags;
  for (const auto& file : files) {
    YAML::Node root;
    try {
      root = YAML::Load(file.text);
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument(file.name + ":" + std::to_string(e.mark.line + 1) + ": " +
                                     e.msg);
    }
    Status status;
    try {
      if (file.name == "sources.yaml") {
        status = LoadSources(file.name, root, reference->sources_, site_patterns, site_tags);
      } else if (file.name == "mediatopics.yaml") {
        status = LoadTopics(file.name, root, reference->topics_);
      } else if (file.name.starts_with("gazetteer/")) {
        status = gazetteer.AddFile(file.name, root);
      } else {
        status = Status::InvalidArgument(file.name +
                                         ": not a reference file (sources.yaml, "
                                         "mediatopics.yaml, gazetteer/*.yaml)");
      }
    } catch (const YAML::Exception& e) {
      status =
          Status::InvalidArgument(file.name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    if (!status.ok()) return status;
  }
  try {
    if (Status s = gazetteer.Build(); !s.ok()) return s;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("gazetteer: " + e.msg);
  }
  auto site_boilerplate = text::BoilerplatePatterns::Compile(
      std::move(site_patterns), std::move(site_tags), "sources.yaml: boilerplate");
  if (!site_boilerplate.ok()) return site_boilerplate.status();
  reference->site_boilerplate_ = std::move(site_boilerplate).value();
  reference->files_ = std::move(files);
  return std::shared_ptr<const Reference>(std::move(reference));
}

std::shared_ptr<const Reference> Reference::BuiltIn() {
  static const std::shared_ptr<const Reference> built = [] {
    std::vector<ReferenceFile> files;
    for (const auto& embedded : builtin_reference::kFiles) {
      ReferenceFile file{std::string(embedded.name), {}};
      for (size_t i = 0; i < embedded.count; ++i) file.text += embedded.chunks[i];
      files.push_back(std::move(file));
    }
    auto reference = Build(std::move(files));
    if (reference.ok()) return std::move(reference).value();
    // The project's own files, checked by its tests: only a local edit can get here.
    std::fprintf(stderr, "copydesk: the built-in reference data: %s\n",
                 reference.status().message().c_str());
    return std::make_shared<const Reference>();
  }();
  return built;
}

Result<std::vector<ReferenceFile>> ReadReferenceDir(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Status::NotFound(dir.string() + ": not a folder");
  }
  std::vector<std::filesystem::path> paths;
  for (const char* name : {"sources.yaml", "mediatopics.yaml"}) {
    if (!std::filesystem::exists(dir / name)) {
      return Status::NotFound((dir / name).string() + ": missing");
    }
    paths.push_back(dir / name);
  }
  const auto gazetteer = dir / "gazetteer";
  if (std::filesystem::is_directory(gazetteer, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(gazetteer, error)) {
      if (entry.path().extension() == ".yaml") paths.push_back(entry.path());
    }
  }
  std::vector<ReferenceFile> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::IoError(path.string() + ": cannot read");
    files.push_back({std::filesystem::relative(path, dir).generic_string(), text.str()});
  }
  return files;
}

}  // namespace copydesk::enrich
