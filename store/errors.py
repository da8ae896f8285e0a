"""The store layer's error root. Messages name the object and the fix."""


class StoreError(Exception):
    """Anything wrong with the store home, the index or an embedder."""


class EmbedderMismatchError(StoreError):
    """The vector index was built by another embedder."""


class DocumentNotFoundError(StoreError):
    """No ingested document has that id."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock (or SQLite's) longer than we wait."""


class StoreFullError(StoreError):
    """The disk under the store is full."""


class StoreReadOnlyError(StoreError):
    """The store cannot be written here; reads still work."""


class StoreCorruptError(StoreError):
    """A store file is damaged."""
