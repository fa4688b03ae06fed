"""The data steward's journey through the console, from an empty workspace (see journey.sh).

The driver signs in and hands each part a `Journey`; the parts, in order:
  journey_connect  connect the CSV export and map it (suggestions, two value maps, live preview)
  journey_sync     sync it from the console and read the mapping's history
  journey_share    share it (a consumer, a policy with a mask and a row scope), add a form, prefill it
Each part works through the console only, asserts the files written and the API's answers, and
takes screenshots (desktop and 375 px, in Chinese). Any JavaScript error, failed request or
request to another origin during the journey fails it.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

from playwright.sync_api import sync_playwright

import journey_connect
import journey_share
import journey_sync

parser = argparse.ArgumentParser()
for name in ("hub", "admin", "work", "bin", "chromium", "artifacts"):
    parser.add_argument("--" + name, required=True)
args = parser.parse_args()

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 800}


class Journey:
    """What every part gets: the signed-in page, the hub, the workspace, and checks."""

    def __init__(self, page):
        self.page = page
        self.hub = args.hub
        self.admin = args.admin
        self.work = args.work
        self.bin = args.bin
        self.failures = []
        self.shots = []

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
            print("FAIL " + message, file=sys.stderr)
        return condition

    def api(self, path, token=None, method="GET", body=None):
        """(status, parsed JSON or None) of a request to the hub, errors included."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.hub + path, method=method, data=data,
                                         headers={"Authorization": "Bearer " + (token or self.admin), "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, None

    def file(self, path):
        """A workspace file as it is on disk now, parsed; None when there is none."""
        try:
            with open(f"{self.work}/{path}", encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None

    def shot(self, name):
        """The page now, at desktop width and at 375 px (which must not scroll sideways)."""
        number = len(self.shots) + 1
        base = f"{args.artifacts}/journey-{number:02d}-{name}"
        self.page.screenshot(path=base + "-desktop.png", full_page=True)
        self.page.set_viewport_size(NARROW)
        self.page.wait_for_timeout(200)
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        self.check(overflow <= 1, f"{name}: at 375 px the page is {overflow}px wider than the window")
        self.page.screenshot(path=base + "-375.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)
        self.shots.append(base)

    def view(self, name):
        """The window only (1280 × 900), for the README: journey-view-NAME.png."""
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=f"{args.artifacts}/journey-view-{name}.png")

    def wait_page(self, name, timeout=60_000):
        """Waits until the console shows page `name` and has finished loading it."""
        self.page.wait_for_function(
            "name => document.getElementById('main').dataset.page === name && !document.getElementById('main').hasAttribute('aria-busy')",
            arg=name, timeout=timeout)


def wait_for_hub():
    for _ in range(200):
        try:
            urllib.request.urlopen(args.hub + "/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.05)
    sys.exit("journey: campushub serve did not come up")


wait_for_hub()
errors = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"])
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1, service_workers="block")
    page = context.new_page()
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url} {request.failure}"))

    def only_hub(route):
        if route.request.url.startswith(args.hub + "/"):
            route.continue_()
        else:
            errors.append(f"request to another origin: {route.request.url}")
            route.abort()
    context.route("**/*", only_hub)
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(args.hub + "/console/")
    page.wait_for_selector("#signin:not([hidden])")
    page.fill("#token", args.admin)
    page.click("#signin-form button[type=submit]")
    journey = Journey(page)
    journey.wait_page("overview")
    journey.check(page.evaluate("document.documentElement.lang") == "zh-CN", "the console does not open in Chinese")
    for part in (journey_connect, journey_sync, journey_share):
        started = len(journey.failures)
        try:
            part.run(journey)
        except Exception as error:  # a part that cannot go on fails the journey, with where it stopped
            page.screenshot(path=f"{args.artifacts}/{part.__name__}-stopped.png", full_page=True)
            journey.check(False, f"{part.__name__}: stopped: {type(error).__name__}: {error}")
        print(f"journey: {part.__name__}: {'passed' if len(journey.failures) == started else 'FAILED'}")
        if len(journey.failures) > started:
            break  # the next part starts from what this one should have made
    journey.check(not errors, "; ".join(errors))
    context.close()
    browser.close()

print(f"journey: {len(journey.shots)} screenshots at desktop and 375 px in {args.artifacts}")
if journey.failures:
    sys.exit(f"journey: {len(journey.failures)} check(s) failed")
