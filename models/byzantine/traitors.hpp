// What the Byzantine generals models (om, sm, naive-majority) share: the adversary picks every set
// of at most f traitors, or with --exact-traitors every set of exactly f.
#pragma once

#include <protocheck/parameters.hpp>

namespace protocheck::byzantine {

// Declares --exact-traitors, bound to `exact` of the model's Config: one option, one help text.
template <class Config>
void declare_exact_traitors(Parameters<Config> &declare, bool Config::*exact) {
  declare.flag("exact-traitors", exact, "exactly f traitors instead of at most f");
}

} // namespace protocheck::byzantine
