#include "copydesk/dedup/deduplicator.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include <fmt/format.h>

#include "copydesk/core/hash_tables.h"

namespace copydesk::dedup {
namespace {

constexpr uint8_t kRecordFormat = 1;
constexpr uint32_t kNoSlot = UINT32_MAX;
constexpr std::string_view kStreamTimeKey = "stream_time";

class Writer {
 public:
  template <typename T>
  void Add(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));  // little-endian hosts only (x86-64, arm64)
    out_.append(bytes, sizeof(T));
  }
  void AddString(std::string_view s) {
    Add(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Read(T& value) {
    if (bytes_.size() < sizeof(T)) return false;
    std::memcpy(&value, bytes_.data(), sizeof(T));
    bytes_.remove_prefix(sizeof(T));
    return true;
  }
  bool ReadString(std::string& s) {
    uint32_t size = 0;
    if (!Read(size) || bytes_.size() < size) return false;
    s.assign(bytes_.substr(0, size));
    bytes_.remove_prefix(size);
    return true;
  }
  bool AtEnd() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

// Big-endian, so the families iterate in id order.
std::string Key(uint64_t id) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, id >>= 8) key[static_cast<size_t>(i)] = static_cast<char>(id & 0xff);
  return key;
}

uint64_t KeyId(std::string_view key) {
  uint64_t id = 0;
  for (char c : key) id = (id << 8) | static_cast<uint8_t>(c);
  return id;
}

std::string EncodeStory(int64_t last_time, uint64_t size) {
  Writer w;
  w.Add(last_time);  // first: the compaction filter reads it
  w.Add(size);
  return w.Take();
}

}  // namespace

std::string_view DecisionKindName(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kNew:
      return "new";
    case DecisionKind::kUpdate:
      return "update";
    case DecisionKind::kUrl:
      return "url";
    case DecisionKind::kExact:
      return "exact";
    case DecisionKind::kNear:
      return "near";
  }
  return "new";
}

std::string EncodeRecord(const ArticleRecord& r) {
  Writer w;
  w.Add(r.time_ms);  // first: the compaction filter reads it
  w.Add(kRecordFormat);
  w.Add(r.id);
  w.Add(r.story);
  w.Add(r.body_hash);
  w.Add(r.version_hash);
  w.Add(r.version);
  w.Add(r.words);
  w.Add(static_cast<uint8_t>(r.kind));
  w.Add(r.of);
  w.Add(r.similarity);
  w.Add(r.bands_matched);
  for (uint32_t value : r.minhash) w.Add(value);
  w.AddString(r.url);
  w.AddString(r.headline);
  return w.Take();
}

std::optional<ArticleRecord> DecodeRecord(std::string_view bytes) {
  Reader r(bytes);
  ArticleRecord record;
  uint8_t format = 0;
  uint8_t kind = 0;
  bool ok = r.Read(record.time_ms) && r.Read(format) && format == kRecordFormat &&
            r.Read(record.id) && r.Read(record.story) && r.Read(record.body_hash) &&
            r.Read(record.version_hash) && r.Read(record.version) && r.Read(record.words) &&
            r.Read(kind) && kind <= static_cast<uint8_t>(DecisionKind::kNear) &&
            r.Read(record.of) && r.Read(record.similarity) && r.Read(record.bands_matched);
  for (size_t i = 0; ok && i < kPermutations; ++i) ok = r.Read(record.minhash[i]);
  ok = ok && r.ReadString(record.url) && r.ReadString(record.headline) && r.AtEnd();
  if (!ok) return std::nullopt;
  record.kind = static_cast<DecisionKind>(kind);
  return record;
}

// Every version of an article is kept (until the horizon) under its id and version, so
// that a copy of a text the article no longer carries is still recognised.
std::string ArticleKey(uint64_t id, uint32_t version) {
  std::string key = Key(id);
  for (int shift = 24; shift >= 0; shift -= 8)
    key.push_back(static_cast<char>((version >> shift) & 0xff));
  return key;
}

Result<std::optional<ArticleRecord>> LoadArticle(const state::StateStore& store, uint64_t id) {
  std::optional<ArticleRecord> latest;
  Status s = store.ForEach(
      state::Family::kArticles,
      [&](std::string_view, std::string_view value) {
        latest = DecodeRecord(value);  // versions in key order: the last is the latest
        if (!latest) {
          return Status::Corruption(
              fmt::format("state: the record of article {:016x} is malformed", id));
        }
        return Status::Ok();
      },
      Key(id));
  if (!s.ok()) return s;
  return latest;
}

Result<uint64_t> LoadStorySize(const state::StateStore& store, uint64_t story_id) {
  auto value = store.Get(state::Family::kStories, Key(story_id));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return uint64_t{0};
  Reader r(**value);
  int64_t last_time = 0;
  uint64_t size = 0;
  if (!r.Read(last_time) || !r.Read(size)) {
    return Status::Corruption(
        fmt::format("state: the record of story {:016x} is malformed", story_id));
  }
  return size;
}

// The in-memory form of an article: what decisions read, about 300 bytes with its
// signature and its share of the hash tables.
struct Deduplicator::Entry {
  uint64_t id = 0;
  uint64_t story = 0;
  int64_t time = 0;
  uint64_t body_hash = 0;
  uint64_t version_hash = 0;
  uint32_t version = 1;
  uint32_t words = 0;
  uint32_t next_same_body = kNoSlot;  // the next entry with this body, in (time, id) order
};

// Story id -> its size and latest member's time: flat, so that a million stories cost no
// million allocations and no node-by-node rehash.
class Deduplicator::Stories {
 public:
  struct Story {
    uint64_t id = 0;
    uint64_t size = 0;
    int64_t last_time = INT64_MIN;
  };

  Story& operator[](uint64_t id) {
    if (auto slot = slots_.Find(id)) return stories_[*slot];
    slots_.Put(id, static_cast<uint32_t>(stories_.size()));
    return stories_.emplace_back(Story{id, 0, INT64_MIN});
  }
  // Keeps the stories whose latest member is at `watermark` or later.
  void Retain(int64_t watermark) {
    tables::HugeVector<Story> kept;
    for (const Story& story : stories_) {
      if (story.last_time >= watermark) kept.push_back(story);
    }
    stories_ = std::move(kept);
    slots_.Clear();
    for (uint32_t slot = 0; slot < stories_.size(); ++slot) slots_.Put(stories_[slot].id, slot);
  }
  size_t size() const { return stories_.size(); }
  size_t MemoryBytes() const { return stories_.capacity() * sizeof(Story) + slots_.MemoryBytes(); }

 private:
  tables::HugeVector<Story> stories_;
  tables::FlatMap slots_;
};

struct Deduplicator::Index {
  tables::ChunkedVector<Entry> entries;  // by slot, in the order added
  tables::ChunkedVector<CompactSignature> signatures;
  tables::FlatMap by_id;  // id -> its latest slot
  // Body hash -> the first and last entries of its chain of entries with that body, in
  // (time, id) order: the earliest live one answers, whatever has expired before it.
  tables::FlatMap body_first;
  tables::FlatMap body_last;
  tables::BandTable bands;           // LSH band key -> slots
  std::vector<uint32_t> candidates;  // scratch
};

Deduplicator::Deduplicator(state::StateStore& store, DedupOptions options)
    : store_(store),
      options_(options),
      index_(std::make_unique<Index>()),
      stories_(std::make_unique<Stories>()) {}

Deduplicator::~Deduplicator() = default;

Result<std::unique_ptr<Deduplicator>> Deduplicator::Open(state::StateStore& store,
                                                         DedupOptions options) {
  std::unique_ptr<Deduplicator> dedup(new Deduplicator(store, options));
  auto stream_time = store.Get(state::Family::kMeta, kStreamTimeKey);
  if (!stream_time.ok()) return stream_time.status();
  if (stream_time->has_value())
    dedup->stream_time_ = state::RecordTime(**stream_time).value_or(INT64_MIN);
  const int64_t watermark = dedup->Watermark();
  Status s =
      store.ForEach(state::Family::kStories, [&](std::string_view key, std::string_view value) {
        Reader r(value);
        int64_t last_time = 0;
        uint64_t size = 0;
        if (key.size() != 8 || !r.Read(last_time) || !r.Read(size)) {
          return Status::Corruption(
              fmt::format("state {}: a stories record is malformed", store.dir().string()));
        }
        if (last_time >= watermark) {
          Stories::Story& story = (*dedup->stories_)[KeyId(key)];
          story.size = size;
          story.last_time = last_time;
        }
        return Status::Ok();
      });
  if (!s.ok()) return s;
  s = store.ForEach(state::Family::kArticles, [&](std::string_view, std::string_view value) {
    auto record = DecodeRecord(value);
    if (!record) {
      return Status::Corruption(
          fmt::format("state {}: an articles record is malformed", store.dir().string()));
    }
    if (record->time_ms >= watermark) dedup->Add(*record, /*link_body=*/false);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  dedup->LinkBodies();
  dedup->next_purge_ =
      dedup->stream_time_ == INT64_MIN ? INT64_MIN : dedup->stream_time_ + options.horizon_ms / 4;
  store.SetExpiryWatermark(watermark);
  return dedup;
}

// The oldest record time still within the horizon (saturating: before any record, all of it).
int64_t Deduplicator::Watermark() const {
  return stream_time_ < INT64_MIN + options_.horizon_ms ? INT64_MIN
                                                        : stream_time_ - options_.horizon_ms;
}

// Within the horizon of the latest record time. An article's earlier versions stay live for
// exact and near matching (a copy of what it said before is still a copy of it); its id
// answers with the latest.
bool Deduplicator::Live(uint32_t slot) const {
  return index_->entries[slot].time >= Watermark();
}

uint32_t Deduplicator::Add(const ArticleRecord& record, bool link_body) {
  Index& index = *index_;
  const auto slot = static_cast<uint32_t>(index.entries.size());
  index.entries.push_back({record.id, record.story, record.time_ms, record.body_hash,
                           record.version_hash, record.version, record.words});
  index.signatures.push_back(Compact(record.minhash));
  index.by_id.Put(record.id, slot);
  if (record.words == 0) return slot;  // nothing to match a text against
  if (link_body) LinkBody(slot);
  const BandKeys bands = ComputeBands(record.minhash);
  for (uint32_t key : bands) index.bands.Prefetch(key);
  for (uint32_t key : bands) index.bands.Add(key, slot);
  return slot;
}

// Puts an entry into its body's chain, in (time, id) order: at the end, as a rule (records
// mostly arrive in time order), else where it belongs.
void Deduplicator::LinkBody(uint32_t slot) {
  Index& index = *index_;
  Entry& entry = index.entries[slot];
  const auto order = [&](uint32_t s) {
    return std::pair(index.entries[s].time, index.entries[s].id);
  };
  const auto first = index.body_first.Find(entry.body_hash);
  if (!first || *first == kNoSlot) {
    index.body_first.Put(entry.body_hash, slot);
    index.body_last.Put(entry.body_hash, slot);
    return;
  }
  const uint32_t last = *index.body_last.Find(entry.body_hash);
  if (order(last) <= order(slot)) {
    index.entries[last].next_same_body = slot;
    index.body_last.Put(entry.body_hash, slot);
    return;
  }
  if (order(slot) < order(*first)) {
    entry.next_same_body = *first;
    index.body_first.Put(entry.body_hash, slot);
    return;
  }
  uint32_t before = *first;
  while (order(index.entries[before].next_same_body) <= order(slot))
    before = index.entries[before].next_same_body;
  entry.next_same_body = index.entries[before].next_same_body;
  index.entries[before].next_same_body = slot;
}

// Links every entry's body chain at once (after loading or purging): sorted, not inserted
// one by one, since entries then come in id order, not time order.
void Deduplicator::LinkBodies() {
  Index& index = *index_;
  std::vector<uint32_t> slots;
  for (uint32_t slot = 0; slot < index.entries.size(); ++slot) {
    if (index.entries[slot].words > 0) slots.push_back(slot);
  }
  const auto key = [&](uint32_t s) {
    const Entry& e = index.entries[s];
    return std::tuple(e.body_hash, e.time, e.id);
  };
  std::sort(slots.begin(), slots.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  index.body_first.Clear();
  index.body_last.Clear();
  for (size_t i = 0; i < slots.size(); ++i) {
    Entry& entry = index.entries[slots[i]];
    const bool starts = i == 0 || index.entries[slots[i - 1]].body_hash != entry.body_hash;
    const bool ends =
        i + 1 == slots.size() || index.entries[slots[i + 1]].body_hash != entry.body_hash;
    entry.next_same_body = ends ? kNoSlot : slots[i + 1];
    if (starts) index.body_first.Put(entry.body_hash, slots[i]);
    if (ends) index.body_last.Put(entry.body_hash, slots[i]);
  }
}

// The earliest live entry with this body; expired ones are unlinked on the way (the
// watermark only moves forward, so they never come back).
std::optional<uint32_t> Deduplicator::FirstLiveBody(uint64_t body_hash) {
  Index& index = *index_;
  const auto first = index.body_first.Find(body_hash);
  if (!first) return std::nullopt;
  uint32_t slot = *first;
  while (slot != kNoSlot && !Live(slot)) slot = index.entries[slot].next_same_body;
  if (slot != *first) index.body_first.Put(body_hash, slot);
  if (slot == kNoSlot) return std::nullopt;
  return slot;
}

void Deduplicator::Persist(const ArticleRecord& record) {
  store_.Put(state::Family::kArticles, ArticleKey(record.id, record.version), EncodeRecord(record));
}

void Deduplicator::PersistStory(uint64_t story_id) {
  const Stories::Story& story = (*stories_)[story_id];
  store_.Put(state::Family::kStories, Key(story_id), EncodeStory(story.last_time, story.size));
}

// Rebuilds the index from its live entries, so that memory follows the horizon, not the
// length of the run.
void Deduplicator::Purge() {
  const int64_t watermark = Watermark();
  std::unique_ptr<Index> old = std::exchange(index_, std::make_unique<Index>());
  std::vector<uint32_t> renumbered(old->entries.size(), UINT32_MAX);
  for (uint32_t slot = 0; slot < old->entries.size(); ++slot) {
    const Entry& entry = old->entries[slot];
    if (entry.time < watermark) continue;
    const auto kept = static_cast<uint32_t>(index_->entries.size());
    renumbered[slot] = kept;
    index_->entries.push_back(entry);
    index_->signatures.push_back(old->signatures[slot]);
    if (old->by_id.Find(entry.id) == slot) index_->by_id.Put(entry.id, kept);
  }
  LinkBodies();
  old->bands.ForEachCell([&](uint32_t key, uint32_t slot) {
    if (renumbered[slot] != UINT32_MAX) index_->bands.Add(key, renumbered[slot]);
  });
  stories_->Retain(watermark);
  store_.SetExpiryWatermark(watermark);
}

Decision Deduplicator::Decide(const ArticleInput& article) {
  const Fingerprint& fp = *article.fingerprint;
  Decision decision;
  decision.time_ms = article.time_ms.value_or(stream_time_ == INT64_MIN ? 0 : stream_time_);
  if (decision.time_ms > stream_time_) {
    stream_time_ = decision.time_ms;
    if (stream_time_ >= next_purge_) {
      if (next_purge_ != INT64_MIN) Purge();
      next_purge_ = stream_time_ + std::max<int64_t>(options_.horizon_ms / 4, 1);
    }
  }
  Index& index = *index_;

  ArticleRecord record;
  record.id = article.id;
  record.time_ms = decision.time_ms;
  record.body_hash = fp.body_hash;
  record.version_hash = fp.version_hash;
  record.version = std::max<uint32_t>(article.version, 1);
  record.words = fp.words;
  record.minhash = fp.minhash;
  record.url = article.url;
  record.headline = article.headline;

  if (auto slot = index.by_id.Find(article.id); slot && Live(*slot)) {
    const Entry& seen = index.entries[*slot];
    decision.of = seen.id;
    decision.story = seen.story;
    decision.story_size = (*stories_)[seen.story].size;
    if (seen.version_hash == fp.version_hash) {
      decision.kind = DecisionKind::kUrl;
      decision.similarity = 1;
      decision.version = seen.version;
      return decision;  // nothing changed: nothing to remember
    }
    decision.kind = DecisionKind::kUpdate;
    decision.similarity = EstimatedJaccard(Compact(fp.minhash), index.signatures[*slot]);
    decision.version = std::max(seen.version + 1, record.version);
  } else if (auto first = fp.HasText() ? FirstLiveBody(fp.body_hash) : std::nullopt) {
    decision.kind = DecisionKind::kExact;
    decision.of = index.entries[*first].id;
    decision.story = index.entries[*first].story;
    decision.similarity = 1;
  } else if (fp.HasText()) {
    // Near duplicates: every live article sharing a band, confirmed on the estimated
    // similarity; the most similar wins, then the earliest, then the smallest id.
    index.candidates.clear();
    for (uint32_t key : fp.bands) index.bands.Prefetch(key);
    for (size_t band = 0; band < kBands; ++band) {
      index.bands.ForEach(fp.bands[band], [&](uint32_t slot) { index.candidates.push_back(slot); });
    }
    std::sort(index.candidates.begin(), index.candidates.end());
    const CompactSignature compact = Compact(fp.minhash);
    std::optional<uint32_t> best;
    double best_similarity = 0;
    uint32_t best_bands = 0;
    for (size_t i = 0; i < index.candidates.size();) {
      const uint32_t slot = index.candidates[i];
      size_t j = i;
      while (j < index.candidates.size() && index.candidates[j] == slot) ++j;
      const auto bands = static_cast<uint32_t>(j - i);
      i = j;
      if (!Live(slot)) continue;
      const double similarity = EstimatedJaccard(compact, index.signatures[slot]);
      if (similarity < options_.near_threshold) continue;
      const Entry& e = index.entries[slot];
      if (!best || similarity > best_similarity ||
          (similarity == best_similarity &&
           std::pair(e.time, e.id) <
               std::pair(index.entries[*best].time, index.entries[*best].id))) {
        best = slot;
        best_similarity = similarity;
        best_bands = bands;
      }
    }
    if (best) {
      decision.kind = DecisionKind::kNear;
      decision.of = index.entries[*best].id;
      decision.story = index.entries[*best].story;
      decision.similarity = best_similarity;
      record.bands_matched = best_bands;
    }
  }

  if (decision.kind == DecisionKind::kNew) decision.story = article.id;
  Stories::Story& story = (*stories_)[decision.story];
  // A story that expired (not purged yet) starts afresh, as it does after a restart.
  if (story.last_time < Watermark()) story.size = 0;
  if (decision.kind != DecisionKind::kUpdate) ++story.size;
  story.last_time = std::max(story.last_time, decision.time_ms);
  decision.story_size = story.size;
  if (decision.kind != DecisionKind::kUpdate) decision.version = record.version;

  record.story = decision.story;
  record.version = decision.version;
  record.kind = decision.kind;
  record.of = decision.of;
  record.similarity = decision.similarity;
  Add(record);
  Persist(record);
  PersistStory(decision.story);
  return decision;
}

void Deduplicator::BufferStreamTime() {
  if (stream_time_ == INT64_MIN) return;
  Writer w;
  w.Add(stream_time_);
  store_.Put(state::Family::kMeta, kStreamTimeKey, w.Take());
}

Status Deduplicator::Commit() {
  BufferStreamTime();
  return store_.Commit();
}

void Deduplicator::Learn(state::Family family, std::string_view key, std::string_view value) {
  const auto time = state::RecordTime(value);
  if (!time) return;
  switch (family) {
    case state::Family::kMeta:
      if (key == kStreamTimeKey) stream_time_ = std::max(stream_time_, *time);
      return;
    case state::Family::kStories: {
      Reader r(value);
      int64_t last_time = 0;
      uint64_t size = 0;
      if (key.size() != 8 || !r.Read(last_time) || !r.Read(size)) return;
      Stories::Story& story = (*stories_)[KeyId(key)];
      story.size = std::max(story.size, size);
      story.last_time = std::max(story.last_time, last_time);
      return;
    }
    case state::Family::kArticles: {
      auto record = DecodeRecord(value);
      if (!record) return;
      stream_time_ = std::max(stream_time_, record->time_ms);
      if (auto slot = index_->by_id.Find(record->id);
          slot && index_->entries[*slot].version >= record->version) {
        return;  // known already
      }
      Add(*record);
      return;
    }
  }
}

IndexStats Deduplicator::Stats() const {
  IndexStats stats;
  for (uint32_t slot = 0; slot < index_->entries.size(); ++slot) {
    stats.articles += Live(slot) && index_->by_id.Find(index_->entries[slot].id) == slot;
  }
  stats.stories = stories_->size();
  stats.band_entries = index_->bands.size();
  stats.memory_bytes = index_->entries.MemoryBytes() + index_->signatures.MemoryBytes() +
                       index_->by_id.MemoryBytes() + index_->body_first.MemoryBytes() +
                       index_->body_last.MemoryBytes() + index_->bands.MemoryBytes() +
                       stories_->MemoryBytes();
  return stats;
}

}  // namespace copydesk::dedup
