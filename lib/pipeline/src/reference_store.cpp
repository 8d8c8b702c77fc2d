#include "copydesk/pipeline/reference_store.h"

#include <sstream>

namespace copydesk::pipeline {
namespace {

constexpr std::string_view kManifestKey = "reference.files";  // the file names, one a line
constexpr std::string_view kVersionKey = "reference.version";
std::string FileKey(std::string_view name) {
  return "reference.file." + std::string(name);
}

}  // namespace

Status StoreReference(state::StateStore& store, const enrich::Reference& reference) {
  std::string manifest;
  for (const auto& file : reference.files()) {
    store.Put(state::Family::kMeta, FileKey(file.name), file.text);
    manifest += file.name + "\n";
  }
  store.Put(state::Family::kMeta, kManifestKey, manifest);
  store.Put(state::Family::kMeta, kVersionKey, reference.version());
  return store.Commit();
}

Result<std::shared_ptr<const enrich::Reference>> LoadStoredReference(
    const state::StateStore& store) {
  auto manifest = store.Get(state::Family::kMeta, kManifestKey);
  if (!manifest.ok()) return manifest.status();
  if (!*manifest) return std::shared_ptr<const enrich::Reference>();
  std::vector<enrich::ReferenceFile> files;
  std::istringstream names(**manifest);
  for (std::string name; std::getline(names, name);) {
    auto text = store.Get(state::Family::kMeta, FileKey(name));
    if (!text.ok()) return text.status();
    if (!*text) return Status::Corruption("the state's reference data lacks " + name);
    files.push_back({name, std::move(**text)});
  }
  auto reference = enrich::Reference::Build(std::move(files));
  if (!reference.ok()) {
    return Status::Corruption("the state's reference data: " + reference.status().message());
  }
  return std::move(reference).value();
}

Result<std::shared_ptr<const enrich::Reference>> ChooseReference(
    const config::Config& config, const state::StateStore* store,
    std::shared_ptr<const enrich::Reference> fallback) {
  if (config.enrich.reference_dir.empty() && store != nullptr) {
    auto stored = LoadStoredReference(*store);
    if (!stored.ok()) {
      return Status::Corruption(store->dir().string() + ": " + stored.status().message());
    }
    if (*stored) return std::move(stored).value();
  }
  return fallback;
}

}  // namespace copydesk::pipeline
