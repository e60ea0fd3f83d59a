// Logical clocks (slides 29-32 of the coordination lecture).
#include "checker/check.hpp"
#include "models/clocks/lamport_clocks.hpp"

namespace protocheck {

void register_clocks(Registry &registry) {
  registry.add<clocks::LamportClocks>(
      "lamport-clocks", "Lamport clocks: E1 -> E2 implies t1 < t2, but not the converse");
}

} // namespace protocheck
