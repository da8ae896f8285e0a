"""What an ingest reads of the store does not grow with it (issue 12): the stored documents of its department
come from an index on the department's key, and the label vocabulary is kept in a table each add extends.
Both backends: SQLite here, PostgreSQL with $BUDGETQA_TEST_PG."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_store import parsed
from test_store_postgres import pg_url  # noqa: F401 (a fixture: a fresh database on the test server)

from budgetqa.ingest import ingest_file
from budgetqa.ingest.metadata import name_key
from budgetqa.store import HashEmbedder, ParsedDocument, Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend (PostgreSQL: a fresh database, vectors in a local Chroma folder)."""
    database = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    opened = Store(tmp_path / "home", embedder=HashEmbedder(), database=database)
    for doc in opened.documents():  # the PostgreSQL database is the module's: empty it
        opened.remove(doc.doc_id)
    yield opened
    opened.close()


def _doc(doc_id: str, department: str, year: int, kind: str = "预算") -> ParsedDocument:
    p = parsed(doc_id, f"sha-{doc_id}")
    return replace(p, document=replace(p.document, department=department, year=year, doc_kind=kind))


def test_the_documents_of_a_department_are_read_by_key_in_the_stores_order(store: Store) -> None:
    for doc_id, department, year in [
        ("d1", "中共江苏省委办公厅", 2024),
        ("d2", "江苏省委办公厅", 2023),
        ("d3", "某市财政局", 2024),
        ("d4", "中国共产党江苏省委员会办公厅", 2022),
    ]:
        store.add(_doc(doc_id, department, year), department_key=name_key(department))
    got = store.documents_keyed(name_key("江苏省委办公厅"), name_key)
    assert [d.doc_id for d in got] == [d.doc_id for d in store.documents() if d.doc_id in {"d1", "d2", "d4"}]
    assert [d.doc_id for d in store.documents_keyed(name_key("某市财政局"), name_key)] == ["d3"]
    assert store.documents_keyed("某县民政局", name_key) == []


def test_a_document_stored_without_a_key_gets_it_on_the_next_lookup(store: Store) -> None:
    """Rows written by an older version or by `migrate` have no key: the first lookup fills them in."""
    store.add(_doc("d1", "中共江苏省委办公厅", 2024))
    store.add(_doc("d2", "某市财政局", 2024))
    assert [d.doc_id for d in store.documents_keyed("江苏省委办公厅", name_key)] == ["d1"]
    keys = store._conn.execute("SELECT doc_id, dept_key FROM documents ORDER BY doc_id").fetchall()
    assert [(r["doc_id"], r["dept_key"]) for r in keys] == [("d1", "江苏省委办公厅"), ("d2", "某市财政局")]


def test_an_add_extends_the_kept_labels_without_a_scan(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(_doc("d1", "某市财政局", 2024))  # a new store: one scan
    scan = store._scan_labels
    monkeypatch.setattr(store, "_scan_labels", lambda: pytest.fail("an add scanned every stored fact"))
    store.add(replace(parsed("d2", "s2", facts=4)))  # two new rows (2025年, 2026年)
    assert store.fact_labels() == scan() and "2026年" in store.fact_labels()[0]
    monkeypatch.setattr(store, "_scan_labels", scan)
    store.remove("d2")  # its labels may go: the next add (or question) scans once
    assert store._kept_labels(store.generation()) is None
    assert "2026年" not in store.fact_labels()[0]
    store.add(parsed("d3", "s3", facts=3))
    assert store._kept_labels(store.generation()) == scan() == store.fact_labels()


def test_an_ingest_reads_only_its_departments_documents(
    hash_store: Store, seed_md: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second copy of a stored publication is found (and kept beside it with a warning) by key: the
    ingest never lists every stored document."""
    first = ingest_file(hash_store, seed_md)
    assert first.status == "ingested"
    monkeypatch.setattr(hash_store, "documents", lambda: pytest.fail("the ingest read every document"))
    copy = tmp_path / seed_md.name
    copy.write_text(seed_md.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = ingest_file(hash_store, copy)
    assert second.status == "ingested", second.error
    assert second.department == first.department
    assert any(f"{first.source} ({first.doc_id}) is already stored" in w for w in second.warnings)
