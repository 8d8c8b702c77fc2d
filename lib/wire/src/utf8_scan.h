// Locates the first invalid UTF-8 sequence, for error messages (the fast check is simdjson's).
#pragma once

#include <cstddef>
#include <string_view>

namespace copydesk::wire {

// Byte offset of the first byte that does not start a valid UTF-8 sequence, or bytes.size().
size_t FirstInvalidUtf8(std::string_view bytes);

}  // namespace copydesk::wire
