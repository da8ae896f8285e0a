"""The preview behind a citation: the cited PDF page as an image with the cell boxed, and the table slice.

pdfium is not thread-safe, so every render goes through one lock; rendered pages are cached because a
user flipping between citations of one answer asks for the same few pages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from PIL import Image, ImageDraw

from budgetqa.store import Fact, Store

RENDER_SCALE = 2.0  # 144 dpi: small table digits stay legible
HIGHLIGHT_PAD = 2.0  # points around the cell box
SLICE_RADIUS = 3  # rows shown above and below the cited row
ZOOM_MARGIN = 90.0  # points above and below the cell in the zoomed strip
_CACHE_SIZE = 16

_render_lock = threading.Lock()
_cache: OrderedDict[tuple[str, float, int, float], Image.Image] = OrderedDict()


@dataclass
class Preview:
    page_image: Image.Image | None
    zoom_image: Image.Image | None
    caption: str
    table: pd.DataFrame


def render_page(pdf_path: Path, page: int, scale: float = RENDER_SCALE) -> Image.Image:
    """Physical page `page` (1-based) as an RGB image; a copy, so callers may draw on it."""
    import pypdfium2 as pdfium

    key = (str(pdf_path), pdf_path.stat().st_mtime, page, scale)
    with _render_lock:
        cached = _cache.get(key)
        if cached is None:
            pdf = pdfium.PdfDocument(str(pdf_path))
            try:
                if not 1 <= page <= len(pdf):
                    raise ValueError(f"{pdf_path.name} has {len(pdf)} pages, not page {page}")
                cached = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
            finally:
                pdf.close()
            _cache[key] = cached
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        _cache.move_to_end(key)
        return cached.copy()


def scale_box(
    bbox: tuple[float, float, float, float] | list[float], scale: float, pad: float = HIGHLIGHT_PAD
) -> tuple[float, float, float, float]:
    """A PDF-point box (x0, top, x1, bottom; top measured from the page top) in image pixels."""
    x0, top, x1, bottom = (float(v) for v in bbox)
    return ((x0 - pad) * scale, (top - pad) * scale, (x1 + pad) * scale, (bottom + pad) * scale)


def highlight(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    """A translucent yellow fill with a red frame, so the figure under it stays readable."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle(box, fill=(255, 221, 0, 90), outline=(220, 30, 30, 255), width=3)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def zoom_strip(image: Image.Image, box: tuple[float, float, float, float], scale: float) -> Image.Image:
    """The full-width band of the page around the cell: its row plus a few rows of context."""
    margin = ZOOM_MARGIN * scale
    top = max(0, int(box[1] - margin))
    bottom = min(image.height, int(box[3] + margin))
    return image.crop((0, top, image.width, max(bottom, top + 1)))


def table_slice(facts: list[Fact], row_index: int, radius: int = SLICE_RADIUS) -> pd.DataFrame:
    """Rows of one table near `row_index`, one column per header path, the cited row marked ▶."""
    near = [f for f in facts if abs(f.row_index - row_index) <= radius]
    columns = list(dict.fromkeys(f.column for f in near))
    rows: dict[int, dict[str, str]] = {}
    for fact in near:
        row = rows.setdefault(
            fact.row_index,
            {
                "": "▶" if fact.row_index == row_index else "",
                "编码": fact.row_code or "",
                "项目": fact.row_name,
            },
        )
        row[fact.column] = fact.text
    header = ["", "编码", "项目", *columns]
    frame = pd.DataFrame([rows[i] for i in sorted(rows)], columns=header).fillna("")
    frame = frame.rename(columns=short_headers(columns))
    if not frame["编码"].astype(bool).any():
        frame = frame.drop(columns=["编码"])
    return frame


GENERIC_HEADERS = ("小计", "合计", "总计")  # meaningless without their parent header


def short_headers(columns: list[str]) -> dict[str, str]:
    """Header paths by their last part where unambiguous: `公务用车…/购置费` -> `购置费`; `…/小计` stays whole."""
    lasts = [c.split("/")[-1] for c in columns]
    return {
        c: last if lasts.count(last) == 1 and (last == c or last not in GENERIC_HEADERS) else c
        for c, last in zip(columns, lasts, strict=True)
    }


def _cited_fact(store: Store, citation: dict[str, Any]) -> Fact | None:
    fact_id = citation.get("fact_id")
    if fact_id is None:
        return None
    found = store.facts(fact_ids=[int(fact_id)])
    return found[0] if found else None


def preview_citation(store: Store, citation: dict[str, Any] | None) -> Preview:
    """Everything the preview panel shows for one citation dict (see handlers.citation_to_dict)."""
    empty = pd.DataFrame()
    if not citation:
        return Preview(None, None, "", empty)
    doc_id = citation.get("doc_id")
    page = citation.get("page")
    fact = _cited_fact(store, citation)
    caption = _caption(citation)
    table = empty
    if fact is not None:
        table = table_slice(store.facts(doc_id=fact.doc_id, table_no=fact.table_no), fact.row_index)
    path = store.file_path(str(doc_id)) if doc_id else None
    if path is None or path.suffix.lower() != ".pdf" or not page:
        note = "（原文页面不可用：该文件没有保存 PDF 副本或引用没有页码。）"
        return Preview(None, None, f"{caption}\n\n{note}", table)
    try:
        image = render_page(path, int(page))
    except (ValueError, OSError) as exc:
        return Preview(None, None, f"{caption}\n\n（无法渲染页面：{exc}）", table)
    bbox = citation.get("bbox") or (list(fact.bbox) if fact is not None and fact.bbox else None)
    if not bbox:
        return Preview(image, None, caption, table)
    box = scale_box(bbox, RENDER_SCALE)
    marked = highlight(image, box)
    return Preview(marked, zoom_strip(marked, box, RENDER_SCALE), caption, table)


def _caption(citation: dict[str, Any]) -> str:
    lines = [f"**{citation.get('source') or citation.get('doc_id') or ''}**"]
    if citation.get("page"):
        label = f"（印刷页码 {citation['page_label']}）" if citation.get("page_label") else ""
        lines.append(f"第 {citation['page']} 页{label}")
    for key, name in (("table", "表格"), ("section", "部分"), ("row", "行"), ("column", "列")):
        # A table citation names its table; the section adds nothing there.
        if citation.get(key) and not (key == "section" and citation.get("table")):
            lines.append(f"{name}：{citation[key]}")
    if citation.get("quote"):
        lines.append(f"\n> {' '.join(str(citation['quote']).split())}")
    return "  \n".join(lines)


def preview_outputs(store: Store, citations: list[dict[str, Any]], index: Any) -> tuple[Any, ...]:
    """(caption, page image, zoom image, table slice) for citation number `index` of an answer."""
    try:
        citation = citations[int(index)] if citations and index is not None else None
    except (ValueError, IndexError):
        citation = None
    shown = preview_citation(store, citation)
    return shown.caption, shown.page_image, shown.zoom_image, shown.table
