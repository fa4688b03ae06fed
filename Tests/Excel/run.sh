#!/usr/bin/env bash
# The Excel test: workbooks written by independent libraries (openpyxl and XlsxWriter, pinned, in a venv
# under .build/) are read by the real binary (`campushub preview STREAM --raw`) and compared cell by cell
# with the generator's ground truth; the 200,000-row sheet is read in bounded memory (peak RSS asserted),
# then synced into a store. Run by ./dev test; needs BIN (campushub) and REPO.
#   ROWS=200000 (default) the large sheet's rows;  MAX_RSS_MB=150 the asserted peak for reading it.
set -euo pipefail
REPO=${REPO:-${CAMPUSHUB_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}}
BIN=${BIN:-${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}}
ROWS=${ROWS:-200000}
MAX_RSS_MB=${MAX_RSS_MB:-150}
. "$REPO/Tests/LiveHub/live-hub.sh"

VENV="$REPO/.build/excel-venv"
pip_venv "$VENV" openpyxl 3.1.5
pip_venv "$VENV" XlsxWriter 3.2.0

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$REPO/standards" "$WORK/"
rm -f "$WORK/standards/sharing.json"  # its policies name the demo's connectors
mkdir -p "$WORK/connectors" "$WORK/mappings"
cp "$REPO/Tests/Excel/excel.json" "$WORK/connectors/"
cp "$REPO"/Tests/Excel/mappings/*.json "$WORK/mappings/"
"$VENV/bin/python" "$REPO/Tests/Excel/make_workbooks.py" "$WORK" "$ROWS"

compare() {  # STREAM: the binary's rows against the generator's
    local stream="$1"
    "$BIN" preview "$stream" --raw --limit 10000000 --workspace "$WORK" >"$WORK/$stream.out"
    if ! cmp -s "$WORK/expected/$stream.jsonl" "$WORK/$stream.out"; then
        echo "excel: $stream differs from what the generator wrote (first differences):" >&2
        diff "$WORK/expected/$stream.jsonl" "$WORK/$stream.out" | head -20 >&2
        exit 1
    fi
    echo "excel: $stream: $(($(wc -l <"$WORK/$stream.out") - 1)) rows read exactly as written"
}

compare excel.aid      # openpyxl: shared strings, rich text, 1900 dates, merged two-row header, formats, IDs as numbers
compare excel.notes    # the first sheet when none is named
compare excel.scores   # XlsxWriter: inline strings, 1904 dates, a header merged across columns

# The large sheet: every cell compared, and the read's peak memory.
/usr/bin/time -v "$BIN" preview excel.big --raw --limit 10000000 --workspace "$WORK" >"$WORK/excel.big.out" 2>"$WORK/time.err"
cmp -s "$WORK/expected/excel.big.jsonl" "$WORK/excel.big.out" || {
    echo "excel: excel.big differs from what the generator wrote:" >&2
    diff "$WORK/expected/excel.big.jsonl" "$WORK/excel.big.out" | head -20 >&2
    exit 1
}
RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.err")
SECONDS_TAKEN=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.err")
echo "excel: excel.big: $ROWS rows read exactly as written in $SECONDS_TAKEN, peak RSS $((RSS_KB / 1024)) MB (workbook $(($(stat -c %s "$WORK"/exports/big-2026.xlsx) / 1024)) KiB)"
if [ "$((RSS_KB / 1024))" -ge "$MAX_RSS_MB" ]; then
    echo "excel: reading $ROWS rows took $((RSS_KB / 1024)) MB, over the bound of $MAX_RSS_MB MB" >&2
    exit 1
fi

# Synced by the binary: the two good rows stored, the ID typed as a number quarantined as Excel-mangled
# (as a CSV export's would be), the row without a birth date quarantined too; row numbers are the sheet's.
"$BIN" sync excel.aid --workspace "$WORK" >"$WORK/sync.out" 2>"$WORK/sync.err" || { cat "$WORK/sync.err" >&2; exit 1; }
grep -q "4 read, 2 inserted" "$WORK/sync.err" || { echo "excel: sync of excel.aid:" >&2; cat "$WORK/sync.err" >&2; exit 1; }
"$BIN" rejects --stream excel.aid --json --workspace "$WORK" >"$WORK/rejects.json"
"$VENV/bin/python" - "$WORK/rejects.json" <<'PY'
import json, sys
rows = {r["row"]: r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
assert sorted(rows) == [5, 7], rows
mangled = [i for i in rows[5]["issues"] if i["element"] == "SFZJH"]
assert mangled and "turned into a number by Excel" in mangled[0]["reason"], rows[5]
assert any(i["element"] == "CSRQ" for i in rows[7]["issues"]), rows[7]
PY
echo "excel: excel.aid synced: 2 stored; rows 5 (an ID typed as a number, flagged as Excel-mangled) and 7 (no birth date) quarantined"

# A bad sheet name and a file that is not a workbook are errors that say what to do.
sed 's/"sheet": "学生名单"/"sheet": "学生"/' "$REPO/Tests/Excel/excel.json" >"$WORK/connectors/excel.json"
if "$BIN" preview excel.aid --raw --workspace "$WORK" >/dev/null 2>"$WORK/err"; then echo "excel: an unknown sheet was read" >&2; exit 1; fi
grep -q 'has no sheet named "学生"; its sheets are "说明", "学生名单"' "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
cp "$REPO/Tests/Excel/excel.json" "$WORK/connectors/"
echo "学号,姓名" >"$WORK/exports/zzzx.xlsx"
set +e
"$BIN" preview excel.aid --raw --workspace "$WORK" >/dev/null 2>"$WORK/err"
code=$?
set -e
[ "$code" = 65 ] && grep -q "is not an .xlsx workbook" "$WORK/err" || { echo "excel: a CSV named .xlsx gave exit $code:" >&2; cat "$WORK/err" >&2; exit 1; }
echo "excel: ok"
