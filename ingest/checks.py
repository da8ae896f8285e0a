"""勾稽 integrity checks over the facts of one document. Pure functions; numbers are never "fixed".

A check passes within the 尾数误差 tolerance: one unit of the last printed digit per addend (documents
round each cell separately, so a total may differ from the sum of its rounded parts by that much).
Passing checks are summarised one per table and kind; each failure is its own CheckResult naming the
table, row and both numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from budgetqa.ingest.narrative_facts import AMOUNT, TextFigure
from budgetqa.store.labels import label_key
from budgetqa.store.records import CheckResult, Fact, TableInfo

__all__ = [
    "check_text_figures",
    "column_sums",
    "last_digit_unit",
    "run_checks",
    "subject_key",
    "suspects",
    "within_tolerance",
]

_TOTAL_LEAF = re.compile(r"(合计|总计)$|^小计$")
_MEASURE = re.compile(r"(预算数|决算数|执行数|调整预算数|年初预算数)$")
# memo columns printed beside the parts but not adding up into the total
_NOT_ADDEND = re.compile(r"^其中|采购|机关运行经费")
_UNNAMED = re.compile(r"^第\d+列$")  # a column printed without a header: what it adds to is unknown
_TOTAL_ROW = re.compile(r"^(合计|总计)$")
_UNIT_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}


def last_digit_unit(text: str) -> Decimal:
    """One unit of the last printed digit: `13,649.07` -> 0.01, `7,021` -> 1."""
    match = re.search(r"\.(\d+)", text or "")
    return Decimal(1).scaleb(-len(match.group(1))) if match else Decimal(1)


def within_tolerance(total: Fact, parts: Sequence[Fact]) -> tuple[bool, Decimal, Decimal]:
    """(ok, sum of parts, tolerance); blank cells count as 0."""
    summed = sum((p.value or Decimal(0) for p in parts), Decimal(0))
    printed = [p for p in parts if p.value is not None]
    tolerance = sum((last_digit_unit(p.text) for p in printed), Decimal(0))
    return abs((total.value or Decimal(0)) - summed) <= tolerance, summed, tolerance


def _fmt(value: Decimal | None) -> str:
    return "blank" if value is None else f"{value:,}"


def _label(fact: Fact) -> str:
    head = f"表{fact.table_no} " if fact.table_no is not None else ""
    return f"{head}{fact.table_title}".strip() or "untitled table"


def suspects(cells: Iterable[Fact]) -> str:
    """The figures of a failing check that OCR read with low confidence: the likely misreadings."""
    flagged = [c for c in cells if c.ocr_flagged]
    if not flagged:
        return ""
    listed = ", ".join(f"{c.row_name} × {c.column} = {c.text} (OCR {c.ocr_confidence:.2f})" for c in flagged)
    return f"; 疑似识别错误 suspect cells read by OCR with low confidence: {listed}"


def _split(path: str) -> tuple[str, list[str]]:
    """(measure, structural path): `合计/预算数` -> ("预算数", ["合计"])."""
    parts = path.split("/")
    if len(parts) > 1 and _MEASURE.search(parts[-1]):
        return parts[-1], parts[:-1]
    return "", parts


def column_sums(columns: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(total column, part columns) pairs implied by a table's header paths.

    Among columns sharing a parent path (and a 预算数/决算数 measure), a 合计/总计/小计 leaf is the sum of
    its siblings; a sibling group is represented by its own total. `其中：` columns are not addends.
    """
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = defaultdict(list)
    for path in columns:
        measure, parts = _split(path)
        for depth in range(1, len(parts) + 1):
            key = (measure, tuple(parts[: depth - 1]))
            member = (parts[depth - 1], path if depth == len(parts) else "")
            if member not in groups[key] and not any(m[0] == member[0] for m in groups[key]):
                groups[key].append(member)

    def representative(measure: str, prefix: tuple[str, ...], name: str, path: str) -> str | None:
        if path:
            return path
        inner = groups.get((measure, (*prefix, name)), [])
        return next((p for n, p in inner if p and _TOTAL_LEAF.search(n)), None)

    pairs: list[tuple[str, list[str]]] = []
    for (measure, prefix), members in groups.items():
        totals = [p for n, p in members if p and _TOTAL_LEAF.search(n)]
        if len(totals) != 1 or any(_UNNAMED.match(n) for n, _ in members):
            continue  # no single total, or a column whose header is not printed: the sum cannot be told
        parts_paths = []
        for name, path in members:
            if path == totals[0] or _NOT_ADDEND.search(name):
                continue
            rep = representative(measure, prefix, name, path)
            if rep is None:
                break
            parts_paths.append(rep)
        else:
            if parts_paths:
                pairs.append((totals[0], parts_paths))
    return pairs


def _by_table(facts: Iterable[Fact]) -> dict[tuple[int | None, str], list[Fact]]:
    tables: dict[tuple[int | None, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.note is None or fact.column != "指标值":
            tables[(fact.table_no, fact.table_title)].append(fact)
    return tables


def _summary(kind: str, table: list[Fact], count: int) -> CheckResult:
    first = table[0]
    detail = f"{_label(first)}: {count} {kind} checks hold / 勾稽相符"
    return CheckResult(kind, True, detail, first.table_no, first.page)


def check_column_sums(table: list[Fact]) -> list[CheckResult]:
    """Across a row: 支出总计 = 基本支出 + 项目支出 (and every other total column in the header)."""
    rows: dict[int, dict[str, Fact]] = defaultdict(dict)
    for fact in table:
        rows[fact.row_index].setdefault(fact.column, fact)
    pairs = column_sums(list(dict.fromkeys(f.column for f in table)))
    failures, passed = [], 0
    for row in rows.values():
        for total_col, part_cols in pairs:
            total = row.get(total_col)
            parts = [row[c] for c in part_cols if c in row]
            if total is None or len(parts) != len(part_cols) or all(p.value is None for p in [total, *parts]):
                continue
            ok, summed, tol = within_tolerance(total, parts)
            if ok:
                passed += 1
                continue
            names = " + ".join(part_cols)
            failures.append(
                CheckResult(
                    "column_sum",
                    False,
                    f"{_label(total)} 行 {total.row_code or ''} {total.row_name}: {total_col} {_fmt(total.value)}"
                    f" ≠ {names} = {_fmt(summed)} (容差 tolerance {tol}){suspects([total, *parts])}",
                    total.table_no,
                    total.page,
                )
            )
    return failures + ([_summary("column_sum", table, passed)] if passed else [])


def check_code_tree(table: list[Fact]) -> list[CheckResult]:
    """Down a column: a 类 equals the sum of its 款, a 款 the sum of its 项; a 合计 row the sum of its 类."""
    failures, passed = [], 0
    columns: dict[str, list[Fact]] = defaultdict(list)
    for fact in table:
        columns[fact.column].append(fact)
    for column, cells in columns.items():
        coded: dict[str, list[Fact]] = defaultdict(list)
        for fact in cells:
            if fact.row_code:
                coded[fact.row_code].append(fact)
        unique = {code: fs[0] for code, fs in coded.items() if len(fs) == 1}
        checks: list[tuple[Fact, list[Fact]]] = []
        for code, parent in unique.items():
            children = [f for c, f in unique.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                checks.append((parent, children))
        top = [f for c, f in unique.items() if len(c) == 3]
        for fact in cells:
            if not fact.row_code and _TOTAL_ROW.match(fact.row_name) and top:
                checks.append((fact, top))
        for parent, children in checks:
            if parent.value is None and all(c.value is None for c in children):
                continue
            ok, summed, tol = within_tolerance(parent, children)
            if ok:
                passed += 1
                continue
            failures.append(
                CheckResult(
                    "code_tree",
                    False,
                    f"{_label(parent)} 列 {column}: {parent.row_code or ''} {parent.row_name} "
                    f"{_fmt(parent.value)} ≠ Σ下级 sum of {len(children)} children = {_fmt(summed)} (容差 {tol})"
                    f"{suspects([parent, *children])}",
                    parent.table_no,
                    parent.page,
                )
            )
    return failures + ([_summary("code_tree", table, passed)] if passed else [])


def _table_total(facts: list[Fact], title: str, column: str, rows: Sequence[str] = ()) -> Fact | None:
    """A table's total: the first row matching `rows` (in priority order), else its 合计/总计 row,
    else its first uncoded row above coded rows, else its only row."""
    for (_, table_title), cells in _by_table(facts).items():
        if not re.search(title, re.sub(r"^\d{4}年度?", "", table_title)):
            continue
        candidates = [f for f in cells if re.search(column, f.column) and f.value is not None]
        for row in rows:
            found = next((f for f in candidates if re.search(row, f.row_name.replace(" ", ""))), None)
            if found:
                return found
        if rows:
            continue
        for fact in candidates:
            if not fact.row_code and _TOTAL_ROW.match(fact.row_name):
                return fact
        uncoded = [f for f in candidates if not f.row_code and f.row_index == min(c.row_index for c in cells)]
        if uncoded and (any(f.row_code for f in cells) or len({c.row_index for c in cells}) == 1):
            return uncoded[0]
    return None


_SUMMARY_TABLE = r"^(部门)?(财务)?收支(预算|决算)?总表$|^收入支出(预算|决算)?总表$"
_SPENDING_TABLE = r"^(部门)?支出(预算|决算)?总?表$"
_INCOME_TABLE = r"^(部门)?收入(预算|决算)?总?表$"
_GENERAL_FUNCTIONAL = r"一般公共预算(财政拨款)?支出(功能分类)?(预算|决算)?表(（按功能分类）)?$"
_GENERAL_BASIC = r"一般公共预算(财政拨款)?基本支出"
_ANY_TOTAL_COLUMN = r"(支出总计|收入总计|^合计|/合计|本年支出合计|本年收入合计|^金额)$"

# (name, side A, side B); a side is (table title, column, row names in priority order or () for the total row)
_CROSS: tuple[tuple[str, tuple[str, str, tuple[str, ...]], tuple[str, str, tuple[str, ...]]], ...] = (
    (
        "收支总表=支出总表",
        (_SUMMARY_TABLE, r"支出", (r"^(本年支出合计|支出合计|当年支出小计)$", r"^支出总计$")),
        (_SPENDING_TABLE, _ANY_TOTAL_COLUMN, ()),
    ),
    (
        "收支总表=收入总表",
        (_SUMMARY_TABLE, r"收入", (r"^(本年收入合计|收入合计|当年收入)$", r"^收入总计$")),
        (_INCOME_TABLE, _ANY_TOTAL_COLUMN, ()),
    ),
    (
        "一般公共预算基本支出表=功能分类表基本支出",
        (_GENERAL_BASIC, _ANY_TOTAL_COLUMN, ()),
        (_GENERAL_FUNCTIONAL, r"基本支出$", ()),
    ),
    (
        "功能分类=经济分类",
        (r"支出表（按功能分类）$", _ANY_TOTAL_COLUMN, ()),
        (r"支出表（按经济分类）$", _ANY_TOTAL_COLUMN, ()),
    ),
)


def check_cross_tables(facts: list[Fact]) -> list[CheckResult]:
    """The same figure printed in two tables agrees (only pairs that are identities in every template)."""
    results = []
    for name, side_a, side_b in _CROSS:
        a, b = _table_total(facts, *side_a), _table_total(facts, *side_b)
        if (
            a is None
            or b is None
            or a.unit != b.unit
            or (a.table_no, a.table_title) == (b.table_no, b.table_title)
        ):
            continue
        ok, _, tol = within_tolerance(a, [b])
        detail = (
            f"{_label(a)} {a.row_name} {a.column} {_fmt(a.value)} vs "
            f"{_label(b)} {b.row_name} {b.column} {_fmt(b.value)}" + ("" if ok else f" 不一致 (容差 {tol})")
        )
        results.append(CheckResult(f"cross_table:{name}", ok, detail, a.table_no, a.page))
    return results


_NARRATIVE = re.compile(
    r"(财政拨款)?(本年)?(收入支出|收支|收入|支出)(预算|决算)?(总计|合计)"
    r"[^0-9。；，,增减降长比]{0,12}?(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)"
)


def _narrative_cell(facts: list[Fact], grant: bool, side: str, kind: str) -> Fact | None:
    """The 收支总表 cell a narrative total refers to (财政拨款 totals: the 财政拨款收支总表)."""
    tables = [
        f
        for f in facts
        if re.search(r"收支|收入支出", f.table_title)
        and ("财政拨款" in f.table_title or "政府预算拨款" in f.table_title) == grant
        and f.value is not None
    ]
    sides = ("收入", "支出") if side in ("收入支出", "收支") else (side,)
    for one in sides:
        for pattern in (f"^(本年|当年)?{one}{kind}$", f"^{kind}$", f"^(本年|当年)?{one}(总计|合计)$"):
            found = next(
                (f for f in tables if re.search(pattern, f.row_name.replace(" ", "")) and one in f.column),
                None,
            )
            if found:
                return found
    return None


_WHOLE_BEFORE = set("年度门位的")  # 2018年收入预算总计 / 本部门收入预算总计: still the whole


def check_narrative(facts: list[Fact], narrative: str) -> list[CheckResult]:
    """Best effort: a total the narrative names (`收入预算总计13649.07万元`) matches the table cell."""
    results, seen = [], set()
    text = re.sub(r"\s+", "", narrative or "")
    for match in _NARRATIVE.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if "\u4e00" <= before <= "\u9fff" and before not in _WHOLE_BEFORE:
            continue  # 财政专户管理资金收入预算总计: a part's total, not the document's
        grant, side, kind, number, unit = (
            bool(match.group(1)),
            match.group(3),
            match.group(5),
            match.group(6),
            match.group(7),
        )
        cell = _narrative_cell(facts, grant, side, kind)
        if cell is None or cell.unit not in _UNIT_YUAN or cell.value is None or match.group(0) in seen:
            continue
        seen.add(match.group(0))
        stated = Decimal(number.replace(",", "")) * _UNIT_YUAN[unit]
        actual = cell.value * _UNIT_YUAN[str(cell.unit)]
        tol = last_digit_unit(number) * _UNIT_YUAN[unit]
        ok = abs(stated - actual) <= tol
        detail = f"文字 narrative “{match.group(0)}” vs {_label(cell)} {cell.row_name} {cell.column} {cell.text}{cell.unit}"
        results.append(CheckResult(f"narrative:{side}{kind}", ok, detail, cell.table_no, cell.page))
    return results


_LEVEL_MARKS = re.compile(r"[(（](?:类|款|项)[)）]")
_MEASURE_TAIL = re.compile(r"(?:财政拨款)?(?:年初|调整)?(?:预算|决算)(?:支出|收入)?数?$")
_OTHER_PERIOD = re.compile(r"上年|去年|上一年|前一年|同期")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
# the columns holding a row's whole figure (not one of its parts): 合计, 预算数, 金额, 2024年预算数…
_WHOLE_COLUMN = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:本年)?(?:合计|总计|小计|金额|(?:年初|调整)?(?:预算|决算)数?|本年(?:预算|决算)数?)$"
)


def subject_key(subject: str) -> str:
    """A text figure's subject as a table label key: 一般公共服务（类）支出 → 一般公共服务支出,
    三公经费预算 → 三公经费 (the measure words name no row)."""
    key = _LEVEL_MARKS.sub("", label_key(subject))
    stripped = _MEASURE_TAIL.sub("", key)
    return stripped if len(stripped) >= 2 else key


def _period_ok(text: str, year: int | None) -> bool:
    """No other year named: the figure (or the column) is this document's year."""
    if _OTHER_PERIOD.search(text):
        return False
    return all(int(y) == year for y in _YEAR.findall(text)) if year is not None else not _YEAR.search(text)


def _kind_ok(text: str, doc_kind: str | None) -> bool:
    """A 决算 document's 预算数 column (or figure) is not its 决算数, and the other way round."""
    if doc_kind == "决算":
        return "预算" not in text or "决算" in text
    if doc_kind == "预算":
        return "决算" not in text
    return True


# tables printing only a part of each item's spending (the 基本支出 table's 公务接待费 is not all of it)
_PART_TABLE = re.compile(r"基本支出|项目支出")


def _whole_cells(
    facts: Sequence[Fact], key: str, year: int | None, doc_kind: str | None, clause: str = ""
) -> list[Fact]:
    """The cells printing the whole figure of the row named `key`, in this period and kind."""
    out = []
    columns: dict[int | None, set[str]] = defaultdict(set)
    for fact in facts:
        columns[fact.table_no].add(fact.column)
    single = {table: len(names) == 1 for table, names in columns.items()}
    for fact in facts:
        if fact.value is None or fact.unit not in _UNIT_YUAN or fact.note is not None:
            continue
        part = _PART_TABLE.search(fact.table_title)
        if part and part.group(0) not in clause + key:
            continue
        if _LEVEL_MARKS.sub("", label_key(fact.row_name)) != key:
            continue
        # every level of the column path names the whole (合计/预算数), none a part (政府采购项目/小计)
        path = [label_key(part) for part in fact.column.split("/")]
        if (
            not all(_WHOLE_COLUMN.match(p) or p in ("收入", "支出") for p in path)
            and not single[fact.table_no]
        ):
            continue
        if _period_ok(fact.column, year) and _kind_ok(fact.column, doc_kind):
            out.append(fact)
    return out


def check_text_figures(
    facts: Sequence[Fact], figures: Sequence[TextFigure], year: int | None, doc_kind: str | None
) -> list[CheckResult]:
    """An amount the narrative states for a subject vs the table cell of the same subject and period.

    Runs only when it is unambiguous: the subject is printed in the figure's own clause, names a table row
    exactly (level marks aside), the row's whole-figure cells of this period agree with each other, and both
    units are known. A figure the text rounds is within one unit of its last printed digit.
    """
    results: list[CheckResult] = []
    passed: list[TextFigure] = []
    seen: set[tuple[str, str]] = set()
    for figure in figures:
        text = figure.fact
        if not figure.own_subject or not text.column.startswith(AMOUNT) or text.unit not in _UNIT_YUAN:
            continue
        if text.value is None or not _period_ok(figure.clause, year) or not _kind_ok(figure.clause, doc_kind):
            continue
        key = subject_key(text.row_name)
        cells = _whole_cells(facts, key, year, doc_kind, figure.clause) if len(key) >= 2 else []
        values = {c.value * _UNIT_YUAN[str(c.unit)] for c in cells if c.value is not None}
        if len(values) != 1 or (key, text.text) in seen:
            continue  # no row, or rows that disagree among themselves: which one the text means is unknown
        seen.add((key, text.text))
        cell = cells[0]
        stated = text.value * _UNIT_YUAN[str(text.unit)]
        tolerance = (
            last_digit_unit(text.text) * _UNIT_YUAN[str(text.unit)]
            + last_digit_unit(cell.text) * _UNIT_YUAN[str(cell.unit)]
        )
        if abs(stated - values.pop()) <= tolerance:
            passed.append(figure)
            continue
        detail = (
            f"文字 p{text.page or '?'} “{text.row_name} {text.text}” vs {_label(cell)} {cell.row_name} "
            f"{cell.column} {cell.text}{cell.unit} (p{cell.page or '?'})"
        )
        results.append(CheckResult("text:金额", False, detail, cell.table_no, text.page))
    if passed:
        detail = f"文字 narrative: {len(passed)} figures agree with the tables / 文字与表格一致"
        results.insert(0, CheckResult("text:金额", True, detail, None, passed[0].fact.page))
    return results


def run_checks(facts: Sequence[Fact], tables: Sequence[TableInfo], narrative: str = "") -> list[CheckResult]:
    """All 勾稽 checks of one document; failures carry table, row and the two numbers."""
    results: list[CheckResult] = []
    for cells in _by_table(facts).values():
        results.extend(check_column_sums(cells))
        results.extend(check_code_tree(cells))
    results.extend(check_cross_tables(list(facts)))
    results.extend(check_narrative(list(facts), narrative))
    return results
