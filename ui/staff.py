"""Staff handlers: upload and ingest PDFs, the document list with its health, delete, re-ingest, evaluate.

Every public function here takes the session registry and the caller's token and checks it first, so a
public session that reaches the endpoint by hand (not through the hidden UI) is refused on the server.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from budgetqa.ingest.errors import IngestError
from budgetqa.ingest.publications import Publication, publication_of, publications
from budgetqa.ingest.scan_cells import ocr_notes, ocr_summary
from budgetqa.store import Document, Store, StoreError, table_label
from budgetqa.ui.auth import StaffSessions
from budgetqa.ui.handlers import doc_label

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first KiB
MAX_NAME_CHARS = 120
UNSAFE_CHARS = re.compile(r"[^\w.\-（）()【】《》、，·]+")
STAGE_NAMES = {
    "read": "读取文件",
    "open": "打开文件",
    "pages": "提取页面文字",
    "text": "提取页面文字",
    "parse": "解析",
    "tables": "识别表格",
    "facts": "整理数据",
    "chunks": "切分文本",
    "checks": "勾稽校验",
    "embed": "向量化",
    "store": "写入",
    "index": "写入索引",
}
ProgressLike = Callable[..., Any]  # gr.Progress: progress(fraction, desc=...)
IngestFn = Callable[..., Any]  # ingest_file(store, path, *, strict=False, progress=None) -> IngestReport
EvalFn = Callable[[Store], Any]
ReingestFn = Callable[..., Any]  # reingest(store, doc_id, progress) -> IngestReport


class WriterStore:
    """A second Store on the same home, opened on first use, for staff writes.

    A SQLite connection sees its own uncommitted rows, so ingesting through the connection that answers
    questions would let a question (and qa's per-generation cache) see a half-written document. A separate
    connection in WAL mode only ever sees committed documents.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._writer: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        with self._lock:
            if self._writer is None:
                self._writer = Store(
                    self._store.home,
                    embedder=self._store.embedder,
                    database=self._store.database,
                    chroma=self._store.chroma_url,
                )
            return self._writer


class UploadRejectedError(ValueError):
    """An uploaded file that is not accepted (not a PDF, too large, empty)."""


def safe_filename(name: str) -> str:
    """A file name without directories or shell/HTML-special characters; Chinese letters are kept."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = UNSAFE_CHARS.sub("_", stem).strip("._ ") or "upload"
    return f"{stem[:MAX_NAME_CHARS]}.{suffix.lower() if suffix.lower() == 'pdf' else 'pdf'}"


def check_pdf(path: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse empty, oversized and non-PDF files by size and magic bytes, never by the name."""
    size = path.stat().st_size
    if size == 0:
        raise UploadRejectedError(f"{path.name}：文件为空")
    if size > max_bytes:
        raise UploadRejectedError(
            f"{path.name}：文件 {size / 2**20:.1f} MB，超过上限 {max_bytes / 2**20:.0f} MB"
        )
    with open(path, "rb") as fh:
        head = fh.read(MAGIC_WINDOW)
    if PDF_MAGIC not in head:
        raise UploadRejectedError(f"{path.name}：不是 PDF 文件（缺少 %PDF- 文件头）")


def default_ingest_fn() -> IngestFn:
    from budgetqa.ingest import ingest_file  # type: ignore[attr-defined]

    fn: IngestFn = ingest_file
    return fn


def default_eval_fn() -> EvalFn | None:
    """The bundled gold set over the documents already in the store (it never ingests gold files here)."""
    try:
        from budgetqa.eval import bundled_gold_paths, run_eval
        from budgetqa.eval.report import markdown_report
    except ImportError:
        return None

    def evaluate(store: Store) -> str:
        return markdown_report(run_eval(bundled_gold_paths(), store))

    return evaluate


def _stage_progress(
    progress: ProgressLike, index: int, count: int, name: str
) -> Callable[[str, int, int], None]:
    """Map ingest's (stage, done, total) onto one bar spanning all files of this upload."""

    def report(stage: str, done: int, total: int) -> None:
        within = done / total if total else 0.0
        label = STAGE_NAMES.get(stage, stage)
        progress((index + min(within, 1.0)) / count, desc=f"{name}：{label} {done}/{total}")

    return report


def _report_line(name: str, report: Any) -> str:
    status = getattr(report, "status", "?")
    if status == "ingested":
        return (
            f"- ✓ {name}：已收录（{getattr(report, 'pages', '?')} 页，{getattr(report, 'tables', '?')} 张表，"
            f"{getattr(report, 'facts', '?')} 个数据，{float(getattr(report, 'seconds', 0) or 0):.1f} 秒）"
            + (f"，{len(report.warnings)} 条警告" if getattr(report, "warnings", None) else "")
            + (
                f"；OCR 识别{ocr}"
                if (ocr := ocr_summary(ocr_notes(getattr(report, "warnings", None) or [])))
                else ""
            )
        )
    if status == "skipped":
        return f"- = {name}：已存在，跳过（{getattr(report, 'error', None) or '内容相同的文件已收录'}）"
    return f"- ✗ {name}：收录失败：{getattr(report, 'error', None) or '未知原因'}"


def _ingest_one(
    store: Store,
    path: Path,
    name: str,
    ingest_fn: IngestFn,
    progress: Callable[[str, int, int], None],
    password: str | None = None,
) -> str:
    try:
        extra = {"password": password} if password else {}  # encrypted PDFs only
        report = ingest_fn(store, path, progress=progress, **extra)
    except (IngestError, StoreError, ValueError, OSError) as exc:
        return f"- ✗ {name}：收录失败：{exc}"
    except Exception as exc:  # an ingest bug must not take the staff page down with it
        return f"- ✗ {name}：内部错误 {type(exc).__name__}：{exc}"
    return _report_line(name, report)


def ingest_uploads(
    sessions: StaffSessions,
    token: str | None,
    store: Store,
    paths: Sequence[str | Path],
    progress: ProgressLike,
    ingest_fn: IngestFn | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    password: str | None = None,
) -> str:
    """Check and ingest uploaded files one by one; returns a Markdown report, one line per file.

    `password` opens encrypted PDFs (the same for every file of this upload)."""
    sessions.require(token)
    if not paths:
        return "请先选择要上传的 PDF 文件。"
    fn = ingest_fn or default_ingest_fn()
    lines = []
    with tempfile.TemporaryDirectory(prefix="budgetqa-upload-") as tmp:
        for index, raw in enumerate(paths):
            upload = Path(raw)
            name = safe_filename(getattr(raw, "orig_name", None) or upload.name)
            try:
                check_pdf(upload, max_bytes)
            except UploadRejectedError as exc:
                lines.append(f"- ✗ {exc}")
                continue
            if store.database is not None and ingest_fn is None:
                # a server deployment: web replicas never ingest in-process; a `budgetqa worker` does
                from budgetqa.store import jobs

                job = jobs.enqueue(store, upload, name, password or None)
                lines.append(
                    f"- ⏳ {name}：已排队（任务 {job}），由 budgetqa worker 收录；完成后出现在文档列表中"
                )
                continue
            staged = Path(tmp) / name
            shutil.copyfile(upload, staged)
            lines.append(
                _ingest_one(
                    store,
                    staged,
                    name,
                    fn,
                    _stage_progress(progress, index, len(paths), name),
                    password or None,
                )
            )
    progress(1.0, desc="完成")
    return "\n".join(lines)


def health_status(pub: Publication) -> str:
    problems = []
    if pub.missing_tables:
        problems.append(f"缺 {len(pub.missing_tables)} 张表")
    if pub.failed_checks:
        problems.append(f"{len(pub.failed_checks)} 项校验未通过")
    if pub.textless_pages:
        problems.append(f"{len(pub.textless_pages)} 页无文字")
    return "⚠ " + "，".join(problems) if problems else "✓ 正常"


def _where(pub: Publication, doc: Document) -> str:
    return f"〔{doc.source}〕" if pub.joined else ""


def ocr_pages(pub: Publication) -> str:
    """The pages of a publication read by OCR, with their confidence and flagged figures, file by file."""
    out = []
    for doc in pub.documents:
        summary = ocr_summary(ocr_notes(w for d, w in pub.warnings if d is doc))
        if summary:
            out.append(f"{_where(pub, doc)}{summary}")
    return "；".join(out)


def documents_frame(sessions: StaffSessions, token: str | None, store: Store) -> pd.DataFrame:
    """The staff document list: one row per publication (its files together) with its health at a glance."""
    sessions.require(token)
    rows = []
    for pub in publications(store.documents()):
        found = len(pub.tables)
        rows.append(
            {
                "文档ID": pub.publication_id,
                "文件": " + ".join(pub.sources),
                "部门": pub.department or "",
                "年度": str(pub.year or ""),
                "类型": pub.title or pub.doc_kind or "",
                "页数": " + ".join(str(d.pages or "") for d in pub.documents),
                "表格（找到/应有）": f"{found}/{found + len(pub.missing_tables)}",
                "健康": health_status(pub),
                "缺失表": "、".join(pub.missing_tables),
                "未通过校验": "；".join(f"{_where(pub, d)}{c.name}" for d, c in pub.failed_checks),
                "无文字页": "、".join(f"{_where(pub, d)}{p}" for d, p in pub.textless_pages),
                "OCR 识别页": ocr_pages(pub),
                "警告": str(len(pub.warnings)),
            }
        )
    columns = [
        "文档ID",
        "文件",
        "部门",
        "年度",
        "类型",
        "页数",
        "表格（找到/应有）",
        "健康",
        "缺失表",
        "未通过校验",
        "无文字页",
        "OCR 识别页",
        "警告",
    ]
    return pd.DataFrame(rows, columns=columns)


def find_publication(store: Store, doc_id: str) -> Publication:
    """The publication of a publication id (pub-…) or of one of its files' ids."""
    files = store.publication(doc_id) if doc_id.startswith("pub-") else []
    if not files:
        doc = store.document(doc_id)
        files = store.publication(doc.publication) if doc.publication else [doc]
    return publication_of(files)


def document_detail(sessions: StaffSessions, token: str | None, store: Store, doc_id: str | None) -> str:
    """Markdown: the tables found, failed checks with their details, and ingest warnings of a publication
    (every file of it)."""
    sessions.require(token)
    if not doc_id:
        return ""
    try:
        pub = find_publication(store, doc_id)
    except StoreError as exc:
        return str(exc)
    files = "；".join(f"{d.source}（{d.pages or '?'} 页）" for d in pub.documents)
    lines = [f"### {doc_label(pub.first)}", f"文件：{files}　{health_status(pub)}", "", "**表格**："]
    for doc in pub.documents:
        for table in doc.tables:
            pages = _page_span(table.page_start, table.page_end)
            name = table_label(table.table_no, table.title) or "未命名表格"
            lines.append(
                f"- {name}（{_where(pub, doc)}{pages}，{table.rows} 行，单位 {table.unit or '未注明'}）"
            )
    if pub.missing_tables:
        lines.append(f"\n**缺失表**：{'、'.join(pub.missing_tables)}")
    checks, failed = pub.checks, pub.failed_checks
    lines.append(f"\n**勾稽校验**：{len(checks) - len(failed)}/{len(checks)} 通过")
    lines.extend(
        f"- ✗ {_where(pub, d)}{c.name}：{c.detail}" + (f"（第{c.page}页）" if c.page else "")
        for d, c in failed
    )
    if ocr := ocr_pages(pub):
        lines.append(f"\n**OCR 识别页**：{ocr}")
    if pub.warnings:
        lines.append("\n**警告**：")
        lines.extend(f"- {_where(pub, d)}{w}" for d, w in pub.warnings[:30])
    return "\n".join(lines)


def _page_span(start: int | None, end: int | None) -> str:
    if start is None:
        return "页码未知"
    return f"第{start}页" if end in (None, start) else f"第{start}–{end}页"


def delete_document(sessions: StaffSessions, token: str | None, store: Store, doc_id: str | None) -> str:
    user = sessions.require(token)
    if not doc_id:
        return "请先选择文档。"
    kept: list[Document] = []
    try:
        if doc_id.startswith("pub-"):
            removed = store.remove_publication(doc_id)
        else:
            kept = [d for d in find_publication(store, doc_id).documents if d.doc_id != doc_id]
            removed = [store.remove(doc_id)]
    except StoreError as exc:
        return f"删除失败：{exc}"
    left = f"保留同一出版物的 {'、'.join(d.source for d in kept)}。" if kept else ""
    return f"已删除 {'、'.join(d.source for d in removed)}（操作人 {user}）。{left}"


def reingest_document(
    sessions: StaffSessions,
    token: str | None,
    store: Store,
    doc_id: str | None,
    progress: ProgressLike,
    reingest_fn: ReingestFn | None = None,
) -> str:
    """Parse a document's stored copy again and swap it in (after an ingest upgrade, say).

    Replace, never delete-then-add: questions keep getting the old version until the new one commits, and a
    crash at any moment leaves exactly one version.
    """
    user = sessions.require(token)
    if not doc_id:
        return "请先选择文档。"
    try:
        files = (
            find_publication(store, doc_id).documents
            if doc_id.startswith("pub-")
            else [store.document(doc_id)]
        )
    except StoreError as exc:
        return f"重新收录失败：{exc}"
    if reingest_fn is None:
        from budgetqa.ingest import reingest

        reingest_fn = reingest
    lines = []
    for index, doc in enumerate(
        files
    ):  # each file of a publication on its own: a failed one keeps its old version
        report = reingest_fn(store, doc.doc_id, _stage_progress(progress, index, len(files), doc.source))
        line = _report_line(doc.source, report)
        lines.append(
            f"{line}（操作人 {user}）"
            if report.status == "ingested"
            else f"{line}\n\n原版本仍在使用，未作改动。"
        )
    progress(1.0, desc="完成")
    return "\n".join(lines)


def run_evaluation(
    sessions: StaffSessions, token: str | None, store: Store, eval_fn: EvalFn | None = None
) -> str:
    """Run the evaluation (default: `budgetqa.eval.run_eval` on the bundled gold set) and show its report."""
    sessions.require(token)
    fn = eval_fn or default_eval_fn()
    if fn is None:
        return "评测功能暂不可用（evaluation not available）。"
    try:
        result = fn(store)
    except Exception as exc:  # show any evaluation failure to staff instead of a bare 500
        return f"评测失败：{type(exc).__name__}：{exc}"
    return format_eval_report(result)


def format_eval_report(result: Any) -> str:
    for method in ("to_markdown", "markdown"):
        if callable(getattr(result, method, None)):
            return str(getattr(result, method)())
    if callable(getattr(result, "to_json", None)):
        result = result.to_json()
    if isinstance(result, dict | list):
        return "```json\n" + json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n```"
    return str(result)
