"""The gold question/answer set: loading and validating JSON lines (format in eval/gold/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

KINDS = (
    "lookup",
    "delta",
    "ratio",
    "sum",
    "compare",
    "rank",
    "narrative",
    "indicator",
    "unanswerable",
)

REQUIRED_KEYS = ("id", "question", "kind")


class EvalError(Exception):
    """The eval layer's error root: a bad gold file, a bad thresholds file, a bad baseline."""


class GoldError(EvalError):
    """A gold file that cannot be read; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class GoldItem:
    """One question with what a right answer must contain and where it is printed."""

    id: str
    question: str
    kind: str
    docs: tuple[str, ...] = ()  # source file names; several for cross-document questions
    value: Decimal | None = None
    unit: str | None = None  # 万元 / 元 / % / 辆 ... as printed
    text: tuple[tuple[str, ...], ...] = ()  # every group must be matched by one of its phrases
    pages: tuple[int, ...] = ()  # physical 1-based pages where the answer is printed
    table: str | None = None  # "表9", a table title, or a section heading for text documents
    note: str | None = None
    context: tuple[str, ...] = ()  # earlier questions of the same conversation, asked first (follow-ups)
    origin: str = ""  # "file.jsonl:line", for messages

    @property
    def doc_key(self) -> str:
        """The per-document bucket: the file name, "cross-document", or "(none)"."""
        if not self.docs:
            return "(none)"
        if len(self.docs) > 1:
            return "cross-document"
        return self.docs[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "kind": self.kind,
            "doc": list(self.docs) if len(self.docs) > 1 else (self.docs[0] if self.docs else None),
            "value": _number_json(self.value),
            "unit": self.unit,
            "text": [list(group) for group in self.text],
            "pages": list(self.pages),
            "table": self.table,
            "note": self.note,
            **({"context": list(self.context)} if self.context else {}),
        }


def _number_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(raw: object, where: str) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise GoldError(f"{where}: value must be a number or null, not {raw!r}")
    try:
        # str() of a float keeps the printed digits (3.50 is lost, but 3.5 and 3.50 tolerate alike).
        return Decimal(str(raw).replace(",", ""))
    except InvalidOperation as exc:
        raise GoldError(f"{where}: value {raw!r} is not a number; write it as printed without units") from exc


def _docs(raw: object, where: str) -> tuple[str, ...]:
    if raw is None or raw == "":
        return ()
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(d, str) and d for d in raw):
        return tuple(raw)
    raise GoldError(f"{where}: doc must be a file name, a list of file names or null")


def _text(raw: object, where: str) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise GoldError(f'{where}: text must be a list of phrase lists, e.g. [["减少","下降"]]')
    groups: list[tuple[str, ...]] = []
    for group in raw:
        if isinstance(group, str):  # a bare phrase is a one-phrase group
            group = [group]
        if not isinstance(group, list) or not group or not all(isinstance(p, str) and p for p in group):
            raise GoldError(f"{where}: each text group must be a non-empty list of phrases, got {group!r}")
        groups.append(tuple(group))
    return tuple(groups)


def _pages(raw: object, where: str) -> tuple[int, ...]:
    if raw is None:
        return ()
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in raw
    ):
        raise GoldError(f"{where}: pages must be a list of physical 1-based page numbers")
    return tuple(raw)


def _context(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(q, str) and q.strip() for q in raw):
        raise GoldError(f"{where}: context must be a list of the earlier questions of the conversation")
    return tuple(raw)


def parse_item(data: dict[str, Any], where: str) -> GoldItem:
    """One JSON object as a GoldItem; every problem names `where` (file:line)."""
    missing = [k for k in REQUIRED_KEYS if not data.get(k)]
    if missing:
        raise GoldError(f"{where}: missing {', '.join(missing)}")
    kind = str(data["kind"])
    if kind not in KINDS:
        raise GoldError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    item = GoldItem(
        id=str(data["id"]),
        question=str(data["question"]),
        kind=kind,
        docs=_docs(data.get("doc"), where),
        value=_decimal(data.get("value"), where),
        unit=data.get("unit") or None,
        text=_text(data.get("text"), where),
        pages=_pages(data.get("pages"), where),
        table=data.get("table") or None,
        note=data.get("note") or None,
        context=_context(data.get("context"), where),
        origin=where,
    )
    if kind != "unanswerable" and item.value is None and not item.text:
        raise GoldError(f"{where}: an answerable question needs a value or text phrases")
    return item


def load_gold(paths: Iterable[Path]) -> list[GoldItem]:
    """Read JSON-lines gold files; blank lines and lines starting with # are skipped; ids must be unique."""
    items: list[GoldItem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise GoldError(
                f"cannot read gold file {path}: {exc.strerror}; pass an existing .jsonl file"
            ) from exc
        for n, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{Path(path).name}:{n}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{where}: not JSON ({exc.msg}); one object per line") from exc
            if not isinstance(data, dict):
                raise GoldError(f"{where}: each line must be a JSON object")
            item = parse_item(data, where)
            if item.id in seen:
                raise GoldError(
                    f"{where}: id {item.id!r} already used at {seen[item.id]}; ids must be unique"
                )
            seen[item.id] = where
            items.append(item)
    return items


def bundled_gold_paths() -> list[Path]:
    """The gold files shipped with the package (eval/gold/*.jsonl).

    resolve() follows the strict-editable link farm back to the source folder, so gold files added
    after installation are found too.
    """
    folder = Path(__file__).resolve().parent / "gold"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def gold_documents(items: Sequence[GoldItem]) -> list[str]:
    """Every document file name the gold set refers to, in first-seen order."""
    return list(dict.fromkeys(d for item in items for d in item.docs))
