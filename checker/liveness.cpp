#include "checker/liveness.hpp"

#include "checker/model.hpp"

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <bitset>
#include <deque>
#include <functional>
#include <iterator>
#include <limits>
#include <utility>

namespace protocheck {
namespace {

constexpr std::uint32_t Unreached = std::numeric_limits<std::uint32_t>::max();
using Groups = std::bitset<256>;

// Feeds Boost's sorted-edge constructor straight from the recorded arrays, one edge at a time.
class RecordedEdgeIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = std::pair<std::uint32_t, std::uint32_t>;
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type *;
  using reference = const value_type &;

  RecordedEdgeIterator(const std::vector<std::uint64_t> &offsets,
                       const std::vector<std::uint32_t> &targets, std::uint64_t edge)
      : offsets_(&offsets), targets_(&targets), edge_(edge) {
    settle();
  }
  reference operator*() const { return current_; }
  pointer operator->() const { return &current_; }
  RecordedEdgeIterator &operator++() {
    ++edge_;
    settle();
    return *this;
  }
  bool operator==(const RecordedEdgeIterator &other) const { return edge_ == other.edge_; }
  bool operator!=(const RecordedEdgeIterator &other) const { return edge_ != other.edge_; }

private:
  void settle() {
    if (edge_ >= targets_->size())
      return;
    while ((*offsets_)[source_ + 1] <= edge_)
      ++source_;
    current_ = {source_, (*targets_)[edge_]};
  }
  const std::vector<std::uint64_t> *offsets_;
  const std::vector<std::uint32_t> *targets_;
  std::uint64_t edge_;
  std::uint32_t source_ = 0;
  value_type current_{};
};

// Views of the CSR arrays, for tight loops.
struct Adjacency {
  const StateGraph &graph;
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

// Shortest path (as edge indices) inside the vertices accepted by `inside`, from `from` to the
// first vertex accepted by `arrive` (not `from` itself unless `allow_empty`).
std::vector<std::uint64_t> shortest_path(const Adjacency &adjacency, std::uint32_t from,
                                         const std::function<bool(std::uint32_t)> &inside,
                                         const std::function<bool(std::uint32_t)> &arrive,
                                         bool allow_empty) {
  if (allow_empty && arrive(from))
    return {};
  std::vector<std::uint64_t> via(adjacency.size(), std::numeric_limits<std::uint64_t>::max());
  std::vector<std::uint8_t> seen(adjacency.size(), 0);
  std::deque<std::uint32_t> queue{from};
  seen[from] = 1;
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    for (std::uint64_t e = adjacency.begin(u); e < adjacency.end(u); ++e) {
      const std::uint32_t v = adjacency.target(e);
      if (!inside(v))
        continue;
      if (arrive(v)) {
        std::vector<std::uint64_t> path{e};
        for (std::uint32_t w = u; w != from; w = source_of(adjacency, via[w]))
          path.push_back(via[w]);
        return {path.rbegin(), path.rend()};
      }
      if (!seen[v]) {
        seen[v] = 1;
        via[v] = e;
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
  return csr.m_forward.m_rowstart.capacity() * sizeof(std::uint64_t) +
         csr.m_forward.m_column.capacity() * sizeof(std::uint32_t) + groups.capacity();
}

StateGraph build_state_graph(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> targets,
                             std::vector<std::uint8_t> groups) {
  const std::uint32_t vertices = static_cast<std::uint32_t>(offsets.size() - 1);
  const std::uint64_t edges = targets.size();
  StateGraph graph{StateGraphCsr(boost::edges_are_sorted, RecordedEdgeIterator(offsets, targets, 0),
                                 RecordedEdgeIterator(offsets, targets, edges), vertices, edges),
                   std::move(groups)};
  return graph;
}

std::optional<LivenessViolation> find_liveness_violation(const StateGraph &graph,
                                                         const std::vector<std::uint8_t> &trigger,
                                                         const std::vector<std::uint8_t> &goal) {
  const Adjacency adjacency{graph};
  const std::uint32_t n = adjacency.size();

  // 1. Breadth-first from every trigger state that is not a goal, through non-goal states only.
  std::vector<std::uint32_t> distance(n, Unreached);
  std::vector<std::uint64_t> via(n, std::numeric_limits<std::uint64_t>::max());
  std::deque<std::uint32_t> queue;
  for (std::uint32_t v = 0; v < n; ++v)
    if (trigger[v] && !goal[v]) {
      distance[v] = 0;
      queue.push_back(v);
    }
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    for (std::uint64_t e = adjacency.begin(u); e < adjacency.end(u); ++e) {
      const std::uint32_t v = adjacency.target(e);
      if (goal[v] || distance[v] != Unreached)
        continue;
      distance[v] = distance[u] + 1;
      via[v] = e;
      queue.push_back(v);
    }
  }
  const auto reached = [&](std::uint32_t v) { return distance[v] != Unreached; };

  // 2. Strongly connected components of the reached non-goal part.
  struct KeepReached {
    const std::vector<std::uint32_t> *distance = nullptr;
    bool operator()(std::uint32_t v) const { return (*distance)[v] != Unreached; }
  };
  const boost::filtered_graph<StateGraphCsr, boost::keep_all, KeepReached> region(
      graph.csr, boost::keep_all(), KeepReached{&distance});
  std::vector<std::uint32_t> component_of(n, Unreached);
  boost::strong_components(
      region, boost::make_iterator_property_map(component_of.begin(),
                                                get(boost::vertex_index, graph.csr)));
  for (std::uint32_t v = 0; v < n; ++v)
    if (!reached(v))
      component_of[v] = Unreached;

  // 3. Per component: is there a cycle at all, and is it weakly fair?
  std::uint32_t components = 0;
  for (std::uint32_t v = 0; v < n; ++v)
    if (reached(v))
      components = std::max(components, component_of[v] + 1);
  std::vector<std::uint8_t> cyclic(components, 0);
  std::vector<Groups> enabled_everywhere(components, Groups().set());
  std::vector<Groups> enabled_somewhere(components);
  std::vector<Groups> taken(components);
  std::vector<std::uint32_t> size(components, 0);
  std::vector<std::uint32_t> entry(components, Unreached);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!reached(v))
      continue;
    const std::uint32_t c = component_of[v];
    ++size[c];
    const Groups enabled = enabled_groups(adjacency, v);
    enabled_everywhere[c] &= enabled;
    enabled_somewhere[c] |= enabled;
    if (entry[c] == Unreached || distance[v] < distance[entry[c]])
      entry[c] = v;
    for (std::uint64_t e = adjacency.begin(v); e < adjacency.end(v); ++e) {
      const std::uint32_t w = adjacency.target(e);
      if (!reached(w) || component_of[w] != c)
        continue;
      if (w == v)
        cyclic[c] = 1;
      if (adjacency.group(e) != NoFairnessGroup)
        taken[c].set(adjacency.group(e));
    }
  }

  // 4. The bad end closest to a trigger: a terminal state, or the entry of a fair cycle.
  std::uint32_t best = Unreached;
  bool best_is_cycle = false;
  const auto consider = [&](std::uint32_t v, bool is_cycle) {
    if (best == Unreached || distance[v] < distance[best] ||
        (distance[v] == distance[best] && v < best)) {
      best = v;
      best_is_cycle = is_cycle;
    }
  };
  for (std::uint32_t v = 0; v < n; ++v)
    if (reached(v) && adjacency.begin(v) == adjacency.end(v))
      consider(v, false);
  for (std::uint32_t c = 0; c < components; ++c) {
    const bool has_cycle = size[c] > 1 || cyclic[c];
    const bool fair = (enabled_everywhere[c] & ~taken[c]).none();
    if (has_cycle && fair)
      consider(entry[c], true);
  }
  if (best == Unreached)
    return std::nullopt;

  // 5. The path from its trigger state, then the cycle.
  LivenessViolation violation;
  std::vector<std::uint64_t> edges;
  std::uint32_t start = best;
  while (distance[start] != 0) {
    edges.push_back(via[start]);
    start = source_of(adjacency, via[start]);
  }
  std::reverse(edges.begin(), edges.end());
  violation.start = start;
  if (best_is_cycle) {
    violation.loop_start = edges.size();
    const std::uint32_t c = component_of[best];
    const auto cycle = fair_cycle(adjacency, component_of, c, best, enabled_somewhere[c]);
    edges.insert(edges.end(), cycle.begin(), cycle.end());
  }
  for (const std::uint64_t e : edges)
    violation.ordinals.push_back(
        static_cast<std::uint32_t>(e - adjacency.begin(source_of(adjacency, e))));
  return violation;
}

} // namespace protocheck
