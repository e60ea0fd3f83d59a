#include <protocheck/params.hpp>

#include <charconv>

namespace protocheck {
namespace {

std::int64_t parse_integer(const std::string &name, const std::string &text) {
  std::int64_t value = 0;
  const char *end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || last != end)
    throw BadInput(name + " = '" + text + "' is not a whole number");
  return value;
}

std::string join(const std::vector<std::string> &words, const char *separator) {
  std::string out;
  for (const auto &word : words)
    out += (out.empty() ? "" : separator) + word;
  return out;
}

} // namespace

ParamValues ParamValues::parse(const std::vector<ParamSpec> &specs,
                               const std::map<std::string, std::string> &given) {
  for (const auto &[name, value] : given) {
    bool known = false;
    for (const auto &spec : specs)
      known = known || spec.name == name;
    if (!known) {
      std::vector<std::string> names;
      for (const auto &spec : specs)
        names.push_back("--" + spec.name);
      throw BadInput("unknown parameter --" + name + " (this model takes " +
                     (names.empty() ? std::string("no parameters") : join(names, ", ")) + ")");
    }
  }
  ParamValues values;
  for (const auto &spec : specs) {
    values.types_[spec.name] = spec.type;
    const auto found = given.find(spec.name);
    std::string text = found != given.end() ? found->second : spec.default_value;
    if (spec.type == ParamType::Flag) {
      if (found != given.end() && found->second.empty())
        text = "true"; // given as a bare --flag
      if (text.empty() || text == "0" || text == "false")
        text = "false";
      else if (text == "1" || text == "true")
        text = "true";
      else
        throw BadInput("--" + spec.name + " is a flag and takes no value (got '" + text + "')");
      values.values_.emplace_back(spec.name, text);
      continue;
    }
    if (text.empty())
      continue; // derived by the model from other parameters
    switch (spec.type) {
    case ParamType::Integer: {
      const std::int64_t value = parse_integer(spec.name, text);
      if (value < spec.min || value > spec.max)
        throw BadInput(spec.name + " = " + text + " is out of range: " + spec.name +
                       " must be in " + std::to_string(spec.min) + ".." + std::to_string(spec.max));
      text = std::to_string(value);
      break;
    }
    case ParamType::Choice: {
      bool allowed = false;
      for (const auto &choice : spec.choices)
        allowed = allowed || choice == text;
      if (!allowed)
        throw BadInput(spec.name + " = '" + text + "' is not allowed: choose one of " +
                       join(spec.choices, ", "));
      break;
    }
    case ParamType::Flag:
    case ParamType::Text:
      break;
    }
    values.values_.emplace_back(spec.name, text);
  }
  return values;
}

bool ParamValues::has(const std::string &name) const {
  for (const auto &[key, value] : values_)
    if (key == name)
      return true;
  return false;
}

std::string ParamValues::text(const std::string &name) const {
  for (const auto &[key, value] : values_)
    if (key == name)
      return value;
  throw BadInput("missing parameter --" + name);
}

std::int64_t ParamValues::integer(const std::string &name) const {
  return parse_integer(name, text(name));
}

std::int64_t ParamValues::integer_or(const std::string &name, std::int64_t fallback) const {
  return has(name) ? integer(name) : fallback;
}

bool ParamValues::flag(const std::string &name) const { return has(name) && text(name) == "true"; }

std::pair<std::int64_t, std::int64_t> parse_range(const std::string &what,
                                                  const std::string &text) {
  const auto dots = text.find("..");
  if (dots == std::string::npos) {
    const std::int64_t value = parse_integer(what, text);
    return {value, value};
  }
  const std::int64_t low = parse_integer(what, text.substr(0, dots));
  const std::int64_t high = parse_integer(what, text.substr(dots + 2));
  if (low > high)
    throw BadInput(what + " = '" + text + "' is an empty range");
  return {low, high};
}

} // namespace protocheck
