"""The Chroma side of the store: one persistent collection per embedder, always given our embeddings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from budgetqa.store.embedders import Embedder
from budgetqa.store.errors import StoreError


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    doc_id: str
    distance: float


def _chroma_embedding_function(embedder: Embedder) -> Any:
    """Wrap our embedder in Chroma's protocol so Chroma never falls back to its downloading default."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class _Adapter(EmbeddingFunction[Documents]):
        def __init__(self, wrapped: Embedder | None = None) -> None:
            self._embedder = wrapped

        def _require(self) -> Embedder:
            if self._embedder is None:  # rebuilt by Chroma from stored config: we always pass vectors
                raise RuntimeError("budgetqa passes its embeddings explicitly")
            return self._embedder

        def __call__(self, input: Documents) -> Embeddings:
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self._require().embed_passages(list(input))]

        def embed_query(self, input: Documents) -> Embeddings:
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self._require().embed_queries(list(input))]

        @staticmethod
        def name() -> str:
            return "budgetqa"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self._embedder.name if self._embedder else None}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> _Adapter:
            return _Adapter()

        def is_legacy(self) -> bool:
            return False

    return _Adapter(embedder)


def collection_name(embedder_name: str) -> str:
    return "budgetqa_" + re.sub(r"[^A-Za-z0-9_-]+", "_", embedder_name)[:50]


PAGE = 5000  # ids per Chroma get/delete: below SQLite's 32,766 variables


class VectorIndex:
    """Chunks' vectors in a persistent Chroma collection named after the embedder."""

    def __init__(self, path: Path, embedder: Embedder, url: str | None = None) -> None:
        """A local collection under `path`, or with `url` (http://host:8000) one on a Chroma server."""
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        if url:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise StoreError(f"{url}: not a Chroma server URL; use --chroma http://HOST:PORT")
            try:
                self._client = chromadb.HttpClient(
                    host=parts.hostname,
                    port=parts.port or (443 if parts.scheme == "https" else 8000),
                    ssl=parts.scheme == "https",
                    settings=settings,
                )
            except Exception as exc:  # chromadb raises bare ValueError/ConnectionError when unreachable
                raise StoreError(
                    f"cannot reach the Chroma server {url} ({type(exc).__name__}); start it (chroma run) or fix "
                    "--chroma"
                ) from exc
        else:
            self._client = chromadb.PersistentClient(path=str(path), settings=settings)
        self._collection = self._client.get_or_create_collection(
            collection_name(embedder.name),
            embedding_function=_chroma_embedding_function(embedder),
            metadata={"hnsw:space": "cosine", "embedder": embedder.name},
        )

    def add(
        self, ids: Sequence[str], vectors: Sequence[Sequence[float]], metadatas: Sequence[dict[str, Any]]
    ) -> None:
        if not ids:
            return
        step = 1000
        for start in range(0, len(ids), step):
            batch: list[Sequence[float]] = [list(map(float, v)) for v in vectors[start : start + step]]
            self._collection.upsert(
                ids=list(ids[start : start + step]),
                embeddings=batch,
                metadatas=[dict(m) for m in metadatas[start : start + step]],
            )

    def delete_doc(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), PAGE):
            self._collection.delete(ids=list(ids[start : start + PAGE]))

    def ids_of(self, doc_id: str) -> list[str]:
        """The vector ids of one document, read page by page (SQLite caps a query's variables)."""
        ids: list[str] = []
        offset = 0
        while True:
            got = self._collection.get(where={"doc_id": doc_id}, include=[], limit=PAGE, offset=offset)
            page = list(got.get("ids") or [])
            ids += page
            if len(page) < PAGE:
                return ids
            offset += PAGE

    def doc_ids(self) -> set[str]:
        """Every document id in the index, read page by page: for `doctor`, never on a hot path."""
        found: set[str] = set()
        offset = 0
        while True:
            got = self._collection.get(include=["metadatas"], limit=PAGE, offset=offset)
            metas = got.get("metadatas") or []
            found |= {str(m["doc_id"]) for m in metas if m and "doc_id" in m}
            if len(metas) < PAGE:
                return found
            offset += PAGE

    def count(self) -> int:
        return int(self._collection.count())

    def search(
        self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None, kind: str | None = None
    ) -> list[VectorHit]:
        total = self.count()
        if total == 0:
            return []
        clauses: list[dict[str, Any]] = []
        if doc_ids is not None:
            if not doc_ids:
                return []
            clauses.append({"doc_id": {"$in": list(doc_ids)}})
        if kind:
            clauses.append({"kind": kind})
        where: dict[str, Any] | None
        if not clauses:
            where = None
        elif len(clauses) == 1:
            where = clauses[0]
        else:
            where = {"$and": clauses}
        query: list[Sequence[float]] = [list(map(float, vector))]
        res = self._collection.query(
            query_embeddings=query,
            n_results=min(k, total),
            where=where,
            include=["metadatas", "distances"],
        )
        ids = (res.get("ids") or [[]])[0]
        metas = (res.get("metadatas") or [[]])[0]
        dists = (res.get("distances") or [[]])[0]
        return [
            VectorHit(chunk_id=i, doc_id=str((m or {}).get("doc_id", "")), distance=float(d))
            for i, m, d in zip(ids, metas, dists, strict=False)
        ]
