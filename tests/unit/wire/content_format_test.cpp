// Body format detection (HTML / Markdown / plain text), directly and through the Decoder.
#include "content_format.h"

#include <gtest/gtest.h>

#include <string>

#include "../common/test_support.h"
#include "decode_support.h"

namespace copydesk::wire {
namespace {

TEST(DetectContentFormat, Html) {
  for (const char* body : {"<p>Hello</p>", "<p class=\"lead\">Hello", "Line one<br/>line two",
                           "<div>x</div>", "<!DOCTYPE html><html><body>x</body></html>", "<html>",
                           "<section>x", "<article>x", "<span>x", "<h2>Title", "<ul><li>a",
                           "<!-- comment --> text", "text with a closing </em> tag"}) {
    EXPECT_EQ(DetectContentFormat(body), ContentFormat::kHtml) << body;
  }
}

TEST(DetectContentFormat, Markdown) {
  for (const char* body :
       {"# Title\n\nText", "Intro\n## Section\nText", "### Small", "---\nText", "***",
        "> quoted words", "![photo](img.jpg)", "see [the report](https://x.org)",
        "a <https://x.org> autolink", "some **bold** words", "  # indented heading"}) {
    EXPECT_EQ(DetectContentFormat(body), ContentFormat::kMarkdown) << body;
  }
}

TEST(DetectContentFormat, PlainText) {
  for (const char* body : {"", "Just words.", "3 < 4 and 5 > 2", "#hashtag without a space",
                           "GENEVA, April 16 (Reuters) - The committee said", "a -- b"}) {
    EXPECT_EQ(DetectContentFormat(body), ContentFormat::kText) << body;
  }
}

TEST(DetectContentFormat, HtmlWinsOverMarkdown) {
  EXPECT_EQ(DetectContentFormat("# Title\n<p>para</p>"), ContentFormat::kHtml);
}

TEST(DetectContentFormat, OnlyTheHeadIsInspected) {
  const std::string body = std::string(5000, 'x') + "<p>late markup</p>";
  EXPECT_EQ(DetectContentFormat(body), ContentFormat::kText);
}

TEST(DetectContentFormat, SeedArticleIsMarkdown) {
  const std::string seed =
      testing_support::ReadFile(COPYDESK_TEST_DATA "/seed/radiohc-poutine-khamenei.md");
  ASSERT_FALSE(seed.empty());
  EXPECT_EQ(DetectContentFormat(seed), ContentFormat::kMarkdown);
}

TEST(DetectContentFormat, SeedArticleAsUntypedContentIsMarkdownThroughTheDecoder) {
  const std::string seed =
      testing_support::ReadFile(COPYDESK_TEST_DATA "/seed/radiohc-poutine-khamenei.md");
  // Build {"content": <seed as a JSON string>} by hand: escape quotes, backslashes, newlines.
  std::string json = R"({"url":"https://www.radiohc.cu/fr/254100","content":")";
  for (char c : seed) {
    if (c == '"' || c == '\\')
      json += '\\', json += c;
    else if (c == '\n')
      json += "\\n";
    else if (c == '\r')
      json += "\\r";
    else if (c == '\t')
      json += "\\t";
    else
      json += c;
  }
  json += "\"}";
  const Decoded d = Decode(json);
  ASSERT_TRUE(d.ok()) << d.reason() << ": " << d.detail();
  EXPECT_EQ(d.item.body, seed);
  EXPECT_EQ(d.item.body_format, ContentFormat::kMarkdown);
}

TEST(DetectContentFormat, SeedRecordIsMarkdown) {
  std::string line = testing_support::ReadFile(COPYDESK_TEST_DATA "/seed/seed.ndjson");
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  const Decoded d = Decode(line);
  ASSERT_TRUE(d.ok()) << d.reason() << ": " << d.detail();
  EXPECT_EQ(d.item.body_format, ContentFormat::kMarkdown);
  EXPECT_EQ(DetectContentFormat(d.item.body), ContentFormat::kMarkdown);
  EXPECT_CONTAINS(d.item.body, "# *Poutine et Khamenei");
}

TEST(ContentFormatNames, NamesAndMediaTypes) {
  EXPECT_EQ(ContentFormatName(ContentFormat::kText), "text");
  EXPECT_EQ(ContentFormatName(ContentFormat::kHtml), "html");
  EXPECT_EQ(ContentFormatName(ContentFormat::kMarkdown), "markdown");
  EXPECT_EQ(ContentFormatMediaType(ContentFormat::kText), "text/plain");
  EXPECT_EQ(ContentFormatMediaType(ContentFormat::kHtml), "text/html");
  EXPECT_EQ(ContentFormatMediaType(ContentFormat::kMarkdown), "text/markdown");
  EXPECT_EQ(ShapeName(Shape::kScraped), "scraped");
  EXPECT_EQ(ShapeName(Shape::kNinjs1), "ninjs1");
  EXPECT_EQ(ShapeName(Shape::kNinjs2), "ninjs2");
}

}  // namespace
}  // namespace copydesk::wire
