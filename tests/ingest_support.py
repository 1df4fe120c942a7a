"""Shared helpers for the ingest tests: the museum id, table counts, rows, workbook writers (the store
fixture `con` is in conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from smq_analytics.ingest.registry import SOURCES

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
MUSEUM = "musee-test"
TABLES = ("load_ledger", "quarantine", *(spec.raw_table for spec in SOURCES.values()))


def counts(connection) -> dict[str, int]:
    return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def rows(connection, sql: str, params=None) -> list[tuple]:
    return connection.execute(sql, params or []).fetchall()


def write_xlsx(path: Path, table: list[list], sheet: str = "Feuil1") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in table:
        book.active.append(row)
    book.save(path)
    return path


def csv_rows(name: str, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    with (FIXTURES / name).open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def assert_balanced(connection) -> None:
    """Every load: rows read = accepted + rejected, and the quarantine holds exactly the rejected rows."""
    for load_id, read, accepted, rejected in rows(
        connection, "SELECT load_id, rows_read, rows_accepted, rows_rejected FROM load_ledger WHERE replaced_at IS NULL"
    ):
        assert read == accepted + rejected
        assert rows(connection, "SELECT count(*) FROM quarantine WHERE load_id = ?", [load_id])[0][0] == rejected
