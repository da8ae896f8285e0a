"""勾稽 checks: table-driven, over hand-made facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetqa.ingest.checks import column_sums, last_digit_unit, run_checks, within_tolerance
from budgetqa.store.records import Fact


def fact(
    row: int,
    column: str,
    text: str,
    *,
    name: str = "r",
    code: str | None = None,
    table: int | None = 3,
    title: str = "支出总表",
    unit: str = "万元",
) -> Fact:
    value = None if text == "" else Decimal(text.replace(",", ""))
    return Fact("d", table, title, name, column, value, text, unit, 5, row_code=code, row_index=row)


@pytest.mark.parametrize(
    ("text", "unit"), [("13,649.07", Decimal("0.01")), ("7,021", Decimal(1)), ("0.5", Decimal("0.1"))]
)
def test_last_digit_unit(text: str, unit: Decimal) -> None:
    assert last_digit_unit(text) == unit


@pytest.mark.parametrize(
    ("total", "parts", "ok"),
    [
        ("7,021", ["4,383", "2,639"], True),  # off by 1 with 2 addends: 尾数误差
        ("7,025", ["4,383", "2,639"], False),
        ("10.00", ["3.33", "3.33", "3.33"], True),
        ("10.00", ["3.33", "3.33", "3.30"], False),
        ("5", ["5", ""], True),  # a blank addend counts as 0
    ],
)
def test_within_tolerance(total: str, parts: list[str], ok: bool) -> None:
    result, _, _ = within_tolerance(fact(0, "t", total), [fact(0, "p", p) for p in parts])
    assert result is ok


@pytest.mark.parametrize(
    ("columns", "pairs"),
    [
        (
            [
                "科目名称",
                "支出总计",
                "基本支出",
                "项目支出",
                "2023年政府采购项目/小计",
                "2023年政府采购项目/其中：面向中小企业",
            ],
            [("支出总计", ["科目名称", "基本支出", "项目支出"])],
        ),
        (
            [
                "总计",
                "因公出国(境)费",
                "公务接待费",
                "公务用车/小计",
                "公务用车/购置费",
                "公务用车/运行维护费",
            ],
            [
                ("总计", ["因公出国(境)费", "公务接待费", "公务用车/小计"]),
                ("公务用车/小计", ["公务用车/购置费", "公务用车/运行维护费"]),
            ],
        ),
        (
            [
                "三公/合计/预算数",
                "三公/合计/决算数",
                "三公/接待费/预算数",
                "三公/接待费/决算数",
                "三公/出国费/预算数",
                "三公/出国费/决算数",
            ],
            [
                ("三公/合计/预算数", ["三公/接待费/预算数", "三公/出国费/预算数"]),
                ("三公/合计/决算数", ["三公/接待费/决算数", "三公/出国费/决算数"]),
            ],
        ),
        (["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"], []),
    ],
)
def test_column_sums(columns: list[str], pairs: list[tuple[str, list[str]]]) -> None:
    found = [(t, [p for p in ps if p != "科目名称"]) for t, ps in column_sums(columns)]
    expected = [(t, [p for p in ps if p != "科目名称"]) for t, ps in pairs]
    assert sorted(found) == sorted(expected)


def test_row_total_across_columns_fails_with_both_numbers() -> None:
    facts = [
        fact(0, "支出总计", "100", name="一般公共服务支出", code="201"),
        fact(0, "基本支出", "60", name="一般公共服务支出", code="201"),
        fact(0, "项目支出", "30", name="一般公共服务支出", code="201"),
    ]
    failed = [c for c in run_checks(facts, []) if not c.ok]
    assert len(failed) == 1 and failed[0].name == "column_sum"
    assert "100" in failed[0].detail and "90" in failed[0].detail and "表3" in failed[0].detail
    assert "一般公共服务支出" in failed[0].detail


@pytest.mark.parametrize(
    ("rows", "ok"),
    [
        ([("201", "5,128"), ("20199", "5,128"), ("2019999", "5,128")], True),
        (
            [("208", "536"), ("20805", "536"), ("2080501", "208"), ("2080505", "223"), ("2080506", "105")],
            True,
        ),
        (
            [("208", "536"), ("20805", "536"), ("2080501", "208"), ("2080505", "223"), ("2080506", "95")],
            False,
        ),
        ([("301", "1,000"), ("30101", "400"), ("30102", "500")], False),
    ],
)
def test_code_tree(rows: list[tuple[str, str]], ok: bool) -> None:
    facts = [fact(i, "支出总计", v, name=c, code=c) for i, (c, v) in enumerate(rows)]
    results = [c for c in run_checks(facts, []) if c.name == "code_tree"]
    assert results and all(c.ok for c in results) is ok


def test_total_row_equals_sum_of_classes() -> None:
    facts = [
        fact(0, "合计", "150", name="合计"),
        fact(1, "合计", "100", name="a", code="201"),
        fact(2, "合计", "40", name="b", code="208"),
    ]
    failed = [c for c in run_checks(facts, []) if not c.ok]
    assert failed and "150" in failed[0].detail and "140" in failed[0].detail


def test_sangong_total_is_sum_of_three() -> None:
    cols = [
        "总计",
        "因公出国(境)费",
        "公务接待费",
        "公务用车购置及运行维护费/小计",
        "公务用车购置及运行维护费/公务用车购置费",
        "公务用车购置及运行维护费/公务用车运行维护费",
    ]
    good = [
        fact(0, c, v, name="2023 年", table=9, title="三公经费支出表")
        for c, v in zip(cols, ["253", "0", "242", "11", "0", "11"], strict=True)
    ]
    bad = [
        fact(1, c, v, name="2022 年", table=9, title="三公经费支出表")
        for c, v in zip(cols, ["620", "0", "586", "11", "0", "15"], strict=True)
    ]
    results = run_checks(good + bad, [])
    failed = [c for c in results if not c.ok]
    assert len(failed) == 2  # 总计 620 ≠ 597, 小计 11 ≠ 15
    assert any(c.ok for c in results)


def test_cross_table_totals_agree() -> None:
    summary = fact(9, "支出/2023年预算数", "7,021", name="本年支出合计", table=1, title="收支总表")
    spending = fact(0, "支出总计", "7,020", name="某部门", table=3, title="支出总表")
    coded = fact(1, "支出总计", "7,020", name="一般公共服务支出", code="201", table=3, title="支出总表")
    results = [c for c in run_checks([summary, spending, coded], []) if c.name.startswith("cross_table")]
    assert results and results[0].ok  # 1 unit of 尾数误差
    spending2 = fact(0, "支出总计", "7,000", name="某部门", table=3, title="支出总表")
    results = [c for c in run_checks([summary, spending2, coded], []) if c.name.startswith("cross_table")]
    assert results and not results[0].ok and "7,021" in results[0].detail and "7,000" in results[0].detail


@pytest.mark.parametrize(
    ("narrative", "ok"),
    [
        ("本部门收入预算总计13649.07万元，与上年相比增加844.15万元。", True),
        ("本部门收入预算总计13,649万元。", True),
        ("本部门收入预算总计13000万元。", False),
        ("收入总计增加844.15万元。", None),  # a change, not the total: no check
    ],
)
def test_narrative_total(narrative: str, ok: bool | None) -> None:
    cell = fact(5, "收入/金额", "13,649.07", name="收入合计", table=1, title="收支预算总表")
    results = [c for c in run_checks([cell], [], narrative) if c.name.startswith("narrative")]
    if ok is None:
        assert not results
    else:
        assert results and results[0].ok is ok


def test_narrative_in_wan_vs_table_in_yuan() -> None:
    cell = fact(
        5,
        "本年收入/预算数",
        "91,016,775.35",
        name="收入总计",
        table=1,
        title="部门财务收支预算总表",
        unit="元",
    )
    results = run_checks([cell], [], "收入总计9101.68万元")
    assert [c.ok for c in results if c.name.startswith("narrative")] == [True]


def test_a_column_without_a_printed_header_stops_the_column_sum() -> None:
    """Which columns add up to 总计 cannot be told when one of them has no header: the check does not run."""
    from budgetqa.ingest.checks import column_sums

    assert column_sums(["第1列", "采购品目", "总计"]) == []
    assert column_sums(["基本支出", "项目支出", "合计"]) == [("合计", ["基本支出", "项目支出"])]


def test_a_parts_total_in_the_narrative_is_not_checked_against_the_whole() -> None:
    from budgetqa.ingest.checks import check_narrative

    facts = [
        Fact("d", 1, "收支预算总表", "收入合计", "收入/金额", Decimal("15897.44"), "15897.44", "万元", 8)
    ]
    narrative = "（一）收入预算总计15897.44万元。2．财政专户管理资金收入预算总计0万元。"
    results = check_narrative(facts, narrative)
    assert [r.ok for r in results] == [True]
