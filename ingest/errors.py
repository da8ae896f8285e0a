"""The ingestion layer's error root. Messages name the file and the fix, in one line."""


class IngestError(Exception):
    """A file that cannot be ingested; the store is left unchanged."""
