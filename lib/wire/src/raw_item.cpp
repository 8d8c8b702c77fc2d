#include "copydesk/wire/raw_item.h"

namespace copydesk::wire {

std::string_view ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kScraped: return "scraped";
    case Shape::kNinjs1: return "ninjs1";
    case Shape::kNinjs2: return "ninjs2";
  }
  return "unknown";
}

std::string_view ContentFormatName(ContentFormat format) {
  switch (format) {
    case ContentFormat::kText: return "text";
    case ContentFormat::kHtml: return "html";
    case ContentFormat::kMarkdown: return "markdown";
  }
  return "text";
}

std::string_view ContentFormatMediaType(ContentFormat format) {
  switch (format) {
    case ContentFormat::kText: return "text/plain";
    case ContentFormat::kHtml: return "text/html";
    case ContentFormat::kMarkdown: return "text/markdown";
  }
  return "text/plain";
}

void RawItem::Clear() {
  shape = Shape::kScraped;
  body_format = ContentFormat::kText;
  urgency = 0;
  for (std::string* s : {&sender_id, &url, &uri, &headline, &body, &published, &first_created, &source,
                         &author, &language, &version, &copyright_holder, &copyright_notice, &located,
                         &slugline, &pubstatus}) {
    s->clear();
  }
}

}  // namespace copydesk::wire
