#include "copydesk/text/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>

namespace copydesk::text {
namespace {

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsInvisible(UChar32 c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || c == 0xfeff || c == 0xad;
}

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xa0 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f || c == 0x3000;
}

void Append(std::string& out, UChar32 c) {
  char buf[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buf, length, 4, c, error);
  if (!error) out.append(buf, static_cast<size_t>(length));
}

std::string NfcOf(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(text, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalised = nfc->normalize(text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normalised.toUTF8String(out);
  return out;
}

// Windows-1252's bytes 0x80..0x9F, as the code points a mis-decoding produced from them.
constexpr std::array<UChar32, 32> kCp1252High{
    0x20ac, 0x81,   0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8d,   0x017d, 0x8f,   0x90,   0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,   0x017e, 0x0178};

// The Windows-1252 byte a code point came from, or -1.
int Cp1252Byte(UChar32 c) {
  if (c < 0x80) return c;
  if (c >= 0xa0 && c <= 0xff) return c;
  for (size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == c) return static_cast<int>(0x80 + i);
  }
  return -1;
}

// A continuation byte of UTF-8 seen through Windows-1252: 0x80..0xBF.
bool IsContinuationLookalike(UChar32 c) {
  const int byte = Cp1252Byte(c);
  return byte >= 0x80 && byte <= 0xbf;
}

// The telltale of mojibake: a UTF-8 lead byte's look-alike (Â..ô) followed by a
// continuation byte's look-alike.
bool HasTelltale(std::string_view word) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(word.size());
  UChar32 previous = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(word.data(), i, n, c);
    if (previous >= 0xc2 && previous <= 0xf4 && IsContinuationLookalike(c)) return true;
    previous = c;
  }
  return false;
}

bool IsValidUtf8(std::string_view s) {
  int32_t i = 0;
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// The word's bytes before the mis-decoding, when every character maps back.
bool Unmangle(std::string_view word, std::string& out) {
  out.clear();
  int32_t i = 0;
  const auto n = static_cast<int32_t>(word.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(word.data(), i, n, c);
    const int byte = Cp1252Byte(c);
    if (byte < 0) return false;
    out.push_back(static_cast<char>(byte));
  }
  return IsValidUtf8(out) && !HasTelltale(out);
}

}  // namespace

std::string NormaliseText(std::string_view utf8) {
  const std::string nfc = IsAscii(utf8) ? std::string() : NfcOf(utf8);
  const std::string_view text = IsAscii(utf8) ? utf8 : std::string_view(nfc);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  UChar32 previous = 0;  // last code point written
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) continue;
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (IsInvisible(c)) continue;
    if (c == 0x2018 || c == 0x201b || c == 0x2032) {
      // An apostrophe between letters ("l‘Iran") is U+2019; a quote opening a word is not.
      UChar32 next = 0;
      if (i < n) {
        int32_t j = i;
        U8_NEXT(text.data(), j, n, next);
      }
      if (!pending_space && u_isalpha(previous) && u_isalpha(next)) c = 0x2019;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    Append(out, c);
    previous = c;
  }
  return out;
}

RepairResult RepairMojibake(std::string_view utf8) {
  RepairResult result;
  if (IsAscii(utf8) || !HasTelltale(utf8)) {
    result.text = std::string(utf8);
    return result;
  }
  result.text.reserve(utf8.size());
  std::string bytes;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = utf8.find(' ', start);
    if (end == std::string_view::npos) end = utf8.size();
    const std::string_view word = utf8.substr(start, end - start);
    if (HasTelltale(word)) {
      if (Unmangle(word, bytes)) {
        result.text += bytes;
        result.repaired = true;
      } else {
        result.text += word;
        result.suspicious = true;
      }
    } else {
      result.text += word;
    }
    if (end < utf8.size()) result.text.push_back(' ');
    start = end + 1;
  }
  return result;
}

}  // namespace copydesk::text
