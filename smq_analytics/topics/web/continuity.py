"""Before and after GA4 (section 7): one monthly series from January FIRST_YEAR to the report's year,
Universal Analytics and GA4 side by side, and the GA4/UA ratio on the months both measured
(docs/ARCHITECTURE.md, « Topics », Web).

Rule: the overlap is the months where both platforms have a complete month (web_monthly.complete,
value > 0) — a museum that tagged its site twice during the migration. On the overlap's n months:

- the ratio is the ratio of sums, Σ GA4 / Σ UA (the months weigh by their traffic);
- its 95 % interval applies to that ratio the relative spread of the monthly ratios: with
  d_i = ln(GA4_i / UA_i), s their standard deviation and t the Student quantile at n − 1 degrees of
  freedom, [ratio × exp(−t·s/√n), ratio × exp(t·s/√n)] — the t-interval of the mean log-ratio,
  moved to the ratio of sums. It needs n ≥ 2 (one month gives a ratio without an interval);
- GA4 months are expressed in UA terms (GA4 / ratio) only as an indication, drawn dotted;
- no overlap: the series break, and no ratio is given (the report says why the two differ).

Page views travel best across the break (both count every page load), so the page-view ratio is
computed the same way when both platforms give views.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from scipy import stats as scipy_stats

from ...metrics.scope import Scope, connection
from .metrics import GA4, UA, complete_months, monthly_rows, pivot, shift_month

FIRST_YEAR = 2019
LEVEL = 0.95


@dataclass(frozen=True)
class RatioEstimate:
    """GA4 / UA over n overlap months: the ratio of sums, its interval (None when n < 2), and the
    mean and standard deviation of the monthly log-ratios."""

    ratio: float
    low: float | None
    high: float | None
    n: int
    log_mean: float
    log_sd: float | None


def ratio_estimate(ga4: Sequence[float], ua: Sequence[float], level: float = LEVEL) -> RatioEstimate | None:
    """The ratio of sums with its interval (module docstring); None without a positive pair."""
    pairs = [(float(g), float(u)) for g, u in zip(ga4, ua) if g and u and g > 0 and u > 0]
    if not pairs:
        return None
    n = len(pairs)
    ratio = sum(g for g, _ in pairs) / sum(u for _, u in pairs)
    logs = [math.log(g / u) for g, u in pairs]
    mean = sum(logs) / n
    if n < 2:
        return RatioEstimate(ratio, None, None, n, mean, None)
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (n - 1))
    half = float(scipy_stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return RatioEstimate(ratio, ratio * math.exp(-half), ratio * math.exp(half), n, mean, sd)


@dataclass(frozen=True)
class Continuity:
    """table: month ('YYYY-MM'), ua_sessions, ga4_sessions, ua_views, ga4_views, ga4_in_ua (GA4
    sessions / ratio, where a ratio exists), overlap (bool); first and last months with data.
    ua_last / ga4_first: the last UA month and the first GA4 month (None without)."""

    year: int
    table: pd.DataFrame
    overlap: tuple[str, ...]
    sessions: RatioEstimate | None
    views: RatioEstimate | None
    ua_last: str | None
    ga4_first: str | None

    @property
    def empty(self) -> bool:
        return self.ua_last is None and self.ga4_first is None

    @property
    def both(self) -> bool:
        return self.ua_last is not None and self.ga4_first is not None


def continuity(scope: Scope) -> Continuity:
    con = connection(scope)
    rows = monthly_rows(con, scope.museum_id, ("sessions", "views"), f"{FIRST_YEAR:04d}-01", f"{scope.year:04d}-12")
    series = {
        (platform, metric): pivot(rows, platform, metric) for platform in (GA4, UA) for metric in ("sessions", "views")
    }
    months = sorted(set(rows["month"]))
    empty = pd.DataFrame(
        columns=["month", "ua_sessions", "ga4_sessions", "ua_views", "ga4_views", "ga4_in_ua", "overlap"]
    )
    if not months:
        return Continuity(scope.year, empty, (), None, None, None, None)
    full_ga4, full_ua = complete_months(rows, GA4), complete_months(rows, UA)
    ga4_s, ua_s = series[(GA4, "sessions")], series[(UA, "sessions")]
    overlap = tuple(m for m in months if m in full_ga4 and m in full_ua and ga4_s.get(m, 0) > 0 and ua_s.get(m, 0) > 0)
    sessions = ratio_estimate([ga4_s[m] for m in overlap], [ua_s[m] for m in overlap]) if overlap else None
    ga4_v, ua_v = series[(GA4, "views")], series[(UA, "views")]
    view_months = [m for m in overlap if ga4_v.get(m, 0) > 0 and ua_v.get(m, 0) > 0]
    views = ratio_estimate([ga4_v[m] for m in view_months], [ua_v[m] for m in view_months]) if view_months else None
    # every month from the first to the last with data, so that a gap shows as a gap
    every, month = [], months[0]
    while month <= months[-1]:
        every.append(month)
        month = shift_month(month, 1)
    table = pd.DataFrame(
        {
            "month": every,
            "ua_sessions": [ua_s.get(m) for m in every],
            "ga4_sessions": [ga4_s.get(m) for m in every],
            "ua_views": [ua_v.get(m) for m in every],
            "ga4_views": [ga4_v.get(m) for m in every],
            "ga4_in_ua": [
                ga4_s[m] / sessions.ratio if sessions and m in ga4_s and sessions.ratio > 0 else None for m in every
            ],
            "overlap": [m in overlap for m in every],
        }
    )
    return Continuity(
        year=scope.year,
        table=table,
        overlap=overlap,
        sessions=sessions,
        views=views,
        ua_last=max(ua_s) if ua_s else None,
        ga4_first=min(ga4_s) if ga4_s else None,
    )
