"""The JSON HTTP API through a real running server (httpx against the served app), and its limits."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import live_server

from budgetqa.eval import load_gold
from budgetqa.ingest import ingest_file
from budgetqa.store import HashEmbedder, Store
from budgetqa.ui.api import build_api
from budgetqa.ui.handlers import AnswererCache
from budgetqa.ui.limits import RateLimiter

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "gold" / "seed_pdf.jsonl"
COMPARED = ("status", "answer", "value", "unit", "citations", "formula", "choices", "kind")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, seed_pdf: Path) -> Path:
    home = tmp_path_factory.mktemp("api") / "home"
    store = Store(home, embedder=HashEmbedder())
    assert ingest_file(store, seed_pdf).status == "ingested"
    store.close()
    return home


@pytest.fixture(scope="module")
def api(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    # no question rate limit here: the test asks the whole gold set from one address
    with live_server(home, None, tmp_path_factory.mktemp("log") / "server.log", public_rate=0) as url:
        with httpx.Client(base_url=url + "api/v1/", timeout=60) as client:
            yield client


@pytest.mark.slow
def test_api_answers_equal_the_cli_for_the_gold_questions(
    api: httpx.Client, home: Path, tmp_path: Path
) -> None:
    items = load_gold([GOLD])
    batch = tmp_path / "q.jsonl"
    batch.write_text("".join(json.dumps({"id": i.id, "question": i.question}) + "\n" for i in items), "utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "budgetqa.ui.cli", "ask", "--batch", str(batch), "--home", str(home)]
        + ["--embedder", "hash"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    assert len(expected) == len(items) > 40
    for item, want in zip(items, expected, strict=True):
        got = api.get("ask", params={"q": item.question}).json()
        assert {k: got.get(k) for k in COMPARED} == {k: want.get(k) for k in COMPARED}, item.id


@pytest.mark.slow
def test_documents_facts_export_and_openapi(api: httpx.Client) -> None:
    spec = api.get("openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/documents", "/api/v1/facts", "/api/v1/export/{doc}.zip"} <= set(
        spec["paths"]
    )
    (doc,) = api.get("documents").json()
    facts = api.get("facts", params={"doc": doc["doc_id"], "table": 9}).json()
    assert facts and all(f["table_no"] == 9 and f["page"] for f in facts)
    archive = zipfile.ZipFile(io.BytesIO(api.get(f"export/{doc['doc_id']}.zip").content))
    assert {"datapackage.json", "budget-facts.csv"} <= set(archive.namelist())
    assert api.get("facts", params={"doc": "nope"}).status_code == 404
    long = api.get("ask", params={"q": "问" * 600})
    assert long.status_code == 400 and "500" in long.json()["detail"]
    assert api.get("documents").headers["x-frame-options"] == "DENY"


def test_api_rate_limit_per_client(home: Path) -> None:
    from fastapi.testclient import TestClient

    store = Store(home, embedder=HashEmbedder())
    app = build_api(store, AnswererCache(store), RateLimiter(limit=2, window=60))
    client = TestClient(app)
    codes = [
        client.get("/api/v1/ask", params={"q": "外办2023年三公经费是多少"}).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
