"""What one question was understood to ask, handed from the answerer to the answer plans."""

from __future__ import annotations

from dataclasses import dataclass

from budgetqa.qa.index import FactIndex
from budgetqa.qa.matching import Item
from budgetqa.qa.question import Intent
from budgetqa.store import Document


@dataclass(frozen=True)
class Context:
    """Everything understood about one question, handed to the plans."""

    question: str
    intent: Intent
    docs: tuple[Document, ...]  # documents in scope (after any department filter)
    dept_named: bool
    items: tuple[Item, ...]
    measure: str | None
    index: FactIndex
    masked: str = ""  # the folded question with the department names blanked out (□)
    related: tuple[Document, ...] = ()  # the named departments' documents of other years (not asked about)
