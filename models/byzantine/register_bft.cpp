// Signed messages, the naive majority broadcast and PBFT (the Byzantine family's other models;
// OM is registered in register.cpp).
#include "checker/check.hpp"
#include "models/byzantine/naive_majority.hpp"
#include "models/byzantine/pbft.hpp"
#include "models/byzantine/signed_messages.hpp"

namespace protocheck {

void register_bft(Registry &registry) {
  registry.add<byzantine::SignedMessages>("sm", "Signed messages SM(m), Lamport-Shostak-Pease");
  registry.add<byzantine::NaiveMajority>(
      "naive-majority", "Naive majority broadcast: every general broadcasts, decides by majority");
  registry.add<byzantine::Pbft>("pbft", "PBFT normal case and one view change, Castro-Liskov");
}

} // namespace protocheck
