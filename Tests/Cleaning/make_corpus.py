#!/usr/bin/env python3
"""A dirty student export, as department systems really write one, with its
ground truth: what the hub must make of every row.

Values come from Faker's zh_CN provider (names, identity numbers, phones,
e-mail addresses, places) and traditional characters from zhconv, both from
PyPI and independent of the hub. Each row is clean or carries the dirt of one
or more classes of issue 16 (null markers, dates through Excel and databases,
traditional and spaced code names, mobile prefixes, name dots), and a few rows
carry a value that is really invalid and must be caught.

    python make_corpus.py --rows 20000 --seed 20261203 --out DIR

writes DIR/students.csv (UTF-8), DIR/students-gb18030.csv (the same rows,
GB18030 without a BOM) and DIR/truth.jsonl (one line per row: the CSV line
number, the expected outcome and each cell's class, validity and expected value).
"""
import argparse
import csv
import datetime
import io
import json
import os
import random

import zhconv
from faker import Faker

COLUMNS = [("学号", "XH"), ("姓名", "XM"), ("曾用名", "CYM"), ("性别", "XBM"), ("出生日期", "CSRQ"), ("证件类型", "SFZJLXM"),
           ("身份证号", "SFZJH"), ("民族", "MZM"), ("政治面貌", "ZZMMM"), ("血型", "XXM"), ("籍贯", "JG"), ("手机号码", "YDDH"),
           ("电子邮箱", "DZYX"), ("入学年月", "RXNY")]
NULL_MARKERS = ["NULL", "null", "Null", "无", "-", "/", "—", "N/A", "n/a", "（空）", " ", "\u3000", "  ", "\\N", "#N/A"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
UYGHUR_PARTS = ["买买提", "阿不都热依木", "艾力", "热合曼", "吐尔逊", "阿依古丽", "努尔", "帕提古丽", "阿布都", "依明", "古丽娜尔", "克然木",
                "热依汗", "木拉提", "迪丽拜尔", "阿迪力", "麦麦提", "阿卜杜拉", "艾尼瓦尔", "玉素甫"]
DOTS = ["•", ".", "．", "・", "·", "･"]
ETHNIC_WEIGHTS = {"01": 80, "05": 4, "11": 3, "08": 3, "03": 2, "02": 2, "06": 1, "10": 1, "13": 1, "17": 1, "15": 1, "36": 1}
POLITICAL = [("共青团员", "03", 50), ("中国共产主义青年团团员", "03", 10), ("群众", "13", 20), ("中国共产党党员", "01", 4),
             ("中共党员", "01", 3), ("中国共产党预备党员", "02", 2), ("团员", "03", 5)]
BLOOD = [("A型", "1"), ("B型", "2"), ("AB型", "3"), ("O型", "4"), ("A", "1"), ("O", "4")]


def code_table(repo, name):
    with open(os.path.join(repo, "standards", "codes", f"{name}.csv"), encoding="utf-8", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


class Row:
    """One export row: the cells as written and, per element, (class, valid, expected)."""

    def __init__(self):
        self.cells = {}
        self.truth = {}

    def put(self, element, written, kind, expected, valid=True):
        self.cells[element] = written
        self.truth[element] = {"class": kind, "valid": valid, "expected": expected}


def traditional(text, rng):
    return zhconv.convert(text, rng.choice(["zh-hant", "zh-tw", "zh-hk"]))


def null_marker(rng):
    return rng.choice(NULL_MARKERS)


def dated(rng, birth):
    """A birth date in one of the forms exports write, with the class it belongs to."""
    y, m, d = birth.year, birth.month, birth.day
    utc_midnight = datetime.datetime(y, m, d) - datetime.timedelta(hours=8)
    serial = (birth - datetime.date(1899, 12, 30)).days
    forms = [
        ("plain", f"{y:04d}-{m:02d}-{d:02d}", 30), ("plain", f"{y:04d}{m:02d}{d:02d}", 10), ("plain", f"{y}/{m}/{d}", 8),
        ("plain", f"{y}年{m}月{d}日", 6),
        ("excel-number", f"{y:04d}{m:02d}{d:02d}.0", 6), ("db-timestamp", f"{y:04d}-{m:02d}-{d:02d} 00:00:00.000", 6),
        ("excel-datetime", f"{y}/{m}/{d} 0:00", 6), ("oracle", f"{d:02d}-{MONTHS[m - 1]}-{y % 100:02d}", 6),
        ("iso-offset", f"{y:04d}-{m:02d}-{d:02d}T00:00:00+08:00", 5), ("utc-instant", utc_midnight.strftime("%Y-%m-%dT%H:%M:%SZ"), 5),
        ("excel-serial", f"{serial}.{rng.choice(['0', '5', '25', '75'])}", 6), ("excel-serial", str(serial), 3),
    ]
    kind, text, _ = rng.choices(forms, weights=[w for _, _, w in forms])[0]
    return kind, text


def mobile_spelling(rng, number):
    a, b, c = number[:3], number[3:7], number[7:]
    forms = [("plain", number, 55), ("prefix", f"+86 {a} {b} {c}", 8), ("prefix", f"86 {number}", 6), ("prefix", f"86{number}", 4),
             ("prefix", f"0086-{a}-{b}-{c}", 5), ("prefix", f"(+86){a}-{b}-{c}", 5), ("prefix", f"（+86）{a} {b} {c}", 3),
             ("separators", f"{a}-{b}-{c}", 7), ("separators", f"{a} {b} {c}", 7)]
    kind, text, _ = rng.choices(forms, weights=[w for _, _, w in forms])[0]
    return kind, text


def minority_name(rng):
    parts = rng.sample(UYGHUR_PARTS, 2)
    dot = rng.choice(DOTS)
    spaced = rng.random() < 0.15
    written = (f" {dot} " if spaced else dot).join(parts)
    return ("name-dots" if dot != "·" or spaced else "plain"), written, "·".join(parts)


def padded(rng, text):
    return rng.choice([" " + text, text + " ", "\u3000" + text, text + "\u3000", " \u3000" + text + " "])


def make_row(index, fake, rng, mz, invalid):
    row = Row()
    row.put("XH", f"2024{index:06d}", "plain", f"2024{index:06d}")

    ssn = fake.ssn(min_age=16, max_age=30)
    birth = datetime.date(int(ssn[6:10]), int(ssn[10:12]), int(ssn[12:14]))
    male = int(ssn[16]) % 2 == 1

    # 姓名: Han names from Faker, ~8% Uyghur-style names with a middle dot, ~4% padded.
    if rng.random() < 0.08:
        kind, written, expected = minority_name(rng)
    else:
        kind, written, expected = "plain", fake.name(), None
        expected = written
    if rng.random() < 0.04:
        written, kind = padded(rng, written), "name-spaces"
    row.put("XM", written, kind, expected)

    # 曾用名: mostly empty, some names, some null markers.
    r = rng.random()
    if r < 0.70:
        row.put("CYM", "", "empty", None)
    elif r < 0.85:
        row.put("CYM", null_marker(rng), "null-marker", None)
    else:
        name = fake.name()
        row.put("CYM", name, "plain", name)

    # 性别: agrees with the identity number; a null marker in this required field quarantines the row.
    if invalid == "XBM":
        row.put("XBM", rng.choice(["NULL", "无", "-", "N/A"]), "null-marker-required", None, valid=False)
    else:
        text = rng.choice(["男", "1", "男性", "M"] if male else ["女", "2", "女性", "F"])
        row.put("XBM", text, "plain", "1" if male else "2")

    if invalid == "CSRQ-ambiguous":
        row.put("CSRQ", f"{birth.year % 100:02d}-{birth.month:02d}-{birth.day:02d}", "ambiguous-date", None, valid=False)
    elif invalid == "CSRQ-impossible":
        row.put("CSRQ", f"{birth.year:04d}-02-{rng.choice([30, 31])}", "impossible-date", None, valid=False)
    else:
        kind, text = dated(rng, birth)
        row.put("CSRQ", text, kind, birth.strftime("%Y%m%d"))

    row.put("SFZJLXM", rng.choice(["居民身份证", "1"]), "plain", "1")
    if invalid == "SFZJH":
        check = "0123456789X".replace(ssn[17], "")
        row.put("SFZJH", ssn[:17] + rng.choice(check), "wrong-check-character", None, valid=False)
    else:
        row.put("SFZJH", ssn, "plain", ssn)

    # 民族: names mostly; ~12% traditional, ~3% spaced, ~5% codes; invalid names caught.
    if invalid == "MZM":
        row.put("MZM", rng.choice(["火星族", "汉族人", "地球族"]), "unknown-code", None, valid=False)
    else:
        code = rng.choices(list(ETHNIC_WEIGHTS), weights=list(ETHNIC_WEIGHTS.values()))[0]
        name = mz[code]
        r, written = rng.random(), traditional(mz[code], rng)
        if r < 0.12 and written != name:
            row.put("MZM", written, "traditional", code)
        elif r < 0.15:
            row.put("MZM", name[0] + rng.choice([" ", "\u3000"]) + name[1:], "spaced-name", code)
        elif r < 0.20:
            row.put("MZM", code, "plain", code)
        else:
            row.put("MZM", name, "plain", code)

    # 政治面貌: optional; null markers, traditional names.
    r = rng.random()
    if r < 0.12:
        row.put("ZZMMM", null_marker(rng), "null-marker", None)
    elif r < 0.15:
        row.put("ZZMMM", "", "empty", None)
    else:
        text, code, _ = rng.choices(POLITICAL, weights=[w for _, _, w in POLITICAL])[0]
        if rng.random() < 0.15 and zhconv.convert(text, "zh-hant") != text:
            row.put("ZZMMM", traditional(text, rng), "traditional", code)
        else:
            row.put("ZZMMM", text, "plain", code)

    # 血型: optional, often a null marker.
    r = rng.random()
    if r < 0.30:
        row.put("XXM", null_marker(rng), "null-marker", None)
    elif r < 0.60:
        row.put("XXM", "", "empty", None)
    else:
        text, code = rng.choice(BLOOD)
        row.put("XXM", text, "plain", code)

    # 籍贯: free text; null markers are empty, not kept as the value.
    r = rng.random()
    if r < 0.15:
        row.put("JG", null_marker(rng), "null-marker", None)
    else:
        place = fake.province() + fake.city_name()
        if rng.random() < 0.05:
            row.put("JG", padded(rng, place), "text-spaces", place)
        else:
            row.put("JG", place, "plain", place)

    # 手机号码: prefixes and separators; a few really invalid ones are dropped (the row stays).
    r = rng.random()
    number = fake.phone_number()
    if invalid == "YDDH":
        bad = rng.choice([number[:10], "12" + number[2:], "10" + number[2:], "+86 " + number[:10]])
        row.put("YDDH", bad, "invalid-mobile", None, valid=False)
    elif r < 0.08:
        row.put("YDDH", null_marker(rng), "null-marker", None)
    else:
        kind, text = mobile_spelling(rng, number)
        row.put("YDDH", text, kind, number)

    # 电子邮箱: optional, some with an upper-case domain.
    r = rng.random()
    email = fake.email()
    if r < 0.10:
        row.put("DZYX", null_marker(rng), "null-marker", None)
    elif r < 0.15:
        local, domain = email.split("@")
        row.put("DZYX", local + "@" + domain.upper(), "email-case", email)
    else:
        row.put("DZYX", email, "plain", email)

    year = rng.choice([2022, 2023, 2024])
    kind, text = rng.choice([("plain", f"{year}-09"), ("plain", f"{year}09"), ("plain", f"{year}年9月"),
                             ("excel-number", f"{year}09.0"), ("db-timestamp", f"{year}-09-01 00:00:00")])
    row.put("RXNY", text, kind, f"{year}09")
    return row


def outcome(row):
    """What the hub must do with the row: a record with exactly these fields, or quarantine for these elements."""
    rejecting = {e for e, t in row.truth.items() if not t["valid"] and e not in ("YDDH", "DZYX")}
    if rejecting:
        rules = {"XBM": "required", "SFZJH": "checksum", "MZM": "code"}
        return {"outcome": "quarantined", "issues": sorted([e, rules.get(e, "date")] for e in rejecting)}
    fields = {e: t["expected"] for e, t in row.truth.items() if t["valid"] and t["expected"] is not None}
    return {"outcome": "record", "fields": fields}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    fake = Faker("zh_CN")
    fake.seed_instance(args.seed)
    rng = random.Random(args.seed)
    mz = code_table(args.repo, "MZ")
    invalid_kinds = ["XBM", "CSRQ-ambiguous", "CSRQ-impossible", "SFZJH", "MZM", "YDDH"]

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as truth:
        for index in range(1, args.rows + 1):
            invalid = rng.choice(invalid_kinds) if rng.random() < 0.02 else None
            row = make_row(index, fake, rng, mz, invalid)
            writer.writerow([row.cells[element] for _, element in COLUMNS])
            record = {"row": index + 1, "key": row.cells["XH"], **outcome(row),
                      "cells": {e: {**t, "input": row.cells[e]} for e, t in row.truth.items()}}
            truth.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "students.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(text.getvalue())
    with open(os.path.join(args.out, "students-gb18030.csv"), "w", encoding="gb18030", newline="") as f:
        f.write(text.getvalue())
    print(f"make_corpus: {args.rows} rows in {args.out} (students.csv, students-gb18030.csv, truth.jsonl)")


if __name__ == "__main__":
    main()
