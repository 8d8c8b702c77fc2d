// The output event (DESIGN.md, "Output: article events"): what copydesk publishes for every
// input record, and its JSON form. `item` is an IPTC ninjs 2.2 object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk::event {

enum class EventType : uint8_t { kArticle, kUpdate, kDuplicate, kRejected };
std::string_view EventTypeName(EventType type);

enum class DedupStatus : uint8_t { kNew, kUpdate, kUrl, kExact, kNear };
std::string_view DedupStatusName(DedupStatus status);

// A party that originated, published or supplied the content (ninjs `infosources`).
struct InfoSource {
  std::string name;
  std::string role;  // "publisher", "originator", ...
  std::string uri;
};

// A person, organisation, place or subject the content is about (ninjs `people`,
// `organisations`, `places`, `subjects`).
struct Concept {
  std::string name;     // in the article's language where known
  std::string uri;      // http://www.wikidata.org/entity/Q..., a Media Topic URI, or ""
  std::string literal;  // the reference data's own key when there is no URI
  std::string rel;      // "about", "located" (the dateline's place)
  int relevance = -1;   // 0..100 for subjects; -1: not written
};

// The ninjs fields copydesk fills; an empty string or zero is left out of the JSON.
struct NinjsItem {
  std::string uri;
  std::string type = "text";
  std::string version;
  std::string versioncreated;  // RFC 3339 UTC
  std::string firstcreated;    // RFC 3339 UTC
  std::string language;        // BCP 47
  std::string headline;
  std::string body;
  std::string body_contenttype;  // media type of `body`
  uint64_t body_charcount = 0;   // written when the body is clean text
  uint64_t body_wordcount = 0;
  std::string by;
  std::string located;
  std::string copyrightholder;
  std::string copyrightnotice;
  std::string slugline;
  std::string pubstatus;  // usable | withheld | canceled
  int urgency = 0;        // 1..9
  std::vector<InfoSource> infosources;
  std::vector<Concept> people;
  std::vector<Concept> organisations;
  std::vector<Concept> places;
  std::vector<Concept> subjects;
};

// What the pipeline found out about the text, beyond ninjs: how sure the language is,
// what the dateline said, whether the text was mis-decoded. Empty fields are left out.
struct Analysis {
  std::string language_declared;  // BCP 47, as the sender (or the page) declared it
  std::string language_detected;  // what the text is written in, by CLD2
  bool language_reliable = false;
  std::string dateline_place;
  std::string dateline_agency;
  std::string dateline_date;  // RFC 3339
  std::string mojibake;       // "repaired" | "suspected"
  std::string reference;      // the version of the reference data it was enriched with
};

// Where the input record came from: a line of an NDJSON file, or a Kafka record.
struct Origin {
  std::optional<uint64_t> line;  // 1-based
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
};

struct Rejection {
  std::string reason;  // a stable code: not_json, too_deep, ...
  std::string detail;
  std::string stage;     // the stage that refused it: decode, ...
  std::string_view raw;  // the original bytes (not owned; empty when too large to keep)
};

struct Event {
  EventType type = EventType::kArticle;
  std::string id;
  std::string story_id;
  uint64_t story_size = 1;
  DedupStatus dedup_status = DedupStatus::kNew;
  std::string dedup_of;
  double similarity = 0;
  NinjsItem item;     // not written for rejected events
  Analysis analysis;  // not written for rejected events
  Origin origin;
  Rejection rejection;  // only for rejected events
};

// Serialises events to one-line JSON. Reuses its buffer: not thread-safe, one per thread.
class EventWriter {
 public:
  // The JSON text, valid until the next call.
  std::string_view Write(const Event& event);

 private:
  std::string buffer_;
};

}  // namespace copydesk::event
