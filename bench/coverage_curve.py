"""The coverage rule's trade-off: right answers against wrong numbers for each threshold, from eval reports.

    .venv/bin/budgetqa eval eval/blind/blind-sw.jsonl --corpus ../shared/samples/real --home H --report OUT/sw
    .venv/bin/python bench/coverage_curve.py --home H OUT/*/report.json

An answered figure is withheld (answered `not_found`) when a run of the question's content characters that
nothing cited prints is longer than the threshold, or is an item name (…费, …支出); see budgetqa.qa.coverage.
The reports must come from an engine whose guard is off or looser than every threshold shown (`--longest 99`
as the engine's own setting is the identity row). The answers' cited rows, columns, tables and sentences are
read from the reports; the department names to discount from the store at --home.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from budgetqa.qa.coverage import refuses, uncovered_runs
from budgetqa.store import Store


def _cited(answer: dict[str, Any]) -> list[str]:
    parts = [answer.get("answer") or ""]
    for c in answer.get("citations") or []:
        parts.append("".join(str(c.get(k) or "") for k in ("row", "column", "table", "section")))
    for f in answer.get("facts") or []:
        parts.append("".join(f.get("row_path") or []))
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="+", type=Path)
    ap.add_argument("--home", type=Path, required=True, help="the store the reports were answered from")
    args = ap.parse_args()
    store = Store(args.home)
    names = {n for d in store.documents() for n in (d.department or "", d.region or "", *d.aliases)}
    rows: list[tuple[dict[str, Any], list[str]]] = []
    for report in args.reports:
        for q in json.loads(report.read_text(encoding="utf-8"))["questions"]:
            a = q["actual"]
            runs = uncovered_runs(q["question"], _cited(a), names) if a.get("value") is not None else []
            rows.append((q, runs if a["status"] == "answered" else []))
    n = len(rows)
    print(f"{n} questions from {len(args.reports)} reports")
    print(
        "longest run kept | item names withheld | right | wrong numbers | right answers lost | wrong withheld"
    )
    for longest in (1, 2, 3, 4, 99):
        for items in (False, True):
            right = wrong = lost = saved = 0
            for q, runs in rows:
                withheld = refuses(runs, longest) if items else any(len(r) > longest for r in runs)
                if withheld:
                    right += q["expected"]["kind"] == "unanswerable"
                    lost += q["right"]
                    saved += q["wrong_number"]
                else:
                    right += q["right"]
                    wrong += q["wrong_number"]
            print(
                f"{longest:>16} | {'yes' if items else 'no':>19} | {right / n:.3f} | {wrong / n:.3f}"
                f"{'':>8} | {lost:>18} | {saved:>14}"
            )


if __name__ == "__main__":
    main()
