#include "copydesk/core/json_writer.h"

#include <gtest/gtest.h>

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
