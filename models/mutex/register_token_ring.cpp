// Instantiates the engine for token-ring alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/token_ring.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::TokenRing)

void register_token_ring(Registry &registry) {
  registry.add<mutex::TokenRing>("token-ring",
                      "Ring-based mutual exclusion (safe, but not causally ordered)");
}

} // namespace protocheck
