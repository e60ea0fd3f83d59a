// Where the texts of an SVG chart fall, estimated as the chart's layout estimates them (8 px a
// character at 13 px, scaled by font size), so that tests can check that no text is cut, leaves
// the picture, or overlaps another. Shared by svg_test and chart_golden_test.
#pragma once

#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace protocheck::testing {

struct TextBox {
  double left, right, top, bottom;
  std::string content;
};

// The value of attribute `name` in the text of an element's attributes, or "".
inline std::string svg_attribute(const std::string &element, const std::string &name) {
  const std::regex pattern(" " + name + "=\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(element, match, pattern) ? match[1].str() : std::string();
}

inline std::size_t code_points(const std::string &text) {
  std::size_t count = 0;
  for (const char c : text)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

inline std::vector<TextBox> text_boxes(const std::string &svg) {
  std::vector<TextBox> boxes;
  const std::regex pattern("<text( [^>]*)>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    const std::string element = it->str(1);
    std::string content = it->str(2);
    for (const auto &[entity, character] : {std::pair<std::string, std::string>{"&amp;", "&"},
                                            {"&lt;", "<"},
                                            {"&gt;", ">"},
                                            {"&apos;", "'"},
                                            {"&quot;", "\""}})
      for (auto at = content.find(entity); at != std::string::npos; at = content.find(entity))
        content.replace(at, entity.size(), character);
    const std::string size_text = svg_attribute(element, "font-size");
    const double size = size_text.empty() ? 13 : std::stod(size_text);
    const double width = static_cast<double>(code_points(content)) * 8 * size / 13;
    const double x = std::stod(svg_attribute(element, "x"));
    const double y = std::stod(svg_attribute(element, "y"));
    const std::string anchor = svg_attribute(element, "text-anchor");
    const double left = anchor == "middle" ? x - width / 2 : anchor == "end" ? x - width : x;
    boxes.push_back({left, left + width, y - 0.8 * size, y + 0.2 * size, content});
  }
  return boxes;
}

// Pairs of texts whose boxes overlap.
inline std::vector<std::pair<std::string, std::string>>
overlapping_texts(const std::vector<TextBox> &boxes) {
  std::vector<std::pair<std::string, std::string>> found;
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const TextBox &a = boxes[i], &b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        found.emplace_back(a.content, b.content);
    }
  return found;
}

} // namespace protocheck::testing
