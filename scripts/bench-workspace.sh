#!/usr/bin/env bash
# The workspace benchmarks (issue 5): checkout, status and commit through `scripts/hexz`, against
# `hexz pack --base`, `restic backup`, fuse-overlayfs and the local disk, on the same data in the
# same run, ending with a table of figures. Runs as root (drop_caches; FUSE).
#
#   flock /tmp/hexz-mvn.lock bash scripts/bench-workspace.sh            # everything, ~15 minutes
#   flock /tmp/hexz-mvn.lock bash scripts/bench-workspace.sh status tree # some phases
#   BENCH_SMALL=1 BENCH_DIR=/tmp/bw bash scripts/bench-workspace.sh     # smoke run, small data
#
# Run it under the shared lock (as above) so that no build shares the CPU; the script does not take
# the lock itself. `scripts/hexz --version` runs first and rebuilds the CLI if its sources changed.
#
# Phases and figures (median of BENCH_RUNS runs unless said otherwise; wall times of whole
# commands, JVM start-up included, as a user sees them):
#   checkout  `hexz checkout` of a 10 GiB single-file archive (DataGenerator data, seed 42) until it
#             returns with the mount answering; warm and after drop_caches. Target < 2 s.
#   status    `hexz status` in a workspace of 100,000 files (DataGenerator tree) with 10 changes
#             (4 appended to, 2 overwritten, 2 added, 1 deleted, 1 renamed): median and worst of
#             10 runs, once the daemon is idle (see settle). Target < 200 ms.
#   commit4k  a 4 KiB write (dd conv=notrunc) at a seeded offset of a 1 GiB file in a workspace,
#             then `hexz commit`: the new archive's size and the commit's time, 3 commits in a
#             row (each on the previous). Target < 1 MiB and < 2 s.
#   commit10  10% of the 1 GiB file rewritten (100 writes of 1 MiB at seeded offsets, bytes of
#             another seed), then `hexz commit`, against `hexz pack --base BASE V2` of the same
#             bytes (V2 = the file with the same writes, read into the page cache first).
#             Target: commit time <= 1.5x pack --base.
#   tree      50,000 files (DataGenerator tree); v2 = 1% modified, 100 added, 100 deleted
#             (DataGenerator tree-edit). The change is applied with `rsync -a --delete --inplace
#             --no-whole-file v2/ DIR/` both to a workspace of v1 and to a copy of v1 on disk that
#             `restic backup` saved before; then `hexz commit` against `restic backup` of the copy
#             (restic's own figure: "data added" from its JSON summary; hexz: the archive's size),
#             each timed with the page cache dropped first. Target: size and time no worse than
#             restic's.
#   overlay   through a workspace of the 50,000-file tree, against fuse-overlayfs (lower = the
#             tree on disk, upper on disk) and the local disk itself: create 1,000 files of 4 KiB
#             (Python, no fsync); `find | wc -l` and cat of every file after drop_caches; a 1 GiB
#             sequential write (dd bs=1M from a cached file, conv=fsync) and, after drop_caches,
#             its sequential read. Target: no slower than fuse-overlayfs. The order of the three
#             systems rotates from run to run; every run's figures are kept in results/overlay.txt.
#
# Environment:
#   BENCH_DIR    data, archives, workspaces, logs (default <repo>/bench-data/workspace, git-ignored)
#   BENCH_RUNS   runs per figure (default 3)
#   BENCH_SMALL=1  small sizes for a smoke run (1 GiB -> 64 MiB, 10 GiB -> 256 MiB, trees / 50)
#   HEXZ_BENCH_KEEP_BIG=1  keep the 10 GiB input and archive (deleted after the checkout phase)
# hexz runs with HEXZ_HOME=BENCH_DIR/hexz-home (~/.hexz is not touched).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_DIR:-$ROOT/bench-data/workspace}"
RUNS="${BENCH_RUNS:-3}"
SEED=42
HEXZ="$ROOT/scripts/hexz"
JAR="$ROOT/bench/target/hexz-benchmarks.jar"
if [ "${BENCH_SMALL:-0}" = 1 ]; then
  FILE_MIB=64; BIG_SIZE=256M; STATUS_FILES=2000; TREE_FILES=1000; OVL_MIB=64
else
  FILE_MIB=1024; BIG_SIZE=10G; STATUS_FILES=100000; TREE_FILES=50000; OVL_MIB=1024
fi
PHASES=("$@")
[ ${#PHASES[@]} -eq 0 ] && PHASES=(checkout status commit4k commit10 tree overlay)
for p in "${PHASES[@]}"; do
  case "$p" in checkout|status|commit4k|commit10|tree|overlay) ;;
    *) echo "unknown phase '$p' (checkout status commit4k commit10 tree overlay)" >&2; exit 2 ;; esac
done

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench-workspace: %s\n' "$*" >&2; exit 1; }
WARNINGS=()
warn() { printf 'WARNING: %s\n' "$*" >&2; WARNINGS+=("$*"); }
[ "$(id -u)" -eq 0 ] || die "run as root (drop_caches, FUSE)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd -P)"
LOGS="$WORK/logs"; RES="$WORK/results"; MNT="$WORK/mnt"
mkdir -p "$LOGS" "$RES" "$MNT"
export HEXZ_HOME="$WORK/hexz-home"
export RESTIC_PASSWORD=bench
PY=/usr/bin/python3; [ -x "$PY" ] || PY="$(command -v python3)" || die "python3 is needed"

now_ns() { date +%s%N; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
maxof() { sort -g | tail -1; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }
secs() { awk -v ns="$1" 'BEGIN {printf "%.3f", ns / 1e9}'; }
mbs() { awk -v b="$1" -v ns="$2" 'BEGIN {printf "%.0f", b / (ns / 1e9) / 1e6}'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.2f", b / 1048576}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "nan"; else printf "%.2f", a / b}'; }
# timed LOG CMD...: runs CMD (stdout+stderr to LOG), sets T_NS to its wall time; a failure stops the script
timed() {
  local log="$1" t0 t1; shift
  t0=$(now_ns)
  "$@" > "$log" 2>&1 || { tail -5 "$log" >&2; die "failed: $* (log $log)"; }
  t1=$(now_ns)
  T_NS=$((t1 - t0))
}
mounted() { awk -v d="$1" '$5 == d {f = 1} END {exit !f}' /proc/self/mountinfo; }
wait_unmounted() {
  local i
  for i in $(seq 1 150); do mounted "$1" || return 0; sleep 0.1; done
  warn "$1 still mounted after 15 s; detaching it (umount -l)"
  umount -l "$1" 2>/dev/null || true
}
# drop_ws DIR: unmounts the workspace at DIR (if any) and removes it with its changes
drop_ws() {
  local dir="$1"
  if mounted "$dir"; then timeout 60 "$HEXZ" unmount "$dir" >> "$LOGS/unmount.log" 2>&1 || true; wait_unmounted "$dir"; fi
  timeout 60 "$HEXZ" workspace remove "$dir" --force >> "$LOGS/unmount.log" 2>&1 || true
  rm -rf "$dir"
}
# checkout ARCHIVE DIR: a fresh workspace; sets T_NS to the checkout's wall time
checkout() {
  drop_ws "$2"
  timed "$LOGS/checkout-$(basename "$2").log" timeout 120 "$HEXZ" checkout "$1" "$2"
  mounted "$2" || die "hexz checkout returned but $2 is not mounted"
}
# settle: waits (at most 60 s) until the newest workspace daemon has used no CPU for a second. A
# daemon records its base in the block store in the background right after the mount answers
# (seconds of CPU for 100,000 files); the figures are those of a workspace in use, not of its
# first seconds (the note in BENCHMARKS.md gives the difference).
settle() {
  local pid a b i
  pid="$(pgrep -n -f 'workspace serve' || true)"
  [ -n "$pid" ] || return 0
  for i in $(seq 1 60); do
    a=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    sleep 1
    b=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    [ "$a" = "$b" ] && return 0
  done
  warn "the workspace daemon (pid $pid) was still busy after 60 s"
}
# commit DIR LOG: `hexz commit DIR` timed (T_NS); sets C_ARCHIVE to the archive it wrote
commit() {
  timed "$2" timeout 600 "$HEXZ" commit "$1" -m bench
  C_ARCHIVE="$(sed -n 's/^committed .* to \(.*\.hxz\) (.*/\1/p' "$2" | head -1)"
  [ -f "$C_ARCHIVE" ] || { cat "$2" >&2; die "could not tell which archive hexz commit wrote (log $2)"; }
}
OVL_PID=""
cleanup() {
  set +e
  local d
  for d in "$MNT"/*; do
    [ -d "$d" ] || continue
    if mounted "$d"; then
      case "$(basename "$d")" in
        ovl*) fusermount3 -u "$d" 2>/dev/null || umount -l "$d" ;;
        *) timeout 60 "$HEXZ" unmount "$d" >> "$LOGS/unmount.log" 2>&1 || umount -l "$d" ;;
      esac
      wait_unmounted "$d"
    fi
    mounted "$d" && echo "bench-workspace: $d is STILL MOUNTED" >&2
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools and build
need=()
command -v fuse-overlayfs >/dev/null 2>&1 || need+=(fuse-overlayfs)
command -v restic >/dev/null 2>&1 || need+=(restic)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi
command -v fusermount3 >/dev/null 2>&1 || "$ROOT/scripts/setup.sh"
say "hexz CLI (rebuilt if its sources changed) and the data generator"
HEXZ_VERSION="$("$HEXZ" --version 2>&1 | tail -1)" || die "scripts/hexz --version failed: $HEXZ_VERSION"
echo "  $HEXZ_VERSION" >&2
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/bench/src" -newer "$JAR" -print -quit)" ]; then
  (cd "$ROOT" && mvn -B -q -o -pl bench -am package -DskipTests) >&2 || die "building bench/ failed"
fi
gen() { java -Xmx2g -cp "$JAR" dev.hexz.bench.DataGenerator "$@"; }
cleanup

# the 1 GiB file (shared with the other benchmarks when it is there)
FILE_BYTES=$((FILE_MIB * 1048576))
BIG1="$ROOT/bench-data/data-1G-seed$SEED.bin"
if [ "$FILE_MIB" = 1024 ] && [ -f "$BIG1" ] && [ "$(stat -c %s "$BIG1")" = "$FILE_BYTES" ]; then
  FILE="$BIG1"
else
  FILE="$WORK/data-${FILE_MIB}M-seed$SEED.bin"
  if [ ! -f "$FILE" ] || [ "$(stat -c %s "$FILE")" != "$FILE_BYTES" ]; then
    gen file "${FILE_MIB}M" "$FILE.tmp" --seed "$SEED" >&2; mv "$FILE.tmp" "$FILE"
  fi
fi
# FILE_ARCHIVE: FILE packed (kept)
file_archive() {
  FILE_ARCHIVE="$WORK/file-${FILE_MIB}M.hxz"
  if [ ! -f "$FILE_ARCHIVE" ] || [ "$FILE" -nt "$FILE_ARCHIVE" ]; then
    rm -f "$FILE_ARCHIVE"
    timed "$LOGS/pack-file.log" "$HEXZ" pack "$FILE" "$FILE_ARCHIVE"
  fi
}
# tree_v1 N: TREE = DataGenerator tree of N files (kept), TREE_ARCHIVE = it packed (kept)
tree_v1() {
  TREE="$WORK/tree-$1-seed$SEED"
  if [ ! -d "$TREE" ]; then
    say "generating $TREE"
    rm -rf "$TREE.tmp"; gen tree "$TREE.tmp" --files "$1" --seed "$SEED" >&2; mv "$TREE.tmp" "$TREE"
  fi
  TREE_ARCHIVE="$WORK/tree-$1.hxz"
  if [ ! -f "$TREE_ARCHIVE" ]; then
    timed "$LOGS/pack-tree-$1.log" "$HEXZ" pack "$TREE" "$TREE_ARCHIVE"
  fi
}
stamp() { echo "DATE='$(date -u '+%Y-%m-%d %H:%M UTC')' COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo +changes)"; }

# ---------------------------------------------------------------- checkout
phase_checkout() {
  local in="$WORK/data-$BIG_SIZE-seed$SEED.bin" a="$WORK/big-$BIG_SIZE.hxz" ws="$MNT/big" warm=() cold=() i
  if [ ! -f "$a" ]; then
    local avail; avail=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
    [ "$avail" -gt $((17 << 20)) ] || [ "${BENCH_SMALL:-0}" = 1 ] || { warn "checkout: needs ~17 GiB free in $WORK; skipped"; return 0; }
    say "checkout: generating and packing a $BIG_SIZE file (once; HEXZ_BENCH_KEEP_BIG=1 keeps it)"
    gen file "$BIG_SIZE" "$in.tmp" --seed "$SEED" >&2; mv "$in.tmp" "$in"
    timed "$LOGS/pack-big.log" "$HEXZ" pack "$in" "$a.tmp"
    mv "$a.tmp" "$a"; rm -f "$in"
  fi
  say "checkout of $(basename "$a") ($(stat -c %s "$a") bytes)"
  for i in $(seq 1 "$RUNS"); do
    checkout "$a" "$ws"; warm+=("$T_NS")
    drop_ws "$ws"; drop_caches
    checkout "$a" "$ws"; cold+=("$T_NS")
    [ "$(stat -c %s "$ws"/*)" -gt 0 ] || die "the checked-out file is empty"
    echo "  run $i: warm $(secs "${warm[-1]}") s, cold $(secs "${cold[-1]}") s" >&2
  done
  drop_ws "$ws"
  { stamp
    echo "CO_ARCHIVE_BYTES=$(stat -c %s "$a") CO_LOGICAL=$BIG_SIZE"
    echo "CO_WARM=$(printf '%s\n' "${warm[@]}" | median) CO_COLD=$(printf '%s\n' "${cold[@]}" | median)"; } > "$RES/checkout.txt"
  [ "${HEXZ_BENCH_KEEP_BIG:-0}" = 1 ] || rm -f "$a"
}

# ---------------------------------------------------------------- status
phase_status() {
  tree_v1 "$STATUS_FILES"
  local ws="$MNT/status" t=() i files
  checkout "$TREE_ARCHIVE" "$ws"
  # ten changes of every kind
  mapfile -t files < <(cd "$ws" && find . -type f | sort | awk -v step=$((STATUS_FILES / 9)) 'NR % step == 1' | head -8)
  [ ${#files[@]} -eq 8 ] || die "status: the tree has too few files"
  for i in 0 1 2 3; do echo "appended by the benchmark" >> "$ws/${files[$i]}"; done
  for i in 4 5; do printf 'XXXX' | dd of="$ws/${files[$i]}" bs=1 seek=10 conv=notrunc status=none; done
  echo new > "$ws/added-1.txt"; echo new > "$ws/added-2.txt"
  rm "$ws/${files[6]}"
  mv "$ws/${files[7]}" "$ws/${files[7]}.renamed"
  settle
  "$HEXZ" status "$ws" --porcelain > "$LOGS/status.txt"
  [ "$(wc -l < "$LOGS/status.txt")" -eq 10 ] || { cat "$LOGS/status.txt" >&2; die "status: expected 10 changes"; }
  say "status in a workspace of $STATUS_FILES files with 10 changes (10 runs)"
  for i in $(seq 1 10); do
    timed "$LOGS/status-run.log" "$HEXZ" status "$ws"
    t+=("$T_NS")
  done
  echo "  $(for x in "${t[@]}"; do printf '%s ' "$(secs "$x")"; done)s" >&2
  drop_ws "$ws"
  { stamp
    echo "ST_FILES=$STATUS_FILES ST_MEDIAN=$(printf '%s\n' "${t[@]}" | median) ST_MAX=$(printf '%s\n' "${t[@]}" | maxof)"; } > "$RES/status.txt"
}

# ---------------------------------------------------------------- commit of 4 KiB
phase_commit4k() {
  file_archive
  local ws="$MNT/c4k" name sizes=() times=() i off
  name="$(basename "$FILE")"
  checkout "$FILE_ARCHIVE" "$ws"
  say "commit after a 4 KiB write in a $FILE_MIB MiB file ($RUNS commits in a row)"
  for i in $(seq 1 "$RUNS"); do
    off=$(( (SEED * 7919 * i) % (FILE_BYTES / 4096) ))
    head -c 4096 /dev/urandom | dd of="$ws/$name" bs=4096 seek="$off" conv=notrunc status=none
    commit "$ws" "$LOGS/commit4k-$i.log"
    times+=("$T_NS"); sizes+=("$(stat -c %s "$C_ARCHIVE")")
    echo "  commit $i: $(stat -c %s "$C_ARCHIVE") bytes in $(secs "$T_NS") s ($(basename "$C_ARCHIVE"))" >&2
  done
  timeout 300 "$HEXZ" verify "$C_ARCHIVE" > "$LOGS/commit4k-verify.log" 2>&1 || die "hexz verify $C_ARCHIVE failed"
  drop_ws "$ws"
  rm -f "$(dirname "$FILE_ARCHIVE")"/file-"${FILE_MIB}"M-[0-9]*.hxz
  { stamp
    echo "C4_SIZE=$(printf '%s\n' "${sizes[@]}" | median) C4_SIZE_MAX=$(printf '%s\n' "${sizes[@]}" | maxof)"
    echo "C4_TIME=$(printf '%s\n' "${times[@]}" | median) C4_TIME_MAX=$(printf '%s\n' "${times[@]}" | maxof)"; } > "$RES/commit4k.txt"
}

# ---------------------------------------------------------------- commit of 10%
phase_commit10() {
  file_archive
  local ws="$MNT/c10" name v2="$WORK/file-v2.bin" other="$WORK/other-100M.bin" ct=() pt=() cs=() ps=() i
  name="$(basename "$FILE")"
  [ -f "$other" ] || { gen file 100M "$other.tmp" --seed 43 >&2; mv "$other.tmp" "$other"; }
  # writes.py TARGET...: 100 writes of 1 MiB (10% of a 1 GiB file; scaled) at seeded offsets
  cat > "$WORK/writes.py" <<'PYEOF'
import os, random, sys
other, size = sys.argv[1], int(sys.argv[2])
n, chunk = 100, max(4096, size // 1000)
rng = random.Random(42)
slots = sorted(rng.sample(range(size // chunk), n))
with open(other, "rb") as f:
    data = f.read(n * chunk)
for target in sys.argv[3:]:
    fd = os.open(target, os.O_WRONLY)
    for i, s in enumerate(slots):
        os.pwrite(fd, data[i * chunk:(i + 1) * chunk], s * chunk)
    os.close(fd)
print(n * chunk)
PYEOF
  say "commit after rewriting 10% of a $FILE_MIB MiB file, against hexz pack --base of the same change"
  for i in $(seq 1 "$RUNS"); do
    checkout "$FILE_ARCHIVE" "$ws"
    cp "$FILE" "$v2"
    "$PY" "$WORK/writes.py" "$other" "$FILE_BYTES" "$ws/$name" "$v2" > "$LOGS/writes.log"
    commit "$ws" "$LOGS/commit10-$i.log"
    ct+=("$T_NS"); cs+=("$(stat -c %s "$C_ARCHIVE")")
    cmp "$ws/$name" "$v2" || die "CORRECTNESS: the workspace's file differs from $v2 after the commit"
    drop_ws "$ws"; rm -f "$C_ARCHIVE"
    cat "$v2" > /dev/null
    rm -f "$WORK/pack-base.hxz"
    timed "$LOGS/pack-base-$i.log" "$HEXZ" pack --base "$FILE_ARCHIVE" "$v2" "$WORK/pack-base.hxz"
    pt+=("$T_NS"); ps+=("$(stat -c %s "$WORK/pack-base.hxz")")
    rm -f "$WORK/pack-base.hxz"
    echo "  run $i: commit $(secs "${ct[-1]}") s (${cs[-1]} bytes), pack --base $(secs "${pt[-1]}") s (${ps[-1]} bytes)" >&2
  done
  rm -f "$v2"
  { stamp
    echo "C10_WRITTEN=$(cat "$LOGS/writes.log") C10_COMMIT=$(printf '%s\n' "${ct[@]}" | median) C10_PACK=$(printf '%s\n' "${pt[@]}" | median)"
    echo "C10_COMMIT_SIZE=$(printf '%s\n' "${cs[@]}" | median) C10_PACK_SIZE=$(printf '%s\n' "${ps[@]}" | median)"; } > "$RES/commit10.txt"
}

# ---------------------------------------------------------------- tree against restic
phase_tree() {
  tree_v1 "$TREE_FILES"
  local v2="$TREE-v2" edit="$TREE-v2.edit" ws="$MNT/tree" copy="$WORK/restic-src" repo="$WORK/restic-repo"
  local ht=() hs=() rt=() rs=() i
  if [ ! -d "$v2" ] || [ ! -s "$edit" ]; then
    rm -rf "$v2" "$v2.tmp"
    gen tree-edit "$TREE" "$v2.tmp" --seed "$SEED" --modified-percent 1 --added 100 --deleted 100 > "$edit.tmp"
    mv "$v2.tmp" "$v2"; mv "$edit.tmp" "$edit"
  fi
  echo "  edit: $(cat "$edit")" >&2
  say "tree of $TREE_FILES files, 1% modified, 100 added, 100 deleted: hexz commit against restic backup ($(restic version | cut -d' ' -f1-2))"
  for i in $(seq 1 "$RUNS"); do
    # hexz
    checkout "$TREE_ARCHIVE" "$ws"
    rsync -a --delete --inplace --no-whole-file "$v2/" "$ws/" > "$LOGS/rsync-ws.log" 2>&1 || die "rsync into the workspace failed"
    settle
    # both timed commands start with the page cache dropped: the base archive (hexz's repository)
    # was written long before, restic's repository just now, and the script's ~20 GB of data
    # evict either unpredictably (BENCHMARKS.md, "The tree commit's time, again")
    drop_caches
    commit "$ws" "$LOGS/commit-tree-$i.log"
    ht+=("$T_NS"); hs+=("$(stat -c %s "$C_ARCHIVE")")
    drop_ws "$ws"
    # the commit read back: checked out anew, compared with v2
    checkout "$C_ARCHIVE" "$ws"
    diff -r --no-dereference "$v2" "$ws" > "$LOGS/tree-diff.log" 2>&1 || die "CORRECTNESS: the committed tree differs from $v2 (see $LOGS/tree-diff.log)"
    drop_ws "$ws"; rm -f "$C_ARCHIVE"
    # restic: v1 backed up, the same rsync, v2 backed up (the figure)
    rm -rf "$copy" "$repo"
    cp -a "$TREE" "$copy"
    restic init -q --repo "$repo" > "$LOGS/restic-init.log" 2>&1 || die "restic init failed"
    restic backup -q --repo "$repo" "$copy" > "$LOGS/restic-v1.log" 2>&1 || die "restic backup of v1 failed"
    rsync -a --delete --inplace --no-whole-file "$v2/" "$copy/" > "$LOGS/rsync-restic.log" 2>&1 || die "rsync into the restic copy failed"
    drop_caches
    timed "$LOGS/restic-v2-$i.log" restic backup --json --repo "$repo" "$copy"
    rt+=("$T_NS"); rs+=("$(grep '"message_type":"summary"' "$LOGS/restic-v2-$i.log" | grep -o '"data_added":[0-9]*' | cut -d: -f2)")
    echo "  run $i: hexz commit ${hs[-1]} bytes in $(secs "${ht[-1]}") s; restic backup ${rs[-1]} bytes added in $(secs "${rt[-1]}") s" >&2
  done
  rm -rf "$copy" "$repo"
  { stamp
    echo "TR_FILES=$TREE_FILES TR_EDIT='$(cat "$edit")'"
    echo "TR_HEXZ_S=$(printf '%s\n' "${ht[@]}" | median) TR_HEXZ_BYTES=$(printf '%s\n' "${hs[@]}" | median)"
    echo "TR_RESTIC_S=$(printf '%s\n' "${rt[@]}" | median) TR_RESTIC_BYTES=$(printf '%s\n' "${rs[@]}" | median)"; } > "$RES/tree.txt"
}

# ---------------------------------------------------------------- through the overlay
phase_overlay() {
  tree_v1 "$TREE_FILES"
  local sys dir i upper="$WORK/ovl-upper" workd="$WORK/ovl-work" local_copy="$WORK/local-tree"
  local -A CREATE FIND READ SEQW SEQR
  cat > "$WORK/create.py" <<'PYEOF'
import os, sys
d = sys.argv[1]
os.mkdir(d)
data = os.urandom(4096)
for i in range(1000):
    with open(os.path.join(d, "n%04d" % i), "wb") as f:
        f.write(data)
PYEOF
  rm -rf "$local_copy"; cp -a "$TREE" "$local_copy"
  cat "$FILE" > /dev/null
  say "through the workspace, fuse-overlayfs and the local disk: $TREE_FILES files, a $OVL_MIB MiB file"
  local -a order=(hexz overlayfs local)
  for i in $(seq 1 "$RUNS"); do
    # rotate who goes first: this VM's first touch of freed memory is slow, and whoever runs right
    # after a drop or a delete would otherwise always pay it (see BENCHMARKS.md)
    local rot=$(( (i - 1) % 3 ))
    for sys in "${order[@]:rot}" "${order[@]:0:rot}"; do
      case "$sys" in
        hexz) dir="$MNT/ws-ovl"; checkout "$TREE_ARCHIVE" "$dir" ;;
        overlayfs)
          dir="$MNT/ovl"
          rm -rf "$upper" "$workd"; mkdir -p "$upper" "$workd" "$dir"
          fuse-overlayfs -o "lowerdir=$TREE,upperdir=$upper,workdir=$workd" "$dir" > "$LOGS/ovl.log" 2>&1 || die "fuse-overlayfs failed"
          ;;
        local) dir="$local_copy" ;;
      esac
      drop_caches
      timed "$LOGS/find.log" bash -c "find '$dir' | wc -l"; FIND[$sys]+="$T_NS "
      drop_caches
      timed "$LOGS/read.log" bash -c "find '$dir' -type f -print0 | xargs -0 cat > /dev/null"; READ[$sys]+="$T_NS "
      timed "$LOGS/create.log" "$PY" "$WORK/create.py" "$dir/new1000"; CREATE[$sys]+="$T_NS "
      cat "$FILE" > /dev/null
      timed "$LOGS/seqw.log" dd if="$FILE" of="$dir/big.bin" bs=1M count="$OVL_MIB" conv=fsync status=none; SEQW[$sys]+="$T_NS "
      drop_caches
      # to /dev/null, like the other reads: into a file, the figure was mostly the write of 1 GiB
      # of output into fresh page-cache pages (slow on this VM, and larger for whoever follows a drop)
      timed "$LOGS/seqr.log" bash -c "cat '$dir/big.bin' > /dev/null"; SEQR[$sys]+="$T_NS "
      cmp -n $((OVL_MIB * 1048576)) "$FILE" "$dir/big.bin" || die "CORRECTNESS: $sys: big.bin differs from what was written"
      [ "$(ls "$dir/new1000" | wc -l)" -eq 1000 ] || die "$sys: new1000 does not hold 1000 files"
      case "$sys" in
        hexz) drop_ws "$dir" ;;
        overlayfs) fusermount3 -u "$dir"; wait_unmounted "$dir" ;;
        local) rm -rf "$dir/new1000" "$dir/big.bin" ;;
      esac
    done
    echo "  run $i done" >&2
  done
  rm -rf "$local_copy" "$upper" "$workd"
  { stamp
    echo "OV_FILES=$TREE_FILES OV_MIB=$OVL_MIB"
    for sys in hexz overlayfs local; do
      echo "# $sys runs (ns), in run order: create ${CREATE[$sys]}| find ${FIND[$sys]}| read ${READ[$sys]}| seqw ${SEQW[$sys]}| seqr ${SEQR[$sys]}"
    done
    for sys in hexz overlayfs local; do
      echo "OV_${sys}_CREATE=$(tr ' ' '\n' <<< "${CREATE[$sys]}" | grep . | median) OV_${sys}_FIND=$(tr ' ' '\n' <<< "${FIND[$sys]}" | grep . | median) OV_${sys}_READ=$(tr ' ' '\n' <<< "${READ[$sys]}" | grep . | median) OV_${sys}_SEQW=$(tr ' ' '\n' <<< "${SEQW[$sys]}" | grep . | median) OV_${sys}_SEQR=$(tr ' ' '\n' <<< "${SEQR[$sys]}" | grep . | median)"
    done; } > "$RES/overlay.txt"
}

for p in "${PHASES[@]}"; do "phase_$p"; done

# ---------------------------------------------------------------- table
say "figures (medians; results in $RES)"
ok() { awk -v a="$1" -v b="$2" 'BEGIN {print (a <= b) ? "met" : "NOT MET"}'; }
if [ -f "$RES/checkout.txt" ]; then
  . "$RES/checkout.txt"
  printf 'checkout of a %s archive (%s bytes): warm %s s, cold %s s   (target < 2 s: %s)\n' "$CO_LOGICAL" "$CO_ARCHIVE_BYTES" \
    "$(secs "$CO_WARM")" "$(secs "$CO_COLD")" "$(ok "$CO_COLD" 2000000000)"
fi
if [ -f "$RES/status.txt" ]; then
  . "$RES/status.txt"
  printf 'status, %s files, 10 changes: median %s s, worst of 10 %s s   (target < 0.2 s: %s)\n' "$ST_FILES" \
    "$(secs "$ST_MEDIAN")" "$(secs "$ST_MAX")" "$(ok "$ST_MEDIAN" 200000000)"
fi
if [ -f "$RES/commit4k.txt" ]; then
  . "$RES/commit4k.txt"
  printf 'commit after 4 KiB in %s MiB: %s bytes (%s MiB), %s s; worst %s bytes, %s s   (target < 1 MiB: %s, < 2 s: %s)\n' "$FILE_MIB" \
    "$C4_SIZE" "$(mib "$C4_SIZE")" "$(secs "$C4_TIME")" "$C4_SIZE_MAX" "$(secs "$C4_TIME_MAX")" \
    "$(ok "$C4_SIZE_MAX" 1048575)" "$(ok "$C4_TIME" 2000000000)"
fi
if [ -f "$RES/commit10.txt" ]; then
  . "$RES/commit10.txt"
  printf 'commit after rewriting 10%% (%s bytes): %s s (%s bytes); pack --base %s s (%s bytes); ratio %s   (target <= 1.5: %s)\n' \
    "$C10_WRITTEN" "$(secs "$C10_COMMIT")" "$C10_COMMIT_SIZE" "$(secs "$C10_PACK")" "$C10_PACK_SIZE" \
    "$(ratio "$C10_COMMIT" "$C10_PACK")" "$(ok "$(ratio "$C10_COMMIT" "$C10_PACK")" 1.5)"
fi
if [ -f "$RES/tree.txt" ]; then
  . "$RES/tree.txt"
  printf 'tree of %s files (1%% modified, 100 added, 100 deleted): hexz commit %s MiB in %s s; restic backup %s MiB in %s s   (size: %s, time: %s)\n' \
    "$TR_FILES" "$(mib "$TR_HEXZ_BYTES")" "$(secs "$TR_HEXZ_S")" "$(mib "$TR_RESTIC_BYTES")" "$(secs "$TR_RESTIC_S")" \
    "$(ok "$TR_HEXZ_BYTES" "$TR_RESTIC_BYTES")" "$(ok "$TR_HEXZ_S" "$TR_RESTIC_S")"
fi
if [ -f "$RES/overlay.txt" ]; then
  . "$RES/overlay.txt"
  printf '%-34s %10s %10s %10s %9s %9s\n' "through the mount ($OV_FILES files)" hexz fuse-ovl local hexz/ovl hexz/local
  for f in CREATE FIND READ SEQW SEQR; do
    h="OV_hexz_$f"; o="OV_overlayfs_$f"; l="OV_local_$f"
    case $f in CREATE) what="create 1000 x 4 KiB (s)";; FIND) what="find | wc -l, cold (s)";; READ) what="cat every file, cold (s)";;
      SEQW) what="seq write $OV_MIB MiB + fsync (s)";; SEQR) what="seq read $OV_MIB MiB, cold (s)";; esac
    printf '%-34s %10s %10s %10s %9s %9s\n' "$what" "$(secs "${!h}")" "$(secs "${!o}")" "$(secs "${!l}")" "$(ratio "${!h}" "${!o}")" "$(ratio "${!h}" "${!l}")"
  done
fi
echo
echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
for w in ${WARNINGS[@]+"${WARNINGS[@]}"}; do echo "WARNING: $w"; done
