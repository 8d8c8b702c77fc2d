// Every reject reason of the Decoder, with the detail that names the field or byte offset.
#include "copydesk/wire/decoder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "../common/test_support.h"
#include "decode_support.h"

namespace copydesk::wire {
namespace {

std::string At(size_t offset) {
  return " at byte " + std::to_string(offset);
}

// `levels` nested non-empty objects; the outermost carries a body, so only depth can fail.
std::string NestedObjects(int levels) {
  std::string json = R"({"content":"x")";
  for (int i = 1; i < levels; ++i) json += R"(,"a":{"b":1)";
  for (int i = 1; i < levels; ++i) json += "}";
  return json + "}";
}

// `levels` nested non-empty arrays inside the body-carrying root object (levels counts the root).
std::string NestedArrays(int levels) {
  return R"({"content":"x","a":)" + std::string(levels - 1, '[') + "1" +
         std::string(levels - 1, ']') + "}";
}

TEST(DecodeLimits, DocumentedDefaults) {
  const DecodeLimits limits;
  EXPECT_EQ(limits.max_item_bytes, 1u << 20);
  EXPECT_EQ(limits.max_depth, 32u);
  EXPECT_EQ(limits.max_field_bytes, 512u << 10);
}

TEST(RejectReasonCode, StableCodes) {
  EXPECT_EQ(RejectReasonCode(RejectReason::kNotJson), "not_json");
  EXPECT_EQ(RejectReasonCode(RejectReason::kNotObject), "not_object");
  EXPECT_EQ(RejectReasonCode(RejectReason::kInvalidUtf8), "invalid_utf8");
  EXPECT_EQ(RejectReasonCode(RejectReason::kTooLarge), "too_large");
  EXPECT_EQ(RejectReasonCode(RejectReason::kTooDeep), "too_deep");
  EXPECT_EQ(RejectReasonCode(RejectReason::kMissingBody), "missing_body");
  EXPECT_EQ(RejectReasonCode(RejectReason::kWrongType), "wrong_type");
  EXPECT_EQ(RejectReasonCode(RejectReason::kEmpty), "empty");
  EXPECT_EQ(kRejectReasonCount, 8);
}

TEST(Decoder, AcceptsAMinimalRecord) {
  const Decoded d =
      Decode(R"({"url":"https://example.com/a","title":"Hi","content":"<p>Text</p>"})");
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_EQ(d.item.url, "https://example.com/a");
  EXPECT_EQ(d.item.headline, "Hi");
  EXPECT_EQ(d.item.body, "<p>Text</p>");
}

// ---- not_json -----------------------------------------------------------------------------

TEST(NotJson, TruncatedInsideAString) {
  const std::string json = R"({"title":"a","content":"cut off here)";
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "unterminated string" + At(json.rfind('"')));
}

TEST(NotJson, TruncatedAfterAMember) {
  const Decoded d = Decode(R"({"content":"x",)");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_CONTAINS(d.detail(), "end of input");
  EXPECT_CONTAINS(d.detail(), At(15));
}

TEST(NotJson, TruncatedObject) {
  const Decoded d = Decode(R"({"content":"x")");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "unexpected end of input inside a container" + At(14));
}

TEST(NotJson, TrailingGarbage) {
  const Decoded d = Decode(R"({"content":"x"} x)");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "unexpected data after the document, found 'x'" + At(16));
}

TEST(NotJson, TwoDocumentsOnOneLine) {
  const Decoded d = Decode(R"({"content":"x"}{"content":"y"})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_CONTAINS(d.detail(), At(15));
}

TEST(NotJson, RawNulByteInAString) {
  const std::string json("{\"content\":\"a\0b\"}", 17);
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_CONTAINS(d.detail(), "NUL");
  EXPECT_CONTAINS(d.detail(), At(13));
}

TEST(NotJson, RawNulByteAfterTheDocument) {
  const std::string json("{\"content\":\"x\"}\0", 16);
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_CONTAINS(d.detail(), "NUL");
  EXPECT_CONTAINS(d.detail(), At(15));
}

TEST(NotJson, RawControlCharacterInAString) {
  const Decoded d = Decode("{\"content\":\"a\tb\"}");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "unescaped control character 0x09 in a string" + At(13));
}

TEST(NotJson, BadEscape) {
  const Decoded d = Decode(R"({"content":"a\qb"})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "invalid escape in a string" + At(13));
}

TEST(NotJson, BadLiteralAndMissingColon) {
  Decoded d = Decode(R"({"content":"x","flag":tru})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "expected a value, found 't'" + At(22));
  d = Decode(R"({"content" "x"})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "expected ':' after the member name, found '\"'" + At(11));
}

TEST(NotJson, SingleQuotedKey) {
  const Decoded d = Decode(R"({'content':'x'})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_EQ(d.detail(), "expected a member name in double quotes, found '''" + At(1));
}

TEST(NotJson, UnrepresentableNumberDetailGivesTheByteOffset) {
  const Decoded d = Decode(R"({"content":"x","n":1e999})");
  EXPECT_EQ(d.reason(), "not_json");
  EXPECT_CONTAINS(d.detail(), At(19));
}

// ---- not_object ---------------------------------------------------------------------------

TEST(NotObject, ArrayStringNumberAndLiterals) {
  const std::map<std::string, std::string> cases{
      {"[1,2,3]", "array"}, {R"("just a string")", "string"},
      {"42", "number"},     {"-1.5", "number"},
      {"true", "boolean"},  {"null", "null"},
  };
  for (const auto& [json, type] : cases) {
    const Decoded d = Decode(json);
    EXPECT_EQ(d.reason(), "not_object") << json;
    EXPECT_EQ(d.detail(), "the record is a JSON " + type + ", not an object") << json;
  }
}

// ---- invalid_utf8 -------------------------------------------------------------------------

TEST(InvalidUtf8, Latin1ByteInAStringGivesItsOffset) {
  const std::string json = "{\"title\":\"caf\xE9\",\"content\":\"x\"}";
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "invalid_utf8");
  EXPECT_EQ(d.detail(), "invalid UTF-8" + At(13));
  EXPECT_EQ(json.find('\xE9'), 13u);
}

TEST(InvalidUtf8, OverlongAndTruncatedSequences) {
  // C0 AF is an overlong '/'; E2 82 without its last byte is cut short.
  for (const std::string bad :
       {"\xC0\xAF", "\xE2\x82", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
    const std::string json = "{\"content\":\"ok " + bad + " end\"}";
    const Decoded d = Decode(json);
    EXPECT_EQ(d.reason(), "invalid_utf8") << json;
    EXPECT_EQ(d.detail(), "invalid UTF-8" + At(15)) << json;
  }
}

TEST(InvalidUtf8, ValidMultibyteTextIsAccepted) {
  const Decoded d = Decode(R"({"title":"Téhéran — 東京 😀","content":"x"})");
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_EQ(d.item.headline, "Téhéran — 東京 😀");
}

TEST(InvalidUtf8, LoneHighSurrogateEscape) {
  const std::string json = R"({"title":"a \ud800 b","content":"x"})";
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "invalid_utf8");
  EXPECT_EQ(d.detail(), "lone UTF-16 surrogate escape" + At(json.find('\\')));
}

TEST(InvalidUtf8, LoneLowSurrogateEscape) {
  const std::string json = R"({"title":"a \udc00 b","content":"x"})";
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "invalid_utf8");
  EXPECT_EQ(d.detail(), "lone UTF-16 surrogate escape" + At(json.find('\\')));
}

TEST(InvalidUtf8, HighSurrogateFollowedByANonSurrogate) {
  const std::string json = R"({"title":"\ud800\u0041","content":"x"})";
  const Decoded d = Decode(json);
  EXPECT_EQ(d.reason(), "invalid_utf8");
  EXPECT_CONTAINS(d.detail(), "lone UTF-16 surrogate escape");
}

TEST(InvalidUtf8, SurrogatePairIsAccepted) {
  const Decoded d = Decode(R"({"title":"\ud83d\ude00","content":"x"})");
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_EQ(d.item.headline, "\xF0\x9F\x98\x80");
}

// ---- too_large ----------------------------------------------------------------------------

TEST(TooLarge, RecordOverMaxItemBytes) {
  DecodeLimits limits;
  limits.max_item_bytes = 1024;
  const std::string json = R"({"content":")" + std::string(1024 - 14 + 1, 'x') + R"("})";
  ASSERT_EQ(json.size(), 1025u);
  const Decoded d = DecodeWith(json, limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_EQ(d.detail(), "the record is 1025 bytes, over limits.max_item_bytes = 1024");
}

TEST(TooLarge, RecordExactlyAtMaxItemBytesIsAccepted) {
  DecodeLimits limits;
  limits.max_item_bytes = 1024;
  const std::string json = R"({"content":")" + std::string(1024 - 14, 'x') + R"("})";
  ASSERT_EQ(json.size(), 1024u);
  EXPECT_TRUE(DecodeWith(json, limits).ok());
}

TEST(TooLarge, SizeIsCheckedBeforeParsing) {
  DecodeLimits limits;
  limits.max_item_bytes = 1024;
  EXPECT_EQ(DecodeWith(std::string(4096, '{'), limits).reason(), "too_large");
  EXPECT_EQ(DecodeWith(std::string(4096, ' '), limits).reason(), "too_large");
}

TEST(TooLarge, DecoderTooLargeDetail) {
  DecodeLimits limits;
  limits.max_item_bytes = 2048;
  const Decoder decoder(limits);
  const Rejection r = decoder.TooLarge(3 << 20);
  EXPECT_EQ(r.reason, RejectReason::kTooLarge);
  EXPECT_EQ(r.detail, "the record is 3145728 bytes, over limits.max_item_bytes = 2048");
}

TEST(TooLarge, FieldOverMaxFieldBytesNamesTheField) {
  DecodeLimits limits;
  limits.max_field_bytes = 16;
  Decoded d = DecodeWith(R"({"title":"12345678901234567","content":"x"})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_EQ(d.detail(), "field 'title' is 17 bytes, over limits.max_field_bytes = 16");

  d = DecodeWith(R"({"title":"t","body":"12345678901234567"})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_EQ(d.detail(), "field 'body' is 17 bytes, over limits.max_field_bytes = 16");

  d = DecodeWith(R"({"link":"https://example.com/long","content":"x"})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_CONTAINS(d.detail(), "field 'link'");
}

TEST(TooLarge, NinjsFieldOverMaxFieldBytesNamesTheField) {
  DecodeLimits limits;
  limits.max_field_bytes = 16;
  Decoded d = DecodeWith(
      R"({"headlines":[{"value":"a much too long headline"}],"bodies":[{"value":"b"}]})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_CONTAINS(d.detail(), "field 'headlines'");
  d = DecodeWith(R"({"bodies":[{"value":"a much too long body text"}]})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_CONTAINS(d.detail(), "field 'bodies'");
  d = DecodeWith(R"({"body_text":"b","headline":"a much too long headline"})", limits);
  EXPECT_EQ(d.reason(), "too_large");
  EXPECT_CONTAINS(d.detail(), "field 'headline'");
}

TEST(TooLarge, FieldExactlyAtMaxFieldBytesIsAccepted) {
  DecodeLimits limits;
  limits.max_field_bytes = 16;
  const Decoded d = DecodeWith(R"({"title":"1234567890123456","content":"x"})", limits);
  ASSERT_TRUE(d.ok()) << d.detail();
  EXPECT_EQ(d.item.headline, "1234567890123456");
}

// ---- too_deep -----------------------------------------------------------------------------

TEST(TooDeep, NestingBeyondTheDefaultLimit) {
  const Decoded d = Decode(NestedObjects(33));
  EXPECT_EQ(d.reason(), "too_deep");
  EXPECT_EQ(d.detail(), "JSON nested deeper than limits.max_depth = 32");
  EXPECT_EQ(Decode(NestedArrays(40)).reason(), "too_deep");
}

TEST(TooDeep, NestingBeyondACustomLimit) {
  DecodeLimits limits;
  limits.max_depth = 4;
  const Decoded d = DecodeWith(NestedObjects(5), limits);
  EXPECT_EQ(d.reason(), "too_deep");
  EXPECT_EQ(d.detail(), "JSON nested deeper than limits.max_depth = 4");
  EXPECT_EQ(DecodeWith(NestedArrays(5), limits).reason(), "too_deep");
}

TEST(TooDeep, NestingBelowTheLimitIsAccepted) {
  EXPECT_TRUE(Decode(NestedObjects(31)).ok());
  DecodeLimits limits;
  limits.max_depth = 4;
  EXPECT_TRUE(DecodeWith(NestedObjects(3), limits).ok());
}

TEST(TooDeep, NestingExactlyAtTheLimitIsAccepted) {
  const Decoded at_default = Decode(NestedObjects(32));
  EXPECT_TRUE(at_default.ok()) << "32 levels, max_depth 32: " << Describe(at_default);
  DecodeLimits limits;
  limits.max_depth = 4;
  const Decoded objects = DecodeWith(NestedObjects(4), limits);
  EXPECT_TRUE(objects.ok()) << "4 levels, max_depth 4: " << Describe(objects);
  const Decoded arrays = DecodeWith(NestedArrays(4), limits);
  EXPECT_TRUE(arrays.ok()) << "4 levels, max_depth 4: " << Describe(arrays);
}

// ---- missing_body -------------------------------------------------------------------------

TEST(MissingBody, NoBodyField) {
  const Decoded d = Decode(R"({"url":"https://example.com/a","title":"Only a title"})");
  EXPECT_EQ(d.reason(), "missing_body");
  EXPECT_CONTAINS(d.detail(), "no body");
  for (const char* field : {"content", "body", "text", "html", "markdown", "bodies", "body_text",
                            "body_html", "descriptions"}) {
    EXPECT_CONTAINS(d.detail(), field);
  }
}

TEST(MissingBody, EmptyObject) {
  EXPECT_EQ(Decode("{}").reason(), "missing_body");
}

TEST(MissingBody, BlankBody) {
  for (const char* json : {R"({"title":"t","content":"   "})", R"({"title":"t","content":""})",
                           R"({"title":"t","content":" \t\r\n","html":"\n"})"}) {
    const Decoded d = Decode(json);
    EXPECT_EQ(d.reason(), "missing_body") << json;
  }
  EXPECT_EQ(Decode(R"({"content":"   "})").detail(), "the body is empty or blank");
}

TEST(MissingBody, NinjsWithHeadlinesOnly) {
  EXPECT_EQ(Decode(R"({"headlines":[{"role":"main","value":"H"}]})").reason(), "missing_body");
  EXPECT_EQ(Decode(R"({"headlines":[{"value":"H"}],"bodies":[]})").reason(), "missing_body");
  EXPECT_EQ(Decode(R"({"bodies":[{"value":"  "}]})").detail(), "the body is empty or blank");
}

// ---- wrong_type ---------------------------------------------------------------------------

TEST(WrongType, TitleNumber) {
  const Decoded d = Decode(R"({"title":42,"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'title' must be a string, got number");
}

TEST(WrongType, EveryFoundTypeIsNamed) {
  const std::map<std::string, std::string> cases{
      {R"({"url":true,"content":"x"})", "field 'url' must be a string, got boolean"},
      {R"({"title":["a"],"content":"x"})", "field 'title' must be a string, got array"},
      {R"({"content":{"x":1}})", "field 'content' must be a string, got object"},
      {R"({"published":20260414,"content":"x"})", "field 'published' must be a string, got number"},
      {R"({"uri":5,"bodies":[{"value":"b"}]})", "field 'uri' must be a string, got number"},
  };
  for (const auto& [json, detail] : cases) {
    const Decoded d = Decode(json);
    EXPECT_EQ(d.reason(), "wrong_type") << json;
    EXPECT_EQ(d.detail(), detail) << json;
  }
}

TEST(WrongType, BodiesNotAnArray) {
  Decoded d = Decode(R"({"bodies":{"value":"x"}})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'bodies' must be an array of objects with a 'value', got object");
  d = Decode(R"({"bodies":"text"})");
  EXPECT_EQ(d.detail(), "field 'bodies' must be an array of objects with a 'value', got string");
}

TEST(WrongType, HeadlinesEntryWithoutValue) {
  Decoded d = Decode(R"({"headlines":[{"role":"main"}],"bodies":[{"value":"b"}]})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'headlines[0]' must be an object with a string 'value'");
  d = Decode(R"({"headlines":["plain"],"bodies":[{"value":"b"}]})");
  EXPECT_EQ(d.detail(), "field 'headlines[0]' must be an object with a string 'value'");
}

TEST(WrongType, EntryIndexIsNamed) {
  const Decoded d = Decode(R"({"bodies":[{"value":"ok"},{"value":3}]})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'bodies[1]' must be an object with a string 'value'");
}

TEST(WrongType, FirstProblemIsReported) {
  const Decoded d = Decode(R"({"content":5,"title":6})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'title' must be a string, got number");
}

// ---- empty --------------------------------------------------------------------------------

TEST(Empty, EmptyAndWhitespaceOnly) {
  for (const char* record : {"", " ", "   \t", "\r\n", " \t\r\n "}) {
    const Decoded d = Decode(record);
    EXPECT_EQ(d.reason(), "empty") << "'" << record << "'";
    EXPECT_EQ(d.detail(), "the record is empty");
  }
}

// ---- the fixtures of tests/data/broken ------------------------------------------------------

TEST(BrokenFixtures, EachIsRejectedWithItsReason) {
  const std::map<std::string, std::string> expected{
      {"not_json", "not_json"},          {"array", "not_object"},
      {"scalar", "not_object"},          {"no_body", "missing_body"},
      {"empty_body", "missing_body"},    {"wrong_type_title", "wrong_type"},
      {"wrong_type_body", "wrong_type"}, {"empty_line", "empty"},
      {"whitespace_only", "empty"},      {"invalid_utf8", "invalid_utf8"},
      {"too_deep", "too_deep"},          {"lone_surrogate", "invalid_utf8"},
      {"nul_byte", "not_json"},
  };
  for (const auto& [name, reason] : expected) {
    std::string line = testing_support::ReadFile(COPYDESK_TEST_DATA "/broken/" + name + ".ndjson");
    ASSERT_FALSE(line.empty()) << name;
    ASSERT_EQ(line.back(), '\n') << name;
    line.pop_back();
    const Decoded d = Decode(line);
    EXPECT_EQ(d.reason(), reason) << name << ": " << d.detail();
    EXPECT_FALSE(d.detail().empty()) << name;
  }
}

TEST(BrokenFixtures, DetailsPointAtTheBadByte) {
  std::string line = testing_support::ReadFile(COPYDESK_TEST_DATA "/broken/invalid_utf8.ndjson");
  EXPECT_EQ(Decode(line).detail(), "invalid UTF-8" + At(line.find('\xE9')));

  line = testing_support::ReadFile(COPYDESK_TEST_DATA "/broken/lone_surrogate.ndjson");
  EXPECT_EQ(Decode(line).detail(), "lone UTF-16 surrogate escape" + At(line.find("\\ud800")));

  line = testing_support::ReadFile(COPYDESK_TEST_DATA "/broken/nul_byte.ndjson");
  EXPECT_EQ(Decode(line).detail(), "NUL byte" + At(line.find('\0')));

  line = testing_support::ReadFile(COPYDESK_TEST_DATA "/broken/wrong_type_title.ndjson");
  EXPECT_EQ(Decode(line).detail(), "field 'title' must be a string, got number");
}

}  // namespace
}  // namespace copydesk::wire
