"""PDF tables -> facts: the seed PDF against its 616 truth cells, the real PDFs against hand-checked cells."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetqa.ingest.pdf_tables import TableExtraction, extract_pdf_tables
from budgetqa.ingest.table_labels import chinese_number, parse_label
from budgetqa.ingest.table_stitch import GridRow, body_start, is_title_row, split_grid

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
TRUTH = Path(__file__).resolve().parent / "truth"


def _norm(text: str | None) -> str:
    return re.sub(r"[\s【】〔〕\[\]“”\"]", "", text or "")


def _value(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _score(
    extraction: TableExtraction, cells: list[dict[str, Any]], by_title: bool
) -> tuple[float, list[Any]]:
    """Share of truth cells matched one-to-one by table + page + value + column + row name."""
    pool: Counter[tuple[Any, ...]] = Counter()
    for f in extraction.facts:
        table = _norm(f.table_title) if by_title else f.table_no
        pool[(table, f.page, f.value, f.column, _norm(f.row_name))] += 1
    missed = []
    for c in cells:
        table = _norm(c["table_title"]) if by_title else c["table"]
        key = (table, c["page"], _value(c["value"]), c["column"], _norm(c["row_name"]))
        if pool[key] > 0:
            pool[key] -= 1
        else:
            missed.append(key)
    return 1 - len(missed) / len(cells), missed


@pytest.fixture(scope="module")
def seed() -> tuple[TableExtraction, dict[str, Any]]:
    folder = SAMPLES / "seed"
    if not folder.is_dir():
        pytest.skip("../shared/samples/seed is absent (only CI and the team have the samples)")
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return extract_pdf_tables(folder / truth["pdf"], "seed"), truth


def test_seed_cells_come_out_with_value_column_and_page(seed: tuple[TableExtraction, dict[str, Any]]) -> None:
    extraction, truth = seed
    accuracy, missed = _score(extraction, truth["cells"], by_title=False)
    assert accuracy >= 0.99, missed[:10]


def test_seed_tables_start_on_their_pages(seed: tuple[TableExtraction, dict[str, Any]]) -> None:
    extraction, truth = seed
    found = {t.table_no: t for t in extraction.tables if t.table_no is not None}
    for number, expected in truth["tables"].items():
        table = found[int(number)]
        assert table.page_start == expected["start"], number
        assert _norm(table.title) == _norm(expected["title"]), number


def test_seed_empty_table_note_is_one_zero_fact(seed: tuple[TableExtraction, dict[str, Any]]) -> None:
    extraction, _ = seed
    notes = [t for t in extraction.tables if t.note]
    assert notes and all("无" in (t.note or "") for t in notes)
    assert all(f.unit == "万元" for f in extraction.facts if f.table_no is not None and f.column != "指标值")
    assert {10, 11, 12} & {t.table_no for t in extraction.tables} == {10, 11, 12}


def test_seed_facts_carry_codes_paths_and_boxes(seed: tuple[TableExtraction, dict[str, Any]]) -> None:
    extraction, _ = seed
    rows = [f for f in extraction.facts if f.table_no == 7 and f.row_code == "2080505"]
    assert rows and rows[0].row_path == ("社会保障和就业支出", "行政事业单位养老支出")
    assert rows[0].row_name == "机关事业单位基本养老保险缴费支出"  # wrapped label joined
    assert all(f.bbox is not None and f.bbox[0] < f.bbox[2] for f in rows)
    three = {(f.row_name.replace(" ", ""), f.column): f.value for f in extraction.facts if f.table_no == 9}
    assert three[("增减变化金额", "总计")] == Decimal(-344)
    indicators = [f for f in extraction.facts if f.table_no == 12 and f.column == "指标值"]
    assert indicators and all(len(f.row_path) == 2 for f in indicators)
    assert any(f.note == "≥98%" and f.value == 98 and f.unit == "%" for f in indicators)


REAL = [
    "2017_江苏省人大常委会办公厅_部门预算",
    "2024_上海市普陀区财政局_部门决算",
    "2025_上海市普陀区人民政府办公室_部门预算",
    "2017_中共江苏省委办公厅_部门预算_表格部分",
    "2018_中共江苏省委办公厅_部门预算_表格部分",
    "2018_江苏省人大常委会办公厅_部门预算",
    "2019_中共江苏省委办公厅_部门预算_表格部分",
    "2019_江苏省人大常委会办公厅_部门预算_表格部分",
    "2023_上海市普陀区人民政府万里街道办事处_部门预算",
    "2024_上海市普陀区人民政府万里街道办事处_部门预算",
    "2025_上海市普陀区人民政府万里街道办事处_部门预算",
]


@pytest.mark.parametrize("stem", REAL)
def test_real_pdf_cells_match_hand_checked_truth(stem: str) -> None:
    pdf = SAMPLES / "real" / f"{stem}.pdf"
    if not pdf.is_file():
        pytest.skip("../shared/samples/real is absent (the real PDFs are not redistributed)")
    truth = json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))
    extraction = extract_pdf_tables(pdf, stem)
    accuracy, missed = _score(extraction, truth["cells"], by_title=True)
    assert len(truth["cells"]) >= 50
    assert accuracy >= 0.99, missed[:10]
    starts = {_norm(t.title): t.page_start for t in extraction.tables}
    for title, expected in truth["tables"].items():
        assert starts.get(_norm(title)) == expected["start"], title


@pytest.mark.parametrize(
    ("lines", "number", "title", "unit"),
    [
        (["表 1", "收支总表", "部门名称：某部门 单位：万元"], 1, "收支总表", "万元"),
        (["公开09表", "一般公共预算“三公”经费支出表"], 9, "一般公共预算“三公”经费支出表", None),
        (["（九）一般公共预算“三公”经费支出表"], 9, "一般公共预算“三公”经费支出表", None),
        (
            ["第二部分 某局2024年度部门决算表", "收入支出决算总表", "单位：万元"],
            None,
            "收入支出决算总表",
            "万元",
        ),
        (["财政拨款政府性基金支出预算", "表"], None, "财政拨款政府性基金支出预算表", None),
        (["注：本表金额单位转换时可能存在尾数误差。"], None, "", None),
        (["编制部门：某办公室 单位:元"], None, "", "元"),
    ],
)
def test_parse_label(lines: list[str], number: int | None, title: str, unit: str | None) -> None:
    label = parse_label(lines)
    assert (label.table_no, label.title, label.unit) == (number, title, unit)


@pytest.mark.parametrize(
    ("text", "value"), [("九", 9), ("十", 10), ("十二", 12), ("二十一", 21), ("12", 12), ("表", None)]
)
def test_chinese_number(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


BOX = (0.0, 0.0, 10.0, 10.0)


def test_split_grid_at_title_rows_and_meta_rows() -> None:
    rows: list[GridRow] = [
        [("小计", BOX), ("", BOX)],
        [("收入合计", BOX), ("13,649.07", BOX)],
        [("收入预算总表", BOX), None],
        [("部门：", BOX), ("单位：万元", BOX)],
        [("项目名称", BOX), ("金额", BOX)],
        [("收入总计", BOX), ("13,649.07", BOX)],
    ]
    segments = split_grid(rows)
    assert [len(s[1]) for s in segments] == [2, 2]
    assert segments[0][0] is None
    label = segments[1][0]
    assert label is not None and (label.title, label.unit) == ("收入预算总表", "万元")
    assert is_title_row(rows[2]) == "收入预算总表"
    assert is_title_row(rows[1]) is None


@pytest.mark.parametrize(
    ("texts", "start"),
    [
        ([["项目", "金额"], ["合计", "7,021"]], 1),
        ([["项目", None, "本年支出"], ["类", "款", "合计"], ["", "", ""], ["合计", None, ""]], 2),
        ([["科目编码", "科目名称", "金额"], ["", "合计", ""]], 1),
        ([["合计", "因公出国"], ["预算数", "决算数"], ["0.95", ""]], 2),
    ],
)
def test_body_start(texts: list[list[str | None]], start: int) -> None:
    rows: list[list[tuple[str | None, tuple[float, float, float, float]] | None]] = [
        [(t, BOX) if t is not None else None for t in row] for row in texts
    ]
    assert body_start(rows) == start


def test_label_with_unit_on_the_title_line_and_sub_numbers() -> None:
    label = parse_label(["表3 支出总表 单位：万元"])
    assert (label.table_no, label.title, label.unit) == (3, "支出总表", "万元")
    first, second = parse_label(["表1-1 收入总表"]), parse_label(["表1-2 支出总表"])
    assert first.table_no == second.table_no == 1 and not first.same_table(second)
    assert parse_label(["表 1", "收支总表"]).same_table(parse_label(["表 1", "收支总表"]))


def test_continuation_drops_repeated_header_and_joins_a_wrapped_label() -> None:
    from budgetqa.ingest.table_labels import Label
    from budgetqa.ingest.table_stitch import TableBuilder

    edges = [0.0, 50.0, 100.0]
    header = [("项目", 0.0, 50.0), ("金额", 50.0, 100.0)]
    builder = TableBuilder(label=Label(1, "收支总表", "万元"), page_start=7)
    page7: list[GridRow] = [
        [(t, (x0, 0.0, x1, 10.0)) for t, x0, x1 in header],
        [("一、一般公共服务支出", (0.0, 10.0, 50.0, 20.0)), ("10,528.33", (50.0, 10.0, 100.0, 20.0))],
        [("八、社会保障和就", (0.0, 20.0, 50.0, 30.0)), ("1,608.51", (50.0, 20.0, 100.0, 30.0))],
    ]
    page8: list[GridRow] = [
        [(t, (x0, 0.0, x1, 10.0)) for t, x0, x1 in header],  # repeated header
        [("业支出", (0.0, 10.0, 50.0, 20.0)), ("", (50.0, 10.0, 100.0, 20.0))],  # wrapped tail
        [("九、卫生健康支出", (0.0, 20.0, 50.0, 30.0)), ("60.99", (50.0, 20.0, 100.0, 30.0))],
    ]
    builder.add_rows(page7, 7, edges)
    builder.add_rows(page8, 8, edges)
    raw = builder.to_raw()
    names = [r.cells[0].text for r in raw.rows]
    assert names == ["一、一般公共服务支出", "八、社会保障和就业支出", "九、卫生健康支出"]
    assert [c.path for c in raw.columns] == ["项目", "金额"]
    assert (raw.page_start, raw.page_end) == (7, 8)


def test_a_file_that_is_not_a_pdf_raises_ingest_error(tmp_path: Path) -> None:
    from budgetqa.ingest.errors import IngestError

    bad = tmp_path / "预算.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(IngestError, match="预算.pdf"):
        extract_pdf_tables(bad, "x")


@pytest.mark.parametrize("lines", [["收支总表（续）"], ["续表", "收支总表"], ["表1 收支总表(续)"]])
def test_continued_title_is_the_same_table(lines: list[str]) -> None:
    assert parse_label(lines).title == "收支总表"


def test_a_column_without_header_or_text_is_no_column() -> None:
    from budgetqa.ingest.table_facts import BodyRow, Cell, Column
    from budgetqa.ingest.table_stitch import drop_phantom_columns

    columns = [Column("第1列", 0, 5), Column("项目", 5, 10), Column("金额", 10, 15), Column("第4列", 15, 20)]
    rows = [
        BodyRow({1: Cell("合计", None, 1), 2: Cell("7", None, 1), 3: Cell("", None, 1)}, 1),
        BodyRow(
            {0: Cell(" ", None, 1), 1: Cell("办公费", None, 1), 2: Cell("", None, 1), 3: Cell("2", None, 1)},
            1,
        ),
    ]
    kept, moved = drop_phantom_columns(columns, rows)
    assert [c.path for c in kept] == ["项目", "金额", "第4列"]  # a blank 金额 column and a filled 第4列 stay
    assert [{i: c.text for i, c in r.cells.items()} for r in moved] == [
        {0: "合计", 1: "7", 2: ""},
        {0: "办公费", 1: "", 2: "2"},
    ]


def test_a_glyph_cut_by_the_rule_below_its_cell_stays_in_that_cell() -> None:
    """A wrapped header's last character pushed below its cell (clipped there by the exporter) is no
    label of the first body row."""
    from types import SimpleNamespace

    from budgetqa.ingest.pdf_tables import cell_texts

    def glyph(text: str, x0: float, top: float, size: float = 17.0) -> dict[str, Any]:
        return {
            "text": text,
            "x0": x0,
            "x1": x0 + size,
            "top": top,
            "bottom": top + size,
            "upright": True,
            "size": size,
            "fontname": "F",
            "doctop": top,
            "y0": 0.0,
            "y1": 0.0,
            "width": size,
            "height": size,
        }

    header = [(0.0, 78.7, 100.0, 105.6), (100.0, 78.7, 200.0, 105.6)]
    body = [(0.0, 105.6, 100.0, 132.6), (100.0, 105.6, 200.0, 132.6)]
    chars = [
        glyph("形", 10.0, 81.6),
        glyph("式", 10.0, 102.2),  # starts 3.4 above the rule, its centre below it
        glyph("总", 110.0, 81.6),
        glyph("合", 10.0, 111.6),
        glyph("9", 110.0, 111.6, 11.0),
        glyph("5", 121.0, 104.9, 11.0),  # a figure reaching 0.7 above its cell's rule is still its own
    ]
    table = SimpleNamespace(
        bbox=(0.0, 78.7, 200.0, 132.6),
        cells=header + body,
        rows=[
            SimpleNamespace(bbox=(0.0, 78.7, 200.0, 105.6), cells=header),
            SimpleNamespace(bbox=(0.0, 105.6, 200.0, 132.6), cells=body),
        ],
        page=SimpleNamespace(chars=chars),
    )
    texts = cell_texts(table)
    assert texts[0][0].replace("\n", "") == "形式" and texts[1][0] == "合"
    assert texts[0][1] == "总" and set(texts[1][1] or "") - {"\n"} == {"9", "5"}
