"""The CLI contract, in process through click's CliRunner, on the real bundled PDF (hash embedder for speed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetqa.ui.cli import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BUDGETQA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BUDGETQA_EMBEDDER", "hash")
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory, seed_pdf: Path) -> Path:
    home = tmp_path_factory.mktemp("seeded")
    result = CliRunner().invoke(cli, ["ingest", str(seed_pdf), "--home", str(home), "--embedder", "hash"])
    assert result.exit_code == 0, result.output
    return home


def test_usage_errors_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    assert run("ask").exit_code == 2
    assert run("ask", "q", "--batch", "f.jsonl").exit_code == 2
    assert run("frobnicate").exit_code == 2
    assert run("ingest").exit_code == 2


def test_missing_files_exit_1_with_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("ask", "--batch", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 1
    assert "nope.jsonl" in result.output and len(result.output.strip().splitlines()) == 1
    result = run("ingest", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1 and "nope.pdf" in result.output


def test_bad_batch_line_names_file_and_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": 1, "question": "三公经费多少"}\n{not json}\n', encoding="utf-8")
    result = run("ask", "--batch", str(batch))
    assert result.exit_code == 1 and "q.jsonl:2" in result.output


def test_ingest_reports_and_reingest_is_a_no_op(seeded_home: Path, seed_pdf: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", str(seed_pdf), "--home", str(seeded_home), "--embedder", "hash", "--json"]
    )
    assert result.exit_code == 0
    report = json.loads(result.output.splitlines()[0])
    assert report["status"] == "skipped" and report["doc_id"]


def test_ingest_one_bad_file_among_good_ones(tmp_path: Path, seed_md: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_text("this is not a pdf", encoding="utf-8")
    home = tmp_path / "home"
    result = CliRunner().invoke(
        cli, ["ingest", str(bad), str(seed_md), "--home", str(home), "--embedder", "hash", "--json"]
    )
    assert result.exit_code == 1
    reports = [json.loads(line) for line in result.output.splitlines()]
    assert [r["status"] for r in reports] == ["failed", "ingested"]
    assert "notes.pdf" in reports[0]["error"]
    docs = CliRunner().invoke(cli, ["docs", "--json", "--home", str(home)])
    assert [json.loads(line)["source"] for line in docs.output.splitlines()] == [seed_md.name]


def test_docs_and_facts_json(seeded_home: Path) -> None:
    runner = CliRunner()
    docs = [
        json.loads(x)
        for x in runner.invoke(cli, ["docs", "--json", "--home", str(seeded_home)]).output.splitlines()
    ]
    assert len(docs) == 1 and docs[0]["year"] == 2023 and docs[0]["pages"] == 30
    out = runner.invoke(
        cli, ["facts", "--doc", docs[0]["doc_id"], "--json", "--home", str(seeded_home)]
    ).output
    facts = [json.loads(line) for line in out.splitlines()]
    keys = {
        "doc_id",
        "source",
        "department",
        "year",
        "doc_kind",
        "table_no",
        "table_title",
        "row_code",
        "row_name",
        "row_path",
        "column",
        "value",
        "text",
        "unit",
        "page",
    }
    assert facts and keys <= set(facts[0])
    hit = [f for f in facts if f["column"] == "公务接待费" and "2023" in f["row_name"]]
    assert hit and hit[0]["value"] == 242 and hit[0]["unit"] == "万元" and hit[0]["page"] == 24
    bad = runner.invoke(cli, ["facts", "--doc", "nope", "--home", str(seeded_home)])
    assert bad.exit_code == 1 and "nope" in bad.output


def test_ask_json_contract_and_batch_order(seeded_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", "2023年公务接待费预算是多少？", "--json", "--home", str(seeded_home)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"id", "question", "status", "answer", "value", "unit", "citations", "facts", "elapsed_ms"} <= set(
        answer
    )
    assert answer["status"] == "answered" and answer["value"] == 242 and answer["unit"] == "万元"
    cite = answer["citations"][0]
    assert cite["page"] == 24 and cite["source"].endswith(".pdf")
    # the 表格部分 is not the last narrative part: a table fact cites its table, no section
    assert cite["table"].startswith("表9") and cite["section"] is None
    assert {
        "source",
        "doc_id",
        "department",
        "year",
        "page",
        "page_label",
        "table",
        "section",
        "row",
        "column",
        "quote",
    } <= set(cite)
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"id": i, "question": q}, ensure_ascii=False)
            for i, q in [("b", "2023年公务接待费预算是多少？"), ("a", "2099年火星探测经费是多少？")]
        ),
        encoding="utf-8",
    )
    out = runner.invoke(cli, ["ask", "--batch", str(batch), "--home", str(seeded_home)])
    assert out.exit_code == 0, out.output
    answers = [json.loads(line) for line in out.output.splitlines()]
    assert [a["id"] for a in answers] == ["b", "a"]
    assert answers[1]["status"] == "not_found" and answers[1]["value"] is None


def test_ask_on_empty_home_ingests_the_bundled_sample(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ask", "2023年公务接待费预算是多少？")
    assert result.exit_code == 0, result.output
    assert "bundled sample" in result.output
    assert "242" in result.output and "第24页" in result.output


def test_remove_unknown_and_known(tmp_path: Path, seed_md: Path) -> None:
    runner = CliRunner()
    home = str(tmp_path / "home")
    assert runner.invoke(cli, ["remove", "nope", "--home", home]).exit_code == 1
    out = runner.invoke(cli, ["ingest", str(seed_md), "--home", home, "--embedder", "hash", "--json"]).output
    doc_id = json.loads(out)["doc_id"]
    result = runner.invoke(cli, ["remove", doc_id, "--home", home])
    assert result.exit_code == 0 and doc_id in result.output
    assert runner.invoke(cli, ["docs", "--json", "--home", home]).output == ""
