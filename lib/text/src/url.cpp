// CanonicalUrl: split an http(s) URL, normalise each part, drop tracking and AMP noise.
#include "copydesk/text/url.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace copydesk::text {
namespace {

// Query parameters that say how a reader arrived, not which page they read.
constexpr std::string_view kTrackingParams[] = {
    "utm_*",     "fbclid",      "gclid", "dclid", "gbraid",   "wbraid", "msclkid",
    "mc_cid",    "mc_eid",      "yclid", "_ga",   "_gl",      "igshid", "ref_src",
    "ref_url",   "cmpid",       "ncid",  "ocid",  "sr_share", "spm",    "__twitter_impression",
    "at_medium", "at_campaign", "xtor",  "smid",  "ito",
};

// Parameters the Google AMP cache adds to the URLs it serves.
constexpr std::string_view kAmpCacheParams[] = {"amp_js_v", "amp_gsa", "usqp"};

// An AMP cache URL wraps another. The cache never wraps its own URLs, and Google's viewer
// wraps cache URLs at most once, so deeper nesting is garbage and unwrapping stops early.
constexpr int kMaxUnwrapDepth = 2;

constexpr char kHexDigits[] = "0123456789ABCDEF";

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
char Upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  return IsDigit(c) ? c - '0' : Lower(c) - 'a' + 10;
}

// RFC 3986 unreserved: an escape of one of these means the character itself.
bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Bytes a URL cannot carry as they are: controls, space, non-ASCII, and the characters
// RFC 3986 excludes. Escaping them makes "a b", "a%20b" and "a%20b" one spelling.
bool MustEscape(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return true;
  return std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) != std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// "name" or "prefix*", ASCII case-insensitive.
bool MatchesParam(std::string_view key, std::string_view pattern) {
  if (!pattern.empty() && pattern.back() == '*') {
    return StartsWithIgnoreCase(key, pattern.substr(0, pattern.size() - 1));
  }
  return EqualsIgnoreCase(key, pattern);
}

template <typename Patterns>
bool MatchesAny(std::string_view key, const Patterns& patterns) {
  return std::any_of(std::begin(patterns), std::end(patterns),
                     [&](const auto& pattern) { return MatchesParam(key, pattern); });
}

// Appends `in` with its percent-encoding normalised (see the header).
void AppendNormalisedEscapes(std::string& out, std::string_view in) {
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '%') {
      if (i + 2 < in.size() && IsHex(in[i + 1]) && IsHex(in[i + 2])) {
        const auto decoded =
            static_cast<unsigned char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
        if (IsUnreserved(decoded)) {
          out += static_cast<char>(decoded);
        } else {
          out += '%';
          out += Upper(in[i + 1]);
          out += Upper(in[i + 2]);
        }
        i += 2;
      } else {
        out += "%25";
      }
    } else if (MustEscape(c)) {
      out += '%';
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
}

struct Parts {
  std::string_view scheme;  // lower case: "http" or "https"
  std::string_view host;
  std::string_view port;
  std::string_view path;
  std::string_view query;
};

// Splits scheme://[userinfo@]host[:port]path[?query][#fragment]; false when it is not that
// shape or not http(s).
bool Split(std::string_view url, Parts& parts) {
  std::string_view rest;
  if (url.starts_with("//")) {
    parts.scheme = "https";
    rest = url.substr(2);
  } else {
    const size_t colon = url.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view scheme = url.substr(0, colon);
    if (EqualsIgnoreCase(scheme, "http")) {
      parts.scheme = "http";
    } else if (EqualsIgnoreCase(scheme, "https")) {
      parts.scheme = "https";
    } else {
      return false;
    }
    rest = url.substr(colon + 1);
    if (!rest.starts_with("//")) return false;
    rest.remove_prefix(2);
  }

  const size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
  const size_t authority_end = rest.find_first_of("/?\\");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  const size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  parts.query = question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);

  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);  // userinfo goes
  if (authority.starts_with('[')) {                                   // IPv6 literal
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    parts.host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return false;
    parts.port = after.empty() ? after : after.substr(1);
  } else {
    const size_t colon = authority.rfind(':');
    parts.host = authority.substr(0, colon);
    parts.port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  }
  return true;
}

// Lower-case host without a trailing dot, or empty when it is no host name.
std::string NormaliseHost(std::string_view host) {
  if (host.starts_with('[')) {
    if (host.size() < 4 || host.back() != ']') return {};
    std::string out = "[";
    for (char c : host.substr(1, host.size() - 2)) {
      if (!IsHex(c) && c != ':' && c != '.') return {};
      out += Lower(c);
    }
    return out + "]";
  }
  if (host.ends_with('.')) host.remove_suffix(1);  // "example.com." is example.com
  if (host.empty() || host.starts_with('.') || host.ends_with('.') ||
      host.find("..") != std::string_view::npos) {
    return {};  // an empty label
  }
  std::string out;
  out.reserve(host.size());
  for (char c : host) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !IsAlpha(c) && !IsDigit(c) && c != '-' && c != '.' && c != '_') return {};
    out += Lower(c);  // non-ASCII bytes pass unchanged
  }
  return out;
}

// Port without leading zeros, empty for the scheme's default; false when it is no port.
bool NormalisePort(std::string_view port, std::string_view scheme, std::string& out) {
  out.clear();
  if (port.empty()) return true;
  if (!std::all_of(port.begin(), port.end(), IsDigit)) return false;
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  if (port.size() > 5) return false;
  uint32_t value = 0;
  for (char c : port) value = value * 10 + static_cast<uint32_t>(c - '0');
  if (value > 65535) return false;
  if ((scheme == "http" && value == 80) || (scheme == "https" && value == 443)) return true;
  out = port;
  return true;
}

// RFC 3986 section 5.2.4 on an escape-normalised path ("%2E" is '.' by now). Empty segments
// stay ("//" is not "/" to every server); "." and ".." go, and when one ends the path the
// result ends with '/'.
std::string RemoveDotSegments(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    const bool last = slash == std::string_view::npos;
    const std::string_view segment =
        path.substr(start, last ? std::string_view::npos : slash - start);
    if (segment == "." || segment == "..") {
      if (segment == ".." && !segments.empty()) segments.pop_back();
      if (last) segments.emplace_back();
    } else {
      segments.push_back(segment);
    }
    if (last) break;
    start = slash + 1;
  }
  std::string out;
  out.reserve(path.size() + 1);
  for (const std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  return out.empty() ? "/" : out;
}

// The path of the page an AMP copy copies: "/story/amp/" -> "/story/", "/story/amp" ->
// "/story", "/story.amp.html" -> "/story.html", "/story.amp" -> "/story". Repeated until
// nothing changes, so the result is a fixed point (idempotence).
void FoldAmpPath(std::string& path) {
  while (true) {
    const size_t last_slash = path.rfind('/');
    const std::string_view segment = std::string_view(path).substr(last_slash + 1);
    if (path.ends_with("/amp/")) {
      path.resize(path.size() - 4);
    } else if (segment == "amp") {
      path.resize(path.size() - 4);
    } else if (segment.size() > 9 && segment.ends_with(".amp.html")) {
      path.erase(path.size() - 9, 4);
    } else if (segment.size() > 4 && segment.ends_with(".amp") && segment != "..amp" &&
               segment != "...amp") {
      path.resize(path.size() - 4);  // ("..amp" would leave ".", a dot segment)
    } else {
      break;
    }
  }
  if (path.empty()) path = "/";
}

// Strips "amp." (when folding AMP) and "www." (when asked) from the front of the host, as
// long as a dotted name remains ("amp.com" stays), then moves a host alias onto the site's
// host.
std::string_view FoldHost(std::string_view host, const UrlRules& rules) {
  while (true) {
    const bool amp = rules.fold_amp && host.starts_with("amp.");
    const bool www = rules.strip_www && host.starts_with("www.");
    if ((!amp && !www) || host.find('.', 4) == std::string_view::npos) break;
    host.remove_prefix(4);
  }
  if (std::find(rules.host_aliases.begin(), rules.host_aliases.end(), host) !=
      rules.host_aliases.end()) {
    return rules.host;
  }
  return host;
}

// Drops the prefixes the site serves its pages under again ("/index.php" of
// "/index.php/fr/x"), as often as they repeat, so that the result is a fixed point.
void DropPathPrefixes(std::string& path, const UrlRules& rules) {
  bool dropped = true;
  while (dropped) {
    dropped = false;
    for (const std::string& prefix : rules.drop_path_prefixes) {
      if (!prefix.empty() && path.starts_with(prefix) &&
          (path.size() == prefix.size() || path[prefix.size()] == '/')) {
        path.erase(0, prefix.size());
        if (path.empty()) path = "/";
        dropped = true;
      }
    }
  }
}

// The URL an AMP cache or viewer URL wraps, without its query, or empty:
//   https://www-example-com.cdn.ampproject.org/c/s/www.example.com/p -> https://www.example.com/p
//   https://www.google.com/amp/s/www.example.com/p                   -> https://www.example.com/p
std::string AmpWrappedUrl(std::string_view host, std::string_view path) {
  std::string_view rest;
  if (host == "cdn.ampproject.org" || host.ends_with(".cdn.ampproject.org")) {
    // /c/ documents, /v/ viewer, /i/ images, /r/ other resources
    if (path.size() < 4 || path[0] != '/' || path[2] != '/' ||
        std::string_view("cvir").find(path[1]) == std::string_view::npos) {
      return {};
    }
    rest = path.substr(3);
  } else if (host == "www.google.com" || host == "google.com") {
    if (!path.starts_with("/amp/")) return {};
    rest = path.substr(5);
  } else {
    return {};
  }
  const bool https = rest.starts_with("s/");
  if (https) rest.remove_prefix(2);
  const std::string_view wrapped_host = rest.substr(0, rest.find('/'));
  if (wrapped_host.find('.') == std::string_view::npos) return {};
  return std::string(https ? "https://" : "http://") + std::string(rest);
}

struct Param {
  std::string key;
  std::string value;
  bool has_value;  // "a=" and "a" are kept apart
};

bool IsAmpParam(const Param& param) {
  if (MatchesAny(param.key, kAmpCacheParams)) return true;
  if (EqualsIgnoreCase(param.key, "amp")) {
    return param.value.empty() || param.value == "1" || EqualsIgnoreCase(param.value, "true");
  }
  return EqualsIgnoreCase(param.key, "outputType") && EqualsIgnoreCase(param.value, "amp");
}

std::string NormaliseQuery(std::string_view query, const UrlRules& rules) {
  std::vector<Param> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view piece = query.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    const size_t equals = piece.find('=');
    Param param;
    AppendNormalisedEscapes(param.key, piece.substr(0, equals));
    param.has_value = equals != std::string_view::npos;
    if (param.has_value) AppendNormalisedEscapes(param.value, piece.substr(equals + 1));
    if (param.key.empty() && param.value.empty()) continue;
    if (MatchesAny(param.key, kTrackingParams) || MatchesAny(param.key, rules.drop_params)) {
      continue;
    }
    if (!rules.keep_params.empty() && !MatchesAny(param.key, rules.keep_params)) continue;
    if (rules.fold_amp && IsAmpParam(param)) continue;
    params.push_back(std::move(param));
  }
  std::stable_sort(params.begin(), params.end(), [](const Param& a, const Param& b) {
    return a.key != b.key ? a.key < b.key : a.value < b.value;
  });
  std::string out;
  for (const Param& param : params) {
    if (!out.empty()) out += '&';
    out += param.key;
    if (param.has_value) {
      out += '=';
      out += param.value;
    }
  }
  return out;
}

// Browsers drop these anywhere in a URL; elsewhere they come from line-wrapped text.
bool IsTabOrNewline(char c) {
  return c == '\t' || c == '\n' || c == '\r';
}

std::optional<std::string> Canonicalise(std::string_view url, const UrlRules& rules, int depth) {
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= 0x20) url.remove_suffix(1);
  std::string without_breaks;
  if (std::any_of(url.begin(), url.end(), IsTabOrNewline)) {
    std::copy_if(url.begin(), url.end(), std::back_inserter(without_breaks),
                 [](char c) { return !IsTabOrNewline(c); });
    url = without_breaks;
  }

  Parts parts;
  if (!Split(url, parts)) return std::nullopt;
  const std::string host = NormaliseHost(parts.host);
  if (host.empty()) return std::nullopt;
  std::string port;
  if (!NormalisePort(parts.port, parts.scheme, port)) return std::nullopt;

  std::string raw_path(parts.path);
  std::replace(raw_path.begin(), raw_path.end(), '\\', '/');
  std::string escaped_path;
  AppendNormalisedEscapes(escaped_path, raw_path);
  std::string path = RemoveDotSegments(escaped_path);

  if (rules.fold_amp) {
    std::string wrapped = AmpWrappedUrl(host, path);
    if (!wrapped.empty()) {
      // Whatever the wrapped URL is, the cache URL stands for it, so a cache URL wrapping
      // garbage is garbage. (Falling back to the cache URL itself would break idempotence.)
      if (depth >= kMaxUnwrapDepth) return std::nullopt;
      if (!parts.query.empty()) {
        wrapped += '?';
        wrapped += parts.query;
      }
      return Canonicalise(wrapped, rules, depth + 1);
    }
  }
  if (rules.fold_amp) FoldAmpPath(path);
  DropPathPrefixes(path, rules);

  std::string out(parts.scheme);
  out += "://";
  out += FoldHost(host, rules);
  if (!port.empty()) {
    out += ':';
    out += port;
  }
  out += path;
  const std::string query = NormaliseQuery(parts.query, rules);
  if (!query.empty()) {
    out += '?';
    out += query;
  }
  return out;
}

}  // namespace

std::optional<std::string> CanonicalUrl(std::string_view url, const UrlRules& rules) {
  return Canonicalise(url, rules, 0);
}

}  // namespace copydesk::text
