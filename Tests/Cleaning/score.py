#!/usr/bin/env python3
"""Scores campushub against the dirty-export corpus of make_corpus.py.

For each file (UTF-8 and GB18030) it builds a workspace from the repository's
(the shipped standards and cleaning configuration are what is scored), a CSV
connector and a mapping from column to element with no value maps, syncs it
into a fresh SQLite store with `campushub sync`, and compares the golden
records and quarantined rows with the ground truth.

    python score.py --bin CAMPUSHUB --repo REPO --corpus DIR

Prints the score table (element x right / wrongly rejected / wrongly altered /
held with its row / invalid caught / invalid missed) and the share of rows
whose outcome is exactly right. Exit 1 when that share is under 99.9%, when a
valid value was rejected, an invalid one missed, or the two files differ.
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

from make_corpus import COLUMNS

EXACT_TARGET = 0.999


def workspace(repo, corpus, file_name, encoding):
    root = tempfile.mkdtemp(prefix="cleaning-")
    # The demo college's workspace (its sharing policies name its connectors), plus the export's stream.
    for folder in ("standards", "connectors", "mappings"):
        shutil.copytree(os.path.join(repo, folder), os.path.join(root, folder))
    connector = {"name": "steward", "title": "a department's student export", "kind": "csv",
                 "streams": [{"name": "students", "file": os.path.join(corpus, file_name), "encoding": encoding,
                              "rejectThreshold": 1.0}]}
    mapping = {"stream": "steward.students", "entity": "student",
               "fields": {element: {"from": header} for header, element in COLUMNS}}
    with open(os.path.join(root, "connectors", "steward.json"), "w", encoding="utf-8") as f:
        json.dump(connector, f, ensure_ascii=False)
    with open(os.path.join(root, "mappings", "steward.students.json"), "w", encoding="utf-8") as f:
        json.dump(mapping, f, ensure_ascii=False)
    return root


def campushub(binary, root, *arguments):
    result = subprocess.run([binary, *arguments, "--workspace", root], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"score.py: campushub {' '.join(arguments)} exited {result.returncode}:\n{result.stderr}")
    return result


def run_hub(binary, repo, corpus, file_name, encoding):
    """Sync one file; the outcome per row: ("record", fields) or ("quarantined", {(element, rule)})."""
    root = workspace(repo, corpus, file_name, encoding)
    try:
        sync = campushub(binary, root, "sync", "steward.students")
        log = next((line for line in sync.stderr.splitlines() if ": done: " in line), "")
        db = sqlite3.connect(f"file:{os.path.join(root, 'campushub.db')}?mode=ro", uri=True)
        records = {key: json.loads(fields) for key, fields in db.execute("SELECT key, fields FROM records WHERE entity = 'student'")}
        db.close()
        quarantined = {}
        for line in campushub(binary, root, "rejects", "--run", "1", "--json", "--limit", "1000000").stdout.splitlines():
            entry = json.loads(line)
            quarantined[entry["row"]] = {(issue["element"], issue["rule"]) for issue in entry["issues"]}
        report = campushub(binary, root, "rejects", "--run", "1").stdout
        cleaned = [line for line in report.splitlines() if " cleaned " in f" {line} " or "the hub cleaned" in line]
        return records, quarantined, cleaned, log
    finally:
        shutil.rmtree(root, ignore_errors=True)


def score(truths, records, quarantined):
    table = collections.defaultdict(collections.Counter)
    exact, problems = 0, []
    for truth in truths:
        row, key = truth["row"], truth["key"]
        issues = quarantined.get(row)
        record = None if issues is not None else records.get(key)
        if truth["outcome"] == "record":
            row_right = issues is None and record == truth["fields"]
        else:
            expected = {tuple(issue) for issue in truth["issues"]}
            row_right = issues is not None and {e for e, _ in expected} <= {e for e, _ in issues}
        exact += row_right
        issue_elements = {e for e, _ in issues} if issues is not None else set()
        for element, cell in truth["cells"].items():
            if issues is not None:
                if element in issue_elements:
                    verdict = "invalid caught" if not cell["valid"] else "wrongly rejected"
                else:
                    verdict = "invalid missed" if not cell["valid"] else "held with its row"
            elif record is None:
                verdict = "wrongly rejected" if cell["valid"] else "invalid caught"
            else:
                got = record.get(element)
                if not cell["valid"]:
                    verdict = "invalid caught" if got is None else "invalid missed"
                elif got == cell["expected"]:
                    verdict = "right"
                elif got is None:
                    verdict = "wrongly rejected"
                else:
                    verdict = "wrongly altered"
            table[element][verdict] += 1
            if verdict in ("wrongly rejected", "wrongly altered", "invalid missed") and len(problems) < 10:
                got = sorted(issues) if issues is not None else (record or {}).get(element)
                problems.append(f"row {row} {element} [{cell['class']}] input {cell['input']!r}: expected {cell['expected']!r}, got {got!r}")
    return table, exact, problems


def print_table(table, exact, rows):
    columns = ["right", "wrongly rejected", "wrongly altered", "held with its row", "invalid caught", "invalid missed"]
    print(f"{'ELEMENT':8} " + " ".join(f"{c:>17}" for c in columns))
    totals = collections.Counter()
    for element in [e for _, e in COLUMNS]:
        counts = table[element]
        totals.update(counts)
        print(f"{element:8} " + " ".join(f"{counts[c]:>17}" for c in columns))
    print(f"{'all':8} " + " ".join(f"{totals[c]:>17}" for c in columns))
    print(f"rows exactly right: {exact} of {rows} ({100 * exact / rows:.3f}%; target {100 * EXACT_TARGET:.1f}%)")
    return totals


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--corpus", required=True)
    args = parser.parse_args()
    with open(os.path.join(args.corpus, "truth.jsonl"), encoding="utf-8") as f:
        truths = [json.loads(line) for line in f]
    failed, outcomes = False, []
    for file_name, encoding in [("students.csv", "utf-8"), ("students-gb18030.csv", "gb18030")]:
        records, quarantined, cleaned, log = run_hub(args.bin, args.repo, args.corpus, file_name, encoding)
        table, exact, problems = score(truths, records, quarantined)
        print(f"\n== {file_name} ({encoding}): {log.split(': done: ')[-1] if log else ''}")
        totals = print_table(table, exact, len(truths))
        print("what the hub says it cleaned (campushub rejects --run 1):")
        for line in cleaned:
            print("  " + " ".join(line.split()))
        for problem in problems:
            print("  " + problem)
        if exact < EXACT_TARGET * len(truths):
            print(f"FAIL: {exact / len(truths):.4%} of rows exactly right, under {EXACT_TARGET:.1%}")
            failed = True
        if totals["wrongly rejected"]:
            print(f"FAIL: {totals['wrongly rejected']} valid values rejected")
            failed = True
        if totals["invalid missed"]:
            print(f"FAIL: {totals['invalid missed']} invalid values not caught")
            failed = True
        outcomes.append((records, {row: sorted(issues) for row, issues in quarantined.items()}))
    if outcomes[0] != outcomes[1]:
        print("FAIL: the UTF-8 and GB18030 files gave different golden records or quarantined rows")
        failed = True
    print("\ncleaning corpus: " + ("FAILED" if failed else "PASSED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
