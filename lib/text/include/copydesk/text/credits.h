// Bylines and credit lines: "By Jane Doe", "Par …", "Von …, dpa", "Reporting by …; Editing
// by …", "Source HispanTV", "Con información de EFE", "(avec AFP)". They name people and
// sources; they are not part of the story's text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copydesk::text {

struct Credits {
  std::vector<std::string> authors;  // reporters, writers
  std::vector<std::string> editors;
  std::vector<std::string> sources;  // agencies or outlets the text came from
  bool empty() const { return authors.empty() && editors.empty() && sources.empty(); }
};

// When the whole paragraph is a byline or a credit line, what it names. Short paragraphs
// only: a sentence of the story that starts with "By" is not a byline.
std::optional<Credits> ParseCreditParagraph(std::string_view paragraph);

// A byline field as feeds send it -> the people it names, comma-separated: "By Jane Doe" ->
// "Jane Doe", "desk@site.com (Jane Doe)" -> "Jane Doe", "Nils Öberg/TT" -> "Nils Öberg".
// Text that is not recognisably a byline comes back trimmed and otherwise unchanged.
std::string NormaliseByline(std::string_view byline);

// A credit in parentheses at the very end of a paragraph: "… le 15 avril. (avec AFP)".
// Returns the credits and the paragraph's length without them.
struct TrailingCredit {
  Credits credits;
  size_t text_length = 0;
};
std::optional<TrailingCredit> ParseTrailingCredit(std::string_view paragraph);

}  // namespace copydesk::text
