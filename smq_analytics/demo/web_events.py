"""Demo GA4 BigQuery export (source ga4-events): sessions drawn one by one, written in Google's shapes.

musee-des-brumes sends NDJSON .json.gz monthly shards (as `bq extract` names them), one re-delivered
daily file with the late events of 2026-07-14 and one intraday file for 2026-11-30 (a date the daily
data also holds); musee-des-lucioles sends Parquet monthly shards whose files before 2025-07 lack
collected_traffic_source and session_traffic_source_last_click (older export schema). The realistic
faults of the real export are planted (docs/ARCHITECTURE.md « Web analytics »): sessions crossing
midnight, duplicated events, consent-mode rows without ids, session_engaged as an int on session_start / first_visit and as a
string later, personal data in a query string (?email=…) that the store must never keep, and tickets
sold on another domain without cross-domain tagging (the visitor comes back in a new session whose
source is the ticketing site, and the purchase fires there). docs/ARCHITECTURE.md, « Sources ».

Random numbers are drawn in bulk, sessions are assembled in a Python loop (about ten thousand per
museum), the event columns are built once; NDJSON lines are formatted directly (INT64 as strings, an
event parameter holding only its set member) and compressed with gzip mtime 0, Parquet is written by
DuckDB from the same columns (typed INT64, nested structs).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import gzip
import json
from functools import lru_cache

import duckdb
import numpy as np
import pandas as pd

from .manifest import DemoMuseum, ManifestEntry
from .web_files import CHANNEL_MIX, WebPlan, expected_sessions, web_rng

ZONE = ZoneInfo("America/Toronto")
REDELIVERED = date(2026, 7, 14)
INTRADAY = date(2026, 11, 30)
LAST_CLICK_FROM = date(2025, 7, 1)  # Parquet shards before this month have the older schema
PLANTED_EMAILS = ("marie.tremblay@exemple.ca", "jean.gagnon@exemple.ca", "lea.roy@exemple.ca")

PAGES = (
    ("/", "Accueil"),
    ("/fr/expositions/les-brumes-du-fleuve", "Les brumes du fleuve"),
    ("/fr/expositions/phares-et-naufrages", "Phares et naufrages"),
    ("/en/exhibitions/river-mists", "River mists"),
    ("/billets", "Billets"),
    ("/horaires", "Horaires et tarifs"),
    ("/activites/ateliers-familles", "Ateliers familles"),
    ("/activites/camp-de-jour", "Camp de jour"),
    ("/infolettre", "Infolettre"),
    ("/fr/groupes-scolaires", "Groupes scolaires"),
    ("/en/", "Home"),
    ("/fr/nous-joindre", "Nous joindre"),
)
ALL_PAGES = (*PAGES, ("/fr/merci-achat", "Merci pour votre achat"))  # the last one: back from the ticketing site
LANDING_WEIGHTS = (0.30, 0.12, 0.08, 0.05, 0.12, 0.12, 0.06, 0.03, 0.04, 0.03, 0.03, 0.02)
PAGE_WEIGHTS = (0.10, 0.13, 0.10, 0.04, 0.16, 0.16, 0.08, 0.05, 0.06, 0.04, 0.02, 0.06)
PAGE_COUNTS = (1, 2, 3, 4, 5, 6)
PAGE_COUNT_WEIGHTS = (0.50, 0.25, 0.12, 0.07, 0.04, 0.02)
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3.5, 4.5, 5, 5, 5, 5, 4.5, 4.5, 4, 4, 4.5, 5, 5, 4, 3, 2)
DEVICES = (("mobile", "Android", "Chrome"), ("mobile", "iOS", "Safari"), ("desktop", "Windows", "Chrome"),
           ("desktop", "Macintosh", "Safari"), ("tablet", "iOS", "Safari"))  # fmt: skip
DEVICE_WEIGHTS = (0.30, 0.28, 0.28, 0.09, 0.05)
PLACES = (("Canada", "Quebec", "Rimouski"), ("Canada", "Quebec", "Québec"), ("Canada", "Quebec", "Montréal"),
          ("Canada", "Ontario", "Ottawa"), ("United States", "Maine", "Portland"), ("France", "Ile-de-France", "Paris"))  # fmt: skip
PLACE_WEIGHTS = (0.35, 0.25, 0.22, 0.08, 0.05, 0.05)
OUTBOUND = ("www.bonjourquebec.com", "www.facebook.com", "www.google.com")

# channel -> ((source, medium, campaign, query string of the landing page, weight), ...)
TRAFFIC: dict[str, tuple] = {
    "Organic Search": (("google", "organic", "(organic)", "", 0.85), ("bing", "organic", "(organic)", "", 0.10),
                       ("duckduckgo", "organic", "(organic)", "", 0.05)),
    "Direct": (("(direct)", "(none)", "(direct)", "", 1.0),),
    "Organic Social": (("l.facebook.com", "referral", "(referral)", "?fbclid=IwAR2demo", 0.55),
                       ("instagram.com", "referral", "(referral)", "", 0.25),
                       ("facebook", "social", "ete-musee", "?utm_source=facebook&utm_medium=social&utm_campaign=ete-musee", 0.20)),
    "Referral": (("bonjourquebec.com", "referral", "(referral)", "", 0.5), ("quebecmusees.example", "referral", "(referral)", "", 0.3),
                 ("journal-regional.example", "referral", "(referral)", "", 0.2)),
    "Email": (("infolettre", "email", "infolettre-mensuelle",
               "?utm_source=infolettre&utm_medium=email&utm_campaign=infolettre-mensuelle", 1.0),),
    "Paid Search": (("google", "cpc", "marque-musee", "?gclid=Cj0KCQdemo", 1.0),),
    "Unassigned": (("affiche-quai", "qr", "ete", "?utm_source=affiche-quai&utm_medium=qr&utm_campaign=ete", 1.0),),
    "Paid Social": (("facebook.com", "paid_social", "expo-printemps",
                     "?utm_source=facebook.com&utm_medium=paid_social&utm_campaign=expo-printemps", 1.0),),
    "Display": (("reseau-culturel.example", "display", "banniere-hiver",
                 "?utm_source=reseau-culturel.example&utm_medium=display&utm_campaign=banniere-hiver", 1.0),),
    "Organic Video": (("youtube.com", "referral", "(referral)", "", 1.0),),
}  # fmt: skip
REFERRERS = {"google": "https://www.google.com/", "bing": "https://www.bing.com/", "duckduckgo": "https://duckduckgo.com/",
             "l.facebook.com": "https://l.facebook.com/", "instagram.com": "https://instagram.com/",
             "bonjourquebec.com": "https://www.bonjourquebec.com/fr/", "quebecmusees.example": "https://quebecmusees.example/",
             "journal-regional.example": "https://journal-regional.example/culture", "youtube.com": "https://www.youtube.com/"}  # fmt: skip

EVENT_FIELDS = ("session", "event_name", "event_timestamp", "page", "first", "engaged_int", "engaged_str",
                "engagement_ms", "link_domain", "percent_scrolled", "email", "revenue", "transaction_id")  # fmt: skip


class _Draws:
    """The sessions drawn so far (one entry per session) and their events (one tuple per event)."""

    def __init__(self):
        self.sessions: dict[str, list] = {k: [] for k in ("pseudo", "touch", "sid", "number", "device", "place",
                                                          "traffic", "first_traffic")}  # fmt: skip
        self.events: list[tuple] = []
        self.traffic: list[tuple] = [(c, *o[:4]) for c, options in TRAFFIC.items() for o in options]

    def traffic_index(self, row: tuple) -> int:
        if row not in self.traffic:
            self.traffic.append(row)
        return self.traffic.index(row)


def _utc_midnights(first: date, count: int) -> np.ndarray:
    """UTC Unix seconds of each local midnight (America/Toronto) from `first`, one per day and one more."""
    return np.array(
        [int(datetime.combine(first + timedelta(i), datetime.min.time(), ZONE).timestamp()) for i in range(count + 1)]
    )


def _has_web(demo: DemoMuseum) -> bool:
    web = getattr(demo.museum, "web", None)
    return bool(web and web.site_domains)


def _draw_sessions(demo: DemoMuseum, plan: WebPlan) -> tuple[_Draws, np.ndarray, str]:
    """Every session of the museum's GA4 period, event by event (random draws made in bulk first)."""
    rng = web_rng(demo, "ga4-events")
    _, start, end = plan.ga4_events
    site = demo.museum.web.site_domains[0] if _has_web(demo) else "museum.example"
    ticketing = tuple(demo.museum.web.ticketing_domains) if _has_web(demo) else ()
    threshold_ms = demo.museum.web.engaged_after_seconds * 1000  # the stream's session timer
    counts = rng.poisson(expected_sessions(demo.profile, plan, start, end))
    midnights = _utc_midnights(start, len(counts))
    n = int(counts.sum())
    day = np.repeat(np.arange(len(counts)), counts)
    crosses = rng.random(n) < 0.01
    hours = rng.choice(24, size=n, p=np.array(HOUR_WEIGHTS) / sum(HOUR_WEIGHTS)) + rng.random(n)
    second = np.where(crosses, 86_400 - rng.integers(120, 900, n), (hours * 3600).astype(np.int64))
    t0s = midnights[day] + second
    draws = _Draws()
    base_rows = len(draws.traffic)
    weights = np.array([CHANNEL_MIX[row[0]] * o[4] for row, o in zip(draws.traffic, (o for opts in TRAFFIC.values()
                                                                                      for o in opts))])  # fmt: skip
    traffic = rng.choice(base_rows, size=n, p=weights / weights.sum())
    consent = rng.random(n) < 0.05
    returning = rng.random(n) < 0.3
    device = rng.choice(len(DEVICES), size=n, p=np.array(DEVICE_WEIGHTS))
    place = rng.choice(len(PLACES), size=n, p=np.array(PLACE_WEIGHTS))
    page_count = rng.choice(PAGE_COUNTS, size=n, p=np.array(PAGE_COUNT_WEIGHTS))
    pages = rng.choice(len(PAGES), size=(n, 6), p=np.array(PAGE_WEIGHTS))
    pages[:, 0] = rng.choice(len(PAGES), size=n, p=np.array(LANDING_WEIGHTS))
    dwell = rng.integers(5, 90, size=(n, 6))
    uniform = rng.random((n, 12))
    scroll = rng.random((n, 6)) < 0.2
    pseudo_ids = rng.integers(100_000_000, 2_147_483_647, n)
    revenue = rng.choice((18.0, 36.0, 54.0, 72.0), size=n)
    users: list[int] = []  # session index of each user's latest session

    def session(i: int, t0: int, kind: str, row: int, user: int | None) -> None:
        u = uniform[i]
        s = draws.sessions
        index = len(s["pseudo"])
        if consent[i] and kind == "normal":
            pseudo, touch, number, first_traffic = None, None, None, row
        elif user is None:
            pseudo, touch, number, first_traffic = f"{pseudo_ids[i]}.{t0}", t0 * 1_000_000, 1, row
            users.append(index)
        else:
            last = users[user]
            pseudo, touch, number = s["pseudo"][last], s["touch"][last], s["number"][last] + 1
            first_traffic = s["first_traffic"][last]
            users[user] = index
        for key, value in (("pseudo", pseudo), ("touch", touch), ("sid", None if pseudo is None else t0),
                           ("number", number), ("device", int(device[i])), ("place", int(place[i])),
                           ("traffic", row), ("first_traffic", first_traffic)):  # fmt: skip
            s[key].append(value)
        if kind == "return":  # back from the ticketing site: the confirmation page and the purchase
            visited, stay = [len(PAGES)], [int(dwell[i, 0])]
        else:
            visited = [int(p) for p in pages[i, : page_count[i]]]
            stay = [int(d) for d in dwell[i, : page_count[i]]]
            if crosses[i]:
                visited += [5] * max(0, 3 - len(visited))
                stay = [400] * len(visited)
        if len(visited) == 1 and kind != "return":
            engagement_ms = int(threshold_ms * (1 + 7 * u[1])) if u[0] < 0.28 else int(threshold_ms * u[1])
        else:
            engagement_ms = int(sum(stay) * 1000 * (0.4 + 0.5 * u[1]))
        normal = kind == "normal"
        paths = [ALL_PAGES[p][0] for p in visited]
        click_ticket = bool(ticketing) and normal and u[2] < (0.35 if paths[0] == "/billets" else 0.05)
        buy_here = not ticketing and normal and "/billets" in paths and u[3] < 0.12
        sign_up = normal and "/infolettre" in paths and u[4] < 0.30
        outbound = normal and not click_ticket and u[5] < 0.04
        key = click_ticket or buy_here or sign_up or not normal
        engaged = len(visited) >= 2 or engagement_ms >= threshold_ms or key
        at = t0 * 1_000_000 + int(u[6] * 900_000)
        events = draws.events

        def emit(name, when, position, first=False, engaged_now=None, ms=None, link=None, pct=None, email=-1,
                 money=None, txn=None):  # fmt: skip
            if name in ("session_start", "first_visit"):
                flags = (0, None)
            else:
                flags = (None, "1" if (engaged and engaged_now) else "0")
            events.append((index, name, when, visited[position], first, *flags, ms, link, pct, email, money, txn))

        emit("session_start", at, 0, first=True)
        if number == 1:
            emit("first_visit", at, 0, first=True)
        key_done = False
        when = at
        for position, path in enumerate(paths):
            emit("page_view", when + 1_000, position, first=position == 0, engaged_now=position >= 1)
            if scroll[i, position]:
                emit("scroll", when + stay[position] * 600_000, position, engaged_now=position >= 1, pct=90)
            if path == "/infolettre" and sign_up and not key_done:
                email = int(u[7] * len(PLANTED_EMAILS)) if u[8] < 0.3 else -1
                emit("sign_up", when + stay[position] * 800_000, position, engaged_now=True, email=email)
                key_done = True
            when += stay[position] * 1_000_000
        last = len(paths) - 1
        if not normal or buy_here:
            txn = f"T{demo.index:02d}{index:07d}"
            emit("purchase", when - 500_000, last, engaged_now=True, money=float(revenue[i]), txn=txn)
        if click_ticket or outbound:
            domain = ticketing[0] if click_ticket else OUTBOUND[int(u[9] * len(OUTBOUND))]
            emit("click", when, last, engaged_now=True if click_ticket else last >= 1, link=domain)
        if engagement_ms > 0:
            emit("user_engagement", when + 200_000, last, engaged_now=True, ms=engagement_ms)
        if click_ticket and pseudo is not None and u[10] < 0.45:
            back = (
                ("Referral", ticketing[0], "referral", "(referral)", "")
                if u[11] < 0.7
                else draws.traffic[next(k for k, r in enumerate(draws.traffic) if r[0] == "Direct")]
            )
            me = len(users) - 1 if user is None else user
            session(i, when // 1_000_000 + 300 + int(u[11] * 1200), "return", draws.traffic_index(back), me)

    pick = rng.random(n)
    for i in range(n):
        user = int(pick[i] * len(users)) if returning[i] and users and not consent[i] else None
        session(i, int(t0s[i]), "normal", int(traffic[i]), user)
    return draws, midnights, site


def _frame(draws: _Draws, midnights: np.ndarray, start: date, site: str, stream_id: str) -> pd.DataFrame:
    """The drawn events as flat columns (dates, URLs, traffic and device fields spelled out)."""
    ev = pd.DataFrame.from_records(draws.events, columns=EVENT_FIELDS)
    sessions = {k: np.array(v, dtype=object) for k, v in draws.sessions.items()}
    of = ev["session"].to_numpy()
    micros = ev["event_timestamp"].to_numpy(dtype=np.int64)
    days_in = np.searchsorted(midnights, micros // 1_000_000, side="right") - 1
    dates = pd.Timestamp(start) + pd.to_timedelta(days_in, unit="D")
    traffic = np.array(draws.traffic, dtype=object)
    row = sessions["traffic"][of].astype(np.int64)
    first_row = sessions["first_traffic"][of].astype(np.int64)
    first = ev["first"].to_numpy(dtype=bool)
    source, medium, campaign, query = (traffic[row, k] for k in (1, 2, 3, 4))
    direct = source == "(direct)"
    carries = first & ~direct
    pages = np.array(ALL_PAGES, dtype=object)[ev["page"].to_numpy()]
    email = ev["email"].to_numpy()
    emails = np.array([f"?email={e}&lang=fr" for e in PLANTED_EMAILS] + [""], dtype=object)
    url_query = np.where(first, query, emails[email])
    ticketing_back = (traffic[row, 0] == "Referral") & np.char.startswith(source.astype(str), "billets.")
    referrer = np.array([REFERRERS.get(x) for x in source], dtype=object)
    referrer = np.where(ticketing_back, "https://" + source.astype(str) + "/commande/confirmation", referrer)

    def nullable(values) -> pd.Series:
        return pd.Series(values, dtype="Int64")

    frame = pd.DataFrame(
        {
            "event_date": dates.strftime("%Y%m%d"),
            "event_day": dates.date,
            "event_timestamp": micros,
            "event_name": ev["event_name"],
            "user_pseudo_id": sessions["pseudo"][of],
            "first_touch": nullable(sessions["touch"][of]),
            "ga_session_id": nullable(sessions["sid"][of]),
            "session_number": nullable(sessions["number"][of]),
            "page_location": "https://" + site + pages[:, 0].astype(str) + url_query.astype(str),
            "page_title": pages[:, 1],
            "referrer": np.where(first, referrer, None),
            "engaged_int": nullable(ev["engaged_int"]),
            "engaged_str": ev["engaged_str"],
            "engagement_ms": nullable(ev["engagement_ms"]),
            "entrances": nullable(np.where(first & (ev["event_name"] == "page_view"), 1, None)),
            "percent_scrolled": nullable(ev["percent_scrolled"]),
            "link_domain": ev["link_domain"],
            "link_url": [f"https://{d}/evenements" if isinstance(d, str) else None for d in ev["link_domain"]],
            "p_source": np.where(carries, source, None),
            "p_medium": np.where(carries, medium, None),
            "p_campaign": np.where(carries & ~np.char.startswith(campaign.astype(str), "("), campaign, None),
            "p_gclid": np.where(carries & (medium == "cpc"), "Cj0KCQdemo", None),
            "transaction_id": ev["transaction_id"],
            "revenue": ev["revenue"].astype("Float64"),
            "device_category": np.array([d[0] for d in DEVICES], dtype=object)[sessions["device"][of].astype(int)],
            "operating_system": np.array([d[1] for d in DEVICES], dtype=object)[sessions["device"][of].astype(int)],
            "browser": np.array([d[2] for d in DEVICES], dtype=object)[sessions["device"][of].astype(int)],
            "country": np.array([p[0] for p in PLACES], dtype=object)[sessions["place"][of].astype(int)],
            "region": np.array([p[1] for p in PLACES], dtype=object)[sessions["place"][of].astype(int)],
            "city": np.array([p[2] for p in PLACES], dtype=object)[sessions["place"][of].astype(int)],
            "hostname": site,
            "stream_id": stream_id,
            "ts_source": traffic[first_row, 1],
            "ts_medium": traffic[first_row, 2],
            "ts_campaign": traffic[first_row, 3],
            "lc_source": source,
            "lc_medium": medium,
            "lc_campaign": campaign,
            "channel": traffic[row, 0],
            "with_collected": carries,
        }
    )
    return frame


def _plant_duplicates(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """About 0.5 % of events sent twice (identical record, as the export delivers them)."""
    twice = rng.random(len(frame)) < 0.005
    return pd.concat([frame, frame[twice]]).sort_index(kind="stable").reset_index(drop=True)


def _param(key: str, kind: str, expr: str, int_type: str) -> str:
    """One event parameter {key, value: {string_value, int_value, float_value, double_value}} for the
    Parquet export (typed struct, the other members NULL), NULL when the event has no such parameter."""
    values = {"string_value": "NULL::VARCHAR", "int_value": f"NULL::{int_type}", "float_value": "NULL::DOUBLE",
              "double_value": "NULL::DOUBLE"}  # fmt: skip
    values[kind] = expr
    inner = ", ".join(f"'{k}': {v}" for k, v in values.items())
    return f"CASE WHEN ({expr}) IS NOT NULL THEN {{'key': '{key}', 'value': {{{inner}}}}} END"


def _select(int_type: str, collected: bool, last_click: bool) -> str:
    """SQL shaping the flat `flat_events` table into BigQuery export records (int_type: VARCHAR for
    NDJSON, where INT64 values are JSON strings; BIGINT for Parquet)."""
    as_int = f"CAST({{}} AS {int_type})"
    params = [
        _param("ga_session_id", "int_value", as_int.format("ga_session_id"), int_type),
        _param("ga_session_number", "int_value", as_int.format("session_number"), int_type),
        _param("page_location", "string_value", "page_location", int_type),
        _param("page_title", "string_value", "page_title", int_type),
        _param("page_referrer", "string_value", "referrer", int_type),
        _param("session_engaged", "int_value", as_int.format("engaged_int"), int_type),
        _param("session_engaged", "string_value", "engaged_str", int_type),
        _param("engagement_time_msec", "int_value", as_int.format("engagement_ms"), int_type),
        _param("entrances", "int_value", as_int.format("entrances"), int_type),
        _param("percent_scrolled", "int_value", as_int.format("percent_scrolled"), int_type),
        _param("link_domain", "string_value", "link_domain", int_type),
        _param("link_url", "string_value", "link_url", int_type),
        _param("outbound", "string_value", "CASE WHEN link_domain IS NOT NULL THEN 'true' END", int_type),
        _param("source", "string_value", "p_source", int_type),
        _param("medium", "string_value", "p_medium", int_type),
        _param("campaign", "string_value", "p_campaign", int_type),
        _param("gclid", "string_value", "p_gclid", int_type),
        _param("transaction_id", "string_value", "transaction_id", int_type),
        _param("value", "double_value", "revenue", int_type),
        _param("currency", "string_value", "CASE WHEN revenue IS NOT NULL THEN 'CAD' END", int_type),
    ]
    not_empty = "lambda p: p IS NOT NULL"
    fields = [
        "event_date",
        f"CAST(event_timestamp AS {int_type}) AS event_timestamp",
        "event_name",
        f"list_filter([{', '.join(params)}], {not_empty}) AS event_params",
        "user_pseudo_id",
        f"CAST(first_touch AS {int_type}) AS user_first_touch_timestamp",
        "{'category': device_category, 'mobile_brand_name': NULL::VARCHAR, 'operating_system': operating_system,"
        " 'language': 'fr-ca', 'web_info': {'browser': browser, 'hostname': hostname}} AS device",
        "{'continent': 'Americas', 'country': country, 'region': region, 'city': city} AS geo",
        "{'name': ts_campaign, 'medium': ts_medium, 'source': ts_source} AS traffic_source",
        "stream_id",
        "'WEB' AS platform",
        "CASE WHEN event_name = 'purchase' THEN {'transaction_id': transaction_id, 'purchase_revenue': revenue,"
        " 'purchase_revenue_in_usd': round(revenue * 0.73, 2), 'total_item_quantity':"
        f" CAST(round(revenue / 18) AS {int_type})}} END AS ecommerce",
    ]
    if collected:
        fields.append(
            "CASE WHEN with_collected AND p_source IS NOT NULL THEN {'manual_campaign_id': NULL::VARCHAR,"
            " 'manual_campaign_name': p_campaign, 'manual_source': p_source, 'manual_medium': p_medium,"
            " 'manual_term': NULL::VARCHAR, 'manual_content': NULL::VARCHAR, 'gclid': p_gclid,"
            " 'dclid': NULL::VARCHAR, 'srsltid': NULL::VARCHAR} END AS collected_traffic_source"
        )
    if last_click:
        fields.append(
            "{'manual_campaign': {'campaign_id': NULL::VARCHAR, 'campaign_name': lc_campaign, 'source': lc_source,"
            " 'medium': lc_medium, 'term': NULL::VARCHAR, 'content': NULL::VARCHAR, 'source_platform': 'Manual'},"
            " 'cross_channel_campaign': {'campaign_id': NULL::VARCHAR, 'campaign_name': lc_campaign,"
            " 'source': lc_source, 'medium': lc_medium, 'source_platform': 'Manual',"
            " 'default_channel_group': channel, 'primary_channel_group': channel}}"
            " AS session_traffic_source_last_click"
        )
    return "SELECT " + ",\n  ".join(fields) + " FROM flat_events"


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


@lru_cache(maxsize=None)
def _q(value) -> str:
    """A JSON value: a string quoted, None as null (INT64 are written as strings, as BigQuery does)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "null"
    return json.dumps(str(value) if not isinstance(value, float) else value, ensure_ascii=False)


NDJSON_PARAMS = (  # (key, value member, column)
    ("ga_session_id", "int_value", "ga_session_id"), ("ga_session_number", "int_value", "session_number"),
    ("page_location", "string_value", "page_location"), ("page_title", "string_value", "page_title"),
    ("page_referrer", "string_value", "referrer"), ("session_engaged", "int_value", "engaged_int"),
    ("session_engaged", "string_value", "engaged_str"), ("engagement_time_msec", "int_value", "engagement_ms"),
    ("entrances", "int_value", "entrances"), ("percent_scrolled", "int_value", "percent_scrolled"),
    ("link_domain", "string_value", "link_domain"), ("link_url", "string_value", "link_url"),
    ("source", "string_value", "p_source"), ("medium", "string_value", "p_medium"),
    ("campaign", "string_value", "p_campaign"), ("gclid", "string_value", "p_gclid"),
    ("transaction_id", "string_value", "transaction_id"), ("value", "double_value", "revenue"),
)  # fmt: skip


def _ndjson(part: pd.DataFrame, collected: bool, last: bool) -> bytes:
    """BigQuery's NDJSON export of the events, one record a line: INT64 as JSON strings, an event
    parameter's value holding only its set member, absent nested records as null."""
    cols = {name: part[name].astype(object).where(part[name].notna(), None).tolist() for name in part.columns}
    lines = []
    for i in range(len(part)):
        params = []
        for key, member, column in NDJSON_PARAMS:
            value = cols[column][i]
            if value is not None:
                params.append(f'{{"key":"{key}","value":{{"{member}":{_q(value)}}}}}')
        if cols["link_domain"][i] is not None:
            params.append('{"key":"outbound","value":{"string_value":"true"}}')
        if cols["revenue"][i] is not None:
            params.append('{"key":"currency","value":{"string_value":"CAD"}}')
        revenue = cols["revenue"][i]
        ecommerce = (
            "null"
            if revenue is None
            else f'{{"transaction_id":{_q(cols["transaction_id"][i])},"purchase_revenue":{revenue},'
            f'"purchase_revenue_in_usd":{round(revenue * 0.73, 2)},"total_item_quantity":"{round(revenue / 18)}"}}'
        )
        record = (
            f'{{"event_date":"{cols["event_date"][i]}","event_timestamp":"{cols["event_timestamp"][i]}",'
            f'"event_name":"{cols["event_name"][i]}","event_params":[{",".join(params)}],'
            f'"user_pseudo_id":{_q(cols["user_pseudo_id"][i])},'
            f'"user_first_touch_timestamp":{_q(cols["first_touch"][i])},'
            f'"device":{{"category":"{cols["device_category"][i]}","operating_system":"{cols["operating_system"][i]}",'
            f'"language":"fr-ca","web_info":{{"browser":"{cols["browser"][i]}","hostname":"{cols["hostname"][i]}"}}}},'
            f'"geo":{{"continent":"Americas","country":{_q(cols["country"][i])},"region":{_q(cols["region"][i])},'
            f'"city":{_q(cols["city"][i])}}},'
            f'"traffic_source":{{"name":{_q(cols["ts_campaign"][i])},"medium":{_q(cols["ts_medium"][i])},'
            f'"source":{_q(cols["ts_source"][i])}}},'
            f'"stream_id":"{cols["stream_id"][i]}","platform":"WEB","ecommerce":{ecommerce}'
        )
        if collected:
            has = cols["with_collected"][i] and cols["p_source"][i] is not None
            record += ',"collected_traffic_source":' + (
                f'{{"manual_campaign_name":{_q(cols["p_campaign"][i])},"manual_source":{_q(cols["p_source"][i])},'
                f'"manual_medium":{_q(cols["p_medium"][i])},"gclid":{_q(cols["p_gclid"][i])}}}'
                if has
                else "null"
            )
        if last:
            source, medium, campaign = _q(cols["lc_source"][i]), _q(cols["lc_medium"][i]), _q(cols["lc_campaign"][i])
            channel = _q(cols["channel"][i])
            record += (
                f',"session_traffic_source_last_click":{{"manual_campaign":{{"campaign_name":{campaign},'
                f'"source":{source},"medium":{medium},"source_platform":"Manual"}},'
                f'"cross_channel_campaign":{{"campaign_name":{campaign},"source":{source},"medium":{medium},'
                f'"source_platform":"Manual","default_channel_group":{channel},"primary_channel_group":{channel}}}}}'
            )
        lines.append(record + "}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write(con: duckdb.DuckDBPyConnection, part: pd.DataFrame, path: Path, fmt: str, collected: bool, last: bool):
    """One export file of `part`'s events: NDJSON gzip-compressed with mtime 0 (same bytes on every run),
    or Parquet written by DuckDB (typed INT64 values, nested records as structs)."""
    if fmt == "parquet":
        con.register("flat_events", part)
        try:
            con.execute(f"COPY ({_select('BIGINT', collected, last)}) TO {_quoted(path)} (FORMAT parquet)")
        finally:
            con.unregister("flat_events")
        return
    path.write_bytes(gzip.compress(_ndjson(part, collected, last), compresslevel=6, mtime=0))


def write_ga4_events(demo: DemoMuseum, plan: WebPlan) -> list[ManifestEntry]:
    """The museum's GA4 export files, in load order (monthly shards, then the re-delivered day, then
    the intraday file, which must not count on top of the daily data)."""
    fmt = plan.ga4_events[0]
    draws, midnights, site = _draw_sessions(demo, plan)
    stream_id = f"{4_100_000_000 + demo.index * 7_919_113}"
    rng = web_rng(demo, "ga4-events", 1)
    frame = _plant_duplicates(_frame(draws, midnights, plan.ga4_events[1], site, stream_id), rng)
    frame = frame[frame["event_day"] <= plan.ga4_events[2]]  # the next day's export is not sent yet
    months = frame["event_date"].str.slice(0, 6)
    late = (frame["event_day"] == REDELIVERED) & (rng.random(len(frame)) < 0.06)
    entries: list[ManifestEntry] = []
    con = duckdb.connect()
    try:
        con.execute("SET threads = 1")  # one writer thread: the same bytes on every machine
        for month in sorted(months.unique()):
            in_month = frame[(months == month) & ~late]
            if fmt == "parquet":
                path = demo.folder / f"ga4_export_{month}_000000000000.parquet"
                modern = date(int(month[:4]), int(month[4:]), 1) >= LAST_CLICK_FROM
                _write(con, in_month, path, fmt, modern, modern)
            else:
                path = demo.folder / f"ga4_export_{month}_000000000000.json.gz"
                _write(con, in_month, path, fmt, True, True)
            entries.append(ManifestEntry("ga4-events", path, demo.museum.id, None, None))
        if fmt == "ndjson":
            path = demo.folder / f"events_{REDELIVERED:%Y%m%d}.json.gz"
            _write(con, frame[frame["event_day"] == REDELIVERED], path, fmt, True, True)
            entries.append(ManifestEntry("ga4-events", path, demo.museum.id, None, None))
            # the intraday table: the day until 18:00, without the traffic-source fields
            cutoff = int(datetime(2026, 11, 30, 18, tzinfo=ZONE).astimezone(timezone.utc).timestamp()) * 1_000_000
            today = frame[(frame["event_day"] == INTRADAY) & (frame["event_timestamp"] < cutoff)]
            path = demo.folder / f"events_intraday_{INTRADAY:%Y%m%d}.json.gz"
            _write(con, today, path, fmt, False, False)
            entries.append(ManifestEntry("ga4-events", path, demo.museum.id, None, None))
    finally:
        con.close()
    return entries
