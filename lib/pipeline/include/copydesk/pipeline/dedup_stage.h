#pragma once

#include <filesystem>
#include <memory>

#include "copydesk/config/config.h"
#include "copydesk/core/status.h"
#include "copydesk/dedup/deduplicator.h"
#include "copydesk/event/event.h"
#include "copydesk/state/store.h"

namespace copydesk::pipeline {

// The ordered, stateful step (DESIGN.md "Data flow"): dedup decisions and story membership,
// against the state store. One per job; records go through it in input order.
class DedupStage {
 public:
  // Opens config.state.dir, or a temporary directory removed with the stage when it is empty.
  static Result<std::unique_ptr<DedupStage>> Open(const config::Config& config);
  ~DedupStage();

  // Decides an accepted event's type, dedup status, story and version.
  void Apply(const dedup::ArticleInput& article, event::Event& event);
  // Makes the decisions so far durable.
  Status Commit();

 private:
  DedupStage() = default;

  std::filesystem::path temporary_dir_;
  std::unique_ptr<state::StateStore> store_;
  std::unique_ptr<dedup::Deduplicator> deduplicator_;
};

}  // namespace copydesk::pipeline
