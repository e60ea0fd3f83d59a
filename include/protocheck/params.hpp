// Parameters a model declares (name, range, default, help), so the command line can list and
// validate them before a model is built.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace protocheck {

// Bad input from the user: the command line prints what() on one line and exits with code 2.
class BadInput : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A model broke during a run (its successors() or a property threw): the command line prints
// what() on one line, naming the model and the step, and exits with code 2.
class ModelError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

enum class ParamType : std::uint8_t {
  Integer, // a whole number in [min, max]
  Flag,    // present or absent
  Choice,  // one word out of `choices`
  Text,    // free text the model parses itself (e.g. voting sets "1,2;2,3;3,1")
};

struct ParamSpec {
  std::string name; // as on the command line, without dashes: "n", "f", "exact-traitors"
  ParamType type = ParamType::Integer;
  std::string help;
  std::int64_t min = 0;
  std::int64_t max = 0;
  // Default as text; empty means "derived from other parameters" (the help says how).
  std::string default_value;
  std::vector<std::string> choices; // for Choice
};

// Values as given on the command line (or defaults), checked against the specs.
class ParamValues {
public:
  ParamValues() = default;
  // Checks names, types and ranges against `specs`; throws BadInput naming the value and range.
  static ParamValues parse(const std::vector<ParamSpec> &specs,
                           const std::map<std::string, std::string> &given);

  bool has(const std::string &name) const; // given by the user, or has a default
  std::int64_t integer(const std::string &name) const;
  std::int64_t integer_or(const std::string &name, std::int64_t fallback) const;
  bool flag(const std::string &name) const;
  std::string text(const std::string &name) const;

  // Every value, defaults included, in declaration order: for reports and trace files.
  const std::vector<std::pair<std::string, std::string>> &all() const { return values_; }

private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::map<std::string, ParamType> types_;
};

// "3..7" or "4" -> inclusive range; throws BadInput.
std::pair<std::int64_t, std::int64_t> parse_range(const std::string &what, const std::string &text);

} // namespace protocheck
