"""The store: numbered migrations, idempotent set-up, read-only readers, all-or-nothing transactions."""

from __future__ import annotations

import duckdb
import pytest

from smq_analytics import store


def test_migrations_are_numbered_without_gaps():
    versions = [v for v, _, _ in store.migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_connect_migrates_once_and_records_the_version(tmp_path):
    db = tmp_path / "s.duckdb"
    with store.open_store(db, read_only=False) as con:
        assert store.schema_version(con) == len(store.migrations())
        applied = store.query_rows(con, "SELECT count(*) FROM schema_migrations")[0][0]
    with store.open_store(db, read_only=False) as con:  # second open applies nothing again
        assert store.query_rows(con, "SELECT count(*) FROM schema_migrations")[0][0] == applied
        tables = {r[0] for r in store.query_rows(con, "SELECT table_name FROM information_schema.tables")}
    assert {"load_ledger", "quarantine", "raw_survey", "raw_attendance", "survey_responses"} <= tables


def test_readers_cannot_write(tmp_path):
    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    with store.open_store(db, read_only=True) as con:
        with pytest.raises(duckdb.Error):
            con.execute(
                "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
                "VALUES ('x','x','art','small','03','TR04','Québec',46.8,-71.2)"
            )


def test_missing_store_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(store.StoreError) as info:
        store.connect(tmp_path / "absent.duckdb", read_only=True)
    assert "absent.duckdb" in str(info.value) and "make demo" in str(info.value)


def test_transaction_rolls_back_everything(tmp_path):
    with store.open_store(tmp_path / "s.duckdb", read_only=False) as con:
        with pytest.raises(RuntimeError):
            with store.transaction(con):
                con.execute(
                    "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
                    "VALUES ('a','A','art','small','03','TR04','Québec',46.8,-71.2)"
                )
                raise RuntimeError("boom")
        assert store.query_rows(con, "SELECT count(*) FROM museums")[0][0] == 0


def test_ledger_refuses_rows_that_do_not_add_up(tmp_path):
    with store.open_store(tmp_path / "s.duckdb", read_only=False) as con:
        with pytest.raises(duckdb.ConstraintException):
            con.execute(
                "INSERT INTO load_ledger (load_id, source, museum_id, file_name, file_sha256, file_format,"
                " rows_read, rows_accepted, rows_rejected, loaded_at)"
                " VALUES (1, 'survey', 'a', 'f.csv', 'x', 'csv', 10, 8, 1, now())"
            )


def test_a_store_held_by_another_process_is_busy_after_a_short_wait(tmp_path, monkeypatch):
    """A real second process holds a write connection: readers and writers wait, retry, then fail with
    StoreBusyError naming the holder's PID."""
    import subprocess
    import sys
    import time

    db = tmp_path / "s.duckdb"
    store.connect(db, read_only=False).close()
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setattr(store, "BUSY_WAITS", (0.1, 0.2))
        for read_only in (True, False):
            start = time.monotonic()
            with pytest.raises(store.StoreBusyError) as info:
                store.connect(db, read_only=read_only)
            assert time.monotonic() - start >= 0.3
            text = info.value.text("en")
            assert text.startswith("store busy: ") and f"PID {holder.pid}" in text and "\n" not in text
    finally:
        holder.kill()
        holder.wait(timeout=30)
    store.connect(db, read_only=True).close()  # free again once the holder is gone


def test_other_duckdb_errors_are_not_taken_for_a_busy_store(tmp_path):
    bad = tmp_path / "not-a-store.duckdb"
    bad.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(duckdb.Error) as info:
        store.connect(bad, read_only=True)
    assert not isinstance(info.value, store.StoreBusyError)
