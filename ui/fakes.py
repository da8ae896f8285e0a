"""Deterministic fakes for UI tests and demos: an answerer that cites stored facts, and a tiny document.

The fake answerer looks a question's words up in the stored row names, so handler tests exercise the real
store, citations and previews without the qa engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetqa.qa.answer import Citation, cite_fact
from budgetqa.store import Document, Fact, ParsedDocument, Store, TableInfo


@dataclass
class FakeAnswer:
    question: str
    status: str
    answer: str
    value: Decimal | None = None
    unit: str | None = None
    citations: tuple[Citation, ...] = ()
    formula: str | None = None
    choices: tuple[str, ...] = ()
    facts: tuple[Any, ...] = ()
    elapsed_ms: float = 0.0
    id: str | None = None


@dataclass
class FakeAnswerer:
    """Answers with the first stored fact whose row name occurs in the question."""

    store: Store
    asked: list[tuple[str, Sequence[str] | None]] = field(default_factory=list)

    def ask(
        self,
        question: str,
        *,
        qid: str | None = None,
        doc_ids: Sequence[str] | None = None,
        session: Any = None,
    ) -> FakeAnswer:
        self.asked.append((question, doc_ids))
        docs = {d.doc_id: d for d in self.store.documents() if doc_ids is None or d.doc_id in doc_ids}
        for doc_id, doc in docs.items():
            for fact in self.store.facts(doc_id=doc_id):
                if fact.value is not None and fact.row_name and fact.row_name in question:
                    return FakeAnswer(
                        question,
                        "answered",
                        f"{fact.row_name}为{fact.text}{fact.unit or ''}。",
                        fact.value,
                        fact.unit,
                        (cite_fact(fact, doc),),
                        id=qid,
                    )
        return FakeAnswer(question, "not_found", "没有找到相关内容。", id=qid)


def tiny_parsed_document(
    doc_id: str = "demo-2023",
    sha256: str = "0" * 64,
    department: str = "示例局",
    year: int = 2023,
    pages: int = 2,
) -> ParsedDocument:
    """A budget-shaped document: a 功能分类 table with 类 rows and a 三公 table with two year rows."""
    title7, title9 = "一般公共预算支出表（按功能分类）", "“三公”经费支出表"
    facts: list[Fact] = []
    rows7 = [
        ("201", "一般公共服务支出", "500"),
        ("20101", "人大事务", "300"),
        ("205", "教育支出", "20"),
        ("208", "社会保障和就业支出", "80"),
    ]
    for i, (code, name, value) in enumerate(rows7):
        for column, share in (("支出总计", 1), ("基本支出", 0)):
            amount = Decimal(value) * share
            facts.append(
                Fact(
                    doc_id,
                    7,
                    title7,
                    name,
                    column,
                    amount,
                    f"{amount:,}",
                    "万元",
                    1,
                    row_code=code,
                    row_index=i,
                    bbox=(300.0 + 100 * share, 200.0 + 20 * i, 380.0 + 100 * share, 215.0 + 20 * i),
                )
            )
    for i, (year_name, total, hosting) in enumerate((("2022年", "597", "586"), ("2023年", "253", "242"))):
        for column, value in (("合计", total), ("公务接待费", hosting)):
            facts.append(
                Fact(doc_id, 9, title9, year_name, column, Decimal(value), value, "万元", 2, row_index=i)
            )
    tables = (TableInfo(7, title7, 1, 1, "万元", rows=4), TableInfo(9, title9, 2, 2, "万元", rows=2))
    document = Document(
        doc_id=doc_id,
        source=f"{doc_id}.pdf",
        sha256=sha256,
        department=department,
        year=year,
        doc_kind="预算",
        title="部门预算",
        pages=pages,
        page_labels=("— 1 —", "— 2 —")[:pages],
        tables=tables,
    )
    return ParsedDocument(document, facts, [], ["第一页", "第二页"][:pages])


def add_tiny_document(store: Store, pdf: Path | None = None, **kwargs: Any) -> Document:
    """Store `tiny_parsed_document(**kwargs)`, keeping `pdf` as its file copy for page rendering."""
    return store.add(tiny_parsed_document(**kwargs), source_path=pdf)
