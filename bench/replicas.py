"""Two `budgetqa serve` replicas on one PostgreSQL and one Chroma server, against one.

    python bench/replicas.py --n 100 [--pg postgresql://ADMIN_URL] [--questions 400] [--clients 50]
    python bench/replicas.py --reuse /work/scale/server-300      # a store kept by bench/scale.py --keep

Builds a server store of N synthetic budgets (bench/scale.py's documents: every answer checkable) in a fresh
database created through --pg (an admin URL, default $BUDGETQA_TEST_PG) and a `chroma run` started here, or
reuses one that `bench/scale.py --backend server --keep DIR` kept. Then, with 50 concurrent clients on the
JSON API (`/api/v1/ask`), it reports questions/s, p50/p95 and the server processes' CPU time per question
(from /proc) for one replica and for two (the clients alternate between them; each configuration asks about
its own half of the documents, so neither finds the other's per-document caches warm). Last, a `budgetqa worker`
ingests a new document queued as the staff area queues an upload, and the bench times how long until both
replicas answer a question about it with the right figure (target <= 5 s).

Everything is on 127.0.0.1; every request loop is bounded in count and time. On a machine whose cores are
shared, questions/s is bounded by the cores; the CPU time per question is the figure that says whether
replicas on more machines add throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from scale import QUESTIONS, _admin, _start_chroma, describe, synthesise

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime: fields 14 and 15 of stat


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def replica(home: Path, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """One `budgetqa serve` on a free loopback port: (API base URL, pid) once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "budgetqa.ui.cli", "serve", "--home", str(home), "--port", str(port)]
    base = f"http://127.0.0.1:{port}/api/v1/"
    with open(log, "wb") as out:
        server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    urllib.request.urlopen(base + "documents", timeout=5).read()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(log.read_text(errors="replace")[-3000:]) from None
                    time.sleep(0.5)
            yield base, server.pid
        finally:
            server.terminate()
            server.wait(30)


def questions(docs: list[tuple[str, int, int]], total: int) -> list[str]:
    """`total` questions cycling over the documents and the question kinds."""
    kinds = list(QUESTIONS.values())
    return [
        kinds[i % len(kinds)].format(dept=docs[i * 7 % len(docs)][0], year=docs[i * 7 % len(docs)][1])
        for i in range(total)
    ]


def load(bases: list[str], pids: list[int], asked: list[str], clients: int) -> dict[str, Any]:
    """`clients` threads share the questions, client i asking replica i % len(bases)."""
    lock = threading.Lock()
    todo = list(reversed(asked))
    times: list[float] = []
    errors = 0

    def client(i: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=bases[i % len(bases)], timeout=120) as http:
            while True:
                with lock:
                    if not todo:
                        return
                    q = todo.pop()
                started = time.perf_counter()
                try:
                    ok = http.get("ask", params={"q": q}).json().get("status") == "answered"
                except (httpx.HTTPError, ValueError):
                    ok = False
                took = time.perf_counter() - started
                with lock:
                    if ok:
                        times.append(took)
                    else:
                        errors += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    cpu0 = [cpu_seconds(p) for p in pids]
    own0 = time.process_time()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(900)
    wall = time.perf_counter() - started
    cpu = sum(cpu_seconds(p) for p in pids) - sum(cpu0)
    times.sort()
    return {
        "replicas": len(bases),
        "clients": clients,
        "answered": len(times),
        "errors": errors,
        "q_per_s": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times) * 1000) if times else None,
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * (len(times) - 1)))] * 1000) if times else None,
        "server_cpu_ms_per_q": round(cpu / max(1, len(times)) * 1000, 1),
        "bench_cpu_ms_per_q": round((time.process_time() - own0) / max(1, len(times)) * 1000, 1),
        "load_avg": round(os.getloadavg()[0], 1),
    }


def answers_right(base: str, question: str, value: float) -> bool:
    try:
        got = httpx.get(base + "ask", params={"q": question}, timeout=30).json()
    except (httpx.HTTPError, ValueError):
        return False
    return got.get("status") == "answered" and got.get("value") is not None and float(got["value"]) == value


def _unstored(bases: list[str], n: int, reference: dict[str, Any]) -> tuple[int, str, float]:
    """The first document from n on that no replica answers yet (an earlier run may have added some):
    (its number, its question, the right value)."""
    probe = describe(0)
    for i in range(n, n + 50):
        dept, year, k = describe(i)
        question = QUESTIONS["table"].format(dept=dept, year=year)
        value = float(reference["value"]) / probe[2] * k  # every figure of document i: the sample's x (i + 2)
        if not any(answers_right(b, question, value) for b in bases):
            return i, question, value
    raise SystemExit(f"documents {n}..{n + 49} are all answerable already")


def _job_seconds(database: str, job: int) -> float | None:
    import psycopg

    with psycopg.connect(database) as conn:
        row = conn.execute(
            "SELECT EXTRACT(EPOCH FROM finished - created) FROM jobs WHERE job_id = %s", (job,)
        ).fetchone()
    return round(float(row[0]), 2) if row and row[0] is not None else None


def propagation(
    home: Path, env: dict[str, str], bases: list[str], n: int, folder: Path, logs: Path
) -> list[dict[str, Any]]:
    """Two uploads queued one after the other (the first is a fresh worker's first job, the second finds it
    running); for each, seconds until every replica answers the new document with the right figure."""
    from budgetqa.store import Store, jobs

    probe = describe(0)
    reference = httpx.get(
        bases[0] + "ask", params={"q": QUESTIONS["table"].format(dept=probe[0], year=probe[1])}, timeout=60
    ).json()
    store = Store(
        home,
        embedder_spec=env["BUDGETQA_EMBEDDER"],
        database=env["BUDGETQA_STORE"],
        chroma=env["BUDGETQA_CHROMA"],
    )
    out = []
    with open(logs / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "budgetqa.ui.cli", "worker", "--home", str(home), "--poll", "0.2"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            idle_since, last = time.monotonic(), -1.0
            while time.monotonic() - idle_since < 1.0 and worker.poll() is None:  # imports done: polling
                time.sleep(0.25)
                used = cpu_seconds(worker.pid)
                if used - last > 0.05:
                    idle_since, last = time.monotonic(), used
            for upload in ("first job of the worker", "worker running"):
                i, question, value = _unstored(bases, n, reference)
                path = synthesise(i, folder)[0]
                queued = time.perf_counter()
                job = jobs.enqueue(store, path, path.name)
                seen: dict[str, float] = {}
                deadline = queued + 120
                while len(seen) < len(bases) and time.perf_counter() < deadline:
                    for b in bases:
                        if b not in seen and answers_right(b, question, value):
                            seen[b] = time.perf_counter() - queued
                    time.sleep(0.1)
                done = next((j for j in jobs.recent(store) if j.job_id == job), None)
                out.append(
                    {
                        "upload": upload,
                        "job_status": done.status if done else None,
                        "answered_on": len(seen),
                        "of_replicas": len(bases),
                        "seconds_until_all": round(max(seen.values()), 2)
                        if len(seen) == len(bases)
                        else None,
                        "queued_to_ingested_s": _job_seconds(env["BUDGETQA_STORE"], job),
                        "per_replica_s": [round(seen[b], 2) if b in seen else None for b in bases],
                        "load_avg": round(os.getloadavg()[0], 1),
                    }
                )
        finally:
            worker.terminate()
            worker.wait(30)
            store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100, help="documents to build (without --reuse)")
    parser.add_argument("--reuse", type=Path, help="a server store kept by bench/scale.py --keep")
    parser.add_argument(
        "--pg", default=os.environ.get("BUDGETQA_TEST_PG"), help="admin URL to create databases"
    )
    parser.add_argument("--questions", type=int, default=400, help="questions per configuration")
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    if not args.pg:
        raise SystemExit("give --pg postgresql://ADMIN_URL (or $BUDGETQA_TEST_PG)")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budgetqa-replicas-")))
        root = args.reuse or tmp
        env = {**os.environ, "BUDGETQA_PUBLIC_RATE": "0", "GRADIO_ANALYTICS_ENABLED": "False"}
        env.pop("BUDGETQA_STAFF_USERS", None)
        if args.reuse:
            built = json.loads((args.reuse / "scale.json").read_text(encoding="utf-8"))
            if built["backend"] != "server":
                raise SystemExit(f"{args.reuse} holds an embedded store: keep one with --backend server")
            n, db_name, env["BUDGETQA_EMBEDDER"] = built["documents"], built["database"], built["embedder"]
        else:
            n, db_name, env["BUDGETQA_EMBEDDER"] = args.n, "budgetqa_replicas_" + uuid.uuid4().hex[:8], "hash"
            _admin(args.pg, f"CREATE DATABASE {db_name}")
            stack.callback(_admin, args.pg, f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
        chroma, url = _start_chroma(root / "chroma")
        stack.callback(chroma.wait, 30)
        stack.callback(chroma.terminate)
        env |= {"BUDGETQA_STORE": args.pg.rsplit("/", 1)[0] + "/" + db_name, "BUDGETQA_CHROMA": url}
        home = root / "home"
        if not args.reuse:
            (tmp / "in").mkdir()
            for i in range(n):
                synthesise(i, tmp / "in")
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "budgetqa.ui.cli", "ingest", str(tmp / "in"), "--home", str(home)],
                capture_output=True,
                text=True,
                env=env,
                timeout=4 * 3600,
            )
            if done.returncode != 0:
                raise SystemExit(f"ingest failed: {done.stderr[-2000:]}")
            print(f"ingested {n} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        docs = [describe(i) for i in range(n)]
        # each configuration asks about its own half of the documents: neither finds the other's caches warm
        asked = [questions(docs[0::2], args.questions), questions(docs[1::2], args.questions)]
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budgetqa-replicas-logs-")))
        a = stack.enter_context(replica(home, env, logs / "a.log"))
        b = stack.enter_context(replica(home, env, logs / "b.log"))
        bases, pids = [a[0], b[0]], [a[1], b[1]]
        for base in bases:  # warm: each replica's imports and caches before timing
            for q in questions(docs, 8):
                httpx.get(base + "ask", params={"q": q}, timeout=120)
        rows = [
            load(bases[:1], pids[:1], asked[0], args.clients),
            load(bases, pids, asked[1], args.clients),
        ]
        for row in rows:
            print(json.dumps(row), flush=True)
        spread = propagation(home, env, bases, n, tmp, logs)
        for row in spread:
            print(json.dumps(row), flush=True)
    print(
        f"\n{n} documents, server store (PostgreSQL + chroma run), {args.clients} clients, "
        f"{args.questions} questions per configuration, JSON API"
    )
    print("| replicas | answered | errors | q/s | p50 ms | p95 ms | server CPU ms/question | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['replicas']} | {r['answered']} | {r['errors']} | {r['q_per_s']} | {r['p50_ms']} | "
            f"{r['p95_ms']} | {r['server_cpu_ms_per_q']} | {r['load_avg']} |"
        )
    print("| upload | answered on | s until all replicas | queued to ingested s | per replica s | load avg |")
    print("|---|---|---|---|---|---|")
    for u in spread:
        print(
            f"| {u['upload']} | {u['answered_on']}/{u['of_replicas']} | {u['seconds_until_all']} | "
            f"{u['queued_to_ingested_s']} | {u['per_replica_s']} | {u['load_avg']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
