#!/usr/bin/env python3
"""Scores campushub on the dirty student export of make_corpus.py.

    python score.py --bin CAMPUSHUB_BIN --repo REPO --corpus DIR

For each file (DIR/students.csv in UTF-8, DIR/students-gb18030.csv in GB18030)
it builds a throwaway workspace: a copy of REPO/standards (the shipped cleaning
configuration is what is scored), a CSV connector `corpus` and a mapping from
column to element with no value maps or transforms; runs `campushub sync
corpus.students` into a fresh SQLite store; and reads what came out: golden
records from the store (read-only), quarantined rows from `campushub rejects
--run ID --json` and dropped fields from `campushub rejects --run ID --warnings
--json`. Every cell is then judged against DIR/truth.jsonl:

    right             a valid value stored as expected (or, expected empty, absent)
    wrongly rejected  a valid value whose element was quarantined or dropped, or went missing
    wrongly altered   a valid value stored differently, or a value stored where empty was expected
    invalid caught    an invalid value that quarantined its row (or, for YDDH/DZYX, was dropped)
    invalid missed    an invalid value stored, or its row kept without the element flagged
    held with its row a value not flagged itself in a row quarantined for another element

A row is exact when its outcome is the truth: a record with exactly the
expected fields, or quarantined with the expected elements among its issues.
Exit 1 when fewer than 99.9% of the rows of a file are exact, when any valid
value was rejected or any invalid one missed, or when the two files do not
give the same outcome; the first disagreements are printed with their values
(it is a test corpus).
"""
import argparse
import collections
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

STREAM = "corpus.students"
FILES = [("students.csv", "utf-8"), ("students-gb18030.csv", "gb18030")]
EXACT_TARGET = 99.9
VERDICTS = ["right", "wrongly rejected", "wrongly altered", "invalid caught", "invalid missed", "held with its row"]
BAD = ("wrongly rejected", "wrongly altered", "invalid missed")
DROPPED_ELEMENTS = {"YDDH", "DZYX"}  # severity "drop" in the shipped elements.json
CLEAN_CLASSES = {"plain", "plain-name", "plain-code", "empty"}
SHOWN = 10


def load_truth(corpus):
    with open(os.path.join(corpus, "truth.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# --- the hub -------------------------------------------------------------------

def make_workspace(repo, root, csv_path, encoding, columns):
    ws = os.path.join(root, "workspace")
    shutil.copytree(os.path.join(repo, "standards"), os.path.join(ws, "standards"))
    # The shipped sharing policies send write-backs to the demo college's
    # connectors, which this workspace does not have; they play no part here.
    sharing_path = os.path.join(ws, "standards", "sharing.json")
    if os.path.exists(sharing_path):
        with open(sharing_path, encoding="utf-8") as f:
            sharing = json.load(f)
        for policy in sharing.get("policies", []):
            policy.pop("writebacks", None)
        with open(sharing_path, "w", encoding="utf-8") as f:
            json.dump(sharing, f, ensure_ascii=False, indent=2)
    os.makedirs(os.path.join(ws, "connectors"))
    os.makedirs(os.path.join(ws, "mappings"))
    os.makedirs(os.path.join(ws, "exports"))
    shutil.copyfile(csv_path, os.path.join(ws, "exports", "students.csv"))
    connector = {
        "name": "corpus",
        "title": "a department's student export (cleaning corpus)",
        "department": "教务处",
        "kind": "csv",
        "streams": [{"name": "students", "file": "exports/students.csv", "encoding": encoding, "delimiter": ",",
                     "rejectThreshold": 1.0, "batchSize": 1000}],
    }
    mapping = {"stream": STREAM, "entity": "student",
               "fields": {element: {"from": column} for column, element in columns}}
    with open(os.path.join(ws, "connectors", "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(connector, f, ensure_ascii=False, indent=2)
    with open(os.path.join(ws, "mappings", "corpus.students.json"), "w", encoding="utf-8") as f:
        json.dump(mapping, f, ensure_ascii=False, indent=2)
    return ws


class Hub:
    def __init__(self, binary, ws, root):
        self.binary = binary
        self.common = ["--workspace", ws, "--store", "sqlite:" + os.path.join(root, "store.db"),
                       "--key-file", os.path.join(root, "campushub.key")]
        self.store = os.path.join(root, "store.db")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUSHUB_")}
        # The truth reads instants in the college's zone, the default one.
        self.env["CAMPUSHUB_TIME_ZONE"] = "Asia/Shanghai"
        self.env["CAMPUSHUB_AUDIT_CHECKPOINTS"] = os.path.join(root, "audit-checkpoints.jsonl")

    def run(self, *arguments):
        result = subprocess.run([self.binary, *arguments, *self.common], capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            raise SystemExit(f"score.py: campushub {' '.join(arguments)} exited {result.returncode}\n{result.stderr}")
        return result

    def json_lines(self, *arguments):
        return [json.loads(line) for line in self.run(*arguments).stdout.splitlines() if line.startswith("{")]


def sync_and_read(binary, repo, corpus, file_name, encoding, columns):
    """Sync one file into a fresh store; what came out of it, per row and per key."""
    root = tempfile.mkdtemp(prefix="campushub-cleaning-")
    try:
        ws = make_workspace(repo, root, os.path.join(corpus, file_name), encoding, columns)
        hub = Hub(binary, ws, root)
        sync = hub.run("sync", STREAM)
        summary = next((json.loads(line) for line in reversed(sync.stdout.splitlines()) if line.startswith("{")), {})
        run_id = next(r["run"] for r in hub.json_lines("runs", "--json") if r["stream"] == STREAM)
        quarantined = {}
        for entry in hub.json_lines("rejects", "--run", str(run_id), "--json", "--limit", "1000000"):
            quarantined[entry["row"]] = entry["issues"]
        drops = collections.defaultdict(dict)
        for entry in hub.json_lines("rejects", "--run", str(run_id), "--warnings", "--json", "--limit", "1000000"):
            if entry["severity"] == "drop":
                drops[entry["row"]][entry["element"]] = entry
        report = hub.run("rejects", "--run", str(run_id), "--limit", "1").stdout
        cleaned = [" ".join(line.split()) for line in report.splitlines() if "nullMarker" in line or "folded" in line]
        db = sqlite3.connect(f"file:{hub.store}?mode=ro", uri=True)
        records = {key: json.loads(fields) for key, fields in
                   db.execute("SELECT key, fields FROM records WHERE entity = 'student'")}
        db.close()
        return {"summary": summary, "run": run_id, "quarantined": quarantined, "drops": dict(drops),
                "records": records, "cleaned": cleaned}
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- judging -------------------------------------------------------------------

def row_outcome(truth, out):
    """What the hub did with one row: its issues (None: not quarantined), dropped fields, golden record."""
    issues = out["quarantined"].get(truth["row"])
    drops = out["drops"].get(truth["row"], {})
    record = out["records"].get(truth["key"])
    return issues, drops, record


def judge_cell(element, c, issues, drops, record):
    """The verdict on one cell and what the hub made of it (for the disagreement list)."""
    flagged = {i["element"]: i for i in issues or []}
    if issues is not None:
        if element in flagged:
            got = f"quarantined: {flagged[element]['rule']}"
            return ("invalid caught" if not c["valid"] else "wrongly rejected"), got
        if element in drops and not c["valid"]:
            return "invalid caught", f"dropped: {drops[element]['rule']}"
        if not c["valid"] and element not in DROPPED_ELEMENTS:
            return "invalid missed", "row quarantined for " + ", ".join(sorted(flagged)) + f", not {element}"
        return "held with its row", "row quarantined for " + ", ".join(sorted(flagged))
    if record is None:
        return ("invalid caught" if not c["valid"] else "wrongly rejected"), "no record and no quarantined row"
    got = record.get(element)
    if element in drops:
        return ("invalid caught" if not c["valid"] else "wrongly rejected"), f"dropped: {drops[element]['rule']}"
    if not c["valid"]:
        if element in DROPPED_ELEMENTS and got is None:
            return "invalid caught", "absent (no drop warning)"
        return "invalid missed", "stored " + repr(got) if got is not None else "record kept, element absent"
    if got == c["expected"]:
        return "right", got
    if got is None:
        return "wrongly rejected", "absent"
    return "wrongly altered", got


def row_exact(truth, issues, record):
    if truth["outcome"] == "record":
        return issues is None and record == truth["fields"]
    expected = {element for element, _ in truth["issues"]}
    return issues is not None and expected <= {i["element"] for i in issues} and record is None


def score(truths, out):
    table = collections.defaultdict(collections.Counter)
    by_class = collections.defaultdict(collections.Counter)
    problems, exact, clean_rows, clean_exact = [], 0, 0, 0
    for truth in truths:
        issues, drops, record = row_outcome(truth, out)
        is_exact = row_exact(truth, issues, record)
        exact += is_exact
        clean = all(c["class"] in CLEAN_CLASSES for c in truth["cells"])
        clean_rows += clean
        clean_exact += clean and is_exact
        explained = False
        for c in truth["cells"]:
            verdict, got = judge_cell(c["element"], c, issues, drops, record)
            table[c["element"]][verdict] += 1
            by_class[(c["element"], c["class"])][verdict] += 1
            if verdict in BAD:
                explained = True
                problems.append((truth["row"], c["element"], c["class"], c["input"], c["expected"] if c["valid"]
                                 else f"invalid ({c['rule']})", got, verdict))
        if not is_exact and not explained:
            extra = sorted(set(record or {}) - set(truth.get("fields", {})))
            problems.append((truth["row"], ",".join(extra) or "-", "row", "", truth["outcome"],
                             "record " + json.dumps(record, ensure_ascii=False) if record else
                             f"quarantined {[(i['element'], i['rule']) for i in issues or []]}", "row not exact"))
    return {"table": table, "by_class": by_class, "problems": problems, "exact": exact, "rows": len(truths),
            "clean_rows": clean_rows, "clean_exact": clean_exact}


def comparable(truths, out):
    """Each row's outcome, the same whatever the file's encoding."""
    result = {}
    for truth in truths:
        issues, drops, record = row_outcome(truth, out)
        result[truth["row"]] = (sorted((i["element"], i["rule"]) for i in issues) if issues is not None else None,
                                sorted(drops), record)
    return result


# --- printing ------------------------------------------------------------------

def print_table(title, rows, counters):
    width = max(len(title), *(len(r) for r in rows))
    print(f"{title:<{width}}  " + "  ".join(f"{v:>17}" for v in VERDICTS))
    totals = collections.Counter()
    for name, counts in zip(rows, counters):
        totals.update(counts)
        print(f"{name:<{width}}  " + "  ".join(f"{counts[v]:>17}" for v in VERDICTS))
    print(f"{'all':<{width}}  " + "  ".join(f"{totals[v]:>17}" for v in VERDICTS))
    return totals


def report(file_name, encoding, out, result, elements, show_classes):
    s = out["summary"]
    print(f"\n== {file_name} ({encoding}), run {out['run']}: read {s.get('read')}, inserted {s.get('inserted')}, "
          f"rejected {s.get('rejected')}, exit {s.get('exit')}")
    totals = print_table("ELEMENT", elements, [result["table"][e] for e in elements])
    if show_classes:
        print()
        keys = sorted(result["by_class"], key=lambda k: (elements.index(k[0]), k[1]))
        print_table("ELEMENT CLASS", [f"{e} {c}" for e, c in keys], [result["by_class"][k] for k in keys])
    rows = result["rows"]
    print(f"\nrows exact: {result['exact']} of {rows} = {100 * result['exact'] / rows:.3f}% (target {EXACT_TARGET}%)")
    if result["clean_rows"]:
        print(f"clean rows (every cell plain or empty): {result['clean_exact']} of {result['clean_rows']} exact "
              f"= {100 * result['clean_exact'] / result['clean_rows']:.3f}%")
    print("quality report lines for the hub's own cleaning (campushub rejects --run %s):" % out["run"])
    for line in out["cleaned"] or ["(none: no nullMarker or folded lines)"]:
        print("  " + line)
    if result["problems"]:
        print(f"first {min(SHOWN, len(result['problems']))} of {len(result['problems'])} disagreements:")
        print("  ROW    ELEMENT  CLASS                VERDICT           INPUT -> EXPECTED | GOT")
        for row, element, cls, written, expected, got, verdict in result["problems"][:SHOWN]:
            print(f"  {row:<6} {element:<8} {cls:<20} {verdict:<17} {written!r} -> {expected!r} | {got!r}")
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the campushub binary")
    parser.add_argument("--repo", required=True, help="the repository whose standards/ are scored")
    parser.add_argument("--corpus", required=True, help="the folder make_corpus.py wrote")
    args = parser.parse_args()

    truths = load_truth(args.corpus)
    columns = [(c["column"], c["element"]) for c in truths[0]["cells"]]
    elements = [element for _, element in columns]
    failures, seen = [], []
    for index, (file_name, encoding) in enumerate(FILES):
        out = sync_and_read(args.bin, args.repo, args.corpus, file_name, encoding, columns)
        result = score(truths, out)
        totals = report(file_name, encoding, out, result, elements, show_classes=index == 0)
        share = 100 * result["exact"] / result["rows"]
        if share < EXACT_TARGET:
            failures.append(f"{file_name}: {share:.3f}% of rows exact, under {EXACT_TARGET}%")
        if totals["wrongly rejected"]:
            failures.append(f"{file_name}: {totals['wrongly rejected']} valid values rejected")
        if totals["invalid missed"]:
            failures.append(f"{file_name}: {totals['invalid missed']} invalid values missed")
        seen.append(comparable(truths, out))

    differing = [row for row in seen[0] if seen[0][row] != seen[1][row]]
    if differing:
        failures.append(f"the UTF-8 and GB18030 files differ on {len(differing)} rows")
        print(f"\nfirst {min(SHOWN, len(differing))} rows where the files differ:")
        for row in differing[:SHOWN]:
            print(f"  row {row}: utf-8 {seen[0][row]!r}\n  {'':>{len(str(row)) + 4}} gb18030 {seen[1][row]!r}")
    else:
        print("\nthe UTF-8 and GB18030 files give identical outcomes")

    for failure in failures:
        print("FAIL: " + failure)
    print("cleaning corpus: " + ("FAILED" if failures else "PASSED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
