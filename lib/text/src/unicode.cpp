// NormaliseText (one pass over the code points, then ICU's NFC when needed) and
// RepairMojibake (Windows-1252 look-alikes mapped back to bytes).
#include "copydesk/text/unicode.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace copydesk::text {
namespace {

// How many bytes at the start of `s` are ASCII.
size_t AsciiPrefix(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

// 'A'..'Z' to 'a'..'z' in ASCII bytes, eight at a time (SWAR): per byte, the high bit of
// b + (0x80 - 'A') is set from 'A' up, that of b + (0x7f - 'Z') above 'Z'; no byte
// carries into the next since every byte is below 0x80.
void LowerAsciiInPlace(char* p, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    const uint64_t from_a = word + 0x3f3f3f3f3f3f3f3fULL;   // 0x80 - 'A' in each byte
    const uint64_t above_z = word + 0x2525252525252525ULL;  // 0x7f - 'Z' in each byte
    const uint64_t upper = from_a & ~above_z & 0x8080808080808080ULL;
    word |= upper >> 2;  // 0x80 >> 2 is 0x20, the case bit
    std::memcpy(p + i, &word, 8);
  }
  for (; i < size; ++i) {
    if (p[i] >= 'A' && p[i] <= 'Z') p[i] = static_cast<char>(p[i] + ('a' - 'A'));
  }
}

// Decodes the code point at s[i] and moves i past it. Ill-formed UTF-8 (overlong forms,
// surrogates, past U+10FFFF, truncated) gives U+FFFD and moves one byte.
UChar32 Decode(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int length = 0;
  UChar32 c = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
    c = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    c = b0 & 0x0f;
    if (b0 == 0xe0) low = 0xa0;
    if (b0 == 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    c = b0 & 0x07;
    if (b0 == 0xf0) low = 0x90;
    if (b0 == 0xf4) high = 0x8f;
  } else {
    ++i;
    return 0xfffd;
  }
  if (i + static_cast<size_t>(length) > s.size()) {
    ++i;
    return 0xfffd;
  }
  for (int k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if (b < low || b > high) {
      ++i;
      return 0xfffd;
    }
    low = 0x80;
    high = 0xbf;
    c = (c << 6) | (b & 0x3f);
  }
  i += static_cast<size_t>(length);
  return c;
}

void Append(std::string& out, UChar32 c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
}

// ---- NormaliseText -----------------------------------------------------------------------

// '!'..'~': printable ASCII other than space.
bool IsPrintableAscii(char c) {
  return static_cast<unsigned char>(c - 0x21) < 0x5e;
}

// Where the run of words starting at s[i] (printable) ends: printable ASCII and single
// spaces, each followed by printable ASCII. Eight bytes at a time (SWAR): the first byte
// that is not ' '..'~' or that starts a double space ends it. Per byte, the high bit of
// b + 0x60 is set from ' ' up and that of b + 1 from DEL up; a byte that is not ASCII may
// carry into the next, but only bytes after the first bad one are misread.
size_t CopyableRunEnd(std::string_view s, size_t i) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  size_t k = i;
  bool space_before = false;  // the byte before s[k] is a space
  for (; k + 8 <= s.size(); k += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + k, 8);
    const uint64_t bad =
        (word | ~(word + 0x6060606060606060ULL) | (word + 0x0101010101010101ULL)) & kHigh;
    const uint64_t t = word ^ 0x2020202020202020ULL;
    const uint64_t space = ~(((t & kLow7) + kLow7) | t) & kHigh;  // exact, per byte
    if (space_before && (space & 0x80) != 0) return k - 1;        // a double space across words
    // The first space of each pair is marked; the run ends at it.
    const uint64_t stop = bad | ((space & (space << 8)) >> 8);
    if (stop != 0) {
      k += static_cast<size_t>(__builtin_ctzll(stop)) / 8;
      return s[k - 1] == ' ' ? k - 1 : k;  // a space before a bad byte is the caller's
    }
    space_before = (space >> 63) != 0;
  }
  if (space_before && k < s.size() && s[k] == ' ') return k - 1;
  while (k < s.size()) {  // the tail, byte by byte
    if (IsPrintableAscii(s[k])) {
      ++k;
    } else if (s[k] == ' ' && k + 1 < s.size() && IsPrintableAscii(s[k + 1])) {
      k += 2;
    } else {
      break;
    }
  }
  if (s[k - 1] == ' ') --k;  // a space before what ends the run is left to the caller
  return k;
}

bool IsLineBreak(UChar32 c) {
  return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool IsSpaceLike(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0x0b || c == 0x0c || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f || c == 0x3000;
}

bool IsRemoved(UChar32 c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xad || c == 0x061c ||
         (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

// The next code point that will be written (removed ones skipped), or 0.
UChar32 PeekWritten(std::string_view s, size_t i) {
  while (i < s.size()) {
    const UChar32 c = Decode(s, i);
    if (!IsRemoved(c) || IsLineBreak(c) || IsSpaceLike(c) || c == '\r') return c;
  }
  return 0;
}

bool IsLetterOrMark(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK)) != 0;
}

// Where ZWNJ and ZWJ are spelling: between non-ASCII letters or marks (Persian, Indic) and
// between pictographs (emoji sequences; a skin tone is a modifier, VS16 a mark).
bool IsJoinable(UChar32 c) {
  return c >= 0x80 && (IsLetterOrMark(c) || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                       u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER));
}

bool IsApostropheLike(UChar32 c) {
  return c == 0x2018 || c == 0x201b || c == 0x2032 || c == 0xb4;
}

// NFC by ICU, straight on UTF-8; the input when it is NFC already (the common case).
std::string Nfc(std::string text) {
  if (text.size() > static_cast<size_t>(INT32_MAX)) return text;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return text;
  status = U_ZERO_ERROR;
  std::string normalised;
  normalised.reserve(text.size());
  icu::StringByteSink<std::string> sink(&normalised);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? normalised : text;
}

// ---- RepairMojibake ------------------------------------------------------------------------

// The byte a code point stands for when Windows-1252 (or Latin-1) decoded UTF-8 bytes, or -1.
// U+0080..U+009F stand for themselves: Latin-1 decoders make them, and lenient Windows-1252
// ones for the bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
int MojibakeByte(UChar32 c) {
  if (c < 0x100) return c;
  switch (c) {
    case 0x20ac:
      return 0x80;
    case 0x201a:
      return 0x82;
    case 0x0192:
      return 0x83;
    case 0x201e:
      return 0x84;
    case 0x2026:
      return 0x85;
    case 0x2020:
      return 0x86;
    case 0x2021:
      return 0x87;
    case 0x02c6:
      return 0x88;
    case 0x2030:
      return 0x89;
    case 0x0160:
      return 0x8a;
    case 0x2039:
      return 0x8b;
    case 0x0152:
      return 0x8c;
    case 0x017d:
      return 0x8e;
    case 0x2018:
      return 0x91;
    case 0x2019:
      return 0x92;
    case 0x201c:
      return 0x93;
    case 0x201d:
      return 0x94;
    case 0x2022:
      return 0x95;
    case 0x2013:
      return 0x96;
    case 0x2014:
      return 0x97;
    case 0x02dc:
      return 0x98;
    case 0x2122:
      return 0x99;
    case 0x0161:
      return 0x9a;
    case 0x203a:
      return 0x9b;
    case 0x0153:
      return 0x9c;
    case 0x017e:
      return 0x9e;
    case 0x0178:
      return 0x9f;
    default:
      return -1;
  }
}

bool IsContinuation(int byte) {
  return byte >= 0x80 && byte <= 0xbf;
}

// After a capital letter (or ß), closing punctuation is ordinary text: "IRMÃ”", "Ö»".
bool IsClosingPunctuation(UChar32 c) {
  return c == 0x2019 || c == 0x201d || c == 0x201c || c == 0x2018 || c == 0x203a || c == 0x2039 ||
         c == 0xbb || c == 0xab;
}

struct Mapped {
  UChar32 code_point;
  int byte;  // MojibakeByte(code_point)
};

std::vector<Mapped> MapCodePoints(std::string_view text) {
  std::vector<Mapped> mapped;
  mapped.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = Decode(text, i);
    mapped.push_back({c, MojibakeByte(c)});
  }
  return mapped;
}

// Whether a telltale starts at mapped[k] (see the header); `size`: how many follow k.
bool TelltaleAt(const Mapped* mapped, size_t size, size_t k) {
  const int lead = mapped[k].byte;
  if (lead < 0xc2 || lead > 0xf4 || k + 1 >= size) return false;
  const int second = mapped[k + 1].byte;
  if (!IsContinuation(second)) return false;
  if (lead <= 0xdf) {
    if (lead == 0xc2) return true;
    const UChar32 next = mapped[k + 1].code_point;
    return !IsClosingPunctuation(next) && (lead == 0xc3 || next != 0xa0);
  }
  if (lead == 0xe2 && second == 0x80) return true;  // "â€", complete or not
  if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
      (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
    return false;
  }
  const size_t length = lead <= 0xef ? 3 : 4;
  if (k + length > size) return false;
  for (size_t j = 2; j < length; ++j) {
    if (!IsContinuation(mapped[k + j].byte)) return false;
  }
  return true;
}

// Streaming, without a copy: this runs on every paragraph, nearly always clean.
bool HasTelltale(std::string_view text) {
  // A lead look-alike is one of U+00C2..U+00F4, in UTF-8 0xC3 and a second byte; 0xC3 is
  // never a continuation byte, so each one found starts a code point the decoder would
  // visit, and nothing else needs decoding.
  for (size_t i = text.find('\xc3'); i != std::string_view::npos; i = text.find('\xc3', i)) {
    const UChar32 c = Decode(text, i);
    const int byte = MojibakeByte(c);
    if (byte < 0xc2 || byte > 0xf4) continue;
    // A lead look-alike: map it and the (at most three) code points after it.
    std::array<Mapped, 4> window{};
    window[0] = {c, byte};
    size_t size = 1;
    for (size_t j = i; size < window.size() && j < text.size(); ++size) {
      const UChar32 next = Decode(text, j);
      window[size] = {next, MojibakeByte(next)};
    }
    if (TelltaleAt(window.data(), size, 0)) return true;
  }
  return false;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t at = i;
    if (Decode(s, i) == 0xfffd && s.substr(at, 3) != "\xef\xbf\xbd") return false;
  }
  return true;
}

bool HasTelltaleIn(const Mapped* mapped, size_t size) {
  for (size_t k = 0; k < size; ++k) {
    if (TelltaleAt(mapped, size, k)) return true;
  }
  return false;
}

// The bytes the characters stood for; true when they are valid UTF-8.
bool MapBack(const Mapped* mapped, size_t size, std::string& bytes) {
  bytes.clear();
  for (size_t j = 0; j < size; ++j) {
    bytes.push_back(static_cast<char>(mapped[j].byte));
    // "à" is C3 A0 and NBSP C2 A0; the A0 often became a plain space on the way.
    if ((mapped[j].byte == 0xc3 || mapped[j].byte == 0xc2) && j + 1 < size &&
        mapped[j + 1].code_point == ' ') {
      bytes.push_back(static_cast<char>(0xa0));
      ++j;
    }
  }
  return IsValidUtf8(bytes);
}

void AppendCodePoints(const Mapped* mapped, size_t size, std::string& out) {
  for (size_t j = 0; j < size; ++j) Append(out, mapped[j].code_point);
}

// How many code points the telltale at mapped[k] spans (see TelltaleAt), 0 when none.
size_t TelltaleLength(const Mapped* mapped, size_t size, size_t k) {
  if (!TelltaleAt(mapped, size, k)) return 0;
  const int lead = mapped[k].byte;
  const size_t full = lead <= 0xdf ? 2 : lead <= 0xef ? 3 : 4;
  size_t length = 1;
  while (length < full && k + length < size && IsContinuation(mapped[k + length].byte)) ++length;
  return length;
}

bool IsLowercaseLetter(UChar32 c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
}

// A run whose bytes are not valid UTF-8 as a whole (correct text next to mangled text:
// "Ã¼berhaupt … „Aber natÃ¼rlich“"): the correct non-ASCII characters, those in no
// telltale, are left as they are and split the run into segments (ASCII and telltales),
// each mapped back alone. "Ã" or "Â" before a space counts as "à" or NBSP here only after a
// lowercase letter ("déjÃ  vu"): "AMANHÃ " is Portuguese.
bool RepairSegments(const Mapped* mapped, size_t size, std::string& out) {
  std::vector<bool> covered(size, false);
  for (size_t k = 0; k < size;) {
    const size_t length = TelltaleLength(mapped, size, k);
    if (length > 0) {
      std::fill(covered.begin() + static_cast<std::ptrdiff_t>(k),
                covered.begin() + static_cast<std::ptrdiff_t>(k + length), true);
      k += length;
      continue;
    }
    if ((mapped[k].byte == 0xc3 || mapped[k].byte == 0xc2) && k > 0 && k + 1 < size &&
        mapped[k + 1].code_point == ' ' && IsLowercaseLetter(mapped[k - 1].code_point)) {
      covered[k] = covered[k + 1] = true;
      k += 2;
      continue;
    }
    ++k;
  }
  bool repaired = false;
  std::string bytes;
  size_t k = 0;
  while (k < size) {
    if (mapped[k].code_point >= 0x80 && !covered[k]) {
      Append(out, mapped[k++].code_point);
      continue;
    }
    const size_t begin = k;
    while (k < size && (mapped[k].code_point < 0x80 || covered[k])) ++k;
    if (HasTelltaleIn(mapped + begin, k - begin) && MapBack(mapped + begin, k - begin, bytes)) {
      out += bytes;
      repaired = true;
    } else {
      AppendCodePoints(mapped + begin, k - begin, out);
    }
  }
  return repaired;
}

// One round: each run of characters Windows-1252 can encode that has a telltale is mapped
// back whole, or else segment by segment. False when nothing was replaced.
bool RepairRuns(std::string_view text, std::string& out) {
  const std::vector<Mapped> mapped = MapCodePoints(text);
  bool repaired = false;
  std::string bytes;
  size_t k = 0;
  while (k < mapped.size()) {
    if (mapped[k].byte < 0) {
      Append(out, mapped[k].code_point);
      ++k;
      continue;
    }
    const size_t begin = k;
    while (k < mapped.size() && mapped[k].byte >= 0) ++k;
    const Mapped* run = mapped.data() + begin;
    const size_t size = k - begin;
    if (!HasTelltaleIn(run, size)) {
      AppendCodePoints(run, size, out);
    } else if (MapBack(run, size, bytes)) {
      out += bytes;
      repaired = true;
    } else {
      repaired |= RepairSegments(run, size, out);
    }
  }
  return repaired;
}

constexpr int kMaxRepairRounds = 3;

// Damage a repair cannot undo: a capital lead look-alike left inside a word, after a
// lowercase letter ("yasaÄı", "oluÅturmak": Turkish ğ and ş lost their second byte before
// the text reached us).
bool HasDamage(std::string_view text) {
  UChar32 before = 0;
  size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = Decode(text, i);
    // Â..Þ: the look-alikes of two-byte leads that are capitals; after a lowercase letter
    // inside a word they are no spelling. (The three-byte leads à..ï and ß are ordinary
    // lowercase letters: "déjà", "Straße".)
    if (c >= 0xc2 && c <= 0xde && c != 0xd7 && u_islower(before) && i < text.size()) {
      size_t j = i;
      const UChar32 after = Decode(text, j);
      if (!IsSpaceLike(after) && !IsLineBreak(after) && after != '\r') return true;
    }
    before = c;
  }
  return false;
}

}  // namespace

std::string NormaliseText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  bool line_start = true;
  bool needs_nfc = false;
  UChar32 previous = 0;  // the last code point written on this line
  size_t i = 0;
  while (i < utf8.size()) {
    // Most text is runs of printable ASCII words, copied as they are. A single space between
    // two of them is copied with them: it would be written as one pending space anyway.
    const size_t run = IsPrintableAscii(utf8[i]) ? CopyableRunEnd(utf8, i) : i;
    if (run > i) {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(utf8.data() + i, run - i);
      previous = static_cast<unsigned char>(utf8[run - 1]);
      line_start = false;
      i = run;
      continue;
    }
    UChar32 c = Decode(utf8, i);
    if (c == '\r') {
      if (i < utf8.size() && utf8[i] == '\n') continue;  // "\r\n": the "\n" comes next
      c = '\n';
    }
    if (IsLineBreak(c)) {
      out.push_back('\n');
      pending_space = false;
      line_start = true;
      previous = 0;
      continue;
    }
    if (IsSpaceLike(c)) {
      pending_space = !line_start;
      continue;
    }
    if (IsRemoved(c)) {
      const bool joiner = (c == 0x200c || c == 0x200d) && !pending_space && IsJoinable(previous) &&
                          IsJoinable(PeekWritten(utf8, i));
      if (!joiner) continue;
    }
    if (IsApostropheLike(c) && !pending_space && IsLetterOrMark(previous) &&
        IsLetterOrMark(PeekWritten(utf8, i))) {
      c = 0x2019;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    Append(out, c);
    line_start = false;
    previous = c;
    needs_nfc |= c >= 0x300;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const size_t first = out.find_first_not_of('\n');
  out.erase(0, first == std::string::npos ? out.size() : first);
  return needs_nfc ? Nfc(std::move(out)) : out;
}

RepairResult RepairMojibake(std::string_view utf8) {
  return RepairMojibake(std::string(utf8));
}

RepairResult RepairMojibake(std::string&& owned) {
  RepairResult result;
  if (!HasTelltale(owned)) {  // pure ASCII returns here at once
    result.text = std::move(owned);
    return result;
  }
  const std::string_view utf8 = owned;
  std::string text(utf8);
  bool changed = false;
  for (int round = 0; round < kMaxRepairRounds && HasTelltale(text); ++round) {
    std::string fixed;
    fixed.reserve(text.size());
    if (!RepairRuns(text, fixed)) break;
    text = std::move(fixed);
    changed = true;
  }
  if (HasTelltale(text)) {
    result.text = std::string(utf8);
    result.suspicious = true;
    return result;
  }
  result.suspicious = changed && HasDamage(text);
  result.text = std::move(text);
  result.repaired = changed;
  return result;
}

void AppendLowercase(std::string_view utf8, std::string& out) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(utf8.size());
  out.reserve(out.size() + utf8.size());
  while (i < n) {
    // A run of ASCII is appended at once and lowered in place, eight bytes at a time.
    const size_t end = static_cast<size_t>(i) + AsciiPrefix(utf8.substr(static_cast<size_t>(i)));
    if (end > static_cast<size_t>(i)) {
      const size_t from = out.size();
      out.append(utf8.data() + i, end - static_cast<size_t>(i));
      LowerAsciiInPlace(out.data() + from, out.size() - from);
      i = static_cast<int32_t>(end);
      continue;
    }
    UChar32 c;
    U8_NEXT(utf8.data(), i, n, c);
    if (c < 0) continue;
    c = u_tolower(c);
    char buf[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(buf, length, 4, c, error);
    if (!error) out.append(buf, static_cast<size_t>(length));
  }
}

}  // namespace copydesk::text
