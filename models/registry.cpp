// Every model family registers here; a family's models are listed in models/<family>/register.cpp.
#include "checker/registry.hpp"

namespace protocheck {

void register_byzantine(Registry &registry);

Registry all_models() {
  Registry registry;
  register_byzantine(registry);
  return registry;
}

} // namespace protocheck
