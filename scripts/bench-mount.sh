#!/usr/bin/env bash
# The mount benchmarks: `hexz mount` (read-only FUSE, a JVM server) against squashfuse (FUSE, C)
# and the kernel's squashfs (mount -o loop), on the same data in the same run, ending with a
# table of figures and a summary of the machine. Runs as root (drop_caches, mount -o loop).
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-mount.sh     # 1 GiB + 20,000 files, a few minutes
#   BENCH_FILE_MIB=64 BENCH_FILES=2000 BENCH_DIR=/tmp/bm bash scripts/bench-mount.sh   # smoke run, ~1 min
#
# Run it under the shared lock (as above) so that no build shares the CPU; the script does not
# take the lock itself (a nested flock on the same file would deadlock). `scripts/hexz --version`
# runs first and rebuilds the CLI if its sources changed.
#
# Data (generated once, kept in BENCH_DIR):
#   file  BENCH_FILE_MIB MiB of DataGenerator data, seed 42 (lz4 ~2:1, no duplicate blocks):
#         <repo>/bench-data/data-1G-seed42.bin when the size is 1024 and it exists, otherwise a
#         prefix of it (head -c; identical bytes to DataGenerator with the same seed when the size
#         is a multiple of 4 MiB), otherwise DataGenerator from bench/target/hexz-benchmarks.jar.
#   tree  BENCH_FILES files of 1-64 KiB (log-uniform, fixed seed, ~15 KiB on average) in
#         BENCH_DIRS leaf directories (dNN/sNN), their bytes consecutive slices of the file above
#         (so semi-compressible and never repeated), fixed mtimes.
# Images (built once, kept; BENCH_REBUILD=1 rebuilds them): `scripts/hexz pack IN OUT.hxz`
# (defaults: LZ4, FastCDC 16/64/256 KiB) and `mksquashfs IN OUT.sqfs -comp lz4 -noappend -quiet`
# (defaults: 128 KiB blocks). A single file packed by either shows as that file at the root.
#
# Figures (median of BENCH_RUNS runs, systems interleaved within each run):
#   mount time     wall time of the mount command until it returns (hexz: `scripts/hexz mount`,
#                  which starts the CLI's JVM and then the server's JVM and returns once the mount
#                  answers), with the page cache warm, and again after drop_caches.
#   sequential     `cat FILE > /dev/null` of the file: cold (drop_caches, then a fresh mount) and
#                  warm (a second cat right after), MB/s (10^6 bytes/s).
#   random 4 KiB   BENCH_READS os.pread calls of 4 KiB at 4 KiB-aligned offsets drawn with a fixed
#                  seed (the same for every system), timed one by one with perf_counter_ns: p50 and
#                  p99 in µs, cold (drop_caches, then fresh mounts of every system) and warm (the same
#                  offsets again). hexz's and squashfuse's reads alternate offset by offset
#                  (scripts/randread.py) so that both meet the same moments of the disk; the kernel
#                  mount, which reads the same .sqfs as squashfuse, is read on its own. Each run draws
#                  its own offsets (seed 42 in run 1, 43 in run 2, ...). Besides the median of the
#                  runs' percentiles, p50 and p99 of all runs' cold reads pooled: one run's p99 is
#                  its 21st slowest read, and a few stalls of the VM's disk move it by tens of %.
#   tree           `find DIR | wc -l`, and `find DIR -type f -print0 | xargs -0 cat > /dev/null`,
#                  each with drop_caches and a fresh mount, seconds.
# Every timed operation on a fresh mount starts BENCH_SETTLE seconds after its mount returned, for
# every system: on the test VM a file system used in the first ~0.5 s after drop_caches and a
# mount answered up to twice as slowly (a `find` of the tree through squashfuse in 34-49 ms at
# once, 20-26 ms after 0.6 s; through hexz 29-48 ms at once, 23-34 ms after 0.3 s), and hexz's
# own mount takes ~0.5 s, which gave hexz that pause and the others not.
# Before timing, the file is compared (cmp) through every mount with its input, and the tree
# through the hexz mount (diff -r) with its source; any difference stops the script.
#
# Environment:
#   BENCH_DIR        data, images, mount points, logs (default: <repo>/bench-data/mount, git-ignored)
#   BENCH_FILE_MIB   size of the file in MiB (default 1024)
#   BENCH_FILES      files in the tree (default 20000)     BENCH_DIRS  leaf directories (default 200)
#   BENCH_RUNS       runs per figure (default 3)           BENCH_READS random reads per run (default 2000)
#   BENCH_REBUILD=1  rebuild the images even when they exist
#   BENCH_SETTLE     seconds between a mount and the operation timed on it (default 0.5)
# hexz runs with HEXZ_HOME=BENCH_DIR/hexz-home (its mount servers' logs are there; ~/.hexz is not
# touched).
set -euo pipefail
export LC_ALL=C   # sort -g and awk read "12.5" as twelve and a half whatever the user's locale

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-$ROOT/bench-data/mount}"
MIB="${BENCH_FILE_MIB:-1024}"
NFILES="${BENCH_FILES:-20000}"
NDIRS="${BENCH_DIRS:-200}"
RUNS="${BENCH_RUNS:-3}"
READS="${BENCH_READS:-2000}"
SETTLE="${BENCH_SETTLE:-0.5}"
SEED=42
HEXZ="$ROOT/scripts/hexz"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
SYSTEMS=(hexz squashfuse kernel)

say() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; WARNINGS+=("$*"); }
die() { printf 'bench-mount: %s\n' "$*" >&2; exit 1; }
WARNINGS=()
for v in MIB NFILES NDIRS RUNS READS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
[ "$(id -u)" -eq 0 ] || die "run as root (drop_caches, mount -o loop)"

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd -P)"   # canonical: mount points are matched against /proc/self/mountinfo
LOGS="$WORK/logs"
IMAGES="$WORK/images"
mkdir -p "$LOGS" "$IMAGES"
rm -f "$LOGS"/unmount-*.log "$LOGS/hexz-servers.log"   # appended to during a run
export HEXZ_HOME="$WORK/hexz-home"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)" || die "python3 is needed"

# ---------------------------------------------------------------- tools
need=()
command -v mksquashfs >/dev/null 2>&1 || need+=(squashfs-tools)
command -v squashfuse >/dev/null 2>&1 || need+=(squashfuse)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq squashfuse squashfs-tools >&2
fi
command -v fusermount3 >/dev/null 2>&1 || "$ROOT/scripts/setup.sh"   # fuse3, as hexz needs it
grep -qw squashfs /proc/filesystems || modprobe squashfs 2>/dev/null || true
grep -qw squashfs /proc/filesystems || die "the kernel has no squashfs"

say "hexz CLI (rebuilt if its sources changed)"
HEXZ_VERSION="$("$HEXZ" --version 2>&1 | tail -1)" || die "scripts/hexz --version failed: $HEXZ_VERSION"
echo "  $HEXZ_VERSION" >&2
CLI_JAR="$ROOT/cli/target/hexz.jar"
CLI_STAMP="$(stat -c %Y "$CLI_JAR" 2>/dev/null || echo none)"
CLI_REBUILT=0

now_ns() { date +%s%N; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }
settle() { sleep "$SETTLE"; }   # after a mount, before what is timed on it (see the header)
mbs() { awk -v b="$1" -v ns="$2" 'BEGIN {printf "%.0f", b / (ns / 1e9) / 1e6}'; }   # BYTES NS -> MB/s
secs() { awk -v ns="$1" 'BEGIN {printf "%.3f", ns / 1e9}'; }

# ---------------------------------------------------------------- mounts
mnt() { echo "$WORK/mnt/$1"; }
# image SYS DATASET: the image SYS mounts for DATASET (file or tree), named after the data's size
image() {
  local key
  if [ "$2" = file ]; then key="file-${MIB}M"; else key="tree-${NFILES}f-${NDIRS}d"; fi
  if [ "$1" = hexz ]; then echo "$IMAGES/$key.hxz"; else echo "$IMAGES/$key.sqfs"; fi
}
mounted() { awk -v d="$1" '$5 == d {f = 1} END {exit !f}' /proc/self/mountinfo; }
HEXZ_PID=""
HEXZ_LOG=""

# unmount_sys SYS: takes SYS's mount down if there is one; waits (bounded) until it is gone from the
# mount table and, for hexz, until its server has exited; detaches lazily as a last resort.
unmount_sys() {
  local sys="$1" dir i
  dir="$(mnt "$sys")"
  if mounted "$dir"; then
    case "$sys" in
      hexz) timeout 60 "$HEXZ" unmount "$dir" ;;
      squashfuse) timeout 30 fusermount3 -u "$dir" ;;
      kernel) timeout 30 umount "$dir" ;;
    esac >> "$LOGS/unmount-$sys.log" 2>&1 || warn "$sys: unmounting $dir failed (see $LOGS/unmount-$sys.log)"
    for i in $(seq 1 150); do mounted "$dir" || break; sleep 0.1; done
    if mounted "$dir"; then
      warn "$sys: $dir still mounted after 15 s; detaching it (umount -l)"
      umount -l "$dir" 2>/dev/null || true
      for i in $(seq 1 50); do mounted "$dir" || break; sleep 0.1; done
    fi
  fi
  if [ "$sys" = hexz ] && [ -n "$HEXZ_PID" ]; then
    for i in $(seq 1 150); do kill -0 "$HEXZ_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$HEXZ_PID" 2>/dev/null && warn "hexz: the mount server (pid $HEXZ_PID) is still running 15 s after its unmount"
    HEXZ_PID=""
  fi
  # the server's log is truncated by the next mount at the same place: look at it now
  if [ "$sys" = hexz ] && [ -n "$HEXZ_LOG" ]; then
    if [ -s "$HEXZ_LOG" ]; then
      cat "$HEXZ_LOG" >> "$LOGS/hexz-servers.log"
      grep -q . "$HEXZ_LOG" && warn "hexz mount server logged: $(head -3 "$HEXZ_LOG" | tr '\n' ' ')"
    fi
    HEXZ_LOG=""
  fi
  return 0
}

cleanup() {
  set +e
  local sys
  for sys in "${SYSTEMS[@]}"; do unmount_sys "$sys"; done
  for sys in "${SYSTEMS[@]}"; do
    mounted "$(mnt "$sys")" && echo "bench-mount: $(mnt "$sys") is STILL MOUNTED" >&2
  done
  rm -f "$WORK/randread.py"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# mount_sys SYS DATASET: mounts SYS's image of DATASET (file or tree) at mnt SYS; sets MOUNT_NS to the
# wall time of the mount command. Anything hexz prints besides its "mounted ..." line is a warning.
mount_sys() {
  local sys="$1" img dir log t0 t1
  img="$(image "$sys" "$2")"
  dir="$(mnt "$sys")"
  unmount_sys "$sys"
  log="$LOGS/mount-$sys.log"
  t0=$(now_ns)
  case "$sys" in
    hexz) timeout 120 "$HEXZ" mount "$img" "$dir" ;;
    squashfuse) timeout 60 squashfuse "$img" "$dir" ;;
    kernel) timeout 60 mount -t squashfs -o loop,ro "$img" "$dir" ;;
  esac > "$log" 2>&1 || { cat "$log" >&2; die "$sys: mounting $img at $dir failed"; }
  t1=$(now_ns)
  MOUNT_NS=$((t1 - t0))
  mounted "$dir" || { cat "$log" >&2; die "$sys: the mount command returned but $dir is not mounted"; }
  if [ "$sys" = hexz ] && [ "$CLI_REBUILT" = 0 ] && [ "$(stat -c %Y "$CLI_JAR" 2>/dev/null || echo none)" != "$CLI_STAMP" ]; then
    CLI_REBUILT=1
    warn "scripts/hexz rebuilt the CLI during the run (its sources changed): the hexz figures mix two builds and a build's CPU; run again with the sources unchanged"
  fi
  if [ "$sys" = hexz ]; then
    HEXZ_PID="$(grep -o 'server pid [0-9]*' "$log" | awk '{print $3}' | head -1)"
    HEXZ_LOG="$(grep -o ', log [^)]*)' "$log" | sed 's/^, log //; s/)$//' | head -1)"
    if grep -qv '^mounted ' "$log"; then warn "hexz mount printed: $(grep -v '^mounted ' "$log" | head -3 | sed 's/\x1b\[[0-9;]*m//g' | tr '\n' ' ')"; fi
  elif [ -s "$log" ]; then
    warn "$sys mount printed: $(head -3 "$log" | tr '\n' ' ')"
  fi
}

# ---------------------------------------------------------------- data
say "data in $WORK"
BYTES=$((MIB * 1048576))
BIG="$ROOT/bench-data/data-1G-seed$SEED.bin"
if [ "$MIB" = 1024 ] && [ -f "$BIG" ] && [ "$(stat -c %s "$BIG")" = "$BYTES" ]; then
  DATA="$BIG"
else
  DATA="$WORK/data-${MIB}M-seed$SEED.bin"
  if [ ! -f "$DATA" ] || [ "$(stat -c %s "$DATA")" != "$BYTES" ]; then
    rm -f "$DATA" "$DATA.tmp"
    if [ -f "$BIG" ] && [ "$(stat -c %s "$BIG")" -ge "$BYTES" ]; then
      echo "  $DATA: the first $MIB MiB of $BIG" >&2
      head -c "$BYTES" "$BIG" > "$DATA.tmp"
    elif [ -f "$JAR" ]; then
      echo "  generating $DATA (DataGenerator, seed $SEED)" >&2
      java -cp "$JAR" dev.hexz.bench.DataGenerator file "${MIB}M" "$DATA.tmp" --seed "$SEED" >&2
    else
      die "no $BIG to cut from and no $JAR to generate with; build it: flock /tmp/hexz-mvn.lock mvn -q -pl bench -am package -DskipTests"
    fi
    mv "$DATA.tmp" "$DATA"
  fi
fi
FNAME="$(basename "$DATA")"
echo "  file: $DATA ($BYTES bytes)" >&2

TREE="$WORK/tree-${NFILES}f-${NDIRS}d-seed$SEED"
if [ ! -f "$TREE.done" ] || [ ! -d "$TREE" ]; then
  rm -rf "$TREE" "$TREE.tmp" "$TREE.done"
  echo "  generating $TREE" >&2
  "$PY" - "$DATA" "$TREE.tmp" "$NFILES" "$NDIRS" "$SEED" <<'PYEOF'
import math, os, random, sys
src, out, nfiles, ndirs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ndirs = min(ndirs, nfiles)
fan = math.ceil(math.sqrt(ndirs))
rng = random.Random(seed)
mtime = 1_700_000_000
dirs = set()
wrapped = False
with open(src, "rb") as f:
    for i in range(nfiles):
        leaf = i * ndirs // nfiles
        d = os.path.join(out, "d%02d" % (leaf // fan), "s%02d" % (leaf % fan))
        if d not in dirs:
            os.makedirs(d)
            dirs.add(d)
        size = int(1024 * 64 ** rng.random())        # 1 KiB .. 64 KiB, log-uniform
        data = f.read(size)
        if len(data) < size:                          # the source is too small: start over
            wrapped = True
            f.seek(0)
            data += f.read(size - len(data))
        p = os.path.join(d, "f%06d.bin" % i)
        with open(p, "wb") as g:
            g.write(data)
        os.utime(p, (mtime, mtime))
for d in sorted(dirs | {os.path.dirname(d) for d in dirs} | {out}, key=len, reverse=True):
    os.utime(d, (mtime, mtime))
if wrapped:
    print("  note: the file was too small for the tree; its bytes repeat", file=sys.stderr)
PYEOF
  mv "$TREE.tmp" "$TREE"
  touch "$TREE.done"
fi
TREE_FILES=$(find "$TREE" -type f | wc -l)
TREE_DIRS=$(find "$TREE" -mindepth 1 -type d | wc -l)
TREE_BYTES=$(find "$TREE" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
echo "  tree: $TREE ($TREE_FILES files, $TREE_DIRS directories, $TREE_BYTES bytes)" >&2

# ---------------------------------------------------------------- images
say "images in $IMAGES (kept; BENCH_REBUILD=1 rebuilds)"
declare -A BUILD_S
build() { # KIND DATASET INPUT STAMP OUT: OUT is made anew when missing or older than STAMP
  local kind="$1" ds="$2" in="$3" stamp="$4" out="$5" t0 t1 log="$LOGS/build-$(basename "$5").log"
  if [ -f "$out" ] && [ ! "$stamp" -nt "$out" ] && [ "${BENCH_REBUILD:-0}" != 1 ]; then
    BUILD_S[$ds,$kind]="cached"
    return
  fi
  rm -f "$out" "$out.tmp"
  sync
  t0=$(now_ns)
  if [ "$kind" = hexz ]; then
    "$HEXZ" pack "$in" "$out.tmp" > "$log" 2>&1 || { cat "$log" >&2; die "hexz pack $in failed"; }
  else
    mksquashfs "$in" "$out.tmp" -comp lz4 -noappend -quiet > "$log" 2>&1 || { cat "$log" >&2; die "mksquashfs $in failed"; }
  fi
  t1=$(now_ns)
  mv "$out.tmp" "$out"
  BUILD_S[$ds,$kind]="$(secs $((t1 - t0))) s"
  echo "  $(basename "$out"): $(stat -c %s "$out") bytes in ${BUILD_S[$ds,$kind]}" >&2
}
build hexz file "$DATA" "$DATA" "$(image hexz file)"
build squashfs file "$DATA" "$DATA" "$(image kernel file)"
build hexz tree "$TREE" "$TREE.done" "$(image hexz tree)"
build squashfs tree "$TREE" "$TREE.done" "$(image kernel tree)"

# ---------------------------------------------------------------- mount points
cleanup   # mounts a killed earlier run may have left
for sys in "${SYSTEMS[@]}"; do
  mkdir -p "$(mnt "$sys")"
  [ -z "$(ls -A "$(mnt "$sys")")" ] || die "$(mnt "$sys") is not empty"
done

cp "$ROOT/scripts/randread.py" "$WORK/randread.py"  # shared with bench-crypto.sh

# ---------------------------------------------------------------- correctness
say "correctness: cmp of the file through every mount; diff -r of the tree through hexz"
for sys in "${SYSTEMS[@]}"; do
  mount_sys "$sys" file
  cmp "$DATA" "$(mnt "$sys")/$FNAME" || die "CORRECTNESS: $sys: $(mnt "$sys")/$FNAME differs from $DATA"
  echo "  $sys: file identical" >&2
  unmount_sys "$sys"
done
mount_sys hexz tree
diff -r "$TREE" "$(mnt hexz)" > "$LOGS/diff-tree-hexz.log" 2>&1 ||
  { head -20 "$LOGS/diff-tree-hexz.log" >&2; die "CORRECTNESS: the hexz mount of the tree differs from $TREE ($LOGS/diff-tree-hexz.log)"; }
echo "  hexz: tree identical" >&2
unmount_sys hexz

# ---------------------------------------------------------------- measurements
declare -A V   # V[figure,sys] = list of per-run values, one per line
add() { V[$1,$2]+="$3"$'\n'; }
med() { printf '%s' "${V[$1,$2]:-}" | grep -v '^$' | median; }
last() { printf '%s' "${V[$1,$2]:-}" | tail -1; }   # this run's value of figure $1 for system $2

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
POOL="$WORK/pool"   # every run's cold random-read latencies, per system (randread.py --dump)
rm -rf "$POOL"; mkdir -p "$POOL"
for run in $(seq 1 "$RUNS"); do
  say "run $run of $RUNS"
  for sys in "${SYSTEMS[@]}"; do
    # mount times, page cache warm (a mount just before, of the same image, was taken down)
    mount_sys "$sys" file; unmount_sys "$sys"
    mount_sys "$sys" file; add mount_file "$sys" "$MOUNT_NS"; unmount_sys "$sys"
    mount_sys "$sys" tree; unmount_sys "$sys"
    mount_sys "$sys" tree; add mount_tree "$sys" "$MOUNT_NS"; unmount_sys "$sys"
    drop_caches
    mount_sys "$sys" file; add mount_cold "$sys" "$MOUNT_NS"; unmount_sys "$sys"
    drop_caches
    mount_sys "$sys" tree; add mount_tree_cold "$sys" "$MOUNT_NS"; unmount_sys "$sys"

    # sequential: cold, then warm
    drop_caches
    mount_sys "$sys" file; settle
    f="$(mnt "$sys")/$FNAME"
    t0=$(now_ns); cat "$f" > /dev/null; t1=$(now_ns); add seq_cold "$sys" "$(mbs "$BYTES" $((t1 - t0)))"
    t0=$(now_ns); cat "$f" > /dev/null; t1=$(now_ns); add seq_warm "$sys" "$(mbs "$BYTES" $((t1 - t0)))"
    unmount_sys "$sys"

    # tree: find, then cat of every file
    drop_caches
    mount_sys "$sys" tree; settle
    t0=$(now_ns); n=$(find "$(mnt "$sys")" | wc -l); t1=$(now_ns); add find "$sys" $((t1 - t0))
    [ "$n" = $((TREE_FILES + TREE_DIRS + 1)) ] || die "$sys: find listed $n entries, the tree has $((TREE_FILES + TREE_DIRS + 1))"
    unmount_sys "$sys"
    drop_caches
    mount_sys "$sys" tree; settle
    t0=$(now_ns); find "$(mnt "$sys")" -type f -print0 | xargs -0 cat > /dev/null; t1=$(now_ns); add catall "$sys" $((t1 - t0))
    unmount_sys "$sys"

  done

  # random 4 KiB: hexz and squashfuse mounted at once after drop_caches, the reads alternating
  # between them offset by offset (randread.py), so that both meet the same moments of the disk;
  # then the kernel's mount on its own (it reads the same .sqfs as squashfuse: read together, one
  # would find the other's blocks in the page cache)
  for group in "hexz squashfuse" "kernel"; do
    read -r -a members <<< "$group"
    drop_caches
    files=()
    for sys in "${members[@]}"; do mount_sys "$sys" file; files+=("$(mnt "$sys")/$FNAME"); done
    settle
    rm -rf "$POOL/run"; mkdir -p "$POOL/run"
    out="$("$PY" "$WORK/randread.py" --dump "$POOL/run" "${files[@]}" "$READS" $((SEED + run - 1)))" || die "the random reader failed"
    mapfile -t lines <<< "$out"
    [ "${#lines[@]}" = "${#members[@]}" ] || die "the random reader failed (${#lines[@]} result lines)"
    for i in "${!members[@]}"; do
      sys="${members[$i]}"
      read -r c50 c99 w50 w99 <<< "${lines[$i]}"
      [ -n "$w99" ] || die "$sys: the random reader failed"
      add rand_c50 "$sys" "$c50"; add rand_c99 "$sys" "$c99"; add rand_w50 "$sys" "$w50"; add rand_w99 "$sys" "$w99"
      cat "$POOL/run/$((i + 1)).txt" >> "$POOL/$sys.txt"
    done
    for sys in "${members[@]}"; do unmount_sys "$sys"; done
  done

  for sys in "${SYSTEMS[@]}"; do
    printf '  %-10s mount %s s (tree %s s, cold %s s, tree cold %s s); seq cold %s MB/s, warm %s MB/s; 4K cold p50 %s µs p99 %s µs, warm p50 %s µs; find %s s; cat all %s s\n' \
      "$sys" "$(secs "$(last mount_file "$sys")")" "$(secs "$(last mount_tree "$sys")")" \
      "$(secs "$(last mount_cold "$sys")")" "$(secs "$(last mount_tree_cold "$sys")")" \
      "$(last seq_cold "$sys")" "$(last seq_warm "$sys")" \
      "$(last rand_c50 "$sys")" "$(last rand_c99 "$sys")" \
      "$(last rand_w50 "$sys")" \
      "$(secs "$(last find "$sys")")" "$(secs "$(last catall "$sys")")" >&2
  done
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
# pct P FILE: the P-th percentile (nearest rank, as randread.py) of the numbers in FILE
pct() { sort -g "$2" | awk -v p="$1" '{v[NR] = $1} END {r = int((NR * p + 99) / 100); print v[r < 1 ? 1 : r]}'; }
for sys in "${SYSTEMS[@]}"; do
  [ -s "$POOL/$sys.txt" ] || die "$sys: no random-read latencies were recorded"
  add rand_pool50 "$sys" "$(pct 50 "$POOL/$sys.txt")"; add rand_pool99 "$sys" "$(pct 99 "$POOL/$sys.txt")"
done

# ---------------------------------------------------------------- table
# row LABEL FIGURE KIND: KIND ns (a time, shown in s), mbs (MB/s), us (µs). The ratio columns are
# always hexz's time over the other's (for MB/s: the other's rate over hexz's): > 1 means hexz is slower.
row() {
  local label="$1" fig="$2" kind="$3" h s k fmt
  h=$(med "$fig" hexz); s=$(med "$fig" squashfuse); k=$(med "$fig" kernel)
  case "$kind" in
    ns) fmt() { awk -v v="$1" 'BEGIN {printf (v < 0.1e9 ? "%.1f ms" : "%.2f s"), (v < 0.1e9 ? v / 1e6 : v / 1e9)}'; } ;;
    mbs) fmt() { printf '%s MB/s' "$(awk -v v="$1" 'BEGIN {printf "%.0f", v}')"; } ;;
    us) fmt() { printf '%s µs' "$(awk -v v="$1" 'BEGIN {printf (v < 10 ? "%.2f" : "%.1f"), v}')"; } ;;
  esac
  r() {
    if [ "$kind" = mbs ]; then set -- "$2" "$1"; fi
    awk -v a="$1" -v b="$2" 'BEGIN {q = a / b; printf (q >= 10 ? "%.0f" : "%.2f"), q}'
  }
  trow "$label" "$(fmt "$h")" "$(fmt "$s")" "$(fmt "$k")" "$(r "$h" "$s")" "$(r "$h" "$k")"
}
# trow CELL...: one table row, cells padded to WIDTHS by characters (µ is two bytes, and printf counts bytes)
WIDTHS=(46 13 13 15 15 11)
trow() {
  local i=0 c mu line="|"
  for c in "$@"; do
    mu="$(grep -o 'µ' <<< "$c" | wc -l)"
    if [ "$i" = 0 ]; then line+="$(printf " %-$((WIDTHS[i] + mu))s |" "$c")"; else line+="$(printf " %$((WIDTHS[i] + mu))s |" "$c")"; fi
    i=$((i + 1))
  done
  echo "$line"
}
tsep() {
  local w line="|-" first=1
  for w in "${WIDTHS[@]}"; do
    if [ "$first" = 1 ]; then line+="$(printf -- '-%.0s' $(seq 1 "$w"))-|"; first=0; else line+="-$(printf -- '-%.0s' $(seq 1 "$w")):|"; fi
  done
  echo "$line"
}
SUMMARY="$LOGS/summary-$(date -u +%Y%m%d-%H%M%S).txt"
{
  echo
  echo "=========================================================================================================================="
  echo "hexz mount benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- cli fuse format scripts 2>/dev/null || echo '+changes')"
  echo "file: $FNAME, $BYTES bytes; tree: $TREE_FILES files (1-64 KiB) in $TREE_DIRS directories, $TREE_BYTES bytes"
  printf 'images: file %s B (hexz, LZ4+CDC) / %s B (squashfs lz4, 128 KiB blocks); tree %s B / %s B\n' \
    "$(stat -c %s "$(image hexz file)")" "$(stat -c %s "$(image kernel file)")" "$(stat -c %s "$(image hexz tree)")" "$(stat -c %s "$(image kernel tree)")"
  printf 'build times (hexz pack / mksquashfs): file %s / %s; tree %s / %s\n' \
    "${BUILD_S[file,hexz]}" "${BUILD_S[file,squashfs]}" "${BUILD_S[tree,hexz]}" "${BUILD_S[tree,squashfs]}"
  echo "median of $RUNS runs; random reads: $READS per run, seeds $SEED to $((SEED + RUNS - 1)); ratios are hexz time / other time (> 1: hexz slower)"
  echo
  trow figure hexz squashfuse "kernel squashfs" "hexz/squashfuse" "hexz/kernel"
  tsep
  row "mount, 1 file archive (hexz: 2 JVM starts)" mount_file ns
  row "mount, tree archive (hexz: 2 JVM starts)" mount_tree ns
  row "mount, 1 file archive, page cache dropped" mount_cold ns
  row "mount, tree archive, page cache dropped" mount_tree_cold ns
  row "sequential read (cat), cold" seq_cold mbs
  row "sequential read (cat), warm (2nd cat)" seq_warm mbs
  row "random 4 KiB pread, cold: p50" rand_c50 us
  row "random 4 KiB pread, cold: p99" rand_c99 us
  row "random 4 KiB pread, cold, all runs pooled: p50" rand_pool50 us
  row "random 4 KiB pread, cold, all runs pooled: p99" rand_pool99 us
  row "random 4 KiB pread, warm (same offsets): p50" rand_w50 us
  row "random 4 KiB pread, warm (same offsets): p99" rand_w99 us
  row "tree: find DIR (all entries), cold" find ns
  row "tree: cat every file, cold" catall ns
  echo
  echo "machine:"
  echo "  nproc:  $(nproc)"
  echo "  CPU:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "  RAM:    $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "  kernel: $(uname -sr)"
  echo "  java:   $(java -version 2>&1 | head -1)"
  echo "  hexz:   $HEXZ_VERSION"
  echo "  tools:  $(squashfuse --version 2>&1 | head -1 | cut -d'(' -f1 | sed 's/ *$//'), $(mksquashfs -version 2>&1 | head -1 | cut -d'(' -f1 | sed 's/ *$//'), $(fusermount3 --version 2>&1 | head -1), $("$PY" --version 2>&1)"
  echo "  disk:   $(df -P "$WORK" | awk 'NR == 2 {print $1}') ($(findmnt -no FSTYPE -T "$WORK" 2>/dev/null || echo '?'))"
  echo "  load average at start / end: $LOAD_START / $LOAD_END"
  for w in ${WARNINGS[@]+"${WARNINGS[@]}"}; do echo "WARNING: $w"; done
  echo "=========================================================================================================================="
} | tee "$SUMMARY"
echo "summary: $SUMMARY; logs: $LOGS" >&2
