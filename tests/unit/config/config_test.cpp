#include "copydesk/config/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "../common/test_support.h"

namespace copydesk::config {
namespace {

using testing_support::TempDir;

const OptionValue* Find(const LoadedConfig& loaded, const std::string& key) {
  for (const auto& option : loaded.options) {
    if (option.key == key) return &option;
  }
  return nullptr;
}

// Loads with a YAML file written to a fresh temp dir (when `yaml` is given) and `environment`.
Result<LoadedConfig> LoadYaml(const TempDir& dir, const std::string& yaml,
                              const Environment& environment = {}) {
  return LoadConfig(dir.Write("copydesk.yaml", yaml), environment);
}

// The error message of a load that must fail.
std::string ErrorOf(const Result<LoadedConfig>& result) {
  EXPECT_FALSE(result.ok()) << "the configuration was accepted";
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  return result.status().message();
}

TEST(LoadConfig, DefaultsWithoutFileOrEnvironment) {
  const auto loaded = LoadConfig(std::nullopt, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_item_bytes, 1u << 20);
  EXPECT_EQ(loaded->config.limits.max_depth, 32u);
  EXPECT_EQ(loaded->config.limits.max_field_bytes, 512u << 10);
  ASSERT_EQ(loaded->options.size(), OptionKeys().size());
  for (const auto& option : loaded->options) {
    EXPECT_EQ(option.origin, "default") << option.key;
    EXPECT_EQ(option.value, option.default_value) << option.key;
    EXPECT_FALSE(option.description.empty()) << option.key;
  }
  EXPECT_EQ(Find(*loaded, "limits.max_item_bytes")->value, "1MiB");
  EXPECT_EQ(Find(*loaded, "limits.max_item_bytes")->type, "bytes");
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->value, "32");
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->type, "integer");
  EXPECT_EQ(Find(*loaded, "limits.max_field_bytes")->value, "512KiB");
}

TEST(LoadConfig, OptionsAreListedInDeclarationOrder) {
  const auto loaded = LoadConfig(std::nullopt, {});
  ASSERT_TRUE(loaded.ok());
  const auto keys = OptionKeys();
  ASSERT_EQ(loaded->options.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(loaded->options[i].key, keys[i]);
  EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 10),
            (std::vector<std::string>{
                "pipeline.workers", "limits.max_item_bytes", "limits.max_depth",
                "limits.max_field_bytes", "clean.boilerplate_file", "enrich.reference_dir",
                "dedup.horizon", "dedup.near_threshold", "state.dir", "kafka.brokers"}));
}

TEST(LoadConfig, FileOverridesDefaultsWithTheFileAsOrigin) {
  TempDir dir;
  const auto path = dir.Write("copydesk.yaml", "limits:\n  max_depth: 8\n  max_item_bytes: 2MiB\n");
  const auto loaded = LoadConfig(path, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_depth, 8u);
  EXPECT_EQ(loaded->config.limits.max_item_bytes, 2u << 20);
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->origin, path.string());
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->value, "8");
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->default_value, "32");
  EXPECT_EQ(Find(*loaded, "limits.max_item_bytes")->origin, path.string());
  EXPECT_EQ(Find(*loaded, "limits.max_field_bytes")->origin, "default");
}

TEST(LoadConfig, DottedKeysInTheFile) {
  TempDir dir;
  const auto loaded = LoadYaml(dir, "limits.max_depth: 9\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_depth, 9u);
}

TEST(LoadConfig, EmptyFileKeepsDefaults) {
  TempDir dir;
  for (const char* yaml : {"", "# only a comment\n"}) {
    const auto loaded = LoadYaml(dir, yaml);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(loaded->config.limits.max_depth, 32u);
  }
}

TEST(LoadConfig, EnvironmentOverridesDefaults) {
  const auto loaded = LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_DEPTH", "8"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_depth, 8u);
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->origin, "COPYDESK_LIMITS_MAX_DEPTH");
}

TEST(LoadConfig, EnvironmentWinsOverTheFile) {
  TempDir dir;
  const auto loaded = LoadYaml(dir, "limits:\n  max_depth: 8\n  max_field_bytes: 4KiB\n",
                               {{"COPYDESK_LIMITS_MAX_DEPTH", "16"}, {"HOME", "/root"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_depth, 16u);
  EXPECT_EQ(Find(*loaded, "limits.max_depth")->origin, "COPYDESK_LIMITS_MAX_DEPTH");
  EXPECT_EQ(loaded->config.limits.max_field_bytes, 4u << 10);
  EXPECT_EQ(Find(*loaded, "limits.max_field_bytes")->origin,
            (dir.path() / "copydesk.yaml").string());
}

TEST(LoadConfig, OtherEnvironmentVariablesAreIgnored) {
  const auto loaded = LoadConfig(
      std::nullopt, {{"PATH", "/bin"}, {"COPYDESKX", "1"}, {"copydesk_limits_max_depth", "3"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.limits.max_depth, 32u);
}

TEST(LoadConfig, UnknownKeySuggestsTheNearOne) {
  TempDir dir;
  const std::string message = ErrorOf(LoadYaml(dir, "limits:\n  max_item_byte: 1MiB\n"));
  EXPECT_CONTAINS(message, "unknown option 'limits.max_item_byte'");
  EXPECT_CONTAINS(message, "did you mean 'limits.max_item_bytes'?");
  EXPECT_CONTAINS(message, (dir.path() / "copydesk.yaml").string());
}

TEST(LoadConfig, UnknownKeyWithoutANearOne) {
  TempDir dir;
  const std::string message = ErrorOf(LoadYaml(dir, "output:\n  format: avro\n"));
  EXPECT_CONTAINS(message, "unknown option 'output.format'");
  EXPECT_NOT_CONTAINS(message, "did you mean");
}

TEST(LoadConfig, UnknownEnvironmentVariableIsRejectedByName) {
  const std::string message =
      ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_DEPTHS", "8"}}));
  EXPECT_CONTAINS(message, "COPYDESK_LIMITS_MAX_DEPTHS");
  EXPECT_CONTAINS(message, "names no option");
}

TEST(LoadConfig, BadSizeNamesTheOption) {
  TempDir dir;
  const std::string message = ErrorOf(LoadYaml(dir, "limits:\n  max_item_bytes: 12XB\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_item_bytes'");
  EXPECT_CONTAINS(message, "'12XB' is not a size");
}

TEST(LoadConfig, BadSizeFromTheEnvironmentNamesTheVariable) {
  const std::string message =
      ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_FIELD_BYTES", "lots"}}));
  EXPECT_CONTAINS(message, "COPYDESK_LIMITS_MAX_FIELD_BYTES");
  EXPECT_CONTAINS(message, "option 'limits.max_field_bytes'");
}

TEST(LoadConfig, OutOfRangeValuesNameTheOption) {
  TempDir dir;
  std::string message = ErrorOf(LoadYaml(dir, "limits:\n  max_depth: 5000\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_depth'");
  EXPECT_CONTAINS(message, "out of range; use 2 to 1024");

  message = ErrorOf(LoadYaml(dir, "limits:\n  max_depth: 1\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_depth'");

  message = ErrorOf(LoadYaml(dir, "limits:\n  max_item_bytes: 100\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_item_bytes'");
  EXPECT_CONTAINS(message, "out of range; use 1KiB to 1GiB");

  message = ErrorOf(LoadYaml(dir, "limits:\n  max_field_bytes: 2GiB\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_field_bytes'");
}

TEST(LoadConfig, BadIntegerNamesTheOption) {
  TempDir dir;
  for (const char* value : {"eight", "-3", "8.5", "8 levels"}) {
    const std::string message =
        ErrorOf(LoadYaml(dir, std::string("limits:\n  max_depth: ") + value + "\n"));
    EXPECT_CONTAINS(message, "option 'limits.max_depth'");
    EXPECT_CONTAINS(message, "is not a whole number");
  }
}

TEST(LoadConfig, SizesWithUnits) {
  const std::pair<const char*, uint64_t> cases[] = {
      {"512KiB", 512u << 10}, {"1MiB", 1u << 20}, {"1048576", 1u << 20}, {"2 MiB", 2u << 20},
      {"64kb", 64000},        {"1GiB", 1u << 30}, {"1024b", 1024},       {"3mb", 3000000},
  };
  for (const auto& [text, bytes] : cases) {
    const auto loaded = LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_ITEM_BYTES", text}});
    ASSERT_TRUE(loaded.ok()) << text << ": " << loaded.status().message();
    EXPECT_EQ(loaded->config.limits.max_item_bytes, bytes) << text;
  }
}

TEST(LoadConfig, SizesAreShownInTheirLargestExactUnit) {
  const auto loaded = LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_ITEM_BYTES", "1048576"},
                                                {"COPYDESK_LIMITS_MAX_FIELD_BYTES", "1500"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(Find(*loaded, "limits.max_item_bytes")->value, "1MiB");
  EXPECT_EQ(Find(*loaded, "limits.max_field_bytes")->value, "1500");
}

TEST(LoadConfig, BoundsAreInclusive) {
  const auto low = LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_DEPTH", "2"},
                                             {"COPYDESK_LIMITS_MAX_ITEM_BYTES", "1KiB"}});
  ASSERT_TRUE(low.ok()) << low.status().message();
  const auto high = LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_DEPTH", "1024"},
                                              {"COPYDESK_LIMITS_MAX_ITEM_BYTES", "1GiB"}});
  ASSERT_TRUE(high.ok()) << high.status().message();
  EXPECT_EQ(high->config.limits.max_depth, 1024u);
  EXPECT_EQ(high->config.limits.max_item_bytes, 1u << 30);
}

TEST(LoadConfig, HugeSizeIsRejectedNotWrapped) {
  const std::string message = ErrorOf(
      LoadConfig(std::nullopt, {{"COPYDESK_LIMITS_MAX_ITEM_BYTES", "18446744073709551615GiB"}}));
  EXPECT_CONTAINS(message, "limits.max_item_bytes");
}

TEST(LoadConfig, TopLevelMustBeAMapping) {
  TempDir dir;
  for (const char* yaml : {"- limits\n- max_depth\n", "just a string\n", "42\n"}) {
    const std::string message = ErrorOf(LoadYaml(dir, yaml));
    EXPECT_CONTAINS(message, "the top level must be a mapping");
  }
}

TEST(LoadConfig, OptionWithoutValueOrWithAListIsRejected) {
  TempDir dir;
  std::string message = ErrorOf(LoadYaml(dir, "limits:\n  max_depth:\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_depth' has no value");
  message = ErrorOf(LoadYaml(dir, "limits:\n  max_depth: [1, 2]\n"));
  EXPECT_CONTAINS(message, "option 'limits.max_depth' takes a single value");
}

TEST(LoadConfig, InvalidYamlIsReportedWithThePath) {
  TempDir dir;
  const std::string message = ErrorOf(LoadYaml(dir, "limits: {max_depth: 8\n"));
  EXPECT_CONTAINS(message, (dir.path() / "copydesk.yaml").string());
  EXPECT_CONTAINS(message, "not valid YAML");
}

TEST(LoadConfig, MissingFileMessageNamesThePath) {
  TempDir dir;
  const auto path = dir.path() / "does-not-exist.yaml";
  const std::string message = ErrorOf(LoadConfig(path, {}));
  EXPECT_CONTAINS(message, path.string());
  EXPECT_CONTAINS(message, "cannot read the file");
}

TEST(LoadConfig, NonScalarKeyIsAnErrorNotAnException) {
  TempDir dir;
  for (const char* yaml : {"limits:\n  ? [max_depth, x]\n  : 8\n", "? {a: 1}\n: 2\n"}) {
    SCOPED_TRACE(yaml);
    try {
      const std::string message = ErrorOf(LoadYaml(dir, yaml));
      EXPECT_CONTAINS(message, (dir.path() / "copydesk.yaml").string());
    } catch (const std::exception& e) {
      ADD_FAILURE() << "LoadConfig threw instead of returning a Status: " << e.what();
    }
  }
}

TEST(LoadConfig, DirectoryIsNotAConfigFile) {
  TempDir dir;
  try {
    const std::string message = ErrorOf(LoadConfig(dir.path(), {}));
    EXPECT_CONTAINS(message, dir.path().string());
  } catch (const std::exception& e) {
    ADD_FAILURE() << "LoadConfig threw instead of returning a Status: " << e.what();
  }
}

TEST(EnvironmentName, MapsKeysToVariables) {
  EXPECT_EQ(EnvironmentName("limits.max_depth"), "COPYDESK_LIMITS_MAX_DEPTH");
  EXPECT_EQ(EnvironmentName("limits.max_item_bytes"), "COPYDESK_LIMITS_MAX_ITEM_BYTES");
  EXPECT_EQ(EnvironmentName("a.b.c"), "COPYDESK_A_B_C");
}

TEST(EnvironmentName, EveryOptionCanBeSetFromItsVariable) {
  for (const auto& key : OptionKeys()) {
    // A valid value of each option's type.
    const std::map<std::string, std::string> kValues{{"pipeline.workers", "3"},
                                                     {"limits.max_depth", "7"},
                                                     {"dedup.horizon", "36h"},
                                                     {"dedup.near_threshold", "0.8"},
                                                     {"kafka.delivery", "at_least_once"},
                                                     {"kafka.create_topics", "true"},
                                                     {"kafka.topic_partitions", "12"},
                                                     {"kafka.batch_records", "500"},
                                                     {"kafka.batch_wait", "250ms"},
                                                     {"kafka.shutdown_timeout", "10s"},
                                                     {"metrics.listen", "127.0.0.1:9464"}};
    const std::string value = kValues.count(key) ? kValues.at(key) : "7KiB";
    const auto loaded = LoadConfig(std::nullopt, {{EnvironmentName(key), value}});
    ASSERT_TRUE(loaded.ok()) << key << ": " << loaded.status().message();
    EXPECT_EQ(Find(*loaded, key)->origin, EnvironmentName(key));
    EXPECT_EQ(Find(*loaded, key)->value, value);
  }
}

TEST(LoadConfig, ReadsDurationsAndRatios) {
  auto loaded = LoadConfig(std::nullopt, {{"COPYDESK_DEDUP_HORIZON", "90m"}});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.dedup.horizon_ms, 90 * 60'000);
  EXPECT_EQ(Find(*loaded, "dedup.horizon")->value, "90m");
  EXPECT_EQ(Find(*loaded, "dedup.horizon")->default_value, "7d");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_DEDUP_HORIZON", "7 days"}})),
                  "not a duration");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_DEDUP_HORIZON", "0s"}})),
                  "out of range; use 1s to 3650d");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_DEDUP_NEAR_THRESHOLD", "1.5"}})),
                  "dedup.near_threshold': '1.5' is not a number from 0 to 1");
  EXPECT_EQ(Find(*LoadConfig(std::nullopt, {}), "state.dir")->value, "(temporary)");
}

TEST(ProcessEnvironment, ReadsTheRealEnvironment) {
  ASSERT_EQ(::setenv("COPYDESK_UNIT_TEST_PROBE", "a=b", 1), 0);
  const Environment environment = ProcessEnvironment();
  ::unsetenv("COPYDESK_UNIT_TEST_PROBE");
  ASSERT_TRUE(environment.count("COPYDESK_UNIT_TEST_PROBE"));
  EXPECT_EQ(environment.at("COPYDESK_UNIT_TEST_PROBE"), "a=b");
}

}  // namespace
}  // namespace copydesk::config

namespace copydesk::config {
namespace {

TEST(KafkaOptions, TopicListsBooleansAndDeliveryAreRead) {
  TempDir dir;
  auto loaded = LoadYaml(dir,
                         "kafka:\n  brokers: k1:9092,k2:9092\n  input_topics: a.raw, b.raw\n"
                         "  create_topics: yes\n  delivery: at_least_once\n  batch_wait: 20ms\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const kafka::KafkaOptions& kafka = loaded->config.kafka;
  EXPECT_EQ(kafka.brokers, "k1:9092,k2:9092");
  EXPECT_EQ(kafka.input_topics, (std::vector<std::string>{"a.raw", "b.raw"}));
  EXPECT_TRUE(kafka.create_topics);
  EXPECT_EQ(kafka.delivery, kafka::Delivery::kAtLeastOnce);
  EXPECT_EQ(kafka.batch_wait_ms, 20);
  EXPECT_EQ(Find(*loaded, "kafka.input_topics")->value, "a.raw,b.raw");
}

TEST(KafkaOptions, BadValuesNameTheOptionAndTheChoices) {
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_KAFKA_DELIVERY", "twice"}})),
                  "use exactly_once or at_least_once");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_KAFKA_CREATE_TOPICS", "maybe"}})),
                  "'maybe' is not true or false");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_KAFKA_INPUT_TOPICS", " , "}})),
                  "kafka.input_topics");
  EXPECT_CONTAINS(ErrorOf(LoadConfig(std::nullopt, {{"COPYDESK_KAFKA_BROKERS", ""}})),
                  "must not be empty");
}

TEST(KafkaOptions, PropertiesPassThroughAndSecretsAreNotShown) {
  TempDir dir;
  auto loaded = LoadYaml(dir,
                         "kafka:\n  properties:\n    security.protocol: SASL_SSL\n"
                         "    sasl:\n      mechanism: PLAIN\n      password: hunter2\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const auto& properties = loaded->config.kafka.properties;
  EXPECT_EQ(properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(properties.at("sasl.mechanism"), "PLAIN");
  EXPECT_EQ(properties.at("sasl.password"), "hunter2");
  EXPECT_EQ(Find(*loaded, "kafka.properties.security.protocol")->value, "SASL_SSL");
  EXPECT_EQ(Find(*loaded, "kafka.properties.sasl.password")->value, "(secret)");
  for (const auto& option : loaded->options) EXPECT_NOT_CONTAINS(option.value, "hunter2");

  // From the environment: underscores become dots.
  auto from_env = LoadConfig(std::nullopt, {{"COPYDESK_KAFKA_PROPERTIES_SASL_PASSWORD", "s3"}});
  ASSERT_TRUE(from_env.ok()) << from_env.status().message();
  EXPECT_EQ(from_env->config.kafka.properties.at("sasl.password"), "s3");
  EXPECT_EQ(Find(*from_env, "kafka.properties.sasl.password")->origin,
            "COPYDESK_KAFKA_PROPERTIES_SASL_PASSWORD");
}

TEST(KafkaOptions, PropertiesThatOptionsOwnAreRefused) {
  TempDir dir;
  const std::string message =
      ErrorOf(LoadYaml(dir, "kafka:\n  properties:\n    bootstrap.servers: x:9092\n"));
  EXPECT_CONTAINS(message, "kafka.properties.bootstrap.servers");
  EXPECT_CONTAINS(message, "use the option kafka.brokers");
}

}  // namespace
}  // namespace copydesk::config
