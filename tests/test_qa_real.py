"""Answering over the PDFs as the ingester stores them (seed + three real documents), and warm speed.

Skips when ../shared/samples/real is absent. Expectations are structural (status, the cited table,
value = cited cell); the figures themselves come from the ingested facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from real_samples import first_three

from budgetqa.qa import Answerer
from budgetqa.store import HashEmbedder, Store

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    real = SAMPLES / "real"
    if not real.is_dir():
        pytest.skip("../shared/samples/real is absent (a user's clone does not have the real PDFs)")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path_factory.mktemp("qa_real"), embedder=HashEmbedder())
    reports = ingest_paths(store, [*first_three(real), *sorted((SAMPLES / "seed").glob("*.pdf"))])
    if not any(r.status == "ingested" for r in reports):
        pytest.skip("the ingester could not read the samples")
    return Answerer(store)


def _short(answerer: Answerer, word: str) -> str:
    """A department named the way people shorten it: its shortest stored alias, else its name."""
    for doc in answerer.store.documents():
        if doc.department and word in doc.department:
            return min(doc.aliases, key=len) if doc.aliases else doc.department
    pytest.skip(f"no ingested department containing {word}")


@pytest.mark.parametrize("word", ["外事", "财政局", "人民政府办公室", "人大"])
def test_three_gong_per_department(answerer, word):
    dept = _short(answerer, word)
    answer = answerer.ask(f"{dept}的三公经费是多少")
    assert answer.status in ("answered", "not_found"), answer.answer
    if answer.status == "answered":
        assert "三公" in (answer.citations[0].table or "")
        assert word in (answer.citations[0].department or "")
        assert answer.value == answer.facts[0].value or answer.formula


def test_unnamed_department_asks_which(answerer):
    answer = answerer.ask("公务接待费是多少")
    assert answer.status == "clarify" and len(answer.choices) >= 2


def test_unknown_department_is_not_found(answerer):
    assert answerer.ask("卫生健康委员会2023年三公经费多少").status == "not_found"
