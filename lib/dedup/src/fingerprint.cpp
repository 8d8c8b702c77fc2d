#include "copydesk/dedup/fingerprint.h"

#include <algorithm>
#include <bit>

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

namespace copydesk::dedup {
namespace {

constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The 128 hash functions h(x) = (a * x + b) >> 32 (multiply-add-shift, a odd): fixed
// constants, so signatures are comparable across runs, machines and releases.
struct Permutations {
  std::array<uint64_t, kPermutations> a{};
  std::array<uint64_t, kPermutations> b{};
};

constexpr Permutations MakePermutations() {
  Permutations p;
  uint64_t state = 0x636f70796465736bull;  // "copydesk"
  for (size_t i = 0; i < kPermutations; ++i) {
    p.a[i] = SplitMix64(state) | 1;
    p.b[i] = SplitMix64(state);
  }
  return p;
}

constexpr Permutations kPermutationConstants = MakePermutations();

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

// One shingle: an order-sensitive combination of consecutive word hashes.
uint64_t ShingleHash(const uint64_t* words, size_t count) {
  uint64_t h = 0;
  for (size_t i = 0; i < count; ++i) h = std::rotl(h, 23) ^ (words[i] * 0x9e3779b97f4a7c15ull);
  return Mix(h);
}

// The MinHash update over every shingle, written to vectorise over the 128 functions. It is
// compiled twice: for AVX-512 (eight 64-bit multiplies an instruction) and for the x86-64
// baseline, which must emulate them; the CPU decides which runs.
[[gnu::always_inline]] inline void UpdateSignatureBody(std::span<const uint64_t> shingles,
                                                       Signature& signature) {
  const auto& [a, b] = kPermutationConstants;
  for (uint64_t shingle : shingles) {
    for (size_t i = 0; i < kPermutations; ++i) {
      const auto value = static_cast<uint32_t>((a[i] * shingle + b[i]) >> 32);
      signature[i] = std::min(signature[i], value);
    }
  }
}

[[gnu::target("avx512f,avx512dq,avx512vl")]] void UpdateSignatureAvx512(
    std::span<const uint64_t> shingles, Signature& signature) {
  UpdateSignatureBody(shingles, signature);
}

void UpdateSignatureBaseline(std::span<const uint64_t> shingles, Signature& signature) {
  UpdateSignatureBody(shingles, signature);
}

using UpdateSignatureFn = void (*)(std::span<const uint64_t>, Signature&);
const UpdateSignatureFn UpdateSignature = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")
             ? &UpdateSignatureAvx512
             : &UpdateSignatureBaseline;
}();

bool IsWordCodePoint(UChar32 c) {
  // Letters and digits of every script, and the combining marks that are part of words in
  // Arabic, Devanagari and the like.
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

}  // namespace

void Fingerprinter::AddWords(std::string_view text) {
  auto flush = [&] {
    if (word_.empty()) return;
    words_.push_back(XXH3_64bits(word_.data(), word_.size()));
    word_.clear();
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const uint8_t c = bytes[i];
    if (c < 0x80) {
      ++i;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word_.push_back(static_cast<char>(c));
      } else if (c >= 'A' && c <= 'Z') {
        word_.push_back(static_cast<char>(c | 0x20));
      } else {
        flush();
      }
      continue;
    }
    UChar32 code_point = 0;
    U8_NEXT(bytes, i, length, code_point);
    if (code_point < 0 || !IsWordCodePoint(code_point)) {
      flush();
      continue;
    }
    code_point = u_tolower(code_point);
    char encoded[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(encoded, n, code_point);
    word_.append(encoded, static_cast<size_t>(n));
  }
  flush();
}

void Fingerprinter::Compute(std::string_view headline, std::span<const std::string> paragraphs,
                            size_t skip_bytes, Fingerprint& out) {
  words_.clear();
  AddWords(headline);
  const size_t headline_words = words_.size();
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    std::string_view paragraph = paragraphs[i];
    if (i == 0) paragraph.remove_prefix(std::min(skip_bytes, paragraph.size()));
    AddWords(paragraph);
  }
  const uint64_t* body = words_.data() + headline_words;
  const size_t body_words = words_.size() - headline_words;
  out.words = static_cast<uint32_t>(body_words);
  out.body_hash = XXH3_64bits(body, body_words * sizeof(uint64_t));
  out.version_hash =
      XXH3_64bits_withSeed(words_.data(), words_.size() * sizeof(uint64_t), headline_words);
  out.minhash.fill(UINT32_MAX);
  shingles_.clear();
  if (body_words > 0 && body_words < kShingleWords)
    shingles_.push_back(ShingleHash(body, body_words));
  for (size_t i = 0; i + kShingleWords <= body_words; ++i) {
    shingles_.push_back(ShingleHash(body + i, kShingleWords));
  }
  UpdateSignature(shingles_, out.minhash);
  out.bands = ComputeBands(out.minhash);
}

BandKeys ComputeBands(const Signature& signature) {
  BandKeys keys;
  for (size_t band = 0; band < kBands; ++band) {
    const uint64_t h = XXH3_64bits_withSeed(&signature[band * kRowsPerBand],
                                            kRowsPerBand * sizeof(uint32_t), band);
    keys[band] = static_cast<uint32_t>(h ^ (h >> 32));
  }
  return keys;
}

double EstimatedJaccard(const Signature& a, const Signature& b) {
  size_t same = 0;
  for (size_t i = 0; i < kPermutations; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kPermutations;
}

CompactSignature Compact(const Signature& signature) {
  CompactSignature compact;
  for (size_t i = 0; i < kPermutations; ++i) compact[i] = static_cast<uint16_t>(signature[i]);
  return compact;
}

double EstimatedJaccard(const CompactSignature& a, const CompactSignature& b) {
  size_t same = 0;
  for (size_t i = 0; i < kPermutations; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kPermutations;
}

}  // namespace copydesk::dedup
