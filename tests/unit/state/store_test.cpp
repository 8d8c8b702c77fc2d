#include "copydesk/state/store.h"

#include <cstring>

#include "../common/test_support.h"

namespace copydesk::state {
namespace {

using testing_support::TempDir;

std::string Timed(int64_t millis, std::string_view rest) {
  std::string value(kTimeBytes, '\0');
  std::memcpy(value.data(), &millis, kTimeBytes);
  return value + std::string(rest);
}

std::optional<std::string> Read(StateStore& store, Family family, std::string_view key) {
  auto value = store.Get(family, key);
  EXPECT_TRUE(value.ok()) << value.status().message();
  return value.ok() ? *value : std::nullopt;
}

TEST(StateStore, WritesBecomeVisibleOnCommitAndSurviveReopening) {
  TempDir dir;
  {
    auto store = StateStore::Open(dir.path() / "state");
    ASSERT_TRUE(store.ok()) << store.status().message();
    (*store)->Put(Family::kArticles, "a", Timed(1, "one"));
    (*store)->Put(Family::kStories, "a", Timed(1, "story"));
    EXPECT_EQ((*store)->pending_writes(), 2u);
    EXPECT_EQ(Read(**store, Family::kArticles, "a"), std::nullopt);
    ASSERT_TRUE((*store)->Commit().ok());
    EXPECT_EQ((*store)->pending_writes(), 0u);
    EXPECT_EQ(Read(**store, Family::kArticles, "a"), Timed(1, "one"));
  }
  auto store = StateStore::Open(dir.path() / "state");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(Read(**store, Family::kArticles, "a"), Timed(1, "one"));
  EXPECT_EQ(Read(**store, Family::kStories, "a"), Timed(1, "story"));
  EXPECT_EQ(Read(**store, Family::kMeta, "a"), std::nullopt);  // families are separate
}

TEST(StateStore, ForEachVisitsKeysInOrder) {
  TempDir dir;
  auto store = StateStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  for (const char* key : {"c", "a", "b"}) (*store)->Put(Family::kMeta, key, key);
  ASSERT_TRUE((*store)->Commit().ok());
  std::string keys;
  ASSERT_TRUE((*store)
                  ->ForEach(Family::kMeta,
                            [&](std::string_view key, std::string_view) {
                              keys += key;
                              return Status::Ok();
                            })
                  .ok());
  EXPECT_EQ(keys, "abc");
}

TEST(StateStore, CompactionDropsAndCountsWhatIsOlderThanTheWatermark) {
  TempDir dir;
  auto store = StateStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  StateStore& s = **store;
  s.Put(Family::kArticles, "old", Timed(100, "x"));
  s.Put(Family::kArticles, "new", Timed(300, "x"));
  s.Put(Family::kStories, "old", Timed(100, "x"));
  s.Put(Family::kMeta, "stream_time", Timed(100, ""));  // meta never expires
  ASSERT_TRUE(s.Commit().ok());
  ASSERT_TRUE(s.Compact().ok());
  EXPECT_EQ(s.expired(), 0u);  // no watermark yet
  s.SetExpiryWatermark(200);
  ASSERT_TRUE(s.Compact().ok());
  EXPECT_EQ(s.expired(), 2u);
  EXPECT_EQ(Read(s, Family::kArticles, "old"), std::nullopt);
  EXPECT_EQ(Read(s, Family::kStories, "old"), std::nullopt);
  EXPECT_TRUE(Read(s, Family::kArticles, "new").has_value());
  EXPECT_TRUE(Read(s, Family::kMeta, "stream_time").has_value());
}

TEST(StateStore, CheckpointAndRestore) {
  TempDir dir;
  const auto live = dir.path() / "live";
  const auto checkpoint = dir.path() / "checkpoint";
  {
    auto store = StateStore::Open(live);
    ASSERT_TRUE(store.ok());
    (*store)->Put(Family::kArticles, "kept", Timed(1, ""));
    ASSERT_TRUE((*store)->Commit().ok());
    ASSERT_TRUE((*store)->Checkpoint(checkpoint).ok());
    const Status again = (*store)->Checkpoint(checkpoint);
    EXPECT_EQ(again.code(), StatusCode::kInvalidArgument);
    EXPECT_CONTAINS(again.message(), "already exists");
    (*store)->Put(Family::kArticles, "after", Timed(1, ""));
    ASSERT_TRUE((*store)->Commit().ok());
    // Restoring over a state that is open is refused (RocksDB's lock).
    EXPECT_FALSE(RestoreCheckpoint(checkpoint, live).ok());
  }
  ASSERT_TRUE(RestoreCheckpoint(checkpoint, live).ok());
  auto store = StateStore::Open(live);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(Read(**store, Family::kArticles, "kept").has_value());
  EXPECT_EQ(Read(**store, Family::kArticles, "after"), std::nullopt);
}

TEST(StateStore, RestoreRefusesWhatIsNotACheckpoint) {
  TempDir dir;
  const Status status = RestoreCheckpoint(dir.path(), dir.path() / "state");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_CONTAINS(status.message(), "is not a checkpoint");
}

TEST(StateStore, OpenFailsClearlyOnAFile) {
  TempDir dir;
  const auto file = dir.Write("not-a-dir", "x");
  auto store = StateStore::Open(file);
  ASSERT_FALSE(store.ok());
  EXPECT_CONTAINS(store.status().message(), file.string());
}

TEST(StateStore, StatsCountKeysAndDisk) {
  TempDir dir;
  auto store = StateStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  for (int i = 0; i < 100; ++i) (*store)->Put(Family::kArticles, std::to_string(i), Timed(i, "v"));
  ASSERT_TRUE((*store)->Commit().ok());
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->families.size(), kFamilyCount);
  EXPECT_EQ(stats->families[0].name, "articles");
  EXPECT_EQ(stats->families[0].estimated_keys, 100u);
  EXPECT_GT(stats->disk_bytes, 0u);
}

}  // namespace
}  // namespace copydesk::state
