"""Stitching grids into logical tables: labels, title rows, header detection, continuation pages.

Pure functions over extracted grids (text + cell boxes), so the rules are testable without a PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetqa.ingest.table_facts import BodyRow, Cell, Column, RawTable, is_amount_text, parse_target
from budgetqa.ingest.table_headers import clean_header, flatten_headers, normalise_text
from budgetqa.ingest.table_labels import NOT_TITLE, TITLE_END, UNIT_LINE, Label, title_candidate
from budgetqa.store.records import Fact

__all__ = [
    "TARGET_HEADERS",
    "Grid",
    "GridRow",
    "TableBuilder",
    "body_start",
    "drop_phantom_columns",
    "is_title_row",
    "split_grid",
]

Box = tuple[float, float, float, float]
GridCell = tuple[str | None, Box] | None
GridRow = list[GridCell]

_META = re.compile(
    r"^(部门|单位|编制部门|编制单位|部门名称|填报单位|预算单位)[：:]|单位[：:]|^(部门名称|主管部门)$"
)
_LEVEL_MARKS = ("类", "款", "项")
TARGET_HEADERS = frozenset({"指标值", "目标值", "年度指标值", "年度目标值", "指标值（目标值）"})
_INDICATOR_ROLES = {"一级指标": "1", "二级指标": "2", "三级指标": "3"}
BOX0: Box = (0.0, 0.0, 0.0, 0.0)


@dataclass
class Grid:
    """One ruled grid as extracted: per row, per grid column, (text, cell box) or None if covered."""

    page: int
    bbox: Box
    rows: list[GridRow]
    edges: list[float]  # x of each grid column's left rule, then the grid's right edge


def _texts(row: GridRow) -> list[str]:
    return [normalise_text(cell[0]) for cell in row if cell is not None and cell[0]]


def is_title_row(row: GridRow) -> str | None:
    """The title when a grid row is a table title drawn inside the grid (one text ending in 表)."""
    texts = {clean_header(t) for t in _texts(row)}
    if len(texts) != 1:
        return None
    (text,) = texts
    if TITLE_END.search(text) and not NOT_TITLE.match(text) and 4 <= len(text) <= 60:
        return text
    return None


def _is_meta_row(row: GridRow) -> bool:
    return any(_META.search(clean_header(t)) for t in _texts(row))


def split_grid(rows: list[GridRow]) -> list[tuple[Label | None, list[GridRow]]]:
    """Split a grid at title rows; meta rows (部门：… 单位：万元) set the unit and are dropped."""
    segments: list[tuple[Label | None, list[GridRow]]] = [(None, [])]
    for row in rows:
        title = is_title_row(row)
        if title:
            found = title_candidate(title)
            number, name = found if found else (None, title)
            segments.append((Label(number, name or title), []))
            continue
        label, seg_rows = segments[-1]
        if not seg_rows and _is_meta_row(row):
            unit = next((m.group(1) for t in _texts(row) if (m := UNIT_LINE.search(clean_header(t)))), None)
            if unit:
                label = label or Label()
                label.unit = unit
                segments[-1] = (label, seg_rows)
            continue
        seg_rows.append(row)
    return [s for s in segments if s[0] is not None or s[1]]


def _is_body_row(row: GridRow) -> bool:
    texts = _texts(row)
    if texts and clean_header(texts[0]) in ("栏次", "行次"):
        return False
    return any(is_amount_text(t) for t in texts)


def body_start(rows: list[GridRow]) -> int:
    """Index of the first body row: the first with a figure; in a table with no figures at all, the
    first 合计 row or the first blank row after the header."""
    for index, row in enumerate(rows):
        if _is_body_row(row):
            return index
    for index, row in enumerate(rows):
        texts = _texts(row)
        if index and (not texts or re.match(r"^(合计|总计)", clean_header(texts[0]))):
            return index
    return len(rows)


def _row_key(row: GridRow) -> str:
    return "".join(clean_header(t) for t in _texts(row))


def _overlap(box: Box, column: Column) -> float:
    return min(box[2], column.x1) - max(box[0], column.x0)


def place_cells(row: GridRow, columns: list[Column], page: int) -> dict[int, Cell]:
    """Put each cell of a grid row into the header column it overlaps most."""
    cells: dict[int, Cell] = {}
    for cell in row:
        if cell is None or not columns:
            continue
        text, box = cell
        best = max(range(len(columns)), key=lambda i: _overlap(box, columns[i]))
        if best not in cells or (not cells[best].text and text):
            cells[best] = Cell(text or "", box, page)
    return cells


def build_columns(header: list[GridRow], body: list[GridRow], edges: list[float]) -> list[Column]:
    """Header rows -> logical columns (path + x-range); grid columns no cell ever separates are merged."""
    width = len(edges) - 1
    centres = [(edges[c] + edges[c + 1]) / 2 for c in range(width)]
    grid: list[list[str | None]] = []
    for row in header:
        line: list[str | None] = [None] * width
        for cell in row:
            if cell is None:
                continue
            text, box = cell
            for c in range(width):
                if box[0] - 0.5 <= centres[c] <= box[2] + 0.5:
                    line[c] = text or ""
        grid.append(line)
    # a 栏次 row (1 2 3 ...) numbers the columns; it is no part of their names
    grid = [line for line in grid if not any(clean_header(t) in ("栏次", "行次") for t in line if t)]
    paths = flatten_headers(grid, spans_explicit=True)
    if body:  # `类 | 款 | 项` printed in the first body row (the 合计 row) name the code columns
        first = body[0]
        for c, cell in enumerate(first[:width]):
            if cell is not None and clean_header(cell[0]) in _LEVEL_MARKS:
                paths[c] = f"{paths[c]}/{clean_header(cell[0])}".strip("/")
                first[c] = ("", cell[1])
    columns: list[Column] = []
    for c in range(width):
        separate = any(c < len(r) and r[c] is not None for r in body)
        if columns and paths[c] == columns[-1].path and not separate:
            columns[-1].x1 = edges[c + 1]
            continue
        # a blank header cell beside a label header continues it (项目名称 printed over two columns)
        path = paths[c] or (columns[-1].path if columns else "") or f"第{len(columns) + 1}列"
        columns.append(Column(path, edges[c], edges[c + 1]))
    return columns


_UNNAMED = re.compile(r"^第\d+列$")


def drop_phantom_columns(columns: list[Column], rows: list[BodyRow]) -> tuple[list[Column], list[BodyRow]]:
    """Drop columns with no header and no text in any body cell: a page frame or a print-area rectangle
    drawn round the grid adds a rule, not a column of the table (its blank cells are no figures)."""
    keep = [
        index
        for index, column in enumerate(columns)
        if not _UNNAMED.match(column.path)
        or any(index in row.cells and row.cells[index].text.strip() for row in rows)
    ]
    if len(keep) == len(columns):
        return columns, rows
    moved = {old: new for new, old in enumerate(keep)}
    return [columns[i] for i in keep], [
        BodyRow({moved[i]: cell for i, cell in row.cells.items() if i in moved}, row.page) for row in rows
    ]


@dataclass
class _Indicator:
    levels: tuple[str, str, str]
    target: Cell


@dataclass
class TableBuilder:
    label: Label
    page_start: int
    page_end: int = 0
    columns: list[Column] | None = None
    header_keys: set[str] = field(default_factory=set)
    rows: list[BodyRow] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    note: str | None = None
    note_page: int | None = None
    note_bbox: Box | None = None
    roles: dict[str, Box] | None = None  # indicator layout of a 绩效目标表: role -> header cell box
    indicators: list[_Indicator] = field(default_factory=list)

    def add_rows(self, rows: list[GridRow], grid_page: int, edges: list[float]) -> None:
        if not rows:
            return
        self.pages.add(grid_page)
        self.page_end = grid_page
        continuation = self.columns is not None
        if self.columns is None:
            start = body_start(rows)
            header, body = rows[:start], rows[start:]
            self.columns = build_columns(header, body, edges)
            self.header_keys = {k for k in map(_row_key, header) if k}
        else:
            body = self._drop_repeated_header(rows)
        for index, row in enumerate(body):
            if self._indicator_row(row, grid_page):
                continue
            cells = place_cells(row, self.columns, grid_page)
            if not any(c.text.strip() for c in cells.values()):
                continue
            if continuation and index == 0 and self._wrapped_label(cells, grid_page):
                continue
            self.rows.append(BodyRow(cells, grid_page))

    def _drop_repeated_header(self, rows: list[GridRow]) -> list[GridRow]:
        last = -1
        for index, row in enumerate(rows[: len(self.header_keys) + 3]):
            key = _row_key(row)
            if key and key in self.header_keys:
                last = index
            elif _is_body_row(row):
                break
        return rows[last + 1 :]

    def _wrapped_label(self, cells: dict[int, Cell], page: int) -> bool:
        """A label wrapped across a page break prints its tail as a row of its own: join it back."""
        if not self.rows or self.rows[-1].page == page:
            return False
        texts = [normalise_text(c.text) for c in cells.values() if c.text.strip()]
        if any(is_amount_text(t) for t in texts) or any(
            re.match(r"^([一二三四五六七八九十]+、|（|\(|\d|合计|总计|小计)", t) for t in texts
        ):
            return False
        previous = self.rows[-1]
        if any(len(t) > 6 for t in texts):
            return False  # a wrapped tail is a few characters; a longer label is a row of its own
        before = [normalise_text(c.text) for i, c in previous.cells.items() if i in cells and c.text.strip()]
        if any(re.search(r"(合计|总计|小计|[。）)】])$", t) for t in before):
            return False
        if not all(
            i in previous.cells and previous.cells[i].text.strip() for i, c in cells.items() if c.text.strip()
        ):
            return False
        for i, cell in cells.items():
            if cell.text.strip():
                previous.cells[i].text = previous.cells[i].text + cell.text
        return True

    def _indicator_row(self, row: GridRow, page: int) -> bool:
        """绩效目标表 indicator rows: the 一级/二级/三级指标 + 指标值 header switches to them (by x)."""
        cells = [(clean_header(c[0]), normalise_text(c[0]), c[1]) for c in row if c is not None]
        keys = {key for key, _, _ in cells}
        if "三级指标" in keys and keys & TARGET_HEADERS:
            self.roles = {}
            for key, _, box in cells:
                role = _INDICATOR_ROLES.get(key) or ("v" if key in TARGET_HEADERS else None)
                if role:
                    self.roles[role] = box
            return True
        if self.roles is None or "3" not in self.roles or "v" not in self.roles:
            return False
        found: dict[str, tuple[str, Box] | None] = {}
        for key in ("1", "2", "3", "v"):
            if key not in self.roles:
                continue
            col = Column(key, self.roles[key][0], self.roles[key][2])
            best = max(((c[1], c[2]) for c in cells), key=lambda c: _overlap(c[1], col), default=None)
            found[key] = best if best is not None and _overlap(best[1], col) > 0 else None
        previous = self.indicators[-1].levels if self.indicators else ("", "", "")
        # a covered position (no cell) continues the merged cell above; an empty new cell starts one
        # whose text is printed further down, filled in by _backfill_levels
        levels = tuple(
            previous[n] if found.get(k) is None else (found[k] or ("", BOX0))[0]
            for n, k in enumerate(("1", "2", "3"))
        )
        target = found.get("v")
        if target is not None and levels[2] and target[0]:
            self.indicators.append(
                _Indicator((levels[0], levels[1], levels[2]), Cell(target[0], target[1], page))
            )
        return True

    def _backfill_levels(self) -> None:
        """A merged 一级/二级指标 cell prints its text mid-span: rows above that point belong to it too."""
        for level in (0, 1):
            following = ""
            for item in reversed(self.indicators):
                if item.levels[level]:
                    following = item.levels[level]
                elif following:
                    levels = list(item.levels)
                    levels[level] = following
                    item.levels = (levels[0], levels[1], levels[2])

    def indicator_facts(self, doc_id: str) -> list[Fact]:
        self._backfill_levels()
        facts = []
        for offset, item in enumerate(self.indicators):
            text = normalise_text(item.target.text)
            value, unit, _ = parse_target(text)
            facts.append(
                Fact(
                    doc_id=doc_id,
                    table_no=self.label.table_no,
                    table_title=self.label.title,
                    row_name=item.levels[2],
                    column="指标值",
                    value=value if isinstance(value, Decimal) else None,
                    text=text,
                    unit=unit,
                    page=item.target.page,
                    row_path=tuple(x for x in item.levels[:2] if x),
                    bbox=item.target.bbox,
                    row_index=len(self.rows) + offset,
                    note=text,
                )
            )
        return facts

    def to_raw(self) -> RawTable:
        columns, rows = drop_phantom_columns(self.columns or [], self.rows)
        return RawTable(
            table_no=self.label.table_no,
            title=self.label.title,
            unit=self.label.unit,
            page_start=self.page_start,
            page_end=self.page_end or self.page_start,
            columns=columns,
            rows=rows,
            note=self.note,
            note_page=self.note_page,
            note_bbox=self.note_bbox,
        )
