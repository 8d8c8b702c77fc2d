#include "copydesk/dedup/deduplicator.h"

#include <filesystem>
#include <string>
#include <vector>

#include "../common/test_support.h"

namespace copydesk::dedup {
namespace {

using testing_support::TempDir;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kT0 = 1'700'000'000'000;

const std::vector<std::string> kStory = {
    "The World Health Organization said on Tuesday that the outbreak in the eastern provinces had "
    "slowed for a third week running.",
    "Officials counted 41 new cases, down from 63 the week before, and said vaccination teams had "
    "reached every district along the border.",
    "The agency warned that funding for the response would run out by the end of June unless "
    "donors made good on their pledges.",
    "Health workers said the number of people in quarantine had fallen to its lowest level since "
    "the first case was confirmed in January."};

const std::vector<std::string> kOtherStory = {
    "Finance ministers from the euro zone agreed on Monday to extend the deadline for the bank "
    "rescue fund by six months after a long night of talks in Brussels.",
    "The deal, which still needs the approval of several national parliaments, leaves the size of "
    "the fund unchanged at 500 billion euros."};

// One article as the pipeline would hand it over.
struct Article {
  uint64_t id;
  std::vector<std::string> paragraphs;
  int64_t time = kT0;
  std::string headline = "A headline";
};

class DeduplicatorTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(DedupOptions options = {}) {
    dedup_.reset();
    store_.reset();
    auto store = state::StateStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    auto dedup = Deduplicator::Open(*store_, options);
    ASSERT_TRUE(dedup.ok()) << dedup.status().message();
    dedup_ = std::move(dedup).value();
  }

  Decision Decide(const Article& article, std::optional<int64_t> time = std::nullopt) {
    Fingerprinter fingerprinter;
    Fingerprint fingerprint;
    fingerprinter.Compute(article.headline, article.paragraphs, 0, fingerprint);
    ArticleInput input;
    input.id = article.id;
    input.time_ms = time ? time : std::optional<int64_t>(article.time);
    input.headline = article.headline;
    const std::string url = "https://example.com/" + std::to_string(article.id);
    input.url = url;
    input.fingerprint = &fingerprint;
    return dedup_->Decide(input);
  }

  TempDir dir_;
  std::unique_ptr<state::StateStore> store_;
  std::unique_ptr<Deduplicator> dedup_;
};

std::vector<std::string> Edited(std::vector<std::string> story) {
  story.pop_back();                               // a paragraph trimmed
  std::swap(story[0], story[1]);                  // two reordered
  story.push_back("Follow us on social media.");  // the outlet's own footer
  return story;
}

TEST_F(DeduplicatorTest, TheFirstArticleStartsAStory) {
  const Decision d = Decide({1, kStory});
  EXPECT_EQ(d.kind, DecisionKind::kNew);
  EXPECT_EQ(d.story, 1u);
  EXPECT_EQ(d.story_size, 1u);
  EXPECT_EQ(d.version, 1u);
  EXPECT_EQ(d.of, 0u);
}

TEST_F(DeduplicatorTest, TheSameIdAndTextIsAUrlDuplicate) {
  Decide({1, kStory});
  const Decision d = Decide({1, kStory, kT0 + kHour});
  EXPECT_EQ(d.kind, DecisionKind::kUrl);
  EXPECT_EQ(d.of, 1u);
  EXPECT_EQ(d.story, 1u);
  EXPECT_EQ(d.story_size, 1u);  // not a new member
  EXPECT_EQ(d.similarity, 1.0);
}

TEST_F(DeduplicatorTest, TheSameIdWithChangedTextIsAnUpdate) {
  Decide({1, kStory});
  std::vector<std::string> changed = kStory;
  changed[1] = "Officials counted 52 new cases, up from 41 the week before.";
  Decision d = Decide({1, changed, kT0 + kHour});
  EXPECT_EQ(d.kind, DecisionKind::kUpdate);
  EXPECT_EQ(d.of, 1u);
  EXPECT_EQ(d.version, 2u);
  EXPECT_EQ(d.story_size, 1u);
  EXPECT_GT(d.similarity, 0.4);
  // A headline change alone is an update too; the same text again is not.
  d = Decide({1, changed, kT0 + 2 * kHour, "A new headline"});
  EXPECT_EQ(d.kind, DecisionKind::kUpdate);
  EXPECT_EQ(d.version, 3u);
  EXPECT_EQ(Decide({1, changed, kT0 + 3 * kHour, "A new headline"}).kind, DecisionKind::kUrl);
}

TEST_F(DeduplicatorTest, TheSameBodyElsewhereIsAnExactDuplicateOfTheFirst) {
  Decide({1, kStory});
  Decide({2, kStory, kT0 + 1});
  const Decision d = Decide({3, kStory, kT0 + 2, "Another headline"});
  EXPECT_EQ(d.kind, DecisionKind::kExact);
  EXPECT_EQ(d.of, 1u);
  EXPECT_EQ(d.story, 1u);
  EXPECT_EQ(d.story_size, 3u);
}

TEST_F(DeduplicatorTest, AnEditedCopyElsewhereIsANearDuplicate) {
  Decide({1, kStory});
  Decide({2, kOtherStory});
  const Decision d = Decide({3, Edited(kStory), kT0 + kHour});
  EXPECT_EQ(d.kind, DecisionKind::kNear);
  EXPECT_EQ(d.of, 1u);
  EXPECT_EQ(d.story, 1u);
  EXPECT_EQ(d.story_size, 2u);
  EXPECT_GE(d.similarity, 0.5);
  EXPECT_LT(d.similarity, 1.0);
  // The other story is untouched.
  EXPECT_EQ(Decide({4, kOtherStory, kT0 + kHour}).story, 2u);
}

TEST_F(DeduplicatorTest, UnrelatedTextsAreNewStories) {
  Decide({1, kStory});
  const Decision d = Decide({2, kOtherStory});
  EXPECT_EQ(d.kind, DecisionKind::kNew);
  EXPECT_EQ(d.story, 2u);
}

TEST_F(DeduplicatorTest, TheThresholdIsConfigurable) {
  Reopen({.horizon_ms = 7 * kDay, .near_threshold = 1.0});
  Decide({1, kStory});
  EXPECT_EQ(Decide({2, Edited(kStory)}).kind, DecisionKind::kNew);
}

TEST_F(DeduplicatorTest, RepeatsAfterTheHorizonAreNew) {
  Reopen({.horizon_ms = 2 * kDay, .near_threshold = 0.5});
  Decide({1, kStory});
  EXPECT_EQ(Decide({2, kStory, kT0 + kDay}).kind, DecisionKind::kExact);
  // Three days on, the first article has expired; the second is still within two days.
  EXPECT_EQ(Decide({3, kStory, kT0 + 3 * kDay}).of, 2u);
  EXPECT_EQ(Decide({1, kStory, kT0 + 3 * kDay}).kind, DecisionKind::kExact);  // id 1 forgotten
  EXPECT_EQ(Decide({4, kOtherStory, kT0 + 10 * kDay}).kind, DecisionKind::kNew);
  EXPECT_EQ(Decide({5, kStory, kT0 + 10 * kDay}).kind, DecisionKind::kNew);
}

TEST_F(DeduplicatorTest, ALateRecordIsJudgedByTheStreamTime) {
  Reopen({.horizon_ms = 2 * kDay, .near_threshold = 0.5});
  Decide({1, kStory});
  Decide({2, kOtherStory, kT0 + 5 * kDay});
  // Within two days of article 1, but the stream has moved on: 1 is gone whatever compaction did.
  EXPECT_EQ(Decide({3, kStory, kT0 + kHour}).kind, DecisionKind::kNew);
}

TEST_F(DeduplicatorTest, ReopeningDecidesAsTheLiveRunWould) {
  std::vector<Decision> live;
  auto run_rest = [&] {
    std::vector<Decision> out;
    out.push_back(Decide({3, Edited(kStory), kT0 + 2 * kHour}));
    out.push_back(Decide({1, kStory, kT0 + 3 * kHour}));
    out.push_back(Decide({4, kStory, kT0 + 4 * kHour}));
    out.push_back(Decide({2, kOtherStory, kT0 + 5 * kHour}));
    return out;
  };
  Decide({1, kStory});
  Decide({2, kOtherStory, kT0 + kHour});
  ASSERT_TRUE(dedup_->Commit().ok());
  TempDir copy;
  ASSERT_TRUE(store_->Checkpoint(copy.path() / "cp").ok());
  live = run_rest();

  ASSERT_TRUE(store_->Commit().ok());
  dedup_.reset();
  store_.reset();
  ASSERT_TRUE(state::RestoreCheckpoint(copy.path() / "cp", dir_.path()).ok());
  Reopen();
  EXPECT_EQ(dedup_->Stats().articles, 2u);
  const std::vector<Decision> replayed = run_rest();
  ASSERT_EQ(live.size(), replayed.size());
  for (size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(live[i].kind, replayed[i].kind) << i;
    EXPECT_EQ(live[i].of, replayed[i].of) << i;
    EXPECT_EQ(live[i].story, replayed[i].story) << i;
    EXPECT_EQ(live[i].story_size, replayed[i].story_size) << i;
    EXPECT_EQ(live[i].similarity, replayed[i].similarity) << i;
  }
  EXPECT_EQ(live[0].kind, DecisionKind::kNear);
  EXPECT_EQ(live[2].story_size, 3u);
}

TEST_F(DeduplicatorTest, ThePurgeKeepsMemoryToTheHorizonAndDecisionsUnchanged) {
  Reopen({.horizon_ms = kDay, .near_threshold = 0.5});
  // 200 articles an hour apart: about a day's worth stays live.
  for (uint64_t i = 0; i < 200; ++i) {
    std::vector<std::string> text = {
        kOtherStory[0] + " Item " + std::to_string(i) + " of the series.",
        "Unique words " + std::to_string(i * 7919) + " and " + std::to_string(i * 104729) +
            " mark this one apart."};
    Decide({100 + i, text, kT0 + static_cast<int64_t>(i) * kHour});
  }
  const IndexStats stats = dedup_->Stats();
  EXPECT_LE(stats.articles, 26u);
  EXPECT_GE(stats.articles, 24u);
  EXPECT_GT(stats.memory_bytes, 0u);
  // The latest ones are still found, through every index.
  const Decision d = Decide({999,
                             {kOtherStory[0] + " Item 199 of the series.",
                              "Unique words " + std::to_string(199 * 7919) + " and " +
                                  std::to_string(199 * 104729) + " mark this one apart."}},
                            kT0 + 199 * kHour);
  EXPECT_EQ(d.kind, DecisionKind::kExact);
  EXPECT_EQ(d.of, 299u);
}

TEST_F(DeduplicatorTest, TheEarliestLiveCopyAnswersWhenTheFirstExpires) {
  Reopen({.horizon_ms = 2 * kDay, .near_threshold = 0.5});
  Decide({1, kStory});
  Decide({2, kStory, kT0 + kDay});
  const Decision d = Decide({3, kStory, kT0 + 3 * kDay});  // 1 expired, 2 is live
  EXPECT_EQ(d.kind, DecisionKind::kExact);
  EXPECT_EQ(d.of, 2u);
  EXPECT_EQ(d.similarity, 1);
}

// A restarted job rebuilds the index from the state; its decisions must not depend on when
// that happened (nor on when the index was last purged).
TEST_F(DeduplicatorTest, DecisionsDoNotDependOnWhenTheIndexWasRebuilt) {
  const DedupOptions options{.horizon_ms = 2 * kDay, .near_threshold = 0.5};
  const std::vector<Article> articles = {
      {1, kStory, kT0},
      {2, kOtherStory, kT0 + 6 * kHour},
      {3, kStory, kT0 + kDay},  // exact of 1
      {4, Edited(kStory), kT0 + kDay + kHour},
      {5, kStory, kT0 + 2 * kDay + kHour},  // 1 has expired: exact of 3
      {6, kOtherStory, kT0 + 3 * kDay},
      {3, Edited(kStory), kT0 + 3 * kDay + kHour},  // an update of 3
      {7, kStory, kT0 + 4 * kDay + 2 * kHour},      // 3's first version has expired
      {8, kStory, kT0 + 9 * kDay},                  // everything has expired: a new story
      {9, kStory, kT0 + 9 * kDay + kHour}};
  auto run = [&](bool reopen_each_time) {
    Reopen(options);
    std::vector<Decision> out;
    for (const Article& article : articles) {
      out.push_back(Decide(article));
      if (reopen_each_time) {
        EXPECT_TRUE(dedup_->Commit().ok());
        Reopen(options);
      }
    }
    return out;
  };
  const std::vector<Decision> uninterrupted = run(false);
  dedup_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_.path());
  const std::vector<Decision> restarted = run(true);
  for (size_t i = 0; i < articles.size(); ++i) {
    EXPECT_EQ(uninterrupted[i].kind, restarted[i].kind) << i;
    EXPECT_EQ(uninterrupted[i].of, restarted[i].of) << i;
    EXPECT_EQ(uninterrupted[i].story, restarted[i].story) << i;
    EXPECT_EQ(uninterrupted[i].story_size, restarted[i].story_size) << i;
    EXPECT_EQ(uninterrupted[i].version, restarted[i].version) << i;
  }
  EXPECT_EQ(uninterrupted[4].of, 3u);
  EXPECT_EQ(uninterrupted[8].kind, DecisionKind::kNew);
  EXPECT_EQ(uninterrupted[8].story_size, 1u);
  EXPECT_EQ(uninterrupted[9].story_size, 2u);
}

// Another instance's records, read from the changelog, make its articles matchable here.
TEST_F(DeduplicatorTest, LearnTakesInAnotherInstancesRecords) {
  Decide({1, kStory});
  dedup_->BufferStreamTime();
  const std::vector<state::StateWrite> writes = store_->TakePending();
  ASSERT_FALSE(writes.empty());

  TempDir other_dir;
  auto other_store = state::StateStore::Open(other_dir.path());
  ASSERT_TRUE(other_store.ok());
  auto other = Deduplicator::Open(**other_store, {});
  ASSERT_TRUE(other.ok());
  for (const auto& w : writes) (*other)->Learn(w.family, w.key, w.value);
  for (const auto& w : writes) (*other)->Learn(w.family, w.key, w.value);  // twice: no harm
  EXPECT_EQ((*other)->Stats().articles, 1u);
  EXPECT_EQ((*other)->stream_time(), kT0);

  Fingerprinter fingerprinter;
  Fingerprint fingerprint;
  fingerprinter.Compute("Another headline", kStory, 0, fingerprint);
  ArticleInput copy;
  copy.id = 2;
  copy.time_ms = kT0 + kHour;
  copy.fingerprint = &fingerprint;
  const Decision d = (*other)->Decide(copy);
  EXPECT_EQ(d.kind, DecisionKind::kExact);
  EXPECT_EQ(d.of, 1u);
  EXPECT_EQ(d.story_size, 2u);
}

TEST_F(DeduplicatorTest, DecisionsAreExplainedByTheirRecords) {
  Decide({1, kStory});
  Decide({3, Edited(kStory), kT0 + kHour, "Copied"});
  ASSERT_TRUE(dedup_->Commit().ok());
  auto loaded = LoadArticle(*store_, 3);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  const ArticleRecord& record = **loaded;
  EXPECT_EQ(record.kind, DecisionKind::kNear);
  EXPECT_EQ(record.of, 1u);
  EXPECT_EQ(record.story, 1u);
  EXPECT_EQ(record.headline, "Copied");
  EXPECT_EQ(record.url, "https://example.com/3");
  EXPECT_GT(record.bands_matched, 0u);
  EXPECT_EQ(record.time_ms, kT0 + kHour);
  const std::string encoded = EncodeRecord(record);
  EXPECT_EQ(DecodeRecord(encoded)->headline, "Copied");
  EXPECT_FALSE(DecodeRecord(encoded.substr(0, 100)).has_value());
  EXPECT_FALSE(LoadArticle(*store_, 2)->has_value());
}

// A copy of what an article said before its update is still a copy of it, live and after
// reopening the state.
TEST_F(DeduplicatorTest, EarlierVersionsStayMatchable) {
  Decide({1, kStory});
  std::vector<std::string> rewritten = {kOtherStory[0], kStory[0]};
  ASSERT_EQ(Decide({1, rewritten, kT0 + kHour}).kind, DecisionKind::kUpdate);
  ASSERT_TRUE(dedup_->Commit().ok());
  for (int pass = 0; pass < 2; ++pass) {
    const Decision d = Decide({10u + pass, kStory, kT0 + 2 * kHour});
    EXPECT_EQ(d.kind, DecisionKind::kExact) << pass;
    EXPECT_EQ(d.of, 1u) << pass;
    EXPECT_EQ(d.story, 1u) << pass;
    ASSERT_TRUE(dedup_->Commit().ok());
    Reopen();
  }
  auto latest = LoadArticle(*store_, 1);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 2u);
  EXPECT_EQ(dedup_->Stats().articles, 3u);  // versions are not counted twice
}

TEST_F(DeduplicatorTest, ACorruptStateIsReportedNotTrusted) {
  store_->Put(state::Family::kArticles, "12345678", std::string(40, 'x'));
  ASSERT_TRUE(store_->Commit().ok());
  dedup_.reset();
  auto dedup = Deduplicator::Open(*store_, {});
  ASSERT_FALSE(dedup.ok());
  EXPECT_EQ(dedup.status().code(), StatusCode::kCorruption);
  EXPECT_CONTAINS(dedup.status().message(), "articles record is malformed");
}

TEST_F(DeduplicatorTest, ArticlesWithoutWordsOnlyMatchTheirOwnId) {
  Decide({1, {"—"}});
  EXPECT_EQ(Decide({2, {"—"}}).kind, DecisionKind::kNew);
  EXPECT_EQ(Decide({1, {"—"}}).kind, DecisionKind::kUrl);
}

}  // namespace
}  // namespace copydesk::dedup
