"""Narrative answers (为什么, 主要用于, 职责): the best supporting sentences, quoted with section and page.

Retrieval is the hybrid retriever's job (`budgetqa.qa.retrieval`); this module picks which of the
retrieved sentences to quote. For a "why" the sentence that names the item *and* gives a reason
(主要原因/主要是/由于) beats the one that only names it.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from budgetqa.qa.text import bigrams, fold
from budgetqa.store import FORM_KIND, Chunk, Store
from budgetqa.store.phrases import change_in, split_sentences

_REASON = re.compile(r"主要原因|原因是|主要是|由于|因为|因此|用于|主要用于")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|[(（][一二三四五六七八九十]+[)）])[^。；！？]{0,30}$"
)
# template brackets; 〔〕 around a year is a document number's (苏财预〔2017〕19号) and is kept
_TEMPLATE = re.compile(r"[【】\[\]]|</?p>|〔(?!\d{4}〕)|(?<!〔\d{4})〕")
# a project's performance-target form (its section: the form's title > the project's name), and the share of the
# project name's character pairs a question must print to name it
_FORM_PROJECT = re.compile(r"绩效目标[^>]*表\s*>\s*(.+)$")
_PROJECT_NAMED = 0.6
# the generic end of a project's name, which a question shortening it leaves out (…和建设经费 → …项目)
_PROJECT_TAIL = re.compile(r"(?:专项|项目)?(?:经费|资金|补助|补贴|费用|项目)$")


def _named_by_its_lead(project: str, question: str) -> bool:
    """社区环境整治项目 for 社区环境整治和建设经费: the question repeats the name's first four or more characters,
    at least half of the name without its generic end, and then says 项目."""
    core = _PROJECT_TAIL.sub("", project)
    for size in range(len(core), 3, -1):
        if size * 2 < len(core):
            return False
        at = question.find(core[:size])
        if at >= 0:
            return question.startswith("项目", at + size)
    return False


_LEVEL_MARK = re.compile(r"[(（](?:类|款|项)[)）]")
_SCOPES_KEPT = 64  # searched scopes (a few documents each) whose narrative chunks stay in memory


@dataclass(frozen=True)
class Quote:
    chunk: Chunk
    sentence: str
    score: float


def clean_sentence(text: str) -> str:
    """A sentence as shown in an answer: template brackets, HTML and wrapped-line spaces removed."""
    text = _TEMPLATE.sub("", text)
    return re.sub(r"(?<=[\u4e00-\u9fff，。；：])\s+|\s+(?=[\u4e00-\u9fff，。；：])", "", text).strip()


def _title_like(sentence: str) -> bool:
    """A title or a `字段：值` line: short and without a clause mark."""
    return len(sentence) < 30 and not re.search(r"[，。；,;]", sentence)


def _coverage(focus: str, text: str) -> float:
    grams = bigrams(focus)
    return len(grams & bigrams(text)) / len(grams) if grams else 0.0


def split(text: str) -> list[str]:
    return split_sentences(text)


class NarrativeSearch:
    """Hybrid retrieval, plus a plain bigram-overlap net over narrative chunks that catches exact
    topic words (机构设置, 职责) a weak embedder ranks low."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._retriever: object | None = None
        # narrative chunks with their bigrams, per searched scope (a few documents), for one store generation
        self._chunks: tuple[int, OrderedDict[tuple[str, ...] | None, list[tuple[Chunk, frozenset[str]]]]] = (
            -1,
            OrderedDict(),
        )
        self._pages: dict[tuple[str, int], str] = {}
        self._printed: tuple[int, dict[tuple[str, ...], tuple[str, str]]] = (-1, {})
        try:
            from budgetqa.qa.retrieval import HybridRetriever

            self._retriever = HybridRetriever(store)
        except ImportError:  # pragma: no cover - the retriever ships with qa
            self._retriever = None

    def passages(
        self, query: str, doc_ids: Sequence[str] | None, k: int = 5
    ) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        found: list[tuple[Chunk, float, tuple[str, ...]]] = []
        if self._retriever is not None:
            hits = self._retriever.search(query, doc_ids=doc_ids, k=k, kind="narrative")  # type: ignore[attr-defined]
            found = [(p.chunk, float(p.score), tuple(p.sentences)) for p in hits]
        seen = {c.chunk_id for c, _, _ in found}
        found += [hit for hit in self._lexical(query, doc_ids, 3) if hit[0].chunk_id not in seen]
        return found

    def stating(
        self, doc_ids: Sequence[str], states: Callable[[Sequence[str]], bool]
    ) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        """The narrative passages of these documents whose sentences `states` accepts (a figure the question
        gives roughly): read from the documents' own chunks, which the cache holds, not searched."""
        return [(c, 0.0, ()) for c, _ in self._narrative_chunks(doc_ids) if states(split(c.text))]

    def chunks(self, doc_ids: Sequence[str]) -> list[Chunk]:
        """The documents' narrative chunks in store order, from the cache (no sentence is split)."""
        return [c for c, _ in self._narrative_chunks(doc_ids)]

    def printed(self, doc_ids: Sequence[str], *, plain: bool = False) -> str:
        """The documents' narrative text, folded, one chunk per line: read and folded once per scope and store
        generation (a question asks whether words are printed at all). `plain`: without the level marks a
        text writes inside a 科目's name (社会保障和就业（类）支出 → 社会保障和就业支出)."""
        generation = self.store.generation()
        if self._printed[0] != generation:
            self._printed = (generation, {})
        key = tuple(sorted(set(doc_ids)))
        texts = self._printed[1].get(key)
        if texts is None:
            text = "\n".join(fold(c.text) for c in self.chunks(doc_ids))
            texts = self._printed[1][key] = (text, _LEVEL_MARK.sub("", text))
            if len(self._printed[1]) > _SCOPES_KEPT:
                self._printed[1].pop(next(iter(self._printed[1])))
        return texts[1] if plain else texts[0]

    def naming(
        self, doc_ids: Sequence[str], phrases: Sequence[str]
    ) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        """The narrative passages of these documents that print one of the (folded) phrases word for word, in
        store order: an item's own sentence that a search ranked below others."""
        text = self.printed(doc_ids, plain=True)
        wanted = [p for p in phrases if p and p in text]
        if not wanted:
            return []
        lines = text.split("\n")  # one folded chunk per line, as `printed` joins them
        return [
            (c, 0.0, ())
            for c, line in zip(self.chunks(doc_ids), lines, strict=True)
            if any(p in line for p in wanted)
        ]

    def joined(
        self,
        passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
        doc_ids: Sequence[str],
        states: Callable[[Sequence[str]], bool],
    ) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        """The passages a search ranked, then every other passage of the documents whose sentences `states`
        accepts, wherever the search ranked them."""
        seen = {c.chunk_id for c, _, _ in passages}
        return [*passages, *(p for p in self.stating(doc_ids, states) if p[0].chunk_id not in seen)]

    def _narrative_chunks(
        self, doc_ids: Sequence[str] | None, kind: str = "narrative"
    ) -> list[tuple[Chunk, frozenset[str]]]:
        """The narrative chunks (or those of another kind) of these documents (every document's for None), in
        store order, read once per scope and store generation; the most recently searched scopes are kept."""
        generation = self.store.generation()
        if self._chunks[0] != generation:
            self._chunks = (generation, OrderedDict())
        scopes = self._chunks[1]
        ids = None if doc_ids is None else tuple(sorted(set(doc_ids)))
        key = ids if kind == "narrative" else (kind, *(ids or ()))
        found = scopes.get(key)
        if found is None:
            chunks = self.store.chunks(None if ids is None else list(ids), kind=kind)
            found = scopes[key] = [(c, bigrams(fold(c.text))) for c in chunks]
            if len(scopes) > _SCOPES_KEPT:
                scopes.popitem(last=False)
        else:
            scopes.move_to_end(key)
        return found

    def forms(self, doc_ids: Sequence[str], question: str) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        """The pages of these documents' project forms (绩效目标填报表) whose project the question names: one
        project's form speaks for that project only, never for another or for the whole department."""
        asked = bigrams(fold(question))
        found: list[tuple[Chunk, float, tuple[str, ...]]] = []
        for chunk, _ in self._narrative_chunks(doc_ids, FORM_KIND):
            named = _FORM_PROJECT.search(chunk.section or "")
            pairs = bigrams(fold(named.group(1))) if named else frozenset()
            if pairs and len(pairs & asked) >= _PROJECT_NAMED * len(pairs):
                found.append((chunk, 0.0, ()))
            elif named and _named_by_its_lead(fold(named.group(1)), fold(question)):
                found.append((chunk, 0.0, ()))
        return found

    def neighbour(self, chunk: Chunk, step: int = 1) -> Chunk | None:
        """The chunk stored right after (step 1) or before (step −1) this one in the same document:
        a list or a paragraph cut at a chunk boundary continues there."""
        chunks = self._narrative_chunks([chunk.doc_id])
        for i, (c, _) in enumerate(chunks):
            if c.chunk_id == chunk.chunk_id:
                j = i + step
                if 0 <= j < len(chunks) and chunks[j][0].doc_id == chunk.doc_id:
                    return chunks[j][0]
                return None
        return None

    def located(self, chunk: Chunk, sentence: str) -> Chunk:
        """The chunk narrowed to the page that prints the sentence (a chunk may span a page break),
        so the citation names the page the quoted words are on."""
        start, end = chunk.page_start, chunk.page_end
        if start is None or end is None or end <= start:
            return chunk
        key = fold(clean_sentence(sentence))[:24]
        for page in range(start, end + 1):
            text = self._page_text(chunk.doc_id, page)
            if key and key in text:
                return replace(chunk, page_start=page, page_end=page)
        return chunk

    def _page_text(self, doc_id: str, page: int) -> str:
        cached = self._pages.get((doc_id, page))
        if cached is None:
            raw = self.store.page_text(doc_id, page) or ""
            cached = self._pages[(doc_id, page)] = fold(clean_sentence(raw))
        return cached

    def _lexical(
        self, query: str, doc_ids: Sequence[str] | None, k: int
    ) -> list[tuple[Chunk, float, tuple[str, ...]]]:
        grams = bigrams(fold(query))
        scored = []
        for chunk, chunk_grams in self._narrative_chunks(doc_ids):
            overlap = len(grams & chunk_grams)
            if overlap:
                scored.append((overlap / (len(grams) or 1), chunk))
        scored.sort(key=lambda sc: -sc[0])
        return [(c, s, tuple(split(c.text)[:3])) for s, c in scored[:k]]


def best_quotes(
    passages: Sequence[tuple[Chunk, float, tuple[str, ...]]],
    *,
    focus: Sequence[str],
    want_reason: bool,
    limit: int = 2,
    cue: re.Pattern[str] | None = None,
) -> list[Quote]:
    """Sentences to quote: retriever rank, the focus words (item names) and reason cues all count; `cue`:
    the words a sentence answering what is asked says (用于 for 干嘛用的, 核定 for 按什么核定)."""
    quotes: list[Quote] = []
    focus_f = [fold(f) for f in focus if f]
    for rank, (chunk, _score, sentences) in enumerate(passages):
        pool = list(dict.fromkeys([*sentences, *split(chunk.text)]))
        whole = fold(chunk.text)
        # the chunk as a whole (its heading included) speaks to the focus: 机构设置 under 二、机构设置情况
        chunk_fit = max((_coverage(f, whole) for f in focus_f), default=0.0)
        for pos, sentence in enumerate(pool):
            shown = clean_sentence(sentence)
            if _HEADING.match(sentence.strip()) or len(shown) < 10 or _title_like(shown):
                continue  # a bare heading, list label or title line quotes nothing
            s = fold(sentence)
            score = 1.0 / (rank + 1) + 1.5 * chunk_fit
            score += sum(0.5 for f in focus_f if f in s)
            score += 1.0 * max((_coverage(f, s) for f in focus_f), default=0.0)
            if want_reason and _REASON.search(s):
                score += 1.5
            if cue is not None and cue.search(s):
                score += 1.5
            if sentence in sentences:
                score += 0.3 - 0.1 * sentences.index(sentence)
            score -= 0.02 * pos
            quotes.append(Quote(chunk, sentence, score))
    quotes.sort(key=lambda q: -q.score)
    out: list[Quote] = []
    for q in quotes:
        q = with_change_before(q) if want_reason else q
        if not any(overlaps(q.sentence, o.sentence) for o in out):
            out.append(q)
        if len(out) >= limit:
            break
    return out


# 主要原因是… / 原因是…: a reason that names no change of its own, the change being the sentence's before it
_REASON_LEAD = re.compile(
    r"^(?:其中[，,]?)?(?:主要原因|原因是|原因为|主要是由于|主要是因为|这是由于|这是因为)"
)


# 与上年相比减少147.20万元: a sentence that is the change alone, the figure being the sentence's before it
_CHANGE_LEAD = re.compile(r"^(?:与|和|同|跟|较|比)(?:上年|上一年|去年|上年度)")


def with_change_before(quote: Quote) -> Quote:
    """A reason quoted alone (主要原因是财政专户结余全部上缴国库) says why without saying what changed; the sentence
    before it in the passage, when it is the change alone (与上年相比减少147.20万元), is quoted with it."""
    if not _REASON_LEAD.match(clean_sentence(quote.sentence)):
        return quote
    pool = split(quote.chunk.text)
    plain = [_plain(x) for x in pool]
    at = plain.index(_plain(quote.sentence)) if _plain(quote.sentence) in plain else -1
    if at <= 0 or not _CHANGE_LEAD.match(_plain(pool[at - 1])) or change_in(pool[at - 1]) is None:
        return quote
    return replace(quote, sentence=f"{pool[at - 1]}{pool[at]}")


def _plain(sentence: str) -> str:
    return fold(clean_sentence(sentence))


def overlaps(a: str, b: str) -> bool:
    """One sentence quotes the other (the same, or one joined with the one before it)."""
    a, b = _plain(a), _plain(b)
    return a in b or b in a
