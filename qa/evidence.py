"""`Evidence`: the one record of a figure with its provenance, whichever reader found it.

A figure is read from the tables (`budgetqa.qa.lookup.figure`: the cells that print it) or from the text (a sentence
that states an amount, a count or a change: `budgetqa.qa.stated`, `budgetqa.qa.counts`, `budgetqa.qa.units`). Either
way it is an `Evidence`; the operations (`budgetqa.qa.ops`) and the sentences (`budgetqa.qa.compose`) take it as it
comes, so comparing, summing or ranking work the same over table and text figures, of one department or several.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from budgetqa.qa.answer import Citation
from budgetqa.qa.index import Cell
from budgetqa.store import Chunk, Fact

if TYPE_CHECKING:
    from budgetqa.qa.matching import Item


@dataclass(frozen=True)
class Evidence:
    """One figure: its value as printed, its unit, and where it is printed.

    From a table, `cells` holds the cells printing it (best first); from the text, `passage` and `sentence` are the
    passage and the sentence stating it. The other fields say how it was read; each reader fills its own.
    """

    value: Decimal
    unit: str | None
    # where it is printed
    cells: tuple[Cell, ...] = ()  # a table's cells, best first (the first prints `value`)
    passage: Chunk | None = None  # the text's passage (`chunk`)
    sentence: str = ""  # the text's sentence
    # what it is a figure of
    line: Item | None = None  # the line item asked, for a table figure (`item`)
    year: int | None = None
    who: str = ""  # whose figure, as an answer names it: 某局2025年 / 基本支出
    # how it was read
    formula: str | None = None  # how the value was reckoned from what is printed (1 + 1 + 4 = 6)
    how: str = ""  # a count of units: "stated", "added", "head" or "listed"
    rate: Decimal | None = None  # the % the same sentence gives beside the amount
    score: float = 0.0  # how well the sentence fits what is asked (text counts)
    printed: str = ""  # the counting unit as printed, with its parenthesis: 台（套）
    parts: tuple[Cell, ...] = ()  # same-name rows under different 科目编码, summed into `value`
    elsewhere: tuple[Cell, ...] = ()  # the same label printed under other parents of the table, not added
    conflicts: tuple[Cell, ...] = ()  # cells printing the same figure differently
    # handed to an operation (`budgetqa.qa.ops`)
    citations: tuple[Citation, ...] = ()
    facts: tuple[Fact, ...] = ()
    source: str = ""  # 表9 …，第24页 / 文字部分：“…”
    converted: Decimal | None = None  # the value in the answer's unit, when it differs from the printed one
    conversion: str | None = None

    @property
    def cell(self) -> Cell:
        """The table cell that prints it (a table figure only)."""
        return self.cells[0]

    @property
    def chunk(self) -> Chunk:
        """The passage that states it (a text figure only)."""
        if self.passage is None:
            raise ValueError("a table figure is not stated in a passage of the text")
        return self.passage

    @property
    def item(self) -> Item:
        """The line item it was read for (a table figure only)."""
        if self.line is None:
            raise ValueError("a text figure was not read for a line item")
        return self.line

    @property
    def origin(self) -> str:
        """ "table" or "text": where it was read."""
        return "table" if self.cells else "text"

    @property
    def common(self) -> Decimal:
        """The value in the answer's unit (`budgetqa.qa.ops.in_unit`)."""
        return self.value if self.converted is None else self.converted


__all__ = ["Evidence"]
