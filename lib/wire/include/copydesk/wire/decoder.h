// Decode stage: untrusted bytes -> RawItem, or a Rejection that says why not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "copydesk/wire/raw_item.h"

namespace copydesk::wire {

// Limits checked before work is spent on a record. Defaults are the documented ones.
struct DecodeLimits {
  uint64_t max_item_bytes = 1 << 20;     // a larger record is rejected unread
  uint32_t max_depth = 32;               // JSON nesting levels
  uint64_t max_field_bytes = 512 << 10;  // any one string field
};

enum class RejectReason : uint8_t {
  kNotJson,
  kNotObject,
  kInvalidUtf8,
  kTooLarge,
  kTooDeep,
  kMissingBody,
  kWrongType,
  kEmpty,
};
inline constexpr int kRejectReasonCount = 8;
std::string_view RejectReasonCode(RejectReason reason);  // "not_json", "too_deep", ...

struct Rejection {
  RejectReason reason = RejectReason::kNotJson;
  std::string detail;  // names the field or byte offset
};

// Validates the whole document (simdjson's DOM parser: structure, UTF-8, depth) and maps it.
// Not thread-safe: use one Decoder per thread. It reuses its parser and padded buffer, so
// steady-state decoding does not allocate beyond the RawItem's own strings.
class Decoder {
 public:
  explicit Decoder(DecodeLimits limits);

  // On success fills `item` (cleared first) and returns nullopt.
  [[nodiscard]] std::optional<Rejection> Decode(std::string_view bytes, RawItem& item);

  // For a record the reader refused to buffer because it exceeds the limit.
  Rejection TooLarge(uint64_t size) const;

  const DecodeLimits& limits() const { return limits_; }

 private:
  Rejection Explain(simdjson::error_code error, std::string_view bytes) const;

  DecodeLimits limits_;
  simdjson::dom::parser parser_;
  std::vector<char> padded_;  // input copy with simdjson's padding; Kafka payloads have none
};

// The simdjson copydesk was built with ("3.0.1").
std::string ParserVersion();

}  // namespace copydesk::wire
