// Instantiates the engine for naive-majority alone, so that editing one model rebuilds one file.
#include <protocheck/engine/check.hpp>
#include <protocheck/models/builtin.hpp>
#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/byzantine/naive_majority.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(, byzantine::NaiveMajority)

void register_naive_majority(Registry &registry) {
  registry.add<byzantine::NaiveMajority>("naive-majority",
                      "Naive majority broadcast: every general broadcasts, decides by majority");
}

} // namespace protocheck
