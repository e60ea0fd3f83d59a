// Instantiates the engine for itai-rodeh alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/election/itai_rodeh.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, election::ItaiRodeh)

void register_itai_rodeh(Registry &registry) {
  registry.add<election::ItaiRodeh>("itai-rodeh",
                      "Itai-Rodeh randomized election of anonymous processes on a synchronous ring");
}

} // namespace protocheck
