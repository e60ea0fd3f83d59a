// The message an event carries, in the model's words, as a chart labels its arrow: shared by the
// traces a check reports and the paths walked by hand (explore_session.hpp).
#pragma once

#include <protocheck/model.hpp>
#include <protocheck/report.hpp>

#include <stdexcept>
#include <string>
#include <vector>

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

// The messages a step sends besides its own event (Model::carried_messages), labelled; empty for
// a model that does not list them.
template <Model M>
std::vector<CarriedMessage> carried_messages(const M &model, const typename M::State &before,
                                             const Event &event, const typename M::State &after) {
  std::vector<CarriedMessage> carried;
  if constexpr (CarriesMessages<M>) {
    bool own_left_out = false;
    model.carried_messages(before, event, after, [&](const Event &message) {
      if (message.kind != EventKind::Send && message.kind != EventKind::Transmit &&
          message.kind != EventKind::Deliver && message.kind != EventKind::Drop)
        throw std::logic_error(
            "carried_messages() lists Send, Transmit, Deliver and Drop events only");
      const bool own = message.kind == event.kind && message.actor == event.actor &&
                       message.peer == event.peer && message.message == event.message &&
                       message.message_id == event.message_id;
      if (own && !own_left_out) {
        own_left_out = true; // the step's own event draws it
        return;
      }
      carried.push_back({message, message_text(model, message)});
    });
  }
  return carried;
}

} // namespace protocheck::detail
