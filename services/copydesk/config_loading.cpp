#include <fmt/format.h>

#include "commands.h"

namespace copydesk::cli {

std::optional<config::LoadedConfig> LoadConfigOrReport(
    const std::optional<std::filesystem::path>& file) {
  auto loaded = config::LoadConfig(file, config::ProcessEnvironment());
  if (!loaded.ok()) {
    fmt::print(stderr, "copydesk: {}\n", loaded.status().message());
    return std::nullopt;
  }
  return std::move(loaded).value();
}

}  // namespace copydesk::cli
