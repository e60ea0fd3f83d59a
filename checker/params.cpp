#include <protocheck/params.hpp>

#include <charconv>
#include <cstdio>

namespace protocheck {
namespace {

std::int64_t parse_integer(const std::string &name, const std::string &text) {
  std::int64_t value = 0;
  const char *end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || last != end)
    throw BadInput(name + " = " + in_quotes(text) + " is not a whole number");
  return value;
}

std::string join(const std::vector<std::string> &words, const char *separator) {
  std::string out;
  for (const auto &word : words)
    out += (out.empty() ? "" : separator) + word;
  return out;
}

// Flags come from the command line as given (--lossy=false) and from trace files as true/false.
std::string flag_value(const ParamSpec &spec, const std::string &text) {
  if (text == "1" || text == "true")
    return "true";
  if (text == "0" || text == "false")
    return "false";
  throw BadInput("--" + spec.name + " is a flag: give it alone, or as --" + spec.name +
                 "=true or =false (got " + in_quotes(text) + ")");
}

} // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto byte = static_cast<unsigned char>(text[k]);
    // C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8; some terminals obey them too.
    const bool c1 = byte == 0xC2 && k + 1 < text.size() &&
                    static_cast<unsigned char>(text[k + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[k + 1]) <= 0x9F;
    if (byte >= 0x20 && byte != 0x7F && !c1) {
      out += text[k];
      continue;
    }
    const unsigned code = c1 ? static_cast<unsigned char>(text[++k]) : byte;
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, "\\x%02x", code);
    out += escaped;
  }
  return out;
}

std::string in_quotes(std::string_view text) {
  constexpr std::size_t Longest = 40;
  if (text.size() <= Longest)
    return "'" + printable(text) + "'";
  return "'" + printable(text.substr(0, Longest)) + "...' (" + std::to_string(text.size()) +
         " characters)";
}

std::string accepted_values(const ParamSpec &spec) {
  switch (spec.type) {
  case ParamType::Integer:
    return std::to_string(spec.min) + (spec.max == spec.min + 1 ? " or " : "..") +
           std::to_string(spec.max);
  case ParamType::Flag:
    return "true or false";
  case ParamType::Choice: {
    std::string out;
    for (std::size_t k = 0; k < spec.choices.size(); ++k)
      out += (k == 0 ? "" : k + 1 == spec.choices.size() ? " or " : ", ") + spec.choices[k];
    return out;
  }
  case ParamType::Text: // the help up to its first aside, which may run on for lines
    return spec.help.substr(0, spec.help.find(" ("));
  }
  return "";
}

void require_value(const ParamSpec &spec, const std::string &text) {
  if (text.empty())
    throw BadInput("--" + spec.name + " needs a value: " + accepted_values(spec) +
                   (spec.type == ParamType::Text ? " (or leave it out for the default)" : ""));
}

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
      throw BadInput("unknown parameter --" + printable(std::string_view(name).substr(0, 40)) +
                     " (this model takes " +
                     (names.empty() ? std::string("no parameters") : join(names, ", ")) + ")");
    }
  }
  ParamValues values;
  for (const auto &spec : specs) {
    values.types_[spec.name] = spec.type;
    const auto found = given.find(spec.name);
    if (found != given.end())
      require_value(spec, found->second);
    std::string text = found != given.end() ? found->second : spec.default_value;
    if (spec.type == ParamType::Flag) {
      values.values_.emplace_back(spec.name, text.empty() ? "false" : flag_value(spec, text));
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
        throw BadInput(spec.name + " = " + in_quotes(text) + " is not allowed: choose one of " +
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
    throw BadInput(what + " = " + in_quotes(text) + " is an empty range");
  return {low, high};
}

} // namespace protocheck
