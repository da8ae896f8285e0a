"""Everyday budget vocabulary: what people say → the labels budget tables print.

General vocabulary of the genre (政府收支分类科目, 三公经费, 经济分类 names) only; nothing here names a
particular document, department or figure. The vocabulary itself is data, in `lexicon.tsv` next to this
file (its header says how to edit it), loaded once at import: each term lists its everyday forms (`says`)
and the printed labels it means, most specific first; `table_hint` names the table whose figure is the
authoritative one when the same item is printed in several tables (三公 items in the 三公经费表). A
malformed file stops the import with one line naming the file, the line and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from budgetqa.qa.text import fold

# resolved: an error names the file people edit, not an install-time link to it
VOCABULARY_FILE = Path(__file__).resolve().with_name("lexicon.tsv")


@dataclass(frozen=True)
class Term:
    name: str
    says: tuple[str, ...]
    labels: tuple[str, ...]
    table_hint: str | None = None  # a word of the most specific table's title
    hint_total: bool = False  # inside that table the 合计/总计 row or column is this item
    # 经济 (what money buys: codes 3xx) or 功能 (what purpose: codes 2xx); the same words can be printed
    # in both classifications (退休费 vs 行政单位离退休), and the item's own classification is the answer
    kind: str | None = None


class VocabularyError(ValueError):
    """A malformed vocabulary file: `file:line: problem`, on one line."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}".replace("\n", " "))


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Term, ...]
    measures: dict[str, tuple[str, ...]]
    amount_measures: frozenset[str]
    measure_says: tuple[tuple[str, str], ...]
    origins: dict[str, str]  # term name → where its entry comes from (genre: the genre's vocabulary)


# each block's column names, as its header line must spell them
COLUMNS: dict[str, tuple[str, ...]] = {
    "terms": ("name", "kind", "origin", "table_hint", "hint_total", "labels", "says"),
    "measures": ("measure", "amount", "labels"),
    "measure_says": ("says", "measure"),
}
KINDS = ("经济", "功能")
_YES = {"": False, "yes": True}


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in a file laid out as `lexicon.tsv` (its header describes the format)."""
    terms: list[Term] = []
    origins: dict[str, str] = {}
    term_lines: dict[str, int] = {}
    measures: dict[str, tuple[str, ...]] = {}
    amounts: set[str] = set()
    measure_says: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    block: str | None = None
    header = False  # the next row is the block's column-name line
    number = 0

    def fail(problem: str) -> VocabularyError:
        return VocabularyError(path, number, problem)

    def flag(value: str, column: str) -> bool:
        if value not in _YES:
            raise fail(f"{column} is {value!r}: write yes or leave it empty")
        return _YES[value]

    def words(value: str, column: str) -> tuple[str, ...]:
        found = tuple(value.split())
        if not found:
            raise fail(f"empty {column}: give at least one word")
        return found

    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.strip().startswith("["):
            block = line.strip().removeprefix("[").removesuffix("]").strip()
            if block not in COLUMNS:
                raise fail(
                    f"unknown block {line.strip()!r}: expected one of {', '.join(f'[{b}]' for b in COLUMNS)}"
                )
            if block in seen:
                raise fail(f"block [{block}] appears twice")
            seen.add(block)
            header = True
            continue
        if block is None:
            raise fail("a row before any [block] line: start with [terms]")
        cells = [cell.strip() for cell in line.split("\t")]
        columns = COLUMNS[block]
        if header:
            if tuple(cells) != columns:
                raise fail(f"the column-name line of [{block}] must be {' TAB '.join(columns)}")
            header = False
            continue
        if len(cells) != len(columns):
            raise fail(
                f"wrong column count in [{block}]: {len(cells)} tab-separated cells, expected {len(columns)} "
                f"({', '.join(columns)})"
            )
        row = dict(zip(columns, cells, strict=True))
        if block == "terms":
            name = row["name"]
            if not name:
                raise fail("empty name")
            if name in term_lines:
                raise fail(f"duplicate term name {name!r} (first on line {term_lines[name]})")
            if row["kind"] and row["kind"] not in KINDS:
                raise fail(f"unknown kind {row['kind']!r}: expected {' or '.join(KINDS)} or empty")
            if not row["origin"]:
                raise fail(f"empty origin for {name!r}: say where the entry comes from (genre)")
            hint_total = flag(row["hint_total"], "hint_total")
            if hint_total and not row["table_hint"]:
                raise fail(f"hint_total without a table_hint for {name!r}")
            term_lines[name] = number
            origins[name] = row["origin"]
            terms.append(
                Term(
                    name,
                    words(row["says"], "says"),
                    tuple(row["labels"].split()) or (name,),
                    row["table_hint"] or None,
                    hint_total,
                    row["kind"] or None,
                )
            )
        elif block == "measures":
            name = row["measure"]
            if not name:
                raise fail("empty measure name")
            if name in measures:
                raise fail(f"duplicate measure {name!r}")
            if flag(row["amount"], "amount"):
                amounts.add(name)
            measures[name] = words(row["labels"], "labels")
        else:
            if not row["says"]:
                raise fail("empty says")
            if not row["measure"]:
                raise fail("empty measure")
            measure_says.append((row["says"], row["measure"], number))
    missing = [b for b in COLUMNS if b not in seen]
    if missing:
        raise fail(f"the file ends without a [{missing[0]}] block")
    for says, measure, line_number in measure_says:
        if measure not in measures:
            raise VocabularyError(
                path, line_number, f"unknown measure {measure!r} for {says!r}: not in the [measures] block"
            )
    return Vocabulary(
        tuple(terms),
        measures,
        frozenset(amounts),
        tuple((says, measure) for says, measure, _ in measure_says),
        origins,
    )


_VOCABULARY = load_vocabulary(VOCABULARY_FILE)
TERMS: tuple[Term, ...] = _VOCABULARY.terms
# Column-side measures: which printed column answers "预算数", "决算数", "基本支出" ...
MEASURES: dict[str, tuple[str, ...]] = _VOCABULARY.measures
AMOUNT_MEASURES: frozenset[str] = _VOCABULARY.amount_measures  # which amount, not which part of it
MEASURE_SAYS: tuple[tuple[str, str], ...] = _VOCABULARY.measure_says


@lru_cache(maxsize=1)
def says_index() -> tuple[tuple[str, Term], ...]:
    """(folded everyday form, term), longest form first so 公务接待费 wins over 接待."""
    pairs = [(fold(s), term) for term in TERMS for s in term.says]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def find_terms(question: str) -> list[tuple[int, int, Term]]:
    """Non-overlapping lexicon mentions in a folded question as (start, end, term), left to right."""
    taken: list[tuple[int, int, Term]] = []
    # 公车的运行费 says 公车运行费: a form is also found with the 的 a speaker puts inside it left out
    kept = [i for i, ch in enumerate(question) if ch != "的"]
    plain = "".join(question[i] for i in kept)
    for form, term in says_index():
        for text, at in ((question, None), (plain, kept)):
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                span = (start, end) if at is None else (at[start], at[end - 1] + 1)
                if not any(s < span[1] and span[0] < e for s, e, _ in taken):
                    taken.append((*span, term))
                start = text.find(form, end)
            if at is None and len(kept) == len(question):
                break
    return sorted(taken, key=lambda m: m[0])


def hint_matches(term: Term | None, title: str) -> bool:
    """Whether a folded table title is the term's most specific table (`收支|收入支出`: either word)."""
    if term is None or not term.table_hint:
        return False
    return any(fold(h) in title for h in term.table_hint.split("|") if h)


def term_by_name(name: str) -> Term | None:
    for term in TERMS:
        if term.name == name:
            return term
    return None
