// Files the commands write (traces, DOT graphs): checked before a run, so a bad path costs no
// run; written atomically (a temporary file in the same directory, then a rename), so a reader
// never sees half a file and a failed write leaves the old file as it was.
#pragma once

#include <string>
#include <string_view>

namespace protocheck::cli {

// Throws BadInput ("cannot write FILE: reason") unless a file can be created in FILE's directory
// and FILE itself is not a directory.
void check_writable(const std::string &path);

// Replaces FILE with `content`. Throws BadInput with the reason on failure.
void write_atomically(const std::string &path, std::string_view content);

// When a run has no trace to write: a FILE left by an earlier run would read as this run's
// counterexample, so it is removed (stderr says so). Throws BadInput when it cannot be.
void remove_stale_trace(const std::string &path);

// Flushes standard output; on a write error says so on stderr and returns the bad-input exit
// code, else returns `code`.
int finish_stdout(int code);

} // namespace protocheck::cli
