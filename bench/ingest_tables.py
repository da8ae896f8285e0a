"""Quick bench: table parsing + facts, pages per second, on the sample PDFs.

Run from the repo root: `.venv/bin/python bench/ingest_tables.py [PDF ...]` (defaults to the seed and
real samples in ../shared/samples).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pypdf

from budgetqa.ingest.pdf_tables import extract_pdf_tables

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def bench(path: Path) -> tuple[int, float, float, int, int]:
    """(pages, wall seconds, CPU seconds, tables, facts). CPU time is what an idle core would take:
    on a shared machine the wall clock mostly measures the neighbours."""
    pages = len(pypdf.PdfReader(path).pages)
    start, cpu = time.perf_counter(), time.process_time()
    result = extract_pdf_tables(path, path.stem)
    return (
        pages,
        time.perf_counter() - start,
        time.process_time() - cpu,
        len(result.tables),
        len(result.facts),
    )


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        *sorted((SAMPLES / "seed").glob("*.pdf")),
        *sorted((SAMPLES / "real").glob("*.pdf")),
    ]
    total_pages, total_wall, total_cpu = 0, 0.0, 0.0
    for path in paths:
        pages, wall, cpu, tables, facts = bench(path)
        total_pages, total_wall, total_cpu = total_pages + pages, total_wall + wall, total_cpu + cpu
        print(
            f"{pages / wall:6.1f} pages/s wall {pages / cpu:6.1f} pages/s CPU  {pages:3d} p"
            f"  {tables:2d} tables  {facts:4d} facts  {path.name}"
        )
    if total_wall and total_cpu:
        print(
            f"overall: {total_pages / total_wall:.1f} pages/s wall, {total_pages / total_cpu:.1f} pages/s CPU"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
