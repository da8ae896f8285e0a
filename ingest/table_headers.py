"""Flatten multi-row table headers with merged cells into column paths.

Budget tables print two- and three-row headers whose top cells span several columns
(`2023年政府采购项目` over `小计 | 其中：面向中小企业政府采购项目`). A grid extractor reports a merged
cell once and `None` in the positions it covers, so a column's path is read top-down, filling each
covered position from the cell that spans it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "clean_header",
    "flatten_headers",
    "normalise_text",
]

# Kangxi radicals (⼀ ⽀) and CJK radical supplements appear in some real PDFs in place of the ordinary
# ideographs; NFKC maps them back. Only those code points are touched: NFKC on everything would also
# turn full-width punctuation (（ ） ：) into ASCII and change labels users quote.
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def _fix_radicals(text: str) -> str:
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def normalise_text(text: str | None) -> str:
    """A cell or label as printed, with line wraps joined and runs of spaces collapsed.

    A wrap between two Chinese characters is dropped (`住房保障支\\n出` -> `住房保障支出`); letter-spaced
    labels (`因 公 出 国`) close up; a space between a digit and a character (`2022 年`) is kept.
    """
    if not text:
        return ""
    text = _fix_radicals(text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_header(text: str | None) -> str:
    """Header text without any whitespace: `2023 年预算数` -> `2023年预算数`."""
    if not text:
        return ""
    return _SPACES.sub("", _fix_radicals(text))


def _covered_by_left(grid: Sequence[Sequence[str | None]], row: int, col: int) -> bool:
    """True when a None cell sits above a filled header cell: the cell to its left spans it."""
    for below in range(row + 1, len(grid)):
        cell = grid[below][col] if col < len(grid[below]) else None
        if cell is not None and cell.strip():
            return True
    return False


def _left_text(cells: Sequence[str | None], col: int) -> str | None:
    for left in range(col - 1, -1, -1):
        if cells[left] is not None:
            return cells[left]
    return None


def flatten_headers(grid: Sequence[Sequence[str | None]], spans_explicit: bool = False) -> list[str]:
    """One "/"-joined path per column of a header grid.

    `grid` holds the header rows, one string per column, None where a merged cell covers the position.
    Without span information (`spans_explicit=False`), a None above a filled cell is taken as covered by
    the nearest filled cell to its left (a column span), and any other None as covered from above (a row
    span, already counted). With `spans_explicit=True` the caller has already written a spanning cell's
    text into every column it covers, so a None is always a row span.
    """
    width = max((len(r) for r in grid), default=0)
    paths: list[str] = []
    for col in range(width):
        parts: list[str] = []
        for r, cells in enumerate(grid):
            cell = cells[col] if col < len(cells) else None
            if cell is None and not spans_explicit and _covered_by_left(grid, r, col):
                cell = _left_text(cells, col)
            text = clean_header(cell)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        paths.append("/".join(parts))
    return paths
