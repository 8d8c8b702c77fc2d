// Boilerplate: paragraphs that scrapers and sites put around a story ("Read more", cookie
// notices, share bars, copyright lines), recognised by patterns from
// config/reference/boilerplate.yaml.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

struct hs_database;  // Hyperscan's, at global scope
struct hs_scratch;

namespace copydesk::text {

// Only paragraphs this short are tested: a story sentence is never removed for a keyword.
inline constexpr size_t kMaxBoilerplateBytes = 300;

// The compiled patterns. Immutable and thread-safe once built; share one across threads and
// give each thread its own BoilerplateMatcher.
class BoilerplatePatterns {
 public:
  // Parses a boilerplate YAML document (see config/reference/boilerplate.yaml); `origin` names it
  // in errors.
  static Result<std::shared_ptr<const BoilerplatePatterns>> FromYaml(std::string_view yaml,
                                                                     std::string_view origin);
  // The file compiled into the binary (config/reference/boilerplate.yaml at build time).
  static std::shared_ptr<const BoilerplatePatterns> BuiltIn();
  static Result<std::shared_ptr<const BoilerplatePatterns>> FromFile(const std::string& path);
  // Patterns written as in the YAML file, each with a tag: 0 applies to every paragraph,
  // another number only where the caller names it (one site's patterns, for example).
  // `tags` is empty (all 0) or one per pattern.
  static Result<std::shared_ptr<const BoilerplatePatterns>> Compile(
      std::vector<std::string> patterns, std::vector<uint32_t> tags, std::string_view origin);

  ~BoilerplatePatterns();
  size_t size() const { return patterns_.size(); }

 private:
  friend class BoilerplateMatcher;
  BoilerplatePatterns() = default;

  std::vector<std::string> patterns_;
  std::vector<uint32_t> tags_;
  ::hs_database* database_ = nullptr;
};

// Tests paragraphs against the patterns. Not thread-safe: one per thread (it owns
// Hyperscan scratch space).
class BoilerplateMatcher {
 public:
  explicit BoilerplateMatcher(std::shared_ptr<const BoilerplatePatterns> patterns);
  ~BoilerplateMatcher();
  BoilerplateMatcher(const BoilerplateMatcher&) = delete;
  BoilerplateMatcher& operator=(const BoilerplateMatcher&) = delete;

  // True when the whole paragraph is boilerplate by a pattern tagged 0 or `tag`.
  // `paragraph` must be valid UTF-8.
  bool IsBoilerplate(std::string_view paragraph, uint32_t tag = 0) const;

 private:
  std::shared_ptr<const BoilerplatePatterns> patterns_;
  ::hs_scratch* scratch_ = nullptr;
  mutable std::string lowered_;  // reused buffer for the lowercased paragraph
};

}  // namespace copydesk::text
