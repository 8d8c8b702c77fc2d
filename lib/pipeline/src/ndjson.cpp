#include "copydesk/pipeline/ndjson.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace copydesk::pipeline {

LineReader::LineReader(int fd, uint64_t max_line_bytes)
    : fd_(fd), max_line_bytes_(max_line_bytes), buffer_(max_line_bytes + 1 + (256 << 10)) {}

Status LineReader::Fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ < buffer_.size()) {
    const ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(fmt::format("reading the input: {}", std::strerror(errno)));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += static_cast<size_t>(n);
    bytes_read_ += static_cast<uint64_t>(n);
    break;  // one read per fill keeps latency low on pipes
  }
  return Status::Ok();
}

Result<bool> LineReader::Next(Line& line) {
  line = Line{};
  uint64_t skipped = 0;  // bytes of an oversize line already discarded
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const size_t available = end_ - begin_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    if (newline != nullptr || (eof_ && available > 0)) {
      size_t length = newline != nullptr ? static_cast<size_t>(newline - start) : available;
      begin_ += length + (newline != nullptr ? 1 : 0);
      line.number = ++number_;
      if (length > 0 && start[length - 1] == '\r') --length;  // CR LF line ends
      if (skipped > 0 || length > max_line_bytes_) {
        line.oversize = true;
        line.size = skipped + length;
        return true;
      }
      line.bytes = std::string_view(start, length);
      line.size = length;
      return true;
    }
    if (eof_) {
      if (skipped > 0) {  // an oversize last line without a newline
        line.number = ++number_;
        line.oversize = true;
        line.size = skipped;
        return true;
      }
      return false;
    }
    if (available > max_line_bytes_) {  // too long to keep: drop what we have, keep counting
      skipped += available;
      begin_ = end_ = 0;
    }
    if (Status s = Fill(); !s.ok()) return s;
  }
}

Status LineWriter::WriteLine(std::string_view text) {
  buffer_.append(text);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) return Flush();
  return Status::Ok();
}

Status LineWriter::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(fmt::format("writing the output: {}", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::Ok();
}

}  // namespace copydesk::pipeline
