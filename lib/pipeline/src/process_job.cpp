#include "copydesk/pipeline/process_job.h"

#include "copydesk/pipeline/dedup_stage.h"
#include "copydesk/pipeline/ndjson.h"
#include "copydesk/pipeline/reference_store.h"

namespace copydesk::pipeline {

constexpr uint64_t kCommitEvery = 1024;
// Lines go through the stateless stages in chunks (copied out of the reader's buffer), bounded
// by count and by bytes so that memory stays bounded whatever the input.
constexpr size_t kChunkLines = 256;
constexpr size_t kChunkBytes = 4 << 20;

Status RunProcessJob(const config::Config& config, int input_fd, int output_fd, Summary& summary,
                     const std::function<void(const Summary&, uint64_t)>& progress) {
  auto resources = LoadResources(config);
  if (!resources.ok()) return resources.status();
  LineReader reader(input_fd, config.limits.max_item_bytes);
  LineWriter writer(output_fd);
  auto dedup = DedupStage::Open(config);
  if (!dedup.ok()) return dedup.status();
  auto reference = ChooseReference(config, &(*dedup)->store(), resources->reference);
  if (!reference.ok()) return reference.status();
  resources->reference = std::move(reference).value();
  ProcessorPool pool(config, *resources, config.pipeline.workers);
  event::EventWriter json;
  std::vector<std::string> texts;  // never grows past kChunkLines: records point into it
  texts.reserve(kChunkLines);
  std::vector<Record> records;
  Line line;
  for (bool more = true; more;) {
    texts.clear();
    records.clear();
    size_t chunk_bytes = 0;
    while (records.size() < kChunkLines && chunk_bytes < kChunkBytes) {
      auto next = reader.Next(line);
      if (!next.ok()) return next.status();
      if (!(more = *next)) break;
      const std::string& text = texts.emplace_back(line.bytes);
      chunk_bytes += text.size();
      Record record{text, line.oversize ? line.size : 0, {}};
      record.origin.line = line.number;
      records.push_back(record);
    }
    pool.Process(records);
    for (size_t i = 0; i < records.size(); ++i) {
      ProcessorPool::Slot& slot = pool.slot(i);
      if (slot.article) (*dedup)->Apply(*slot.article, slot.event);
      summary.Count(slot.event);
      ++summary.records;
      // A bounded write batch; the decisions themselves never wait for it.
      if (summary.records % kCommitEvery == 0) {
        if (Status s = (*dedup)->Commit(); !s.ok()) return s;
      }
      if (Status s = writer.WriteLine(json.Write(slot.event)); !s.ok()) return s;
    }
    if (progress) progress(summary, reader.bytes_read());
  }
  summary.bytes = reader.bytes_read();
  if (Status s = (*dedup)->Commit(); !s.ok()) return s;
  return writer.Flush();
}

}  // namespace copydesk::pipeline
