"""Document metadata from the cover and title: department, year, 预算/决算, region, short names.

Covers name the document in a few fixed shapes: "2023年XXX部门预算", "XXX2024年度部门决算", or a
region-level title with the department on a labelled line ("预算主管部门：XXX"). The file name is the
fallback. Aliases come from general abbreviation rules of Chinese agency names, never from a list
of particular departments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import PurePath

from budgetqa.ingest.chunking import find_toc, heading_level
from budgetqa.ingest.normalize import HEADING_RE, strip_brackets

_KIND_RE = r"(部门|单位)(预算|决算)"
_LEVEL = r"(?:省级|市级|区级|县级|本级)?"
# "2023年XXX部门预算" (year first) and "XXX2024年度部门决算" (name first).
_YEAR_FIRST = re.compile(rf"(\d{{4}})\s*年度?\s*(.{{2,40}}?){_LEVEL}{_KIND_RE}")
_NAME_FIRST = re.compile(rf"(.{{2,40}}?)\s*(\d{{4}})\s*年度?\s*{_LEVEL}{_KIND_RE}")
_LABELLED = re.compile(
    r"(?:预算主管部门|主管部门|部门名称|单位名称|编制部门|编制单位|部门)[:：][ \t]*(?!单位[:：])([^\s:：，,]{2,40})"
)
# Words that follow a 部门： label on the same printed line but are not a name: "单位：万元", a printer.
_LABEL_STOP = re.compile(r"(单位[:：]|金额单位)")
_PRINTER = re.compile(r"(?:财政(?:厅|局|部)?)?印制$")
_LEVEL_END = ("自治区", "省", "市", "区", "县", "旗")

_REGION_RE = re.compile(
    r"^(?:中共)?((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?"
    r"(?:[\u4e00-\u9fff]{2,6}?(?:市|自治州|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,5}?(?:区|县|旗|市))?)"
)
_AGENCY_CHARS = set("委局厅办会院部司处室署中心组队所站馆团")
_REGION_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,}(?:省|自治区|市|自治州|地区|盟|区|县|旗)$")

# General abbreviations of agency-name endings: (full ending, short forms). Longest first.
_ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人民代表大会常务委员会办公厅", ("人大常委会办公厅", "人大办公厅", "人大办")),
    ("人大常委会办公厅", ("人大办公厅", "人大办")),
    ("人大常委会办公室", ("人大办公室", "人大办")),
    ("人民政府办公厅", ("政府办公厅", "政府办")),
    ("人民政府办公室", ("政府办公室", "政府办", "府办")),
    ("政协委员会办公厅", ("政协办公厅", "政协办")),
    ("工作委员会办公室", ("办",)),
    ("委员会办公室", ("委办",)),
    ("委员会", ("委",)),
    ("办公室", ("办",)),
)


@dataclass(frozen=True)
class DocMeta:
    department: str | None
    year: int | None
    doc_kind: str | None  # 预算 / 决算
    title: str | None  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    region: str | None
    aliases: tuple[str, ...] = ()


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", strip_brackets(text))


def _label_text(text: str) -> str:
    """Cleaned text with a break before words that end a labelled name (单位：万元, a printer line)."""
    return _LABEL_STOP.sub(lambda m: " " + m.group(1), _clean(text))


def _strip_printer(name: str) -> str:
    """ "中共X省委办公厅X省财政厅印制" -> "中共X省委办公厅": the printer line, and its region when the
    name already starts with it."""
    cut = _PRINTER.search(name)
    if not cut or cut.start() == 0:
        return name
    name = name[: cut.start()]
    for k in range(8, 1, -1):  # the longest repeated region first
        tail = name[-k:]
        if len(name) > k + 2 and tail.endswith(_LEVEL_END) and tail in name[:-k]:
            return name[:-k]
    return name


def clean_name(name: str) -> str:
    """A department name without what printing adds around it: page numbers, a printer, a 单位 label;
    a party organ in its usual short form (中国共产党X省委员会办公厅 -> 中共X省委办公厅)."""
    name = re.sub(r"^[\d\s.、，,:：]+", "", name)
    name = _strip_printer(name)
    name = re.sub(r"(单位|金额)$", "", name) if len(name) > 6 else name
    name = name.replace("中国共产党", "中共")
    name = re.sub(r"^中共((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|区|县))?)委员会(?=\S)", r"中共\1委", name)
    return name.strip("：:，,。 ")


def name_key(name: str) -> str:
    """One key for the ways one body is printed: 中国共产党X省委员会办公厅 = 中共X省委办公厅 = X省委办公厅."""
    return clean_name(name).removeprefix("中共")


def _cover_text(pages: Sequence[str]) -> str:
    """The cover as one string (titles wrap over lines), up to the 目录 if it shares the page."""
    if not pages:
        return ""
    first = pages[0]
    cut = re.search(r"目\s*录|目\s*次", first)
    return _clean(first[: cut.start()] if cut else first)


def _is_region(name: str) -> bool:
    return bool(_REGION_ONLY.match(name)) and not (_AGENCY_CHARS & set(name[2:]))


def region_of(name: str) -> str | None:
    """The administrative prefix of an agency name: 上海市普陀区财政局 -> 上海市普陀区."""
    m = _REGION_RE.match(name)
    if not m or not m.group(1):
        return None
    region = m.group(1)
    # "深圳市委..." is the city party committee, not a city "深圳市委" ending in 市.
    return region if len(region) < len(name) else None


def _from_title(text: str) -> tuple[str | None, int | None, str | None, str | None]:
    """(department, year, 部门/单位, 预算/决算) from a cover or title string."""
    for pattern, name_group, year_group in ((_NAME_FIRST, 1, 2), (_YEAR_FIRST, 2, 1)):
        m = pattern.search(text)
        if m:
            name = m.group(name_group).strip("：:，,。 ")
            name = re.sub(r"^.*[:：]", "", name)
            return name or None, int(m.group(year_group)), m.group(3), m.group(4)
    return None, None, None, None


def _from_filename(filename: str) -> tuple[str | None, int | None, str | None, str | None]:
    stem = PurePath(filename).stem
    year_m = re.search(r"(19|20)\d{2}", stem)
    kind_m = re.search(_KIND_RE, stem) or re.search(r"(预算|决算)", stem)
    kind = kind_m.group(kind_m.lastindex or 0) if kind_m else None
    title = kind_m.group(0) if kind_m and kind_m.lastindex == 2 else None
    parts = [p for p in re.split(r"[_\-\s（）()]+", stem) if p]
    names = [
        p
        for p in parts
        if re.search(r"[\u4e00-\u9fff]{3,}", p) and not re.fullmatch(rf"{_KIND_RE}|预算|决算", p)
    ]
    name = None
    if names:
        name = re.sub(rf"(\d{{4}}年度?)?{_LEVEL}{_KIND_RE}$", "", names[0]) or None
    title_kind = title[:2] if title else None
    return name, int(year_m.group()) if year_m else None, title_kind, kind


def _levels(region: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]+?(?:自治区|自治州|地区|省|市|区|县|旗|盟)", region)


def aliases_for(department: str, region: str | None) -> tuple[str, ...]:
    """Short names by general rules: level-prefixed names ("区财政局"), then ending abbreviations."""
    body = department.removeprefix("中共")
    rest, level, local = body, "", ""
    if region and body.startswith(region):
        rest = body[len(region) :]
        parts = _levels(region)
        last = parts[-1] if parts else region
        level = "区" if last.endswith("自治区") else last[-1]
        local = last if len(parts) >= 2 else ""
    out: list[str] = []
    if rest and rest != department:
        out.append(level + rest)
        if local:
            out.append(local + rest)
    for ending, shorts in _ABBREVIATIONS:
        if not rest.endswith(ending):
            continue
        stem = rest[: -len(ending)]
        for n, short in enumerate(shorts):
            if ending == "工作委员会办公室":
                # 市委外事工作委员会办公室 -> 市委外办 / 外办: the topic's first character.
                topic = stem.removeprefix("委")
                if topic:
                    if stem.startswith("委"):
                        out.append(level + "委" + topic[0] + short)
                    out.append(topic[0] + short)
            elif ending in ("委员会", "办公室", "委员会办公室") and len(stem) > 4:
                continue  # a long stem has no single accepted short form
            else:
                out.append(level + stem + short)
                if local and n == 0:
                    out.append(local + stem + short)
        break
    unique: list[str] = []
    for alias in out:
        if len(alias) >= 2 and alias != department and alias not in unique:
            unique.append(alias)
    return tuple(unique)


def detect_metadata(pages: Sequence[str], filename: str) -> DocMeta:
    """Metadata from the cover (first page), the first pages, then the file name."""
    cover = _cover_text(pages)
    head = _clean("\n".join(pages[:3]))
    name, year, unit_kind, kind = _from_title(cover)
    if name is None:
        name, year2, unit_kind, kind = _from_title(head)
        year = year or year2
    label = _LABELLED.search(_label_text(pages[0] if pages else "")) or _LABELLED.search(
        _label_text("\n".join(pages[:3]))
    )
    f_name, f_year, f_unit, f_kind = _from_filename(filename)
    region = None
    if name and _is_region(name):  # "上海市普陀区2025年区级部门预算": the department is labelled
        region = name
        name = label.group(1) if label else None
    if name is None:
        name = label.group(1) if label else f_name
    if name:
        name = clean_name(re.sub(r"^\d{4}年度?", "", clean_name(name))) or None
    if not name or _is_region(name):
        name = f_name if f_name and not _is_region(f_name) else name
    year = year or f_year
    kind = kind or f_kind
    unit_kind = unit_kind or f_unit
    title = f"{unit_kind}{kind}" if unit_kind and kind else None
    region = region_of(name) if name and region_of(name) else region
    if region and name and not name.startswith(region) and not name.startswith("中共" + region):
        region = region_of(name) or region
    aliases = aliases_for(name, region) if name else ()
    return DocMeta(department=name, year=year, doc_kind=kind, title=title, region=region, aliases=aliases)


_TABLE_NAME_RE = re.compile(r"表(?:[（(][^）)]*[）)])?$")


def _table_name(line: str) -> str | None:
    s = re.sub(r"[.…·．]{3,}.*$", "", line).strip()
    if re.match(r"^第\S{1,3}部分", s):
        return None
    s = _clean(HEADING_RE.sub("", s, count=1))
    s = re.sub(r"^(?:附?表\d+)[:：]?", "", s)
    s = re.sub(r"^\d{4}年度?", "", s)
    return s if 3 <= len(s) <= 50 and _TABLE_NAME_RE.search(s) else None


def _toc_entries(lines: Sequence[str]) -> list[tuple[int | None, str]]:
    """目录 entries with their heading level; an entry wrapped onto a new line is rejoined."""
    out: list[tuple[int | None, str]] = []
    for line in lines:
        s = line.strip()
        level = heading_level(re.sub(r"[.…·．]{3,}.*$", "", s).strip())
        starts = bool(HEADING_RE.match(s) or re.match(r"^附?表\s*\d", s))
        if out and not starts and not out[-1][1].endswith("表"):
            out[-1] = (out[-1][0], out[-1][1] + s)
        else:
            out.append((level, s))
    return out


def listed_tables(pages: Sequence[str]) -> list[str]:
    """Table names the 目录 lists ("收支总表", "一般公共预算支出表（按功能分类）", ...).

    A group entry followed by deeper-numbered entries ("五、部门预算表" over "1. ...") is not a table.
    """
    toc = find_toc(pages)
    entries = _toc_entries(toc.entries) if toc else []
    out: list[str] = []
    for i, (level, line) in enumerate(entries):
        nxt = entries[i + 1][0] if i + 1 < len(entries) else None
        if level is not None and nxt is not None and nxt > level:
            continue
        name = _table_name(line)
        if name and name not in out:
            out.append(name)
    return out


_QUALIFIER = re.compile(r"按(功能|经济)分类")


def table_key(name: str) -> tuple[str, str]:
    """(base, qualifier) for fuzzy table matching: brackets, spaces, years and 部门 ignored."""
    s = _clean(name)
    s = re.sub(r"[（()）“”\"'‘’、]", "", s)
    s = re.sub(r"\d{4}年度?", "", s)
    s = re.sub(r"^表?\d+", "", s)
    s = re.sub(r"^(?:部门|单位)", "", s)
    q = _QUALIFIER.search(s)
    qualifier = q.group(1) if q else ""
    return _QUALIFIER.sub("", s), qualifier


def tables_match(listed: str, found: str) -> bool:
    a, qa = table_key(listed)
    b, qb = table_key(found)
    if qa and qb and qa != qb:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85


def _contains(listed: str, found: str) -> bool:
    """One name inside the other ("政府性基金支出预算表" in "财政拨款政府性基金支出预算表")."""
    a, qa = table_key(listed)
    b, qb = table_key(found)
    if qa and qb and qa != qb:
        return False
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and short in long_


def missing_tables(listed: Sequence[str], found_titles: Sequence[str]) -> list[str]:
    """Listed names with no matching found table; each found table matches one listed name.

    Three passes, strictest first, so a title that names one listed table exactly is taken before
    a looser rule could give it to another: equal keys, then similar keys, then containment (the
    printed title often adds a prefix such as 财政拨款 or drops 一般公共预算).
    """
    free = list(found_titles)
    unmatched = list(range(len(listed)))
    rules = (
        lambda a, b: table_key(a) == table_key(b),
        tables_match,
        _contains,
    )
    for rule in rules:
        for i in list(unmatched):
            hit = next((f for f in free if rule(listed[i], f)), None)
            if hit is not None:
                free.remove(hit)
                unmatched.remove(i)
    return [listed[i] for i in unmatched]
