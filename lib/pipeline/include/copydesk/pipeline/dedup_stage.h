#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

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
  // Brings a store up to date from elsewhere (the Kafka changelog) before the index is built.
  using CatchUp = std::function<Status(state::StateStore&)>;

  // Opens config.state.dir, or a temporary directory removed with the stage when it is empty.
  // With `catch_up`, the store is first brought up to date; a corrupted store is then set
  // aside (renamed <dir>.corrupt-<unix time>, reported through `log`) and rebuilt from
  // nothing by `catch_up`, never used.
  static Result<std::unique_ptr<DedupStage>> Open(
      const config::Config& config, const CatchUp& catch_up = {},
      const std::function<void(std::string_view)>& log = {});
  ~DedupStage();

  // Decides an accepted event's type, dedup status, story and version.
  void Apply(const dedup::ArticleInput& article, event::Event& event);
  // Makes the decisions so far durable.
  Status Commit();
  // Hands the decisions' state writes over instead of applying them (the Kafka job sends them
  // to the changelog, and applies them to the store once committed there).
  std::vector<state::StateWrite> TakeStateWrites();
  // Forgets decisions not in the store (after an aborted batch): rebuilds the index from it.
  Status Reload();

  state::StateStore& store() { return *store_; }
  dedup::Deduplicator& deduplicator() { return *deduplicator_; }

 private:
  DedupStage() = default;
  Status OpenState(const CatchUp& catch_up);

  dedup::DedupOptions options_;
  std::filesystem::path dir_;
  std::filesystem::path temporary_dir_;
  std::unique_ptr<state::StateStore> store_;
  std::unique_ptr<dedup::Deduplicator> deduplicator_;
};

}  // namespace copydesk::pipeline
