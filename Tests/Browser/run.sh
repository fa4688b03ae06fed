#!/usr/bin/env bash
# The operator console and /prefill.js in headless Chromium (Debian's `chromium`), driven by
# Playwright from PyPI (a venv under .build/; it uses /usr/bin/chromium and never downloads a browser).
#
#   bash Tests/Browser/run.sh
#
# A small demo college is synced into a temporary workspace copy and served on a free loopback
# port; every console page must render real data with no JavaScript error, no failed request and
# no request to another origin, at desktop width and at 375 px; the sample form must be filled with
# exactly what the prefill API answers. Screenshots go to .build/artifacts/browser/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LABEL=browser
source "$HERE/browser-setup.sh"
ARTIFACTS="$REPO/.build/artifacts/browser"
demo_hub
ADMIN=$("$BIN" token create --workspace "$WORK" --consumer it-admin --expires 1d 2>/dev/null)
HALL=$("$BIN" token create --workspace "$WORK" --consumer service-hall --expires 1d 2>/dev/null)
SUBJECT=$(demo_subject)
serve_hub --no-dispatch
# Two write-backs the target refuses (it answers 404: the hub has no such path), so the outbox page has
# dead letters for the browser to retry and cancel.
DEAD=""
for field in DZYX:dead@example.cn YDDH:13900000001; do
    printf '{"target":"xg","operation":"update","subject":{"entity":"student","key":"%s"},"fields":{"%s":"%s"},"approval":{"process":"BPM-2","approver":"t","approvedAt":"2026-11-29T08:00:00Z"}}' \
        "$SUBJECT" "${field%%:*}" "${field#*:}" >"$WORK/dead.json"
    id=$("$BIN" writeback submit "$WORK/dead.json" --consumer service-hall --purpose contact-update --key "dead-${field%%:*}" --workspace "$WORK" 2>/dev/null \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    DEAD="$DEAD${DEAD:+,}$id"
done
XG_BASE_URL="http://127.0.0.1:$PORT/nowhere" XG_API_TOKEN=t XG_WRITEBACK_SECRET=t "$BIN" outbox run --workspace "$WORK" >/dev/null 2>&1

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
status=0
"$VENV/bin/python" "$HERE/console_test.py" --hub "http://127.0.0.1:$PORT" --admin "$ADMIN" --hall "$HALL" --subject "$SUBJECT" --dead "$DEAD" \
    --chromium "$CHROMIUM" --artifacts "$ARTIFACTS" || status=$?
if grep -q ' error ' "$WORK/serve.err"; then
    echo "browser: the server logged errors:" >&2
    cat "$WORK/serve.err" >&2
    status=1
fi
"$BIN" audit verify --workspace "$WORK" >/dev/null || status=1
exit $status
