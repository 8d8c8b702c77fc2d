#include "copydesk/config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

extern char** environ;

namespace copydesk::config {
namespace {

// One declared option: how to read it into a Config and how to show it.
struct Option {
  std::string_view key;
  std::string_view type;
  std::string_view description;
  std::function<Status(Config&, const std::string&)> set;
  std::function<std::string(const Config&)> get;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "1048576", "512KiB", "1MiB", "2 GiB", "64kb" -> bytes.
std::optional<uint64_t> ParseBytes(const std::string& text) {
  uint64_t number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  std::string unit = Lower(std::string_view(ptr, static_cast<size_t>(end - ptr)));
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  static const std::map<std::string, uint64_t> kUnits{{"", 1},
                                                      {"b", 1},
                                                      {"kib", 1ull << 10},
                                                      {"kb", 1000},
                                                      {"mib", 1ull << 20},
                                                      {"mb", 1000000},
                                                      {"gib", 1ull << 30},
                                                      {"gb", 1000000000}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end() || number > UINT64_MAX / it->second) return std::nullopt;
  return number * it->second;
}

std::string FormatBytes(uint64_t bytes) {
  for (auto [unit, size] :
       {std::pair{"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}}) {
    if (bytes >= size && bytes % size == 0) return fmt::format("{}{}", bytes / size, unit);
  }
  return std::to_string(bytes);
}

template <typename T>
using Field = T& (*)(Config&);

template <typename T>
T& Get(Field<T> field, const Config& config) {
  return field(const_cast<Config&>(config));
}

Option Bytes(std::string_view key, std::string_view description, Field<uint64_t> field,
             uint64_t min, uint64_t max) {
  return {key, "bytes", description,
          [=](Config& c, const std::string& text) {
            auto bytes = ParseBytes(text);
            if (!bytes) {
              return Status::InvalidArgument(fmt::format(
                  "'{}' is not a size; write bytes or a number with a unit, e.g. 512KiB or 1MiB",
                  text));
            }
            if (*bytes < min || *bytes > max) {
              return Status::InvalidArgument(fmt::format("{} is out of range; use {} to {}", text,
                                                         FormatBytes(min), FormatBytes(max)));
            }
            field(c) = *bytes;
            return Status::Ok();
          },
          [=](const Config& c) { return FormatBytes(Get(field, c)); }};
}

Option Integer(std::string_view key, std::string_view description, Field<uint32_t> field,
               uint32_t min, uint32_t max) {
  return {key, "integer", description,
          [=](Config& c, const std::string& text) {
            uint32_t value = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || ptr != text.data() + text.size()) {
              return Status::InvalidArgument(fmt::format("'{}' is not a whole number", text));
            }
            if (value < min || value > max) {
              return Status::InvalidArgument(
                  fmt::format("{} is out of range; use {} to {}", value, min, max));
            }
            field(c) = value;
            return Status::Ok();
          },
          [=](const Config& c) { return std::to_string(Get(field, c)); }};
}

// "7d", "12h", "30m", "90s", "250ms" -> milliseconds.
std::optional<int64_t> ParseDuration(const std::string& text) {
  int64_t number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || ptr == text.data() || number < 0) return std::nullopt;
  static const std::map<std::string, int64_t> kUnits{
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  auto it = kUnits.find(Lower(std::string_view(ptr, static_cast<size_t>(end - ptr))));
  if (it == kUnits.end() || number > INT64_MAX / it->second) return std::nullopt;
  return number * it->second;
}

std::string FormatDuration(int64_t millis) {
  for (auto [unit, size] : {std::pair{"d", int64_t{86'400'000}},
                            {"h", int64_t{3'600'000}},
                            {"m", int64_t{60'000}},
                            {"s", int64_t{1000}}}) {
    if (millis >= size && millis % size == 0) return fmt::format("{}{}", millis / size, unit);
  }
  return fmt::format("{}ms", millis);
}

Option Duration(std::string_view key, std::string_view description, Field<int64_t> field,
                int64_t min, int64_t max) {
  return {
      key, "duration", description,
      [=](Config& c, const std::string& text) {
        auto millis = ParseDuration(text);
        if (!millis) {
          return Status::InvalidArgument(fmt::format(
              "'{}' is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 7d or 36h",
              text));
        }
        if (*millis < min || *millis > max) {
          return Status::InvalidArgument(fmt::format("{} is out of range; use {} to {}", text,
                                                     FormatDuration(min), FormatDuration(max)));
        }
        field(c) = *millis;
        return Status::Ok();
      },
      [=](const Config& c) { return FormatDuration(Get(field, c)); }};
}

// A number from 0 to 1 ("0.5").
Option Ratio(std::string_view key, std::string_view description, Field<double> field) {
  return {
      key, "ratio", description,
      [=](Config& c, const std::string& text) {
        double value = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size() || !(value >= 0 && value <= 1)) {
          return Status::InvalidArgument(fmt::format("'{}' is not a number from 0 to 1", text));
        }
        field(c) = value;
        return Status::Ok();
      },
      [=](const Config& c) { return fmt::format("{}", Get(field, c)); }};
}

// `when_empty` says what an empty path means.
Option Path(std::string_view key, std::string_view description, Field<std::string> field,
            std::string_view when_empty) {
  return {key, "path", description,
          [=](Config& c, const std::string& text) {
            field(c) = text;
            return Status::Ok();
          },
          [=](const Config& c) {
            return Get(field, c).empty() ? std::string(when_empty) : Get(field, c);
          }};
}

// A plain string; `allow_empty` says whether "" is a value.
Option String(std::string_view key, std::string_view description, Field<std::string> field,
              bool allow_empty) {
  return {key, "string", description,
          [=](Config& c, const std::string& text) {
            if (!allow_empty && text.empty()) return Status::InvalidArgument("must not be empty");
            field(c) = text;
            return Status::Ok();
          },
          [=](const Config& c) { return Get(field, c); }};
}

// Comma-separated names ("news.raw, agency.raw"); at least one.
Option List(std::string_view key, std::string_view description,
            Field<std::vector<std::string>> field) {
  return {key, "list", description,
          [=](Config& c, const std::string& text) {
            std::vector<std::string> items;
            size_t start = 0;
            while (start <= text.size()) {
              size_t end = text.find(',', start);
              if (end == std::string::npos) end = text.size();
              std::string item = text.substr(start, end - start);
              item.erase(0, item.find_first_not_of(' '));
              item.erase(item.find_last_not_of(' ') + 1);
              if (!item.empty()) items.push_back(std::move(item));
              start = end + 1;
            }
            if (items.empty())
              return Status::InvalidArgument("needs at least one name (comma-separated)");
            field(c) = std::move(items);
            return Status::Ok();
          },
          [=](const Config& c) {
            std::string joined;
            for (const auto& item : Get(field, c)) joined += (joined.empty() ? "" : ",") + item;
            return joined;
          }};
}

Option Bool(std::string_view key, std::string_view description, Field<bool> field) {
  return {key, "bool", description,
          [=](Config& c, const std::string& text) {
            const std::string value = Lower(text);
            if (value == "true" || value == "yes" || value == "on" || value == "1") {
              field(c) = true;
            } else if (value == "false" || value == "no" || value == "off" || value == "0") {
              field(c) = false;
            } else {
              return Status::InvalidArgument(fmt::format("'{}' is not true or false", text));
            }
            return Status::Ok();
          },
          [=](const Config& c) { return std::string(Get(field, c) ? "true" : "false"); }};
}

// "host:port", ":port" or "port" (0-65535), or "" for none.
Option ListenAddress() {
  return {"metrics.listen", "address",
          "Where to serve /metrics, /healthz and /readyz: host:port, or port for every "
          "interface (0: any free port, logged); empty: not served. `--metrics-port` sets the "
          "port.",
          [](Config& c, const std::string& text) {
            const size_t colon = text.rfind(':');
            const std::string port = colon == std::string::npos ? text : text.substr(colon + 1);
            if (!text.empty() && (port.empty() || port.size() > 5 ||
                                  port.find_first_not_of("0123456789") != std::string::npos ||
                                  std::stoul(port) > 65535)) {
              return Status::InvalidArgument(fmt::format(
                  "'{}' is not an address to listen on; use host:port (127.0.0.1:9464) or a "
                  "port (9464)",
                  text));
            }
            c.metrics.listen = text;
            return Status::Ok();
          },
          [](const Config& c) { return c.metrics.listen; }};
}

Option DeliveryChoice() {
  return {"kafka.delivery", "choice",
          "exactly_once: outputs, dead letters, state and offsets commit together per batch; "
          "at_least_once: cheaper, a crash republishes a batch (same ids).",
          [](Config& c, const std::string& text) {
            if (text == "exactly_once") {
              c.kafka.delivery = kafka::Delivery::kExactlyOnce;
            } else if (text == "at_least_once") {
              c.kafka.delivery = kafka::Delivery::kAtLeastOnce;
            } else {
              return Status::InvalidArgument(
                  fmt::format("'{}' is not a delivery; use exactly_once or at_least_once", text));
            }
            return Status::Ok();
          },
          [](const Config& c) {
            return std::string(c.kafka.delivery == kafka::Delivery::kExactlyOnce ? "exactly_once"
                                                                                 : "at_least_once");
          }};
}

constexpr std::string_view kPropertiesPrefix = "kafka.properties.";

// librdkafka properties that other options own.
const std::map<std::string, std::string>& OwnedProperties() {
  static const std::map<std::string, std::string> owned{
      {"bootstrap.servers", "kafka.brokers"},
      {"metadata.broker.list", "kafka.brokers"},
      {"group.id", "kafka.group"},
      {"transactional.id", "kafka.transactional_id"},
      {"enable.idempotence", "kafka.delivery"},
      {"isolation.level", "kafka.delivery"},
      {"enable.auto.commit", "kafka.delivery"},
  };
  return owned;
}

// The option table: the single place where options are declared.
const std::vector<Option>& Options() {
  static const std::vector<Option> options{
      Integer(
          "pipeline.workers",
          "Threads for the stateless stages (decode, clean, language, fingerprint); 0: one per "
          "core.",
          [](Config& c) -> uint32_t& { return c.pipeline.workers; }, 0, 256),
      Bytes(
          "limits.max_item_bytes",
          "Largest raw record accepted; a larger one is rejected (too_large) without being parsed.",
          [](Config& c) -> uint64_t& { return c.limits.max_item_bytes; }, 1 << 10, 1ull << 30),
      Integer(
          "limits.max_depth",
          "Deepest JSON nesting accepted in a raw record; deeper is rejected (too_deep).",
          [](Config& c) -> uint32_t& { return c.limits.max_depth; }, 2, 1024),
      Bytes(
          "limits.max_field_bytes",
          "Longest single string field (body, headline, ...) accepted; longer is rejected "
          "(too_large).",
          [](Config& c) -> uint64_t& { return c.limits.max_field_bytes; }, 1 << 10, 1ull << 30),
      Path(
          "clean.boilerplate_file",
          "Boilerplate patterns (YAML, see config/reference/boilerplate.yaml); empty: the built-in "
          "ones.",
          [](Config& c) -> std::string& { return c.clean.boilerplate_file; }, "(built in)"),
      Path(
          "enrich.reference_dir",
          "Reference data for enrichment: a folder with sources.yaml, mediatopics.yaml and "
          "gazetteer/*.yaml (see config/reference/); empty: the built-in data.",
          [](Config& c) -> std::string& { return c.enrich.reference_dir; }, "(built in)"),
      Duration(
          "dedup.horizon",
          "How long, in record time, an article can be repeated or updated; older ones are "
          "forgotten.",
          [](Config& c) -> int64_t& { return c.dedup.horizon_ms; }, 1000,
          int64_t{3650} * 86'400'000),
      Ratio("dedup.near_threshold",
            "Least similarity (estimated Jaccard of word 3-shingles) for a near duplicate.",
            [](Config& c) -> double& { return c.dedup.near_threshold; }),
      Path(
          "state.dir",
          "The state directory (RocksDB); empty: process uses a temporary one, removed at exit.",
          [](Config& c) -> std::string& { return c.state.dir; }, "(temporary)"),
      String(
          "kafka.brokers",
          "Bootstrap brokers (host:port,...), or 'embedded' for a Kafka cluster inside the "
          "process (librdkafka's mock cluster: demos only, it has no exactly-once).",
          [](Config& c) -> std::string& { return c.kafka.brokers; }, false),
      String(
          "kafka.group", "Consumer group of the run job; its instances share the input.",
          [](Config& c) -> std::string& { return c.kafka.group; }, false),
      List("kafka.input_topics", "Raw topics read (comma-separated).",
           [](Config& c) -> std::vector<std::string>& { return c.kafka.input_topics; }),
      String(
          "kafka.articles_topic", "Where articles and updates go.",
          [](Config& c) -> std::string& { return c.kafka.articles_topic; }, false),
      String(
          "kafka.duplicates_topic", "Where duplicates go.",
          [](Config& c) -> std::string& { return c.kafka.duplicates_topic; }, false),
      String(
          "kafka.dead_letter_topic",
          "Where unusable records go: the original bytes, the reason in headers.",
          [](Config& c) -> std::string& { return c.kafka.dead_letter_topic; }, false),
      String(
          "kafka.changelog_topic",
          "The state's changelog (compacted), the truth the state store is rebuilt from; "
          "empty: <kafka.group>.changelog.",
          [](Config& c) -> std::string& { return c.kafka.changelog_topic; }, true),
      String(
          "kafka.reference_topic",
          "Reference data for enrichment (compacted; written by `copydesk reference load "
          "--kafka`), followed by every instance; empty: <kafka.group>.reference.",
          [](Config& c) -> std::string& { return c.kafka.reference_topic; }, true),
      DeliveryChoice(),
      String(
          "kafka.transactional_id",
          "Transactional id of this instance (unique per instance); empty: <group>-<host "
          "name>.",
          [](Config& c) -> std::string& { return c.kafka.transactional_id; }, true),
      Bool("kafka.create_topics",
           "Create missing topics at start-up (else a missing topic stops the job).",
           [](Config& c) -> bool& { return c.kafka.create_topics; }),
      Integer(
          "kafka.topic_partitions", "Partitions of the topics copydesk creates.",
          [](Config& c) -> uint32_t& { return c.kafka.topic_partitions; }, 1, 10'000),
      Integer(
          "kafka.batch_records", "Most records in a batch (one transaction).",
          [](Config& c) -> uint32_t& { return c.kafka.batch_records; }, 1, 1'000'000),
      Bytes(
          "kafka.batch_bytes", "Most raw bytes in a batch.",
          [](Config& c) -> uint64_t& { return c.kafka.batch_bytes; }, 1 << 10, 1ull << 30),
      Duration(
          "kafka.batch_wait", "Longest a batch stays open waiting for more records.",
          [](Config& c) -> int64_t& { return c.kafka.batch_wait_ms; }, 1, 60'000),
      Duration(
          "kafka.shutdown_timeout",
          "On SIGINT/SIGTERM, the most time to finish the batch and leave the group; then the "
          "process exits anyway (the open transaction is aborted by the broker).",
          [](Config& c) -> int64_t& { return c.kafka.shutdown_timeout_ms; }, 1000, 3'600'000),
      ListenAddress(),
  };
  return options;
}

const Option* FindOption(std::string_view key) {
  for (const auto& option : Options()) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string UnknownKeyMessage(std::string_view where, std::string_view key) {
  const Option* closest = nullptr;
  size_t best = 4;  // suggest only near misses
  for (const auto& option : Options()) {
    const size_t d = EditDistance(key, option.key);
    if (d < best) {
      best = d;
      closest = &option;
    }
  }
  if (closest != nullptr) {
    return fmt::format("{}: unknown option '{}'; did you mean '{}'?", where, key, closest->key);
  }
  return fmt::format("{}: unknown option '{}'; see config/copydesk.yaml for every option", where,
                     key);
}

class Loader {
 public:
  Loader() {
    for (const auto& option : Options()) {
      const std::string value = option.get(config_);
      values_.push_back({std::string(option.key), std::string(option.type),
                         std::string(option.description), value, value, "default"});
    }
  }

  Status Set(const std::string& key, const std::string& text, const std::string& origin) {
    if (key.starts_with(kPropertiesPrefix)) return SetProperty(key, text, origin);
    const Option* option = FindOption(key);
    if (option == nullptr) return Status::InvalidArgument(UnknownKeyMessage(origin, key));
    if (Status s = option->set(config_, text); !s.ok()) {
      return Status::InvalidArgument(fmt::format("{}: option '{}': {}", origin, key, s.message()));
    }
    for (auto& value : values_) {
      if (value.key == key) {
        value.value = option->get(config_);
        value.origin = origin;
      }
    }
    return Status::Ok();
  }

  // Walks nested maps, joining keys with dots: `limits: {max_depth: 8}` is limits.max_depth.
  Status SetYaml(const YAML::Node& node, const std::string& prefix, const std::string& origin) {
    if (node.IsNull() && prefix.empty()) return Status::Ok();  // an empty file
    if (!node.IsMap()) {
      if (prefix.empty())
        return Status::InvalidArgument(origin + ": the top level must be a mapping");
      if (!node.IsScalar()) {
        return Status::InvalidArgument(fmt::format(
            "{}: option '{}' takes a single value, not a list or a mapping", origin, prefix));
      }
      return Set(prefix, node.Scalar(), origin);
    }
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        return Status::InvalidArgument(fmt::format("{}: a key under '{}' is not a plain name",
                                                   origin,
                                                   prefix.empty() ? "the top level" : prefix));
      }
      const std::string key = (prefix.empty() ? "" : prefix + ".") + entry.first.Scalar();
      if (entry.second.IsNull()) {
        return Status::InvalidArgument(fmt::format("{}: option '{}' has no value", origin, key));
      }
      if (Status s = SetYaml(entry.second, key, origin); !s.ok()) return s;
    }
    return Status::Ok();
  }

  LoadedConfig Finish() { return {std::move(config_), std::move(values_)}; }

 private:
  // kafka.properties.<librdkafka property>: passed through; librdkafka checks it at start-up.
  Status SetProperty(const std::string& key, const std::string& text, const std::string& origin) {
    const std::string name = key.substr(kPropertiesPrefix.size());
    if (auto it = OwnedProperties().find(name); it != OwnedProperties().end()) {
      return Status::InvalidArgument(
          fmt::format("{}: option '{}': copydesk sets '{}' itself; use the option {}", origin, key,
                      name, it->second));
    }
    config_.kafka.properties[name] = text;
    const std::string shown = IsSecretProperty(name) ? "(secret)" : text;
    for (auto& value : values_) {
      if (value.key == key) {
        value.value = shown;
        value.origin = origin;
        return Status::Ok();
      }
    }
    values_.push_back({key, "property", "librdkafka property", "", shown, origin});
    return Status::Ok();
  }

 public:
 private:
  Config config_;
  std::vector<OptionValue> values_;
};

}  // namespace

std::string EnvironmentName(const std::string& key) {
  std::string name = "COPYDESK_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

bool IsSecretProperty(const std::string& name) {
  for (std::string_view word : {"password", "secret", "key", "jaas", "oauthbearer.config"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> OptionKeys() {
  std::vector<std::string> keys;
  for (const auto& option : Options()) keys.emplace_back(option.key);
  return keys;
}

Environment ProcessEnvironment() {
  Environment environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    const size_t eq = text.find('=');
    if (eq != std::string_view::npos) environment.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return environment;
}

Result<LoadedConfig> LoadConfig(const std::optional<std::filesystem::path>& file,
                                const Environment& environment) {
  Loader loader;
  if (file) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(*file, error)) {
      return Status::InvalidArgument(
          fmt::format("--config {}: cannot read the file (not a regular file)", file->string()));
    }
    try {  // yaml-cpp reports errors by exception; none leaves this function
      const YAML::Node root = YAML::LoadFile(file->string());
      if (Status s = loader.SetYaml(root, "", file->string()); !s.ok()) return s;
    } catch (const YAML::BadFile&) {
      return Status::InvalidArgument(
          fmt::format("--config {}: cannot read the file", file->string()));
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument(
          fmt::format("--config {}: not valid YAML: {}", file->string(), e.what()));
    } catch (const std::exception& e) {
      return Status::InvalidArgument(fmt::format("--config {}: {}", file->string(), e.what()));
    }
  }
  // Options are matched by name so that an unknown COPYDESK_ variable is reported, not ignored.
  std::map<std::string, std::string> by_env_name;
  for (const auto& key : OptionKeys()) by_env_name[EnvironmentName(key)] = key;
  const std::string properties_env = EnvironmentName(std::string(kPropertiesPrefix));
  for (const auto& [name, value] : environment) {
    if (!name.starts_with("COPYDESK_")) continue;
    // COPYDESK_KAFKA_PROPERTIES_SASL_PASSWORD -> kafka.properties.sasl.password
    if (name.starts_with(properties_env) && name.size() > properties_env.size()) {
      std::string property = Lower(name.substr(properties_env.size()));
      std::replace(property.begin(), property.end(), '_', '.');
      if (Status s = loader.Set(std::string(kPropertiesPrefix) + property, value, name); !s.ok())
        return s;
      continue;
    }
    auto it = by_env_name.find(name);
    if (it == by_env_name.end()) {
      return Status::InvalidArgument(fmt::format(
          "environment variable {} names no option; remove it or see config/copydesk.yaml", name));
    }
    if (Status s = loader.Set(it->second, value, name); !s.ok()) return s;
  }
  return loader.Finish();
}

std::optional<int64_t> ParseDurationMillis(const std::string& text) {
  return ParseDuration(text);
}

}  // namespace copydesk::config
