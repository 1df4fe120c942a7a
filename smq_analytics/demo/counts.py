"""Monthly attendance per site and daily desk-count tallies, drawn from a museum's profile."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np

from .profiles import ATTENDANCE_MONTHS, ATTENDANCE_START, MONTH_WEIGHTS, WEEKDAY_WEIGHTS, Profile
from .respondents import category_shares


def months() -> list[date]:
    out, current = [], ATTENDANCE_START
    for _ in range(ATTENDANCE_MONTHS):
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def attendance(profile: Profile, rng: np.random.Generator) -> list[dict]:
    """Monthly entries per site: {month, site, total, paid, free, school} (None when not known)."""
    weights = {
        m: MONTH_WEIGHTS[m] * (profile.summer_peak if m in (7, 8) else 1.0) * (m in profile.open_months)
        for m in range(1, 13)
    }
    scale = profile.annual_visits / sum(weights.values())
    site_shares = (1.0,) if len(profile.sites) == 1 else (0.72, 0.28)
    rows = []
    for index, month in enumerate(months()):
        growth = 1.035 ** (index // 12)
        for site, share in zip(profile.sites, site_shares):
            expected = scale * weights[month.month] * growth * share
            total = int(round(expected * rng.lognormal(0.0, 0.06))) if expected else 0
            row = {"month": month, "site": site, "total": total, "paid": None, "free": None, "school": None}
            if profile.breakdown:
                school = 0 if month.month in (7, 8) or not total else int(total * rng.uniform(0.08, 0.22))
                free = int(total * rng.uniform(0.08, 0.16))
                row.update(school=school, free=free, paid=total - school - free)
            rows.append(row)
    return rows


def origin_shares(profile: Profile, year: int) -> dict[str, float]:
    """Desk-count origin categories implied by the visitor profile of a season."""
    local, excursionist, tourist = category_shares(profile, year)
    quebec, province, usa, france, other = profile.origins
    known = {
        "local": local,
        "quebec_other": excursionist + tourist * quebec,
        "other_province": tourist * province,
        "united_states": tourist * usa,
        "other_country": tourist * (france + other),
    }
    return {**{k: v * 0.98 for k, v in known.items()}, "unknown": 0.02}


def desk_counts(profile: Profile, monthly: list[dict], year: int, rng: np.random.Generator) -> list[dict]:
    """Daily tallies June to September: about three visitors in four are asked where they live."""
    totals: dict[date, int] = {}
    for row in monthly:
        totals[row["month"]] = totals.get(row["month"], 0) + row["total"]
    shares = origin_shares(profile, year)
    categories = tuple(shares)
    probabilities = np.array([shares[c] for c in categories])
    days = []
    for month in (6, 7, 8, 9):
        first = date(year, month, 1)
        length = calendar.monthrange(year, month)[1]
        weights = np.array([WEEKDAY_WEIGHTS[(first + timedelta(d)).weekday()] for d in range(length)])
        asked = totals.get(first, 0) * 0.75 * weights / weights.sum()
        for offset in range(length):
            counts = rng.multinomial(int(round(asked[offset])), probabilities / probabilities.sum())
            days.append({"date": first + timedelta(offset), **dict(zip(categories, (int(c) for c in counts)))})
    return days


ORIGIN_HEADERS = ("local", "quebec_other", "other_province", "united_states", "other_country", "unknown")


def _weeks(days: list[dict]) -> list[dict]:
    """Daily tallies summed by ISO week (Monday start), weeks in date order."""
    weeks: dict[date, dict] = {}
    for day in days:
        start = day["date"] - timedelta(day["date"].weekday())
        week = weeks.setdefault(start, {"date": start, **{c: 0 for c in ORIGIN_HEADERS}})
        for code in ORIGIN_HEADERS:
            week[code] += day[code]
    return [weeks[start] for start in sorted(weeks)]
