"""Chart data for one document: spending by 功能分类 / 经济分类 at 类 level, and year-on-year figures.

Everything is derived from the stored facts by the genre's conventions (类 = 3-digit codes, titles naming
the classification, years printed in row or column labels), never from one document's layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from budgetqa.store import Fact, Store, table_label
from budgetqa.ui.preview import short_headers

FUNCTION = "功能分类"
ECONOMIC = "经济分类"
CLASS_CODE = re.compile(r"^\d{3}$")
# 类 codes: 支出功能分类 201-234 start with 2; 经济分类 301-399 (部门) and 501-599 (政府) with 3 and 5.
CLASS_PREFIXES = {FUNCTION: ("2",), ECONOMIC: ("3", "5")}
CODE_IN_NAME = re.compile(r"^\s*(\d{3})(?!\d)\s*(.*)$")
# Preferred value columns, best first: a 决算 table's 决算数 beats its 预算数.
TOTAL_HINTS = ("合计", "总计", "决算数", "预算数", "小计", "金额")
YEAR_ROW = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*(?:度)?\s*(?:预算数?|决算数?|执行数?)?\s*$")
YEAR_IN_COLUMN = re.compile(r"((?:19|20)\d{2})\s*年")
RELATIVE_YEAR = re.compile(r"(上年|本年|当年)(?:度)?(?:预算|决算|执行)?数")
MAX_YOY_ITEMS = 12
FUNCTION_COLUMNS = ["科目", "金额"]
SERIES = "对比"  # a year, or 预算数 / 决算数
ITEM_SERIES = "项目（对比）"
YOY_COLUMNS = ["项目", SERIES, "金额", ITEM_SERIES]
BUDGET_FINAL = re.compile(r"^(.*?)(预算数|决算数)$")


@dataclass
class ChartData:
    frame: pd.DataFrame
    caption: str


def _row_code(fact: Fact) -> tuple[str | None, str]:
    """The row's code and name; some templates print the code inside the name cell."""
    if fact.row_code:
        return fact.row_code.strip(), fact.row_name
    match = CODE_IN_NAME.match(fact.row_name or "")
    return (match.group(1), match.group(2) or fact.row_name) if match else (None, fact.row_name)


def pick_value_column(facts: Sequence[Fact]) -> str | None:
    """The column holding the row totals: named like a total, else the one with the largest sum."""
    sums: dict[str, Decimal] = {}
    for fact in facts:
        if fact.value is not None:
            sums[fact.column] = sums.get(fact.column, Decimal(0)) + fact.value
    if not sums:
        return None
    for hint in TOTAL_HINTS:
        for column in sums:
            if hint in column.split("/")[-1]:
                return column
    return max(sums, key=lambda c: sums[c])


def class_rows(facts: Sequence[Fact]) -> list[Fact]:
    """Facts of 类-level (3-digit) rows in the table's value column, one per code, in table order."""
    coded = [f for f in facts if (code := _row_code(f)[0]) is not None and CLASS_CODE.match(code)]
    column = pick_value_column(coded)
    seen: dict[str, Fact] = {}
    for fact in coded:
        code = _row_code(fact)[0]
        if fact.column == column and fact.value is not None and code not in seen:
            seen[str(code)] = fact
    return list(seen.values())


def classification_chart(facts: Sequence[Fact], kind: str) -> ChartData | None:
    """Composition by `kind` (FUNCTION or ECONOMIC) at 类 level, from the best table that has it.

    Many templates never print 功能分类 in the title (一般公共预算支出表, 财政拨款支出决算表), so a table
    qualifies by its 类 codes; a title naming the classification and a 支出 table rank first.
    """
    by_table: dict[tuple[int | None, str], list[Fact]] = {}
    for fact in facts:
        by_table.setdefault((fact.table_no, fact.table_title or ""), []).append(fact)
    best: list[Fact] = []
    best_rank: tuple[bool, bool, int] | None = None
    for key in sorted(by_table, key=lambda k: (k[0] is None, k[0] or 0)):
        rows = [f for f in class_rows(by_table[key]) if str(_row_code(f)[0]).startswith(CLASS_PREFIXES[kind])]
        rank = (kind in key[1], "支出" in key[1], len(rows))
        if rows and (best_rank is None or rank > best_rank):
            best, best_rank = rows, rank
    if not best:
        return None
    frame = pd.DataFrame(
        {
            "科目": [" ".join(p for p in _row_code(f) if p) for f in best],
            "金额": [float(f.value or 0) for f in best],
        }
    )
    first = best[0]
    label = table_label(first.table_no, first.table_title) or ""
    caption = f"{label}，列「{first.column}」，单位：{first.unit or '未注明'}"
    return ChartData(frame, caption)


def _year_of_row(fact: Fact) -> str | None:
    match = YEAR_ROW.match(fact.row_name or "")
    return match.group(1) if match else None


def _year_of_column(column: str, doc_year: int | None) -> tuple[str, str] | None:
    """(year, column with the year removed) for headers like `2022年预算数` or `上年决算数`."""
    match = YEAR_IN_COLUMN.search(column)
    if match:
        return match.group(1), (column[: match.start()] + column[match.end() :]).strip("/ ")
    relative = RELATIVE_YEAR.search(column)
    if relative and doc_year:
        year = doc_year - 1 if relative.group(1) == "上年" else doc_year
        return str(year), (column[: relative.start()] + column[relative.end() :]).strip("/ ") or "金额"
    return None


Record = tuple[str, str, float, Fact]  # (item, series: a year or 预算数/决算数, value, source fact)


def _year_rows(table: Sequence[Fact]) -> list[Record]:
    rows = [(y, f) for f in table if f.value is not None and (y := _year_of_row(f))]
    if len({y for y, _ in rows}) < 2:
        return []
    names = short_headers(list(dict.fromkeys(f.column for _, f in rows)))
    return [(names[f.column], y, float(f.value or 0), f) for y, f in rows]


def _year_columns(table: Sequence[Fact], doc_year: int | None) -> list[Record]:
    cols = [(yc, f) for f in table if f.value is not None and (yc := _year_of_column(f.column, doc_year))]
    if len({yc[0] for yc, _ in cols}) < 2:
        return []
    several = len({yc[1] for yc, _ in cols}) > 1  # 预算数 and 决算数 per year: name the measure too
    return [
        (f"{f.row_name}/{yc[1]}" if several and yc[1] else f.row_name, yc[0], float(f.value or 0), f)
        for yc, f in cols
    ]


def _budget_vs_final(table: Sequence[Fact]) -> list[Record]:
    """A 决算's 预算数 next to its 决算数 under one header: the document's own comparison."""
    pairs = [(m, f) for f in table if f.value is not None and (m := BUDGET_FINAL.match(f.column))]
    if {m.group(2) for m, _ in pairs} != {"预算数", "决算数"}:
        return []
    parents = short_headers(list(dict.fromkeys(m.group(1).rstrip("/") for m, _ in pairs)))
    several_rows = len({f.row_name for _, f in pairs}) > 1
    return [
        (
            f"{f.row_name}/{parents[m.group(1).rstrip('/')]}"
            if several_rows
            else parents[m.group(1).rstrip("/")],
            m.group(2),
            float(f.value or 0),
            f,
        )
        for m, f in pairs
    ]


def year_on_year(facts: Sequence[Fact], doc_year: int | None = None) -> ChartData | None:
    """Figures the document prints side by side: year rows (三公 tables), else year columns, else a
    决算's 预算数 against its 决算数 (the 三公 table first)."""
    by_table: dict[tuple[int | None, str], list[Fact]] = {}
    for fact in facts:
        by_table.setdefault((fact.table_no, fact.table_title or ""), []).append(fact)
    tables = sorted(
        by_table.items(), key=lambda kv: ("三公" not in kv[0][1], kv[0][0] is None, kv[0][0] or 0)
    )
    records: list[Record] = []
    for table in (t for _, t in tables):
        records += _year_rows(table)
    for strategy in (lambda t: _year_columns(t, doc_year), _budget_vs_final):
        if records:
            break
        records = next((found for _, t in tables if (found := strategy(t))), [])
    # Items that are zero in every series (an unused 出国 budget, say) only crowd the chart.
    nonzero = {r[0] for r in records if r[2] != 0}
    items = [item for item in dict.fromkeys(r[0] for r in records) if item in nonzero][:MAX_YOY_ITEMS]
    if not items:
        return None
    kept = [r for r in records if r[0] in items]
    frame = pd.DataFrame(
        {"项目": [r[0] for r in kept], SERIES: [r[1] for r in kept], "金额": [r[2] for r in kept]}
    )
    frame[ITEM_SERIES] = frame["项目"] + "（" + frame[SERIES] + "）"
    first = kept[0][3]
    caption = f"{table_label(first.table_no, first.table_title) or ''}，单位：{first.unit or '未注明'}"
    return ChartData(frame, caption)


def change_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per item: the value per series, the change from the first to the last and its rate."""
    if frame.empty:
        return pd.DataFrame()
    wide = frame.pivot_table(index="项目", columns=SERIES, values="金额", aggfunc="first", sort=False)
    series = list(dict.fromkeys(frame[SERIES]))  # as printed: 预算数 before 决算数
    years = sorted(series) if all(str(s).isdigit() for s in series) else series
    wide = wide[years]
    first, last = wide[years[0]], wide[years[-1]]
    wide["增减"] = last - first
    rate = (last - first) / first.where(first != 0)
    wide["增减率"] = rate.map(lambda r: "" if pd.isna(r) else f"{r:+.1%}")
    return wide.reset_index()


def chart_outputs(store: Store, doc_id: str | None) -> tuple[Any, ...]:
    """The charts tab for one document: (功能 frame, caption, 经济 frame, caption, 年度 frame, caption, 增减)."""
    empty_class = pd.DataFrame(columns=FUNCTION_COLUMNS)
    empty_yoy = pd.DataFrame(columns=YOY_COLUMNS)
    if not doc_id:
        return empty_class, "请选择文件。", empty_class, "", empty_yoy, "", pd.DataFrame()
    facts = store.facts(doc_id=doc_id)
    year = next((d.year for d in store.documents() if d.doc_id == doc_id), None)
    function = classification_chart(facts, FUNCTION)
    economic = classification_chart(facts, ECONOMIC)
    yoy = year_on_year(facts, year)
    missing = "该文件中没有找到相应的表格数据。"
    return (
        function.frame if function else empty_class,
        function.caption if function else missing,
        economic.frame if economic else empty_class,
        economic.caption if economic else missing,
        yoy.frame if yoy else empty_yoy,
        yoy.caption if yoy else "该文件没有给出可比较的年度数据。",
        change_table(yoy.frame) if yoy else pd.DataFrame(),
    )
