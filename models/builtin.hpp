// The built-in models, each registered by its own file (models/<family>/register_<model>.cpp), so
// that a program may offer them beside its own:
//     protocheck::Registry models = protocheck::builtin_models();
//     models.add<MyVariant>("my-variant", "...");
#pragma once

#include <protocheck/registry.hpp>

#include <string_view>

namespace protocheck {

// Every built-in model, in the order `protocheck list` shows them, with the scenario catalogue of
// the lecture's examples (scenarios/catalogue.json).
Registry builtin_models();

// The text of scenarios/catalogue.json, compiled in (cmake/embed-text.cmake).
std::string_view builtin_scenario_catalogue();

void register_om(Registry &registry);
void register_sm(Registry &registry);
void register_naive_majority(Registry &registry);
void register_pbft(Registry &registry);
void register_chang_roberts(Registry &registry);
void register_bully(Registry &registry);
void register_anonymous_ring(Registry &registry);
void register_itai_rodeh(Registry &registry);
void register_coordinated_attack(Registry &registry);
void register_crash_consensus(Registry &registry);
void register_ben_or(Registry &registry);
void register_majority_vote(Registry &registry);
void register_central_server(Registry &registry);
void register_token_ring(Registry &registry);
void register_ricart_agrawala(Registry &registry);
void register_maekawa(Registry &registry);
void register_maekawa_deadlock_free(Registry &registry);
void register_maekawa_optimised(Registry &registry);
void register_lamport_clocks(Registry &registry);
void register_ordered_multicast(Registry &registry);

} // namespace protocheck
