"""How people ask, as data: greetings, asking verbs, hedges and the like in `phrasing.tsv`, and the words that say
what to do with the figures (a change, a rate, a sum, a ranking, a reason) in `operations.tsv`, next to this file.

Words only; the grammar joining them stays in the code that reads questions. A malformed file stops the import
with one line naming the file, the line and the problem (the same error the budget vocabulary raises).
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetqa.qa.lexicon import VocabularyError

# resolved: an error names the file people edit, not an install-time link to it
PHRASING_FILE = Path(__file__).resolve().with_name("phrasing.tsv")
OPERATIONS_FILE = Path(__file__).resolve().with_name("operations.tsv")

SLOTS = (
    "greeting",
    "greeting_tail",
    "begging",
    "may_i",
    "ask_verb",
    "ask_alone",
    "chatter_clause",
    "hedge_tail",
    "hedge_lead",
    "generic_heads",
    "any_people",
)


OPERATION_SLOTS = (
    "change_said",
    "change_word",
    "decrease",
    "increase",
    "rate_word",
    "rate_tail",
    "sum_word",
    "total_alone",
    "indicator_word",
    "outturn_word",
    "why_word",
    "yes_no",
    "most",
    "least",
    "times_word",
)


def load_phrasing(path: Path, slots: tuple[str, ...] = SLOTS) -> dict[str, tuple[str, ...]]:
    """Each slot's words, in the file's order."""
    found_slots: dict[str, tuple[str, ...]] = {}
    number = 0
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        slot, tab, words = line.partition("\t")
        slot = slot.strip()
        if not tab:
            raise VocabularyError(
                path, number, f"no TAB after {slot!r}: write the slot, a TAB, then its words"
            )
        if slot not in slots:
            raise VocabularyError(path, number, f"unknown slot {slot!r}: expected one of {', '.join(slots)}")
        if slot in found_slots:
            raise VocabularyError(path, number, f"slot {slot!r} appears twice")
        found = tuple(words.split())
        if not found:
            raise VocabularyError(path, number, f"empty slot {slot!r}: give at least one word")
        found_slots[slot] = found
    missing = [s for s in slots if s not in found_slots]
    if missing:
        raise VocabularyError(path, number, f"missing slot(s) {', '.join(missing)}: every slot must be given")
    return found_slots


PHRASING = {**load_phrasing(PHRASING_FILE), **load_phrasing(OPERATIONS_FILE, OPERATION_SLOTS)}


def words(slot: str) -> tuple[str, ...]:
    return PHRASING[slot]


def alternation(slot: str) -> str:
    """The slot's words as a bare regex alternation, tried in the file's order: 为什么|为何|为啥."""
    return "|".join(re.escape(w) for w in PHRASING[slot])


def either(slot: str) -> str:
    """The slot's words as one regex group, tried in the file's order: (?:你好|您好|老师好)."""
    return "(?:" + alternation(slot) + ")"


__all__ = [
    "OPERATIONS_FILE",
    "OPERATION_SLOTS",
    "PHRASING",
    "PHRASING_FILE",
    "SLOTS",
    "alternation",
    "either",
    "load_phrasing",
    "words",
]
