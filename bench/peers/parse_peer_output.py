#!/usr/bin/env python3
"""Helper of run_peers.sh.

--tool spin|rumur ... : reads one verifier log (and the /usr/bin/time file) and prints one TSV row.
--table FILE --format table|tsv|markdown : prints the collected rows with a header.

The logs are parsed from the tools' final reports, not from progress lines, so a report missing a
field leaves it empty ("") instead of guessing.
"""
import argparse
import re
import sys

COLUMNS = ["tool", "setting", "instance", "states", "transitions", "seconds", "cpu_s",
           "states_per_s", "peak_mib", "tool_s", "tool_mib", "build_s", "verdict", "expected",
           "as_expected"]


def last_int(pattern, text):
    found = re.findall(pattern, text, re.MULTILINE)
    return int(found[-1]) if found else None


def parse_spin(log):
    """States, transitions, pan's search time and memory, and the verdict of a pan run."""
    states = last_int(r"^\s*(\d+) states, stored", log)
    transitions = last_int(r"^\s*(\d+) transitions \(= stored\+matched\)", log)
    memory = re.findall(r"^\s*([\d.]+)\s+total actual memory usage", log, re.MULTILINE)
    elapsed = re.findall(r"^pan: elapsed time ([\d.e+-]+) seconds", log, re.MULTILINE)
    errors = last_int(r"errors: (\d+)", log)
    first_error = re.search(r"^pan:1: (.*?)(?: \(at depth \d+\))?$", log, re.MULTILINE)
    if "reached -DMEMLIM bound" in log or "out of memory" in log:
        verdict = "limit: memory"
    elif errors is None:
        verdict = "failed: no final report"
    elif errors == 0:
        verdict = "holds"
    else:
        what = first_error.group(1) if first_error else f"{errors} errors"
        if what.startswith("invalid end state"):
            what = "invalid end state (deadlock)"
        elif what.startswith("assertion violated"):
            what = "assertion violated"
        verdict = "violated: " + what
    return (states, transitions, float(elapsed[-1]) if elapsed else None,
            float(memory[-1]) if memory else None, verdict)


def parse_rumur(log):
    """States, rules fired, rumur's own (whole) seconds and the verdict of a rumur verifier run."""
    explored = re.findall(r"(\d+) states, (\d+) rules fired in (\d+)s", log)
    states, transitions, seconds = ((int(explored[-1][0]), int(explored[-1][1]),
                                     float(explored[-1][2])) if explored else (None, None, None))
    if "No error found." in log:
        verdict = "holds"
    elif re.search(r"error\(s\) found", log):
        failed = re.search(r'^\s*(invariant "[^"]*" failed|assertion "[^"]*" failed|deadlock)\s*$',
                           log, re.MULTILINE)
        verdict = "violated: " + (failed.group(1) if failed else "error found")
    elif re.search(r"out of memory|failed to allocate|Cannot allocate", log, re.IGNORECASE):
        verdict = "limit: memory"
    else:
        verdict = "failed: no final report"
    return states, transitions, seconds, None, verdict


def row(args):
    with open(args.log, errors="replace") as f:
        log = f.read()
    parse = parse_spin if args.tool == "spin" else parse_rumur
    states, transitions, tool_s, tool_mib, verdict = parse(log)
    seconds = peak_kib = cpu = None
    try:
        with open(args.time_file) as f:
            fields = f.read().split()
        # /usr/bin/time -f "%e %M %U %S" (preceded by a status line when the command failed)
        seconds, peak_kib = float(fields[-4]), int(fields[-3])
        cpu = float(fields[-2]) + float(fields[-1])
    except (OSError, ValueError, IndexError):
        pass
    if args.exit_code in (124, 137):
        verdict = "limit: time"
    elif args.exit_code not in (0, 1) and verdict == "failed: no final report":
        verdict = f"failed: exit code {args.exit_code}"
    if verdict.startswith("limit"):
        states = transitions = None  # a partial count is not comparable
    complete = verdict == "holds"
    outcome = "holds" if complete else ("violated" if verdict.startswith("violated") else "")
    as_expected = "yes" if outcome == args.expected else "no"
    if verdict.startswith("limit"):
        as_expected = "unknown"  # no verdict, but not a wrong one either
    rate = f"{states / seconds:.0f}" if complete and states and seconds else ""
    values = [args.tool, args.setting, args.instance, states, transitions,
              f"{seconds:.2f}" if seconds is not None else None,
              f"{cpu:.2f}" if cpu is not None else None, rate,
              f"{peak_kib / 1024:.1f}" if peak_kib is not None else None,
              f"{tool_s:g}" if tool_s is not None else None,
              f"{tool_mib:.1f}" if tool_mib is not None else None, args.build_seconds, verdict,
              args.expected, as_expected]
    print("\t".join("" if v is None else str(v) for v in values))


def table(args):
    with open(args.table) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    if args.format == "tsv":
        print("\t".join(COLUMNS))
        for r in rows:
            print("\t".join(r))
    elif args.format == "markdown":
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS)]
        print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)).rstrip())
        for r in rows:
            print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tool", choices=["spin", "rumur"])
    parser.add_argument("--setting")
    parser.add_argument("--instance")
    parser.add_argument("--log")
    parser.add_argument("--time-file")
    parser.add_argument("--exit-code", type=int, default=0)
    parser.add_argument("--build-seconds", default="")
    parser.add_argument("--expected", default="holds")
    parser.add_argument("--table")
    parser.add_argument("--format", choices=["table", "tsv", "markdown"], default="table")
    args = parser.parse_args()
    if args.table:
        table(args)
    elif args.tool and args.log:
        row(args)
    else:
        parser.error("give --tool with --log, or --table")


if __name__ == "__main__":
    sys.exit(main())
