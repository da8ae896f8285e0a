"""Budget data out: Fiscal Data Package, CSV and XLSX exports of real ingested documents.

The package validates with the frictionless library (offline), and the tidy CSV round-trips: loaded with
pandas, each 功能分类/经济分类 parent equals the sum of its children — the same 勾稽 as ingestion — for every
table whose ingestion checks passed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from real_samples import REAL_DIR

from budgetqa.ingest import ingest_file
from budgetqa.store import HashEmbedder, Store, export_facts
from budgetqa.ui.cli import cli

frictionless = pytest.importorskip("frictionless", reason="pip install 'budget-qa[test]' (frictionless)")
pd = pytest.importorskip("pandas")


def _validate(package: Path) -> None:
    report = frictionless.validate(str(package))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid and not errors, errors[:5]


def _tree_sums(csv_path: Path, failed_tables: set[tuple[str, int | None]]) -> tuple[int, list[str]]:
    """(checks run, failures) of parent = Σ children over the tidy CSV, per document, table and column."""
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    groups: dict[tuple[str, str, str], dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in frame.to_dict("records"):
        code = row["functional_code"] or row["economic_code"]
        if code and row["amount_yuan"] != "":
            groups[(row["doc_id"], row["table_no"], row["column"])][code].append(row)
    checked, failures = 0, []
    for (doc_id, table_no, column), by_code in groups.items():
        if (doc_id, int(table_no) if table_no else None) in failed_tables:
            continue
        unique = {c: rows[0] for c, rows in by_code.items() if len(rows) == 1}
        for code, parent in unique.items():
            children = [r for c, r in unique.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if not children:
                continue
            total = sum(Decimal(r["amount_yuan"]) for r in children)
            printed = parent["printed_value"].replace(",", "")
            decimals = len(printed.split(".")[1]) if "." in printed else 0
            unit = {"万元": 10000, "元": 1, "亿元": 100000000}.get(parent["printed_unit"], 1)
            tolerance = Decimal(len(children)) * Decimal(unit) / Decimal(10) ** decimals
            checked += 1
            if abs(total - Decimal(parent["amount_yuan"])) > tolerance:
                failures.append(f"{doc_id} 表{table_no} {column} {code}: {parent['amount_yuan']} ≠ Σ {total}")
    return checked, failures


def _failed_tables(store: Store) -> set[tuple[str, int | None]]:
    return {(d.doc_id, c.table_no) for d in store.documents() for c in d.checks if not c.ok}


def test_seed_exports_validate_and_round_trip(tmp_path: Path, seed_pdf: Path) -> None:
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    doc_id = ingest_file(store, seed_pdf).doc_id
    facts = store.facts(doc_id=doc_id)
    written = export_facts(store.documents(), facts, "fdp", tmp_path / "fdp")
    assert {p.name for p in written} == {"datapackage.json", "budget-facts.csv"}
    _validate(tmp_path / "fdp" / "datapackage.json")
    frame = pd.read_csv(
        tmp_path / "fdp" / "budget-facts.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert len(frame) == len(facts)
    assert (tmp_path / "fdp" / "budget-facts.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM
    # amounts in 元 from the printed 万元, with the page each came from
    sample = next(
        f for f in facts if f.value and f.unit == "万元" and f.row_code and f.row_code.startswith("2")
    )
    row = frame[frame["fact_id"] == str(sample.fact_id)].iloc[0]
    assert Decimal(row["amount_yuan"]) == sample.value * 10000 and row["page"] == str(sample.page)
    assert row["functional_code"] == sample.row_code and row["functional_class"]
    checked, failures = _tree_sums(tmp_path / "fdp" / "budget-facts.csv", _failed_tables(store))
    assert checked > 20 and not failures, failures[:3]


def test_csv_and_xlsx_exports_through_the_cli(tmp_path: Path, seed_md: Path) -> None:
    home = ["--home", str(tmp_path / "home"), "--embedder", "hash"]
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seed_md), *home]).exit_code == 0
    csv_run = runner.invoke(cli, ["export", str(tmp_path / "csv"), "--format", "csv", *home])
    assert csv_run.exit_code == 0, csv_run.output
    tables = [p for p in (tmp_path / "csv").glob("*.csv") if p.name != "budget-facts.csv"]
    assert len(tables) >= 5
    first = pd.read_csv(tables[0], dtype=str, encoding="utf-8-sig")
    assert list(first.columns[:2]) == ["科目编码", "项目"]
    xlsx_run = runner.invoke(cli, ["export", str(tmp_path / "book.xlsx"), "--format", "xlsx", *home])
    assert xlsx_run.exit_code == 0, xlsx_run.output
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "book.xlsx", read_only=True)
    assert book.sheetnames[0] == "全部数据" and len(book.sheetnames) == len(tables) + 1
    missing = runner.invoke(cli, ["export", str(tmp_path / "x"), "--doc", "nope", *home])
    assert missing.exit_code == 1 and "no document 'nope'" in missing.output


@pytest.mark.slow
def test_every_sample_document_exports_a_valid_package(tmp_path: Path, seed_pdf: Path) -> None:
    if not REAL_DIR.is_dir():
        pytest.skip("../shared/samples/real is absent (the real PDFs are not redistributed)")
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    for path in [seed_pdf, *sorted(REAL_DIR.glob("*.pdf"))]:
        ingest_file(store, path)
    documents = store.documents()
    assert len(documents) >= 12
    for doc in documents:
        out = tmp_path / doc.doc_id
        export_facts([doc], store.facts(doc_id=doc.doc_id), "fdp", out)
        _validate(out / "datapackage.json")
    export_facts(documents, store.facts(), "fdp", tmp_path / "all")
    _validate(tmp_path / "all" / "datapackage.json")
    checked, failures = _tree_sums(tmp_path / "all" / "budget-facts.csv", _failed_tables(store))
    assert checked > 100 and not failures, failures[:3]


def test_download_button_handler_writes_each_format(tmp_path: Path, seed_md: Path) -> None:
    import zipfile

    from budgetqa.ui.handlers import DOWNLOAD_FORMATS, download_data

    store = Store(tmp_path / "home", embedder=HashEmbedder())
    doc_id = ingest_file(store, seed_md).doc_id
    assert download_data(store, None, "x") is None
    for label, fmt in DOWNLOAD_FORMATS.items():
        path = Path(download_data(store, doc_id, label) or "")
        assert path.is_file() and path.stat().st_size > 1000
        if fmt == "xlsx":
            assert path.suffix == ".xlsx"
        else:
            names = zipfile.ZipFile(path).namelist()
            assert "budget-facts.csv" in names and (fmt != "fdp" or "datapackage.json" in names)
