"""Ranking: 哪个部门…最多 across documents, 哪项/哪个项目…最多 among the rows of a table."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from budgetqa.qa import compose
from budgetqa.qa.answer import Answer
from budgetqa.qa.calc import convert
from budgetqa.qa.index import Cell
from budgetqa.qa.lookup import figure
from budgetqa.qa.text import fold
from budgetqa.store import Document

if TYPE_CHECKING:
    from budgetqa.qa.answerer import Context

_ACROSS = re.compile(r"哪个部门|哪个单位|哪家|哪些部门|各部门|部门中|单位中")


def _code(cell: Cell) -> str:
    return re.sub(r"\D", "", cell.fact.row_code or "")


def _top_level_spending(cells: Sequence[Cell]) -> list[Cell]:
    """哪项支出最多 without an item: the 类 rows (3-digit 科目编码) of the expenditure table that has most."""
    by_table: dict[tuple[str, int | None], list[Cell]] = defaultdict(list)
    for c in cells:
        title = fold(c.fact.table_title)
        if len(_code(c)) == 3 and "支出" in title and "收入" not in title:
            by_table[(c.doc.doc_id, c.fact.table_no)].append(c)
    if not by_table:
        return []
    best = max(by_table, key=lambda k: (len({c.row for c in by_table[k]}), -(k[1] or 0)))
    return by_table[best]


def table_rows(
    ctx: Context, docs: Sequence[Document], year: int | None
) -> list[tuple[str, Decimal, list[Cell]]]:
    """(row label, value, cells) of the rows the item's table breaks down into, in table order."""
    ids = {d.doc_id for d in docs}
    cells = [
        c for c in ctx.index.cells if c.doc.doc_id in ids and c.role == "value" and c.fact.value is not None
    ]
    if year is not None:
        cells = [c for c in cells if c.year == year]
    if not ctx.items:
        top_level = _top_level_spending(cells)
        return _rows_by_label(top_level, ctx.measure) if top_level else []
    item = ctx.items[0]
    labels = [fold(x) for x in item.labels]
    titled = [c for c in cells if any(x in fold(c.fact.table_title) for x in labels)]
    rows: list[Cell]
    if titled:
        title = min({c.fact.table_title for c in titled}, key=len)
        rows = [c for c in titled if c.fact.table_title == title and not c.generic_row]
    else:
        fig = figure(ctx.index, item, doc_ids=ids, year=year, measure=ctx.measure)
        parent = _code(fig.cell) if fig else ""
        if not fig or not parent:
            return []
        rows = [
            c
            for c in cells
            if c.fact.table_no == fig.cell.fact.table_no
            and _code(c).startswith(parent)
            and len(_code(c)) > len(parent)
            and not c.generic_row
        ]
    if not rows:
        return []
    codes = [len(_code(c)) for c in rows if _code(c)]
    if codes and not re.search(r"[款项]级|明细", ctx.parsed.text):
        top = min(codes)
        rows = [c for c in rows if not _code(c) or len(_code(c)) == top]
    return _rows_by_label(rows, ctx.measure)


def _rows_by_label(rows: Sequence[Cell], measure: str | None) -> list[tuple[str, Decimal, list[Cell]]]:
    column = _main_column(rows, measure)
    grouped: dict[str, list[Cell]] = defaultdict(list)
    for c in rows:
        if c.fact.column == column:
            grouped[c.row].append(c)
    return [
        (label, sum((c.fact.value or Decimal(0) for c in cs), Decimal(0)), cs)
        for label, cs in grouped.items()
    ]


def _main_column(rows: Sequence[Cell], measure: str | None) -> str:
    """The column most rows print their main figure in (a total, else the asked measure, else the first)."""

    def rank(c: Cell) -> tuple[int, int, int]:
        fits = 1 if measure and measure in c.column else 0
        return (-fits, 0 if c.total_col else (1 if c.generic_col else 2), c.col_pos)

    best: dict[int, Cell] = {}
    for c in rows:
        if c.fact.row_index not in best or rank(c) < rank(best[c.fact.row_index]):
            best[c.fact.row_index] = c
    return Counter(c.fact.column for c in best.values()).most_common(1)[0][0]


def rank_answer(ctx: Context, base: Answer, groups: dict[str, list[Document]]) -> Answer:
    from budgetqa.qa.plans import target_year

    p = ctx.parsed
    what = ctx.items[0].text if ctx.items else "支出"
    reverse = p.rank != "min"
    word = "最多" if reverse else "最少"
    if ctx.items and len(groups) > 1 and (_ACROSS.search(p.text) or not ctx.dept_named):
        found = []
        for docs in groups.values():
            fig = figure(
                ctx.index,
                ctx.items[0],
                doc_ids=[d.doc_id for d in docs],
                year=target_year(ctx, docs),
                measure=ctx.measure,
            )
            if fig is not None:
                # documents print in 元 or 万元: rank in 万元, converting explicitly
                value, _, _ = convert(fig.value, fig.unit, "万元")
                found.append((value, compose.doc_name(fig.cell.doc), [fig.cell]))
        entries = found
        scope = "已导入的部门"
    else:
        docs = next(iter(groups.values()))
        year = target_year(ctx, docs)
        entries = [(v, label, cs) for label, v, cs in table_rows(ctx, docs, year)]
        scope = f"{docs[0].department or ''}{year or ''}年{what}"
    if not entries:
        return replace(base, answer=f"文档中没有可以排序的“{what}”明细。", kind="rank")
    entries.sort(key=lambda e: e[0], reverse=reverse)
    unit = "万元" if scope == "已导入的部门" else entries[0][2][0].fact.unit
    n = max(1, p.rank_n)
    head = entries[:n]
    listed = "；".join(f"{name} {compose.amount(v, unit)}" for v, name, _ in entries[: max(n, 3)])
    text = f"{scope}中{word}的是{'、'.join(name for _, name, _ in head)}（{compose.amount(head[0][0], unit)}）。排序：{listed}。"
    cells = [c for _, _, cs in entries[: max(n, 3)] for c in cs]
    return replace(
        base,
        status="answered",
        answer=text,
        value=head[0][0],
        unit=unit,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="rank",
    )
