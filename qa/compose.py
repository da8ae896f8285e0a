"""Chinese answer sentences and citations built from figures; no arithmetic decisions here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from budgetqa.qa.answer import Answer, Citation, cite_fact
from budgetqa.qa.calc import fmt_plain, fmt_rate
from budgetqa.qa.index import Cell
from budgetqa.qa.lookup import Figure
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


def subject(fig: Figure, measure: str | None) -> str:
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


def figure_sentence(fig: Figure, measure: str | None) -> str:
    doc = fig.cell.doc
    text = f"{doc.department or doc.source}{subject(fig, measure)}为{amount(fig.value, fig.unit)}（{where(fig.cell)}）。"
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
    now: Figure, before: Figure, diff: Decimal, rate: Decimal | None, *, printed: Cell | None
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


# 占多少 without 比例/百分/几成: the part's amount or its share may be meant
_SHARE_OR_AMOUNT = re.compile(r"占(?:了|到)?多少(?!比例|比重|百分|个百分)(?:钱|万元|元)?[？?。]?$")
_PART_OF = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)(亿元|万元|元)，占")


def share_or_amount(answer: Answer, question: str) -> Answer:
    """其中工程类占多少？ may ask the amount or the share: a share answer that prints the part's amount
    (工程采购815.87万元，占政府采购1,662.44万元的49.08%) gives both as its parts."""
    if answer.status != "answered" or answer.unit != "%" or answer.value is None or answer.parts:
        return answer
    if not _SHARE_OR_AMOUNT.search(question.strip()):
        return answer
    part = _PART_OF.search(answer.answer)
    if part is None:
        return answer
    amount = (Decimal(part.group(1).replace(",", "")), part.group(2))
    return replace(answer, parts=((answer.value, "%"), amount))
