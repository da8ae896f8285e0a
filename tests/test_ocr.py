"""Offline OCR of pages without a text layer: scans built from the bundled sample, the text layer as truth."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

import pypdf
import pytest

from budgetqa.ingest import ingest_file
from budgetqa.ingest.ocr import OcrBox, available, lines_of
from budgetqa.ingest.pdf_pages import read_pdf
from budgetqa.store import HashEmbedder, Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from make_scan import make_scan

needs_ocr = pytest.mark.skipif(not available(), reason="rapidocr-onnxruntime is not installed")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "[]【】〔〕()（）")


def test_boxes_are_set_into_lines_top_to_bottom_left_to_right() -> None:
    boxes = [
        OcrBox("金额", 300, 100, 340, 112, 0.99),
        OcrBox("项目", 50, 101, 90, 113, 0.99),
        OcrBox("合计", 50, 130, 90, 142, 0.99),
        OcrBox("1,623", 300, 131, 340, 143, 0.98),
    ]
    assert lines_of(boxes) == ["项目  金额", "合计  1,623"]


@needs_ocr
def test_a_scanned_page_reads_like_its_text_layer(tmp_path: Path, seed_pdf: Path) -> None:
    scan = make_scan(seed_pdf, tmp_path / "scan.pdf", pages=[3])
    digital = read_pdf(seed_pdf).pages[2]
    scanned = read_pdf(scan)
    assert scanned.textless_pages == [] and scanned.warnings[0].startswith("OCR: page 1 of scan.pdf")
    ratio = SequenceMatcher(None, _plain(digital), _plain(scanned.pages[0]), autojunk=False).ratio()
    assert ratio >= 0.95, ratio


@needs_ocr
def test_a_textless_page_in_a_digital_pdf_is_read_and_its_warning_goes(
    tmp_path: Path, seed_pdf: Path
) -> None:
    scan = make_scan(seed_pdf, tmp_path / "p4.pdf", pages=[4])
    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.append(str(scan))
    mixed = tmp_path / "mixed.pdf"
    writer.write(mixed)
    doc = read_pdf(mixed)
    assert doc.textless_pages == [] and not any("扫描件" in w for w in doc.warnings)
    assert any(w.startswith("OCR: page 31 of mixed.pdf") for w in doc.warnings)
    off = read_pdf(mixed, ocr="off")
    assert off.textless_pages == [31] and any("OCR is off" in w for w in off.warnings)
    # the OCR'd page's narrative is stored and cited with its own page
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    report = ingest_file(store, mixed)
    assert report.status == "ingested" and any(w.startswith("OCR: page 31") for w in report.warnings)
    assert any(c.page_start == 31 for c in store.chunks(kind="narrative"))


def _cells(extraction: object) -> dict[tuple[int, str, str], object]:
    import re

    def name(text: str) -> str:
        return re.sub(r"[\s【】〔〕\[\]（）()]", "", text or "")

    # brackets are compared without their width: OCR reads 因公出国(境) printed half-width as （境） at times
    return {(f.page, name(f.row_name), name(f.column)): f.value for f in extraction.facts}  # type: ignore[attr-defined]


@needs_ocr
def test_a_scanned_table_gives_the_digital_tables_cells_and_no_wrong_figure(
    tmp_path: Path, seed_pdf: Path
) -> None:
    """The grid comes from the scan's ruling lines, the text from OCR, through the same table reader: the
    cells of the digital original (its text layer is the truth) come back, and a figure OCR is unsure of is
    left blank rather than stored wrong."""
    from budgetqa.ingest.pdf_tables import extract_pdf_tables

    pages = [10, 24]  # the 收支总表's first page and the 三公 table
    digital = tmp_path / "digital.pdf"
    writer = pypdf.PdfWriter()
    source = pypdf.PdfReader(seed_pdf)
    for number in pages:
        writer.add_page(source.pages[number - 1])
    writer.write(digital)
    scan = make_scan(seed_pdf, tmp_path / "scan.pdf", pages=pages)
    truth = _cells(extract_pdf_tables(digital, "d"))
    read = read_pdf(scan)
    assert set(read.scans) == {1, 2} and all(len(p.rules) >= 8 for p in read.scans.values())
    got = _cells(extract_pdf_tables(scan, "s", read.scans))
    assert len(truth) >= 30
    same = sum(1 for key, value in truth.items() if key in got and got[key] == value)
    # a missed cell is blank (a lone 0 the detector overlooked); bench/ocr_tables.py measures the share on
    # whole documents; here the floor leaves room for the OCR runtime's small run-to-run differences
    assert same / len(truth) >= 0.9, [(k, v, got.get(k)) for k, v in truth.items() if got.get(k) != v]
    wrong = [(k, v, got[k]) for k, v in truth.items() if got.get(k) is not None and got[k] != v]
    assert wrong == []


@needs_ocr
def test_a_scanned_budget_is_ingested_and_answered_like_its_original(tmp_path: Path, seed_pdf: Path) -> None:
    from budgetqa.qa import Answerer

    scan = make_scan(seed_pdf, tmp_path / "2023_中共深圳市委外事工作委员会办公室_部门预算.pdf", pages=[1, 24])
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    report = ingest_file(store, scan)
    assert report.status == "ingested" and report.tables >= 1, report
    original = Store(tmp_path / "home2", embedder=HashEmbedder())
    ingest_file(original, seed_pdf)
    for question in ("外办2023年三公经费是多少？", "外办2023年公务接待费比上年少多少？"):
        from_scan, from_pdf = Answerer(store).ask(question), Answerer(original).ask(question)
        assert from_scan.status == "answered" and from_scan.value == from_pdf.value, from_scan.answer
        assert from_scan.citations[0].page == 2  # the scan's own page


@needs_ocr
def test_a_box_across_two_close_rules_does_not_stop_the_page(tmp_path: Path) -> None:
    from PIL import Image

    from budgetqa.ingest.ocr import split_at_rules
    from budgetqa.ingest.ocr_engine import engine

    image = Image.new("L", (400, 100), 255)
    box = OcrBox("12", 40, 10, 120, 20, 0.99)
    rules = [(80.0, 0.0, 80.0, 50.0), (81.5, 0.0, 81.5, 50.0)]  # a double rule: a 1.5 pt sliver between
    assert all(b.x1 - b.x0 >= 4 for b in split_at_rules([box], rules, image, engine()))


def test_strokes_of_a_large_glyph_are_not_ruling_lines() -> None:
    """A bold title's strokes are as long as a short rule; only rules joined into something larger than a
    glyph are a grid (cutting the title at its own strokes lost its characters and its table)."""
    from budgetqa.ingest.ocr import without_glyph_strokes

    grid = [(30.0, 170.0, 560.0, 170.0), (30.0, 260.0, 560.0, 260.0), (30.0, 170.0, 30.0, 260.0)]
    glyph = [(382.0, 75.0, 382.0, 94.0), (380.0, 86.0, 401.0, 86.0), (414.0, 76.0, 414.0, 95.0)]
    lone = [(40.0, 600.0, 300.0, 600.0)]  # an underline: long, kept
    assert without_glyph_strokes(grid + glyph + lone) == grid + lone


@needs_ocr
def test_a_jiangsu_page_with_two_tables_keeps_them_apart(tmp_path: Path, real_dir: Path) -> None:
    """The 2017 Jiangsu template prints two tables on one page, each under a large bold title: the second
    title separates them, so the 三公 table's 合计 row is not stitched onto the 政府采购 table's."""
    from budgetqa.ingest.pdf_tables import extract_pdf_tables

    source = real_dir / "2017_江苏省人大常委会办公厅_部门预算.pdf"
    scan = make_scan(source, tmp_path / "scan.pdf", pages=[20])
    read = read_pdf(scan)
    facts = extract_pdf_tables(scan, "s", read.scans).facts
    titles = {f.table_title for f in facts}
    assert titles == {"“三公”经费、会议费、培训费支出预算表", "2017年政府采购预算表"}, titles
    by_cell = {(f.table_title, f.row_name, f.column): f.value for f in facts}
    assert str(by_cell["“三公”经费、会议费、培训费支出预算表", "合计", "培训费"]) == "403.75"
    assert str(by_cell["2017年政府采购预算表", "合计", "总计"]) == "2247.85"


class _FakeRecogniser:
    """Stands in for the OCR engine: reads every crop as the given text."""

    def __init__(self, text: str, confidence: float = 0.99) -> None:
        self.text, self.confidence, self.calls = text, confidence, 0

    def recognise(self, crops: Sequence[object]) -> list[tuple[str, float]]:
        self.calls += 1
        return [(self.text, self.confidence) for _ in crops]


@pytest.mark.parametrize(
    ("box_text", "read", "expected"),
    [
        ("般行政管理事务", "一般行政管理事务", "一般行政管理事务"),  # the lone stroke of 一 comes back
        ("、货物A", "一、货物A", "一、货物A"),
        ("般行政管理事务", "二般行政管理事务x", "般行政管理事务"),  # not the old text after a numeral
        ("567.00", "00567.00", "567.00"),  # a figure is never widened over its neighbour's tail
    ],
)
def test_a_lone_leading_stroke_the_detector_left_out_is_read_again(
    box_text: str, read: str, expected: str
) -> None:
    from PIL import Image, ImageDraw

    from budgetqa.ingest.ocr import RENDER_SCALE, with_leading_glyphs

    image = Image.new("L", (int(300 * RENDER_SCALE), int(40 * RENDER_SCALE)), 245)
    draw = ImageDraw.Draw(image)
    s = RENDER_SCALE
    draw.line([(52 * s, 20 * s), (60 * s, 20 * s)], fill=140, width=2)  # a grey 一 left of the box
    draw.line([(40 * s, 0), (40 * s, 40 * s)], fill=0, width=2)  # the cell's left rule
    rules = [(40.0, 0.0, 40.0, 40.0)]
    box = OcrBox(box_text, 62, 13, 150, 27, 0.99)
    fake = _FakeRecogniser(read)
    (got,) = with_leading_glyphs([box], rules, image, fake)
    assert got.text == expected and fake.calls == 1  # one batched read per page, not one per box
    assert (got.x0 < 62) == (expected != box_text)


def test_the_gold_on_scan_bench_asks_the_questions_of_that_document_alone() -> None:
    from gold_scan import gold_for

    from budgetqa.eval import bundled_gold_paths

    name = "2023_中共深圳市委外事工作委员会办公室_部门预算.pdf"
    items = gold_for(name, bundled_gold_paths())
    assert len(items) >= 50
    assert all(i.get("doc") in (name, [name], None) for i in items)  # no cross-document question


def test_a_blank_page_is_not_read_by_ocr(tmp_path: Path) -> None:
    """A truly blank page (the back of a cover) is known blank from its rendering: nothing is detected or read,
    which is what made parsing documents with blank pages slow."""
    from PIL import Image, ImageDraw

    from budgetqa.ingest.ocr import blank, ocr_pages

    white = Image.new("L", (1190, 1684), 255)
    assert blank(white)
    ImageDraw.Draw(white).rectangle((100, 100, 400, 140), fill=0)  # one line of print
    assert not blank(white)
    if not available():
        pytest.skip("rapidocr is not installed")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as f:
        writer.write(f)
    page = ocr_pages(path, [1])[1]
    assert page.lines == () and page.boxes == () and page.error is None
