// Every model family registers here; a family's models are listed in models/<family>/register.cpp.
#include "checker/registry.hpp"

namespace protocheck {

void register_byzantine(Registry &registry);
void register_mutex(Registry &registry);

Registry all_models() {
  Registry registry;
  register_byzantine(registry);
  register_mutex(registry);
  return registry;
}

} // namespace protocheck
