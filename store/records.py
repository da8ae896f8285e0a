"""Provenance-carrying records shared by every layer.

Every record names its document and where in it the content is printed, so a citation is built from
fields, never parsed back out of text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


def number_to_json(value: Decimal | None) -> int | float | None:
    """An exact Decimal as a JSON number: integral values stay integers."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class TableInfo:
    """A table found in a document (one logical table, possibly spanning pages)."""

    table_no: int | None
    title: str
    page_start: int | None
    page_end: int | None
    unit: str | None
    columns: tuple[str, ...] = ()
    rows: int = 0
    note: str | None = None  # e.g. "本部门无政府性基金预算支出" for an empty table


@dataclass(frozen=True)
class CheckResult:
    """One integrity check (勾稽关系) run at ingest."""

    name: str
    ok: bool
    detail: str
    table_no: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str  # the ingested file's name
    sha256: str
    department: str | None
    year: int | None
    doc_kind: str | None  # 预算 / 决算 / ...
    title: str | None = None  # e.g. 部门预算 / 单位预算 / 部门决算
    region: str | None = None
    pages: int | None = None  # None for text files
    page_labels: tuple[str, ...] = ()
    sections: tuple[tuple[str, int | None], ...] = ()  # (heading, physical start page)
    tables: tuple[TableInfo, ...] = ()
    missing_tables: tuple[str, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    warnings: tuple[str, ...] = ()
    textless_pages: tuple[int, ...] = ()
    ingested_at: str = ""
    aliases: tuple[str, ...] = ()
    # the files of one publication (文字部分 + 表格部分) share this id; None: the file is a publication alone
    publication: str | None = None

    def page_label(self, page: int | None) -> str | None:
        if page is None or not (1 <= page <= len(self.page_labels)):
            return None
        return self.page_labels[page - 1] or None

    def section_at(self, page: int | None) -> str | None:
        """The part (第N部分) whose span contains a physical page."""
        if page is None:
            return None
        best = None
        for heading, start in self.sections:
            if start is not None and start <= page:
                best = heading
        return best

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["page_labels"] = list(self.page_labels)
        data["sections"] = [{"heading": h, "page": p} for h, p in self.sections]
        return data


# a chunk of a project's performance-target form page (绩效目标填报表): not searched with the narrative (a form's
# many words would crowd it out), read when a question names the form's project
FORM_KIND = "form"
OCR_LOW_CONFIDENCE = 0.90
TABLE_ORIGIN, TEXT_ORIGIN = (
    "table",
    "text",
)  # a printed table cell / a figure a narrative sentence states  # an OCR'd figure read with less is flagged: stored, answered with a caveat


@dataclass(frozen=True)
class Fact:
    """One table cell: a figure (or a blank) with its row, column, unit and page.

    A fact of `origin` "text" is a figure a narrative sentence states: `row_name` is its subject, `column`
    its measure (金额, 增减额, 增减率, 数量), `sentence` the sentence quoted; it has no table.
    """

    doc_id: str
    table_no: int | None
    table_title: str
    row_name: str
    column: str  # the header path joined with "/"
    value: Decimal | None  # None for a blank cell
    text: str  # the cell as printed
    unit: str | None
    page: int | None
    row_code: str | None = None
    row_path: tuple[str, ...] = ()
    section: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # (x0, top, x1, bottom) in PDF points
    row_index: int = 0  # position of the row inside its table, for table slices
    note: str | None = None
    fact_id: int | None = None  # assigned by the store
    ocr_confidence: float | None = None  # a cell read from a scan: the lowest confidence of its text
    origin: str = TABLE_ORIGIN
    sentence: str | None = None  # a text fact's sentence, as printed

    @property
    def ocr_flagged(self) -> bool:
        """A figure read by OCR with low confidence: it may be misread, so it is shown with a caveat."""
        return self.ocr_confidence is not None and self.ocr_confidence < OCR_LOW_CONFIDENCE


@dataclass(frozen=True)
class Chunk:
    """A piece of text for retrieval: a narrative passage or a serialized table row."""

    chunk_id: str
    doc_id: str
    text: str
    kind: str = "narrative"  # "narrative" | "row"
    page_start: int | None = None
    page_end: int | None = None
    section: str | None = None
    table_no: int | None = None
    table_title: str | None = None
    fact_keys: tuple[int, ...] = ()  # indexes into the ingested fact list; ids after storing
    embed_text: str | None = None  # the text whose embedding represents this chunk, if not `text`


@dataclass
class ParsedDocument:
    """What ingestion hands to the store in one piece (written atomically)."""

    document: Document
    facts: list[Fact] = field(default_factory=list)  # table cells; chunks' `fact_keys` index this list
    chunks: list[Chunk] = field(default_factory=list)
    page_texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # label keys to pre-embed for item matching (cached)
    text_facts: list[Fact] = field(default_factory=list)  # figures the narrative states (origin "text")


def publication_id(department: str, year: int | None, doc_kind: str | None) -> str:
    """The id the files of one publication share: the same for either ingest order, never a document id."""
    key = f"{department}|{year or ''}|{doc_kind or ''}"
    return "pub-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def table_label(table_no: int | None, title: str | None) -> str | None:
    """`表9 一般公共预算“三公”经费支出表` for citations."""
    if not title and table_no is None:
        return None
    if table_no is None:
        return title
    return f"表{table_no} {title}".strip()


def fact_to_json(fact: Fact, doc: Document | None) -> dict[str, Any]:
    """The Fact JSON of the CLI contract (document fields joined in)."""
    return {
        "fact_id": fact.fact_id,
        "doc_id": fact.doc_id,
        "source": doc.source if doc else None,
        "department": doc.department if doc else None,
        "year": doc.year if doc else None,
        "doc_kind": doc.doc_kind if doc else None,
        "table_no": fact.table_no,
        "table_title": fact.table_title,
        "row_code": fact.row_code,
        "row_name": fact.row_name,
        "row_path": list(fact.row_path),
        "column": fact.column,
        "value": number_to_json(fact.value),
        "text": fact.text,
        "unit": fact.unit,
        "page": fact.page,
        "page_label": doc.page_label(fact.page) if doc else None,
        "section": fact.section,
        "bbox": list(fact.bbox) if fact.bbox else None,
        "note": fact.note,
        "ocr_confidence": fact.ocr_confidence,
        "origin": fact.origin,
        "sentence": fact.sentence,
    }
