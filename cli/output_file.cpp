#include "cli/output_file.hpp"

#include "cli/cli_common.hpp"

#include <protocheck/params.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

namespace protocheck::cli {
namespace {

BadInput cannot_write(const std::string &path, int error) {
  return BadInput("cannot write " + path + ": " + std::strerror(error));
}

// An open temporary file beside `path`, removed unless committed.
class TemporaryFile {
public:
  explicit TemporaryFile(const std::string &path) : target_(path) {
    const std::filesystem::path target(path);
    std::error_code error;
    if (std::filesystem::is_directory(target, error))
      throw cannot_write(path, EISDIR);
    const std::filesystem::path directory =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string name = (directory / ("." + target.filename().string() + ".XXXXXX")).string();
    std::vector<char> buffer(name.begin(), name.end());
    buffer.push_back('\0');
    fd_ = ::mkstemp(buffer.data());
    if (fd_ < 0)
      throw cannot_write(path, errno);
    name_ = buffer.data();
    // mkstemp makes the file private; a trace is an ordinary file, so the umask decides.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
  }
  ~TemporaryFile() {
    if (fd_ >= 0)
      ::close(fd_);
    if (!committed_)
      ::unlink(name_.c_str());
  }
  TemporaryFile(const TemporaryFile &) = delete;
  TemporaryFile &operator=(const TemporaryFile &) = delete;

  void write(std::string_view content) {
    while (!content.empty()) {
      const ssize_t written = ::write(fd_, content.data(), content.size());
      if (written < 0) {
        if (errno == EINTR)
          continue;
        throw cannot_write(target_, errno);
      }
      content.remove_prefix(static_cast<std::size_t>(written));
    }
  }

  void commit() {
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0)
      throw cannot_write(target_, errno);
    if (::rename(name_.c_str(), target_.c_str()) != 0)
      throw cannot_write(target_, errno);
    committed_ = true;
  }

private:
  std::string target_;
  std::string name_;
  int fd_ = -1;
  bool committed_ = false;
};

} // namespace

void check_writable(const std::string &path) { TemporaryFile probe(path); }

void write_atomically(const std::string &path, std::string_view content) {
  TemporaryFile file(path);
  file.write(content);
  file.commit();
}

int finish_stdout(int code) {
  errno = 0;
  std::cout.flush();
  const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (!failed)
    return code;
  int error = errno;
  if (error == 0) {
    // The write failed earlier, while the buffer filled (a report longer than it), and errno
    // has moved on since: a byte written again finds out why (it cannot hurt an output that has
    // already lost part of itself).
    if (::write(STDOUT_FILENO, "\n", 1) < 0)
      error = errno;
  }
  std::cerr << "protocheck: cannot write the report to standard output: "
            << (error != 0 ? std::strerror(error) : "write error") << "\n";
  return ExitBadInput;
}

void remove_stale_trace(const std::string &path) {
  std::error_code error;
  const auto status = std::filesystem::symlink_status(path, error);
  if (!std::filesystem::exists(status) || std::filesystem::is_directory(status)) {
    std::cerr << "protocheck: no counterexample or witness to write to " << path << "\n";
    return;
  }
  if (!std::filesystem::remove(path, error))
    throw BadInput("cannot remove the stale " + path + ": " + error.message());
  std::cerr << "protocheck: no counterexample or witness to write; removed " << path
            << ", left by an earlier run\n";
}

} // namespace protocheck::cli
