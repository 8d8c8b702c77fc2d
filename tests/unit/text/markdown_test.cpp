// Markdown to blocks: the seed article block by block, the sample feed's Markdown items,
// each construct on small documents, and pathological input.
#include "copydesk/text/markdown.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace copydesk::text {
namespace {

std::string ReadSourceFile(const std::string& path) {
  std::ifstream in(COPYDESK_SOURCE_DIR "/" + path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> Texts(std::string_view markdown) {
  std::vector<std::string> texts;
  for (const Block& block : MarkdownToBlocks(markdown)) texts.push_back(block.text);
  return texts;
}

struct Expected {
  BlockKind kind;
  std::string text;
  bool link_only = false;
  int level = 0;
};

void ExpectBlocks(const std::vector<Block>& blocks, const std::vector<Expected>& expected) {
  ASSERT_EQ(blocks.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("block " + std::to_string(i));
    EXPECT_EQ(blocks[i].kind, expected[i].kind);
    EXPECT_EQ(blocks[i].text, expected[i].text);
    EXPECT_EQ(blocks[i].link_only, expected[i].link_only);
    EXPECT_EQ(blocks[i].level, expected[i].level);
  }
}

TEST(MarkdownSeed, RadioHabanaArticle) {
  const std::string markdown = ReadSourceFile("tests/data/seed/radiohc-poutine-khamenei.md");
  const std::vector<Block> blocks = MarkdownToBlocks(markdown);

  // The story paragraphs are plain lines of the file between "Image not found…" and "Source
  // HispanTV": eight of them, verbatim.
  std::vector<std::string> story;
  const size_t begin = markdown.find("T\u00e9h\u00e9ran, 15 avril (RHC)");
  const size_t end = markdown.find("Source HispanTV");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  for (size_t at = begin; at < end;) {
    const size_t blank = markdown.find("\n\n", at);
    story.push_back(markdown.substr(at, blank - at));
    at = blank + 2;
  }
  ASSERT_EQ(story.size(), 8u);
  ASSERT_EQ(story[0].rfind(
                "T\u00e9h\u00e9ran, 15 avril (RHC) La r\u00e9ponse du pr\u00e9sident russe", 0),
            0u);

  std::vector<Expected> expected{{BlockKind::kHeading,
                                  "Poutine et Khamenei se prononcent pour le renforcement des "
                                  "relations entre la Russie et l'Iran",
                                  false, 1},
                                 {BlockKind::kParagraph, "Image not found or type unknown"}};
  for (const std::string& paragraph : story) expected.push_back({BlockKind::kParagraph, paragraph});
  expected.push_back({BlockKind::kParagraph, "Source HispanTV"});
  expected.push_back(
      {BlockKind::kParagraph,
       "https://www.radiohc.cu/index.php/fr/noticias/internacionales/"
       "254100-poutine-et-khamenei-se-prononcent-pour-le-renforcement-des-relations-entre-la-"
       "russie-et-liran",
       true});
  expected.push_back({BlockKind::kParagraph, "Radio Habana Cuba"});
  ExpectBlocks(blocks, expected);
}

TEST(MarkdownFeed, EveryMarkdownItemHasTheScrapersShape) {
  std::ifstream in(COPYDESK_SOURCE_DIR "/config/samples/feed.ndjson", std::ios::binary);
  simdjson::dom::parser parser;
  std::string line;
  int items = 0;
  for (size_t number = 1; std::getline(in, line); ++number) {
    simdjson::dom::element item;
    std::string_view markdown;
    if (parser.parse(line).get(item) != simdjson::SUCCESS ||
        item["markdown"].get(markdown) != simdjson::SUCCESS) {
      continue;
    }
    SCOPED_TRACE("feed line " + std::to_string(number));
    ++items;
    const std::vector<Block> blocks = MarkdownToBlocks(markdown);
    ASSERT_GE(blocks.size(), 6u);
    EXPECT_EQ(blocks.front().kind, BlockKind::kHeading);
    EXPECT_EQ(blocks.front().level, 1);
    // Heading, "Image not found…", story…, source line, the page's URL, the publisher.
    EXPECT_EQ(blocks[1].text, "Image not found or type unknown");
    const Block& url = blocks[blocks.size() - 2];
    EXPECT_TRUE(url.link_only);
    EXPECT_EQ(url.text.rfind("https://", 0), 0u);
    EXPECT_FALSE(blocks.back().link_only);
    for (const Block& block : blocks) {
      EXPECT_EQ(block.kind == BlockKind::kHeading, &block == &blocks.front());
      for (const char markup : {'*', '#', '<', '>'}) {
        EXPECT_EQ(block.text.find(markup), std::string::npos) << markup << " in: " << block.text;
      }
      EXPECT_NE(block.text, "---");
    }
  }
  EXPECT_GE(items, 5);
}

TEST(MarkdownBlocks, HeadingsAtEveryLevel) {
  ExpectBlocks(MarkdownToBlocks("# One\n## Two ##\n###### Six\nSetext\n======\nSetext two\n---\n"),
               {{BlockKind::kHeading, "One", false, 1},
                {BlockKind::kHeading, "Two", false, 2},
                {BlockKind::kHeading, "Six", false, 6},
                {BlockKind::kHeading, "Setext", false, 1},
                {BlockKind::kHeading, "Setext two", false, 2}});
}

TEST(MarkdownBlocks, ListsQuotesAndCode) {
  ExpectBlocks(
      MarkdownToBlocks("- one\n- two\n  - nested\n\n1. first\n\n   second paragraph\n\n"
                       "> quoted\n> > deeper\n> - listed in quote\n\n"
                       "```js\nlet x = 1;\n  y();\n```\n\n    indented code\n\n***\n\nafter"),
      {{BlockKind::kListItem, "one"},
       {BlockKind::kListItem, "two"},
       {BlockKind::kListItem, "nested"},
       {BlockKind::kListItem, "first"},
       {BlockKind::kListItem, "second paragraph"},
       {BlockKind::kQuote, "quoted"},
       {BlockKind::kQuote, "deeper"},
       {BlockKind::kListItem, "listed in quote"},
       {BlockKind::kPreformatted, "let x = 1;\n  y();"},
       {BlockKind::kPreformatted, "indented code"},
       {BlockKind::kParagraph, "after"}});
}

TEST(MarkdownInline, MarkupGoesTextStays) {
  EXPECT_EQ(
      Texts("*em* and **strong** and ***both*** and _u_ and __uu__ and ~~struck~~ and `code`"),
      std::vector<std::string>{"em and strong and both and u and uu and struck and code"});
  EXPECT_EQ(
      Texts("A [link](https://x.example/a \"title\") and [ref][r].\n\n[r]: https://r.example"),
      std::vector<std::string>{"A link and ref."});
  EXPECT_EQ(Texts("Before ![alt text](img.png \"t\") after"),
            std::vector<std::string>{"Before after"});
  EXPECT_EQ(Texts("![only an image](x.png)"), std::vector<std::string>{});
  EXPECT_EQ(Texts("Some <span class=\"x\">inline</span> <b>html</b>."),
            std::vector<std::string>{"Some inline html."});
  EXPECT_EQ(Texts("soft\nbreak, hard  \nbreak, backslash\\\nbreak"),
            std::vector<std::string>{"soft break, hard break, backslash break"});
  EXPECT_EQ(Texts("&amp; &eacute; &#8217; &#x41; \\*not em\\*"),
            std::vector<std::string>{"& \u00e9 \u2019 A *not em*"});
  EXPECT_EQ(Texts("multiple    spaces   inside"),
            std::vector<std::string>{"multiple spaces inside"});
}

TEST(MarkdownInline, LinkOnlyBlocks) {
  const std::vector<Block> blocks = MarkdownToBlocks(
      "<https://example.com/a>\n\n[Read more](/more)\n\nhttps://bare.example/x\n\n"
      "See [this](/x).\n\n**[Bold link](/b)**");
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].text, "https://example.com/a");
  EXPECT_TRUE(blocks[0].link_only);
  EXPECT_TRUE(blocks[1].link_only);
  EXPECT_EQ(blocks[2].text, "https://bare.example/x");  // GFM autolink extension
  EXPECT_TRUE(blocks[2].link_only);
  EXPECT_FALSE(blocks[3].link_only);
  EXPECT_TRUE(blocks[4].link_only);
}

TEST(MarkdownBlocks, TablesAndHtmlBlocks) {
  ExpectBlocks(MarkdownToBlocks(
                   "| Team | Points |\n|---|---:|\n| Lyon | 12 |\n| Nice | |\n\n"
                   "<div class=\"share-bar\">Share</div>\n\n<p>Raw <b>HTML</b> paragraph</p>\n\n"
                   "<!-- a comment -->\n\ntext"),
               {{BlockKind::kParagraph, "Team | Points"},
                {BlockKind::kParagraph, "Lyon | 12"},
                {BlockKind::kParagraph, "Nice"},
                {BlockKind::kParagraph, "Raw HTML paragraph"},
                {BlockKind::kParagraph, "text"}});
}

TEST(MarkdownRobustness, EmptyAndOdd) {
  EXPECT_TRUE(MarkdownToBlocks("").empty());
  EXPECT_TRUE(MarkdownToBlocks("\n\n  \n").empty());
  EXPECT_TRUE(MarkdownToBlocks("---\n***\n").empty());
  EXPECT_EQ(Texts("bad \xff\xfe bytes"), std::vector<std::string>{"bad \ufffd\ufffd bytes"});
  EXPECT_EQ(Texts(std::string_view("nul\0byte", 8)), std::vector<std::string>{"nul\ufffdbyte"});
}

TEST(MarkdownRobustness, DeepNesting) {
  std::string quotes(10000, '>');
  quotes += " deep";
  const std::vector<Block> quoted = MarkdownToBlocks(quotes);
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_EQ(quoted[0].kind, BlockKind::kQuote);
  EXPECT_EQ(quoted[0].text, "deep");

  std::string lists;
  for (int i = 0; i < 2000; ++i) lists += std::string(static_cast<size_t>(i) * 2, ' ') + "- item\n";
  EXPECT_EQ(MarkdownToBlocks(lists).size(), 2000u);

  for (const std::string unit : {"[", "*", "_", "**a", "![", "<", "`", "[a](", "~~"}) {
    std::string markdown;
    for (int i = 0; i < 50000; ++i) markdown += unit;
    const std::vector<Block> blocks = MarkdownToBlocks(markdown);
    EXPECT_LE(blocks.size(), 1u) << unit;
  }
}

TEST(MarkdownRobustness, HugeDocument) {
  std::string markdown;
  while (markdown.size() < 8'000'000) markdown += "A paragraph with *some* [links](/x) in it.\n\n";
  const std::vector<Block> blocks = MarkdownToBlocks(markdown);
  EXPECT_EQ(blocks.size(), markdown.size() / 44);
  EXPECT_EQ(blocks.back().text, "A paragraph with some links in it.");
}

TEST(MarkdownRobustness, RandomInputDoesNotCrash) {
  const std::vector<std::string> pieces{
      "#",        " ",    "\n",    "\n\n",   "*",    "_",     "`",          "```",
      "[",        "]",    "(",     ")",      "!",    "<",     ">",          "-",
      "1.",       "|",    "---",   "~~",     "\\",   "&amp;", "http://x.y", "word",
      "\xc3\xa9", "\xff", "<div>", "</div>", "    ", "\t",    "<!--"};
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string markdown;
    const int length = static_cast<int>(random() % 200);
    for (int i = 0; i < length; ++i) markdown += pieces[random() % pieces.size()];
    for (const Block& block : MarkdownToBlocks(markdown)) ASSERT_FALSE(block.text.empty());
  }
}

}  // namespace
}  // namespace copydesk::text
