"""`budgetqa serve` in a subprocess on a free 127.0.0.1 port, with a fresh home (the bundled sample is
ingested on start), for the benchmarks that time the web app and the JSON API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def served(embedder: str, ready_path: str = "") -> Iterator[tuple[str, int]]:
    """(base URL, server pid) once `ready_path` answers; the public rate limit is off (one address)."""
    home = Path(tempfile.mkdtemp(prefix="budgetqa-bench-serve-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {**os.environ, "BUDGETQA_PUBLIC_RATE": "0", "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("BUDGETQA_STAFF_USERS", None)
    cmd = [sys.executable, "-m", "budgetqa.ui.cli", "serve", "--home", str(home), "--port", str(port)]
    base = f"http://127.0.0.1:{port}/"
    with open(home / "server.log", "wb") as log:
        server = subprocess.Popen(
            [*cmd, "--embedder", embedder], stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    urllib.request.urlopen(base + ready_path, timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit((home / "server.log").read_text(errors="replace")) from None
                    time.sleep(0.5)
            yield base, server.pid
        finally:
            server.terminate()
            server.wait(20)
