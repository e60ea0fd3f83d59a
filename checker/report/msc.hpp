// Message sequence charts of a trace: one lifeline per process, time going down, arrows for
// messages. Drawn from the protocol-neutral events of the trace alone, so every model gets charts
// without chart code of its own. render_msc draws for a terminal; svg.hpp draws the same chart as
// an image.
#pragma once

#include <protocheck/report.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

struct MscOptions {
  std::set<std::size_t> faulty; // process indices to draw as faulty (traitors, crash-prone, ...)
  std::string caption;          // said of the last step, e.g. the violated property and why
  std::size_t max_width = 100;  // columns; every line fits for up to 7 processes
};

// The trace as an ASCII chart, one row per step, step numbers from 1.
std::string render_msc(const Trace &trace, const std::vector<std::string> &processes,
                       const MscOptions &options = {});

// ---- The chart both renderers draw: what each step looks like, independent of the medium ----

enum class ChartShape : std::uint8_t {
  Arrow,  // a message from process `from` to process `to`
  Marker, // something at one lifeline (`from`): a crash, a decision, a local step, ...
  Banner, // something the environment does (no actor): drawn across all lifelines
};

// One arrow of a fan: a message a step carries besides its own event (a copy of a multicast, a
// message of a synchronous round; Model::carried_messages).
struct FanArrow {
  EventKind kind = EventKind::Transmit; // Send: delivered by a later step (or never); Transmit:
                                        // delivered within the step; Deliver: sent earlier
  std::size_t from = 0;                 // the sender
  std::size_t to = 0;                   // the receiver
  std::string label;
  std::size_t message = 0;             // as ChartStep::message: a Send's number, shared by its step
  std::optional<std::size_t> delivery; // the step that delivers a Send (or loses it: `lost`)
  bool lost = false;                   // a Send that the network lost at step `delivery`
  std::optional<std::size_t> sent_at;  // the step that sent a Deliver (its arrow is drawn there)
  std::uint8_t code = 0;               // Event::message and Event::message_id, which pair a Send
  std::uint32_t identity = 0;          // with its Deliver
};

struct ChartStep {
  ChartShape shape = ChartShape::Banner;
  EventKind kind = EventKind::Local;
  std::size_t from = 0;
  std::size_t to = 0;
  // Asynchronous messages are numbered 1, 2, ... in the order they are sent; a delivery or a loss
  // carries the number of the send it completes (paired by the model's message identity, see
  // Event::message_id). 0: no number (a synchronous message, or no matching send).
  std::size_t message = 0;
  // Index of the step at the other end of a point-to-point message (a multicast's deliveries are
  // each drawn as an arrow of their own, carrying the multicast's number).
  std::optional<std::size_t> partner;
  std::string label;  // an arrow's message (message_label), else the step's words (as detail)
  std::string detail; // the step in the model's words, without who-to-whom
  std::vector<FanArrow> fan; // the messages it carries, when it carries several
};

// A fan's arrows grouped as drawn: those of one sender, one kind and one label go in one row (one
// line with a head at each receiver). Indices into ChartStep::fan, in order of first appearance.
std::vector<std::vector<std::size_t>> fan_rows(const ChartStep &step);

// The label of a wait-for edge: "waits for p2's vote".
std::string waits_label(const WaitEdge &edge);

std::vector<ChartStep> chart_steps(const Trace &trace, const std::vector<std::string> &processes);

// The note beside an arrow: `cut_label`, the arrow's label in full when the arrow shows it cut
// (empty otherwise), then the step in the model's words when they say more than the message
// ("retreat (traitor; C told it attack)").
std::string arrow_note(const ChartStep &step, const std::string &cut_label);

// Width of text on a terminal, counting UTF-8 code points.
std::size_t display_width(std::string_view text);

// "attack (relaying the commander's order)" without its explanation: "attack".
std::string_view without_explanation(std::string_view label);

// The words of `text` in lines of at most `width` code points (at least 1); a word longer than a
// line is split across lines, so nothing is cut.
std::vector<std::string> wrap_text(std::string_view text, std::size_t width);

// `label` cut to at most `width` code points: first without a trailing "(explanation)", then
// truncated with `ellipsis` at the end.
std::string fit_label(std::string_view label, std::size_t width, std::string_view ellipsis = "~");

} // namespace protocheck
