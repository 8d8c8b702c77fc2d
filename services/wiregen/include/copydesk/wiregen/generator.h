// wiregen's generator: a deterministic synthetic wire feed built from real template items, in
// every input shape copydesk accepts. The wiregen binary and the benchmarks share it.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

namespace copydesk::wiregen {

// A template's input shape, finer than wire::Shape: scraped pages by body format, RSS apart.
enum class Kind : uint8_t { kHtml, kMarkdown, kText, kRss, kNinjs2, kNinjs1 };
inline constexpr std::array kAllKinds{Kind::kHtml, Kind::kMarkdown, Kind::kText,
                                      Kind::kRss,  Kind::kNinjs2,   Kind::kNinjs1};
std::string_view KindName(Kind kind);  // "html", "markdown", "text", "rss", "ninjs2", "ninjs1"
std::optional<Kind> KindFromName(std::string_view name);

struct Options {
  uint64_t item_bytes = 5120;  // aimed-at size of one NDJSON line, newline excluded
  uint64_t seed = 1;
  std::vector<Kind> kinds;  // keep only templates of these kinds; empty keeps all
};

// One template line reduced to JSON text around the parts that vary per item: identifiers
// (made unique), dates (shifted) and bodies (resized once, at construction).
struct Template;

class Generator {
 public:
  // Keeps the lines of `ndjson` that copydesk's decoder accepts (broken lines are skipped);
  // fails when none is left.
  static Result<Generator> FromNdjson(std::string_view ndjson, const Options& options);
  static Result<Generator> FromFile(const std::filesystem::path& path, const Options& options);

  Generator(Generator&&) noexcept;
  Generator& operator=(Generator&&) noexcept;
  ~Generator();

  size_t template_count() const;
  const Options& options() const { return options_; }

  // Item `number` (0-based) of the feed: one JSON object, no newline, written over `out`.
  // It depends only on the options and the number, so items can be made in any order.
  void Item(uint64_t number, std::string& out) const;

 private:
  Generator(Options options, std::vector<Template> templates);

  Options options_;
  std::vector<Template> templates_;  // in the seed's order; item n uses n % size
};

}  // namespace copydesk::wiregen
