"""Writes of one load: raw records, quarantined rows, the ledger row; and the ledger look-ups.

Callers run the writes inside store.transaction so a load lands whole or not at all. Table names
come from the source registry, never from user input; values are always bound.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

import duckdb
import pandas as pd

from ..sqlfiles import sql
from .errors import quoted_list, refuse


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


def check_museum(con: duckdb.DuckDBPyConnection, museum_id: str) -> None:
    known = [row[0] for row in con.execute("SELECT museum_id FROM museums ORDER BY museum_id").fetchall()]
    if museum_id not in known:
        raise refuse(
            "Musée inconnu « {museum} ». Musées connus : {known}. Ajoutez-le dans parameters/museums/ "
            "puis lancez « smq-analytics init ».",
            "Unknown museum '{museum}'. Known museums: {known}. Add it in parameters/museums/ then run "
            "'smq-analytics init'.",
            museum=museum_id,
            known=quoted_list(known, limit=max(len(known), 1)) or "(aucun / none)",
        )


def active_loads(
    con: duckdb.DuckDBPyConnection,
    source: str,
    museum_id: str,
    sha256: str,
    mapping_sha256: str | None = None,
    load_options: str | None = None,
) -> list[dict]:
    """Active loads that rested on the same things: content, mapping content, load options."""
    cursor = con.execute(
        sql("ingest/active_loads"),
        {
            "source": source,
            "museum_id": museum_id,
            "sha256": sha256,
            "mapping_sha256": mapping_sha256,
            "load_options": load_options,
        },
    )
    return _dicts(cursor)


def period_loads(con: duckdb.DuckDBPyConnection, source: str, museum_id: str, periods: list[str]) -> list[dict]:
    """Active loads of this museum and source covering one of `periods` (with the periods shared)."""
    if not periods:
        return []
    cursor = con.execute(
        sql("ingest/period_loads"), {"source": source, "museum_id": museum_id, "periods": list(periods)}
    )
    return _dicts(cursor)


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def retire(con: duckdb.DuckDBPyConnection, raw_tables: tuple[str, ...], load_ids: list[int], when: datetime) -> None:
    """Delete the raw rows (every raw table of the source: SourceSpec.raw_table and extra_raw_tables) and
    the quarantine rows of superseded loads, and mark them replaced."""
    if not load_ids:
        return
    for raw_table in raw_tables:  # names from the source's SourceSpec, never from input
        con.execute(f"DELETE FROM {raw_table} WHERE list_contains(?, load_id)", [load_ids])
    con.execute("DELETE FROM quarantine WHERE list_contains(?, load_id)", [load_ids])
    con.execute("DELETE FROM item_problems WHERE list_contains(?, load_id)", [load_ids])
    con.execute(sql("ingest/retire_loads"), {"replaced_at": when, "load_ids": load_ids})


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0])


def insert_records(con: duckdb.DuckDBPyConnection, raw_table: str, records: pd.DataFrame) -> None:
    """Append records (columns named like the raw table's) to raw_table."""
    if records.empty:
        return
    with registered(con, "ingest_records", records):
        con.execute(f"INSERT INTO {raw_table} BY NAME SELECT * FROM ingest_records")


def insert_staged(
    con: duckdb.DuckDBPyConnection, raw_table: str, staged: str, load_id: int, museum_id: str, rejected: pd.Series
) -> int:
    """Append a bulk source's staged records (Parsed.bulk_table: the raw table's columns without load_id
    and museum_id, plus row_number) to raw_table, except the rejected rows; the number of rows added.
    The rows go from table to table inside DuckDB, never through Python."""
    rows = pd.DataFrame({"row_number": pd.Series(rejected, dtype="int64").to_numpy()})
    with registered(con, "ingest_rejected_rows", rows):
        added = con.execute(
            f"INSERT INTO {raw_table} BY NAME SELECT $load_id AS load_id, $museum_id AS museum_id, * FROM {staged} "
            "WHERE row_number NOT IN (SELECT row_number FROM ingest_rejected_rows)",
            {"load_id": load_id, "museum_id": museum_id},
        ).fetchall()
    return int(added[0][0])


def insert_quarantine(
    con: duckdb.DuckDBPyConnection, load_id: int, rejected: pd.DataFrame, originals: pd.DataFrame
) -> None:
    """Rejected rows (row_number, column_name, reason_fr, reason_en) with the cells kept of them:
    `originals` holds only what may be stored (the loader's quarantine_cells)."""
    if rejected.empty:
        return
    cells = originals.loc[rejected["row_number"].to_numpy()]
    headers = list(cells.columns)
    cells = cells.set_axis(range(len(headers)), axis=1).reset_index(names="row_number")
    long = cells.melt(id_vars="row_number", var_name="position", value_name="value")
    long["header"] = pd.Series(headers, dtype="str").iloc[long["position"].to_numpy()].to_numpy()
    long["value"] = long["value"].astype("str").fillna("")
    with registered(con, "ingest_rejected", rejected), registered(con, "ingest_cells", long):
        con.execute(sql("ingest/insert_quarantine"), {"load_id": load_id})


def insert_item_problems(con: duckdb.DuckDBPyConnection, load_id: int, problems: pd.DataFrame) -> None:
    """Item problems of accepted rows (row_number, column_name, value, reason_fr, reason_en)."""
    if problems.empty:
        return
    with registered(con, "ingest_item_problems", problems):
        con.execute(sql("ingest/insert_item_problems"), {"load_id": load_id})


def stored_item_problems(con: duckdb.DuckDBPyConnection, load_id: int) -> pd.DataFrame:
    return con.execute(sql("ingest/load_item_problems"), {"load_id": load_id}).df()


def insert_ledger(con: duckdb.DuckDBPyConnection, entry: dict) -> None:
    con.execute(sql("ingest/insert_ledger"), entry)


def stored_rejections(con: duckdb.DuckDBPyConnection, load_id: int) -> pd.DataFrame:
    return con.execute(sql("ingest/load_rejections"), {"load_id": load_id}).df()


def count_records(con: duckdb.DuckDBPyConnection, raw_table: str, load_id: int) -> int:
    return int(con.execute(f"SELECT count(*) FROM {raw_table} WHERE load_id = ?", [load_id]).fetchall()[0][0])
