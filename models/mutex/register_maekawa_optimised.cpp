// Instantiates the engine for maekawa-optimised alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/mutex/maekawa.hpp>

namespace protocheck {

void register_maekawa_optimised(Registry &registry) {
  registry.add<mutex::MaekawaOptimised>("maekawa-optimised",
                      "Maekawa with p_i not sending to itself (slides 52-53): is it safe?");
}

} // namespace protocheck
