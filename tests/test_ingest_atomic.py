"""A killed ingest leaves no half-ingested document: kill the real CLI at several moments and look."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetqa.store import HashEmbedder, Store


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetqa.ui.cli", *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize("delay", [0.8, 2.0, 3.5])
def test_kill_during_ingest_then_ingest_again(tmp_path: Path, seed_pdf: Path, delay: float) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "BUDGETQA_HOME": str(home), "BUDGETQA_EMBEDDER": "hash"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "budgetqa.ui.cli", "ingest", str(seed_pdf)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store(home, embedder=HashEmbedder())
    docs = store.documents()
    if docs:  # it finished before the kill: then it is complete
        assert len(store.facts(doc_id=docs[0].doc_id)) > 500
    else:
        assert store.facts() == [] and store.chunks() == []
    store.close()
    again = cli("ingest", str(seed_pdf), "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] in ("ingested", "skipped")
    ask = cli("ask", "2023年公务接待费预算是多少？", "--json", env=env)
    answer = json.loads(ask.stdout)
    assert answer["value"] == 242
    assert len({c["doc_id"] for c in answer["citations"]}) == 1
