"""Cross-check the gold set against the store: a figure the gold says is printed in a table must be
among that document's facts on that page. A miss is either a gold error or an ingestion error."""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetqa.eval.gold import GoldItem
from budgetqa.eval.metrics import numbers_match, table_matches
from budgetqa.store import Document, Fact, Store

# Kinds whose gold value is a single printed cell (delta/ratio/sum values are computed).
CELL_KINDS = ("lookup", "compare", "rank", "indicator")


def _table_no(label: str) -> int | None:
    match = re.search(r"表\s*(\d+)", label)
    return int(match.group(1)) if match else None


def candidate_facts(item: GoldItem, facts: Sequence[Fact]) -> list[Fact]:
    """Facts where the gold says the figure is: its pages for a PDF, its table for a text file."""
    if item.pages:
        return [f for f in facts if f.page in item.pages]
    if item.table:
        number = _table_no(item.table)
        if number is not None:
            return [f for f in facts if f.table_no == number]
        return [f for f in facts if table_matches(item.table, f.table_title)]
    return []


def checkable(item: GoldItem) -> bool:
    """A non-zero printed cell in a named table (a blank cell printed for 0 leaves no fact to find)."""
    names_table = item.table is not None and any("表" in t for t in item.table.split("|"))
    return item.kind in CELL_KINDS and item.value not in (None, 0) and names_table and len(item.docs) == 1


def check_item(item: GoldItem, facts: Sequence[Fact]) -> str | None:
    """None when some candidate fact holds the gold value (after unit conversion), else the problem."""
    assert item.value is not None
    candidates = candidate_facts(item, facts)
    for fact in candidates:
        if fact.value is not None and numbers_match(item.value, item.unit, fact.value, fact.unit):
            return None
    where = f"pages {list(item.pages)}" if item.pages else f"table {item.table}"
    return (
        f"{item.id} ({item.origin}): {item.value}{item.unit or ''} not among the {len(candidates)} facts "
        f"of {item.docs[0]} on {where}: gold or ingestion error"
    )


def cross_check(gold: Sequence[GoldItem], store: Store) -> list[str]:
    """Problems found; gold items whose document is not in the store are skipped silently."""
    by_source: dict[str, Document] = {d.source: d for d in store.documents()}
    facts_of: dict[str, list[Fact]] = {}
    problems: list[str] = []
    for item in gold:
        if not checkable(item) or item.docs[0] not in by_source:
            continue
        doc_id = by_source[item.docs[0]].doc_id
        if doc_id not in facts_of:
            facts_of[doc_id] = store.facts(doc_id=doc_id)
        problem = check_item(item, facts_of[doc_id])
        if problem:
            problems.append(problem)
    return problems
