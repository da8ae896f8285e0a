"""One `Evidence` record for every figure (`budgetqa.qa.evidence`): a table cell read by `lookup.figure`, an amount
or a count stated in the text — the operations take them alike. Invented figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from invented import budget_doc, chunks, money

from budgetqa.qa import Answerer
from budgetqa.qa.counts import find_count
from budgetqa.qa.evidence import Evidence
from budgetqa.qa.index import FactIndex
from budgetqa.qa.lookup import figure
from budgetqa.qa.matching import Item
from budgetqa.qa.ops import apply
from budgetqa.qa.question import Op, parse
from budgetqa.qa.stated import stated_amount
from budgetqa.store import Chunk, HashEmbedder, ParsedDocument, Store, TableInfo

DOC = budget_doc(
    "ev31", "示范县亥局", 2031, "示范县", tables=(TableInfo(3, "支出预算总表", 5, 5, "万元", ()),)
)
CELLS = [
    money("ev31", 3, "支出预算总表", "基本支出", "900.00", 5),
    money("ev31", 3, "支出预算总表", "项目支出", "1200.00", 5),
]
TEXT = chunks(
    "ev31",
    [
        "二、机关运行经费\n2031年示范县亥局机关运行经费预算支出150.50万元，比上年减少3.2万元。",
        "三、国有资产占有使用情况\n截至2030年底，示范县亥局共有车辆6辆，其中一般公务用车2辆。",
    ],
)


def _passages() -> list[tuple[Chunk, float, tuple[str, ...]]]:
    return [(c, 1.0, ()) for c in TEXT]


def test_a_table_figure_is_evidence_with_its_cells_and_item() -> None:
    item = Item("基本支出", ("基本支出",), 1.0)
    found = figure(FactIndex([DOC], CELLS), item, doc_ids=["ev31"], year=2031)
    assert isinstance(found, Evidence) and found.origin == "table"
    assert (found.value, found.unit, found.item.text, found.year) == (
        Decimal("900.00"),
        "万元",
        "基本支出",
        2031,
    )
    assert found.cell.fact.page == 5 and found.passage is None
    with pytest.raises(ValueError, match="table figure"):
        _ = found.chunk


def test_an_amount_and_a_count_stated_in_the_text_are_evidence_with_their_sentence() -> None:
    amount = stated_amount(_passages(), ["机关运行经费"])
    assert amount is not None and amount.origin == "text"
    assert (amount.value, amount.unit) == (Decimal("150.50"), "万元")
    assert "预算支出150.50万元" in amount.sentence and amount.chunk.page_start == 8
    with pytest.raises(ValueError, match="text figure"):
        _ = amount.item
    count = find_count(_passages(), "示范县亥局共有几辆车", "辆")
    assert count is not None and (count.value, count.unit, count.origin) == (Decimal(6), "辆", "text")
    assert count.chunk.page_start == 9


def test_an_operation_takes_a_table_figure_and_a_text_figure_alike() -> None:
    table = figure(FactIndex([DOC], CELLS), Item("基本支出", ("基本支出",), 1.0), doc_ids=["ev31"], year=2031)
    text = stated_amount(_passages(), ["机关运行经费"])
    assert table is not None and text is not None
    asked = parse("基本支出是机关运行经费的几倍")
    converted, result = apply(Op.TIMES, [table, text], asked)
    assert (result.value, result.unit) == (Decimal("5.98"), "倍")
    assert [e.origin for e in converted] == ["table", "text"]


def test_the_answer_cites_a_text_figure_beside_a_table_figure(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    store.add(ParsedDocument(DOC, CELLS, TEXT))
    a = Answerer(store).ask("示范县亥局2031年基本支出比机关运行经费多多少？")
    assert (a.status, a.value, a.unit) == ("answered", Decimal("749.50"), "万元"), a.answer
    assert {c.page for c in a.citations} == {5, 8}, a.citations
