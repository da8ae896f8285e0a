"""Chart data: 类-level composition and year-on-year figures from facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetqa.ui import charts
from budgetqa.ui.fakes import tiny_parsed_document


def fact(
    table_no: int,
    title: str,
    row: str,
    column: str,
    value: str | None,
    code: str | None = None,
    index: int = 0,
):
    from budgetqa.store import Fact

    return Fact(
        "d",
        table_no,
        title,
        row,
        column,
        None if value is None else Decimal(value),
        value or "",
        "万元",
        1,
        row_code=code,
        row_index=index,
    )


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["基本支出", "支出总计", "项目支出"], "支出总计"),
        (["年初预算数", "决算数"], "决算数"),
        (["本年支出/合计", "基本支出"], "本年支出/合计"),
        (["甲", "乙"], "乙"),  # no hint: the column with the largest sum
    ],
)
def test_pick_value_column(columns: list[str], expected: str) -> None:
    facts = [fact(1, "t", "r", c, str(10 + i)) for i, c in enumerate(columns)]
    assert charts.pick_value_column(facts) == expected


def test_classification_chart_uses_class_rows_only() -> None:
    parsed = tiny_parsed_document()
    chart = charts.classification_chart(parsed.facts, charts.FUNCTION)
    assert chart is not None
    assert list(chart.frame["科目"]) == ["201 一般公共服务支出", "205 教育支出", "208 社会保障和就业支出"]
    assert list(chart.frame["金额"]) == [500.0, 20.0, 80.0]
    assert "支出总计" in chart.caption and "万元" in chart.caption
    assert charts.classification_chart(parsed.facts, charts.ECONOMIC) is None


def test_code_printed_inside_the_name_cell_counts() -> None:
    title = "一般公共预算基本支出表（按经济分类）"
    facts = [
        fact(8, title, "301 工资福利支出", "合计", "90"),
        fact(8, title, "30101 基本工资", "合计", "50"),
        fact(8, title, "302 商品和服务支出", "合计", "10"),
    ]
    chart = charts.classification_chart(facts, charts.ECONOMIC)
    assert chart is not None and list(chart.frame["科目"]) == ["301 工资福利支出", "302 商品和服务支出"]


def test_year_rows_skip_zero_items_and_keep_ambiguous_paths() -> None:
    title = "三公经费支出表"
    facts = [
        fact(9, title, f"{y}年", c, v)
        for y in (2022, 2023)
        for c, v in (("因公出国(境)费", "0"), ("公务用车/小计", "11"), ("公务用车/运行费", "11"))
    ]
    chart = charts.year_on_year(facts)
    assert chart is not None and list(dict.fromkeys(chart.frame["项目"])) == ["公务用车/小计", "运行费"]
    assert charts.year_on_year([fact(9, title, f"{y}年", "合计", "0") for y in (2022, 2023)]) is None


def test_year_rows_give_year_on_year() -> None:
    chart = charts.year_on_year(tiny_parsed_document().facts)
    assert chart is not None
    assert set(chart.frame[charts.SERIES]) == {"2022", "2023"} and set(chart.frame["项目"]) == {
        "合计",
        "公务接待费",
    }
    changes = charts.change_table(chart.frame).set_index("项目")
    assert changes.loc["合计", "增减"] == -344.0 and changes.loc["合计", "增减率"] == "-57.6%"


@pytest.mark.parametrize(
    ("column", "doc_year", "expected"),
    [
        ("2022年预算数", None, ("2022", "预算数")),
        ("支出/2023 年决算数", None, ("2023", "支出/决算数")),
        ("上年决算数", 2024, ("2023", "金额")),
        ("上年结余结转", 2024, None),  # carry-over, not a year
        ("合计", 2024, None),
    ],
)
def test_year_of_column(column: str, doc_year: int | None, expected: tuple[str, str] | None) -> None:
    assert charts._year_of_column(column, doc_year) == expected


def test_year_columns_give_year_on_year_when_no_year_rows() -> None:
    facts = [
        fact(1, "收支总表", "教育支出", "2022年预算数", "10"),
        fact(1, "收支总表", "教育支出", "2023年预算数", "12"),
    ]
    chart = charts.year_on_year(facts)
    assert chart is not None and list(chart.frame[charts.ITEM_SERIES]) == [
        "教育支出（2022）",
        "教育支出（2023）",
    ]
    assert charts.year_on_year([fact(1, "t", "教育支出", "合计", "1")]) is None


def test_budget_against_final_when_no_years() -> None:
    title = "财政拨款三公经费支出决算表"
    facts = [
        fact(7, title, "", c, v)
        for c, v in (
            ("三公/合计/预算数", "10"),
            ("三公/合计/决算数", "8"),
            ("三公/接待费/预算数", "2"),
            ("三公/接待费/决算数", "3"),
        )
    ]
    chart = charts.year_on_year(facts)
    assert chart is not None and list(dict.fromkeys(chart.frame["项目"])) == ["三公/合计", "接待费"]
    changes = charts.change_table(chart.frame)
    assert list(changes.columns) == ["项目", "预算数", "决算数", "增减", "增减率"]
    assert list(changes["增减"]) == [-2.0, 1.0]


def test_function_classification_found_by_codes_when_the_title_does_not_say() -> None:
    facts = [
        fact(5, "一般公共预算财政拨款支出决算表", "一般公共服务支出", "合计", "9", code="201"),
        fact(5, "一般公共预算财政拨款支出决算表", "教育支出", "合计", "1", code="205"),
        fact(2, "收入决算表", "一般公共服务支出", "本年收入合计", "9", code="201"),
        fact(2, "收入决算表", "教育支出", "本年收入合计", "1", code="205"),
        fact(6, "基本支出决算表", "工资福利支出", "决算数", "5", code="301"),
    ]
    function = charts.classification_chart(facts, charts.FUNCTION)
    economic = charts.classification_chart(facts, charts.ECONOMIC)
    assert function is not None and function.caption.startswith("表5")  # the 支出 table, not the 收入 one
    assert economic is not None and list(economic.frame["科目"]) == ["301 工资福利支出"]
