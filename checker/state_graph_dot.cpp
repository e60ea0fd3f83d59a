#include <protocheck/engine/state_graph_result.hpp>

// GCC 12 warns about an optional inside Boost's edge iterator that Boost initializes before use.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include <sstream>

namespace protocheck {
namespace {

using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS,
                                       GraphDrawing::Vertex, GraphDrawing::Edge>;

class VertexWriter {
public:
  explicit VertexWriter(const DotGraph &graph) : graph_(graph) {}
  void operator()(std::ostream &out, DotGraph::vertex_descriptor v) const {
    const GraphDrawing::Vertex &vertex = graph_[v];
    std::string label = vertex.label;
    if (!vertex.violates.empty())
      label += "violates " + vertex.violates + "\\l"; // "\l" ends a left-justified line
    out << "[label=" << boost::escape_dot_string(label);
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
};

class EdgeWriter {
public:
  explicit EdgeWriter(const DotGraph &graph) : graph_(graph) {}
  void operator()(std::ostream &out, DotGraph::edge_descriptor e) const {
    const GraphDrawing::Edge &edge = graph_[e];
    out << "[label=" << boost::escape_dot_string(edge.label);
    if (edge.on_path)
      out << ", color=red, penwidth=2.5";
    out << "]";
  }

private:
  const DotGraph &graph_;
};

struct GraphAttributes {
  void operator()(std::ostream &out) const {
    out << "node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
        << "edge [fontname=\"Helvetica\", fontsize=9];\n";
  }
};

} // namespace

std::string write_dot(const GraphDrawing &drawing) {
  DotGraph graph(drawing.vertices.size());
  for (std::size_t v = 0; v < drawing.vertices.size(); ++v)
    graph[v] = drawing.vertices[v];
  for (const GraphDrawing::Edge &edge : drawing.edges)
    boost::add_edge(edge.from, edge.to, edge, graph);
  std::ostringstream out;
  boost::write_graphviz(out, graph, VertexWriter(graph), EdgeWriter(graph), GraphAttributes());
  return out.str();
}

} // namespace protocheck
