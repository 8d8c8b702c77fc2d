#include "copydesk/core/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>

#include <limits>
#include <string>

namespace copydesk {
namespace {

TEST(JsonWriter, PlacesCommasAndColons) {
  std::string out;
  JsonWriter w(out);
  w.StartObject();
  w.Member("a", "x");
  w.Key("b");
  w.StartArray();
  w.Int(-1);
  w.Uint(2);
  w.Bool(true);
  w.Null();
  w.StartObject();
  w.EndObject();
  w.EndArray();
  w.MemberIfSet("empty", "");
  w.MemberIfSet("c", "y");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":"x","b":[-1,2,true,null,{}],"c":"y"})");
}

TEST(JsonWriter, DoublesRoundTripAndNonFiniteBecomesNull) {
  std::string out;
  JsonWriter w(out);
  w.StartArray();
  w.Double(0.5);
  w.Double(0.1);
  w.Double(std::numeric_limits<double>::infinity());
  w.Double(std::numeric_limits<double>::quiet_NaN());
  w.EndArray();
  EXPECT_EQ(out, "[0.5,0.1,null,null]");
}

TEST(AppendJsonString, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  AppendJsonString(out, std::string("a\"b\\c\n\r\t\b\f\x01\x1f\0z", 14));
  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001\u001f\u0000z")");
}

TEST(AppendJsonString, KeepsUtf8AndSlashAsIs) {
  std::string out;
  AppendJsonString(out, "Téhéran / 東京");
  EXPECT_EQ(out, "\"Téhéran / 東京\"");
}

}  // namespace
}  // namespace copydesk

namespace copydesk {
namespace {

// The escaper skips eight bytes at a time; compare it with the plain byte-by-byte rule on
// strings where the byte needing an escape sits at every offset.
std::string EscapeOneByOne(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

TEST(AppendJsonString, MatchesTheByteByByteRuleAtEveryOffset) {
  for (int special : {0x00, 0x01, 0x1f, 0x22, 0x5c, 0x0a, 0x20, 0x7f, 0x80, 0xe9, 0xff}) {
    for (size_t length = 0; length <= 24; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string value(length, 'a');
        value[at] = static_cast<char>(special);
        std::string out;
        AppendJsonString(out, value);
        ASSERT_EQ(out, EscapeOneByOne(value)) << "byte " << special << " at " << at << " of " << length;
      }
    }
  }
}

}  // namespace
}  // namespace copydesk
