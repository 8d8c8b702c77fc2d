#include <gtest/gtest.h>

#include <string>

#include "../common/test_support.h"
#include "copydesk/pipeline/ndjson.h"
#include "fd_support.h"

namespace copydesk::pipeline {
namespace {

using testing_support::ReadFile;
using testing_support::TempDir;

TEST(LineWriter, WritesEachLineWithANewline) {
  TempDir dir;
  const auto path = dir.path() / "out.ndjson";
  {
    const Fd fd = OpenForWriting(path);
    LineWriter writer(fd.get());
    ASSERT_TRUE(writer.WriteLine("{\"a\":1}").ok());
    ASSERT_TRUE(writer.WriteLine("").ok());
    ASSERT_TRUE(writer.WriteLine(std::string("nul\0byte", 8)).ok());
    ASSERT_TRUE(writer.Flush().ok());
  }
  EXPECT_EQ(ReadFile(path), std::string("{\"a\":1}\n\nnul\0byte\n", 18));
}

TEST(LineWriter, WritesEverythingPastTheFlushThreshold) {
  TempDir dir;
  const auto path = dir.path() / "out.ndjson";
  std::string expected;
  {
    const Fd fd = OpenForWriting(path);
    LineWriter writer(fd.get());
    const std::string big(300000, 'x');
    for (int i = 0; i < 20; ++i) {  // about 6 MB, several automatic flushes
      const std::string line = std::to_string(i) + big;
      ASSERT_TRUE(writer.WriteLine(line).ok());
      expected += line + "\n";
    }
    ASSERT_TRUE(writer.Flush().ok());
    ASSERT_TRUE(writer.Flush().ok());  // a second flush writes nothing more
  }
  const std::string written = ReadFile(path);
  EXPECT_EQ(written.size(), expected.size());
  EXPECT_TRUE(written == expected);
}

TEST(LineWriter, WriteErrorIsReported) {
  TempDir dir;
  dir.Write("in", "x");
  const Fd fd = OpenForReading(dir.path() / "in");  // writing it fails with EBADF
  LineWriter writer(fd.get());
  ASSERT_TRUE(writer.WriteLine("line").ok());  // buffered
  const Status status = writer.Flush();
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_CONTAINS(status.message(), "writing the output");
}

}  // namespace
}  // namespace copydesk::pipeline
