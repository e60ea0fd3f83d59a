// Instantiates the engine for ben-or alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/consensus/ben_or.hpp>
#include <protocheck/models/engine_instance.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, consensus::BenOr)

void register_ben_or(Registry &registry) {
  registry.add<consensus::BenOr>(
      "ben-or", "Asynchronous consensus with crashes: FLP (no deterministic protocol always "
                "decides) and Ben-Or's randomized way out");
}

} // namespace protocheck
