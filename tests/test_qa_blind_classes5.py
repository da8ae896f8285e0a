"""Failure classes the blind sets ya and yb showed at first sight (eval/blind/README.md, fifth session), each
fixed in general and held here with invented departments and figures built in code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from invented import budget_doc
from invented import chunks as _chunks

from budgetqa.qa import Answerer
from budgetqa.qa.conversation import _subject
from budgetqa.qa.question import asked_unit, parse
from budgetqa.qa.stated import rough_amounts
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

REGION = "示范市丁区"
OFFICE = "示范市丁区人民政府办公室"
STREET = "示范市丁区人民政府丁湖街道办事处"
FINANCE = "示范市丁区财政局"
FUNCTION = "部门支出预算总表"
SUMMARY = "部门财务收支预算总表"
PROCUREMENT = "政府采购预算表"
COLUMNS = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
# (code, name, 合计, 基本支出, 项目支出): two 行政运行 rows under two 款, as real function tables print them
ROWS = (
    ("201", "一般公共服务支出", "900.00", "300.00", "600.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "900.00", "300.00", "600.00"),
    ("2010301", "行政运行", "310.00", "300.00", "10.00"),
    ("2010302", "一般行政管理事务", "450.00", "0", "450.00"),
    ("2010350", "事业运行", "140.00", "0", "140.00"),
    ("212", "城乡社区支出", "1000.00", "400.00", "600.00"),
    ("21201", "城乡社区管理事务", "700.00", "400.00", "300.00"),
    ("2120101", "行政运行", "420.00", "400.00", "20.00"),
    ("2120199", "其他城乡社区管理事务支出", "280.00", "0", "280.00"),
    ("21299", "其他城乡社区支出", "300.00", "0", "300.00"),
    ("2129999", "其他城乡社区支出", "300.00", "0", "300.00"),
    ("208", "社会保障和就业支出", "300.00", "300.00", "0"),
)
TOTAL = Decimal("2200.00")


def _doc(doc_id: str, department: str, year: int, **kw: object) -> Document:
    return budget_doc(doc_id, department, year, REGION, **kw)  # type: ignore[arg-type]


def _function_facts(doc_id: str) -> list[Fact]:
    facts = []
    path: dict[int, str] = {}
    for i, (code, name, *values) in enumerate(ROWS):
        path[len(code)] = name
        parents = tuple(path[n] for n in (3, 5) if n < len(code) and n in path)
        for column, value in zip(COLUMNS[2:], values, strict=True):
            facts.append(
                Fact(
                    doc_id,
                    1,
                    FUNCTION,
                    name,
                    column,
                    Decimal(value),
                    value,
                    "万元",
                    5,
                    code,
                    parents,
                    row_index=i,
                )
            )
    facts.append(Fact(doc_id, 1, FUNCTION, "合计", "合计", TOTAL, str(TOTAL), "万元", 5, row_index=99))
    facts.append(Fact(doc_id, 2, SUMMARY, "支出总计", "支出/金额", TOTAL, str(TOTAL), "万元", 4))
    facts.append(Fact(doc_id, 2, SUMMARY, "一、财政拨款", "收入/金额", TOTAL, str(TOTAL), "万元", 4))
    bought = [  # (row, path, 总计): the same item bought under two 专项
        ("日常运转经费", ("三、服务C",), "50.00"),
        ("会议服务", ("三、服务C", "日常运转经费", "会议费"), "50.00"),
        ("某某大会专项经费", ("三、服务C",), "872.10"),
        ("会议服务", ("三、服务C", "某某大会专项经费", "会议费"), "872.10"),
    ]
    for i, (row, path, value) in enumerate(bought):
        facts.append(
            Fact(
                doc_id,
                3,
                PROCUREMENT,
                row,
                "总计",
                Decimal(value),
                value,
                "万元",
                6,
                row_path=path,
                row_index=i,
            )
        )
    return facts


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("classes5"), embedder=HashEmbedder())
    table = (
        TableInfo(1, FUNCTION, 5, 5, "万元", COLUMNS),
        TableInfo(2, SUMMARY, 4, 4, "万元", ("项目", "支出/金额")),
    )
    office_text = [
        "四、部门预算编制说明\n2.社会保障和就业支出300.00万元，与上年相比增加20.00万元，增长7.14%。",
        "五、国有资产占有使用情况\n截至2029年8月31日，本部门共有车辆5辆，其中：一般公务用车5辆。"
        "2030年部门预算安排购置车辆1辆。单价20万元（含）以上的设备12台（套）。",
        "六、项目经费情况说明\n区政府督查业务经费主要用于督查工作。",
        "七、其他说明\n1.住房保障支出50.00万元，比上年增加5.00万元，主要原因是人员增加。",
        "八、“三公”经费预算情况说明\n2.公务用车购置及运行费预算支出12.00万元。其中：（1）公务用车购置预算支出0万元，与上年预算数一致。",
        "一、部门预算编制说明\n2030年，收入预算2,200.00万元，比2029年预算增加2,100.00万元；事业收入0万元。"
        "\n财政拨款收入支出增加的主要原因是新增项目。",
    ]
    store.add(
        ParsedDocument(
            _doc("d30", OFFICE, 2030, tables=table), _function_facts("d30"), _chunks("d30", office_text)
        )
    )
    street = [
        ("s29", 2029, "截至2028年8月31日，本部门共有车辆6辆。"),
        ("s30", 2030, "截至2029年8月31日，本部门共有车辆4辆。"),
    ]
    for doc_id, year, text in street:
        facts = [
            Fact(doc_id, 1, FUNCTION, "公务接待费", "合计", Decimal("3.00"), "3.00", "万元", 5),
            Fact(
                doc_id,
                3,
                PROCUREMENT,
                "会议服务",
                "总计",
                Decimal("7.00"),
                "7.00",
                "万元",
                6,
                row_path=("街道会务经费",),
            ),
        ]
        store.add(
            ParsedDocument(
                _doc(doc_id, STREET, year), facts, _chunks(doc_id, [f"五、国有资产占有使用情况\n{text}"])
            )
        )
    final_text = [
        "五、一般公共预算财政拨款支出决算情况说明\n（一）总体情况\n2030年度一般公共预算财政拨款支出280.00万元，"
        "与2029年度相比，一般公共预算财政拨款支出减少35.00万元，下降11.11%。",
        "（三）具体情况\n一般公共预算财政拨款支出年初预算为300.00万元，"
        "支出决算为280.00万元，完成年初预算的93.33%。",
        "五、一般公共预算财政拨款支出决算情况说明\n3.信息化建设年初预算为100.00万元，支出决算为90.00万元，完成年初预算的90%。"
        "决算数小于预算数的主要原因：因系统建设项目进度，调减相关经费。",
    ]
    store.add(
        ParsedDocument(_doc("f30", FINANCE, 2030, kind="决算"), [], _chunks("f30", final_text, page=20))
    )
    budget_text = ["一、收支预算总体情况说明\n信息化建设经费专项增加55万元，增减相抵后项目支出增加。"]
    store.add(ParsedDocument(_doc("b30", "示范省乙委员会办公厅", 2030), [], _chunks("b30", budget_text)))
    return Answerer(store)


# ---- departments: an abbreviation skipping fewer of a name's characters fits it better ---------------------


def test_a_short_name_binds_the_department_it_abbreviates_most_closely(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年一般行政管理事务预算多少？")
    assert answer.status == "answered" and answer.value == Decimal("450.00"), answer.answer
    assert OFFICE in answer.answer and STREET not in answer.answer


# ---- rows: a level named, a row under a named row ---------------------------------------------------------


def test_a_ranking_at_the_named_level_ranks_only_that_levels_rows(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年按功能科目的'项'来看，预算最多的三个是哪几个？")
    assert answer.value == Decimal("450.00"), answer.answer
    assert [c.row for c in answer.citations[:3]] == ["一般行政管理事务", "行政运行", "行政运行"]
    # the two 行政运行 are two 项 (420 and 310), named with their 款, never added into one
    assert "行政运行（城乡社区管理事务）" in answer.answer and "730" not in answer.answer


def test_a_ranking_under_an_item_at_the_named_level_leaves_out_the_parents(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年城乡社区支出下面，哪两个具体科目（项级）金额最大？")
    assert answer.value == Decimal("420.00"), answer.answer
    assert "城乡社区管理事务（" not in answer.answer and "城乡社区管理事务 700" not in answer.answer


def test_a_row_written_after_its_parent_and_de_is_the_row_under_it(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年城乡社区管理事务的行政运行这一项里，项目支出有多少？")
    assert answer.value == Decimal("20.00"), answer.answer


def test_two_rows_joined_by_de_but_not_printed_one_under_the_other_are_not_nested(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年事业运行的行政运行有多少？")
    assert answer.value != Decimal("310.00") or answer.status != "answered" or "事业运行" in answer.answer


# ---- follow-ups: the other part of the same row; a part of the previous subject ---------------------------


@pytest.mark.parametrize("second", ["那这一项的基本支出是多少？", "那它的基本支出部分呢？"])
def test_a_follow_up_asking_the_other_part_keeps_the_row(answerer: Answerer, second: str) -> None:
    session = answerer.new_session()
    first = answerer.ask(
        "丁区政府办2030年城乡社区管理事务的行政运行这一项里，项目支出有多少？", session=session
    )
    assert first.value == Decimal("20.00"), first.answer
    answer = answerer.ask(second, session=session)
    assert answer.value == Decimal("400.00"), answer.answer


def test_the_subject_of_a_why_question_is_what_changed() -> None:
    assert _subject("为什么某局2030年住房保障支出涨了那么多？") == "某局2030年住房保障支出"


def test_a_share_of_a_row_under_a_named_row_is_of_that_row(answerer: Answerer) -> None:
    question = "丁区政府办2030年“政府办公厅（室）及相关机构事务”下面的一般行政管理事务占总支出的比例是多少？"
    answer = answerer.ask(question)
    assert answer.value == Decimal("20.45"), answer.answer  # 450 / 2200


def test_a_follow_up_share_of_this_part_keeps_the_row(answerer: Answerer) -> None:
    session = answerer.new_session()
    answerer.ask(
        "丁区政府办2030年“政府办公厅（室）及相关机构事务”下面的一般行政管理事务预算多少？", session=session
    )
    answer = answerer.ask("那这部分钱占全年总支出的比例是多少？", session=session)
    assert answer.value == Decimal("20.45"), answer.answer


# ---- last year's figure asked beside this year's row ------------------------------------------------------


def test_a_year_asked_alone_after_a_clause_naming_the_row_is_reckoned_from_the_stated_change(
    answerer: Answerer,
) -> None:
    assert parse("某局2030年的社会保障和就业支出，2029年大概是多少？").years == (2029,)
    answer = answerer.ask("丁区政府办2030年的社会保障和就业支出，2029年大概是多少？")
    assert answer.value == Decimal("280.00"), answer.answer
    assert "300" in answer.answer and "20" in answer.answer  # the formula's two figures


# ---- counts from the assets paragraph ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["2030年的预算公开里说，丁区政府办一共有多少辆车？", "丁区政府办2030年预算里说该单位一共有几辆车？"],
)
def test_a_count_with_words_about_the_document_or_the_department_only(
    answerer: Answerer, question: str
) -> None:
    answer = answerer.ask(question)
    assert answer.value == Decimal("5"), answer.answer


def test_a_count_of_what_the_budget_will_buy(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年预算还打算再买几辆车？")
    assert answer.value == Decimal("1"), answer.answer


def test_a_count_in_tai_tao() -> None:
    assert asked_unit("单价20万元以上的设备有多少台套") == "台"


def test_a_count_of_equipment_in_tai_tao(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年单价20万元以上的设备有多少台套？")
    assert answer.value == Decimal("12"), answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [("截至2029年8月底，丁湖街道一共有几辆车？", "4"), ("截至2028年8月底，丁湖街道有多少辆车？", "6")],
)
def test_a_date_things_are_counted_at_picks_the_budget_that_states_it(
    answerer: Answerer, question: str, value: str
) -> None:
    assert parse(question).years == () and parse(question).as_of is not None
    answer = answerer.ask(question)
    assert answer.value == Decimal(value), answer.answer


# ---- 决算 words with no department: a 决算 answers ------------------------------------------------------------


def test_outturn_words_without_a_department_are_asked_of_a_final_account(answerer: Answerer) -> None:
    assert parse("信息化建设那一项年初预算是多少？为什么没花完？").doc_kind == "决算"
    answer = answerer.ask("信息化建设那一项年初预算是多少？为什么没花完？")
    assert FINANCE in answer.answer and "55" not in answer.answer, answer.answer


# ---- coverage: words the document prints in another row name that row ------------------------------------


def test_unsaid_words_printed_in_other_rows_offer_them_instead_of_a_total(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年在城乡这块安排了多少财政拨款？")
    assert answer.value != TOTAL, answer.answer
    assert answer.status == "not_found" and answer.value is None and not answer.citations, answer.answer
    assert answer.choices and all("城乡" in c for c in answer.choices)


# ---- several things named one inside another: the one row printed under them all ---------------------------


def test_an_item_bought_under_a_named_project_is_that_rows_figure(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年政府采购预算里，“某某大会专项经费”要采购的会议服务有多少钱？")
    assert answer.value == Decimal("872.10"), answer.answer


def test_an_item_bought_under_several_rows_named_alike_is_asked_back(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年政府采购里，会议费的会议服务要花多少？")
    assert answer.status != "answered" or answer.value is None, answer.answer


# ---- a change given roughly: the sentence stating it exactly, and its reason ------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("少了两千多万", 2000, 3000, "万元"), ("涨了七成多", 70, 80, "%"), ("多了300多万", 300, 400, "万元")],
)
def test_rough_amounts(text: str, low: int, high: int, unit: str) -> None:
    assert rough_amounts(text) == [(Decimal(low), Decimal(high), unit)]


def test_why_a_change_given_roughly_quotes_the_exact_change_and_its_reason(answerer: Answerer) -> None:
    answer = answerer.ask("为什么丁区政府办2030年预算比2029年多了两千多万？")
    assert answer.value == Decimal("2100.00") and answer.unit == "万元", answer.answer
    assert "新增项目" in answer.answer and "人员增加" not in answer.answer


def test_an_item_under_a_named_parent_without_a_department_is_the_department_printing_it_there(
    answerer: Answerer,
) -> None:
    answer = answerer.ask("请问采购预算表里“某某大会专项经费”的会议服务是多少钱？")
    assert answer.value == Decimal("872.10") and OFFICE in answer.answer, answer.answer


def test_a_fee_the_text_names_without_its_fee_character(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年公务用车购置费是多少？")
    assert answer.status == "answered" and answer.value == Decimal("0"), answer.answer
    assert "公务用车购置预算支出0万元" in answer.answer


# ---- second pair (za, zb): level words, a part named alone, a date before the name, a shared lead ----------


def test_a_ranking_of_big_classes_or_the_finest_level_in_brackets() -> None:
    from budgetqa.qa.ranking import _asked_level

    assert _asked_level("哪两个大类花钱最多") == 3
    assert _asked_level("按功能科目最细一级（项）来看") == 7


def test_a_follow_up_naming_only_the_other_part_keeps_the_row(answerer: Answerer) -> None:
    session = answerer.new_session()
    answerer.ask("丁区政府办2030年城乡社区管理事务的行政运行支出里，项目支出那部分是多少？", session=session)
    answer = answerer.ask("那基本支出那块呢？", session=session)
    assert answer.value == Decimal("400.00"), answer.answer


def test_a_date_before_the_department_is_not_part_of_its_name(answerer: Answerer) -> None:
    answer = answerer.ask("截至2029年底丁湖街道有几辆车？")
    assert answer.status == "answered" and answer.value == Decimal("4"), answer.answer


def test_a_row_named_without_the_lead_a_list_shares(answerer: Answerer) -> None:
    answer = answerer.ask("丁区政府办2030年事业运行和行政管理事务加在一起是多少？")
    assert answer.value == Decimal("590.00"), answer.answer  # 事业运行 140 + 一般行政管理事务 450


def test_less_than_the_initial_budget_asked_of_a_final_account_is_its_outturn_against_it(
    answerer: Answerer,
) -> None:
    answer = answerer.ask("丁区财政局2030年一般公共预算拨款支出比年初预算少了多少？")
    assert answer.value == Decimal("20.00"), answer.answer  # 少了多少: its size
