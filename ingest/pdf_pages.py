"""Read a PDF into normalised page texts, printed page labels and warnings (no OCR).

pypdf opens and checks the file (not a PDF, truncated, encrypted, no pages) and reads the
/PageLabels tree; the text layer comes from pdfium, which is about five times faster than pypdf's
extract_text and already groups the runs of one baseline into one line. That matters for
producers such as WPS that write every run between punctuation marks as its own text object
(pypdf breaks the line after each "，" or "、"). The line boxes then tell wrapped lines from
paragraph ends: justified prose runs to the right margin.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
from pypdf.errors import DependencyError, FileNotDecryptedError

from budgetqa.ingest.chunking import toc_page_numbers
from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.normalize import SENTENCE_END, is_list_start, is_table_row, joiner, normalize_text
from budgetqa.ingest.ocr import OcrPage, ocr_pages
from budgetqa.ingest.ocr import available as ocr_available
from budgetqa.ingest.scan_cells import read_by_ocr

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# Footer lines that carry the printed page number; group 1 is the label to keep.
_DASH = "—–\\-－~─━"
_FOOTER_PATTERNS = (
    re.compile(rf"^([{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+)$"),
    re.compile(r"^(第\s*\d{1,4}\s*页)(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),
    re.compile(rf"^({_ROMAN}|{_ROMAN.lower()})$"),
    re.compile(r"^(\d{1,4}\s*/\s*\d{1,4})$"),
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
# ─ 3 ─ glued to the text beside it on a page's first or last line (─ 3 ─常委会研究室…)
_GLUED_FOOTER = re.compile(
    rf"^([{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+)\s*(?=\S)|(?<=\S)\s*([{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+)$"
)


@dataclass
class PdfPages:
    pages: list[str]  # normalised text per physical page; furniture removed
    raw_pages: list[str]  # the text layer as extracted (pdfium), before normalisation
    page_labels: list[str]  # printed label per physical page ("" when none)
    textless_pages: list[int] = field(default_factory=list)  # 1-based, no text layer
    toc_pages: list[int] = field(default_factory=list)  # 1-based pages of the 目录
    warnings: list[str] = field(default_factory=list)
    scans: dict[int, OcrPage] = field(default_factory=dict)  # 1-based page → what OCR read on it


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float  # left of the first glyph, PDF points
    x1: float  # right of the last glyph
    size: float  # glyph box height, about the font size


def _mark_cell_gaps(textpage: Any, raw: str, first: int, last: int, size: float) -> str:
    """The line's text with wide gaps (table cell boundaries) written as two spaces.

    normalize_text drops a single space between CJK characters (extractors put them inside
    wrapped cell text) but keeps a cell boundary, so "科目名称  支出总计" stays two words.
    """
    out: list[str] = []
    k = first
    while k <= last:
        if raw[k] != " ":
            out.append(raw[k])
            k += 1
            continue
        end = k
        while end <= last and raw[end] == " ":
            end += 1
        gap = textpage.get_charbox(end)[0] - textpage.get_charbox(k - 1)[2]
        out.append("  " if gap > 1.0 * size else " ")
        k = end
    return "".join(out)


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (pdfium's page space)


def _inside(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _masked(textpage: Any, raw: str, keep: Box | None, drop: Sequence[Box]) -> str:
    """`raw` with each glyph whose centre lies outside `keep` or inside a `drop` box turned into a line
    break, so indexes still match pdfium's char boxes.

    Some exports park a hidden copy of later pages below the visible page (outside the crop box); a
    viewer never shows it, so neither may the text. `drop` removes a table grid's text from a page.
    """
    if keep is not None and not drop:
        # fast path: one C call tells whether any glyph lies outside the page box at all
        inner = textpage.get_text_bounded(*keep)
        if len(re.sub(r"\s", "", inner)) >= len(re.sub(r"\s", "", raw)):
            return raw
    chars = list(raw)
    for k, ch in enumerate(chars):
        if ch.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(k)
        x, y = (left + right) / 2, (bottom + top) / 2
        if (keep is not None and not _inside(x, y, keep)) or any(_inside(x, y, b) for b in drop):
            chars[k] = "\n"
    return "".join(chars)


def page_lines(textpage: Any, keep: Box | None = None, drop: Sequence[Box] = ()) -> tuple[str, list[_Line]]:
    """pdfium's text of a page and its lines with their horizontal extent.

    Glyphs outside `keep` (the visible page box) or inside a `drop` box are left out.
    """
    raw: str = textpage.get_text_range()
    aligned = textpage.count_chars() == len(raw)  # astral characters would shift the indexes
    if aligned and (keep is not None or drop):
        raw = _masked(textpage, raw, keep, drop)
    lines: list[_Line] = []
    for m in re.finditer(r"[^\r\n]+", raw):
        text = m.group()
        stripped = text.strip()
        if not stripped:
            continue
        if not aligned:
            lines.append(_Line(stripped, 0.0, 0.0, 0.0))
            continue
        first = m.start() + (len(text) - len(text.lstrip()))
        last = m.start() + len(text.rstrip()) - 1
        left, bottom, _, top = textpage.get_charbox(first)
        _, bottom2, right, top2 = textpage.get_charbox(last)
        _, bottom3, _, top3 = textpage.get_charbox((first + last) // 2)
        size = max(top - bottom, top2 - bottom2, top3 - bottom3)
        lines.append(_Line(_mark_cell_gaps(textpage, raw, first, last, size), left, right, size))
    return raw, lines


def mark_paragraphs(lines: Sequence[_Line]) -> list[str]:
    """Line texts with blank lines where paragraphs visibly end or start.

    Justified prose fills its lines to the right margin, so a line stopping well short of it ends
    a paragraph (or is a heading, a title, a table row), and a line starting right of the left
    margin opens one (an indented first line, a centred title). The blank lines keep
    normalize_text from joining across them.
    """
    prose = [line for line in lines if len(line.text) >= 10 and line.size > 0 and not is_table_row(line.text)]
    if not prose:
        return [line.text for line in lines]
    right = max(line.x1 for line in prose)
    left = min(line.x0 for line in prose)
    out: list[str] = []
    prev: _Line | None = None
    for line in lines:
        indented = line.x0 > left + 1.5 * line.size
        wrapped = (
            prev is not None
            and prev.x1 >= right - 2 * prev.size
            and not indented
            and len(prev.text) >= 10
            and abs(prev.size - line.size) < 0.5
            and not is_list_start(line.text)
            and not is_table_row(prev.text)
            and not is_table_row(line.text)
        )
        if wrapped and out and out[-1]:
            # A full line followed by one at the left margin: the sentence wraps here.
            out[-1] += joiner(out[-1], line.text) + line.text
        else:
            if indented and out and out[-1]:
                out.append("")
            out.append(line.text)
        if line.x1 < right - 4 * line.size:
            out.append("")
        prev = line
    return out


def _footer_label(line: str) -> str | None:
    s = line.strip()
    for pattern in _FOOTER_PATTERNS:
        m = pattern.match(s)
        if m and m.group(1):
            return re.sub(r"\s+", " ", m.group(1))
    return None


def _edge_lines(lines: list[str]) -> list[int]:
    """Indexes of the first and last non-empty lines (where headers and footers sit)."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    return sorted({idx[0], idx[-1]}) if idx else []


def strip_footer(lines: list[str]) -> list[str]:
    """A page's lines without the printed page number in its first or last line."""
    keep = list(lines)
    for i in reversed(_edge_lines(lines)):
        if _footer_label(lines[i]) is not None or _BARE_NUMBER.match(lines[i].strip()):
            del keep[i]
    return keep


def _bare_number_footers(pages_lines: list[list[str]]) -> dict[int, tuple[int, str]]:
    """Bare page numbers as a page's last line, or as its first (some PDFs put the footer first in the text
    stream: `3` then the page's text), trusted only when they count up with the pages. Page -> (line, label)."""
    found: dict[int, tuple[int, int]] = {}
    offsets: Counter[int] = Counter()
    for p, lines in enumerate(pages_lines):
        for i in reversed(_edge_lines(lines)):
            if _BARE_NUMBER.match(lines[i].strip()) and p not in found:
                found[p] = (i, int(lines[i].strip()))
                offsets[found[p][1] - p] += 1
    if not offsets:
        return {}
    offset, votes = offsets.most_common(1)[0]
    if votes < 3:
        return {}
    return {p: (i, str(n)) for p, (i, n) in found.items() if n - p == offset}


def _running_headers(pages_lines: list[list[str]]) -> set[str]:
    """Short lines repeated at the top or bottom of many pages (running heads and feet)."""
    counts: Counter[str] = Counter()
    for lines in pages_lines:
        for i in _edge_lines(lines):
            key = lines[i].strip()
            if len(key) <= 30 and "。" not in key:  # a repeated note ("注：...。") is content
                counts[key] += 1
    need = max(3, math.ceil(0.4 * len(pages_lines)))
    return {key for key, n in counts.items() if n >= need}


def _continues(prev_page: str, page: str) -> bool:
    """Whether a page starts mid-sentence, continuing the previous page's paragraph."""
    prev_lines = [line for line in prev_page.split("\n") if line.strip()]
    lines = [line for line in page.split("\n") if line.strip()]
    if not prev_lines or not lines:
        return False
    return prev_lines[-1][-1] not in SENTENCE_END and not is_list_start(lines[0])


def _next_label(label: str) -> str | None:
    """The label after `label` in its numbering style (II -> III, — 3 — -> — 4 —)."""
    roman = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
        "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ]  # fmt: skip
    if label in roman[:-1]:
        return roman[roman.index(label) + 1]
    if label.lower() in [r.lower() for r in roman[:-1]]:
        return roman[[r.lower() for r in roman].index(label) + 1].lower()
    m = re.search(r"\d+", label)
    if m:
        return label[: m.start()] + str(int(m.group()) + 1) + label[m.end() :]
    return None


def _fill_missing_labels(labels: list[str], pages: list[str]) -> list[str]:
    """A spill page (no footer, continuing the previous page's sentence) gets the next label."""
    out = list(labels)
    for i in range(1, len(out)):
        if not out[i] and out[i - 1] and pages[i].strip() and _continues(pages[i - 1], pages[i]):
            out[i] = _next_label(out[i - 1]) or ""
    return out


def _pdf_page_labels(reader: pypdf.PdfReader) -> list[str] | None:
    """Labels from the document's /PageLabels tree; pypdf invents 1..n when there is none."""
    try:
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, dict) or "/PageLabels" not in root:
            return None
        return list(reader.page_labels)
    except Exception:  # a malformed label tree is not worth failing the file for
        return None


def decrypted_copy(path: Path, password: str, folder: Path) -> Path:
    """An unencrypted copy of an encrypted PDF under the same name in `folder` (every reader can open it,
    and the stored copy renders for citations); an unencrypted PDF is returned as it is."""
    reader, used = _open(path, password)
    if used is None:
        return path
    out = Path(folder) / path.name
    writer = pypdf.PdfWriter(clone_from=reader)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


def _open(path: Path, password: str | None) -> tuple[pypdf.PdfReader, str | None]:
    """Check the file with pypdf; return the reader and the password that opened it."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{name} cannot be read ({exc.strerror}); check the path and permissions") from exc
    head = data[:1024]
    if b"%PDF-" not in head:
        start = head[:12].decode("utf-8", "replace").strip() or "nothing"
        raise IngestError(f"{name} is not a PDF (starts with {start!r}); export it as PDF and ingest again")
    if b"%%EOF" not in data[-8192:]:
        # A cut-off download: a lenient reader would recover some pages and silently lose the rest.
        raise IngestError(f"{name} is truncated (no end-of-file marker); download or export it again")
    used = None
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            used = password if password is not None else ""  # many PDFs carry only an owner password
            if not reader.decrypt(used):
                if password is None:
                    raise IngestError(f"{name} is encrypted; ingest it again with --password PASSWORD")
                raise IngestError(f"{name}: the password is wrong; ingest it again with the right --password")
        count = len(reader.pages)
    except IngestError:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:
        raise IngestError(f"{name} is encrypted ({exc}); ingest it again with --password PASSWORD") from exc
    except Exception as exc:  # pypdf raises many types for damaged files
        raise IngestError(
            f"{name} is truncated or corrupt ({type(exc).__name__}); download or export it again"
        ) from exc
    if count == 0:
        raise IngestError(f"{name} has no pages; export it again")
    return reader, used


def visible_box(page: Any) -> Box:
    """The part of a pdfium page a viewer shows: its crop box clipped to its media box."""
    crop, media = page.get_cropbox(), page.get_mediabox()
    return (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))


def _extract(
    path: Path, password: str | None, warn: Callable[[str], None]
) -> tuple[list[str], list[list[str]]]:
    """Raw text and paragraph-marked lines of every page."""
    name = path.name
    try:
        pdf = pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"{name} is truncated or corrupt ({exc}); download or export it again") from exc
    raws: list[str] = []
    lines: list[list[str]] = []
    try:
        for number in range(1, len(pdf) + 1):
            try:
                page = pdf[number - 1]
                raw, found = page_lines(page.get_textpage(), keep=visible_box(page))
                page_text = mark_paragraphs(found)
            except pdfium.PdfiumError as exc:  # one damaged page should not lose the document
                warn(f"page {number} of {name} could not be read ({exc}); it is left empty")
                raw, page_text = "", []
            raws.append(re.sub(r"\n\s*(?=\n)", "", raw.replace("\r\n", "\n")))  # masked glyphs leave blanks
            lines.append(page_text)
    finally:
        pdf.close()
    return raws, lines


def read_pdf(
    path: Path,
    password: str | None = None,
    ocr: str = "auto",
    progress: Callable[[str, int, int], None] | None = None,
) -> PdfPages:
    """Read every page of a PDF; raise IngestError for files that cannot be ingested at all.

    `ocr`: "auto" reads pages without a text layer by OCR, "force" every page, "off" none (they stay empty,
    with a warning)."""
    path = Path(path)
    name = path.name
    reader, used = _open(path, password)
    warnings: list[str] = []
    raws, pages_lines = _extract(path, used, warnings.append)

    textless = [i + 1 for i, lines in enumerate(pages_lines) if not "".join(lines).strip()]
    ocr_done: list[int] = []
    scans: dict[int, OcrPage] = {}
    if ocr == "force" or (ocr == "auto" and textless):
        if not ocr_available():
            warnings.append(f"{name}: OCR is not installed (pip install rapidocr-onnxruntime==1.4.4)")
        else:
            wanted = list(range(1, len(pages_lines) + 1)) if ocr == "force" else textless
            for number, page in ocr_pages(path, wanted, used, progress).items():
                if page.error:
                    warnings.append(f"OCR: page {number} of {name} could not be read ({page.error})")
                if not page.lines:
                    continue
                scans[number] = page
                pages_lines[number - 1] = list(page.lines)
                raws[number - 1] = "\n".join(page.lines)
                ocr_done.append(number)
                warnings.append(read_by_ocr(page, name))
            textless = [p for p in textless if p not in ocr_done]
    if len(textless) == len(pages_lines):
        if ocr != "off" and ocr_available():
            raise IngestError(
                f"{name} has no text layer on any page (a scan?) and OCR found no text either; check the file"
            )
        raise IngestError(f"{name} has no text layer on any page (a scan?); ingest it with --ocr auto")
    for p in textless:
        why = "OCR is off" if ocr == "off" or not ocr_available() else "OCR found no text either"
        warnings.append(f"扫描件: page {p} of {name} has no text layer; {why}")

    bare = _bare_number_footers(pages_lines)
    heads = _running_headers(pages_lines)
    labels: list[str] = []
    cleaned: list[str] = []
    for p, lines in enumerate(pages_lines):
        label = bare[p][1] if p in bare else ""
        keep = list(lines)
        for i in reversed(_edge_lines(lines)):
            found = _footer_label(lines[i])
            if found is not None or (p in bare and i == bare[p][0]):
                label = label or found or ""
                del keep[i]
            elif lines[i].strip() in heads:
                del keep[i]
            elif glued := _GLUED_FOOTER.search(lines[i].strip()):
                label = label or re.sub(r"\s+", " ", glued.group(1) or glued.group(2))
                keep[i] = _GLUED_FOOTER.sub("", lines[i].strip(), count=1)
        labels.append(label)
        cleaned.append(normalize_text("\n".join(keep)))

    printed = _pdf_page_labels(reader)
    labels = printed if printed is not None else _fill_missing_labels(labels, cleaned)
    return PdfPages(
        pages=cleaned,
        raw_pages=raws,
        page_labels=labels,
        textless_pages=textless,
        toc_pages=toc_page_numbers(cleaned),
        warnings=warnings,
        scans=scans,
    )
