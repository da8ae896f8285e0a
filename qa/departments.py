"""The loaded departments' names, indexed once per set of documents so a question is matched against the
few departments it can name, not every department of the store (issue 12: 1,000 documents).

A department is its documents grouped by folded name; its names are the name, its aliases and region +
name. Two indexes answer "which departments can this text name?":

* every name verbatim (name -> departments, and the set of name lengths), for names written in full;
* every ordered character pair of every name (外办 for 外事工作委员会办公室: 外 before 办), for
  abbreviations: an abbreviation of two or more characters, a run of the question's characters that is an
  in-order pick of a name, contains one of the question's adjacent pairs, so the departments holding any
  of those pairs are the only candidates.

The matcher then scores only the candidates, with the same rules as over every department.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from budgetqa.store import Document
from budgetqa.store.labels import fold

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def names_of(doc: Document) -> list[str]:
    """A document's department names, folded: its name, its aliases, and region + name."""
    names = [fold(doc.department or "")] + [fold(a) for a in doc.aliases]
    if doc.region and doc.department and doc.region not in doc.department:
        names.append(fold(doc.region + doc.department))
    return [n for n in dict.fromkeys(names) if n]


def ordered_pairs(name: str) -> set[tuple[str, str]]:
    """(a, b) for every Han character a of the name and any character b after it."""
    return {(a, b) for i, a in enumerate(name) if _HAN.match(a) for b in name[i + 1 :]}


@dataclass
class DepartmentIndex:
    """Departments (documents grouped by folded name, in first-appearance order) and their names."""

    groups: list[tuple[str, tuple[Document, ...]]]  # (folded department or source, its documents)
    names: list[list[str]]  # per group: the first document's names (those the matcher scores)
    every_name: list[list[str]]  # per group: every document's names (a later year may add an alias)
    by_name: dict[str, list[int]] = field(default_factory=dict)  # a name verbatim -> groups
    lengths: list[int] = field(default_factory=list)  # distinct name lengths, longest first
    by_pair: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # an ordered pair -> groups
    _holders: dict[str, frozenset[int]] = field(default_factory=dict)  # a run -> groups printing it

    @classmethod
    def build(cls, docs: Sequence[Document]) -> DepartmentIndex:
        grouped: dict[str, list[Document]] = {}
        for doc in docs:
            grouped.setdefault(fold(doc.department or doc.source), []).append(doc)
        groups = [(key, tuple(group)) for key, group in grouped.items()]
        index = cls(
            groups,
            [names_of(group[0]) for _, group in groups],
            [list(dict.fromkeys(n for doc in group for n in names_of(doc))) for _, group in groups],
        )
        for g, names in enumerate(index.every_name):
            for name in names:
                index.by_name.setdefault(name, []).append(g)
                for pair in ordered_pairs(name):
                    holders = index.by_pair.setdefault(pair, [])
                    if not holders or holders[-1] != g:
                        holders.append(g)
        index.lengths = sorted({len(n) for n in index.by_name}, reverse=True)
        return index

    def verbatim(self, text: str) -> list[int]:
        """Groups one of whose documents' names the text contains, in group order."""
        return sorted({g for _, _, g in self.occurrences(text)})

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, group) of every name the text writes out in full."""
        found = []
        for length in self.lengths:
            for start in range(len(text) - length + 1):
                for g in self.by_name.get(text[start : start + length], ()):
                    found.append((start, start + length, g))
        return found

    def named_in_full(self, text: str) -> dict[int, tuple[int, int]]:
        """Each group the text writes out in full, with the span of its longest such name (the first one of
        that length). A name written only inside another department's longer name is not written:
        示例市东城区教育局 inside 示例市东城区教育局第2分局 names the 分局 alone; the longest name wins."""
        found = self.occurrences(text)
        named: dict[int, tuple[int, int]] = {}
        for start, end, g in found:  # longest first, then by position
            if text[start:end] not in self.names[g]:
                continue  # another year's alias: only the names the matcher scores name the department
            if any(s <= start and end <= e and e - s > end - start and h != g for s, e, h in found):
                continue
            named.setdefault(g, (start, end))
        return dict(sorted(named.items()))

    def candidates(self, text: str) -> list[int]:
        """Groups a run of two or more of the text's characters can pick in order, or that the text names in
        full: every group holding one of the text's adjacent character pairs (a Han character first) in one of
        its names, and every group named verbatim, in group order."""
        found: set[int] = set()
        for a, b in zip(text, text[1:], strict=False):
            found.update(self.by_pair.get((a, b), ()))
        return sorted(found.union(self.verbatim(text)))

    def printed_by_others(self, run: str, group: int) -> bool:
        """Another group's (scored) name contains the run; cached per run, as it reads every name, and it is
        asked only of runs made of organisation words (省委办)."""
        holders = self._holders.get(run)
        if holders is None:
            holders = frozenset(g for g, names in enumerate(self.names) if any(run in n for n in names))
            self._holders[run] = holders
        return bool(holders - {group})

    def documents(self, groups: Iterable[int]) -> list[Document]:
        return [doc for g in groups for doc in self.groups[g][1]]


_CACHE: OrderedDict[tuple[int, ...], tuple[Sequence[Document], DepartmentIndex]] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def department_index(docs: Sequence[Document]) -> DepartmentIndex:
    """The index of these documents, built once: a store generation's document lists are reused objects,
    so they are recognised by identity (the cache keeps them alive, so an identity is never reused)."""
    key = tuple(map(id, docs))
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit[1]
    index = DepartmentIndex.build(docs)
    with _LOCK:
        _CACHE[key] = (tuple(docs), index)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return index


__all__ = ["DepartmentIndex", "department_index", "names_of", "ordered_pairs"]
