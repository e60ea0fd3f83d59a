// A model's reachable state graph, drawn for `protocheck graph`: what the explorer found
// (state_graph_dot.hpp, a template per model) and its Graphviz DOT text (state_graph_dot.cpp,
// through Boost.Graph's write_graphviz, compiled once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace protocheck {

struct GraphDrawing {
  struct Vertex {
    std::string state;       // every variable, one a line ("\l" ends each)
    std::string changes;     // the variables whose value differs from the BFS parent's; an initial
                             // state's are all its variables
    std::uint64_t level = 0; // BFS level: the fewest steps from an initial state
    bool initial = false;
    std::string violates; // names of the properties this state violates
    bool on_path = false; // on the shortest counterexample
  };
  struct Edge {
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::string label;
    bool on_path = false;
  };
  std::vector<Vertex> vertices; // by BFS rank
  std::vector<Edge> edges;
};

struct StateGraphDot {
  bool complete = false;    // false: more states than the limit, and `dot` is empty
  bool interrupted = false; // stopped by Ctrl-C or SIGTERM (not complete either)
  std::uint64_t states = 0; // explored (when incomplete: where the explorer stopped)
  std::uint64_t edges = 0;
  std::size_t violating = 0; // states that violate an always or at-end property
  GraphDrawing drawing;      // empty when not complete
  std::string dot;           // write_dot(drawing) with the default labels
};

// What a state's box says: `Changes` fits a slide (the state's number and what its first step
// changed, the whole state in the tooltip); `Full` lists every variable.
enum class GraphLabels { Changes, Full };

// Initial states bold, violating states filled red, the counterexample's path thick and red, and
// each BFS level on a rank of its own.
std::string write_dot(const GraphDrawing &drawing, GraphLabels labels = GraphLabels::Changes);

} // namespace protocheck
