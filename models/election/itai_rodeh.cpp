#include <protocheck/models/election/itai_rodeh.hpp>

namespace protocheck::election {

void ItaiRodeh::parameters(Parameters<Config> &declare) {
  declare.integer("n", &Config::n, 2, MaxProcesses, "number of anonymous processes on the ring");
  declare.integer("k", &Config::k, 2, MaxIds, "ids are drawn from 1..k, each with probability 1/k");
  declare.choice("rule", &Config::rule,
                 {{"max-unique", Rule::MaxUnique}, {"unique-max", Rule::UniqueMax}},
                 "who wins a round: max-unique (the largest id drawn by exactly one process, as "
                 "on the slide) or unique-max (the largest id drawn, if exactly one process drew "
                 "it); otherwise the round is repeated");
  declare.integer("rounds-report", &Config::rounds_report, 0, 50,
                  "report the probability of an election within r rounds for r = 1 .. this many");
}

ItaiRodeh::ItaiRodeh(const Config &config)
    : n_(config.n), k_(config.k), rule_(config.rule), rounds_report_(config.rounds_report) {
  if (n_ < 2 || n_ > MaxProcesses)
    throw BadInput("--n " + std::to_string(n_) + " is out of range: 2.." +
                   std::to_string(MaxProcesses) + " processes");
  if (k_ < 2 || k_ > MaxIds)
    throw BadInput("--k " + std::to_string(k_) + " is out of range: ids from 1..k with k in 2.." +
                   std::to_string(MaxIds));
}

std::vector<std::string> ItaiRodeh::process_names() const {
  std::vector<std::string> names;
  for (unsigned p = 0; p < n_; ++p)
    names.push_back("p" + std::to_string(p + 1));
  return names;
}

std::vector<Property<ItaiRodeh::State>> ItaiRodeh::properties() const {
  const std::string rule_words = rule_ == Rule::MaxUnique ? "the largest unique id is elected"
                                                          : "the largest id is elected if unique";
  return {
      eventually<State>(
          "elected", "a leader is eventually elected (" + rule_words + ", else a new round)",
          [](const State &state) { return state.leader != 0; },
          [this](const State &state) {
            return "no leader; ids drawn this round: " + multiset_text(state);
          }),
      always<State>(
          "unique-leader", "the elected id was drawn by exactly one process",
          [](const State &state) {
            return state.leader == 0 || state.drawn[state.leader - 1] == 1;
          },
          [](const State &state) {
            return "id " + std::to_string(state.leader) + " was drawn by " +
                   std::to_string(state.drawn[state.leader - 1]) + " processes";
          }),
      reachable<State>(
          "repeat", "a round can fail, so that every process draws again",
          [this](const State &state) {
            return state.leader == 0 && state.draws == n_ && state.hops + 1u == n_ &&
                   winner(state) == 0;
          },
          [this](const State &state) {
            return "ids " + multiset_text(state) + " elect nobody under --rule " +
                   (rule_ == Rule::MaxUnique ? "max-unique" : "unique-max");
          }),
  };
}

std::string ItaiRodeh::multiset_text(const State &state) const {
  std::string text;
  for (unsigned id = 1; id <= k_; ++id)
    for (unsigned copy = 0; copy < state.drawn[id - 1]; ++copy)
      text += (text.empty() ? "" : " ") + std::to_string(id);
  return text.empty() ? "none" : "{" + text + "}";
}

StateView ItaiRodeh::describe(const State &state) const {
  return {
      {"ids", multiset_text(state)},
      {"hops", std::to_string(state.hops)},
      {"leader",
       state.leader == 0 ? "none" : "the process with id " + std::to_string(state.leader)},
  };
}

std::string ItaiRodeh::describe(const Event &event) const {
  switch (event.message) {
  case Draw:
    return "p" + std::to_string(event.actor + 1) + " draws id " + std::to_string(event.value) +
           " (probability 1/" + std::to_string(k_) + ")" +
           (event.actor == 0 ? ", starting a round" : "");
  case Hop:
    return "every process forwards the id it received last (hop " + std::to_string(event.value) +
           " of " + std::to_string(n_ - 1) + ")";
  case Elect:
    return "every process has seen all ids: id " + std::to_string(event.value) +
           (rule_ == Rule::MaxUnique ? " is the largest unique one"
                                     : " is the largest, and unique") +
           ", so the process that drew it is the leader";
  case Retry:
    return rule_ == Rule::MaxUnique
               ? "every process has seen all ids: none is unique, so all draw again"
               : "every process has seen all ids: the largest was drawn more than once, so all "
                 "draw "
                 "again";
  default:
    return "start";
  }
}

} // namespace protocheck::election
