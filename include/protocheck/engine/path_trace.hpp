// A concrete path of the explorer's steps as a readable Trace: the first state in full, then per
// step the event and the variables it changed. Shared by check and simulate.
#pragma once

#include <protocheck/engine/explorer.hpp>
#include <protocheck/engine/message_text.hpp>
#include <protocheck/engine/trace_text.hpp>
#include <protocheck/report.hpp>

#include <string>
#include <vector>

namespace protocheck::detail {

template <Model M>
Trace make_trace(const M &model, const std::vector<typename Explorer<M>::Step> &path) {
  Trace trace;
  trace.initial = model.describe(path.front().state);
  StateView previous = trace.initial;
  for (std::size_t k = 1; k < path.size(); ++k) {
    StateView current = model.describe(path[k].state);
    trace.steps.push_back(
        {path[k].event, std::string(model.describe(path[k].event)),
         message_text(model, path[k].event), changed_variables(previous, current),
         carried_messages(model, path[k - 1].state, path[k].event, path[k].state)});
    previous = std::move(current);
  }
  if constexpr (ShowsWaiting<M>)
    model.waits_for(path.back().state,
                    [&](unsigned waiter, unsigned waited_for, const std::string &what) {
                      trace.waiting.push_back({waiter, waited_for, what});
                    });
  return trace;
}

} // namespace protocheck::detail
