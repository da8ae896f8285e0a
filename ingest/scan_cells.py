"""Table cells read from a scan: each figure carries the OCR confidence of its text, and the figures read
with low confidence are listed per page for staff (flagged, never dropped nor silently trusted)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from budgetqa.ingest.ocr import OcrPage
from budgetqa.store.records import Fact

__all__ = ["flagged_cells", "with_ocr_confidence"]


def with_ocr_confidence(facts: Sequence[Fact], scans: Mapping[int, OcrPage]) -> list[Fact]:
    """Facts of scanned pages with the lowest confidence of the OCR boxes inside their cell."""
    out = []
    for fact in facts:
        scan = scans.get(fact.page or 0)
        if scan is None or fact.bbox is None or fact.value is None:
            out.append(fact)
            continue
        x0, top, x1, bottom = fact.bbox
        inside = [
            b.confidence
            for b in scan.boxes
            if x0 <= (b.x0 + b.x1) / 2 <= x1 and top <= (b.top + b.bottom) / 2 <= bottom
        ]
        out.append(replace(fact, ocr_confidence=round(min(inside), 3)) if inside else fact)
    return out


def flagged_cells(facts: Sequence[Fact], name: str) -> list[str]:
    """One warning per scanned page listing its figures read with low confidence (the staff page shows it)."""
    by_page: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.ocr_flagged:
            by_page[fact.page or 0].append(fact)
    return [
        f"OCR: page {page} of {name}: {len(cells)} figure(s) read with low confidence, check them against "
        "the scan: "
        + "; ".join(f"{f.row_name} × {f.column} = {f.text} ({f.ocr_confidence:.2f})" for f in cells[:12])
        + ("; …" if len(cells) > 12 else "")
        for page, cells in sorted(by_page.items())
    ]
