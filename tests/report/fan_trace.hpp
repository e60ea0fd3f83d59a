// A trace whose steps send and receive several messages at once (Model::carried_messages), shared
// by the terminal and SVG chart tests: p0 multicasts request to p1 and p2 (its step lists both
// copies); p2 receives it and replies at once (listed too); p0 receives the reply; a synchronous
// round in which p1 and p2 both tell p0 "ok".
#pragma once

#include <protocheck/report.hpp>

namespace protocheck::testing {

inline Trace fan_trace() {
  Trace trace;
  const auto step = [&](const Event &event, const char *action, const char *message) {
    trace.steps.push_back({event, action, message, {}, {}});
  };
  step(send(0, NoProcess, 2, 5), "p0 multicasts request(5)", "");
  step(deliver(2, 0, 2, 5), "p2 receives request(5) and replies", "request(5)");
  step(deliver(0, 2, 3, 0), "p0 receives p2's reply", "reply");
  step(local(NoProcess, 9), "round", "");
  trace.steps[0].carried = {{send(0, 1, 2, 5), "request(5)"}, {send(0, 2, 2, 5), "request(5)"}};
  trace.steps[1].carried = {{send(2, 0, 3, 0), "reply"}};
  trace.steps[3].carried = {{transmit(1, 0, 4, 0), "ok"}, {transmit(2, 0, 4, 0), "ok"}};
  return trace;
}

} // namespace protocheck::testing
