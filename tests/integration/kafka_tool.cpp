// kafka_tool: creates topics, produces lines and dumps topics as JSON, for checks against a real
// Kafka (deploy/kafka-local), with librdkafka's C API.
//
//   kafka_tool create  --brokers B --topic T --partitions N [--config k=v ...] [--timeout S]
//   kafka_tool produce --brokers B --topic T --file F [--partition P] [--rate R] [--timeout S]
//                      [--timestamp-start MS --timestamp-step MS]
//   kafka_tool dump    --brokers B --topics T1,T2,... [--isolation read_committed|read_uncommitted]
//                      [--expect N] [--timeout S] [--settle S]
//   kafka_tool aborted --brokers B --topics T1,T2,... [--timeout S]
//
// create: replication factor from the broker's default; also succeeds when the topic already
//   exists with N partitions. Returns once every partition has a leader.
// produce: each line of F (without its '\n') is one record, with no key, sent to the partitions
//   in turn (line i to partition i mod count), or all to --partition P. Fails on any delivery
//   error; prints the count on stderr. --rate R: R records a second, evenly paced.
//   --timestamp-start/--timestamp-step: line i gets the timestamp start + i * step
//   (milliseconds since the epoch), for records spread over time; default: now.
// dump: reads every partition from the beginning (assign, no group membership) and writes one
//   JSON object per record on stdout:
//     {"topic":"t","partition":0,"offset":5,"key":null,"value":"...","headers":{"name":"..."}}
//   Key, value and header values are JSON strings, or null when absent. Valid UTF-8 is written
//   as it is (control characters, '"' and '\' escaped); a byte that is not part of valid UTF-8
//   is written as \u00XX, its value, so \u0080-\u00ff in the output always stand for raw bytes.
//   Headers keep their order; a repeated name appears repeatedly.
//   It stops once every partition is at its end (the high watermark; under read_committed, the
//   default, the last stable offset) and, with --expect, at least N records were read; then,
//   with --settle, it reads S seconds more (to catch records beyond those, e.g. duplicates).
//   Exit 1 if that takes longer than --timeout (default 60 s).
// aborted: prints (records visible with read_uncommitted) - (visible with read_committed), the
//   records of aborted transactions, when no transaction is open and nothing is being written.
// Exit status: 0 ok, 1 failure (message on stderr), 2 bad command line.
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// --- command line ------------------------------------------------------------------------------

const std::map<std::string, std::set<std::string>> kOptions = {
    {"create", {"brokers", "topic", "partitions", "config", "timeout"}},
    {"produce",
     {"brokers", "topic", "file", "partition", "rate", "timeout", "timestamp-start",
      "timestamp-step"}},
    {"dump", {"brokers", "topics", "isolation", "expect", "timeout", "settle"}},
    {"aborted", {"brokers", "topics", "timeout"}},
};

struct Args {
  std::string command;
  std::map<std::string, std::vector<std::string>> options;

  bool Has(const std::string& name) const { return options.count(name) > 0; }
  std::string Get(const std::string& name) const {
    if (!Has(name)) throw UsageError("--" + name + " is required");
    return options.at(name).back();
  }
  // A number >= 0 (an integer if asked), or the fallback when the option is not given.
  double Number(const std::string& name, double fallback, bool integer = false) const {
    if (!Has(name)) return fallback;
    const std::string text = Get(name);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end || !(value >= 0) || (integer && value != std::floor(value))) {
      throw UsageError("--" + name + (integer ? " takes an integer >= 0" : " takes seconds"));
    }
    return value;
  }
  Clock::duration Seconds(const std::string& name, double fallback) const {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(Number(name, fallback)));
  }
};

Args Parse(int argc, char** argv) {
  if (argc < 2) throw UsageError("no command");
  Args args{argv[1], {}};
  auto known = kOptions.find(args.command);
  if (known == kOptions.end()) throw UsageError("unknown command: " + args.command);
  for (int i = 2; i < argc; i += 2) {
    const std::string name = argv[i];
    if (name.rfind("--", 0) != 0 || !known->second.count(name.substr(2))) {
      throw UsageError("unknown option for " + args.command + ": " + name);
    }
    if (i + 1 >= argc) throw UsageError(name + " needs a value");
    args.options[name.substr(2)].push_back(argv[i + 1]);
  }
  return args;
}

// --- librdkafka --------------------------------------------------------------------------------

template <auto destroy>
struct Destroy {
  void operator()(auto* object) const { destroy(object); }
};
template <typename T, auto destroy>
using Handle = std::unique_ptr<T, Destroy<destroy>>;
using Kafka = Handle<rd_kafka_t, rd_kafka_destroy>;
using Message = Handle<rd_kafka_message_t, rd_kafka_message_destroy>;

struct Deliveries {
  long delivered = 0, failed = 0;
  std::string first_error;
};

// A client of --brokers with these settings; a producer given `deliveries` counts its delivery
// reports there.
Kafka NewClient(rd_kafka_type_t type, const Args& args,
                std::vector<std::pair<const char*, std::string>> settings = {},
                Deliveries* deliveries = nullptr) {
  char reason[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  settings.emplace_back("bootstrap.servers", args.Get("brokers"));
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf, name, value.c_str(), reason, sizeof reason) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw Failure(std::string(name) + ": " + reason);
    }
  }
  if (deliveries) {
    rd_kafka_conf_set_opaque(conf, deliveries);
    rd_kafka_conf_set_dr_msg_cb(conf,
                                [](rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
                                  auto* counts = static_cast<Deliveries*>(opaque);
                                  if (!message->err) {
                                    ++counts->delivered;
                                  } else if (counts->failed++ == 0) {
                                    counts->first_error = rd_kafka_err2str(message->err);
                                  }
                                });
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, reason, sizeof reason);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    throw Failure(std::string("rd_kafka_new: ") + reason);
  }
  return Kafka(rk);
}

int Milliseconds(Clock::duration duration) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
}

// The topic's partition count once the cluster metadata lists it and every partition has a
// leader; fails at the deadline.
int WaitForTopic(rd_kafka_t* rk, const std::string& topic, Clock::time_point deadline) {
  for (;;) {
    const rd_kafka_metadata_t* metadata = nullptr;
    int count = 0;
    if (rd_kafka_metadata(rk, 1, nullptr, &metadata, 5'000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      for (int i = 0; i < metadata->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t& found = metadata->topics[i];
        if (topic != found.topic || found.err) continue;
        count = found.partition_cnt;
        for (int p = 0; p < found.partition_cnt; ++p) {
          if (found.partitions[p].err || found.partitions[p].leader < 0) count = 0;
        }
      }
      rd_kafka_metadata_destroy(metadata);
    }
    if (count > 0) return count;
    if (Clock::now() >= deadline) throw Failure("topic " + topic + " not found (or no leaders)");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// --- create and produce ------------------------------------------------------------------------

int Create(const Args& args) {
  const std::string topic = args.Get("topic");
  const int partitions = static_cast<int>(args.Number("partitions", 0, true));
  if (partitions < 1) throw UsageError("--partitions takes a number >= 1");
  const auto timeout = args.Seconds("timeout", 60);
  Kafka rk = NewClient(RD_KAFKA_PRODUCER, args);

  char reason[512];
  Handle<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy> request(
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, reason, sizeof reason));
  if (!request) throw Failure(reason);
  for (const std::string& setting :
       args.Has("config") ? args.options.at("config") : std::vector<std::string>{}) {
    const size_t equals = setting.find('=');
    if (equals == std::string::npos || equals == 0) throw UsageError("--config takes name=value");
    if (rd_kafka_resp_err_t err = rd_kafka_NewTopic_set_config(
            request.get(), setting.substr(0, equals).c_str(), setting.substr(equals + 1).c_str())) {
      throw Failure(setting + ": " + rd_kafka_err2str(err));
    }
  }

  Handle<rd_kafka_queue_t, rd_kafka_queue_destroy> queue(rd_kafka_queue_new(rk.get()));
  Handle<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy> options(
      rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), Milliseconds(timeout), reason,
                                              sizeof reason);
  rd_kafka_NewTopic_t* requests[] = {request.get()};
  rd_kafka_CreateTopics(rk.get(), requests, 1, options.get(), queue.get());
  Handle<rd_kafka_event_t, rd_kafka_event_destroy> event(
      rd_kafka_queue_poll(queue.get(), Milliseconds(timeout) + 5'000));
  if (!event) throw Failure("CreateTopics timed out");
  if (rd_kafka_event_error(event.get())) {
    throw Failure(std::string("CreateTopics: ") + rd_kafka_event_error_string(event.get()));
  }
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  if (count != 1) throw Failure("CreateTopics: " + std::to_string(count) + " results");
  const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[0]);
  const bool existed = err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS;
  if (err && !existed) {
    throw Failure("creating " + topic + ": " + rd_kafka_topic_result_error_string(results[0]));
  }

  const int found = WaitForTopic(rk.get(), topic, Clock::now() + timeout);
  if (found != partitions) {
    throw Failure("topic " + topic + " exists with " + std::to_string(found) + " partitions, not " +
                  std::to_string(partitions));
  }
  std::fprintf(stderr, "kafka_tool: topic %s %s with %d partition(s)\n", topic.c_str(),
               existed ? "already exists" : "created", partitions);
  return 0;
}

int Produce(const Args& args) {
  const std::string topic = args.Get("topic"), file = args.Get("file");
  const auto deadline = Clock::now() + args.Seconds("timeout", 60);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Failure("cannot read " + file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));

  Deliveries deliveries;
  Kafka rk = NewClient(RD_KAFKA_PRODUCER, args, {}, &deliveries);
  const auto pinned = static_cast<int32_t>(args.Number("partition", -1, true));
  const size_t partitions = pinned >= 0 ? 1 : WaitForTopic(rk.get(), topic, deadline);
  // --rate: records a second, paced (for latency measurements); 0: as fast as possible.
  const double rate = args.Number("rate", 0);
  const auto timestamp_start = static_cast<int64_t>(args.Number("timestamp-start", 0, true));
  const auto timestamp_step = static_cast<int64_t>(args.Number("timestamp-step", 0, true));
  const auto started = Clock::now();

  for (size_t i = 0; i < lines.size(); ++i) {
    if (rate > 0) {
      std::this_thread::sleep_until(started + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(i / rate)));
    }
    // rd_kafka_produceva, not rd_kafka_producev: its macros are GNU statement expressions.
    rd_kafka_vu_t fields[5] = {};
    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    fields[0].u.cstr = topic.c_str();
    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    fields[1].u.i32 = pinned >= 0 ? pinned : static_cast<int32_t>(i % partitions);
    fields[2].vtype = RD_KAFKA_VTYPE_VALUE;
    fields[2].u.mem.ptr = lines[i].data();
    fields[2].u.mem.size = lines[i].size();
    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    fields[3].u.i32 = RD_KAFKA_MSG_F_COPY;
    size_t field_count = 4;
    if (timestamp_start > 0) {
      fields[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
      fields[4].u.i64 = timestamp_start + static_cast<int64_t>(i) * timestamp_step;
      field_count = 5;
    }
    while (rd_kafka_error_t* error = rd_kafka_produceva(rk.get(), fields, field_count)) {
      const bool full = rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL;
      const std::string message = rd_kafka_error_string(error);
      rd_kafka_error_destroy(error);
      if (!full) throw Failure("producing line " + std::to_string(i + 1) + ": " + message);
      rd_kafka_poll(rk.get(), 100);  // serves delivery reports, which makes room
    }
    rd_kafka_poll(rk.get(), 0);
  }
  if (rd_kafka_flush(rk.get(), std::max(0, Milliseconds(deadline - Clock::now())))) {
    throw Failure(std::to_string(rd_kafka_outq_len(rk.get())) + " records still undelivered");
  }
  if (deliveries.failed) {
    throw Failure(std::to_string(deliveries.failed) + " of " + std::to_string(lines.size()) +
                  " records failed; the first: " + deliveries.first_error);
  }
  std::fprintf(stderr, "kafka_tool: produced %ld records to %s\n", deliveries.delivered,
               topic.c_str());
  return 0;
}

// --- dump and aborted --------------------------------------------------------------------------

// The length of the valid UTF-8 sequence at s (of n bytes), 0 if there is none.
size_t Utf8Length(const unsigned char* s, size_t n) {
  if (s[0] < 0x80) return 1;
  const size_t length = (s[0] & 0xE0) == 0xC0   ? 2
                        : (s[0] & 0xF0) == 0xE0 ? 3
                        : (s[0] & 0xF8) == 0xF0 ? 4
                                                : 0;
  if (length == 0 || n < length) return 0;
  uint32_t code = s[0] & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    code = (code << 6) | (s[i] & 0x3F);
  }
  static constexpr uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};  // no overlong forms
  if (code < kShortest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// Appends the bytes as a JSON string (see the top of the file), or null if data is null.
void AppendJson(std::string& out, const void* data, size_t size) {
  if (!data) {
    out += "null";
    return;
  }
  const auto* s = static_cast<const unsigned char*>(data);
  out += '"';
  for (size_t i = 0; i < size;) {
    const unsigned char c = s[i];
    const size_t length = Utf8Length(s + i, size - i);
    if (c == '"' || c == '\\') {
      out += {'\\', static_cast<char>(c)};
    } else if (c == '\n' || c == '\t' || c == '\r') {
      out += {'\\', c == '\n' ? 'n' : c == '\t' ? 't' : 'r'};
    } else if (c < 0x20 || length == 0) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out.append(reinterpret_cast<const char*>(s + i), length);
      i += length;
      continue;
    }
    ++i;
  }
  out += '"';
}

void AppendJson(std::string& out, const char* text) {
  AppendJson(out, text, std::char_traits<char>::length(text));
}

void AppendRecord(std::string& out, const rd_kafka_message_t* message) {
  out += "{\"topic\":";
  AppendJson(out, rd_kafka_topic_name(message->rkt));
  out += ",\"partition\":" + std::to_string(message->partition);
  out += ",\"offset\":" + std::to_string(message->offset) + ",\"key\":";
  AppendJson(out, message->key, message->key_len);
  out += ",\"value\":";
  AppendJson(out, message->payload, message->len);
  out += ",\"headers\":{";
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i) {
      if (i) out += ',';
      AppendJson(out, name);
      out += ':';
      AppendJson(out, value, size);
    }
  }
  out += "}}\n";
}

// Reads the topics as described for dump, writing the records to `out` unless it is null;
// expect < 0: no expectation. Returns the number of records read.
long long Read(const Args& args, const std::string& isolation, long long expect,
               Clock::duration timeout, Clock::duration settle, std::FILE* out) {
  const auto deadline = Clock::now() + timeout;
  // assign() needs a group.id, though no group is joined and nothing is committed.
  Kafka rk = NewClient(RD_KAFKA_CONSUMER, args,
                       {{"group.id", "kafka_tool-" + std::to_string(getpid())},
                        {"enable.auto.commit", "false"},
                        {"enable.auto.offset.store", "false"},
                        {"enable.partition.eof", "true"},
                        {"isolation.level", isolation}});
  rd_kafka_poll_set_consumer(rk.get());

  // Every partition from the beginning; at_end: its end-of-partition event came after its last
  // record (librdkafka sends one when it has fetched up to the high watermark, or the LSO).
  std::map<std::pair<std::string, int32_t>, bool> at_end;
  Handle<rd_kafka_topic_partition_list_t, rd_kafka_topic_partition_list_destroy> assignment(
      rd_kafka_topic_partition_list_new(8));
  std::istringstream topics(args.Get("topics"));
  for (std::string topic; std::getline(topics, topic, ',');) {
    if (topic.empty()) throw UsageError("--topics takes names separated by commas");
    for (int p = 0, n = WaitForTopic(rk.get(), topic, deadline); p < n; ++p) {
      rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
      at_end[{topic, p}] = false;
    }
  }
  if (rd_kafka_resp_err_t err = rd_kafka_assign(rk.get(), assignment.get())) {
    throw Failure(std::string("assign: ") + rd_kafka_err2str(err));
  }

  size_t ends = 0;
  long long records = 0;
  std::optional<Clock::time_point> settled;
  std::string line;
  for (;;) {
    const auto now = Clock::now();
    if (settled) {
      if (now >= *settled) break;
    } else if (ends == at_end.size() && records >= expect) {
      if (settle <= Clock::duration::zero()) break;
      settled = now + settle;
    } else if (now >= deadline) {
      std::string behind;
      for (const auto& [partition, end] : at_end) {
        if (!end) behind += " " + partition.first + "/" + std::to_string(partition.second);
      }
      throw Failure(isolation + ": timed out after " + std::to_string(Milliseconds(timeout)) +
                    " ms; read " + std::to_string(records) +
                    (expect >= 0 ? " of " + std::to_string(expect) + " expected" : "") +
                    " records" + (behind.empty() ? "" : "; not at the end of:" + behind));
    }

    Message message(rd_kafka_consumer_poll(rk.get(), 100));
    if (!message) continue;
    const auto state = message->rkt
                           ? at_end.find({rd_kafka_topic_name(message->rkt), message->partition})
                           : at_end.end();
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (state != at_end.end() && !state->second) ++ends, state->second = true;
      continue;
    }
    if (message->err) {
      const std::string error = rd_kafka_message_errstr(message.get());
      if (message->err == RD_KAFKA_RESP_ERR__FATAL) throw Failure(isolation + ": " + error);
      std::fprintf(stderr, "kafka_tool: %s: %s\n", isolation.c_str(), error.c_str());
      continue;
    }
    if (state != at_end.end() && state->second) --ends, state->second = false;
    ++records;
    if (out) {
      line.clear();
      AppendRecord(line, message.get());
      if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
        throw Failure("writing the records failed");
      }
    }
  }
  rd_kafka_consumer_close(rk.get());
  return records;
}

int Dump(const Args& args) {
  const std::string isolation = args.Has("isolation") ? args.Get("isolation") : "read_committed";
  if (isolation != "read_committed" && isolation != "read_uncommitted") {
    throw UsageError("--isolation takes read_committed or read_uncommitted");
  }
  const long long records =
      Read(args, isolation, static_cast<long long>(args.Number("expect", -1, true)),
           args.Seconds("timeout", 60), args.Seconds("settle", 0), stdout);
  if (std::fflush(stdout) != 0) throw Failure("writing the records failed");
  std::fprintf(stderr, "kafka_tool: %lld records (%s)\n", records, isolation.c_str());
  return 0;
}

int Aborted(const Args& args) {
  const auto timeout = args.Seconds("timeout", 60);
  const long long all = Read(args, "read_uncommitted", -1, timeout, {}, nullptr);
  const long long committed = Read(args, "read_committed", -1, timeout, {}, nullptr);
  std::fprintf(stderr, "kafka_tool: %lld records read_uncommitted, %lld read_committed\n", all,
               committed);
  std::printf("%lld\n", all - committed);
  return 0;
}

constexpr const char* kUsage =
    "usage: kafka_tool create  --brokers B --topic T --partitions N [--config k=v ...]\n"
    "       kafka_tool produce --brokers B --topic T --file F [--partition P]\n"
    "       kafka_tool dump    --brokers B --topics T1,T2,... [--expect N] [--settle S]\n"
    "                          [--isolation read_committed|read_uncommitted]\n"
    "       kafka_tool aborted --brokers B --topics T1,T2,...\n"
    "each also takes --timeout S (default 60); more at the top of "
    "tests/integration/kafka_tool.cpp\n";

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Parse(argc, argv);
    if (args.command == "create") return Create(args);
    if (args.command == "produce") return Produce(args);
    if (args.command == "dump") return Dump(args);
    return Aborted(args);
  } catch (const UsageError& error) {
    std::fprintf(stderr, "kafka_tool: %s\n%s", error.what(), kUsage);
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kafka_tool: %s\n", error.what());
    return 1;
  }
}
