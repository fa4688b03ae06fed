# Sourced by the headless-Chromium tests (run.sh, journey.sh) after they set HERE and a LABEL:
# REPO, BIN, CHROMIUM and VENV set and checked, Playwright from PyPI in the shared venv (it uses
# /usr/bin/chromium and never downloads a browser), and live-hub.sh's helpers loaded.
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.build/browser-venv"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$BIN" ] || { echo "$LABEL: no campushub binary at $BIN" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "$LABEL: no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
source "$REPO/Tests/LiveHub/live-hub.sh"
pip_venv "$VENV" playwright 1.65.2
