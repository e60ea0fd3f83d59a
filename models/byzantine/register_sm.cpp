// Instantiates the engine for sm alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/byzantine/signed_messages.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, byzantine::SignedMessages)

void register_sm(Registry &registry) {
  registry.add<byzantine::SignedMessages>("sm",
                      "Signed messages SM(m), Lamport-Shostak-Pease");
}

} // namespace protocheck
