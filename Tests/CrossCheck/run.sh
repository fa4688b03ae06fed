#!/usr/bin/env bash
# Cross-checks campushub's identity-number (SFZJH) rules against the python
# peer id-validator on Faker zh_CN numbers (see id_crosscheck.py).
#
#   bash Tests/CrossCheck/run.sh
#
# CAMPUSHUB_BIN  the binary to test (default: $REPO/.build/debug/campushub;
#                build it with `swift build --product campushub`).
# Needs python3 with venv (Debian: python3-venv) and PyPI the first time; the
# venv at $REPO/.build/crosscheck-venv is reused afterwards.
# Exit code: the script's (0 = every disagreement explained, nothing wrong).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.build/crosscheck-venv"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"

if [ ! -x "$BIN" ]; then
    echo "run.sh: no campushub binary at $BIN; run 'swift build --product campushub' or set CAMPUSHUB_BIN" >&2
    exit 1
fi

source "$REPO/Tests/LiveHub/live-hub.sh"
pip_venv "$VENV" Faker 40.63.0
pip_venv "$VENV" id-validator 1.0.20

exec "$VENV/bin/python" "$HERE/id_crosscheck.py" --bin "$BIN" --workspace "$REPO"
