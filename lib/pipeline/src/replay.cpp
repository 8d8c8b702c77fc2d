#include "copydesk/pipeline/replay.h"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "copydesk/config/config.h"
#include "copydesk/text/date.h"

namespace copydesk::pipeline {
namespace {

Status BadRange(std::string_view piece) {
  return Status::InvalidArgument(fmt::format(
      "--offsets: '{}' is not topic:partition:start-end (end exclusive, may be left out: "
      "news.raw:0:100-200,news.raw:3:500-)",
      piece));
}

bool ParseNumber(std::string_view text, int64_t& value) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && value >= 0;
}

}  // namespace

uint64_t ReplayPlan::records() const {
  uint64_t total = 0;
  for (const auto& range : ranges) total += range.records();
  return total;
}

Result<int64_t> ParseReplayTime(std::string_view text, int64_t now_ms) {
  if (text.starts_with('-')) {
    if (auto ago = config::ParseDurationMillis(std::string(text.substr(1)))) return now_ms - *ago;
  } else if (auto time = text::ParseDateTime(text)) {
    return *time;
  }
  return Status::InvalidArgument(fmt::format(
      "'{}' is not a time: give an RFC 3339 time (2026-11-20T06:00:00Z) or a time before now "
      "(-24h, -7d, -90m)",
      text));
}

Result<std::vector<ReplayRange>> ParseOffsetRanges(std::string_view text) {
  std::vector<ReplayRange> ranges;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view piece = text.substr(start, comma - start);
    start = comma + 1;
    if (piece.empty()) continue;
    // Kafka topic names have no colons ([a-zA-Z0-9._-]): the first two separate the parts.
    const size_t first = piece.find(':');
    const size_t second = first == std::string_view::npos ? first : piece.find(':', first + 1);
    if (second == std::string_view::npos) return BadRange(piece);
    ReplayRange range;
    range.topic = std::string(piece.substr(0, first));
    int64_t partition = 0;
    if (range.topic.empty() || !ParseNumber(piece.substr(first + 1, second - first - 1), partition))
      return BadRange(piece);
    range.partition = static_cast<int32_t>(partition);
    const std::string_view span = piece.substr(second + 1);
    const size_t dash = span.find('-');
    if (dash == std::string_view::npos || !ParseNumber(span.substr(0, dash), range.start))
      return BadRange(piece);
    range.end = -1;
    if (dash + 1 < span.size() && !ParseNumber(span.substr(dash + 1), range.end))
      return BadRange(piece);
    if (range.end >= 0 && range.end < range.start) return BadRange(piece);
    ranges.push_back(std::move(range));
  }
  if (ranges.empty()) return BadRange(text);
  return ranges;
}

Result<ReplayPlan> PlanReplay(const kafka::Properties& client, const ReplaySelection& selection,
                              int timeout_ms) {
  // The partitions: those --offsets names, else every partition of the topics.
  std::vector<ReplayRange> ranges = selection.offsets;
  if (ranges.empty()) {
    for (const auto& topic : selection.topics) {
      auto partitions = kafka::CountPartitions(client, topic, timeout_ms);
      if (!partitions.ok()) return partitions.status();
      for (int32_t p = 0; p < *partitions; ++p) ranges.push_back({topic, p, 0, -1});
    }
  }
  kafka::Properties properties = client;
  properties["isolation.level"] = "read_committed";  // its end is the last stable offset
  auto consumer = kafka::Consumer::Assign(properties, {});
  if (!consumer.ok()) return consumer.status();

  // Offsets of the window's bounds, asked for all partitions at once.
  const auto offsets_at =
      [&](int64_t time_ms) -> Result<std::map<std::pair<std::string, int32_t>, int64_t>> {
    std::vector<kafka::TopicPartition> times;
    for (const auto& r : ranges) times.push_back({r.topic, r.partition, time_ms});
    auto found = (*consumer)->OffsetsForTimes(times, timeout_ms);
    if (!found.ok()) return found.status();
    std::map<std::pair<std::string, int32_t>, int64_t> by_partition;
    for (const auto& p : *found) by_partition[{p.topic, p.partition}] = p.offset;
    return by_partition;
  };
  std::map<std::pair<std::string, int32_t>, int64_t> from, to;
  if (selection.from_ms) {
    auto found = offsets_at(*selection.from_ms);
    if (!found.ok()) return found.status();
    from = std::move(found).value();
  }
  if (selection.to_ms) {
    auto found = offsets_at(*selection.to_ms);
    if (!found.ok()) return found.status();
    to = std::move(found).value();
  }

  ReplayPlan plan;
  for (ReplayRange range : ranges) {
    auto marks = (*consumer)->Watermarks(range.topic, range.partition, timeout_ms);
    if (!marks.ok()) return marks.status();
    const int64_t low = marks->first;  // (not a structured binding: clang cannot capture those)
    const int64_t high = marks->second;
    const std::pair<std::string, int32_t> key{range.topic, range.partition};
    // A bound time with no record at or after it (-1) is the partition's end.
    const auto bound = [&](const auto& offsets) {
      const int64_t offset = offsets.at(key);
      return offset < 0 ? high : offset;
    };
    range.start = std::max(range.start, low);
    if (selection.from_ms) range.start = std::max(range.start, bound(from));
    range.end = range.end < 0 ? high : std::min(range.end, high);
    if (selection.to_ms) range.end = std::min(range.end, bound(to));
    if (range.end > range.start) plan.ranges.push_back(std::move(range));
  }
  return plan;
}

}  // namespace copydesk::pipeline
