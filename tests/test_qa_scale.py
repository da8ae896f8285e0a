"""A question reads the facts of the documents it is about, not every stored document's (issue 12).

The store below is real (SQLite + Chroma with the hash embedder); it only records which facts are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import qa_seed

from budgetqa.qa import Answerer
from budgetqa.qa.index import DocumentCells, FactIndex, vocabulary
from budgetqa.store import Chunk, Fact, HashEmbedder, Store

if qa_seed.seed_paths() is None:
    pytest.skip("../shared/samples/seed is absent", allow_module_level=True)

DEPARTMENTS = ("示例市东城区教育局", "示例市西城区民政局", "示例市南湖区司法局")


class CountingStore(Store):
    """A real store that records every `facts()` read: (doc_id, row_code, limit), and whose chunks are read:
    the doc_ids of every `chunks()` call (None: every document's)."""

    def __init__(self, home: Path) -> None:
        super().__init__(home, embedder=HashEmbedder())
        self.reads: list[tuple[str | None, str | None, int | None]] = []
        self.chunk_reads: list[tuple[str, ...] | None] = []

    def chunks(self, doc_ids: Sequence[str] | None = None, kind: str | None = None) -> list[Chunk]:
        self.chunk_reads.append(None if doc_ids is None else tuple(doc_ids))
        return super().chunks(doc_ids, kind)

    def facts(
        self,
        doc_id: str | None = None,
        table_no: int | None = None,
        row_code: str | None = None,
        fact_ids: Sequence[int] | None = None,
        limit: int | None = None,
    ) -> list[Fact]:
        self.reads.append((doc_id, row_code, limit))
        return super().facts(doc_id, table_no, row_code, fact_ids, limit)

    def documents_read(self) -> list[str | None]:
        """Whose facts were read in bulk (None: every document's); a 科目编码's first fact is not bulk."""
        return [doc for doc, code, limit in self.reads if not (code and limit == 1)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> CountingStore:
    store = CountingStore(tmp_path_factory.mktemp("scale"))
    store.add(qa_seed.seed_parsed())
    for i, name in enumerate(DEPARTMENTS, start=1):
        store.add(qa_seed.seed_parsed(f"dept{i}", department=name))
    return store


def _id(store: Store, department: str) -> str:
    return next(d.doc_id for d in store.documents() if d.department == department)


def test_a_question_reads_only_the_named_departments_facts(store: CountingStore) -> None:
    answerer = Answerer(store)
    store.reads.clear()
    answer = answerer.ask(f"{DEPARTMENTS[1]}公务接待费是多少")
    wanted = _id(store, DEPARTMENTS[1])
    assert answer.status == "answered" and {c.doc_id for c in answer.citations} == {wanted}
    assert store.documents_read() == [wanted]
    store.reads.clear()
    again = answerer.ask(f"{DEPARTMENTS[1]}三公经费是多少")
    assert again.status == "answered" and store.documents_read() == []  # cached
    answerer.ask(f"{DEPARTMENTS[2]}三公经费是多少")
    assert store.documents_read() == [_id(store, DEPARTMENTS[2])]


def test_a_question_naming_no_department_reads_each_document_once(store: CountingStore) -> None:
    answerer = Answerer(store)
    store.reads.clear()
    answer = answerer.ask("公务接待费是多少")
    assert answer.status == "clarify"  # four departments loaded: which one?
    assert None not in store.documents_read()
    assert sorted(store.documents_read()) == sorted(d.doc_id for d in store.documents())


def test_the_cache_holds_at_most_its_capacity(store: CountingStore) -> None:
    cells = DocumentCells(store, capacity=2)
    docs = store.documents()
    generation = store.generation()
    store.reads.clear()
    for doc in docs[:3]:
        cells.block(doc, generation)
    assert len(cells) == 2 and store.documents_read() == [d.doc_id for d in docs[:3]]
    cells.block(docs[2], generation)  # kept
    cells.block(docs[0], generation)  # evicted: read again
    assert store.documents_read()[3:] == [docs[0].doc_id] and len(cells) == 2
    cells.block(docs[3], generation + 1)  # a new generation drops the old one's blocks
    assert len(cells) == 1
    with pytest.raises(ValueError, match="capacity"):
        DocumentCells(store, capacity=0)


def test_an_answerer_with_a_small_cache_still_answers_every_department(store: CountingStore) -> None:
    answerer = Answerer(store, cached_documents=1)
    for name in (*DEPARTMENTS, DEPARTMENTS[0]):
        answer = answerer.ask(f"{name}公务接待费是多少")
        assert answer.status == "answered" and answer.citations[0].doc_id == _id(store, name)


def test_the_vocabulary_read_by_sql_is_every_documents_labels(store: CountingStore) -> None:
    whole = FactIndex(store.documents(), Store.facts(store))
    assert vocabulary(*store.fact_labels()) == whole.labels
    assert Answerer(store).snapshot().labels == whole.labels


def test_a_documents_cells_keep_their_place_in_the_whole_store(store: CountingStore) -> None:
    """Positions are the whole index's, so lookups meet cells (and break ties) in the same order."""
    whole = FactIndex(store.documents(), Store.facts(store))
    snap = Answerer(store).snapshot()
    doc = next(d for d in store.documents() if d.department == DEPARTMENTS[1])
    part = snap.index_of([doc])
    assert len(part.cells) == len(whole.cells_of([doc.doc_id])) > 100
    for lookup in ("by_row", "by_col", "by_code", "by_doc"):
        mine, all_docs = getattr(part, lookup), getattr(whole, lookup)
        for key in all_docs:
            expected = [i for i in all_docs[key] if whole.cells[i].doc.doc_id == doc.doc_id]
            assert list(mine.get(key, ())) == expected, (lookup, key)
            assert [part.cells[i].fact for i in expected] == [whole.cells[i].fact for i in expected]
    full = snap.index
    assert [c.fact for c in full.cells] == [c.fact for c in whole.cells]


def test_the_store_counts_and_names_facts_without_reading_them(store: CountingStore) -> None:
    facts = Store.facts(store)
    counts = store.fact_counts()
    assert [doc for doc, _ in counts] == list(dict.fromkeys(f.doc_id for f in facts))  # the facts() order
    assert sum(n for _, n in counts) == len(facts)
    rows, columns = store.fact_labels()
    assert sorted(rows) == sorted({f.row_name for f in facts})
    assert sorted(columns) == sorted({f.column for f in facts})
    code = next(f.row_code for f in facts if f.row_code)
    assert Store.facts(store, row_code=code, limit=1) == [next(f for f in facts if f.row_code == code)]


@pytest.fixture(scope="module")
def chunk_store(tmp_path_factory: pytest.TempPathFactory) -> CountingStore:
    store = CountingStore(tmp_path_factory.mktemp("chunks"))
    for i, name in enumerate(DEPARTMENTS, start=1):
        store.add(qa_seed.seed_parsed(f"dept{i}", department=name))
    return store


def test_a_search_within_a_few_documents_ranks_as_the_vector_index_does(
    chunk_store: CountingStore,
) -> None:
    """The exact ranking over the cached vectors of the asked documents' chunks is Chroma's, without Chroma."""
    doc = _id(chunk_store, DEPARTMENTS[0])
    for query in ("三公经费为什么减少", "机构设置情况", "公务用车购置及运行维护费"):
        vector = chunk_store.embedder.embed_queries([query])[0]
        mine = chunk_store.vector_search(query, 8, [doc], "narrative")
        chroma = chunk_store.vectors.search(vector, 8, [doc], "narrative")
        assert [h.chunk_id for h in mine] == [h.chunk_id for h in chroma]
        assert [round(h.distance, 4) for h in mine] == [round(h.distance, 4) for h in chroma]
        assert {h.doc_id for h in mine} == {doc}


def test_narrative_search_reads_only_the_asked_documents_chunks(chunk_store: CountingStore) -> None:
    answerer = Answerer(chunk_store)
    chunk_store.chunk_reads.clear()
    answer = answerer.ask(f"{DEPARTMENTS[1]}三公经费为什么减少？")
    wanted = _id(chunk_store, DEPARTMENTS[1])
    assert answer.status == "answered" and {c.doc_id for c in answer.citations} == {wanted}
    assert chunk_store.chunk_reads and set(chunk_store.chunk_reads) == {(wanted,)}


def test_a_serving_answerer_makes_the_garbage_collector_run_rarely(store: CountingStore) -> None:
    """Full collections walk every cached cell: a serving process raises the thresholds once (bench/scale.py
    measures what that does to a document's first question)."""
    import gc

    from budgetqa.qa.answerer import COLLECTOR_THRESHOLDS

    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        Answerer(store)
        assert gc.get_threshold() == COLLECTOR_THRESHOLDS
    finally:
        gc.set_threshold(*before)
