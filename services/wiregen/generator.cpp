// The synthetic feed: each template line is parsed once into JSON text with holes for what
// varies per item (identifiers, dates) and its bodies resized, so making an item is copying.
#include "copydesk/wiregen/generator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <simdjson.h>

#include "copydesk/core/json_writer.h"
#include "copydesk/wire/decoder.h"
#include "copydesk/wire/raw_item.h"

namespace copydesk::wiregen {
namespace {

constexpr size_t npos = std::string_view::npos;

// splitmix64: small and the same everywhere, so a seed names the same feed on every machine.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Writes every character outside ASCII as \uXXXX, for templates sent as ASCII-only JSON (what
// Python's json.dumps does by default), so their items keep the escapes the decoder must undo.
// Safe on whole JSON text: bytes >= 0x80 only occur inside strings.
std::string EscapeNonAscii(std::string_view json) {
  std::string out;
  out.reserve(json.size() * 2);
  for (size_t i = 0; i < json.size();) {
    const auto c = static_cast<unsigned char>(json[i]);
    if (c < 0x80) {
      out.push_back(json[i++]);
      continue;
    }
    const size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;  // the input is valid UTF-8
    uint32_t code = c & (0xff >> (length + 1));
    for (size_t k = 1; k < length && i + k < json.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(json[i + k]) & 0x3f);
    }
    i += length;
    if (code >= 0x10000) {
      code -= 0x10000;
      out += fmt::format("\\u{:04x}\\u{:04x}", 0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
    } else {
      out += fmt::format("\\u{:04x}", code);
    }
  }
  return out;
}

// `text` as a JSON string, quotes included; `ascii`: non-ASCII characters as \uXXXX too.
std::string JsonString(std::string_view text, bool ascii) {
  std::string out;
  AppendJsonString(out, text);
  return ascii ? EscapeNonAscii(out) : out;
}

size_t EscapedSize(std::string_view text, bool ascii) {
  return JsonString(text, ascii).size() - 2;
}

// Adds `suffix` where the identifier keeps its sender's look: at the end of a URL's last path
// segment (before a trailing slash or a file extension), else at the very end.
std::string UniqueId(std::string_view id, std::string_view suffix) {
  std::string out(id);
  const size_t scheme = id.find("://");
  if (scheme != npos) {
    const size_t path = id.find('/', scheme + 3);
    size_t end = id.find_first_of("?#", scheme + 3);
    if (end == npos) end = id.size();
    if (path != npos && path < end) {
      if (end - path > 1 && id[end - 1] == '/') --end;
      const size_t segment = id.rfind('/', end - 1) + 1;
      if (segment < end) {
        const size_t dot = id.rfind('.', end - 1);
        if (dot != npos && dot > segment && end - dot >= 2 && end - dot <= 6 &&
            std::all_of(id.begin() + dot + 1, id.begin() + end, IsAlpha)) {
          end = dot;  // ".html", ".amp"
        }
        out.insert(end, suffix);
        return out;
      }
    }
  }
  out += suffix;
  return out;
}

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};

bool ReadDigits(std::string_view text, size_t pos, size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!IsDigit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// A wall-clock time read from a date, with what is needed to write it back the same way.
struct WallClock {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false, has_seconds = false;
  size_t rest = 0;  // where the unparsed remainder (fraction, zone) starts

  std::optional<std::chrono::sys_seconds> Time() const {
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                              std::chrono::day{unsigned(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    return sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  }
};

// "2026-04-15", "2026-04-15T09:05", "2026-04-15T09:05:00", then anything.
std::optional<WallClock> ReadRfc3339(std::string_view text) {
  WallClock c;
  if (!ReadDigits(text, 0, 4, c.year) || text.size() < 10 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, c.month) || text[7] != '-' || !ReadDigits(text, 8, 2, c.day)) {
    return std::nullopt;
  }
  size_t pos = 10;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ') &&
      ReadDigits(text, pos + 1, 2, c.hour) && pos + 3 < text.size() && text[pos + 3] == ':' &&
      ReadDigits(text, pos + 4, 2, c.minute)) {
    c.has_time = true;
    pos += 6;
    if (pos < text.size() && text[pos] == ':' && ReadDigits(text, pos + 1, 2, c.second)) {
      c.has_seconds = true;
      pos += 3;
    }
  }
  c.rest = pos;
  return c;
}

// "Wed, 15 Apr 2026 14:12:00 GMT" (weekday optional, seconds optional), then anything.
std::optional<WallClock> ReadRfc2822(std::string_view text, bool& has_weekday,
                                     bool& two_digit_day) {
  WallClock c;
  size_t pos = 0;
  has_weekday = text.size() > 5 && IsAlpha(text[0]) && IsAlpha(text[1]) && IsAlpha(text[2]) &&
                text[3] == ',' && text[4] == ' ';
  if (has_weekday) pos = 5;
  two_digit_day = ReadDigits(text, pos, 2, c.day);
  if (!two_digit_day && !ReadDigits(text, pos, 1, c.day)) return std::nullopt;
  pos += two_digit_day ? 2 : 1;
  if (pos + 5 > text.size() || text[pos] != ' ' || text[pos + 4] != ' ') return std::nullopt;
  const auto month = std::find(kMonths.begin(), kMonths.end(), text.substr(pos + 1, 3));
  if (month == kMonths.end()) return std::nullopt;
  c.month = static_cast<int>(month - kMonths.begin()) + 1;
  pos += 5;
  if (!ReadDigits(text, pos, 4, c.year) || pos + 4 >= text.size() || text[pos + 4] != ' ' ||
      !ReadDigits(text, pos + 5, 2, c.hour) || pos + 7 >= text.size() || text[pos + 7] != ':' ||
      !ReadDigits(text, pos + 8, 2, c.minute)) {
    return std::nullopt;
  }
  c.has_time = true;
  pos += 10;
  if (pos < text.size() && text[pos] == ':' && ReadDigits(text, pos + 1, 2, c.second)) {
    c.has_seconds = true;
    pos += 3;
  }
  c.rest = pos;
  return c;
}

// The date moved by `shift` seconds and written in its own layout (RFC 3339 or RFC 2822). The
// zone is kept as written: moving the wall clock under a fixed offset moves the instant alike.
// Text in neither layout comes back unchanged.
std::string ShiftDate(std::string_view text, int64_t shift) {
  using namespace std::chrono;
  bool has_weekday = false, two_digit_day = false;
  auto clock = ReadRfc3339(text);
  const bool rfc3339 = clock.has_value();
  if (!rfc3339) clock = ReadRfc2822(text, has_weekday, two_digit_day);
  const auto time = clock ? clock->Time() : std::nullopt;
  if (!time) return std::string(text);

  const sys_seconds shifted = *time + seconds{shift};
  const sys_days date = floor<days>(shifted);
  const year_month_day ymd{date};
  const hh_mm_ss hms{shifted - date};
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  const auto hour = hms.hours().count(), minute = hms.minutes().count(),
             second = hms.seconds().count();

  std::string out;
  if (rfc3339) {
    out = fmt::format("{:04}-{:02}-{:02}", year, month, day);
    if (clock->has_time) out += fmt::format("{}{:02}:{:02}", text[10], hour, minute);
  } else {
    if (has_weekday) out = fmt::format("{}, ", kWeekdays[std::chrono::weekday{date}.c_encoding()]);
    out += two_digit_day ? fmt::format("{:02}", day) : fmt::format("{}", day);
    out += fmt::format(" {} {:04} {:02}:{:02}", kMonths[month - 1], year, hour, minute);
  }
  if (clock->has_seconds) out += fmt::format(":{:02}", second);
  out += text.substr(clock->rest);
  return out;
}

// A body split for resizing: the paragraphs that may be repeated or dropped, and what surrounds
// them. The paragraphs are the longest run of consecutive ones, so they are the article's
// text rather than a cookie notice, and repeating them keeps the markup balanced.
struct SplitBody {
  std::string_view head;
  std::vector<std::string_view> paragraphs;
  std::string_view joint;  // what separated two paragraphs of the run
  std::string_view tail;
};

// Keeps the run of paragraphs [first, last) of `found` with the most bytes as `best`.
void KeepLongestRun(std::string_view body, const std::vector<std::pair<size_t, size_t>>& found,
                    size_t first, size_t last, SplitBody& best, size_t& best_bytes) {
  if (first == last) return;
  const size_t bytes = found[last - 1].second - found[first].first;
  if (bytes <= best_bytes) return;
  best_bytes = bytes;
  best.head = body.substr(0, found[first].first);
  best.tail = body.substr(found[last - 1].second);
  best.paragraphs.clear();
  for (size_t i = first; i < last; ++i) {
    best.paragraphs.push_back(body.substr(found[i].first, found[i].second - found[i].first));
  }
  best.joint = last - first > 1
                   ? body.substr(found[first].second, found[first + 1].first - found[first].second)
                   : std::string_view("\n");
}

// HTML: <p> elements separated by nothing but white space form a run.
std::optional<SplitBody> SplitHtml(std::string_view body) {
  std::vector<std::pair<size_t, size_t>> found;  // [begin, end) of each <p>...</p>
  for (size_t pos = body.find("<p"); pos != npos; pos = body.find("<p", pos + 1)) {
    if (pos + 2 >= body.size() || (body[pos + 2] != '>' && body[pos + 2] != ' ')) continue;
    const size_t close = body.find("</p>", pos);
    if (close == npos) break;
    found.emplace_back(pos, close + 4);
    pos = close;
  }
  SplitBody best;
  size_t best_bytes = 0;
  size_t first = 0;
  for (size_t i = 1; i <= found.size(); ++i) {
    if (i < found.size() &&
        IsBlank(body.substr(found[i - 1].second, found[i].first - found[i - 1].second))) {
      continue;
    }
    KeepLongestRun(body, found, first, i, best, best_bytes);
    first = i;
  }
  if (best.paragraphs.empty()) return std::nullopt;
  return best;
}

// Prose, not a Markdown heading, rule, image or a short credit line.
bool IsProse(std::string_view paragraph) {
  return paragraph.size() >= 60 && !paragraph.starts_with('#') && !paragraph.starts_with('!') &&
         !paragraph.starts_with('|') && !paragraph.starts_with("---") &&
         !paragraph.starts_with("***") && !paragraph.starts_with("http");
}

// Plain text and Markdown: paragraphs end at blank lines, or at line ends when there is none.
SplitBody SplitText(std::string_view body) {
  const std::string_view separator = body.find("\n\n") != npos ? "\n\n" : "\n";
  std::vector<std::pair<size_t, size_t>> found;
  for (size_t pos = 0; pos < body.size();) {
    size_t end = body.find(separator, pos);
    if (end == npos) end = body.size();
    if (!IsBlank(body.substr(pos, end - pos))) found.emplace_back(pos, end);
    pos = end + separator.size();
  }
  SplitBody best;
  size_t best_bytes = 0;
  size_t first = 0;
  for (size_t i = 0; i <= found.size(); ++i) {
    if (i < found.size() &&
        IsProse(body.substr(found[i].first, found[i].second - found[i].first))) {
      continue;
    }
    KeepLongestRun(body, found, first, i, best, best_bytes);
    first = i + 1;
  }
  if (best.paragraphs.empty()) KeepLongestRun(body, found, 0, found.size(), best, best_bytes);
  if (best.paragraphs.size() == 1) best.joint = separator;
  return best;
}

SplitBody Split(std::string_view body) {
  if (body.find("</p>") != npos) {
    if (auto html = SplitHtml(body)) return *std::move(html);
  }
  return SplitText(body);
}

// The body grown (paragraphs repeated in order) or cut (trailing paragraphs dropped) to about
// `target` bytes once escaped; returned as a JSON string, quotes included.
std::string ResizedBody(std::string_view body, uint64_t target, bool ascii) {
  const SplitBody split = Split(body);
  if (split.paragraphs.empty()) return JsonString(body, ascii);  // nothing to resize by
  std::vector<size_t> sizes;
  for (std::string_view p : split.paragraphs) sizes.push_back(EscapedSize(p, ascii));
  const size_t joint = EscapedSize(split.joint, ascii);

  std::string text(split.head);
  uint64_t size = EscapedSize(split.head, ascii) + EscapedSize(split.tail, ascii);
  for (size_t k = 0;; ++k) {
    const size_t i = k % split.paragraphs.size();
    const uint64_t cost = sizes[i] + (k > 0 ? joint : 0);
    if (k > 0 && size + cost / 2 > target) break;  // stop where the size is nearest the target
    if (k > 0) text += split.joint;
    text += split.paragraphs[i];
    size += cost;
  }
  text += split.tail;
  return JsonString(text, ascii);
}

enum class Hole : uint8_t { kNone, kId, kDate, kBody };

// JSON text written as is, then the hole that follows it.
struct Piece {
  std::string json;
  Hole hole = Hole::kNone;
  std::string value;  // an id or date as sent; a body as escaped JSON once resized
};

bool IsOneOf(std::string_view key, std::initializer_list<std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Copies a parsed template into pieces, cutting a hole wherever a value varies per item.
class TemplateWriter {
 public:
  explicit TemplateWriter(Kind kind) : kind_(kind), writer_(text_) {}

  std::vector<Piece> Write(simdjson::dom::object root) && {
    CopyObject(root, Where::kTop);
    pieces_.push_back({text_.substr(cut_), Hole::kNone, {}});
    return std::move(pieces_);
  }

 private:
  enum class Where : uint8_t { kTop, kBodiesEntry, kInside };

  Hole HoleFor(Where where, std::string_view key, simdjson::dom::element value) const {
    if (!value.is_string()) return Hole::kNone;
    if (where == Where::kBodiesEntry) return key == "value" ? Hole::kBody : Hole::kNone;
    if (where != Where::kTop) return Hole::kNone;
    if (IsOneOf(key, {"url", "link", "guid", "id", "uri"})) return Hole::kId;
    if (IsOneOf(key, {"published", "date", "pubDate", "versioncreated", "firstcreated"})) {
      return Hole::kDate;
    }
    switch (kind_) {
      case Kind::kNinjs1:
        return IsOneOf(key, {"body_text", "body_html"}) ? Hole::kBody : Hole::kNone;
      case Kind::kNinjs2:
        return Hole::kNone;  // its bodies are in the `bodies` array
      default:
        return IsOneOf(key, {"content", "body", "text", "html", "markdown"}) ? Hole::kBody
                                                                             : Hole::kNone;
    }
  }

  void CopyObject(simdjson::dom::object object, Where where) {
    writer_.StartObject();
    for (auto field : object) {
      writer_.Key(field.key);
      const Hole hole = HoleFor(where, field.key, field.value);
      if (hole != Hole::kNone) {
        // The writer places commas and colons; an empty string holds the place and is cut out.
        writer_.String("");
        pieces_.push_back({text_.substr(cut_, text_.size() - 2 - cut_), hole,
                           std::string(field.value.get_string().value_unsafe())});
        cut_ = text_.size();
      } else if (where == Where::kTop && kind_ == Kind::kNinjs2 && field.key == "bodies" &&
                 field.value.is_array()) {
        CopyArray(field.value.get_array().value_unsafe(), Where::kBodiesEntry);
      } else {
        Copy(field.value, Where::kInside);
      }
    }
    writer_.EndObject();
  }

  void CopyArray(simdjson::dom::array array, Where where) {
    writer_.StartArray();
    for (auto entry : array) Copy(entry, where);
    writer_.EndArray();
  }

  void Copy(simdjson::dom::element value, Where where) {
    using Type = simdjson::dom::element_type;
    switch (value.type()) {
      case Type::OBJECT:
        CopyObject(value.get_object().value_unsafe(), where);
        break;
      case Type::ARRAY:
        CopyArray(value.get_array().value_unsafe(), Where::kInside);
        break;
      case Type::STRING:
        writer_.String(value.get_string().value_unsafe());
        break;
      case Type::INT64:
        writer_.Int(value.get_int64().value_unsafe());
        break;
      case Type::UINT64:
        writer_.Uint(value.get_uint64().value_unsafe());
        break;
      case Type::DOUBLE:
        writer_.Double(value.get_double().value_unsafe());
        break;
      case Type::BOOL:
        writer_.Bool(value.get_bool().value_unsafe());
        break;
      case Type::NULL_VALUE:
        writer_.Null();
        break;
    }
  }

  Kind kind_;
  std::string text_;
  JsonWriter writer_;
  size_t cut_ = 0;  // text_ before this is in pieces_ already
  std::vector<Piece> pieces_;
};

std::optional<Kind> KindOf(const wire::RawItem& raw, simdjson::dom::object object) {
  switch (raw.shape) {
    case wire::Shape::kNinjs2:
      return Kind::kNinjs2;
    case wire::Shape::kNinjs1:
      return Kind::kNinjs1;
    case wire::Shape::kScraped:
      break;
  }
  if (object["pubDate"].error() == simdjson::SUCCESS) return Kind::kRss;
  switch (raw.body_format) {
    case wire::ContentFormat::kHtml:
      return Kind::kHtml;
    case wire::ContentFormat::kMarkdown:
      return Kind::kMarkdown;
    case wire::ContentFormat::kText:
      return Kind::kText;
  }
  return std::nullopt;
}

// A suffix as long as most items' (numbers of five digits), for sizing.
constexpr uint64_t kTypicalNumber = 12345;

std::string Suffix(uint64_t seed, uint64_t number) {
  return fmt::format("-{}-{}", seed, number + 1);
}

}  // namespace

struct Template {
  Kind kind = Kind::kText;
  bool ascii_only = false;  // sent with \uXXXX escapes only
  std::vector<Piece> pieces;
};

namespace {

// Resizes a template's bodies so that its items come out near `item_bytes`: what is not body is
// measured, and the rest is shared among the bodies in proportion to their sizes as sent.
void ResizeBodies(Template& t, const Options& options) {
  const bool ascii = t.ascii_only;
  uint64_t fixed = 0, bodies = 0;
  const std::string suffix = Suffix(options.seed, kTypicalNumber);
  for (Piece& piece : t.pieces) {
    if (ascii) piece.json = EscapeNonAscii(piece.json);
    fixed += piece.json.size();
    switch (piece.hole) {
      case Hole::kNone:
        break;
      case Hole::kId:
        fixed += EscapedSize(UniqueId(piece.value, suffix), ascii) + 2;
        break;
      case Hole::kDate:
        fixed += EscapedSize(piece.value, ascii) + 2;
        break;
      case Hole::kBody:
        fixed += 2;
        bodies += EscapedSize(piece.value, ascii);
        break;
    }
  }
  const uint64_t budget = options.item_bytes > fixed ? options.item_bytes - fixed : 0;
  for (Piece& piece : t.pieces) {
    if (piece.hole != Hole::kBody) continue;
    const uint64_t share = bodies == 0 ? 0 : budget * EscapedSize(piece.value, ascii) / bodies;
    piece.value = ResizedBody(piece.value, share, ascii);
  }
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kHtml:
      return "html";
    case Kind::kMarkdown:
      return "markdown";
    case Kind::kText:
      return "text";
    case Kind::kRss:
      return "rss";
    case Kind::kNinjs2:
      return "ninjs2";
    case Kind::kNinjs1:
      return "ninjs1";
  }
  return "text";
}

std::optional<Kind> KindFromName(std::string_view name) {
  for (Kind kind : kAllKinds) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Generator::Generator(Options options, std::vector<Template> templates)
    : options_(std::move(options)), templates_(std::move(templates)) {}
Generator::Generator(Generator&&) noexcept = default;
Generator& Generator::operator=(Generator&&) noexcept = default;
Generator::~Generator() = default;

size_t Generator::template_count() const {
  return templates_.size();
}

Result<Generator> Generator::FromNdjson(std::string_view ndjson, const Options& options) {
  wire::Decoder decoder{wire::DecodeLimits{}};
  wire::RawItem raw;
  simdjson::dom::parser parser;
  std::vector<Template> templates;
  for (size_t pos = 0; pos < ndjson.size();) {
    size_t end = ndjson.find('\n', pos);
    if (end == npos) end = ndjson.size();
    std::string_view line = ndjson.substr(pos, end - pos);
    pos = end + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    // A template is a line copydesk accepts; broken lines are there to be rejected.
    if (decoder.Decode(line, raw)) continue;
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size(), true).get_object().get(object) !=
        simdjson::SUCCESS) {
      continue;
    }
    const auto kind = KindOf(raw, object);
    if (!kind) continue;
    if (!options.kinds.empty() &&
        std::find(options.kinds.begin(), options.kinds.end(), *kind) == options.kinds.end()) {
      continue;
    }
    Template t;
    t.kind = *kind;
    t.ascii_only = line.find("\\u") != npos && std::all_of(line.begin(), line.end(), [](char c) {
                     return static_cast<unsigned char>(c) < 0x80;
                   });
    t.pieces = TemplateWriter(*kind).Write(object);
    ResizeBodies(t, options);
    templates.push_back(std::move(t));
  }
  if (templates.empty()) {
    return Status::InvalidArgument(
        "no template left: no line that copydesk accepts" +
        std::string(options.kinds.empty() ? "" : " of the chosen shapes"));
  }
  // Fisher-Yates with the seed: a seed also picks the order in which the templates cycle.
  for (size_t i = templates.size() - 1; i > 0; --i) {
    std::swap(templates[i], templates[Mix(options.seed ^ Mix(i)) % (i + 1)]);
  }
  return Generator(options, std::move(templates));
}

Result<Generator> Generator::FromFile(const std::filesystem::path& path, const Options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: {}", path.string(), std::strerror(errno)));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed", path.string()));
  auto generator = FromNdjson(text, options);
  if (!generator.ok()) {
    return Status::InvalidArgument(
        fmt::format("{}: {}", path.string(), generator.status().message()));
  }
  return generator;
}

void Generator::Item(uint64_t number, std::string& out) const {
  const Template& t = templates_[number % templates_.size()];
  // Each pass over the templates is an hour later, plus up to an hour of jitter from the seed.
  const uint64_t jitter = Mix(options_.seed ^ Mix(number)) % 3600;
  const auto shift = static_cast<int64_t>((number / templates_.size()) * 3600 + jitter);
  const std::string suffix = Suffix(options_.seed, number);
  out.clear();
  for (const Piece& piece : t.pieces) {
    out += piece.json;
    switch (piece.hole) {
      case Hole::kNone:
        break;
      case Hole::kId:
        out += JsonString(UniqueId(piece.value, suffix), t.ascii_only);
        break;
      case Hole::kDate:
        out += JsonString(ShiftDate(piece.value, shift), t.ascii_only);
        break;
      case Hole::kBody:
        out += piece.value;
        break;
    }
  }
}

}  // namespace copydesk::wiregen
