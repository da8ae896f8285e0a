"""Ingest jobs of a server deployment: web replicas queue uploads, `budgetqa worker` processes ingest them.

A job is a row in PostgreSQL. A worker claims the oldest pending job with `FOR UPDATE SKIP LOCKED` (two
workers never take the same job), keeps a heartbeat while it ingests, and records the outcome. A job whose
worker died (its heartbeat older than `stale_after` seconds) is claimed again, up to `MAX_ATTEMPTS` times.
The uploaded file waits in HOME/incoming/, the directory every replica shares.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from budgetqa.store import pg
from budgetqa.store.errors import StoreError
from budgetqa.store.store import Store

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    job_id: int
    name: str
    path: str
    password: str | None
    status: str
    attempts: int
    report: str | None = None


def _conn(store: Store) -> pg.Connection:
    if store.database is None:
        raise StoreError(
            "the ingest queue needs a server store: give --store postgresql://… (or BUDGETQA_STORE)"
        )
    return store._writer  # type: ignore[no-any-return]


def enqueue(store: Store, path: Path, name: str, password: str | None = None) -> int:
    """Keep the file in HOME/incoming/ and queue it; the job id."""
    conn = _conn(store)
    folder = store.home / "incoming" / uuid.uuid4().hex  # the file keeps its name: metadata is read from it
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / (Path(name).name or path.name)
    tmp = kept.with_name(kept.name + ".tmp")
    shutil.copyfile(path, tmp)
    tmp.replace(kept)  # never a half-copied file in the queue
    rows = pg.raw(
        conn,
        "INSERT INTO jobs (name, path, password) VALUES (%s, %s, %s) RETURNING job_id",
        (name, str(kept), password),
    )
    return int(rows[0][0])


def claim(store: Store, worker: str, stale_after: float = 300.0) -> Job | None:
    """The oldest job waiting (or abandoned by a dead worker), now this worker's; None when there is none."""
    rows = pg.raw(
        _conn(store),
        "UPDATE jobs SET status = 'running', worker = %s, heartbeat = now(), attempts = attempts + 1"
        " WHERE job_id = (SELECT job_id FROM jobs WHERE (status = 'pending' OR (status = 'running'"
        " AND heartbeat < now() - make_interval(secs => %s))) AND attempts < %s"
        " ORDER BY job_id FOR UPDATE SKIP LOCKED LIMIT 1)"
        " RETURNING job_id, name, path, password, status, attempts",
        (worker, stale_after, MAX_ATTEMPTS),
    )
    if not rows:
        return None
    r = rows[0]
    return Job(int(r["job_id"]), r["name"], r["path"], r["password"], r["status"], int(r["attempts"]))


def beat(store: Store, job_id: int) -> None:
    pg.raw(_conn(store), "UPDATE jobs SET heartbeat = now() WHERE job_id = %s", (job_id,))


def finish(store: Store, job: Job, status: str, report: str) -> None:
    """Record the outcome; the queued copy of the file is removed (the store keeps its own copy)."""
    pg.raw(
        _conn(store),
        "UPDATE jobs SET status = %s, report = %s, finished = now(), password = NULL WHERE job_id = %s",
        (status, report, job.job_id),
    )
    kept = Path(job.path)
    kept.unlink(missing_ok=True)
    if kept.parent.parent.name == "incoming":
        shutil.rmtree(kept.parent, ignore_errors=True)


def recent(store: Store, limit: int = 50) -> list[Job]:
    rows = pg.raw(
        _conn(store),
        "SELECT job_id, name, path, NULL AS password, status, attempts, report FROM jobs"
        " ORDER BY job_id DESC LIMIT %s",
        (limit,),
    )
    return [
        Job(int(r["job_id"]), r["name"], r["path"], None, r["status"], int(r["attempts"]), r["report"])
        for r in rows
    ]


__all__ = ["MAX_ATTEMPTS", "Job", "beat", "claim", "enqueue", "finish", "recent"]
