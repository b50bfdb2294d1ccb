#!/usr/bin/env bash
# The main job, end to end, on generated data: pack a directory tree, inspect it, read one file
# by random access, verify every block, extract it and compare with the original; change the
# tree and pack the new version as a thin archive on top of the first, diff and log them; mount
# it read-only; then the workspace flow: checkout → edit in place → status → commit → log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEXZ="$ROOT/scripts/hexz"
WORK="${1:-$(mktemp -d /tmp/hexz-demo.XXXXXX)}"
mkdir -p "$WORK"
export HEXZ_HOME="$WORK/hexz-home"   # the demo never touches ~/.hexz

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

"$ROOT/scripts/setup.sh"

echo "Generating a small dataset in $WORK/dataset"
rm -rf "$WORK/dataset" "$WORK/restored" "$WORK/dataset.hxz" "$WORK/dataset-v2.hxz"
mkdir -p "$WORK/dataset/images" "$WORK/dataset/labels" "$WORK/dataset/empty"
for i in $(seq 1 300); do
  # half noise, half repetitive text: compresses about 2:1, like real data
  { head -c 4096 /dev/urandom; awk -v i="$i" 'BEGIN { for (j = 0; j < 150; j++) printf "sample %d weight 0.%d bias\n", i, j }'; } \
    > "$WORK/dataset/images/img$i.bin"
  printf 'image %d label %d\n' "$i" $((i % 10)) > "$WORK/dataset/labels/$i.txt"
done
cp "$WORK/dataset/images/img1.bin" "$WORK/dataset/images/duplicate.bin"
ln -s labels/1.txt "$WORK/dataset/first-label"
echo "hexz demo dataset" > "$WORK/dataset/README.md"

step hexz pack dataset dataset.hxz
"$HEXZ" pack "$WORK/dataset" "$WORK/dataset.hxz"
step hexz inspect dataset.hxz
"$HEXZ" inspect "$WORK/dataset.hxz"
step hexz cat dataset.hxz labels/42.txt
"$HEXZ" cat "$WORK/dataset.hxz" labels/42.txt
step hexz verify dataset.hxz
"$HEXZ" verify "$WORK/dataset.hxz"
step hexz extract dataset.hxz restored
"$HEXZ" extract "$WORK/dataset.hxz" "$WORK/restored"
step diff -r dataset restored
diff -r --no-dereference "$WORK/dataset" "$WORK/restored" && echo "identical: every file, directory and symlink came back"

echo "A new version: one image changed, one label added, one deleted"
printf 'retouched' | dd of="$WORK/dataset/images/img7.bin" bs=1 seek=100 conv=notrunc status=none
echo "image 301 label 1" > "$WORK/dataset/labels/301.txt"
rm "$WORK/dataset/labels/300.txt"
rm -f "$WORK/dataset-v2.hxz"
step hexz pack dataset dataset-v2.hxz --base dataset.hxz
"$HEXZ" pack "$WORK/dataset" "$WORK/dataset-v2.hxz" --base "$WORK/dataset.hxz" --metadata '{"message": "retouch img7, relabel"}'
step hexz diff dataset.hxz dataset-v2.hxz
"$HEXZ" diff "$WORK/dataset.hxz" "$WORK/dataset-v2.hxz"
step hexz log .
"$HEXZ" log "$WORK"
step hexz verify dataset-v2.hxz
"$HEXZ" verify "$WORK/dataset-v2.hxz"

if [ -e /dev/fuse ]; then
  MNT="$WORK/mnt"
  WS="$WORK/ws"
  mkdir -p "$MNT"
  "$HEXZ" unmount -q "$MNT" 2>/dev/null || true   # a leftover of an interrupted run
  "$HEXZ" workspace remove -q --force "$WS" 2>/dev/null || true
  rm -f "$WORK"/dataset-v2-*.hxz
  trap '"$HEXZ" unmount -q --force "$MNT" 2>/dev/null || true; "$HEXZ" unmount -q --force "$WS" 2>/dev/null || true' EXIT
  step hexz mount dataset-v2.hxz mnt
  "$HEXZ" mount "$WORK/dataset-v2.hxz" "$MNT"
  step ls mnt/labels, cat mnt/labels/301.txt, diff -r dataset mnt
  ls "$MNT/labels" | head -3; echo "…"
  cat "$MNT/labels/301.txt"
  diff -r --no-dereference "$WORK/dataset" "$MNT" && echo "identical: the mounted chain shows the new version"
  step hexz unmount mnt
  "$HEXZ" unmount "$MNT"

  step hexz checkout dataset-v2.hxz ws
  "$HEXZ" checkout "$WORK/dataset-v2.hxz" "$WS"
  step 'edit in place: echo "New data" > ws/README.md; add, delete, rename; patch 9 bytes of an image'
  echo "New data" > "$WS/README.md"
  echo "image 302 label 2" > "$WS/labels/302.txt"
  rm "$WS/labels/299.txt"
  mv "$WS/images/duplicate.bin" "$WS/images/img1-copy.bin"
  printf 'retouched' | dd of="$WS/images/img8.bin" bs=1 seek=200 conv=notrunc status=none
  step hexz status ws
  "$HEXZ" status "$WS"
  step hexz commit ws -m "edited in place"
  "$HEXZ" commit "$WS" -m "edited in place"
  step hexz status ws
  "$HEXZ" status "$WS"
  step hexz log ws
  "$HEXZ" log "$WS"
  step hexz unmount ws
  "$HEXZ" unmount "$WS"
  COMMITTED="$WORK/dataset-v2-1.hxz"
  step hexz extract dataset-v2-1.hxz committed, compared with what was written
  rm -rf "$WORK/committed"
  "$HEXZ" extract -q "$COMMITTED" "$WORK/committed"
  cmp "$WORK/committed/README.md" <(echo "New data") && [ ! -e "$WORK/committed/labels/299.txt" ] \
    && [ -e "$WORK/committed/images/img1-copy.bin" ] && [ -e "$WORK/committed/labels/302.txt" ] \
    && echo "the commit holds exactly the edits"
  "$HEXZ" workspace remove -q "$WS"
else
  echo "(no /dev/fuse here: skipping hexz mount and the workspace flow)"
fi
echo
echo "Demo finished; files are in $WORK"
