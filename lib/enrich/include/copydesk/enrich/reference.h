// The reference data the enrich stage reads: the source registry, the gazetteer and the
// Media Topic rules, built from YAML files (config/reference/). A version, the hash of the
// files, names what an article was enriched with; the same files always make the same
// version, wherever they are loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/enrich/gazetteer.h"
#include "copydesk/enrich/sources.h"
#include "copydesk/enrich/topics.h"
#include "copydesk/text/boilerplate.h"

namespace copydesk::enrich {

// One file of reference data: its path relative to the reference folder, and its text.
struct ReferenceFile {
  std::string name;  // "sources.yaml", "mediatopics.yaml", "gazetteer/people.yaml" ...
  std::string text;
};

class Reference {
 public:
  // Fails naming the file, the line and what is wrong.
  static Result<std::shared_ptr<const Reference>> Build(std::vector<ReferenceFile> files);
  // Built from the files copydesk carries compiled in (built once, then shared).
  static std::shared_ptr<const Reference> BuiltIn();

  const std::string& version() const { return version_; }
  const std::vector<ReferenceFile>& files() const { return files_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const SourceRegistry& sources() const { return sources_; }
  const TopicRules& topics() const { return topics_; }
  // The boilerplate of the sources that list their own, tagged with SiteRules::boilerplate_tag.
  const std::shared_ptr<const text::BoilerplatePatterns>& site_boilerplate() const {
    return site_boilerplate_;
  }

 private:
  std::string version_;
  std::vector<ReferenceFile> files_;
  Gazetteer gazetteer_;
  SourceRegistry sources_;
  TopicRules topics_;
  std::shared_ptr<const text::BoilerplatePatterns> site_boilerplate_;
};

// The files of a reference folder: sources.yaml, mediatopics.yaml and gazetteer/*.yaml.
Result<std::vector<ReferenceFile>> ReadReferenceDir(const std::filesystem::path& dir);
// The version the files make: "ref-" and 16 hex digits.
std::string ReferenceVersion(const std::vector<ReferenceFile>& files);

}  // namespace copydesk::enrich
