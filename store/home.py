"""Where the store lives: `--home DIR`, else `BUDGETQA_HOME`, else a per-user default."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "BUDGETQA_HOME"


def default_home() -> Path:
    """`$XDG_DATA_HOME/budgetqa`, i.e. `~/.local/share/budgetqa` on most systems."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "budgetqa"


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    if home:
        return Path(home).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return default_home()
