"""A Store loaded from the seed sample's truth.json cells and .md text (no PDF parsing): fast, real data.

Used by the qa tests until (and besides) the PDF ingester; the values come from the sample files at
run time, never from code.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from budgetqa.store import Chunk, Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
SEED = SAMPLES / "seed"


def seed_paths() -> tuple[Path, Path, Path] | None:
    truth = SEED / "truth.json"
    mds = sorted(SEED.glob("*.md"))
    pdfs = sorted(SEED.glob("*.pdf"))
    if not truth.exists() or not mds or not pdfs:
        return None
    return truth, mds[0], pdfs[0]


def _meta_from_name(name: str) -> tuple[int | None, str, str]:
    """`2023_部门名_部门预算.pdf` → (2023, 部门名, 部门预算)."""
    parts = Path(name).stem.split("_")
    year = int(parts[0]) if parts and parts[0].isdigit() else None
    return year, parts[1] if len(parts) > 1 else name, parts[2] if len(parts) > 2 else "部门预算"


def _chunks(doc_id: str, md: str, parts: dict[str, int]) -> list[Chunk]:
    chunks: list[Chunk] = []
    section: str | None = None
    page: int | None = None
    sub: str = ""
    for block in re.split(r"\n\s*\n", md):
        block = block.strip()
        if not block:
            continue
        if re.match(r"^#\s*二、表格部分", block):
            break  # the tables are facts, not narrative
        heading = re.match(r"^#+\s*(.+)$", block)
        if heading:
            title = heading.group(1).strip()
            if title in parts:
                section, page, sub = title, parts[title], ""
            else:
                sub = title
            continue
        if section is None or "\t" in block:
            continue
        chunks.append(
            Chunk(
                chunk_id=f"{doc_id}:n{len(chunks)}",
                doc_id=doc_id,
                text=f"{sub}\n{block}" if sub else block,
                kind="narrative",
                page_start=page,
                page_end=page,
                section=section,
            )
        )
    return chunks


def seed_parsed(
    doc_id: str = "seed0000", *, year_shift: int = 0, department: str | None = None
) -> ParsedDocument:
    """The seed sample as a ParsedDocument; `year_shift`/`department` make synthetic siblings for tests."""
    paths = seed_paths()
    assert paths is not None
    truth_path, md_path, pdf_path = paths
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    year, dept, title = _meta_from_name(pdf_path.name)
    tables = truth["tables"]
    facts: list[Fact] = []
    row_index: dict[int, int] = {}
    last: dict[int, tuple[str | None, str]] = {}
    for cell in truth["cells"]:
        no = int(cell["table"])
        key = (cell["row_code"], cell["row_name"])
        if last.get(no) != key:
            row_index[no] = row_index.get(no, -1) + 1
            last[no] = key
        row_name = cell["row_name"]
        if year_shift:
            row_name = re.sub(r"(20\d{2})", lambda m: str(int(m.group(1)) + year_shift), row_name)
        column = cell["column"]
        if year_shift:
            column = re.sub(r"(20\d{2})", lambda m: str(int(m.group(1)) + year_shift), column)
        facts.append(
            Fact(
                doc_id=doc_id,
                table_no=no,
                table_title=tables[str(no)]["title"],
                row_name=row_name,
                column=column,
                value=None if cell["value"] is None else Decimal(str(cell["value"])),
                text=cell["text"],
                unit=cell.get("unit"),
                page=cell.get("page"),
                row_code=cell.get("row_code"),
                row_index=row_index[no],
            )
        )
    infos = tuple(
        TableInfo(int(no), t["title"], t.get("start"), t.get("end"), "万元", tuple(t.get("columns") or ()))
        for no, t in tables.items()
    )
    parts = truth.get("parts") or {}
    doc = Document(
        doc_id=doc_id,
        source=pdf_path.name if not (year_shift or department) else f"{doc_id}.pdf",
        sha256=doc_id * 4,
        department=department or dept,
        year=(year + year_shift) if year else None,
        doc_kind="预算",
        title=title,
        pages=truth.get("pages"),
        page_labels=tuple(truth.get("printed_page_labels") or ()),
        sections=tuple(sorted(parts.items(), key=lambda kv: kv[1])),
        tables=infos,
    )
    md = md_path.read_text(encoding="utf-8")
    return ParsedDocument(document=doc, facts=facts, chunks=_chunks(doc_id, md, parts))


def seed_store(home: Path, *extra: ParsedDocument) -> Store:
    store = Store(home, embedder=HashEmbedder())
    store.add(seed_parsed())
    for parsed in extra:
        store.add(parsed)
    return store
