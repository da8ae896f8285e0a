"""Run the gold set through the answering engine and score it.

The engine and ingestion are seams: `answerer` is any object with `.ask(question, qid=...)` (the real
`budgetqa.qa.Answerer` by default) and `ingest` is a callable the CLI passes (`budgetqa.ingest.ingest_paths`),
so eval never imports ingest (layers: eval -> qa -> store).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from budgetqa.eval.gold import EvalError, GoldItem, bundled_gold_paths, gold_documents, load_gold
from budgetqa.eval.metrics import Scored, breakdown, score
from budgetqa.eval.report import check_thresholds, compare, load_thresholds, summary_text, write_report
from budgetqa.eval.results import EvalReport
from budgetqa.store import Store

IngestFn = Callable[[Store, list[Path]], object]
ProgressFn = Callable[[int, int, str], None]  # (done, total, question id)


class AnswererLike(Protocol):
    """What the runner needs from an answering engine; `budgetqa.qa.Answerer` satisfies it."""

    def ask(self, question: str, *, qid: str | None = None) -> Any: ...


def answer_to_dict(answer: object) -> dict[str, Any]:
    """The Answer JSON contract from an Answer object or an already-converted mapping."""
    to_json = getattr(answer, "to_json", None)
    data = to_json() if callable(to_json) else answer
    if not isinstance(data, Mapping):
        raise EvalError(f"the answerer returned {type(answer).__name__}, not an Answer with to_json()")
    return dict(data)


def default_answerer(store: Store) -> AnswererLike:
    """One `budgetqa.qa.Answerer` for the whole run, so its models load once."""
    try:
        # Looked up by name: the engine loads models late, and tests pass a fake instead.
        answerer_cls = getattr(importlib.import_module("budgetqa.qa"), "Answerer")  # noqa: B009
    except (ImportError, AttributeError) as exc:
        raise EvalError(f"the answering engine budgetqa.qa.Answerer is not available ({exc})") from exc
    answerer: AnswererLike = answerer_cls(store)
    return answerer


def find_document(name: str, corpus_dirs: Sequence[Path]) -> Path | None:
    """A gold document by file name: directly in a corpus dir first, then anywhere below it."""
    for root in corpus_dirs:
        candidate = Path(root) / name
        if candidate.is_file():
            return candidate
    for root in corpus_dirs:
        if Path(root).is_dir():
            for candidate in sorted(Path(root).rglob(name)):
                if candidate.is_file():
                    return candidate
    return None


def ensure_documents(
    items: Sequence[GoldItem], store: Store, ingest: IngestFn | None, corpus_dirs: Sequence[Path]
) -> tuple[set[str], list[str]]:
    """Ingest what the store lacks; returns the available document names and notes on the rest."""
    available = {d.source for d in store.documents()}
    notes: list[str] = []
    for name in gold_documents(items):
        if name in available:
            continue
        path = find_document(name, corpus_dirs)
        if path is None:
            notes.append(
                f"skipped: {name} is not in the store nor in {', '.join(map(str, corpus_dirs)) or 'any corpus dir'}"
            )
            continue
        if ingest is None:
            notes.append(f"skipped: {name} is not in the store and no ingest function was given")
            continue
        try:
            ingest(store, [path])
        except Exception as exc:  # one bad document must not stop the eval; it is reported
            notes.append(f"skipped: ingesting {path} failed: {exc}")
            continue
        available = {d.source for d in store.documents()}
        if name not in available:
            notes.append(f"skipped: ingesting {path} did not add a document named {name}")
    return available, notes


def ask_one(answerer: AnswererLike, item: GoldItem) -> dict[str, Any]:
    """Ask one question; an exception becomes an answer with status "error" (scored wrong).

    A follow-up (an item with `context`) is asked after its earlier questions in one conversation when the
    engine keeps conversations (`new_session()`); an engine without them gets the follow-up alone.
    """
    started = time.perf_counter()
    try:
        new_session = getattr(answerer, "new_session", None)
        if item.context and callable(new_session):
            session = new_session()
            for earlier in item.context:
                answerer.ask(earlier, qid=None, session=session)  # type: ignore[call-arg]
            started = time.perf_counter()
            answer = answer_to_dict(answerer.ask(item.question, qid=item.id, session=session))  # type: ignore[call-arg]
        else:
            answer = answer_to_dict(answerer.ask(item.question, qid=item.id))
    except EvalError:
        raise
    except Exception as exc:
        answer = {"id": item.id, "status": "error", "answer": "", "error": f"{type(exc).__name__}: {exc}"}
    if not isinstance(answer.get("elapsed_ms"), int | float):
        answer["elapsed_ms"] = (time.perf_counter() - started) * 1000
    return answer


def run_eval(
    gold_paths: Sequence[Path],
    store: Store,
    *,
    ingest: IngestFn | None = None,
    corpus_dirs: Sequence[Path] = (),
    report_dir: Path | None = None,
    baseline: Path | None = None,
    answerer: AnswererLike | None = None,
    progress: ProgressFn | None = None,
) -> EvalReport:
    """Ingest missing gold documents, ask every question with one answerer, score, and write the report."""
    started = time.perf_counter()
    items = load_gold(gold_paths)
    available, notes = ensure_documents(items, store, ingest, corpus_dirs)
    runnable: list[GoldItem] = []
    skipped: list[tuple[str, str]] = []
    for item in items:
        lacking = [d for d in item.docs if d not in available]
        if lacking:
            skipped.append((item.id, f"document not available: {', '.join(lacking)}"))
        else:
            runnable.append(item)
    engine = answerer if answerer is not None else default_answerer(store)
    scored: list[Scored] = []
    for n, item in enumerate(runnable, start=1):
        scored.append(score(item, ask_one(engine, item)))
        if progress:
            progress(n, len(runnable), item.id)
    report = EvalReport(
        scored=scored,
        metrics=breakdown(scored),
        notes=notes,
        skipped=skipped,
        gold_files=[Path(p).name for p in gold_paths],
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_s=time.perf_counter() - started,
    )
    if baseline is not None:
        report.comparison = compare(report, baseline)
    if report_dir is not None:
        report.written = write_report(report, report_dir)
    return report


def cli_eval(
    store: Store,
    gold: Sequence[str | Path] = (),
    *,
    report_dir: str | Path | None = None,
    baseline: str | Path | None = None,
    corpus_dirs: Sequence[str | Path] = (),
    ingest: IngestFn | None = None,
    thresholds: str | Path | None = None,
    echo: Callable[[str], None] = print,
    answerer: AnswererLike | None = None,
) -> int:
    """`budgetqa eval`: the bundled gold set unless files are given; exit 1 when a threshold fails.

    The CLI passes `ingest=budgetqa.ingest.ingest_paths` so missing gold documents are ingested.
    """
    paths = [Path(p) for p in gold] or bundled_gold_paths()
    if not paths:
        raise EvalError("no gold files: pass .jsonl files or reinstall budgetqa (eval/gold is missing)")
    report = run_eval(
        paths,
        store,
        ingest=ingest,
        corpus_dirs=[Path(d) for d in corpus_dirs],
        report_dir=Path(report_dir) if report_dir else None,
        baseline=Path(baseline) if baseline else None,
        answerer=answerer,
    )
    echo(summary_text(report))
    for path in report.written:
        echo(f"wrote {path}")
    if thresholds is None:
        return 0
    failures = check_thresholds(report, load_thresholds(Path(thresholds)))
    for failure in failures:
        echo(f"threshold failed: {failure}")
    return 1 if failures else 0
