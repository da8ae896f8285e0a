"""Answering benchmark: a question file in batch mode (one Answerer, models loaded once), warm timings.

    python bench/ask.py [--home DIR] [GOLD.jsonl...]     (default: eval/gold/*.jsonl on the sample corpus)

Reports p50/p95 per question kind (table vs narrative), peak memory, and the one-shot CLI time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = [REPO / "ingest" / "sample", REPO.parent / "shared" / "samples" / "real"]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--home", default=None, help="reuse a store (default: a fresh one with the sample corpus)"
    )
    parser.add_argument("gold", nargs="*")
    args = parser.parse_args()
    from budgetqa.ingest import ingest_paths
    from budgetqa.qa import Answerer
    from budgetqa.store import Store

    home = args.home or tempfile.mkdtemp(prefix="budgetqa-bench-")
    store = Store(home)
    if not store.documents():
        files = [p for d in CORPUS if d.is_dir() for p in sorted(d.iterdir()) if p.suffix in (".pdf", ".md")]
        started = time.perf_counter()
        ingest_paths(store, files)
        print(f"ingested {len(files)} documents in {time.perf_counter() - started:.1f}s into {home}")
    gold_paths = [Path(g) for g in args.gold] or sorted((REPO / "eval" / "gold").glob("*.jsonl"))
    questions = []
    for path in gold_paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                questions.append((row.get("kind", "?"), row["question"]))
    answerer = Answerer(store)
    answerer.ask("三公经费是多少？")  # warm up: load facts, indexes and the model once
    by_kind: dict[str, list[float]] = {"table": [], "narrative": []}
    for kind, question in questions:
        started = time.perf_counter()
        answerer.ask(question)
        ms = (time.perf_counter() - started) * 1000
        by_kind["narrative" if kind == "narrative" else "table"].append(ms)
    print(f"{len(questions)} questions, warm, one process")
    for kind, values in by_kind.items():
        if values:
            print(
                f"  {kind:9} n={len(values):4} p50={statistics.median(values):6.1f} ms  p95={pct(values, 0.95):6.1f} ms"
            )
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for label, question in (
        ("table", "2023年公务接待费预算是多少？"),
        ("narrative", "外办2023年三公经费为什么减少？"),
    ):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "budgetqa.ui.cli", "ask", question, "--home", home],
            check=True,
            capture_output=True,
        )
        print(f"  one-shot `budgetqa ask` ({label}): {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
