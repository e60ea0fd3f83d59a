// The built-in models, in the order `protocheck list` shows them.
#include <protocheck/models/builtin.hpp>

#include <string>

namespace protocheck {

Registry builtin_models() {
  Registry registry;
  register_om(registry);
  register_sm(registry);
  register_naive_majority(registry);
  register_pbft(registry);
  register_chang_roberts(registry);
  register_bully(registry);
  register_anonymous_ring(registry);
  register_itai_rodeh(registry);
  register_coordinated_attack(registry);
  register_crash_consensus(registry);
  register_ben_or(registry);
  register_majority_vote(registry);
  register_central_server(registry);
  register_token_ring(registry);
  register_ricart_agrawala(registry);
  register_maekawa(registry);
  register_maekawa_deadlock_free(registry);
  register_maekawa_optimised(registry);
  register_lamport_clocks(registry);
  register_ordered_multicast(registry);
  registry.add_scenarios(std::string(builtin_scenario_catalogue()));
  return registry;
}

} // namespace protocheck
