"""A project's spending plan by quarter, as the text lists it (项目经费情况说明 › 年度预算安排:
第一季度用款计划25.88万元，第二季度用款计划180.74万元，…): one quarter's figure, each quarter's, or the
quarters added up. Every figure is read from the one quoted sentence; a sum is shown with its formula.

The project a question names must be the project the list belongs to (the words of its own section, read
back to the section's 项目概况/项目名称); a question naming none is answered only when the documents list one
plan. Nothing fitting means None: the other plans answer, or say not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetqa.qa import calc, compose
from budgetqa.qa.answer import Answer, cite_chunk
from budgetqa.qa.context import Context
from budgetqa.qa.narrative import NarrativeSearch, clean_sentence
from budgetqa.qa.question import Op
from budgetqa.qa.text import fold
from budgetqa.store import Chunk, Document
from budgetqa.store.phrases import split_sentences

__all__ = ["plan_answer"]

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# one quarter's planned amount: 第三季度用款计划186.60万元 / 第二季度计划支出180万元
_PLANNED = re.compile(
    r"第?([一二三四1-4])季度([^，,；;。：:\d]{0,10}?)(?:为|是)?(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)"
)
_ASKED_QUARTERS = re.compile(r"第?[一二三四1-4](?:(?:[、和与及]|[至到])第?[一二三四1-4])*季度")
_EACH = re.compile(r"每一?个?季度|各(?:个)?季度|分季度|逐季")
_SUM = re.compile(r"加起来|合起来|加在一起|一共|合计|总共|共计|总计|总额|总和")
# a project's own section starts here
_PROJECT_HEAD = re.compile(r"项目概况|项目名称|项目基本情况")
# question words that say what is asked, not which project (years and the department are masked already)
_ASK_WORDS = re.compile(
    r"(?:19|20)?\d{2}年度?|今年|明年|去年|本年度?|第?[一二三四1-4]季度|每一?个?季度|各个?季度|[四4]个季度|季度|"
    r"用款计划|计划|用款|打算|准备|预计|安排|多少钱?|几|金额|资金|经费|预算|加起来|合起来|加在一起|一共|合计|总共|全年|"
    r"共计|总计|总额|总和|分别|各是|各|每个|每|是|的|了|呢|吗|啊|用|花|要|这个|那个|这项|那项|项目|请问|想问下?|问下|"
    r"[□\s，,。？?、；;：:“”\"（）()]"
)
_MIN_FIT = 0.6  # share of the project words the question names that the project's section prints


@dataclass(frozen=True)
class _Plan:
    doc: Document
    chunk: Chunk
    sentence: str
    quarters: dict[int, tuple[Decimal, str]]  # quarter → (amount, unit), as printed
    project: str  # the words of the project's own section, folded
    opening: tuple[tuple[Chunk, str], ...]  # the sentences of that section before the plan, with their chunks


def _quarters_named(text: str) -> list[int]:
    """The quarters a question names: 第三季度; 第一和第二季度 (each); 一至三季度 (a span)."""
    named: set[int] = set()
    for m in _ASKED_QUARTERS.finditer(text):
        numbers = [_CN[n] for n in re.findall(r"[一二三四1-4]", m.group(0))]
        if re.search(r"[至到]", m.group(0)) and len(numbers) == 2:
            numbers = list(range(numbers[0], numbers[1] + 1))
        named.update(numbers)
    return sorted(named)


def _lists(sentence: str) -> dict[int, tuple[Decimal, str]]:
    found: dict[int, tuple[Decimal, str]] = {}
    for m in _PLANNED.finditer(fold(sentence)):
        quarter = _CN[m.group(1)]
        if quarter in found:
            return {}  # a quarter listed twice: not one plan
        found[quarter] = (Decimal(m.group(3).replace(",", "")), m.group(4))
    return found if len(found) >= 2 else {}


def _project_chunks(narrative: NarrativeSearch, chunk: Chunk) -> list[Chunk]:
    """The chunks of the plan's own project section: this one and those before it, back to the chunk that
    opens the project (项目概况/项目名称), within the same top section; the opening one first."""
    root = (chunk.section or "").split(" > ")[0]
    found = [chunk]
    here: Chunk | None = chunk
    for _ in range(8):
        if here is None or _PROJECT_HEAD.search(here.text[:60]):
            break
        here = narrative.neighbour(here, -1)
        if here is None or (here.section or "").split(" > ")[0] != root:
            break
        found.append(here)
    return found[::-1]


def _plans(ctx: Context, narrative: NarrativeSearch) -> list[_Plan]:
    docs = {d.doc_id: d for d in ctx.docs}
    found = []
    for chunk, _, _ in narrative.stating(list(docs), lambda ss: any(_lists(s) for s in ss)):
        for sentence in split_sentences(chunk.text):
            quarters = _lists(sentence)
            if quarters:
                own = _project_chunks(narrative, chunk)
                opening = tuple((c, x) for c in own for x in split_sentences(c.text) if x != sentence)
                words = fold("".join(c.text for c in own))
                found.append(_Plan(docs[chunk.doc_id], chunk, sentence, quarters, words, opening))
    return found


def _named(ctx: Context) -> list[str]:
    """The runs of words the question has left once what it asks (quarters, sums, years, money) is taken out:
    the project it names, if any."""
    return [run for run in _ASK_WORDS.split(ctx.masked or fold(ctx.intent.text)) if len(run) >= 2]


def _fit(runs: Sequence[str], text: str) -> float:
    grams = [run[i : i + 2] for run in runs for i in range(len(run) - 1)]
    if not grams:
        return 1.0
    return sum(g in text for g in grams) / len(grams)


def plan_answer(ctx: Context, base: Answer, narrative: NarrativeSearch) -> Answer | None:
    """The quarter(s) asked of the one plan the question's project names; None when no plan fits."""
    text = fold(ctx.intent.text)
    if not ctx.intent.quarters or ctx.intent.why or {Op.DELTA, Op.RATE, Op.SHARE, Op.RANK} & ctx.intent.ops:
        return None
    plans = _plans(ctx, narrative)
    if not plans:
        return None
    runs = _named(ctx)
    fits = sorted(((_fit(runs, p.project), i) for i, p in enumerate(plans)), reverse=True)
    best_fit, best = fits[0]
    if best_fit < _MIN_FIT or (len(fits) > 1 and fits[1][0] == best_fit):
        return None  # another project, or two plans the question does not tell apart
    plan = plans[best]
    asked = _quarters_named(_EACH.sub("", text))
    units = {u for _, u in plan.quarters.values()}
    if len(units) != 1:
        return None
    unit = units.pop()
    listed = sorted(plan.quarters)
    if any(q not in plan.quarters for q in asked):
        return None
    quoted = clean_sentence(plan.sentence)
    chunk = narrative.located(plan.chunk, plan.sentence)
    where = compose.where_quoted(chunk)
    lead = compose.quoted_said(f"{compose.doc_name(plan.doc)}的项目经费情况说明", quoted, where)
    if runs:  # the project the question names, as its own section words it
        fitting = max(plan.opening, key=lambda cs: _fit(runs, fold(cs[1])), default=None)
        if fitting is not None and _fit(runs, fold(fitting[1])) > 0:
            said = clean_sentence(fitting[1])
            lead += compose.quoted_said(
                "该项目", said, compose.where_quoted(narrative.located(fitting[0], fitting[1])), by=False
            )
    formula = None
    parts: tuple[tuple[Decimal, str | None], ...] = ()
    if len(asked) == 1:
        q = asked[0]
        value = plan.quarters[q][0]
        head = compose.quarters_said([(q, value)], unit)
    elif _EACH.search(text) and not _SUM.search(text):
        values = [plan.quarters[q][0] for q in listed]
        value = values[0]
        head = compose.quarters_said([(q, plan.quarters[q][0]) for q in listed], unit, each=True)
        parts = tuple((v, unit) for v in values)
    else:
        chosen = asked if len(asked) >= 2 else listed
        if "四个季度" in text and len(listed) != 4:
            return None  # four quarters asked, fewer listed: the sum would not be the year's
        value, formula = calc.total([plan.quarters[q][0] for q in chosen], unit)
        head = compose.quarters_sum_said(chosen, value, unit, formula)
    return replace(
        base,
        status="answered",
        answer=head + lead,
        value=value,
        unit=unit,
        formula=formula,
        citations=(cite_chunk(chunk, plan.doc, plan.sentence),),
        kind="lookup" if formula is None else "sum",
        parts=parts,
    )
