#!/usr/bin/env bash
# Encryption's cost (issue 6's figures): pack throughput of the 1 GiB semi-compressible file with
# and without --encrypt (a key file, and a password with the default Argon2id costs), runs
# alternated so both see the same machine; then random 4 KiB read latency (and sequential read)
# through the Java API on the plain and the encrypted archive (JMH ReadBenchmark). Prints the
# ratios; then the same random reads through FUSE mounts of both at once (as root). About 4 minutes on 2 cores.
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-crypto.sh
#
# Environment: HEXZ_BENCH_DIR (default <repo>/bench-data), HEXZ_BENCH_RUNS (pack runs per
# configuration, default 5), HEXZ_BENCH_READ_JMH (JMH options), HEXZ_BENCH_SKIP_BUILD=1,
# HEXZ_BENCH_MOUNT_RUNS (runs through the mounts, default 5).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HEXZ_BENCH_DIR:-$ROOT/bench-data}"
RUNS="${HEXZ_BENCH_RUNS:-5}"
READ_JMH="${HEXZ_BENCH_READ_JMH:--f 1 -wi 2 -i 3 -w 2s -r 3s}"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
INPUT="$DIR/data-1G-seed42.bin"
WORK="$DIR/crypto"
HEXZ="$ROOT/scripts/hexz"
export HEXZ_HOME="$WORK/home"
mkdir -p "$WORK" "$HEXZ_HOME"

say() { printf '\n== %s\n' "$*" >&2; }

if [ "${HEXZ_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building the CLI and the benchmarks"
  (cd "$ROOT" && mvn -q -o -B -pl bench,cli -am package -DskipTests) >&2
fi
if [ ! -f "$INPUT" ]; then
  say "generating $INPUT"
  java -cp "$JAR" dev.hexz.bench.DataGenerator file 1G "$INPUT" --seed 42 >&2
fi
KEY="$WORK/bench.hexzkey"
[ -f "$KEY" ] || "$HEXZ" keygen --encryption -q -o "$WORK" --name bench
export HEXZ_PASSWORD="hexz benchmark password"

# time_pack NAME ARGS...: one timed pack into $WORK/NAME.hxz (previous output deleted, sync first)
time_pack() {
  local name="$1" out="$WORK/$1.hxz" t0 t1; shift
  rm -f "$out"; sync
  t0=$(date +%s%N)
  "$HEXZ" pack -q "$INPUT" "$out" "$@"
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 ))"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

"$HEXZ" pack -q "$INPUT" "$WORK/warmup.hxz" -f >/dev/null # builds the jar / CDS archive if needed
rm -f "$WORK/warmup.hxz"
: > "$WORK/plain.ms"; : > "$WORK/keyfile.ms"; : > "$WORK/password.ms"
for i in $(seq "$RUNS"); do
  say "pack run $i of $RUNS: plain, key file, password (order rotates)"
  for c in $(case $((i % 3)) in 0) echo plain keyfile password;; 1) echo keyfile password plain;; *) echo password plain keyfile;; esac); do
    case $c in
      plain) time_pack plain >> "$WORK/plain.ms" ;;
      keyfile) time_pack keyfile --encrypt --key-file "$KEY" >> "$WORK/keyfile.ms" ;;
      password) time_pack password --encrypt >> "$WORK/password.ms" ;;
    esac
  done
done
BYTES=$(stat -c %s "$INPUT")
rate() { awk -v b="$BYTES" -v ms="$1" 'BEGIN {printf "%.1f", b / 1e6 / (ms / 1000)}'; }
P=$(median < "$WORK/plain.ms"); K=$(median < "$WORK/keyfile.ms"); W=$(median < "$WORK/password.ms")

say "JMH ReadBenchmark: plain archive"
java -jar "$JAR" ReadBenchmark -p archive="$WORK/plain.hxz" $READ_JMH -rf json -rff "$WORK/read-plain.json" > "$WORK/read-plain.log" 2>&1
say "JMH ReadBenchmark: encrypted archive (key file)"
HEXZ_BENCH_KEY_FILE="$KEY" java -jar "$JAR" ReadBenchmark -p archive="$WORK/keyfile.hxz" $READ_JMH -rf json \
    -rff "$WORK/read-encrypted.json" > "$WORK/read-encrypted.log" 2>&1
# jmh_value FILE BENCH PCT: the score (avg) or a percentile of BENCH in the JMH JSON result
jmh_value() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
for r in res:
    if r["benchmark"].endswith("." + sys.argv[2]):
        m = r["primaryMetric"]
        print(m["score"] if sys.argv[3] == "score" else m["scorePercentiles"][sys.argv[3]])
PY
}
us() { awk -v v="$1" 'BEGIN {printf "%.2f", v}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
SEQ_P=$(jmh_value "$WORK/read-plain.json" sequential1MiB score); SEQ_E=$(jmh_value "$WORK/read-encrypted.json" sequential1MiB score)
C50_P=$(jmh_value "$WORK/read-plain.json" randomRead4KiBCold 50.0); C50_E=$(jmh_value "$WORK/read-encrypted.json" randomRead4KiBCold 50.0)
C99_P=$(jmh_value "$WORK/read-plain.json" randomRead4KiBCold 99.0); C99_E=$(jmh_value "$WORK/read-encrypted.json" randomRead4KiBCold 99.0)
W50_P=$(jmh_value "$WORK/read-plain.json" randomRead4KiBWarm 50.0); W50_E=$(jmh_value "$WORK/read-encrypted.json" randomRead4KiBWarm 50.0)

printf '\n%-46s %12s %12s %8s\n' "figure ($(git -C "$ROOT" rev-parse --short HEAD))" plain encrypted ratio
printf '%-46s %12s %12s %8s\n' "pack 1 GiB, key file: MB/s (median of $RUNS)" "$(rate "$P")" "$(rate "$K")" "$(ratio "$P" "$K")"
printf '%-46s %12s %12s %8s\n' "pack 1 GiB, password (Argon2id): MB/s" "$(rate "$P")" "$(rate "$W")" "$(ratio "$P" "$W")"
printf '%-46s %12s %12s %8s\n' "pack wall ms: plain / key file / password" "$P" "$K" "$W"
printf '%-46s %12s %12s %8s\n' "random 4 KiB cold p50 (us)" "$(us "$C50_P")" "$(us "$C50_E")" "$(ratio "$C50_E" "$C50_P")"
printf '%-46s %12s %12s %8s\n' "random 4 KiB cold p99 (us)" "$(us "$C99_P")" "$(us "$C99_E")" "$(ratio "$C99_E" "$C99_P")"
printf '%-46s %12s %12s %8s\n' "random 4 KiB warm p50 (us)" "$(us "$W50_P")" "$(us "$W50_E")" "$(ratio "$W50_E" "$W50_P")"
printf '%-46s %12s %12s %8s\n' "sequential 1 MiB reads (MiB/s)" "$(us "$SEQ_P")" "$(us "$SEQ_E")" "$(ratio "$SEQ_P" "$SEQ_E")"
echo "pack runs (ms): plain $(tr '\n' ' ' < "$WORK/plain.ms")| key file $(tr '\n' ' ' < "$WORK/keyfile.ms")| password $(tr '\n' ' ' < "$WORK/password.ms")"

# Through a FUSE mount (what a user of mount or checkout sees): random 4 KiB preads after the page
# cache is dropped, on fresh mounts of the plain and the encrypted (key file) archive at once, the
# reads alternating between them offset by offset (randread.py) so that both meet the same moments
# of the disk, as bench-mount.sh does; HEXZ_BENCH_MOUNT_RUNS runs (default 5), each with its own
# offsets, 0.5 s after the mounts and drop_caches (see bench-mount.sh: a file system used at once
# after a mount answers slower here). Median of the runs' percentiles, and the runs pooled.
if [ -e /dev/fuse ] && [ "$(id -u)" = 0 ]; then
  MRUNS="${HEXZ_BENCH_MOUNT_RUNS:-5}"
  MP="$WORK/mnt-plain"; ME="$WORK/mnt-encrypted"; POOL="$WORK/mount-pool"
  mkdir -p "$MP" "$ME"; rm -rf "$POOL"; mkdir -p "$POOL"
  : > "$WORK/mount-plain.txt"; : > "$WORK/mount-encrypted.txt"
  for run in $(seq "$MRUNS"); do
    say "mount run $run of $MRUNS: plain and encrypted, reads interleaved"
    "$HEXZ" mount -q "$WORK/plain.hxz" "$MP"
    "$HEXZ" mount -q --key-file "$KEY" "$WORK/keyfile.hxz" "$ME"
    fp="$(find "$MP" -maxdepth 1 -type f | head -1)"; fe="$(find "$ME" -maxdepth 1 -type f | head -1)"
    sync; echo 3 > /proc/sys/vm/drop_caches; sleep 0.5
    out="$(python3 "$ROOT/scripts/randread.py" --dump "$POOL" "$fp" "$fe" 2000 $((6 + run)))"
    sed -n 1p <<< "$out" >> "$WORK/mount-plain.txt"; sed -n 2p <<< "$out" >> "$WORK/mount-encrypted.txt"
    "$HEXZ" unmount -q "$MP"; "$HEXZ" unmount -q "$ME"
  done
  col() { awk -v c="$2" '{print $c}' "$1" | median; }
  pct() { sort -g "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int(NR*p); if (i<1) i=1; if (i>NR) i=NR; printf "%.1f", a[i]}'; }
  row() { printf '%-46s %12s %12s %8s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"; }
  row "through the mount: random 4 KiB cold p50 (us)" "$(col "$WORK/mount-plain.txt" 1)" "$(col "$WORK/mount-encrypted.txt" 1)"
  row "through the mount: random 4 KiB cold p99 (us)" "$(col "$WORK/mount-plain.txt" 2)" "$(col "$WORK/mount-encrypted.txt" 2)"
  row "through the mount, runs pooled: cold p50 (us)" "$(pct "$POOL/1.txt" 0.5)" "$(pct "$POOL/2.txt" 0.5)"
  row "through the mount, runs pooled: cold p99 (us)" "$(pct "$POOL/1.txt" 0.99)" "$(pct "$POOL/2.txt" 0.99)"
  row "through the mount: random 4 KiB warm p50 (us)" "$(col "$WORK/mount-plain.txt" 3)" "$(col "$WORK/mount-encrypted.txt" 3)"
fi
