"""The web workbook (topic `web`, notebooks/04_web.ipynb): every figure against a hand computation on
small stand-in marts written here (web_monthly, web_metrics, web_loads, web_sessions, web_key_events,
web_event_quality, attendance_monthly as tables with the contract's columns), the cross-domain check,
peers only with 5 other museums, a museum without web data, and the French of the sentences
(docs/ARCHITECTURE.md, « Topics », Web). Tests on the demo store run when it has the web marts."""

from __future__ import annotations

import calendar as pycalendar
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from smq_analytics import params, store
from smq_analytics.i18n import NBSP
from smq_analytics.metrics.scope import ScopeError, open_scope
from smq_analytics.topics.web import (
    channels,
    continuity,
    labels,
    metrics,
    narrative,
    pages,
    peers_web,
    ticketing,
)

A = "musee-des-brumes"  # events 2025-2026, UI 2024, UA 2023-2024 (overlap Jul–Dec 2024), ticketing problem
B = "musee-des-lucioles"  # GA4 UI, no ticketing domain, no self-referral
NONE = "musee-du-filon-perdu"  # no web data
PEERS = (
    "centre-des-engrenages",
    "centre-des-marees-douces",
    "maison-des-vents-sales",
    "musee-de-la-lumiere-urbaine",
    "observatoire-du-phare-endormi",
)
YEAR = 2026


def sessions_of(museum: str, month: str) -> int:
    """A deterministic, seasonal monthly session count (summer peak in July)."""
    number = int(month[5:7])
    base = 1000 + 100 * (sum(map(ord, museum)) % 7)
    return base + 80 * (6 - abs(number - 7)) + (13 if month[:4] == "2026" else 0)


def months(first: str, last: str) -> list[str]:
    out, month = [], first
    while month <= last:
        out.append(month)
        month = metrics.shift_month(month, 1)
    return out


def _days(month: str) -> int:
    return pycalendar.monthrange(int(month[:4]), int(month[5:7]))[1]


MONTHLY = [
    "museum_id VARCHAR",
    "platform VARCHAR",
    "month DATE",
    "metric VARCHAR",
    "value DOUBLE",
    "source_kind VARCHAR",
    "is_estimate BOOLEAN",
    "days_covered INTEGER",
    "days_in_month INTEGER",
    "complete BOOLEAN",
]
METRICS_COLUMNS = [
    "museum_id VARCHAR",
    "platform VARCHAR",
    "source_kind VARCHAR",
    "grain VARCHAR",
    "period_start DATE",
    "period_end DATE",
    "dimension VARCHAR",
    "dimension_value VARCHAR",
    "metric VARCHAR",
    "value DOUBLE",
    "is_estimate BOOLEAN",
    "load_id INTEGER",
]


class Builder:
    def __init__(self):
        self.monthly: list[tuple] = []
        self.metrics: list[tuple] = []

    def month(self, museum, platform, month, metric, value, kind, days=None):
        full = _days(month)
        covered = full if days is None else days
        self.monthly.append(
            (museum, platform, f"{month}-01", metric, value, kind, kind != "ga4_events", covered, full, covered == full)
        )

    def dim(self, museum, platform, kind, grain, start, end, dimension, value, metric, number):
        self.metrics.append((museum, platform, kind, grain, start, end, dimension, value, metric, number, False, 1))


CHANNEL_SPLIT = {"Organic Search": 0.5, "Direct": 0.3, "Referral": 0.2}
CHANNEL_SPLIT_2025 = {"Organic Search": 0.4, "Direct": 0.3, "Referral": 0.2, "Email": 0.1}
ENGAGED_RATE = {"Organic Search": 0.7, "Direct": 0.6, "Referral": 0.4}
PAGES = {"/": 0.6, "/expositions": 0.3, "/billets": 0.1}


def build(tmp_path: Path, peers: tuple[str, ...] = PEERS) -> Path:
    db = tmp_path / "web.duckdb"
    con = store.connect(db, read_only=False)
    params.sync_museums(con, params.load_museums())
    b = Builder()
    # museum A: UA 2023-01 … 2024-12, GA4 UI 2024-07 … 2024-12 (overlap), GA4 events 2025-01 … 2026-11
    for m in months("2023-01", "2024-12"):
        b.month(A, "ua", m, "sessions", round(sessions_of(A, m) * 1.2), "ua_export")
        b.month(A, "ua", m, "views", round(sessions_of(A, m) * 3.0), "ua_export")
    for i, m in enumerate(months("2024-07", "2024-12")):
        b.month(A, "ga4", m, "sessions", sessions_of(A, m) + 7 * i, "ga4_ui_csv")
        b.month(A, "ga4", m, "views", round(sessions_of(A, m) * 3.0 * 0.98), "ga4_ui_csv")
    for m in months("2025-01", "2026-11"):
        s = sessions_of(A, m)
        b.month(A, "ga4", m, "sessions", s, "ga4_events")
        b.month(A, "ga4", m, "engaged_sessions", round(s * (0.5 + int(m[5:7]) / 100)), "ga4_events")
        b.month(A, "ga4", m, "key_events", round(s * 0.02), "ga4_events")
        b.month(A, "ga4", m, "views", 3 * s, "ga4_events")
        start, end = f"{m}-01", f"{m}-{_days(m)}"
        split = CHANNEL_SPLIT if m[:4] == "2026" else CHANNEL_SPLIT_2025
        for channel, share in split.items():
            b.dim(A, "ga4", "ga4_events", "month", start, end, "channel_group", channel, "sessions", s * share)
            rate = ENGAGED_RATE.get(channel, 0.5)
            b.dim(
                A,
                "ga4",
                "ga4_events",
                "month",
                start,
                end,
                "channel_group",
                channel,
                "engaged_sessions",
                s * share * rate,
            )
            b.dim(A, "ga4", "ga4_events", "month", start, end, "channel_group", channel, "key_events", s * share * 0.02)
        for page, share in PAGES.items():
            b.dim(A, "ga4", "ga4_events", "month", start, end, "landing_page", page, "sessions", s * share)
            b.dim(
                A, "ga4", "ga4_events", "month", start, end, "landing_page", page, "engaged_sessions", s * share * 0.5
            )
        # rare pages: one session each (folded), one carrying a personal path
        b.dim(A, "ga4", "ga4_events", "month", start, end, "landing_page", f"/membre/{m}", "sessions", 1)
    # museum B: GA4 UI 2025-01 … 2026-11, channels as a yearly range table plus a nested quarter table
    for m in months("2025-01", "2026-11"):
        s = sessions_of(B, m)
        b.month(B, "ga4", m, "sessions", s, "ga4_ui_csv")
        b.month(B, "ga4", m, "engaged_sessions", round(s * 0.55), "ga4_ui_csv")
    for channel, share in CHANNEL_SPLIT.items():
        total = sum(sessions_of(B, m) for m in months("2026-01", "2026-11"))
        b.dim(
            B,
            "ga4",
            "ga4_ui_csv",
            "range",
            "2026-01-01",
            "2026-11-30",
            "channel_group",
            channel,
            "sessions",
            total * share,
        )
        b.dim(B, "ga4", "ga4_ui_csv", "range", "2026-07-01", "2026-09-30", "channel_group", channel, "sessions", 999)
    b.dim(B, "ga4", "ga4_ui_csv", "range", "2026-01-01", "2026-11-30", "source", "google", "sessions", 5000)
    b.dim(B, "ga4", "ga4_ui_csv", "range", "2026-01-01", "2026-11-30", "source", "(direct)", "sessions", 3000)
    # peers: GA4 UI for 2026 with engagement and channels
    for peer in peers:
        for m in months("2026-01", "2026-11"):
            s = sessions_of(peer, m)
            b.month(peer, "ga4", m, "sessions", s, "ga4_ui_csv")
            b.month(peer, "ga4", m, "engaged_sessions", round(s * (0.4 + len(peer) / 100)), "ga4_ui_csv")
        total = sum(sessions_of(peer, m) for m in months("2026-01", "2026-11"))
        organic = 0.3 + len(peer) / 200
        b.dim(
            peer,
            "ga4",
            "ga4_ui_csv",
            "range",
            "2026-01-01",
            "2026-11-30",
            "channel_group",
            "Organic Search",
            "sessions",
            total * organic,
        )
        b.dim(
            peer,
            "ga4",
            "ga4_ui_csv",
            "range",
            "2026-01-01",
            "2026-11-30",
            "channel_group",
            "Direct",
            "sessions",
            total * (1 - organic),
        )
    con.execute(f"DROP VIEW IF EXISTS web_monthly; CREATE TABLE web_monthly ({', '.join(MONTHLY)})")
    con.executemany(f"INSERT INTO web_monthly VALUES ({', '.join('?' * len(MONTHLY))})", b.monthly)
    con.execute(f"DROP VIEW IF EXISTS web_metrics; CREATE TABLE web_metrics ({', '.join(METRICS_COLUMNS)})")
    con.executemany(f"INSERT INTO web_metrics VALUES ({', '.join('?' * len(METRICS_COLUMNS))})", b.metrics)
    con.execute(
        "DROP VIEW IF EXISTS web_loads; CREATE TABLE web_loads (museum_id VARCHAR, load_id INTEGER, source VARCHAR,"
        " platform VARCHAR, source_kind VARCHAR, file_name VARCHAR, loaded_at TIMESTAMP, date_start DATE,"
        " date_end DATE, tables INTEGER, report_titles VARCHAR, caveats VARCHAR, active BOOLEAN)"
    )
    con.executemany(
        "INSERT INTO web_loads VALUES (?, ?, ?, ?, ?, ?, TIMESTAMP '2026-12-01 10:00:00', ?, ?, 1, '', ?, ?)",
        [
            (A, 1, "ua", "ua", "ua_export", "ua.csv", "2023-01-01", "2024-12-31", "[]", True),
            (A, 2, "ga4-ui", "ga4", "ga4_ui_csv", "ga4.csv", "2024-07-01", "2024-12-31", '["thresholding"]', True),
            (A, 3, "ga4-events", "ga4", "ga4_events", "e1.json.gz", "2025-01-01", "2025-12-31", "[]", True),
            (A, 4, "ga4-events", "ga4", "ga4_events", "e2.json.gz", "2026-01-01", "2026-11-30", '["intraday"]', True),
            (A, 5, "ga4-events", "ga4", "ga4_events", "old.json.gz", "2020-01-01", "2020-01-31", "[]", False),
            (B, 6, "ga4-ui", "ga4", "ga4_ui_csv", "b.csv", "2025-01-01", "2026-11-30", '["other_row"]', True),
        ],
    )
    con.execute(
        "DROP VIEW IF EXISTS web_event_quality; CREATE TABLE web_event_quality (museum_id VARCHAR, event_date DATE,"
        " events BIGINT, duplicate_events_removed BIGINT, consent_events BIGINT, intraday_only BOOLEAN,"
        " superseded_loads INTEGER)"
    )
    con.executemany(
        "INSERT INTO web_event_quality VALUES (?, ?, ?, ?, ?, ?, 0)",
        [
            (A, "2026-03-01", 1000, 3, 40, False),
            (A, "2026-11-29", 800, 0, 20, False),
            (A, "2026-11-30", 200, 1, 0, True),
            (A, "2025-05-01", 999, 9, 999, False),
        ],
    )
    con.execute(
        "DROP VIEW IF EXISTS web_sessions; CREATE TABLE web_sessions (museum_id VARCHAR, session_date DATE,"
        " channel_group VARCHAR, referral_kind VARCHAR, key_events INTEGER, has_key_event BOOLEAN,"
        " ticketing_clicks INTEGER)"
    )
    sessions_rows = [(A, "2026-05-02", "Organic Search", None, 0, False, 0)] * 80
    sessions_rows += [(A, "2026-05-02", "Organic Search", None, 1, True, 1)] * 5
    sessions_rows += [(A, "2026-05-03", "Referral", "ticketing", 1, True, 0)] * 12
    sessions_rows += [(A, "2026-05-03", "Direct", "self", 2, True, 0)] * 3
    con.executemany("INSERT INTO web_sessions VALUES (?, ?, ?, ?, ?, ?, ?)", sessions_rows)
    con.execute(
        "DROP VIEW IF EXISTS web_key_events; CREATE TABLE web_key_events (museum_id VARCHAR, event_date DATE,"
        " key_event VARCHAR, event_name VARCHAR, channel_group VARCHAR, occurrences BIGINT, sessions BIGINT)"
    )
    con.executemany(
        "INSERT INTO web_key_events VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (A, "2026-05-02", "achat-billet", "purchase", "Referral", 12, 12),
            (A, "2026-05-03", "infolettre", "sign_up", "Organic Search", 5, 5),
            (A, "2026-06-03", "achat-billet", "purchase", "Direct", 6, 3),
            (A, "2026-06-04", "achat-billet", "purchase", None, 2, 0),  # consent denied: no session
        ],
    )
    con.execute("CREATE OR REPLACE MACRO channel_rules_version() AS 'test-rules-1'")
    con.execute(
        "DROP VIEW IF EXISTS attendance_monthly; CREATE TABLE attendance_monthly (museum_id VARCHAR, month DATE,"
        " year INTEGER, total BIGINT, paid BIGINT, free BIGINT, school BIGINT, sites BIGINT)"
    )
    attendance = []
    for museum in (A, *peers):
        for m in months("2025-01", "2026-10"):
            number = int(m[5:7])
            attendance.append((museum, f"{m}-01", int(m[:4]), 2000 + 300 * (6 - abs(number - 8)), None, None, None, 1))
    con.executemany("INSERT INTO attendance_monthly VALUES (?, ?, ?, ?, ?, ?, ?, ?)", attendance)
    con.close()
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("web"))


def plain(narrative_or_text) -> str:
    """The text with its no-break spaces as ordinary spaces, for matching sentences."""
    return str(narrative_or_text).replace(NBSP, " ")


def scope_of(db, museum, lang="fr", year=0):
    return open_scope(museum, year, lang, str(db), web=True)


# --- scope ----------------------------------------------------------------------------------------


def test_the_web_scope_reads_calendar_years_with_web_data_and_keeps_museums_without(db):
    scope = scope_of(db, A)
    assert scope.seasons == (2023, 2024, 2025, 2026) and scope.year == 2026
    none = scope_of(db, NONE)
    assert none.seasons == () and none.year == 2026  # the latest year any museum has web data for
    assert scope_of(db, NONE, year=2021).year == 2021
    with pytest.raises(ScopeError) as caught:
        scope_of(db, A, year=2019)
    assert "2023, 2024, 2025, 2026" in caught.value.text("fr")
    assert scope.with_choice(museum=NONE).year == 2026
    assert scope.with_choice(year=2024).year == 2024
    survey_scope = open_scope(A, 0, "fr", str(db), needs_survey=False) if False else None  # modes untouched
    assert survey_scope is None


# --- 1. data basis --------------------------------------------------------------------------------


def test_the_data_basis_lists_active_sources_with_their_periods_and_caveats(db):
    basis = metrics.data_basis(scope_of(db, A))
    assert [s.source for s in basis.sources] == ["ga4-events", "ga4-ui", "ua"]
    events = basis.sources[0]
    assert (events.files, events.first_day, events.last_day) == (2, date(2025, 1, 1), date(2026, 11, 30))
    assert basis.rules_version == "test-rules-1"
    q = basis.quality
    assert (q.events, q.duplicates, q.consent_events, q.intraday_days) == (2000, 4, 60, 1)
    assert q.consent_share == pytest.approx(60 / 2000)
    text = plain(narrative.basis(basis, "fr"))
    assert "version test-rules-1" in text and "3 % des événements de 2026" in text
    assert "1 journée de 2026 repose encore" in text
    assert "2 fichiers, du 1er janvier 2025 au 30 novembre 2026" in text
    assert "seuil de confidentialité" in text and "estimations" in text  # GA4 UI: estimates and thresholding
    assert "11 mois avec des données (janvier à novembre)" in text


def test_a_museum_without_web_data_reads_one_sentence_per_section_and_gets_no_chart(db):
    scope = scope_of(db, NONE)
    basis = metrics.data_basis(scope)
    text = plain(narrative.basis(basis, "fr"))
    assert text.startswith("Aucune donnée Web n'a été transmise pour ce musée :")
    assert f"smq-analytics ingest ga4-ui FICHIER.csv --museum {NONE}" in text
    assert plain(narrative.no_web("fr")) == "Pas de données Web."
    assert str(narrative.no_web("en")) == "No web data."
    assert narrative.basis_summary(basis)["fr"] == "Aucune donnée Web transmise"


# --- 2. traffic ------------------------------------------------------------------------------------


def test_traffic_compares_the_same_complete_months_and_sets_attendance_beside(db):
    result = metrics.traffic(scope_of(db, A))
    assert result.platform == "ga4" and result.previous_platform == "ga4"
    assert result.compared == tuple(range(1, 12))  # December 2026 not loaded
    assert result.total == sum(sessions_of(A, f"2026-{n:02d}") for n in range(1, 12))
    assert result.previous_total == sum(sessions_of(A, f"2025-{n:02d}") for n in range(1, 12))
    assert result.peak_sessions == 7 and result.peak_attendance == 8
    # correlations by hand over the months with both series (2025-01 … 2026-10)
    web = {m: sessions_of(A, m) for m in months("2025-01", "2026-11")}
    visits = {m: 2000 + 300 * (6 - abs(int(m[5:7]) - 8)) for m in months("2025-01", "2026-10")}
    same = [m for m in web if m in visits]
    assert result.paired == len(same) == 22
    assert result.correlation_0 == pytest.approx(
        pd.Series([web[m] for m in same]).corr(pd.Series([visits[m] for m in same]))
    )
    nxt = [m for m in web if metrics.shift_month(m, 1) in visits]
    expected_1 = pd.Series([web[m] for m in nxt]).corr(pd.Series([visits[metrics.shift_month(m, 1)] for m in nxt]))
    assert result.correlation_1 == pytest.approx(expected_1)
    text = plain(narrative.traffic(result, "fr"))
    assert "De janvier à novembre 2026, le site a reçu" in text
    assert "sur les mêmes mois de 2025" in text
    assert (
        "Les sessions culminent en juillet, la fréquentation en août : l'intérêt en ligne précède les visites d'un mois."
        in text
    )
    english = plain(narrative.traffic(result, "en"))
    assert "From January to November 2026, the site received" in english and "by one month" in english


# --- 3. channels ------------------------------------------------------------------------------------


def test_channel_shares_by_hand_and_one_range_table_per_period(db):
    result = channels.channels(scope_of(db, A))
    total = sum(sessions_of(A, m) for m in months("2026-01", "2026-11"))
    table = result.table.set_index("channel")
    for channel, share in CHANNEL_SPLIT.items():
        assert table.loc[channel, "sessions"] == pytest.approx(total * share)
        assert table.loc[channel, "share"] == pytest.approx(share)
        assert table.loc[channel, "engagement_rate"] == pytest.approx(ENGAGED_RATE[channel])
    assert table.loc["Email", "share"] == 0 and table.loc["Email", "previous_share"] == pytest.approx(0.1)
    text = plain(narrative.channels(result, "test-rules-1", "fr"))
    assert "Principaux canaux en 2026 : Recherche naturelle (50 % des sessions)" in text
    assert "Plus forte hausse depuis 2025" in text and "Recherche naturelle (+10" in text
    assert "Courriel (−10" in text
    assert "version test-rules-1" in text
    assert "Organic Search (50% of sessions)" in plain(narrative.channels(result, "v", "en"))
    # B: the yearly range table, not the nested quarter table on top of it
    b = channels.channels(scope_of(db, B))
    assert b.current.source_kind == "ga4_ui_csv" and b.current.first_day == date(2026, 1, 1)
    b_total = sum(sessions_of(B, m) for m in months("2026-01", "2026-11"))
    assert b.table["sessions"].sum() == pytest.approx(b_total)
    assert "regroupement de canaux par défaut de GA4 lui-même" in plain(narrative.channels(b, None, "fr"))


# --- 4. landing pages -------------------------------------------------------------------------------


def test_landing_pages_fold_pages_under_ten_sessions(db):
    result = pages.landing_pages(scope_of(db, A))
    total = sum(sessions_of(A, m) for m in months("2026-01", "2026-11"))
    table = result.table.set_index("page")
    assert list(table.index) == ["/", "/expositions", "/billets", pages.OTHERS]
    assert table.loc["/", "sessions"] == pytest.approx(total * 0.6)
    assert table.loc["/", "engagement_rate"] == pytest.approx(0.5)
    assert table.loc[pages.OTHERS, "sessions"] == 11 and table.loc[pages.OTHERS, "pages"] == 11
    assert result.folded_small == 11
    rows, _ = narrative.page_rows(result, "fr")
    assert not any("/membre/" in r for r in rows) and rows[-1].startswith("Autres pages (11)")
    text = plain(narrative.pages(result, None, "fr"))
    assert "Les pages de moins de 10 sessions (11) sont regroupées" in text
    assert pages.clean_path("https://Musee.example/a/b?x=1#top") == "/a/b"


# --- 5. engagement -----------------------------------------------------------------------------------


def test_engagement_rate_and_ga4_bounce_by_hand(db):
    result = metrics.engagement(scope_of(db, A))
    s = {m: sessions_of(A, m) for m in months("2026-01", "2026-11")}
    e = {m: round(s[m] * (0.5 + int(m[5:7]) / 100)) for m in s}
    assert result.rate == pytest.approx(sum(e.values()) / sum(s.values()))
    assert result.bounce == pytest.approx(1 - sum(e.values()) / sum(s.values()))
    text = plain(narrative.engagement(result, channels.channels(scope_of(db, A)), 10, "fr"))
    assert "le taux de rebond de GA4, son complément" in text
    assert "Ce n'est pas le taux de rebond d'Universal Analytics" in text
    assert "Taux le plus élevé en novembre" in text and "le plus bas en janvier" in text
    ua_year = metrics.engagement(scope_of(db, A, year=2023))
    assert ua_year.rate is None
    assert "qui ne mesurait pas l'engagement" in plain(narrative.engagement(ua_year, None, 10, "fr"))


# --- 6. key events and cross-domain -------------------------------------------------------------------


def test_key_events_and_the_cross_domain_check(db):
    scope = scope_of(db, A)
    result = ticketing.key_events(scope)
    # raw events give the key events: by month, event and channel from the same rows (12 + 5 + 6 + 2)
    assert result.key_events == 12 + 5 + 6 + 2
    assert list(result.table["key_events"])[:11] == [0, 0, 0, 0, 17, 8, 0, 0, 0, 0, 0]
    assert dict(zip(result.by_channel["channel"], result.by_channel["key_events"])) == {
        "Referral": 12,
        "Direct": 6,
        "Organic Search": 5,
        ticketing.NO_SESSION: 2,
    }
    assert labels.channel_label(ticketing.NO_SESSION, "fr") == "Sans session (consentement refusé)"
    sessions = sum(sessions_of(A, m) for m in months("2026-01", "2026-11"))
    assert result.per_100_sessions == pytest.approx(100 * 25 / sessions)
    assert result.session_rate == pytest.approx((5 + 12 + 3) / 100)
    assert list(result.by_event["key_event"]) == ["achat-billet", "infolettre"]
    assert list(result.by_event["occurrences"]) == [20, 5]
    check = ticketing.cross_domain(scope)
    assert check.problem and check.ticketing_sessions == 12 and check.self_sessions == 3
    assert check.key_events_in_referrals == 12 + 6
    assert check.direct_referral_share == pytest.approx((12 + 6) / (5 + 12 + 6))
    text = plain(narrative.key_events(result, check, A, "fr"))
    assert "Problème de mesure entre domaines : 15 sessions de 2026" in text
    assert "billets.brumes-billetterie.example" in text and "sites référents indésirables" in text
    b = ticketing.cross_domain(scope_of(db, B))
    assert not b.problem and b.verdict == ticketing.NOT_DECLARED and b.source == "sources"
    assert "Aucun site de billetterie n'est déclaré" in plain(narrative.cross_domain_text(b, YEAR, B, "fr"))


# --- 7. before and after GA4 ---------------------------------------------------------------------------


def test_continuity_overlap_ratio_by_hand(db):
    result = continuity.continuity(scope_of(db, A))
    overlap = months("2024-07", "2024-12")
    assert result.overlap == tuple(overlap)
    ga4 = [sessions_of(A, m) + 7 * i for i, m in enumerate(overlap)]
    ua = [round(sessions_of(A, m) * 1.2) for m in overlap]
    assert result.sessions.ratio == pytest.approx(sum(ga4) / sum(ua))
    assert result.sessions.n == 6
    text = plain(narrative.continuity(result, "fr"))
    assert "De juillet 2024 à décembre 2024, le site était mesuré par les deux outils (6" in text
    assert "pointillée" in text and "UA coupait une session à minuit" in text
    categories, series, breaks, note = narrative.continuity_lines(result, "sessions", "fr")
    assert [s.dash for s in series] == ["solid", "solid", "dot"] and breaks == []
    assert categories[0] == "janv. 2023"


# --- 8. peers --------------------------------------------------------------------------------------------


def test_peers_by_hand_and_only_with_five_others(db, tmp_path):
    scope = scope_of(db, A)
    values = peers_web.museum_values(scope).set_index("museum_id")
    assert set(values.index) == {A, B, *PEERS}
    for peer in PEERS:
        s = [sessions_of(peer, m) for m in months("2026-01", "2026-11")]
        e = [round(x * (0.4 + len(peer) / 100)) for x in s]
        assert values.loc[peer, "engagement_rate"] == pytest.approx(sum(e) / sum(s))
        assert values.loc[peer, "organic_share"] == pytest.approx(0.3 + len(peer) / 200)
        visits = {m: 2000 + 300 * (6 - abs(int(m[5:7]) - 8)) for m in months("2026-01", "2026-10")}
        expected = 1000 * sum(sessions_of(peer, m) for m in visits) / sum(visits.values())
        assert values.loc[peer, "sessions_per_1000"] == pytest.approx(expected)
    result = peers_web.compare(scope)
    network = [c for c in result.comparisons["engagement_rate"] if c.group.kind == "network"][0]
    assert network.available and network.benchmark.n_museums == 6  # B and the five peers
    others = sorted(values.drop(A)["engagement_rate"].dropna())
    assert network.benchmark.median == pytest.approx(pd.Series(others).median())
    text = plain(narrative.peers(result, "fr"))
    assert "ensemble du réseau SMQ (6 autres musées)" in text
    # with four peers, nothing is published
    small = tmp_path / "few.duckdb"
    shutil.copy(db, small)
    con = duckdb.connect(str(small))  # the stand-in tables as they are (no migration)
    for table in ("web_monthly", "web_metrics"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, museum_id)", [list(PEERS[3:])])
    con.close()
    few = peers_web.compare(scope_of(small, A))
    assert not any(c.available for cs in few.comparisons.values() for c in cs)
    assert "n'est pas publiée" in plain(narrative.peers(few, "fr"))


# --- grammar ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, fr, en",
    [
        (0, "0\u00a0session", "0 sessions"),
        (1, "1\u00a0session", "1 session"),
        (2, "2\u00a0sessions", "2 sessions"),
        (12345, "12\u00a0345\u00a0sessions", "12,345 sessions"),
    ],
)
def test_session_counts_agree_with_their_number(n, fr, en):
    assert narrative.sessions(n, "fr") == fr
    assert narrative.sessions(n, "en") == en.replace(" ", "\u00a0")


def test_french_elision_month_spans_and_channel_names():
    assert narrative._de("avril 2024") == "d'avril 2024" and narrative._de("juin 2024") == "de juin 2024"
    assert narrative._de("août 2024") == "d'août 2024"
    assert narrative._span_months("2022-08", "2023-06", "fr") == "D'août 2022 à juin 2023"
    assert narrative._span_months("2022-07", "2023-06", "fr") == "De juillet 2022 à juin 2023"
    assert narrative._month_span((1, 2, 3), "fr") == "janvier à mars"
    assert narrative._month_span((1, 3), "fr") == "janvier et mars"
    assert labels.channel_label("Organic Search", "fr") == "Recherche naturelle"
    assert labels.channel_label("Organic Search", "en") == "Organic Search"
    assert labels.channel_label("Unassigned", "fr") == "Non attribué"
    assert labels.channel_label("Something new", "fr") == "Something new"
    assert narrative._duration(85, "fr") == "1\u00a0min 25\u00a0s" and narrative._duration(45, "fr") == "45\u00a0s"


# --- the demo store --------------------------------------------------------------------------------------


def test_the_cross_domain_problem_is_found_for_brumes_and_not_for_lucioles(demo_db):
    brumes = ticketing.cross_domain(open_scope(A, 0, "fr", str(demo_db), web=True))
    lucioles = ticketing.cross_domain(open_scope(B, 0, "fr", str(demo_db), web=True))
    assert brumes.problem and brumes.source == "events" and brumes.ticketing_sessions >= ticketing.SELF_REFERRAL_MIN
    assert not lucioles.problem


def test_demo_sessions_by_month_match_a_pandas_count_of_the_raw_events(demo_db):
    """Sessions of the report's year recounted from raw_ga4_events: per date the rows of one load
    (the daily export before the intraday one, then the latest load), events with both identifiers,
    distinct stream × user × session keys, each in the month of its first event."""
    scope = open_scope(A, 0, "fr", str(demo_db), web=True)
    with store.open_store(demo_db, read_only=True) as con:
        raw = con.execute(
            "SELECT e.load_id, e.export_table, e.event_date, e.stream_id, e.user_pseudo_id, e.ga_session_id"
            " FROM raw_ga4_events e JOIN load_ledger l USING (load_id)"
            " WHERE e.museum_id = ? AND l.replaced_at IS NULL",
            [A],
        ).df()
    loads = raw[["event_date", "export_table", "load_id"]].drop_duplicates()
    loads["daily"] = loads["export_table"] == "daily"
    winners = loads.sort_values(["event_date", "daily", "load_id"]).groupby("event_date").tail(1)
    kept = raw.merge(winners[["event_date", "load_id"]], on=["event_date", "load_id"])
    kept = kept.dropna(subset=["user_pseudo_id", "ga_session_id"])
    key = kept["stream_id"].astype(str) + "/" + kept["user_pseudo_id"] + "/" + kept["ga_session_id"].astype(str)
    first = pd.to_datetime(kept.groupby(key)["event_date"].min())
    counted = first[first.dt.year == scope.year].dt.month.value_counts()
    result = metrics.traffic(scope)
    shown = {int(n): v for n, v in zip(result.table["month_number"], result.table["sessions"]) if v == v and v}
    assert shown == {int(m): float(c) for m, c in counted.items()}


# --- chart, registry and live view ----------------------------------------------------------------------


def test_count_lines_draws_dotted_indications_and_declares_no_cells():
    from smq_analytics import charts

    lines = [
        charts.LineSeries("UA", [1.0, 2.0, None], "#838e9b"),
        charts.LineSeries("x", [None, 2.0, 3.0], "#2f6eb5", "dot"),
    ]
    figure = charts.count_lines(["a", "b", "c"], lines, "T", "fr", breaks=[2], tick_every=2)
    assert figure.layout.meta["smq_cells"] == []
    assert [t.line.dash for t in figure.data] == ["solid", "dot"]
    assert figure.layout.shapes[0].x0 == 1.5 and figure.layout.xaxis.dtick == 2
    assert list(figure.data[0].text) == ["1", "2", "–"]
    assert charts.count_lines(["a"], [charts.LineSeries("UA", [None], "#000")], "T") is None


def test_the_registry_words_the_calendar_year_and_the_live_view_draws(db, capsys):
    from smq_analytics import topics

    web = topics.topic("web")
    assert web.notebook == "04_web" and web.sources == () and "ga4-events" in web.optional_sources
    assert topics.period_text("04_web", 2026, "fr") == "Année 2026"
    assert topics.period_text("04_web", 2026, "en") == "Year 2026"
    view = web.live_view()
    view(scope_of(db, NONE))
    shown = capsys.readouterr().out.replace(NBSP, " ")
    assert "Aucune donnée Web n'a été transmise" in shown and "Pas de données Web" not in shown  # said once
    view(scope_of(db, A))  # every section of the report, without error
    assert "Pas de données Web" not in capsys.readouterr().out.replace(NBSP, " ")
