"""The composer (`budgetqa.qa.compose`) holds the sentences answers say; every refusal it names is said somewhere and
fills its slots. Invented figures."""

from __future__ import annotations

import re
import string
from decimal import Decimal
from pathlib import Path

from invented import budget_doc, money

from budgetqa.qa import Answerer, compose
from budgetqa.store import HashEmbedder, ParsedDocument, Store, TableInfo

QA = Path(compose.__file__).parent


def test_every_refusal_is_said_by_the_engine_and_names_its_slots() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in QA.glob("*.py") if p.name != "compose.py")
    used = set(re.findall(r'refusal\(\s*"(\w+)"', source))
    assert used == set(compose.REFUSALS), set(compose.REFUSALS) ^ used
    for which, template in compose.REFUSALS.items():
        slots = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert compose.refusal(which, **dict.fromkeys(slots, "X")).count("{") == 0


def test_a_year_not_loaded_is_refused_with_what_is_loaded(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", embedder=HashEmbedder())
    table = TableInfo(3, "支出预算总表", 5, 5, "万元", ())
    facts = [money("c31", 3, "支出预算总表", "基本支出", "900.00", 5)]
    store.add(ParsedDocument(budget_doc("c31", "示范县子局", 2031, "示范县", tables=(table,)), facts, []))
    a = Answerer(store).ask("示范县子局2029年基本支出是多少？")
    assert a.status == "not_found" and a.value is None
    assert a.answer.startswith("文档中没有示范县子局2029年的预算或决算（已导入：")
    b = Answerer(store).ask("示范县子局2031年基本支出是多少？")
    assert (b.status, b.value) == ("answered", Decimal("900.00"))
