"""Ranking: 哪个部门…最多 across documents, 哪项/哪个项目…最多 among the rows of a table."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import combinations

from budgetqa.qa import compose
from budgetqa.qa.answer import Answer
from budgetqa.qa.calc import convert
from budgetqa.qa.context import Context
from budgetqa.qa.figures import target_year
from budgetqa.qa.index import Cell
from budgetqa.qa.lookup import amount_column_fits, figure, measure_words
from budgetqa.qa.matching import Item
from budgetqa.qa.question import BLOCKS_RANKED, EXCLUDED, LEAVE_OUT, PROJECT_ROWS_ASKED, Op
from budgetqa.qa.text import fold
from budgetqa.store import Document


def _code(cell: Cell) -> str:
    return re.sub(r"\D", "", cell.fact.row_code or "")


def _top_level_spending(cells: Sequence[Cell], text: str = "", digits: int = 3) -> list[Cell]:
    """哪项支出最多 without an item: the rows of one classification level (类 = 3-digit 科目编码, 款 = 5)
    of the expenditure table that prints most of them; 功能分类 (2xx) unless the question asks by
    经济分类 (3xx: 工资福利支出, 商品和服务支出). 合计 rows carry no code and never compete."""
    scheme = "经济" if "经济" in text else "功能"
    by_table: dict[tuple[str, int | None], list[Cell]] = defaultdict(list)
    for c in cells:
        title = fold(c.fact.table_title)
        if c.scheme and c.scheme != scheme:
            continue
        if len(_code(c)) == digits and "支出" in title and "收入" not in title and "绩效" not in title:
            by_table[(c.doc.doc_id, c.fact.table_no)].append(c)
    if not by_table:
        return []
    # the table with most categories; the expenditure table before the income table printing them too
    best = max(
        by_table,
        key=lambda k: (
            len({c.row for c in by_table[k]}),
            "功能" in fold(by_table[k][0].fact.table_title),
            -(k[1] or 0),
        ),
    )
    return by_table[best]


def _level_words(text: str) -> str:
    """（功能分类·类）: the level the ranking was read at, said back to the user."""
    level = _asked_level(text) or 3
    scheme = "经济分类" if "经济" in text else "功能分类"
    return f"（{scheme}·{dict((d, w) for w, d in _LEVEL)[level]}）"


# 人员经费合计 / 公用经费小计: subtotal rows printed among the items they sum
_SUBTOTAL = re.compile(r"(?:合计|小计|总计)$")
_LEVEL = (("类", 3), ("款", 5), ("项", 7))


def rank_measure(text: str, measure: str | None) -> str | None:
    """The column to rank by: 项目支出 in 哪个项目支出最多 is the question's rows, not a column."""
    if measure == "项目支出" and PROJECT_ROWS_ASKED.search(text):
        return None
    return measure


def _one_doc(cells: Sequence[Cell], doc_id: str | None = None) -> list[Cell]:
    """A department's publication may be loaded twice (PDF and its text): rank one copy, never the sum."""
    if not cells:
        return []
    keep = doc_id or cells[0].doc.doc_id
    return [c for c in cells if c.doc.doc_id == keep]


def _asked_level(text: str) -> int | None:
    """哪一类 → 3-digit 类 codes, 哪一款 → 5, 哪一项(级) → 7; None when the question names no level. A level
    the question leaves out (（不算合计和类级小计）) is not the one asked."""
    text = EXCLUDED.sub("", text)
    quote = r"['‘’“”「」]?"
    if BLOCKS_RANKED.search(text):
        return 3  # 按经济分类分三大块，哪一块最大: the 类 of the classification
    for word, digits in _LEVEL:
        # 按科目的项 / 分类的'项' / 项级 name the level; 哪一项 asks "which item", not the 项 level
        named = (
            rf"{word}级|(?:分类|科目)的?{quote}{word}{quote}(?!目)|按{quote}{word}{quote}(?!目)"
            rf"|级[(（]{word}[)）]"  # 最细一级（项）
        )
        # 哪一类 / 哪两个大类
        which = rf"哪(?:一|个|[两二三四五六七八九十\d]+个)?大?{word}"
        asks = named if word == "项" else rf"{which}|{named}"
        if re.search(asks, text):
            return digits
    return None


def names_level(text: str) -> bool:
    """按功能分类的类 / 经济分类里哪个款: the question ranks a classification level, not a guessed item."""
    return bool(re.search(r"(?:功能|经济)(?:分类|科目)", text)) or _asked_level(text) is not None


def _leaves(rows: Sequence[Cell]) -> list[Cell]:
    """Rows whose 科目编码 has no child among the rows: parents would count their children twice."""
    codes = {_code(c) for c in rows if _code(c)}
    return [c for c in rows if not any(o != _code(c) and o.startswith(_code(c)) for o in codes if _code(c))]


def project_rows(cells: Sequence[Cell]) -> list[Cell]:
    """Rows of the 项目支出 table (项目名称 column or a 项目支出 title), one document."""
    found = [
        c
        for c in cells
        if not c.generic_row
        and ("项目支出" in fold(c.fact.table_title) or "项目名称" in fold(c.fact.column))
        and "绩效" not in c.fact.table_title
    ]
    if not found:
        return []
    found = _one_doc(found)
    table = min({c.fact.table_no or 0 for c in found})
    return [c for c in found if (c.fact.table_no or 0) == table]


def table_rows(
    ctx: Context, docs: Sequence[Document], year: int | None
) -> tuple[list[tuple[str, Decimal, list[Cell]]], str | None]:
    """(row label, value, cells) of the rows the item's table breaks down into, in table order; and what they are
    the rows of when that is an item inside the first (基本支出的商品和服务支出里哪一项)."""
    within: str | None = None
    ids = {d.doc_id for d in docs}
    text = ctx.intent.text
    measure = rank_measure(text, ctx.measure)
    cells = [c for c in ctx.index.cells_of(ids) if c.role == "value" and c.fact.value is not None]
    if year is not None:
        cells = [c for c in cells if c.year == year]
    if not ctx.items:
        if ctx.intent.ranks_projects:
            projects = project_rows(cells)
            if projects:
                return _rows_by_label(projects, measure), within
        level = _asked_level(text)
        top_level = _top_level_spending(cells, text, level or 3)
        return _rows_by_label(top_level, measure, per_code=level is not None) if top_level else [], within
    item = ctx.items[0]
    labels = [fold(x) for x in item.labels]
    titled = [c for c in cells if any(x in fold(c.fact.table_title) for x in labels)]
    if titled and ctx.measure:
        # 财政拨款基本支出的款级里哪一项: the item and the column word together title a table of their own
        both = [c for c in titled if fold(ctx.measure) in fold(c.fact.table_title)]
        titled = both or titled
    rows: list[Cell]
    if titled:
        titled = _one_doc(titled)
        title = min({c.fact.table_title for c in titled}, key=len)
        rows = [c for c in titled if c.fact.table_title == title and not c.generic_row]
        if inner := _under_inner(ctx.items[1:], rows):
            within, rows = inner[0].text, inner[1]
        if not rows:
            if ctx.measure in _COLUMN_WORDS:
                # 财政拨款项目支出里哪一项: the rows under that column, not the columns beside it
                return [], within
            # the items are the columns of a figure row (三公经费表: 因公出国 | 公务接待 | 公务用车...)
            return _columns_as_items([c for c in titled if c.fact.table_title == title], labels), within
        level = _asked_level(text)
        if level is None:
            # 机关运行经费里哪一项: 会议费, not its parent 商品和服务支出
            return _rows_by_label([c for c in _leaves(rows) if not _SUBTOTAL.search(c.row)], measure), within
    else:
        fig = figure(ctx.index, item, doc_ids=ids, year=year, measure=measure)
        parent = _code(fig.cell) if fig else ""
        if not fig or not parent:
            return _rows_in_column(cells, item), within
        rows = [
            c
            for c in cells
            if c.doc.doc_id == fig.cell.doc.doc_id
            and c.fact.table_no == fig.cell.fact.table_no
            and c.fact.table_title == fig.cell.fact.table_title  # unnumbered tables: one, not all of them
            and _code(c).startswith(parent)
            and len(_code(c)) > len(parent)
            and not c.generic_row
        ]
        level = _asked_level(text)
    if not rows:
        return [], within
    rows = [c for c in rows if not _SUBTOTAL.search(c.row)]
    codes = sorted({len(_code(c)) for c in rows if _code(c)})
    if level in codes:  # 项级 / 按科目的款: the rows of that level only, never their parents beside them
        return _rows_by_label([c for c in rows if len(_code(c)) == level], measure, per_code=True), within
    elif codes and re.search(r"[款项]级|明细", text):
        rows = _leaves(rows)  # the most detailed rows printed
    elif codes:
        top = codes[0]
        if level is None:
            # a level with one row answers nothing (一般公共服务支出 → its only 款): rank the level below
            for depth in codes:
                top = depth
                if len({c.row for c in rows if len(_code(c)) == depth}) > 1:
                    break
        rows = [c for c in rows if not _code(c) or len(_code(c)) == top]
    return _rows_by_label(rows, measure), within


def _under_inner(inner: Sequence[Item], rows: Sequence[Cell]) -> tuple[Item, list[Cell]] | None:
    """基本支出表的商品和服务支出里哪一项: an item named after the table's own, printed in it as a coded row,
    bounds the ranking to the rows coded under it; none such, None (the whole table is ranked)."""
    for item in inner:
        labels = {fold(x) for x in item.labels}
        parents = {_code(c) for c in rows if _code(c) and fold(c.row) in labels}
        if len(parents) != 1:
            continue
        code = parents.pop()
        under = [c for c in rows if _code(c).startswith(code) and len(_code(c)) > len(code)]
        if under:
            return item, under
    return None


def _rows_in_column(cells: Sequence[Cell], item: Item) -> list[tuple[str, Decimal, list[Cell]]]:
    """公用经费里哪个科目最多: a column word (公用经费, 人员经费, 项目支出) ranks the coded rows printed in
    that column, at the most detailed level, in the table that prints most of them."""
    name = item.term.name if item.term is not None else _TOTAL_SUFFIX.sub("", item.text)
    if name not in _COLUMN_WORDS:
        return []
    words = measure_words(name)
    inside = [
        c
        for c in cells
        if _code(c)
        and not c.generic_row
        and c.fact.value
        and any(w in c.leaf for w in words)
        and not c.total_col
    ]
    if not inside:
        return _rows_of_total(cells, words)
    tables = Counter((c.doc.doc_id, c.fact.table_no, c.fact.table_title) for c in inside)
    where = tables.most_common(1)[0][0]
    rows = [c for c in inside if (c.doc.doc_id, c.fact.table_no, c.fact.table_title) == where]
    deepest = max(len(_code(c)) for c in rows)
    rows = [c for c in rows if len(_code(c)) == deepest and not _SUBTOTAL.search(c.row)]
    column = Counter(c.fact.column for c in rows).most_common(1)[0][0]
    return [(c.row, c.fact.value or Decimal(0), [c]) for c in rows if c.fact.column == column]


_COLUMN_WORDS = frozenset({"公用经费", "人员经费", "基本支出", "项目支出"})
_TOTAL_SUFFIX = re.compile(r"(?:合计|总计|小计)$")
_MOST_CLASSES = 10  # subsets of at most 2**10 classes are tried


def _rows_of_total(cells: Sequence[Cell], words: Sequence[str]) -> list[tuple[str, Decimal, list[Cell]]]:
    """公用经费里哪一项最多, where a table prints 公用经费合计 as a row under the economic classes (no 公用经费 column):
    the classes are the ones whose printed figures add up to that row (商品和服务支出 + 资本性支出), found by their
    sum, not by their names; their most detailed coded rows are ranked. Nothing when no one set of classes adds up."""
    totals = [
        c
        for c in cells
        if c.fact.value and _TOTAL_SUFFIX.search(c.row) and _TOTAL_SUFFIX.sub("", c.row) in words
    ]
    for total in totals:
        same = [
            c
            for c in cells
            if (c.doc.doc_id, c.fact.table_no, c.fact.table_title, c.fact.column)
            == (total.doc.doc_id, total.fact.table_no, total.fact.table_title, total.fact.column)
        ]
        classes = [c for c in same if len(_code(c)) == 3 and c.fact.value is not None]
        if not 1 < len(classes) <= _MOST_CLASSES:
            continue
        fits = [
            chosen
            for n in range(1, len(classes) + 1)
            for chosen in combinations(classes, n)
            if sum((c.fact.value or Decimal(0) for c in chosen), Decimal(0)) == total.fact.value
        ]
        if len(fits) != 1:
            continue  # no set of classes, or several, add up to the total: which rows it holds is not known
        codes = tuple(_code(c) for c in fits[0])
        rows = [c for c in same if len(_code(c)) > 3 and _code(c).startswith(codes) and c.fact.value]
        if rows:
            deepest = max(len(_code(c)) for c in rows)
            return [(c.row, c.fact.value or Decimal(0), [c]) for c in rows if len(_code(c)) == deepest]
    return []


def _columns_as_items(
    cells: Sequence[Cell], labels: Sequence[str] = ()
) -> list[tuple[str, Decimal, list[Cell]]]:
    """Leaf columns of one figure row as ranked items, without totals and subtotals (their parts are there).

    When the table holds several column groups (三公经费 | 机关运行经费), only the asked item's group counts.
    """
    if not cells:
        return []
    grouped = [c for c in cells if any(x and x in c.column for x in labels)]
    cells = grouped or cells
    row = min(c.fact.row_index for c in cells)
    in_row = [
        c for c in cells if c.fact.row_index == row and not c.total_col and not _SUBTOTAL.search(c.leaf)
    ]
    columns = {c.fact.column for c in in_row}
    leaves = [c for c in in_row if not any(o.startswith(c.fact.column + "/") for o in columns)]
    return [(c.leaf, c.fact.value or Decimal(0), [c]) for c in leaves]


def _rows_by_label(
    rows: Sequence[Cell], measure: str | None, per_code: bool = False
) -> list[tuple[str, Decimal, list[Cell]]]:
    """(label, value, cells) per row label; `per_code`: per 科目编码, as rows of one level are (行政运行 under
    two 款 is two 项, named with their 款)."""
    if not rows:
        return []
    column = _main_column(rows, measure)
    doc_kind = rows[0].doc.doc_kind
    if doc_kind == "决算" and not amount_column_fits(fold(column), measure, doc_kind):
        return []  # 年初预算 asked of a 决算 table that prints only 决算数: not the figure asked for
    if per_code:
        return _rows_by_code(rows, column)
    grouped: dict[str, list[Cell]] = defaultdict(list)
    for c in rows:
        if c.fact.column == column:
            grouped[c.row].append(c)
    out = []
    for label, cs in grouped.items():
        # one item printed under several codes adds up; the same code printed twice (a table repeated
        # under another title, a page's rows read twice) is one figure
        by_code = {(_code(c) or str(i)): c for i, c in enumerate(cs)}
        out.append((label, sum((c.fact.value or Decimal(0) for c in by_code.values()), Decimal(0)), cs))
    return out


def _rows_by_code(rows: Sequence[Cell], column: str) -> list[tuple[str, Decimal, list[Cell]]]:
    grouped: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for c in rows:
        if c.fact.column == column:
            grouped[(c.row, _code(c))].append(c)
    names = Counter(row for row, _ in grouped)
    out = []
    for (row, _), cs in grouped.items():
        parent = cs[0].fact.row_path[-1] if cs[0].fact.row_path else ""
        label = f"{row}（{parent}）" if names[row] > 1 and parent else row
        out.append((label, cs[0].fact.value or Decimal(0), cs))
    return out


def _main_column(rows: Sequence[Cell], measure: str | None) -> str:
    """The column most rows print their main figure in (a total, else the asked measure, else the first)."""

    def rank(c: Cell) -> tuple[int, int, int, int]:
        if measure in ("预算数", "调整预算数", "决算数"):  # which amount: the column's own words decide
            fits = 1 if amount_column_fits(c.column, measure, c.doc.doc_kind) else 0
        else:
            fits = 1 if measure and measure in c.column else 0
        # a 决算 ranks what was spent: its 决算数 column, never the 年初预算 printed beside it
        actual = 0
        if c.doc.doc_kind == "决算" and measure in (None, "决算数"):
            actual = -1 if "决算" in c.column else (1 if "预算" in c.column else 0)
        return (-fits, actual, 0 if c.total_col else (1 if c.generic_col else 2), c.col_pos)

    best: dict[int, Cell] = {}
    for c in rows:
        if c.fact.row_index not in best or rank(c) < rank(best[c.fact.row_index]):
            best[c.fact.row_index] = c
    return Counter(c.fact.column for c in best.values()).most_common(1)[0][0]


# 除了行政运行，哪一项最多 / 除去X以外: what the ranking leaves out
_EXCEPT = re.compile(
    rf"(?:{LEAVE_OUT})([^，,。？?（()）]{{1,16}}?)"
    r"(?:的话|以外|之外|外|在内)?[）)]?(?:[，,]|还|哪)"
)


def excluded(text: str) -> list[str]:
    """The names a question leaves out of a ranking (除了行政运行，…), folded."""
    return [fold(m.group(1)) for m in _EXCEPT.finditer(text)]


# between two items a question lists side by side (A、B和C / A，B，C)
LIST_GAP = re.compile(r"[、，,]?(?:和|与|及|以及|跟|还是)?[、，,]?")


def _listed_entries(ctx: Context, docs: Sequence[Document]) -> list[tuple[Decimal, str, list[Cell]]] | None:
    """The figures of two or more items the question lists side by side, each from its own row of one
    document (in 万元 when they are printed in different units); None when it lists none, or one is not printed
    (a ranking of some of them is not the ranking asked)."""
    text = ctx.masked or ctx.intent.text
    items = sorted(ctx.items, key=lambda it: it.span[0])
    if len(items) < 2 or any(it.span[0] < 0 for it in items):
        return None
    if not all(
        LIST_GAP.fullmatch(text[a.span[1] : b.span[0]]) for a, b in zip(items, items[1:], strict=False)
    ):
        return None
    year = target_year(ctx, docs)
    figs = [
        figure(ctx.index, it, doc_ids=[d.doc_id for d in docs], year=year, measure=ctx.measure)
        for it in items
    ]
    if any(f is None for f in figs):
        return None
    units = {f.unit for f in figs if f is not None}
    out = []
    for it, fig in zip(items, figs, strict=True):
        assert fig is not None
        value = fig.value if len(units) == 1 else convert(fig.value, fig.unit, "万元")[0]
        out.append((value, it.text, [fig.cell]))
    return out


def rank_answer(ctx: Context, base: Answer, groups: dict[str, list[Document]]) -> Answer:
    p = ctx.intent
    if {Op.DELTA, Op.RATE} & p.ops:
        # 哪一项比上年增加最多 / 降幅最大: a ranking of each item's change, which no table prints side by side; the
        # ranking of their amounts is not it
        return replace(
            base,
            answer=compose.refusal("changes_not_listed"),
            kind="rank",
        )
    leave_out = excluded(p.text)
    if leave_out:
        kept = tuple(it for it in ctx.items if not any(fold(it.text) in x for x in leave_out))
        if kept or names_level(p.text):
            # 除了城乡社区支出，哪一类最多: the item named is the one left out of the level's ranking, not its scope
            ctx = replace(ctx, items=kept)
    what = ctx.items[0].text if ctx.items else "支出"
    if ctx.items and ctx.measure in _COLUMN_WORDS and ctx.measure not in what:
        what += ctx.measure  # ranked by that column: 财政拨款基本支出中最多的是…
    reverse = p.rank != "min"
    word = "最多" if reverse else "最少"
    found: list[tuple[Decimal, str, list[Cell]]] = []
    holders: list[list[Document]] = []
    if ctx.items and len(groups) > 1 and not ctx.dept_named and not p.ranks_departments:
        # 人大事务支出里哪一项最多, naming no department: the rows of the one department that prints the item
        holders = [
            docs
            for docs in groups.values()
            if figure(ctx.index, ctx.items[0], doc_ids=[d.doc_id for d in docs], year=target_year(ctx, docs))
        ]
        if len(holders) == 1:
            groups = {holders[0][0].department or holders[0][0].source: holders[0]}
    if ctx.items and len(groups) > 1 and (p.ranks_departments or not ctx.dept_named):
        for docs in groups.values():
            fig = figure(
                ctx.index,
                ctx.items[0],
                doc_ids=[d.doc_id for d in docs],
                year=target_year(ctx, docs),
                measure=ctx.measure,
            )
            if fig is not None:
                # documents print in 元 or 万元: rank in 万元, converting explicitly
                value, _, _ = convert(fig.value, fig.unit, "万元")
                found.append((value, compose.doc_name(fig.cell.doc), [fig.cell]))
        entries = found
        scope = "已导入的部门"
    elif (side_by_side := _listed_entries(ctx, next(iter(groups.values())))) is not None:
        # 工资福利支出、商品和服务支出、对个人和家庭的补助，哪一块最大: the listed items, each by its own row
        docs = next(iter(groups.values()))
        entries = side_by_side
        scope = compose.ranked_among(
            docs[0].department, target_year(ctx, docs), "、".join(it.text for it in ctx.items)
        )
    else:
        docs = next(iter(groups.values()))
        year = target_year(ctx, docs)
        rows, within = table_rows(ctx, docs, year)
        entries = [(v, label, cs) for label, v, cs in rows]
        scope = compose.ranked_among(docs[0].department, year, f"{what}的{within}" if within else what)
        if not ctx.items and not p.ranks_projects:
            scope += _level_words(p.text)
    if leave_out:
        entries = [e for e in entries if not any(fold(e[1]) in x or x in fold(e[1]) for x in leave_out)]
        scope += compose.left_out_said(leave_out)
    if ctx.measure in _COLUMN_WORDS and any(fold(name) == fold(ctx.measure) for _, name, _ in entries):
        entries = []  # 财政拨款项目支出里哪一项, ranked among 基本支出 and 项目支出: the parts of 项目支出 are not printed
    if not entries:
        return replace(base, answer=compose.nothing_to_rank(what), kind="rank")
    entries.sort(key=lambda e: e[0], reverse=reverse)
    units = {c.fact.unit for _, _, cs in entries for c in cs[:1]}
    unit = "万元" if scope == "已导入的部门" or len(units) > 1 else entries[0][2][0].fact.unit
    n = max(1, p.rank_n)
    head = entries[:n]
    if p.rank_at:
        # 第二多: that one place of the ranking, or nothing when fewer rows are printed
        if len(entries) < p.rank_at:
            return replace(base, answer=compose.no_such_place(scope, len(entries), p.rank_at), kind="rank")
        head = entries[p.rank_at - 1 : p.rank_at]
        word = compose.place_word(p.rank_at, most=reverse)
        n = p.rank_at
    shown = [(name, v) for v, name, _ in entries[: max(n, 3)]]
    text = compose.ranking_said(scope, word, [(name, v) for v, name, _ in head], shown, unit, most=reverse)
    cells = [c for _, _, cs in entries[: max(n, 3)] for c in cs]
    return replace(
        base,
        status="answered",
        answer=text,
        value=head[0][0],
        unit=unit,
        citations=compose.citations(cells),
        facts=tuple(c.fact for c in cells),
        kind="rank",
    )
