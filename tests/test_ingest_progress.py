"""Progress: ingestion reports its stages to a callback (the CLI draws a bar per file on a terminal)."""

from __future__ import annotations

from pathlib import Path

from budgetqa.ingest import ingest_file
from budgetqa.store import HashEmbedder, Store
from budgetqa.ui.cli import _progress_factory


def test_ingest_reports_read_and_embed_stages_to_the_end(tmp_path: Path, seed_pdf: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    store = Store(tmp_path / "home", embedder=HashEmbedder())
    report = ingest_file(
        store, seed_pdf, progress=lambda stage, done, total: seen.append((stage, done, total))
    )
    assert report.status == "ingested"
    stages = [s for s, _, _ in seen]
    assert stages[0] == "read" and "embed" in stages
    for stage in ("read", "embed"):
        last = [(d, t) for s, d, t in seen if s == stage][-1]
        assert last[0] == last[1]  # each stage reaches its total


def test_progress_bars_only_on_a_terminal(tmp_path: Path, seed_md: Path) -> None:
    assert _progress_factory(False) is None
    make = _progress_factory(True)
    assert make is not None
    draw = make(seed_md)
    for done in range(4):
        draw("read", done, 3)  # draws and closes without error
