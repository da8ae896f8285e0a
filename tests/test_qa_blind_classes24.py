"""Failure classes of round 34 (eval/blind/README.md), in general, on invented documents:

1. An item asked inside another with a quantifier or a quote mark between (采购表中所有“维修服务”加起来): the
   first names where the second is read, not a summand; the second's rows under that table are added up.
2. A follow-up comparing two measures of the subject with no item named (决算比预算少了多少？为什么？ after …年初预算是多少):
   the same item, its outturn against its budget.
3. A change of a line whose table prints no prior year (收入总计 of the 收支总表), in a document whose 三公 table prints
   rows named by years (2060年 / 2061年 / 增减变化金额): those rows are the 三公 line, never the budget's last year;
   the change is the one the text states, or not_found.
4. A bound asked of a performance target (投诉率要控制在多少以内) names no item: 以内 / 以下 need no citing. A target
   printed in the very unit a count asks (培训覆盖率 ≥90%, 车辆保障数 ≥25辆) is read from its row, and the bound is said
   as printed; a count of things the department holds (有几辆车) is still read from the text. A target per unit
   asked in another order (外宾接待伙食费每人每天 for 平均每人每天外宾接待伙食费) is that row.
5. A count the department states of itself (预算里某局说自己有几辆车 / 管几辆车 / 某局那边): 说自己, 管 and 那边 name nothing
   counted.
6. A share of a listed whole that names the part among its members (会议费占三公经费、会议费、培训费合计的比例): the
   part's second mention is no item of its own (a label is found once); the whole is the sum of the list. A table
   named by its printed title (…、会议费、培训费支出预算表里的会议费 / …预算表里，会议费列了多少): the item asked after it
   is read in that table.
7. An item under another said with 方面的 (组织事务方面的一般行政管理事务), and last year's 执行数 stated by one of several
   entries printing the same name: the entry whose own amount for the asked year is the table's figure is the
   item's; another line's entry (its 2061 amount another figure) is never the base.
8. A ranking that leaves a level out (（不算合计和类级小计）): the level left out is not the level ranked.
9. One thing named twice, the second name in brackets (公用经费（商品和服务支出）合计多少 / 商品和服务支出（公用经费）): never two
   summands, and the everyday word in brackets after a printed row is no item the documents must print.
10. 第二大的开支是什么: the place a ranking asks names nothing the answer must cite.
11. A follow-up asking why against a named year (为什么会比2060年少？): that year is the comparison base, the asked year
    stays the previous turn's.
12. A clause stating a change, then a question built on it (…比上年多了100万元，那上年的预算总计是多少？): the question
    takes its subject from that clause and is answered (预算总计 is the budget's 收支总计).
13. A column asked inside a row (一般行政管理事务里的其他收入): the cell where they cross, not the department's own
    其他收入 row of another table.
14. A document or a party asked by name (根据哪个文件 / 和哪家报社) is asked of the text; a count with its doing said
    again before it (专刊办几期) counts the thing done.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from invented import budget_doc, chunks

from budgetqa.qa import Answerer
from budgetqa.qa.conversation import Session, understand
from budgetqa.qa.question import Op, parse
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


def _years_as_rows(tmp: Path, text: list[str]) -> Answerer:
    store = Store(tmp, embedder=HashEmbedder())
    whole, three = "收支总表", "一般公共预算“三公”经费支出表"
    facts = [
        Fact("y62", 1, whole, "收入总计", "收入/2061年预算数", Decimal("900.00"), "900.00", "万元", 10),
        Fact(
            "y62",
            1,
            whole,
            "支出总计",
            "支出/2061年预算数",
            Decimal("900.00"),
            "900.00",
            "万元",
            10,
            row_index=1,
        ),
    ]
    for i, (row, v) in enumerate([("2061年", "40.00"), ("2060年", "52.00"), ("增减变化金额", "-12.00")]):
        facts.append(Fact("y62", 9, three, row, "总计", Decimal(v), v, "万元", 20, row_index=i))
    tables = (TableInfo(1, whole, 10, 10, "万元", ()), TableInfo(9, three, 20, 20, "万元", ()))
    doc = budget_doc("y62", "示范市戌局", 2061, "示范市", tables=tables)
    store.add(ParsedDocument(doc, facts, chunks("y62", text, page=3)))
    return Answerer(store)


def test_rows_named_by_years_in_another_table_are_no_prior_year(tmp_path: Path) -> None:
    bare = _years_as_rows(tmp_path / "bare", [])
    a = bare.ask("示范市戌局2061年预算为什么比2060年少了？")
    assert a.value not in (Decimal("848.00"), Decimal("-848.00"), Decimal("12.00"), Decimal("-12.00")), (
        a.answer
    )
    assert "52" not in a.answer and "848" not in a.answer, a.answer
    last = bare.ask("示范市戌局2060年收支总计是多少？")  # the 三公 table's 2060年 row is no budget total
    assert last.value != Decimal("52.00") and "52万元" not in last.answer, last.answer
    said = _years_as_rows(
        tmp_path / "said",
        [
            "二、部门预算收支总体情况\n2061年示范市戌局部门预算收入900.00万元，比2060年减少100.00万元，下降10%。"
        ],
    )
    b = said.ask("示范市戌局2061年预算比2060年少了多少？")
    assert b.status == "answered" and b.value is not None and abs(b.value) == Decimal("100.00"), b.answer


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("targets24"), embedder=HashEmbedder())
    title = "部门整体支出绩效目标表"
    facts = [
        Fact(
            "y63",
            12,
            title,
            "服务对象投诉率",
            "指标值",
            Decimal("5"),
            "<5%",
            "%",
            30,
            row_path=("满意度指标",),
        ),
        Fact("y63", 12, title, "培训覆盖率", "指标值", Decimal("90"), "≥90%", "%", 30, row_index=1),
        Fact("y63", 12, title, "车辆保障数", "指标值", Decimal("25"), "≥25 辆", "辆", 30, row_index=2),
        Fact(
            "y63",
            12,
            title,
            "平均每人每天外宾接待伙食费",
            "指标值",
            Decimal("500"),
            "≤500元",
            "元",
            30,
            row_index=3,
        ),
    ]
    text = [
        "八、其他需要说明的情况\n截至2060年10月，示范市亥局共有车辆3辆；单价50万元以上的设备1台。",
        "三、主要工作任务\n（九）加强法制宣传工作。与示范日报社联办6期法制专刊。",
        "十一、其他重要事项\n（二）政府采购支出情况\n本年度政府采购金额（以合同签订为准）为120.00万元。",
    ]
    doc = budget_doc("y63", "示范市亥局", 2061, "示范市", tables=(TableInfo(12, title, 30, 30, "%", ()),))
    store.add(ParsedDocument(doc, facts, chunks("y63", text, page=7)))
    return Answerer(store)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("示范市亥局2061年绩效目标里服务对象投诉率要控制在多少以内？", "5"),
        ("示范市亥局2061年服务对象投诉率在多少以下？", "5"),
    ],
)
def test_a_bound_asked_of_a_target_names_no_item(targets: Answerer, question: str, value: str) -> None:
    a = targets.ask(question)
    assert (a.status, a.value) == ("answered", Decimal(value)), a.answer


@pytest.mark.parametrize(
    "question",
    [
        "2061年预算里示范市亥局说自己有几辆车？",
        "示范市亥局2061年管几辆车？",
        "示范市亥局那边一共有几辆车？2061年预算里写的",
    ],
)
def test_a_count_the_department_states_of_itself(targets: Answerer, question: str) -> None:
    a = targets.ask(question)
    assert (a.status, a.value, a.unit) == ("answered", Decimal("3"), "辆"), a.answer


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("three24"), embedder=HashEmbedder())
    title = "“三公”经费、会议费、培训费支出预算表"
    cols = [("“三公”经费/小计", "60.00"), ("会议费", "30.00"), ("培训费", "10.00")]
    facts = [Fact("y64", 8, title, "合计", c, Decimal(v), v, "万元", 20) for c, v in cols]
    basic = "一般公共预算基本支出表"
    facts.append(
        Fact("y64", 6, basic, "会议费", "金额", Decimal("5.00"), "5.00", "万元", 18, row_code="30215")
    )
    tables = (TableInfo(6, basic, 18, 18, "万元", ()), TableInfo(8, title, 20, 20, "万元", ()))
    doc = budget_doc("y64", "示范市子局", 2061, "示范市", tables=tables)
    store.add(ParsedDocument(doc, facts, []))
    return Answerer(store)


@pytest.mark.parametrize(
    ("question", "rate"),
    [
        ("示范市子局2061年会议费占“三公”经费、会议费、培训费合计的比例是多少？", "30.00"),
        ("示范市子局2061年培训费占“三公”经费、会议费、培训费合计的比例是多少？", "10.00"),
    ],
)
def test_a_share_of_a_list_naming_the_part_again(three: Answerer, question: str, rate: str) -> None:
    a = three.ask(question)
    assert (a.status, a.value, a.unit) == ("answered", Decimal(rate), "%"), a.answer
    assert "100万元" in a.answer, a.answer


@pytest.fixture(scope="module")
def two_lines(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("lines24"), embedder=HashEmbedder())
    title = "部门支出预算总表"
    rows = [
        ("财政事务", "42.60", (), "20106"),
        ("一般行政管理事务", "42.60", ("财政事务",), "2010602"),
        ("组织事务", "88.87", (), "20132"),
        ("一般行政管理事务", "88.87", ("组织事务",), "2013202"),
    ]
    facts = [
        Fact(
            "y65",
            3,
            title,
            r,
            "支出预算/合计",
            Decimal(v),
            v,
            "万元",
            16,
            row_code=c,
            row_path=p,
            row_index=i,
        )
        for i, (r, v, p, c) in enumerate(rows)
    ]
    text = [
        "四、部门预算编制说明\n1、财政事务（款）一般行政管理事务（项）：2060年当年预算执行数为45.41万元，2061年预算安排"
        "42.60万元，比2060年预算执行数减少6.19%。主要原因是：项目调整。\n2、组织事务（款）一般行政管理事务（项）："
        "2060年当年预算执行数为60.79万元，2061年预算安排88.87万元，比2060年预算执行数增加46.19%。"
    ]
    doc = budget_doc("y65", "示范市丑局", 2061, "示范市", tables=(TableInfo(3, title, 16, 16, "万元", ()),))
    store.add(ParsedDocument(doc, facts, chunks("y65", text, page=6)))
    return Answerer(store)


def test_last_years_execution_from_the_entry_of_the_same_line(two_lines: Answerer) -> None:
    a = two_lines.ask("示范市丑局2061年组织事务方面的一般行政管理事务比2060年执行数多了多少？")
    assert (a.status, a.value) == ("answered", Decimal("28.08")), a.answer
    assert "45.41" not in a.answer
    b = two_lines.ask("示范市丑局2061年组织事务方面的一般行政管理事务有多少？")
    assert (b.status, b.value) == ("answered", Decimal("88.87")), b.answer


@pytest.mark.parametrize(
    ("question", "value", "printed"),
    [
        ("示范市亥局2061年培训覆盖率不低于多少？", "90", "≥90%"),
        ("示范市亥局2061年培训覆盖率是多少？", "90", "≥90%"),
        ("示范市亥局2061年车辆保障数是多少辆？", "25", "≥25辆"),
    ],
)
def test_a_target_printed_in_the_counted_unit(
    targets: Answerer, question: str, value: str, printed: str
) -> None:
    a = targets.ask(question)
    assert (a.status, a.value) == ("answered", Decimal(value)), a.answer
    assert f"印作“{printed}”" in a.answer, a.answer
    held = targets.ask("示范市亥局2061年有几辆车？")
    assert (held.status, held.value) == ("answered", Decimal("3")), held.answer


@pytest.mark.parametrize(
    "question",
    [
        "示范市子局2061年“三公”经费、会议费、培训费预算表里，会议费列了多少？",
        "示范市子局2061年“三公”经费、会议费、培训费支出预算表里的会议费是多少？",
        "示范市子局2061年“三公”经费、会议费、培训费那张表里的会议费是多少？",
    ],
)
def test_an_item_asked_in_a_table_named_by_its_title(three: Answerer, question: str) -> None:
    a = three.ask(question)
    assert (a.status, a.value) == ("answered", Decimal("30.00")), a.answer


def test_a_target_per_unit_named_in_another_order(targets: Answerer) -> None:
    a = targets.ask("示范市亥局2061年外宾接待伙食费每人每天上限是多少？")
    assert (a.status, a.value, a.unit) == ("answered", Decimal("500"), "元"), a.answer
    assert "印作“≤500元”" in a.answer
    other = targets.ask("示范市亥局2061年每人每天的差旅费是多少？")
    assert other.status != "answered" and other.value is None, other.answer


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("running24"), embedder=HashEmbedder())
    title = "一般公共预算机关运行经费支出预算表"
    rows = [
        ("合计", "1020.00", None),
        ("商品和服务支出", "1000.00", "302"),
        ("办公费", "600.00", "30201"),
        ("取暖费", "300.00", "30208"),
        ("会议费", "100.00", "30215"),
        ("其他资本性支出", "20.00", "310"),
    ]
    facts = [
        Fact("y66", 10, title, r, "机关运行经费支出", Decimal(v), v, "万元", 10, row_code=c, row_index=i)
        for i, (r, v, c) in enumerate(rows)
    ]
    doc = budget_doc("y66", "示范市寅局", 2061, "示范市", tables=(TableInfo(10, title, 10, 10, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    return Answerer(store)


def test_a_level_left_out_is_not_the_level_ranked(running: Answerer) -> None:
    a = running.ask(
        "示范市寅局2061年机关运行经费的具体科目里（不算合计和类级小计），金额排第二的是哪一项？多少钱？"
    )
    assert (a.status, a.value) == ("answered", Decimal("300.00")), a.answer
    assert "取暖费" in a.answer and "（不含合计和类级小计）" in a.answer, a.answer


@pytest.fixture(scope="module")
def upkeep(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("upkeep24"), embedder=HashEmbedder())
    title = "一般公共预算基本支出经济分类预算表"
    rows = [
        ("合计", None, ("700.00", "500.00", "200.00")),
        ("工资福利支出", "301", ("500.00", "500.00", None)),
        ("商品和服务支出", "302", ("200.00", None, "200.00")),
        ("办公费", "30201", ("120.00", None, "120.00")),
        ("物业管理费", "30209", ("80.00", None, "80.00")),
    ]
    facts = [
        Fact("y67", 8, title, r, col, Decimal(v), v, "万元", 29, row_code=c, row_index=i)
        for i, (r, c, vals) in enumerate(rows)
        for col, v in zip(("基本支出/合计", "基本支出/人员经费", "基本支出/公用经费"), vals, strict=True)
        if v is not None
    ]
    doc = budget_doc("y67", "示范市卯局", 2061, "示范市", tables=(TableInfo(8, title, 29, 29, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    return Answerer(store)


@pytest.mark.parametrize(
    "question",
    [
        "示范市卯局2061年基本支出里，公用经费（商品和服务支出）合计多少？",
        "示范市卯局2061年基本支出中的商品和服务支出（公用经费）是多少？",
    ],
)
def test_one_thing_named_twice_in_brackets(upkeep: Answerer, question: str) -> None:
    a = upkeep.ask(question)
    assert (a.status, a.value) == ("answered", Decimal("200.00")), a.answer


def test_an_everyday_word_in_brackets_after_a_printed_row(tmp_path: Path) -> None:
    """Only 商品和服务支出 is printed (no 公用经费 column): the word in brackets names the row, it asks no other line."""
    store = Store(tmp_path, embedder=HashEmbedder())
    title = "财政拨款基本支出预算表"
    rows = [
        ("工资福利支出", "301", "500.00"),
        ("商品和服务支出", "302", "200.00"),
        ("办公费", "30201", "120.00"),
    ]
    facts = [
        Fact("y68", 6, title, r, "基本支出", Decimal(v), v, "万元", 6, row_code=c, row_index=i)
        for i, (r, c, v) in enumerate(rows)
    ]
    doc = budget_doc("y68", "示范市午局", 2061, "示范市", tables=(TableInfo(6, title, 6, 6, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    a = Answerer(store).ask("示范市午局2061年基本支出中的商品和服务支出（公用经费）是多少？")
    assert (a.status, a.value) == ("answered", Decimal("200.00")), a.answer


def test_the_place_a_ranking_asks_needs_no_citing(running: Answerer) -> None:
    a = running.ask("示范市寅局2061年机关运行经费里第二大的开支是什么？")
    assert (a.status, a.value) == ("answered", Decimal("300.00")), a.answer


def test_a_why_against_a_named_year_keeps_the_asked_year() -> None:
    understood, _ = understand("为什么会比2060年少？", Session(["示范市酉局2061年取暖费是多少？"]), [])
    assert "2061年取暖费为什么会比2060年少" in understood, understood


def test_a_question_built_on_a_stated_change(tmp_path: Path) -> None:
    said = _years_as_rows(
        tmp_path,
        [
            "一、收支预算总体情况\n示范市戌局2061年度收入、支出预算总计900.00万元，与上年相比收、支预算总计各增加100.00万元。"
        ],
    )
    a = said.ask("示范市戌局2061年收支预算总计比上年多了100万元，那上年的预算总计是多少？")
    assert (a.status, a.value) == ("answered", Decimal("800.00")), a.answer


def test_a_column_asked_inside_a_row_is_their_crossing(tmp_path: Path) -> None:
    store = Store(tmp_path, embedder=HashEmbedder())
    income, total = "收入决算表", "收入支出决算总表"
    path = ("一般公共服务支出", "财政事务")
    facts = [Fact("y69", 1, total, "其他收入", "决算数", Decimal("9.40"), "9.40", "万元", 6)]
    for col, v in (("本年收入合计", "16.19"), ("财政拨款收入", "10.00"), ("其他收入", "6.19")):
        facts.append(Fact("y69", 2, income, "一般行政管理事务", col, Decimal(v), v, "万元", 8, row_path=path))
    tables = (TableInfo(1, total, 6, 6, "万元", ()), TableInfo(2, income, 8, 8, "万元", ()))
    doc = budget_doc("y69", "示范市巳局", 2061, "示范市", kind="决算", tables=tables)
    store.add(ParsedDocument(doc, facts, []))
    a = Answerer(store).ask("示范市巳局2061年一般行政管理事务里的其他收入是多少？")
    assert (a.status, a.value) == ("answered", Decimal("6.19")), a.answer


def test_a_party_named_and_a_count_of_what_was_done(targets: Answerer) -> None:
    assert Op.NARRATIVE in parse("示范市亥局2061年部门预算是根据财政局哪个文件批复的？").ops
    a = targets.ask("示范市亥局2061年和哪家报社联办法制专刊，办几期？")
    assert (a.status, a.value) == ("answered", Decimal("6")), a.answer
    assert "示范日报社" in a.answer


def test_an_area_said_with_fangmian_before_its_total(tmp_path: Path) -> None:
    """卫生健康方面的支出总共: the area's own total, nothing inside it."""
    store = Store(tmp_path, embedder=HashEmbedder())
    title = "部门支出预算总表"
    rows = [
        ("合计", None, "500.00", ()),
        ("一般公共服务支出", "201", "300.00", ()),
        ("卫生健康支出", "210", "200.00", ()),
        ("行政事业单位医疗", "21011", "200.00", ("卫生健康支出",)),
    ]
    facts = [
        Fact("y70", 3, title, r, "合计", Decimal(v), v, "万元", 12, row_code=c, row_path=p, row_index=i)
        for i, (r, c, v, p) in enumerate(rows)
    ]
    doc = budget_doc("y70", "示范市未局", 2061, "示范市", tables=(TableInfo(3, title, 12, 12, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    a = Answerer(store).ask("示范市未局2061年卫生健康方面的支出总共安排了多少？")
    assert (a.status, a.value) == ("answered", Decimal("200.00")), a.answer


def test_a_clause_asking_which_is_no_premise_for_the_next(targets: Answerer) -> None:
    """委托的是哪家…，合同多少钱？: the first clause asks (哪家); the second, read on its own, names no contract of the
    firm, so no other sum (the year's procurement) is its answer."""
    a = targets.ask("示范市亥局2061年委托的是哪家会计师事务所做绩效评价，合同多少钱？")
    assert a.value != Decimal("120.00") and "120" not in a.answer, a.answer


def test_a_row_with_its_parent_in_brackets_is_that_row(tmp_path: Path) -> None:
    store = Store(tmp_path, embedder=HashEmbedder())
    title = "财政拨款支出预算表"
    parent = "党委办公厅（室）及相关机构事务"
    rows = [(parent, "20131", "1000.00", ()), ("行政运行", "2013101", "600.00", (parent,))]
    facts = [
        Fact("y71", 5, title, r, "金额", Decimal(v), v, "万元", 5, row_code=c, row_path=p, row_index=i)
        for i, (r, c, v, p) in enumerate(rows)
    ]
    doc = budget_doc("y71", "示范市申局", 2061, "示范市", tables=(TableInfo(5, title, 5, 5, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    a = Answerer(store).ask("示范市申局2061年行政运行（党委办公厅及相关机构事务）这一项支出多少？")
    assert (a.status, a.value) == ("answered", Decimal("600.00")), a.answer
