#include "copydesk/wire/decoder.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "content_format.h"
#include "json_error.h"
#include "utf8_scan.h"

namespace copydesk::wire {
namespace {

// Every key the decoder understands, across all input shapes. Aliases of one field are
// listed in priority order (DESIGN.md): the first present one wins.
enum class Key : uint8_t {
  kUrl,
  kLink,
  kTitle,
  kHeadline,
  kContent,
  kBody,
  kText,
  kHtml,
  kMarkdown,
  kPublished,
  kDate,
  kPubDate,
  kSource,
  kSite,
  kAuthor,
  kByline,
  kLanguage,
  kLang,
  kId,
  kGuid,
  kUri,
  kHeadlines,
  kBodies,
  kDescriptions,
  kBodyText,
  kBodyHtml,
  kDescriptionText,
  kDescriptionHtml,
  kVersionCreated,
  kFirstCreated,
  kBy,
  kVersion,
  kCopyrightHolder,
  kCopyrightNotice,
  kLocated,
  kSlugline,
  kPubstatus,
  kUrgency,
  kCount
};
constexpr size_t kKeyCount = static_cast<size_t>(Key::kCount);

struct KeyName {
  std::string_view name;
  Key key;
};

// Sorted by name for binary search.
constexpr auto kKeyNames = [] {
  std::array<KeyName, kKeyCount> names{{
      {"author", Key::kAuthor},
      {"bodies", Key::kBodies},
      {"body", Key::kBody},
      {"body_html", Key::kBodyHtml},
      {"body_text", Key::kBodyText},
      {"by", Key::kBy},
      {"byline", Key::kByline},
      {"content", Key::kContent},
      {"copyrightholder", Key::kCopyrightHolder},
      {"copyrightnotice", Key::kCopyrightNotice},
      {"date", Key::kDate},
      {"description_html", Key::kDescriptionHtml},
      {"description_text", Key::kDescriptionText},
      {"descriptions", Key::kDescriptions},
      {"firstcreated", Key::kFirstCreated},
      {"guid", Key::kGuid},
      {"headline", Key::kHeadline},
      {"headlines", Key::kHeadlines},
      {"html", Key::kHtml},
      {"id", Key::kId},
      {"lang", Key::kLang},
      {"language", Key::kLanguage},
      {"link", Key::kLink},
      {"located", Key::kLocated},
      {"markdown", Key::kMarkdown},
      {"pubDate", Key::kPubDate},
      {"published", Key::kPublished},
      {"pubstatus", Key::kPubstatus},
      {"site", Key::kSite},
      {"slugline", Key::kSlugline},
      {"source", Key::kSource},
      {"text", Key::kText},
      {"title", Key::kTitle},
      {"urgency", Key::kUrgency},
      {"uri", Key::kUri},
      {"url", Key::kUrl},
      {"version", Key::kVersion},
      {"versioncreated", Key::kVersionCreated},
  }};
  return names;
}();
static_assert(std::is_sorted(kKeyNames.begin(), kKeyNames.end(),
                             [](const KeyName& a, const KeyName& b) { return a.name < b.name; }));

std::string_view KeyNameOf(Key key) {
  for (const auto& k : kKeyNames) {
    if (k.key == key) return k.name;
  }
  return "?";
}

bool LookupKey(std::string_view name, Key& key) {
  auto it = std::lower_bound(kKeyNames.begin(), kKeyNames.end(), name,
                             [](const KeyName& k, std::string_view n) { return k.name < n; });
  if (it == kKeyNames.end() || it->name != name) return false;
  key = it->key;
  return true;
}

std::string_view TypeName(simdjson::dom::element_type type) {
  using T = simdjson::dom::element_type;
  switch (type) {
    case T::ARRAY:
      return "array";
    case T::OBJECT:
      return "object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "number";
    case T::STRING:
      return "string";
    case T::BOOL:
      return "boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "value";
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

using Element = simdjson::dom::element;

// An optional string member: its value, or empty when absent or not a string.
std::string_view StringOr(simdjson::dom::object object, std::string_view key) {
  std::string_view s;
  if (object[key].get(s) != simdjson::SUCCESS) return {};
  return s;
}

// The fields of one object, found in a single pass over its keys.
class FieldSet {
 public:
  explicit FieldSet(simdjson::dom::object object) {
    for (auto field : object) {
      Key key;
      if (!LookupKey(field.key, key)) continue;
      const auto i = static_cast<size_t>(key);
      if (present_[i] || field.value.is_null()) continue;  // first occurrence wins; null = absent
      present_[i] = true;
      values_[i] = field.value;
    }
  }
  bool Has(Key key) const { return present_[static_cast<size_t>(key)]; }
  Element Get(Key key) const { return values_[static_cast<size_t>(key)]; }

  // The first present key among `keys`, in their priority order.
  template <size_t N>
  std::optional<Key> First(const std::array<Key, N>& keys) const {
    for (Key k : keys) {
      if (Has(k)) return k;
    }
    return std::nullopt;
  }

 private:
  std::bitset<kKeyCount> present_;
  std::array<Element, kKeyCount> values_{};
};

// Maps one document onto a RawItem; the first problem found ends the mapping.
class Mapper {
 public:
  Mapper(const DecodeLimits& limits, RawItem& item) : limits_(limits), item_(item) {}

  std::optional<Rejection> Map(simdjson::dom::object root) {
    const FieldSet fields(root);
    for (Key key : {Key::kContent, Key::kBody, Key::kText, Key::kHtml, Key::kMarkdown, Key::kBodies,
                    Key::kDescriptions, Key::kBodyText, Key::kBodyHtml, Key::kDescriptionText,
                    Key::kDescriptionHtml}) {
      body_field_seen_ |= fields.Has(key);
    }
    if (fields.Has(Key::kHeadlines) || fields.Has(Key::kBodies)) {
      item_.shape = Shape::kNinjs2;
      MapNinjsCommon(fields);
      MapNinjs2(fields);
    } else if (fields.Has(Key::kBodyText) || fields.Has(Key::kBodyHtml)) {
      item_.shape = Shape::kNinjs1;
      MapNinjsCommon(fields);
      MapNinjs1(fields);
    } else {
      item_.shape = Shape::kScraped;
      MapScraped(fields);
    }
    if (!rejection_ && IsBlank(item_.body)) {
      Reject(RejectReason::kMissingBody,
             body_field_seen_ ? "the body is empty or blank"
                              : "no body: none of content, body, text, html, markdown, bodies, "
                                "body_text, body_html, descriptions is present");
    }
    return std::move(rejection_);
  }

 private:
  void Reject(RejectReason reason, std::string detail) {
    if (!rejection_) rejection_ = Rejection{reason, std::move(detail)};
  }

  void WrongType(std::string_view field, std::string_view expected, Element value) {
    Reject(RejectReason::kWrongType,
           fmt::format("field '{}' must be {}, got {}", field, expected, TypeName(value.type())));
  }

  // Copies a string value into `out` after checking its type and length.
  bool TakeString(std::string_view field, Element value, std::string& out) {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) {
      WrongType(field, "a string", value);
      return false;
    }
    if (s.size() > limits_.max_field_bytes) {
      Reject(RejectReason::kTooLarge,
             fmt::format("field '{}' is {} bytes, over limits.max_field_bytes = {}", field,
                         s.size(), limits_.max_field_bytes));
      return false;
    }
    out.assign(s);
    return true;
  }

  bool TakeKey(const FieldSet& fields, Key key, std::string& out) {
    if (!fields.Has(key)) return true;
    return TakeString(KeyNameOf(key), fields.Get(key), out);
  }

  template <size_t N>
  std::optional<Key> TakeFirst(const FieldSet& fields, const std::array<Key, N>& keys,
                               std::string& out) {
    auto key = fields.First(keys);
    if (key) TakeKey(fields, *key, out);
    return key;
  }

  // A string, a number (ids are often numeric) or nothing.
  void TakeIdLike(std::string_view field, Element value, std::string& out) {
    int64_t i;
    uint64_t u;
    if (value.get_int64().get(i) == simdjson::SUCCESS) {
      out = std::to_string(i);
    } else if (value.get_uint64().get(u) == simdjson::SUCCESS) {
      out = std::to_string(u);
    } else if (value.is_string()) {
      TakeString(field, value, out);
    } else {
      WrongType(field, "a string or an integer", value);
    }
  }

  // A name given as a string, an object with a name, or (authors) a list of those.
  void TakeName(std::string_view field, Element value, std::string& out, bool allow_list) {
    if (value.is_string()) {
      TakeString(field, value, out);
      return;
    }
    simdjson::dom::object object;
    if (value.get_object().get(object) == simdjson::SUCCESS) {
      Element name;
      if (object["name"].get(name) == simdjson::SUCCESS && name.is_string()) {
        TakeString(field, name, out);
      } else {
        Reject(RejectReason::kWrongType,
               fmt::format("field '{}' is an object without a string 'name'", field));
      }
      return;
    }
    simdjson::dom::array array;
    if (allow_list && value.get_array().get(array) == simdjson::SUCCESS) {
      std::string one;
      for (Element e : array) {
        one.clear();
        TakeName(field, e, one, false);
        if (rejection_) return;
        if (one.empty()) continue;
        if (!out.empty()) out += ", ";
        out += one;
      }
      return;
    }
    WrongType(field,
              allow_list ? "a string, an object with a name or a list of them"
                         : "a string or an object with a name",
              value);
  }

  void MapScraped(const FieldSet& fields) {
    TakeFirst(fields, std::array{Key::kUrl, Key::kLink}, item_.url);
    TakeFirst(fields, std::array{Key::kTitle, Key::kHeadline}, item_.headline);
    TakeFirst(fields, std::array{Key::kPublished, Key::kDate, Key::kPubDate}, item_.published);
    TakeFirst(fields, std::array{Key::kLanguage, Key::kLang}, item_.language);
    if (auto key = fields.First(std::array{Key::kSource, Key::kSite})) {
      TakeName(KeyNameOf(*key), fields.Get(*key), item_.source, false);
    }
    if (auto key = fields.First(std::array{Key::kAuthor, Key::kByline})) {
      TakeName(KeyNameOf(*key), fields.Get(*key), item_.author, true);
    }
    if (auto key = fields.First(std::array{Key::kId, Key::kGuid})) {
      TakeIdLike(KeyNameOf(*key), fields.Get(*key), item_.sender_id);
    }
    // The first content field that holds text is the body; its key may name the format.
    for (Key key : {Key::kContent, Key::kBody, Key::kText, Key::kHtml, Key::kMarkdown}) {
      if (!fields.Has(key) || !TakeKey(fields, key, item_.body)) continue;
      if (IsBlank(item_.body)) continue;
      item_.body_format = key == Key::kHtml       ? ContentFormat::kHtml
                          : key == Key::kMarkdown ? ContentFormat::kMarkdown
                                                  : DetectContentFormat(item_.body);
      break;
    }
  }

  void MapNinjsCommon(const FieldSet& fields) {
    TakeKey(fields, Key::kUri, item_.uri);
    TakeKey(fields, Key::kVersionCreated, item_.published);
    TakeKey(fields, Key::kFirstCreated, item_.first_created);
    TakeKey(fields, Key::kLanguage, item_.language);
    TakeKey(fields, Key::kCopyrightHolder, item_.copyright_holder);
    TakeKey(fields, Key::kCopyrightNotice, item_.copyright_notice);
    TakeKey(fields, Key::kLocated, item_.located);
    TakeKey(fields, Key::kSlugline, item_.slugline);
    TakeKey(fields, Key::kPubstatus, item_.pubstatus);
    if (fields.Has(Key::kVersion)) TakeIdLike("version", fields.Get(Key::kVersion), item_.version);
    if (fields.Has(Key::kUrgency)) {
      int64_t urgency = 0;
      if (fields.Get(Key::kUrgency).get_int64().get(urgency) != simdjson::SUCCESS) {
        WrongType("urgency", "an integer", fields.Get(Key::kUrgency));
      } else if (urgency >= 1 && urgency <= 9) {
        item_.urgency = static_cast<int>(urgency);
      }
    }
  }

  // ninjs 2.x: headlines and bodies are arrays of {role, contenttype, value}.
  void MapNinjs2(const FieldSet& fields) {
    if (fields.Has(Key::kBy)) TakeName("by", fields.Get(Key::kBy), item_.author, true);
    if (fields.Has(Key::kHeadlines)) {
      TakeTextBlock("headlines", fields.Get(Key::kHeadlines), item_.headline, nullptr);
    }
    // Without bodies an agency's description is the text it sent (NTB sends such items).
    for (Key key : {Key::kBodies, Key::kDescriptions}) {
      if (!fields.Has(key) || !IsBlank(item_.body) || rejection_) continue;
      item_.body.clear();
      TakeTextBlock(KeyNameOf(key), fields.Get(key), item_.body, &item_.body_format);
    }
  }

  // Picks one entry of a ninjs text array: the richest body (HTML first, its structure helps
  // cleaning) or the "main" headline, else the first.
  void TakeTextBlock(std::string_view field, Element value, std::string& out,
                     ContentFormat* format) {
    simdjson::dom::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
      WrongType(field, "an array of objects with a 'value'", value);
      return;
    }
    int best_rank = -1;
    Element best_value;
    ContentFormat best_format = ContentFormat::kText;
    size_t index = 0;
    for (Element entry : array) {
      simdjson::dom::object object;
      Element text;
      if (entry.get_object().get(object) != simdjson::SUCCESS ||
          object["value"].get(text) != simdjson::SUCCESS || !text.is_string()) {
        Reject(RejectReason::kWrongType,
               fmt::format("field '{}[{}]' must be an object with a string 'value'", field, index));
        return;
      }
      const std::string_view role = StringOr(object, "role");
      const std::string_view contenttype = StringOr(object, "contenttype");
      const std::string_view s = text.get_string().value_unsafe();
      ContentFormat f = ContentFormat::kText;
      int rank = 1;
      if (format != nullptr) {
        if (contenttype.find("html") != std::string_view::npos ||
            role.find("html") != std::string_view::npos) {
          f = ContentFormat::kHtml;
          rank = 3;
        } else if (contenttype.find("markdown") != std::string_view::npos) {
          f = ContentFormat::kMarkdown;
          rank = 2;
        } else if (contenttype.empty()) {
          f = DetectContentFormat(s);
        }
      } else if (role == "main") {
        rank = 3;
      }
      if (IsBlank(s)) rank = 0;
      if (rank > best_rank) {
        best_rank = rank;
        best_value = text;
        best_format = f;
      }
      ++index;
    }
    if (best_rank < 0) return;
    if (TakeString(field, best_value, out) && format != nullptr) *format = best_format;
  }

  // ninjs 1.x: plain string fields.
  void MapNinjs1(const FieldSet& fields) {
    TakeKey(fields, Key::kHeadline, item_.headline);
    TakeKey(fields, Key::kByline, item_.author);
    if (fields.Has(Key::kBy) && item_.author.empty()) TakeKey(fields, Key::kBy, item_.author);
    const std::array<std::pair<Key, ContentFormat>, 4> bodies{{
        {Key::kBodyHtml, ContentFormat::kHtml},
        {Key::kBodyText, ContentFormat::kText},
        {Key::kDescriptionHtml, ContentFormat::kHtml},
        {Key::kDescriptionText, ContentFormat::kText},
    }};
    for (const auto& [key, format] : bodies) {
      if (!fields.Has(key) || !TakeKey(fields, key, item_.body)) continue;
      if (IsBlank(item_.body)) continue;
      item_.body_format = format;
      break;
    }
  }

  const DecodeLimits& limits_;
  RawItem& item_;
  std::optional<Rejection> rejection_;
  bool body_field_seen_ = false;
};

}  // namespace

std::string_view RejectReasonCode(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNotJson:
      return "not_json";
    case RejectReason::kNotObject:
      return "not_object";
    case RejectReason::kInvalidUtf8:
      return "invalid_utf8";
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kTooDeep:
      return "too_deep";
    case RejectReason::kMissingBody:
      return "missing_body";
    case RejectReason::kWrongType:
      return "wrong_type";
    case RejectReason::kEmpty:
      return "empty";
  }
  return "unknown";
}

// simdjson refuses a document that reaches its depth limit; ours is the deepest accepted.
size_t SimdjsonDepth(const DecodeLimits& limits) {
  return size_t{limits.max_depth} + 1;
}

Decoder::Decoder(DecodeLimits limits) : limits_(limits) {
  // Start small; the parser grows to the largest record seen, never past max_item_bytes.
  const size_t initial = std::min<uint64_t>(limits_.max_item_bytes, 64 << 10);
  if (parser_.allocate(initial, SimdjsonDepth(limits_)) != simdjson::SUCCESS) {
    std::abort();  // only on allocation failure: nothing sensible can follow
  }
}

Rejection Decoder::TooLarge(uint64_t size) const {
  return {RejectReason::kTooLarge,
          fmt::format("the record is {} bytes, over limits.max_item_bytes = {}", size,
                      limits_.max_item_bytes)};
}

std::optional<Rejection> Decoder::Decode(std::string_view bytes, RawItem& item) {
  item.Clear();
  if (bytes.size() > limits_.max_item_bytes) return TooLarge(bytes.size());
  if (IsBlank(bytes)) return Rejection{RejectReason::kEmpty, "the record is empty"};

  const size_t padded_size = bytes.size() + simdjson::SIMDJSON_PADDING;
  if (padded_.size() < padded_size) padded_.resize(padded_size);
  std::memcpy(padded_.data(), bytes.data(), bytes.size());
  std::memset(padded_.data() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);

  if (bytes.size() > parser_.capacity()) {
    if (parser_.allocate(bytes.size(), SimdjsonDepth(limits_)) != simdjson::SUCCESS) {
      return TooLarge(bytes.size());
    }
  }
  simdjson::dom::element root;
  if (auto error = parser_.parse(padded_.data(), bytes.size(), false).get(root)) {
    return Explain(error, bytes);
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Rejection{RejectReason::kNotObject,
                     fmt::format("the record is a JSON {}, not an object", TypeName(root.type()))};
  }
  return Mapper(limits_, item).Map(object);
}

// Turns a parse failure into a reason and a detail that points at the byte. simdjson says what
// is wrong but not where; for that the (rare) failing record is scanned again.
Rejection Decoder::Explain(simdjson::error_code error, std::string_view bytes) const {
  if (error == simdjson::DEPTH_ERROR) {
    return {RejectReason::kTooDeep,
            fmt::format("JSON nested deeper than limits.max_depth = {}", limits_.max_depth)};
  }
  if (error == simdjson::UTF8_ERROR) {
    return {RejectReason::kInvalidUtf8,
            fmt::format("invalid UTF-8 at byte {}", FirstInvalidUtf8(bytes))};
  }
  if (error == simdjson::CAPACITY) return TooLarge(bytes.size());
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    return {RejectReason::kNotJson,
            fmt::format("NUL byte at byte {}", static_cast<const char*>(nul) - bytes.data())};
  }

  if (auto syntax = LocateJsonError(bytes)) {
    if (syntax->lone_surrogate) {
      return {RejectReason::kInvalidUtf8,
              fmt::format("lone UTF-16 surrogate escape at byte {}", syntax->offset)};
    }
    return {RejectReason::kNotJson, fmt::format("{} at byte {}", syntax->message, syntax->offset)};
  }
  return {RejectReason::kNotJson, std::string(simdjson::error_message(error))};
}

std::string ParserVersion() {
  return std::to_string(simdjson::SIMDJSON_VERSION_MAJOR) + "." +
         std::to_string(simdjson::SIMDJSON_VERSION_MINOR) + "." +
         std::to_string(simdjson::SIMDJSON_VERSION_REVISION);
}

}  // namespace copydesk::wire
