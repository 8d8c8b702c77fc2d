#include "copydesk/core/hash.h"

#include <gtest/gtest.h>

#include <string>

namespace copydesk {
namespace {

TEST(Hex64, SixteenLowercaseDigits) {
  EXPECT_EQ(Hex64(0), "0000000000000000");
  EXPECT_EQ(Hex64(1), "0000000000000001");
  EXPECT_EQ(Hex64(0xabcdef), "0000000000abcdef");
  EXPECT_EQ(Hex64(0x0123456789abcdefULL), "0123456789abcdef");
  EXPECT_EQ(Hex64(UINT64_MAX), "ffffffffffffffff");
}

// Ids are persisted and compared across runs and machines, so the function must never change.
// The expected values were computed once with XXH3_64bits (seed 0).
TEST(StableHash64, KnownValues) {
  EXPECT_EQ(StableHash64(""), 0x2d06800538d394c2ULL);
  EXPECT_EQ(StableHash64("copydesk"), 0xed92de4c69542727ULL);
  EXPECT_EQ(Hex64(StableHash64("https://example.com/a")), "139891b52b3701c7");
}

TEST(StableHash64, SameBytesSameHash) {
  const std::string a = "url:https://example.com/a";
  const std::string b = a;  // a different buffer with the same bytes
  EXPECT_EQ(StableHash64(a), StableHash64(b));
}

TEST(StableHash64, DifferentBytesDifferentHash) {
  EXPECT_NE(StableHash64("a"), StableHash64("b"));
  EXPECT_NE(StableHash64("ab"), StableHash64("ba"));
  EXPECT_NE(StableHash64(std::string("a\0b", 3)), StableHash64("a"));
}

}  // namespace
}  // namespace copydesk
