"""Given raw rows, expect view rows: unit tests of the SQL models (tests/test_models.py).

`memory_store()` opens a private in-memory store (migrated, every macro and view created) holding one
museum. `given(con, table, rows)` inserts rows into a raw or reference table; each row states only the
columns that matter to the test: the raw tables' bookkeeping columns (load_id, row_number, museum_id,
survey_year) get defaults, and every load a row names gets a load_ledger entry whose NOT NULL columns
are filled in, so a test reads as the rule it checks. `view_rows(con, view, columns)` returns the view's
rows for those columns, as dicts, in a stable order. Rows go in through DuckDB's relation API
(`table(...).insert`), so no SQL text is built here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb

from ingest_support import MUSEUM
from smq_analytics import store

# The test museum (in Québec City, like the conftest fixture's): coordinates the distance tests use.
MUSEUM_ROW = {
    "museum_id": MUSEUM,
    "name": "Musée test",
    "museum_type": "history",
    "size_class": "small",
    "admin_region_code": "03",
    "tourist_region_code": "TR04",
    "municipality": "Québec",
    "latitude": 46.81,
    "longitude": -71.21,
}
RAW_DEFAULTS = {
    "raw_survey": {"museum_id": MUSEUM, "survey_year": 2024},
    "raw_desk_counts": {"museum_id": MUSEUM},
    "raw_attendance": {"museum_id": MUSEUM, "site": ""},
}
SOURCE_OF = {"raw_survey": "survey", "raw_desk_counts": "desk-counts", "raw_attendance": "attendance"}
LOADED = datetime(2024, 9, 1, 12, 0)  # load n is loaded n minutes after this, unless the test says when


def memory_store() -> duckdb.DuckDBPyConnection:
    """A migrated in-memory store with every model created and the test museum registered."""
    con = store.connect(store.IN_MEMORY, read_only=False)
    given(con, "museums", [MUSEUM_ROW])
    return con


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return list(con.table(table).columns)


def given(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], loaded_at: dict[int, datetime] | None = None
) -> None:
    """Insert rows into table. Raw tables: load_id defaults to 1, row_number to 2, 3, … (the header is
    row 1), museum_id to the test museum; each load named gets a ledger entry (loaded_at from loaded_at,
    else LOADED + load_id minutes). A column the table lacks is an error (a typo must not pass silently)."""
    names = columns_of(con, table)
    defaults = RAW_DEFAULTS.get(table, {})
    loads: set[int] = set()
    for number, row in enumerate(rows, start=2):
        unknown = set(row) - set(names)
        if unknown:
            raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
        full = dict(defaults)
        if table in SOURCE_OF:
            full |= {"load_id": 1, "row_number": number}
        full |= row
        if table in SOURCE_OF:
            loads.add(full["load_id"])
        con.table(table).insert(tuple(full.get(name) for name in names))
    for load_id in sorted(loads):
        _ledger_entry(con, load_id, SOURCE_OF[table], (loaded_at or {}).get(load_id))


def _ledger_entry(con: duckdb.DuckDBPyConnection, load_id: int, source: str, loaded_at: datetime | None) -> None:
    """A load_ledger row for load_id (once), its NOT NULL columns filled with neutral values."""
    if load_id in {row[0] for row in con.table("load_ledger").project("load_id").fetchall()}:
        return
    entry = {
        "load_id": load_id,
        "source": source,
        "museum_id": MUSEUM,
        "file_name": f"load-{load_id}.csv",
        "file_sha256": f"{load_id:064x}",
        "file_format": "csv",
        "rows_read": 0,
        "rows_accepted": 0,
        "rows_rejected": 0,
        "loaded_at": loaded_at or LOADED + timedelta(minutes=load_id),
    }
    con.table("load_ledger").insert(tuple(entry.get(name) for name in columns_of(con, "load_ledger")))


def view_rows(con: duckdb.DuckDBPyConnection, view: str, columns: list[str]) -> list[dict[str, Any]]:
    """The rows of view restricted to columns, as dicts, sorted on those columns (NULLs first)."""
    relation = con.table(view).project(*[duckdb.ColumnExpression(c) for c in columns])
    rows = relation.fetchall()
    return sorted((dict(zip(columns, row)) for row in rows), key=lambda r: [(v is not None, v) for v in r.values()])
