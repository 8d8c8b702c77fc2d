// Reference data kept in the state store (`copydesk reference load`), so that a state
// directory carries the data its articles were enriched with: the files themselves, under
// the `meta` family, and the list of them.
#pragma once

#include <memory>

#include "copydesk/config/config.h"
#include "copydesk/core/status.h"
#include "copydesk/enrich/reference.h"
#include "copydesk/state/store.h"

namespace copydesk::pipeline {

// Replaces the reference data the store holds with `reference`'s files.
Status StoreReference(state::StateStore& store, const enrich::Reference& reference);

// The reference data the store holds, built; nullptr when it holds none.
Result<std::shared_ptr<const enrich::Reference>> LoadStoredReference(
    const state::StateStore& store);

// The reference data a job uses: `enrich.reference_dir` when set, else what the state store
// holds, else `fallback` (the built-in data). Errors name the option or the store.
Result<std::shared_ptr<const enrich::Reference>> ChooseReference(
    const config::Config& config, const state::StateStore* store,
    std::shared_ptr<const enrich::Reference> fallback);

}  // namespace copydesk::pipeline
