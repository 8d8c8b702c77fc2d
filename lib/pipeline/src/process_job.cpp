#include "copydesk/pipeline/process_job.h"

#include "copydesk/pipeline/ndjson.h"

namespace copydesk::pipeline {

Status RunProcessJob(const config::Config& config, int input_fd, int output_fd, Summary& summary) {
  auto resources = LoadResources(config);
  if (!resources.ok()) return resources.status();
  LineReader reader(input_fd, config.limits.max_item_bytes);
  LineWriter writer(output_fd);
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
    summary.Count(event);
    ++summary.records;
    if (Status s = writer.WriteLine(json.Write(event)); !s.ok()) return s;
  }
  summary.bytes = reader.bytes_read();
  return writer.Flush();
}

}  // namespace copydesk::pipeline
