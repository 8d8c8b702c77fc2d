// copydesk's durable state: a RocksDB database with one column family per concern.
//
// Values in the `articles` and `stories` families begin with their record time (int64
// little-endian, milliseconds since the epoch); a compaction filter drops those older than the
// expiry watermark (record time, never wall-clock time, so that a replay expires exactly what
// the live run expired) and counts them.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class CompactionFilter;
class WriteBatch;
}  // namespace rocksdb

namespace copydesk::state {

struct ExpiryState;

struct StateOptions {
  std::string dir;  // empty: a temporary directory, removed at exit (process only)
};

enum class Family : uint8_t { kArticles, kStories, kMeta };
inline constexpr size_t kFamilyCount = 3;
std::string_view FamilyName(Family family);

struct FamilyStats {
  std::string name;
  uint64_t estimated_keys = 0;
  uint64_t live_bytes = 0;  // RocksDB's estimate of the live data on disk
};

// One buffered write, as StateStore::TakePending hands it over and Write applies it.
struct StateWrite {
  Family family = Family::kArticles;
  std::string key;
  std::string value;
};

struct StoreStats {
  std::vector<FamilyStats> families;
  uint64_t disk_bytes = 0;                // every file under the state directory
  uint64_t pending_compaction_bytes = 0;  // RocksDB's estimate of what compaction has to rewrite
};

class StateStore {
 public:
  // Opens (creating when missing) the state in `dir`.
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& dir);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // Buffers a write; Commit() applies every buffered write atomically.
  void Put(Family family, std::string_view key, std::string_view value);
  Status Commit();
  size_t pending_writes() const;
  // Hands the buffered writes over instead of applying them (the Kafka job sends them to the
  // changelog first and applies them once the changelog has them).
  std::vector<StateWrite> TakePending();
  // Applies `writes` atomically, apart from anything buffered.
  Status Write(const std::vector<StateWrite>& writes);

  Result<std::optional<std::string>> Get(Family family, std::string_view key) const;
  // Visits every committed key of `family` that starts with `prefix`, in key order; stops at
  // the first error.
  Status ForEach(Family family,
                 const std::function<Status(std::string_view key, std::string_view value)>& visit,
                 std::string_view prefix = {}) const;

  // Records older than `millis` may leave at the next compaction.
  void SetExpiryWatermark(int64_t millis);
  uint64_t expired() const;  // records the compaction filter has dropped since Open
  // Compacts every family now (expiring what is older than the watermark).
  Status Compact();

  // A consistent copy of the committed state in `target` (which must not exist), made of hard
  // links where the file system allows.
  Status Checkpoint(const std::filesystem::path& target) const;
  Result<StoreStats> Stats() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  StateStore(std::filesystem::path dir, std::shared_ptr<ExpiryState> expiry);

  std::filesystem::path dir_;
  std::shared_ptr<ExpiryState> expiry_;  // the watermark and counter the compaction filter reads
  std::shared_ptr<rocksdb::CompactionFilter> filter_;  // the family options point to it
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  size_t pending_ = 0;
};

// Replaces the state in `dir` with a checkpoint's copy; `dir` must not be open.
Status RestoreCheckpoint(const std::filesystem::path& checkpoint, const std::filesystem::path& dir);

// The record time a value of `articles` or `stories` starts with.
inline constexpr size_t kTimeBytes = 8;
std::optional<int64_t> RecordTime(std::string_view value);

// The RocksDB copydesk was built with ("7.8.3").
std::string LibraryVersion();

}  // namespace copydesk::state
