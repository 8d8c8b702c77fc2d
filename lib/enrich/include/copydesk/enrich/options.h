// The enrich stage's options (config: `enrich.*`).
#pragma once

#include <string>

namespace copydesk::enrich {

struct EnrichOptions {
  std::string reference_dir;  // a reference data folder; empty: the built-in data
};

}  // namespace copydesk::enrich
