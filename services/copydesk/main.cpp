// copydesk: a real-time news stream processor. See README.md and docs/ARCHITECTURE.md.
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace copydesk::cli;
  CLI::App app{"copydesk: raw wire items in, clean IPTC ninjs article events out", "copydesk"};
  app.require_subcommand(1);
  app.set_version_flag("--version", COPYDESK_VERSION);

  const std::vector<Command> commands{
      AddRunCommand(app),    AddProcessCommand(app), AddCheckConfigCommand(app),
      AddStateCommand(app),  AddDemoCommand(app),    AddReferenceCommand(app),
      AddReplayCommand(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.subcommand->parsed()) return command.run();
  }
  return kExitUsage;
}
