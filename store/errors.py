"""The store layer's error root. Messages name the object and the fix."""


class StoreError(Exception):
    """Anything wrong with the store home, the index or an embedder."""


class EmbedderMismatchError(StoreError):
    """The vector index was built by another embedder."""


class DocumentNotFoundError(StoreError):
    """No ingested document has that id."""
