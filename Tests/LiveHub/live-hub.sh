# Sourced by the test scripts that need a live hub (Tests/Schemathesis, Tests/Browser):
#   pip_venv VENV PACKAGE VERSION   a venv under .build/ with PACKAGE==VERSION (reused afterwards)
#   demo_hub                        a small demo college synced into $WORK (a temporary workspace copy);
#                                   removed, with the server, on exit. Sets WORK.
#   serve_hub [ARGS...]             `campushub serve` on a free loopback port of $WORK; sets PORT and SERVER
#                                   and waits until /healthz answers.
# Needs REPO, BIN set by the caller.

pip_venv() {
    local venv="$1" package="$2" version="$3"
    if [ ! -x "$venv/bin/python" ]; then
        mkdir -p "$REPO/.build"
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('$package') == '$version'" 2>/dev/null \
        || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$package==$version"
}

live_hub_cleanup() {
    [ -n "${SERVER:-}" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}

demo_hub() {
    WORK=$(mktemp -d)
    SERVER=""
    trap live_hub_cleanup EXIT
    cp -r "$REPO/connectors" "$REPO/mappings" "$REPO/standards" "$WORK/"
    "$BIN" demo --workspace "$WORK" --no-serve --students 600 --staff 120 --api-port 0 >"$WORK/demo.out" 2>"$WORK/demo.err" \
        || { cat "$WORK/demo.err" >&2; exit 1; }
}

serve_hub() {
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$BIN" serve --workspace "$WORK" --listen "127.0.0.1:$PORT" "$@" 2>"$WORK/serve.err" &
    SERVER=$!
    python3 - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.05)
sys.exit("campushub serve did not come up")
PY
}

# The subject of the demo's example (`campushub show student KEY` in its output).
demo_subject() { sed -n 's/.*campushub show student \([0-9A-Za-z]*\).*/\1/p' "$WORK/demo.out" | head -1; }
