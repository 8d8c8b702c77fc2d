// RawItem: one wire item as the sender gave it, mapped from any accepted input shape
// (scraped page, RSS item, IPTC ninjs 1.x or 2.x) onto one set of fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk::wire {

enum class Shape : uint8_t { kScraped, kNinjs1, kNinjs2 };
std::string_view ShapeName(Shape shape);

// What the body is written in; the cleaning stage picks its parser from this.
enum class ContentFormat : uint8_t { kText, kHtml, kMarkdown };
std::string_view ContentFormatName(ContentFormat format);
std::string_view ContentFormatMediaType(ContentFormat format);  // "text/plain", "text/html", ...

// Every field is empty when the item did not carry it. Strings are owned, so a RawItem
// outlives the parser that filled it; reusing one RawItem keeps its allocations.
struct RawItem {
  Shape shape = Shape::kScraped;
  std::string sender_id;  // `id`/`guid` of a scraped item
  std::string url;        // `url`/`link`
  std::string uri;        // ninjs `uri`
  std::string headline;   // `title`/`headline`, ninjs main headline
  std::string body;       // the chosen body, as sent
  ContentFormat body_format = ContentFormat::kText;
  std::string published;  // `published`/`date`/`pubDate`, ninjs `versioncreated`, as sent
  std::string first_created;  // ninjs `firstcreated`
  std::string source;         // `source`/`site`
  std::string author;         // `author`/`byline`, ninjs `by`/`byline`
  std::string language;       // `language`/`lang`, ninjs `language`, as sent
  std::string version;        // ninjs `version`
  std::string copyright_holder;
  std::string copyright_notice;
  std::string located;
  std::string slugline;
  std::string pubstatus;
  int urgency = 0;  // 1..9 when sent, else 0

  void Clear();
};

}  // namespace copydesk::wire
