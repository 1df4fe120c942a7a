"""The GA4 Data API reader (source ga4-api) on crafted runReport responses (tests/fixtures/web/api_*.json).

Every expectation is computed here from the JSON itself (the strings of `rows`, `totals`, the headers'
types), never read off the reader's output: the date ranges of a two-range report, totals kept and
maximums/minimums dropped, milliseconds in seconds, the metadata caveats, rowCount, the `(other)` row,
row numbers continuing across the responses of one file, bad values quarantined, files refused whole
(docs/ARCHITECTURE.md, « Web analytics »).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from ingest_support import MUSEUM, assert_balanced, counts, rows

from smq_analytics.ingest import IngestError, ingest_file

WEB = Path(__file__).parent / "fixtures" / "web"
SOURCE = "ga4-api"
# API name → canonical name, written out here (the reader takes them from data/reference/web_labels.csv)
CANONICAL = {
    "sessions": "sessions",
    "engagementRate": "engagement_rate",
    "averageSessionDuration": "average_session_duration",
    "activeUsers": "active_users",
    "newUsers": "new_users",
    "screenPageViews": "views",
    "userEngagementDuration": "user_engagement_duration",
    "purchaseRevenue": "purchase_revenue",
    "keyEvents": "key_events",
    "eventCount": "event_count",
}


def fixture(name: str) -> dict | list:
    return json.loads((WEB / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def stored(con, load_id: int) -> list[dict]:
    cursor = con.execute(
        "SELECT table_index, row_number, period_grain, period_start, period_end, dimension, dimension_value, "
        "metric, value, is_total_row FROM raw_web_rows WHERE load_id = ? ORDER BY row_number, metric",
        [load_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def tables(con, load_id: int) -> list[dict]:
    cursor = con.execute("SELECT * FROM raw_web_tables WHERE load_id = ? ORDER BY table_index", [load_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def iso(text: str) -> date:
    return date.fromisoformat(text)


def test_two_date_ranges_each_row_takes_its_range(con):
    document = fixture("api_channels_two_ranges.json")
    response, request = document["response"], document["request"]
    ranges = [(iso(r["startDate"]), iso(r["endDate"])) for r in request["dateRanges"]]
    metrics = [h["name"] for h in response["metricHeaders"]]
    result = ingest_file(con, SOURCE, WEB / "api_channels_two_ranges.json", MUSEUM)
    # rows and totals are read; maximums and minimums are not data
    assert result.rows_read == len(response["rows"]) + len(response["totals"])
    assert result.rows_rejected == 0
    expected = []
    for number, row in enumerate(response["rows"] + response["totals"], start=1):
        channel, named_range = (v["value"] for v in row["dimensionValues"])
        start, end = ranges[int(named_range.rsplit("_", 1)[1])]
        total = channel == "RESERVED_TOTAL"
        for name, value in zip(metrics, row["metricValues"]):
            expected.append(
                {
                    "table_index": 1,
                    "row_number": number,
                    "period_grain": "range",
                    "period_start": start,
                    "period_end": end,
                    "dimension": "channel_group",
                    "dimension_value": None if total else channel,
                    "metric": CANONICAL[name],
                    "value": float(value["value"]),
                    "is_total_row": total,
                }
            )
    assert stored(con, result.load_id) == sorted(expected, key=lambda r: (r["row_number"], r["metric"]))
    (table,) = tables(con, result.load_id)
    assert (table["date_start"], table["date_end"]) == (min(r[0] for r in ranges), max(r[1] for r in ranges))
    assert (table["platform"], table["source_kind"], table["dimensions"]) == ("ga4", "ga4_api", "channel_group")
    assert (table["currency"], table["time_zone"]) == (response["metadata"]["currencyCode"], "America/Toronto")
    assert table["property"] == request["property"]
    # rowCount (3) below the 6 rows: the zero-filled rows of the second range, not a truncation
    assert json.loads(table["caveats"]) == []
    ledger = rows(con, "SELECT source, file_format, periods FROM load_ledger WHERE load_id = ?", [result.load_id])
    assert ledger == [(SOURCE, "json", sorted({s.strftime("%Y-%m") for s, _ in ranges}))]
    assert_balanced(con)


def test_types_metadata_and_bad_values(con):
    response = fixture("api_daily_quirks.json")
    result = ingest_file(con, SOURCE, WEB / "api_daily_quirks.json", MUSEUM)
    headers = response["metricHeaders"]
    whole = {h["name"] for h in headers if h["type"] == "TYPE_INTEGER"}
    good, bad = [], []
    for number, row in enumerate(response["rows"], start=1):
        day = row["dimensionValues"][0]["value"]
        values = [v["value"] for v in row["metricValues"]]
        try:
            parsed_day = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        except ValueError:
            bad.append(number)
            continue
        if any(h["name"] in whole and not v.lstrip("-").isdigit() for h, v in zip(headers, values)):
            bad.append(number)
            continue
        good.append((number, parsed_day, values))
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (
        len(response["rows"]),
        len(good),
        len(bad),
    )
    assert [r.row_number for r in result.rejections] == bad
    fr, en = result.reasons("fr"), result.reasons("en")
    assert fr[0].startswith(
        f"ligne de données n° {bad[0]} : « abc » n'est pas un nombre entier pour la métrique sessions"
    )
    assert fr[0].endswith(f"(JSON : rows[{bad[0] - 1}])")
    assert en[0].startswith(f"data row {bad[0]}: 'abc' is not a whole number for metric sessions (TYPE_INTEGER)")
    assert "« 20251131 » n'est pas une date AAAAMMJJ pour la dimension date" in fr[1]
    assert "'20251131' is not a YYYYMMDD date for dimension date" in en[1]
    expected = {}
    for number, day, values in good:
        for header, value in zip(headers, values):
            if header["name"] not in CANONICAL:
                continue  # a custom metric is not a canonical one: not read
            scale = 0.001 if header["type"] == "TYPE_MILLISECONDS" else 1.0
            expected[(number, CANONICAL[header["name"]])] = (day, float(value) * scale)
    got = {(r["row_number"], r["metric"]): (r["period_start"], r["value"]) for r in stored(con, result.load_id)}
    assert got == expected
    assert {r["period_grain"] for r in stored(con, result.load_id)} == {"day"}
    (table,) = tables(con, result.load_id)
    # no request saved: the range is the date dimension's smallest and largest accepted values
    assert (table["date_start"], table["date_end"]) == (min(d for _, d, _ in good), max(d for _, d, _ in good))
    share = int(response["metadata"]["samplingMetadatas"][0]["samplesReadCount"]) / int(
        response["metadata"]["samplingMetadatas"][0]["samplingSpaceSize"]
    )
    assert set(json.loads(table["caveats"])) == {
        "thresholding",
        "other_row",
        "sampling",
        f"sampling_share:{share:.4g}",
        "truncated",  # rowCount 30 for 5 rows: one page of a longer answer
    }
    quarantined = rows(con, "SELECT row_number, original FROM quarantine WHERE load_id = ?", [result.load_id])
    assert dict(quarantined)[bad[0]]["sessions"] == "abc"
    assert_balanced(con)


def test_a_batch_with_its_requests_months_other_row_and_a_table_without_dimensions(con):
    document = fixture("api_batch_months.json")
    reports, requests = document["response"]["reports"], document["request"]["requests"]
    result = ingest_file(con, SOURCE, WEB / "api_batch_months.json", MUSEUM)
    assert result.rows_read == sum(len(r["rows"]) for r in reports)
    first = tables(con, result.load_id)
    start, end = iso(requests[0]["dateRanges"][0]["startDate"]), iso(requests[0]["dateRanges"][0]["endDate"])
    assert [(t["table_index"], t["dimensions"], t["date_start"], t["date_end"]) for t in first] == [
        (1, "landing_page", start, end),
        (2, "total", start, end),
    ]
    assert json.loads(first[0]["caveats"]) == ["other_row"]  # an (other) row is in the rows
    got = stored(con, result.load_id)
    months = {(r["row_number"], r["period_start"], r["period_end"]) for r in got if r["table_index"] == 1}
    for number, row in enumerate(reports[0]["rows"], start=1):
        month = row["dimensionValues"][0]["value"]
        first_day = date(int(month[:4]), int(month[4:]), 1)
        following = date(first_day.year + first_day.month // 12, first_day.month % 12 + 1, 1)
        assert (number, first_day, date.fromordinal(following.toordinal() - 1)) in months
    assert {r["dimension_value"] for r in got if r["table_index"] == 1} == {
        row["dimensionValues"][1]["value"] for row in reports[0]["rows"]
    }
    second = [r for r in got if r["table_index"] == 2]
    # numbering continues from one response to the next
    assert {r["row_number"] for r in second} == {len(reports[0]["rows"]) + 1}
    assert {(r["period_grain"], r["period_start"], r["period_end"], r["dimension_value"]) for r in second} == {
        ("range", start, end, None)
    }
    assert {r["metric"]: r["value"] for r in second} == {
        CANONICAL[h["name"]]: float(v["value"])
        for h, v in zip(reports[1]["metricHeaders"], reports[1]["rows"][0]["metricValues"])
    }


def test_a_list_of_responses_with_named_ranges(con):
    document = fixture("api_list_named_ranges.json")
    named = {r["name"]: (iso(r["startDate"]), iso(r["endDate"])) for r in document[0]["dateRanges"]}
    result = ingest_file(con, SOURCE, WEB / "api_list_named_ranges.json", MUSEUM)
    unknown = [n for n, row in enumerate(document[0]["rows"], 1) if row["dimensionValues"][1]["value"] not in named]
    assert [r.row_number for r in result.rejections] == unknown
    assert "plage de dates « novembre » absente de la requête (plages : septembre, octobre)" in result.reasons("fr")[0]
    got = stored(con, result.load_id)
    first = {(r["dimension_value"], r["period_start"], r["period_end"]) for r in got if r["table_index"] == 1}
    assert first == {
        (row["dimensionValues"][0]["value"], *named[row["dimensionValues"][1]["value"]])
        for row in document[0]["rows"]
        if row["dimensionValues"][1]["value"] in named
    }
    offset = len(document[0]["rows"])
    assert sorted(r["row_number"] for r in got if r["table_index"] == 2) == [
        offset + n for n in range(1, len(document[1]["rows"]) + 1)
    ]


def test_a_response_without_dates_is_refused_asking_for_them(con, tmp_path):
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, SOURCE, WEB / "api_no_range.json", MUSEUM)
    assert "Ajoutez la dimension date (ou yearMonth)" in info.value.text("fr")
    assert "Add the date (or yearMonth) dimension" in info.value.text("en")
    assert "api_no_range.json" in info.value.text("fr")
    # relative dates in a saved request cannot be placed either
    document = {"request": {"dateRanges": [{"startDate": "7daysAgo", "endDate": "yesterday"}]}}
    document["response"] = fixture("api_no_range.json")
    with pytest.raises(IngestError) as info:
        ingest_file(con, SOURCE, write(tmp_path, "relative.json", document), MUSEUM)
    assert "7daysAgo" in info.value.text("fr") and "7daysAgo" in info.value.text("en")
    # with the request saved beside it, the same response loads
    document["request"]["dateRanges"] = [{"startDate": "2025-01-01", "endDate": "2025-03-31"}]
    result = ingest_file(con, SOURCE, write(tmp_path, "absolute.json", document), MUSEUM)
    assert [(r["period_grain"], r["period_start"], r["period_end"]) for r in stored(con, result.load_id)] == [
        ("range", date(2025, 1, 1), date(2025, 3, 31))
    ]
    assert counts(con)["load_ledger"] == before["load_ledger"] + 1


@pytest.mark.parametrize(
    "content, fr, en",
    [
        ('{"rows": [', "ligne 1, colonne 11 : JSON invalide", "line 1, column 11: invalid JSON"),
        ('{"hello": 1}', "ce n'est pas une réponse runReport", "not a runReport response"),
        ("[1, 2]", "la réponse [0] : ce n'est pas une réponse runReport", "response [0]: not a runReport response"),
        (
            json.dumps({"dimensionHeaders": [{"name": "browser"}], "metricHeaders": [{"name": "sessions"}]}),
            "dimension « browser » inconnue",
            "unknown dimension 'browser'",
        ),
        (
            json.dumps({"dimensionHeaders": [{"name": "date"}], "metricHeaders": [{"name": "cohortActiveUsers"}]}),
            "aucune métrique connue (métriques trouvées : cohortActiveUsers)",
            "no known metric (metrics found: cohortActiveUsers)",
        ),
        (
            json.dumps(
                {
                    "dimensionHeaders": [{"name": "date"}],
                    "metricHeaders": [{"name": "sessions", "type": "TYPE_INTEGER"}],
                    "rowCount": 0,
                    "metadata": {"emptyReason": "NO_DATA_FOR_DATE_RANGE"},
                }
            ),
            "aucune ligne de données (emptyReason : NO_DATA_FOR_DATE_RANGE)",
            "no data rows (emptyReason: NO_DATA_FOR_DATE_RANGE)",
        ),
    ],
    ids=["not-json", "not-a-report", "list-of-numbers", "unknown-dimension", "no-known-metric", "empty"],
)
def test_files_refused_whole(con, tmp_path, content, fr, en):
    path = tmp_path / "rapport.json"
    path.write_text(content, encoding="utf-8")
    before = counts(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, SOURCE, path, MUSEUM)
    assert fr in info.value.text("fr") and "rapport.json" in info.value.text("fr")
    assert en in info.value.text("en")
    assert counts(con) == before


def test_files_of_the_same_months_are_loaded_beside_each_other(con, tmp_path):
    document = fixture("api_batch_months.json")
    first = ingest_file(con, SOURCE, WEB / "api_batch_months.json", MUSEUM)
    again = ingest_file(con, SOURCE, WEB / "api_batch_months.json", MUSEUM)
    assert again.skipped_duplicate and again.load_id == first.load_id
    document["response"]["reports"][0]["rows"][0]["metricValues"][0]["value"] = "121"
    later = ingest_file(con, SOURCE, write(tmp_path, "redownloaded.json", document), MUSEUM)
    assert later.load_id != first.load_id and not later.skipped_duplicate
    active = rows(con, "SELECT load_id FROM load_ledger WHERE replaced_at IS NULL ORDER BY load_id")
    assert active == [(first.load_id,), (later.load_id,)]
    # the models count the later file for the periods both cover
    counted = rows(
        con,
        "SELECT DISTINCT load_id FROM stg_web_reports WHERE metric = 'sessions' AND dimension = 'landing_page'",
    )
    assert counted == [(later.load_id,)]


def test_zero_filled_rows_of_the_other_date_range_are_not_data(con, tmp_path):
    """With a date dimension and two ranges, GA4 returns every month under both ranges, zero-filled under
    the one it is not in: one value per month counts (its own range's when the request is saved)."""
    document = fixture("api_months_two_ranges.json")
    by_month: dict[str, list[tuple[str, float]]] = {}
    for row in document["rows"]:
        month, named = (v["value"] for v in row["dimensionValues"])
        by_month.setdefault(month, []).append((named, float(row["metricValues"][0]["value"])))
    # without the request: the first non-zero value of each month, else its first value
    expected = {m: next((v for _, v in pairs if v), pairs[0][1]) for m, pairs in by_month.items()}
    result = ingest_file(con, SOURCE, write(tmp_path, "sans_requete.json", document), MUSEUM)
    got = {r["period_start"].strftime("%Y%m"): r["value"] for r in stored(con, result.load_id) if not r["is_total_row"]}
    assert got == expected
    # with the request: the value stated under the month's own range
    ranges = [
        {"startDate": "2025-01-01", "endDate": "2025-02-28"},
        {"startDate": "2024-01-01", "endDate": "2024-02-29"},
    ]
    own = {
        month: dict(pairs)[f"date_range_{0 if month.startswith('2025') else 1}"] for month, pairs in by_month.items()
    }
    saved = ingest_file(
        con, SOURCE, write(tmp_path, "avec_requete.json", {"request": {"dateRanges": ranges}, "response": document}),
        MUSEUM,
    )  # fmt: skip
    got = {r["period_start"].strftime("%Y%m"): r["value"] for r in stored(con, saved.load_id) if not r["is_total_row"]}
    assert got == own
    assert result.rows_read == saved.rows_read == len(document["rows"]) + len(document["totals"])
