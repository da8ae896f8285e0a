"""Question routing, part 2: chatter before the department, sub-organisations without a budget of their
own, yes/no comparisons inside one document's year, and which-is-higher across departments. Made-up
departments and figures (built in code), plus the real PDFs when ../shared/samples/real is present."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from real_samples import first_three

from budgetqa.qa import Answerer
from budgetqa.qa.question import parse, strip_chatter
from budgetqa.qa.scope import sub_organisation
from budgetqa.qa.text import fold
from budgetqa.store import Document, Fact, HashEmbedder, ParsedDocument, Store, TableInfo

P = "丙州市档案资料管理局"  # 2031 budget, 万元
Q = "丁县人民政府研究室"  # 2030 final accounts, 元
SG = "“三公”经费预算表"
ECON = "基本支出表"


def _fact(doc: str, no: int, title: str, row: str, col: str, value: str, unit: str, page: int) -> Fact:
    return Fact(doc, no, title, row, col, Decimal(value), value, unit, page)


def _doc(doc_id: str, dept: str, year: int, kind: str, unit: str) -> Document:
    tables = (
        TableInfo(1, SG, 3, 3, unit, ("项目", "合计")),
        TableInfo(2, ECON, 4, 4, unit, ("科目", "合计")),
    )
    return Document(
        doc_id, f"{doc_id}.pdf", doc_id * 8, dept, year, kind, title=f"部门{kind}", pages=9, tables=tables
    )


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("routing2"), embedder=HashEmbedder())
    p_rows = [
        (1, SG, "公务接待费", "36"),
        (1, SG, "公务用车运行维护费", "52"),
        (2, ECON, "培训费", "9"),
        (2, ECON, "退休费", "140"),
        (2, ECON, "人员经费", "610"),
        (2, ECON, "公用经费", "95"),
    ]
    p_facts = [_fact("p31", n, t, r, "合计", v, "万元", 2 + n) for n, t, r, v in p_rows]
    q_rows = [(1, SG, "公务接待费", "410000"), (2, ECON, "培训费", "72000"), (2, ECON, "退休费", "990000")]
    q_facts = [_fact("q30", n, t, r, "合计", v, "元", 2 + n) for n, t, r, v in q_rows]
    store.add(ParsedDocument(_doc("p31", P, 2031, "预算", "万元"), p_facts))
    store.add(ParsedDocument(_doc("q30", Q, 2030, "决算", "元"), q_facts))
    return Answerer(store)


# ---- 1. chatter before the department --------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("我是一名老党员,想问问档案局2031年的退休费", "档案局2031年的退休费"),
        ("您好,请帮我查一下研究室的培训费", "研究室的培训费"),
        ("劳驾,我想了解下档案局公务接待费", "档案局公务接待费"),
        ("作为纳税人,我要咨询一下档案局的预算", "档案局的预算"),
        ("问题出在哪", "问题出在哪"),
        ("下属单位的经费", "下属单位的经费"),
        ("2031年,想问下档案局的退休费", "2031年,档案局的退休费"),
        ("请问,", "请问,"),
    ],
)
def test_strip_chatter(raw: str, clean: str) -> None:
    assert strip_chatter(fold(raw)) == clean


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("我是一名老党员，想问问档案局2031年的退休费安排了多少", "140"),
        ("您好，请帮我查一下档案资料管理局今年公务接待费", "36"),
        ("能不能帮我看看研究室2030年的培训费", "72000"),
    ],
)
def test_department_found_behind_chatter(answerer: Answerer, question: str, value: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "answered", answer.answer
    assert answer.value == Decimal(value)


# ---- 2. sub-organisations without a budget of their own --------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "档案局下属的数字化服务中心2031年预算收入是多少",
        "档案资料管理局培训中心单独的预算有多少",
        "档案局的培训中心2031年支出",
        "研究室所属事业单位的退休费是多少",
    ],
)
def test_sub_organisation_is_not_the_department(answerer: Answerer, question: str) -> None:
    answer = answerer.ask(question)
    assert answer.status == "not_found" and answer.value is None, answer.answer
    assert "整体数字" in answer.answer and "没有单列" in answer.answer


def test_sub_organisation_helper_keeps_printed_units() -> None:
    docs = [_doc("x", P, 2031, "预算", "万元")]
    assert sub_organisation("档案局下属的保管中心预算", docs, ["人员经费"]) == ("保管中心", 6)
    assert sub_organisation("档案局下属的保管中心预算", docs, ["保管中心运行项目"]) is None
    assert sub_organisation("档案局下属有哪些单位", docs, []) is None  # asks for the list itself
    assert sub_organisation("档案资料管理局2031年退休费", docs, []) is None


# ---- 3. yes/no and comparison inside one document's year -------------------------------------------
def test_parse_yes_no_is_a_same_year_compare() -> None:
    claim = parse("2031年退休费是不是比培训费多")
    assert claim.yesno == "more" and "compare" in claim.ops and "delta" not in claim.ops
    assert parse("退休费是否比公用经费低").yesno == "less"
    change = parse("退休费比上年多吗")
    assert change.yesno is None and not change.versus and "delta" in change.ops
    assert parse("退休费为什么比培训费多").yesno is None


def test_yes_no_compares_two_items_of_the_year(answerer: Answerer) -> None:
    answer = answerer.ask("2031年档案局公务用车运行维护费是不是比公务接待费多")
    assert answer.status == "answered" and answer.kind == "compare", answer.answer
    assert answer.value == Decimal(52) and answer.unit == "万元"
    assert "是，" in answer.answer and "36" in answer.answer and "52" in answer.answer
    denied = answerer.ask("档案局人员经费是否比公用经费少")
    assert denied.value == Decimal(610) and "不是，" in denied.answer and "95" in denied.answer


def test_how_much_more_one_item_than_another(answerer: Answerer) -> None:
    answer = answerer.ask("档案局退休费比培训费多多少")
    assert answer.status == "answered" and answer.value == Decimal(131)


# ---- 4. which department is higher -----------------------------------------------------------------
def test_cross_department_which_is_higher(answerer: Answerer) -> None:
    answer = answerer.ask("档案局的培训费和研究室的比，哪个高")
    assert answer.status == "answered" and answer.kind == "compare", answer.answer
    assert answer.value == Decimal(9) and answer.unit == "万元"  # the larger figure, not the gap
    assert "7.2万元" in answer.answer or "72,000元" in answer.answer
    assert len(answer.citations) == 2


def test_which_is_lower_answers_the_lower(answerer: Answerer) -> None:
    answer = answerer.ask("档案局的培训费和研究室的比，哪个低")
    assert answer.value == Decimal("7.2") and "丁县人民政府研究室2030年更少" in answer.answer


def test_cross_department_yes_no(answerer: Answerer) -> None:
    answer = answerer.ask("研究室的退休费是不是比档案局的高")
    assert answer.status == "answered" and answer.value == Decimal(140)
    assert "不是，" in answer.answer


# ---- the real documents ------------------------------------------------------------------------------
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    pdfs = first_three(REAL)
    if len(pdfs) < 2:
        pytest.skip("../shared/samples/real is absent")
    from budgetqa.ingest.pipeline import ingest_paths

    store = Store(tmp_path_factory.mktemp("real2"), embedder=HashEmbedder())
    if not any(r.status == "ingested" for r in ingest_paths(store, pdfs)):
        pytest.skip("the ingester could not read the samples")
    return Answerer(store)


def _dept(real: Answerer, word: str) -> str:
    names = [d.department for d in real.store.documents() if d.department and word in d.department]
    if not names:
        pytest.skip(f"no department with {word} was read")
    return names[0]


def test_real_chatter_and_sub_unit(real: Answerer) -> None:
    _dept(real, "普陀区人民政府办公室")
    answer = real.ask("我是区里的退休职工，麻烦帮我查查区府办2025年的三公经费")
    assert answer.status == "answered" and answer.value is not None, answer.answer
    sub = real.ask("区府办下属的交流服务中心2025年预算收入是多少")
    assert sub.status == "not_found" and sub.value is None and "没有单列" in sub.answer


def test_real_yes_no_in_a_final_account(real: Answerer) -> None:
    _dept(real, "财政局")
    answer = real.ask("2024年财政局基本支出是不是比项目支出多")
    assert answer.status == "answered" and answer.kind == "compare", answer.answer
    assert answer.value is not None and answer.answer.split("。")[-2].startswith(("是", "不是"))
    assert "2023" not in answer.answer


def test_real_cross_department_which_is_higher(real: Answerer) -> None:
    _dept(real, "普陀区人民政府办公室")
    _dept(real, "财政局")
    answer = real.ask("财政局的住房公积金和区府办的比，哪个高")
    assert answer.status == "answered" and answer.kind == "compare", answer.answer
    assert answer.value is not None and len(answer.citations) >= 2
    assert answer.formula and "−" in answer.formula


@pytest.mark.parametrize(
    ("question", "compare"),
    [
        ("住房公积金跟购房补贴比哪个花得多", True),
        ("办公费和印刷费哪个用得少", True),
        ("两个部门谁的钱更多", True),
        ("哪个项目预算最多", False),  # a ranking, not a two-way comparison
        ("三公经费比上年少多少", False),
    ],
)
def test_comparison_words_with_a_verb_between(question: str, compare: bool) -> None:
    from budgetqa.qa.question import parse

    assert ("compare" in parse(question).ops) is compare


@pytest.mark.parametrize(
    ("sentence", "focus", "deeper"),
    [
        ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。", "一般公共服务支出", True),
        ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。", "财政事务", True),
        ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。", "行政运行", False),
        ("一般公共服务支出2,106.66万元，占71.73%。", "一般公共服务支出", False),
    ],
)
def test_a_classification_path_speaks_of_its_last_level(sentence: str, focus: str, deeper: bool) -> None:
    from budgetqa.qa.stated import _deeper_level_named

    assert _deeper_level_named(sentence, [focus]) is deeper
