"""Survey ingest: the same responses in UTF-8, Windows-1252 with ';', UTF-8 with BOM and tab, XLSX;
every problem with its exact reason and row number; an invalid optional answer voids the item, not
the response; only a row without a season is rejected."""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics.codebook import load_codebook
from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.base import LoadContext
from smq_analytics.ingest.mapping import load_mapping
from smq_analytics.ingest.survey import SurveySource, row_required
from smq_analytics.sqlfiles import sql
from ingest_support import FIXTURES, MUSEUM, assert_balanced, counts, csv_rows, rows, write_xlsx

COLUMNS = (
    "row_number, response_id, postal_code, municipality, province, country, overnight, nights, "
    "lives_over_40km, transport_mode, visit_date, first_visit, party_type, party_size, trip_reason, "
    "info_sources, sat_overall, sat_reception, recommend, nps_score, age_band, gender, "
    "questionnaire_language, comment, survey_year"
)

# Hand-written from the fixture rows (header = row 1, row 4 is empty and skipped).
EXPECTED = [
    (
        2,
        "R1",
        "G1R",
        "Québec",
        "QC",
        "CA",
        False,
        0,
        False,
        "car",
        date(2024, 7, 15),
        True,
        "couple",
        2,
        "main",
        ["website", "social_media"],
        4,
        3,
        4,
        9,
        "45_54",
        "woman",
        "fr",
        "L’œuvre m’a plu, 15 € bien investis",
        2024,
    ),
    (
        3,
        "R2",
        "H2X",
        None,
        "QC",
        None,
        True,
        3,
        None,
        "train",
        date(2024, 8, 2),
        False,
        "family_children",
        4,
        "one_of",
        ["word_of_mouth"],
        3,
        None,
        3,
        None,
        "25_34",
        "man",
        "en",
        None,
        2024,
    ),
    (
        5,
        "R3",
        "750",
        "Paris",
        None,
        "FR",
        True,
        7,
        None,
        "plane",
        date(2024, 7, 1),
        None,
        "friends",
        3,
        "not_a_reason",
        None,
        2,
        None,
        2,
        6,
        None,
        None,
        "fr",
        "Très belle expérience",
        2024,
    ),
    (
        6,
        "R4",
        "902",
        "Beverly Hills",
        None,
        "US",
        True,
        1,
        None,
        "motorhome",
        date(2024, 8, 15),
        False,
        "alone",
        1,
        None,
        ["media", "other"],
        1,
        None,
        1,
        0,
        "75_plus",
        None,
        None,
        "Service à la clientèle : 10/10",
        2024,
    ),
]


def _loaded(con):
    return rows(con, f"SELECT {COLUMNS} FROM raw_survey ORDER BY row_number")


@pytest.mark.parametrize(
    "name, encoding, delimiter",
    [
        ("survey_utf8.csv", "utf-8", ","),
        ("survey_cp1252.csv", "cp1252", ";"),
        ("survey_bom.csv", "utf-8-sig", "tab"),
    ],
)
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
    table[1][9] = date(2024, 7, 15)  # a real date cell, as Excel stores it
    table[2][12] = 4  # a number cell
    path = write_xlsx(tmp_path / "sondage.xlsx", table)
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.file_format, result.encoding, result.delimiter) == ("xlsx", None, None)
    assert (result.rows_read, result.rows_accepted) == (4, 4)
    assert _loaded(con) == EXPECTED


def _parsed(path, year=None):
    """The file read and checked, as the loader gets it (item problems are read from here)."""
    return SurveySource().parse(path, LoadContext(MUSEUM, year, load_mapping(None), load_codebook()))


# Hand-written from tests/fixtures/ingest/survey_bad.csv: one invalid answer per row (rows 3 to 15).
BAD_REASONS_FR = [
    "ligne 3 : note 7 hors de l'échelle 1–4 pour sat_overall",
    "ligne 4 : date impossible ou illisible « 2025-02-30 » pour visit_date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)",
    "ligne 5 : code postal impossible « D1A *** » pour postal_code (D, F, I, O, Q et U ne sont jamais "
    "utilisées ; W et Z jamais en premier)",
    "ligne 6 : code postal « 123** » sans la forme canadienne A1A 1A1 alors que le pays est le Canada ou "
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
BAD_COLUMNS = [
    "sat_overall",
    "visit_date",
    "postal_code",
    "postal_code",
    "party_size",
    "country",
    "province",
    "party_type",
    "visit_date",
    "sat_overall",
    "nights",
    "info_sources",
    "overnight",
]
BAD_VALUES = [
    "7",
    "2025-02-30",
    "D1A ***",
    "123**",
    "0",
    "Atlantide",
    "Narnia",
    "En solo",
    "2023-07-10",
    "Bof",
    "deux",
    "Radio-Canada",
    "Peut-être",
]


def test_invalid_answers_void_the_item_and_keep_the_response(con):
    result = ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (14, 14, 0)
    assert result.reasons() == [] and rows(con, "SELECT count(*) FROM quarantine") == [(0,)]
    stored = rows(
        con,
        "SELECT row_number, response_id, postal_code, country, province, overnight, visit_date, "
        "party_type, party_size, nights, info_sources, sat_overall, survey_year "
        "FROM raw_survey ORDER BY row_number",
    )
    july = date(2024, 7, 10)
    assert stored == [
        (2, "B1", "G1R", "CA", "QC", False, july, "couple", 2, 0, ["website"], 4, 2024),
        (3, "B2", "G1R", "CA", "QC", False, july, "couple", 2, 0, None, None, 2024),  # score 7
        (4, "B3", "G1R", "CA", "QC", False, None, "couple", 2, 0, None, 4, 2024),  # 30 February
        (5, "B4", None, "CA", None, False, july, None, None, None, None, 4, 2024),  # D1A 1A1
        (6, "B5", None, None, None, False, july, None, None, None, None, 4, 2024),  # 12345 in Canada
        (7, "B6", "G1R", "CA", "QC", False, july, None, None, None, None, 4, 2024),  # party of 0
        # unknown country: stored missing, so the postal code is read as Canadian (and kept)
        (8, "B7", "G1R", None, None, True, july, None, None, None, None, 4, 2024),
        (9, "B8", "G1R", "CA", None, False, july, None, None, None, None, 4, 2024),  # Narnia
        (10, "B9", "G1R", "CA", "QC", False, july, None, None, None, None, 4, 2024),  # En solo
        (11, "B10", "G1R", "CA", "QC", False, None, None, None, None, None, 4, 2024),  # 2023 in 2024
        (12, "B11", "G1R", "CA", "QC", False, july, None, None, None, None, None, 2024),  # Bof
        (13, "B12", "G1R", "CA", "QC", False, july, None, None, None, None, 4, 2024),  # deux nights
        (14, "B13", "G1R", "CA", "QC", False, july, None, None, None, None, 4, 2024),  # Radio-Canada
        (15, "B14", "G1R", "CA", "QC", None, july, None, None, None, None, 4, 2024),  # Peut-être
    ]
    assert_balanced(con)


def test_every_invalid_answer_is_recorded_as_an_item_problem():
    problems = _parsed(FIXTURES / "survey_bad.csv", year=2024).problems
    assert problems.frame().empty
    table = problems.item_problems()
    assert list(table["row_number"]) == list(range(3, 16))
    assert list(table["column_name"]) == BAD_COLUMNS
    assert list(table["value"]) == BAD_VALUES
    assert list(table["reason_fr"]) == BAD_REASONS_FR
    assert table["reason_en"].iloc[0] == "row 3: score 7 outside the 1–4 scale for sat_overall"
    assert table["reason_en"].iloc[5] == "row 8: unknown country 'Atlantide' for country"


def test_invalid_postal_code_is_stored_missing_and_recorded_masked(con, tmp_path):
    path = tmp_path / "postal.csv"
    path.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "P1,G1R 2L3,CA,Non,2024-07-10,4,4\n"
        "P2,D1A 1A1,CA,Oui,2024-07-11,3,4\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 2, 0)
    assert rows(
        con,
        "SELECT row_number, response_id, postal_code, country, overnight, visit_date, sat_overall "
        "FROM raw_survey ORDER BY row_number",
    ) == [(2, "P1", "G1R", "CA", False, date(2024, 7, 10), 4), (3, "P2", None, "CA", True, date(2024, 7, 11), 3)]
    problems = _parsed(path).problems.item_problems()
    assert problems.to_dict("records") == [
        {
            "row_number": 3,
            "column_name": "postal_code",
            "value": "D1A ***",
            "reason_fr": "ligne 3 : code postal impossible « D1A *** » pour postal_code (D, F, I, O, Q et U ne sont "
            "jamais utilisées ; W et Z jamais en premier)",
            "reason_en": "row 3: impossible postal code 'D1A ***' for postal_code (D, F, I, O, Q and U are never "
            "used; W and Z never first)",
        }
    ]
    assert not any("1A1" in str(v) for v in problems.iloc[0])  # the full code is never kept
    assert_balanced(con)


def test_item_problems_land_in_their_table(con, tmp_path):
    """Migration 0004 and sql/ingest/insert_item_problems.sql take Problems.item_problems() as is."""
    problems = _parsed(FIXTURES / "survey_bad.csv", year=2024).problems.item_problems()
    con.register("ingest_item_problems", problems)
    con.execute(sql("ingest/insert_item_problems"), {"load_id": 7})
    con.unregister("ingest_item_problems")
    stored = con.execute(sql("ingest/load_item_problems"), {"load_id": 7}).fetchall()
    assert [r[:3] for r in stored] == list(zip(range(3, 16), BAD_COLUMNS, BAD_VALUES))
    assert [r[3] for r in stored] == BAD_REASONS_FR


def test_ingest_file_stores_item_problems(con, tmp_path):
    ingest_file(con, "survey", FIXTURES / "survey_bad.csv", MUSEUM, year=2024)
    stored = rows(con, "SELECT row_number, column_name, value, reason_fr FROM item_problems ORDER BY row_number")
    assert stored == [(r, c, v, f) for r, c, v, f in zip(range(3, 16), BAD_COLUMNS, BAD_VALUES, BAD_REASONS_FR)]


def test_only_a_row_without_season_is_rejected(con, tmp_path):
    """Without --year the season comes from the visit date: an unreadable date rejects the row (with
    every problem of the row listed), an invalid postal code elsewhere does not."""
    assert row_required("visit_date", None) and not row_required("visit_date", 2024)
    assert not row_required("postal_code", None) and not row_required("sat_overall", None)
    path = tmp_path / "saison.csv"
    path.write_text(
        "response_id,postal_code,country,overnight,visit_date,sat_overall,recommend\n"
        "S1,G1R 2L3,CA,Non,2024-07-10,4,4\n"
        "S2,G1R 2L3,CA,Non,2024-02-30,4,4\n"
        "S3,D1A 1A1,Atlantide,Non,31/02/2024,9,4\n"
        "S4,D1A 1A1,CA,Non,2024-08-01,4,4\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 2, 2)
    assert result.reasons("fr") == [
        "ligne 3 : date impossible ou illisible « 2024-02-30 » pour visit_date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)",
        "ligne 4 : pays inconnu « Atlantide » pour country ; date impossible ou illisible « 31/02/2024 » pour "
        "visit_date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA) ; note 9 hors de l'échelle 1–4 pour sat_overall ; "
        "code postal impossible « D1A *** » pour postal_code (D, F, I, O, Q et U ne sont jamais utilisées ; "
        "W et Z jamais en premier)",
    ]
    # the column that rejected the row, not the first problem found in it
    assert [r.column_name for r in result.rejections] == ["visit_date", "visit_date"]
    assert rows(con, "SELECT row_number, response_id, postal_code FROM raw_survey ORDER BY row_number") == [
        (2, "S1", "G1R"),
        (5, "S4", None),
    ]
    assert rows(con, "SELECT row_number, column_name, original['response_id'] FROM quarantine ORDER BY 1") == [
        (3, "visit_date", "S2"),
        (4, "visit_date", "S3"),
    ]
    # rejected rows are whole in quarantine; only the accepted row 5 has an item problem
    problems = _parsed(path).problems.item_problems()
    assert list(zip(problems["row_number"], problems["column_name"])) == [(5, "postal_code")]
    assert_balanced(con)


def test_several_problems_in_one_row_are_each_recorded(con, tmp_path):
    path = tmp_path / "deux.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,recommend\nG1R 2L3,CA,Non,2024-07-10,5,9\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert (result.rows_accepted, result.rows_rejected) == (1, 0)
    assert rows(con, "SELECT postal_code, sat_overall, recommend FROM raw_survey") == [("G1R", None, None)]
    problems = _parsed(path).problems.item_problems()
    assert list(zip(problems["column_name"], problems["reason_fr"])) == [
        ("recommend", "ligne 2 : note 9 hors de l'échelle 1–4 pour recommend"),
        ("sat_overall", "ligne 2 : note 5 hors de l'échelle 1–4 pour sat_overall"),
    ]


def test_two_unknown_options_of_one_item_make_one_problem(tmp_path):
    path = tmp_path / "options.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,recommend,info_sources\n"
        "G1R 2L3,CA,Non,2024-07-10,4,4,Radio;website;Télé\n",
        encoding="utf-8",
    )
    parsed = _parsed(path)
    assert parsed.records["info_sources"].tolist() == [None]  # the answer is incomplete: voided whole
    problems = parsed.problems.item_problems()
    assert problems[["row_number", "column_name", "value"]].values.tolist() == [[2, "info_sources", "Radio ; Télé"]]
    assert problems["reason_fr"].iloc[0].startswith("ligne 2 : option « Radio » inconnue pour info_sources")
    assert " ; option « Télé » inconnue pour info_sources" in problems["reason_fr"].iloc[0]


def test_missing_date_without_year_is_quarantined_but_year_option_accepts_it(con, tmp_path):
    path = tmp_path / "sans_date.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,recommend\nG1R 2L3,CA,Non,,4,4\n", encoding="utf-8"
    )
    before = counts(con)
    with pytest.raises(IngestError) as info:  # its only row is rejected: the load is refused whole
        ingest_file(con, "survey", path, MUSEUM)
    assert info.value.text("fr").endswith(
        "Première raison : ligne 2 : date de visite manquante : la saison est "
        "inconnue (indiquez --year) pour visit_date"
    )
    assert counts(con) == before
    second = ingest_file(con, "survey", path, MUSEUM, year=2024)
    assert (second.rows_accepted, second.rows_rejected) == (1, 0)
    assert rows(con, "SELECT survey_year, visit_date FROM raw_survey") == [(2024, None)]


def test_missing_required_column_refuses_the_file(con, tmp_path):
    path = tmp_path / "incomplet.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,recommend\nG1R 2L3,CA,Non,2024-07-10,4\n", encoding="utf-8"
    )
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "survey", path, MUSEUM)
    assert info.value.text("fr").startswith(
        "Le fichier « incomplet.csv » n'a pas de colonne pour : sat_overall (Satisfaction globale). "
        "Colonnes trouvées : postal_code, country, overnight, visit_date, recommend."
    )
    assert "The file 'incomplet.csv' has no column for: sat_overall" in info.value.text("en")
    assert counts(con) == before


def test_columns_are_found_by_question_label(con, tmp_path):
    path = tmp_path / "libelles.csv"
    path.write_text(
        "Code postal de votre résidence;Pays de résidence;Ce voyage comporte-t-il au moins une nuit "
        "hors de votre domicile?;DATE DE LA VISITE;Overall satisfaction;recommend\n"
        "j8y 3z9;Canada;Non;2024-07-10;4;4\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert result.rows_accepted == 1
    assert rows(con, "SELECT postal_code, sat_overall FROM raw_survey") == [("J8Y", 4)]


# --- rating scales: each file on the scale it declares, never recoded ----------------------------------


def _expected_on_scale(name: str, item: str, scale: str, header: str) -> list:
    """A fixture column read by hand: a label or a number of `scale` is its code, the scale's no-answer
    codes and anything outside the scale are missing."""
    book = load_codebook()
    rating = book.rating_scale(scale)
    group = book.item(item).scale
    by_label = {m.fr.casefold(): int(c) for c, m in rating.labels.get(group, {}).items()}
    values = []
    for cell in [row[csv_rows(name)[0].index(header)] for row in csv_rows(name)[1:]]:
        number = int(cell) if cell.isdigit() else by_label.get(cell.casefold())
        values.append(number if number is not None and rating.min <= number <= rating.max else None)
    return values


def test_a_five_point_file_keeps_its_five_point_answers_and_records_its_scale(con):
    result = ingest_file(con, "survey", FIXTURES / "survey_scale5.csv", MUSEUM, mapping=FIXTURES / "survey_scale5.yaml")
    assert result.rows_accepted == result.rows_read == len(csv_rows("survey_scale5.csv")) - 1
    stored = rows(
        con, "SELECT sat_overall, sat_reception, sat_exhibitions, recommend FROM raw_survey ORDER BY row_number"
    )
    columns = [
        ("sat_overall", "Satisfaction globale"),
        ("sat_reception", "Accueil"),
        ("sat_exhibitions", "Expositions"),
        ("recommend", "Recommandation"),
    ]
    expected = [_expected_on_scale("survey_scale5.csv", item, "scale5", header) for item, header in columns]
    assert stored == list(zip(*expected))
    assert any(5 in row for row in stored)  # a 5 stays a 5: nothing is brought onto four points
    assert rows(con, "SELECT item, scale_group, scale FROM survey_item_scales ORDER BY item") == [
        ("recommend", "recommendation", "scale5"),
        ("sat_exhibitions", "satisfaction", "scale5"),
        ("sat_overall", "satisfaction", "scale5"),
        ("sat_reception", "satisfaction", "scale5"),
    ]


def test_a_six_on_a_five_point_scale_is_an_item_problem_and_its_no_answer_codes_are_not(con):
    result = ingest_file(con, "survey", FIXTURES / "survey_scale5.csv", MUSEUM, mapping=FIXTURES / "survey_scale5.yaml")
    header = csv_rows("survey_scale5.csv")[0]
    sixes = [n for n, row in enumerate(csv_rows("survey_scale5.csv")[1:], start=2) if "6" in row]
    assert rows(con, "SELECT row_number, column_name, value FROM item_problems") == [
        (row, "sat_overall", "6") for row in sixes
    ]
    assert result.item_reasons("fr") == [
        f"ligne {row} : note 6 hors de l'échelle 1–5 pour sat_overall (colonne « {header[5]} »)" for row in sixes
    ]
    assert result.item_reasons("en") == [
        f"row {row}: score 6 outside the 1–5 scale for sat_overall (column '{header[5]}')" for row in sixes
    ]


def test_a_zero_to_ten_recommendation_file_keeps_its_scores_and_its_four_point_satisfaction(con):
    name = "survey_nps_recommend"
    result = ingest_file(con, "survey", FIXTURES / f"{name}.csv", MUSEUM, mapping=FIXTURES / f"{name}.yaml")
    stored = rows(con, "SELECT sat_overall, recommend FROM raw_survey ORDER BY row_number")
    assert [r[1] for r in stored] == _expected_on_scale(f"{name}.csv", "recommend", "scale0_10", "Recommandation")
    assert [r[0] for r in stored] == _expected_on_scale(f"{name}.csv", "sat_overall", "scale4", "Satisfaction globale")
    # 99 is the 0–10 scale's « ne sait pas »: missing without a problem; 11 is outside the scale
    assert [(p.column_name, p.value) for p in result.item_problems] == [("recommend", "11")]
    assert "hors de l'échelle 0–10" in result.item_reasons("fr")[0]
    assert rows(con, "SELECT item, scale FROM survey_item_scales ORDER BY item") == [
        ("recommend", "scale0_10"),
        ("sat_overall", "scale4"),
    ]


def test_a_file_without_a_declared_scale_is_read_on_four_points_as_before(con, tmp_path):
    path = tmp_path / "sans.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,sat_shop,recommend\n"
        "G1R 2L3,CA,Non,2024-07-10,4,5,Très satisfait\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "survey", path, MUSEUM)
    assert rows(con, "SELECT sat_overall, sat_shop, recommend FROM raw_survey") == [(4, None, None)]
    problems = {p.column_name: (p.value, p.reason.fr) for p in result.item_problems}
    assert set(problems) == {"sat_shop", "recommend"}
    assert problems["sat_shop"][0] == "5" and "hors de l'échelle 1–4" in problems["sat_shop"][1]
    # a satisfaction label is no recommendation answer
    assert problems["recommend"][0] == "Très satisfait" and "attendu : 1 à 4 ou" in problems["recommend"][1]
    assert rows(con, "SELECT item, scale FROM survey_item_scales ORDER BY item") == [
        ("recommend", "scale4"),
        ("sat_overall", "scale4"),
        ("sat_shop", "scale4"),
    ]


def test_one_item_may_be_declared_on_its_own_scale_and_wins_over_its_group(con, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("rating_scales: {satisfaction: scale5, sat_overall: scale0_10}\n", encoding="utf-8")
    path = tmp_path / "f.csv"
    path.write_text(
        "postal_code,country,overnight,visit_date,sat_overall,sat_shop,recommend\nG1R 2L3,CA,Non,2024-07-10,9,5,4\n",
        encoding="utf-8",
    )
    ingest_file(con, "survey", path, MUSEUM, mapping=mapping)
    assert rows(con, "SELECT sat_overall, sat_shop, recommend FROM raw_survey") == [(9, 5, 4)]
    assert dict(rows(con, "SELECT item, scale FROM survey_item_scales")) == {
        "sat_overall": "scale0_10",
        "sat_shop": "scale5",
        "recommend": "scale4",
    }


def test_replacing_a_load_replaces_its_recorded_scales(con, tmp_path):
    first = ingest_file(con, "survey", FIXTURES / "survey_scale5.csv", MUSEUM, mapping=FIXTURES / "survey_scale5.yaml")
    path = tmp_path / "corrige.csv"
    path.write_text("postal_code,country,overnight,visit_date,sat_overall,recommend\nG1R 2L3,CA,Non,2024-07-10,4,4\n")
    second = ingest_file(con, "survey", path, MUSEUM, replace=True)
    assert second.replaced_load_ids == (first.load_id,)
    assert rows(con, "SELECT load_id, item, scale FROM survey_item_scales ORDER BY item") == [
        (second.load_id, "recommend", "scale4"),
        (second.load_id, "sat_overall", "scale4"),
    ]


@pytest.mark.parametrize("scale", ["scale5", "scale0_10"])
def test_a_demo_season_keyed_on_another_scale_loads_on_that_scale_with_only_its_planted_problem(con, tmp_path, scale):
    from smq_analytics.demo.draws import _rng
    from smq_analytics.demo.geography import Geography
    from smq_analytics.demo.manifest import _museums
    from smq_analytics.demo.respondents import on_scale, plant_invalid, respondents
    from smq_analytics.demo.tools import TOOLS, excel_layout
    from smq_analytics.demo.writers import write_csv, write_mapping

    index, profile, museum = _museums()[0]
    rng = _rng(index, "survey", 2024)
    people = respondents(profile, museum, Geography(), 2024, rng)
    plant_invalid(people, ("score_out_of_scale",), 2024, rng)
    people = on_scale(people, scale)
    layout = excel_layout(scale)
    path, mapping = tmp_path / "sondage.csv", tmp_path / "correspondance.yaml"
    write_mapping(mapping, layout.mapping)
    write_csv(path, layout.header(), layout.rows(people), **TOOLS["excel"][2])
    result = ingest_file(con, "survey", path, MUSEUM, year=2024, mapping=mapping)

    rating = load_codebook().rating_scale(scale)
    on_it = lambda v: v if v is not None and rating.min <= v <= rating.max else None  # noqa: E731
    assert rows(con, "SELECT sat_overall, sat_reception, recommend FROM raw_survey ORDER BY row_number") == [
        (on_it(p["sat_overall"]), on_it(p["sat_reception"]), on_it(p["recommend"])) for p in people
    ]
    planted = [p for p in people if p.get("invalid") == "score_out_of_scale"]
    assert [(i.column_name, i.value) for i in result.item_problems] == [("sat_overall", str(planted[0]["sat_overall"]))]
    assert rows(con, "SELECT DISTINCT scale FROM survey_item_scales") == [(scale,)]
    # the top of the scale is used and stored as such: nothing was brought back onto four points
    assert rows(con, "SELECT max(sat_overall) FROM raw_survey") == [(rating.max,)]
