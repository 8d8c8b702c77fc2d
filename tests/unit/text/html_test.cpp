// HTML to blocks: the sample feed's scraped pages lose their furniture and keep their story
// in order; each furniture rule, block kind and entity on small pages; pathological markup.
#include "copydesk/text/html.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace copydesk::text {
namespace {

std::vector<std::string> Texts(const std::vector<Block>& blocks) {
  std::vector<std::string> texts;
  for (const Block& block : blocks) texts.push_back(block.text);
  return texts;
}

std::vector<std::string> Texts(std::string_view html) {
  return Texts(ParseHtml(html).blocks);
}

std::string Joined(const std::vector<Block>& blocks) {
  std::string all;
  for (const Block& block : blocks) all += block.text + "\n";
  return all;
}

// An item of config/samples/feed.ndjson with an "html" or "markdown" body.
struct FeedPage {
  size_t line = 0;
  std::string url;
  std::string html;
};

std::vector<FeedPage> FeedPages(const char* field) {
  std::ifstream in(COPYDESK_SOURCE_DIR "/config/samples/feed.ndjson", std::ios::binary);
  EXPECT_TRUE(in.good());
  std::vector<FeedPage> pages;
  simdjson::dom::parser parser;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    simdjson::dom::element item;
    if (parser.parse(line).get(item) != simdjson::SUCCESS) continue;  // the feed's broken lines
    std::string_view body;
    std::string_view url;
    if (item[field].get(body) != simdjson::SUCCESS) continue;
    if (item["url"].get(url) != simdjson::SUCCESS && item["link"].get(url) != simdjson::SUCCESS)
      url = "";
    pages.push_back({number, std::string(url), std::string(body)});
  }
  return pages;
}

FeedPage PageWithUrl(std::string_view url_part) {
  for (FeedPage& page : FeedPages("html")) {
    if (page.url.find(url_part) != std::string::npos) return page;
  }
  ADD_FAILURE() << "no HTML page in the feed has " << url_part;
  return {};
}

// The plain <p>…</p> paragraphs of the page's <article>, found by string search: what the
// story is, independently of the parser. (The feed's story paragraphs have no inner markup.)
std::vector<std::string> PlainArticleParagraphs(std::string_view html) {
  const size_t begin = html.find("<article");
  const size_t end = html.find("</article>");
  std::vector<std::string> paragraphs;
  if (begin == std::string_view::npos || end == std::string_view::npos) return paragraphs;
  const std::string_view article = html.substr(begin, end - begin);
  for (size_t at = article.find("<p>"); at != std::string_view::npos;
       at = article.find("<p>", at)) {
    const size_t close = article.find("</p>", at);
    paragraphs.emplace_back(article.substr(at + 3, close - at - 3));
    at = close;
  }
  return paragraphs;
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// ---- The sample feed -----------------------------------------------------------------------

TEST(HtmlFeed, EveryScrapedPageIsHeadlineBylineCaptionAndStory) {
  const std::vector<FeedPage> pages = FeedPages("html");
  ASSERT_GE(pages.size(), 7u);
  for (const FeedPage& page : pages) {
    SCOPED_TRACE("feed line " + std::to_string(page.line) + ": " + page.url);
    const HtmlDocument document = ParseHtml(page.html);
    const std::vector<Block>& blocks = document.blocks;
    const std::vector<std::string> story = PlainArticleParagraphs(page.html);
    ASSERT_GE(story.size(), 5u);
    const size_t credits = Count(page.html, "<p class=\"credit\">");
    // h1, the byline line, the figure's caption, the story, the credit line.
    ASSERT_EQ(blocks.size(), 3 + story.size() + credits) << Joined(blocks);

    EXPECT_EQ(blocks[0].kind, BlockKind::kHeading);
    EXPECT_EQ(blocks[0].level, 1);
    EXPECT_EQ(blocks[0].text, document.og_title);
    EXPECT_EQ(blocks[1].kind, BlockKind::kParagraph);
    EXPECT_EQ(blocks[2].kind, BlockKind::kCaption);
    for (size_t i = 0; i < story.size(); ++i) {
      EXPECT_EQ(blocks[3 + i].kind, BlockKind::kParagraph);
      EXPECT_EQ(blocks[3 + i].text, story[i]);
    }
    for (const Block& block : blocks) {
      EXPECT_FALSE(block.link_only) << block.text;  // nav, related links, share buttons: gone
      for (const char* junk : {"gtag", "dataLayer", "querySelector", "{", "}"}) {
        EXPECT_EQ(block.text.find(junk), std::string::npos) << junk << " in: " << block.text;
      }
      // The footers' copyright lines are gone; a photo credit in a caption is the caption's.
      if (block.kind != BlockKind::kCaption) {
        EXPECT_EQ(block.text.find("\u00a9"), std::string::npos) << block.text;
      }
    }
  }
}

TEST(HtmlFeed, EnglishPageLosesEachPieceOfFurniture) {
  const HtmlDocument document = ParseHtml(PageWithUrl("westcountrycourier.co.uk").html);
  const std::string all = Joined(document.blocks);
  for (const char* junk :
       {"We use cookies", "Accept all", "Manage preferences", "Westcountry Courier\n", "Home",
        "Politics", "Share on Facebook", "Share on X", "Read more", "Bristol's bus lanes",
        "Advertisement", "More from News", "Temple Meads eastern entrance",
        "Sign up to our free daily newsletter", "OK", "All rights reserved", "Privacy policy",
        "Severn Media"}) {
    EXPECT_EQ(all.find(junk), std::string::npos) << junk;
  }
  EXPECT_EQ(document.blocks[1].text,
            "By Hannah Pryce, Local Democracy Reporter \u00b7 06:00, 15 APR 2026");
  EXPECT_EQ(document.blocks[2].text,
            "An artist's impression of a stop on the proposed route near Cabot Circus (Image: "
            "Bristol City Council)");
  EXPECT_EQ(document.blocks.back().text,
            "Residents' groups in Lockleaze and Horfield, where the line would run at street "
            "level, have asked "
            "for a public meeting before any further decisions are made. A consultation on stop "
            "locations is "
            "expected to open in the summer.");
}

TEST(HtmlFeed, Metadata) {
  const HtmlDocument bristol = ParseHtml(PageWithUrl("westcountrycourier.co.uk").html);
  EXPECT_EQ(bristol.title,
            "Bristol mass transit: council backs partly underground route through city centre | "
            "Westcountry Courier");
  EXPECT_EQ(bristol.og_title,
            "Bristol mass transit: council backs partly underground route through city centre");
  EXPECT_EQ(bristol.lang, "en-GB");
  EXPECT_EQ(bristol.canonical_url,
            "https://www.westcountrycourier.co.uk/news/bristol-news/"
            "bristol-mass-transit-route-approved-48213");

  // og:title written with a hex entity.
  const HtmlDocument darfour = ParseHtml(PageWithUrl("lecourrierlemanique.ch").html);
  EXPECT_EQ(
      darfour.og_title,
      "Darfour: l'ONU alerte sur un risque de famine dans plusieurs camps de d\u00e9plac\u00e9s");
  EXPECT_EQ(darfour.lang, "fr-CH");

  const HtmlDocument cairo = ParseHtml(PageWithUrl("alnilalyoum.com").html);
  EXPECT_EQ(cairo.lang, "ar");
  EXPECT_EQ(cairo.canonical_url, "");  // the page has none
}

TEST(HtmlFeed, AmpPage) {
  const HtmlDocument document = ParseHtml(PageWithUrl("thamesgazette.co.uk").html);
  EXPECT_EQ(document.lang, "en-GB");  // <html ⚡ lang="en-GB">
  EXPECT_EQ(document.canonical_url,
            "https://www.thamesgazette.co.uk/sport/athletics/"
            "london-marathon-2026-record-finishers-expected-8841207");
  const std::string all = Joined(document.blocks);
  EXPECT_EQ(all.find("googleanalytics"), std::string::npos);
  EXPECT_EQ(all.find("trackPageview"), std::string::npos);
  EXPECT_NE(all.find("Runners cross Tower Bridge during last year's race (Photo: PA)"),
            std::string::npos);
}

// ---- Metadata ----------------------------------------------------------------------------

TEST(HtmlMetadata, Variants) {
  const HtmlDocument document = ParseHtml(
      "<html LANG=' de-AT '><head><TITLE>\n  Ein   Titel\n</TITLE>"
      "<meta name=\"og:title\" content=\"OG  &amp; Titel\">"
      "<link rel=\"alternate canonical\" href=\" https://example.at/a "
      "\"></head><body><p>x</p></body></html>");
  EXPECT_EQ(document.title, "Ein Titel");
  EXPECT_EQ(document.og_title, "OG & Titel");
  EXPECT_EQ(document.lang, "de-AT");
  EXPECT_EQ(document.canonical_url, "https://example.at/a");

  const HtmlDocument none =
      ParseHtml("<p>x</p><link rel=\"canonicalx\" href=\"/no\"><svg><title>icon</title></svg>");
  EXPECT_EQ(none.title, "");
  EXPECT_EQ(none.og_title, "");
  EXPECT_EQ(none.lang, "");
  EXPECT_EQ(none.canonical_url, "");

  // The first of each wins.
  const HtmlDocument twice = ParseHtml(
      "<title>one</title><title>two</title><meta property=og:title content=A><meta "
      "property=og:title content=B>");
  EXPECT_EQ(twice.title, "one");
  EXPECT_EQ(twice.og_title, "A");
}

// ---- Entities and whitespace ----------------------------------------------------------------

TEST(HtmlText, EntitiesAreDecoded) {
  EXPECT_EQ(Texts("<p>Tom &amp; Jerry, &eacute;t&eacute;, l&#8217;Iran, l&#x2019;an, a&nbsp;b, "
                  "&lt;tag&gt;, "
                  "&quot;q&quot;, &copy; &euro;</p>"),
            std::vector<std::string>{
                "Tom & Jerry, \u00e9t\u00e9, l\u2019Iran, l\u2019an, a\u00a0b, <tag>, \"q\", "
                "\u00a9 \u20ac"});
  // Without the semicolon, as browsers read it; an unknown entity stays as written.
  EXPECT_EQ(Texts("<p>AT&T &ampx &zzz;</p>"), std::vector<std::string>{"AT&T &x &zzz;"});
}

TEST(HtmlText, WhitespaceIsCollapsedAndNbspKept) {
  EXPECT_EQ(Texts("<p>\n  one \t two\n\n three  </p>"), std::vector<std::string>{"one two three"});
  EXPECT_EQ(Texts("<p>a<b>b</b> <i>c</i>d</p>"), std::vector<std::string>{"ab cd"});
  EXPECT_EQ(Texts("<p>10&nbsp;000</p>"), std::vector<std::string>{"10\u00a0000"});
}

TEST(HtmlText, LineBreaks) {
  EXPECT_EQ(Texts("<p>one<br>two<br/>three</p>"), std::vector<std::string>{"one two three"});
  EXPECT_EQ(Texts("<div>one<br><br>two<br> <br><br>three</div>"),
            (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(Texts("<p><br>one<br></p>"), std::vector<std::string>{"one"});
}

TEST(HtmlText, EmptyBlocksAreDropped) {
  EXPECT_EQ(
      Texts("<p> </p><p>&nbsp;</p><p>&#8203;</p><div><br></div><p><b> </b></p><h2></h2><p>x</p>"),
      std::vector<std::string>{"x"});
}

// ---- Block kinds ------------------------------------------------------------------------

TEST(HtmlBlocks, Kinds) {
  const std::vector<Block> blocks =
      ParseHtml(
          "<h1>One</h1><h3>Three</h3><h6>Six</h6><p>Para</p>"
          "<ul><li>Item 1</li><li>Item <em>2</em></li></ul>"
          "<blockquote><p>Quoted 1</p><p>Quoted 2</p></blockquote>"
          "<pre>  code\n    indented</pre>"
          "<table><caption>Table caption</caption><tr><td>Cell</td></tr></table>"
          "<dl><dt>Term</dt><dd>Definition</dd></dl>")
          .blocks;
  const std::vector<std::pair<BlockKind, std::string>> expected{
      {BlockKind::kHeading, "One"},
      {BlockKind::kHeading, "Three"},
      {BlockKind::kHeading, "Six"},
      {BlockKind::kParagraph, "Para"},
      {BlockKind::kListItem, "Item 1"},
      {BlockKind::kListItem, "Item 2"},
      {BlockKind::kQuote, "Quoted 1"},
      {BlockKind::kQuote, "Quoted 2"},
      {BlockKind::kPreformatted, "  code\n    indented"},
      {BlockKind::kCaption, "Table caption"},
      {BlockKind::kParagraph, "Cell"},
      {BlockKind::kParagraph, "Term"},
      {BlockKind::kParagraph, "Definition"}};
  ASSERT_EQ(blocks.size(), expected.size()) << Joined(blocks);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(blocks[i].kind, expected[i].first) << i;
    EXPECT_EQ(blocks[i].text, expected[i].second) << i;
  }
  EXPECT_EQ(blocks[0].level, 1);
  EXPECT_EQ(blocks[1].level, 3);
  EXPECT_EQ(blocks[2].level, 6);
  EXPECT_EQ(blocks[3].level, 0);
}

TEST(HtmlBlocks, DivTextAndNestedBlocks) {
  EXPECT_EQ(Texts("<div>Intro <span>text</span><p>Inner</p>Tail</div><section>Sec</section>"),
            (std::vector<std::string>{"Intro text", "Inner", "Tail", "Sec"}));
  EXPECT_EQ(Texts("<ul><li>Outer<ul><li>Inner</li></ul></li></ul>"),
            (std::vector<std::string>{"Outer", "Inner"}));
  EXPECT_EQ(Texts("Bare text, no markup."), std::vector<std::string>{"Bare text, no markup."});
}

TEST(HtmlBlocks, LinkOnly) {
  const std::vector<Block> blocks =
      ParseHtml(
          "<p><a href=/x>Read more</a></p><p>See <a href=/y>this</a>.</p><ul><li><a "
          "href=/>Home</a></li></ul>"
          "<p> <a href=/a>One</a> <a href=/b>Two</a> </p><h2><a href=/t>Teaser title</a></h2>")
          .blocks;
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_TRUE(blocks[0].link_only);
  EXPECT_FALSE(blocks[1].link_only);
  EXPECT_TRUE(blocks[2].link_only);
  EXPECT_TRUE(blocks[3].link_only);
  EXPECT_EQ(blocks[3].text, "One Two");
  EXPECT_TRUE(blocks[4].link_only);
  EXPECT_EQ(blocks[4].kind, BlockKind::kHeading);
}

// ---- Furniture rules, one by one -------------------------------------------------------------

TEST(HtmlFurniture, ElementsDroppedWithTheirText) {
  const std::string page =
      "<p>Kept 1</p>"
      "<script>var s = 'script';</script><style>p { color: red }</style><noscript>Enable "
      "JavaScript</noscript>"
      "<template><p>template</p></template><iframe>iframe text</iframe><svg><text>svg "
      "text</text></svg>"
      "<math><mi>x</mi></math><canvas>canvas text</canvas><button>Button</button>"
      "<select><option>Option</option></select><input value=input><textarea>Textarea</textarea>"
      "<nav><a href=/>Nav link</a></nav><aside>Aside text</aside><footer>Footer text</footer>"
      "<form><label>Form label</label></form><video>Video fallback</video><audio>Audio "
      "fallback</audio>"
      "<object>Object fallback</object><menu><li>Menu item</li></menu><dialog>Dialog text</dialog>"
      "<picture>Picture text</picture>"
      "<p>Kept 2</p>";
  EXPECT_EQ(Texts(page), (std::vector<std::string>{"Kept 1", "Kept 2"}));
}

TEST(HtmlFurniture, AmpElements) {
  EXPECT_EQ(Texts("<p>Kept</p><amp-img src=x.jpg><div fallback>Image fallback</div></amp-img>"
                  "<amp-ad type=x>Advertisement</amp-ad><amp-analytics><script "
                  "type=application/json>{}</script>"
                  "</amp-analytics><amp-fit-text>Fit text</amp-fit-text>"),
            (std::vector<std::string>{"Kept", "Fit text"}));
}

TEST(HtmlFurniture, FigureKeepsOnlyItsCaption) {
  const std::vector<Block> blocks =
      ParseHtml(
          "<figure><img src=a.jpg alt='Alt text'><span class=credit>Credit text</span>"
          "<figcaption>The <b>caption</b></figcaption></figure><p>Story</p>")
          .blocks;
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].kind, BlockKind::kCaption);
  EXPECT_EQ(blocks[0].text, "The caption");
  EXPECT_EQ(blocks[1].text, "Story");
}

TEST(HtmlFurniture, Headers) {
  // A page header: logo and menu.
  EXPECT_EQ(Texts("<header><a href=/>Site name</a><ul><li><a "
                  "href=/n>News</a></li></ul></header><p>Story</p>"),
            std::vector<std::string>{"Story"});
  // A logo as <h1> is still a page header: its h1 is only link text.
  EXPECT_EQ(Texts("<header><h1><a href=/>Site name</a></h1></header><p>Story</p>"),
            std::vector<std::string>{"Story"});
  // The article's header, with its headline and standfirst.
  EXPECT_EQ(
      Texts("<article><header><h1>Headline</h1><p>Standfirst</p></header><p>Story</p></article>"),
      (std::vector<std::string>{"Headline", "Standfirst", "Story"}));
  EXPECT_EQ(Texts("<header><h2>Section headline</h2></header><p>Story</p>"),
            (std::vector<std::string>{"Section headline", "Story"}));
}

TEST(HtmlFurniture, ClassAndIdSegments) {
  for (const char* junk :
       {"<div class=share-bar>J</div>", "<div class='cookie_banner'>J</div>",
        "<div id=site-nav>J</div>", "<div class=ad-slot>J</div>", "<p class=inline-related>J</p>",
        "<div class=\"story SOCIAL\">J</div>", "<div class=consent-dialog>J</div>",
        "<div class=newsletter-box>J</div>", "<div id=subscribe>J</div>",
        "<div class=advert>J</div>", "<div class=promo_box>J</div>", "<ol class=breadcrumb>J</ol>",
        "<section id=comments>J</section>", "<div class=sidebar>J</div>", "<ul class=menu>J</ul>",
        "<div class=ads>J</div>", "<div class=advertisement>J</div>",
        "<div class='x breadcrumbs'>J</div>"}) {
    EXPECT_EQ(Texts(std::string("<p>Story</p>") + junk), std::vector<std::string>{"Story"}) << junk;
  }
  for (const char* kept : {"<div class=header-title>K</div>", "<div class=shared>K</div>",
                           "<div class=shareholders>K</div>", "<div id=navigator>K</div>",
                           "<div class=advertiser-news>K</div>", "<div class=comment-piece>K</div>",
                           "<p>A <span class=share-price>K</span> z</p>",
                           "<p><a class=related-tag href=/t>K</a></p>"}) {
    const std::vector<std::string> texts = Texts(std::string("<p>Story</p>") + kept);
    ASSERT_EQ(texts.size(), 2u) << kept;
    EXPECT_NE(texts[1].find('K'), std::string::npos) << kept;
  }
}

TEST(HtmlFurniture, HiddenElements) {
  EXPECT_EQ(Texts("<p>Story</p><div hidden>Hidden</div><p aria-hidden=\"true\">Aria hidden</p>"
                  "<ul role=navigation><li>Nav</li></ul><p aria-hidden=false>Shown</p>"),
            (std::vector<std::string>{"Story", "Shown"}));
}

TEST(HtmlFurniture, ContainerOfTheStoryIsKeptWhateverItsClass) {
  const std::string story(400, 'x');
  // WordPress-style classes on the body and on the page's wrapper; a form around everything.
  EXPECT_EQ(Texts("<body class='single has-sidebar'><form id=aspnetForm><div class='page "
                  "menu-open' aria-hidden=true>"
                  "<h1>Headline</h1><p>" +
                  story + "</p><div class=sidebar><p>Sidebar text</p></div></div></form>"),
            (std::vector<std::string>{"Headline", story}));
  // No headline, but paragraphs: a story.
  EXPECT_EQ(Texts("<div class=main-menu-open><p>" + story +
                  "</p><p>two</p><p>three</p></div><div class=menu>M</div>"),
            (std::vector<std::string>{story, "two", "three"}));
  // A notice is furniture even when it is most of the text: it has neither.
  EXPECT_EQ(Texts("<div class=cookie-notice><p>We use cookies to " + story +
                  "</p><button>OK</button></div>"
                  "<p>Short story</p>"),
            std::vector<std::string>{"Short story"});
  EXPECT_EQ(Texts("<div class=share-bar>Share</div>"), std::vector<std::string>{});
}

// ---- Which part of the page --------------------------------------------------------------

TEST(HtmlArticle, TheLargestArticleIsTheStory) {
  const std::string story(300, 's');
  const std::vector<std::string> texts = Texts(
      "<p>Outside</p><article><h2>Teaser</h2><p>Short teaser text</p></article>"
      "<article><h1>Headline</h1><p>" +
      story +
      "</p></article>"
      "<article><p>Another teaser</p></article>");
  EXPECT_EQ(texts, (std::vector<std::string>{"Headline", story}));
}

TEST(HtmlArticle, HeadlineAboveTheArticleComesFirst) {
  const std::string story(300, 's');
  EXPECT_EQ(Texts("<div class=cookie-modal><h1>We value your privacy</h1></div>"
                  "<div class=top><h1>The headline</h1><p>Standfirst outside</p></div>"
                  "<article><p>" +
                  story + "</p></article>"),
            (std::vector<std::string>{"The headline", story}));
  // The article's own h1: no other.
  EXPECT_EQ(Texts("<h1>Site</h1><article><h1>Own headline</h1><p>" + story + "</p></article>"),
            (std::vector<std::string>{"Own headline", story}));
}

TEST(HtmlArticle, TeaserSizedArticlesAreNotTheStory) {
  // Less than 200 bytes of text: the page is read whole.
  EXPECT_EQ(Texts("<h1>Headline</h1><p>Story paragraph</p><article><p>Teaser</p></article>"),
            (std::vector<std::string>{"Headline", "Story paragraph", "Teaser"}));
  // Articles inside furniture do not count.
  const std::string related(300, 'r');
  EXPECT_EQ(Texts("<h1>Headline</h1><p>Story</p><aside><article><p>" + related +
                  "</p></article></aside>"),
            (std::vector<std::string>{"Headline", "Story"}));
}

// ---- Robustness --------------------------------------------------------------------------

TEST(HtmlRobustness, EmptyAndTrivialInput) {
  EXPECT_TRUE(ParseHtml("").blocks.empty());
  EXPECT_TRUE(ParseHtml(" \n\t ").blocks.empty());
  EXPECT_TRUE(ParseHtml("<html><head></head><body></body></html>").blocks.empty());
  EXPECT_EQ(Texts("<"), std::vector<std::string>{"<"});  // text, as HTML5 reads it
  EXPECT_EQ(Texts("<p"), std::vector<std::string>{});
  EXPECT_EQ(Texts(std::string_view("a\0b", 3)), std::vector<std::string>{"ab"});  // NUL is dropped
  EXPECT_EQ(Texts("\xff\xfe ok"), std::vector<std::string>{"\ufffd\ufffd ok"});
}

TEST(HtmlRobustness, MalformedMarkup) {
  EXPECT_EQ(Texts("<p>one<p>two</div></span><p>three"),
            (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(Texts("<b><p>bold para</b> tail</p>"), (std::vector<std::string>{"bold para tail"}));
  EXPECT_EQ(Texts("<table><p>fostered</p><tr><td>cell</td></tr></table>"),
            (std::vector<std::string>{"fostered", "cell"}));
  EXPECT_EQ(Texts("<p>a <!-- comment <p>not markup</p> --> b</p><!-- unterminated <p>x</p>"),
            std::vector<std::string>{"a b"});
  EXPECT_EQ(Texts("<p title='unterminated>text</p>"), std::vector<std::string>{});
  EXPECT_EQ(Texts("<script>if (a < b) document.write('<p>x</p>');</script><p>after</p>"),
            std::vector<std::string>{"after"});
}

// Text under `depth` levels of `open`, closed again with `close`.
std::string Nested(size_t depth, std::string_view open, std::string_view close,
                   std::string_view text) {
  std::string html;
  for (size_t i = 0; i < depth; ++i) html += open;
  html += text;
  for (size_t i = 0; i < depth; ++i) html += close;
  return html;
}

TEST(HtmlRobustness, TenThousandLevelsOfNesting) {
  const std::vector<std::string> texts =
      Texts(Nested(10000, "<div>", "</div>", "deep text") + "<p>after</p>");
  EXPECT_EQ(texts, (std::vector<std::string>{"deep text", "after"}));
  // Unclosed, and a hundred thousand of them (gumbo's own tree teardown would recurse).
  std::string unclosed;
  for (int i = 0; i < 100000; ++i) unclosed += "<div>";
  EXPECT_EQ(Texts(unclosed + "bottom"), std::vector<std::string>{"bottom"});
}

TEST(HtmlRobustness, NestingJustUnderTheLimitKeepsItsStructure) {
  const std::vector<Block> blocks =
      ParseHtml(Nested(400, "<div>", "</div>", "<p>inner</p>") + "<p>outer</p>").blocks;
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "inner");
  EXPECT_EQ(blocks[1].text, "outer");
}

TEST(HtmlRobustness, PathologicalMarkupIsReadToTheEnd) {
  // Each of these takes gumbo alone tens of seconds at this size (time grows with depth ×
  // tags, or attributes²); bounded, they take milliseconds (timed in bench, not here).
  for (const auto& [unit, expect_text] :
       std::vector<std::pair<std::string, bool>>{{"<div>", false},
                                                 {"<li><ul>", false},
                                                 {"<b><div>", false},
                                                 {"<span><div></span>", false},
                                                 {"<a><div>", false},
                                                 {"<blockquote>", false},
                                                 {"<svg><div>", false},
                                                 {"<div/>", false},
                                                 {"<table>x<b>", true},
                                                 {"<p><i>", false},
                                                 {"<font color=red><center>", false}}) {
    std::string html;
    for (int i = 0; i < 50000; ++i) html += unit;
    html += "THE END";
    const std::string all = Joined(ParseHtml(html).blocks);
    EXPECT_NE(all.find("THE END"), std::string::npos) << unit;
    if (expect_text) {
      EXPECT_NE(all.find('x'), std::string::npos) << unit;
    }
  }
  std::string attributes = "<p";
  for (int i = 0; i < 50000; ++i) attributes += " a" + std::to_string(i) + "=v";
  EXPECT_EQ(Texts(attributes + ">text</p>"), std::vector<std::string>{"text"});
}

TEST(HtmlRobustness, CutRawTextElementGoesWithItsContent) {
  // Past the depth limit, a <script> start tag is cut: its content must not become markup.
  const std::string html =
      Nested(600, "<div>", "</div>", "<script>document.write('<p>in script</p>')</script>text");
  EXPECT_EQ(Texts(html), std::vector<std::string>{"text"});
}

TEST(HtmlRobustness, HugePage) {
  std::string html = "<html><body>";
  const std::string paragraph = "<p>" + std::string(1000, 'w') + "</p>\n";
  while (html.size() < 8'000'000) html += paragraph;
  const std::vector<Block> blocks = ParseHtml(html).blocks;
  EXPECT_EQ(blocks.size(), (html.size() - 12) / paragraph.size());
  EXPECT_EQ(blocks.back().text, std::string(1000, 'w'));
}

TEST(HtmlRobustness, RandomTagSoupDoesNotCrash) {
  const std::vector<std::string> pieces{"<div>",       "</div>",
                                        "<p>",         "</p>",
                                        "<b>",         "</b>",
                                        "<i ",         "class=share>",
                                        "<table>",     "<tr>",
                                        "<td>",        "</table>",
                                        "<svg>",       "</svg>",
                                        "<math>",      "<script>",
                                        "</script>",   "<!--",
                                        "-->",         "<![CDATA[",
                                        "]]>",         "<li>",
                                        "<ul>",        "</ul>",
                                        "<a href='",   "'>",
                                        "<article>",   "</article>",
                                        "<h1>",        "</h1>",
                                        "<br>",        "&amp;",
                                        "&#",          "x",
                                        " text ",      "\xc3\xa9",
                                        "\xff",        "<template>",
                                        "</template>", "<select>",
                                        "<option>",    "<foreignObject>",
                                        "<textarea>",  "</textarea>",
                                        "<plaintext>", "<title>",
                                        "<style>",     "<",
                                        ">",           "/",
                                        "=",           "\"",
                                        "'",           "<noscript>",
                                        "<frameset>",  "<header>",
                                        "<figure>",    "<figcaption>",
                                        "<amp-img>"};
  std::mt19937 random(20260416);
  for (int round = 0; round < 3000; ++round) {
    std::string html;
    const int length = static_cast<int>(random() % 200);
    for (int i = 0; i < length; ++i) html += pieces[random() % pieces.size()];
    const HtmlDocument document = ParseHtml(html);
    for (const Block& block : document.blocks) ASSERT_FALSE(block.text.empty());
  }
}

}  // namespace
}  // namespace copydesk::text
