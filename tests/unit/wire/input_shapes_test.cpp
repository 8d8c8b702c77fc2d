// How each accepted input shape (scraped/RSS, ninjs 2.x, ninjs 1.x) maps onto a RawItem.
#include <gtest/gtest.h>

#include "../common/test_support.h"
#include "decode_support.h"

namespace copydesk::wire {
namespace {

// Decodes a record that must be accepted.
RawItem Accept(std::string_view json) {
  Decoded decoded = Decode(json);
  EXPECT_TRUE(decoded.ok()) << json << "\n-> " << decoded.reason() << ": " << decoded.detail();
  return decoded.item;
}

// ---- Scraped / RSS items: every alias -------------------------------------------------

TEST(ScrapedShape, UrlAndLinkAliases) {
  EXPECT_EQ(Accept(R"({"url":"https://a.example/1","content":"x"})").url, "https://a.example/1");
  EXPECT_EQ(Accept(R"({"link":"https://a.example/2","content":"x"})").url, "https://a.example/2");
}

TEST(ScrapedShape, TitleAndHeadlineAliases) {
  EXPECT_EQ(Accept(R"({"title":"T","content":"x"})").headline, "T");
  EXPECT_EQ(Accept(R"({"headline":"H","content":"x"})").headline, "H");
}

TEST(ScrapedShape, EveryBodyAlias) {
  for (const char* key : {"content", "body", "text", "html", "markdown"}) {
    const std::string json = std::string(R"({")") + key + R"(":"Some words."})";
    const RawItem item = Accept(json);
    EXPECT_EQ(item.body, "Some words.") << key;
    EXPECT_EQ(item.shape, Shape::kScraped) << key;
  }
}

TEST(ScrapedShape, HtmlAndMarkdownKeysNameTheFormat) {
  // The key wins over detection: the text itself looks plain.
  EXPECT_EQ(Accept(R"({"html":"plain words"})").body_format, ContentFormat::kHtml);
  EXPECT_EQ(Accept(R"({"markdown":"plain words"})").body_format, ContentFormat::kMarkdown);
}

TEST(ScrapedShape, OtherBodyKeysDetectTheFormat) {
  EXPECT_EQ(Accept(R"({"content":"<p>Hello</p>"})").body_format, ContentFormat::kHtml);
  EXPECT_EQ(Accept(R"({"body":"# Title\n\nText"})").body_format, ContentFormat::kMarkdown);
  EXPECT_EQ(Accept(R"({"text":"Just words."})").body_format, ContentFormat::kText);
}

TEST(ScrapedShape, PublishedDateAndPubDateAliases) {
  EXPECT_EQ(Accept(R"({"published":"2026-04-14T09:12:00Z","content":"x"})").published,
            "2026-04-14T09:12:00Z");
  EXPECT_EQ(Accept(R"({"date":"2026-04-15","content":"x"})").published, "2026-04-15");
  EXPECT_EQ(Accept(R"({"pubDate":"Tue, 14 Apr 2026 09:12:00 GMT","content":"x"})").published,
            "Tue, 14 Apr 2026 09:12:00 GMT");
}

TEST(ScrapedShape, SourceAndSiteAsStringOrNamedObject) {
  EXPECT_EQ(Accept(R"({"source":"radiohc.cu","content":"x"})").source, "radiohc.cu");
  EXPECT_EQ(Accept(R"({"site":"example.org","content":"x"})").source, "example.org");
  EXPECT_EQ(Accept(R"({"source":{"name":"Reuters","id":7},"content":"x"})").source, "Reuters");
  EXPECT_EQ(Accept(R"({"site":{"name":"AFP"},"content":"x"})").source, "AFP");
}

TEST(ScrapedShape, AuthorAndBylineAsStringObjectOrList) {
  EXPECT_EQ(Accept(R"({"author":"Ana","content":"x"})").author, "Ana");
  EXPECT_EQ(Accept(R"({"byline":"Ben","content":"x"})").author, "Ben");
  EXPECT_EQ(Accept(R"({"author":{"name":"Cy"},"content":"x"})").author, "Cy");
  EXPECT_EQ(Accept(R"({"author":["Ana","Ben"],"content":"x"})").author, "Ana, Ben");
  EXPECT_EQ(Accept(R"({"byline":[{"name":"Ana"},"Ben",{"name":"Cy"}],"content":"x"})").author,
            "Ana, Ben, Cy");
  EXPECT_EQ(Accept(R"({"author":["","Ben"],"content":"x"})").author, "Ben");  // empty names skipped
}

TEST(ScrapedShape, LanguageAndLangAliases) {
  EXPECT_EQ(Accept(R"({"language":"fr","content":"x"})").language, "fr");
  EXPECT_EQ(Accept(R"({"lang":"es-MX","content":"x"})").language, "es-MX");
}

TEST(ScrapedShape, IdAndGuidAsStringOrNumber) {
  EXPECT_EQ(Accept(R"({"id":"abc-1","content":"x"})").sender_id, "abc-1");
  EXPECT_EQ(Accept(R"({"guid":"urn:x:2","content":"x"})").sender_id, "urn:x:2");
  EXPECT_EQ(Accept(R"({"id":12345,"content":"x"})").sender_id, "12345");
  EXPECT_EQ(Accept(R"({"guid":-7,"content":"x"})").sender_id, "-7");
  EXPECT_EQ(Accept(R"({"id":18446744073709551615,"content":"x"})").sender_id,
            "18446744073709551615");
}

TEST(ScrapedShape, AllFieldsTogether) {
  const RawItem item = Accept(R"({
    "link": "https://www.radiohc.cu/fr/a", "headline": "Poutine et Khamenei",
    "pubDate": "Tue, 15 Apr 2026 10:00:00 GMT", "site": {"name": "radiohc.cu"},
    "byline": ["RHC"], "lang": "fr", "guid": 254100, "markdown": "# Titre\n\nTexte."})");
  EXPECT_EQ(item.shape, Shape::kScraped);
  EXPECT_EQ(item.url, "https://www.radiohc.cu/fr/a");
  EXPECT_EQ(item.headline, "Poutine et Khamenei");
  EXPECT_EQ(item.published, "Tue, 15 Apr 2026 10:00:00 GMT");
  EXPECT_EQ(item.source, "radiohc.cu");
  EXPECT_EQ(item.author, "RHC");
  EXPECT_EQ(item.language, "fr");
  EXPECT_EQ(item.sender_id, "254100");
  EXPECT_EQ(item.body, "# Titre\n\nTexte.");
  EXPECT_EQ(item.body_format, ContentFormat::kMarkdown);
  EXPECT_TRUE(item.uri.empty());
}

// ---- Alias priority, duplicates, null ----------------------------------------------------

TEST(ScrapedShape, UrlBeatsLinkWhateverTheOrder) {
  EXPECT_EQ(Accept(R"({"link":"L","url":"U","content":"x"})").url, "U");
  EXPECT_EQ(Accept(R"({"url":"U","link":"L","content":"x"})").url, "U");
}

TEST(ScrapedShape, AliasPriorityForEveryField) {
  const RawItem item = Accept(R"({
    "headline":"H","title":"T", "pubDate":"P","date":"D","published":"PUB",
    "site":"S","source":"SRC", "byline":"B","author":"A", "lang":"l","language":"lang",
    "guid":"G","id":"I", "markdown":"md","html":"<p>h</p>","text":"t","body":"b","content":"c"})");
  EXPECT_EQ(item.headline, "T");
  EXPECT_EQ(item.published, "PUB");
  EXPECT_EQ(item.source, "SRC");
  EXPECT_EQ(item.author, "A");
  EXPECT_EQ(item.language, "lang");
  EXPECT_EQ(item.sender_id, "I");
  EXPECT_EQ(item.body, "c");
}

TEST(ScrapedShape, DatePriorityOverPubDate) {
  EXPECT_EQ(Accept(R"({"pubDate":"P","date":"D","content":"x"})").published, "D");
}

TEST(ScrapedShape, BlankBodyFieldFallsThroughToTheNext) {
  const RawItem item = Accept(R"({"content":"   ","body":"\n","html":"<p>real</p>"})");
  EXPECT_EQ(item.body, "<p>real</p>");
  EXPECT_EQ(item.body_format, ContentFormat::kHtml);
}

TEST(ScrapedShape, FirstDuplicateKeyWins) {
  const RawItem item =
      Accept(R"({"title":"first","title":"second","content":"one","content":"two"})");
  EXPECT_EQ(item.headline, "first");
  EXPECT_EQ(item.body, "one");
}

TEST(ScrapedShape, NullCountsAsAbsent) {
  const RawItem item = Accept(R"({"url":null,"link":"L","title":null,"content":null,"body":"b",
                                  "author":null,"id":null})");
  EXPECT_EQ(item.url, "L");
  EXPECT_EQ(item.headline, "");
  EXPECT_EQ(item.body, "b");
  EXPECT_EQ(item.author, "");
  EXPECT_EQ(item.sender_id, "");
}

TEST(ScrapedShape, NullDuplicateDoesNotHideTheLaterValue) {
  EXPECT_EQ(Accept(R"({"title":null,"title":"later","content":"x"})").headline, "later");
}

TEST(ScrapedShape, UnknownKeysAreIgnored) {
  const RawItem item =
      Accept(R"({"foo":{"deep":[1,2,{"title":"no"}]},"Title":"no","content":"x"})");
  EXPECT_EQ(item.headline, "");
  EXPECT_EQ(item.body, "x");
}

TEST(ScrapedShape, SourceObjectWithoutNameIsWrongType) {
  const Decoded d = Decode(R"({"source":{"id":3},"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'source' is an object without a string 'name'");
}

TEST(ScrapedShape, SourceListIsWrongType) {
  const Decoded d = Decode(R"({"site":["a","b"],"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'site' must be a string or an object with a name, got array");
}

TEST(ScrapedShape, AuthorNumberIsWrongType) {
  const Decoded d = Decode(R"({"byline":5,"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(),
            "field 'byline' must be a string, an object with a name or a list of them, got number");
}

TEST(ScrapedShape, NestedAuthorListIsWrongType) {
  const Decoded d = Decode(R"({"author":[["Ana"]],"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_CONTAINS(d.detail(), "field 'author'");
}

TEST(ScrapedShape, FractionalIdIsWrongType) {
  const Decoded d = Decode(R"({"id":1.5,"content":"x"})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'id' must be a string or an integer, got number");
}

// ---- IPTC ninjs 2.x ----------------------------------------------------------------------

TEST(Ninjs2Shape, RecognisedByHeadlinesOrBodies) {
  EXPECT_EQ(Accept(R"({"headlines":[{"value":"H"}],"descriptions":[{"value":"d"}]})").shape,
            Shape::kNinjs2);
  EXPECT_EQ(Accept(R"({"bodies":[{"value":"b"}]})").shape, Shape::kNinjs2);
}

TEST(Ninjs2Shape, MainHeadlineIsChosen) {
  const RawItem item = Accept(R"({"headlines":[{"role":"sub","value":"Sub"},
                                               {"role":"main","value":"Main"},
                                               {"role":"short","value":"Short"}],
                                  "bodies":[{"value":"b"}]})");
  EXPECT_EQ(item.headline, "Main");
}

TEST(Ninjs2Shape, WithoutMainTheFirstHeadlineIsChosen) {
  EXPECT_EQ(Accept(R"({"headlines":[{"value":"First"},{"role":"sub","value":"Second"}],
                       "bodies":[{"value":"b"}]})")
                .headline,
            "First");
}

TEST(Ninjs2Shape, BlankMainHeadlineLosesToAnotherOne) {
  EXPECT_EQ(Accept(R"({"headlines":[{"role":"main","value":"  "},{"value":"Real"}],
                       "bodies":[{"value":"b"}]})")
                .headline,
            "Real");
}

TEST(Ninjs2Shape, HtmlBodyPreferredOverText) {
  const RawItem item = Accept(R"({"headlines":[{"role":"main","value":"H"}],
      "bodies":[{"role":"text","contenttype":"text/plain","value":"plain"},
                {"role":"xhtml","contenttype":"text/html","value":"<p>rich</p>"}]})");
  EXPECT_EQ(item.body, "<p>rich</p>");
  EXPECT_EQ(item.body_format, ContentFormat::kHtml);
}

TEST(Ninjs2Shape, HtmlRoleWithoutContentTypeCountsAsHtml) {
  const RawItem item = Accept(R"({"bodies":[{"contenttype":"text/plain","value":"plain"},
                                            {"role":"html","value":"rich"}]})");
  EXPECT_EQ(item.body, "rich");
  EXPECT_EQ(item.body_format, ContentFormat::kHtml);
}

TEST(Ninjs2Shape, MarkdownBodyPreferredOverTextButNotHtml) {
  RawItem item = Accept(R"({"bodies":[{"contenttype":"text/plain","value":"plain"},
                                      {"contenttype":"text/markdown","value":"md"}]})");
  EXPECT_EQ(item.body, "md");
  EXPECT_EQ(item.body_format, ContentFormat::kMarkdown);
  item = Accept(R"({"bodies":[{"contenttype":"text/markdown","value":"md"},
                             {"contenttype":"text/html","value":"html"}]})");
  EXPECT_EQ(item.body, "html");
}

TEST(Ninjs2Shape, BodyWithoutContentTypeIsDetected) {
  const RawItem item = Accept(R"({"bodies":[{"value":"<p>para</p>"}]})");
  EXPECT_EQ(item.body_format, ContentFormat::kHtml);
}

TEST(Ninjs2Shape, BlankHtmlBodyLosesToText) {
  const RawItem item = Accept(R"({"bodies":[{"contenttype":"text/html","value":" "},
                                            {"contenttype":"text/plain","value":"plain"}]})");
  EXPECT_EQ(item.body, "plain");
  EXPECT_EQ(item.body_format, ContentFormat::kText);
}

// NTB sends items whose text is only in `descriptions` (tests/data/ninjs/examples/ntb_text.json).
TEST(Ninjs2Shape, DescriptionsUsedWhenThereAreNoBodies) {
  const RawItem item =
      Accept(R"({"uri":"urn:8d19cf88","headlines":[{"role":"main","value":"Google"}],
      "descriptions":[{"role":"text","contenttype":"text/plain","value":"IT-giganten Google har kjøpt"}],
      "by":"NTB","language":"nb-NO"})");
  EXPECT_EQ(item.shape, Shape::kNinjs2);
  EXPECT_EQ(item.body, "IT-giganten Google har kjøpt");
  EXPECT_EQ(item.body_format, ContentFormat::kText);
  EXPECT_EQ(item.headline, "Google");
  EXPECT_EQ(item.author, "NTB");
}

TEST(Ninjs2Shape, BlankBodiesFallBackToDescriptions) {
  const Decoded d =
      Decode(R"({"headlines":[{"value":"H"}],"bodies":[{"contenttype":"text/plain","value":"  "}],
                              "descriptions":[{"value":"the text"}]})");
  ASSERT_TRUE(d.ok()) << d.reason() << ": " << d.detail();
  EXPECT_EQ(d.item.body, "the text");
}

TEST(Ninjs2Shape, EmptyBodiesArrayFallsBackToDescriptions) {
  EXPECT_EQ(Accept(R"({"bodies":[],"descriptions":[{"value":"the text"}]})").body, "the text");
}

TEST(Ninjs2Shape, BodiesWinOverDescriptions) {
  EXPECT_EQ(
      Accept(R"({"descriptions":[{"value":"summary"}],"bodies":[{"value":"full text"}]})").body,
      "full text");
}

TEST(Ninjs2Shape, CommonFields) {
  const RawItem item =
      Accept(R"({"uri":"urn:x:1","version":"3","versioncreated":"2019-05-10T16:02:28+02:00",
      "firstcreated":"2019-05-10T15:00:00Z","language":"de","copyrightholder":"dpa",
      "copyrightnotice":"(c) dpa","located":"Berlin","slugline":"derby","pubstatus":"usable",
      "urgency":4,"by":[{"name":"Ana"},"Ben"],"headlines":[{"value":"H"}],"bodies":[{"value":"b"}]})");
  EXPECT_EQ(item.uri, "urn:x:1");
  EXPECT_EQ(item.version, "3");
  EXPECT_EQ(item.published, "2019-05-10T16:02:28+02:00");
  EXPECT_EQ(item.first_created, "2019-05-10T15:00:00Z");
  EXPECT_EQ(item.language, "de");
  EXPECT_EQ(item.copyright_holder, "dpa");
  EXPECT_EQ(item.copyright_notice, "(c) dpa");
  EXPECT_EQ(item.located, "Berlin");
  EXPECT_EQ(item.slugline, "derby");
  EXPECT_EQ(item.pubstatus, "usable");
  EXPECT_EQ(item.urgency, 4);
  EXPECT_EQ(item.author, "Ana, Ben");
  EXPECT_TRUE(item.url.empty());
}

TEST(Ninjs2Shape, NumericVersionBecomesText) {
  EXPECT_EQ(Accept(R"({"version":6,"bodies":[{"value":"b"}]})").version, "6");
}

TEST(Ninjs2Shape, UrgencyOutsideOneToNineIsDropped) {
  EXPECT_EQ(Accept(R"({"urgency":0,"bodies":[{"value":"b"}]})").urgency, 0);
  EXPECT_EQ(Accept(R"({"urgency":12,"bodies":[{"value":"b"}]})").urgency, 0);
  EXPECT_EQ(Accept(R"({"urgency":9,"bodies":[{"value":"b"}]})").urgency, 9);
}

TEST(Ninjs2Shape, UrgencyAsStringIsWrongType) {
  const Decoded d = Decode(R"({"urgency":"4","bodies":[{"value":"b"}]})");
  EXPECT_EQ(d.reason(), "wrong_type");
  EXPECT_EQ(d.detail(), "field 'urgency' must be an integer, got string");
}

TEST(Ninjs2Shape, ScrapedKeysAreNotReadFromNinjs) {
  const RawItem item = Accept(R"({"title":"T","url":"U","bodies":[{"value":"b"}]})");
  EXPECT_EQ(item.headline, "");
  EXPECT_EQ(item.url, "");
}

// ---- IPTC ninjs 1.x ----------------------------------------------------------------------

TEST(Ninjs1Shape, HeadlineBodyHtmlAndByline) {
  const RawItem item = Accept(R"({"uri":"urn:x:9","headline":"Old style","byline":"Reporter",
      "body_text":"plain","body_html":"<p>rich</p>","versioncreated":"2013-07-09T10:37:00Z"})");
  EXPECT_EQ(item.shape, Shape::kNinjs1);
  EXPECT_EQ(item.uri, "urn:x:9");
  EXPECT_EQ(item.headline, "Old style");
  EXPECT_EQ(item.author, "Reporter");
  EXPECT_EQ(item.body, "<p>rich</p>");
  EXPECT_EQ(item.body_format, ContentFormat::kHtml);
  EXPECT_EQ(item.published, "2013-07-09T10:37:00Z");
}

TEST(Ninjs1Shape, BodyTextIsPlainText) {
  const RawItem item = Accept(R"({"headline":"H","body_text":"# not markdown here"})");
  EXPECT_EQ(item.shape, Shape::kNinjs1);
  EXPECT_EQ(item.body, "# not markdown here");
  EXPECT_EQ(item.body_format, ContentFormat::kText);
}

TEST(Ninjs1Shape, ByIsUsedWithoutByline) {
  EXPECT_EQ(Accept(R"({"by":"Agency","body_text":"x"})").author, "Agency");
  EXPECT_EQ(Accept(R"({"by":"Agency","byline":"Reporter","body_text":"x"})").author, "Reporter");
}

TEST(Ninjs1Shape, BlankBodiesFallBackToDescriptions) {
  const RawItem item = Accept(R"({"body_html":" ","body_text":"","description_text":"summary"})");
  EXPECT_EQ(item.body, "summary");
  EXPECT_EQ(item.body_format, ContentFormat::kText);
}

TEST(Ninjs1Shape, BlankBodiesAreMissingBody) {
  const Decoded d = Decode(R"({"headline":"H","body_text":"  "})");
  EXPECT_EQ(d.reason(), "missing_body");
}

}  // namespace
}  // namespace copydesk::wire
