// The ASCII sequence chart on hand-built traces: where lifelines, arrows and markers land, how
// asynchronous messages are paired, and that 7 processes fit 100 columns.
#include "checker/report/msc.hpp"
#include "tests/report/fan_trace.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace protocheck;
using protocheck::testing::fan_trace;

namespace {

using Steps = std::vector<std::pair<Event, std::string>>;

Trace trace_of(const Steps &steps, std::optional<std::size_t> loop_start = {}) {
  Trace trace;
  for (const auto &[event, action] : steps)
    trace.steps.push_back({event, action, {}});
  trace.loop_start = loop_start;
  return trace;
}

Event drop(std::uint8_t from, std::uint8_t to, std::uint8_t message, std::uint32_t value) {
  return {EventKind::Drop, from, to, message, value};
}

const std::vector<std::string> generals{"C", "L1", "L2", "L3"};

// Synchronous rounds, L3 a traitor: one step of every marker kind.
Trace traitor_trace() {
  return trace_of({
      {adversary(0, 8), "the adversary makes L3 a traitor"},
      {transmit(0, 1, 1, 1), "C -> L1: attack (the commander's order)"},
      {transmit(0, 2, 1, 1), "C -> L2: attack (the commander's order)"},
      {transmit(0, 3, 1, 1), "C -> L3: attack (the commander's order)"},
      {transmit(3, 1, 1, 0), "L3 -> L1: retreat (lying about the commander's order)"},
      {transmit(2, 1, 1, 1), "L2 -> L1: attack (relaying the commander's order)"},
      {decide(1, 0), "L1 decides retreat"},
      {decide(2, 1), "L2 decides attack"},
      {crash(3), "L3 crashes"},
      {local(2, 0), "L2 rests"},
  });
}

MscOptions traitor_options() {
  MscOptions options;
  options.faulty = {3};
  options.caption = "agreement violated: loyal L1 decided retreat, loyal L2 decided attack";
  return options;
}

const std::vector<std::string> peers{"p0", "p1", "p2"};

// An asynchronous network: two equal requests (one delivered, one lost), an ack, one message
// still in flight at the end, and a two-step loop.
Trace network_trace() {
  return trace_of(
      {
          {send(0, 1, 2, 5), "p0 -> p1: request(5)"},
          {send(0, 1, 2, 5), "p0 -> p1: request(5)"},
          {send(1, 2, 3, 0), "p1 -> p2: ack"},
          {deliver(1, 0, 2, 5), "p1 <- p0: request(5)"},
          {drop(0, 1, 2, 5), "the network loses p0 -> p1: request(5)"},
          {deliver(2, 1, 3, 0), "p2 <- p1: ack"},
          {send(2, 0, 3, 0), "p2 -> p0: ack"},
          {local(0, 1), "p0 waits"},
          {local(1, 1), "p1 waits"},
      },
      7);
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The chart row of step `number` (1-based): the line whose margin (columns 2-5) shows the number.
std::string row_of(const std::vector<std::string> &lines, std::size_t number) {
  const std::string wanted = std::to_string(number);
  for (const auto &line : lines) {
    if (line.size() < 6)
      continue;
    const std::string margin = line.substr(2, 4);
    const auto digits = margin.find_first_not_of(' ');
    if (digits != std::string::npos && margin.substr(digits) == wanted)
      return line;
  }
  FAIL("no row for step " << number);
  return {};
}

// Column of each name in the header line: the lifeline sits under the middle of the name.
std::vector<std::size_t> name_centres(const std::string &header,
                                      const std::vector<std::string> &names) {
  std::vector<std::size_t> centres;
  std::size_t from = 6; // after "step"
  for (const auto &name : names) {
    const auto start = header.find(name, from);
    REQUIRE(start != std::string::npos);
    centres.push_back(start + name.size() / 2);
    from = start + name.size();
  }
  return centres;
}

char at(const std::string &line, std::size_t column) {
  return column < line.size() ? line[column] : ' ';
}

} // namespace

TEST_CASE("lifelines run under the middle of each process name") {
  const auto lines = lines_of(render_msc(traitor_trace(), generals, traitor_options()));
  REQUIRE(lines.size() > 4);
  CHECK(lines[0].find("step") == 2);
  const auto columns = name_centres(lines[0], generals);
  CHECK(std::is_sorted(columns.begin(), columns.end()));
  const std::string &lifeline_row = lines[2]; // names, faulty tags, lifelines
  for (std::size_t p = 0; p < 3; ++p)
    CHECK(at(lifeline_row, columns[p]) == '|');
  CHECK(at(lifeline_row, columns[3]) == ':'); // faulty
  // Rows whose labels cross no lifeline keep each lifeline or draw on it: nothing shifts a column.
  for (const std::size_t step : {2, 6, 9, 10}) {
    const std::string row = row_of(lines, step);
    for (std::size_t p = 0; p < 4; ++p) {
      INFO("step " << step << ", process " << p << ": " << row);
      CHECK(std::string("|:-<>*Xo").find(at(row, columns[p])) != std::string::npos);
    }
  }
}

TEST_CASE("a synchronous message is one arrow from the sender's column to the receiver's") {
  const auto lines = lines_of(render_msc(traitor_trace(), generals, traitor_options()));
  const auto columns = name_centres(lines[0], generals);

  const std::string rightwards = row_of(lines, 2); // C -> L1
  CHECK(at(rightwards, columns[0]) == '|');
  CHECK(at(rightwards, columns[0] + 1) == '-');
  CHECK(at(rightwards, columns[1] - 1) == '>');
  CHECK(at(rightwards, columns[1]) == '|');
  const auto label = rightwards.find("attack");
  REQUIRE(label != std::string::npos);
  CHECK(label > columns[0]);
  CHECK(label + 6 < columns[1]);

  const std::string across = row_of(lines, 4); // C -> L3, its label over L1 and L2
  CHECK(at(across, columns[0] + 1) == '-');
  CHECK(at(across, columns[3] - 1) == '>');
  CHECK(across.find("attack (the commander's order)") > columns[0]);
  CHECK(across.find("attack (the commander's order)") + 30 < columns[3]);

  const std::string leftwards = row_of(lines, 5); // L3 -> L1
  CHECK(at(leftwards, columns[1] + 1) == '<');
  CHECK(at(leftwards, columns[3] - 1) == '-');
  CHECK(at(leftwards, columns[3]) == ':');
  CHECK(leftwards.find("retreat") < columns[3]);
}

TEST_CASE("a label that does not fit its arrow is repeated in full to the right of the chart") {
  const auto lines = lines_of(render_msc(traitor_trace(), generals, traitor_options()));
  const auto columns = name_centres(lines[0], generals);
  const std::string row = row_of(lines, 2);
  const auto note = row.find("attack (the commander's order)");
  REQUIRE(note != std::string::npos);
  CHECK(note > columns[3]);
  // The arrow C -> L3 holds its whole label, so it has no note.
  const std::string across = row_of(lines, 4);
  CHECK(across.find("attack", across.find("order)")) == std::string::npos);
}

TEST_CASE("crashes, decisions, local steps and the environment are marked where they happen") {
  const auto lines = lines_of(render_msc(traitor_trace(), generals, traitor_options()));
  const auto columns = name_centres(lines[0], generals);

  const std::string environment = row_of(lines, 1);
  CHECK(environment.find("== the adversary makes L3 a traitor ==") == columns[0]);

  const std::string decision = row_of(lines, 7);
  CHECK(at(decision, columns[1]) == '*');
  CHECK(decision.find("decides retreat") == columns[1] + 2); // "L1 " left out: the column says it

  const std::string crashed = row_of(lines, 9);
  CHECK(at(crashed, columns[3]) == 'X');
  CHECK(crashed.find("crashes") == columns[3] + 2);

  const std::string rest = row_of(lines, 10);
  CHECK(at(rest, columns[2]) == 'o');
  CHECK(rest.find("rests") == columns[2] + 2);
}

TEST_CASE("faulty processes, the last step and the legend are marked") {
  const std::string chart = render_msc(traitor_trace(), generals, traitor_options());
  const auto lines = lines_of(chart);
  const auto columns = name_centres(lines[0], generals);
  CHECK(lines[1].find("faulty") == columns[3] - 3);

  const std::string last = row_of(lines, 10);
  CHECK(last.substr(0, 6) == " >  10");
  CHECK(row_of(lines, 9).substr(0, 2) == "  ");
  CHECK(chart.find("\n > step 10: agreement violated: loyal L1 decided retreat, loyal L2 decided "
                   "attack\n") != std::string::npos);
  for (const char *entry : {"--> message received", "X crash", "* decision", "o local step",
                            "== environment", ": faulty process"})
    CHECK(chart.find(entry) != std::string::npos);
  CHECK(chart.find("..x message lost") == std::string::npos); // only what the chart uses
}

TEST_CASE("sends are paired with their deliveries and losses first in, first out") {
  const Trace trace = network_trace();
  const auto chart = chart_steps(trace, peers);
  REQUIRE(chart.size() == 9);
  CHECK(chart[0].message == 1);
  CHECK(chart[1].message == 2);
  CHECK(chart[2].message == 3);
  CHECK(chart[0].partner == 3u); // the first request is the one delivered
  CHECK(chart[3].partner == 0u);
  CHECK(chart[3].message == 1);
  CHECK(chart[1].partner == 4u); // the second one is lost
  CHECK(chart[4].message == 2);
  CHECK(chart[2].partner == 5u);
  CHECK(chart[6].message == 4);
  CHECK_FALSE(chart[6].partner); // still in flight
  // A delivery points from the sender to the receiver, its actor.
  CHECK(chart[3].from == 0);
  CHECK(chart[3].to == 1);
  CHECK(chart[4].from == 0);
  CHECK(chart[4].to == 1);

  // Values play no part: a model may record something else on delivery (a receiver's new
  // clock). The message identity the model gives decides.
  const auto same_message =
      chart_steps(trace_of({{send(0, 1, 2, 5), "a"}, {deliver(1, 0, 2, 6), "b"}}), peers);
  CHECK(same_message[0].partner == 1u);
  CHECK(same_message[1].message == 1);
  const auto other_message = chart_steps(
      trace_of({{with_message_id(send(0, 1, 2, 5), 7), "a"},
                {with_message_id(deliver(1, 0, 2, 5), 8), "b"}}),
      peers);
  CHECK_FALSE(other_message[0].partner);
  CHECK(other_message[1].message == 0);
}

TEST_CASE("a message identity picks the send a delivery completes, whatever the order") {
  // Two messages of the same code in flight on one channel, delivered in the reverse order (an
  // unordered network): each delivery is paired with the send of the same identity.
  const auto chart = chart_steps(trace_of({{with_message_id(send(0, 1, 2), 10), "first"},
                                           {with_message_id(send(0, 1, 2), 11), "second"},
                                           {with_message_id(deliver(1, 0, 2), 11), "got second"},
                                           {with_message_id(deliver(1, 0, 2), 10), "got first"}}),
                                 peers);
  CHECK(chart[2].partner == 1u);
  CHECK(chart[2].message == 2);
  CHECK(chart[3].partner == 0u);
  CHECK(chart[3].message == 1);
}

TEST_CASE("an arrow is labelled with the message the model names, a marker with the action") {
  Trace trace;
  trace.steps.push_back({send(0, 1, 2), "p0 sends p1 a request for the token", "request(T=3)", {}});
  trace.steps.push_back({local(1, 1), "p1 enters the critical section", "", {}});
  const auto chart = chart_steps(trace, peers);
  CHECK(chart[0].label == "request(T=3)");
  CHECK(chart[1].label == "enters the critical section");
}

TEST_CASE("each delivery of a multicast carries the multicast's number") {
  const auto chart = chart_steps(trace_of({{send(0, NoProcess, 3), "multicast"},
                                           {deliver(2, 0, 3), "p3 receives it"},
                                           {deliver(1, 0, 3), "p2 receives it"},
                                           {deliver(1, 0, 3), "p2 receives another"}}),
                                 peers);
  CHECK(chart[0].message == 1);
  CHECK(chart[1].message == 1);
  CHECK(chart[2].message == 1);
  CHECK(chart[3].message == 0); // p2 already has that multicast's copy: no send matches
  CHECK(chart[1].shape == ChartShape::Arrow); // drawn from the sender, as its own arrow
  CHECK(chart[1].from == 0);
  CHECK(chart[1].to == 2);
}

TEST_CASE("a step's fan: each message it carries is an arrow, paired with its delivery") {
  const auto chart = chart_steps(fan_trace(), peers);
  REQUIRE(chart[0].fan.size() == 2);
  CHECK(chart[0].shape == ChartShape::Marker); // the multicast itself is p0's step
  CHECK(chart[0].fan[0].to == 1);
  CHECK(chart[0].fan[1].to == 2);
  CHECK(chart[0].fan[0].message == 1); // one number for the multicast's copies
  CHECK(chart[0].fan[1].message == 1);
  CHECK_FALSE(chart[0].fan[0].delivery); // p1 never receives its copy
  CHECK(chart[0].fan[1].delivery == 1);
  CHECK(chart[1].partner == 0);
  CHECK(chart[1].message == 1);
  REQUIRE(chart[1].fan.size() == 1); // the reply p2 sends on receiving
  CHECK(chart[1].fan[0].message == 2);
  CHECK(chart[1].fan[0].delivery == 2);
  CHECK(chart[2].partner == 1);
  CHECK(chart[2].message == 2);
  // The round's two messages go in two rows: one per sender.
  CHECK(fan_rows(chart[3]) == std::vector<std::vector<std::size_t>>{{0}, {1}});
  CHECK(fan_rows(chart[0]) == std::vector<std::vector<std::size_t>>{{0, 1}});

  const std::string text = render_msc(fan_trace(), peers, {});
  const auto lines = lines_of(text);
  const auto columns = name_centres(lines[0], peers);
  // Under the multicast: one dotted line from p0 with a head before p1's and p2's lifelines.
  const auto fan = std::ranges::find_if(lines, [](const std::string &line) {
    return line.find("request(5) #1") != std::string::npos;
  });
  REQUIRE(fan != lines.end());
  CHECK(at(*fan, columns[1] - 1) == '>');
  CHECK(at(*fan, columns[1]) == '|');
  CHECK(at(*fan, columns[2] - 1) == '>');
  CHECK(at(*fan, columns[0] + 1) == '.');
  // The copy that never arrives is in flight at the end; the delivered one and the reply are not.
  CHECK(text.find("in flight at the end: #1 to p1\n") != std::string::npos);
  // The round's messages: level, solid, towards p0.
  CHECK(std::ranges::count_if(lines, [&](const std::string &line) {
          return line.find("ok") != std::string::npos && at(line, columns[0] + 1) == '<';
        }) == 2);
}

TEST_CASE("who waits for whom at the end is drawn after the last step, the legend says so") {
  Trace trace = trace_of({{local(0, 1), "p0 waits"}, {local(1, 1), "p1 waits"}});
  trace.waiting = {{0, 1, "p1's vote"}, {1, 0, "p0's vote"}, {2, 2, "itself"}, {7, 0, "nobody"}};
  const std::string text = render_msc(trace, peers, {});
  const auto lines = lines_of(text);
  const auto columns = name_centres(lines[0], peers);
  std::vector<std::string> waits;
  for (const std::string &line : lines)
    if (line.find('~') != std::string::npos && line.find("at the end") == std::string::npos)
      waits.push_back(line);
  REQUIRE(waits.size() == 2); // the edges to itself and from no process are not drawn
  CHECK(at(waits[0], columns[1] - 1) == '>');
  CHECK(at(waits[0], columns[0] + 1) == '~');
  CHECK(at(waits[1], columns[0] + 1) == '<');
  CHECK(text.find("waits for p1's vote") != std::string::npos);
  CHECK(text.find("waits for p0's vote") != std::string::npos);
  CHECK(text.find("~~> waits for, at the end") != std::string::npos);
  // Without edges, no such row and no legend entry.
  CHECK(render_msc(trace_of({{local(0, 1), "p0 waits"}}), peers, {}).find("~") ==
        std::string::npos);
}

TEST_CASE("asynchronous messages are drawn dotted on the way, solid on arrival, x when lost") {
  const std::string chart = render_msc(network_trace(), peers, {});
  const auto lines = lines_of(chart);
  const auto columns = name_centres(lines[0], peers);

  const std::string sent = row_of(lines, 1);
  CHECK(at(sent, columns[0] + 1) == '.');
  CHECK(at(sent, columns[1] - 1) == '>');
  CHECK(sent.find("#1") < columns[1]);

  const std::string delivered = row_of(lines, 4);
  CHECK(at(delivered, columns[0] + 1) == '-');
  CHECK(at(delivered, columns[1] - 1) == '>');
  CHECK(delivered.find("#1") < columns[1]);

  const std::string lost = row_of(lines, 5);
  CHECK(at(lost, columns[1] - 2) == 'x');
  CHECK(at(lost, columns[1] - 1) == ' ');
  CHECK(lost.find("#2") < columns[1]);

  const std::string back = row_of(lines, 7); // p2 -> p0, leftwards over p1
  CHECK(at(back, columns[0] + 1) == '<');
  CHECK(at(back, columns[2] - 1) == '.');
  CHECK(back.find("ack #4") != std::string::npos);

  CHECK(chart.find("\nin flight at the end: #4\n") != std::string::npos);
  CHECK(chart.find("..> message sent") != std::string::npos);
  CHECK(chart.find("..x message lost") != std::string::npos);
}

TEST_CASE("the repeating part of a lasso is bracketed") {
  const std::string chart = render_msc(network_trace(), peers, {});
  const auto lines = lines_of(chart);
  for (std::size_t step = 1; step <= 7; ++step)
    CHECK(row_of(lines, step)[0] == ' ');
  CHECK(row_of(lines, 8).substr(0, 2) == "+ ");
  CHECK(row_of(lines, 9).substr(0, 2) == "+>");
  CHECK(chart.find("\n+ steps 8-9 repeat forever\n") != std::string::npos);

  Trace longer = network_trace();
  longer.loop_start = 5;
  const auto bracket = lines_of(render_msc(longer, peers, {}));
  CHECK(row_of(bracket, 6)[0] == '+');
  CHECK(row_of(bracket, 7)[0] == '|');
  CHECK(row_of(bracket, 8)[0] == '|');
  CHECK(row_of(bracket, 9)[0] == '+');

  Trace single = network_trace();
  single.loop_start = 8;
  CHECK(render_msc(single, peers, {}).find("\n+ step 9 repeats forever\n") != std::string::npos);
}

TEST_CASE("up to 7 processes fit 100 columns, whatever the names and labels") {
  const std::string long_text = "a very long description of what happens here, in many words "
                                "(with an explanation in parentheses at the end)";
  for (std::uint8_t n = 1; n <= 7; ++n) {
    std::vector<std::string> names;
    for (int p = 0; p < n; ++p)
      names.push_back("Lieutenant-with-a-long-name-" + std::to_string(p));
    const std::uint8_t last = n - 1;
    const Trace trace = trace_of(
        {
            {adversary(0, 0), long_text},
            {transmit(0, last, 1, 1), "P0 -> Pn: " + long_text},
            {send(last, 0, 1, 1), long_text},
            {deliver(0, last, 1, 1), long_text},
            {send(0, last, 2, 2), long_text},
            {drop(0, last, 2, 2), long_text},
            {decide(last, 1), long_text},
            {crash(last), long_text},
            {local(0, 0), long_text},
            {send(0, last, 3, 3), long_text},
        },
        8);
    MscOptions options;
    options.faulty = {0, last};
    options.caption = long_text + " " + long_text;
    const std::string chart = render_msc(trace, names, options);
    for (const auto &line : lines_of(chart)) {
      INFO(int(n) << " processes: " << line);
      CHECK(display_width(line) <= 100);
    }
    const auto lines = lines_of(chart);
    const std::string &lifeline_row = lines[2];
    CHECK(std::count_if(lifeline_row.begin(), lifeline_row.end(),
                        [](char c) { return c == '|' || c == ':'; }) == n);
    // Nothing is cut: every step's words are there in full, wrapped where they are long (only a
    // process name longer than its column is shortened, in the header).
    for (std::size_t k = 1; k < lines.size(); ++k)
      CHECK(lines[k].find('~') == std::string::npos);
    std::size_t whole = 0;
    for (std::size_t at = chart.find("the end)"); at != std::string::npos;
         at = chart.find("the end)", at + 1))
      ++whole;
    CHECK(whole >= 10); // each of the 10 steps, the explanation included
  }
}

TEST_CASE("a message too long for its arrow is written whole on the row above it") {
  const std::vector<std::string> ring{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"};
  const Trace trace = trace_of({{transmit(0, 1, 1, 8), "p1 -> p2: elected(8)"},
                                {transmit(2, 3, 1, 8), "p3 -> p4: elect(8)"}});
  Trace labelled = trace;
  labelled.steps[0].message = "elected(8)";
  labelled.steps[1].message = "elect(8)";
  MscOptions narrow;
  narrow.max_width = 60; // 8 lifelines 6 columns apart: an arrow has 3 cells for its label
  const auto lines = lines_of(render_msc(labelled, ring, narrow));
  const std::string first = row_of(lines, 1);
  const auto arrow = std::find(lines.begin(), lines.end(), first);
  REQUIRE(arrow != lines.begin());
  const auto columns = name_centres(lines[0], ring);
  CHECK((arrow - 1)->find("elected(8)") == columns[0] + 2); // from the arrow's left end
  CHECK(first.find("elect") == std::string::npos);
  const auto second = std::find(lines.begin(), lines.end(), row_of(lines, 2));
  CHECK((second - 1)->find("elect(8)") == columns[2] + 2);
  // Elect and elected are told apart on every arrow.
  for (const auto &line : lines)
    CHECK(line.find('~') == std::string::npos);
}

TEST_CASE("labels are shortened: addressing, the actor's name, then the explanation") {
  // Models word a message "A -> B: what (why)" and other steps "A does what".
  const Trace trace = trace_of({
      {transmit(0, 1, 1, 1), "C -> L1: attack (the commander's order)"},
      {decide(1, 0), "L1 decides retreat"},
      {decide(1, 0), "L1: retreat"},
      {local(2, 0), "L20 is not L2"},
      {crash(2), ""},
      {adversary(0, 0), "the adversary: picks L3"},
      {deliver(1, 3, 1, 4), "L1 receives 4 from L3: it is larger"},
      {transmit(3, 2, 1, 1), "L3 → L2: retreat"},
  });
  const auto chart = chart_steps(trace, generals);
  CHECK(chart[0].label == "attack (the commander's order)");
  CHECK(chart[1].label == "decides retreat");
  CHECK(chart[2].label == "retreat");
  CHECK(chart[3].label == "L20 is not L2");
  CHECK(chart[4].label == "crash");
  CHECK(chart[5].label == "the adversary: picks L3");          // the environment's words stay whole
  CHECK(chart[6].label == "receives 4 from L3: it is larger"); // no arrow before the colon
  CHECK(chart[7].label == "retreat");

  CHECK(fit_label("attack", 6) == "attack");
  CHECK(fit_label("attack (the commander's order)", 10) == "attack");
  CHECK(fit_label("attack (the commander's order)", 5) == "atta~");
  CHECK(fit_label("retreat now", 8) == "retreat~"); // no space before the mark
  CHECK(fit_label("abc", 1) == "a");
  CHECK(fit_label("abc", 0).empty());
  // Code points, not bytes: a cut never splits a character.
  CHECK(display_width("L1 → L2") == 7);
  CHECK(fit_label("→→→→→→", 4) == "→→→~");
  CHECK(fit_label("ab", 4, "…") == "ab");
  CHECK(fit_label("abcdef", 4, "…") == "abc…");
}

TEST_CASE("steps without a valid actor or peer are drawn without crashing") {
  const Trace trace = trace_of({
      {local(NoProcess, 0), "the clock ticks"},
      {send(0, NoProcess, 1, 1), "p0 broadcasts"},
      {transmit(1, 1, 1, 1), "p1 -> p1: note to self"},
      {decide(200, 1), "nobody decides"},
      {deliver(2, 0, 9, 9), "p2 receives something nobody sent"},
  });
  const auto chart = chart_steps(trace, peers);
  CHECK(chart[0].shape == ChartShape::Banner);
  CHECK(chart[1].shape == ChartShape::Marker);
  CHECK(chart[2].shape == ChartShape::Marker);
  CHECK(chart[3].shape == ChartShape::Banner);
  CHECK(chart[4].shape == ChartShape::Arrow);
  CHECK(chart[4].message == 0);
  const auto lines = lines_of(render_msc(trace, peers, {}));
  // Too long for its arrow: on the row above it, whole.
  const auto arrow = std::find(lines.begin(), lines.end(), row_of(lines, 5));
  REQUIRE(arrow != lines.begin());
  CHECK((arrow - 1)->find("receives something nobody sent") != std::string::npos);

  const std::string nobody = render_msc(trace, {}, {});
  CHECK(nobody.find("the clock ticks") != std::string::npos);
  CHECK(render_msc(Trace{}, peers, {}).find("(no steps)") != std::string::npos);
}

TEST_CASE("the charts of the two example traces match their golden files") {
  const std::pair<std::string, std::string> charts[] = {
      {"msc_traitor.txt", render_msc(traitor_trace(), generals, traitor_options())},
      {"msc_network_lasso.txt", render_msc(network_trace(), peers, {})},
  };
  for (const auto &[name, chart] : charts) {
    const std::string path = std::string(PROTOCHECK_SOURCE_DIR) + "/tests/report/golden/" + name;
    if (std::getenv("PROTOCHECK_UPDATE_GOLDEN")) {
      std::ofstream(path) << chart;
      WARN("rewrote " << path);
      continue;
    }
    std::ifstream file(path);
    INFO("golden file " << path << " (set PROTOCHECK_UPDATE_GOLDEN=1 to rewrite it)");
    REQUIRE(file);
    std::ostringstream golden;
    golden << file.rdbuf();
    CHECK(chart == golden.str());
  }
}
