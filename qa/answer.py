"""The answer records every front end shows: a sentence, the exact value, its formula and citations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetqa.store import Chunk, Document, Fact, fact_to_json, number_to_json, table_label

STATUSES = ("answered", "not_found", "clarify")
KINDS = ("lookup", "delta", "ratio", "sum", "compare", "rank", "narrative", "indicator")


@dataclass(frozen=True)
class Citation:
    """Where a figure or sentence is printed: document, page (physical and printed), table cell."""

    source: str
    doc_id: str
    department: str | None
    year: int | None
    page: int | None
    page_label: str | None
    table: str | None  # `表9 一般公共预算“三公”经费支出表`
    section: str | None
    row: str | None
    column: str | None
    quote: str  # the cell text as printed, or the quoted sentence
    bbox: tuple[float, float, float, float] | None = None
    fact_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "doc_id": self.doc_id,
            "department": self.department,
            "year": self.year,
            "page": self.page,
            "page_label": self.page_label,
            "table": self.table,
            "section": self.section,
            "row": self.row,
            "column": self.column,
            "quote": self.quote,
        }


def cite_fact(fact: Fact, doc: Document) -> Citation:
    unit = f" {fact.unit}" if fact.unit and fact.value is not None else ""
    return Citation(
        source=doc.source,
        doc_id=doc.doc_id,
        department=doc.department,
        year=doc.year,
        page=fact.page,
        page_label=doc.page_label(fact.page),
        table=table_label(fact.table_no, fact.table_title),
        section=fact.section,  # set by ingest only where a narrative part is printed on the page
        row=fact.row_name,
        column=fact.column,
        quote=f"{fact.text}{unit}".strip(),
        bbox=fact.bbox,
        fact_id=fact.fact_id,
    )


def cite_chunk(chunk: Chunk, doc: Document, quote: str) -> Citation:
    return Citation(
        source=doc.source,
        doc_id=doc.doc_id,
        department=doc.department,
        year=doc.year,
        page=chunk.page_start,
        page_label=doc.page_label(chunk.page_start),
        table=table_label(chunk.table_no, chunk.table_title) if chunk.kind == "row" else None,
        section=chunk.section or doc.section_at(chunk.page_start),
        row=None,
        column=None,
        quote=quote,
    )


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    status: str  # answered | not_found | clarify
    answer: str  # one or a few Chinese sentences
    value: Decimal | None = None
    unit: str | None = None
    citations: tuple[Citation, ...] = ()
    facts: tuple[Fact, ...] = ()
    elapsed_ms: float = 0.0
    formula: str | None = None
    choices: tuple[str, ...] = ()
    kind: str = "lookup"
    documents: tuple[Document, ...] = ()  # to join document fields into fact JSON; not serialised itself
    # a question that asks several things (多少？比上年少多少？): each figure the answer gives, in the order asked
    parts: tuple[tuple[Decimal, str | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        docs = {d.doc_id: d for d in self.documents}
        return {
            "id": self.id,
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "value": number_to_json(self.value),
            "unit": self.unit,
            "citations": [c.to_json() for c in self.citations],
            "facts": [fact_to_json(f, docs.get(f.doc_id)) for f in self.facts],
            "elapsed_ms": round(self.elapsed_ms, 2),
            "formula": self.formula,
            "choices": list(self.choices),
            "kind": self.kind,
            "parts": [{"value": number_to_json(v), "unit": u} for v, u in self.parts],
        }
