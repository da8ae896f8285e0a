"""Staff handlers: upload checks, ingest with progress, document health, delete, re-ingest, evaluation."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from budgetqa.store import CheckResult, Store
from budgetqa.ui import handlers, staff
from budgetqa.ui.auth import StaffOnlyError, StaffSessions, hash_password
from budgetqa.ui.fakes import FakeAnswerer, add_tiny_document, tiny_parsed_document


@pytest.fixture(scope="module")
def sessions() -> StaffSessions:
    return StaffSessions({"alice": hash_password("pass word 1", iterations=1000)})


@pytest.fixture
def token(sessions: StaffSessions) -> str:
    token = sessions.login("alice", "pass word 1")
    assert token
    return token


def pdf_file(path: Path) -> Path:
    Image.new("RGB", (200, 200), "white").save(path, "PDF")
    return path


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []

    def __call__(self, fraction: float, desc: str = "") -> None:
        self.calls.append((fraction, desc))


def fake_ingest(store: Store, path: Path, *, strict: bool = False, progress: Any = None) -> SimpleNamespace:
    """Stores the tiny document under the uploaded name, reporting two stages."""
    for done in range(3):
        progress("tables", done, 2)
    parsed = tiny_parsed_document(doc_id=path.stem, sha256=path.stem.ljust(64, "0")[:64])
    parsed.document = parsed.document.__class__(**{**parsed.document.__dict__, "source": path.name})
    store.add(parsed, source_path=path)
    return SimpleNamespace(
        status="ingested", pages=2, tables=2, facts=len(parsed.facts), seconds=0.1, warnings=[], error=None
    )


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("2023_某局_部门预算.pdf", "2023_某局_部门预算.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\预算 (终稿).PDF", "预算_(终稿).pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),  # "/" ends a directory name
        ("<b>预算<b>", "b_预算_b.pdf"),
        ("a;rm -rf *.pdf", "a_rm_-rf.pdf"),
        ("...", "upload.pdf"),
        ("report.exe", "report.pdf"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert staff.safe_filename(name) == safe


def test_check_pdf_uses_magic_bytes_and_size(tmp_path: Path) -> None:
    good = pdf_file(tmp_path / "good.pdf")
    staff.check_pdf(good)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    for path, message in ((fake, "不是 PDF"), (empty, "为空")):
        with pytest.raises(staff.UploadRejectedError, match=message):
            staff.check_pdf(path)
    with pytest.raises(staff.UploadRejectedError, match="超过上限"):
        staff.check_pdf(good, max_bytes=10)


def test_every_staff_function_refuses_a_public_session(
    hash_store: Store, sessions: StaffSessions, tmp_path: Path
) -> None:
    calls = [
        lambda t: staff.ingest_uploads(
            sessions, t, hash_store, [pdf_file(tmp_path / "a.pdf")], Progress(), fake_ingest
        ),
        lambda t: staff.documents_frame(sessions, t, hash_store),
        lambda t: staff.document_detail(sessions, t, hash_store, "demo-2023"),
        lambda t: staff.delete_document(sessions, t, hash_store, "demo-2023"),
        lambda t: staff.reingest_document(sessions, t, hash_store, "demo-2023", Progress()),
        lambda t: staff.run_evaluation(sessions, t, hash_store, lambda s: "ran"),
    ]
    for call in calls:
        for public in (None, "", "forged-token"):
            with pytest.raises(StaffOnlyError):
                call(public)
    assert hash_store.documents() == []


def test_ingest_uploads_reports_progress_and_rejections(
    hash_store: Store, sessions: StaffSessions, token: str, tmp_path: Path
) -> None:
    upload_dir = tmp_path / "gradio"
    upload_dir.mkdir()
    good = pdf_file(upload_dir / "新 预算.pdf")
    bad = upload_dir / "evil.pdf"
    bad.write_bytes(b"<html>")
    progress = Progress()
    report = staff.ingest_uploads(sessions, token, hash_store, [str(bad), str(good)], progress, fake_ingest)
    assert "✗ evil.pdf：不是 PDF" in report and "✓ 新_预算.pdf：已收录" in report
    assert [d.source for d in hash_store.documents()] == ["新_预算.pdf"]
    fractions = [f for f, _ in progress.calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("识别表格 2/2" in desc for _, desc in progress.calls)


def test_ingest_errors_become_report_lines(
    hash_store: Store, sessions: StaffSessions, token: str, tmp_path: Path
) -> None:
    def broken(store: Store, path: Path, **kw: Any) -> Any:
        raise RuntimeError("boom")

    report = staff.ingest_uploads(
        sessions, token, hash_store, [pdf_file(tmp_path / "x.pdf")], Progress(), broken
    )
    assert "内部错误 RuntimeError：boom" in report
    assert (
        staff.ingest_uploads(sessions, token, hash_store, [], Progress(), broken)
        == "请先选择要上传的 PDF 文件。"
    )


def test_documents_frame_shows_health(hash_store: Store, sessions: StaffSessions, token: str) -> None:
    parsed = tiny_parsed_document()
    doc = parsed.document
    parsed.document = doc.__class__(
        **{
            **doc.__dict__,
            "missing_tables": ("收入总表",),
            "textless_pages": (2,),
            "checks": (CheckResult("收支平衡", False, "收入≠支出", 1, 1), CheckResult("合计", True, "")),
        }
    )
    hash_store.add(parsed)
    frame = staff.documents_frame(sessions, token, hash_store)
    row = frame.iloc[0]
    assert (
        row["表格（找到/应有）"] == "2/3" and row["缺失表"] == "收入总表" and row["未通过校验"] == "收支平衡"
    )
    assert row["健康"] == "⚠ 缺 1 张表，1 项校验未通过，1 页无文字" and row["无文字页"] == "2"
    detail = staff.document_detail(sessions, token, hash_store, "demo-2023")
    assert (
        "1/2 通过" in detail
        and "✗ 收支平衡：收入≠支出（第1页）" in detail
        and "表7 一般公共预算支出表" in detail
    )


def test_reingest_replaces_in_place_and_delete_removes(
    hash_store: Store, sessions: StaffSessions, token: str, seed_pdf: Path
) -> None:
    """重新收录 parses the stored copy and swaps it in: at every stage a reader still sees the document."""
    from budgetqa.ingest import ingest_file

    doc_id = ingest_file(hash_store, seed_pdf).doc_id
    assert doc_id is not None
    facts_before = len(hash_store.facts(doc_id))
    reader = Store(hash_store.home, embedder=hash_store.embedder)
    seen: list[int] = []

    class Watching(Progress):
        def __call__(self, fraction: float, desc: str = "") -> None:
            seen.append(len(reader.documents()))

    message = staff.reingest_document(sessions, token, hash_store, doc_id, Watching())
    assert message.startswith(f"- ✓ {seed_pdf.name}") and "alice" in message
    assert seen and set(seen) == {1}  # never a moment without the document
    assert [d.doc_id for d in hash_store.documents()] == [doc_id]
    assert len(hash_store.facts(doc_id)) == facts_before
    assert hash_store.vectors.count() == len(
        hash_store.chunks([doc_id], kind="narrative")
    )  # the old rows went
    assert hash_store.file_path(doc_id) is not None
    assert "alice" in staff.delete_document(sessions, token, hash_store, doc_id)
    assert hash_store.documents() == []
    assert "删除失败" in staff.delete_document(sessions, token, hash_store, doc_id)


def test_failed_reingest_keeps_the_old_version(
    hash_store: Store, sessions: StaffSessions, token: str, tmp_path: Path
) -> None:
    add_tiny_document(hash_store, pdf_file(tmp_path / "demo.pdf"))
    failing = lambda store, doc_id, progress: SimpleNamespace(status="failed", error="坏文件")  # noqa: E731
    message = staff.reingest_document(sessions, token, hash_store, "demo-2023", Progress(), failing)
    assert "坏文件" in message and "原版本仍在使用" in message
    assert [d.doc_id for d in hash_store.documents()] == ["demo-2023"]


def test_run_evaluation(hash_store: Store, sessions: StaffSessions, token: str) -> None:
    report = SimpleNamespace(to_json=lambda: {"accuracy": 0.9})
    assert '"accuracy": 0.9' in staff.run_evaluation(sessions, token, hash_store, lambda s: report)
    assert staff.run_evaluation(sessions, token, hash_store, lambda s: "# 报告") == "# 报告"
    failing = staff.run_evaluation(sessions, token, hash_store, lambda s: 1 / 0)
    assert failing.startswith("评测失败：ZeroDivisionError")


def test_questions_are_answered_while_staff_ingest(
    hash_store: Store, sessions: StaffSessions, token: str, tmp_path: Path
) -> None:
    add_tiny_document(hash_store)
    started, release = threading.Event(), threading.Event()

    def slow_ingest(store: Store, path: Path, **kw: Any) -> Any:
        started.set()
        assert release.wait(10)
        return fake_ingest(store, path, **kw)

    worker = threading.Thread(
        target=staff.ingest_uploads,
        args=(sessions, token, hash_store, [pdf_file(tmp_path / "late.pdf")], Progress(), slow_ingest),
    )
    worker.start()
    assert started.wait(10)
    cache = handlers.AnswererCache(hash_store, FakeAnswerer)
    result = handlers.ask_question(cache, hash_store, "教育支出是多少？", [])
    assert "教育支出为20万元" in result.history[-1]["content"]
    assert [d.doc_id for d in hash_store.documents()] == ["demo-2023"]  # the new one is not listed yet
    release.set()
    worker.join(10)
    assert sorted(d.doc_id for d in hash_store.documents()) == ["demo-2023", "late"]


def test_writes_through_the_writer_store_stay_invisible_until_committed(hash_store: Store) -> None:
    from budgetqa.store import sqlite as db

    writer = staff.WriterStore(hash_store).get()
    assert writer is not hash_store and writer.home == hash_store.home
    row = db.document_to_row(tiny_parsed_document(doc_id="half", sha256="2" * 64).document)
    with writer._transaction() as conn:  # what Store.add does while it inserts a document's rows
        conn.execute(
            "INSERT INTO documents (doc_id, sha256, source, department, year, doc_kind, body)"
            " VALUES (:doc_id, :sha256, :source, :department, :year, :doc_kind, :body)",
            row,
        )
        writer._set_meta("generation", str(writer.generation() + 1))  # every write bumps it, as add does
        assert hash_store.documents() == []  # the public side does not see the half-written document
        assert [d.doc_id for d in writer.documents()] == ["half"]
    assert [d.doc_id for d in hash_store.documents()] == ["half"]  # committed: now it does


def test_default_evaluation_is_the_bundled_gold_set() -> None:
    assert callable(staff.default_eval_fn())  # budgetqa.eval.run_eval exists, so the button is live


def test_staff_upload_of_an_encrypted_pdf_with_its_password(
    hash_store: Store, sessions: StaffSessions, token: str, tmp_path: Path, seed_pdf: Path
) -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=seed_pdf)
    writer.encrypt("pw", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    refused = staff.ingest_uploads(sessions, token, hash_store, [str(locked)], Progress())
    assert "✗" in refused and "--password" in refused and hash_store.documents() == []
    done = staff.ingest_uploads(sessions, token, hash_store, [str(locked)], Progress(), password="pw")
    assert done.startswith("- ✓ locked.pdf") and len(hash_store.documents()) == 1
