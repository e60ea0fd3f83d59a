// The leader election models.
#include "checker/check.hpp"
#include "models/election/bully.hpp"
#include "models/election/chang_roberts.hpp"

namespace protocheck {

void register_election(Registry &registry) {
  registry.add<election::ChangRoberts>(
      "chang-roberts",
      "Chang-Roberts leader election on a unidirectional ring (asynchronous FIFO)");
  registry.add<election::Bully>(
      "bully", "Bully election (Garcia-Molina): synchronous rounds, crashes and restarts");
}

} // namespace protocheck
