"""Scanned tables: how many of a digital PDF's table cells come back from a realistic scan of it, how many
figures come back wrong, and how fast OCR reads (pages/s, CPU seconds per page, peak RSS).

    python bench/ocr_tables.py [PDF] [--pages 10-30] [--dpi 170]

Default: the bundled sample's table pages. The digital original's table cells (its text layer) are the truth:
a cell is recovered when the scan gives the same page, row, column and value; it is wrong when the scan
gives the same page, row and column with another figure and no low-confidence flag (a blank is a miss,
not a wrong figure; a flagged misreading is counted apart, as `wrong_but_flagged`).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def _name(text: str) -> str:
    return re.sub(r"[\s【】〔〕\[\]（）()]", "", text or "")


def main() -> None:
    import pypdf
    from make_scan import make_scan

    from budgetqa.ingest.pdf_pages import read_pdf
    from budgetqa.ingest.pdf_tables import extract_pdf_tables

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdf", nargs="?", default=str(next((REPO / "ingest" / "sample").glob("*.pdf"))))
    parser.add_argument("--pages", default="10-30")
    parser.add_argument("--dpi", type=int, default=170)
    parser.add_argument("--show", type=int, default=5, help="how many missing cells to list")
    args = parser.parse_args()
    first, _, last = args.pages.partition("-")
    pages = list(range(int(first), int(last or first) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        digital = Path(tmp) / "digital.pdf"
        writer = pypdf.PdfWriter()
        source = pypdf.PdfReader(args.pdf)
        for number in pages:
            writer.add_page(source.pages[number - 1])
        writer.write(digital)
        scan = make_scan(Path(args.pdf), Path(tmp) / "scan.pdf", pages=pages, dpi=args.dpi)
        truth = {
            (f.page, _name(f.row_name), _name(f.column)): f.value
            for f in extract_pdf_tables(digital, "d").facts
        }
        started, cpu = time.perf_counter(), time.process_time()
        read = read_pdf(scan)
        ocr_s, ocr_cpu = time.perf_counter() - started, time.process_time() - cpu
        extraction = extract_pdf_tables(scan, "s", read.scans)
    got = {(f.page, _name(f.row_name), _name(f.column)): f for f in extraction.facts}
    recovered = sum(1 for k, v in truth.items() if k in got and got[k].value == v)
    wrong = [
        (k, str(v), str(got[k].value), got[k].ocr_flagged)
        for k, v in truth.items()
        if k in got and got[k].value is not None and got[k].value != v
    ]
    unflagged = [w[:3] for w in wrong if not w[3]]
    missing = [(k, str(v)) for k, v in truth.items() if k not in got]
    print(
        json.dumps(
            {
                "pdf": Path(args.pdf).name,
                "pages": len(pages),
                "ocr_pages_per_s": round(len(pages) / ocr_s, 2),
                # CPU seconds (all threads): on a machine shared with other work, wall time says little
                "ocr_cpu_s_per_page": round(ocr_cpu / len(pages), 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "truth_cells": len(truth),
                "recovered": recovered,
                "recovered_share": round(recovered / max(1, len(truth)), 4),
                "wrong_figures": len(unflagged),  # stored wrong with no flag: must stay 0
                "wrong_examples": unflagged[:5],
                "wrong_but_flagged": len(wrong) - len(unflagged),
                "missing": len(missing),  # truth cells the scan gave no cell for (page, row, column)
                "missing_examples": missing[: args.show],
                "flagged_cells": sum(1 for f in extraction.facts if f.ocr_flagged),
                "low_confidence_boxes": sum(p.low_confidence for p in read.scans.values()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
