// librdkafka's statistics (the JSON its stats callback emits every statistics.interval.ms),
// read for what the metrics show of a consumer: its lag per partition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

namespace copydesk::kafka {

struct PartitionLag {
  std::string topic;
  int32_t partition = -1;
  int64_t lag = 0;              // records from the job's position to the partition's end
  int64_t high_watermark = -1;  // the partition's end, as last fetched
  int64_t committed = -1;       // the group's committed offset (-1001: none yet)
};

// The partitions this consumer fetches (fetch_state not "none") whose lag librdkafka knows,
// in the order of the JSON. Fails on JSON that is not librdkafka statistics.
Result<std::vector<PartitionLag>> ParseConsumerLag(std::string_view statistics_json);

}  // namespace copydesk::kafka
