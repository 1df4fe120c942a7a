"""One transaction per file: the ledger, duplicates, --replace, refused files, failures mid-load."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from smq_analytics.ingest import SOURCES, IngestError, ingest_file, ledger
from ingest_support import FIXTURES, MUSEUM, assert_balanced, counts, rows


def test_registry_names_the_sources_in_load_order():
    assert list(SOURCES) == ["survey", "desk-counts", "attendance", "ga4-events", "ga4-ui", "ga4-api", "ua"]
    assert {s.raw_table for s in SOURCES.values()} == {
        "raw_survey",
        "raw_desk_counts",
        "raw_attendance",
        "raw_ga4_events",
        "raw_web_rows",
    }


def test_ledger_row_describes_the_load(con):
    result = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    sha = hashlib.sha256((FIXTURES / "survey_bad.csv").read_bytes()).hexdigest()
    assert rows(
        con,
        "SELECT load_id, source, museum_id, survey_year, file_name, file_sha256, file_format, "
        "encoding, delimiter, mapping_file, rows_read, rows_accepted, rows_rejected, "
        "loaded_at IS NOT NULL, replaced_at FROM load_ledger",
    ) == [
        (
            result.load_id,
            "survey",
            MUSEUM,
            2024,
            "survey_bad.csv",
            sha,
            "csv",
            "utf-8",
            ",",
            None,
            14,
            14,
            0,
            True,
            None,
        )
    ]
    # every row has a season (--year): its invalid answers are item problems of this load, not rejections
    assert rows(con, "SELECT load_id, count(*), min(row_number), max(row_number) FROM item_problems GROUP BY ALL") == [
        (result.load_id, 13, 3, 15)
    ]


def test_same_file_twice_adds_nothing(con, tmp_path):
    first = ingest_file(con, "desk-counts", FIXTURES / "desk_bad.csv", MUSEUM)
    before = counts(con)
    copy = tmp_path / "renamed.csv"  # same content under another name is still the same file
    shutil.copy(FIXTURES / "desk_bad.csv", copy)
    second = ingest_file(con, "desk-counts", copy, MUSEUM)
    assert counts(con) == before
    assert second.skipped_duplicate and not first.skipped_duplicate
    assert second.load_id == first.load_id
    assert (second.rows_read, second.rows_accepted, second.rows_rejected) == (6, 1, 5)
    assert second.reasons() == first.reasons()
    assert second.records_loaded == 1
    assert "déjà chargé (chargement n° 1" in second.summary("fr")


def test_same_content_for_another_source_or_museum_is_loaded(con):
    con.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
        "SELECT 'autre-musee', name, museum_type, size_class, admin_region_code, "
        "tourist_region_code, municipality, latitude, longitude FROM museums"
    )
    ingest_file(con, "desk-counts", FIXTURES / "desk_bad.csv", MUSEUM)
    other = ingest_file(con, "desk-counts", FIXTURES / "desk_bad.csv", "autre-musee")
    assert not other.skipped_duplicate
    assert rows(con, "SELECT museum_id, count(*) FROM raw_desk_counts GROUP BY ALL ORDER BY 1") == [
        ("autre-musee", 1),
        (MUSEUM, 1),
    ]


def test_replace_swaps_the_data_of_the_same_file_name(con, tmp_path):
    path = tmp_path / "frequentation.csv"
    path.write_text("mois,total\n2024-01,100\n2024-02,oops\n", encoding="utf-8")
    first = ingest_file(con, "attendance", path, MUSEUM)
    path.write_text("mois,total\n2024-01,110\n2024-02,220\n2024-03,330\n", encoding="utf-8")
    second = ingest_file(con, "attendance", path, MUSEUM, replace=True)
    assert second.replaced_load_ids == (first.load_id,)
    assert rows(con, "SELECT load_id, month::VARCHAR, total FROM raw_attendance ORDER BY month") == [
        (second.load_id, "2024-01-01", 110),
        (second.load_id, "2024-02-01", 220),
        (second.load_id, "2024-03-01", 330),
    ]
    assert rows(con, "SELECT count(*) FROM quarantine") == [(0,)]  # the old load's rejected row is gone
    assert rows(con, "SELECT load_id, replaced_at IS NOT NULL FROM load_ledger ORDER BY load_id") == [
        (first.load_id, True),
        (second.load_id, False),
    ]
    assert rows(con, "SELECT loads, rows_read FROM load_summary") == [(1, 3)]
    assert_balanced(con)


def test_replace_of_identical_content_reloads_it(con):
    first = ingest_file(con, "survey", FIXTURES / "survey_utf8.csv", MUSEUM)
    again = ingest_file(con, "survey", FIXTURES / "survey_utf8.csv", MUSEUM, replace=True)
    assert not again.skipped_duplicate and again.replaced_load_ids == (first.load_id,)
    assert rows(con, "SELECT DISTINCT load_id FROM raw_survey") == [(again.load_id,)]
    assert rows(con, "SELECT count(*) FROM raw_survey") == [(4,)]


def all_counts(connection) -> dict[str, int]:
    return {**counts(connection), "item_problems": rows(connection, "SELECT count(*) FROM item_problems")[0][0]}


def test_item_problems_follow_duplicates_and_replace(con):
    first = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    assert len(first.item_reasons()) == 13 and first.item_reasons()[0].startswith("ligne 3 : note 7")
    again = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    assert again.skipped_duplicate and again.item_reasons("en") == first.item_reasons("en")
    assert rows(con, "SELECT count(*) FROM item_problems") == [(13,)]
    replaced = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024, replace=True)
    assert replaced.replaced_load_ids == (first.load_id,)
    # the superseded load's item problems go with its rows
    assert rows(con, "SELECT load_id, count(*) FROM item_problems GROUP BY ALL") == [(replaced.load_id, 13)]
    assert_balanced(con)


def _season_rejects(tmp_path):
    """A survey without --year whose row 3 has an unreadable visit date (so no season): 2 read, 1 rejected."""
    path = tmp_path / "sans_saison.csv"
    path.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "S1,G1R 2L3,CA,Non,2024-07-10,4,4\n"
        "S2,G1R 2L3,CA,Non,2024-02-30,4,4\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("step", ["insert_quarantine", "insert_item_problems"])
def test_failure_while_quarantining_leaves_every_table_as_before(con, monkeypatch, tmp_path, step):
    # an earlier load of another season: the file under test covers 2024, this one 2023
    other = tmp_path / "saison_2023.csv"
    other.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "T1,G1R 2L3,CA,Non,2023-07-10,4,4\n",
        encoding="utf-8",
    )
    ingest_file(con, "survey", other, MUSEUM)
    before = all_counts(con)
    # a file that needs the failing step: rejected rows for the quarantine, item problems for the other
    if step == "insert_quarantine":
        path, year = _season_rejects(tmp_path), None
    else:
        path, year = FIXTURES / "survey_bad.csv", 2024

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ledger, step, broken)
    with pytest.raises(RuntimeError):
        ingest_file(con, "survey", path, MUSEUM, year=year)
    assert all_counts(con) == before
    with pytest.raises(RuntimeError):  # and with --replace: the superseded load is not retired either
        ingest_file(con, "survey", other, MUSEUM, replace=True)
    assert all_counts(con) == before
    assert rows(con, "SELECT count(*) FROM load_ledger WHERE replaced_at IS NOT NULL") == [(0,)]
    monkeypatch.undo()
    result = ingest_file(con, "survey", path, MUSEUM, year=year)
    if step == "insert_quarantine":
        assert (result.rows_rejected, len(result.item_problems)) == (1, 0)
        assert rows(con, "SELECT row_number, column_name FROM quarantine") == [(3, "visit_date")]
    else:
        assert (result.rows_rejected, len(result.item_problems)) == (0, 13)
        assert rows(con, "SELECT count(*) FROM item_problems WHERE load_id = ?", [result.load_id]) == [(13,)]


def test_unknown_museum_is_named_with_the_known_ones(con):
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", FIXTURES / "survey_utf8.csv", "musee-fantome")
    assert info.value.text("fr").startswith("Musée inconnu « musee-fantome ». Musées connus : musee-test.")
    assert info.value.text("en").startswith("Unknown museum 'musee-fantome'. Known museums: musee-test.")
    assert counts(con) == before


def test_unknown_source(con):
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ga5", FIXTURES / "survey_utf8.csv", MUSEUM)
    assert info.value.text("en") == (
        "Unknown source 'ga5'. Possible sources: survey, desk-counts, attendance, ga4-events, ga4-ui, ga4-api, ua."
    )


@pytest.mark.parametrize(
    "name, content, fr",
    [
        ("vide.csv", b"", "Le fichier « vide.csv » est vide."),
        ("blancs.csv", b"\r\n , ,\r\n\r\n", "Le fichier « blancs.csv » est vide."),
        (
            "entete.csv",
            b"mois;total\r\n",
            "Le fichier « entete.csv » n'a pas de lignes de données sous l'en-tête (ligne 1).",
        ),
        (
            "abime.xlsx",
            b"PK\x03\x04 not really a workbook",
            "Fichier illisible « abime.xlsx » : ce n'est pas un classeur Excel .xlsx valide (BadZipFile).",
        ),
        (
            "binaire.csv",
            b"mois,total\n\x81\x8d,1\n",
            "Fichier illisible « binaire.csv » : octet 11 invalide en cp1252. Enregistrez-le en UTF-8 ou en "
            "Windows-1252 (CSV Excel).",
        ),
        ("rapport.pdf", b"%PDF-1.4", "Format non pris en charge pour « rapport.pdf » : .pdf. Attendu : .csv ou .xlsx."),
    ],
)
def test_unreadable_or_empty_files_are_refused(con, tmp_path, name, content, fr):
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", path, MUSEUM)
    assert info.value.text("fr") == fr
    assert name in info.value.text("en")
    assert counts(con) == before


def test_missing_file(con, tmp_path):
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", tmp_path / "absent.csv", MUSEUM)
    assert "absent.csv" in info.value.text("fr")
