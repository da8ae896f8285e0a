"""The result of one eval run: scored questions, metrics, notes; `to_json()` is report.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetqa.eval.metrics import Scored


@dataclass
class EvalReport:
    """Everything one eval run produced; `to_json()` is report.json."""

    scored: list[Scored]
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (question id, reason)
    gold_files: list[str] = field(default_factory=list)
    created: str = ""
    duration_s: float = 0.0
    comparison: str | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def overall(self) -> dict[str, Any]:
        return dict(self.metrics.get("overall", {}))

    def failures(self) -> list[Scored]:
        return [s for s in self.scored if not s.right]

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "duration_s": round(self.duration_s, 2),
            "gold_files": self.gold_files,
            "notes": self.notes,
            "skipped": [{"id": i, "reason": r} for i, r in self.skipped],
            "metrics": self.metrics,
            "questions": [scored_to_json(s) for s in self.scored],
        }


def scored_to_json(s: Scored) -> dict[str, Any]:
    answer = s.answer
    return {
        "id": s.gold.id,
        "question": s.gold.question,
        "kind": s.gold.kind,
        "doc": s.gold.doc_key,
        "expected": s.gold.to_json(),
        "actual": {
            "status": answer.get("status"),
            "answer": answer.get("answer"),
            "value": answer.get("value"),
            "unit": answer.get("unit"),
            "citations": [
                {k: c.get(k) for k in ("source", "page", "page_label", "table", "section", "row", "column")}
                for c in (answer.get("citations") or [])[:5]
            ],
            "elapsed_ms": answer.get("elapsed_ms"),
            "error": answer.get("error"),
            "parts": answer.get("parts") or [],  # each figure of a question asking several things
        },
        "right": s.right,
        "citation": s.citation,
        "wrong_number": s.wrong_number,
    }
