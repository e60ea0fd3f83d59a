// Instantiates the engine for maekawa-deadlock-free alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/maekawa_deadlock_free.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::MaekawaDeadlockFree)

void register_maekawa_deadlock_free(Registry &registry) {
  registry.add<mutex::MaekawaDeadlockFree>("maekawa-deadlock-free",
                      "Maekawa with inquire/relinquish deadlock resolution (slide 50)");
}

} // namespace protocheck
