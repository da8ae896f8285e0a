"""Start the real web app (`budgetqa.ui.app.serve`) in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVER = """
import sys
from budgetqa.store import HashEmbedder, Store
from budgetqa.ui.app import serve
users = sys.argv[3] or None
store = Store(sys.argv[1], embedder=HashEmbedder())
serve(store, "127.0.0.1", int(sys.argv[2]), users_file=users, public_rate=int(sys.argv[4]))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(home: Path, users: Path | None, log_path: Path, public_rate: int = 30) -> Iterator[str]:
    """The app's base URL once it answers; the process is stopped afterwards."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("BUDGETQA_STAFF_USERS", None)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(home), str(port), str(users or ""), str(public_rate)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start:\n" + log_path.read_text(errors="replace"))
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
