// copydesk's configuration: every option declared once (name, type, default, description,
// validation) and loaded from defaults, then a YAML file, then COPYDESK_* environment variables.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/dedup/deduplicator.h"
#include "copydesk/enrich/options.h"
#include "copydesk/kafka/options.h"
#include "copydesk/metrics/server.h"
#include "copydesk/state/store.h"
#include "copydesk/text/cleaner.h"
#include "copydesk/wire/decoder.h"

namespace copydesk::config {

// How the pipeline runs (its own options; the pipeline library depends on this one).
struct PipelineOptions {
  uint32_t workers = 0;  // threads for the stateless stages; 0: one per core
};

// Each component owns its options struct and its defaults; Config only gathers them.
struct Config {
  PipelineOptions pipeline;
  wire::DecodeLimits limits;
  text::CleanOptions clean;
  dedup::DedupOptions dedup;
  enrich::EnrichOptions enrich;
  state::StateOptions state;
  kafka::KafkaOptions kafka;
  metrics::MetricsOptions metrics;
};

// Where an option's effective value came from, for check-config.
struct OptionValue {
  std::string key;
  std::string type;
  std::string description;
  std::string default_value;
  std::string value;
  std::string origin;  // "default", the file's path, or the environment variable's name
};

struct LoadedConfig {
  Config config;
  std::vector<OptionValue> options;  // every option, in declaration order
};

// Environment variables as name -> value, so that tests need not touch the real environment.
using Environment = std::map<std::string, std::string>;
Environment ProcessEnvironment();

// Unknown keys and bad values are errors whose message names the option (or variable) and
// says what is accepted.
Result<LoadedConfig> LoadConfig(const std::optional<std::filesystem::path>& file,
                                const Environment& environment);

// The environment variable that overrides `key`: limits.max_depth -> COPYDESK_LIMITS_MAX_DEPTH.
std::string EnvironmentName(const std::string& key);

// Whether a librdkafka property holds a secret (passwords, keys): check-config and error
// messages show "(secret)" instead of its value.
bool IsSecretProperty(const std::string& name);

// Every declared option key, in declaration order.
std::vector<std::string> OptionKeys();

// A duration as options take it ("7d", "12h", "30m", "90s", "250ms") in milliseconds.
std::optional<int64_t> ParseDurationMillis(const std::string& text);

}  // namespace copydesk::config
