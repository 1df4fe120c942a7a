"""Desk-count grids: long and wide layouts, days and ISO weeks, French headers, bad counts."""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics.ingest import IngestError, ingest_file
from ingest_support import FIXTURES, MUSEUM, assert_balanced, counts, rows, write_xlsx

SELECT = (
    "SELECT row_number, period_start, period_end, origin_category, visitors FROM raw_desk_counts "
    "ORDER BY row_number, origin_category"
)

LONG_EXPECTED = [
    (2, date(2024, 7, 1), date(2024, 7, 1), "local", 12),
    (3, date(2024, 7, 1), date(2024, 7, 1), "united_states", 1234),
    (4, date(2024, 7, 2), date(2024, 7, 2), "quebec_other", 7),
    (6, date(2024, 7, 1), date(2024, 7, 7), "other_country", 5),  # 2024-W27 = 1–7 July
    (7, date(2024, 7, 3), date(2024, 7, 3), "other_province", 0),
]


def test_long_cp1252_semicolon_with_accents(con):
    result = ingest_file(con, "desk-counts", FIXTURES / "desk_long_cp1252.csv", MUSEUM)
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (5, 5, 0)  # row 5 is empty
    assert rows(con, SELECT) == LONG_EXPECTED
    assert_balanced(con)


def test_wide_with_bom_weeks_and_labels_as_headers(con):
    result = ingest_file(con, "desk-counts", FIXTURES / "desk_wide_bom.csv", MUSEUM)
    assert (result.encoding, result.delimiter) == ("utf-8-sig", ",")
    assert (result.rows_read, result.rows_accepted, result.records_loaded) == (2, 2, 7)
    week27, week28 = (date(2024, 7, 1), date(2024, 7, 7)), (date(2024, 7, 8), date(2024, 7, 14))
    assert rows(con, SELECT) == [
        (2, *week27, "local", 10),
        (2, *week27, "other_country", 0),
        (2, *week27, "other_province", 2),
        (2, *week27, "quebec_other", 5),
        (2, *week27, "united_states", 1),
        (3, *week28, "local", 3),
        (3, *week28, "quebec_other", 4),
    ]
    # the Total column is ignored, not loaded as a category
    assert rows(con, "SELECT sum(visitors) FROM raw_desk_counts WHERE row_number = 2")[0][0] == 18


def test_xlsx_with_english_headers(con, tmp_path):
    path = write_xlsx(
        tmp_path / "comptage.xlsx",
        [
            ["Day", "Origin", "Count"],
            [date(2024, 7, 5), "Elsewhere in Quebec", 8],
            [date(2024, 7, 5), "united states", 2.0],
        ],
    )
    result = ingest_file(con, "desk-counts", path, MUSEUM)
    assert result.rows_accepted == 2
    assert rows(con, SELECT) == [
        (2, date(2024, 7, 5), date(2024, 7, 5), "quebec_other", 8),
        (3, date(2024, 7, 5), date(2024, 7, 5), "united_states", 2),
    ]


def test_bad_counts_and_categories_are_quarantined(con):
    result = ingest_file(con, "desk-counts", FIXTURES / "desk_bad.csv", MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (6, 1, 5)
    assert result.reasons("fr") == [
        "ligne 3 : nombre -3 négatif pour visitors (colonne « count »)",
        "ligne 4 : catégorie de provenance inconnue « Mars » pour origin_category (colonne « origin ») "
        "(attendu : local (Local (moins de 40 km)), quebec_other (Ailleurs au Québec), other_province "
        "(Autre province canadienne), united_states (États-Unis), other_country (Autre pays), unknown (Inconnue))",
        "ligne 5 : date illisible ou impossible « 2024-02-30 » pour date (attendu : AAAA-MM-JJ ou 2024-W27)",
        "ligne 6 : « 2.5 » n'est pas un nombre entier pour visitors (colonne « count »)",
        "ligne 7 : valeur manquante pour origin_category (colonne « origin »)",
    ]
    assert result.reasons("en")[0] == "row 3: negative count -3 for visitors (column 'count')"
    assert rows(con, SELECT) == [(2, date(2024, 7, 1), date(2024, 7, 1), "local", 4)]
    assert_balanced(con)


def test_negative_cell_in_wide_grid_names_the_category(con, tmp_path):
    path = tmp_path / "grille.csv"
    path.write_text("date,local,États-Unis\n2024-07-01,4,-1\n2024-07-02,5,1\n", encoding="utf-8")
    result = ingest_file(con, "desk-counts", path, MUSEUM)
    assert result.reasons("fr") == ["ligne 2 : nombre -1 négatif pour united_states (colonne « États-Unis »)"]
    assert rows(con, "SELECT row_number, origin_category, visitors FROM raw_desk_counts ORDER BY 2") == [
        (3, "local", 5),
        (3, "united_states", 1),
    ]


def test_period_outside_the_season_year(con, tmp_path):
    path = tmp_path / "annee.csv"
    path.write_text("semaine,origine,nombre\n2023-W30,local,3\n2024-W30,local,4\n", encoding="utf-8")
    result = ingest_file(con, "desk-counts", path, MUSEUM, year=2024)
    assert result.reasons("fr") == ["ligne 2 : période 2023-W30 hors de la saison 2024 pour week (colonne « semaine »)"]


def test_unknown_wide_column_refuses_the_file(con, tmp_path):
    path = tmp_path / "inconnue.csv"
    path.write_text("date,local,Montréal\n2024-07-01,4,1\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "desk-counts", path, MUSEUM)
    assert info.value.text("fr").startswith(
        "Le fichier « inconnue.csv », colonne « Montréal » : ce n'est pas une catégorie de provenance."
    )
    assert counts(con) == before


def test_missing_period_column_refuses_the_file(con, tmp_path):
    path = tmp_path / "sans_date.csv"
    path.write_text("origine,nombre\nlocal,4\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "desk-counts", path, MUSEUM)
    assert info.value.text("en") == (
        "The file 'sans_date.csv' has no period column: date/jour or semaine/week "
        "expected. Columns found: origine, nombre."
    )


# --- the day/month order, decided once per file ---------------------------------------------------------


def test_mixed_day_month_orders_are_refused(con, tmp_path):
    path = tmp_path / "melange.csv"
    path.write_text("date,origine,nombre\n25/07/2024,local,3\n07/26/2024,local,4\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "desk-counts", path, MUSEUM)
    assert counts(con) == before
    assert info.value.text("fr").startswith(
        "Le fichier « melange.csv », colonne « date » : dates dans les deux ordres, jour en premier (ligne 2 : "
        "« 25/07/2024 ») et mois en premier (ligne 3 : « 07/26/2024 »)"
    )
    assert "date_format:" in info.value.text("en")


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a 26 in second place settles month first for the whole file: 07/05 is 5 July
        (["07/26/2024,local,3", "07/05/2024,local,4"], [date(2024, 7, 26), date(2024, 7, 5)]),
        # a 13 in first place settles day first: 07/05 is 7 May
        (["13/07/2024,local,3", "07/05/2024,local,4"], [date(2024, 7, 13), date(2024, 5, 7)]),
    ],
)
def test_order_settled_by_a_day_above_12(con, tmp_path, lines, expected):
    path = tmp_path / "ordre.csv"
    path.write_text("date,origine,nombre\n" + "\n".join(lines) + "\n", encoding="utf-8")
    ingest_file(con, "desk-counts", path, MUSEUM)
    assert rows(con, "SELECT period_start, period_end FROM raw_desk_counts ORDER BY row_number") == [
        (d, d) for d in expected
    ]


def test_ambiguous_order_is_refused_and_date_format_settles_it(con, tmp_path):
    path = tmp_path / "ambigu.csv"
    path.write_text("semaine,origine,nombre\n07/01/2024,local,3\n07/08/2024,local,4\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "desk-counts", path, MUSEUM)
    assert "colonne « semaine » : l'ordre du jour et du mois est ambigu (ligne 2 : « 07/01/2024 »" in info.value.text(
        "fr"
    )
    assert "'date_format:' key of a mapping file (--mapping)" in info.value.text("en")
    mapping = tmp_path / "us.yaml"
    mapping.write_text("date_format: '%m/%d/%Y'\n", encoding="utf-8")
    ingest_file(con, "desk-counts", path, MUSEUM, mapping=mapping)
    assert rows(con, "SELECT period_start, period_end FROM raw_desk_counts ORDER BY row_number") == [
        (date(2024, 7, 1), date(2024, 7, 7)),
        (date(2024, 7, 8), date(2024, 7, 14)),
    ]
