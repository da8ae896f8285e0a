"""Guards against confidently wrong figures: impossible shares, totals given for a breakdown, counts of
the wrong noun.

Each guard is a small pure rule over what the plans already found; when a rule fails, the plans try the
next-best candidate and otherwise answer not found, never a figure that cannot be right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetqa.qa import compose
from budgetqa.qa.context import Context
from budgetqa.qa.crossdoc import Entry
from budgetqa.qa.index import Cell, FactIndex
from budgetqa.qa.lexicon import term_by_name
from budgetqa.qa.lookup import scored_cells
from budgetqa.qa.matching import Item
from budgetqa.qa.scope import Target
from budgetqa.qa.text import clean_label, fold


def implausible_share(part: Decimal, whole: Decimal) -> bool:
    """A part larger than its whole (both non-negative amounts) means the wrong part or whole was read."""
    return part >= 0 and whole >= 0 and part > whole


def _row_is(cell: Cell, labels: Sequence[str]) -> bool:
    row = cell.row
    return any(label and (row == label or fold(clean_label(cell.fact.row_name)) == label) for label in labels)


def _column_names(cell: Cell, labels: Sequence[str]) -> bool:
    parts = (cell.leaf, *cell.parents)
    return any(label and any(label == p or label in p for p in parts) for label in labels)


def part_in_row(
    index: FactIndex,
    part: Item,
    whole: Item,
    *,
    doc_ids: Sequence[str],
    year: int | None,
    prefer: tuple[int | None, int] | None = None,
) -> Cell | None:
    """The part printed as a column of the whole's own row (委托业务费 row, 项目支出 column), or None.

    `prefer` is the whole's (table_no, row_index): the row the whole's figure was read from comes first.
    """
    found = []
    for cell in index.cells_of(doc_ids):
        if cell.fact.value is None or cell.role != "value":
            continue
        if year is not None and cell.year is not None and cell.year != year:
            continue
        if not _row_is(cell, whole.labels) or not _column_names(cell, part.labels):
            continue
        same_row = prefer is not None and (cell.fact.table_no, cell.fact.row_index) == prefer
        found.append((not same_row, cell.col_pos, cell.fact.table_no or 0, cell))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    return found[0][3]


# 政府采购 breakdowns: the words a question may use for each, and the lexicon term that prints it
_BREAKDOWN = (
    (re.compile(r"货物"), "货物采购"),
    (re.compile(r"工程"), "工程采购"),
    (re.compile(r"服务"), "服务采购"),
)
_PROCUREMENT = "政府采购"


def breakdown_items(text: str, items: Sequence[Item]) -> list[Item]:
    """政府采购里买服务花多少: the asked breakdown (服务采购) joins the items, right after the total, so
    the total is never answered for a breakdown. Unchanged when no 政府采购 item or no breakdown word."""
    total = next((it for it in items if it.text == _PROCUREMENT), None)
    if total is None:
        return list(items)
    rest = text[total.span[1] :] if total.span[1] >= 0 else text
    names = {it.text for it in items}
    added: list[Item] = []
    for pattern, name in _BREAKDOWN:
        m = pattern.search(rest)
        term = term_by_name(name)
        if m is None or term is None or name in names:
            continue
        at = total.span[1] + m.start() if total.span[1] >= 0 else m.start()
        labels = tuple(dict.fromkeys(clean_label(x) for x in term.labels))
        added.append(Item(name, labels, 0.9, (at, at + len(m.group(0))), term=term, how="lexicon"))
    if not added:
        return list(items)
    # a bare 服务 column label matched at the same words is the breakdown itself
    kept = [it for it in items if it is total or not any(_overlap(it.span, a.span) for a in added)]
    return sorted([*kept, *added], key=lambda it: it.span[0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] >= 0 and b[0] >= 0 and a[0] < b[1] and b[0] < a[1]


def spending_item() -> list[Item]:
    """The department's total spending (支出总计), for 谁花得最多 across departments."""
    term = term_by_name("支出总计")
    if term is None:
        return []
    return [Item(term.name, tuple(clean_label(x) for x in term.labels), 0.9, term=term, how="lexicon")]


def is_breakdown(item: Item) -> bool:
    return any(item.text == name for _, name in _BREAKDOWN)


def asks_breakdown(items: Sequence[Item]) -> bool:
    """One procurement breakdown asked (with or without its 政府采购 total named)."""
    rest = without_total(items)
    return len(rest) == 1 and is_breakdown(rest[0])


def stated_breakdown_ok(item: Item, entry: Entry | None) -> bool:
    """A breakdown the text states must be stated about procurement (not 商品和服务支出30万元)."""
    if entry is None or entry.facts or not is_breakdown(item):
        return True
    return "采购" in entry.source


def breakdown_cell(index: FactIndex, name: str, *, doc_ids: Sequence[str], year: int | None) -> Cell | None:
    """The 政府采购 total, or the 货物/工程/服务 figure of a 政府采购 table or row: its column on the 政府采购 (or 合计) row, or
    its own row in a 政府采购 table's total column."""
    word = next((p.pattern for p, n in _BREAKDOWN if n == name), None)
    total = name == _PROCUREMENT
    if word is None and not total:
        return None
    found = []
    for cell in index.cells_of(doc_ids):
        if cell.fact.value is None or cell.role != "value":
            continue
        if year is not None and cell.year is not None and cell.year != year:
            continue
        in_table = _PROCUREMENT in fold(cell.fact.table_title)
        row_total = _PROCUREMENT in cell.row or (in_table and cell.total_row)
        if total or word is None:
            if row_total and (cell.total_col or cell.generic_col):
                found.append((0, cell.col_pos, cell))
            continue
        if row_total and word in cell.leaf and not cell.total_col:
            found.append((0, cell.col_pos, cell))
        elif (
            in_table
            and word in cell.row
            and len(cell.row) <= len(word) + 4
            and (cell.total_col or cell.generic_col)
        ):
            found.append((1, cell.col_pos, cell))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1]))
    return found[0][2]


def without_total(items: Sequence[Item]) -> list[Item]:
    """For a plain lookup of a breakdown (not a share), the 政府采购 total is context, not an answer."""
    return [it for it in items if it.text != _PROCUREMENT]


def breakdown_entry(ctx: Context, item: Item, target: Target) -> Entry | None:
    doc_ids = [d.doc_id for d in target.docs]
    cell = breakdown_cell(ctx.index, item.text, doc_ids=doc_ids, year=target.year)
    return _cell_entry(cell, target) if cell is not None else None


def nonzero_whole(ctx: Context, item: Item, target: Target) -> Entry | None:
    """A whole printed as 0 in one table and as a figure in another: the figure is the whole."""
    ranked = scored_cells(
        ctx.index,
        item,
        doc_ids=[d.doc_id for d in target.docs],
        year=target.year,
        measure=ctx.measure,
        doc_kind=ctx.parsed.doc_kind,
    )
    cell = next((c for _, c in ranked if c.fact.value), None)
    return _cell_entry(cell, target) if cell is not None else None


def part_inside(
    ctx: Context, part_item: Item, whole_item: Item, whole: Entry, target: Target, *, named: bool
) -> Entry | None:
    """委托业务费里面项目支出: the 项目支出 column of the 委托业务费 row, when the tables print it."""
    if not named and not part_item.within:
        return None
    first = whole.facts[0] if whole.facts else None
    cell = part_in_row(
        ctx.index,
        part_item,
        whole_item,
        doc_ids=[d.doc_id for d in target.docs],
        year=target.year,
        prefer=(first.table_no, first.row_index) if first is not None else None,
    )
    if cell is None or cell.fact.value is None or (first is not None and cell.fact == first):
        return None
    return _cell_entry(cell, target)


def _cell_entry(cell: Cell, target: Target) -> Entry:
    value = cell.fact.value
    assert value is not None
    who = f"{target.name}{f'{target.year}年' if target.year else ''}"
    cells = [cell]
    return Entry(
        who, value, cell.fact.unit, value, compose.citations(cells), (cell.fact,), compose.where(cell)
    )


__all__ = [
    "asks_breakdown",
    "is_breakdown",
    "stated_breakdown_ok",
    "breakdown_cell",
    "breakdown_entry",
    "nonzero_whole",
    "part_inside",
    "spending_item",
    "breakdown_items",
    "implausible_share",
    "part_in_row",
    "without_total",
]
