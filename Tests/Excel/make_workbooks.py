"""Writes the Excel test's workbooks with independent libraries (openpyxl, XlsxWriter) and, beside
each stream, the rows campushub must read from it (expected/STREAM.jsonl: the columns, then
"ROW<TAB>[values]" a line, exactly as `campushub preview STREAM --raw` prints them).

usage: make_workbooks.py WORKSPACE ROWS
"""
import datetime
import json
import os
import sys

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
import xlsxwriter

workspace, big_rows = sys.argv[1], int(sys.argv[2])
exports = os.path.join(workspace, "exports")
expected = os.path.join(workspace, "expected")
os.makedirs(exports, exist_ok=True)
os.makedirs(expected, exist_ok=True)


def line(values):
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def write_expected(stream, columns, rows):
    with open(os.path.join(expected, stream + ".jsonl"), "w", encoding="utf-8") as out:
        out.write(line(columns) + "\n")
        for number, values in rows:
            out.write(f"{number}\t{line(values)}\n")


# 1. openpyxl, 1900 date system, shared strings (rich text too), a notes sheet first, a two-row merged header
#    under a merged title, dates with and without time, IDs right and typed as numbers, formats, empty trailing rows.
book = openpyxl.Workbook()
notes = book.active
notes.title = "说明"
notes["A1"] = "本表由资助中心导出"
notes["A2"] = "字段说明见第二页"
sheet = book.create_sheet("学生名单")
sheet["A1"] = "2026 年度资助名单"
sheet.merge_cells("A1:H1")
for column, name in zip("ABCDE", ["学号", "姓名", "出生日期", "身份证号", "金额"]):
    sheet[f"{column}2"] = name
    sheet.merge_cells(f"{column}2:{column}3")
sheet["F2"] = "联系方式"
sheet.merge_cells("F2:G2")
sheet["F3"] = "手机"
sheet["G3"] = "邮箱"
sheet["H2"] = "登记时间"
sheet.merge_cells("H2:H3")
rows = []
people = [
    ("2026000001", "张三", datetime.date(2004, 5, 27), "110101200405270011", 1234.5, "13800000001", "a@example.edu.cn", datetime.datetime(2026, 3, 1, 8, 30, 0)),
    ("2026000002", CellRichText([TextBlock(InlineFont(b=True), "欧阳"), "娜娜"]), datetime.date(1900, 3, 1), 110101200001012345, 300, 13800000002, None, datetime.datetime(2026, 3, 2, 23, 59, 59)),
    ("2026000003", "李四", datetime.date(1999, 12, 31), "44030019991231001X", 0.1, None, "c@example.edu.cn", datetime.datetime(2026, 3, 3)),
]
for index, person in enumerate(people):
    row = 4 + index
    for column, value in zip("ABCDEFGH", person):
        if value is not None:
            sheet[f"{column}{row}"] = value
    sheet[f"C{row}"].number_format = "yyyy-mm-dd"
    sheet[f"H{row}"].number_format = "yyyy-mm-dd hh:mm:ss"
rows = [
    (4, ["2026000001", "张三", "2004-05-27", "110101200405270011", "1234.5", "13800000001", "a@example.edu.cn", "2026-03-01 08:30:00"]),
    # An 18-digit ID typed as a number: Excel keeps 15 digits; it reads as its CSV export writes it.
    (5, ["2026000002", "欧阳娜娜", "1900-03-01", "1.10101200001012E+17", "300", "13800000002", None, "2026-03-02 23:59:59"]),
    (6, ["2026000003", "李四", "1999-12-31", "44030019991231001X", "0.1", None, "c@example.edu.cn", "2026-03-03 00:00:00"]),
]
# A student number kept as a number with a zero-padded format, a number in a text-formatted cell, a boolean.
sheet["A7"] = 1234
sheet["A7"].number_format = "0000000000"
sheet["B7"] = "王五"
sheet["E7"] = 2024
sheet["E7"].number_format = "@"
sheet["F7"] = True
rows.append((7, ["0000001234", "王五", None, None, "2024", "TRUE", None, None]))
# Empty trailing rows: formatted cells with no value, and cells holding only spaces.
for row in range(8, 40):
    sheet[f"A{row}"].number_format = "@"
sheet["B12"] = "   "
# A value right of the last named column is not read.
sheet["J4"] = "stray"
book.save(os.path.join(exports, "zzzx.xlsx"))
write_expected("excel.aid", ["学号", "姓名", "出生日期", "身份证号", "金额", "手机", "邮箱", "登记时间"], rows)
write_expected("excel.notes", ["本表由资助中心导出"], [(2, ["字段说明见第二页"])])

# 2. XlsxWriter, 1904 date system, inline strings (constant memory mode), several sheets, a header merged
#    across columns, and a large sheet of big_rows rows.
book = xlsxwriter.Workbook(os.path.join(exports, "big-2026.xlsx"), {"date_1904": True, "constant_memory": True})
date_format = book.add_format({"num_format": "yyyy/m/d"})
money = book.add_format({"num_format": "0.00"})
scores = book.add_worksheet("成绩")
scores.merge_range("C1:D1", "备注", None)
scores.write_row(0, 0, ["学号", "课程"])
scores.write_row(1, 0, ["S1", "高等数学", "补考", "已通过"])
scores.write_row(2, 0, ["S2", "大学英语"])
write_expected("excel.scores", ["学号", "课程", "备注", "备注"], [(2, ["S1", "高等数学", "补考", "已通过"]), (3, ["S2", "大学英语", None, None])])

data = book.add_worksheet("数据")
data.write_row(0, 0, ["学号", "姓名", "出生日期", "证件号码", "金额", "备注"])
surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
base = datetime.date(1995, 1, 1)
big = []
for i in range(big_rows):
    number = f"S{i:07d}"
    name = surnames[i % 16] + "同学" + str(i % 97)
    born = base + datetime.timedelta(days=i % 5000)
    if i % 1000 == 7:
        identity = 110101199501010000 + i  # typed as a number
        identity_text = "%.15G" % float(identity)
    else:
        identity_text = f"1101011995{i % 10000:04d}{i % 10:d}{i % 7:d}X"
        identity = identity_text
    amount = (i % 40000) * 0.25
    note = "" if i % 3 else f"第{i}行 <&> \"引号\""
    row = i + 1
    data.write_string(row, 0, number)
    data.write_string(row, 1, name)
    data.write_datetime(row, 2, datetime.datetime.combine(born, datetime.time()), date_format)
    if isinstance(identity, int):
        data.write_number(row, 3, identity)
    else:
        data.write_string(row, 3, identity)
    data.write_number(row, 4, amount, money)
    if note:
        data.write_string(row, 5, note)
    big.append((row + 1, [number, name, born.isoformat(), identity_text, "%.2f" % amount, note or None]))
book.close()
write_expected("excel.big", ["学号", "姓名", "出生日期", "证件号码", "金额", "备注"], big)
