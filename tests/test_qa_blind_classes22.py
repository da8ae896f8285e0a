"""Failure classes of round 31 (eval/blind/README.md), in general, on invented documents:

1. Everyday words, then in brackets the printed row they mean, which holds a 的 (X（…的…X）): the brackets name the row
   asked, not a second item beside the words' own lexicon item.
2. A ranking inside 公用经费 (or 人员经费) where the table prints 公用经费合计 as a row under the economic classes, not as
   a column: the classes are the ones whose figures add up to that row; nothing is ranked when no one set of classes
   does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from invented import budget_doc, chunks, money

from budgetqa.qa import Answerer
from budgetqa.store import Fact, HashEmbedder, ParsedDocument, Store, TableInfo


def _cell(doc: str, title: str, row: str, value: str, code: str | None = None, parent: str = "") -> Fact:
    return Fact(
        doc,
        4,
        title,
        row,
        "决算数",
        Decimal(value),
        value,
        "万元",
        9,
        row_code=code,
        row_path=(parent,) if parent else (),
    )


def test_a_printed_row_in_brackets_after_the_words_it_spells_out_is_the_row_asked(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    title = "一般公共预算基本支出表"
    facts = [
        _cell("c22a", title, "职工基本医疗保险缴费", "50.00", "30110"),
        _cell("c22a", title, "退休人员的医疗保险", "12.00", "30112"),
    ]
    table = TableInfo(4, title, 9, 9, "万元", ())
    store.add(ParsedDocument(budget_doc("c22a", "示范县丑局", 2031, "示范县", tables=(table,)), facts, []))
    a = Answerer(store).ask("示范县丑局2031年的医疗保险（退休人员的医疗保险）是多少？")
    assert (a.status, a.value) == ("answered", Decimal("12.00")), a.answer
    assert [c.row for c in a.citations] == ["退休人员的医疗保险"]


def _final_accounts(tmp_path: Path, *, pension: str) -> Store:
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    title = "一般公共预算财政拨款基本支出决算表"
    rows = [
        ("工资福利支出", "100.00", "301", ""),
        ("基本工资", "60.00", "30101", "工资福利支出"),
        ("津贴补贴", "40.00", "30102", "工资福利支出"),
        ("商品和服务支出", "30.00", "302", ""),
        ("办公费", "20.00", "30201", "商品和服务支出"),
        ("差旅费", "10.00", "30211", "商品和服务支出"),
        ("对个人和家庭的补助", pension, "303", ""),
        ("退休费", pension, "30302", "对个人和家庭的补助"),
        ("资本性支出", "5.00", "310", ""),
        ("办公设备购置", "5.00", "31002", "资本性支出"),
        ("公用经费合计", "35.00", None, ""),
    ]
    facts = [_cell("c22b", title, row, value, code, parent) for row, value, code, parent in rows]
    table = TableInfo(4, title, 9, 9, "万元", ())
    doc = budget_doc("c22b", "示范县寅局", 2031, "示范县", kind="决算", tables=(table,))
    store.add(ParsedDocument(doc, facts, []))
    return store


def test_a_ranking_inside_the_classes_that_add_up_to_a_printed_total_row(tmp_path: Path) -> None:
    a = Answerer(_final_accounts(tmp_path, pension="8.00")).ask("示范县寅局2031年公用经费里哪一项花得最多？")
    assert (a.status, a.value) == ("answered", Decimal("20.00")), a.answer
    assert "办公费" in a.answer and "基本工资" not in a.answer and "退休费" not in a.answer


def test_no_ranking_when_two_sets_of_classes_add_up_to_the_total(tmp_path: Path) -> None:
    # 对个人和家庭的补助 alone is also 35.00: which rows 公用经费 holds is not known, so no figure is given
    a = Answerer(_final_accounts(tmp_path, pension="35.00")).ask("示范县寅局2031年公用经费里哪一项花得最多？")
    assert a.status != "answered" or a.value != Decimal("35.00"), a.answer
    assert a.value != Decimal("20.00"), a.answer


# ---- round 32 ------------------------------------------------------------------------------------------------------
OFFICE = "示范市巳办公室"
BUYING = "政府采购预算表"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    store = Store(tmp_path_factory.mktemp("classes22"), embedder=HashEmbedder())
    facts = [
        money("o51", 12, BUYING, "政府采购", "900.00", 12),
        money("o51", 12, BUYING, "政府采购", "640.00", 12, "服务"),
        money("o51", 12, BUYING, "政府采购", "260.00", 12, "货物"),
    ]
    text = [
        "二、部门机构设置\n1.本部。\n2.下属事业单位示范市巳信息保障中心不单列预算，并入本部。",
        "四、部门预算编制说明\n按照“统筹兼顾、量入为出、厉行节约”的原则，结合工作实际，编制2051年部门预算。",
        "一、部门概况\n本部门内设9个处室，编制86名，其中行政编制70名、事业编制16名。",
        "五、项目说明\n3、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）专项服务（项）。主要用于：委托中介机构"
        "开展课题研究和评估工作。年初预算为30.00万元。",
    ]
    doc = budget_doc("o51", OFFICE, 2051, "示范市", tables=(TableInfo(12, BUYING, 12, 12, "万元", ()),))
    store.add(ParsedDocument(doc, facts, chunks("o51", text, page=3)))
    return Answerer(store)


def test_a_unit_only_a_loaded_text_names_is_answered_from_that_text(office: Answerer) -> None:
    a = office.ask("示范市巳信息保障中心2051年有没有单独编预算？")
    assert a.status == "answered" and "不单列预算" in a.answer, a.answer
    assert office.ask("示范市午信息中心2051年有没有单独编预算？").status != "answered"  # printed nowhere


def test_the_principles_a_budget_follows_are_quoted(office: Answerer) -> None:
    a = office.ask("示范市巳办公室2051年编预算遵循的是什么原则？")
    assert a.status == "answered" and "量入为出" in a.answer, a.answer


def test_a_count_of_posts_with_a_remark_on_where_to_look(office: Answerer) -> None:
    a = office.ask("示范市巳办公室一共有多少编制？（2051年预算）")
    assert (a.status, a.value) == ("answered", Decimal(86)), a.answer


def test_which_agencies_is_not_answered_by_a_sentence_naming_none(office: Answerer) -> None:
    a = office.ask("示范市巳办公室2051年的专项服务是委托给哪些中介机构做的？")
    assert a.status == "not_found" and a.value is None, a.answer


def test_two_parts_of_the_procurement_compared(office: Answerer) -> None:
    a = office.ask("示范市巳办公室2051年政府采购中，服务类比货物类多出多少？")
    assert (a.status, a.value) == ("answered", Decimal("380.00")), a.answer
