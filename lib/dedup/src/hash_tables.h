// Compact open-addressing tables for the in-memory dedup index: 64-bit keys to 32-bit article
// slots (one value per key), and 32-bit LSH band keys to slots (many values per key). Both
// are rebuilt rather than erased from: entries leave when the index is rebuilt without them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace copydesk::dedup::detail {

inline uint64_t MixKey(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  return x;
}

// Key -> slot. Key 0 marks an empty cell, so a zero key is stored as 1 (these keys are
// 64-bit hashes; the collision this adds is one in 2^64).
class FlatMap {
 public:
  std::optional<uint32_t> Find(uint64_t key) const {
    if (cells_.empty()) return std::nullopt;
    key = key == 0 ? 1 : key;
    for (size_t i = MixKey(key) & mask_;; i = (i + 1) & mask_) {
      if (cells_[i].key == key) return cells_[i].slot;
      if (cells_[i].key == 0) return std::nullopt;
    }
  }

  // Sets `key` to `slot`, replacing what it had.
  void Put(uint64_t key, uint32_t slot) { *Cell(key, /*create=*/true) = slot; }
  // Sets `key` to `slot` only when it has no value yet.
  void PutIfAbsent(uint64_t key, uint32_t slot) {
    uint32_t* cell = Cell(key, /*create=*/false);
    if (cell == nullptr) Put(key, slot);
  }

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return cells_.capacity() * sizeof(Entry); }
  void Clear() {
    cells_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  struct Entry {
    uint64_t key = 0;
    uint32_t slot = 0;
  };

  uint32_t* Cell(uint64_t key, bool create) {
    key = key == 0 ? 1 : key;
    if (create && (size_ + 1) * 10 > cells_.size() * 7) Grow();
    if (cells_.empty()) return nullptr;
    for (size_t i = MixKey(key) & mask_;; i = (i + 1) & mask_) {
      if (cells_[i].key == key) return &cells_[i].slot;
      if (cells_[i].key == 0) {
        if (!create) return nullptr;
        cells_[i].key = key;
        ++size_;
        return &cells_[i].slot;
      }
    }
  }

  void Grow() {
    std::vector<Entry> old = std::move(cells_);
    cells_.assign(old.empty() ? 1024 : old.size() * 2, Entry{});
    mask_ = cells_.size() - 1;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key != 0) Put(e.key, e.slot);
    }
  }

  std::vector<Entry> cells_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Band key -> slots, packed as (key << 32 | slot) in one 64-bit cell; all ones is empty
// (slot 0xffffffff is never used).
class BandTable {
 public:
  void Add(uint32_t key, uint32_t slot) {
    if ((size_ + 1) * 10 > cells_.size() * 7) Grow();
    Insert((uint64_t{key} << 32) | slot);
    ++size_;
  }

  // Visits the slots stored under `key`.
  template <typename Visit>
  void ForEach(uint32_t key, Visit&& visit) const {
    if (cells_.empty()) return;
    for (size_t i = MixKey(key) & mask_; cells_[i] != kEmpty; i = (i + 1) & mask_) {
      if (static_cast<uint32_t>(cells_[i] >> 32) == key) visit(static_cast<uint32_t>(cells_[i]));
    }
  }

  // Visits every (key, slot) stored.
  template <typename Visit>
  void ForEachCell(Visit&& visit) const {
    for (uint64_t cell : cells_) {
      if (cell != kEmpty) visit(static_cast<uint32_t>(cell >> 32), static_cast<uint32_t>(cell));
    }
  }

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return cells_.capacity() * sizeof(uint64_t); }
  void Clear() {
    cells_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};

  void Insert(uint64_t cell) {
    size_t i = MixKey(cell >> 32) & mask_;
    while (cells_[i] != kEmpty) i = (i + 1) & mask_;
    cells_[i] = cell;
  }

  void Grow() {
    std::vector<uint64_t> old = std::move(cells_);
    cells_.assign(old.empty() ? 4096 : old.size() * 2, kEmpty);
    mask_ = cells_.size() - 1;
    for (uint64_t cell : old) {
      if (cell != kEmpty) Insert(cell);
    }
  }

  std::vector<uint64_t> cells_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace copydesk::dedup::detail
