"""The eval runner, reports, thresholds and the gold cross-check, with a fake answerer and a fake store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest

from budgetqa.eval import (
    EvalError,
    GoldError,
    GoldItem,
    check_thresholds,
    compare,
    cross_check,
    load_gold,
    run_eval,
    summary_text,
)
from budgetqa.eval.runner import ask_one
from budgetqa.store import Fact, Store

GOLD = [
    {
        "id": "a1",
        "question": "外办2023年三公经费？",
        "kind": "lookup",
        "doc": "a.pdf",
        "value": 253,
        "unit": "万元",
        "pages": [24],
        "table": "表9",
    },
    {
        "id": "a2",
        "question": "为什么减少？",
        "kind": "narrative",
        "doc": "a.pdf",
        "text": [["上海合作组织"]],
        "pages": [3],
    },
    {
        "id": "b1",
        "question": "区府办招待费？",
        "kind": "lookup",
        "doc": "b.pdf",
        "value": "28.50",
        "unit": "万元",
        "pages": [20],
    },
    {"id": "u1", "question": "外办2030年预算？", "kind": "unanswerable", "doc": None},
]


@dataclass
class FakeDoc:
    source: str
    doc_id: str


class FakeStore:
    def __init__(self, sources: list[str], facts: list[Fact] | None = None) -> None:
        self.docs = [FakeDoc(s, f"d{i}") for i, s in enumerate(sources)]
        self._facts = facts or []

    def documents(self) -> list[FakeDoc]:
        return list(self.docs)

    def facts(self, doc_id: str | None = None, **_: Any) -> list[Fact]:
        return [f for f in self._facts if doc_id is None or f.doc_id == doc_id]


class PerfectAnswerer:
    """Answers from the gold itself, except the ids in `wrong`."""

    def __init__(self, items: list[GoldItem], wrong: tuple[str, ...] = ()) -> None:
        self.items = {i.id: i for i in items}
        self.wrong = wrong
        self.asked: list[str] = []

    def ask(self, question: str, qid: str | None = None) -> dict[str, Any]:
        assert qid is not None
        self.asked.append(qid)
        g = self.items[qid]
        if g.kind == "unanswerable":
            return {"id": qid, "status": "not_found", "answer": "", "citations": [], "elapsed_ms": 5}
        value = None if g.value is None else float(g.value) + (100 if qid in self.wrong else 0)
        cites = [{"source": g.docs[0], "page": g.pages[0] if g.pages else None, "table": g.table}]
        text = " ".join(group[0] for group in g.text)
        return {
            "id": qid,
            "status": "answered",
            "answer": text,
            "value": value,
            "unit": g.unit,
            "citations": cites,
            "elapsed_ms": 12.5,
        }


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", encoding="utf-8")
    return path


def test_run_eval_perfect_answers_and_report_files(gold_file: Path, tmp_path: Path) -> None:
    items = load_gold([gold_file])
    store = cast(Store, FakeStore(["a.pdf", "b.pdf"]))
    report = run_eval([gold_file], store, report_dir=tmp_path / "out", answerer=PerfectAnswerer(items))
    o = report.overall
    assert o["n"] == 4 and o["answer_accuracy"] == 1.0 and o["citation_accuracy"] == 1.0
    assert o["wrong_number_rate"] == 0 and o["abstention_recall"] == 1.0
    assert sorted(p.name for p in report.written) == ["accuracy_by_kind.png", "report.json", "report.md"]
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == ["a1", "a2", "b1", "u1"]
    assert (tmp_path / "out" / "accuracy_by_kind.png").read_bytes()[:4] == b"\x89PNG"


def test_missing_document_is_skipped_with_a_note(gold_file: Path) -> None:
    items = load_gold([gold_file])
    fake = PerfectAnswerer(items)
    report = run_eval(
        [gold_file], cast(Store, FakeStore(["a.pdf"])), corpus_dirs=[Path("/nonexistent")], answerer=fake
    )
    assert fake.asked == ["a1", "a2", "u1"]
    assert report.skipped == [("b1", "document not available: b.pdf")]
    assert any("b.pdf" in n for n in report.notes)
    assert "b.pdf" in summary_text(report)


def test_ingest_seam_gets_the_file_found_in_a_corpus_dir(gold_file: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "sub"
    corpus.mkdir(parents=True)
    (corpus / "b.pdf").write_bytes(b"%PDF")
    fake_store = FakeStore(["a.pdf"])
    calls: list[list[Path]] = []

    def ingest(store: Store, paths: list[Path]) -> None:
        calls.append(paths)
        fake_store.docs.append(FakeDoc(paths[0].name, "new"))

    items = load_gold([gold_file])
    report = run_eval(
        [gold_file],
        cast(Store, fake_store),
        ingest=ingest,
        corpus_dirs=[tmp_path / "corpus"],
        answerer=PerfectAnswerer(items),
    )
    assert calls == [[corpus / "b.pdf"]]
    assert report.skipped == [] and report.overall["n"] == 4


def test_failing_ingest_and_failing_answerer_are_reported(gold_file: Path, tmp_path: Path) -> None:
    (tmp_path / "b.pdf").write_bytes(b"junk")

    def ingest(store: Store, paths: list[Path]) -> None:
        raise ValueError("not a PDF")

    class Broken:
        def ask(self, question: str, qid: str | None = None) -> Any:
            raise RuntimeError("boom")

    report = run_eval(
        [gold_file],
        cast(Store, FakeStore(["a.pdf"])),
        ingest=ingest,
        corpus_dirs=[tmp_path],
        answerer=Broken(),
    )
    assert any("not a PDF" in n for n in report.notes)
    assert report.overall["answer_accuracy"] == 0.0
    assert "error: RuntimeError: boom" in summary_text(report)


def test_summary_lists_failures_and_compare_finds_fixed_and_broken(gold_file: Path, tmp_path: Path) -> None:
    items = load_gold([gold_file])
    store = cast(Store, FakeStore(["a.pdf", "b.pdf"]))
    before = run_eval(
        [gold_file], store, report_dir=tmp_path / "r1", answerer=PerfectAnswerer(items, wrong=("a1",))
    )
    text = summary_text(before)
    assert "failures (1)" in text and "a1" in text and "expected: 253万元" in text and "value=353.0" in text
    after = run_eval(
        [gold_file],
        store,
        baseline=tmp_path / "r1" / "report.json",
        answerer=PerfectAnswerer(items, wrong=("b1",)),
    )
    diff = after.comparison or ""
    assert "fixed (1): a1" in diff and "broken (1): b1" in diff
    assert "answer_accuracy: 0.750 -> 0.750" in compare(after, tmp_path / "r1" / "report.json")


def test_check_thresholds(gold_file: Path) -> None:
    items = load_gold([gold_file])
    report = run_eval(
        [gold_file],
        cast(Store, FakeStore(["a.pdf", "b.pdf"])),
        answerer=PerfectAnswerer(items, wrong=("a1",)),
    )
    assert check_thresholds(report, {"answer_accuracy": 0.7, "wrong_number_rate": 0.3}) == []
    failures = check_thresholds(
        report, {"answer_accuracy": 0.8, "wrong_number_rate": 0.1, "by_kind.lookup.answer_accuracy": 0.9}
    )
    assert len(failures) == 3 and failures[0].startswith("answer_accuracy: 0.750 is below")


def test_bad_baseline_raises_eval_error(gold_file: Path, tmp_path: Path) -> None:
    items = load_gold([gold_file])
    with pytest.raises(EvalError, match="baseline"):
        run_eval(
            [gold_file],
            cast(Store, FakeStore(["a.pdf", "b.pdf"])),
            baseline=tmp_path / "none.json",
            answerer=PerfectAnswerer(items),
        )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "question": "q", "kind": "guess"}', "kind 'guess'"),
        ('{"id": "x", "question": "q"}', "missing kind"),
        ('{"id": "x", "question": "q", "kind": "lookup"}', "needs a value or text"),
        ('{"id": "x", "question": "q", "kind": "lookup", "value": "abc"}', "not a number"),
        ('{"id": "x", "question": "q", "kind": "lookup", "value": 1, "pages": [0]}', "pages"),
        ("not json", "not JSON"),
        ('{"id": "x", "question": "q", "kind": "lookup", "value": 1, "context": "earlier"}', "context"),
    ],
)
def test_gold_validation_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("# comment\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message) as info:
        load_gold([path])
    assert "bad.jsonl:3" in str(info.value)


def test_follow_ups_are_asked_after_their_context_in_one_session(tmp_path: Path) -> None:
    """An item with `context` is asked in one conversation after its earlier questions; an engine
    without conversations gets the follow-up alone."""
    path = tmp_path / "follow.jsonl"
    row = {
        "id": "f1",
        "question": "那去年呢？",
        "kind": "lookup",
        "value": 2,
        "unit": "万元",
        "context": ["甲局今年多少？"],
    }
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (item,) = load_gold([path])
    assert item.context == ("甲局今年多少？",)
    assert item.to_json()["context"] == ["甲局今年多少？"]

    class SessionAnswerer:
        def __init__(self) -> None:
            self.calls: list[tuple[str, object]] = []

        def new_session(self) -> list[str]:
            return []

        def ask(
            self, question: str, qid: str | None = None, session: list[str] | None = None
        ) -> dict[str, Any]:
            assert session is not None
            self.calls.append((question, len(session)))
            session.append(question)
            return {"id": qid, "status": "answered", "answer": "", "value": len(session), "unit": "万元"}

    engine = SessionAnswerer()
    answer = ask_one(engine, item)
    assert engine.calls == [("甲局今年多少？", 0), ("那去年呢？", 1)]
    assert answer["value"] == 2

    class Plain:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def ask(self, question: str, qid: str | None = None) -> dict[str, Any]:
            self.asked.append(question)
            return {"id": qid, "status": "not_found", "answer": ""}

    plain = Plain()
    assert ask_one(plain, item)["status"] == "not_found"
    assert plain.asked == ["那去年呢？"]


def test_duplicate_ids_are_rejected(gold_file: Path) -> None:
    with pytest.raises(GoldError, match="already used"):
        load_gold([gold_file, gold_file])


def fact(value: str | None, page: int, unit: str = "万元", table_no: int = 9) -> Fact:
    return Fact(
        doc_id="d0",
        table_no=table_no,
        table_title="三公",
        row_name="r",
        column="c",
        value=None if value is None else Decimal(value),
        text=value or "",
        unit=unit,
        page=page,
    )


def test_cross_check_flags_values_missing_from_the_cited_page(gold_file: Path) -> None:
    items = load_gold([gold_file])
    ok = FakeStore(["a.pdf", "b.pdf"], [fact("2530000", 24, unit="元")])
    assert cross_check(items, cast(Store, ok)) == []  # 253万元 = 2,530,000元; b1 has no table: not checked
    wrong_page = FakeStore(["a.pdf"], [fact("253", 23)])
    problems = cross_check(items, cast(Store, wrong_page))
    assert len(problems) == 1 and problems[0].startswith("a1 (gold.jsonl:1)")


def test_bundled_thresholds_file_is_valid() -> None:
    from budgetqa.eval import load_thresholds

    path = Path(__file__).resolve().parents[1] / "eval" / "thresholds.json"
    limits = load_thresholds(path)
    assert limits["answer_accuracy"] > 0 and "wrong_number_rate" in limits
    assert all(not k.startswith("_") for k in limits)


def test_cli_eval_prints_summary_and_gates_on_thresholds(
    gold_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from budgetqa.eval import runner

    items = load_gold([gold_file])
    monkeypatch.setattr(runner, "default_answerer", lambda store: PerfectAnswerer(items, wrong=("a1",)))
    limits = tmp_path / "t.json"
    limits.write_text('{"answer_accuracy": 0.9}', encoding="utf-8")
    lines: list[str] = []
    store = cast(Store, FakeStore(["a.pdf", "b.pdf"]))
    code = runner.cli_eval(
        store, [str(gold_file)], thresholds=limits, report_dir=tmp_path / "r", echo=lines.append
    )
    assert code == 1
    assert any("threshold failed: answer_accuracy" in line for line in lines)
    assert any(line.startswith("wrote ") for line in lines)
    assert runner.cli_eval(store, [str(gold_file)], echo=lines.append) == 0
