// libFuzzer target: arbitrary bytes through decode and event writing, as `process` does.
// Untrusted input must never crash copydesk, exhaust memory or take unbounded time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "copydesk/config/config.h"
#include "copydesk/event/event.h"
#include "copydesk/pipeline/processor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const copydesk::config::Config config = [] {
    copydesk::config::Config c;
    c.limits.max_item_bytes = 64 << 10;  // keep the fuzzer's inputs in the interesting range
    c.limits.max_field_bytes = 16 << 10;
    c.limits.max_depth = 16;
    return c;
  }();
  static copydesk::pipeline::Processor processor(config);
  static copydesk::event::EventWriter writer;
  copydesk::event::Event event;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  copydesk::pipeline::Record record{bytes, 0, {}};
  record.origin.line = 1;
  processor.Process(record, event);
  const std::string_view json = writer.Write(event);
  if (json.empty() || json.front() != '{' || json.back() != '}') __builtin_trap();
  return 0;
}
