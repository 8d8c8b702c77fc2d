#include "copydesk/text/cleaner.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_set>

#include "copydesk/text/blocks.h"
#include "copydesk/text/html.h"
#include "copydesk/text/markdown.h"
#include "copydesk/text/unicode.h"
#include "copydesk/text/url.h"

namespace copydesk::text {
namespace {

// How far from each end of the story bylines and credit lines are looked for.
constexpr size_t kCreditWindow = 3;
// A publisher line is a name, not a sentence.
constexpr size_t kMaxPublisherBytes = 80;

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Plain text: paragraphs are separated by blank lines; text without any blank line but with
// line breaks (agency plain bodies) has a paragraph per line.
std::vector<Block> TextToBlocks(std::string_view text) {
  std::vector<Block> blocks;
  const bool has_blank_line = text.find("\n\n") != std::string_view::npos ||
                              text.find("\r\n\r\n") != std::string_view::npos;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = has_blank_line ? text.find("\n\n", start) : text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view piece = Trim(text.substr(start, end - start));
    if (!piece.empty()) blocks.push_back(Block{BlockKind::kParagraph, 0, std::string(piece), false});
    start = end + 1;
  }
  return blocks;
}

std::string LowerAlnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) out += c;
  }
  return out;
}

// The host of a URL without "www." and the public suffix's last label: "thamesgazette".
std::string SiteToken(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/:?#", start);
  std::string_view host = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (host.starts_with("www.")) host.remove_prefix(4);
  const size_t dot = host.find('.');
  return LowerAlnum(dot == std::string_view::npos ? host : host.substr(0, dot));
}

bool EndsSentence(std::string_view s) {
  return s.ends_with('.') || s.ends_with('!') || s.ends_with('?') || s.ends_with("\u3002") ||
         s.ends_with(':') || s.ends_with(';') || s.ends_with('"') || s.ends_with("\u00bb") ||
         s.ends_with("\u201d");
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

uint64_t CountCodePoints(std::string_view s) {
  uint64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// "Headline - Site Name", "Headline | Site": drops the site part when it names the site
// (its domain, its feed name, the publisher) or is set off by a pipe.
std::string StripSiteSuffix(std::string_view headline, const std::vector<std::string>& site_names) {
  for (std::string_view separator : {" | ", " - ", " \u2013 ", " \u2014 ", " :: "}) {
    const size_t at = headline.rfind(separator);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view suffix = Trim(headline.substr(at + separator.size()));
    const std::string token = LowerAlnum(suffix);
    bool names_site = separator == " | " && CountWords(suffix) <= 5 && CountWords(headline.substr(0, at)) >= 3;
    for (const auto& name : site_names) {
      if (!name.empty() && !token.empty() && (token == name || name.find(token) != std::string::npos ||
                                              token.find(name) != std::string::npos)) {
        names_site = true;
      }
    }
    if (names_site) return std::string(Trim(headline.substr(0, at)));
  }
  return std::string(headline);
}

bool IsUrlOnly(std::string_view s) {
  s = Trim(s);
  if (s.starts_with('<') && s.ends_with('>')) s = s.substr(1, s.size() - 2);
  return (s.starts_with("http://") || s.starts_with("https://")) && s.find(' ') == std::string_view::npos;
}

constexpr std::string_view kMiddleDot = "\u00b7";
constexpr size_t kMaxMetaLineBytes = 200;

// A line of page metadata: short, pieces set apart by middle dots, with digits (a date or a
// time): "Por Larissa Monteiro · 14/04/2026 22h10", "来源：新华社 · 2026-04-15 18:20".
bool IsMetaLine(std::string_view paragraph) {
  return paragraph.size() <= kMaxMetaLineBytes && paragraph.find(kMiddleDot) != std::string_view::npos &&
         paragraph.find_first_of("0123456789") != std::string_view::npos;
}

void AddCredits(Credits&& from, Credits& to) {
  for (auto* list : {&from.authors, &from.editors, &from.sources}) {
    auto& target = list == &from.authors ? to.authors : list == &from.editors ? to.editors : to.sources;
    for (auto& name : *list) {
      if (std::find(target.begin(), target.end(), name) == target.end()) target.push_back(std::move(name));
    }
  }
}

}  // namespace

std::string CleanArticle::Body() const {
  std::string body;
  for (const auto& paragraph : paragraphs) {
    if (!body.empty()) body += "\n\n";
    body += paragraph;
  }
  return body;
}

Cleaner::Cleaner(std::shared_ptr<const BoilerplatePatterns> boilerplate)
    : boilerplate_(std::move(boilerplate)) {}

void Cleaner::Clean(const CleanInput& input, CleanArticle& article) {
  article = CleanArticle{};

  // 1. Markup to blocks.
  std::vector<Block> blocks;
  std::string markup_title;
  std::string html_canonical;
  switch (input.format) {
    case MarkupFormat::kHtml: {
      HtmlDocument document = ParseHtml(input.body);
      blocks = std::move(document.blocks);
      markup_title = !document.og_title.empty() ? document.og_title : document.title;
      article.language_hint = std::move(document.lang);
      html_canonical = std::move(document.canonical_url);
      break;
    }
    case MarkupFormat::kMarkdown: blocks = MarkdownToBlocks(input.body); break;
    case MarkupFormat::kText: blocks = TextToBlocks(input.body); break;
  }

  // 2. Unicode: repair mis-decoded text where certain, then normalise.
  for (auto& block : blocks) {
    RepairResult repaired = RepairMojibake(block.text);
    article.mojibake_repaired |= repaired.repaired;
    article.mojibake_suspected |= repaired.suspicious;
    block.text = NormaliseText(repaired.text);
  }

  // 3. The URL and the names the site goes by.
  if (auto canonical = CanonicalUrl(!input.url.empty() ? input.url : std::string_view(html_canonical))) {
    article.canonical_url = std::move(*canonical);
  }
  std::vector<std::string> site_names{SiteToken(article.canonical_url), LowerAlnum(input.source)};
  if (input.source.find('.') != std::string_view::npos) site_names.push_back(SiteToken(input.source));

  // 4. Headline: the item's own, else the markup's title, else the first heading.
  std::string headline = NormaliseText(RepairMojibake(input.headline).text);
  if (headline.empty()) headline = NormaliseText(markup_title);
  if (headline.empty()) {
    for (const auto& block : blocks) {
      if (block.kind == BlockKind::kHeading && block.level <= 2) {
        headline = block.text;
        break;
      }
    }
  }
  article.headline = StripSiteSuffix(Trim(headline), site_names);

  // 5. Keep the story's paragraphs: drop captions, link-only lines, boilerplate, repeats, and
  // the headline repeated at the top.
  std::unordered_set<std::string_view> seen;
  std::vector<std::string_view> kept;
  const std::string headline_key = LowerAlnum(article.headline);
  for (const auto& block : blocks) {
    const std::string_view text = Trim(block.text);
    if (text.empty() || block.kind == BlockKind::kCaption) continue;
    if (block.link_only && !IsUrlOnly(text)) continue;  // nav and "read more" links
    if (boilerplate_.IsBoilerplate(text) && !IsUrlOnly(text)) continue;
    if (kept.empty() && LowerAlnum(text) == headline_key) continue;
    if (!seen.insert(text).second) continue;
    kept.push_back(text);
  }

  // 6. The tail, from the end: a publisher line after the page's URL, the URL itself,
  // credit lines and bylines.
  while (!kept.empty()) {
    const std::string_view last = kept.back();
    if (IsUrlOnly(last)) {
      kept.pop_back();
      continue;
    }
    if (kept.size() >= 2 && IsUrlOnly(kept[kept.size() - 2]) && last.size() <= kMaxPublisherBytes &&
        !EndsSentence(last)) {
      article.publisher = std::string(last);
      kept.pop_back();
      continue;
    }
    if (auto credits = ParseCreditParagraph(last)) {
      AddCredits(std::move(*credits), article.credits);
      kept.pop_back();
      continue;
    }
    break;
  }
  // Bylines and the page's byline-and-date lines ("By Tom Hale · Thursday 16 April 2026")
  // at the head.
  for (size_t i = 0; i < kCreditWindow && !kept.empty(); ++i) {
    if (auto credits = ParseCreditParagraph(kept.front())) {
      AddCredits(std::move(*credits), article.credits);
    } else if (IsMetaLine(kept.front())) {
      std::string_view rest = kept.front();
      while (!rest.empty()) {
        const size_t dot = rest.find(kMiddleDot);
        if (auto piece = ParseCreditParagraph(rest.substr(0, dot))) AddCredits(std::move(*piece), article.credits);
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + kMiddleDot.size());
      }
    } else {
      break;
    }
    kept.erase(kept.begin());
  }

  article.paragraphs.reserve(kept.size());
  for (std::string_view text : kept) article.paragraphs.emplace_back(text);
  // A source credited in parentheses at the end of the last paragraph: "(avec AFP)".
  if (!article.paragraphs.empty()) {
    std::string& last = article.paragraphs.back();
    if (auto trailing = ParseTrailingCredit(last)) {
      AddCredits(std::move(trailing->credits), article.credits);
      last.resize(trailing->text_length);
    }
  }

  // 7. Dateline at the head of the story.
  if (!article.paragraphs.empty()) {
    article.dateline = ParseDateline(article.paragraphs.front(), input.published);
  }

  for (const auto& paragraph : article.paragraphs) {
    article.char_count += CountCodePoints(paragraph);
    article.word_count += CountWords(paragraph);
  }
}

}  // namespace copydesk::text
