// What the Byzantine models (om, sm, naive-majority, pbft) share: the adversary picks every set of
// at most f traitors (exactly f with --exact-traitors, and always for pbft), unless --faulty fixes
// the set to the one a lecture figure shows ("L1 is a traitor").
#pragma once

#include <protocheck/model.hpp>
#include <protocheck/parameters.hpp>
#include <protocheck/params.hpp>

#include <bit>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace protocheck::byzantine {

// Declares --exact-traitors, bound to `exact` of the model's Config: one option, one help text.
template <class Config>
void declare_exact_traitors(Parameters<Config> &declare, bool Config::*exact) {
  declare.flag("exact-traitors", exact, "exactly f traitors instead of at most f");
}

// Declares --faulty, bound to the model's Config text field (empty: not fixed).
template <class Config>
void declare_faulty(Parameters<Config> &declare, std::string Config::*faulty) {
  declare.text("faulty", faulty,
               "fix the traitors: exactly the processes named, as the model prints them, "
               "comma-separated (L1, or C,L2); default: every set the adversary may pick");
}

// The processes --faulty names, as a mask over `names` (0 for an empty text). Throws BadInput for
// a name the model does not have, a name given twice, or more than `most` names.
inline ProcessMask parse_faulty(const std::string &text, const std::vector<std::string> &names,
                                unsigned most) {
  ProcessMask mask = 0;
  std::istringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    unsigned index = 0;
    while (index < names.size() && names[index] != item)
      ++index;
    if (index == names.size()) {
      std::string known;
      for (const std::string &name : names)
        known += (known.empty() ? "" : ", ") + name;
      throw BadInput("--faulty '" + text + "': no process named " + in_quotes(item) +
                     " (the processes are " + known + ")");
    }
    if ((mask >> index) & 1u)
      throw BadInput("--faulty '" + text + "' names " + item + " twice");
    mask |= ProcessMask{1} << index;
  }
  if (static_cast<unsigned>(std::popcount(mask)) > most)
    throw BadInput("--faulty '" + text + "' names " + std::to_string(std::popcount(mask)) +
                   " processes, more than f = " + std::to_string(most));
  return mask;
}

} // namespace protocheck::byzantine
