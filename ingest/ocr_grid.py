"""A scanned table's grid read cell by cell, without the text detector.

Text detection costs about a third of a page's OCR time, and on a table it mostly re-finds what the ruling
lines already say: where each cell's text is. So a page with a grid is read in two parts:
- each closed cell of the grid is cut out, its ink split into text lines by a row projection (and a line
  into pieces at wide gaps, so two figures in a cell whose dividing rule was lost stay two), and every
  piece is recognised in one batched call;
- the detector runs only on the horizontal bands of the page that still hold ink once the cells and the
  rules are whitened (the title, the 单位 line, a note, a header cell spanning two rows), each band cut out.
Pure functions on a greyscale page image and rules in PDF points; `scale` is pixels per point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["Cell", "Piece", "cell_pieces", "grid_cells", "ink_bands", "outside_cells"]

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
Cell = tuple[float, float, float, float]  # left, top, right, bottom in PDF points: inside a grid's rules
Piece = tuple[tuple[float, float, float, float], Any]  # a text piece's ink box in points, and its crop

INK = 128  # darker than this is ink (a scan's paper and its noise stay far above it)
STROKE = 180  # a thin stroke (the 一 of 一、) scans grey: inside a cell this is ink too
INSET = 3  # pixels kept off a cell's rules: the rule's own thickness and a residual tilt
GLYPH = 9.0  # points: the height of a table's smallest usual glyph (9 pt type)
LARGEST_CELL = 0.25  # share of the page: a "cell" this large is a page frame, left to the detector


def covers(rules: Sequence[Rule], y: float, left: float, right: float) -> bool:
    """A horizontal rule at `y` runs across [left, right]."""
    return any(
        top == bottom and abs(top - y) <= 1.5 and x0 <= left + 2 and x1 >= right - 2
        for x0, top, x1, bottom in rules
    )


def grid_cells(rules: Sequence[Rule], page: tuple[float, float] | None = None) -> list[Cell]:
    """The closed cells of the rules' grid: between two successive horizontal rules and two successive
    vertical rules crossing that band, with both horizontal rules running across the cell."""
    ys: list[float] = []
    for y in sorted(top for _, top, _, bottom in rules if top == bottom):
        if not ys or y - ys[-1] > 2:
            ys.append(y)
    verticals = [r for r in rules if r[0] == r[2]]
    limit = LARGEST_CELL * page[0] * page[1] if page else float("inf")
    cells: list[Cell] = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < 6:
            continue
        middle = (top + bottom) / 2
        xs: list[float] = []
        for x in sorted(x0 for x0, t, _, b in verticals if t <= middle <= b):
            if not xs or x - xs[-1] > 2:
                xs.append(x)
        for left, right in zip(xs, xs[1:], strict=False):
            if right - left < 6 or (right - left) * (bottom - top) > limit:
                continue
            if covers(rules, top, left, right) and covers(rules, bottom, left, right):
                cells.append((left, top, right, bottom))
    return cells


def _runs(mask: Any) -> list[tuple[int, int]]:
    """[start, end) runs of True in a 1-d boolean array."""
    import numpy as np

    padded = np.concatenate(([0], mask.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _lines(rows: Any, least: float) -> list[tuple[int, int]]:
    """Text lines from a cell's inked rows: runs closer than a third of the tallest run (or of `least`
    pixels, a small glyph's height) are one line (二, 三 and 类 are strokes with white between), as long as
    the joined line is no taller than 1.3 times that."""
    runs = _runs(rows)
    if not runs:
        return []
    tallest = max(least, *(b - a for a, b in runs))
    lines = [list(runs[0])]
    for a, b in runs[1:]:
        last = lines[-1]
        if a - last[1] < max(2, tallest / 3) and b - last[0] <= 1.3 * tallest:
            last[1] = b
        else:
            lines.append([a, b])
    return [(a, b) for a, b in lines]


def cell_pieces(image: Any, cell: Cell, scale: float) -> list[Piece]:
    """The text pieces of one cell: its lines, each cut at gaps wider than the line is tall, as ink boxes
    in points with crops padded in white (the recogniser reads a line with a margin, as the detector's
    boxes have one)."""
    import numpy as np

    left, top, right, bottom = cell
    x0, y0 = int(left * scale) + INSET, int(top * scale) + INSET
    x1, y1 = int(right * scale) - INSET, int(bottom * scale) - INSET
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    area = np.asarray(image.crop((x0, y0, x1, y1)))
    ink = area < STROKE
    out: list[Piece] = []
    for a, b in _lines(ink.any(axis=1), GLYPH * scale):
        height = b - a
        if height < 3:
            continue  # a speck or a rule's remnant
        columns = _runs(ink[a:b].any(axis=0))
        pieces: list[list[int]] = []
        for c, d in columns:
            if pieces and c - pieces[-1][1] <= height:
                pieces[-1][1] = d
            else:
                pieces.append([c, d])
        for c, d in pieces:
            if int(ink[a:b, c:d].sum()) < 6:
                continue
            # the scan's own paper around the text, as far as the cell allows: pasted on pure white, a lone
            # stroke (the 一 of 一般公共服务支出) reads as "·"
            pad = max(4, round(0.4 * height))
            crop = image.crop(
                (
                    x0 + max(0, c - pad),
                    y0 + max(0, a - pad),
                    x0 + min(area.shape[1], d + pad),
                    y0 + min(area.shape[0], b + pad),
                )
            )
            box = ((x0 + c) / scale, (y0 + a) / scale, (x0 + d) / scale, (y0 + b) / scale)
            out.append((box, crop))
    return out


def outside_cells(image: Any, cells: Sequence[Cell], rules: Sequence[Rule], scale: float) -> Any:
    """The page with its cells and rules whitened: what is left for the detector."""
    import numpy as np
    from PIL import Image

    pixels = np.array(image)
    for left, top, right, bottom in cells:
        pixels[int(top * scale) : int(bottom * scale) + 1, int(left * scale) : int(right * scale) + 1] = 255
    for x0, top, x1, bottom in rules:
        a, b = int(top * scale) - 3, int(bottom * scale) + 4
        c, d = int(x0 * scale) - 3, int(x1 * scale) + 4
        pixels[max(0, a) : b, max(0, c) : d] = 255
    return Image.fromarray(pixels)


def ink_bands(image: Any, margin: int = 12) -> list[tuple[int, int]]:
    """Pixel row bands [top, bottom) of a page image that hold ink, each widened by `margin` and close
    bands joined: where the detector has to look."""
    import numpy as np

    ink = np.asarray(image) < INK
    bands: list[list[int]] = []
    for a, b in _runs(ink.sum(axis=1) >= 2):
        a, b = max(0, a - margin), min(ink.shape[0], b + margin)
        if bands and a <= bands[-1][1] + margin:
            bands[-1][1] = b
        else:
            bands.append([a, b])
    return [(a, b) for a, b in bands if b - a >= 8]
