// Parameters a model declares (name, range, default, help), so the command line can list and
// validate them before a model is built.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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
  // Every given value must be non-empty; a flag's is true, false, 1 or 0.
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

// What a parameter accepts, for messages: "2..10", "2 or 3", "retreat or bottom", "true or false",
// or the help of a text parameter up to its first parenthesis.
std::string accepted_values(const ParamSpec &spec);

// Text from outside (a trace file, the command line) made safe for a terminal: control characters
// (ESC, newlines, C1 codes) become \xNN, so a message stays one line and cannot drive the terminal.
std::string printable(std::string_view text);

// Throws BadInput when a parameter is given an empty value ("--values needs a value: 2 or 3"),
// which would otherwise read as "not given".
void require_value(const ParamSpec &spec, const std::string &text);

// A value for a message: printable, in quotes, cut short when long (no message repeats a 300-digit
// number).
std::string in_quotes(std::string_view text);

// "3..7" or "4" -> inclusive range; throws BadInput.
std::pair<std::int64_t, std::int64_t> parse_range(const std::string &what, const std::string &text);

} // namespace protocheck
