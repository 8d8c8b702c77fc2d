// The copydesk subcommands. Each registers its flags on the CLI and runs once parsed.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "copydesk/config/config.h"
#include "copydesk/pipeline/processor.h"

namespace copydesk::cli {

// Exit statuses shared by every subcommand (DESIGN.md, "Command line").
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work could not be finished (I/O error, ...)
inline constexpr int kExitUsage = 2;    // bad command line or config: nothing was done

// Loads --config (optional) and the environment; prints the error and returns nullopt.
std::optional<config::LoadedConfig> LoadConfigOrReport(
    const std::optional<std::filesystem::path>& file);

// The closing summary of a run (records, types, languages, dedup, rejects) on stderr.
void PrintSummary(std::string_view command, const pipeline::Summary& summary, double seconds);

// A registered subcommand and what runs when the command line chose it.
struct Command {
  CLI::App* subcommand;
  std::function<int()> run;  // returns the exit status
};

Command AddProcessCommand(CLI::App& app);
Command AddCheckConfigCommand(CLI::App& app);
Command AddStateCommand(CLI::App& app);
Command AddDemoCommand(CLI::App& app);
Command AddRunCommand(CLI::App& app);
Command AddReferenceCommand(CLI::App& app);
Command AddReplayCommand(CLI::App& app);

}  // namespace copydesk::cli
