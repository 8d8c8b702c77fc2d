#include "copydesk/event/event.h"

#include "copydesk/core/base64.h"
#include "copydesk/core/json_writer.h"

namespace copydesk::event {
namespace {

// One-element ninjs text array: [{"role": ..., "contenttype": ..., "value": ...}].
void TextArray(JsonWriter& w, std::string_view key, std::string_view role,
               std::string_view contenttype, std::string_view value, uint64_t charcount = 0,
               uint64_t wordcount = 0) {
  if (value.empty()) return;
  w.Key(key);
  w.StartArray();
  w.StartObject();
  w.MemberIfSet("role", role);
  w.MemberIfSet("contenttype", contenttype);
  if (charcount > 0) {
    w.Key("charcount");
    w.Uint(charcount);
    w.Key("wordcount");
    w.Uint(wordcount);
  }
  w.Member("value", value);
  w.EndObject();
  w.EndArray();
}

void WriteAnalysis(JsonWriter& w, const Analysis& analysis) {
  w.StartObject();
  if (!analysis.language_detected.empty() || !analysis.language_declared.empty()) {
    w.Key("language");
    w.StartObject();
    w.MemberIfSet("declared", analysis.language_declared);
    w.MemberIfSet("detected", analysis.language_detected);
    w.Key("reliable");
    w.Bool(analysis.language_reliable);
    w.EndObject();
  }
  if (!analysis.dateline_place.empty()) {
    w.Key("dateline");
    w.StartObject();
    w.Member("place", analysis.dateline_place);
    w.MemberIfSet("agency", analysis.dateline_agency);
    w.MemberIfSet("date", analysis.dateline_date);
    w.EndObject();
  }
  w.MemberIfSet("mojibake", analysis.mojibake);
  w.MemberIfSet("reference", analysis.reference);
  w.EndObject();
}

void Concepts(JsonWriter& w, std::string_view key, const std::vector<Concept>& concepts) {
  if (concepts.empty()) return;
  w.Key(key);
  w.StartArray();
  for (const auto& c : concepts) {
    w.StartObject();
    w.MemberIfSet("name", c.name);
    w.MemberIfSet("rel", c.rel);
    w.MemberIfSet("uri", c.uri);
    w.MemberIfSet("literal", c.literal);
    if (c.relevance >= 0) {
      w.Key("relevance");
      w.Int(c.relevance);
    }
    w.EndObject();
  }
  w.EndArray();
}

void WriteItem(JsonWriter& w, const NinjsItem& item) {
  w.StartObject();
  w.MemberIfSet("uri", item.uri);
  w.MemberIfSet("type", item.type);
  w.MemberIfSet("version", item.version);
  w.MemberIfSet("firstcreated", item.firstcreated);
  w.MemberIfSet("versioncreated", item.versioncreated);
  w.MemberIfSet("pubstatus", item.pubstatus);
  if (item.urgency > 0) {
    w.Key("urgency");
    w.Int(item.urgency);
  }
  w.MemberIfSet("copyrightholder", item.copyrightholder);
  w.MemberIfSet("copyrightnotice", item.copyrightnotice);
  w.MemberIfSet("language", item.language);
  TextArray(w, "headlines", "main", "", item.headline);
  TextArray(w, "bodies", "main", item.body_contenttype, item.body, item.body_charcount,
            item.body_wordcount);
  w.MemberIfSet("by", item.by);
  w.MemberIfSet("slugline", item.slugline);
  w.MemberIfSet("located", item.located);
  if (!item.infosources.empty()) {
    w.Key("infosources");
    w.StartArray();
    for (const auto& source : item.infosources) {
      w.StartObject();
      w.MemberIfSet("name", source.name);
      w.MemberIfSet("role", source.role);
      w.MemberIfSet("uri", source.uri);
      w.EndObject();
    }
    w.EndArray();
  }
  Concepts(w, "people", item.people);
  Concepts(w, "organisations", item.organisations);
  Concepts(w, "places", item.places);
  Concepts(w, "subjects", item.subjects);
  w.EndObject();
}

void WriteOrigin(JsonWriter& w, const Origin& origin) {
  w.StartObject();
  if (origin.line) {
    w.Key("line");
    w.Uint(*origin.line);
  } else {
    w.MemberIfSet("topic", origin.topic);
    w.Key("partition");
    w.Int(origin.partition);
    w.Key("offset");
    w.Int(origin.offset);
  }
  w.EndObject();
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kArticle:
      return "article";
    case EventType::kUpdate:
      return "update";
    case EventType::kDuplicate:
      return "duplicate";
    case EventType::kRejected:
      return "rejected";
  }
  return "article";
}

std::string_view DedupStatusName(DedupStatus status) {
  switch (status) {
    case DedupStatus::kNew:
      return "new";
    case DedupStatus::kUpdate:
      return "update";
    case DedupStatus::kUrl:
      return "url";
    case DedupStatus::kExact:
      return "exact";
    case DedupStatus::kNear:
      return "near";
  }
  return "new";
}

std::string_view EventWriter::Write(const Event& event) {
  buffer_.clear();
  JsonWriter w(buffer_);
  w.StartObject();
  w.Member("type", EventTypeName(event.type));
  w.Member("id", event.id);
  if (event.type == EventType::kRejected) {
    w.Key("origin");
    WriteOrigin(w, event.origin);
    w.Key("rejection");
    w.StartObject();
    w.MemberIfSet("reason", event.rejection.reason);
    w.MemberIfSet("detail", event.rejection.detail);
    w.MemberIfSet("stage", event.rejection.stage);
    // Base64: the bytes may be anything (invalid UTF-8, NUL), and must come back unchanged.
    if (!event.rejection.raw.empty())
      w.MemberIfSet("raw_base64", Base64Encode(event.rejection.raw));
    w.EndObject();
  } else {
    w.Key("story");
    w.StartObject();
    w.Member("id", event.story_id);
    w.Key("size");
    w.Uint(event.story_size);
    w.EndObject();
    w.Key("dedup");
    w.StartObject();
    w.Member("status", DedupStatusName(event.dedup_status));
    if (!event.dedup_of.empty()) {
      w.Member("of", event.dedup_of);
      w.Key("similarity");
      w.Double(event.similarity);
    }
    w.EndObject();
    w.Key("item");
    WriteItem(w, event.item);
    w.Key("analysis");
    WriteAnalysis(w, event.analysis);
    w.Key("origin");
    WriteOrigin(w, event.origin);
  }
  w.EndObject();
  return buffer_;
}

}  // namespace copydesk::event
