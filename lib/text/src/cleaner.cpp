#include "copydesk/text/cleaner.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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
// A title line at the head of a plain text.
constexpr size_t kMaxTitleLineBytes = 250;
constexpr size_t kMaxTitleLineWords = 25;

// Character references in a title sent as text ("Bogot&aacute;"), decoded by the HTML
// parser; a title without '&' is returned as is.
std::string DecodeEntities(std::string_view title) {
  if (title.find('&') == std::string_view::npos || title.find(';') == std::string_view::npos) {
    return std::string(title);
  }
  std::string html = "<p>";
  for (char c : title) {
    if (c == '<')
      html += "&lt;";
    else if (c == '>')
      html += "&gt;";
    else
      html += c;
  }
  html += "</p>";
  HtmlDocument document = ParseHtml(html);
  if (document.blocks.size() != 1) return std::string(title);
  return std::move(document.blocks.front().text);
}

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool EndsSentence(std::string_view s) {
  return s.ends_with('.') || s.ends_with('!') || s.ends_with('?') || s.ends_with("\u3002") ||
         s.ends_with(':') || s.ends_with(';') || s.ends_with('"') || s.ends_with("\u00bb") ||
         s.ends_with("\u201d");
}

// Plain text: paragraphs are separated by blank lines. Without any blank line, the line breaks
// decide: lines that mostly end sentences are a paragraph each (agency bodies); hard-wrapped
// text (Reuters' 70-column lines) is joined, and a new paragraph starts at an indented line,
// or, when nothing is indented, after a short line that ends a sentence.
std::vector<Block> TextToBlocks(std::string_view text) {
  std::vector<Block> blocks;
  auto add = [&](std::string_view piece) {
    piece = Trim(piece);
    if (!piece.empty())
      blocks.push_back(Block{BlockKind::kParagraph, 0, std::string(piece), false});
  };
  const bool has_blank_line = text.find("\n\n") != std::string_view::npos ||
                              text.find("\r\n\r\n") != std::string_view::npos;
  if (has_blank_line) {
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find("\n\n", start);
      if (end == std::string_view::npos) end = text.size();
      add(text.substr(start, end - start));
      start = end + 2;
    }
    return blocks;
  }
  struct Line {
    std::string_view text;  // trimmed
    bool indented;
  };
  std::vector<Line> lines;
  size_t longest = 0;
  size_t sentence_ends = 0;
  bool any_indented = false;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(start, end - start);
    const std::string_view line = Trim(raw);
    if (!line.empty()) {
      const bool indented = raw.front() == ' ' || raw.front() == '\t';
      lines.push_back({line, indented});
      longest = std::max(longest, line.size());
      sentence_ends += EndsSentence(line);
      any_indented |= indented && lines.size() > 1;
    }
    start = end + 1;
  }
  if (lines.size() < 3 || sentence_ends * 10 >= lines.size() * 6) {
    for (const Line& line : lines) add(line.text);
    return blocks;
  }
  std::string paragraph;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const bool starts_new = any_indented ? line.indented
                                         : i > 0 && EndsSentence(lines[i - 1].text) &&
                                               lines[i - 1].text.size() * 10 < longest * 8;
    if (starts_new && !paragraph.empty()) {
      add(paragraph);
      paragraph.clear();
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line.text;
  }
  add(paragraph);
  return blocks;
}

std::string LowerAlnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             static_cast<unsigned char>(c) >= 0x80)
      out += c;
  }
  return out;
}

// The host of a URL without "www." and the public suffix's last label: "thamesgazette".
std::string SiteToken(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/:?#", start);
  std::string_view host =
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (host.starts_with("www.")) host.remove_prefix(4);
  const size_t dot = host.find('.');
  return LowerAlnum(dot == std::string_view::npos ? host : host.substr(0, dot));
}

// The site a URL belongs to: its host's last two labels, three under a two-letter country
// code with a short second level ("bbc.co.uk", "globo.com.br"); "m.site.com" is "site.com".
std::string SiteOf(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  const size_t end = url.find_first_of("/:?#", start);
  const std::string_view host =
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  std::vector<std::string_view> labels;
  size_t from = 0;
  while (true) {
    const size_t dot = host.find('.', from);
    labels.push_back(
        host.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  const size_t n = labels.size();
  size_t keep = 2;
  if (n >= 3 && labels[n - 1].size() == 2 && labels[n - 2].size() <= 3) keep = 3;
  if (n <= keep) return LowerAlnum(host);
  std::string site;
  for (size_t i = n - keep; i < n; ++i) {
    if (!site.empty()) site += '.';
    site += LowerAlnum(labels[i]);
  }
  return site;
}

// Eight bytes at a time (SWAR), as both run over the whole article. Per byte, exactly: the
// high bit set where the byte is zero.
uint64_t ZeroBytes(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  return ~(((word & kLow7) + kLow7) | word) & 0x8080808080808080ULL;
}

// How many bytes of a mask of high bits are set.
size_t SetBytes(uint64_t mask) {
  return static_cast<size_t>(((mask >> 7) * 0x0101010101010101ULL) >> 56);
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    const uint64_t space = ZeroBytes(word ^ 0x2020202020202020ULL) |
                           ZeroBytes(word ^ 0x0a0a0a0a0a0a0a0aULL) |
                           ZeroBytes(word ^ 0x0909090909090909ULL);
    const uint64_t other = ~space & 0x8080808080808080ULL;
    // A word starts at a byte that is no space after one that is (or after the start).
    const uint64_t space_before = (space << 8) | (in_word ? 0 : 0x80);
    words += SetBytes(other & space_before);
    in_word = (other >> 63) != 0;
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

uint64_t CountCodePoints(std::string_view s) {
  uint64_t n = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    const uint64_t continuation = word & ~(word << 1) & 0x8080808080808080ULL;  // 10xxxxxx
    n += 8 - SetBytes(continuation);
  }
  for (; i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80;
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
    bool names_site =
        separator == " | " && CountWords(suffix) <= 5 && CountWords(headline.substr(0, at)) >= 3;
    for (const auto& name : site_names) {
      if (!name.empty() && !token.empty() &&
          (token == name || name.find(token) != std::string::npos ||
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
  return (s.starts_with("http://") || s.starts_with("https://")) &&
         s.find(' ') == std::string_view::npos;
}

constexpr std::string_view kMiddleDot = "\u00b7";
constexpr size_t kMaxMetaLineBytes = 200;

// A line of page metadata: short, pieces set apart by middle dots, with digits (a date or a
// time): "Por Larissa Monteiro · 14/04/2026 22h10", "来源：新华社 · 2026-04-15 18:20".
bool IsMetaLine(std::string_view paragraph) {
  return paragraph.size() <= kMaxMetaLineBytes &&
         paragraph.find(kMiddleDot) != std::string_view::npos &&
         paragraph.find_first_of("0123456789") != std::string_view::npos;
}

void AddCredits(Credits&& from, Credits& to) {
  for (auto* list : {&from.authors, &from.editors, &from.sources}) {
    auto& target = list == &from.authors   ? to.authors
                   : list == &from.editors ? to.editors
                                           : to.sources;
    for (auto& name : *list) {
      if (std::find(target.begin(), target.end(), name) == target.end())
        target.push_back(std::move(name));
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

void Cleaner::SetSiteBoilerplate(std::shared_ptr<const BoilerplatePatterns> patterns) {
  site_boilerplate_ =
      patterns ? std::make_unique<BoilerplateMatcher>(std::move(patterns)) : nullptr;
}

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
    case MarkupFormat::kMarkdown:
      blocks = MarkdownToBlocks(input.body);
      break;
    case MarkupFormat::kText:
      blocks = TextToBlocks(input.body);
      break;
  }

  // 2. Unicode: repair mis-decoded text where certain, then normalise.
  for (auto& block : blocks) {
    RepairResult repaired = RepairMojibake(std::move(block.text));
    article.mojibake_repaired |= repaired.repaired;
    article.mojibake_suspected |= repaired.suspicious;
    block.text = NormaliseText(repaired.text);
  }

  // 3. The URL and the names the site goes by.
  static const UrlRules kAnySite;
  const UrlRules& url_rules = input.site != nullptr ? input.site->url : kAnySite;
  if (auto canonical = CanonicalUrl(
          !input.url.empty() ? input.url : std::string_view(html_canonical), url_rules)) {
    article.canonical_url = std::move(*canonical);
  }
  // The page's own <link rel="canonical"> names the article's address when the scraper
  // fetched a copy of it (mobile host, tracking, a print view) on the same site.
  if (!input.url.empty() && !html_canonical.empty()) {
    if (auto declared = CanonicalUrl(html_canonical, url_rules)) {
      // A site's home page given as every page's canonical (a known misconfiguration) is not
      // the article's address.
      const size_t host_end = declared->find('/', declared->find("://") + 3);
      const bool home_page = host_end == std::string::npos || declared->size() <= host_end + 1 ||
                             (*declared)[host_end + 1] == '?' || (*declared)[host_end + 1] == '#';
      if (!home_page && !article.canonical_url.empty() &&
          SiteOf(*declared) == SiteOf(article.canonical_url)) {
        article.canonical_url = std::move(*declared);
      }
    }
  }
  std::vector<std::string> site_names{SiteToken(article.canonical_url), LowerAlnum(input.source)};
  if (input.source.find('.') != std::string_view::npos)
    site_names.push_back(SiteToken(input.source));

  // 4. Headline: the item's own, else the markup's title, else the first heading.
  std::string headline = NormaliseText(RepairMojibake(DecodeEntities(input.headline)).text);
  if (headline.empty()) headline = NormaliseText(markup_title);
  const Block* first_heading = nullptr;
  for (const auto& block : blocks) {
    if (block.kind == BlockKind::kHeading && block.level <= 2) {
      first_heading = &block;
      break;
    }
  }
  if (headline.empty() && first_heading != nullptr) headline = first_heading->text;
  // A plain text without a title whose first line is a title: short, not a sentence, and
  // followed by the story.
  if (headline.empty() && input.format == MarkupFormat::kText && blocks.size() >= 3) {
    const std::string_view first = Trim(blocks.front().text);
    const size_t words = CountWords(first);
    if (!first.empty() && first.size() <= kMaxTitleLineBytes && words >= 3 &&
        words <= kMaxTitleLineWords && !EndsSentence(first) && !IsUrlOnly(first) &&
        !ParseCreditParagraph(first) && !ParseDateline(first, input.published)) {
      headline = std::string(first);
    }
  }
  article.headline = StripSiteSuffix(Trim(headline), site_names);
  // The page's own heading shows where a site suffix the names did not catch begins:
  // title "Headline - Some Site" over <h1>Headline</h1>.
  if (first_heading != nullptr && article.headline.size() > first_heading->text.size()) {
    const std::string_view heading = Trim(first_heading->text);
    if (!heading.empty() && std::string_view(article.headline).starts_with(heading)) {
      const std::string_view rest = std::string_view(article.headline).substr(heading.size());
      for (std::string_view separator : {" | ", " - ", " \u2013 ", " \u2014 ", " :: "}) {
        if (rest.starts_with(separator) && CountWords(rest) <= 6) {
          article.headline = std::string(heading);
          break;
        }
      }
    }
  }

  // 5. Keep the story's paragraphs: drop captions, link-only lines, boilerplate, repeats, and
  // the headline repeated at the top.
  std::unordered_set<std::string_view> seen;
  std::vector<std::string_view> kept;
  const std::string headline_key = LowerAlnum(article.headline);
  const uint32_t site_tag = input.site != nullptr ? input.site->boilerplate_tag : 0;
  const bool site_boilerplate = site_tag != 0 && site_boilerplate_ != nullptr;
  for (const auto& block : blocks) {
    const std::string_view text = Trim(block.text);
    if (text.empty() || block.kind == BlockKind::kCaption) continue;
    if (block.link_only && !IsUrlOnly(text)) continue;  // nav and "read more" links
    if (boilerplate_.IsBoilerplate(text) && !IsUrlOnly(text)) continue;
    if (site_boilerplate && site_boilerplate_->IsBoilerplate(text, site_tag)) continue;
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
        if (auto piece = ParseCreditParagraph(rest.substr(0, dot)))
          AddCredits(std::move(*piece), article.credits);
        rest = dot == std::string_view::npos ? std::string_view()
                                             : rest.substr(dot + kMiddleDot.size());
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
