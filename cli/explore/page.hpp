// The explore page's files (cli/explore/page/), compiled into the program by
// cmake/embed-page.cmake: nothing is fetched from a network or read from disk at run time.
#pragma once

#include <span>
#include <string_view>

namespace protocheck::cli {

struct PageFile {
  std::string_view path;         // as requested: "/index.html", "/app.js", ...
  std::string_view content_type; // "text/html; charset=utf-8", ...
  std::string_view body;
};

std::span<const PageFile> page_files();

} // namespace protocheck::cli
