"""Survey ingest: the same responses in UTF-8, Windows-1252 with ';', UTF-8 with BOM and tab, XLSX;
every row-level problem with its exact reason and row number."""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics.ingest import IngestError, ingest_file
from test_ingest_support import FIXTURES, MUSEUM, assert_balanced, con, counts, csv_rows, rows, write_xlsx  # noqa: F401

COLUMNS = ("row_number, response_id, postal_code, municipality, province, country, overnight, nights, "
           "lives_over_40km, transport_mode, visit_date, first_visit, party_type, party_size, trip_reason, "
           "info_sources, sat_overall, sat_reception, recommend, nps_score, age_band, gender, "
           "questionnaire_language, comment, survey_year")

# Hand-written from the fixture rows (header = row 1, row 4 is empty and skipped).
EXPECTED = [
    (2, "R1", "G1R2L3", "Québec", "QC", "CA", False, 0, False, "car", date(2024, 7, 15), True, "couple", 2,
     "main", ["website", "social_media"], 4, 3, 4, 9, "45_54", "woman", "fr",
     "L’œuvre m’a plu, 15 € bien investis", 2024),
    (3, "R2", "H2X", None, "QC", None, True, 3, None, "train", date(2024, 8, 2), False, "family_children", 4,
     "one_of", ["word_of_mouth"], 3, None, 3, None, "25_34", "man", "en", None, 2024),
    (5, "R3", "75001", "Paris", None, "FR", True, 7, None, "plane", date(2024, 7, 1), None, "friends", 3,
     "not_a_reason", None, 2, None, 2, 6, None, None, "fr", "Très belle expérience", 2024),
    (6, "R4", "90210", "Beverly Hills", None, "US", True, 1, None, "motorhome", date(2024, 8, 15), False, "alone",
     1, None, ["media", "other"], 1, None, 1, 0, "75_plus", None, None, "Service à la clientèle : 10/10", 2024),
]


def _loaded(con):
    return rows(con, f"SELECT {COLUMNS} FROM raw_survey ORDER BY row_number")


@pytest.mark.parametrize("name, encoding, delimiter", [
    ("survey_utf8.csv", "utf-8", ","),
    ("survey_cp1252.csv", "cp1252", ";"),
    ("survey_bom.csv", "utf-8-sig", "tab"),
])
def test_good_csv_loads_exact_values_and_records_encoding(con, name, encoding, delimiter):
    result = ingest_file(con, "survey", FIXTURES / name, MUSEUM)
    assert (result.encoding, result.delimiter, result.file_format) == (encoding, delimiter, "csv")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    assert result.survey_year == 2024 and result.reasons() == []
    assert _loaded(con) == EXPECTED
    ledger = rows(con, "SELECT encoding, delimiter, file_name, rows_read, survey_year FROM load_ledger")
    assert ledger == [(encoding, delimiter, name, 4, 2024)]
    assert_balanced(con)


def test_good_xlsx_loads_the_same_values(con, tmp_path):
    table = csv_rows("survey_utf8.csv")
    table[1][9] = date(2024, 7, 15)      # a real date cell, as Excel stores it
    table[2][12] = 4                     # a number cell
    path = write_xlsx(tmp_path / "sondage.xlsx", table)
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.file_format, result.encoding, result.delimiter) == ("xlsx", None, None)
    assert (result.rows_read, result.rows_accepted) == (4, 4)
    assert _loaded(con) == EXPECTED


BAD_REASONS_FR = [
    "ligne 3 : note 7 hors de l'échelle 1–4 pour sat_overall",
    "ligne 4 : date impossible ou illisible « 2025-02-30 » pour visit_date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)",
    "ligne 5 : code postal impossible « D1A 1A1 » pour postal_code (D, F, I, O, Q et U ne sont jamais "
    "utilisées ; W et Z jamais en premier)",
    "ligne 6 : code postal « 12345 » sans la forme canadienne A1A 1A1 alors que le pays est le Canada ou "
    "absent, pour postal_code",
    "ligne 7 : valeur 0 hors de l'intervalle 1–99 pour party_size",
    "ligne 8 : pays inconnu « Atlantide » pour country",
    "ligne 9 : province inconnue « Narnia » pour province",
    "ligne 10 : réponse « En solo » inconnue pour party_type (attendu : alone, couple, family_children, "
    "family_adults, friends, organised_group, other ou Seul, En couple, En famille avec enfants, "
    "En famille, adultes seulement, Entre amis, Groupe organisé, Autre)",
    "ligne 11 : date 2023-07-10 hors de la saison 2024 pour visit_date",
    "ligne 12 : réponse « Bof » inconnue pour sat_overall (attendu : 1 à 4 ou Très satisfait, Satisfait, "
    "Peu satisfait, Pas du tout satisfait)",
    "ligne 13 : « deux » n'est pas un nombre entier pour nights",
    "ligne 14 : option « Radio-Canada » inconnue pour info_sources (attendu : website, social_media, "
    "search_engine, word_of_mouth, tourist_office, tourist_guide, media, signage, accommodation, "
    "previous_visit, other ou Site Web du musée, Médias sociaux, Moteur de recherche, Bouche-à-oreille, "
    "Bureau d'information touristique, Guide touristique ou brochure, Journaux, radio ou télévision, "
    "Signalisation routière, Hébergement, Visite précédente, Autre)",
    "ligne 15 : réponse « Peut-être » inconnue pour overnight (attendu : Oui, Non)",
]


def test_every_bad_row_is_quarantined_with_its_reason(con):
    result = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (14, 1, 13)
    assert result.reasons("fr") == BAD_REASONS_FR
    assert result.reasons("en")[0] == "row 3: score 7 outside the 1–4 scale for sat_overall"
    assert result.reasons("en")[1] == ("row 4: impossible or unreadable date '2025-02-30' for visit_date "
                                       "(expected: YYYY-MM-DD or DD/MM/YYYY)")
    assert result.reasons("en")[5] == "row 8: unknown country 'Atlantide' for country"
    stored = rows(con, "SELECT row_number, column_name, reason_fr, original['sat_overall'], original['response_id'] "
                       "FROM quarantine ORDER BY row_number")
    assert [r[0] for r in stored] == list(range(3, 16))
    assert [r[2] for r in stored] == BAD_REASONS_FR
    assert stored[0][1:] == ("sat_overall", BAD_REASONS_FR[0], "7", "B2")
    assert [r[1] for r in stored][:4] == ["sat_overall", "visit_date", "postal_code", "postal_code"]
    assert rows(con, "SELECT row_number, response_id, survey_year FROM raw_survey") == [(2, "B1", 2024)]
    assert_balanced(con)


def test_several_problems_in_one_row_are_all_listed(con, tmp_path):
    path = tmp_path / "deux.csv"
    path.write_text("postal_code,country,overnight,visit_date,sat_overall,recommend\n"
                    "G1R 2L3,CA,Non,2024-07-10,5,9\n", encoding="utf-8")
    result = ingest_file(con, "survey", path, MUSEUM)
    assert result.reasons("fr") == ["ligne 2 : note 5 hors de l'échelle 1–4 pour sat_overall ; "
                                    "note 9 hors de l'échelle 1–4 pour recommend"]
    assert result.rejections[0].column_name == "sat_overall"


def test_missing_date_without_year_is_quarantined_but_year_option_accepts_it(con, tmp_path):
    path = tmp_path / "sans_date.csv"
    path.write_text("postal_code,country,overnight,visit_date,sat_overall,recommend\n"
                    "G1R 2L3,CA,Non,,4,4\n", encoding="utf-8")
    first = ingest_file(con, "survey", path, MUSEUM)
    assert first.reasons("fr") == ["ligne 2 : date de visite manquante : la saison est inconnue "
                                   "(indiquez --year) pour visit_date"]
    second = ingest_file(con, "survey", path, MUSEUM, year=2024, replace=True)
    assert (second.rows_accepted, second.rows_rejected) == (1, 0)
    assert rows(con, "SELECT survey_year, visit_date FROM raw_survey") == [(2024, None)]


def test_missing_required_column_refuses_the_file(con, tmp_path):
    path = tmp_path / "incomplet.csv"
    path.write_text("postal_code,country,overnight,visit_date,recommend\nG1R 2L3,CA,Non,2024-07-10,4\n",
                    encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", path, MUSEUM)
    assert info.value.text("fr").startswith(
        "Le fichier « incomplet.csv » n'a pas de colonne pour : sat_overall (Satisfaction globale). "
        "Colonnes trouvées : postal_code, country, overnight, visit_date, recommend.")
    assert "The file 'incomplet.csv' has no column for: sat_overall" in info.value.text("en")
    assert counts(con) == before


def test_columns_are_found_by_question_label(con, tmp_path):
    path = tmp_path / "libelles.csv"
    path.write_text("Code postal de votre résidence;Pays de résidence;Ce voyage comporte-t-il au moins une nuit "
                    "hors de votre domicile?;DATE DE LA VISITE;Overall satisfaction;recommend\n"
                    "j8y 3z9;Canada;Non;2024-07-10;4;4\n", encoding="utf-8")
    result = ingest_file(con, "survey", path, MUSEUM)
    assert result.rows_accepted == 1
    assert rows(con, "SELECT postal_code, sat_overall FROM raw_survey") == [("J8Y3Z9", 4)]
