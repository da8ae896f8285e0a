"""Templates the seed sample does not have, built in code with made-up names and figures:
a row-oriented 三公 table with printed 增减/增长率 columns, figures in 元, and two tables disagreeing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetqa.qa import Answerer
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

DEPT = "测试县示例管理局"
SG_TITLE = "一般公共预算“三公”经费支出预算表"
SG_COLUMNS = ("2024年预算数", "2023年预算数", "增减", "增长率(%)")
SG_ROWS = {
    "合计": ("130", "150", "-20", "-13.33"),
    "因公出国（境）费": ("0", "0", "0", "0"),
    "公务接待费": ("40", "50", "-10", "-20.00"),
    "公务用车购置及运行维护费": ("90", "100", "-10", "-10.00"),
}


def _facts(doc_id: str) -> list[Fact]:
    facts = []
    for i, (row, values) in enumerate(SG_ROWS.items()):
        for column, value in zip(SG_COLUMNS, values, strict=True):
            facts.append(
                Fact(doc_id, 5, SG_TITLE, row, column, Decimal(value), value, "万元", 9, row_index=i)
            )
    # 元-denominated economic table, and two tables disagreeing about 教育支出
    facts.append(
        Fact(doc_id, 4, "基本支出预算表", "办公费", "合计", Decimal("123456"), "123,456.00", "元", 8, "30201")
    )
    facts.append(Fact(doc_id, 2, "支出预算总表", "教育支出", "合计", Decimal("100"), "100", "万元", 6, "205"))
    facts.append(
        Fact(doc_id, 3, "财政拨款支出预算表", "教育支出", "合计", Decimal("90"), "90", "万元", 7, "205")
    )
    return facts


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("synthetic"), embedder=HashEmbedder())
    tables = (
        TableInfo(5, SG_TITLE, 9, 9, "万元", ("项目", *SG_COLUMNS)),
        TableInfo(4, "基本支出预算表", 8, 8, "元", ("科目编码", "科目名称", "合计")),
    )
    doc = Document(
        "syn1", "syn1.pdf", "syn1" * 16, DEPT, 2024, "预算", title="部门预算", pages=10, tables=tables
    )
    store.add(ParsedDocument(doc, _facts("syn1")))
    return Answerer(store)


def test_current_year_column_not_last_years(answerer: Answerer) -> None:
    answer = answerer.ask("管理局公务接待费是多少")
    assert answer.status == "answered" and answer.value == Decimal(40)
    assert answer.citations[0].column == "2024年预算数"


def test_last_year_from_the_prior_year_column(answerer: Answerer) -> None:
    assert answerer.ask("去年公务接待费多少").value == Decimal(50)
    assert answerer.ask("2023年三公经费多少").value == Decimal(150)


def test_change_cites_the_printed_change_column(answerer: Answerer) -> None:
    answer = answerer.ask("公务接待费比上年增加还是减少了多少")
    assert answer.kind == "delta" and answer.value == Decimal(-10)
    assert answer.formula == "40 − 50 = −10 万元"
    assert any(c.column == "增减" for c in answer.citations)
    assert "减少10万元" in answer.answer


def test_rate_is_computed_with_two_decimals(answerer: Answerer) -> None:
    answer = answerer.ask("三公经费比上年下降了百分之几")
    assert answer.value == Decimal("-13.33") and answer.unit == "%"
    assert answer.formula == "(130 − 150) ÷ 150 × 100% = −13.33%"


def test_explicit_unit_conversion(answerer: Answerer) -> None:
    answer = answerer.ask("办公费是多少万元")
    assert answer.value == Decimal("12.3456") and answer.unit == "万元"
    assert answer.formula and "123,456 元 ÷ 10,000 = 12.3456 万元" in answer.formula


def test_different_scopes_are_not_a_disagreement(answerer: Answerer) -> None:
    # 支出预算总表 (all funds) and 财政拨款支出预算表 (appropriations only) may print different 教育支出:
    # that is two measures, not a conflict (same-scope conflicts: test_qa_items.py)
    answer = answerer.ask("教育支出是多少")
    assert answer.status == "answered" and "不一致" not in answer.answer
    assert answer.value == Decimal(100)


@pytest.mark.parametrize(
    "question", ["差旅费是多少", "会议费多少", "物业管理费比上年增加多少", "某某项目主要用于什么"]
)
def test_absent_items_are_not_found(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "not_found", answer.answer
    assert answer.value is None


def test_empty_store(tmp_path: Path) -> None:
    answer = Answerer(Store(tmp_path, embedder=HashEmbedder())).ask("三公经费是多少")
    assert answer.status == "not_found" and "导入" in answer.answer
