"""The smq-analytics command line: exit codes, one-line reasons, FR/EN messages, store untouched on failure."""

from __future__ import annotations

import os
import re
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
        return {
            t: store.query_rows(con, f"SELECT count(*) FROM {t}")[0][0]  # table names are ours
            for t in ("load_ledger", "quarantine", "raw_survey", "raw_attendance", "museums")
        }


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
    assert (
        main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM]) == 0
    )
    first = capsys.readouterr().out
    before = counts(db)
    assert "attendance_long.csv :" in first and "lignes lues" in first and "utf-8" in first
    assert before["load_ledger"] == 1 and before["raw_attendance"] > 0
    assert (
        main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM]) == 0
    )
    assert "déjà chargé" in capsys.readouterr().out
    assert counts(db) == before


def test_status_lists_loads_in_the_chosen_language(db, capsys):
    main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM])
    capsys.readouterr()
    assert main(["--db", str(db), "--lang", "en", "status"]) == 0
    out = capsys.readouterr().out
    assert "Rows read" in out and MUSEUM in out and "attendance" in out


NBSP = "\u00a0"


def _survey_with_a_row_without_season(folder: Path) -> Path:
    """No --year: row 3's visit date cannot be read, so it has no season (quarantined); row 4's postal
    code is impossible (stored missing, an item problem)."""
    path = folder / "sans_annee.csv"
    path.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "S1,G1R 2L3,CA,Non,2023-07-10,4,4\n"
        "S2,G1R 2L3,CA,Non,2023-02-30,4,4\n"
        "S3,Z9X 9Y9,CA,Non,2023-07-12,4,4\n",
        encoding="utf-8",
    )  # season 2023: 2024 is loaded
    return path


def _table_row(out: str, source: str) -> list[str]:
    [line] = [line for line in out.splitlines() if line.startswith(MUSEUM) and f"  {source}  " in line]
    return re.split(r"  +", line.strip())


def ingest_bad_survey(db) -> int:
    """Load the fixture whose 14 rows hold 13 invalid optional answers (kept empty, recorded)."""
    return main(
        ["--db", str(db), "ingest", "survey", str(FIXTURES / "survey_bad.csv"), "--museum", MUSEUM, "--year", "2024"]
    )


def test_ingest_line_counts_invalid_values_left_empty(db, capsys):
    capsys.readouterr()
    assert ingest_bad_survey(db) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("survey_bad.csv : 14 lignes lues, 14 acceptées, 0 en quarantaine")
    assert out[1:] == [
        f"13{NBSP}valeurs invalides laissées vides (les lignes sont gardées). Détail : "
        f"smq-analytics status --museum {MUSEUM}"
    ]
    assert (
        main(
            [
                "--db",
                str(db),
                "--lang",
                "en",
                "ingest",
                "survey",
                str(FIXTURES / "limesurvey_export.csv"),
                "--museum",
                MUSEUM,
                "--mapping",
                "limesurvey_ete",
                "--replace",
            ]
        )
        == 0
    )  # the same season 2024
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        f"1{NBSP}invalid value stored as missing (the row is kept). Details: smq-analytics status --museum {MUSEUM}"
    ]
    assert (
        main(["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM]) == 0
    )
    assert len(capsys.readouterr().out.splitlines()) == 1  # nothing to say when every value is valid


def test_status_shows_item_problems_per_load_after_the_quarantine(db, capsys, tmp_path):
    assert ingest_bad_survey(db) == 0
    assert (
        main(
            ["--db", str(db), "ingest", "survey", str(_survey_with_a_row_without_season(tmp_path)), "--museum", MUSEUM]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--db", str(db), "status", "--rejections", "2"]) == 0
    out = capsys.readouterr().out
    # loads, read, accepted, rejected, invalid values: 14 + 3 read, one row without season, 13 + 1 values
    assert _table_row(out, "survey")[2:7] == ["2", "17", "16", "1", "14"]
    assert "Rejetées  Valeurs invalides" in out.splitlines()[0]
    lines = out.splitlines()
    quarantine = lines.index("Dernières lignes en quarantaine :")
    items = lines.index("Valeurs invalides laissées vides dans des lignes acceptées :")
    assert quarantine < items
    assert lines[quarantine + 1] == (
        f"  {MUSEUM} · survey · sans_annee.csv · ligne 3 : date impossible ou "
        "illisible « 2023-02-30 » pour visit_date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)"
    )
    # per load, latest first: its count, then its first reasons as stored (postal codes masked)
    assert lines[items + 1 :] == [
        f"  {MUSEUM} · survey · sans_annee.csv (chargement n° 2) : 1{NBSP}valeur invalide",
        "    ligne 4 : code postal impossible « Z9X *** » pour postal_code (D, F, I, O, Q et U ne sont jamais "
        "utilisées ; W et Z jamais en premier)",
        f"  {MUSEUM} · survey · survey_bad.csv (chargement n° 1) : 13{NBSP}valeurs invalides",
        "    ligne 3 : note 7 hors de l'échelle 1–4 pour sat_overall",
        "    ligne 4 : date impossible ou illisible « 2025-02-30 » pour visit_date (attendu : AAAA-MM-JJ ou "
        "JJ/MM/AAAA)",
        "    … et 11 autres",
    ]
    assert "9Y9" not in out and "1A1" not in out and "12345" not in out

    assert main(["--db", str(db), "--lang", "en", "status", "--museum", MUSEUM, "--rejections", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Rejected  Invalid values" in lines[0]
    items = lines.index("Invalid values stored as missing in accepted rows:")
    assert lines[items + 1 :] == [
        f"  {MUSEUM} · survey · sans_annee.csv (load #2): 1{NBSP}invalid value",
        "    row 4: impossible postal code 'Z9X ***' for postal_code (D, F, I, O, Q and U are never used; "
        "W and Z never first)",
        f"  … 1{NBSP}more load with invalid values",
    ]

    assert main(["--db", str(db), "status", "--rejections", "0"]) == 0
    out = capsys.readouterr().out
    assert "quarantaine" not in out and "laissées vides" not in out and "ligne " not in out
    assert _table_row(out, "survey")[6] == "14"  # the counts stay in the table


def test_unknown_museum_fails_with_one_line_and_leaves_the_store_as_it_was(db, capsys):
    before = counts(db)
    code = main(
        ["--db", str(db), "ingest", "attendance", str(FIXTURES / "attendance_long.csv"), "--museum", "musee-inconnu"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Erreur : ") and "musee-inconnu" in err and len(err.strip().splitlines()) == 1
    assert counts(db) == before


def test_errors_follow_the_user_language(db, capsys):
    capsys.readouterr()
    code = main(
        ["--db", str(db), "--lang", "en", "ingest", "survey", str(FIXTURES / "missing.csv"), "--museum", MUSEUM]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Error: ") and "missing.csv" in err


def test_unknown_source_is_refused(db, capsys):
    capsys.readouterr()
    code = main(["--db", str(db), "ingest", "ga5", str(FIXTURES / "attendance_long.csv"), "--museum", MUSEUM])
    assert code == 1 and "ga5" in capsys.readouterr().err


def test_console_script_exit_code(tmp_path):
    env = {**os.environ, "SMQ_DB": str(tmp_path / "absent.duckdb"), "SMQ_LANG": "fr"}
    done = subprocess.run(
        [sys.executable, "-m", "smq_analytics.cli", "status"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert "Entrepôt introuvable" in done.stderr and "absent.duckdb" in done.stderr


ESC = "\x1b"


def test_status_masks_personal_values_and_strips_terminal_controls(db, capsys):
    """A file name is chosen by whoever sent the file and reasons quote the cells as read: status
    prints neither an e-mail, a phone number or a postal code, nor any control character."""
    name = f"sondage{ESC}[31m-rouge{ESC}]0;titre{ESC}\\\x07\x9b2J\u202e.csv"
    with store.open_store(db, read_only=False) as con:
        con.execute(
            "INSERT INTO load_ledger (load_id, source, museum_id, survey_year, file_name, file_sha256, "
            "file_format, rows_read, rows_accepted, rows_rejected, loaded_at) VALUES "
            "(1, 'survey', ?, 2024, ?, 'x', 'csv', 2, 1, 1, now())",
            [MUSEUM, name],
        )
        con.execute(
            "INSERT INTO raw_survey (load_id, row_number, museum_id, survey_year) VALUES (1, 2, ?, 2024)", [MUSEUM]
        )
        con.execute(
            "INSERT INTO quarantine VALUES (1, 3, 'visit_date', ?, ?, MAP {'visit_date': 'x'})",
            [
                f"ligne 3 : date illisible « marie.{ESC}[0mtremblay@exemple.qc.ca » pour visit_date",
                "row 3: unreadable date 'MARIE.TREMBLAY@EXEMPLE.QC.CA' for visit_date",
            ],
        )
        con.execute(
            "INSERT INTO item_problems VALUES (1, 2, 'party_size', '418 555-1234', ?, ?)",
            [
                "ligne 2 : taille « 418 555-1234 » impossible\nligne 9 : G1R 2L3",
                "row 2: impossible size '418 555-1234'",
            ],
        )
    capsys.readouterr()
    assert main(["--db", str(db), "status"]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert "@" not in out and "555" not in out and "2L3" not in out and "titre" not in out
    lines = out.splitlines()
    quarantine = lines.index("Dernières lignes en quarantaine :")
    assert lines[quarantine + 1] == (
        f"  {MUSEUM} · survey · sondage-rouge.csv · ligne 3 : date illisible « [courriel] » pour visit_date"
    )
    assert lines[-2:] == [
        f"  {MUSEUM} · survey · sondage-rouge.csv (chargement n° 1) : 1{NBSP}valeur invalide",
        "    ligne 2 : taille « [téléphone] » impossible ligne 9 : [code postal]",
    ]
    assert main(["--db", str(db), "--lang", "en", "status"]) == 0
    out = capsys.readouterr().out
    assert "survey · sondage-rouge.csv · row 3: unreadable date '[email]' for visit_date" in out
    assert ESC not in out and "EXEMPLE" not in out


def test_a_museum_whose_parameter_file_was_removed_is_no_longer_reported(tmp_path, monkeypatch, capsys):
    """`run` reports only museums that still have parameters/museums/<id>.yaml, and names the others."""
    import shutil

    from smq_analytics.paths import notebooks_dir, reference_dir

    demo_store = Path(os.environ["SMQ_DB"])
    home = tmp_path / "home"
    (home / "parameters" / "museums").mkdir(parents=True)
    shutil.copy(parameters_dir() / "museums" / f"{MUSEUM}.yaml", home / "parameters" / "museums")
    shutil.copytree(notebooks_dir(), home / "notebooks")
    (home / "data").mkdir()
    (home / "data" / "reference").symlink_to(reference_dir())
    shutil.copy(demo_store, tmp_path / "store.duckdb")
    monkeypatch.setenv("SMQ_HOME", str(home))
    out = tmp_path / "reports"
    capsys.readouterr()
    run = [
        "--db",
        str(tmp_path / "store.duckdb"),
        "run",
        "--out",
        str(out),
        "--jobs",
        "1",
        "--notebook",
        "01_provenance",
    ]
    assert main(run) == 0
    captured = capsys.readouterr()
    assert [p.name for p in out.iterdir() if p.is_dir()] == [MUSEUM]
    assert "Musée non rapporté : domaine-des-anguilles-sages n'a plus de fichier de paramètres" in captured.err
    assert captured.out.startswith("1\u00a0rapport produit, 0\u00a0non produit faute de données, 0\u00a0en échec")


def test_a_missing_store_is_one_line_for_every_command(tmp_path, capsys):
    for command in (["status"], ["run"], ["purge", "--museum", MUSEUM, "--yes"]):
        assert main(["--db", str(tmp_path / "absent.duckdb"), *command]) != 0
        err = capsys.readouterr().err.strip()
        assert "absent.duckdb" in err and "Traceback" not in err and len(err.splitlines()) == 1, (command, err)
