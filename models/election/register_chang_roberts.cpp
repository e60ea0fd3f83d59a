// Instantiates the engine for chang-roberts alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/election/chang_roberts.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, election::ChangRoberts)

void register_chang_roberts(Registry &registry) {
  registry.add<election::ChangRoberts>("chang-roberts",
                      "Chang-Roberts leader election on a unidirectional ring (asynchronous FIFO)");
}

} // namespace protocheck
