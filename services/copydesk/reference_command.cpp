// `copydesk reference`: check reference data, load it into a state store, show what a job
// would enrich with.
#include <fmt/format.h>

#include "commands.h"
#include "copydesk/enrich/reference.h"
#include "copydesk/pipeline/reference_store.h"
#include "copydesk/pipeline/reference_topic.h"
#include "copydesk/state/store.h"

namespace copydesk::cli {
namespace {

struct ReferenceFlags {
  std::optional<std::filesystem::path> config;
  std::string state_dir;
  std::string dir;
  bool kafka = false;
};

int Fail(const Status& status) {
  fmt::print(stderr, "copydesk reference: {}\n", status.message());
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound
             ? kExitUsage
             : kExitFailure;
}

void Describe(const enrich::Reference& reference, std::string_view where) {
  size_t top_level = 0;
  for (size_t t = 0; t < reference.topics().topics(); ++t) {
    top_level +=
        reference.topics().topic(static_cast<uint32_t>(t)).parent == enrich::Topic::kNoParent;
  }
  fmt::print("reference {} ({})\n", reference.version(), where);
  fmt::print("  sources             {}\n", reference.sources().size());
  fmt::print("  entities            {} ({} aliases)\n", reference.gazetteer().entities(),
             reference.gazetteer().aliases());
  fmt::print("  Media Topics        {} ({} top level, {} keywords)\n", reference.topics().topics(),
             top_level, reference.topics().keywords());
  fmt::print("  gazetteer in memory {:.1f} MiB\n", reference.gazetteer().MemoryBytes() / 1048576.0);
  for (const auto& file : reference.files()) {
    fmt::print("  file {:<28} {:>9} bytes\n", file.name, file.text.size());
  }
}

int Load(const ReferenceFlags& flags, const config::Config& config) {
  auto files = enrich::ReadReferenceDir(flags.dir);
  if (!files.ok()) return Fail(Status::InvalidArgument("--dir " + files.status().message()));
  auto reference = enrich::Reference::Build(std::move(files).value());
  if (!reference.ok()) return Fail(reference.status());
  if (flags.kafka) {
    const kafka::KafkaOptions& options = config.kafka;
    if (options.brokers == "embedded") {
      return Fail(Status::InvalidArgument(
          "--kafka needs a real cluster: set kafka.brokers (the embedded one lives only inside "
          "its own process)"));
    }
    kafka::Properties client = options.properties;
    client["bootstrap.servers"] = options.brokers;
    const std::string topic =
        options.reference_topic.empty() ? options.group + ".reference" : options.reference_topic;
    if (Status s = pipeline::PublishReference(client, topic, **reference, options.create_topics);
        !s.ok()) {
      return Fail(s);
    }
    Describe(**reference, "published to " + topic);
    return kExitOk;
  }
  if (config.state.dir.empty()) {
    return Fail(Status::InvalidArgument(
        "no state directory: give --state DIR (or state.dir in the config)"));
  }
  auto store = state::StateStore::Open(config.state.dir);
  if (!store.ok()) return Fail(store.status());
  if (Status s = pipeline::StoreReference(**store, **reference); !s.ok()) return Fail(s);
  Describe(**reference, "loaded into " + config.state.dir);
  return kExitOk;
}

int Show(const config::Config& config) {
  std::unique_ptr<state::StateStore> store;
  if (!config.state.dir.empty() && config.enrich.reference_dir.empty()) {
    auto opened = state::StateStore::Open(config.state.dir);
    if (!opened.ok()) return Fail(opened.status());
    store = std::move(opened).value();
  }
  auto resources = pipeline::LoadResources(config);
  if (!resources.ok()) return Fail(resources.status());
  auto reference = pipeline::ChooseReference(config, store.get(), resources->reference);
  if (!reference.ok()) return Fail(reference.status());
  const bool built_in = *reference == enrich::Reference::BuiltIn();
  Describe(**reference, !config.enrich.reference_dir.empty() ? config.enrich.reference_dir
                        : built_in                           ? std::string("built in")
                                                             : "state " + config.state.dir);
  return kExitOk;
}

}  // namespace

Command AddReferenceCommand(CLI::App& app) {
  auto flags = std::make_shared<ReferenceFlags>();
  CLI::App* sub = app.add_subcommand(
      "reference", "Reference data for enrichment (publishers, gazetteer, Media Topics)");
  sub->require_subcommand(1);
  CLI::App* load = sub->add_subcommand(
      "load", "Check a reference folder and load it into the state store, replacing what it had");
  load->add_option("--dir", flags->dir, "The folder: sources.yaml, mediatopics.yaml, gazetteer/")
      ->required();
  load->add_flag("--kafka", flags->kafka,
                 "Publish it to the reference topic (kafka.reference_topic) instead, for every "
                 "running instance");
  CLI::App* show = sub->add_subcommand(
      "show", "Show the reference data a job would use: its version, sizes and files");
  for (CLI::App* command : {load, show}) {
    command->add_option("--config", flags->config, "YAML config file");
    command->add_option("--state", flags->state_dir,
                        "State directory (default: state.dir of the config)");
  }
  return {sub, [flags, load] {
            auto loaded = LoadConfigOrReport(flags->config);
            if (!loaded) return kExitUsage;
            if (!flags->state_dir.empty()) loaded->config.state.dir = flags->state_dir;
            return load->parsed() ? Load(*flags, loaded->config) : Show(loaded->config);
          }};
}

}  // namespace copydesk::cli
