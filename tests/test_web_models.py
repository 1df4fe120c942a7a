"""The GA4 event models: stg_ga4__events, int_ga4__sessions and the marts web_sessions, web_key_events and
web_event_quality (docs/ARCHITECTURE.md, « Web analytics »).

Given crafted raw_ga4_events rows (a session crossing midnight and two files, duplicate events ms apart,
the session_engaged flag on session_start or only on a later event, engagement by the timer alone, by two
page views alone, by a key event alone, a gclid without UTM, UTMs on a later event, last-click attribution
present and absent, consent-mode events, a date sent twice, intraday and daily files for one date in
either load order, a return from the ticketing site, key events restricted by link domain and page path),
the views must give what the independent Python sessioniser of tests/web_events_support.py computes,
and the facts counted by hand below.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import duckdb
import pytest

from ingest_support import MUSEUM
from model_support import LOADED, given, memory_store, view_rows
from smq_analytics import models
from smq_analytics.paths import reference_dir
from smq_analytics.sqlfiles import sql
from web_events_support import RAW_COLUMNS, KeyEvent, Settings, key_event_counts, micros, quality, sessions

STREAM = "4412345678"
SITE = "https://www.museetest.example"
SETTINGS = Settings(
    site_domains=["museetest.example"],
    ticketing_domains=["billets.test-billetterie.example"],
    key_events=[
        KeyEvent("achat-billet", "purchase"),
        KeyEvent("clic-billetterie", "click", link_domain="test-billetterie.example"),
        KeyEvent("inscription-atelier", "form_submit", page_path_prefix="/ateliers/"),
        KeyEvent("clic-boutique", "click", link_domain="boutique.example"),
        KeyEvent("clic-boutique-expo", "click", link_domain="boutique.example", page_path_prefix="/expositions/"),
    ],
)


def shipped_categories() -> dict[str, str]:
    with (reference_dir() / "ga4_source_categories.csv").open(encoding="utf-8", newline="") as handle:
        return {row["source"]: row["category"] for row in csv.DictReader(handle)}


class Raw:
    """raw_ga4_events rows as the ingest writes them; row numbers count per load from 2."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._next_row: dict[int, int] = defaultdict(lambda: 1)
        self._next_hash = 1000

    def add(
        self, load_id: int, export: str, day: str, name: str, at: int, user: str | None, sid: int | None, **cols: Any
    ) -> dict[str, Any]:
        self._next_row[load_id] += 1
        self._next_hash += 1
        row = dict.fromkeys(RAW_COLUMNS)
        row |= {
            "load_id": load_id,
            "museum_id": MUSEUM,
            "row_number": self._next_row[load_id],
            "export_table": export,
            "event_date": date.fromisoformat(day),
            "event_timestamp": at,
            "event_name": name,
            "user_pseudo_id": user,
            "ga_session_id": sid,
            "stream_id": STREAM,
            "platform": "WEB",
            "params_hash": self._next_hash,  # every event has its own parameters unless the test says
        }
        unknown = set(cols) - set(RAW_COLUMNS)
        assert not unknown, unknown
        row |= cols
        self.rows.append(row)
        return row


def sid(day: str, hour: int, minute: int) -> int:
    """A ga_session_id: the session start in Unix seconds."""
    return micros(day, hour, minute) // 1_000_000


def crafted() -> Raw:
    raw = Raw()
    d13, d14 = "2026-07-13", "2026-07-14"
    # A: one session across midnight and two daily files (load 1 = 07-13, load 2 = 07-14).
    a = sid(d13, 23, 59)
    raw.add(
        1, "daily", d13, "session_start", micros(d13, 23, 59, 50), "u.a", a, device_category="mobile", ga_session_number=1
    )  # fmt: skip
    raw.add(
        1, "daily", d13, "page_view", micros(d13, 23, 59, 50, 5), "u.a", a,
        page_location=SITE + "/", param_source="google", param_medium="organic", device_category="mobile",
    )  # fmt: skip
    raw.add(2, "daily", d14, "page_view", micros(d14, 0, 0, 30), "u.a", a, page_location=SITE + "/expositions")
    # B: a purchase sent twice 3 ms apart; three identical scrolls at 0, 0.6 s and 1.2 s (first and third kept).
    b = sid(d14, 10, 0)
    raw.add(2, "daily", d14, "session_start", micros(d14, 10, 0, 0), "u.b", b, ga_session_number=3)
    raw.add(2, "daily", d14, "page_view", micros(d14, 10, 0, 1), "u.b", b, page_location=SITE + "/billets")
    raw.add(2, "daily", d14, "purchase", micros(d14, 10, 5, 0, 0), "u.b", b, params_hash=77, transaction_id="T1")
    raw.add(2, "daily", d14, "purchase", micros(d14, 10, 5, 0, 3), "u.b", b, params_hash=77, transaction_id="T1")
    for ms in (0, 600, 1200):
        raw.add(2, "daily", d14, "scroll", micros(d14, 10, 6, 0, ms), "u.b", b, params_hash=88)
    # C: session_engaged (an int in the export) on session_start only.
    c = sid(d14, 11, 0)
    raw.add(2, "daily", d14, "session_start", micros(d14, 11, 0, 0), "u.c", c, session_engaged=1)
    raw.add(2, "daily", d14, "page_view", micros(d14, 11, 0, 0, 500), "u.c", c, page_location=SITE + "/")
    # D: session_engaged (a string "1" in the export) only on a later user_engagement event.
    d = sid(d14, 11, 10)
    raw.add(2, "daily", d14, "session_start", micros(d14, 11, 10, 0), "u.d", d)
    raw.add(2, "daily", d14, "page_view", micros(d14, 11, 10, 1), "u.d", d, page_location=SITE + "/horaire")
    raw.add(
        2, "daily", d14, "user_engagement", micros(d14, 11, 10, 30), "u.d", d,
        session_engaged=1, engagement_time_msec=2000,
    )  # fmt: skip
    # E: engaged by the timer alone (6 s + 4 s = 10 s, GA4's default); E2: 9.999 s, not engaged.
    e = sid(d14, 12, 0)
    raw.add(2, "daily", d14, "page_view", micros(d14, 12, 0, 0), "u.e", e, page_location=SITE + "/")
    raw.add(2, "daily", d14, "user_engagement", micros(d14, 12, 0, 6), "u.e", e, engagement_time_msec=6000)
    raw.add(2, "daily", d14, "user_engagement", micros(d14, 12, 0, 10), "u.e", e, engagement_time_msec=4000)
    e2 = sid(d14, 12, 5)
    raw.add(2, "daily", d14, "page_view", micros(d14, 12, 5, 0), "u.e2", e2, page_location=SITE + "/")
    raw.add(2, "daily", d14, "user_engagement", micros(d14, 12, 5, 9), "u.e2", e2, engagement_time_msec=9999)
    # F: engaged by two page views alone.
    f = sid(d14, 13, 0)
    raw.add(2, "daily", d14, "page_view", micros(d14, 13, 0, 0), "u.f", f, page_location=SITE + "/a")
    raw.add(2, "daily", d14, "page_view", micros(d14, 13, 0, 3), "u.f", f, page_location=SITE + "/b")
    # G: engaged by a key event alone (a workshop sign-up under /ateliers/); no page view.
    g = sid(d14, 13, 30)
    raw.add(2, "daily", d14, "session_start", micros(d14, 13, 30, 0), "u.g", g)
    raw.add(2, "daily", d14, "form_submit", micros(d14, 13, 30, 2), "u.g", g, page_location=SITE + "/ateliers/poterie")
    # H: a gclid and no UTM: google / cpc, Paid Search.
    h = sid(d14, 14, 0)
    raw.add(2, "daily", d14, "page_view", micros(d14, 14, 0, 0), "u.h", h, page_location=SITE + "/", param_gclid="Cj0K")
    # I: UTMs on the second event only; collected_traffic_source wins over the params.
    i = sid(d14, 14, 30)
    raw.add(2, "daily", d14, "session_start", micros(d14, 14, 30, 0), "u.i", i)
    raw.add(
        2, "daily", d14, "page_view", micros(d14, 14, 30, 1), "u.i", i, page_location=SITE + "/",
        collected_source="infolettre", collected_medium="email", collected_campaign="ete-2026",
        param_source="autre", param_medium="referral",
    )  # fmt: skip
    # J: last-click attribution present (from the second event on): it wins over the event's source.
    j = sid(d14, 15, 0)
    raw.add(2, "daily", d14, "session_start", micros(d14, 15, 0, 0), "u.j", j)
    raw.add(
        2, "daily", d14, "page_view", micros(d14, 15, 0, 1), "u.j", j, page_location=SITE + "/",
        param_source="l.facebook.com", param_medium="referral",
        last_click_source="facebook", last_click_medium="social", last_click_campaign="(referral)",
    )  # fmt: skip
    # K: an older row without last click: the first event with a source.
    k = sid(d14, 15, 30)
    raw.add(
        2, "daily", d14, "page_view", micros(d14, 15, 30, 0), "u.k", k, page_location=SITE + "/",
        param_source="lapresse.ca", param_medium="referral",
    )  # fmt: skip
    # L: consent mode: no ids. Counted as events (even two alike 1 ms apart), never as a session.
    raw.add(2, "daily", d14, "page_view", micros(d14, 16, 0, 0), None, None, page_location=SITE + "/", params_hash=5)
    raw.add(2, "daily", d14, "page_view", micros(d14, 16, 0, 0, 1), None, None, page_location=SITE + "/", params_hash=5)
    raw.add(2, "daily", d14, "purchase", micros(d14, 16, 1, 0), None, None, params_hash=6)
    # L2: the same consent-mode purchase record sent twice (identical to the microsecond): one event.
    raw.add(2, "daily", d14, "purchase", micros(d14, 16, 1, 0), None, None, params_hash=6)
    # O: back from the ticketing site (no cross-domain tagging) with a purchase; O2: a self-referral.
    o = sid(d14, 17, 0)
    raw.add(
        2, "daily", d14, "page_view", micros(d14, 17, 0, 0), "u.o", o, page_location=SITE + "/merci",
        param_source="billets.test-billetterie.example", param_medium="referral",
    )  # fmt: skip
    raw.add(2, "daily", d14, "purchase", micros(d14, 17, 0, 2), "u.o", o, transaction_id="T2")
    o2 = sid(d14, 17, 30)
    raw.add(
        2, "daily", d14, "page_view", micros(d14, 17, 30, 0), "u.o2", o2, page_location=SITE + "/",
        param_source="www.museetest.example", param_medium="referral",
    )  # fmt: skip
    # P: clicks and form submissions checked against the key events' link domain and page path.
    p = sid(d14, 18, 0)
    raw.add(2, "daily", d14, "page_view", micros(d14, 18, 0, 0), "u.p", p, page_location=SITE + "/expositions/momies")
    clicks = [
        ("www.billets.test-billetterie.example", "/expositions/momies"),  # clic-billetterie, ticketing click
        ("nottest-billetterie.example", "/expositions/momies"),  # neither
        ("boutique.example", "/expositions/momies"),  # clic-boutique-expo (the more specific rule)
        ("BOUTIQUE.example", "/billets"),  # clic-boutique
    ]
    for n, (domain, path) in enumerate(clicks, start=1):
        raw.add(
            2, "daily", d14, "click", micros(d14, 18, 0, n), "u.p", p, link_domain=domain, page_location=SITE + path
        )
    raw.add(2, "daily", d14, "form_submit", micros(d14, 18, 0, 9), "u.p", p, page_location=SITE + "/atelier")
    # M: 07-20 sent twice (loads 3 then 5): the later file, with a late session, replaces the date.
    d20 = "2026-07-20"
    for load, users in ((3, ("u.m1", "u.m2")), (5, ("u.m1", "u.m2", "u.m3"))):
        for n, user in enumerate(users):
            raw.add(load, "daily", d20, "page_view", micros(d20, 9, n), user, sid(d20, 9, n), page_location=SITE + "/")
    raw.add(5, "daily", d20, "purchase", micros(d20, 9, 2, 30), "u.m3", sid(d20, 9, 2))
    # N: 07-21 daily (load 4) then intraday (load 6); 07-23 intraday (load 8) then daily (load 9): daily wins
    # both times. 07-22: intraday only (load 7).
    d21, d22, d23 = "2026-07-21", "2026-07-22", "2026-07-23"
    n1, n2, n9 = sid(d21, 9, 0), sid(d21, 9, 5), sid(d21, 9, 9)
    raw.add(4, "daily", d21, "page_view", micros(d21, 9, 0), "u.n1", n1, page_location=SITE + "/")
    raw.add(4, "daily", d21, "page_view", micros(d21, 9, 5), "u.n2", n2, page_location=SITE + "/billets")
    raw.add(
        4, "daily", d21, "click", micros(d21, 9, 5, 4), "u.n2", n2,
        link_domain="billets.test-billetterie.example", page_location=SITE + "/billets",
    )  # fmt: skip
    raw.add(6, "intraday", d21, "page_view", micros(d21, 9, 0), "u.n1", n1, page_location=SITE + "/")
    raw.add(6, "intraday", d21, "page_view", micros(d21, 9, 9), "u.n9", n9, page_location=SITE + "/")
    raw.add(7, "intraday", d22, "page_view", micros(d22, 9, 0), "u.q1", sid(d22, 9, 0), page_location=SITE + "/")
    p1, p2 = sid(d23, 9, 0), sid(d23, 9, 5)
    raw.add(8, "intraday", d23, "page_view", micros(d23, 9, 0), "u.p1", p1, page_location=SITE + "/")
    raw.add(9, "daily", d23, "page_view", micros(d23, 9, 0), "u.p1", p1, page_location=SITE + "/")
    raw.add(9, "daily", d23, "page_view", micros(d23, 9, 5), "u.p2", p2, page_location=SITE + "/")
    return raw


def store_with(raw: Raw, settings: Settings, engaged_seconds: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory store holding the rows, the museum's web settings, the shipped source categories and a
    ledger entry per load."""
    con = memory_store()
    given(con, "raw_ga4_events", raw.rows)
    loads = sorted({(r["load_id"], r["export_table"]) for r in raw.rows})
    given(
        con,
        "load_ledger",
        [
            {
                "load_id": load_id,
                "source": "ga4-events",
                "museum_id": MUSEUM,
                "file_name": f"events_{export}_{load_id}.json.gz",
                "file_sha256": f"{load_id:064x}",
                "file_format": "json",
                "rows_read": 0,
                "rows_accepted": 0,
                "rows_rejected": 0,
                "loaded_at": LOADED,
            }
            for load_id, export in loads
        ],
    )
    given(
        con,
        "museum_web_domains",
        [{"museum_id": MUSEUM, "domain": d, "role": "site"} for d in settings.site_domains]
        + [{"museum_id": MUSEUM, "domain": d, "role": "ticketing"} for d in settings.ticketing_domains],
    )
    given(
        con,
        "museum_key_events",
        [
            {
                "museum_id": MUSEUM,
                "key_event": k.key_event,
                "event_name": k.event_name,
                "link_domain": k.link_domain,
                "page_path_prefix": k.page_path_prefix,
            }
            for k in settings.key_events
        ],
    )
    if engaged_seconds is not None:
        con.execute(
            "UPDATE museums SET web_engaged_seconds = $seconds WHERE museum_id = $museum",
            {"seconds": engaged_seconds, "museum": MUSEUM},
        )
    con.execute(
        sql("reference/load_ref_ga4_source_categories"), {"path": str(reference_dir() / "ga4_source_categories.csv")}
    )
    return con


@pytest.fixture(scope="module")
def scenario():
    raw = crafted()
    settings = Settings(**{**SETTINGS.__dict__, "categories": shipped_categories()})
    con = store_with(raw, settings)
    yield con, raw, settings
    con.close()


SESSION_COLUMNS = [
    "session_key",
    "user_pseudo_id",
    "ga_session_id",
    "ga_session_number",
    "session_date",
    "started_at",
    "ended_at",
    "duration_seconds",
    "engagement_seconds",
    "events",
    "page_views",
    "engaged",
    "source",
    "medium",
    "campaign",
    "source_category",
    "channel_group",
    "landing_page",
    "key_events",
    "has_key_event",
    "ticketing_clicks",
    "referral_kind",
    "crosses_midnight",
    "device_category",
    "load_id",
]


def by_user(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    return {row["user_pseudo_id"]: row for row in view_rows(con, "web_sessions", SESSION_COLUMNS)}


def test_web_sessions_are_what_the_independent_sessioniser_computes(scenario):
    con, raw, settings = scenario
    expected = sessions(raw.rows, settings)
    got = {row["session_key"]: row for row in view_rows(con, "web_sessions", SESSION_COLUMNS)}
    assert set(got) == set(expected)
    for key, row in expected.items():
        assert got[key] == row, key


def test_web_key_events_are_what_the_independent_sessioniser_computes(scenario):
    con, raw, settings = scenario
    columns = ["museum_id", "event_date", "key_event", "event_name", "channel_group", "occurrences", "sessions"]
    got = view_rows(con, "web_key_events", columns)
    expected = key_event_counts(raw.rows, settings)
    order = lambda r: [(v is not None, v) for v in r.values()]  # noqa: E731
    assert got == sorted(expected, key=order)


def test_web_event_quality_is_what_the_independent_sessioniser_computes(scenario):
    con, raw, settings = scenario
    columns = [
        "museum_id",
        "event_date",
        "events",
        "duplicate_events_removed",
        "consent_events",
        "intraday_only",
        "superseded_loads",
    ]
    got = view_rows(con, "web_event_quality", columns)
    order = lambda r: [(v is not None, v) for v in r.values()]  # noqa: E731
    assert got == sorted(quality(raw.rows, settings), key=order)


# Counted by hand from crafted() (each line says why).
def test_the_crafted_sessions_have_the_facts_counted_by_hand(scenario):
    con, _, _ = scenario
    s = by_user(con)
    # A: one session over two dates and two files, dated by its first event, from Google organic.
    assert (s["u.a"]["events"], s["u.a"]["session_date"], s["u.a"]["crosses_midnight"]) == (3, date(2026, 7, 13), True)
    assert (s["u.a"]["load_id"], s["u.a"]["channel_group"], s["u.a"]["landing_page"]) == (1, "Organic Search", "/")
    assert s["u.a"]["device_category"] == "mobile" and s["u.a"]["duration_seconds"] == pytest.approx(40.0)
    assert (s["u.a"]["ga_session_number"], s["u.b"]["ga_session_number"], s["u.c"]["ga_session_number"]) == (1, 3, None)
    # B: 7 rows, the second purchase and the middle scroll removed.
    assert (s["u.b"]["events"], s["u.b"]["key_events"], s["u.b"]["engaged"]) == (5, 1, True)
    # C, D: the flag on session_start, the flag only on a later event; E: 10 s of timer; E2: 9.999 s.
    assert [s[u]["engaged"] for u in ("u.c", "u.d", "u.e", "u.e2")] == [True, True, True, False]
    assert s["u.c"]["channel_group"] == "Direct" and (s["u.c"]["source"], s["u.c"]["medium"]) == ("(direct)", "(none)")
    # F: two page views; G: a key event, no page view.
    assert (s["u.f"]["engaged"], s["u.f"]["page_views"]) == (True, 2)
    assert (s["u.g"]["engaged"], s["u.g"]["key_events"], s["u.g"]["landing_page"]) == (True, 1, "(not set)")
    # H: gclid alone; I: UTMs on the second event; J: last click wins; K: no last click.
    assert (s["u.h"]["source"], s["u.h"]["medium"], s["u.h"]["channel_group"]) == ("google", "cpc", "Paid Search")
    assert (s["u.i"]["source"], s["u.i"]["campaign"], s["u.i"]["channel_group"]) == ("infolettre", "ete-2026", "Email")
    assert (s["u.j"]["source"], s["u.j"]["channel_group"]) == ("facebook", "Organic Social")
    assert (s["u.k"]["source"], s["u.k"]["channel_group"]) == ("lapresse.ca", "Referral")
    # O: back from the ticketing site with a purchase; O2: from the museum's own site.
    assert (s["u.o"]["referral_kind"], s["u.o"]["channel_group"], s["u.o"]["has_key_event"]) == (
        "ticketing",
        "Referral",
        True,
    )
    assert s["u.o2"]["referral_kind"] == "self" and s["u.k"]["referral_kind"] is None
    # P: key events clic-billetterie, clic-boutique-expo, clic-boutique; one ticketing click.
    assert (s["u.p"]["key_events"], s["u.p"]["ticketing_clicks"]) == (3, 1)
    # M, N: 07-20 counts load 5 only (3 sessions); 07-21 the daily file (u.n9 of the intraday file is not
    # there); 07-22 its intraday file; 07-23 the daily file.
    assert {u for u, r in s.items() if r["session_date"] == date(2026, 7, 20)} == {"u.m1", "u.m2", "u.m3"}
    assert "u.n9" not in s and s["u.n1"]["load_id"] == 4 and s["u.q1"]["load_id"] == 7
    assert s["u.p1"]["load_id"] == 9 and s["u.p2"]["load_id"] == 9
    assert s["u.n2"]["ticketing_clicks"] == 1
    # L: consent-mode events make no session: 15 sessions on 07-13/14, 3 on 07-20, 2 + 1 + 2 on 07-21/22/23.
    assert len(s) == 23


def test_key_events_and_quality_have_the_facts_counted_by_hand(scenario):
    con, _, _ = scenario
    keys = view_rows(con, "web_key_events", ["event_date", "key_event", "channel_group", "occurrences", "sessions"])
    on_14 = {
        (r["key_event"], r["channel_group"]): (r["occurrences"], r["sessions"])
        for r in keys
        if r["event_date"] == date(2026, 7, 14)
    }
    assert on_14 == {
        ("achat-billet", None): (1, 0),  # consent mode
        ("achat-billet", "Direct"): (1, 1),  # B (its duplicate removed)
        ("achat-billet", "Referral"): (1, 1),  # O
        ("inscription-atelier", "Direct"): (1, 1),  # G
        ("clic-billetterie", "Direct"): (1, 1),  # P
        ("clic-boutique", "Direct"): (1, 1),  # P
        ("clic-boutique-expo", "Direct"): (1, 1),  # P
    }
    rows = view_rows(
        con,
        "web_event_quality",
        ["event_date", "events", "duplicate_events_removed", "consent_events", "intraday_only", "superseded_loads"],
    )
    by_date = {r.pop("event_date"): r for r in rows}
    # 07-14: 41 rows in load 2, 3 duplicates removed (purchase, middle scroll, the consent purchase sent
    # twice), 3 consent events kept.
    assert by_date[date(2026, 7, 14)] == {
        "events": 38,
        "duplicate_events_removed": 3,
        "consent_events": 3,
        "intraday_only": False,
        "superseded_loads": 0,
    }
    assert by_date[date(2026, 7, 20)]["events"] == 4 and by_date[date(2026, 7, 20)]["superseded_loads"] == 1
    assert [by_date[date(2026, 7, day)]["intraday_only"] for day in (21, 22, 23)] == [False, True, False]
    assert [by_date[date(2026, 7, day)]["superseded_loads"] for day in (21, 22, 23)] == [1, 0, 1]


def test_the_contracts_of_the_three_marts_hold_on_the_crafted_events(scenario):
    con, _, _ = scenario
    contracts = [
        c for c in models.load_contracts() if c.name in ("web_sessions", "web_key_events", "web_event_quality")
    ]
    assert len(contracts) == 3
    assert models.run_contract_tests(con, contracts) == []


def test_the_duplicate_window_is_one_second_from_the_last_kept_event():
    raw = Raw()
    day, user, session = "2026-08-01", "u.w", sid("2026-08-01", 10, 0)
    base = micros(day, 10, 0)
    # 0: kept; 1.000000 s: within the window (removed); 1.000001 s: kept; 2.000001 s: 1 s after the last
    # kept one (removed); 2.5 s: 0.5 s after a removed event but 1.5 s after the last kept one: kept.
    for offset in (0, 1_000_000, 1_000_001, 2_000_001, 2_500_000):
        raw.add(1, "daily", day, "scroll", base + offset, user, session, params_hash=9)
    con = store_with(raw, Settings())
    kept = con.execute("SELECT event_timestamp - $base FROM stg_ga4__events ORDER BY 1", {"base": base}).fetchall()
    assert [k[0] for k in kept] == [0, 1_000_001, 2_500_000]
    con.close()


def test_the_museums_engagement_timer_setting_is_used():
    raw = Raw()
    day = "2026-08-02"
    for user, msec in (("u.20s", 20_000), ("u.40s", 40_000)):
        session = sid(day, 10, 0)
        raw.add(1, "daily", day, "page_view", micros(day, 10, 0), user, session, page_location=SITE + "/")
        raw.add(1, "daily", day, "user_engagement", micros(day, 10, 1), user, session, engagement_time_msec=msec)
    con = store_with(raw, Settings(), engaged_seconds=30)
    engaged = {r["user_pseudo_id"]: r["engaged"] for r in view_rows(con, "web_sessions", ["user_pseudo_id", "engaged"])}
    assert engaged == {"u.20s": False, "u.40s": True}
    expected = sessions(raw.rows, Settings(engaged_seconds=30))
    assert {s["user_pseudo_id"]: s["engaged"] for s in expected.values()} == engaged
    con.close()


def random_events(seed: int) -> Raw:
    """A few hundred seeded random events over three dates sent as several files (a re-delivered date, an
    intraday file before its daily one), with sessions running past midnight, duplicates on both sides
    of the window, consent rows, sources, last clicks, clicks and key events."""
    rng = random.Random(seed)
    raw = Raw()
    names = ["session_start", "page_view", "page_view", "user_engagement", "scroll", "click", "purchase", "form_submit"]
    sources = [
        {},
        {"param_source": "google", "param_medium": "organic"},
        {"param_gclid": "Cj0"},
        {"collected_source": "infolettre", "collected_medium": "email", "param_source": "x", "param_medium": "y"},
        {"param_source": "billets.test-billetterie.example", "param_medium": "referral"},
        {"param_source": "m.facebook.com", "param_medium": "referral", "last_click_source": "facebook"},
        {"last_click_source": "google", "last_click_medium": "cpc", "last_click_campaign": "boutique-shop"},
    ]
    domains = [None, "billets.test-billetterie.example", "boutique.example", "ailleurs.example"]
    paths = ["/", "/ateliers/bois", "/expositions/a", "/billets"]
    # date -> its files (load, export table); the next date's daily file holds the events after midnight
    files = {
        "2026-09-01": [(1, "daily")],
        "2026-09-02": [(2, "daily"), (4, "daily")],
        "2026-09-03": [(3, "intraday"), (5, "daily")],
        "2026-09-04": [(6, "daily")],
    }
    for day in list(files)[:3]:
        next_day = str(date.fromisoformat(day) + timedelta(days=1))
        for user_number in range(rng.randint(15, 25)):
            start = micros(day, rng.choice([10, 15, 23]), rng.choice([0, 30, 59]), rng.randint(0, 59))
            session = None if rng.random() < 0.1 else start // 1_000_000
            user = None if session is None else f"u{user_number}.{rng.randint(1, 3)}"
            at = start
            for _ in range(rng.randint(1, 6)):
                at += rng.randint(0, 40_000_000)
                row_day = day if at < micros(next_day) else next_day
                extra = dict(rng.choice(sources)) if rng.random() < 0.4 else {}
                event = {
                    "page_location": SITE + rng.choice(paths),
                    "link_domain": rng.choice(domains),
                    "session_engaged": rng.choice([None, None, 1]),
                    "engagement_time_msec": rng.choice([None, 500, 4000]),
                    "device_category": rng.choice([None, "mobile", "desktop"]),
                    "params_hash": rng.randint(1, 3),
                } | extra
                name = rng.choice(names)
                copy_after = rng.randint(0, 1_500_000) if rng.random() < 0.2 else None
                delivered = files[row_day] if rng.random() < 0.8 else files[row_day][-1:]
                for load, export in delivered:
                    raw.add(load, export, row_day, name, at, user, session, **event)
                    if copy_after is not None:  # the same event again, a few ms to 1.5 s later
                        raw.add(load, export, row_day, name, at + copy_after, user, session, **event)
    return raw


def test_random_events_agree_with_the_sessioniser():
    raw = random_events(2026)
    settings = Settings(**{**SETTINGS.__dict__, "categories": shipped_categories()})
    expected = sessions(raw.rows, settings)
    assert sum(s["crosses_midnight"] for s in expected.values()) > 0  # the draw covers what it should
    con = store_with(raw, settings)
    got = {row["session_key"]: row for row in view_rows(con, "web_sessions", SESSION_COLUMNS)}
    assert got == expected
    order = lambda r: [(v is not None, v) for v in r.values()]  # noqa: E731
    columns = ["museum_id", "event_date", "key_event", "event_name", "channel_group", "occurrences", "sessions"]
    assert view_rows(con, "web_key_events", columns) == sorted(key_event_counts(raw.rows, settings), key=order)
    expected_quality = quality(raw.rows, settings)
    got_quality = view_rows(con, "web_event_quality", list(expected_quality[0]))
    assert got_quality == sorted(expected_quality, key=order)
    assert sum(q["duplicate_events_removed"] for q in expected_quality) > 0
    con.close()
