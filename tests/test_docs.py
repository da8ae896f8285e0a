"""Docs checked in tests: every CLI command and setting is in the README; the README's commands are CI's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from budgetqa.ui.cli import cli
from budgetqa.ui.settings import Settings

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    head = README.split("\n## ")[0]
    assert "make demo" in head and "make test" in head


def test_every_cli_command_is_documented() -> None:
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"`budgetqa {name}" in README, f"budgetqa {name} is not in the README"


def test_every_setting_is_documented() -> None:
    for field in dataclasses.fields(Settings):
        assert field.metadata["env"] in README, f"{field.metadata['env']} is not in the README"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for step in ("ruff format --check", "ruff check", "mypy", "lint-imports", "pytest"):
        assert step in makefile
