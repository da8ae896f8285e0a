"""Figures the text states in words: a change (比2022年增加30万元), an amount (机关运行经费预算支出
5619.31万元), a reason (主要原因是…), a count (编制70名).

Every value here is read verbatim from one quoted sentence, never computed: the sentence is the citation.
A sentence only counts when it names the item (or sits right after the one that does), so a figure
about something else is never passed off as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache

from budgetqa.qa.evidence import Evidence
from budgetqa.qa.text import bigrams, fold
from budgetqa.store import Chunk
from budgetqa.store.phrases import CHANGE as _CHANGE
from budgetqa.store.phrases import MONEY_UNIT as _MONEY
from budgetqa.store.phrases import NUMBER as _NUM
from budgetqa.store.phrases import OWN_AMOUNT as _OWN_AMOUNT
from budgetqa.store.phrases import change_in
from budgetqa.store.phrases import parse_decimal as _decimal
from budgetqa.store.phrases import split_sentences as split

_REASON = re.compile(r"主要原因|原因是|原因[:：]|主要是|由于|因为|导致")


def _sentences(passages: Sequence[tuple[Chunk, float, tuple[str, ...]]]) -> list[tuple[Chunk, list[str]]]:
    seen: set[str] = set()
    out = []
    for chunk, _score, _sents in passages:
        if chunk.chunk_id in seen:
            continue
        seen.add(chunk.chunk_id)
        out.append((chunk, split(chunk.text)))
    return out


def _fit(focus: str, text: str) -> float:
    grams = bigrams(fold(focus))
    return len(grams & bigrams(fold(text))) / len(grams) if grams else 0.0


def names(sentence: str, focus: Sequence[str]) -> bool:
    """Whether the sentence prints one of the names, level marks (（类）（款）（项）) allowed inside it."""
    s = fold(sentence)
    return any(f and _find(fold(f), s) is not None for f in focus)


@lru_cache(maxsize=4096)
def _marked(name: str) -> re.Pattern[str]:
    """A name as the text prints it with level marks inside: 社会保障和就业（类）支出 names 社会保障和就业支出."""
    mark = r"(?:[(（](?:类|款|项)[)）])?"
    return re.compile(mark.join(re.escape(ch) for ch in name))


def _find(name: str, sentence: str) -> tuple[int, int] | None:
    """Where a folded name is printed in a folded sentence, level marks (（类）（款）（项）) allowed inside it."""
    at = sentence.find(name)
    if at >= 0:
        return at, at + len(name)
    if "（" not in sentence and "(" not in sentence:
        return None
    m = _marked(name).search(sentence)
    return m.span() if m else None


# the opening of a numbered entry (1. / （一） / 一、)
LIST_ITEM = re.compile(r"^\s*(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")
# a glossary's heading: it defines a kind of spending for every department, and says nothing of this one's
GLOSSARY = re.compile(r"名词解释|术语解释|名词说明")


def _subjects(
    sentences: Sequence[str], focus: Sequence[str], fuzzy: bool, current: bool = False
) -> list[bool]:
    """Whether each sentence speaks about the item: it names it, or it continues the list entry
    (1. 外事事务1,623万元…；…。本项目较上年减少…) whose opening sentence names it. `current` says
    whether the list entry open at the start (begun in the previous chunk) names it."""
    out = []
    for sentence in sentences:
        named = _as_subject(sentence, focus) or (fuzzy and any(_fit(f, sentence) >= 0.75 for f in focus))
        if named and _deeper_level_named(sentence, focus):
            named = False  # 一般公共服务支出（类）财政事务（款）行政运行（项）: the entry is about the 项
        if LIST_ITEM.match(sentence):
            current = named
        out.append(named or current)
    return out


# what a sentence's subject spends on (…主要用于…基本支出和项目支出): items named there are not its subject
_USE_CLAUSE = re.compile(r"用于|用在|包括|包含")


# 一般公共预算拨款安排的培训费预算支出30万元: the item names where the money comes from; the subject is 培训费
_ANOTHER_SUBJECT = re.compile(
    r"^(?:拨款|资金|财政拨款)?(?:安排的|中的|的|用于)[^，,。；;\d]{1,12}?(?:费|支出|经费)(?:预算)?(?:支出)?(?:数)?(?:为|是)?\d"
)


def _modifies_another(sentence: str, focus: Sequence[str]) -> bool:
    """The item is named only to say whose or which money another item's figure is."""
    s = fold(sentence)
    spans = [sp for f in focus if f and (sp := _find(fold(f), s)) is not None]
    return bool(spans) and all(_ANOTHER_SUBJECT.match(s[end:]) for _, end in spans)


def _as_subject(sentence: str, focus: Sequence[str]) -> bool:
    """The sentence names the item as what it is about: before its own amount and before a 用于 clause
    (一般公共服务支出1.6亿元，主要用于…项目支出 is not about 项目支出)."""
    s = fold(sentence)
    spans = [sp for f in focus if f and (sp := _find(fold(f), s)) is not None]
    if not spans or _modifies_another(sentence, focus):
        return False
    first = min(sp[0] for sp in spans)
    amount = _OWN_AMOUNT.search(s)
    use = _USE_CLAUSE.search(s)
    return not ((amount and amount.start() < first) and (use and use.start() < first))


_LEVEL_MARK = re.compile(r"^[(（](?:类|款|项)[)）]")


def _deeper_level_named(sentence: str, focus: Sequence[str]) -> bool:
    """A 类（款）（项） path names the item, then a lower level after it: the figures are the lower level's."""
    end = _mention_end(sentence, focus)
    if not end:
        return False
    rest = _LEVEL_MARK.sub("", fold(sentence)[end:])
    # the same name printed again one level down (其他城乡社区支出（款）其他城乡社区支出（项）) is still the item
    for name in {fold(f) for f in focus if f}:
        while rest.startswith(name):
            rest = _LEVEL_MARK.sub("", rest[len(name) :])
    return bool(re.search(r"[(（](?:款|项)[)）]", rest))


# 主要原因是… / 原因是…: the reason a change is given for, after the change
_REASON_AFTER = re.compile(r"主要原因|原因是|原因为|主要是由于|是由于")


def _named_in_its_reason(sentence: str, focus: Sequence[str]) -> bool:
    """比2022年预算持平，主要原因是公务接待费保持不变: the item is named only in the reason after the change."""
    s = fold(sentence)
    reason = _REASON_AFTER.search(s)
    if reason is None:
        return False
    spans = [span for f in focus if f and (span := _find(fold(f), s)) is not None]
    return bool(spans) and min(start for start, _ in spans) > reason.start()


def _mention_end(sentence: str, focus: Sequence[str]) -> int:
    """Where the first mention of the item ends in the folded sentence (0 when not named); of names that
    overlap there (职业年金缴费 inside 机关事业单位职业年金缴费支出), the longest one's end."""
    s = fold(sentence)
    spans = sorted(span for f in focus if f and (span := _find(fold(f), s)) is not None)
    if not spans:
        return 0
    end = spans[0][1]
    for start, stop in spans[1:]:
        if start < end:
            end = max(end, stop)
    return end


def _open_entry(sentences: Sequence[str], focus: Sequence[str]) -> bool:
    """Whether the last list entry begun in these sentences names the item."""
    for sentence in reversed(sentences):
        if LIST_ITEM.match(sentence):
            return names(sentence, focus)
    return False


def stated_change(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    focus: Sequence[str],
    *,
    want_rate: bool = False,
    fuzzy: bool = False,
    previous: Callable[[Chunk], Chunk | None] | None = None,
    funds_asked: bool = False,
    rate_too: bool = False,
) -> Evidence | None:
    """The sentence that states how the item changed, first in retrieval order; with `rate_too` (多了多少？增幅
    多少？) one that states the rate beside the amount, when any does.

    The sentence names the item itself, or belongs to the list entry that does; with `fuzzy` a
    sentence naming most of the focus words' character pairs counts as naming it (部门预算收入).
    """
    # Sentences that name the item first, in retrieval order; a sentence that only continues the item's list
    # entry counts after them, and only while it states no amount of its own (a new subject: "…会议费预算
    # 支出1469.73万元，比上年增加…" right after the 公务接待费 entry is about 会议费). A sentence whose entry
    # speaks of one source of funds the item does not name (财政拨款收、支总预算…各增加) counts last.
    # a question or item naming a source of funds itself sets nothing aside
    scoped_last = not funds_asked and not any(names_funds(f) for f in focus)
    passes = (
        ((True, False), (False, False), (True, True), (False, True))
        if scoped_last
        else ((True, None), (False, None))
    )
    # each passage's sentences and the ones about the item, read once for every pass
    read = []
    for chunk, sentences in _sentences(passages):
        before = previous(chunk) if previous else None
        # a list entry cut at the chunk boundary: 1．一般公共服务支出…万元 | 与上年相比减少17.89万元
        open_entry = bool(before) and _open_entry(split(before.text if before else ""), focus)
        read.append((chunk, sentences, _subjects(sentences, focus, fuzzy, open_entry)))
    for need_rate in (True, False) if rate_too else (False,):
        for direct, scoped in passes:
            found = _stated_change(read, focus, direct, scoped, want_rate, fuzzy, need_rate)
            if found is not None:
                return found
    return None


# a source of funds narrower than the whole budget
_FUND_SCOPE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营预算")


def names_funds(text: str) -> bool:
    """Whether the words name one source of funds (财政拨款, 一般公共预算 …), narrower than the whole budget."""
    return bool(_FUND_SCOPE.search(fold(text)))


def _stated_change(
    read: Sequence[tuple[Chunk, list[str], list[bool]]],
    focus: Sequence[str],
    direct: bool,
    scoped: bool | None,
    want_rate: bool,
    fuzzy: bool,
    need_rate: bool,
) -> Evidence | None:
    for chunk, sentences, about in read:
        for i, sentence in enumerate(sentences):
            named = (names(sentence, focus) and not _modifies_another(sentence, focus)) or (
                fuzzy and about[i]
            )
            if direct != named:
                continue
            if fuzzy and not about[i]:
                continue  # a loose match must be the change sentence itself
            entry = fold(sentence) + (fold(sentences[i - 1]) if i > 0 else "")
            if scoped is not None and scoped != bool(_FUND_SCOPE.search(entry)):
                continue
            if not (about[i] or (i > 0 and about[i - 1])):
                continue
            # the change stated after the item's own mention: in “培训费…增加403.75万元，原因是从会议费
            # 预算中调减403.75万元” the 会议费 change is the 调减 that follows it
            start = _mention_end(sentence, focus)
            found = _changed_by_name(sentence, focus) or change_in(sentence, start)
            if found is None and named and i > 0 and about[i - 1] and _named_in_its_reason(sentence, focus):
                # …公务接待费1.35万元。比2022年预算持平，主要原因是公务接待费保持不变: named again only in the reason,
                # with no change of its own after it; the change before the reason is the entry's
                found = change_in(sentence, 0)
            if found is None:
                continue
            own = _SAME_ITEMS_AMOUNT.sub("", fold(sentence)[: _change_start(sentence)])
            if not named and _OWN_AMOUNT.search(own):
                continue
            value, unit, rate = found
            if (want_rate or need_rate) and rate is None:
                continue
            if want_rate and rate is not None:
                return Evidence(rate, "%", sentence=sentence, passage=chunk, rate=rate)
            if unit == "%" and not want_rate:
                continue  # only a rate; the question wants an amount
            return Evidence(value, unit, sentence=sentence, passage=chunk, rate=rate)
    return None


# 增加综合管理费209万元 / 压减会议费30万元: the verb before the item's name, the amount right after it
_VERB_BEFORE = re.compile(r"(?:新增|增加|追加|调增|增|减少|压减|调减|核减|减)了?$")
_AMOUNT_AFTER = re.compile(r"^(?:经费|专项|资金|支出|预算)*\s*(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)")


def _changed_by_name(sentence: str, focus: Sequence[str]) -> tuple[Decimal, str, Decimal | None] | None:
    """A change printed as verb, item, amount (增加综合管理费209万元): (signed amount, unit, None)."""
    s = fold(sentence)
    for f in focus:
        span = _find(fold(f), s) if f else None
        if span is None:
            continue
        verb = _VERB_BEFORE.search(s[: span[0]])
        amount = _AMOUNT_AFTER.match(s[span[1] :])
        if verb and amount:
            value = Decimal(amount.group(1).replace(",", ""))
            return (-value if "减" in verb.group(0) else value), amount.group(2), None
    return None


# the entry's own amounts named by measure (2022年当年预算执行数为667.32万元，2023年预算安排635.10万元): the same
# item's figures, not a new subject
_SAME_ITEMS_AMOUNT = re.compile(r"(?:执行数|预算安排)(?:为|是)?\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|千元|元)")


def _change_start(sentence: str) -> int:
    m = _CHANGE.search(fold(sentence))
    return m.start() if m else len(fold(sentence))


def _kind_fits(gap: str, doc_kind: str | None) -> bool:
    """The words between the item and the figure must not name the other kind (年初预算 vs 决算)."""
    clause = re.split(r"[，,]", gap)[-1]
    if doc_kind == "决算":
        return "决算" in clause or ("预算" not in clause and gap == clause)
    if doc_kind == "预算":
        return "决算" not in clause
    return gap == clause  # no kind asked: only the figure in the item's own clause


def _fee_stem(sentence: str, name: str) -> tuple[str, int]:
    """A …费 item the text names without its 费 before the amount word (公务用车购置费 → 公务用车购置预算支出0万元):
    (the stem, where), or (name, -1)."""
    if len(name) > 3 and name.endswith("费"):
        stem = name[:-1]
        for m in re.finditer(re.escape(stem), sentence):
            if sentence.startswith(("预算", "支出", "决算", "经费"), m.end()):
                return stem, m.start()
    return name, -1


def stated_amount(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    focus: Sequence[str],
    *,
    doc_kind: str | None = None,
) -> Evidence | None:
    """The amount a sentence gives right after naming the item: 机关运行经费预算支出5619.31万元;
    for a 决算 question the figure after 决算 (年初预算为0.95万元，支出决算为0.00万元 → 0.00)."""
    for chunk, sentences in _sentences(passages):
        for sentence in sentences:
            s = fold(sentence)
            for f in focus:
                f = fold(f)
                span = _find(f, s) if f else None  # 一般公共服务（类）支出 names 一般公共服务支出
                if span is None:
                    stem, at = _fee_stem(s, f)
                    span = (at, at + len(stem)) if at >= 0 else None
                if span is None:
                    continue
                rest = s[span[1] : span[1] + 48]
                for m in re.finditer(_NUM + _MONEY, rest):
                    gap = rest[: m.start()]
                    if re.search(r"[。；;]|\d", gap) or len(gap) > 30:
                        break
                    if not _kind_fits(gap, doc_kind) or re.search(r"增|减|降|比|较|占", gap):
                        continue  # a change or a share, not the amount itself
                    value = _decimal(m.group(1))
                    if value is not None:
                        return Evidence(value, m.group(2), sentence=sentence, passage=chunk)
    return None


MEASURE_SAYS = re.compile(r"年初预算|调整预算|全年预算|预算数|决算数|支出决算|决算|执行数")


def stated_measure(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    focus: Sequence[str],
    measure: str,
    previous: Callable[[Chunk], Chunk | None] | None = None,
    fits: Callable[[str, str], bool] | None = None,
) -> Evidence | None:
    """The figure a list entry about the item gives for one measure:
    1、…行政运行（项）。…年初预算为1560.05万元，支出决算为1511.89万元。 → 年初预算 1560.05.
    `fits(sentence, the sentence before it)`: whether an entry's sentence may be the item's (one entry of several
    printing the same name)."""
    for chunk, sentences in _sentences(passages):
        before = previous(chunk) if previous else None
        open_entry = bool(before) and _open_entry(split(before.text if before else ""), focus)
        about = _subjects(sentences, focus, False, open_entry)
        for i, sentence in enumerate(sentences):
            if not about[i] or (fits is not None and not fits(sentence, sentences[i - 1] if i else "")):
                continue
            s = fold(sentence)
            for m in re.finditer(re.escape(measure) + r"(?:数)?(?:为|是)?" + _NUM + _MONEY, s):
                value = _decimal(m.group(1))
                if value is not None:
                    return Evidence(value, m.group(2), sentence=sentence, passage=chunk)
    return None


def stated_share(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]], focus: Sequence[str], verb: str = "占"
) -> Evidence | None:
    """The share a sentence gives right after the item: 基本支出2336.91万元，占79.49%; with verb 完成,
    the execution rate (支出决算为2940.05万元，完成年初预算的98.20%)."""
    side = next((w for w in ("收入", "支出") if focus and fold(focus[0]).endswith(w)), None)
    for chunk, sentences in _sentences(passages):
        for sentence in sentences:
            s = fold(sentence)
            for f in focus:
                at = s.find(fold(f)) if f else -1
                if at < 0:
                    continue
                rest = s[at + len(fold(f)) :]
                if side and re.match(r"(?:收入|支出)", rest) and not rest.startswith(side):
                    continue  # 财政拨款收入占…: not the share a sentence gives of 财政拨款支出
                m = re.match(r"[^。；;]{0,40}?" + verb + r"([^。；;\d]{0,12}?)" + _NUM + r"[%％]", rest)
                if m and fold(f) in m.group(1):
                    continue  # 因公出国费…占“三公”经费的25.96%: the item is the base here, not the part
                value = _decimal(m.group(2)) if m else None
                if value is not None:
                    return Evidence(value, "%", sentence=sentence, passage=chunk)
    return None


def stated_none(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]], focus: Sequence[str]
) -> Evidence | None:
    """A sentence saying there is none of the item (本年度无“三公”经费支出): the figure is 0."""
    for chunk, sentences in _sentences(passages):
        for sentence in sentences:
            s = fold(sentence)
            for f in focus:
                at = s.find(fold(f)) if f else -1
                if at > 0 and re.search(r"(?:无|没有|未安排|未发生)$", s[max(0, at - 3) : at]):
                    return Evidence(Decimal(0), "", sentence=sentence, passage=chunk)
    return None


def stated_definition(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]], focus: Sequence[str]
) -> tuple[str, Chunk] | None:
    """The sentence that defines the term (名词解释: “机关运行经费：指为保障…”), first in retrieval order."""
    for chunk, sentences in _sentences(passages):
        for sentence in sentences:
            s = fold(sentence)
            for f in focus:
                f = fold(f)
                at = s.find(f) if f else -1
                if at >= 0 and re.match(r"[:：,，]?(?:是指|指的是|指|是)", s[at + len(f) : at + len(f) + 4]):
                    return sentence, chunk
    return None


_ENTRY_START = re.compile(
    r"^\s*(?:\d+\s*[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)"
)


def entry_amount(chunk: Chunk, sentence: str, focus: Sequence[str]) -> Evidence | None:
    """The item's amount as its own list entry states it, in the sentence given or the ones before it back to
    the entry's start (“1．一般公共服务（类）支出16992.37万元，主要用于…。与上年相比增加1203.44万元”): the figure a
    change stated there is measured from."""
    sentences = split(chunk.text)
    at = next((i for i, s in enumerate(sentences) if s == sentence), None)
    if at is None:
        return stated_amount([(chunk, 1.0, (sentence,))], focus)
    for j in range(at, max(at - 4, -1), -1):
        if j < at and _REASON.search(sentences[j]):
            break  # another entry's reason: this entry started after it
        found = stated_amount([(chunk, 1.0, (sentences[j],))], focus)
        # 增加基本支出844.15万元: the amount after the item's name is its change, not the item
        if (
            found is not None
            and found.sentence == sentences[j]
            and _changed_by_name(sentences[j], focus) is None
        ):
            return found
        if _ENTRY_START.match(sentences[j]):
            break
    return None


def _paragraph_fit(sentences: Sequence[str], i: int, focus: Sequence[str]) -> float:
    """How well the sentences before a reason fit the focus, back to the start of its numbered entry
    (“9. 教育支出…25.00万元。2023年执行数…。主要原因是：项目调整。”): the reason is that entry's."""
    best = 0.0
    for back, j in enumerate(range(i - 1, max(i - 5, -1), -1)):
        if back and _REASON.search(sentences[j]):
            break  # another entry's reason: this one's entry started after it
        best = max(best, (0.9 - 0.05 * back) * max((_fit(f, sentences[j]) for f in focus), default=0.0))
        if _ENTRY_START.match(sentences[j]):
            break
    return best


_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ROUGH = re.compile(r"([一二两三四五六七八九]|\d+)(十|百|千)?(?:多(万|亿|成|倍)|(万|亿|成|倍)多)")
_PLACE = {"十": 10, "百": 100, "千": 1000, None: 1, "": 1}
_STATED_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|%|％)")


def rough_amounts(text: str) -> list[tuple[Decimal, Decimal, str]]:
    """Amounts a question gives roughly (少了两千多万 → 2,000 to 3,000 万元; 涨了七成多 → 70 to 80 %; 涨了三倍多 → 300
    to 400 %): (low, high,
    unit), to recognise the sentence stating the exact figure."""
    found = []
    for m in _ROUGH.finditer(text):
        digit, place, unit = m.group(1), m.group(2), m.group(3) or m.group(4)
        if digit in _CN_DIGIT:
            lead, step = Decimal(_CN_DIGIT[digit] * _PLACE[place]), Decimal(_PLACE[place])
        else:  # 300多万: 300 to 400, the place of its last significant digit
            lead = Decimal(digit) * _PLACE[place]
            step = Decimal(10 ** (len(digit) - len(digit.rstrip("0")))) * _PLACE[place]
        if unit == "成":
            found.append((lead * 10, (lead + step) * 10, "%"))
        elif unit == "倍":  # 涨了三倍多: a rise of 300 to 400 %
            found.append((lead * 100, (lead + step) * 100, "%"))
        else:
            found.append((lead, lead + step, "亿元" if unit == "亿" else "万元"))
    return found


_CHANGE_BEFORE = re.compile(r"增加|减少|增长|下降|降低|上升|增|减|降")


def rough_figure(
    chunk: Chunk, reason: str, rough: Sequence[tuple[Decimal, Decimal, str]], changes: bool = False
) -> tuple[Decimal, str, str] | None:
    """(figure, unit, sentence): the exact figure of a rough one (两千多万 → 2,389.52万元) that the reason's entry
    states, or None."""
    sentences = split(chunk.text)
    at = next((i for i, s in enumerate(sentences) if reason.startswith(s) or s in reason), None)
    if at is None:
        return None
    found = []
    for sentence in reversed(_own_entry(sentences, at)):
        for start, value, unit in _in_rough(sentence, rough, changes):
            change = bool(_CHANGE_BEFORE.search(sentence[max(0, start - 6) : start]))
            found.append((not change, value, unit, sentence))  # a change (增加…) before a level
    if not found:
        return None
    _, value, unit, sentence = min(found, key=lambda f: f[0])
    return value, unit, sentence


def states_rough(
    sentences: Sequence[str], rough: Sequence[tuple[Decimal, Decimal, str]], changes: bool = False
) -> bool:
    """One of the sentences states a figure inside one of the rough ranges (a change, with `changes`)."""
    return any(_in_rough(sentence, rough, changes) for sentence in sentences)


def _in_rough(
    sentence: str, rough: Sequence[tuple[Decimal, Decimal, str]], changes: bool = False
) -> list[tuple[int, Decimal, str]]:
    """(where, figure, unit) of each figure the sentence states inside one of the rough ranges; with `changes`
    (the question gives a change: 多了两千多万) only figures stated as a change (增加2,248.37万元)."""
    found = []
    for m in _STATED_FIGURE.finditer(sentence):
        value = Decimal(m.group(1).replace(",", ""))
        unit = "%" if m.group(2) in "%％" else m.group(2)
        if changes and unit != "%" and not _CHANGE_BEFORE.search(sentence[max(0, m.start() - 6) : m.start()]):
            continue
        if any(u == unit and low <= value < high for low, high, u in rough):
            found.append((m.start(), value, unit))
    return found


# 多了两千多万 / 比上年少了300多万: the rough figure is a change, not a level (那246万多的服务类采购)
_ROUGH_CHANGE = re.compile(r"(?:多|少|增加|减少|增长|下降|涨|降|减|增)了?(?:快|近|约|将近|足足)?$")


def rough_changes(text: str) -> bool:
    """Whether the rough figures a question gives are changes."""
    return any(_ROUGH_CHANGE.search(text[: m.start()]) for m in _ROUGH.finditer(text))


def _own_entry(sentences: Sequence[str], i: int) -> list[str]:
    """The reason sentence and those before it back to its entry's start (or another reason, at most five)."""
    out = [sentences[i]]
    for back, j in enumerate(range(i - 1, max(i - 6, -1), -1)):
        if back and _REASON.search(sentences[j]):
            break
        out.append(sentences[j])
        if _ENTRY_START.match(sentences[j]):
            break
    return out


def stated_reason(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    focus: Sequence[str],
    other_subject: Callable[[str], bool] | None = None,
    rough: Sequence[tuple[Decimal, Decimal, str]] = (),
    changes: bool = False,
) -> tuple[str, Chunk] | None:
    """The reason sentence (主要原因/主要是/由于…) in the part that discusses the item: the reason
    sentence itself, or the one before it, must cover most of the focus words. A change the question gives
    roughly (少了两千多万) that the sentence or its entry before it states exactly (减少2,389.52万元) marks it too."""
    best: tuple[float, str, Chunk] | None = None
    for rank, (chunk, sentences) in enumerate(_sentences(passages)):
        for i, sentence in enumerate(sentences):
            if not _REASON.search(sentence):
                continue
            here = max((_fit(f, sentence) for f in focus), default=0.0)
            fit = max(here, _paragraph_fit(sentences, i, focus))
            if rough and states_rough(_own_entry(sentences, i), rough, changes):
                fit = max(fit, 0.9)
            if fit < 0.5:
                continue
            score = fit - 0.05 * rank + (0.2 if re.search(r"主要原因|原因是", sentence) else 0.0)
            if other_subject is not None and other_subject(sentence):
                score -= 0.5  # the reason for another item (“三公”经费决算数小于预算数的原因)
            if best is None or score > best[0]:
                best = (score, _with_enumeration(sentences, i), chunk)
    return (best[1], best[2]) if best else None


def reason_after(text: str, quoted: str) -> str | None:
    """The reason a passage gives right after a sentence it states (…增加2432.93万元，增长15.3%。主要原因是…): the
    next sentence or the one after, within the same list entry; None when it gives none there."""
    sentences = split(text)
    target = fold(quoted)
    at = next((i for i, x in enumerate(sentences) if target and target in fold(x)), None)
    if at is None:
        return None
    if _REASON.search(sentences[at]):
        return None  # the sentence gives a reason itself: the search for the best one decides
    for i in range(at + 1, min(at + 3, len(sentences))):
        reason = _REASON.search(sentences[i])
        if LIST_ITEM.match(sentences[i]) or _OWN_AMOUNT.search(
            sentences[i][: reason.start() if reason else None]
        ):
            return (
                None  # the next entry, or a sentence about an amount of its own (…会议费预算支出1469.73万元)
            )
        if reason:
            return _with_enumeration(sentences, i)
    return None


_FIRST_OF_LIST = re.compile(r"一是|其一|首先|[（(]1[)）]")
_NEXT_OF_LIST = re.compile(r"^\s*(?:[二三四五六]是|其[二三四五]|其次|再次|[（(][2-6][)）])")


def _with_enumeration(sentences: Sequence[str], i: int) -> str:
    """A reason given as a list (原因一是…；二是…；三是…) is quoted whole: its first part alone is half of it."""
    sentence = sentences[i]
    if not _FIRST_OF_LIST.search(sentence):
        return sentence
    for following in sentences[i + 1 : i + 6]:
        if not _NEXT_OF_LIST.match(following):
            break
        sentence += following
    return sentence


__all__ = [
    "names_funds",
    "entry_amount",
    "names",
    "rough_amounts",
    "rough_changes",
    "rough_figure",
    "states_rough",
    "change_in",
    "stated_amount",
    "stated_change",
    "stated_definition",
    "stated_measure",
    "stated_none",
    "stated_reason",
    "stated_share",
]
