"""Question understanding, part 1: years, document kind, operations and units, by pure regexes.

What the question asks *about* (department, line item) needs the store's vocabulary and lives in
`budgetqa.qa.matching`; this module only reads the words every budget question shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetqa.qa.counts import asked_unit
from budgetqa.qa.text import fold

RELATIVE_YEARS: tuple[tuple[str, int], ...] = (
    ("前年", -2),
    ("上一年", -1),
    ("上年度", -1),
    ("上年", -1),
    ("去年", -1),
    ("前一年", -1),
    ("今年", 0),
    ("本年度", 0),
    ("本年", 0),
    ("当年", 0),
    ("明年", 1),
    ("下一年", 1),
)
_YEAR = r"(?:(?:19|20)\d{2}|\d{2}(?=年))\s*年?(?:度)?"
_REL = "|".join(w for w, _ in RELATIVE_YEARS)
# "比上年" / "较2022年" / "与去年相比" / "同比": the comparison base, not the year asked about
_BASE = re.compile(rf"(?:比|较|相比|相较|对比|与|和|同)\s*({_YEAR}|{_REL})")
_EXPLICIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2}(?=年))(?!\d)")

_NARRATIVE = re.compile(
    r"为什么|为何|什么原因|原因|主要用于|用于|用在|用途|职责|职能|干什么|做什么|负责什么|负责哪些|机构设置|内设|"
    r"下设|是什么意思|什么意思|含义|指什么|是指|解释|主要工作|工作目标|任务是|怎么花|花在哪|说明了什么|依据|"
    r"哪些|包括|包含|下属|所属|加挂|牌子|范围|为啥|咋|怎么会|啥意思|指的是|指的什么|什么叫|定义|口径"
)
_WHY = re.compile(r"为什么|为何|为啥|咋|怎么会|什么原因|原因")
_DELTA = re.compile(
    r"(?:比(?![例重率较])|较|相比|同比|对比|相较).{0,16}?(?:增加|减少|增长|下降|减|增|多|少|变化|变动|差|高|低|升|降)|"
    r"增减|变化了?多少|变动了?多少|差额|差多少|多了多少|少了多少|增加了?多少|减少了?多少|减了多少|增了多少|压减了?多少"
)
_RATE = re.compile(
    r"百分之几|百分之多少|百分比|增长率|增幅|降幅|减幅|增速|幅度|%|百分点|增长了?多少%|下降了?多少%|几成|变化率"
)
_SHARE = re.compile(
    r"占.{0,20}?(?:比例|比重|百分|多少|几成|%|份额)|占比|比重|完成.{0,12}?(?:百分之几|百分比|多少|%|几成)|完成率|执行率|"
    r"决算.{0,6}(?:是|为|相当于).{0,8}预算.{0,3}的(?:百分之几|百分之多少|百分比|多少|几成|%)"
)
_SUM = re.compile(r"加起来|合起来|一共|总共|之和|总和|加总|合计多少|共计")
_COMPARE = re.compile(
    r"哪个(?:多|少|高|低|大|小|更)|谁(?:多|少|高|低|更)|哪一年(?:多|少|高|低)|比较|对比|差距"
)
_RANK_MAX = re.compile(r"最(?:多|高|大)|排名第一|第一名|前[一二三四五六七八九十\d]+(?:名|位|项|个)?")
_RANK_MIN = re.compile(r"最(?:少|低|小)")
_INDICATOR = re.compile(r"绩效指标|指标值|目标值|绩效目标|指标")
_DECREASE = re.compile(r"减少|下降|少|降|压减|减")
_INCREASE = re.compile(r"增加|增长|多|升|增")


@dataclass(frozen=True)
class Parsed:
    """The shared words of one question (folded)."""

    text: str
    years: tuple[int, ...] = ()  # explicit target years, in order
    relative: tuple[int, ...] = ()  # target years relative to the document's (今年 0, 去年 -1)
    base_years: tuple[int, ...] = ()  # explicit comparison base (比2022年)
    base_relative: tuple[int, ...] = ()  # relative comparison base (比上年 → -1)
    doc_kind: str | None = None  # 预算 / 决算 when the question says so
    ops: frozenset[str] = field(default_factory=frozenset)
    why: bool = False
    rank: str | None = None  # "max" | "min"
    rank_n: int = 1
    unit: str | None = None  # 元 / 万元 when the question asks for one
    codes: tuple[str, ...] = ()
    share_at: int = -1  # position of 占 in `text`, to split part from whole
    count_unit: str | None = None  # 辆 / 人 / 个 … when the question asks how many (not how much money)


def _year(token: str) -> int:
    digits = re.sub(r"\D", "", token)
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _relative(token: str) -> int | None:
    for word, offset in RELATIVE_YEARS:
        if token.startswith(word):
            return offset
    return None


def _years(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """Split years into the ones asked about and the comparison base."""
    years: list[int] = []
    relative: list[int] = []
    base: list[int] = []
    base_rel: list[int] = []
    spans: list[tuple[int, int]] = []
    for m in _BASE.finditer(text):
        token = m.group(1)
        spans.append(m.span(1))
        rel = _relative(token)
        if rel is not None:
            base_rel.append(rel)
        else:
            base.append(_year(token))
    if "同比" in text and not base and not base_rel:
        base_rel.append(-1)

    def outside(pos: int) -> bool:
        return not any(s <= pos < e for s, e in spans)

    for m in _EXPLICIT_YEAR.finditer(text):
        value = _year(m.group(1))
        if outside(m.start()) and (len(m.group(1)) == 4 or 10 <= value - 2000 <= 60):
            years.append(value)
    pos = 0
    while pos < len(text):
        for word, offset in RELATIVE_YEARS:
            if text.startswith(word, pos):
                # 上年结转 is a source of money, not a year
                if outside(pos) and not text.startswith(word + "结", pos):
                    relative.append(offset)
                pos += len(word) - 1
                break
        pos += 1
    return years, relative, base, base_rel


def _ops(text: str) -> tuple[set[str], bool]:
    ops: set[str] = set()
    why = bool(_WHY.search(text))
    if _SHARE.search(text):
        ops.add("share")
    elif _RATE.search(text):
        ops.add("rate")
    if _DELTA.search(text) and "share" not in ops:
        ops.add("delta")
    if _SUM.search(text):
        ops.add("sum")
    if _COMPARE.search(text):
        ops.add("compare")
    if _RANK_MAX.search(text) or _RANK_MIN.search(text):
        ops.add("rank")
    if _NARRATIVE.search(text):
        ops.add("narrative")
    if _INDICATOR.search(text):
        ops.add("indicator")
    return ops, why


def _unit(text: str) -> str | None:
    if re.search(r"万元|几万|多少万", text):
        return "万元"
    if re.search(r"多少元|几元|(?<!万)元(?:钱)?[?？]?$|单位为?元(?!万)", text):
        return "元"
    return None


def _rank_n(text: str) -> int:
    m = re.search(r"前([一二三四五六七八九十]|\d+)", text)
    if not m:
        return 1
    token = m.group(1)
    return int(token) if token.isdigit() else "一二三四五六七八九十".index(token) + 1


def _share_at(text: str) -> int:
    """Where the part ends and the whole begins: 占 (基本支出占支出合计), else 完成 (完成年初预算的…)."""
    at = text.find("占")
    if at < 0:
        at = text.find("完成")
    if at < 0:  # 决算数是年初预算的百分之几: the whole follows 是
        m = re.search(r"(?:是|为|相当于)(?=.{0,8}预算.{0,3}的)", text)
        at = m.start() if m else -1
    return at


def parse(question: str) -> Parsed:
    """Read years, kind, operations and unit from a question. Pure; table-tested."""
    text = fold(question)
    years, relative, base, base_rel = _years(text)
    ops, why = _ops(text)
    kind = "决算" if re.search(r"决算|实际支出|实际花|执行数", text) else ("预算" if "预算" in text else None)
    if len(set(years)) >= 2 and "delta" not in ops and "rate" not in ops and re.search(r"变化|增减|差", text):
        ops.add("delta")
    rank = None
    if "rank" in ops:
        rank = "min" if _RANK_MIN.search(text) and not _RANK_MAX.search(text) else "max"
    codes = tuple(
        m.group(1)
        for m in re.finditer(r"(?<!\d)(\d{3}|\d{5}|\d{7})(?!\d)", text)
        if not text[m.end() :].startswith(("万", "元"))
    )
    return Parsed(
        text=text,
        years=tuple(dict.fromkeys(years)),
        relative=tuple(dict.fromkeys(relative)),
        base_years=tuple(base),
        base_relative=tuple(base_rel),
        doc_kind=kind,
        ops=frozenset(ops),
        why=why,
        rank=rank,
        rank_n=_rank_n(text) if rank else 1,
        unit=_unit(text),
        codes=codes,
        share_at=_share_at(text) if "share" in ops else -1,
        count_unit=None if {"rank", "compare", "share"} & ops else asked_unit(text),
    )


def direction(text: str) -> str | None:
    """Whether the question expects a decrease or an increase (for wording only; the sign decides)."""
    if _DECREASE.search(text):
        return "decrease"
    if _INCREASE.search(text):
        return "increase"
    return None
