#include "copydesk/metrics/health.h"

#include <fmt/format.h>

namespace copydesk::metrics {
namespace {

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Health::Health(std::chrono::milliseconds stall_after) : stall_after_(stall_after) {}

void Health::Progress() {
  last_progress_steady_ns_.store(SteadyNanos(), std::memory_order_relaxed);
  last_progress_unix_ms_.store(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count(),
                               std::memory_order_relaxed);
}

void Health::SetReady(bool ready, std::string why_not) {
  std::lock_guard lock(mutex_);
  ready_ = ready;
  why_not_ = std::move(why_not);
}

Health::Report Health::Live() const {
  const int64_t last = last_progress_steady_ns_.load(std::memory_order_relaxed);
  if (last == 0) return {true, "starting"};  // start-up has deadlines of its own
  const auto since = std::chrono::nanoseconds(SteadyNanos() - last);
  if (since > stall_after_) {
    return {false, fmt::format("stalled: no progress for {:.0f} s",
                               std::chrono::duration<double>(since).count())};
  }
  return {true, "ok"};
}

Health::Report Health::Ready() const {
  std::lock_guard lock(mutex_);
  if (ready_) return {true, "ready"};
  return {false, why_not_.empty() ? std::string("not ready") : why_not_};
}

double Health::last_progress_unix_seconds() const {
  return static_cast<double>(last_progress_unix_ms_.load(std::memory_order_relaxed)) / 1000.0;
}

}  // namespace copydesk::metrics
