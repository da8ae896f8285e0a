"""Failure classes the first blind set showed (eval/blind/README.md), each fixed in general and held here.

Unit-level checks run everywhere; the checks over real documents skip when ../shared/samples/real is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from real_samples import answerer_over

from budgetqa.qa import Answerer
from budgetqa.qa.matching import match_departments
from budgetqa.qa.question import asked_unit
from budgetqa.qa.stated import stated_reason
from budgetqa.qa.text import fold
from budgetqa.store import Chunk, Document, HashEmbedder, Store

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("行政运行那一项里安排了多少项目支出", None),  # 多少项目支出: money, not a count of 项
        ("安排了多少人员经费", None),
        ("共有多少个项目", "个"),
        ("编报绩效目标的项目有几项", "项"),
        ("现有车辆几辆", "辆"),
    ],
)
def test_a_count_is_asked_only_by_a_counting_word(question: str, unit: str | None) -> None:
    assert asked_unit(fold(question)) == unit


def test_two_scattered_characters_are_no_department_abbreviation() -> None:
    docs = [Document("a", "a.pdf", "a" * 8, "中共某某市委外事工作委员会办公室", 2030, "预算")]
    assert match_departments(fold("其中公车的钱占多少比例？"), docs) == []
    assert match_departments(
        fold("外办2030年三公经费"), docs
    )  # an abbreviation ending in its head still does


def _chunk(text: str) -> Chunk:
    return Chunk("d:n0", "d", text, "narrative", 6, 6, "预算编制说明")


def test_a_reason_belongs_to_its_numbered_entry() -> None:
    text = (
        "1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。"
        "上年执行数为1.48万元，比上年执行数增加77.70%。主要原因是：统计管理经费增加。"
        "2. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。"
        "上年执行数为60.13万元，比上年执行数减少57.14%。主要原因是：项目调整。"
    )
    chunk = _chunk(text)
    found = stated_reason([(chunk, 1.0, ())], ["专项普查"])
    assert found is not None and "项目调整" in found[0]
    found = stated_reason([(chunk, 1.0, ())], ["统计管理"])
    assert found is not None and "统计管理经费增加" in found[0]


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return answerer_over(tmp_path_factory, "*万里街道办事处_部门预算.pdf", 2)


def _street_years(answerer: Answerer) -> tuple[str, list[int]]:
    docs = answerer.store.documents()
    return "万里街道", sorted({d.year for d in docs if d.year is not None})


def test_a_year_written_before_the_department_scopes_a_reason(street: Answerer) -> None:
    """2024年XX街道…为什么: the reason is quoted from the 2024 document, not a neighbouring year's."""
    name, years = _street_years(street)
    for year in years:
        answer = street.ask(f"{year}年{name}财政拨款收入为什么变化？")
        assert answer.status == "answered", answer.answer
        assert {c.year for c in answer.citations} <= {year}, (year, answer.answer)


def test_a_follow_up_keeps_the_asked_year_when_it_names_the_base(street: Answerer) -> None:
    """比去年多了多少 after a question about year Y is about Y against Y-1, not about Y-1."""
    name, years = _street_years(street)
    year = years[-1]
    session = street.new_session()
    first = street.ask(f"{name}{year}年三公经费预算多少？", session=session)
    assert first.status == "answered"
    follow = street.ask("比去年多了多少？", session=session)
    assert f"{year}年" in follow.answer and f"{year - 1}年三公经费为" not in follow.answer
    assert all(c.year == year for c in follow.citations), follow.answer


def test_a_label_that_prints_its_year_is_not_said_twice(street: Answerer) -> None:
    name, years = _street_years(street)
    for year in years:
        answer = street.ask(f"{name}{year}年三公经费是多少？")
        assert f"{year}年{year}年" not in answer.answer


def test_a_quoted_name_no_document_prints_is_not_answered(tmp_path: Path) -> None:
    from budgetqa.ui.fakes import add_tiny_document

    store = Store(tmp_path / "home", embedder=HashEmbedder())
    add_tiny_document(store)
    answerer = Answerer(store)
    doc = store.documents()[0]
    who = f"{doc.department}{doc.year}年"
    answer = answerer.ask(f"{who}“城市星光夜跑补助”项目的绩效指标是怎么定的？")
    assert answer.status == "not_found" and "城市星光夜跑补助" in answer.answer


def test_vehicle_counts_come_from_the_asset_sentence(street: Answerer) -> None:
    name, years = _street_years(street)
    for year in years:
        answer = street.ask(f"{name}{year}年预算里说单位一共有几辆车？")
        assert answer.status == "answered" and answer.unit == "辆", answer.answer
        quoted = answer.citations[0].quote
        assert f"{answer.value}辆" in quoted.replace(" ", ""), (answer.value, quoted)


def test_a_fuzzy_row_must_share_a_run_or_most_of_its_words() -> None:
    from types import SimpleNamespace

    from budgetqa.qa.matching import fuzzy_items

    index = SimpleNamespace(labels=["计划生育服务", "城管执法", "社区公共服务中心新建工程"])
    asked = fold("社区服务中心的新建工程四个季度的用款计划加起来多少")
    got = [it.text for it in fuzzy_items(asked, index)]  # type: ignore[arg-type]
    assert "计划生育服务" not in got and got[:1] == ["社区公共服务中心新建工程"]
    assert [it.text for it in fuzzy_items(fold("城管执法经费多少"), index)][:1] == ["城管执法"]  # type: ignore[arg-type]


def test_a_prior_year_figure_the_asked_document_lacks_comes_from_that_years_document(
    street: Answerer,
) -> None:
    """The Shanghai template prints no prior-year column in its 经济分类 table: 比上年 takes last year's figure
    from the department's own document of that year, and says so."""
    name, years = _street_years(street)
    year = years[-1]
    answer = street.ask(f"{name}{year}年租赁费比{year - 1}年变化多少？")
    assert answer.status == "answered", answer.answer
    assert f"{year - 1}年的数字取自" in answer.answer and answer.formula
    assert {c.year for c in answer.citations} == {year, year - 1}
    now = next(f for f, c in zip(answer.facts, answer.citations, strict=False) if c.year == year)
    before = next(f for f, c in zip(answer.facts, answer.citations, strict=False) if c.year == year - 1)
    assert answer.value == now.value - before.value
