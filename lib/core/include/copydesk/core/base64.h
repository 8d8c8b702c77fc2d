// Base64 (RFC 4648, padded): carries arbitrary bytes (a rejected record) inside JSON strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace copydesk {

std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace copydesk
