"""Shared helpers for the ingest tests: a temporary store with one museum, table counts, fixtures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from smq_analytics import store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
MUSEUM = "musee-test"
TABLES = ("load_ledger", "quarantine", "raw_survey", "raw_desk_counts", "raw_attendance")


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "t.duckdb", read_only=False)
    connection.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
        "VALUES (?, 'Musée test', 'history', 'small', '03', 'TR04', 'Québec', 46.81, -71.21)",
        [MUSEUM])
    yield connection
    connection.close()


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
            connection, "SELECT load_id, rows_read, rows_accepted, rows_rejected FROM load_ledger WHERE replaced_at IS NULL"):
        assert read == accepted + rejected
        assert rows(connection, "SELECT count(*) FROM quarantine WHERE load_id = ?", [load_id])[0][0] == rejected
