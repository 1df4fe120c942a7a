"""Section 9 of the attendance workbook: the travel footprint of the surveyed months (sustainable-
development axis; docs/ARCHITECTURE.md, « Attendance »).

Rules (stated once, here):
- distance: stg_survey's distance_km, the estimated one-way road distance from the respondent's home
  to the museum (straight line × 1.2, over a bridge or ferry across the St. Lawrence; known for
  residents of Quebec and the rest of Canada placed by postal code or municipality, never for
  residents of other countries). A visit is a round trip: 2 × distance_km;
- emissions of one visitor = round trip × the mode's factor (emission_factors.py); a factor per
  vehicle-km (car, recreational vehicle) is divided by the party's occupancy: its party size capped
  at OCCUPANCY_CAP seats, or, when the size is not given, the season's mean capped size. Walking and
  cycling count 0; « other » has no factor and is counted apart; a respondent without a mode or a
  distance is not covered;
- weighting as everywhere (survey.py): a response weighs W (its month's weight per visitor × its
  visitor multiplier); totals for the surveyed months = attendance × Σ W·x over covered responses /
  Σ W over every response. They cover only the visitors whose trip is known (coverage, stated), so
  they are a floor for the visitors of the surveyed months, not a total for the year;
- attribution: a trip is the museum's when the respondent said the visit was the main reason to come
  to the region (trip_reason « main »); trips with other reasons, or none given, are shown apart and
  never attributed to the museum;
- privacy: a mode with fewer than MIN_CELL respondents is folded into « Moyens regroupés »; a fold of 1 to
  9 respondents is left out of every figure (its total would describe a few people's homes); the
  attributed / not attributed split is given only when both parts have MIN_CELL respondents or more.
These are estimates from weighted responses, never respondent counts: the charts declare no cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ... import privacy
from ...metrics.scope import Scope
from . import emission_factors, labels, survey
from .emission_factors import EmissionFactor

OCCUPANCY_CAP = 5  # seats in a car: a party larger than this needs more than one vehicle
FOLDED = "folded"
NO_SURVEY, NOT_WEIGHTED, TOO_SMALL = "no_survey", "not_weighted", "too_small"


def occupancy(party_size: pd.Series) -> pd.Series:
    """Travellers per vehicle: the party size capped at OCCUPANCY_CAP; the mean capped size of the
    respondents who gave one where it is missing (1 when nobody gave one)."""
    sizes = pd.to_numeric(party_size, errors="coerce").astype(float)
    capped = sizes.where(sizes >= 1).clip(upper=OCCUPANCY_CAP)
    mean = float(capped.mean()) if capped.notna().any() else 1.0
    return capped.fillna(mean).astype(float)


def emissions_per_visitor(
    modes: pd.Series, distance_km: pd.Series, party_size: pd.Series, factors: dict[str, EmissionFactor]
) -> pd.Series:
    """kg CO2e of one visitor's round trip; NaN when the mode has no factor (other, unknown) or the
    distance is not known; 0 for walking and cycling."""
    round_trip = 2 * pd.to_numeric(distance_km, errors="coerce").astype(float)
    seats = occupancy(party_size)
    out = pd.Series(np.nan, index=modes.index, dtype=float)
    for mode, factor in factors.items():
        chosen = modes == mode
        per_km = factor.factor / seats[chosen] if factor.per_vehicle else factor.factor
        out[chosen] = round_trip[chosen] * per_km
    out[modes.isin(emission_factors.ZERO_MODES)] = 0.0
    return out.where(round_trip.notna())


@dataclass(frozen=True)
class Footprint:
    """table: key (mode or FOLDED), label, n (respondents), share (of visitors covered), round_trip_km
    (mean per visitor), visitor_km and tonnes (for the surveyed months), in descending tonnes.

    coverage: the share of visitors whose mode (with a factor, or walking / cycling) and distance are
    known; other_share: of visitors who came by « other » means (None when 1–9 respondents);
    attributed / not_attributed: tonnes of the trips for which the museum was / was not the main
    reason (None when a part has fewer than MIN_CELL respondents)."""

    reason: str | None
    season: int | None
    attendance: int
    months: tuple[str, ...] = ()
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage: float = float("nan")
    n_covered: int = 0
    other_share: float | None = None
    n_other: int = 0
    n_left_out: int = 0  # respondents of a fold of 1 to 9, in no figure
    total_tonnes: float = 0.0
    per_visitor_kg: float = float("nan")
    attributed: float | None = None
    not_attributed: float | None = None
    attributed_share_of_visitors: float | None = None
    factors: dict[str, EmissionFactor] = field(default_factory=dict)


def footprint(scope: Scope, factors: dict[str, EmissionFactor] | None = None) -> Footprint:
    plan = survey.survey_plan(scope)
    if plan is None:
        return Footprint(NO_SURVEY, None, 0)
    factors = emission_factors.load() if factors is None else factors
    if not plan.estimates_visitors:
        return Footprint(NOT_WEIGHTED, plan.season, plan.attendance, plan.months, factors=factors)
    return compute(plan.responses, plan.attendance, factors, scope.lang, plan.season, plan.months)


def compute(
    frame: pd.DataFrame,
    attendance: int,
    factors: dict[str, EmissionFactor],
    lang: str = "fr",
    season: int | None = None,
    months: tuple[str, ...] = (),
) -> Footprint:
    """The footprint of a season's responses (columns transport_mode, distance_km, party_size,
    trip_reason, W) for `attendance` visitors; pure, so tests can give a hand-made frame."""
    weights = frame["W"].astype(float)
    total_w = float(weights.sum())
    modes = frame["transport_mode"]
    kg = emissions_per_visitor(modes, frame["distance_km"], frame["party_size"], factors)
    covered = kg.notna()
    if int(covered.sum()) < privacy.MIN_CELL or total_w <= 0:
        return Footprint(TOO_SMALL, season, attendance, months, n_covered=int(covered.sum()), factors=factors)
    counts = modes[covered].value_counts()
    small = [m for m, n in counts.items() if n < privacy.MIN_CELL]
    folded_n = int(counts[small].sum()) if small else 0
    key = modes.where(~modes.isin(small), FOLDED)
    left_out = covered & key.eq(FOLDED) if 0 < folded_n < privacy.MIN_CELL else pd.Series(False, index=frame.index)
    used = covered & ~left_out
    scale = attendance / total_w
    round_trip = 2 * pd.to_numeric(frame["distance_km"], errors="coerce")
    rows = []
    for mode, group in frame[used].groupby(key[used], sort=False):
        w = weights[group.index]
        rows.append(
            {
                "key": mode,
                "label": labels.mode_label(mode, lang),
                "n": int(len(group)),
                "share": float(w.sum()) / float(weights[used].sum()),
                "round_trip_km": float((w * round_trip[group.index]).sum() / w.sum()),
                "visitor_km": float((w * round_trip[group.index]).sum() * scale),
                "tonnes": float((w * kg[group.index]).sum() * scale / 1000),
            }
        )
    table = pd.DataFrame(rows).sort_values(["tonnes", "key"], ascending=[False, True], kind="stable")
    main = frame["trip_reason"] == "main"
    n_main, n_rest = int((used & main).sum()), int((used & ~main).sum())
    split = n_main >= privacy.MIN_CELL and n_rest >= privacy.MIN_CELL
    attributed = float((weights * kg)[used & main].sum() * scale / 1000) if split else None
    not_attributed = float((weights * kg)[used & ~main].sum() * scale / 1000) if split else None
    other = modes == "other"
    n_other = int(other.sum())
    total = float(table["tonnes"].sum())
    visitors_used = float(weights[used].sum()) * scale
    return Footprint(
        reason=None,
        season=season,
        attendance=attendance,
        months=months,
        table=table.reset_index(drop=True),
        coverage=float(weights[used].sum()) / total_w,
        n_covered=int(used.sum()),
        other_share=(float(weights[other].sum()) / total_w) if n_other >= privacy.MIN_CELL or n_other == 0 else None,
        n_other=n_other,
        n_left_out=int(left_out.sum()),
        total_tonnes=total,
        per_visitor_kg=total * 1000 / visitors_used if visitors_used > 0 else float("nan"),
        attributed=attributed,
        not_attributed=not_attributed,
        attributed_share_of_visitors=(float(weights[used & main].sum()) / float(weights[used].sum()))
        if split
        else None,
        factors=factors,
    )
