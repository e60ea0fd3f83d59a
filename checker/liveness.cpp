#include <protocheck/engine/liveness.hpp>

#include <protocheck/model.hpp>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/two_bit_color_map.hpp>

#include <algorithm>
#include <bitset>
#include <deque>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

namespace protocheck {
namespace {

constexpr std::uint32_t Unreached = std::numeric_limits<std::uint32_t>::max();
using Groups = std::bitset<256>;

// Views of the CSR arrays, for tight loops.
struct Adjacency {
  const StateGraph &graph;
  LimitWatch *watch = nullptr; // polled in every loop over states
  void poll() const {
    if (watch != nullptr)
      watch->poll();
  }
  std::uint64_t begin(std::uint32_t v) const { return graph.csr.m_forward.m_rowstart[v]; }
  std::uint64_t end(std::uint32_t v) const { return graph.csr.m_forward.m_rowstart[v + 1]; }
  std::uint32_t target(std::uint64_t e) const { return graph.csr.m_forward.m_column[e]; }
  std::uint8_t group(std::uint64_t e) const { return graph.groups[e]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(num_vertices(graph.csr)); }
};

Groups enabled_groups(const Adjacency &adjacency, std::uint32_t v) {
  Groups enabled;
  for (std::uint64_t e = adjacency.begin(v); e < adjacency.end(v); ++e)
    if (adjacency.group(e) != NoFairnessGroup)
      enabled.set(adjacency.group(e));
  return enabled;
}

// The state an edge leaves (binary search in the row starts).
std::uint32_t source_of(const Adjacency &adjacency, std::uint64_t edge) {
  std::uint32_t lo = 0, hi = adjacency.size();
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (adjacency.end(mid) <= edge)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

// The first edge from u to v (there is one).
std::uint64_t first_edge(const Adjacency &adjacency, std::uint32_t u, std::uint32_t v) {
  std::uint64_t e = adjacency.begin(u);
  while (adjacency.target(e) != v)
    ++e;
  return e;
}

// Shortest path (as edge indices) inside the vertices accepted by `inside`, from `from` to the
// first vertex accepted by `arrive` (not `from` itself unless `allow_empty`). A vertex's BFS parent
// is kept; the edge it was reached by is the parent's first edge to it.
std::vector<std::uint64_t> shortest_path(const Adjacency &adjacency, std::uint32_t from,
                                         const std::function<bool(std::uint32_t)> &inside,
                                         const std::function<bool(std::uint32_t)> &arrive,
                                         bool allow_empty) {
  if (allow_empty && arrive(from))
    return {};
  std::vector<std::uint32_t> parent(adjacency.size(), Unreached); // Unreached: not seen yet
  std::deque<std::uint32_t> queue{from};
  parent[from] = from;
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    adjacency.poll();
    for (std::uint64_t e = adjacency.begin(u); e < adjacency.end(u); ++e) {
      const std::uint32_t v = adjacency.target(e);
      if (!inside(v))
        continue;
      if (arrive(v)) {
        std::vector<std::uint64_t> path{e};
        for (std::uint32_t w = u; w != from; w = parent[w])
          path.push_back(first_edge(adjacency, parent[w], w));
        return {path.rbegin(), path.rend()};
      }
      if (parent[v] == Unreached) {
        parent[v] = u;
        queue.push_back(v);
      }
    }
  }
  return {};
}

// A fair cycle through `entry` inside component `component`: for every group enabled somewhere
// in the component, the cycle either takes one of its edges or passes a state where it is
// disabled, so the cycle repeated forever is weakly fair.
std::vector<std::uint64_t> fair_cycle(const Adjacency &adjacency,
                                      const std::vector<std::uint32_t> &component_of,
                                      std::uint32_t component, std::uint32_t entry,
                                      const Groups &obligations) {
  const auto inside = [&](std::uint32_t v) { return component_of[v] == component; };
  std::vector<std::uint64_t> cycle;
  std::uint32_t at = entry;
  Groups met;
  const auto note = [&](std::uint32_t v) { met |= ~enabled_groups(adjacency, v) & obligations; };
  note(at);
  for (std::size_t g = 0; g < 256; ++g) {
    if (!obligations.test(g) || met.test(g))
      continue;
    // Nearest state that is either without g, or has a g edge staying in the component.
    const auto satisfies = [&](std::uint32_t v) {
      if (!enabled_groups(adjacency, v).test(g))
        return true;
      for (std::uint64_t e = adjacency.begin(v); e < adjacency.end(v); ++e)
        if (adjacency.group(e) == g && inside(adjacency.target(e)))
          return true;
      return false;
    };
    const auto take = [&](std::uint64_t e) {
      cycle.push_back(e);
      if (adjacency.group(e) != NoFairnessGroup)
        met.set(adjacency.group(e));
      at = adjacency.target(e);
      note(at);
    };
    for (const std::uint64_t e : shortest_path(adjacency, at, inside, satisfies, true))
      take(e);
    if (met.test(g))
      continue;
    for (std::uint64_t e = adjacency.begin(at); e < adjacency.end(at); ++e)
      if (adjacency.group(e) == g && inside(adjacency.target(e))) {
        take(e);
        break;
      }
  }
  const auto back = shortest_path(
      adjacency, at, inside, [&](std::uint32_t v) { return v == entry; }, !cycle.empty());
  cycle.insert(cycle.end(), back.begin(), back.end());
  return cycle;
}

} // namespace

std::uint64_t StateGraph::bytes() const {
  return csr.m_forward.m_rowstart.size() * sizeof(std::uint64_t) +
         csr.m_forward.m_column.size() * sizeof(std::uint32_t) + groups.size();
}

StateGraph build_state_graph(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> targets,
                             std::vector<std::uint8_t> groups) {
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != targets.size() ||
      groups.size() != targets.size())
    throw std::invalid_argument("build_state_graph: offsets, targets and groups do not match");
  // The recorded arrays already are the CSR row starts and columns (edges sorted by source, no
  // edge properties): they become the graph's own arrays instead of being copied edge by edge.
  StateGraph graph;
  graph.csr.m_forward.m_rowstart = std::move(offsets);
  graph.csr.m_forward.m_column = std::move(targets);
  graph.groups = std::move(groups);
  return graph;
}

std::optional<LivenessViolation> find_liveness_violation(const StateGraph &graph,
                                                         const std::vector<std::uint8_t> &trigger,
                                                         const std::vector<std::uint8_t> &goal,
                                                         LimitWatch *watch) {
  const Adjacency adjacency{graph, watch};
  const std::uint32_t n = adjacency.size();

  // 1. Breadth-first from every trigger state that is not a goal, through non-goal states only.
  // A state's BFS parent is kept (its edge is the parent's first edge to it).
  std::vector<std::uint32_t> distance(n, Unreached);
  std::vector<std::uint32_t> parent(n, Unreached);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t v = 0; v < n; ++v)
    if (trigger[v] && !goal[v]) {
      distance[v] = 0;
      queue.push_back(v);
    }
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    adjacency.poll();
    for (std::uint64_t e = adjacency.begin(u); e < adjacency.end(u); ++e) {
      const std::uint32_t v = adjacency.target(e);
      if (goal[v] || distance[v] != Unreached)
        continue;
      distance[v] = distance[u] + 1;
      parent[v] = u;
      queue.push_back(v);
    }
  }
  const auto reached = [&](std::uint32_t v) { return distance[v] != Unreached; };

  // 2. Strongly connected components of the reached non-goal part. Boost's search has no hook to
  // stop it, so the filter asking about each vertex polls the watch.
  struct KeepReached {
    const std::vector<std::uint32_t> *distance = nullptr;
    const Adjacency *adjacency = nullptr;
    bool operator()(std::uint32_t v) const {
      adjacency->poll();
      return (*distance)[v] != Unreached;
    }
  };
  const boost::filtered_graph<StateGraphCsr, boost::keep_all, KeepReached> region(
      graph.csr, boost::keep_all(), KeepReached{&distance, &adjacency});
  std::vector<std::uint32_t> component_of(n, Unreached);
  {
    const auto index = get(boost::vertex_index, graph.csr);
    boost::strong_components(region, boost::make_iterator_property_map(component_of.begin(), index),
                             boost::color_map(boost::two_bit_color_map<decltype(index)>(n, index)));
  }
  for (std::uint32_t v = 0; v < n; ++v)
    if (!reached(v))
      component_of[v] = Unreached;

  // 3. Per component: is there a cycle at all, and is it weakly fair? Components are judged one
  // at a time, their states grouped by a counting sort, so that no per-component sets are kept.
  std::uint32_t components = 0;
  for (std::uint32_t v = 0; v < n; ++v)
    if (reached(v))
      components = std::max(components, component_of[v] + 1);
  std::vector<std::uint32_t> first(std::size_t{components} + 1,
                                   0); // members of c: [first[c], first[c + 1])
  for (std::uint32_t v = 0; v < n; ++v)
    if (reached(v))
      ++first[component_of[v] + 1];
  for (std::uint32_t c = 0; c < components; ++c)
    first[c + 1] += first[c];
  std::vector<std::uint32_t> members(first[components]);
  for (std::uint32_t v = 0; v < n; ++v) // in rank order within each component
    if (reached(v))
      members[first[component_of[v]]++] = v;
  for (std::uint32_t c = components; c > 0; --c) // first[c] was advanced to first[c + 1]
    first[c] = first[c - 1];
  first[0] = 0;

  // 4. The bad end closest to a trigger: a terminal state, or the entry of a fair cycle.
  std::uint32_t best = Unreached;
  bool best_is_cycle = false;
  Groups best_obligations; // the groups enabled somewhere in the best cycle's component
  const auto consider = [&](std::uint32_t v, bool is_cycle) {
    if (best == Unreached || distance[v] < distance[best] ||
        (distance[v] == distance[best] && v < best)) {
      best = v;
      best_is_cycle = is_cycle;
      return true;
    }
    return false;
  };
  for (std::uint32_t v = 0; v < n; ++v)
    if (reached(v) && adjacency.begin(v) == adjacency.end(v))
      consider(v, false);
  for (std::uint32_t c = 0; c < components; ++c) {
    adjacency.poll();
    bool cyclic = first[c + 1] - first[c] > 1;
    Groups enabled_everywhere = Groups().set();
    Groups enabled_somewhere;
    Groups taken;
    std::uint32_t entry = Unreached;
    for (std::uint32_t m = first[c]; m < first[c + 1]; ++m) {
      const std::uint32_t v = members[m];
      adjacency.poll();
      const Groups enabled = enabled_groups(adjacency, v);
      enabled_everywhere &= enabled;
      enabled_somewhere |= enabled;
      if (entry == Unreached || distance[v] < distance[entry])
        entry = v;
      for (std::uint64_t e = adjacency.begin(v); e < adjacency.end(v); ++e) {
        const std::uint32_t w = adjacency.target(e);
        if (!reached(w) || component_of[w] != c)
          continue;
        if (w == v)
          cyclic = true;
        if (adjacency.group(e) != NoFairnessGroup)
          taken.set(adjacency.group(e));
      }
    }
    const bool fair = (enabled_everywhere & ~taken).none();
    if (cyclic && fair && consider(entry, true))
      best_obligations = enabled_somewhere;
  }
  if (best == Unreached)
    return std::nullopt;
  std::vector<std::uint32_t>().swap(members);
  std::vector<std::uint32_t>().swap(first);

  // 5. The path from its trigger state, then the cycle.
  LivenessViolation violation;
  std::vector<std::uint64_t> edges;
  std::uint32_t start = best;
  while (distance[start] != 0) {
    edges.push_back(first_edge(adjacency, parent[start], start));
    start = parent[start];
  }
  std::reverse(edges.begin(), edges.end());
  violation.start = start;
  if (best_is_cycle) {
    violation.loop_start = edges.size();
    const auto cycle =
        fair_cycle(adjacency, component_of, component_of[best], best, best_obligations);
    edges.insert(edges.end(), cycle.begin(), cycle.end());
  }
  for (const std::uint64_t e : edges)
    violation.ordinals.push_back(
        static_cast<std::uint32_t>(e - adjacency.begin(source_of(adjacency, e))));
  return violation;
}

} // namespace protocheck
