"""Journey part 2 (see journey_test.py): sync the connected stream from the console, then read the
mapping's history on the 配置文件 page.

Needs from part 1 (journey_connect): `j.stream` (e.g. "jw.students"), connected and mapped, and
`j.subject` (a student's key in the export). Console only: the overview's 立即同步 for the stream; then
the runs API must agree with what the page shows (read = the export's rows, rejected = the run's
quarantined rows) and the subject's golden record must exist. The mapping file's newest previous
version is the drafted mapping part 1 saved first: its diff to the file as it is must show the value
maps part 1 accepted, as added lines.
"""
import csv
import glob
import io
import json
import os
import re
import urllib.parse


def export_rows(j, stream):
    """Data rows of the stream's CSV export, read as the connector says (file, encoding)."""
    connector, name = stream.split(".", 1)
    spec = j.file(f"connectors/{connector}.json")
    source = next(s for s in spec["streams"] if s["name"] == name)
    path = source["file"] if os.path.isabs(source["file"]) else os.path.join(j.work, source["file"])
    with open(path, encoding=source.get("encoding", "utf-8").replace("utf8", "utf-8"), newline="") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=source.get("delimiter", ",")))
    return len([r for r in rows[1:] if any(cell.strip() for cell in r)])


def value_maps(value, path=""):
    """Every value map entry of a mapping file: {(where, source value): code}."""
    found = {}
    if isinstance(value, dict):
        if isinstance(value.get("map"), dict):
            found.update({(path, k): v for k, v in value["map"].items()})
        for key, child in value.items():
            found.update(value_maps(child, f"{path}/{key}"))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.update(value_maps(child, f"{path}[{index}]"))
    return found


def sync_now(j, stream):
    page = j.page
    page.evaluate("location.hash = '#/overview'")
    j.wait_page("overview")
    button = page.locator(f"button.sync-now[data-stream='{stream}']")
    j.check(button.count() == 1, f"sync: the overview has no 立即同步 button for {stream}")
    j.check(page.locator("button.sync-all").count() == 1, "sync: the overview has no 全部同步 button")
    button.click()
    page.wait_for_selector(f".sync-outcome p[data-stream='{stream}']", timeout=180_000)
    j.wait_page("overview")
    shown = page.locator(f".sync-outcome p[data-stream='{stream}']")
    run = shown.get_attribute("data-run")
    text = shown.inner_text()
    j.check(bool(run), f"sync: the page shows no run for {stream}: {text}")

    status, runs = j.api("/v1/admin/runs?limit=5")
    j.check(status == 200, f"sync: GET /v1/admin/runs is {status}")
    last = next(s for s in runs["streams"] if s["stream"] == stream)["runs"][0]
    j.check(str(last["run"]) == run, f"sync: the page shows run {run}, the API's newest run of {stream} is {last['run']}")
    # A run that quarantined more than the stream's rejectThreshold ends "failed" with its rows committed; any other failure fails the journey.
    j.check(last["status"] == "succeeded" or "quarantined" in (last.get("message") or ""), f"sync: run {last['run']} is {last['status']}: {last.get('message')}")
    rows = export_rows(j, stream)
    j.check(last["read"] == rows, f"sync: run {last['run']} read {last['read']} rows, the export has {rows}")
    status, quality = j.api(f"/v1/admin/quality?run={last['run']}")
    quarantined = len({r["row"] for r in quality["rejects"]}) if status == 200 else None
    j.check(last["rejected"] == quarantined, f"sync: run {last['run']} says {last['rejected']} rejected, its quarantine holds {quarantined} rows")
    j.check(f"第 {last['run']} 次运行" in text and f"读取 {last['read']:,} 行" in text and f"隔离 {last['rejected']:,}" in text,
            f"sync: the page's answer does not show run {last['run']}'s counts: {text}")
    section = page.locator(f"section.stream[data-stream='{stream}']").inner_text()
    label = "成功" if last["status"] == "succeeded" else "失败"
    j.check(label in text and label in section and f"{last['read']:,}" in section, f"sync: the refreshed overview does not show run {last['run']} ({label}) in {stream}'s table")
    status, record = j.api(f"/v1/admin/records/student/{urllib.parse.quote(j.subject)}")
    j.check(status == 200 and record.get("key") == j.subject, f"sync: GET /v1/admin/records/student/{j.subject} is {status}")
    j.shot("sync-now")
    return last


def mapping_history(j, stream):
    page = j.page
    status, listing = j.api("/v1/admin/config")
    paths = [f["path"] for f in listing["files"] if f["path"].startswith("mappings/")]
    path = next((p for p in paths if (j.file(p) or {}).get("stream") == stream), None)
    j.check(path is not None, f"history: no mapping file for {stream} among {paths}")
    page.evaluate(f"location.hash = '#/files'")
    j.wait_page("files")
    j.check(page.locator(f"#main a[href='#/files?path={urllib.parse.quote(path, safe='')}']").count() == 1,
            f"history: the 配置文件 page does not list {path}")
    page.click(f"#main a[href='#/files?path={urllib.parse.quote(path, safe='')}']")
    page.wait_for_selector("#main code.etag")
    j.wait_page("files")
    status, history = j.api(f"/v1/admin/config/history?path={urllib.parse.quote(path)}")
    versions = history["versions"]
    j.check(len(versions) >= 1, f"history: {path} has no previous version (part 1 saved the draft, then the edited mapping)")
    newest = versions[0]
    row = page.locator(f"tr[data-version='{newest['version']}']")
    j.check(row.count() == 1 and "it-admin" in row.inner_text() and newest["etag"][:12] in row.inner_text(),
            f"history: the page's row for {newest['version']} does not name it-admin and the digest")
    row.locator("a.show-diff").click()
    page.wait_for_selector(".diff-view .diff")
    j.wait_page("files")
    added = page.locator(".diff .line.add").all_inner_texts()
    removed = page.locator(".diff .line.del").all_inner_texts()
    old = json.load(open(glob.glob(f"{j.work}/.history/{path}/{newest['version']}.json")[0], encoding="utf-8"))
    new = value_maps(j.file(path))
    accepted = {key: code for key, code in new.items() if value_maps(old).get(key) != code}
    j.check(len(accepted) >= 2, f"history: the saved mapping added {len(accepted)} value maps to the draft, part 1 accepted two")
    for (where, source), code in accepted.items():
        pattern = re.compile(re.escape(json.dumps(source, ensure_ascii=False)) + r"\s*:\s*" + re.escape(json.dumps(code, ensure_ascii=False)))
        j.check(any(pattern.search(line) for line in added), f"history: the diff does not show the value map {source} -> {code} ({where}) as added")
    j.check(all(line.startswith("+") for line in added) and all(line.startswith("-") for line in removed), "history: diff lines are not marked + and -")
    j.shot("mapping-history-diff")


def run(j):
    sync_now(j, j.stream)
    mapping_history(j, j.stream)
