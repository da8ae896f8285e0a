"""Narrative chunks that follow the document's headings and keep their page span.

Budget documents are numbered outlines: 第一部分 > 一、> （一）> 1. A chunk never crosses a heading
of its part, so a retrieved passage can be cited with its heading path and pages. The 目录 lists the
same headings; it is found first and left out, otherwise every part would "start" on the 目录 page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from budgetqa.ingest.normalize import CN_NUM, SENTENCE_END, is_heading_line, is_list_start, is_table_row
from budgetqa.store import Chunk

MIN_CHARS = 80
MAX_CHARS = 600
_SPLIT_TARGET = 500  # leaves room for a tiny neighbour merged in without passing MAX_CHARS

_PART_RE = re.compile(rf"^第[{CN_NUM}\d]+部分")
_LEVEL_RES = (
    (1, re.compile(rf"^[{CN_NUM}]+[、．.]")),
    (2, re.compile(rf"^[（(][{CN_NUM}]+[)）]")),
    (3, re.compile(r"^(?:\d{1,2}(?:[．、]|\.(?!\d))|[（(]\d{1,2}[)）])")),
)
_LEADER_RE = re.compile(r"[.…·．\s]{4,}\s*\d*\s*$|[…]+")
_SENTENCE_RE = re.compile(r"[^。！？；]*[。！？；]+[”’）】〕\]]*|[^。！？；]+$")


@dataclass
class Narrative:
    chunks: list[Chunk]
    sections: list[tuple[str, int | None]]  # top-level headings and their physical start pages


@dataclass
class TocSpan:
    """Where the 目录 is: (page index, line index) bounds, 0-based, end exclusive."""

    start: tuple[int, int]
    end: tuple[int, int]
    entries: list[str] = field(default_factory=list)

    def covers(self, page_index: int, line_index: int) -> bool:
        return self.start <= (page_index, line_index) < self.end


def _key(line: str) -> str:
    return re.sub(r"\s+", "", _LEADER_RE.sub("", line))


def _toc_like(line: str) -> bool:
    s = line.strip()
    if _LEADER_RE.search(s):
        return True
    return len(s) <= 60 and "。" not in s and not (len(s) > 30 and "，" in s) and not is_table_row(s)


def find_toc(pages: Sequence[str], search_pages: int = 6) -> TocSpan | None:
    """Locate the 目录: from its "目录" line while lines read as entries, across page breaks.

    The 目录 ends where the body restarts with its first entry, at a line that reads as prose, or
    at a page break whose next page does not go on listing entries.
    """
    split = [page.split("\n") for page in pages]
    for p in range(min(search_pages, len(split))):
        for i, line in enumerate(split[p]):
            if re.sub(r"\s+", "", line) not in ("目录", "目次"):
                continue
            entries: list[str] = []
            pos = (p, i + 1)
            for q in range(p, len(split)):
                lines = split[q]
                first = i + 1 if q == p else 0
                if q > p:
                    head = [line for line in lines if line.strip()][:2]
                    if not any(is_list_start(h) or _PART_RE.match(h) or _LEADER_RE.search(h) for h in head):
                        return TocSpan((p, i), (q, 0), entries)
                for j in range(first, len(lines)):
                    s = lines[j].strip()
                    if not s:
                        continue
                    if (entries and _key(s) == _key(entries[0])) or not _toc_like(s):
                        return TocSpan((p, i), (q, j), entries)
                    entries.append(s)
                    pos = (q, j + 1)
            return TocSpan((p, i), pos, entries)
    return None


def toc_page_numbers(pages: Sequence[str]) -> list[int]:
    """1-based pages that hold nothing but the 目录 (a cover title above it is allowed)."""
    toc = find_toc(pages)
    if toc is None:
        return []
    out = []
    for p in range(toc.start[0], toc.end[0] + 1):
        lines = [j for j, line in enumerate(pages[p].split("\n")) if line.strip()] if p < len(pages) else []
        if not lines:
            continue
        body = [j for j in lines if not toc.covers(p, j)]
        before_toc = p == toc.start[0] and all(j < toc.start[1] for j in body) and len(body) <= 5
        if not body or before_toc:
            out.append(p + 1)
    return out


def heading_level(line: str) -> int | None:
    """0 for 第N部分, 1 for 一、, 2 for （一）, 3 for 1. / （1）; None for anything else."""
    s = line.strip()
    if _PART_RE.match(s) and len(s) <= 60 and "。" not in s:
        return 0
    if not is_heading_line(s):
        return None
    for level, pattern in _LEVEL_RES:
        if pattern.match(s):
            return level
    return None


def tidy_heading(line: str) -> str:
    """ "第一部分部门概况" -> "第一部分 部门概况"; leader dots and page numbers dropped."""
    s = _LEADER_RE.sub("", line).strip()
    return re.sub(rf"^(第[{CN_NUM}\d]+部分)\s*", r"\1 ", s).strip()


def likely_table_pages(pages: Sequence[str]) -> set[int]:
    """1-based pages whose lines are mostly table rows (a fallback when no table parser ran)."""
    out = set()
    for p, page in enumerate(pages, start=1):
        lines = [line for line in page.split("\n") if line.strip()]
        if lines and sum(is_table_row(line) for line in lines) >= 0.4 * len(lines):
            out.add(p)
    return out


def _locate(
    entry: str, candidates: list[tuple[int, int, str]], after: tuple[int, int]
) -> tuple[int, int] | None:
    """First short body line at or after `after` that names a 目录 entry (its numbering ignored)."""
    core = re.sub(rf"^(?:[{CN_NUM}]+[、．.]|\d+[.．、]|[（(][{CN_NUM}\d]+[)）])", "", _key(entry))
    cores = {core, core.removeprefix("部门"), core.removeprefix("本部门")} - {""}
    for p, i, line in candidates:
        if (p, i) < after or len(line) > 40 or any(ch in line for ch in "。，；"):
            continue
        key = _key(line)
        if any(c in key and len(c) >= 4 for c in cores):
            return (p, i)
    return None


def find_sections(
    pages: Sequence[str], toc: TocSpan | None, skip: set[int], first_page: int | None
) -> list[tuple[str, tuple[int, int]]]:
    """Top-level headings with their (page index, line index): 第N部分, else 目录 entries, else 一、."""
    body = [
        (p, i, line.strip())
        for p, page in enumerate(pages)
        for i, line in enumerate(page.split("\n"))
        if line.strip() and not (toc and toc.covers(p, i))
    ]
    parts = [(tidy_heading(line), (p, i)) for p, i, line in body if heading_level(line) == 0]
    if parts:
        seen: set[str] = set()
        unique = []
        for heading, pos in parts:
            if _key(heading) not in seen:
                seen.add(_key(heading))
                unique.append((heading, pos))
        return unique
    narrative = [(p, i, line) for p, i, line in body if first_page is None or p + first_page not in skip]
    if toc and toc.entries:
        top = [e for e in toc.entries if re.match(rf"^[{CN_NUM}]+[、．.]", e.strip())]
        found: list[tuple[str, tuple[int, int]]] = []
        after: tuple[int, int] = (0, 0)
        for entry in top:
            hit = _locate(entry, narrative, after)
            if hit is not None:
                found.append((tidy_heading(entry), hit))
                after = hit
        if found:
            return found
    return [(line, (p, i)) for p, i, line in narrative if heading_level(line) == 1]


@dataclass
class _Piece:
    text: str
    page_start: int | None
    page_end: int | None
    section: str
    part: int


def _split_long(text: str) -> list[str]:
    """Cut text at sentence ends into pieces no longer than the split target."""
    if len(text) <= MAX_CHARS:
        return [text]
    out: list[str] = []
    cur = ""
    for sentence in _SENTENCE_RE.findall(text):
        while len(sentence) > MAX_CHARS:  # a run-on "sentence" (a list without stops)
            if cur:
                out.append(cur)
                cur = ""
            out.append(sentence[:_SPLIT_TARGET])
            sentence = sentence[_SPLIT_TARGET:]
        if cur and len(cur) + len(sentence) > _SPLIT_TARGET:
            out.append(cur)
            cur = ""
        cur += sentence
    if cur:
        out.append(cur)
    return out


def _page(p: int, first_page: int | None) -> int | None:
    return None if first_page is None else p + first_page


@dataclass
class _Para:
    text: str
    first: int  # page index where it starts
    last: int  # page index where it ends
    pos: tuple[int, int]  # (page index, line index) of its first line
    cell: bool = False  # a table cell's text: prose, never a heading, never joined across pages


def _continues_on_next_page(prev: _Para, nxt: _Para) -> bool:
    """A paragraph cut by a page break: no sentence end, and the next page goes on with prose."""
    return (
        nxt.first == prev.last + 1
        and not prev.cell
        and len(prev.text) >= 15
        and prev.text[-1] not in SENTENCE_END
        and heading_level(prev.text) != 0
        and heading_level(nxt.text) is None
        and not is_list_start(nxt.text)
        and not is_table_row(prev.text)
        and not is_table_row(nxt.text)
    )


def _kept_lines(
    pages: Sequence[str],
    toc: TocSpan | None,
    skip: set[int],
    first_page: int | None,
    cells: dict[int, list[str]] | None = None,
) -> list[_Para]:
    """Non-empty lines outside the 目录 and skipped pages, then the page's text cells; page-break
    splits mended."""
    out: list[_Para] = []
    for p, page in enumerate(pages):
        if first_page is not None and (p + first_page) in skip:
            continue
        page_start = len(out)
        lines = page.split("\n")
        for i, raw in enumerate(lines):
            line = raw.strip()
            if line and not (toc and toc.covers(p, i)):
                out.append(_Para(line, p, p, (p, i)))
        for k, text in enumerate((cells or {}).get(p, [])):
            out.append(_Para(text, p, p, (p, len(lines) + k), cell=True))
        if 0 < page_start < len(out) and _continues_on_next_page(out[page_start - 1], out[page_start]):
            prev, nxt = out[page_start - 1], out.pop(page_start)
            out[page_start - 1] = _Para(prev.text + nxt.text, prev.first, nxt.last, prev.pos)
    return out


def _pieces(
    pages: Sequence[str],
    toc: TocSpan | None,
    skip: set[int],
    first_page: int | None,
    part_starts: dict[tuple[int, int], str],
    cells: dict[int, list[str]] | None = None,
) -> list[_Piece]:
    pieces: list[_Piece] = []
    path: list[str] = ["", "", "", ""]
    part = 0
    paras: list[_Para] = []  # paragraphs of the current block

    def flush() -> None:
        section = " > ".join(h for h in path if h)
        buf: list[tuple[str, int, int]] = []

        def emit() -> None:
            if buf:
                text = "\n".join(t for t, _, _ in buf)
                pieces.append(
                    _Piece(text, _page(buf[0][1], first_page), _page(buf[-1][2], first_page), section, part)
                )
                buf.clear()

        for para in paras:
            for piece in _split_long(para.text):
                if buf and sum(len(t) + 1 for t, _, _ in buf) + len(piece) > _SPLIT_TARGET:
                    emit()
                buf.append((piece, para.first, para.last))
        emit()
        paras.clear()

    for para in _kept_lines(pages, toc, skip, first_page, cells):
        level = None if para.cell else 0 if para.pos in part_starts else heading_level(para.text)
        if level is not None:
            flush()
            if level == 0:
                part += 1
            heading = part_starts.get(para.pos) or (tidy_heading(para.text) if level == 0 else para.text)
            path[level:] = [heading] + [""] * (3 - level)
        paras.append(para)
    flush()
    return pieces


def _can_merge(a: _Piece, b: _Piece) -> bool:
    # The preamble before the first part (a cover title) may join the first part.
    return (a.part == b.part or a.part == 0) and len(a.text) + len(b.text) < MAX_CHARS


def _append_to_previous(out: list[_Piece], carry: _Piece) -> bool:
    """Fold a tiny piece into the last one of the same part when it fits; False when it does not."""
    prev = out[-1] if out else None
    if prev is None or prev.part != carry.part or len(prev.text) + len(carry.text) >= MAX_CHARS:
        return False
    out[-1] = _Piece(prev.text + "\n" + carry.text, prev.page_start, carry.page_end, prev.section, prev.part)
    return True


def _merge_tiny(pieces: list[_Piece]) -> list[_Piece]:
    """Fold pieces under MIN_CHARS into the next piece of the same part (else the previous one)."""
    out: list[_Piece] = []
    carry: _Piece | None = None
    for piece in pieces:
        if carry is not None:
            if _can_merge(carry, piece):
                text = carry.text + "\n" + piece.text
                piece = _Piece(text, carry.page_start, piece.page_end, piece.section, piece.part)
            elif not _append_to_previous(out, carry):
                out.append(carry)
            carry = None
        if len(piece.text) < MIN_CHARS:
            carry = piece
        else:
            out.append(piece)
    if carry is not None and not _append_to_previous(out, carry):
        out.append(carry)
    return out


def chunk_narrative(
    doc_id: str,
    pages: Sequence[str],
    skip_pages: set[int] | frozenset[int] = frozenset(),
    first_page: int | None = 1,
    toc_pages: set[int] | frozenset[int] | None = None,
    text_cells: Sequence[tuple[int, str]] = (),
) -> Narrative:
    """Chunks of 80-600 characters along the headings; 目录 and table pages left out.

    `pages` are normalised page texts; page i (0-based) is physical page i + first_page. For a text
    file pass a single "page" and first_page=None (chunks then carry no page numbers). `text_cells`
    are (physical page, text) of a grid's descriptive cells printed inside the narrative: they join
    the narrative after their page's text, under the headings in force there.
    """
    toc = find_toc(pages)
    skip = set(skip_pages) | (set(toc_pages) if toc_pages is not None else set())
    if first_page is not None and toc_pages is None and toc is not None:
        skip |= {p - 1 + first_page for p in toc_page_numbers(pages)}
    top = find_sections(pages, toc, skip, first_page)
    sections = [(heading, _page(pos[0], first_page)) for heading, pos in top]
    part_starts = {pos: heading for heading, pos in top}
    cells: dict[int, list[str]] = {}
    for page_no, text in text_cells:
        if first_page is not None and text.strip():
            cells.setdefault(page_no - first_page, []).append(text.strip())
    pieces = _merge_tiny(_pieces(pages, toc, skip, first_page, part_starts, cells))
    chunks = [
        Chunk(
            chunk_id=f"{doc_id}:n{i}",
            doc_id=doc_id,
            text=piece.text,
            kind="narrative",
            page_start=piece.page_start,
            page_end=piece.page_end,
            section=piece.section or None,
        )
        for i, piece in enumerate(pieces)
    ]
    return Narrative(chunks=chunks, sections=sections)
