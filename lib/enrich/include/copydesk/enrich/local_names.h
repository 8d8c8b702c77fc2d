// Names of a thing in several languages (an entity's, a Media Topic's label).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace copydesk::enrich {

using LocalNames = std::vector<std::pair<std::string, std::string>>;  // (language, name)

// The name in `language` (a primary subtag: "fr"), else `fallback`.
inline const std::string& LocalName(const LocalNames& names, std::string_view language,
                                    const std::string& fallback) {
  for (const auto& [lang, name] : names) {
    if (lang == language) return name;
  }
  return fallback;
}

}  // namespace copydesk::enrich
