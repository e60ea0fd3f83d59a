// Instantiates the engine for maekawa-optimised alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/maekawa.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::MaekawaOptimised)

void register_maekawa_optimised(Registry &registry) {
  registry.add<mutex::MaekawaOptimised>("maekawa-optimised",
                      "Maekawa with p_i not sending to itself (slides 52-53): is it safe?");
}

} // namespace protocheck
