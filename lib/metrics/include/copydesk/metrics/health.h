// Liveness and readiness of a long-running job, as /healthz and /readyz report them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace copydesk::metrics {

// Thread-safe: the job reports, the HTTP threads read.
class Health {
 public:
  // Alive while the main loop has made progress within `stall_after`.
  explicit Health(std::chrono::milliseconds stall_after = std::chrono::seconds(60));

  // The main loop went round (cheap: one atomic store; call it every iteration).
  void Progress();
  // Ready: serving its partitions with its state caught up and its producer open. `why_not`
  // says what is missing when not ("starting: reading the changelog").
  void SetReady(bool ready, std::string why_not = {});

  struct Report {
    bool ok = false;
    std::string text;  // one line, for the HTTP body
  };
  Report Live() const;
  Report Ready() const;
  // Unix seconds of the last progress (0 before any).
  double last_progress_unix_seconds() const;

 private:
  const std::chrono::milliseconds stall_after_;
  std::atomic<int64_t> last_progress_steady_ns_{0};
  std::atomic<int64_t> last_progress_unix_ms_{0};
  mutable std::mutex mutex_;
  bool ready_ = false;
  std::string why_not_ = "starting";
};

}  // namespace copydesk::metrics
