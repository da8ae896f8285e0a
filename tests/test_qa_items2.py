"""Sums of listed items, rankings within a named classification level, total rows never answering an item.

Synthetic documents with made-up names and figures (one 预算, one 决算 whose tables print 年初预算 beside
决算数); a few real-PDF cases run when ../shared/samples/real is present.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetqa.qa import Answerer
from budgetqa.qa.index import FactIndex
from budgetqa.qa.lookup import names_total, plausible
from budgetqa.qa.matching import Item, lexicon_mentions
from budgetqa.qa.ranking import names_level
from budgetqa.qa.text import fold
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

DEPT = "示例县气象台"
FDEPT = "示例县水文站"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"

Rows = tuple[tuple[str | None, str, tuple[str | None, ...]], ...]
BUDGET: tuple[tuple[int, str, tuple[str, ...], Rows], ...] = (
    (
        1,
        "收支预算总表",
        ("收入/预算数", "支出/预算数"),
        ((None, "收入总计", ("1000", None)), (None, "支出总计", (None, "1000"))),
    ),
    (
        3,
        "支出预算总表",
        ("合计", "基本支出", "项目支出"),
        (
            (None, "合计", ("1000", "600", "400")),
            ("201", "一般公共服务支出", ("300", "200", "100")),
            ("20101", "人大事务", ("300", "200", "100")),
            ("220", "自然资源海洋气象等支出", ("550", "250", "300")),
            ("22005", "气象事务", ("500", "200", "300")),
            ("22099", "其他自然资源海洋气象等支出", ("50", "50", None)),
            ("208", "社会保障和就业支出", ("150", "150", None)),
            ("20805", "行政事业单位养老支出", ("150", "150", None)),
        ),
    ),
    (
        4,
        "部门支出经济分类预算表",
        ("合计",),
        (
            (None, "合计", ("1000",)),
            ("301", "工资福利支出", ("420",)),
            ("30101", "基本工资", ("200",)),
            ("30102", "津贴补贴", ("220",)),
            ("302", "商品和服务支出", ("480",)),
            ("30201", "办公费", ("40",)),
            ("30202", "印刷费", ("15",)),
            ("30207", "邮电费", ("9",)),
            ("30227", "委托业务费", ("416",)),
            ("303", "对个人和家庭的补助", ("100",)),
            ("30302", "退休费", ("100",)),
        ),
    ),
    (9, "“三公”经费预算表", ("合计", "公务接待费", "因公出国(境)费"), ((None, "合计", ("12", "5", "7")),)),
)
FINAL: tuple[tuple[int, str, tuple[str, ...], Rows], ...] = (
    (
        3,
        "一般公共预算财政拨款支出决算表",
        ("年初预算数", "调整预算数", "决算数"),
        (
            (None, "合计", ("900", "880", "860")),
            ("201", "一般公共服务支出", ("100", "100", "90")),
            ("213", "农林水支出", ("800", "780", "770")),
            ("21303", "水利", ("800", "780", "770")),
            ("2130301", "行政运行", ("500", "490", "480")),
        ),
    ),
    (
        5,
        "一般公共预算财政拨款基本支出决算表（按经济分类）",
        ("年初预算数", "决算数"),
        (
            (None, "合计", ("480", "470")),
            ("301", "工资福利支出", ("300", "290")),
            ("302", "商品和服务支出", ("120", "130")),
            ("30201", "办公费", ("20", "18")),
            ("30207", "邮电费", ("6", "7")),
            ("30211", "差旅费", ("30", "26")),
            ("303", "对个人和家庭的补助", ("60", "50")),
        ),
    ),
)


def _facts(doc_id: str, tables: tuple[tuple[int, str, tuple[str, ...], Rows], ...]) -> list[Fact]:
    facts = []
    for no, title, columns, rows in tables:
        for i, (code, name, values) in enumerate(rows):
            for column, value in zip(columns, values, strict=False):
                amount = None if value is None else Decimal(value)
                facts.append(
                    Fact(
                        doc_id,
                        no,
                        title,
                        name,
                        column,
                        amount,
                        value or "",
                        "万元",
                        no + 2,
                        row_code=code,
                        row_index=i,
                    )
                )
    return facts


def _infos(tables: tuple[tuple[int, str, tuple[str, ...], Rows], ...]) -> tuple[TableInfo, ...]:
    return tuple(
        TableInfo(no, title, no + 2, no + 2, "万元", cols, len(rows)) for no, title, cols, rows in tables
    )


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("items2"), embedder=HashEmbedder())
    budget = Document(
        "i2b", "i2b.pdf", "c" * 64, DEPT, 2031, "预算", title="部门预算", pages=9, tables=_infos(BUDGET)
    )
    final = Document(
        "i2f", "i2f.pdf", "e" * 64, FDEPT, 2030, "决算", title="部门决算", pages=9, tables=_infos(FINAL)
    )
    store.add(ParsedDocument(budget, _facts("i2b", BUDGET)))
    store.add(ParsedDocument(final, _facts("i2f", FINAL)))
    return Answerer(store)


# ---- class 1: sums of listed items ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("气象台的办公费、印刷费和邮电费一共花了多少钱", 64),  # 一共花 is the sum word, not 支出总计
        ("气象台办公费加上邮电费加起来是多少", 49),
        ("气象台基本工资、津贴补贴合计", 420),  # 合计 after a list adds the items up
        ("水文站办公费和差旅费总共实际支出多少", 44),  # 决算数 column of the 经济分类 table
    ],
)
def test_listed_items_are_summed_row_by_row(answerer: Answerer, question: str, value: int) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.kind == "sum" and a.value == Decimal(value)
    assert "支出总计" not in a.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("气象台基本支出和项目支出加起来", 1000),  # a measure word listed among the items is a summand
        ("气象台三公经费和办公费一共多少", 52),  # 三公经费 is read from its table's 合计, and stays
    ],
)
def test_listed_measures_and_table_totals_are_summands(answerer: Answerer, question: str, value: int) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.kind == "sum" and a.value == Decimal(value)


def test_sum_with_a_missing_item_names_it_and_gives_no_value(answerer: Answerer) -> None:
    a = answerer.ask("气象台办公费、差旅费、邮电费加起来多少")
    assert a.status == "not_found" and a.value is None
    assert "差旅费" in a.answer and "不是所问的合计" in a.answer


def test_single_item_with_a_sum_word_is_a_lookup(answerer: Answerer) -> None:
    a = answerer.ask("气象台办公费一共花了多少")
    assert a.status == "answered" and a.value == Decimal(40)


def _one_doc_store(tmp_path: Path, tables: tuple[tuple[int, str, tuple[str, ...], Rows], ...]) -> Answerer:
    store = Store(tmp_path / "one", embedder=HashEmbedder())
    doc = Document("i2o", "i2o.pdf", "9" * 64, DEPT, 2031, "预算", pages=9, tables=_infos(tables))
    store.add(ParsedDocument(doc, _facts("i2o", tables)))
    return Answerer(store)


def test_sum_keeps_an_item_split_over_codes(tmp_path: Path) -> None:
    tables = (
        (
            5,
            "项目支出预算表",
            ("金额",),
            (("2010301", "宣传类", ("3",)), ("2050803", "宣传类", ("9",)), ("2010302", "运维类", ("50",))),
        ),
    )
    a = _one_doc_store(tmp_path, tables).ask("气象台宣传类和运维类项目合计多少钱")
    assert a.status == "answered" and a.value == Decimal(62)


def test_sum_is_not_read_from_a_summary_table_printing_everything(tmp_path: Path) -> None:
    tables = (
        (1, "收支总表", ("支出/预算数",), ((None, "住房公积金", ("30",)), (None, "购房补贴", ("40",)))),
        (
            3,
            "支出总表",
            ("支出总计",),
            (("2210201", "住房公积金", ("30",)), ("2210203", "购房补贴", ("40",))),
        ),
        (8, "一般公共预算支出表（按经济分类）", ("支出总计",), (("30113", "住房公积金", ("30",)),)),
    )
    a = _one_doc_store(tmp_path, tables).ask("气象台住房公积金和购房补贴一共多少")
    assert a.status == "answered" and a.value == Decimal(70)
    first: dict[str | None, str | None] = {}
    for c in a.citations:
        first.setdefault(c.row, c.table)
    assert first == {"住房公积金": "表3 支出总表", "购房补贴": "表3 支出总表"}  # one table, not the summary


# ---- class 2: ranking within a classification level named in words -----------------------------
@pytest.mark.parametrize(
    ("question", "top", "value"),
    [
        ("气象台的钱主要花在哪（按功能分类的类）最多", "自然资源海洋气象等支出", 550),
        ("气象台按功能分类哪个款最大", "气象事务", 500),
        ("气象台按经济分类看哪一类最多", "商品和服务支出", 480),
        ("气象台经济分类里哪个款花钱最多", "委托业务费", 416),
        ("水文站功能分类哪一类支出最多", "农林水支出", 770),  # 决算数, not 年初预算
        ("水文站按经济分类哪一类最少", "对个人和家庭的补助", 50),
        ("水文站功能分类哪一类年初预算最多", "农林水支出", 800),  # the asked column when printed
    ],
)
def test_rank_within_named_level(answerer: Answerer, question: str, top: str, value: int) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.kind == "rank" and a.value == Decimal(value)
    assert f"是{top}" in a.answer and "合计" not in a.answer


def test_rank_of_a_budget_column_a_final_table_lacks_is_not_found(tmp_path: Path) -> None:
    tables = (
        (
            3,
            "支出决算表",
            ("本年支出合计",),
            (("201", "一般公共服务支出", ("90",)), ("213", "农林水支出", ("70",))),
        ),
    )
    store = Store(tmp_path / "f", embedder=HashEmbedder())
    doc = Document("i2x", "i2x.pdf", "8" * 64, FDEPT, 2030, "决算", pages=9, tables=_infos(tables))
    store.add(ParsedDocument(doc, _facts("i2x", tables)))
    a = Answerer(store).ask("水文站哪一类支出年初预算最多")
    assert a.status == "not_found" and a.value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("按功能分类的类", True), ("经济分类里哪个款", True), ("哪个款最大", True), ("办公费是多少", False)],
)
def test_names_level(text: str, expected: bool) -> None:
    assert names_level(text) is expected


def test_classification_headings_are_not_items() -> None:
    facts = [Fact("h", 1, "支出表", "办公费", "支出功能分类科目/合计", Decimal(1), "1", "万元", 1)]
    doc = Document("h", "h.pdf", "a" * 64, DEPT, 2031, "预算", pages=1)
    labels = FactIndex([doc], facts).labels
    assert "支出功能分类科目" not in labels and "办公费" in labels


# ---- class 3 and 4: total rows never answer an item; 决算 measures pick their own columns ----------
def test_total_row_is_not_plausible_for_an_item(answerer: Answerer) -> None:
    index = answerer.snapshot().index
    total = next(c for c in index.cells if c.row == "合计" and c.fact.table_no == 4)
    office = lexicon_mentions(fold("办公费"))[0]
    assert not plausible(total, office)
    assert names_total(lexicon_mentions(fold("支出总计"))[0])
    assert plausible(total, Item("合计", ("合计",), 1.0))


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("水文站差旅费决算数", 26),
        ("水文站差旅费实际支出多少", 26),
        ("水文站差旅费年初预算是多少", 30),
        ("水文站行政运行调整预算数", 490),
        ("水文站行政运行年初预算", 500),
    ],
)
def test_final_accounts_measures(answerer: Answerer, question: str, value: int) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == Decimal(value)


# ---- real PDFs -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    pdf = REAL / "2024_上海市普陀区财政局_部门决算.pdf"
    if not pdf.exists():
        pytest.skip("../shared/samples/real is absent")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path_factory.mktemp("items2real"), embedder=HashEmbedder())
    ingest_paths(store, [pdf])
    return Answerer(store)


def test_real_listed_item_stated_in_the_text(tmp_path: Path) -> None:
    pdf = REAL / "2025_上海市普陀区人民政府办公室_部门预算.pdf"
    if not pdf.exists():
        pytest.skip("../shared/samples/real is absent")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path / "home", embedder=HashEmbedder())
    ingest_paths(store, [pdf])
    a = Answerer(store).ask("区府办公务接待费和公务用车运行维护费合计")
    # the 运行费 cell is blank; the text states 0: a sum of both, citing the sentence
    assert a.status == "answered" and a.kind == "sum" and a.value == Decimal("28.50")
    assert any(c.table is None for c in a.citations)


@pytest.mark.parametrize(
    ("question", "value", "kind"),
    [
        ("财政局办公费、印刷费、邮电费一共花了多少", Decimal("33.70"), "sum"),
        ("财政局按功能分类哪一类支出最多", Decimal("2106.66"), "rank"),
        ("财政局经济分类里哪个款最多", Decimal("1238.58"), "rank"),
    ],
)
def test_real_final_accounts(real: Answerer, question: str, value: Decimal, kind: str) -> None:
    a = real.ask(question)
    assert a.status == "answered" and a.kind == kind and a.value == value
