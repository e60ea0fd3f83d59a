// Instantiates the engine for lamport-clocks alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/clocks/lamport_clocks.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, clocks::LamportClocks)

void register_lamport_clocks(Registry &registry) {
  registry.add<clocks::LamportClocks>("lamport-clocks",
                      "Lamport clocks: E1 -> E2 implies t1 < t2, but not the converse");
}

} // namespace protocheck
