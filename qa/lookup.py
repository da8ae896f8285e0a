"""Exact figure lookup: which printed cell holds an item's figure for a year and a measure.

Scoring, not guessing: a cell scores for naming the item in its row (the column then being a total
or the asked measure) or in its column (the row then being a total, a year or the department), for
sitting in the item's most specific table (三公 figures in the 三公经费表), and for matching the asked
document kind. Cells tied at the top that print the same figure are one answer with several
citations; tied cells printing different figures are reported as a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from budgetqa.qa.evidence import Evidence
from budgetqa.qa.index import Cell, FactIndex, strip_amount
from budgetqa.qa.lexicon import AMOUNT_MEASURES, MEASURES, hint_matches
from budgetqa.qa.matching import DEPARTMENT_TOTALS, Item
from budgetqa.qa.text import fold, is_total_label

TIE = 0.05
# titles of tables limited to one source of money: their 合计 is not the department's total
_NARROW = re.compile(r"政府性基金|国有资本经营|财政专户")
_GENERIC_WORDS = re.compile(
    r"(?:19|20)\d{2}年?度?|本年|全年|年初|调整|收入|支出|预算|决算|执行|金额|合计|总计|数|\(万元\)|\(元\)"
)
_FUND_SOURCE = re.compile(r"^(?:财政拨款|一般公共预算|政府预算拨款|财政)$")
_TOTAL_WORD = re.compile(r"合计|总计|小计")


def generic_parent(label: str) -> bool:
    """A column header above the amount that names no topic (收入/本年支出/支出预算/2023年预算数)."""
    return not _GENERIC_WORDS.sub("", label)


def parent_bonus(parents: tuple[str, ...]) -> float | None:
    """1 for headers naming nothing, 0.4 for a source-of-funds qualifier (财政拨款支出), None for a topic."""
    bonus = 1.0
    for parent in parents:
        rest = _GENERIC_WORDS.sub("", parent)
        if rest and _FUND_SOURCE.match(rest):
            bonus = min(bonus, 0.4)
        elif rest:
            return None
    return bonus


def measure_words(measure: str) -> tuple[str, ...]:
    return MEASURES.get(measure, (measure,))


# fund names that contain 预算 without meaning the 预算数 column
_FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|部门预算")
_BUDGET_COLUMN = re.compile(r"预算|计划")
_ACTUAL_COLUMN = re.compile(r"决算|实际|执行")


def _measure_fit(text: str, measure: str, doc_kind: str | None = None) -> bool:
    words = measure_words(measure)
    plain = _FUND_NAMES.sub("", text)
    if measure == "预算数":  # 年初预算: not the 调整预算 column beside it
        return bool(_BUDGET_COLUMN.search(plain)) and not _ACTUAL_COLUMN.search(plain) and "调整" not in plain
    if measure == "调整预算数":
        return "调整" in plain and bool(_BUDGET_COLUMN.search(plain)) and not _ACTUAL_COLUMN.search(plain)
    if measure == "决算数" and doc_kind == "决算":
        # a 决算 table's columns (本年支出合计, 基本支出) print actual figures unless they say 预算
        return bool(_ACTUAL_COLUMN.search(plain)) or not _BUDGET_COLUMN.search(plain)
    return any(w in text for w in words)


def amount_column_fits(column: str, measure: str | None, doc_kind: str | None) -> bool:
    """Whether a column prints the asked amount (预算数/决算数/调整预算数); True for other measures."""
    if measure not in AMOUNT_MEASURES:
        return True
    return _measure_fit(column, measure or "", doc_kind)


def extends(printed: str, label: str) -> bool:
    """A printed label that only adds a qualifier to the item's name: 财政拨款“三公”经费, 人员经费合计.

    Never for total labels: 基本支出合计 does not extend 支出合计.
    """
    if len(label) < 4 or _TOTAL_WORD.search(label) or printed == label:
        return False
    return printed.endswith(label) or (
        printed.startswith(label) and bool(_TOTAL_WORD.search(printed[len(label) :]))
    )


def _component_names(component: str, labels: set[str]) -> bool:
    component = strip_amount(component)
    return component in labels or any(extends(component, x) for x in labels)


def _column_names(cell: Cell, labels: set[str]) -> bool:
    """The column path names the item and everything below it is a total or a bare amount:
    `三公经费/小计`, `财政拨款“三公”经费/合计/预算数`, `公务接待费`."""
    parts = (*cell.parents, cell.leaf)
    for i, part in enumerate(parts):
        if _component_names(part, labels):
            rest = parts[i + 1 :]
            return all(is_total_label(x) or generic_parent(x) for x in rest)
    return False


def _names_in_title(title: str, labels: set[str]) -> bool:
    """The (folded) table title lists the item among its subjects: …会议费、培训费支出预算表."""
    return any(len(x) >= 2 and x in title for x in labels)


def _code(cell: Cell) -> str:
    return re.sub(r"\D", "", cell.fact.row_code or "")


def _candidates(index: FactIndex, item: Item, allowed: set[str] | None = None) -> set[int]:
    """Cells that may answer the item: by label, column, 科目编码, or a hinted table's total cells (those
    read from the allowed documents' own cells, so a question costs the same however many are stored)."""
    found: set[int] = set()
    if item.code:
        found.update(index.by_code.get(item.code, ()))
    for label in item.labels:
        found.update(index.by_row.get(label, ()))
        found.update(index.by_col.get(label, ()))
        if len(label) >= 4:  # a printed label that extends the name: 财政拨款“三公”经费
            for other in index.labels_in(index.docs):  # the index's own labels, not every stored one's
                if extends(other, label):
                    found.update(index.by_row.get(other, ()))
                    found.update(index.by_col.get(other, ()))
    term = item.term
    hinted = term is not None and term.hint_total and term.table_hint
    scan = (
        (i for d in allowed for i in index.by_doc.get(d, ()))
        if allowed is not None
        else range(len(index.cells))
    )
    labels = set(item.labels)
    for i in scan:
        cell = index.cells[i]
        if not (cell.total_row or cell.total_col):
            continue
        if (hinted and hint_matches(term, fold(cell.fact.table_title))) or titled_total(cell, labels):
            found.add(i)
    return found


def _inside(cell: Cell, parents: tuple[str, ...]) -> bool:
    """The cell sits in the parent's table (title) or under the parent's row (row path)."""
    title = fold(cell.fact.table_title)
    path = {fold(p) for p in cell.fact.row_path}
    return any(p and (p in title or p in path) for p in parents)


def score_cell(cell: Cell, item: Item, *, measure: str | None, doc_kind: str | None) -> float | None:
    """How well a cell answers (item, measure); None when it does not answer it at all."""
    labels = set(item.labels)
    row_hit = cell.row in labels or (item.code is not None and _code(cell) == item.code)
    col_hit = _column_names(cell, labels)
    partial = not row_hit and any(extends(cell.row, x) for x in labels)
    term = item.term
    title = fold(cell.fact.table_title)
    in_hint_table = hint_matches(term, title)
    # the hinted table's 合计 row, in its total column or the asked measure's (一般公共预算 项目支出)
    measure_col = bool(measure) and measure not in AMOUNT_MEASURES and _measure_fit(cell.leaf, measure or "")
    hint_total = bool(
        term and term.hint_total and in_hint_table and cell.generic_row and (cell.generic_col or measure_col)
    ) or titled_total(cell, labels)
    column = cell.column
    if row_hit or partial:
        base = 1.0 if row_hit else 0.8
        other = column
        quality = parent_bonus(cell.parents) if cell.generic_col else None
        if quality is not None:
            if cell.total_col and not is_total_label(cell.leaf):
                bonus = 0.2  # 基本支出合计: the total of one part of the spending
            else:
                bonus = 0.3 if cell.total_col or not cell.parents else 0.25
            base += bonus * quality
    elif col_hit or hint_total:
        if not cell.generic_row:
            return None  # another row's breakdown, e.g. 人员经费 of 工资福利支出
        if term and term.name in DEPARTMENT_TOTALS and not in_hint_table and is_total_label(cell.leaf):
            return None  # the 总计 column of the 三公 table (on its 2022年 row) is that table's, not the budget's
        # a column naming the item beats the hinted table's 合计, which may add other items (会议费)
        base = (1.3 if col_hit else 1.2) if cell.generic_row else 1.0
        other = fold(cell.fact.row_name) + "/" + column
    else:
        return None
    score = item.score * base
    if row_hit and cell.row == item.labels[0]:
        score += 0.1  # the item's own printed name before a synonym (退休费, not 离退休)
    kind = term.kind if term else None
    if kind and cell.scheme:
        score += 0.15 if cell.scheme == kind else -0.15  # 退休费 is 经济 30302, not 功能 2080502
    if item.within and _inside(cell, item.within):
        score += 0.3  # 机关运行经费中的物业管理费: the row of the parent's own table
    if in_hint_table:
        score += 0.3
    if col_hit and not row_hit and cell.generic_row and not item.within and _names_in_title(title, labels):
        # “三公”经费、会议费、培训费支出预算表's 培训费 column: the table kept for the item gives its whole
        # figure; a 基本支出 or 机关运行经费 table prints only the part of it spent there
        score += 0.4
    narrow = _NARROW.search(title)
    if narrow and not (measure and narrow.group(0) in measure_words(measure)):
        score -= 0.2  # a table of one fund source is a subset of the department's totals
    elif term and term.name in DEPARTMENT_TOTALS and "财政拨款" in title and measure != "财政拨款":
        score -= 0.1  # the department's 收支总计 is the 收支总表's, not the 财政拨款收支总表's
    if measure in ("一般公共预算", "财政拨款") and in_hint_table and not narrow:
        # 一般公共预算安排的会议费: the table kept for the item (“三公”经费、会议费、培训费支出预算表) reports what the
        # budget's 财政拨款 pays for it, though its title names no fund
        score += 0.5
    elif measure and not (measure == "预算数" and cell.doc.doc_kind != "决算"):
        # 预算数/决算数 are column words (every 决算 table title says 决算); other measures may sit in the title
        scope = other if measure in ("预算数", "决算数", "调整预算数") else other + "/" + title
        if not _measure_fit(scope, measure, cell.doc.doc_kind):
            return None  # asked for 决算数 / 基本支出: another column is a different figure
        score += 0.5
    elif cell.doc.doc_kind == "决算":
        score += 0.2 if "决算" in column else (-0.1 if "预算" in column else 0.0)
    if "其中" in column:
        score -= 0.1
    if "绩效" in title:
        score -= 0.1  # performance-target tables repeat amounts; the budget tables are the source
    if cell.fact.table_no is None and not title:
        score -= 0.15  # an untitled grid (often a narrative's inline table) after the numbered tables
    if "收入" in title and not any("收入" in x for x in labels):
        score -= 0.1  # an expenditure item is cited from the expenditure tables first
    if doc_kind and cell.doc.doc_kind == doc_kind:
        score += 0.2
    return score - 0.001 * min(cell.col_pos, 50)


def scored_cells(
    index: FactIndex,
    item: Item,
    *,
    doc_ids: Iterable[str],
    year: int | None,
    measure: str | None = None,
    role: str = "value",
    doc_kind: str | None = None,
) -> list[tuple[float, Cell]]:
    """Cells answering the item in these documents for this year, best first (blank cells skipped)."""
    return _scored(index, item, set(doc_ids), year, measure, role, doc_kind, blank=False)


def blank_cells(
    index: FactIndex,
    item: Item,
    *,
    doc_ids: Iterable[str],
    year: int | None,
    measure: str | None = None,
    doc_kind: str | None = None,
) -> tuple[Cell, ...]:
    """The cells that would answer the item but are printed blank (a 决算数 column left empty).

    Empty when a printed figure answers it: a blank is only worth reporting when nothing better is printed.
    Callers say "决算数一栏为空" (or quote a note stating 0), never "not found" and never 0 on their own.
    """
    allowed = set(doc_ids)
    if scored_cells(index, item, doc_ids=allowed, year=year, measure=measure, doc_kind=doc_kind):
        return ()
    ranked = _scored(index, item, allowed, year, measure, "value", doc_kind, blank=True)
    if not ranked:
        return ()
    best = ranked[0][0]
    return _unique(c for s, c in ranked if s >= best - TIE)[:4]


def _scored(
    index: FactIndex,
    item: Item,
    allowed: set[str],
    year: int | None,
    measure: str | None,
    role: str,
    doc_kind: str | None,
    *,
    blank: bool,
) -> list[tuple[float, Cell]]:
    out = []
    for i in _candidates(index, item, allowed):
        cell = index.cells[i]
        if cell.doc.doc_id not in allowed or (cell.fact.value is None) != blank or cell.role != role:
            continue
        if year is not None and cell.year != year:
            continue
        score = score_cell(cell, item, measure=measure, doc_kind=doc_kind)
        if score is None:
            continue
        if year is not None and cell.doc.year == year:
            score += 0.05  # the year's own document before the next year's 上年 column
        out.append((score, cell))
    out.sort(key=lambda sc: (-sc[0], sc[1].fact.table_no or 0, sc[1].fact.row_index))
    return out


def _siblings(cells: Sequence[Cell]) -> bool:
    """Same table, same column, same label, distinct non-nested 科目编码: one item split over codes."""
    first = cells[0]
    codes = [_code(c) for c in cells]
    if any(not c for c in codes) or len(set(codes)) != len(codes):
        return False
    same = all(
        c.fact.table_no == first.fact.table_no and c.fact.column == first.fact.column and c.row == first.row
        for c in cells
    )
    nested = any(a != b and b.startswith(a) for a in codes for b in codes)
    return same and not nested


def _parallel(cells: Sequence[Cell]) -> bool:
    """Same table, same column, same label, printed under different parents at the same depth and without codes
    (台式计算机 under two projects of a 政府采购预算表): one item bought in several places, not one item at two
    levels."""
    first = cells[0]
    paths = [tuple(fold(p) for p in c.fact.row_path) for c in cells]
    if any(_code(c) for c in cells) or not all(paths) or len({len(p) for p in paths}) != 1:
        return False
    same = all(
        c.fact.table_no == first.fact.table_no
        and c.fact.table_title == first.fact.table_title
        and c.fact.column == first.fact.column
        and c.row == first.row
        and c.doc.doc_id == first.doc.doc_id
        for c in cells
    )
    # a row that heads another's path is the upper level of the same item
    heads = any(c.row in p for c in cells for p in paths)
    return same and len(set(paths)) == len(paths) and not heads


def _under_level(index: FactIndex, item: Item, doc_ids: set[str], year: int | None) -> Cell | None:
    """The one row a table prints under the parent named and, below it, under a level the item names (a 政府采购表's
    专项 > 经济分类 > 品目: 印刷费 names the level above 印刷和出版服务): its total column; None when no row or
    several rows are printed there."""
    labels = {fold(x) for x in item.labels}
    within = {fold(x) for x in item.within}
    found: dict[tuple[str, int | None, int], Cell] = {}
    for doc_id in doc_ids:
        for i in index.by_doc.get(doc_id, ()):
            cell = index.cells[i]
            if cell.role != "value" or cell.fact.value is None or (year is not None and cell.year != year):
                continue
            path = [fold(p) for p in cell.fact.row_path]
            at = next((k for k, p in enumerate(path) if p in within), None)
            if at is None or not any(p in labels for p in path[at + 1 :]):
                continue
            key = (doc_id, cell.fact.table_no, cell.fact.row_index)
            if key not in found or cell.col_pos < found[key].col_pos:
                found[key] = cell
    return next(iter(found.values())) if len(found) == 1 else None


def figure(
    index: FactIndex,
    item: Item,
    *,
    doc_ids: Iterable[str],
    year: int | None,
    measure: str | None = None,
    role: str = "value",
    doc_kind: str | None = None,
    in_all: bool = False,
) -> Evidence | None:
    """The best-supported figure for the item, or None when no printed cell answers it. `in_all`: the question
    asks the item in all (台式计算机一共), so one label printed under several parents is added up."""
    ranked = scored_cells(
        index, item, doc_ids=doc_ids, year=year, measure=measure, role=role, doc_kind=doc_kind
    )
    # a total row is never the answer for an item that is not a total: not found beats the sum of all
    ranked = [(s, c) for s, c in ranked if plausible(c, item)]
    if item.within:
        # 机关运行经费表里的差旅费: the named table's (or parent's) own row; a table or fund source the
        # question names is the only place to read, a parent item (三公经费中公车) only the first
        inside = [(s, c) for s, c in ranked if _inside(c, item.within)]
        ranked = inside if (inside or item.only_within) else ranked
        if not inside and (level := _under_level(index, item, set(doc_ids), year)) is not None:
            # 立法费及法制专刊费里的印刷费: the one row printed under both (专项 > 印刷费 > 印刷和出版服务)
            named = replace(item, text=f"{item.within[0]}下的{item.text}（{level.row}）")
            return Evidence(
                level.fact.value or Decimal(0), level.fact.unit, (level,), line=named, year=level.year
            )
        if not ranked:
            return None
    if not ranked:
        return None
    best = ranked[0][0]
    top = [c for s, c in ranked if s >= best - TIE and c.doc.doc_id == ranked[0][1].doc.doc_id]
    first = top[0]
    same_table = [
        c for c in top if c.fact.table_no == first.fact.table_no and c.fact.column == first.fact.column
    ]
    parallel = len(same_table) > 1 and _parallel(same_table)
    if len(same_table) > 1 and (_siblings(same_table) or (in_all and parallel)):
        value = sum((c.fact.value for c in same_table if c.fact.value is not None), Decimal(0))
        from budgetqa.qa.calc import total  # local: keeps this module's imports about lookup

        _, formula = total([c.fact.value for c in same_table if c.fact.value is not None], first.fact.unit)
        return Evidence(
            value,
            first.fact.unit,
            tuple(same_table),
            line=item,
            year=first.year,
            parts=tuple(same_table),
            formula=formula,
        )
    if len(same_table) > 1:
        # the same label at two levels (款 and 项 printed without codes): keep the upper one
        top = [first] + [c for c in top if c.fact.table_no != first.fact.table_no]
    printed = first.fact.value
    assert printed is not None
    value = printed
    agree = tuple(c for c in top if c.fact.value == value)
    # repeated figures in other tables: cite them after the most specific one
    for _, cell in ranked[len(top) :]:
        if (
            cell.fact.value == value
            and cell.doc.doc_id == first.doc.doc_id
            and cell.row == first.row
            and cell.fact.table_no != first.fact.table_no
        ):
            agree += (cell,)
    conflicts = tuple(
        c
        for c in top
        if c.fact.value != value and c.fact.table_no != first.fact.table_no and same_meaning(c, first)
    )
    return Evidence(
        value,
        first.fact.unit,
        _unique(agree)[:4],
        line=item,
        year=first.year,
        conflicts=_unique(conflicts)[:3],
        elsewhere=tuple(same_table[1:]) if parallel else (),
    )


# words that make a table a part of the department's money (a 功能/经济分类 view is the same money)
_SCOPE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本|基本支出|项目支出|三公|机关运行|收入|支出")


def _scope(cell: Cell) -> frozenset[str]:
    return frozenset(_SCOPE.findall(fold(cell.fact.table_title)))


def _column_meaning(cell: Cell) -> str:
    return "" if cell.generic_col and not _GENERIC_WORDS.sub("", cell.leaf) else strip_amount(cell.leaf)


def same_meaning(a: Cell, b: Cell) -> bool:
    """Two cells can disagree only when they print the same row and column meaning in tables of the
    same scope: 基本支出表's 退休费 and 支出总表's 退休费 are different figures, not a disagreement."""
    codes = {_code(a), _code(b)} - {""}
    return (
        a.row == b.row
        and len(codes) <= 1
        and _scope(a) == _scope(b)
        and _column_meaning(a) == _column_meaning(b)
        and a.year == b.year
    )


def _unique(cells: Iterable[Cell]) -> tuple[Cell, ...]:
    seen: set[tuple[str, int | None, int, str]] = set()
    out = []
    for c in cells:
        key = (c.doc.doc_id, c.fact.table_no, c.fact.row_index, c.fact.column)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


def names_total(item: Item) -> bool:
    """The item is itself a total (支出总计, 人员经费合计, a term read from its table's 合计)."""
    term = item.term
    return bool(
        (term is not None and (term.hint_total or term.name in DEPARTMENT_TOTALS))
        or any(_TOTAL_WORD.search(x) for x in (item.text, *item.labels))
    )


_TITLE_FRAME = re.compile(
    r"^(?:(?:19|20)\d{2}年度?)?(?:部门)?(?:一般公共预算|财政拨款)?|(?:支出)?(?:预算|决算)?(?:明细)?表$"
)


def titled_total(cell: Cell, labels: set[str]) -> bool:
    """The total row of a table named after the item alone (2019年政府采购预算表, 一般公共预算机关运行经费支出
    预算表) in its total column: that table's 合计 is the item's figure. Not a table of several items
    (“三公”经费、会议费、培训费支出预算表), whose 合计 adds the others."""
    if not (cell.total_row and (cell.total_col or cell.generic_col)):
        return False
    subject = _title_subject(cell.fact.table_title)
    return bool(subject) and subject in labels


@lru_cache(maxsize=4096)
def _title_subject(title: str | None) -> str:
    """A table title without its year, fund and 支出预算表 frame: 2019年政府采购预算表 → 政府采购 (read on every
    lookup's candidate scan, so computed once per title)."""
    return _TITLE_FRAME.sub("", fold(title or ""))


def plausible(cell: Cell, item: Item) -> bool:
    """A figure for a non-total item must come from a row or column that names it: a bare total row
    (合计/总计/支出总计) read in a total column is the table's total, not the item."""
    if names_total(item) or not is_total_label(cell.row) or titled_total(cell, set(item.labels)):
        return True
    return _column_names(cell, set(item.labels))
