"""Header flattening: merged cells -> column paths."""

from __future__ import annotations

import pytest

from budgetqa.ingest.table_headers import clean_header, flatten_headers, normalise_text


@pytest.mark.parametrize(
    ("grid", "explicit", "paths"),
    [
        # a None above a filled cell is a column span of the cell to its left
        (
            [
                ["预算单位", "支出总计", "2023 年政府采购项目", None, None],
                [
                    None,
                    None,
                    "小计",
                    "其中：面向\n中小企业政\n府采购项目",
                    "其中：面向\n小型、微型\n企业政府采\n购项目",
                ],
            ],
            False,
            [
                "预算单位",
                "支出总计",
                "2023年政府采购项目/小计",
                "2023年政府采购项目/其中：面向中小企业政府采购项目",
                "2023年政府采购项目/其中：面向小型、微型企业政府采购项目",
            ],
        ),
        # side-by-side 收入 | 支出
        (
            [["收 入", None, "支 出", None], ["项 目", "2023 年预算数", "项 目", "2023 年预算数"]],
            False,
            ["收入/项目", "收入/2023年预算数", "支出/项目", "支出/2023年预算数"],
        ),
        # three levels, 公务用车 group inside the 三公 group
        (
            [
                ["总计", "因公出国(境)\n费", "公务用车购置及运行维护费", None, None],
                [None, None, "小计", "公务用车购\n置费", "公务用车运行\n维护费"],
            ],
            False,
            [
                "总计",
                "因公出国(境)费",
                "公务用车购置及运行维护费/小计",
                "公务用车购置及运行维护费/公务用车购置费",
                "公务用车购置及运行维护费/公务用车运行维护费",
            ],
        ),
        # spans already written out by the caller: a None is a row span, never inherited
        (
            [["项目", "项目", "合计"], ["科目编码", "科目名称", None]],
            True,
            ["项目/科目编码", "项目/科目名称", "合计"],
        ),
        ([["决算数"], [""]], False, ["决算数"]),
    ],
)
def test_flatten_headers(grid: list[list[str | None]], explicit: bool, paths: list[str]) -> None:
    assert flatten_headers(grid, spans_explicit=explicit) == paths


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("十八、住房保障支\n出", "十八、住房保障支出"),
        ("因 公 出 国 （ 境 ） 费\n用", "因公出国（境）费用"),
        ("2022 年", "2022 年"),
        ("1. 一般公共预算拨款", "1. 一般公共预算拨款"),
        ("⼀般公共服务⽀出", "一般公共服务支出"),  # Kangxi radicals
        (None, ""),
    ],
)
def test_normalise_text(raw: str | None, clean: str) -> None:
    assert normalise_text(raw) == clean


def test_clean_header_drops_all_spaces() -> None:
    assert clean_header("2023 年预算数") == "2023年预算数"
