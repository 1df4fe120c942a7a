"""The demo store's web figures recomputed from the raw demo files, without smq_analytics's SQL.

The store is SMQ_DB (else data/demo/demo.duckdb), its files SMQ_DEMO_DIR (else data/demo/files).
GA4 raw events (musee-des-brumes, musee-des-lucioles): sessions, engaged sessions and sessions by
channel group of 2026 in web_sessions against the hand sessionisation of tests/web_demo_support.py;
key events in web_key_events against a hand count. Aggregated reports: web_monthly's sessions by
month against a parse of the GA4 interface CSVs, the Data API JSON and the UA exports (csv, openpyxl,
json). Every expected figure is computed here from the files, none is written down.
"""

from __future__ import annotations


import duckdb
import pytest
import web_demo_support as support
from recompute_support import _find_demo_files, _ledger, _store_path

from smq_analytics.demo.web_files import WEB_PLANS

EVENT_MUSEUMS = [m for m, plan in WEB_PLANS.items() if plan.ga4_events is not None]
YEAR = 2026


@pytest.fixture(scope="module")
def demo():
    """The demo store and the folder of the files it was built from (recompute_support finds it)."""
    db = _store_path()
    assert db.is_file(), f"demo store missing ({db}): build one (smq-analytics --db STORE demo)"
    folder = _find_demo_files(db, _ledger(db))
    con = duckdb.connect(str(db), read_only=True)
    yield con, folder
    con.close()


def stored_monthly(con, museum_id: str, platform: str) -> dict[str, tuple[float, str]]:
    rows = con.execute(
        "SELECT strftime(month, '%Y-%m'), value, source_kind FROM web_monthly "
        "WHERE museum_id = ? AND platform = ? AND metric = 'sessions'",
        [museum_id, platform],
    ).fetchall()
    return {month: (value, kind) for month, value, kind in rows}


# --- GA4 raw events ----------------------------------------------------------------------------------


@pytest.mark.parametrize("museum_id", EVENT_MUSEUMS)
def test_sessions_engaged_sessions_and_channels_of_the_year_match_a_hand_sessionisation(demo, museum_id):
    con, folder = demo
    mine = support.year_figures(folder / museum_id, museum_id, YEAR)
    stored = con.execute(
        "SELECT count(*), count(*) FILTER (engaged) FROM web_sessions WHERE museum_id = ? AND year(session_date) = ?",
        [museum_id, YEAR],
    ).fetchone()
    assert stored == (mine.sessions, mine.engaged)
    channels = dict(
        con.execute(
            "SELECT channel_group, count(*) FROM web_sessions WHERE museum_id = ? AND year(session_date) = ? GROUP BY 1",
            [museum_id, YEAR],
        ).fetchall()
    )
    assert channels == mine.channels
    print(
        f"\n{museum_id} {YEAR}: sessions {stored[0]} (hand {mine.sessions}), engaged {stored[1]} (hand {mine.engaged}); "
        + ", ".join(f"{c} {channels.get(c, 0) / stored[0]:.1%} (hand {n / mine.sessions:.1%})" for c, n in sorted(mine.channels.items(), key=lambda x: -x[1]))
    )  # fmt: skip


@pytest.mark.parametrize("museum_id", EVENT_MUSEUMS)
def test_key_event_occurrences_of_the_year_match_a_hand_count(demo, museum_id):
    con, folder = demo
    mine = support.year_figures(folder / museum_id, museum_id, YEAR)
    stored = dict(
        con.execute(
            "SELECT key_event, sum(occurrences) FROM web_key_events WHERE museum_id = ? AND year(event_date) = ? GROUP BY 1",
            [museum_id, YEAR],
        ).fetchall()
    )
    assert {k: int(v) for k, v in stored.items()} == mine.key_events


@pytest.mark.parametrize("museum_id", EVENT_MUSEUMS)
def test_monthly_sessions_of_the_events_match_the_hand_sessionisation(demo, museum_id):
    con, folder = demo
    found = support.sessions(support.winning_events(support.demo_ga4_files(folder / museum_id)))
    mine: dict[str, int] = {}
    for session in found:
        mine[session.session_date[:7]] = mine.get(session.session_date[:7], 0) + 1
    stored = {m: v for m, (v, kind) in stored_monthly(con, museum_id, "ga4").items() if kind == "ga4_events"}
    assert stored == pytest.approx({m: float(v) for m, v in mine.items()})


# --- aggregated reports ---------------------------------------------------------------------------------

UI_MUSEUMS = [m for m, plan in WEB_PLANS.items() if plan.ga4_ui is not None]
UA_MUSEUMS = [m for m, plan in WEB_PLANS.items() if plan.ua is not None]
API_MUSEUMS = [m for m, plan in WEB_PLANS.items() if plan.ga4_api is not None]


@pytest.mark.parametrize("museum_id", UI_MUSEUMS)
def test_ga4_interface_monthly_sessions_are_the_sums_of_the_date_series(demo, museum_id):
    con, folder = demo
    mine = support.by_month(support.ga4_ui_daily_sessions(folder / museum_id))
    stored = {m: v for m, (v, kind) in stored_monthly(con, museum_id, "ga4").items() if kind == "ga4_ui_csv"}
    assert stored == pytest.approx(mine)


@pytest.mark.parametrize("museum_id", API_MUSEUMS)
def test_ga4_api_monthly_sessions_are_the_sums_of_the_daily_responses(demo, museum_id):
    con, folder = demo
    mine = support.by_month(support.api_daily_sessions(folder / museum_id))
    stored = {m: v for m, (v, kind) in stored_monthly(con, museum_id, "ga4").items() if kind == "ga4_api"}
    assert stored == pytest.approx(mine)


@pytest.mark.parametrize("museum_id", UA_MUSEUMS)
def test_ua_monthly_sessions_match_the_month_of_year_or_day_index_tables(demo, museum_id):
    con, folder = demo
    mine = support.ua_monthly_sessions(folder / museum_id)
    stored = {m: v for m, (v, _) in stored_monthly(con, museum_id, "ua").items()}
    assert stored == pytest.approx(mine)
