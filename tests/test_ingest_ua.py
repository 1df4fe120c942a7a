"""Source ua: Universal Analytics exports, CSV (tests/fixtures/web/) and XLSX (written here), in Dutch,
English and French. Expectations are the fixtures' tables read by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from ingest_support import MUSEUM, assert_balanced, counts, rows
from openpyxl import Workbook

from smq_analytics.ingest import IngestError, ingest_file

WEB = Path(__file__).parent / "fixtures" / "web"
DUTCH = WEB / "Analytics Alle websitegegevens Kanalen 20190101-20190131.csv"
ENGLISH = WEB / "Analytics All Web Site Data Source-Medium 20190201-20190228.csv"
FRENCH = WEB / "Analytics Toutes les données du site Web Canaux 20190301-20190331.csv"

ROWS = (
    "SELECT table_index, row_number, period_grain, period_start, period_end, dimension, dimension_value, metric, "
    "value, is_total_row FROM raw_web_rows WHERE load_id = ? ORDER BY table_index, row_number, metric"
)
TABLES = (
    "SELECT table_index, platform, source_kind, report_title, property, date_start, date_end, dimensions, caveats, "
    "currency FROM raw_web_tables WHERE load_id = ? ORDER BY table_index"
)


def values(con, load_id: int, table_index: int = 1) -> dict[tuple, float | None]:
    """{(dimension value or 'TOTAL', metric): value} of one table."""
    return {("TOTAL" if r[9] else r[6], r[7]): r[8] for r in rows(con, ROWS, [load_id]) if r[0] == table_index}


def test_dutch_export(con):
    result = ingest_file(con, "ua", DUTCH, MUSEUM)
    # table 1: lines 8–10 and its totals row on 11; Day Index table: lines 14–15 and totals on 16
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 7, 0)
    got = values(con, result.load_id)
    # 2.546 is two thousand five hundred and forty-six in a Dutch interface; "99,88%" a fraction
    assert got[("Organic Search", "total_users")] == 2546
    assert got[("Organic Search", "new_users")] == 2100
    assert got[("Organic Search", "sessions")] == 3010
    assert got[("Organic Search", "bounce_rate")] == pytest.approx(0.9988)
    assert got[("Organic Search", "views_per_session")] == pytest.approx(2.5)
    assert got[("Organic Search", "average_session_duration")] == 60 + 23
    assert got[("Organic Search", "goal_completions")] == 12
    assert got[("Direct", "sessions")] == 1020 and got[("Direct", "average_session_duration")] == 45
    assert got[("Organic Social", "sessions")] == 12  # « Sociaal » → GA4's name
    assert got[("TOTAL", "sessions")] == 4042 == 3010 + 1020 + 12
    assert got[("TOTAL", "total_users")] == 3456
    day_rows = [r for r in rows(con, ROWS, [result.load_id]) if r[0] == 2]
    assert [(r[1], r[2], r[3], r[5], r[6], r[8], r[9]) for r in day_rows] == [
        (14, "day", date(2019, 1, 1), "total", None, 130, False),  # 1-1-19, day first
        (15, "day", date(2019, 1, 2), "total", None, 140, False),
        (16, "range", date(2019, 1, 1), "total", None, 270, True),
    ]
    tables = rows(con, TABLES, [result.load_id])
    assert [t[:8] for t in tables] == [
        (1, "ua", "ua_export", "Kanalen", "Alle websitegegevens", date(2019, 1, 1), date(2019, 1, 31), "channel_group"),
        (2, "ua", "ua_export", "Kanalen", "Alle websitegegevens", date(2019, 1, 1), date(2019, 1, 31), "total"),
    ]
    assert [json.loads(t[8]) for t in tables] == [[], []]
    assert rows(con, "SELECT periods FROM load_ledger WHERE load_id = ?", [result.load_id]) == [(["2019-01"],)]
    assert_balanced(con)


def test_english_us_export(con):
    result = ingest_file(con, "ua", ENGLISH, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 7, 0)
    got = values(con, result.load_id)
    assert got[("google / organic", "total_users")] == 2533  # "2,533": UA Users are total users
    assert got[("google / organic", "sessions")] == 3100
    assert got[("google / organic", "bounce_rate")] == pytest.approx(0.452)
    assert got[("google / organic", "views")] == 7750  # Pageviews
    assert got[("google / organic", "purchase_revenue")] == 12.5
    assert got[("(not set)", "sessions")] == 2  # kept as written
    assert got[("TOTAL", "views")] == 9652 == 7750 + 1900 + 2
    tables = rows(con, TABLES, [result.load_id])
    assert (tables[0][7], tables[0][9]) == ("source_medium", "USD")
    day_rows = [r for r in rows(con, ROWS, [result.load_id]) if r[0] == 2 and not r[9]]
    assert [(r[3], r[8]) for r in day_rows] == [(date(2019, 2, 1), 100), (date(2019, 2, 13), 120)]  # m/d/yy


def test_french_export_with_spaces_percent_and_currency(con):
    result = ingest_file(con, "ua", FRENCH, MUSEUM)
    got = values(con, result.load_id)
    assert got[("Organic Search", "total_users")] == 1234  # no-break space
    assert got[("Organic Search", "sessions")] == 1500  # narrow no-break space
    assert got[("Organic Search", "views")] == 3000  # ordinary space
    assert got[("Organic Search", "bounce_rate")] == pytest.approx(0.452)  # « 45,2 % »
    assert got[("Organic Search", "average_session_duration")] == 83
    assert got[("Organic Search", "purchase_revenue")] == 12.5
    assert got[("Organic Social", "sessions")] == 120  # « Réseaux sociaux »
    assert got[("Unassigned", "sessions")] == 4  # « (Other) »
    assert got[("TOTAL", "sessions")] == 1624
    tables = rows(con, TABLES, [result.load_id])
    assert tables[0][9] == "$"  # « 0,00 $ »: a dollar, country not said
    day_rows = [r for r in rows(con, ROWS, [result.load_id]) if r[0] == 2]
    assert [(r[3], r[8], r[9]) for r in day_rows] == [
        (date(2019, 3, 1), 800, False),  # 01/03/19: day first in French
        (date(2019, 3, 2), 824, False),
        (date(2019, 3, 1), 1624, True),
    ]


@pytest.mark.parametrize(
    "labels, expected",
    [
        (["Standaard kanaalgroepering", "Sessies", "Pagina's/sessie"], 2546.0),  # Dutch: thousands
        (["Default Channel Grouping", "Sessions", "Pages / Session"], 2.546),  # English: decimals
    ],
)
def test_the_locale_is_decided_per_file(con, tmp_path, labels, expected):
    path = tmp_path / "export.csv"
    path.write_text(f"# Vue\n# Rapport\n# 20190101-20190131\n\n{','.join(labels)}\nDirect,12,2.546\n", encoding="utf-8")
    result = ingest_file(con, "ua", path, MUSEUM)
    assert values(con, result.load_id)[("Direct", "views_per_session")] == pytest.approx(expected)


def test_a_file_whose_locale_cannot_be_decided_is_refused(con, tmp_path):
    path = tmp_path / "indecis.csv"
    path.write_text("# Vue\n# Rapport\n# 20190101-20190131\n\nSource,Sessions\ngoogle,2.546\n", encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ua", path, MUSEUM)
    assert info.value.text("fr").startswith("Le fichier « indecis.csv » : impossible de savoir comment ses nombres")
    assert info.value.text("en").startswith("The file 'indecis.csv': cannot tell how its numbers are written")
    assert counts(con) == before


def test_ambiguous_day_index_dates_are_refused(con, tmp_path):
    path = tmp_path / "jours.csv"
    path.write_text(
        "# Vue\n# Rapport\n# 20190101-20190228\n\nDate,Sessions\n01/02/19,5\n02/02/19,6\n", encoding="utf-8"
    )
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ua", path, MUSEUM)
    assert "se lisent jour/mois et mois/jour" in info.value.text("fr")
    assert "jours.csv" in info.value.text("en")


def test_a_bad_value_is_quarantined_with_its_line(con, tmp_path):
    text = FRENCH.read_text(encoding="utf-8").replace("Réseaux sociaux,100,120", "Réseaux sociaux,100,cent vingt")
    path = tmp_path / "mauvais.csv"
    path.write_text(text, encoding="utf-8")
    result = ingest_file(con, "ua", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 6, 1)
    assert result.reasons("fr") == [
        "ligne 9 : « cent vingt » n'est pas un nombre pour sessions (colonne « Sessions », fichier « mauvais.csv ») ; "
        "attendu : un nombre écrit 1 234,5 ou 45,2 %"
    ]
    assert_balanced(con)


SUMMARY = ["# ----------------------------------------", "# Toutes les données du site Web", "# Canaux",
           "# 20190401-20190430", "# ----------------------------------------"]  # fmt: skip
CHANNELS = [
    ["Groupe de canaux par défaut", "Utilisateurs", "Sessions", "Taux de rebond", "Durée moyenne des sessions"],
    ["Recherche organique", 1234, 1500, 0.452, "00:01:23"],
    ["Accès direct", 300, 320, 0.5, "00:00:30"],
    [None, 1534, 1820, 0.4595, "00:01:13"],
]
DAYS = [["Index des jours", "Sessions"], *[[(date(2019, 4, 1) + timedelta(days=n)).strftime("%d/%m/%y"), 60 + n]
        for n in range(3)], [None, 183]]  # fmt: skip


def _check_workbook(con, result, first_row: int, day_first_row: int) -> None:
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 7, 0)
    got = values(con, result.load_id)
    # written by hand from CHANNELS: numbers were numeric cells, rates fractions
    assert got == {
        ("Organic Search", "total_users"): 1234,
        ("Organic Search", "sessions"): 1500,
        ("Organic Search", "bounce_rate"): pytest.approx(0.452),
        ("Organic Search", "average_session_duration"): 83,
        ("Direct", "total_users"): 300,
        ("Direct", "sessions"): 320,
        ("Direct", "bounce_rate"): 0.5,
        ("Direct", "average_session_duration"): 30,
        ("TOTAL", "total_users"): 1534,
        ("TOTAL", "sessions"): 1820,
        ("TOTAL", "bounce_rate"): pytest.approx(0.4595),
        ("TOTAL", "average_session_duration"): 73,
    }
    assert min(r[1] for r in rows(con, ROWS, [result.load_id]) if r[0] == 1) == first_row
    day_rows = [r for r in rows(con, ROWS, [result.load_id]) if r[0] == 2 and not r[9]]
    assert [(r[1], r[3], r[8]) for r in day_rows] == [
        (day_first_row + n, date(2019, 4, 1 + n), 60 + n) for n in range(3)
    ]
    tables = rows(con, TABLES, [result.load_id])
    assert [(t[3], t[4], t[5], t[6]) for t in tables] == [("Canaux", "Toutes les données du site Web",
            date(2019, 4, 1), date(2019, 4, 30))] * 2  # fmt: skip


def test_xlsx_with_summary_and_dataset_sheets(con, tmp_path):
    book = Workbook()
    book.active.title = "Résumé"
    for line in SUMMARY:
        book.active.append([line])
    for name, table in (("Dataset1", CHANNELS), ("Dataset2", DAYS)):
        sheet = book.create_sheet(name)
        for row in table:
            sheet.append(row)
    path = tmp_path / "Analytics Canaux.xlsx"
    book.save(path)
    result = ingest_file(con, "ua", path, MUSEUM)
    # rows are numbered through the sheets: Résumé has 5 rows, Dataset1 starts at 6 (header), data at 7
    _check_workbook(con, result, first_row=7, day_first_row=5 + 4 + 2)


def test_xlsx_laid_out_like_the_csv(con, tmp_path):
    book = Workbook()
    for line in SUMMARY:
        book.active.append([line])
    book.active.append([])
    for row in [*CHANNELS, [], *DAYS]:
        book.active.append(row)
    path = tmp_path / "Analytics Canaux.xlsx"
    book.save(path)
    result = ingest_file(con, "ua", path, MUSEUM)
    _check_workbook(con, result, first_row=8, day_first_row=8 + 3 + 2)


def test_a_redownloaded_export_supersedes_and_an_identical_one_is_a_duplicate(con, tmp_path):
    first = ingest_file(con, "ua", FRENCH, MUSEUM)
    same = ingest_file(con, "ua", FRENCH, MUSEUM)
    assert same.skipped_duplicate and same.load_id == first.load_id
    later = tmp_path / "Analytics Canaux plus tard.csv"
    later.write_text(FRENCH.read_text(encoding="utf-8").replace("00:00:40", "00:00:41"), encoding="utf-8")
    second = ingest_file(con, "ua", later, MUSEUM)
    assert second.load_id != first.load_id
    assert rows(con, "SELECT load_id FROM load_ledger WHERE replaced_at IS NULL ORDER BY 1") == [
        (first.load_id,),
        (second.load_id,),
    ]


@pytest.mark.parametrize(
    "text, locale, value, currency",
    [
        ("2.546", "nl", 2546, None),
        ("99,88%", "nl", 0.9988, None),
        ("2,533", "en", 2533, None),
        ("45.20%", "en", 0.452, None),
        ("1\u00a0234,5", "fr", 1234.5, None),
        ("1\u202f234,5", "fr", 1234.5, None),
        ("1 234,5", "fr", 1234.5, None),
        ("45,2 %", "fr", 0.452, None),
        ("00:01:23", "fr", 83, None),
        ("US$ 0,00", "nl", 0, "USD"),
        ("£0.00", "en", 0, "GBP"),
        ("0,00 $", "fr", 0, "$"),
        ("$0.00", "en", 0, "$"),
    ],
)
def test_numbers_as_each_interface_writes_them(text, locale, value, currency):
    from smq_analytics.ingest.web_reports import parse_number

    found = parse_number(text, locale)
    assert (found.value, found.currency, found.bad) == (pytest.approx(value), currency, False)


@pytest.mark.parametrize(
    "cells, language, locale",
    [
        (["2.546", "99,88%"], "nl", "nl"),
        (["2,533", "45.20%"], None, "en"),
        (["1\u00a0234", "45,2 %"], None, "fr"),
        (["2.546"], "en", "en"),
        (["2.546"], None, None),  # thousands or decimals: cannot tell
        (["1,5", "2.5"], "fr", None),  # both decimal marks: cannot tell
    ],
)
def test_the_locale_is_decided_from_the_values_then_the_language(cells, language, locale):
    from smq_analytics.ingest.web_reports import decide_locale

    assert decide_locale(cells, language) == locale
