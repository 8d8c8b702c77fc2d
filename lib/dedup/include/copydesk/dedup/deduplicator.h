// The stateful stage: decides whether an article is new, an update, or a repeat of one seen
// within the dedup horizon, and which story it belongs to.
//
// Decisions are made against an in-memory index (article ids, body hashes, LSH bands and
// compact signatures: a few hundred bytes an article, no disk access per decision); every
// decision is also written as a durable record to the state store, from which the index is
// rebuilt when the state is opened. Time is record time throughout: the same records in the
// same order give the same decisions, live or replayed, whatever compaction did meanwhile.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/dedup/fingerprint.h"
#include "copydesk/state/store.h"

namespace copydesk::dedup {

struct DedupOptions {
  int64_t horizon_ms = int64_t{7} * 24 * 3600 * 1000;  // how long an article can be repeated
  double near_threshold = 0.5;  // least estimated Jaccard similarity for a near duplicate
};

enum class DecisionKind : uint8_t {
  kNew,     // first seen: starts a story
  kUpdate,  // the same id (URL or uri) with changed text
  kUrl,     // the same id again, text unchanged
  kExact,   // another id, the same normalised body
  kNear,    // another id, the same story text with edits
};
std::string_view DecisionKindName(DecisionKind kind);

// What the stage needs to know of an accepted article.
struct ArticleInput {
  uint64_t id = 0;                 // the article id (from the uri, canonical URL, guid or body)
  std::optional<int64_t> time_ms;  // its record time; none: the latest record time seen
  uint32_t version = 1;            // the sender's version, when it gives one
  std::string_view url;            // for explanations
  std::string_view headline;       // for explanations
  const Fingerprint* fingerprint = nullptr;
};

struct Decision {
  DecisionKind kind = DecisionKind::kNew;
  uint64_t of = 0;          // the article repeated or updated (kNew: none)
  double similarity = 0;    // 1 for url, update-of-same-id is the text's similarity, exact 1
  uint64_t story = 0;       // the story's id: the id of its first article
  uint64_t story_size = 1;  // articles in the story so far, this one included
  uint32_t version = 1;     // the article's version after this record
  int64_t time_ms = 0;      // the record time used
};

// An article's durable record, as `copydesk state explain` shows it.
struct ArticleRecord {
  uint64_t id = 0;
  int64_t time_ms = 0;
  uint64_t story = 0;
  uint64_t body_hash = 0;
  uint64_t version_hash = 0;
  uint32_t version = 1;
  uint32_t words = 0;
  DecisionKind kind = DecisionKind::kNew;
  uint64_t of = 0;
  double similarity = 0;
  uint32_t bands_matched = 0;  // near duplicates: LSH bands shared with `of`
  Signature minhash{};
  std::string url;
  std::string headline;
};
std::string EncodeRecord(const ArticleRecord& record);
std::optional<ArticleRecord> DecodeRecord(std::string_view bytes);

// The committed record of article `id` (none when it was never seen or has expired), and the
// size of story `story_id` (0 when unknown), for explanations.
Result<std::optional<ArticleRecord>> LoadArticle(const state::StateStore& store, uint64_t id);
Result<uint64_t> LoadStorySize(const state::StateStore& store, uint64_t story_id);

struct IndexStats {
  uint64_t articles = 0;  // in the index (within the horizon of the latest record time)
  uint64_t stories = 0;
  uint64_t band_entries = 0;
  uint64_t memory_bytes = 0;
};

class Deduplicator {
 public:
  // Loads the index from `store` (which must outlive it), skipping what has expired.
  static Result<std::unique_ptr<Deduplicator>> Open(state::StateStore& store, DedupOptions options);
  ~Deduplicator();

  // Decides, updates the index and buffers the durable write (Commit makes it durable).
  Decision Decide(const ArticleInput& article);
  // Buffers the stream time with the decisions' writes; Commit() also applies them.
  void BufferStreamTime();
  Status Commit();
  // Takes in a state record another instance wrote (from the changelog): its articles become
  // matchable here too, its stories keep their sizes.
  void Learn(state::Family family, std::string_view key, std::string_view value);

  int64_t stream_time() const { return stream_time_; }
  IndexStats Stats() const;

 private:
  struct Entry;
  struct Index;
  class Stories;
  Deduplicator(state::StateStore& store, DedupOptions options);

  int64_t Watermark() const;
  bool Live(uint32_t slot) const;
  uint32_t Add(const ArticleRecord& record, bool link_body = true);
  void LinkBody(uint32_t slot);
  void LinkBodies();
  std::optional<uint32_t> FirstLiveBody(uint64_t body_hash);
  void Persist(const ArticleRecord& record);
  void PersistStory(uint64_t story_id);
  void Purge();

  state::StateStore& store_;
  DedupOptions options_;
  int64_t stream_time_ = INT64_MIN;
  int64_t next_purge_ = INT64_MIN;
  std::unique_ptr<Index> index_;
  std::unique_ptr<Stories> stories_;
};

}  // namespace copydesk::dedup
