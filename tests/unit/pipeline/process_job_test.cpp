// RunProcessJob: one output event line per input line, in order, whatever the input.
#include "copydesk/pipeline/process_job.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "../common/test_support.h"
#include "copydesk/core/base64.h"
#include "fd_support.h"

namespace copydesk::pipeline {
namespace {

using testing_support::ReadFile;
using testing_support::TempDir;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct JobOutput {
  Status status;
  Summary summary;
  std::string text;
};

JobOutput RunJob(const std::string& input, const config::Config& config = {}) {
  TempDir dir;
  const auto in_path = dir.Write("in.ndjson", input);
  const auto out_path = dir.path() / "out.ndjson";
  JobOutput out;
  {
    const Fd in = OpenForReading(in_path);
    const Fd output = OpenForWriting(out_path);
    out.status = RunProcessJob(config, in.get(), output.get(), out.summary);
  }
  out.text = ReadFile(out_path);
  return out;
}

// One parsed output event.
struct EventView {
  std::string type, reason, detail, raw_base64, headline;
  bool has_raw = false;
  bool has_item = false;
  uint64_t line = 0;
};

EventView Parse(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EventView view;
  auto error = parser.parse(json).get(root);
  EXPECT_EQ(error, simdjson::SUCCESS) << json;
  if (error) return view;
  std::string_view s;
  if (root.at_pointer("/type").get(s) == simdjson::SUCCESS) view.type = s;
  if (root.at_pointer("/rejection/reason").get(s) == simdjson::SUCCESS) view.reason = s;
  if (root.at_pointer("/rejection/detail").get(s) == simdjson::SUCCESS) view.detail = s;
  if (root.at_pointer("/rejection/raw_base64").get(s) == simdjson::SUCCESS) {
    view.has_raw = true;
    view.raw_base64 = s;
  }
  if (root.at_pointer("/item/headlines/0/value").get(s) == simdjson::SUCCESS) view.headline = s;
  view.has_item = root.at_pointer("/item").error() == simdjson::SUCCESS;
  uint64_t line = 0;
  EXPECT_EQ(root.at_pointer("/origin/line").get(line), simdjson::SUCCESS) << json;
  view.line = line;
  return view;
}

TEST(RunProcessJob, OneEventPerLineInOrderForGoodAndBrokenLines) {
  config::Config config;
  config.limits.max_item_bytes = 1024;
  const std::string oversize = R"({"content":")" + std::string(5000, 'o') + R"("})";
  const std::vector<std::string> input_lines{
      R"({"url":"https://example.com/1","title":"One","content":"first"})",
      "",
      R"({"title":"broken","content":"cut)",
      R"({"title":"Two","content":"second"})",
      oversize,
      "   \t",
      std::string("{\"content\":\"nul\0here\"}", 22),
      "[1,2,3]",
      "{\"title\":\"caf\xE9\",\"content\":\"x\"}",
      R"({"headlines":[{"role":"main","value":"Three"}],"bodies":[{"value":"third"}]})",
      R"({"title":42,"content":"x"})",
      R"({"url":"u"})",
      R"({"title":"Four","content":"last, without a newline"})",
  };
  std::string input;
  for (size_t i = 0; i < input_lines.size(); ++i) {
    input += input_lines[i];
    if (i + 1 < input_lines.size()) input += i % 2 ? "\r\n" : "\n";
  }

  const JobOutput out = RunJob(input, config);
  ASSERT_TRUE(out.status.ok()) << out.status.message();
  ASSERT_FALSE(out.text.empty());
  EXPECT_EQ(out.text.back(), '\n');
  const auto lines = SplitLines(out.text);
  ASSERT_EQ(lines.size(), input_lines.size());

  const std::vector<std::pair<std::string, std::string>> expected{
      {"article", ""},          {"rejected", "empty"},      {"rejected", "not_json"},
      {"article", ""},          {"rejected", "too_large"},  {"rejected", "empty"},
      {"rejected", "not_json"}, {"rejected", "not_object"}, {"rejected", "invalid_utf8"},
      {"article", ""},          {"rejected", "wrong_type"}, {"rejected", "missing_body"},
      {"article", ""},
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1) + ": " + lines[i]);
    const EventView e = Parse(lines[i]);
    EXPECT_EQ(e.line, i + 1);
    EXPECT_EQ(e.type, expected[i].first);
    EXPECT_EQ(e.reason, expected[i].second);
    EXPECT_EQ(e.has_item, e.type != "rejected");
    // The original bytes come back from every rejection that kept them (not an oversize one).
    if (e.type == "rejected" && !input_lines[i].empty() && e.reason != "too_large") {
      ASSERT_TRUE(e.has_raw);
      EXPECT_EQ(Base64Decode(e.raw_base64), input_lines[i]);
    }
  }
  EXPECT_EQ(Parse(lines[0]).headline, "One");
  EXPECT_EQ(Parse(lines[3]).headline, "Two");
  EXPECT_EQ(Parse(lines[9]).headline, "Three");
  EXPECT_EQ(Parse(lines[12]).headline, "Four");
  EXPECT_FALSE(Parse(lines[1]).has_raw);  // an empty record has no bytes to keep
  EXPECT_FALSE(Parse(lines[4]).has_raw);  // too large to keep
  EXPECT_EQ(Parse(lines[4]).detail, "the record is " + std::to_string(oversize.size()) +
                                        " bytes, over limits.max_item_bytes = 1024");
}

TEST(RunProcessJob, SummaryCountsRecordsTypesAndReasons) {
  const std::string input = "{\"content\":\"a\"}\n\n[1]\n{\"content\":\"b\"}\n{\"x\":1}\n";
  const JobOutput out = RunJob(input);
  ASSERT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(out.summary.records, 5u);
  EXPECT_EQ(out.summary.bytes, input.size());
  EXPECT_EQ(out.summary.by_type[static_cast<size_t>(event::EventType::kArticle)], 2u);
  EXPECT_EQ(out.summary.by_type[static_cast<size_t>(event::EventType::kRejected)], 3u);
  EXPECT_EQ(out.summary.by_reason[static_cast<size_t>(wire::RejectReason::kEmpty)], 1u);
  EXPECT_EQ(out.summary.by_reason[static_cast<size_t>(wire::RejectReason::kNotObject)], 1u);
  EXPECT_EQ(out.summary.by_reason[static_cast<size_t>(wire::RejectReason::kMissingBody)], 1u);
  ASSERT_EQ(out.summary.first_rejects.size(), 3u);
  EXPECT_EQ(out.summary.first_rejects[0].line, 2u);
  EXPECT_EQ(out.summary.first_rejects[1].line, 3u);
  EXPECT_EQ(out.summary.first_rejects[2].line, 5u);
  EXPECT_EQ(out.summary.first_rejects[2].reason, "missing_body");
}

TEST(RunProcessJob, EmptyInputGivesNoOutput) {
  const JobOutput out = RunJob("");
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.text, "");
  EXPECT_EQ(out.summary.records, 0u);
}

TEST(RunProcessJob, ManyRecordsKeepTheirOrder) {
  std::string input;
  for (int i = 1; i <= 3000; ++i) {
    input += i % 7 == 0 ? std::string("not json ") + std::to_string(i)
                        : R"({"title":"n)" + std::to_string(i) + R"(","content":"body"})";
    input += "\n";
  }
  const JobOutput out = RunJob(input);
  ASSERT_TRUE(out.status.ok());
  const auto lines = SplitLines(out.text);
  ASSERT_EQ(lines.size(), 3000u);
  for (size_t i = 0; i < lines.size(); ++i) {
    const EventView e = Parse(lines[i]);
    ASSERT_EQ(e.line, i + 1);
    if ((i + 1) % 7 == 0) {
      ASSERT_EQ(e.type, "rejected");
    } else {
      ASSERT_EQ(e.headline, "n" + std::to_string(i + 1));
    }
  }
}

TEST(RunProcessJob, MixedFixtureMatchesItsGoldenOutput) {
  const std::string input = ReadFile(COPYDESK_TEST_DATA "/process/mixed.ndjson");
  const std::string golden = ReadFile(COPYDESK_TEST_DATA "/process/mixed.golden.ndjson");
  const JobOutput out = RunJob(input);
  ASSERT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(SplitLines(out.text).size(), SplitLines(input).size());
  EXPECT_EQ(out.text, golden);
}

TEST(RunProcessJob, ReadFromAPipe) {
  FedPipe pipe("{\"content\":\"a\"}\n{\"content\":\n{\"content\":\"c\"}");
  TempDir dir;
  const auto out_path = dir.path() / "out.ndjson";
  Summary summary;
  {
    const Fd output = OpenForWriting(out_path);
    ASSERT_TRUE(RunProcessJob(config::Config{}, pipe.read_fd(), output.get(), summary).ok());
  }
  const auto lines = SplitLines(ReadFile(out_path));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(Parse(lines[0]).type, "article");
  EXPECT_EQ(Parse(lines[1]).reason, "not_json");
  EXPECT_EQ(Parse(lines[2]).type, "article");
  EXPECT_EQ(Parse(lines[2]).line, 3u);
}

TEST(RunProcessJob, WriteFailureIsAnError) {
  TempDir dir;
  dir.Write("in", "{\"content\":\"a\"}\n");
  const Fd in = OpenForReading(dir.path() / "in");
  const Fd not_writable = OpenForReading(dir.path() / "in");
  Summary summary;
  const Status status = RunProcessJob(config::Config{}, in.get(), not_writable.get(), summary);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace copydesk::pipeline
