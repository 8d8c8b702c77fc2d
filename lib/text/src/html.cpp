// HTML to blocks with gumbo: bounding what gumbo is given, parsing into an arena, and two
// iterative passes over the tree (facts and metadata, then the blocks).
#include "copydesk/text/html.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "block_builder.h"

namespace copydesk::text {
namespace {

constexpr size_t npos = std::string_view::npos;

char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// ---- What each tag is ------------------------------------------------------------------

enum TagTrait : uint16_t {
  kVoid = 1 << 0,        // has no end tag
  kSpecial = 1 << 1,     // HTML5's "special" category: stops an unmatched end tag's search
  kScope = 1 << 2,       // bounds "has an element in scope"
  kFormatting = 1 << 3,  // a, b, i, font...: reopened by the tree builder after blocks
  kClosesP = 1 << 4,     // its start tag closes an open <p>
  kRawText = 1 << 5,     // content is text up to its end tag (style, textarea, title...)
  kBreakout = 1 << 6,    // its start tag ends SVG or MathML content
};

using TraitTable = std::array<uint16_t, GUMBO_TAG_LAST + 1>;

const TraitTable& Traits() {
  static const TraitTable table = [] {
    TraitTable t{};
    auto mark = [&t](std::initializer_list<GumboTag> tags, uint16_t trait) {
      for (const GumboTag tag : tags) t[tag] |= trait;
    };
    mark({GUMBO_TAG_AREA, GUMBO_TAG_BASE, GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_BR,
          GUMBO_TAG_COL, GUMBO_TAG_EMBED, GUMBO_TAG_FRAME, GUMBO_TAG_HR, GUMBO_TAG_IMAGE,
          GUMBO_TAG_IMG, GUMBO_TAG_INPUT, GUMBO_TAG_KEYGEN, GUMBO_TAG_LINK, GUMBO_TAG_META,
          GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_WBR},
         kVoid);
    mark({GUMBO_TAG_ADDRESS,    GUMBO_TAG_APPLET,    GUMBO_TAG_AREA,     GUMBO_TAG_ARTICLE,
          GUMBO_TAG_ASIDE,      GUMBO_TAG_BASE,      GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
          GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,      GUMBO_TAG_BR,       GUMBO_TAG_BUTTON,
          GUMBO_TAG_CAPTION,    GUMBO_TAG_CENTER,    GUMBO_TAG_COL,      GUMBO_TAG_COLGROUP,
          GUMBO_TAG_DD,         GUMBO_TAG_DETAILS,   GUMBO_TAG_DIR,      GUMBO_TAG_DIV,
          GUMBO_TAG_DL,         GUMBO_TAG_DT,        GUMBO_TAG_EMBED,    GUMBO_TAG_FIELDSET,
          GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,    GUMBO_TAG_FOOTER,   GUMBO_TAG_FORM,
          GUMBO_TAG_FRAME,      GUMBO_TAG_FRAMESET,  GUMBO_TAG_H1,       GUMBO_TAG_H2,
          GUMBO_TAG_H3,         GUMBO_TAG_H4,        GUMBO_TAG_H5,       GUMBO_TAG_H6,
          GUMBO_TAG_HEAD,       GUMBO_TAG_HEADER,    GUMBO_TAG_HGROUP,   GUMBO_TAG_HR,
          GUMBO_TAG_HTML,       GUMBO_TAG_IFRAME,    GUMBO_TAG_IMG,      GUMBO_TAG_INPUT,
          GUMBO_TAG_ISINDEX,    GUMBO_TAG_LI,        GUMBO_TAG_LINK,     GUMBO_TAG_LISTING,
          GUMBO_TAG_MAIN,       GUMBO_TAG_MARQUEE,   GUMBO_TAG_MENU,     GUMBO_TAG_MENUITEM,
          GUMBO_TAG_META,       GUMBO_TAG_NAV,       GUMBO_TAG_NOEMBED,  GUMBO_TAG_NOFRAMES,
          GUMBO_TAG_NOSCRIPT,   GUMBO_TAG_OBJECT,    GUMBO_TAG_OL,       GUMBO_TAG_P,
          GUMBO_TAG_PARAM,      GUMBO_TAG_PLAINTEXT, GUMBO_TAG_PRE,      GUMBO_TAG_SCRIPT,
          GUMBO_TAG_SECTION,    GUMBO_TAG_SELECT,    GUMBO_TAG_SOURCE,   GUMBO_TAG_STYLE,
          GUMBO_TAG_SUMMARY,    GUMBO_TAG_TABLE,     GUMBO_TAG_TBODY,    GUMBO_TAG_TD,
          GUMBO_TAG_TEMPLATE,   GUMBO_TAG_TEXTAREA,  GUMBO_TAG_TFOOT,    GUMBO_TAG_TH,
          GUMBO_TAG_THEAD,      GUMBO_TAG_TITLE,     GUMBO_TAG_TR,       GUMBO_TAG_TRACK,
          GUMBO_TAG_UL,         GUMBO_TAG_WBR,       GUMBO_TAG_XMP},
         kSpecial);
    mark({GUMBO_TAG_APPLET, GUMBO_TAG_CAPTION, GUMBO_TAG_HTML, GUMBO_TAG_TABLE, GUMBO_TAG_TD,
          GUMBO_TAG_TH, GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT, GUMBO_TAG_TEMPLATE},
         kScope);
    mark({GUMBO_TAG_A, GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM, GUMBO_TAG_FONT,
          GUMBO_TAG_I, GUMBO_TAG_NOBR, GUMBO_TAG_S, GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE,
          GUMBO_TAG_STRONG, GUMBO_TAG_TT, GUMBO_TAG_U},
         kFormatting);
    mark({GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,  GUMBO_TAG_ASIDE,      GUMBO_TAG_BLOCKQUOTE,
          GUMBO_TAG_CENTER,  GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,        GUMBO_TAG_DIV,
          GUMBO_TAG_DL,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,
          GUMBO_TAG_FOOTER,  GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,     GUMBO_TAG_MAIN,
          GUMBO_TAG_MENU,    GUMBO_TAG_NAV,      GUMBO_TAG_OL,         GUMBO_TAG_P,
          GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,  GUMBO_TAG_UL,         GUMBO_TAG_H1,
          GUMBO_TAG_H2,      GUMBO_TAG_H3,       GUMBO_TAG_H4,         GUMBO_TAG_H5,
          GUMBO_TAG_H6,      GUMBO_TAG_PRE,      GUMBO_TAG_LISTING,    GUMBO_TAG_FORM,
          GUMBO_TAG_LI,      GUMBO_TAG_DD,       GUMBO_TAG_DT,         GUMBO_TAG_PLAINTEXT,
          GUMBO_TAG_XMP,     GUMBO_TAG_HR},
         kClosesP);
    mark({GUMBO_TAG_STYLE, GUMBO_TAG_XMP, GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES,
          GUMBO_TAG_TITLE, GUMBO_TAG_TEXTAREA},
         kRawText);
    mark({GUMBO_TAG_B,       GUMBO_TAG_BIG,    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
          GUMBO_TAG_BR,      GUMBO_TAG_CENTER, GUMBO_TAG_CODE,       GUMBO_TAG_DD,
          GUMBO_TAG_DIV,     GUMBO_TAG_DL,     GUMBO_TAG_DT,         GUMBO_TAG_EM,
          GUMBO_TAG_EMBED,   GUMBO_TAG_H1,     GUMBO_TAG_H2,         GUMBO_TAG_H3,
          GUMBO_TAG_H4,      GUMBO_TAG_H5,     GUMBO_TAG_H6,         GUMBO_TAG_HEAD,
          GUMBO_TAG_HR,      GUMBO_TAG_I,      GUMBO_TAG_IMG,        GUMBO_TAG_LI,
          GUMBO_TAG_LISTING, GUMBO_TAG_MENU,   GUMBO_TAG_META,       GUMBO_TAG_NOBR,
          GUMBO_TAG_OL,      GUMBO_TAG_P,      GUMBO_TAG_PRE,        GUMBO_TAG_RUBY,
          GUMBO_TAG_S,       GUMBO_TAG_SMALL,  GUMBO_TAG_SPAN,       GUMBO_TAG_STRONG,
          GUMBO_TAG_STRIKE,  GUMBO_TAG_SUB,    GUMBO_TAG_SUP,        GUMBO_TAG_TABLE,
          GUMBO_TAG_TT,      GUMBO_TAG_U,      GUMBO_TAG_UL,         GUMBO_TAG_VAR},
         kBreakout);
    return t;
  }();
  return table;
}

uint16_t TraitsOf(GumboTag tag) {
  return Traits()[tag];
}
bool IsHeading(GumboTag tag) {
  return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

GumboTag TagOfName(std::string_view name) {
  char lower[24];
  if (name.empty() || name.size() > sizeof(lower)) return GUMBO_TAG_UNKNOWN;
  for (size_t i = 0; i < name.size(); ++i) lower[i] = LowerAscii(name[i]);
  return gumbo_tagn_enum(lower, static_cast<unsigned>(name.size()));
}

// ---- Bounding what gumbo is given --------------------------------------------------------
//
// gumbo's tree builder searches its stack of open elements for most tags and compares each
// attribute with the tag's earlier ones: its time grows with nesting depth × tags and with
// attributes². 20,000 nested <div>s, or 20,000 attributes on one tag, take it about a second
// (and it records each parse error with a copy of that stack, which is why errors are off).
// This pass reads the markup the way the HTML5 tokenizer does (comments, raw text, script
// escapes, attributes, SVG/MathML content), follows the stack of open elements with the
// tree builder's main rules (implied end tags, scopes, special elements), and cuts:
//  - start tags that would open more than kMaxNesting elements, with their end tags;
//  - formatting start tags (b, i, font...) past kMaxOpenFormatting left unclosed, which the
//    tree builder would reopen again and again, with their end tags;
//  - attributes past kMaxAttributes on one tag.
// A raw-text element cut (script, style...) goes with its content. Text is never cut. The
// estimate is not the tree builder: markup made to mislead it can still cost time, but not
// stack (the tree is freed with the arena, and read iteratively). Real pages are far from
// the limits and pass untouched, without a copy.

constexpr size_t kMaxNesting = 512;  // what Blink allows
constexpr int kMaxOpenFormatting = 64;
constexpr size_t kMaxAttributes = 256;

bool IsTagSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

struct TagToken {
  size_t begin = 0;  // '<'
  size_t end = 0;    // after '>'
  std::string_view name;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool end_tag = false;
  bool self_closing = false;
  bool presentational = false;  // <font> with color, face or size: it ends SVG content
  size_t cut_begin = npos;      // attributes past kMaxAttributes
  size_t cut_end = npos;
};

// Reads a tag at html[begin] ("<name" or "</name", name starting with a letter). False when
// the input ends inside it: the tokenizer then drops it, and nothing after it is markup.
bool ReadTag(std::string_view html, size_t begin, TagToken& tag) {
  const size_t n = html.size();
  tag.begin = begin;
  tag.end_tag = html[begin + 1] == '/';
  size_t i = begin + (tag.end_tag ? 2 : 1);
  const size_t name_begin = i;
  while (i < n && !IsTagSpace(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = html.substr(name_begin, i - name_begin);
  tag.tag = TagOfName(tag.name);
  size_t attributes = 0;
  while (true) {
    while (i < n && IsTagSpace(html[i])) ++i;  // before attribute name
    if (i >= n) return false;
    if (html[i] == '>') {
      tag.end = i + 1;
      return true;
    }
    if (html[i] == '/') {
      if (i + 1 < n && html[i + 1] == '>') {
        tag.self_closing = true;
        tag.end = i + 2;
        return true;
      }
      ++i;
      continue;
    }
    // Attribute name; a leading '=' belongs to it.
    const size_t attribute_begin = i;
    ++i;
    while (i < n && !IsTagSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    const std::string_view attribute = html.substr(attribute_begin, i - attribute_begin);
    if (EqualsIgnoreCase(attribute, "color") || EqualsIgnoreCase(attribute, "face") ||
        EqualsIgnoreCase(attribute, "size")) {
      tag.presentational = true;
    }
    if (++attributes == kMaxAttributes + 1) tag.cut_begin = attribute_begin;
    while (i < n && IsTagSpace(html[i])) ++i;  // after attribute name
    if (i < n && html[i] == '=') {
      ++i;
      while (i < n && IsTagSpace(html[i])) ++i;  // before attribute value
      if (i >= n) return false;
      if (html[i] == '"' || html[i] == '\'') {
        const size_t close = html.find(html[i], i + 1);
        if (close == npos) return false;
        i = close + 1;
      } else {
        while (i < n && !IsTagSpace(html[i]) && html[i] != '>') ++i;
      }
    }
    if (attributes > kMaxAttributes) tag.cut_end = i;
  }
}

// Where a comment that starts after "<!--" at `i` ends, or npos when it runs to the end.
size_t SkipComment(std::string_view html, size_t i) {
  if (html.substr(i, 1) == ">") return i + 1;   // "<!-->"
  if (html.substr(i, 2) == "->") return i + 2;  // "<!--->"
  for (size_t k = html.find("--", i); k != npos; k = html.find("--", k + 1)) {
    if (html.substr(k + 2, 1) == ">") return k + 3;
    if (html.substr(k + 2, 2) == "!>") return k + 4;
  }
  return npos;
}

size_t SkipPast(std::string_view html, size_t i, std::string_view terminator) {
  const size_t at = html.find(terminator, i);
  return at == npos ? npos : at + terminator.size();
}

// "</name" followed by a space, '/' or '>' at html[i], name in any case.
bool IsEndTagOf(std::string_view html, size_t i, std::string_view name) {
  if (html.substr(i, 2) != "</" || !EqualsIgnoreCase(html.substr(i + 2, name.size()), name))
    return false;
  const size_t after = i + 2 + name.size();
  return after < html.size() &&
         (IsTagSpace(html[after]) || html[after] == '/' || html[after] == '>');
}

bool IsStartTagOf(std::string_view html, size_t i, std::string_view name) {
  if (html.substr(i, 1) != "<" || !EqualsIgnoreCase(html.substr(i + 1, name.size()), name))
    return false;
  const size_t after = i + 1 + name.size();
  return after < html.size() &&
         (IsTagSpace(html[after]) || html[after] == '/' || html[after] == '>');
}

// Where the raw text of an element named `name` ends (its end tag), or npos.
size_t RawTextEnd(std::string_view html, size_t i, std::string_view name) {
  for (size_t k = html.find("</", i); k != npos; k = html.find("</", k + 2)) {
    if (IsEndTagOf(html, k, name)) return k;
  }
  return npos;
}

// Where a script's text ends, with the tokenizer's escape states: inside "<!--", a
// "<script>" makes the next "</script>" part of the text.
size_t ScriptEnd(std::string_view html, size_t i) {
  enum { kData, kEscaped, kDoubleEscaped } state = kData;
  int dashes = 0;
  const size_t n = html.size();
  while (i < n) {
    const char c = html[i];
    if (state == kData) {
      if (c == '<') {
        if (IsEndTagOf(html, i, "script")) return i;
        if (html.substr(i, 4) == "<!--") {
          state = kEscaped;
          dashes = 2;
          i += 4;
          continue;
        }
      }
      ++i;
      continue;
    }
    if (c == '-') {
      ++dashes;
      ++i;
      continue;
    }
    if (c == '>' && dashes >= 2) {
      state = kData;
      dashes = 0;
      ++i;
      continue;
    }
    dashes = 0;
    if (c == '<') {
      if (state == kEscaped) {
        if (IsEndTagOf(html, i, "script")) return i;
        if (IsStartTagOf(html, i, "script")) {
          state = kDoubleEscaped;
          i += 7;
          continue;
        }
      } else if (IsEndTagOf(html, i, "script")) {
        state = kEscaped;
        i += 8;
        continue;
      }
    }
    ++i;
  }
  return npos;
}

class MarkupLimiter {
 public:
  explicit MarkupLimiter(std::string_view html) : html_(html) {}

  // True when something had to be cut; `out` is then the markup without it.
  bool Run(std::string& out) {
    Scan();
    if (cuts_.empty()) return false;
    std::sort(cuts_.begin(), cuts_.end());
    out.reserve(html_.size());
    size_t at = 0;
    for (const auto& [begin, end] : cuts_) {
      if (begin > at) out.append(html_.substr(at, begin - at));
      at = std::max(at, end);
    }
    if (at < html_.size()) out.append(html_.substr(at));
    return true;
  }

 private:
  enum class Ns : uint8_t { kHtml, kSvg, kMath };
  struct Open {
    GumboTag tag;
    std::string_view name;
    Ns ns;
    bool integration;  // an HTML integration point (svg foreignObject, math mi...)
  };

  void Scan() {
    const size_t n = html_.size();
    size_t i = 0;
    while (true) {
      i = html_.find('<', i);
      if (i == npos || i + 1 >= n) return;
      const char c = html_[i + 1];
      if (IsAsciiAlpha(c) || (c == '/' && i + 2 < n && IsAsciiAlpha(html_[i + 2]))) {
        TagToken tag;
        if (!ReadTag(html_, i, tag)) return;
        i = tag.end_tag ? EndTag(tag) : StartTag(tag);
      } else if (c == '/') {  // "</>" is nothing; "</" and anything else a bogus comment
        i = html_.substr(i + 2, 1) == ">" ? i + 3 : SkipPast(html_, i + 2, ">");
      } else if (c == '!') {
        if (html_.substr(i, 4) == "<!--") {
          i = SkipComment(html_, i + 4);
        } else if (!stack_.empty() && stack_.back().ns != Ns::kHtml &&
                   html_.substr(i, 9) == "<![CDATA[") {
          i = SkipPast(html_, i + 9, "]]>");
        } else {
          i = SkipPast(html_, i + 2, ">");
        }
      } else if (c == '?') {
        i = SkipPast(html_, i + 2, ">");
      } else {
        ++i;
      }
      if (i == npos) return;
    }
  }

  bool InForeignContent() const {
    return !stack_.empty() && stack_.back().ns != Ns::kHtml && !stack_.back().integration;
  }

  static bool IsIntegrationPoint(GumboTag tag, Ns ns) {
    if (ns == Ns::kSvg) {
      return tag == GUMBO_TAG_FOREIGNOBJECT || tag == GUMBO_TAG_DESC || tag == GUMBO_TAG_TITLE;
    }
    return ns == Ns::kMath && (tag == GUMBO_TAG_MI || tag == GUMBO_TAG_MO || tag == GUMBO_TAG_MN ||
                               tag == GUMBO_TAG_MS || tag == GUMBO_TAG_MTEXT);
  }

  // Pops through the nearest entry that `match`es, unless `stop` says so first.
  template <typename Match, typename Stop>
  bool PopThrough(Match match, Stop stop) {
    for (size_t k = stack_.size(); k-- > 0;) {
      if (match(stack_[k])) {
        PopTo(k);
        return true;
      }
      if (stop(stack_[k])) return false;
    }
    return false;
  }

  void PopTo(size_t size) {
    while (stack_.size() > size) Pop();
  }

  void Pop() {
    if (stack_.back().ns == Ns::kHtml) --open_html_[stack_.back().tag];
    stack_.pop_back();
  }

  // Whether an HTML element with one of these tags is open: most searches of the stack find
  // nothing, and are skipped so (the stack can be kMaxNesting deep, and searched per tag).
  bool AnyOpen(std::initializer_list<GumboTag> tags) const {
    for (const GumboTag tag : tags) {
      if (open_html_[tag] > 0) return true;
    }
    return false;
  }

  static bool IsHtml(const Open& open, GumboTag tag) {
    return open.ns == Ns::kHtml && open.tag == tag;
  }
  static bool BoundsScope(const Open& open) {
    return open.ns == Ns::kHtml ? (TraitsOf(open.tag) & kScope) != 0 : open.integration;
  }
  static bool IsSpecial(const Open& open) {
    return open.ns == Ns::kHtml ? (TraitsOf(open.tag) & kSpecial) != 0 : open.integration;
  }
  static bool BoundsTable(const Open& open) {
    return IsHtml(open, GUMBO_TAG_TABLE) || IsHtml(open, GUMBO_TAG_HTML) ||
           IsHtml(open, GUMBO_TAG_TEMPLATE);
  }

  void ClosePInButtonScope() {
    if (!AnyOpen({GUMBO_TAG_P})) return;
    PopThrough([](const Open& o) { return IsHtml(o, GUMBO_TAG_P); },
               [](const Open& o) { return BoundsScope(o) || IsHtml(o, GUMBO_TAG_BUTTON); });
  }

  // The end tags a start tag implies.
  void ImpliedEnds(GumboTag tag) {
    if ((tag == GUMBO_TAG_LI && AnyOpen({GUMBO_TAG_LI})) ||
        ((tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) && AnyOpen({GUMBO_TAG_DD, GUMBO_TAG_DT}))) {
      const bool li = tag == GUMBO_TAG_LI;
      PopThrough(
          [li](const Open& o) {
            return li ? IsHtml(o, GUMBO_TAG_LI)
                      : IsHtml(o, GUMBO_TAG_DD) || IsHtml(o, GUMBO_TAG_DT);
          },
          [](const Open& o) {
            return IsSpecial(o) && !IsHtml(o, GUMBO_TAG_ADDRESS) && !IsHtml(o, GUMBO_TAG_DIV) &&
                   !IsHtml(o, GUMBO_TAG_P);
          });
    }
    if (TraitsOf(tag) & kClosesP) ClosePInButtonScope();
    if (IsHeading(tag) && !stack_.empty() && stack_.back().ns == Ns::kHtml &&
        IsHeading(stack_.back().tag)) {
      Pop();
    }
    if ((tag == GUMBO_TAG_OPTION || tag == GUMBO_TAG_OPTGROUP) && !stack_.empty() &&
        IsHtml(stack_.back(), GUMBO_TAG_OPTION)) {
      Pop();
    }
    if (!AnyOpen({GUMBO_TAG_TR, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD,
                  GUMBO_TAG_TFOOT, GUMBO_TAG_BUTTON, GUMBO_TAG_A})) {
      return;
    }
    if (tag == GUMBO_TAG_TR) {
      PopThrough([](const Open& o) { return IsHtml(o, GUMBO_TAG_TR); }, BoundsTable);
    } else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
      PopThrough([](const Open& o) { return IsHtml(o, GUMBO_TAG_TD) || IsHtml(o, GUMBO_TAG_TH); },
                 [](const Open& o) { return IsHtml(o, GUMBO_TAG_TR) || BoundsTable(o); });
    } else if (tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TFOOT) {
      PopThrough(
          [](const Open& o) {
            return IsHtml(o, GUMBO_TAG_TBODY) || IsHtml(o, GUMBO_TAG_THEAD) ||
                   IsHtml(o, GUMBO_TAG_TFOOT);
          },
          BoundsTable);
    } else if (tag == GUMBO_TAG_BUTTON) {
      PopThrough([](const Open& o) { return IsHtml(o, GUMBO_TAG_BUTTON); }, BoundsScope);
    } else if (tag == GUMBO_TAG_A && !stack_.empty() && IsHtml(stack_.back(), GUMBO_TAG_A)) {
      Pop();
    }
  }

  void Cut(size_t begin, size_t end) { cuts_.emplace_back(begin, end); }

  void CutStartTag(const TagToken& tag) {
    Cut(tag.begin, tag.end);
    ++cut_open_[LowerCopy(tag.name)];
  }

  void KeepAttributes(const TagToken& tag) {
    if (tag.cut_begin != npos) Cut(tag.cut_begin, tag.cut_end);
  }

  void Push(const TagToken& tag, Ns ns) {
    stack_.push_back({tag.tag, tag.name, ns, IsIntegrationPoint(tag.tag, ns)});
    if (ns == Ns::kHtml) ++open_html_[tag.tag];
  }

  // Returns where reading goes on.
  size_t StartTag(const TagToken& tag) {
    const GumboTag t = tag.tag;
    const uint16_t traits = TraitsOf(t);
    if (InForeignContent() &&
        ((traits & kBreakout) || (t == GUMBO_TAG_FONT && tag.presentational))) {
      while (InForeignContent()) Pop();
    }
    if (InForeignContent()) {
      if (!tag.self_closing) {
        if (stack_.size() >= kMaxNesting) {
          CutStartTag(tag);
          return tag.end;
        }
        Push(tag, t == GUMBO_TAG_SVG    ? Ns::kSvg
                  : t == GUMBO_TAG_MATH ? Ns::kMath
                                        : stack_.back().ns);
      }
      KeepAttributes(tag);
      return tag.end;
    }
    if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY || t == GUMBO_TAG_HEAD || (traits & kVoid) ||
        ((t == GUMBO_TAG_SVG || t == GUMBO_TAG_MATH) && tag.self_closing)) {
      KeepAttributes(tag);  // merged into the existing element, or no element to open
      return tag.end;
    }
    ImpliedEnds(t);
    const bool formatting = (traits & kFormatting) != 0;
    if (stack_.size() >= kMaxNesting || (formatting && open_formatting_ >= kMaxOpenFormatting)) {
      CutStartTag(tag);
      if (t == GUMBO_TAG_SCRIPT || (traits & kRawText) || t == GUMBO_TAG_PLAINTEXT) {
        // Without its start tag the content would be read as markup: it goes too.
        const size_t close = t == GUMBO_TAG_SCRIPT      ? ScriptEnd(html_, tag.end)
                             : t == GUMBO_TAG_PLAINTEXT ? npos
                                                        : RawTextEnd(html_, tag.end, tag.name);
        TagToken end_tag;
        const bool has_end = close != npos && ReadTag(html_, close, end_tag);
        Cut(tag.end, has_end ? end_tag.end : html_.size());
        --cut_open_[LowerCopy(tag.name)];
        return has_end ? end_tag.end : npos;
      }
      return tag.end;
    }
    KeepAttributes(tag);
    Push(tag, t == GUMBO_TAG_SVG ? Ns::kSvg : t == GUMBO_TAG_MATH ? Ns::kMath : Ns::kHtml);
    if (formatting) {
      ++open_formatting_;
      ++formatting_by_tag_[t];
    }
    if (t == GUMBO_TAG_SCRIPT) return ScriptEnd(html_, tag.end);
    if (traits & kRawText) return RawTextEnd(html_, tag.end, tag.name);
    if (t == GUMBO_TAG_PLAINTEXT) return npos;  // the rest is text
    return tag.end;
  }

  size_t EndTag(const TagToken& tag) {
    if (!cut_open_.empty()) {
      const auto it = cut_open_.find(LowerCopy(tag.name));
      if (it != cut_open_.end() && it->second > 0) {
        --it->second;
        Cut(tag.begin, tag.end);
        return tag.end;
      }
    }
    KeepAttributes(tag);
    const GumboTag t = tag.tag;
    // In SVG or MathML, an end tag closes the nearest foreign element of its name.
    for (size_t k = stack_.size(); k-- > 0 && stack_[k].ns != Ns::kHtml;) {
      if (EqualsIgnoreCase(stack_[k].name, tag.name)) {
        PopTo(k);
        return tag.end;
      }
    }
    if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY || t == GUMBO_TAG_HEAD || t == GUMBO_TAG_BR) {
      return tag.end;
    }
    const uint16_t traits = TraitsOf(t);
    if (traits & kFormatting) {
      if (formatting_by_tag_[t] > 0) {
        --formatting_by_tag_[t];
        --open_formatting_;
      }
    }
    // Nothing of the kind open: nothing to close.
    if (IsHeading(t) ? !AnyOpen({GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4,
                                 GUMBO_TAG_H5, GUMBO_TAG_H6})
                     : !AnyOpen({t})) {
      return tag.end;
    }
    if (t == GUMBO_TAG_P) {
      ClosePInButtonScope();
    } else if (t == GUMBO_TAG_LI) {
      PopThrough([](const Open& o) { return IsHtml(o, GUMBO_TAG_LI); },
                 [](const Open& o) {
                   return BoundsScope(o) || IsHtml(o, GUMBO_TAG_OL) || IsHtml(o, GUMBO_TAG_UL);
                 });
    } else if (IsHeading(t)) {
      PopThrough([](const Open& o) { return o.ns == Ns::kHtml && IsHeading(o.tag); }, BoundsScope);
    } else if (t == GUMBO_TAG_TABLE) {
      PopThrough(
          [](const Open& o) { return IsHtml(o, GUMBO_TAG_TABLE); },
          [](const Open& o) { return IsHtml(o, GUMBO_TAG_HTML) || IsHtml(o, GUMBO_TAG_TEMPLATE); });
    } else if (t == GUMBO_TAG_TR || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH ||
               t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT ||
               t == GUMBO_TAG_CAPTION) {
      PopThrough([t](const Open& o) { return IsHtml(o, t); }, BoundsTable);
    } else if ((traits & kSpecial) && !(traits & kFormatting)) {
      PopThrough([t](const Open& o) { return IsHtml(o, t); }, BoundsScope);
    } else {
      // Any other end tag closes the nearest element of its name, unless a special element
      // comes first.
      PopThrough(
          [&tag](const Open& o) {
            return o.ns == Ns::kHtml &&
                   (o.tag == GUMBO_TAG_UNKNOWN ? EqualsIgnoreCase(o.name, tag.name)
                                               : o.tag == tag.tag);
          },
          IsSpecial);
    }
    return tag.end;
  }

  std::string_view html_;
  std::vector<Open> stack_;
  std::vector<std::pair<size_t, size_t>> cuts_;
  std::unordered_map<std::string, int> cut_open_;  // start tags cut whose end tags are to cut
  int open_formatting_ = 0;
  std::array<int, GUMBO_TAG_LAST + 1> formatting_by_tag_{};
  std::array<int, GUMBO_TAG_LAST + 1>
      open_html_{};  // open HTML elements by tag (UNKNOWN: all unknown)
};

// ---- gumbo in an arena ---------------------------------------------------------------------
//
// gumbo_destroy_output() frees the tree recursively, one stack frame per level of nesting.
// Every allocation comes from this arena instead, freed at once; gumbo's frees are no-ops.
// It also saves gumbo's many small mallocs and frees.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (void* block : blocks_) std::free(block);
  }

  void* Allocate(size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > kBlockBytes / 4) return NewBlock(size);
    if (size > left_) {
      next_ = static_cast<char*>(NewBlock(kBlockBytes));
      left_ = kBlockBytes;
    }
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }

  static void* GumboAllocate(void* arena, size_t size) {
    return static_cast<Arena*>(arena)->Allocate(size);
  }
  static void GumboFree(void* /*arena*/, void* /*ptr*/) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kBlockBytes = 64 * 1024;

  void* NewBlock(size_t size) {
    void* block = std::malloc(size == 0 ? 1 : size);
    // gumbo does not check its allocations, and an exception cannot cross its C frames.
    if (block == nullptr) std::abort();
    blocks_.push_back(block);
    return block;
  }

  std::vector<void*> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

// ---- Reading the tree ----------------------------------------------------------------------

const GumboVector* ChildrenOf(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
    return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

const GumboNode* ChildAt(const GumboVector* children, unsigned i) {
  return static_cast<const GumboNode*>(children->data[i]);
}

bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

std::string_view AttributeOf(const GumboNode* node, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  return attribute != nullptr ? std::string_view(attribute->value) : std::string_view();
}

bool HasAttribute(const GumboNode* node, const char* name) {
  return gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

// The tag name as written, for elements gumbo does not know ("amp-img").
std::string_view OriginalTagName(const GumboNode* node) {
  std::string_view text(node->v.element.original_tag.data, node->v.element.original_tag.length);
  if (!text.starts_with('<')) return {};
  text.remove_prefix(1);
  return text.substr(0, text.find_first_of(" \t\n\r\f/>"));
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && detail::IsMarkupSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && detail::IsMarkupSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Collapsed(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (detail::IsMarkupSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Text that is not whitespace, as the measure of how much an element says.
size_t TextWeight(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !detail::IsMarkupSpace(c); }));
}

// ---- The rules for page furniture ----------------------------------------------------------

// Words that name furniture in a class or id, matched against whole segments (split on
// space, '-' and '_', any case): "share-bar", "cookie_banner", "site-nav" and "ad-slot" match;
// "header-title" and "shared" do not.
constexpr std::array<std::string_view, 28> kFurnitureWords{
    "share",     "sharing", "social",     "cookie",        "cookies",  "consent", "newsletter",
    "subscribe", "related", "advert",     "advertisement", "adverts",  "ad",      "ads",
    "adslot",    "promo",   "breadcrumb", "breadcrumbs",   "comments", "sidebar", "menu",
    "nav",       "navbar",  "navigation", "taboola",       "outbrain", "popup",   "modal"};

bool IsFurnitureWord(std::string_view word) {
  return std::any_of(
      kFurnitureWords.begin(), kFurnitureWords.end(),
      [word](std::string_view furniture) { return EqualsIgnoreCase(word, furniture); });
}

bool NamesFurniture(std::string_view names) {
  size_t start = 0;
  while (start < names.size()) {
    size_t end = start;
    while (end < names.size() && !detail::IsMarkupSpace(names[end]) && names[end] != '-' &&
           names[end] != '_')
      ++end;
    if (end > start && IsFurnitureWord(names.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// Phrasing elements: a class on them is styling inside a sentence ("related-tag" links),
// so the class and id rules leave them alone.
bool IsPhrasing(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
      return true;
    default:
      return false;
  }
}

// AMP components that hold text; every other amp-* element is furniture.
bool IsAmpTextComponent(std::string_view name) {
  return EqualsIgnoreCase(name, "amp-fit-text") || EqualsIgnoreCase(name, "amp-accordion");
}

enum class Drop : uint8_t {
  kNo,
  kAlways,      // never text: scripts, media, navigation, forms' controls...
  kUnlessMain,  // furniture by its attributes or role, unless it holds the main text
};

Drop DropRule(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return Drop::kAlways;
  const GumboTag tag = node->v.element.tag;
  if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return Drop::kAlways;  // SVG, MathML
  switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_TITLE:
      return Drop::kAlways;
    case GUMBO_TAG_FORM:
      return Drop::kUnlessMain;  // some sites wrap the whole page in one <form>
    case GUMBO_TAG_UNKNOWN: {
      const std::string_view name = OriginalTagName(node);
      if ((name.size() > 4 && EqualsIgnoreCase(name.substr(0, 4), "amp-") &&
           !IsAmpTextComponent(name)) ||
          EqualsIgnoreCase(name, "picture") || EqualsIgnoreCase(name, "dialog")) {
        return Drop::kAlways;
      }
      break;
    }
    default:
      break;
  }
  if (HasAttribute(node, "hidden") ||
      EqualsIgnoreCase(Trimmed(AttributeOf(node, "aria-hidden")), "true") ||
      EqualsIgnoreCase(Trimmed(AttributeOf(node, "role")), "navigation")) {
    return Drop::kUnlessMain;
  }
  if (!IsPhrasing(tag) &&
      (NamesFurniture(AttributeOf(node, "class")) || NamesFurniture(AttributeOf(node, "id")))) {
    return Drop::kUnlessMain;
  }
  return Drop::kNo;
}

// ---- Pass 1: facts about the tree ----------------------------------------------------------

// Per element that pass 2 may need to decide on.
struct Facts {
  size_t weight = 0;          // non-link text under it, furniture left out
  size_t paragraphs = 0;      // <p> elements with non-link text under it
  bool has_headline = false;  // an <h1> or <h2> with non-link text under it
  bool has_h1 = false;
};

struct TreeFacts {
  const GumboNode* body = nullptr;
  std::vector<const GumboNode*> articles;             // in document order, outside furniture
  std::vector<const GumboNode*> h1s;                  // with non-link text, in document order
  std::unordered_map<const GumboNode*, Facts> facts;  // body, articles, headers, kUnlessMain
};

void GatherFacts(const GumboNode* root, HtmlDocument& document, TreeFacts& tree) {
  struct Frame {
    const GumboNode* node = nullptr;
    unsigned next = 0;
    Facts facts;
    bool dropped = false;  // kAlways
    bool link = false;
  };
  std::vector<Frame> stack;
  int dropped_depth = 0;
  int link_depth = 0;
  bool have_title = false;

  auto enter = [&](const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEXT && dropped_depth == 0 && link_depth == 0 && !stack.empty()) {
      stack.back().facts.weight += TextWeight(node->v.text.text);
    }
    if (!IsElement(node)) return;
    const GumboElement& element = node->v.element;
    if (element.tag_namespace == GUMBO_NAMESPACE_HTML) {
      switch (element.tag) {
        case GUMBO_TAG_HTML:
          if (document.lang.empty())
            document.lang = std::string(Trimmed(AttributeOf(node, "lang")));
          break;
        case GUMBO_TAG_BODY:
          if (tree.body == nullptr) tree.body = node;
          break;
        case GUMBO_TAG_TITLE:
          if (!have_title) {
            have_title = true;
            for (unsigned i = 0; i < element.children.length; ++i) {
              const GumboNode* child = ChildAt(&element.children, i);
              if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
                document.title += child->v.text.text;
              }
            }
            document.title = Collapsed(document.title);
          }
          break;
        case GUMBO_TAG_META:
          if (document.og_title.empty() &&
              (EqualsIgnoreCase(Trimmed(AttributeOf(node, "property")), "og:title") ||
               EqualsIgnoreCase(Trimmed(AttributeOf(node, "name")), "og:title"))) {
            document.og_title = Collapsed(AttributeOf(node, "content"));
          }
          break;
        case GUMBO_TAG_LINK:
          if (document.canonical_url.empty()) {
            // rel is a list of tokens: rel="canonical", rel="Canonical alternate"
            const std::string rel = LowerCopy(AttributeOf(node, "rel"));
            size_t at = rel.find("canonical");
            while (at != std::string::npos) {
              const size_t after = at + 9;
              if ((at == 0 || detail::IsMarkupSpace(rel[at - 1])) &&
                  (after == rel.size() || detail::IsMarkupSpace(rel[after]))) {
                document.canonical_url = std::string(Trimmed(AttributeOf(node, "href")));
                break;
              }
              at = rel.find("canonical", after);
            }
          }
          break;
        default:
          break;
      }
    }
    Frame frame;
    frame.node = node;
    frame.dropped = DropRule(node) == Drop::kAlways;
    frame.link = element.tag == GUMBO_TAG_A;
    dropped_depth += frame.dropped;
    link_depth += frame.link;
    if (element.tag == GUMBO_TAG_ARTICLE && dropped_depth == 0) tree.articles.push_back(node);
    stack.push_back(frame);
  };

  auto exit = [&]() {
    Frame frame = stack.back();
    stack.pop_back();
    dropped_depth -= frame.dropped;
    link_depth -= frame.link;
    const GumboNode* node = frame.node;
    const GumboTag tag = node->v.element.tag;
    if (!frame.dropped) {
      if ((tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) && frame.facts.weight > 0)
        frame.facts.has_headline = true;
      if (tag == GUMBO_TAG_P && frame.facts.weight > 0) ++frame.facts.paragraphs;
      if (tag == GUMBO_TAG_H1 && frame.facts.weight > 0) {
        frame.facts.has_h1 = true;
        if (dropped_depth == 0) tree.h1s.push_back(node);
      }
      if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_HEADER ||
          DropRule(node) == Drop::kUnlessMain) {
        tree.facts[node] = frame.facts;
      }
    }
    if (!stack.empty() && !frame.dropped) {
      Facts& parent = stack.back().facts;
      parent.weight += frame.facts.weight;
      parent.paragraphs += frame.facts.paragraphs;
      parent.has_headline |= frame.facts.has_headline;
      parent.has_h1 |= frame.facts.has_h1;
    }
  };

  enter(root);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector* children = ChildrenOf(frame.node);
    if (children != nullptr && frame.next < children->length) {
      enter(ChildAt(children, frame.next++));
    } else {
      exit();
    }
  }
}

// ---- Pass 2: the blocks --------------------------------------------------------------------

// The block an element's text makes, for elements that start and end one.
bool BlockOf(GumboTag tag, BlockKind& kind, int& level) {
  level = 0;
  if (IsHeading(tag)) {
    kind = BlockKind::kHeading;
    level = static_cast<int>(tag - GUMBO_TAG_H1) + 1;
    return true;
  }
  switch (tag) {
    case GUMBO_TAG_LI:
      kind = BlockKind::kListItem;
      return true;
    case GUMBO_TAG_BLOCKQUOTE:
      kind = BlockKind::kQuote;
      return true;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
      kind = BlockKind::kPreformatted;
      return true;
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION:
      kind = BlockKind::kCaption;
      return true;
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_FORM:
      kind = BlockKind::kParagraph;
      return true;
    default:
      return false;
  }
}

// Paragraphs that make a story rather than a notice (a cookie banner has one or two).
constexpr size_t kMinStoryParagraphs = 3;

// Whether pass 2 leaves `node` out. `main_weight`: the non-link text of the part of the page
// read. An element holding half of it, with a headline or a few paragraphs, is the story's
// container, not furniture, whatever its class says.
bool IsLeftOut(const GumboNode* node, const TreeFacts& tree, size_t main_weight) {
  switch (DropRule(node)) {
    case Drop::kNo:
      break;
    case Drop::kAlways:
      return true;
    case Drop::kUnlessMain: {
      const auto it = tree.facts.find(node);
      if (it == tree.facts.end()) return true;
      const Facts& facts = it->second;
      const bool holds_the_story = main_weight > 0 && facts.weight * 2 >= main_weight &&
                                   (facts.has_headline || facts.paragraphs >= kMinStoryParagraphs);
      return !holds_the_story;
    }
  }
  // A page header (logo, navigation) rather than the article's (headline, standfirst).
  if (node->v.element.tag == GUMBO_TAG_HEADER) {
    const auto it = tree.facts.find(node);
    return it == tree.facts.end() || !it->second.has_headline;
  }
  return false;
}

class BlockCollector {
 public:
  BlockCollector(const TreeFacts& tree, size_t main_weight)
      : tree_(tree), main_weight_(main_weight) {}

  void Collect(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      unsigned next;
      bool block;
      bool link;
      bool figure;
      bool caption;
      bool pre;
    };
    std::vector<Frame> stack;
    auto enter = [&](const GumboNode* node, bool is_root) {
      switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          AddText(node->v.text.text);
          return;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          break;
        default:
          return;  // comments
      }
      if (!is_root && Dropped(node)) return;
      const GumboTag tag = node->v.element.tag;
      if (tag == GUMBO_TAG_BR) {
        LineBreak();
        return;
      }
      Frame frame{node, 0, false, tag == GUMBO_TAG_A, tag == GUMBO_TAG_FIGURE, false, false};
      BlockKind kind;
      int level;
      if (BlockOf(tag, kind, level)) {
        frame.block = true;
        frame.caption = kind == BlockKind::kCaption;
        frame.pre = kind == BlockKind::kPreformatted;
        // A paragraph inside a quote, a list item or a caption is part of it.
        if (kind == BlockKind::kParagraph && !kinds_.empty() &&
            (kinds_.back().first == BlockKind::kQuote ||
             kinds_.back().first == BlockKind::kListItem ||
             kinds_.back().first == BlockKind::kCaption)) {
          kind = kinds_.back().first;
        }
        builder_.Flush();
        kinds_.emplace_back(kind, level);
        builder_.SetKind(kind, level);
      }
      link_depth_ += frame.link;
      figure_depth_ += frame.figure;
      caption_depth_ += frame.caption;
      pre_depth_ += frame.pre;
      stack.push_back(frame);
    };
    enter(root, true);
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const GumboVector* children = ChildrenOf(frame.node);
      if (children != nullptr && frame.next < children->length) {
        enter(ChildAt(children, frame.next++), false);
        continue;
      }
      const Frame done = frame;
      stack.pop_back();
      link_depth_ -= done.link;
      figure_depth_ -= done.figure;
      caption_depth_ -= done.caption;
      pre_depth_ -= done.pre;
      if (done.block) {
        builder_.Flush();
        kinds_.pop_back();
        if (kinds_.empty()) {
          builder_.SetKind(BlockKind::kParagraph, 0);
        } else {
          builder_.SetKind(kinds_.back().first, kinds_.back().second);
        }
      }
    }
  }

  std::vector<Block> Take() { return builder_.Take(); }

 private:
  bool Dropped(const GumboNode* node) const { return IsLeftOut(node, tree_, main_weight_); }

  void AddText(std::string_view text) {
    // In a figure, only the caption is text: the rest is the media and its furniture.
    if (figure_depth_ > 0 && caption_depth_ == 0) return;
    if (!Trimmed(text).empty()) breaks_ = 0;
    if (pre_depth_ > 0) {
      builder_.AddVerbatim(text, link_depth_ > 0);
    } else {
      builder_.AddText(text, link_depth_ > 0);
    }
  }

  // <br> is a space; two in a row end the paragraph, as sites that write "text<br><br>text"
  // mean.
  void LineBreak() {
    if (figure_depth_ > 0 && caption_depth_ == 0) return;
    if (pre_depth_ > 0) {
      builder_.AddVerbatim("\n", false);
      return;
    }
    if (++breaks_ >= 2 && !builder_.Empty()) {
      builder_.Flush();
      breaks_ = 0;
      return;
    }
    builder_.AddSpace();
  }

  const TreeFacts& tree_;
  const size_t main_weight_;
  detail::BlockBuilder builder_;
  std::vector<std::pair<BlockKind, int>> kinds_;
  int link_depth_ = 0;
  int figure_depth_ = 0;
  int caption_depth_ = 0;
  int pre_depth_ = 0;
  int breaks_ = 0;
};

bool IsInside(const GumboNode* node, const GumboNode* ancestor) {
  for (const GumboNode* n = node; n != nullptr; n = n->parent) {
    if (n == ancestor) return true;
  }
  return false;
}

// The page's headline outside the <article>: the first <h1> that is not in furniture (a
// cookie dialog's "We value your privacy").
const GumboNode* HeadlineOutside(const GumboNode* article, const TreeFacts& tree) {
  const size_t page_weight = tree.facts.at(tree.body).weight;
  for (const GumboNode* h1 : tree.h1s) {
    if (IsInside(h1, article) || !IsInside(h1, tree.body)) continue;
    bool shown = true;
    for (const GumboNode* n = h1; n != tree.body && shown; n = n->parent) {
      shown = !IsLeftOut(n, tree, page_weight);
    }
    if (shown) return h1;
  }
  return nullptr;
}

// An <article> with less text than this is a teaser, not the story.
constexpr size_t kMinArticleWeight = 200;

}  // namespace

HtmlDocument ParseHtml(std::string_view html) {
  HtmlDocument document;
  std::string limited;
  if (MarkupLimiter(html).Run(limited)) html = limited;

  Arena arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::GumboAllocate;
  options.deallocator = &Arena::GumboFree;
  options.userdata = &arena;
  options.max_errors = 0;  // nobody reads them, and each holds a copy of the element stack
  // Not destroyed with gumbo_destroy_output() (recursive): the arena frees it all.
  const GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  if (output == nullptr || output->root == nullptr) return document;

  TreeFacts tree;
  GatherFacts(output->root, document, tree);
  if (tree.body == nullptr) return document;

  // The story: the <article> with the most text, when one has enough.
  const GumboNode* root = tree.body;
  size_t main_weight = tree.facts[tree.body].weight;
  bool article_has_h1 = false;
  for (const GumboNode* article : tree.articles) {
    const Facts& facts = tree.facts[article];
    if (facts.weight >= kMinArticleWeight && (root == tree.body || facts.weight > main_weight)) {
      root = article;
      main_weight = facts.weight;
      article_has_h1 = facts.has_h1;
    }
  }

  BlockCollector collector(tree, main_weight);
  // The headline often sits above the <article>.
  if (root != tree.body && !article_has_h1) {
    if (const GumboNode* headline = HeadlineOutside(root, tree)) collector.Collect(headline);
  }
  collector.Collect(root);
  document.blocks = collector.Take();
  return document;
}

std::vector<Block> HtmlToBlocks(std::string_view html) {
  return ParseHtml(html).blocks;
}

}  // namespace copydesk::text
