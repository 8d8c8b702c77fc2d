#include "copydesk/core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace copydesk {
namespace {

// RFC 4648, section 10.
TEST(Base64, Rfc4648TestVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded) << plain;
    const auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  // Every length modulo 3 (no padding, one and two padding characters).
  for (size_t trim = 0; trim < 3; ++trim) {
    const std::string bytes = all.substr(trim);
    const std::string encoded = Base64Encode(bytes);
    EXPECT_EQ(encoded.size() % 4, 0u);
    EXPECT_EQ(encoded.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
              std::string::npos);
    const auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(Base64, UsesPlusAndSlash) {
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(Base64Decode("+/8="), std::string("\xfb\xff"));
}

TEST(Base64Decode, RejectsLengthNotMultipleOfFour) {
  EXPECT_FALSE(Base64Decode("Zg").has_value());
  EXPECT_FALSE(Base64Decode("Zm9").has_value());
  EXPECT_FALSE(Base64Decode("Zm9vY").has_value());
}

TEST(Base64Decode, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(Base64Decode("Zm9*").has_value());
  EXPECT_FALSE(Base64Decode("Zm9 ").has_value());
  EXPECT_FALSE(Base64Decode("Zm-_").has_value());  // base64url is not accepted
  EXPECT_FALSE(Base64Decode(std::string("Zm\0v", 4)).has_value());
  EXPECT_FALSE(Base64Decode("Zm9\xff").has_value());
}

TEST(Base64Decode, RejectsMisplacedPadding) {
  EXPECT_FALSE(Base64Decode("=Zm9").has_value());
  EXPECT_FALSE(Base64Decode("Z===").has_value());
  EXPECT_FALSE(Base64Decode("Zg=v").has_value());      // data after padding
  EXPECT_FALSE(Base64Decode("Zg==Zm9v").has_value());  // padding before the last quantum
  EXPECT_FALSE(Base64Decode("====").has_value());
}

}  // namespace
}  // namespace copydesk
