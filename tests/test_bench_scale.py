"""The scale and replica benchmarks' own arithmetic (the benchmarks themselves run outside the test suite)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from replicas import cpu_seconds, questions
from scale import QUESTIONS, describe, peak_rss_kb, per_document_ms, synthesise


@pytest.mark.parametrize(
    ("stamps", "first", "last"),
    [
        # the first document (imports, opening the store) is left out; then one tenth at each end
        ([0.0, 5.0, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8, 5.9, 6.2], 100.0, 300.0),
        ([0.0, 1.0, 1.5], 500.0, 500.0),
        ([0.0, 0.25], 250.0, 250.0),
    ],
)
def test_ingest_time_per_document_is_read_from_each_documents_start(
    stamps: list[float], first: float, last: float
) -> None:
    got = per_document_ms(stamps)
    assert got == pytest.approx((first, last))


def test_a_document_is_described_as_it_is_written(tmp_path: Path) -> None:
    for i in (0, 7, 199, 200, 999):
        path, dept, year, k = synthesise(i, tmp_path)
        assert describe(i) == (dept, year, k)
        text = path.read_text(encoding="utf-8")
        assert dept in text and f"{year}年" in text
    assert len({describe(i)[:2] for i in range(1000)}) == 1000  # every document its own department and year


def test_the_replica_bench_asks_every_kind_and_reads_cpu_time_from_proc() -> None:
    asked = questions([describe(i) for i in range(10)], 8)
    assert len(asked) == 8 and all(any(k in q for q in asked) for k in ("比上年", "为什么", "公务接待费"))
    before = cpu_seconds(os.getpid())
    end = time.process_time() + 0.05
    while time.process_time() < end:
        pass
    assert cpu_seconds(os.getpid()) - before >= 0.02
    assert len(QUESTIONS) == 4


def test_the_ingest_peak_is_the_ingest_processs_own() -> None:
    """Each child reports its own peak (the bench's RUSAGE_CHILDREN peak is the largest child's so far)."""
    assert peak_rss_kb("doc-start 1 2\npeak-rss-kb 1024\nTraceback\npeak-rss-kb 2048\n") == 2048
    assert peak_rss_kb("ingest failed") == 0
