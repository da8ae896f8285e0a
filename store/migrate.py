"""Move a home's records into a server deployment: SQLite → PostgreSQL, HOME/chroma → a Chroma server.

Each document is copied in one transaction of the target (all of it or none of it), its vectors rebuilt from
the copied embedding cache (no model runs for a text already embedded), and a document the target already
holds (same content) is skipped, so an interrupted migration is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from budgetqa.store import sqlite as db
from budgetqa.store.errors import StoreError
from budgetqa.store.store import Store

ReportFn = Callable[[str], None]


def migrate(source: Store, target: Store, report: ReportFn | None = None) -> tuple[int, int]:
    """Copy every document of `source` into `target`: (copied, skipped)."""
    if source.database == target.database and source.chroma_url == target.chroma_url:
        raise StoreError(
            "the source and the target of a migration are the same store; give --store or --chroma"
        )
    say = report or (lambda _line: None)
    copied = skipped = 0
    target.vectors.count()  # an unreachable Chroma server fails here, before anything is written
    with target._lock, target._writing():
        cache = source._conn.execute("SELECT embedder, key, vector FROM embed_cache").fetchall()
        target._conn.executemany(
            "INSERT OR REPLACE INTO embed_cache (embedder, key, vector) VALUES (?, ?, ?)",
            [(r["embedder"], r["key"], bytes(r["vector"])) for r in cache],
        )
        for doc in source.documents():
            if target.find_by_sha(doc.sha256) is not None:
                skipped += 1
                say(f"skipped {doc.source}: already in the target")
                continue
            facts = source.facts(doc.doc_id, origin=None)  # table cells and text figures
            chunks = source.chunks([doc.doc_id])
            pages = source._conn.execute(
                "SELECT page, text FROM pages WHERE doc_id = ? ORDER BY page", (doc.doc_id,)
            ).fetchall()
            with target._transaction() as conn:
                conn.execute(
                    db.DOCUMENT_INSERT,
                    db.document_to_row(doc),
                )
                new_ids = db.insert_facts(conn, facts)
                by_old = {f.fact_id: n for f, n in zip(facts, new_ids, strict=True)}
                db.insert_chunks(
                    conn,
                    [
                        replace(c, fact_keys=tuple(by_old[k] for k in c.fact_keys if k in by_old))
                        for c in chunks
                    ],
                )
                conn.executemany(
                    "INSERT INTO pages (doc_id, page, text) VALUES (?, ?, ?)",
                    [(doc.doc_id, r["page"], r["text"]) for r in pages],
                )
                target._set_meta("embedder", source.recorded_embedder() or target.embedder.name)
                target._set_meta("generation", str(target.generation() + 1))
            try:
                target._restore_vectors(doc.doc_id)
            except BaseException:
                target.remove(doc.doc_id)  # never a copied document without its vectors: the re-run copies it
                raise
            copied += 1
            say(f"copied {doc.source}: {len(facts)} facts, {len(chunks)} chunks")
    return copied, skipped


__all__ = ["migrate"]
