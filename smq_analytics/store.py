"""The DuckDB store: connect, migrate, recreate views, run named queries.

DuckDB allows one writer or many readers. Notebooks and reports connect with read_only=True;
only ingest, init and demo open the store for writing. DuckDB 2.x streams results: every helper
here reads a result to its end before returning so the connection is free for the next query.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd

from . import models
from .i18n import LocalizedError, Message
from .paths import SQL_DIR, resolve_db
from .sqlfiles import sql


class StoreError(LocalizedError, RuntimeError):
    """A store that cannot be opened or is not in the expected state (one line, FR/EN)."""


class StoreBusyError(StoreError):
    """Another process holds the store's lock (DuckDB: one writer, or many readers) past the wait."""


# A store held by another process: wait a little and try again before giving up (~3 s in all), so a
# reader that arrives while a short load commits simply waits for it.
IN_MEMORY = ":memory:"  # DuckDB's name for a store that lives in memory only, never a file name
BUSY_WAITS = (0.25, 0.5, 0.75, 1.5)  # seconds between attempts
LOCK_CONFLICT = re.compile(r"Could not set lock on file|Conflicting lock", re.IGNORECASE)
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+)(?: \(PID (?P<pid>\d+)\))?")
BUSY = Message(
    "entrepôt occupé : {db} est ouvert par un autre processus{holder} ; attendez la fin de son chargement "
    "ou de son rapport, puis relancez la commande.",
    "store busy: {db} is open in another process{holder}; wait until its load or report is over, then run "
    "the command again.",
)


def migrations() -> list[tuple[int, str, Path]]:
    """(version, name, path) for each sql/migrations/NNNN_name.sql, in order."""
    found = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        number, _, name = path.stem.partition("_")
        found.append((int(number), name, path))
    return found


def view_files() -> list[Path]:
    """The model files of sql/models/ (macros, then views) in creation order: each after the models it
    declares it depends on (smq_analytics.models; docs/ARCHITECTURE.md, « SQL models »)."""
    return [model.path for model in models.catalogue()]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply pending migrations, each in its own transaction, then recreate the views."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    current = schema_version(con)
    for version, name, path in migrations():
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, datetime.now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    create_views(con)
    return schema_version(con)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the SQL macros and views in dependency order; the order is checked before any runs."""
    models.create_models(con)


def connect(
    db: str | os.PathLike | None = None, *, read_only: bool = True, must_exist: bool | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the store. Writers migrate it to the current schema (creating it unless must_exist);
    readers require it to exist. ":memory:" opens a private in-memory store (tests, scratch work)."""
    if str(db) == IN_MEMORY:
        con = duckdb.connect(IN_MEMORY)
        migrate(con)
        return con
    path = resolve_db(db)
    if read_only or must_exist:
        if not path.is_file():
            raise StoreError(
                Message(
                    f"Entrepôt introuvable : {path}. Lancez « smq-analytics init » ou « make demo ».",
                    f"Store not found: {path}. Run 'smq-analytics init' or 'make demo'.",
                )
            )
    if read_only:
        return _connect_waiting(path, read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect_waiting(path, read_only=False)
    migrate(con)
    return con


def _connect_waiting(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds a conflicting lock; then StoreBusyError."""
    for wait in (*BUSY_WAITS, None):
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not LOCK_CONFLICT.search(str(exc)):
                raise
            if wait is None:
                raise busy_error(path, str(exc)) from None
            time.sleep(wait)
    raise AssertionError("unreachable")


def busy_error(path: Path, duckdb_message: str) -> StoreBusyError:
    """One line: the store is busy, who holds it when DuckDB says (its PID), what to do."""
    holder = LOCK_HOLDER.search(duckdb_message)
    named = ""
    if holder and holder.group("pid"):
        named = f" (PID {holder.group('pid')}, {os.path.basename(holder.group('program'))})"
    return StoreBusyError(BUSY.format(db=path, holder=named))


@contextmanager
def open_store(
    db: str | os.PathLike | None = None, *, read_only: bool = True, must_exist: bool | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(db, read_only=read_only, must_exist=must_exist)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run the named query sql/<name>.sql with $name parameters bound, as a DataFrame."""
    return con.execute(sql(name), params or {}).df()


def query_rows(con: duckdb.DuckDBPyConnection, text: str, params: Any = None) -> list[tuple]:
    """Run SQL text with bound parameters and fetch every row (frees the connection)."""
    return con.execute(text, params or []).fetchall()


def snapshot_id(con: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of the data the reports read (loads, museum parameters, schema version).

    A report run takes it once; every notebook checks it when it opens the store and the runner
    checks it again at the end, so one run reads one consistent state of the store.
    """
    return str(query(con, "status/snapshot")["snapshot"].iloc[0])
