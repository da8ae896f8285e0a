"""The answering engine: question → documents and items → exact figures / calculation / quotes → Answer.

Order of trust: a printed cell beats a computed figure beats a quoted sentence; when nothing confident
is found the answer is `not_found` with an honest sentence, never a near-miss figure from another row.
Everything loaded from the store is cached per store generation.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from budgetqa.qa import compose, plans
from budgetqa.qa.answer import Answer
from budgetqa.qa.calc import fmt_plain
from budgetqa.qa.index import FactIndex
from budgetqa.qa.lexicon import MEASURE_SAYS
from budgetqa.qa.matching import (
    DeptMatch,
    Item,
    code_mentions,
    fuzzy_items,
    label_mentions,
    lexicon_mentions,
    match_departments,
    merge_mentions,
    unknown_department,
)
from budgetqa.qa.narrative import NarrativeSearch
from budgetqa.qa.question import Parsed, parse
from budgetqa.qa.text import fold
from budgetqa.store import Document, Store


@dataclass
class Snapshot:
    generation: int
    documents: list[Document]
    index: FactIndex


@dataclass(frozen=True)
class Context:
    """Everything understood about one question, handed to the plans."""

    question: str
    parsed: Parsed
    docs: tuple[Document, ...]  # documents in scope (after any department filter)
    dept_named: bool
    items: tuple[Item, ...]
    measure: str | None
    index: FactIndex


def question_id(question: str, qid: str | int | None) -> str:
    if qid is not None:
        return str(qid)
    return "q" + hashlib.sha1(question.encode("utf-8")).hexdigest()[:10]


def detect_measure(text: str, items: Sequence[Item], *, share: bool = False) -> tuple[str | None, list[Item]]:
    """A measure word (基本支出, 决算数 ...) when another item is the subject; else it stays an item.

    In a share question (人员经费占基本支出) both sides are items.
    """
    items = list(items)
    measure = None
    for form, name in MEASURE_SAYS:
        start = text.find(form)
        if start < 0:
            continue
        overlapping = [it for it in items if it.span[0] < start + len(form) and start < it.span[1]]
        others = [it for it in items if it not in overlapping]
        if overlapping and (share or not others):
            continue  # the measure word is the item itself: 基本支出是多少
        items = others if overlapping else items
        measure = name
        break
    return measure, items


class Answerer:
    """Answers questions over one store; safe to share between threads."""

    def __init__(self, store: Store, *, llm_url: str | None = None, llm_model: str | None = None) -> None:
        self.store = store
        self.llm_url = llm_url
        self.llm_model = llm_model
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._narrative: NarrativeSearch | None = None

    # ---- caches --------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        generation = self.store.generation()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                documents = self.store.documents()
                self._snapshot = Snapshot(generation, documents, FactIndex(documents, self.store.facts()))
            return self._snapshot

    @property
    def narrative(self) -> NarrativeSearch:
        if self._narrative is None:
            self._narrative = NarrativeSearch(self.store)
        return self._narrative

    def _embed_similarity(self, query: str, labels: Sequence[str]) -> list[float]:
        """Cosine similarity of the query to each label (passage vectors come from the store's cache)."""
        q = self.store.embedder.embed_queries([query])[0]
        vectors = self.store.embed_passages(list(labels))
        return [sum(a * b for a, b in zip(q, v, strict=False)) for v in vectors]

    # ---- asking --------------------------------------------------------------------------------
    def ask(
        self, question: str, *, qid: str | int | None = None, doc_ids: Sequence[str] | None = None
    ) -> Answer:
        started = time.perf_counter()
        answer = self._answer(question, question_id(question, qid), doc_ids)
        answer = self._polish(answer)
        return replace(answer, elapsed_ms=(time.perf_counter() - started) * 1000)

    def _answer(self, question: str, aid: str, doc_ids: Sequence[str] | None) -> Answer:
        snap = self.snapshot()
        docs = [d for d in snap.documents if doc_ids is None or d.doc_id in set(doc_ids)]
        base = Answer(id=aid, question=question, status="not_found", answer="", documents=tuple(docs))
        if not question.strip():
            return replace(base, answer="问题是空的：请输入一个关于预算文档的问题。")
        if not docs:
            return replace(
                base, answer="还没有导入任何预算文档（或所选文档不存在）；请先导入：budgetqa ingest FILE.pdf"
            )
        parsed = parse(question)
        text = parsed.text
        depts = _drop_inside_items(match_departments(text, docs), text, snap.index)
        if not depts:
            unknown = unknown_department(text, docs)
            if unknown:
                loaded = "、".join(sorted({d.department or d.source for d in docs}))
                return replace(
                    base, answer=f"已导入的文档中没有“{unknown}”的预算或决算（已导入：{loaded}）。"
                )
        scope = docs
        spans: list[tuple[int, int]] = []
        if depts:
            wanted = {i for m in depts for i in m.doc_ids}
            scope = [d for d in docs if d.doc_id in wanted]
            spans = [m.span for m in depts]
        masked = _mask(text, spans)
        items = merge_mentions(
            label_mentions(masked, snap.index),
            lexicon_mentions(masked),
            code_mentions(masked, parsed.codes, snap.index),
        )
        measure, items = detect_measure(masked, items, share="share" in parsed.ops)
        if not items and not _narrative_only(parsed) and not _rank_all_spending(parsed):
            embed = self._embed_similarity if self.store.embedder is not None else None
            items = fuzzy_items(masked, snap.index, embed)
            if len(items) > 1 and items[0].score - items[1].score < 0.02 and "sum" not in parsed.ops:
                choices = tuple(dict.fromkeys(it.text for it in items if items[0].score - it.score < 0.02))
                if len(choices) > 1:
                    return replace(
                        base,
                        status="clarify",
                        answer=compose.choices_sentence("问题可能指以下几个项目，", choices),
                        choices=choices,
                    )
            items = items[:1]
        ctx = Context(question, parsed, tuple(scope), bool(depts), tuple(items), measure, snap.index)
        return plans.run(ctx, base, self.narrative)

    def _polish(self, answer: Answer) -> Answer:
        """Optional LLM rephrasing; the guard rejects any rewrite that changes a number."""
        if not (self.llm_url and self.llm_model) or answer.status != "answered":
            return answer
        try:
            from budgetqa.qa.llm import rephrase
        except ImportError:  # pragma: no cover
            return answer
        allowed = [fmt_plain(answer.value)] if answer.value is not None else []
        rewritten = rephrase(answer.answer, allowed, url=self.llm_url, model=self.llm_model)
        return replace(answer, answer=rewritten) if rewritten else answer


def _drop_inside_items(depts: list[DeptMatch], text: str, index: FactIndex) -> list[DeptMatch]:
    """Department matches give way to item names: 外事 inside 外事事务 is the item's, and 省人大办公
    overlapping 公务用车… is trimmed to 省人大办."""
    if not depts:
        return depts
    mentions = [m.span for m in (*label_mentions(text, index), *lexicon_mentions(text))]
    kept = []
    for dept in depts:
        s, e = dept.span
        if any(ms <= s and e <= me and (me - ms) > (e - s) for ms, me in mentions):
            if not (dept.name and fold(dept.name) == text[s:e]):
                continue
        for ms, me in mentions:
            if s < ms < e < me and ms - s >= 2:
                e = ms  # the item starts inside the matched run
        kept.append(replace(dept, span=(s, e)) if e != dept.span[1] else dept)
    return kept


def _rank_all_spending(parsed: Parsed) -> bool:
    """哪项支出最多: rank the expenditure categories rather than guess an item."""
    return "rank" in parsed.ops and bool(re.search(r"哪(?:一)?(?:项|类|个)(?:支出|科目)", parsed.text))


def _narrative_only(parsed: Parsed) -> bool:
    return "narrative" in parsed.ops and not ({"delta", "rate", "share", "sum", "rank"} & parsed.ops)


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = "□"
    return "".join(chars)


_CACHE: dict[int, Answerer] = {}
_CACHE_LOCK = threading.Lock()


def ask(store: Store, question: str, **kw: object) -> Answer:
    """Convenience: one cached Answerer per store object."""
    llm = {k: kw.pop(k) for k in ("llm_url", "llm_model") if k in kw}
    with _CACHE_LOCK:
        answerer = _CACHE.get(id(store))
        if answerer is None or answerer.store is not store:
            answerer = _CACHE[id(store)] = Answerer(store, **llm)  # type: ignore[arg-type]
    return answerer.ask(question, **kw)  # type: ignore[arg-type]


__all__ = ["Answerer", "ask"]
