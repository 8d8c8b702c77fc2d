// Processor: one record in, its event out (assembly of the ninjs item, ids, rejections).
#include "copydesk/pipeline/processor.h"

#include <gtest/gtest.h>

#include <string>

#include "../common/test_support.h"
#include "copydesk/core/hash.h"

namespace copydesk::pipeline {
namespace {

event::Event ProcessOne(std::string_view bytes, uint64_t oversize = 0) {
  Processor processor(config::Config{});
  event::Event event;
  processor.Process(Record{bytes, oversize, {}}, event);
  return event;
}

TEST(Processor, ScrapedItemBecomesAnArticle) {
  const auto event = ProcessOne(
      R"({"url":"https://example.com/a","title":"Hi","content":"<p>Text</p>","source":"example.com",
          "author":["Ana","Ben"],"lang":"EN-us","published":"Tue, 14 Apr 2026 11:12:00 +0200"})");
  ASSERT_EQ(event.type, event::EventType::kArticle) << event.rejection.detail;
  EXPECT_EQ(event.id, Hex64(StableHash64("url:https://example.com/a")));
  EXPECT_EQ(event.story_id, event.id);
  EXPECT_EQ(event.story_size, 1u);
  EXPECT_EQ(event.dedup_status, event::DedupStatus::kNew);
  EXPECT_EQ(event.item.uri, "https://example.com/a");
  EXPECT_EQ(event.item.version, "1");
  EXPECT_EQ(event.item.versioncreated, "2026-04-14T09:12:00Z");
  EXPECT_EQ(event.item.language, "en-US");
  EXPECT_EQ(event.item.headline, "Hi");
  EXPECT_EQ(event.item.body, "Text");  // the cleaning stage turned the HTML into text
  EXPECT_EQ(event.item.body_contenttype, "text/plain");
  EXPECT_EQ(event.item.by, "Ana, Ben");
  ASSERT_EQ(event.item.infosources.size(), 1u);
  EXPECT_EQ(event.item.infosources[0].name, "example.com");
  EXPECT_EQ(event.item.infosources[0].role, "publisher");
}

TEST(Processor, IdPrefersUriThenUrlThenGuidThenBody) {
  EXPECT_EQ(ProcessOne(R"({"uri":"urn:x","bodies":[{"value":"b"}]})").id,
            Hex64(StableHash64("uri:urn:x")));
  EXPECT_EQ(ProcessOne(R"({"guid":42,"site":"s","content":"b"})").id,
            Hex64(StableHash64("guid:s:42")));
  EXPECT_EQ(ProcessOne(R"({"content":"only text"})").id, Hex64(StableHash64("body:only text")));
}

TEST(Processor, ItemWithoutUriGetsACopydeskUrn) {
  const auto event = ProcessOne(R"({"content":"only text"})");
  EXPECT_EQ(event.item.uri, "urn:copydesk:article:" + event.id);
}

TEST(Processor, SameInputSameId) {
  const std::string record = R"({"title":"t","content":"same words"})";
  EXPECT_EQ(ProcessOne(record).id, ProcessOne(record).id);
  EXPECT_NE(ProcessOne(record).id, ProcessOne(R"({"title":"t","content":"other words"})").id);
}

TEST(Processor, LanguageIsCanonicalOrDropped) {
  const std::pair<const char*, const char*> cases[] = {
      {"fr", "fr"},       {"nb-NO", "nb-NO"},   {"zh_hant_tw", "zh-Hant-TW"},
      {"EN", "en"},       {"es-419", "es-419"}, {"english", "en"},
      {"e", ""},          {"en-", ""},          {"12", ""},
      {"fr-FR-x-y!", ""},
  };
  for (const auto& [in, out] : cases) {
    // A text too short to identify leaves the declared language to decide.
    const std::string record = std::string(R"({"content":"x","language":")") + in + "\"}";
    EXPECT_EQ(ProcessOne(record).item.language, out) << in;
  }
}

TEST(Processor, UnparseableDateIsLeftOut) {
  EXPECT_EQ(ProcessOne(R"({"content":"x","date":"yesterday"})").item.versioncreated, "");
}

TEST(Processor, NinjsFieldsAreCarriedOver) {
  const auto event =
      ProcessOne(R"({"uri":"urn:n","version":"4","versioncreated":"2019-05-10T16:02:28+02:00",
      "firstcreated":"2019-05-10T15:00:00Z","pubstatus":"usable","urgency":2,"copyrightholder":"dpa",
      "copyrightnotice":"(c) dpa","located":"Berlin","slugline":"s","headlines":[{"value":"H"}],
      "bodies":[{"contenttype":"text/markdown","value":"# M"}]})");
  ASSERT_EQ(event.type, event::EventType::kArticle);
  EXPECT_EQ(event.item.version, "4");
  EXPECT_EQ(event.item.versioncreated, "2019-05-10T14:02:28Z");
  EXPECT_EQ(event.item.firstcreated, "2019-05-10T15:00:00Z");
  EXPECT_EQ(event.item.pubstatus, "usable");
  EXPECT_EQ(event.item.urgency, 2);
  EXPECT_EQ(event.item.copyrightholder, "dpa");
  EXPECT_EQ(event.item.located, "Berlin");
  EXPECT_EQ(event.item.body_contenttype, "text/plain");  // cleaned from Markdown
}

TEST(Processor, UnknownPubstatusIsLeftOut) {
  EXPECT_EQ(ProcessOne(R"({"pubstatus":"draft","bodies":[{"value":"b"}]})").item.pubstatus, "");
}

TEST(Processor, RejectionKeepsTheRawBytes) {
  const std::string bytes = R"({"title":42,"content":"x"})";
  const auto event = ProcessOne(bytes);
  ASSERT_EQ(event.type, event::EventType::kRejected);
  EXPECT_EQ(event.rejection.reason, "wrong_type");
  EXPECT_EQ(event.rejection.detail, "field 'title' must be a string, got number");
  EXPECT_EQ(event.rejection.stage, "decode");
  EXPECT_EQ(event.rejection.raw, bytes);
}

TEST(Processor, RejectionIdNamesTheRecordAndWhereItCameFrom) {
  Processor processor(config::Config{});
  event::Event event;
  auto id_at_line = [&](std::string_view bytes, uint64_t line) {
    Record record{bytes, 0, {}};
    record.origin.line = line;
    processor.Process(record, event);
    EXPECT_EQ(event.type, event::EventType::kRejected);
    return event.id;
  };
  EXPECT_EQ(id_at_line("", 3), id_at_line("", 3));
  EXPECT_NE(id_at_line("", 3), id_at_line("", 4));  // two empty lines are two rejections
  EXPECT_NE(id_at_line("[1]", 3), id_at_line("[2]", 3));
}

TEST(Processor, OversizeRecordIsTooLarge) {
  const auto event = ProcessOne("", 5 << 20);
  ASSERT_EQ(event.type, event::EventType::kRejected);
  EXPECT_EQ(event.rejection.reason, "too_large");
  EXPECT_EQ(event.rejection.detail,
            "the record is 5242880 bytes, over limits.max_item_bytes = 1048576");
  EXPECT_TRUE(event.rejection.raw.empty());
}

// The source registry's rules for a site (config/reference/sources.yaml) apply to its items only.
TEST(Processor, SiteRulesApplyToTheirSite) {
  const auto bbc = ProcessOne(
      R"({"url":"https://m.bbc.co.uk/news/world-1?ns_mchannel=social&at_link_id=2","title":"A",
          "content":"<p>The story.</p>"})");
  EXPECT_EQ(bbc.item.uri, "https://www.bbc.com/news/world-1");
  EXPECT_EQ(bbc.id, Hex64(StableHash64("url:https://www.bbc.com/news/world-1")));

  const char* const kReuters =
      R"({"url":"https://www.reuters.com/world/x-2026-04-14/?taid=1","title":"B",
          "content":"<p>The story.</p><p>Our Standards: The Thomson Reuters Trust Principles.</p>"})";
  const auto reuters = ProcessOne(kReuters);
  EXPECT_EQ(reuters.item.uri, "https://www.reuters.com/world/x-2026-04-14/");
  EXPECT_EQ(reuters.item.body, "The story.");
  // Another site's paragraph is not this one's boilerplate.
  std::string elsewhere(kReuters);
  elsewhere.replace(elsewhere.find("www.reuters.com"), 15, "example.com");
  EXPECT_EQ(ProcessOne(elsewhere).item.body,
            "The story.\n\nOur Standards: The Thomson Reuters Trust Principles.");
}

TEST(Processor, SiteRulesFollowTheReferenceData) {
  Processor processor(config::Config{});
  const auto files = enrich::Reference::BuiltIn()->files();
  std::vector<enrich::ReferenceFile> changed;
  for (auto file : files) {
    if (file.name == "sources.yaml") {
      file.text +=
          "  - {name: Example News, domains: [example.com], url: {drop_params: [ref]},"
          " boilerplate: ['subscribe to example weekly\\.?']}\n";
    }
    changed.push_back(std::move(file));
  }
  const std::string item =
      R"({"url":"https://example.com/a?ref=home","title":"A",
          "content":"<p>The story.</p><p>Subscribe to Example Weekly.</p>"})";
  event::Event event;
  processor.Process(Record{item, 0, {}}, event);
  EXPECT_EQ(event.item.uri, "https://example.com/a?ref=home");
  auto reference = enrich::Reference::Build(changed);
  ASSERT_TRUE(reference.ok()) << reference.status().message();
  processor.SetReference(*reference);
  processor.Process(Record{item, 0, {}}, event);
  EXPECT_EQ(event.item.uri, "https://example.com/a");
  EXPECT_EQ(event.item.body, "The story.");
}

TEST(Processor, ReusedEventCarriesNothingOver) {
  Processor processor(config::Config{});
  event::Event event;
  processor.Process(
      Record{R"({"url":"u","title":"t","content":"c","source":"s","date":"2026-04-14"})", 0, {}},
      event);
  ASSERT_EQ(event.type, event::EventType::kArticle);
  processor.Process(Record{"[1]", 0, {}}, event);
  ASSERT_EQ(event.type, event::EventType::kRejected);
  EXPECT_TRUE(event.item.headline.empty());
  EXPECT_TRUE(event.item.infosources.empty());
  processor.Process(Record{R"({"content":"fresh"})", 0, {}}, event);
  ASSERT_EQ(event.type, event::EventType::kArticle);
  EXPECT_TRUE(event.rejection.reason.empty());
  EXPECT_TRUE(event.item.headline.empty());
  EXPECT_TRUE(event.item.versioncreated.empty());
  EXPECT_TRUE(event.item.infosources.empty());
}

TEST(Summary, CountsTypesReasonsAndFirstRejects) {
  Summary summary;
  event::Event article;
  article.type = event::EventType::kArticle;
  event::Event rejected;
  rejected.type = event::EventType::kRejected;
  rejected.rejection.reason = "not_json";
  rejected.rejection.detail = "d";
  rejected.origin.line = 9;
  summary.Count(article);
  summary.Count(rejected);
  summary.Count(rejected);
  EXPECT_EQ(summary.by_type[static_cast<size_t>(event::EventType::kArticle)], 1u);
  EXPECT_EQ(summary.by_type[static_cast<size_t>(event::EventType::kRejected)], 2u);
  EXPECT_EQ(summary.by_reason[static_cast<size_t>(wire::RejectReason::kNotJson)], 2u);
  ASSERT_EQ(summary.first_rejects.size(), 2u);
  EXPECT_EQ(summary.first_rejects[0].line, 9u);
  EXPECT_EQ(summary.first_rejects[0].reason, "not_json");
  for (int i = 0; i < 100; ++i) summary.Count(rejected);
  EXPECT_EQ(summary.first_rejects.size(), Summary::kKeptRejects);
}

}  // namespace
}  // namespace copydesk::pipeline

namespace copydesk::pipeline {
namespace {

// The pool runs records on several threads; what comes out must be what one Processor makes
// of them, slot by slot, including what the dedup stage is handed.
TEST(ProcessorPool, SeveralWorkersGiveWhatOneProcessorGives) {
  const std::string feed = testing_support::ReadFile(std::filesystem::path(COPYDESK_SOURCE_DIR) /
                                                     "config" / "samples" / "feed.ndjson");
  std::vector<std::string> lines;
  for (size_t start = 0; start < feed.size();) {
    const size_t end = feed.find('\n', start);
    lines.push_back(feed.substr(start, end - start));
    start = end == std::string::npos ? feed.size() : end + 1;
  }
  ASSERT_GT(lines.size(), 40u);
  std::vector<Record> records;
  for (size_t i = 0; i < lines.size(); ++i) {
    Record record{lines[i], 0, {}};
    record.origin.line = i + 1;
    records.push_back(record);
  }
  const config::Config config;
  Processor one(config);
  ProcessorPool pool(config, Resources::BuiltIn(), 3);
  EXPECT_EQ(pool.workers(), 3u);
  pool.Process(records);
  event::EventWriter writer;
  for (size_t i = 0; i < records.size(); ++i) {
    event::Event expected;
    one.Process(records[i], expected);
    const std::string expected_json(writer.Write(expected));
    ProcessorPool::Slot& slot = pool.slot(i);
    EXPECT_EQ(writer.Write(slot.event), expected_json) << "line " << i + 1;
    ASSERT_EQ(slot.article.has_value(), expected.type != event::EventType::kRejected) << i;
    if (!slot.article) continue;
    const dedup::ArticleInput input = one.dedup_input(expected);
    EXPECT_EQ(slot.article->id, input.id) << i;
    EXPECT_EQ(slot.article->url, input.url) << i;
    EXPECT_EQ(slot.article->fingerprint, &slot.fingerprint) << i;
    EXPECT_EQ(slot.fingerprint.minhash, input.fingerprint->minhash) << i;
    EXPECT_EQ(slot.fingerprint.body_hash, input.fingerprint->body_hash) << i;
  }
  // Fewer records than workers.
  pool.Process(std::span<const Record>(records).first(2));
  EXPECT_EQ(pool.slot(1).event.origin.line, 2u);
}

}  // namespace
}  // namespace copydesk::pipeline

namespace copydesk::pipeline {
namespace {

TEST(Summary, LatenciesAreABoundedUniformSample) {
  Summary summary;
  const int64_t n = 3 * static_cast<int64_t>(Summary::kLatencySamples);
  for (int64_t i = 0; i < n; ++i) summary.AddLatency(i);
  EXPECT_EQ(summary.latencies_seen, static_cast<uint64_t>(n));
  ASSERT_EQ(summary.latencies_ms.size(), Summary::kLatencySamples);
  std::vector<int64_t> sample = summary.latencies_ms;
  std::nth_element(sample.begin(), sample.begin() + sample.size() / 2, sample.end());
  const int64_t median = sample[sample.size() / 2];
  EXPECT_NEAR(static_cast<double>(median), n / 2.0, n * 0.02);  // not just the first ones
}

}  // namespace
}  // namespace copydesk::pipeline
