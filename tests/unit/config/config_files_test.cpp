// The configuration files shipped in config/ load, and config/copydesk.yaml documents every option.
#include "copydesk/config/config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "../common/test_support.h"

namespace copydesk::config {
namespace {

const std::filesystem::path kConfigDir = COPYDESK_SOURCE_DIR "/config";

// Every *.yaml directly in config/ must be a loadable copydesk configuration. (A YAML file of
// another kind, such as config/boilerplate.yaml, the text cleaner's pattern list, makes this
// fail: such files belong in a subfolder or need their own check.)
TEST(ShippedConfig, EveryYamlFileInConfigLoads) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConfigDir)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || ext != ".yaml") continue;
    ++files;
    const auto loaded = LoadConfig(entry.path(), {});
    EXPECT_TRUE(loaded.ok()) << entry.path() << ": " << loaded.status().message();
  }
  EXPECT_GE(files, 1u) << "no YAML file in " << kConfigDir;
}

TEST(ShippedConfig, CopydeskYamlStatesTheDefaults) {
  const auto loaded = LoadConfig(kConfigDir / "copydesk.yaml", {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  for (const auto& option : loaded->options) {
    EXPECT_EQ(option.value, option.default_value) << option.key << " differs from its default";
  }
}

TEST(ShippedConfig, CopydeskYamlMentionsEveryOption) {
  const std::string yaml = testing_support::ReadFile(kConfigDir / "copydesk.yaml");
  ASSERT_FALSE(yaml.empty()) << "config/copydesk.yaml is missing or empty";
  for (const auto& key : OptionKeys()) {
    const std::string last = key.substr(key.rfind('.') + 1);
    EXPECT_CONTAINS(yaml, last + ":");
  }
}

}  // namespace
}  // namespace copydesk::config
