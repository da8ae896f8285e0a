"""Publications as users see them: the files of one publication (文字部分 + 表格部分) are one entry whose
health is computed over all its files.

A table the narrative file lists in its 目录 is printed in the tables file, so it is missing only when no
file of the publication has it; the checks of every file are shown, each naming its file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from budgetqa.ingest.metadata import missing_tables, table_key, tables_match
from budgetqa.store import CheckResult, Document, TableInfo

# the ingest warning of a narrative-only file; answered once its tables file is part of the publication
NARRATIVE_ONLY = "has no tables: a narrative part"


def tables_elsewhere_note(names: Sequence[str]) -> str:
    """What a narrative file alone says of the tables its 目录 lists: printed in the other file, not missing."""
    shown = "、".join(names[:3]) + ("…" if len(names) > 3 else "")
    return (
        f"its 目录 lists {len(names)} tables ({shown}): they are in the publication's other file "
        "(表格部分), not loaded yet"
    )


@dataclass(frozen=True)
class Publication:
    """One publication: a single file, or the files that share a `publication` id."""

    publication_id: str  # the document id of a single file
    documents: tuple[Document, ...]  # its files, the tables file first
    missing_tables: tuple[str, ...] = ()
    # tables the 目录 of a narrative file lists while no file of the publication holds tables: they are
    # printed in its other file (表格部分), not loaded yet; not a failure
    tables_elsewhere: tuple[str, ...] = ()

    @property
    def first(self) -> Document:
        return self.documents[0]

    @property
    def joined(self) -> bool:
        return len(self.documents) > 1

    @property
    def department(self) -> str | None:
        return self.first.department

    @property
    def year(self) -> int | None:
        return self.first.year

    @property
    def doc_kind(self) -> str | None:
        return self.first.doc_kind

    @property
    def title(self) -> str | None:
        return next((d.title for d in self.documents if d.title), None)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(d.source for d in self.documents)

    @property
    def pages(self) -> int | None:
        counts = [d.pages for d in self.documents if d.pages is not None]
        return sum(counts) if counts else None

    @property
    def tables(self) -> tuple[TableInfo, ...]:
        return tuple(t for d in self.documents for t in d.tables)

    @property
    def checks(self) -> tuple[tuple[Document, CheckResult], ...]:
        """Every file's checks, each with the file it was run on."""
        return tuple((d, c) for d in self.documents for c in d.checks)

    @property
    def failed_checks(self) -> tuple[tuple[Document, CheckResult], ...]:
        return tuple((d, c) for d, c in self.checks if not c.ok)

    @property
    def textless_pages(self) -> tuple[tuple[Document, int], ...]:
        return tuple((d, p) for d in self.documents for p in d.textless_pages)

    @property
    def warnings(self) -> tuple[tuple[Document, str], ...]:
        has_tables = any(d.tables for d in self.documents)
        return tuple(
            (d, w) for d in self.documents for w in d.warnings if not (has_tables and NARRATIVE_ONLY in w)
        )

    def to_json(self) -> dict[str, Any]:
        """One entry of `budgetqa docs --json`: a single file is its document as before (plus `sources`);
        a publication in several files has the document fields over all files and one source per file."""
        if not self.joined:
            single = {**self.first.to_json(), "sources": [_source_json(self.first)]}
            if self.tables_elsewhere:
                single.update(missing_tables=[], tables_elsewhere=list(self.tables_elsewhere))
            return single
        return {
            "doc_id": self.publication_id,
            "publication": self.publication_id,
            "department": self.department,
            "year": self.year,
            "doc_kind": self.doc_kind,
            "title": self.title,
            "pages": self.pages,
            "tables": len(self.tables),
            "missing_tables": list(self.missing_tables),
            "tables_elsewhere": list(self.tables_elsewhere),
            "checks": [{**c.__dict__, "source": d.source} for d, c in self.checks],
            "textless_pages": [{"source": d.source, "page": p} for d, p in self.textless_pages],
            "warnings": [f"{d.source}: {w}" for d, w in self.warnings],
            "sources": [_source_json(d) for d in self.documents],
        }


def _source_json(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "pages": doc.pages,
        "tables": len(doc.tables),
        "checks": len(doc.checks),
        "failed_checks": sum(1 for c in doc.checks if not c.ok),
    }


def _same_words(listed: str, title: str) -> bool:
    """The same words in another order: one file's 目录 lists 政府性基金财政拨款支出预算表, the other file
    prints 财政拨款政府性基金支出预算表."""
    (a, qa), (b, qb) = table_key(listed), table_key(title)
    return qa == qb and sorted(a) == sorted(b)


def publication_missing(documents: Sequence[Document]) -> list[str]:
    """Tables some file lists (in its 目录) that no file of the publication has."""
    out: list[str] = []
    for doc in documents:
        others = [t.title for d in documents if d is not doc for t in d.tables]
        for name in missing_tables(doc.missing_tables, others):
            if any(_same_words(name, title) for title in others):
                continue
            if not any(table_key(name) == table_key(seen) or tables_match(name, seen) for seen in out):
                out.append(name)
    return out


def publication_of(documents: Sequence[Document]) -> Publication:
    """The publication of these files (one file, or the files sharing one publication id)."""
    ordered = tuple(sorted(documents, key=lambda d: (not d.tables, d.source)))
    pid = ordered[0].publication if len(ordered) > 1 else None
    missing = tuple(publication_missing(ordered) if len(ordered) > 1 else ordered[0].missing_tables)
    if not any(d.tables for d in ordered):  # the narrative half alone: its tables are in the other file
        return Publication(pid or ordered[0].doc_id, ordered, tables_elsewhere=missing)
    return Publication(publication_id=pid or ordered[0].doc_id, documents=ordered, missing_tables=missing)


def publications(documents: Sequence[Document]) -> list[Publication]:
    """One entry per publication, in the order of each publication's first file in `documents`."""
    groups: dict[str, list[Document]] = {}
    for doc in documents:
        groups.setdefault(doc.publication or doc.doc_id, []).append(doc)
    return [publication_of(files) for files in groups.values()]


__all__ = [
    "NARRATIVE_ONLY",
    "Publication",
    "publication_missing",
    "publication_of",
    "publications",
    "tables_elsewhere_note",
]
