"""Faults of the machine under a store (full disk, read-only, busy, damaged files) as one-line errors.

A healthy store must never be reported as "not a BudgetQA store": each cause gets its own message that
names the file and the fix, and says whether anything was changed.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from budgetqa.store.errors import (
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)


def _text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".lower()


def _nearly_full(home: Path) -> bool:
    where = home
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        return shutil.disk_usage(where).free < (1 << 20)
    except OSError:
        return False


def describe(exc: BaseException, home: Path) -> StoreError | None:
    """The one-line StoreError for a low-level fault, or None when `exc` is not one we recognise."""
    if isinstance(exc, StoreError):
        return exc
    text = _text(exc)
    db = home / "budgetqa.sqlite3"
    if "disk i/o error" in text and _nearly_full(home):
        text = "disk is full"  # SQLite reports a write into a full disk as an I/O error
    if (
        (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
        or "disk is full" in text
        or "no space" in text
    ):
        return StoreFullError(
            f"no space left on the disk holding {home}; free some space and run the command again "
            "(the store keeps what it had before this write)"
        )
    if (
        (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES))
        or "readonly" in text
        or ("read-only" in text)
    ):
        return StoreReadOnlyError(
            f"the store {home} is read-only here; questions still work, but to ingest or remove run with a "
            "writable --home"
        )
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            f"the store {home} is busy: another process is writing to it; wait for it to finish and retry"
        )
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return StoreCorruptError(
            f"{db} is damaged ({exc}); restore it from a backup, or ingest the PDFs again into a new --home"
        )
    if "disk i/o error" in text:
        return StoreError(
            f"the disk holding {db} reported an I/O error ({exc}); check the disk and free space, then retry"
        )
    if isinstance(exc, sqlite3.Error):
        return StoreError(f"{db}: {exc}; if it persists, run: budgetqa doctor --home {home}")
    if type(exc).__module__.startswith("chromadb"):
        return StoreError(
            f"the vector index in {home / 'chroma'} failed ({exc}); repair it with: budgetqa doctor --repair "
            f"--home {home}"
        )
    return None
