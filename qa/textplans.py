"""Answers read from the text rather than the tables: counts (几辆/多少名) and sums of money only a
sentence states (绩效目标涉及项目预算资金6626万元). The value is always the one printed in the quoted
sentence; nothing fitting means not found, never the nearest figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import partial

from budgetqa.qa import calc, compose, counts, phrasing, stated, units
from budgetqa.qa.answer import Answer, cite_chunk
from budgetqa.qa.context import Context
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.figures import fig as _fig
from budgetqa.qa.figures import target_year
from budgetqa.qa.lexicon import AMOUNT_MEASURES, MEASURES
from budgetqa.qa.lookup import figure
from budgetqa.qa.matching import DEPARTMENT_TOTALS, Item
from budgetqa.qa.narrative import NarrativeSearch, clean_sentence, split
from budgetqa.qa.question import (
    GIVEN_CHANGE_AMOUNT,
    PEOPLE_OF_KIND_ASKED,
    WHERE_TO_LOOK,
    Op,
    excluded_words,
    shortfall,
)
from budgetqa.qa.quotes import ORGANISATION, narrative_query, topic
from budgetqa.qa.text import fold, is_total_label
from budgetqa.store import Chunk, Document, phrases


def units_counted(
    ctx: Context, base: Answer, narrative: NarrativeSearch, noun: str | None = None
) -> Answer | None:
    """几家单位 / 包括哪些单位 (`noun`: the units asked by name, "" for any kind): the units the organisation part
    lists (by kind or by name), counted and named; None when the question asks for no units or the text does not
    say (for units asked by name: when it does not name them where it counts them)."""
    docs = {d.doc_id: d for d in ctx.docs}
    by_name = noun is not None
    if noun is None:
        noun = units.asked_units(ctx.masked or ctx.intent.text)
    if noun is None:
        return None
    chunks = narrative.chunks(list(docs))
    listed = units.unit_count(sorted(chunks, key=lambda c: not ORGANISATION.search(c.section or "")), noun)
    if listed is None:
        return None
    if by_name and listed.how != "listed" and not _units_listed(listed.chunk, listed.sentence):
        return None  # 下属有哪些单位, counted by kind (行政单位1家，事业单位1家) with no names: the text's own list
    return _unit_count_answer(base, listed, noun or "单位", ctx.intent.count_unit or "个", docs, narrative)


def count_answer(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer:
    """几辆/多少名/几个: the count a sentence states about what the question counts, else not found."""
    unit = ctx.intent.count_unit or ""
    docs = {d.doc_id: d for d in ctx.docs}
    # 按2023年预算文件披露的资产情况，…有几辆…: a clause saying where to look counts nothing
    asked = WHERE_TO_LOOK.sub("", ctx.masked or ctx.intent.text)
    noun = units.asked_units(asked)
    counted = units_counted(ctx, base, narrative)
    if counted is not None:
        return counted
    passages = narrative.passages(narrative_query(ctx), list(docs), k=8)
    passages += narrative.passages(counts.count_query(asked), list(docs), k=4)
    passages += narrative.forms(
        list(docs), asked
    )  # 公共服务设施运行经费项目开展多少场活动: that project's form
    found = counts.find_count(passages, asked, unit, excluded_words(ctx.intent.text))
    if found is not None and calc.fmt_plain(found.value) in _given_counts(asked):
        # 150名离退休人员中，离休干部有多少人: the count the question gives is the whole, never the part asked
        found = None
    kinded = _KINDED.search(asked)
    if found is not None and kinded and kinded.group(0) not in fold(found.sentence):
        found = None  # 工勤编制有多少名: a sentence counting 行政编制 and 事业编制 does not count it
    people = PEOPLE_OF_KIND_ASKED.search(asked)
    if (
        found is not None
        and people
        and people.group(1) not in _ANY_PEOPLE
        and people.group(1) not in fold(found.sentence)
    ):
        found = None  # 常委会组成人员有多少人: a sentence counting 在编在职人员 counts other people
    if found is None:
        names = "、".join(sorted({compose.doc_name(d) for d in ctx.docs}))
        return replace(base, answer=compose.refusal("count_unsaid", docs=names), kind="indicator")
    answer = _quoted_figure(
        base, found, docs, narrative, shown=found.printed or found.unit, lead="据{doc}：", kind="indicator"
    )
    if noun is not None and (named := _units_listed(found.chunk, found.sentence)):
        answer = replace(answer, answer=answer.answer + named)  # 下面有几家预算单位: which ones too
    return answer


# a count the question states itself (150名离退休人员中…): the group the part asked is counted in
_GIVEN_COUNT = re.compile(r"(\d+)\s*(?:名|人|个|辆|家|处|项|栋)")


# a kind of post or staff (工勤编制, 事业人员): a count of another kind is not its count
_KINDED = re.compile(r"(?:行政附属|行政|事业|工勤|参公|政法)(?:编制|人员)")
# words for the staff as a whole, said of any count of people
_ANY_PEOPLE = frozenset(phrasing.words("any_people"))


def _given_counts(asked: str) -> set[str]:
    return {m.group(1) for m in _GIVEN_COUNT.finditer(asked)}


def _units_listed(chunk: Chunk, sentence: str) -> str:
    """The units a count's sentence goes on to list (by kind, then by name), quoted after it; "" for none."""
    bridge, names = units.listed_after(chunk, sentence)
    if not names:
        return ""
    return compose.goes_on_said("".join(clean_sentence(x) for x in bridge), names)


def _unit_count_answer(
    base: Answer,
    listed: Evidence,
    what: str,
    unit: str,
    docs: dict[str, Document],
    narrative: NarrativeSearch,
) -> Answer:
    """The units counted, with how: stated (预算单位共计1家), added by kind (1 + 1 + 4 = 6) or the names counted."""
    located = narrative.located(listed.chunk, listed.sentence)
    doc = docs[located.doc_id]
    shown = f"{calc.fmt(listed.value)}{unit}"
    formula: str | None = None
    if listed.how in (
        "added",
        "head",
    ):  # by kind (1 + 1 + 4 = 6); 本部以及下属5家: the department and its units
        formula = listed.formula
    elif listed.how != "stated":
        formula = f"列出的{what}：{listed.formula}，共{shown}"
    lead = compose.units_counted_said(shown, what, listed.how, listed.formula or "")
    text = compose.quoted_after(
        lead, compose.doc_name(doc), clean_sentence(listed.sentence), compose.where_quoted(located)
    )
    if listed.how != "listed":
        text += _units_listed(listed.chunk, listed.sentence)
    return _quoted(
        base, text, listed.value, unit, (located, doc, listed.sentence), kind="indicator", formula=formula
    )


def _quoted_figure(
    base: Answer,
    found: Evidence,
    docs: dict[str, Document],
    narrative: NarrativeSearch,
    *,
    shown: str | None,
    lead: str,
    kind: str,
) -> Answer:
    """A figure read verbatim from one sentence of the text, quoted with its part and page."""
    found = replace(found, passage=narrative.located(found.chunk, found.sentence))
    doc = docs[found.chunk.doc_id]
    text = compose.quoted_figure_said(
        compose.amount(found.value, shown),
        lead.format(doc=compose.doc_name(doc)),
        clean_sentence(found.sentence),
        compose.where_quoted(found.chunk),
    )
    return _quoted(base, text, found.value, found.unit, (found.chunk, doc, found.sentence), kind=kind)


def _quoted(
    base: Answer,
    text: str,
    value: Decimal,
    unit: str | None,
    cited: tuple[Chunk, Document, str],
    *,
    kind: str,
    formula: str | None = None,
) -> Answer:
    """An answer whose figure one quoted sentence of the text gives (or a formula over it), citing that sentence."""
    chunk, doc, sentence = cited
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=(cite_chunk(chunk, doc, sentence),),
        kind=kind,
    )


def figure_in_text(
    ctx: Context, base: Answer, narrative: NarrativeSearch, *, no_item: bool = False
) -> Answer | None:
    """A sum of money only the text states (绩效目标涉及项目预算资金6626万元), read from the sentence whose
    words fit the question; None when no sentence fits well enough."""
    year = target_year(ctx, ctx.docs)
    if year is not None and not any(d.year in (year, None) for d in ctx.docs):
        return None  # 2024年收入 asked of the 2025 budget alone: the sums its text states are 2025's
    docs = {d.doc_id: d for d in ctx.docs}
    passages = narrative.passages(narrative_query(ctx), list(docs), k=6)
    if no_item:
        # 在建工程有多少, no item named: the words of what is asked alone find the sentence the whole question's
        # words rank low; read first
        asked = narrative.passages(counts.count_query(ctx.masked or ctx.intent.text), list(docs), k=2)
        passages = [*asked, *passages]
    found = counts.find_count(passages, ctx.masked or ctx.intent.text, "万元")
    if found is None or found.score < 1.6:  # most of the question's words sit in the figure's clause
        return None
    return _quoted_figure(
        base,
        found,
        docs,
        narrative,
        shown=found.unit,
        lead=compose.TEXT_ONLY_LEAD,
        kind="lookup",
    )


def _given_change_stated(
    ctx: Context, narrative: NarrativeSearch, following: Sequence[str], year: int
) -> Evidence | None:
    """The change the question gives (比2022年多了1421.25万元), when the next year's text states a change from that
    year of exactly that amount: the figure is then the document's, quoted, not the asker's."""
    given = GIVEN_CHANGE_AMOUNT.search(ctx.intent.text)
    if given is None:
        return None
    amount = Decimal(given["amount"].replace(",", ""))
    unit = "万元" if given["unit"] == "万" else given["unit"]
    passages = narrative.passages(f"比{year}年 {given['verb']} {given['amount']}", list(following), k=6)
    for chunk, _score, _sentences in passages:
        for sentence in split(chunk.text):
            if f"{year}年" not in fold(sentence):
                continue
            change = phrases.change_in(sentence)
            if change is not None and abs(change[0]) == amount and change[1] == unit:
                return Evidence(change[0], change[1], sentence=sentence, passage=chunk, rate=change[2])
    return None


def prior_from_change(
    ctx: Context, missing: Answer, docs: Sequence[Document], narrative: NarrativeSearch, item: Item, year: int
) -> Answer:
    """Last year's figure the tables do not print: this year's printed figure minus the change the
    text states (2025年“三公”经费预算867.50万元，与2024年预算持平 → 2024年 867.50), with the formula."""
    now = _fig(ctx, item, docs, year + 1)
    focus = list(dict.fromkeys([item.text, *item.labels]))
    funds_asked = stated.names_funds(ctx.intent.text)
    # the change from that year is stated by the next year's document, never by a later one
    following = [d.doc_id for d in docs if d.year == year + 1] or [d.doc_id for d in docs]
    passages = narrative.passages(f"{item.text} 比上年 增加 减少 持平", following, k=6)
    found = stated.stated_change(
        passages, focus, previous=lambda c: narrative.neighbour(c, -1), funds_asked=funds_asked
    )
    for _ in range(3):
        if found is None or not uncovered(ctx, fold(found.sentence)):
            break
        # 财政拨款收入支出总计持平 is not the change of 收入支出总计: the next passage may state that one
        passages = [p for p in passages if p[0].chunk_id != found.chunk.chunk_id]
        found = stated.stated_change(
            passages, focus, previous=lambda c: narrative.neighbour(c, -1), funds_asked=funds_asked
        )
    if found is None and ctx.intent.given:
        found = _given_change_stated(ctx, narrative, following, year)
    if found is None or found.unit == "%":
        return missing
    # the change is measured from the figure its own entry states; a table cell of another scope may differ
    # (the text's 一般公共服务支出 of all funds, the table's of 财政拨款 only)
    amount = stated.entry_amount(found.chunk, found.sentence, focus)
    if now is not None and (
        amount is None or calc.convert(amount.value, amount.unit, now.unit)[0] == now.value
    ):
        printed, printed_unit = now.value, now.unit
        shown = compose.figure_sentence(now, ctx.measure)
    elif amount is not None:
        printed, printed_unit = amount.value, amount.unit
        other = clean_sentence(amount.sentence) if amount.sentence != found.sentence else ""
        shown = compose.text_states_said(year + 1, compose.amount(amount.value, amount.unit), other)
        now = None  # the table's figure is not the one the change is measured from
    else:
        return missing
    unit = found.unit or printed_unit
    current, _, conv = calc.convert(printed, printed_unit, unit)
    value = current - found.value
    exact = value
    if conv:  # a table in 元 and a change stated in 万元: no more decimals than the text gives
        value = value.quantize(Decimal("0.01"))
    equals = "=" if value == exact else "≈"
    formula = f"{calc.fmt(current)} {calc.MINUS} {calc.term(found.value)} {equals} {calc.fmt(value)} {unit or ''}".strip()
    formula = f"{conv}；{formula}" if conv else formula
    located = narrative.located(found.chunk, found.sentence)
    doc = next(d for d in docs if d.doc_id == located.doc_id)
    text = compose.year_before_said(
        doc.department or doc.source,
        year,
        item.text,
        compose.amount(value, unit),
        shown,
        clean_sentence(found.sentence),
        compose.where_quoted(located),
        formula,
    )
    cells = list(now.cells[:1]) if now is not None else []
    return replace(
        missing,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=(*compose.citations(cells), cite_chunk(located, doc, found.sentence)),
        facts=tuple(c.fact for c in cells),
        kind="lookup",
    )


def execution_rate(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """完成年初预算的百分之几: the rate the text states, else 决算 ÷ 年初预算 with both figures printed
    (the 决算 in a table or the item's entry, the 年初预算 in the entry), else not found."""
    if ctx.items:
        from_tables = _rate_from_columns(ctx, base, ctx.items[0], docs)
        if from_tables is not None:
            return from_tables
    stated_rate = text_fallback(ctx, replace(base, answer=""), docs, narrative)
    if stated_rate.status == "answered" and not _about_execution(stated_rate):
        # 一般公共服务支出占71.73% is its share of the spending, not 决算 against 年初预算
        stated_rate = replace(base, answer="")
    if stated_rate.status == "answered" or not ctx.items:
        return stated_rate if stated_rate.status == "answered" else replace(base, answer=_NO_RATE)
    item = ctx.items[0]
    focus = list(dict.fromkeys([item.text, *item.labels]))
    passages = narrative.passages(f"{item.text} 年初预算 决算", [d.doc_id for d in docs], k=6)
    previous = lambda c: narrative.neighbour(c, -1)  # noqa: E731
    budget = stated.stated_measure(passages, focus, "年初预算", previous)
    final = stated.stated_measure(passages, focus, "决算", previous)
    if budget is None or final is None:
        return replace(base, answer=_NO_RATE)
    b, _, conv = calc.convert(budget.value, budget.unit, final.unit)
    rate, formula = calc.share(final.value, b)
    if rate is None:
        return replace(base, answer=_NO_RATE, formula=formula)
    formula = f"{conv}；{formula}" if conv else formula
    located = narrative.located(final.chunk, final.sentence)
    doc = next(d for d in docs if d.doc_id == located.doc_id)
    source = compose.from_text_said(formula, clean_sentence(final.sentence), compose.where_quoted(located))
    text = compose.execution_said(
        compose.doc_name(doc), item.text, (final, budget), rate, source, printed=False
    )
    return _quoted(base, text, rate, "%", (located, doc, final.sentence), kind="ratio", formula=formula)


_EXECUTION_WORDS = re.compile(r"年初预算|调整预算|完成|执行率|预算的")


def _about_execution(answer: Answer) -> bool:
    """A stated rate counts as 决算 against 预算 only when its sentence says so."""
    return any(_EXECUTION_WORDS.search(c.quote) for c in answer.citations)


def _own_columns(ctx: Context, item: Item, doc: Document, column: str) -> tuple[Evidence, Evidence] | None:
    """The item's 决算数 and its `column` (预算数 / 调整预算数 …) in one 决算 document, at its own year, printed in the
    same table on the same row; None when it prints not both there."""
    final = figure(ctx.index, item, doc_ids=[doc.doc_id], year=doc.year, measure="决算数", doc_kind="决算")
    if final is None:
        return None
    budget = figure(ctx.index, item, doc_ids=[doc.doc_id], year=doc.year, measure=column, doc_kind="决算")
    if budget is None or budget.cell.fact.table_no != final.cell.fact.table_no:
        return None
    if budget.cell.fact.row_index != final.cell.fact.row_index:
        return None
    return final, budget


def _rate_from_columns(ctx: Context, base: Answer, item: Item, docs: Sequence[Document]) -> Answer | None:
    """决算数 ÷ 年初预算数 from one 决算 document's own columns (same table, same row), at its own year."""
    for doc in [d for d in docs if d.doc_kind == "决算"]:
        pair = _own_columns(ctx, item, doc, "预算数")
        if pair is None:
            continue
        final, budget = pair
        rate, formula = calc.share(final.value, budget.value)
        if rate is None:
            continue
        source = f"（{compose.where(final.cell)}）"
        text = compose.execution_said(
            compose.doc_name(doc), item.text, (final, budget), rate, source, printed=True
        )
        cells = [final.cell, budget.cell]
        return compose.answered(base, text, rate, "%", formula, cells, kind="ratio")
    return None


def _gap_from_columns(
    ctx: Context, base: Answer, item: Item, docs: Sequence[Document], budget: str
) -> Answer | None:
    """决算数 − 年初预算数 (or another budget column) from one 决算 document's own columns: same table, same row, its
    own year. None when no 决算 prints both."""
    column = "预算数" if budget == "年初预算" else f"{budget}数"
    for doc in [d for d in docs if d.doc_kind == "决算"]:
        pair = _own_columns(ctx, item, doc, column)
        if pair is None or pair[1].cell is pair[0].cell:
            continue
        final, planned = pair
        b, _, conv = calc.convert(planned.value, planned.unit, final.unit)
        diff, formula = calc.difference(final.value, b, final.unit)
        source = compose.where(final.cell)
        text = compose.measures_printed_compared(
            compose.doc_name(doc), item.text, (("决算", final), (budget, planned)), diff, formula, source
        )
        size = shortfall(diff, ctx.intent.text)
        return compose.answered(
            base, text, size, final.unit, formula, [final.cell, planned.cell], kind="delta"
        )
    return None


_NO_RATE = compose.refusal("no_execution_figures")


def measure_change(
    ctx: Context,
    missing: Answer,
    docs: Sequence[Document],
    passages: list[tuple[Chunk, float, tuple[str, ...]]],
    focus: list[str],
    measures: list[str],
    narrative: NarrativeSearch,
) -> Answer:
    """行政运行决算比年初预算少多少: both figures from the item's own entry in the text, then a − b."""
    previous = lambda c: narrative.neighbour(c, -1)  # noqa: E731
    passages = _with_naming(passages, narrative, docs, focus, change=False)
    first = stated.stated_measure(passages, focus, measures[0], previous)
    second = stated.stated_measure(passages, focus, measures[1], previous)
    if first is None or second is None:
        return missing
    first = replace(first, passage=narrative.located(first.chunk, first.sentence))
    second = replace(second, passage=narrative.located(second.chunk, second.sentence))
    b, _, conv = calc.convert(second.value, second.unit, first.unit)
    diff, formula = calc.difference(first.value, b, first.unit)
    formula = f"{conv}；{formula}" if conv else formula
    doc = next(d for d in docs if d.doc_id == first.chunk.doc_id)
    item = focus[0]
    quotes = list(dict.fromkeys([first.sentence, second.sentence]))
    text = compose.measures_compared_said(
        compose.doc_name(doc),
        item,
        [
            (measures[0], compose.amount(first.value, first.unit)),
            (measures[1], compose.amount(second.value, second.unit)),
        ],
        diff,
        first.unit,
        formula,
        [clean_sentence(q) for q in quotes],
        first.chunk,
    )
    cites = [cite_chunk(first.chunk, doc, first.sentence)]
    if second.sentence != first.sentence:
        cites.append(cite_chunk(second.chunk, doc, second.sentence))
    return replace(
        missing,
        status="answered",
        answer=text,
        value=(size := shortfall(diff, ctx.intent.text)),  # 少了多少: how much less, as a positive amount
        unit=first.unit,
        formula=formula,
        citations=tuple(cites),
        kind="delta" if size == diff else "compare",
    )


def with_whole_clause(text: str, sentence: str) -> str:
    """A clause that goes on from the one before it (其中：公务用车购置费15万元) quoted with that clause, which
    names the whole it is part of (公务用车购置及运行费36.56万元；其中…): verbatim from the chunk's text."""
    if not re.match(r"\s*(?:其中|含)", sentence):
        return sentence
    at = text.find(sentence)
    if at <= 0:
        return sentence
    start = max(text.rfind(mark, 0, at - 1) for mark in "。\n")
    return text[start + 1 : at + len(sentence)].strip() or sentence


def _other_amount(sentence: str, lead: str, year: int, current: Decimal, unit: str | None) -> bool:
    """The entry states the asked year's amount (2024年预算安排42.60万元) and it is not the table's figure for the
    item, which neither it nor the sentence before it states: the entry is another line's printing the same name
    (一般行政管理事务 under another 款). An entry stating the table's figure too is the item's, whatever slip
    it makes after it."""

    def same(said: str, said_unit: str) -> bool:
        converted, _, _ = calc.convert(current, unit, said_unit)
        return abs(converted - Decimal(said.replace(",", ""))) <= Decimal("0.01")

    money = r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)"
    if any(same(*m.groups()) for m in re.finditer(money, fold(lead + sentence))):
        return False
    asked = rf"{year}年[^，,。；;\d]{{0,12}}?{money}"
    return any(not same(*m.groups()) for m in re.finditer(asked, fold(sentence)))


def executed_base(
    ctx: Context,
    missing: Answer,
    docs: Sequence[Document],
    passages: list[tuple[Chunk, float, tuple[str, ...]]],
    focus: list[str],
    year: int | None,
    narrative: NarrativeSearch,
) -> Answer:
    """The asked year's figure against last year's 执行数 that the item's entry states (2022年当年预算执行数为
    2695.80万元，2023年预算安排1837.36万元，比2022年预算执行数减少31.84%): the printed figure minus the stated
    one, both cited."""
    item = ctx.items[0] if ctx.items else None
    now = _fig(ctx, item, docs, year) if item is not None else None
    passages = _with_naming(passages, narrative, docs, focus, change=False)

    def fits(sentence: str, lead: str) -> bool:
        return now is None or year is None or not _other_amount(sentence, lead, year, now.value, now.unit)

    base = stated.stated_measure(passages, focus, "执行数", lambda c: narrative.neighbour(c, -1), fits)
    if now is None or base is None or year is None or f"{year - 1}年" not in fold(base.sentence):
        return missing
    located = narrative.located(base.chunk, base.sentence)
    doc = next((d for d in docs if d.doc_id == located.doc_id), None)
    if doc is None or doc.doc_id != now.cell.doc.doc_id:
        return missing  # the 执行数 of another document's entry is not this figure's base
    current, _, conv = calc.convert(now.value, now.unit, base.unit)
    if conv:  # a table in 元 against an amount the text states in 万元: to the text's decimals
        current = current.quantize(Decimal("0.01"))
        conv = f"{conv}，约{calc.fmt(current)} {base.unit}"
    diff, formula = calc.difference(current, base.value, base.unit)
    formula = f"{conv}；{formula}" if conv else formula
    # 比2022年预算执行数减少31.84%: the one rate the same sentence states, said beside the amount, when it agrees
    rates = [m for m in phrases.CHANGE.finditer(fold(base.sentence)) if m.group(3) in ("%", "％")]
    rate = rates[0] if len(rates) == 1 else None
    signed = None
    differs = ""
    if rate is not None and diff != 0:
        signed = Decimal(rate.group(2).replace(",", "")) * (-1 if rate.group(1) in phrases.DOWN_WORDS else 1)
        reckoned, _ = calc.growth_rate(current, base.value)
        if (signed < 0) != (diff < 0):
            signed = None
        elif reckoned is not None and abs(reckoned - signed) > Decimal("0.5"):
            # the entry's rate is not the one its own figures give (a slip in the text): said, not given
            differs = compose.rate_differs_said(f"{rate.group(1)}{rate.group(2)}", reckoned)
            signed = None
    text = compose.figure_sentence(now, ctx.measure) + compose.against_executed_said(
        doc.department or doc.source,
        year,
        now.item.text,
        compose.amount(base.value, base.unit),
        diff,
        base.unit,
        formula,
        compose.rate_stated_said(f"{rate.group(1)}{rate.group(2)}")
        if signed is not None and rate
        else differs,
        (compose.doc_name(doc), clean_sentence(base.sentence), compose.where_quoted(located)),
    )
    return replace(
        missing,
        status="answered",
        answer=text,
        value=diff,
        unit=base.unit,
        formula=formula,
        citations=(*compose.citations(now.cells[:1]), cite_chunk(located, doc, base.sentence)),
        facts=tuple(c.fact for c in now.cells[:1]),
        kind="delta",
        parts=((diff, base.unit), (signed, "%")) if signed is not None else (),
    )


# measures that narrow an item to a part (退休费 of the 基本支出 paid by 财政拨款); 预算/决算 are the kind asked,
# which the stated-figure readers check themselves
_PART_MEASURES = frozenset(m for m in MEASURES if m not in AMOUNT_MEASURES)


_NARROWING = ("财政拨款", "一般公共预算", "政府性基金")
# 收入预算9,101.68万元，其中：财政拨款收入9,101.68万元，比上年减少…: the narrower total is the whole, so its change
# is the whole budget's
_ALL_OF_IT = re.compile(
    r"(?:收入|支出)(?:预算|总计|合计)?(?:为|是)?([\d,]+(?:\.\d+)?)万元[，,]?其中[：:]?"
    r"(?:财政拨款|一般公共预算)(?:收入|支出|拨款)?(?:预算)?(?:为|是)?\1万元"
)


def uncovered(ctx: Context, sentence: str, lead_in: str = "", section: str = "") -> list[str]:
    # `lead_in`: the lines just before the sentence (基本支出…。其中：人员经费6298.38万元 names 基本支出)
    """What the question narrows its item by (a second item, a part such as 基本支出 or 财政拨款)
    that the quoted sentence does not name: a sentence about 财政拨款基本支出 does not state 退休费 paid from
    it, so its figure is not the answer. Empty when the sentence covers the whole question."""
    said = lead_in + fold(sentence)
    missing: list[str] = []
    spans = [it.span for it in ctx.items]
    first = ctx.items[0] if ctx.items else None
    if first is not None and (first.term.name if first.term else first.text) in DEPARTMENT_TOTALS:
        # the sentence's total is narrower than the question's: 财政拨款收入支出总计 for 收入支出总计
        own = fold(sentence)
        at = min(
            (own.find(fold(w)) for w in (ctx.items[0].text, *ctx.items[0].labels) if w and fold(w) in own),
            default=-1,
        )
        # the sentence may word the total its own way (与上年相比，财政拨款支出增加…): then its subject is all
        # that comes before the first figure
        first_figure = re.search(r"\d", own)
        before = (
            own[max(at - 6, 0) : at]
            if at > 0
            else (own[: first_figure.start()] if first_figure and at < 0 else "")
        )
        asked = fold(ctx.question) + fold(ctx.items[0].text)
        if not _ALL_OF_IT.search(own):
            # the total of a part named before it, or in the heading of the part of the text it stands in
            # (四、财政拨款收支预算总体情况说明 > …收、支预算总计各增加…)
            missing.extend(q for q in _NARROWING if (q in before or q in section) and q not in asked)
    for it in ctx.items[1:]:
        if it.how == "lexicon" and any(
            s[1] == it.span[0] or it.span[1] == s[0] for s in spans if s != it.span
        ):
            continue  # one name read as two everyday pieces (公车运行|维护费): the first piece is looked for
        if all(is_total_label(w) for w in (it.text, *it.labels) if w):
            continue  # 政府采购预算总额: the item's own total, not a second item
        if not any(fold(w) in said for w in (it.text, *it.labels) if w):
            missing.append(it.text)
    if ctx.measure in _PART_MEASURES and not any(
        fold(w) in said for w in (ctx.measure, *MEASURES[ctx.measure])
    ):
        missing.append(ctx.measure)
    return missing


def prior_executed(
    ctx: Context, missing: Answer, docs: Sequence[Document], narrative: NarrativeSearch, item: Item, year: int
) -> Answer:
    """A year's 执行数 of an item, quoted from the next year's budget text of the same department that states
    it (2023年当年预算执行数为676.66万元, in the 2024 budget); not found when none states it for that year."""
    following = [d for d in (*docs, *ctx.related) if d.year == year + 1 and d.doc_kind != "决算"]
    if not following:
        return missing
    focus = list(dict.fromkeys([item.text, *item.labels]))
    passages = narrative.passages(f"{item.text} {year}年 执行数", [d.doc_id for d in following], k=6)
    found = stated.stated_measure(passages, focus, "执行数", lambda c: narrative.neighbour(c, -1))
    if found is None or f"{year}年" not in fold(found.sentence):
        return missing
    located = narrative.located(found.chunk, found.sentence)
    doc = next(d for d in following if d.doc_id == located.doc_id)
    text = compose.text_figure_said(
        compose.measure_said(
            f"{doc.department or doc.source}{year}年{item.text}",
            "执行数",
            compose.amount(found.value, found.unit),
        ),
        "",
        (compose.doc_name(doc), clean_sentence(found.sentence), compose.where_quoted(located)),
    )
    cited = (located, doc, found.sentence)
    return _quoted(replace(missing, facts=()), text, found.value, found.unit or None, cited, kind="lookup")


def _with_naming(
    passages: list[tuple[Chunk, float, tuple[str, ...]]],
    narrative: NarrativeSearch,
    docs: Sequence[Document],
    focus: Sequence[str],
    *,
    change: bool = True,
) -> list[tuple[Chunk, float, tuple[str, ...]]]:
    """The passages a search ranked, then every other passage of the documents with a sentence naming the item
    and (with `change`) a change, in it or in the next sentence (一般公共预算机关运行经费预算支出…，与上年相比增加
    62.7万元; 住房保障（类）支出…万元，主要用于…。与上年相比增加…; without: 行政运行（项）。年初预算为…),
    wherever the search ranked them."""
    names = [f for f in focus if len(f) >= 3]
    if not names:
        return passages

    def names_a_change(sentences: Sequence[str]) -> bool:
        folded = [fold(x) for x in sentences]
        return any(
            stated.names(x, names)
            and (not change or any(phrases.CHANGE.search(y) for y in folded[i : i + 2]))
            for i, x in enumerate(folded)
        )

    return narrative.joined(passages, [d.doc_id for d in docs], names_a_change)


def _rate_from_change(
    ctx: Context,
    item: Item,
    docs: Sequence[Document],
    year: int | None,
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    focus: Sequence[str],
    previous: Callable[[Chunk], Chunk | None],
) -> tuple[Evidence | None, str | None]:
    """(the stated change as a rate, its formula) from the amount the text states and this year's figure."""
    money = stated.stated_change(
        passages, focus, previous=previous, funds_asked=stated.names_funds(ctx.intent.text)
    )
    now = _fig(ctx, item, docs, year) if money is not None and money.unit not in ("", "%") else None
    if money is None or now is None:
        return None, None
    current, _, conv = calc.convert(now.value, now.unit, money.unit)
    rate, formula = calc.growth_rate(current, current - money.value)
    if rate is None:
        return None, None
    formula = f"上年 = {calc.fmt(current)} {calc.MINUS} {calc.term(money.value)}；{formula}"
    return replace(money, value=rate, unit="%", rate=rate), (f"{conv}；{formula}" if conv else formula)


def _narrowed(ctx: Context, found: Evidence) -> bool:
    """Whether the quoted sentence, read with the lines before it and its heading, leaves unsaid what the
    question narrows its item by (`uncovered`)."""
    at = fold(found.chunk.text).find(fold(found.sentence))
    lead_in = fold(found.chunk.text)[max(at - 150, 0) : at] if at > 0 else ""
    # the heading frames the sentence too (五、财政拨款支出预算表情况说明 > …: every figure there is 财政拨款)
    section = fold(found.chunk.section or "")
    return bool(uncovered(ctx, fold(found.sentence), section + lead_in, section))


def _whole_budget_says(item: Item, docs: Sequence[Document]) -> list[str]:
    """How a text names the whole budget by its department (某某办公室收入预算9,101.68万元，其中…，比上年减少…):
    the department's name with 收入预算 / 支出预算, so that no part's 支出预算 (基本支出预算) is taken for it."""
    if (item.term.name if item.term else item.text) not in DEPARTMENT_TOTALS:
        return []
    names = dict.fromkeys(d.department for d in docs if d.department)
    said = [f"{n}{w}" for n in names for w in ("收入预算", "支出预算")] + ["本部门收入预算", "本部门支出预算"]
    return [*said, "收支预算总计", "收、支预算总计", "收入、支出预算总计"]  # 收支预算总计…，与上年相比各增加…


def text_fallback(
    ctx: Context, missing: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """No table prints it, but the text may state it (机关运行经费, a change, a share): the value is read
    verbatim from the one quoted sentence that names the item; without such a figure, not found."""
    item = ctx.items[0] if ctx.items else None
    year = target_year(ctx, docs)
    own_years = {d.year for d in docs}
    p = ctx.intent
    if (
        item is not None
        and year is not None
        and not ({Op.DELTA, Op.RATE, Op.SHARE} & p.ops)
        and p.executed_asked
        and not any(d.doc_kind == "决算" and d.year == year for d in docs)
    ):
        return prior_executed(ctx, missing, docs, narrative, item, year)
    if item is not None and year is not None and year + 1 in own_years and year not in own_years:
        if not ({Op.DELTA, Op.RATE, Op.SHARE} & ctx.intent.ops):
            return prior_from_change(ctx, missing, docs, narrative, item, year)
    if year is not None and year not in own_years:
        return missing  # the year itself is not covered: nothing to quote
    if item is None:
        words = topic(ctx.masked or p.text)
        if len(words) < 2:
            return missing
        item = Item(words, (words,), 0.5, how="topic")
    focus = list(dict.fromkeys([item.text, *item.labels, *_whole_budget_says(item, docs)]))
    passages = narrative.passages(f"{item.text} {narrative_query(ctx)}", [d.doc_id for d in docs], k=6)
    change = bool({Op.DELTA, Op.RATE} & p.ops) or p.why_change
    if change and not (p.base_years or p.base_relative or p.why) and p.other_comparand:
        return missing  # 跟全口径的项目支出相比差多少: two figures compared, not the change the text states
    by_measure = None
    reckoned: str | None = None  # the formula of a rate reckoned from a stated change
    measures = list(dict.fromkeys(stated.MEASURE_SAYS.findall(p.text)))
    previous = lambda c: narrative.neighbour(c, -1)  # noqa: E731 - a list entry cut at a chunk boundary
    if (
        change
        and measures in (["年初预算"], ["调整预算"], ["全年预算"])
        and p.against_budget
        and any(d.doc_kind == "决算" for d in docs)
    ):
        measures = ["决算", *measures]  # 比年初预算少了多少, asked of a 决算: its 决算 against that budget
    elif (
        change
        and set(measures) <= {"决算", "决算数"}
        and p.against_plain_budget
        and docs
        and all(d.doc_kind == "决算" for d in docs)
    ):
        measures = ["决算", "年初预算"]  # 决算比预算差了多少: a 决算 prints its own budget as 年初预算
    if change and len(measures) >= 2:
        printed = _gap_from_columns(ctx, missing, item, docs, measures[1]) if measures[0] == "决算" else None
        return printed or measure_change(ctx, missing, docs, passages, focus, measures[:2], narrative)
    want_rate = Op.RATE in p.ops and not p.amount_first  # 多了多少？增幅多少？: the amount, then its rate
    if change and not want_rate and "执行数" in measures:
        # 2023年预算比2022年执行数少了多少: the entry states last year's 执行数 (and only a rate of change)
        against = executed_base(ctx, missing, docs, passages, focus, year, narrative)
        if against.status == "answered":
            return against
    if change:
        passages = _with_naming(passages, narrative, docs, focus)
        funds_asked = stated.names_funds(p.text)
        change_of = partial(
            stated.stated_change,
            want_rate=want_rate,
            fuzzy=item.how == "topic",
            previous=previous,
            funds_asked=funds_asked,
            rate_too=Op.RATE in p.ops and p.amount_first,
        )
        found = change_of(passages, focus)
        for _ in range(3):
            if found is None or not _narrowed(ctx, found):
                break
            # 财政拨款收、支总计各增加… is not the change of 收支总计: another passage may state that one
            passages = [x for x in passages if x[0].chunk_id != found.chunk.chunk_id]
            found = change_of(passages, focus)
        words = topic(ctx.masked or p.text)
        if found is None and item.how != "topic" and len(words) >= 4:
            # the text words it its own way (部门预算收入 for 收入总计): the question's words, most of them
            found = stated.stated_change(
                passages, [words], want_rate=want_rate, fuzzy=True, funds_asked=funds_asked
            )
        if found is None and want_rate and item.how != "topic":
            # 比上年减少2,389.52万元, no rate printed: the rate is reckoned from the stated change and this year's
            # printed figure (last year = this year − the change)
            found, reckoned = _rate_from_change(ctx, item, docs, year, passages, focus, previous)
        kind = "ratio" if want_rate else "delta"
        lead = compose.not_in_tables(item.text, "change")
    elif Op.SHARE in p.ops:
        verb = "完成" if p.text[p.share_at :].startswith("完成") else "占"
        found, kind, lead = (
            stated.stated_share(passages, focus, verb),
            "ratio",
            compose.not_in_tables(item.text, "share"),
        )
    else:
        # 决算里的年初预算: a bare 决算 names the document when a more exact amount word is said too
        measures.sort(key=lambda m: m == "决算")
        by_measure = stated.stated_measure(passages, focus, measures[0], previous) if measures else None
        found = (
            by_measure
            or stated.stated_amount(passages, focus, doc_kind=p.doc_kind)
            or stated.stated_none(passages, focus)
        )
        kind, lead = "lookup", compose.not_in_tables(item.text, "figure")
    if found is None:
        return missing
    if _narrowed(ctx, found):
        return missing
    found = replace(found, passage=narrative.located(found.chunk, found.sentence))
    found = replace(found, sentence=with_whole_clause(found.chunk.text, found.sentence))
    doc = next(d for d in docs if d.doc_id == found.chunk.doc_id)
    sentence = clean_sentence(found.sentence)
    when = f"{doc.year}年" if doc.year else ""
    name = item.text[len(when) :] if when and item.text.startswith(when) else item.text  # 2024年三公经费
    who = f"{doc.department or doc.source}{when}{name}"
    now = _fig(ctx, item, docs, year) if change and item.how != "topic" else None
    cells = list(now.cells[:1]) if now else []
    if change:
        rate_too = Op.RATE in p.ops and found.unit != "%" and found.rate is not None
        head = compose.stated_change_said(who, found.value, found.unit, found.rate if rate_too else None)
    elif Op.SHARE in p.ops:
        verb = "完成" if p.text[p.share_at :].startswith("完成") else "占比"
        head = compose.measure_said(who, verb, compose.amount(found.value, "%"), joined="")
    else:
        said = measures[0] if measures and by_measure is not None else ""
        head = compose.measure_said(who, said, compose.amount(found.value, found.unit or None))
    text = compose.text_figure_said(
        head, lead, (compose.doc_name(doc), sentence, compose.where_quoted(found.chunk))
    )
    if now is not None:  # 三公经费多少？比上年少多少？: the printed figure first
        text = compose.figure_sentence(now, ctx.measure) + text
    if reckoned:
        text += compose.rate_reckoned_said(reckoned)
    value, unit, formula = found.value, found.unit or None, reckoned
    if now is not None and p.years and doc.year and p.years[0] < doc.year and found.unit not in ("", "%"):
        # 2024年是多少（根据2025年比2024年减少的金额推算）: last year = this year − the stated change
        current, _, conv = calc.convert(now.value, now.unit, found.unit)
        value = current - found.value
        formula = (
            f"{calc.fmt(current)} {calc.MINUS} {calc.term(found.value)} = {calc.fmt(value)} {found.unit}"
        )
        formula = f"{conv}；{formula}" if conv else formula
        text += compose.reckoned_said(p.years[0], compose.amount(value, found.unit), formula)
    # 与上年持平: no change, and both years' figure is this year's (有变化吗 is answered by both): the table's, else
    # the one sum the sentence prints (会议费预算支出12.00万元，本年数与上年预算数一致)
    both: tuple[Decimal, str | None] | None = None
    if change and found.value == 0 and value == 0:
        amounts = list(phrases.OWN_AMOUNT.finditer(fold(found.sentence)))
        if now is not None:
            both = (now.value, now.unit)
        elif len(amounts) == 1 and (m := re.fullmatch(r"([\d,.]+)\s*(\D+)", amounts[0].group(0))):
            both = (Decimal(m[1].replace(",", "")), m[2])
    parts = ((value, both[1]), both) if both else _amount_and_rate(found.sentence, value) if change else ()
    return replace(
        missing,
        status="answered",
        answer=text,
        value=value,
        unit=unit or (both[1] if both else None),
        formula=formula,
        citations=(cite_chunk(found.chunk, doc, found.sentence), *compose.citations(cells)),
        facts=tuple(c.fact for c in cells),
        kind=kind,
        parts=parts,
    )


def _amount_and_rate(sentence: str, value: Decimal) -> tuple[tuple[Decimal, str | None], ...]:
    """增加3608.98万元，增长17.31%: a sentence stating one change both ways answers 增长了多少 both ways (the
    amount and the rate), the figure given first; () when it states more or fewer changes than one."""
    stated = list(phrases.CHANGE.finditer(fold(sentence)))
    if len(stated) != 2:
        return ()
    figures = []
    for m in stated:
        size = Decimal(m.group(2).replace(",", ""))
        figures.append((-size if m.group(1) in phrases.DOWN_WORDS else size, m.group(3).replace("％", "%")))
    units = {u == "%" for _, u in figures}
    if units != {True, False} or value not in {v for v, _ in figures}:
        return ()
    given = next(f for f in figures if f[0] == value)
    return (given, *(f for f in figures if f is not given))


__all__ = [
    "count_answer",
    "execution_rate",
    "figure_in_text",
    "measure_change",
    "prior_executed",
    "prior_from_change",
    "text_fallback",
    "units_counted",
]
