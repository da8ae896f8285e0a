"""Documents and narrative chunks of invented departments, built in code for the failure-class tests."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from budgetqa.store import Chunk, Document, Fact, TableInfo


def chunks(doc_id: str, texts: list[str], page: int = 8) -> list[Chunk]:
    """One narrative chunk per text, a page each from `page` on; its first line is its section."""
    return [
        Chunk(f"{doc_id}:n{i}", doc_id, t, page_start=page + i, page_end=page + i, section=t.split("\n")[0])
        for i, t in enumerate(texts)
    ]


def budget_doc(
    doc_id: str,
    department: str,
    year: int,
    region: str,
    *,
    kind: str = "预算",
    tables: tuple[TableInfo, ...] = (),
    pages: int = 20,
) -> Document:
    """A 部门预算 (or 部门决算) of an invented department."""
    return Document(
        doc_id,
        f"{doc_id}.pdf",
        hashlib.sha256(doc_id.encode()).hexdigest(),
        department,
        year,
        kind,
        f"部门{kind}",
        region,
        pages=pages,
        tables=tables,
    )


def money(doc: str, table: int, title: str, row: str, value: str, page: int, column: str = "合计") -> Fact:
    """A table cell in 万元 of an invented document."""
    return Fact(doc, table, title, row, column, Decimal(value), value, "万元", page)
