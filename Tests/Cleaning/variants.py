#!/usr/bin/env python3
"""Writes standards/variants.csv: the traditional and variant characters that
fold to a character of the shipped code tables' names and aliases.

Source: OpenCC (PyPI `opencc`, the maintained traditional/simplified converter),
its character conversions t2s, tw2s and hk2s, plus Unicode NFKC for the CJK
compatibility ideographs. Only characters that occur in standards/codes/*.csv
are targets, and no character of the code tables is ever folded.

    python variants.py --repo REPO            rewrite REPO/standards/variants.csv
    python variants.py --repo REPO --check    exit 1 when the shipped file differs
"""
import argparse
import csv
import glob
import io
import os
import sys
import unicodedata

import opencc

CONFIGS = ("t2s", "tw2s", "hk2s")
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))


def code_table_characters(repo):
    chars = set()
    for path in sorted(glob.glob(os.path.join(repo, "standards", "codes", "*.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for text in [row.get("name") or ""] + (row.get("aliases") or "").split("|"):
                    chars.update(c for c in text if ord(c) >= 0x3400)
    return chars


def folding(targets):
    converters = [opencc.OpenCC(name) for name in CONFIGS]
    table = {}
    for low, high in RANGES:
        for point in range(low, high + 1):
            c = chr(point)
            if c in targets:
                continue
            candidates = [conv.convert(c) for conv in converters] + [unicodedata.normalize("NFKC", c)]
            for folded in candidates:
                if len(folded) == 1 and folded != c and folded in targets:
                    table[c] = folded
                    break
    return table


def render(table):
    out = io.StringIO()
    out.write("variant,standard\n")
    for variant in sorted(table, key=lambda c: (table[c], ord(c))):
        out.write(f"{variant},{table[variant]}\n")
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(folding(code_table_characters(args.repo)))
    path = os.path.join(args.repo, "standards", "variants.csv")
    if args.check:
        with open(path, encoding="utf-8") as f:
            shipped = f.read()
        if shipped != text:
            print(f"variants.py: {path} differs from what OpenCC {opencc.__version__ if hasattr(opencc, '__version__') else ''} "
                  "gives for the code tables; rerun Tests/Cleaning/variants.py --repo . and commit it", file=sys.stderr)
            return 1
        print(f"variants: {path} matches OpenCC ({text.count(chr(10)) - 1} variant characters)")
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"variants: wrote {text.count(chr(10)) - 1} variant characters to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
