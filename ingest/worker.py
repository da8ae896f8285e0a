"""`budgetqa worker`: ingest the jobs web replicas queue (server deployments), one at a time per process.

Run any number of workers on any machines sharing the store; each claims a different job. A worker that dies
mid-ingest leaves its job `running` with a stale heartbeat, and the next worker takes it again; the store's
own transaction guarantees the half-done ingest left nothing visible.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

from budgetqa.ingest.pipeline import ingest_file
from budgetqa.store import Store, jobs

HEARTBEAT_S = 10.0


def run_worker(
    store: Store,
    *,
    once: bool = False,
    poll: float = 2.0,
    stale_after: float = 300.0,
    say: Callable[[str], None] = print,
    name: str | None = None,
) -> int:
    """Ingest queued jobs until stopped (or, with `once`, until the queue is empty); jobs done."""
    worker = name or f"{socket.gethostname()}:{os.getpid()}"
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


__all__ = ["run_worker"]
