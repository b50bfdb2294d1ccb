#!/usr/bin/env bash
# The .hxz format benchmarks: pack throughput and stored size against the lz4/zstd CLIs, read
# throughput and latency through the Java API (JMH), and the per-core speed of each pack stage
# (JMH), ending with a summary table. About 5 minutes on 2 cores; the 1 GiB input is generated
# once and kept.
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-format.sh
#
# Run it under the shared lock (as above) so that no other build or benchmark shares the CPU;
# the script does not take the lock itself (a nested flock on the same file would deadlock).
#
# Packs with `scripts/hexz pack` when the CLI exists (cli/.../HexzMain.java), otherwise with
# dev.hexz.bench.PackRun (same options, same ArchiveWriter). Pack rates are wall clock of the
# whole command (JVM start and the final fsync included), median of HEXZ_BENCH_RUNS runs, in
# MB/s (10^6 bytes); the output file is deleted and `sync` run before each timed run.
#
# Environment:
#   HEXZ_BENCH_DIR    where data, archives and logs go (default: <repo>/bench-data, git-ignored)
#   HEXZ_BENCH_SIZE   input size (default 1G)      HEXZ_BENCH_SEED  generator seed (default 42)
#   HEXZ_BENCH_RUNS   pack runs per configuration (default 3)
#   HEXZ_BENCH_READ_JMH, HEXZ_BENCH_STAGE_JMH   JMH options of the two JMH runs
#   HEXZ_BENCH_SKIP_BUILD=1   use the jars as they are
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HEXZ_BENCH_DIR:-$ROOT/bench-data}"
SIZE="${HEXZ_BENCH_SIZE:-1G}"
SEED="${HEXZ_BENCH_SEED:-42}"
RUNS="${HEXZ_BENCH_RUNS:-3}"
READ_JMH="${HEXZ_BENCH_READ_JMH:--f 1 -wi 2 -i 3 -w 2s -r 3s}"
STAGE_JMH="${HEXZ_BENCH_STAGE_JMH:--f 1 -wi 2 -i 3 -w 1s -r 2s}"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
LOGS="$DIR/logs"
mkdir -p "$DIR" "$LOGS"

say() { printf '\n== %s\n' "$*" >&2; }
now_ns() { date +%s%N; }
NCPU=$(nproc)
TICK=$(getconf CLK_TCK)
# Busy time of the whole machine (all cores), in clock ticks: user+nice+system+irq+softirq+steal.
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# run_measured LOG CMD...: runs CMD with stdout+stderr to LOG and sets WALL_NS, OWN_CPU_S (CPU
# seconds of CMD and its children) and OTHERS_PCT (CPU that other processes took meanwhile, in %
# of the machine: the other workers on a shared box; above a few % the figures are disturbed).
OTHERS_MAX=0
run_measured() {
  local log="$1" tf b0 b1 t0 t1; shift
  tf=$(mktemp)
  b0=$(machine_busy); t0=$(now_ns)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$tf" "$@" > "$log" 2>&1 || { rm -f "$tf"; return 1; }
  else
    "$@" > "$log" 2>&1 || { rm -f "$tf"; return 1; }
    echo "nan nan" > "$tf"
  fi
  t1=$(now_ns); b1=$(machine_busy)
  WALL_NS=$((t1 - t0))
  OWN_CPU_S=$(tail -1 "$tf" | awk '{printf "%.2f", $1 + $2}')
  OTHERS_PCT=$(awk -v b=$((b1 - b0)) -v tck="$TICK" -v own="$OWN_CPU_S" -v ns="$WALL_NS" -v n="$NCPU" \
    'BEGIN {o = b / tck - own; if (o < 0 || own != own) o = 0; printf "%.0f", 100 * o / (ns / 1e9 * n)}')
  OTHERS_MAX=$(( OTHERS_PCT > OTHERS_MAX ? OTHERS_PCT : OTHERS_MAX ))
  rm -f "$tf"
}
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

HAVE_CLI=0
if [ -f "$ROOT/cli/src/main/java/dev/hexz/cli/HexzMain.java" ]; then
  HAVE_CLI=1
fi

# ---------------------------------------------------------------- build
if [ "${HEXZ_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  modules=bench
  [ "$HAVE_CLI" = 1 ] && modules=bench,cli
  say "building $modules (mvn package -DskipTests)"
  (cd "$ROOT" && { mvn -q -o -pl "$modules" -am package -DskipTests || mvn -q -pl "$modules" -am package -DskipTests; })
fi
[ -f "$JAR" ] || { echo "missing $JAR (build failed?)" >&2; exit 1; }

# ---------------------------------------------------------------- data
DATA="$DIR/data-$SIZE-seed$SEED.bin"
if [ ! -f "$DATA" ]; then
  say "generating $DATA"
  java -cp "$JAR" dev.hexz.bench.DataGenerator file "$SIZE" "$DATA.tmp" --seed "$SEED"
  mv "$DATA.tmp" "$DATA"
fi
BYTES=$(stat -c %s "$DATA")
cat "$DATA" > /dev/null   # into the page cache: every run reads it from memory

# ---------------------------------------------------------------- pack
if [ "$HAVE_CLI" = 1 ]; then
  PACK=("$ROOT/scripts/hexz" pack)
else
  PACK=(java -cp "$JAR" dev.hexz.bench.PackRun)
fi

declare -A PACK_RATE PACK_SIZE PACK_OPTS PACK_CPU
CONFIGS=(lz4-cdc lz4-fixed zstd3-cdc)
PACK_OPTS[lz4-cdc]="--compression lz4 --chunking cdc"
PACK_OPTS[lz4-fixed]="--compression lz4 --chunking fixed --block-size 64K"
PACK_OPTS[zstd3-cdc]="--compression zstd --level 3 --chunking cdc"
TMPFS_OUT=""
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt $(( BYTES / 1024 * 2 )) ]; then
  CONFIGS+=(lz4-cdc-tmpfs)
  PACK_OPTS[lz4-cdc-tmpfs]="${PACK_OPTS[lz4-cdc]}"
  TMPFS_OUT="/dev/shm/hexz-bench-$$.hxz"
fi

say "pack: $DATA ($BYTES bytes), $RUNS runs each, with $([ "$HAVE_CLI" = 1 ] && echo 'scripts/hexz pack' || echo 'PackRun (no CLI yet)')"
for cfg in "${CONFIGS[@]}"; do
  out="$DIR/$cfg.hxz"
  [ "$cfg" = lz4-cdc-tmpfs ] && out="$TMPFS_OUT"
  rates=()
  cpus=()
  for i in $(seq 1 "$RUNS"); do
    rm -f "$out"
    sync
    log="$LOGS/pack-$cfg-$i.log"
    # shellcheck disable=SC2086
    run_measured "$log" "${PACK[@]}" "$DATA" "$out" ${PACK_OPTS[$cfg]} || { cat "$log" >&2; exit 1; }
    rate=$(awk -v b="$BYTES" -v ns="$WALL_NS" 'BEGIN {printf "%.1f", b / (ns / 1e9) / 1e6}')
    rates+=("$rate")
    cpus+=("$OWN_CPU_S")
    printf '  %-14s run %d: %7s MB/s, %5.1f s wall, %5s s CPU, others %2s%% | %s\n' "$cfg" "$i" "$rate" \
      "$(awk -v ns="$WALL_NS" 'BEGIN {print ns / 1e9}')" "$OWN_CPU_S" "$OTHERS_PCT" \
      "$(grep -m1 -E '^pack ' "$log" || tail -1 "$log")" >&2
  done
  PACK_RATE[$cfg]=$(printf '%s\n' "${rates[@]}" | median)
  PACK_CPU[$cfg]=$(printf '%s\n' "${cpus[@]}" | median)
  PACK_SIZE[$cfg]=$(stat -c %s "$out")
done
[ -n "$TMPFS_OUT" ] && rm -f "$TMPFS_OUT"
PACK_OTHERS=$OTHERS_MAX

# ---------------------------------------------------------------- reference tools
say "reference: lz4 and zstd -3 CLIs on the same file"
t0=$(now_ns); LZ4_SIZE=$(lz4 -q -c "$DATA" | wc -c); t1=$(now_ns)
LZ4_RATE=$(awk -v b="$BYTES" -v ns=$((t1 - t0)) 'BEGIN {printf "%.1f", b / (ns / 1e9) / 1e6}')
t0=$(now_ns); ZSTD_SIZE=$(zstd -q -3 -c "$DATA" | wc -c); t1=$(now_ns)
ZSTD_RATE=$(awk -v b="$BYTES" -v ns=$((t1 - t0)) 'BEGIN {printf "%.1f", b / (ns / 1e9) / 1e6}')
printf '  lz4 (%s): %d bytes, %s MB/s\n  zstd -3 (%s): %d bytes, %s MB/s\n' \
  "$(lz4 --version 2>&1 | grep -o 'v[0-9.]*' | head -1)" "$LZ4_SIZE" "$LZ4_RATE" \
  "$(zstd --version 2>&1 | grep -o 'v[0-9.]*' | head -1)" "$ZSTD_SIZE" "$ZSTD_RATE" >&2

# ---------------------------------------------------------------- JMH: reads
ARCHIVE="$DIR/lz4-cdc.hxz"
cat "$ARCHIVE" > /dev/null   # OS page cache warm; the reader's own cache is what "cold" is about
say "JMH ReadBenchmark on $ARCHIVE ($READ_JMH)"
# shellcheck disable=SC2086
run_measured "$LOGS/jmh-read.log" java -jar "$JAR" ReadBenchmark -p archive="$ARCHIVE" $READ_JMH \
  -rf csv -rff "$LOGS/jmh-read.csv" || { tail -40 "$LOGS/jmh-read.log" >&2; exit 1; }
READ_OTHERS=$OTHERS_PCT
sed -n '/^Benchmark /,$p' "$LOGS/jmh-read.log" >&2

# ---------------------------------------------------------------- JMH: stages
STAGES='ChunkerBenchmark|CodecBenchmark'
LIST=$(java -jar "$JAR" -l 2>/dev/null || true)
if grep -q 'Blake3Benchmark' <<< "$LIST"; then
  STAGES="$STAGES|Blake3Benchmark"
fi
say "JMH stages: $STAGES ($STAGE_JMH)"
# shellcheck disable=SC2086
run_measured "$LOGS/jmh-stages.log" java -jar "$JAR" "$STAGES" -p chunker=fastcdc-64k $STAGE_JMH \
  -rf csv -rff "$LOGS/jmh-stages.csv" || { tail -40 "$LOGS/jmh-stages.log" >&2; exit 1; }
STAGE_OTHERS=$OTHERS_PCT
sed -n '/^Benchmark /,$p' "$LOGS/jmh-stages.log" >&2

# ---------------------------------------------------------------- summary
# score NAME FILE: the score of the JMH row whose benchmark name ends with NAME
score() { awk -F, -v n="$2" '{gsub(/"/, "")} $1 ~ ("\\." n "$") {print $5; exit}' "$1"; }
R="$LOGS/jmh-read.csv"; S="$LOGS/jmh-stages.csv"
SEQ_MIBS=$(score "$R" sequential1MiB)
SEQ_MBS=$(awk -v m="$SEQ_MIBS" 'BEGIN {printf "%.0f", m * 1.048576}')
COLD_P50=$(score "$R" 'randomRead4KiBCold:p0.50'); COLD_P99=$(score "$R" 'randomRead4KiBCold:p0.99')
WARM_P50=$(score "$R" 'randomRead4KiBWarm:p0.50'); WARM_P99=$(score "$R" 'randomRead4KiBWarm:p0.99')
CDC_MIBS=$(awk -v s="$(score "$S" chunkWholeBuffer)" 'BEGIN {printf "%.0f", s * 64}')
ENC=$(score "$S" encodeLz4)

pf() { awk "BEGIN {print (($1) ? \"PASS\" : \"FAIL\")}"; }  # pf "262.1 >= 350"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
R_LZ4_CDC=$(ratio "${PACK_SIZE[lz4-cdc]}" "$LZ4_SIZE")
R_LZ4_FIX=$(ratio "${PACK_SIZE[lz4-fixed]}" "$LZ4_SIZE")
R_ZSTD=$(ratio "${PACK_SIZE[zstd3-cdc]}" "$ZSTD_SIZE")
f1() { awk -v v="$1" 'BEGIN {printf "%.1f", v}'; }
f2() { awk -v v="$1" 'BEGIN {printf "%.2f", v}'; }

{
  echo
  echo "=================================================================================="
  echo "hexz format benchmarks: $BYTES bytes of DataGenerator data (seed $SEED)"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
  echo "pack via: $([ "$HAVE_CLI" = 1 ] && echo 'scripts/hexz pack' || echo 'dev.hexz.bench.PackRun')"
  echo "----------------------------------------------------------------------------------"
  printf '%-40s %-36s %-13s %s\n' figure measured target result
  printf '%-40s %-36s %-13s %s\n' "pack lz4+cdc (median of $RUNS, wall)" "$(f1 "${PACK_RATE[lz4-cdc]}") MB/s, CPU $(f1 "${PACK_CPU[lz4-cdc]}") s" ">= 350 MB/s" "$(pf "${PACK_RATE[lz4-cdc]} >= 350")"
  printf '%-40s %-36s %-13s %s\n' "pack lz4+fixed 64K" "$(f1 "${PACK_RATE[lz4-fixed]}") MB/s, CPU $(f1 "${PACK_CPU[lz4-fixed]}") s" "" ""
  printf '%-40s %-36s %-13s %s\n' "pack zstd-3+cdc" "$(f1 "${PACK_RATE[zstd3-cdc]}") MB/s, CPU $(f1 "${PACK_CPU[zstd3-cdc]}") s" "" ""
  [ -n "$TMPFS_OUT" ] && printf '%-40s %-36s %-13s %s\n' "pack lz4+cdc, output on tmpfs (no disk)" "$(f1 "${PACK_RATE[lz4-cdc-tmpfs]}") MB/s, CPU $(f1 "${PACK_CPU[lz4-cdc-tmpfs]}") s" "" ""
  printf '%-40s %-36s %-13s %s\n' "sequential read, API, 1 MiB reads" "$SEQ_MBS MB/s" ">= 1000 MB/s" "$(pf "$SEQ_MBS >= 1000")"
  printf '%-40s %-36s %-13s %s\n' "random 4 KiB read, cold: p50 (p99)" "$(f1 "$COLD_P50") us ($(f1 "$COLD_P99") us)" "< 50 us" "$(pf "$COLD_P50 < 50")"
  printf '%-40s %-36s %-13s %s\n' "random 4 KiB read, warm: p50 (p99)" "$(f2 "$WARM_P50") us ($(f2 "$WARM_P99") us)" "< 2 us" "$(pf "$WARM_P50 < 2")"
  printf '%-40s %-36s %-13s %s\n' "size lz4+cdc / lz4 CLI" "${PACK_SIZE[lz4-cdc]} / $LZ4_SIZE = $R_LZ4_CDC" "<= 1.10" "$(pf "$R_LZ4_CDC <= 1.10")"
  printf '%-40s %-36s %-13s %s\n' "size lz4+fixed 64K / lz4 CLI" "${PACK_SIZE[lz4-fixed]} / $LZ4_SIZE = $R_LZ4_FIX" "<= 1.10" "$(pf "$R_LZ4_FIX <= 1.10")"
  printf '%-40s %-36s %-13s %s\n' "size zstd-3+cdc / zstd -3 CLI" "${PACK_SIZE[zstd3-cdc]} / $ZSTD_SIZE = $R_ZSTD" "<= 1.10" "$(pf "$R_ZSTD <= 1.10")"
  echo "----------------------------------------------------------------------------------"
  echo "pack stages, one core, MiB/s of raw bytes (JMH):"
  printf '  %-52s %8s\n' "FastCDC 16/64/256 KiB (ChunkerBenchmark fastcdc-64k)" "$CDC_MIBS"
  for b in lz4Compress zstd3Compress crc32cRaw encodeLz4 encodeZstd3 lz4Decompress zstdDecompress decodeLz4; do
    printf '  %-52s %8s\n' "CodecBenchmark.$b" "$(f1 "$(score "$S" "$b")")"
  done
  if grep -q Blake3Benchmark "$S"; then
    echo "  Blake3Benchmark (its own units):"
    awk -F, 'NR > 1 && /Blake3Benchmark/ {gsub(/"/, ""); printf "    %-50s %10.1f %s\n", $1 ($8 == "" ? "" : " " $8), $5, $7}' "$S"
  fi
  echo "  worker stage (zero check + BLAKE3 + LZ4 + CRC) x $(nproc) cores = $(awk -v e="$ENC" -v n="$(nproc)" 'BEGIN {printf "%.0f MiB/s = %.0f MB/s", e * n, e * n * 1.048576}') ceiling"
  echo "  BLAKE3 alone, approx. 1/(1/encodeLz4 - 1/lz4Compress): $(awk -v e="$ENC" -v l="$(score "$S" lz4Compress)" 'BEGIN {printf "%.0f MiB/s", 1 / (1 / e - 1 / l)}')"
  echo "reference CLIs (single thread): lz4 $LZ4_RATE MB/s, zstd -3 $ZSTD_RATE MB/s"
  echo "other processes' CPU, % of the machine: worst pack run $PACK_OTHERS%, JMH reads $READ_OTHERS%, JMH stages $STAGE_OTHERS%"
  if [ "$PACK_OTHERS" -gt 5 ] || [ "$READ_OTHERS" -gt 5 ] || [ "$STAGE_OTHERS" -gt 5 ]; then
    echo "WARNING: the machine was not quiet (others > 5%); these figures are disturbed, run again when it is"
  fi
  echo "logs and JMH CSVs: $LOGS"
  echo "=================================================================================="
} | tee "$LOGS/summary.txt"
