#!/usr/bin/env python3
"""Generates a data steward's dirty student export and the truth to score it by.

    python make_corpus.py --rows 20000 --seed 20261203 --out DIR

writes
    DIR/students.csv           UTF-8, Chinese headers as a department system exports them
    DIR/students-gb18030.csv   the same content in GB18030, no BOM (Excel on Chinese Windows)
    DIR/truth.jsonl            one line per row: the expected outcome and every cell's class

Each row starts as a clean student (Faker zh_CN: name, ID number from ssn(),
phone, e-mail, province and city) and each cell is then written in one of the
forms real exports carry (null markers, Excel and database dates, traditional
characters via zhconv, mobile prefixes, middle-dot look-alikes, padding), or,
rarely, broken on purpose (wrong ID check character, impossible or ambiguous
date, unknown nationality, null in a required field, malformed phone or
e-mail). The expected value of every cell is computed here, from the clean
value, never by asking the hub: the code tables below are copied from the
standards (GB/T 2261.1, GB/T 3304, GB/T 4762, JY/T 1001) rather than read from
the repository's standards/ folder.

Every row is internally consistent (CSRQ = ID digits 7-14, XBM = parity of ID
digit 17) unless it is deliberately invalid. Same seed, same Faker 40.x and
zhconv 1.4.3: same files.
"""
import argparse
import csv
import datetime
import io
import json
import os
import random
import sys
import types
from collections import Counter

import zhconv
from faker import Faker
import faker.providers.ssn.zh_CN as faker_ssn_zh

# The day the export was taken. Faker's zh_CN ssn() counts ages back from
# date.today(); pinning it keeps the corpus the same whatever day it is made.
EXPORT_DAY = datetime.date(2026, 9, 1)


class _ExportDay(datetime.date):
    @classmethod
    def today(cls):
        return EXPORT_DAY


faker_ssn_zh.datetime = types.SimpleNamespace(date=_ExportDay, timedelta=datetime.timedelta)

# (header as exported, data element)
COLUMNS = [
    ("学号", "XH"),
    ("姓名", "XM"),
    ("曾用名", "CYM"),
    ("性别", "XBM"),
    ("出生日期", "CSRQ"),
    ("身份证件类型", "SFZJLXM"),
    ("身份证号", "SFZJH"),
    ("民族", "MZM"),
    ("政治面貌", "ZZMMM"),
    ("血型", "XXM"),
    ("籍贯", "JG"),
    ("手机号码", "YDDH"),
    ("电子邮箱", "DZYX"),
    ("入学年月", "RXNY"),
]

# GB/T 3304-1991 民族, code -> name
MZ = {
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族",
    "07": "彝族", "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族",
    "13": "瑶族", "14": "白族", "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族",
    "19": "黎族", "20": "傈僳族", "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族",
    "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族", "29": "柯尔克孜族", "30": "土族",
    "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族", "36": "毛南族",
    "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族", "41": "塔吉克族", "42": "怒族",
    "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族", "47": "保安族", "48": "裕固族",
    "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族", "53": "赫哲族", "54": "门巴族",
    "55": "珞巴族", "56": "基诺族",
}
# Rough shares of a college in the east; every other nationality shares the rest.
MZ_WEIGHTS = {"01": 850, "08": 14, "03": 9, "11": 9, "05": 8, "06": 8, "07": 7, "15": 7, "04": 5,
              "02": 5, "12": 3, "09": 3, "13": 3, "14": 2, "10": 2, "16": 2, "17": 1, "19": 1, "18": 1}
# Nationalities of the Uyghur-style names below (the naming custom is shared).
MZ_OF_DOTTED_NAMES = ["05"] * 8 + ["17", "43", "41", "29", "50"]
UNKNOWN_NATIONALITIES = ["火星族", "月亮族", "精灵族", "外星族"]

# GB/T 4762-1984 政治面貌: what a student export writes, and its code
ZZMM_WRITTEN = [  # (written, code, weight)
    ("共青团员", "03", 520), ("中国共产主义青年团团员", "03", 100), ("团员", "03", 40),
    ("群众", "13", 220), ("中国共产党党员", "01", 25), ("中共党员", "01", 20),
    ("中国共产党预备党员", "02", 15), ("中共预备党员", "02", 10), ("九三学社社员", "10", 1),
    ("无党派民主人士", "12", 1),
]
ZZMM_CODES = sorted({code for _, code, _ in ZZMM_WRITTEN})

# GB/T 2261.1 性别; JY/T 1001 身份证件类型; 血型 (JY/T 1001 XX)
XB_NAMES = {"1": ["男", "男", "男", "男性"], "2": ["女", "女", "女", "女性"]}
XX_WRITTEN = {"1": ["A型", "A型", "A"], "2": ["B型", "B型", "B"], "3": ["AB型", "AB型", "AB"], "4": ["O型", "O型", "O"]}
XX_WEIGHTS = {"1": 28, "2": 29, "3": 9, "4": 34}

NULL_MARKERS = ["NULL", "null", "无", "-", "/", "—", "N/A", "（空）"]
BLANKS = [" ", "   ", "\u3000", " \u3000 ", "\u3000\u3000"]
NAME_DOTS = ["\u00b7", "\u2022", ".", "\uff0e", "\u30fb"]  # · • . ． ・
PADS = [" ", "  ", "\u3000", " \u3000"]
TRADITIONAL = ["zh-hant", "zh-tw", "zh-hk"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
EXCEL_EPOCH = datetime.date(1899, 12, 30)
BEIJING = datetime.timezone(datetime.timedelta(hours=8))

# Parts of Uyghur-style names (given name, then the father's name), as written in Chinese.
DOTTED_NAME_PARTS = [
    "买买提", "阿不都热依木", "艾尔肯", "吐尔逊", "阿依古丽", "热依拉", "古丽娜尔", "努尔", "艾力",
    "伊力哈木", "阿卜杜拉", "迪丽拜尔", "帕提古丽", "麦麦提", "依明", "吾斯曼", "卡德尔", "木拉提",
    "热合曼", "阿布都克里木", "玉苏甫", "努尔麦麦提", "再努尔", "米日古丽", "阿力木", "艾山",
    "托合提", "沙吾提", "祖丽菲娅", "排尔哈提", "阿曼古丽", "亚森", "库尔班", "塔依尔",
]

# Faker's area codes, less Taiwan and the Hong Kong/Macau/Taiwan residence
# permits: the corpus writes 居民身份证 (SFZJLXM 1) for every student.
AREA_CODES = [c for c in faker_ssn_zh.Provider.area_codes if c[:2] not in ("71", "81", "82", "83")]


def cell(written, cls, expected, valid=True, rule=None):
    """One cell: what the export writes, its class, and what the hub must make of it.
    A valid cell's expected value is the canonical form (None: empty). An invalid
    one names the rule that must catch it."""
    c = {"input": written, "class": cls, "valid": valid, "expected": expected if valid else None}
    if rule:
        c["rule"] = rule
    return c


def weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def fullwidth(text):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def insert_space(rng, text):
    """汉族 -> 汉 族: a space (or an ideographic one) between two characters."""
    at = rng.randrange(1, len(text))
    return text[:at] + rng.choice([" ", " ", "  ", "\u3000"]) + text[at:]


def traditional(rng, text):
    """The name in traditional characters (zhconv), or None when they are the same."""
    for variant in rng.sample(TRADITIONAL, len(TRADITIONAL)):
        converted = zhconv.convert(text, variant)
        if converted != text:
            return converted
    return None


def null_cell(rng):
    if rng.random() < 0.3:
        return cell(rng.choice(BLANKS), "blank", None)
    return cell(rng.choice(NULL_MARKERS), "null-marker", None)


def pad(rng, text):
    where = rng.choice(["left", "right", "both"])
    left = rng.choice(PADS) if where in ("left", "both") else ""
    right = rng.choice(PADS) if where in ("right", "both") else ""
    return left + text + right


# --- one generator per column ------------------------------------------------

def dotted_name(rng):
    parts = rng.sample(DOTTED_NAME_PARTS, 2)
    return parts, "\u00b7".join(parts)


def person_name_cell(rng, fake, shares, dotted=None):
    """XM and CYM (personName). dotted: the parts of a Uyghur-style name."""
    r = rng.random()
    if dotted or r < shares["dotted"]:
        parts = dotted or dotted_name(rng)[0]
        dot = rng.choice(NAME_DOTS)
        written = dot.join(parts)
        if rng.random() < 0.15:
            written = pad(rng, written)
        return cell(written, "name-dot" if dot != "\u00b7" else "name-dot-canonical", "\u00b7".join(parts))
    name = fake.name()
    if r < shares["dotted"] + shares["padded"]:
        return cell(pad(rng, name), "padded", name)
    return cell(name, "plain", name)


def cym_cell(rng, fake):
    r = rng.random()
    if r < 0.80:
        return cell("", "empty", None)
    if r < 0.88:
        return null_cell(rng)
    return person_name_cell(rng, fake, {"dotted": 0.12, "padded": 0.12})


def xbm_cell(rng, sex):
    r = rng.random()
    if r < 0.004:
        c = null_cell(rng)
        return cell(c["input"], "required-" + c["class"], None, valid=False, rule="required")
    if r < 0.034:
        return cell(fullwidth(sex), "fullwidth", sex)
    if r < 0.40:
        return cell(sex, "plain", sex)
    return cell(rng.choice(XB_NAMES[sex]), "plain-name", sex)


def csrq_cell(rng, birth):
    y, m, d = birth.year, birth.month, birth.day
    canon = birth.strftime("%Y%m%d")
    r = rng.random()
    forms = [  # (upper bound of r, class, written)
        (0.004, "invalid-null", None),
        (0.009, "invalid-ambiguous", f"{y % 100:02d}-{m:02d}-{d:02d}"),
        (0.014, "invalid-impossible", None),
        (0.040, "excel-number", canon + ".0"),
        (0.065, "db-datetime", f"{y}-{m:02d}-{d:02d} 00:00:00" + rng.choice([".000", ".0", ""])),
        (0.090, "excel-datetime", f"{y}/{m}/{d} 0:00"),
        (0.115, "oracle-dd-mon-rr", f"{d:02d}-{MONTHS[m - 1]}-{y % 100:02d}"),
        (0.140, "iso-offset", f"{y}-{m:02d}-{d:02d}T00:00:00+08:00"),
        (0.165, "utc-instant", None),
        (0.190, "excel-serial", None),
        (0.290, "date-form", rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日", f"{y}.{m}.{d}"])),
    ]
    for bound, cls, written in forms:
        if r < bound:
            break
    else:
        return cell(canon, "plain", canon)
    if cls == "invalid-null":
        c = null_cell(rng)
        return cell(c["input"], "required-" + c["class"], None, valid=False, rule="required")
    if cls == "invalid-ambiguous":
        return cell(written, cls, None, valid=False, rule="date")
    if cls == "invalid-impossible":
        bad = rng.choice(["0230", "0231", "0431", "0631", "0931", "1131", "1332", "0000"])
        if y % 4 != 0 and rng.random() < 0.3:
            bad = "0229"
        return cell(f"{y}{bad}", cls, None, valid=False, rule="date")
    if cls == "utc-instant":
        midnight = datetime.datetime(y, m, d, tzinfo=BEIJING)
        written = midnight.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif cls == "excel-serial":
        written = f"{(birth - EXCEL_EPOCH).days}{rng.choice(['.0', '.0', '.5', '.75'])}"
    return cell(written, cls, canon)


def sfzjlxm_cell(rng):
    r = rng.random()
    if r < 0.05:
        return cell(zhconv.convert("居民身份证", rng.choice(TRADITIONAL)), "traditional", "1")
    if r < 0.08:
        return cell("\uff11", "fullwidth", "1")
    if r < 0.50:
        return cell("1", "plain", "1")
    return cell("居民身份证", "plain-name", "1")


def sfzjh_cell(rng, number):
    r = rng.random()
    if r < 0.006:
        wrong = rng.choice([c for c in "0123456789X" if c != number[-1]])
        return cell(number[:-1] + wrong, "invalid-checksum", None, valid=False, rule="checksum")
    if number.endswith("X") and r < 0.5:
        return cell(number[:-1] + "x", "lower-x", number)
    if r < 0.02:
        return cell(pad(rng, number), "padded", number)
    return cell(number, "plain", number)


def mzm_cell(rng, code):
    name = MZ[code]
    r = rng.random()
    if r < 0.005:
        return cell(rng.choice(UNKNOWN_NATIONALITIES), "invalid-unknown", None, valid=False, rule="code")
    if r < 0.085:
        written = traditional(rng, name)
        if written:
            return cell(written, "traditional", code)
    elif r < 0.125:
        return cell(insert_space(rng, name), "spacing", code)
    elif r < 0.135:
        return cell(fullwidth(code), "fullwidth", code)
    elif r < 0.185:
        return cell(code, "plain-code", code)
    return cell(name, "plain", code)


def zzmmm_cell(rng):
    r = rng.random()
    if r < 0.05:
        return cell("", "empty", None)
    if r < 0.11:
        return null_cell(rng)
    written, code, _ = rng.choices(ZZMM_WRITTEN, weights=[w for _, _, w in ZZMM_WRITTEN])[0]
    if r < 0.19:
        return cell(zhconv.convert(written, rng.choice(TRADITIONAL)), "traditional", code)
    if r < 0.22:
        return cell(insert_space(rng, written), "spacing", code)
    if r < 0.23:
        return cell(fullwidth(code), "fullwidth", code)
    return cell(written, "plain", code)


def xxm_cell(rng):
    r = rng.random()
    if r < 0.45:
        return cell("", "empty", None)
    if r < 0.53:
        return null_cell(rng)
    code = weighted(rng, XX_WEIGHTS)
    written = rng.choice(XX_WRITTEN[code])
    if r < 0.56:
        return cell(fullwidth(written), "fullwidth", code)
    return cell(written, "plain", code)


def jg_cell(rng, fake):
    r = rng.random()
    if r < 0.20:
        return cell("", "empty", None)
    if r < 0.28:
        return null_cell(rng)
    place = fake.province() + fake.city()
    return cell(place, "plain", place)


def yddh_cell(rng, fake):
    r = rng.random()
    if r < 0.03:
        return cell("", "empty", None)
    if r < 0.08:
        return null_cell(rng)
    number = fake.phone_number()
    a, b, c = number[:3], number[3:7], number[7:]
    if r < 0.11:
        bad = rng.choice([
            number[:10],                                   # a digit lost
            number[0] + rng.choice("012") + number[2:],    # no such mobile prefix
            "+86 " + number[:10],
        ])
        return cell(bad, "invalid-mobile", None, valid=False, rule="format")
    if r < 0.23:
        written = rng.choice([
            f"+86 {a}-{b}-{c}", f"+86 {number}", f"+86{number}", f"86 {number}", f"0086 {number}",
            f"(+86) {a}-{b}-{c}", f"(+86){number}", f"+86-{a}-{b}-{c}", f"{a}-{b}-{c}", f"{a} {b} {c}",
        ])
        return cell(written, "mobile-prefix", number)
    return cell(number, "plain", number)


def dzyx_cell(rng, fake):
    r = rng.random()
    if r < 0.35:
        return cell("", "empty", None)
    if r < 0.40:
        return null_cell(rng)
    address = fake.email()
    local, domain = address.split("@")
    if r < 0.43:
        bad = rng.choice([f"{local}.{domain}", f"{local}@@{domain}", f"{local}@", f"{local} @{domain}", f"@{domain}"])
        return cell(bad, "invalid-email", None, valid=False, rule="format")
    if r < 0.48:
        if rng.random() < 0.4:
            local = local[:1].upper() + local[1:]
        return cell(f"{local}@{domain.upper()}", "upper-domain", f"{local}@{domain}")
    return cell(address, "plain", address)


def rxny_cell(rng, year, month):
    canon = f"{year}{month:02d}"
    if rng.random() < 0.15:
        return cell(rng.choice([f"{year}-{month:02d}", f"{year}年{month}月", f"{year}/{month:02d}"]), "yearmonth-form", canon)
    return cell(canon, "plain", canon)


# --- rows ---------------------------------------------------------------------

def student(rng, fake, index):
    adult = rng.random() < 0.06  # continuing education: older students, 19xx births
    number = fake.ssn(min_age=25 if adult else 17, max_age=45 if adult else 24,
                      area_code=fake.random_element(AREA_CODES))
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    if adult:
        rx_year = rng.randint(2021, 2026)
    else:
        rx_year = min(birth.year + rng.choice([18, 18, 19]), 2026)
    rx_month = 9 if rng.random() < 0.9 else 3
    dotted = dotted_name(rng)[0] if rng.random() < 0.06 else None
    mz = rng.choice(MZ_OF_DOTTED_NAMES) if dotted else weighted(rng, MZ_WEIGHTS)
    if rng.random() < 0.02:  # everyone else
        mz = rng.choice(sorted(MZ))
    xh = f"{rx_year}{index + 1:06d}"
    cells = {
        "XH": cell(xh, "plain", xh),
        "XM": person_name_cell(rng, fake, {"dotted": 0.0, "padded": 0.04}, dotted),
        "CYM": cym_cell(rng, fake),
        "XBM": xbm_cell(rng, sex),
        "CSRQ": csrq_cell(rng, birth),
        "SFZJLXM": sfzjlxm_cell(rng),
        "SFZJH": sfzjh_cell(rng, number),
        "MZM": mzm_cell(rng, mz),
        "ZZMMM": zzmmm_cell(rng),
        "XXM": xxm_cell(rng),
        "JG": jg_cell(rng, fake),
        "YDDH": yddh_cell(rng, fake),
        "DZYX": dzyx_cell(rng, fake),
        "RXNY": rxny_cell(rng, rx_year, rx_month),
    }
    return xh, cells


DROPPED_ELEMENTS = {"YDDH", "DZYX"}  # severity "drop": the row stays a record without the field


def expected_outcome(cells):
    issues = sorted([el, c["rule"]] for el, c in cells.items() if not c["valid"] and el not in DROPPED_ELEMENTS)
    drops = sorted([el, c["rule"]] for el, c in cells.items() if not c["valid"] and el in DROPPED_ELEMENTS)
    if issues:
        return {"outcome": "quarantined", "issues": issues, "drops": drops}
    fields = {el: c["expected"] for el, c in cells.items() if c["valid"] and c["expected"] is not None}
    return {"outcome": "record", "fields": fields, "drops": drops}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repo", help="accepted and ignored: the code tables are copied from the standards above")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    fake = Faker("zh_CN")
    fake.seed_instance(args.seed)
    os.makedirs(args.out, exist_ok=True)

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    classes = Counter()
    outcomes = Counter()
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as truth:
        for index in range(args.rows):
            key, cells = student(rng, fake, index)
            writer.writerow([cells[element]["input"] for _, element in COLUMNS])
            line = {"row": index + 2, "key": key, **expected_outcome(cells), "cells": [
                {"element": element, "column": header, **cells[element]} for header, element in COLUMNS]}
            truth.write(json.dumps(line, ensure_ascii=False) + "\n")
            outcomes[line["outcome"]] += 1
            classes.update(f"{element}:{c['class']}" for element, c in cells.items())

    data = text.getvalue()
    with open(os.path.join(args.out, "students.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(data)
    with open(os.path.join(args.out, "students-gb18030.csv"), "wb") as f:
        f.write(data.encode("gb18030"))

    print(f"make_corpus: {args.rows} rows ({outcomes['record']} records, {outcomes['quarantined']} to quarantine) "
          f"in {args.out}, seed {args.seed}")
    by_element = {}
    for name, count in sorted(classes.items()):
        element, cls = name.split(":", 1)
        by_element.setdefault(element, []).append(f"{cls} {count}")
    for _, element in COLUMNS:
        print(f"  {element:8} " + ", ".join(by_element[element]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
