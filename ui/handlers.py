"""Public chat handlers: plain functions over the store and an answerer, tested without a browser.

The answerer is passed in (a seam): the real one is `budgetqa.qa.Answerer`, tests use a fake with the same
`ask(question, *, qid=None, doc_ids=None)` method. Answers and citations are turned into plain dicts at this
boundary so Gradio state holds JSON, not our records.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from budgetqa.qa import Citation
from budgetqa.store import Document, Store
from budgetqa.ui.limits import PUBLIC_QUESTIONS, QuestionTooLongError, RateLimiter, check_question

ALL = "全部"
EXAMPLE_QUESTIONS = (
    "三公经费是多少？",
    "一般公共预算支出总计是多少？",
    "基本支出和项目支出分别是多少？",
    "公务接待费比上年增加还是减少？",
    "收入总计是多少？",
    "本部门的主要职能是什么？",
)
CITATION_FIELDS = tuple(f.name for f in dataclasses.fields(Citation))


class AnswererLike(Protocol):
    def ask(
        self,
        question: str,
        *,
        qid: str | None = None,
        doc_ids: Sequence[str] | None = None,
        session: Any = None,
    ) -> Any: ...


def default_answerer_factory(store: Store) -> AnswererLike:
    """`budgetqa.qa.Answerer`, imported late so the UI still starts (and says why) when qa is broken."""
    from budgetqa.qa import Answerer

    answerer: AnswererLike = Answerer(store)
    return answerer


class AnswererCache:
    """One answerer per store generation: a document added or removed by staff is seen by the next question."""

    def __init__(
        self, store: Store, factory: Callable[[Store], AnswererLike] = default_answerer_factory
    ) -> None:
        self._store = store
        self._factory = factory
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._answerer: AnswererLike | None = None

    def get(self) -> AnswererLike:
        generation = self._store.generation()
        with self._lock:
            if self._answerer is None or generation != self._generation:
                self._answerer = self._factory(self._store)
                self._generation = generation
            return self._answerer


def citation_to_dict(citation: Any) -> dict[str, Any]:
    """A Citation record (or a dict from Answer.to_json) as a JSON-able dict with the known fields."""
    getter = citation.get if isinstance(citation, dict) else lambda name: getattr(citation, name, None)
    data = {name: getter(name) for name in CITATION_FIELDS}
    if data["bbox"] is not None:
        data["bbox"] = [float(v) for v in data["bbox"]]
    return data


def format_value(value: Decimal | float | int | None) -> str:
    """`7,021` / `1,234.56`: thousands separators, the document's own precision."""
    if value is None:
        return ""
    return f"{Decimal(str(value)):,}"


def doc_label(doc: Document) -> str:
    """`2023年 某某办公室 部门预算`; falls back to the file name when metadata is missing."""
    parts = [f"{doc.year}年" if doc.year else "", doc.department or "", doc.title or doc.doc_kind or ""]
    label = " ".join(p for p in parts if p)
    return label or doc.source


def citation_label(citation: dict[str, Any], number: int) -> str:
    """`[1] 文件 · 第24页（印刷页码 — 18 —）· 表9 … · 行 公务接待费 · 列 2023年`"""
    where = citation.get("source") or citation.get("doc_id") or "文件"
    if citation.get("year") or citation.get("department"):
        where = " ".join(
            str(p)
            for p in (f"{citation['year']}年" if citation.get("year") else "", citation.get("department"))
            if p
        )
    parts = [f"[{number}] {where}"]
    if citation.get("page"):
        page = f"第{citation['page']}页"
        if citation.get("page_label"):
            page += f"（印刷页码 {citation['page_label']}）"
        parts.append(page)
    if citation.get("table"):
        parts.append(str(citation["table"]))
    elif citation.get("section"):
        parts.append(str(citation["section"]))
    if citation.get("row"):
        parts.append(f"行 {citation['row']}")
    if citation.get("column"):
        parts.append(f"列 {citation['column']}")
    return " · ".join(parts)


def format_answer(answer: Any, citations: Sequence[dict[str, Any]]) -> str:
    """The chat message: the sentence, the figure with its unit, the formula, then numbered citations."""
    status = getattr(answer, "status", "answered")
    lines = [str(getattr(answer, "answer", "") or "")]
    value = getattr(answer, "value", None)
    if status == "answered" and value is not None:
        lines.append(f"\n**数值：{format_value(value)} {getattr(answer, 'unit', None) or ''}**".rstrip())
    formula = getattr(answer, "formula", None)
    if formula:
        lines.append(f"\n计算：`{formula}`")
    choices = getattr(answer, "choices", None) or ()
    if status == "clarify" and choices:
        lines.append("\n请说明您指的是：")
        lines.extend(f"- {choice}" for choice in choices)
    if citations:
        lines.append("\n**出处**（点选下方引用查看原文页面）：")
        for n, citation in enumerate(citations, start=1):
            lines.append(f"- {citation_label(citation, n)}")
            if citation.get("quote") and not citation.get("fact_id"):
                lines.append(f"  > {_one_line(str(citation['quote']))}")
    elif status == "not_found":
        lines.append("\n（在已收录的文件中没有找到依据。）")
    return "\n".join(lines)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def department_choices(docs: Sequence[Document]) -> list[str]:
    return [ALL, *sorted({d.department for d in docs if d.department})]


def year_choices(docs: Sequence[Document]) -> list[str]:
    return [ALL, *[str(y) for y in sorted({d.year for d in docs if d.year}, reverse=True)]]


def select_doc_ids(docs: Sequence[Document], department: str | None, year: str | None) -> list[str] | None:
    """None means every document; otherwise the ids matching both filters (possibly empty)."""
    dept = None if not department or department == ALL else department
    yr = None if not year or year == ALL else int(year)
    if dept is None and yr is None:
        return None
    return [d.doc_id for d in docs if (dept is None or d.department == dept) and (yr is None or d.year == yr)]


@dataclass
class AskResult:
    history: list[dict[str, str]]
    citations: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def ask_question(
    answerers: AnswererCache,
    store: Store,
    question: str,
    history: list[dict[str, str]] | None,
    department: str | None = None,
    year: str | None = None,
    client: str = "?",
    limiter: RateLimiter | None = PUBLIC_QUESTIONS,
    session: Any = None,
) -> AskResult:
    """Answer one question and append the exchange to the chat history.

    Public input is bounded: a question over the length limit, or a client asking faster than a person
    does, gets a message instead of an answer (and costs no engine time)."""
    history = list(history or [])
    question = (question or "").strip()
    if not question:
        return AskResult(history)
    try:
        question = check_question(question)
    except QuestionTooLongError as exc:
        history.append({"role": "user", "content": question[:80] + "…"})
        history.append({"role": "assistant", "content": str(exc)})
        return AskResult(history)
    history.append({"role": "user", "content": question})
    if limiter is not None and not limiter.allow(client):
        wait = max(1, round(limiter.retry_after(client)))
        history.append({"role": "assistant", "content": f"提问太频繁了，请 {wait} 秒后再问。"})
        return AskResult(history)
    doc_ids = select_doc_ids(store.documents(), department, year)
    if doc_ids is not None and not doc_ids:
        history.append({"role": "assistant", "content": "没有符合所选部门和年度的文件，请调整筛选条件。"})
        return AskResult(history)
    if not store.documents():
        history.append({"role": "assistant", "content": "还没有收录任何预算文件，请联系工作人员上传。"})
        return AskResult(history)
    started = time.perf_counter()
    try:
        answer = answerers.get().ask(question, doc_ids=doc_ids, session=session)
    except ImportError:
        history.append({"role": "assistant", "content": "问答模块暂不可用（budgetqa.qa 未安装或加载失败）。"})
        return AskResult(history)
    citations = [citation_to_dict(c) for c in getattr(answer, "citations", ()) or ()]
    history.append({"role": "assistant", "content": format_answer(answer, citations)})
    return AskResult(history, citations, time.perf_counter() - started)


DOWNLOAD_FORMATS = {"CSV（每表一份 + 全部数据）": "csv", "Excel 工作簿": "xlsx", "财政数据包 FDP": "fdp"}


def download_data(store: Store, doc_id: str | None, label: str) -> str | None:
    """下载数据: one document's figures as a zip of CSVs, an XLSX workbook or a zipped Fiscal Data Package."""
    import shutil
    import tempfile
    from pathlib import Path

    from budgetqa.store import export_facts

    if not doc_id:
        return None
    fmt = DOWNLOAD_FORMATS.get(label, "csv")
    doc = store.document(doc_id)
    facts = store.facts(doc_id=doc_id)
    stem = Path(doc.source).stem
    folder = Path(tempfile.mkdtemp(prefix="budgetqa-download-"))
    if fmt == "xlsx":
        return str(export_facts([doc], facts, "xlsx", folder / f"{stem}.xlsx")[0])
    export_facts([doc], facts, fmt, folder / stem)
    return shutil.make_archive(str(folder / f"{stem}_{fmt}"), "zip", folder / stem)
