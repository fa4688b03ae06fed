#!/usr/bin/env bash
# Scores campushub on a dirty student export (issue 16): 20,000 rows generated
# with Faker's zh_CN provider and zhconv, synced from UTF-8 and GB18030 files,
# compared with their ground truth (make_corpus.py, score.py). Also checks that
# standards/variants.csv is what OpenCC gives for the shipped code tables.
#
#   bash Tests/Cleaning/run.sh
#
# CAMPUSHUB_BIN  the binary to test (default: $REPO/.build/debug/campushub).
# Needs python3 with venv (Debian: python3-venv) and PyPI the first time; the
# venv at $REPO/.build/cleaning-venv is reused afterwards.
# Exit code: 0 when at least 99.9% of rows come out exactly right, no valid value
# is rejected, no invalid one is missed and both encodings agree.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.build/cleaning-venv"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"

if [ ! -x "$BIN" ]; then
    echo "run.sh: no campushub binary at $BIN; run 'swift build --product campushub' or set CAMPUSHUB_BIN" >&2
    exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
    mkdir -p "$REPO/.build"
    python3 -m venv "$VENV"
fi

# Install only when the pinned versions are not already there.
if ! "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m
assert m.version("faker").split(".")[0] == "40"
assert m.version("zhconv") == "1.4.3"
assert m.version("opencc") == "1.4.2"
PY
then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'Faker==40.*' 'zhconv==1.4.3' 'opencc==1.4.2'
fi

"$VENV/bin/python" "$HERE/variants.py" --repo "$REPO" --check

CORPUS="$(mktemp -d)"
trap 'rm -rf "$CORPUS"' EXIT
"$VENV/bin/python" "$HERE/make_corpus.py" --rows 20000 --seed 20261203 --out "$CORPUS" --repo "$REPO"
cd "$HERE"
"$VENV/bin/python" "$HERE/score.py" --bin "$BIN" --repo "$REPO" --corpus "$CORPUS"
