#include "copydesk/state/store.h"

#include <cstring>
#include <system_error>

#include <fmt/format.h>
#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/version.h>
#include <rocksdb/write_batch.h>

namespace copydesk::state {
namespace {

constexpr std::string_view kFamilyNames[kFamilyCount] = {"articles", "stories", "meta"};

Status FromRocks(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return Status::Ok();
  if (status.IsCorruption())
    return Status::Corruption(fmt::format("{}: {}", what, status.ToString()));
  return Status::IoError(fmt::format("{}: {}", what, status.ToString()));
}

}  // namespace

std::string_view FamilyName(Family family) {
  return kFamilyNames[static_cast<size_t>(family)];
}

std::optional<int64_t> RecordTime(std::string_view value) {
  if (value.size() < kTimeBytes) return std::nullopt;
  int64_t millis = 0;
  std::memcpy(&millis, value.data(), kTimeBytes);  // little-endian hosts only (x86-64, arm64)
  return millis;
}

// What the compaction filter shares with the store.
struct ExpiryState {
  std::atomic<int64_t> watermark{INT64_MIN};
  std::atomic<uint64_t> expired{0};
};

namespace {

class ExpiryFilter final : public rocksdb::CompactionFilter {
 public:
  explicit ExpiryFilter(std::shared_ptr<ExpiryState> expiry) : expiry_(std::move(expiry)) {}

  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override;
  const char* Name() const override { return "copydesk.ExpiryFilter"; }

 private:
  std::shared_ptr<ExpiryState> expiry_;
};

}  // namespace

bool ExpiryFilter::Filter(int, const rocksdb::Slice&, const rocksdb::Slice& value, std::string*,
                          bool*) const {
  const auto time = RecordTime(std::string_view(value.data(), value.size()));
  if (!time || *time >= expiry_->watermark.load(std::memory_order_relaxed)) return false;
  expiry_->expired.fetch_add(1, std::memory_order_relaxed);
  return true;
}

StateStore::StateStore(std::filesystem::path dir, std::shared_ptr<ExpiryState> expiry)
    : dir_(std::move(dir)),
      expiry_(std::move(expiry)),
      batch_(std::make_unique<rocksdb::WriteBatch>()) {}

StateStore::~StateStore() {
  if (db_ != nullptr) {
    for (auto* handle : families_) (void)db_->DestroyColumnFamilyHandle(handle);
    (void)db_->Close();
  }
}

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    return Status::IoError(fmt::format("state directory {}: {}", dir.string(), error.message()));

  auto expiry = std::make_shared<ExpiryState>();
  std::unique_ptr<StateStore> store(new StateStore(dir, expiry));
  // One filter instance for every family and compaction thread: it is stateless apart from the
  // atomics it shares with the store.
  store->filter_ = std::make_shared<ExpiryFilter>(expiry);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (size_t i = 0; i < kFamilyCount; ++i) {
    rocksdb::ColumnFamilyOptions options;
    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    if (static_cast<Family>(i) != Family::kMeta) options.compaction_filter = store->filter_.get();
    // Article records are mostly MinHash values, which do not compress.
    if (static_cast<Family>(i) == Family::kArticles) options.compression = rocksdb::kNoCompression;
    options.write_buffer_size = 128 << 20;
    descriptors.emplace_back(
        i == 0 ? std::string(rocksdb::kDefaultColumnFamilyName) : std::string(kFamilyNames[i]),
        options);
  }
  // The articles family is RocksDB's default one, so a database always has all three.
  rocksdb::DB* db = nullptr;
  auto status = rocksdb::DB::Open(db_options, dir.string(), descriptors, &store->families_, &db);
  if (!status.ok()) {
    return FromRocks(status, fmt::format("state directory {}: cannot open", dir.string()));
  }
  store->db_.reset(db);
  return store;
}

void StateStore::Put(Family family, std::string_view key, std::string_view value) {
  (void)batch_->Put(families_[static_cast<size_t>(family)], rocksdb::Slice(key.data(), key.size()),
                    rocksdb::Slice(value.data(), value.size()));
  ++pending_;
}

size_t StateStore::pending_writes() const {
  return pending_;
}

Status StateStore::Commit() {
  if (pending_ == 0) return Status::Ok();
  rocksdb::WriteOptions options;
  auto status = db_->Write(options, batch_.get());
  batch_->Clear();
  pending_ = 0;
  return FromRocks(status, "state: write");
}

std::vector<StateWrite> StateStore::TakePending() {
  // Column family ids -> families, for the batch's handler.
  struct Collector final : rocksdb::WriteBatch::Handler {
    const std::vector<rocksdb::ColumnFamilyHandle*>* handles = nullptr;
    std::vector<StateWrite> writes;
    rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
      for (size_t i = 0; i < handles->size(); ++i) {
        if ((*handles)[i]->GetID() == id) {
          writes.push_back({static_cast<Family>(i), key.ToString(), value.ToString()});
          return rocksdb::Status::OK();
        }
      }
      return rocksdb::Status::InvalidArgument("unknown column family");
    }
  } collector;
  collector.handles = &families_;
  collector.writes.reserve(pending_);
  (void)batch_->Iterate(&collector);  // only Put is ever buffered, into our own families
  batch_->Clear();
  pending_ = 0;
  return std::move(collector.writes);
}

Status StateStore::Write(const std::vector<StateWrite>& writes) {
  rocksdb::WriteBatch batch;
  for (const auto& w : writes) {
    (void)batch.Put(families_[static_cast<size_t>(w.family)], w.key, w.value);
  }
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "state: write");
}

Result<std::optional<std::string>> StateStore::Get(Family family, std::string_view key) const {
  std::string value;
  auto status = db_->Get(rocksdb::ReadOptions(), families_[static_cast<size_t>(family)],
                         rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocks(status, "state: read");
  return std::optional<std::string>(std::move(value));
}

Status StateStore::ForEach(
    Family family, const std::function<Status(std::string_view key, std::string_view value)>& visit,
    std::string_view prefix) const {
  rocksdb::ReadOptions options;
  options.fill_cache = !prefix.empty();  // a full scan is not a working set
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, families_[static_cast<size_t>(family)]));
  const rocksdb::Slice start(prefix.data(), prefix.size());
  for (prefix.empty() ? it->SeekToFirst() : it->Seek(start); it->Valid(); it->Next()) {
    const auto key = it->key();
    if (!prefix.empty() && !key.starts_with(start)) break;
    const auto value = it->value();
    if (Status s = visit({key.data(), key.size()}, {value.data(), value.size()}); !s.ok()) return s;
  }
  return FromRocks(it->status(), "state: scan");
}

void StateStore::SetExpiryWatermark(int64_t millis) {
  expiry_->watermark.store(millis, std::memory_order_relaxed);
}

uint64_t StateStore::expired() const {
  return expiry_->expired.load(std::memory_order_relaxed);
}

Status StateStore::Compact() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* handle : families_) {
    if (Status s =
            FromRocks(db_->CompactRange(options, handle, nullptr, nullptr), "state: compact");
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

Status StateStore::Checkpoint(const std::filesystem::path& target) const {
  if (std::filesystem::exists(target)) {
    return Status::InvalidArgument(
        fmt::format("checkpoint {} already exists; name a new directory", target.string()));
  }
  rocksdb::Checkpoint* raw = nullptr;
  if (Status s = FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw), "state: checkpoint");
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  return FromRocks(checkpoint->CreateCheckpoint(target.string()),
                   fmt::format("state: checkpoint {}", target.string()));
}

Result<StoreStats> StateStore::Stats() const {
  StoreStats stats;
  for (size_t i = 0; i < kFamilyCount; ++i) {
    FamilyStats family{std::string(kFamilyNames[i]), 0, 0};
    (void)db_->GetIntProperty(families_[i], "rocksdb.estimate-num-keys", &family.estimated_keys);
    (void)db_->GetIntProperty(families_[i], "rocksdb.estimate-live-data-size", &family.live_bytes);
    uint64_t pending = 0;
    (void)db_->GetIntProperty(families_[i], "rocksdb.estimate-pending-compaction-bytes", &pending);
    stats.pending_compaction_bytes += pending;
    stats.families.push_back(std::move(family));
  }
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, error)) {
    if (entry.is_regular_file(error)) stats.disk_bytes += entry.file_size(error);
  }
  if (error)
    return Status::IoError(fmt::format("state directory {}: {}", dir_.string(), error.message()));
  return stats;
}

Status RestoreCheckpoint(const std::filesystem::path& checkpoint,
                         const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::exists(checkpoint / "CURRENT", error)) {
    return Status::InvalidArgument(
        fmt::format("{} is not a checkpoint (no CURRENT file); name a directory made by 'copydesk "
                    "state checkpoint'",
                    checkpoint.string()));
  }
  // Probe that nobody holds the state open: RocksDB's LOCK would refuse us.
  {
    auto open = StateStore::Open(dir);
    if (!open.ok()) return open.status();
  }
  std::filesystem::remove_all(dir, error);
  if (!error)
    std::filesystem::copy(checkpoint, dir, std::filesystem::copy_options::recursive, error);
  if (error) {
    return Status::IoError(
        fmt::format("restore {} into {}: {}", checkpoint.string(), dir.string(), error.message()));
  }
  return Status::Ok();
}

std::string LibraryVersion() {
  return fmt::format("{}.{}.{}", ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH);
}

}  // namespace copydesk::state
