// Compact open-addressing tables for in-memory indexes (the dedup index, the gazetteer):
// 64-bit keys to 32-bit values (one value per key), and 32-bit keys to many values (LSH
// bands). Both are rebuilt rather than erased from: entries leave when an index is rebuilt
// without them.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <vector>

namespace copydesk::tables {

// Backs large arrays with 2 MiB pages where the kernel allows (transparent huge pages in
// "madvise" mode): the index is probed at random over gigabytes, and with 4 KiB pages nearly
// every probe would also miss the TLB.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) {
      if (void* p = std::malloc(bytes)) return static_cast<T*>(p);
      throw std::bad_alloc();
    }
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without it the table still works
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

inline uint64_t MixKey(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  return x;
}

// An append-only array in fixed blocks: growing never copies what is there (a vector of
// gigabytes doubling would stall the stream for seconds).
template <typename T>
class ChunkedVector {
 public:
  static constexpr size_t kBlockBits = 16;
  static constexpr size_t kBlock = size_t{1} << kBlockBits;

  T& operator[](size_t i) { return blocks_[i >> kBlockBits][i & (kBlock - 1)]; }
  const T& operator[](size_t i) const { return blocks_[i >> kBlockBits][i & (kBlock - 1)]; }
  void push_back(const T& value) {
    if ((size_ & (kBlock - 1)) == 0) {
      blocks_.emplace_back();
      blocks_.back().reserve(kBlock);
    }
    blocks_.back().push_back(value);
    ++size_;
  }
  size_t size() const { return size_; }
  size_t MemoryBytes() const { return blocks_.size() * kBlock * sizeof(T); }

 private:
  std::vector<HugeVector<T>> blocks_;
  size_t size_ = 0;
};

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
  void Put(uint64_t key, uint32_t slot) {
    key = key == 0 ? 1 : key;
    if ((size_ + 1) * 10 > cells_.size() * 7) Grow();
    for (size_t i = MixKey(key) & mask_;; i = (i + 1) & mask_) {
      if (cells_[i].key == 0) {
        cells_[i].key = key;
        ++size_;
      }
      if (cells_[i].key == key) {
        cells_[i].slot = slot;
        return;
      }
    }
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

  void Grow() {
    HugeVector<Entry> old = std::move(cells_);
    cells_.assign(old.empty() ? 1024 : old.size() * 2, Entry{});
    mask_ = cells_.size() - 1;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key != 0) Put(e.key, e.slot);
    }
  }

  HugeVector<Entry> cells_;
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

  // Starts loading the cells `key` probes first: a decision probes 32 keys spread over a table
  // far larger than the caches, and the misses overlap when they are all requested up front.
  void Prefetch(uint32_t key) const {
    if (!cells_.empty()) __builtin_prefetch(&cells_[MixKey(key) & mask_]);
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
    HugeVector<uint64_t> old = std::move(cells_);
    cells_.assign(old.empty() ? 4096 : old.size() * 2, kEmpty);
    mask_ = cells_.size() - 1;
    for (uint64_t cell : old) {
      if (cell != kEmpty) Insert(cell);
    }
  }

  HugeVector<uint64_t> cells_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// A set of (mixed) hashes as bits, 16 a hash, probed before a table: it says "not there" for
// most hashes that are not, from a few kilobytes that stay in cache.
class BitFilter {
 public:
  void Add(uint64_t hash) {
    hashes_.push_back(hash);
    if (hashes_.size() * kBitsPerHash > bits_.size() * 64) {
      size_t words = 64;
      while (words * 64 < hashes_.size() * kBitsPerHash * 2) words *= 2;
      bits_.assign(words, 0);
      for (uint64_t h : hashes_) Set(h);
    } else {
      Set(hash);
    }
  }
  bool MayContain(uint64_t hash) const {
    if (bits_.empty()) return false;
    const uint64_t bit = hash & (bits_.size() * 64 - 1);
    return (bits_[bit / 64] >> (bit % 64)) & 1;
  }
  size_t MemoryBytes() const {
    return bits_.capacity() * sizeof(uint64_t) + hashes_.capacity() * sizeof(uint64_t);
  }

 private:
  static constexpr size_t kBitsPerHash = 16;
  void Set(uint64_t hash) {
    const uint64_t bit = hash & (bits_.size() * 64 - 1);
    bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  std::vector<uint64_t> bits_;
  std::vector<uint64_t> hashes_;  // to rebuild the bits as they grow
};

}  // namespace copydesk::tables
