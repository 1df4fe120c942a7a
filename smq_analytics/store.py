"""The DuckDB store: connect, migrate, recreate views, run named queries.

DuckDB allows one writer or many readers. Notebooks and reports connect with read_only=True;
only ingest, init and demo open the store for writing. DuckDB 2.x streams results: every helper
here reads a result to its end before returning so the connection is free for the next query.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd

from .paths import SQL_DIR, resolve_db
from .sqlfiles import sql


class StoreError(RuntimeError):
    """A store that cannot be opened or is not in the expected state."""


def migrations() -> list[tuple[int, str, Path]]:
    """(version, name, path) for each sql/migrations/NNNN_name.sql, in order."""
    found = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        number, _, name = path.stem.partition("_")
        found.append((int(number), name, path))
    return found


def view_files() -> list[Path]:
    """sql/views/*.sql in name order (prefixes give dependency order: stg_ before public)."""
    return sorted((SQL_DIR / "views").glob("*.sql"))


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
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, datetime.now()]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    create_views(con)
    return schema_version(con)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    for path in view_files():
        con.execute(path.read_text(encoding="utf-8"))


def connect(db: str | os.PathLike | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the store. Writers migrate it to the current schema; readers require it to exist."""
    path = resolve_db(db)
    if read_only:
        if not path.is_file():
            raise StoreError(
                f"Entrepôt introuvable : {path}. Lancez « smq-analytics init » ou « make demo ». "
                f"/ Store not found: {path}. Run 'smq-analytics init' or 'make demo'."
            )
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


@contextmanager
def open_store(db: str | os.PathLike | None = None, *, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(db, read_only=read_only)
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

