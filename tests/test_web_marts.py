"""web_metrics, web_monthly, web_loads (and stg_web_reports) on crafted raw rows, against hand computations.

Each test states raw report rows (raw_web_tables + raw_web_rows, with their loads in load_ledger) or raw
GA4 events, and compares the marts with the same figures computed here in plain Python: a month from its
day rows, a month row winning over day rows, the best source winning, a later load superseding an
earlier one, rates recomputed from their parts, users never summed across days, UA and GA4 side by side,
totals rows never summed (docs/ARCHITECTURE.md, « Web analytics »).
"""

from __future__ import annotations

import calendar
import json
import random
from datetime import date, datetime, timedelta

import pytest

from ingest_support import MUSEUM
from model_support import given, memory_store, view_rows
from smq_analytics.ingest.web_reports import metrics as canonical_metrics

LOADED = datetime(2025, 1, 10, 9, 0)
SOURCE_OF_KIND = {"ga4_events": "ga4-events", "ga4_ui_csv": "ga4-ui", "ga4_api": "ga4-api", "ua_export": "ua"}
PLATFORM_OF_KIND = {"ga4_ui_csv": "ga4", "ga4_api": "ga4", "ua_export": "ua"}


# The tables a test fills; emptied after each test so that one store serves the module (creating every
# model takes about a second).
FILLED = ("raw_web_rows", "raw_web_tables", "raw_ga4_events", "museum_key_events", "load_ledger")


@pytest.fixture(scope="module")
def store():
    connection = memory_store()
    yield connection
    connection.close()


@pytest.fixture
def con(store):
    yield store
    for name in FILLED:  # table names are ours
        store.execute(f"DELETE FROM {name}")


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_last(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def load(con, load_id: int, kind: str, *, minutes: int | None = None, replaced: bool = False) -> None:
    """A load_ledger row for a report load (loaded `minutes` after LOADED, default load_id minutes)."""
    at = LOADED + timedelta(minutes=load_id if minutes is None else minutes)
    given(
        con,
        "load_ledger",
        [
            {
                "load_id": load_id,
                "source": SOURCE_OF_KIND[kind],
                "museum_id": MUSEUM,
                "file_name": f"report-{load_id}.csv",
                "file_sha256": f"{load_id:064x}",
                "file_format": "csv",
                "rows_read": 0,
                "rows_accepted": 0,
                "rows_rejected": 0,
                "loaded_at": at,
                "replaced_at": at + timedelta(days=1) if replaced else None,
            }
        ],
    )


def table(
    con,
    load_id: int,
    table_index: int,
    kind: str,
    first: date,
    last: date,
    rows: list[dict],
    *,
    dimensions: str = "total",
    caveats: tuple[str, ...] = (),
    title: str | None = None,
) -> None:
    """A raw_web_tables row and its raw_web_rows. Each row: grain, start, end, metric, value, and optionally
    dimension_value, is_total_row."""
    given(
        con,
        "raw_web_tables",
        [
            {
                "load_id": load_id,
                "museum_id": MUSEUM,
                "table_index": table_index,
                "platform": PLATFORM_OF_KIND[kind],
                "source_kind": kind,
                "report_title": title or f"table {table_index}",
                "date_start": first,
                "date_end": last,
                "dimensions": dimensions,
                "caveats": json.dumps(list(caveats)),
            }
        ],
    )
    given(
        con,
        "raw_web_rows",
        [
            {
                "load_id": load_id,
                "museum_id": MUSEUM,
                "table_index": table_index,
                "row_number": number,
                "period_grain": row["grain"],
                "period_start": row["start"],
                "period_end": row["end"],
                "dimension": dimensions,
                "dimension_value": row.get("dimension_value"),
                "metric": row["metric"],
                "value": row["value"],
                "is_total_row": row.get("is_total_row", False),
            }
            for number, row in enumerate(rows, start=2)
        ],
    )


def day_rows(values: dict[date, dict[str, float]]) -> list[dict]:
    return [
        {"grain": "day", "start": day, "end": day, "metric": metric, "value": value}
        for day, by_metric in values.items()
        for metric, value in by_metric.items()
    ]


def month_rows(first: date, values: dict[str, float], *, grain: str = "month") -> list[dict]:
    return [
        {"grain": grain, "start": first, "end": month_last(first), "metric": m, "value": v} for m, v in values.items()
    ]


def monthly(con, platform: str = "ga4") -> dict[tuple[date, str], dict]:
    """web_monthly of the test museum for a platform: {(month, metric): row}."""
    columns = ["museum_id", "platform", "month", "metric", "value", "source_kind", "is_estimate", "days_covered",
               "days_in_month", "complete"]  # fmt: skip
    return {(r["month"], r["metric"]): r for r in view_rows(con, "web_monthly", columns) if r["platform"] == platform}


def random_days(first: date, last: date, seed: int) -> dict[date, dict[str, float]]:
    """Day figures of a GA4 daily report: sessions, engaged sessions, views, active users, a stated
    engagement rate and an average session duration (each day's own)."""
    draw = random.Random(seed)
    values = {}
    for day in days_of(first, last):
        sessions = draw.randint(20, 90)
        engaged = draw.randint(5, sessions)
        values[day] = {
            "sessions": sessions,
            "engaged_sessions": engaged,
            "views": sessions * draw.randint(2, 4),
            "active_users": sessions - draw.randint(0, 10),
            "engagement_rate": engaged / sessions,
            "average_session_duration": float(draw.randint(30, 240)),
        }
    return values


def test_a_month_from_its_day_rows(con):
    first, last = date(2024, 3, 1), date(2024, 3, 31)
    values = random_days(first, last, seed=1)
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", first, last, day_rows(values))
    got = monthly(con)
    sessions = sum(v["sessions"] for v in values.values())
    engaged = sum(v["engaged_sessions"] for v in values.values())
    assert got[(first, "sessions")]["value"] == sessions
    assert got[(first, "engaged_sessions")]["value"] == engaged
    assert got[(first, "views")]["value"] == sum(v["views"] for v in values.values())
    # rates from their parts, never the mean of the days' rates
    assert got[(first, "engagement_rate")]["value"] == pytest.approx(engaged / sessions)
    mean_of_rates = sum(v["engagement_rate"] for v in values.values()) / len(values)
    assert got[(first, "engagement_rate")]["value"] != pytest.approx(mean_of_rates, abs=1e-12)
    # averages weighted by the day's sessions
    weighted = sum(v["average_session_duration"] * v["sessions"] for v in values.values()) / sessions
    assert got[(first, "average_session_duration")]["value"] == pytest.approx(weighted)
    # users are never summed across days: no month figure without a month row
    assert (first, "active_users") not in got
    row = got[(first, "sessions")]
    assert (row["source_kind"], row["days_covered"], row["days_in_month"], row["complete"]) == (
        "ga4_ui_csv",
        31,
        31,
        True,
    )
    assert row["is_estimate"] is True and got[(first, "views")]["is_estimate"] is False


def test_a_partial_month_says_how_many_days_it_covers(con):
    first, last = date(2024, 2, 20), date(2024, 2, 29)
    values = random_days(first, last, seed=2)
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", first, last, day_rows(values))
    row = monthly(con)[(date(2024, 2, 1), "sessions")]
    assert (row["days_covered"], row["days_in_month"], row["complete"]) == (10, 29, False)
    assert row["value"] == sum(v["sessions"] for v in values.values())


def test_a_month_row_of_a_table_starting_mid_month_covers_only_its_days(con):
    load(con, 1, "ga4_api")
    table(con, 1, 1, "ga4_api", date(2024, 6, 15), date(2024, 8, 31),
          month_rows(date(2024, 6, 1), {"sessions": 300}) + month_rows(date(2024, 7, 1), {"sessions": 500}))  # fmt: skip
    got = monthly(con)
    assert got[(date(2024, 6, 1), "sessions")]["days_covered"] == 16  # June 15 to 30
    assert got[(date(2024, 7, 1), "sessions")]["complete"] is True
    metrics = view_rows(con, "web_metrics", ["period_start", "period_end", "metric"])
    assert {"period_start": date(2024, 6, 15), "period_end": date(2024, 6, 30), "metric": "sessions"} in metrics


def test_a_month_row_wins_over_day_rows_and_its_rates_come_from_its_parts(con):
    first = date(2024, 4, 1)
    values = random_days(first, month_last(first), seed=3)
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", first, month_last(first), day_rows(values))
    stated = {"sessions": 1500.0, "engaged_sessions": 900.0, "active_users": 1100.0, "engagement_rate": 0.61}
    table(con, 1, 2, "ga4_ui_csv", first, month_last(first), month_rows(first, stated))
    got = monthly(con)
    assert got[(first, "sessions")]["value"] == 1500
    assert got[(first, "active_users")]["value"] == 1100
    assert got[(first, "engagement_rate")]["value"] == pytest.approx(900 / 1500)  # not the stated 0.61
    # views only exist as day rows: summed
    assert got[(first, "views")]["value"] == sum(v["views"] for v in values.values())


def test_the_best_source_of_a_month_gives_every_metric(con):
    first = date(2024, 5, 1)
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", first, month_last(first), month_rows(first, {"sessions": 800, "views": 2000}))
    load(con, 2, "ga4_api", minutes=0)  # loaded earlier: the preference is by source, not by date
    table(con, 2, 1, "ga4_api", first, month_last(first), month_rows(first, {"sessions": 790}))
    got = monthly(con)
    assert got[(first, "sessions")]["value"] == 790
    assert got[(first, "sessions")]["source_kind"] == "ga4_api"
    assert (first, "views") not in got  # the chosen source has no views: the interface's are not mixed in


def test_a_later_load_supersedes_an_earlier_one_for_the_periods_both_cover(con):
    may, june, july = date(2024, 5, 1), date(2024, 6, 1), date(2024, 7, 1)
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", may, month_last(june),
          month_rows(may, {"sessions": 100}) + month_rows(june, {"sessions": 200}))  # fmt: skip
    load(con, 2, "ga4_ui_csv")
    table(con, 2, 1, "ga4_ui_csv", june, month_last(july),
          month_rows(june, {"sessions": 210}) + month_rows(july, {"sessions": 300}))  # fmt: skip
    # another report of the same months (channels) adds to them instead of replacing them
    load(con, 3, "ga4_ui_csv")
    table(con, 3, 1, "ga4_ui_csv", may, month_last(july),
          [{"grain": "range", "start": may, "end": month_last(july), "metric": "sessions", "value": 400,
            "dimension_value": "Direct"}], dimensions="channel_group")  # fmt: skip
    got = monthly(con)
    assert [got[(m, "sessions")]["value"] for m in (may, june, july)] == [100, 210, 300]
    rows = view_rows(con, "web_metrics", ["load_id", "period_start", "dimension", "value"])
    assert {(r["load_id"], r["period_start"], r["dimension"]) for r in rows} == {
        (1, may, "total"),
        (2, june, "total"),
        (2, july, "total"),
        (3, may, "channel_group"),
    }


def test_a_replaced_load_no_longer_counts(con):
    first = date(2024, 5, 1)
    load(con, 1, "ga4_ui_csv", replaced=True)
    table(con, 1, 1, "ga4_ui_csv", first, month_last(first), month_rows(first, {"sessions": 100}))
    assert monthly(con) == {}


def test_users_never_summed_and_totals_rows_never_summed(con):
    first, last = date(2024, 9, 1), date(2024, 9, 30)
    draw = random.Random(4)
    values = {
        day: {"sessions": draw.randint(10, 50), "active_users": draw.randint(5, 10)} for day in days_of(first, last)
    }
    total_sessions = sum(v["sessions"] for v in values.values())
    totals = [
        {"grain": "range", "start": first, "end": last, "metric": m, "value": v, "is_total_row": True}
        for m, v in {"sessions": total_sessions, "active_users": 150}.items()
    ]
    load(con, 1, "ga4_ui_csv")
    table(con, 1, 1, "ga4_ui_csv", first, last, day_rows(values) + totals)
    got = monthly(con)
    assert got[(first, "sessions")]["value"] == total_sessions  # not twice
    assert (first, "active_users") not in got  # the totals row is kept for checks, not used
    kept = view_rows(con, "web_metrics", ["grain", "metric"])
    assert {"grain": "range", "metric": "active_users"} not in kept


def test_ua_and_ga4_side_by_side_for_an_overlap_month(con):
    first = date(2023, 3, 1)
    load(con, 1, "ua_export")
    table(con, 1, 1, "ua_export", first, month_last(first),
          month_rows(first, {"sessions": 1200, "total_users": 900, "bounce_rate": 0.48}))  # fmt: skip
    load(con, 2, "ga4_ui_csv")
    table(con, 2, 1, "ga4_ui_csv", first, month_last(first),
          month_rows(first, {"sessions": 1100, "engaged_sessions": 660, "bounce_rate": 0.5}))  # fmt: skip
    ua, ga4 = monthly(con, "ua"), monthly(con, "ga4")
    assert ua[(first, "sessions")]["value"] == 1200 and ua[(first, "sessions")]["is_estimate"] is False
    assert ua[(first, "bounce_rate")]["value"] == 0.48  # UA's bounce rate: single-page sessions, as read
    assert ga4[(first, "sessions")]["value"] == 1100 and ga4[(first, "sessions")]["is_estimate"] is True
    assert ga4[(first, "bounce_rate")]["value"] == pytest.approx(1 - 660 / 1100)  # GA4: 1 − engagement rate


def test_ua_bounce_rate_from_days_is_weighted_by_sessions(con):
    first = date(2022, 11, 1)
    draw = random.Random(5)
    values = {
        day: {"sessions": draw.randint(10, 80), "bounce_rate": draw.randint(20, 70) / 100}
        for day in days_of(first, month_last(first))
    }
    load(con, 1, "ua_export")
    table(con, 1, 1, "ua_export", first, month_last(first), day_rows(values))
    sessions = sum(v["sessions"] for v in values.values())
    expected = sum(v["bounce_rate"] * v["sessions"] for v in values.values()) / sessions
    assert monthly(con, "ua")[(first, "bounce_rate")]["value"] == pytest.approx(expected)


def test_only_additive_metrics_are_summed_from_days(con):
    """Every canonical metric alone in its own month, as two day rows (1 and 2): summed (3) when
    web_metrics.csv calls it additive, absent otherwise (a rate or an average needs its parts, users
    a month row)."""
    load(con, 1, "ga4_ui_csv")
    names = sorted(canonical_metrics())
    rows = []
    for position, metric in enumerate(names):
        first = date(2010 + position // 12, position % 12 + 1, 1)
        rows += [
            {"grain": "day", "start": first, "end": first, "metric": metric, "value": 1.0},
            {"grain": "day", "start": first + timedelta(days=1), "end": first + timedelta(days=1), "metric": metric,
             "value": 2.0},
        ]  # fmt: skip
    table(con, 1, 1, "ga4_ui_csv", date(2010, 1, 1), date(2012, 12, 31), rows)
    got = {metric: row["value"] for (_, metric), row in monthly(con).items()}
    expected = {name: 3.0 for name, metric in canonical_metrics().items() if metric.additive}
    assert got == expected


def test_web_loads_describes_each_load(con):
    first = date(2024, 5, 1)
    load(con, 1, "ga4_api")
    table(con, 1, 1, "ga4_api", first, month_last(first), month_rows(first, {"sessions": 10}),
          caveats=("thresholding",), title="B")  # fmt: skip
    table(con, 1, 2, "ga4_api", date(2024, 4, 1), month_last(first), month_rows(first, {"views": 10}),
          caveats=("other_row", "thresholding"), title="A")  # fmt: skip
    load(con, 2, "ga4_api")  # the same report again, later: load 1's first table no longer counts
    table(con, 2, 1, "ga4_api", first, month_last(first), month_rows(first, {"sessions": 11}))
    load(con, 3, "ua_export")
    table(con, 3, 1, "ua_export", first, month_last(first), month_rows(first, {"sessions": 12}))
    load(con, 4, "ua_export", replaced=True)
    table(con, 4, 1, "ua_export", first, month_last(first), month_rows(first, {"sessions": 13}))
    load(con, 5, "ga4_ui_csv")  # wholly superseded by load 6
    table(con, 5, 1, "ga4_ui_csv", first, month_last(first), month_rows(first, {"sessions": 14}))
    load(con, 6, "ga4_ui_csv")
    table(con, 6, 1, "ga4_ui_csv", first, month_last(first), month_rows(first, {"sessions": 15}))
    columns = ["load_id", "source", "platform", "source_kind", "date_start", "date_end", "tables", "report_titles",
               "caveats", "active"]  # fmt: skip
    rows = {r["load_id"]: r for r in view_rows(con, "web_loads", columns)}
    one = rows[1]
    assert (one["source"], one["platform"], one["source_kind"]) == ("ga4-api", "ga4", "ga4_api")
    assert (one["date_start"], one["date_end"], one["tables"]) == (date(2024, 4, 1), month_last(first), 2)
    assert one["report_titles"] == "A | B"
    assert json.loads(one["caveats"]) == ["estimates", "other_row", "thresholding"]
    assert json.loads(rows[3]["caveats"]) == []  # UA: exact counts
    assert {k: r["active"] for k, r in rows.items()} == {1: True, 2: True, 3: True, 4: False, 5: False, 6: True}


# --- raw GA4 events -----------------------------------------------------------------------------------

# Four sessions over two days of March 2025 (user, session id, day, session number, events as
# (name, session_engaged)), and one event without identifiers (consent mode).
SESSIONS = [
    ("u1", 1000, date(2025, 3, 1), 1, [("session_start", 1), ("page_view", 1), ("page_view", 1)]),
    ("u2", 2000, date(2025, 3, 1), 3, [("page_view", 0)]),
    ("u1", 3000, date(2025, 3, 2), 2, [("page_view", 1), ("purchase", 1)]),
    ("u3", 4000, date(2025, 3, 2), 1, [("page_view", 0)]),
]
KEY_EVENT = ("achat", "purchase")


def raw_events(con, load_id: int = 1) -> None:
    load(con, load_id, "ga4_events")
    given(con, "museum_key_events", [{"museum_id": MUSEUM, "key_event": KEY_EVENT[0], "event_name": KEY_EVENT[1]}])
    rows, number = [], 0
    for user, session, day, session_number, events in SESSIONS:
        start = int(datetime(day.year, day.month, day.day, 14).timestamp())
        for position, (name, engaged) in enumerate(events):
            number += 1
            rows.append(
                {"load_id": load_id, "museum_id": MUSEUM, "row_number": number, "export_table": "daily",
                 "event_date": day, "event_timestamp": (start + 5 * position) * 1_000_000, "event_name": name,
                 "user_pseudo_id": user, "ga_session_id": session, "ga_session_number": session_number,
                 "stream_id": "1", "platform": "WEB", "session_engaged": engaged, "engagement_time_msec": 2000 * (position + 1),
                 "page_location": "https://musee.example/expositions" if name == "page_view" else None}
            )  # fmt: skip
    consent_day = SESSIONS[-1][2]
    rows.append(
        {"load_id": load_id, "museum_id": MUSEUM, "row_number": number + 1, "export_table": "daily",
         "event_date": consent_day, "event_timestamp": 1, "event_name": "page_view"}
    )  # fmt: skip
    given(con, "raw_ga4_events", rows)


def expected_events(days: list[date]) -> dict[str, float]:
    """The whole-site figures of the sessions started on `days`, counted by hand."""
    chosen = [s for s in SESSIONS if s[2] in days]
    engaged = [
        s for s in chosen
        if any(flag for _, flag in s[4]) or sum(n == "page_view" for n, _ in s[4]) >= 2
        or any(n == KEY_EVENT[1] for n, _ in s[4])
    ]  # fmt: skip
    return {
        "sessions": len(chosen),
        "engaged_sessions": len(engaged),
        "engagement_rate": len(engaged) / len(chosen),
        "active_users": len({s[0] for s in chosen}),
        "new_users": sum(s[3] == 1 for s in chosen),
        "views": sum(n == "page_view" for s in chosen for n, _ in s[4]),
        "event_count": sum(len(s[4]) for s in chosen),
        "key_events": sum(n == KEY_EVENT[1] for s in chosen for n, _ in s[4]),
        # 2, 4, 6 … seconds of engagement on the events of a session (none reaches the 10 s timer alone
        # except u1's first session, engaged anyway); GA4's average is per active user
        "user_engagement_duration": sum(2 * (p + 1) for s in chosen for p in range(len(s[4]))),
        "average_engagement_time": sum(2 * (p + 1) for s in chosen for p in range(len(s[4])))
        / len({s[0] for s in chosen}),
    }


def test_raw_events_give_exact_day_and_month_figures(con):
    raw_events(con)
    rows = view_rows(con, "web_metrics", ["source_kind", "grain", "period_start", "period_end", "dimension",
                                          "dimension_value", "metric", "value", "is_estimate", "load_id"])  # fmt: skip
    events = [r for r in rows if r["source_kind"] == "ga4_events"]
    assert {(r["is_estimate"], r["load_id"]) for r in events} == {(False, None)}
    days = sorted({s[2] for s in SESSIONS})
    for day in days:
        got = {r["metric"]: r["value"] for r in events if r["grain"] == "day" and r["period_start"] == day}
        assert got == pytest.approx(expected_events([day]))
    month = {r["metric"]: r["value"] for r in events if r["grain"] == "month" and r["dimension"] == "total"}
    assert month == pytest.approx(expected_events(days))
    # users are distinct over the month: u1 came on both days
    assert month["active_users"] < sum(expected_events([d])["active_users"] for d in days)
    by = {(r["dimension"], r["dimension_value"], r["metric"]): r["value"] for r in events if r["dimension"] != "total"}
    whole = expected_events(days)
    assert by == {
        **{("channel_group", "Direct", m): whole[m] for m in ("sessions", "engaged_sessions", "key_events")},
        **{("landing_page", "/expositions", m): whole[m] for m in ("sessions", "engaged_sessions", "key_events")},
        ("key_event", KEY_EVENT[0], "sessions"): 1,
        ("key_event", KEY_EVENT[0], "key_events"): whole["key_events"],
    }


def test_events_win_over_the_interface_for_the_same_month(con):
    raw_events(con)
    first = date(2025, 3, 1)
    load(con, 2, "ga4_ui_csv")
    table(con, 2, 1, "ga4_ui_csv", first, month_last(first), month_rows(first, {"sessions": 999, "views": 5000}))
    got = monthly(con)
    days = sorted({s[2] for s in SESSIONS})
    assert {m: got[(first, m)]["value"] for m in expected_events(days)} == pytest.approx(expected_events(days))
    row = got[(first, "sessions")]
    assert (row["source_kind"], row["is_estimate"]) == ("ga4_events", False)
    assert (row["days_covered"], row["days_in_month"], row["complete"]) == (len(days), 31, False)


def test_web_loads_describes_an_events_load(con):
    raw_events(con)
    columns = ["load_id", "source", "source_kind", "date_start", "date_end", "tables", "caveats", "active"]
    (row,) = view_rows(con, "web_loads", columns)
    days = sorted({s[2] for s in SESSIONS})
    assert row == {
        "load_id": 1,
        "source": "ga4-events",
        "source_kind": "ga4_events",
        "date_start": days[0],
        "date_end": days[-1],
        "tables": len(days),
        "caveats": json.dumps(["consent_mode"]),
        "active": True,
    }
