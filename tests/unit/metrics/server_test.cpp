// The HTTP endpoint: /metrics in Prometheus text format, /healthz and /readyz from Health.
#include "copydesk/metrics/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <prometheus/counter.h>

#include <thread>

namespace copydesk::metrics {
namespace {

struct Response {
  int status = 0;
  std::string body;
};

// One HTTP/1.1 GET on loopback, read to the end (the server closes the connection).
Response Get(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return {};
  }
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  (void)::write(fd, request.data(), request.size());
  std::string reply;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
    reply.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  Response response;
  if (reply.size() > 12) response.status = std::stoi(reply.substr(9, 3));
  const size_t body = reply.find("\r\n\r\n");
  if (body != std::string::npos) response.body = reply.substr(body + 4);
  return response;
}

TEST(MetricsServer, ServesTheRegistryInTextFormat) {
  prometheus::Registry registry;
  auto& records = prometheus::BuildCounter()
                      .Name("test_records_total")
                      .Help("Records")
                      .Register(registry)
                      .Add({{"topic", "news.raw"}});
  records.Increment(42);
  Health health;
  auto server = MetricsServer::Start("127.0.0.1:0", registry, health);
  ASSERT_TRUE(server.ok()) << server.status().message();
  ASSERT_GT((*server)->port(), 0);
  const Response response = Get((*server)->port(), "/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("# TYPE test_records_total counter"), std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("test_records_total{topic=\"news.raw\"} 42"), std::string::npos)
      << response.body;
  EXPECT_EQ(Get((*server)->port(), "/nothing").status, 404);
}

TEST(MetricsServer, HealthAndReadiness) {
  prometheus::Registry registry;
  Health health(std::chrono::milliseconds(200));
  auto server = MetricsServer::Start("127.0.0.1:0", registry, health);
  ASSERT_TRUE(server.ok()) << server.status().message();
  const int port = (*server)->port();
  // Starting: alive (start-up has deadlines of its own), not ready.
  EXPECT_EQ(Get(port, "/healthz").status, 200);
  Response ready = Get(port, "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "starting\n");
  health.SetReady(false, "waiting for partitions from the group");
  EXPECT_EQ(Get(port, "/readyz").body, "waiting for partitions from the group\n");
  health.SetReady(true);
  EXPECT_EQ(Get(port, "/readyz").status, 200);
  health.Progress();
  EXPECT_EQ(Get(port, "/healthz").body, "ok\n");
  EXPECT_GT(health.last_progress_unix_seconds(), 1.7e9);
  // A main loop that stops going round is reported, and recovers when it goes on.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const Response stalled = Get(port, "/healthz");
  EXPECT_EQ(stalled.status, 503);
  EXPECT_EQ(stalled.body.rfind("stalled: no progress for", 0), 0u) << stalled.body;
  health.Progress();
  EXPECT_EQ(Get(port, "/healthz").status, 200);
}

TEST(MetricsServer, APortInUseNamesTheOption) {
  prometheus::Registry registry;
  Health health;
  auto first = MetricsServer::Start("127.0.0.1:0", registry, health);
  ASSERT_TRUE(first.ok()) << first.status().message();
  const std::string taken = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = MetricsServer::Start(taken, registry, health);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("metrics.listen: cannot serve on '" + taken + "'"),
            std::string::npos)
      << second.status().message();
}

}  // namespace
}  // namespace copydesk::metrics
