"""Publications in two files (文字部分 + 表格部分), and one department under one name across files and years."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import invoke_ok
from real_samples import REAL_DIR

from budgetqa.ingest import ingest_file
from budgetqa.qa import Answerer
from budgetqa.store import Store

TEXT = "2019_江苏省人大常委会办公厅_部门预算_文字部分.pdf"
TABLES = "2019_江苏省人大常委会办公厅_部门预算_表格部分.pdf"


@pytest.fixture
def real() -> Path:
    if not (REAL_DIR / TEXT).is_file():
        pytest.skip("../shared/samples/real is absent (the real PDFs are not redistributed)")
    return REAL_DIR


def test_a_narrative_half_alone_is_accepted(real: Path, hash_store: Store) -> None:
    report = ingest_file(hash_store, real / TEXT)
    assert report.status == "ingested" and report.facts == 0 and report.chunks >= 10
    assert any("narrative part" in w for w in report.warnings)
    (doc,) = hash_store.documents()
    assert (doc.department, doc.year, doc.doc_kind) == ("江苏省人大常委会办公厅", 2019, "预算")


def test_two_halves_join_as_one_publication_and_answer_together(real: Path, hash_store: Store) -> None:
    tables = ingest_file(hash_store, real / TABLES)
    text = ingest_file(hash_store, real / TEXT)
    assert tables.status == text.status == "ingested"
    assert any("one publication in two files" in w for w in text.warnings)
    assert not any("--replace" in w for w in text.warnings)  # halves are not duplicates
    assert {d.department for d in hash_store.documents()} == {"江苏省人大常委会办公厅"}
    # one answer reads both halves: the figure from the tables file, the reason from the text file (each with
    # its own page numbers); neither half is set aside as a copy of the other
    answer = Answerer(hash_store).ask("江苏省人大常委会办公厅2019年公务接待费为什么有变化？")
    assert {c.source for c in answer.citations} == {TEXT, TABLES}, answer.answer


def test_one_department_keeps_one_name_across_its_files(real: Path, hash_store: Store) -> None:
    printed = [
        "2018_中共江苏省委办公厅_部门预算_文字部分.pdf",
        "2018_中共江苏省委办公厅_部门预算_表格部分.pdf",
    ]
    reports = [ingest_file(hash_store, real / name) for name in printed]
    assert all(r.status == "ingested" for r in reports)
    names = {d.department for d in hash_store.documents()}
    assert len(names) == 1
    (doc,) = [d for d in hash_store.documents() if d.source == printed[1]]
    assert {"江苏省委办公厅", "中共江苏省委办公厅"} >= {doc.department} and len(doc.aliases) >= 1


def test_a_text_file_without_budget_words_is_still_refused(tmp_path: Path, hash_store: Store) -> None:
    from pypdf import PdfWriter

    path = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(path, "wb") as fh:
        writer.write(fh)
    report = ingest_file(hash_store, path)
    assert report.status == "failed" and hash_store.documents() == []


# the Jiangsu publications in two files, in both orders: the tables file first for 2017, the text first after
PAIRS = [
    ("2017_中共江苏省委办公厅_部门预算_表格部分.pdf", "2017_中共江苏省委办公厅_部门预算_文字部分.pdf"),
    ("2018_中共江苏省委办公厅_部门预算_文字部分.pdf", "2018_中共江苏省委办公厅_部门预算_表格部分.pdf"),
    ("2019_中共江苏省委办公厅_部门预算_表格部分.pdf", "2019_中共江苏省委办公厅_部门预算_文字部分.pdf"),
    (TEXT, TABLES),
]


@pytest.fixture(scope="module")
def pairs_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (REAL_DIR / TEXT).is_file():
        pytest.skip("../shared/samples/real is absent (the real PDFs are not redistributed)")
    home = tmp_path_factory.mktemp("pairs")
    invoke_ok(home, "ingest", *(str(REAL_DIR / name) for pair in PAIRS for name in pair))
    return home


def test_docs_shows_each_jiangsu_pair_as_one_publication(pairs_home: Path) -> None:
    out = invoke_ok(pairs_home, "docs").output
    entries = [line for line in out.splitlines() if not line.startswith(" ")]
    assert len(entries) == 4 and all(e.startswith("pub-") and "2 files" in e for e in entries), out
    for pair in PAIRS:
        assert all(f"[{name}]" in out for name in pair)
    # every table the narrative file lists is in its tables file: no false "missing table" warnings
    assert "missing table" not in out, out
    listed = [json.loads(line) for line in invoke_ok(pairs_home, "docs", "--json").output.splitlines()]
    assert sorted(e["year"] for e in listed) == [2017, 2018, 2019, 2019]
    assert all(len(e["sources"]) == 2 and e["missing_tables"] == [] for e in listed)


def test_ask_cites_the_tables_file_for_a_figure_and_the_text_file_for_a_quote(pairs_home: Path) -> None:
    answer = json.loads(
        invoke_ok(pairs_home, "ask", "江苏省人大常委会办公厅2019年公务接待费为什么有变化？", "--json").output
    )
    cited = {(c["source"], c["page"], bool(c["table"])) for c in answer["citations"]}
    # the figure from 表9 on page 9 of the tables file, the reason from page 16 of the text file
    assert cited == {(TABLES, 9, True), (TEXT, 16, False)}, answer["answer"]


def test_remove_a_real_publication_by_its_id(pairs_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    invoke_ok(home, "ingest", *(str(REAL_DIR / name) for name in PAIRS[0]))
    (entry,) = [json.loads(line) for line in invoke_ok(home, "docs", "--json").output.splitlines()]
    invoke_ok(home, "remove", entry["publication"])
    assert invoke_ok(home, "docs", "--json").output == ""
