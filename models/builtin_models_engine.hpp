// The engine's two entry points a test calls, check_model and replay_trace, declared as compiled
// once for each built-in model in the protocheck_builtin_models library (explicit instantiations
// in models/<family>/register_<model>.cpp). A file that includes this header, and links that
// library, does not compile the engine again for the model: a model's test then builds in about
// two thirds of the time (om_test: 20 s -> 14 s on one core), which counts twice in the test
// command, once for the Release build and once for the sanitizer build.
#pragma once

#include <protocheck/models/engine_instance.hpp>
#include <protocheck/models/byzantine/naive_majority.hpp>
#include <protocheck/models/byzantine/oral_messages.hpp>
#include <protocheck/models/byzantine/pbft.hpp>
#include <protocheck/models/byzantine/signed_messages.hpp>
#include <protocheck/models/clocks/lamport_clocks.hpp>
#include <protocheck/models/clocks/ordered_multicast.hpp>
#include <protocheck/models/consensus/ben_or.hpp>
#include <protocheck/models/consensus/coordinated_attack.hpp>
#include <protocheck/models/consensus/crash_consensus.hpp>
#include <protocheck/models/consensus/majority_vote.hpp>
#include <protocheck/models/election/anonymous_ring.hpp>
#include <protocheck/models/election/bully.hpp>
#include <protocheck/models/election/chang_roberts.hpp>
#include <protocheck/models/election/itai_rodeh.hpp>
#include <protocheck/models/mutex/central_server.hpp>
#include <protocheck/models/mutex/maekawa.hpp>
#include <protocheck/models/mutex/maekawa_deadlock_free.hpp>
#include <protocheck/models/mutex/ricart_agrawala.hpp>
#include <protocheck/models/mutex/token_ring.hpp>

namespace protocheck {

PROTOCHECK_BUILTIN_ENGINE(extern, byzantine::NaiveMajority)
PROTOCHECK_BUILTIN_ENGINE(extern, byzantine::OralMessages)
PROTOCHECK_BUILTIN_ENGINE(extern, byzantine::Pbft)
PROTOCHECK_BUILTIN_ENGINE(extern, byzantine::SignedMessages)
PROTOCHECK_BUILTIN_ENGINE(extern, clocks::LamportClocks)
PROTOCHECK_BUILTIN_ENGINE(extern, clocks::OrderedMulticast)
PROTOCHECK_BUILTIN_ENGINE(extern, consensus::BenOr)
PROTOCHECK_BUILTIN_ENGINE(extern, consensus::CoordinatedAttack)
PROTOCHECK_BUILTIN_ENGINE(extern, consensus::CrashConsensus)
PROTOCHECK_BUILTIN_ENGINE(extern, consensus::MajorityVote)
PROTOCHECK_BUILTIN_ENGINE(extern, election::AnonymousRing)
PROTOCHECK_BUILTIN_ENGINE(extern, election::Bully)
PROTOCHECK_BUILTIN_ENGINE(extern, election::ChangRoberts)
PROTOCHECK_BUILTIN_ENGINE(extern, election::ItaiRodeh)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::CentralServer)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::Maekawa)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::MaekawaDeadlockFree)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::MaekawaOptimised)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::RicartAgrawala)
PROTOCHECK_BUILTIN_ENGINE(extern, mutex::TokenRing)

} // namespace protocheck
