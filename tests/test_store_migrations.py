"""One ordered list of in-place schema migrations, applied when a store is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from budgetqa.ingest import ingest_file
from budgetqa.store import TABLE_ORIGIN, HashEmbedder, Store
from budgetqa.store import sqlite as db


def _columns(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def _make_old(path: Path, drop: list[tuple[str, str]]) -> None:
    """The file as an older version wrote it: these columns (and the index on publication) absent."""
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX IF EXISTS documents_pub")
    conn.execute("DROP INDEX IF EXISTS documents_key")
    for table, column in drop:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.commit()
    conn.close()


def test_the_migrations_are_one_ordered_list_ending_with_department_keys() -> None:
    names = [(m.table, m.column) for m in db.MIGRATIONS]
    assert names == [
        ("documents", "publication"),
        ("facts", "ocr"),
        ("facts", "origin"),
        ("facts", "sentence"),
        ("documents", "dept_key"),
    ]
    assert len(set(names)) == len(names)
    # every migrated column is also in the schema a new store is created with
    for table, column in names:
        assert column in db.SCHEMA.split(f"CREATE TABLE IF NOT EXISTS {table} (")[1].split(");")[0]


def test_an_old_store_file_is_upgraded_when_opened(tmp_path: Path, seed_md: Path) -> None:
    home = tmp_path / "home"
    store = Store(home, embedder=HashEmbedder())
    assert ingest_file(store, seed_md).status == "ingested"
    cells = len(store.facts())
    store.close()
    path = home / "budgetqa.sqlite3"
    # the oldest schema still in use: before publications, OCR confidences and text facts
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM facts WHERE origin = 'text'")  # an old version stored no text figures
    conn.commit()
    conn.close()
    _make_old(
        path,
        [
            ("documents", "publication"),
            ("documents", "dept_key"),
            ("facts", "ocr"),
            ("facts", "origin"),
            ("facts", "sentence"),
        ],
    )
    assert not {"ocr", "origin", "sentence"} & _columns(path, "facts")

    reopened = Store(home, embedder=HashEmbedder())
    assert {"ocr", "origin", "sentence"} <= _columns(path, "facts")
    assert {"publication", "dept_key"} <= _columns(path, "documents")
    facts = reopened.facts()
    assert len(facts) == cells and {f.origin for f in facts} == {TABLE_ORIGIN}
    assert all(f.sentence is None and f.ocr_confidence is None for f in facts)
    (doc,) = reopened.documents()
    assert doc.publication is None  # a single file is a publication alone
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'documents_pub'").fetchone()
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'documents_key'").fetchone()
    conn.close()
    # the stored document's key is filled in when an ingest first looks its department up
    again = ingest_file(reopened, seed_md)
    assert again.status == "skipped"
    copy = tmp_path / seed_md.name
    copy.write_text(seed_md.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert any(doc.doc_id in w for w in ingest_file(reopened, copy).warnings)  # found as the same publication
    reopened.close()


def test_only_the_pending_migrations_run_and_a_second_open_runs_none(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home, embedder=HashEmbedder()).close()
    path = home / "budgetqa.sqlite3"
    _make_old(path, [("facts", "sentence")])  # a store one release old
    first = sqlite3.connect(path)
    first.row_factory = sqlite3.Row

    def columns_of(table: str) -> set[str]:
        return {str(r["name"]) for r in first.execute(f"PRAGMA table_info({table})")}

    assert [m.column for m in db.pending_migrations(columns_of)] == ["sentence"]
    first.isolation_level = None
    assert [m.column for m in db.migrate_schema(first, columns_of)] == ["sentence"]
    assert db.migrate_schema(first, columns_of) == []
    first.close()
    upgraded = db.connect(path)  # opening an up-to-date store changes nothing
    assert "sentence" in {str(r["name"]) for r in upgraded.execute("PRAGMA table_info(facts)")}
    upgraded.close()
