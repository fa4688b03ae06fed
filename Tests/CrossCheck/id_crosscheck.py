#!/usr/bin/env python3
"""Cross-checks campushub's SFZJH (GB 11643 identity number) normaliser against
the python peer id-validator (standards.md §4, §5).

Faker zh_CN ssn() makes valid 18-character numbers from a fixed seed; about 40%
of them are corrupted in labelled, realistic ways (see MUTATIONS). All inputs go
to ONE `campushub normalize SFZJH` process on stdin, one per line. For every
input the hub's verdict (ok) is compared with `validator.is_valid(raw)`.

A disagreement passes only when explain() names a documented difference AND has
verified it (by re-running id-validator on the value the hub actually cleaned,
or with the area code swapped for one id-validator knows). Besides the peer
comparison the script checks the hub against what each mutation is known to be
(valid or not, and which rule it breaks) and checks every value the hub
accepted (18 characters, upper-case X, 15-digit inputs equal to upgrade_id).

Exit 0 only when: the binary ran, >= MIN_COMPARED inputs were compared, every
disagreement is explained, and no hub verdict, rule or value is wrong.
"""
import argparse
import collections
import datetime
import functools
import importlib.metadata
import json
import random
import subprocess
import sys
import time
import types

from faker import Faker
import faker.providers.ssn.zh_CN as faker_zh_ssn
from id_validator import validator, helper
from id_validator import data as idv_data

SEED = 20241211
BASE_COUNT = 12_000          # Faker numbers generated (each is one input)
MUTATE_SHARE = 0.40
MIN_COMPARED = 10_000
# Faker's ssn() counts ages back from date.today(); anchoring "today" makes the
# generated numbers the same on every run, not only the same random choices.
ANCHOR_TODAY = datetime.date(2025, 1, 1)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"
# The spaces the hub removes (TextCleaning.isSpace), of those the mutations use.
SPACE_CHARS = {" ", "\t", "\u00a0", "\u3000", "\u2009", "\u202f"}
# Numeric nationality codes (ISO 3166-1) for synthetic 外国人永久居留身份证 numbers.
NATIONALITIES = ["840", "392", "410", "250", "276", "826", "643", "036", "124", "764"]

# ---------------------------------------------------------------- reasons ---
R_SPACES = ("campushub strips surrounding and inner spaces of any kind (standards.md §6.6); "
            "id-validator counts them as characters and rejects the length")
R_FULLWIDTH = ("campushub converts full-width digits and Ｘ to ASCII (NFKC, standards.md §6.6); "
               "id-validator does not")
R_AREA = ("id-validator checks the area code against its 2021 MCA list and needs a county-level code; "
          "campushub accepts any 6-digit area (historical codes must not be rejected, standards.md §4.1, §6.13)")
R_FOREIGN = ("campushub accepts 9xxxxx 外国人永久居留身份证 numbers with a right MOD 11-2 check (standards.md §4.4, "
             "issued since 2023-12); id-validator's data is frozen in 2021 and has no 9x area")


def check_char(body17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def with_check(body17: str) -> str:
    return body17 + check_char(body17)


def is_real_date(yyyymmdd: str) -> bool:
    try:
        datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1800 <= int(yyyymmdd[:4]) <= 2100   # IdentityNumber.birthYears


def hub_clean(raw: str) -> str:
    """What IdentityNumber.parse does before validating: full-width forms
    (U+FF01-FF5E, U+3000) to ASCII, then every space removed, final x upper-cased."""
    out = []
    for c in raw:
        if 0xFF01 <= ord(c) <= 0xFF5E:
            c = chr(ord(c) - 0xFEE0)
        elif c == "\u3000":
            c = " "
        if c in SPACE_CHARS:
            continue
        out.append(c)
    s = "".join(out)
    return s[:-1] + "X" if s.endswith("x") else s


def upgrade15(n15: str) -> str:
    return with_check(n15[:6] + "19" + n15[6:])


# -------------------------------------------------------------- mutations ---
# Each takes (rng, id18) and returns (raw, truth) or None when it does not
# apply. truth = None when the result is a valid number the hub must accept,
# else the set of hub rules that may legitimately reject it.

def m_body_digit(rng, n):
    pos = rng.randint(6, 16)                      # positions 7-17
    d = rng.choice([c for c in "0123456789" if c != n[pos]])
    raw = n[:pos] + d + n[pos + 1:]
    # one changed digit always breaks MOD 11-2; the hub checks the date first
    return raw, {"checksum"} if is_real_date(raw[6:14]) else {"birthdate"}


def m_check_char(rng, n):
    return n[:17] + rng.choice([c for c in CHECK_CHARS if c != n[17]]), {"checksum"}


def m_bad_date(rng, n):
    year = n[6:10]
    date = year + ("0230" if rng.random() < 0.5 else "13" + n[12:14])
    return with_check(n[:6] + date + n[14:17]), {"birthdate"}


def m_lower_x(rng, n):
    if n[17] != "X":
        return None
    return n[:17] + "x", None


def m_spaces(rng, n):
    style = rng.randrange(5)
    if style == 0:    # surrounding ASCII/tab spaces
        return rng.choice([" ", "  ", "\t"]) + n + rng.choice(["", " ", "\t"]), None
    if style == 1:    # trailing only (the classic copy-paste)
        return n + rng.choice([" ", "   "]), None
    if style == 2:    # 6-8-4 grouping
        return f"{n[:6]} {n[6:14]} {n[14:]}", None
    if style == 3:    # groups of 4, as printed on forms
        return " ".join(n[i:i + 4] for i in range(0, 18, 4)), None
    # odd spaces: no-break, ideographic, thin, narrow no-break
    return (rng.choice(["\u00a0", "\u3000"]) + n[:6] + rng.choice(["\u2009", "\u202f", "\u00a0"])
            + n[6:] + rng.choice(["\u3000", "\u00a0", ""])), None


def m_fullwidth(rng, n):
    full = lambda c: chr(ord(c) + 0xFEE0)
    if rng.random() < 0.7:
        return "".join(full(c) for c in n), None          # IME in full-width mode
    idx = set(rng.sample(range(18), rng.randint(1, 6)))   # a few keys mistyped
    return "".join(full(c) if i in idx else c for i, c in enumerate(n)), None


def m_truncate(rng, n):
    return n[:17], {"format"}


def m_excel_sci(rng, n):
    if n[17] == "X":      # ends in a letter: Excel keeps it as text
        return None
    return f"{int(n) / 1e17:.5f}E+17", {"format"}


def m_excel_zeros(rng, n):
    if n[17] == "X":
        return None
    raw = n[:15] + "000"  # 15 significant digits kept, exported as text
    return raw, (None if check_char(raw[:17]) == raw[17] else {"checksum"})


def m_fifteen(rng, n):
    if not 1900 <= int(n[6:10]) <= 1999:
        return None
    return n[:6] + n[8:17], None


def m_permit(rng, n):
    return with_check(rng.choice(["810000", "820000", "830000"]) + n[6:17]), None


def m_foreign_permanent(rng, n):
    return with_check("9" + n[:2] + rng.choice(NATIONALITIES) + n[6:17]), None


MUTATIONS = {
    "body_digit": m_body_digit,
    "check_char": m_check_char,
    "bad_date": m_bad_date,
    "lower_x": m_lower_x,
    "spaces": m_spaces,
    "fullwidth": m_fullwidth,
    "truncate": m_truncate,
    "excel_sci": m_excel_sci,
    "excel_zeros": m_excel_zeros,
    "fifteen": m_fifteen,
    "permit": m_permit,
    "foreign_permanent": m_foreign_permanent,
}


def generate(seed, count):
    faker_zh_ssn.datetime = types.SimpleNamespace(
        date=type("AnchoredDate", (datetime.date,), {"today": classmethod(lambda cls: ANCHOR_TODAY)}),
        timedelta=datetime.timedelta)
    Faker.seed(seed)
    fake = Faker("zh_CN")
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n = fake.ssn()
        assert len(n) == 18 and check_char(n[:17]) == n[17], f"Faker made a bad number {n!r}"
        if rng.random() >= MUTATE_SHARE:
            cases.append(("none", n, n, None))
            continue
        names = list(MUTATIONS)
        if n[17] == "X" and rng.random() < 0.5:
            names = ["lower_x"]      # only 1 in 11 numbers can show it: favour it
        while True:
            kind = rng.choice(names)
            made = MUTATIONS[kind](rng, n)
            if made is not None:
                break
        raw, truth = made
        assert "\n" not in raw and "\r" not in raw
        cases.append((kind, n, raw, truth))
    return cases


# ------------------------------------------------------------------ peers ---
def speed_up_id_validator():
    """id-validator's data functions rebuild dict literals of ~5,000 codes on
    every call (6 ms per is_valid). Nothing mutates them, so caching changes
    only the speed, not a verdict."""
    for name in ("get_address_code", "get_address_code_timeline", "get_additional_address_code_timeline"):
        setattr(idv_data, name, functools.lru_cache(maxsize=None)(getattr(idv_data, name)))


def their_verdict(raw):
    try:
        return bool(validator.is_valid(raw))
    except Exception as error:          # id-validator bug: count as a rejection, note it
        their_verdict.errors.append((raw, repr(error)))
        return False


their_verdict.errors = []


def run_hub(binary, workspace, inputs):
    stdin = "".join(x + "\n" for x in inputs)
    proc = subprocess.run([binary, "normalize", "SFZJH", "--workspace", workspace],
                          input=stdin.encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"campushub exited {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    lines = proc.stdout.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(inputs):
        raise RuntimeError(f"campushub printed {len(lines)} lines for {len(inputs)} inputs")
    records = []
    for i, (line, raw) in enumerate(zip(lines, inputs)):
        rec = json.loads(line)
        if rec.get("input") != raw:
            raise RuntimeError(f"line {i + 1}: campushub echoed {rec.get('input')!r} for input {raw!r}")
        if not isinstance(rec.get("ok"), bool):
            raise RuntimeError(f"line {i + 1}: no boolean ok in {line!r}")
        records.append(rec)
    return records


# ---------------------------------------------------------------- explain ---
def swap_area(value):
    """The same number with an area code id-validator certainly knows (东城区)."""
    if len(value) == 15:
        return "110101" + value[6:]
    return with_check("110101" + value[6:17])


def explain(kind, raw, ours, theirs):
    """Reason string when a disagreement is a known, documented difference and
    its cause is verified; None otherwise. ours: the hub's JSON record;
    theirs: id-validator's is_valid(raw)."""
    if not ours["ok"] or theirs:
        return None      # no documented case where id-validator is the lenient one
    reasons = []
    value = raw
    if any(0xFF01 <= ord(c) <= 0xFF5E for c in value):
        reasons.append(R_FULLWIDTH)
    if any(c in SPACE_CHARS for c in value):
        reasons.append(R_SPACES)
    value = hub_clean(value)
    if reasons and their_verdict(value):
        return "; ".join(reasons)        # cleaning alone makes id-validator agree
    # What is left must be the area code: everything else id-validator checks
    # passes, and the number with a known area code passes too.
    if len(value) not in (15, 18) or not value[:17].isascii() or not value[:-1].isdigit():
        return None
    code = helper.get_id_argument(value)
    if (helper.check_address_code(code["address_code"], code["birthday_code"])
            or not helper.check_birthday_code(code["birthday_code"])
            or (len(value) == 18 and helper.generator_check_bit(code["body"]) != code["check_bit"])
            or not their_verdict(swap_area(value))):
        return None
    reasons.append(R_FOREIGN if value[0] == "9" else R_AREA)
    return "; ".join(reasons)


# ------------------------------------------------------------ value check ---
def value_problem(kind, raw, ours):
    """None when the hub's accepted value is right, else what is wrong."""
    value = ours.get("value")
    if not isinstance(value, str) or len(value) != 18 or not value[:17].isdigit() \
            or not (value[17].isdigit() or value[17] == "X"):
        return f"value {value!r} is not 17 digits + digit/X"
    if check_char(value[:17]) != value[17]:
        return f"value {value!r} has a wrong check character"
    cleaned = hub_clean(raw)
    if len(cleaned) == 15:
        peer = validator.upgrade_id(cleaned)
        expected = peer if peer else upgrade15(cleaned)
        if peer and peer != upgrade15(cleaned):
            return f"id-validator upgrade_id {peer!r} differs from GB 11643 upgrade {upgrade15(cleaned)!r}"
        if kind == "fifteen" and validator.upgrade_id(raw) not in (False, value):
            return f"value {value!r} != upgrade_id(raw) {validator.upgrade_id(raw)!r}"
    else:
        expected = cleaned.upper()
    if value != expected:
        return f"value {value!r}, expected {expected!r}"
    return None


# ------------------------------------------------------------------- main ---
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the campushub binary")
    ap.add_argument("--workspace", required=True, help="the workspace (repository root)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--count", type=int, default=BASE_COUNT)
    args = ap.parse_args()
    started = time.monotonic()

    speed_up_id_validator()
    cases = generate(args.seed, args.count)
    inputs = [raw for _, _, raw, _ in cases]
    try:
        records = run_hub(args.bin, args.workspace, inputs)
    except (OSError, RuntimeError, ValueError) as error:
        print(f"FAIL: campushub did not run cleanly: {error}", file=sys.stderr)
        return 1

    kinds = collections.Counter(kind for kind, *_ in cases)
    agree = 0
    explained = collections.Counter()
    area_codes = collections.Counter()
    unexplained, wrong_truth, wrong_values = [], [], []
    for (kind, base, raw, truth), ours in zip(cases, records):
        theirs = their_verdict(raw)
        # 1. the hub against what the mutation is known to be
        if truth is None and not ours["ok"]:
            wrong_truth.append((raw, kind, f"rejected a valid number ({ours.get('rule')})"))
        elif truth is not None and ours["ok"]:
            wrong_truth.append((raw, kind, f"accepted an invalid number as {ours.get('value')!r}"))
        elif truth is not None and ours.get("rule") not in truth:
            wrong_truth.append((raw, kind, f"rule {ours.get('rule')!r}, expected one of {sorted(truth)}"))
        # 2. the accepted value
        if ours["ok"]:
            problem = value_problem(kind, raw, ours)
            if problem:
                wrong_values.append((raw, kind, problem))
        # 3. the peer
        if ours["ok"] == theirs:
            agree += 1
            continue
        reason = explain(kind, raw, ours, theirs)
        if reason is None:
            unexplained.append((raw, kind, ours, theirs))
        else:
            explained[reason] += 1
            if R_AREA in reason:
                area_codes[hub_clean(raw)[:6]] += 1

    compared = len(records)
    failed = False
    for raw, kind, ours, theirs in unexplained:
        print(f"UNEXPLAINED input={raw!r} kind={kind} ours={json.dumps(ours, ensure_ascii=False)} "
              f"theirs={'valid' if theirs else 'invalid'}")
        failed = True
    for raw, kind, what in wrong_truth:
        print(f"HUB VERDICT WRONG input={raw!r} kind={kind}: {what}")
        failed = True
    for raw, kind, what in wrong_values:
        print(f"HUB VALUE WRONG input={raw!r} kind={kind}: {what}")
        failed = True
    if compared < MIN_COMPARED:
        print(f"FAIL: only {compared} inputs compared, need {MIN_COMPARED}")
        failed = True

    reasons = "; ".join(
        f"[{n}×] {r}" + (" (area codes: " + ", ".join(f"{c}×{k}" for c, k in area_codes.most_common()) + ")"
                         if r == R_AREA else "")
        for r, n in explained.most_common())
    print(
        f"Summary: compared {compared} identity numbers (Faker {importlib.metadata.version('faker')} zh_CN ssn(), "
        f"seed {args.seed}, ages anchored at {ANCHOR_TODAY}; {kinds['none']} unchanged and "
        f"{compared - kinds['none']} mutated: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()) if k != "none")
        + f") between campushub and id-validator {importlib.metadata.version('id-validator')} in one hub process. "
        f"{agree} agreed; {sum(explained.values())} disagreements were explained by documented differences"
        + (f": {reasons}" if reasons else "")
        + f". Unexplained disagreements: {len(unexplained)}. "
        f"Hub verdicts contradicting the mutation's known validity or rule: {len(wrong_truth)}; "
        f"accepted values checked: {sum(1 for r in records if r['ok'])}, wrong: {len(wrong_values)}. "
        f"id-validator exceptions: {len(their_verdict.errors)}. "
        f"{'FAILED' if failed else 'PASSED'} in {time.monotonic() - started:.1f}s."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
