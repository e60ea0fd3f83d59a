// Reports and traces as JSON for programs (schema documented in README.md). A trace in this form
// is also what `protocheck replay` reads back.
#pragma once

#include <protocheck/report.hpp>

#include <nlohmann/json.hpp>

namespace protocheck {

using Json = nlohmann::ordered_json;

Json to_json(const CheckReport &report);
Json to_json(const Trace &trace, const std::vector<std::string> &processes);
Json params_to_json(const std::vector<std::pair<std::string, std::string>> &params);

} // namespace protocheck
