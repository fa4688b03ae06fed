#!/usr/bin/env bash
# Runs Schemathesis (PyPI) against a live `campushub serve` and its /openapi.json:
# no server errors, and no response that the document does not describe.
#
#   bash Tests/Schemathesis/run.sh
#
# CAMPUSHUB_BIN  the binary to test (default: $REPO/.build/debug/campushub).
# The demo college (a small one) is synced into a temporary workspace copy; the
# library's, the service hall's and the console admin's tokens authenticate the requests. The venv at
# $REPO/.build/schemathesis-venv is reused afterwards.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/.build/schemathesis-venv"
BIN="${CAMPUSHUB_BIN:-$REPO/.build/debug/campushub}"

[ -x "$BIN" ] || { echo "schemathesis: no campushub binary at $BIN" >&2; exit 1; }
source "$REPO/Tests/LiveHub/live-hub.sh"
pip_venv "$VENV" schemathesis 4.32.5
demo_hub
# The student-affairs API up, as while the demo serves (a second, serving run of the same seed: every record
# unchanged), so the console's preview, suggestions and test connection of xg.students read a live source as
# in a college — a source that is down is a documented 503, which Schemathesis would count as a server error.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port)
DEMO_PORT=$(free_port)
"$BIN" demo --workspace "$WORK" --students 600 --staff 120 --api-port "$API_PORT" --listen "127.0.0.1:$DEMO_PORT" \
    >"$WORK/demo-serve.out" 2>"$WORK/demo-serve.err" &
DEMO_SERVER=$!
trap 'kill -TERM "$DEMO_SERVER" 2>/dev/null; wait "$DEMO_SERVER" 2>/dev/null; live_hub_cleanup' EXIT
python3 - "$DEMO_PORT" <<'PY' || { cat "$WORK/demo-serve.err" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(1200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.05)
sys.exit("schemathesis: the serving demo did not come up")
PY
export XG_BASE_URL="http://127.0.0.1:$API_PORT"
TOKEN=$("$BIN" token create --workspace "$WORK" --consumer library 2>/dev/null)
# Schemathesis' negative checks (no token, unsupported methods) are refused requests by the
# hundred from one address: a budget large enough that each gets its 401 or 405, not 429.
# /metrics with a token set: Schemathesis sends none, or the library's, and must get 401.
export CAMPUSHUB_METRICS_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
serve_hub --refusal-budget 1000000

# One worker: with two, Python 3.11 sometimes breaks inside Schemathesis' own code generation
# ("AST constructor recursion depth mismatch"), which says nothing about the API.
# Checks: every one but positive_data_acceptance, which expects any schema-valid request to
# succeed — here most valid-looking ones are rightly refused (unknown entity, purpose not allowed).
status=0
run() {
    "$VENV/bin/schemathesis" "$@" \
        --checks all --exclude-checks positive_data_acceptance \
        --phases examples,coverage,fuzzing --max-examples 60 --workers 1 \
        --suppress-health-check all --no-color || status=$?
}
# Every operation as the library (it may list and read students, staff and units).
run run "http://127.0.0.1:$PORT/openapi.json" --header "Authorization: Bearer $TOKEN"
# The prefill, write-backs and case filing as the service hall, for a student that exists.
HALL=$("$BIN" token create --workspace "$WORK" --consumer service-hall 2>/dev/null)
SUBJECT=$(demo_subject)
printf '[parameters]\n"subject" = "%s"\n"purpose" = "prefill"\n' "$SUBJECT" >"$WORK/prefill.toml"
run --config-file "$WORK/prefill.toml" run "http://127.0.0.1:$PORT/openapi.json" --header "Authorization: Bearer $HALL" \
    --include-operation-id prefill --include-operation-id prefillTicket --include-operation-id submitWriteback --include-operation-id getWriteback \
    --include-operation-id uploadCaseAttachment --include-operation-id submitCase --include-operation-id getCase
# The operator console's API as its admin consumer (standards/sharing.json "admins"): with the
# library's token every admin operation is only a 403, so fuzz them again with it-admin's — with
# generated parameters, then with a record, a stream and a write-back that exist, to reach past the 404s.
ADMIN=$("$BIN" token create --workspace "$WORK" --consumer it-admin 2>/dev/null)
run run "http://127.0.0.1:$PORT/openapi.json" --header "Authorization: Bearer $ADMIN" --include-tag admin
printf '{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "%s"}, "fields": {"DZYX": "new@example.cn"},
  "approval": {"process": "BPM-7", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00Z"}}' "$SUBJECT" >"$WORK/approved.json"
WRITEBACK=$("$BIN" writeback submit "$WORK/approved.json" --consumer service-hall --purpose contact-update --workspace "$WORK" 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
printf '[parameters]\n"entity" = "student"\n"key" = "%s"\n"stream" = "jw.students"\n"id" = "%s"\n' "$SUBJECT" "$WRITEBACK" >"$WORK/admin.toml"
run --config-file "$WORK/admin.toml" run "http://127.0.0.1:$PORT/openapi.json" --header "Authorization: Bearer $ADMIN" --include-tag admin
# One of the demo's archived cases (the one that failed its checks: its detail runs the four checks).
printf '[parameters]\n"id" = "case-demo-2026-0003"\n' >"$WORK/archive.toml"
run --config-file "$WORK/archive.toml" run "http://127.0.0.1:$PORT/openapi.json" --header "Authorization: Bearer $ADMIN" --include-operation-id adminArchiveCase
if grep -q '"level":"error"\|error' "$WORK/serve.err"; then
    echo "schemathesis: the server logged errors:" >&2
    cat "$WORK/serve.err" >&2
    status=1
fi
"$BIN" audit verify --workspace "$WORK" || status=1
exit $status
