#include "copydesk/pipeline/dedup_stage.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>

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

}  // namespace

Result<std::unique_ptr<DedupStage>> DedupStage::Open(const config::Config& config) {
  std::unique_ptr<DedupStage> stage(new DedupStage());
  std::filesystem::path dir = config.state.dir;
  if (dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "copydesk-state-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::IoError(fmt::format("state: cannot create a temporary directory {}: {}",
                                         pattern, std::strerror(errno)));
    }
    dir = stage->temporary_dir_ = pattern;
  }
  auto store = state::StateStore::Open(dir);
  if (!store.ok()) return Status::InvalidArgument("state.dir: " + store.status().message());
  stage->store_ = std::move(store).value();
  auto deduplicator = dedup::Deduplicator::Open(*stage->store_, config.dedup);
  if (!deduplicator.ok())
    return Status::InvalidArgument("state.dir: " + deduplicator.status().message());
  stage->deduplicator_ = std::move(deduplicator).value();
  return stage;
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
