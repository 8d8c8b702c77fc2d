#include "copydesk/metrics/server.h"

#include <civetweb.h>
#include <prometheus/text_serializer.h>

#include <fmt/format.h>

namespace copydesk::metrics {
namespace {

int Reply(::mg_connection* connection, int status, std::string_view content_type,
          std::string_view body) {
  mg_printf(connection,
            "HTTP/1.1 %d %s\r\nContent-Type: %.*s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, status == 200 ? "OK" : "Service Unavailable",
            static_cast<int>(content_type.size()), content_type.data(), body.size());
  mg_write(connection, body.data(), body.size());
  return status;
}

int ReplyHealth(::mg_connection* connection, const Health::Report& report) {
  return Reply(connection, report.ok ? 200 : 503, "text/plain; charset=utf-8", report.text + "\n");
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen,
                                                            prometheus::Registry& registry,
                                                            const Health& health) {
  std::string ports = listen;
  if (ports.starts_with(':')) ports.erase(0, 1);
  // civetweb reads "+" as "IPv4 and IPv6"; a bare port is all interfaces.
  const char* options[] = {"listening_ports",    ports.c_str(), "num_threads", "2",
                           "request_timeout_ms", "10000",       nullptr};
  std::unique_ptr<MetricsServer> server(new MetricsServer(registry, health));
  mg_callbacks callbacks{};
  // civetweb prints why it could not start; the message goes to the log line below instead.
  callbacks.log_message = [](const ::mg_connection*, const char*) { return 1; };
  server->context_ = mg_start(&callbacks, nullptr, options);
  if (server->context_ == nullptr) {
    return Status::InvalidArgument(fmt::format(
        "metrics.listen: cannot serve on '{}' (in use, or not an address of this host); "
        "give another port, or port 0 for any free one",
        listen));
  }
  mg_server_port bound[4] = {};
  if (mg_get_server_ports(server->context_, 4, bound) > 0) server->port_ = bound[0].port;
  mg_set_request_handler(server->context_, "/metrics$", &MetricsServer::ServeMetrics, server.get());
  mg_set_request_handler(server->context_, "/healthz$", &MetricsServer::ServeLive, server.get());
  mg_set_request_handler(server->context_, "/readyz$", &MetricsServer::ServeReady, server.get());
  return server;
}

MetricsServer::~MetricsServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int MetricsServer::ServeMetrics(::mg_connection* connection, void* server) {
  auto& self = *static_cast<MetricsServer*>(server);
  try {  // (nothing may leave a civetweb callback)
    const std::string body = prometheus::TextSerializer().Serialize(self.registry_.Collect());
    return Reply(connection, 200, "text/plain; version=0.0.4; charset=utf-8", body);
  } catch (const std::exception& e) {
    return Reply(connection, 503, "text/plain; charset=utf-8", e.what());
  }
}

int MetricsServer::ServeLive(::mg_connection* connection, void* server) {
  return ReplyHealth(connection, static_cast<MetricsServer*>(server)->health_.Live());
}

int MetricsServer::ServeReady(::mg_connection* connection, void* server) {
  return ReplyHealth(connection, static_cast<MetricsServer*>(server)->health_.Ready());
}

}  // namespace copydesk::metrics
