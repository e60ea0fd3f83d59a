// ASCII message sequence charts (see msc.hpp): first what each step looks like on any chart, then
// how it is drawn on a grid of terminal columns.
#include "checker/report/msc.hpp"

#include <algorithm>
#include <array>
#include <compare>
#include <deque>
#include <map>
#include <optional>
#include <set>

namespace protocheck {

namespace {

// ---- Labels ----

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// The code points of text, one string each, so that a row can be indexed by screen column.
std::vector<std::string> code_points(std::string_view text) {
  std::vector<std::string> points;
  for (char byte : text) {
    if (is_continuation(byte) && !points.empty())
      points.back() += byte;
    else
      points.emplace_back(1, byte);
  }
  return points;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// The first `width` code points of text; when some are cut, the last ones make way for `ellipsis`.
std::string truncate(std::string_view text, std::size_t width, std::string_view ellipsis) {
  const auto points = code_points(text);
  if (points.size() <= width)
    return std::string(text);
  const std::size_t mark = display_width(ellipsis);
  std::string cut;
  for (std::size_t i = 0; i < (width > mark ? width - mark : width); ++i)
    cut += points[i];
  if (width <= mark)
    return cut; // no room for the mark
  while (cut.ends_with(' '))
    cut.pop_back();
  return cut + std::string(ellipsis);
}

// A chart label is one row: a newline or a tab in the model's text would break the grid.
std::string one_line(std::string_view text) {
  std::string line(text);
  for (char &c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  return line;
}

// Models describe a message as "A -> B: what (why)"; the arrow already says who sends to whom.
// Only a prefix with an arrow in it is addressing: in "p1 gets x: it wins" the colon is prose.
std::string_view after_addressing(std::string_view action) {
  const auto colon = action.find(": ");
  if (colon == std::string_view::npos)
    return action;
  const std::string_view prefix = action.substr(0, colon);
  const bool addressing = std::ranges::any_of(std::array{"->", "<-", "→", "←"}, [&](auto arrow) {
    return prefix.find(arrow) != std::string_view::npos;
  });
  const auto rest = trim(action.substr(colon + 2));
  return addressing && !rest.empty() ? rest : action;
}

// "L1 decides retreat" is drawn on L1's lifeline, "p3 receives x from p2" at the head of an arrow
// to p3: the chart already says who.
std::string_view without_actor(std::string_view text, std::string_view actor) {
  if (actor.empty() || !text.starts_with(actor) || text.size() == actor.size())
    return text;
  const char next = text[actor.size()];
  if (next != ' ' && next != ':')
    return text;
  const auto rest = trim(text.substr(actor.size() + 1));
  return rest.empty() ? text : rest;
}

// For a step whose action text is empty.
std::string_view kind_word(EventKind kind) {
  switch (kind) {
  case EventKind::Send:
    return "send";
  case EventKind::Deliver:
    return "receive";
  case EventKind::Transmit:
    return "message";
  case EventKind::Drop:
    return "lost";
  case EventKind::Crash:
    return "crash";
  case EventKind::Decide:
    return "decide";
  case EventKind::Local:
    return "step";
  case EventKind::Adversary:
    return "adversary";
  }
  return "event";
}

// The step in the model's words, without who-to-whom (the lifelines show that).
std::string action_text(const TraceStep &step, ChartShape shape,
                        const std::vector<std::string> &processes) {
  const std::string action = one_line(step.action);
  std::string_view text = trim(action);
  if (shape != ChartShape::Banner)
    text = without_actor(after_addressing(text), processes[step.event.actor]);
  return text.empty() ? std::string(kind_word(step.event.kind)) : std::string(text);
}

// ---- Where each step goes ----

bool travels(EventKind kind) {
  return kind == EventKind::Send || kind == EventKind::Deliver || kind == EventKind::Transmit ||
         kind == EventKind::Drop;
}

// An event without a valid actor belongs to the environment; a message without a valid peer (or
// to itself) is drawn at its actor's lifeline.
ChartStep place(const Event &event, std::size_t processes) {
  ChartStep step;
  step.kind = event.kind;
  if (event.actor >= processes)
    return step;
  step.from = step.to = event.actor;
  const bool has_peer = event.peer < processes && event.peer != event.actor;
  if (!travels(event.kind) || !has_peer) {
    step.shape = ChartShape::Marker;
    return step;
  }
  step.shape = ChartShape::Arrow;
  if (event.kind == EventKind::Deliver)
    step.from = event.peer; // the actor receives what the peer sent
  else
    step.to = event.peer;
  return step;
}

// A message is named by its sender, its code and the identity the model gives it
// (Event::message_id); never by the values a model records, which may differ at delivery.
struct MessageKey {
  std::size_t sender;
  std::uint8_t message;
  std::uint32_t message_id;
  auto operator<=>(const MessageKey &) const = default;
};

struct OutstandingSend {
  std::size_t step;                   // index of the send in the chart
  std::optional<std::size_t> to;      // its receiver; none for a multicast
  std::set<std::size_t> delivered_to; // a multicast's receivers so far
  std::optional<std::size_t> fan;     // the arrow of the step's fan that is this message
};

using InFlight = std::map<MessageKey, std::deque<OutstandingSend>>;

// The send that a delivery (or loss) completes: its step and its message number.
struct CompletedSend {
  std::size_t step;
  std::size_t message;
  bool multicast; // an own multicast Send: each delivery is its own arrow, with no partner
};

// Event::message_id's rule: a delivery (or loss) by `receiver` at step `at` completes the earliest
// send with this key to it, or multicast not yet delivered to it. Messages with the same key cannot
// be told apart, so pairing them first-in first-out is faithful. The send learns its end: a fan
// copy its delivery step (`lost` when the network lost it), a point-to-point send its partner, a
// multicast one more receiver. `fans_only`: only a fan copy may be completed.
std::optional<CompletedSend> complete_send(std::vector<ChartStep> &chart, InFlight &in_flight,
                                           const MessageKey &key, std::size_t receiver,
                                           std::size_t at, bool lost, bool fans_only) {
  const auto sends = in_flight.find(key);
  if (sends == in_flight.end())
    return std::nullopt;
  auto &queue = sends->second;
  const auto match = std::ranges::find_if(queue, [&](const OutstandingSend &send) {
    return send.to ? *send.to == receiver : !send.delivered_to.contains(receiver);
  });
  if (match == queue.end() || (fans_only && !match->fan))
    return std::nullopt;
  const std::size_t step = match->step;
  ChartStep &sender = chart[step];
  if (match->fan) {
    FanArrow &copy = sender.fan[*match->fan];
    copy.delivery = at;
    copy.lost = lost;
    queue.erase(match);
    return CompletedSend{step, copy.message, false};
  }
  const bool multicast = !match->to;
  if (multicast) {
    match->delivered_to.insert(receiver);
  } else {
    sender.partner = at;
    queue.erase(match);
  }
  return CompletedSend{step, sender.message, multicast};
}

void link_messages(std::vector<ChartStep> &chart, const Trace &trace, std::size_t processes) {
  InFlight in_flight;
  std::size_t next_number = 1;
  for (std::size_t i = 0; i < chart.size(); ++i) {
    ChartStep &step = chart[i];
    const Event &event = trace.steps[i].event;
    // The messages the step receives besides its own event (a quorum's further votes), or that
    // the network loses in it (a crashed receiver's): each completes the earliest matching send,
    // as a delivery or a loss does.
    for (FanArrow &arrow : step.fan) {
      if (arrow.kind != EventKind::Deliver && arrow.kind != EventKind::Drop)
        continue;
      const bool lost = arrow.kind == EventKind::Drop; // drawn on the fan arrow of its send
      if (const auto send =
              complete_send(chart, in_flight, {arrow.from, arrow.code, arrow.identity}, arrow.to, i,
                            lost, lost)) {
        arrow.sent_at = send->step;
        arrow.message = send->message;
      }
    }
    // The messages the step sends besides its own event, listed by the model, each to its
    // receiver: the copies of one message (sender, code, identity) share a number. They stand
    // for a multicast's own Send.
    const std::size_t fan_number = next_number;
    std::map<MessageKey, std::size_t> numbers;
    for (std::size_t k = 0; k < step.fan.size(); ++k) {
      FanArrow &arrow = step.fan[k];
      if (arrow.kind != EventKind::Send)
        continue;
      const MessageKey key{arrow.from, arrow.code, arrow.identity};
      const auto [number, added] = numbers.try_emplace(key, next_number);
      if (added)
        ++next_number;
      arrow.message = number->second;
      in_flight[key].push_back({i, arrow.to, {}, k});
    }
    const bool fan_sends = next_number != fan_number;
    if (event.actor >= processes || event.kind == EventKind::Transmit)
      continue;
    if (event.kind == EventKind::Send && event.peer >= processes && fan_sends)
      continue;
    if (event.kind == EventKind::Send) {
      step.message = next_number++;
      const bool multicast = event.peer >= processes;
      in_flight[{event.actor, event.message, event.message_id}].push_back(
          {i, multicast ? std::nullopt : std::optional<std::size_t>(event.peer), {}});
      continue;
    }
    if (event.kind != EventKind::Deliver && event.kind != EventKind::Drop)
      continue;
    // A delivery's peer is the sender; a loss is reported by the sender with the receiver as peer.
    const std::size_t sender = event.kind == EventKind::Deliver ? event.peer : event.actor;
    const std::size_t receiver = event.kind == EventKind::Deliver ? event.actor : event.peer;
    if (const auto send = complete_send(chart, in_flight, {sender, event.message, event.message_id},
                                        receiver, i, event.kind == EventKind::Drop, false)) {
      step.message = send->message;
      if (!send->multicast) // each delivery of a multicast is its own arrow
        step.partner = send->step;
    }
  }
}

// ---- The ASCII grid ----

constexpr std::size_t MarginWidth = 7; // loop bracket, last-step mark, step number, a space
// Columns between lifelines: enough for names and the labels of arrows when the width allows,
// at least Comfortable when it allows that, never less than Min.
constexpr std::size_t MinSpacing = 4;
constexpr std::size_t ComfortableSpacing = 12;
constexpr std::size_t MaxSpacing = 24;
constexpr std::size_t MinNoteWidth = 10; // a note to the right of the chart, or none

struct Grid {
  std::size_t processes = 0;
  std::size_t spacing = MaxSpacing;
  std::size_t max_width = 100;
  std::vector<std::string> lifeline_marks; // ":" for a faulty process, "|" otherwise

  std::size_t lifeline(std::size_t process) const {
    return MarginWidth + process * spacing + spacing / 2;
  }
  std::size_t end() const { return MarginWidth + processes * spacing; }
};

template <class Drawn> std::string number_suffix(const Drawn &step) {
  return step.message == 0 ? std::string() : " #" + std::to_string(step.message);
}

struct ArrowStyle {
  std::string_view body;
  std::string_view head; // drawn pointing right; ">" turns into "<" for a leftward arrow
  std::size_t gap;       // blank cells before the receiver
};

ArrowStyle arrow_style(EventKind kind) {
  if (kind == EventKind::Send)
    return {".", ">", 0}; // on its way
  if (kind == EventKind::Drop)
    return {".", "x", 1}; // never arrives
  return {"-", ">", 0};
}

// Arrows are widened for labels up to this long only: a longer one (a sentence rather than a
// message) is cut anyway, and is easier to read in full to the right of a narrower chart.
constexpr std::size_t LongLabel = 16;

// The spacing at which every name and every short arrow label fits, explanation aside.
std::size_t wanted_spacing(const std::vector<std::string> &processes,
                           const std::vector<ChartStep> &chart) {
  std::size_t spacing = ComfortableSpacing;
  for (const auto &name : processes)
    spacing = std::max(spacing, display_width(name) + 2);
  for (const ChartStep &step : chart) {
    const std::size_t label = display_width(without_explanation(step.label));
    if (step.shape != ChartShape::Arrow || label > LongLabel)
      continue;
    // An arrow over d spacings has d * spacing - 4 cells for its label, one less when it stops
    // short of the receiver (see draw_arrow).
    const std::size_t distance = step.from < step.to ? step.to - step.from : step.from - step.to;
    const std::size_t cells =
        label + display_width(number_suffix(step)) + arrow_style(step.kind).gap + 4;
    spacing = std::max(spacing, (cells + distance - 1) / distance);
  }
  // A fan's label goes between two neighbouring lifelines (see fan_row).
  for (const ChartStep &step : chart)
    for (const std::vector<std::size_t> &arrows : fan_rows(step)) {
      const FanArrow &arrow = step.fan[arrows.front()];
      const std::size_t label = display_width(arrow.label) + display_width(number_suffix(arrow));
      if (label <= LongLabel)
        spacing = std::max(spacing, label + 4);
    }
  return spacing;
}

Grid make_grid(const std::vector<std::string> &processes, const std::vector<ChartStep> &chart,
               const MscOptions &options) {
  Grid grid;
  grid.processes = processes.size();
  grid.max_width = options.max_width;
  if (grid.processes > 0) {
    const std::size_t room = options.max_width > MarginWidth ? options.max_width - MarginWidth : 0;
    const std::size_t widest = std::clamp(room / grid.processes, MinSpacing, MaxSpacing);
    grid.spacing = std::clamp(wanted_spacing(processes, chart), MinSpacing, widest);
  }
  for (std::size_t p = 0; p < grid.processes; ++p)
    grid.lifeline_marks.emplace_back(options.faulty.contains(p) ? ":" : "|");
  return grid;
}

using Row = std::vector<std::string>; // one code point per screen column

void put(Row &row, std::size_t x, std::string_view text) {
  for (auto &point : code_points(text)) {
    if (x >= row.size())
      row.resize(x + 1, " ");
    row[x++] = std::move(point);
  }
}

void put_centered(Row &row, std::size_t center, std::string_view text) {
  put(row, center - std::min(center, display_width(text) / 2), text);
}

void fill(Row &row, std::size_t from, std::size_t to, std::string_view mark) {
  for (std::size_t x = from; x < to; ++x)
    put(row, x, mark);
}

std::size_t content_end(const Row &row) {
  std::size_t end = row.size();
  while (end > 0 && row[end - 1] == " ")
    --end;
  return end;
}

std::string to_line(const Row &row) {
  std::string line;
  for (std::size_t x = 0; x < content_end(row); ++x)
    line += row[x];
  return line + '\n';
}

Row lifelines(const Grid &grid) {
  Row row(grid.end(), " ");
  for (std::size_t p = 0; p < grid.processes; ++p)
    row[grid.lifeline(p)] = grid.lifeline_marks[p];
  return row;
}

// Items separated by `separator`, in lines of at most `width`; continuation lines start with
// `indent`. An item wider than a line is cut.
std::string pack(const std::vector<std::string> &items, std::string_view separator,
                 std::size_t width, std::string_view indent) {
  std::string out;
  std::string line;
  bool line_has_item = false;
  for (const auto &item : items) {
    const std::size_t room = width - std::min(width, display_width(indent));
    const std::string fitted = fit_label(item, std::max<std::size_t>(room, 1));
    if (line_has_item &&
        display_width(line) + display_width(separator) + display_width(fitted) > width) {
      out += line + '\n';
      line = indent;
      line_has_item = false;
    }
    if (line_has_item)
      line += separator;
    line += fitted;
    line_has_item = true;
  }
  if (line_has_item)
    out += line + '\n';
  return out;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> result;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find(' ', start), text.size());
    if (end > start)
      result.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return result;
}

// ---- Drawing the steps ----

std::string header(const Grid &grid, const std::vector<std::string> &processes,
                   const std::set<std::size_t> &faulty) {
  Row names(grid.end(), " ");
  put(names, 2, "step");
  for (std::size_t p = 0; p < grid.processes; ++p)
    put_centered(names, grid.lifeline(p), fit_label(one_line(processes[p]), grid.spacing - 1));
  std::string out = to_line(names);
  Row tags(grid.end(), " ");
  for (const std::size_t p : faulty)
    if (p < grid.processes)
      put_centered(tags, grid.lifeline(p), fit_label("faulty", grid.spacing - 1));
  if (content_end(tags) > 0)
    out += to_line(tags);
  return out + to_line(lifelines(grid));
}

// Loop bracket in column 0, the last step marked in column 1, then the step number.
void mark_margin(Row &row, std::size_t index, const Trace &trace) {
  const std::size_t last = trace.steps.size() - 1;
  if (trace.loop_start && index >= *trace.loop_start)
    row[0] = index == *trace.loop_start || index == last ? "+" : "|";
  if (index == last)
    row[1] = ">";
  const std::string number = std::to_string(index + 1);
  put(row, number.size() <= 4 ? 6 - number.size() : 2, number);
}

// A row of lifelines only, for text that continues a step's: the loop bracket carries on.
Row continuation_row(const Grid &grid, const Trace &trace, std::size_t index, bool before) {
  Row row = lifelines(grid);
  if (row.size() < MarginWidth)
    row.resize(MarginWidth, " ");
  const bool inside =
      trace.loop_start && (before ? index > *trace.loop_start
                                  : index >= *trace.loop_start && index + 1 < trace.steps.size());
  if (inside)
    row[0] = "|";
  return row;
}

// `text` from column `x` of rows[first] on, wrapped at the chart's width onto the rows below
// (added as needed): nothing is cut. `blank`: a blank after each line, so that it never runs into
// a lifeline.
void put_lines(std::vector<Row> &rows, std::size_t first, const Grid &grid, const Trace &trace,
               std::size_t index, std::size_t x, std::string_view text, bool blank = false) {
  const std::size_t room = grid.max_width > x ? grid.max_width - x : 1;
  const std::vector<std::string> lines = wrap_text(text, room);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    while (first + k >= rows.size())
      rows.push_back(continuation_row(grid, trace, index, false));
    put(rows[first + k], x, blank ? lines[k] + " " : lines[k]);
  }
}

// To the right of the chart: the step in the model's words, and the label in full when the arrow
// shows it without its explanation. Where there is no room beside the chart, under the step.
void add_note(std::vector<Row> &rows, const Grid &grid, const Trace &trace, std::size_t index,
              std::string_view text) {
  const std::size_t x = std::max(grid.end() + 1, content_end(rows.front()) + 2);
  if (x + MinNoteWidth > grid.max_width)
    put_lines(rows, rows.size(), grid, trace, index, MarginWidth + 1, text);
  else
    put_lines(rows, 0, grid, trace, index, x, text);
}

// A message too long for its arrow, on rows of its own above it, from the arrow's left end (or
// further left, to stay within the width) over the lifelines it crosses.
std::vector<Row> label_rows(const Grid &grid, const ChartStep &step, const Trace &trace,
                            std::size_t index) {
  const std::size_t left = std::min(grid.lifeline(step.from), grid.lifeline(step.to)) + 2;
  const std::size_t room = grid.max_width > MarginWidth ? grid.max_width - MarginWidth : 1;
  std::vector<Row> rows;
  for (const std::string &line : wrap_text(step.label + number_suffix(step), room)) {
    Row row = continuation_row(grid, trace, index, true);
    const std::size_t width = display_width(line);
    const std::size_t x =
        left + width <= grid.max_width ? left : std::max(MarginWidth, grid.max_width - width);
    put(row, x, line);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The label, then the message number (which it keeps when it can), fitted to `room`: the
// explanation in parentheses may go (the note beside the chart has it), the message never is cut;
// when it does not fit, the arrow carries the number alone and the label goes above it.
std::string numbered_label(const ChartStep &step, std::size_t room) {
  const std::string number = step.message == 0 ? "" : "#" + std::to_string(step.message);
  if (room < display_width(number))
    return {};
  const std::size_t label_room = number.empty() ? room : room - std::min(room, number.size() + 1);
  if (display_width(without_explanation(step.label)) > label_room)
    return number;
  const std::string label = fit_label(step.label, label_room);
  return number.empty() ? label : label + " " + number;
}

// Whether the arrow shows its message: all of the label, or all but its explanation.
bool shows_message(const ChartStep &step, const std::string &drawn) {
  return drawn.starts_with(without_explanation(step.label)) &&
         !without_explanation(step.label).empty();
}

// Returns the label as drawn.
std::string draw_arrow(Row &row, const Grid &grid, const ChartStep &step) {
  const ArrowStyle style = arrow_style(step.kind);
  const std::size_t from = grid.lifeline(step.from);
  const std::size_t to = grid.lifeline(step.to);
  const bool rightwards = from < to;
  std::size_t lo = std::min(from, to) + 1; // the arrow covers [lo, hi)
  std::size_t hi = std::max(from, to);
  if (rightwards)
    hi -= style.gap;
  else
    lo += style.gap;
  fill(row, lo, hi, style.body);
  const std::string_view head = !rightwards && style.head == ">" ? "<" : style.head;
  put(row, rightwards ? hi - 1 : lo, head);
  // The label keeps one body cell on each side and stays off the head.
  const std::size_t span = hi - lo;
  const std::size_t room = span > 3 ? span - 3 : 0;
  const std::string drawn = numbered_label(step, room);
  const std::size_t start = lo + (rightwards ? 1 : 2) + (room - display_width(drawn)) / 2;
  put(row, start, drawn);
  return drawn;
}

std::string_view marker_mark(EventKind kind) {
  switch (kind) {
  case EventKind::Crash:
    return "X";
  case EventKind::Decide:
    return "*";
  case EventKind::Adversary:
    return "!";
  default:
    return "o";
  }
}

// The mark on the lifeline and the label after it, across the lifelines to its right if need be
// (nothing else happens in this row), with a blank after it so it never runs into one.
void draw_marker(std::vector<Row> &rows, const Grid &grid, const ChartStep &step,
                 const Trace &trace, std::size_t index) {
  const std::size_t x = grid.lifeline(step.from);
  put(rows.front(), x, marker_mark(step.kind));
  if (x + 2 + MinNoteWidth <= grid.max_width)
    put_lines(rows, 0, grid, trace, index, x + 2, step.label, true);
  else // no room right of the lifeline: under the step
    put_lines(rows, 1, grid, trace, index, MarginWidth + 1, step.label, true);
}

// The environment acts on everyone: a double rule across all lifelines with the label on it.
void draw_banner(std::vector<Row> &rows, const Grid &grid, const ChartStep &step,
                 const Trace &trace, std::size_t index) {
  const std::size_t from = grid.lifeline(0);
  const std::size_t start = from + 2;
  const std::size_t room = grid.max_width > start + 4 ? grid.max_width - start - 4 : 1;
  const std::vector<std::string> lines = wrap_text(step.label, room);
  const std::size_t last = grid.processes > 0 ? grid.lifeline(grid.processes - 1) + 1 : from;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (k == rows.size())
      rows.push_back(continuation_row(grid, trace, index, false));
    const std::string text = " " + lines[k] + " ";
    fill(rows[k], from, std::min(std::max(last, start + display_width(text) + 2), grid.max_width),
         "=");
    put(rows[k], start, text);
  }
}

// The lifeline mark at column x (a lifeline's column).
std::string row_mark(const Grid &grid, std::size_t x) {
  for (std::size_t p = 0; p < grid.processes; ++p)
    if (grid.lifeline(p) == x)
      return grid.lifeline_marks[p];
  return " ";
}

// One row of a fan: a line from the sender to its farthest receiver on each side, a head before
// each receiver's lifeline, the label (and the message's number) in the widest stretch between
// heads, or on a row of its own above when no stretch holds it.
std::vector<Row> multi_head_row(const Grid &grid, std::size_t sender,
                                const std::vector<std::size_t> &receivers, std::string_view body,
                                const std::string &said, const Trace &trace, std::size_t index,
                                std::string_view lost_mark = "") {
  const std::size_t from = grid.lifeline(sender);
  std::vector<std::size_t> stops{from}; // the sender's lifeline and each receiver's, left to right
  for (const std::size_t receiver : receivers)
    stops.push_back(grid.lifeline(receiver));
  std::ranges::sort(stops);
  Row row = continuation_row(grid, trace, index, false);
  fill(row, stops.front() + 1, stops.back(), body);
  for (std::size_t k = 0; k < stops.size(); ++k) {
    if (stops[k] != from)
      put(row, stops[k] < from ? stops[k] + 1 : stops[k] - 1,
          !lost_mark.empty() ? lost_mark
          : stops[k] < from  ? "<"
                             : ">");
    put(row, stops[k], row_mark(grid, stops[k]));
  }
  std::size_t widest = 0;
  std::size_t at = 0;
  for (std::size_t k = 0; k + 1 < stops.size(); ++k)
    if (stops[k + 1] - stops[k] > widest) {
      widest = stops[k + 1] - stops[k];
      at = stops[k];
    }
  // A stretch of w columns between two stops keeps a body cell and the head clear on each side.
  const std::size_t room = widest > 4 ? widest - 4 : 0;
  if (display_width(said) <= room) {
    put(row, at + 2 + (room - display_width(said)) / 2, said);
    return {row};
  }
  std::vector<Row> rows;
  const std::size_t left = stops.front() + 2;
  const std::size_t width = grid.max_width > left ? grid.max_width - left : 1;
  for (const std::string &line : wrap_text(said, width)) {
    Row above = continuation_row(grid, trace, index, false);
    put(above, left, line);
    rows.push_back(std::move(above));
  }
  rows.push_back(std::move(row));
  return rows;
}

std::vector<Row> fan_row(const Grid &grid, const ChartStep &step,
                         const std::vector<std::size_t> &arrows, const Trace &trace,
                         std::size_t index) {
  const FanArrow &first = step.fan[arrows.front()];
  std::vector<std::size_t> receivers;
  for (const std::size_t k : arrows)
    receivers.push_back(step.fan[k].to);
  // A copy lost on its way (a crashed receiver's) ends in the mark of a loss, not a head.
  return multi_head_row(grid, first.from, receivers, arrow_style(first.kind).body,
                        first.label + number_suffix(first), trace, index,
                        first.kind == EventKind::Drop ? arrow_style(first.kind).head : "");
}

// After the last step, who waits for whom (a deadlock's wait-for graph): one wavy arrow each.
std::vector<Row> wait_rows(const Grid &grid, const Trace &trace) {
  std::vector<Row> rows;
  if (trace.steps.empty())
    return rows;
  for (const WaitEdge &edge : trace.waiting) {
    if (edge.waiter >= grid.processes || edge.waited_for >= grid.processes ||
        edge.waiter == edge.waited_for)
      continue;
    std::vector<Row> drawn = multi_head_row(grid, edge.waiter, {edge.waited_for}, "~",
                                            waits_label(edge), trace, trace.steps.size() - 1);
    rows.insert(rows.end(), drawn.begin(), drawn.end());
  }
  return rows;
}

// The step's row (with its number in the margin), and the rows its text needs above or below:
// no label, note or marker text is ever cut.
std::vector<Row> step_rows(const Grid &grid, const ChartStep &step, const Trace &trace,
                           std::size_t index) {
  std::vector<Row> rows{lifelines(grid)};
  mark_margin(rows.front(), index, trace);
  std::vector<Row> above;
  switch (step.shape) {
  case ChartShape::Arrow: {
    const std::string drawn = draw_arrow(rows.front(), grid, step);
    const bool shown = shows_message(step, drawn);
    if (!shown)
      above = label_rows(grid, step, trace, index);
    // The label in full beside the chart when the arrow dropped its explanation; the words of
    // the step when they say more.
    const bool whole = !shown || drawn == step.label + number_suffix(step);
    const std::string note = arrow_note(step, whole ? "" : step.label);
    if (!note.empty() && note != drawn)
      add_note(rows, grid, trace, index, note);
    break;
  }
  case ChartShape::Marker:
    draw_marker(rows, grid, step, trace, index);
    break;
  case ChartShape::Banner:
    draw_banner(rows, grid, step, trace, index);
    break;
  }
  above.insert(above.end(), rows.begin(), rows.end());
  for (const std::vector<std::size_t> &arrows : fan_rows(step)) {
    std::vector<Row> fan = fan_row(grid, step, arrows, trace, index);
    above.insert(above.end(), fan.begin(), fan.end());
  }
  return above;
}

// ---- Under the chart ----

bool any_step(const std::vector<ChartStep> &chart, ChartShape shape, EventKind kind) {
  return std::ranges::any_of(
      chart, [&](const ChartStep &step) { return step.shape == shape && step.kind == kind; });
}

std::string legend(const std::vector<ChartStep> &chart, const Grid &grid, bool has_faulty,
                   bool waits) {
  std::vector<std::string> entries;
  const auto arrow = [&](EventKind kind) {
    return any_step(chart, ChartShape::Arrow, kind) ||
           std::ranges::any_of(chart, [&](const ChartStep &step) {
             return std::ranges::any_of(step.fan,
                                        [&](const FanArrow &fan) { return fan.kind == kind; });
           });
  };
  const auto marker = [&](EventKind kind) { return any_step(chart, ChartShape::Marker, kind); };
  if (arrow(EventKind::Transmit) || arrow(EventKind::Deliver))
    entries.emplace_back("--> message received");
  if (arrow(EventKind::Send))
    entries.emplace_back("..> message sent, #k: the same message later");
  if (arrow(EventKind::Drop))
    entries.emplace_back("..x message lost");
  if (marker(EventKind::Crash))
    entries.emplace_back("X crash");
  if (marker(EventKind::Decide))
    entries.emplace_back("* decision");
  if (marker(EventKind::Adversary))
    entries.emplace_back("! adversary");
  if (marker(EventKind::Local) || marker(EventKind::Send) || marker(EventKind::Deliver) ||
      marker(EventKind::Transmit) || marker(EventKind::Drop))
    entries.emplace_back("o local step");
  if (std::ranges::any_of(chart, [](const ChartStep &s) { return s.shape == ChartShape::Banner; }))
    entries.emplace_back("== environment");
  if (waits)
    entries.emplace_back("~~> waits for, at the end");
  if (has_faulty)
    entries.emplace_back(": faulty process");
  if (entries.empty())
    return {};
  entries.insert(entries.begin(), "legend:");
  return pack(entries, "   ", grid.max_width, "        ");
}

std::string footer(const Trace &trace, const std::vector<ChartStep> &chart,
                   const std::vector<std::string> &processes, const Grid &grid,
                   const MscOptions &options) {
  std::string out;
  const std::size_t count = chart.size();
  if (trace.loop_start && *trace.loop_start < count) {
    const std::size_t first = *trace.loop_start + 1;
    out += first == count ? "+ step " + std::to_string(count) + " repeats forever\n"
                          : "+ steps " + std::to_string(first) + "-" + std::to_string(count) +
                                " repeat forever\n";
  }
  std::vector<std::string> in_flight{"in flight at the end:"};
  for (const ChartStep &step : chart) {
    if (step.kind == EventKind::Send && step.shape == ChartShape::Arrow && !step.partner)
      in_flight.push_back("#" + std::to_string(step.message));
    for (const FanArrow &arrow : step.fan)
      if (arrow.kind == EventKind::Send && !arrow.delivery && arrow.to < grid.processes)
        in_flight.push_back("#" + std::to_string(arrow.message) + " to " + processes[arrow.to]);
  }
  if (in_flight.size() > 1)
    out += pack(in_flight, " ", grid.max_width, "  ");
  if (count > 0) {
    const std::string said = options.caption.empty() ? "the last step" : one_line(options.caption);
    std::vector<std::string> items = words("> step " + std::to_string(count) + ": " + said);
    items.front().insert(0, " "); // under the mark in column 1
    out += pack(items, " ", grid.max_width, "   ");
  } else {
    out += "(no steps)\n";
  }
  bool has_faulty =
      std::ranges::any_of(options.faulty, [&](std::size_t p) { return p < grid.processes; });
  return out + legend(chart, grid, has_faulty, !trace.waiting.empty());
}

} // namespace

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return !is_continuation(c); }));
}

std::string_view without_explanation(std::string_view label) {
  const auto open = label.rfind(" (");
  if (!label.ends_with(')') || open == std::string_view::npos)
    return label;
  const auto shorter = trim(label.substr(0, open));
  return shorter.empty() ? label : shorter;
}

std::vector<std::string> wrap_text(std::string_view text, std::size_t width) {
  width = std::max<std::size_t>(width, 1);
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  for (const std::string &word : words(text)) {
    std::vector<std::string> points = code_points(word);
    if (line_width > 0 && line_width + 1 + points.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
    }
    if (line_width > 0) {
      line += ' ';
      ++line_width;
    }
    for (std::string &point : points) { // a word longer than a line goes on over several
      if (line_width == width) {
        lines.push_back(std::move(line));
        line.clear();
        line_width = 0;
      }
      line += point;
      ++line_width;
    }
  }
  if (line_width > 0)
    lines.push_back(std::move(line));
  return lines;
}

std::string fit_label(std::string_view label, std::size_t width, std::string_view ellipsis) {
  if (display_width(label) <= width)
    return std::string(label);
  // The explanation in parentheses is the part a reader misses least.
  label = without_explanation(label);
  if (display_width(label) <= width)
    return std::string(label);
  return truncate(label, width, ellipsis);
}

std::string arrow_note(const ChartStep &step, const std::string &cut_label) {
  if (step.detail == step.label)
    return cut_label;
  return cut_label + (cut_label.empty() ? "" : " — ") + step.detail;
}

std::string waits_label(const WaitEdge &edge) {
  return edge.what.empty() ? "waits" : "waits for " + edge.what;
}

std::vector<std::vector<std::size_t>> fan_rows(const ChartStep &step) {
  std::vector<std::vector<std::size_t>> rows;
  for (std::size_t k = 0; k < step.fan.size(); ++k) {
    const FanArrow &arrow = step.fan[k];
    const auto same = std::ranges::find_if(rows, [&](const std::vector<std::size_t> &row) {
      const FanArrow &other = step.fan[row.front()];
      return other.from == arrow.from && other.kind == arrow.kind && other.label == arrow.label &&
             other.message == arrow.message;
    });
    if (same == rows.end())
      rows.push_back({k});
    else
      same->push_back(k);
  }
  return rows;
}

std::vector<ChartStep> chart_steps(const Trace &trace, const std::vector<std::string> &processes) {
  std::vector<ChartStep> chart;
  chart.reserve(trace.steps.size());
  for (const TraceStep &step : trace.steps) {
    ChartStep placed = place(step.event, processes.size());
    placed.detail = action_text(step, placed.shape, processes);
    // An arrow is labelled with the message itself when the model names it (message_label).
    const bool names_message = placed.shape == ChartShape::Arrow && !step.message.empty();
    placed.label = names_message ? one_line(step.message) : placed.detail;
    for (const CarriedMessage &carried : step.carried) {
      const Event &message = carried.event;
      if (message.actor >= processes.size() || message.peer >= processes.size() ||
          message.actor == message.peer)
        continue; // nothing to draw between lifelines
      const bool received = message.kind == EventKind::Deliver; // its actor is the receiver
      FanArrow arrow;
      arrow.kind = message.kind;
      arrow.from = received ? message.peer : message.actor;
      arrow.to = received ? message.actor : message.peer;
      arrow.label =
          carried.label.empty() ? std::string(kind_word(message.kind)) : one_line(carried.label);
      arrow.code = message.message;
      arrow.identity = message.message_id;
      placed.fan.push_back(std::move(arrow));
    }
    chart.push_back(std::move(placed));
  }
  link_messages(chart, trace, processes.size());
  return chart;
}

std::string render_msc(const Trace &trace, const std::vector<std::string> &processes,
                       const MscOptions &options) {
  const std::vector<ChartStep> chart = chart_steps(trace, processes);
  const Grid grid = make_grid(processes, chart, options);
  std::string out = header(grid, processes, options.faulty);
  for (std::size_t i = 0; i < chart.size(); ++i)
    for (const Row &row : step_rows(grid, chart[i], trace, i))
      out += to_line(row);
  for (const Row &row : wait_rows(grid, trace))
    out += to_line(row);
  out += to_line(lifelines(grid));
  return out + footer(trace, chart, processes, grid, options);
}

} // namespace protocheck
