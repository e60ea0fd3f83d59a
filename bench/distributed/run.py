#!/usr/bin/env python3
"""check --distributed with K = 1..4 ranks (mpirun) against one process, on the same instances.

Prints markdown: per instance and K, the run's time, the bytes sent per state, each rank's peak
memory against the one-process peak / K, and where the time went (compute vs exchange, summed
over levels, slowest rank per level); then the per-level split for the largest instance.
Usage: bench/distributed/run.py [--ranks 1,2,3,4] [--threads 1] [--binary build/protocheck]
       [--instance "om --n 7 --f 2"]...
"""
import argparse
import json
import os
import subprocess

DEFAULT_INSTANCES = ["om --n 7 --f 2", "ricart-agrawala --n 4", "maekawa --n 4 --sets grid --all",
                     "pbft --n 4 --f 1 --view-changes 1"]
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def run(command):
    result = subprocess.run(command, env=ENV, capture_output=True, text=True)
    return json.loads(result.stdout)


def mib(value):
    return value / 2**20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ranks", default="1,2,3,4")
    parser.add_argument("--threads", default="1")
    parser.add_argument("--binary", default="build/protocheck")
    parser.add_argument("--instance", action="append")
    parser.add_argument("--levels", action="store_true", help="print each level's split too")
    args = parser.parse_args()
    instances = args.instance or DEFAULT_INSTANCES
    print("| instance | K | seconds | states | bytes sent/state | peak MiB per rank (max) |"
          " one process peak / K | compute s | exchange s | result |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    level_tables = []
    for instance in instances:
        words = instance.split()
        single = run([args.binary, "check"] + words + ["--json", "--threads", args.threads])
        single_peak = mib(single["stats"]["peak_memory_bytes"])
        print(f"| {instance} | one process | {single['stats']['seconds']:.2f} |"
              f" {single['stats']['states']} | | | {single_peak:.0f} | | | {single['result']} |")
        for ranks in [int(k) for k in args.ranks.split(",")]:
            report = run(["mpirun", "-np", str(ranks), "--oversubscribe", args.binary, "check"] +
                         words + ["--json", "--threads", args.threads, "--distributed"])
            figures = report["distributed"]
            states = report["stats"]["states"]
            sent = sum(rank["bytes_sent"] for rank in figures["ranks"])
            peak = max(mib(rank["peak_memory_bytes"]) for rank in figures["ranks"])
            compute = sum(level["compute_seconds"] for level in figures["levels"])
            exchange = sum(level["exchange_seconds"] for level in figures["levels"])
            same = (report["stats"]["states"] == single["stats"]["states"] and
                    report["stats"]["transitions"] == single["stats"]["transitions"] and
                    report["result"] == single["result"])
            print(f"| {instance} | {ranks} | {report['stats']['seconds']:.2f} | {states} |"
                  f" {sent / states:.1f} | {peak:.0f} | {single_peak / ranks:.0f} |"
                  f" {compute:.2f} | {exchange:.2f} |"
                  f" {report['result']}{'' if same else ' (DIFFERS from one process)'} |")
            if args.levels and ranks == max(int(k) for k in args.ranks.split(",")):
                level_tables.append((instance, ranks, figures["levels"]))
    for instance, ranks, levels in level_tables:
        print(f"\n{instance}, {ranks} ranks: per level (slowest rank's compute, longest exchange)\n")
        print("| level | new states | bytes sent | compute ms | exchange ms |")
        print("|---|---|---|---|---|")
        for depth, level in enumerate(levels):
            print(f"| {depth} | {level['states']} | {level['bytes_sent']} |"
                  f" {1000 * level['compute_seconds']:.1f} | {1000 * level['exchange_seconds']:.1f} |")


if __name__ == "__main__":
    main()
