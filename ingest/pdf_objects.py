"""A page's glyphs and painted paths read by pdfium, in pdfplumber's object format.

pdfplumber's grid finder is exact but reads each page through pdfminer, a pure-Python content-stream
interpreter: on a table page of clipped cell paths that is ~60 ms a page, most of the table step. pdfium
(C) reads the same objects in a few milliseconds, so the objects are built from pdfium and handed to
pdfplumber, whose table finder, text lines and crops then work on them unchanged. Paths are shaped the
way pdfminer shapes them (one object per subpath: a two-point line, an axis-aligned rectangle, else a
curve) so the grid edges are the same. Pages that pdfium cannot describe this way (rotated pages, an
offset media box, form XObjects, rotated glyphs or glyphs without a Unicode mapping) return None and
the caller lets pdfminer parse them.
"""

from __future__ import annotations

import ctypes
from typing import Any

__all__ = ["box_object", "page_objects"]

Point = tuple[float, float]
_MOVETO = 2  # FPDF_SEGMENT_MOVETO
_BEZIER = 1  # FPDF_SEGMENT_BEZIERTO


def _chars(textpage: Any, top_of: float, left_of: float, page_number: int) -> list[dict[str, Any]] | None:
    """Glyph boxes the way pdfminer draws them: from the baseline's font descent up one font size (not
    the glyph outline, whose height varies: `一` and `、` would fall out of their line)."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    rect, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    descents: dict[tuple[int | None, float], float] = {}
    chars: list[dict[str, Any]] = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            continue  # spaces and line breaks pdfium infers; pdfminer has no such glyphs
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0x0D, 0x0A):
            continue
        if (
            pdfium_c.FPDFText_HasUnicodeMapError(raw, index)
            or code in (0, 0xFFFE, 0xFFFF)
            or 0xD800 <= code <= 0xDFFF
        ):
            return None  # an unmapped or astral glyph: leave the page to pdfminer
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.d <= 0:
            return None  # rotated or mirrored text: pdfminer's upright handling applies
        # the font size as set (Tf); the text matrix scales it (WPS sets Tf 521 and scales by 0.05)
        set_size = pdfium_c.FPDFText_GetFontSize(raw, index)
        size = set_size * matrix.d
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
        key = (ctypes.cast(font, ctypes.c_void_p).value, set_size)
        if key not in descents:
            ok = pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(set_size), descent)
            descents[key] = descent.value if ok else -0.2 * set_size
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
        y0 = y.value + descents[key] * matrix.d
        y1 = y0 + size
        x0, x1 = rect.left - left_of, rect.right - left_of
        top, bottom = top_of - y1, top_of - y0
        chars.append(
            {
                "object_type": "char",
                "page_number": page_number,
                "text": chr(code),
                "fontname": "",
                "size": size,
                "adv": x1 - x0,
                "upright": True,
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": x1 - x0,
                "height": size,
                "matrix": (1, 0, 0, 1, x0, y0),
                "stroking_color": None,
                "non_stroking_color": None,
            }
        )
    return chars


def _subpaths(path: Any) -> list[tuple[list[Point], bool]]:
    """Points of each subpath in page space (the object's matrix applied) and whether it has curves."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[list[Point], bool]] = []
    points: list[Point] = []
    curved = False
    beziers = 0  # pdfium lists a curve as three points (two controls, then the end); pdfminer keeps the end
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, k)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == _MOVETO and points:
            out.append((points, curved))
            points, curved = [], False
        if kind == _BEZIER:
            curved, beziers = True, beziers + 1
            if beziers % 3:
                continue
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points[0] != point:
            points.append(points[0])
    if points:
        out.append((points, curved))
    return out


def _shape(points: list[Point], curved: bool, top_of: float, left_of: float, page: int) -> dict[str, Any]:
    pts = [(px - left_of, top_of - py) for px, py in points]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    kind = "curve"
    if not curved and len(pts) == 2:
        kind = "line"
    elif not curved and len(pts) == 5 and pts[0] == pts[4]:
        (ax, ay), (bx, by), (cx, cy), (dx, dy), _ = pts
        if (ax == bx and by == cy and cx == dx and dy == ay) or (
            ay == by and bx == cx and cy == dy and dx == ax
        ):
            kind = "rect"
    return box_object(kind, page, x0, top, x1, bottom, top_of) | {"pts": pts, "stroke": True, "fill": False}


def box_object(
    kind: str, page: int, x0: float, top: float, x1: float, bottom: float, height: float
) -> dict[str, Any]:
    """The position fields every pdfplumber object carries (top-down `top`/`bottom`, bottom-up `y0`/`y1`)."""
    return {
        "object_type": kind,
        "page_number": page,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def page_objects(page: Any, page_number: int) -> dict[str, list[dict[str, Any]]] | None:
    """pdfplumber's `page.objects` (char, line, rect, curve) of a pdfium page; None when this page
    needs pdfminer (rotated, offset media box, form XObjects, rotated or unmapped glyphs)."""
    import pypdfium2.raw as pdfium_c

    left_of, bottom_of, _, top_of = page.get_mediabox()
    if page.get_rotation() != 0 or left_of != 0 or bottom_of != 0:
        return None  # pdfplumber's own coordinate conventions apply there
    objects: dict[str, list[dict[str, Any]]] = {"char": [], "line": [], "rect": [], "curve": []}
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None  # nested objects carry the form's matrix too
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if not fill.value and not stroke.value:
            continue
        for points, curved in _subpaths(obj.raw):
            if len(points) >= 2:
                shape = _shape(points, curved, top_of, left_of, page_number)
                objects[shape["object_type"]].append(shape)
    chars = _chars(page.get_textpage(), top_of, left_of, page_number)
    if chars is None:
        return None
    objects["char"] = chars
    return objects
