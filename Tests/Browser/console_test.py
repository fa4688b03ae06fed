"""The operator console and /prefill.js in headless Chromium (see run.sh).

Each console page, at desktop width and at 375 px: signed in with the admin token, it must show
real data taken from the admin API, log no console error, throw no exception, have no failed
request and ask no origin but the hub. The sample form must hold exactly the prefill API's values,
with fields owned by another system read-only and a hint naming that system.
"""
import argparse
import json
import sys
import time
import urllib.parse
import urllib.request

from playwright.sync_api import sync_playwright

parser = argparse.ArgumentParser()
for name in ("hub", "admin", "hall", "subject", "dead", "chromium", "artifacts"):
    parser.add_argument("--" + name, required=True)
args = parser.parse_args()
HUB = args.hub
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL " + message, file=sys.stderr)


def api(path, token, method="GET"):
    request = urllib.request.Request(HUB + path, method=method, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def wait_for_hub():
    for _ in range(200):
        try:
            urllib.request.urlopen(HUB + "/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.05)
    sys.exit("browser: campushub serve did not come up")


wait_for_hub()
# What the pages must show, from the same API the console reads.
runs = api("/v1/admin/runs?limit=20", args.admin)
ran = [s for s in runs["streams"] if s["runs"]]
first = ran[0]
quality_stream = max(ran, key=lambda s: s["runs"][0]["rejected"])
record = api(f"/v1/admin/records/student/{urllib.parse.quote(args.subject)}", args.admin)
quality = api(f"/v1/admin/quality?stream={quality_stream['stream']}", args.admin)
preview = api("/v1/admin/preview/jw.students?limit=20", args.admin)
chain = api("/v1/admin/audit/verify", args.admin)
writeback = urllib.request.Request(HUB + "/v1/writebacks?purpose=contact-update", method="POST", data=json.dumps({
    "target": "xg", "operation": "update", "subject": {"entity": "student", "key": args.subject},
    "fields": {"YDDH": "13800138000"},
    "approval": {"process": "BPM-1", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00Z"}}).encode(),
    headers={"Authorization": "Bearer " + args.hall, "Idempotency-Key": "browser-test-1", "Content-Type": "application/json"})
writeback_id = json.load(urllib.request.urlopen(writeback, timeout=30))["id"]
dead_ids = args.dead.split(",")
dead_now = [w["id"] for w in api("/v1/admin/outbox?state=dead&limit=100", args.admin)["items"]]
check(sorted(dead_now) == sorted(dead_ids), f"outbox: expected dead letters {dead_ids}, the API lists {dead_now}")

PAGES = [
    ("overview", "overview", [first["stream"], f"{record['entity']} records", str(first["runs"][0]["read"])]),
    ("quality", f"quality?stream={quality_stream['stream']}", [quality_stream["stream"], f"rejected {quality['run']['rejected']}"]),
    ("record", f"record?entity=student&key={args.subject}", [args.subject, record["fields"]["XM"]["value"], "Fields and provenance"]),
    ("preview", "preview?stream=jw.students&limit=20", ["jw.students", f"{preview['records']} would become records"]),
    ("outbox", "outbox", [writeback_id, "Dead letters", *dead_ids]),
    ("audit", "audit", ["chain intact", f"{chain['entries']}", "admin.runs"]),
    ("access", "access", ["it-admin", "service-hall", "student-leave"]),
]


def watch(page, context, errors):
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url} {request.failure}"))

    def only_hub(route):
        if route.request.url.startswith(HUB + "/"):
            route.continue_()
        else:
            errors.append(f"request to another origin: {route.request.url}")
            route.abort()
    context.route("**/*", only_hub)


def act_on_dead_letters(page):
    """Retry one dead letter and cancel the other with the page's buttons; the API and the audit log must show both."""
    check(f"Dead letters ({len(dead_ids)})" in page.inner_text("#main"), f"outbox: the page does not list {len(dead_ids)} dead letters")
    page.on("dialog", lambda dialog: dialog.accept())
    for dead_id, button, state in ((dead_ids[0], "Retry", "pending"), (dead_ids[1], "Cancel", "cancelled")):
        page.locator("tr", has_text=dead_id).locator("button", has_text=button).click()
        page.wait_for_function("id => !document.getElementById('main').hasAttribute('aria-busy') && "
                               "!Array.from(document.querySelectorAll('tr')).some(r => r.innerText.includes(id) && r.querySelector('button'))",
                               arg=dead_id, timeout=30_000)
        now = [w["state"] for w in api(f"/v1/admin/outbox?limit=100", args.admin)["items"] if w["id"] == dead_id]
        check(now == [state], f"outbox: after {button}, write-back {dead_id} is {now}, not {state}")
    actions = [e["action"] for e in api("/v1/admin/audit?limit=100", args.admin)["items"]]
    for action in ("admin.outbox.retry", "admin.outbox.cancel"):
        check(action in actions, f"outbox: no {action} in the audit log (newest: {actions[:8]})")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"])
    for label, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 375, "height": 800})):
        context = browser.new_context(viewport=viewport, device_scale_factor=1, service_workers="block")
        page = context.new_page()
        errors = []
        watch(page, context, errors)
        page.goto(HUB + "/console/")
        page.wait_for_selector("#signin:not([hidden])")
        page.fill("#token", args.admin)
        page.click("#signin-form button[type=submit]")
        page.wait_for_selector("#main[data-page=overview]")
        for name, route, expected in PAGES:
            page.evaluate("route => { location.hash = '#/' + route }", route)
            try:
                page.wait_for_function("name => document.getElementById('main').dataset.page === name && !document.getElementById('main').hasAttribute('aria-busy')",
                                       arg=name, timeout=60_000)
            except Exception as error:
                state = page.evaluate("() => [location.hash, document.getElementById('main').dataset.page, document.getElementById('main').hasAttribute('aria-busy')]")
                page.screenshot(path=f"{args.artifacts}/{name}-{label}-stuck.png", full_page=True)
                check(False, f"{label} {name}: the page did not finish loading (hash, page, busy: {state}; errors: {errors}): {error}")
                continue
            text = page.inner_text("#main")
            for item in expected:
                check(item in text, f"{label} {name}: the page does not show {item!r}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            check(overflow <= 1, f"{label} {name}: the page is {overflow}px wider than the window")
            page.screenshot(path=f"{args.artifacts}/{name}-{label}.png", full_page=True)
            if name == "outbox" and label == "desktop":
                act_on_dead_letters(page)
            page.evaluate("location.hash = ''")
        # Two navigations at once (the preview reads a whole sample from its source, slowly): the page gone to last is the one shown.
        page.evaluate("() => { location.hash = '#/preview?stream=jw.students&limit=200'; setTimeout(() => { location.hash = '#/access'; }, 0); }")
        page.wait_for_function("() => document.getElementById('main').dataset.page === 'access' && !document.getElementById('main').hasAttribute('aria-busy')",
                               timeout=60_000)
        page.wait_for_timeout(1500)
        shown = page.evaluate("() => document.getElementById('main').dataset.page")
        check(shown == "access", f"{label}: after going to the (slow) preview and then to access, the console shows {shown!r}")
        check(not errors, f"{label}: " + "; ".join(errors))
        context.close()

    # The service hall's form: a ticket from the hall's "server", then /prefill.js in the page.
    ticket = api(f"/v1/prefill/student-leave/tickets?subject={urllib.parse.quote(args.subject)}&purpose=prefill", args.hall, method="POST")["ticket"]
    prefill = api(f"/v1/prefill/student-leave?subject={urllib.parse.quote(args.subject)}&purpose=prefill", args.hall)
    for label, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 375, "height": 800})):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        errors = []
        watch(page, context, errors)
        page.goto(f"{HUB}/console/sample-form.html#subject={urllib.parse.quote(args.subject)}&ticket={ticket}")
        page.wait_for_selector("html[data-campushub=filled]", timeout=30_000)
        for field in prefill["fields"]:
            selector = f"[data-element={field['element']}]"
            if page.query_selector(selector) is None:
                continue
            shows_code = page.get_attribute(selector, "data-show") == "code"
            expected = "" if field.get("value") is None else (field["value"] if shows_code or "label" not in field else field["label"])
            check(page.input_value(selector) == expected,
                  f"form {field['element']}: holds {page.input_value(selector)!r}, the prefill says {expected!r}")
            readonly = page.evaluate("s => document.querySelector(s).readOnly", selector)
            hint = page.get_attribute(selector, "title") or ""
            owner = field.get("owner")
            check(owner is not None, f"form {field['element']}: the prefill names no owner")
            if owner and not field["editable"]:
                check(readonly and owner["system"] in hint and owner["title"] in hint,
                      f"form {field['element']}: owned by {owner['system']}, but readonly={readonly}, hint={hint!r}")
            elif owner:
                check(not readonly, f"form {field['element']}: the service hall may write it back, but it is read-only")
            if field.get("source"):
                check(field["source"] in hint, f"form {field['element']}: the hint does not name the source {field['source']}")
        check(any(f.get("editable") for f in prefill["fields"]) and any(f.get("editable") is False for f in prefill["fields"]),
              "form: expected both editable and owner-controlled fields")
        page.screenshot(path=f"{args.artifacts}/sample-form-{label}.png", full_page=True)
        check(not errors, f"sample form {label}: " + "; ".join(errors))
        context.close()
    browser.close()

print(f"browser: {len(PAGES)} console pages and the sample form at desktop and 375 px; screenshots in {args.artifacts}:")
for name in [p[0] for p in PAGES] + ["sample-form"]:
    print(f"  {args.artifacts}/{name}-desktop.png  {args.artifacts}/{name}-mobile.png")
if failures:
    sys.exit(f"browser: {len(failures)} check(s) failed")
