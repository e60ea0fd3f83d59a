// The parameter both consensus models declare alike: how many processes take part.
#pragma once

#include <protocheck/parameters.hpp>

namespace protocheck::consensus {

// --n, bound to Config::n (whose initializer gives the default), in 2..max_processes.
template <class Config>
void declare_process_count(Parameters<Config> &declare, unsigned max_processes) {
  declare.integer("n", &Config::n, 2, max_processes, "number of processes");
}

} // namespace protocheck::consensus
