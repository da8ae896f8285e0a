"""Failure classes the blind sets ia–id showed at first sight (eval/blind/README.md, ninth session), each fixed
in general and held here with an invented department and figures built in code. Most of them stated a wrong
number: a share's base read as its part, one row added to itself, a purchase counted as what is held, a part
named after 其中 answered with the whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from invented import budget_doc, chunks
from invented import money as _f

from budgetqa.qa import Answerer
from budgetqa.qa.conversation import Session, understand
from budgetqa.qa.question import parse
from budgetqa.store import Fact, HashEmbedder, ParsedDocument, Store, TableInfo

OFFICE = "示范省庚委员会办公厅"
STREET = "示范区辛街道办事处"
THREE = "“三公”经费、会议费、培训费支出预算表"
ECONOMIC = "一般公共预算基本支出经济分类预算表"
RUNNING = "一般公共预算机关运行经费支出预算表"
TOTAL = "支出预算总表"
BASIC = "一般公共预算基本支出预算表（经济科目）"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("classes10"), embedder=HashEmbedder())
    tables = (
        TableInfo(3, TOTAL, 5, 5, "万元", ()),
        TableInfo(6, ECONOMIC, 8, 8, "万元", ()),
        TableInfo(7, RUNNING, 9, 9, "万元", ()),
        TableInfo(8, BASIC, 10, 10, "万元", ()),
        TableInfo(9, THREE, 11, 11, "万元", ()),
        TableInfo(12, "2036年部门预算项目绩效目标表", 14, 14, "万元", ()),
    )
    facts = [
        _f("k36", 3, TOTAL, "合计", "9000.00", 5),
        _f("k36", 3, TOTAL, "合计", "6000.00", 5, "基本支出"),
        _f("k36", 3, TOTAL, "合计", "3000.00", 5, "项目支出"),
        _f("k36", 3, TOTAL, "信访事务", "45.00", 5),
        _f("k36", 3, TOTAL, "行政单位离退休", "300.00", 5),
        _f("k36", 3, TOTAL, "未归口管理的行政单位离退休", "40.00", 5),
        _f("k36", 3, TOTAL, "住房保障支出", "500.00", 5),
        _f("k36", 3, TOTAL, "住房保障支出", "320.00", 5, "基本支出"),
        _f("k36", 3, TOTAL, "住房保障支出", "180.00", 5, "项目支出"),
        _f("k36", 6, ECONOMIC, "工资福利支出", "2500.00", 8),
        _f("k36", 6, ECONOMIC, "对个人和家庭的补助", "2100.00", 8),
        _f("k36", 6, ECONOMIC, "津贴补贴", "1600.00", 8),
        _f("k36", 6, ECONOMIC, "基本工资", "900.00", 8),
        _f("k36", 6, ECONOMIC, "水费", "12.00", 8),
        _f("k36", 6, ECONOMIC, "电费", "30.00", 8),
        _f("k36", 7, RUNNING, "水费", "210.00", 9),
        _f("k36", 7, RUNNING, "电费", "390.00", 9),
        _f("k36", 7, RUNNING, "合计", "1800.00", 9),
        Fact("k36", 9, THREE, "2036年预算数", "“三公”经费/小计", Decimal("80.00"), "80.00", "万元", 11),
        Fact(
            "k36",
            9,
            THREE,
            "2036年预算数",
            "“三公”经费/因公出国(境)费",
            Decimal("20.00"),
            "20.00",
            "万元",
            11,
        ),
        Fact("k36", 9, THREE, "2036年预算数", "“三公”经费/公务接待费", Decimal("16.00"), "16.00", "万元", 11),
        Fact(
            "k36",
            9,
            THREE,
            "2036年预算数",
            "“三公”经费/公务用车购置及运行费",
            Decimal("44.00"),
            "44.00",
            "万元",
            11,
        ),
        Fact("k36", 9, THREE, "2036年预算数", "会议费", Decimal("75.50"), "75.50", "万元", 11),
        Fact("k36", 9, THREE, "2036年预算数", "培训费", Decimal("20.00"), "20.00", "万元", 11),
        Fact("k36", 9, THREE, "2036年预算数", "合计", Decimal("175.50"), "175.50", "万元", 11),
        _f("k36", 3, TOTAL, "法律服务", "30.00", 5),
        *[
            Fact("k36", 8, BASIC, row, "金额", Decimal(v), v, "万元", 10, code, path)
            for code, row, v, path in (
                ("302", "商品和服务支出", "1400.00", ()),
                ("30201", "办公费", "300.00", ("商品和服务支出",)),
                ("30211", "差旅费", "500.00", ("商品和服务支出",)),
                ("30239", "其他交通费用", "600.00", ("商品和服务支出",)),
            )
        ],
    ]
    text = [
        "一、部门概况\n本委员会内设处室12个，编制86名，其中行政编制70名。",
        "四、部门预算编制说明\n1. “一般公共服务支出-信访事务”科目45万元，主要用于办理群众来访事项。",
        "四、部门预算编制说明\n5. “一般公共服务支出（类）其他一般公共服务支出（款）法律服务（项）”30.00万元。"
        "2035年当年预算执行数为15.00万元，2036年预算安排30.00万元，比2035年预算执行数增加100.00%。"
        "主要原因是：法律服务经费增加。",
        "三、项目支出情况说明\n2036年项目支出3000.00万元，比上年增加150.00万元，主要是新增档案数字化专项经费120万元，"
        "内网改造专项经费30万元。",
        "十、机关运行经费支出预算情况说明\n2036年本部门机关运行经费预算支出1800.00万元，比上年增加1400.00万元，"
        "增长350.00%。主要原因是统计口径发生调整。",
        "十二、国有资产占用情况\n2036年部门预算安排购置车辆2辆，其中一般公务用车2辆。"
        "截至2035年8月31日，本部门共有车辆9辆，其中一般公务用车6辆。",
    ]
    store.add(
        ParsedDocument(
            budget_doc("k36", OFFICE, 2036, "示范省", tables=tables), facts, chunks("k36", text, page=20)
        )
    )
    store.add(
        ParsedDocument(
            budget_doc("k35", OFFICE, 2035, "示范省", tables=(TableInfo(9, THREE, 11, 11, "万元", ()),)),
            [Fact("k35", 9, THREE, "2035年预算数", "会议费", Decimal("60.00"), "60.00", "万元", 11)],
            chunks("k35", ["一、部门职责\n负责本委日常运转。"], page=20),
        )
    )
    street_text = [
        "六、其他相关情况说明\n三、政府采购预算情况\n2036年本部门政府采购预算800.00万元，其中：政府采购货物预算"
        "100.00万元、政府采购服务预算700.00万元。",
    ]
    store.add(
        ParsedDocument(
            budget_doc("s36", STREET, 2036, "示范区", tables=(TableInfo(3, TOTAL, 5, 5, "万元", ()),)),
            [_f("s36", 3, TOTAL, "合计", "5000.00", 5)],
            chunks("s36", street_text, page=30),
        )
    )
    return store


@pytest.fixture(scope="module")
def answerer(store: Store) -> Answerer:
    return Answerer(store)


@pytest.mark.parametrize(
    "follow_up", ["它在三公经费里占多少比例？", "在三公经费里占多大比例？", "这笔钱在三公经费中占多少？"]
)
def test_a_follow_up_naming_only_the_whole_asks_the_share_of_the_previous_subject(
    answerer: Answerer, follow_up: str
) -> None:
    """它在三公经费里占多少比例 after 公务接待费预算多少: 三公经费 is the base; the part is 公务接待费, not 三公经费 of
    the whole budget (a wrong number: 80 ÷ 9000)."""
    session = answerer.new_session()
    first = answerer.ask(f"{OFFICE}2036年公务接待费预算多少？", session=session)
    assert first.value == Decimal("16.00")
    a = answerer.ask(follow_up, session=session)
    assert a.status == "answered" and a.value == Decimal("20.00") and a.unit == "%", a.answer
    assert "公务接待费" in a.answer


def test_a_share_follow_up_keeps_its_own_year_and_department(store: Store) -> None:
    """The rule reads a base only when the turn names neither another department nor a year."""
    session = Session([f"{OFFICE}2036年公务接待费预算多少？"])
    understood, _ = understand("2035年在三公经费里占多少？", session, store.documents())
    assert "公务接待费在三公经费" not in understood


@pytest.mark.parametrize("said", ["开会的钱（会议费）", "开会的会议费"])
def test_one_item_said_twice_is_not_added_to_itself(answerer: Answerer, said: str) -> None:
    a = answerer.ask(f"{OFFICE}2036年{said}一共预算了多少？")
    assert a.status == "answered" and a.value == Decimal("75.50"), a.answer


def test_two_items_with_a_joining_word_between_stay_two(answerer: Answerer) -> None:
    a = answerer.ask(f"{OFFICE}2036年水费和电费一共多少？")
    assert a.status == "answered" and a.value in (Decimal("42.00"), Decimal("600.00")), a.answer


@pytest.mark.parametrize(
    "question",
    [
        f"{OFFICE}2036年机关运行经费中，水费和电费合起来多少钱？",
        f"{OFFICE}2036年机关运行经费里的水费、电费一共多少？",
    ],
)
def test_items_listed_inside_a_named_whole_are_all_read_inside_it(answerer: Answerer, question: str) -> None:
    """The second item listed after a nested one is inside the same whole: 210 + 390 from the 机关运行经费
    table, not 12 + 30 from the 基本支出 table."""
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == Decimal("600.00"), a.answer


@pytest.mark.parametrize(
    "question",
    [
        f"{OFFICE}2036年基本支出分三大块（工资福利、商品和服务、对个人和家庭的补助），哪一块最大？",
        f"{OFFICE}2036年工资福利支出、商品和服务支出和对个人和家庭的补助，哪个最多？",
    ],
)
def test_a_ranking_of_listed_items_ranks_those_items(answerer: Answerer, question: str) -> None:
    """Not the rows inside the first of them (津贴补贴 1600 inside 工资福利支出)."""
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == Decimal("2500.00"), a.answer
    order = a.answer.split("排序：")[1]
    assert order.index("工资福利支出") < order.index("对个人和家庭的补助") < order.index("商品和服务支出")


def test_a_ranking_of_listed_items_one_of_which_is_not_printed_is_no_partial_ranking(
    answerer: Answerer,
) -> None:
    a = answerer.ask(f"{OFFICE}2036年工资福利支出、资本性支出和商品和服务支出，哪个最多？")
    assert a.value != Decimal("2500.00") or "资本性支出" not in a.answer.split("排序")[-1]


@pytest.mark.parametrize(
    "question", [f"{OFFICE}2036年一共有多少辆车？", f"{OFFICE}2036年部门预算里，单位现在有几辆车？"]
)
def test_a_count_of_what_is_held_is_not_a_count_bought(answerer: Answerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == Decimal("9"), a.answer


def test_a_count_bought_is_still_answered_by_the_purchase(answerer: Answerer) -> None:
    a = answerer.ask(f"{OFFICE}2036年预算安排买几辆车？")
    assert a.status == "answered" and a.value == Decimal("2"), a.answer


def test_a_remark_on_where_to_look_is_not_what_is_counted(answerer: Answerer) -> None:
    a = answerer.ask(f"截至2035年8月底，{OFFICE}一共有几辆车？（看2036年预算的说明）")
    assert a.status == "answered" and a.value == Decimal("9"), a.answer


def test_a_part_asked_after_qizhong_is_not_answered_with_the_whole(answerer: Answerer) -> None:
    """…项目支出增加了，其中内网改造的专项经费是多少: 项目支出 (3000) is a wrong number; the text's 30万元 or
    "not found" are right."""
    a = answerer.ask(f"{OFFICE}2036年项目支出增加了，其中内网改造的专项经费是多少？")
    assert a.value != Decimal("3000.00"), a.answer
    assert a.status == "not_found" or a.value == Decimal("30"), a.answer


def test_the_asking_clause_is_never_chatter_to_the_coverage_rule(answerer: Answerer) -> None:
    """政府采购预算中，给中小企业留了多少: the text states only the procurement total (800); the clause that asks
    names 中小企业, which it never prints, so the total is no answer."""
    a = answerer.ask(f"{STREET}2036年政府采购预算中，给中小企业留了多少？")
    assert a.status == "not_found" and a.value is None, a.answer
    assert "800" in a.answer  # the nearest figure is shown, as not the answer
    whole = answerer.ask(f"{STREET}2036年政府采购预算是多少？")
    assert whole.status == "answered" and whole.value == Decimal("800.00"), whole.answer


def test_a_change_against_last_years_execution_is_not_read_from_last_years_budget(answerer: Answerer) -> None:
    """比上年执行数: the 2035 document prints its budget, not its 执行数, so it gives no base for this change;
    without that word the department's 2035 budget document is named as the source of last year's figure."""
    executed = answerer.ask(f"{OFFICE}2036年会议费比上年执行数增长了多少？")
    assert executed.value != Decimal("15.50") and executed.status == "not_found", executed.answer
    budgeted = answerer.ask(f"{OFFICE}2036年会议费比上年增长了多少？")
    assert budgeted.status == "answered" and Decimal("15.50") in [v for v, _ in budgeted.parts], (
        budgeted.answer
    )


def test_the_document_named_before_an_item_is_not_a_table_scope(answerer: Answerer) -> None:
    """部门预算里的项目支出: 部门预算 names the document (though one table's title prints it), so the item is read
    from every table, not only from the 部门预算项目绩效目标表."""
    a = answerer.ask(f"{OFFICE}2036年部门预算里项目支出总共多少钱？")
    assert a.status == "answered" and a.value == Decimal("3000.00"), a.answer
    assert any(c.table and TOTAL in c.table for c in a.citations), a.answer  # the table's cell, not the text


def test_everyday_words_glossing_a_printed_name_ask_nothing_more(answerer: Answerer) -> None:
    """接待群众来信来访（信访事务）: the brackets give the printed row; the words before them say the same thing."""
    a = answerer.ask(f"{OFFICE}2036年接待群众来信来访（信访事务）的经费是多少？")
    assert a.status == "answered" and a.value == Decimal("45.00"), a.answer
    # words in brackets after a printed name narrow it: never answered with the wider row
    narrowed = answerer.ask(f"{OFFICE}2036年行政单位离退休（未归口管理的那块）预算是多少？")
    assert narrowed.value in (None, Decimal("40.00")), narrowed.answer


@pytest.mark.parametrize(
    "question",
    [
        f"{OFFICE}2036年部门概况里写的编制总数是多少名？",
        f"按{OFFICE}2036年预算的说法，编制一共多少名？",
        f"按2036年预算公开的介绍，{OFFICE}编制一共多少名？",
        f"看2036年{OFFICE}的预算说明，委里编制有多少名？",
    ],
)
def test_where_a_count_is_written_is_not_what_it_counts(answerer: Answerer, question: str) -> None:
    a = answerer.ask(question)
    assert a.status == "answered" and a.value == Decimal("86"), a.answer


def test_what_money_is_used_for_is_no_question_of_why_it_changed(answerer: Answerer) -> None:
    """主要用来干嘛，金额多少: the amount (and what it is for), not a change against last year's document."""
    a = answerer.ask(f"{OFFICE}2036年会议费主要用来干嘛，金额多少？")
    assert a.status == "answered" and a.value == Decimal("75.50"), a.answer
    assert parse("多出来的钱主要用来干嘛？").why and not parse("这笔钱主要用来干嘛？").why


def test_a_rough_multiple_the_question_gives_is_no_rate_asked_and_asks_why(answerer: Answerer) -> None:
    """怎么一下子涨了三倍多？比上年多了多少？: the amount (1400), not the rate, and the reason the text gives."""
    assert parse("X局2036年经费怎么一下子涨了三倍多？").why
    a = answerer.ask(f"{OFFICE}2036年机关运行经费怎么一下子涨了三倍多？比上年多了多少？")
    assert a.status == "answered" and a.value == Decimal("1400.00"), a.answer
    assert "统计口径发生调整" in a.answer


@pytest.mark.parametrize(("asked", "value"), [("基本支出", "320.00"), ("项目支出", "180.00")])
def test_parts_listed_then_one_asked_read_that_part(answerer: Answerer, asked: str, value: str) -> None:
    a = answerer.ask(f"{OFFICE}2036年住房保障支出分基本支出和项目支出，{asked}是多少？")
    assert a.status == "answered" and a.value == Decimal(value), a.answer


def test_a_measure_word_said_to_be_the_item_is_no_column(answerer: Answerer) -> None:
    """公用经费也就是商品和服务支出: two names of one thing; the row, not a 公用经费 column of it."""
    a = answerer.ask(f"{OFFICE}2036年公用经费也就是商品和服务支出总额是多少？")
    assert a.status == "answered" and a.value == Decimal("1400.00"), a.answer


@pytest.mark.parametrize(
    "asked", ["有多少，主要用在哪？", "安排多少，用来干什么？", "主要用来干嘛，金额多少？"]
)
def test_an_amount_asked_with_what_it_is_for_gets_both(answerer: Answerer, asked: str) -> None:
    a = answerer.ask(f"{OFFICE}2036年信访事务{asked}")
    assert a.status == "answered" and a.value == Decimal("45.00"), a.answer
    assert "办理群众来访事项" in a.answer and len(a.citations) >= 2


# --- the ja–jd failure classes (ninth session, after their first-sight score) --------------------------------------


def test_items_the_question_leaves_out_are_not_added_in(answerer: Answerer) -> None:
    """“三公”经费合计多少？不算会议费和培训费: the 三公 subtotal (80), not 三公 + 会议费 + 培训费 (175.5)."""
    a = answerer.ask(f"{OFFICE}2036年“三公”经费预算合计多少？不算会议费和培训费")
    assert a.status == "answered" and a.value == Decimal("80.00"), a.answer


def test_a_remark_on_the_share_asks_no_share(answerer: Answerer) -> None:
    a = answerer.ask(f"信访事务在{OFFICE}2036年的预算里占比很小吧，具体给了多少钱？")
    assert a.status == "answered" and a.value == Decimal("45.00") and a.unit == "万元", a.answer
    assert (
        "share" in parse(f"{OFFICE}2036年信访事务占比高吗？").ops
    )  # a question about the share still asks it


def test_why_it_doubled_is_answered_with_the_stated_change_and_its_reason(answerer: Answerer) -> None:
    a = answerer.ask(f"{OFFICE}2036年法律服务经费怎么翻了一倍？")
    assert a.status == "answered" and a.value == Decimal("100.00") and a.unit == "%", a.answer
    assert "法律服务经费增加" in a.answer


def test_units_under_the_department_counted_in_the_question_have_no_figures_of_their_own(
    answerer: Answerer,
) -> None:
    a = answerer.ask(f"{OFFICE}2036年下属那3家事业单位各自的预算分别是多少？")
    assert a.status == "not_found" and a.value is None and "事业单位" in a.answer, a.answer


def test_a_measure_word_glossed_by_the_item_in_brackets_is_no_column(answerer: Answerer) -> None:
    """公用经费（商品和服务支出）各科目里，哪一项最高: the rows under 商品和服务支出, ranked."""
    a = answerer.ask(f"{OFFICE}2036年的公用经费（商品和服务支出）各科目里，哪一项预算最高？")
    assert a.status == "answered" and a.value == Decimal("600.00") and "其他交通费用" in a.answer, a.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("住房保障支出里，基本支出那一块是多少？", "320.00"),  # pointing words around a part name
        ("住房保障支出里属于项目支出的是多少？", "180.00"),
        ("用于接待群众来访的“信访事务”那一项，预算是多少？", "45.00"),  # words describing a quoted name
        ("工作人员的津贴补贴，预算列了多少？", "1600.00"),  # the staff every personnel row is for
    ],
)
def test_words_around_a_printed_name_ask_nothing_more(answerer: Answerer, question: str, value: str) -> None:
    a = answerer.ask(f"{OFFICE}2036年{question}")
    assert a.status == "answered" and a.value == Decimal(value), a.answer


def test_when_a_count_was_published_is_not_what_it_counts(answerer: Answerer) -> None:
    a = answerer.ask(f"截至2036年预算公开时，{OFFICE}手上有几辆车？")
    assert a.status == "answered" and a.value == Decimal("9"), a.answer
