"""The real sample PDFs that the older tests were written against, by exact file name.

../shared/samples/real grew from three documents to fifteen (multi-year series, two-file publications);
prefix globs such as "2017_*.pdf" became ambiguous. Tests that assert facts of one document name it here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

    from budgetqa.qa import Answerer

REAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "real"

JIANGSU_2017 = "2017_江苏省人大常委会办公厅_部门预算.pdf"
PUTUO_FINAL_2024 = "2024_上海市普陀区财政局_部门决算.pdf"
PUTUO_OFFICE_2025 = "2025_上海市普陀区人民政府办公室_部门预算.pdf"
FIRST_THREE = (JIANGSU_2017, PUTUO_FINAL_2024, PUTUO_OFFICE_2025)

_BY_PREFIX = {name[:5]: name for name in FIRST_THREE}


def real_pdf(real_dir: Path, prefix_or_name: str) -> Path:
    """One of the first three by its year prefix ("2017_") or its file name."""
    return real_dir / _BY_PREFIX.get(prefix_or_name, prefix_or_name)


def first_three(real_dir: Path = REAL_DIR) -> list[Path]:
    """The first three real PDFs that exist (all three where ../shared is present)."""
    return [real_dir / name for name in FIRST_THREE if (real_dir / name).is_file()]


def answerer_over(tmp_path_factory: pytest.TempPathFactory, pattern: str, minimum: int) -> Answerer:
    """An answerer over a fresh store of the real PDFs matching `pattern` (hash embedder, fast); the test skips
    with its reason when ../shared is absent (a user's clone has no real PDFs)."""
    import pytest

    from budgetqa.ingest.pipeline import ingest_paths
    from budgetqa.qa import Answerer
    from budgetqa.store import HashEmbedder, Store

    files = sorted(REAL_DIR.glob(pattern)) if REAL_DIR.is_dir() else []
    if len(files) < minimum:
        pytest.skip("../shared/samples/real is absent (a user's clone does not have the real PDFs)")
    store = Store(tmp_path_factory.mktemp("real"), embedder=HashEmbedder())
    ingest_paths(store, files)
    return Answerer(store)
