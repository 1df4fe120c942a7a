"""Source ga4-ui: GA4 interface CSV downloads (tests/fixtures/web/, written from scratch in the real
shapes). Every expectation is the table of the fixture read by hand, not the parser's output."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from ingest_support import MUSEUM, assert_balanced, counts, rows

from smq_analytics import purge
from smq_analytics.ingest import IngestError, ingest_file
from smq_analytics.ingest.web_reports import metrics
from smq_analytics.paths import reference_dir

WEB = Path(__file__).parent / "fixtures" / "web"
FR_CHANNELS = WEB / "Acquisition_de_trafic_Groupe_de_canaux_principal_de_la_session.csv"
EN_CHANNELS = WEB / "Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group).csv"
EN_CHANNELS_AGAIN = WEB / "Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group) (1).csv"
FR_DAILY = WEB / "Vue_d_ensemble_des_rapports_Date.csv"
EN_PAGES = WEB / "Pages_and_screens_Page_path_and_screen_class.csv"
SNAPSHOT = WEB / "Instantane_des_rapports.csv"

ROWS = (
    "SELECT r.row_number, r.period_grain, r.period_start, r.period_end, r.dimension, r.dimension_value, r.metric, "
    "r.value, r.is_total_row FROM raw_web_rows r WHERE r.load_id = ? ORDER BY r.table_index, r.row_number, r.metric"
)
TABLES = (
    "SELECT table_index, platform, source_kind, report_title, account, property, date_start, date_end, dimensions, "
    "caveats FROM raw_web_tables WHERE load_id = ? ORDER BY table_index"
)


def long(first_line: int, header: list[str], table: list[list], **fixed) -> list[tuple]:
    """Expected raw_web_rows of a hand-written table: one per row × metric, metrics in name order.
    header: None for the dimension column, else the canonical metric; fixed: grain, start, end, dimension."""
    out = []
    for offset, row in enumerate(table):
        value = next((cell for name, cell in zip(header, row) if name is None), None)
        for name, cell in sorted(((n, c) for n, c in zip(header, row) if n), key=lambda pair: pair[0]):
            out.append(
                (
                    first_line + offset,
                    fixed["grain"],
                    fixed["start"],
                    fixed["end"],
                    fixed["dimension"],
                    value,
                    name,
                    cell,
                    False,
                )
            )
    return out


def test_french_download_with_no_break_spaces_maps_labels_and_channels(con):
    result = ingest_file(con, "ga4-ui", FR_CHANNELS, MUSEUM)
    # 9 '#' lines, the header on line 10, five rows on lines 11–15; 'Score maison' is nobody's metric
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (5, 5, 0)
    header = [
        None,
        "sessions",
        "engaged_sessions",
        "engagement_rate",
        "average_engagement_time",
        "key_events",
        "event_count",
    ]
    table = [
        ["Organic Search", 420, 250, 0.5952380952380952, 61.25, 12, 1890],
        ["Direct", 300, 150, 0.5, 40.5, 30, 1200],
        ["Organic Social", 80, 20, 0.25, 12.75, 0, 240],
        ["Unassigned", 0, 0, 0, 0, 0, 0],  # zero rows are kept
        ["(not set)", 5, 1, 0.2, 3, 0, 9],  # not translated
    ]
    expected = long(
        11, header, table, grain="range", start=date(2024, 1, 1), end=date(2024, 2, 29), dimension="channel_group"
    )
    assert rows(con, ROWS, [result.load_id]) == [row[:7] + (pytest.approx(row[7]),) + row[8:] for row in expected]
    (stored,) = rows(con, TABLES, [result.load_id])
    assert stored[:3] == (1, "ga4", "ga4_ui_csv")
    assert stored[4:9] == (
        "Musée des essais",
        "Site Web du musée",
        date(2024, 1, 1),
        date(2024, 2, 29),
        "channel_group",
    )
    assert stored[3].startswith("Acquisition de trafic")
    assert json.loads(stored[9]) == ["ignored_columns"]
    assert [(p.row_number, p.column_name) for p in result.item_problems] == [(11, "Score maison")]
    assert "« Score maison » ignorée" in result.item_reasons("fr")[0]
    assert rows(con, "SELECT periods FROM load_ledger WHERE load_id = ?", [result.load_id]) == [
        (["2024-01", "2024-02"],)
    ]
    assert_balanced(con)


def test_totals_row_is_kept_apart_and_checked(con):
    result = ingest_file(con, "ga4-ui", EN_CHANNELS, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    got = rows(con, ROWS, [result.load_id])
    totals = [r for r in got if r[8]]
    # the « Grand total » line (11): whole range, no dimension value, never a channel
    assert totals == [
        (11, "range", date(2024, 3, 1), date(2024, 3, 31), "channel_group", None, metric, value, True)
        for metric, value in sorted(
            {"sessions": 650, "active_users": 600, "key_events": 40, "engagement_rate": 0.6}.items()
        )
    ]
    data = [r for r in got if not r[8]]
    assert sorted({r[5] for r in data}) == ["Direct", "Organic Search", "Referral"]
    assert sum(r[7] for r in data if r[6] == "sessions") == 400 + 200 + 50 == 650
    assert json.loads(rows(con, TABLES, [result.load_id])[0][9]) == []  # sums agree: no caveat


def test_totals_that_differ_are_a_caveat_not_a_refusal(con):
    result = ingest_file(con, "ga4-ui", FR_DAILY, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    got = rows(con, ROWS, [result.load_id])
    days = [(r[2], r[6], r[7]) for r in got if not r[8]]
    table = {date(2024, 7, 1): (40, 30, 120), date(2024, 7, 2): (35, 20, 100), date(2024, 7, 3): (0, 0, 0)}
    assert days == [
        (day, metric, value)
        for day, values in table.items()
        for metric, value in zip(("active_users", "new_users", "views"), values)
    ]
    assert {(r[1], r[2], r[3]) for r in got if not r[8]} == {("day", d, d) for d in table}
    # views: 120 + 100 + 0 = 220, the file says 230 → caveat; users (70 ≠ 75) are GA4's deduplicated count
    assert json.loads(rows(con, TABLES, [result.load_id])[0][9]) == ["totals_differ"]
    assert rows(con, "SELECT count(*) FROM raw_web_rows WHERE is_total_row AND load_id = ?", [result.load_id]) == [(3,)]


def test_month_rows_are_clipped_to_the_download_range(con):
    result = ingest_file(con, "ga4-ui", EN_PAGES, MUSEUM)
    got = rows(con, ROWS, [result.load_id])
    january, february = (date(2024, 1, 15), date(2024, 1, 31)), (date(2024, 2, 1), date(2024, 2, 10))
    assert [(r[0], r[1], (r[2], r[3]), r[4], r[5], r[6], r[7]) for r in got] == [
        (11, "month", january, "page_path", "/", "active_users", 120),
        (11, "month", january, "page_path", "/", "views", 300),
        (12, "month", january, "page_path", "/billets", "active_users", 60),
        (12, "month", january, "page_path", "/billets", "views", 90),
        (13, "month", february, "page_path", "/", "active_users", 50),
        (13, "month", february, "page_path", "/", "views", 100),
    ]
    assert rows(con, "SELECT periods FROM load_ledger WHERE load_id = ?", [result.load_id]) == [
        (["2024-01", "2024-02"],)
    ]


def test_snapshot_keeps_the_cards_it_can_map(con):
    result = ingest_file(con, "ga4-ui", SNAPSHOT, MUSEUM)
    # mapped cards: active users (3 rows), the empty sessions card, countries (2), retention (3 ragged rows);
    # the « Premier groupe de canaux de l'utilisateur » card (a dimension we do not name) is skipped
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (8, 8, 0)
    tables = rows(con, TABLES, [result.load_id])
    assert [(t[0], t[6], t[7], t[8]) for t in tables] == [
        (1, date(2024, 6, 1), date(2024, 6, 7), "total"),
        (2, date(2024, 6, 3), date(2024, 6, 7), "channel_group"),  # its own dates, header only
        (3, date(2024, 6, 1), date(2024, 6, 7), "country"),
        (4, date(2024, 6, 1), date(2024, 6, 7), "total"),
    ]
    assert [json.loads(t[9]) for t in tables] == [["skipped_table"], [], [], ["not_yet_available", "repeated_rows"]]
    assert [t[3] for t in tables][1:] == [
        "Sessions par Groupe de canaux principal de la session",
        "Utilisateurs actifs par Pays",
        "Taux de rétention",
    ]
    got = rows(con, ROWS, [result.load_id])
    day = {n: date(2024, 6, 1 + n) for n in range(3)}
    assert [(r[0], r[1], r[2], r[5], r[6], r[7]) for r in got] == [
        (14, "day", day[0], None, "active_users", 10),  # Nième jour 0000 = the start date
        (15, "day", day[1], None, "active_users", 12),
        (16, "day", day[2], None, "active_users", 9),
        (30, "range", date(2024, 6, 1), "Canada", "active_users", 25),
        (31, "range", date(2024, 6, 1), "France", "active_users", 3),
        # retention: active users of days 0–2 were given by the first card (dropped, not counted twice);
        # -1 (« not yet available ») and the cells missing from short rows → NULL
        (35, "day", day[0], None, "new_users", 8),
        (36, "day", day[1], None, "new_users", None),
        (37, "day", day[2], None, "new_users", None),
    ]
    assert_balanced(con)


def test_renamed_columns_and_a_redownload_supersede_without_refusal(con):
    first = ingest_file(con, "ga4-ui", EN_CHANNELS, MUSEUM)
    second = ingest_file(con, "ga4-ui", EN_CHANNELS_AGAIN, MUSEUM)  # same month: loaded beside, not refused
    assert second.load_id != first.load_id and not second.skipped_duplicate
    assert rows(con, "SELECT count(*) FROM load_ledger WHERE replaced_at IS NULL AND source = 'ga4-ui'") == [(2,)]
    got = rows(con, ROWS, [second.load_id])
    # 'Session default channel group' → channel_group, 'Users' → active_users, 'Conversions' → key_events
    assert [(r[0], r[5], r[6], r[7]) for r in got] == [
        (11, "Organic Search", "active_users", 385),
        (11, "Organic Search", "key_events", 26),
        (11, "Organic Search", "sessions", 410),
        (12, "Direct", "active_users", 192),
        (12, "Direct", "key_events", 15),
        (12, "Direct", "sessions", 205),
    ]


def test_identical_file_is_a_duplicate(con, tmp_path):
    first = ingest_file(con, "ga4-ui", FR_CHANNELS, MUSEUM)
    before = counts(con)
    copy = tmp_path / "copie.csv"
    shutil.copy(FR_CHANNELS, copy)
    again = ingest_file(con, "ga4-ui", copy, MUSEUM)
    assert again.skipped_duplicate and again.load_id == first.load_id
    assert counts(con) == before


def _french(tmp_path: Path, *rows_: str, name: str = "mauvais.csv") -> Path:
    lines = FR_CHANNELS.read_bytes().decode("utf-8").split("\r\n")[:10] + list(rows_)
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def test_bad_values_are_quarantined_with_file_line_column_and_what_was_expected(con, tmp_path):
    path = _french(
        tmp_path,
        "Recherche naturelle,420,250,0.59,61.25,12,1890,3",
        "Accès direct,trois cents,150,0.5,40.5,30,1200,1",
        "Référence,5,1,0.2,3,0,9,0",
    )
    result = ingest_file(con, "ga4-ui", path, MUSEUM)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert result.reasons("fr") == [
        "ligne 12 : « trois cents » n'est pas un nombre pour sessions (colonne « Sessions », fichier « mauvais.csv ») ; "
        "attendu : un nombre écrit 1234.5 (taux en fraction 0.452)"
    ]
    assert result.reasons("en")[0].startswith("row 12: 'trois cents' is not a number for sessions (column 'Sessions'")
    assert sorted({r[0] for r in rows(con, ROWS, [result.load_id])}) == [11, 13]
    assert_balanced(con)


def test_a_date_that_is_not_yyyymmdd_is_quarantined(con, tmp_path):
    text = FR_DAILY.read_bytes().decode("utf-8").replace("20240702,35", "2024-07-02,35")
    path = tmp_path / "dates.csv"
    path.write_bytes(text.encode("utf-8"))
    result = ingest_file(con, "ga4-ui", path, MUSEUM)
    assert result.reasons("fr") == [
        "ligne 12 : « 2024-07-02 » n'est pas une date pour date (colonne « Date », fichier « dates.csv ») ; "
        "attendu : une date AAAAMMJJ (20240131)"
    ]


def test_a_file_without_a_known_metric_is_refused_and_the_store_unchanged(con, tmp_path):
    ingest_file(con, "ga4-ui", EN_CHANNELS, MUSEUM)
    before = counts(con) | {"raw_web_tables": rows(con, "SELECT count(*) FROM raw_web_tables")[0][0]}
    path = tmp_path / "Cohortes.csv"
    path.write_bytes(
        "# Start date: 20240101\r\n# End date: 20240131\r\nCohort,Week 0,Week 1\r\nJan 1 - Jan 7,100,20".encode()
    )
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ga4-ui", path, MUSEUM)
    fr, en = info.value.text("fr"), info.value.text("en")
    assert fr.startswith(
        "Le fichier « Cohortes.csv » n'a aucune colonne de mesure connue ; rien n'a été chargé. "
        "Colonnes trouvées : Cohort, Week 0, Week 1. Attendu par exemple : "
    )
    assert "Sessions" in en and "Cohortes.csv" in en
    assert counts(con) | {"raw_web_tables": rows(con, "SELECT count(*) FROM raw_web_tables")[0][0]} == before


def test_a_file_that_says_no_period_is_refused(con, tmp_path):
    path = tmp_path / "sans_dates.csv"
    path.write_bytes("Pays,Utilisateurs actifs\r\nCanada,3".encode())
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ga4-ui", path, MUSEUM)
    assert info.value.text("fr").startswith("Le fichier « sans_dates.csv » ne dit pas quelle période il couvre")


def test_purge_removes_the_rows_and_tables_of_a_load(con):
    keep = ingest_file(con, "ga4-ui", FR_CHANNELS, MUSEUM)
    gone = ingest_file(con, "ga4-ui", SNAPSHOT, MUSEUM)
    kept_rows = rows(con, "SELECT count(*) FROM raw_web_rows WHERE load_id = ?", [keep.load_id])[0][0]
    gone_rows = rows(con, "SELECT count(*) FROM raw_web_rows WHERE load_id = ?", [gone.load_id])[0][0]
    result = purge.purge(con, load_id=gone.load_id)
    assert result.removed["raw_web_rows"] == gone_rows and result.removed["raw_web_tables"] == 4
    assert list(result.removed).count("raw_web_rows") == 1  # ga4-ui and ua share it: one statement
    assert rows(con, "SELECT load_id, count(*) FROM raw_web_rows GROUP BY 1") == [(keep.load_id, kept_rows)]
    assert rows(con, "SELECT load_id FROM raw_web_tables") == [(keep.load_id,)]


def test_reference_files_agree():
    """Every canonical metric of web_labels.csv is in web_metrics.csv; every dimension is the contract's."""
    import csv

    with (reference_dir() / "web_labels.csv").open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    known = set(metrics())
    assert {r["canonical"] for r in labels if r["kind"] == "metric"} <= known
    dimensions = {
        "date", "month", "nth_month", "nth_day", "channel_group", "source", "medium", "source_medium", "campaign",
        "landing_page", "page_path", "page_title", "event_name", "key_event", "device_category", "country",
        "region", "city",
    }  # fmt: skip
    assert {r["canonical"] for r in labels if r["kind"] == "dimension"} <= dimensions
    assert {r["platform"] for r in labels} <= {"ga4", "ua", "any"}
    assert {r["language"] for r in labels} <= {"fr", "en", "nl", "any", "api"}
    api = {r["label"] for r in labels if r["language"] == "api"}
    assert {"sessions", "engagedSessions", "activeUsers", "keyEvents", "sessionDefaultChannelGroup", "yearMonth"} <= api


def _download(tmp_path: Path, name: str, start: str, end: str, *lines: str) -> Path:
    path = tmp_path / name
    head = ["# ----------------------------------------", "# Rapport : Mois", "# ----------------------------------------",
            "# ", "# Tous les utilisateurs", f"# Date de début\u00a0: {start}", f"# Date de fin\u00a0: {end}"]  # fmt: skip
    path.write_bytes("\r\n".join(head + list(lines)).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "header, first, second",
    [("Nième mois", "0000", "0001"), ("Mois", "01", "02"), ("Month", "202401", "202402")],
)
def test_month_dimensions_count_from_the_start_date(con, tmp_path, header, first, second):
    path = _download(tmp_path, "mois.csv", "20240115", "20240229", f"{header},Sessions", f"{first},10", f"{second},20")
    result = ingest_file(con, "ga4-ui", path, MUSEUM)
    assert [(r[0], r[1], r[2], r[3], r[7]) for r in rows(con, ROWS, [result.load_id])] == [
        (9, "month", date(2024, 1, 15), date(2024, 1, 31), 10),  # 7 '#' lines, the header: rows on 9, 10
        (10, "month", date(2024, 2, 1), date(2024, 2, 29), 20),  # the month as far as the download covers it
    ]


def test_a_text_column_we_cannot_name_refuses_a_one_table_file(con, tmp_path):
    path = _download(tmp_path, "inconnu.csv", "20240101", "20240131", "Saveur,Sessions", "vanille,3", "chocolat,4")
    with pytest.raises(IngestError) as info:
        ingest_file(con, "ga4-ui", path, MUSEUM)
    assert info.value.text("fr").startswith(
        "Le fichier « inconnu.csv » : la colonne Saveur contient du texte mais n'est ni une mesure ni une dimension"
    )


def test_replace_takes_the_earlier_loads_rows_and_tables_away(con):
    first = ingest_file(con, "ga4-ui", EN_CHANNELS, MUSEUM)
    second = ingest_file(con, "ga4-ui", EN_CHANNELS_AGAIN, MUSEUM, replace=True)
    assert second.replaced_load_ids == (first.load_id,)
    for table in ("raw_web_rows", "raw_web_tables"):  # the source's raw table and the one it writes beside
        assert rows(con, f"SELECT DISTINCT load_id FROM {table}") == [(second.load_id,)]
    assert rows(con, "SELECT load_id FROM load_ledger WHERE replaced_at IS NULL") == [(second.load_id,)]
