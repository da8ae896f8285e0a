"""A publication in two files cut from the bundled PDF, so two-file tests run everywhere.

The narrative file has the cover, 目录 and 说明 pages (its 目录 lists twelve tables); the tables file has the
cover and tables 1-6; `tables2` is another version of the tables file (one table more), for --replace.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter

DEPARTMENT = "中共深圳市委外事工作委员会办公室"
STEM = f"2023_{DEPARTMENT}_部门预算"
TEXT, TABLES = f"{STEM}_文字部分.pdf", f"{STEM}_表格部分.pdf"


def _cut(source: Path, out: Path, pages: list[int]) -> Path:
    reader, writer = PdfReader(source), PdfWriter()
    for n in pages:
        writer.add_page(reader.pages[n - 1])
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


def cut_pair(seed_pdf: Path, folder: Path) -> dict[str, Path]:
    (folder / "v2").mkdir(parents=True, exist_ok=True)
    return {
        "text": _cut(seed_pdf, folder / TEXT, [1, 2, 3, 4, 5, 7, 8, 9]),  # page 6 holds a small grid
        "tables": _cut(seed_pdf, folder / TABLES, [1, *range(10, 19)]),
        "tables2": _cut(seed_pdf, folder / "v2" / TABLES, [1, *range(10, 21)]),
    }
