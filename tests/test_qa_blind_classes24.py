"""Failure classes of round 34 (eval/blind/README.md), in general, on invented documents:

1. An item asked inside another with a quantifier or a quote mark between (采购表中所有“维修服务”加起来): the
   first names where the second is read, not a summand; the second's rows under that table are added up.
2. A follow-up comparing two measures of the subject with no item named (决算比预算少了多少？为什么？ after …年初预算是多少):
   the same item, its outturn against its budget.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from invented import budget_doc

from budgetqa.qa import Answerer
from budgetqa.qa.conversation import Session, understand
from budgetqa.store import Fact, HashEmbedder, ParsedDocument, Store, TableInfo


@pytest.fixture(scope="module")
def bought(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    """示范市酉局's 2061 procurement table: one service bought under two projects."""
    store = Store(tmp_path_factory.mktemp("classes24"), embedder=HashEmbedder())
    title = "政府采购支出预算表"
    rows = [
        ("合计", "400.00", ()),
        ("一、服务类", "400.00", ()),
        ("档案数字化项目", "150.00", ("一、服务类",)),
        ("维修服务", "30.00", ("一、服务类", "档案数字化项目")),
        ("印刷服务", "120.00", ("一、服务类", "档案数字化项目")),
        ("机房运维项目", "250.00", ("一、服务类",)),
        ("维修服务", "45.00", ("一、服务类", "机房运维项目")),
        ("信息技术服务", "205.00", ("一、服务类", "机房运维项目")),
    ]
    facts = [
        Fact("y61", 7, title, row, "总计", Decimal(v), v, "万元", 12, row_path=path, row_index=i)
        for i, (row, v, path) in enumerate(rows)
    ]
    doc = budget_doc("y61", "示范市酉局", 2061, "示范市", tables=(TableInfo(7, title, 12, 12, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    return Answerer(store)


@pytest.mark.parametrize(
    "question",
    [
        "示范市酉局2061年政府采购中所有“维修服务”加起来是多少？",
        "示范市酉局2061年政府采购里全部的维修服务一共多少钱？",
        "示范市酉局2061年政府采购中维修服务合计多少？",
    ],
)
def test_an_item_inside_a_named_whole_is_summed_there_not_added_to_it(
    bought: Answerer, question: str
) -> None:
    a = bought.ask(question)
    assert (a.status, a.value) == ("answered", Decimal("75.00")), a.answer
    assert "475" not in a.answer and "445" not in a.answer


@pytest.mark.parametrize(
    ("previous", "turn", "expected"),
    [
        (
            "2061年示范市酉局取暖费年初预算是多少？",
            "决算比预算少了多少？为什么？",
            "取暖费决算比预算少了多少",
        ),
        ("2061年示范市酉局取暖费决算多少？", "实际执行和年初预算差多少？", "取暖费实际执行和年初预算差多少"),
        ("2061年示范市酉局取暖费调整预算多少？", "执行数比调整预算多吗？", "取暖费执行数比调整预算多吗"),
    ],
)
def test_two_measures_compared_in_a_follow_up_keep_the_item(previous: str, turn: str, expected: str) -> None:
    understood, assumed = understand(turn, Session([previous]), [])
    assert expected in understood and "2061年" in understood, understood
    assert "年初预算决算" not in understood and assumed is not None
