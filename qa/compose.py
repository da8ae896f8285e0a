"""The composer: Chinese answer sentences and citations built from `Evidence` and the operations' results.

Plans and operations decide which figures answer and compute over them; the words an answer says them in are
written here (a figure, a change, a ratio, a sum, a ranking, a comparison). No arithmetic decisions here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from budgetqa.qa.answer import Answer, Citation, cite_fact
from budgetqa.qa.calc import fmt, fmt_plain, fmt_rate
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.index import Cell
from budgetqa.qa.question import SHARE_OR_AMOUNT
from budgetqa.store import Chunk, Document, table_label


def amount(value: Decimal, unit: str | None) -> str:
    return f"{fmt_plain(value)}{unit or ''}"


def where(cell: Cell) -> str:
    """`表9 一般公共预算“三公”经费支出表，第24页`."""
    table = table_label(cell.fact.table_no, cell.fact.table_title) or "文中表格"
    return f"{table}，第{cell.fact.page}页" if cell.fact.page else table


def where_quoted(chunk: Chunk) -> str:
    """`（第五部分 …，第5页）`: where a quoted sentence is printed."""
    page = f"，第{chunk.page_start}页" if chunk.page_start else ""
    return f"（{chunk.section or '文字部分'}{page}）"


def doc_name(doc: Document) -> str:
    """`中共××办公室2023年部门预算`."""
    kind = doc.title or (f"部门{doc.doc_kind}" if doc.doc_kind else "")
    year = f"{doc.year}年" if doc.year else ""
    return f"{doc.department or doc.source}{year}{kind}"


def subject(fig: Evidence, measure: str | None) -> str:
    """What the figure is: `2023年公务接待费`, with the measure when one was asked or implied."""
    year = f"{fig.year}年" if fig.year else ""
    name = fig.item.text
    if year and name.startswith(year):
        name = name[len(year) :].removeprefix("度")  # a label that prints its year: 2024年三公经费
    meas = measure if measure and measure not in name else ""
    if not meas and fig.cell.doc.doc_kind == "决算":
        column = fig.cell.column
        meas = "决算数" if "决算" in column else ("预算数" if "预算" in column else "")
    return f"{year}{name}{meas}"


def _first_difference(paths: Sequence[tuple[str, ...]]) -> int:
    """The first level at which rows printed under several parents differ (0 when none does)."""
    return next((i for i in range(len(paths[0])) if len({p[i] for p in paths}) > 1), 0)


# ≥90% / <10% / 不低于95%: a target printed as a bound, which the answer says as printed beside its figure
_BOUND = re.compile(r"^\s*(?:[<>≤≥＜＞]|不低于|不高于|不少于|不多于|不超过|大于|小于|高于|低于)")


def figure_sentence(fig: Evidence, measure: str | None) -> str:
    doc = fig.cell.doc
    printed = re.sub(r"\s+", "", fig.cell.fact.text or "")
    bound = f"印作“{printed}”，" if _BOUND.match(printed) and len(fig.cells) == 1 else ""
    text = f"{doc.department or doc.source}{subject(fig, measure)}为{amount(fig.value, fig.unit)}（{bound}{where(fig.cell)}）。"
    if fig.parts and all(c.fact.row_code for c in fig.parts):
        codes = "、".join(
            f"{c.fact.row_code} {amount(c.fact.value or Decimal(0), c.fact.unit)}" for c in fig.parts
        )
        text = text[:-1] + f"，由{len(fig.parts)}个科目合计：{codes}。"
    elif fig.parts:  # one label printed under several parents: each part named by the parent telling it apart
        paths = [c.fact.row_path for c in fig.parts]
        # the level naming each part apart (its project), else every level from where they first differ
        at = next((i for i in range(len(paths[0])) if len({p[i] for p in paths}) == len(paths)), None)
        first = _first_difference(paths)
        where_each = "、".join(
            f"{c.fact.row_path[at] if at is not None else '·'.join(c.fact.row_path[first:])}下"
            f"{amount(c.fact.value or Decimal(0), c.fact.unit)}"
            for c in fig.parts
        )
        text = text[:-1] + f"，这一项在表中出现{len(fig.parts)}处，合计：{where_each}。"
    if fig.elsewhere:  # 台式计算机 under two projects, asked without 一共: this one, the others named
        paths = [c.fact.row_path for c in (fig.cell, *fig.elsewhere)]
        first = _first_difference(paths)
        others = "、".join(
            f"{'·'.join(c.fact.row_path[first:])}下{amount(c.fact.value or Decimal(0), c.fact.unit)}"
            for c in fig.elsewhere
        )
        text += f"这是{'·'.join(paths[0][first:])}下的一处；表中同名的还有{others}（问“一共”可得合计）。"
    if fig.conflicts:
        others = "；".join(
            f"{where(c)}为{amount(c.fact.value or Decimal(0), c.fact.unit)}" for c in fig.conflicts
        )
        text += f"注意：文档中的数字不一致，{others}。"
    return text


def with_sources(figures: Sequence[tuple[str, str]]) -> str:
    """(said, source) pairs as one list: each figure with its source in brackets, or, when they all come from
    one place (a sentence that lists them), the figures first and that source once."""
    sources = list(dict.fromkeys(source for _, source in figures))
    if len(sources) == 1 and len(figures) > 1:
        return f"{'；'.join(said for said, _ in figures)}（{sources[0]}）"
    return "；".join(f"{said}（{source}）" for said, source in figures)


def change_words(diff: Decimal) -> str:
    if diff > 0:
        return "增加"
    if diff < 0:
        return "减少"
    return "持平"


def delta_sentence(
    now: Evidence, before: Evidence, diff: Decimal, rate: Decimal | None, *, printed: Cell | None
) -> str:
    doc = now.cell.doc
    unit = now.unit
    base_year = f"{before.year}年" if before.year else "上年"
    text = f"{doc.department or doc.source}{subject(now, None)}为{amount(now.value, unit)}，{base_year}为{amount(before.value, before.unit)}"
    if diff == 0:
        text += f"，与{base_year}持平"
    else:
        text += f"，比{base_year}{change_words(diff)}{amount(abs(diff), unit)}"
        if rate is not None and rate != 0:
            text += f"，{'增长' if rate > 0 else '下降'}{fmt_rate(abs(rate))}%"
    sources = [where(now.cell)] + (
        [where(before.cell)] if before.cells and where(before.cell) != where(now.cell) else []
    )
    text += f"（{'；'.join(sources)}"
    if printed is not None:
        text += f"；表中列明增减 {amount(printed.fact.value or Decimal(0), unit)}"
    return text + "）。"


def times_said(first: str, second: str, ratio: Decimal) -> str:
    """A是B的几倍."""
    return f"{first}是{second}的{fmt_plain(ratio)}倍。"


def proportion_said(first: str, second: str, ratio: Decimal, *, rounded: bool) -> str:
    """A与B之比."""
    return f"{first}与{second}之比{'约' if rounded else ''}为{fmt_plain(ratio)}:1。"


def total_said(value: Decimal, unit: str | None) -> str:
    """A和B加起来."""
    return f"合计{amount(value, unit)}。"


def gap_said(first: str, second: str, gap: Decimal, unit: str | None) -> str:
    """A比B少多少: the first named against the second."""
    words = "多" if gap > 0 else ("少" if gap < 0 else "持平")
    return f"{first}比{second}{words}{'' if gap == 0 else amount(abs(gap), unit)}。"


def gap_rate_said(first: str, second: str, rate: Decimal) -> str:
    """A比B高出百分之几."""
    if rate == 0:
        return f"{first}与{second}持平。"
    return f"{first}比{second}{'高' if rate > 0 else '低'}{fmt_rate(abs(rate))}%。"


def yes_no_said(first: str, second: str, a: Decimal, b: Decimal, claim: str, unit: str | None) -> str:
    """是/不是 for `A是不是比B多` (claim "more") or `…少` ("less"): the first named against the second."""
    gap = a - b
    if gap == 0:
        return f"不是，两者相同，均为{amount(a, unit)}。"
    holds = gap > 0 if claim == "more" else gap < 0
    word = "多" if gap > 0 else "少"
    return (
        f"{'是' if holds else '不是'}，{first}比{second}{word}{amount(abs(gap), unit)}"
        f"（较大的是{first if gap > 0 else second}，{amount(max(a, b), unit)}）。"
    )


def larger_said(
    top: str, other: str, value: Decimal, gap: Decimal, unit: str | None, *, least: bool, many: bool
) -> str:
    """哪个多 / 谁最少: the larger (or smaller) side, and by how much it is."""
    if gap == 0:
        return f"两者相同，均为{amount(value, unit)}。"
    word = "少" if least else "多"
    return f"{top}{'最' if many else '更'}{word}（{amount(value, unit)}），比{other}{word}{amount(abs(gap), unit)}。"


def contains_said(whole: Evidence, part: Evidence, measure: str | None) -> str:
    """因公出国费和三公经费一共: the whole already holds the part, so no sum is given."""
    return (
        f"“{whole.item.text}”已经包含“{part.item.text}”，两者相加没有意义；请分别询问（"
        f"{figure_sentence(whole, measure)}）"
    )


def sum_said(
    owner: str, year: int | None, summands: Sequence[Evidence], value: Decimal, unit: str | None
) -> str:
    """A和B一共: each summand by its name (`who`), then the total."""
    listed = "、".join(f"{e.who}{amount(e.value, e.unit)}" for e in summands)
    return f"{owner}{year or ''}年{listed}，合计{amount(value, unit)}。"


def quoted_from(names: Sequence[str], source: str) -> str:
    """Figures the text states, and the sentence they come from."""
    return f"{'、'.join(names)}引自{source}。"


def searched(departments: Iterable[str], year: int | None, docs: Iterable[Document]) -> str:
    """（已查：…）: where a figure not found was looked for."""
    who = "、".join(departments) or "已导入的文档"
    have = "、".join(sorted({doc_name(d) for d in docs}))
    return f"（已查：{whose(who, year)}，{have}）"


def partial_sum_said(
    missing: Sequence[str], found: Sequence[Evidence], partial: tuple[Decimal, str | None] | None
) -> str:
    """A sum with a part missing is not given: the missing parts named, the found ones and their partial sum."""
    names = "、".join(f"“{m}”" for m in missing)
    text = f"无法计算合计：表中没有找到{names}。"
    if found and partial is not None:
        listed = "、".join(f"{f.item.text}{amount(f.value, f.unit)}" for f in found)
        text += f"已找到的{listed}（仅这几项之和为{amount(*partial)}，不是所问的合计）。"
    return text


def whose(name: str, year: int | None) -> str:
    """某局2025年: whose figure, in the year asked."""
    return f"{name}{f'{year}年' if year else ''}"


def missing_said(whose: Sequence[str], item: str, cannot: str) -> str:
    """文档中没有找到某局的“X”，无法比较。"""
    return f"文档中没有找到{'、'.join(whose)}的“{item}”，无法{cannot}。"


def evidence_said(evidence: Sequence[Evidence], *, lead: str = "", of: str = "") -> str:
    """Each figure an operation was given, by whose it is (and `of` what), with its source."""
    listed = with_sources([(f"{e.who}{of}{amount(e.value, e.unit)}", e.source) for e in evidence])
    return f"{lead}{listed}。"


def place_word(place: int, *, most: bool) -> str:
    """第二多 / 第三少."""
    return f"第{place}{'多' if most else '少'}"


def ranking_said(
    scope: str,
    word: str,
    head: Sequence[tuple[str, Decimal]],
    shown: Sequence[tuple[str, Decimal]],
    unit: str | None,
    *,
    most: bool,
) -> str:
    """最多的是X: the place asked (`word`) and its figure, each further place asked (前两项), then the order."""
    places = "".join(
        f"；{place_word(i, most=most)}的是{name}（{amount(v, unit)}）"
        for i, (name, v) in enumerate(head[1:], start=2)
    )
    listed = "；".join(f"{name} {amount(v, unit)}" for name, v in shown)
    return f"{scope}中{word}的是{head[0][0]}（{amount(head[0][1], unit)}）{places}。排序：{listed}。"


def nothing_to_rank(what: str) -> str:
    return f"文档中没有可以排序的“{what}”明细。"


def no_such_place(scope: str, count: int, place: int) -> str:
    """第五多 asked of four rows."""
    return f"{scope}只有{count}项，没有第{place}位。"


def quoted_said(where_said: str, sentence: str, where: str, *, by: bool = True) -> str:
    """据某局2025年部门预算的项目经费情况说明：“…”（第三部分，第9页）。"""
    return f"{'据' if by else ''}{where_said}：“{sentence}”{where}。"


def _quarter(q: int) -> str:
    return f"第{'一二三四'[q - 1]}季度"


def quarters_said(plan: Sequence[tuple[int, Decimal]], unit: str | None, *, each: bool = False) -> str:
    """A quarter's spending plan (第二季度用款计划为…), or each quarter's (`each`) as the plan lists them."""
    if not each:
        return f"{_quarter(plan[0][0])}用款计划为{amount(plan[0][1], unit)}。"
    if len({v for _, v in plan}) == 1 and len(plan) == 4:
        return f"每个季度的用款计划均为{amount(plan[0][1], unit)}。"
    shown = "，".join(f"{_quarter(q)}{amount(v, unit)}" for q, v in plan)
    return f"每个季度的用款计划分别为：{shown}。"


def quarters_sum_said(quarters: Sequence[int], value: Decimal, unit: str | None, formula: str) -> str:
    """上半年 / 四个季度的用款计划合计."""
    span = "四个季度" if len(quarters) == 4 else "、".join(_quarter(q) for q in quarters)
    return f"{span}的用款计划合计{amount(value, unit)}（{formula}）。"


def _changed_by(diff: Decimal, unit: str | None) -> str:
    """增加5万元 / 减少5万元, or 持平 with no amount."""
    return "持平" if diff == 0 else change_words(diff) + amount(abs(diff), unit)


def change_said(value: Decimal, unit: str | None) -> str:
    """增加5万元 / 下降3.2%: a change by its direction and size."""
    if unit == "%" and value:
        return f"{'增长' if value > 0 else '下降'}{amount(abs(value), '%')}"
    return f"{change_words(value)}{amount(abs(value), unit)}"


def changes_ranked_said(order: Sequence[Evidence], unit: str | None, *, rate: bool, fall: bool) -> str:
    """哪一项比上年涨得最多: the items by their change (or its rate), the one asked first, each with its source."""
    what = "增长率" if rate else "增减额"
    listed = "；".join(f"{e.who} {change_said(e.common, unit)}" for e in order)
    return (
        f"按比上年的{what}排序，{'降得' if fall else '涨得'}最多的是{order[0].who}"
        f"（{change_said(order[0].common, unit)}）。各项：{listed}。依据：{''.join(e.source for e in order)}"
    )


# What an answer says when it gives no figure, or asks which one is meant: every such sentence, by name
REFUSALS: dict[str, str] = {
    "no_document": "文档中没有{who}{year}年的预算或决算（已导入：{docs}）。",
    "no_final": "已导入的是预算，没有决算数（已导入：{docs}）。",
    "only_whole": "文档只列出{whose}的整体数字，没有单列“{part}”的预算或决算（已导入：{docs}）。",
    "unknown_name": "已导入的文档中没有“{name}”的预算或决算（已导入：{docs}）。",
    "no_region_total": (
        "已导入的是各部门的预算或决算，只列各部门自身的收支，没有“{region}”全辖区的数字（已导入：{docs}）。"
    ),
    "never_printed": "文档中没有提到“{name}”（已查：{docs}）。",
    "older_year": "（问题没有写年份；已导入的最新一年{latest}年的文档没有写到，以下据{year}年的文档。）",
    "no_year_says": "（问题没有写年份，按已导入的最新一年{latest}年查找，{others}的文档也没有写到。）",
    "shared_name": "已导入的文档中有{more}几个部门都叫“{words}”，",
    "figure_unsaid": "文档没有写明问题所问的数字。相关内容：{related}",
    "words_unsaid": "文档没有直接写到问题里的“{words}”。相关内容：{related}",
    "kind_unsaid": "文档没有写明是什么{noun}。相关内容：{related}",
    "no_average": "文档没有写明“{per}”的数字（只有合计数，不能代为平均）。",
    "only_in_projects": "文档中没有与问题完全对应的数字：问题里的“{words}”只出现在这些项目里，如指其中之一，",
    "nearest_row": "最接近的是{table}的“{row}”",
    "nearest_text": "最接近的是文字部分第{page}页写明的{amount}",
    "nearest_unsaid": "文档中没有找到与问题完全对应的数字：{where}，但它没有写到问题里的“{words}”，所以不给出数字。",
    "no_unit": "{table}没有印出金额单位（元还是万元），文档中的这个数字无法确定大小，因此不作回答。",
    "given_back": "问题里已给出{figure}；文档中没有写明所问的其他内容。",
    "not_itemised": "文档中没有逐一列出{what}（只印了合计数），因此不给出数字。",
    "gap_of_what": "问题问的是差额，但没能确定和什么相比；请写出两边（例如“决算和年初预算差了多少”）。",
    "party_unsaid": "问题问的是{what}，文档只印了金额，没有写明是谁，因此不给出数字。",
    "no_item_to_compare": "没能确定要比较哪一项；请写出科目或项目名称（例如“三公经费”）。",
    "count_unsaid": "文档中没有写明这个数目（已查：{docs}）。",
    "no_execution_figures": "文档中没有找到计算完成率所需的决算数和年初预算数。",
    "no_data": "文档中没有{who}的数据（已导入：{docs}）。",
    "item_not_found": "文档中没有找到{who}的“{item}”（已查：{docs}）。",
    "part_not_printed": "文档中有“{whole}”的数字，但没有单列其中“{part}”的数字。",
    "item_of_many": "已导入的多个部门都有“{item}”，",
    "no_figure_of": "文档中没有找到“{item}”的数字。",
    "zero_whole": "{whole}为 0，无法计算占比。",
    "part_exceeds_whole": (
        "没有找到{who}“{whole}”中的“{part}”：查到的{part}{part_amount}（{part_source}）大于"
        "{whole}{whole_amount}（{whole_source}），不是它的一部分，无法计算占比。"
    ),
    "no_change_to_rank": "文档中没有找到“{item}”比上年的{what}，因此不能排序。",
    "text_unsaid": "文档的文字部分没有写明{what}。",
    "zero_base": "{who}为 0，无法计算{what}。",
    "empty_question": "问题是空的：请输入一个关于预算文档的问题。",
    "which_item": "问题可能指以下几个项目，",
    "count_given_back": "问题里已给出这个数目；文档中没有写明所问的其他内容。",
    "which_of_named": "问题里提到了几个项目，请说明要哪一个的数字：",
    "no_item": "没能确定问题问的是哪一项；请写出表中的科目或项目名称（例如“公务接待费”“基本支出”）。",
    "text_silent": "文档的文字部分没有找到能回答这个问题的内容。",
    "reason_unsaid_related": "文档没有直接写明原因，相关内容：",
    "reason_unsaid": "文档的文字部分没有说明原因。",
    "reason_above": "原因见上面引用的原文。",
    "changes_not_listed": "问题要按各项的变化（增减额或增减幅度）排序；文档没有把各项的变化并列印出，因此不给出排序和数字。",
}


def refusal(which: str, /, **slots: object) -> str:
    """The sentence `which` of `REFUSALS`, its slots filled."""
    return REFUSALS[which].format(**slots)


# ---- figures quoted from the text ------------------------------------------------------------------------------
def quoted_figure_said(shown: str, lead: str, sentence: str, where: str) -> str:
    """6辆。据某局2025年部门预算：“…共有车辆6辆…”（第三部分，第9页）。"""
    return f"{shown}。{lead}“{sentence}”{where}。"


def quoted_after(lead: str, doc: str, sentence: str, where: str) -> str:
    """A figure and how it was reckoned, then the sentence it is read from."""
    return f"{lead}。据{doc}：“{sentence}”{where}。"


def goes_on_said(bridge: str, names: Sequence[str]) -> str:
    """The units a count's sentence goes on to list, by number."""
    rows = "；".join(f"{k}. {n.rstrip('。；;，,')}" for k, n in enumerate(names, 1))
    return f"文档接着写道：“{bridge}{rows}”。"


def units_counted_said(shown: str, what: str, how: str, reckoned: str) -> str:
    """6个（事业单位按类别相加：1 + 1 + 4 = 6）: a count of units and how it was reckoned."""
    if how == "stated":
        return shown
    if how == "added":
        return f"{shown}（{what}按类别相加：{reckoned}）"
    if how == "head":
        return f"{shown}（{reckoned}）"
    return f"{shown}（列出的{what}：{reckoned}）"


def text_states_said(year: int, shown: str, sentence: str) -> str:
    """文字部分写明2025年为N万元（“…”）；"""
    return f"文字部分写明{year}年为{shown}" + (f"（“{sentence}”）" if sentence else "") + "；"


def year_before_said(
    who: str, year: int, item: str, shown: str, printed: str, sentence: str, where: str, formula: str
) -> str:
    """Last year's figure reckoned from this year's (`printed`: how it is printed) and the change the text states."""
    return (
        f"{who}{year}年{item}为{shown}：表格只印了{year + 1}年的数字，{printed}文字部分写明了与{year}年相比的变化："
        f"“{sentence}”{where}，由此推算（{formula}）。"
    )


def execution_said(
    doc: str, item: str, figures: tuple[Evidence, Evidence], rate: Decimal, source: str, *, printed: bool
) -> str:
    """决算是年初预算的百分之几 (`figures`: the 决算 and the 年初预算), from a table's two columns (`printed`) or from
    the text's two figures."""
    final, budget = (amount(e.value, e.unit) for e in figures)
    if printed:
        return (
            f"{doc}：{item}决算数{final}，年初预算数{budget}，决算数是年初预算的{fmt_rate(rate)}%{source}。"
        )
    return f"{doc}：{item}决算{final}，年初预算{budget}，完成年初预算的{fmt_rate(rate)}%{source}。"


def measures_printed_compared(
    doc: str, item: str, figures: Sequence[tuple[str, Evidence]], diff: Decimal, formula: str, source: str
) -> str:
    """决算和年初预算差了多少, from two columns of the item's own row (`figures`: each measure and its figure)."""
    (first, a), (second, b) = figures
    change = _changed_by(diff, a.unit)
    return (
        f"{doc}：{item}{first}{amount(a.value, a.unit)}，{second}{amount(b.value, b.unit)}，"
        f"{first}比{second}{change}（{formula}；{source}）。"
    )


def measures_compared_said(
    doc: str,
    item: str,
    measures: Sequence[tuple[str, str]],
    diff: Decimal,
    unit: str | None,
    formula: str,
    quotes: Sequence[str],
    chunk: Chunk,
) -> str:
    """行政运行决算比年初预算少多少, from two figures only the text states (`measures`: each measure and its amount)."""
    (first, a), (second, b) = measures
    change = _changed_by(diff, unit)
    where = where_quoted(chunk) if chunk.page_start else ""
    quoted = "".join(f"“{q}”" for q in quotes)
    return f"{doc}：{item}{first}{a}，{second}{b}，{first}比{second}{change}（{formula}）。表格中没有这两个数字，引自文字部分：{quoted}{where}。"


def text_figure_said(head: str, lead: str, quoted: tuple[str, str, str]) -> str:
    """A figure only the text states: the figure, why it comes from the text (`lead`, "" for none), then the
    sentence (`quoted`: the document's name, the sentence, where it is printed)."""
    doc, sentence, where = quoted
    return f"{head}。{lead + '，' if lead else ''}此数字引自{doc}的文字部分：“{sentence}”{where}。"


def not_in_tables(item: str, what: str) -> str:
    """Why a figure is quoted from the text: the tables do not print it (`what`: change, share or figure)."""
    if what == "change":
        return f"表格中没有“{item}”上年的数字"
    if what == "share":
        return f"表格中没有“{item}”的占比"
    return f"表格中没有单列“{item}”这一数字"


def stated_change_said(who: str, value: Decimal, unit: str | None, rate: Decimal | None) -> str:
    """某局三公经费比上年减少5万元，下降3.2%: a change as the text states it, its rate beside it when asked."""
    if value == 0:
        return f"{who}与上年持平"
    head = f"{who}比上年{change_said(value, unit)}"
    if rate is not None:
        head += f"，{'增长' if rate > 0 else '下降'}{amount(abs(rate), '%')}"
    return head


def rate_reckoned_said(reckoned: str) -> str:
    return f"文字部分只写了增减金额，变化率由它和本年数推算（{reckoned}）。"


def reckoned_said(year: int, shown: str, formula: str) -> str:
    """由此推算2024年为N万元（…）。"""
    return f"由此推算{year}年为{shown}（{formula}）。"


def rate_stated_said(rate: str) -> str:
    return f"，文字部分写明{rate}%"


def rate_differs_said(stated: str, reckoned: Decimal) -> str:
    """The text's rate is not the one its own figures give (a slip in the text): said, not given."""
    return f"（文字部分写的{stated}%与这两个数算出的{fmt_rate(reckoned)}%不符）"


def against_executed_said(
    who: str,
    year: int,
    item: str,
    executed: str,
    diff: Decimal,
    unit: str | None,
    formula: str,
    rate: str,
    quoted: tuple[str, str, str],
) -> str:
    """This year's figure against last year's 执行数 the text states (`rate`: what the text says of the rate)."""
    doc, sentence, where = quoted
    change = _changed_by(diff, unit)
    return (
        f"{who}{year - 1}年{item}执行数为{executed}，{year}年比它{change}（{formula}）{rate}。"
        f"{year - 1}年的执行数引自{doc}的文字部分：“{sentence}”{where}。"
    )


# ---- shares, counts and changes reckoned from the tables -----------------------------------------------------------
FROM_PRINTED_CHANGE = "（由表中增减数推算上年）"


def printed_change_differs(printed: str) -> str:
    return f"；表中“增减”为 {printed}，与计算不一致"


def base_elsewhere_said(year: int | None, base_year: int | None, item: str, doc: str) -> str:
    """The asked document does not print last year's figure: it comes from another document, named."""
    return f"{year}年的文档没有印出{base_year}年的{item}，{base_year}年的数字取自{doc}。"


def that_is_said(shown: str) -> str:
    """，即N万元。: the figure again in the unit asked."""
    return f"，即{shown}。"


def share_said(
    who: str,
    part: tuple[str, str],
    whole: tuple[str, str],
    rate: Decimal,
    sources: str,
    *,
    whole_first: bool,
) -> str:
    """X占Y的百分之几 (`part`, `whole`: each name and amount); `whole_first` says the whole, then the part in it."""
    if whole_first:
        return f"{who}{whole[0]}{whole[1]}，其中{part[0]}{part[1]}，占{fmt_rate(rate)}%（{sources}）。"
    return f"{who}{part[0]}{part[1]}，占{whole[0]}{whole[1]}的{fmt_rate(rate)}%（{sources}）。"


def share_checked_said(reckoned: Decimal, formula: str, stated: Decimal, against: str | None) -> str:
    """A share the text states, checked against the tables' figures: `against` None when they agree (to half a
    point), "table" when the text's share is the answer, else the text's sentence (the table's share answers)."""
    if against is None:
        agrees = "，与文字部分一致。" if reckoned == stated else "，与文字部分相差不到0.5个百分点。"
        return f"按表中数字计算为{fmt_rate(reckoned)}%（{formula}）{agrees}"
    if against == "table":
        return f"按表中数字计算则为{fmt_rate(reckoned)}%（{formula}），与文字部分不同，文字部分可能以另一总数为分母。"
    return (
        f"文字部分另写为{fmt_rate(stated)}%（“{against}”），与表中数字算出的比例不同，可能以另一总数为分母。"
    )


def only_basic_part_said(part: str, table: str) -> str:
    return f"表格只列出其基本支出部分{part}（{table}），全部数字"


def count_money_said(shown: str, source: str) -> str:
    """A count and the money it involves: from the count's own sentence (`source` "") or another answer's."""
    if not source:
        return f"其中写明的金额为{shown}（同一句）。"
    return f"涉及金额：{shown}（{source}）"


def departments_compared_said(
    item: str, listed: Sequence[tuple[str, str]], most: str | None, least: str | None, gap: str
) -> str:
    """Each department's figure of one item, and which is largest by how much."""
    shown = "；".join(f"{doc}{item}{value}" for doc, value in listed)
    return f"{shown}。{most}最多，比{least}多{gap}。"


DESCRIBED = 8  # documents named in a not-found sentence; a city's store says how many more


def described(docs: Sequence[Document]) -> str:
    """`上海市普陀区财政局2024年部门决算、…`: the documents searched, for an honest not-found sentence; of a city's or
    province's store a sample of them, and how many."""
    names = sorted({doc_name(doc) for doc in docs})
    if len(names) > DESCRIBED:
        return "、".join(names[:DESCRIBED]) + f"等{len(names)}份文档"
    return "、".join(names)


def located(chunk: Chunk) -> str:
    """`第五部分 …，第5页`: a passage's section and page, as far as they are known."""
    page = f"第{chunk.page_start}页" if chunk.page_start else ""
    return "，".join(x for x in (chunk.section or "", page) if x)


def according_to(doc: str, lead: str) -> str:
    """据某局2025年部门预算，…: what the text says, named by its document."""
    return f"据{doc}，{lead}"


def units_total_said(count: Decimal, reckoned: str) -> str:
    """共6个（1 + 1 + 4 = 6）。: how many units, and how they were counted."""
    return f"共{fmt(count)}个{f'（{reckoned}）' if reckoned else ''}。"


ASSUMED = "按上文理解为："  # a follow-up's answer opens with what it took from the turns before


def assumed(understood: str) -> str:
    """按上文理解为：某局2024年三公经费是多少: how a follow-up was read."""
    return f"{ASSUMED}{understood}"


def with_assumption(assumed: str, answer: str) -> str:
    """The answer to a follow-up, opened by what it assumed."""
    return f"（{assumed}）{answer}"


def measure_said(who: str, measure: str, shown: str, *, joined: str = "为") -> str:
    """某局2024年三公经费执行数为N万元 / 某局2024年X占比12.5%."""
    return f"{who}{measure}{joined}{shown}"


def text_source(sentence: str, chunk: Chunk) -> str:
    """文字部分：“…”，第5页: where a figure the text states is printed."""
    page = f"，第{chunk.page_start}页" if chunk.page_start else ""
    return f"文字部分：“{sentence}”{page}"


def how_many_said(count: int) -> str:
    """等12个: more than are listed."""
    return f"等{count}个"


def ranked_among(department: str | None, year: int | None, what: str) -> str:
    """某局2025年项目支出: what a ranking ranks."""
    return f"{department or ''}{year or ''}年{what}"


def left_out_said(left_out: Sequence[str]) -> str:
    return f"（不含{'、'.join(left_out)}）"


# the lead of a figure only the text states, `{doc}` its document's name
TEXT_ONLY_LEAD = "表格中没有这一项，此数字引自{doc}的文字部分："


def from_text_said(formula: str, sentence: str, where: str) -> str:
    """（formula）。引自文字部分：“…”（…）: a figure reckoned from figures the text states."""
    return f"（{formula}）。引自文字部分：“{sentence}”{where}"


def citations(cells: Iterable[Cell]) -> tuple[Citation, ...]:
    seen: set[tuple[str, int | None]] = set()
    out = []
    for cell in cells:
        key = (cell.doc.doc_id, cell.fact.fact_id if cell.fact.fact_id is not None else id(cell))
        if key not in seen:
            seen.add(key)
            out.append(cite_fact(cell.fact, cell.doc))
    return tuple(out)


def choices_sentence(what: str, choices: Sequence[str]) -> str:
    listed = "；".join(f"{i + 1}. {c}" for i, c in enumerate(choices))
    return f"{what}请指明是哪一个：{listed}。"


def answered(
    base: Answer,
    text: str,
    value: Decimal | None,
    unit: str | None,
    formula: str | None,
    cells: Sequence[Cell],
    *,
    kind: str,
) -> Answer:
    """An answered Answer whose figures, citations and facts all come from `cells`."""
    return replace(
        base,
        status="answered",
        answer=text,
        value=value,
        unit=unit,
        formula=formula,
        citations=citations(cells),
        facts=tuple(c.fact for c in cells),
        kind=kind,
    )


def ocr_caveat(answer: Answer) -> Answer:
    """An answer that states a figure OCR read with low confidence says so and names it, so nobody takes
    a possibly misread scan for a printed certainty."""
    flagged = [f for f in answer.facts if f.ocr_flagged]
    if answer.status != "answered" or not flagged:
        return answer
    listed = "；".join(
        f"第{f.page}页 {f.row_name} {f.column} {f.text}（置信度 {f.ocr_confidence:.2f}）" for f in flagged
    )
    return replace(
        answer, answer=f"{answer.answer}注意：{listed} 由扫描件经OCR识别，置信度较低，请核对原件。"
    )


_STATED = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元|%|％|个|辆|人|名|家|项|台|平方米)")
_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def says_figure(text: str, value: Decimal, unit: str | None) -> bool:
    """Whether `text` already prints this figure (or its size, for a change), in any money unit."""
    unit = "%" if unit == "％" else unit
    for m in _STATED.finditer(text):
        printed, printed_unit = abs(Decimal(m.group(1).replace(",", ""))), m.group(2).replace("％", "%")
        if unit in _SCALE and printed_unit in _SCALE:
            if printed * _SCALE[printed_unit] == abs(value) * _SCALE[unit]:
                return True
        elif printed_unit == (unit or printed_unit) and printed == abs(value):
            return True
    return False


def with_parts(whole: Answer, answers: Sequence[Answer], alone: Sequence[Answer] = ()) -> Answer:
    """A question that asks several things (总共多少？其中工程类多少？ / 几个项目，涉及多少钱？): the answer to the
    whole, then each part's own answer whose figure it does not already say; `parts` lists every figure
    given, in the order asked. Each part was answered (and held to the coverage rule) on its own. When the whole
    finds nothing, only a part in `alone` (one naming its own year, assuming nothing) may answer: another part
    read alone has lost what the rest of the question said (its year, its item). When the whole asked which of
    several things was meant (买服务的部分有多少？货物呢？), the parts, asked one by one, are each clear."""
    answered_ = [a for a in answers if a.status == "answered"]
    first = answers[0] if answers else None
    if (
        whole.status == "answered"
        and first is not None
        and first.status == "answered"
        and first.value is not None
        and not _gives(first, whole.value, whole.unit)
        and (
            any(_gives(a, whole.value, whole.unit) for a in answers[1:])
            or (len(answers) == 1 and says_figure(whole.answer, first.value, first.unit))
        )
    ):
        # 政府采购总额多少？其中服务多少？ / 年初预算是多少？为啥没花完？ answered as a whole by a later figure (the
        # part, the change): the figure asked first leads, said first, and the whole's own sentences follow
        whole = _led_by(whole, first)
        answered_ = [a for a in answered_ if a is not first]
    if whole.status != "answered":
        first = next((a for a in alone if a.status == "answered"), None)
        if first is None:
            return whole
        # a part after the first one that answers alone may build on it (人员经费合计多少？公用经费呢？)
        at = next((i for i, a in enumerate(answers) if a is first), len(answers))
        may = {id(a) for a in (*alone, *answers[at + 1 :])}
        rest = answered_ if whole.status == "clarify" else [a for a in answered_ if id(a) in may]
        whole, answered_ = first, [a for a in rest if a is not first]
    parts = list(whole.parts) or ([(whole.value, whole.unit)] if whole.value is not None else [])
    text, extra = whole.answer, []
    for a in answered_:
        figures = list(a.parts) or ([(a.value, a.unit)] if a.value is not None else [])
        new = [f for f in figures if not any(v == f[0] and u == f[1] for v, u in parts)]
        if a.value is None or not new:
            continue
        parts.extend(new)
        if not all(says_figure(text, v, u) for v, u in new):
            # a sentence the answer already says (the item's own figure, said again by the next part) once
            said = re.findall(r"（按上文理解为：[^）]*）|[^。]*。|[^。]+$", a.answer)
            text += "".join(s for s in said if s not in text)
            extra.append(a)
    if not parts or (len(parts) < 2 and not extra and whole.value is not None):
        return (
            whole  # a part the whole already gives as its figure adds nothing (one without a figure, its own)
        )
    citations = whole.citations + tuple(c for a in extra for c in a.citations if c not in whole.citations)
    facts = whole.facts + tuple(f for a in extra for f in a.facts if f not in whole.facts)
    return replace(whole, answer=text, citations=citations, facts=facts, parts=tuple(parts))


def _led_by(whole: Answer, first: Answer) -> Answer:
    """The whole answer with the first clause's figure as its value and first part, and that clause's own sentence
    before the whole's unless the whole's first sentence already states it."""
    assert first.value is not None
    given = list(whole.parts) or ([(whole.value, whole.unit)] if whole.value is not None else [])
    lead = list(first.parts) or [
        (first.value, first.unit)
    ]  # 占多少: the share and the amount, as it gave them
    said_first = says_figure(whole.answer.split("。")[0], first.value, first.unit)
    own = re.sub(r"^（按上文理解为：[^）]*）", "", first.answer)
    return replace(
        whole,
        answer=whole.answer if said_first else own + whole.answer,
        value=first.value,
        unit=first.unit,
        parts=(*lead, *(f for f in given if f not in lead)),
        formula=first.formula or whole.formula,  # a reckoned part's formula stays shown
        citations=whole.citations if said_first else (*first.citations, *whole.citations),
        facts=whole.facts if said_first else (*first.facts, *whole.facts),
    )


def _gives(answer: Answer, value: Decimal | None, unit: str | None) -> bool:
    """The answer states this figure (as its value or one of its parts)."""
    if answer.status != "answered" or value is None:
        return False
    figures: list[tuple[Decimal | None, str | None]] = [*answer.parts] or [(answer.value, answer.unit)]
    return any(v == value and (u or None) == (unit or None) for v, u in figures)


_PART_OF = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)(亿元|万元|元)，占")


def share_or_amount(answer: Answer, question: str) -> Answer:
    """其中工程类占多少？ may ask the amount or the share: a share answer that prints the part's amount
    (工程采购815.87万元，占政府采购1,662.44万元的49.08%) gives both as its parts."""
    if answer.status != "answered" or answer.unit != "%" or answer.value is None or answer.parts:
        return answer
    if not SHARE_OR_AMOUNT.search(question.strip()):
        return answer
    part = _PART_OF.search(answer.answer)
    if part is None:
        return answer
    amount = (Decimal(part.group(1).replace(",", "")), part.group(2))
    return replace(answer, parts=((answer.value, "%"), amount))
