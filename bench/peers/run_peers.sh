#!/usr/bin/env bash
# Builds and runs the SPIN and rumur models of bench/peers/ on the benchmark instances and prints
# one line per (tool, setting, instance): states stored, transitions, seconds, states/s, peak
# memory, the verdict, and whether it is the expected one. See bench/peers/README.md.
#
#   bench/peers/run_peers.sh [--instances "ra:3 ra:4 om:4 om:3"] [--tools "spin rumur"]
#       [--spin-settings "O2 O2+NOREDUCE O2+BFS"] [--rumur-threads "1 2"]
#       [--timeout SECONDS] [--memlim MIB] [--tsv | --markdown] [--out FILE]
#
# Instances: ra:N (Ricart-Agrawala, the states of protocheck's model), ra-plain:N (the protocol
# alone, -DPLAIN / ALIGNED = false), om:N (OM(1), n = N, at most one traitor; SPIN only).
# SPIN settings: O2 (spin -a; cc -O2 pan.c: partial-order reduction on), O2+NOREDUCE, O2+BFS;
# pan runs with -m100000 -q -wW (W from hash_bits_for) and -DMEMLIM. rumur: 1 and 2 threads
# (--threads), cc -O3 -pthread (and -mcx16 on x86-64, which its multi-threaded verifier needs).
# seconds and peak_mib are the verifier run's wall-clock time and maximum resident set size,
# cpu_s its user + system CPU time (/usr/bin/time; on a busy machine wall-clock time also counts
# waiting for a core), tool_s and tool_mib what the tool itself reports (pan: search time and
# "total actual memory usage"; rumur: whole seconds only); build_s: generating and compiling.
# A run past --timeout or --memlim is reported as a limit.
# Output: an aligned table (default), --tsv (tab-separated, one header line) or --markdown; --out
# also writes the TSV to FILE. Build files go to $PEERS_BUILD_DIR (default build-peers/peers).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
instances="ra:3 ra:4 om:4 om:3"
tools="spin rumur"
spin_settings="O2 O2+NOREDUCE O2+BFS"
rumur_threads="1 2"
timeout_s=600
memlim_mib=4096
format=table
out=""
while (($# > 0)); do
  case "$1" in
    --instances) instances="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    --spin-settings) spin_settings="$2"; shift 2 ;;
    --rumur-threads) rumur_threads="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --memlim) memlim_mib="$2"; shift 2 ;;
    --tsv) format=tsv; shift ;;
    --markdown) format=markdown; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_peers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in spin rumur cc python3; do
  command -v "$tool" > /dev/null || { echo "run_peers.sh: $tool is not installed" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "run_peers.sh: /usr/bin/time is not installed" >&2; exit 2; }

# rumur's multi-threaded verifier needs 16-byte compare-and-swap (cmpxchg16b) on x86-64
rumur_cflags=""
[[ $(uname -m) == x86_64 ]] && rumur_cflags="-mcx16"

build=${PEERS_BUILD_DIR:-$root/build-peers/peers}
mkdir -p "$build"
results="$build/results.tsv"
: > "$results"

# expected verdict per instance: "holds" or "violated"
expected_for() {
  case "$1" in
    om:3) echo violated ;;
    *) echo holds ;;
  esac
}

# pan's hash table: 2^w slots, w sized to the instance's known state count (a table far larger
# than the state space only costs time to clear it; SPIN users size -w the same way)
hash_bits_for() {
  case "$1" in
    om:*) echo 12 ;;
    ra:3) echo 14 ;;
    ra-plain:3) echo 16 ;;
    ra:4) echo 22 ;;
    *) echo 26 ;;
  esac
}

# run_verifier DIR LOG COMMAND...: runs COMMAND in DIR under the time and memory limits; the log
# gets the verifier's output, DIR/time the wall seconds, max RSS (KiB), user and system CPU
# seconds; returns its exit code.
run_verifier() {
  local dir=$1 log=$2
  shift 2
  (
    cd "$dir"
    ulimit -v $((memlim_mib * 1024 * 2)) # virtual memory: a backstop, pan's own bound is MEMLIM
    exec timeout "$timeout_s" /usr/bin/time -f "%e %M %U %S" -o time "$@"
  ) > "$log" 2>&1
}

# record TOOL SETTING INSTANCE DIR LOG RC BUILD_SECONDS
record() {
  python3 "$here/parse_peer_output.py" --tool "$1" --setting "$2" --instance "$3" \
    --log "$5" --time-file "$4/time" --exit-code "$6" --build-seconds "$7" \
    --expected "$(expected_for "$3")" >> "$results"
}

elapsed_since() {
  python3 -c "import time, sys; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"
}

for instance in $instances; do
  kind=${instance%%:*}
  n=${instance#*:}
  case "$kind" in
    ra) model="$here/ricart_agrawala.pml"; spin_defs="-DN=$n"; aligned=true ;;
    ra-plain) model="$here/ricart_agrawala.pml"; spin_defs="-DN=$n -DPLAIN"; aligned=false ;;
    om) model="$here/om_n4_f1.pml"; spin_defs="-DN=$n" ;;
    *) echo "run_peers.sh: unknown instance $instance (ra:N, ra-plain:N or om:N)" >&2; exit 2 ;;
  esac
  if [[ " $tools " == *" spin "* ]]; then
    for setting in $spin_settings; do
      dir="$build/spin-${instance/:/-}-${setting/+/-}"
      rm -rf "$dir"
      mkdir -p "$dir"
      cflags="-O2 -w -DMEMLIM=$memlim_mib"
      defs=$spin_defs
      case "$setting" in
        O2+NOREDUCE) cflags="$cflags -DNOREDUCE" ;;
        O2+BFS) cflags="$cflags -DBFS"; defs="$defs -DNO_HIDDEN" ;; # BFS refuses hidden variables
        O2) ;;
        *) echo "run_peers.sh: unknown SPIN setting $setting" >&2; exit 2 ;;
      esac
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      (cd "$dir" && spin $defs -a "$model" > spin.log 2>&1 &&
        cc $cflags -o pan pan.c > cc.log 2>&1) ||
        { echo "run_peers.sh: building $instance for SPIN ($setting) failed: $dir" >&2; continue; }
      build_s=$(elapsed_since "$start")
      rc=0
      run_verifier "$dir" "$dir/pan.log" ./pan -m100000 -q -w"$(hash_bits_for "$instance")" || rc=$?
      record spin "$setting" "$instance" "$dir" "$dir/pan.log" "$rc" "$build_s"
    done
  fi
  if [[ " $tools " == *" rumur "* && "$kind" != om ]]; then
    for threads in $rumur_threads; do
      dir="$build/rumur-${instance/:/-}-t$threads"
      rm -rf "$dir"
      mkdir -p "$dir"
      sed -e "s/^  N: [0-9]*;/  N: $n;/" -e "s/^  ALIGNED: [a-z]*;/  ALIGNED: $aligned;/" \
        "$here/ricart_agrawala.m" > "$dir/model.m"
      start=$(date +%s.%N)
      # shellcheck disable=SC2086
      (cd "$dir" && rumur --deadlock-detection stuck --threads "$threads" -o model.c model.m \
        > rumur.log 2>&1 && cc -O3 -pthread $rumur_cflags -o model model.c > cc.log 2>&1) ||
        { echo "run_peers.sh: building $instance for rumur failed, see $dir" >&2; continue; }
      build_s=$(elapsed_since "$start")
      rc=0
      run_verifier "$dir" "$dir/model.log" ./model || rc=$?
      record rumur "threads=$threads" "$instance" "$dir" "$dir/model.log" "$rc" "$build_s"
    done
  fi
done

[[ -n "$out" ]] && python3 "$here/parse_peer_output.py" --format tsv --table "$results" > "$out"
python3 "$here/parse_peer_output.py" --format "$format" --table "$results"
