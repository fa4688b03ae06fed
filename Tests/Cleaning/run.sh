#!/usr/bin/env bash
# Scores campushub on a data steward's dirty student export (issue 16): a
# 20,000-row export generated with Faker's zh_CN provider and zhconv
# (make_corpus.py), synced from its UTF-8 and its GB18030 file and judged
# against its ground truth (score.py). Also checks that standards/variants.csv
# is what OpenCC gives for the shipped code tables (variants.py --check).
#
#   bash Tests/Cleaning/run.sh
#
# CAMPUSHUB_BIN  the binary to test (default: $REPO/.build/debug/campushub;
#                build it with `swift build --product campushub`).
# CLEANING_ROWS, CLEANING_SEED  the corpus (default 20000 rows, seed 20261203).
# Needs python3 with venv (Debian: python3-venv) and PyPI the first time; the
# venv at $REPO/.build/cleaning-venv is reused afterwards.
# Exit code: 0 when at least 99.9% of the rows come out exactly right, no valid
# value is rejected, no invalid one is missed, both encodings give the same
# outcome and variants.csv matches; otherwise 1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.build/cleaning-venv"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"
ROWS="${CLEANING_ROWS:-20000}"
SEED="${CLEANING_SEED:-20261203}"

if [ ! -x "$BIN" ]; then
    echo "run.sh: no campushub binary at $BIN; run 'swift build --product campushub' or set CAMPUSHUB_BIN" >&2
    exit 1
fi

source "$REPO/Tests/LiveHub/live-hub.sh"
pip_venv "$VENV" Faker 40.63.0
pip_venv "$VENV" zhconv 1.4.3
pip_venv "$VENV" opencc 1.4.2

CORPUS="$(mktemp -d "${TMPDIR:-/tmp}/campushub-cleaning-corpus.XXXXXX")"
trap 'rm -rf "$CORPUS"' EXIT

status=0
"$VENV/bin/python" "$HERE/variants.py" --repo "$REPO" --check || status=1
"$VENV/bin/python" "$HERE/make_corpus.py" --rows "$ROWS" --seed "$SEED" --out "$CORPUS"
"$VENV/bin/python" "$HERE/score.py" --bin "$BIN" --repo "$REPO" --corpus "$CORPUS" || status=$?
exit "$status"
