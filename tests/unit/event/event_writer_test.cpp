// EventWriter: one-line JSON events that parse back with the contract fields.
#include "copydesk/event/event.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "../common/test_support.h"
#include "copydesk/core/base64.h"

namespace copydesk::event {
namespace {

// Parses `json` (copied: the parser needs its own padded buffer) and returns the root object.
class Parsed {
 public:
  explicit Parsed(std::string_view json) : text_(json) {
    auto error = parser_.parse(text_).get(root_);
    EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error) << "\n" << json;
  }
  simdjson::simdjson_result<simdjson::dom::element> at(std::string_view pointer) const {
    return root_.at_pointer(pointer);
  }
  bool Has(std::string_view pointer) const {
    return root_.at_pointer(pointer).error() == simdjson::SUCCESS;
  }
  std::string String(std::string_view pointer) const {
    std::string_view s;
    EXPECT_EQ(root_.at_pointer(pointer).get(s), simdjson::SUCCESS) << pointer;
    return std::string(s);
  }
  int64_t Int(std::string_view pointer) const {
    int64_t i = -999;
    EXPECT_EQ(root_.at_pointer(pointer).get(i), simdjson::SUCCESS) << pointer;
    return i;
  }

 private:
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

Event Article() {
  Event event;
  event.type = EventType::kArticle;
  event.id = "4d1369d948e2e96b";
  event.story_id = "4d1369d948e2e96b";
  event.item.uri = "http://www.businesswire.com/news/home/20130605006126/zh";
  event.item.version = "1";
  event.item.versioncreated = "2013-06-05T21:00:00Z";
  event.item.language = "zh";
  event.item.headline = "Cambrios被Gartner評選為「最酷供應商」";
  event.item.body = "<p>text</p>";
  event.item.body_contenttype = "text/html";
  event.item.by = "Business Wire";
  event.item.urgency = 4;
  event.item.infosources.push_back({"radiohc.cu", "publisher", ""});
  event.origin.line = 1;
  return event;
}

TEST(EventWriter, ArticleHasTheContractFields) {
  EventWriter writer;
  const std::string json(writer.Write(Article()));
  EXPECT_EQ(json.find('\n'), std::string::npos) << "an event must fit on one line";
  const Parsed p(json);
  EXPECT_EQ(p.String("/type"), "article");
  EXPECT_EQ(p.String("/id"), "4d1369d948e2e96b");
  EXPECT_EQ(p.String("/story/id"), "4d1369d948e2e96b");
  EXPECT_EQ(p.Int("/story/size"), 1);
  EXPECT_EQ(p.String("/dedup/status"), "new");
  EXPECT_FALSE(p.Has("/dedup/of"));
  EXPECT_EQ(p.String("/item/uri"), "http://www.businesswire.com/news/home/20130605006126/zh");
  EXPECT_EQ(p.String("/item/type"), "text");
  EXPECT_EQ(p.String("/item/version"), "1");
  EXPECT_EQ(p.String("/item/versioncreated"), "2013-06-05T21:00:00Z");
  EXPECT_EQ(p.String("/item/language"), "zh");
  EXPECT_EQ(p.String("/item/headlines/0/role"), "main");
  EXPECT_EQ(p.String("/item/headlines/0/value"), "Cambrios被Gartner評選為「最酷供應商」");
  EXPECT_EQ(p.String("/item/bodies/0/role"), "main");
  EXPECT_EQ(p.String("/item/bodies/0/contenttype"), "text/html");
  EXPECT_EQ(p.String("/item/bodies/0/value"), "<p>text</p>");
  EXPECT_EQ(p.String("/item/by"), "Business Wire");
  EXPECT_EQ(p.Int("/item/urgency"), 4);
  EXPECT_EQ(p.String("/item/infosources/0/name"), "radiohc.cu");
  EXPECT_EQ(p.String("/item/infosources/0/role"), "publisher");
  EXPECT_FALSE(p.Has("/item/infosources/0/uri"));
  EXPECT_EQ(p.Int("/origin/line"), 1);
  EXPECT_FALSE(p.Has("/rejection"));
}

TEST(EventWriter, DuplicateCarriesOfAndSimilarity) {
  Event event = Article();
  event.type = EventType::kDuplicate;
  event.dedup_status = DedupStatus::kNear;
  event.dedup_of = "0123456789abcdef";
  event.similarity = 0.875;
  event.story_size = 3;
  EventWriter writer;
  const Parsed p(writer.Write(event));
  EXPECT_EQ(p.String("/type"), "duplicate");
  EXPECT_EQ(p.String("/dedup/status"), "near");
  EXPECT_EQ(p.String("/dedup/of"), "0123456789abcdef");
  double similarity = 0;
  ASSERT_EQ(p.at("/dedup/similarity").get(similarity), simdjson::SUCCESS);
  EXPECT_DOUBLE_EQ(similarity, 0.875);
  EXPECT_EQ(p.Int("/story/size"), 3);
}

TEST(EventWriter, EmptyOptionalFieldsAreOmitted) {
  Event event;
  event.id = "00000000000000aa";
  event.story_id = event.id;
  event.item.type = "text";
  event.item.body = "only a body";
  event.origin.line = 7;
  EventWriter writer;
  const std::string json(writer.Write(event));
  const Parsed p(json);
  for (const char* absent :
       {"/item/uri", "/item/version", "/item/versioncreated", "/item/firstcreated",
        "/item/language", "/item/headlines", "/item/by", "/item/located", "/item/slugline",
        "/item/pubstatus", "/item/urgency", "/item/copyrightholder", "/item/copyrightnotice",
        "/item/infosources", "/item/bodies/0/contenttype"}) {
    EXPECT_FALSE(p.Has(absent)) << absent << " in " << json;
  }
  EXPECT_EQ(p.String("/item/bodies/0/value"), "only a body");
  EXPECT_EQ(p.Int("/origin/line"), 7);
  EXPECT_EQ(json.find("\"\""), std::string::npos) << "no empty string may be written: " << json;
}

TEST(EventWriter, KafkaOrigin) {
  Event event = Article();
  event.origin = {};
  event.origin.topic = "wire.raw";
  event.origin.partition = 3;
  event.origin.offset = 123456789012;
  EventWriter writer;
  const Parsed p(writer.Write(event));
  EXPECT_EQ(p.String("/origin/topic"), "wire.raw");
  EXPECT_EQ(p.Int("/origin/partition"), 3);
  EXPECT_EQ(p.Int("/origin/offset"), 123456789012);
  EXPECT_FALSE(p.Has("/origin/line"));
}

Event Rejected(std::string_view raw) {
  Event event;
  event.type = EventType::kRejected;
  event.id = "ffffffffffffffff";
  event.rejection.reason = "not_json";
  event.rejection.detail = "NUL byte at byte 3";
  event.rejection.stage = "decode";
  event.rejection.raw = raw;
  event.origin.line = 12;
  return event;
}

TEST(EventWriter, RejectedHasNoItemButTheRejection) {
  const std::string raw = "{\"a\"";
  EventWriter writer;
  const std::string json(writer.Write(Rejected(raw)));
  const Parsed p(json);
  EXPECT_EQ(p.String("/type"), "rejected");
  EXPECT_EQ(p.String("/id"), "ffffffffffffffff");
  EXPECT_FALSE(p.Has("/item"));
  EXPECT_FALSE(p.Has("/story"));
  EXPECT_FALSE(p.Has("/dedup"));
  EXPECT_EQ(p.String("/rejection/reason"), "not_json");
  EXPECT_EQ(p.String("/rejection/detail"), "NUL byte at byte 3");
  EXPECT_EQ(p.String("/rejection/stage"), "decode");
  EXPECT_EQ(p.Int("/origin/line"), 12);
  EXPECT_EQ(Base64Decode(p.String("/rejection/raw_base64")), raw);
}

TEST(EventWriter, RawBase64KeepsNulAndInvalidUtf8Bytes) {
  static const char kRaw[] = "{\"title\":\"caf\xE9\",\"x\":\"a\0b\xFF\xC0\"}\r";
  const std::string raw(kRaw, sizeof kRaw - 1);
  ASSERT_NE(raw.find('\0'), std::string::npos);
  EventWriter writer;
  const std::string json(writer.Write(Rejected(raw)));
  const Parsed p(json);  // the event itself stays valid UTF-8 JSON
  const auto decoded = Base64Decode(p.String("/rejection/raw_base64"));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, raw);
}

TEST(EventWriter, RawBase64OfEveryByteValue) {
  std::string raw;
  for (int i = 0; i < 256; ++i) raw.push_back(static_cast<char>(i));
  EventWriter writer;
  const Parsed p(writer.Write(Rejected(raw)));
  EXPECT_EQ(Base64Decode(p.String("/rejection/raw_base64")), raw);
}

TEST(EventWriter, RejectedWithoutRawBytesOmitsRawBase64) {
  Event event = Rejected("");
  event.rejection.reason = "too_large";
  event.rejection.detail = "";
  EventWriter writer;
  const Parsed p(writer.Write(event));
  EXPECT_EQ(p.String("/rejection/reason"), "too_large");
  EXPECT_FALSE(p.Has("/rejection/raw_base64"));
  EXPECT_FALSE(p.Has("/rejection/detail"));
}

TEST(EventWriter, EscapesQuotesBackslashesAndControlCharacters) {
  Event event = Article();
  event.item.headline = "He said \"no\" \\ then\nleft\t\x01\x1f";
  event.item.body = std::string("line1\r\nline2\0end", 16);
  event.item.by = "</script>";
  EventWriter writer;
  const std::string json(writer.Write(event));
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(json.find('\r'), std::string::npos);
  EXPECT_EQ(json.find('\0'), std::string::npos);
  EXPECT_CONTAINS(json, R"(He said \"no\" \\ then\nleft\t\u0001\u001f)");
  const Parsed p(json);
  EXPECT_EQ(p.String("/item/headlines/0/value"), event.item.headline);
  EXPECT_EQ(p.String("/item/bodies/0/value"), event.item.body);
  EXPECT_EQ(p.String("/item/by"), "</script>");
}

TEST(EventWriter, EscapesRejectionDetail) {
  Event event = Rejected("x");
  event.rejection.detail = "unexpected data, found '\"' at byte 3";
  EventWriter writer;
  const Parsed p(writer.Write(event));
  EXPECT_EQ(p.String("/rejection/detail"), event.rejection.detail);
}

TEST(EventWriter, ReusedWriterStartsEachEventAfresh) {
  EventWriter writer;
  const std::string first(writer.Write(Rejected("raw")));
  const std::string second(writer.Write(Article()));
  const std::string third(writer.Write(Rejected("raw")));
  EXPECT_EQ(first, third);
  const Parsed p(second);
  EXPECT_EQ(p.String("/type"), "article");
  EXPECT_FALSE(p.Has("/rejection"));
}

TEST(EventNames, TypesAndDedupStatuses) {
  EXPECT_EQ(EventTypeName(EventType::kArticle), "article");
  EXPECT_EQ(EventTypeName(EventType::kUpdate), "update");
  EXPECT_EQ(EventTypeName(EventType::kDuplicate), "duplicate");
  EXPECT_EQ(EventTypeName(EventType::kRejected), "rejected");
  EXPECT_EQ(DedupStatusName(DedupStatus::kNew), "new");
  EXPECT_EQ(DedupStatusName(DedupStatus::kUpdate), "update");
  EXPECT_EQ(DedupStatusName(DedupStatus::kUrl), "url");
  EXPECT_EQ(DedupStatusName(DedupStatus::kExact), "exact");
  EXPECT_EQ(DedupStatusName(DedupStatus::kNear), "near");
}

}  // namespace
}  // namespace copydesk::event
