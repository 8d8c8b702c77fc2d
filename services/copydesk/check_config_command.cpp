// `copydesk check-config`: validates the configuration and shows every effective value.
#include <fmt/format.h>

#include "commands.h"

namespace copydesk::cli {

Command AddCheckConfigCommand(CLI::App& app) {
  struct Flags {
    std::optional<std::filesystem::path> config;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand(
      "check-config",
      "Validate the configuration and print every option with its value and origin");
  sub->add_option("--config", flags->config, "YAML config file (default: built-in defaults)");
  return {sub, [flags] {
            auto loaded = LoadConfigOrReport(flags->config);
            if (!loaded) return kExitUsage;
            size_t width = 0;
            for (const auto& option : loaded->options) width = std::max(width, option.key.size());
            for (const auto& option : loaded->options) {
              fmt::print("{:<{}}  {:<8}  ({})\n", option.key, width, option.value, option.origin);
            }
            fmt::print("configuration OK{}\n", flags->config
                                                   ? fmt::format(": {}", flags->config->string())
                                                   : " (defaults)");
            return kExitOk;
          }};
}

}  // namespace copydesk::cli
