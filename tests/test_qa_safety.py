"""Classes of confidently wrong numbers: shares over 100%, a total given for a breakdown, counts of the
wrong noun, 决算 rates against the wrong year, cross-department rankings at one year.

Small synthetic documents with made-up names and figures; every expected value is derived from them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetqa.qa import Answerer
from budgetqa.qa.safety import breakdown_items, implausible_share
from budgetqa.store import Chunk, Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

BUDGET = "虚构县农机站"
FINAL = "虚构县气象台"
OTHER = "虚构县档案室"

Row = tuple[str | None, str, tuple[str | None, ...]]
Table = tuple[int, str, tuple[str, ...], tuple[Row, ...]]

BUDGET_TABLES: tuple[Table, ...] = (
    (1, "收支预算总表", ("支出/预算数",), ((None, "支出总计", ("900",)),)),
    (
        3,
        "支出预算总表",
        ("合计", "基本支出", "项目支出"),
        (
            (None, "合计", ("900", "500", "400")),
            ("201", "一般公共服务支出", ("900", "500", "400")),
        ),
    ),
    (
        6,
        "一般公共预算支出预算表（按经济分类）",
        ("合计", "基本支出", "项目支出"),
        (
            (None, "合计", ("900", "500", "400")),
            ("302", "商品和服务支出", ("260", "180", "80")),
            ("30227", "委托业务费", ("60", "15", "45")),
            ("30216", "培训费", ("0", None, "4")),  # a misprinted 0 合计
        ),
    ),
    (
        11,
        "培训费预算表",
        ("合计",),
        ((None, "培训费", ("8",)),),
    ),
    (
        9,
        "政府采购预算表",
        ("合计", "货物", "工程", "服务"),
        ((None, "合计", ("120", "30", "0", "90")),),
    ),
    (
        10,
        "“三公”经费支出预算表",
        ("合计",),
        ((None, "合计", ("75",)),),
    ),
)
FINAL_TABLES: tuple[Table, ...] = (
    (1, "收入支出决算总表", ("支出/决算数",), ((None, "支出总计", ("180",)),)),
    (
        5,
        "一般公共预算财政拨款支出决算表",
        ("年初预算数", "决算数"),
        (
            (None, "合计", ("200", "180")),
            ("201", "一般公共服务支出", ("160", "144")),
            ("208", "社会保障和就业支出", ("40", "36")),
        ),
    ),
    (
        7,
        "财政拨款“三公”经费支出决算表",
        ("决算数",),
        ((None, "合计", ("20",)),),
    ),
)
OTHER_TABLES: tuple[Table, ...] = (
    (1, "收支预算总表", ("支出/预算数",), ((None, "支出总计", ("50",)),)),
    (
        7,
        "“三公”经费支出预算表",
        ("合计",),
        ((None, "合计", ("40",)),),
    ),
)
BUDGET_TEXT = (
    "本部门共有编制人数70人，在职人员65名。",
    "本部门共有公务用车3辆，单价50万元以上的通用设备2台（套）。",
)

OTHER_TEXT = ("本部门商品和服务支出30万元，主要用于日常办公。",)


def _facts(doc_id: str, tables: tuple[Table, ...]) -> list[Fact]:
    facts = []
    for no, title, columns, rows in tables:
        for i, (code, name, values) in enumerate(rows):
            for column, value in zip(columns, values, strict=False):
                facts.append(
                    Fact(
                        doc_id,
                        no,
                        title,
                        name,
                        column,
                        None if value is None else Decimal(value),
                        value or "",
                        "万元",
                        no + 2,
                        row_code=code,
                        row_index=i,
                    )
                )
    return facts


def _parsed(doc_id: str, dept: str, year: int, kind: str, tables: tuple[Table, ...]) -> ParsedDocument:
    infos = tuple(
        TableInfo(no, title, no + 2, no + 2, "万元", columns, len(rows))
        for no, title, columns, rows in tables
    )
    title = "部门决算" if kind == "决算" else "部门预算"
    doc = Document(
        doc_id, f"{doc_id}.pdf", doc_id[0] * 64, dept, year, kind, title=title, pages=20, tables=infos
    )
    text = {BUDGET: BUDGET_TEXT, OTHER: OTHER_TEXT}.get(dept, ())
    chunks = [
        Chunk(f"{doc_id}:n{i}", doc_id, line, "narrative", 3, 3, "其他相关情况说明")
        for i, line in enumerate(text)
    ]
    return ParsedDocument(document=doc, facts=_facts(doc_id, tables), chunks=chunks)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("safety"), embedder=HashEmbedder())
    store.add(_parsed("asb1", BUDGET, 2031, "预算", BUDGET_TABLES))
    store.add(_parsed("csf1", FINAL, 2030, "决算", FINAL_TABLES))
    store.add(_parsed("dso1", OTHER, 2029, "预算", OTHER_TABLES))
    return Answerer(store)


@pytest.mark.parametrize(
    ("part", "whole", "bad"),
    [("45", "60", False), ("60", "60", False), ("400", "60", True), ("-5", "60", False), ("0", "0", False)],
)
def test_implausible_share(part: str, whole: str, bad: bool) -> None:
    assert implausible_share(Decimal(part), Decimal(whole)) is bad


@pytest.mark.parametrize(
    "question",
    [f"{BUDGET}委托业务费里面项目支出占了多少", f"{BUDGET}项目支出占委托业务费的几成"],
)
def test_share_reads_the_part_inside_the_wholes_row(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.value == Decimal("75.00")  # 45 of 60, never 400 of 60


def test_share_whole_of_zero_gives_way_to_a_printed_figure(answerer: Answerer) -> None:
    answer = answerer.ask(f"{BUDGET}培训费里面项目支出占几成")
    assert answer.status == "answered", answer.answer
    assert answer.value == Decimal("50.00")


def test_share_never_above_one_hundred(answerer: Answerer) -> None:
    answer = answerer.ask(f"{BUDGET}三公经费里面政府采购占几成")  # 120 is no part of 75
    assert answer.status == "not_found"
    assert answer.value is None and "大于" in answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (f"{BUDGET}政府采购里买服务花多少", Decimal("90")),
        (f"{BUDGET}政府采购中货物采购是多少", Decimal("30")),
        (f"{BUDGET}政府采购里服务采购占几成", Decimal("75.00")),
    ],
)
def test_procurement_breakdown_is_not_the_total(answerer: Answerer, question: str, value: Decimal) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.value == value


def test_breakdown_nowhere_printed_is_not_found(answerer: Answerer) -> None:
    answer = answerer.ask(f"{OTHER}政府采购里服务采购是多少")  # 商品和服务支出 is no procurement
    assert answer.status == "not_found", answer.answer
    assert answer.value is None


def test_breakdown_items_adds_the_asked_column() -> None:
    from budgetqa.qa.matching import Item

    total = Item("政府采购", ("政府采购",), 0.9, (0, 4))
    names = [it.text for it in breakdown_items("政府采购里买服务花多少", [total])]
    assert names == ["政府采购", "服务采购"]
    assert [it.text for it in breakdown_items("三公经费多少", [])] == []


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        (f"{BUDGET}有几辆公务用车", Decimal(3), "辆"),
        (f"{BUDGET}编制有多少人", Decimal(70), "人"),
        (f"{BUDGET}单价50万元以上的通用设备有几台", Decimal(2), "台"),
    ],
)
def test_count_of_the_asked_noun(answerer: Answerer, question: str, value: Decimal, unit: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.value == value and answer.unit == unit
    assert answer.answer.startswith(f"{value}{unit}")


def test_count_prints_the_unit_in_full(answerer: Answerer) -> None:
    answer = answerer.ask(f"{BUDGET}单价50万元以上的通用设备有几台")
    assert answer.answer.startswith("2台（套）。")


@pytest.mark.parametrize("question", [f"{BUDGET}有多少名党员", f"{BUDGET}有几个处室"])
def test_count_of_another_noun_is_not_found(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "not_found", answer.answer
    assert answer.value is None


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (f"{FINAL}一般公共服务支出决算数是年初预算的百分之几", Decimal("90.00")),
        (f"{FINAL}社会保障和就业支出决算数占年初预算的比例", Decimal("90.00")),
    ],
)
def test_final_accounts_rate_uses_its_own_columns(answerer: Answerer, question: str, value: Decimal) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.value == value and answer.unit == "%"


def test_ranking_every_department_at_its_own_year(answerer: Answerer) -> None:
    answer = answerer.ask("这几个部门里谁的三公经费花得最多")
    assert answer.status == "answered", answer.answer
    assert answer.value == Decimal(75)
    for name, year in ((BUDGET, 2031), (FINAL, 2030), (OTHER, 2029)):
        assert f"{name}{year}年" in answer.answer


def test_who_spends_most_compares_departments_not_categories(answerer: Answerer) -> None:
    answer = answerer.ask("这几个部门里谁花得最多")
    assert answer.status == "answered", answer.answer
    assert answer.value == Decimal(900) and answer.kind == "rank"
    for name, year in ((BUDGET, 2031), (FINAL, 2030), (OTHER, 2029)):
        assert f"{name}{year}年" in answer.answer
