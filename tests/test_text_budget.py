"""parse_text_budget: the seed .md's tables as Facts agree with the seed PDF's truth.json."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.text_budget import TextBudget, cn_number, flatten_header, parse_text_budget


@pytest.fixture(scope="module")
def seed_text(seed_md: Path) -> TextBudget:
    return parse_text_budget(seed_md, "seed-md")


def test_facts_agree_with_truth(seed_text: TextBudget, seed_truth: dict) -> None:
    """Truth cells of the tables the .md has, matched by table_no + column + value (a multiset)."""
    present = {t.table_no for t in seed_text.tables}
    assert present >= {1, 3, 6, 7, 8, 9, 10, 11} and not present & {2, 4, 5}  # 表2/4/5 are not in the .md
    # 绩效 indicator targets are no truth.json cells: tests/test_ingest_refinements.py checks them
    got = Counter((f.table_no, f.column, f.value) for f in seed_text.facts if f.column != "指标值")
    cells = [c for c in seed_truth["cells"] if c["table"] in present]
    matched = 0
    for cell in cells:
        key = (cell["table"], cell["column"], Decimal(str(cell["value"])))
        if got[key] > 0:
            got[key] -= 1
            matched += 1
    rate = matched / len(cells)
    print(
        f".md facts vs truth.json: {matched}/{len(cells)} cells matched ({rate:.1%}); {len(seed_text.facts)} facts"
    )
    assert rate >= 0.98
    assert sum(got.values()) <= 0.02 * len(cells)  # and hardly any figure the truth does not have


def test_fact_fields(seed_text: TextBudget) -> None:
    fact = next(
        f for f in seed_text.facts if f.table_no == 8 and f.row_code == "30229" and f.column == "支出总计"
    )
    assert (fact.row_name, fact.value, fact.text, fact.unit, fact.page) == (
        "福利费",
        Decimal(4),
        "4",
        "万元",
        None,
    )
    assert fact.row_path == ("商品和服务支出", "福利费")
    assert fact.table_title == "一般公共预算支出表（按经济分类）" and fact.section == fact.table_title
    income = next(f for f in seed_text.facts if f.table_no == 1 and f.column == "收入/2023年预算数")
    assert income.row_name == "一、政府预算拨款"  # template brackets removed
    sanggong = {f.column: f.value for f in seed_text.facts if f.table_no == 9 and f.row_name == "2023 年"}
    assert sanggong["公务用车购置及运行维护费/公务用车运行维护费"] == Decimal(11)
    assert sanggong["公务接待费"] == Decimal(242)
    change = next(
        f for f in seed_text.facts if f.table_no == 9 and f.row_name == "增减变化金额" and f.column == "总计"
    )
    assert change.value == Decimal(-344)


def test_tables_merged_across_repeated_headers(seed_text: TextBudget) -> None:
    tables = {t.table_no: t for t in seed_text.tables}
    assert tables[8].rows == 31  # three printed pages, header repeated on each
    assert tables[3].columns[-1] == "2023年政府采购项目/其中：面向小型、微型企业政府采购项目"
    assert tables[10].note == "本部门无政府性基金预算支出。"
    assert all(t.unit == "万元" for t in tables.values())


def test_narrative_text(seed_text: TextBudget) -> None:
    text = seed_text.text
    assert "\t" not in text and "<p>" not in text
    assert "在职人员基本工资、津贴补贴、奖金" in text  # a paragraph split by a blank line, rejoined
    assert "第五部分 一般公共预算“三公”经费预算情况" in text
    assert "2,776" not in text  # table figures are facts, not narrative


def test_flatten_header_spans() -> None:
    rows = [["收 入", "", "支 出", ""], ["项 目", "2023 年预算数", "项 目", "2023 年预算数"]]
    assert flatten_header(rows, 4) == ["收入/项目", "收入/2023年预算数", "支出/项目", "支出/2023年预算数"]
    rows = [["预算单位", "合计", "公务用车费", "", ""], ["", "", "小计", "购置费", "运行费"]]
    assert flatten_header(rows, 5) == [
        "预算单位",
        "合计",
        "公务用车费/小计",
        "公务用车费/购置费",
        "公务用车费/运行费",
    ]


@pytest.mark.parametrize(("text", "n"), [("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("表", None)])
def test_cn_number(text: str, n: int | None) -> None:
    assert cn_number(text) == n


def test_numbered_title_and_html(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(
        "2024年某某区某某局部门预算\n\n<p>第一部分 概况</p>\n\n(七) 一般公共预算支出表（按功能分类）\n\n"
        "单位：元\n\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1,200.50\n20101\t人大事务\t1,200.50\n",
        encoding="utf-8",
    )
    parsed = parse_text_budget(path, "b")
    assert [(f.table_no, f.row_code, f.column, f.value, f.unit) for f in parsed.facts] == [
        (7, "201", "合计", Decimal("1200.50"), "元"),
        (7, "20101", "合计", Decimal("1200.50"), "元"),
    ]
    assert parsed.facts[1].row_path == ("一般公共服务支出", "人大事务")
    assert "第一部分 概况" in parsed.text and "<p>" not in parsed.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("预算".encode("gbk"), "not UTF-8 text; save it as UTF-8"),
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        ("今天天气很好。\n明天也好。".encode(), "has no budget content"),
    ],
)
def test_bad_text_input(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        parse_text_budget(path, "bad")
    assert "bad.md" in str(err.value) and message in str(err.value) and "\n" not in str(err.value)
