#include "copydesk/text/dateline.h"

#include "copydesk/text/unicode.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace copydesk::text {
namespace {

constexpr size_t kMaxPlaceBytes = 60;
constexpr size_t kMaxAgencyBytes = 40;
constexpr int kMaxPlaceWords = 5;

// Month names and abbreviations of the languages whose wires we read, lowercase.
const std::vector<std::pair<std::string_view, int>>& MonthNames() {
  static const std::vector<std::pair<std::string_view, int>> names = [] {
    std::vector<std::pair<std::string_view, int>> v;
    const std::array<std::array<std::string_view, 12>, 11> languages{{
        {"january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"},
        {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "dezember"},
        {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
         "outubro", "novembro", "dezembro"},
        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
         "settembre", "ottobre", "novembre", "dicembre"},
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"},
        {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
         "октября", "ноября", "декабря"},
        {"ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim",
         "kasım", "aralık"},
        {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
         "oktober", "november", "december"},
        {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
         "نوفمبر", "ديسمبر"},
    }};
    for (const auto& months : languages) {
      for (int m = 0; m < 12; ++m) v.emplace_back(months[static_cast<size_t>(m)], m + 1);
    }
    // Abbreviations that are not a prefix-match of a full name below.
    for (auto [abbr, m] : std::initializer_list<std::pair<std::string_view, int>>{
             {"jan", 1},   {"feb", 2},   {"mar", 3},  {"apr", 4},       {"jun", 6},
             {"jul", 7},   {"aug", 8},   {"sep", 9},  {"sept", 9},      {"oct", 10},
             {"nov", 11},  {"dec", 12},  {"janv", 1}, {"févr", 2},      {"fevr", 2},
             {"avr", 4},   {"juil", 7},  {"aout", 8}, {"déc", 12},      {"ene", 1},
             {"abr", 4},   {"ago", 8},   {"set", 9},  {"setiembre", 9}, {"dic", 12},
             {"mrz", 3},   {"okt", 10},  {"dez", 12}, {"jänner", 1},    {"fev", 2},
             {"out", 10},  {"gen", 1},   {"mag", 5},  {"giu", 6},       {"lug", 7},
             {"ott", 10},  {"mrt", 3},   {"mars", 3}, {"fevrier", 2},   {"decembre", 12},
             {"marco", 3}, {"maerz", 3}, {"янв", 1},  {"фев", 2},       {"мар", 3},
             {"апр", 4},   {"июн", 6},   {"июл", 7},  {"авг", 8},       {"сен", 9},
             {"сент", 9},  {"окт", 10},  {"ноя", 11}, {"дек", 12}}) {
      v.emplace_back(abbr, m);
    }
    return v;
  }();
  return names;
}

int MonthFromWord(std::string_view word) {
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  if (word.size() < 3) return 0;
  std::string lower;
  AppendLowercase(word, lower);
  for (const auto& [name, month] : MonthNames()) {
    if (lower == name) return month;
  }
  return 0;
}

// A UTF-8 cursor over the paragraph; every Take* consumes only on success.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  size_t pos() const { return i_; }
  void set_pos(size_t p) { i_ = p; }
  bool Done() const { return i_ >= s_.size(); }
  std::string_view Rest() const { return s_.substr(i_); }
  std::string_view Slice(size_t start, size_t end) const { return s_.substr(start, end - start); }

  UChar32 PeekChar(size_t* length = nullptr) const {
    if (Done()) return U_SENTINEL;
    auto i = static_cast<int32_t>(i_);
    UChar32 c;
    U8_NEXT(s_.data(), i, static_cast<int32_t>(s_.size()), c);
    if (length != nullptr) *length = static_cast<size_t>(i) - i_;
    return c;
  }
  void SkipSpaces() {
    while (!Done()) {
      size_t len;
      const UChar32 c = PeekChar(&len);
      if (c != ' ' && c != '\t' && c != 0xa0) break;
      i_ += len;
    }
  }
  bool Take(std::string_view literal) {
    if (Rest().substr(0, literal.size()) != literal) return false;
    i_ += literal.size();
    return true;
  }
  // A run of letters (and inner apostrophes, dots, hyphens): one word.
  std::string_view TakeWord() {
    const size_t start = i_;
    while (!Done()) {
      size_t len;
      const UChar32 c = PeekChar(&len);
      const bool inner = (c == '\'' || c == 0x2019 || c == '.' || c == '-') && i_ > start;
      if (!u_isUAlphabetic(c) && !u_hasBinaryProperty(c, UCHAR_DIACRITIC) && !inner) break;
      if (inner) {  // only between letters: "ST. LOUIS" keeps its dot, "PARIS -" does not
        Cursor probe = *this;
        probe.i_ += len;
        if (c == '.') {
          i_ += len;
          break;
        }
        if (probe.Done() || !u_isUAlphabetic(probe.PeekChar())) break;
      }
      i_ += len;
    }
    return s_.substr(start, i_ - start);
  }
  bool TakeNumber(int min_digits, int max_digits, int& out) {
    int n = 0;
    int v = 0;
    while (n < max_digits && i_ + static_cast<size_t>(n) < s_.size() &&
           s_[i_ + static_cast<size_t>(n)] >= '0' && s_[i_ + static_cast<size_t>(n)] <= '9') {
      v = v * 10 + (s_[i_ + static_cast<size_t>(n)] - '0');
      ++n;
    }
    if (n < min_digits) return false;
    if (i_ + static_cast<size_t>(n) < s_.size() && s_[i_ + static_cast<size_t>(n)] >= '0' &&
        s_[i_ + static_cast<size_t>(n)] <= '9') {
      return false;  // more digits than a day or year has
    }
    i_ += static_cast<size_t>(n);
    out = v;
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool StartsUpperOrCaseless(std::string_view word) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(word.data(), i, static_cast<int32_t>(word.size()), c);
  if (c < 0) return false;
  return u_isupper(c) || u_istitle(c) || (!u_islower(c) && u_isUAlphabetic(c));
}

bool IsAllCaps(std::string_view text) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  int letters = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (u_islower(c)) return false;
    if (u_isupper(c)) ++letters;
  }
  return letters >= 2;
}

// A place in a script without case (Arabic, Hebrew, CJK...) of one or two words: there,
// capitals cannot mark a dateline, and "الرباط - " at the head of a story is one.
bool IsShortCaseless(std::string_view text) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  int letters = 0;
  int words = 1;
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0 || u_isupper(c) || u_islower(c) || u_istitle(c)) return false;
    if (c == ' ') ++words;
    if (u_isUAlphabetic(c)) ++letters;
  }
  return letters >= 2 && words <= 2;
}

// Lowercase words allowed inside a place name: "RIO DE JANEIRO", "Frankfurt am Main".
bool IsPlaceConnector(std::string_view word) {
  for (std::string_view w :
       {"de", "del", "da", "do",  "dos", "das",  "di",  "la", "le", "les", "el",
        "al", "am",  "an", "der", "of",  "upon", "sur", "en", "y",  "i"}) {
    if (word == w) return true;
  }
  return false;
}

// One to five capitalised words; stops before ',' '(' or a separator.
std::optional<std::string> TakePlace(Cursor& c) {
  const size_t start = c.pos();
  size_t end = start;
  int words = 0;
  for (;;) {
    c.SkipSpaces();
    const size_t word_start = c.pos();
    const std::string_view word = c.TakeWord();
    if (word.empty()) break;
    const bool capital = StartsUpperOrCaseless(word);
    if (!capital && !(words > 0 && IsPlaceConnector(word))) {
      c.set_pos(word_start);
      break;
    }
    if (++words > kMaxPlaceWords) return std::nullopt;
    end = c.pos();
  }
  if (words == 0) return std::nullopt;
  c.set_pos(end);
  std::string_view place = c.Slice(start, end);
  while (!place.empty() && (place.front() == ' ' || place.front() == '\t')) place.remove_prefix(1);
  if (place.size() > kMaxPlaceBytes) return std::nullopt;
  return std::string(place);
}

// "(Reuters)", "/Интерфакс/", "（路透）": short, no digits, no nested parentheses.
std::optional<std::string> TakeAgency(Cursor& c) {
  const size_t start = c.pos();
  c.SkipSpaces();
  std::string_view closing;
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"(", ")"},
                             {"/", "/"},
                             {"\uFF08", "\uFF09"}}) {
    if (c.Take(open)) {
      closing = close;
      break;
    }
  }
  if (closing.empty()) {
    c.set_pos(start);
    return std::nullopt;
  }
  const std::string_view rest = c.Rest();
  const size_t close = rest.find(closing);
  if (close == std::string_view::npos || close == 0 || close > kMaxAgencyBytes) {
    c.set_pos(start);
    return std::nullopt;
  }
  const std::string_view agency = rest.substr(0, close);
  for (char ch : agency) {
    if ((ch >= '0' && ch <= '9') || ch == '(' || ch == ',') {
      c.set_pos(start);
      return std::nullopt;
    }
  }
  c.set_pos(c.pos() + close + closing.size());
  return std::string(agency);
}

// "-", "--", "–", "—", ".-", ":" with spaces around; true when one was taken.
bool TakeSeparator(Cursor& c) {
  const size_t start = c.pos();
  c.SkipSpaces();
  for (std::string_view sep : {".-", "--", "-", "\u2013", "\u2014\u2014", "\u2014", ":"}) {
    if (c.Take(sep)) {
      c.SkipSpaces();
      return true;
    }
  }
  c.set_pos(start);
  return false;
}

struct DayMonthYear {
  int day = 0;
  int month = 0;
  int year = 0;  // 0 when not given
};

// "16 avril", "16. April", "15 de abril de 2026", "April 16", "April 16, 2026", "16 APR 2026".
std::optional<DayMonthYear> TakeDate(Cursor& c) {
  const size_t start = c.pos();
  DayMonthYear date;
  c.SkipSpaces();
  if (c.TakeNumber(1, 2, date.day)) {
    c.Take(".");
    c.SkipSpaces();
    if (c.Take("de ")) c.SkipSpaces();
    date.month = MonthFromWord(c.TakeWord());
  } else {
    date.month = MonthFromWord(c.TakeWord());
    c.SkipSpaces();
    if (date.month == 0 || !c.TakeNumber(1, 2, date.day)) {
      c.set_pos(start);
      return std::nullopt;
    }
  }
  if (date.month == 0 || date.day < 1 || date.day > 31) {
    c.set_pos(start);
    return std::nullopt;
  }
  const size_t before_year = c.pos();
  c.Take(",");
  c.SkipSpaces();
  if (c.Take("de ")) c.SkipSpaces();
  if (!c.TakeNumber(4, 4, date.year)) c.set_pos(before_year);
  return date;
}

std::optional<UnixMillis> ResolveDate(const DayMonthYear& date,
                                      std::optional<UnixMillis> reference) {
  int year = date.year;
  if (year == 0) {
    if (!reference) return std::nullopt;
    // The reference's year, unless that puts the day well after the reference (a story
    // dated 31 December and sent on 2 January).
    const std::string iso = FormatRfc3339Utc(*reference);
    year = std::stoi(iso.substr(0, 4));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, date.month, date.day);
    auto candidate = ParseDateTime(buf);
    if (candidate && *candidate > *reference + 31LL * 86400 * 1000) --year;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, date.month, date.day);
  return ParseDateTime(buf);
}

// PLACE[, REGION][, DATE] (AGENCY)[ SEP]  and  PLACE, DATE SEP
std::optional<Dateline> PlaceFirst(std::string_view paragraph,
                                   std::optional<UnixMillis> reference) {
  Cursor c(paragraph);
  auto place = TakePlace(c);
  if (!place) return std::nullopt;
  Dateline dateline;
  dateline.place = *place;
  std::optional<DayMonthYear> date;
  for (int segment = 0; segment < 2 && c.Take(","); ++segment) {
    if ((date = TakeDate(c))) break;
    auto region = TakePlace(c);  // "GROSSETO, Italy (AP)"
    if (!region) return std::nullopt;
    dateline.place += ", " + *region;
  }
  const bool strong = date || IsAllCaps(dateline.place) || IsShortCaseless(dateline.place);
  if (auto agency = TakeAgency(c)) {
    dateline.agency = *agency;
    // "Téhéran, 15 avril (RHC) La réponse": no separator; "John Smith (AP) said" is no dateline.
    if (!TakeSeparator(c) && !strong) return std::nullopt;
  } else if (!TakeSeparator(c) || !strong) {
    // Without an agency, a dateline needs a separator, and a date or a place in capitals,
    // so that an ordinary sentence ("Officials said - ...") is not taken for one.
    return std::nullopt;
  }
  if (date) dateline.date = ResolveDate(*date, reference);
  c.SkipSpaces();
  dateline.length = c.pos();
  return dateline;
}

// (AGENCY) SEP PLACE[, DATE] SEP — ANSA's form.
std::optional<Dateline> AgencyFirst(std::string_view paragraph,
                                    std::optional<UnixMillis> reference) {
  Cursor c(paragraph);
  auto agency = TakeAgency(c);
  if (!agency || !TakeSeparator(c)) return std::nullopt;
  auto place = TakePlace(c);
  if (!place) return std::nullopt;
  Dateline dateline;
  dateline.agency = *agency;
  dateline.place = *place;
  if (c.Take(",")) {
    if (auto date = TakeDate(c)) dateline.date = ResolveDate(*date, reference);
  }
  if (!TakeSeparator(c)) return std::nullopt;
  dateline.length = c.pos();
  return dateline;
}

// The Chinese agencies' form: 新华社广州4月15日电 (Xinhua, Guangzhou, April 15), and China
// News Service's 中新社香港9月24日电.
std::optional<Dateline> ChineseAgency(std::string_view paragraph,
                                      std::optional<UnixMillis> reference) {
  std::string_view agency_name;
  for (std::string_view agency : {"新华社", "中新社"}) {
    if (paragraph.starts_with(agency)) agency_name = agency;
  }
  if (agency_name.empty()) return std::nullopt;
  Cursor c(paragraph.substr(agency_name.size()));
  const size_t digits = c.Rest().find_first_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos || digits > kMaxPlaceBytes)
    return std::nullopt;
  Dateline dateline;
  dateline.agency = std::string(agency_name);
  dateline.place = std::string(c.Rest().substr(0, digits));
  c.set_pos(digits);
  DayMonthYear date;
  if (!c.TakeNumber(1, 2, date.month) || !c.Take("月") || !c.TakeNumber(1, 2, date.day) ||
      !c.Take("日") || !c.Take("电")) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  dateline.date = ResolveDate(date, reference);
  c.SkipSpaces();
  dateline.length = agency_name.size() + c.pos();
  // A reporter credit in full-width parentheses follows: （记者…）
  if (paragraph.substr(dateline.length).starts_with("（")) {
    const size_t close = paragraph.find("）", dateline.length);
    if (close != std::string_view::npos && close - dateline.length < 80) {
      dateline.length = close + std::string_view("）").size();
    }
  }
  return dateline;
}

}  // namespace

std::optional<Dateline> ParseDateline(std::string_view paragraph,
                                      std::optional<UnixMillis> reference) {
  std::optional<Dateline> dateline = ChineseAgency(paragraph, reference);
  if (!dateline) dateline = AgencyFirst(paragraph, reference);
  if (!dateline) dateline = PlaceFirst(paragraph, reference);
  // A dateline opens the story: something must follow it.
  if (dateline && dateline->length >= paragraph.size()) return std::nullopt;
  return dateline;
}

}  // namespace copydesk::text
