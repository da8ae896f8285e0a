"""Gold questions on a scan: a document's gold questions asked of a store that holds only a realistic scan
of it (bench/make_scan.py), beside the same questions asked of its digital original.

    python bench/gold_scan.py [PDF] [--gold eval/gold/seed_pdf.jsonl ...] [--dpi 170] [--embedder SPEC]
                              [--keep DIR]

Default: the seed document (2023 深圳 外办) from ../shared/samples/seed, else the bundled sample, and every
bundled gold question that concerns that document alone (cross-document questions need the other
documents). The scan is named like the original, so department and year are read the same way. Prints one
JSON line per store (right share, wrong-number share, the wrong items) and the OCR seconds; generated scans
stay in a temporary directory unless --keep names one.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
SEED = REPO.parent / "shared" / "samples" / "seed" / "2023_中共深圳市委外事工作委员会办公室_部门预算.pdf"


def _default_pdf() -> Path:
    return SEED if SEED.is_file() else next((REPO / "ingest" / "sample").glob("*.pdf"))


def gold_for(name: str, paths: list[Path]) -> list[dict[str, Any]]:
    """The gold items of `paths` that concern the document `name` alone (or no stored document at all)."""
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            item = json.loads(line)
            docs = item.get("doc")
            docs = [] if docs is None else [docs] if isinstance(docs, str) else docs
            if docs == [name] or (not docs and path.name.startswith("seed_pdf")):
                items.append(item)
    return items


def score_store(pdf: Path, gold: Path, home: Path, embedder: str | None) -> dict[str, Any]:
    from budgetqa.eval import run_eval
    from budgetqa.ingest import ingest_file
    from budgetqa.store import Store

    store = Store(home, embedder_spec=embedder)
    started = time.perf_counter()
    report = ingest_file(store, pdf)
    ingest_s = time.perf_counter() - started
    result = run_eval([gold], store)
    scored = result.scored
    right = [s for s in scored if s.right]
    wrong = [s for s in scored if s.wrong_number]
    return {
        "document": pdf.name,
        "status": report.status,
        "ingest_s": round(ingest_s, 1),
        "questions": len(scored),
        "right": len(right),
        "right_share": round(len(right) / max(1, len(scored)), 4),
        "wrong_numbers": len(wrong),
        "wrong_share": round(len(wrong) / max(1, len(scored)), 4),
        "not_right": [s.gold.id for s in scored if not s.right],
        "wrong_number_ids": [s.gold.id for s in wrong],
    }


def main() -> None:
    from make_scan import make_scan

    from budgetqa.eval import bundled_gold_paths

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdf", nargs="?", type=Path, default=_default_pdf())
    parser.add_argument("--gold", nargs="*", type=Path, default=None)
    parser.add_argument("--dpi", type=int, default=170)
    parser.add_argument("--embedder", default=None, help="embedder spec (default: the store's default)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the scan in this directory")
    args = parser.parse_args()
    items = gold_for(args.pdf.name, args.gold or bundled_gold_paths())
    if not items:
        sys.exit(f"no gold question concerns {args.pdf.name} alone")
    with tempfile.TemporaryDirectory(prefix="budgetqa-gold-scan-") as tmp:
        root = Path(tmp)
        gold = root / "gold.jsonl"
        gold.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        scan_dir = args.keep or root / "scan"
        scan = scan_dir / args.pdf.name
        if not scan.is_file():
            make_scan(args.pdf, scan, dpi=args.dpi)
        for label, pdf in (("digital", args.pdf), ("scan", scan)):
            line = score_store(pdf, gold, root / f"home-{label}", args.embedder)
            line["store"] = label
            line["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
