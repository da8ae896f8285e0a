"""No package of BudgetQA has modules that import each other in a loop (imports inside functions count too)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("qa", "ingest", "store", "ui", "eval")


def imports_within(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports, read from every import statement in its source."""
    folder = REPO / package
    modules = {p.stem for p in folder.glob("*.py")}
    prefix = f"budgetqa.{package}"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == prefix:
                    deps |= {a.name for a in node.names if a.name in modules}
                elif node.module.startswith(prefix + "."):
                    deps.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                deps |= {a.name.split(".")[2] for a in node.names if a.name.startswith(prefix + ".")}
        graph[path.stem] = deps - {path.stem, "__init__"}
    return graph


@pytest.mark.parametrize("package", PACKAGES)
def test_package_has_no_import_cycle(package: str) -> None:
    graph = imports_within(package)
    assert graph, f"no modules read in {package}/"
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        pytest.fail(f"{package}/ imports in a loop: {' -> '.join(err.args[1])}")
    assert set(order) >= set(graph)


def test_the_reader_sees_the_imports() -> None:
    graph = imports_within("qa")
    assert {"plans", "compose"} <= graph["answerer"]
    assert "figures" in graph["ranking"]
