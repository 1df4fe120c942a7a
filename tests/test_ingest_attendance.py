"""Monthly attendance: long and wide layouts, Quebec thousands separators, parts against totals."""

from __future__ import annotations

from datetime import date

import pytest

from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.periods import month_start
from ingest_support import FIXTURES, MUSEUM, assert_balanced, counts, rows, write_xlsx

SELECT = "SELECT row_number, month, site, total, paid, free, school FROM raw_attendance ORDER BY site, month"


@pytest.mark.parametrize(
    "text",
    ["2024-03", "2024-03-01", "03/2024", "mars 2024", "Mars 2024", "mars. 2024", "March 2024", "Mar 2024", "mar 2024"],
)
def test_month_headers_as_written(text):
    assert month_start(text) == date(2024, 3, 1)


@pytest.mark.parametrize("text", ["janv. 2024", "janvier 2024", "January 2024", "Jan 2024", "2024-01", "01/2024"])
def test_january_forms(text):
    assert month_start(text) == date(2024, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2024-13",
        "13/2024",
        "Brumaire 2024",
        "2024-02-30",
        "",
        "0000-01",
        "00/0000",
        "janv. 0000",
        "1899-12",
        "2101-01",
        "31/12/1899",
    ],
)
def test_impossible_months(text):
    assert month_start(text) is None


def test_long_layout_sums_missing_total_and_reads_thousands(con):
    result = ingest_file(con, "attendance", FIXTURES / "attendance_long.csv", MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    assert rows(con, SELECT) == [
        (2, date(2024, 1, 1), "", 1200, 800, 300, 100),
        (3, date(2024, 2, 1), "", 750, 500, 200, 50),  # total = 500 + 200 + 50
        (4, date(2024, 3, 1), "", 900, 700, 200, None),
        (5, date(2024, 4, 1), "", 1500, None, None, None),  # "1 500" with a no-break space
    ]
    assert result.survey_year == 2024


def test_bad_rows_are_quarantined(con):
    result = ingest_file(con, "attendance", FIXTURES / "attendance_bad.csv", MUSEUM)
    assert (result.encoding, result.delimiter) == ("utf-8", ";")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (6, 1, 5)
    assert result.reasons("fr") == [
        "ligne 2 : payant + gratuit + scolaire (1100) dépasse le total (1000) pour 2024-05",
        "ligne 4 : nombre -5 négatif pour total",
        "ligne 5 : « abc » n'est pas un nombre entier pour total",
        "ligne 6 : total manquant pour 2024-09 : indiquez le total, ou payant, gratuit et scolaire pour le calculer",
        "ligne 7 : mois illisible « 2024-13 » pour month (colonne « mois ») (attendu : 2024-01, janv. 2024 "
        "ou January 2024)",
    ]
    assert result.reasons("en")[0] == "row 2: paid + free + school (1100) exceeds the total (1000) for 2024-05"
    assert rows(con, SELECT) == [(3, date(2024, 6, 1), "", 1000, 700, 200, 100)]
    assert_balanced(con)


def test_wide_measures_as_rows(con):
    result = ingest_file(con, "attendance", FIXTURES / "attendance_wide.csv", MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.records_loaded) == (4, 4, 2)
    assert rows(con, SELECT) == [
        (2, date(2024, 1, 1), "", 1000, 600, 300, 100),
        (2, date(2024, 2, 1), "", 2000, 1500, 400, 100),
    ]


def test_wide_grid_with_parts_over_total_rejects_the_whole_grid(con, tmp_path):
    # site A's grid fails in February: all its rows go, January included; site B's grid stands
    path = tmp_path / "grille.csv"
    path.write_text(
        "Site,Mesure,2024-01,2024-02\nA,Total,100,50\nA,Payant,60,40\nA,Gratuit,30,20\nB,Total,10,20\n",
        encoding="utf-8",
    )
    result = ingest_file(con, "attendance", path, MUSEUM)
    assert result.reasons("fr") == [
        "ligne 2 : payant + gratuit + scolaire (60) dépasse le total (50) pour 2024-02 (site « A »)",
        "ligne 3 : payant + gratuit + scolaire (60) dépasse le total (50) pour 2024-02 (site « A »)",
        "ligne 4 : payant + gratuit + scolaire (60) dépasse le total (50) pour 2024-02 (site « A »)",
    ]
    assert rows(con, "SELECT site, month, total FROM raw_attendance ORDER BY month") == [
        ("B", date(2024, 1, 1), 10),
        ("B", date(2024, 2, 1), 20),
    ]


def test_wide_sites_as_rows_from_xlsx_with_date_headers(con, tmp_path):
    path = write_xlsx(
        tmp_path / "sites.xlsx",
        [
            ["Site", date(2024, 1, 1), date(2024, 2, 1)],
            ["Pavillon principal", 100, "1 200"],
            ["Maison du gardien", -10, 30],
        ],
    )
    result = ingest_file(con, "attendance", path, MUSEUM)
    assert result.reasons("fr") == ["ligne 3 : nombre -10 négatif pour total (colonne « 2024-01-01 »)"]
    assert rows(con, SELECT) == [
        (2, date(2024, 1, 1), "Pavillon principal", 100, None, None, None),
        (2, date(2024, 2, 1), "Pavillon principal", 1200, None, None, None),
    ]


def test_wide_sites_csv(con):
    ingest_file(con, "attendance", FIXTURES / "attendance_sites.csv", MUSEUM)
    assert rows(con, "SELECT site, month, total FROM raw_attendance ORDER BY site, month") == [
        ("Maison du gardien", date(2024, 1, 1), 10),
        ("Maison du gardien", date(2024, 3, 1), 30),
        ("Pavillon principal", date(2024, 1, 1), 100),
        ("Pavillon principal", date(2024, 2, 1), 200),
        ("Pavillon principal", date(2024, 3, 1), 300),
    ]


def test_month_columns_outside_the_season_refuse_the_file(con):
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", FIXTURES / "attendance_wide.csv", MUSEUM, year=2023)
    assert info.value.text("fr") == (
        "Le fichier « attendance_wide.csv » : colonnes de mois hors de la saison 2023 : "
        "janv. 2024, févr. 2024, mars 2024."
    )
    assert counts(con) == before


def test_no_month_column_refuses_the_file(con, tmp_path):
    path = tmp_path / "sans_mois.csv"
    path.write_text("total,payant\n10,5\n", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", path, MUSEUM)
    assert "« sans_mois.csv » n'a ni colonne mois/month" in info.value.text("fr")


def test_year_zero_month_cell_is_a_quarantined_row(con, tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text("mois,total\n0000-01,5\n2024-11,7\n", encoding="utf-8")
    result = ingest_file(con, "attendance", path, MUSEUM)
    assert result.reasons("fr") == [
        "ligne 2 : mois illisible « 0000-01 » pour month (colonne « mois ») (attendu : "
        "2024-01, janv. 2024 ou January 2024)"
    ]
    assert rows(con, "SELECT month, total FROM raw_attendance") == [(date(2024, 11, 1), 7)]


# --- one column per site ------------------------------------------------------------------------------

SITE_COLUMNS = (
    'mois,Pavillon principal,Maison du gardien,Total\n2024-01,100,10,110\n2024-02,200,,200\n2024-03,"1 300",30,1330\n'
)


def test_one_column_per_site_loads_every_site(con, tmp_path):
    path = tmp_path / "par_site.csv"
    path.write_text(
        SITE_COLUMNS.replace(",Total", "").replace(",110", "").replace(",200\n", "\n").replace(",1330", ""),
        encoding="utf-8",
    )
    result = ingest_file(con, "attendance", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.records_loaded) == (3, 3, 5)
    assert rows(con, SELECT) == [
        (2, date(2024, 1, 1), "Maison du gardien", 10, None, None, None),
        (4, date(2024, 3, 1), "Maison du gardien", 30, None, None, None),
        (2, date(2024, 1, 1), "Pavillon principal", 100, None, None, None),
        (3, date(2024, 2, 1), "Pavillon principal", 200, None, None, None),
        (4, date(2024, 3, 1), "Pavillon principal", 1300, None, None, None),
    ]
    # hand counts: 100 + 200 + 1 300 and 10 + 30
    assert rows(con, "SELECT site, sum(total) FROM raw_attendance GROUP BY site ORDER BY site") == [
        ("Maison du gardien", 40),
        ("Pavillon principal", 1600),
    ]
    assert rows(con, "SELECT periods FROM load_ledger") == [
        (
            [
                "2024-01 · Maison du gardien",
                "2024-01 · Pavillon principal",
                "2024-02 · Pavillon principal",
                "2024-03 · Maison du gardien",
                "2024-03 · Pavillon principal",
            ],
        )
    ]
    assert_balanced(con)


def test_a_single_unknown_column_is_refused_with_the_layouts_that_work(con, tmp_path):
    path = tmp_path / "un_site.csv"
    path.write_text("mois,Pavillon\n2024-01,100\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", path, MUSEUM)
    fr, en = info.value.text("fr"), info.value.text("en")
    assert counts(con) == before
    assert fr.startswith("Le fichier « un_site.csv » n'a pas de colonne total")
    assert fr.endswith(
        "Dispositions acceptées : « mois,total,payant,gratuit,scolaire » (une ligne par mois) ; "
        "« mesure,2024-01,2024-02 » (une ligne par mesure) ; « site,2024-01,2024-02 » (une ligne par site) ; "
        "« mois,Pavillon,Maison » (une colonne par site, ou la clé « sites: »)."
    )
    assert en.endswith(
        "Layouts that work: 'month,total,paid,free,school' (one row per month); 'measure,2024-01,2024-02' (one "
        "row per measure); 'site,2024-01,2024-02' (one row per site); 'month,Main,Annex' (one column per site, "
        "or the 'sites:' key)."
    )
    assert "\n" not in fr and "\n" not in en


def test_the_sites_key_feeds_one_load_per_site_from_the_same_file(con, tmp_path):
    path = tmp_path / "par_site.csv"
    path.write_text(SITE_COLUMNS, encoding="utf-8")
    main = tmp_path / "pavillon.yaml"
    main.write_text("source: attendance\nsites: {Pavillon principal: Pavillon}\n", encoding="utf-8")
    keeper = tmp_path / "maison.yaml"
    keeper.write_text("source: attendance\nsites: [Maison du gardien]\n", encoding="utf-8")
    first = ingest_file(con, "attendance", path, MUSEUM, mapping=main)
    second = ingest_file(con, "attendance", path, MUSEUM, mapping=keeper)  # same file, same months: loaded
    assert not second.skipped_duplicate and second.load_id != first.load_id
    assert second.replaced_load_ids == ()
    assert rows(con, "SELECT site, sum(total) FROM raw_attendance GROUP BY site ORDER BY site") == [
        ("Maison du gardien", 40),
        ("Pavillon", 1600),
    ]  # the Total column is not read
    again = ingest_file(con, "attendance", path, MUSEUM, mapping=keeper)
    assert again.skipped_duplicate and again.load_id == second.load_id
    # another file for a site and month already loaded is refused, naming the site
    other = tmp_path / "maison-mars.csv"
    other.write_text("mois,site,total\n2024-03,Maison du gardien,31\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", other, MUSEUM)
    assert counts(con) == before
    assert f"le chargement n° {second.load_id} (« par_site.csv »" in info.value.text(
        "fr"
    ) and "couvre déjà le mois 2024-03 (site « Maison du gardien ») de musee-test" in info.value.text("fr")
    assert "already covers month 2024-03 (site 'Maison du gardien')" in info.value.text("en")
    assert_balanced(con)


@pytest.mark.parametrize(
    "text, fr",
    [
        ("sites: [Annexe]\n", "la colonne « Annexe » prévue pour sites est absente de « par_site.csv »"),
        ("sites: Pavillon principal\n", "sites : liste des colonnes à lire comme sites"),
        ("sites: {Pavillon principal: ''}\n", "sites : liste des colonnes à lire comme sites"),
        ("date_format: '%d/%m/%Y'\n", "clé date_format sans effet pour la source attendance"),
    ],
)
def test_bad_sites_keys_are_refused(con, tmp_path, text, fr):
    path = tmp_path / "par_site.csv"
    path.write_text(SITE_COLUMNS, encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "attendance", path, MUSEUM, mapping=mapping)
    assert info.value.text("fr").startswith("Fichier de correspondance « m.yaml » : " + fr), info.value.text("fr")
