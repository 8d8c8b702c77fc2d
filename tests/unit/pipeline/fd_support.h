// File-descriptor helpers for the pipeline tests: temp files and pipes fed by a thread.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "copydesk/pipeline/ndjson.h"

namespace copydesk::pipeline {

// An fd closed at scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

inline Fd OpenForReading(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0) << "cannot open " << path;
  return Fd(fd);
}

inline Fd OpenForWriting(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  EXPECT_GE(fd, 0) << "cannot create " << path;
  return Fd(fd);
}

// A pipe whose write end is fed `data` by a thread, then closed; read from read_fd().
class FedPipe {
 public:
  explicit FedPipe(std::string data) : data_(std::move(data)) {
    ::signal(SIGPIPE, SIG_IGN);  // a reader that stops early must not kill the test
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_ = Fd(fds[0]);
    const int write_fd = fds[1];
    writer_ = std::thread([this, write_fd] {
      size_t done = 0;
      while (done < data_.size()) {
        // Small, uneven chunks so that lines straddle reads.
        const size_t chunk = std::min<size_t>(data_.size() - done, 4093);
        const ssize_t n = ::write(write_fd, data_.data() + done, chunk);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      ::close(write_fd);
    });
  }
  ~FedPipe() {
    read_.Close();  // unblocks the writer if the test stopped reading early
    writer_.join();
  }
  int read_fd() const { return read_.get(); }

 private:
  std::string data_;
  Fd read_{-1};
  std::thread writer_;
};

// What a LineReader returned, copied out of its buffer.
struct ReadLine {
  std::string bytes;
  uint64_t size = 0;
  bool oversize = false;
  uint64_t number = 0;
};

inline std::vector<ReadLine> ReadAllLines(int fd, uint64_t max_line_bytes,
                                          uint64_t* bytes_read = nullptr) {
  LineReader reader(fd, max_line_bytes);
  std::vector<ReadLine> lines;
  Line line;
  for (;;) {
    auto next = reader.Next(line);
    EXPECT_TRUE(next.ok()) << next.status().message();
    if (!next.ok() || !*next) break;
    lines.push_back({std::string(line.bytes), line.size, line.oversize, line.number});
  }
  if (bytes_read != nullptr) *bytes_read = reader.bytes_read();
  return lines;
}

}  // namespace copydesk::pipeline
