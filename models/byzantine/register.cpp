// The Byzantine generals models.
#include "checker/check.hpp"
#include "models/byzantine/oral_messages.hpp"

namespace protocheck {

void register_byzantine(Registry &registry) {
  registry.add<byzantine::OralMessages>("om", "Oral messages OM(m), Lamport-Shostak-Pease");
}

} // namespace protocheck
