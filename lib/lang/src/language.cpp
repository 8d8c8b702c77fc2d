// LanguageIdentifier: CLD2 over the opening of the text, its answer as a BCP 47 tag.
#include "copydesk/lang/language.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cstring>
#include <string>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace copydesk::lang {
namespace {

// How far back from the byte cap to look for a space to end the sample on.
constexpr size_t kWordBoundaryWindow = 64;

bool IsContinuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlongs, surrogates or
// code points past U+10FFFF), or 0 when the bytes there are not one.
size_t SequenceLength(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if (k == 1 ? (b < low || b > high) : !IsContinuation(b)) return 0;
  }
  return length;
}

// CLD2 expects valid UTF-8 and its behaviour on anything else is undefined. Returns `text`
// itself when it is valid (the common case: the decoder has validated the item), else a copy
// in `scratch` with every byte that is not part of a valid sequence replaced by a space.
std::string_view ValidUtf8(std::string_view text, std::string& scratch) {
  size_t i = 0;
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most samples are mostly ASCII.
    if (text.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t n = SequenceLength(text, i);
    if (n == 0) break;
    i += n;
  }
  if (i == text.size()) return text;
  scratch.assign(text.substr(0, i));
  while (i < text.size()) {
    const size_t n = SequenceLength(text, i);
    if (n == 0) {
      scratch += ' ';
      ++i;
    } else {
      scratch.append(text.substr(i, n));
      i += n;
    }
  }
  return scratch;
}

// CLD2's language code as BCP 47. CLD2 keeps some withdrawn ISO 639 codes, reports Bokmål as
// "no", and has pseudo-languages ("xx-Latn": some Latin-script text; "zzp": Pig Latin) that
// are no language at all.
std::string TagFor(CLD2::Language language) {
  if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  const char* code = CLD2::LanguageCode(language);
  if (code == nullptr) return {};
  const std::string_view tag = code;
  if (tag.empty() || tag == "un" || tag == "xxx" || tag == "tlh" || tag.starts_with("xx-") ||
      tag.starts_with("zz")) {
    return {};
  }
  if (tag == "iw") return "he";
  if (tag == "in") return "id";
  if (tag == "jw") return "jv";
  if (tag == "no") return "nb";
  return std::string(tag);  // "zh", "zh-Hant", "tl", "sr-ME" are BCP 47 already
}

// The declared language as CLD2's hint parser reads it: lower-case BCP 47 ("pt-br", "nb",
// "zh-hant"); it looks up the whole tag, then its primary subtag.
std::string ContentHint(std::string_view declared) {
  std::string tag = NormaliseLanguageTag(declared);
  for (char& c : tag) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return tag;
}

// "fr", ".fr", "www.lemonde.fr", "lemonde.fr." -> "fr"; empty unless the last label is letters.
std::string TldHint(std::string_view hint) {
  while (!hint.empty() && (hint.back() == '.' || IsAsciiSpace(hint.back()))) hint.remove_suffix(1);
  const size_t dot = hint.rfind('.');
  if (dot != std::string_view::npos) hint.remove_prefix(dot + 1);
  while (!hint.empty() && IsAsciiSpace(hint.front())) hint.remove_prefix(1);
  if (hint.size() < 2 || hint.size() > 63) return {};
  std::string tld;
  for (char c : hint) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return {};
    tld += c;
  }
  return tld;
}

// One CLD2 run over `sample` (valid UTF-8, at most INT_MAX bytes).
LanguageGuess Detect(std::string_view sample, const CLD2::CLDHints* hints, int min_reliable_bytes) {
  CLD2::Language languages[3];
  int percents[3] = {0, 0, 0};
  double scores[3];
  int text_bytes = 0;
  bool reliable = false;
  // No kCLDFlagBestEffort: with it CLD2 names a language for any text ("casa" is English)
  // and still calls it reliable, which would make `reliable` meaningless.
  const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, hints, /*flags=*/0,
      languages, percents, scores, /*resultchunkvector=*/nullptr, &text_bytes, &reliable);

  LanguageGuess guess;
  guess.tag = TagFor(language);
  if (guess.tag.empty()) return {};
  // The summary language is usually the first of the three, but CLD2 may prefer another
  // (it sets aside English when another language has a fair share), so find its share.
  for (int i = 0; i < 3; ++i) {
    if (languages[i] == language) {
      guess.percent = percents[i];
      break;
    }
  }
  guess.reliable = reliable && text_bytes >= min_reliable_bytes;
  return guess;
}

// Whether a detected tag names the language of a (lower-case) declared tag: same primary
// subtag, so "pt" matches "pt-br" and "zh-Hant" matches "zh-tw".
bool SameLanguage(std::string_view detected, std::string_view declared) {
  const auto primary = [](std::string_view tag) { return tag.substr(0, tag.find('-')); };
  return primary(detected) == primary(declared);
}

}  // namespace

std::string_view IdentificationSample(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  // text[cut] is the first byte left out; if it continues a sequence, leave that whole
  // sequence out (at most three bytes back: longer runs of continuation bytes are invalid
  // UTF-8 anyway, and ValidUtf8 deals with them).
  for (int back = 0; back < 3 && cut > 0 && IsContinuation(static_cast<unsigned char>(text[cut]));
       ++back) {
    --cut;
  }
  if (IsContinuation(static_cast<unsigned char>(text[cut]))) cut = max_bytes;
  if (IsAsciiSpace(text[cut])) return text.substr(0, cut);  // the cut falls between words
  const size_t floor = cut > kWordBoundaryWindow ? cut - kWordBoundaryWindow : 0;
  for (size_t i = cut; i > floor; --i) {
    if (IsAsciiSpace(text[i - 1])) return text.substr(0, i - 1);
  }
  return text.substr(0, cut);
}

LanguageIdentifier::LanguageIdentifier(LanguageOptions options) : options_(options) {}

LanguageGuess LanguageIdentifier::Identify(std::string_view text, std::string_view declared_hint,
                                           std::string_view tld_hint) const {
  // CLD2 takes an int length.
  const size_t cap = std::min<size_t>(options_.max_bytes, INT_MAX);
  std::string scratch;
  const std::string_view sample = ValidUtf8(IdentificationSample(text, cap), scratch);
  if (sample.empty()) return {};

  // First without hints: CLD2 weighs a hint as a strong prior, strong enough to turn a long,
  // clear Portuguese text into "unknown" when Spanish is declared, or Traditional Chinese into
  // Japanese when "zh" is. What the text says on its own, when CLD2 is sure of it, stands.
  const LanguageGuess plain = Detect(sample, nullptr, options_.min_reliable_bytes);
  const std::string declared = ContentHint(declared_hint);
  const std::string tld = TldHint(tld_hint);
  if (plain.reliable || (declared.empty() && tld.empty())) return plain;

  // Short or unclear text: the hints may settle it (Malay or Indonesian, Danish or
  // Norwegian). Their answer is taken when it is the text's own answer or the declared
  // language, not some third language the prior pushed CLD2 into.
  const CLD2::CLDHints hints{
      declared.empty() ? nullptr : declared.c_str(),
      tld.empty() ? nullptr : tld.c_str(),
      CLD2::UNKNOWN_ENCODING,
      CLD2::UNKNOWN_LANGUAGE,
  };
  LanguageGuess hinted = Detect(sample, &hints, options_.min_reliable_bytes);
  if (hinted.tag.empty()) return plain;
  if (hinted.tag == plain.tag || declared.empty() || SameLanguage(hinted.tag, declared)) {
    return hinted;
  }
  return plain;
}

}  // namespace copydesk::lang
