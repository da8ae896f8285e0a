"""Prose on pages that carry a grid: the narrative around a table printed inside a narrative part.

A 部门预算 may print a small grid inside its narrative (第七部分's 重点项目绩效目标 table between two
paragraphs). Such a page is not a table page: its text outside the grid is narrative, and the grid's long
text cells (绩效目标 descriptions, 项目概述) are prose too. This module tells those pages from pages that
are wholly tables (title, 单位 line, grid, 注) and reads both kinds of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from budgetqa.ingest.normalize import CN_NUM, HEADING_RE, normalize_text
from budgetqa.ingest.ocr import OcrPage, lines_of, thousands_commas
from budgetqa.ingest.table_facts import BodyRow, Column, is_amount_text
from budgetqa.ingest.table_headers import clean_header, normalise_text
from budgetqa.ingest.table_labels import NOT_TITLE, TITLE_END, UNIT_LINE, title_candidate

__all__ = ["MIN_PROSE_CHARS", "is_prose_line", "long_text_cells", "prose_chars", "text_outside_grids"]

Box = tuple[float, float, float, float]
MIN_PROSE_CHARS = 40  # a sentence or two: more than a table page's caption, unit line and note
MIN_CELL_CHARS = 30  # a description, not a label
_PART = re.compile(rf"^第[{CN_NUM}\d]+部分")
_NOTE = re.compile(r"^(注|备注|说明|数据来源|资料来源)[：:]|单位[：:].{0,20}注[：:]")
_PROSE_PUNCT = re.compile(r"[。，；：,;]")


def is_prose_line(text: str) -> bool:
    """A line of running text: punctuated, and not a table's caption, 单位/部门 line or 注."""
    compact = clean_header(text)
    if len(compact) < 12 or not _PROSE_PUNCT.search(compact):
        return False
    if NOT_TITLE.match(compact) or UNIT_LINE.search(compact) or title_candidate(compact) is not None:
        return False
    return not is_amount_text(compact)


def prose_chars(lines: Iterable[str]) -> int:
    """Characters of running text among the lines outside a page's grids, in reading order; a part
    heading counts in full.

    A table's 注 wraps over several lines that read like prose: lines after a 注/说明 line count only
    once a heading (一、/（一）/第N部分) shows the narrative has resumed.
    """
    total = 0
    in_note = False
    for line in lines:
        compact = clean_header(line)
        if _NOTE.search(compact):
            in_note = True
        elif HEADING_RE.match(compact):
            in_note = False
        if _PART.match(compact) and not TITLE_END.search(compact):
            total += MIN_PROSE_CHARS  # a 第N部分 heading opens a narrative part (`…决算表` a table part)
        elif not in_note and is_prose_line(line):
            total += len(compact)
    return total


def _row_label(row: BodyRow, columns: list[Column], skip: int) -> str:
    for index in sorted(row.cells):
        text = normalise_text(row.cells[index].text)
        if index != skip and text and columns[index].kind == "label" and len(text) <= MIN_CELL_CHARS:
            return text
    return ""


def long_text_cells(rows: Sequence[BodyRow], columns: list[Column], pages: set[int]) -> list[tuple[int, str]]:
    """(page, text) of each descriptive cell on the given pages, prefixed by its row label and column:
    `外事事务 绩效目标：通过本项目的开展…`, so a retrieved chunk says what it describes."""
    out: list[tuple[int, str]] = []
    for row in rows:
        for index, cell in sorted(row.cells.items()):
            # a wrap after punctuation is no space: `专项任务,\n协调` reads `专项任务,协调`
            text = normalise_text(re.sub(r"(?<=[,，;；、:：])\s*\n\s*", "", cell.text))
            if cell.page not in pages or len(text) < MIN_CELL_CHARS or not _PROSE_PUNCT.search(text):
                continue
            label = _row_label(row, columns, index)
            column = columns[index].path.rsplit("/", 1)[-1] if index < len(columns) else ""
            head = " ".join(x for x in (label, column) if x and not x.startswith("第"))
            out.append((cell.page, f"{head}：{text}" if head else text))
    return out


def text_outside_grids(path: Path, grids: dict[int, list[Box]]) -> dict[int, str]:
    """Normalised text of each given page without the glyphs inside its grids (pdfplumber boxes: x0,
    top, x1, bottom from the page's top left), read by pdfium like every narrative page."""
    import pypdfium2 as pdfium

    from budgetqa.ingest.pdf_pages import mark_paragraphs, page_lines, strip_footer, visible_box

    out: dict[int, str] = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for page_no, boxes in sorted(grids.items()):
            page: Any = document[page_no - 1]
            media = page.get_mediabox()
            # pdfium measures y up from the media box's bottom; pdfplumber measures top down from its top
            drop = [(media[0] + b[0], media[3] - b[3], media[0] + b[2], media[3] - b[1]) for b in boxes]
            _, lines = page_lines(page.get_textpage(), keep=visible_box(page), drop=drop)
            out[page_no] = normalize_text("\n".join(strip_footer(mark_paragraphs(lines))))
    finally:
        document.close()
    return out


def scan_text_outside_grids(scan: OcrPage, grids: Sequence[Box]) -> str:
    """The text of a scanned page without the OCR boxes inside its table grids: its prose, which a page
    holding both a table and prose keeps as narrative (a scan has no text layer to take it from)."""
    from budgetqa.ingest.pdf_pages import strip_footer

    def inside(x: float, y: float) -> bool:
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in grids)

    kept = [b for b in scan.boxes if not inside((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2)]
    lines = thousands_commas("\n".join(lines_of(kept))).split("\n")
    return normalize_text("\n".join(strip_footer(lines)))
