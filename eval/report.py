"""Eval output: report.md, report.json, the accuracy chart, the one-screen summary, baseline
comparison and the threshold gate."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from budgetqa.eval.gold import EvalError
from budgetqa.eval.metrics import Scored
from budgetqa.eval.results import EvalReport

# Metrics where lower is better; every other threshold is a minimum.
LOWER_IS_BETTER = ("wrong_number_rate", "latency_p50_ms", "latency_p95_ms")
SHOWN_METRICS = (
    "answer_accuracy",
    "citation_accuracy",
    "wrong_number_rate",
    "abstention_precision",
    "abstention_recall",
    "narrative_recall@1",
    "narrative_recall@3",
    "narrative_recall@5",
    "latency_p50_ms",
    "latency_p95_ms",
)


def fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.3f}"
    return str(value)


def expected_text(s: Scored) -> str:
    gold = s.gold
    if gold.kind == "unanswerable":
        return "not_found"
    parts = []
    if gold.value is not None:
        parts.append(f"{gold.value}{gold.unit or ''}")
    if gold.text:
        parts.append(" & ".join("/".join(group) for group in gold.text))
    where = ",".join(map(str, gold.pages)) if gold.pages else gold.table
    return "; ".join(parts) + (f" (p.{where})" if gold.pages else f" ({where})" if where else "")


def actual_text(s: Scored, width: int = 80) -> str:
    answer = s.answer
    status = answer.get("status")
    if status == "error":
        return f"error: {answer.get('error')}"
    text = " ".join(str(answer.get("answer") or "").split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    value = answer.get("value")
    pages = [c.get("page") for c in (answer.get("citations") or [])[:3]]
    shown = f"[{status}] {text}"
    if value is not None:
        shown += f" | value={value}{answer.get('unit') or ''}"
    if pages:
        shown += f" | p.{pages}"
    return shown


def summary_text(report: EvalReport) -> str:
    """One screen: overall metrics, accuracy per kind and per document, then each failure."""
    o = report.overall
    lines = [f"BudgetQA eval: {o.get('n', 0)} questions in {report.duration_s:.1f}s"]
    lines.append("  " + "  ".join(f"{m}={fmt(o.get(m))}" for m in SHOWN_METRICS))
    for title, key in (("by kind", "by_kind"), ("by document", "by_doc")):
        groups = report.metrics.get(key, {})
        cells = [f"{name} {fmt(m.get('answer_accuracy'))} ({m.get('n')})" for name, m in groups.items()]
        lines.append(f"  {title}: " + "; ".join(cells))
    lines.extend(f"  note: {n}" for n in report.notes)
    if report.skipped:
        lines.append(f"  skipped {len(report.skipped)} questions whose documents are missing")
    failures = report.failures()
    lines.append(f"failures ({len(failures)}):")
    for s in failures:
        lines.append(f"- {s.gold.id} [{s.gold.kind}] {s.gold.question}")
        lines.append(f"    expected: {expected_text(s)}")
        lines.append(f"    actual:   {actual_text(s)}")
    if report.comparison:
        lines.append(report.comparison)
    return "\n".join(lines)


def markdown_report(report: EvalReport) -> str:
    o = report.overall
    out = [f"# BudgetQA eval report ({report.created})", ""]
    out.append(
        f"Gold files: {', '.join(report.gold_files)}; {o.get('n', 0)} questions; {report.duration_s:.1f}s."
    )
    out += ["", "## Overall", "", "| metric | value |", "|---|---|"]
    out += [f"| {m} | {fmt(o.get(m))} |" for m in SHOWN_METRICS]
    for title, key in (("By kind", "by_kind"), ("By document", "by_doc")):
        out += [
            "",
            f"## {title}",
            "",
            "| group | n | accuracy | citation | wrong numbers |",
            "|---|---|---|---|---|",
        ]
        for name, m in report.metrics.get(key, {}).items():
            out.append(
                f"| {name} | {m.get('n')} | {fmt(m.get('answer_accuracy'))} | "
                f"{fmt(m.get('citation_accuracy'))} | {fmt(m.get('wrong_number_rate'))} |"
            )
    if report.notes or report.skipped:
        out += ["", "## Notes", ""] + [f"- {n}" for n in report.notes]
        out += [f"- skipped {i}: {r}" for i, r in report.skipped]
    out += ["", "## Failures", "", "| id | kind | question | expected | actual |", "|---|---|---|---|---|"]
    for s in report.failures():
        row = [s.gold.id, s.gold.kind, s.gold.question, expected_text(s), actual_text(s, 120)]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    if report.comparison:
        out += ["", "## Compared with the baseline", "", "```", report.comparison, "```"]
    return "\n".join(out) + "\n"


def accuracy_chart(report: EvalReport, path: Path) -> Path:
    """A bar chart of answer accuracy per question kind (matplotlib, headless)."""
    import matplotlib  # late: heavy, and only the report needs it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = report.metrics.get("by_kind", {})
    names = list(groups)
    values = [groups[n].get("answer_accuracy") or 0.0 for n in names]
    fig, ax = plt.subplots(figsize=(8, 4))
    bars = ax.bar(names, values, color="#3b6ea5")
    for bar, name in zip(bars, names, strict=True):
        ax.annotate(
            f"n={groups[name].get('n')}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("answer accuracy")
    ax.set_title(f"Accuracy by question kind (overall {fmt(report.overall.get('answer_accuracy'))})")
    ax.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def write_report(report: EvalReport, report_dir: Path) -> list[Path]:
    report_dir = Path(report_dir)
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EvalError(
            f"cannot create the report directory {report_dir}: {exc.strerror}; choose another"
        ) from exc
    md = report_dir / "report.md"
    js = report_dir / "report.json"
    md.write_text(markdown_report(report), encoding="utf-8")
    js.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return [md, js, accuracy_chart(report, report_dir / "accuracy_by_kind.png")]


def load_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read the {what} {path}: {exc}; pass a JSON file") from exc
    if not isinstance(data, dict):
        raise EvalError(f"the {what} {path} is not a JSON object")
    return data


def compare(report: EvalReport, baseline_json: Path | Mapping[str, Any]) -> str:
    """Differences against an earlier report.json: each metric, then questions fixed and broken."""
    base = (
        baseline_json if isinstance(baseline_json, Mapping) else load_json(baseline_json, "baseline report")
    )
    before = base.get("metrics", {}).get("overall", {})
    after = report.overall
    lines = ["compared with the baseline:"]
    for m in SHOWN_METRICS:
        b, a = before.get(m), after.get(m)
        if isinstance(b, int | float) and isinstance(a, int | float):
            lines.append(f"  {m}: {fmt(b)} -> {fmt(a)} ({a - b:+.3f})")
        elif b is not None or a is not None:
            lines.append(f"  {m}: {fmt(b)} -> {fmt(a)}")
    old = {q["id"]: bool(q.get("right")) for q in base.get("questions", []) if "id" in q}
    new = {s.gold.id: s.right for s in report.scored}
    fixed = sorted(i for i, r in new.items() if r and old.get(i) is False)
    broken = sorted(i for i, r in new.items() if not r and old.get(i) is True)
    added = sorted(i for i in new if i not in old)
    lines.append(f"  fixed ({len(fixed)}): {', '.join(fixed) or '-'}")
    lines.append(f"  broken ({len(broken)}): {', '.join(broken) or '-'}")
    if added:
        lines.append(f"  new questions ({len(added)}): {', '.join(added)}")
    return "\n".join(lines)


def load_thresholds(path: Path) -> dict[str, float]:
    data = load_json(path, "thresholds file")
    return {k: float(v) for k, v in data.items() if not k.startswith("_") and isinstance(v, int | float)}


def check_thresholds(report: EvalReport, thresholds: Mapping[str, float]) -> list[str]:
    """Failures as messages; `by_kind.lookup.answer_accuracy` addresses a group's metric."""
    failures = []
    for key, limit in thresholds.items():
        parts = key.split(".")
        group: Mapping[str, Any] = report.overall
        if len(parts) == 3:
            group = report.metrics.get(parts[0], {}).get(parts[1], {})
        metric = parts[-1]
        value = group.get(metric)
        if value is None:
            failures.append(f"{key}: no value (threshold {limit})")
        elif metric in LOWER_IS_BETTER and value > limit:
            failures.append(f"{key}: {fmt(value)} is above the maximum {limit}")
        elif metric not in LOWER_IS_BETTER and value < limit:
            failures.append(f"{key}: {fmt(value)} is below the minimum {limit}")
    return failures
