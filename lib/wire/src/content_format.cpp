#include "content_format.h"

#include <cctype>

namespace copydesk::wire {
namespace {

// Only the head is inspected: markup shows itself early, and the cost stays bounded.
constexpr size_t kInspectBytes = 4096;

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool LooksLikeHtml(std::string_view head) {
  for (size_t i = head.find('<'); i != std::string_view::npos; i = head.find('<', i + 1)) {
    const std::string_view rest = head.substr(i + 1);
    if (rest.size() >= 2 && rest[0] == '/' && IsAsciiAlpha(rest[1])) return true;  // </p
    for (std::string_view tag : {"p>", "p ", "br", "div", "html", "body", "article", "section", "span",
                                 "h1", "h2", "h3", "ul", "li", "!DOCTYPE", "!doctype", "!--"}) {
      if (rest.substr(0, tag.size()) == tag) return true;
    }
  }
  return false;
}

bool LooksLikeMarkdown(std::string_view head) {
  size_t line_start = 0;
  while (line_start < head.size()) {
    size_t end = head.find('\n', line_start);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(line_start, end - line_start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### ") ||
        line.starts_with("---") || line.starts_with("***") || line.starts_with("> ") ||
        line.starts_with("![")) {
      return true;
    }
    line_start = end + 1;
  }
  return head.find("](http") != std::string_view::npos || head.find("<http") != std::string_view::npos ||
         head.find("**") != std::string_view::npos;
}

}  // namespace

ContentFormat DetectContentFormat(std::string_view body) {
  const std::string_view head = body.substr(0, kInspectBytes);
  if (LooksLikeHtml(head)) return ContentFormat::kHtml;
  if (LooksLikeMarkdown(head)) return ContentFormat::kMarkdown;
  return ContentFormat::kText;
}

}  // namespace copydesk::wire
