"""The SQLite side of the store: documents, facts, chunks, an embedding cache and metadata."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetqa.store.records import CheckResult, Chunk, Document, Fact, TableInfo

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    department TEXT, year INTEGER, doc_kind TEXT,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
    fact_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    table_no INTEGER, table_title TEXT NOT NULL,
    row_code TEXT, row_name TEXT NOT NULL, row_path TEXT NOT NULL,
    col TEXT NOT NULL, value TEXT, text TEXT NOT NULL, unit TEXT,
    page INTEGER, section TEXT, bbox TEXT, row_index INTEGER NOT NULL, note TEXT, ocr REAL
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
    add_missing_columns(conn)
    return conn


# columns added after a release: a home written before them gains them (empty) when it is opened
ADDED_COLUMNS = (("facts", "ocr", "REAL"),)


def add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, column, kind in ADDED_COLUMNS:
        if column not in {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def document_to_row(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "sha256": doc.sha256,
        "source": doc.source,
        "department": doc.department,
        "year": doc.year,
        "doc_kind": doc.doc_kind,
        "body": json.dumps(doc.to_json(), ensure_ascii=False),
    }


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
    )


FACT_COLUMNS = (
    "doc_id, table_no, table_title, row_code, row_name, row_path, col, value, text, unit, page, section,"
    " bbox, row_index, note, ocr"
)


def fact_from_row(row: sqlite3.Row) -> Fact:
    bbox = json.loads(row["bbox"]) if row["bbox"] else None
    return Fact(
        doc_id=row["doc_id"],
        table_no=row["table_no"],
        table_title=row["table_title"],
        row_code=row["row_code"],
        row_name=row["row_name"],
        row_path=tuple(json.loads(row["row_path"])),
        column=row["col"],
        value=_dec(row["value"]),
        text=row["text"],
        unit=row["unit"],
        page=row["page"],
        section=row["section"],
        bbox=tuple(bbox) if bbox else None,
        row_index=row["row_index"],
        note=row["note"],
        fact_id=row["fact_id"],
        ocr_confidence=row["ocr"],
    )


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
    sql = f"INSERT INTO facts ({FACT_COLUMNS}) VALUES ({', '.join('?' * 16)})"
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
