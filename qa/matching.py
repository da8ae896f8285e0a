"""Question understanding, part 2: which documents and which line items a question names.

Departments are matched by name, alias or abbreviation (an in-order character run: 外办 inside
外事工作委员会办公室). Items are matched, in order of trust, by 科目编码, by a printed label that
appears verbatim, by the everyday lexicon, and last by character overlap (optionally reranked with
the embedder). A fuzzy match must be confident: a near-miss row is worse than "not found".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from budgetqa.qa.departments import DepartmentIndex, department_index
from budgetqa.qa.index import FactIndex
from budgetqa.qa.lexicon import MEASURE_SAYS, MEASURES, Term, find_terms, term_by_name
from budgetqa.qa.text import (
    abbreviation_at,
    bigrams,
    clean_label,
    coverage,
    dice,
    fold,
    is_subsequence,
    is_total_label,
    longest_subsequence_run,
    skipped_within,
)
from budgetqa.store import Document

FUZZY_MIN = 0.5  # below this a label is not the item the question means
# Words that say nothing about the item; removed before fuzzy matching.
_NOISE = re.compile(
    r"(?:(?:19|20)\d{2}|\d{2}(?=年))\s*年?度?|今年|去年|上一年|上年|前年|本年|明年|多少钱?|是多少|为多少|有多少|几|是|的|了|吗|呢|啊|"
    r"请问|请|一下|到底|究竟|具体|大概|大约|预算|决算|数|金额|费用?(?=$)|支出(?=$)|花了|花|用了|安排|共|一共|总共|比|较|相比|增加|减少|增长|下降|"
    r"变化|为什么|为何|为啥|咋|原因|什么|哪些|哪个|哪项|怎么|如何|情况|部门|单位|万元|元|%|多出|少了|多了|[涨降升]|[一这那]笔|[一这那]块|"
    r"会(?=多|少|增|减|有)|钱(?=$|[?？])|[?？!！,，。、\s]"
)
# Words every organisation name shares: a run made only of these (委员会, 办公室) names nobody.
_GENERIC_ORG = re.compile(r"人民政府|政府|委员会|办公室|办公厅|中共|人民|[省市区县局厅办委会室部处]|中心")
_ORG_SUFFIX = re.compile(r"(?:局|厅|委员会|委|办公室|办|院|中心|政府|署|所|馆|队|会|部|站|处)$")
_ORG_PHRASE = re.compile(
    r"^(?:为什么|为何|为啥|怎么|如何|到底|究竟)?([\u4e00-\u9fff]{2,16}?(?:局|厅|委员会|办公室|院|中心|政府|署|馆|队|委|办|部))(?=(?:19|20)\d{2}|\d{2}年|的|今年|去年|本年|上年|前年|预算|决算|三公|在|有|全年|一共|总共)"
)


@dataclass(frozen=True)
class DeptMatch:
    doc_ids: tuple[str, ...]
    name: str  # the department as stored
    span: tuple[int, int]  # where the question names it
    score: float
    exact: bool = False  # the full name or a stored alias appears verbatim


@dataclass(frozen=True)
class Item:
    """A line item the question names, with the printed labels that mean it."""

    text: str  # as shown in answers
    labels: tuple[str, ...]  # cleaned printed labels (row labels or column components)
    score: float  # match confidence 0..1
    span: tuple[int, int] = (-1, -1)
    term: Term | None = None
    code: str | None = None
    how: str = "label"  # code | label | lexicon | fuzzy
    # 机关运行经费中的物业管理费: the parent's labels and span; the parent scopes the lookup, not a 2nd item
    within: tuple[str, ...] = ()
    within_span: tuple[int, int] = (-1, -1)
    only_within: bool = False  # the question names that table or fund source: no figure from elsewhere

    @property
    def measure(self) -> str | None:
        """The measure this item can also be (人员经费 is a column of 基本支出 tables)."""
        name = self.term.name if self.term else self.text
        for measure, words in MEASURES.items():
            if name == measure or any(name == w for w in words):
                return measure
        return None


def match_departments(text: str, docs: Sequence[Document]) -> list[DeptMatch]:
    """Departments named in a folded question, best first; contiguous name pieces beat abbreviations.

    Only the departments the text can name are scored (`DepartmentIndex`): those written in full first,
    and when none of them is, those sharing an ordered character pair with the text."""
    index = department_index(docs)
    # 财政 of 财政拨款 is a budget word, not 财政局 abbreviated: a run that a budget term goes on from
    term_spans = [(a, b) for a, b, _ in find_terms(text)]
    named = index.named_in_full(text)
    if named:
        exact = [(g, m) for g, m in _scored(text, list(named), index, term_spans) if m.exact]
        if exact:
            # every department named verbatim (外办和区府办 → both); partial runs then only echo a shared prefix.
            # A match found inside a longer department name is that one's (…教育局 of …教育局第2分局): it
            # stands at the department's own, longest free name.
            moved = [m if m.span == named[g] else _at(m, named[g]) for g, m in exact]
            return sorted(moved, key=lambda m: -m.score)
    return choose(
        [m for _, m in _scored(text, index.candidates(text), index, term_spans) if not _mid_word(m, text)]
    )


# where a short name may start inside a department's full name: its start, or right after a place or a party prefix
_NAME_START = "省市区县州旗盟镇乡共委"


def _mid_word(match: DeptMatch, text: str) -> bool:
    """Two characters the question writes together that sit in the middle of a department's name (工作 of
    外事工作委员会, in 各类工作经费): an ordinary word, not a short name, which starts where a name or its
    part after the place starts (人大, 外事) or picks characters apart (外办)."""
    a, b = match.span
    piece = text[a:b]
    if len(piece) != 2:
        return False
    at = match.name.find(piece)
    return at > 0 and at + 2 < len(match.name) and match.name[at - 1] not in _NAME_START


def choose(found: list[DeptMatch]) -> list[DeptMatch]:
    """Of scored matches (best first), those the question names: the best alone when it leads by a whole
    character; else one per stretch of words, as a lower-scored match overlapping a better one is that one's
    rival, not a second department (ties stay: the question is then asked back)."""
    if len(found) > 1 and found[0].score - found[1].score >= 1:
        return found[:1]
    kept: list[DeptMatch] = []
    for m in found:
        if not any(k.score > m.score and _overlap(k.span, m.span) for k in kept):
            kept.append(m)
    return kept


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _at(match: DeptMatch, span: tuple[int, int]) -> DeptMatch:
    """An exact match moved to another name of its department written in full at `span`."""
    return replace(match, span=span, score=span[1] - span[0] + 1.0)


def _scored(
    text: str, groups: Sequence[int], index: DepartmentIndex, term_spans: Sequence[tuple[int, int]]
) -> list[tuple[int, DeptMatch]]:
    """The groups' best matches in the text, best first (ties in group order)."""
    found: list[tuple[int, DeptMatch]] = []
    for g in groups:
        # a name printed whole beats a run of the same length (区府办 the alias, not 政府办公 inside an item)
        best: tuple[float, bool, tuple[int, int]] = (0.0, False, (-1, -1))
        for name in index.names[g]:
            if name and name in text:
                start = text.find(name)
                best = max(best, (len(name) + 1.0, True, (start, start + len(name))))
                continue
            run = longest_subsequence_run(text, name)
            if len(run) >= 2 and (_GENERIC_ORG.sub("", run) or _own_generic_run(run, name, g, index)):
                start = text.find(run)
                if _foreign_tail(text[start + len(run) :], name):
                    continue  # 中共深圳市委宣传部: a sibling organisation sharing the prefix
                if any(a <= start < b and start + len(run) < b for a, b in term_spans):
                    continue
                contiguous = run in name
                if not contiguous and len(run) < 3 and not _ORG_SUFFIX.search(run):
                    continue  # 其中公车: two scattered characters (中…公) are no abbreviation; 外办 is
                # of two abbreviations picking as many characters, the one skipping fewer fits better
                # (区政府办: 人民政府办公室 before 人民政府万里街道办事处); equal picks stay tied
                score = len(run) if contiguous else len(run) * 0.8 - min(skipped_within(run, name), 9) / 100
                best = max(best, (score, False, (start, start + len(run))))
        if best[0] > 0:
            key, group = index.groups[g]
            found.append(
                (
                    g,
                    DeptMatch(
                        tuple(d.doc_id for d in group), group[0].department or key, best[2], best[0], best[1]
                    ),
                )
            )
    found.sort(key=lambda gm: -gm[1].score)
    return found


def _own_generic_run(run: str, name: str, group: int, index: DepartmentIndex) -> bool:
    """A run of organisation words only (省委办 of 省委办公厅) names a department when it is three characters or
    more, one of the department's names (or short names) starts with it, and no other loaded department's
    name prints it: 省政府办 does not name 区政府办, whose name only contains 政府办."""
    return len(run) >= 3 and name.startswith(run) and not index.printed_by_others(run, group)


# an organisation word ending where the department name would (year, 的, 预算 ...), not an item's start
_TAIL_ORG = re.compile(
    r"^[\u4e00-\u9fff]{0,5}?(?:部|局|厅|委员会|办公室|院|中心|署|馆|队)"
    r"(?=$|(?:19|20)\d{2}|\d{2}年|的|今年|去年|本年|上年|前年|预算|决算|部门|三公|有|全年)"
)


def _foreign_tail(after: str, name: str) -> bool:
    """The question's organisation name goes on with words the document's name lacks (宣传部)."""
    m = _TAIL_ORG.match(after)
    return m is not None and not any(ch in name for ch in m.group(0)[:2])


def unknown_department(text: str, docs: Sequence[Document]) -> str | None:
    """An organisation the question starts with that matches no loaded document, e.g. 教育局."""
    m = _ORG_PHRASE.match(text)
    if not m:
        return None
    phrase = m.group(1)
    index = department_index(docs)
    for g in index.candidates(phrase):  # a name the phrase can pick from shares a character pair with it
        for name in index.every_name[g]:
            run = longest_subsequence_run(phrase, name)
            if name in phrase or phrase in name:
                return None
            if len(run) >= max(2, int(len(phrase) * 0.6)):
                start = phrase.find(run)
                if not _foreign_tail(phrase[start + len(run) :], name):
                    return None
    return phrase


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = "□"
    return "".join(chars)


# X中Y / X里的Y / X下的Y / X其中Y / X中所有“Y” / X方面的Y: Y is a part of X
_NESTING = re.compile(
    r"[”\"’」』]?(?P<fee>费用?)?(?:(?:预算|决算)?(?:其中|当中|中的|里的|下的|里面的?|里头的?|下面的?|底下的?|项下的?|方面的?|中|里|下)[，,、]?(?:其中[，,：:]?)?"
    r"(?:(?:所有|全部|各项|各个|每项|每个)的?)?[“\"‘「『]?|"
    r"\s*(?:[—–―－\-]+|[>＞/／])\s*)$"
)


def nest(items: list[Item], text: str) -> list[Item]:
    """Mark an item that follows another one and a nesting word (机关运行经费中的物业管理费) as inside it.

    Not in a share question whose whole is the parent (三公经费中公务接待费占多少: both sides are items); when
    the whole is named after 占 (X下面的Y占总支出多少), the part before 占 may be nested."""
    share_at = text.find("占")
    if share_at >= 0 and not any(it.span[0] > share_at for it in items):
        return items
    out: list[Item] = []
    done: dict[int, Item] = {}
    # in the order the question writes them: an item listed beside a nested one follows it
    for k in sorted(range(len(items)), key=lambda k: items[k].span[0]):
        item = items[k]
        if share_at >= 0 and item.span[1] > share_at:
            out.append(item)
            done[k] = item
            continue
        # 城乡社区管理事务下面，某街道2023年的行政运行: the department (masked) and the year said between them
        before = _SAID_BETWEEN.sub("", text[: item.span[0]])
        m = _NESTING.search(before)
        parent = None
        if m and item.span[0] > 0:
            # the parent ends where the nesting word starts, or before a 费 its own span left out (…运行费中)
            ends = {m.start(), m.end("fee")} if m.group("fee") else {m.start()}
            parent = next((p for p in items if p is not item and p.span[1] in ends), None)
            if parent is not None and "方面" in m.group(0) and _a_total(item):
                parent = None  # 卫生健康方面的支出总共: the area's own total, nothing inside it
        if parent is not None:
            item = replace(item, within=parent.labels, within_span=parent.span)
        elif out and out[-1].within and _LISTED_WITH.fullmatch(text[out[-1].span[1] : max(item.span[0], 0)]):
            # 机关运行经费中，水费和电费 / 电费比水费: an item set beside a nested one is inside the same parent
            item = replace(item, within=out[-1].within, within_span=out[-1].within_span)
        out.append(item)
        done[k] = item
    return [done[k] for k in range(len(items))]


# what a question may say between a parent and the item under it: the department (masked) and its year
_SAID_BETWEEN = re.compile(
    r"(?<=[^，,])[，,]?□+(?:(?:19|20)\d{2}年度?)?(?:部门)?(?:预算|决算)?的?$|[，,]□*(?:19|20)\d{2}年度?的?$"
)
# 水费和电费 / 电费比水费 / 电费还是水费: a second item set beside the first, inside the same parent
_LISTED_WITH = re.compile(r"(?:的)?(?:和|与|及|以及|跟|、|比|比较|相比|对比|还是|或)")


def _printed_row(item: Item) -> bool:
    """A row label the question writes as printed (not a budget term such as 基本支出, which may be a column)."""
    return item.how == "label" and item.term is None


@lru_cache(maxsize=64)
def _forms(labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(what a question may write, the printed label), longest first: each label, and a label ending in 支出
    without it (其他城乡社区管理事务 → 其他城乡社区管理事务支出) when the rest is no label, no everyday term and
    no other label's rest, so that it beats a shorter label inside it (城乡社区管理事务)."""
    printed = set(labels)
    stems: dict[str, list[str]] = {}
    for label in labels:
        stem = label[:-2]
        if label.endswith("支出") and len(stem) >= 5 and stem not in printed and not _a_term(stem):
            stems.setdefault(stem, []).append(label)
    # 台式计算机 for 台式计算机（20万以下）: a label said without its closing parenthesis, when no other label has it
    bare: dict[str, list[str]] = {}
    for label in labels:
        m = _CLOSING_PAREN.match(label) or _TOTAL_OF.match(label)  # 人员经费 for 人员经费合计 too
        if m and m.group(1) not in printed:
            bare.setdefault(m.group(1), []).append(label)
    forms = [(label, label) for label in labels]
    forms += [(stem, owners[0]) for stem, owners in stems.items() if len(set(owners)) == 1]
    forms += [(stem, owners[0]) for stem, owners in bare.items() if len(set(owners)) == 1]
    forms += _without_parent_stem(labels, printed)
    # 公益性岗位的补贴 for 公益性岗位补贴: a label's kind word (补贴, 经费 …) said after 的
    spoken: dict[str, list[str]] = {}
    for label in labels:
        if m := _KIND_AFTER.match(label):
            spoken.setdefault(f"{m.group(1)}的{m.group(2)}", []).append(label)
    # 提升人大代表履职能力 for 人大代表履职能力提升: a label ending in the verb of what is done, said verb first
    for label in labels:
        if (m := _VERB_LAST.match(label)) and (form := f"{m.group(2)}{m.group(1)}") not in printed:
            spoken.setdefault(form, []).append(label)
    forms += [(form, owners[0]) for form, owners in spoken.items() if len(set(owners)) == 1]
    return tuple(sorted(forms, key=lambda f: -len(f[0])))


_VERB_LAST = re.compile(r"^([\u4e00-\u9fff]{4,})(提升|建设|保障|改造|维护|整治|运维|培训)$")
_KIND_AFTER = re.compile(r"^([\u4e00-\u9fff]{3,})(补贴|补助|经费|支出|资金)$")


# words that say what kind of figure a row is, and nothing of which row
_KIND_WORDS = frozenset({"收入", "支出", "经费", "资金", "费用", "项目", "补助", "补贴", "合计", "小计"})
_PARENT_END = re.compile(r"(?:支出|事务|管理事务)$")
_TOTAL_OF = re.compile(r"^([\u4e00-\u9fff]{2,})(?:合计|小计|总计)$")
_CLOSING_PAREN = re.compile(r"^([\u4e00-\u9fff]{3,})[(（][^()（）]{1,12}[)）]$")


def _without_parent_stem(labels: Sequence[str], printed: set[str]) -> list[tuple[str, str]]:
    """A 项 whose name repeats its parent's stem (城乡社区环境卫生 under 城乡社区支出, 人大立法 under 人大事务) is
    said without it (环境卫生, 立法): that rest, when it is at least three characters (or two after a stem of
    two), no printed label, no everyday term, and the rest of exactly one label."""
    stems = {
        stem for label in labels if (m := _PARENT_END.search(label)) and len(stem := label[: m.start()]) >= 2
    }
    rests: dict[str, set[str]] = {}
    for label in labels:
        for cut in range(2, len(label) - 1):  # each prefix looked up: linear in the labels, however many
            rest = label[cut:]
            if (
                label[:cut] in stems
                and len(rest) >= (2 if cut == 2 else 3)
                and not _PARENT_END.search(rest)
                # 其他收入 / 经营收入 are never said as 收入; 本年收入 is (本年 only says which year)
                and (rest not in _KIND_WORDS or label[:cut] == "本年")
            ):
                rests.setdefault(rest, set()).add(label)
    return [
        (rest, next(iter(owners)))
        for rest, owners in rests.items()
        if len(owners) == 1 and rest not in printed and not _a_term(rest) and _HAN_ONLY.fullmatch(rest)
    ]


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


_SPLIT_LABEL = 6  # a label this long, split by a 的 in the question, is still that label


def label_mentions(text: str, index: FactIndex, labels: Sequence[str] | None = None) -> list[Item]:
    """Printed labels that occur verbatim in the question (longest first, non-overlapping).

    `labels`: only these (the asked documents' own labels), so another document's row cannot name the item."""
    items: list[Item] = []
    taken: list[tuple[int, int]] = []
    printed = index.labels if labels is None else labels
    # 年初的财政拨款结转和结余: a long printed label the question splits with a 的 of its own
    squeezed = text.replace("的", "") if "的" in text else ""
    back = [i for i, ch in enumerate(text) if ch != "的"] if squeezed else []
    for form, label in _forms(tuple(printed)):  # longest first
        start = text.find(form)
        if start >= 0:
            end = start + len(form)
        elif len(form) >= _SPLIT_LABEL and "的" not in form and (at := squeezed.find(form)) >= 0:
            start, end = back[at], back[at + len(form) - 1] + 1
        else:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        items.append(Item(label, (label,), 1.0, (start, end), how="label"))
    items += abbreviated_mentions(text, index.labels if labels is None else labels, taken)
    items += _reworded_lists(text, index.labels if labels is None else labels, [it.span for it in items])
    lexical = lexicon_mentions(text)
    # 一般公共预算基本支出 = 一般公共预算 + 基本支出: a label everyday words tile exactly is read as those
    # words (an item + a measure), which every document prints, not as one template's column name;
    # not when another measure word is asked too (财政拨款三公经费决算: the label keeps 决算 the measure)
    if not _other_measure(text, [it.span for it in items]):
        items = [it for it in items if not _tiled(it.span, lexical)]
    # a parent may be an everyday word (机关运行经费中的物业管理费): offer lexicon spans as parents
    parents = [it for it in lexical if not any(it.span == x.span for x in items)]
    nested = nest([*items, *parents], text)
    kept = _nest_printed([it for it in nested if any(it.span == x.span for x in items)], text, index, parents)
    return _listed_parents(kept, text, index)


# 宣传、组织、统战三块的一般行政管理事务: short names of classes, listed, then a row printed under each of them
_SHORT_PARENTS = re.compile(
    r"(?P<names>[\u4e00-\u9fff]{2,8}(?:[、，,和及与跟][\u4e00-\u9fff]{2,6}?)+)"
    r"(?:[两二三四五六七八九十几]?(?:块|个|项|类|方面|部分))?(?:里面|里|中|下面|下|内|各自|分别)?的?$"
)


def _listed_parents(items: list[Item], text: str, index: FactIndex) -> list[Item]:
    """宣传、组织、统战三块的一般行政管理事务: a row printed under several classes, after a list of the classes'
    short names (each the start of exactly one class the row is printed under): the row under each, one item
    per class, named with its class."""
    if len(items) != 1 or items[0].within or not _printed_row(items[0]):
        return items
    (item,) = items
    m = _SHORT_PARENTS.search(text[: item.span[0]])
    if m is None:
        return items
    parents = {
        part
        for label in item.labels
        for i in index.by_row.get(label, ())
        for part in index.cells[i].fact.row_path
        if part
    }
    out = []
    start = m.start("names")
    for said in re.split(r"[、，,和及与跟]", m.group("names")):
        at = text.index(said, start)
        start = at + len(said)
        # the first name may run on from the words before it (万里街道宣传): its shortest tail naming one class
        for cut in range(len(said) - 2, -1, -1):
            name = said[cut:]
            owners = [p for p in parents if fold(p).startswith(fold(name)) and fold(p) != fold(name)]
            if len(owners) == 1:
                break
        else:
            return items
        at += cut
        out.append(
            replace(
                item,
                text=f"{owners[0]}{item.text}",
                span=(at, at + len(name)),
                within=(owners[0],),
                only_within=True,
            )
        )
    return out


@lru_cache(maxsize=16384)
def _a_term(words: str) -> bool:
    """The words are one everyday term of the lexicon, whole."""
    return any(end - start == len(words) for start, end, _ in find_terms(words))


_UNDER_WORD = re.compile(r"(?:里面|里|中|下面|下|内)?的")
_CLOSING = re.compile(r"[）)”\"’」』]*")


def _nest_printed(items: list[Item], text: str, index: FactIndex, terms: Sequence[Item] = ()) -> list[Item]:
    """城乡社区管理事务的行政运行: a printed row written after another printed row and 的 is the one under it,
    when the tables print it under that row (行政运行 is printed under many 款; 会议服务的会议费 names two
    things, not one under the other). The parent may be an everyday word for a printed class, written
    right before the row (城乡社区一般行政管理事务: 一般行政管理事务 under 城乡社区支出, not two items)."""
    out = []
    for item in items:
        parent = None
        if not item.within and _printed_row(item):
            # 城乡社区管理事务的行政运行 / …事务里的行政运行 / …事务下面的行政运行 / 城乡社区管理事务“行政运行”
            parent = next(
                (
                    p
                    for p in [*items, *terms]
                    if p is not item
                    and (
                        (_printed_row(p) and _UNDER_WORD.fullmatch(text[p.span[1] : item.span[0]]))
                        # （党委办公厅及相关机构事务）行政运行: a closing bracket or quote only between them
                        or (
                            p.span[1] <= item.span[0]
                            and _CLOSING.fullmatch(text[p.span[1] : item.span[0]])
                            and (_printed_row(p) or p.how == "lexicon")
                        )
                    )
                    and _printed_under(item, p, index)
                ),
                None,
            )
        if parent is not None:
            item = replace(item, within=parent.labels, within_span=parent.span)
        out.append(item)
    return out


def _printed_under(item: Item, parent: Item, index: FactIndex) -> bool:
    heads = [fold(x) for x in parent.labels]
    for label in item.labels:
        for i in index.by_row.get(label, ()):
            path = fold("".join(index.cells[i].fact.row_path))
            if any(h in path for h in heads):
                return True
    return False


# the joining words of a listed name (空调、电梯维修和保养服务), which a question may put elsewhere
_JOINERS = re.compile(r"[、和及与的,，]")
_JOINED_LABEL_MIN = 6  # characters left of a label without its joining words: shorter ones are too common


def _reworded_lists(text: str, labels: Sequence[str], taken: list[tuple[int, int]]) -> list[Item]:
    """空调和电梯的维修保养服务 for 空调、电梯维修和保养服务: a printed label that lists things, said with its joining
    words moved or left out; matched with the joining words of both left out, where no label is named already."""
    kept = [i for i, ch in enumerate(text) if not _JOINERS.match(ch)]
    bare = "".join(text[i] for i in kept)
    found: list[Item] = []
    for label, core in _joined_labels(tuple(labels)):
        if (at := bare.find(core)) < 0:
            continue
        span = (kept[at], kept[at + len(core) - 1] + 1)
        if any(s < span[1] and span[0] < e for s, e in [*taken, *(it.span for it in found)]):
            continue
        found.append(Item(label, (label,), 1.0, span, how="label"))
    return found


@lru_cache(maxsize=64)
def _joined_labels(labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The labels that list things (with 、 和 及 …), longest first, each with its words alone."""
    joined = sorted({x for x in labels if _JOINERS.search(x)}, key=len, reverse=True)
    cores = ((x, _JOINERS.sub("", x)) for x in joined)
    return tuple((x, core) for x, core in cores if len(core) >= _JOINED_LABEL_MIN)


def abbreviated_mentions(text: str, labels: Sequence[str], taken: list[tuple[int, int]]) -> list[Item]:
    """Printed labels the question abbreviates (其他社保和就业支出 → 其他社会保障和就业支出), where no verbatim label
    or another abbreviation is named; one label per place, the longest abbreviation first."""
    found: list[tuple[int, int, int, str]] = []
    for label in labels:
        if len(label) < 5:
            continue
        start = text.find(label[0])
        while start >= 0:
            end = abbreviation_at(text, start, label)
            if end > 0:
                found.append((end - start, start, end, label))
            start = text.find(label[0], start + 1)
    # 人大监督、代表履职能力提升和代表工作: a label without a short lead the list shares (人大代表履职能力提升),
    # when its rest (five characters or more) is printed in no other label's place
    tails: dict[str, list[str]] = {}
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    for label in labels:
        for cut in (1, 2):
            if len(label) - cut >= 5:
                tails.setdefault(label[cut:], []).append(label)
        # 十二届人代会五次会议经费 → 江苏省第十二届人代会五次会议经费: a long name's rest of eight characters or more,
        # its lead (where, which body) left out
        for cut in range(3, len(label) - 7):
            if label[cut : cut + 2] in grams:  # a rest the question cannot hold is not kept
                tails.setdefault(label[cut:], []).append(label)
    # 城乡社区管理 → 城乡社区管理事务: a label without the generic word it ends in, when no other label shares it
    # (机关运行经费 stays the everyday term it is, not 机关运行经费支出)
    for label in labels:
        for suffix in ("事务支出", "事务", "支出"):
            stem = label[: -len(suffix)]
            if label.endswith(suffix) and len(stem) >= 4 and not (suffix == "支出" and _a_term(stem)):
                tails.setdefault(stem, []).append(label)
    for tail, owners in tails.items():
        start = text.find(tail)
        if start >= 0 and len(set(owners)) == 1 and tail not in labels:
            found.append((len(tail), start, start + len(tail), owners[0]))
    items = []
    for _size, start, end, label in sorted(found, key=lambda f: (-f[0], len(f[3]))):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        items.append(Item(label, (label,), 0.95, (start, end), how="label"))
    return items


# 买(新)公车 / 购买公务用车: buying a vehicle is its 购置, not the 购置及运行维护 of the 三公 line
_BUYING = re.compile(r"(?:买|购买|购置|新购|添置|采购)新?的?$")
_VEHICLE_LINE = "公务用车购置及运行维护费"


def lexicon_mentions(text: str) -> list[Item]:
    items = []
    for start, end, found in find_terms(text):
        term = found
        if found.name == _VEHICLE_LINE and _BUYING.search(text[max(0, start - 4) : start]):
            term = term_by_name("公务用车购置费") or found
        labels = tuple(dict.fromkeys(clean_label(x) for x in (*term.labels, term.name)))
        items.append(Item(term.name, labels, 0.95, (start, end), term=term, how="lexicon"))
    return nest(items, text)


def code_mentions(text: str, codes: Sequence[str], index: FactIndex) -> list[Item]:
    out = []
    for code in codes:
        if code in index.by_code:
            cell = index.cells[index.by_code[code][0]]
            start = text.find(code)
            out.append(
                Item(cell.row or code, (cell.row,), 1.0, (start, start + len(code)), code=code, how="code")
            )
    return out


# 管离退休干部那块钱（社会保障和就业支出） / 请中介做审计、绩效评价那块（财政委托业务）: everyday words, then the
# printed name in brackets they stand for
_BRACKET_GLOSS = re.compile(r"([\u4e00-\u9fff、]{2,16})[（(]([^（()）]{2,24})[）)]")


def gloss_masked(text: str, items: Sequence[Item], labels: Sequence[str]) -> str:
    """The (masked) question with the everyday words a bracketed printed name glosses masked (□): the name in
    brackets is what it asks about, as `budgetqa.qa.coverage` reads such a gloss. An item the words put the next
    one in (机关运行经费里…) is kept: a scope, not a gloss."""
    chars = list(text)
    for m in _BRACKET_GLOSS.finditer(text):
        (o_start, o_end), (i_start, i_end) = m.span(1), m.span(2)
        inner = [it for it in items if i_start <= it.span[0] and it.span[1] <= i_end]
        if not inner or any(it.how != "label" for it in inner) or _QUALIFIES.match(text, i_start):
            continue  # only a name the tables print stands for the words before it
        outer = [it for it in items if o_start <= it.span[0] and it.span[1] <= o_end]
        if any(it.how == "label" and it.text not in {x.text for x in inner} for it in outer):
            continue  # 基本支出（财政拨款）: a printed row the brackets qualify, not everyday words they gloss
        # …年的X（…的…X）: the brackets spell out the printed row that the words after the last 的 name, a gloss
        # even though that row holds a 的; only those words are masked
        tail = text.rfind("的", o_start, o_end) + 1 or o_start
        if text[tail:o_end] and any(text[tail:o_end] in it.text for it in inner):
            o_start = tail
        elif _spells_a_label(text[o_start:o_end], labels):
            continue  # 全国人代会江苏代表团的工作经费（会议服务）: a printed name, the brackets a row under it
        scopes = [
            it.span
            for it in items
            if o_start <= it.span[0] and it.span[1] <= o_end and _CONTAINS.match(text, it.span[1])
        ]
        for at in range(o_start, o_end):
            if not any(s <= at < e for s, e in scopes):
                chars[at] = "□"
    return "".join(chars)


def bracketed_after(text: str, a: Item, b: Item) -> bool:
    """B is written in brackets right after A (商品和服务支出（公用经费）): the same thing named twice."""
    return text[a.span[1] : b.span[0]] in ("（", "(") and text[b.span[1] : b.span[1] + 1] in ("）", ")")


def _spells_a_label(words: str, labels: Sequence[str]) -> bool:
    """Whether most of the words' character pairs are one printed label's (a name said with 的 inside it)."""
    pairs = bigrams(words)
    return len(pairs) >= 3 and any(len(pairs & bigrams(label)) * 2 > len(pairs) for label in labels)


# （含财政拨款）/（不含…）/（其中…）: brackets that narrow or widen what comes before them
_QUALIFIES = re.compile(r"含|包含|包括|不含|不包括|其中|除|扣除|剔除|仅|只")
# 机关运行经费里的差旅费（…）: an item the question puts the next one in is its scope, no gloss
_CONTAINS = re.compile(r"(?:里面|里头|当中|之中|下面|里|中|内|下)")


def merge_mentions(label_items: list[Item], lexicon_items: list[Item], code_items: list[Item]) -> list[Item]:
    """Resolve overlaps: codes first, then the longer span; a printed label wins a tie.

    A lexicon term whose labels the printed label already is (公务接待费) lends it its table hint.
    """
    chosen: list[Item] = list(code_items)
    pool = sorted(
        [*label_items, *lexicon_items],
        key=lambda it: (-(it.span[1] - it.span[0]), 0 if it.how == "label" else 1),
    )
    coded = {label for c in code_items for label in c.labels}
    for item in pool:
        if any(c.span[0] < item.span[1] and item.span[0] < c.span[1] for c in chosen):
            continue
        if coded & set(item.labels):
            continue  # 2050803培训支出: the code and the name are one mention
        if item.how == "label":
            for lex in lexicon_items:
                if item.text in lex.labels:
                    item = replace(item, labels=lex.labels, score=1.0, term=lex.term)
                    break
        chosen.append(item)
    # a parent named only to scope its part is not an item of its own
    parents = {it.within_span for it in chosen if it.within}
    chosen = [it for it in chosen if it.span not in parents]
    # 社保和就业: two everyday words of one printed item are one mention, not two items to add or compare
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    unique = []
    for it in sorted(chosen, key=lambda it: it.span[0]):
        key = (it.labels, it.within)
        if it.how == "lexicon" and key in seen:
            continue
        seen.add(key)
        unique.append(it)
    return unique


def nest_terms(items: list[Item], text: str) -> list[Item]:
    """立法费及法制专刊费那一项印刷服务: an everyday term written after a printed row and a nesting word is read
    under that row, which then names no item of its own. Not in a share question whose whole is the parent
    (三公经费里出国经费占多少: both are items, as nest says)."""
    share_at = text.find("占")
    if share_at >= 0 and not any(it.span[0] > share_at for it in items):
        return items
    out = []
    for it in items:
        if it.how == "lexicon" and not it.within and it.span[0] > 0:
            m = _NESTING.search(_SAID_BETWEEN.sub("", text[: it.span[0]]))
            if m:
                ends = {m.start(), m.end("fee")} if m.group("fee") else {m.start()}
                parent = next((p for p in items if p.how == "label" and p.span[1] in ends), None)
                if parent is not None:
                    it = replace(it, within=parent.labels, within_span=parent.span)
        out.append(it)
    parents = {it.within_span for it in out if it.within and it.how == "lexicon"}
    return [it for it in out if it.span not in parents]


def _other_measure(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """A measure word (决算, 预算数, 项目支出 ...) outside every label span."""
    rest = _mask(text, spans)
    return any(form in rest for form, _ in MEASURE_SAYS)


def _tiled(span: tuple[int, int], lexicon_items: Sequence[Item]) -> bool:
    inside = sorted(it.span for it in lexicon_items if span[0] <= it.span[0] and it.span[1] <= span[1])
    if len(inside) < 2 or inside[0][0] != span[0] or inside[-1][1] != span[1]:
        return False
    return all(a[1] == b[0] for a, b in zip(inside, inside[1:], strict=False))


def residue(text: str) -> str:
    """What is left of a (masked) question once years, question words and operations are removed."""
    return _NOISE.sub("", text.replace("□", ""))


EmbedFn = Callable[[str, Sequence[str]], list[float]]


def fuzzy_items(
    text: str,
    index: FactIndex,
    embed: EmbedFn | None = None,
    *,
    limit: int = 3,
    labels: Sequence[str] | None = None,
) -> list[Item]:
    """Labels most like the question's residue, by bigram overlap, optionally reranked by embeddings."""
    rest = residue(text)
    if len(rest) < 2:
        return []
    # 信访这块的钱 / 信访经费: the subject without the money word after it, which every row could carry
    core = _MONEY_TAIL.sub("", rest)
    if core != rest and len(_DOING_LEAD.sub("", core)) >= 2:
        core = _DOING_LEAD.sub("", core)  # 处理信访的经费: what is done names the row, not the verb doing it
    scored = []
    for label in index.labels if labels is None else labels:
        if label.startswith("其他") and "其他" not in rest:
            continue  # a catch-all row (其他项目, 其他支出) is never what a question means unless it says so
        lexical = max(dice(rest, label), 0.9 * coverage(label, rest) if len(label) >= 3 else 0.0)
        if core != rest and len(core) >= 2 and core in label and len(label) <= 3 * len(core):
            scored.append((max(lexical, 0.5 + 0.3 * len(core) / len(label)), label))
            continue
        if len(rest) > 6 and coverage(rest, label) < 0.25:
            continue  # 移动办公平台运维费 is not 办公费: a short row says a small part of what is asked
        if lexical > 0.2 and (coverage(label, rest) >= 0.5 or _common_run(label, rest) >= 3):
            # 计划生育服务 shares only 计划 and 服务 with 用款计划…服务中心: scattered pairs name no row
            scored.append((lexical, label))
    scored.sort(reverse=True)
    top = scored[: max(limit * 4, 12)]
    if embed is not None and top:
        sims = embed(rest, [label for _, label in top])
        top = sorted(
            ((0.7 * lex + 0.3 * sim, label) for (lex, label), sim in zip(top, sims, strict=True)),
            reverse=True,
        )
    return [
        Item(label, (label,), round(score, 3), how="fuzzy")
        for score, label in top[:limit]
        if score >= FUZZY_MIN
    ]


_MONEY_TAIL = re.compile(r"(?:的)?(?:钱|经费|费用|资金|款项?)$")
# 用于处理… / 接待… / 搞…: a verb of doing before what money is for
_DOING_LEAD = re.compile(r"^(?:专门|主要)?(?:用于|用来|负责|处理|办理|受理|接待|开展|进行|搞)+")


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters both strings contain."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def is_org_like(label: str) -> bool:
    return bool(_ORG_SUFFIX.search(label))


# a table the question names: 财政拨款收支总表里 / 在机关运行经费表中 (the phrase ends in 表 or a nesting word)
_TABLE_WORD = re.compile(r"[\u4e00-\u9fff“”\"()、]{3,30}?表(?=里|中|内|上|的|那|这|[,;:!?]|$)")
_BEFORE_NESTING = re.compile(r"([\u4e00-\u9fff“”\"()、]{4,30}?)(?:里面的?|里的?|中的?|下面的?)$")
# column words that mark a funding source or a part of the spending; with another item beside them they say
# where to look (用财政拨款安排的基本支出里的退休费), not what to look up
_QUALIFIERS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "单位资金", "政府采购")
_CATEGORIES = ("货物采购", "工程采购", "服务采购")
# the department's own totals (收支总表), as the lexicon names them
DEPARTMENT_TOTALS = frozenset(
    {"收支总计", "收入总计", "支出总计", "本年收入合计", "本年支出合计"}
)  # 政府采购里买服务: the category is asked, 政府采购 stays


def _titles(docs: Sequence[Document]) -> list[str]:
    return list(dict.fromkeys(fold(t.title) for d in docs for t in d.tables if t.title))


# what names a whole document, never one of its tables: 部门预算 / 2025年度部门决算 / 单位预算公开
_DOCUMENT_WORDS = re.compile(r"(?:(?:19|20)\d{2})?年?度?(?:部门|单位)?(?:预算|决算)(?:公开|报告|文件)?")


def _named_table(phrase: str, titles: Sequence[str], *, exact: bool) -> str | None:
    """The longest tail of `phrase` (≥ 4 characters) that names a few of the tables: printed inside a title
    (exact) or as a subsequence of one (财政拨款收支总表 ⊂ 财政拨款收支预算总表). A tail every second table
    prints (支出预算表) names none. Returns the tail as printed in the first title it fits."""
    phrase = re.sub(r"[“”\"]", "", phrase)
    for start in range(max(len(phrase) - 4, 0) + 1):
        tail = phrase[start:]
        core = tail[:-1] if tail.endswith("表") else tail
        if len(core) < 4:
            break
        if _DOCUMENT_WORDS.fullmatch(core):
            continue  # 部门预算里的项目支出: the document itself, not one of its tables
        hits = [t for t in titles if (core in t if exact else is_subsequence(tail, t))]
        # 收入决算表 names the table printed so, though 收入支出决算总表 and others spell it out of order
        printed = [t for t in hits if tail in t]
        if printed and len(printed) * 2 <= max(len(titles), 2):
            hits = sorted(printed, key=lambda t: (t != tail, len(t)))
        if hits and len(hits) * 2 <= max(len(titles), 2):
            return core if core in hits[0] else hits[0]
    return None


def _scope_to_table(it: Item, items: Sequence[Item], text: str, titles: Sequence[str]) -> Item:
    """机关运行经费里的差旅费: the words before a nesting word name a table (一般公共预算机关运行经费支出预算表)
    and no other item stands between them: the item is looked up in that table."""
    if it.within or it.span[0] <= 0:
        return it
    m = _BEFORE_NESTING.search(text[: it.span[0]])
    if m is None:
        return it
    name = _named_table(m.group(1), titles, exact=True)
    if name is None or any(o is not it and o.span[1] > m.start(1) and o.span[0] < it.span[0] for o in items):
        return it
    return replace(it, within=(name,), within_span=m.span(1), only_within=True)


def table_scope(
    text: str, items: list[Item], measure: str | None, docs: Sequence[Document], *, several: bool = False
) -> tuple[list[Item], str | None]:
    """Scope items to the table the question names, and turn funding-source words beside another item into
    that item's scope. `within` then makes the lookup read the named table first."""
    # 政府采购预算总额: a total word right after an item is that item's total, not the department's
    items = [
        it
        for it in items
        if not (
            _a_total(it)
            and any(o is not it and not _a_total(o) and 0 <= it.span[0] - o.span[1] <= 3 for o in items)
        )
    ]
    titles = _titles(docs)
    table: tuple[str, tuple[int, int]] | None = None
    for m in _TABLE_WORD.finditer(text):
        name = _named_table(m.group(0), titles, exact=False)
        if name:
            table = (name, m.span())
            break
    out = list(items)
    if table is not None:
        name, (s, e) = table
        out = [it for it in out if not (s <= it.span[0] and it.span[1] <= e)]
        if not out and measure:
            out = [replace(it, span=(e, e)) for it in lexicon_mentions(measure)][:1]
            measure = None if out else measure
        out = [
            it if it.within else replace(it, within=(name,), within_span=(s, e), only_within=True)
            for it in out
        ]
    else:
        out = [_scope_to_table(it, out, text, titles) for it in out]
    if not several:
        # 三公经费中公车的钱: the parent only scopes the narrower item, it is not asked for itself
        out = [
            a
            for a in out
            if not any(b is not a and b.within and overlaps(a.span, b.within_span) for b in out)
        ]
    names = [it.term.name if it.term else it.text for it in out]
    plain = [it for it, n in zip(out, names, strict=True) if n not in _QUALIFIERS]
    if any(n in _CATEGORIES for n in names) or any(_a_total(it) for it in plain):
        plain = out  # 政府采购里买服务 / 政府采购预算总额: the category, or the fund's own total, is asked
    if "政府采购" in names and not (len(plain) == 1 and plain[0].how == "label"):
        plain = out  # only one printed row of the procurement table (采购PC服务器) is scoped by it
    between = "".join(text[min(a.span[1], b.span[1]) : max(a.span[0], b.span[0])] for a in out for b in out)
    if 0 < len(plain) < len(out) and not several and not re.search(r"和|与|及|跟|同|加|、|占|比", between):
        sources = [it for it in out if it not in plain]
        plain = [it if it.within else replace(it, within=sources[0].labels, only_within=True) for it in plain]
        out = plain
    return out, measure


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two question spans share a character (an unplaced span, -1, shares none)."""
    return a[0] >= 0 and b[0] >= 0 and a[0] < b[1] and b[0] < a[1]


def _a_total(it: Item) -> bool:
    name = it.term.name if it.term else it.text
    return name in DEPARTMENT_TOTALS or all(is_total_label(w) for w in (it.text, *it.labels) if w)
