"""Sums of listed items: 办公费、印刷费、邮电费一共花了多少 / 基本支出和项目支出加起来 / A、B、C合计.

Every listed item is read as its own row of one document, in one table and column when one table prints
them all (the table some item's own best figure comes from, never a summary table just because it prints
everything); a grand total (支出总计) is the sum word, never a summand; a listed item the tables do not
print may be stated in the text; when an item is missing, the answer names it and no partial sum is given
as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from budgetqa.qa import calc, compose
from budgetqa.qa.answer import Answer
from budgetqa.qa.context import Context
from budgetqa.qa.crossdoc import evidence_for
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.figures import departments, target_year
from budgetqa.qa.figures import fig as _fig
from budgetqa.qa.index import Cell, FactIndex
from budgetqa.qa.lexicon import MEASURE_SAYS
from budgetqa.qa.lookup import plausible, scored_cells
from budgetqa.qa.matching import DEPARTMENT_TOTALS, Item, bracketed_after, lexicon_mentions
from budgetqa.qa.narrative import NarrativeSearch
from budgetqa.qa.question import LEAVE_OUT, Op
from budgetqa.qa.scope import Target
from budgetqa.qa.text import is_total_label
from budgetqa.store import Document


def _contains(whole: Cell, part: Cell) -> bool:
    """`whole` is printed as the total of `part`: the 合计 column beside it in the same row and column group,
    or a row above it in the same column (its row path)."""
    same_table = (whole.doc.doc_id, whole.fact.table_no, whole.fact.table_title) == (
        part.doc.doc_id,
        part.fact.table_no,
        part.fact.table_title,
    )
    if not same_table:
        return False
    if whole.fact.row_index == part.fact.row_index and whole.fact.column != part.fact.column:
        w, q = whole.fact.column.split("/"), part.fact.column.split("/")
        return bool(re.search(r"合计|总计|小计", w[-1])) and w[:-1] == q[:-1]
    return whole.fact.column == part.fact.column and whole.row in part.fact.row_path


def listed_sum(ctx: Context) -> bool:
    """办公费、印刷费、邮电费合计 / A和B一共: several items and a word that adds them up."""
    p = ctx.intent
    if _nested(ctx):
        return False  # 基本支出中，人员经费合计多少: the total of the one inside, not two things added
    if Op.SUM in p.ops:
        return True
    return not ({Op.DELTA, Op.RATE, Op.SHARE, Op.COMPARE, Op.RANK} & p.ops) and p.adds_up


# 基本支出中，人员经费 / 三公经费里面的公务接待费: the next item is inside the one before it
_INSIDE_GAP = re.compile(r"(?:中|里|里面|当中|之中|内|下面)[,，的]?$")


def _nested(ctx: Context) -> bool:
    """Two items, the second written inside the first (X中，Y), none listed beside another."""
    text = ctx.masked or ctx.intent.text
    items = sorted(ctx.items, key=lambda it: it.span[0])
    if len(items) != 2 or any(it.span[0] < 0 for it in items):
        return False
    gap = text[items[0].span[1] : items[1].span[0]]
    return bool(_INSIDE_GAP.search(gap)) and not any(ch in _JOIN for ch in gap)


def focus(ctx: Context) -> Context:
    """The summands a sum question lists, before routing.

    一共花了多少 reads as 支出总计, but beside listed items it is the sum word, never a summand; a measure
    word listed among the items (基本支出和项目支出加起来) is one of them, not the column to read.
    """
    items = _left_out(ctx, _glossed(ctx, _named_once(ctx)))
    measure = ctx.measure
    if measure and re.search(
        rf"(?:{_LEAVING_OUT.pattern}){re.escape(measure)}", ctx.masked or ctx.intent.text
    ):
        measure = None  # 除了财政拨款，还有没有其他收入: the column left out is not the one read
    if items and measure and listed_sum(ctx):
        joined = _listed_measure(ctx)
        if joined is not None:  # 基本支出和项目支出加起来: both are summands, not a column and an item
            items, measure = tuple(sorted((*items, joined), key=lambda it: it.span[0])), None
    if len(items) > 1 and listed_sum(ctx):
        parts = tuple(it for it in items if not grand_total(it))
        if parts:
            items = parts
    return replace(ctx, items=items, measure=measure) if (items, measure) != (ctx.items, ctx.measure) else ctx


# 不算会议费和培训费 / 不含X / 除了X: what follows in the clause is left out, never added in
_LEAVING_OUT = re.compile(LEAVE_OUT)


def _left_out(ctx: Context, items: tuple[Item, ...]) -> tuple[Item, ...]:
    """The items without those the question leaves out (三公经费合计多少？不算会议费和培训费): an item after a
    leaving-out word, in the same clause, is named to be excluded."""
    text = ctx.masked or ctx.intent.text
    marks = [m.end() for m in _LEAVING_OUT.finditer(text)]
    if not marks:
        return items

    def out(it: Item) -> bool:
        return any(
            0 <= at <= it.span[0] and not re.search(r"[，,。；;？?！!]", text[at : it.span[0]])
            for at in marks
        )

    kept = tuple(it for it in items if not out(it))
    return kept if kept and len(kept) < len(items) else items


def _glossed(ctx: Context, items: tuple[Item, ...]) -> tuple[Item, ...]:
    """公用经费（商品和服务支出）合计多少: an item named again in brackets right after another is the same thing in
    other words, never a second summand; the name in brackets, as printed, is the one read."""
    if not listed_sum(ctx):
        return items  # 行政运行（党委办公厅…事务）这一项: the brackets say where the row is; no sum is asked
    text = ctx.masked or ctx.intent.text
    kept = tuple(a for a in items if not any(b is not a and bracketed_after(text, a, b) for b in items))
    return kept if kept and len(kept) < len(items) else items


def _named_once(ctx: Context) -> tuple[Item, ...]:
    """The items, one item named twice in a row counted once: 开会的钱（会议费） / 开会的会议费 is the 会议费 row
    said in everyday words and then as printed, never two summands. Two mentions with a joining word or a
    figure between them (2023年的会议费和2024年的会议费) stay two."""
    text = ctx.masked or ctx.intent.text
    items = sorted(ctx.items, key=lambda it: it.span[0])
    kept: list[Item] = []
    for item in items:
        last = kept[-1] if kept else None
        if (
            last is not None
            and (last.text, last.labels) == (item.text, item.labels)
            and 0 <= last.span[1] <= item.span[0]
            and not re.search(rf"[{_JOIN}\d，,、；;]", text[last.span[1] : item.span[0]])
        ):
            if item.score > last.score:
                kept[-1] = item
            continue
        kept.append(item)
    return tuple(kept) if len(kept) < len(items) else ctx.items


_JOIN = "和、与及加跟同"
_COUNTED = re.compile(r"([两二三四五六七八九十]|\d+)(?:块|项|个|笔|类|部分|样)")
_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _unread(ctx: Context) -> list[Item]:
    """Summands the question lists that no item was read for (人大监督、代表履职能力提升、代表工作: the
    middle one), or as many placeholders as it says it lists beyond the items read (这三块 of two)."""
    items = sorted(ctx.items, key=lambda it: it.span[0])
    text = ctx.masked or ctx.intent.text
    if len(items) < 2 or any(it.span[0] < 0 for it in items):
        return []
    out: list[Item] = []
    for a, b in zip(items, items[1:], strict=False):
        gap = text[a.span[1] : b.span[0]]
        # only a piece with a list mark on both sides is a summand of its own; 缴费 in 养老保险|缴费和 is the
        # rest of the name before it
        inner = re.split(f"[{_JOIN},，]", gap)[1:-1]
        out.extend(Item(x, (x,), 0.0, (-1, -1)) for x in inner if len(re.findall(r"[\u4e00-\u9fff]", x)) >= 2)
    m = _COUNTED.search(text[items[-1].span[1] :])
    if m and not out:
        token = m.group(1)
        n = int(token) if token.isdigit() else _CN_COUNT[token]
        if n > len(items):
            out.append(Item(f"另外{n - len(items)}项", (), 0.0, (-1, -1)))
    return out


def _listed_measure(ctx: Context) -> Item | None:
    """The measure word written as one of the listed items (人员经费和公用经费合计), as an item."""
    text = ctx.masked or ctx.intent.text
    for form, name in MEASURE_SAYS:
        if name != ctx.measure:
            continue
        start = text.find(form)
        end = start + len(form)
        if start < 0 or any(it.span[0] < end and start < it.span[1] for it in ctx.items):
            continue
        beside = text[end : end + 1] + text[max(start - 1, 0) : start]
        if not any(ch in _JOIN for ch in beside):
            continue
        found = [it for it in lexicon_mentions(form) if it.span == (0, len(form))]
        if found:
            return replace(found[0], span=(start, end))
    return None


def grand_total(item: Item) -> bool:
    """The department's or a table's whole (支出总计, 合计): beside listed items it is the sum word, never
    a summand. 三公经费 or 人员经费合计 are items of their own and stay."""
    term = item.term
    return (term is not None and term.name in DEPARTMENT_TOTALS) or is_total_label(item.text)


def aligned_cells(
    index: FactIndex,
    items: Sequence[Item],
    *,
    doc_id: str,
    year: int | None,
    measure: str | None = None,
    doc_kind: str | None = None,
    anchors: Iterable[tuple[int | None, str]] = (),
) -> list[Cell] | None:
    """One row per item in the same table and column of one document (办公费、印刷费、邮电费 all from the
    经济分类 table's 决算数 column), the table where the items score best together; None when no table
    prints every item. `anchors` (table_no, column) limit the choice to where some item's own best
    figure was read, so a summary table printing everything never wins by printing everything."""
    ranked = [
        [
            (s, c)
            for s, c in scored_cells(
                index, it, doc_ids=[doc_id], year=year, measure=measure, doc_kind=doc_kind
            )
            if plausible(c, it) and c.row
        ]
        for it in items
    ]
    if any(not r for r in ranked):
        return None
    best: tuple[float, list[Cell]] | None = None
    keys = {(c.fact.table_no, c.fact.column) for r in ranked for _, c in r}
    wanted = set(anchors)
    if wanted:
        keys &= wanted
    for key in sorted(keys, key=lambda k: (k[0] or 0, k[1])):
        chosen = []
        for r in ranked:
            here = [(s, c) for s, c in r if (c.fact.table_no, c.fact.column) == key]
            if not here:
                break
            chosen.append(here[0])
        else:
            rows = {c.fact.row_index for _, c in chosen}
            if len(rows) < len(chosen):
                continue  # two items read from one row: not each its own row
            total = sum(s for s, _ in chosen)
            if best is None or total > best[0]:
                best = (total, [c for _, c in chosen])
    return best[1] if best else None


def sum_answer(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch | None = None
) -> Answer:
    """Each listed item from its own row, all in one document and, when one table prints them all, in the
    same table and column; a missing item is named and no partial sum is given as the answer."""
    year = target_year(ctx, docs)
    found: list[Evidence] = []
    missing: list[Item] = []
    for item in ctx.items:
        fig = _fig(ctx, item, docs, year)
        if fig is None:
            missing.append(item)
        else:
            found.append(fig)
    where = {(f.cell.doc.doc_id, f.cell.fact.table_no, f.cell.fact.column) for f in found}
    if found and not missing and len(where) > 1:
        doc_id = found[0].cell.doc.doc_id
        cells = aligned_cells(
            ctx.index,
            ctx.items,
            doc_id=doc_id,
            year=year,
            measure=ctx.measure,
            doc_kind=ctx.intent.doc_kind,
            anchors=[
                (f.cell.fact.table_no, f.cell.fact.column) for f in found if f.cell.doc.doc_id == doc_id
            ],
        )
        if cells is not None:
            # a figure already read from the chosen table and column keeps its parts (one item over codes)
            found = [
                f
                if _same_place(f.cell, c)
                else replace(
                    f, value=c.fact.value or Decimal(0), unit=c.fact.unit, cells=_led_by(c, f), parts=()
                )
                for f, c in zip(found, cells, strict=True)
            ]
        elif any(f.cell.doc.doc_id != doc_id for f in found):
            one = [d for d in docs if d.doc_id == doc_id]
            again = [_fig(ctx, f.item, one, year) for f in found]
            missing = [f.item for f, g in zip(found, again, strict=True) if g is None]
            found = [g for g in again if g is not None]
    nested = next(((w, p) for w in found for p in found if w is not p and _contains(w.cell, p.cell)), None)
    if (
        nested is not None
    ):  # 因公出国费和三公经费一共: the whole already holds the part; no sum is asked of them
        whole, part = nested
        return replace(base, answer=compose.contains_said(whole, part, ctx.measure), kind="sum")
    stated: dict[int, Evidence] = {}
    own = [found[0].cell.doc] if found else [d for d in docs if d.year == year]
    if missing and narrative is not None and own and len(departments(own)) == 1:
        # the tables do not print a listed item: the text may state its amount (公务用车运行费0万元), or
        # every listed item (政府采购的货物和工程, stated only in the text)
        target = Target(own[0].department or own[0].source, year, tuple(own), (-1, -1))
        for item in missing:
            entry = evidence_for(ctx, item, target, narrative)
            if entry is not None and not entry.facts:
                stated[id(item)] = entry
        missing = [it for it in missing if id(it) not in stated]
    missing = [*missing, *_unread(ctx)]
    if missing:
        return _partial_sum(base, ctx, found, missing, docs, year)
    by_item = {id(f.item): f for f in found}
    summands: list[Evidence] = []
    for item in ctx.items:
        f = by_item.get(id(item))
        if f is not None:
            shown = f.cells[:2]
            summands.append(
                replace(
                    f, who=item.text, citations=compose.citations(shown), facts=tuple(c.fact for c in shown)
                )
            )
        else:
            summands.append(replace(stated[id(item)], who=item.text))
    unit = found[0].unit if found else summands[0].unit
    values = [calc.convert(e.value, e.unit, unit)[0] for e in summands]
    value, formula = calc.total(values, unit)
    doc = found[0].cell.doc if found else own[0]
    text = compose.sum_said(doc.department or doc.source, year, summands, value, unit)
    quoted: dict[str, list[str]] = {}  # one sentence listing several summands is quoted once
    for item in ctx.items:
        if id(item) in stated:
            quoted.setdefault(stated[id(item)].source, []).append(item.text)
    text += "".join(compose.quoted_from(names, source) for source, names in quoted.items())
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=tuple(c for e in summands for c in e.citations),
        facts=tuple(x for e in summands for x in e.facts),
        kind="sum",
    )


def _led_by(cell: Cell, fig: Evidence) -> tuple[Cell, ...]:
    """The aligned cell first, then the cells of the figure's own reading that print the same amount."""
    return (cell, *(c for c in fig.cells if c.fact.value == cell.fact.value and c != cell))


def _same_place(a: Cell, b: Cell) -> bool:
    return (a.doc.doc_id, a.fact.table_no, a.fact.column) == (b.doc.doc_id, b.fact.table_no, b.fact.column)


def _partial_sum(
    base: Answer,
    ctx: Context,
    found: Sequence[Evidence],
    missing: Sequence[Item],
    docs: Sequence[Document],
    year: int | None,
) -> Answer:
    """Not found, naming every missing item; the found ones are listed (with their partial sum) but no
    figure is the answer: a sum without one of its parts is not the sum asked for."""
    searched = compose.searched(departments(docs), year, docs)
    answer = replace(base, status="not_found", answer=searched)
    partial = None
    if found:
        unit = found[0].unit
        value, _ = calc.total([calc.convert(f.value, f.unit, unit)[0] for f in found], unit)
        partial = (value, unit)
        cells = [c for f in found for c in f.cells[:1]]
        answer = replace(answer, citations=compose.citations(cells), facts=tuple(c.fact for c in cells))
    text = compose.partial_sum_said([it.text for it in missing], found, partial)
    return replace(answer, answer=text + answer.answer, kind="sum")
