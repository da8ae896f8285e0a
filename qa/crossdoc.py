"""Questions across departments (外办2023年和区府办2025年…哪个多 / 加起来 / 谁最高 / 是…的几倍 / 比…少多少)
and comparisons of two items in one document.

Each department is looked up at its own year (`budgetqa.qa.scope.Target`); figures printed in 元 and
万元 are converted explicitly and the formula says so. A department whose tables do not print the item
may still state it in its text (机关运行经费预算支出5619.31万元): that sentence is quoted as the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from budgetqa.qa import calc, compose
from budgetqa.qa.answer import Answer, Citation, cite_chunk
from budgetqa.qa.context import Context
from budgetqa.qa.figures import loosened
from budgetqa.qa.lookup import figure
from budgetqa.qa.matching import Item
from budgetqa.qa.narrative import NarrativeSearch, clean_sentence
from budgetqa.qa.scope import Target
from budgetqa.qa.stated import stated_amount
from budgetqa.store import Fact

_TIMES = re.compile(r"几倍|多少倍|倍数|是.{0,30}的多少")
_DIFF = re.compile(r"相差|差多少|差额|差距|(?:多|少|高|低)(?:安排|花|用|拨|给|出|了|出了)*多少")


@dataclass(frozen=True)
class Entry:
    """One department's figure, converted to the answer's unit."""

    who: str  # 上海市普陀区人民政府办公室2025年
    value: Decimal  # printed value
    unit: str | None
    common: Decimal  # in the answer's unit
    citations: tuple[Citation, ...]
    facts: tuple[Fact, ...]
    source: str  # 表9 …，第24页 / 文字部分 “…”
    conversion: str | None = None


def cross_op(ctx: Context) -> str:
    """What to do with several departments' figures."""
    p = ctx.parsed
    if _TIMES.search(p.text):
        return "times"
    if "rank" in p.ops:
        return "rank"
    if "sum" in p.ops:
        return "sum"
    if p.yesno or ("compare" in p.ops and not _DIFF.search(p.text)):
        return "compare"  # 和B的比,哪个高 / 是不是比B多: the larger side, not the gap
    if "delta" in p.ops or _DIFF.search(p.text):
        return "delta"
    return "compare"


def entry_for(
    ctx: Context,
    item: Item,
    target: Target,
    narrative: NarrativeSearch | None,
    *,
    text_only: bool = False,
) -> Entry | None:
    """The department's figure in its printed unit (`common` is filled in by `_convert`); with `text_only`
    only as the text states it (a part whose table reading has its own rules, such as 政府采购的服务)."""
    docs = list(target.docs)
    who = f"{target.name}{f'{target.year}年' if target.year else ''}"
    fig = None
    for candidate in () if text_only else (item, *loosened(item)):
        fig = figure(
            ctx.index,
            candidate,
            doc_ids=[d.doc_id for d in docs],
            year=target.year,
            measure=ctx.measure,
            doc_kind=ctx.parsed.doc_kind or (docs[0].doc_kind if docs else None),
        )
        if fig is not None:
            break
    if fig is not None:
        cells = list(fig.cells[:2])
        return Entry(
            who,
            fig.value,
            fig.unit,
            fig.value,
            compose.citations(cells),
            tuple(c.fact for c in cells),
            compose.where(fig.cell),
        )
    if narrative is None:
        return None
    # the tables do not print it: the text may state the amount in so many words
    hint = item.term.table_hint if item.term is not None and item.term.table_hint else ""  # 服务采购 → 采购
    ids = [d.doc_id for d in docs]
    passages = narrative.passages(f"{item.text} {hint} 预算 支出", ids, k=5)
    # the question's own words find the passage that states a part of what it names (基本支出…（一）人员经费…)
    passages += narrative.passages(ctx.masked or ctx.parsed.text, ids, k=3)
    focus = [item.text, *item.labels]
    if hint == "采购" and item.text.endswith("采购") and len(item.text) == 4:
        # 服务采购: the text says 政府采购服务预算N万元; a bare 服务 names many other things (服务支出)
        word = item.text[:-2]
        focus = [item.text, f"政府采购{word}", f"采购{word}", f"{word}类采购"]
    stated = stated_amount(passages, focus)
    if stated is None:
        return None
    stated = replace(stated, chunk=narrative.located(stated.chunk, stated.sentence))
    doc = next(d for d in docs if d.doc_id == stated.chunk.doc_id)
    page = f"，第{stated.chunk.page_start}页" if stated.chunk.page_start else ""
    return Entry(
        who,
        stated.value,
        stated.unit,
        stated.value,
        (cite_chunk(stated.chunk, doc, stated.sentence),),
        (),
        f"文字部分：“{clean_sentence(stated.sentence)}”{page}",
    )


def common_unit(entries: Sequence[Entry], asked: str | None) -> str | None:
    """The unit the question asks for; else the shared printed unit; mixed 元/万元 → 万元."""
    if asked:
        return asked
    units = {e.unit for e in entries if e.unit}
    if len(units) == 1:
        return units.pop()
    return "万元" if units else None


def _convert(entry: Entry, unit: str | None) -> Entry:
    value, _, conv = calc.convert(entry.value, entry.unit, unit)
    return replace(entry, common=value, conversion=conv)


def items_answer(ctx: Context, base: Answer, target: Target, narrative: NarrativeSearch) -> Answer:
    """Two items of one department (基本支出和项目支出哪个多): each figure, then the larger or the gap."""
    entries = []
    for item in ctx.items:
        entry = entry_for(ctx, item, target, narrative)
        if entry is None:
            return replace(
                base, answer=f"文档中没有找到{target.name}的“{item.text}”，无法比较。", kind="compare"
            )
        entries.append(replace(entry, who=item.text))
    unit = common_unit(entries, ctx.parsed.unit)
    entries = [_convert(e, unit) for e in entries]
    order = sorted(range(len(entries)), key=lambda i: -entries[i].common)
    if ctx.parsed.rank == "min":
        order.reverse()
    top, other = entries[order[0]], entries[order[-1]]
    gap, formula = calc.difference(top.common, other.common, unit)
    listed = compose.with_sources([(f"{e.who}{compose.amount(e.value, e.unit)}", e.source) for e in entries])
    year = f"{target.year}年" if target.year else ""
    value = abs(gap) if _DIFF.search(ctx.parsed.text) else top.common
    kind = "compare"
    if _TIMES.search(ctx.parsed.text) and len(entries) == 2:
        # A是B的几倍: the first named over the second, in one unit
        first, second = entries
        if second.common == 0:
            return replace(base, answer=f"{target.name}{year}{second.who}为 0，无法计算倍数。", kind="ratio")
        value = (first.common / second.common).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        formula = f"{calc.fmt(first.common)} ÷ {calc.fmt(second.common)} = {calc.fmt_plain(value)}"
        text = f"{target.name}{year}{listed}。{first.who}是{second.who}的{calc.fmt_plain(value)}倍。"
        unit, kind = "倍", "ratio"
    elif ctx.parsed.yesno:
        text = f"{target.name}{year}{listed}。{yes_no(entries, ctx.parsed.yesno, unit)}"
        value = max(e.common for e in entries)
    elif ctx.parsed.versus and _DIFF.search(ctx.parsed.text) and len(entries) == 2:
        # A比B少多少: the first named minus the second, signed like a change
        value, formula = calc.difference(entries[0].common, entries[1].common, unit)
        words = "多" if value > 0 else ("少" if value < 0 else "持平")
        gap_text = "" if value == 0 else compose.amount(abs(value), unit)
        text = f"{target.name}{year}{listed}。{entries[0].who}比{entries[1].who}{words}{gap_text}。"
    elif gap == 0:
        text = f"{target.name}{year}{listed}。两者相同。"
    else:
        word = "少" if ctx.parsed.rank == "min" else "多"
        text = (
            f"{target.name}{year}{listed}。{top.who}更{word}（{compose.amount(top.common, unit)}），"
            f"比{other.who}{word}{compose.amount(abs(gap), unit)}。"
        )
    conversions = [e.conversion for e in entries if e.conversion]
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula="；".join([*conversions, formula]),
        citations=tuple(c for e in entries for c in e.citations),
        facts=tuple(f for e in entries for f in e.facts),
        kind=kind,
    )


def asks_times(text: str) -> bool:
    """A是B的几倍 / 多少倍."""
    return bool(_TIMES.search(text))


def yes_no(entries: Sequence[Entry], claim: str, unit: str | None) -> str:
    """是/不是 for `A是不是比B多` (claim "more") or `…少` ("less"): the first named against the second."""
    first, second = entries[0], entries[-1]
    gap = first.common - second.common
    if gap == 0:
        return f"不是，两者相同，均为{compose.amount(first.common, unit)}。"
    holds = gap > 0 if claim == "more" else gap < 0
    word = "多" if gap > 0 else "少"
    return (
        f"{'是' if holds else '不是'}，{first.who}比{second.who}{word}{compose.amount(abs(gap), unit)}"
        f"（较大的是{(first if gap > 0 else second).who}，{compose.amount(max(first.common, second.common), unit)}）。"
    )


def _main_item(ctx: Context) -> Item | None:
    return ctx.items[0] if ctx.items else None


def cross_answer(ctx: Context, base: Answer, targets: Sequence[Target], narrative: NarrativeSearch) -> Answer:
    item = _main_item(ctx)
    if item is None:
        return replace(base, answer="没能确定要比较哪一项；请写出科目或项目名称（例如“三公经费”）。")
    entries: list[Entry] = []
    missing: list[str] = []
    for target in targets:
        entry = entry_for(ctx, item, target, narrative)
        if entry is None:
            missing.append(f"{target.name}{f'{target.year}年' if target.year else ''}")
            continue
        entries.append(entry)
    if missing:
        return replace(
            base,
            answer=f"文档中没有找到{'、'.join(missing)}的“{item.text}”，无法跨部门计算。",
            kind="compare",
        )
    unit = common_unit(entries, ctx.parsed.unit)
    entries = [_convert(e, unit) for e in entries]
    op = cross_op(ctx)
    listed = compose.with_sources(
        [(f"{e.who}{item.text}{compose.amount(e.value, e.unit)}", e.source) for e in entries]
    )
    conversions = [e.conversion for e in entries if e.conversion]
    values = [e.common for e in entries]
    value: Decimal
    out_unit: str | None
    gap_text: str
    if op == "times" and len(entries) >= 2:
        if values[1] == 0:
            return replace(base, answer=f"{entries[1].who}{item.text}为 0，无法计算倍数。")
        ratio = (values[0] / values[1]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        formula = f"{calc.fmt(values[0])} ÷ {calc.fmt(values[1])} = {calc.fmt_plain(ratio)}"
        text = f"{listed}。{entries[0].who}是{entries[1].who}的{calc.fmt_plain(ratio)}倍。"
        value, out_unit, kind = ratio, "倍", "ratio"
    elif op == "sum":
        value, formula = calc.total(values, unit)
        text = f"{listed}。合计{compose.amount(value, unit)}。"
        out_unit, kind = unit, "sum"
    elif op == "delta" and len(entries) >= 2:
        value, formula = calc.difference(values[0], values[1], unit)
        words = "多" if value > 0 else ("少" if value < 0 else "持平")
        gap_text = "" if value == 0 else compose.amount(abs(value), unit)
        text = f"{listed}。{entries[0].who}比{entries[1].who}{words}{gap_text}。"
        out_unit, kind = unit, "delta"
    else:
        order = sorted(range(len(entries)), key=lambda i: -values[i])
        if ctx.parsed.rank == "min":
            order.reverse()
        top, other = entries[order[0]], entries[order[-1]]
        gap, formula = calc.difference(values[order[0]], values[order[-1]], unit)
        word = ("最" if len(entries) > 2 else "更") + ("少" if ctx.parsed.rank == "min" else "多")
        ties = values[order[0]] == values[order[-1]]
        if ties:
            text = f"{listed}。两者相同，均为{compose.amount(values[order[0]], unit)}。"
        else:
            diff_word = "少" if ctx.parsed.rank == "min" else "多"
            text = (
                f"{listed}。{top.who}{word}（{compose.amount(values[order[0]], unit)}），"
                f"比{other.who}{diff_word}{compose.amount(abs(gap), unit)}。"
            )
        if ctx.parsed.yesno and len(entries) == 2 and op == "compare":
            text = f"{listed}。{yes_no(entries, ctx.parsed.yesno, unit)}"
            order = sorted(range(len(entries)), key=lambda i: -values[i])  # the larger, whatever was claimed
        value, out_unit, kind = values[order[0]], unit, ("rank" if op == "rank" else "compare")
        if _DIFF.search(ctx.parsed.text) and not ctx.parsed.yesno:
            value = abs(gap)
    formula = "；".join([*conversions, formula]) if conversions else formula
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=out_unit,
        formula=formula,
        citations=tuple(c for e in entries for c in e.citations),
        facts=tuple(f for e in entries for f in e.facts),
        kind=kind,
    )


__all__ = [
    "Entry",
    "common_unit",
    "entry_for",
    "cross_answer",
    "cross_op",
    "items_answer",
    "loosened",
    "yes_no",
]
