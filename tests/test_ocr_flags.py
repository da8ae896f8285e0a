"""Figures read from a scan with low OCR confidence: stored with their confidence and a flag, listed for
staff per page, named in answers and in the 勾稽 checks they fail; never dropped, never silently trusted."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from budgetqa.ingest.checks import check_column_sums
from budgetqa.ingest.ocr import OcrBox, OcrPage
from budgetqa.ingest.scan_cells import flagged_cells, with_ocr_confidence
from budgetqa.qa import Answerer
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo
from budgetqa.store import sqlite as db

TITLE = "“三公”经费支出预算表"


def _fact(column: str, value: str, confidence: float | None = None, row_index: int = 0) -> Fact:
    return Fact(
        "d1", 9, TITLE, "合计", column, Decimal(value), value, "万元", 2,
        bbox=(10.0, 10.0, 60.0, 20.0), row_index=row_index, ocr_confidence=confidence,
    )  # fmt: skip


def test_a_cell_takes_the_lowest_confidence_of_the_ocr_text_inside_it() -> None:
    page = OcrPage(
        2,
        (),
        (
            OcrBox("4", 12, 11, 20, 19, 0.97),
            OcrBox("03.75", 20, 11, 50, 19, 0.81),
            OcrBox("培训费", 100, 11, 140, 19, 0.99),  # another cell
        ),
    )
    fact = _fact("培训费", "403.75")
    (read,) = with_ocr_confidence([fact], {2: page})
    assert read.ocr_confidence == 0.81 and read.ocr_flagged
    assert with_ocr_confidence([fact], {}) == [fact]  # a digital page: no OCR confidence
    warnings = flagged_cells([read], "scan.pdf")
    assert warnings == [
        "OCR: page 2 of scan.pdf: 1 figure(s) read with low confidence, check them against the scan: "
        "合计 × 培训费 = 403.75 (0.81)"
    ]
    assert not _fact("培训费", "403.75", 0.95).ocr_flagged


def test_a_failing_check_names_the_cells_ocr_was_unsure_of() -> None:
    table = [_fact("合计", "2542.60"), _fact("会议费", "1305.25"), _fact("培训费", "493.75", 0.62)]
    (failure,) = check_column_sums(table)
    assert not failure.ok
    assert (
        "suspect cells read by OCR with low confidence: 合计 × 培训费 = 493.75 (OCR 0.62)" in failure.detail
    )


def test_the_confidence_is_stored_and_an_older_home_gains_the_column(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(db.SCHEMA.replace(", ocr REAL", ""))
    conn.close()
    conn = db.connect(old)
    assert "ocr" in {r["name"] for r in conn.execute("PRAGMA table_info(facts)")}
    conn.execute(*_document_row())
    db.insert_facts(conn, [_fact("培训费", "403.75", 0.81), _fact("会议费", "1305.25")])
    rows = conn.execute(f"SELECT fact_id, {db.FACT_COLUMNS} FROM facts ORDER BY fact_id").fetchall()
    assert [db.fact_from_row(r).ocr_confidence for r in rows] == [0.81, None]


def _document_row() -> tuple[str, dict[str, object]]:
    doc = Document("d1", "d1.pdf", "d1" * 32, "测试县示例管理局", 2024, "预算")
    row = db.document_to_row(doc)
    sql = f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"
    return sql, row


def test_an_answer_from_a_flagged_figure_says_it_was_read_by_ocr_with_low_confidence(tmp_path: Path) -> None:
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    doc = Document(
        "d1", "d1.pdf", "d1" * 32, "测试县示例管理局", 2024, "预算", title="部门预算", pages=3,
        tables=(TableInfo(9, TITLE, 2, 2, "万元", ("合计", "会议费", "培训费")),),
    )  # fmt: skip
    facts = [
        _fact("合计", "1709.00", 0.99),
        _fact("会议费", "1305.25", 0.99),
        _fact("培训费", "403.75", 0.81),
    ]
    store.add(ParsedDocument(doc, facts))
    answerer = Answerer(store)
    answer = answerer.ask("管理局2024年培训费是多少")
    assert answer.status == "answered" and answer.value == Decimal("403.75")
    assert "OCR识别，置信度较低" in answer.answer
    sure = answerer.ask("管理局2024年会议费是多少")
    assert sure.value == Decimal("1305.25") and "OCR" not in sure.answer
