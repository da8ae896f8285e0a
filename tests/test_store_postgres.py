"""The server deployment: documents, facts and chunks in PostgreSQL, vectors on a Chroma server.

Real servers only: a PostgreSQL reached through $BUDGETQA_TEST_PG (CI starts one; see .ci/run) and a
`chroma run` process each test module starts itself. Skips with the reason when PostgreSQL is not given.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import BUDGETQA
from live_server import free_port
from publication_pair import DEPARTMENT, TABLES, TEXT, cut_pair

from budgetqa.ingest.pipeline import ingest_paths
from budgetqa.qa import Answerer
from budgetqa.store import HashEmbedder, Store, publication_id

SAMPLE = Path(__file__).resolve().parents[1] / "ingest" / "sample"
PDF = next(SAMPLE.glob("*.pdf"))
MD = next(SAMPLE.glob("*.md"))
QUESTIONS = [
    "外办2023年三公经费是多少？",
    "外办2023年公务接待费比上年少多少？",
    "外办2023年一般公共服务支出中项目支出是多少？",
    "外办2023年基本支出是项目支出的几倍？",
    "外办2023年三公经费为什么减少？",
    "外办2023年人员经费占基本支出的比例",
]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    base = os.environ.get("BUDGETQA_TEST_PG")
    if not base:
        pytest.skip(
            "set BUDGETQA_TEST_PG=postgresql://USER:PASSWORD@HOST/DB to run the PostgreSQL tests (CI does)"
        )
    import psycopg

    name = "budgetqa_t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a free port."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    path = tmp_path_factory.mktemp("chroma_server")
    log = open(path / "server.log", "w")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("chroma run did not start: " + (path / "server.log").read_text()[-2000:])
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _answers(store: Store) -> list[tuple[str, object, object, tuple[object, ...]]]:
    answerer = Answerer(store)
    out = []
    for q in QUESTIONS:
        a = answerer.ask(q)
        out.append(
            (a.status, a.value, a.unit, tuple((c.page, c.table, c.row, c.column) for c in a.citations))
        )
    return out


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("embedded"), embedder=HashEmbedder())
    ingest_paths(store, [PDF])
    return store


def test_the_server_store_answers_as_the_embedded_one(
    embedded: Store, pg_url: str, chroma_url: str, tmp_path: Path
) -> None:
    server = Store(tmp_path / "files", embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    reports = ingest_paths(server, [PDF])
    assert [r.status for r in reports] == ["ingested"]
    assert len(server.facts()) == len(embedded.facts()) > 500
    assert len(server.chunks()) == len(embedded.chunks())
    narrative = len(server.chunks(kind="narrative"))
    assert server.index_counts() == (narrative, narrative) and narrative < len(server.chunks())
    # what an answerer reads before any fact (issue 12): counts, the label vocabulary, a code's first fact
    assert server.fact_counts() == embedded.fact_counts()
    assert [sorted(x) for x in server.fact_labels()] == [sorted(x) for x in embedded.fact_labels()]
    code = next(f.row_code for f in embedded.facts() if f.row_code)
    assert [replace(f, fact_id=None) for f in server.facts(row_code=code, limit=1)] == [
        replace(f, fact_id=None) for f in embedded.facts(row_code=code, limit=1)
    ]
    got, want = _answers(server), _answers(embedded)
    assert got == want
    assert all(status == "answered" for status, *_ in got)
    # remove: gone from the database and the Chroma server
    doc = server.documents()[0]
    server.remove(doc.doc_id)
    assert server.documents() == [] and server.facts() == [] and server.vectors.count() == 0


def test_replicas_share_one_truth_and_writers_take_turns(
    pg_url: str, chroma_url: str, tmp_path: Path
) -> None:
    """Two CLI ingests at once (two writer processes) both land whole, and a separate serving process sees
    each document only once it has committed."""
    files = tmp_path / "shared"
    reader = Store(files, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    seen = reader.generation()
    env = {**os.environ, "BUDGETQA_STORE": pg_url, "BUDGETQA_CHROMA": chroma_url}
    procs = [
        subprocess.Popen(
            [*BUDGETQA, "ingest", str(path), "--home", str(files), "--embedder", "hash"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (PDF, MD)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    assert reader.generation() >= seen + 2
    docs = reader.documents()
    assert sorted(d.source for d in docs) == sorted([PDF.name, MD.name])
    for doc in docs:
        assert (
            len(reader.vectors.ids_of(doc.doc_id)) == len(reader.chunks([doc.doc_id], kind="narrative")) > 0
        )
    answer = Answerer(reader).ask(QUESTIONS[0])
    assert answer.status == "answered" and answer.citations


def _migrate_command(home: Path, database: str, chroma: str) -> list[str]:
    return [
        *BUDGETQA,
        "migrate",
        "--home",
        str(home),
        "--embedder",
        "hash",
        "--store",
        database,
        "--chroma",
        chroma,
    ]


def test_migrate_copies_a_home_into_the_server_store(
    embedded: Store, pg_url: str, chroma_url: str, tmp_path: Path
) -> None:
    home = embedded.home
    base = pg_url.rsplit("/", 1)[0]
    target_db = pg_url  # reuse the module database, emptied first
    target = Store(home, embedder=HashEmbedder(), database=target_db, chroma=chroma_url)
    for doc in target.documents():
        target.remove(doc.doc_id)
    run = _migrate_command(home, target_db, chroma_url)
    first = subprocess.run(run, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "migrated 1 document(s)" in first.stdout
    assert base not in first.stdout  # the URL is shown without its password
    again = subprocess.run(run, capture_output=True, text=True, timeout=600)
    assert (
        again.returncode == 0
        and "migrated 0 document(s)" in again.stdout
        and "1 already there" in again.stdout
    )
    fresh = Store(home, embedder=HashEmbedder(), database=target_db, chroma=chroma_url)
    assert len(fresh.facts()) == len(embedded.facts())
    assert _answers(fresh) == _answers(embedded)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--store", "mysql://x/y"], "is not a postgresql:// URL"),
        (
            ["--store", "postgresql://nobody:secret@127.0.0.1:1/none"],
            "cannot connect to the PostgreSQL store",
        ),
        (["--chroma", "ftp://x"], "is not an http:// URL"),
    ],
)
def test_a_wrong_server_url_is_one_line_and_exit_1(flags: list[str], message: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [*BUDGETQA, "docs", "--home", str(tmp_path / "h"), "--embedder", "hash", *flags],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    lines = [x for x in result.stderr.strip().splitlines() if x]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "secret" not in result.stderr  # a password never reaches the screen


def test_staff_uploads_are_queued_and_workers_drain_them_once_each(
    pg_url: str, chroma_url: str, tmp_path: Path
) -> None:
    """On a server store the staff page queues an upload (no web replica ingests in-process); two
    `budgetqa worker --once` processes drain the queue together, each job exactly once, and a replica that
    never ingested answers from the new documents."""
    from budgetqa.store import jobs
    from budgetqa.ui import staff
    from budgetqa.ui.auth import StaffSessions, hash_password

    files = tmp_path / "shared"
    web = Store(files, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    for doc in web.documents():
        web.remove(doc.doc_id)
    sessions = StaffSessions({"alice": hash_password("pass word 1", iterations=1000)})
    token = sessions.login("alice", "pass word 1")
    report = staff.ingest_uploads(sessions, token, web, [str(PDF)], lambda *a, **k: None)
    assert "已排队" in report and web.documents() == []
    jobs.enqueue(web, MD, MD.name)
    env = {**os.environ, "BUDGETQA_STORE": pg_url, "BUDGETQA_CHROMA": chroma_url}
    cmd = [*BUDGETQA, "worker", "--once", "--home", str(files), "--embedder", "hash"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e[-1000:] for _, e in outputs]
    done = [j for j in jobs.recent(web) if j.status == "done"]
    assert sorted(j.name for j in done[:2]) == sorted([PDF.name, MD.name])
    assert all(j.attempts == 1 for j in done[:2])  # no job was taken twice
    replica = Store(files, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    assert sorted(d.source for d in replica.documents()) == sorted([PDF.name, MD.name])
    assert Answerer(replica).ask(QUESTIONS[0]).status == "answered"
    assert not any((files / "incoming").iterdir())  # queued copies are removed once ingested


def test_a_job_whose_worker_died_is_taken_again(pg_url: str, chroma_url: str, tmp_path: Path) -> None:
    from budgetqa.store import jobs

    files = tmp_path / "shared"
    store = Store(files, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    for doc in store.documents():
        store.remove(doc.doc_id)
    job_id = jobs.enqueue(store, PDF, PDF.name)
    dead = jobs.claim(store, "a worker that was killed")
    assert dead is not None and dead.job_id == job_id
    assert jobs.claim(store, "another", stale_after=300) is None  # a live job is nobody else's
    env = {**os.environ, "BUDGETQA_STORE": pg_url, "BUDGETQA_CHROMA": chroma_url}
    result = subprocess.run(
        [*BUDGETQA, "worker", "--once", "--stale-after", "0", "--home", str(files), "--embedder", "hash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    job = next(j for j in jobs.recent(store) if j.job_id == job_id)
    assert job.status == "done" and job.attempts == 2
    assert [d.source for d in store.documents()] == [PDF.name]


def test_migrate_to_an_unreachable_chroma_server_writes_nothing(embedded: Store) -> None:
    before = len(embedded.documents())
    result = subprocess.run(
        [
            *BUDGETQA,
            "migrate",
            "--home",
            str(embedded.home),
            "--embedder",
            "hash",
            "--chroma",
            "http://127.0.0.1:1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "cannot reach the Chroma server" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(Store(embedded.home, embedder=HashEmbedder()).documents()) == before


def test_a_publication_in_two_files_migrates_and_an_old_database_is_upgraded(
    pg_url: str, chroma_url: str, tmp_path: Path
) -> None:
    """`budgetqa migrate` carries the join of a publication's two files; a database written before
    publications gets the column in place and its two files joined when a store opens it."""
    pair = cut_pair(PDF, tmp_path / "pair")
    home = tmp_path / "home"
    local = Store(home, embedder=HashEmbedder())
    assert [r.status for r in ingest_paths(local, [pair["text"], pair["tables"]])] == ["ingested", "ingested"]
    pid = publication_id(DEPARTMENT, 2023, "预算")
    assert {d.publication for d in local.documents()} == {pid}
    target = Store(home, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    for doc in target.documents():
        target.remove(doc.doc_id)
    run = _migrate_command(home, pg_url, chroma_url)
    done = subprocess.run(run, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "migrated 2 document(s)" in done.stdout, done.stderr[-2000:]
    migrated = Store(home, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    assert {(d.source, d.publication) for d in migrated.documents()} == {(TABLES, pid), (TEXT, pid)}
    # the schema before publications: no column (its index goes with it), the join unknown
    migrated._conn.execute("ALTER TABLE documents DROP COLUMN publication")
    reopened = Store(home, embedder=HashEmbedder(), database=pg_url, chroma=chroma_url)
    assert {d.publication for d in reopened.documents()} == {pid} and len(reopened.documents()) == 2
    assert {d.source for d in reopened.remove_publication(pid)} == {TABLES, TEXT}
    assert reopened.documents() == [] and reopened.facts() == []
