"""How budget narratives print a figure, shared by ingest (which stores them as text facts) and qa (which reads
them at question time): amounts (5619.31万元), changes (比上年增加30万元 / 下降1.87%), counts (编制70名) and the
sentences they sit in.

Pure patterns and small functions; no model, no store access.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budgetqa.store.labels import fold

NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)\s*"
MONEY_UNIT = r"(亿元|万元|千元|元)"
# 增加30万元 / 减少2,389.52万元 / 下降1.87% / 增长 10.6 %
CHANGE = re.compile(
    r"(增加|增长|上升|提高|减少|下降|降低|压减|减)了?\s*" + NUMBER + r"(亿元|万元|千元|元|%|％)"
)
# 与上年预算数一致 / 与上年相同: the same as last year, a change of 0
# (决算数与预算数基本持平 compares other things: the year must be named before the word)
FLAT = re.compile(
    r"(?:上年|去年|上一年|前一年|(?:19|20)\d{2}年|同期)[^，,。；;]{0,10}?"
    r"(?:持平|没有变化|无变化|保持不变|一致|相同|相等)"
)
DOWN_WORDS = ("减少", "下降", "降低", "压减", "减")
_BARE_WAN_CHANGE = re.compile(
    r"(增加|增长|上升|提高|减少|下降|降低|压减|减)了?\s*" + NUMBER + r"(万)(?![元\d])"
)
OWN_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|千元|元)")
_SENTENCE = re.compile(r"(?<=[。！？；!?;])|\n+")

# a counting unit asked for → the units a document may print it in
UNIT_FAMILY: dict[str, tuple[str, ...]] = {
    "辆": ("辆",),
    "台": ("台", "套"),
    "套": ("套", "台"),
    "个": ("个", "项"),
    "项": ("项", "个"),
    "人": ("人", "名"),
    "名": ("名", "人"),
    "位": ("位", "人", "名"),
    "期": ("期",),
    "次": ("次",),
    "家": ("家", "个"),
    "处": ("处", "个"),
    "场": ("场", "次"),
    "分": ("分",),
    "件": ("件", "部", "项"),
    "条": ("条",),
    "篇": ("篇",),
    "所": ("所",),
    "座": ("座",),
    "万元": ("万元", "亿元", "元"),
    "平方米": ("平方米", "平米", "㎡"),
    "平米": ("平方米", "平米", "㎡"),
}
# 2台（套）: a unit printed with its alternative in brackets
UNIT_PAREN = re.compile(r"[(（][台套个件辆名人项]{1,2}[)）]")


def parse_decimal(text: str) -> Decimal | None:
    """`2,389.52` → Decimal('2389.52'); None when it is no number."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def split_sentences(text: str) -> list[str]:
    """A passage's sentences (and clauses ended by ；), without the very short pieces."""
    return [s.strip() for s in _SENTENCE.split(text) if s and len(s.strip()) > 3]


def change_in(sentence: str, start: int = 0) -> tuple[Decimal, str, Decimal | None] | None:
    """(signed money change, unit, signed rate) stated in a (folded) sentence from `start` on;
    持平 is a change of 0."""
    money: tuple[Decimal, str] | None = None
    rate: Decimal | None = None
    folded = fold(sentence)
    # 增加209万用于…: 万 without 元 is still 万元, in the order the sentence states its changes
    found = sorted(
        [*CHANGE.finditer(folded, start), *_BARE_WAN_CHANGE.finditer(folded, start)], key=lambda m: m.start()
    )
    for m in found:
        value = parse_decimal(m.group(2))
        if value is None:
            continue
        if m.group(1) in DOWN_WORDS:
            value = -value
        unit = "万元" if m.group(3) == "万" else m.group(3)
        if unit in ("%", "％"):
            rate = value if rate is None else rate
        elif money is None:
            money = (value, unit)
    if money is None and rate is None:
        if FLAT.search(fold(sentence), start):
            return Decimal(0), "", Decimal(0)
        return None
    if money is None:
        assert rate is not None
        return rate, "%", rate
    return money[0], money[1], rate


__all__ = [
    "CHANGE",
    "DOWN_WORDS",
    "FLAT",
    "MONEY_UNIT",
    "NUMBER",
    "OWN_AMOUNT",
    "UNIT_FAMILY",
    "UNIT_PAREN",
    "change_in",
    "parse_decimal",
    "split_sentences",
]
