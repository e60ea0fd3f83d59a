// Every model family registers here; a family's models are listed in models/<family>/register.cpp.
#include "checker/registry.hpp"

namespace protocheck {

void register_byzantine(Registry &registry);
void register_bft(Registry &registry);
void register_election(Registry &registry);
void register_randomized(Registry &registry);
void register_consensus(Registry &registry);
void register_mutex(Registry &registry);
void register_clocks(Registry &registry);

Registry all_models() {
  Registry registry;
  register_byzantine(registry);
  register_bft(registry);
  register_election(registry);
  register_randomized(registry);
  register_consensus(registry);
  register_mutex(registry);
  register_clocks(registry);
  return registry;
}

} // namespace protocheck
