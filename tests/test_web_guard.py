"""The public web app under hostile input, through a real server: headers, uploads, long questions,
concurrent first questions, and login throttling that never locks a staff member out."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import live_server

from budgetqa.ingest import ingest_file
from budgetqa.store import HashEmbedder, Store
from budgetqa.ui.auth import hash_password

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, seed_md: Path) -> Path:
    home = tmp_path_factory.mktemp("guard") / "home"
    store = Store(home, embedder=HashEmbedder())
    assert ingest_file(store, seed_md).status == "ingested"
    store.close()
    return home


@pytest.fixture(scope="module")
def public_url(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(home, None, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def _ask(url: str, question: str) -> str:
    """One question through Gradio's HTTP API; the assistant's last message."""
    with httpx.Client(base_url=url, timeout=60) as client:
        event = client.post("gradio_api/call/ask", json={"data": [question, [], "全部", "全部", None]})
        event.raise_for_status()
        stream = client.get(f"gradio_api/call/ask/{event.json()['event_id']}").text
    data = [line[5:].strip() for line in stream.splitlines() if line.startswith("data:")]
    history = json.loads(data[-1])[0]
    return str(history[-1]["content"])


def test_security_headers_on_every_page(public_url: str) -> None:
    response = httpx.get(public_url, timeout=30)
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_anonymous_upload_is_refused_without_a_staff_area(public_url: str) -> None:
    response = httpx.post(
        public_url + "gradio_api/upload", files={"files": ("x.bin", b"0" * 1024)}, timeout=30
    )
    assert response.status_code == 403


def test_concurrent_first_questions_to_a_fresh_server_are_all_answered(public_url: str) -> None:
    answers: list[str] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            answers.append(_ask(public_url, "外办2023年三公经费为什么减少？"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(answers) == 5
    assert all("Error" not in a and a.strip() for a in answers)


def test_a_pasted_page_is_refused_with_a_message(public_url: str) -> None:
    answer = _ask(public_url, "三公经费" * 30_000)
    assert "问题太长" in answer and "500" in answer


def test_uploads_are_rate_limited_per_client_when_staff_exist(home: Path, tmp_path: Path) -> None:
    users = tmp_path / "users.txt"
    users.write_text(f"staff:{hash_password('a long test password', iterations=1000)}\n", encoding="utf-8")
    with live_server(home, users, tmp_path / "server.log") as url:
        codes = [
            httpx.post(
                url + "gradio_api/upload", files={"files": ("x.pdf", b"%PDF-1.4")}, timeout=30
            ).status_code
            for _ in range(22)
        ]
    assert codes[0] == 200 and codes[-1] == 429 and codes.count(200) == 20
