"""Demo generators of the four web sources (ga4-events, ga4-ui, ga4-api, ua) and the plan they follow.

Who sends what is the « Demo plan » of the web contract (docs/ARCHITECTURE.md, « Sources », the demo):
WEB_PLANS below. Each museum's traffic is one daily model (daily_traffic): sessions follow the museum's
attendance seasonality, led by about five weeks (people look up the museum before they come), a weekly
cycle, yearly growth and the 2020-2021 closures. The aggregated reports (GA4 interface CSV, GA4 Data
API JSON, UA exports) are written from that model, and during a dual-tagged overlap UA and GA4 measure
the same days with UA's own differences (more sessions: UA split them at midnight and on a campaign
change). The raw GA4 events (web_events.py) draw individual sessions from the same expected curve.
Deterministic: one numpy Generator per museum and web source, no clock (docs/ARCHITECTURE.md, « Sources »).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .draws import BASE_SEED
from .manifest import DemoMuseum, ManifestEntry
from .profiles import MONTH_WEIGHTS, Profile

# Stream numbers of the web sources (draws.STREAMS holds 1-3; the web sources take the next ones).
WEB_STREAMS = {"web-traffic": 4, "ga4-events": 5, "ga4-ui": 6, "ga4-api": 7, "ua": 8}

# Channel mix of GA4 sessions (session primary channel group), Google's English names.
CHANNEL_MIX = {
    "Organic Search": 0.45,
    "Direct": 0.20,
    "Organic Social": 0.12,
    "Referral": 0.10,
    "Email": 0.05,
    "Paid Search": 0.04,
    "Unassigned": 0.02,
    "Paid Social": 0.01,
    "Display": 0.005,
    "Organic Video": 0.005,
}
WEB_WEEKDAYS = (1.08, 1.02, 1.0, 1.02, 0.98, 0.88, 1.02)  # Monday to Sunday: people plan on weekdays too
LEAD_DAYS = 35  # web interest peaks about five weeks before the visits


@dataclass(frozen=True)
class WebPlan:
    """What one museum sends (None: not sent) and how busy its site is."""

    daily_sessions: float  # GA4 sessions on an average day of 2024
    ga4_events: tuple[str, date, date] | None = None  # ('ndjson' | 'parquet', first day, last day)
    ga4_ui: tuple[str, date, date] | None = None  # (interface language, first day, last day)
    ga4_api: tuple[date, date] | None = None
    ua: tuple[str, str, date, date] | None = None  # ('csv' | 'xlsx', language, first day, last day)
    ua_day_index: bool = False  # UA time series by day index (else by month of year)


UA_START, UA_END = date(2019, 1, 1), date(2023, 6, 30)
GA4_END = date(2026, 11, 30)

WEB_PLANS: dict[str, WebPlan] = {
    "musee-des-brumes": WebPlan(
        13.0,
        ga4_events=("ndjson", date(2025, 1, 1), GA4_END),
        ga4_ui=("fr", date(2022, 7, 1), date(2024, 12, 31)),
        ua=("csv", "fr", UA_START, UA_END),
        ua_day_index=True,
    ),
    "musee-des-lucioles": WebPlan(
        9.0,
        ga4_events=("parquet", date(2025, 1, 1), GA4_END),
        ua=("csv", "en", UA_START, UA_END),
    ),
    "maison-des-vents-sales": WebPlan(
        9.0, ga4_ui=("fr", date(2023, 7, 1), GA4_END), ua=("xlsx", "fr", UA_START, date(2023, 3, 31))
    ),
    "centre-des-engrenages": WebPlan(
        45.0, ga4_ui=("en", date(2022, 8, 1), GA4_END), ua=("csv", "en", UA_START, UA_END)
    ),
    "centre-des-marees-douces": WebPlan(30.0, ga4_api=(date(2023, 7, 1), GA4_END)),
    "musee-de-la-lumiere-urbaine": WebPlan(
        140.0, ga4_ui=("en", date(2023, 1, 1), GA4_END), ua=("xlsx", "en", UA_START, UA_END)
    ),
    "observatoire-du-phare-endormi": WebPlan(12.0, ga4_ui=("fr", date(2024, 1, 1), GA4_END)),
    "domaine-des-anguilles-sages": WebPlan(
        8.0, ga4_ui=("fr", date(2023, 9, 1), GA4_END), ua=("csv", "fr", UA_START, UA_END)
    ),
    "musee-des-remparts-imaginaires": WebPlan(90.0, ua=("csv", "en", UA_START, UA_END)),
}


def web_rng(demo: DemoMuseum, stream: str, year: int = 0) -> np.random.Generator:
    """The seeded stream of one museum and web source (same seed layout as draws._rng)."""
    return np.random.default_rng([BASE_SEED, demo.index, WEB_STREAMS[stream], year])


def plan_of(demo: DemoMuseum) -> WebPlan | None:
    return WEB_PLANS.get(demo.museum.id)


def days(start: date, end: date) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq="D")


def expected_sessions(profile: Profile, plan: WebPlan, start: date, end: date) -> np.ndarray:
    """Expected GA4 sessions for each day from start to end (the model every web source draws from).

    Seasonality: the museum's monthly attendance weights, flattened by half (the site is consulted all
    year), interpolated by day and read LEAD_DAYS ahead; weekly cycle; 5 % growth a year; 2020-2021
    closures."""
    weights = np.array(
        [
            MONTH_WEIGHTS[m] * (profile.summer_peak if m in (7, 8) else 1.0) * (m in profile.open_months)
            for m in range(1, 13)
        ]
    )
    weights = 0.5 * weights.mean() + 0.5 * weights
    weights = weights / weights.mean()
    index = days(start, end)
    ahead = index + pd.Timedelta(days=LEAD_DAYS)
    position = (ahead.day_of_year.to_numpy() - 15.0) / 365.25 * 12.0  # 0 = mid-January
    knots = np.arange(-1, 14)
    seasonal = np.interp(position, knots, weights[knots % 12])
    weekly = np.array(WEB_WEEKDAYS)[index.day_of_week.to_numpy()]
    years = index.year.to_numpy() + index.day_of_year.to_numpy() / 366.0 - 2024.5
    growth = 1.05**years
    covid = np.ones(len(index))
    stamps = index.to_numpy()
    covid[(stamps >= np.datetime64("2020-03-15")) & (stamps < np.datetime64("2020-07-01"))] = 0.35
    covid[(stamps >= np.datetime64("2020-07-01")) & (stamps < np.datetime64("2021-01-01"))] = 0.65
    covid[(stamps >= np.datetime64("2021-01-01")) & (stamps < np.datetime64("2021-07-01"))] = 0.75
    return plan.daily_sessions * seasonal * weekly * growth * covid


def daily_traffic(demo: DemoMuseum, plan: WebPlan, start: date, end: date) -> pd.DataFrame:
    """The museum's true GA4 and UA day figures from start to end (one row per day).

    GA4: sessions, engaged_sessions, active_users, new_users, views, event_count, key_events,
    user_engagement_duration. UA, for the same traffic: ua_sessions (≈ GA4 / 0.85-0.95: UA split
    sessions at midnight and on campaign change), ua_users (GA4 active users ≈ 0.9 × UA users),
    ua_pageviews (within ±3 % of GA4 views), ua_bounces, ua_duration (seconds, total), goal_completions."""
    rng = web_rng(demo, "web-traffic")
    full = days(UA_START, GA4_END)  # one draw for every day, so a day's figures do not depend on the span
    expected = expected_sessions(demo.profile, plan, UA_START, GA4_END)
    n = len(full)
    sessions = rng.poisson(expected)
    engaged = rng.binomial(sessions, rng.uniform(0.55, 0.70, n))
    users = np.minimum(sessions, np.round(sessions * rng.uniform(0.78, 0.86, n))).astype(int)
    new_users = np.round(users * rng.uniform(0.62, 0.76, n)).astype(int)
    views = np.round(sessions * rng.uniform(1.9, 2.6, n)).astype(int)
    events = views + sessions * 2 + rng.poisson(sessions * 0.8)
    key_events = rng.binomial(sessions, 0.03)
    engagement = np.round(engaged * rng.uniform(45, 80, n))
    ua_ratio = rng.uniform(0.85, 0.95, n)
    ua_sessions = np.round(sessions / ua_ratio).astype(int)
    ua_users = np.round(users / rng.uniform(0.87, 0.93, n)).astype(int)
    ua_pageviews = np.round(views * rng.uniform(0.97, 1.03, n)).astype(int)
    ua_bounces = rng.binomial(ua_sessions, rng.uniform(0.42, 0.58, n))
    ua_duration = np.round(ua_sessions * rng.uniform(70, 110, n))
    goals = rng.binomial(ua_sessions, 0.025)
    frame = pd.DataFrame(
        {
            "date": full.date,
            "sessions": sessions,
            "engaged_sessions": engaged,
            "active_users": users,
            "new_users": new_users,
            "views": views,
            "event_count": events,
            "key_events": key_events,
            "user_engagement_duration": engagement,
            "ua_sessions": ua_sessions,
            "ua_users": ua_users,
            "ua_new_users": np.round(ua_users * rng.uniform(0.7, 0.8, n)).astype(int),
            "ua_pageviews": ua_pageviews,
            "ua_unique_pageviews": np.round(ua_pageviews * rng.uniform(0.78, 0.86, n)).astype(int),
            "ua_bounces": ua_bounces,
            "ua_duration": ua_duration,
            "goal_completions": goals,
        }
    )
    keep = (frame["date"] >= start) & (frame["date"] <= end)
    return frame[keep].reset_index(drop=True)


def periods_by_year(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar years (or part-years) from start to end: one report download each."""
    out = []
    for year in range(start.year, end.year + 1):
        out.append((max(start, date(year, 1, 1)), min(end, date(year, 12, 31))))
    return out


def month_starts(start: date, end: date) -> list[date]:
    out, current = [], date(start.year, start.month, 1)
    while current <= end:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def month_end(first: date) -> date:
    return first + timedelta(calendar.monthrange(first.year, first.month)[1] - 1)


# --- the four generators named on the SourceSpecs --------------------------------------------------------


def ga4_events_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """GA4 BigQuery export files (NDJSON .json.gz shards or Parquet shards) of the museum, if it sends them."""
    plan = plan_of(demo)
    if plan is None or plan.ga4_events is None:
        return []
    from .web_events import write_ga4_events

    return write_ga4_events(demo, plan)


def ga4_ui_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """GA4 interface CSV downloads of the museum, if it sends them."""
    plan = plan_of(demo)
    if plan is None or plan.ga4_ui is None:
        return []
    from .web_reports import write_ga4_ui

    return write_ga4_ui(demo, plan)


def ga4_api_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """GA4 Data API runReport JSON responses of the museum, if it sends them."""
    plan = plan_of(demo)
    if plan is None or plan.ga4_api is None:
        return []
    from .web_reports import write_ga4_api

    return write_ga4_api(demo, plan)


def ua_files(demo: DemoMuseum) -> list[ManifestEntry]:
    """Universal Analytics exports (CSV or XLSX, French or English interface) of the museum, if any."""
    plan = plan_of(demo)
    if plan is None or plan.ua is None:
        return []
    from .web_reports import write_ua

    return write_ua(demo, plan)
