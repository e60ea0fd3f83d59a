// Instantiates the engine for anonymous-ring alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/election/anonymous_ring.hpp>
#include <protocheck/models/engine_instance.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, election::AnonymousRing)

void register_anonymous_ring(Registry &registry) {
  registry.add<election::AnonymousRing>(
      "anonymous-ring",
      "Identical processes on a synchronous ring: no deterministic algorithm elects one leader");
}

} // namespace protocheck
