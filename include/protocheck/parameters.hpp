// How a model declares its parameters: each one a named command-line option bound to a field of
// the model's plain Config struct. The command line lists, validates and ranges them (`check M
// --help`, `sweep M --n 3..7`); the model is then built from a filled-in Config and never looks a
// parameter up by name.
//
//     struct Config { unsigned n = 3; unsigned f = 1; bool lossy = false; };
//     static void parameters(protocheck::Parameters<Config> &declare) {
//       declare.integer("n", &Config::n, 2, 8, "number of processes");
//       declare.integer("f", &Config::f, 0, 7, "most faulty processes; at most n - 1");
//       declare.flag("lossy", &Config::lossy, "the network may lose messages");
//     }
//
// A parameter's default is the field's value in a default-constructed Config. A field of type
// std::optional<T> has no fixed default: left empty, the model derives it (say how in `.derived`).
// Checks that involve several parameters (f < n) belong in the model's constructor, which throws
// BadInput with a one-line reason.
#pragma once

#include <protocheck/params.hpp>

#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace protocheck {

template <class Config> class Parameters {
public:
  // Fine-tuning of one declared parameter, e.g. declare.integer(...).derived("n - 1").
  class Declared {
  public:
    Declared(std::vector<ParamSpec> &specs, std::size_t index) : specs_(specs), index_(index) {}
    // The default is computed by the model from other parameters; `how` says how, in --help.
    Declared &derived(const std::string &how) {
      ParamSpec &spec = specs_[index_];
      spec.default_value.clear();
      spec.help += " (default: " + how + ")";
      return *this;
    }

  private:
    std::vector<ParamSpec> &specs_;
    std::size_t index_;
  };

  // A whole number in [min, max], stored in an integral field (or a std::optional of one).
  template <class Field>
  Declared integer(std::string name, Field Config::*field, std::int64_t min, std::int64_t max,
                   std::string help) {
    using Value = typename Unwrapped<Field>::type;
    static_assert(std::is_integral_v<Value> && !std::is_same_v<Value, bool>,
                  "protocheck: declare.integer binds an integral field (use declare.flag for bool)");
    if (min > max)
      throw std::invalid_argument("parameter --" + name + ": empty range");
    ParamSpec spec{std::move(name), ParamType::Integer, std::move(help), min, max, {}, {}};
    if constexpr (!Unwrapped<Field>::optional)
      spec.default_value = std::to_string(static_cast<std::int64_t>(Config{}.*field));
    return add(
        std::move(spec),
        [field](Config &config, const std::string &text) {
          config.*field = static_cast<Value>(std::stoll(text));
        },
        [field](const Config &config) -> std::string {
          if constexpr (Unwrapped<Field>::optional)
            return (config.*field) ? std::to_string(*(config.*field)) : std::string();
          else
            return std::to_string(config.*field);
        });
  }

  // Present or absent: --lossy.
  Declared flag(std::string name, bool Config::*field, std::string help) {
    ParamSpec spec{std::move(name), ParamType::Flag, std::move(help), 0, 1, {}, {}};
    spec.default_value = (Config{}.*field) ? "true" : "false";
    return add(
        std::move(spec),
        [field](Config &config, const std::string &text) { config.*field = text == "true"; },
        [field](const Config &config) -> std::string {
          return (config.*field) ? "true" : "false";
        });
  }

  // One word out of a list, each naming a value of the field (often an enum).
  template <class Field>
  Declared choice(std::string name, Field Config::*field,
                  std::vector<std::pair<std::string, Field>> choices, std::string help) {
    ParamSpec spec{std::move(name), ParamType::Choice, std::move(help), 0, 0, {}, {}};
    for (const auto &[word, value] : choices) {
      spec.choices.push_back(word);
      if (value == Config{}.*field)
        spec.default_value = word;
    }
    return add(
        std::move(spec),
        [field, choices](Config &config, const std::string &text) {
          for (const auto &[word, value] : choices)
            if (word == text)
              config.*field = value;
        },
        [field, choices](const Config &config) -> std::string {
          for (const auto &[word, value] : choices)
            if (value == config.*field)
              return word;
          return "(a value that is not one of the choices)";
        });
  }

  // Free text the model parses itself in its constructor (e.g. voting sets "1,2;2,3;3,1"); an
  // empty field means "the model's default", which `help` should describe.
  Declared text(std::string name, std::string Config::*field, std::string help) {
    ParamSpec spec{std::move(name), ParamType::Text, std::move(help), 0, 0, Config{}.*field, {}};
    return add(
        std::move(spec), [field](Config &config, const std::string &text) { config.*field = text; },
        [field](const Config &config) { return config.*field; });
  }

  // What the command line shows and checks.
  const std::vector<ParamSpec> &specs() const { return specs_; }

  // A Config with every value given (or defaulted) in `values`; fields left out keep their
  // default member initializers.
  Config config(const ParamValues &values) const {
    Config config{};
    for (std::size_t k = 0; k < specs_.size(); ++k)
      if (values.has(specs_[k].name))
        setters_[k](config, values.text(specs_[k].name));
    return config;
  }

  // Checks a Config built in code against the declared ranges and choices, as the command line
  // checks what it parses (a model indexes fixed arrays by these values); throws BadInput naming
  // the parameter and its range.
  void check(const Config &config) const {
    std::map<std::string, std::string> given;
    for (std::size_t k = 0; k < specs_.size(); ++k) {
      std::string text = getters_[k](config);
      if (!text.empty())
        given.emplace(specs_[k].name, std::move(text));
    }
    ParamValues::parse(specs_, given);
  }

private:
  template <class T> struct Unwrapped {
    using type = T;
    static constexpr bool optional = false;
  };
  template <class T> struct Unwrapped<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
  };

  Declared add(ParamSpec spec, std::function<void(Config &, const std::string &)> setter,
               std::function<std::string(const Config &)> getter) {
    for (const ParamSpec &known : specs_)
      if (known.name == spec.name)
        throw std::invalid_argument("parameter --" + spec.name + " is declared twice");
    specs_.push_back(std::move(spec));
    setters_.push_back(std::move(setter));
    getters_.push_back(std::move(getter));
    return Declared(specs_, specs_.size() - 1);
  }

  std::vector<ParamSpec> specs_;
  std::vector<std::function<void(Config &, const std::string &)>> setters_;
  std::vector<std::function<std::string(const Config &)>> getters_;
};

} // namespace protocheck
