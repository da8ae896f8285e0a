"""Ingestion: PDFs and budget texts -> pages, narrative chunks and checked table facts -> the store.

The pipeline is imported lazily: `budgetqa.ingest.errors` stays cheap, and commands that only read the
store never load the PDF libraries.
"""

from typing import TYPE_CHECKING, Any

from budgetqa.ingest.errors import IngestError

if TYPE_CHECKING:
    from budgetqa.ingest.pipeline import (
        IngestReport,
        bundled_sample_paths,
        ensure_sample,
        expand_paths,
        ingest_file,
        ingest_paths,
        parse_file,
        reingest,
    )

__all__ = [
    "IngestError",
    "IngestReport",
    "bundled_sample_paths",
    "ensure_sample",
    "expand_paths",
    "ingest_file",
    "ingest_paths",
    "parse_file",
    "reingest",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from budgetqa.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'budgetqa.ingest' has no attribute {name!r}")
