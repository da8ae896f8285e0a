"""The store facade: one home directory holding the SQLite facts, the Chroma index and file copies.

A document becomes visible only when its SQLite transaction commits; vectors written before a crash are
orphans that are ignored by search and removed on the next write. Writers take the home's write lock (one at
a time, across processes); a document's id is recorded in `pending` before its vectors are written, so the
clean-up after a crash deletes exactly those vectors and never reads the whole index. Re-ingesting replaces a
document in one transaction: the old version answers until the new one commits.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from budgetqa.store import pg
from budgetqa.store import sqlite as db
from budgetqa.store.embedders import Embedder, make_embedder
from budgetqa.store.errors import (
    DocumentNotFoundError,
    EmbedderMismatchError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from budgetqa.store.faults import describe
from budgetqa.store.lock import WaitFn, WriteLock
from budgetqa.store.records import TABLE_ORIGIN, Chunk, Document, Fact, ParsedDocument
from budgetqa.store.vectors import VectorHit, VectorIndex

ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)

EMBED_BATCH = 32


_DOCUMENT_ORDER = "year, department, source"

# A vector search within at most this many documents ranks their chunks exactly (`Store._scoped_search`).
SCOPED_SEARCH_DOCS = 16
# the query vectors kept: one answer often searches with the same words more than once, and many users ask
# the same questions; a vector is 384 floats, so a thousand cost about 1.5 MB
QUERY_VECTORS_KEPT = 1024

# The kinds of chunk whose vectors live in the vector index. A table row's chunk embeds its row's label, which
# repeats across tables and documents and sits in the embedding cache anyway (question-time item matching
# uses it), so rows are ranked from that cache (`Store._row_search`): the index holds the narrative alone, a
# tenth of the vectors it held with one per row, and its cost per added document stays flat as it grows.
INDEXED_KIND = "narrative"


def _indexed(chunks: Sequence[Chunk]) -> list[Chunk]:
    return [c for c in chunks if c.kind == INDEXED_KIND]


def _cosine_distances(vectors: Sequence[Sequence[float]], query: Sequence[float]) -> Any:
    """1 − cosine similarity of each vector to the query (a numpy array; a zero vector is at distance 1)."""
    import numpy as np

    matrix = np.asarray(vectors, dtype=np.float32)
    q = np.asarray(query, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(q) or 1.0)
    return 1.0 - (matrix @ q) / np.where(norms == 0, 1.0, norms)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _RecordedName:
    """Stands in for an embedder when only its collection is opened (to count vectors)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.dim = 0

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        raise StoreError("counting vectors does not embed")

    embed_queries = embed_passages


class Store:
    """All state of one BudgetQA home. Pass an embedder, or a spec that builds one on first use."""

    def __init__(
        self,
        home: str | os.PathLike[str],
        embedder: Embedder | None = None,
        embedder_spec: str | None = None,
        *,
        database: str | None = None,
        chroma: str | None = None,
    ) -> None:
        """`database`: a postgresql:// URL holding documents, facts and chunks instead of HOME's SQLite
        file; `chroma`: an http:// URL of a Chroma server instead of HOME/chroma. HOME keeps the file copies
        (a directory every replica shares)."""
        self.home = Path(home)
        self.database = database if pg.is_url(database) else None
        self.chroma_url = chroma or None
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            (self.home / "files").mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store home {self.home}: {exc.strerror}; choose --home DIR"
            ) from exc
        self._db_path = self.home / "budgetqa.sqlite3"
        # A home that cannot be written (read-only mount, full disk) still answers: its database is read as
        # it is, and every write says why it cannot be done.
        self.read_only: StoreError | None = None
        if not os.access(self.home, os.W_OK):
            if not self._db_path.exists():
                raise StoreError(f"the store home {self.home} is not writable; choose another --home DIR")
            self.read_only = describe(OSError(errno.EROFS, "read-only"), self.home)
        self._local = threading.local()
        self._readers: list[Any] = []
        self.write_lock: WriteLock | pg.AdvisoryLock = WriteLock(self.home / "write.lock")
        self.on_wait: WaitFn | None = None  # told once when a write waits for another process's
        self._db_errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
        self._embedder = embedder
        self._embedder_spec = embedder_spec
        self._vectors: VectorIndex | None = None
        self._lock = threading.RLock()
        self._query_vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._query_vectors_lock = threading.Lock()
        self._documents: tuple[int, tuple[Document, ...]] | None = None  # (generation, documents)
        self._writer: Any
        if self.database is not None:  # a server deployment: every replica shares the database
            self.read_only = None
            self._writer = pg.connect(self.database)
            self.write_lock = pg.AdvisoryLock(self._writer)
            self._db_errors = (*self._db_errors, *pg.errors())
            return
        try:
            # Writes go through one connection; each thread reads through its own, so a reader never sees a
            # document whose transaction has not committed (a connection sees its own uncommitted rows).
            if self.read_only is not None:
                self._writer = db.connect(self._db_path, read_only=True)
            elif self._db_path.exists():
                self._writer = self._connect_or_read_only()
            else:  # a brand-new home: two first writers must not race to create the schema
                with self.write_lock.hold():
                    self._writer = db.connect(self._db_path)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._fault(exc) from exc

    def _connect_or_read_only(self) -> sqlite3.Connection:
        """The database for writing; on a full disk or a read-only file, for reading only."""
        try:
            return db.connect(self._db_path)
        except sqlite3.OperationalError as exc:
            fault = describe(exc, self.home)
            if not isinstance(fault, (StoreFullError, StoreReadOnlyError)) and "i/o" not in str(exc).lower():
                raise
            conn = db.connect(self._db_path, read_only=True)
            self.read_only = fault or self._fault(exc)
            return conn

    def _fault(self, exc: BaseException) -> StoreError:
        """A low-level failure as a one-line StoreError naming the cause and the fix."""
        if self.database is not None and isinstance(exc, pg.errors()):
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return StoreError(f"the PostgreSQL store {self.where} failed: {first}")
        described = describe(exc, self.home)
        if described is not None:
            return described
        return StoreError(f"{self._db_path} could not be opened ({exc}); choose another --home")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The write lock, with low-level faults (full disk, damaged files) turned into StoreErrors."""
        if self.read_only is not None:
            raise self.read_only
        with self.write_lock.hold(self.on_wait):
            try:
                yield
            except self._db_errors as exc:
                raise self._fault(exc) from exc
            except Exception as exc:
                described = describe(exc, self.home)
                if described is None or described is exc:
                    raise
                raise described from exc

    @property
    def _conn(self) -> Any:
        if getattr(self._local, "writing", False):
            return self._writer
        conn = getattr(self._local, "reader", None)
        if conn is None:
            if self.database is not None:
                conn = pg.Connection(self.database)
            else:
                conn = db.connect(self._db_path, read_only=self.read_only is not None)
            self._local.reader = conn
            self._readers.append(conn)
        return conn

    def _vector_index(self, embedder: Embedder | _RecordedName) -> VectorIndex:
        return VectorIndex(self.home / "chroma", embedder, url=self.chroma_url)  # type: ignore[arg-type]

    @property
    def where(self) -> str:
        """Where this store keeps its records, for messages (no password)."""
        return pg.redact(self.database) if self.database else str(self.home)

    # ---- embedder and index -------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self._embedder_spec)
        return self._embedder

    def recorded_embedder(self) -> str | None:
        return self._meta("embedder")

    def _check_embedder(self) -> None:
        recorded = self.recorded_embedder()
        name = self.embedder.name
        if recorded and recorded != name and self.documents():
            raise EmbedderMismatchError(
                f"the index in {self.home} was built with embedder {recorded!r}, not {name!r}; "
                f"use --embedder matching it, or re-index: budgetqa reindex --home {self.home} --embedder SPEC"
            )

    @property
    def vectors(self) -> VectorIndex:
        if self._vectors is None:
            with self._lock:  # threads of a fresh server must not build the Chroma client twice
                if self._vectors is None:
                    self._check_embedder()
                    self._vectors = self._vector_index(self.embedder)
        return self._vectors

    def index_missing(self) -> bool:
        """True when documents have chunks but the Chroma folder is gone (deleted or never restored)."""
        if self.chroma_url or (self.home / "chroma").exists():
            return False
        return self._conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None

    def index_counts(self) -> tuple[int | None, int]:
        """(vectors in the index, stored chunks of the indexed kinds): a cheap drift check for `docs`; vectors None when the
        index cannot be opened here (a read-only home). Reads the recorded embedder's collection without
        loading any model."""
        chunks = int(
            self._conn.execute("SELECT COUNT(*) FROM chunks WHERE kind = ?", (INDEXED_KIND,)).fetchone()[0]
        )
        recorded = self.recorded_embedder()
        if self.index_missing() or not recorded:
            return 0, chunks
        if self._vectors is not None and self.embedder.name == recorded:
            return self._vectors.count(), chunks
        try:
            return self._vector_index(_RecordedName(recorded)).count(), chunks
        except Exception:
            if self.read_only is None:
                raise
            return None, chunks

    def drift(self) -> dict[str, tuple[int, int]]:
        """Documents whose vector count differs from their count of indexed chunks: {doc_id: (vectors, chunks)}.

        Reads the index one document at a time (for `doctor`; `docs` uses `index_counts`). A store written
        before rows left the index shows here with more vectors than chunks; `repair` drops the extra ones."""
        missing = self.index_missing()
        out: dict[str, tuple[int, int]] = {}
        rows = self._conn.execute(
            "SELECT d.doc_id AS doc_id, COUNT(c.chunk_id) AS n FROM documents d LEFT JOIN chunks c"
            " ON c.doc_id = d.doc_id AND c.kind = ? GROUP BY d.doc_id ORDER BY d.doc_id",
            (INDEXED_KIND,),
        ).fetchall()
        for row in rows:
            doc_id, n = str(row["doc_id"]), int(row["n"])
            have = 0 if missing else len(self.vectors.ids_of(doc_id))
            if have != n:
                out[doc_id] = (have, n)
        return out

    def orphans(self) -> tuple[set[str], list[Path]]:
        """Vectors and file copies of documents that are not stored (left by older versions or crashes)."""
        known = {str(r["doc_id"]) for r in self._conn.execute("SELECT doc_id FROM documents")}
        vector_docs = set() if self.index_missing() else self.vectors.doc_ids()
        files = [
            p
            for p in sorted((self.home / "files").iterdir())
            if p.name.split(".", 1)[0] not in known or p.name.endswith(".tmp")
        ]
        return vector_docs - known, files

    def repair(self) -> list[str]:
        """Rebuild what drifted from the stored chunks (embeddings come from the cache); drop orphans."""
        done: list[str] = []
        with self._lock, self._writing():
            self._cleanup_orphans()
            for doc_id, (have, n) in self.drift().items():
                self._restore_vectors(doc_id)
                done.append(f"re-embedded {doc_id}: {have} -> {n} vectors")
            vectors, files = self.orphans()
            for doc_id in sorted(vectors):
                self.vectors.delete_doc(doc_id)
                done.append(f"removed orphan vectors of {doc_id}")
            for path in files:
                path.unlink(missing_ok=True)
                done.append(f"removed orphan file {path.name}")
        return done

    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def generation(self) -> int:
        """Bumped on every add and remove, so readers can drop caches."""
        return int(self._meta("generation") or 0)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        self._writer.execute("BEGIN IMMEDIATE")
        self._local.writing = True
        try:
            yield self._writer
        except BaseException:
            self._writer.execute("ROLLBACK")
            raise
        else:
            self._writer.execute("COMMIT")
        finally:
            self._local.writing = False

    def embed_passages(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[list[float]]:
        """Embed with a cache keyed by text: repeated row names across tables and documents embed once."""
        name = self.embedder.name
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, list[float]] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            rows = self._conn.execute(
                f"SELECT key, vector FROM embed_cache WHERE embedder = ? AND key IN ({','.join('?' * len(part))})",
                [name, *part],
            ).fetchall()
            for row in rows:
                found[row["key"]] = list(array("f", row["vector"]))
        todo = [(k, t) for k, t in dict(zip(keys, texts, strict=True)).items() if k not in found]
        done = 0
        if progress:
            progress("embed", 0, len(todo))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            vectors = self.embedder.embed_passages([t for _, t in batch])
            if self.read_only is None:  # nothing is cached in a home that cannot be written
                self._cache_vectors(name, batch, vectors)
            for (k, _), v in zip(batch, vectors, strict=True):
                found[k] = v
            done += len(batch)
            if progress:
                progress("embed", done, len(todo))
        return [found[k] for k in keys]

    def _cache_vectors(self, name: str, batch: list[tuple[str, str]], vectors: list[list[float]]) -> None:
        with self._lock:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embed_cache (embedder, key, vector) VALUES (?, ?, ?)",
                [(name, k, array("f", v).tobytes()) for (k, _), v in zip(batch, vectors, strict=True)],
            )

    # ---- documents ----------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        """Every stored document, by year, department and file name. The list is kept per store generation
        (decoding a document's record costs ~1 ms, and ingest and every cold question ask for all of them),
        and a document this store adds updates it in place of a reload."""
        if getattr(self._local, "writing", False):  # uncommitted rows: never kept
            return self._read_documents()
        generation = self.generation()  # before the rows: a commit in between only makes the list newer
        kept = self._documents
        if kept is not None and kept[0] == generation:
            return list(kept[1])
        docs = self._read_documents()
        self._documents = (generation, tuple(docs))
        return docs

    def _read_documents(self) -> list[Document]:
        rows = self._conn.execute(f"SELECT * FROM documents ORDER BY {_DOCUMENT_ORDER}").fetchall()
        return [db.document_from_row(r) for r in rows]

    def _documents_after(
        self, conn: Any, generation: int, added: Document, gone: Sequence[str], joined: Sequence[str]
    ) -> tuple[int, tuple[Document, ...]] | None:
        """The kept document list once this add commits as `generation` + 1, or None when the kept list is
        not of `generation` (another process wrote since): the next reader loads the list again."""
        kept = self._documents
        if kept is None or kept[0] != generation:
            return None
        by_id = {d.doc_id: d for d in kept[1] if d.doc_id not in gone}
        for doc_id in joined:
            if doc_id in by_id:
                by_id[doc_id] = replace(by_id[doc_id], publication=added.publication)
        row = conn.execute("SELECT * FROM documents WHERE doc_id = ?", (added.doc_id,)).fetchone()
        by_id[added.doc_id] = db.document_from_row(row)  # as a reader reads it back
        order = [
            str(r["doc_id"]) for r in conn.execute(f"SELECT doc_id FROM documents ORDER BY {_DOCUMENT_ORDER}")
        ]
        if set(order) != set(by_id):
            return None
        return generation + 1, tuple(by_id[d] for d in order)

    def document(self, doc_id: str) -> Document:
        row = self._conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentNotFoundError(
                f"no document {doc_id!r} in {self.home}; list them with: budgetqa docs"
            )
        return db.document_from_row(row)

    def publication(self, publication: str) -> list[Document]:
        """The stored files of one publication (none for an unknown id)."""
        rows = self._conn.execute(
            "SELECT * FROM documents WHERE publication = ? ORDER BY source", (publication,)
        ).fetchall()
        return [db.document_from_row(r) for r in rows]

    def files(self, doc_or_publication: str) -> list[Document]:
        """The documents an id names: a file's own id that file, a publication's id (pub-…) all its files."""
        if not doc_or_publication.startswith("pub-"):
            return [self.document(doc_or_publication)]
        docs = self.publication(doc_or_publication)
        if not docs:
            raise DocumentNotFoundError(
                f"no publication {doc_or_publication!r} in {self.home}; list them with: budgetqa docs"
            )
        return docs

    def documents_keyed(self, key: str, key_of: Callable[[str], str]) -> list[Document]:
        """The stored documents whose department's key is `key`, in `documents()` order: read through an
        index, not by decoding every document. `key_of` is the function that made the keys (the ingest's
        name key); a row stored without a key (by an older version, `migrate`) gets it here first."""
        conn = self._conn
        missing = conn.execute(
            "SELECT doc_id, department FROM documents WHERE dept_key IS NULL AND department <> ''"
        ).fetchall()
        keys = [(key_of(str(r["department"])), str(r["doc_id"])) for r in missing]
        if keys and self.read_only is None:
            with self._lock, self._writing(), self._transaction() as writer:
                writer.executemany("UPDATE documents SET dept_key = ? WHERE doc_id = ?", keys)
        elif keys:  # an old store on a read-only mount: its keys cannot be kept, so look at every document
            return [d for d in self.documents() if d.department and key_of(d.department) == key]
        rows = conn.execute(
            f"SELECT * FROM documents WHERE dept_key = ? ORDER BY {_DOCUMENT_ORDER}", (key,)
        ).fetchall()
        return [db.document_from_row(r) for r in rows]

    def find_by_sha(self, sha256: str) -> Document | None:
        row = self._conn.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else db.document_from_row(row)

    def file_path(self, doc_id: str) -> Path | None:
        for path in (self.home / "files").glob(f"{doc_id}.*"):
            if not path.name.endswith(".tmp"):
                return path
        return None

    def add(
        self,
        parsed: ParsedDocument,
        source_path: Path | None = None,
        progress: ProgressFn | None = None,
        *,
        replace_id: str | None = None,
        join: Sequence[str] = (),
        department_key: str | None = None,
    ) -> Document:
        """Write one parsed document atomically: all of it becomes visible, or none of it.

        With `replace_id`, the stored document of that id is swapped for this one in the same transaction,
        so questions see the old version until the new one is complete, and a crash leaves exactly one; the
        new version stays in the old one's publication. `join`: stored documents that become files of this
        document's publication (`document.publication`) in the same transaction. `department_key`: the key
        `documents_keyed` finds it by.
        """
        doc = parsed.document
        with self._lock, self._writing():
            same = self.find_by_sha(doc.sha256)
            if same is not None and same.doc_id != replace_id:
                raise StoreError(f"{doc.source} is already ingested (same content)")
            old = self.document(replace_id) if replace_id is not None else None
            if old is not None and doc.publication is None and old.publication is not None:
                doc = replace(doc, publication=old.publication)
            if join and doc.publication is None:
                raise StoreError(f"{doc.source}: joining files needs the publication id of the document")
            self._check_embedder()
            texts = [c.embed_text or c.text for c in parsed.chunks]
            # labels share the cache with row chunks (a row chunk embeds its row's label): mostly free. Every
            # chunk is embedded into the cache; the index takes the indexed kinds only
            embedded = self.embed_passages(texts + [x for x in parsed.labels if x], progress)
            indexed = [
                (c, v) for c, v in zip(parsed.chunks, embedded, strict=False) if c.kind == INDEXED_KIND
            ]
            copy: Path | None = None
            old_copy = self.file_path(old.doc_id) if old is not None else None
            committed = False
            try:
                self._cleanup_orphans()
                self._conn.execute(
                    "INSERT OR REPLACE INTO pending (doc_id, started) VALUES (?, ?)",
                    (doc.doc_id, str(time.time())),
                )
                if source_path is not None:
                    copy = self.home / "files" / f"{doc.doc_id}{source_path.suffix.lower()}"
                    tmp = copy.with_name(copy.name + ".tmp")
                    shutil.copyfile(source_path, tmp)
                    if copy != old_copy:
                        os.replace(tmp, copy)
                self.vectors.add(
                    [c.chunk_id for c, _ in indexed],
                    [v for _, v in indexed],
                    [{"doc_id": c.doc_id, "kind": c.kind} for c, _ in indexed],
                )
                with self._transaction() as conn:
                    if old is not None:
                        conn.execute("DELETE FROM documents WHERE doc_id = ?", (old.doc_id,))
                    conn.execute(db.DOCUMENT_INSERT, db.document_to_row(doc, department_key))
                    conn.executemany(
                        "UPDATE documents SET publication = ? WHERE doc_id = ?",
                        [(doc.publication, other) for other in join],
                    )
                    ids = db.insert_facts(conn, parsed.facts)
                    db.insert_facts(conn, parsed.text_facts)
                    db.insert_chunks(
                        conn,
                        [replace(c, fact_keys=tuple(ids[k] for k in c.fact_keys)) for c in parsed.chunks],
                    )
                    conn.executemany(
                        "INSERT INTO pages (doc_id, page, text) VALUES (?, ?, ?)",
                        [(doc.doc_id, i + 1, t) for i, t in enumerate(parsed.page_texts)],
                    )
                    if not self.recorded_embedder() or not self._has_other_docs(doc.doc_id):
                        self._set_meta("embedder", self.embedder.name)
                    generation = self.generation()
                    gone = [old.doc_id] if old is not None else []
                    documents = self._documents_after(conn, generation, doc, gone, join)
                    if old is None:  # a replaced document's labels may go: the next add scans once
                        self._keep_labels(generation, parsed.facts)
                    self._set_meta("generation", str(generation + 1))
                    conn.execute("DELETE FROM pending WHERE doc_id = ?", (doc.doc_id,))
                committed = True
                self._documents = documents
            except BaseException:
                if old is None or old.doc_id != doc.doc_id:
                    self._discard(doc.doc_id, copy)
                else:  # the old version stays; its vectors are restored from the embedding cache
                    self._restore_vectors(old.doc_id)
                if copy is not None:
                    copy.with_name(copy.name + ".tmp").unlink(missing_ok=True)
                raise
            finally:
                if committed and old is not None:
                    self._after_replace(old, doc, copy, old_copy)
        return doc

    def _after_replace(self, old: Document, new: Document, copy: Path | None, old_copy: Path | None) -> None:
        """Drop what only the replaced version used: its vectors and its file copy."""
        if old.doc_id != new.doc_id:
            self._discard(old.doc_id, old_copy)
            return
        if copy is not None:
            tmp = copy.with_name(copy.name + ".tmp")
            if tmp.exists():
                os.replace(tmp, copy)
        keep = {c.chunk_id for c in _indexed(self.chunks([new.doc_id]))}
        stale = [i for i in self.vectors.ids_of(new.doc_id) if i not in keep]
        self.vectors.delete_ids(stale)

    def _restore_vectors(self, doc_id: str) -> None:
        chunks = _indexed(self.chunks([doc_id]))
        keep = {c.chunk_id for c in chunks}
        self.vectors.delete_ids([i for i in self.vectors.ids_of(doc_id) if i not in keep])
        vectors = self.embed_passages([c.embed_text or c.text for c in chunks])
        self.vectors.add(
            [c.chunk_id for c in chunks], vectors, [{"doc_id": c.doc_id, "kind": c.kind} for c in chunks]
        )

    def _has_other_docs(self, doc_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE doc_id != ? LIMIT 1", (doc_id,)).fetchone()
        return row is not None

    def _discard(self, doc_id: str, copy: Path | None) -> None:
        try:
            if self._vectors is not None or self.chroma_url or (self.home / "chroma").exists():
                self.vectors.delete_doc(doc_id)
        finally:
            if copy is not None:
                copy.unlink(missing_ok=True)
                copy.with_name(copy.name + ".tmp").unlink(missing_ok=True)

    def _cleanup_orphans(self) -> None:
        """Drop what a killed ingest left: vectors and file copies of documents that never committed.

        Only ids recorded in `pending` are touched (callers hold the write lock, so no live ingest owns
        them); the index is never scanned whole. A pending replacement of a stored document gets the
        stored version's vectors back.
        """
        rows = self._conn.execute("SELECT doc_id FROM pending").fetchall()
        for row in rows:
            doc_id = str(row["doc_id"])
            stored = self._conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if stored is None:
                self._discard(doc_id, self.file_path(doc_id))
            else:
                self._restore_vectors(doc_id)
            self._conn.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))

    def remove(self, doc_id: str) -> Document:
        """Remove one file's document. The last file left of a publication becomes a document of its own."""
        with self._lock, self._writing():
            doc = self.document(doc_id)
            with self._transaction() as conn:
                conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
                if doc.publication is not None:
                    left = self.publication(doc.publication)
                    if len(left) == 1:
                        conn.execute(
                            "UPDATE documents SET publication = NULL WHERE doc_id = ?", (left[0].doc_id,)
                        )
                self._set_meta("generation", str(self.generation() + 1))
            copy = self.file_path(doc_id)
            self._discard(doc_id, copy)
        return doc

    def remove_publication(self, publication: str) -> list[Document]:
        """Remove every file of a publication in one transaction; returns their documents."""
        with self._lock, self._writing():
            docs = self.files(publication)
            with self._transaction() as conn:
                conn.execute("DELETE FROM documents WHERE publication = ?", (publication,))
                self._set_meta("generation", str(self.generation() + 1))
            for doc in docs:
                self._discard(doc.doc_id, self.file_path(doc.doc_id))
        return docs

    def reindex(self, progress: ProgressFn | None = None) -> int:
        """Re-embed every stored chunk with this store's embedder (into the cache, which ranks table rows) and
        index the indexed kind's vectors in the embedder's own collection; returns how many were indexed."""
        with self._lock, self._writing():
            chunks = self.chunks()
            vectors = self.embed_passages([c.embed_text or c.text for c in chunks], progress)
            indexed = [(c, v) for c, v in zip(chunks, vectors, strict=True) if c.kind == INDEXED_KIND]
            self._vectors = self._vector_index(self.embedder)
            self._vectors.add(
                [c.chunk_id for c, _ in indexed],
                [v for _, v in indexed],
                [{"doc_id": c.doc_id, "kind": c.kind} for c, _ in indexed],
            )
            self._set_meta("embedder", self.embedder.name)
        return len(indexed)

    # ---- reading ------------------------------------------------------------------------------
    def facts(
        self,
        doc_id: str | None = None,
        table_no: int | None = None,
        row_code: str | None = None,
        fact_ids: Sequence[int] | None = None,
        limit: int | None = None,
        origin: str | None = TABLE_ORIGIN,
    ) -> list[Fact]:
        """Stored facts, table cells only unless asked: `origin` "text" gives the figures narrative sentences
        state, None both. Lookups read table cells; a text figure is never taken for one."""
        clauses: list[str] = []
        params: list[Any] = []
        if origin is not None:
            clauses.append("origin = ?")
            params.append(origin)
        if doc_id is not None:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        if table_no is not None:
            clauses.append("table_no = ?")
            params.append(table_no)
        if row_code is not None:
            clauses.append("row_code = ?")
            params.append(row_code)
        if fact_ids is not None:
            if not fact_ids:
                return []
            clauses.append(f"fact_id IN ({','.join('?' * len(fact_ids))})")
            params.extend(fact_ids)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        if limit is not None:
            where += " ORDER BY doc_id, table_no, row_index, fact_id LIMIT ?"
            params.append(limit)
        else:
            where += " ORDER BY doc_id, table_no, row_index, fact_id"
        rows = self._conn.execute(f"SELECT fact_id, {db.FACT_COLUMNS} FROM facts {where}", params).fetchall()
        return [db.fact_from_row(r) for r in rows]

    def fact_counts(self) -> list[tuple[str, int]]:
        """(doc_id, number of facts) of every document with facts, in the order `facts()` returns them."""
        rows = self._conn.execute(
            "SELECT doc_id, COUNT(*) AS n FROM facts WHERE origin = ? GROUP BY doc_id ORDER BY doc_id",
            (TABLE_ORIGIN,),
        )
        return [(str(r["doc_id"]), int(r["n"])) for r in rows.fetchall()]

    def fact_labels(self) -> tuple[list[str], list[str]]:
        """The distinct row names and column paths of all stored facts: the vocabulary of printed labels,
        read without loading the facts. Kept in the `labels` table, exact for the generation `meta` names
        (each add inserts its document's new labels), so a cold question does not scan every stored fact."""
        generation = self.generation()
        kept = self._kept_labels(generation)
        # a commit after the first read of the generation may have changed the table: then it is a scan
        if kept is None or self.generation() != generation:
            return self._scan_labels()
        return kept

    def _kept_labels(self, generation: int) -> tuple[list[str], list[str]] | None:
        if self._meta("labels_generation") != str(generation):
            return None
        rows = self._conn.execute("SELECT kind, label FROM labels ORDER BY rowid").fetchall()
        return [str(r[1]) for r in rows if r[0] == "row"], [str(r[1]) for r in rows if r[0] == "col"]

    def _scan_labels(self) -> tuple[list[str], list[str]]:
        rows = self._conn.execute(
            "SELECT DISTINCT row_name FROM facts WHERE origin = ?", (TABLE_ORIGIN,)
        ).fetchall()
        columns = self._conn.execute(
            "SELECT DISTINCT col FROM facts WHERE origin = ?", (TABLE_ORIGIN,)
        ).fetchall()
        return [str(r[0]) for r in rows], [str(r[0]) for r in columns]

    def _keep_labels(self, generation: int, facts: Sequence[Fact]) -> None:
        """In an add's transaction, before the generation becomes `generation` + 1: the labels of then. The
        added facts' new labels are inserted when the table is exact for `generation`; otherwise (after a
        removal or a replacement, whose labels may go) it is filled again from one scan."""
        if self._meta("labels_generation") == str(generation):
            cells = [f for f in facts if f.origin == TABLE_ORIGIN]
            rows, columns = dict.fromkeys(f.row_name for f in cells), dict.fromkeys(f.column for f in cells)
        else:
            rows, columns = (dict.fromkeys(x) for x in self._scan_labels())  # the added facts are in it
            self._conn.execute("DELETE FROM labels")
            self._conn.execute("DELETE FROM meta WHERE key = 'labels'")  # what older versions kept
        self._conn.executemany(
            "INSERT INTO labels (kind, label) VALUES (?, ?) ON CONFLICT (kind, label) DO NOTHING",
            [("row", r) for r in rows] + [("col", c) for c in columns],
        )
        self._set_meta("labels_generation", str(generation + 1))

    def chunks(self, doc_ids: Sequence[str] | None = None, kind: str | None = None) -> list[Chunk]:
        clauses: list[str] = []
        params: list[Any] = []
        if doc_ids is not None:
            clauses.append(f"doc_id IN ({','.join('?' * len(doc_ids))})" if doc_ids else "1 = 0")
            params.extend(doc_ids)
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.execute(f"SELECT * FROM chunks {where} ORDER BY rowid", params).fetchall()
        return [db.chunk_from_row(r) for r in rows]

    def page_text(self, doc_id: str, page: int) -> str | None:
        row = self._conn.execute(
            "SELECT text FROM pages WHERE doc_id = ? AND page = ?", (doc_id, page)
        ).fetchone()
        return None if row is None else str(row["text"])

    def mentions(self, doc_ids: Sequence[str], words: str, *, passages: bool = False) -> bool:
        """Whether any page of these documents prints `words` (spaces and line breaks ignored); with `passages`,
        or any of their text passages (a document stored without its pages)."""
        if not doc_ids or not words:
            return False
        marks = ",".join("?" * len(doc_ids))
        for table in ("pages", "chunks") if passages else ("pages",):
            row = self._conn.execute(
                f"SELECT 1 FROM {table} WHERE doc_id IN (" + marks + ") AND "
                "instr(replace(replace(replace(text, ' ', ''), char(10), ''), char(13), ''), ?) > 0 LIMIT 1",
                (*doc_ids, words),
            ).fetchone()
            if row is not None:
                return True
        return False

    def vector_search(
        self, query: str, k: int = 20, doc_ids: Sequence[str] | None = None, kind: str | None = None
    ) -> list[VectorHit]:
        # only committed documents: vectors of an ingest that never committed are invisible
        if self.index_missing():
            raise StoreError(
                f"the vector index {self.home / 'chroma'} is missing; rebuild it with: "
                f"budgetqa doctor --repair --home {self.home}"
            )
        allowed = self._committed(doc_ids)
        if not allowed:
            return []
        vector = self.query_vector(query)
        if doc_ids is not None and len(allowed) <= SCOPED_SEARCH_DOCS:
            return self._scoped_search(vector, k, allowed, kind)
        hits: list[VectorHit] = []
        if kind in (None, INDEXED_KIND):
            # by kind even for None: an index written before rows left it still holds their vectors
            if self.read_only is None:
                hits = self.vectors.search(vector, k, allowed, INDEXED_KIND)
            else:
                try:  # Chroma may not open a read-only folder: answer from the lexical index alone
                    hits = self.vectors.search(vector, k, allowed, INDEXED_KIND)
                except Exception:
                    hits = []
        if kind != INDEXED_KIND:
            hits += self._row_search(vector, k, None if doc_ids is None else allowed, kind)
        return sorted(hits, key=lambda h: h.distance)[:k]

    def query_vector(self, query: str) -> list[float]:
        """The embedder's vector of a query, computed once for the last QUERY_VECTORS_KEPT distinct queries."""
        with self._query_vectors_lock:
            vector = self._query_vectors.get(query)
            if vector is not None:
                self._query_vectors.move_to_end(query)
                return vector
        vector = self.embedder.embed_queries([query])[0]  # outside the lock: other queries need not wait
        with self._query_vectors_lock:
            self._query_vectors[query] = vector
            while len(self._query_vectors) > QUERY_VECTORS_KEPT:
                self._query_vectors.popitem(last=False)
        return vector

    def _committed(self, doc_ids: Sequence[str] | None) -> list[str]:
        """The committed documents among these (all of them for None), read by key, not by a scan."""
        if doc_ids is None:
            return [str(row["doc_id"]) for row in self._conn.execute("SELECT doc_id FROM documents")]
        wanted = list(dict.fromkeys(doc_ids))
        known: set[str] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows = self._conn.execute(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({','.join('?' * len(part))})", part
            ).fetchall()
            known |= {str(row["doc_id"]) for row in rows}
        return [d for d in wanted if d in known]

    def _row_search(
        self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None, kind: str | None
    ) -> list[VectorHit]:
        """The k chunks of the kinds outside the vector index nearest the query, ranked exactly by their embed
        texts (from the embedding cache). Those texts are row labels that repeat across documents of a
        template, so this ranks the corpus's distinct labels, not every row of every document."""
        import numpy as np

        if k <= 0:
            return []
        where, kinds = ("kind = ?", [kind]) if kind is not None else ("kind != ?", [INDEXED_KIND])
        batches: list[Sequence[str] | None] = (
            [None] if doc_ids is None else [doc_ids[i : i + 500] for i in range(0, len(doc_ids), 500)]
        )

        def rows(select: str, extra: str = "", params: Sequence[Any] = (), tail: str = "") -> list[Any]:
            out: list[Any] = []
            for part in batches:
                scope = "" if part is None else f" AND doc_id IN ({','.join('?' * len(part))})"
                out += self._conn.execute(
                    f"{select} FROM chunks WHERE {where}{extra}{scope}{tail}",
                    [*kinds, *params, *(part or [])],
                ).fetchall()
            return out

        texts = sorted({str(r[0]) for r in rows("SELECT DISTINCT embed_text")})
        if not texts:
            return []
        distances = _cosine_distances(self.embed_passages(texts), vector)
        hits: list[VectorHit] = []
        for i in np.argsort(distances, kind="stable"):
            found = rows(
                "SELECT chunk_id, doc_id", " AND embed_text = ?", [texts[i]], f" ORDER BY rowid LIMIT {k}"
            )
            for row in found[: k - len(hits)]:
                hits.append(VectorHit(str(row[0]), str(row[1]), float(distances[i])))
            if len(hits) >= k:
                break
        return hits

    def _scoped_search(
        self, vector: Sequence[float], k: int, doc_ids: Sequence[str], kind: str | None
    ) -> list[VectorHit]:
        """The k chunks of a few documents nearest the query by cosine distance, ranked exactly from their
        vectors in the embedding cache: Chroma's filtered query costs grow with the whole collection."""
        import numpy as np

        chunks = self.chunks(doc_ids, kind)
        if not chunks or k <= 0:
            return []
        distances = _cosine_distances(self.embed_passages([c.embed_text or c.text for c in chunks]), vector)
        order = np.argsort(distances, kind="stable")[:k]
        return [VectorHit(chunks[i].chunk_id, chunks[i].doc_id, float(distances[i])) for i in order]

    def close(self) -> None:
        for conn in [self._writer, *self._readers]:
            conn.close()
