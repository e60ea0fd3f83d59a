// The explore page's HTTP server: the embedded page and the JSON API (explore_api.hpp) on
// 127.0.0.1, guarded against other sites (a request whose Host or Origin is not this server's is
// refused, so a page elsewhere cannot reach it by DNS rebinding), with bounded requests; a bad
// request gets a 4xx JSON message and the server goes on. SIGINT and SIGTERM stop it cleanly.
#pragma once

#include "cli/explore/explore_api.hpp"

#include <functional>
#include <string>

namespace protocheck::cli {

struct ServerLimits {
  std::size_t max_body_bytes = std::size_t{16} << 20; // a trace file sent by the page
  int read_timeout_seconds = 5; // a client that stops sending frees its thread
  int keep_alive_seconds = 5;
};

// Binds 127.0.0.1:port (0: any free port), calls `ready` with the URL of the page, and serves
// until SIGINT or SIGTERM arrives (the signals are blocked in every thread and awaited by one).
// Throws BadInput when the port cannot be bound. `api` is asked from the server's threads.
void serve_explore(ExploreApi &api, int port, std::atomic<bool> &stop,
                   const std::function<void(const std::string &url)> &ready,
                   const ServerLimits &limits = {});

} // namespace protocheck::cli
