"""Offline OCR of pages without a text layer (scans, signed covers, appended scanned tables).

rapidocr-onnxruntime carries the PP-OCRv4 Chinese detection and recognition models inside its wheel, so
nothing is downloaded. A page is rendered with pypdfium2, read into text boxes with their confidence, and
the boxes are set back into lines (top to bottom, left to right, wide gaps kept as two spaces like the
text layer's cell gaps), so OCR text feeds the same paragraph marking, chunking and page labels.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from budgetqa.ingest.errors import IngestError

OCR_MODES = ("auto", "off", "force")
RENDER_SCALE = 2.0  # 144 dpi: the models read budget tables' 9–10 pt figures reliably at this size
LOW_CONFIDENCE = 0.90


@dataclass(frozen=True)
class OcrBox:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    page: int
    lines: tuple[str, ...]
    boxes: tuple[OcrBox, ...]

    @property
    def confidence(self) -> float | None:
        return statistics.fmean(b.confidence for b in self.boxes) if self.boxes else None

    @property
    def low_confidence(self) -> int:
        return sum(1 for b in self.boxes if b.confidence < LOW_CONFIDENCE)


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - the default install has it
        raise IngestError(
            "OCR needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime==1.4.4, or ingest with --ocr off"
        ) from exc
    return RapidOCR()


def lines_of(boxes: Sequence[OcrBox]) -> list[str]:
    """Boxes set into text lines: a box joins the line whose vertical middle it shares."""
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        height = box.bottom - box.top
        if rows:
            last = rows[-1]
            last_middle = statistics.fmean((b.top + b.bottom) / 2 for b in last)
            if abs(middle - last_middle) <= 0.5 * max(height, 1.0):
                last.append(box)
                continue
        rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        text = row[0].text
        for prev, box in zip(row, row[1:], strict=False):
            gap = box.x0 - prev.x1
            text += ("  " if gap > (prev.bottom - prev.top) else "") + box.text
        out.append(text)
    return out


def ocr_pages(
    path: Path,
    pages: Sequence[int],
    password: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[int, OcrPage]:
    """OCR the given 1-based pages; box coordinates are in PDF points (top-down), like the text layer's."""
    import pypdfium2 as pdfium

    engine = _engine()
    out: dict[int, OcrPage] = {}
    document = pdfium.PdfDocument(str(path), password=password)
    try:
        for done, number in enumerate(pages, 1):
            image = document[number - 1].render(scale=RENDER_SCALE).to_pil()
            result, _ = engine(image)
            boxes = []
            for points, text, confidence in result or []:
                xs = [p[0] / RENDER_SCALE for p in points]
                ys = [p[1] / RENDER_SCALE for p in points]
                if str(text).strip():
                    boxes.append(
                        OcrBox(str(text).strip(), min(xs), min(ys), max(xs), max(ys), float(confidence))
                    )
            out[number] = OcrPage(number, tuple(lines_of(boxes)), tuple(boxes))
            if progress:
                progress("ocr", done, len(pages))
    finally:
        document.close()
    return out
