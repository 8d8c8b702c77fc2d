// The HTTP endpoint of a long-running job: /metrics (Prometheus text format, from one
// registry), /healthz and /readyz. Read-only; nothing it serves changes the job.
#pragma once

#include <memory>
#include <string>

#include <prometheus/registry.h>

#include "copydesk/core/status.h"
#include "copydesk/metrics/health.h"

struct mg_context;  // civetweb's, at global scope
struct mg_connection;

namespace copydesk::metrics {

struct MetricsOptions {
  // "host:port" or "port" (all interfaces) to serve on; port 0 picks a free one; "" serves
  // nothing.
  std::string listen = "";
};

class MetricsServer {
 public:
  // Fails naming the address when it cannot be bound. `registry` and `health` must outlive
  // the server.
  static Result<std::unique_ptr<MetricsServer>> Start(const std::string& listen,
                                                      prometheus::Registry& registry,
                                                      const Health& health);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }  // the bound port (the one picked, for port 0)

 private:
  MetricsServer(prometheus::Registry& registry, const Health& health)
      : registry_(registry), health_(health) {}
  static int ServeMetrics(::mg_connection* connection, void* server);
  static int ServeLive(::mg_connection* connection, void* server);
  static int ServeReady(::mg_connection* connection, void* server);

  prometheus::Registry& registry_;
  const Health& health_;
  ::mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace copydesk::metrics
