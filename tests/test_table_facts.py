"""Rows -> facts: amounts, targets, label levels, column kinds, names, codes and paths."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetqa.ingest.table_facts import (
    BodyRow,
    Cell,
    Column,
    RawTable,
    label_level,
    parse_amount,
    parse_target,
    table_to_facts,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", Decimal("1234.56")),
        ("-344", Decimal(-344)),
        ("（344）", Decimal(-344)),
        ("(1,000)", Decimal(-1000)),
        ("7,02\n1", Decimal(7021)),
        ("0", Decimal(0)),
        ("91,016,775.35", Decimal("91016775.35")),
        ("１，２３４．５", Decimal("1234.5")),
        ("", None),
        ("-", None),
        ("—", None),
        (None, None),
    ],
)
def test_parse_amount(text: str | None, value: Decimal | None) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["无", "2022 年", "1,2,3.4.5"])
def test_parse_amount_rejects_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "op"),
    [
        ("≥98%", Decimal(98), "%", "≥"),
        ("≥1300 人次", Decimal(1300), "人次", "≥"),
        ("<2%", Decimal(2), "%", "<"),
        ("=5 个", Decimal(5), "个", "="),
        ("得到提升", None, None, ""),
        ("12月前", None, None, ""),
    ],
)
def test_parse_target(text: str, value: Decimal | None, unit: str | None, op: str) -> None:
    assert parse_target(text) == (value, unit, op)


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("一、一般公共服务支出", 1),
        ("（一）基本支出", 2),
        ("1. 事业收入", 3),
        ("(1) 办公费", 4),
        ("【一、政府预算拨款", 1),
        ("合计", None),
    ],
)
def test_label_level(name: str, level: int | None) -> None:
    assert label_level(name) == level


def _row(page: int, *texts: str) -> BodyRow:
    return BodyRow({i: Cell(t, (float(i), 0.0, float(i) + 1, 1.0), page) for i, t in enumerate(texts)}, page)


def test_codes_split_over_columns_join_and_build_paths() -> None:
    columns = [
        Column(p, float(i), float(i) + 1)
        for i, p in enumerate(
            ["项目/科目编码/类", "项目/科目编码/款", "项目/科目编码/项", "项目/科目名称", "合计", "基本支出"]
        )
    ]
    rows = [
        _row(9, "201", "", "", "一般公共服务支出", "82,096,797.42", "15,686,797.42"),
        _row(9, "201", "03", "", "政府办公厅（室）及相关机构事务", "82,096,797.42", ""),
        _row(10, "", "03", "01", "行政运行", "12,029,501.84", "-"),  # 类 left blank on a continuation row
        _row(10, "合计", "", "", "", "91,016,775.35", "24,606,775.35"),
    ]
    table = RawTable(5, "支出预算总表", "元", 9, 10, columns, rows)
    warnings: list[str] = []
    facts = table_to_facts(table, "d", warnings)
    by = {(f.row_index, f.column): f for f in facts}
    assert by[(2, "合计")].row_code == "2010301"
    assert by[(2, "合计")].row_path == ("一般公共服务支出", "政府办公厅（室）及相关机构事务")
    assert by[(2, "基本支出")].value is None and by[(2, "基本支出")].text == "-"
    assert by[(3, "合计")].row_name == "合计" and by[(3, "合计")].row_code is None
    assert by[(0, "合计")].value == Decimal("82096797.42") and by[(0, "合计")].unit == "元"
    assert by[(2, "合计")].page == 10
    assert [c.kind for c in columns] == ["code", "code", "code", "label", "amount", "amount"]
    assert not warnings


def test_a_split_code_whose_kuan_drops_its_leading_zero() -> None:
    columns = [
        Column(p, float(i), float(i) + 1) for i, p in enumerate(["编码/类", "编码/款", "科目名称", "合计"])
    ]
    rows = [
        _row(29, "301", "", "工资福利支出", "100"),
        _row(29, "301", "2", "津贴补贴", "60"),  # printed "2" for 02
        _row(29, "301", "08", "养老保险缴费", "40"),
    ]
    facts = table_to_facts(RawTable(8, "基本支出表", "元", 29, 29, columns, rows), "d", [])
    assert [f.row_code for f in facts] == ["301", "30102", "30108"]
    assert facts[1].row_path == ("工资福利支出",)


def test_side_by_side_rows_name_each_side() -> None:
    columns = [
        Column(p, float(i), float(i) + 1)
        for i, p in enumerate(["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"])
    ]
    rows = [
        _row(8, "一、财政拨款收入", "100", "一、一般公共服务支出", "90"),
        _row(8, "", "", "二、教育支出", "10"),
        _row(8, "收入总计", "100", "支出总计", "100"),
    ]
    facts = table_to_facts(RawTable(1, "收支总表", "万元", 8, 8, columns, rows), "d", [])
    names = [(f.column, f.row_name, f.value) for f in facts]
    assert ("收入/预算数", "一、财政拨款收入", Decimal(100)) in names
    assert ("支出/预算数", "二、教育支出", Decimal(10)) in names
    assert not any(c == "收入/预算数" and n == "" for c, n, _ in names)  # the empty left half is no fact


def test_unreadable_figure_warns() -> None:
    columns = [Column("项目", 0, 1), Column("金额", 1, 2)]
    rows = [_row(3, "合计", "1,0x0"), _row(3, "办公费", "5")]
    warnings: list[str] = []
    facts = table_to_facts(RawTable(2, "t", "万元", 3, 3, columns, rows), "d", warnings)
    assert facts[0].value is None and facts[0].text == "1,0x0"
    assert warnings == ["表2: 1 cells could not be read as numbers on page 3"]


def test_a_label_merged_across_an_amount_column_leaves_no_blank_figure() -> None:
    paths = ["收入/项目", "收入/金额", "支出/项目", "支出/金额", "支出/合计"]
    columns = [Column(p, 10.0 * i, 10.0 * i + 10) for i, p in enumerate(paths)]
    plain = BodyRow(
        {
            i: Cell(t, (10.0 * i, 0.0, 10.0 * i + 10, 5.0), 1)
            for i, t in enumerate(["一、拨款", "5", "一、基本支出", "", "5"])
        },
        1,
    )
    # 当年支出小计 is printed in one cell spanning 支出/项目 and 支出/金额: the 金额 column has no cell there
    merged = BodyRow(
        {
            0: Cell("当年收入小计", (0.0, 5.0, 10.0, 10.0), 1),
            1: Cell("5", (10.0, 5.0, 20.0, 10.0), 1),
            2: Cell("当年支出小计", (20.0, 5.0, 40.0, 10.0), 1),
            4: Cell("5", (40.0, 5.0, 50.0, 10.0), 1),
        },
        1,
    )
    facts = table_to_facts(RawTable(1, "收支总表", "万元", 1, 1, columns, [plain, merged]), "d", [])
    cells = {(f.row_name, f.column): f.value for f in facts}
    assert ("一、基本支出", "支出/金额") in cells  # a printed blank cell stays a blank fact
    assert ("当年支出小计", "支出/金额") not in cells
    assert cells[("当年支出小计", "支出/合计")] == Decimal(5)


def test_rows_named_in_a_column_right_of_a_label_printed_once_sit_under_it() -> None:
    """A procurement table's outline is by column: 品目大类, then 专项名称 and 经济科目 printed once, then the items
    bought on the rows below with those columns blank; a new 专项 ends the items of the last one."""
    paths = ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"]
    columns = [Column(p, float(i), float(i) + 1) for i, p in enumerate(paths)]
    rows = [
        _row(12, "三、服务C", "", "", "", "", "922.10"),
        _row(12, "", "日常运转经费", "会议费", "", "", "50.00"),
        _row(12, "", "", "", "会议服务", "分散自行组织", "50.00"),
        _row(12, "", "某某大会专项经费", "会议费", "", "", "872.10"),
        _row(12, "", "", "", "会议服务", "政府集中采购", "872.10"),
    ]
    facts = table_to_facts(RawTable(None, "政府采购预算表", "万元", 12, 12, columns, rows), "d", [])
    by = {f.row_index: f for f in facts}
    assert by[2].row_name == "会议服务" and by[2].row_path == ("三、服务C", "日常运转经费", "会议费")
    assert by[4].row_path == ("三、服务C", "某某大会专项经费", "会议费")
    assert by[3].row_name == "某某大会专项经费" and by[3].row_path == ("三、服务C",)
