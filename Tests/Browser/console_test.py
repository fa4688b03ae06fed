"""The operator console and /prefill.js in headless Chromium (see run.sh).

Each console page, at desktop width and at 375 px: signed in with the admin token, it must show
real data taken from the admin API, in Chinese (the default: no English text of the console's
strings table on the page, times in the college's time zone, element codes beside the standard's
names), log no console error, throw no exception, have no failed request and ask no origin but the
hub. The language switch turns the console to English and back, and the choice outlives a reload;
`?lang=en` works too. The sample form must hold exactly the prefill API's values,
with fields owned by another system read-only and a hint naming that system.
"""
import argparse
import datetime
import json
import re
import sys
import time
import urllib.parse
import urllib.request
import zoneinfo

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

standards = api("/v1/admin/standards", args.admin)
ZONE = zoneinfo.ZoneInfo(standards["timeZone"])


def college_time(instant):
    """An instant of the API as the console must show it: 2026-12-04 14:05 in the college's time zone."""
    return datetime.datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(ZONE).strftime("%Y-%m-%d %H:%M")


# The console's strings table, as the browser gets it.
with urllib.request.urlopen(HUB + "/console/strings.js", timeout=30) as response:
    source = response.read().decode()
STRINGS = json.loads(source[source.index("= ") + 2:source.rindex(";")])
# The English fragments of every text that differs from its Chinese one (placeholders cut out; not MAC, which both say).
ENGLISH = sorted({fragment for key, text in STRINGS["en"].items() if text != STRINGS["zh"][key]
                  for fragment in (part.strip(" :;,.()…→—?") for part in re.split(r"\{\w+\}", text))
                  if len(fragment) >= 3 and re.search("[A-Za-z]", fragment) and fragment not in STRINGS["zh"][key]})
check(len(ENGLISH) > 100, f"strings.js: only {len(ENGLISH)} English texts")
# The page's own words: everything but the values in table cells (their state badges and buttons stay),
# the language switch (each language named in itself), plus the title and the accessible labels.
UI_TEXT = """() => {
  const clone = document.body.cloneNode(true);
  for (const cell of clone.querySelectorAll("td")) cell.textContent = [...cell.querySelectorAll(".state, button")].map((n) => n.textContent).join(" ");
  for (const select of clone.querySelectorAll("select")) select.remove();
  const labels = [...document.querySelectorAll("[aria-label]")].filter((n) => n.id !== "lang").map((n) => n.getAttribute("aria-label"));
  return [document.title, clone.textContent, ...labels].join("\\n");
}"""


def english_in(page):
    text = page.evaluate(UI_TEXT)
    return [fragment for fragment in ENGLISH if re.search(r"(?<![A-Za-z])" + re.escape(fragment) + r"(?![A-Za-z])", text)]


# The demo's archive: cases packaged, handed over and acknowledged (archived), and the case whose "PDF" is an executable on the worklist.
archive = api("/v1/admin/archive?limit=100", args.admin)
check(archive["figures"]["archived"] >= 2 and archive["figures"]["failed"] >= 1, f"archive: the demo archived no cases or failed none: {archive['figures']}")
worklisted = archive["worklist"][0] if archive["worklist"] else {"id": "?", "problem": "?", "updatedAt": "1970-01-01T00:00:00Z"}
packaged = next((c for c in archive["cases"] if c["state"] == "archived"), {"id": "?", "archiveNumber": "?", "acceptedAt": "1970-01-01T00:00:00Z"})
record_cases = record.get("cases", [])
check(record_cases, f"record: the demo subject {args.subject} has no archived cases on their record")
audit_now = api("/v1/admin/audit?limit=1", args.admin)["items"][0]
entity_title = standards["entities"][record["entity"]]["title"]
PAGES = [
    ("overview", "overview", [first["stream"], f"{entity_title}记录数", f"{first['runs'][0]['read']:,}", college_time(first["runs"][0]["startedAt"])]),
    ("quality", f"quality?stream={quality_stream['stream']}", [quality_stream["stream"], f"隔离 {quality['run']['rejected']:,} 行"]),
    ("record", f"record?entity=student&key={args.subject}", [args.subject, record["fields"]["XM"]["value"], "字段及来源", "XBM", "性别码",
                                                            college_time(record["updatedAt"]), "归档办件",
                                                            *[c["id"] for c in record_cases], *[c["archiveNumber"] or "" for c in record_cases]]),
    ("preview", "preview?stream=jw.students&limit=20", ["jw.students", f"{preview['records']} 行将成为记录"]),
    ("outbox", "outbox", [writeback_id, "死信", *dead_ids]),
    ("audit", "audit", ["哈希链完整", f"{chain['entries']:,}", "admin.runs", college_time(audit_now["at"])]),
    ("access", "access", ["it-admin", "service-hall", "student-leave", "XM 姓名"]),
    ("mapping", "mapping?stream=jw.students", ["jw.students", "学号", "XH", "学生"]),
    ("connectors", "connectors", ["jw.students", "教务处", "csv", "环境变量 XG_API_TOKEN · 文件 demo-data/xg-api-token", "添加数据源"]),
    ("files", "files", ["配置文件", "connectors/", "jw.json", "mappings/", "jw.students.json", "数据标准与共享", "sharing.json"]),
    ("standards", "standards", ["数据元", "XBM", "性别码", "ZZMM", "政治面貌代码", "standards/codes/ZZMM.csv"]),
    ("authority", "authority", ["学生 (student)", "jw.students", "xg.students", "上移", "下移", "YDDH 移动电话", "保存数据权威"]),
    ("sharing", "sharing", ["service-hall", "网上办事大厅", "library", "keepLast:4", "DWH 单位号 ∈ $department", "新增共享策略"]),
    ("forms", "forms", ["student-leave", "学生请假申请", "XM 姓名", "service-hall", "新增表单"]),
    ("archive", "archive", ["电子归档", "待归档", "已封装", "未通过检测", "已移交", "已归档", f"待处理：未通过检测的办件（{len(archive['worklist'])}）",
                            worklisted["id"], worklisted["problem"], college_time(worklisted["updatedAt"]), packaged["id"], packaged["archiveNumber"],
                            college_time(packaged["acceptedAt"])]),
]


def archive_case(page, label):
    """The failed case's detail: its four checks grouped by property with the failing ones named, its events in the
    college's time, its attachment; it fits the window (also at 375 px)."""
    case = api(f"/v1/admin/archive/{urllib.parse.quote(worklisted['id'])}", args.admin)
    page.evaluate("id => { location.hash = '#/archive?case=' + encodeURIComponent(id) }", worklisted["id"])
    page.wait_for_function("() => document.getElementById('main').dataset.page === 'archive' && !document.getElementById('main').hasAttribute('aria-busy')"
                           " && document.querySelector('.check-group')", timeout=60_000)
    text = page.inner_text("#main")
    check(case["checks"] and not case["checks"]["passed"], f"archive {worklisted['id']}: the API's checks do not fail: {case['checks']}")
    groups = page.eval_on_selector_all(".check-group", "nodes => nodes.map(n => n.dataset.property)")
    check(groups == ["真实性", "完整性", "可用性", "安全性"], f"{label} archive case: the check groups are {groups}")
    for prop in (case["checks"] or {}).get("properties", []):
        for finding in prop["findings"]:
            if not finding["passed"]:
                shown = page.locator(f".check-group[data-property='{prop['property']}'] tr", has_text=finding["item"]).first.inner_text()
                check(finding["problem"] in shown and "未通过" in shown, f"{label} archive case: {prop['property']} {finding['item']} not shown failed: {shown!r}")
    for event in case["events"]:
        check(college_time(event["at"]) in text, f"{label} archive case: event {event['event']} at {college_time(event['at'])} not shown")
    # A case that failed its checks is not archived: it gave its archive number back (档号收回).
    check(not case.get("archiveNumber"), f"archive {worklisted['id']}: a failed case still holds archive number {case.get('archiveNumber')}")
    for item in [case["caseNumber"], case["attachments"][0]["title"], "四性检测", "办件过程记录", "档号收回"]:
        check(item in text, f"{label} archive case: the page does not show {item!r}")
    check(not re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text), f"{label} archive case: raw instants on the page")
    check(not english_in(page), f"{label} archive case: English in the Chinese console: {english_in(page)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"{label} archive case: the page is {overflow}px wider than the window")
    page.screenshot(path=f"{args.artifacts}/archive-case-{label}.png", full_page=True)
    page.evaluate("location.hash = ''")


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
    check(f"死信（{len(dead_ids)}）" in page.inner_text("#main"), f"outbox: the page does not list {len(dead_ids)} dead letters")
    page.on("dialog", lambda dialog: dialog.accept())
    for dead_id, button, state in ((dead_ids[0], "重新投递", "pending"), (dead_ids[1], "撤销", "cancelled")):
        page.locator("tr", has_text=dead_id).locator("button", has_text=button).click()
        page.wait_for_function("id => !document.getElementById('main').hasAttribute('aria-busy') && "
                               "!Array.from(document.querySelectorAll('tr')).some(r => r.innerText.includes(id) && r.querySelector('button'))",
                               arg=dead_id, timeout=30_000)
        now = [w["state"] for w in api(f"/v1/admin/outbox?limit=100", args.admin)["items"] if w["id"] == dead_id]
        check(now == [state], f"outbox: after {button}, write-back {dead_id} is {now}, not {state}")
    actions = [e["action"] for e in api("/v1/admin/audit?limit=100", args.admin)["items"]]
    for action in ("admin.outbox.retry", "admin.outbox.cancel"):
        check(action in actions, f"outbox: no {action} in the audit log (newest: {actions[:8]})")


def page_shown(page, name):
    page.wait_for_function("name => document.getElementById('main').dataset.page === name && !document.getElementById('main').hasAttribute('aria-busy')",
                           arg=name, timeout=60_000)


def config_file(path):
    return api(f"/v1/admin/config/file?path={urllib.parse.quote(path)}", args.admin)


def put_config(path, content, etag):
    request = urllib.request.Request(f"{HUB}/v1/admin/config/file?path={urllib.parse.quote(path)}", method="PUT", data=json.dumps(content).encode(),
                                     headers={"Authorization": "Bearer " + args.admin, "If-Match": f'"{etag}"', "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def edit_connector(page, errors):
    """Connectors page: edit jw's title and save (the file changes, the save is audited); a second edit on a
    page whose file someone else changed meanwhile is refused as stale and changes nothing."""
    before = config_file("connectors/jw.json")
    page.evaluate("location.hash = '#/connectors?file=connectors/jw.json'")
    page_shown(page, "connectors")
    check("jw.students" in page.inner_text("#main") and "gb18030" in page.inner_text("#main"), "connectors: jw's page does not show its stream and encoding")
    # Test connection: the CSV's header, encoding and first rows, as the preview API reads them.
    page.click("#main button.test-connection")
    page.wait_for_selector("#main .connection h3", timeout=60_000)
    found = page.inner_text("#main .connection")
    first_row = preview["rows"][0]["source"]
    check("连接成功" in found and "文件编码：gb18030" in found, f"connectors: test connection shows {found[:200]!r}")
    check(all(column in found for column in first_row), f"connectors: test connection lacks columns of {list(first_row)}")
    check(any(v and v in found for v in first_row.values()), "connectors: test connection shows none of the first row's values")
    page.screenshot(path=f"{args.artifacts}/connectors-test-desktop.png", full_page=True)
    page.fill("form.stacked input[name=title]", "教务系统（控制台修改）")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#main .saved", timeout=30_000)
    after = config_file("connectors/jw.json")
    check(after["content"]["title"] == "教务系统（控制台修改）" and after["etag"] != before["etag"], f"connectors: the saved title is {after['content'].get('title')!r}")
    check({k: v for k, v in after["content"].items() if k != "title"} == {k: v for k, v in before["content"].items() if k != "title"},
          "connectors: saving the title changed other parts of connectors/jw.json")
    saves = api("/v1/admin/audit?limit=20&action=config.save", args.admin)["items"]
    check(any(e["actor"] == "it-admin" and e["outcome"] == "200" for e in saves), f"connectors: no audited config.save: {saves[:2]}")
    page_shown(page, "connectors")
    page.evaluate("location.hash = '#/audit?action=config.save'")
    page_shown(page, "audit")
    check("config.save" in page.inner_text("#main"), "connectors: the audit page does not show the save")
    # Someone else saves between this page's read and its save: refused, nothing lost.
    page.evaluate("location.hash = '#/connectors?file=connectors/jw.json'")
    page_shown(page, "connectors")
    theirs = dict(after["content"], department="教务处（他人修改）")
    put_config("connectors/jw.json", theirs, after["etag"])
    page.fill("form.stacked input[name=title]", "教务系统（过期的修改）")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#main .outcome .error", timeout=30_000)
    check("有人在你读取之后修改了这个文件" in page.inner_text("#main"), "connectors: a stale save does not say someone else changed the file")
    # (Chromium logs the refused save it was made to send; that one answer is expected, no other.)
    expected = [e for e in errors if "status of 412" in e]
    check(len(expected) == 1, f"connectors: expected one refused save in the browser's log, found {expected}")
    errors[:] = [e for e in errors if e not in expected]
    now = config_file("connectors/jw.json")["content"]
    check(now == theirs, f"connectors: after the refused save the file is {now}")
    page.screenshot(path=f"{args.artifacts}/connectors-stale-desktop.png", full_page=True)
    page.click("#main .outcome button")
    page_shown(page, "connectors")
    check(page.input_value("form.stacked input[name=title]") == "教务系统（控制台修改）", "connectors: the reload does not show the current file")
    # Removing a connector its mapping still uses: refused, the problem shown beside the button, the file kept.
    page.evaluate("location.hash = '#/connectors'")
    page_shown(page, "connectors")
    page.evaluate("location.hash = '#/connectors?file=connectors/jw.json'")
    page.wait_for_selector("#main button.remove-connector")
    page_shown(page, "connectors")
    # (The confirm() is accepted by the handler act_on_dead_letters set on this page.)
    page.click("#main button.remove-connector")
    page.wait_for_selector("#main .removal > *", timeout=30_000)
    check(page.query_selector("#main .removal .problems") is not None, f"connectors: the removal's answer is {page.inner_text('#main .removal')!r}")
    check("jw.students" in page.inner_text("#main .removal"), f"connectors: the refused removal says {page.inner_text('#main .removal')!r}")
    check(config_file("connectors/jw.json")["content"]["name"] == "jw", "connectors: jw.json changed after a refused removal")
    refused = [e for e in errors if "status of 422" in e]
    check(len(refused) == 1, f"connectors: expected one refused removal in the browser's log, found {refused}")
    errors[:] = [e for e in errors if e not in refused]
    page.wait_for_timeout(1000)
    check(page.query_selector("#main .removal .problems") is not None, "connectors: the refused removal's problems did not stay on the page")
    page.screenshot(path=f"{args.artifacts}/connectors-refused-removal-desktop.png", full_page=True)


def edit_mapping(page):
    """Mapping editor: jw.students without its MZM field (taken out through the API), the suggestion for
    民族 accepted in the page and saved: the file maps MZM from 民族 again, and the save is audited."""
    path = "mappings/jw.students.json"
    original = config_file(path)
    without = json.loads(json.dumps(original["content"]))
    del without["fields"]["MZM"]
    put_config(path, without, original["etag"])
    page.evaluate("location.hash = '#/mapping?stream=jw.students'")
    page_shown(page, "mapping")
    check("学号" in page.inner_text("#main") and "XH" in page.inner_text("#main"), "mapping: the editor does not show jw.students' columns")
    card = "#main section.column-card[data-column='民族']"
    check(page.get_attribute(card, "data-element") == "", f"mapping: 民族 is shown mapped: {page.inner_text(card)!r}")
    page.click(card + " button.accept")
    page.wait_for_function("() => document.querySelector(\"#main section.column-card[data-column='民族']\").dataset.element === 'MZM'", timeout=10_000)
    page.wait_for_function("() => { const p = document.querySelector('#main .live-preview'); return p && !p.hasAttribute('aria-busy') && p.dataset.rejects !== ''; }", timeout=30_000)
    page.click("#main button.save-mapping")
    page.wait_for_selector("#main .saved", timeout=30_000)
    saved = config_file(path)["content"]
    check(saved["fields"].get("MZM", {}).get("from") == "民族", f"mapping: MZM after the save is {saved['fields'].get('MZM')}")
    check({k: v for k, v in saved["fields"].items()} == original["content"]["fields"], "mapping: the saved fields differ from the original ones beyond MZM")
    saves = api("/v1/admin/audit?limit=50&action=config.save", args.admin)["items"]
    check(any("jw.students" in (e.get("subject") or e.get("filter") or e.get("fields") or json.dumps(e)) for e in saves), "mapping: the save is not in the audit log")
    page.screenshot(path=f"{args.artifacts}/mapping-desktop.png", full_page=True)


def file_history(page):
    """配置文件 page: the mapping edit_mapping saved twice (through the API, then in the editor) has two
    previous versions naming it-admin; the diff of the older one shows MZM's lines added, coloured, and
    fits 375 px; restoring it (confirmed) is a save audited as config.restore, and the file is that version again."""
    path = "mappings/jw.students.json"
    history = api(f"/v1/admin/config/history?path={urllib.parse.quote(path)}", args.admin)
    versions = history["versions"]
    check(len(versions) >= 2, f"files: {path} has {len(versions)} previous versions after two saves")
    page.evaluate("location.hash = '#/files'")
    page_shown(page, "files")
    page.click(f"#main a[href='#/files?path={urllib.parse.quote(path, safe='')}']")
    page.wait_for_selector("#main code.etag")
    page_shown(page, "files")
    text = page.inner_text("#main")
    check(history["current"]["etag"] in text and "由 it-admin 于" in text, "files: the file's page does not show its ETag and who saved it")
    check(f"历史版本（{len(versions)}）" in text, f"files: the page does not count {len(versions)} versions")
    for version in versions:
        row = page.inner_text(f"#main tr[data-version='{version['version']}']")
        check("it-admin" in row and version["etag"][:12] in row and college_time(version["replacedAt"]) in row,
              f"files: the row of {version['version']} is {row!r}")
    older = versions[-1]  # the original file, replaced by the save without MZM
    page.click(f"#main tr[data-version='{older['version']}'] a.show-diff")
    page.wait_for_selector("#main .diff-view .diff")
    page_shown(page, "files")
    added = page.locator("#main .diff .line.add").all_inner_texts()
    removed = page.locator("#main .diff .line.del").all_inner_texts()
    # The original had MZM among its fields; the editor added it back at the end: its line is removed there and added here.
    check(any("MZM" in line for line in added) and any("MZM" in line for line in removed), f"files: the diff does not show MZM moved: +{added[:5]} -{removed[:5]}")
    diff = api(f"/v1/admin/config/diff?path={urllib.parse.quote(path)}&version={older['version']}", args.admin)["diff"]
    check(len(added) == len([l for l in diff.split("\n") if l.startswith("+")]) and len(removed) == len([l for l in diff.split("\n") if l.startswith("-")]),
          f"files: the page shows {len(added)} added and {len(removed)} removed lines, the API's diff has others")
    colours = page.evaluate("() => [...document.querySelectorAll('#main .diff .line.add, #main .diff .line.del')].map((n) => getComputedStyle(n).backgroundColor)")
    check(all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours), f"files: diff lines are not coloured: {set(colours)}")
    page.screenshot(path=f"{args.artifacts}/files-diff-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(200)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"files: the diff at 375 px is {overflow}px wider than the window")
    check(not english_in(page), f"files: English on the Chinese diff page: {english_in(page)}")
    page.screenshot(path=f"{args.artifacts}/files-diff-mobile.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    # Restore the version just diffed (the dialog is accepted by the page's handler).
    before = api("/v1/admin/audit?limit=1", args.admin)["items"][0]["seq"]
    page.click(f"#main tr[data-version='{older['version']}'] button.restore")
    page.wait_for_selector("#main p.saved", timeout=30_000)
    page_shown(page, "files")
    check("已恢复" in page.inner_text("#main"), "files: the restore's answer is not shown")
    now = config_file(path)
    check(now["etag"] == older["etag"], f"files: after the restore {path} is {now['etag'][:12]}, not the version {older['etag'][:12]}")
    entries = [e for e in api("/v1/admin/audit?limit=20&action=config.restore", args.admin)["items"] if e["seq"] > before]
    check(len(entries) == 1 and entries[0]["actor"] == "it-admin", f"files: the restore's audit entries: {entries}")
    page.screenshot(path=f"{args.artifacts}/files-restored-desktop.png", full_page=True)


def edit_standards(page):
    """数据标准: an alias and a local code added to ZZMM's CSV in the page, saved through the config API (the
    file on disk changes by those lines, serve knows the code at once); an alias another code already has is refused."""
    path = "standards/codes/ZZMM.csv"
    before = config_file(path)
    page.evaluate("location.hash = '#/standards?table=ZZMM'")
    page_shown(page, "standards")
    check("中国共产主义青年团团员" in page.inner_text("#main"), "standards: the ZZMM table does not show its codes")
    page.select_option("#add-alias select[name=code]", "03")
    page.fill("#add-alias input[name=alias]", "团员")
    page.click("#add-alias button[type=submit]")
    page.wait_for_selector("#main .outcome .error")
    check("已经对应代码 03" in page.inner_text("#main .outcome"), f"standards: a taken alias says {page.inner_text('#main .outcome')!r}")
    check(config_file(path)["etag"] == before["etag"], "standards: a refused alias changed the file")
    page.fill("#add-alias input[name=alias]", "青年团员")
    page.click("#add-alias button[type=submit]")
    page.wait_for_selector("#main .outcome .saved")
    page.fill("#add-local-code input[name=localCode]", "999")
    page.fill("#add-local-code input[name=localName]", "其他（本校）")
    page.click("#add-local-code button[type=submit]")
    page.wait_for_function("() => document.querySelector('#main .outcome .error')?.textContent.includes('2 位数字')", timeout=10_000)
    page.fill("#add-local-code input[name=localCode]", "99")
    page.fill("#add-local-code input[name=localName]", "其他（本校）")
    page.click("#add-local-code button[type=submit]")
    page.wait_for_function("() => document.querySelector('#main tr[data-code=\"99\"]') !== null", timeout=30_000)
    after = config_file(path)["text"]
    expected = before["text"].replace("03,中国共产主义青年团团员,共青团员|团员\n", "03,中国共产主义青年团团员,共青团员|团员|青年团员\n") + "99,其他（本校）,\n"
    check(after == expected, f"standards: ZZMM.csv after the two additions differs from the expected lines: {after[-200:]!r}")
    check("青年团员" in page.inner_text("#main tr[data-code='03']"), "standards: the table does not show the new alias")
    page.screenshot(path=f"{args.artifacts}/standards-table-desktop.png", full_page=True)
    codes = api("/v1/admin/standards", args.admin)["codeTables"]["ZZMM"]["codes"]
    check(codes.get("99") == "其他（本校）", f"standards: serve does not know the local code 99 after the save: {codes.get('99')!r}")
    saves = api("/v1/admin/audit?limit=20&action=config.save", args.admin)["items"]
    check(sum(1 for e in saves if e.get("subject") == path and e["outcome"] == "200") == 2, "standards: the two saves of ZZMM.csv are not audited")


def reorder_authority(page):
    """数据权威: the student owners reordered with 下移 (the keyboard's way), YDDH's field owners by dragging,
    saved to standards/entities.json; the file is put back afterwards (the sample form reads the owners)."""
    path = "standards/entities.json"
    before = config_file(path)
    student = next(e for e in before["content"]["entities"] if e["name"] == "student")
    page.evaluate("location.hash = '#/authority'")
    page_shown(page, "authority")
    section = "#main section[data-entity=student]"
    owners = page.locator(f"{section} > .owner-list ol.owners li")
    check(owners.count() == len(student["authority"]), f"authority: the page lists {owners.count()} student owners")
    owners.nth(0).locator("button.down").click()
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.closest('li')?.dataset.stream]")
    check(focused == ["BUTTON", student["authority"][0]], f"authority: after 下移 the focus is on {focused}, not on a button of the moved owner")
    field = page.locator(f"{section} .field-owner[data-element=YDDH] ol.owners li")
    field.nth(1).drag_to(field.nth(0))
    shown = [field.nth(i).get_attribute("data-stream") for i in range(field.count())]
    check(shown == list(reversed(student["fieldAuthority"]["YDDH"])), f"authority: after the drag YDDH's owners are {shown}")
    page.screenshot(path=f"{args.artifacts}/authority-reordered-desktop.png", full_page=True)
    page.click("#main button.save-authority")
    page.wait_for_selector("#main .outcome .saved", timeout=30_000)
    after = config_file(path)
    saved = next(e for e in after["content"]["entities"] if e["name"] == "student")
    check(saved["authority"] == [student["authority"][1], student["authority"][0]] + student["authority"][2:], f"authority: saved {saved['authority']}")
    check(saved["fieldAuthority"]["YDDH"] == list(reversed(student["fieldAuthority"]["YDDH"])), f"authority: saved YDDH {saved['fieldAuthority']['YDDH']}")
    check([e for e in after["content"]["entities"] if e["name"] != "student"] == [e for e in before["content"]["entities"] if e["name"] != "student"],
          "authority: the save changed other entities")
    put_config(path, before["content"], after["etag"])


def resave_policies(page):
    """共享策略: a policy opened and saved unchanged leaves standards/sharing.json's content as it was, key order
    included (its forms, write-back grants, masks, $department scope and notes kept), and, once in the config API's
    layout, its text too; the write-back grant shows its target and fields."""
    path = "standards/sharing.json"
    before = config_file(path)
    policies = before["content"]["policies"]
    layout = None
    for consumer, entity in (("service-hall", "student"), ("info-school", "student"), ("finance", "student")):
        index = next(i for i, p in enumerate(policies) if p["consumer"] == consumer and p["entity"] == entity)
        page.evaluate("i => { location.hash = '#/sharing?policy=' + i }", index)
        page_shown(page, "sharing")
        page.wait_for_selector("#policy-form")
        for grant in policies[index].get("writebacks", []):
            row = page.locator("#policy-form .writeback-row", has=page.locator(f"select[name=writebackTarget] option[value='{grant['target']}']:checked"))
            check(row.count() == 1, f"sharing: {consumer}'s grant to {grant['target']} is not shown")
            ticked = row.locator("input[name=writebackField]:checked").evaluate_all("inputs => inputs.map(i => i.value)") if row.count() == 1 else []
            check(ticked == grant["fields"], f"sharing: {consumer}'s grant to {grant['target']} shows {ticked}, not {grant['fields']}")
        if consumer == "service-hall":
            page.screenshot(path=f"{args.artifacts}/sharing-policy-desktop.png", full_page=True)
        page.click("#policy-form button.save-policy")
        page.wait_for_selector("#main p.saved", timeout=30_000)
        page_shown(page, "sharing")
        now = config_file(path)
        # Same content, same key order; the file's layout is the config API's stable one from the first save on.
        check(json.dumps(now["content"], ensure_ascii=False) == json.dumps(before["content"], ensure_ascii=False),
              f"sharing: saving {consumer}'s {entity} policy unchanged changed the content of {path}")
        check(layout is None or now["text"] == layout, f"sharing: saving {consumer}'s {entity} policy unchanged changed the text of {path}")
        layout = now["text"]
    # A write-back grant added in the page: the library may write DZYX back to xg (put back afterwards).
    index = next(i for i, p in enumerate(policies) if p["consumer"] == "library" and p["entity"] == "student")
    page.evaluate("i => { location.hash = '#/sharing?policy=' + i }", index)
    page_shown(page, "sharing")
    page.wait_for_selector("#policy-form")
    page.click("#policy-form button.add-writeback")
    page.select_option("#policy-form .writeback-row select[name=writebackTarget]", "xg")
    page.check("#policy-form .writeback-row input[name=writebackField][value=DZYX]")
    page.click("#policy-form button.save-policy")
    page.wait_for_selector("#main p.saved", timeout=30_000)
    page_shown(page, "sharing")
    granted = config_file(path)
    saved = next(p for p in granted["content"]["policies"] if p["consumer"] == "library" and p["entity"] == "student")
    check(saved.get("writebacks") == [{"target": "xg", "fields": ["DZYX"]}], f"sharing: the library's grant was saved as {saved.get('writebacks')}")
    put_config(path, before["content"], granted["etag"])


def resave_form(page):
    """预填表单: student-leave opened and saved unchanged: forms.json's and sharing.json's content stay as they were
    (elements in their order, the service hall still granted it); its prefill preview is the service hall's prefill."""
    forms, sharing = config_file("standards/forms.json"), config_file("standards/sharing.json")
    page.evaluate("location.hash = '#/forms?form=student-leave'")
    page_shown(page, "forms")
    page.wait_for_selector("#form-form")
    check(page.is_checked("#form-form input[name=grant][value=service-hall]"), "forms: student-leave is not shown granted to the service hall")
    page.select_option("#form-form select[name=previewConsumer]", "service-hall")
    page.fill("#form-form input[name=previewSubject]", args.subject)
    with page.expect_response(lambda r: r.url.endswith("/v1/admin/forms/preview")) as answer:
        page.click("#form-form .preview-form")
    page.wait_for_selector("#form-form .preview-result .preview-outcome")
    real = api(f"/v1/prefill/student-leave?subject={urllib.parse.quote(args.subject)}&purpose=prefill", args.hall)
    check(answer.value.json().get("response") == real, "forms: the prefill preview of student-leave is not the service hall's prefill")
    page.screenshot(path=f"{args.artifacts}/forms-edit-desktop.png", full_page=True)
    page.click("#form-form button.save-form")
    page.wait_for_selector("#main p.saved", timeout=30_000)
    page_shown(page, "forms")
    for before in (forms, sharing):
        now = config_file(before["path"])
        check(json.dumps(now["content"], ensure_ascii=False) == json.dumps(before["content"], ensure_ascii=False),
              f"forms: saving student-leave unchanged changed the content of {before['path']}")


def switch_languages(page):
    """English from the header's switch, kept over a reload; Chinese again the same way; ?lang=en too."""
    page.evaluate("location.hash = '#/overview'")
    page_shown(page, "overview")
    page.select_option("#lang", "en")
    page.wait_for_function("() => document.documentElement.lang === 'en' && document.querySelector('#main h1')?.textContent === 'Sync runs'", timeout=30_000)
    page_shown(page, "overview")
    check("Sync runs" in page.inner_text("#nav") and "同步运行" not in page.inner_text("#nav"), f"en: the nav is {page.inner_text('#nav')!r}")
    check(page.title() == STRINGS["en"]["title"], f"en: the page title is {page.title()!r}")
    check(f"{record['entity']} records" in page.inner_text("#main"), "en: the overview does not count student records in English")
    check(english_in(page), "en: the English console shows none of the strings table's English texts (the zh check would prove nothing)")
    page.screenshot(path=f"{args.artifacts}/overview-desktop-en.png", full_page=True)
    page.reload()
    page_shown(page, "overview")
    check(page.evaluate("document.documentElement.lang") == "en" and page.input_value("#lang") == "en"
          and page.inner_text("#main h1") == "Sync runs", "en: after a reload the console is not in English any more")
    page.select_option("#lang", "zh")
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN' && document.querySelector('#main h1')?.textContent === '同步运行'", timeout=30_000)
    page.reload()
    page_shown(page, "overview")
    check(page.evaluate("document.documentElement.lang") == "zh-CN" and page.inner_text("#main h1") == "同步运行",
          "zh: after switching back and a reload the console is not in Chinese")
    check(not english_in(page), f"zh: English after switching back: {english_in(page)}")
    page.goto(HUB + "/console/?lang=en#/audit")
    page_shown(page, "audit")
    check(page.evaluate("document.documentElement.lang") == "en" and page.inner_text("#main h1") == STRINGS["en"]["audit.title"], "?lang=en: the console is not in English")
    page.goto(HUB + "/console/?lang=zh#/audit")
    page_shown(page, "audit")
    check(page.inner_text("#main h1") == STRINGS["zh"]["audit.title"], "?lang=zh: the console is not in Chinese")


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
        check(page.evaluate("document.documentElement.lang") == "zh-CN", f"{label}: the console's <html lang> is not zh-CN")
        check(page.title() == STRINGS["zh"]["title"], f"{label}: the page title is {page.title()!r}")
        check("同步运行" in page.inner_text("#nav") and "Sync runs" not in page.inner_text("#nav"), f"{label}: the nav is not in Chinese: {page.inner_text('#nav')!r}")
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
            english = english_in(page)
            check(not english, f"{label} {name}: English texts of the strings table in the Chinese console: {english}")
            # Times as the college reads them, never raw UTC instants (the preview shows source rows as they are).
            raw = re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)
            check(name == "preview" or not raw, f"{label} {name}: raw instants on the page: {raw[:3]}")
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
        archive_case(page, label)
        if label == "desktop":
            edit_connector(page, errors)
            edit_mapping(page)
            file_history(page)
            edit_standards(page)
            reorder_authority(page)
            resave_policies(page)
            resave_form(page)
            switch_languages(page)
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

print(f"browser: {len(PAGES)} console pages (Chinese, and English by the switch) and the sample form at desktop and 375 px; screenshots in {args.artifacts}:")
for name in [p[0] for p in PAGES] + ["sample-form"]:
    print(f"  {args.artifacts}/{name}-desktop.png  {args.artifacts}/{name}-mobile.png")
if failures:
    sys.exit(f"browser: {len(failures)} check(s) failed")
