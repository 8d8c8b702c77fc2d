// Fingerprints of an article's story text, for recognising repeats: an exact hash of the
// normalised words and a MinHash signature of its word 3-shingles, cut into LSH bands.
//
// Normalisation keeps what tells stories apart and drops what outlets change when they
// republish: words are lower-cased, punctuation and spacing ignored, digits kept (a changed
// figure is a changed story); the dateline ("GENEVA, April 16 (Reuters) -") is left out, and
// bylines, credits and boilerplate never reach the paragraphs (the cleaner removed them).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk::dedup {

inline constexpr size_t kPermutations = 128;
inline constexpr size_t kBands = 32;
inline constexpr size_t kRowsPerBand = kPermutations / kBands;
inline constexpr size_t kShingleWords = 3;

using Signature = std::array<uint32_t, kPermutations>;
using BandKeys = std::array<uint32_t, kBands>;

struct Fingerprint {
  uint64_t body_hash = 0;     // the normalised words of the body: identical text, identical hash
  uint64_t version_hash = 0;  // headline and body: what an update must change
  uint32_t words = 0;
  Signature minhash{};  // over the distinct word 3-shingles; all ones when there are none
  BandKeys bands{};     // LSH band keys of `minhash`

  bool HasText() const { return words > 0; }
};

// Not thread-safe (reuses its buffers): one per thread.
class Fingerprinter {
 public:
  // `paragraphs` as the cleaner returns them; the first `skip_bytes` bytes of the first
  // paragraph (its dateline) are left out.
  void Compute(std::string_view headline, std::span<const std::string> paragraphs,
               size_t skip_bytes, Fingerprint& out);

 private:
  void AddWords(std::string_view text);

  std::vector<uint64_t> words_;     // hashes of the normalised words, in order
  std::vector<uint64_t> shingles_;  // hashes of the body's word 3-shingles
  std::string word_;
};

// The share of MinHash values two signatures have in common: an unbiased estimate of the
// Jaccard similarity of their shingle sets.
double EstimatedJaccard(const Signature& a, const Signature& b);

// The low 16 bits of each value: the compact form the in-memory index keeps (at 16 bits, an
// accidental agreement of two different values costs 1/65536 of similarity on average).
using CompactSignature = std::array<uint16_t, kPermutations>;
CompactSignature Compact(const Signature& signature);
double EstimatedJaccard(const CompactSignature& a, const CompactSignature& b);

BandKeys ComputeBands(const Signature& signature);

}  // namespace copydesk::dedup
