#include "copydesk/pipeline/dedup_stage.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "copydesk/core/hash.h"

namespace copydesk::pipeline {
namespace {

event::DedupStatus StatusOf(dedup::DecisionKind kind) {
  switch (kind) {
    case dedup::DecisionKind::kNew:
      return event::DedupStatus::kNew;
    case dedup::DecisionKind::kUpdate:
      return event::DedupStatus::kUpdate;
    case dedup::DecisionKind::kUrl:
      return event::DedupStatus::kUrl;
    case dedup::DecisionKind::kExact:
      return event::DedupStatus::kExact;
    case dedup::DecisionKind::kNear:
      return event::DedupStatus::kNear;
  }
  return event::DedupStatus::kNew;
}

// A state directory that cannot be used is a configuration problem (exit 2), named as such;
// corruption stays recognisable, for the caller that can rebuild.
Status StateDirError(const Status& status) {
  const std::string message = "state.dir: " + status.message();
  return status.code() == StatusCode::kCorruption ? Status::Corruption(message)
                                                  : Status::InvalidArgument(message);
}

}  // namespace

Result<std::unique_ptr<DedupStage>> DedupStage::Open(
    const config::Config& config, const CatchUp& catch_up,
    const std::function<void(std::string_view)>& log) {
  std::unique_ptr<DedupStage> stage(new DedupStage());
  stage->options_ = config.dedup;
  stage->dir_ = config.state.dir;
  if (stage->dir_.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "copydesk-state-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::IoError(fmt::format("state: cannot create a temporary directory {}: {}",
                                         pattern, std::strerror(errno)));
    }
    stage->dir_ = stage->temporary_dir_ = pattern;
  }
  Status s = stage->OpenState(catch_up);
  if (s.code() == StatusCode::kCorruption && catch_up) {
    // The changelog is the truth: set the damaged copy aside (for a post-mortem) and rebuild.
    stage->deduplicator_.reset();
    stage->store_.reset();
    std::filesystem::path aside = stage->dir_;
    aside += fmt::format(".corrupt-{}", ::time(nullptr));
    std::error_code error;
    std::filesystem::rename(stage->dir_, aside, error);
    if (error) {
      return Status::IoError(
          fmt::format("state.dir: {} is corrupted ({}) and cannot be moved to "
                      "{}: {}",
                      stage->dir_.string(), s.message(), aside.string(), error.message()));
    }
    if (log) {
      log(fmt::format("state {} is corrupted ({}); moved to {}, rebuilding it from the changelog",
                      stage->dir_.string(), s.message(), aside.string()));
    }
    s = stage->OpenState(catch_up);
  }
  if (s.code() == StatusCode::kCorruption) return Status::InvalidArgument(s.message());
  if (!s.ok()) return s;
  return stage;
}

Status DedupStage::OpenState(const CatchUp& catch_up) {
  auto store = state::StateStore::Open(dir_);
  if (!store.ok()) return StateDirError(store.status());
  store_ = std::move(store).value();
  if (catch_up) {
    if (Status s = catch_up(*store_); !s.ok()) return s;
  }
  auto deduplicator = dedup::Deduplicator::Open(*store_, options_);
  if (!deduplicator.ok()) return StateDirError(deduplicator.status());
  deduplicator_ = std::move(deduplicator).value();
  return Status::Ok();
}

std::vector<state::StateWrite> DedupStage::TakeStateWrites() {
  deduplicator_->BufferStreamTime();
  return store_->TakePending();
}

Status DedupStage::Reload() {
  deduplicator_.reset();
  (void)store_->TakePending();  // the forgotten decisions' writes
  auto deduplicator = dedup::Deduplicator::Open(*store_, options_);
  if (!deduplicator.ok()) return deduplicator.status();
  deduplicator_ = std::move(deduplicator).value();
  return Status::Ok();
}

DedupStage::~DedupStage() {
  deduplicator_.reset();
  store_.reset();
  if (!temporary_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temporary_dir_, ignored);
  }
}

void DedupStage::Apply(const dedup::ArticleInput& article, event::Event& event) {
  const dedup::Decision decision = deduplicator_->Decide(article);
  event.story_id = Hex64(decision.story);
  event.story_size = decision.story_size;
  event.dedup_status = StatusOf(decision.kind);
  switch (decision.kind) {
    case dedup::DecisionKind::kNew:
      event.type = event::EventType::kArticle;
      break;
    case dedup::DecisionKind::kUpdate:
      event.type = event::EventType::kUpdate;
      break;
    default:
      event.type = event::EventType::kDuplicate;
      break;
  }
  if (decision.kind != dedup::DecisionKind::kNew) {
    event.dedup_of = Hex64(decision.of);
    event.similarity = decision.similarity;
  }
  event.item.version = std::to_string(decision.version);
}

Status DedupStage::Commit() {
  return deduplicator_->Commit();
}

}  // namespace copydesk::pipeline
