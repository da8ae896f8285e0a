"""Citation previews: the page image with the cell boxed, and the table slice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from budgetqa.store import Fact, Store
from budgetqa.ui import preview
from budgetqa.ui.fakes import FakeAnswerer, add_tiny_document
from budgetqa.ui.handlers import citation_to_dict


def blank_pdf(path: Path) -> Path:
    Image.new("RGB", (595, 842), "white").save(path, "PDF", resolution=72.0)
    return path


@pytest.mark.parametrize(
    ("bbox", "scale", "pad", "expected"),
    [
        ((10, 20, 30, 40), 1.0, 0.0, (10, 20, 30, 40)),
        ((10, 20, 30, 40), 2.0, 0.0, (20, 40, 60, 80)),
        ([10, 20, 30, 40], 2.0, 2.0, (16, 36, 64, 84)),
    ],
)
def test_scale_box(bbox: tuple[float, ...], scale: float, pad: float, expected: tuple[float, ...]) -> None:
    assert preview.scale_box(bbox, scale, pad) == expected  # type: ignore[arg-type]


def _fact(row_index: int, column: str, text: str, code: str | None = None) -> Fact:
    return Fact(
        "d", 1, "t", f"行{row_index}", column, None, text, "万元", 1, row_code=code, row_index=row_index
    )


def test_table_slice_keeps_nearby_rows_and_marks_the_cited_one() -> None:
    facts = [_fact(i, col, f"{i}{col}") for i in range(10) for col in ("合计", "基本")]
    frame = preview.table_slice(facts, 5, radius=2)
    assert list(frame.columns) == ["", "项目", "合计", "基本"]  # no codes: the code column is dropped
    assert list(frame["项目"]) == ["行3", "行4", "行5", "行6", "行7"]
    assert list(frame[""]) == ["", "", "▶", "", ""]
    assert frame.loc[2, "基本"] == "5基本"


def test_table_slice_shortens_unambiguous_header_paths() -> None:
    facts = [_fact(0, c, "1") for c in ("车/小计", "车/购置费", "甲/合计", "乙/合计")]
    assert list(preview.table_slice(facts, 0).columns) == [
        "",
        "项目",
        "车/小计",
        "购置费",
        "甲/合计",
        "乙/合计",
    ]


def test_table_slice_keeps_codes_when_present() -> None:
    frame = preview.table_slice([_fact(0, "合计", "1", "201"), _fact(1, "合计", "2")], 0)
    assert list(frame["编码"]) == ["201", ""]


def test_preview_renders_the_page_with_the_cell_highlighted(hash_store: Store, tmp_path: Path) -> None:
    add_tiny_document(hash_store, blank_pdf(tmp_path / "demo.pdf"))
    answer = FakeAnswerer(hash_store).ask("教育支出")
    citation = citation_to_dict(answer.citations[0])
    shown = preview.preview_citation(hash_store, citation)
    assert shown.page_image is not None and shown.zoom_image is not None
    assert shown.page_image.size == (round(595 * preview.RENDER_SCALE), round(842 * preview.RENDER_SCALE))
    x0, top, x1, bottom = preview.scale_box(citation["bbox"], preview.RENDER_SCALE)
    inside = shown.page_image.getpixel((int((x0 + x1) / 2), int((top + bottom) / 2)))
    outside = shown.page_image.getpixel((5, 5))
    assert isinstance(inside, tuple) and outside == (255, 255, 255)
    assert inside != outside and inside[2] < 200  # yellow tint
    assert (
        shown.zoom_image.width == shown.page_image.width and shown.zoom_image.height < shown.page_image.height
    )
    assert "教育支出" in list(shown.table["项目"]) and "第 1 页（印刷页码 — 1 —）" in shown.caption


def test_preview_without_pdf_or_bbox_still_shows_text(hash_store: Store) -> None:
    add_tiny_document(hash_store)  # no file copy
    shown = preview.preview_citation(
        hash_store, {"doc_id": "demo-2023", "page": 1, "quote": "一段 原文", "source": "x.pdf"}
    )
    assert shown.page_image is None and "原文页面不可用" in shown.caption and "> 一段 原文" in shown.caption
    assert preview.preview_citation(hash_store, None).caption == ""


def test_preview_of_a_page_out_of_range_is_an_explanation(hash_store: Store, tmp_path: Path) -> None:
    add_tiny_document(hash_store, blank_pdf(tmp_path / "demo.pdf"))
    shown = preview.preview_citation(hash_store, {"doc_id": "demo-2023", "page": 9})
    assert shown.page_image is None and "无法渲染" in shown.caption
