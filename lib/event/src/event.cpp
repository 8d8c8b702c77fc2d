#include "copydesk/event/event.h"

#include <rapidjson/writer.h>

#include "copydesk/core/base64.h"

namespace copydesk::event {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void Key(JsonWriter& w, std::string_view key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void String(JsonWriter& w, std::string_view value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void OptionalString(JsonWriter& w, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  Key(w, key);
  String(w, value);
}

// One-element ninjs text array: [{"role": ..., "contenttype": ..., "value": ...}].
void TextArray(JsonWriter& w, std::string_view key, std::string_view role,
               std::string_view contenttype, std::string_view value) {
  if (value.empty()) return;
  Key(w, key);
  w.StartArray();
  w.StartObject();
  OptionalString(w, "role", role);
  OptionalString(w, "contenttype", contenttype);
  OptionalString(w, "value", value);
  w.EndObject();
  w.EndArray();
}

void WriteItem(JsonWriter& w, const NinjsItem& item) {
  w.StartObject();
  OptionalString(w, "uri", item.uri);
  OptionalString(w, "type", item.type);
  OptionalString(w, "version", item.version);
  OptionalString(w, "firstcreated", item.firstcreated);
  OptionalString(w, "versioncreated", item.versioncreated);
  OptionalString(w, "pubstatus", item.pubstatus);
  if (item.urgency > 0) {
    Key(w, "urgency");
    w.Int(item.urgency);
  }
  OptionalString(w, "copyrightholder", item.copyrightholder);
  OptionalString(w, "copyrightnotice", item.copyrightnotice);
  OptionalString(w, "language", item.language);
  TextArray(w, "headlines", "main", "", item.headline);
  TextArray(w, "bodies", "main", item.body_contenttype, item.body);
  OptionalString(w, "by", item.by);
  OptionalString(w, "slugline", item.slugline);
  OptionalString(w, "located", item.located);
  if (!item.infosources.empty()) {
    Key(w, "infosources");
    w.StartArray();
    for (const auto& source : item.infosources) {
      w.StartObject();
      OptionalString(w, "name", source.name);
      OptionalString(w, "role", source.role);
      OptionalString(w, "uri", source.uri);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteOrigin(JsonWriter& w, const Origin& origin) {
  w.StartObject();
  if (origin.line) {
    Key(w, "line");
    w.Uint64(*origin.line);
  } else {
    OptionalString(w, "topic", origin.topic);
    Key(w, "partition");
    w.Int(origin.partition);
    Key(w, "offset");
    w.Int64(origin.offset);
  }
  w.EndObject();
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kArticle: return "article";
    case EventType::kUpdate: return "update";
    case EventType::kDuplicate: return "duplicate";
    case EventType::kRejected: return "rejected";
  }
  return "article";
}

std::string_view DedupStatusName(DedupStatus status) {
  switch (status) {
    case DedupStatus::kNew: return "new";
    case DedupStatus::kUpdate: return "update";
    case DedupStatus::kUrl: return "url";
    case DedupStatus::kExact: return "exact";
    case DedupStatus::kNear: return "near";
  }
  return "new";
}

std::string_view EventWriter::Write(const Event& event) {
  buffer_.Clear();
  JsonWriter w(buffer_);
  w.StartObject();
  Key(w, "type");
  String(w, EventTypeName(event.type));
  Key(w, "id");
  String(w, event.id);
  if (event.type == EventType::kRejected) {
    Key(w, "origin");
    WriteOrigin(w, event.origin);
    Key(w, "rejection");
    w.StartObject();
    OptionalString(w, "reason", event.rejection.reason);
    OptionalString(w, "detail", event.rejection.detail);
    OptionalString(w, "stage", event.rejection.stage);
    // Base64: the bytes may be anything (invalid UTF-8, NUL), and must come back unchanged.
    if (!event.rejection.raw.empty()) OptionalString(w, "raw_base64", Base64Encode(event.rejection.raw));
    w.EndObject();
  } else {
    Key(w, "story");
    w.StartObject();
    Key(w, "id");
    String(w, event.story_id);
    Key(w, "size");
    w.Uint64(event.story_size);
    w.EndObject();
    Key(w, "dedup");
    w.StartObject();
    Key(w, "status");
    String(w, DedupStatusName(event.dedup_status));
    if (!event.dedup_of.empty()) {
      Key(w, "of");
      String(w, event.dedup_of);
      Key(w, "similarity");
      w.Double(event.similarity);
    }
    w.EndObject();
    Key(w, "item");
    WriteItem(w, event.item);
    Key(w, "origin");
    WriteOrigin(w, event.origin);
  }
  w.EndObject();
  return {buffer_.GetString(), buffer_.GetSize()};
}

}  // namespace copydesk::event
