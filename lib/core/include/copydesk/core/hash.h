// Stable 64-bit hashing for ids: the same bytes give the same id on every run and machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk {

uint64_t StableHash64(std::string_view bytes);

// 16 lowercase hex digits.
std::string Hex64(uint64_t value);

}  // namespace copydesk
