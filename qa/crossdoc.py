"""Questions across departments (外办2023年和区府办2025年…哪个多 / 加起来 / 谁最高 / 是…的几倍 / 比…少多少)
and comparisons of two items in one document.

Each department is looked up at its own year (`budgetqa.qa.scope.Target`); figures printed in 元 and
万元 are converted explicitly and the formula says so. A department whose tables do not print the item
may still state it in its text (机关运行经费预算支出5619.31万元): that sentence is quoted as the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from budgetqa.qa import compose, ops, safety
from budgetqa.qa.answer import Answer, cite_chunk
from budgetqa.qa.context import Context
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.figures import loosened
from budgetqa.qa.lookup import figure
from budgetqa.qa.matching import Item
from budgetqa.qa.narrative import NarrativeSearch, clean_sentence
from budgetqa.qa.scope import Target
from budgetqa.qa.stated import stated_amount


def evidence_for(
    ctx: Context,
    item: Item,
    target: Target,
    narrative: NarrativeSearch | None,
    *,
    text_only: bool = False,
) -> Evidence | None:
    """The department's figure in its printed unit (`common` is filled in by `_convert`); with `text_only`
    only as the text states it (a part whose table reading has its own rules, such as 政府采购的服务)."""
    docs = list(target.docs)
    who = compose.whose(target.name, target.year)
    if not text_only and safety.is_breakdown(item):
        # 服务类 / 货物类 of the procurement: printed as a column or a row of its own table, never its total
        entry = safety.breakdown_entry(ctx, item, target)
        if entry is not None:
            return entry
    fig = None
    for candidate in () if text_only else (item, *loosened(item)):
        fig = figure(
            ctx.index,
            candidate,
            doc_ids=[d.doc_id for d in docs],
            year=target.year,
            measure=ctx.measure,
            doc_kind=ctx.intent.doc_kind or (docs[0].doc_kind if docs else None),
        )
        if fig is not None:
            break
    if fig is not None:
        cells = list(fig.cells[:2])
        return replace(
            fig,
            who=who,
            citations=compose.citations(cells),
            facts=tuple(c.fact for c in cells),
            source=compose.where(fig.cell),
        )
    if narrative is None:
        return None
    # the tables do not print it: the text may state the amount in so many words
    hint = item.term.table_hint if item.term is not None and item.term.table_hint else ""  # 服务采购 → 采购
    ids = [d.doc_id for d in docs]
    passages = narrative.passages(f"{item.text} {hint} 预算 支出", ids, k=5)
    # the question's own words find the passage that states a part of what it names (基本支出…（一）人员经费…)
    passages += narrative.passages(ctx.masked or ctx.intent.text, ids, k=3)
    focus = [item.text, *item.labels]
    if hint == "采购" and item.text.endswith("采购") and len(item.text) == 4:
        # 服务采购: the text says 政府采购服务预算N万元; a bare 服务 names many other things (服务支出)
        word = item.text[:-2]
        focus = [item.text, f"政府采购{word}", f"采购{word}", f"{word}类采购"]
    stated = stated_amount(passages, focus)
    if stated is None:
        return None
    stated = replace(stated, passage=narrative.located(stated.chunk, stated.sentence))
    doc = next(d for d in docs if d.doc_id == stated.chunk.doc_id)
    return replace(
        stated,
        who=who,
        citations=(cite_chunk(stated.chunk, doc, stated.sentence),),
        source=compose.text_source(clean_sentence(stated.sentence), stated.chunk),
    )


def items_answer(ctx: Context, base: Answer, target: Target, narrative: NarrativeSearch) -> Answer:
    """Two items of one department (基本支出和项目支出哪个多): each figure, then the larger or the gap."""
    found = []
    for item in ctx.items:
        entry = evidence_for(ctx, item, target, narrative)
        if entry is None:
            return replace(
                base, answer=compose.missing_said([target.name], item.text, "比较"), kind="compare"
            )
        found.append(replace(entry, who=item.text))
    lead = compose.whose(target.name, target.year)
    op = ops.op_of(ctx.intent, several=False)
    try:
        entries, result = ops.apply(op, found, ctx.intent)
    except ops.NotComputable as e:
        return replace(base, answer=f"{lead}{e}", kind="ratio")
    return _answered(base, entries, result, compose.evidence_said(entries, lead=lead))


def _main_item(ctx: Context) -> Item | None:
    return ctx.items[0] if ctx.items else None


def cross_answer(ctx: Context, base: Answer, targets: Sequence[Target], narrative: NarrativeSearch) -> Answer:
    item = _main_item(ctx)
    if item is None:
        return replace(base, answer=compose.refusal("no_item_to_compare"))
    entries: list[Evidence] = []
    missing: list[str] = []
    for target in targets:
        entry = evidence_for(ctx, item, target, narrative)
        if entry is None:
            missing.append(compose.whose(target.name, target.year))
            continue
        entries.append(entry)
    if missing:
        return replace(base, answer=compose.missing_said(missing, item.text, "跨部门计算"), kind="compare")
    op = ops.op_of(ctx.intent, several=True)
    try:
        entries, result = ops.apply(op, entries, ctx.intent)
    except ops.NotComputable as e:
        return replace(base, answer=f"{item.text}：{e}", kind="ratio")
    return _answered(base, entries, result, compose.evidence_said(entries, of=item.text))


def _answered(base: Answer, entries: Sequence[Evidence], result: ops.Result, listed: str) -> Answer:
    conversions = [e.conversion for e in entries if e.conversion]
    return replace(
        base,
        status="answered",
        answer=f"{listed}{result.says}",
        value=result.value,
        unit=result.unit,
        formula="；".join([*conversions, result.formula]),
        citations=tuple(c for e in entries for c in e.citations),
        facts=tuple(f for e in entries for f in e.facts),
        kind=result.kind,
    )


__all__ = [
    "evidence_for",
    "cross_answer",
    "items_answer",
    "loosened",
]
