"""`budgetqa worker`: ingest the jobs web replicas queue (server deployments), one at a time per process.

Run any number of workers on any machines sharing the store; each claims a different job. A worker that dies
mid-ingest leaves its job `running` with a stale heartbeat, and the next worker takes it again; the store's
own transaction guarantees the half-done ingest left nothing visible.

A worker warms up before it claims its first job (the embedder's model, the vector index, the PDF parsers), so
the first upload after a start is not the one that pays for loading them.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.pipeline import bundled_sample_paths, ingest_file, parse_file
from budgetqa.store import Store, jobs

HEARTBEAT_S = 10.0


def warm_up(store: Store) -> float:
    """Load what a first job would: the embedder's model (embedding one text, past the cache), the vector
    index (and the embedder check), the PDF and text parsers (the bundled sample is parsed, not stored).
    Returns the seconds it took."""
    started = time.perf_counter()
    store.embedder.embed_passages(["部门预算"])
    store.vectors  # noqa: B018 (opens the Chroma client and collection)
    for path in bundled_sample_paths():
        try:
            parse_file(path)
        except IngestError:  # a parser that cannot load here fails the jobs that need it, with the reason
            pass
    return time.perf_counter() - started


def run_worker(
    store: Store,
    *,
    once: bool = False,
    poll: float = 2.0,
    stale_after: float = 300.0,
    say: Callable[[str], None] = print,
    name: str | None = None,
    warm: bool = True,
) -> int:
    """Ingest queued jobs until stopped (or, with `once`, until the queue is empty); jobs done. With `warm`
    (the default) it loads the embedder, the index and the parsers before the first claim."""
    worker = name or f"{socket.gethostname()}:{os.getpid()}"
    if warm:
        say(f"worker {worker}: ready in {warm_up(store):.1f} s (embedder {store.embedder.name})")
    done = 0
    while True:
        job = jobs.claim(store, worker, stale_after)
        if job is None:
            if once:
                return done
            time.sleep(poll)
            continue
        last = time.monotonic()

        def progress(stage: str, current: int, total: int, job: jobs.Job = job) -> None:
            nonlocal last
            if time.monotonic() - last > HEARTBEAT_S:
                jobs.beat(store, job.job_id)
                last = time.monotonic()

        try:
            report = ingest_file(store, job.path, progress=progress, password=job.password)
            ok = report.status == "ingested"
            detail = report.doc_id if ok else (report.error or "; ".join(report.warnings) or "failed")
            line = f"job {job.job_id} {job.name}: {report.status} {detail or ''}".strip()
        except Exception as exc:  # a bad file or an ingest bug fails this job, not the worker
            ok, line = False, f"job {job.job_id} {job.name}: failed ({type(exc).__name__}: {exc})"
        jobs.finish(store, job, "done" if ok else "failed", line)
        say(line)
        done += 1


__all__ = ["run_worker", "warm_up"]
