"""Units are never assumed silently: a table without a 单位 line takes the document's one printed unit
(with a warning) or stays unknown, and an answer never states a figure of unknown unit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import qa_seed

from budgetqa.ingest.pdf_tables import _settle_units
from budgetqa.qa import Answerer
from budgetqa.store import Fact, HashEmbedder, Store, TableInfo


def _table(no: int, unit: str | None) -> TableInfo:
    return TableInfo(no, f"表{no}标题", 1, 1, unit)


def _fact(no: int, unit: str | None) -> Fact:
    return Fact("d", no, f"表{no}标题", "合计", "金额", Decimal("9501164"), "9,501,164", unit, 1)


@pytest.mark.parametrize(
    ("units", "expected", "warning"),
    [
        (["元", "元", None], ["元", "元", "元"], "taken as 元"),
        (["元", "万元", None], ["元", "万元", None], "no unit"),
        ([None], [None], "no unit"),
        (["万元", "万元"], ["万元", "万元"], None),
    ],
)
def test_a_table_without_a_unit_line(
    units: list[str | None], expected: list[str | None], warning: str | None
) -> None:
    warnings: list[str] = []
    tables, facts = _settle_units(
        [_table(n, u) for n, u in enumerate(units, 1)],
        [_fact(n, u) for n, u in enumerate(units, 1)],
        warnings,
    )
    assert [t.unit for t in tables] == expected and [f.unit for f in facts] == expected
    assert (warning is None and not warnings) or (warning is not None and warning in warnings[0])


def test_no_figure_of_unknown_unit_is_stated(tmp_path: Path) -> None:
    if qa_seed.seed_paths() is None:
        pytest.skip("../shared/samples/seed is absent")
    parsed = qa_seed.seed_parsed()
    facts = [replace(f, unit=None) if f.table_no == 9 else f for f in parsed.facts]
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    store.add(replace(parsed, facts=facts))
    answer = Answerer(store).ask("外办2023年三公经费预算是多少？")
    # the table's cell (no unit printed) is never stated; the sentence of the text that states the figure with
    # its unit (“三公”经费预算253万元) may answer instead, quoted
    assert not any(f.table_no == 9 for f in answer.facts)
    if answer.status == "answered":
        assert answer.unit == "万元" and answer.citations and answer.citations[0].quote
        assert f"{answer.value}" in answer.citations[0].quote.replace("[", "").replace("]", "")
    else:
        assert answer.value is None and "单位" in answer.answer
