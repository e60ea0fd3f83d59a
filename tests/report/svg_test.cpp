// The SVG sequence chart: its structure on hand-built traces, escaping, and a real renderer
// (rsvg-convert, Debian's librsvg2-bin) turning it into a PNG of the declared size.
#include "checker/report/msc.hpp"
#include "checker/report/svg.hpp"
#include "tests/report/fan_trace.hpp"
#include "tests/report/svg_text_boxes.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace protocheck;
using protocheck::testing::fan_trace;
using protocheck::testing::text_boxes;
using protocheck::testing::TextBox;

namespace {

using Steps = std::vector<std::pair<Event, std::string>>;

Trace trace_of(const Steps &steps, std::optional<std::size_t> loop_start = {}) {
  Trace trace;
  for (const auto &[event, action] : steps)
    trace.steps.push_back({event, action, {}});
  trace.loop_start = loop_start;
  return trace;
}

const std::vector<std::string> generals{"C", "L1", "L2", "L3"};

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
  });
}

SvgOptions traitor_options() {
  SvgOptions options;
  options.faulty = {3};
  options.title = "om n=4 m=1: agreement";
  options.caption = "loyal L1 decided retreat, loyal L2 decided attack";
  return options;
}

const std::vector<std::string> peers{"p0", "p1", "p2"};

Trace network_trace() {
  return trace_of(
      {
          {send(0, 1, 2, 5), "p0 -> p1: request(5)"},
          {send(0, 1, 2, 5), "p0 -> p1: request(5)"},
          {send(1, 2, 3, 0), "p1 -> p2: ack"},
          {deliver(1, 0, 2, 5), "p1 <- p0: request(5)"},
          {{EventKind::Drop, 0, 1, 2, 5}, "the network loses p0 -> p1: request(5)"},
          {deliver(2, 1, 3, 0), "p2 <- p1: ack"},
          {send(2, 0, 3, 0), "p2 -> p0: ack"},
          {local(0, 1), "p0 waits"},
          {local(1, 1), "p1 waits"},
      },
      7);
}

std::string attribute_of(const std::string &element, const std::string &name) {
  const std::regex pattern(" " + name + "=\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(element, match, pattern) ? match[1].str() : std::string();
}

int number_of(const std::string &element, const std::string &name) {
  const std::string value = attribute_of(element, name);
  REQUIRE_FALSE(value.empty());
  return std::stoi(value);
}

std::vector<std::string> elements(const std::string &svg, const std::string &tag) {
  std::vector<std::string> found;
  const std::regex pattern("<" + tag + "( [^>]*)/?>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), pattern);
       it != std::sregex_iterator(); ++it)
    found.push_back(it->str(1));
  return found;
}

struct Segment {
  int x1, y1, x2, y2;
  std::string stroke, marker, dashes;
};

std::vector<Segment> segments(const std::string &svg) {
  std::vector<Segment> result;
  for (const auto &line : elements(svg, "line"))
    result.push_back({number_of(line, "x1"), number_of(line, "y1"), number_of(line, "x2"),
                      number_of(line, "y2"), attribute_of(line, "stroke"),
                      attribute_of(line, "marker-end"), attribute_of(line, "stroke-dasharray")});
  return result;
}

// Lifelines are the vertical lines, left to right.
std::vector<Segment> lifelines(const std::string &svg) {
  std::vector<Segment> result;
  for (const auto &segment : segments(svg))
    if (segment.x1 == segment.x2)
      result.push_back(segment);
  std::ranges::sort(result, {}, &Segment::x1);
  return result;
}

std::vector<Segment> arrows(const std::string &svg) {
  std::vector<Segment> result;
  for (const auto &segment : segments(svg))
    if (!segment.marker.empty())
      result.push_back(segment);
  return result;
}

// The y of each step's row, from the step numbers in the margin (baseline 5 below the row).
std::vector<int> row_ys(const std::string &svg) {
  std::vector<int> rows;
  const std::regex number("<text x=\"[0-9]+\" y=\"([0-9]+)\" text-anchor=\"end\"[^>]*>([0-9]+)<");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), number); it != std::sregex_iterator();
       ++it) {
    const auto step = static_cast<std::size_t>(std::stoi(it->str(2)));
    if (rows.size() < step)
      rows.resize(step);
    rows[step - 1] = std::stoi(it->str(1)) - 5;
  }
  return rows;
}

} // namespace

TEST_CASE("the chart is a standalone SVG 1.1 document with the declared size") {
  const std::string svg = render_svg(traitor_trace(), generals, traitor_options());
  CHECK(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  CHECK(svg.ends_with("</svg>\n"));
  const auto root = elements(svg, "svg");
  REQUIRE(root.size() == 1);
  CHECK(attribute_of(root[0], "xmlns") == "http://www.w3.org/2000/svg");
  CHECK(attribute_of(root[0], "version") == "1.1");
  const int width = number_of(root[0], "width");
  const int height = number_of(root[0], "height");
  CHECK(attribute_of(root[0], "viewBox") ==
        "0 0 " + std::to_string(width) + " " + std::to_string(height));
  for (const auto &segment : segments(svg)) {
    CHECK(std::max(segment.x1, segment.x2) <= width);
    CHECK(std::max(segment.y1, segment.y2) <= height);
  }
  CHECK(svg.find(">om n=4 m=1: agreement</text>") != std::string::npos);
  CHECK(svg.find(">loyal L1 decided retreat, loyal L2 decided attack</text>") != std::string::npos);
}

TEST_CASE("one lifeline per process, the faulty one red and dashed") {
  const std::string svg = render_svg(traitor_trace(), generals, traitor_options());
  const auto lines = lifelines(svg);
  REQUIRE(lines.size() == 4);
  for (std::size_t p = 0; p < 3; ++p) {
    CHECK(lines[p].stroke == "#222222");
    CHECK(lines[p].dashes.empty());
  }
  CHECK(lines[3].stroke == "#c62828");
  CHECK_FALSE(lines[3].dashes.empty());
  CHECK(lines[1].x1 - lines[0].x1 == lines[3].x1 - lines[2].x1); // evenly spaced
  CHECK(svg.find(">faulty</text>") != std::string::npos);
  CHECK(svg.find(">faulty process</text>") != std::string::npos); // legend
}

TEST_CASE("each synchronous message is a level arrow from sender to receiver, labelled") {
  const std::string svg = render_svg(traitor_trace(), generals, traitor_options());
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 9);
  const auto drawn = arrows(svg);
  REQUIRE(drawn.size() == 5);
  const std::pair<std::size_t, std::size_t> expected[] = {{0, 1}, {0, 2}, {0, 3}, {3, 1}, {2, 1}};
  for (std::size_t i = 0; i < 5; ++i) {
    INFO("message in step " << i + 2);
    CHECK(drawn[i].x1 == lines[expected[i].first].x1);
    CHECK(drawn[i].x2 == lines[expected[i].second].x1);
    CHECK(drawn[i].y1 == rows[i + 1]);
    CHECK(drawn[i].y2 == rows[i + 1]);
  }
  CHECK(drawn[3].stroke == "#c62828"); // sent by the traitor
  CHECK(drawn[3].marker == "url(#head-faulty)");
  CHECK(drawn[0].marker == "url(#head)");
  CHECK(svg.find(">attack</text>") != std::string::npos);
  CHECK(svg.find(">retreat</text>") != std::string::npos);
  CHECK(svg.find(">decides retreat</text>") != std::string::npos);
  CHECK(svg.find(">the adversary makes L3 a traitor</text>") != std::string::npos);
  // A label cut to fit its arrow is written in full right of the chart, on the row of its step.
  const std::regex note("<text x=\"([0-9]+)\" y=\"([0-9]+)\"[^>]*>retreat \\(lying about the "
                        "commander&apos;s order\\)</text>");
  std::smatch found;
  REQUIRE(std::regex_search(svg, found, note));
  CHECK(std::stoi(found[1].str()) > lines[3].x1);
  CHECK(std::stoi(found[2].str()) == rows[4] + 5);
  CHECK(svg.find(">attack (the commander&apos;s order)</text>") != std::string::npos); // C -> L2
  // The full action is kept as a tooltip.
  CHECK(svg.find("<title>step 5: L3 -&gt; L1: retreat (lying about the commander&apos;s "
                 "order)</title>") != std::string::npos);
}

TEST_CASE("the last step is highlighted and the markers sit on their lifelines") {
  const std::string svg = render_svg(traitor_trace(), generals, traitor_options());
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  std::vector<std::string> highlights;
  for (const auto &rect : elements(svg, "rect"))
    if (attribute_of(rect, "fill") == "#fff1b8" && attribute_of(rect, "fill-opacity").empty())
      highlights.push_back(rect); // not the backing of a label on that row
  REQUIRE(highlights.size() == 1);
  CHECK(number_of(highlights[0], "y") + number_of(highlights[0], "height") / 2 == rows[8]);

  const auto circles = elements(svg, "circle"); // decisions
  REQUIRE(circles.size() >= 2);
  CHECK(number_of(circles[0], "cx") == lines[1].x1);
  CHECK(number_of(circles[0], "cy") == rows[6]);
  CHECK(number_of(circles[1], "cx") == lines[2].x1);
  // The crash is a cross centred on L3 in step 9.
  const auto crossing = std::ranges::count_if(segments(svg), [&](const Segment &s) {
    return (s.x1 + s.x2) / 2 == lines[3].x1 && (s.y1 + s.y2) / 2 == rows[8] && s.x1 != s.x2;
  });
  CHECK(crossing == 2);
}

TEST_CASE("asynchronous messages slant from send to delivery, lost and in-flight ones show it") {
  const std::string svg = render_svg(network_trace(), peers, {});
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 9);
  const auto drawn = arrows(svg);
  REQUIRE(drawn.size() == 3); // delivered request, ack, ack in flight (the lost one has no head)
  CHECK(drawn[0].x1 == lines[0].x1); // step 1 -> step 4
  CHECK(drawn[0].y1 == rows[0]);
  CHECK(drawn[0].x2 == lines[1].x1);
  CHECK(drawn[0].y2 == rows[3]);
  CHECK(drawn[1].y1 == rows[2]); // step 3 -> step 6
  CHECK(drawn[1].y2 == rows[5]);
  CHECK(drawn[2].x1 == lines[2].x1); // step 7, never delivered: dashed, leftwards, to the end
  CHECK(drawn[2].x2 == lines[0].x1);
  CHECK(drawn[2].y2 > rows[8]);
  CHECK_FALSE(drawn[2].dashes.empty());
  CHECK(svg.find("(in flight)</text>") != std::string::npos);
  // The lost request stops half way, at the row of its loss.
  const auto lost = std::ranges::count_if(segments(svg), [&](const Segment &s) {
    return s.x1 == lines[0].x1 && s.y1 == rows[1] && s.x2 == (lines[0].x1 + lines[1].x1) / 2 &&
           s.y2 == rows[4] && s.marker.empty();
  });
  CHECK(lost == 1);
  CHECK(svg.find("request(5) (lost)</text>") != std::string::npos);
}

TEST_CASE("a fan: copies slant down to their deliveries, a round's messages are level rows") {
  const std::string svg = render_svg(fan_trace(), peers, {});
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 4);
  const auto drawn = arrows(svg);
  REQUIRE(drawn.size() == 5);
  // The multicast: to p1 dashed to the end (never delivered), to p2 down to step 2. Both start
  // in a row of their own under the step's marker, beside their label.
  CHECK(drawn[0].x1 == lines[0].x1);
  CHECK(drawn[0].y1 == rows[0] + 34);
  CHECK(drawn[1].y1 == rows[0] + 34);
  CHECK(svg.find(">request(5)</text>") != std::string::npos);
  CHECK(drawn[0].x2 == lines[1].x1);
  CHECK(drawn[0].y2 > rows[3]);
  CHECK_FALSE(drawn[0].dashes.empty());
  CHECK(drawn[1].x2 == lines[2].x1);
  CHECK(drawn[1].y2 == rows[1]);
  CHECK(drawn[1].dashes.empty());
  // The reply: from step 2 at p2 down to step 3 at p0, labelled.
  CHECK(drawn[2].x1 == lines[2].x1);
  CHECK(drawn[2].y1 == rows[1]);
  CHECK(drawn[2].x2 == lines[0].x1);
  CHECK(drawn[2].y2 == rows[2]);
  CHECK(svg.find(">reply</text>") != std::string::npos);
  // The round: two level arrows into p0, in two rows under the round's own row, one per sender.
  CHECK(drawn[3].x1 == lines[1].x1);
  CHECK(drawn[4].x1 == lines[2].x1);
  for (std::size_t k = 3; k < 5; ++k) {
    CHECK(drawn[k].y1 == drawn[k].y2);
    CHECK(drawn[k].x2 == lines[0].x1);
    CHECK(drawn[k].y1 == rows[3] + 34 * static_cast<int>(k - 2));
  }
  // Steps keep their rows; the round's band reaches down to the end of the lifelines.
  CHECK(rows[3] - rows[2] == 34);
  CHECK(lines[0].y2 >= rows[3] + 3 * 34);
  // The deliveries drawn with their sends still say what happened, beside the chart.
  CHECK(svg.find(">receives request(5) and replies</text>") != std::string::npos);
}

TEST_CASE("a fan's copy lost when its receiver crashes stops half way, at a cross") {
  // p0 multicasts to p1 and p2; p2 crashes with the copy still waiting (a Drop), p1 gets its own.
  Trace trace;
  trace.steps.push_back({local(0, 1), "p0 multicasts go", "", {}, {}});
  trace.steps.push_back({crash(2), "p2 crashes", "", {}, {}});
  trace.steps.push_back({local(NoProcess, 2), "round", "", {}, {}});
  trace.steps[0].carried = {{send(0, 1, 4), "go"}, {send(0, 2, 4), "go"}};
  trace.steps[1].carried = {{Event{EventKind::Drop, 0, 2, 4, 0}, "go"}};
  trace.steps[2].carried = {{deliver(1, 0, 4), "go"}};
  const std::string svg = render_svg(trace, peers, {});
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 3);
  const auto drawn = arrows(svg);
  // The delivered copy: from p0's onward row down to the round, which is a box (its top).
  REQUIRE(drawn.size() == 1);
  CHECK(drawn[0].x2 == lines[1].x1);
  CHECK(drawn[0].y2 == rows[2] - 12);
  // The lost copy: half way to p2, in the crash's row, without a head, then a cross there.
  const int half = (lines[0].x1 + lines[2].x1) / 2;
  const auto lost = std::ranges::count_if(segments(svg), [&](const Segment &s) {
    return s.x1 == lines[0].x1 && s.x2 == half && s.y2 == rows[1] && s.marker.empty();
  });
  CHECK(lost == 1);
  const auto crossing = std::ranges::count_if(segments(svg), [&](const Segment &s) {
    return (s.x1 + s.x2) / 2 == half && (s.y1 + s.y2) / 2 == rows[1] && s.x1 != s.x2;
  });
  CHECK(crossing == 2);
  // Nothing is left in flight, in the terminal chart either.
  const std::string msc = render_msc(trace, peers, {});
  CHECK(msc.find("in flight") == std::string::npos);
  CHECK(msc.find("x") != std::string::npos);
}

TEST_CASE("a fan's copy that a step of its own loses stops half way too") {
  // p0 multicasts to p1 and p2; the network drops the copy to p2 as a step of its own (a lossy
  // network's Drop event), then p1 receives its copy.
  Trace trace;
  trace.steps.push_back({local(0, 1), "p0 multicasts go", "", {}, {}});
  trace.steps.push_back({Event{EventKind::Drop, 0, 2, 4, 0}, "the network loses go", "go", {}, {}});
  trace.steps.push_back({deliver(1, 0, 4), "p1 receives go", "go", {}, {}});
  trace.steps[0].carried = {{send(0, 1, 4), "go"}, {send(0, 2, 4), "go"}};
  const std::string svg = render_svg(trace, peers, {});
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 3);
  const int half = (lines[0].x1 + lines[2].x1) / 2;
  const auto lost = std::ranges::count_if(segments(svg), [&](const Segment &s) {
    return s.x1 == lines[0].x1 && s.x2 == half && s.y2 == rows[1] && s.marker.empty();
  });
  CHECK(lost == 1);
  // No copy runs on to p2 with a head.
  CHECK(std::ranges::none_of(arrows(svg), [&](const Segment &s) { return s.x2 == lines[2].x1; }));
  CHECK(render_msc(trace, peers, {}).find("in flight") == std::string::npos);
}

TEST_CASE("who waits for whom at the end: dashed arrows in the last step's band") {
  Trace trace = trace_of({{local(0, 1), "p0 waits"}, {local(1, 1), "p1 waits"}});
  trace.waiting = {{0, 1, "p1's vote"}, {1, 2, "p2's vote"}, {2, 0, "p0's vote"}, {1, 1, "self"}};
  const std::string svg = render_svg(trace, peers, {});
  const auto lines = lifelines(svg);
  const auto rows = row_ys(svg);
  REQUIRE(rows.size() == 2);
  const auto drawn = arrows(svg);
  REQUIRE(drawn.size() == 3); // the edge to itself is not drawn
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(drawn[k].marker == "url(#head-wait)");
    CHECK_FALSE(drawn[k].dashes.empty());
    CHECK(drawn[k].y1 == drawn[k].y2);
    CHECK(drawn[k].y1 == rows[1] + 34 * static_cast<int>(k + 1));
  }
  CHECK(drawn[0].x1 == lines[0].x1);
  CHECK(drawn[0].x2 == lines[1].x1);
  CHECK(drawn[2].x2 == lines[0].x1);
  CHECK(svg.find(">waits for p2&apos;s vote</text>") != std::string::npos);
  CHECK(svg.find(">waits for, at the end</text>") != std::string::npos);
  CHECK(lines[0].y2 > drawn[2].y1); // the lifelines run past the last edge
}

TEST_CASE("a lasso's repeating part is bracketed with an arrow back to its start") {
  const std::string svg = render_svg(network_trace(), peers, {});
  const auto rows = row_ys(svg);
  const auto paths = elements(svg, "path");
  const auto loop = std::ranges::find_if(paths, [](const std::string &path) {
    return path.find("url(#head-loop)") != std::string::npos;
  });
  REQUIRE(loop != paths.end());
  const std::string d = attribute_of(*loop, "d");
  CHECK(d.find("," + std::to_string(rows[8] + 8) + " ") != std::string::npos);
  CHECK(d.find(" V" + std::to_string(rows[7] - 8) + " ") != std::string::npos);
  CHECK(svg.find(">steps 8–9 repeat forever</text>") != std::string::npos);
  CHECK(render_svg(traitor_trace(), generals, {}).find("head-loop)\"/>") == std::string::npos);
}

TEST_CASE("text is escaped for XML wherever it appears") {
  SvgOptions options;
  options.title = "a < b & \"c\" 'd'";
  options.caption = "</text><script>";
  const Trace trace = trace_of({{transmit(0, 1, 1, 1), "x -> y: <attack> & \"retreat\""}});
  const std::string svg = render_svg(trace, {"<p&0>", "p1"}, options);
  CHECK(svg.find("a &lt; b &amp; &quot;c&quot; &apos;d&apos;") != std::string::npos);
  CHECK(svg.find("&lt;/text&gt;&lt;script&gt;") != std::string::npos);
  CHECK(svg.find("&lt;attack&gt; &amp; &quot;retreat&quot;") != std::string::npos);
  CHECK(svg.find("&lt;p&amp;0&gt;") != std::string::npos);
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("<attack>") == std::string::npos);

  CHECK(xml_escape("L1 → L2: é") == "L1 → L2: é");
  CHECK(xml_escape("tab\there\x01") == "tab here ");
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(xml_escape("bad \xFF byte") == "bad " + replacement + " byte");
  CHECK(xml_escape("cut \xC3") == "cut " + replacement);
  CHECK(xml_escape("\xC0\xAF") == replacement + replacement);          // overlong '/'
  CHECK(xml_escape("\xED\xA0\x80").find('\xED') == std::string::npos); // a surrogate
}

TEST_CASE("no text of a chart is cut, leaves the picture, or overlaps another") {
  // Labels longer than their arrows, long markers, a long banner and long notes on 8 lifelines.
  const std::vector<std::string> ring{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"};
  Trace long_labels = trace_of({
      {adversary(0, 0), "the adversary crashes nobody and lets every message through, in order"},
      {transmit(0, 1, 1, 8), "p1 -> p2: elected(8) (p1 heard its own id come back)"},
      {send(2, 3, 1, 7), "p3 -> p4: elect(7) (p3 starts an election of its own)"},
      {deliver(3, 2, 1, 7), "p4 receives elect(7) from p3 and drops it (own id 8 is larger)"},
      {send(7, 0, 1, 8), "p8 -> p1: elect(8) (forwarded around the whole ring)"},
      {decide(7, 8), "p8 decides that p8 is the leader, and tells everyone so in turn"},
      {crash(6), "p7 crashes for good, in the middle of the election, holding a message"},
  });
  long_labels.steps[1].message = "elected(8) (own id came back)";
  long_labels.steps[2].message = "elect(7)";
  long_labels.steps[3].message = "elect(7)";
  long_labels.steps[4].message = "elect(8)";
  SvgOptions ring_options;
  ring_options.faulty = {6};
  ring_options.title = "long labels on a ring of eight";
  ring_options.caption = "every label whole";

  const std::pair<std::string, std::string> charts[] = {
      {"traitor", render_svg(traitor_trace(), generals, traitor_options())},
      {"network", render_svg(network_trace(), peers, {})},
      {"long labels", render_svg(long_labels, ring, ring_options)},
      {"fan", render_svg(fan_trace(), peers, {})},
      {"waits",
       [] {
         Trace trace = fan_trace();
         trace.waiting = {{0, 1, "p1's vote"}, {1, 2, "p2's vote"}, {2, 0, "p0's vote"}};
         return render_svg(trace, peers, {});
       }()},
  };
  for (const auto &[name, svg] : charts) {
    INFO("chart " << name);
    const int width = number_of(elements(svg, "svg")[0], "width");
    const std::vector<TextBox> boxes = text_boxes(svg);
    REQUIRE(boxes.size() > 10);
    for (const TextBox &box : boxes) {
      INFO("text '" << box.content << "' from x " << box.left << " to " << box.right);
      CHECK(box.content.find("\xE2\x80\xA6") == std::string::npos); // no ellipsis: nothing cut
      CHECK(box.left >= 0);
      CHECK(box.right <= width);
    }
    for (std::size_t i = 0; i < boxes.size(); ++i)
      for (std::size_t j = i + 1; j < boxes.size(); ++j) {
        const TextBox &a = boxes[i], &b = boxes[j];
        const bool overlap =
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        INFO("'" << a.content << "' and '" << b.content << "'");
        CHECK_FALSE(overlap);
      }
  }
  // Every message and every step's words are there, whole.
  const std::string &svg = charts[2].second;
  for (const char *whole :
       {"elected(8) (own id came back)", "elect(7)", "elect(8)",
        "crashes for good, in the middle of the election, holding a message",
        "the adversary crashes nobody and lets every message through, in order"})
    CHECK(svg.find(whole) != std::string::npos);
}

TEST_CASE("a real renderer turns each chart into a PNG of the declared size") {
  if (std::system("command -v rsvg-convert > /dev/null 2>&1") != 0)
    FAIL("rsvg-convert not found: install Debian's librsvg2-bin (scripts/setup does); this test "
         "checks that the charts render");

  const char *keep = std::getenv("PROTOCHECK_CHART_DIR"); // to look at the pictures
  const std::filesystem::path dir = keep ? std::filesystem::path(keep)
                                         : std::filesystem::temp_directory_path() /
                                               ("protocheck-svg-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  std::vector<std::string> seven;
  for (int p = 0; p < 7; ++p)
    seven.push_back("Lieutenant " + std::to_string(p));
  const Trace wide = trace_of({{transmit(0, 6, 1, 1), "order"},
                               {transmit(6, 3, 1, 0), "Lieutenant 6 -> Lieutenant 3: retreat"},
                               {decide(3, 0), "Lieutenant 3 decides retreat"}});
  SvgOptions wide_options;
  wide_options.faulty = {6};
  wide_options.title = "seven processes";

  const std::pair<std::string, std::string> charts[] = {
      {"traitor", render_svg(traitor_trace(), generals, traitor_options())},
      {"network", render_svg(network_trace(), peers, {})},
      {"seven", render_svg(wide, seven, wide_options)},
  };

  const auto render = [&](const std::string &name, const std::string &svg) {
    const auto svg_path = dir / (name + ".svg");
    const auto png_path = dir / (name + ".png");
    std::ofstream(svg_path) << svg;
    const std::string command =
        "rsvg-convert -o '" + png_path.string() + "' '" + svg_path.string() + "'";
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream png(png_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(png)), std::istreambuf_iterator<char>());
    return bytes;
  };
  const auto be32 = [](const std::string &bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
      value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
  };

  for (const auto &[name, svg] : charts) {
    INFO("chart " << name);
    const auto root = elements(svg, "svg");
    REQUIRE(root.size() == 1);
    const int width = number_of(root[0], "width");
    const int height = number_of(root[0], "height");
    const std::string png = render(name, svg);
    REQUIRE(png.size() > 24);
    CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(png.substr(12, 4) == "IHDR");
    CHECK(be32(png, 16) == static_cast<std::uint32_t>(width));
    CHECK(be32(png, 20) == static_cast<std::uint32_t>(height));
    CHECK(width >= 400);
    CHECK(height >= 200);
    // Not blank: far bigger than a white page of the same size.
    const std::string size =
        " width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) + "\"";
    const std::string blank =
        render(name + "-blank", "<svg xmlns=\"http://www.w3.org/2000/svg\"" + size + "><rect" +
                                    size + " fill=\"white\"/></svg>\n");
    INFO(png.size() << " bytes, blank page " << blank.size() << " bytes");
    CHECK(png.size() > 5 * blank.size());
  }
  if (!keep)
    std::filesystem::remove_all(dir);
}
