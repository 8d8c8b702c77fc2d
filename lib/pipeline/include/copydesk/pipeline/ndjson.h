// Newline-delimited JSON files: a line reader with bounded memory and a buffered writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "copydesk/core/status.h"

namespace copydesk::pipeline {

struct Line {
  std::string_view bytes;  // without the newline (or CR LF); empty when oversize
  uint64_t size = 0;       // the line's length in bytes, also when it was not kept
  bool oversize = false;   // longer than the reader's limit: skipped, only its size is known
  uint64_t number = 0;     // 1-based
};

// Reads lines from a file descriptor (not owned). Memory stays bounded by `max_line_bytes`
// whatever the input: a longer line is skipped and reported by its size. `Line::bytes` points
// into the reader's buffer and is valid until the next call to Next.
class LineReader {
 public:
  LineReader(int fd, uint64_t max_line_bytes);

  // True with the next line; false at the end of the input; an error if reading fails.
  Result<bool> Next(Line& line);

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  Status Fill();  // reads more after compacting; sets eof_

  int fd_;
  uint64_t max_line_bytes_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t number_ = 0;
  uint64_t bytes_read_ = 0;
};

// Buffered writes to a file descriptor (not owned).
class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) { buffer_.reserve(kFlushBytes * 2); }

  // Appends `text` and a newline; writes out when the buffer is full.
  Status WriteLine(std::string_view text);
  Status Flush();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  int fd_;
  std::string buffer_;
};

}  // namespace copydesk::pipeline
