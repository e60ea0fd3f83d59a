// Crash faults: a process may stop at any step, and a crash in the middle of a multicast leaves the
// message with an arbitrary subset of its destinations. These helpers enumerate those choices in a
// deterministic order; the model keeps the crashed set (a ProcessSet) in its State.
#pragma once

#include <protocheck/kit/process_set.hpp>

#include <cstddef>
#include <cstdint>

namespace protocheck::kit {

// Calls f(p) for every process p < n that has not crashed, in increasing order, provided fewer
// than max_crashes processes have crashed so far: the "crash now" steps of a state.
template <std::size_t Max, class F>
void for_each_crash(const ProcessSet<Max> &crashed, std::size_t n, std::size_t max_crashes, F &&f) {
  if (crashed.size() >= max_crashes)
    return;
  for (std::size_t p = 0; p < n; ++p)
    if (!crashed.contains(p))
      f(p);
}

// Calls f(subset) for every subset of `set` (the empty set and `set` itself included), in
// increasing order of the subsets' bitmasks.
template <std::size_t Max, class F> void for_each_subset(const ProcessSet<Max> &set, F &&f) {
  const std::uint64_t full = set.mask();
  // Walks the subsets of `full` upwards: (sub - full) & full is the next subset after sub.
  std::uint64_t sub = 0;
  while (true) {
    f(ProcessSet<Max>::from_mask(sub));
    if (sub == full)
      return;
    sub = (sub - full) & full;
  }
}

// Calls f(reached) for every proper subset of `destinations` (empty included): the processes that
// got a multicast whose sender crashed before finishing it. The full set is left out because it is
// the same as "multicast, then crash".
template <std::size_t Max, class F>
void for_each_partial_multicast(const ProcessSet<Max> &destinations, F &&f) {
  for_each_subset(destinations, [&](const ProcessSet<Max> &reached) {
    if (reached != destinations)
      f(reached);
  });
}

} // namespace protocheck::kit
