// A live progress line for long work, on a terminal only: rate, done of total where known,
// time left. Off a terminal (a log, a pipe, CI) it prints nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace copydesk::cli {

struct ProgressCounts {
  uint64_t records = 0;
  uint64_t records_total = 0;  // 0: unknown
  uint64_t bytes = 0;
  uint64_t bytes_total = 0;      // 0: unknown
  std::string_view detail = {};  // appended as it is ("12 duplicates, 3 rejected")
};

class ProgressLine {
 public:
  // `live`: whether to draw (by default, whether standard error is a terminal).
  explicit ProgressLine(std::string command, bool live = OnTerminal());
  ~ProgressLine() { Finish(); }

  bool live() const { return live_; }
  // Redraws the line, at most twice a second.
  void Update(const ProgressCounts& counts);
  // Ends the line (once), so that what is printed next starts on a line of its own.
  void Finish();

  // The text of the line, for tests: "1,200 records, 400/s, 3.1 of 9.0 MB (34%), 0:14 left".
  static std::string Format(const ProgressCounts& counts, double seconds);

  // Whether standard error is a terminal.
  static bool OnTerminal();

 private:
  const std::string command_;
  const bool live_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
  bool drawn_once_ = false;
};

}  // namespace copydesk::cli
