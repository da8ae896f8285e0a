"""A publication in two files as one document: store, CLI and staff page, on a pair cut from the bundled PDF.

The narrative file's 目录 lists twelve tables and the tables file holds tables 1-6 (tests/publication_pair.py):
tables 7-12 are the publication's real missing tables; the narrative file's other "missing" tables are in its
tables file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_run import invoke_ok
from click.testing import CliRunner
from publication_pair import DEPARTMENT, TABLES, TEXT, cut_pair

from budgetqa.ingest import ingest_file, reingest
from budgetqa.ingest.publications import publications
from budgetqa.store import HashEmbedder, Store, publication_id
from budgetqa.ui.cli import cli

IN_NEITHER = ["一般公共预算支出表（按功能分类）", "国有资本经营预算支出表", "部门整体支出绩效目标表"]
IN_TABLES_FILE = ["收支总表", "政府预算拨款收支总表"]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, seed_pdf: Path) -> dict[str, Path]:
    return cut_pair(seed_pdf, tmp_path_factory.mktemp("pair"))


@pytest.fixture(scope="module")
def joined_home(tmp_path_factory: pytest.TempPathFactory, pair: dict[str, Path]) -> Path:
    home = tmp_path_factory.mktemp("joined")
    invoke_ok(home, "ingest", str(pair["tables"]), str(pair["text"]))
    return home


def test_either_order_gives_one_publication(tmp_path: Path, pair: dict[str, Path]) -> None:
    seen = []
    for order in (("text", "tables"), ("tables", "text")):
        store = Store(tmp_path / "-".join(order), embedder=HashEmbedder())
        first, second = (ingest_file(store, pair[name]) for name in order)
        assert first.status == second.status == "ingested"
        assert any("one publication in two files" in w for w in second.warnings)
        # the second file's report has the publication's health: no table the other file holds is missing
        assert not set(IN_TABLES_FILE) & set(second.missing_tables)
        assert set(IN_NEITHER) <= set(second.missing_tables)
        assert not any("ingest its tables file too" in w for w in second.warnings)
        (pub,) = publications(store.documents())
        assert pub.joined and pub.sources == (TABLES, TEXT)  # the tables file first
        assert pub.publication_id == publication_id(DEPARTMENT, 2023, "预算")
        assert {d.publication for d in store.documents()} == {pub.publication_id}
        assert set(IN_NEITHER) <= set(pub.missing_tables) and not set(IN_TABLES_FILE) & set(
            pub.missing_tables
        )
        assert not any("ingest its tables file too" in w for _, w in pub.warnings)
        seen.append(pub.publication_id)
    assert seen[0] == seen[1]


def test_one_half_alone_is_a_document_by_itself(hash_store: Store, pair: dict[str, Path]) -> None:
    report = ingest_file(hash_store, pair["text"])
    assert report.status == "ingested" and report.facts == 0
    (doc,) = hash_store.documents()
    assert doc.publication is None
    (pub,) = publications([doc])
    assert not pub.joined and pub.publication_id == doc.doc_id


def test_the_narrative_half_alone_lists_its_tables_as_in_the_other_file(
    tmp_path: Path, pair: dict[str, Path]
) -> None:
    """Its 目录's tables are printed in the 表格部分, not loaded yet: no table is reported missing."""
    home = tmp_path / "text-only"
    out = invoke_ok(home, "ingest", str(pair["text"])).output
    assert (
        "missing table" not in out and "in the publication's other file (表格部分), not loaded yet" in out
    ), out
    report = ingest_file(Store(tmp_path / "api", embedder=HashEmbedder()), pair["text"])
    assert report.missing_tables == [] and set(IN_TABLES_FILE) <= set(report.tables_elsewhere)
    docs = invoke_ok(home, "docs").output
    assert "missing table" not in docs and "its 目录 lists" in docs, docs
    (entry,) = [json.loads(line) for line in invoke_ok(home, "docs", "--json").output.splitlines()]
    assert entry["missing_tables"] == [] and set(IN_NEITHER) <= set(entry["tables_elsewhere"])
    # once the tables file joins, the publication's own missing tables are reported again
    invoke_ok(home, "ingest", str(pair["tables"]))
    joined = invoke_ok(home, "docs").output
    assert "its 目录 lists" not in joined and "missing table" in joined, joined


def test_docs_lists_one_entry_with_its_sources(joined_home: Path) -> None:
    out = invoke_ok(joined_home, "docs").output
    entries = [line for line in out.splitlines() if not line.startswith(" ")]
    assert len(entries) == 1 and entries[0].startswith("pub-") and "2 files" in entries[0], out
    assert f"[{TABLES}] 10 pages, 6 tables" in out and f"[{TEXT}] 8 pages, 0 tables" in out
    missing = [line.split("missing table: ")[1] for line in out.splitlines() if "missing table:" in line]
    assert set(IN_NEITHER) <= set(missing) and not set(IN_TABLES_FILE) & set(missing), out
    (entry,) = [json.loads(line) for line in invoke_ok(joined_home, "docs", "--json").output.splitlines()]
    assert entry["doc_id"] == entry["publication"] and entry["tables"] == 6 and entry["pages"] == 18
    assert [(s["source"], s["pages"], s["tables"]) for s in entry["sources"]] == [
        (TABLES, 10, 6),
        (TEXT, 8, 0),
    ]
    assert {c["source"] for c in entry["checks"]} == {TABLES}
    assert not set(IN_TABLES_FILE) & set(entry["missing_tables"])


def test_citations_name_the_file_and_page_of_each_figure(joined_home: Path) -> None:
    table = json.loads(invoke_ok(joined_home, "ask", "外办2023年收入预算总额是多少？", "--json").output)
    assert table["value"] == 7021
    # 收支总表 is on page 11 of the publication: page 3 of the tables file
    assert (table["citations"][0]["source"], table["citations"][0]["page"]) == (TABLES, 3)
    quote = json.loads(invoke_ok(joined_home, "ask", "外办2023年三公经费为什么减少？", "--json").output)
    assert [(c["source"], c["page"]) for c in quote["citations"]] == [(TEXT, 5)]
    assert "344" in quote["citations"][0]["quote"]


def test_remove_the_publication_removes_both_files(tmp_path: Path, pair: dict[str, Path]) -> None:
    home = tmp_path / "home"
    invoke_ok(home, "ingest", str(pair["text"]), str(pair["tables"]))
    pid = publication_id(DEPARTMENT, 2023, "预算")
    out = invoke_ok(home, "remove", pid).output
    assert TEXT in out and TABLES in out
    store = Store(home, embedder=HashEmbedder())
    assert store.documents() == [] and store.facts() == [] and store.chunks() == []
    assert list((home / "files").iterdir()) == []
    result = CliRunner().invoke(cli, ["remove", pid, "--home", str(home), "--embedder", "hash"])
    assert result.exit_code == 1 and "no publication" in result.output


def test_remove_one_file_by_its_id_says_what_remains(tmp_path: Path, pair: dict[str, Path]) -> None:
    home = tmp_path / "home"
    invoke_ok(home, "ingest", str(pair["text"]), str(pair["tables"]))
    store = Store(home, embedder=HashEmbedder())
    (text,) = [d for d in store.documents() if d.source == TEXT]
    (tables,) = [d for d in store.documents() if d.source == TABLES]
    out = invoke_ok(home, "remove", text.doc_id).output
    assert f"removed {text.doc_id} ({TEXT})" in out
    assert f"kept {tables.doc_id} ({TABLES})" in out and "of its own" in out
    (left,) = store.documents()
    assert left.doc_id == tables.doc_id and left.publication is None and store.facts(tables.doc_id)
    assert invoke_ok(home, "docs").output.startswith(f"{tables.doc_id}  2023 ")
    # the narrative file ingested again joins its tables file again
    again = ingest_file(store, pair["text"])
    assert any("one publication in two files" in w for w in again.warnings)
    assert {d.publication for d in store.documents()} == {publication_id(DEPARTMENT, 2023, "预算")}


def test_reingest_and_replace_of_one_file_keep_the_join(hash_store: Store, pair: dict[str, Path]) -> None:
    ingest_file(hash_store, pair["text"])
    first = ingest_file(hash_store, pair["tables"])
    pid = publication_id(DEPARTMENT, 2023, "预算")
    again = reingest(hash_store, first.doc_id or "")
    assert again.status == "ingested"
    assert {d.publication for d in hash_store.documents()} == {pid} and len(hash_store.documents()) == 2
    swapped = ingest_file(hash_store, pair["tables2"], replace=True)
    assert swapped.status == "ingested" and any("replaced" in w for w in swapped.warnings), swapped.warnings
    docs = hash_store.documents()
    assert len(docs) == 2 and {d.publication for d in docs} == {pid}
    assert first.doc_id not in {d.doc_id for d in docs}
    (pub,) = publications(docs)
    assert pub.sources == (TABLES, TEXT) and len(pub.tables) == 7


def test_an_old_store_is_upgraded_in_place_and_its_halves_joined(
    tmp_path: Path, pair: dict[str, Path]
) -> None:
    home = tmp_path / "home"
    store = Store(home, embedder=HashEmbedder())
    ingest_file(store, pair["tables"])
    ingest_file(store, pair["text"])
    facts = len(store.facts())
    store.close()
    # the schema before publications: no column, no index, the join unknown
    conn = sqlite3.connect(home / "budgetqa.sqlite3")
    conn.execute("DROP INDEX documents_pub")
    conn.execute("ALTER TABLE documents DROP COLUMN publication")
    conn.commit()
    conn.close()
    old = Store(home, embedder=HashEmbedder())
    docs = old.documents()
    assert {d.publication for d in docs} == {publication_id(DEPARTMENT, 2023, "预算")} and len(docs) == 2
    assert len(old.facts()) == facts
    (pub,) = publications(docs)
    assert pub.joined and not set(IN_TABLES_FILE) & set(pub.missing_tables)
    # opening it again changes nothing
    assert [d.publication for d in Store(home, embedder=HashEmbedder()).documents()] == [
        d.publication for d in docs
    ]


def test_the_staff_page_shows_one_row_per_publication(joined_home: Path) -> None:
    from budgetqa.ui import staff
    from budgetqa.ui.auth import StaffSessions, hash_password

    sessions = StaffSessions({"alice": hash_password("pass word 1", iterations=1000)})
    token = sessions.login("alice", "pass word 1")
    store = Store(joined_home, embedder=HashEmbedder())
    frame = staff.documents_frame(sessions, token, store)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["文档ID"].startswith("pub-") and row["文件"] == f"{TABLES} + {TEXT}"
    assert row["表格（找到/应有）"].startswith("6/") and "收支总表" not in row["缺失表"]
    detail = staff.document_detail(sessions, token, store, row["文档ID"])
    assert TABLES in detail and TEXT in detail and "收支总表" in detail


def test_staff_reingest_and_delete_take_the_whole_publication(tmp_path: Path, pair: dict[str, Path]) -> None:
    from budgetqa.ui import staff
    from budgetqa.ui.auth import StaffSessions, hash_password

    sessions = StaffSessions({"alice": hash_password("pass word 1", iterations=1000)})
    token = sessions.login("alice", "pass word 1")
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    ingest_file(store, pair["text"])
    ingest_file(store, pair["tables"])
    pid = publication_id(DEPARTMENT, 2023, "预算")
    message = staff.reingest_document(sessions, token, store, pid, lambda *a, **k: None)
    assert message.count("✓") == 2 and TEXT in message and TABLES in message, message
    assert {d.publication for d in store.documents()} == {pid} and len(store.documents()) == 2
    (text,) = [d for d in store.documents() if d.source == TEXT]
    message = staff.delete_document(sessions, token, store, text.doc_id)
    assert TEXT in message and f"保留同一出版物的 {TABLES}" in message
    ingest_file(store, pair["text"])
    message = staff.delete_document(sessions, token, store, pid)
    assert TEXT in message and TABLES in message and store.documents() == []


def test_a_publication_id_stands_for_its_files_in_ask_facts_and_export(
    joined_home: Path, tmp_path: Path
) -> None:
    pid = publication_id(DEPARTMENT, 2023, "预算")
    store = Store(joined_home, embedder=HashEmbedder())
    (tables,) = [d for d in store.documents() if d.source == TABLES]
    facts = [
        json.loads(line)
        for line in invoke_ok(joined_home, "facts", "--doc", pid, "--json").output.splitlines()
    ]
    cells = [f for f in facts if f["origin"] == "table"]
    assert len(cells) == len(store.facts(tables.doc_id)) > 400 and {f["source"] for f in cells} == {TABLES}
    # the narrative file's figures are listed too, as facts of text origin
    assert {f["source"] for f in facts if f["origin"] == "text"} == {TEXT}
    answer = json.loads(
        invoke_ok(joined_home, "ask", "外办2023年三公经费为什么减少？", "--doc", pid, "--json").output
    )
    assert answer["status"] == "answered" and answer["citations"][0]["source"] == TEXT
    out = invoke_ok(joined_home, "export", str(tmp_path / "out"), "--format", "csv", "--doc", pid).output
    assert f"exported {len(cells)} figures of 2 document(s)" in out
    result = CliRunner().invoke(cli, ["facts", "--doc", "pub-00000000", "--home", str(joined_home)])
    assert result.exit_code == 1 and "no publication" in result.output
