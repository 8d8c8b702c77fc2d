#include "copydesk/pipeline/reference_topic.h"

#include <chrono>
#include <sstream>

#include <fmt/format.h>

namespace copydesk::pipeline {
namespace {

constexpr std::string_view kVersionHeader = "copydesk.reference.version";
constexpr std::string_view kFilePrefix = "file/";
constexpr std::string_view kManifestKey = "manifest";
constexpr int kTimeoutMs = 15'000;
// A gazetteer file can be megabytes: records and fetches are allowed that much.
constexpr const char* kMaxRecordBytes = "67108864";

}  // namespace

Status PublishReference(const kafka::Properties& client, const std::string& topic,
                        const enrich::Reference& reference, bool create) {
  if (Status s = kafka::EnsureTopics(
          client,
          {{topic, 1, {{"cleanup.policy", "compact"}, {"max.message.bytes", kMaxRecordBytes}}}},
          create, kTimeoutMs);
      !s.ok()) {
    return s;
  }
  kafka::Properties properties = client;
  properties["enable.idempotence"] = "true";
  properties["message.max.bytes"] = kMaxRecordBytes;
  auto producer = kafka::Producer::Open(properties);
  if (!producer.ok()) return producer.status();
  const std::vector<kafka::Header> headers{{std::string(kVersionHeader), reference.version()}};
  std::string manifest = reference.version() + "\n";
  for (const auto& file : reference.files()) {
    if (Status s =
            (*producer)->Produce(topic, std::string(kFilePrefix) + file.name, file.text, headers);
        !s.ok()) {
      return s;
    }
    manifest += file.name + "\n";
  }
  // The files first: a reader that has the manifest has every file before it (one partition).
  if (Status s = (*producer)->Flush(kTimeoutMs); !s.ok()) return s;
  if (Status s = (*producer)->Produce(topic, kManifestKey, manifest, headers); !s.ok()) return s;
  return (*producer)->Flush(kTimeoutMs);
}

Result<std::unique_ptr<ReferenceTopicReader>> ReferenceTopicReader::Open(
    const kafka::Properties& client, const std::string& topic) {
  auto partitions = kafka::CountPartitions(client, topic, kTimeoutMs);
  if (!partitions.ok()) {
    if (partitions.status().code() == StatusCode::kNotFound) {
      return std::unique_ptr<ReferenceTopicReader>();
    }
    return partitions.status();
  }
  kafka::Properties properties = client;
  properties["enable.partition.eof"] = "true";
  properties["group.id"] = topic + ".reader";  // never commits: it always reads it all
  properties["fetch.max.bytes"] = kMaxRecordBytes;
  properties["max.partition.fetch.bytes"] = kMaxRecordBytes;
  // One partition keeps the files before their manifest; copydesk creates it so.
  auto consumer = kafka::Consumer::Assign(properties, {{topic, 0, kafka::kOffsetBeginning}});
  if (!consumer.ok()) return consumer.status();
  auto reader = std::unique_ptr<ReferenceTopicReader>(new ReferenceTopicReader());
  reader->topic_ = topic;
  reader->consumer_ = std::move(consumer).value();
  return reader;
}

Result<std::optional<std::vector<enrich::ReferenceFile>>> ReferenceTopicReader::Poll(bool to_end) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  std::optional<int64_t> end;
  if (to_end) {
    auto marks = consumer_->Watermarks(topic_, 0, kTimeoutMs);
    if (!marks.ok()) return marks.status();
    end = marks->second;
  }
  int64_t next = 0;
  while (true) {
    if (end && next >= *end) break;
    auto message = consumer_->Poll(to_end ? 100 : 0);
    if (!message.ok()) return message.status();
    if (!message->has_value()) {
      if (!to_end) break;
      if (std::chrono::steady_clock::now() > deadline) {
        return Status::IoError(fmt::format("kafka: {} was not read to its end within {} s", topic_,
                                           kTimeoutMs / 1000));
      }
      continue;
    }
    const kafka::Message& m = **message;
    next = m.offset + (m.end_of_partition ? 0 : 1);
    if (m.end_of_partition) continue;
    std::string version;
    for (const auto& header : m.headers) {
      if (header.name == kVersionHeader) version = header.value;
    }
    if (m.key == kManifestKey) {
      manifest_ = m.value;
    } else if (std::string_view(m.key).starts_with(kFilePrefix)) {
      files_[m.key.substr(kFilePrefix.size())] = {version, m.value};
    }
  }
  return Complete();
}

std::optional<std::vector<enrich::ReferenceFile>> ReferenceTopicReader::Complete() {
  std::istringstream lines(manifest_);
  std::string version;
  if (!std::getline(lines, version) || version.empty() || version == returned_) return std::nullopt;
  std::vector<enrich::ReferenceFile> files;
  for (std::string name; std::getline(lines, name);) {
    auto it = files_.find(name);
    if (it == files_.end() || it->second.version != version) return std::nullopt;
    files.push_back({name, it->second.text});
  }
  if (enrich::ReferenceVersion(files) != version) return std::nullopt;
  returned_ = version;
  return files;
}

}  // namespace copydesk::pipeline
