"""The store keeps its document list per generation: ingest and a cold question do not decode every stored
document's record again, and what the list holds is always what a fresh reader reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_store import parsed

from budgetqa.store import HashEmbedder, Store


def _fresh(store: Store) -> list:
    return Store(store.home, embedder=HashEmbedder()).documents()


def test_an_add_updates_the_kept_list_without_reading_every_record(
    hash_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    hash_store.add(parsed("d1", "s1"))
    assert hash_store.documents() == _fresh(hash_store)
    reads = []
    real = hash_store._read_documents
    monkeypatch.setattr(hash_store, "_read_documents", lambda: reads.append(1) or real())
    for i in range(2, 6):
        p = parsed(f"d{i}", f"s{i}")
        doc = replace(p.document, department=f"局{7 - i}", year=2020 + i % 3)  # the order is the store's
        hash_store.add(replace(p, document=doc))
        assert hash_store.documents() == _fresh(hash_store)
    assert reads == []  # each add left the list current
    hash_store.remove("d3")
    assert hash_store.documents() == _fresh(hash_store)
    assert reads == [1]


def test_another_writer_makes_the_list_read_again(hash_store: Store, tmp_path: Path) -> None:
    hash_store.add(parsed("d1", "s1"))
    assert [d.doc_id for d in hash_store.documents()] == ["d1"]
    other = Store(hash_store.home, embedder=HashEmbedder())
    other.add(parsed("d2", "s2"))
    assert [d.doc_id for d in hash_store.documents()] == ["d1", "d2"]
    hash_store.add(parsed("d3", "s3"))  # its kept list was current before this add: updated, not reloaded
    assert hash_store.documents() == _fresh(hash_store)


def test_a_failed_add_leaves_the_list_as_it_was(hash_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    hash_store.add(parsed("d1", "s1"))
    before = hash_store.documents()
    monkeypatch.setattr(
        "budgetqa.store.sqlite.insert_chunks", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom"))
    )
    with pytest.raises(RuntimeError):
        hash_store.add(parsed("d2", "s2"))
    assert hash_store.documents() == before == _fresh(hash_store)


def test_the_label_vocabulary_is_kept_per_generation_and_always_what_a_scan_reads(hash_store: Store) -> None:
    def scan() -> tuple[list[str], list[str]]:
        return hash_store._scan_labels()

    hash_store.add(parsed("d1", "s1", facts=2))
    assert hash_store._kept_labels(hash_store.generation()) is not None  # no scan for a question
    assert hash_store.fact_labels() == scan()
    hash_store.add(parsed("d2", "s2", facts=4))  # two new rows (2025年, 2026年), merged in scan order
    assert hash_store.fact_labels() == scan() and "2026年" in hash_store.fact_labels()[0]
    hash_store.remove("d2")
    assert hash_store._kept_labels(hash_store.generation()) is None  # a removal leaves them to a scan
    assert hash_store.fact_labels() == scan() and "2026年" not in hash_store.fact_labels()[0]
    hash_store.add(parsed("d3", "s3", facts=3))
    assert hash_store.fact_labels() == scan()
    assert Store(hash_store.home, embedder=HashEmbedder()).fact_labels() == scan()
