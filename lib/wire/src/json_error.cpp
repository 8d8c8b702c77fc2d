#include "json_error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace copydesk::wire {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::optional<JsonSyntaxError> Run() {
    // Containers still open: '{' or '['.
    std::vector<char> open;
    bool expect_value = true;
    for (;;) {
      SkipSpace();
      if (expect_value) {
        if (AtEnd()) return Fail("unexpected end of input, a value was expected");
        const char c = s_[i_];
        if (c == '{' || c == '[') {
          const char close = c == '{' ? '}' : ']';
          ++i_;
          SkipSpace();
          if (Peek() == close) {  // empty container: a complete value
            ++i_;
            expect_value = false;
            continue;
          }
          open.push_back(c);
          if (c == '{') {
            if (auto e = MemberKey()) return e;
          }
          continue;  // its first value is next
        }
        if (auto e = Scalar()) return e;
        expect_value = false;
        continue;
      }
      if (open.empty()) {
        if (!AtEnd()) return Fail(Describe("unexpected data after the document"));
        return std::nullopt;
      }
      if (AtEnd()) return Fail("unexpected end of input inside a container");
      const char c = s_[i_];
      const char close = open.back() == '{' ? '}' : ']';
      if (c == close) {
        ++i_;
        open.pop_back();
      } else if (c == ',') {
        ++i_;
        if (open.back() == '{') {
          SkipSpace();
          if (auto e = MemberKey()) return e;
        }
        expect_value = true;
      } else {
        return Fail(Describe(fmt::format("expected ',' or '{}'", close)));
      }
    }
  }

 private:
  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  void SkipSpace() {
    while (!AtEnd() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  std::optional<JsonSyntaxError> Fail(std::string message, bool lone_surrogate = false) const {
    return JsonSyntaxError{i_, std::move(message), lone_surrogate};
  }
  std::optional<JsonSyntaxError> FailAt(size_t offset, std::string message) const {
    return JsonSyntaxError{offset, std::move(message), false};
  }
  std::string Describe(std::string_view what) const {
    if (AtEnd()) return fmt::format("{}, found the end of input", what);
    const auto c = static_cast<unsigned char>(s_[i_]);
    if (c < 0x20 || c >= 0x7f) return fmt::format("{}, found byte 0x{:02x}", what, c);
    return fmt::format("{}, found '{}'", what, static_cast<char>(c));
  }

  // `"key" :` of an object member; leaves the cursor at its value.
  std::optional<JsonSyntaxError> MemberKey() {
    if (Peek() != '"') return Fail(Describe("expected a member name in double quotes"));
    if (auto e = String()) return e;
    SkipSpace();
    if (Peek() != ':') return Fail(Describe("expected ':' after the member name"));
    ++i_;
    return std::nullopt;
  }

  std::optional<JsonSyntaxError> Scalar() {
    const char c = s_[i_];
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    for (std::string_view literal : {"true", "false", "null"}) {
      if (s_.substr(i_, literal.size()) == literal) {
        i_ += literal.size();
        return std::nullopt;
      }
    }
    return Fail(Describe("expected a value"));
  }

  int HexValue(size_t at) const {
    int v = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char h = at + k < s_.size() ? s_[at + k] : '\0';
      const int d = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  std::optional<JsonSyntaxError> String() {
    const size_t start = i_++;
    while (!AtEnd()) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return std::nullopt;
      }
      if (c < 0x20) return Fail(fmt::format("unescaped control character 0x{:02x} in a string", c));
      if (c != '\\') {
        ++i_;
        continue;
      }
      const char e = Peek() == '\\' && i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
      if (e == 'u') {
        const int unit = HexValue(i_ + 2);
        if (unit < 0) return Fail("\\u must be followed by four hex digits");
        if (unit >= 0xdc00 && unit <= 0xdfff) return Fail("lone UTF-16 surrogate escape", true);
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const bool paired = s_.substr(i_ + 6, 2) == "\\u" && HexValue(i_ + 8) >= 0xdc00 &&
                              HexValue(i_ + 8) <= 0xdfff;
          if (!paired) return Fail("lone UTF-16 surrogate escape", true);
          i_ += 6;
        }
        i_ += 6;
      } else if (e != '\0' && std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
        i_ += 2;
      } else {
        return Fail("invalid escape in a string");
      }
    }
    i_ = start;
    return Fail("unterminated string");
  }

  // Also refuses numbers that are valid JSON but that simdjson cannot represent (integers
  // beyond 64 bits, doubles beyond their range), since those are why it refused the record.
  std::optional<JsonSyntaxError> Number() {
    const size_t start = i_;
    bool integer = true;
    auto digits = [&] {
      const size_t start = i_;
      while (!AtEnd() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > start;
    };
    if (Peek() == '-') ++i_;
    if (Peek() == '0') {
      ++i_;
    } else if (!digits()) {
      return Fail(Describe("expected a digit"));
    }
    if (Peek() == '.') {
      integer = false;
      ++i_;
      if (!digits()) return Fail(Describe("expected a digit after the decimal point"));
    }
    if (Peek() == 'e' || Peek() == 'E') {
      integer = false;
      ++i_;
      if (Peek() == '+' || Peek() == '-') ++i_;
      if (!digits()) return Fail(Describe("expected a digit in the exponent"));
    }
    const std::string token(s_.substr(start, i_ - start));
    if (integer) {
      errno = 0;
      if (token.front() == '-') {
        (void)std::strtoll(token.c_str(), nullptr, 10);
      } else {
        (void)std::strtoull(token.c_str(), nullptr, 10);
      }
      if (errno == ERANGE) return FailAt(start, "integer does not fit in 64 bits");
    } else if (!std::isfinite(std::strtod(token.c_str(), nullptr))) {
      return FailAt(start, "number out of the range of a double");
    }
    return std::nullopt;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<JsonSyntaxError> LocateJsonError(std::string_view bytes) { return Scanner(bytes).Run(); }

}  // namespace copydesk::wire
