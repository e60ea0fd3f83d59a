// The message an event carries, in the model's words, as a chart labels its arrow: shared by the
// traces a check reports and the paths walked by hand (explore_session.hpp).
#pragma once

#include <protocheck/model.hpp>

#include <string>

namespace protocheck::detail {

// Empty for an event that carries no message, or for a model without message_label().
template <Model M> std::string message_text(const M &model, const Event &event) {
  if constexpr (LabelsMessages<M>) {
    const bool carries = event.kind == EventKind::Send || event.kind == EventKind::Deliver ||
                         event.kind == EventKind::Transmit || event.kind == EventKind::Drop;
    if (carries)
      return std::string(model.message_label(event));
  }
  return {};
}

} // namespace protocheck::detail
