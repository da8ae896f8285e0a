"""Shared fixtures: sample locations, stores with the fast hash embedder, an ingested seed store."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetqa.store import HashEmbedder, Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "samples"
SEED_DIR = SHARED / "seed"
REAL_DIR = SHARED / "real"
BUNDLED_DIR = REPO / "ingest" / "sample"


@pytest.fixture(scope="session")
def seed_pdf() -> Path:
    return next(BUNDLED_DIR.glob("*.pdf"))


@pytest.fixture(scope="session")
def seed_md() -> Path:
    return next(BUNDLED_DIR.glob("*.md"))


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL_DIR.is_dir():
        pytest.skip("../shared/samples/real is absent (a user's clone does not have the real PDFs)")
    return REAL_DIR


@pytest.fixture(scope="session")
def seed_truth() -> dict:
    import json

    path = SEED_DIR / "truth.json"
    if not path.is_file():
        pytest.skip("../shared/samples/seed/truth.json is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def hash_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "home", embedder=HashEmbedder())
