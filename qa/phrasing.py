"""How people ask, as data: greetings, asking verbs, hedges and the like, in `phrasing.tsv` next to this file.

Words only; the grammar joining them stays in the code that reads questions. A malformed file stops the import
with one line naming the file, the line and the problem (the same error the budget vocabulary raises).
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetqa.qa.lexicon import VocabularyError

# resolved: an error names the file people edit, not an install-time link to it
PHRASING_FILE = Path(__file__).resolve().with_name("phrasing.tsv")

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


def load_phrasing(path: Path) -> dict[str, tuple[str, ...]]:
    """Each slot's words, in the file's order."""
    slots: dict[str, tuple[str, ...]] = {}
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
        if slot not in SLOTS:
            raise VocabularyError(path, number, f"unknown slot {slot!r}: expected one of {', '.join(SLOTS)}")
        if slot in slots:
            raise VocabularyError(path, number, f"slot {slot!r} appears twice")
        found = tuple(words.split())
        if not found:
            raise VocabularyError(path, number, f"empty slot {slot!r}: give at least one word")
        slots[slot] = found
    missing = [s for s in SLOTS if s not in slots]
    if missing:
        raise VocabularyError(path, number, f"missing slot(s) {', '.join(missing)}: every slot must be given")
    return slots


PHRASING = load_phrasing(PHRASING_FILE)


def words(slot: str) -> tuple[str, ...]:
    return PHRASING[slot]


def either(slot: str) -> str:
    """The slot's words as one regex group, tried in the file's order: (?:你好|您好|老师好)."""
    return "(?:" + "|".join(re.escape(w) for w in PHRASING[slot]) + ")"


__all__ = ["PHRASING", "PHRASING_FILE", "SLOTS", "either", "load_phrasing", "words"]
