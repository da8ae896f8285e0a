"""Question routing: cross-document questions, honest abstention, changes and reasons stated in the
text, counts, and comparisons. Made-up departments and figures (built in code), plus the real PDFs
when ../shared/samples/real is present."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from real_samples import first_three

from budgetqa.qa import Answerer
from budgetqa.qa.question import asked_unit, parse
from budgetqa.qa.scope import one_per_publication, org_phrases, unknown_organisation, year_after
from budgetqa.store import Chunk, Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

A = "甲县测试管理局"  # figures in 万元, 2022 budget
B = "乙市样例服务中心"  # figures in 元, 2024 final accounts
SG = "一般公共预算“三公”经费支出表"
ECON = "基本支出预算表"


def _fact(doc: str, no: int, title: str, row: str, col: str, value: str, unit: str, page: int) -> Fact:
    return Fact(doc, no, title, row, col, Decimal(value), value, unit, page)


def _doc(doc_id: str, dept: str, year: int, kind: str, unit: str, *, pages: int | None = 10) -> Document:
    tables = (
        TableInfo(1, SG, 4, 4, unit, ("项目", "合计")),
        TableInfo(2, ECON, 5, 5, unit, ("科目名称", "合计")),
    )
    return Document(
        doc_id, f"{doc_id}.pdf" if pages else f"{doc_id}.md", doc_id * 8, dept, year, kind,
        title=f"部门{kind}", pages=pages, tables=tables,
    )  # fmt: skip


def _a_facts(doc_id: str, scale: str = "1") -> list[Fact]:
    k = Decimal(scale)
    rows = {"“三公”经费": "300", "公务接待费": "120", "因公出国（境）费": "100"}
    facts = [_fact(doc_id, 1, SG, r, "合计", str(Decimal(v) * k), "万元", 4) for r, v in rows.items()]
    facts.append(_fact(doc_id, 2, ECON, "会议费", "合计", str(Decimal("15") * k), "万元", 5))
    facts.append(_fact(doc_id, 2, ECON, "资本性支出", "合计", "40", "万元", 5))
    facts.append(_fact(doc_id, 2, ECON, "对个人和家庭的补助", "合计", "65", "万元", 5))
    facts.append(_fact(doc_id, 2, ECON, "后勤服务中心", "合计", "12", "万元", 5))
    return facts


def _b_facts(doc_id: str) -> list[Fact]:
    rows = {"“三公”经费": "2500000", "公务接待费": "456000", "因公出国（境）费": "1800000"}
    facts = [_fact(doc_id, 1, SG, r, "合计", v, "元", 4) for r, v in rows.items()]
    facts.append(_fact(doc_id, 2, ECON, "会议费", "合计", "80000", "元", 5))
    facts.append(_fact(doc_id, 3, "支出决算表", "行政运行", "本年支出/决算数", "1905000", "元", 6))
    return facts


def _a_text(doc_id: str) -> list[Chunk]:
    texts = [
        "一、机构设置情况\n本单位编制人员28人，其中：离休2人，退休11人。截至2021年底共有车辆3辆；单价50万元以上设备1台（套）。",
        "二、三公经费情况说明\n2022年“三公”经费预算300万元，比2021年预算减少45万元，下降13%，主要原因是压缩因公出国团组。",
        "三、机关运行经费\n2022年本单位机关运行经费预算支出88万元，比2021年增加6万元，增长7.3%。主要是物业费标准调整。",
        "四、绩效目标\n本单位设置并编报4个项目绩效目标，涉及项目预算资金750万元。",
        "五、培训费\n培训费预算支出20万元，比上年预算增加20万元，原因是从会议费预算中调减20万元用于培训费开支。",
        "六、工作计划\n本单位2022年计划制定和修改3件管理制度。",
        "七、名词解释\n机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。",
    ]
    return [
        Chunk(f"{doc_id}:n{i}", doc_id, t, page_start=2 + i, page_end=2 + i, section=t.split("\n")[0])
        for i, t in enumerate(texts)
    ]


def _b_text(doc_id: str) -> list[Chunk]:
    texts = [
        "一、主要职能\n本中心的主要职责是：\n（一）负责全市样例服务的统筹协调。\n（二）承担样例数据的归集和发布。\n"
        "（三）完成上级交办的其他任务。\n二、名词解释\n（一）财政拨款收入：指本级财政拨款。",
        "三、支出决算情况说明\n一般公共预算财政拨款支出决算为580.00万元，完成年初预算的96.67%。"
        "决算数小于预算数的主要原因：个别咨询项目调减。“三公”经费支出决算数小于预算数的主要原因：无出国任务。\n"
        "1、一般公共服务支出（类）样例事务（款）行政运行（项）。主要用于：人员和公用经费。"
        "年初预算为200.00万元，支出决算为190.50万元。",
    ]
    return [
        Chunk(f"{doc_id}:n{i}", doc_id, t, page_start=7 + i, page_end=7 + i, section=t.split("\n")[0])
        for i, t in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("routing"), embedder=HashEmbedder())
    store.add(ParsedDocument(_doc("a22pdf", A, 2022, "预算", "万元"), _a_facts("a22pdf"), _a_text("a22pdf")))
    # the same budget as a text conversion, with every figure doubled: must never be added in
    store.add(ParsedDocument(_doc("a22md", A, 2022, "预算", "万元", pages=None), _a_facts("a22md", "2")))
    store.add(ParsedDocument(_doc("b24", B, 2024, "决算", "元"), _b_facts("b24"), _b_text("b24")))
    return Answerer(store)


# ---- cross-document: each department at its own year, units converted ----------------------------
def test_compare_binds_each_department_to_its_year(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局2022年与样例服务中心2024年的三公经费谁多")
    assert answer.status == "answered" and answer.kind == "compare"
    assert answer.value == Decimal(300) and answer.unit == "万元"
    assert "测试管理局" in answer.answer.split("。")[-2]
    assert answer.formula and "÷ 10,000" in answer.formula  # 元 → 万元 shown


def test_cross_difference_first_minus_second(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心2024年公务接待费比测试管理局2022年少多少")
    assert answer.status == "answered" and answer.value == Decimal("74.4") and answer.unit == "万元"
    assert "少74.4万元" in answer.answer


def test_cross_sum_and_times(answerer: Answerer) -> None:
    total = answerer.ask("测试管理局和样例服务中心的会议费加起来是多少")
    assert total.value == Decimal(23) and total.kind == "sum"
    times = answerer.ask("样例服务中心2024年因公出国（境）费是测试管理局2022年的多少倍")
    assert times.value == Decimal("1.80") and times.unit == "倍"


def test_department_without_year_takes_its_only_year(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局和样例服务中心的三公经费哪个多")
    assert answer.status == "answered" and answer.value == Decimal(300)


# ---- abstention --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "测试管理局2019年的三公经费是多少",  # no document for that year
        "测试管理局2022年公务接待费决算数是多少",  # only a 预算 is loaded
        "丙省某某委员会2022年会议费",  # a department not loaded
        "乙县测试管理局2022年会议费",  # same suffix, another county
        "测试管理局和样例服务中心2015年的会议费对比",  # a year nobody has
        "测试管理局有多少名处级干部",  # a count no sentence states
    ],
)
def test_not_found_instead_of_clarify_or_near_miss(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "not_found", answer.answer
    assert answer.value is None


def test_organisation_like_item_is_not_an_unknown_department(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局2022年后勤服务中心的支出是多少")
    assert answer.status == "answered" and answer.value == Decimal(12)


def test_same_publication_twice_answers_once(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局公务接待费是多少")
    assert answer.status == "answered" and answer.value == Decimal(120)
    assert answer.citations[0].source == "a22pdf.pdf"


# ---- changes, reasons, counts and money stated only in the text ---------------------------------
def test_change_read_verbatim_from_the_text(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局机关运行经费比上年增加了多少")
    assert answer.status == "answered" and answer.value == Decimal(6) and answer.unit == "万元"
    assert "比2021年增加6万元" in answer.answer and answer.citations[0].page == 4
    rate = answerer.ask("测试管理局机关运行经费增长了百分之几")
    assert rate.value == Decimal("7.3") and rate.unit == "%"


def test_change_of_the_item_not_of_its_neighbour(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局会议费比上年减少多少")
    assert answer.status == "answered" and answer.value == Decimal(-20)


def test_why_quotes_the_reason_sentence(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局机关运行经费为什么增加")
    assert answer.status == "answered" and answer.value == Decimal(6)
    assert "原因：“主要是物业费标准调整。”（三、机关运行经费，第4页）" in answer.answer


def test_compound_question_answers_every_part(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局三公经费是多少？比上年少多少？为什么？")
    # the figure asked first leads, the change follows among the parts (in the order asked)
    assert answer.status == "answered" and answer.value == Decimal(300)
    assert (Decimal(-45), "万元") in answer.parts
    assert "300" in answer.answer and "压缩因公出国团组" in answer.answer


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("测试管理局有几辆车", "3", "辆"),
        ("测试管理局退休人员有多少", "11", "人"),
        ("测试管理局编报了几个项目绩效目标", "4", "个"),
        ("测试管理局单价50万元以上的设备有几台", "1", "台"),
    ],
)
def test_counts_come_from_the_text(answerer: Answerer, question: str, value: str, unit: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered" and answer.value == Decimal(value) and answer.unit == unit


def test_money_only_the_text_states(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局绩效目标涉及项目预算资金多少")
    assert answer.value == Decimal(750) and answer.unit == "万元"


def test_compare_two_items_sets_the_larger_value(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局资本性支出和对个人和家庭的补助哪个多")
    assert answer.kind == "compare" and answer.value == Decimal(65)
    assert "对个人和家庭的补助更多" in answer.answer


def test_two_measures_of_one_entry_in_the_text(answerer: Answerer) -> None:
    budget = answerer.ask("样例服务中心行政运行年初预算是多少")
    assert budget.value == Decimal("200.00") and "年初预算为200万元" in budget.answer
    change = answerer.ask("样例服务中心行政运行决算比年初预算少多少")
    assert change.value == Decimal("9.50") and change.formula == "190.5 − 200 = −9.5 万元"


def test_execution_rate_is_the_stated_one(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心一般公共预算财政拨款支出完成年初预算的百分之几")
    assert answer.value == Decimal("96.67") and answer.unit == "%"


def test_reason_for_the_whole_not_for_another_item(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心2024年支出决算为什么小于年初预算")
    assert "个别咨询项目调减" in answer.answer.split("”")[0]


def test_list_question_quotes_the_list_up_to_the_next_heading(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心的主要职责有哪些")
    assert "完成上级交办的其他任务" in answer.answer and "财政拨款收入" not in answer.answer


def test_prior_year_from_this_year_and_the_stated_change(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局2021年三公经费是多少")
    assert answer.value == Decimal(345) and answer.formula == "300 − (−45) = 345 万元"


def test_definition_question_quotes_the_definition(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局说的机关运行经费是啥意思")
    assert "机关运行经费：指为保障行政单位运行" in answer.answer


def test_colloquial_why_and_count_words(answerer: Answerer) -> None:
    assert "物业费标准调整" in answerer.ask("测试管理局机关运行经费为啥增加了").answer
    count = answerer.ask("测试管理局2022年一共打算制定和修改几件制度")
    assert count.value == Decimal(3) and count.unit == "件"


def test_why_without_a_stated_reason_says_so(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心会议费为什么增加")
    assert answer.status != "answered" or "文档没有直接写明原因" in answer.answer


def test_execution_rate_computed_from_the_entry(answerer: Answerer) -> None:
    answer = answerer.ask("样例服务中心行政运行完成年初预算的百分之几")
    assert answer.value == Decimal("95.25") and answer.formula == "190.5 ÷ 200 × 100% = 95.25%"


def test_share_of_an_item_within_another(answerer: Answerer) -> None:
    answer = answerer.ask("测试管理局三公经费中公务接待费占比多少")
    assert answer.value == Decimal("40.00") and answer.unit == "%"


def test_rank_over_every_department_when_none_is_named(answerer: Answerer) -> None:
    answer = answerer.ask("哪个部门的三公经费最多")
    assert answer.kind == "rank" and answer.value == Decimal(300) and answer.unit == "万元"


# ---- pure helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "unit"),
    [("有几辆公车", "辆"), ("编制人员有多少人", "人"), ("平均得分多少", "分"), ("人员经费是多少", None),
     ("这几个部门里谁最多", None), ("公务接待费多少钱", None)],
)  # fmt: skip
def test_asked_unit(text: str, unit: str | None) -> None:
    assert asked_unit(text) == unit


def test_org_phrases_and_years() -> None:
    text = "甲局2023年和乙办2025年的会议费哪个多"
    assert [p for p, _ in org_phrases(text)] == ["甲局", "乙办"]
    assert year_after(text, 2) == 2023 and year_after("乙办25年", 2) == 2025
    docs = [_doc("x", "某市某某管理局", 2023, "预算", "万元")]
    assert unknown_organisation("某市财政局2023年三公经费", docs) == "某市财政局"
    assert unknown_organisation("某某局2023年三公经费", docs) is None


def test_one_per_publication_prefers_the_pdf() -> None:
    pdf, md = _doc("p", A, 2022, "预算", "万元"), _doc("m", A, 2022, "预算", "万元", pages=None)
    other = _doc("o", A, 2023, "预算", "万元")
    keep, dropped = one_per_publication([md, pdf, other])
    assert keep == [pdf, other] and dropped == [md]
    # a publication printed as two PDFs (文字部分 + 表格部分): both parts answer, neither is a copy
    text_part, tables_part = _doc("t", A, 2022, "预算", "万元"), _doc("b", A, 2022, "预算", "万元")
    keep, dropped = one_per_publication([text_part, md, tables_part])
    assert keep == [text_part, tables_part] and dropped == [md]


def test_parse_marks_counts_not_money() -> None:
    assert parse("某局有几辆公车").count_unit == "辆"
    assert parse("某局公务用车运行维护费多少").count_unit is None


# ---- the real documents -------------------------------------------------------------------------
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    pdfs = [p for p in first_three(REAL) if "普陀" in p.name]
    if len(pdfs) < 2:
        pytest.skip("../shared/samples/real is absent")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path_factory.mktemp("real"), embedder=HashEmbedder())
    if not any(r.status == "ingested" for r in ingest_paths(store, pdfs)):
        pytest.skip("the ingester could not read the samples")
    return Answerer(store)


def test_real_cross_department_compare_in_mixed_units(real: Answerer) -> None:
    docs = {d.department: d for d in real.store.documents() if d.department}
    names = [n for n in docs if "普陀" in n]
    if len(names) < 2:
        pytest.skip("needs two departments of one district")
    answer = real.ask("财政局2024年和区府办2025年的住房公积金哪个多？")
    assert answer.status == "answered" and answer.kind == "compare" and answer.value is not None
    assert answer.unit == "万元" and answer.formula and "÷ 10,000" in answer.formula


def test_real_abstains_for_missing_year_and_kind(real: Answerer) -> None:
    for question in ("区府办2027年三公经费是多少", "区府办2025年公务接待费决算数是多少"):
        assert real.ask(question).status == "not_found"


def test_why_without_a_line_item_quotes_the_whole_budgets_reason(tmp_path: Path) -> None:
    store = Store(tmp_path / "why", embedder=HashEmbedder())
    dept = "样例市档案馆"
    doc = Document("why1", "why1.pdf", "w" * 64, dept, 2033, "预算", pages=8)
    facts = [Fact("why1", 1, "收支总表", "支出总计", "预算数", Decimal(900), "900", "万元", 6)]
    chunks = [
        Chunk(
            "why1:n0",
            "why1",
            "2033年部门预算收入900万元，比上年减少100万元。预算收支减少主要原因：上年安排了一次性的库房改造。",
            page_start=2,
            page_end=2,
            section="第二部分 部门预算收支总体情况",
        ),
        Chunk(
            "why1:n1",
            "why1",
            "2033年“三公”经费预算5万元，比上年减少1万元，减少的主要原因是压减公务接待。",
            page_start=4,
            page_end=4,
            section="第五部分 一般公共预算“三公”经费预算情况",
        ),
    ]
    store.add(ParsedDocument(doc, facts, chunks))
    answer = Answerer(store).ask("档案馆2033年预算为什么比上年少了？")
    assert "库房改造" in answer.answer and "公务接待" not in answer.answer.split("”")[0]
