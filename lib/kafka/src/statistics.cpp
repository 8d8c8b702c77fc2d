#include "copydesk/kafka/statistics.h"

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>

namespace copydesk::kafka {

Result<std::vector<PartitionLag>> ParseConsumerLag(std::string_view statistics_json) {
  // The statistics come a few times a minute: a parser per call costs nothing that matters.
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(statistics_json.data(), statistics_json.size()).get(root)) {
    return Status::InvalidArgument(
        fmt::format("kafka statistics: not JSON: {}", simdjson::error_message(error)));
  }
  simdjson::dom::object topics;
  if (root["topics"].get(topics) != simdjson::SUCCESS) {
    return Status::InvalidArgument("kafka statistics: no \"topics\" object");
  }
  std::vector<PartitionLag> lags;
  for (auto [topic_name, topic] : topics) {
    simdjson::dom::object partitions;
    if (topic["partitions"].get(partitions) != simdjson::SUCCESS) continue;
    for (auto entry : partitions) {
      // (a named element, not a structured binding: clang 14 cannot capture those)
      const simdjson::dom::element partition = entry.value;
      int64_t id = -1;
      std::string_view fetch_state;
      if (partition["partition"].get(id) != simdjson::SUCCESS || id < 0) continue;  // -1: internal
      if (partition["fetch_state"].get(fetch_state) != simdjson::SUCCESS || fetch_state == "none")
        continue;  // known from metadata, not fetched by this consumer
      const auto field = [&](const char* name) {
        int64_t value = -1;
        return partition[name].get(value) == simdjson::SUCCESS ? value : int64_t{-1};
      };
      // librdkafka's own consumer_lag counts from the committed offset, which a transactional
      // job commits through its producer, unseen by the consumer. The lag here is from the
      // next record to be handed to the job (app_offset), else the committed offset, else the
      // partition's start (copydesk reads a partition without offsets from its beginning), to
      // its end (the last stable offset under read_committed, else the high mark).
      const int64_t stable = field("ls_offset");
      const int64_t high = field("hi_offset");
      const int64_t end = stable >= 0 ? stable : high;
      const int64_t committed = field("committed_offset");
      const int64_t application = field("app_offset");
      const int64_t position = application >= 0 ? application
                               : committed >= 0 ? committed
                                                : field("lo_offset");
      if (end < 0 || position < 0) continue;  // not known yet
      lags.push_back({std::string(topic_name), static_cast<int32_t>(id),
                      std::max<int64_t>(0, end - position), high, committed});
    }
  }
  return lags;
}

}  // namespace copydesk::kafka
