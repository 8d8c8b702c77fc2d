// The cleaning stage: a raw item's markup and junk in, the article a reader would recognise
// out — headline, story paragraphs, dateline, bylines and credits, publisher, canonical URL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/text/boilerplate.h"
#include "copydesk/text/credits.h"
#include "copydesk/text/date.h"
#include "copydesk/text/dateline.h"
#include "copydesk/text/url.h"

namespace copydesk::text {

struct CleanOptions {
  std::string boilerplate_file = "";  // empty: the patterns compiled in
};

enum class MarkupFormat : uint8_t { kText, kHtml, kMarkdown };

// What is known of the item's site (from the source registry): how its URLs are made
// canonical, and its own boilerplate.
struct SiteRules {
  UrlRules url;
  uint32_t boilerplate_tag = 0;  // the tag of its patterns in the site boilerplate; 0: none
};

// What the cleaner reads; views into the caller's strings, valid during Clean().
struct CleanInput {
  std::string_view headline;  // as sent; may be empty
  std::string_view body;
  MarkupFormat format = MarkupFormat::kText;
  std::string_view url;     // the page's URL as sent; may be empty
  std::string_view source;  // the feed's name for the publisher ("radiohc.cu"); may be empty
  std::optional<UnixMillis> published;  // for datelines without a year
  const SiteRules* site = nullptr;      // the site's rules, when it has any
};

struct CleanArticle {
  std::string headline;
  std::vector<std::string> paragraphs;  // the story, in order; the dateline stays in the first
  std::optional<Dateline> dateline;
  Credits credits;            // bylines and credit lines found (and removed from the text)
  std::string publisher;      // a publisher line the scraper pasted at the end, when present
  std::string canonical_url;  // empty when the item has no usable URL
  std::string language_hint;  // what the markup declares (<html lang>), for the language stage
  bool mojibake_repaired = false;
  bool mojibake_suspected = false;  // looks mis-decoded but could not be repaired with certainty
  uint64_t char_count = 0;          // Unicode code points of the story text
  uint64_t word_count = 0;

  // The paragraphs joined by blank lines: the ninjs body.
  std::string Body() const;
};

// Not thread-safe: one Cleaner per thread. Construction compiles nothing; the shared
// patterns are built once and shared.
class Cleaner {
 public:
  explicit Cleaner(std::shared_ptr<const BoilerplatePatterns> boilerplate);

  // The patterns SiteRules::boilerplate_tag refers to (every site's, tagged); none until set.
  void SetSiteBoilerplate(std::shared_ptr<const BoilerplatePatterns> patterns);

  void Clean(const CleanInput& input, CleanArticle& article);

 private:
  BoilerplateMatcher boilerplate_;
  std::unique_ptr<BoilerplateMatcher> site_boilerplate_;
};

}  // namespace copydesk::text
