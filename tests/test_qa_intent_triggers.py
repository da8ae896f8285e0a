"""What a question asks beyond its operation, read once in `budgetqa.qa.question` as properties of the `Intent`;
the plans route by these and hold no question pattern of their own. A table test: each trigger fires on the words
it is for and not on a near miss. Invented departments."""

from __future__ import annotations

import pytest

from budgetqa.qa.question import WHERE_TO_LOOK, parse


@pytest.mark.parametrize(
    ("question", "trigger", "fires"),
    [
        ("某局2031年信息化项目主要用于什么？", "words_only", True),
        ("某局2031年信息化项目安排了多少，主要用于什么？", "words_only", False),
        ("某局2031年信息化这笔钱主要用在哪儿？", "words_only", False),
        ("某局2031年有几辆车？", "number_asked", True),
        ("某局2031年的工作有哪几个方面？", "number_asked", False),
        ("某局2031年培训费预算是多少钱？", "money_asked", True),
        ("某局2031年有几个处室？", "money_asked", False),
        ("某局2031年决算完成了年初预算的百分之几？", "execution", True),
        ("某局2031年决算数是多少？", "execution", False),
        ("某局2030年甲项实际执行了多少？", "executed_asked", True),
        ("某局2031年甲项和乙项哪个多？", "choosing", True),
        ("某局2031年甲项和乙项分别是多少？", "choosing", False),
        ("某局2031年预算说明里写的三公经费是多少？", "text_named", True),
        ("某局2031年三公经费是多少？", "text_named", False),
        ("某局2031年哪一类支出增长最快？", "rate_ranked", True),
        ("某局2031年哪一类支出最多？", "rate_ranked", False),
        ("某局2031年甲项和乙项加起来多少？", "adds_up", True),
        ("某局2031年比上年执行数多了多少？", "against_executed", True),
        ("某局2031年比上年多了多少？", "against_executed", False),
        ("某局2031年决算比年初预算多了多少？", "against_budget", True),
        ("某局2031年决算比预算少了多少？", "against_plain_budget", True),
        ("某局2031年甲项跟全口径的项目支出相比怎样？", "other_comparand", True),
        ("某局2031年甲项跟上年比怎样？", "other_comparand", False),
        ("这几个部门里谁花得最多？", "across", True),
        ("这几个部门里谁花得最多？", "spending", True),
        ("某局2031年哪一项最多？", "across", False),
        ("哪个部门的三公经费最多？", "ranks_departments", True),
        ("某局2031年哪个项目的钱最多？", "ranks_projects", True),
        ("某局2031年哪一类支出最多？", "ranks_projects", False),
        ("某局2031年甲项目第三季度用款计划是多少？", "quarters", True),
        ("某局2031年甲项目是多少？", "quarters", False),
        ("某局2031年培训费是不是40万元？", "confirming", True),
        ("某局2031年培训费是多少？", "confirming", False),
        ("某局2031年中标的是哪几家企业？", "which_ones", True),
        ("某局2031年有几家企业中标？", "which_ones", False),
        ("某局2031年有哪些项目、各多少钱？", "each_amount", True),
        ("某局2031年有哪些项目？", "each_amount", False),
    ],
)
def test_a_trigger_fires_on_its_words_only(question: str, trigger: str, fires: bool) -> None:
    assert getattr(parse(question), trigger) is fires


def test_which_units_are_asked_by_name() -> None:
    assert parse("某局2031年部门决算包括了哪些单位？").units_listed == ""
    assert parse("某局2031年有哪几家下属单位？").units_listed == "下属"
    assert parse("某局2031年有几个下属单位？").units_listed is None  # a count, not the names
    assert parse("纳入某局2031年部门汇总预算的预算单位有哪几家？").units_listed == "预算"
    assert parse("某局2031年的下属单位都有哪些？").units_listed == "下属"
    assert parse("某局2031年的预算单位有几家？").units_listed is None


@pytest.mark.parametrize(
    ("question", "trigger", "words"),
    [
        ("某局2031年这项工作单独有多少预算？", "money_alone", "多少预算"),
        ("某局2031年这项工作有几个人？", "money_alone", None),
        ("某局2031年搞的什么普查？", "kind_asked", "搞的什么普查"),
        ("某局2031年具体买了哪些服务？", "kind_asked", "买了哪些服务"),
        ("某局2031年为什么搞普查？", "kind_asked", None),
        ("某局2031年绩效目标是怎么设定的？", "performance", "绩效目标"),
        ("某局2031年工作目标是什么？", "performance", None),
    ],
)
def test_a_trigger_finds_its_words(question: str, trigger: str, words: str | None) -> None:
    found = getattr(parse(question), trigger)
    assert (found.group(0) if found else None) == words


@pytest.mark.parametrize(
    ("question", "left"),
    [
        ("看2061年预算，某局还挂了哪些牌子？", "某局还挂了哪些牌子？"),
        ("按2061年预算文件披露的资产情况，某局有几辆车？", "某局有几辆车？"),
        ("某局2061年预算里有几辆车？", "某局2061年预算里有几辆车？"),
    ],
)
def test_a_clause_saying_where_to_look_asks_nothing(question: str, left: str) -> None:
    assert WHERE_TO_LOOK.sub("", question) == left
