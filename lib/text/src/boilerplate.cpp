#include "copydesk/text/boilerplate.h"

#include <hs/hs.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "builtin_boilerplate.h"
#include "copydesk/text/unicode.h"

namespace copydesk::text {

BoilerplatePatterns::~BoilerplatePatterns() {
  hs_free_database(database_);
}

Result<std::shared_ptr<const BoilerplatePatterns>> BoilerplatePatterns::FromYaml(
    std::string_view yaml, std::string_view origin) {
  std::vector<std::string> patterns;
  try {  // yaml-cpp reports by exception; it stops here
    const YAML::Node root = YAML::Load(std::string(yaml));
    const YAML::Node groups = root["paragraphs"];
    if (!groups || !groups.IsMap()) {
      return Status::InvalidArgument(
          fmt::format("{}: expected a 'paragraphs' mapping of lists", origin));
    }
    for (const auto& group : groups) {
      if (!group.second.IsSequence()) {
        return Status::InvalidArgument(fmt::format("{}: paragraphs.{} must be a list of patterns",
                                                   origin, group.first.as<std::string>()));
      }
      for (const auto& pattern : group.second) patterns.push_back(pattern.as<std::string>());
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}: not valid YAML: {}", origin, e.what()));
  }
  return Compile(std::move(patterns), {}, origin);
}

Result<std::shared_ptr<const BoilerplatePatterns>> BoilerplatePatterns::Compile(
    std::vector<std::string> patterns, std::vector<uint32_t> tags, std::string_view origin) {
  std::shared_ptr<BoilerplatePatterns> result(new BoilerplatePatterns());
  result->patterns_ = std::move(patterns);
  result->tags_ = std::move(tags);
  result->tags_.resize(result->patterns_.size(), 0);
  if (result->patterns_.empty())
    return std::shared_ptr<const BoilerplatePatterns>(std::move(result));

  // Anchored at both ends: a pattern describes a whole paragraph.
  std::vector<std::string> anchored;
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < result->patterns_.size(); ++i) {
    anchored.push_back("^(?:" + result->patterns_[i] + ")$");
  }
  for (size_t i = 0; i < anchored.size(); ++i) {
    expressions.push_back(anchored[i].c_str());
    // No HS_FLAG_UCP or CASELESS: Unicode classes cost seconds of compile time. Paragraphs
    // are lowercased (all scripts) before the scan instead, and patterns are lowercase.
    flags.push_back(HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr,
                       &result->database_, &error) != HS_SUCCESS) {
    std::string message = fmt::format(
        "{}: pattern '{}': {}", origin,
        error->expression >= 0 ? result->patterns_[static_cast<size_t>(error->expression)]
                               : std::string("?"),
        error->message);
    hs_free_compile_error(error);
    return Status::InvalidArgument(message);
  }
  return std::shared_ptr<const BoilerplatePatterns>(std::move(result));
}

std::shared_ptr<const BoilerplatePatterns> BoilerplatePatterns::BuiltIn() {
  static const std::shared_ptr<const BoilerplatePatterns> built_in = [] {
    auto patterns = FromYaml(kBuiltinBoilerplateYaml, "built-in config/reference/boilerplate.yaml");
    // The file is tested at build time (unit tests), so failing here is a build defect.
    if (!patterns.ok()) std::abort();
    return std::move(patterns).value();
  }();
  return built_in;
}

Result<std::shared_ptr<const BoilerplatePatterns>> BoilerplatePatterns::FromFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::InvalidArgument(fmt::format("{}: cannot read the file", path));
  std::stringstream text;
  text << in.rdbuf();
  return FromYaml(text.str(), path);
}

BoilerplateMatcher::BoilerplateMatcher(std::shared_ptr<const BoilerplatePatterns> patterns)
    : patterns_(std::move(patterns)) {
  if (patterns_->database_ != nullptr &&
      hs_alloc_scratch(patterns_->database_, &scratch_) != HS_SUCCESS) {
    std::abort();  // only on allocation failure
  }
}

BoilerplateMatcher::~BoilerplateMatcher() {
  hs_free_scratch(scratch_);
}

bool BoilerplateMatcher::IsBoilerplate(std::string_view paragraph, uint32_t tag) const {
  if (patterns_->database_ == nullptr || paragraph.size() > kMaxBoilerplateBytes) return false;
  // Patterns are lowercase; so is what they are matched against.
  lowered_.clear();
  AppendLowercase(paragraph, lowered_);
  const std::string& lower = lowered_;
  struct Scan {
    const std::vector<uint32_t>& tags;
    uint32_t tag;
    bool matched = false;
  } scan{patterns_->tags_, tag};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* context) {
    auto& scan = *static_cast<Scan*>(context);
    const uint32_t pattern_tag = scan.tags[id];
    if (pattern_tag != 0 && pattern_tag != scan.tag) return 0;  // another site's: go on
    scan.matched = true;
    return 1;  // stop at the first match
  };
  hs_scan(patterns_->database_, lower.data(), static_cast<unsigned>(lower.size()), 0, scratch_,
          on_match, &scan);
  return scan.matched;
}

}  // namespace copydesk::text
