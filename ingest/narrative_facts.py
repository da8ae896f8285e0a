"""Figures the narrative prints, as facts of text origin: amounts (机关运行经费预算支出5619.31万元), changes
(比上年增加30万元 / 增长0.5%) and counts (编制70名, 车辆12辆, 内设机构8个, 接待120人次).

Each fact names its subject (the words printed before the figure in its clause, or, for a clause that names
none, such as 比上年增加…, the subject of the figure before it in the same sentence), the measure, the
sentence (the citation), the section and the page. Nothing is computed: the value is the printed figure.
The patterns are the genre's (any province, any template), shared with question-time reading
(`budgetqa.store.phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetqa.store import TEXT_ORIGIN, Chunk, Fact
from budgetqa.store.labels import fold
from budgetqa.store.phrases import CHANGE, DOWN_WORDS, NUMBER, UNIT_PAREN, parse_decimal, split_sentences

__all__ = ["TEXT_ORIGIN", "TextFigure", "narrative_facts", "subject_of"]

AMOUNT, CHANGE_AMOUNT, CHANGE_RATE, COUNT = "金额", "增减额", "增减率", "数量"

# the counting units of the genre, longest first (人次 before 人)
_COUNT_UNITS = tuple("人次 辆 台 套 名 人 个 项 家 处 件 次 场 所 户 批".split())
_FIGURE = re.compile(
    NUMBER + r"(亿元|万元|千元|元|%|％|" + "|".join(_COUNT_UNITS) + r")(?![\u4e00-\u9fff]{0,1}年)"
)
_NOT_A_COUNT_AFTER = re.compile(r"^(?:百分点|月|季度|工作日|小时|倍)")
_THRESHOLD_AFTER = re.compile(r"^(?:及?以上|及?以下|以内|左右)")  # 单价50万元以上: a bound, not an amount
# clause marks; the brackets of a level mark (一般公共服务（类）支出) are part of the name
_COUNTED_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z][^，,；;。：:（）()、\d≥≤<>]{1,11}")
_CLAUSE_MARK = re.compile(r"[，,；;。：:、]|[（(](?![类款项][)）])|(?<![（(][类款项])[)）]")
_COMPARISON = re.compile(
    r"(?:比|较|与|同|对比)(?:上年|上一年|去年|前一年|上年度|(?:19|20)\d{2}年度?)(?:年初)?(?:预算|决算|执行数)?数?(?:相比|比较)?"
)
_LEAD = re.compile(
    r"^(?:其中|另外|此外|包括|主要包括|主要是|主要用于|用于|具体包括|截至(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?(?:底|末)?|"
    r"共有|现有|拥有|共|合计|总计|全年|本年度?|今年|当年|(?:19|20)\d{2}年度?|本部门|本单位|的)+"
)
_TRAIL = re.compile(
    r"(?:(?:19|20)\d{2}年度?(?:年初|调整)?(?:预算|决算)?数?|为|是|达到?|共计?|合计|总计为?|计|约|总额为?|金额为?|安排|现?有|了|[≥≤<>＜＞])+$"
)
# words that only say which measure a figure is: a clause printing nothing else names no subject of its own
_MEASURE_ONLY = re.compile(
    r"^(?:年初|调整|全年)?(?:预算|决算|执行)?(?:数|支出|收入)?(?:决算|预算)?(?:数|为)?$|^(?:支出|收入)(?:决算|预算)数?$"
)
_MEASURE = re.compile(r"年初预算|调整预算|支出决算|决算|预算")


@dataclass(frozen=True)
class _Figure:
    subject: str
    own_subject: bool  # the subject is printed in the figure's own clause
    measure: str
    value_text: str
    unit: str
    kind: str
    start: int
    clause: str


def subject_of(clause: str) -> str:
    """The thing a clause names before its figure: time words, comparisons and verbs stripped.

    `2024年机关运行经费预算支出` → `机关运行经费预算支出`; `比上年` → ``; `公务接待费比上年` → `公务接待费`."""
    text = _COMPARISON.split(clause)[0]
    text = re.sub(r"^(?:[一二三四五六七八九十\d]+[.、．]|[（(][一二三四五六七八九十\d]+[)）])", "", text)
    text = _LEAD.sub("", text)
    text = _TRAIL.sub("", text)
    return text.strip()


def _clause_start(sentence: str, at: int) -> int:
    return max((m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, at)), default=0)


def _kind(sentence: str, m: re.Match[str]) -> str | None:
    unit = m.group(2)
    verb = CHANGE.match(sentence, max(0, m.start() - 4)) or CHANGE.match(sentence, max(0, m.start() - 3))
    verb = verb or CHANGE.match(sentence, max(0, m.start() - 2))
    if verb and verb.start(2) == m.start(1):
        return CHANGE_RATE if unit in ("%", "％") else CHANGE_AMOUNT
    if unit in ("%", "％"):
        return None  # a share (占…%) or a rate without a change word: not a figure of the item itself
    if _THRESHOLD_AFTER.match(sentence[m.end() :]):
        return None
    if unit in _COUNT_UNITS:
        if _NOT_A_COUNT_AFTER.match(sentence[m.end() :]) or "." in m.group(1):
            return None
        return COUNT
    return AMOUNT


def _figures(sentence: str) -> list[_Figure]:
    out: list[_Figure] = []
    for m in _FIGURE.finditer(sentence):
        if m.start() and (sentence[m.start() - 1].isdigit() or sentence[m.start() - 1] in ".-"):
            continue
        kind = _kind(sentence, m)
        if kind is None:
            continue
        start = _clause_start(sentence, m.start())
        clause = sentence[start : m.start()]
        if kind in (CHANGE_AMOUNT, CHANGE_RATE):
            clause = CHANGE.sub("", clause + m.group(0))  # the verb is not the subject
            clause = re.sub(r"(增加|增长|上升|提高|减少|下降|降低|压减|减)了?$", "", clause)
        measure = next(iter(_MEASURE.findall(clause)[-1:]), "")
        subject = subject_of(clause)
        own = bool(subject) and not _MEASURE_ONLY.match(subject)
        if kind == COUNT:  # 4个专门委员会 / 现有5辆车辆: what is counted is printed after the figure
            paren = UNIT_PAREN.match(sentence, m.end())
            after = _COUNTED_AFTER.match(sentence, paren.end() if paren else m.end())
            subject, own = (after.group(0), True) if after else (subject, own)
        if not own:
            previous = out[-1] if out else None
            if previous is None:
                continue  # no subject printed in the sentence before it: what it counts is unknown
            subject = previous.subject
            measure = measure or previous.measure
        unit = m.group(2).replace("％", "%")
        paren = UNIT_PAREN.match(sentence, m.end()) if kind == COUNT else None
        printed = m.group(0).strip() + (paren.group(0) if paren else "")
        out.append(
            _Figure(subject, own, measure, printed, unit, kind, m.start(), sentence[start : m.start()])
        )
    return out


def _signed(figure: _Figure, sentence: str) -> str:
    """The value as a signed number: a decrease (减少/下降…) is negative."""
    number = re.match(r"-?\d[\d,]*(?:\.\d+)?", figure.value_text)
    assert number is not None
    before = sentence[max(0, figure.start - 4) : figure.start]
    down = any(before.rstrip("了").endswith(w) for w in DOWN_WORDS)
    return ("-" if down and not number.group(0).startswith("-") else "") + number.group(0)


def _page_of(sentence: str, chunk: Chunk, pages: Sequence[str]) -> int | None:
    """The physical page that prints the sentence's start, within the chunk's span."""
    if chunk.page_start is None:
        return None
    head = re.sub(r"\s+", "", sentence)[:16]
    for page in range(chunk.page_start, (chunk.page_end or chunk.page_start) + 1):
        if 0 < page <= len(pages) and head and head in re.sub(r"\s+", "", pages[page - 1]):
            return page
    return chunk.page_start


@dataclass(frozen=True)
class TextFigure:
    """A text-origin fact, and whether its subject is printed in the figure's own clause (only such figures
    are compared with the tables: an inherited subject may be the wrong one)."""

    fact: Fact
    own_subject: bool
    clause: str = ""  # the words of the figure's clause before it (folded): its period and measure


def narrative_facts(doc_id: str, chunks: Sequence[Chunk], pages: Sequence[str] = ()) -> list[TextFigure]:
    """Every amount, change and count the narrative chunks print, as text-origin facts."""
    facts: list[TextFigure] = []
    seen: set[tuple[str, str, str, str]] = set()
    for chunk in chunks:
        if chunk.kind != "narrative":
            continue
        for raw in split_sentences(chunk.text):
            sentence = fold(raw)
            quoted = re.sub(r"\s+", "", raw)
            for figure in _figures(sentence):
                key = (figure.subject, figure.kind, figure.value_text, quoted)
                if key in seen:
                    continue
                seen.add(key)
                value = parse_decimal(_signed(figure, sentence))
                column = f"{figure.kind}/{figure.measure}" if figure.measure else figure.kind
                fact = Fact(
                    doc_id=doc_id,
                    table_no=None,
                    table_title="",
                    row_name=figure.subject,
                    column=column,
                    value=value,
                    text=figure.value_text,
                    unit=figure.unit,
                    page=_page_of(raw, chunk, pages),
                    section=chunk.section,
                    row_index=len(facts),
                    origin=TEXT_ORIGIN,
                    sentence=quoted,
                )
                facts.append(TextFigure(fact, figure.own_subject, figure.clause))
    return facts
