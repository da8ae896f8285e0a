"""The CI gate: the evaluation harness on the gold set, with the default embedder, against eval/thresholds.json.

Thresholds start at what the code reaches and are only ever raised. The gold documents' real PDFs live in
../shared/samples/real; without them the gate runs on the bundled sample's gold files only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetqa.eval import bundled_gold_paths, check_thresholds, load_thresholds, run_eval
from budgetqa.ingest import bundled_sample_paths, ingest_paths
from budgetqa.store import Store

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "samples" / "real"


@pytest.mark.slow
def test_gold_set_meets_the_thresholds(tmp_path: Path) -> None:
    if not REAL.is_dir():
        pytest.skip("../shared/samples/real is absent: the gate needs all gold documents")
    store = Store(tmp_path / "home")  # the default embedder, as users get it
    sample_dir = bundled_sample_paths()[0].parent
    report = run_eval(
        bundled_gold_paths(),
        store,
        ingest=lambda s, paths: ingest_paths(s, paths),
        corpus_dirs=[sample_dir, REAL],
        report_dir=tmp_path / "report",
    )
    assert not report.skipped, f"gold documents not found: {report.skipped}"
    failures = check_thresholds(report, load_thresholds(REPO / "eval" / "thresholds.json"))
    assert failures == [], "\n".join(failures)
