// Unicode clean-up of one paragraph: NFC, invisible characters out, spaces made plain, and
// text that was mis-decoded as Windows-1252 repaired where that is certain.
#pragma once

#include <string>
#include <string_view>

namespace copydesk::text {

// NFC (ICU; pure ASCII skips it); removes C0 and C1 control characters, zero-width and
// bidirectional formatting characters (U+200B..U+200F, U+202A..U+202E, U+2060..U+2064),
// the BOM (U+FEFF) and soft hyphens; makes every space character (tab, newline, NBSP,
// U+2000..U+200A, U+202F, U+205F, U+3000) an ASCII space; collapses runs of spaces and trims;
// writes an apostrophe between two letters (U+2018, U+201B, U+2032) as U+2019.
// `utf8` must be valid UTF-8.
std::string NormaliseText(std::string_view utf8);

struct RepairResult {
  std::string text;
  bool repaired = false;    // some words were mojibake and are fixed
  bool suspicious = false;  // some words look like mojibake but could not be fixed for certain
};

// UTF-8 text that was decoded as Windows-1252 (or Latin-1) and encoded again ("CafÃ©",
// "donâ€™t") is repaired word by word: a word with the telltale pairs is mapped back to
// bytes and decoded as UTF-8, and the result is kept only when it is valid and free of the
// telltales. "SÃO PAULO" has no telltale pair and is left alone.
RepairResult RepairMojibake(std::string_view utf8);

}  // namespace copydesk::text
