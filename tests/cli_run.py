"""Run the `budgetqa` command line in a subprocess, as a user would, on a home with the hash embedder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUDGETQA = [sys.executable, "-m", "budgetqa.ui.cli"]


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BUDGETQA, *args, "--home", str(home), "--embedder", "hash"],
        capture_output=True,
        text=True,
        timeout=300,
    )
