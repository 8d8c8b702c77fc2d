// `copydesk process`: NDJSON in, NDJSON events out, one line per line, in order, no Kafka.
#pragma once

#include <functional>

#include "copydesk/config/config.h"
#include "copydesk/core/status.h"
#include "copydesk/pipeline/processor.h"

namespace copydesk::pipeline {

// Reads `input_fd` to its end and writes one event line per input line to `output_fd`
// (neither is owned). Bad records become rejected events, not errors; only I/O fails, and a
// configured file that cannot be loaded (InvalidArgument, before anything is read).
// `progress` (optional) is told, after each chunk of records, the counts so far and the input
// bytes read.
Status RunProcessJob(const config::Config& config, int input_fd, int output_fd, Summary& summary,
                     const std::function<void(const Summary&, uint64_t)>& progress = {});

}  // namespace copydesk::pipeline
