#include "cli/explore/explore_server.hpp"

#include "cli/explore/page.hpp"

#include <httplib.h>

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace protocheck::cli {
namespace {

constexpr const char *Host = "127.0.0.1";
constexpr const char *JsonType = "application/json; charset=utf-8";

// Text from a model or a trace file may hold bytes that are not UTF-8: replaced, not thrown on.
std::string dump(const Json &json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void reply_error(httplib::Response &response, int status, const std::string &message) {
  response.status = status;
  response.set_content(dump(Json{{"error", message}}), JsonType);
}

// Runs one API call, turning what it throws into the status a client can act on.
void answer(httplib::Response &response, const std::function<Json()> &call) {
  try {
    response.set_content(dump(call()), JsonType);
  } catch (const BadInput &error) {
    reply_error(response, 400, error.what());
  } catch (const Busy &error) {
    reply_error(response, 409, error.what());
  } catch (const std::exception &error) {
    reply_error(response, 500, std::string("error: ") + error.what());
  }
}

std::string status_words(int status) {
  switch (status) {
  case 400:
    return "bad request";
  case 404:
    return "no such page";
  case 405:
    return "method not allowed";
  case 413:
    return "request too large";
  case 414:
    return "request line too long";
  default:
    return "request failed";
  }
}

// Blocks SIGINT and SIGTERM in this thread and every thread it starts from now on, so that one
// thread can wait for them with sigwait and stop the server outside a signal handler; restores
// the mask when done.
class StopSignals {
public:
  StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  }
  ~StopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  const sigset_t &signals() const { return signals_; }

private:
  sigset_t signals_;
  sigset_t previous_;
};

} // namespace

void serve_explore(ExploreApi &api, int port, std::atomic<bool> &stop,
                   const std::function<void(const std::string &)> &ready,
                   const ServerLimits &limits) {
  StopSignals blocked;
  httplib::Server server;
  server.set_payload_max_length(limits.max_body_bytes);
  server.set_read_timeout(limits.read_timeout_seconds, 0);
  server.set_write_timeout(limits.read_timeout_seconds, 0);
  server.set_keep_alive_timeout(limits.keep_alive_seconds);
  // The library's default adds SO_REUSEPORT, which would let a second server share the port
  // (and its requests) instead of being told the port is taken.
  server.set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const int bound =
      port == 0 ? server.bind_to_any_port(Host) : (server.bind_to_port(Host, port) ? port : -1);
  if (bound <= 0)
    throw BadInput("cannot listen on " + std::string(Host) + ":" + std::to_string(port) +
                   " (is it in use? --port 0 takes any free port)");
  const std::string address = std::string(Host) + ":" + std::to_string(bound);
  const std::vector<std::string> hosts = {address, "localhost:" + std::to_string(bound)};

  server.set_default_headers(
      {{"Cache-Control", "no-store"},
       {"X-Content-Type-Options", "nosniff"},
       {"X-Frame-Options", "DENY"},
       {"Referrer-Policy", "no-referrer"},
       {"Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                   "img-src 'self' data:; frame-ancestors 'none'"}});
  // DNS rebinding: a page at evil.example whose name now resolves to 127.0.0.1 sends its own
  // name as Host, and a cross-site request carries its Origin. Only this server's names pass.
  server.set_pre_routing_handler([&hosts](const httplib::Request &request,
                                          httplib::Response &response) {
    const std::string host = request.get_header_value("Host");
    const bool host_ok = std::find(hosts.begin(), hosts.end(), host) != hosts.end();
    bool origin_ok = true;
    if (request.has_header("Origin")) {
      const std::string origin = request.get_header_value("Origin");
      origin_ok = std::any_of(hosts.begin(), hosts.end(),
                              [&](const std::string &name) { return origin == "http://" + name; });
    }
    if (host_ok && origin_ok)
      return httplib::Server::HandlerResponse::Unhandled;
    reply_error(response, 403,
                host_ok ? "refused: the request comes from another site (Origin)"
                        : "refused: the request names another host (Host); open http://" +
                              hosts.front() + "/");
    return httplib::Server::HandlerResponse::Handled;
  });

  for (const PageFile &file : page_files()) {
    const std::string route = file.path == "/index.html" ? "/" : std::string(file.path);
    server.Get(route, [&file](const httplib::Request &, httplib::Response &response) {
      response.set_content(file.body.data(), file.body.size(), std::string(file.content_type));
    });
  }
  server.Get("/api/model", [&api](const httplib::Request &, httplib::Response &response) {
    answer(response, [&] { return api.model(); });
  });
  server.Get("/api/state", [&api](const httplib::Request &request, httplib::Response &response) {
    answer(response, [&] { return api.state(request.get_param_value("path")); });
  });
  server.Post("/api/check", [&api](const httplib::Request &, httplib::Response &response) {
    answer(response, [&] { return api.check(); });
  });
  server.Post("/api/trace", [&api](const httplib::Request &request, httplib::Response &response) {
    answer(response, [&] { return api.load_trace(request.body); });
  });
  // Errors the library finds itself (no route, a malformed or oversized request) get a message.
  server.set_error_handler([](const httplib::Request &request, httplib::Response &response) {
    if (!response.body.empty())
      return;
    const std::string what = status_words(response.status);
    reply_error(response, response.status,
                response.status == 404 ? what + ": " + printable(request.path.substr(0, 200))
                                       : what);
  });
  server.set_exception_handler(
      [](const httplib::Request &, httplib::Response &response, std::exception_ptr) {
        reply_error(response, 500, "error: the request failed inside the server");
      });

  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&blocked.signals(), &signal);
    stop.store(true);
    // A signal that comes before the server listens must still stop it once it does.
    while (!finished.load() && !server.is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server.stop();
  });
  ready("http://" + address + "/");
  server.listen_after_bind();
  finished.store(true);
  if (!stop.load())
    pthread_kill(waiter.native_handle(), SIGTERM); // wakes the waiter: it is the only taker
  waiter.join();
}

} // namespace protocheck::cli
