// Unicode clean-up of text from the markup: NFC, invisible characters out, spaces made plain,
// and text that was mis-decoded as Windows-1252 repaired where that is certain.
#pragma once

#include <string>
#include <string_view>

namespace copydesk::text {

// In one pass, in this order of precedence:
//  - line breaks: "\r\n", "\r", U+0085 (NEL), U+2028 and U+2029 become "\n"; lines are kept;
//  - spaces: tab, VT, FF, U+00A0 (NBSP), U+1680, U+2000..U+200A, U+202F, U+205F and U+3000
//    become an ASCII space; a run of them becomes one space; spaces at the start and end of
//    every line go;
//  - removed: other C0 controls (U+0000..U+001F), DEL and C1 controls (U+007F..U+009F), soft
//    hyphen U+00AD, Arabic letter mark U+061C, U+200B..U+200F (zero-width space, ZWNJ, ZWJ,
//    LRM, RLM), U+202A..U+202E and U+2066..U+2069 (bidi embeddings and isolates),
//    U+2060..U+2064 (word joiner, invisible operators), U+FEFF (BOM, ZWNBSP). Exception:
//    ZWNJ and ZWJ stay between two non-ASCII letters, marks or pictographs, where they are
//    spelling (Persian, Indic scripts) or join emoji;
//  - apostrophes: U+2018, U+201B, U+2032 and U+00B4 written between two letters ("l‘Iran",
//    "don´t") become U+2019 ("l’Iran"). Other quotes, the ASCII apostrophe included, are left
//    as they are: each language keeps its own (« », „ “, ” ’);
//  - variation selectors, private use and all other characters are kept;
// then blank lines at the start and end go, and the text is put in NFC (ICU), unless it has
// no code point from U+0300 up (then it is already NFC: pure ASCII and Latin-1 skip ICU).
// Ill-formed UTF-8 (which the decode stage does not let through) becomes U+FFFD, one per bad
// byte. Idempotent.
std::string NormaliseText(std::string_view utf8);

// Appends `utf8` in lower case, every script (ICU's simple case mapping: one code point to
// one), to `out`; ASCII takes a fast path. Invalid sequences are skipped.
void AppendLowercase(std::string_view utf8, std::string& out);

struct RepairResult {
  std::string text;
  bool repaired = false;  // the text was mojibake and is fixed
  // It looks like mojibake but could not be fixed for certain (then it is left as it was),
  // or it was fixed but shows damage no repair can undo (together with repaired).
  bool suspicious = false;
};

// Repairs UTF-8 text that was decoded as Windows-1252 (or Latin-1) and encoded again:
// "CafÃ©" -> "Café", "donâ€™t" -> "don’t", "ÃƒÂ©" (twice over) -> "é".
//
// Telltales: a UTF-8 lead byte's look-alike followed by the look-alikes of the continuation
// bytes that complete a valid UTF-8 sequence: "Ã©", "Â«", "â€™", "Ð¿", "ðŸ˜€", and "â€"
// even when incomplete. Not telltales (legitimate text has them): a letter from Ã..ß
// followed by closing punctuation (’ ” “ ‘ › ‹ » «) or, except for Ã, NBSP ("IRMÃ”",
// "ÉTÉ :"); "SÃO PAULO" has none.
//
// When there are telltales, each run of characters that Windows-1252 can encode and that
// has a telltale is mapped back to bytes and decoded as UTF-8 ("Ã" or "Â" followed by a
// plain space stands for "à" or NBSP whose byte 0xA0 became a space); a run is replaced only
// if its bytes are valid UTF-8. In a run that is not (correct text next to mangled text:
// "Ã¼berhaupt … „Aber natÃ¼rlich“"), the non-ASCII characters that are part of no telltale
// are taken as correct and kept; the segments between them are mapped back alone (there
// "Ã"/"Â" before a space stands for "à"/NBSP only after a lowercase letter: "déjÃ  vu",
// not "AMANHÃ É"). This is repeated (up to 3 times, for text mangled more than once) while
// telltales remain.
//
// The result is kept only when no telltale remains anywhere; otherwise the text is returned
// unchanged with suspicious set: reported, not guessed. A repaired text that still has a
// capital lead look-alike (Â..Þ) inside a word, after a lowercase letter ("yasaÄı": a
// byte was lost before the text reached us), is returned repaired with suspicious set too.
// Pure ASCII returns at once.
RepairResult RepairMojibake(std::string_view utf8);
// The same, taking the text: nearly every text has no telltale, and is then moved to the
// result instead of copied.
RepairResult RepairMojibake(std::string&& utf8);
inline RepairResult RepairMojibake(const char* utf8) {
  return RepairMojibake(std::string_view(utf8));
}

}  // namespace copydesk::text
