// The engine's two entry points a test calls, check_model and replay_trace, for one model:
// `PROTOCHECK_BUILTIN_ENGINE(, M)` in the model's registration file compiles them there, once;
// `PROTOCHECK_BUILTIN_ENGINE(extern, M)` (models/builtin_models_engine.hpp) tells other files
// that they are compiled elsewhere.
#pragma once

#include <protocheck/engine/check.hpp>
#include <protocheck/engine/replay.hpp>

#define PROTOCHECK_BUILTIN_ENGINE(extern_or_nothing, M)                                          \
  extern_or_nothing template CheckReport check_model<M>(const M &, std::string,                   \
                                                        const ParamValues &, const CheckOptions &); \
  extern_or_nothing template ReplayResult replay_trace<M>(const M &, const RecordedTrace &);

