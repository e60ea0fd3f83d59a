#!/usr/bin/env python3
"""protocheck as a user meets it: install this build into a temporary prefix, build every
examples/*/ project out of the tree with only find_package(protocheck), run their checks, and
scaffold, build and check a model with `protocheck new` and `protocheck build`; a user's program
serves `explore` for its own model too.

Usage: run_examples.py BUILD_DIR SOURCE_DIR (ctest passes both; see tests/CMakeLists.txt).
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path


def run(command, expect=None, **kwargs):
    """Runs a command, echoing it; returns (exit code, stdout). Fails when `expect` is given and the
    exit code differs."""
    print("$", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                            **kwargs)
    if expect is not None and result.returncode != expect:
        sys.exit(f"exit code {result.returncode}, expected {expect}\n"
                 f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result.returncode, result.stdout


def check_json(program, model, *params, expect):
    _, out = run([program, "check", model, *params, "--json"], expect=expect)
    return json.loads(out)


def require(condition, message):
    if not condition:
        sys.exit("FAILED: " + message)


def properties(report):
    return {p["name"]: p for p in report["properties"]}


def final_state(trace):
    """The variables of a trace's last state: its initial state with every step's changes."""
    state = dict(trace["initial"])
    for step in trace["steps"]:
        state.update(step["changes"])
    return state


def participants(state, n):
    return [(state[f"p{i}.vote"], state[f"p{i}.decision"]) for i in range(1, n + 1)]


def configure_and_build(source, build, prefix):
    command = ["cmake", "-S", source, "-B", build, f"-DCMAKE_PREFIX_PATH={prefix}",
               "-DCMAKE_BUILD_TYPE=Release"]
    if shutil.which("ccache"):
        # Paths below the temporary directory differ on every run; relative to it they do not,
        # so ccache finds the previous run's objects.
        os.environ["CCACHE_BASEDIR"] = str(prefix.parent)
        command.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    run(command, expect=0)
    run(["cmake", "--build", build], expect=0)


def test_two_phase_commit(program):
    model = "two-phase-commit"
    for n in (2, 3):
        # The coordinator may crash: safe, but blocked. A stuck run ends with every prepare
        # delivered and all but the blocked participant decided, so the shortest one is: prepare,
        # the crash, n - 1 timeouts, n deliveries of prepare and the blocked participant's yes.
        report = check_json(program, model, "--n", n, "--all", expect=1)
        verdicts = properties(report)
        require(verdicts["atomicity"]["status"] == "holds", "2PC atomicity holds")
        require(verdicts["validity"]["status"] == "holds", "2PC validity holds")
        require(verdicts["commit"]["status"] == "holds", "2PC can commit")
        termination = verdicts["termination"]
        require(termination["status"] == "violated", "2PC blocks when the coordinator crashes")
        trace = termination["trace"]
        kinds = [step["event"]["kind"] for step in trace["steps"]]
        require(kinds.count("crash") == 1, f"one crash in the blocking run: {kinds}")
        crash = trace["steps"][kinds.index("crash")]["event"]
        require(crash["actor"] == "coordinator", "the coordinator is the one that crashes")
        last = final_state(trace)
        require(last["coordinator.crashed"] == "true", "the run ends with the coordinator down")
        require(("yes", "undecided") in participants(last, n),
                f"a yes voter is left undecided: {participants(last, n)}")
        require(len(trace["steps"]) == 2 + 2 * n, f"shortest blocking run: {len(trace['steps'])}")
        require("undecided" in termination["explanation"], termination["explanation"])

    # A coordinator that never crashes: every property holds, the same runs as above minus the
    # crashes and timeouts.
    reliable = check_json(program, model, "--reliable-coordinator", expect=0)
    require(all(p["status"] == "holds" for p in reliable["properties"]), "reliable 2PC holds")
    crashing = check_json(program, model, "--all", expect=1)
    require(reliable["stats"]["states"] < crashing["stats"]["states"],
            "crashes add states to the reliable run")
    # Pinned: a change to the model or to the engine's exploration shows here first.
    require((reliable["stats"]["states"], crashing["stats"]["states"]) == (953, 2497),
            f"state counts {reliable['stats']['states']}, {crashing['stats']['states']}")

    # The broken coordinator commits on a majority of yes votes.
    broken = properties(check_json(program, model, "--majority", "--reliable-coordinator", "--all",
                                   expect=1))
    validity = broken["validity"]
    require(validity["status"] == "violated", "majority 2PC breaks validity")
    last = final_state(validity["trace"])
    require(last["coordinator.decision"] == "commit", "the counterexample commits")
    require(any(vote != "yes" for vote, _ in participants(last, 3)),
            f"while someone did not vote yes: {participants(last, 3)}")
    atomicity = broken["atomicity"]
    require(atomicity["status"] == "violated", "majority 2PC breaks atomicity")
    decisions = [decision for _, decision in participants(final_state(atomicity["trace"]), 3)]
    require("commit" in decisions and "abort" in decisions, f"commit beside abort: {decisions}")

    # The tutorial's chart: the crashed coordinator and the messages on it.
    _, chart = run([program, "check", model, "--format", "msc"], expect=1)
    for word in ("coordinator", "prepare", "vote(yes)", "crash"):
        require(word in chart, f"the chart shows {word}:\n{chart}")


def test_maekawa_variant(program, builtin):
    for params in ([], ["--all"], ["--n", "4", "--all"], ["--requests", "2", "--all"]):
        variant = check_json(program, "maekawa-variant", *params, expect=1)
        original = check_json(builtin, "maekawa-optimised", *params, expect=1)
        for stat in ("states", "transitions", "depth"):
            require(variant["stats"][stat] == original["stats"][stat],
                    f"{params} {stat}: {variant['stats'][stat]} != {original['stats'][stat]}")
        ours, theirs = properties(variant), properties(original)
        for name, property in ours.items():
            require(property["status"] == theirs[name]["status"], f"{params} {name} verdict")
            require(len(property.get("trace", {}).get("steps", [])) ==
                    len(theirs[name].get("trace", {}).get("steps", [])),
                    f"{params} {name}: counterexamples of the same length")
        require(ours["mutual-exclusion"]["status"] == "violated",
                "without its own vote, p_i enters beside the process it voted for")


def test_explore(program, model):
    """A user's program serves the explore page for its own model, like the protocheck executable
    (tests/explore/ test the page itself)."""
    server = subprocess.Popen([str(program), "explore", model, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        require(found is not None, f"explore prints its URL: {line!r}")
        port = int(found.group(1))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state?path=0", timeout=30) as answer:
            state = json.loads(answer.read())
        require(state["started"] and state["choices"], f"{model}: the initial state has steps")
        require(state["properties"], f"{model}: its properties are judged in the state")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    require(server.returncode == 0, f"explore stops cleanly on SIGTERM: {err}")


def test_new(protocheck, work, build_tree_protocheck):
    _, out = run([protocheck, "new", "ring-demo", "--dir", work], expect=0)
    lines = out.splitlines()
    build_command = shlex.split(lines[lines.index("build it with:") + 1])
    require(build_command[:2] == ["protocheck", "build"], f"one build command: {out}")
    run([protocheck, *build_command[1:]], expect=0, cwd=work)
    check_command = lines[lines.index("then check it with:") + 1]
    require(check_command.endswith("check ring-demo"), check_command)
    program = work / "ring-demo" / "build" / "ring-demo"
    report = check_json(program, "ring-demo", "--n", 4, expect=0)
    require(report["properties"][0]["status"] == "holds", "the skeleton's property holds")
    require(report["stats"]["states"] > 1, "the skeleton explores more than its initial state")
    run([protocheck, "new", "ring-demo", "--dir", work], expect=2)  # never overwrites

    # From a build tree, without installing: the project finds the build directory's package.
    tree = work / "tree"
    run([build_tree_protocheck, "new", "tree-demo", "--dir", tree], expect=0)
    run(["cmake", "-S", tree / "tree-demo", "-B", tree / "tree-demo" / "build"], expect=0)


def main():
    build_dir, source_dir = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory(prefix="protocheck-examples-") as temporary:
        work = Path(temporary)
        prefix = work / "prefix"
        run(["cmake", "--install", build_dir, "--prefix", prefix], expect=0)
        protocheck = prefix / "bin" / "protocheck"
        for example in sorted((source_dir / "examples").iterdir()):
            configure_and_build(example, work / example.name, prefix)
        test_two_phase_commit(work / "two-phase-commit" / "two-phase-commit")
        test_explore(work / "two-phase-commit" / "two-phase-commit", "two-phase-commit")
        test_maekawa_variant(work / "maekawa-variant" / "maekawa-variant", protocheck)
        test_new(protocheck, work, build_dir / "protocheck")
    print("examples: all checks passed")


if __name__ == "__main__":
    main()
