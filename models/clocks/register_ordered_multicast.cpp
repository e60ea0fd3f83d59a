// Instantiates the engine for ordered-multicast alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/clocks/ordered_multicast.hpp>
#include <protocheck/models/engine_instance.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, clocks::OrderedMulticast)

void register_ordered_multicast(Registry &registry) {
  registry.add<clocks::OrderedMulticast>(
      "ordered-multicast",
      "Totally ordered multicast: bank replicas in Milan and Rome (--order fifo: they diverge)");
}

} // namespace protocheck
