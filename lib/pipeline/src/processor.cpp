#include "copydesk/pipeline/processor.h"

#include <cctype>

#include "copydesk/core/hash.h"
#include "copydesk/text/date.h"

namespace copydesk::pipeline {
namespace {

std::string NormalisedDate(std::string_view text) {
  if (text.empty()) return {};
  auto millis = text::ParseDateTime(text);
  return millis ? text::FormatRfc3339Utc(*millis) : std::string();
}

// BCP 47 in its common shape (language[-Script][-REGION]...), case-normalised: "fr",
// "nb-NO", "zh-Hant-TW". Anything else is dropped for the language stage to decide.
std::string NormalisedLanguage(std::string_view tag) {
  std::string out;
  size_t start = 0;
  for (size_t index = 0; start <= tag.size(); ++index) {
    size_t end = tag.find_first_of("-_", start);
    if (end == std::string_view::npos) end = tag.size();
    const std::string_view part = tag.substr(start, end - start);
    const bool valid_size = index == 0 ? part.size() >= 2 && part.size() <= 3
                                       : part.size() >= 1 && part.size() <= 8;
    if (!valid_size) return {};
    for (char c : part) {
      if (!std::isalnum(static_cast<unsigned char>(c)) ||
          (index == 0 && !std::isalpha(static_cast<unsigned char>(c)))) {
        return {};
      }
    }
    if (index > 0) out += '-';
    for (size_t i = 0; i < part.size(); ++i) {
      const auto c = static_cast<unsigned char>(part[i]);
      if (index > 0 && part.size() == 2) {
        out += static_cast<char>(std::toupper(c));  // region
      } else if (index > 0 && part.size() == 4 && i == 0) {
        out += static_cast<char>(std::toupper(c));  // Script
      } else {
        out += static_cast<char>(std::tolower(c));
      }
    }
    start = end + 1;
  }
  return out;
}

// The id says which article this is: the sender's own identity for it when there is one
// (ninjs uri, page URL, feed guid), else its text. The same input gives the same id.
std::string ArticleId(const wire::RawItem& raw) {
  std::string key;
  if (!raw.uri.empty()) {
    key = "uri:" + raw.uri;
  } else if (!raw.url.empty()) {
    key = "url:" + raw.url;
  } else if (!raw.sender_id.empty()) {
    key = "guid:" + raw.source + ":" + raw.sender_id;
  } else {
    key = "body:" + raw.body;
  }
  return Hex64(StableHash64(key));
}

// A rejection names the record that failed, wherever it came from, so two identical bad
// records (two empty lines) still have ids of their own.
std::string RejectionId(const Record& record) {
  const auto& origin = record.origin;
  std::string key = origin.line ? "line:" + std::to_string(*origin.line)
                                : origin.topic + "/" + std::to_string(origin.partition) + "/" +
                                      std::to_string(origin.offset);
  key += '\n';
  key.append(record.bytes);
  return Hex64(StableHash64(key));
}

bool IsPubstatus(std::string_view s) { return s == "usable" || s == "withheld" || s == "canceled"; }

}  // namespace

void Summary::Count(const event::Event& event) {
  ++by_type[static_cast<size_t>(event.type)];
  if (event.type != event::EventType::kRejected) return;
  for (size_t i = 0; i < by_reason.size(); ++i) {
    if (wire::RejectReasonCode(static_cast<wire::RejectReason>(i)) == event.rejection.reason) {
      ++by_reason[i];
    }
  }
  if (first_rejects.size() < kKeptRejects) {
    first_rejects.push_back(
        {event.origin.line.value_or(0), event.rejection.reason, event.rejection.detail});
  }
}

Processor::Processor(const config::Config& config) : decoder_(config.limits) {}

void Processor::Process(const Record& record, event::Event& event) {
  event.item = {};
  event.rejection = {};
  event.dedup_of.clear();
  event.origin = record.origin;
  const std::string_view bytes = record.bytes;
  std::optional<wire::Rejection> rejection = record.oversize_bytes > 0
                                                 ? decoder_.TooLarge(record.oversize_bytes)
                                                 : decoder_.Decode(bytes, raw_);
  if (rejection) {
    event.type = event::EventType::kRejected;
    event.id = RejectionId(record);
    event.rejection.reason = std::string(wire::RejectReasonCode(rejection->reason));
    event.rejection.detail = std::move(rejection->detail);
    event.rejection.stage = "decode";
    event.rejection.raw = bytes;
    return;
  }
  Assemble(raw_, event);
}

void Processor::Assemble(const wire::RawItem& raw, event::Event& event) const {
  event.type = event::EventType::kArticle;
  event.id = ArticleId(raw);
  event.story_id = event.id;
  event.story_size = 1;
  event.dedup_status = event::DedupStatus::kNew;

  event::NinjsItem& item = event.item;
  item.uri = !raw.uri.empty() ? raw.uri : !raw.url.empty() ? raw.url : "urn:copydesk:article:" + event.id;
  item.version = raw.version.empty() ? "1" : raw.version;
  item.versioncreated = NormalisedDate(raw.published);
  item.firstcreated = NormalisedDate(raw.first_created);
  item.language = NormalisedLanguage(raw.language);
  item.headline = raw.headline;
  item.body = raw.body;
  item.body_contenttype = std::string(wire::ContentFormatMediaType(raw.body_format));
  item.by = raw.author;
  item.located = raw.located;
  item.copyrightholder = raw.copyright_holder;
  item.copyrightnotice = raw.copyright_notice;
  item.slugline = raw.slugline;
  item.pubstatus = IsPubstatus(raw.pubstatus) ? raw.pubstatus : "";
  item.urgency = raw.urgency;
  if (!raw.source.empty()) item.infosources.push_back({raw.source, "publisher", ""});
}

}  // namespace copydesk::pipeline
