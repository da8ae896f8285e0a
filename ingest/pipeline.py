"""File -> ParsedDocument -> store: the one path every ingest (CLI, web app, eval) goes through."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from budgetqa.ingest.checks import check_text_figures, run_checks
from budgetqa.ingest.chunking import chunk_narrative
from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.form_text import form_chunks
from budgetqa.ingest.metadata import detect_metadata, listed_tables, missing_tables, name_key
from budgetqa.ingest.narrative_facts import TextFigure, narrative_facts
from budgetqa.ingest.pdf_pages import decrypted_copy, read_pdf
from budgetqa.ingest.pdf_tables import extract_pdf_tables
from budgetqa.ingest.publications import NARRATIVE_ONLY, publication_missing, tables_elsewhere_note
from budgetqa.ingest.text_budget import parse_text_budget
from budgetqa.store import (
    Chunk,
    Document,
    Fact,
    ParsedDocument,
    Store,
    StoreError,
    TableInfo,
    file_sha256,
    label_key,
    publication_id,
    table_label,
)

ProgressFn = Callable[[str, int, int], None]
PDF_SUFFIXES = {".pdf"}
# The narrative part of a budget publication names itself on its first pages.
_BUDGET_TEXT = re.compile(r"(部门|单位)(预算|决算)|预算(公开|情况说明)|决算(公开|情况说明)")
TEXT_SUFFIXES = {".md", ".txt", ".markdown"}
SUPPORTED = PDF_SUFFIXES | TEXT_SUFFIXES


@dataclass
class IngestReport:
    """What happened to one file; `status` is ingested, skipped (already there) or failed."""

    source: str
    path: str
    status: str
    doc_id: str | None = None
    department: str | None = None
    year: int | None = None
    doc_kind: str | None = None
    publication: str | None = None  # the id this file shares with the other files of its publication
    pages: int | None = None
    chunks: int = 0
    facts: int = 0
    text_facts: int = 0  # figures the narrative states, stored as facts of text origin
    tables: int = 0
    tables_listed: int = 0
    missing_tables: list[str] = field(default_factory=list)
    tables_elsewhere: list[str] = field(default_factory=list)  # a narrative file alone: in its other file
    failed_checks: list[str] = field(default_factory=list)
    textless_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def summary(self) -> str:
        if self.status == "failed":
            return f"✗ {self.source}: {self.error}"
        if self.status == "skipped":
            return f"= {self.source}: already ingested as {self.doc_id} (same content); nothing to do"
        pages = f"{self.pages} pages, " if self.pages is not None else ""
        listed = f"/{self.tables_listed} listed" if self.tables_listed else ""
        lines = [
            f"✓ {self.source} → {self.doc_id} ({self.department or '?'} {self.year or '?'} {self.doc_kind or ''}): "
            f"{pages}{self.chunks} chunks, {self.facts} facts, {self.text_facts} text figures, {self.tables} tables"
            f"{listed}, {self.seconds:.1f}s"
        ]
        lines += [f"  ! missing table: {name}" for name in self.missing_tables]
        if self.tables_elsewhere:
            lines.append(f"  · {tables_elsewhere_note(self.tables_elsewhere)}")
        lines += [f"  ! check failed: {c}" for c in self.failed_checks]
        lines += [f"  ! {w}" for w in self.warnings]
        return "\n".join(lines)


def bundled_sample_paths() -> list[Path]:
    """The bundled sample corpus: the seed 部门预算 PDF (its .md twin ships for trying text ingest)."""
    return sorted((Path(__file__).parent / "sample").glob("*.pdf"))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory contributes its PDFs and budget texts, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED and p.is_file()))
        else:
            out.append(path)
    return out


def _row_chunks(doc: Document, facts: Sequence[Fact]) -> list[Chunk]:
    """One serialized sentence per table row, so loosely worded questions still find the row.

    The embedding key is the table title and row name only: it repeats across documents of the same
    template, so the embedding cache makes most rows free.
    """
    rows: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        rows[(fact.table_no, fact.table_title, fact.row_index, fact.row_name)].append(i)
    chunks = []
    for n, ((table_no, title, _row_index, row_name), idx) in enumerate(rows.items()):
        first = facts[idx[0]]
        cells = "；".join(
            f"{facts[i].column} {facts[i].text or '空'}{facts[i].unit or '' if facts[i].value is not None else ''}"
            for i in idx
        )
        code = f"{first.row_code} " if first.row_code else ""
        pages = sorted({p for i in idx if (p := facts[i].page) is not None})
        where = f"｜第{pages[0]}页" if pages else ""
        text = (
            f"{table_label(table_no, title)}｜{code}{row_name}｜{cells}｜"
            f"{doc.department or ''} {doc.year or ''}年{doc.doc_kind or ''}{where}"
        )
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}:r{n}",
                doc_id=doc.doc_id,
                text=text,
                kind="row",
                page_start=pages[0] if pages else None,
                page_end=pages[-1] if pages else None,
                section=first.section,
                table_no=table_no,
                table_title=title,
                fact_keys=tuple(idx),
                # the row's label alone: it repeats across tables and documents, so the cache embeds it
                # once, and question-time item matching finds these same vectors
                embed_text=label_key(row_name) or label_key(title or "") or text,
            )
        )
    return chunks


def label_keys(facts: Sequence[Fact]) -> list[str]:
    """Every row label and column-path component, as keys to pre-embed for question-time matching."""
    keys = {label_key(f.row_name) for f in facts}
    keys.update(label_key(part) for f in facts for part in f.column.split("/"))
    return sorted(k for k in keys if len(k) >= 2)


def _document(path: Path, sha: str, pages: Sequence[str], *, n_pages: int | None, **fields: Any) -> Document:
    meta = detect_metadata(pages, path.name)
    missing = [what for what, value in (("department", meta.department), ("year", meta.year)) if not value]
    if missing:
        # a fragment or an unusual cover: questions name a department and a year, so say what is unknown
        fields["warnings"] = (
            *fields.get("warnings", ()),
            f"{path.name}: no {' and no '.join(missing)} found on the cover, title or 部门： line; questions "
            "cannot name it: put them in the file name (2024_部门名_部门预算.pdf) and ingest again with --replace",
        )
    return Document(
        doc_id=sha[:12],
        source=path.name,
        sha256=sha,
        department=meta.department,
        year=meta.year,
        doc_kind=meta.doc_kind,
        title=meta.title,
        region=meta.region,
        aliases=tuple(meta.aliases),
        pages=n_pages,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        **fields,
    )


def _sections_for_facts(facts: Sequence[Fact], chunks: Sequence[Chunk]) -> list[Fact]:
    """A table printed inside a narrative part gets that part; tables on their own pages cite the table only.

    (The 表格部分 follows the last narrative part; labelling its pages with that part would mislead.)
    """
    part_of_page: dict[int, str] = {}
    for chunk in chunks:
        if chunk.section and chunk.page_start is not None:
            part = chunk.section.split(" > ")[0]
            for page in range(chunk.page_start, (chunk.page_end or chunk.page_start) + 1):
                part_of_page.setdefault(page, part)
    return [
        f if f.section or f.page not in part_of_page else replace(f, section=part_of_page[f.page])
        for f in facts
    ]


def _with_text_checks(doc: Document, facts: Sequence[Fact], figures: Sequence[TextFigure]) -> Document:
    """The document with its narrative figures checked against its tables (needs its year and kind)."""
    return replace(doc, checks=doc.checks + tuple(check_text_figures(facts, figures, doc.year, doc.doc_kind)))


def parse_pdf(
    path: Path, sha: str, progress: ProgressFn | None = None, password: str | None = None, ocr: str = "auto"
) -> ParsedDocument:
    doc_id = sha[:12]
    if progress:
        progress("read", 0, 3)
    pdf = read_pdf(path, password, ocr=ocr, progress=progress)
    if progress:
        progress("read", 1, 3)
    tables = extract_pdf_tables(path, doc_id, pdf.scans)
    if progress:
        progress("read", 2, 3)
    narrative_only = not tables.facts
    if narrative_only and not _BUDGET_TEXT.search("".join(pdf.pages[:5]).replace(" ", "")):
        raise IngestError(
            f"{path.name}: no budget tables recognised (no ruled 表 grids with figures); "
            "is this a 部门预算/决算 PDF with a text layer?"
        )
    # grid pages inside a narrative part still give their prose and long text cells (绩效目标 descriptions)
    narrative = chunk_narrative(
        doc_id,
        tables.narrative_pages(pdf.pages),
        skip_pages=set(tables.table_pages),
        toc_pages=set(pdf.toc_pages),
        text_cells=tables.text_cells,
    )
    narrative_text = "\n".join(c.text for c in narrative.chunks)
    figures = narrative_facts(doc_id, narrative.chunks, pdf.pages)
    checks = run_checks(tables.facts, tables.tables, narrative_text)
    listed = listed_tables(pdf.pages)
    if narrative_only:
        if len(narrative.chunks) < 3:
            raise IngestError(
                f"{path.name}: neither budget tables nor enough budget text recognised; "
                "is this a 部门预算/决算 PDF with a text layer?"
            )
        scanned = any(w.startswith("OCR:") for w in pdf.warnings)
        pdf.warnings.append(
            f"{path.name}: its tables are on scanned pages, read as text only (figures from scanned tables "
            "are not stored yet)"
            if scanned
            else f"{path.name} {NARRATIVE_ONLY} (文字部分); ingest its tables file too, and the "
            "two answer as one publication"
        )
    doc = _document(
        path,
        sha,
        pdf.pages,
        n_pages=len(pdf.pages),
        page_labels=tuple(pdf.page_labels),
        sections=tuple(narrative.sections),
        tables=tuple(tables.tables),
        missing_tables=tuple(missing_tables(listed, [t.title for t in tables.tables])),
        checks=tuple(checks),
        warnings=tuple(pdf.warnings) + tuple(tables.warnings),
        textless_pages=tuple(pdf.textless_pages),
    )
    doc = _with_text_checks(doc, tables.facts, figures)
    facts = _sections_for_facts(tables.facts, narrative.chunks)
    if progress:
        progress("read", 3, 3)
    return ParsedDocument(
        document=doc,
        facts=facts,
        text_facts=[f.fact for f in figures],
        chunks=narrative.chunks + form_chunks(doc_id, tables.tables, pdf.pages) + _row_chunks(doc, facts),
        page_texts=list(pdf.pages),
    )


def parse_text(path: Path, sha: str) -> ParsedDocument:
    doc_id = sha[:12]
    budget = parse_text_budget(path, doc_id)
    narrative = chunk_narrative(doc_id, [budget.text], first_page=None)
    figures = narrative_facts(doc_id, narrative.chunks)
    checks = run_checks(budget.facts, budget.tables, budget.text)
    listed = listed_tables([budget.text])
    doc = _document(
        path,
        sha,
        [budget.text],
        n_pages=None,
        sections=tuple(narrative.sections),
        tables=tuple(budget.tables),
        missing_tables=tuple(missing_tables(listed, [t.title for t in budget.tables])),
        checks=tuple(checks),
        warnings=tuple(budget.warnings),
    )
    doc = _with_text_checks(doc, budget.facts, figures)
    return ParsedDocument(
        document=doc,
        facts=list(budget.facts),
        text_facts=[f.fact for f in figures],
        chunks=narrative.chunks + _row_chunks(doc, budget.facts),
    )


def parse_file(
    path: Path,
    sha: str | None = None,
    progress: ProgressFn | None = None,
    password: str | None = None,
    ocr: str = "auto",
) -> ParsedDocument:
    """Parse one file without touching the store. Raises IngestError with a one-line reason."""
    if not path.exists():
        raise IngestError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory; give the PDF files in it")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; give a PDF or a .md/.txt budget text"
        )
    try:
        sha = sha or file_sha256(path)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}); check the file's permissions") from exc
    if suffix in PDF_SUFFIXES:
        return parse_pdf(path, sha, progress, password, ocr)
    return parse_text(path, sha)


def _namesakes(store: Store, department: str | None) -> list[Document]:
    """Stored documents of this department under any printed form (`name_key`), read by key."""
    return store.documents_keyed(name_key(department), name_key) if department else []


def _same_publication(namesakes: Sequence[Document], doc: Document) -> list[Document]:
    """Stored documents of the same department, year and kind: the other file of a publication in two
    files, or another copy or version of this one. `namesakes`: the stored documents of its department."""
    if not doc.department or doc.year is None:
        return []
    return [other for other in namesakes if (other.year, other.doc_kind) == (doc.year, doc.doc_kind)]


def _one_name(namesakes: Sequence[Document], parsed: ParsedDocument) -> ParsedDocument:
    """Print one department under one name across the store: a department already stored under another
    printed form (中共X省委办公厅 / X省委办公厅, the two files of a publication, other years) keeps the
    stored name, and this file's form becomes an alias. `namesakes`: the stored documents of its
    department, in `Store.documents()` order."""
    doc = parsed.document
    if not doc.department:
        return parsed
    for other in namesakes:
        if other.department and other.department != doc.department:
            aliases = tuple(dict.fromkeys([*doc.aliases, doc.department, *other.aliases]))
            return replace(parsed, document=replace(doc, department=other.department, aliases=aliases))
    return parsed


def _halves(a: Document, b: Document) -> bool:
    """Two files of one publication: one holds the tables, the other only the narrative."""
    return bool(a.tables) != bool(b.tables)


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    strict: bool = False,
    progress: ProgressFn | None = None,
    replace: bool = False,
    replace_id: str | None = None,
    password: str | None = None,
    ocr: str = "auto",
) -> IngestReport:
    """Ingest one file; never raises for a bad file: the report says why it failed.

    A stored publication of the same department, year and kind is kept beside the new one with a warning;
    `replace=True` swaps it for the new file in one transaction. `replace_id` names the document to swap
    (a re-ingest of the stored copy).
    """
    path = Path(path)
    started = time.perf_counter()
    report = IngestReport(source=path.name, path=str(path), status="failed")
    try:
        if not path.is_file():
            raise IngestError(f"{path}: no such file; check the path")
        sha = file_sha256(path)
        existing = store.find_by_sha(sha)
        if existing is not None and existing.doc_id != replace_id:
            report.status, report.doc_id = "skipped", existing.doc_id
            return report
        if password is not None and path.suffix.lower() in PDF_SUFFIXES:
            # parse and keep an unencrypted copy: every PDF library (and the citation preview) can open it
            with tempfile.TemporaryDirectory(prefix="budgetqa-decrypt-") as tmp:
                plain = decrypted_copy(path, password, Path(tmp))
                return _ingest_parsed(store, plain, sha, report, strict, progress, replace, replace_id, ocr)
        return _ingest_parsed(store, path, sha, report, strict, progress, replace, replace_id, ocr)
    except (IngestError, StoreError) as exc:
        report.error = str(exc)
    finally:
        report.seconds = round(time.perf_counter() - started, 3)
    return report


def _ingest_parsed(
    store: Store,
    path: Path,
    sha: str,
    report: IngestReport,
    strict: bool,
    progress: ProgressFn | None,
    replace: bool,
    replace_id: str | None,
    ocr: str = "auto",
) -> IngestReport:
    """Parse `path`, store it (its content hash is `sha`, of the file as given) and fill the report."""
    parsed = parse_file(path, sha, progress, ocr=ocr)
    namesakes = _namesakes(store, parsed.document.department)  # _one_name keeps the department's key
    parsed = _one_name(namesakes, parsed)
    doc = parsed.document
    failed_checks = [f"{c.name}: {c.detail}" for c in doc.checks if not c.ok]
    missing = doc.missing_tables if doc.tables else ()  # a narrative file's tables are in its other file
    if strict and (doc.warnings or failed_checks or missing):
        problems = [*doc.warnings, *failed_checks, *(f"missing {t}" for t in missing)]
        raise IngestError(f"{path.name}: --strict and {len(problems)} problem(s), first: {problems[0]}")
    same = [d for d in _same_publication(namesakes, doc) if d.doc_id != replace_id]
    halves = [d for d in same if _halves(d, doc)]
    twin = next((d for d in same if not _halves(d, doc)), None) if replace_id is None else None
    notes: list[str] = []
    if halves:  # a file of a publication in two files: it joins the stored other file(s)
        publication = next((d.publication for d in halves if d.publication), None) or publication_id(
            doc.department or "", doc.year, doc.doc_kind
        )
        doc = dataclasses.replace(doc, publication=publication)
        parsed = dataclasses.replace(parsed, document=doc)
        notes += [
            f"joined with {h.source} ({h.doc_id}): one publication in two files, {publication}"
            for h in halves
        ]
    if twin is not None and replace:
        replace_id = twin.doc_id
        notes.append(f"replaced {twin.source} ({twin.doc_id})")
    elif twin is not None:
        notes.append(
            f"{twin.source} ({twin.doc_id}) is already stored for {doc.department} {doc.year} {doc.doc_kind}; "
            f"both are kept: to keep only this file, run: budgetqa ingest --replace {report.path}"
        )
    store.add(
        parsed,
        source_path=path,
        progress=progress,
        replace_id=replace_id,
        join=[h.doc_id for h in halves],
        department_key=name_key(doc.department) if doc.department else None,
    )
    report.status = "ingested"
    report.doc_id, report.department, report.year, report.doc_kind = (
        doc.doc_id,
        doc.department,
        doc.year,
        doc.doc_kind,
    )
    report.publication = doc.publication
    report.pages, report.chunks, report.facts = doc.pages, len(parsed.chunks), len(parsed.facts)
    report.text_facts = len(parsed.text_facts)
    report.tables = len(doc.tables)
    report.tables_listed = len(doc.tables) + len(doc.missing_tables) if doc.missing_tables else 0
    report.missing_tables = list(doc.missing_tables)
    report.failed_checks = failed_checks
    report.textless_pages = list(doc.textless_pages)
    report.warnings = [*doc.warnings, *notes]
    if not any(d.tables for d in [doc, *halves]):  # the narrative half alone: not a failure
        report.tables_elsewhere, report.missing_tables, report.tables_listed = report.missing_tables, [], 0
    elif halves:  # its health is the publication's: a table is missing only when no file has it
        report.missing_tables = publication_missing([doc, *halves])
        report.warnings = [w for w in report.warnings if NARRATIVE_ONLY not in w]
    return report


def reingest(store: Store, doc_id: str, progress: ProgressFn | None = None) -> IngestReport:
    """Parse a stored document's own file copy again and swap it in; the old version answers until then."""
    doc = store.document(doc_id)
    stored = store.file_path(doc_id)
    if stored is None:
        report = IngestReport(source=doc.source, path="", status="failed")
        report.error = f"{doc.source}: the store keeps no copy of the file; ingest it again from the original"
        return report
    with tempfile.TemporaryDirectory(prefix="budgetqa-reingest-") as tmp:
        named = Path(tmp) / doc.source  # parse under the published name: it is the citation's source
        shutil.copyfile(stored, named)
        return ingest_file(store, named, progress=progress, replace_id=doc_id)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    progress: Callable[[Path], ProgressFn | None] | None = None,
    replace: bool = False,
    password: str | None = None,
    ocr: str = "auto",
) -> list[IngestReport]:
    """Ingest each file on its own: a failed file leaves nothing behind and does not stop the others."""
    reports = []
    for path in expand_paths(paths):
        reports.append(
            ingest_file(
                store,
                path,
                strict=strict,
                progress=progress(path) if progress else None,
                replace=replace,
                password=password,
                ocr=ocr,
            )
        )
    return reports


def ensure_sample(store: Store) -> list[IngestReport]:
    """Ingest the bundled sample when the home holds no documents; returns what was done."""
    if store.documents():
        return []
    return ingest_paths(store, bundled_sample_paths())


__all__ = [
    "IngestReport",
    "TableInfo",
    "bundled_sample_paths",
    "ensure_sample",
    "expand_paths",
    "ingest_file",
    "ingest_paths",
    "parse_file",
    "reingest",
]
