"""Table cells read from a scan: each figure carries the OCR confidence of its text, and the figures read
with low confidence are listed per page for staff (flagged, never dropped nor silently trusted)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from budgetqa.ingest.ocr import OcrPage
from budgetqa.store.records import Fact

__all__ = [
    "OcrPageNote",
    "flagged_cells",
    "ocr_notes",
    "ocr_summary",
    "read_by_ocr",
    "with_ocr_confidence",
]


def read_by_ocr(page: OcrPage, name: str) -> str:
    """The ingest warning that a page was read by OCR, with its confidence (ocr_notes reads it back)."""
    low = f", {page.low_confidence} low-confidence boxes" if page.low_confidence else ""
    return (
        f"OCR: page {page.page} of {name} read by OCR ({len(page.boxes)} boxes, mean confidence "
        f"{page.confidence or 0:.2f}, min {page.min_confidence or 0:.2f}{low})"
    )


@dataclass(frozen=True)
class OcrPageNote:
    """A page read by OCR, as its ingest warnings tell it: mean and lowest box confidence, flagged figures."""

    page: int
    mean: float
    minimum: float | None  # None: ingested before the lowest confidence was noted
    flagged: int = 0


_READ = re.compile(
    r"OCR: page (\d+) of .* read by OCR \(\d+ boxes, mean confidence ([\d.]+)(?:, min ([\d.]+))?"
)
_FLAGGED = re.compile(r"OCR: page (\d+) of .*?: (\d+) figure\(s\) read with low confidence")


def ocr_notes(warnings: Iterable[str]) -> list[OcrPageNote]:
    """The OCR'd pages of one document, from its ingest warnings (the store keeps warnings, not scans)."""
    read: dict[int, tuple[float, float | None]] = {}
    flagged: dict[int, int] = {}
    for warning in warnings:
        if m := _READ.match(warning):
            read[int(m[1])] = (float(m[2]), float(m[3]) if m[3] else None)
        elif m := _FLAGGED.match(warning):
            flagged[int(m[1])] = int(m[2])
    return [OcrPageNote(p, mean, low, flagged.get(p, 0)) for p, (mean, low) in sorted(read.items())]


def ocr_summary(notes: Sequence[OcrPageNote]) -> str:
    """One line for staff: which pages OCR read, how sure it was, how many figures to check by eye."""
    if not notes:
        return ""
    pages = _spans([n.page for n in notes])
    mean = sum(n.mean for n in notes) / len(notes)
    lows = [n.minimum for n in notes if n.minimum is not None]
    flagged = sum(n.flagged for n in notes)
    return (
        f"第{pages}页（{len(notes)} 页）：平均置信度 {mean:.2f}"
        + (f"，最低 {min(lows):.2f}" if lows else "")
        + f"，存疑数字 {flagged} 个"
    )


def _spans(pages: Sequence[int]) -> str:
    """1, 2, 3, 5 -> 1–3、5"""
    out: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"{start}–{prev}" if prev > start else str(start))
        if p is not None:
            start = prev = p
    return "、".join(out)


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
