"""How many units a department's budget covers, when the text lists them rather than counting them.

Every 部门预算 says which units it consolidates, in one of two ways: by kind (本部门中，行政单位1家，参公单位1家，
事业单位4家) or by name (纳入本部门部门汇总预算编制范围的预算单位包括：A、B、C、D). A question asking how many units
(几家单位 / 汇总了几个预算单位 / 有几家直属单位) is answered by adding the kinds, or by counting the names the
sentence lists; the answer shows the addition or the names, and quotes the sentence. Nothing fitting: None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetqa.qa.evidence import Evidence
from budgetqa.qa.narrative import split
from budgetqa.qa.question import UNITS_COUNT_ASKED
from budgetqa.qa.text import fold
from budgetqa.store import Chunk

__all__ = ["asked_units", "unit_count"]

_KINDS = ("行政", "参公", "事业", "企业")
_N = r"(\d+|[一二两三四五六七八九十])"
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 行政单位1家 / 参公单位 1 家 / 事业单位4家: a kind and its count
_KIND = re.compile(rf"(行政|参公|事业|企业)(?:单位)?\s*{_N}\s*家")
# …预算单位包括：A、B、C / 直属单位包括A、B: the names after 包括, up to the sentence's end
_LISTED = re.compile(
    r"(?P<noun>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位|单位)(?:共计?[^，,。：:]{0,4})?[，,]?"
    r"(?:具体)?(?:包括|包含|有)[:：]?(?P<names>[^。；;：:]+)"
)
# 预算单位共计1家 / 下属单位共3个: the count the text states itself
_STATED = re.compile(rf"(?P<noun>预算单位|直属单位|下属单位|所属单位|二级单位|基层单位)共计?\s*{_N}\s*[家个]")
# 本部以及下属5家预算单位 / 信息中心、培训中心等4个所属事业单位: the units under the department, counted, with
# their kind when the text gives one
_UNDER = re.compile(
    rf"(?:(?P<head>本部|本级|机关)(?:以及|和|及|、)|等)?\s*(?:下属|所属|直属)?\s*{_N}\s*[家个]\s*"
    r"(?:下属|所属|直属)?(?P<kind>预算|事业|行政|参公)?单位"
)
# …编制范围的单位包括： followed by numbered lines (1 A / 2 B 备注): a list printed as a small table
_LIST_OPENS = re.compile(r"(?:预算|决算)?单位(?:包括|包含|有)[:：]\s*$")
_ROW = re.compile(r"^\s*(\d{1,2})\s*[.、．]?\s*(\S{2,30})")


def asked_units(question: str) -> str | None:
    """The unit a (folded) question counts: a kind (事业单位), whose they are (下属单位, 直属单位), 预算单位, or ""
    for units of any kind; None when it counts no units."""
    m = UNITS_COUNT_ASKED.search(question)
    if m is None:
        return None
    kind = m.group("k1") or m.group("k2") or m.group("k3")
    whose = m.group("q1") or m.group("q2")
    if kind in _KINDS:
        return f"{kind}单位"
    if whose:
        return f"{whose}单位"
    return "预算单位" if kind == "预算" else ""


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _CN[token]


def _names(listed: str) -> list[str] | None:
    """The unit names a list gives, or None when it is not a closed list (…等, a count instead of names)."""
    listed = re.sub(r"[（(][^（()）]*[)）]", "", listed).strip(" ，,")
    if re.search(r"等$|等[\d一二三四五六七八九十]|\d+\s*[家个]", listed):
        return None
    names = [n.strip() for n in re.split(r"[、，,]", listed) if n.strip()]
    return names if len(names) >= 1 and all(2 <= len(n) <= 30 for n in names) else None


def unit_count(chunks: Sequence[Chunk], noun: str) -> Evidence | None:
    """How many units of the kind asked (`noun`, "" for any) the text says: a count of that kind (事业单位4家),
    a count of the units under the department (下属5家预算单位, with the department itself for units of any
    kind), the count it states (预算单位共计1家), or the names it lists, counted; for units of any kind also the
    counts by kind (行政单位1家，事业单位4家) added."""
    kind = noun[:2] if noun[:2] in _KINDS else None
    under = noun in ("下属单位", "所属单位", "直属单位")
    found = _read(chunks, noun, kind, under, head=False)
    # units of any kind: the department itself and the units under it (本部以及下属5家) only when no sentence
    # counts them by kind
    return found if found is not None or noun else _read(chunks, noun, kind, under, head=True)


def _read(
    chunks: Sequence[Chunk], noun: str, kind: str | None, under: bool, *, head: bool
) -> Evidence | None:
    for chunk in chunks:
        sentences = split(chunk.text)
        for at, sentence in enumerate(sentences):
            s = fold(sentence)
            kinds = _KIND.findall(s)
            if kind is not None:
                own = [_number(n) for k, n in kinds if k == kind]
                if own:
                    return Evidence(
                        Decimal(own[0]), None, passage=chunk, sentence=sentence, how="stated", formula=""
                    )
            elif not noun and len(kinds) >= 2:
                counts = [_number(n) for _, n in kinds]
                total = sum(counts)
                how = " + ".join(str(c) for c in counts) + f" = {total}"
                return Evidence(
                    Decimal(total), None, passage=chunk, sentence=sentence, how="added", formula=how
                )
            found = _under(s, kind, noun, under, head)
            if found is not None:
                return Evidence(
                    found[0], None, passage=chunk, sentence=sentence, how=found[1], formula=found[2]
                )
            if kind is not None:
                continue
            for m in _STATED.finditer(s):
                said = m.group("noun")
                if said == (noun or "预算单位") or (under and said in ("下属单位", "所属单位", "直属单位")):
                    return Evidence(
                        Decimal(_number(m.group(2))),
                        None,
                        passage=chunk,
                        sentence=sentence,
                        how="stated",
                        formula="",
                    )
            if noun in ("", "预算单位") and _LIST_OPENS.search(s):
                rows = _numbered(sentences[at + 1 :])
                if rows:
                    return _counted(rows, chunk, sentence)
            for m in _LISTED.finditer(s):
                said = m.group("noun")
                if noun and said != noun and not (under and said in ("所属单位", "直属单位", "下属单位")):
                    continue
                if not noun and said not in ("预算单位", "单位"):
                    continue
                names = _names(m.group("names"))
                if names:
                    return _counted(names, chunk, sentence)
    return None


def _counted(names: Sequence[str], chunk: Chunk, sentence: str) -> Evidence:
    """The units a list names, counted."""
    return Evidence(
        Decimal(len(names)), None, passage=chunk, sentence=sentence, how="listed", formula="、".join(names)
    )


def _under(s: str, kind: str | None, noun: str, under: bool, head: bool) -> tuple[Decimal, str, str] | None:
    """本部以及下属5家预算单位 / 等4个所属事业单位: (count, how, reckoned) for the unit asked, or None. Units of any
    kind add the department itself when the sentence names it beside them (本部 + 5)."""
    for m in _UNDER.finditer(s):
        said = m.group("kind")
        if not (m.group("head") or re.search(r"下属|所属|直属", m.group(0)) or m.group(0).startswith("等")):
            continue  # 本部门2个预算单位开展了…: a count of units doing something, not the units covered
        n = _number(m.group(2))
        if kind is not None:
            if said == kind:
                return Decimal(n), "stated", ""
        elif under:
            return Decimal(n), "stated", ""
        elif not noun and head and m.group("head"):
            return Decimal(n + 1), "head", f"{m.group('head')} 1 + 下属 {n} = {n + 1}"
    return None


_LIST_LEAD = re.compile(r"(?:包括|包含|如下|分别是|有)[:：]\s*$")


def listed_after(chunk: Chunk, sentence: str) -> tuple[list[str], list[str]]:
    """The numbered units a count's sentence goes on to list (…下属5家预算单位…。本部门中，行政单位1家，…，具体包括：
    1. … 2. …): the sentences up to the list's lead-in, and the names listed; nothing when none follows."""
    sentences = split(chunk.text)
    at = next((i for i, x in enumerate(sentences) if x == sentence), None)
    if at is None:
        return [], []
    for j in range(at, min(at + 3, len(sentences))):
        if _LIST_LEAD.search(fold(sentences[j])):
            rows = _numbered(sentences[j + 1 :])
            return (sentences[at + 1 : j + 1], rows) if len(rows) >= 2 else ([], [])
    return [], []


def _numbered(lines: Sequence[str]) -> list[str]:
    """The names of lines numbered 1, 2, 3 … in turn (a header line such as 序号 单位名称 first is skipped)."""
    names: list[str] = []
    for line in lines:
        m = _ROW.match(line)
        if m is None:
            if not names and re.match(r"^\s*序号", line):
                continue
            break
        if int(m.group(1)) != len(names) + 1:
            break
        names.append(m.group(2))
    return names
