// The mutual-exclusion models (slides 26-53 of the coordination lecture).
#include "checker/check.hpp"
#include "models/mutex/maekawa.hpp"
#include "models/mutex/ricart_agrawala.hpp"

namespace protocheck {

void register_mutex(Registry &registry) {
  registry.add<mutex::RicartAgrawala>(
      "ricart-agrawala", "Ricart-Agrawala multicast mutual exclusion with Lamport clocks");
  registry.add<mutex::Maekawa>("maekawa", "Maekawa's voting algorithm (may deadlock)");
  registry.add<mutex::MaekawaOptimised>(
      "maekawa-optimised", "Maekawa with p_i not sending to itself (slides 52-53): is it safe?");
}

} // namespace protocheck
