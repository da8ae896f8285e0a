"""Table items: exact row names, totals, 决算 columns, empty tables, breakdown columns, ranking levels.

Synthetic documents with made-up names and figures (one 预算, one 决算) exercise each class; a few
real-PDF cases run when ../shared/samples/real is present.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from real_samples import first_three

from budgetqa.qa import Answerer
from budgetqa.qa.index import FactIndex, scheme_of
from budgetqa.qa.lookup import blank_cells, same_meaning
from budgetqa.qa.matching import fuzzy_items, label_mentions, lexicon_mentions, merge_mentions
from budgetqa.qa.ranking import rank_measure
from budgetqa.qa.text import fold
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

DEPT = "样例市档案馆"
KDEPT = "样例区测绘局"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"

# (table_no, title, unit, columns, rows: (code, name, values...))
BUDGET_TABLES: tuple[
    tuple[int, str, tuple[str, ...], tuple[tuple[str | None, str, tuple[str | None, ...]], ...]], ...
] = (
    (
        1,
        "收支预算总表",
        ("收入/预算数", "支出/预算数"),
        (
            (None, "一、财政拨款收入", ("880", None)),
            (None, "一、一般公共服务支出", (None, "700")),
            (None, "二、社会保障和就业支出", (None, "180")),
            (None, "收入总计", ("900", None)),
            (None, "支出总计", (None, "900")),
        ),
    ),
    (
        3,
        "支出预算总表",
        ("合计", "基本支出", "项目支出"),
        (
            (None, "合计", ("900", "500", "400")),
            ("201", "一般公共服务支出", ("700", "300", "400")),
            ("20103", "政府办公厅(室)及相关机构事务", ("700", "300", "400")),
            ("2010301", "行政运行", ("300", "300", None)),
            ("2010302", "一般行政管理事务", ("250", None, "250")),
            ("2010350", "事业运行", ("150", None, "150")),
            ("208", "社会保障和就业支出", ("180", "180", None)),
            ("2080501", "行政单位离退休", ("60", "60", None)),
            ("2080505", "机关事业单位基本养老保险缴费支出", ("120", "120", None)),
        ),
    ),
    (
        4,
        "基本支出预算表",
        ("合计", "人员经费", "公用经费"),
        (
            (None, "合计", ("480", "420", "60")),
            ("301", "工资福利支出", ("330", "330", None)),
            ("30101", "基本工资", ("120", "120", None)),
            ("30102", "津贴补贴", ("150", "150", None)),
            ("30103", "奖金", ("60", "60", None)),
            ("302", "商品和服务支出", ("60", None, "60")),
            ("30201", "办公费", ("25", None, "25")),
            ("30211", "差旅费", ("35", None, "35")),
            ("303", "对个人和家庭的补助", ("90", "90", None)),
            ("30301", "离休费", ("12", "12", None)),
            ("30302", "退休费", ("48", "48", None)),
        ),
    ),
    (
        5,
        "一般公共预算支出功能分类预算表",
        ("合计", "基本支出", "项目支出"),
        ((None, "合计", ("880", "480", "400")), ("201", "一般公共服务支出", ("700", "300", "400"))),
    ),
    (
        9,
        "一般公共预算“三公”经费支出表",
        ("合计", "公务接待费"),
        ((None, "合计", ("30", "30")),),
    ),
    (
        6,
        "政府采购预算表",
        ("合计", "货物", "工程", "服务"),
        ((None, "合计", ("77", "20", "0", "57")),),
    ),
    (
        7,
        "政府性基金预算支出表",
        ("合计",),
        ((None, "合计", ("0",)),),
    ),
    (
        8,
        "项目支出预算表",
        ("金额",),
        (
            ("2010302", "档案数字化", ("250",)),
            ("2010350", "馆藏修复", ("150",)),
        ),
    ),
)
EMPTY_NOTE = "本单位无政府性基金预算支出，故本表为空表。"

# a 决算 with 年初预算 and 决算数 columns and a blank 决算数 cell
FINAL_TABLES: tuple[
    tuple[int, str, tuple[str, ...], tuple[tuple[str | None, str, tuple[str | None, ...]], ...]], ...
] = (
    (
        3,
        "支出决算表",
        ("本年支出合计", "基本支出", "项目支出"),
        (
            (None, "合计", ("610", "410", "200")),
            ("2010301", "行政运行", ("410", "410", None)),
            ("2010302", "一般行政管理事务", ("200", None, "200")),
        ),
    ),
    (
        5,
        "一般公共预算财政拨款支出决算表",
        ("年初预算数", "调整预算数", "决算数"),
        (("2010301", "行政运行", ("420", "415", "410")),),
    ),
    (
        7,
        "财政拨款“三公”经费支出决算表",
        ("合计/预算数", "合计/决算数", "公务接待费/预算数", "公务接待费/决算数"),
        ((None, "合计", ("3", None, "3", None)),),
    ),
)


def _facts(doc_id: str, tables: tuple, unit: str = "万元") -> list[Fact]:  # type: ignore[type-arg]
    facts = []
    for no, title, columns, rows in tables:
        for i, (code, name, values) in enumerate(rows):
            for column, value in zip(columns, values, strict=False):
                if column == "项目名称":
                    continue
                note = EMPTY_NOTE if "基金" in title else None
                facts.append(
                    Fact(
                        doc_id,
                        no,
                        title,
                        name,
                        column,
                        None if value is None else Decimal(value),
                        value or "",
                        unit,
                        no + 2,
                        row_code=code,
                        row_index=i,
                        note=note,
                    )
                )
    return facts


def _infos(tables: tuple) -> tuple[TableInfo, ...]:  # type: ignore[type-arg]
    return tuple(
        TableInfo(
            no, title, no + 2, no + 2, "万元", columns, len(rows), EMPTY_NOTE if "基金" in title else None
        )
        for no, title, columns, rows in tables
    )


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("items"), embedder=HashEmbedder())
    budget = Document(
        "itb1",
        "itb1.pdf",
        "b" * 64,
        DEPT,
        2030,
        "预算",
        title="部门预算",
        pages=20,
        tables=_infos(BUDGET_TABLES),
    )
    final = Document(
        "itf1",
        "itf1.pdf",
        "f" * 64,
        KDEPT,
        2029,
        "决算",
        title="部门决算",
        pages=20,
        tables=_infos(FINAL_TABLES),
    )
    store.add(ParsedDocument(budget, _facts("itb1", BUDGET_TABLES)))
    store.add(ParsedDocument(final, _facts("itf1", FINAL_TABLES)))
    return Answerer(store)


def _ask(answerer: Answerer, question: str) -> tuple[str, Decimal | None, str]:
    a = answerer.ask(question)
    return a.status, a.value, a.answer


# ---- class 1: exact names, classification, no cross-scope "disagreement" ----------------------
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("档案馆退休费多少钱", Decimal(48)),  # 经济 30302, not 功能 行政单位离退休
        ("档案馆的离休费", Decimal(12)),
        ("档案馆办公费是多少", Decimal(25)),
        ("档案馆行政运行安排了多少", Decimal(300)),
    ],
)
def test_exact_row_name_and_classification(answerer: Answerer, question: str, value: Decimal) -> None:
    status, got, text = _ask(answerer, question)
    assert status == "answered" and got == value
    assert "不一致" not in text


def test_retirement_words_are_separate_terms() -> None:
    names = [it.text for it in lexicon_mentions(fold("退休费和离休费"))]
    assert names == ["退休费", "离休费"]


def test_scheme_of_codes_and_titles() -> None:
    def fact(code: str | None, title: str) -> Fact:
        return Fact("d", 1, title, "x", "合计", Decimal(1), "1", "万元", 1, row_code=code)

    assert scheme_of(fact("30302", "任意表")) == "经济"
    assert scheme_of(fact("2080501", "任意表")) == "功能"
    assert scheme_of(fact(None, "一般公共预算支出表（按经济分类）")) == "经济"
    assert scheme_of(fact(None, "收支总表")) is None


def test_different_scopes_never_disagree(answerer: Answerer) -> None:
    index = answerer.snapshot().index
    basic = next(c for c in index.cells if c.row == "合计" and c.fact.table_no == 4 and c.leaf == "合计")
    total = next(c for c in index.cells if c.row == "合计" and c.fact.table_no == 3 and c.leaf == "合计")
    assert not same_meaning(basic, total)
    assert same_meaning(basic, basic)


def test_same_scope_tables_still_disagree(tmp_path: Path) -> None:
    # the same row and column in two views of the same money (功能分类 and a plain 支出表) must agree
    store = Store(tmp_path / "h", embedder=HashEmbedder())
    titles = {2: "一般公共预算支出表", 3: "一般公共预算支出表（按功能分类）"}
    facts = [
        Fact("dis1", no, title, "教育支出", "合计", Decimal(v), v, "万元", no, row_code="205")
        for (no, title), v in zip(titles.items(), ("100", "90"), strict=True)
    ]
    infos = tuple(TableInfo(no, title, no, no, "万元", ("合计",)) for no, title in titles.items())
    doc = Document("dis1", "dis1.pdf", "d" * 64, DEPT, 2030, "预算", pages=5, tables=infos)
    store.add(ParsedDocument(doc, facts))
    answer = Answerer(store).ask("档案馆教育支出是多少")
    assert answer.status == "answered" and "不一致" in answer.answer


# ---- class 2: totals and headline items ----------------------------------------------------------
@pytest.mark.parametrize("question", ["档案馆收入预算是多少", "档案馆收支预算总计", "档案馆部门收入多少"])
def test_headline_totals(answerer: Answerer, question: str) -> None:
    status, got, _ = _ask(answerer, question)
    assert status == "answered" and got == Decimal(900)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("档案馆一般公共预算支出是多少", 880),  # the source's own table, not its 三公 table
        ("档案馆一般公共预算项目支出", 400),  # the measure column of that table's 合计 row
    ],
)
def test_fund_source_totals(answerer: Answerer, question: str, value: int) -> None:
    status, got, _ = _ask(answerer, question)
    assert status == "answered" and got == Decimal(value)


def test_staff_cost_total_is_a_column_of_the_basic_table(answerer: Answerer) -> None:
    status, got, _ = _ask(answerer, "档案馆人员经费合计多少")
    assert status == "answered" and got == Decimal(420)


# ---- class 3: 决算 columns and blank cells ------------------------------------------------------
def test_final_accounts_columns(answerer: Answerer) -> None:
    assert _ask(answerer, "测绘局行政运行实际花了多少")[1] == Decimal(410)
    assert _ask(answerer, "测绘局基本支出决算数")[1] == Decimal(410)
    assert _ask(answerer, "测绘局项目支出决算多少")[1] == Decimal(200)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("测绘局行政运行年初预算数是多少", 420),  # 一般公共预算 in the title is a fund, not the column
        ("测绘局行政运行调整预算", 415),
        ("测绘局行政运行执行数", 410),
    ],
)
def test_final_accounts_column_groups(answerer: Answerer, question: str, value: int) -> None:
    status, got, _ = _ask(answerer, question)
    assert status == "answered" and got == Decimal(value)


def test_blank_final_cell_is_reported_not_zero(answerer: Answerer) -> None:
    snap = answerer.snapshot()
    item = lexicon_mentions(fold("公务接待费"))[0]
    cells = blank_cells(snap.index, item, doc_ids=["itf1"], year=2029, measure="决算数")
    assert cells and all(c.fact.value is None and "决算数" in c.fact.column for c in cells)
    # a printed figure answers the 预算数: nothing blank to report
    assert blank_cells(snap.index, item, doc_ids=["itf1"], year=2029, measure="预算数") == ()


# ---- class 4 and 5: empty tables, procurement breakdowns ----------------------------------------
def test_empty_fund_table_answers_zero(answerer: Answerer) -> None:
    status, got, _ = _ask(answerer, "档案馆政府性基金支出多少")
    assert status == "answered" and got == Decimal(0)


@pytest.mark.parametrize(("question", "value"), [("档案馆货物采购多少", 20), ("档案馆服务类采购预算", 57)])
def test_procurement_breakdown_columns(answerer: Answerer, question: str, value: int) -> None:
    status, got, _ = _ask(answerer, question)
    assert status == "answered" and got == Decimal(value)


# ---- nesting: X中的Y scopes Y, X is not a second item -------------------------------------------
def test_parent_scopes_child() -> None:
    text = fold("商品和服务支出中的差旅费")
    items = merge_mentions([], lexicon_mentions(text), [])
    assert [it.text for it in items] == ["差旅费"]
    assert "商品和服务支出" in items[0].within


def test_label_tiled_by_everyday_words() -> None:
    # one template prints 一般公共预算基本支出 as a column; the question means source + measure everywhere
    doc = Document("t1", "t1.pdf", "t" * 64, DEPT, 2030, "预算")
    fact = Fact("t1", 8, "基本支出表", "合计", "一般公共预算基本支出/合计", Decimal(1), "1", "万元", 3)
    index = FactIndex([doc], [fact])
    assert label_mentions(fold("一般公共预算基本支出是多少"), index) == []
    kept = label_mentions(fold("一般公共预算基本支出决算数"), index)  # 决算 is the measure: keep the label
    assert [it.text for it in kept] == ["一般公共预算基本支出"]


def test_share_keeps_both_sides() -> None:
    text = fold("三公经费中公务接待费占多少")
    assert len(merge_mentions([], lexicon_mentions(text), [])) == 2


# ---- class 6: ranking levels --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("档案馆工资福利支出中哪一项最多", "津贴补贴"),
        ("档案馆按功能分类哪一类支出最大", "一般公共服务支出"),
        ("档案馆哪个项目预算最多", "档案数字化"),
        ("档案馆政府办公厅(室)及相关机构事务下哪个项目支出最多", "行政运行"),
    ],
)
def test_rank_levels(answerer: Answerer, question: str, top: str) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.kind == "rank"
    assert f"最多的是{top}" in a.answer


def test_rank_measure_project_rows() -> None:
    assert rank_measure("哪个项目支出最多", "项目支出") is None
    assert rank_measure("哪一类项目支出最多", "项目支出") == "项目支出"


# ---- real PDFs ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    pdfs = first_three(REAL)
    if not pdfs:
        pytest.skip("../shared/samples/real is absent")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path_factory.mktemp("realitems"), embedder=HashEmbedder())
    if not any(r.status == "ingested" for r in ingest_paths(store, pdfs)):
        pytest.skip("the ingester could not read the real samples")
    return Answerer(store)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("江苏人大办公厅2017年的退休费", Decimal("1395.28")),
        ("区府办2025年离休费预算多少", Decimal("114940")),
        ("财政局2024年行政运行决算数", Decimal("1511.89")),
        ("人大办公厅2017年机关运行经费中的物业管理费", Decimal("456")),
    ],
)
def test_real_items(real: Answerer, question: str, value: Decimal) -> None:
    a = real.ask(question)
    assert a.status == "answered" and a.value == value


def test_rank_columns_of_a_single_figure_row(tmp_path: Path) -> None:
    # a 三公 table printed as one row whose items are columns, beside another column group
    store = Store(tmp_path / "h", embedder=HashEmbedder())
    title = "“三公”经费和机关运行经费预算表"
    columns = {
        "“三公”经费预算数/合计": "60",
        "“三公”经费预算数/因公出国(境)费": "5",
        "“三公”经费预算数/公务接待费": "40",
        "“三公”经费预算数/公务用车购置及运行费/小计": "15",
        "“三公”经费预算数/公务用车购置及运行费/运行费": "15",
        "机关运行经费预算数": "300",
    }
    facts = [
        Fact("col1", 9, title, "", column, Decimal(v), v, "万元", 9, row_index=0)
        for column, v in columns.items()
    ]
    info = (TableInfo(9, title, 9, 9, "万元", tuple(columns)),)
    doc = Document("col1", "col1.pdf", "c" * 64, DEPT, 2031, "预算", pages=10, tables=info)
    store.add(ParsedDocument(doc, facts))
    answer = Answerer(store).ask("档案馆2031年三公经费哪项最多")
    assert answer.status == "answered" and answer.value == Decimal(40)
    assert "公务接待费" in answer.answer and "机关运行经费" not in answer.answer


def test_catch_all_rows_match_only_when_asked(tmp_path: Path) -> None:
    # "哪个项目最多" must rank the projects, not take the catch-all row 其他项目 as the item
    store = Store(tmp_path / "h", embedder=HashEmbedder())
    title = "项目支出表"
    rows = [("2019999", "其他项目", "30"), ("2019999", "档案数字化", "50"), ("2019999", "库房维护", "20")]
    facts = [
        Fact("cat1", 5, title, name, "项目支出合计", Decimal(v), v, "万元", 5, row_code=code, row_index=i)
        for i, (code, name, v) in enumerate(rows)
    ]
    info = (TableInfo(5, title, 5, 5, "万元", ("项目支出合计",)),)
    doc = Document("cat1", "cat1.pdf", "e" * 64, DEPT, 2032, "预算", pages=6, tables=info)
    store.add(ParsedDocument(doc, facts))
    answerer = Answerer(store)
    top = answerer.ask("档案馆2032年哪个项目预算最多？")
    assert top.status == "answered" and top.value == Decimal(50) and "档案数字化" in top.answer
    other = answerer.ask("档案馆2032年其他项目预算多少")
    assert other.value == Decimal(30)
    index = FactIndex([doc], facts)

    def close(query: str, labels: list[str]) -> list[float]:
        return [1.0] * len(labels)  # an embedder that finds every label close (as a real one may)

    assert "其他项目" not in {it.text for it in fuzzy_items("哪个项目预算最多", index, close)}
    assert "其他项目" in {it.text for it in fuzzy_items("其他项目预算", index, close)}
