#include "copydesk/pipeline/process_job.h"

#include "copydesk/pipeline/dedup_stage.h"
#include "copydesk/pipeline/ndjson.h"

namespace copydesk::pipeline {

constexpr uint64_t kCommitEvery = 1024;

Status RunProcessJob(const config::Config& config, int input_fd, int output_fd, Summary& summary) {
  auto resources = LoadResources(config);
  if (!resources.ok()) return resources.status();
  LineReader reader(input_fd, config.limits.max_item_bytes);
  LineWriter writer(output_fd);
  auto dedup = DedupStage::Open(config);
  if (!dedup.ok()) return dedup.status();
  Processor processor(config, *resources);
  event::EventWriter json;
  event::Event event;
  Line line;
  for (;;) {
    auto next = reader.Next(line);
    if (!next.ok()) return next.status();
    if (!*next) break;
    Record record{line.bytes, line.oversize ? line.size : 0, {}};
    record.origin.line = line.number;
    processor.Process(record, event);
    if (event.type != event::EventType::kRejected) {
      (*dedup)->Apply(processor.dedup_input(event), event);
    }
    summary.Count(event);
    ++summary.records;
    // A bounded write batch; the decisions themselves never wait for it.
    if (summary.records % kCommitEvery == 0) {
      if (Status s = (*dedup)->Commit(); !s.ok()) return s;
    }
    if (Status s = writer.WriteLine(json.Write(event)); !s.ok()) return s;
  }
  summary.bytes = reader.bytes_read();
  if (Status s = (*dedup)->Commit(); !s.ok()) return s;
  return writer.Flush();
}

}  // namespace copydesk::pipeline
