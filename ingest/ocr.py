"""Offline OCR of pages without a text layer (scans, signed covers, appended scanned tables).

rapidocr-onnxruntime carries the PP-OCRv4 Chinese detection and recognition models inside its wheel, so
nothing is downloaded. A page is rendered with pypdfium2, read into text boxes with their confidence, and
the boxes are set back into lines (top to bottom, left to right, wide gaps kept as two spaces like the
text layer's cell gaps), so OCR text feeds the same paragraph marking, chunking and page labels.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from budgetqa.ingest.ocr_engine import MIN_SCORE, Recogniser
from budgetqa.ingest.ocr_engine import engine as ocr_engine
from budgetqa.ingest.ocr_grid import cell_pieces, grid_cells, ink_bands, outside_cells
from budgetqa.ingest.pdf_objects import box_object
from budgetqa.store.records import OCR_LOW_CONFIDENCE

OCR_MODES = ("auto", "off", "force")
RENDER_SCALE = 2.0  # 144 dpi: the models read budget tables' 9–10 pt figures reliably at this size
LOW_CONFIDENCE = OCR_LOW_CONFIDENCE  # below it a figure is flagged (kept, answered with a caveat)


@dataclass(frozen=True)
class OcrBox:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


Rule = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points: a ruling line of the scan


@dataclass(frozen=True)
class OcrPage:
    page: int
    lines: tuple[str, ...]
    boxes: tuple[OcrBox, ...]
    rules: tuple[Rule, ...] = ()  # table ruling lines found in the image (its grid)
    size: tuple[float, float] = (0.0, 0.0)  # page width, height in points
    error: str | None = None  # why the page could not be read, when it could not

    @property
    def confidence(self) -> float | None:
        return statistics.fmean(b.confidence for b in self.boxes) if self.boxes else None

    @property
    def min_confidence(self) -> float | None:
        return min(b.confidence for b in self.boxes) if self.boxes else None

    @property
    def low_confidence(self) -> int:
        return sum(1 for b in self.boxes if b.confidence < LOW_CONFIDENCE)


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


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

    out: dict[int, OcrPage] = {}
    document = pdfium.PdfDocument(str(path), password=password)
    try:
        for done, number in enumerate(pages, 1):
            page = document[number - 1]
            try:
                out[number] = _read(number, page)
            except Exception as exc:  # one unreadable page must not lose the document: it stays textless
                out[number] = OcrPage(number, (), (), error=f"{type(exc).__name__}: {exc}")
            if progress:
                progress("ocr", done, len(pages))
    finally:
        document.close()
    return out


def _read(number: int, page: Any, engine: Any = None) -> OcrPage:
    """One page: its grid, its text lines found and read, then what the detector got wrong read again
    (each kind of re-read in one batched call)."""
    rendered = page.render(scale=RENDER_SCALE).to_pil().convert("L")
    if blank(rendered):
        # a truly blank page (the back of a cover, a page left empty): nothing to straighten, detect or read
        return OcrPage(number, (), (), (), tuple(page.get_size()))
    engine = engine or ocr_engine()  # loaded on the first page with ink: a blank page costs no model load
    import numpy as np

    image = straightened(rendered)
    del rendered  # the straightened copy is the page from here on
    rules = rules_of(image)
    size = tuple(page.get_size())
    cells = grid_cells(rules, size)
    pieces = [piece for cell in cells for piece in cell_pieces(image, cell, RENDER_SCALE)]
    if cells:  # the detector looks only where the grid's cells do not: above, below, in spanning cells
        rest = outside_cells(image, cells, rules, RENDER_SCALE)
        quads = []
        for upper, lower in ink_bands(rest):
            band = rest.crop((0, upper, rest.width, lower))
            quads += [q + np.asarray([0, upper], dtype=np.float32) for q in engine.detect(band)]
    else:
        quads = engine.detect(image)
    crops = engine.crops(image, quads) + [crop for _, crop in pieces]
    read = engine.recognise(crops)
    boxes: list[OcrBox] = []
    for quad, (text, confidence) in zip(quads, read, strict=False):
        if not text or confidence < MIN_SCORE:
            continue  # a figure read unsure is kept: its cell is stored flagged, with this confidence
        xs, ys = [float(p[0]) / RENDER_SCALE for p in quad], [float(p[1]) / RENDER_SCALE for p in quad]
        boxes.append(OcrBox(text, min(xs), min(ys), max(xs), max(ys), confidence))
    boxes = split_at_rules(with_leading_glyphs(boxes, rules, image, engine), rules, image, engine)
    for ((x0, top, x1, bottom), _), (text, confidence) in zip(pieces, read[len(quads) :], strict=True):
        if text and confidence >= MIN_SCORE:
            boxes.append(OcrBox(text, x0, top, x1, bottom, confidence))
    boxes += unread_cells(boxes, rules, image, engine)
    boxes = [
        replace(b, text=thousands_commas(b.text.replace("．", "."))) for b in boxes
    ]  # 1．一般: as printed
    lines = thousands_commas("\n".join(lines_of(boxes))).split("\n")  # an amount ending a line: 万元 next
    return OcrPage(number, tuple(lines), tuple(boxes), tuple(rules), size)


# An amount in 元 or 万元 whose groups of three digits are split by points: OCR reads a thousands comma as a
# point (减少1,568万元 read 减少1.568万元). Read as decimals they would be 厘 of a 元 or 十元 of a 万元, which
# budgets never print; a leading 0 (0.568万元) or 亿元 (1.568亿元) stays a decimal.
_POINTED_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[.,]\d{3})+(?:\.\d{1,2})?(?=\s*万?元)")


def thousands_commas(text: str) -> str:
    """OCR text with a point misread for a thousands comma put back as a comma (see _POINTED_THOUSANDS)."""

    def fixed(m: re.Match[str]) -> str:
        figure = m[0]
        decimals = re.search(r"\.\d{1,2}$", figure)
        head = figure[: decimals.start()] if decimals else figure
        return head.replace(".", ",") + (decimals[0] if decimals else "")

    return _POINTED_THOUSANDS.sub(fixed, text)


BLANK_INK = 0.0003  # below this share of dark pixels a page prints nothing readable (a page number at most)


RULED_INK = 0.05  # more dark pixels than this is a page with content: not worth looking for bare rules
RULE_RUN = 12.0  # points: a straight dark run this long is a ruling line (a 10 pt glyph's stroke is shorter)


def blank(image: Any) -> bool:
    """Whether a greyscale page image is blank: almost no pixel darker than mid-grey once its long straight
    runs are taken out, so an empty grid (ruled lines with no text in them) is blank too."""
    import numpy as np

    dark = np.asarray(image) < 128
    share = float(dark.mean())
    if share < BLANK_INK:
        return True
    if share > RULED_INK:
        return False
    if _solid(dark, int(2 * RENDER_SCALE) * 2 + 1):
        return False  # a filled block (a seal, a blacked-out line) is print, not a ruling line
    run = int(RULE_RUN * RENDER_SCALE)
    left = dark & ~(_in_runs(dark, run, axis=1) | _in_runs(dark, run, axis=0))
    return float(left.mean()) < BLANK_INK


def _solid(dark: Any, side: int) -> bool:
    """Whether some `side` x `side` square of the image is all dark (thicker than any ruling line)."""
    import numpy as np

    sums = np.pad(dark.astype(np.int32), ((1, 0), (1, 0))).cumsum(axis=0).cumsum(axis=1)
    window = sums[side:, side:] - sums[:-side, side:] - sums[side:, :-side] + sums[:-side, :-side]
    return bool((window == side * side).any())


def _in_runs(dark: Any, run: int, axis: int) -> Any:
    """The pixels of `dark` inside a straight run of at least `run` dark pixels along `axis`."""
    import numpy as np

    grid = dark if axis == 1 else dark.T
    sums = np.cumsum(np.pad(grid, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (sums[:, run:] - sums[:, :-run]) == run  # the window starting here is all dark
    starts = np.cumsum(np.pad(full, ((0, 0), (run, run - 1))).astype(np.int32), axis=1)
    inside = (starts[:, run:] - starts[:, :-run]) > 0  # some full window covers the pixel
    return inside if axis == 1 else inside.T


_LEADING = re.compile(r"[一二三四五六七八九十]、?")  # what the detector leaves out: a numbering's lone stroke


def with_leading_glyphs(
    boxes: Sequence[OcrBox], rules: Sequence[Rule], image: Any, engine: Recogniser
) -> list[OcrBox]:
    """Boxes widened over ink just left of them on their line: the detector often leaves out a lone leading
    stroke (the 一 of 一、货物, 一般行政管理事务), which makes another row name. The widened crops are read
    again and kept only when they read the old text after a numeral, confidently."""
    wider = {i: found for i, box in enumerate(boxes) if (found := _leading_ink(box, rules, image))}
    read = dict(zip(wider, engine.recognise([crop for _, crop in wider.values()]), strict=True))
    out = list(boxes)
    for i, (text, confidence) in read.items():
        box, start = boxes[i], wider[i][0]
        prefix = text[: len(text) - len(box.text)]
        if text.endswith(box.text) and _LEADING.fullmatch(prefix) and confidence >= LOW_CONFIDENCE:
            out[i] = OcrBox(text, start, box.top, box.x1, box.bottom, min(confidence, box.confidence))
    return out


def _leading_ink(box: OcrBox, rules: Sequence[Rule], image: Any) -> tuple[float, Any] | None:
    """Where ink starts left of a text box within its cell, and the crop from there to the box's end."""
    import numpy as np

    if not re.match(r"[、\u4e00-\u9fff]", box.text):
        return (
            None  # a figure: a glyph left of it belongs to the figure of the next column in a lineless grid
        )
    height = box.bottom - box.top
    middle = (box.top + box.bottom) / 2
    walls = [x0 for x0, top, x1, bottom in rules if x0 == x1 and top <= middle <= bottom and x0 < box.x0 - 1]
    left = max([box.x0 - 1.5 * height, *(x + 1.5 for x in walls)])
    if box.x0 - left < 0.4 * height:
        return None
    inset = 0.2 * height
    strip = np.asarray(
        image.crop(
            (
                int(left * RENDER_SCALE),
                int((box.top + inset) * RENDER_SCALE),
                int(box.x0 * RENDER_SCALE),
                int((box.bottom - inset) * RENDER_SCALE),
            )
        )
    )
    dark = np.flatnonzero((strip < 180).sum(axis=0) > 0)  # a thin stroke scans grey, not black
    if dark.size < 0.25 * height * RENDER_SCALE:
        return None  # nothing there, or a speck
    start = left + float(dark[0]) / RENDER_SCALE - 2
    crop = image.crop(
        (
            int(start * RENDER_SCALE),
            int(box.top * RENDER_SCALE),
            int(box.x1 * RENDER_SCALE) + 1,
            int(box.bottom * RENDER_SCALE) + 1,
        )
    )
    return start, crop


def split_at_rules(
    boxes: Sequence[OcrBox], rules: Sequence[Rule], image: Any, engine: Recogniser
) -> list[OcrBox]:
    """A text box that runs across a table's vertical rule (因公出国（境）| 公务接待 read as one line) is two
    cells' texts: each side is read again on its own, so no character lands in the neighbouring cell."""
    pieces = [_pieces(box, rules, image) for box in boxes]
    crops = [crop for found in pieces if found is not None for _, _, crop in found]
    read = iter(engine.recognise(crops))
    out: list[OcrBox] = []
    for box, found in zip(boxes, pieces, strict=True):
        if found is None:
            out.append(box)
            continue
        for left, right, _ in found:
            text, confidence = next(read)
            if _confident(text, confidence):
                out.append(OcrBox(text, left, box.top, right, box.bottom, confidence))
    return out


def _pieces(box: OcrBox, rules: Sequence[Rule], image: Any) -> list[tuple[float, float, Any]] | None:
    """The parts of a box between the vertical rules it crosses, with their crops; None: it crosses none."""
    middle = (box.top + box.bottom) / 2
    cuts = sorted(
        x0
        for x0, top, x1, bottom in rules
        if x0 == x1 and top <= middle <= bottom and box.x0 + 3 < x0 < box.x1 - 3
    )
    if not cuts:
        return None
    out = []
    edges = [box.x0, *cuts, box.x1]
    for left, right in zip(edges, edges[1:], strict=False):
        if right - left < 4 or box.bottom - box.top < 2:
            continue  # a sliver between two rules: no glyph fits
        crop = image.crop(
            (
                int(left * RENDER_SCALE) + 2,
                int(box.top * RENDER_SCALE),
                int(right * RENDER_SCALE) - 2,
                int(box.bottom * RENDER_SCALE) + 1,
            )
        )
        if crop.width >= 4:
            out.append((left, right, crop))
    return out


def _confident(text: str, confidence: float) -> bool:
    """Text worth keeping: a figure from rapidocr's own floor up (below LOW_CONFIDENCE it is stored
    flagged, so staff and answers see it was read unsure), other text only when read confidently (a
    re-read sliver of a word at low confidence is noise)."""
    if not text or not any(c.isalnum() for c in text):
        return False
    return confidence >= (MIN_SCORE if _FIGURE.fullmatch(text) else LOW_CONFIDENCE)


_FIGURE = re.compile(r"[-+\d,.oO〇]+")


def unread_cells(
    boxes: Sequence[OcrBox], rules: Sequence[Rule], image: Any, engine: Recogniser
) -> list[OcrBox]:
    """Cells of the scan's grid that hold ink but no detected text (a lone "0" is often below the text
    detector's notice): each is recognised on its own."""
    import numpy as np

    cells: list[tuple[float, float, float, float, Any]] = []
    for left, top, right, bottom in grid_cells(rules):
        if any(left < (b.x0 + b.x1) / 2 < right and top < (b.top + b.bottom) / 2 < bottom for b in boxes):
            continue
        crop = image.crop(
            (
                int(left * RENDER_SCALE) + 3,
                int(top * RENDER_SCALE) + 3,
                int(right * RENDER_SCALE) - 3,
                int(bottom * RENDER_SCALE) - 3,
            )
        )
        ink = np.asarray(crop) < 128
        if int(ink.sum()) < 6:
            continue  # a blank cell
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        pad = 6  # the recogniser reads a tight line of text, not a small glyph lost in a wide cell
        crop = crop.crop(
            (
                max(0, int(cols[0]) - pad),
                max(0, int(rows[0]) - pad),
                min(crop.width, int(cols[-1]) + pad + 1),
                min(crop.height, int(rows[-1]) + pad + 1),
            )
        )
        cells.append((left, top, right, bottom, crop))
    read = engine.recognise([cell[4] for cell in cells])
    return [
        OcrBox(text, left + 1, top + 1, right - 1, bottom - 1, confidence)
        for (left, top, right, bottom, _), (text, confidence) in zip(cells, read, strict=True)
        if _confident(text, confidence)
    ]


def straightened(image: Any) -> Any:
    """The page turned upright: a scan is often tilted by a fraction of a degree, which bends a table's
    ruling lines across pixel rows. The angle is the one whose dark-pixel row profile is sharpest."""
    import numpy as np
    from PIL import Image

    small = image.resize((max(1, image.width // 2), max(1, image.height // 2)))
    best, best_angle = -1.0, 0.0
    for tenth in range(-15, 16):
        angle = tenth / 10
        turned = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255)
        rows = (np.asarray(turned) < 128).sum(axis=1).astype(float)
        score = float((rows**2).sum())
        if score > best:
            best, best_angle = score, angle
    if best_angle == 0.0:
        return image
    return image.rotate(best_angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def rules_of(image: Any, min_points: float = 18.0) -> list[Rule]:
    """Horizontal and vertical ruling lines of a (straightened) page image, in PDF points: runs of dark
    pixels at least `min_points` long (longer than any stroke of a 10 pt glyph), thin runs in adjacent pixel
    rows or columns merged into one line."""
    import numpy as np

    dark = np.asarray(image) < 150
    scale = RENDER_SCALE
    min_run = int(min_points * scale)
    rules: list[Rule] = []
    for axis in (0, 1):  # 0: horizontal lines (scan rows), 1: vertical lines (scan columns)
        grid = dark if axis == 0 else dark.T
        segments: list[tuple[int, int, int]] = []  # (row, start, end)
        for row in range(grid.shape[0]):
            line = grid[row]
            if line.sum() < min_run:
                continue
            padded = np.concatenate(([0], line.view(np.int8), [0]))
            edges = np.flatnonzero(np.diff(padded))
            for start, end in zip(edges[::2], edges[1::2], strict=True):
                if end - start >= min_run:
                    segments.append((row, int(start), int(end)))
        merged: list[list[int]] = []  # [first_row, last_row, start, end]
        for row, start, end in segments:
            joined = False
            for m in reversed(merged):
                if row - m[1] > 2:
                    break  # merged runs are in row order: the rest are further up
                if start < m[3] + 2 * scale and end > m[2] - 2 * scale:
                    m[1], m[2], m[3] = row, min(m[2], start), max(m[3], end)
                    joined = True
                    break
            if not joined:
                merged.append([row, row, start, end])
        for first, last, start, end in merged:
            if last - first > 4 * scale:
                continue  # a filled block (a shaded cell, a seal), not a rule
            middle = (first + last + 1) / 2 / scale
            if axis == 0:
                rules.append((start / scale, middle, end / scale, middle))
            else:
                rules.append((middle, start / scale, middle, end / scale))
    return without_glyph_strokes(rules)


GLYPH_SPAN = 36.0  # points: a cluster of strokes no larger than this is a big glyph, not a grid


def without_glyph_strokes(rules: Sequence[Rule], span: float = GLYPH_SPAN) -> list[Rule]:
    """The rules less the strokes of large glyphs (a bold 20 pt title's 训 has 20 pt long strokes).

    Rules that touch are one cluster; a table's rules join into clusters spanning its width or height, while
    a glyph's strokes touch only each other within the glyph's em box. Cutting a title at those strokes
    loses its characters, and a title read in pieces no longer separates two tables."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = [i for i, r in enumerate(rules) if r[1] == r[3]]
    vertical = [i for i, r in enumerate(rules) if r[0] == r[2] and r[1] != r[3]]
    tolerance = 2.0
    for h in horizontal:
        hx0, y, hx1, _ = rules[h]
        for v in vertical:
            x, vtop, _, vbottom = rules[v]
            if hx0 - tolerance <= x <= hx1 + tolerance and vtop - tolerance <= y <= vbottom + tolerance:
                parent[root(h)] = root(v)
    extent: dict[int, list[float]] = {}
    for i, (x0, top, x1, bottom) in enumerate(rules):
        box = extent.setdefault(root(i), [x0, top, x1, bottom])
        box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
    return [
        r
        for i, r in enumerate(rules)
        if max(extent[root(i)][2] - extent[root(i)][0], extent[root(i)][3] - extent[root(i)][1]) > span
    ]


def scan_objects(page: OcrPage) -> dict[str, list[dict[str, Any]]]:
    """pdfplumber's page objects for a scanned page: each OCR box's characters spread across its width,
    and the image's ruling lines as line objects, so the digital table finder reads the scan's grid."""
    _, height = page.size
    chars: list[dict[str, Any]] = []
    for box in page.boxes:
        text = box.text
        if re.fullmatch(r"[oO〇]", text) or (re.fullmatch(r"[-\d,.oO]+", text) and re.search(r"\d", text)):
            text = re.sub(r"[oO〇]", "0", text)  # a zero in a figure cell, read as the letter o
        glyphs = [c for c in text if not c.isspace()]
        if not glyphs:
            continue
        # a full-width glyph (汉字, ，) is about twice as wide as a digit or a bracket
        weights = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in glyphs]
        unit = (box.x1 - box.x0) / sum(weights)
        size = box.bottom - box.top
        x0 = box.x0
        for glyph, weight in zip(glyphs, weights, strict=True):
            width = unit * weight
            chars.append(
                box_object("char", page.page, x0, box.top, x0 + width, box.bottom, height)
                | {
                    "text": glyph,
                    "fontname": "OCR",
                    "size": size,
                    "adv": width,
                    "upright": True,
                    "matrix": (1, 0, 0, 1, x0, height - box.bottom),
                    "stroking_color": None,
                    "non_stroking_color": None,
                }
            )
            x0 += width
    lines = [
        box_object("line", page.page, x0, top, x1, bottom, height)
        | {"pts": [(x0, top), (x1, bottom)], "stroke": True, "fill": False, "linewidth": 1}
        for x0, top, x1, bottom in page.rules
    ]
    return {"char": chars, "line": lines, "rect": [], "curve": []}
