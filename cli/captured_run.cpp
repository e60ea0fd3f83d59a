#include "cli/captured_run.hpp"

#include <protocheck/cli.hpp>

#include <iostream>
#include <sstream>

namespace protocheck::cli {

int run_arguments(const std::vector<std::string> &arguments, const Registry &registry) {
  std::vector<std::string> words{"protocheck"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char *> argv;
  for (std::string &word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  return run_cli(static_cast<int>(words.size()), argv.data(), registry);
}

CapturedRun run_captured(const std::vector<std::string> &arguments, const Registry &registry) {
  std::ostringstream out, err;
  std::cout.flush();
  std::cerr.flush();
  struct Restore {
    std::streambuf *out, *err;
    ~Restore() {
      std::cout.rdbuf(out);
      std::cerr.rdbuf(err);
    }
  } restore{std::cout.rdbuf(out.rdbuf()), std::cerr.rdbuf(err.rdbuf())};
  const int code = run_arguments(arguments, registry);
  return {code, out.str(), err.str()};
}

} // namespace protocheck::cli
