// libFuzzer target: arbitrary valid UTF-8 as an HTML, Markdown or plain-text body through the
// cleaning stage. The first byte picks the format; invalid UTF-8 never reaches the cleaner
// (decode rejects it), so such inputs are skipped.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <unicode/utf8.h>

#include "copydesk/text/cleaner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  for (int32_t i = 0; i < static_cast<int32_t>(body.size());) {
    UChar32 c;
    U8_NEXT(body.data(), i, static_cast<int32_t>(body.size()), c);
    if (c < 0) return 0;
  }
  static copydesk::text::Cleaner cleaner(copydesk::text::BoilerplatePatterns::BuiltIn());
  static copydesk::text::CleanArticle article;
  const auto format = static_cast<copydesk::text::MarkupFormat>(data[0] % 3);
  cleaner.Clean({"", body, format, "https://example.com/a", "example.com", std::nullopt}, article);
  if (article.char_count > body.size()) __builtin_trap();  // text only ever shrinks
  return 0;
}
