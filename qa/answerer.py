"""The answering engine: question → documents and items → exact figures / calculation / quotes → Answer.

Order of trust: a printed cell beats a computed figure beats a quoted sentence; when nothing confident
is found the answer is `not_found` with an honest sentence, never a near-miss figure from another row.
Scope comes first (`budgetqa.qa.scope`): one copy per publication, each named department at its own
year, and an organisation, year or 决算 that nothing loaded covers is not found before any lookup.
Everything loaded from the store is cached per store generation; a document's facts are read only when a
question is about it, and kept for the most recently asked documents (`qa.index.DocumentCells`).
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetqa.qa import compose, phrasing, plans, safety, scope, stated
from budgetqa.qa.answer import Answer
from budgetqa.qa.calc import fmt_plain
from budgetqa.qa.context import Context
from budgetqa.qa.conversation import Session, understand
from budgetqa.qa.coverage import asked_unsaid, money_for_unsaid, part_unsaid, refuses, uncovered_runs
from budgetqa.qa.crossdoc import cross_answer
from budgetqa.qa.index import DocumentCells, FactIndex, vocabulary
from budgetqa.qa.lexicon import AMOUNT_MEASURES, MEASURE_SAYS
from budgetqa.qa.matching import (
    DeptMatch,
    Item,
    bracketed_after,
    code_mentions,
    fuzzy_items,
    gloss_masked,
    label_mentions,
    lexicon_mentions,
    match_departments,
    merge_mentions,
    nest_terms,
    residue,
    table_scope,
    unknown_department,
)
from budgetqa.qa.narrative import NarrativeSearch
from budgetqa.qa.question import (
    CATEGORY_RANKED,
    CLAUSE_ASKS,
    EACH_SAID,
    EXCLUDED,
    FIGURE_ASKED,
    GAP_WORD,
    INCLUDED,
    LIST_AMOUNT_ASKED,
    LIST_OF_NOUN_ASKED,
    MONEY_ASKED,
    NUMBER_ASKED,
    OF_ITEMS,
    PAIRED,
    PREMISE,
    WHICH_PART,
    WHOLE_SIZE_ASKED,
    Intent,
    Op,
    asked_clause,
    asked_unit,
    asking_clauses,
    comparison_base,
    listed_head,
    parse,
    printed_words,
    without_count_unit,
)
from budgetqa.qa.text import abbreviation_at, bigrams, fold
from budgetqa.store import Document, Store, table_label


@dataclass
class Snapshot:
    """What one store generation answers from: its documents, the vocabulary of every printed label, and
    indexes over the documents a question is about, assembled from the per-document cache."""

    generation: int
    documents: list[Document]
    vocabulary: FactIndex  # no cells: the labels every stored document prints (item names, scope checks)
    starts: dict[str, int]  # each document's first position in the store's fact order
    cells: DocumentCells

    @property
    def labels(self) -> list[str]:
        return self.vocabulary.labels

    def index_of(self, docs: Sequence[Document]) -> FactIndex:
        """The cells of these documents only (read on first use, then cached per document)."""
        blocks = [(self.starts.get(d.doc_id, 0), self.cells.block(d, self.generation)) for d in docs]
        return FactIndex.of_blocks(docs, blocks, self.labels)

    @property
    def index(self) -> FactIndex:
        """Every document's cells: for tools and tests; questions use `index_of` their documents."""
        return self.index_of(self.documents)

    def decided(self, docs: Sequence[Document]) -> bool:
        """Some of these documents print a 决算 column (a budget may print last year's)."""
        return any(self.cells.block(d, self.generation).decided for d in docs)


def question_id(question: str, qid: str | int | None) -> str:
    if qid is not None:
        return str(qid)
    return "q" + hashlib.sha1(question.encode("utf-8")).hexdigest()[:10]


_PATH_STEP = re.compile(r"\s*(?:[—–―－\-]+|[>＞/／]|\s)\s*")
_LISTED_BESIDE = re.compile(r"的?[和与及、跟同]的?")


def _between(text: str, a: Item, b: Item) -> str:
    first, second = sorted((a, b), key=lambda it: it.span[0])
    return text[first.span[1] : second.span[0]] if first.span[1] <= second.span[0] else "?"


# two columns of one row asked together (年初预算和最后决算各是多少 / 基本支出和项目支出分别是多少)
_COLUMN = r"年初预算数?|调整后?预算数?|预算数|决算数|决算|执行数|实际支出|基本支出|项目支出|预算"
_TWO_COLUMNS = re.compile(
    rf"(?:最后|最终|实际)?的?({_COLUMN})的?(?:和|与|及|、|跟)(?:最后|最终|实际)?的?({_COLUMN})"
    r"(?=[^，,。？?]{0,6}(?:各|分别|都))"
)


def _one_column_each(question: str) -> list[str]:
    """The question once for each of two columns it lists, each asked alone; [] when it lists none."""
    m = _TWO_COLUMNS.search(question)
    if m is None or m.group(1) == m.group(2):
        return []
    rest = EACH_SAID.sub("", question[m.end() :], count=1)
    return [question[: m.start()] + column + rest for column in (m.group(1), m.group(2))]


_SPENT = frozenset({"一共花", "总共花", "一共用", "总共用"})


_FUND_WORDS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营")


def _fund_in_label(
    items: list[Item], measure: str | None, labels: Iterable[str], text: str
) -> tuple[list[Item], str | None]:
    """财政拨款的年末结转和结余: a row that prints the fund source inside its name (年末财政拨款结转和结余) is the
    item asked under that source (the rest of its name is the item, or is written in the question)."""
    if measure not in _FUND_WORDS or len(items) != 1:
        return items, measure
    item = items[0]
    names = {item.text, *item.labels}

    def rest_named(x: str) -> bool:
        rest = x.replace(measure, "", 1)
        return rest in names or (len(rest) >= 4 and rest in text)

    found = {x for x in labels if measure in x and rest_named(x)}
    if len(found) != 1:
        return items, measure
    label = found.pop()
    return [Item(label, (label,), item.score, item.span, how="label")], None


def _without_money_word_overlap(items: list[Item], text: str) -> list[Item]:
    """事业运行经费: 运行经费 overlapping the end of 事业运行 by a money word only is not a second item."""
    return [
        b
        for b in items
        if not any(
            a is not b
            and a.span[0] < b.span[0] < a.span[1] < b.span[1]
            and re.fullmatch(r"经费|费用|资金|的钱|钱", text[a.span[1] : b.span[1]])
            for a in items
        )
    ]


def _named_exactly(items: list[Item], text: str, question: str) -> list[Item]:
    """给离退休人员安排的“未归口管理的行政单位离退休”: the printed name the question quotes is the item; words
    before it that only describe it (…安排的“X”) are not a second item. Its scope, a parent it is nested in,
    and whatever the question names after it (其他收入 of the quoted row) stay."""
    spans = []
    for q in _QUOTED.findall(question):
        at = text.find(fold(q))
        if len(q) >= 2 and at >= 0:
            spans.append((at, at + len(fold(q)), fold(q)))
    exact = [
        it
        for it in items
        for start, end, name in spans
        if start <= it.span[0] and it.span[1] <= end and name in {fold(it.text), *it.labels[:1]}
    ]
    if not exact:
        return items
    first = min(e.span[0] for e in exact)
    scopes = {e.within_span for e in exact if e.within}

    def describes(it: Item) -> bool:
        between = text[it.span[1] : first]
        return it.span[1] <= first and between.endswith("的")

    return [it for it in items if it in exact or it.span in scopes or not describes(it)]


# 那张表 / 预算表 / 支出预算表: a table pointed at, or named by its printed title's end
_THE_TABLE = r"(?:(?:那张|这张|那个|这个)|(?:支出|收入)?(?:预算|决算)(?:明细)?)表格?"
# 就是三公经费、会议费、培训费那张表里的会议费: the items listed before 那张表 are the table's title
_TABLE_NAMED = re.compile(
    r"(?P<title>[^，,。？?：:]{2,40}?、[^，,。？?：:]{1,40}?)" + _THE_TABLE + r"(?:里面|里|中|上|内)的?"
    r"(?P<asked>[^，,。？?、]{2,12})"
)


_TABLE_ALONE = re.compile(
    r"(?P<title>[^，,。？?：:]{2,40}?、[^，,。？?：:]{1,40}?)" + _THE_TABLE + r"(?:里面|里|中|上|内)?"
    r"(?=[，,。？?；;])"
)


# 会议费在三公经费、会议费、培训费那张表里是多少: the table named after 在, the item asked before it
_TABLE_AT = re.compile(
    r"在(?P<title>[^，,。？?：:在]{2,40}?、[^，,。？?：:]{1,40}?)(?:那张|这张|那个|这个)?表格?(?:里面|里|中|上|内)"
)


# 我指的是“三公”经费那张表里的会议费: a table named by the one item it is known for
_ONE_ITEM_TABLE = re.compile(r"(?:那张|这张|那个|这个)表格?(?:里面|里|中|上|内)")


def _one_item_table(text: str, items: list[Item]) -> list[Item]:
    """会议费…我指的是“三公”经费那张表里的会议费: the item right before 那张表 names the table; the other items
    are read inside it, and it is not asked itself."""
    for m in _ONE_ITEM_TABLE.finditer(text):
        last = next((it for it in items if 0 <= m.start() - it.span[1] <= 2), None)
        if last is None:
            continue
        # 三公经费会议费培训费那张表: the items written side by side before 那张表 all name it
        named = [last]
        said = {x for it in items for x in (it.text, *it.labels)}  # a label named again is no item of its own
        for it in sorted(items, key=lambda it: -it.span[0]):
            gap = re.sub(r"[、和及与“”\"]", "", text[it.span[1] : named[-1].span[0]])
            if it.span[1] <= named[-1].span[0] and (not gap or gap in said):
                named.append(it)
        asked = [it for it in items if it not in named]
        if asked:
            where = tuple(x for it in named for x in (it.text, *it.labels))
            return [replace(it, within=(*where, *it.within), only_within=True) for it in asked]
    return items


# 会议费…就是跟“三公”经费放在一张表里公开的那个数: the item named beside it shares its table
_SHARED_TABLE = re.compile(
    r"(?:跟|和|与|同)(?P<title>[^，,。？?、]{2,16}?)(?:放|列|公开|登|印)?在(?:同)?一张表(?:格)?(?:里面|里|中|上|内)?"
)


def _table_named(text: str, items: list[Item]) -> list[Item]:
    """A list written as the name of a table (…、…、…那张表里的X), or an item said to share X's table (跟…放在
    一张表里): it says where X is printed; the items it names are not asked, and X is read inside that table."""
    shared = _SHARED_TABLE.search(text)
    if shared is not None:
        start, end = shared.span("title")
        asked = [it for it in items if it.span[1] <= start or it.span[0] >= end]
        beside = [it for it in items if start <= it.span[0] and it.span[1] <= end]
        if asked and beside:
            where = tuple(x for it in beside for x in (it.text, *it.labels))
            return [replace(it, within=(*where, *it.labels), only_within=True) for it in asked]
    m = _TABLE_NAMED.search(text)
    if m is not None and not any(
        any(x and x in m.group("asked") for x in (it.text, *it.labels)) for it in items
    ):
        m = None  # …那张表里是多少: what follows the table asks no item; the item is said before it
    if m is None:
        # 看A、B、C那张表，某厅的会议费是多少: the table named in a clause of its own, the item asked elsewhere
        alone = _TABLE_ALONE.search(text) or _TABLE_AT.search(text)
        if alone is None:
            return _one_item_table(text, items)
        start, end = alone.span("title")
        asked = [it for it in items if it.span[1] <= start or it.span[0] >= alone.end()]
        if not asked:  # the item asked is one the title lists, named again after it (a label is found once)
            for it in items:
                said = text[it.span[0] : it.span[1]]
                at = text.find(said, alone.end()) if said else -1
                if at >= 0:
                    asked.append(replace(it, span=(at, at + len(said))))
        kept = asked
    else:
        asked = [it for it in items if any(x and x in m.group("asked") for x in (it.text, *it.labels))]
        start, end = m.span("title")
        kept = [it for it in items if it in asked or not (start <= it.span[0] and it.span[1] <= end)]
    if not asked:
        return items
    # each name the title lists (a printed title may quote them: “三公”经费、会议费、培训费支出预算表)
    title = (m or alone).group("title")  # type: ignore[union-attr]
    # (the department, masked, and the year before the first name are not the title's)
    title = re.sub(r"^.*(?:□|(?:19|20)\d{2}年度?)(?:的|部门)*", "", title)
    names = tuple(
        x for x in re.split(r"[、和及与]", re.sub(r"[“”\"'‘’「」]", "", fold(title))) if len(x) >= 2
    )
    start, end = (m or alone).span("title")  # type: ignore[union-attr]

    def at_asked(it: Item) -> Item:
        """An item the title lists and the question asks again after it (…支出预算表里的会议费): the mention after
        the title is the one asked (a label is found once), so a table named by that title leaves it."""
        said = text[it.span[0] : it.span[1]]
        again = text.find(said, end) if said and start <= it.span[0] < end else -1
        return replace(it, span=(again, again + len(said))) if again >= 0 else it

    return [replace(at_asked(it), within=names, only_within=True) if it in asked else it for it in kept]


# 采购家具 / 买了多少钱的复印纸: the thing bought, after the buying word
_BOUGHT = re.compile(
    r"(?:采购|购买|购置|买)(?:了|的)?(?P<noun>[\u4e00-\u9fff]{2,6}?)(?=[，,。？?]|$|花|用|要|的|是|有|多少|预算|安排|经费|资金|钱)"
)
_NOT_A_THING = frozenset(
    {"货物", "服务", "工程", "预算", "项目", "资金", "经费", "支出", "总额", "多少", "什么", "东西"}
)


def _bought_thing(text: str, items: list[Item], labels: Sequence[str]) -> list[Item]:
    """采购家具, read as 政府采购 only: the thing bought is the printed row its name starts (家具用具), when one
    row does; never the procurement total."""
    if len(items) != 1 or items[0].text != "政府采购" or (m := _BOUGHT.search(text)) is None:
        return items
    noun = m.group("noun")
    if noun in _NOT_A_THING:
        return items
    rows = {x for x in labels if x == noun or (x.startswith(noun) and len(x) <= len(noun) + 4)}
    if len(rows) != 1:
        return items
    label = rows.pop()
    return [Item(label, (label,), 0.95, m.span("noun"), how="label")]


def _qualified_label(text: str, items: list[Item], labels: Sequence[str]) -> list[Item]:
    """省委办公厅承办会议这一项: an everyday word (会议 → 会议费) right after words that, with it, only one printed row
    holds (省委办公厅承办的会议费): that row, not the everyday item's own (会议费)."""
    out = []
    for it in items:
        said = text[it.span[0] : it.span[1]]
        lead = re.search(r"[\u4e00-\u9fff]{2,4}$", text[: it.span[0]]) if it.how == "lexicon" else None
        if lead is not None and len(said) >= 2:
            words = lead.group(0)
            rows = {
                x
                for x in labels
                if words in x
                and said in x[x.index(words) + len(words) :]
                and x not in it.labels
                and len(x) <= len(words) + len(said) + 12
            }
            if len(rows) == 1:
                label = rows.pop()
                it = Item(label, (label,), 0.95, (lead.start(), it.span[1]), how="label")
        out.append(it)
    return out


# 每人每天 / 每次 / 人均: what a figure is counted per, as a performance indicator's name prints it
_PER_PHRASE = re.compile(
    r"(?:平均|人均)?(?:每(?:一)?[人次个位名天月年期场辆项家批团台套件笔部条所处座份篇]){1,3}"
)


def _per_unit_label(text: str, items: list[Item], labels: Sequence[str]) -> list[Item]:
    """外宾接待伙食费每人每天是多少: the printed row that is the item per that unit (平均每人每天外宾接待伙食费),
    written in another order, when one row holds both; it replaces the items read inside either part."""
    per = _PER_PHRASE.search(text)
    if per is None:
        return items
    unit = per.group(0).removeprefix("平均").removeprefix("人均")
    found = []
    for label in labels:
        if unit not in label:
            continue
        noun = re.sub(r"^(?:平均|人均)", "", label.replace(unit, "", 1)).replace("平均", "")
        at = text.find(noun) if len(noun) >= 3 else -1
        if at >= 0 and not (per.start() < at + len(noun) and at < per.end()):
            found.append((label, (min(at, per.start()), max(at + len(noun), per.end()))))
    if len({label for label, _ in found}) != 1:
        return items
    label, span = found[0]
    kept = [it for it in items if not (it.span[0] < span[1] and span[0] < it.span[1])]
    return [*kept, Item(label, (label,), 0.95, span, how="label")]


def _glossed_in_words(text: str, items: list[Item]) -> list[Item]:
    """商品和服务支出（公用经费）: a printed row, then the everyday word for it in brackets, is that row named twice;
    the word in brackets is no item of its own (nor, when the documents print no row of that word, a miss)."""
    rows = [it for it in items if it.how == "label"]
    glosses = {id(b) for a in rows for b in items if b.how == "lexicon" and bracketed_after(text, a, b)}
    return [it for it in items if id(it) not in glosses] if glosses else items


def _people_paid(text: str, items: list[Item]) -> list[Item]:
    """给离退休人员的退休费: the people a payment goes to (离退休 + 人员) say whose it is; the item named after
    them is the one asked (not 离退休 as an item of its own beside it)."""
    out = []
    for it in items:
        after = _PEOPLE_OF.match(text, it.span[1])
        if after and it.how == "lexicon" and any(o.span[0] >= after.end() for o in items if o is not it):
            continue
        out.append(it)
    return out


_PEOPLE_OF = re.compile(r"(?:人员|干部|职工|同志)(?:们)?的")


def _without_spent_total(text: str, items: list[Item]) -> list[Item]:
    """人员经费一共花了多少: 一共花 is how much the named item cost, not the department's total spending."""
    spent = [it for it in items if it.term is not None and text[it.span[0] : it.span[1]] in _SPENT]
    return [it for it in items if it not in spent] if len(spent) < len(items) else items


def detect_measure(text: str, items: Sequence[Item], *, share: bool = False) -> tuple[str | None, list[Item]]:
    """A measure word (基本支出, 决算数 ...) when another item is the subject; else it stays an item.

    In a share question (人员经费占基本支出) both sides are items.
    """
    items = list(items)
    names = {name for _, name in MEASURE_SAYS}
    for i, it in enumerate(items):
        # 城乡社区支出中项目支出 / 行政运行里的基本支出: a measure named inside another item is that item's
        # column (the crossing of a row and a column), not a row of its own under a parent
        parent = text[it.within_span[0] : it.within_span[1]] if it.within else ""
        name = it.term.name if it.term is not None else it.text
        if name in names and parent and not any(form in parent for form, _ in MEASURE_SAYS):
            a, b = it.within_span
            if any(o is not it and o.span[0] < b and a < o.span[1] for o in items):
                # 事业运行经费里，基本支出: the row named there (事业运行) is the whole, not a term read across
                # its end (运行经费)
                return name, [*items[:i], *items[i + 1 :]]
            whole = Item(parent, it.within, 1.0, it.within_span, how="label")
            return name, [*items[:i], whole, *items[i + 1 :]]
    found: list[tuple[str, str, list[Item]]] = []
    for form, name in MEASURE_SAYS:
        start = text.find(form)
        if start < 0:
            continue
        if name == "决算数" and comparison_base(text, start):
            continue  # 比2023年执行数增加: last year's outturn is the base of the change, not a column asked for
        overlapping = [it for it in items if it.span[0] < start + len(form) and start < it.span[1]]
        others = [it for it in items if it not in overlapping]
        if overlapping and (share or not others):
            continue  # the measure word is the item itself: 基本支出是多少
        rows = [it for it in others if (it.term.name if it.term is not None else it.text) not in names]
        if overlapping and any(
            _LISTED_BESIDE.fullmatch(_between(text, it, overlapping[0])) and (it in rows or not rows)
            for it in others
        ):
            # 人员经费和公用经费分别是多少: one of the things listed, not the column of the other (but 代表工作里，
            # 基本支出和项目支出各是多少 lists two columns of one row)
            continue
        found.append((form, name, others if overlapping else items))
    # 2024年决算里，行政运行有多少是项目支出: the part named beside the item is the column asked for; the
    # amount word (预算/决算) then only says which document or which amount. Of amounts, a bare 决算 (决算里的
    # 年初预算) names the document when a more exact amount word is said too.
    parts = [f for f in found if f[1] not in AMOUNT_MEASURES]
    exact = [f for f in found if f[0] != "决算"]
    best = parts or exact or found
    if best:
        return best[0][1], best[0][2]
    return None, items


# A serving process caches the cells of many documents: hundreds of thousands of small objects that every full
# collection of the cyclic garbage collector walks. With the default thresholds (700, 10, 10) full collections
# came every few dozen questions and took 30–60 ms each: they were the p95 of a document's first question at
# 1,000 documents (bench/scale.py). The cells hold no reference cycles (reference counting frees them), so the
# collector may run far less often.
COLLECTOR_THRESHOLDS = (50_000, 20, 20)


def _collect_rarely() -> None:
    if gc.get_threshold()[0] < COLLECTOR_THRESHOLDS[0]:
        gc.set_threshold(*COLLECTOR_THRESHOLDS)


class Answerer:
    """Answers questions over one store; safe to share between threads."""

    def __init__(
        self,
        store: Store,
        *,
        llm_url: str | None = None,
        llm_model: str | None = None,
        cached_documents: int = 256,
        withhold_uncovered: bool = True,
    ) -> None:
        """`cached_documents`: how many documents' cells stay in memory between questions.
        `withhold_uncovered`: the coverage rule (budgetqa.qa.coverage); off only to measure its trade-off."""
        _collect_rarely()
        self.store = store
        self.withhold_uncovered = withhold_uncovered
        self.llm_url = llm_url
        self.llm_model = llm_model
        self._snapshot: Snapshot | None = None
        self._cells = DocumentCells(store, cached_documents)
        self._lock = threading.Lock()
        self._narrative: NarrativeSearch | None = None
        self._label_vectors: dict[str, list[float]] = {}  # labels repeat across questions: read once
        self._texts: dict[tuple[str, int], list[str]] = {}  # folded chunk texts per (document, generation)

    # ---- caches --------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        generation = self.store.generation()
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != generation:
                # no fact is loaded here: the documents' cells are read when a question is about them
                documents = self.store.documents()
                words = FactIndex([], [], labels=vocabulary(*self.store.fact_labels()))
                starts, start = {}, 0
                for doc_id, n in self.store.fact_counts():
                    starts[doc_id], start = start, start + n
                self._snapshot = Snapshot(generation, documents, words, starts, self._cells)
            return self._snapshot

    @property
    def narrative(self) -> NarrativeSearch:
        if self._narrative is None:
            self._narrative = NarrativeSearch(self.store)
        return self._narrative

    def _embed_similarity(self, query: str, labels: Sequence[str]) -> list[float]:
        """Cosine similarity of the query to each label (passage vectors come from the store's cache)."""
        q = self.store.query_vector(query)
        missing = [x for x in dict.fromkeys(labels) if x not in self._label_vectors]
        if missing:
            self._label_vectors.update(zip(missing, self.store.embed_passages(missing), strict=True))
        return [sum(a * b for a, b in zip(q, self._label_vectors[x], strict=False)) for x in labels]

    # ---- asking --------------------------------------------------------------------------------
    def new_session(self) -> Session:
        """A conversation: pass it to each `ask` so follow-ups (那去年呢？/为什么？) continue the last turn."""
        return Session()

    def ask(
        self,
        question: str,
        *,
        qid: str | int | None = None,
        doc_ids: Sequence[str] | None = None,
        session: Session | None = None,
    ) -> Answer:
        started = time.perf_counter()
        before = Session(list(session.turns)) if session is not None else Session()
        answer = self._turn(question, qid, doc_ids, session)
        clauses = asking_clauses(question)
        columns = _one_column_each(question) if len(clauses) == 1 else []
        if columns:
            # 社会保障和就业支出里，基本支出和项目支出各是多少: each column of the row, asked on its own
            each = [self._turn(c, qid, doc_ids, Session(list(before.turns))) for c in columns]
            answer = compose.with_parts(answer, each, each)
        elif len(clauses) > 1:
            # each thing asked is answered on its own, the later ones as follow-ups of the earlier; a clause
            # asking only why or what (是什么原因？) adds no figure (the whole answer said its reason): it is only
            # read, so that the clauses after it take their subject from it
            asked: list[Answer] = []
            alone: list[Answer] = []
            documents = self.snapshot().documents
            years = parse(question).years
            if len(set(years)) == 1 and not parse(clauses[0]).years:
                # …建筑面积多大？地上盖几层？（2023年预算项目说明）: the year the question names is the first clause's
                # too (the clauses after it continue it as follow-ups)
                clauses = [f"{years[0]}年{clauses[0]}", *clauses[1:]]
            premise = False
            for clause in clauses:
                if not FIGURE_ASKED.search(clause):
                    before.remember(understand(printed_words(clause), before, documents)[0])
                    # …比上年多了2043.58万元，: a change the asker states, asking nothing (not 是增还是减？ / 哪家…)
                    premise = bool(PREMISE.search(clause)) and not CLAUSE_ASKS.search(clause)
                    continue
                part = self._turn(clause, qid, doc_ids, before)
                asked.append(part)
                # a part that names its own year (or the question names none) and took nothing from another
                # part may answer alone; so may the first clause, which took only what the turns before said
                # (那年初预算呢？安排在哪一项？ after …三公经费决算是多少), and a part right after a clause that only
                # states (…比上年多了2043.58万元，那上年的预算总计是多少？): all it took is that clause's
                assumed = part.answer.startswith(f"（{compose.ASSUMED}")
                if (
                    (clause is clauses[0] and assumed)
                    or (assumed and premise)
                    or ((parse(clause).years or not parse(question).years) and not assumed)
                ):
                    alone.append(part)
                premise = False
            answer = compose.with_parts(answer, asked, alone)
        return replace(answer, elapsed_ms=(time.perf_counter() - started) * 1000)

    def _turn(
        self, question: str, qid: str | int | None, doc_ids: Sequence[str] | None, session: Session | None
    ) -> Answer:
        understood, assumed = understand(printed_words(question), session, self.snapshot().documents)
        raw = self._answer(understood, question_id(question, qid), doc_ids)
        answer = _unit_known(raw)
        # a cell of a table printing no unit is withdrawn, but a sentence of the text may still state the figure
        unitless = answer is not raw
        answer = _not_the_figure_asked(_not_an_echo(answer, understood), understood)
        if self.withhold_uncovered:
            printed = answer
            answer = _covered(
                printed, understood, self.snapshot().documents, lambda: self._printed_labels(printed)
            )
            answer = self._stated_instead(
                raw if unitless else printed, answer, understood, question_id(question, qid), doc_ids
            )
        answer = compose.share_or_amount(compose.ocr_caveat(self._polish(answer)), understood)
        answer = replace(answer, question=question)  # as asked, not as read (电脑 → 计算机, 那去年呢 → …)
        if assumed:
            answer = replace(answer, answer=compose.with_assumption(assumed, answer.answer))
        if session is not None:
            session.remember(understood)
        return answer

    def _stated_instead(
        self, printed: Answer, covered: Answer, question: str, aid: str, doc_ids: Sequence[str] | None
    ) -> Answer:
        """编报了绩效目标的项目涉及的资金: a table cell that leaves the question's words unsaid (or was withheld
        for it) gives way to the sum a sentence of the text states for what the question names (涉及项目预算资金
        6626万元), when that sentence accounts for more of the question and passes the same check."""
        if printed.status != "answered" or not printed.facts or not MONEY_ASKED.search(question):
            return covered
        docs = self.snapshot().documents
        names = _names_of(docs)
        left = uncovered_runs(question, _cited(printed), names)
        if covered.status == "answered" and sum(map(len, left)) < _LEFT_FOR_TEXT:
            return covered
        stated = self._answer(question, aid, doc_ids, text_only=True)
        if stated.status != "answered" or stated.facts or stated.value is None:
            return covered
        stated = _covered(stated, question, docs)
        if stated.status != "answered":
            return covered
        if covered.status == "answered" and sum(
            map(len, uncovered_runs(question, _cited(stated), names))
        ) >= sum(map(len, left)):
            return covered
        return stated

    def _answer(
        self, question: str, aid: str, doc_ids: Sequence[str] | None, *, text_only: bool = False
    ) -> Answer:
        snap = self.snapshot()
        docs = [d for d in snap.documents if doc_ids is None or d.doc_id in set(doc_ids)]
        base = Answer(id=aid, question=question, status="not_found", answer="", documents=tuple(docs))
        if not question.strip():
            return replace(base, answer=compose.refusal("empty_question"))
        if not docs:
            return replace(
                base, answer="还没有导入任何预算文档（或所选文档不存在）；请先导入：budgetqa ingest FILE.pdf"
            )
        # the same publication ingested twice (PDF and text) answers once, from the PDF
        primary, duplicates = scope.one_per_publication(docs)
        answer = self._answer_in(question, base, primary, snap, text_only=text_only)
        if answer.status == "not_found" and duplicates and not answer.kind.startswith("abstain"):
            twice = {scope.publication_key(d) for d in duplicates}
            alternate = [d for d in primary if scope.publication_key(d) not in twice] + duplicates
            second = self._answer_in(question, base, alternate, snap, text_only=text_only)
            if second.status == "answered":
                return second
        if answer.kind.startswith("abstain"):
            answer = replace(answer, kind="lookup")
        return answer

    def _answer_in(
        self, question: str, base: Answer, docs: list[Document], snap: Snapshot, *, text_only: bool = False
    ) -> Answer:
        """The answer from these documents; `text_only`: from the sentences of their text alone (no table item)."""
        intent = parse(question)
        text = intent.text
        early = match_departments(text, docs)
        sub = scope.sub_organisation(text, docs, snap.labels, [m.span[1] for m in early])
        heads = (match_departments(text[: sub[1]], docs) or early) if sub else []
        # 外办下属的XX中心: the department's own figure is not the unit's (培训中心 ≠ 培训费); the unit asked about in
        # words (是单独编预算的吗), which a department's own text speaks of, is answered from that department's text
        # (its figure asked, 交流服务中心预算收入是多少, the department's own is still not the unit's)
        asks_figure = intent.number_asked
        speaking = [
            m
            for m in heads
            if sub and not asks_figure and self._speaks_of(sub[0], intent, m.doc_ids, docs, snap)
        ]
        if sub and not speaking:
            whose = "、".join(dict.fromkeys(m.name for m in heads)) or "已导入部门"
            return _abstain(
                base,
                compose.refusal("only_whole", whose=whose, part=sub[0], docs=scope.describe(docs)),
            )
        if len({m.name for m in speaking}) < len({m.name for m in heads}):
            # 普陀区交流服务中心: of the departments a place name fits, the one whose text speaks of the unit
            own = {i for m in speaking for i in m.doc_ids}
            return self._answer_in(
                question, base, [d for d in docs if d.doc_id in own], snap, text_only=text_only
            )
        unknown = scope.unknown_organisation(text, docs, snap.labels, [m.span for m in early])
        if unknown and self._speaks_of(unknown, intent, [i for m in early for i in m.doc_ids], docs, snap):
            unknown = None
        if unknown:
            return _abstain(base, compose.refusal("unknown_name", name=unknown, docs=scope.describe(docs)))
        depts = _drop_inside_items(early, text, snap.vocabulary)  # matched once: the costliest step at scale
        # as the question wrote it (江苏人大事务 names 人大 even where the item 人大事务 takes those characters)
        places = {m.name for m in early if _only_place(m, text, docs)}
        depts = [m for m in depts if m.name not in places]
        depts = scope.more_departments(text, docs, depts)
        if not depts:
            unknown = unknown_department(text, docs)
            if unknown and not self._speaks_of(unknown, intent, [], docs, snap):
                return _abstain(
                    base, compose.refusal("unknown_name", name=unknown, docs=scope.describe(docs))
                )
        shared = _shared_short_name(depts, text, docs)
        # 普陀区全区 / 普陀区2024年全区: the words right after the shared name, a year between them skipped
        after = text.find(shared[0]) + len(shared[0]) if shared is not None else 0
        if shared is not None and _WHOLE_REGION.search(
            text[:after] + re.sub(r"^(?:19|20)\d{2}年度?", "", text[after:])[:2]
        ):
            # 普陀区全区的一般公共预算收入: a whole region's figure, which no department's budget prints
            return _abstain(
                base,
                compose.refusal("no_region_total", region=shared[0], docs=scope.describe(docs)),
            )
        if shared is not None:
            return shared_name_clarify(base, *shared)
        in_scope = docs
        related: tuple[Document, ...] = ()  # the named departments' other years, for a figure the asked lacks
        spans: list[tuple[int, int]] = []
        targets: list[scope.Target] = []
        undated_latest: tuple[int, list[int]] | None = None  # a year-less question bound to the latest year
        if depts:
            wanted = {i for m in depts for i in m.doc_ids}
            in_scope = [d for d in docs if d.doc_id in wanted]
            spans = [_widen_left(text, m, docs) for m in depts]
            dated = intent.years or scope.dated_years(intent, in_scope)
            undated = (
                not dated and not intent.base_years and not any(intent.relative) and intent.as_of is None
            )
            targets = scope.bind_targets(
                text, depts, in_scope, dated, latest=scope.of_kind(intent, in_scope) if undated else ()
            )
            if undated and len(targets) == 1 and targets[0].year is not None:
                earlier = sorted(
                    {d.year for d in in_scope if d.year is not None and d.year < targets[0].year}
                )
                undated_latest = (targets[0].year, earlier) if earlier else None
        else:
            # no department named: 没花完 / 执行率 are asked of a 决算, never answered from a 预算's text
            in_scope = scope.of_kind(intent, docs)
            dated = scope.dated_years(intent, in_scope)
            in_scope = [d for d in in_scope if d.year in dated] if dated else in_scope
        gap = self._coverage_gap(intent, in_scope, targets, snap)
        if gap:
            return _abstain(base, gap)
        # the facts of the named departments' documents, every year of them (of every document when no
        # department is named): read now, and kept in the answerer's per-document cache
        index = snap.index_of(in_scope)
        if len(targets) > 1 or (targets and targets[0].year is not None):
            # the asked year's documents only: with several years of a department loaded, a reason, a
            # figure or a 比上年 comes from the asked document (its own prior-year column), not a neighbour
            asked = [d for t in targets for d in t.docs]
            related = tuple(d for d in in_scope if d not in asked)
            in_scope = asked
        absent = self._absent_quote(question, in_scope, index, snap.generation) if depts else None
        if absent:
            # a name quoted exactly (“XX项目”) that the asked documents never print: nothing to answer from
            return _abstain(
                base, compose.refusal("never_printed", name=absent, docs=scope.describe(in_scope))
            )
        masked = _mask(text, _outside_labels(text, spans, index.labels_in(d.doc_id for d in in_scope)))
        # 算基本支出还是项目支出: which part a figure is, asked beside it; neither an item nor a column
        masked = WHICH_PART.sub(lambda m: "□" * len(m.group(0)), masked)
        # （不是履职能力提升）: what the asker leaves out names no item
        masked = EXCLUDED.sub(lambda m: "□" * len(m.group(0)), masked)
        masked = INCLUDED.sub(lambda m: "□" * len(m.group(0)), masked)
        # the asked documents' own printed labels: with many documents loaded, another one's row name
        # ("2024年三公经费") must not become the item asked about
        own_labels = index.labels_in(d.doc_id for d in in_scope) if depts else None

        def mentions(masked: str) -> list[Item]:
            return nest_terms(
                merge_mentions(
                    label_mentions(masked, index, own_labels),
                    lexicon_mentions(masked),
                    code_mentions(masked, intent.codes, self._coded(intent.codes, snap)),
                ),
                masked,
            )

        items = mentions(masked)
        if (glossed := gloss_masked(masked, items, own_labels or index.labels)) != masked:
            # 管离退休干部那块钱（社会保障和就业支出）: the printed name in brackets is the item, read alone
            masked = glossed
            items = mentions(masked)
        items = _table_named(masked, _without_spent_total(masked, items))
        items = _bought_thing(masked, items, own_labels or index.labels)
        items = _qualified_label(masked, items, own_labels or index.labels)
        items = _per_unit_label(masked, items, own_labels or index.labels)
        items = _glossed_in_words(masked, items)
        items = _people_paid(masked, items)
        if not OF_ITEMS & intent.ops:
            items = _named_exactly(_without_money_word_overlap(items, masked), masked, question)
        measure, items = detect_measure(
            masked,
            items,
            share=bool(PAIRED & intent.ops) or intent.versus,
        )
        items = safety.breakdown_items(masked, items)  # 政府采购里买服务: the 服务 column, not the total
        several = bool(OF_ITEMS & intent.ops)
        items, measure = table_scope(masked, items, measure, in_scope, several=several)
        if not several:
            items, measure = _crossing(masked, items, measure, index, [d.doc_id for d in in_scope])
            items, measure = _part_in_fund_table(masked, items, measure, index, [d.doc_id for d in in_scope])
            items = _table_total(masked, items, index, [d.doc_id for d in in_scope])
            items, measure = _fund_in_label(items, measure, own_labels or index.labels, masked)
        if not items and not depts and Op.RANK in intent.ops and intent.across and intent.spending:
            # 这几个部门里谁花得最多: each department's total spending, not one department's categories
            items = safety.spending_item()
        if intent.count_unit:
            # a count is read from the text, never from a money item's row; a row printed in the very unit
            # counted (培训覆盖率 ≥90%, 车辆保障数 ≥25辆: a performance target) stays, to be read first
            items = _counted_rows(items, intent.count_unit, index, [d.doc_id for d in in_scope])
            if not items:
                # 微信公众号要发布多少次: a target row printed in the unit counted (微信公众号发布次数 ≥100次),
                # said in other words; only rows printed in that unit are tried
                items = _counted_row_like(masked, intent.count_unit, index, [d.doc_id for d in in_scope])
        elif not items and _asks_whole_budget(masked, intent):
            # XX部门预算一共多少钱 / 预算盘子多大: the department's total, as its 收支总表 prints it
            items = [replace(it, span=(len(masked), len(masked))) for it in lexicon_mentions("收支总计")]
        elif not items and not _narrative_only(intent) and not _rank_all_spending(intent):
            embed = self._embed_similarity if self.store.embedder is not None else None
            items = fuzzy_items(masked, index, embed, labels=own_labels)
            if len(items) > 1 and items[0].score - items[1].score < 0.02 and Op.SUM not in intent.ops:
                choices = tuple(dict.fromkeys(it.text for it in items if items[0].score - it.score < 0.02))
                if len(choices) > 1:
                    return replace(
                        base,
                        status="clarify",
                        answer=compose.choices_sentence(compose.refusal("which_item"), choices),
                        choices=choices,
                    )
            items = items[:1]
        if text_only:
            items = []
        intent = _versus_items(intent, masked, items, targets)
        ctx = Context(
            question, intent, tuple(in_scope), bool(depts), tuple(items), measure, index, masked, related
        )
        if not targets and items and intent.across and {Op.RANK, Op.COMPARE} & intent.ops:
            targets = scope.every_department(in_scope)  # 这几个部门里谁的…最多: all loaded departments
        if len({t.name for t in targets}) > 1 and items:
            return cross_answer(ctx, base, targets, self.narrative)
        answer = plans.run(ctx, base, self.narrative)
        if answer.status == "not_found" and undated_latest:
            latest, earlier = undated_latest
            end = targets[0].span[1]
            for year in () if text_only else reversed(earlier):
                # the latest year does not say it: the most recent year that does, named as such
                older = self._answer_in(f"{text[:end]}{year}年{text[end:]}", base, docs, snap)
                if older.status == "answered":
                    return replace(
                        older,
                        answer=compose.refusal("older_year", latest=latest, year=year) + older.answer,
                    )
            others = "、".join(f"{y}年" for y in earlier)
            answer = replace(
                answer,
                answer=answer.answer + compose.refusal("no_year_says", latest=latest, others=others),
            )
        return answer

    def _printed_labels(self, answer: Answer) -> list[str]:
        """The labels of the coded rows (科目) of the answer's documents: the items a word the answer leaves unsaid
        may name instead (`_covered` keeps, for an answer citing a 科目 itself, those sharing its words)."""
        ids = {f.doc_id for f in answer.facts}
        if not ids:
            return []
        snap = self.snapshot()
        index = snap.index_of([d for d in snap.documents if d.doc_id in ids])
        return list(dict.fromkeys(c.row for c in index.cells_of(ids) if c.fact.row_code))

    def _coded(self, codes: Sequence[str], snap: Snapshot) -> FactIndex:
        """The first stored fact of each 科目编码 the question gives, whichever document prints it."""
        if not codes:
            return snap.vocabulary
        facts = [f for code in dict.fromkeys(codes) for f in self.store.facts(row_code=code, limit=1)]
        owners = {f.doc_id for f in facts}
        return FactIndex([d for d in snap.documents if d.doc_id in owners], facts)

    def _absent_quote(
        self, question: str, docs: Sequence[Document], index: FactIndex, generation: int
    ) -> str | None:
        """The first name the question quotes (“…”) that no table label or text of the documents contains."""
        quoted = [fold(q) for q in _QUOTED.findall(question)]
        quoted = [q for q in quoted if len(q) >= 2]
        if not quoted:
            return None
        ids = [d.doc_id for d in docs]
        labels = index.labels_in(ids)
        texts = [t for i in ids for t in self._chunk_texts(i, generation)]
        for q in quoted:
            # “人大事务—行政运行”: a path of printed names, each of which must be printed
            steps = [x for x in _PATH_STEP.split(q) if x]
            if len(steps) > 1 and all(
                any(x in y for y in labels) or any(x in t for t in texts) for x in steps
            ):
                continue
            if any(q in x for x in labels) or any(q in t for t in texts):
                continue
            if any(abbreviation_at(q, 0, x) == len(q) for x in labels):
                continue  # “其他社保和就业支出”: the printed row, abbreviated
            if not self.store.mentions(ids, q):  # a page's text (a form's 项目名称 cell) counts too
                return q
        return None

    def _speaks_of(
        self, unit: str, intent: Intent, named: Sequence[str], docs: Sequence[Document], snap: Snapshot
    ) -> bool:
        """东郊国宾馆算在…预算里吗: a unit asked about in words, which the named department's own text speaks of (or,
        none named, a loaded document prints), is answered from that text; its own figures are still no
        department's (某某局单独的预算是多少 stays unknown). With no department named, the store is asked in one query:
        no document's text is read into memory for it."""
        if Op.NARRATIVE not in intent.ops:
            return False
        if named:
            return self._printed_in(named, unit, snap.generation)
        return self.store.mentions([d.doc_id for d in docs], unit, passages=True)

    def _printed_in(self, doc_ids: Sequence[str], words: str, generation: int) -> bool:
        """Whether the documents' text (their chunks, else any page) prints the words."""
        if any(words in t for i in doc_ids for t in self._chunk_texts(i, generation)):
            return True
        return self.store.mentions(doc_ids, words)

    def _chunk_texts(self, doc_id: str, generation: int) -> list[str]:
        """A document's folded chunk texts, read once per store generation (not per question)."""
        key = (doc_id, generation)
        if key not in self._texts:
            if any(g != generation for _, g in self._texts):
                self._texts = {}
            self._texts[key] = [fold(c.text) for c in self.store.chunks([doc_id])]
        return self._texts[key]

    def _coverage_gap(
        self, intent: Intent, docs: list[Document], targets: list[scope.Target], snap: Snapshot
    ) -> str | None:
        """An honest not-found sentence when the year or the kind asked about is not loaded."""
        for target in targets:
            if target.year is not None and target.year not in scope.covered_years(target.docs):
                return compose.refusal(
                    "no_document", who=target.name, year=target.year, docs=scope.describe(target.docs)
                )
        year = scope.missing_year(intent, docs)
        if year is not None:
            who = "、".join(dict.fromkeys(d.department or d.source for d in docs))
            return compose.refusal("no_document", who=who, year=year, docs=scope.describe(docs))
        if scope.missing_kind(intent, docs) and not snap.decided(docs):
            return compose.refusal("no_final", docs=scope.describe(docs))
        return None

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


_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]{2,40})[”\"」』’]")


def _outside_labels(
    text: str, spans: Sequence[tuple[int, int]], labels: Sequence[str]
) -> list[tuple[int, int]]:
    """The department spans to mask, less those inside a printed label the question writes out (“省委办公厅承办的
    会议费” names a 专项, whose words stay readable; the department is still the one asked about)."""
    kept = []
    for start, end in spans:
        name = text[start:end]
        inside = False
        for label in labels:  # labels holding the name are few: test that first, the question's text after
            if len(label) > len(name) + 2 and name in label:
                at = text.find(label)
                if at >= 0 and at <= start and end <= at + len(label):
                    inside = True
                    break
        if not inside:
            kept.append((start, end))
    return kept


def _widen_left(text: str, dept: DeptMatch, docs: Sequence[Document]) -> tuple[int, int]:
    """The department's span with the place words written before it (深圳 in 深圳市委外办 when only
    市委外办 matched): characters of the department's own names, so they are not read as an item."""
    ids = set(dept.doc_ids)
    own = [d for d in docs if d.doc_id in ids]
    chars = {c for d in own for name in scope.doc_names(d) for c in name}
    start, end = dept.span
    while start > 0 and text[start - 1] in chars and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    return start, end


def _abstain(base: Answer, sentence: str) -> Answer:
    """not_found decided by scope (organisation, year or kind not loaded): no fallback copy may answer."""
    return replace(base, status="not_found", answer=sentence, kind="abstain")


_TWO_ASKED = re.compile(r"和|与|及|跟|、|或|还是|以及|分别|各")


def _crossing(
    text: str, items: list[Item], measure: str | None, index: FactIndex, doc_ids: Sequence[str]
) -> tuple[list[Item], str | None]:
    """一般行政管理事务这项收入里，其他收入有多少: two names, one a row and the other a column of the same
    table in the asked documents, ask for the cell where they cross, not for two figures. Names joined as two
    things asked (A和B, A、B各) are left alone."""
    if measure not in (None, "决算数", "预算数"):
        return items, measure  # 决算里, A的B: the document's kind, not a column already chosen
    if len(items) == 1 and items[0].within and items[0].within_span[0] >= 0 and not items[0].only_within:
        items = _column_under_row(text, items[0], index, doc_ids)
    if len(items) != 2:
        return items, measure
    first, second = sorted(items, key=lambda it: it.span[0])
    if first.span[1] > second.span[0] or _TWO_ASKED.search(text[first.span[1] : second.span[0]]):
        return items, measure
    if "各" in text[second.span[1] :]:  # A、B各多少
        return items, measure
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}
    for row, column in ((first, second), (second, first)):
        rows = {i for label in row.labels for i in index.by_row.get(label, ())} & docs
        if not rows:
            continue
        for label in column.labels:
            if rows & set(index.by_col.get(label, ())):
                return [row], label
    return items, measure


def _column_under_row(text: str, item: Item, index: FactIndex, doc_ids: Sequence[str]) -> list[Item]:
    """一般行政管理事务里的其他收入: the item read inside a row the question names first is a column of that row
    (收入决算表), when no row of its name is printed under it; the cell where they cross is asked."""
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}
    rows = {i for label in item.within for i in index.by_row.get(label, ())} & docs
    if not rows:
        return [item]
    parents = {fold(x) for x in item.within}
    own = {i for label in item.labels for i in index.by_row.get(label, ())} & docs
    if any(parents & {fold(p) for p in index.cells[i].fact.row_path} for i in own):
        return [item]  # 机关运行经费中的物业管理费: a row printed under it
    if not any(rows & set(index.by_col.get(label, ())) for label in item.labels):
        return [item]
    start, end = item.within_span
    parent = Item(text[start:end], item.within, item.score, item.within_span)
    return [parent, replace(item, within=(), within_span=(-1, -1))]


_PARTS = ("基本支出", "项目支出", "人员经费", "公用经费")


def _part_in_fund_table(
    text: str, items: list[Item], measure: str | None, index: FactIndex, doc_ids: Sequence[str]
) -> tuple[list[Item], str | None]:
    """财政拨款安排的项目支出: a source of funds and a part of the spending, where no column of the part crosses
    the source's row but the source's own table (财政拨款收支预算总表) prints the part as a row: that row."""
    if measure not in _PARTS or len(items) != 1:
        return items, measure
    (item,) = items
    after = text[text.rfind(measure) + len(measure) :]
    if item.span[0] >= 0 and item.span[0] >= len(text) - len(after):
        after = _ONLY_THE_SOURCE.sub("", after.replace(text[item.span[0] : item.span[1]], ""))
    if residue(after):
        # …基本支出里，星光夜跑补助是多少: the part is where to look, not what is asked (项目支出中财政拨款安排了
        # 多少 names the source after the part: the same crossing)
        return items, measure
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}
    rows = {i for label in item.labels for i in index.by_row.get(label, ())} & docs
    if rows & set(index.by_col.get(measure, ())):
        return items, measure  # the cell where they cross is printed
    heads = [fold(x) for x in item.labels if len(x) >= 2]
    for i in sorted(set(index.by_row.get(measure, ())) & docs):
        if any(h in fold(index.cells[i].fact.table_title) for h in heads):
            part = Item(measure, (measure,), item.score, item.span, within=tuple(heads), only_within=True)
            return [part], None
    return items, measure


# what may stand between a part and the source named after it: 项目支出里，光算财政拨款的部分
_ONLY_THE_SOURCE = re.compile(
    r"^的?(?:里面|里|中|当中|之中|内)?[,，]?|(?:光|只|单|仅)(?:算|看)|的?(?:那一?|这一?)?部分"
)
_TOTAL_AFTER = re.compile(r"(支出|收支)?(总计|合计)")


def _table_total(text: str, items: list[Item], index: FactIndex, doc_ids: Sequence[str]) -> list[Item]:
    """财政拨款收入支出总计: an item's words run on into a table's name (财政拨款收入支出决算总表) and end in 总计:
    that table's 总计 row, not the item's own row."""
    if len(items) != 1:
        return items
    (item,) = items
    tail = _TOTAL_AFTER.match(text, item.span[1])
    if tail is None or not tail.group(1):
        return items
    words = fold(text[item.span[0] : item.span[1]] + tail.group(1))
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}
    for total in (tail.group(2), "总计", "合计"):
        for i in sorted(set(index.by_row.get(total, ())) & docs):
            if words in fold(index.cells[i].fact.table_title):
                span = (item.span[0], tail.end())
                named = text[span[0] : span[1]]
                return [Item(named, (total,), item.score, span, within=(words,), only_within=True)]
    return items


def _drop_inside_items(depts: list[DeptMatch], text: str, index: FactIndex) -> list[DeptMatch]:
    """Department matches give way to item names: 外事 inside 外事事务 is the item's, and 省人大办公
    overlapping 公务用车… is trimmed to 省人大办."""
    if not depts:
        return depts
    # a label written out, not one the question may abbreviate: 省委办公厅的会议费 names the department and its
    # 会议费, not the 专项 省委办公厅承办的会议费
    written = [m for m in label_mentions(text, index) if m.score >= 1.0]
    mentions = [m.span for m in (*written, *lexicon_mentions(text))]
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


def _counted_rows(items: list[Item], unit: str, index: FactIndex, doc_ids: Sequence[str]) -> list[Item]:
    """The items whose own printed row carries the counted unit (a target printed ≥90% or ≥25辆), exactly named."""
    if not items:
        return []
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}

    def printed_in_unit(it: Item) -> bool:
        return any(
            index.cells[i].fact.unit == unit
            for label in (it.text, *it.labels)
            for i in index.by_row.get(label, ())
            if i in docs
        )

    return [it for it in items if it.how == "label" and printed_in_unit(it)]


def _counted_row_like(masked: str, unit: str, index: FactIndex, doc_ids: Sequence[str]) -> list[Item]:
    """The one row printed in the counted unit that the question names in its own words (捐赠多少套书桌椅 for
    捐赠书桌椅数量 300套), found as any item is by its words; [] when none is close or two are as close."""
    docs = {i for d in doc_ids for i in index.by_doc.get(d, ())}
    # 捐赠书桌椅数量 is said 捐赠多少套书桌椅: the row without its count word, the question without the unit
    cores = {
        _COUNT_WORD.sub("", index.cells[i].row) or index.cells[i].row: index.cells[i].row
        for i in docs
        if index.cells[i].fact.unit == unit
    }
    said = without_count_unit(masked, unit)
    found = fuzzy_items(said, index, None, labels=sorted(cores)) if cores else []
    if not found or (len(found) > 1 and found[0].score - found[1].score < 0.05):
        return []
    row = cores[found[0].text]
    return [Item(row, (row,), found[0].score, found[0].span, how="label")]


_COUNT_WORD = re.compile(r"(?:数量|次数|个数|人数|场次|数)$")


def _versus_items(
    intent: Intent, masked: str, items: Sequence[Item], targets: Sequence[scope.Target]
) -> Intent:
    """A比B多多少 with both items named around 比 in one department: the two items of the same year are
    compared, never A against last year's A."""
    if not intent.versus or Op.DELTA not in intent.ops or intent.why or len({t.name for t in targets}) > 1:
        return intent
    at = masked.find("比")
    if at < 0 or not any(it.span[0] < at for it in items) or not any(it.span[0] > at for it in items):
        return intent
    return replace(intent, ops=(intent.ops - {Op.DELTA}) | {Op.COMPARE})


_WHOLE = re.compile(r"预算|决算")


def _asks_whole_budget(masked: str, intent: Intent) -> bool:
    """A budget (or 决算) asked about as a whole: nothing named but the department, the year and the kind."""
    # 预算比上年涨了多少，为什么 / 预算比上年多了两千多万，原因是什么: the whole's change and its reason
    changed = bool({Op.DELTA, Op.RATE} & intent.ops)
    if {Op.SHARE, Op.RANK, Op.COMPARE, Op.INDICATOR} & intent.ops or (
        (intent.why or Op.NARRATIVE in intent.ops) and not changed
    ):
        return False
    if intent.given:  # 2025年比2024年少了2389.52万元，那2024年预算是多少: the asking clause alone
        masked = asked_clause(masked)
    rest = re.sub(
        r"[省市区县局厅办委会室部处院街道那约]|盘子|规模|大概|大约|应该|多大|大|一年|全年|整年|百分之|百分比|幅度|增幅|降幅|"
        r"[一二两三四五六七八九十百千\d]+多?[万亿]多?|主要",
        "",
        residue(masked),
    )
    asked = WHOLE_SIZE_ASKED.search(masked) or (changed and intent.why)
    return bool(_WHOLE.search(masked) and asked) and len(rest) <= 1


def _rank_all_spending(intent: Intent) -> bool:
    """哪项支出最多: rank the expenditure categories rather than guess an item."""
    return Op.RANK in intent.ops and bool(CATEGORY_RANKED.search(intent.text))


def _narrative_only(intent: Intent) -> bool:
    return Op.NARRATIVE in intent.ops and not ({Op.DELTA, Op.RATE, Op.SHARE, Op.SUM, Op.RANK} & intent.ops)


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = "□"
    return "".join(chars)


_CACHE: dict[int, Answerer] = {}
_CACHE_LOCK = threading.Lock()


def _shared_short_name(
    depts: Sequence[DeptMatch], text: str, docs: Sequence[Document]
) -> tuple[str, list[str]] | None:
    """(the words, the departments) when one short name in the question fits several loaded departments
    equally well (教育局 with several districts' 教育局 loaded): asking beats a silent pick. Departments that
    have the asked year come first."""
    by_span: dict[tuple[int, int], list[DeptMatch]] = {}
    for m in depts:
        if not m.exact:
            by_span.setdefault(m.span, []).append(m)
    for span, group in by_span.items():
        top = max(m.score for m in group)
        tied = [m for m in group if m.score == top]
        if len({m.name for m in tied}) < 2:
            continue
        year = scope.year_after(text, span[1])
        names = list(dict.fromkeys(m.name for m in tied))
        if year is not None:
            having = {d.department for d in docs if d.year == year}
            names = [n for n in names if n in having] or names
        if len(names) == 1:
            return None  # only one of them has the asked year: that one is meant
        return text[span[0] : span[1]], names
    return None


def _only_place(match: DeptMatch, text: str, docs: Sequence[Document]) -> bool:
    """The words matched are only the place the department is in (江苏省第十三届人代会, 江苏议事园): a place
    names no department; the item then decides whose figure it is, or the question is asked back."""
    if match.exact:
        return False
    words = text[match.span[0] : match.span[1]]
    regions = {fold(d.region) for d in docs if d.doc_id in match.doc_ids and d.region}
    return len(words) >= 2 and any(r.startswith(words) for r in regions)


# 全区 / 全市 / 全省: the whole region, not one of the departments named after it
_WHOLE_REGION = re.compile(r"全(?:区|市|省|县|镇|州|国)")


def shared_name_clarify(base: Answer, words: str, names: list[str]) -> Answer:
    shown = names[:8]
    more = compose.how_many_said(len(names)) if len(names) > len(shown) else ""
    return replace(
        base,
        status="clarify",
        answer=compose.choices_sentence(compose.refusal("shared_name", more=more, words=words), shown),
        choices=tuple(shown),
    )


def _quote_covers(answer: Answer, question: str, docs: Sequence[Document]) -> Answer:
    """A quoted answer (no figure) whose sentences leave a long run of the question's words unsaid does not
    answer it (项目的绩效目标有哪些, quoted with a sentence about 项目支出): the document does not say, and the
    sentences found are shown as related text, not as the answer."""
    quoted_only = answer.kind == "narrative" or (answer.kind == "indicator" and answer.value is None)
    if not quoted_only or not answer.citations or parse(question).why:
        return answer  # a reason is worded its own way (为什么没花满 → 主要原因是…结余)
    names = _names_of(docs)
    quoted = [c.quote or "" for c in answer.citations]
    # the department as the question shortens it (江苏人大办公厅) names who, never what is unsaid
    asked = fold(question)
    for m in match_departments(asked, docs):
        asked = asked[: m.span[0]] + "，" * (m.span[1] - m.span[0]) + asked[m.span[1] :]
    runs = uncovered_runs(asked, quoted, names)
    head = listed_head(fold(question))
    intent = parse(question)
    money = intent.money_alone
    said = [answer.answer, *quoted, *(c.section or "" for c in answer.citations)]
    # a glossary defines a term for every department (国家重大政策调研): it lists nothing this one did
    listing = [_without_glossary(answer.answer)]
    listing += [c.section or "" for c in answer.citations if not stated.GLOSSARY.search(c.section or "")]
    if head and head not in GENERIC_HEADS and not _names_head(head, listing):
        runs = [head]  # 设了哪些绩效目标: sentences that never say 绩效目标 list something else
    elif (
        head
        and head not in GENERIC_HEADS
        and intent.which_ones
        and not _lists(head, re.findall(r"“([^”]*)”", listing[0]))
    ):
        runs = [head]  # 都是哪些供应商中标的: a sentence naming 中小企业供应商 once lists no suppliers
    elif (kind := intent.performance) and not any("绩效" in fold(x) for x in said):
        runs = [kind.group(0)]  # 绩效目标是怎么设定的, quoted with 主要工作任务和目标: another kind of aim
    elif answer.value is None and money and not asked_unit(fold(question)):
        runs = [money.group(0)]  # 单独有多少预算: a quote without a figure does not answer it
    elif NUMBER_ASKED.search(fold(question)) and not any(_ANY_FIGURE.search(q) for q in quoted):
        # 目标值定的是多少, quoted with 提高…满意率 and no number at all: the figure asked is not printed
        related = answer.answer.split("，", 1)[1] if "，" in answer.answer else answer.answer
        return replace(answer, status="not_found", answer=compose.refusal("figure_unsaid", related=related))
    elif not any(len(r) > MAX_QUOTE_UNSAID for r in runs):
        return answer
    related = answer.answer.split("，", 1)[1] if "，" in answer.answer else answer.answer
    return replace(
        answer,
        status="not_found",
        answer=compose.refusal("words_unsaid", words=runs[0], related=related),
    )


# a list printed: names joined by 、 or ；, after a colon, or numbered (1. / （一）)
_ENUMERATION = re.compile(
    r"、|[；;：:](?![”」』\"）)]*(?:（|$))|(?:^|[。\s])(?:\d+|[一二三四五六七八九十]+)[.、．]|[（(][一二三四五六七八九十\d]+[)）]"
)


def _lists(head: str, quoted: Sequence[str]) -> bool:
    """Some quote prints a list: names joined by 、, numbered entries, or the noun asked saying what it takes in
    (单位范围包括办本级: a list of one). An account's own numbered entry (4、一般公共服务支出（类）…) and the colon of
    its 主要用于： list nothing."""
    said = re.compile(re.escape(fold(head)[-2:]) + r"[^，,。；;]{0,4}?(?:包括|包含|主要有|有|为|是|如下)")
    return any(
        _ENUMERATION.search(_SAYS_WHAT.sub("", _ACCOUNT_ENTRY.sub("", fold(q)))) or said.search(fold(q))
        for q in quoted
    )


# 4、一般公共服务支出（类）财政事务（款）…: the numbered entry of an account, not an item of a list asked for
_ACCOUNT_ENTRY = re.compile(
    r"(?:^|[。\s])(?:\d+|[一二三四五六七八九十]+)[.、．][^。]{0,30}?[(（](?:类|款|项)[)）]"
)
# 主要用于： / 主要原因：: what an account's entry says next, not a list
_SAYS_WHAT = re.compile(r"(?:主要)?(?:用于|原因|内容)[:：]")


# any number a sentence prints, in digits or in Chinese numerals (九个处室, 两辆, 百分之九十)
_ANY_FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十两百千万〇零]")


def _names_a_kind(noun: str, question: str, quoted: Sequence[str]) -> bool:
    """Some quote prints the noun right after a word the question does not say (全国经济普查): it names which one.
    专项普查活动 repeats the question's own 专项 before 普查, and names none."""
    for quote in quoted:
        text = fold(quote)
        at = text.find(noun)
        while at >= 0:
            before = re.search(r"[\u4e00-\u9fff]{0,2}$", text[:at]).group(0)  # type: ignore[union-attr]
            if any(ch not in question for ch in before):
                return True
            at = text.find(noun, at + 1)
    return False


# words a document prints for the same thing a question lists: 主要职能 / 主要职责
_SAME_HEAD = ((re.compile("职能"), "职责"),)
# 用在哪些方面 / 做了哪些事情: the noun only says a list is asked, never what it lists
GENERIC_HEADS = frozenset(phrasing.words("generic_heads"))
# a quoted passage's trailer: （section，第N页）
_TRAILER = re.compile(r"(（[^（）]*第\d+页）)")


def _without_glossary(text: str) -> str:
    """The quoted passages of an answer, less those its trailer places in a glossary."""
    pieces = _TRAILER.split(text)
    kept = [
        passage + trailer
        for passage, trailer in zip(pieces[::2], [*pieces[1::2], ""], strict=False)
        if not stated.GLOSSARY.search(trailer)
    ]
    return "".join(kept)


def _names_head(head: str, quoted: Sequence[str]) -> bool:
    """At least half of the listed noun's character pairs are printed in the quotes (主要职责 in 主要职能是:);
    a leading 主要/具体 is how it is asked, not what."""
    head = re.sub(r"^(?:主要|具体|重点|其他|都)+", "", head) or head
    for other, same in _SAME_HEAD:
        head, quoted = other.sub(same, head), [other.sub(same, fold(q)) for q in quoted]
    pairs = bigrams(head)
    printed = set().union(*(bigrams(fold(q)) for q in quoted)) if quoted else set()
    return len(pairs & printed) * 2 >= len(pairs)


# a quote leaving a run of the question's words longer than this unsaid is related text, not the answer
MAX_QUOTE_UNSAID = 4


_PER_UNIT = re.compile(
    r"每(?:一)?(?:期|次|人|个|位|场|辆|项|名|家|批|团|台|套|天|件|笔|部|条|所|处|座|份|篇)|人均|平均每|平均一(?:期|次|人|个|件)"
)


def _names_of(docs: Sequence[Document]) -> frozenset[str]:
    """The departments' names, regions and aliases: words of a question that name who, not what."""
    return frozenset(n for d in docs for n in (d.department or "", d.region or "", *d.aliases))


# characters of the question a table figure leaves unsaid before a sentence of the text is tried instead
_LEFT_FOR_TEXT = 5


# 购买燃油（炼焦产品、炼油产品）: the asker's words for a row, then the row's printed name in brackets
_GLOSSED = re.compile(r"(?P<gloss>[^，,。？?、中里的（）()]{1,8})[（(](?P<row>[^（）()]{2,40})[）)]")


def _glossed_rows(question: str, answer: Answer) -> str:
    """The question without the asker's own words for a cited row that it names in brackets right after them:
    the bracket says which printed row they mean, so they need no citing of their own."""
    rows = {fold(c.row) for c in answer.citations if c.row}
    return _GLOSSED.sub(
        lambda m: m.group(0)[len(m["gloss"]) :] if fold(m["row"]) in rows else m.group(0), question
    )


def _cited(answer: Answer) -> list[str]:
    """What an answer cites, as the coverage rule reads it: its sentence, the cited cells' row, column, table and
    section, and the rows' parents (党委办公厅…事务 above 行政运行)."""
    return [
        answer.answer,
        *(f"{c.row or ''}{c.column or ''}{c.table or ''}{c.section or ''}" for c in answer.citations),
        *("".join(f.row_path) for f in answer.facts),
    ]


def _covered(
    answer: Answer,
    question: str,
    docs: Sequence[Document],
    labels: Callable[[], Sequence[str]] = lambda: (),
) -> Answer:
    """A figure is an answer only when what it cites accounts for what the question names: a question about
    某专项里的差旅费 answered with the whole 差旅费 row leaves 某专项 unsaid (a near miss, a wrong number).
    Words left unsaid that the cited document prints in a 科目 (立法 of its row 人大立法), when the answer cites
    a row without a code (财政拨款), name that row, not the one cited, however short they are."""
    if answer.status != "answered":
        return answer
    question = EXCLUDED.sub("", question)  # （不是履职能力提升）: words left out on purpose need no citing
    question = _glossed_rows(question, answer)
    kind = parse(question).kind_asked if answer.kind == "narrative" else None
    noun = (kind.group(1) or kind.group(2)) if kind else ""
    if kind and not _names_a_kind(noun, fold(question), [c.quote or "" for c in answer.citations]):
        # 搞的什么普查, quoted with 专项普查活动经费: which one is not said
        related = answer.answer.split("，", 1)[1] if "，" in answer.answer else answer.answer
        return replace(
            answer, status="not_found", answer=compose.refusal("kind_unsaid", noun=noun, related=related)
        )
    if answer.value is None and not answer.facts:
        return _quote_covers(
            answer, question, docs
        )  # a listing of printed figures is checked like one figure
    cited = _cited(answer)
    names = _names_of(docs)
    per = _PER_UNIT.search(question)
    if per and not any(_PER_UNIT.search(c) for c in cited):
        # 每期培训班花多少: a total is not a figure per 期, 人 or 次 unless the document states one
        return replace(
            answer,
            status="not_found",
            answer=compose.refusal("no_average", per=per.group(0)),
            citations=(),
            value=None,
            unit=None,
            formula=None,
            facts=(),
        )
    runs = uncovered_runs(question, cited, names)
    # the cited documents' 科目 are read only when words are left unsaid (most answers leave none)
    printed = labels() if any(len(r) >= 2 for r in runs) else ()
    coded = [f.row_name for f in answer.facts if f.row_code]
    if coded:
        # the answer cites a 科目 itself: another 科目 is meant only when it prints the words left unsaid and
        # shares the cited one's own (事业单位医疗 for 事业单位…医保, answered with 职工基本医疗保险缴费)
        own = set().union(*(bigrams(fold(n)) for n in names)) if names else set()  # 人大 of 人大常委会办公厅
        printed = [x for x in printed if any((bigrams(fold(x)) & bigrams(fold(c))) - own for c in coded)]
    elsewhere = [r for r in runs if len(r) >= 2 and any(r in label for label in printed)]
    asked = asked_unsaid(question, cited) or money_for_unsaid(question, runs, cited)
    if asked:
        runs = [asked, *(r for r in runs if r != asked)]  # 多少排量, answered with a 运行维护费: said first
    if not refuses(runs) and not asked and not elsewhere and not part_unsaid(question, runs, cited):
        return answer
    if elsewhere:
        rows = list(dict.fromkeys(label for label in printed if elsewhere[0] in label))[:5]
        return replace(  # not found as asked; the rows printing those words are offered to choose from
            answer,
            status="not_found",
            answer=compose.choices_sentence(
                compose.refusal("only_in_projects", words=elsewhere[0]),
                rows,
            ),
            choices=tuple(rows),
            citations=(),
            value=None,
            unit=None,
            formula=None,
            facts=(),
        )
    nearest = next((c for c in answer.citations if c.row), None)
    quoted = next((c for c in answer.citations if c.quote and c.page), None)
    if nearest is not None:
        where = compose.refusal("nearest_row", table=nearest.table or "", row=nearest.row)
    elif quoted is not None and answer.value is not None:  # a figure quoted from the text
        where = compose.refusal(
            "nearest_text",
            page=quoted.page_label or quoted.page,
            amount=compose.amount(answer.value, answer.unit),
        )
    else:
        where = "最接近的数字"
    return replace(
        answer,
        status="not_found",
        answer=compose.refusal("nearest_unsaid", where=where, words=runs[0]),
        value=None,
        unit=None,
        formula=None,
        facts=(),
    )


def _unit_known(answer: Answer) -> Answer:
    """Never state a figure whose table printed no unit (元 read as 万元 is 10,000 times too large)."""
    if answer.status != "answered":
        return answer
    unknown = [f for f in answer.facts if f.value is not None and not f.unit]
    if not unknown:
        return answer
    where = table_label(unknown[0].table_no, unknown[0].table_title) or "该表"
    return _withdrawn(answer, compose.refusal("no_unit", table=where))


def _withdrawn(answer: Answer, sentence: str) -> Answer:
    """The answer taken back: not found, no figure, with the sentence saying why."""
    return replace(answer, status="not_found", value=None, unit=None, formula=None, answer=sentence)


_GIVEN = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")


def _not_an_echo(answer: Answer, question: str) -> Answer:
    """A question that gives a figure (839万元的因公出国费安排几批团组?) asks something else about it: stating
    that same figure back is no answer. Not for a question that asks to confirm the figure (是不是839万元?), nor
    for one asking what the figure is for when the answer quotes the sentence saying so (X科目2012万元主要用来干嘛)."""
    asked = parse(question)
    if answer.status != "answered" or answer.value is None or asked.confirming:
        return answer
    if (asked.why or Op.NARRATIVE in asked.ops) and any(
        c.table is None and c.quote for c in answer.citations
    ):
        return answer
    for number, unit in _GIVEN.findall(fold(question)):
        given = Decimal(number.replace(",", ""))
        if given == answer.value and unit == (answer.unit or unit):
            said = _withdrawn(answer, compose.refusal("given_back", figure=f"{number}{unit}"))
            return replace(said, citations=(), facts=())
    # 那246万多的服务类采购，是哪家公司中标的: the figure the question gives roughly, stated back, answers nothing
    if asked.why or Op.NARRATIVE in asked.ops or answer.unit not in ("万元", "亿元", "%"):
        return answer
    for low, high, unit in stated.rough_amounts(fold(question)):
        if unit == answer.unit and low <= answer.value < high:
            said = _withdrawn(answer, compose.refusal("count_given_back"))
            return replace(said, citations=(), facts=())
    return answer


def _not_the_figure_asked(answer: Answer, question: str) -> Answer:
    """A question asking which ones (中标的中小企业是哪几家) or how much each one is (项目支出有哪些项目、各多少钱) is
    not answered by one figure: a whole's total names none of them. Nor is one asking a party by name (哪家公司中标)."""
    if answer.status != "answered" or answer.value is None:
        return answer
    text, asked = fold(question), parse(question)
    if (party := asked.party_asked) and not asked.which_ones and not LIST_AMOUNT_ASKED.search(text):
        # 服务是哪家公司中标的: the party is asked by name; the amount bought is no answer
        return _withdrawn(answer, compose.refusal("party_unsaid", what=party.group(0)))
    if answer.parts or answer.kind != "lookup":
        return answer
    if not asked.ops and GAP_WORD.search(text):
        # 信息化建设年初预算差了多少: a gap asked with nothing to take it from; the one figure found is not it
        return _withdrawn(answer, compose.refusal("gap_of_what"))
    if not asked.which_ones or re.search(r"最|第[一二三1-3]|前[一二三四五1-5]", text):
        return answer
    amount_asked = LIST_AMOUNT_ASKED.search(text)
    if amount_asked and not asked.each_amount:
        return answer
    named = LIST_OF_NOUN_ASKED.search(text)
    head = named.group(1).rsplit("的", 1)[-1] if named else listed_head(text)
    what = f"“{head}”" if head and len(head) >= 2 else "所问的各项"
    return _withdrawn(answer, compose.refusal("not_itemised", what=what))


def ask(store: Store, question: str, **kw: object) -> Answer:
    """Convenience: one cached Answerer per store object."""
    llm = {k: kw.pop(k) for k in ("llm_url", "llm_model") if k in kw}
    with _CACHE_LOCK:
        answerer = _CACHE.get(id(store))
        if answerer is None or answerer.store is not store:
            answerer = _CACHE[id(store)] = Answerer(store, **llm)  # type: ignore[arg-type]
    return answerer.ask(question, **kw)  # type: ignore[arg-type]


__all__ = ["Answerer", "ask"]
