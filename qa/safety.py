"""Guards against confidently wrong figures: impossible shares, totals given for a breakdown, counts of
the wrong noun.

Each guard is a small pure rule over what the plans already found; when a rule fails, the plans try the
next-best candidate and otherwise answer not found, never a figure that cannot be right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetqa.qa import compose
from budgetqa.qa.context import Context
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.index import Cell, FactIndex
from budgetqa.qa.lexicon import MEASURE_SAYS, term_by_name
from budgetqa.qa.lookup import scored_cells
from budgetqa.qa.matching import Item, overlaps
from budgetqa.qa.question import Op
from budgetqa.qa.scope import Target
from budgetqa.qa.text import clean_label, coverage, fold


def implausible_share(part: Decimal, whole: Decimal) -> bool:
    """A part larger than its whole (both non-negative amounts) means the wrong part or whole was read."""
    return part >= 0 and whole >= 0 and part > whole


# 政府采购中给中小企业预留了多少: words after a nesting word that no item, measure or question word explains
_NEST_AFTER = re.compile(r"^(?:当中|其中|中的|里的|里面|下面|下的|之中|中|里|下)")
_FILLER = re.compile(
    r"(?:19|20)\d{2}年度?|[□\s?？!！。，,、：:“”\"'（）()]|是多少|多少钱?|几|一共|总共|合计|共计|总额|总数|金额|数额|数字|"
    r"具体|分别|大概|大约|大致|预算数?|决算数?|安排|计划|打算|准备|拨了?|花了?|花费|用了?|用在|花在|用于|"
    r"有没有|是否有?|有无|的话|如果|要是|假如|若|"  # 有没有X？有的话多少: asking whether, then how much
    r"有|是|为|了|的|给|在|钱|呢|吗|啊|呀|请问|想知道|能否|可以|告诉我|一下|都|[这那]一?块|这项|那项|这一项|那一项|方面|"
    r"[这那]?一?部分|属于|算作|算|归|"
    r"万元|元|资金|经费|费用|支出|开支|数|"
    r"[这那]?一?(?:栏|行|列|格)|填写?|写着?|显示|列出?|对应"  # pointing at a cell: 那一栏填的是多少
)


def narrower_part(ctx: Context) -> str | None:
    """What the question names inside its item that no printed row or column matches ("中小企业预留" in
    政府采购中给中小企业预留了多少), or None. The item's own figure is then the wrong answer: a broader one."""
    if (
        not ctx.items
        or {Op.SHARE, Op.RANK, Op.COMPARE, Op.SUM, Op.DELTA, Op.RATE} & ctx.intent.ops
        or ctx.intent.why
    ):
        return None
    text = ctx.masked or ctx.intent.text
    last = max(ctx.items, key=lambda it: it.span[1])
    if any(it.within_span == last.span for it in ctx.items):
        return None
    after = text[last.span[1] :]
    nesting = _NEST_AFTER.match(after)
    if not nesting:
        return None
    rest = after[nesting.end() :]
    if any(it is not last and it.text in rest for it in ctx.items):
        return None  # 人大事务下面的行政运行: the part is an item named elsewhere in the question, a row inside it
    for form, _ in MEASURE_SAYS:  # 城乡社区支出中项目支出: a measure is a column of the item, not a part
        rest = rest.replace(form, "")
    rest = _FILLER.sub("", rest)
    return rest if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 2 else None


def part_column(ctx: Context, item: Item, part: str, doc_ids: Sequence[str], year: int | None) -> Cell | None:
    """The item's row at a column that names the part (政府采购 row × 其中：面向中小企业 column), or None."""
    ranked = scored_cells(ctx.index, item, doc_ids=doc_ids, year=year)
    rows = {(c.doc.doc_id, c.fact.table_no, c.fact.table_title, c.fact.row_index): s for s, c in ranked[:6]}
    best: tuple[float, float, Cell] | None = None
    for cell in ctx.index.cells_of(doc_ids):
        score = rows.get((cell.doc.doc_id, cell.fact.table_no, cell.fact.table_title, cell.fact.row_index))
        if score is None or cell.fact.value is None:
            continue
        fit = coverage(part, fold(cell.fact.column))
        if fit >= 0.5 and (best is None or (fit, score) > best[:2]):
            best = (fit, score, cell)
    return best[2] if best else None


def _row_is(cell: Cell, labels: Sequence[str]) -> bool:
    row = cell.row
    return any(label and (row == label or fold(clean_label(cell.fact.row_name)) == label) for label in labels)


def _column_names(cell: Cell, labels: Sequence[str]) -> bool:
    parts = (cell.leaf, *cell.parents)
    return any(label and any(label == p or label in p for p in parts) for label in labels)


def part_in_row(
    index: FactIndex,
    part: Item,
    whole: Item,
    *,
    doc_ids: Sequence[str],
    year: int | None,
    prefer: tuple[int | None, int] | None = None,
) -> Cell | None:
    """The part printed as a column of the whole's own row (委托业务费 row, 项目支出 column), or None.

    `prefer` is the whole's (table_no, row_index): the row the whole's figure was read from comes first.
    """
    found = []
    for cell in index.cells_of(doc_ids):
        if cell.fact.value is None or cell.role != "value":
            continue
        if year is not None and cell.year is not None and cell.year != year:
            continue
        if not _row_is(cell, whole.labels) or not _column_names(cell, part.labels):
            continue
        same_row = prefer is not None and (cell.fact.table_no, cell.fact.row_index) == prefer
        found.append((not same_row, cell.col_pos, cell.fact.table_no or 0, cell))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    return found[0][3]


# 政府采购 breakdowns: the words a question may use for each, and the lexicon term that prints it
_BREAKDOWN = (
    (re.compile(r"货物"), "货物采购"),
    (re.compile(r"工程"), "工程采购"),
    (re.compile(r"服务"), "服务采购"),
)
_PROCUREMENT = "政府采购"


def breakdown_items(text: str, items: Sequence[Item]) -> list[Item]:
    """政府采购里买服务花多少: the asked breakdown (服务采购) joins the items, right after the total, so
    the total is never answered for a breakdown. Unchanged when no 政府采购 item or no breakdown word."""
    total = next((it for it in items if it.text == _PROCUREMENT), None)
    if total is None:
        return list(items)
    rest = text[total.span[1] :] if total.span[1] >= 0 else text
    names = {it.text for it in items}
    added: list[Item] = []
    for pattern, name in _BREAKDOWN:
        m = pattern.search(rest)
        term = term_by_name(name)
        if m is None or term is None or name in names:
            continue
        at = total.span[1] + m.start() if total.span[1] >= 0 else m.start()
        span = (at, at + len(m.group(0)))
        if any(
            overlaps(it.span, span) and len(it.text) > len(m.group(0)) + 1
            for it in items
            if it.how == "label"
        ):
            continue  # 采购PC服务器: the word is inside a printed item's name, not the 服务 category
        labels = tuple(dict.fromkeys(clean_label(x) for x in term.labels))
        added.append(Item(name, labels, 0.9, (at, at + len(m.group(0))), term=term, how="lexicon"))
    if not added:
        return list(items)
    # a bare 服务 column label matched at the same words is the breakdown itself
    kept = [it for it in items if it is total or not any(overlaps(it.span, a.span) for a in added)]
    return sorted([*kept, *added], key=lambda it: it.span[0])


def spending_item() -> list[Item]:
    """The department's total spending (支出总计), for 谁花得最多 across departments."""
    term = term_by_name("支出总计")
    if term is None:
        return []
    return [Item(term.name, tuple(clean_label(x) for x in term.labels), 0.9, term=term, how="lexicon")]


def procurement_item() -> Item | None:
    """The 政府采购 total: the whole a share of one of its parts (工程类占多大比例) is taken of."""
    term = term_by_name(_PROCUREMENT)
    if term is None:
        return None
    return Item(term.name, tuple(clean_label(x) for x in term.labels), 0.9, term=term, how="lexicon")


def is_breakdown(item: Item) -> bool:
    """货物/工程/服务, or another part of the procurement the lexicon knows (面向中小企业预留)."""
    if is_breakdown_column(item):
        return True
    return item.term is not None and item.term.table_hint == "采购" and item.text != _PROCUREMENT


def is_breakdown_column(item: Item) -> bool:
    """货物/工程/服务: the parts every procurement table prints in its own way (a column or a row)."""
    return any(item.text == name for _, name in _BREAKDOWN)


def asks_breakdown(items: Sequence[Item]) -> bool:
    """One procurement breakdown asked (with or without its 政府采购 total named)."""
    rest = without_total(items)
    return len(rest) == 1 and is_breakdown(rest[0])


def stated_breakdown_ok(item: Item, entry: Evidence | None) -> bool:
    """A breakdown the text states must be stated about procurement (not 商品和服务支出30万元)."""
    if entry is None or entry.facts or not is_breakdown(item):
        return True
    return "采购" in entry.source


def breakdown_cell(index: FactIndex, name: str, *, doc_ids: Sequence[str], year: int | None) -> Cell | None:
    """The 政府采购 total, or the 货物/工程/服务 figure of a 政府采购 table or row: its column on the 政府采购 (or 合计) row, or
    its own row in a 政府采购 table's total column."""
    word = next((p.pattern for p, n in _BREAKDOWN if n == name), None)
    total = name == _PROCUREMENT
    if word is None and not total:
        return None
    found = []
    for cell in index.cells_of(doc_ids):
        if cell.fact.value is None or cell.role != "value":
            continue
        if year is not None and cell.year is not None and cell.year != year:
            continue
        in_table = _PROCUREMENT in fold(cell.fact.table_title)
        row_total = _PROCUREMENT in cell.row or (in_table and cell.total_row)
        if total or word is None:
            if row_total and (cell.total_col or cell.generic_col):
                found.append((0, cell.col_pos, cell))
            continue
        if row_total and word in cell.leaf and not cell.total_col:
            found.append((0, cell.col_pos, cell))
        elif (
            in_table
            and cell.row.startswith(word)  # 三、服务C / 服务类, not an item row such as PC服务器
            and len(cell.row) <= len(word) + 4
            and (cell.total_col or cell.generic_col)
        ):
            # the category row (no parent row) before a same-named row inside it
            found.append((1 + len(cell.fact.row_path), cell.col_pos, cell))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1]))
    return found[0][2]


def without_total(items: Sequence[Item]) -> list[Item]:
    """For a plain lookup of a breakdown (not a share), the 政府采购 total is context, not an answer."""
    return [it for it in items if it.text != _PROCUREMENT]


def breakdown_entry(ctx: Context, item: Item, target: Target) -> Evidence | None:
    doc_ids = [d.doc_id for d in target.docs]
    cell = breakdown_cell(ctx.index, item.text, doc_ids=doc_ids, year=target.year)
    return _cell_entry(cell, target) if cell is not None else None


def nonzero_whole(ctx: Context, item: Item, target: Target) -> Evidence | None:
    """A whole printed as 0 in one table and as a figure in another: the figure is the whole."""
    ranked = scored_cells(
        ctx.index,
        item,
        doc_ids=[d.doc_id for d in target.docs],
        year=target.year,
        measure=ctx.measure,
        doc_kind=ctx.intent.doc_kind,
    )
    cell = next((c for _, c in ranked if c.fact.value), None)
    return _cell_entry(cell, target) if cell is not None else None


def part_inside(
    ctx: Context, part_item: Item, whole_item: Item, whole: Evidence, target: Target, *, named: bool
) -> Evidence | None:
    """委托业务费里面项目支出: the 项目支出 column of the 委托业务费 row, when the tables print it."""
    if not named and not part_item.within:
        return None
    first = whole.facts[0] if whole.facts else None
    cell = part_in_row(
        ctx.index,
        part_item,
        whole_item,
        doc_ids=[d.doc_id for d in target.docs],
        year=target.year,
        prefer=(first.table_no, first.row_index) if first is not None else None,
    )
    if cell is None or cell.fact.value is None or (first is not None and cell.fact == first):
        return None
    return _cell_entry(cell, target)


def _cell_entry(cell: Cell, target: Target) -> Evidence:
    value = cell.fact.value
    assert value is not None
    who = compose.whose(target.name, target.year)
    cells = [cell]
    return Evidence(
        value,
        cell.fact.unit,
        cells=(cell,),
        who=who,
        citations=compose.citations(cells),
        facts=(cell.fact,),
        source=compose.where(cell),
    )


__all__ = [
    "asks_breakdown",
    "is_breakdown",
    "stated_breakdown_ok",
    "breakdown_cell",
    "breakdown_entry",
    "nonzero_whole",
    "narrower_part",
    "part_column",
    "part_inside",
    "spending_item",
    "breakdown_items",
    "implausible_share",
    "part_in_row",
    "without_total",
]
