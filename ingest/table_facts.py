"""Rows of a stitched table -> Fact records (one per body cell).

`pdf_tables` finds grids, stitches pages and hands over a `RawTable`: header column paths with their
x-ranges and body rows whose cells are already placed in columns. This module decides which columns are
labels, 科目编码 or amounts, reads numbers exactly (Decimal), names each row as printed and builds its
ancestry (类 > 款 > 项 by code prefix, or 一、/（一）/1. label levels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from budgetqa.ingest.table_headers import normalise_text
from budgetqa.ingest.table_labels import unlabelled_row_name
from budgetqa.store.records import Fact

__all__ = [
    "BodyRow",
    "Cell",
    "Column",
    "RawTable",
    "classify_columns",
    "is_amount_text",
    "is_code_text",
    "label_level",
    "parse_amount",
    "parse_target",
    "table_to_facts",
]

Box = tuple[float, float, float, float]


@dataclass
class Cell:
    text: str  # as extracted (line breaks kept)
    bbox: Box | None
    page: int


@dataclass
class Column:
    path: str
    x0: float
    x1: float
    kind: str = "amount"  # "label" | "code" | "amount"


@dataclass
class BodyRow:
    cells: dict[int, Cell]  # column index -> cell
    page: int


@dataclass
class RawTable:
    table_no: int | None
    title: str
    unit: str | None
    page_start: int
    page_end: int
    columns: list[Column] = field(default_factory=list)
    rows: list[BodyRow] = field(default_factory=list)
    note: str | None = None
    note_page: int | None = None
    note_bbox: Box | None = None
    header_rows: list[list[str]] = field(default_factory=list)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")
_BLANKS = {"", "-", "—", "－", "–", "--", "——", "/", "／", "…"}
_NUMBER = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
_PAREN_NEG = re.compile(r"^[（(](.+)[)）]$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CODE_HEADER = re.compile(r"(编码|代码|编号)$|/(类|款|项)$|^(类|款|项)$")
_LABEL_HEADER = re.compile(
    r"(名称|^项目$|单位$|年度$|年份$|品目|形式|科目$|说明|内容|指标$|备注|序号|指标值|目标值|用途$|分类$)"
)


def parse_amount(text: str | None) -> Decimal | None:
    """A printed amount as an exact Decimal; None for a blank or a dash.

    `1,234.56` -> 1234.56, `-344` -> -344, `（344）` -> -344, `7,02\\n1` (a wrap inside a narrow cell)
    -> 7021. Text that is not a number raises ValueError so the caller can warn.
    """
    if text is None:
        return None
    compact = re.sub(r"\s+", "", text).translate(_FULL_WIDTH)
    if compact in _BLANKS:
        return None
    negative = False
    paren = _PAREN_NEG.match(compact)
    if paren:
        compact, negative = paren.group(1), True
    if not _NUMBER.match(compact):
        raise ValueError(f"not a number: {text!r}")
    compact = compact.replace(",", "").replace("−", "-").rstrip("%")
    try:
        value = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"not a number: {text!r}") from exc
    return -value if negative else value


_TARGET = re.compile(
    r"^(≥|≤|>|<|=|＞|＜|＝|不低于|不高于|不少于|不超过|大于|小于|等于|达到)?\s*(\d[\d,]*(?:\.\d+)?)\s*(.*)$"
)


def parse_target(text: str) -> tuple[Decimal | None, str | None, str]:
    """A 绩效 target as (number, unit, operator): `≥98%` -> (98, "%", "≥"); `得到提升` -> (None, None, "")."""
    match = _TARGET.match(re.sub(r"\s+", " ", text.strip()))
    if not match:
        return None, None, ""
    unit = match.group(3).strip() or None
    if unit and re.search(r"(前|底|之前|以前|内完成)$", unit):
        return None, None, ""  # a deadline (`12月前`), not a quantity
    number = Decimal(match.group(2).replace(",", ""))
    return number, unit, match.group(1) or ""


def is_amount_text(text: str | None) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def is_code_text(text: str | None) -> bool:
    return bool(text) and bool(_CODE.match(re.sub(r"\s+", "", text or "")))


_ORDINAL_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十百]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^\d+[、.．](?!\d)"), 3),
    (re.compile(r"^[（(]\d+[)）]"), 4),
)
_CJK_LABEL = re.compile(r"^[^\d]*[\u4e00-\u9fff][^\d]*$")
_TOTAL = re.compile(r"(合计|总计|小计|^本年|^当年|^上年|^年初|^年末|结转|结余)")


def label_level(name: str) -> int | None:
    """Outline level of a label by its marker: 一、 -> 1, （一） -> 2, 1. -> 3, (1) -> 4."""
    stripped = name.lstrip("【〔[ ")
    for pattern, level in _ORDINAL_LEVELS:
        if pattern.match(stripped):
            return level
    return None


def classify_columns(columns: list[Column], rows: list[BodyRow]) -> None:
    """Set each column's kind from its header and its body cells."""
    for index, column in enumerate(columns):
        leaf = column.path.rsplit("/", 1)[-1]
        texts = [normalise_text(r.cells[index].text) for r in rows if index in r.cells]
        filled = [t for t in texts if t and t not in _BLANKS]
        numeric = sum(1 for t in filled if is_amount_text(t))
        codes = sum(1 for t in filled if re.sub(r"\s+", "", t).isdigit())
        if re.search(r"(序号|行次|栏次)$", leaf):
            column.kind = "label"  # row numbers are figures only in form
        elif _CODE_HEADER.search(column.path) and (not filled or codes >= len(filled) / 2):
            column.kind = "code"
        elif _LABEL_HEADER.search(leaf) and numeric <= len(filled) / 2:
            column.kind = "label"
        elif filled and numeric >= 0.8 * len(filled):
            column.kind = "amount"
        elif filled and numeric < len(filled) / 2:
            column.kind = "label"
        else:
            column.kind = "amount"


def _label_groups(columns: list[Column]) -> dict[int, list[int]]:
    """For each amount column, the label/code columns that name its rows (those left of it)."""
    groups: dict[int, list[int]] = {}
    current: list[int] = []
    previous_kind = ""
    for index, column in enumerate(columns):
        if column.kind == "amount":
            groups[index] = current
        else:
            if previous_kind == "amount":
                current = []
            current = [*current, index]
        previous_kind = column.kind
    return groups


def _row_name(row: BodyRow, columns: list[Column], group: list[int]) -> tuple[str, int | None]:
    """The row's name in one label group and the column it was read from."""
    texts = {i: normalise_text(row.cells[i].text) for i in group if i in row.cells}
    named = [i for i in group if texts.get(i) and "名称" in columns[i].path and columns[i].kind == "label"]
    # a 项目支出 table names rows by 项目名称 even when it also prints 科目名称 beside it
    projects = [i for i in named if re.search(r"(项目|任务)名称", columns[i].path)]
    if projects or named:
        index = (projects or named)[-1]
        return texts[index], index
    for i in reversed(group):
        text = texts.get(i, "")
        if text and not (columns[i].kind == "code" and (is_code_text(text) or text in ("类", "款", "项"))):
            return text, i
    return "", None


def _carry_labels(carry: dict[int, str], row: BodyRow, columns: list[Column], *, by_column: bool) -> None:
    """Update the label carried per column. A cell covered by a merged cell keeps the label above. In a table
    outlined by columns (no 科目编码: a procurement table), a row's labels replace those from its leftmost
    printed label rightwards (a new 专项 ends the 经济科目 under the last one) and a blank cell left of it keeps
    the label above, as a merged cell does (采购物品名称 rows under a 专项名称 printed once); otherwise every
    cell the row has replaces the label above, blank or not."""
    labels = {
        i: normalise_text(row.cells[i].text)
        for i, c in enumerate(columns)
        if c.kind == "label" and i in row.cells
    }
    printed = [i for i, text in labels.items() if text]
    if not by_column:
        carry.update(labels)
        return
    if not printed:
        return
    leftmost = min(printed)
    for i, text in labels.items():
        if i >= leftmost:
            carry[i] = text


def _context(
    carry: dict[int, str], columns: list[Column], group: list[int], index: int | None, name: str
) -> tuple[str, ...]:
    """Labels printed left of the name column (a merged `一般公共预算资金` over its 小计 rows)."""
    if index is None:
        return ()
    return tuple(
        carry[i]
        for i in group
        if i < index and columns[i].kind == "label" and carry.get(i) and carry[i] != name
    )


def _name_across_groups(row: BodyRow, columns: list[Column], amount_col: int) -> str:
    """A label printed across a merged cell (`当年支出小计` over two column groups) names the amount
    columns further right, as long as no figure stands between them."""
    for i in range(amount_col - 1, -1, -1):
        text = normalise_text(row.cells[i].text) if i in row.cells else ""
        if columns[i].kind == "amount":
            if i not in row.cells:
                continue  # covered by a merged label cell
            if text and _CJK_LABEL.search(text):
                return text  # a label whose merged cell reaches over an amount column
            return ""
        elif text and columns[i].kind == "label":
            return text
    return ""


def _covered_by_label(row: BodyRow, columns: list[Column], amount_col: int) -> bool:
    """Whether a label cell of the row is merged across the amount column (it has no cell of its own)."""
    column = columns[amount_col]
    middle = (column.x0 + column.x1) / 2
    return any(
        cell.bbox is not None
        and columns[i].kind != "amount"
        and cell.text.strip()
        and cell.bbox[0] < middle < cell.bbox[2]
        for i, cell in row.cells.items()
    )


def _row_code(row: BodyRow, columns: list[Column], group: list[int], previous: list[str]) -> list[str]:
    """Code parts of a row; parts a continuation row leaves blank are inherited from the row above."""
    parts = []
    for i in group:
        if columns[i].kind != "code":
            continue
        text = re.sub(r"\s+", "", row.cells[i].text) if i in row.cells else ""
        parts.append(text if text.isdigit() else "")
    if any(parts) and not parts[0] and len(parts) > 1:
        first = next(k for k, p in enumerate(parts) if p)
        parts = [previous[k] if k < first and k < len(previous) else p for k, p in enumerate(parts)]
    # 款 and 项 are two digits each; some templates drop the leading zero (类 301 款 "2" is 30102)
    return [p.zfill(2) if k > 0 and len(p) == 1 else p for k, p in enumerate(parts)]


@dataclass
class _Ancestry:
    """Names seen so far in one label group, to build row paths."""

    by_code: dict[str, str] = field(default_factory=dict)
    outline: dict[int, str] = field(default_factory=dict)

    def path_for(self, code: str | None, name: str) -> tuple[str, ...]:
        if code:
            prefixes = [code[:n] for n in (3, 5) if len(code) > n]
            path = tuple(self.by_code[p] for p in prefixes if p in self.by_code)
            self.by_code[code] = name
            return path
        if _TOTAL.search(name):
            self.outline.clear()
            return ()
        level = label_level(name)
        if level is None:
            return tuple(self.outline[k] for k in sorted(self.outline))
        path = tuple(self.outline[k] for k in sorted(self.outline) if k < level)
        for k in [k for k in self.outline if k >= level]:
            del self.outline[k]
        self.outline[level] = name
        return path


def table_to_facts(table: RawTable, doc_id: str, warnings: list[str]) -> list[Fact]:
    """Every amount cell of a stitched table as a Fact (blank cells included, value None)."""
    classify_columns(table.columns, table.rows)
    groups = _label_groups(table.columns)
    facts: list[Fact] = []
    ancestry: dict[tuple[int, ...], _Ancestry] = {}
    previous_codes: dict[tuple[int, ...], list[str]] = {}
    unreadable: dict[int, int] = {}
    label = f"表{table.table_no}" if table.table_no is not None else (table.title or "untitled table")
    carry: dict[int, str] = {}  # label text per column; a cell covered by a merged cell keeps the one above
    coded = any(c.kind == "code" for c in table.columns)  # a 科目编码 column orders the rows, not the columns
    for row_index, row in enumerate(table.rows):
        _carry_labels(carry, row, table.columns, by_column=not coded)
        named: dict[tuple[int, ...], tuple[str, str | None, tuple[str, ...]]] = {}
        for col_index, group in groups.items():
            key = tuple(group)
            cell = row.cells.get(col_index)
            if key not in named:
                parts = _row_code(row, table.columns, group, previous_codes.get(key, []))
                if any(parts):
                    previous_codes[key] = parts
                code = "".join(parts) or None
                name, index = _row_name(row, table.columns, group)
                path = ancestry.setdefault(key, _Ancestry()).path_for(code, name) if (name or code) else ()
                context = _context(carry, table.columns, group, index, name)
                path = context + tuple(x for x in path if x not in context)
                named[key] = (name, code, path)
            name, code, path = named[key]
            if not name and not code:
                name = _name_across_groups(row, table.columns, col_index)
            if cell is None and _covered_by_label(row, table.columns, col_index):
                continue  # a label's merged cell (当年支出小计) spans it: no cell, so no figure, is printed
            text = normalise_text(cell.text) if cell else ""
            if not name and not code and not text and group:
                continue  # the empty half of a side-by-side row (a table without labels keeps blanks)
            if _CJK_LABEL.search(text) and text == _name_across_groups(row, table.columns, col_index + 1):
                continue  # a label printed across into an amount column names its neighbour, not a figure
            try:
                value = parse_amount(text)
            except ValueError:
                value = None
                if re.search(r"\d", text) and len(text) <= 20:  # a figure we failed to read, not prose
                    unreadable[row.page] = unreadable.get(row.page, 0) + 1
            facts.append(
                Fact(
                    doc_id=doc_id,
                    table_no=table.table_no,
                    table_title=table.title,
                    row_name=name,
                    column=table.columns[col_index].path,
                    value=value,
                    text=text,
                    unit=table.unit,
                    page=cell.page if cell else row.page,
                    row_code=code,
                    row_path=path,
                    bbox=cell.bbox if cell else None,
                    row_index=row_index,
                )
            )
    for page, count in sorted(unreadable.items()):
        warnings.append(f"{label}: {count} cells could not be read as numbers on page {page}")
    return _name_unlabelled(facts, table)


def _name_unlabelled(facts: list[Fact], table: RawTable) -> list[Fact]:
    """Rows with figures but no label or code (a table without a label column) get a name by their
    place in the table: a cited figure must say which row it is."""
    nameless = sorted(
        {f.row_index for f in facts if not f.row_name and not f.row_code and f.value is not None}
    )
    if not nameless:
        return facts
    paths = [c.path for c in table.columns]
    names = {
        row: unlabelled_row_name(table.title, paths, len(table.rows), row)
        for row in sorted({f.row_index for f in facts if not f.row_name and not f.row_code})
        if row is not None
    }
    return [
        replace(f, row_name=names[f.row_index]) if f.row_index in names and not f.row_name else f
        for f in facts
    ]
