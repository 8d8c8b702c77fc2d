#include "progress_line.h"

#include <unistd.h>

#include <cmath>

#include <fmt/format.h>

namespace copydesk::cli {
namespace {

// 1234567 -> "1,234,567"
std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

std::string Clock(double seconds) {
  const auto s = static_cast<uint64_t>(std::llround(seconds));
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

ProgressLine::ProgressLine(std::string command, bool live)
    : command_(std::move(command)), live_(live) {}

bool ProgressLine::OnTerminal() {
  return ::isatty(STDERR_FILENO) != 0;
}

std::string ProgressLine::Format(const ProgressCounts& counts, double seconds) {
  std::string line = Thousands(counts.records);
  if (counts.records_total > 0) line += " of " + Thousands(counts.records_total);
  line += " records";
  const double rate = seconds > 0 ? static_cast<double>(counts.records) / seconds : 0;
  line += fmt::format(", {}/s", Thousands(static_cast<uint64_t>(rate)));
  if (counts.bytes_total > 0) {
    line += fmt::format(", {:.1f} of {:.1f} MB", static_cast<double>(counts.bytes) / 1e6,
                        static_cast<double>(counts.bytes_total) / 1e6);
  }
  // Done as a share of whichever total is known: records, else bytes.
  double done = -1;
  if (counts.records_total > 0) {
    done = static_cast<double>(counts.records) / static_cast<double>(counts.records_total);
  } else if (counts.bytes_total > 0) {
    done = static_cast<double>(counts.bytes) / static_cast<double>(counts.bytes_total);
  }
  if (done >= 0) {
    done = std::min(done, 1.0);
    line += fmt::format(" ({:.0f}%)", done * 100);
    if (done > 0 && seconds > 0) line += ", " + Clock(seconds * (1 - done) / done) + " left";
  }
  if (!counts.detail.empty()) line += fmt::format(", {}", counts.detail);
  return line;
}

void ProgressLine::Update(const ProgressCounts& counts) {
  if (!live_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_once_ && now - drawn_ < std::chrono::milliseconds(500)) return;
  drawn_ = now;
  drawn_once_ = true;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  // \x1b[K clears what a longer line before left.
  fmt::print(stderr, "\rcopydesk {}: {}\x1b[K", command_, Format(counts, seconds));
}

void ProgressLine::Finish() {
  if (!live_ || !drawn_once_) return;
  fmt::print(stderr, "\n");
  drawn_once_ = false;
}

}  // namespace copydesk::cli
