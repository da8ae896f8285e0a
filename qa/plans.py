"""Answer plans over one department's tables: lookup, change (增减/增长率), share, sum, comparison.

`run` routes an understood question (`Context`): counts and text-only figures go to
`budgetqa.qa.textplans`, several departments to `budgetqa.qa.crossdoc`; figures come from
`budgetqa.qa.lookup`, arithmetic from `budgetqa.qa.calc`, sentences from `budgetqa.qa.compose`. When the
tables do not print what is asked, the text may state it (`textplans.text_fallback`); when nothing
does, the answer is not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from budgetqa.qa import calc, compose, ops, periods, safety, sums
from budgetqa.qa.answer import Answer
from budgetqa.qa.context import Context
from budgetqa.qa.crossdoc import evidence_for, items_answer
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.figures import base_year, departments, target_year
from budgetqa.qa.figures import fig as _fig
from budgetqa.qa.index import Cell
from budgetqa.qa.lexicon import MEASURE_SAYS, term_by_name
from budgetqa.qa.matching import Item, lexicon_mentions
from budgetqa.qa.narrative import NarrativeSearch
from budgetqa.qa.question import (
    COMBINED,
    EACH_LISTED,
    HOW_MANY,
    MONEY_CLAUSE,
    SIDE_PARTS,
    WHICH_PART,
    WHOLE_SPENDING,
    Op,
    asked_unit,
)
from budgetqa.qa.quotes import names_a_heading, narrative_answer, with_parts, with_purpose, with_reason
from budgetqa.qa.ranking import LIST_GAP, names_level, rank_answer
from budgetqa.qa.scope import Target
from budgetqa.qa.text import clean_label, coverage, fold
from budgetqa.qa.textplans import (
    count_answer,
    execution_rate,
    figure_in_text,
    text_fallback,
    units_counted,
)
from budgetqa.store import Document, phrases


def _not_found(
    base: Answer, ctx: Context, item: Item | None, docs: Sequence[Document], year: int | None
) -> Answer:
    who = compose.whose("、".join(departments(docs)) or "已导入的文档", year)
    have = "、".join(sorted({compose.doc_name(d) for d in docs}))
    what = item.text if item else "问题所问的项目"
    if year is not None and all(d.year is not None and year not in (d.year, d.year - 1) for d in docs):
        return replace(base, answer=compose.refusal("no_data", who=who, docs=have))
    return replace(
        base, answer=compose.refusal("item_not_found", who=who, item=what, docs=have), kind="lookup"
    )


def _unit_convert(
    ctx: Context, value: Decimal, unit: str | None, formula: str | None
) -> tuple[Decimal, str | None, str | None]:
    converted, new_unit, conv = calc.convert(value, unit, ctx.intent.unit)
    if conv is None:
        return value, unit, formula
    return converted, new_unit, f"{formula}；{conv}" if formula else conv


def _one_row_under(ctx: Context, docs: Sequence[Document]) -> Context | None:
    """Several things named one inside another (a table, a 专项, an 经济科目, an item): the context asking for
    the one printed row that is one of them and sits under all the others (its table title and row path name
    them), or None when no row or several rows do."""
    cells = [
        c
        for c in ctx.index.cells_of(d.doc_id for d in docs)
        if c.role == "value" and c.fact.value is not None
    ]
    found: list[tuple[Item, Cell, tuple[str, ...]]] = []
    for leaf in ctx.items:
        others = [it for it in ctx.items if it is not leaf]
        for cell in cells:
            if cell.row not in leaf.labels:
                continue
            path = tuple(fold(x) for x in cell.fact.row_path)
            where = (fold(cell.fact.table_title), *path)
            if all(any(_names_level(fold(x), w) for x in o.labels for w in where) for o in others):
                under = tuple(
                    x for x in path if any(_names_level(fold(y), x) for o in others for y in o.labels)
                )
                found.append((leaf, cell, under))
    if not found:
        # 为全国人代会江苏代表团的工作经费安排了多少会议费: each thing named is a level above one printed row
        # (专项 > 会议费 > 会议服务); that row, read under them all
        last = max(ctx.items, key=lambda it: it.span[1])
        for cell in cells:
            path = tuple(fold(x) for x in cell.fact.row_path)
            if all(any(fold(x) in w for x in it.labels for w in path) for it in ctx.items):
                under = tuple(x for x in path if any(fold(y) in x for it in ctx.items for y in it.labels))
                found.append((Item(cell.row, (cell.row,), 0.9, last.span, how="label"), cell, under))
    found = _named_project(found, ctx)
    rows = {(c.doc.doc_id, c.fact.table_no, c.fact.table_title, c.fact.row_index) for _, c, _ in found}
    if len(rows) != 1:
        return None
    leaf, cell, under = found[0]
    # the outermost level named (the 专项 of 专项 > 物业管理费 > 物业管理服务) tells the row apart; a lower one
    # (物业管理费) is printed under every 专项, and the lookup reads `within` as any one of its names
    within = under[:1] or (fold(cell.fact.table_title),)
    return replace(ctx, items=(replace(leaf, within=within, only_within=True),))


def _names_level(label: str, level: str) -> bool:
    """The question's label names a printed level: inside it (会议费 in 会议费), or the level is a shorter
    form of it (公车 read as 公务用车购置及运行维护费 names the level 公务用车运行维护费)."""
    if label in level:
        return True
    if len(level) < 6:
        return False
    chars = iter(label)
    return all(ch in chars for ch in level)


def _named_project(
    found: list[tuple[Item, Cell, tuple[str, ...]]], ctx: Context
) -> list[tuple[Item, Cell, tuple[str, ...]]]:
    """Of rows alike under several 专项 (会议服务 under three meetings' 专项), the one whose 专项 the question's
    other words name (十三届人代会二次会议 → 江苏省第十三届人代会二次会议经费), then read under that 专项 alone;
    all of them when none stands out. The department's name counts toward a 专项 only where the question writes
    it as the 专项's own start (省委办公厅承办的会议, not 省委办公厅2017年…开星光大会的会议)."""
    if len({(c.doc.doc_id, c.fact.table_no, c.fact.row_index) for _, c, _ in found}) < 2:
        return found
    said = {fold(x) for it in ctx.items for x in (it.text, *it.labels)}
    masked, whole = ctx.masked or ctx.intent.text, ctx.intent.text

    def fit(cell: Cell) -> tuple[float, str]:
        # (not an outline heading every row of the part shares: 三、服务C)
        own = [
            fold(x)
            for x in cell.fact.row_path
            if len(x) >= 4 and not any(fold(x) in w for w in said) and not _OUTLINE.match(x)
        ]
        names = [fold(n) for n in (cell.doc.department or "", *cell.doc.aliases) if len(n) >= 2]

        def read_in(x: str) -> tuple[str, str]:
            for name in names:
                at = x.find(name)
                if at >= 0 and x[at : at + len(name) + 2] in whole:
                    return x, whole  # 省委办公厅承办的…: the name begins the 专项 the question writes
            # elsewhere the department's own name in a 专项 (…承办的会议费) says nothing either way: the rest must fit
            # and the item asked, which every 专项 of the rows holds (会议费): the words telling them apart must
            rest = x
            for name in (*names, *sorted(said, key=len, reverse=True)):
                rest = rest.replace(name, "") if name else rest
            return (rest if len(rest) >= 2 and rest != x else x), masked

        return max(((coverage(*read_in(x)), x) for x in own), default=(0.0, ""))

    scored = sorted(((*fit(c), i) for i, (_, c, _) in enumerate(found)), reverse=True)
    best, name, _ = scored[0]
    near = {found[i][1].fact.row_index for f, _, i in scored if f > best - 0.2}
    if best < 0.5 or len(near) > 1:
        return found
    return [(it, c, (name,)) for f, _, i in scored if f == best for it, c, _ in [found[i]]]


_OUTLINE = re.compile(r"^[一二三四五六七八九十]+、")


def _under_named_project(ctx: Context, docs: Sequence[Document]) -> Context:
    """One item printed in several rows alike under different 专项 (会议服务 under three meetings): read under
    the 专项 the question's other words name, when one stands out; the context unchanged otherwise."""
    (item,) = ctx.items
    index = ctx.index
    in_docs = {i for d in docs for i in index.by_doc.get(d.doc_id, ())}
    rows = sorted({i for label in item.labels for i in index.by_row.get(label, ())} & in_docs)
    found: list[tuple[Item, Cell, tuple[str, ...]]] = [
        (item, c, ())
        for c in (index.cells[i] for i in rows)
        if c.role == "value" and c.fact.value is not None and len(c.fact.row_path) > 1
    ]
    if item.within:  # 政府采购里 / 会议费里: in the named table or under the named row
        found = [
            f
            for f in found
            if any(
                fold(w) in {fold(x) for x in f[1].fact.row_path} or fold(w) in fold(f[1].fact.table_title)
                for w in item.within
            )
        ]
    named = _named_project(found, ctx)
    if len(named) == len(found) or not named:
        return ctx
    return replace(ctx, items=(replace(item, within=named[0][2], only_within=True),))


def _money_asked_beside(ctx: Context, counted: Answer, narrative: NarrativeSearch) -> Answer | None:
    """A count asked first and a sum of money in another clause (几个项目…，涉及多少资金): the count stays the
    answer's figure (asked first), and the sum is said beside it: the one money amount the count's own sentence
    states (…项目11个，涉及项目预算资金6626万元), else the text's sentence that fits. None when no other clause
    asks money or no sum is found."""
    clauses = [c for c in re.split(r"[，,；;？?]", ctx.intent.text) if c.strip()]
    if len(clauses) < 2 or not any(MONEY_CLAUSE.search(c) and not asked_unit(c) for c in clauses):
        return None
    if counted.status != "answered":
        return figure_in_text(ctx, counted, narrative)
    quoted = counted.citations[0].quote if counted.citations else ""
    amounts = list(phrases.OWN_AMOUNT.finditer(fold(quoted)))
    if len(amounts) == 1:
        printed = re.fullmatch(r"([\d,.]+)\s*(\D+)", amounts[0].group(0))
        parts = (
            ((counted.value, counted.unit), (Decimal(printed[1].replace(",", "")), printed[2]))
            if (printed and counted.value is not None)
            else ()
        )
        said = counted.answer + compose.count_money_said(amounts[0].group(0), "")
        return replace(counted, answer=said, parts=parts)
    money = figure_in_text(ctx, replace(counted, status="not_found", citations=()), narrative)
    if money is None or money.status != "answered" or money.value is None:
        return None
    said = counted.answer + compose.count_money_said(compose.amount(money.value, money.unit), money.answer)
    parts = ((counted.value, counted.unit), (money.value, money.unit)) if counted.value is not None else ()
    return replace(counted, answer=said, citations=(*counted.citations, *money.citations), parts=parts)


def _parts_listed_then_one_asked(ctx: Context) -> Context:
    """住房保障支出分基本支出和项目支出，基本支出是多少: the parts are listed to say how the item splits, then one is
    named again and asked: that one is the measure, and no listed part is an item of the question."""
    text = ctx.masked or ctx.intent.text
    parts = "|".join(SIDE_PARTS)
    listed = re.search(rf"({parts})[和与及、]({parts})", text)
    if listed is None or len(ctx.items) < 2:
        return ctx
    again = [m.group(0) for m in re.finditer(parts, text[listed.end() :]) if m.group(0) in listed.groups()]
    if len(again) != 1:
        return ctx
    kept = tuple(it for it in ctx.items if it.text not in SIDE_PARTS)
    return replace(ctx, items=kept, measure=again[0]) if kept else ctx


# A也就是B / A即B / A又称B: two names of one thing
_SAME_THING = re.compile(r"(?:也就是说?|也即|即|亦即|就是|也叫|又叫|又称|或者说)")


def _measure_named_as_the_item(ctx: Context) -> Context:
    """公用经费也就是商品和服务支出 / 公用经费（商品和服务支出）: the measure word and the item name one thing, said
    twice; the item is read by its own row, not in a column of that measure."""
    if ctx.measure is None or not ctx.items:
        return ctx
    text = ctx.masked or ctx.intent.text
    forms = [form for form, name in MEASURE_SAYS if name == ctx.measure]
    for it in ctx.items:
        before = text[: max(it.span[0], 0)]
        after = text[it.span[1] :]
        for form in forms:
            said_before = rf"{re.escape(form)}(?:[,，]?{_SAME_THING.pattern}|[（(])$"
            said_after = rf"(?:{_SAME_THING.pattern}{re.escape(form)}|[（(]{re.escape(form)}[）)])"
            if re.search(said_before, before) or re.match(said_after, after):
                return replace(ctx, measure=None)  # 公用经费（商品和服务支出） too
    return ctx


def run(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer:
    ctx = _measure_named_as_the_item(_parts_listed_then_one_asked(sums.focus(ctx)))
    if Op.RANK in ctx.intent.ops and names_level(ctx.intent.text) and ctx.items:
        # 按功能分类的类 names the level a ranking is read at: a guessed (fuzzy) item is not what is ranked
        ctx = replace(ctx, items=tuple(it for it in ctx.items if it.how != "fuzzy"))
    p = ctx.intent
    if p.units_listed is not None and (
        counted := units_counted(ctx, base, narrative, f"{p.units_listed}单位" if p.units_listed else "")
    ):
        return counted  # 部门决算包括了哪些单位: the units named, and how many
    if p.quarters:
        planned = periods.plan_answer(ctx, base, narrative)  # 第三季度用款计划 / 四个季度加起来
        if planned is not None:
            return planned
    if p.count_unit:
        if ctx.items and len(groups := departments(ctx.docs)) == 1:
            # 培训覆盖率不低于多少: a target printed in a table in the very unit counted (≥90%)
            printed = lookup_answer(ctx, base, next(iter(groups.values())))
            if printed.status == "answered" and printed.value is not None and printed.unit == p.count_unit:
                return printed
        ctx = replace(ctx, items=())
        counted = count_answer(ctx, base, narrative)
        return _money_asked_beside(ctx, counted, narrative) or counted
    if not ctx.items and Op.RANK in p.ops:
        return rank_answer(ctx, base, departments(ctx.docs))
    if not ctx.items and {Op.DELTA, Op.RATE} & p.ops and not p.why:
        found_change = text_fallback(ctx, replace(base, answer=_NO_ITEM), ctx.docs, narrative)
        if found_change.status == "answered":
            return found_change
    if not ctx.items:
        # 在建工程有多少: an amount asked of something no table prints may be a sum the text states
        if (p.money_asked or "多少" in p.text) and not p.why and not ({Op.DELTA, Op.RATE, Op.SHARE} & p.ops):
            from_text = figure_in_text(ctx, base, narrative, no_item=True)
            if from_text is not None:
                return from_text
        if Op.NARRATIVE in p.ops or Op.INDICATOR in p.ops or p.why or names_a_heading(ctx, narrative):
            return narrative_answer(
                ctx, base, narrative
            )  # 立项依据 / 实施周期是多长: what the text says under it
        return replace(
            base,
            answer=_NO_ITEM,
        )
    part = safety.narrower_part(ctx)
    if part is not None:
        # the item names a whole and the question a part of it no table prints: the whole's figure would be
        # a wrong (broader) answer; the text may state the part
        whole = ctx.items[-1].text
        groups = departments(ctx.docs)
        if len(groups) == 1:
            docs = next(iter(groups.values()))
            year = target_year(ctx, docs)
            cell = safety.part_column(ctx, ctx.items[-1], part, [d.doc_id for d in docs], year)
            if cell is not None and cell.fact.value is not None:
                named = Item(f"{whole}（{cell.leaf}）", ctx.items[-1].labels, 1.0, ctx.items[-1].span)
                fig = Evidence(cell.fact.value, cell.fact.unit, (cell,), line=named, year=cell.year)
                return replace(
                    base,
                    status="answered",
                    answer=compose.figure_sentence(fig, None),
                    value=cell.fact.value,
                    unit=cell.fact.unit,
                    citations=compose.citations([cell]),
                    facts=(cell.fact,),
                    kind="lookup",
                )
        from_text = figure_in_text(replace(ctx, items=()), base, narrative)
        if from_text is not None:
            return from_text
        return replace(
            base, answer=compose.refusal("part_not_printed", whole=whole, part=part), kind="lookup"
        )
    groups = departments(ctx.docs)
    if p.words_only:
        if p.why_change:
            pass  # 为什么减少: the change itself, then the reason
        else:
            return narrative_answer(ctx, base, narrative)
    if Op.RANK in p.ops and {Op.DELTA, Op.RATE} & p.ops and len(ctx.items) >= 2 and len(groups) == 1:
        return changes_ranked(ctx, base, next(iter(groups.values())), narrative)
    if Op.RANK in p.ops:
        return rank_answer(ctx, base, groups)
    if Op.COMPARE in p.ops and len(groups) > 1:
        return compare_answer(ctx, base, groups)
    if (
        Op.SHARE not in p.ops
        and len(ctx.items) > 2
        and sum(safety.is_breakdown(it) for it in ctx.items) >= 2
        and not _total_asked_first(ctx)
    ):
        # 政府采购里工程比货物多多少 / 货物和工程一共多少: the parts compared or added, the total only said where
        ctx = replace(ctx, items=tuple(safety.without_total(ctx.items)))
    if ops.PAIRWISE & p.ops and len(ctx.items) == 2 and len(groups) == 1:
        docs = next(iter(groups.values()))
        year = target_year(ctx, docs)
        name = next(iter(groups))
        target = Target(name, year, tuple(d for d in docs if d.year in (year, None)) or tuple(docs), (-1, -1))
        return items_answer(ctx, base, target, narrative)
    if len(groups) > 1 and not ctx.dept_named:
        # an item named under its parent (“某专项”的物业管理服务): only departments printing it there have it
        probe = replace(ctx.items[0], only_within=True) if ctx.items[0].within else ctx.items[0]
        found = {
            name: docs for name, docs in groups.items() if _fig(ctx, probe, docs, target_year(ctx, docs))
        }
        if len(found) > 1:
            choices = tuple(found)
            return replace(
                base,
                status="clarify",
                answer=compose.choices_sentence(
                    compose.refusal("item_of_many", item=ctx.items[0].text), choices
                ),
                choices=choices,
                kind="lookup",
            )
        if found:
            groups = found
    docs = next(iter(groups.values()))
    if safety.asks_breakdown(ctx.items) and Op.SHARE not in p.ops:
        return breakdown_answer(ctx, base, docs, narrative)
    before_share = [it for it in ctx.items if it.span[0] < p.share_at]
    if Op.SHARE in p.ops and p.execution:
        answer = execution_rate(ctx, base, docs, narrative)
    elif (
        Op.SHARE in p.ops
        and len(before_share) < 2
        and not any(it.span[0] > p.share_at >= 0 for it in ctx.items)
    ):
        # no whole named (一般公共服务支出占比多少 / 完成年初预算的百分之几): the share the document
        # itself states names its own base; a computed share against a guessed total comes second
        stated_share = text_fallback(ctx, replace(base, answer=""), docs, narrative)
        if stated_share.status == "answered":
            return stated_share
        answer = share_answer(ctx, base, docs, narrative)
    elif Op.SHARE in p.ops and (combined := composite_share(ctx, base, docs, narrative)) is not None:
        answer = combined
    elif Op.SHARE in p.ops and len(ctx.items) == 2 and not safety.is_breakdown(ctx.items[0]):
        # A占B的比重, where the text states A's share of B itself (一般公共服务支出…，占71.73%): the document's
        # own figure, when the sentence or its heading names B; else reckoned from the two printed figures
        answer = _checked_share(ctx, base, docs, narrative)
    elif Op.SHARE in p.ops:
        answer = share_answer(ctx, base, docs, narrative)
    elif len(ctx.items) > 1 and sums.listed_sum(ctx):
        answer = sums.sum_answer(ctx, base, docs, narrative)
    elif {Op.DELTA, Op.RATE} & p.ops:
        answer = change_answer(ctx, base, docs)
    elif p.why_change:
        answer = change_answer(ctx, base, docs)
    else:
        narrowed = _most_specific(ctx)
        dropped = [it for it in ctx.items if it not in narrowed.items and it.how == "label"]
        if dropped and not p.ops and (under := _one_row_under(ctx, docs)) is not None:
            # 政府采购里行政运转保障经费的物业管理费: the 专项 is no mere place to look when one printed row sits
            # under both it and the item (专项 > 物业管理费 > 物业管理服务)
            if any(fold(x) in under.items[0].within for it in dropped for x in it.labels):
                narrowed = under
        distinct = {it.term.name if it.term else it.text for it in narrowed.items}
        several = (
            len(distinct) > 1
            and not p.ops
            and not p.choosing
            and not _listed(narrowed)
            and not _glossed(narrowed)
        )
        nested = len(distinct) > 1 and not p.ops and not p.choosing
        if nested and (path := _one_row_under(narrowed, docs)) is not None:
            narrowed, several = (
                path,
                False,
            )  # 政府采购里，“某专项”的会议服务: the one row printed under them all
        if several:
            # 政府采购里，开…会议的会议服务: three things named one inside another, no list of figures asked;
            # which printed figure is meant is not clear, and stating them all would answer nothing
            names = tuple(dict.fromkeys(it.text for it in narrowed.items))
            return replace(
                base,
                status="clarify",
                answer=compose.choices_sentence(compose.refusal("which_of_named"), names),
                choices=names,
                kind="lookup",
            )
        if len(narrowed.items) == 1:
            narrowed = _under_named_project(narrowed, docs)
        answer = _whole_over_part(ctx, lookup_answer(narrowed, base, docs), docs, narrative)
        if (
            len(narrowed.items) > 1
            and _listed(narrowed)
            and (answer.value is None or _one_row_each(narrowed))
        ):
            answer = _each_listed(narrowed, answer, base, docs, narrative)
    if p.why and answer.status == "answered":
        return with_reason(ctx, answer, docs, narrative)
    if answer.status == "answered" and ctx.items and answer.value is not None and (p.purpose or p.parts):
        # X有多少，主要用在哪 / 是多少？主要包括哪些: the amount and what it is for, or what it is made of
        return (with_purpose if p.purpose else with_parts)(ctx, answer, docs, narrative)
    if answer.status == "not_found" and answer.kind == "sum":
        return answer  # a stated figure for one listed item is not the sum asked for
    if answer.status == "not_found":
        # the figure or the change may be stated in the text; a quote without a figure comes last
        stated_answer = text_fallback(ctx, answer, docs, narrative)
        if stated_answer.status == "answered" and p.why:
            return with_reason(ctx, stated_answer, docs, narrative)
        if stated_answer.status == "answered" and ctx.items and stated_answer.value is not None and p.parts:
            return with_parts(ctx, stated_answer, docs, narrative)
        if stated_answer.status == "answered":
            return stated_answer
        if ctx.related and ({Op.DELTA, Op.RATE} & p.ops or p.why_change) and not p.against_executed:
            # neither the asked document's tables nor its text give last year's figure: that year's document
            # (never for 比上年执行数: last year's budget, in that year's document, is not its 执行数)
            across = change_answer(ctx, base, docs, elsewhere_ok=True)
            if across.status == "answered":
                return with_reason(ctx, across, docs, narrative) if p.why else across
        if Op.NARRATIVE in p.ops or Op.INDICATOR in p.ops:
            return narrative_answer(ctx, base, narrative)
        if p.why_change and len(ctx.items) == 1:
            # 怎么突然有了60多万预算: no figure of the year before to reckon the change from, but the amount and
            # the reason the text gives for it still answer why
            plain = lookup_answer(ctx, base, docs)
            if plain.status == "answered":
                reasoned = with_reason(ctx, plain, docs, narrative)
                if reasoned.answer != plain.answer:
                    return reasoned
    return answer


# a stated share this close to the one the printed figures give is the same share, as the document reckons it
_SHARE_AGREES = Decimal("0.5")


def _checked_share(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """A占B的比重 where the text also states A's share (一般公共服务支出…，占71.73%): the document's own figure when
    it agrees with the share of the printed figures (up to the document's rounding); when it does not (a
    share the text divides by another total), the printed figures' share, with the text's figure named beside
    it so a reader sees both."""
    reckoned = share_answer(ctx, base, docs, narrative)
    stated_share = text_fallback(ctx, replace(base, answer=""), docs, narrative)
    if stated_share.status != "answered" and all(it.span[0] < ctx.intent.share_at for it in ctx.items):
        # 三公经费中公务接待费占多大比重: the whole named first, the part last; the text states the part's share
        stated_share = text_fallback(
            replace(ctx, items=ctx.items[::-1]), replace(base, answer=""), docs, narrative
        )
    if stated_share.status != "answered" or stated_share.unit != "%" or stated_share.value is None:
        return reckoned
    if reckoned.status != "answered" or reckoned.value is None:
        return stated_share
    if abs(stated_share.value - reckoned.value) <= _SHARE_AGREES:
        said = compose.share_checked_said(reckoned.value, reckoned.formula or "", stated_share.value, None)
        return replace(
            stated_share,
            answer=stated_share.answer + said,
            citations=(*stated_share.citations, *reckoned.citations),
            facts=reckoned.facts,
        )
    quote = stated_share.citations[0].quote if stated_share.citations else ""
    if ctx.intent.text_named:
        # 预算说明里，X占三公经费的比例: the share the text prints is asked, whatever total it divides by
        note = compose.share_checked_said(reckoned.value, reckoned.formula or "", stated_share.value, "table")
        return replace(
            stated_share,
            answer=stated_share.answer + note,
            citations=(*stated_share.citations, *reckoned.citations),
            facts=reckoned.facts,
        )
    note = compose.share_checked_said(reckoned.value, reckoned.formula or "", stated_share.value, quote)
    return replace(
        reckoned, answer=reckoned.answer + note, citations=(*reckoned.citations, *stated_share.citations)
    )


def _total_asked_first(ctx: Context) -> bool:
    """政府采购预算多少，买的是货物还是服务: the total is asked for in its own clause before its parts."""
    total = next((it for it in ctx.items if not safety.is_breakdown(it)), None)
    parts = [it.span[0] for it in ctx.items if safety.is_breakdown(it) and it.span[0] >= 0]
    if total is None or total.span[1] < 0 or not parts:
        return False
    text = ctx.masked or ctx.intent.text
    return bool(HOW_MANY.search(text[total.span[1] : min(parts)]))


def _listed(ctx: Context) -> bool:
    """A和B(分别)是多少 / A、B各多少: the items are a list, each asked for."""
    items = sorted(ctx.items, key=lambda it: it.span[0])
    text = ctx.masked or ctx.intent.text
    if any(it.span[0] < 0 for it in items) or EACH_LISTED.search(text):
        return True
    return all(
        re.fullmatch(r"[的\s]*[和与及、跟同,，][的\s]*", text[a.span[1] : b.span[0]])
        for a, b in zip(items, items[1:], strict=False)
    )


def _one_row_each(ctx: Context) -> bool:
    """宣传、组织的一般行政管理事务: the items are one printed row under different parents, each looked up alone."""
    rows = [it.labels for it in ctx.items]
    return len(set(rows)) < len(rows) and all(it.within for it in ctx.items)


def _each_listed(
    ctx: Context, answer: Answer, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """A和B分别是多少: each item's own figure is a part of the answer. A listing the tables gave keeps its
    sentences and lists its figures as parts; when it found nothing, each item is looked up alone (its table,
    else its text) and what is found is said, with what is not."""
    items = ctx.items
    measures = {name for _, name in MEASURE_SAYS}
    kinds = {(it.term.name if it.term is not None else it.text) in measures for it in items}
    if kinds == {True, False}:
        return (
            answer  # 代表工作里，基本支出和项目支出各是多少: a row and its columns, not things of their own
        )
    if answer.status == "answered" and not _one_row_each(ctx):
        figures = [(f.value, f.unit) for f in answer.facts if f.value is not None]
        return replace(answer, parts=tuple(figures)) if len(figures) == len(items) else answer
    found: list[tuple[Item, Answer]] = []
    missing: list[tuple[Item, Answer]] = []
    for item in items:
        one = replace(ctx, items=(item,))
        alone = lookup_answer(one, base, docs)
        if alone.status != "answered":
            alone = text_fallback(one, alone, docs, narrative)
        (found if alone.status == "answered" and alone.value is not None else missing).append((item, alone))
    if not found:
        return answer
    text = "".join(a.answer for _, a in found) + "".join(
        compose.refusal("no_figure_of", item=it.text) for it, _ in missing
    )
    return replace(
        base,
        status="answered",
        answer=text,
        citations=tuple(c for _, a in found for c in a.citations),
        facts=tuple(f for _, a in found for f in a.facts),
        parts=tuple((a.value, a.unit) for _, a in found if a.value is not None),
        kind="lookup",
    )


# tables that print one part of the spending (the 基本支出 by economic class, the 机关运行经费); a “三公”经费 table
# that also prints the 机关运行经费 prints the 三公 items whole
_PART_TABLE = re.compile(r"基本支出|机关运行经费|人员经费|公用经费")


def _text_states_amount(item: Item, docs: Sequence[Document], narrative: NarrativeSearch) -> bool:
    """Whether some sentence of the documents' text names the item with an amount: a word scan, so that the
    search (an embedded query) runs only where the text can answer."""
    names = [fold(x) for x in (item.text, *item.labels) if len(x) >= 2]

    def states(sentences: Sequence[str]) -> bool:
        return any(n in fold(x) and phrases.OWN_AMOUNT.search(x) for x in sentences for n in names)

    return bool(narrative.stating([d.doc_id for d in docs], states))


def _whole_over_part(
    ctx: Context, answer: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """会议费 asked plainly, printed only in the 基本支出 tables (its basic part) while the text states the whole
    (会议费预算支出933.50万元, project spending included): the stated whole is the answer, and the table's part
    is named beside it. Nothing changes when the text states nothing, or the same figure."""
    if (
        answer.status != "answered"
        or len(ctx.items) != 1
        or ctx.measure
        or answer.value is None
        or not answer.citations
        or not all(
            c.table and _PART_TABLE.search(c.table) and "三公" not in c.table for c in answer.citations
        )
        or _PART_TABLE.search(ctx.items[0].text)
        or not _text_states_amount(ctx.items[0], docs, narrative)
    ):
        return answer
    stated_answer = text_fallback(ctx, replace(answer, status="not_found"), docs, narrative)
    if stated_answer.status != "answered" or stated_answer.value is None or stated_answer.unit != answer.unit:
        return answer
    if stated_answer.value <= answer.value:
        return answer  # the text's figure is no larger whole: keep the printed cell
    part = compose.amount(answer.value, answer.unit)
    table = answer.citations[0].table
    lead = compose.not_in_tables(ctx.items[0].text, "figure") + "，此数字"
    said = compose.only_basic_part_said(part, table or "")
    return replace(
        stated_answer,
        answer=stated_answer.answer.replace(lead, said)
        if lead in stated_answer.answer
        else stated_answer.answer,
        citations=(*stated_answer.citations, *answer.citations),
        facts=answer.facts,
    )


_NO_ITEM = compose.refusal("no_item")


_PUT_IN = re.compile(
    r"^(?:那一?项|这一?项)?(?:的)?(?:基本支出|项目支出|收入|支出)?(?:这块|那块|方面|部分)?"
    r"(?:里面|里头|当中|之中|其中|里|中|内)(?:的)?[，,]?$"
)


# 给离退休人员发的(退休费): who the money goes to, said between 给 and a verb of paying, before the item paid
_PAID_TO = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:发|缴|交|付|拨|支付|发放)(?:了|的)+$")


def _most_specific(ctx: Context) -> Context:
    """政府采购里面，面向小微企业的有多少: of two items where one names the other inside it (面向小型微型企业
    政府采购 ⊃ 政府采购), the narrower one is asked for; the broader one only said where to look. 给离退休人员发的
    退休费: the item after 给…发的 is paid, the words before it (离退休) only say to whom."""
    if len(ctx.items) != 2:
        return ctx
    text = ctx.masked or ctx.intent.text
    first, second = sorted(ctx.items, key=lambda it: it.span[0])
    if (
        first.span[0] > 0
        and text[: first.span[0]].endswith("给")
        and _PAID_TO.match(text[first.span[1] : max(second.span[0], 0)])
    ):
        return replace(ctx, items=(second,))
    a, b = ctx.items
    for wide, narrow in ((a, b), (b, a)):
        if wide.text != narrow.text and any(wide.text in label for label in (narrow.text, *narrow.labels)):
            if narrow is first and first.span[1] >= 0 and text[first.span[1] : second.span[0]] == "的":
                # 离退休的退休费: a name holding the other (离退休费 ⊃ 退休费) said first, then 的 and the other: the
                # head after 的 is asked, the words before it say whose
                return replace(ctx, items=(second,))
            return replace(ctx, items=(narrow,))
    text = ctx.masked or ctx.intent.text
    first, second = sorted((a, b), key=lambda it: it.span[0])
    if first.span[1] >= 0 and _PUT_IN.match(text[first.span[1] : second.span[0]]):
        # 一般公共预算基本支出里人员经费合计多少: the second is asked, the first says where it is counted (the
        # answer must still print that: coverage holds a figure that does not to not found)
        return replace(ctx, items=(second,))
    return ctx


# words between two items that gloss the first (差旅费（出差）, 公务接待费（三公口径）): one thing asked
_GLOSS = re.compile(r"^(?:这块|这项|那块|那项)?[（(]$")


def _parts_beside(ctx: Context, cell: Cell) -> list[Cell]:
    """The 基本支出 and 项目支出 cells printed on the same row as this figure."""
    row = [ctx.index.cells[i] for i in ctx.index.by_row.get(cell.row, ())]
    return [
        c
        for c in row
        if c.doc.doc_id == cell.doc.doc_id
        and c.fact.table_no == cell.fact.table_no
        and c.fact.row_index == cell.fact.row_index
        and c.leaf in ("基本支出", "项目支出")
        and c.fact.value is not None
    ]


def _glossed(ctx: Context, items: Sequence[Item] | None = None) -> bool:
    """Two items (the context's, or these), the second in brackets right after the first (开会（人大会议）): one
    thing asked."""
    items = ctx.items if items is None else items
    if len(items) != 2:
        return False
    a, b = sorted(items, key=lambda it: it.span[0])
    text = ctx.masked or ctx.intent.text
    return a.span[1] >= 0 and bool(_GLOSS.match(text[a.span[1] : b.span[0]]))


def _one_figure_per_cell(ctx: Context, figures: list[Evidence]) -> list[Evidence]:
    """Figures of one lookup that are one thing: the same printed cell read twice (差旅费（出差）: both words name
    差旅费) is stated once; a word in brackets after the item glosses it (开会（人大会议）, 公务接待费（三公口径）),
    and the item it glosses is the one asked."""
    seen: set[tuple[str, int | None, str, str]] = set()
    kept = []
    for fig in figures:
        key = (fig.cell.doc.doc_id, fig.cell.fact.table_no, fig.cell.row, fig.cell.fact.column)
        if key not in seen:
            seen.add(key)
            kept.append(fig)
    if _glossed(ctx, [f.item for f in kept]):
        return [min(kept, key=lambda f: f.item.span[0])]
    return kept


def lookup_answer(ctx: Context, base: Answer, docs: Sequence[Document]) -> Answer:
    year = target_year(ctx, docs)
    figures = []
    for item in ctx.items:
        fig = _fig(ctx, item, docs, year)
        if fig is None:
            return _not_found(base, ctx, item, docs, year)
        figures.append(fig)
    figures = _one_figure_per_cell(ctx, figures)
    text = "".join(compose.figure_sentence(f, ctx.measure) for f in figures)
    cells = [c for f in figures for c in (*f.cells, *f.conflicts)]
    if len(figures) == 1 and WHICH_PART.search(ctx.intent.text):
        parts = _parts_beside(ctx, figures[0].cell)
        if parts:
            text += (
                "其中"
                + "、".join(
                    f"{c.leaf}{compose.amount(c.fact.value or Decimal(0), c.fact.unit)}" for c in parts
                )
                + "。"
            )
            cells += parts
    first = figures[0]
    value, unit, formula = first.value, first.unit, first.formula
    if len(figures) == 1:
        value, unit, formula = _unit_convert(ctx, value, unit, formula)
        if unit != first.unit:
            text = text[:-1] + compose.that_is_said(compose.amount(value, unit))
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


# 降幅最大 / 减少最多 / 砍得最多: the verb of change said last says which way the ranking runs (a fall: the most
# negative change first)
_CHANGE_VERB = re.compile(r"(降|减|砍|缩|跌)|增|涨|升|加")


def changes_ranked(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """一般公共服务、社保就业、住房保障，哪一类比上年涨得最猛: each listed item's change, found as a question about
    that item alone would find it (the tables' two years, else the change the text states), ranked by the
    ranking operation. An item whose change is not found leaves no ranking."""
    p = ctx.intent
    rate = Op.RATE in p.ops or p.rate_ranked
    verbs = list(_CHANGE_VERB.finditer(p.text))
    fall = bool(verbs) and verbs[-1].group(1) is not None
    one = replace(
        p,
        ops=frozenset((p.ops - {Op.RANK, Op.COMPARE}) | {Op.DELTA} | ({Op.RATE} if rate else set())),
        rank=None,
        amount_first=False,
    )
    evidence = []
    for item in ctx.items:
        alone = replace(ctx, items=(item,), intent=one)
        found = change_answer(alone, base, docs)
        if found.status != "answered":
            found = text_fallback(alone, base, docs, narrative)
        if found.status != "answered" or found.value is None:
            return replace(
                base,
                answer=compose.refusal(
                    "no_change_to_rank", item=item.text, what="增减幅度" if rate else "增减额"
                ),
                kind="rank",
            )
        evidence.append(
            Evidence(
                found.value,
                found.unit,
                line=item,
                who=item.text,
                citations=found.citations,
                facts=found.facts,
                source=found.answer,
            )
        )
    ranked = replace(one, ops=frozenset({Op.RANK}), rank="min" if fall else "max")
    converted, result = ops.apply(Op.RANK, evidence, ranked)
    order = sorted(converted, key=lambda e: e.common, reverse=not fall)
    return replace(
        base,
        status="answered",
        answer=compose.changes_ranked_said(order, result.unit, rate=rate, fall=fall),
        value=order[0].common,
        unit=result.unit,
        citations=tuple(c for e in order for c in e.citations),
        facts=tuple(f for e in order for f in e.facts),
        kind="rank",
    )


def _same_line(now: Cell, other: Cell) -> bool:
    """`other` (last year's figure, or a printed 增减) is of the line `now` is: from another document, in the same
    table, or on a row of the same label in another table of the document; a row named by a year or a change
    (2022年 / 增减变化金额) of another table is some other table's line."""
    if other.doc.doc_id != now.doc.doc_id:
        return True
    if (other.fact.table_no, other.fact.table_title) == (now.fact.table_no, now.fact.table_title):
        return True
    return other.row == now.row


def change_answer(
    ctx: Context, base: Answer, docs: Sequence[Document], *, elsewhere_ok: bool = False
) -> Answer:
    """增减 and 增长率: the printed 增减 figure when the document has one, else computed from two years.

    `elsewhere_ok`: last year's figure may come from the department's document of that year (after the asked
    document's own tables and text had no answer)."""
    item = ctx.items[0]
    year = target_year(ctx, docs)
    before_year = base_year(ctx, year)
    now = _fig(ctx, item, docs, year)
    before = _fig(ctx, item, docs, before_year)
    if now is None:
        return _not_found(base, ctx, item, docs, year)
    if before is not None and not _same_line(now.cell, before.cell):
        before = None  # 2022年 of the 三公 table is no prior year of 收入总计 printed in 收支总表
    printed_fig = _fig(ctx, item, docs, year, role="delta") if before_year == (year or 0) - 1 else None
    printed = printed_fig.cell if printed_fig and printed_fig.cell.doc.doc_id == now.cell.doc.doc_id else None
    if printed is not None and not _same_line(now.cell, printed):
        printed = None
    elsewhere = None
    if before is None and printed is None and before_year is not None and elsewhere_ok:
        # the asked document prints no prior-year figure: the department's own document of that year does,
        # and the answer names it as the source of that figure
        own = [d for d in ctx.related if d.year == before_year and d.department == now.cell.doc.department]
        before = _fig(ctx, item, own, before_year) if own else None
        elsewhere = before.cell.doc if before is not None else None
    if before is None and printed is None:
        return _not_found(base, ctx, item, docs, before_year)
    if before is None:
        assert printed is not None and printed.fact.value is not None
        diff = printed.fact.value
        before = replace(now, value=now.value - diff, cells=(), year=before_year)
        formula = f"{calc.fmt(now.value)} {calc.MINUS} {calc.term(diff)} = {calc.fmt(before.value)}{compose.FROM_PRINTED_CHANGE}"
    else:
        diff, formula = calc.difference(now.value, before.value, now.unit)
        if printed is not None and printed.fact.value != diff:
            formula += compose.printed_change_differs(calc.fmt(printed.fact.value or Decimal(0)))
    rate = None
    kind = "delta"
    value = diff
    unit = now.unit
    if Op.RATE in ctx.intent.ops:
        rate, rate_formula = calc.growth_rate(now.value, before.value)
        if ctx.intent.amount_first:  # 多了多少？增幅多少？: the amount is the value, the rate said beside it
            formula = f"{formula}；{rate_formula}" if rate is not None else formula
        else:
            formula = rate_formula if rate is not None else formula
            kind, value, unit = (
                "ratio",
                rate if rate is not None else diff,
                "%" if rate is not None else now.unit,
            )
    text = compose.delta_sentence(now, before, diff, rate, printed=printed)
    if elsewhere is not None:
        text += compose.base_elsewhere_said(
            now.cell.doc.year, before_year, item.text, compose.doc_name(elsewhere)
        )
    cells = [*now.cells[:2], *before.cells[:2], *([printed] if printed else [])]
    answer = compose.answered(base, text, value, unit, formula, cells, kind=kind)
    if diff == 0 and value == 0:
        # 持平: the answer to 有变化吗 is both the change and the one figure of both years
        answer = replace(answer, parts=((value, unit), (now.value, now.unit)))
    elif rate is not None:  # 增长了多少: the amount and the rate, both said, the one given first
        both = ((diff, now.unit), (rate, "%"))
        answer = replace(answer, parts=both if kind == "delta" else both[::-1])
    return answer


def _whole_item(ctx: Context) -> Item | None:
    term = term_by_name("支出总计")
    if term is None:
        return None
    return Item(term.name, tuple(clean_label(x) for x in term.labels), 0.9, term=term, how="lexicon")


def _part_in_whole_table(
    ctx: Context, item: Item, part: Evidence, whole: Evidence, target: Target
) -> Evidence:
    """The part as the whole's own table prints it (一般公共服务支出 of the 收支总表 over its 支出合计), when it
    does: a part from the 财政拨款 table over the whole of all funds mixes two bases."""
    if not part.facts or not whole.facts or part.facts[0].table_title == whole.facts[0].table_title:
        return part
    title = clean_label(whole.facts[0].table_title or "")
    if not title:
        return part
    same = evidence_for(ctx, replace(item, within=(title,)), target, None)
    if same is not None and same.facts and same.facts[0].table_title == whole.facts[0].table_title:
        return same
    return part


_CONTAINER = re.compile(r"(?:的)?(?:里面|里头|当中|之中|里|中|内)")


def _measure_held(ctx: Context, part: Item) -> Item | None:
    """基本支出 / 项目支出 read as the measure, written before the part with 里/中: the whole the part is in."""
    measure = ctx.measure
    if measure not in SIDE_PARTS[:2]:
        return None
    text = ctx.masked or ctx.intent.text
    at = text.rfind(measure, 0, part.span[0])
    if at < 0 or not _CONTAINER.match(text, at + len(measure)):
        return None
    found = lexicon_mentions(measure)
    return replace(found[0], span=(at, at + len(measure))) if found else None


def composite_share(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch | None
) -> Answer | None:
    """A、B、C合计里，A占百分之几: the whole is the sum of the items listed side by side before 合计, reckoned
    from their printed figures; the part is the listed item named again after it. None when the question
    does not ask so (the ordinary share reads it)."""
    text = ctx.masked or ctx.intent.text
    at = ctx.intent.share_at
    items = sorted(ctx.items, key=lambda it: it.span[0])
    if len(items) < 2 or at < 0:
        return None
    listing = (
        _listed_before(text, items, at) or _listed_after(text, items, at) or _listed_around(text, items, at)
    )
    if listing is None:
        return None
    listed, part = listing
    year = target_year(ctx, docs)
    name = docs[0].department or docs[0].source
    target = Target(name, year, tuple(d for d in docs if d.year in (year, None)) or tuple(docs), (-1, -1))
    found = [evidence_for(ctx, it, target, narrative) for it in listed]
    missing = next((it for it, e in zip(listed, found, strict=True) if e is None), None)
    if missing is not None:
        return _not_found(base, ctx, missing, docs, year)
    evidence = [replace(e, who=it.text) for it, e in zip(listed, found, strict=True) if e is not None]
    converted, whole = ops.apply(Op.SUM, evidence, ctx.intent)
    share_of = converted[listed.index(part)]
    rate, formula = calc.share(share_of.common, whole.value)
    names = "、".join(it.text for it in listed)
    if rate is None:
        return replace(
            base,
            answer=compose.refusal("zero_whole", whole=f"{names}合计"),
            formula=f"{whole.formula}；{formula}",
        )
    sources = "；".join(dict.fromkeys(e.source for e in converted))
    text_out = compose.share_said(
        compose.whose(name, year),
        (part.text, compose.amount(share_of.common, whole.unit)),
        (f"{names}合计", compose.amount(whole.value, whole.unit)),
        rate,
        sources,
        whole_first=True,
    )
    return replace(
        base,
        status="answered",
        answer=text_out,
        value=rate,
        unit="%",
        formula=f"{whole.formula}；{formula}",
        citations=tuple(c for e in converted for c in e.citations),
        facts=tuple(f for e in converted for f in e.facts),
        kind="ratio",
    )


def _run_of(text: str, items: Sequence[Item]) -> list[Item]:
    """The items listed side by side from the first (A、B和C)."""
    listed = [items[0]]
    for a, b in zip(items, items[1:], strict=False):
        if not LIST_GAP.fullmatch(text[a.span[1] : b.span[0]]):
            break
        listed.append(b)
    return listed


def _named_in_run(text: str, items: Sequence[Item], part: Item) -> list[Item] | None:
    """The items listed side by side from the first, with `part`'s own name written among them (三公经费、会议费、
    培训费 after 会议费占: a label is found once, so that mention is no item of its own); None when it is not."""
    said = re.escape(text[part.span[0] : part.span[1]])
    gap = LIST_GAP.pattern
    listed, named = [items[0]], False
    for a, b in [*zip(items, items[1:], strict=False), (items[-1], None)]:
        end = b.span[0] if b is not None else len(text)
        between = text[a.span[1] : end]
        if b is not None and LIST_GAP.fullmatch(between):
            listed.append(b)
            continue
        m = re.match(rf"(?:{gap})({said})(?:{gap})", between) if not named else None
        if m is None:
            break
        at = a.span[1] + m.start(1)
        listed.append(replace(part, span=(at, at + len(m.group(1)))))
        named = True
        if b is None or m.end() != len(between):
            break
        listed.append(b)
    return listed if named else None


def _listed_before(text: str, items: Sequence[Item], at: int) -> tuple[list[Item], Item] | None:
    """A、B、C合计里，A占百分之几: the list before 占, the part named again between its 合计 and 占."""
    listed = _run_of(text, items)
    combined = COMBINED.match(text, listed[-1].span[1]) if len(listed) > 1 else None
    if combined is None or not combined.group(0) or combined.end() > at:
        return None
    named = fold(text[combined.end() : at])
    part = next((it for it in listed if fold(it.text) in named), None)
    return (listed, part) if part is not None else None


def _listed_after(text: str, items: Sequence[Item], at: int) -> tuple[list[Item], Item] | None:
    """A占A、B、C合计的比重: the list after 占 ends in 合计, and the part is one of it, named in the list again
    (as an item, or in a shorter form: 三公经费占三公、会议费、培训费合计)."""
    before = [it for it in items if it.span[1] <= at]
    after = [it for it in items if it.span[0] > at]
    if not before or not after:
        return None
    part = before[-1]
    listed = _run_of(text, after)
    again = _named_in_run(text, after, part)
    if (
        again is not None
    ):  # 会议费占三公经费、会议费、培训费合计: the part named in the list, found once as an item
        listed = again
    combined = COMBINED.match(text, listed[-1].span[1])
    if combined is None or not combined.group(0):
        return None
    if again is not None:
        return listed, next(it for it in listed if it.span[0] > at and fold(it.text) == fold(part.text))
    lead = fold(text[at + 1 : listed[0].span[0]]).rstrip("、，,和与及")
    if not lead and len(listed) > 1 and any(fold(it.text) == fold(part.text) for it in listed):
        return listed, next(it for it in listed if fold(it.text) == fold(part.text))
    if len(lead) >= 2 and fold(part.text).startswith(lead) and not re.search(r"[^\u4e00-\u9fff]", lead):
        return [part, *listed], part
    return None


def _listed_around(text: str, items: Sequence[Item], at: int) -> tuple[list[Item], Item] | None:
    """A在A、B、C合计中占多大比重: the part first, then 在 and the list ending in 合计 before 占, the part named in
    the list again (a label is found once, so that mention is no item of its own)."""
    part, rest = items[0], [it for it in items[1:] if it.span[1] <= at]
    if not rest or not re.fullmatch(r"在[“”\"「」]*", text[part.span[1] : rest[0].span[0]]):
        return None
    combined = next(
        (m for m in COMBINED.finditer(text, rest[0].span[1], at) if m.group(0) and m.end() == at), None
    )
    if combined is None:
        return None
    listed = [it for it in rest if it.span[1] <= combined.start()]
    if fold(part.text) not in fold(text[rest[0].span[0] : combined.start()]):
        return None
    return [part, *listed], part


def share_answer(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch | None = None
) -> Answer:
    """Part ÷ whole. Each figure from a table, else (with `narrative`) as the text states it
    (（一）人员经费6080.72万元), quoted."""
    at = ctx.intent.share_at
    parts = [it for it in ctx.items if at < 0 or it.span[0] < at]
    wholes = [it for it in ctx.items if at >= 0 and it.span[0] > at]
    text_after = (ctx.masked or ctx.intent.text)[at:] if at >= 0 else ""
    held = _measure_held(ctx, parts[-1]) if parts and not wholes else None
    if held is not None:
        # 基本支出里，人员经费占多少 / 财政拨款基本支出中…: the part of spending the question puts the item in is the
        # whole (read as a measure word, it names no item, nor a column to read either side in)
        wholes, parts, ctx = [held], parts[-1:], replace(ctx, measure=None)
    elif not wholes and len(parts) >= 2 and WHOLE_SPENDING.match(text_after):
        # 离退休相关的社会保障和就业支出占总支出多少: the department's total is the whole, the item next to 占 the
        # part, and the words before it only describe it
        parts = parts[-1:]
    elif not wholes and len(parts) >= 2:
        # 三公经费中公务接待费占比多少: the first item is the whole, the last the part; but 住房公积金在住房保障
        # 支出里占多少: the item the question puts something in (…里/中/内) is the whole
        text = ctx.masked or ctx.intent.text
        inside = [it for it in parts[:-1] if _CONTAINER.match(text, it.span[1])]
        if _CONTAINER.match(text, parts[-1].span[1]) and not _CONTAINER.match(text, parts[0].span[1]):
            wholes, parts = parts[-1:], parts[:1]
        elif len(parts) > 2 and len(inside) == 1:
            # 财政拨款基本支出里，人员经费占多少: the item the question puts the part in is the whole, the words
            # before it only narrow it
            wholes, parts = inside, parts[-1:]
        else:
            wholes, parts = parts[:1], parts[-1:]
    if wholes:
        whole_item: Item | None = wholes[0]
    elif parts and safety.is_breakdown(parts[0]) and not WHOLE_SPENDING.match(text_after):
        whole_item = safety.procurement_item()  # 工程类占多大比例: a part of the procurement, of its total
    else:
        whole_item = _whole_item(ctx)
    year = target_year(ctx, docs)
    if not parts or whole_item is None:
        return _not_found(base, ctx, None, docs, year)
    name = docs[0].department or docs[0].source
    target = Target(name, year, tuple(d for d in docs if d.year in (year, None)) or tuple(docs), (-1, -1))
    part = safety.breakdown_entry(ctx, parts[0], target) or evidence_for(
        ctx, parts[0], target, narrative, text_only=safety.is_breakdown(parts[0])
    )
    if not safety.stated_breakdown_ok(parts[0], part):
        part = None
    whole = evidence_for(ctx, whole_item, target, narrative) or safety.breakdown_entry(
        ctx, whole_item, target
    )
    if part is None or whole is None:
        return _not_found(base, ctx, parts[0] if part is None else whole_item, docs, year)
    if whole.value == 0:
        whole = safety.nonzero_whole(ctx, whole_item, target) or whole
    part = safety.part_inside(ctx, parts[0], whole_item, whole, target, named=bool(wholes)) or part
    part = _part_in_whole_table(ctx, parts[0], part, whole, target)
    if (part.facts and set(part.facts) == set(whole.facts)) or clean_label(parts[0].text) == clean_label(
        whole_item.text
    ):
        # 编了绩效目标的项目资金占全部项目支出: the part was not found, only the whole again
        return _not_found(base, ctx, parts[0], docs, year)
    whole_value, _, conv = calc.convert(whole.value, whole.unit, part.unit)
    if safety.implausible_share(part.value, whole_value):
        # a part larger than its whole: the wrong part or whole was read, and no share is printed
        return replace(
            base,
            answer=compose.refusal(
                "part_exceeds_whole",
                who=compose.whose(name, year),
                whole=whole_item.text,
                part=parts[0].text,
                part_amount=compose.amount(part.value, part.unit),
                part_source=part.source,
                whole_amount=compose.amount(whole.value, whole.unit),
                whole_source=whole.source,
            ),
            kind="ratio",
        )
    rate, formula = calc.share(part.value, whole_value)
    if rate is None:
        return replace(base, answer=compose.refusal("zero_whole", whole=whole_item.text), formula=formula)
    formula = f"{conv}；{formula}" if conv else formula
    text = compose.share_said(
        compose.whose(name, year),
        (parts[0].text, compose.amount(part.value, part.unit)),
        (whole_item.text, compose.amount(whole.value, whole.unit)),
        rate,
        "；".join(dict.fromkeys((part.source, whole.source))),
        whole_first=False,
    )
    return replace(
        base,
        status="answered",
        answer=text,
        value=rate,
        unit="%",
        formula=formula,
        citations=(*part.citations, *whole.citations),
        facts=(*part.facts, *whole.facts),
        kind="ratio",
    )


def breakdown_answer(
    ctx: Context, base: Answer, docs: Sequence[Document], narrative: NarrativeSearch
) -> Answer:
    """政府采购里买服务花多少: the 服务 column (or row) of the 政府采购 table, else the amount the text states
    for it; never the procurement total."""
    year = target_year(ctx, docs)
    name = docs[0].department or docs[0].source
    target = Target(name, year, tuple(d for d in docs if d.year in (year, None)) or tuple(docs), (-1, -1))
    items = safety.without_total(ctx.items)
    item = items[0]
    cell = safety.breakdown_cell(ctx.index, item.text, doc_ids=[d.doc_id for d in target.docs], year=year)
    if cell is not None:
        fig = Evidence(cell.fact.value or Decimal(0), cell.fact.unit, (cell,), line=item, year=year)
        text = compose.figure_sentence(fig, None)
        return compose.answered(base, text, fig.value, fig.unit, None, [cell], kind="lookup")
    narrow = replace(ctx, items=tuple(items))
    if not safety.is_breakdown_column(item):
        # 面向中小企业预留: a column some templates print in their procurement table, others only in the text
        printed = lookup_answer(narrow, base, docs)
        if printed.status == "answered":
            return printed
    stated_answer = text_fallback(narrow, replace(base, answer=""), docs, narrative)
    if stated_answer.status == "answered" and any("采购" in c.quote for c in stated_answer.citations):
        return stated_answer  # a sentence about procurement, not 商品和服务支出
    return _not_found(base, ctx, item, docs, year)


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
    listed = [(compose.doc_name(f.cell.doc), compose.amount(f.value, f.unit)) for f in figures]
    text = compose.departments_compared_said(
        item.text,
        listed,
        figures[hi].cell.doc.department,
        figures[lo].cell.doc.department,
        compose.amount(diff, unit),
    )
    cells = [f.cell for f in figures]
    return compose.answered(base, text, diff, unit, formula, cells, kind="compare")
