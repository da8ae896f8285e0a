"""How many units a department's budget covers, when the text lists them rather than counting them.

Every 部门预算 says which units it consolidates, in one of two ways: by kind (本部门中，行政单位1家，参公单位1家，
事业单位4家) or by name (纳入本部门部门汇总预算编制范围的预算单位包括：A、B、C、D). A question asking how many units
(几家单位 / 汇总了几个预算单位 / 有几家直属单位) is answered by adding the kinds, or by counting the names the
sentence lists; the answer shows the addition or the names, and quotes the sentence. Nothing fitting: None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetqa.qa.narrative import split
from budgetqa.qa.text import fold
from budgetqa.store import Chunk

__all__ = ["UnitCount", "asked_units", "unit_count"]

# 几家单位 / 汇总了几个预算单位 / 有几家直属单位 / 下属单位有几个: the kind of unit counted ("" for any unit)
_ASKED = re.compile(
    r"(?:几|多少)\s*(?:个|家)\s*(?P<a>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位|单位)"
    r"|(?P<b>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位)[^，,。？?]{0,4}(?:几|多少)\s*(?:个|家)"
)
# a kind of unit the question names itself (几家事业单位): the text's own count of that kind answers
_TYPED = re.compile(r"(?:行政|参公|事业|企业)单位")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 行政单位1家 / 参公单位 1 家 / 事业单位4家: a kind and its count
_KIND = re.compile(r"(行政|参公|事业|企业)(?:单位)?\s*(\d+|[一二两三四五六七八九十])\s*家")
# …预算单位包括：A、B、C / 直属单位包括A、B: the names after 包括, up to the sentence's end
_LISTED = re.compile(
    r"(?P<noun>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位|单位)(?:共计?[^，,。：:]{0,4})?[，,]?"
    r"(?:具体)?(?:包括|包含|有)[:：]?(?P<names>[^。；;：:]+)"
)


# 预算单位共计1家 / 下属单位共3个: the count the text states itself
_STATED = re.compile(
    r"(?P<noun>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位)共计?\s*(?P<n>\d+|[一二两三四五六七八九十])\s*[家个]"
)


@dataclass(frozen=True)
class UnitCount:
    value: Decimal
    how: str  # "stated" (预算单位共计1家), "added" (by kind) or "listed" (names counted)
    reckoned: str  # 1 + 1 + 4 = 6 / the names counted ("" when stated)
    chunk: Chunk
    sentence: str


def asked_units(question: str) -> str | None:
    """The kind of unit a (folded) question counts ("" for units of any kind), or None when it counts none or
    names a kind of its own (几家事业单位: the text's count of that kind, read as any other count)."""
    m = _ASKED.search(question)
    if m is None or _TYPED.search(question):
        return None
    noun = m.group("a") or m.group("b")
    return "" if noun == "单位" else noun


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _CN[token]


def _names(listed: str) -> list[str] | None:
    """The unit names a list gives, or None when it is not a closed list (…等, a count instead of names)."""
    listed = re.sub(r"[（(][^（()）]*[)）]", "", listed).strip(" ，,")
    if re.search(r"等$|等[\d一二三四五六七八九十]|\d+\s*[家个]", listed):
        return None
    names = [n.strip() for n in re.split(r"[、，,]", listed) if n.strip()]
    return names if len(names) >= 1 and all(2 <= len(n) <= 30 for n in names) else None


def unit_count(chunks: Sequence[Chunk], noun: str) -> UnitCount | None:
    """How many units of the kind asked (`noun`, "" for any) the text lists: the names after …预算单位包括：
    counted, or, for units of any kind, the counts by kind (行政单位1家，事业单位4家) added."""
    for chunk in chunks:
        for sentence in split(chunk.text):
            s = fold(sentence)
            if not noun:
                kinds = _KIND.findall(s)
                if len(kinds) >= 2:
                    counts = [_number(n) for _, n in kinds]
                    total = sum(counts)
                    how = " + ".join(str(c) for c in counts) + f" = {total}"
                    return UnitCount(Decimal(total), "added", how, chunk, sentence)
            for m in _STATED.finditer(s):
                said = m.group("noun")
                if said == (noun or "预算单位") or (noun == "下属单位" and said in ("所属单位", "直属单位")):
                    return UnitCount(Decimal(_number(m.group("n"))), "stated", "", chunk, sentence)
            for m in _LISTED.finditer(s):
                said = m.group("noun")
                if noun and said != noun and not (noun == "下属单位" and said in ("所属单位", "直属单位")):
                    continue
                if not noun and said not in ("预算单位", "单位"):
                    continue
                names = _names(m.group("names"))
                if names:
                    return UnitCount(Decimal(len(names)), "listed", "、".join(names), chunk, sentence)
    return None
