"""Text helpers for matching questions against printed labels: normalisation and character overlap.

Budget labels arrive with template brackets (【】〔〕[]), list numbering (一、 1. （一）), full-width
punctuation and stray spaces from line wraps; questions arrive without any of it. Both sides are folded
the same way before comparing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetqa.store.labels import fold, label_key

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Words that add several named things up: 加起来, 合在一起, 加一块儿, 汇总 (one list for every sum trigger)
TOGETHER = r"(?:加|合|放|算|汇)(?:在|到)?(?:一起|一块儿?)|加起来|合起来|加总|汇总"
TOTAL_LABELS = frozenset(
    {"合计", "总计", "小计", "支出合计", "收入合计", "支出总计", "收入总计", "本年支出合计"}
)


# characters every item name may carry (…费, …支出, 专项…), which say nothing of what the item is
_GENERIC_CHARS = frozenset("费支出经资金项目款类补贴助其他用的")
# a two-character word (after a boundary: not the tail of a longer name such as 某某大会 or 会议费) before 的
_ECHO = re.compile(
    r"(?:(?<=^)|(?<=[^\u4e00-\u9fff])|(?<=[里中内在给为是了和与及]))([\u4e00-\u9fff]{2})的(?=([\u4e00-\u9fff]{2,4}))"
)


def without_echo_glosses(text: str) -> str:
    """The words without a two-character gloss that its noun repeats: 出差的差旅费 → 差旅费, 开会的会议费 → 会议费.
    The gloss says what the item is for in everyday words; the noun after 的 shares one of its characters (not a
    generic one: 费, 支出 …), so it names nothing narrower. The tail of a longer name is no gloss (某某大会的会议服务,
    会议费的会议服务)."""

    def drop(m: re.Match[str]) -> str:
        shared = set(m.group(1)) & set(m.group(2)) - _GENERIC_CHARS
        return "" if shared else m.group(0)

    return _ECHO.sub(drop, text)


# （比如保洁这些） / （办公、水电、差旅等） / （油费修车之类）: examples in brackets of what the words before them mean
_EXAMPLES = re.compile(
    r"[（(](?:(?:比如说?|例如|譬如|像是?|如)[^（()）]{1,24}|[^（()）]{1,24}?(?:这些|这类|那些|之类|等等?|什么的)(?:的|钱|费用)?)[）)]"
)


def without_examples(text: str) -> str:
    """The words without a bracketed list of examples: they illustrate the item before them, and name no other."""
    return _EXAMPLES.sub("", text)


def clean_label(text: str) -> str:
    """A row or column label without brackets, numbering or a trailing colon: `【一、政府预算拨款` → `政府预算拨款`."""
    return label_key(text)


def is_total_label(label: str) -> bool:
    """合计/总计/小计 and their 收入/支出 variants: the row or column that sums a table."""
    label = clean_label(label)
    return label in TOTAL_LABELS or bool(
        re.fullmatch(r"(?:本年)?(?:收入|支出)?(?:合计|总计|小计)(?:数)?", label)
    )


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    chars = [c for c in text if _HAN.match(c) or c.isalnum()]
    if len(chars) == 1:
        return frozenset(chars)
    return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))


def dice(a: str, b: str) -> float:
    """Sørensen–Dice over character bigrams: 1.0 for equal strings, 0 for nothing shared."""
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def coverage(needle: str, hay: str) -> float:
    """The share of `needle`'s bigrams found in `hay` (asymmetric: a short query inside a long label)."""
    gn = bigrams(needle)
    if not gn:
        return 0.0
    return len(gn & bigrams(hay)) / len(gn)


def is_subsequence(short: str, long: str) -> bool:
    """`外办` is a subsequence of `外事工作委员会办公室`: how people abbreviate Chinese names."""
    it = iter(long)
    return all(ch in it for ch in short)


def skipped_within(short: str, name: str) -> int:
    """How few of the name's characters an in-order pick of `short` skips between its first and last one:
    上海普陀区政府办 skips 3 of 上海市普陀区人民政府办公室 but 7 of …人民政府万里街道办事处. -1 if no pick."""
    best = -1
    for start, ch in enumerate(name):
        if not short or ch != short[0]:
            continue
        pos = start + 1
        for c in short[1:]:
            pos = name.find(c, pos) + 1
            if pos == 0:
                return best
        gap = pos - start - len(short)
        best = gap if best < 0 else min(best, gap)
    return best


def longest_subsequence_run(text: str, name: str, *, min_len: int = 2) -> str:
    """The longest substring of `text` (≥ min_len chars) that is an in-order subsequence of `name`."""
    best = ""
    n = len(text)
    for i in range(n):
        if not _HAN.match(text[i]) or text[i] not in name:
            continue
        # extend greedily while still a subsequence of the name
        for j in range(max(i + min_len, i + len(best) + 1), n + 1):
            piece = text[i:j]
            if not is_subsequence(piece, name):
                break
            if len(piece) > len(best):
                best = piece
    return best if len(best) >= min_len else ""


_GLOSS = re.compile(r"[（(][^（）()]{1,6}[）)]")


def abbreviation_at(text: str, start: int, label: str) -> int:
    """Where an abbreviation of `label` that starts at `start` in the question ends, or -1.

    An abbreviation keeps the label's first and last characters and most of the others, in order, and drops
    a few (其他社保和就业支出 for 其他社会保障和就业支出): at least four characters and 70% of the label."""
    if len(label) < 5 or not text.startswith(label[0], start):
        return -1
    pos, end = 1, -1
    for k in range(start + 1, len(text)):
        found = label.find(text[k], pos)
        if found < 0:
            break
        pos = found + 1
        if pos == len(label):
            end = k + 1
            break
    if end < 0:
        return -1
    size = end - start
    least = 0.7 * len(label)
    if size < least and _GLOSS.search(label):
        # 其他政府办公厅事务支出 for 其他政府办公厅（室）及相关机构事务支出: a bracketed gloss is dropped first of all
        least = max(0.65 * len(_GLOSS.sub("", label)), 0.55 * len(label))
    return end if 4 <= size < len(label) and size >= least else -1


def year_in(text: str) -> int | None:
    """The single four-digit year a label names (`2023年预算数`, `2022 年`), else None."""
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*年?", fold(text))}
    return years.pop() if len(years) == 1 else None
