"""Ingestion refinements (issue 3): hidden text outside the page box, tables without a row-label column,
绩效 indicators of text budgets, narrative around a grid printed inside a narrative part."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from real_samples import first_three

from budgetqa.ingest.chunking import chunk_narrative
from budgetqa.ingest.pdf_pages import page_lines, read_pdf
from budgetqa.ingest.pdf_tables import TableExtraction, extract_pdf_tables
from budgetqa.ingest.table_facts import BodyRow, Cell, Column, RawTable, table_to_facts
from budgetqa.ingest.table_labels import unlabelled_row_name
from budgetqa.ingest.table_text import MIN_PROSE_CHARS, prose_chars
from budgetqa.ingest.text_budget import indicator_facts, parse_text_budget

JIANGSU = "2017_江苏省人大常委会办公厅_部门预算.pdf"


@pytest.fixture(scope="module")
def seed_tables(seed_pdf: Path) -> TableExtraction:
    return extract_pdf_tables(seed_pdf, "seed")


@pytest.fixture(scope="module")
def real_tables(real_dir: Path) -> dict[str, TableExtraction]:
    return {p.name: extract_pdf_tables(p, p.stem) for p in first_three(real_dir)}


# --- 1. text outside the page box ------------------------------------------------------------------


class _FakeTextPage:
    """pdfium's text page API over a list of (char, centre x, centre y)."""

    def __init__(self, chars: list[tuple[str, float, float]]) -> None:
        self.chars = chars

    def get_text_range(self) -> str:
        return "".join(c for c, _, _ in self.chars)

    def count_chars(self) -> int:
        return len(self.chars)

    def get_charbox(self, index: int, loose: bool = False) -> tuple[float, float, float, float]:
        _, x, y = self.chars[index]
        return (x - 4, y - 4, x + 4, y + 4)

    def get_text_bounded(self, left: float, bottom: float, right: float, top: float) -> str:
        return "".join(c for c, x, y in self.chars if left <= x <= right and bottom <= y <= top)


def _line(text: str, y: float) -> list[tuple[str, float, float]]:
    return [(ch, 100.0 + 10 * i, y) for i, ch in enumerate(text)] + [("\r", 0.0, y), ("\n", 0.0, y)]


@pytest.mark.parametrize(
    ("keep", "drop", "expected"),
    [
        ((0, 0, 600, 800), [], ["可见的标题", "正文一行"]),  # the copy below the page (y < 0) is hidden
        ((0, 0, 600, 800), [(90, 380, 400, 420)], ["可见的标题"]),  # a grid's box is left out on request
        (None, [], ["可见的标题", "正文一行", "隐藏的表格"]),
    ],
)
def test_page_lines_keep_only_the_visible_box(keep: Any, drop: Any, expected: list[str]) -> None:
    page = _FakeTextPage(_line("可见的标题", 700) + _line("正文一行", 400) + _line("隐藏的表格", -300))
    _, lines = page_lines(page, keep=keep, drop=drop)
    assert [line.text for line in lines] == expected


def test_hidden_copy_below_the_page_is_ignored(
    real_dir: Path, real_tables: dict[str, TableExtraction]
) -> None:
    """A page carrying a hidden copy of later tables below its media box: neither the page text nor the
    facts may hold any of it (the rendered page shows one table only)."""
    import pypdfium2 as pdfium

    path = real_dir / JIANGSU
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[10]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        visible = textpage.get_text_bounded(*page.get_cropbox())
    finally:
        document.close()
    hidden = [ln.strip() for ln in raw.splitlines() if len(ln.strip()) >= 6 and ln.strip() not in visible]
    assert len(hidden) > 20  # the page really carries a hidden copy
    text = read_pdf(path).pages[10]
    assert not [ln for ln in hidden if ln in text]
    facts = [f for f in real_tables[JIANGSU].facts if f.page == 11]
    assert facts and all(f.bbox is not None and 0 <= f.bbox[1] and f.bbox[3] <= 842 for f in facts)
    assert not [f for f in facts if f.text and f.text in " ".join(hidden) and f.text not in visible]


# --- 2. tables without a row-label column ------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "columns", "rows", "index", "expected"),
    [
        ("支出预算总表", ["合计", "基本支出", "项目支出"], 1, 0, "合计"),
        ("2025年部门“三公”经费预算表", ["“三公”经费预算数/合计", "公务接待费"], 1, 0, "2025年预算数"),
        ("“三公”经费支出表", ["2024年决算数/合计", "2024年决算数/公务接待费"], 1, 0, "2024年决算数"),
        ("三公经费支出决算表", ["合计/预算数", "合计/决算数"], 1, 0, "合计"),  # no year printed
        ("2023年三公经费支出决算表", ["合计/预算数", "合计/决算数"], 1, 0, "合计"),  # both kinds
        ("某某表", ["甲", "乙"], 3, 1, "第2行"),
    ],
)
def test_unlabelled_row_name(title: str, columns: list[str], rows: int, index: int, expected: str) -> None:
    assert unlabelled_row_name(title, columns, rows, index) == expected


def _raw(title: str, header: list[str], body: list[list[str]]) -> RawTable:
    columns = [Column(path, 10.0 * i, 10.0 * i + 10) for i, path in enumerate(header)]
    rows = [BodyRow({i: Cell(t, None, 1) for i, t in enumerate(r)}, 1) for r in body]
    return RawTable(None, title, "万元", 1, 1, columns, rows)


def test_one_row_table_is_the_total_row() -> None:
    raw = _raw(
        "“三公”经费支出预算表", ["合计", "因公出国（境）费", "公务接待费"], [["12.00", "2.00", "10.00"]]
    )
    facts = table_to_facts(raw, "d", [])
    assert {f.row_name for f in facts} == {"合计"} and facts[0].value == Decimal("12.00")


def test_first_column_of_budget_kinds_names_the_rows() -> None:
    raw = _raw("“三公”经费表", ["", "合计", "公务接待费"], [["预算数", "5", "5"], ["决算数", "4", "4"]])
    facts = table_to_facts(raw, "d", [])
    assert {(f.row_name, f.column, f.value) for f in facts if f.column == "合计"} == {
        ("预算数", "合计", Decimal(5)),
        ("决算数", "合计", Decimal(4)),
    }


def test_real_figures_always_have_a_row_name(real_tables: dict[str, TableExtraction]) -> None:
    for name, extraction in real_tables.items():
        assert not [f for f in extraction.facts if f.value is not None and not f.row_name], name


# --- 3. 绩效 indicators of text budgets --------------------------------------------------------------


def test_indicator_rows_with_shifted_cells() -> None:
    rows = [
        ["部门名称", "", "某部门"],
        ["", "一级指标", "二级指标", "三级指标", "", "目标值"],
        ["", "", "", "完成率", "", "≥98%"],  # the merged 一级/二级 cells print their text further down
        ["", "产出指标", "数量指标", "服务人次", "≥2,500 人次"],
        ["年度绩效指标", "质量指标", "合格率", ">95%"],
        ["", "", "时效指标", "完成时间", "12月前"],
        ["只有一格"],
        ["", "效益指标", "社会效益指标", "形象", "得到提升"],
    ]
    facts = indicator_facts("d", 12, "绩效目标表", rows)
    got = [(f.row_path, f.row_name, f.value, f.unit, f.text, f.note, f.column) for f in facts]
    assert got == [
        (("产出指标", "数量指标"), "完成率", Decimal(98), "%", "≥98%", "≥98%", "指标值"),
        (("产出指标", "数量指标"), "服务人次", Decimal(2500), "人次", "≥2,500 人次", "≥2,500 人次", "指标值"),
        (("产出指标", "质量指标"), "合格率", Decimal(95), "%", ">95%", ">95%", "指标值"),
        (("产出指标", "时效指标"), "完成时间", None, None, "12月前", "12月前", "指标值"),
        (("效益指标", "社会效益指标"), "形象", None, None, "得到提升", "得到提升", "指标值"),
    ]
    assert indicator_facts("d", 1, "收支总表", [["项目", "预算数"], ["合计", "1"]]) == []


def test_text_budget_indicators_match_the_pdf(seed_md: Path, seed_tables: TableExtraction) -> None:
    budget = parse_text_budget(seed_md, "seed-md")
    assert not [w for w in budget.warnings if "no figures" in w]
    md = {(f.row_path, f.row_name.replace(" ", ""), f.value) for f in budget.facts if f.column == "指标值"}
    pdf = {
        (f.row_path, f.row_name.replace(" ", ""), f.value) for f in seed_tables.facts if f.column == "指标值"
    }
    assert len(md) >= 0.9 * len(pdf) and len(md & pdf) >= 0.85 * len(pdf)
    assert all(len(path) == 2 for path, _, _ in md)


# --- 4. narrative around a grid inside a narrative part ----------------------------------------------


@pytest.mark.parametrize(
    ("lines", "prose"),
    [
        (["表9", "一般公共预算“三公”经费支出表", "单位：万元"], False),
        (["注：本表反映部门按规定安排的经费，", "因此各单位的经费预算数为零，在实际执行中据实调配。"], False),
        (["第七部分 重点项目情况说明", "2023年，本部门重点项目绩效目标情况如下：", "备注：无。"], True),
        (["第二部分 某局2024年度部门决算表", "收入支出决算总表", "单位：万元"], False),
        (
            [
                "二、项目情况",
                "所有项目支出预算纳入绩效管理，涉及预算资金2,639万元，设置并编报6个项目绩效目标。",
            ],
            True,
        ),
        (
            [
                "注：无。",
                "一、机关运行经费",
                "机关运行经费财政拨款预算314万元，比上年增加30万元，主要是工会经费计缴基数变化。",
            ],
            True,
        ),
    ],
)
def test_prose_outside_grids(lines: list[str], prose: bool) -> None:
    assert (prose_chars(lines) >= MIN_PROSE_CHARS) is prose


def test_grid_inside_a_narrative_part(seed_pdf: Path, seed_tables: TableExtraction, seed_truth: dict) -> None:
    parts = seed_truth["parts"]
    first_table = min(t["start"] for t in seed_truth["tables"].values())
    mixed = set(seed_tables.outside_text)
    # pages that carry a grid inside the narrative part; every table-part page stays a table page
    assert mixed and all(p < first_table for p in mixed)
    assert all(
        p in seed_tables.table_pages
        for t in seed_truth["tables"].values()
        for p in range(t["start"], t["end"] + 1)
        if p >= first_table
    )
    page = min(mixed)
    grid_figures = {f.text for f in seed_tables.facts if f.page == page and f.value is not None}
    outside = seed_tables.outside_text[page]
    assert grid_figures and not [t for t in grid_figures if t in outside.split()]
    heading = next(h for h, start in parts.items() if start == page)
    assert heading.replace(" ", "") in outside.replace(" ", "")
    assert {f.section for f in seed_tables.facts if f.page == page} == {heading}  # the part it is printed in
    cells = [text for p, text in seed_tables.text_cells if p == page]
    assert cells and all("：" in text and len(text) > 30 for text in cells)

    pdf = read_pdf(seed_pdf)
    narrative = chunk_narrative(
        "seed",
        seed_tables.narrative_pages(pdf.pages),
        skip_pages=set(seed_tables.table_pages),
        toc_pages=set(pdf.toc_pages),
        text_cells=seed_tables.text_cells,
    )
    on_page = [c for c in narrative.chunks if c.page_start == page]
    assert on_page and all(c.kind == "narrative" for c in on_page)
    joined = "\n".join(c.text for c in on_page)
    assert all(text[:40] in joined for text in cells)
    assert any(
        c.section and c.section.startswith(heading.split()[0]) and cells[0][:20] in c.text for c in on_page
    )


def test_pages_wholly_tables_stay_out_of_the_narrative(real_tables: dict[str, TableExtraction]) -> None:
    """Only pages with running text beside their grid come back to the narrative."""
    for name, extraction in real_tables.items():
        for page, text in extraction.outside_text.items():
            assert page not in extraction.table_pages, name
            assert prose_chars(text.split("\n")) >= MIN_PROSE_CHARS, (name, page)


# --- 5. speed: pdfium reads the objects pdfminer would -----------------------------------------------


def _fact_keys(extraction: TableExtraction) -> list[tuple[Any, ...]]:
    return [
        (f.table_no, f.table_title, f.row_name, f.row_code, f.row_path, f.column, f.value, f.text, f.page)
        for f in extraction.facts
    ]


def test_pdfium_objects_give_the_pdfminer_tables(
    seed_pdf: Path, seed_tables: TableExtraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    import budgetqa.ingest.pdf_tables as pdf_tables

    monkeypatch.setattr(pdf_tables, "PDFIUM_OBJECTS", False)
    slow = extract_pdf_tables(seed_pdf, "seed")
    assert slow.tables == seed_tables.tables and _fact_keys(slow) == _fact_keys(seed_tables)
    assert slow.table_pages == seed_tables.table_pages and slow.text_cells == seed_tables.text_cells


def test_pages_pdfium_cannot_describe_fall_back_to_pdfminer(
    seed_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rotated page is left to pdfminer: it reads as it did before pdfium supplied the objects."""
    import pypdf
    import pypdfium2 as pdfium

    import budgetqa.ingest.pdf_tables as pdf_tables
    from budgetqa.ingest.pdf_objects import page_objects

    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.pages[9].rotate(90)
    rotated = tmp_path / "rotated.pdf"
    with rotated.open("wb") as out:
        writer.write(out)
    document = pdfium.PdfDocument(str(rotated))
    try:
        assert page_objects(document[9], 10) is None
        assert page_objects(document[10], 11) is not None
    finally:
        document.close()
    fast = extract_pdf_tables(rotated, "r")
    monkeypatch.setattr(pdf_tables, "PDFIUM_OBJECTS", False)
    assert _fact_keys(extract_pdf_tables(rotated, "r")) == _fact_keys(fast)


def _pdf(content: bytes) -> bytes:
    """A one-page A4 PDF with the given content stream and Helvetica as /F1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _grid_page() -> bytes:
    ops = [b"0.5 w"]
    for r in range(4):  # a 3 x 4 grid of stroked cell rectangles
        for c in range(3):
            ops.append(b"%d %d 120 20 re S" % (100 + 120 * c, 700 - 20 * r))
    ops.append(b"90 620 m 470 620 l 480 620 480 630 480 640 c 480 730 l S")  # a frame with a rounded corner
    ops.append(b"100 600 m 460 600 l S")
    rows = [
        ("Item", "2023", "2024"),
        ("Total", "1,234.50", "99.00"),
        ("Rent", "12.00", "-3"),
        ("Fees", "0.50", ""),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:  # font size 1 scaled by the text matrix, as WPS writes it
                ops.append(
                    b"BT /F1 1 Tf 10 0 0 10 %d %d Tm (%s) Tj ET"
                    % (105 + 120 * c, 706 - 20 * r, text.encode())
                )
    ops.append(b"BT /F1 12 Tf 100 760 Td (Table 1 Budget summary) Tj ET")
    ops.append(b"BT /F1 9 Tf 100 -40 Td (hidden below the page) Tj ET")
    return b"\n".join(ops)


def test_pdfium_objects_match_pdfminer_on_a_synthetic_grid(tmp_path: Path) -> None:
    import pdfplumber
    import pypdfium2 as pdfium

    from budgetqa.ingest.pdf_objects import page_objects

    path = tmp_path / "grid.pdf"
    path.write_bytes(_pdf(_grid_page()))
    document = pdfium.PdfDocument(str(path))
    try:
        objects = page_objects(document[0], 1)
        assert objects is not None
        with pdfplumber.open(str(path)) as slow_pdf, pdfplumber.open(str(path)) as fast_pdf:
            slow, fast = slow_pdf.pages[0], fast_pdf.pages[0]
            fast._objects = objects
            assert [t.extract() for t in fast.find_tables()] == [t.extract() for t in slow.find_tables()]
            assert [t.bbox for t in fast.find_tables()] == [t.bbox for t in slow.find_tables()]
            assert len(fast.edges) == len(slow.edges)
            lines = [ln["text"] for ln in fast.extract_text_lines(return_chars=False)]
            assert lines == [ln["text"] for ln in slow.extract_text_lines(return_chars=False)]
        _, found = page_lines(document[0].get_textpage(), keep=(0, 0, 595, 842))
        assert "hidden below the page" in lines and not [ln for ln in found if "hidden" in ln.text]
    finally:
        document.close()
