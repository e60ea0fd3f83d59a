// Instantiates the engine for chang-roberts alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/election/chang_roberts.hpp>

namespace protocheck {

void register_chang_roberts(Registry &registry) {
  registry.add<election::ChangRoberts>("chang-roberts",
                      "Chang-Roberts leader election on a unidirectional ring (asynchronous FIFO)");
}

} // namespace protocheck
