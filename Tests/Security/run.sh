#!/usr/bin/env bash
# The attacker's script (Tests/Security/attack.py, Python standard library only) against a live
# `campushub serve` of the demo college: connection flood, slow headers, an oversized chunked
# body, conflicting Content-Length, an unknown-token flood; /healthz must keep answering
# another client within 1 s throughout.
#
#   bash Tests/Security/run.sh
#
# CAMPUSHUB_BIN  the binary to test (default: $REPO/.build/debug/campushub).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"

[ -x "$BIN" ] || { echo "security: no campushub binary at $BIN" >&2; exit 1; }
# 1,100 connections from the attacker and as many on the server: both need the descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 2500 ] || echo "security: ulimit -n is $(ulimit -n); the flood needs about 2500" >&2
source "$REPO/Tests/LiveHub/live-hub.sh"
demo_hub
# A short request deadline keeps the slow-header attack short (a binary without the option
# is run with its defaults).
DEADLINE=5
ARGS=()
if "$BIN" serve --help 2>&1 | grep -q -- --request-deadline-seconds; then ARGS+=(--request-deadline-seconds "$DEADLINE"); fi
serve_hub "${ARGS[@]}"

status=0
python3 "$HERE/attack.py" "$PORT" "$DEADLINE" || status=$?
"$BIN" audit verify --workspace "$WORK" >/dev/null || { echo "security: audit verify failed after the attacks" >&2; status=1; }
exit $status
