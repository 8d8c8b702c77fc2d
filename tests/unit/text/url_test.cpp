// CanonicalUrl: every normalisation rule, AMP folding, per-site rules, idempotence, and
// garbage that must come back as nullopt (or something sane), never a crash.
#include "copydesk/text/url.h"

#include <gtest/gtest.h>

#include <string>

namespace copydesk::text {
namespace {

struct UrlCase {
  const char* name;
  const char* input;
  const char* expected;  // nullptr: not a URL
};

std::ostream& operator<<(std::ostream& os, const UrlCase& c) {
  return os << c.name;
}

const UrlCase kCases[] = {
    // Already canonical.
    {"Plain", "https://example.com/news/story", "https://example.com/news/story"},
    {"PlainWithQuery", "https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"},

    // Scheme, host, port.
    {"SchemeLowercased", "HTTPS://example.com/a", "https://example.com/a"},
    {"HostLowercased", "https://WWW.Example.COM/Path", "https://www.example.com/Path"},
    {"PathCaseKept", "https://example.com/A/B", "https://example.com/A/B"},
    {"WwwKeptByDefault", "https://www.example.com/a", "https://www.example.com/a"},
    {"HttpKept", "http://example.com/a", "http://example.com/a"},
    {"HttpDefaultPortDropped", "http://example.com:80/a", "http://example.com/a"},
    {"HttpsDefaultPortDropped", "https://example.com:443/a", "https://example.com/a"},
    {"OtherPortKept", "https://example.com:8443/a", "https://example.com:8443/a"},
    {"Port443KeptForHttp", "http://example.com:443/a", "http://example.com:443/a"},
    {"PortLeadingZeros", "http://example.com:0080/a", "http://example.com/a"},
    {"EmptyPortDropped", "https://example.com:/a", "https://example.com/a"},
    {"UserinfoDropped", "https://user:secret@example.com/a", "https://example.com/a"},
    {"HostTrailingDot", "https://example.com./a", "https://example.com/a"},
    {"Ipv6Host", "http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
    {"Ipv4Host", "http://192.0.2.1/a", "http://192.0.2.1/a"},
    {"NonAsciiHostBytesKept", "https://BÜCHER.example/a", "https://bÜcher.example/a"},

    // Protocol-relative and whitespace.
    {"ProtocolRelative", "//example.com/a", "https://example.com/a"},
    {"WhitespaceTrimmed", "  \t https://example.com/a \n", "https://example.com/a"},
    {"NewlinesInsideRemoved", "https://exam\nple.com/a\r\nb", "https://example.com/ab"},

    // Fragment and empty parts.
    {"FragmentDropped", "https://example.com/a#section-2", "https://example.com/a"},
    {"FragmentWithQueryDropped", "https://example.com/a?b=1#c?d=2", "https://example.com/a?b=1"},
    {"EmptyPathIsSlash", "https://example.com", "https://example.com/"},
    {"EmptyPathWithQuery", "https://example.com?a=1", "https://example.com/?a=1"},
    {"EmptyQueryDropped", "https://example.com/a?", "https://example.com/a"},
    {"EmptyQueryAndFragment", "https://example.com/a?#", "https://example.com/a"},
    {"EmptyParamsDropped", "https://example.com/a?&&b=1&&", "https://example.com/a?b=1"},
    {"TrailingSlashKept", "https://example.com/a/", "https://example.com/a/"},
    {"NoTrailingSlashKept", "https://example.com/a", "https://example.com/a"},

    // Percent-encoding.
    {"HexUppercased", "https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"},
    {"UnreservedDecoded", "https://example.com/%41%62%2D%2e%5F%7e", "https://example.com/Ab-._~"},
    {"ReservedStaysEscaped", "https://example.com/a%2Fb%3f", "https://example.com/a%2Fb%3F"},
    {"StrayPercentEscaped", "https://example.com/100%?x=5%", "https://example.com/100%25?x=5%25"},
    {"SpaceEscaped", "https://example.com/a b?q=c d", "https://example.com/a%20b?q=c%20d"},
    {"NonAsciiEscaped", "https://example.com/café", "https://example.com/caf%C3%A9"},
    {"UnsafeCharsEscaped", "https://example.com/a|b{c}^\"",
     "https://example.com/a%7Cb%7Bc%7D%5E%22"},
    {"PlusKept", "https://example.com/search?q=a+b", "https://example.com/search?q=a+b"},
    {"QueryEscapesNormalised", "https://example.com/?q=%7e%2a", "https://example.com/?q=~%2A"},
    {"BackslashIsSlash", "https://example.com\\a\\b", "https://example.com/a/b"},

    // Dot segments.
    {"DotSegments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
    {"DotDotAtRoot", "https://example.com/../../a", "https://example.com/a"},
    {"TrailingDotDot", "https://example.com/a/b/..", "https://example.com/a/"},
    {"TrailingDot", "https://example.com/a/.", "https://example.com/a/"},
    {"EscapedDotSegments", "https://example.com/a/%2e%2E/b", "https://example.com/b"},
    {"EmptySegmentsKept", "https://example.com/a//b", "https://example.com/a//b"},

    // Tracking parameters.
    {"UtmDropped", "https://example.com/a?utm_source=twitter&utm_medium=social&utm_campaign=x&id=7",
     "https://example.com/a?id=7"},
    {"AnyUtmDropped", "https://example.com/a?utm_whatever=1&UTM_Source=2", "https://example.com/a"},
    {"ClickIdsDropped",
     "https://example.com/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&msclkid=6&yclid=7",
     "https://example.com/a"},
    {"MailchimpDropped", "https://example.com/a?mc_cid=1&mc_eid=2&p=3",
     "https://example.com/a?p=3"},
    {"AnalyticsDropped", "https://example.com/a?_ga=1&_gl=2&igshid=3", "https://example.com/a"},
    {"PublisherTrackersDropped",
     "https://example.com/a?ref_src=1&ref_url=2&cmpid=3&ncid=4&ocid=5&sr_share=6&spm=7",
     "https://example.com/a"},
    {"MoreTrackersDropped",
     "https://example.com/a?__twitter_impression=true&at_medium=1&at_campaign=2"
     "&xtor=3&smid=4&ito=5",
     "https://example.com/a"},
    {"EscapedTrackerNameDropped", "https://example.com/a?utm%5Fsource=x", "https://example.com/a"},
    {"TrackerPrefixOnlyForUtm", "https://example.com/a?fbclidx=1&spmx=2",
     "https://example.com/a?fbclidx=1&spmx=2"},

    // Sorting.
    {"ParamsSorted", "https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"},
    {"SameKeySortedByValue", "https://example.com/a?k=b&k=a", "https://example.com/a?k=a&k=b"},
    {"DuplicatesKept", "https://example.com/a?k=1&k=1", "https://example.com/a?k=1&k=1"},
    {"BareAndEmptyValueKeptApart", "https://example.com/a?k=&k&j", "https://example.com/a?j&k=&k"},

    // AMP.
    {"AmpPathSuffix", "https://example.com/news/story/amp", "https://example.com/news/story"},
    {"AmpPathSuffixSlash", "https://example.com/news/story/amp/",
     "https://example.com/news/story/"},
    {"AmpOnlyPath", "https://example.com/amp", "https://example.com/"},
    {"AmpHtmlSuffix", "https://example.com/news/story.amp.html",
     "https://example.com/news/story.html"},
    {"AmpSuffix", "https://example.com/news/story.amp", "https://example.com/news/story"},
    {"AmpSegmentInMiddleKept", "https://example.com/amp/story", "https://example.com/amp/story"},
    {"AmpWordKept", "https://example.com/news/ampere", "https://example.com/news/ampere"},
    {"AmpQueryBare", "https://example.com/story?amp", "https://example.com/story"},
    {"AmpQueryOne", "https://example.com/story?amp=1&id=3", "https://example.com/story?id=3"},
    {"AmpQueryOtherValueKept", "https://example.com/story?amp=0",
     "https://example.com/story?amp=0"},
    {"OutputTypeAmp", "https://example.com/story?outputType=amp", "https://example.com/story"},
    {"OutputTypeOtherKept", "https://example.com/story?outputType=print",
     "https://example.com/story?outputType=print"},
    {"AmpHost", "https://amp.example.com/story", "https://example.com/story"},
    {"AmpHostNeedsDomain", "https://amp.com/story", "https://amp.com/story"},
    {"AmpCache", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path",
     "https://www.example.com/path"},
    {"AmpCacheHttp", "https://example-com.cdn.ampproject.org/c/example.com/news/story/amp/",
     "http://example.com/news/story/"},
    {"AmpCacheQuery",
     "https://www-example-com.cdn.ampproject.org/v/s/www.example.com/p.amp.html"
     "?id=2&amp_js_v=0.1&usqp=mq331AQFKAGwASA%3D",
     "https://www.example.com/p.html?id=2"},
    {"AmpCacheWithoutTarget", "https://x.cdn.ampproject.org/c/s/",
     "https://x.cdn.ampproject.org/c/s/"},
    {"GoogleAmpViewer", "https://www.google.com/amp/s/www.example.com/2026/04/story.amp",
     "https://www.example.com/2026/04/story"},
    {"EverythingAtOnce",
     "  HTTPS://User@AMP.Example.COM:443/News/./x/../Story/amp/?utm_source=t&b=%7e&a=1&amp#top ",
     "https://example.com/News/Story/?a=1&b=~"},

    // Not URLs.
    {"Empty", "", nullptr},
    {"Spaces", "    ", nullptr},
    {"Mailto", "mailto:desk@example.com", nullptr},
    {"Javascript", "javascript:alert(1)", nullptr},
    {"Ftp", "ftp://example.com/file", nullptr},
    {"Data", "data:text/html,hello", nullptr},
    {"NoScheme", "example.com/a", nullptr},
    {"HostPortNoScheme", "example.com:8080/a", nullptr},
    {"SingleSlash", "https:/example.com/a", nullptr},
    {"NoSlashes", "https:example.com", nullptr},
    {"NoHost", "https:///a", nullptr},
    {"OnlyScheme", "https://", nullptr},
    {"UserinfoNoHost", "https://user@/a", nullptr},
    {"PortNotNumber", "https://example.com:http/a", nullptr},
    {"PortTooBig", "https://example.com:65536/a", nullptr},
    {"SpaceInHost", "https://exa mple.com/a", nullptr},
    {"PercentInHost", "https://ex%41mple.com/a", nullptr},
    {"EmptyLabel", "https://example..com/a", nullptr},
    {"LeadingDotHost", "https://.example.com/a", nullptr},
    {"UnclosedIpv6", "https://[::1/a", nullptr},
    {"JunkAfterIpv6", "https://[::1]x/a", nullptr},
    {"BadIpv6", "https://[xyz]/a", nullptr},
    {"RelativePath", "/news/story", nullptr},
    {"JustText", "not a url at all", nullptr},
};

class CanonicalUrlTest : public testing::TestWithParam<UrlCase> {};

TEST_P(CanonicalUrlTest, Canonicalises) {
  const UrlCase& c = GetParam();
  const std::optional<std::string> got = CanonicalUrl(c.input);
  if (c.expected == nullptr) {
    EXPECT_EQ(got, std::nullopt) << "input: " << c.input;
  } else {
    EXPECT_EQ(got, std::optional<std::string>(c.expected)) << "input: " << c.input;
  }
}

TEST_P(CanonicalUrlTest, Idempotent) {
  const UrlCase& c = GetParam();
  const std::optional<std::string> once = CanonicalUrl(c.input);
  if (!once) return;
  EXPECT_EQ(CanonicalUrl(*once), once) << "input: " << c.input;
}

INSTANTIATE_TEST_SUITE_P(Cases, CanonicalUrlTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<UrlCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(CanonicalUrlRulesTest, DropParams) {
  UrlRules rules;
  rules.drop_params = {"ref", "pk_*", "Session"};
  EXPECT_EQ(
      CanonicalUrl("https://example.com/a?ref=home&pk_campaign=x&pk_kwd=y&session=1&id=3", rules),
      "https://example.com/a?id=3");
  EXPECT_EQ(CanonicalUrl("https://example.com/a?ref=home"), "https://example.com/a?ref=home");
}

TEST(CanonicalUrlRulesTest, KeepParams) {
  UrlRules rules;
  rules.keep_params = {"id", "page"};
  EXPECT_EQ(CanonicalUrl("https://example.com/a?x=1&page=2&id=9&y=z", rules),
            "https://example.com/a?id=9&page=2");
  EXPECT_EQ(CanonicalUrl("https://example.com/a?x=1", rules), "https://example.com/a");
}

TEST(CanonicalUrlRulesTest, TrackingDroppedEvenWhenKept) {
  UrlRules rules;
  rules.keep_params = {"utm_source", "id"};
  EXPECT_EQ(CanonicalUrl("https://example.com/a?utm_source=x&id=1", rules),
            "https://example.com/a?id=1");
}

TEST(CanonicalUrlRulesTest, StripWww) {
  UrlRules rules;
  rules.strip_www = true;
  EXPECT_EQ(CanonicalUrl("https://www.example.com/a", rules), "https://example.com/a");
  EXPECT_EQ(CanonicalUrl("https://www.amp.example.com/a", rules), "https://example.com/a");
  EXPECT_EQ(CanonicalUrl("https://www.com/a", rules), "https://www.com/a");
  EXPECT_EQ(CanonicalUrl("https://wwwexample.com/a", rules), "https://wwwexample.com/a");
}

TEST(CanonicalUrlRulesTest, HostAliasesMoveOntoTheSiteHost) {
  UrlRules rules;
  rules.host = "www.bbc.com";
  rules.host_aliases = {"bbc.com", "www.bbc.co.uk", "m.bbc.co.uk"};
  for (const char* url : {"https://bbc.com/news/world-1", "https://WWW.BBC.CO.UK/news/world-1",
                          "https://m.bbc.co.uk/news/world-1", "https://amp.bbc.com/news/world-1",
                          "https://www.bbc.com/news/world-1"}) {
    EXPECT_EQ(CanonicalUrl(url, rules), "https://www.bbc.com/news/world-1") << url;
  }
  // Other hosts of the site keep their own pages.
  EXPECT_EQ(CanonicalUrl("https://news.bbc.co.uk/2/hi/1.stm", rules),
            "https://news.bbc.co.uk/2/hi/1.stm");
}

TEST(CanonicalUrlRulesTest, DropPathPrefixes) {
  UrlRules rules;
  rules.drop_path_prefixes = {"/index.php"};
  EXPECT_EQ(CanonicalUrl("https://www.radiohc.cu/index.php/fr/noticias/1-x", rules),
            "https://www.radiohc.cu/fr/noticias/1-x");
  EXPECT_EQ(CanonicalUrl("https://www.radiohc.cu/index.php/index.php/fr", rules),
            "https://www.radiohc.cu/fr");
  EXPECT_EQ(CanonicalUrl("https://www.radiohc.cu/index.php?id=3", rules),
            "https://www.radiohc.cu/?id=3");
  // Only a whole segment.
  EXPECT_EQ(CanonicalUrl("https://www.radiohc.cu/index.phpx/fr", rules),
            "https://www.radiohc.cu/index.phpx/fr");
  EXPECT_EQ(CanonicalUrl("https://www.radiohc.cu/fr/index.php/x", rules),
            "https://www.radiohc.cu/fr/index.php/x");
}

TEST(CanonicalUrlRulesTest, AmpFoldingOff) {
  UrlRules rules;
  rules.fold_amp = false;
  for (const char* url : {"https://amp.example.com/story/amp/?amp=1&outputType=amp",
                          "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path",
                          "https://example.com/story.amp.html"}) {
    EXPECT_EQ(CanonicalUrl(url, rules), url);
  }
}

TEST(CanonicalUrlTest, SameArticleSameUrl) {
  const char* spellings[] = {
      "https://www.example.com/world/2026/04/14/story",
      "HTTPS://WWW.EXAMPLE.COM:443/world/2026/04/14/story#comments",
      "https://www.example.com/world/2026/04/14/story?utm_source=rss&utm_medium=feed",
      "https://www.example.com/world/2026/04/14/story/amp",
      "https://www.example.com/world/2026/04/14/./story?amp=1",
      "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/world/2026/04/14/story/amp",
      "//www.example.com/world/2026/04/14/story?fbclid=IwAR0abc",
      "https://amp.www.example.com/world/2026/04/%31%34/../14/story",
  };
  for (const char* url : spellings) {
    EXPECT_EQ(CanonicalUrl(url), "https://www.example.com/world/2026/04/14/story") << url;
  }
}

TEST(CanonicalUrlTest, AmpFoldingReachesAFixedPoint) {
  EXPECT_EQ(CanonicalUrl("https://example.com/story/amp/amp"), "https://example.com/story");
  EXPECT_EQ(CanonicalUrl("https://example.com/story.amp.amp"), "https://example.com/story");
  EXPECT_EQ(CanonicalUrl("https://amp.amp.example.com/a"), "https://example.com/a");
  EXPECT_EQ(CanonicalUrl("https://example.com/a/..amp"), "https://example.com/a/..amp");
  EXPECT_EQ(CanonicalUrl("https://example.com/a/...amp"), "https://example.com/a/...amp");
  for (const char* url : {"https://example.com/a/..amp", "https://example.com/x/.amp",
                          "https://example.com/amp/amp/", "https://example.com/..amp.html"}) {
    const auto once = CanonicalUrl(url);
    ASSERT_TRUE(once.has_value()) << url;
    EXPECT_EQ(CanonicalUrl(*once), once) << url;
  }
}

TEST(CanonicalUrlTest, NestedAmpWrappers) {
  // Google's viewer around a cache URL is real; three wrappers deep is garbage.
  EXPECT_EQ(CanonicalUrl("https://www.google.com/amp/s/www-example-com.cdn.ampproject.org/c/s/"
                         "www.example.com/x/amp"),
            "https://www.example.com/x");
  EXPECT_EQ(CanonicalUrl("https://a.cdn.ampproject.org/c/s/b.cdn.ampproject.org/c/s/"
                         "c.cdn.ampproject.org/c/s/example.com/x"),
            std::nullopt);
  std::string deep = "https://example.com/x";
  for (int i = 0; i < 2000; ++i) deep = "https://a.cdn.ampproject.org/c/s/" + deep.substr(8);
  EXPECT_EQ(CanonicalUrl(deep), std::nullopt);
}

TEST(CanonicalUrlTest, AmpCacheWrappingGarbage) {
  EXPECT_EQ(CanonicalUrl("https://x.cdn.ampproject.org/c/s/exa mple.com/a"), std::nullopt);
  EXPECT_EQ(CanonicalUrl("https://x.cdn.ampproject.org/c/s/example.com:99999/a"), std::nullopt);
}

TEST(CanonicalUrlTest, LongUrl) {
  std::string url = "https://example.com/";
  for (int i = 0; i < 500; ++i) url += "seg" + std::to_string(i) + "/";
  url += "?";
  for (int i = 0; i < 500; ++i) url += "k" + std::to_string(499 - i) + "=v&utm_x=1&";
  ASSERT_GT(url.size(), 10 * 1024u);
  const auto got = CanonicalUrl(url);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->starts_with("https://example.com/seg0/seg1/"));
  EXPECT_EQ(got->find("utm_x"), std::string::npos);
  EXPECT_NE(got->find("?k0=v&k1=v&k10=v&k100=v&"), std::string::npos);
  EXPECT_EQ(CanonicalUrl(*got), got);
}

TEST(CanonicalUrlTest, LongGarbage) {
  // 10 KB of things a parser may trip on; any answer will do, as long as it comes back and
  // is a fixed point.
  const std::string pieces[] = {std::string(10240, '%'),  std::string(10240, '/'),
                                std::string(10240, '.'),  std::string(10240, '?'),
                                std::string(10240, '@'),  std::string(10240, '\xff'),
                                std::string(10240, '\0'), std::string(10240, '&')};
  for (const std::string& piece : pieces) {
    for (const std::string& url :
         {piece, "https://" + piece, "https://example.com/" + piece,
          "https://example.com/a?" + piece, "https://" + piece + "/a",
          "https://example.com/" + std::string(5000, 'x') + "/../" + piece}) {
      const auto got = CanonicalUrl(url);
      if (got) {
        EXPECT_EQ(CanonicalUrl(*got), got);
      }
    }
  }
  std::string dots = "https://example.com";
  for (int i = 0; i < 3000; ++i) dots += "/..";
  EXPECT_EQ(CanonicalUrl(dots), "https://example.com/");
  std::string amps = "https://example.com/story";
  for (int i = 0; i < 3000; ++i) amps += "/amp";
  EXPECT_EQ(CanonicalUrl(amps), "https://example.com/story");
}

TEST(CanonicalUrlTest, ControlAndNulBytes) {
  EXPECT_EQ(CanonicalUrl(std::string("https://example.com/a\0b", 23)), "https://example.com/a%00b");
  EXPECT_EQ(CanonicalUrl(std::string("https://exa\0mple.com/", 21)), std::nullopt);
  EXPECT_EQ(CanonicalUrl("https://example.com/a\x01\x7f"), "https://example.com/a%01%7F");
}

}  // namespace
}  // namespace copydesk::text
