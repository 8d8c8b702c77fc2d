// Reference data on Kafka: a compacted topic (`kafka.reference_topic`) that every instance of
// a cluster reads, so that `copydesk reference load --kafka` changes what all of them enrich
// with, without a restart. Each file is a record keyed "file/<name>" whose header
// `copydesk.reference.version` names the set it belongs to; a record keyed "manifest" (the
// version, then the file names, a line each) follows them and completes the set.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "copydesk/core/status.h"
#include "copydesk/enrich/reference.h"
#include "copydesk/kafka/client.h"

namespace copydesk::pipeline {

// Publishes `reference` to `topic` (created, compacted, when missing and `create`).
Status PublishReference(const kafka::Properties& client, const std::string& topic,
                        const enrich::Reference& reference, bool create);

// Follows the reference topic from its beginning.
class ReferenceTopicReader {
 public:
  // nullptr when the topic does not exist (nothing was ever published).
  static Result<std::unique_ptr<ReferenceTopicReader>> Open(const kafka::Properties& client,
                                                            const std::string& topic);

  // Reads what has arrived (`to_end`: everything up to the topic's end as it is now) and
  // returns the files of the newest complete set when it is newer than the last returned.
  Result<std::optional<std::vector<enrich::ReferenceFile>>> Poll(bool to_end);

 private:
  struct File {
    std::string version;
    std::string text;
  };
  std::optional<std::vector<enrich::ReferenceFile>> Complete();

  std::string topic_;
  std::unique_ptr<kafka::Consumer> consumer_;
  std::map<std::string, File> files_;
  std::string manifest_;  // the latest manifest's value
  std::string returned_;  // the version last returned
};

}  // namespace copydesk::pipeline
