"""The PostgreSQL side of the store, for a server deployment: the same tables and SQL as the SQLite file.

`connect(url)` returns a connection that speaks to the store's code the way `sqlite3` does: `?` and `:name`
parameters, `INSERT OR REPLACE`, explicit `BEGIN IMMEDIATE`/`COMMIT`, rows readable by column name and
position. The translation is done once per statement text and cached. Several `budgetqa serve` processes (on
several machines) share one database: writers serialise on a PostgreSQL advisory lock instead of the home's
lock file, and every reader sees a document only once its transaction has committed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from budgetqa.store import sqlite
from budgetqa.store.errors import StoreBusyError, StoreError
from budgetqa.store.lock import ReentrantLock

# The SQLite schema in PostgreSQL's types (one definition of the tables), plus the ingest queue.
SCHEMA = (
    sqlite.SCHEMA.replace("fact_id INTEGER PRIMARY KEY", "fact_id BIGSERIAL PRIMARY KEY")
    .replace("CREATE TABLE IF NOT EXISTS chunks (", "CREATE TABLE IF NOT EXISTS chunks (\n    seq BIGSERIAL,")
    .replace("CREATE TABLE IF NOT EXISTS labels (", "CREATE TABLE IF NOT EXISTS labels (\n    seq BIGSERIAL,")
    .replace("vector BLOB", "vector BYTEA")
    + """
CREATE INDEX IF NOT EXISTS documents_dept ON documents(department, year);
CREATE TABLE IF NOT EXISTS jobs (
    job_id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL, path TEXT NOT NULL, password TEXT,
    status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    worker TEXT, heartbeat TIMESTAMPTZ, report TEXT,
    created TIMESTAMPTZ NOT NULL DEFAULT now(), finished TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, job_id);
"""
)

# the primary key of each table an `INSERT OR REPLACE` writes to
_KEYS = {"pending": ("doc_id",), "embed_cache": ("embedder", "key"), "meta": ("key",)}
_WRITE_LOCK = 0x62716101  # the advisory lock every writer of one database takes ("bqa" + 1)


def is_url(spec: str | None) -> bool:
    return bool(spec) and str(spec).startswith(("postgresql://", "postgres://"))


class Row(dict[str, Any]):
    """A result row readable by column name (`row["doc_id"]`) and by position (`row[0]`), like sqlite3.Row."""

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        super().__init__(zip(names, values, strict=True))
        self._values = tuple(values)

    def __getitem__(self, key: str | int) -> Any:  # type: ignore[override]
        if isinstance(key, int):
            return self._values[key]
        return super().__getitem__(key)


def _rows(cursor: Any) -> Any:
    names = [c.name for c in cursor.description] if cursor.description else []
    return lambda values: Row(names, values)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite statement text → PostgreSQL (parameters, upserts, transactions, functions)."""
    out = sql.strip()
    if out.upper() == "BEGIN IMMEDIATE":
        return "BEGIN"
    upsert = re.match(r"INSERT OR REPLACE INTO (\w+) \(([^)]*)\)(.*)$", out, re.S)
    if upsert:
        table, cols, rest = upsert.group(1), [c.strip() for c in upsert.group(2).split(",")], upsert.group(3)
        keys = _KEYS[table]
        sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in keys)
        out = f"INSERT INTO {table} ({', '.join(cols)}){rest} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    out = re.sub(r"\binstr\(", "strpos(", out)
    out = re.sub(r"\bchar\((\d+)\)", r"chr(\1)", out)
    out = re.sub(r"ORDER BY rowid\b", "ORDER BY seq", out)
    out = out.replace("%", "%%")
    out = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", out)
    out = out.replace("?", "%s")
    if re.match(r"INSERT INTO facts\b", out):
        out += " RETURNING fact_id"
    return out


def raw(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """A PostgreSQL-only statement (FOR UPDATE SKIP LOCKED, intervals), run as written with %s parameters."""
    with conn._lock:
        cur = conn._conn.cursor()
        cur.execute(sql, list(params))  # type: ignore[arg-type]
        return list(cur.fetchall()) if cur.description else []


class Cursor:
    """The part of sqlite3.Cursor the store uses."""

    def __init__(self, cursor: Any, returning: bool) -> None:
        self._cursor = cursor
        self.lastrowid: int | None = None
        if returning:
            row = cursor.fetchone()
            self.lastrowid = int(row[0]) if row else None

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone() if self._cursor.description else None  # type: ignore[no-any-return]

    def fetchall(self) -> list[Row]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class Connection:
    """A PostgreSQL connection with the sqlite3.Connection methods the store calls (autocommit, explicit
    transactions: `BEGIN` … `COMMIT` as the SQLite side does)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - the server extra is not installed
            raise StoreError(
                "a PostgreSQL store needs psycopg: pip install 'budget-qa[server]' (or psycopg[binary])"
            ) from exc
        try:
            self._conn = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=10)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                f"cannot connect to the PostgreSQL store {redact(url)} ({first}); check --store URL and that the "
                "server is running"
            ) from exc
        self._lock = threading.RLock()  # one psycopg connection is not shared by threads mid-statement

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        text = translate(sql)
        with self._lock:
            cur = self._conn.cursor()
            cur.execute(text, _params(params))  # type: ignore[arg-type]
            return Cursor(cur, text.endswith("RETURNING fact_id"))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> None:
        text = translate(sql)
        with self._lock:
            self._conn.cursor().executemany(text, [_params(r) for r in rows])  # type: ignore[arg-type]

    def executescript(self, script: str) -> None:
        with self._lock:
            self._conn.execute(script)  # type: ignore[arg-type]

    def close(self) -> None:
        self._conn.close()


def _params(params: Sequence[Any] | dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
    if isinstance(params, dict):
        return params
    return [bytes(p) if isinstance(p, memoryview) else p for p in params]


def connect(url: str) -> Connection:
    conn = Connection(url)
    with AdvisoryLock(conn).hold():  # two first servers must not race to create the schema
        conn.executescript(SCHEMA)
        sqlite.migrate_schema(conn, lambda table: _columns(conn, table))
    return conn


def _columns(conn: Connection, table: str) -> set[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = ?",
        (table,),
    ).fetchall()
    return {str(r[0]) for r in rows}


class AdvisoryLock(ReentrantLock):
    """The store's write lock on a PostgreSQL database: re-entrant within a process, exclusive across
    processes and machines (a session-level advisory lock, released by the server if a process dies)."""

    poll = 0.1

    def __init__(self, conn: Connection, timeout: float = 600.0) -> None:
        super().__init__(timeout)
        self._conn = conn

    def _try(self) -> bool:
        return bool(self._conn.execute("SELECT pg_try_advisory_lock(?)", (_WRITE_LOCK,)).fetchone()[0])  # type: ignore[index]

    def _release(self) -> None:
        self._conn.execute("SELECT pg_advisory_unlock(?)", (_WRITE_LOCK,))

    def _busy(self) -> StoreBusyError:
        return StoreBusyError(
            f"the store is busy: another process has been writing for over {self.timeout:.0f} s; "
            "wait for it to finish and retry"
        )


def errors() -> tuple[type[BaseException], ...]:
    """psycopg's error base class, when it is installed."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return ()
    return (psycopg.Error,)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


__all__ = [
    "AdvisoryLock",
    "Connection",
    "Row",
    "SCHEMA",
    "connect",
    "errors",
    "is_url",
    "redact",
    "translate",
]
