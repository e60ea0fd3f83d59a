// protocheck new NAME [--dir DIR]: the quickest start on a protocol of one's own. Writes
// DIR/NAME/NAME.cpp (a small model that compiles and checks, with comments saying what to replace)
// and DIR/NAME/CMakeLists.txt (which finds this protocheck), then prints the one command that
// builds it: protocheck build DIR/NAME.
//
// protocheck build DIR: configures DIR with CMake the first time (a Release build in DIR/build),
// then builds it; run it again after each edit.
#include "cli/commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>

namespace protocheck::cli {
namespace {

namespace fs = std::filesystem;

// The directory of this protocheck's CMake package: installed (the executable in PREFIX/bin, the
// package in PREFIX/<libdir>/cmake/protocheck), or a build tree (both in the top build directory,
// see export() in CMakeLists.txt). None when this program is a user's model program.
std::optional<fs::path> own_package_dir() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error)
    return std::nullopt;
  const fs::path bin = executable.parent_path();
  for (const fs::path &dir :
       {bin / ".." / PROTOCHECK_INSTALL_LIBDIR / "cmake" / "protocheck", bin}) {
    if (fs::exists(dir / "protocheck-config.cmake"))
      return fs::weakly_canonical(dir);
  }
  return std::nullopt;
}

// "two-phase-commit" -> "TwoPhaseCommit"
std::string type_name(const std::string &name) {
  std::string type;
  bool upper = true;
  for (const char c : name) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    type += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return type;
}

std::string replaced(std::string text, const std::string &from, const std::string &to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// A ring of processes passing one token: small enough to read in a minute, and it shows each part
// of a model (state, parameters, steps, a property, descriptions) with the comment that says what
// to put there instead.
constexpr const char *skeleton =
    R"(// @NAME@: a protocheck model. Build with `protocheck build @NAME@`, then run
//     ./@NAME@/build/@NAME@ check @NAME@ --n 4
// (add --format msc for a sequence chart of a counterexample, --help for every option).
//
// Replace the example protocol below (a token passed around a ring of n processes) with yours.
#include <protocheck/kit/fifo_channels.hpp>
#include <protocheck/protocheck.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

using namespace protocheck;

class @TYPE@ {
public:
  static constexpr unsigned MaxProcesses = 8;
  enum MessageKind : std::uint8_t { Token = 1 };

  // FILL IN: everything a process knows, in fixed-size fields of one byte each (the engine hashes
  // and compares states as raw bytes: no pointers, no std::vector, no padding).
  struct Process {
    std::uint8_t has_token = 0;
    std::uint8_t passes = 0;
  };
  struct Message {
    std::uint8_t kind = 0;
  };
  // An asynchronous reliable network, FIFO per pair: at most 1 message per channel, 1 in all.
  using Network = kit::FifoChannels<Message, 1, 1>;
  struct State {
    std::array<Process, MaxProcesses> process{};
    Network network;
  };

  // FILL IN: the parameters, each a field with its default and a command-line option.
  struct Config {
    unsigned n = 3;
    unsigned rounds = 1;
  };
  static void parameters(Parameters<Config> &declare) {
    declare.integer("n", &Config::n, 2, MaxProcesses, "number of processes");
    declare.integer("rounds", &Config::rounds, 1, 3, "times each process passes the token on");
  }
  explicit @TYPE@(const Config &config) : config_(config) {}

  std::vector<std::string> process_names() const {
    std::vector<std::string> names;
    for (unsigned p = 1; p <= config_.n; ++p)
      names.push_back("p" + std::to_string(p));
    return names;
  }

  template <class Emit> void initial(Emit &&emit) const {
    State state;
    state.process[0].has_token = 1;
    emit(local(NoProcess, 0), state);
  }

  // FILL IN: every step any process (or the network) can take from `state`, one emit() each.
  template <class Emit> void successors(const State &state, Emit &&emit) const {
    for (unsigned p = 0; p < config_.n; ++p) {
      const Process &self = state.process[p];
      if (self.has_token && self.passes < config_.rounds) {
        const unsigned next_process = (p + 1) % config_.n;
        State next = state;
        next.process[p].has_token = 0;
        ++next.process[p].passes;
        next.network.send(p, next_process, {Token});
        emit(send(p, next_process, Token), next);
      }
    }
    state.network.for_each_head([&](const Network::Entry &head) {
      State next = state;
      next.network.receive(head.from, head.to);
      next.process[head.to].has_token = 1;
      emit(deliver(head.to, head.from, Token), next);
    });
  }

  // FILL IN: what must hold (always), what every run must end with (at_end), what must be
  // possible (reachable), or liveness (eventually).
  std::vector<Property<State>> properties() const {
    return {always<State>("one-token", "exactly one token exists, held or in flight",
                          [this](const State &state) {
                            unsigned tokens = static_cast<unsigned>(state.network.size());
                            for (unsigned p = 0; p < config_.n; ++p)
                              tokens += state.process[p].has_token;
                            return tokens == 1;
                          })};
  }

  // FILL IN: the state as named variables (traces print what changed) and each step in words.
  StateView describe(const State &state) const {
    StateView view;
    for (unsigned p = 0; p < config_.n; ++p)
      view.push_back({process_names()[p] + ".token", state.process[p].has_token ? "yes" : "no"});
    view.push_back({"in flight", std::to_string(state.network.size())});
    return view;
  }
  std::string describe(const Event &event) const {
    if (event.actor == NoProcess)
      return "initial state";
    const std::string verb = event.kind == EventKind::Send ? " passes the token to "
                                                           : " receives the token from ";
    return process_names()[event.actor] + verb + process_names()[event.peer];
  }

private:
  Config config_;
};

int main(int argc, char **argv) {
  Registry models;
  models.add<@TYPE@>("@NAME@", "FILL IN: one line about the protocol");
  return run_cli(argc, argv, models);
}
)";

std::string cmake_lists(const std::string &name, const std::optional<fs::path> &package) {
  const std::string hints = package ? " HINTS \"" + package->string() + "\"" : "";
  return "cmake_minimum_required(VERSION 3.20)\nproject(" + name +
         " LANGUAGES CXX)\n"
         "if(NOT CMAKE_BUILD_TYPE)\n  set(CMAKE_BUILD_TYPE Release)\nendif()\n\n"
         "find_package(protocheck CONFIG REQUIRED" +
         hints + ")\nprotocheck_add_model(" + name + " SOURCES " + name + ".cpp)\n";
}

class NewCommand final : public Command {
public:
  explicit NewCommand(CLI::App &parent)
      : app_(*parent.add_subcommand("new", "write a skeleton model program to start from")) {
    app_.add_option("name", name_, "the model's name (letters, digits, '-', '_')")
        ->required()
        ->type_name("NAME");
    app_.add_option("--dir", dir_, "where to create NAME/ (default: here)")->type_name("DIR");
  }

  CLI::App &app() override { return app_; }

  int run() override {
    if (!std::regex_match(name_, std::regex("[a-z][a-z0-9_-]*")))
      throw BadInput("model name '" + name_ +
                     "': start with a lowercase letter, then letters, digits, '-' or '_'");
    const fs::path project = fs::path(dir_) / name_;
    if (fs::exists(project))
      throw BadInput(project.string() + " exists already; choose another name or --dir");
    fs::create_directories(project);
    const std::optional<fs::path> package = own_package_dir();
    write(project / (name_ + ".cpp"),
          replaced(replaced(skeleton, "@NAME@", name_), "@TYPE@", type_name(name_)));
    write(project / "CMakeLists.txt", cmake_lists(name_, package));
    std::cout << "wrote " << (project / (name_ + ".cpp")).string() << " and "
              << (project / "CMakeLists.txt").string() << "\nbuild it with:\n  "
              << "protocheck build " << shell_quoted(project.string())
              << "\nthen check it with:\n  " << shell_quoted((project / "build" / name_).string())
              << " check " << name_ << "\n";
    return ExitHolds;
  }

private:
  static void write(const fs::path &path, const std::string &text) {
    std::ofstream file(path);
    file << text;
    if (!file)
      throw BadInput("cannot write " + path.string());
  }

  CLI::App &app_;
  std::string name_;
  std::string dir_ = ".";
};

class BuildCommand final : public Command {
public:
  explicit BuildCommand(CLI::App &parent)
      : app_(*parent.add_subcommand(
            "build", "configure (the first time) and build a model program's directory")) {
    app_.add_option("dir", dir_, "the directory holding its CMakeLists.txt")
        ->required()
        ->type_name("DIR");
  }

  CLI::App &app() override { return app_; }

  int run() override {
    const fs::path source = dir_;
    if (!fs::exists(source / "CMakeLists.txt"))
      throw BadInput(dir_ + " has no CMakeLists.txt (protocheck new NAME writes one)");
    const fs::path build = source / "build";
    if (!fs::exists(build / "CMakeCache.txt")) {
      std::string configure = "cmake -S " + shell_quoted(source.string()) + " -B " +
                              shell_quoted(build.string()) + " -DCMAKE_BUILD_TYPE=Release";
      if (std::system("command -v ccache >/dev/null 2>&1") == 0)
        configure += " -DCMAKE_CXX_COMPILER_LAUNCHER=ccache";
      if (std::system(configure.c_str()) != 0)
        return fail("configuring " + dir_ + " failed (see above)");
    }
    if (std::system(("cmake --build " + shell_quoted(build.string())).c_str()) != 0)
      return fail("building " + dir_ + " failed (see above)");
    return ExitHolds;
  }

private:
  CLI::App &app_;
  std::string dir_;
};

} // namespace

std::unique_ptr<Command> make_new_command(CLI::App &parent, const Registry &) {
  return std::make_unique<NewCommand>(parent);
}
std::unique_ptr<Command> make_build_command(CLI::App &parent, const Registry &) {
  return std::make_unique<BuildCommand>(parent);
}

} // namespace protocheck::cli
