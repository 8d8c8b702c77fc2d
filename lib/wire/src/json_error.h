// Finds where a JSON document goes wrong, for rejection details: simdjson says what failed
// but not where. Runs only on records that simdjson already rejected.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace copydesk::wire {

struct JsonSyntaxError {
  size_t offset = 0;
  std::string message;
  bool lone_surrogate = false;  // a \uD800-\uDFFF escape without its pair
};

// The first syntax error in `bytes` (RFC 8259), or nullopt when the text is well-formed JSON.
// Iterative: its cost is linear in the input and its stack does not grow with nesting.
std::optional<JsonSyntaxError> LocateJsonError(std::string_view bytes);

}  // namespace copydesk::wire
