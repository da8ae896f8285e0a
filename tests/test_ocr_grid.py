"""A scanned table read cell by cell: the grid's cells, their text pieces, what is left for the detector,
an empty grid known blank, thousands commas read as points, and the staff page's OCR column."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageDraw

from budgetqa.ingest.ocr import RENDER_SCALE, available, blank, thousands_commas
from budgetqa.ingest.ocr_grid import cell_pieces, grid_cells, ink_bands, outside_cells
from budgetqa.ingest.scan_cells import OcrPageNote, ocr_notes, ocr_summary
from budgetqa.store import Store
from budgetqa.ui import staff
from budgetqa.ui.auth import StaffSessions, hash_password

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from make_scan import make_scan

S = RENDER_SCALE
# a 2 x 2 grid: rows 100-130 and 130-160, columns 50-200 and 200-300 (points)
RULES = [
    (50.0, 100.0, 300.0, 100.0),
    (50.0, 130.0, 300.0, 130.0),
    (50.0, 160.0, 300.0, 160.0),
    (50.0, 100.0, 50.0, 160.0),
    (200.0, 100.0, 200.0, 160.0),
    (300.0, 100.0, 300.0, 160.0),
]


def _page(draw_text: bool = True) -> Image.Image:
    image = Image.new("L", (int(400 * S), int(300 * S)), 250)
    pen = ImageDraw.Draw(image)
    for x0, top, x1, bottom in RULES:
        pen.line([(x0 * S, top * S), (x1 * S, bottom * S)], fill=0, width=2)
    if draw_text:
        pen.rectangle([60 * S, 104 * S, 90 * S, 111 * S], fill=0)  # line 1 of cell (50, 100)
        pen.rectangle([60 * S, 117 * S, 80 * S, 124 * S], fill=0)  # line 2 of the same cell
        pen.rectangle([210 * S, 140 * S, 230 * S, 148 * S], fill=0)  # a figure of cell (200, 130) ...
        pen.rectangle([260 * S, 140 * S, 290 * S, 148 * S], fill=0)  # ... and one far right of it
        pen.rectangle([60 * S, 60 * S, 150 * S, 70 * S], fill=0)  # a title above the table
    return image


def test_the_grid_gives_its_closed_cells() -> None:
    assert grid_cells(RULES) == [
        (50, 100, 200, 130),
        (200, 100, 300, 130),
        (50, 130, 200, 160),
        (200, 130, 300, 160),
    ]
    # a cell as large as a quarter of the page is a frame round the page, left to the detector
    assert grid_cells(RULES, page=(100.0, 100.0)) == []


def test_a_cell_is_cut_into_its_lines_and_its_far_apart_pieces() -> None:
    image = _page()
    two_lines = [box for box, _ in cell_pieces(image, (50, 100, 200, 130), S)]
    assert [(round(x0), round(top)) for x0, top, _, _ in two_lines] == [(60, 104), (60, 117)]
    two_figures = [box for box, _ in cell_pieces(image, (200, 130, 300, 160), S)]
    assert [round(x0) for x0, _, _, _ in two_figures] == [210, 260]
    assert cell_pieces(image, (200, 100, 300, 130), S) == []  # an empty cell


def test_strokes_of_one_glyph_stay_one_line() -> None:
    image = Image.new("L", (int(100 * S), int(40 * S)), 250)
    pen = ImageDraw.Draw(image)
    for top in (10, 14, 18):  # 三: three strokes with white between, 9 pt tall together
        pen.rectangle([20 * S, top * S, 28 * S, (top + 1) * S], fill=0)
    pieces = cell_pieces(image, (0, 0, 100, 40), S)
    assert len(pieces) == 1


def test_the_detector_looks_only_outside_the_cells() -> None:
    image = _page()
    rest = outside_cells(image, grid_cells(RULES), RULES, S)
    bands = ink_bands(rest)
    assert len(bands) == 1 and bands[0][0] <= 60 * S and bands[0][1] >= 70 * S and bands[0][1] < 100 * S


def test_an_empty_grid_is_a_blank_page_and_a_filled_one_is_not() -> None:
    assert blank(Image.new("L", (int(595 * S), int(842 * S)), 255))
    empty = Image.new("L", (int(595 * S), int(842 * S)), 255)
    pen = ImageDraw.Draw(empty)
    for y in (60, 73):
        pen.line([(40 * S, y * S), (560 * S, y * S)], fill=0, width=2)
    for x in (40, 160, 300, 560):  # short verticals: a row 13 pt high
        pen.line([(x * S, 60 * S), (x * S, 73 * S)], fill=0, width=2)
    assert blank(empty)
    for x in range(50, 140, 6):  # text in it: glyph-sized marks, no long straight run
        pen.rectangle([x * S, 63 * S, (x + 4) * S, 70 * S], fill=0)
    assert not blank(empty)


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("减少1.568万元，下降49%", "减少1,568万元，下降49%"),
        ("涉及预算资金2.639\n万元", "涉及预算资金2,639\n万元"),
        ("合计12.345.678.90元", "合计12,345,678.90元"),
        ("0.568万元", "0.568万元"),  # a leading 0: a decimal
        ("1.568亿元", "1.568亿元"),  # 亿元 has three decimals
        ("1.56万元", "1.56万元"),
        ("1.5684万元", "1.5684万元"),  # four decimals of 万元: to the 元
        ("增长1.568%", "增长1.568%"),
        ("1.305", "1.305"),  # no unit: a table cell is left to its checks and confidence
    ],
)
def test_a_point_read_for_a_thousands_comma_is_put_back(read: str, meant: str) -> None:
    assert thousands_commas(read) == meant


def test_ocr_pages_are_read_back_from_the_ingest_warnings() -> None:
    warnings = [
        "OCR: page 3 of a.pdf read by OCR (40 boxes, mean confidence 0.97, min 0.62, 2 low-confidence boxes)",
        "OCR: page 4 of a.pdf read by OCR (12 boxes, mean confidence 0.99, min 0.95)",
        "OCR: page 5 of a.pdf read by OCR (12 boxes, mean confidence 0.95)",  # an older home: no min
        "OCR: page 3 of a.pdf: 1 figure(s) read with low confidence, check them against the scan: x",
        "扫描件: page 9 of a.pdf has no text layer; OCR found no text either",
    ]
    notes = ocr_notes(warnings)
    assert notes == [
        OcrPageNote(3, 0.97, 0.62, 1),
        OcrPageNote(4, 0.99, 0.95, 0),
        OcrPageNote(5, 0.95, None, 0),
    ]
    assert ocr_summary(notes) == "第3–5页（3 页）：平均置信度 0.97，最低 0.62，存疑数字 1 个"
    assert ocr_summary([]) == ""


@pytest.mark.skipif(not available(), reason="rapidocr-onnxruntime is not installed")
def test_the_staff_page_shows_the_pages_read_by_ocr_and_their_confidence(
    tmp_path: Path, seed_pdf: Path, hash_store: Store
) -> None:
    from budgetqa.ingest import ingest_file

    scan = make_scan(seed_pdf, tmp_path / "p4.pdf", pages=[4])
    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.append(str(scan))
    mixed = tmp_path / "2023_示例局_部门预算.pdf"
    writer.write(mixed)
    sessions = StaffSessions({"alice": hash_password("pass word 1", iterations=1000)})
    token = sessions.login("alice", "pass word 1")
    assert token is not None
    report = staff.ingest_uploads(sessions, token, hash_store, [mixed], lambda *a, **k: None, ingest_file)
    assert "OCR 识别第31页（1 页）：平均置信度 0." in report, report
    row = staff.documents_frame(sessions, token, hash_store).iloc[0]
    assert row["OCR 识别页"].startswith("第31页（1 页）：平均置信度 0.") and "最低 0." in row["OCR 识别页"]
    detail = staff.document_detail(sessions, token, hash_store, row["文档ID"])
    assert "**OCR 识别页**：第31页" in detail
