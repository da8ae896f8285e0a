"""Nothing lost, nobody locked out: one writer at a time, replace instead of delete, faults in one line.

Real SQLite, real Chroma, real processes (the CLI) and real SIGKILLs; the hash embedder keeps it fast.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_run import BUDGETQA, run_cli
from click.testing import CliRunner

from budgetqa.ingest import ingest_file, reingest
from budgetqa.store import (
    HashEmbedder,
    Store,
    StoreBusyError,
    StoreCorruptError,
    StoreFullError,
    StoreReadOnlyError,
    describe_fault,
)
from budgetqa.store.lock import WriteLock
from budgetqa.store.vectors import VectorIndex
from budgetqa.ui.cli import cli


def _whole(store: Store) -> None:
    """Every stored document has exactly its chunks' vectors, and nothing else is in the index."""
    assert store.drift() == {}
    assert store.orphans() == (set(), [])


def test_two_concurrent_cli_ingests_into_a_new_home_both_land_whole(
    tmp_path: Path, seed_pdf: Path, seed_md: Path
) -> None:
    home = tmp_path / "new-home"
    procs = [
        subprocess.Popen(
            [*BUDGETQA, "ingest", str(path), "--home", str(home), "--embedder", "hash", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (seed_pdf, seed_md)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(json.loads(out)["status"] == "ingested" for out, _ in outs)
    store = Store(home, embedder=HashEmbedder())
    assert len(store.documents()) == 2
    _whole(store)


def test_a_second_writer_waits_for_the_lock_and_says_so(hash_store: Store, seed_md: Path) -> None:
    other = WriteLock(hash_store.home / "write.lock")  # another open file: conflicts like another process
    told: list[float] = []
    hash_store.on_wait = told.append
    done = threading.Event()
    with other.hold():
        worker = threading.Thread(target=lambda: (ingest_file(hash_store, seed_md), done.set()))
        worker.start()
        time.sleep(0.5)
        assert told and not done.is_set()  # waiting, and said so once
    worker.join(60)
    assert done.is_set() and len(hash_store.documents()) == 1


def test_a_writer_that_waits_too_long_gets_one_line(hash_store: Store, seed_md: Path) -> None:
    hash_store.write_lock.timeout = 0.2
    with WriteLock(hash_store.home / "write.lock").hold():
        report = ingest_file(hash_store, seed_md)
    assert report.status == "failed" and "busy" in (report.error or "") and "retry" in (report.error or "")


def test_orphan_cleanup_never_reads_the_whole_index(
    hash_store: Store, seed_pdf: Path, seed_md: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole_scan(self: VectorIndex) -> set[str]:
        raise AssertionError("an ingest read every vector's metadata")

    monkeypatch.setattr(VectorIndex, "doc_ids", whole_scan)
    assert ingest_file(hash_store, seed_pdf).status == "ingested"
    assert ingest_file(hash_store, seed_md).status == "ingested"


def test_reingest_keeps_the_old_version_until_the_new_one_commits(
    hash_store: Store, seed_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = ingest_file(hash_store, seed_pdf).doc_id
    assert doc_id
    n_facts = len(hash_store.facts(doc_id))
    import budgetqa.store.sqlite as db

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "insert_chunks", disk_full)
    report = reingest(hash_store, doc_id)
    assert report.status == "failed" and "no space left" in (report.error or "")
    monkeypatch.undo()
    assert [d.doc_id for d in hash_store.documents()] == [doc_id]
    assert len(hash_store.facts(doc_id)) == n_facts
    _whole(hash_store)
    assert reingest(hash_store, doc_id).status == "ingested"
    assert len(hash_store.facts(doc_id)) == n_facts
    _whole(hash_store)


_KILL_SCRIPT = """
import sys
from budgetqa.ingest import reingest
from budgetqa.store import HashEmbedder, Store
store = Store(sys.argv[1], embedder=HashEmbedder())
for _ in range(int(sys.argv[3])):
    reingest(store, sys.argv[2])
"""


@pytest.mark.slow
def test_killed_reingests_leave_exactly_one_whole_version(tmp_path: Path, seed_pdf: Path) -> None:
    """SIGKILL at random moments of a re-ingest loop: one version of the document, never none."""
    home = tmp_path / "home"
    store = Store(home, embedder=HashEmbedder())
    doc_id = ingest_file(store, seed_pdf).doc_id
    assert doc_id
    n_facts = len(store.facts(doc_id))
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(home), doc_id, "50"])
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader = Store(home, embedder=HashEmbedder())
        assert [d.doc_id for d in reader.documents()] == [doc_id]
        assert len(reader.facts(doc_id)) == n_facts
        reader.close()
    final = Store(home, embedder=HashEmbedder())
    final.repair()  # what the next write would clean up anyway
    _whole(final)


def test_fresh_store_builds_its_index_once_under_concurrent_questions(tmp_path: Path, seed_md: Path) -> None:
    home = tmp_path / "home"
    ingest_file(Store(home, embedder=HashEmbedder()), seed_md)
    fresh = Store(home, embedder=HashEmbedder())
    results: list[object] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            results.append(fresh.vector_search("三公经费为什么减少", k=3))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(results) == 8 and all(results)


def test_deleted_index_is_reported_and_repaired(tmp_path: Path, seed_md: Path) -> None:
    home = tmp_path / "home"
    store = Store(home, embedder=HashEmbedder())
    ingest_file(store, seed_md)
    store.close()
    shutil.rmtree(home / "chroma")
    docs = run_cli(home, "docs")
    assert docs.returncode == 0 and "vector index" in docs.stderr and "doctor --repair" in docs.stderr
    ask = run_cli(home, "ask", "外办2023年三公经费为什么减少")
    assert ask.returncode == 1 and "doctor --repair" in ask.stderr and "Traceback" not in ask.stderr
    doctor = run_cli(home, "doctor")
    assert doctor.returncode == 1 and "missing" in doctor.stdout
    assert run_cli(home, "doctor", "--repair").returncode == 0
    assert run_cli(home, "doctor").returncode == 0
    assert run_cli(home, "ask", "外办2023年三公经费为什么减少").returncode == 0


@pytest.mark.parametrize(
    ("exc", "kind", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), StoreFullError, "no space left"),
        (sqlite3.OperationalError("database or disk is full"), StoreFullError, "no space left"),
        (sqlite3.OperationalError("attempt to write a readonly database"), StoreReadOnlyError, "read-only"),
        (OSError(errno.EROFS, "Read-only file system"), StoreReadOnlyError, "questions still work"),
        (sqlite3.OperationalError("database is locked"), StoreBusyError, "retry"),
        (sqlite3.DatabaseError("database disk image is malformed"), StoreCorruptError, "backup"),
        (sqlite3.DatabaseError("file is not a database"), StoreCorruptError, "damaged"),
    ],
)
def test_faults_get_their_own_line(tmp_path: Path, exc: BaseException, kind: type, words: str) -> None:
    fault = describe_fault(exc, tmp_path)
    assert isinstance(fault, kind) and words in str(fault) and "choose another --home" not in str(fault)
    assert "\n" not in str(fault)
    assert describe_fault(ValueError("x"), tmp_path) is None


def test_damaged_database_is_one_line_not_a_traceback(tmp_path: Path, seed_md: Path) -> None:
    home = tmp_path / "home"
    store = Store(home, embedder=HashEmbedder())
    ingest_file(store, seed_md)
    store.close()
    db = home / "budgetqa.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # scribble over every interior page, keeping the header
        data[start : start + page] = os.urandom(page)
    db.write_bytes(bytes(data))
    for args in (("docs",), ("facts",), ("ask", "外办2023年三公经费是多少")):
        result = run_cli(home, *args)
        assert result.returncode == 1, (args, result.stdout[-200:])
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0 and "budgetqa: error:" in result.stderr


def test_question_length_and_batch_files(tmp_path: Path, seed_md: Path) -> None:
    home = tmp_path / "home"
    ingest_file(Store(home, embedder=HashEmbedder()), seed_md)
    runner = CliRunner()
    long = runner.invoke(cli, ["ask", "问" * 5000, "--home", str(home), "--embedder", "hash"])
    assert long.exit_code == 1 and "500" in long.output and "5000" in long.output
    bom = tmp_path / "bom.jsonl"
    bom.write_text('\ufeff{"id": "a", "question": "外办2023年三公经费是多少"}\n', encoding="utf-8")
    ok = runner.invoke(cli, ["ask", "--batch", str(bom), "--home", str(home), "--embedder", "hash"])
    assert ok.exit_code == 0 and json.loads(ok.output.splitlines()[-1])["id"] == "a"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q"}\n{"id": {"x": 1}, "question": "q"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["ask", "--batch", str(bad), "--home", str(home), "--embedder", "hash"])
    assert result.exit_code == 1 and "bad.jsonl:2" in result.output and "id must be" in result.output


def test_same_publication_twice_warns_and_replace_swaps(
    hash_store: Store, seed_pdf: Path, tmp_path: Path
) -> None:
    first = ingest_file(hash_store, seed_pdf)
    variant = tmp_path / "re-saved.pdf"
    variant.write_bytes(seed_pdf.read_bytes() + b"\n% re-saved\n")
    kept = ingest_file(hash_store, variant)
    assert kept.status == "ingested" and any(
        "already stored" in w and "--replace" in w for w in kept.warnings
    )
    assert len(hash_store.documents()) == 2
    hash_store.remove(kept.doc_id or "")
    swapped = ingest_file(hash_store, variant, replace=True)
    assert swapped.status == "ingested" and any(first.doc_id in w for w in swapped.warnings)
    assert [d.doc_id for d in hash_store.documents()] == [swapped.doc_id]
    _whole(hash_store)
