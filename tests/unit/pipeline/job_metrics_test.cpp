// JobMetrics: a committed batch's summary, the lag and the state as Prometheus series.
#include "copydesk/pipeline/job_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

namespace copydesk::pipeline {
namespace {

std::string Scrape(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

void ExpectLine(const std::string& scrape, const std::string& line) {
  EXPECT_NE(scrape.find("\n" + line + "\n"), std::string::npos) << line << " in\n" << scrape;
}

TEST(JobMetrics, ABatchIsCountedByOutcome) {
  prometheus::Registry registry;
  JobMetrics metrics(registry, "9.9.9");
  Summary batch;
  batch.by_type = {5, 1, 3, 2};  // article, update, duplicate, rejected
  batch.by_dedup[static_cast<size_t>(event::DedupStatus::kUrl)] = 1;
  batch.by_dedup[static_cast<size_t>(event::DedupStatus::kNear)] = 2;
  batch.by_reason[static_cast<size_t>(wire::RejectReason::kNotJson)] = 2;
  batch.people = 4;
  batch.subjects = 7;
  metrics.Committed(batch, {{"news.raw", {11, 2200}}}, {20, 40, 3000});
  metrics.Committed(batch, {{"news.raw", {11, 2200}}, {"agency.raw", {1, 10}}}, {});
  metrics.Aborted();
  const std::string scrape = Scrape(registry);
  ExpectLine(scrape, "copydesk_events_total{type=\"article\"} 10");
  ExpectLine(scrape, "copydesk_events_total{type=\"rejected\"} 4");
  ExpectLine(scrape, "copydesk_duplicates_total{kind=\"near\"} 4");
  ExpectLine(scrape, "copydesk_duplicates_total{kind=\"exact\"} 0");
  ExpectLine(scrape, "copydesk_rejected_total{reason=\"not_json\"} 4");
  ExpectLine(scrape, "copydesk_dead_letters_total{reason=\"not_json\"} 4");
  ExpectLine(scrape, "copydesk_entities_total{type=\"subject\"} 14");
  ExpectLine(scrape, "copydesk_records_consumed_total{topic=\"news.raw\"} 22");
  ExpectLine(scrape, "copydesk_consumed_bytes_total{topic=\"agency.raw\"} 10");
  ExpectLine(scrape, "copydesk_transactions_total{result=\"committed\"} 2");
  ExpectLine(scrape, "copydesk_transactions_total{result=\"aborted\"} 1");
  ExpectLine(scrape, "copydesk_end_to_end_latency_seconds_count 3");
  ExpectLine(scrape, "copydesk_end_to_end_latency_seconds_bucket{le=\"0.025\"} 1");
  ExpectLine(scrape, "copydesk_end_to_end_latency_seconds_bucket{le=\"0.05\"} 2");
  ExpectLine(scrape, "copydesk_end_to_end_latency_seconds_bucket{le=\"5\"} 3");
  EXPECT_NE(scrape.find("copydesk_build_info{librdkafka=\""), std::string::npos);
  EXPECT_NE(scrape.find("version=\"9.9.9\"} 1"), std::string::npos);
}

TEST(JobMetrics, StageTimesBecomeHistograms) {
  prometheus::Registry registry;
  JobMetrics metrics(registry, "1");
  StageTimes times;
  times.Add(Stage::kClean, 30e-6);
  times.Add(Stage::kClean, 2e-3);
  times.Add(Stage::kProduce, 5);  // beyond the last bound
  metrics.AddStageTimes(times);
  const std::string scrape = Scrape(registry);
  ExpectLine(scrape, "copydesk_stage_duration_seconds_count{stage=\"clean\"} 2");
  ExpectLine(scrape, "copydesk_stage_duration_seconds_bucket{stage=\"clean\",le=\"5e-05\"} 1");
  ExpectLine(scrape, "copydesk_stage_duration_seconds_bucket{stage=\"clean\",le=\"0.0025\"} 2");
  ExpectLine(scrape, "copydesk_stage_duration_seconds_bucket{stage=\"produce\",le=\"1\"} 0");
  ExpectLine(scrape, "copydesk_stage_duration_seconds_bucket{stage=\"produce\",le=\"+Inf\"} 1");
  ExpectLine(scrape, "copydesk_stage_duration_seconds_count{stage=\"decode\"} 0");
}

TEST(JobMetrics, LagFollowsTheAssignment) {
  prometheus::Registry registry;
  JobMetrics metrics(registry, "1");
  metrics.SetLag({{"news.raw", 0, 120, 500, 380}, {"news.raw", 1, 0, 90, 90}},
                 {{{"news.raw", 0}, 1'000'000}, {{"news.raw", 1}, 1'000'000}}, 1'030'000);
  std::string scrape = Scrape(registry);
  ExpectLine(scrape, "copydesk_consumer_lag_records{partition=\"0\",topic=\"news.raw\"} 120");
  ExpectLine(scrape, "copydesk_consumer_lag_seconds{partition=\"0\",topic=\"news.raw\"} 30");
  ExpectLine(scrape, "copydesk_consumer_lag_seconds{partition=\"1\",topic=\"news.raw\"} 0");
  // Partition 0 given to another instance: its series go.
  metrics.SetLag({{"news.raw", 1, 3, 93, 90}}, {}, 1'040'000);
  scrape = Scrape(registry);
  EXPECT_EQ(scrape.find("partition=\"0\""), std::string::npos) << scrape;
  ExpectLine(scrape, "copydesk_consumer_lag_records{partition=\"1\",topic=\"news.raw\"} 3");
}

TEST(JobMetrics, ReferenceVersionIsOneSeries) {
  prometheus::Registry registry;
  JobMetrics metrics(registry, "1");
  metrics.SetReference("ref-1");
  metrics.SetReference("ref-2");
  const std::string scrape = Scrape(registry);
  EXPECT_EQ(scrape.find("ref-1"), std::string::npos);
  ExpectLine(scrape, "copydesk_reference_info{version=\"ref-2\"} 1");
}

TEST(JobMetrics, StateExpirationsAreCountedOnce) {
  prometheus::Registry registry;
  JobMetrics metrics(registry, "1");
  state::StoreStats stats;
  stats.families = {{"articles", 10, 4096}, {"stories", 8, 1024}};
  stats.pending_compaction_bytes = 77;
  metrics.SetState(stats, 5);
  metrics.SetState(stats, 7);
  const std::string scrape = Scrape(registry);
  ExpectLine(scrape, "copydesk_state_expired_total 7");
  ExpectLine(scrape, "copydesk_state_keys{column_family=\"articles\"} 10");
  ExpectLine(scrape, "copydesk_state_size_bytes{column_family=\"stories\"} 1024");
  ExpectLine(scrape, "copydesk_state_pending_compaction_bytes 77");
}

}  // namespace
}  // namespace copydesk::pipeline
