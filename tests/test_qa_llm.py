"""The number guard and LLM phrasing against a real loopback HTTP server serving canned replies."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from budgetqa.qa.llm import guard, normalize_number, numbers_in, rephrase

ANSWER = "2023年三公经费预算253万元，比2022年减少344万元，下降58%。（来源：第5页，表9）"
KEEPS = "2023年“三公”经费预算为253万元，较2022年减少344万元，降幅58%（第5页，表9）。"
ALTERS = "2023年三公经费预算为235万元，较2022年减少344万元，降幅58%。"
DROPS = "2023年三公经费预算有所减少。"

CANNED: dict[str, tuple[int, bytes]] = {
    "keep": (200, json.dumps({"choices": [{"message": {"role": "assistant", "content": KEEPS}}]}).encode()),
    "alter": (200, json.dumps({"choices": [{"message": {"content": ALTERS}}]}).encode()),
    "drop": (200, json.dumps({"choices": [{"message": {"content": DROPS}}]}).encode()),
    "think": (
        200,
        json.dumps({"choices": [{"message": {"content": "<think>约1000万？</think>\n" + KEEPS}}]}).encode(),
    ),
    "garbage": (200, b"<html>not json"),
    "shape": (200, json.dumps({"error": "no choices"}).encode()),
    "empty": (200, json.dumps({"choices": [{"message": {"content": "  "}}]}).encode()),
    "fail": (500, b'{"error": "boom"}'),
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if body["model"] == "slow":
            time.sleep(1.0)
            status, payload = CANNED["keep"]
        else:
            status, payload = CANNED[body["model"]]
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算7,021万元", {"7021"}),
        ("增长58.70%", {"58.7"}),
        ("７，０２１万元", {"7021"}),  # full-width digits and comma
        ("减少1,764万元，下降20%", {"1764", "20"}),  # the clause comma is not a thousands separator
        ("7,02", {"7", "2"}),  # not a thousands group
        ("2023年第3页表9", {"2023", "3", "9"}),
        ("0.50与3.0和007", {"0.5", "3", "7"}),
        ("三公经费", set()),
        ("", set()),
    ],
)
def test_numbers_in(text: str, expected: set[str]) -> None:
    assert numbers_in(text) == expected


@pytest.mark.parametrize(
    ("raw", "norm"), [("1,234", "1234"), ("58.70", "58.7"), ("0.0", "0"), ("100", "100")]
)
def test_normalize_number(raw: str, norm: str) -> None:
    assert normalize_number(raw) == norm


@pytest.mark.parametrize(
    ("rewritten", "allowed", "ok"),
    [
        ("三公经费253万元。", ["253"], True),
        ("三公经费253.00万元。", ["253"], True),  # same number, other spelling
        ("三公经费2,530万元。", ["253"], False),
        ("2023年三公经费253万元。", ["253"], False),  # a year must be allowed like any number
        ("2023年三公经费253万元。", ["253", "2023"], True),
        ("三公经费约二百五十万元。", ["253"], False),  # Chinese-numeral amounts are refused
        ("下降百分之五十八。", ["58"], False),
        ("三公经费和一般公共预算都在表中。", [], True),  # 三/一 are words here, not amounts
        ("单位：千元。", [], True),
        ("预算7,021万元。", ["7021万元"], True),  # allowed figures may carry units
    ],
)
def test_guard(rewritten: str, allowed: list[str], ok: bool) -> None:
    assert guard(rewritten, allowed) is ok


def test_rephrase_accepts_a_rewrite_that_keeps_the_numbers(server_url: str) -> None:
    _Handler.requests.clear()
    got = rephrase(ANSWER, ["253", "344"], url=server_url, model="keep", api_key="k1")
    assert got == KEEPS
    sent = _Handler.requests[-1]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer k1"
    assert sent["body"]["messages"][-1]["content"] == ANSWER
    assert sent["body"]["temperature"] == 0


@pytest.mark.parametrize("model", ["alter", "drop", "garbage", "shape", "empty", "fail"])
def test_rephrase_returns_none_when_the_rewrite_cannot_be_trusted(server_url: str, model: str) -> None:
    assert rephrase(ANSWER, ["253", "344"], url=server_url, model=model) is None


def test_rephrase_strips_reasoning_blocks(server_url: str) -> None:
    assert rephrase(ANSWER, ["253"], url=server_url + "/", model="think") == KEEPS


def test_rephrase_times_out_and_survives_a_dead_server(server_url: str) -> None:
    assert rephrase(ANSWER, ["253"], url=server_url, model="slow", timeout=0.2) is None
    assert rephrase(ANSWER, ["253"], url="http://127.0.0.1:9/v1", model="keep", timeout=1) is None
