#include "copydesk/text/date.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace copydesk::text {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// A small cursor over the text; every Take* consumes only on success.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Done() const { return i_ >= s_.size(); }
  char Peek() const { return Done() ? '\0' : s_[i_]; }
  bool Take(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpaces() {
    while (!Done() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  // Exactly `n` digits (or between min and max when given).
  bool TakeDigits(size_t min, size_t max, int64_t& out) {
    size_t n = 0;
    int64_t v = 0;
    while (n < max && i_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + n]))) {
      v = v * 10 + (s_[i_ + n] - '0');
      ++n;
    }
    if (n < min) return false;
    i_ += n;
    out = v;
    return true;
  }
  // Up to nine digits after a decimal point, and how many there were.
  bool TakeFraction(int64_t& out, size_t& width) {
    const size_t start = i_;
    if (!TakeDigits(1, 9, out)) return false;
    width = i_ - start;
    while (!Done() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;  // finer precision
    return true;
  }
  std::string_view TakeAlpha() {
    const size_t start = i_;
    while (!Done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(start, i_ - start);
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<UnixMillis> Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                                  int64_t ms, int64_t offset_minutes) {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
      d > DaysInMonth(y, static_cast<unsigned>(mo)) || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  if (s == 60) s = 59;  // a leap second names the last second of its minute
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t seconds = days * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  return seconds * 1000 + ms;
}

// "Z", "+02:00", "+0200", "+02", "UTC", "GMT", US zones; nothing means UTC.
bool TakeZone(Cursor& c, int64_t& offset_minutes) {
  c.SkipSpaces();
  offset_minutes = 0;
  if (c.Done()) return true;
  if (c.Take('Z') || c.Take('z')) return true;
  const char sign = c.Peek();
  if (sign == '+' || sign == '-') {
    c.Take(sign);
    int64_t hh, mm = 0;
    if (!c.TakeDigits(2, 2, hh)) return false;
    c.Take(':');
    if (!c.Done() && !c.TakeDigits(2, 2, mm)) return false;
    if (hh > 23 || mm > 59) return false;
    offset_minutes = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
  }
  const std::string_view name = c.TakeAlpha();
  static constexpr std::array<std::pair<std::string_view, int>, 11> kZones{{
      {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"EST", -300}, {"EDT", -240}, {"CST", -360},
      {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
  }};
  for (const auto& [zone, minutes] : kZones) {
    if (EqualsIgnoreCase(name, zone)) {
      offset_minutes = minutes;
      return true;
    }
  }
  return false;
}

// hh:mm[:ss[.fff]]
bool TakeTime(Cursor& c, int64_t& h, int64_t& mi, int64_t& s, int64_t& ms) {
  s = 0;
  ms = 0;
  if (!c.TakeDigits(2, 2, h) || !c.Take(':') || !c.TakeDigits(2, 2, mi)) return false;
  if (c.Take(':')) {
    if (!c.TakeDigits(2, 2, s)) return false;
    if (c.Take('.') || c.Take(',')) {
      // Milliseconds from the first three digits: ".5" is 500 ms, ".123456" is 123 ms.
      int64_t frac;
      size_t width;
      if (!c.TakeFraction(frac, width)) return false;
      for (; width < 3; ++width) frac *= 10;
      for (; width > 3; --width) frac /= 10;
      ms = frac;
    }
  }
  return true;
}

std::optional<UnixMillis> ParseIso(std::string_view text) {
  Cursor c(text);
  int64_t y, mo, d, h = 0, mi = 0, s = 0, ms = 0, offset = 0;
  if (!c.TakeDigits(4, 4, y) || !c.Take('-') || !c.TakeDigits(2, 2, mo) || !c.Take('-') ||
      !c.TakeDigits(2, 2, d)) {
    return std::nullopt;
  }
  if (c.Take('T') || c.Take('t') || c.Take(' ')) {
    if (!TakeTime(c, h, mi, s, ms)) return std::nullopt;
    if (!TakeZone(c, offset)) return std::nullopt;
  }
  c.SkipSpaces();
  if (!c.Done()) return std::nullopt;
  return Compose(y, mo, d, h, mi, s, ms, offset);
}

std::optional<UnixMillis> ParseRfc2822(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  Cursor c(text);
  c.SkipSpaces();
  if (std::isalpha(static_cast<unsigned char>(c.Peek()))) {  // optional weekday
    c.TakeAlpha();
    c.Take(',');
    c.SkipSpaces();
  }
  int64_t d, y, h, mi, s, ms, offset;
  if (!c.TakeDigits(1, 2, d)) return std::nullopt;
  c.SkipSpaces();
  const std::string_view month = c.TakeAlpha();
  int64_t mo = 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (month.size() >= 3 && EqualsIgnoreCase(month.substr(0, 3), kMonths[i])) mo = static_cast<int64_t>(i) + 1;
  }
  if (mo == 0) return std::nullopt;
  c.SkipSpaces();
  if (!c.TakeDigits(2, 4, y)) return std::nullopt;
  if (y < 100) {
    y += y < 50 ? 2000 : 1900;  // RFC 2822's obsolete two-digit years
  } else if (y < 1000) {
    y += 1900;  // and three-digit ones
  }
  c.SkipSpaces();
  if (!TakeTime(c, h, mi, s, ms)) return std::nullopt;
  if (!TakeZone(c, offset)) return std::nullopt;
  c.SkipSpaces();
  if (!c.Done()) return std::nullopt;
  return Compose(y, mo, d, h, mi, s, ms, offset);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<UnixMillis> ParseDateTime(std::string_view text) {
  text = Trim(text);
  if (text.size() < 8 || text.size() > 64) return std::nullopt;
  if (auto t = ParseIso(text)) return t;
  return ParseRfc2822(text);
}

std::string FormatRfc3339Utc(UnixMillis millis) {
  int64_t seconds = millis / 1000;
  int64_t ms = millis % 1000;
  if (ms < 0) {
    ms += 1000;
    --seconds;
  }
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[40];
  const int h = static_cast<int>(rem / 3600), mi = static_cast<int>(rem / 60 % 60),
            s = static_cast<int>(rem % 60);
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03lldZ", static_cast<long long>(y), m,
                  d, h, mi, s, static_cast<long long>(ms));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d, h,
                  mi, s);
  }
  return buf;
}

}  // namespace copydesk::text
