"""Run the `budgetqa` command line in a subprocess, as a user would, or in process, on a home with the hash
embedder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

BUDGETQA = [sys.executable, "-m", "budgetqa.ui.cli"]


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BUDGETQA, *args, "--home", str(home), "--embedder", "hash"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def invoke_ok(home: Path, *args: str) -> Result:
    """The command in process (click's CliRunner), which must succeed; the result has its output."""
    from budgetqa.ui.cli import cli

    result = CliRunner().invoke(
        cli, [*args, "--home", str(home), "--embedder", "hash"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result
