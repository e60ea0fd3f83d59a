// Instantiates the engine for central-server alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/mutex/central_server.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, mutex::CentralServer)

void register_central_server(Registry &registry) {
  registry.add<mutex::CentralServer>("central-server",
                      "Mutual exclusion by a central server (safe, but not causally ordered)");
}

} // namespace protocheck
