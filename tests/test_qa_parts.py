"""A question that asks several things gets each of them: 总共多少？其中工程类多少？ / 几个项目，涉及多少钱？ /
有多少，比上年增加多少，为什么？ The answer says every figure asked (each from its own stored figure or sentence),
and `parts` lists them in the order asked; the harness takes a set's one expected figure from any part.
Invented department and figures, built in code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from invented import budget_doc, chunks

from budgetqa.eval.gold import GoldItem
from budgetqa.eval.metrics import answer_right, wrong_number
from budgetqa.qa import Answerer
from budgetqa.qa.question import asking_clauses
from budgetqa.store import Fact, HashEmbedder, ParsedDocument, Store, TableInfo

STREET = "示范市庚区人民政府庚湖街道办事处"
THREE = "“三公”经费支出预算表"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("parts"), embedder=HashEmbedder())
    text = [
        "六、其他相关情况说明\n三、政府采购预算情况\n2033年本部门政府采购预算900.00万元，其中：政府采购货物预算100.00万元、"
        "政府采购工程预算500.00万元、政府采购服务预算300.00万元。",
        "四、绩效目标设置情况\n本部门1个预算单位开展了2033年项目预算绩效目标编报工作，编报绩效目标的项目7个，涉及项目预算资金1234.00万元。",
        "五、机关运行经费预算情况\n2033年本部门一般公共预算机关运行经费预算支出210.00万元，与上年相比增加10.00万元，增长5.00%。"
        "主要原因是新增办公场地。",
        "一、收支预算总体情况说明\n庚湖街道2033年度收入、支出预算总计8000.00万元，与上年相比收、支预算总计各增加400.00万元，增长5.26%。",
        "六、会议费预算情况\n会议费预算支出12.00万元，本年数与上年预算数一致。",
    ]
    facts = [
        Fact("g33", 9, THREE, "合计", "2033年预算数", Decimal("40.00"), "40.00", "万元", 12),
        Fact("g33", 9, THREE, "合计", "2032年预算数", Decimal("46.00"), "46.00", "万元", 12),
        Fact("g33", 9, THREE, "公务接待费", "2033年预算数", Decimal("4.00"), "4.00", "万元", 12),
        Fact("g33", 9, THREE, "公务接待费", "2032年预算数", Decimal("5.00"), "5.00", "万元", 12),
    ]
    store.add(
        ParsedDocument(
            budget_doc("g33", STREET, 2033, "示范市庚区", tables=(TableInfo(9, THREE, 12, 12, "万元", ()),)),
            facts,
            chunks("g33", text, page=20),
        )
    )
    return Answerer(store)


@pytest.mark.parametrize(
    ("question", "clauses"),
    [
        ("政府采购预算总共多少？其中工程类多少？", ["政府采购预算总共多少？", "其中工程类多少？"]),
        (
            "机关运行经费有多少，比上年增加多少，为什么？",
            ["机关运行经费有多少，", "比上年增加多少，", "为什么？"],
        ),
        # a clause that asks nothing belongs to the next one; courtesy is no question
        (
            "你好，2033年政府采购表里，会议服务采购了多少？",
            ["你好，2033年政府采购表里，会议服务采购了多少？"],
        ),
        ("三公经费多少？谢谢！", ["三公经费多少？谢谢！"]),
        ("有几个项目编报了绩效目标，涉及多少资金？", ["有几个项目编报了绩效目标，", "涉及多少资金？"]),
    ],
)
def test_a_question_is_cut_into_the_questions_it_asks(question: str, clauses: list[str]) -> None:
    assert asking_clauses(question) == clauses


def test_a_total_and_one_of_its_parts_are_both_answered(answerer: Answerer) -> None:
    a = answerer.ask("庚湖街道2033年政府采购预算总共多少？其中工程类多少？")
    assert a.status == "answered"
    assert {(v, u) for v, u in a.parts} >= {(Decimal("900.00"), "万元"), (Decimal("500.00"), "万元")}
    assert "900.00万元" in a.answer and "500" in a.answer
    assert a.to_json()["parts"][0].keys() == {"value", "unit"}


def test_a_count_and_the_money_it_involves_are_both_given(answerer: Answerer) -> None:
    a = answerer.ask("庚湖街道2033年有几个项目编报了绩效目标？涉及多少钱？")
    assert (a.status, a.value, a.unit) == ("answered", Decimal("7"), "个")  # asked first
    assert (Decimal("1234.00"), "万元") in a.parts
    assert a.answer.count("编报绩效目标的项目7个") == 1  # the sentence is quoted once


def test_an_amount_its_change_and_the_reason_are_all_said(answerer: Answerer) -> None:
    a = answerer.ask("庚湖街道2033年机关运行经费有多少，比上年增加多少，为什么？")
    assert a.status == "answered"
    values = [v for v, _ in a.parts]
    assert Decimal("210.00") in values and Decimal("10.00") in values
    assert "新增办公场地" in a.answer


def test_a_question_asking_one_thing_has_no_parts(answerer: Answerer) -> None:
    a = answerer.ask("庚湖街道2033年公务接待费预算多少？")
    assert (a.status, a.value) == ("answered", Decimal("4.00"))
    assert a.parts == () and a.to_json()["parts"] == []


def test_a_part_that_the_document_does_not_state_adds_no_figure(answerer: Answerer) -> None:
    a = answerer.ask("庚湖街道2033年公务接待费预算多少？接待了多少批次？")
    assert (a.status, a.value) == ("answered", Decimal("4.00"))
    assert all(v == Decimal("4.00") for v, _ in a.parts)


def _gold(value: str, unit: str) -> GoldItem:
    return GoldItem(id="p1", question="q", kind="lookup", value=Decimal(value), unit=unit)


def test_the_harness_takes_the_expected_figure_from_any_part_and_flags_none_matching() -> None:
    answer = {
        "status": "answered",
        "answer": "7个。……涉及项目预算资金1234.00万元。",
        "value": 7,
        "unit": "个",
        "parts": [{"value": 7, "unit": "个"}, {"value": "1234.00", "unit": "万元"}],
    }
    assert answer_right(_gold("1234", "万元"), answer) and not wrong_number(_gold("1234", "万元"), answer)
    assert answer_right(_gold("7", "个"), answer)
    assert not answer_right(_gold("1000", "万元"), answer) and wrong_number(_gold("1000", "万元"), answer)
    # without parts the answer's `value` alone is compared, as before
    single = {k: v for k, v in answer.items() if k != "parts"}
    assert not answer_right(_gold("1234", "万元"), single) and wrong_number(_gold("1234", "万元"), single)


def test_a_change_stated_both_ways_answers_both_ways(answerer: Answerer) -> None:
    # 增长了多少 may want the amount or the rate: the sentence states both, and both are given
    for question in (
        "庚湖街道2033年部门预算比上年增长了多少？",
        "庚湖街道2033年机关运行经费比上年增长了多少？",
    ):
        a = answerer.ask(question)
        assert a.status == "answered", question
        assert {u for _, u in a.parts} == {"万元", "%"}, question
        assert (a.value, a.unit) == a.parts[0]  # the figure the answer leads with comes first


def test_the_same_as_last_year_answers_with_the_figure_of_both_years(answerer: Answerer) -> None:
    s = answerer.new_session()
    answerer.ask("庚湖街道2033年会议费预算多少？", session=s)
    a = answerer.ask("跟上一年比有变化吗？", session=s)  # 本年数与上年预算数一致: no change
    assert a.status == "answered" and "持平" in a.answer
    assert (Decimal("0"), "万元") in a.parts and (Decimal("12.00"), "万元") in a.parts
    a = answerer.ask("庚湖街道2033年公务接待费比上年少了多少？")  # a table's two columns
    assert (a.value, a.unit) == (Decimal("-1.00"), "万元")


def test_a_follow_up_of_the_whole_budget_keeps_the_budget_as_its_subject(answerer: Answerer) -> None:
    s = answerer.new_session()
    answerer.ask("庚湖街道2033年部门预算总共安排了多少钱？", session=s)
    a = answerer.ask("比上年增长了多少？", session=s)
    assert "部门预算比上年" in a.answer  # what was assumed says the budget, not a bare 部门
    assert (Decimal("400.00"), "万元") in a.parts
