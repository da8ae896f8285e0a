"""A LangChain retriever over a BudgetQA store, for users who build their own chains.

LangChain shapes stay at this boundary: the rest of BudgetQA passes Chunks and Passages, never
`langchain_core.documents.Document`.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from budgetqa.qa.retrieval import HybridRetriever, Passage
from budgetqa.store import Document, Store, table_label


def passage_metadata(passage: Passage, doc: Document | None) -> dict[str, Any]:
    """Provenance of a passage as flat metadata: enough to cite document, pages, section and table."""
    chunk = passage.chunk
    return {
        "doc_id": chunk.doc_id,
        "source": doc.source if doc else None,
        "department": doc.department if doc else None,
        "year": doc.year if doc else None,
        "page": chunk.page_start,
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "section": chunk.section,
        "table": table_label(chunk.table_no, chunk.table_title),
        "kind": chunk.kind,
        "chunk_id": chunk.chunk_id,
        "score": passage.score,
    }


class BudgetRetriever(BaseRetriever):
    """Hybrid (vector + BM25) search over the chunks of a `budgetqa.store.Store`.

    >>> retriever = BudgetRetriever(store=Store(home), k=4)
    >>> retriever.invoke("三公经费为什么减少")  # doctest: +SKIP
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    k: int = 5
    doc_ids: list[str] | None = None
    kind: str | None = "narrative"  # None searches table rows too

    _retriever: HybridRetriever | None = PrivateAttr(default=None)

    def _hybrid(self) -> HybridRetriever:
        # Built once: it caches the BM25 index and rebuilds it itself when the store changes.
        if self._retriever is None or self._retriever.store is not self.store:
            self._retriever = HybridRetriever(self.store)
        return self._retriever

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        passages = self._hybrid().search(query, doc_ids=self.doc_ids, k=self.k, kind=self.kind)
        docs = {d.doc_id: d for d in self.store.documents()} if passages else {}
        return [
            LCDocument(page_content=p.chunk.text, metadata=passage_metadata(p, docs.get(p.chunk.doc_id)))
            for p in passages
        ]
