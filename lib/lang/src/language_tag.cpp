// NormaliseLanguageTag: language tags as feeds write them -> canonical BCP 47 (RFC 5646).
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <utility>

#include "copydesk/lang/language.h"

namespace copydesk::lang {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

// ISO 639-2/B, 639-2/T (also 639-3) codes of languages that have an ISO 639-1 code, which
// BCP 47 prefers. Sorted by code for binary search.
constexpr auto kThreeLetter = std::to_array<Alias>({
    {"afr", "af"}, {"alb", "sq"}, {"amh", "am"}, {"ara", "ar"}, {"arm", "hy"}, {"aze", "az"},
    {"baq", "eu"}, {"bel", "be"}, {"ben", "bn"}, {"bos", "bs"}, {"bre", "br"}, {"bul", "bg"},
    {"bur", "my"}, {"cat", "ca"}, {"ces", "cs"}, {"chi", "zh"}, {"cym", "cy"}, {"cze", "cs"},
    {"dan", "da"}, {"deu", "de"}, {"dut", "nl"}, {"ell", "el"}, {"eng", "en"}, {"epo", "eo"},
    {"est", "et"}, {"eus", "eu"}, {"fao", "fo"}, {"fas", "fa"}, {"fin", "fi"}, {"fra", "fr"},
    {"fre", "fr"}, {"fry", "fy"}, {"geo", "ka"}, {"ger", "de"}, {"gla", "gd"}, {"gle", "ga"},
    {"glg", "gl"}, {"gre", "el"}, {"guj", "gu"}, {"hau", "ha"}, {"heb", "he"}, {"hin", "hi"},
    {"hrv", "hr"}, {"hun", "hu"}, {"hye", "hy"}, {"ibo", "ig"}, {"ice", "is"}, {"ind", "id"},
    {"isl", "is"}, {"ita", "it"}, {"jav", "jv"}, {"jpn", "ja"}, {"kan", "kn"}, {"kat", "ka"},
    {"kaz", "kk"}, {"khm", "km"}, {"kin", "rw"}, {"kir", "ky"}, {"kor", "ko"}, {"kur", "ku"},
    {"lao", "lo"}, {"lat", "la"}, {"lav", "lv"}, {"lit", "lt"}, {"ltz", "lb"}, {"mac", "mk"},
    {"mal", "ml"}, {"mar", "mr"}, {"may", "ms"}, {"mkd", "mk"}, {"mlg", "mg"}, {"mlt", "mt"},
    {"mon", "mn"}, {"msa", "ms"}, {"mya", "my"}, {"nep", "ne"}, {"nld", "nl"}, {"nno", "nn"},
    {"nob", "nb"}, {"nor", "nb"}, {"oci", "oc"}, {"pan", "pa"}, {"per", "fa"}, {"pol", "pl"},
    {"por", "pt"}, {"pus", "ps"}, {"que", "qu"}, {"roh", "rm"}, {"ron", "ro"}, {"rum", "ro"},
    {"rus", "ru"}, {"san", "sa"}, {"sin", "si"}, {"slk", "sk"}, {"slo", "sk"}, {"slv", "sl"},
    {"snd", "sd"}, {"som", "so"}, {"spa", "es"}, {"sqi", "sq"}, {"srp", "sr"}, {"sun", "su"},
    {"swa", "sw"}, {"swe", "sv"}, {"tam", "ta"}, {"tat", "tt"}, {"tel", "te"}, {"tgk", "tg"},
    {"tgl", "tl"}, {"tha", "th"}, {"tir", "ti"}, {"tuk", "tk"}, {"tur", "tr"}, {"uig", "ug"},
    {"ukr", "uk"}, {"urd", "ur"}, {"uzb", "uz"}, {"vie", "vi"}, {"wel", "cy"}, {"xho", "xh"},
    {"yid", "yi"}, {"yor", "yo"}, {"zho", "zh"}, {"zul", "zu"},
});

static_assert(std::is_sorted(kThreeLetter.begin(), kThreeLetter.end()));

// Deprecated two-letter codes (IANA registry's preferred values), and Norwegian as Bokmål.
constexpr auto kTwoLetter = std::to_array<Alias>({
    {"in", "id"}, {"iw", "he"}, {"ji", "yi"}, {"jw", "jv"}, {"mo", "ro"}, {"no", "nb"},
});

// Language names seen in feeds' language fields, lower case (ASCII letters are folded before
// the lookup; names in other scripts are listed as written at the start of a sentence too).
constexpr auto kNames = std::to_array<Alias>({
    {"arabic", "ar"}, {"العربية", "ar"}, {"bahasa indonesia", "id"}, {"bokmal", "nb"},
    {"bokmål", "nb"}, {"bulgarian", "bg"}, {"castellano", "es"}, {"catalan", "ca"},
    {"català", "ca"}, {"chinese", "zh"}, {"croatian", "hr"}, {"czech", "cs"}, {"čeština", "cs"},
    {"Čeština", "cs"}, {"danish", "da"}, {"dansk", "da"}, {"deutsch", "de"}, {"dutch", "nl"},
    {"english", "en"}, {"espanol", "es"}, {"español", "es"}, {"farsi", "fa"}, {"filipino", "fil"},
    {"finnish", "fi"}, {"francais", "fr"}, {"français", "fr"}, {"french", "fr"}, {"german", "de"},
    {"greek", "el"}, {"ελληνικά", "el"}, {"Ελληνικά", "el"}, {"hebrew", "he"}, {"עברית", "he"},
    {"hindi", "hi"}, {"हिन्दी", "hi"}, {"hrvatski", "hr"}, {"hungarian", "hu"},
    {"indonesian", "id"}, {"italian", "it"}, {"italiano", "it"}, {"japanese", "ja"},
    {"日本語", "ja"}, {"korean", "ko"}, {"한국어", "ko"}, {"magyar", "hu"}, {"malay", "ms"},
    {"nederlands", "nl"}, {"norsk", "nb"}, {"norwegian", "nb"}, {"nynorsk", "nn"},
    {"persian", "fa"}, {"فارسی", "fa"}, {"polish", "pl"}, {"polski", "pl"}, {"portugues", "pt"},
    {"português", "pt"}, {"portuguese", "pt"}, {"romanian", "ro"}, {"română", "ro"},
    {"russian", "ru"}, {"русский", "ru"}, {"Русский", "ru"}, {"serbian", "sr"},
    {"simplified chinese", "zh-Hans"}, {"slovak", "sk"}, {"slovenian", "sl"}, {"spanish", "es"},
    {"suomi", "fi"}, {"svenska", "sv"}, {"swahili", "sw"}, {"swedish", "sv"}, {"thai", "th"},
    {"traditional chinese", "zh-Hant"}, {"turkce", "tr"}, {"turkish", "tr"}, {"türkçe", "tr"},
    {"ukrainian", "uk"}, {"українська", "uk"}, {"Українська", "uk"}, {"urdu", "ur"},
    {"vietnamese", "vi"}, {"tiếng việt", "vi"}, {"中文", "zh"},
});

std::string_view Find(std::span<const Alias> table, std::string_view key) {
  for (const auto& [from, to] : table) {
    if (from == key) return to;
  }
  return {};
}

// Binary search; kThreeLetter is sorted.
std::string_view FindSorted(std::span<const Alias> table, std::string_view key) {
  const auto it = std::lower_bound(table.begin(), table.end(), key,
                                   [](const Alias& a, std::string_view k) { return a.first < k; });
  return it != table.end() && it->first == key ? it->second : std::string_view();
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool All(std::string_view s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

// Where a subtag may sit in RFC 5646's langtag production; each subtag moves forward only.
enum class Slot { kExtlang, kScript, kRegion, kVariant, kExtension, kPrivate };

}  // namespace

std::string NormaliseLanguageTag(std::string_view input) {
  const std::string_view tag = TrimSpaces(input);
  if (tag.empty() || tag.size() > 64) return {};

  const std::string folded = LowerAscii(tag);
  if (const std::string_view code = Find(kNames, folded); !code.empty()) return std::string(code);

  std::string out;
  Slot slot = Slot::kExtlang;
  bool extension_open = false;  // a singleton waits for its first subtag
  size_t start = 0;
  for (size_t index = 0;; ++index) {
    size_t end = folded.find_first_of("-_", start);
    if (end == std::string::npos) end = folded.size();
    const std::string_view part = std::string_view(folded).substr(start, end - start);
    if (part.empty() || part.size() > 8 || !All(part, IsAlnum)) return {};

    if (index == 0) {
      if ((part.size() != 2 && part.size() != 3) || !All(part, IsAlpha)) return {};
      std::string_view primary = part;
      if (const auto mapped = FindSorted(kThreeLetter, part); !mapped.empty()) primary = mapped;
      if (const auto mapped = Find(kTwoLetter, part); !mapped.empty()) primary = mapped;
      out = primary;
    } else if (slot == Slot::kPrivate) {
      out += '-';
      out += part;  // private use: 1-8 alphanumerics, lower case
    } else if (part.size() == 1) {
      if (extension_open) return {};  // "a-b": a singleton with nothing after it
      out += '-';
      out += part;
      slot = part == "x" ? Slot::kPrivate : Slot::kExtension;
      extension_open = slot == Slot::kExtension;
    } else if (slot == Slot::kExtension) {
      if (part.size() < 2) return {};
      out += '-';
      out += part;
      extension_open = false;
    } else if (slot == Slot::kExtlang && part.size() == 3 && All(part, IsAlpha)) {
      out += '-';
      out += part;  // extlang ("zh-yue")
      slot = Slot::kScript;
    } else if (slot <= Slot::kScript && part.size() == 4 && All(part, IsAlpha)) {
      out += '-';
      out += Upper(part[0]);
      out += part.substr(1);  // Script: title case
      slot = Slot::kRegion;
    } else if (slot <= Slot::kRegion && ((part.size() == 2 && All(part, IsAlpha)) ||
                                         (part.size() == 3 && All(part, IsDigit)))) {
      out += '-';
      for (char c : part) out += Upper(c);  // REGION: upper case; "419" as is
      slot = Slot::kVariant;
    } else if (part.size() >= 5 || (part.size() == 4 && IsDigit(part[0]))) {
      out += '-';
      out += part;  // variant ("1996", "valencia")
      slot = Slot::kVariant;
    } else {
      return {};  // a subtag out of order ("en-US-Latn") or of no known shape
    }
    if (end == folded.size()) break;
    start = end + 1;
  }
  if (extension_open || (slot == Slot::kPrivate && out.ends_with("-x"))) return {};
  return out;
}

}  // namespace copydesk::lang
