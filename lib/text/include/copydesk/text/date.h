// Dates as wires send them (RFC 3339, RFC 2822 and common variants) -> one instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace copydesk::text {

// Milliseconds since the Unix epoch, UTC.
using UnixMillis = int64_t;

// Accepts RFC 3339 / ISO 8601 ("2026-04-14T09:12:00Z", "+02:00", "+0200", fractions, a space
// for the T, a bare date) and RFC 2822 ("Tue, 14 Apr 2026 09:12:00 GMT", "+0000", US zone
// names). A time without a zone is taken as UTC. Returns nullopt for anything else.
std::optional<UnixMillis> ParseDateTime(std::string_view text);

// "2026-04-14T09:12:00Z", with milliseconds only when they are not zero.
std::string FormatRfc3339Utc(UnixMillis millis);

}  // namespace copydesk::text
