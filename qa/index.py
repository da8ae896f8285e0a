"""The in-memory view of the store's facts that question answering works on.

An index covers the documents a question is about: it is assembled from per-document blocks that are read
from the store on demand and cached per store generation (`DocumentCells`), while the vocabulary of printed
labels is read for the whole store from distinct row names and column paths, without loading any fact.
Every fact becomes a `Cell` with what matching needs precomputed: its cleaned row label and column
components, the year the figure is for (`2022 年` rows and `上年数` columns belong to the prior year),
whether it is a printed change (增减) or rate, and whether its row or column is a total.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from budgetqa.qa.text import clean_label, dice, fold, is_total_label, year_in
from budgetqa.store import Document, Fact, Store

_DELTA = re.compile(r"增减|增加额|减少额|变化|变动|比上年增|较上年增|差额")
_RATE = re.compile(r"增长率|增减率|增幅|降幅|变化率|百分比|比率|%|％")
_PRIOR = re.compile(r"上年(?!结|余)|上一年|去年")
# column leaves that just carry the amount (no item meaning of their own)
_AMOUNT_LEAF = re.compile(
    r"^(?:(?:19|20)\d{2}年?)?(?:本年|全年|年初|调整)?(?:预算|决算|执行)?(?:数|金额|额)?(?:\(万元\)|\(元\))?$"
)
_YEAR_ROW = re.compile(r"^(?:19|20)\d{2}年?(?:度)?(?:预算|决算)?(?:数)?$")
GENERIC_LABELS = frozenset(
    {
        "支出",
        "收入",
        "经费",
        "资金",
        "金额",
        "预算",
        "决算",
        "项目",
        "科目编码",
        "科目名称",
        "预算单位",
        "单位名称",
        "功能分类科目",
        "经济分类科目",
        "编码",
        "名称",
        "类",
        "款",
        "项",
        "年度",
        # performance-target tables: column names, not items (车辆保障数 is the item, 指标值 its column)
        "指标值",
        "指标名称",
        "指标内容",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标",
        "目标值",
        "年度目标",
        "绩效目标",
        "度量单位",
        "计量单位",
        "指标方向性",
    }
)


# a heading that names a classification scheme (功能分类, 支出经济分类科目), never an item of its own
CLASSIFICATION_HEADING = re.compile(
    r"^(?:部门|政府)?(?:预算)?(?:支出|收入)?(?:功能|经济)分类(?:科目)?(?:编码|名称|代码)?$"
)
_AMOUNT_SUFFIX = re.compile(r"(?:(?:本年|全年|年初|调整)?(?:预算|决算|执行)(?:数|金额)?)$")


def strip_amount(label: str) -> str:
    """`三公经费预算数` → `三公经费`: the amount word belongs to the measure, not the item."""
    stripped = _AMOUNT_SUFFIX.sub("", label)
    return stripped if len(stripped) >= 2 else label


@dataclass(frozen=True)
class Cell:
    fact: Fact
    doc: Document
    row: str  # cleaned row label
    leaf: str  # cleaned last column component
    parents: tuple[str, ...]  # cleaned column components above the leaf
    year: int | None  # the year the figure is for
    role: str  # value | delta | rate
    total_row: bool
    total_col: bool
    generic_row: bool  # a total, a year or the department itself: the row names no item
    generic_col: bool  # a total or a bare amount column: the column names no item
    col_pos: int  # position of the column in its table (earlier = main figure)
    scheme: str | None = None  # 经济 / 功能: which 政府收支分类 the row belongs to, when known

    @property
    def column(self) -> str:
        return fold(self.fact.column)


def _role(row: str, column: str) -> str:
    if _RATE.search(column) or _RATE.search(row):
        return "rate"
    if _DELTA.search(column) or _DELTA.search(row):
        return "delta"
    return "value"


def _year(fact: Fact, doc: Document) -> int | None:
    found, prior = _label_year(fact.column, fact.row_name)
    if found:
        return found
    if doc.year is not None and prior:
        return doc.year - 1
    return doc.year


def is_department_row(row: str, doc: Document) -> bool:
    """The department's own row (`【中共××办公室】`, `××本级`) is the table total in many templates."""
    return _is_department_row(row, doc.department, doc.aliases)


@lru_cache(maxsize=65536)
def _is_department_row(row: str, department: str | None, aliases: tuple[str, ...]) -> bool:
    if not row or not department:
        return False
    dept = fold(department)
    if row.endswith("本级") or row in dept or dept in row:
        return True
    return dice(row, dept) >= 0.7 or any(row == fold(a) for a in aliases)


_ECON_TITLE = re.compile(r"经济分类|基本支出|机关运行经费")
_FUNC_TITLE = re.compile(r"功能分类")


def scheme_of(fact: Fact) -> str | None:
    """经济 for 经济分类 rows (科目编码 3xx: 301 工资福利支出, 30201 办公费), 功能 for 功能分类 rows
    (2xx: 201 一般公共服务支出, 2080501 行政单位离退休); without a code, the table title decides."""
    return _scheme(fact.row_code, fact.table_title)


@lru_cache(maxsize=4096)
def _scheme(row_code: str | None, table_title: str) -> str | None:
    code = re.sub(r"\D", "", row_code or "")
    if len(code) in (3, 5) and code[0] in "35":  # 3xx 部门预算经济分类, 5xx 政府预算经济分类
        return "经济"
    if len(code) in (3, 5, 7) and code[0] == "2":
        return "功能"
    title = fold(table_title)
    if _FUNC_TITLE.search(title):
        return "功能"
    if _ECON_TITLE.search(title):
        return "经济"
    return None


def make_cell(fact: Fact, doc: Document, col_pos: int) -> Cell:
    row, row_total, row_generic = _row_traits(fact.row_name)
    parts, total_col, generic_col = _column_traits(fact.column)
    # a blank row label is the table's only data row: the department's own figures
    total_row = row_total or _is_department_row(row, doc.department, doc.aliases)
    return Cell(
        fact=fact,
        doc=doc,
        row=row,
        leaf=parts[-1] if parts else "",
        parents=parts[:-1],
        year=_year(fact, doc),
        role=_roles(fact.row_name, fact.column),
        total_row=total_row,
        total_col=total_col,
        generic_row=total_row or row_generic,
        generic_col=generic_col,
        col_pos=col_pos,
        scheme=_scheme(fact.row_code, fact.table_title),
    )


# A document's cells are built when a question first needs it: what depends only on a printed label is worked
# out once per label (labels repeat across tables, years and departments), not once per cell.
@lru_cache(maxsize=65536)
def _row_traits(row_name: str) -> tuple[str, bool, bool]:
    """(cleaned row label, a total row by its label, a row naming no item: a year, a change or a rate)."""
    row = clean_label(row_name)
    generic = bool(_YEAR_ROW.match(row)) or bool(_DELTA.search(row)) or bool(_RATE.search(row))
    return row, not row or is_total_label(row), generic


@lru_cache(maxsize=65536)
def _column_traits(column: str) -> tuple[tuple[str, ...], bool, bool]:
    """(cleaned column components, a total column, a column naming no item: a total or a bare amount)."""
    parts = tuple(clean_label(p) for p in column.split("/") if p.strip())
    leaf = parts[-1] if parts else ""
    # 项目支出合计 / 基本支出合计 / 总额: the column that sums the row
    total_col = is_total_label(leaf) or bool(re.search(r"(?:合计|总计|总额)$", leaf))
    return parts, total_col, total_col or bool(_AMOUNT_LEAF.match(leaf)) or bool(_DELTA.search(leaf))


@lru_cache(maxsize=65536)
def _roles(row_name: str, column: str) -> str:
    return _role(fold(row_name), fold(column))


@lru_cache(maxsize=65536)
def _label_year(column: str, row_name: str) -> tuple[int | None, bool]:
    """(the year a label names, whether it says the prior year: 上年数)."""
    found = year_in(column) or year_in(row_name)
    return found, bool(_PRIOR.search(fold(column)) or _PRIOR.search(fold(row_name)))


def label_keys(cell: Cell) -> tuple[str, set[str]]:
    """The row label and the column components (with amount words stripped) a cell is looked up by."""
    parts = (*cell.parents, cell.leaf)
    return cell.row, {p for p in (*parts, *(strip_amount(x) for x in parts)) if p}


@lru_cache(maxsize=65536)
def _column_keys(column: str) -> frozenset[str]:
    """`label_keys`' column side, once per printed column path."""
    return frozenset(column_keys(column))


def column_keys(column: str) -> set[str]:
    """`label_keys`' column side from a fact's raw column path (for labels read without building cells)."""
    parts = [clean_label(p) for p in column.split("/") if p.strip()]
    return {p for p in (*parts, *(strip_amount(x) for x in parts)) if p}


def item_labels(keys: Iterable[str]) -> list[str]:
    """The keys that can name an item (≥ 2 characters, not a total, a year or an amount word), longest first."""
    out = set()
    for label in keys:
        if len(label) >= 2 and label not in GENERIC_LABELS and not is_total_label(label):
            if (
                not _YEAR_ROW.match(label)
                and not _AMOUNT_LEAF.match(label)
                and not label.isdigit()
                and not CLASSIFICATION_HEADING.match(label)
                and strip_amount(label) == label
            ):
                out.add(label)
    return sorted(out, key=lambda s: (-len(s), s))


def vocabulary(row_names: Iterable[str], columns: Iterable[str]) -> list[str]:
    """Every printed label that can name an item, from the distinct row names and column paths of the store's
    facts: the same list as `FactIndex.labels` over every document, without loading a single fact."""
    keys = {clean_label(r) for r in row_names} - {""}
    for column in columns:
        keys |= column_keys(column)
    return item_labels(keys)


@dataclass(frozen=True)
class CellBlock:
    """Cells with their lookups, positions counted from the block's first cell. A document's block is built
    once (per store generation) and shared by every index that covers the document."""

    cells: tuple[Cell, ...]
    by_row: dict[str, tuple[int, ...]]
    by_col: dict[str, tuple[int, ...]]
    by_code: dict[str, tuple[int, ...]]
    by_doc: dict[str, tuple[int, ...]]
    decided: bool  # a column says 决算 (a budget may print last year's 决算 beside this year's 预算)

    @classmethod
    def of(cls, cells: Iterable[Cell]) -> CellBlock:
        cells = tuple(cells)
        by_row: dict[str, list[int]] = defaultdict(list)
        by_col: dict[str, list[int]] = defaultdict(list)
        by_code: dict[str, list[int]] = defaultdict(list)
        by_doc: dict[str, list[int]] = defaultdict(list)
        for i, cell in enumerate(cells):
            by_doc[cell.doc.doc_id].append(i)
            row, columns = cell.row, _column_keys(cell.fact.column)
            if row:
                by_row[row].append(i)
            for part in columns:
                by_col[part].append(i)
            if cell.fact.row_code:
                by_code[re.sub(r"\D", "", cell.fact.row_code)].append(i)
        rows, cols, codes, docs = (
            {k: tuple(v) for k, v in m.items()} for m in (by_row, by_col, by_code, by_doc)
        )
        return cls(cells, rows, cols, codes, docs, any("决算" in c.fact.column for c in cells))

    @cached_property
    def words(self) -> frozenset[str]:
        """Every row label and column component its cells print (with and without an amount word): what
        `FactIndex.labels_in` keeps of the vocabulary, computed once per block."""
        return frozenset(_words(self.cells))


def _words(cells: Iterable[Cell]) -> set[str]:
    present: set[str] = set()
    for cell in cells:
        present.add(cell.row)
        for part in (*cell.parents, cell.leaf):
            present.update((part, strip_amount(part)))
    return present


def document_cells(doc: Document, facts: Iterable[Fact]) -> CellBlock:
    """One document's block, its facts in the store's order."""
    positions = {table.table_no: {fold(c): i for i, c in enumerate(table.columns)} for table in doc.tables}
    return CellBlock.of(
        make_cell(fact, doc, positions.get(fact.table_no, {}).get(fold(fact.column), 99)) for fact in facts
    )


class CellTable:
    """Cells by position. A position is the cell's place in the whole store's fact order (document by
    document), whichever documents an index covers: lookups that meet cells in set order rank ties the same
    way over one document as over all of them."""

    def __init__(self, blocks: Sequence[tuple[int, CellBlock]]) -> None:
        self._blocks = [(start, b) for start, b in blocks if b.cells]
        self._starts = [start for start, _ in self._blocks]

    def __getitem__(self, position: int) -> Cell:
        k = bisect_right(self._starts, position) - 1
        if k >= 0:
            start, block = self._blocks[k]
            if position - start < len(block.cells):
                return block.cells[position - start]
        raise IndexError(position)

    def __iter__(self) -> Iterator[Cell]:
        return (cell for _, block in self._blocks for cell in block.cells)

    def __len__(self) -> int:
        return sum(len(block.cells) for _, block in self._blocks)


class _Lookup(Mapping[str, list[int]]):
    """One lookup (by row, column, code or document) across blocks, gathered when a key is asked for."""

    def __init__(self, blocks: Sequence[tuple[int, CellBlock]], name: str) -> None:
        self._maps = [(start, getattr(b, name)) for start, b in blocks if b.cells]
        self._seen: dict[str, list[int]] = {}

    def __getitem__(self, key: str) -> list[int]:
        found = self._seen.get(key)
        if found is None:
            found = [start + i for start, m in self._maps for i in m.get(key, ())]
            if not found:
                raise KeyError(key)
            if len(self._seen) < 4096:
                self._seen[key] = found
        return found

    def __iter__(self) -> Iterator[str]:
        if len(self._maps) == 1:
            return iter(self._maps[0][1])
        return iter(dict.fromkeys(k for _, m in self._maps for k in m))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FactIndex:
    """Cells of some documents with lookups by row label, column component, 科目编码 and document."""

    def __init__(
        self, documents: list[Document], facts: list[Fact], *, labels: Sequence[str] | None = None
    ) -> None:
        """An index of these facts (in this order); facts of other documents are left out. `labels`: the
        item labels to match questions against, when they should be more than these facts print."""
        docs = {d.doc_id: d for d in documents}
        positions: dict[tuple[str, int | None], dict[str, int]] = {}
        for doc in documents:
            for table in doc.tables:
                positions[(doc.doc_id, table.table_no)] = {fold(c): i for i, c in enumerate(table.columns)}
        cells = []
        for fact in facts:
            owner = docs.get(fact.doc_id)
            if owner is None:
                continue
            pos = positions.get((fact.doc_id, fact.table_no), {}).get(fold(fact.column), 99)
            cells.append(make_cell(fact, owner, pos))
        self._setup(documents, [(0, CellBlock.of(cells))], labels)

    @classmethod
    def of_blocks(
        cls, documents: Sequence[Document], blocks: Sequence[tuple[int, CellBlock]], labels: Sequence[str]
    ) -> FactIndex:
        """An index assembled from blocks at their store positions (ascending): costs nothing per cell."""
        placed: list[tuple[int, CellBlock]] = []
        end = 0
        for start, block in sorted(blocks, key=lambda sb: sb[0]):
            start = max(start, end)  # a document re-ingested since its place was counted: never overlap
            placed.append((start, block))
            end = start + len(block.cells)
        index = cls.__new__(cls)
        index._setup(documents, placed, labels)
        return index

    def _setup(
        self,
        documents: Sequence[Document],
        blocks: Sequence[tuple[int, CellBlock]],
        labels: Sequence[str] | None,
    ) -> None:
        self.docs = {d.doc_id: d for d in documents}
        self._blocks = [block for _, block in blocks]
        self.cells = CellTable(blocks)
        self.by_row: Mapping[str, list[int]] = _Lookup(blocks, "by_row")
        self.by_col: Mapping[str, list[int]] = _Lookup(blocks, "by_col")
        self.by_code: Mapping[str, list[int]] = _Lookup(blocks, "by_code")
        self.by_doc: Mapping[str, list[int]] = _Lookup(blocks, "by_doc")
        if labels is not None:
            self.__dict__["labels"] = list(labels)

    def cells_of(self, doc_ids: Iterable[str]) -> list[Cell]:
        """The cells of these documents only: a scan that costs the same however many documents are stored."""
        return [self.cells[i] for d in dict.fromkeys(doc_ids) for i in self.by_doc.get(d, ())]

    @staticmethod
    def _cells_in(block: CellBlock, doc_ids: frozenset[str]) -> list[Cell]:
        return [block.cells[i] for d in doc_ids for i in block.by_doc.get(d, ())]

    def labels_in(self, doc_ids: Iterable[str]) -> list[str]:
        """`labels` printed in these documents (longest first); cached per set of documents."""
        key = frozenset(doc_ids)
        cache: dict[frozenset[str], list[str]] = self.__dict__.setdefault("_labels_in", {})
        if key not in cache:
            present: set[str] = set()
            for block in self._blocks:
                if not key.isdisjoint(block.by_doc):
                    # a block of the asked documents only: its words are computed once, not per question
                    present |= (
                        block.words if key.issuperset(block.by_doc) else _words(self._cells_in(block, key))
                    )
            if len(cache) > 256:
                cache.clear()
            cache[key] = [label for label in self.labels if label in present]
        return cache[key]

    @cached_property
    def labels(self) -> list[str]:
        """Every printed label that can name an item (≥ 2 characters, not a total or a year)."""
        return item_labels((*self.by_row, *self.by_col))

    def years(self, doc_ids: list[str] | None = None) -> set[int]:
        return {
            d.year
            for d in self.docs.values()
            if d.year is not None and (doc_ids is None or d.doc_id in doc_ids)
        }


class DocumentCells:
    """Each document's `CellBlock`, read from the store when a question first needs it and kept for the
    `capacity` documents used most recently, per store generation: a question costs the facts of the
    documents it is about, never every stored document's."""

    def __init__(self, store: Store, capacity: int = 256) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be >= 1 document, got {capacity}")
        self.store = store
        self.capacity = capacity
        self._blocks: OrderedDict[tuple[str, int], CellBlock] = OrderedDict()
        self._lock = threading.Lock()

    def block(self, doc: Document, generation: int) -> CellBlock:
        key = (doc.doc_id, generation)
        with self._lock:
            found = self._blocks.get(key)
            if found is not None:
                self._blocks.move_to_end(key)
                return found
        block = document_cells(doc, self.store.facts(doc.doc_id))  # outside the lock: reads run in parallel
        with self._lock:
            for stale in [k for k in self._blocks if k[1] != generation]:
                del self._blocks[stale]  # another generation's blocks are never asked for again
            self._blocks[key] = block
            while len(self._blocks) > self.capacity:
                self._blocks.popitem(last=False)
        return block

    def __len__(self) -> int:
        return len(self._blocks)
