#!/usr/bin/env bash
# Runs every test of every module (unit, golden, fuzz regression, CLI, and the FUSE
# integration tests as later issues add them), installing what is missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
exec mvn -B verify "$@"
