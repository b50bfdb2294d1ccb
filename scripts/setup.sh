#!/usr/bin/env bash
# Installs what hexz needs on a Debian machine when it is missing: a JDK 17, Maven, FUSE
# (fuse3 and libfuse2 — never the old "fuse" package, which conflicts with fuse3), and rsync and
# git, which the workspace tests run through a mount. Idempotent:
# when everything is present it installs nothing. Needs root (or sudo) only to install.
set -euo pipefail

need=()
have_java17() {
  command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 &&
    java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'
}
have_java17 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v fusermount3 >/dev/null 2>&1 || need+=(fuse3)
if ! ldconfig -p 2>/dev/null | grep -q 'libfuse\.so\.2'; then
  need+=(libfuse2)
fi
# the workspace tests run what users run in a workspace: rsync and git (cp, tar: coreutils)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
command -v git >/dev/null 2>&1 || need+=(git)

# libfuse 2 runs "fusermount" (for auto_unmount, and for every mount by a non-root user);
# fuse3 installs only fusermount3, which speaks the same protocol. Link it when missing.
link_fusermount() {
  if ! command -v fusermount >/dev/null 2>&1 && command -v fusermount3 >/dev/null 2>&1; then
    local s=""; [ "$(id -u)" -ne 0 ] && s="sudo"
    $s ln -sf "$(command -v fusermount3)" /usr/local/bin/fusermount 2>/dev/null ||
      echo "hexz setup: no 'fusermount' (libfuse 2 needs it): ln -s \"$(command -v fusermount3)\" /usr/local/bin/fusermount" >&2
  fi
}

if [ ${#need[@]} -eq 0 ]; then
  link_fusermount
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "hexz setup: missing ${need[*]}; run as root or install them" >&2; exit 1
  fi
fi
echo "hexz setup: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# Newer Debian names the FUSE 2 library libfuse2t64; try the plain name first.
pkgs=("${need[@]}")
if ! $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2; then
  pkgs=("${pkgs[@]/libfuse2/libfuse2t64}")
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
fi
link_fusermount
