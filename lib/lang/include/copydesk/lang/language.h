// Language of an article: identification from its text (CLD2), and the BCP 47 tag a feed
// declares, brought to one canonical form so declared and detected languages compare equal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace copydesk::lang {

struct LanguageOptions {
  // CLD2 reads at most this many bytes from the start of the text. The opening of an article
  // is enough to tell its language, and the cap keeps the cost per item flat however long the
  // body is.
  size_t max_bytes = 1024;
  // CLD2 calls three-word texts reliable and is sometimes wrong about them ("iPhone 15 Pro Max
  // review" comes out Czech). Below this many scored bytes (CLD2's own count of the letters
  // and spaces it looked at), a guess is never reliable.
  int min_reliable_bytes = 32;
};

struct LanguageGuess {
  std::string tag;        // BCP 47: "fr", "pt", "nb", "he", "zh", "zh-Hant"; empty when unknown
  bool reliable = false;  // false whenever tag is empty
  int percent = 0;        // share of the scored text in that language, 0-100
};

// Identify is const and thread-safe: CLD2 keeps no state between calls (its tables are
// static and read-only), and the identifier only holds its options. One instance can serve
// every thread.
class LanguageIdentifier {
 public:
  explicit LanguageIdentifier(LanguageOptions options = {});

  // `text` is plain text in UTF-8 (markup would be scored as words; strip it first). Invalid
  // UTF-8 bytes are read as spaces. `declared_hint` is the language the feed declares, in any
  // form NormaliseLanguageTag accepts; `tld_hint` is a country TLD ("fr", ".fr") or a whole
  // host ("www.lemonde.fr"). Both are priors, not answers: they settle close calls (Malay or
  // Indonesian, Danish or Norwegian) and short texts, but a long text clearly in another
  // language keeps its language. Either may be empty.
  LanguageGuess Identify(std::string_view text, std::string_view declared_hint = {},
                         std::string_view tld_hint = {}) const;

  const LanguageOptions& options() const { return options_; }

 private:
  LanguageOptions options_;
};

// The part of `text` that Identify reads: at most max_bytes, never ending inside a UTF-8
// sequence, and ending at a space when there is one in the last 64 bytes so that no cut-off
// word is scored. Scripts written without spaces are cut at a character boundary.
std::string_view IdentificationSample(std::string_view text, size_t max_bytes);

// A language tag as feeds write it, in canonical BCP 47 form, or empty when it is not one.
//  - case and separators: "EN-us" -> "en-US", "zh_hant_tw" -> "zh-Hant-TW", "sr-latn" ->
//    "sr-Latn"; subtags after an extension or "x-" are lower case;
//  - ISO 639-2/B, 639-2/T and 639-3 codes that have a two-letter code: "fre", "fra" -> "fr",
//    "ger", "deu" -> "de", "chi", "zho" -> "zh", "dut", "nld" -> "nl"; others stay ("fil");
//  - deprecated codes to their replacements: "iw" -> "he", "in" -> "id", "ji" -> "yi",
//    "jw" -> "jv", "mo" -> "ro";
//  - Norwegian as Bokmål: "no", "nor", "nob" -> "nb" (what CLD2 identifies as Norwegian is
//    Bokmål, so a declared "no" and a detected one agree; "nn" stays Nynorsk);
//  - language names in English or in the language itself, as feeds write them: "French",
//    "français", "Deutsch", "español", "Português", "русский", "中文" (case-insensitive for
//    ASCII letters).
// Empty for anything else: "", "e", "english language", "en--us", "x-klingon", "fr-FR-",
// over-long input.
std::string NormaliseLanguageTag(std::string_view tag);

}  // namespace copydesk::lang
