"""`budgetqa worker` warms up before its first job, and still processes and retries jobs (PostgreSQL jobs
with $BUDGETQA_TEST_PG; the warm-up itself on the embedded store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from test_store_postgres import pg_url  # noqa: F401 (a fixture: a fresh database on the test server)

from budgetqa.ingest import worker
from budgetqa.store import HashEmbedder, Store, jobs

SAMPLE = Path(__file__).resolve().parents[1] / "ingest" / "sample"
PDF = next(SAMPLE.glob("*.pdf"))


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the texts it embeds (a real model loads on its first call)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts += len(texts)
        return super().embed_passages(texts)


def test_the_warm_up_loads_the_embedder_index_and_parsers(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    store = Store(tmp_path / "home", embedder=embedder)
    seconds = worker.warm_up(store)
    assert seconds >= 0 and embedder.texts == 1  # past the embedding cache: the model itself ran
    assert store._vectors is not None
    assert store.documents() == []  # the sample was parsed, not stored


def test_a_warm_worker_processes_and_retries_jobs(
    pg_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedder = CountingEmbedder()
    store = Store(tmp_path / "shared", embedder=embedder, database=pg_url)
    for doc in store.documents():
        store.remove(doc.doc_id)
    job_id = jobs.enqueue(store, PDF, PDF.name)
    dead = jobs.claim(store, "a worker that was killed")  # its heartbeat goes stale: the job is retried
    assert dead is not None and dead.job_id == job_id
    events: list[str] = []
    claim = jobs.claim
    monkeypatch.setattr(jobs, "claim", lambda *a, **k: events.append("claim") or claim(*a, **k))
    warm_up = worker.warm_up
    monkeypatch.setattr(worker, "warm_up", lambda s: events.append("warm") or warm_up(s))
    said: list[str] = []
    done = worker.run_worker(store, once=True, stale_after=0, say=said.append, name="w1")
    assert done == 1 and events[:2] == ["warm", "claim"]
    assert said[0].startswith("worker w1: ready in") and f"job {job_id} {PDF.name}: ingested" in said[1]
    job = next(j for j in jobs.recent(store) if j.job_id == job_id)
    assert job.status == "done" and job.attempts == 2
    assert [d.source for d in store.documents()] == [PDF.name]
