#!/usr/bin/env bash
# The block store benchmark: records 10,000,000 synthetic blocks (100 archives of 100,000) into a
# new RocksDB store, reports the time to record, the store's size on disk and the time of a full
# stats() scan (dev.hexz.bench.StoreFill), then lookups per second for hits and for misses, one
# by one (find) and 100 at a time (findAll), with 1 and 2 threads (JMH StoreBenchmark). About 4
# minutes on 2 cores; needs ~1.5 GB of disk.
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-store.sh
#
# Run it under the shared lock (as above) so that no other build or benchmark shares the CPU;
# the script does not take the lock itself (a nested flock on the same file would deadlock).
#
# Environment:
#   HEXZ_BENCH_DIR          where the store and logs go (default: <repo>/bench-data, git-ignored)
#   HEXZ_BENCH_STORE_BLOCKS blocks to record (default 10000000)
#   HEXZ_BENCH_STORE_JMH    JMH options (default: -f 1 -wi 2 -i 3 -w 2s -r 3s)
#   HEXZ_BENCH_SKIP_BUILD=1 use the jar as it is
#   HEXZ_BENCH_KEEP=1       keep the store afterwards (it is deleted otherwise)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HEXZ_BENCH_DIR:-$ROOT/bench-data}"
BLOCKS="${HEXZ_BENCH_STORE_BLOCKS:-10000000}"
JMH_OPTS="${HEXZ_BENCH_STORE_JMH:--f 1 -wi 2 -i 3 -w 2s -r 3s}"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
STORE="$DIR/store-bench"
LOGS="$DIR/logs"
mkdir -p "$DIR" "$LOGS"
say() { printf '\n== %s\n' "$*" >&2; }
NCPU=$(nproc)
TICK=$(getconf CLK_TCK)
# Busy time of the whole machine (all cores), in clock ticks, and of this script's children.
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
own_busy() { awk '{print $16 + $17}' /proc/$$/stat; }   # cutime + cstime of waited-for children
# others_pct B0 O0 T0: CPU that other processes used since (B0, O0, T0), in % of the machine
others_pct() {
  local b1 o1 t1; b1=$(machine_busy); o1=$(own_busy); t1=$(date +%s%N)
  awk -v b=$((b1 - $1)) -v o=$((o1 - $2)) -v ns=$((t1 - $3)) -v n="$NCPU" -v tck="$TICK" \
    'BEGIN {x = (b - o) / tck; if (x < 0) x = 0; printf "%.0f", 100 * x / (ns / 1e9 * n)}'
}

if [ "${HEXZ_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building bench (mvn package -DskipTests)"
  (cd "$ROOT" && { mvn -q -o -pl bench -am package -DskipTests || mvn -q -pl bench -am package -DskipTests; })
fi
[ -f "$JAR" ] || { echo "missing $JAR (build failed?)" >&2; exit 1; }

cleanup() { [ "${HEXZ_BENCH_KEEP:-0}" = 1 ] || rm -rf "$STORE"; }
trap cleanup EXIT
rm -rf "$STORE"

say "recording $BLOCKS blocks into $STORE"
B0=$(machine_busy); O0=$(own_busy); T0=$(date +%s%N)
java -Xmx1g -cp "$JAR" dev.hexz.bench.StoreFill "$STORE" "$BLOCKS" 100 1 > "$LOGS/store-fill.txt"
echo "other processes used $(others_pct "$B0" "$O0" "$T0")% of the machine meanwhile" >> "$LOGS/store-fill.txt"
cat "$LOGS/store-fill.txt" >&2

declare -A OTHERS
for t in 1 2; do
  say "lookups, $t thread(s)"
  B0=$(machine_busy); O0=$(own_busy); T0=$(date +%s%N)
  # shellcheck disable=SC2086
  java -jar "$JAR" StoreBenchmark -p store="$STORE" -p blocks="$BLOCKS" -p seed=1 -t "$t" $JMH_OPTS \
    -rf csv -rff "$LOGS/store-jmh-t$t.csv" > "$LOGS/store-jmh-t$t.txt" 2>&1 \
    || { tail -30 "$LOGS/store-jmh-t$t.txt" >&2; exit 1; }
  OTHERS[$t]=$(others_pct "$B0" "$O0" "$T0")
  grep -E '^StoreBenchmark\.' "$LOGS/store-jmh-t$t.txt" >&2 || true
done

say "summary (lookups per second; ± is JMH's 99.9% interval)"
printf '%-12s %18s %18s\n' benchmark "1 thread" "2 threads"
for b in findHit findMiss findAllHit findAllMiss; do
  v1=$(awk -F, -v b="\"dev.hexz.bench.StoreBenchmark.$b\"" '$1 == b {printf "%.0f ± %.0f", $5, $6}' "$LOGS/store-jmh-t1.csv")
  v2=$(awk -F, -v b="\"dev.hexz.bench.StoreBenchmark.$b\"" '$1 == b {printf "%.0f ± %.0f", $5, $6}' "$LOGS/store-jmh-t2.csv")
  printf '%-12s %18s %18s\n' "$b" "$v1" "$v2"
done
echo "other processes used ${OTHERS[1]}% (1 thread) and ${OTHERS[2]}% (2 threads) of the machine during the lookups"
cat "$LOGS/store-fill.txt"
