"""Failure classes of round 33 (eval/blind/README.md), in general, on invented documents:

1. A ranking asked inside an item that is itself a row of the table named first (基本支出的商品和服务支出里哪一项最多):
   the rows coded under that item are ranked, not every row of the table.
2. What the work is centred on (以什么为中心) is asked in words: the text is quoted.
3. A follow-up pointing back with 它 at another measure of the item (那它年初预算是多少？为什么没花完？), and a figure asked
   beside a reason (多少？为什么…): the 多 and 少 of 多少 say no change; the figure, then the reason.
4. A unit named after a place that several loaded departments share (示范区X中心是单独编预算的吗): the department whose
   own text speaks of the unit answers, with no question back about the place name.
5. The publication named by its form (2053年预算材料里，…): 材料 names no item (专用材料费).
6. A share the text states on another base than the table's (占“三公”经费的10%, the table giving 40%) is named beside
   the table's share whichever order the question names part and whole in (三公经费中公务接待费占多大比重).
7. A follow-up opening with a remark on the figure just given (好像翻了一倍？具体增长率多少？): the remark names no item;
   the question after it asks of the same subject.
8. A follow-up asking another year's 收入预算 (那2052年的预算是多少 after …收入预算是多少): the budget's total income,
   not its 本年收入 row; the year before the one loaded, from the change the text states.
9. A long printed name abbreviated by leaving out its bracketed gloss and a few words (“其他政府办公厅事务支出” for
   其他政府办公厅（室）及相关机构事务支出) is that row, quoted or not; without a gloss to leave out, as much of the name
   as before must be said.
10. A reason quoted (主要原因是…) comes with the sentence before it when that sentence states the change it explains
    (与上年相比减少80.00万元): the reason alone says why without saying what changed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from invented import budget_doc, chunks, money

from budgetqa.qa import Answerer
from budgetqa.qa.text import abbreviation_at, fold
from budgetqa.store import Fact, HashEmbedder, ParsedDocument, Store, TableInfo


def _cell(doc: str, title: str, row: str, value: str, code: str) -> Fact:
    return Fact(doc, 4, title, row, "金额", Decimal(value), value, "万元", 9, row_code=code)


@pytest.fixture
def basic_spending(tmp_path: Path) -> Answerer:
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    title = "财政拨款基本支出预算表"
    rows = [
        ("工资福利支出", "1400.00", "301"),
        ("基本工资", "500.00", "30101"),
        ("津贴补贴", "900.00", "30102"),
        ("商品和服务支出", "170.00", "302"),
        ("办公费", "50.00", "30201"),
        ("差旅费", "120.00", "30211"),
    ]
    facts = [_cell("r33a", title, row, value, code) for row, value, code in rows]
    doc = budget_doc("r33a", "示范县辰局", 2031, "示范县", tables=(TableInfo(4, title, 9, 9, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    return Answerer(store)


def test_a_ranking_inside_a_row_of_the_named_table_ranks_that_rows_children(basic_spending: Answerer) -> None:
    a = basic_spending.ask("示范县辰局2031年财政拨款基本支出的商品和服务支出里，哪一项钱最多？")
    assert (a.status, a.value) == ("answered", Decimal("120.00")), a.answer
    assert "差旅费" in a.answer and "津贴补贴" not in a.answer
    assert "商品和服务支出中最多的是差旅费" in a.answer
    # the whole table when nothing inside it is named
    whole = basic_spending.ask("示范县辰局2031年财政拨款基本支出里，哪一项钱最多？")
    assert (whole.status, whole.value) == ("answered", Decimal("900.00")), whole.answer


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    """Two 2053 documents of departments of 示范区: 未局's 决算 and 申局's 预算."""
    store = Store(tmp_path_factory.mktemp("classes23"), embedder=HashEmbedder())
    spent = "支出决算表"
    store.add(
        ParsedDocument(
            budget_doc(
                "w53",
                "示范区未局",
                2053,
                "示范区",
                kind="决算",
                tables=(TableInfo(3, spent, 8, 8, "万元", ()),),
            ),
            [
                replace(
                    money("w53", 3, spent, "代理业务支出", "119.50", 8, "本年支出/合计"), row_code="2010699"
                )
            ],
            chunks(
                "w53",
                [
                    "二、2053年主要工作任务\n1．以服务示范区发展大局为中心，做好各项工作。",
                    "五、一般公共预算财政拨款支出决算具体情况\n2、一般公共服务支出（类）财政事务（款）代理业务支出（项）。"
                    "主要用于：委托代理记账等支出。年初预算为120.50万元，支出决算为119.50万元。决算数小于预算数的主要原因：部分评审"
                    "项目未能实施。",
                ],
                page=4,
            ),
        )
    )
    basic = "基本支出预算表"
    store.add(
        ParsedDocument(
            budget_doc(
                "s53",
                "示范区申局",
                2053,
                "示范区",
                tables=(
                    TableInfo(1, "部门财务收支预算总表", 6, 6, "万元", ()),
                    TableInfo(5, basic, 9, 9, "万元", ()),
                ),
            ),
            [
                money("s53", 5, basic, "专用材料费", "5.00", 9),
                replace(money("s53", 5, basic, "提租补贴", "300.00", 9), row_code="2210202"),
                replace(money("s53", 1, "部门财务收支预算总表", "本年收入", "480.00", 6), row_index=10),
                replace(money("s53", 1, "部门财务收支预算总表", "收入总计", "500.00", 6), row_index=20),
            ],
            chunks(
                "s53",
                [
                    "二、部门机构设置\n1.本部。\n2.下属事业单位示范区交流保障中心不单列预算，并入本部。",
                    "四、部门预算编制说明\n2053年，示范区申局收入预算500.00万元，比2052年预算减少100.00万元。",
                    "一、收支预算总体情况说明\n2．财政专户管理资金收入预算总计0万元。与上年相比减少80.00万元，减少100%。"
                    "主要原因是财政专户结余全部上缴国库，所以不再安排此项收入。",
                    "十、国有资产占有情况\n截止2052年12月31日，车辆3辆。在建工程1项300.00万元。",
                    "五、支出预算情况说明\n2、住房保障支出（类）住房改革支出（款）提租补贴（项）2053年预算数为300.00万元，"
                    "比上年增加150.00万元，增长100.00%。",
                ],
                page=3,
            ),
        )
    )
    return Answerer(store)


def test_what_the_work_is_centred_on_is_quoted(place: Answerer) -> None:
    a = place.ask("示范区未局2053年的工作是以什么为中心来开展的？")
    assert a.status == "answered" and "以服务示范区发展大局为中心" in a.answer, a.answer


def test_a_figure_and_why_it_was_not_all_spent(place: Answerer) -> None:
    a = place.ask("示范区未局2053年代理业务支出年初预算是多少？为什么没花完？")
    assert (a.status, a.value) == ("answered", Decimal("120.50")), a.answer
    assert "评审项目未能实施" in a.answer


def test_it_points_back_at_the_item_for_another_measure(place: Answerer) -> None:
    session = place.new_session()
    place.ask("2053年示范区未局代理业务支出决算多少？", session=session)
    a = place.ask("那它年初预算是多少？为什么没花完？", session=session)
    assert (a.status, a.value) == ("answered", Decimal("120.50")), a.answer
    assert "代理业务支出年初预算" in a.answer and "评审项目未能实施" in a.answer


def test_a_unit_under_a_shared_place_name_is_the_department_whose_text_names_it(place: Answerer) -> None:
    a = place.ask("2053年示范区交流保障中心是单独编预算的吗？")
    assert a.status == "answered" and "不单列预算" in a.answer and "示范区申局" in a.answer, a.answer
    # a unit no text speaks of is still no department's
    assert place.ask("2053年示范区交流服务站是单独编预算的吗？").status != "answered"


def test_the_publication_named_by_its_form_names_no_item(place: Answerer) -> None:
    a = place.ask("2053年预算材料里，示范区申局在建工程有多少金额？")
    assert (a.status, a.value) == ("answered", Decimal("300.00")), a.answer


@pytest.fixture(scope="module")
def hospitality(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    """A 三公 table whose text states a share on another base (the table's 合计 with 会议费 and 培训费)."""
    store = Store(tmp_path_factory.mktemp("classes23b"), embedder=HashEmbedder())
    title = "“三公”经费支出预算表"
    facts = [
        money("h53", 9, title, "“三公”经费", "100.00", 12),
        money("h53", 9, title, "公务接待费", "40.00", 12),
    ]
    text = ["十一、“三公”经费支出预算情况说明\n公务接待费支出40.00万元，占“三公”经费的10.00%。"]
    doc = budget_doc("h53", "示范区酉局", 2053, "示范区", tables=(TableInfo(9, title, 12, 12, "万元", ()),))
    store.add(ParsedDocument(doc, facts, chunks("h53", text, page=20)))
    return Answerer(store)


@pytest.mark.parametrize(
    "question",
    [
        "示范区酉局2053年公务接待费占三公经费的比重是多少？",
        "示范区酉局2053年三公经费中公务接待费占多大比重？",
    ],
)
def test_a_share_the_text_states_on_another_base_is_named_in_either_order(
    hospitality: Answerer, question: str
) -> None:
    a = hospitality.ask(question)
    assert (a.status, a.value) == ("answered", Decimal("40.00")), a.answer
    assert "文字部分另写为10" in a.answer, a.answer


def test_a_remark_before_a_follow_up_names_no_item(place: Answerer) -> None:
    session = place.new_session()
    place.ask("2053年示范区申局提租补贴安排了多少？", session=session)
    a = place.ask("好像翻了一倍？具体增长率多少？", session=session)
    assert (a.status, a.value, a.unit) == ("answered", Decimal("100.00"), "%"), a.answer
    assert "提租补贴" in a.answer


def test_a_follow_up_on_another_years_income_budget(place: Answerer) -> None:
    session = place.new_session()
    place.ask("2053年示范区申局收入预算是多少？", session=session)
    a = place.ask("那2052年的预算是多少？", session=session)
    assert (a.status, a.value) == ("answered", Decimal("600.00")), a.answer


def test_a_long_name_abbreviated_without_its_gloss(tmp_path: Path) -> None:
    label = fold("其他示范办公厅（室）及相关机构事务支出")
    assert abbreviation_at("其他示范办公厅事务支出", 0, label) == 11
    assert abbreviation_at("其他示范办公厅事务支出", 0, label.replace("(室)", "")) == -1  # no gloss: 11 of 16
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    title = "部门支出预算总表"
    facts = [
        replace(money("g53", 3, title, "一般行政管理事务", "4614.00", 11), row_code="2010302"),
        replace(
            money("g53", 3, title, "其他示范办公厅（室）及相关机构事务支出", "2012.00", 11),
            row_code="2010399",
        ),
    ]
    doc = budget_doc("g53", "示范区戌办", 2053, "示范区", tables=(TableInfo(3, title, 11, 11, "万元", ()),))
    store.add(ParsedDocument(doc, facts, []))
    a = Answerer(store).ask("2053年示范区戌办的一般行政管理事务比“其他示范办公厅事务支出”多多少？")
    assert (a.status, a.value) == ("answered", Decimal("2602.00")), a.answer


def test_a_reason_comes_with_the_change_it_explains(place: Answerer) -> None:
    a = place.ask("为什么示范区申局2053年财政专户管理资金收入是0？")
    assert (
        a.status == "answered"
        and "与上年相比减少80.00万元，减少100%。主要原因是财政专户结余全部上缴国库" in a.answer
    ), a.answer
