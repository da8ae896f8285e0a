"""The store: atomic add/remove, embedder recording, home resolution, orphan cleanup (real Chroma + SQLite)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from budgetqa.store import (
    Chunk,
    Document,
    EmbedderMismatchError,
    Fact,
    HashEmbedder,
    ParsedDocument,
    Store,
    StoreError,
    make_embedder,
    resolve_home,
)


def parsed(doc_id: str = "d1", sha: str = "s1", facts: int = 2) -> ParsedDocument:
    doc = Document(
        doc_id=doc_id, source=f"{doc_id}.pdf", sha256=sha, department="某某局", year=2024, doc_kind="预算"
    )
    fs = [
        Fact(
            doc_id=doc_id,
            table_no=9,
            table_title="三公经费支出表",
            row_name=f"{2023 + i}年",
            column="公务接待费",
            value=Decimal(10 + i),
            text=str(10 + i),
            unit="万元",
            page=5,
            row_index=i,
        )
        for i in range(facts)
    ]
    chunks = [
        Chunk(
            chunk_id=f"{doc_id}:n0",
            doc_id=doc_id,
            text="公务接待费减少的主要原因是压减开支。",
            page_start=3,
            page_end=3,
        ),
        Chunk(
            chunk_id=f"{doc_id}:r0",
            doc_id=doc_id,
            text="三公经费支出表 2023年 公务接待费 10",
            kind="row",
            fact_keys=(0, 1),
        ),
    ]
    return ParsedDocument(document=doc, facts=fs, chunks=chunks, page_texts=["封面", "目录", "正文"])


def test_add_then_read_back_facts_chunks_pages(hash_store: Store) -> None:
    hash_store.add(parsed())
    assert [d.doc_id for d in hash_store.documents()] == ["d1"]
    facts = hash_store.facts(doc_id="d1")
    assert [f.value for f in facts] == [Decimal(10), Decimal(11)]
    assert all(f.fact_id for f in facts)
    row = hash_store.chunks(kind="row")[0]
    assert row.fact_keys == tuple(f.fact_id for f in facts)  # indexes became stored ids
    assert hash_store.page_text("d1", 3) == "正文"
    hits = hash_store.vector_search("接待费为什么减少", k=2)
    assert {h.chunk_id for h in hits} == {"d1:n0", "d1:r0"}
    assert hash_store.generation() == 1


def test_table_rows_stay_out_of_the_vector_index_and_are_ranked_from_the_cache(hash_store: Store) -> None:
    """Issue 12: the index holds the narrative alone (its cost per added document stays flat); a search over
    many documents still finds table rows, ranked exactly from the embedding cache, within the asked ones."""
    for n in range(20):
        hash_store.add(parsed(doc_id=f"d{n}", sha=f"s{n}"))
    assert hash_store.vectors.count() == 20 == len(hash_store.chunks(kind="narrative"))
    assert hash_store.index_counts() == (20, 20) and hash_store.drift() == {}
    row_text = "三公经费支出表 2023年 公务接待费 10"
    # unscoped (every document) and scoped beyond SCOPED_SEARCH_DOCS: both take the index + cache path
    everywhere = hash_store.vector_search(row_text, k=3, kind="row")
    assert [h.chunk_id for h in everywhere] == ["d0:r0", "d1:r0", "d2:r0"]
    assert everywhere[0].distance == pytest.approx(0, abs=1e-6)
    asked = [f"d{n}" for n in range(3, 20)]
    within = hash_store.vector_search(row_text, k=30, doc_ids=asked, kind="row")
    assert sorted(h.doc_id for h in within) == sorted(asked)
    both = hash_store.vector_search(row_text, k=4)
    assert [h.chunk_id for h in both] == ["d0:r0", "d1:r0", "d2:r0", "d3:r0"]
    narrative = hash_store.vector_search("公务接待费减少的主要原因是压减开支。", k=40, doc_ids=asked)
    assert {h.chunk_id.split(":")[1] for h in narrative[:17]} == {"n0"}
    assert len(narrative) == 34 and len({h.chunk_id for h in narrative}) == 34


def test_an_index_written_with_row_vectors_is_repaired(hash_store: Store) -> None:
    """A store written before rows left the index: `doctor` reports it, searches ignore the old row vectors,
    and `doctor --repair` drops them."""
    p = parsed()
    hash_store.add(p)
    rows = [c for c in p.chunks if c.kind == "row"]
    hash_store.vectors.add(
        [c.chunk_id for c in rows],
        hash_store.embed_passages([c.text for c in rows]),
        [{"doc_id": "d1", "kind": "row"} for _ in rows],
    )
    assert hash_store.drift() == {"d1": (2, 1)} and hash_store.index_counts() == (2, 1)
    hits = hash_store.vector_search(rows[0].text, k=5)
    assert sorted(h.chunk_id for h in hits) == ["d1:n0", "d1:r0"]  # the row once, not from both paths
    assert hash_store.repair() == ["re-embedded d1: 2 -> 1 vectors"]
    assert hash_store.drift() == {} and hash_store.vectors.count() == 1


def test_same_content_twice_is_refused(hash_store: Store) -> None:
    hash_store.add(parsed())
    with pytest.raises(StoreError, match="already ingested"):
        hash_store.add(parsed(doc_id="d2"))


def test_failed_write_leaves_nothing(hash_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetqa.store.sqlite as db

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # fail inside the SQLite transaction, after the vectors were written
    monkeypatch.setattr(db, "insert_chunks", disk_full)
    with pytest.raises(StoreError, match="no space left on the disk holding"):
        hash_store.add(parsed())
    assert hash_store.documents() == []
    assert hash_store.facts() == []
    assert hash_store.vectors.count() == 0
    monkeypatch.undo()
    hash_store.add(parsed())  # and the same file ingests cleanly afterwards
    assert len(hash_store.facts()) == 2


def test_remove_deletes_everything(hash_store: Store, tmp_path: Path) -> None:
    src = tmp_path / "d1.pdf"
    src.write_bytes(b"%PDF-1.4 test")
    hash_store.add(parsed(), source_path=src)
    assert hash_store.file_path("d1") is not None
    hash_store.remove("d1")
    assert hash_store.documents() == [] and hash_store.facts() == [] and hash_store.chunks() == []
    assert hash_store.vectors.count() == 0
    assert hash_store.file_path("d1") is None
    with pytest.raises(StoreError, match="no document"):
        hash_store.remove("d1")


def test_orphan_vectors_from_a_killed_ingest_are_ignored_and_cleaned(hash_store: Store) -> None:
    p = parsed()
    # what a SIGKILL between the vector write and the commit leaves: a pending id and its vectors
    hash_store._conn.execute("INSERT INTO pending (doc_id, started) VALUES ('d1', '0')")
    hash_store.vectors.add(
        [c.chunk_id for c in p.chunks],
        hash_store.embed_passages([c.text for c in p.chunks]),
        [{"doc_id": "d1", "kind": c.kind} for c in p.chunks],
    )
    assert hash_store.vector_search("接待费") == []  # not committed: invisible
    hash_store.add(parsed(doc_id="d2", sha="s2"))
    assert hash_store.vectors.doc_ids() == {"d2"}


def test_index_records_its_embedder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home, embedder=HashEmbedder(256)).add(parsed())
    other = Store(home, embedder=HashEmbedder(128))
    with pytest.raises(EmbedderMismatchError, match="reindex"):
        other.vector_search("接待费")
    assert other.reindex() == 1  # the narrative chunk; the row is ranked from the embedding cache
    assert other.vector_search("接待费")
    assert Store(home, embedder=HashEmbedder(128)).recorded_embedder() == "hash-128"


def test_embedding_cache_embeds_repeated_text_once(hash_store: Store) -> None:
    calls: list[int] = []
    real = hash_store.embedder.embed_passages

    def counting(texts):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return real(texts)

    hash_store.embedder.embed_passages = counting  # type: ignore[method-assign]
    hash_store.embed_passages(["行政运行", "行政运行", "机关服务"])
    hash_store.embed_passages(["行政运行"])
    assert sum(calls) == 2


def test_a_repeated_query_is_embedded_once_and_the_kept_queries_are_bounded(
    hash_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import budgetqa.store.store as store_module

    hash_store.add(parsed())
    asked: list[str] = []
    real = hash_store.embedder.embed_queries

    def counting(texts):  # type: ignore[no-untyped-def]
        asked.extend(texts)
        return real(texts)

    hash_store.embedder.embed_queries = counting  # type: ignore[method-assign]
    first = hash_store.vector_search("接待费为什么减少", k=2)
    again = hash_store.vector_search("接待费为什么减少", k=2)
    assert first == again and first
    assert asked == ["接待费为什么减少"]
    monkeypatch.setattr(store_module, "QUERY_VECTORS_KEPT", 2)
    for query in ("培训费", "会议费", "差旅费"):
        hash_store.vector_search(query, k=1)
    hash_store.vector_search("接待费为什么减少", k=1)  # pushed out by the three after it: embedded again
    assert asked.count("接待费为什么减少") == 2


def test_home_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BUDGETQA_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_home(None) == tmp_path / "xdg" / "budgetqa"
    monkeypatch.setenv("BUDGETQA_HOME", str(tmp_path / "env"))
    assert resolve_home(None) == tmp_path / "env"
    assert resolve_home(str(tmp_path / "flag")) == tmp_path / "flag"


def test_home_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="choose"):
        Store(blocker / "home", embedder=HashEmbedder())


@pytest.mark.parametrize("spec", ["bogus", "st:", "hash:x"])
def test_bad_embedder_spec(spec: str) -> None:
    with pytest.raises(StoreError):
        make_embedder(spec)


def test_a_reader_in_another_thread_never_sees_an_uncommitted_document(
    hash_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import budgetqa.store.sqlite as db

    seen: list[int] = []
    real = db.insert_chunks

    def observe_then_insert(conn, chunks):  # type: ignore[no-untyped-def]
        # the facts are written but not committed: another thread must not see them
        thread = threading.Thread(target=lambda: seen.append(len(hash_store.facts())))
        thread.start()
        thread.join()
        return real(conn, chunks)

    monkeypatch.setattr(db, "insert_chunks", observe_then_insert)
    hash_store.add(parsed())
    assert seen == [0]
    assert len(hash_store.facts()) == 2
