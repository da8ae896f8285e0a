"""Ruled table grids of a budget PDF -> logical tables and Fact records.

pdfplumber finds each ruled grid (`page.find_tables()`); the text lines between grids name them: the
nearest `表 N` / `公开NN表` / `（九）` label and the title line above a grid start a table, a grid with no
label continues the table before it (its repeated title block and header rows are dropped), and title
rows printed inside a grid (WPS exports draw the title in the grid) split it. Body cells are placed in
the header's columns by x-position, so a continuation page whose grid has different column rules still
lines up. See `table_facts` for rows -> facts. pdfplumber gets each page's glyphs and paths from pdfium
(`pdf_objects`) rather than from pdfminer's slow content parsing; pages with a grid inside the
narrative keep their prose (`table_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetqa.ingest.chunking import heading_level, tidy_heading
from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.ocr import OcrPage, scan_objects
from budgetqa.ingest.pdf_objects import page_objects
from budgetqa.ingest.scan_cells import flagged_cells, with_ocr_confidence
from budgetqa.ingest.table_facts import RawTable, table_to_facts
from budgetqa.ingest.table_headers import clean_header, normalise_text
from budgetqa.ingest.table_labels import (
    NOT_TITLE,
    UNIT_LINE,
    Label,
    chinese_number,
    parse_label,
    title_candidate,
)
from budgetqa.ingest.table_stitch import Grid, TableBuilder, split_grid
from budgetqa.ingest.table_text import (
    MIN_PROSE_CHARS,
    long_text_cells,
    prose_chars,
    scan_text_outside_grids,
    text_outside_grids,
)
from budgetqa.store.records import Fact, TableInfo, table_label

__all__ = ["TableExtraction", "extract_pdf_tables"]


@dataclass
class TableExtraction:
    tables: list[TableInfo]
    facts: list[Fact]
    warnings: list[str]
    table_pages: set[int] = field(default_factory=set)  # pages wholly tables: no narrative on them
    # pages with a grid inside the narrative: their text outside the grids, and long text cells of those
    # grids (绩效目标 descriptions) as (page, `row label column：text`)
    outside_text: dict[int, str] = field(default_factory=dict)
    text_cells: list[tuple[int, str]] = field(default_factory=list)

    def narrative_pages(self, pages: Sequence[str]) -> list[str]:
        """Page texts for chunking: a page carrying a grid inside the narrative keeps only its prose."""
        return [self.outside_text.get(number, text) for number, text in enumerate(pages, 1)]


_EMPTY_NOTE = re.compile(
    r"[^。；]*((无|没有)[^。；，,]{0,40}(支出|收入|预算|经费|数据|安排|资金)|此表无数据|本表无数据|为空表|空表|表为空)"
    r"[^。；]*[。]?"
)
_HEADER_UNIT = re.compile(r"[（(](万元|千元|亿元|元)[)）]")
_TOC_ENTRY = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*(.+?表)[\s…\.·・\d-]*$")
_TOC_NUMBER = re.compile(r"^([一二三四五六七八九十]+|\d+)")


def _outside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    return (
        obj["x0"] < bbox[0] - 1
        or obj["top"] < bbox[1] - 1
        or obj["x1"] > bbox[2] + 1
        or obj["bottom"] > bbox[3] + 1
    )


def _visible_page(page: Any) -> Any:
    """Drop glyphs and rules drawn outside the page box: some exports park a hidden copy of later
    tables below the visible page, which a viewer never shows (nor may the facts)."""
    crop, media = page.cropbox, page.mediabox
    bbox = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if any(
        _outside(obj, bbox) for kind in ("chars", "lines", "rects", "curves") for obj in getattr(page, kind)
    ):
        return page.within_bbox(bbox)
    return page


def _clip_overflow(char: dict[str, Any]) -> float:
    """How far a glyph may reach above its cell's top rule and still be that cell's text."""
    return max(2.0, 0.15 * (char["bottom"] - char["top"]))


def cell_texts(table: Any) -> list[list[str | None]]:
    """The text of each cell of a pdfplumber table, as `Table.extract()` but for glyphs cut by a rule.

    A glyph belongs to the cell holding its centre, except one that starts clearly above its cell's top
    rule: that is the overflow of a wrapped text from the cell above (a header's last character pushed
    below its cell, which the exporter clips at the border), so it stays in the cell it starts in instead
    of becoming a row label (`采购组织形|式` over the 合计 row)."""
    from bisect import bisect_left, bisect_right

    from pdfplumber.utils import extract_text

    x0, top, x1, bottom = table.bbox
    rules = sorted({cell[1] for cell in table.cells})
    anchored: list[tuple[float, float, int, dict[str, Any]]] = []
    for order, char in enumerate(table.page.chars):
        h_mid, v_mid = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (x0 <= h_mid < x1 and top <= v_mid < bottom):
            continue
        # a row rule between the glyph's top (less the tolerance) and its centre cuts it
        lo, hi = bisect_right(rules, char["top"] + _clip_overflow(char)), bisect_right(rules, v_mid)
        if hi > lo and char["top"] >= top:
            v_mid = char["top"]
        anchored.append((h_mid, v_mid, order, char))
    anchored.sort(key=lambda a: a[1])
    mids = [a[1] for a in anchored]

    texts: list[list[str | None]] = []
    for row in table.rows:
        r_top, r_bottom = row.bbox[1], row.bbox[3]
        in_row = anchored[bisect_left(mids, r_top) : bisect_left(mids, r_bottom)]
        line: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                line.append(None)
                continue
            # in page order, as pdfplumber reads them
            chars = sorted(
                (o, c) for h, v, o, c in in_row if cell[0] <= h < cell[2] and cell[1] <= v < cell[3]
            )
            line.append(extract_text([c for _, c in chars]) if chars else "")
        texts.append(line)
    return texts


def _title_rows(table: Any, texts: list[list[str | None]]) -> int:
    """How many leading rows only carry the table's title block (title, 部门：, 单位：) in one cell.

    Spreadsheet-printed tables draw the title inside the grid (filled rectangles, no ruling lines), often
    as one tall cell; those rows are the label, not data."""
    for index, row_texts in enumerate(texts[:3]):
        filled = [t for t in row_texts if t and t.strip()]
        if len(filled) != 1:
            return index
        first = clean_header(filled[0].strip().splitlines()[0])
        if not (title_candidate(first) or NOT_TITLE.match(first) or UNIT_LINE.search(first)):
            return index
    return 0


def _grid_of(table: Any, texts: list[list[str | None]], page_no: int, skip: int = 0) -> Grid:
    starts = sorted({round(cell[0], 1) for cell in table.cells})
    edges = [*starts, table.bbox[2]]
    rows = []
    for row, row_texts in list(zip(table.rows, texts, strict=False))[skip:]:
        rows.append(
            [(t, box) if box is not None else None for t, box in zip(row_texts, row.cells, strict=False)]
        )
    return Grid(page=page_no, bbox=table.bbox, rows=rows, edges=edges)


def _lines_between(lines: list[dict[str, Any]], top: float, bottom: float) -> list[dict[str, Any]]:
    return [ln for ln in lines if ln["top"] >= top - 1 and ln["bottom"] <= bottom + 1]


def _toc_numbers(lines: list[str]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for line in lines:
        compact = clean_header(line)
        match = _TOC_ENTRY.match(compact)
        number = _TOC_NUMBER.match(compact)
        if match and number:
            value = chinese_number(number.group(1))
            if value is not None:
                numbers.setdefault(_title_key(match.group(1)), value)
    return numbers if len(numbers) >= 2 else {}


def _title_key(title: str) -> str:
    return re.sub(r"[\s“”\"'‘’]|^\d{4}年(度)?", "", title)


def _note_of(lines: list[dict[str, Any]]) -> tuple[str, tuple[float, float, float, float]] | None:
    """The empty-table note printed below a grid (`注：本部门无政府性基金预算支出。`) and its box."""
    text = normalise_text("".join(ln["text"] for ln in lines))
    match = _EMPTY_NOTE.search(text)
    if not match:
        return None
    note = match.group(0)
    # only the lines the note is printed on, not the page footer below it
    printed = [
        ln for ln in lines if (t := normalise_text(ln["text"])) and (t[:6] in note or note[:6] in t)
    ] or lines
    box = (
        min(ln["x0"] for ln in printed),
        min(ln["top"] for ln in printed),
        max(ln["x1"] for ln in printed),
        max(ln["bottom"] for ln in printed),
    )
    return note.strip().lstrip("注:：").strip("【】()（） "), box


class _Stitcher:
    """Walks the grids of a document in reading order and stitches logical tables."""

    def __init__(self) -> None:
        self.done: list[TableBuilder] = []
        self.current: TableBuilder | None = None
        self.pending: Label | None = None
        self.grid_boxes: dict[int, list[tuple[float, float, float, float]]] = {}
        self.prose_pages: set[int] = set()  # pages with running text outside their grids
        self.part_above: dict[int, str] = {}  # page -> the 第N部分 heading printed above its first grid

    def start(self, label: Label, page: int) -> TableBuilder:
        if self.current is not None:
            self.done.append(self.current)
        self.current = TableBuilder(label=label, page_start=label.page or page)
        return self.current

    def feed(self, grid: Grid, above: list[dict[str, Any]]) -> None:
        label = parse_label([ln["text"] for ln in above])
        if not label.starts_table() and self.pending is not None and grid.rows:
            label = self.pending
        self.pending = None
        for index, (inner, rows) in enumerate(split_grid(grid.rows)):
            # the first segment also carries what is printed above the grid (表 N, title, 单位)
            seg_label = inner if inner is not None else (label if index == 0 else Label())
            if index == 0 and inner is not None:
                seg_label = inner.merged_with(label)
            builder = self.current
            if seg_label.starts_table() and not (builder and builder.label.same_table(seg_label)):
                builder = self.start(seg_label, grid.page)
            elif builder is None:
                builder = self.start(seg_label, grid.page)
            builder.add_rows(rows, grid.page, grid.edges)

    def after(self, lines: list[dict[str, Any]], page: int, last_on_page: bool) -> None:
        note = _note_of(lines)
        if note and self.current is not None and self.current.note is None:
            self.current.note, self.current.note_bbox = note
            self.current.note_page = page
        if last_on_page:
            trailing = parse_label([ln["text"] for ln in lines])
            if trailing.title and not note:
                trailing.page = page  # a title printed at the foot of the page, its grid on the next
                self.pending = trailing

    def finish(self) -> list[TableBuilder]:
        if self.current is not None:
            self.done.append(self.current)
            self.current = None
        return self.done


def _note_fact(raw: RawTable, doc_id: str, column: str) -> Fact:
    note = raw.note or ""
    return Fact(
        doc_id=doc_id,
        table_no=raw.table_no,
        table_title=raw.title,
        row_name="合计",
        column=column,
        value=Decimal(0),
        text=note,
        unit=raw.unit,
        page=raw.note_page or raw.page_start,
        bbox=raw.note_bbox,
        note=note,
    )


def _note_column(paths: list[str]) -> str:
    """The column an empty table's 0 is reported in: its 总计/合计 column, else its first 支出 column."""
    for pattern in (r"总计$", r"^(支出)?合计$|/合计$", r"支出"):
        found = next((p for p in paths if re.search(pattern, p)), None)
        if found:
            return found
    return paths[0] if paths else "支出总计"


def _finish_table(
    builder: TableBuilder, doc_id: str, warnings: list[str]
) -> tuple[TableInfo, list[Fact]] | None:
    raw = builder.to_raw()
    facts = table_to_facts(raw, doc_id, warnings) + builder.indicator_facts(doc_id)
    amounts = [c for c in raw.columns if c.kind == "amount"]
    if not amounts and not raw.note:
        return None  # a list or contents grid, not a figures table
    if raw.note and all(f.value is None for f in facts):
        facts = [_note_fact(raw, doc_id, _note_column([c.path for c in amounts]))]
    if raw.unit is None:  # a header such as 预算数（万元） still names the unit
        printed = next((m.group(1) for c in raw.columns if (m := _HEADER_UNIT.search(c.path))), None)
        if printed:
            raw.unit = printed
            facts = [_with_unit(f, printed) for f in facts]
    info = TableInfo(
        table_no=raw.table_no,
        title=raw.title,
        page_start=raw.page_start,
        page_end=raw.page_end,
        unit=raw.unit,
        columns=tuple(c.path for c in raw.columns),
        rows=len(raw.rows),
        note=raw.note,
    )
    return info, facts


def _with_unit(fact: Fact, unit: str) -> Fact:
    return replace(fact, unit=fact.unit or unit)


def _settle_units(
    tables: list[TableInfo], facts: list[Fact], warnings: list[str]
) -> tuple[list[TableInfo], list[Fact]]:
    """A table that prints no 单位 takes the unit every other table of the document prints, with a warning;
    when the others disagree or print none, its unit stays unknown (None) and answers from it say so. A unit
    is never assumed silently: 元 read as 万元 is a figure 10,000 times too large."""
    printed = {t.unit for t in tables if t.unit}
    settled: list[TableInfo] = []
    for table in tables:
        if table.unit:
            settled.append(table)
            continue
        label = table_label(table.table_no, table.title) or "untitled table"
        if len(printed) == 1:
            unit = next(iter(printed))
            warnings.append(
                f"{label}: no 单位 line printed on page {table.page_start}; taken as {unit}, "
                "the unit every other table of the document prints"
            )
            facts = [
                _with_unit(f, unit) if (f.table_no, f.table_title) == (table.table_no, table.title) else f
                for f in facts
            ]
            table = replace(table, unit=unit)
        else:
            warnings.append(
                f"{label}: no 单位 line printed on page {table.page_start} and the other tables do not agree on "
                "one; its figures have no unit and are not stated in answers"
            )
        settled.append(table)
    return settled, facts


def _ruled_pages(document: Any) -> tuple[list[bool], list[str]]:
    """Per page of a pdfium document: may it carry a ruled grid (enough vector paths)? Plus the text of
    pages before the first such page (a 目录 may number the tables). pdfium is C: this costs little,
    while pdfplumber's pure-Python content parsing of a narrative page costs as much as a table page's."""
    import pypdfium2.raw as pdfium_c

    ruled: list[bool] = []
    front: list[str] = []
    for page in document:
        paths = 0
        for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
            paths += 1
            if paths >= _MIN_GRID_PATHS:
                break
        ruled.append(paths >= _MIN_GRID_PATHS)
        if not any(ruled):
            front.extend(page.get_textpage().get_text_range().splitlines())
    return ruled, front


PDFIUM_OBJECTS = True  # read glyphs and paths with pdfium (fast); False: pdfminer parses every page
_MIN_GRID_PATHS = 4  # a ruled grid needs at least a few strokes or boxes


@contextmanager
def _closing(document: Any) -> Iterator[Any]:
    try:
        yield document
    finally:
        document.close()


def _read_page(
    raw_page: Any, page_no: int, stitcher: _Stitcher, toc_lines: list[str], seen_grid: bool
) -> bool:
    """Feed one page's grids (and the text lines around them) to the stitcher; True once grids were seen."""
    page = _visible_page(raw_page)
    grids = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    if not grids:
        stitcher.pending = None
        if not seen_grid:
            toc_lines.extend((page.extract_text() or "").splitlines())
        return seen_grid
    lines = page.extract_text_lines(return_chars=False)
    if not seen_grid:
        toc_lines.extend(ln["text"] for ln in lines)
    boxes = [tuple(t.bbox) for t in grids]
    stitcher.grid_boxes[page_no] = boxes
    outside = [ln["text"] for ln in lines if not any(_lines_between([ln], b[1], b[3]) for b in boxes)]
    if prose_chars(outside) >= MIN_PROSE_CHARS:
        stitcher.prose_pages.add(page_no)
        above = [
            ln["text"] for ln in lines if ln["bottom"] <= boxes[0][1] + 1 and heading_level(ln["text"]) == 0
        ]
        if above:  # a grid printed under a 第N部分 heading belongs to that part
            stitcher.part_above[page_no] = tidy_heading(above[-1])
    top = 0.0
    for index, table in enumerate(grids):
        texts = cell_texts(table)
        skip = _title_rows(table, texts)
        grid = _grid_of(table, texts, page_no, skip)
        label_bottom = table.rows[skip].bbox[1] if skip else table.bbox[1]
        stitcher.feed(grid, _lines_between(lines, top, label_bottom))
        nxt = grids[index + 1].bbox[1] if index + 1 < len(grids) else page.height
        stitcher.after(_lines_between(lines, table.bbox[3], nxt), page_no, index + 1 == len(grids))
        top = table.bbox[3]
    return True


def extract_pdf_tables(
    path: Path, doc_id: str, scans: Mapping[int, OcrPage] | None = None
) -> TableExtraction:
    """Every ruled table of a PDF as TableInfo + Fact records (lenient: problems become warnings).

    `scans`: pages read by OCR; their grids come from the image's ruling lines and the OCR boxes, through
    the same table finder, headers, codes, units and checks as a digital page's."""
    scans = scans or {}
    import pdfplumber
    import pypdfium2 as pdfium

    document: Any = None
    try:
        document = pdfium.PdfDocument(str(path))
        ruled, toc_lines = _ruled_pages(document)
        for number, scan in scans.items():
            if number <= len(ruled):
                ruled[number - 1] = len(scan.rules) >= _MIN_GRID_PATHS
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfium and pdfminer raise many types for a damaged file
        if document is not None:
            document.close()
        raise IngestError(f"{Path(path).name}: cannot be read as a PDF ({exc}); check the file") from exc
    stitcher = _Stitcher()
    seen_grid = False
    warnings: list[str] = []
    with pdf, _closing(document):
        for page_no, raw_page in enumerate(pdf.pages, 1):
            if page_no <= len(ruled) and not ruled[page_no - 1]:
                stitcher.pending = None  # a title only carries over to a grid on the very next page
                continue
            try:
                # pdfplumber takes the page's objects from pdfium instead of parsing them with pdfminer
                if page_no in scans:
                    objects: Any = scan_objects(scans[page_no])
                else:
                    objects = page_objects(document[page_no - 1], page_no) if PDFIUM_OBJECTS else None
                if objects is not None:
                    raw_page._objects = objects
                seen_grid = _read_page(raw_page, page_no, stitcher, toc_lines, seen_grid)
            except Exception as exc:  # lenient: one unreadable page must not lose the document
                warnings.append(
                    f"page {page_no}: its table grid could not be read ({type(exc).__name__}: {exc})"
                )
            finally:
                raw_page.close()  # free the parsed objects: long documents otherwise hold every page
    tables: list[TableInfo] = []
    facts: list[Fact] = []
    table_pages: set[int] = set()
    text_cells: list[tuple[int, str]] = []
    toc = _toc_numbers(toc_lines)
    for builder in stitcher.finish():
        if builder.label.table_no is None and toc:
            builder.label.table_no = toc.get(_title_key(builder.label.title))
        finished = _finish_table(builder, doc_id, warnings)
        if finished is None:
            continue
        tables.append(finished[0])
        facts.extend(finished[1])
        table_pages.update(builder.pages)
        text_cells += long_text_cells(
            builder.rows, builder.columns or [], builder.pages & stitcher.prose_pages
        )
    tables, facts = _settle_units(tables, facts, warnings)
    if scans:
        facts = with_ocr_confidence(facts, scans)
        warnings.extend(flagged_cells(facts, Path(path).name))
    mixed = table_pages & stitcher.prose_pages
    parts = {p: part for p, part in stitcher.part_above.items() if p in mixed}
    facts = [replace(f, section=parts[f.page]) if f.page in parts and not f.section else f for f in facts]
    scanned = scans or {}  # a scanned page's prose is its OCR text outside the grids: it has no text layer
    digital = {p: stitcher.grid_boxes[p] for p in mixed if p not in scanned}
    outside = text_outside_grids(Path(path), digital) if digital else {}
    outside |= {p: scan_text_outside_grids(scanned[p], stitcher.grid_boxes[p]) for p in mixed if p in scanned}
    return TableExtraction(
        tables=tables,
        facts=facts,
        warnings=warnings,
        table_pages=table_pages - mixed,
        outside_text=outside,
        text_cells=sorted(text_cells, key=lambda c: c[0]),
    )
