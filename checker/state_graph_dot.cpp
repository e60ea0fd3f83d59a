#include <protocheck/engine/state_graph_result.hpp>

// GCC 12 warns about an optional inside Boost's edge iterator that Boost initializes before use.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include <map>
#include <sstream>
#include <string>

namespace protocheck {
namespace {

using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                       GraphDrawing::Vertex, GraphDrawing::Edge>;

// Graphviz's escString: "\l" ends a left-justified line in a label; a tooltip takes "\n".
std::string tooltip_text(std::string label) {
  for (std::size_t at = 0; (at = label.find("\\l", at)) != std::string::npos; at += 2)
    label[at + 1] = 'n';
  return label;
}

// An event's text broken at spaces into lines of about `width` characters, so that long events
// do not spread a level across the page.
std::string wrapped(const std::string &text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos)
      end = text.size();
    const std::string word = text.substr(start, end - start);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    start = end + 1;
  }
  return out;
}

class VertexWriter {
public:
  VertexWriter(const DotGraph &graph, GraphLabels labels) : graph_(graph), labels_(labels) {}
  void operator()(std::ostream &out, DotGraph::vertex_descriptor v) const {
    const GraphDrawing::Vertex &vertex = graph_[v];
    const std::string number = "#" + std::to_string(v) + "\\l";
    std::string label = labels_ == GraphLabels::Full ? vertex.state
                        : vertex.changes.empty()     ? number + "(no shown variable changes)\\l"
                                                     : number + vertex.changes;
    if (!vertex.violates.empty())
      label += "violates " + vertex.violates + "\\l";
    out << "[label=" << boost::escape_dot_string(label);
    if (labels_ == GraphLabels::Changes)
      out << ", tooltip=" << boost::escape_dot_string(tooltip_text(number + vertex.state));
    if (vertex.initial)
      out << ", penwidth=3";
    if (!vertex.violates.empty())
      out << ", style=filled, fillcolor=\"#f4cccc\", color=red";
    else if (vertex.on_path)
      out << ", color=red";
    out << "]";
  }

private:
  const DotGraph &graph_;
  GraphLabels labels_;
};

class EdgeWriter {
public:
  EdgeWriter(const DotGraph &graph, GraphLabels labels) : graph_(graph), labels_(labels) {}
  void operator()(std::ostream &out, DotGraph::edge_descriptor e) const {
    const GraphDrawing::Edge &edge = graph_[e];
    out << "[label="
        << boost::escape_dot_string(labels_ == GraphLabels::Changes ? wrapped(edge.label, 24)
                                                                    : edge.label);
    if (edge.on_path)
      out << ", color=red, penwidth=2.5";
    out << "]";
  }

private:
  const DotGraph &graph_;
  GraphLabels labels_;
};

// Each BFS level on a rank of its own, so that reading down the picture is taking steps.
class GraphAttributes {
public:
  explicit GraphAttributes(const GraphDrawing &drawing) : drawing_(drawing) {}
  void operator()(std::ostream &out) const {
    out << "node [shape=box, fontname=\"Helvetica\", fontsize=10, margin=\"0.06,0.03\"];\n"
        << "edge [fontname=\"Helvetica\", fontsize=9];\n"
        << "nodesep=0.2;\nranksep=0.35;\n";
    std::map<std::uint64_t, std::string> levels;
    for (std::size_t v = 0; v < drawing_.vertices.size(); ++v)
      levels[drawing_.vertices[v].level] += " " + std::to_string(v) + ";";
    for (const auto &[level, members] : levels)
      out << "{rank=same;" << members << "}\n";
  }

private:
  const GraphDrawing &drawing_;
};

} // namespace

std::string write_dot(const GraphDrawing &drawing, GraphLabels labels) {
  DotGraph graph(drawing.vertices.size());
  for (std::size_t v = 0; v < drawing.vertices.size(); ++v)
    graph[v] = drawing.vertices[v];
  for (const GraphDrawing::Edge &edge : drawing.edges)
    boost::add_edge(edge.from, edge.to, edge, graph);
  std::ostringstream out;
  boost::write_graphviz(out, graph, VertexWriter(graph, labels), EdgeWriter(graph, labels),
                        GraphAttributes(drawing));
  return out.str();
}

} // namespace protocheck
