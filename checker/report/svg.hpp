// A trace as a standalone SVG 1.1 message sequence chart, for slides and papers: the chart of
// msc.hpp with slanted arrows for messages that travel over several steps.
#pragma once

#include <protocheck/report.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace protocheck {

struct SvgOptions {
  std::set<std::size_t> faulty; // process indices drawn in red (traitors, crash-prone, ...)
  std::string title;            // on top, e.g. the model with its parameters and the property
  std::string caption;          // under the title, e.g. why the last state violates the property
};

std::string render_svg(const Trace &trace, const std::vector<std::string> &processes,
                       const SvgOptions &options = {});

// Text as XML character data or attribute value: markup characters escaped, characters XML
// cannot carry (control characters, invalid UTF-8) replaced.
std::string xml_escape(std::string_view text);

} // namespace protocheck
