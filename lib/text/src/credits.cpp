#include "copydesk/text/credits.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

namespace copydesk::text {
namespace {

constexpr size_t kMaxCreditBytes = 240;
constexpr size_t kMaxNameBytes = 60;

enum class Role { kAuthor, kEditor, kSource };

struct Lead {
  std::string_view text;  // lowercase ASCII, or as written for other scripts
  Role role;
};

// Words that open a credit paragraph, longest first within a language so that
// "additional reporting by" wins over "by".
constexpr std::array kLeads{
    Lead{"additional reporting by", Role::kAuthor}, Lead{"reporting by", Role::kAuthor},
    Lead{"writing by", Role::kAuthor},              Lead{"written by", Role::kAuthor},
    Lead{"compiled by", Role::kAuthor},             Lead{"editing by", Role::kEditor},
    Lead{"edited by", Role::kEditor},               Lead{"by", Role::kAuthor},
    Lead{"par", Role::kAuthor},                     Lead{"por", Role::kAuthor},
    Lead{"von", Role::kAuthor},                     Lead{"di", Role::kAuthor},
    Lead{"door", Role::kAuthor},                    Lead{"av", Role::kAuthor},
    Lead{"تغطية صحفية", Role::kAuthor},             Lead{"إعداد", Role::kAuthor},
    Lead{"تحرير", Role::kEditor},                   Lead{"con información de", Role::kSource},
    Lead{"con informacion de", Role::kSource},      Lead{"con información del", Role::kSource},
    Lead{"mit material von", Role::kSource},        Lead{"with reporting from", Role::kSource},
    Lead{"sources", Role::kSource},                 Lead{"source", Role::kSource},
    Lead{"fuente", Role::kSource},                  Lead{"fuentes", Role::kSource},
    Lead{"fonte", Role::kSource},                   Lead{"quelle", Role::kSource},
    Lead{"avec", Role::kSource},                    Lead{"with", Role::kSource},
    Lead{"con", Role::kSource},                     Lead{"mit", Role::kSource},
    Lead{"kaynak", Role::kSource},                  Lead{"bron", Role::kSource},
    Lead{"källa", Role::kSource},                   Lead{"источник", Role::kSource},
    Lead{"المصدر", Role::kSource},                  Lead{"كتب", Role::kAuthor},
    Lead{"责任编辑", Role::kEditor},                Lead{"编辑", Role::kEditor},
    Lead{"记者", Role::kAuthor},                    Lead{"来源", Role::kSource},
};

// Agencies recognised on their own in a closing parenthesis: "(ANSA)." Only these, since
// "(WHO)" at the end of a sentence is an abbreviation, not a credit.
constexpr std::array<std::string_view, 40> kAgencies{
    "AFP",   "AP",      "Reuters", "EFE",   "ANSA",   "dpa",     "DPA",  "Lusa", "APS",  "AA",
    "ANP",   "TASS",    "ТАСС",    "Xinhua", "IRNA",  "RHC",     "PL",   "NTB",  "TT",   "SDA",
    "APA",   "Belga",   "PAP",     "CTK",   "MTI",    "Kyodo",   "Yonhap", "PTI", "IANS", "AAP",
    "Bernama", "Antara", "KNA",    "EPA",   "RIA Novosti", "Interfax", "Europa Press", "Agência Brasil",
    "NTB Scanpix", "Prensa Latina"};

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive for ASCII letters; other bytes must match exactly.
bool StartsWithWord(std::string_view text, std::string_view lead) {
  if (text.size() < lead.size()) return false;
  for (size_t i = 0; i < lead.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lead[i]) {
      // "Ä"/"ä" and friends: accept the text's uppercase form of a non-ASCII lead letter.
      return false;
    }
  }
  if (text.size() == lead.size()) return true;
  const std::string_view next = text.substr(lead.size());
  return next.starts_with(' ') || next.starts_with(':') || next.starts_with('\t') ||
         next.starts_with("\uff1a");  // full-width colon
}

bool StartsCapitalised(std::string_view word) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(word.data(), i, static_cast<int32_t>(word.size()), c);
  if (c < 0) return false;
  return u_isupper(c) || u_istitle(c) || (u_isUAlphabetic(c) && !u_islower(c));
}

bool IsNameParticle(std::string_view word) {
  for (std::string_view p : {"de", "del", "della", "di", "da", "do", "dos", "la", "le", "van", "von",
                             "der", "den", "ter", "el", "al", "bin", "ibn", "y", "e"}) {
    if (word == p) return true;
  }
  return false;
}

bool IsKnownAgency(std::string_view name) {
  return std::find(kAgencies.begin(), kAgencies.end(), name) != kAgencies.end();
}

// "Claire Whitmore", "Tomás Arriaga in London" -> the name; empty when it does not look like
// one (too long, lowercase start, digits).
std::string_view CleanName(std::string_view name) {
  name = Trim(name);
  while (!name.empty() && (name.back() == '.' || name.back() == ')')) name.remove_suffix(1);
  while (!name.empty() && name.front() == '(') name.remove_prefix(1);
  name = Trim(name);
  if (IsKnownAgency(name)) return name;  // "dpa" is lowercase, and a source
  for (std::string_view in : {" in ", " en ", " à ", " a ", " aus ", " from "}) {
    const size_t at = name.find(in);
    if (at != std::string_view::npos && at > 0) name = name.substr(0, at);
  }
  if (name.empty() || name.size() > kMaxNameBytes || !StartsCapitalised(name)) return {};
  if (name.find_first_of("0123456789@/:") != std::string_view::npos) return {};
  // Every word capitalised but the particles of names: "Ana de la Cruz", "Ursula von der Leyen".
  int words = 0;
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view word = name.substr(start, end - start);
    if (!word.empty() && ++words > 5) return {};
    if (!word.empty() && !StartsCapitalised(word) && !IsNameParticle(word)) return {};
    start = end + 1;
  }
  return name;
}

// "Local Democracy Reporter", "Staff Writer": a job title beside a name, not a name.
bool IsJobTitle(std::string_view piece) {
  std::string lower(piece);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view word : {"reporter", "correspondent", "editor", "writer", "journalist",
                                "staff", "desk", "correspondant", "envoyé", "corresponsal",
                                "redaktion", "rédaction", "redacción", "redação", "redazione"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Splits "A, B and C" / "A y B" / "A et B" / "A und B" / "A & B" into names.
bool SplitNames(std::string_view list, std::vector<std::string_view>& out) {
  static constexpr std::array<std::string_view, 10> kJoiners{
      ",", " and ", " y ", " et ", " und ", " e ", " en ", " och ", " & ", " و"};
  std::vector<std::string_view> names;
  size_t start = 0;
  while (start <= list.size()) {
    // The nearest joiner ends this piece.
    size_t end = list.size();
    size_t joiner_size = 0;
    for (std::string_view joiner : kJoiners) {
      const size_t at = list.find(joiner, start);
      if (at < end) {
        end = at;
        joiner_size = joiner.size();
      }
    }
    const std::string_view piece = Trim(list.substr(start, end - start));
    if (!piece.empty() && !(names.size() > 0 && IsJobTitle(piece))) {
      const std::string_view name = CleanName(piece);
      if (name.empty()) return false;
      names.push_back(name);
    }
    if (end == list.size()) break;
    start = end + joiner_size;
  }
  if (names.empty()) return false;
  out.insert(out.end(), names.begin(), names.end());
  return true;
}

void Add(Credits& credits, Role role, std::string_view name) {
  auto& list = role == Role::kAuthor ? credits.authors
               : role == Role::kEditor ? credits.editors
                                       : credits.sources;
  if (std::find(list.begin(), list.end(), name) == list.end()) list.emplace_back(name);
}

// One "<lead> <names>" segment. A trailing known agency after authors is a source:
// "Von Anna Schmidt, dpa".
bool ParseSegment(std::string_view segment, Credits& credits) {
  segment = Trim(segment);
  for (const Lead& lead : kLeads) {
    if (!StartsWithWord(segment, lead.text)) continue;
    std::string_view rest = Trim(segment.substr(lead.text.size()));
    if (!rest.empty() && rest.front() == ':') rest = Trim(rest.substr(1));
    if (rest.starts_with("\uff1a")) rest = Trim(rest.substr(std::string_view("\uff1a").size()));
    std::vector<std::string_view> names;
    if (!SplitNames(rest, names)) return false;
    for (std::string_view name : names) {
      Add(credits, lead.role == Role::kAuthor && IsKnownAgency(name) ? Role::kSource : lead.role,
          name);
    }
    return true;
  }
  return false;
}

}  // namespace

std::optional<Credits> ParseCreditParagraph(std::string_view paragraph) {
  paragraph = Trim(paragraph);
  if (paragraph.empty() || paragraph.size() > kMaxCreditBytes) return std::nullopt;
  if (paragraph.front() == '(' && paragraph.back() == ')') {
    paragraph = Trim(paragraph.substr(1, paragraph.size() - 2));
  }
  constexpr std::string_view kOpen = "\u3010", kClose = "\u3011";  // 【责任编辑：王芳】
  if (paragraph.starts_with(kOpen) && paragraph.ends_with(kClose)) {
    paragraph = Trim(paragraph.substr(kOpen.size(), paragraph.size() - kOpen.size() - kClose.size()));
  }
  Credits credits;
  // "Nils Öberg/TT": a reporter and the agency, as TT and NTB sign.
  if (const size_t slash = paragraph.rfind('/'); slash != std::string_view::npos &&
                                                 IsKnownAgency(Trim(paragraph.substr(slash + 1)))) {
    const std::string_view name = CleanName(paragraph.substr(0, slash));
    if (!name.empty() && !IsKnownAgency(name)) {
      Add(credits, Role::kAuthor, name);
      Add(credits, Role::kSource, Trim(paragraph.substr(slash + 1)));
      return credits;
    }
  }
  // Segments are separated by ';' (Reuters) or " - " (Reuters Arabic).
  std::string_view rest = paragraph;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    const size_t dash = rest.find(" - ");
    size_t skip = 1;
    if (dash != std::string_view::npos && (end == std::string_view::npos || dash < end)) {
      end = dash;
      skip = 3;
    }
    if (!ParseSegment(rest.substr(0, end), credits)) return std::nullopt;
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + skip);
  }
  if (credits.empty()) return std::nullopt;
  return credits;
}

std::optional<TrailingCredit> ParseTrailingCredit(std::string_view paragraph) {
  std::string_view text = Trim(paragraph);
  if (text.ends_with('.') && text.size() > 1 && text[text.size() - 2] == ')') text.remove_suffix(1);
  if (!text.ends_with(')')) return std::nullopt;
  const size_t open = text.rfind('(');
  if (open == std::string_view::npos || open == 0 || text.size() - open > 60) return std::nullopt;
  const std::string_view inside = Trim(text.substr(open + 1, text.size() - open - 2));
  TrailingCredit result;
  if (IsKnownAgency(inside)) {
    result.credits.sources.emplace_back(inside);
  } else if (!ParseSegment(inside, result.credits) || !result.credits.authors.empty() ||
             !result.credits.editors.empty()) {
    return std::nullopt;  // only source credits ride at the end of a paragraph
  }
  std::string_view before = paragraph.substr(0, static_cast<size_t>(text.data() + open - paragraph.data()));
  while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
  result.text_length = before.size();
  return result;
}

}  // namespace copydesk::text

namespace copydesk::text {

std::string NormaliseByline(std::string_view byline) {
  byline = Trim(byline);
  // RSS's "address (Name)".
  if (const size_t at = byline.find('@'); at != std::string_view::npos && byline.ends_with(')')) {
    const size_t open = byline.find('(', at);
    if (open != std::string_view::npos) byline = Trim(byline.substr(open + 1, byline.size() - open - 2));
  }
  std::optional<Credits> credits = ParseCreditParagraph(byline);
  if (!credits) credits = ParseCreditParagraph("By " + std::string(byline));
  if (!credits || credits->authors.empty()) return std::string(byline);
  std::string names;
  for (const auto& name : credits->authors) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace copydesk::text
