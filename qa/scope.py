"""Which loaded publications a question is about, and when to say honestly that none is.

Three rules live here, all decided before any figure is looked up:

* one publication, one answer: the same budget ingested twice (PDF and its text conversion) is a single
  publication; the PDF copy (it has pages) answers, the other is only a fallback;
* every department named binds to its own year (外办2023年和区府办2025年); a department named without
  a year takes the year of its only loaded publication;
* an organisation, a year or a document kind (决算 when only a 预算 is loaded) that no loaded document
  covers is a `not_found`, never a clarification between near-miss items.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from budgetqa.qa import compose
from budgetqa.qa.departments import DepartmentIndex, department_index, names_of
from budgetqa.qa.matching import DeptMatch
from budgetqa.qa.question import ABOUT_UNITS_ASKED, Intent
from budgetqa.qa.text import fold, is_subsequence
from budgetqa.store import Document

# An organisation named in the question: a run of characters ending in an organisation suffix, standing
# where a subject stands (start of the question, after a year or a conjunction) and followed by a year,
# a particle or a budget word. Conservative on purpose: a false "unknown organisation" is a wrong answer.
_ORG = re.compile(
    r"(?:^|(?<=[和与、，,及跟同比是]|年))(?:(?<=年)[底末初度])?"  # 截至2024年底XX局: 底 is the date's
    r"([^\W\d和与及比跟同的是在年]{1,16}?(?:局|厅|委员会|办公室|院|中心|政府|署|馆|委|办|宣传部|组织部|统战部))"
    r"(?=(?:19|20)\d{2}|\d{2}年|的|和|与|、|，|,|今年|去年|本年|上年|明年|预算|决算|部门|单位|三公|在|有|全年|一共|总共|$)"
)
# An asking word or a preposition before the name (为什么XX厅…, 根据XX厅…, 按XX办…) is not part of it.
_ASKING_LEAD = re.compile(
    r"^(?:为什么|为何|为啥|怎么|如何|到底|究竟|根据|依据|按照|参照|对照|关于|对于|有关|按|据|照)"
)
# Where it is said, before the name (部门预算里说XX办… / 预算中XX局…): not part of it
_WHERE = (
    r"(?:部门|单位)?(?:预算|决算)(?:公开)?(?:文件|报告|说明|材料)?(?:里面|里|中|上)(?:说|讲|写|提到|显示)?的?"
)
_WHERE_LEAD = re.compile("^" + _WHERE)
_WHERE_BEFORE = re.compile(_WHERE + "$")
# Words that name no particular organisation (本单位, 该部门): never "unknown".
_GENERIC = re.compile(r"^(?:本|该|此|各|这个|那个|哪个|哪些)")
# A unit under the department (外办下属的XX中心, 办公厅培训中心, 下属事业单位): a 部门预算 consolidates
# them, so unless a row or table prints the unit, the documents give only the department's figures.
_SUB_SUFFIX = (
    r"(?:服务中心|中心|研究所|事务所|研究院|院|站|队|馆|学校|幼儿园|医院|基地|所属单位|下属单位|直属单位|"
    r"事业单位|单位|机构|公司|协会|学会)"
)
_UNDER = re.compile(
    rf"(?:下属|所属|直属|旗下|下设|管辖|下面)的?(?:那|这|这些|那些)?(?:\d+|[一二三四五六七八九十两几]+)?[家个所]?"
    rf"([^\W\d的和与及跟同、]{{0,14}}?{_SUB_SUFFIX})"
)
_AFTER_DEPT = re.compile(
    r"^(?:的|之)?([^\W\d的和与及跟同、]{1,12}?(?:中心|研究所|事务所|研究院|站|队|馆|学校|事业单位|下属单位))"
    r"(?=(?:19|20)\d{2}|\d{2}年|的|单独|自己|本身|今年|去年|本年|上年|预算|决算|收入|支出|经费|有|是|在|,|\?|$)"
)
# 档案局培训中心 / 2031年档案局的培训中心: a department's name (ending as organisations do), then a unit
_HEAD_UNIT = re.compile(
    r"(?:^|(?<=[,和与及年]))([^\W\d的]{1,16}?(?:局|厅|委员会|办公室|委|办|政府|部|室|院|会|处))"
    + _AFTER_DEPT.pattern.lstrip("^")
)
_GENERIC_UNIT = re.compile(r"^(?:事业|所属|下属|直属|二级|基层|预算|行政){0,2}单位$|^机构$")
_YEAR_AT = re.compile(r"^\s*(?:(?:19|20)(\d{2})|(\d{2})(?=年))\s*年?")
_DECISION_WORDS = re.compile(r"决算")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Target:
    """One department at one year: the documents that answer for it."""

    name: str  # the department as stored
    year: int | None
    docs: tuple[Document, ...]
    span: tuple[int, int]  # where the question names the department


def _rank(doc: Document) -> tuple[int, str]:
    """PDF first (it has pages to cite), then by name for a stable choice."""
    return (0 if doc.pages else 1, doc.source)


def publication_key(doc: Document) -> tuple[str, int | None, str | None, str | None]:
    return (fold(doc.department or doc.source), doc.year, doc.doc_kind, doc.title)


_PUBLICATIONS: OrderedDict[tuple[int, ...], tuple[Sequence[Document], list[Document], list[Document]]] = (
    OrderedDict()
)
_PUBLICATIONS_LOCK = threading.Lock()


def one_per_publication(docs: Sequence[Document]) -> tuple[list[Document], list[Document]]:
    """(primary copies, the duplicates set aside): a text rendering of a publication whose PDF is loaded
    is a copy; several PDFs of one department, year, kind and title are its parts (文字部分 + 表格部分) and all
    answer together. Worked out once per list of documents (a store generation's are reused objects, known
    by identity and kept alive here)."""
    key = tuple(map(id, docs))
    with _PUBLICATIONS_LOCK:
        hit = _PUBLICATIONS.get(key)
        if hit is not None:
            _PUBLICATIONS.move_to_end(key)
            return list(hit[1]), list(hit[2])
    primary, duplicates = _one_per_publication(docs)
    with _PUBLICATIONS_LOCK:
        _PUBLICATIONS[key] = (tuple(docs), primary, duplicates)
        while len(_PUBLICATIONS) > 8:
            _PUBLICATIONS.popitem(last=False)
    return list(primary), list(duplicates)


def _one_per_publication(docs: Sequence[Document]) -> tuple[list[Document], list[Document]]:
    best: dict[tuple[str, int | None, str | None, str | None], Document] = {}
    for doc in docs:
        key = publication_key(doc)
        if key not in best or _rank(doc) < _rank(best[key]):
            best[key] = doc
    keep = set(id(d) for d in best.values())
    keep |= {id(d) for d in docs if d.pages and best[publication_key(d)].pages}
    return [d for d in docs if id(d) in keep], [d for d in docs if id(d) not in keep]


def doc_names(doc: Document) -> list[str]:
    return names_of(doc)


def org_phrases(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Organisation names the (folded) question puts in subject position, with their spans."""
    out = []
    for m in _ORG.finditer(text):
        phrase, (start, end) = m.group(1), m.span(1)
        lead = _ASKING_LEAD.match(phrase)
        if lead:  # 为什么江苏省委办公厅… / 根据XX厅…: the asking word is not part of the name
            phrase, start = phrase[lead.end() :], start + lead.end()
        where = _WHERE_LEAD.match(phrase)
        if where:  # 部门预算里说深圳市委外办…: where it is said is not part of the name
            phrase, start = phrase[where.end() :], start + where.end()
        if _GENERIC.match(phrase) or len(phrase) < 2:
            continue
        out.append((phrase, (start, end)))
    return out


def names_loaded(phrase: str, docs: Sequence[Document]) -> bool:
    """An abbreviation takes characters of the full name in order (区府办 ⊂ 区人民政府办公室):
    a phrase that is no in-order pick of any loaded name names someone else (深圳市财政局)."""
    index = department_index(docs)
    for g in _can_name(phrase, index):
        for name in index.every_name[g]:
            # 区府办 picks 区…府…办 of the full name; 普陀区财政局机关 extends it; 浦东新区财政局 does
            # neither for 上海市普陀区财政局, though both end in 财政局
            if is_subsequence(phrase, name) or phrase.startswith(name):
                return True
    return False


def _can_name(phrase: str, index: DepartmentIndex) -> Sequence[int]:
    """The departments whose names the phrase can pick in order or start with: those sharing a character pair
    with it or written in it (every department for a phrase that starts with no Han character)."""
    if len(phrase) >= 2 and _HAN.match(phrase[0]):
        return index.candidates(phrase)
    return range(len(index.groups))


# a place's name ends the words before a department (深圳市|财政局), or starts the matched name (深圳|市财政局)
_PLACE_END = re.compile(r"(?:省|市|区|县|旗|州|盟|镇|乡|街道)$")


def unknown_organisation(
    text: str,
    docs: Sequence[Document],
    labels: Sequence[str] = (),
    named: Sequence[tuple[int, int]] = (),
) -> str | None:
    """The first organisation the question names that no loaded document is about. A phrase that is
    part of a printed label (机关服务中心 as a project) names an item, not an organisation. `named`: the spans
    of loaded departments the question names; a phrase holding one is that department with words before it
    (纳入某某厅部门预算的单位), and a phrase right after a named department's year, joined to it by no 和/与/、,
    is something of that department's (某街道2023年预算里那个服务中心 is a project, 把某宾馆 a scope)."""
    for phrase, (start, end) in org_phrases(text):
        if names_loaded(phrase, docs) or any(phrase in label for label in labels):
            continue
        if any(
            start < s
            and e == end
            and (_VERB_BEFORE.fullmatch(text[start:s]) or not _PLACE_END.search(text[start : s + 1]))
            for s, e in named
        ):
            continue  # 纳入|某某厅: a named department with words before it (but 深圳市|财政局 is another one)
        if any(e <= start for _, e in named) and re.search(
            r"年[底末初度]?$", _WHERE_BEFORE.sub("", text[:start])
        ):
            # 某街道2023年(预算里)那个服务中心: something of the department named just before
            continue
        if named and _PARTNER.search(phrase + text[end : end + 4]):
            continue  # 某人大跟新华日报社联办的专刊: a partner of the department asked about, not the subject
        return phrase
    return None


# 纳入|省委办公厅 / 属于|某局: a verb before a named department, never a place naming another one
_VERB_BEFORE = re.compile(r"(?:纳入|列入|计入|属于|隶属于?|归属于?|归|给|向|对|由|从|把|将|被|让|据|按)")
_PARTNER = re.compile(r"联办|合办|合作|协办|联合|共同|一起")


def sub_organisation(
    text: str, docs: Sequence[Document], labels: Sequence[str], dept_ends: Sequence[int] = ()
) -> tuple[str, int] | None:
    """A unit under a loaded department that has no figures of its own in the documents, and where the
    question names it: after 下属/所属 (外办下属的XX中心), right after the department's name
    (办公厅的培训中心), or as the tail of an organisation phrase whose head is a loaded department
    (测试局培训中心). A unit that a printed row or table names (机关服务中心 as a project) is an item."""
    if ABOUT_UNITS_ASKED.search(text):
        return None
    found = [(m.group(1), m.start(1)) for m in _UNDER.finditer(text)]
    for end in dept_ends:
        m = _AFTER_DEPT.match(text[end:])
        if m:
            found.append((m.group(1), end + m.start(1)))
    for m in _HEAD_UNIT.finditer(text):
        if names_loaded(m.group(1), docs):
            found.append((m.group(2), m.start(2)))
    for phrase, start in found:
        if len(phrase) < 2 or names_loaded(phrase, docs):
            continue
        if _WHETHER_ANY.match(phrase):
            continue  # 下面有事业单位吗: whether it has units at all, which its own text says, not a unit's figures
        gloss = _GLOSSED_BY.match(text, start + len(phrase))
        if gloss and any(len(label) >= 3 and label in gloss.group(1) for label in labels):
            continue  # 那个事业单位运行（事业运行科目）: the bracketed printed row is what the words mean

        if _GENERIC_UNIT.match(phrase):
            # 下属事业单位: only a table that lists units by name (…（本级）, …中心) answers for them
            if any(is_unit_row(label) for label in labels):
                continue
        elif any(phrase in label for label in labels):
            continue
        return phrase, start
    return None


_WHETHER_ANY = re.compile(r"(?:还)?(?:有没有|是否有|有无|有)")
# the words after a unit's name up to a bracket in the same clause: 事业单位运行（事业运行科目）
_GLOSSED_BY = re.compile(r"[^，,。？?（(]{0,8}[（(]([^（()）]{2,24})[）)]")


def is_unit_row(label: str) -> bool:
    """A printed row naming a budget unit: 某某局（本级）, 某某服务中心 — the documents break the
    department down by unit."""
    return bool(re.search(r"[（(]本级[)）]$|(?:中心|研究所|事务所|站|队|馆|学校)$", label))


def more_departments(text: str, docs: Sequence[Document], found: Sequence[DeptMatch]) -> list[DeptMatch]:
    """Departments the matcher left out: every organisation phrase in subject position that picks,
    in order, the characters of exactly one loaded department's name (财政局2024、区府办2025 …)."""
    out = list(found)
    taken = [m.span for m in found]
    index = department_index(docs)
    for phrase, span in org_phrases(text):
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        hits = [
            index.groups[g][1]
            for g in _can_name(phrase, index)
            if any(is_subsequence(phrase, n) or n in phrase for n in index.names[g])
        ]
        if len(hits) != 1:
            continue
        group = hits[0]
        if any(set(m.doc_ids) & {d.doc_id for d in group} for m in out):
            continue
        name = group[0].department or group[0].source
        out.append(DeptMatch(tuple(d.doc_id for d in group), name, span, float(len(phrase))))
        taken.append(span)
    return out


def year_after(text: str, end: int) -> int | None:
    """The year written right after a department's name: 区府办2025年 → 2025."""
    m = _YEAR_AT.match(text[end : end + 8])
    if not m:
        return None
    digits = m.group(1) or m.group(2)
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def bind_targets(
    text: str,
    depts: Sequence[DeptMatch],
    docs: Sequence[Document],
    asked: Sequence[int] = (),
    latest: Sequence[Document] = (),
) -> list[Target]:
    """Each department named, with its own year: the one written after it, else the one year the question
    asks about (2024年万里街道…, when one department is named), else its only year, else, when the question
    dates nothing (万里街道有几辆车, 今年…), the latest year of its documents among `latest` (those of the kind
    asked): the year a reader means by "now", never whichever year's text happens to read closest."""
    by_id = {d.doc_id: d for d in docs}
    targets = []
    for dept in sorted(depts, key=lambda m: m.span[0]):
        own = [by_id[i] for i in dept.doc_ids if i in by_id]
        if not own:
            continue
        year = year_after(text, dept.span[1])
        if year is None and len(depts) == 1 and len(set(asked)) == 1:
            year = asked[0]
        years = {d.year for d in own if d.year is not None}
        if year is None and len(years) == 1:
            year = next(iter(years))
        if year is None and latest:
            eligible = {d.doc_id for d in latest}
            year = max((d.year for d in own if d.year is not None and d.doc_id in eligible), default=None)
        chosen = [d for d in own if year is None or d.year == year] or own
        targets.append(Target(dept.name, year, tuple(chosen), dept.span))
    return targets


def every_department(docs: Sequence[Document]) -> list[Target]:
    """Each loaded department at its latest year, for a question naming none (谁的…最多)."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(doc.department or doc.source, []).append(doc)
    targets = []
    for name, group in groups.items():
        latest = max((d.year for d in group if d.year is not None), default=None)
        chosen = tuple(d for d in group if d.year == latest) or tuple(group)
        targets.append(Target(name, latest, chosen, (-1, -1)))
    return targets


def covered_years(docs: Sequence[Document]) -> set[int]:
    """Years a set of documents can answer: their own and the prior year their tables print."""
    years: set[int] = set()
    for doc in docs:
        if doc.year is not None:
            years |= {doc.year, doc.year - 1}
    return years


def missing_year(intent: Intent, docs: Sequence[Document]) -> int | None:
    """An explicit year asked about that none of the documents covers."""
    covered = covered_years(docs)
    if not covered:
        return None
    for year in (*intent.years, *intent.base_years):
        if year not in covered:
            return year
    return None


# 执行数 / 实际执行: the outturn of the year before a budget's own, which the budget's text states
_EXECUTED = re.compile(r"执行数|实际执行|执行了")


def missing_kind(intent: Intent, docs: Sequence[Document]) -> str | None:
    """决算 asked of budgets only: a 预算 prints no 决算 figures (a 决算 does print 年初预算)."""
    if intent.doc_kind != "决算" or not docs:
        return None
    if any(d.doc_kind == "决算" or _DECISION_WORDS.search(d.title or "") for d in docs):
        return None
    loaded = {d.year for d in docs}
    if intent.years and _EXECUTED.search(intent.text) and all(y + 1 in loaded for y in intent.years):
        return None  # 2023年实际执行了多少: the 2024 budget states 2023's 执行数 in its text
    return "决算"


def dated_years(intent: Intent, docs: Sequence[Document]) -> tuple[int, ...]:
    """The budget year of a question that names only a date (截至2024年8月底有几辆车): a 预算 states its assets
    at a date of the year before (the 2025 budget, 截至2024年8月31日), a 决算 at the end of its own year. ()
    when the question names a year itself or no loaded document fits."""
    if intent.as_of is None or intent.years or intent.relative:
        return ()
    for kind, year in (("预算", intent.as_of + 1), ("决算", intent.as_of)):
        if intent.doc_kind in (None, kind) and any(
            d.year == year and (d.doc_kind == "决算") == (kind == "决算") for d in docs
        ):
            return (year,)
    return ()


def of_kind(intent: Intent, docs: Sequence[Document]) -> list[Document]:
    """The documents of the kind the question asks (决算 words), when some are loaded; else all of them."""
    if intent.doc_kind != "决算":
        return list(docs)
    final = [d for d in docs if d.doc_kind == "决算" or _DECISION_WORDS.search(d.title or "")]
    return final or list(docs)


def describe(docs: Sequence[Document]) -> str:
    """`上海市普陀区财政局2024年部门决算、…` for an honest not-found sentence (`budgetqa.qa.compose.described`)."""
    return compose.described(docs)


__all__ = [
    "Target",
    "bind_targets",
    "covered_years",
    "dated_years",
    "describe",
    "doc_names",
    "every_department",
    "missing_kind",
    "missing_year",
    "more_departments",
    "of_kind",
    "is_unit_row",
    "one_per_publication",
    "org_phrases",
    "publication_key",
    "sub_organisation",
    "unknown_organisation",
    "year_after",
]
