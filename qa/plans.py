"""Answer plans: lookup, change (增减/增长率), share, sum, comparison, ranking, narrative.

Each plan turns an understood question (`Context`) into an `Answer`; figures come from
`budgetqa.qa.lookup`, arithmetic from `budgetqa.qa.calc`, sentences from `budgetqa.qa.compose`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from budgetqa.qa import calc, compose
from budgetqa.qa.answer import Answer, cite_chunk
from budgetqa.qa.lexicon import term_by_name
from budgetqa.qa.lookup import Figure, figure
from budgetqa.qa.matching import Item, residue
from budgetqa.qa.narrative import NarrativeSearch, best_quotes, clean_sentence
from budgetqa.qa.question import Parsed
from budgetqa.qa.ranking import rank_answer
from budgetqa.qa.text import clean_label, fold
from budgetqa.store import Document

if TYPE_CHECKING:
    from budgetqa.qa.answerer import Context


def departments(docs: Sequence[Document]) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.department or doc.source].append(doc)
    return dict(groups)


def target_year(ctx: Context, docs: Sequence[Document]) -> int | None:
    """The year asked about: explicit, relative to the latest document in scope, or that document's."""
    years = [d.year for d in docs if d.year is not None]
    ref = max(years) if years else None
    p = ctx.parsed
    if p.years:
        return max(p.years) if ({"delta", "rate"} & p.ops and len(p.years) > 1) else p.years[0]
    if p.relative and ref is not None:
        return ref + p.relative[0]
    return ref


def base_year(ctx: Context, target: int | None) -> int | None:
    p = ctx.parsed
    if p.base_years:
        return p.base_years[0]
    if len(p.years) > 1:
        return min(p.years)
    if target is None:
        return None
    return target + (p.base_relative[0] if p.base_relative else -1)


def _fig(
    ctx: Context, item: Item, docs: Sequence[Document], year: int | None, role: str = "value"
) -> Figure | None:
    return figure(
        ctx.index,
        item,
        doc_ids=[d.doc_id for d in docs],
        year=year,
        measure=ctx.measure,
        role=role,
        doc_kind=ctx.parsed.doc_kind,
    )


def _not_found(
    base: Answer, ctx: Context, item: Item | None, docs: Sequence[Document], year: int | None
) -> Answer:
    who = "、".join(departments(docs)) or "已导入的文档"
    have = "、".join(sorted({compose.doc_name(d) for d in docs}))
    when = f"{year}年" if year else ""
    what = item.text if item else "问题所问的项目"
    if year is not None and all(d.year is not None and year not in (d.year, d.year - 1) for d in docs):
        return replace(base, answer=f"文档中没有{who}{when}的数据（已导入：{have}）。")
    return replace(base, answer=f"文档中没有找到{who}{when}的“{what}”（已查：{have}）。", kind="lookup")


def _unit_convert(
    ctx: Context, value: Decimal, unit: str | None, formula: str | None
) -> tuple[Decimal, str | None, str | None]:
    converted, new_unit, conv = calc.convert(value, unit, ctx.parsed.unit)
    if conv is None:
        return value, unit, formula
    return converted, new_unit, f"{formula}；{conv}" if formula else conv


def run(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer:
    p = ctx.parsed
    if not ctx.items and "rank" in p.ops:
        return rank_answer(ctx, base, departments(ctx.docs))
    if not ctx.items:
        if "narrative" in p.ops or "indicator" in p.ops or p.why:
            return narrative_answer(ctx, base, narrative)
        return replace(
            base,
            answer="没能确定问题问的是哪一项；请写出表中的科目或项目名称（例如“公务接待费”“基本支出”）。",
        )
    groups = departments(ctx.docs)
    if _wants_text(p):
        if p.why and _DELTA_WORDS.search(p.text):
            pass  # 为什么减少: the change itself, then the reason
        else:
            return narrative_answer(ctx, base, narrative)
    if "rank" in p.ops:
        return rank_answer(ctx, base, groups)
    if "compare" in p.ops and len(groups) > 1:
        return compare_answer(ctx, base, groups)
    if len(groups) > 1 and not ctx.dept_named:
        found = {
            name: docs
            for name, docs in groups.items()
            if _fig(ctx, ctx.items[0], docs, target_year(ctx, docs))
        }
        if len(found) > 1:
            choices = tuple(found)
            return replace(
                base,
                status="clarify",
                answer=compose.choices_sentence(f"已导入的多个部门都有“{ctx.items[0].text}”，", choices),
                choices=choices,
                kind="lookup",
            )
        if found:
            groups = found
    docs = next(iter(groups.values()))
    if "share" in p.ops:
        answer = share_answer(ctx, base, docs)
    elif "sum" in p.ops and len(ctx.items) > 1:
        answer = sum_answer(ctx, base, docs)
    elif {"delta", "rate"} & p.ops:
        answer = change_answer(ctx, base, docs)
    elif p.why and _DELTA_WORDS.search(p.text):
        answer = change_answer(ctx, base, docs)
    else:
        answer = lookup_answer(ctx, base, docs)
    if p.why and answer.status == "answered":
        answer = with_reason(ctx, answer, docs, narrative)
    elif answer.status == "not_found" and ("narrative" in p.ops or "indicator" in p.ops):
        return narrative_answer(ctx, base, narrative)
    elif answer.status == "not_found":
        return text_fallback(ctx, answer, docs, narrative)
    return answer


_FIGURE_WORDS = re.compile(r"多少|几|金额|数额|是多|为多|比上年|比去年|占|合计|总共|一共")
_DELTA_WORDS = re.compile(r"减少|增加|下降|增长|变化|压减|减|增|少|多")


def _wants_text(p: Parsed) -> bool:
    """主要用于/职责/为什么 without asking for a figure: a quoted answer, not a number."""
    return ("narrative" in p.ops or "indicator" in p.ops) and not _FIGURE_WORDS.search(p.text)


def lookup_answer(ctx: Context, base: Answer, docs: Sequence[Document]) -> Answer:
    year = target_year(ctx, docs)
    figures = []
    for item in ctx.items:
        fig = _fig(ctx, item, docs, year)
        if fig is None:
            return _not_found(base, ctx, item, docs, year)
        figures.append(fig)
    text = "".join(compose.figure_sentence(f, ctx.measure) for f in figures)
    cells = [c for f in figures for c in (*f.cells, *f.conflicts)]
    first = figures[0]
    value, unit, formula = first.value, first.unit, first.formula
    if len(figures) == 1:
        value, unit, formula = _unit_convert(ctx, value, unit, formula)
        if unit != first.unit:
            text = text[:-1] + f"，即{compose.amount(value, unit)}。"
    return replace(
        base,
        status="answered",
        answer=text,
        value=value if len(figures) == 1 else None,
        unit=unit,
        formula=formula,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="lookup",
    )


def change_answer(ctx: Context, base: Answer, docs: Sequence[Document]) -> Answer:
    """增减 and 增长率: the printed 增减 figure when the document has one, else computed from two years."""
    item = ctx.items[0]
    year = target_year(ctx, docs)
    before_year = base_year(ctx, year)
    now = _fig(ctx, item, docs, year)
    before = _fig(ctx, item, docs, before_year)
    if now is None:
        return _not_found(base, ctx, item, docs, year)
    printed_fig = _fig(ctx, item, docs, year, role="delta") if before_year == (year or 0) - 1 else None
    printed = printed_fig.cell if printed_fig and printed_fig.cell.doc.doc_id == now.cell.doc.doc_id else None
    if before is None and printed is None:
        return _not_found(base, ctx, item, docs, before_year)
    if before is None:
        assert printed is not None and printed.fact.value is not None
        diff = printed.fact.value
        before = replace(now, value=now.value - diff, cells=(), year=before_year)
        formula = f"{calc.fmt(now.value)} {calc.MINUS} {calc.term(diff)} = {calc.fmt(before.value)}（由表中增减数推算上年）"
    else:
        diff, formula = calc.difference(now.value, before.value, now.unit)
        if printed is not None and printed.fact.value != diff:
            formula += f"；表中“增减”为 {calc.fmt(printed.fact.value or Decimal(0))}，与计算不一致"
    rate = None
    kind = "delta"
    value = diff
    unit = now.unit
    if "rate" in ctx.parsed.ops:
        rate, rate_formula = calc.growth_rate(now.value, before.value)
        formula = rate_formula if rate is not None else formula
        kind, value, unit = "ratio", rate if rate is not None else diff, "%" if rate is not None else now.unit
    text = compose.delta_sentence(now, before, diff, rate, printed=printed)
    cells = [*now.cells[:2], *before.cells[:2], *([printed] if printed else [])]
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind=kind,
    )


def _whole_item(ctx: Context) -> Item | None:
    term = term_by_name("支出总计")
    if term is None:
        return None
    return Item(term.name, tuple(clean_label(x) for x in term.labels), 0.9, term=term, how="lexicon")


def share_answer(ctx: Context, base: Answer, docs: Sequence[Document]) -> Answer:
    at = ctx.parsed.share_at
    parts = [it for it in ctx.items if at < 0 or it.span[0] < at]
    wholes = [it for it in ctx.items if at >= 0 and it.span[0] > at]
    whole_item = wholes[0] if wholes else _whole_item(ctx)
    if not parts or whole_item is None:
        return _not_found(base, ctx, None, docs, target_year(ctx, docs))
    year = target_year(ctx, docs)
    part = _fig(ctx, parts[0], docs, year)
    whole = _fig(ctx, whole_item, docs, year)
    if part is None or whole is None:
        return _not_found(base, ctx, parts[0] if part is None else whole_item, docs, year)
    if (part.unit or "") != (whole.unit or ""):
        whole_value, _, _ = calc.convert(whole.value, whole.unit, part.unit)
    else:
        whole_value = whole.value
    rate, formula = calc.share(part.value, whole_value)
    if rate is None:
        return replace(base, answer=f"{whole.item.text}为 0，无法计算占比。", formula=formula)
    doc = part.cell.doc
    text = (
        f"{doc.department or doc.source}{compose.subject(part, None)}{compose.amount(part.value, part.unit)}，"
        f"占{whole.item.text}{compose.amount(whole.value, whole.unit)}的{calc.fmt_rate(rate)}%"
        f"（{compose.where(part.cell)}；{compose.where(whole.cell)}）。"
    )
    cells = [*part.cells[:2], *whole.cells[:2]]
    return replace(
        base,
        status="answered",
        answer=text,
        value=rate,
        unit="%",
        formula=formula,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="ratio",
    )


def sum_answer(ctx: Context, base: Answer, docs: Sequence[Document]) -> Answer:
    year = target_year(ctx, docs)
    figures = []
    for item in ctx.items:
        fig = _fig(ctx, item, docs, year)
        if fig is None:
            return _not_found(base, ctx, item, docs, year)
        figures.append(fig)
    unit = figures[0].unit
    values = [calc.convert(f.value, f.unit, unit)[0] for f in figures]
    value, formula = calc.total(values, unit)
    listed = "、".join(f"{f.item.text}{compose.amount(f.value, f.unit)}" for f in figures)
    doc = figures[0].cell.doc
    text = f"{doc.department or doc.source}{year or ''}年{listed}，合计{compose.amount(value, unit)}。"
    cells = [c for f in figures for c in f.cells[:2]]
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="sum",
    )


def compare_answer(ctx: Context, base: Answer, groups: dict[str, list[Document]]) -> Answer:
    item = ctx.items[0]
    figures = []
    for docs in groups.values():
        fig = _fig(ctx, item, docs, target_year(ctx, docs))
        if fig is not None:
            figures.append(fig)
    if len(figures) < 2:
        return _not_found(base, ctx, item, [d for g in groups.values() for d in g], None)
    unit = figures[0].unit
    values = [calc.convert(f.value, f.unit, unit)[0] for f in figures]
    order = sorted(range(len(figures)), key=lambda i: -values[i])
    hi, lo = order[0], order[-1]
    diff, formula = calc.difference(values[hi], values[lo], unit)
    listed = "；".join(
        f"{compose.doc_name(f.cell.doc)}{item.text}{compose.amount(f.value, f.unit)}" for f in figures
    )
    text = (
        f"{listed}。{figures[hi].cell.doc.department}最多，比{figures[lo].cell.doc.department}"
        f"多{compose.amount(diff, unit)}。"
    )
    cells = [f.cell for f in figures]
    return replace(
        base,
        status="answered",
        answer=text,
        value=diff,
        unit=unit,
        formula=formula,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="compare",
    )


_ASKING = re.compile(r"是什么|是哪些|有哪些|什么|哪些|多少|吗|呢|请问|请|[?？!！。，,\s]")


def _narrative_query(ctx: Context) -> str:
    """The question without its asking words: they match every passage equally."""
    return _ASKING.sub(" ", ctx.parsed.text).strip() or ctx.question


def narrative_answer(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer:
    doc_ids = [d.doc_id for d in ctx.docs]
    passages = narrative.passages(_narrative_query(ctx), doc_ids, k=5)
    focus = [it.text for it in ctx.items] or [residue(ctx.parsed.text)]
    quotes = best_quotes(passages, focus=focus, want_reason=ctx.parsed.why, limit=2)
    if not quotes:
        return replace(base, answer="文档的文字部分没有找到能回答这个问题的内容。", kind="narrative")
    docs = {d.doc_id: d for d in ctx.docs}
    parts = []
    cites = []
    for q in quotes:
        doc = docs[q.chunk.doc_id]
        page = f"第{q.chunk.page_start}页" if q.chunk.page_start else ""
        section = q.chunk.section or ""
        loc = "，".join(x for x in (section, page) if x)
        parts.append(f"“{clean_sentence(q.sentence)}”" + (f"（{loc}）" if loc else ""))
        cites.append(cite_chunk(q.chunk, doc, q.sentence))
    kind = "indicator" if "indicator" in ctx.parsed.ops else "narrative"
    head = compose.doc_name(docs[quotes[0].chunk.doc_id])
    return replace(
        base, status="answered", answer=f"据{head}：" + "".join(parts), citations=tuple(cites), kind=kind
    )


def with_reason(ctx: Context, answer: Answer, docs: Sequence[Document], narrative: NarrativeSearch) -> Answer:
    """Figure + reason: quote the sentence that explains the change."""
    item = ctx.items[0].text
    query = f"{item} 比上年 减少 增加 主要原因 主要是"
    passages = narrative.passages(query, [d.doc_id for d in docs], k=5)
    quotes = best_quotes(passages, focus=[item], want_reason=True, limit=1)
    if not quotes:
        return replace(answer, answer=answer.answer + "文档的文字部分没有说明原因。")
    q = quotes[0]
    doc = next(d for d in docs if d.doc_id == q.chunk.doc_id)
    page = f"，第{q.chunk.page_start}页" if q.chunk.page_start else ""
    reason = f"原因：“{clean_sentence(q.sentence)}”（{q.chunk.section or '文字部分'}{page}）。"
    return replace(
        answer,
        answer=answer.answer + reason,
        citations=(*answer.citations, cite_chunk(q.chunk, doc, q.sentence)),
    )


def text_fallback(
    ctx: Context, missing: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """No table prints it, but the text may state it (机关运行经费, a project's change): quote that
    sentence, only when it names the item and carries a figure; the value stays None (not a cell)."""
    item = ctx.items[0].text
    year = target_year(ctx, docs)
    if year is not None and year not in {d.year for d in docs}:
        return missing  # the year itself is not covered: nothing to quote
    change = bool({"delta", "rate"} & ctx.parsed.ops)
    passages = narrative.passages(f"{item} {_narrative_query(ctx)}", [d.doc_id for d in docs], k=5)
    for q in best_quotes(passages, focus=[item], want_reason=ctx.parsed.why, limit=8):
        sentence = clean_sentence(q.sentence)
        if not re.search(r"\d", sentence):
            continue
        names = fold(item) in fold(sentence)
        # 本项目预算较上年增加…: the change sentence follows the one naming the project
        if change:
            if not (_DELTA_WORDS.search(sentence) and (names or fold(item) in fold(q.chunk.text))):
                continue
        elif not names:
            continue
        doc = next(d for d in docs if d.doc_id == q.chunk.doc_id)
        page = f"，第{q.chunk.page_start}页" if q.chunk.page_start else ""
        lead = f"表格中没有“{item}”上年的数字" if change else f"表格中没有单列“{item}”这一数字"
        text = f"{lead}；{compose.doc_name(doc)}的文字部分写道：“{sentence}”（{q.chunk.section or '文字部分'}{page}）。"
        return replace(
            missing,
            status="answered",
            answer=text,
            citations=(cite_chunk(q.chunk, doc, q.sentence),),
            kind="narrative",
        )
    return missing
