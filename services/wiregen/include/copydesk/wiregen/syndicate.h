// wiregen's syndication generator: a labelled feed for evaluating deduplication and story
// clustering. Real base articles (Reuters-21578, BBC News) are published once, then
// republished by other outlets with the edits outlets make, re-sent with other tracking
// parameters and updated in place; unrelated articles of the same topics are the hard
// negatives. The ground truth says, per output line, which story it belongs to and why.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

namespace copydesk::wiregen {

// One article of a corpus, as the generator uses it.
struct BaseArticle {
  std::string key;     // "reuters/123" (NEWID), "bbc/business/001"
  std::string source;  // "reuters" or "bbc"
  std::string topic;   // Reuters: first TOPICS tag ("" when none); BBC: the folder
  std::string title;
  std::string place;  // Reuters dateline place ("SALVADOR"); "" when none
  std::string date;   // Reuters DATE as given ("26-FEB-1987 15:01:01.79"); "" for BBC
  std::vector<std::string> paragraphs;
  size_t words = 0;
};

struct CorpusOptions {
  bool reuters = true;
  bool bbc = true;
  size_t min_words = 100;  // shorter articles are not used as bases or negatives
  size_t min_paragraphs = 3;
  bool require_title = true;
  // Leave out the articles named in the corpora's DERIVED_near_duplicate_pairs.tsv: they
  // already have a near twin in the corpus, so they could not be clean negatives; and those
  // whose headline the same corpus has more than once.
  bool skip_derived_pairs = true;
};

// Reads `<corpora>/reuters21578/reuters21578.jsonl` and `<corpora>/bbc/<topic>/*.txt`
// (either may be missing, not both). Articles not valid UTF-8 are skipped. Also used by the
// evaluation (bench/dedup_eval) to read the corpora alike.
Result<std::vector<BaseArticle>> LoadCorpora(const std::filesystem::path& corpora,
                                             const CorpusOptions& options);

// Reuters-21578 body text as paragraphs: hard-wrapped lines joined, a paragraph where a line
// starts indented, the closing "Reuter" signature dropped.
std::vector<std::string> ReutersParagraphs(std::string_view body);

enum class Relation : uint8_t { kOriginal, kRepublication, kResend, kUpdate, kNegative };
std::string_view RelationName(Relation relation);

struct SyndicateOptions {
  uint64_t seed = 1;
  size_t stories = 1000;  // base articles, alternately from each corpus while it has bases left
  int64_t start_ms = 1775001600000;  // 2026-04-01T00:00:00Z: the first story's earliest time
  int64_t spread_ms = int64_t{3} * 24 * 3600 * 1000;  // stories start within this window
};

struct SyndicatedLine {
  std::string json;  // one scraped item, no newline
  int64_t time_ms = 0;
  std::string story;  // the story key: the base article's key ("neg:" + key for negatives)
  Relation relation = Relation::kOriginal;
  std::string base;      // the corpus article the text comes from
  uint64_t of_line = 0;  // 1-based line of the page this repeats or updates (0: none)
  std::string url;
  std::string edits;  // what was changed, comma-separated ("-" when nothing)
};

// The feed, in published-time order (line n of the output is element n-1).
std::vector<SyndicatedLine> Syndicate(const std::vector<BaseArticle>& corpus,
                                      const SyndicateOptions& options);

// The truth file: a header, then one row per line.
std::string TruthHeader();
std::string TruthRow(uint64_t line, const SyndicatedLine& item);

// A scraped item as a JSON object: url, title, body (or html), published, source, language.
std::string ScrapedItemJson(std::string_view url, std::string_view title, std::string_view body,
                            int64_t time_ms, std::string_view source, bool as_html);

std::string FormatRfc3339(int64_t time_ms);

}  // namespace copydesk::wiregen
