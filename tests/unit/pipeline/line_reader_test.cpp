#include <gtest/gtest.h>

#include <string>

#include "../common/test_support.h"
#include "copydesk/pipeline/ndjson.h"
#include "fd_support.h"

namespace copydesk::pipeline {
namespace {

using testing_support::TempDir;

constexpr uint64_t kMax = 1 << 20;

std::vector<ReadLine> ReadFileLines(const std::string& contents, uint64_t max = kMax,
                                    uint64_t* bytes_read = nullptr) {
  TempDir dir;
  const Fd fd = OpenForReading(dir.Write("input.ndjson", contents));
  return ReadAllLines(fd.get(), max, bytes_read);
}

std::vector<ReadLine> ReadPipeLines(const std::string& contents, uint64_t max = kMax) {
  FedPipe pipe(contents);
  return ReadAllLines(pipe.read_fd(), max);
}

TEST(LineReader, SplitsLinesAndNumbersThem) {
  const auto lines = ReadFileLines("first\nsecond\nthird\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].bytes, "first");
  EXPECT_EQ(lines[1].bytes, "second");
  EXPECT_EQ(lines[2].bytes, "third");
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].number, i + 1);
    EXPECT_EQ(lines[i].size, lines[i].bytes.size());
    EXPECT_FALSE(lines[i].oversize);
  }
}

TEST(LineReader, EmptyInputHasNoLines) {
  EXPECT_TRUE(ReadFileLines("").empty());
}

TEST(LineReader, CrLfIsStripped) {
  const auto lines = ReadFileLines("one\r\ntwo\r\n\r\nmid\rdle\r\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].bytes, "one");
  EXPECT_EQ(lines[0].size, 3u);
  EXPECT_EQ(lines[1].bytes, "two");
  EXPECT_EQ(lines[2].bytes, "");
  EXPECT_EQ(lines[3].bytes, "mid\rdle");  // only a CR before the LF is part of the line end
}

TEST(LineReader, LastLineWithoutNewline) {
  const auto lines = ReadFileLines("a\nlast");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].bytes, "last");
  EXPECT_EQ(lines[1].number, 2u);

  const auto crlf = ReadFileLines("a\r\nlast\r");
  ASSERT_EQ(crlf.size(), 2u);
  EXPECT_EQ(crlf[1].bytes, "last");
}

TEST(LineReader, EmptyLinesAreCounted) {
  const auto lines = ReadFileLines("a\n\n\nb\n\n");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[1].bytes, "");
  EXPECT_EQ(lines[2].bytes, "");
  EXPECT_EQ(lines[3].bytes, "b");
  EXPECT_EQ(lines[3].number, 4u);
  EXPECT_EQ(lines[4].bytes, "");
  EXPECT_EQ(lines[4].number, 5u);
  EXPECT_EQ(ReadFileLines("\n").size(), 1u);
}

TEST(LineReader, KeepsNulAndInvalidUtf8Bytes) {
  const std::string weird("a\0b\xE9\xFF", 5);
  const auto lines = ReadFileLines(weird + "\n" + weird);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].bytes, weird);
  EXPECT_EQ(lines[1].bytes, weird);
}

TEST(LineReader, CountsBytesRead) {
  const std::string input = "abc\r\n\nlast";
  uint64_t bytes_read = 0;
  ReadFileLines(input, kMax, &bytes_read);
  EXPECT_EQ(bytes_read, input.size());
}

TEST(LineReader, LineOfExactlyMaxBytesIsKept) {
  const std::string exact(1024, 'x');
  const auto lines = ReadFileLines(exact + "\n" + exact, 1024);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].oversize);
  EXPECT_EQ(lines[0].bytes, exact);
  EXPECT_FALSE(lines[1].oversize);
  EXPECT_EQ(lines[1].bytes, exact);
}

TEST(LineReader, LineOneByteOverMaxIsOversize) {
  const auto lines = ReadFileLines(std::string(1025, 'x') + "\nok\n", 1024);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].oversize);
  EXPECT_EQ(lines[0].size, 1025u);
  EXPECT_EQ(lines[0].bytes, "");
  EXPECT_EQ(lines[1].bytes, "ok");
}

TEST(LineReader, LineOfExactlyMaxBytesWithCrLfIsKept) {
  const std::string exact(1024, 'x');
  const auto lines = ReadFileLines(exact + "\r\nok\r\n", 1024);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].oversize);
  EXPECT_EQ(lines[0].size, 1024u);
  EXPECT_EQ(lines[0].bytes, exact);
  EXPECT_EQ(lines[1].bytes, "ok");
}

// A line several times the reader's whole buffer (1 KiB limit, 3 MiB line): reported with its
// exact size, and the lines around it are intact.
TEST(LineReader, HugeOversizeLineIsSkippedWithItsExactSize) {
  const uint64_t huge = 3 << 20;
  const std::string input = "before\n" + std::string(huge, 'h') + "\nafter\n{\"next\":1}\n";
  const auto lines = ReadFileLines(input, 1024);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].bytes, "before");
  EXPECT_TRUE(lines[1].oversize);
  EXPECT_EQ(lines[1].size, huge);
  EXPECT_EQ(lines[1].bytes, "");
  EXPECT_EQ(lines[1].number, 2u);
  EXPECT_FALSE(lines[2].oversize);
  EXPECT_EQ(lines[2].bytes, "after");
  EXPECT_EQ(lines[2].number, 3u);
  EXPECT_EQ(lines[3].bytes, "{\"next\":1}");
}

TEST(LineReader, HugeOversizeLineOverAPipe) {
  const uint64_t huge = (3 << 20) + 17;
  std::string input;
  for (int i = 0; i < 3; ++i)
    input += "small " + std::to_string(i) + "\n" + std::string(huge, 'p') + "\n";
  input += "end";
  const auto lines = ReadPipeLines(input, 1024);
  ASSERT_EQ(lines.size(), 7u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[2 * i].bytes, "small " + std::to_string(i));
    EXPECT_FALSE(lines[2 * i].oversize);
    EXPECT_TRUE(lines[2 * i + 1].oversize);
    EXPECT_EQ(lines[2 * i + 1].size, huge);
  }
  EXPECT_EQ(lines[6].bytes, "end");
  EXPECT_EQ(lines[6].number, 7u);
}

TEST(LineReader, ConsecutiveOversizeLines) {
  const std::string input = std::string(5000, 'a') + "\n" + std::string(300000, 'b') + "\n" +
                            std::string(2048, 'c') + "\nfine\n";
  const auto lines = ReadFileLines(input, 1024);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].size, 5000u);
  EXPECT_EQ(lines[1].size, 300000u);
  EXPECT_EQ(lines[2].size, 2048u);
  EXPECT_TRUE(lines[0].oversize && lines[1].oversize && lines[2].oversize);
  EXPECT_EQ(lines[3].bytes, "fine");
}

TEST(LineReader, OversizeLastLineWithoutNewline) {
  const auto lines = ReadFileLines("ok\n" + std::string(700000, 'z'), 1024);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[1].oversize);
  EXPECT_EQ(lines[1].size, 700000u);
  EXPECT_EQ(lines[1].number, 2u);
}

TEST(LineReader, ManyLinesOverAPipeArriveInOrder) {
  std::string input;
  for (int i = 1; i <= 20000; ++i) input += "{\"n\":" + std::to_string(i) + "}\n";
  const auto lines = ReadPipeLines(input, 1024);
  ASSERT_EQ(lines.size(), 20000u);
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(lines[i].bytes, "{\"n\":" + std::to_string(i + 1) + "}");
    ASSERT_EQ(lines[i].number, i + 1);
  }
}

TEST(LineReader, ReadErrorIsReported) {
  TempDir dir;
  const Fd fd = OpenForWriting(dir.path() / "write-only");  // reading it fails with EBADF
  LineReader reader(fd.get(), 1024);
  Line line;
  const auto next = reader.Next(line);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kIoError);
  EXPECT_CONTAINS(next.status().message(), "reading the input");
}

}  // namespace
}  // namespace copydesk::pipeline
