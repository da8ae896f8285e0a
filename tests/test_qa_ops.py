"""The operation registry (`budgetqa.qa.ops`): which operation a question asks over several figures, and what
each computes, for one department's items and for several departments alike. Invented figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from invented import budget_doc, money

from budgetqa.qa import Answerer
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.ops import OPS, NotComputable, apply, op_of
from budgetqa.qa.question import Op, parse
from budgetqa.store import HashEmbedder, ParsedDocument, Store, TableInfo


def _ev(who: str, value: str, unit: str | None = "万元") -> Evidence:
    return Evidence(Decimal(value), unit, who=who, source=f"表1，第{len(who)}页")


@pytest.mark.parametrize(
    ("question", "several", "op"),
    [
        ("某局2031年甲项是乙项的几倍？", False, Op.TIMES),
        ("某局2031年甲项和乙项哪个多？", False, Op.COMPARE),
        ("某局2031年甲项比乙项少多少？", False, Op.DELTA),
        ("某局2031年甲项和乙项差多少？", False, Op.COMPARE),  # the gap, unsigned: not A minus B
        ("某局2031年甲项是不是比乙项多？", False, Op.COMPARE),
        ("某局和某办2031年的甲项哪个多？", True, Op.COMPARE),
        ("某局和某办2031年的甲项差多少？", True, Op.DELTA),
        ("某局和某办2031年的甲项加起来多少？", True, Op.SUM),
        ("某局、某办和某委2031年的甲项谁最高？", True, Op.RANK),
        ("某局2031年的甲项是某办的多少倍？", True, Op.TIMES),
    ],
)
def test_the_operation_asked(question: str, several: bool, op: Op) -> None:
    assert op_of(parse(question), several=several) is op


def test_every_operation_of_the_registry_is_a_parsed_op() -> None:
    assert set(OPS) <= set(Op)
    assert all(callable(f) for f in OPS.values())


def test_times_is_the_first_over_the_second_in_one_unit() -> None:
    asked = parse("某局2031年甲项是乙项的几倍？")
    entries, result = apply(Op.TIMES, [_ev("甲项", "300"), _ev("乙项", "1200000", "元")], asked)
    assert [e.common for e in entries] == [Decimal("300"), Decimal("120")]
    assert (result.value, result.unit, result.kind) == (Decimal("2.50"), "倍", "ratio")
    assert result.says == "甲项是乙项的2.5倍。"
    assert entries[1].conversion  # the 元 → 万元 conversion is said in the formula


def test_times_of_zero_is_not_computable() -> None:
    with pytest.raises(NotComputable, match="乙项为 0"):
        apply(Op.TIMES, [_ev("甲项", "3"), _ev("乙项", "0")], parse("甲项是乙项的几倍"))


def test_sum_gap_and_larger() -> None:
    two = [_ev("某局", "12.5"), _ev("某办", "20")]
    assert apply(Op.SUM, two, parse("某局和某办甲项一共多少"))[1].value == Decimal("32.5")
    # 少多少 asks how much less: its size; asked 多多少 of the smaller, the gap keeps its sign
    gap = apply(Op.DELTA, two, parse("某局甲项比某办少多少"))[1]
    assert (gap.value, gap.says, gap.kind) == (Decimal("7.5"), "某局比某办少7.5万元。", "compare")
    more = apply(Op.DELTA, two, parse("某局甲项比某办多多少"))[1]
    assert (more.value, more.says) == (Decimal("-7.5"), "某局比某办少7.5万元。")
    larger = apply(Op.COMPARE, two, parse("某局和某办甲项哪个多"))[1]
    assert (larger.value, larger.kind) == (Decimal("20"), "compare")
    assert larger.says.startswith("某办更多（20万元），比某局多7.5万元")
    fewest = apply(Op.RANK, [*two, _ev("某委", "5")], parse("某局、某办、某委谁的甲项最少"))[1]
    assert (fewest.value, fewest.kind) == (Decimal("5"), "rank")
    assert fewest.says.startswith("某委最少")


def test_an_operation_short_of_figures_compares() -> None:
    result = apply(Op.DELTA, [_ev("某局", "12.5")], parse("某局甲项差多少"))[1]
    assert result.kind == "compare" and result.value == Decimal("0")


def test_yes_no_answers_the_claim() -> None:
    result = apply(Op.COMPARE, [_ev("甲项", "3"), _ev("乙项", "5")], parse("甲项是不是比乙项多"))[1]
    assert result.says.startswith("不是，甲项比乙项少2万元") and result.value == Decimal("5")
    same = apply(Op.COMPARE, [_ev("甲", "4"), _ev("乙", "4")], parse("甲是不是比乙多"))[1]
    assert same.says == "不是，两者相同，均为4万元。"


def test_a_gap_in_percent_is_an_operation_of_its_own() -> None:
    asked = parse("某局2031年甲项比乙项高出百分之几？")
    assert Op.GAP_RATE in asked.ops and op_of(asked, several=False) is Op.GAP_RATE
    assert op_of(parse("某局和某办2031年的甲项，某局比某办少百分之几？"), several=True) is Op.GAP_RATE
    # a change over years is no gap between two figures of one year
    assert Op.GAP_RATE not in parse("某局2031年甲项比上年增长了百分之几？").ops
    result = apply(Op.GAP_RATE, [_ev("甲项", "150"), _ev("乙项", "1200000", "元")], asked)[1]
    assert (result.value, result.unit, result.kind) == (Decimal("25.00"), "%", "ratio")
    assert result.says == "甲项比乙项高25.00%。"
    with pytest.raises(NotComputable):
        apply(Op.GAP_RATE, [_ev("甲项", "3"), _ev("乙项", "0")], asked)


def _two_items(tmp_path: Path, name: str) -> Answerer:
    """One invented 2031 budget printing 基本支出 900 and 项目支出 1200 (万元) on page 5."""
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    table = TableInfo(3, "支出预算总表", 5, 5, "万元", ())
    facts = [
        money("g31", 3, "支出预算总表", "基本支出", "900.00", 5),
        money("g31", 3, "支出预算总表", "项目支出", "1200.00", 5),
    ]
    store.add(ParsedDocument(budget_doc("g31", name, 2031, "示范县", tables=(table,)), facts, []))
    return Answerer(store)


def test_a_gap_in_percent_between_two_items_of_a_document(tmp_path: Path) -> None:
    a = _two_items(tmp_path, "示范县戌局").ask("示范县戌局2031年基本支出比项目支出少百分之几？")
    assert (a.status, a.value, a.unit) == ("answered", Decimal("-25.00"), "%"), a.answer
    assert "基本支出比项目支出低25.00%" in a.answer and a.formula and "÷ 1,200" in a.formula


def test_which_is_larger_and_by_how_much_gives_the_gap() -> None:
    # 哪个钱多？差了多少？: both asked; the gap is the figure the answer gives
    asked = parse("某局2031年甲项和乙项哪个钱多？差了多少？")
    result = apply(op_of(asked, several=False), [_ev("甲项", "810"), _ev("乙项", "418.75")], asked)[1]
    assert result.value == Decimal("391.25") and result.says.startswith(
        "甲项更多（810万元），比乙项多391.25万元"
    )


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("某局2031年甲项与乙项之比是多少？", Op.PROPORTION),
        ("某局2031年甲项和乙项的比例是多少？", Op.PROPORTION),
        ("某局2031年甲项跟乙项的比值", Op.PROPORTION),
        ("某局和某办2031年的甲项之比？", Op.PROPORTION),
    ],
)
def test_a_proportion_is_asked_of_two_figures(question: str, op: Op) -> None:
    asked = parse(question)
    assert op_of(asked, several="某办" in question) is op
    assert not asked.versus  # 之比是多少 compares nothing (比…多)


@pytest.mark.parametrize(
    "question", ["某局2031年甲项占乙项的比例是多少？", "某局2031年甲项和乙项分别占总支出的比例是多少？"]
)
def test_a_share_is_no_proportion(question: str) -> None:
    # a share names its whole with 占; each item's share (分别) is no proportion of the two
    assert Op.SHARE in parse(question).ops and Op.PROPORTION not in parse(question).ops


def test_a_proportion_is_the_first_over_the_second() -> None:
    asked = parse("某局2031年甲项与乙项之比是多少？")
    result = apply(Op.PROPORTION, [_ev("甲项", "300"), _ev("乙项", "1600000", "元")], asked)[1]
    assert (result.value, result.unit, result.kind) == (Decimal("1.88"), None, "ratio")
    assert result.says == "甲项与乙项之比约为1.88:1。"
    assert result.formula == "300 ÷ 160 = 1.88"
    even = apply(Op.PROPORTION, [_ev("甲项", "300"), _ev("乙项", "150")], asked)[1]
    assert even.says == "甲项与乙项之比为2:1。"
    with pytest.raises(NotComputable):
        apply(Op.PROPORTION, [_ev("甲项", "3"), _ev("乙项", "0")], asked)


def test_a_proportion_of_two_items_of_a_document(tmp_path: Path) -> None:
    a = _two_items(tmp_path, "示范县亥局").ask("示范县亥局2031年基本支出与项目支出之比是多少？")
    assert (a.status, a.value, a.kind) == ("answered", Decimal("0.75"), "ratio"), a.answer
    assert "基本支出与项目支出之比为0.75:1" in a.answer and a.formula == "900 ÷ 1,200 = 0.75"
    assert {c.page for c in a.citations} == {5}
