// Names of enumerations as printed in reports and JSON, and small registry lookups.
#include <protocheck/event.hpp>
#include <protocheck/property.hpp>
#include <protocheck/registry.hpp>
#include <protocheck/report.hpp>

namespace protocheck {

std::string_view to_string(EventKind kind) {
  switch (kind) {
  case EventKind::Send: return "send";
  case EventKind::Deliver: return "deliver";
  case EventKind::Transmit: return "transmit";
  case EventKind::Drop: return "drop";
  case EventKind::Crash: return "crash";
  case EventKind::Decide: return "decide";
  case EventKind::Local: return "local";
  case EventKind::Adversary: return "adversary";
  }
  return "?";
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
  case Verdict::Holds: return "holds";
  case Verdict::Violated: return "violated";
  case Verdict::Unknown: return "unknown";
  }
  return "?";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
  case Outcome::Holds: return "holds";
  case Outcome::Violated: return "violated";
  case Outcome::Partial: return "partial";
  }
  return "?";
}

int exit_code(const CheckReport &report) {
  switch (report.outcome) {
  case Outcome::Holds: return ExitHolds;
  case Outcome::Violated: return ExitViolated;
  case Outcome::Partial: return ExitLimit;
  }
  return ExitBadInput;
}

const ModelEntry *Registry::find(std::string_view name) const {
  for (const ModelEntry &entry : entries_)
    if (entry.name == name)
      return &entry;
  return nullptr;
}

} // namespace protocheck
