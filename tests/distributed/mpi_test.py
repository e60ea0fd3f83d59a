#!/usr/bin/env python3
"""check --distributed under mpirun, against the one-process check of the same instance.

For 1, 2 and 3 ranks (oversubscribed on a small machine): the same JSON report apart from timings,
memory and the per-rank section, and the same exit code, on OM, Ricart-Agrawala, Maekawa and PBFT;
rank 0 alone prints; limits, SIGTERM and bad input give one report or one error line.
Usage: mpi_test.py PROTOCHECK_BINARY
"""
import json
import os
import signal
import subprocess
import sys
import time

BINARY = sys.argv[1]
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
# Measured or machine-dependent: everything else must be equal.
VOLATILE_STATS = ["seconds", "states_per_second", "peak_memory_bytes", "threads", "store_bytes",
                  "bytes_per_state", "graph_bytes", "liveness_seconds", "storage"]
failures = []


def mpirun(ranks, arguments):
    return ["mpirun", "-np", str(ranks), "--oversubscribe", BINARY] + arguments


def run(command, timeout=300):
    return subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=timeout)


def comparable(text):
    report = json.loads(text)
    for field in VOLATILE_STATS:
        report["stats"].pop(field, None)
    report.pop("distributed", None)
    return report


def expect(condition, what):
    if not condition:
        failures.append(what)
        print("FAILED:", what, flush=True)


def compare(arguments, ranks_list=(1, 2, 3)):
    single = run([BINARY, "check"] + arguments + ["--json", "--threads", "2"])
    expected = comparable(single.stdout)
    for ranks in ranks_list:
        name = f"{' '.join(arguments)} with {ranks} ranks"
        result = run(mpirun(ranks, ["check"] + arguments + ["--json", "--threads", "1",
                                                              "--distributed"]))
        expect(result.returncode == single.returncode,
               f"{name}: exit {result.returncode}, one process {single.returncode}: {result.stderr}")
        try:
            report = json.loads(result.stdout)  # one JSON object: rank 0 alone printed
        except json.JSONDecodeError:
            expect(False, f"{name}: standard output is not one JSON object: {result.stdout[:300]}")
            continue
        figures = report.get("distributed", {})
        expect(len(figures.get("ranks", [])) == ranks, f"{name}: per-rank figures for {ranks}")
        expect(sum(r["states"] for r in figures.get("ranks", [])) == report["stats"]["states"],
               f"{name}: the ranks' states add up to the total")
        expect(comparable(result.stdout) == expected, f"{name}: the report differs")
        print(f"ok: {name}: {report['result']}, {report['stats']['states']} states", flush=True)


compare(["om", "--n", "4", "--f", "1", "--all"])
compare(["om", "--n", "3", "--f", "1"])
compare(["om", "--n", "5", "--f", "1", "--symmetry", "--all"], (2, 3))
compare(["om", "--n", "5", "--f", "1", "--fingerprints"], (2,))
compare(["ricart-agrawala", "--n", "3", "--all"])
compare(["maekawa", "--all"])
compare(["maekawa", "--n", "5", "--sets", "1,2;2,3;3,4;4,5;5,1"], (3,))
compare(["pbft", "--n", "4", "--f", "1", "--quorum", "2", "--all"])
compare(["pbft"], (2,))
compare(["om", "--n", "7", "--f", "2", "--max-states", "100000"], (2, 3))

# The text report: printed once, with one line per rank.
text = run(mpirun(3, ["check", "om", "--n", "4", "--f", "1", "--distributed", "--threads", "1"]))
expect(text.returncode == 0, f"text report: exit {text.returncode}")
expect(text.stdout.count("result: holds") == 1, "text report: printed once")
expect(text.stdout.count("  rank ") == 3, "text report: a line per rank")

# A time limit on every rank: one partial report, exit 3.
limited = run(mpirun(2, ["check", "om", "--n", "8", "--f", "2", "--distributed", "--threads", "1",
                         "--time-limit", "1"]))
expect(limited.returncode == 3, f"--time-limit: exit {limited.returncode}")
expect(limited.stdout.count("result: partial (stopped by --time-limit 1.00 s after") == 1,
       "--time-limit: one partial report")

# SIGTERM to mpirun reaches every rank; rank 0 prints the partial report of the levels done.
process = subprocess.Popen(mpirun(2, ["check", "om", "--n", "8", "--f", "2", "--distributed",
                                      "--threads", "1", "--progress", "0.2"]),
                           env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
os.set_blocking(process.stderr.fileno(), True)
started = time.monotonic()
first = process.stderr.readline()  # the first progress line: the ranks are exploring
expect(first.startswith("progress: exploring"), f"SIGTERM: no progress line ({first!r})")
process.send_signal(signal.SIGTERM)
out, err = process.communicate(timeout=60)
expect(process.returncode != 0, "SIGTERM: a non-zero exit")
expect(out.count("result: partial (interrupted after") == 1,
       f"SIGTERM: one partial report, got {out[-400:]!r} {err[-400:]!r}")

# Bad input: one error line from rank 0, exit 2, whatever the number of ranks.
for arguments, message in [
        (["crash-consensus"], "protocheck: --distributed does not decide liveness properties"),
        (["om", "--n", "0"], "protocheck: n = 0 is out of range")]:
    result = run(mpirun(3, ["check"] + arguments + ["--distributed"]))
    lines = [line for line in result.stderr.splitlines() if line.startswith("protocheck:")]
    expect(result.returncode == 2, f"{arguments}: exit {result.returncode}")
    expect(len(lines) == 1 and lines[0].startswith(message), f"{arguments}: error lines {lines}")

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("all distributed checks agree with one process")
