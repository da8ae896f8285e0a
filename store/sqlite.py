"""The SQLite side of the store: documents, facts, chunks, an embedding cache and metadata."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from budgetqa.store.records import CheckResult, Chunk, Document, Fact, TableInfo, publication_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    department TEXT, year INTEGER, doc_kind TEXT,
    body TEXT NOT NULL,
    publication TEXT,
    dept_key TEXT
);
CREATE TABLE IF NOT EXISTS facts (
    fact_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    table_no INTEGER, table_title TEXT NOT NULL,
    row_code TEXT, row_name TEXT NOT NULL, row_path TEXT NOT NULL,
    col TEXT NOT NULL, value TEXT, text TEXT NOT NULL, unit TEXT,
    page INTEGER, section TEXT, bbox TEXT, row_index INTEGER NOT NULL, note TEXT, ocr REAL,
    origin TEXT NOT NULL DEFAULT 'table', sentence TEXT
);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id, table_no);
CREATE INDEX IF NOT EXISTS facts_code ON facts(row_code);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    kind TEXT NOT NULL, text TEXT NOT NULL, embed_text TEXT NOT NULL,
    page_start INTEGER, page_end INTEGER, section TEXT,
    table_no INTEGER, table_title TEXT, fact_ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    page INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (doc_id, page)
);
CREATE TABLE IF NOT EXISTS pending (
    doc_id TEXT PRIMARY KEY, started TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS labels (
    kind TEXT NOT NULL, label TEXT NOT NULL, UNIQUE (kind, label)
);
CREATE TABLE IF NOT EXISTS embed_cache (
    embedder TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (embedder, key)
);
"""


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:  # a read-only home or a full disk: read the file as it is, create nothing beside it
        conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False, isolation_level=None
        )
        conn.row_factory = sqlite3.Row
        return conn
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    migrate_schema(conn, lambda table: {str(r["name"]) for r in conn.execute(f"PRAGMA table_info({table})")})
    return conn


PUBLICATION_INDEX = "CREATE INDEX IF NOT EXISTS documents_pub ON documents(publication)"
# an ingest finds the stored documents of its department (any printed form), year and kind by key
DEPARTMENT_KEY_INDEX = "CREATE INDEX IF NOT EXISTS documents_key ON documents(dept_key, year, doc_kind)"


def link_halves(conn: Any) -> None:
    """Give the files of each stored publication in two files (文字部分 + 表格部分) their shared id."""
    groups: dict[tuple[str, int | None, str | None], list[tuple[str, bool]]] = {}
    for row in conn.execute("SELECT doc_id, department, year, doc_kind, body FROM documents").fetchall():
        if row["department"]:
            has_tables = bool(json.loads(row["body"]).get("tables"))
            key = (str(row["department"]), row["year"], row["doc_kind"])
            groups.setdefault(key, []).append((str(row["doc_id"]), has_tables))
    for (department, year, kind), members in groups.items():
        if len({has for _, has in members}) == 2:  # a tables file and a narrative-only file
            conn.executemany(
                "UPDATE documents SET publication = ? WHERE doc_id = ?",
                [(publication_id(department, year, kind), doc_id) for doc_id, _ in members],
            )


@dataclass(frozen=True)
class Migration:
    """One in-place schema change of a store written by an older version: a column added (empty, or its
    default), then `then` run on the rows already stored."""

    table: str
    column: str
    kind: str
    why: str
    then: Callable[[Any], None] | None = None


# In release order; a store is brought up to date when it is opened (both backends). A new column of a
# table in SCHEMA is the next entry here: SCHEMA creates new stores, this list upgrades old ones.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "documents",
        "publication",
        "TEXT",
        "the files of a publication (文字部分 + 表格部分) share an id; the stored halves are joined",
        then=link_halves,
    ),
    Migration("facts", "ocr", "REAL", "a figure read by OCR carries its confidence"),
    Migration("facts", "origin", "TEXT NOT NULL DEFAULT 'table'", "text figures are facts apart from cells"),
    Migration("facts", "sentence", "TEXT", "a text figure's sentence, as printed"),
    Migration(
        "documents",
        "dept_key",
        "TEXT",
        "the department's key, indexed: an ingest reads its department's documents, not all of them "
        "(rows stored without one get theirs on the next lookup, `Store.documents_keyed`)",
    ),
)
# indexes on migrated columns: created once the columns exist
AFTER_MIGRATIONS = (PUBLICATION_INDEX, DEPARTMENT_KEY_INDEX)


def pending_migrations(columns_of: Callable[[str], set[str]]) -> list[Migration]:
    """The migrations a store's schema lacks, in order."""
    have: dict[str, set[str]] = {}
    return [m for m in MIGRATIONS if m.column not in have.setdefault(m.table, columns_of(m.table))]


def migrate_schema(conn: Any, columns_of: Callable[[str], set[str]]) -> list[Migration]:
    """Apply the pending migrations in one transaction (two processes opening an old store upgrade it once:
    the second finds nothing pending once it holds the write transaction); returns what was applied."""
    applied: list[Migration] = []
    if pending_migrations(columns_of):
        conn.execute("BEGIN IMMEDIATE")
        try:
            applied = pending_migrations(columns_of)  # again, inside the transaction
            for migration in applied:
                conn.execute(f"ALTER TABLE {migration.table} ADD COLUMN {migration.column} {migration.kind}")
                if migration.then is not None:
                    migration.then(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    for statement in AFTER_MIGRATIONS:
        conn.execute(statement)
    return applied


def document_to_row(doc: Document, dept_key: str | None = None) -> dict[str, Any]:
    """The row of a document; `dept_key` is its department's key as the ingest computes it (None: filled in
    by the next `Store.documents_keyed`)."""
    return {
        "doc_id": doc.doc_id,
        "sha256": doc.sha256,
        "source": doc.source,
        "department": doc.department,
        "year": doc.year,
        "doc_kind": doc.doc_kind,
        "body": json.dumps(doc.to_json(), ensure_ascii=False),
        "publication": doc.publication,
        "dept_key": dept_key,
    }


DOCUMENT_INSERT = (
    "INSERT INTO documents (doc_id, sha256, source, department, year, doc_kind, body, publication, dept_key)"
    " VALUES (:doc_id, :sha256, :source, :department, :year, :doc_kind, :body, :publication, :dept_key)"
)


def document_from_row(row: sqlite3.Row) -> Document:
    data = json.loads(row["body"])
    return Document(
        doc_id=data["doc_id"],
        source=data["source"],
        sha256=data["sha256"],
        department=data.get("department"),
        year=data.get("year"),
        doc_kind=data.get("doc_kind"),
        title=data.get("title"),
        region=data.get("region"),
        pages=data.get("pages"),
        page_labels=tuple(data.get("page_labels") or ()),
        sections=tuple((s["heading"], s["page"]) for s in data.get("sections") or ()),
        tables=tuple(
            TableInfo(**{**t, "columns": tuple(t.get("columns") or ())}) for t in data.get("tables") or ()
        ),
        missing_tables=tuple(data.get("missing_tables") or ()),
        checks=tuple(CheckResult(**c) for c in data.get("checks") or ()),
        warnings=tuple(data.get("warnings") or ()),
        textless_pages=tuple(data.get("textless_pages") or ()),
        ingested_at=data.get("ingested_at") or "",
        aliases=tuple(data.get("aliases") or ()),
        # the column, not the body: joining a stored file to a new one updates the column only
        publication=row["publication"] if "publication" in row.keys() else None,
    )


def fact_to_params(fact: Fact) -> tuple[Any, ...]:
    return (
        fact.doc_id,
        fact.table_no,
        fact.table_title,
        fact.row_code,
        fact.row_name,
        json.dumps(list(fact.row_path), ensure_ascii=False),
        fact.column,
        None if fact.value is None else str(fact.value),
        fact.text,
        fact.unit,
        fact.page,
        fact.section,
        None if fact.bbox is None else json.dumps(list(fact.bbox)),
        fact.row_index,
        fact.note,
        fact.ocr_confidence,
        fact.origin,
        fact.sentence,
    )


FACT_COLUMNS = (
    "doc_id, table_no, table_title, row_code, row_name, row_path, col, value, text, unit, page, section,"
    " bbox, row_index, note, ocr, origin, sentence"
)


def fact_from_row(row: sqlite3.Row) -> Fact:
    """A fact from a row of `SELECT fact_id, {FACT_COLUMNS}`, read by position (the hot path of a document's
    first question: its cells are decoded here)."""
    bbox = row[13]
    return Fact(
        doc_id=row[1],
        table_no=row[2],
        table_title=row[3],
        row_code=row[4],
        row_name=row[5],
        row_path=_path(row[6]),
        column=row[7],
        value=None if row[8] is None else Decimal(row[8]),
        text=row[9],
        unit=row[10],
        page=row[11],
        section=row[12],
        bbox=tuple(json.loads(bbox)) if bbox else None,
        row_index=row[14],
        note=row[15],
        fact_id=row[0],
        ocr_confidence=row[16],
        origin=row[17],
        sentence=row[18],
    )


@lru_cache(maxsize=8192)
def _path(text: str | None) -> tuple[str, ...]:
    """A row path as stored (JSON): many rows of a document share one."""
    return tuple(json.loads(text)) if text and text != "[]" else ()


def chunk_from_row(row: sqlite3.Row) -> Chunk:
    return Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        text=row["text"],
        kind=row["kind"],
        page_start=row["page_start"],
        page_end=row["page_end"],
        section=row["section"],
        table_no=row["table_no"],
        table_title=row["table_title"],
        fact_keys=tuple(json.loads(row["fact_ids"])),
        embed_text=row["embed_text"],
    )


def insert_facts(conn: sqlite3.Connection, facts: Sequence[Fact]) -> list[int]:
    ids = []
    sql = f"INSERT INTO facts ({FACT_COLUMNS}) VALUES ({', '.join('?' * 18)})"
    for fact in facts:
        cur = conn.execute(sql, fact_to_params(fact))
        ids.append(int(cur.lastrowid or 0))
    return ids


def insert_chunks(conn: sqlite3.Connection, chunks: Iterable[Chunk]) -> None:
    conn.executemany(
        "INSERT INTO chunks (chunk_id, doc_id, kind, text, embed_text, page_start, page_end, section,"
        " table_no, table_title, fact_ids) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                c.chunk_id,
                c.doc_id,
                c.kind,
                c.text,
                c.embed_text or c.text,
                c.page_start,
                c.page_end,
                c.section,
                c.table_no,
                c.table_title,
                json.dumps(list(c.fact_keys)),
            )
            for c in chunks
        ],
    )
