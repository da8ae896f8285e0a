"""Data-loss check: random SIGKILLs of ingests and re-ingests, and pairs of concurrent ingests.

    python bench/faults.py [--kills 100] [--pairs 50]

Every run uses real processes (the `budgetqa` CLI and the re-ingest function) on a home under /tmp with the
hash embedder, and checks afterwards that every stored document is whole (its chunks' vectors, its facts)
and that no document that was stored before a kill is missing after it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = sorted((REPO / "ingest" / "sample").glob("*"))
PDF = next(p for p in SAMPLE if p.suffix == ".pdf")
MD = next(p for p in SAMPLE if p.suffix == ".md")
CLI = [sys.executable, "-m", "budgetqa.ui.cli"]
REINGEST = """
import sys
from budgetqa.ingest import reingest
from budgetqa.store import HashEmbedder, Store
store = Store(sys.argv[1], embedder=HashEmbedder())
while True:
    reingest(store, sys.argv[2])
"""


def whole(home: Path) -> tuple[set[str], list[str]]:
    """The stored document ids, and what is wrong (after the clean-up the next writer does)."""
    from budgetqa.store import HashEmbedder, Store

    store = Store(home, embedder=HashEmbedder())
    store.repair()  # what the next ingest's clean-up does; it never removes a committed document
    problems = [f"{d}: {v} vectors for {n} chunks" for d, (v, n) in store.drift().items()]
    for doc in store.documents():
        if not store.facts(doc.doc_id):
            problems.append(f"{doc.doc_id}: no facts")
    ids = {d.doc_id for d in store.documents()}
    store.close()
    return ids, problems


def kills(n: int, rng: random.Random) -> tuple[int, int]:
    lost = broken = 0
    for i in range(n):
        home = Path(tempfile.mkdtemp(prefix="budgetqa-kill-"))
        try:
            subprocess.run(
                [*CLI, "ingest", str(MD), "--home", str(home), "--embedder", "hash"],
                check=True,
                capture_output=True,
            )
            before, _ = whole(home)
            if i % 2 == 0:  # kill a fresh ingest
                proc = subprocess.Popen(
                    [*CLI, "ingest", str(PDF), "--home", str(home), "--embedder", "hash"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            else:  # kill a re-ingest loop of the stored document
                proc = subprocess.Popen([sys.executable, "-c", REINGEST, str(home), next(iter(before))])
            time.sleep(rng.uniform(0.2, 4.0))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            after, problems = whole(home)
            lost += len(before - after)
            broken += len(problems)
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return lost, broken


def pairs(n: int, rng: random.Random) -> tuple[int, int]:
    failed = broken = 0
    for _ in range(n):
        home = Path(tempfile.mkdtemp(prefix="budgetqa-pair-"))
        try:
            if rng.random() < 0.5:  # half on a home that already holds a document
                subprocess.run(
                    [*CLI, "ingest", str(MD), "--home", str(home), "--embedder", "hash"],
                    check=True,
                    capture_output=True,
                )
            first = subprocess.Popen(
                [*CLI, "ingest", str(PDF), "--home", str(home), "--embedder", "hash"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.0, 2.0))
            copy = home.parent / (home.name + "-copy.pdf")
            copy.write_bytes(PDF.read_bytes() + b"\n% another copy\n")
            second = subprocess.run(
                [*CLI, "ingest", str(copy), "--home", str(home), "--embedder", "hash"], capture_output=True
            )
            first.wait()
            copy.unlink()
            failed += int(first.returncode != 0) + int(second.returncode != 0)
            _, problems = whole(home)
            broken += len(problems)
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return failed, broken


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(11)
    started = time.perf_counter()
    lost, broken = kills(args.kills, rng)
    print(
        f"{args.kills} random SIGKILLs of ingest / re-ingest: {lost} committed documents lost, "
        f"{broken} documents not whole afterwards"
    )
    failed, broken2 = pairs(args.pairs, rng)
    print(
        f"{args.pairs} pairs of concurrent ingests into one home: {failed} ingests failed, "
        f"{broken2} documents not whole afterwards"
    )
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0 if not (lost or broken or failed or broken2) else 1


if __name__ == "__main__":
    sys.exit(main())
