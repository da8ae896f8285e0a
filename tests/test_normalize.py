"""normalize_text: radicals, CJK spacing, wrapped lines, lines broken at full-width punctuation."""

from __future__ import annotations

import pytest

from budgetqa.ingest.normalize import (
    is_heading_line,
    is_table_row,
    normalize_text,
    strip_brackets,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Kangxi radicals and CJK radicals supplement fold to the unified ideographs.
        ("⼀般公共预算⽀出", "一般公共预算支出"),
        ("\u2ef3", "龟"),  # most of the supplement has no NFKC mapping; U+2EF3 does
        # CJK compatibility ideographs fold too; full-width punctuation is left alone.
        ("金額：（一）", "金額：（一）"),
        ("\uf900支出，合计", "豈支出，合计"),
        # Windows line ends.
        ("第一行。\r\n第二行。", "第一行。\n第二行。"),
        # Spaces between CJK characters and full-width punctuation go; spaces around figures stay.
        ("收 入 支 出", "收入支出"),
        ("预算 7,021 万元 ，增长", "预算 7,021 万元，增长"),
        ("2023 年预算", "2023 年预算"),
        # A sentence wrapped over lines is joined; a sentence end is kept.
        (
            "部门预算收入7,021万元，比\n2022年减少1,764万元。\n预算收支减少。",
            "部门预算收入7,021万元，比2022年减少1,764万元。\n预算收支减少。",
        ),
        # Lines broken at every full-width punctuation mark (WPS output through pypdf).
        ("（一\n）\n在本省行政区域内\n，\n保证宪法\n、\n法律", "（一）在本省行政区域内，保证宪法、法律"),
        ("促进\n“\n一府两院\n”\n依法行政", "促进“一府两院”依法行政"),
        # A bare marker is rejoined with its text; a broken number is rejoined without a space.
        ("（四）\n讨论、决定重大事项；", "（四）讨论、决定重大事项；"),
        ("预算合计13649.0\n7万元。", "预算合计13649.07万元。"),
        # Headings and list items start their own lines.
        ("一、部门职责\n贯彻执行国家法律。", "一、部门职责\n贯彻执行国家法律。"),
        ("主要包括：\n1. 基本工资；\n2. 津贴补贴。", "主要包括：\n1. 基本工资；\n2. 津贴补贴。"),
        ("第三部分 情况说明\n（一）收入", "第三部分 情况说明\n（一）收入"),
        # Table rows are never glued together.
        ("201 06 01 行政运行 1,511.90 1,511.89\n201 06 02 一般行政管理事务 16.19 10.00", None),
        # A wrapped heading tail is put back.
        ("第三部分上海市某局2024年度部门决算情况\n说明\n一、收入支出决算总体情况说明", None),
        # Blank lines separate paragraphs (collapsed to one).
        ("第一段没有句号\n\n\n第二段。", "第一段没有句号\n\n第二段。"),
        ("目录\n一、文字部分", "目录\n一、文字部分"),
    ],
)
def test_normalize_text(raw: str, expected: str | None) -> None:
    got = normalize_text(raw)
    if expected is None:  # the input is already normal: unchanged except the wrapped heading tail
        expected = raw.replace("情况\n说明", "情况说明")
    assert got == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("【中共深圳市委外事工作委员会办公室】", "中共深圳市委外事工作委员会办公室"),
        ("比2022年[减少344]万元", "比2022年减少344万元"),
        ("〔7,021〕万元", "7,021万元"),
        ("（按功能分类）", "（按功能分类）"),
    ],
)
def test_strip_brackets(raw: str, expected: str) -> None:
    assert strip_brackets(raw) == expected


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("一、部门职责", True),
        ("（二）公用支出", True),
        ("第五部分 一般公共预算“三公”经费预算情况", True),
        ("1. 外事事务", True),
        ("（一）人员支出 3,646 万元，主要包括：在职人员基本工资、", False),
        ("一、一般公共预算拨款收入：指本级财政当年拨付的一般公共预算资金。", False),
        ("（一）", False),
        ("2023 年主要工作目标", False),
        ("1.5 万元", False),
    ],
)
def test_is_heading_line(line: str, heading: bool) -> None:
    assert is_heading_line(line) is heading


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ("201 06 01 行政运行 1,511.90 1,511.89 0.01", True),
        ("本年收入合计 2,946.25 本年支出合计 2,940.05", True),
        ("外事事务 1,623 万元，主要用于外事业务 803 万元；筹备工作 400 万元", False),
        ("共有车辆 5 辆", False),
    ],
)
def test_is_table_row(line: str, row: bool) -> None:
    assert is_table_row(line) is row
