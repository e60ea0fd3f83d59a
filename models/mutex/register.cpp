// The mutual-exclusion models (slides 26-53 of the coordination lecture).
#include "checker/check.hpp"
#include "models/mutex/central_server.hpp"
#include "models/mutex/maekawa.hpp"
#include "models/mutex/maekawa_deadlock_free.hpp"
#include "models/mutex/ricart_agrawala.hpp"
#include "models/mutex/token_ring.hpp"

namespace protocheck {

void register_mutex(Registry &registry) {
  registry.add<mutex::CentralServer>(
      "central-server", "Mutual exclusion by a central server (safe, but not causally ordered)");
  registry.add<mutex::TokenRing>("token-ring",
                                 "Ring-based mutual exclusion (safe, but not causally ordered)");
  registry.add<mutex::RicartAgrawala>(
      "ricart-agrawala", "Ricart-Agrawala multicast mutual exclusion with Lamport clocks");
  registry.add<mutex::Maekawa>("maekawa", "Maekawa's voting algorithm (may deadlock)");
  registry.add<mutex::MaekawaDeadlockFree>(
      "maekawa-deadlock-free", "Maekawa with inquire/relinquish deadlock resolution (slide 50)");
  registry.add<mutex::MaekawaOptimised>(
      "maekawa-optimised", "Maekawa with p_i not sending to itself (slides 52-53): is it safe?");
}

} // namespace protocheck
