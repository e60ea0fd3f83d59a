// Instantiates the engine for coordinated-attack alone, so that editing one model rebuilds one
// file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/consensus/coordinated_attack.hpp>
#include <protocheck/models/engine_instance.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, consensus::CoordinatedAttack)

void register_coordinated_attack(Registry &registry) {
  registry.add<consensus::CoordinatedAttack>(
      "coordinated-attack",
      "Two generals over a lossy link: no number of messengers makes them agree for sure");
}

} // namespace protocheck
