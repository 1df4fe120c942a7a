"""The smq-analytics command line: exit codes, one-line reasons, FR/EN messages, store untouched on failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from smq_analytics import store
from smq_analytics.cli import main
from smq_analytics.paths import parameters_dir

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
MUSEUM = "musee-des-brumes"


def counts(db: Path) -> dict[str, int]:
    with store.open_store(db, read_only=True) as con:
        return {t: store.query_rows(con, f"SELECT count(*) FROM {t}")[0][0]  # table names are ours
                for t in ("load_ledger", "quarantine", "raw_survey", "raw_attendance", "museums")}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("SMQ_DB", raising=False)
    monkeypatch.delenv("SMQ_LANG", raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    path = tmp_path / "cli.duckdb"
    assert main(["--db", str(path), "init"]) == 0
    return path


def test_init_loads_reference_data_and_every_museum(tmp_path, capsys):
    db = tmp_path / "fresh.duckdb"
    assert main(["--db", str(db), "--lang", "fr", "init"]) == 0
    out = capsys.readouterr().out
    assert "Entrepôt prêt" in out and "ref_admin_regions 17" in out and "Musées : 12" in out
    assert counts(db)["museums"] == len(list(parameters_dir().joinpath("museums").glob("*.yaml"))) == 12


def test_ingest_reports_counts_then_refuses_the_same_file_twice(db, capsys):
    capsys.readouterr()
    assert main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM]) == 0
    first = capsys.readouterr().out
    before = counts(db)
    assert "attendance_long.csv :" in first and "lignes lues" in first and "utf-8" in first
    assert before["load_ledger"] == 1 and before["raw_attendance"] > 0
    assert main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM]) == 0
    assert "déjà chargé" in capsys.readouterr().out
    assert counts(db) == before


def test_status_lists_loads_in_the_chosen_language(db, capsys):
    main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM])
    capsys.readouterr()
    assert main(["--db", str(db), "--lang", "en", "status"]) == 0
    out = capsys.readouterr().out
    assert "Rows read" in out and MUSEUM in out and "attendance" in out


def test_unknown_museum_fails_with_one_line_and_leaves_the_store_as_it_was(db, capsys):
    before = counts(db)
    code = main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", "musee-inconnu"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Erreur : ") and "musee-inconnu" in err and len(err.strip().splitlines()) == 1
    assert counts(db) == before


def test_errors_follow_the_user_language(db, capsys):
    capsys.readouterr()
    code = main(["--db", str(db), "--lang", "en", "ingest", "survey", str(FIXTURES / "missing.csv"), "--museum", MUSEUM])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Error: ") and "missing.csv" in err


def test_unknown_source_is_refused(db, capsys):
    capsys.readouterr()
    code = main(["--db", str(db), "ingest", "ga5", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM])
    assert code == 1 and "ga5" in capsys.readouterr().err


def test_console_script_exit_code(tmp_path):
    env = {**os.environ, "SMQ_DB": str(tmp_path / "absent.duckdb"), "SMQ_LANG": "fr"}
    done = subprocess.run([sys.executable, "-m", "smq_analytics.cli", "status"], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert "Entrepôt introuvable" in done.stderr and "absent.duckdb" in done.stderr
