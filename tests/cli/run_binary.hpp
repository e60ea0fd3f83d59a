// Runs the built protocheck binary (PROTOCHECK_BINARY) the way a user does, and captures its
// exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace protocheck::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A scratch directory of this test process, removed at exit.
class ScratchDir {
public:
  ScratchDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("protocheck-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

inline ScratchDir &scratch() {
  static ScratchDir dir;
  return dir;
}

// `arguments` go to the shell as they are: callers quote what needs quoting.
inline RunResult run_protocheck(const std::string &arguments) {
  const auto out = scratch() / "stdout.txt";
  const auto err = scratch() / "stderr.txt";
  const std::string command = std::string(PROTOCHECK_BINARY) + " " + arguments + " >" +
                              out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

inline std::size_t count_lines(const std::string &text) {
  std::size_t lines = 0;
  for (const char c : text)
    lines += c == '\n';
  return lines;
}

} // namespace protocheck::testing
