"""The LangChain retriever: LangChain Documents out, provenance in the metadata."""

from __future__ import annotations

import hashlib

import pytest
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from budgetqa.qa.langchain import BudgetRetriever
from budgetqa.store import Chunk, Document, ParsedDocument, Store

METADATA_KEYS = {
    "doc_id",
    "source",
    "department",
    "year",
    "page",
    "page_start",
    "page_end",
    "section",
    "table",
    "kind",
}


def _add(store: Store, doc_id: str, department: str, chunks: list[Chunk]) -> None:
    sha = hashlib.sha256(doc_id.encode()).hexdigest()
    store.add(ParsedDocument(Document(doc_id, f"{doc_id}.pdf", sha, department, 2024, "预算"), chunks=chunks))


@pytest.fixture
def store(hash_store: Store) -> Store:
    _add(
        hash_store,
        "a",
        "甲单位",
        [
            Chunk(
                "a:n0",
                "a",
                "公务接待费预算20万元，主要用于外宾接待。",
                page_start=5,
                page_end=6,
                section="第五部分",
            ),
            Chunk("a:n1", "a", "机关运行经费预算300万元。", page_start=7, page_end=7, section="第八部分"),
            Chunk(
                "a:r0",
                "a",
                "公务接待费 20",
                kind="row",
                page_start=20,
                table_no=9,
                table_title="三公经费支出表",
            ),
        ],
    )
    _add(hash_store, "b", "乙单位", [Chunk("b:n0", "b", "公务接待费预算8万元。", page_start=3, page_end=3)])
    return hash_store


def test_is_a_langchain_retriever_returning_documents_with_provenance(store: Store) -> None:
    retriever = BudgetRetriever(store=store, k=2)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("公务接待费预算")
    assert 1 <= len(docs) <= 2
    assert all(isinstance(d, LCDocument) for d in docs)
    first = docs[0]
    assert "公务接待费" in first.page_content
    assert METADATA_KEYS <= set(first.metadata)
    assert first.metadata["kind"] == "narrative"
    by_id = {d.metadata["doc_id"]: d.metadata for d in docs}
    if "a" in by_id:
        assert by_id["a"]["source"] == "a.pdf" and by_id["a"]["department"] == "甲单位"
        assert by_id["a"]["year"] == 2024 and by_id["a"]["page"] == 5 and by_id["a"]["page_end"] == 6
        assert by_id["a"]["section"] == "第五部分" and by_id["a"]["table"] is None


def test_filters_by_document_and_kind(store: Store) -> None:
    only_b = BudgetRetriever(store=store, doc_ids=["b"]).invoke("公务接待费")
    assert [d.metadata["doc_id"] for d in only_b] == ["b"]
    rows = BudgetRetriever(store=store, kind="row").invoke("公务接待费")
    assert [d.metadata["table"] for d in rows] == ["表9 三公经费支出表"]
    assert rows[0].metadata["page"] == 20


def test_empty_query_and_store_changes(store: Store) -> None:
    retriever = BudgetRetriever(store=store)
    assert retriever.invoke("  ") == []
    store.remove("b")
    assert {d.metadata["doc_id"] for d in retriever.invoke("公务接待费")} == {"a"}
