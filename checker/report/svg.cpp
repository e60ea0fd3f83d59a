// SVG message sequence charts (see svg.hpp): the layout in pixels, then one function per shape.
// Sizes are whole pixels and text widths are estimated generously, so that the room made for a
// text by the estimate holds it in any common sans-serif font. Nothing is cut: the chart widens
// for the longest label, marker text and note.
#include "checker/report/svg.hpp"

#include "checker/report/msc.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>

namespace protocheck {

namespace {

// ---- Escaping ----

// Length of the well-formed UTF-8 sequence at text[i] of a character XML may carry, or 0.
std::size_t xml_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    point = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    point = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0u) != 0x80u)
      return 0;
    point = (point << 6) | (byte & 0x3Fu);
  }
  constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool overlong = point < smallest[length];
  const bool surrogate = point >= 0xD800 && point <= 0xDFFF;
  const bool not_a_character = point == 0xFFFE || point == 0xFFFF || point > 0x10FFFF;
  return overlong || surrogate || not_a_character ? 0 : length;
}

// ---- Layout ----

constexpr int Margin = 24;
constexpr int FontSize = 13;
constexpr int CharWidth = 8; // a generous average advance at FontSize: labels are cut by it
constexpr int TitleSize = 18;
constexpr int LineHeight = 18;
constexpr int StepColumn = 56; // loop bracket and step numbers, left of the first lifeline
constexpr int MinGap = 150;    // between lifelines
constexpr int RowHeight = 34;
constexpr int BannerHalf = 12; // half the height of an environment step's box
constexpr int HeadHeight = 30;

constexpr std::string_view Ink = "#222222";
constexpr std::string_view Muted = "#666666";
constexpr std::string_view Faulty = "#c62828";
constexpr std::string_view Decision = "#1565c0";
constexpr std::string_view Environment = "#ef6c00";
constexpr std::string_view LoopColor = "#6a1b9a";
constexpr std::string_view Highlight = "#fff1b8";
constexpr std::string_view Waiting = "#ad1457";

int text_width(std::string_view text, int size = FontSize) {
  return static_cast<int>(display_width(text)) * CharWidth * size / FontSize;
}

std::size_t chars_in(int pixels) {
  return pixels > 0 ? static_cast<std::size_t>(pixels / CharWidth) : 0;
}

enum class Anchor : std::uint8_t { Start, Middle, End };

// The rows of a fan drawn in a step's band below its own row: those of messages delivered within
// the step (a synchronous round's, a synchronous multicast's), and of further messages it
// receives whose send is not on the chart. A message delivered later is drawn down to its
// delivery instead, one received from an earlier send down from there.
std::vector<std::vector<std::size_t>> level_fan_rows(const ChartStep &step) {
  std::vector<std::vector<std::size_t>> rows;
  for (auto &row : fan_rows(step)) {
    if (step.fan[row.front()].kind == EventKind::Send)
      continue;
    std::erase_if(row, [&](std::size_t k) { return step.fan[k].sent_at.has_value(); });
    if (!row.empty())
      rows.push_back(std::move(row));
  }
  return rows;
}

// The rows of a fan whose messages run down to later deliveries (or to the end of the chart).
std::vector<std::vector<std::size_t>> later_fan_rows(const ChartStep &step) {
  std::vector<std::vector<std::size_t>> rows;
  for (auto &row : fan_rows(step))
    if (step.fan[row.front()].kind == EventKind::Send)
      rows.push_back(std::move(row));
  return rows;
}

struct Layout {
  std::size_t processes = 0;
  std::size_t steps = 0;
  int gap = MinGap;
  int width = 0;
  int top = Margin; // y of the process heads
  int notes_x = 0;  // where the notes beside arrows go (the step's words, a label in full)
  std::vector<std::string> caption;
  // Per step, the rows above it (its own and its level fan rows); one more entry for the end.
  std::vector<int> rows_before{0};

  int x(std::size_t process) const {
    return Margin + StepColumn + gap / 2 + static_cast<int>(process) * gap;
  }
  int row_y(std::size_t step) const {
    return top + HeadHeight + RowHeight * (1 + rows_before[std::min(step, steps)]);
  }
  // The k-th fan row under the step's own row.
  int fan_y(std::size_t step, std::size_t k) const {
    return row_y(step) + RowHeight * static_cast<int>(k + 1);
  }
  int rows_of(std::size_t step) const { return rows_before[step + 1] - rows_before[step]; }
  // The k-th wait-for row, at the end of the last step's band.
  int wait_y(std::size_t k) const { return row_y(steps) - RowHeight * static_cast<int>(waits - k); }
  std::size_t waits = 0; // wait-for rows (Trace::waiting)
  int chart_bottom() const { return row_y(steps); }
  // The colour behind text with this baseline: the last step's rows are highlighted.
  std::string_view backing(int baseline) const {
    if (steps == 0)
      return "white";
    const int middle = baseline - FontSize / 2;
    const int first = row_y(steps - 1) - RowHeight / 2;
    const bool last_step = middle > first && middle < first + RowHeight * rows_of(steps - 1);
    return last_step ? Highlight : "white";
  }
};

// What becomes of the message that an arrow step draws.
enum class Fate : std::uint8_t { Arrives, Lost, InFlight };

Fate fate_of(const std::vector<ChartStep> &chart, std::size_t index) {
  const ChartStep &step = chart[index];
  if (step.kind == EventKind::Drop)
    return Fate::Lost;
  if (step.kind != EventKind::Send)
    return Fate::Arrives;
  if (!step.partner)
    return Fate::InFlight;
  return chart[*step.partner].kind == EventKind::Drop ? Fate::Lost : Fate::Arrives;
}

std::string fate_suffix(Fate fate) {
  return fate == Fate::Lost ? " (lost)" : fate == Fate::InFlight ? " (in flight)" : "";
}

// A delivery or loss is drawn with its send, as one arrow.
bool draws_arrow(const ChartStep &step) {
  return step.shape == ChartShape::Arrow && (step.kind == EventKind::Send || !step.partner);
}

// What an arrow `span` pixels wide says, with the message's fate: the label whole when it fits,
// without its explanation when only that fits (the note beside the chart has the rest), and else
// whole again, running past the arrow's end (see label_place).
std::string arrow_label(const ChartStep &step, Fate fate, int span) {
  const std::string suffix = fate_suffix(fate);
  const std::size_t room = chars_in(span - 3 * CharWidth); // clear of both ends
  const std::string whole = step.label + suffix;
  if (display_width(whole) <= room)
    return whole;
  const std::string shorter = std::string(without_explanation(step.label)) + suffix;
  return display_width(shorter) <= room ? shorter : whole;
}

int arrow_span(const ChartStep &step, int gap) {
  return std::abs(static_cast<int>(step.to) - static_cast<int>(step.from)) * gap;
}

// Where an arrow's label goes, and how it is anchored: over a level arrow's middle when it fits
// the arrow, else from its left end on, over the lifelines it passes; for a slanted one (a send,
// drawn down to its delivery), beside its start in the row of its send, leftwards when there is
// room.
struct LabelPlace {
  int x = 0;
  Anchor anchor = Anchor::Start;
};

// A level arrow's label, the arrow running from x `a` to x `b`: over its middle when it fits
// there, else from its left end on.
LabelPlace level_label_place(int a, int b, std::string_view said) {
  if (text_width(said) <= std::abs(b - a) - 3 * CharWidth)
    return {(a + b) / 2, Anchor::Middle};
  return {std::min(a, b) + 10, Anchor::Start};
}

// A slanted arrow's label, beside its start at x `from`: leftwards when the arrow goes left and
// there is room, else rightwards.
LabelPlace beside_start_place(int from, bool leftwards, std::string_view said) {
  const bool room_left = from - 10 - text_width(said) > Margin + StepColumn;
  if (leftwards && room_left)
    return {from - 10, Anchor::End};
  return {from + 10, Anchor::Start};
}

LabelPlace label_place(const Layout &layout, const ChartStep &step, Fate fate,
                       const std::string &said) {
  const int x1 = layout.x(step.from);
  const int x2 = layout.x(step.to);
  const int end_x = fate == Fate::Lost ? (x1 + x2) / 2 : x2;
  if (step.kind == EventKind::Send)
    return beside_start_place(x1, x1 > x2, said);
  return level_label_place(x1, end_x, said);
}

// The note beside an arrow: the label in full when the arrow shows it without its explanation,
// then the step's words when they say more. A delivery drawn with its send has the step's words
// alone.
std::string note_of(const std::vector<ChartStep> &chart, std::size_t index, int gap) {
  const ChartStep &step = chart[index];
  if (step.shape != ChartShape::Arrow)
    return {};
  if (!draws_arrow(step))
    return arrow_note(step, "");
  const Fate fate = fate_of(chart, index);
  const std::string full = step.label + fate_suffix(fate);
  const std::string said = arrow_label(step, fate, arrow_span(step, gap));
  return arrow_note(step, said != full ? full : "");
}

// The left end of the environment's box, and the right end its words need (the layout makes
// room for that; the box spans every lifeline besides).
int banner_left(const Layout &layout) { return layout.x(0) - layout.gap / 2 + 8; }
int banner_text_end(const Layout &layout, const ChartStep &step) {
  return banner_left(layout) + 8 + text_width(step.label) + 8;
}

// ---- Fans: the messages a step carries when it carries several ----

// The label of a row of a fan that is delivered within the step: over the stretch from the
// sender to its nearest receiver when it fits there, else from the left end of that stretch on.
LabelPlace level_fan_label_place(const Layout &layout, const ChartStep &step,
                                 const std::vector<std::size_t> &arrows) {
  const int from = layout.x(step.fan[arrows.front()].from);
  int nearest = layout.x(step.fan[arrows.front()].to);
  for (const std::size_t k : arrows)
    if (std::abs(layout.x(step.fan[k].to) - from) < std::abs(nearest - from))
      nearest = layout.x(step.fan[k].to);
  return level_label_place(from, nearest, step.fan[arrows.front()].label);
}

// The messages a step sends on to later deliveries are labelled beside their start. They start in
// the step's row when nothing else of the step is written there: when the step is a delivery drawn
// with its send (else a marker's words, a banner, or the step's own arrow and its label would meet
// them).
bool labels_later_fan(const ChartStep &step) {
  return step.shape == ChartShape::Arrow && !draws_arrow(step);
}

// Otherwise a step that sends on to later deliveries gets rows of its own under its band for
// those sends, one per sender (a round's senders would write over each other in one), so that
// they are labelled too: each sender's arrows start in its row, beside its label.
bool has_onward_rows(const ChartStep &step) {
  return !labels_later_fan(step) && !later_fan_rows(step).empty();
}

// The senders of a step's later fan, in the order of their first arrow.
std::vector<std::size_t> onward_senders(const ChartStep &step) {
  std::vector<std::size_t> senders;
  for (const std::vector<std::size_t> &arrows : later_fan_rows(step))
    if (std::ranges::find(senders, step.fan[arrows.front()].from) == senders.end())
      senders.push_back(step.fan[arrows.front()].from);
  return senders;
}

// The rows a step takes: its own, one per level fan row, and its onward rows.
int step_rows(const ChartStep &step) {
  return 1 + static_cast<int>(level_fan_rows(step).size()) +
         (has_onward_rows(step) ? static_cast<int>(onward_senders(step).size()) : 0);
}

// One label per sender: the messages it sends, each named once ("prepare(...), commit(...)").
struct LaterFanLabel {
  std::size_t sender = 0;
  std::string text;
  std::set<std::string> named; // the labels already in text
  bool all_left = true;        // every arrow of the sender runs leftwards
};

std::vector<LaterFanLabel> later_fan_labels(const Layout &layout, const ChartStep &step) {
  std::vector<LaterFanLabel> labels;
  for (const std::vector<std::size_t> &arrows : later_fan_rows(step)) {
    const FanArrow &first = step.fan[arrows.front()];
    auto it = std::ranges::find_if(
        labels, [&](const LaterFanLabel &label) { return label.sender == first.from; });
    if (it == labels.end()) {
      labels.push_back({first.from, first.label, {first.label}, true});
      it = labels.end() - 1;
    } else if (it->named.insert(first.label).second) {
      it->text += ", " + first.label;
    }
    for (const std::size_t k : arrows)
      it->all_left = it->all_left && layout.x(step.fan[k].to) < layout.x(first.from);
  }
  return labels;
}

LabelPlace later_fan_label_place(const Layout &layout, const LaterFanLabel &label) {
  return beside_start_place(layout.x(label.sender), label.all_left, label.text);
}

int right_of(const LabelPlace &place, std::string_view said) {
  const int width = text_width(said);
  return place.anchor == Anchor::Start    ? place.x + width
         : place.anchor == Anchor::Middle ? place.x + width / 2
                                          : place.x;
}

// The right end of the labels of a step's fan.
int fan_text_right(const Layout &layout, const ChartStep &step) {
  int right = 0;
  for (const std::vector<std::size_t> &arrows : level_fan_rows(step))
    right = std::max(right, right_of(level_fan_label_place(layout, step, arrows),
                                     step.fan[arrows.front()].label));
  for (const LaterFanLabel &label : later_fan_labels(layout, step))
    right = std::max(right, right_of(later_fan_label_place(layout, label), label.text));
  return right;
}

// The wait-for edges a chart can draw: between two different lifelines.
std::vector<WaitEdge> drawn_waits(const Trace &trace, std::size_t processes) {
  std::vector<WaitEdge> drawn;
  for (const WaitEdge &edge : trace.waiting)
    if (edge.waiter < processes && edge.waited_for < processes && edge.waiter != edge.waited_for)
      drawn.push_back(edge);
  return drawn;
}

// A wait-for edge's label: over its arrow when it fits, else from the arrow's left end on.
LabelPlace wait_label_place(const Layout &layout, const WaitEdge &edge) {
  return level_label_place(layout.x(edge.waiter), layout.x(edge.waited_for), waits_label(edge));
}

// The right end of the text of the step's own event.
int own_text_right(const Layout &layout, const std::vector<ChartStep> &chart, std::size_t index) {
  const ChartStep &step = chart[index];
  switch (step.shape) {
  case ChartShape::Arrow: {
    if (!draws_arrow(step))
      return 0;
    const Fate fate = fate_of(chart, index);
    const std::string said = arrow_label(step, fate, arrow_span(step, layout.gap));
    return right_of(label_place(layout, step, fate, said), said);
  }
  case ChartShape::Marker:
    return layout.x(step.from) + 12 + text_width(step.label);
  case ChartShape::Banner:
    return banner_text_end(layout, step);
  }
  return 0;
}

// The right end of the text a step draws in the chart (not its note): the chart is made wide
// enough for it.
int text_right(const Layout &layout, const std::vector<ChartStep> &chart, std::size_t index) {
  return std::max(own_text_right(layout, chart, index), fan_text_right(layout, chart[index]));
}

Layout make_layout(const Trace &trace, const std::vector<std::string> &processes,
                   const std::vector<ChartStep> &chart, const SvgOptions &options) {
  Layout layout;
  layout.processes = processes.size();
  layout.steps = trace.steps.size();
  for (const ChartStep &step : chart)
    layout.rows_before.push_back(layout.rows_before.back() + step_rows(step));
  if (!chart.empty()) { // who waits for whom, drawn in the last step's band
    layout.waits = drawn_waits(trace, processes.size()).size();
    layout.rows_before.back() += static_cast<int>(layout.waits);
  }
  for (const auto &name : processes)
    layout.gap = std::max(layout.gap, text_width(name, FontSize) + 48);
  const int columns = static_cast<int>(std::max<std::size_t>(processes.size(), 1));
  int chart_right = Margin + StepColumn + columns * layout.gap;
  std::size_t widest_note = 0;
  const std::vector<WaitEdge> waits = drawn_waits(trace, processes.size());
  for (std::size_t k = 0; k < waits.size(); ++k)
    chart_right = std::max(
        chart_right, right_of(wait_label_place(layout, waits[k]), waits_label(waits[k])) + 12);
  for (std::size_t i = 0; i < chart.size(); ++i) {
    chart_right = std::max(chart_right, text_right(layout, chart, i) + 12);
    widest_note = std::max(widest_note, display_width(note_of(chart, i, layout.gap)));
  }
  int right = chart_right;
  if (widest_note > 0) {
    layout.notes_x = chart_right + 8;
    right = layout.notes_x + static_cast<int>(widest_note) * CharWidth;
  }
  layout.width = std::max(right + Margin, text_width(options.title, TitleSize) + 2 * Margin);
  layout.caption = wrap_text(options.caption, chars_in(layout.width - 2 * Margin));
  int y = Margin;
  if (!options.title.empty())
    y += TitleSize + 8;
  y += static_cast<int>(layout.caption.size()) * LineHeight;
  layout.top = y == Margin ? Margin : y + 12;
  return layout;
}

// ---- SVG elements ----

std::string px(int value) { return std::to_string(value); }

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

std::string attribute(std::string_view name, int value) { return attribute(name, px(value)); }

void line(std::string &svg, int x1, int y1, int x2, int y2, std::string_view color,
          std::string_view extra = {}) {
  svg += "<line" + attribute("x1", x1) + attribute("y1", y1) + attribute("x2", x2) +
         attribute("y2", y2) + attribute("stroke", color) + std::string(extra) + "/>\n";
}

void rect(std::string &svg, int x, int y, int width, int height, std::string_view fill,
          std::string_view extra = {}) {
  svg += "<rect" + attribute("x", x) + attribute("y", y) + attribute("width", width) +
         attribute("height", height) + attribute("fill", fill) + std::string(extra) + "/>\n";
}

struct TextStyle {
  Anchor anchor = Anchor::Start;
  std::string_view color = Ink;
  int size = FontSize;
  bool bold = false;
  bool italic = false;
  std::string_view backing = "white"; // for label()
};

void text(std::string &svg, int x, int y, std::string_view content, const TextStyle &style = {}) {
  constexpr std::string_view anchors[] = {"start", "middle", "end"};
  svg += "<text" + attribute("x", x) + attribute("y", y) +
         attribute("text-anchor", anchors[static_cast<int>(style.anchor)]) +
         attribute("fill", style.color);
  if (style.size != FontSize)
    svg += attribute("font-size", style.size);
  if (style.bold)
    svg += attribute("font-weight", "bold");
  if (style.italic)
    svg += attribute("font-style", "italic");
  svg += ">" + xml_escape(content) + "</text>\n";
}

// Text on a white backing, so that the lifelines it crosses do not strike through it.
void label(std::string &svg, int x, int y, std::string_view content, const TextStyle &style = {}) {
  if (content.empty())
    return;
  const int width = text_width(content, style.size) + 4;
  const int left = style.anchor == Anchor::Middle ? x - width / 2
                   : style.anchor == Anchor::End  ? x - width + 2
                                                  : x - 2;
  rect(svg, left, y - style.size + 1, width, style.size + 1, style.backing,
       " fill-opacity=\"0.85\""); // down to the baseline only, clear of the arrow under it
  text(svg, x, y, content, style);
}

void cross(std::string &svg, int x, int y, std::string_view color, int half) {
  const std::string stroke = " stroke-width=\"2.5\" stroke-linecap=\"round\"";
  line(svg, x - half, y - half, x + half, y + half, color, stroke);
  line(svg, x - half, y + half, x + half, y - half, color, stroke);
}

EventKind glyph_kind(EventKind kind) {
  const bool own =
      kind == EventKind::Crash || kind == EventKind::Decide || kind == EventKind::Adversary;
  return own ? kind : EventKind::Local;
}

// The mark a marker step leaves on its lifeline (also drawn in the legend).
void glyph(std::string &svg, EventKind kind, int x, int y) {
  switch (glyph_kind(kind)) {
  case EventKind::Crash:
    cross(svg, x, y, Faulty, 7);
    break;
  case EventKind::Decide:
    svg += "<circle" + attribute("cx", x) + attribute("cy", y) + attribute("r", 6) +
           attribute("fill", Decision) + "/>\n";
    break;
  case EventKind::Adversary:
    svg += "<polygon" +
           attribute("points", px(x) + "," + px(y - 7) + " " + px(x + 7) + "," + px(y) + " " +
                                   px(x) + "," + px(y + 7) + " " + px(x - 7) + "," + px(y)) +
           attribute("fill", Environment) + "/>\n";
    break;
  default:
    rect(svg, x - 5, y - 5, 10, 10, "white",
         attribute("stroke", Ink) + attribute("stroke-width", "1.5"));
    break;
  }
}

std::string defs() {
  std::string svg = "<defs>\n";
  const std::pair<std::string_view, std::string_view> heads[] = {
      {"head", Ink}, {"head-faulty", Faulty}, {"head-loop", LoopColor}, {"head-wait", Waiting}};
  for (const auto &[id, color] : heads)
    svg += "<marker" + attribute("id", id) +
           " viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\""
           " markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 "
           "z\"" +
           attribute("fill", color) + "/></marker>\n";
  return svg + "</defs>\n";
}

// ---- The chart ----

void draw_titles(std::string &svg, const Layout &layout, const SvgOptions &options) {
  int y = Margin;
  if (!options.title.empty()) {
    y += TitleSize;
    text(svg, Margin, y, options.title, {.size = TitleSize, .bold = true});
    y += 8;
  }
  for (const auto &caption_line : layout.caption) {
    y += LineHeight;
    text(svg, Margin, y - 4, caption_line, {.color = Muted});
  }
}

void draw_process(std::string &svg, const Layout &layout, std::size_t process,
                  std::string_view name, bool faulty) {
  const int x = layout.x(process);
  const int width = layout.gap - 24;
  const std::string_view color = faulty ? Faulty : Ink;
  line(svg, x, layout.top + HeadHeight, x, layout.chart_bottom(), color,
       faulty ? " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"" : " stroke-width=\"1.5\"");
  rect(svg, x - width / 2, layout.top, width, HeadHeight, faulty ? "#ffebee" : "#f2f2f2",
       attribute("stroke", color) + attribute("rx", 4));
  text(svg, x, layout.top + 20, name, {.anchor = Anchor::Middle, .color = color, .bold = true});
  if (faulty)
    label(svg, x, layout.top + HeadHeight + 14, "faulty",
          {.anchor = Anchor::Middle, .color = Faulty, .size = 11, .italic = true});
}

void draw_step_number(std::string &svg, const Layout &layout, std::size_t step, bool last) {
  text(svg, Margin + StepColumn - 12, layout.row_y(step) + 5, std::to_string(step + 1),
       {.anchor = Anchor::End, .color = last ? Ink : Muted, .size = 12, .bold = last});
}

// A message is one arrow from its send to its delivery, slanted when they are different steps;
// a lost one stops half way at a cross, one still in flight runs dashed to the end of the chart.
void draw_message(std::string &svg, const Layout &layout, const std::vector<ChartStep> &chart,
                  std::size_t index, const SvgOptions &options) {
  const ChartStep &step = chart[index];
  if (!draws_arrow(step)) { // drawn with its send: the step's words go beside the chart
    const std::string note = note_of(chart, index, layout.gap);
    if (!note.empty() && layout.notes_x > 0)
      text(svg, layout.notes_x, layout.row_y(index) + 5, note, {.color = Muted, .size = 12});
    return;
  }
  const Fate fate = fate_of(chart, index);
  const int x1 = layout.x(step.from);
  const int x2 = layout.x(step.to);
  const int y1 = layout.row_y(index);
  int y2 = y1;
  if (step.kind == EventKind::Send)
    y2 = step.partner ? layout.row_y(*step.partner) : layout.chart_bottom() - 6;
  const std::string_view color = options.faulty.contains(step.from) ? Faulty : Ink;
  const int end_x = fate == Fate::Lost ? (x1 + x2) / 2 : x2;
  std::string extra = " stroke-width=\"1.6\"";
  if (fate != Fate::Lost)
    extra += attribute("marker-end", color == Faulty ? "url(#head-faulty)" : "url(#head)");
  if (fate == Fate::InFlight)
    extra += " stroke-dasharray=\"5 4\"";
  line(svg, x1, y1, end_x, y2, color, extra);
  if (fate == Fate::Lost)
    cross(svg, end_x, y2, color, 6);

  // A level arrow is labelled above it; a slanted one beside its start, in the row of its send,
  // where no other step draws (in its middle it crosses the rows of other steps).
  const std::string said = arrow_label(step, fate, arrow_span(step, layout.gap));
  const int baseline = y1 - 6;
  const LabelPlace place = label_place(layout, step, fate, said);
  label(svg, place.x, baseline, said,
        {.anchor = place.anchor, .color = color, .backing = layout.backing(baseline)});
  const std::string note = note_of(chart, index, layout.gap);
  if (!note.empty() && layout.notes_x > 0)
    text(svg, layout.notes_x, y1 + 5, note, {.color = Muted, .size = 12});
}

// A fan: each message it carries is an arrow. One delivered later runs down to its delivery (or
// dashed to the end of the chart while in flight); one delivered within the step is level, in a
// row of the step's band, one row per sender and label, with a head at each receiver.
void draw_fan(std::string &svg, const Layout &layout, const std::vector<ChartStep> &chart,
              std::size_t index, const SvgOptions &options) {
  const ChartStep &step = chart[index];
  const auto color_of = [&](const FanArrow &arrow) {
    return options.faulty.contains(arrow.from) ? Faulty : Ink;
  };
  const auto head = [](std::string_view color) {
    return attribute("marker-end", color == Faulty ? "url(#head-faulty)" : "url(#head)");
  };
  const std::vector<std::vector<std::size_t>> level = level_fan_rows(step);
  // Sends on to later deliveries start in the step's row, or in their sender's onward row (after
  // the level fan rows).
  const std::vector<std::size_t> senders = onward_senders(step);
  const auto onward_y = [&](std::size_t sender) {
    if (!has_onward_rows(step))
      return layout.row_y(index);
    const auto at = static_cast<std::size_t>(std::ranges::find(senders, sender) - senders.begin());
    return layout.fan_y(index, level.size() + at);
  };
  for (const std::vector<std::size_t> &arrows : later_fan_rows(step)) {
    const FanArrow &first = step.fan[arrows.front()];
    const std::string_view color = color_of(first);
    const int x1 = layout.x(first.from);
    const int y1 = onward_y(first.from);
    for (const std::size_t k : arrows) {
      const FanArrow &arrow = step.fan[k];
      // A message that a round delivers ends at the top of the round's box (BannerHalf above
      // its row), which would hide its head.
      const int y2 = !arrow.delivery ? layout.chart_bottom() - 6
                     : chart[*arrow.delivery].shape == ChartShape::Banner
                         ? layout.row_y(*arrow.delivery) - BannerHalf
                         : layout.row_y(*arrow.delivery);
      if (arrow.lost) { // half way to its receiver, where the network lost it, and a cross
        const int x2 = (x1 + layout.x(arrow.to)) / 2;
        line(svg, x1, y1, x2, y2, color, " stroke-width=\"1.6\"");
        cross(svg, x2, y2, color, 6);
        continue;
      }
      line(svg, x1, y1, layout.x(arrow.to), y2, color,
           " stroke-width=\"1.6\"" + head(color) +
               (arrow.delivery ? "" : " stroke-dasharray=\"5 4\""));
    }
  }
  for (const LaterFanLabel &said : later_fan_labels(layout, step)) {
    const LabelPlace place = later_fan_label_place(layout, said);
    const int baseline = onward_y(said.sender) - 6;
    label(svg, place.x, baseline, said.text,
          {.anchor = place.anchor,
           .color = options.faulty.contains(said.sender) ? Faulty : Ink,
           .backing = layout.backing(baseline)});
  }
  for (std::size_t row = 0; row < level.size(); ++row) {
    const FanArrow &first = step.fan[level[row].front()];
    const std::string_view color = color_of(first);
    const int y = layout.fan_y(index, row);
    for (const std::size_t k : level[row])
      line(svg, layout.x(first.from), y, layout.x(step.fan[k].to), y, color,
           " stroke-width=\"1.6\"" + head(color));
    const LabelPlace place = level_fan_label_place(layout, step, level[row]);
    label(svg, place.x, y - 6, first.label,
          {.anchor = place.anchor, .color = color, .backing = layout.backing(y - 6)});
  }
}

void draw_marker(std::string &svg, const Layout &layout, const ChartStep &step, std::size_t index) {
  const int x = layout.x(step.from);
  const int y = layout.row_y(index);
  glyph(svg, step.kind, x, y);
  label(svg, x + 12, y + 5, step.label,
        {.color = step.kind == EventKind::Crash ? Faulty : Ink,
         .bold = step.kind == EventKind::Decide,
         .backing = layout.backing(y + 5)});
}

// The environment acts on everyone: a box across all lifelines.
void draw_banner(std::string &svg, const Layout &layout, const ChartStep &step, std::size_t index) {
  const int left = banner_left(layout);
  const int lifelines_right = layout.processes > 0
                                  ? layout.x(layout.processes - 1) + layout.gap / 2 - 8
                                  : layout.width - Margin;
  // Across every lifeline, and further when its words need it (the layout made room).
  const int right = std::max(lifelines_right, banner_text_end(layout, step));
  const int y = layout.row_y(index);
  rect(svg, left, y - BannerHalf, right - left, 2 * BannerHalf, "#fff3e0",
       attribute("stroke", Environment) + attribute("rx", 4));
  text(svg, (left + right) / 2, y + 5, step.label, {.anchor = Anchor::Middle, .color = Ink});
}

// Who waits for whom at the end: a dashed arrow from the waiter to the process it waits for, in
// rows at the end of the last step's band.
void draw_waits(std::string &svg, const Layout &layout, const std::vector<WaitEdge> &waits) {
  for (std::size_t k = 0; k < waits.size(); ++k) {
    const int y = layout.wait_y(k);
    line(svg, layout.x(waits[k].waiter), y, layout.x(waits[k].waited_for), y, Waiting,
         " stroke-width=\"1.6\" stroke-dasharray=\"3 3\"" +
             attribute("marker-end", "url(#head-wait)"));
    const LabelPlace place = wait_label_place(layout, waits[k]);
    label(svg, place.x, y - 6, waits_label(waits[k]),
          {.anchor = place.anchor, .color = Waiting, .backing = layout.backing(y - 6)});
  }
}

// A bracket left of the step numbers with an arrow back to where the loop starts.
void draw_loop(std::string &svg, const Layout &layout, std::size_t loop_start) {
  const int top = layout.row_y(loop_start) - 8;
  const int bottom =
      layout.row_y(layout.steps - 1) + RowHeight * (layout.rows_of(layout.steps - 1) - 1) + 8;
  const int inner = Margin + 14;
  svg += "<path" +
         attribute("d", "M" + px(inner) + "," + px(bottom) + " H" + px(Margin + 2) + " V" +
                            px(top) + " H" + px(inner)) +
         attribute("fill", "none") + attribute("stroke", LoopColor) + attribute("stroke-width", 2) +
         attribute("marker-end", "url(#head-loop)") + "/>\n";
}

void draw_step(std::string &svg, const Layout &layout, const std::vector<ChartStep> &chart,
               const Trace &trace, std::size_t index, const SvgOptions &options) {
  svg += "<g><title>" +
         xml_escape("step " + std::to_string(index + 1) + ": " + trace.steps[index].action) +
         "</title>\n";
  switch (chart[index].shape) {
  case ChartShape::Arrow:
    draw_message(svg, layout, chart, index, options);
    break;
  case ChartShape::Marker:
    draw_marker(svg, layout, chart[index], index);
    break;
  case ChartShape::Banner:
    draw_banner(svg, layout, chart[index], index);
    break;
  }
  draw_fan(svg, layout, chart, index, options);
  svg += "</g>\n";
}

// What the symbols mean, for the symbols the chart uses. Returns the y under it.
int draw_legend(std::string &svg, const Layout &layout, const std::vector<ChartStep> &chart,
                bool has_faulty, int y) {
  const std::string_view waits_meaning = "waits for, at the end";
  std::set<EventKind> drawn; // by glyph: local steps and messages without a peer share one
  for (const ChartStep &step : chart)
    if (step.shape == ChartShape::Marker)
      drawn.insert(glyph_kind(step.kind));
  const std::pair<EventKind, std::string_view> meanings[] = {{EventKind::Decide, "decision"},
                                                             {EventKind::Crash, "crash"},
                                                             {EventKind::Local, "local step"},
                                                             {EventKind::Adversary, "adversary"}};
  int x = Margin;
  if (has_faulty) {
    line(svg, x, y, x + 22, y, Faulty, " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
    text(svg, x + 28, y + 5, "faulty process", {.color = Muted});
    x += 28 + text_width("faulty process") + 24;
  }
  const bool lost = std::ranges::any_of(chart, [](const ChartStep &step) {
    return (step.shape == ChartShape::Arrow && step.kind == EventKind::Drop) ||
           std::ranges::any_of(step.fan, [](const FanArrow &arrow) { return arrow.lost; });
  });
  if (lost) { // an arrow that stops half way, at a cross
    line(svg, x, y, x + 16, y, Ink, " stroke-width=\"1.6\"");
    cross(svg, x + 16, y, Ink, 5);
    text(svg, x + 28, y + 5, "message lost", {.color = Muted});
    x += 28 + text_width("message lost") + 24;
  }
  if (layout.waits > 0) {
    line(svg, x, y, x + 22, y, Waiting, " stroke-width=\"1.6\" stroke-dasharray=\"3 3\"");
    text(svg, x + 28, y + 5, waits_meaning, {.color = Muted});
    x += 28 + text_width(waits_meaning) + 24;
  }
  for (const auto &[kind, meaning] : meanings) {
    if (!drawn.contains(kind))
      continue;
    const int item_width = 20 + text_width(meaning) + 24;
    if (x > Margin && x + item_width > layout.width - Margin) {
      x = Margin;
      y += LineHeight + 4;
    }
    glyph(svg, kind, x + 7, y);
    text(svg, x + 20, y + 5, meaning, {.color = Muted});
    x += item_width;
  }
  return x > Margin ? y + LineHeight : y;
}

} // namespace

std::string xml_escape(std::string_view text) {
  constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = xml_sequence_length(text, i);
      out += length == 0 ? replacement : text.substr(i, length);
      i += std::max<std::size_t>(length, 1);
      continue;
    }
    switch (byte) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += byte < 0x20 ? ' ' : static_cast<char>(byte); // XML 1.0 has no control characters
    }
    ++i;
  }
  return out;
}

std::string render_svg(const Trace &trace, const std::vector<std::string> &processes,
                       const SvgOptions &options) {
  const std::vector<ChartStep> chart = chart_steps(trace, processes);
  const Layout layout = make_layout(trace, processes, chart, options);
  const auto is_faulty = [&](std::size_t p) { return options.faulty.contains(p); };
  const bool has_loop = trace.loop_start && *trace.loop_start < chart.size();

  std::string body;
  draw_titles(body, layout, options);
  if (!chart.empty())
    rect(body, Margin / 2, layout.row_y(chart.size() - 1) - RowHeight / 2, layout.width - Margin,
         RowHeight * layout.rows_of(chart.size() - 1), Highlight, attribute("rx", 4));
  for (std::size_t p = 0; p < processes.size(); ++p)
    draw_process(body, layout, p, processes[p], is_faulty(p));
  if (has_loop)
    draw_loop(body, layout, *trace.loop_start);
  for (std::size_t i = 0; i < chart.size(); ++i) {
    draw_step_number(body, layout, i, i + 1 == chart.size());
    draw_step(body, layout, chart, trace, i, options);
  }

  draw_waits(body, layout, drawn_waits(trace, processes.size()));

  int y = layout.chart_bottom() + 24;
  if (has_loop) {
    const std::string first = std::to_string(*trace.loop_start + 1);
    const std::string last = std::to_string(chart.size());
    text(body, Margin, y + 5,
         first == last ? "step " + first + " repeats forever"
                       : "steps " + first + "–" + last + " repeat forever",
         {.color = LoopColor});
    y += LineHeight + 4;
  }
  y = draw_legend(
      body, layout, chart,
      std::ranges::any_of(options.faulty, [&](std::size_t p) { return p < processes.size(); }), y);
  const int height = y + Margin;

  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" +
         attribute("width", layout.width) + attribute("height", height) +
         attribute("viewBox", "0 0 " + px(layout.width) + " " + px(height)) +
         attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif") +
         attribute("font-size", FontSize) + ">\n";
  if (!options.title.empty())
    svg += "<title>" + xml_escape(options.title) + "</title>\n";
  svg += defs();
  rect(svg, 0, 0, layout.width, height, "white");
  return svg + body + "</svg>\n";
}

} // namespace protocheck
