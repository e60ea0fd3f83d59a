// What the explore page asks the server, as JSON, independent of HTTP: the model, the state at a
// path, a full check with paths to its traces, and a saved trace turned into a path. Every
// answer is built from the ExploreSession (explore.hpp); bad input throws BadInput, which the
// server turns into a 400 with the message.
#pragma once

#include "checker/report/json.hpp"

#include <protocheck/registry.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace protocheck::cli {

// Thrown when a check is asked for while one is running: the server answers 409.
class Busy : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class ExploreApi {
public:
  // `stop` (may be null) interrupts a check started from the page, e.g. on Ctrl-C.
  ExploreApi(const ModelEntry &entry, ParamValues values, const std::atomic<bool> *stop);

  // The model, its parameters and processes, and the link fragment that names them.
  Json model() const;
  // The state at `path_text` ("0.2.1"): its variables with the changed ones marked, the choices
  // from it, the property statuses, and the run so far as an SVG chart.
  Json state(std::string_view path_text) const;
  // Checks the model, deciding every property (--all), one check at a time (throws Busy), and
  // gives each trace as a path.
  Json check();
  // A trace file's text (as check --trace FILE --format json writes it) for this model and these
  // parameters, replayed, and its path.
  Json load_trace(std::string_view text) const;

  // "#/om?n=3&f=1/path=" : the page's link to a state is this followed by the path.
  std::string fragment_prefix() const;

private:
  const ModelEntry &entry_;
  ParamValues values_;
  std::unique_ptr<ExploreSession> session_;
  const std::atomic<bool> *stop_;
  std::mutex checking_;
};

} // namespace protocheck::cli
