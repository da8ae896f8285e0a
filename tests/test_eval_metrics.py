"""Table-driven tests of the eval metrics (pure functions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from budgetqa.eval.gold import GoldItem
from budgetqa.eval.metrics import (
    answer_right,
    citation_right,
    half_last_digit,
    numbers_match,
    percentile,
    phrases_match,
    recall_at_k,
    score,
    summarize,
    table_matches,
    wrong_number,
)


def gold(kind: str = "lookup", **kw: Any) -> GoldItem:
    base: dict[str, Any] = {"id": "q", "question": "?", "kind": kind, "docs": ("a.pdf",)}
    base.update(kw)
    return GoldItem(**base)


@pytest.mark.parametrize(
    ("raw", "half"),
    [("7021", "0.5"), ("867.50", "0.005"), ("0.95", "0.005"), ("0", "0.5"), ("-344", "0.5")],
)
def test_half_last_digit(raw: str, half: str) -> None:
    assert half_last_digit(Decimal(raw)) == Decimal(half)


@pytest.mark.parametrize(
    ("g", "gu", "a", "au", "ok"),
    [
        ("253", "万元", "253", "万元", True),
        ("253", "万元", "253.4", "万元", True),  # within half the printed digit
        ("253", "万元", "254", "万元", False),
        ("253", "万元", "2530000", "元", True),  # 元 -> 万元
        ("91016775.35", "元", "9101.68", "万元", True),  # the answer's own precision counts
        ("91016775.35", "元", "9101.6", "万元", False),
        ("91016775.35", "元", "91016775.35", "元", True),
        ("91016775.35", "元", "91016775.30", "元", False),
        ("867.50", "万元", "867.5", None, True),  # no unit: taken as the gold unit
        ("95.65", "%", "95.6", "%", True),  # percentages within 0.05
        ("95.65", "%", "95.75", "%", False),
        ("95.65", "%", "95.65", "万元", False),
        ("5", "辆", "5", "辆", True),
        ("5", "辆", "5", "万元", False),
        ("1.60", "倍", "1.6009", "倍", True),
    ],
)
def test_numbers_match(g: str, gu: str, a: str, au: str | None, ok: bool) -> None:
    assert numbers_match(Decimal(g), gu, Decimal(a), au) is ok


def test_unsigned_compare_for_deltas() -> None:
    assert numbers_match(Decimal("-344"), "万元", Decimal("344"), "万元", signed=False)
    assert not numbers_match(Decimal("-344"), "万元", Decimal("344"), "万元")


@pytest.mark.parametrize(
    ("groups", "text", "ok"),
    [
        ([["减少", "下降"], ["上海合作组织"]], "主要因为上海合作组织论坛，2023年减少", True),
        ([["减少", "下降"], ["上海合作组织"]], "2023年减少", False),
        ([["三公经费"]], "三 公 经\n费", True),  # whitespace and wraps do not matter
        ([], "anything", True),
    ],
)
def test_phrases_match(groups: list[list[str]], text: str, ok: bool) -> None:
    assert phrases_match(groups, text) is ok


@pytest.mark.parametrize(
    ("gold_table", "cited", "ok"),
    [
        ("表9", "表9 一般公共预算“三公”经费支出表", True),
        ("表9", "表1 收支总表", False),
        ("表9|第五部分", "第五部分 一般公共预算“三公”经费预算情况", True),
        ("基本支出预算表", "财政拨款基本支出预算表", True),
        ("“三公”经费和机关运行经费预算表", "2025年部门“三公”经费和机关运行经费预算表", True),
        ("收支预算总表", None, False),
    ],
)
def test_table_matches(gold_table: str, cited: str | None, ok: bool) -> None:
    assert table_matches(gold_table, cited) is ok


LOOKUP = gold(value=Decimal(253), unit="万元", pages=(24,), table="表9")
DELTA = gold("delta", value=Decimal(-344), unit="万元", text=(("减少", "下降"),), pages=(24,))
NARR = gold("narrative", text=(("上海合作组织",),), pages=(3,))
UNANS = gold("unanswerable", docs=())


def ans(
    status: str = "answered", value: Any = None, unit: str | None = "万元", text: str = "", cites: Any = ()
) -> dict[str, Any]:
    return {
        "status": status,
        "value": value,
        "unit": unit,
        "answer": text,
        "citations": list(cites),
        "elapsed_ms": 10,
    }


@pytest.mark.parametrize(
    ("item", "answer", "right", "wrong_num"),
    [
        (LOOKUP, ans(value=253), True, False),
        (LOOKUP, ans(value=2530000, unit="元"), True, False),
        (LOOKUP, ans(value=597), False, True),
        (LOOKUP, ans(value=None, text="2023年三公经费253万元"), True, False),  # figure from the text
        (LOOKUP, ans(value=None, text="2023年预算597万元"), False, True),
        (LOOKUP, ans(value=None, text="2023年"), False, False),  # a year is not a figure
        (LOOKUP, ans(value=597, text="253万元"), False, True),  # value wins over the text
        (LOOKUP, ans(text="597万元，其中253万元"), False, False),  # first figure wrong, a right one stated
        (LOOKUP, ans("not_found"), False, False),
        (LOOKUP, ans("clarify", value=253), False, False),
        (DELTA, ans(value=344, text="比2022年减少344万元"), True, False),
        (DELTA, ans(value=-344, text="增加"), False, False),  # right figure, wrong direction
        (NARR, ans(text="因为2022年承办了上海合作组织青年科技论坛"), True, False),
        (NARR, ans(text="不知道"), False, False),
        (UNANS, ans("not_found"), True, False),
        (UNANS, ans(value=12), False, True),
        (UNANS, ans(text="没有数据"), False, False),
    ],
)
def test_answer_right_and_wrong_number(
    item: GoldItem, answer: dict[str, Any], right: bool, wrong_num: bool
) -> None:
    assert answer_right(item, answer) is right
    assert wrong_number(item, answer) is wrong_num


@pytest.mark.parametrize(
    ("item", "cites", "ok"),
    [
        (LOOKUP, [{"source": "a.pdf", "page": 24}], True),
        (LOOKUP, [{"source": "a.pdf", "page": 5}], False),
        (LOOKUP, [{"source": "b.pdf", "page": 24}], False),  # right page, wrong document
        (LOOKUP, [{"source": "a.md", "page": None, "table": "表9 x"}, {"source": "a.pdf", "page": 24}], True),
        (
            gold(value=Decimal(1), docs=("a.md",), table="表9"),
            [{"source": "a.pdf", "page": 24, "table": "表9 三公"}],
            True,
        ),
        (
            gold(value=Decimal(1), docs=("a.md",), table="第五部分"),
            [{"source": "a.md", "section": "第五部分 三公"}],
            True,
        ),
        (LOOKUP, [], False),
    ],
)
def test_citation_right(item: GoldItem, cites: list[dict[str, Any]], ok: bool) -> None:
    assert citation_right(item, ans(value=253, cites=cites)) is ok


def test_recall_at_k_counts_only_the_first_k() -> None:
    cites = [{"source": "a.pdf", "page": 9}, {"source": "a.pdf", "page": 8}, {"source": "a.pdf", "page": 3}]
    answer = ans(text="上海合作组织", cites=cites)
    assert [recall_at_k(NARR, answer, k) for k in (1, 2, 3)] == [False, False, True]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([], 50, None), ([5.0], 95, 5.0), ([1, 2, 3, 4], 50, 2), (list(range(1, 101)), 95, 95)],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    assert percentile(values, q) == expected


def test_summarize() -> None:
    scored = [
        score(LOOKUP, ans(value=253, cites=[{"source": "a.pdf", "page": 24}]) | {"elapsed_ms": 100}),
        score(LOOKUP, ans(value=597, cites=[{"source": "a.pdf", "page": 1}]) | {"elapsed_ms": 300}),
        score(UNANS, ans("not_found") | {"elapsed_ms": 20}),
        score(UNANS, ans(value=3) | {"elapsed_ms": 40}),
        score(LOOKUP, ans("not_found") | {"elapsed_ms": 30}),
        score(NARR, ans(text="上海合作组织", cites=[{"source": "a.pdf", "page": 3}]) | {"elapsed_ms": 50}),
    ]
    m = summarize(scored)
    assert m["n"] == 6
    assert m["answer_accuracy"] == pytest.approx(3 / 6)
    assert m["citation_accuracy"] == pytest.approx(2 / 3)  # answered and citable: 2 lookups + narrative
    assert m["wrong_number_rate"] == pytest.approx(2 / 6)
    assert m["abstention_precision"] == pytest.approx(1 / 2)
    assert m["abstention_recall"] == pytest.approx(1 / 2)
    assert m["narrative_recall@1"] == 1.0
    assert m["latency_p50_ms"] == 40
    assert m["latency_p95_ms"] == 300


def test_summarize_empty_has_no_denominators() -> None:
    m = summarize([])
    assert m["n"] == 0 and m["answer_accuracy"] is None and m["latency_p95_ms"] is None


def test_counting_words_for_one_unit_match() -> None:
    assert numbers_match(Decimal(274), "人", Decimal(274), "名")
    assert numbers_match(Decimal(5), "个", Decimal(5), "家")
    assert not numbers_match(Decimal(5), "个", Decimal(5), "辆")
