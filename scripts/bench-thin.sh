#!/usr/bin/env bash
# The thin-archive benchmarks: what a thin archive stores against its parent, and what reading
# through a chain of them costs. Four phases, each a figure of the thin-archive issue, then a
# summary table (figure, measured, target, result):
#
#   shifted  v1 = 1 GiB of DataGenerator data; v2 = v1 with 20 insertions and 20 deletions of
#            1-100 bytes and 100 overwrites of 1 KiB at seeded places (DataGenerator edit). v2
#            packed against v1 with FastCDC and with fixed 64 KiB blocks, as % of v1's archive;
#            beside it zstd --patch-from, and casync, restic and borg when installed (store growth).
#   tree     v1 = 20,000 files (DataGenerator tree); v2 = 1% of them modified, 100 added, 100
#            deleted (DataGenerator tree-edit, which prints the bytes that really changed). v2
#            packed against v1; its size over the changed bytes. Extra, without target: the same
#            with a 0.1% change, and both with 64-entry index pages (a writer option).
#   chain    a 256 MiB base and 50 thin archives on top of it, each one small change further
#            (ChainRun, which also reads the last one back and checks every byte); JMH
#            ReadBenchmark sequential and cold random 4 KiB reads of the 50th against the base.
#   big      a 10 GiB base, and v2 = the base with one 4 KiB overwrite packed against it: the
#            thin archive's size and both pack times. Needs ~30 GB free; deletes its files at the
#            end unless HEXZ_BENCH_KEEP_BIG=1.
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-thin.sh                 # everything, ~10 min
#   flock /tmp/hexz-mvn.lock bash scripts/bench-thin.sh shifted tree    # some phases
#   bash scripts/bench-thin.sh summary                                  # the table of the last results
#
# Run it under the shared lock (as above); the script does not take the lock itself. Each phase
# stores its figures in $HEXZ_BENCH_DIR/thin-results/PHASE.txt, and the summary is made from the
# latest file of every phase, so phases may run at different times (each is stamped).
# Generated inputs are kept in $HEXZ_BENCH_DIR and reused (same seed, same bytes); archives
# are made anew every run. Packs go through dev.hexz.bench.PackRun (ArchiveWriter.create /
# createThin), timed by wall clock including JVM start-up.
#
# Environment:
#   HEXZ_BENCH_DIR        data, archives, logs (default: <repo>/bench-data, git-ignored)
#   HEXZ_BENCH_SEED       generator and edit seed (default 42)
#   HEXZ_BENCH_CHAIN_DEPTH   thin archives on the chain's base (default 50)
#   HEXZ_BENCH_CHAIN_SEQ_JMH   JMH options of the chain's sequential reads (default -f 3 -wi 2 -i 4
#                         -w 2s -r 2s: three forks each, since one fork's JIT varies by ~10%)
#   HEXZ_BENCH_CHAIN_COLD_JMH  JMH options of the chain's cold random reads (default -f 1 -wi 2 -i 4 -w 2s -r 3s)
#   HEXZ_BENCH_BIG_SIZE   size of the big base (default 10G)
#   HEXZ_BENCH_KEEP_BIG=1 keep the big phase's inputs and archives
#   HEXZ_BENCH_SKIP_BUILD=1  use the jar as it is
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${HEXZ_BENCH_DIR:-$ROOT/bench-data}"
SEED="${HEXZ_BENCH_SEED:-42}"
DEPTH="${HEXZ_BENCH_CHAIN_DEPTH:-50}"
CHAIN_SEQ_JMH="${HEXZ_BENCH_CHAIN_SEQ_JMH:--f 3 -wi 2 -i 4 -w 2s -r 2s}"
CHAIN_COLD_JMH="${HEXZ_BENCH_CHAIN_COLD_JMH:--f 1 -wi 2 -i 4 -w 2s -r 3s}"
BIG_SIZE="${HEXZ_BENCH_BIG_SIZE:-10G}"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
LOGS="$DIR/logs/thin"
RES="$DIR/thin-results"
mkdir -p "$DIR" "$LOGS" "$RES"
DIR="$(cd "$DIR" && pwd)"

PHASES=("$@")
[ ${#PHASES[@]} -eq 0 ] && PHASES=(all)
[ "${PHASES[*]}" = all ] && PHASES=(shifted tree chain big summary)
for p in "${PHASES[@]}"; do
  case "$p" in shifted|tree|chain|big|summary) ;; *) echo "unknown phase '$p' (shifted tree chain big summary all)" >&2; exit 2 ;; esac
done

say() { printf '\n== %s\n' "$*" >&2; }
now_ns() { date +%s%N; }
NCPU=$(nproc)
TICK=$(getconf CLK_TCK)
# Busy time of the whole machine (all cores), in clock ticks: user+nice+system+irq+softirq+steal.
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# run_measured LOG CMD...: runs CMD with stdout+stderr to LOG and sets WALL_S, OWN_CPU_S (user +
# system; OWN_USER_S and OWN_SYS_S apart) and OTHERS_PCT (the CPU other processes took meanwhile, in % of the machine). As in bench-format.sh.
OTHERS_MAX=0
run_measured() {
  local log="$1" tf b0 b1 t0 t1; shift
  tf=$(mktemp)
  b0=$(machine_busy); t0=$(now_ns)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$tf" "$@" > "$log" 2>&1 || { rm -f "$tf"; tail -30 "$log" >&2; return 1; }
  else
    "$@" > "$log" 2>&1 || { rm -f "$tf"; tail -30 "$log" >&2; return 1; }
    echo "nan nan" > "$tf"
  fi
  t1=$(now_ns); b1=$(machine_busy)
  local ns=$((t1 - t0))
  WALL_S=$(awk -v ns="$ns" 'BEGIN {printf "%.2f", ns / 1e9}')
  OWN_CPU_S=$(tail -1 "$tf" | awk '{printf "%.2f", $1 + $2}')
  OWN_USER_S=$(tail -1 "$tf" | awk '{printf "%.2f", $1}')
  OWN_SYS_S=$(tail -1 "$tf" | awk '{printf "%.2f", $2}')
  OTHERS_PCT=$(awk -v b=$((b1 - b0)) -v tck="$TICK" -v own="$OWN_CPU_S" -v ns="$ns" -v n="$NCPU" \
    'BEGIN {o = b / tck - own; if (o < 0 || own != own) o = 0; printf "%.0f", 100 * o / (ns / 1e9 * n)}')
  OTHERS_MAX=$(( OTHERS_PCT > OTHERS_MAX ? OTHERS_PCT : OTHERS_MAX ))
  rm -f "$tf"
}
# kv FILE KEY [PREFIX]: the value of KEY= in the first line of FILE starting with PREFIX
kv() { awk -v k="$2" -v p="${3:-}" 'p == "" || index($0, p) == 1 {for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) {print substr($i, length(k) + 2); exit}}' "$1"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", 100 * a / b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
pf() { awk "BEGIN {print (($1) ? \"PASS\" : \"FAIL\")}"; }
mb() { awk -v b="$1" 'BEGIN {printf "%.2f MB", b / 1e6}'; }
stamp() { echo "DATE='$(date -u '+%Y-%m-%d %H:%M UTC')'"; echo "COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- bench format scripts 2>/dev/null || echo +changes)"; }

# pack LOG IN OUT [PackRun options]: packs through PackRun with --cost; sets WALL_S etc. and
# P_* from its output (archive file bytes, data region bytes, index pages, manifest).
pack() {
  local log="$1"; shift
  run_measured "$log" java -Xmx2g -cp "$JAR" dev.hexz.bench.PackRun "$@" --cost
  P_FILE=$(kv "$log" file 'cost ')
  P_DATA=$(kv "$log" data 'cost ')
  P_OWN_PAGES=$(kv "$log" own_pages 'cost ')
  P_SHARED_PAGES=$(kv "$log" shared_pages 'cost ')
  P_PAGE_BYTES=$(kv "$log" own_page_bytes 'cost ')
  P_MASTER=$(kv "$log" master 'cost ')
  P_MANIFEST=$(kv "$log" manifest 'cost ')
  P_OWN_CHUNKS=$(kv "$log" own_manifest_chunks 'cost ')
  P_SHARED_CHUNKS=$(kv "$log" shared_manifest_chunks 'cost ')
  P_REF=$(kv "$log" referenced 'cost ')
  P_BLOCKS=$(kv "$log" blocks 'cost ')
  printf '  %-16s %12s bytes (data %s, %s own + %s shared index pages, %s of %s blocks referenced); %s s wall, %s s CPU (%s user, %s sys), others %s%%\n' \
    "$(basename "$log" .log)" "$P_FILE" "$P_DATA" "$P_OWN_PAGES" "$P_SHARED_PAGES" "$P_REF" "$P_BLOCKS" "$WALL_S" "$OWN_CPU_S" "$OWN_USER_S" "$OWN_SYS_S" "$OTHERS_PCT" >&2
}
gen() { java -Xmx2g -cp "$JAR" dev.hexz.bench.DataGenerator "$@"; }
# readback ARCHIVE INPUT: reads an archive back (a thin one through its chain) and compares it with
# what was packed, untimed (dev.hexz.bench.ReadBack); a difference stops the script.
readback() {
  local log
  log="$LOGS/readback-$(basename "$(dirname "$1")")-$(basename "$1" .hxz).log"
  if java -Xmx2g -cp "$JAR" dev.hexz.bench.ReadBack "$1" "$2" > "$log" 2>&1; then
    printf '  %s\n' "$(tail -1 "$log")" >&2
  else
    cat "$log" >&2
    echo "CORRECTNESS: $1 does not read back $2" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------- build
needs_build=0
for p in "${PHASES[@]}"; do [ "$p" != summary ] && needs_build=1; done
if [ "$needs_build" = 1 ] && [ "${HEXZ_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building bench (mvn package -DskipTests)"
  (cd "$ROOT" && { mvn -q -o -pl bench -am package -DskipTests || mvn -q -pl bench -am package -DskipTests; })
fi
[ "$needs_build" = 0 ] || [ -f "$JAR" ] || { echo "missing $JAR (build failed?)" >&2; exit 1; }

# ---------------------------------------------------------------- shifted data
phase_shifted() {
  OTHERS_MAX=0
  local v1="$DIR/data-1G-seed$SEED.bin" v2="$DIR/shift-v2-seed$SEED.bin" edit="$DIR/shift-v2-seed$SEED.edit"
  if [ ! -f "$v1" ]; then
    say "generating $v1"
    gen file 1G "$v1.tmp" --seed "$SEED"
    mv "$v1.tmp" "$v1"
  fi
  if [ ! -f "$v2" ] || [ ! -s "$edit" ]; then
    say "generating $v2 (DataGenerator edit)"
    gen edit "$v1" "$v2.tmp" --seed "$SEED" --insertions 20 --deletions 20 --overwrites 100 --overwrite-bytes 1K > "$edit.tmp"
    mv "$v2.tmp" "$v2"; mv "$edit.tmp" "$edit"
  fi
  cat "$edit" >&2
  cat "$v1" "$v2" > /dev/null
  local a="$DIR/shifted"
  mkdir -p "$a"
  say "shifted: pack v1 and v2 against v1, FastCDC 16/64/256 KiB and fixed 64 KiB"
  rm -f "$a"/*.hxz
  pack "$LOGS/shift-v1-cdc.log" "$v1" "$a/v1-cdc.hxz"
  local v1_cdc=$P_FILE v1_cdc_data=$P_DATA
  pack "$LOGS/shift-v2-cdc.log" "$v2" "$a/v2-cdc.hxz" --base "$a/v1-cdc.hxz"
  local v2_cdc=$P_FILE v2_cdc_data=$P_DATA v2_cdc_pages=$P_PAGE_BYTES v2_cdc_ref=$P_REF v2_cdc_blocks=$P_BLOCKS v2_cdc_s=$WALL_S
  pack "$LOGS/shift-v1-fixed.log" "$v1" "$a/v1-fixed.hxz" --chunking fixed --block-size 64K
  local v1_fix=$P_FILE v1_fix_data=$P_DATA
  pack "$LOGS/shift-v2-fixed.log" "$v2" "$a/v2-fixed.hxz" --chunking fixed --block-size 64K --base "$a/v1-fixed.hxz"
  local v2_fix=$P_FILE v2_fix_data=$P_DATA v2_fix_ref=$P_REF v2_fix_blocks=$P_BLOCKS
  readback "$a/v2-cdc.hxz" "$v2"
  readback "$a/v2-fixed.hxz" "$v2"

  say "shifted: zstd -3 of v1, and zstd -3 --patch-from=v1 v2 (checked by decoding it)"
  local zstd_v1 patch="$a/v2.patch.zst" v1r
  v1r=$(readlink -f "$v1") # zstd skips symbolic links
  zstd_v1=$(zstd -q -3 -T1 -c < "$v1r" | wc -c)
  run_measured "$LOGS/shift-zstd-patch.log" zstd -q -f -3 -T1 --patch-from="$v1r" "$v2" -o "$patch"
  local patch_bytes patch_s=$WALL_S
  patch_bytes=$(stat -c %s "$patch")
  zstd -q -d -c --memory=2048MB --patch-from="$v1r" "$patch" | cmp -s - "$v2" || { echo "zstd patch does not decode to v2" >&2; exit 1; }
  printf '  zstd -3 v1 %s bytes; patch %s bytes (%s s)\n' "$zstd_v1" "$patch_bytes" "$patch_s" >&2
  rm -f "$patch"

  # casync, restic and borg: growth of a store/repository from v1, then v2, with their defaults
  # (casync 2: buzhash CDC 16/64/256 KiB, zstd; restic 0.14: repository v2 with zstd "auto"
  # compression and ~1 MiB CDC chunks; borg 1.2: lz4 and ~2 MiB buzhash chunks). du -sb of the
  # store or repository, index and metadata included; for casync also the version's index file
  # (.caibx, which a reader needs like a thin archive's own index).
  local casync_v1=NA casync_v2=NA casync_ver=NA restic_v1=NA restic_v2=NA borg_v1=NA borg_v2=NA restic_ver=NA borg_ver=NA
  local tmp="$DIR/shifted-repos"
  rm -rf "$tmp"; mkdir -p "$tmp"
  if command -v casync > /dev/null; then
    say "shifted: casync make v1 then v2 into one store"
    casync_ver=$(casync --version | awk '{print $2}')
    casync make --store="$tmp/castr" "$tmp/v1.caibx" "$(readlink -f "$v1")" > "$LOGS/shift-casync.log" 2>&1
    casync_v1=$(( $(du -sb "$tmp/castr" | cut -f1) + $(stat -c %s "$tmp/v1.caibx") ))
    local st1
    st1=$(du -sb "$tmp/castr" | cut -f1)
    casync make --store="$tmp/castr" "$tmp/v2.caibx" "$(readlink -f "$v2")" >> "$LOGS/shift-casync.log" 2>&1
    casync_v2=$(( $(du -sb "$tmp/castr" | cut -f1) - st1 + $(stat -c %s "$tmp/v2.caibx") ))
    printf '  casync %s: v1 %s bytes (store + index), v2 adds %s\n' "$casync_ver" "$casync_v1" "$casync_v2" >&2
  fi
  if command -v restic > /dev/null; then
    say "shifted: restic backup v1 then v2"
    restic_ver=$(restic version | awk '{print $2}')
    export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$tmp/restic-cache"
    restic init -q --repo "$tmp/restic" > "$LOGS/shift-restic.log" 2>&1
    restic backup -q --repo "$tmp/restic" "$(readlink -f "$v1")" >> "$LOGS/shift-restic.log" 2>&1
    restic_v1=$(du -sb "$tmp/restic" | cut -f1)
    restic backup -q --repo "$tmp/restic" "$(readlink -f "$v2")" >> "$LOGS/shift-restic.log" 2>&1
    restic_v2=$(( $(du -sb "$tmp/restic" | cut -f1) - restic_v1 ))
    printf '  restic %s: v1 %s bytes, v2 adds %s\n' "$restic_ver" "$restic_v1" "$restic_v2" >&2
    unset RESTIC_PASSWORD RESTIC_CACHE_DIR
  fi
  if command -v borg > /dev/null; then
    say "shifted: borg create v1 then v2"
    borg_ver=$(borg --version | awk '{print $2}')
    export BORG_BASE_DIR="$tmp/borg-home" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes
    borg init -e none "$tmp/borg" > "$LOGS/shift-borg.log" 2>&1
    borg create "$tmp/borg::v1" "$(readlink -f "$v1")" >> "$LOGS/shift-borg.log" 2>&1
    borg_v1=$(du -sb "$tmp/borg" | cut -f1)
    borg create "$tmp/borg::v2" "$(readlink -f "$v2")" >> "$LOGS/shift-borg.log" 2>&1
    borg_v2=$(( $(du -sb "$tmp/borg" | cut -f1) - borg_v1 ))
    printf '  borg %s: v1 %s bytes, v2 adds %s\n' "$borg_ver" "$borg_v1" "$borg_v2" >&2
    unset BORG_BASE_DIR BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK
  fi
  rm -rf "$tmp"
  {
    stamp
    echo "SH_EDIT='$(cat "$edit")'"
    echo "SH_CHANGED=$(kv "$edit" changed)"
    echo "SH_V1_CDC=$v1_cdc SH_V1_CDC_DATA=$v1_cdc_data SH_V2_CDC=$v2_cdc SH_V2_CDC_DATA=$v2_cdc_data"
    echo "SH_V2_CDC_PAGES=$v2_cdc_pages SH_V2_CDC_REF=$v2_cdc_ref SH_V2_CDC_BLOCKS=$v2_cdc_blocks SH_V2_CDC_S=$v2_cdc_s"
    echo "SH_V1_FIX=$v1_fix SH_V1_FIX_DATA=$v1_fix_data SH_V2_FIX=$v2_fix SH_V2_FIX_DATA=$v2_fix_data"
    echo "SH_V2_FIX_REF=$v2_fix_ref SH_V2_FIX_BLOCKS=$v2_fix_blocks"
    echo "SH_ZSTD_V1=$zstd_v1 SH_PATCH=$patch_bytes SH_PATCH_S=$patch_s"
    echo "SH_CASYNC_VER=$casync_ver SH_CASYNC_V1=$casync_v1 SH_CASYNC_V2=$casync_v2"
    echo "SH_RESTIC_VER=$restic_ver SH_RESTIC_V1=$restic_v1 SH_RESTIC_V2=$restic_v2"
    echo "SH_BORG_VER=$borg_ver SH_BORG_V1=$borg_v1 SH_BORG_V2=$borg_v2"
    echo "SH_OTHERS=$OTHERS_MAX"
  } > "$RES/shifted.txt.tmp"
  mv "$RES/shifted.txt.tmp" "$RES/shifted.txt"
}

# ---------------------------------------------------------------- directory tree
phase_tree() {
  OTHERS_MAX=0
  local t1="$DIR/tree-20000-seed$SEED" t2="$DIR/tree-20000-seed$SEED-v2" edit="$DIR/tree-20000-seed$SEED-v2.edit"
  if [ ! -d "$t1" ]; then
    say "generating $t1"
    rm -rf "$t1.tmp"
    gen tree "$t1.tmp" --files 20000 --seed "$SEED"
    mv "$t1.tmp" "$t1"
  fi
  if [ ! -d "$t2" ] || [ ! -s "$edit" ]; then
    say "generating $t2 (DataGenerator tree-edit)"
    rm -rf "$t2" "$t2.tmp"
    gen tree-edit "$t1" "$t2.tmp" --seed "$SEED" --modified-percent 1 --added 100 --deleted 100 > "$edit.tmp"
    mv "$t2.tmp" "$t2"; mv "$edit.tmp" "$edit"
  fi
  cat "$edit" >&2
  local a="$DIR/tree"
  mkdir -p "$a"
  rm -f "$a"/*.hxz
  say "tree: pack v1 and v2 against v1 (FastCDC 4/16/64 KiB); then again with 64-entry index pages"
  pack "$LOGS/tree-v1.log" "$t1" "$a/v1.hxz"
  local v1=$P_FILE v1_data=$P_DATA
  pack "$LOGS/tree-v2.log" "$t2" "$a/v2.hxz" --base "$a/v1.hxz"
  local v2=$P_FILE v2_data=$P_DATA v2_pages=$P_PAGE_BYTES v2_own=$P_OWN_PAGES v2_shared=$P_SHARED_PAGES
  local v2_master=$P_MASTER v2_manifest=$P_MANIFEST v2_chunks=$P_OWN_CHUNKS v2_schunks=$P_SHARED_CHUNKS v2_s=$WALL_S
  pack "$LOGS/tree-v1-p64.log" "$t1" "$a/v1-p64.hxz" --page-capacity 64
  local p64_v1=$P_FILE
  pack "$LOGS/tree-v2-p64.log" "$t2" "$a/v2-p64.hxz" --page-capacity 64 --base "$a/v1-p64.hxz"
  local p64_v2=$P_FILE p64_data=$P_DATA p64_pages=$P_PAGE_BYTES p64_own=$P_OWN_PAGES p64_shared=$P_SHARED_PAGES
  local p64_master=$P_MASTER p64_manifest=$P_MANIFEST
  readback "$a/v2.hxz" "$t2"
  readback "$a/v2-p64.hxz" "$t2"
  # extra, no target: a ten times smaller change (0.1% of the files modified, 10 added, 10
  # deleted), against the same v1 archives: how the index's cost depends on the tree's size
  local s2="$DIR/tree-20000-seed$SEED-v2small" sedit="$DIR/tree-20000-seed$SEED-v2small.edit"
  if [ ! -d "$s2" ] || [ ! -s "$sedit" ]; then
    say "generating $s2 (DataGenerator tree-edit, 0.1%)"
    rm -rf "$s2" "$s2.tmp"
    gen tree-edit "$t1" "$s2.tmp" --seed "$SEED" --modified-percent 0.1 --added 10 --deleted 10 > "$sedit.tmp"
    mv "$s2.tmp" "$s2"; mv "$sedit.tmp" "$sedit"
  fi
  cat "$sedit" >&2
  say "tree: a 0.1% change against v1, with 1024- and 64-entry index pages"
  pack "$LOGS/tree-v2small.log" "$s2" "$a/v2small.hxz" --base "$a/v1.hxz"
  local sm=$P_FILE sm_data=$P_DATA sm_pages=$P_PAGE_BYTES sm_own=$P_OWN_PAGES sm_shared=$P_SHARED_PAGES
  pack "$LOGS/tree-v2small-p64.log" "$s2" "$a/v2small-p64.hxz" --page-capacity 64 --base "$a/v1-p64.hxz"
  local sm64=$P_FILE sm64_pages=$P_PAGE_BYTES sm64_own=$P_OWN_PAGES sm64_shared=$P_SHARED_PAGES sm64_master=$P_MASTER
  readback "$a/v2small.hxz" "$s2"
  {
    stamp
    echo "TR_EDIT='$(cat "$edit")'"
    echo "TR_CHANGED=$(kv "$edit" changed) TR_BYTES=$(kv "$edit" bytes_out)"
    echo "TR_V1=$v1 TR_V1_DATA=$v1_data TR_V2=$v2 TR_V2_DATA=$v2_data TR_V2_PAGES=$v2_pages TR_V2_OWN=$v2_own"
    echo "TR_V2_SHARED=$v2_shared TR_V2_MASTER=$v2_master TR_V2_MANIFEST=$v2_manifest TR_V2_CHUNKS=$v2_chunks TR_V2_SCHUNKS=$v2_schunks TR_V2_S=$v2_s"
    echo "TR_P64_V1=$p64_v1 TR_P64_V2=$p64_v2 TR_P64_DATA=$p64_data TR_P64_PAGES=$p64_pages TR_P64_OWN=$p64_own"
    echo "TR_P64_SHARED=$p64_shared TR_P64_MASTER=$p64_master TR_P64_MANIFEST=$p64_manifest"
    echo "TR_SM_EDIT='$(cat "$sedit")'"
    echo "TR_SM_CHANGED=$(kv "$sedit" changed) TR_SM=$sm TR_SM_DATA=$sm_data TR_SM_PAGES=$sm_pages TR_SM_OWN=$sm_own TR_SM_SHARED=$sm_shared"
    echo "TR_SM64=$sm64 TR_SM64_PAGES=$sm64_pages TR_SM64_OWN=$sm64_own TR_SM64_SHARED=$sm64_shared TR_SM64_MASTER=$sm64_master"
    echo "TR_OTHERS=$OTHERS_MAX"
  } > "$RES/tree.txt.tmp"
  mv "$RES/tree.txt.tmp" "$RES/tree.txt"
}

# ---------------------------------------------------------------- chain of thin archives
phase_chain() {
  OTHERS_MAX=0
  local bseed=$((SEED + 1)) base="$DIR/data-256M-seed$((SEED + 1)).bin" c="$DIR/chain"
  if [ ! -f "$base" ]; then
    say "generating $base"
    gen file 256M "$base.tmp" --seed "$bseed"
    mv "$base.tmp" "$base"
  fi
  say "chain: base + $DEPTH thin archives (ChainRun), each read back"
  rm -rf "$c"
  run_measured "$LOGS/chain-build.log" java -Xmx2g -cp "$JAR" dev.hexz.bench.ChainRun "$base" "$c" --depth "$DEPTH" --seed "$SEED"
  { grep -E '^chain-' "$LOGS/chain-build.log" | sed -n '1,3p;$p'; grep -E 'reads back|^last archive|^chain depth' "$LOGS/chain-build.log"; } >&2
  grep -q 'verify=ok' "$LOGS/chain-build.log" || { echo "chain does not read back" >&2; exit 1; }
  local last
  last=$(printf '%s/chain-%02d.hxz' "$c" "$DEPTH")
  cat "$c"/*.hxz > /dev/null
  say "chain: JMH ReadBenchmark.sequential1MiB, base vs archive $DEPTH of the chain ($CHAIN_SEQ_JMH)"
  # shellcheck disable=SC2086
  run_measured "$LOGS/chain-jmh-seq.log" java -jar "$JAR" 'ReadBenchmark.sequential1MiB' \
    -p archive="$c/chain-00.hxz,$last" $CHAIN_SEQ_JMH -rf csv -rff "$LOGS/chain-jmh-seq.csv"
  local seq_others=$OTHERS_PCT
  sed -n '/^Benchmark /,$p' "$LOGS/chain-jmh-seq.log" | grep -E 'Benchmark|sequential' >&2
  say "chain: JMH ReadBenchmark.randomRead4KiBCold, base vs archive $DEPTH of the chain ($CHAIN_COLD_JMH)"
  # shellcheck disable=SC2086
  run_measured "$LOGS/chain-jmh-cold.log" java -jar "$JAR" 'ReadBenchmark.randomRead4KiBCold' \
    -p archive="$c/chain-00.hxz,$last" $CHAIN_COLD_JMH -rf csv -rff "$LOGS/chain-jmh-cold.csv"
  local cold_others=$OTHERS_PCT
  sed -n '/^Benchmark /,$p' "$LOGS/chain-jmh-cold.log" | grep -E 'Benchmark|Cold +|p0.50|p0.99 ' >&2
  # jmh CSV COLUMN BENCH ARCHIVE: column 5 (score) or 6 (error) of the row for BENCH (exact
  # suffix of the name) and that archive (JMH writes CRLF lines)
  jmh() { awk -F, -v c="$2" -v n="$3" -v a="$4" '{gsub(/"|\r/, "")} $1 ~ ("\\." n "$") && $8 == a {print $c; exit}' "$1"; }
  local S="$LOGS/chain-jmh-seq.csv" C="$LOGS/chain-jmh-cold.csv" b="$c/chain-00.hxz"
  local thin_total
  thin_total=$(kv "$LOGS/chain-build.log" thin_total 'chain depth=')
  {
    stamp
    echo "CH_DEPTH=$DEPTH CH_BASE_BYTES=$(stat -c %s "$base") CH_BASE_ARCHIVE=$(stat -c %s "$c/chain-00.hxz")"
    echo "CH_LAST_ARCHIVE=$(stat -c %s "$last") CH_THIN_TOTAL=$thin_total"
    echo "CH_SOURCES='$(grep '^last archive: blocks by source' "$LOGS/chain-build.log" | cut -d: -f3- | sed 's/^ //')'"
    echo "CH_PAGES='$(grep '^last archive: index pages by source' "$LOGS/chain-build.log" | cut -d: -f3- | sed 's/^ //')'"
    echo "CH_SEQ0=$(jmh "$S" 5 sequential1MiB "$b") CH_SEQN=$(jmh "$S" 5 sequential1MiB "$last")"
    echo "CH_SEQ0_ERR=$(jmh "$S" 6 sequential1MiB "$b") CH_SEQN_ERR=$(jmh "$S" 6 sequential1MiB "$last")"
    echo "CH_P50_0=$(jmh "$C" 5 'randomRead4KiBCold:p0.50' "$b") CH_P50_N=$(jmh "$C" 5 'randomRead4KiBCold:p0.50' "$last")"
    echo "CH_P99_0=$(jmh "$C" 5 'randomRead4KiBCold:p0.99' "$b") CH_P99_N=$(jmh "$C" 5 'randomRead4KiBCold:p0.99' "$last")"
    echo "CH_SEQ_JMH='$CHAIN_SEQ_JMH' CH_COLD_JMH='$CHAIN_COLD_JMH' CH_SEQ_OTHERS=$seq_others CH_COLD_OTHERS=$cold_others"
  } > "$RES/chain.txt.tmp"
  mv "$RES/chain.txt.tmp" "$RES/chain.txt"
}

# ---------------------------------------------------------------- 4 KiB change in a 10 GiB base
phase_big() {
  OTHERS_MAX=0
  local v1="$DIR/data-$BIG_SIZE-seed$SEED.bin" v2="$DIR/data-$BIG_SIZE-seed$SEED-v2.bin" edit="$DIR/data-$BIG_SIZE-seed$SEED-v2.edit"
  local bytes need avail a="$DIR/big"
  bytes=$(awk -v s="$BIG_SIZE" 'BEGIN {u = substr(s, length(s)); n = substr(s, 1, length(s) - 1) + 0;
    m = (u == "G") ? 2^30 : (u == "M") ? 2^20 : (u == "K") ? 2^10 : 1; if (m == 1) n = s + 0; printf "%.0f", n * m}')
  # v1 + v2 + v1's archive (~0.53 of it) + 1 GiB of margin, minus what already exists
  need=$(( bytes / 1024 * 26 / 10 + (1 << 20) ))
  [ -f "$v1" ] && need=$(( need - bytes / 1024 ))
  [ -f "$v2" ] && need=$(( need - bytes / 1024 ))
  avail=$(df -Pk "$DIR" | awk 'NR == 2 {print $4}')
  if [ "$avail" -lt "$need" ]; then
    echo "big: needs ~$((need >> 20)) GiB free in $DIR, has $((avail >> 20)) GiB; skipped" >&2
    return 0
  fi
  if [ ! -f "$v1" ]; then
    say "generating $v1"
    gen file "$BIG_SIZE" "$v1.tmp" --seed "$SEED"
    mv "$v1.tmp" "$v1"
  fi
  if [ ! -f "$v2" ] || [ ! -s "$edit" ]; then
    say "generating $v2: one 4 KiB overwrite (DataGenerator edit)"
    gen edit "$v1" "$v2.tmp" --seed "$SEED" --insertions 0 --deletions 0 --overwrites 1 --overwrite-bytes 4K > "$edit.tmp"
    mv "$v2.tmp" "$v2"; mv "$edit.tmp" "$edit"
  fi
  cat "$edit" >&2
  mkdir -p "$a"
  rm -f "$a"/*.hxz
  say "big: pack the $BIG_SIZE base, then v2 against it (each input read into the page cache first)"
  # The inputs (2 x 10 GiB) and the base's archive do not all fit in the page cache together, and
  # what is left of an input depends on what ran before; reading the input just before its pack
  # makes the pack time that of the work, not of the disk (as in bench-format.sh).
  local t0 c1 c2
  sync
  t0=$(now_ns); cat "$v1" > /dev/null; c1=$(awk -v ns=$(( $(now_ns) - t0 )) 'BEGIN {printf "%.1f", ns / 1e9}')
  pack "$LOGS/big-v1.log" "$v1" "$a/v1.hxz"
  local v1_file=$P_FILE v1_s=$WALL_S v1_cpu=$OWN_CPU_S v1_user=$OWN_USER_S v1_sys=$OWN_SYS_S v1_others=$OTHERS_PCT
  sync
  t0=$(now_ns); cat "$v2" > /dev/null; c2=$(awk -v ns=$(( $(now_ns) - t0 )) 'BEGIN {printf "%.1f", ns / 1e9}')
  pack "$LOGS/big-v2.log" "$v2" "$a/v2.hxz" --base "$a/v1.hxz"
  local v2_file=$P_FILE v2_s=$WALL_S v2_cpu=$OWN_CPU_S v2_user=$OWN_USER_S v2_sys=$OWN_SYS_S v2_others=$OTHERS_PCT
  echo "  (reading the inputs into the page cache beforehand took $c1 s and $c2 s)" >&2
  readback "$a/v2.hxz" "$v2"
  {
    stamp
    echo "BG_SIZE=$BIG_SIZE BG_BYTES=$bytes BG_EDIT='$(cat "$edit")'"
    echo "BG_V1=$v1_file BG_V1_S=$v1_s BG_V1_CPU=$v1_cpu BG_V1_USER=$v1_user BG_V1_SYS=$v1_sys BG_V1_OTHERS=$v1_others BG_V1_CAT=$c1"
    echo "BG_V2=$v2_file BG_V2_S=$v2_s BG_V2_CPU=$v2_cpu BG_V2_USER=$v2_user BG_V2_SYS=$v2_sys BG_V2_OTHERS=$v2_others BG_V2_CAT=$c2"
    echo "BG_V2_DATA=$P_DATA BG_V2_PAGES=$P_PAGE_BYTES BG_V2_OWN=$P_OWN_PAGES BG_V2_SHARED=$P_SHARED_PAGES"
    echo "BG_V2_MASTER=$P_MASTER BG_V2_MANIFEST=$P_MANIFEST BG_V2_REF=$P_REF BG_V2_BLOCKS=$P_BLOCKS"
    echo "BG_PACK_IN='$(grep -m1 '^pack ' "$LOGS/big-v1.log")'"
    echo "BG_PACK2_IN='$(grep -m1 '^pack ' "$LOGS/big-v2.log")'"
  } > "$RES/big.txt.tmp"
  mv "$RES/big.txt.tmp" "$RES/big.txt"
  if [ "${HEXZ_BENCH_KEEP_BIG:-0}" != 1 ]; then
    say "big: deleting its inputs and archives (HEXZ_BENCH_KEEP_BIG=1 keeps them)"
    rm -f "$v1" "$v2" "$edit" "$a"/*.hxz
  fi
}

# ---------------------------------------------------------------- summary
summary() {
  local row='%-46s %-44s %-14s %s\n'
  echo
  echo "=========================================================================================================="
  echo "hexz thin-archive benchmarks (seed $SEED)"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
  echo "----------------------------------------------------------------------------------------------------------"
  printf "$row" figure measured target result
  if [ -f "$RES/shifted.txt" ]; then
    ( . "$RES/shifted.txt"
      echo "-- shifted data [$DATE, $COMMIT]: v2 = v1 (1 GiB) with $(echo "$SH_EDIT" | tr ' ' '\n' | grep -E '^(inserted|deleted|overwritten)=' | tr '\n' ' ')"
      printf "$row" "v1 archive, FastCDC 16/64/256 KiB" "$(mb "$SH_V1_CDC") (data $(mb "$SH_V1_CDC_DATA"))" "" ""
      printf "$row" "v2 against v1, FastCDC: archive / v1's" "$(mb "$SH_V2_CDC") = $(pct "$SH_V2_CDC" "$SH_V1_CDC")%" "<= 5%" "$(pf "$SH_V2_CDC <= 0.05 * $SH_V1_CDC")"
      printf "$row" "  data region only / v1's data region" "$(mb "$SH_V2_CDC_DATA") = $(pct "$SH_V2_CDC_DATA" "$SH_V1_CDC_DATA")%" "" ""
      printf "$row" "  own index pages" "$(mb "$SH_V2_CDC_PAGES") ($SH_V2_CDC_REF of $SH_V2_CDC_BLOCKS blocks referenced)" "" ""
      printf "$row" "v2 against v1, fixed 64 KiB: archive / v1's" "$(mb "$SH_V2_FIX") = $(pct "$SH_V2_FIX" "$SH_V1_FIX")% ($SH_V2_FIX_REF of $SH_V2_FIX_BLOCKS referenced)" "(little)" ""
      printf "$row" "zstd -3 --patch-from=v1 v2 (not seekable)" "$(mb "$SH_PATCH") = $(pct "$SH_PATCH" "$SH_ZSTD_V1")% of zstd -3 v1" "(~2% reported)" ""
      [ "$SH_RESTIC_V1" != NA ] && printf "$row" "restic $SH_RESTIC_VER: repo growth v2 / v1" "$(mb "$SH_RESTIC_V2") = $(pct "$SH_RESTIC_V2" "$SH_RESTIC_V1")%" "(17% reported)" ""
      [ "$SH_BORG_V1" != NA ] && printf "$row" "borg $SH_BORG_VER: repo growth v2 / v1" "$(mb "$SH_BORG_V2") = $(pct "$SH_BORG_V2" "$SH_BORG_V1")%" "(31% reported)" ""
      if [ "${SH_CASYNC_V1:-NA}" != NA ]; then
        printf "$row" "casync $SH_CASYNC_VER: store growth + v2 index / v1" "$(mb "$SH_CASYNC_V2") = $(pct "$SH_CASYNC_V2" "$SH_CASYNC_V1")%" "(3% reported)" ""
      else
        printf "$row" "casync" "not installed" "(3% reported)" ""
      fi
      printf "$row" "bytes really changed (inserted + overwritten)" "$SH_CHANGED" "" ""
      [ "${SH_OTHERS:-0}" -gt 5 ] && echo "   WARNING: other processes used up to $SH_OTHERS% of the CPU (sizes are unaffected)"
      true )
  else echo "-- shifted data: not run"; fi
  if [ -f "$RES/tree.txt" ]; then
    ( . "$RES/tree.txt"
      echo "-- tree [$DATE, $COMMIT]: v1 20,000 files ($(mb "$(echo "$TR_EDIT" | tr ' ' '\n' | awk -F= '$1 == "bytes_in" {print $2}')")); v2: $(echo "$TR_EDIT" | tr ' ' '\n' | grep -E '^(modified|added_files|deleted_files)=' | tr '\n' ' ')"
      printf "$row" "bytes really changed (added+overwritten+appended)" "$TR_CHANGED" "" ""
      printf "$row" "v1 archive (FastCDC 4/16/64 KiB)" "$(mb "$TR_V1")" "" ""
      printf "$row" "v2 against v1: archive / changed" "$(mb "$TR_V2") = $(ratio "$TR_V2" "$TR_CHANGED")x" "<= 2x" "$(pf "$TR_V2 <= 2 * $TR_CHANGED")"
      printf "$row" "  data region / changed" "$(mb "$TR_V2_DATA") = $(ratio "$TR_V2_DATA" "$TR_CHANGED")x" "" ""
      printf "$row" "  index pages, own + shared" "$(mb "$TR_V2_PAGES") in $TR_V2_OWN own + $TR_V2_SHARED shared" "" ""
      printf "$row" "  manifest (index + own chunks)" "$(mb "$TR_V2_MANIFEST"), $TR_V2_CHUNKS own + $TR_V2_SCHUNKS shared chunks" "" ""
      printf "$row" "same, 64-entry index pages: archive / changed" "$(mb "$TR_P64_V2") = $(ratio "$TR_P64_V2" "$TR_CHANGED")x (pages $(mb "$TR_P64_PAGES"), $TR_P64_OWN own + $TR_P64_SHARED shared)" "" ""
      if [ -n "${TR_SM:-}" ]; then
        echo "   extra, no target: a 0.1% change ($(echo "$TR_SM_EDIT" | tr ' ' '\n' | grep -E '^(modified|added_files|deleted_files)=' | tr '\n' ' ')), $TR_SM_CHANGED bytes changed"
        printf "$row" "  0.1% change: archive / changed" "$(mb "$TR_SM") = $(ratio "$TR_SM" "$TR_SM_CHANGED")x (data $(ratio "$TR_SM_DATA" "$TR_SM_CHANGED")x, pages $(mb "$TR_SM_PAGES"), $TR_SM_OWN own + $TR_SM_SHARED shared)" "(2x)" ""
        printf "$row" "  0.1% change, 64-entry pages" "$(mb "$TR_SM64") = $(ratio "$TR_SM64" "$TR_SM_CHANGED")x (pages $(mb "$TR_SM64_PAGES"), $TR_SM64_OWN own + $TR_SM64_SHARED shared)" "(2x)" ""
      fi
      [ "${TR_OTHERS:-0}" -gt 5 ] && echo "   WARNING: other processes used up to $TR_OTHERS% of the CPU (sizes are unaffected)"
      true )
  else echo "-- tree: not run"; fi
  if [ -f "$RES/chain.txt" ]; then
    ( . "$RES/chain.txt"
      echo "-- chain [$DATE, $COMMIT]: base $(mb "$CH_BASE_BYTES") + $CH_DEPTH thin archives ($(mb "$CH_THIN_TOTAL") in all); JMH $CH_SEQ_JMH / $CH_COLD_JMH"
      printf "$row" "sequential read, 1 MiB reads: archive $CH_DEPTH / base" "$(printf '%.0f±%.0f / %.0f±%.0f' "$CH_SEQN" "$CH_SEQN_ERR" "$CH_SEQ0" "$CH_SEQ0_ERR") MiB/s = $(ratio "$CH_SEQN" "$CH_SEQ0")" ">= 0.8" "$(pf "$CH_SEQN >= 0.8 * $CH_SEQ0")"
      printf "$row" "random 4 KiB cold p50: archive $CH_DEPTH / base" "$(printf '%.1f / %.1f' "$CH_P50_N" "$CH_P50_0") us = $(ratio "$CH_P50_N" "$CH_P50_0")" "<= 1.2" "$(pf "$CH_P50_N <= 1.2 * $CH_P50_0")"
      printf "$row" "random 4 KiB cold p99: archive $CH_DEPTH / base" "$(printf '%.1f / %.1f' "$CH_P99_N" "$CH_P99_0") us = $(ratio "$CH_P99_N" "$CH_P99_0")" "" ""
      echo "   archive $CH_DEPTH's blocks by the archive storing them (0 = itself, $CH_DEPTH = base): $CH_SOURCES"
      echo "   its index pages by source: $CH_PAGES"
      [ "${CH_SEQ_OTHERS:-0}" -gt 5 ] || [ "${CH_COLD_OTHERS:-0}" -gt 5 ] && echo "   WARNING: other processes used $CH_SEQ_OTHERS% / $CH_COLD_OTHERS% of the CPU during JMH; run again when quiet"
      true )
  else echo "-- chain: not run"; fi
  if [ -f "$RES/big.txt" ]; then
    ( . "$RES/big.txt"
      echo "-- big [$DATE, $COMMIT]: $BG_SIZE base, v2 = one 4 KiB overwrite"
      printf "$row" "pack base (wall, JVM start + fsync)" "$BG_V1_S s = $(awk -v b="$BG_BYTES" -v s="$BG_V1_S" 'BEGIN {printf "%.0f", b / s / 1e6}') MB/s, CPU $BG_V1_USER+$BG_V1_SYS s; $(mb "$BG_V1")" "" ""
      printf "$row" "pack v2 against base (wall)" "$BG_V2_S s = $(awk -v b="$BG_BYTES" -v s="$BG_V2_S" 'BEGIN {printf "%.0f", b / s / 1e6}') MB/s, CPU $BG_V2_USER+$BG_V2_SYS s" "" ""
      printf "$row" "thin archive of a 4 KiB change" "$BG_V2 bytes = $(awk -v b="$BG_V2" 'BEGIN {printf "%.1f KiB", b / 1024}')" "< 1 MiB" "$(pf "$BG_V2 < 1048576")"
      printf "$row" "  of which data / own pages / master / manifest" "$BG_V2_DATA / $BG_V2_PAGES ($BG_V2_OWN own, $BG_V2_SHARED shared) / $BG_V2_MASTER / $BG_V2_MANIFEST" "" ""
      [ "${BG_V1_OTHERS:-0}" -gt 5 ] || [ "${BG_V2_OTHERS:-0}" -gt 5 ] && echo "   WARNING: other processes used $BG_V1_OTHERS% / $BG_V2_OTHERS% of the CPU during the packs"
      true )
  else echo "-- big: not run"; fi
  echo "logs: $LOGS, results: $RES"
  echo "=========================================================================================================="
}

for p in "${PHASES[@]}"; do
  case "$p" in
    shifted) phase_shifted ;;
    tree) phase_tree ;;
    chain) phase_chain ;;
    big) phase_big ;;
    summary) summary | tee "$LOGS/summary.txt" ;;
  esac
done
