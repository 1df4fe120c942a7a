"""Post-stratification of survey responses to monthly attendance, sparse months collapsed first.

The weighted figures describe the visitors of the survey period, not the respondents: a response
in stratum h stands for attendance_h / n_h visitors (docs/ARCHITECTURE.md, « Provenance method »). Strata are visit months of one
museum and season; for a sector total they are museum × month, and months are only ever grouped
within a museum, so a sector share stays a share of the sector's visitors.

The rule, applied per museum × season, in this order:

1. The survey period runs from the first to the last month with dated responses. Attendance of
   months outside it (given in `attendance_months`) is not used: nobody was surveyed then
   (`Weighting.months_outside_period`).
2. Months with responses but no attendance loaded (missing or ≤ 0):
   - every dated month of the population lacks it: not weighted (NO_ATTENDANCE);
   - more than half of the surveyed months of one museum × season lack it: not weighted
     (MONTHS_MISSING), since the attendance profile of the season is mostly unknown;
   - otherwise each such month joins an adjacent surveyed month that has attendance (the one with
     fewer responses, then the earlier one) and takes its visitors per response: the missing
     attendance is imputed as n_month × attendance_neighbour / n_neighbour (ratio imputation), so
     its respondents get the neighbour's weight instead of diluting the neighbour's visitors.
     Recorded in `merges` (UNCOUNTED, with the visitors imputed) and Stratum.imputed_attendance.
3. Months inside the survey period with visitors but no responses (seen only through
   `attendance_months`) join the adjacent surveyed stratum that has attendance — the nearer one,
   then the one with fewer responses, then the earlier one. Their visitors are never dropped
   (UNSURVEYED). Steps 2 and 3 alternate until neither applies.
4. While a stratum has fewer than MIN_STRATUM_N responses and the museum × season has more than one
   stratum, the smallest stratum (the earliest on ties) is merged with its adjacent stratum that
   has fewer responses (the earlier one on ties) (SMALL).
5. Post-stratify the collapsed strata (stats.poststratification_weights: attendance_h / n_h,
   normalised to a mean of 1 over dated responses) and only then cap weights to
   [WEIGHT_FLOOR, WEIGHT_CAP] × the mean. After collapsing, the cap is a backstop, not the
   routine: trimming a sparse month instead of collapsing it silently shrinks its visitors (a
   September with 13.9 % of the attendance and 7 of 1 000 responses falls to 3.5 % of the weighted
   sample under a cap of 5; merged with August it keeps its full share inside the August–September
   stratum).

MIN_STRATUM_N = 20: survey practice collapses weighting cells that have fewer than about 20 to 30
respondents (see Kalton & Flores-Cervantes, « Weighting Methods », Journal of Official Statistics,
2003, on collapsing sparse cells), because a weight resting on a handful of people is both noisy
and extreme. 20 is the lower end of that range: a museum season often has a few hundred responses
over three or four months, and a higher threshold would merge most months and weight little; the
cap still guards what is left.

Responses without a visit date keep a weight of 1 (the mean). Unweighted populations get a
weight of 1 everywhere and a `reason`.

Unit of analysis (`unit_of_analysis`): one respondent answers for a party, while attendance counts
visitors. When at least PARTY_SIZE_MIN_SHARE = 80 % of the season's responses give party_size,
figures are shares of visitors: each respondent also counts for their party size, capped at
PARTY_SIZE_CAP = 10 so one organised group of forty does not count as twenty couples; the few
respondents without a size count for the mean size. Below 80 %, that imputation would carry too
much of the figure, so figures stay shares of parties (respondents) and say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import stats

MIN_STRATUM_N = 20

# Why a figure is or is not weighted (Weighting.reason).
WEIGHTED = "weighted"
NO_RESPONSES = "no_responses"  # no response at all
NO_DATES = "no_dates"  # no response carries a visit date
NO_ATTENDANCE = "no_attendance"  # no surveyed month has attendance
MONTHS_MISSING = "months_missing"  # attendance missing for most surveyed months of a museum × season
REASONS = (WEIGHTED, NO_RESPONSES, NO_DATES, NO_ATTENDANCE, MONTHS_MISSING)

# Why months were merged (MonthMerge.why).
SMALL = "small"  # fewer than MIN_STRATUM_N responses
UNSURVEYED = "unsurveyed"  # visitors but no responses
UNCOUNTED = "uncounted"  # responses but no attendance loaded

UNDATED = ""  # the month of responses without a visit date


@dataclass(frozen=True)
class MonthMerge:
    """One merge step: the stratum `months` (n responses) joined the stratum `into`."""

    museum_id: str
    survey_year: int
    months: tuple[str, ...]
    into: tuple[str, ...]
    why: str  # SMALL | UNSURVEYED | UNCOUNTED
    n: int  # responses in `months`
    attendance: float = math.nan  # visitors they bring; for UNCOUNTED, imputed at the neighbour's rate


@dataclass(frozen=True)
class Stratum:
    """A post-stratum after collapsing: consecutive months of one museum and season."""

    museum_id: str
    survey_year: int
    months: tuple[str, ...]
    n: int
    attendance: float
    weight: float  # final weight per response (mean 1 over dated responses)
    untrimmed_weight: float  # attendance_h / n_h normalised to mean 1, before the cap
    attendance_share: float  # attendance / attendance of all strata
    weighted_share: float  # n × weight / dated responses: equals attendance_share unless trimmed
    trimmed: bool  # the weight sits at the cap or the floor
    imputed_attendance: float = 0.0  # visitors imputed for its months without attendance (included above)


@dataclass(frozen=True)
class Weighting:
    """Whether responses are post-stratified to monthly attendance, what was done, and why not.

    The first five fields are those of the earlier provenance.Weighting. The rest are the facts a
    data-basis text needs: the final strata (months, responses, visitors, weight, shares), every
    merge with its reason, attendance left outside the survey period, and, when the attendance of
    most months is missing, which museum × season blocked the weighting.
    """

    weighted: bool
    reason: str
    missing_months: tuple[str, ...] = ()  # 'YYYY-MM' with responses but no attendance loaded
    n_undated: int = 0  # responses without visit date (weight 1 when weighted)
    n_trimmed: int = 0  # strata whose weight hit the cap or the floor
    min_stratum_n: int = MIN_STRATUM_N
    strata: tuple[Stratum, ...] = ()  # the final strata, in museum, season, month order
    merges: tuple[MonthMerge, ...] = ()  # every merge, in the order made
    months_outside_period: tuple[tuple[str, str], ...] = ()  # (museum_id, month) attendance not used
    blocking: tuple[tuple[str, int], ...] = ()  # (museum_id, season) whose attendance is mostly missing

    @property
    def collapsed(self) -> tuple[MonthMerge, ...]:
        """Merges of strata with fewer than min_stratum_n responses."""
        return tuple(m for m in self.merges if m.why == SMALL)

    @property
    def months_without_responses(self) -> tuple[MonthMerge, ...]:
        """Months with visitors but no responses, and the stratum that represents them."""
        return tuple(m for m in self.merges if m.why == UNSURVEYED)

    @property
    def months_without_attendance(self) -> tuple[MonthMerge, ...]:
        """Months with responses but no attendance, merged into a month that has it."""
        return tuple(m for m in self.merges if m.why == UNCOUNTED)

    @property
    def trimmed(self) -> tuple[Stratum, ...]:
        return tuple(s for s in self.strata if s.trimmed)

    @property
    def n_strata(self) -> int:
        return len(self.strata)


# --- months ---------------------------------------------------------------------------------------


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _known(value) -> float | None:
    """Attendance as a positive float, or None when missing or ≤ 0 (not usable as a stratum total)."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return float(number) if pd.notna(number) and number > 0 else None


@dataclass
class _Unit:
    months: list[str]
    n: int
    attendance: float | None  # known (and imputed) visitors of its months; None when none known
    imputed: float = 0.0  # visitors imputed for months without attendance

    @property
    def surveyed(self) -> bool:
        return self.n > 0

    @property
    def counted(self) -> bool:
        return self.attendance is not None


def _side_choice(units: list[_Unit], candidates: list[int]) -> int:
    """Among adjacent positions, the one to merge into: fewer responses, then the earlier one."""
    return min(candidates, key=lambda j: (units[j].n, j))


def _merge(units: list[_Unit], i: int, j: int, merges: list[MonthMerge], museum_id: str, year: int, why: str) -> None:
    """Unit i joins its neighbour j. A unit without attendance joining a surveyed unit with attendance
    takes that unit's visitors per response (ratio imputation): its respondents get the weight the
    neighbour's respondents would have had, instead of diluting the neighbour's visitors."""
    mover, target = units[i], units[j]
    brought = mover.attendance if mover.counted else math.nan
    if not mover.counted and target.counted and target.surveyed:
        brought = mover.n * target.attendance / target.n
        target.imputed += brought
    merges.append(
        MonthMerge(
            museum_id,
            year,
            tuple(mover.months),
            tuple(target.months),
            why,
            mover.n,
            float(brought) if brought is not None else math.nan,
        )
    )
    target.months = sorted(target.months + mover.months, key=_month_index)
    target.n += mover.n
    target.imputed += mover.imputed
    if not math.isnan(brought):
        target.attendance = (target.attendance or 0.0) + brought
    del units[i]


def _sweep(
    units: list[_Unit], needs_merge, can_receive, merges: list[MonthMerge], museum_id: str, year: int, why: str
) -> bool:
    """Merge every unit for which needs_merge holds into an adjacent unit for which can_receive holds
    (fewer responses, then the earlier one). Returns whether anything moved.

    Rounds are simultaneous (targets chosen before any merge of the round), so a run of months
    splits between its two ends: each month joins the nearer one.
    """
    moved = False
    while True:
        plan = []
        for i, unit in enumerate(units):
            if not needs_merge(unit):
                continue
            sides = [j for j in (i - 1, i + 1) if 0 <= j < len(units) and can_receive(units[j])]
            if sides:
                plan.append((i, _side_choice(units, sides)))
        moving = {i for i, _ in plan}
        plan = [(i, j) for i, j in plan if j not in moving]  # a target never moves in the same round
        if not plan:
            return moved
        targets = {i: units[j] for i, j in plan}
        for i in sorted(targets, reverse=True):
            _merge(units, i, next(k for k, u in enumerate(units) if u is targets[i]), merges, museum_id, year, why)
        moved = True


def collapse_months(
    months: pd.DataFrame, min_stratum_n: int = MIN_STRATUM_N, *, museum_id: str = "", survey_year: int = 0
) -> tuple[list[Stratum], list[MonthMerge]]:
    """Steps 2–4 of the rule for one museum × season.

    months: month ('YYYY-MM'), n (responses, 0 for a month with visitors only), attendance (NaN when
    not loaded), covering the survey period. Returns the collapsed strata (weights not yet set:
    NaN) and the merges made. At least one month must have both responses and attendance.

    Months without attendance and months without responses are merged first, alternately, each
    into an adjacent surveyed month with attendance; a month without attendance takes its
    neighbour's visitors per response (MonthMerge.attendance = the visitors imputed). What is left
    where such months only touch each other (rare) is merged with any neighbour. Then small strata
    are collapsed.
    """
    frame = months.assign(index=months["month"].map(_month_index)).sort_values("index")
    units = [
        _Unit([str(row.month)], int(row.n), _known(row.attendance))
        for row in frame.itertuples(index=False)
        if int(row.n) > 0 or _known(row.attendance) is not None
    ]
    merges: list[MonthMerge] = []

    def full(u: _Unit) -> bool:
        return u.surveyed and u.counted

    def sweep(needs, receives, why) -> bool:
        return _sweep(units, needs, receives, merges, museum_id, survey_year, why)

    while sweep(lambda u: not u.counted, full, UNCOUNTED) | sweep(lambda u: not u.surveyed, full, UNSURVEYED):
        pass
    sweep(lambda u: not u.surveyed, lambda u: u.surveyed, UNSURVEYED)
    sweep(lambda u: not u.counted, lambda u: u.counted, UNCOUNTED)
    while len(units) > 1:
        small = [i for i, u in enumerate(units) if u.n < min_stratum_n]
        if not small:
            break
        i = min(small, key=lambda k: (units[k].n, k))
        sides = [j for j in (i - 1, i + 1) if 0 <= j < len(units)]
        _merge(units, i, _side_choice(units, sides), merges, museum_id, survey_year, SMALL)
    strata = [
        Stratum(
            museum_id,
            survey_year,
            tuple(u.months),
            u.n,
            u.attendance or math.nan,
            math.nan,
            math.nan,
            math.nan,
            math.nan,
            False,
            u.imputed,
        )
        for u in units
    ]
    return strata, merges


# --- post-stratification ---------------------------------------------------------------------------


def poststratify(
    n: pd.Series, attendance: pd.Series, cap: float = stats.WEIGHT_CAP, floor: float = stats.WEIGHT_FLOOR
) -> pd.DataFrame:
    """Step 5: stats.poststratification_weights on (collapsed) strata, with what trimming did.

    Returns, on the strata index: weight (final), untrimmed_weight (attendance_h / n_h normalised to
    a response mean of 1), trimmed (weight at the cap or the floor), attendance_share and
    weighted_share (n_h × weight_h / Σ n).
    """
    n = n.astype(float)
    attendance = attendance.reindex(n.index).astype(float)
    weight = stats.poststratification_weights(n, attendance, cap=cap, floor=floor)
    raw = attendance / n
    untrimmed = raw * float(n.sum()) / float((raw * n).sum())
    trimmed = np.isclose(weight, cap, rtol=0, atol=1e-9) | np.isclose(weight, floor, rtol=0, atol=1e-9)
    return pd.DataFrame(
        {
            "weight": weight,
            "untrimmed_weight": untrimmed,
            "trimmed": trimmed,
            "attendance_share": attendance / float(attendance.sum()),
            "weighted_share": n * weight / float(n.sum()),
        },
        index=n.index,
    )


def _months_frame(attendance_months: pd.DataFrame | None) -> pd.DataFrame:
    if attendance_months is None or attendance_months.empty:
        return pd.DataFrame(
            {"museum_id": pd.Series(dtype=str), "month": pd.Series(dtype=str), "attendance": pd.Series(dtype=float)}
        )
    frame = attendance_months[["museum_id", "month", "attendance"]].copy()
    frame["museum_id"] = frame["museum_id"].astype(str)
    frame["month"] = frame["month"].astype(str).str.slice(0, 7)
    frame["attendance"] = pd.to_numeric(frame["attendance"], errors="coerce")
    return frame.groupby(["museum_id", "month"], as_index=False)["attendance"].sum(min_count=1)


def weighting_for(
    strata: pd.DataFrame,
    attendance_months: pd.DataFrame | None = None,
    *,
    min_stratum_n: int = MIN_STRATUM_N,
    cap: float = stats.WEIGHT_CAP,
    floor: float = stats.WEIGHT_FLOOR,
) -> tuple[Weighting, pd.DataFrame]:
    """Decide and compute post-stratification weights for one population of strata (module rule).

    strata: museum_id, survey_year, month ('YYYY-MM', '' = undated), n, attendance (NaN when not
    loaded). attendance_months (optional): museum_id, month ('YYYY-MM' or a date), attendance — the
    monthly attendance of the seasons in `strata`, so months with visitors but no responses are
    seen; rows of other museums or calendar years are ignored, and months of the season outside its
    survey period are listed in Weighting.months_outside_period.
    Returns the decision and the strata rows with `weight` (1 everywhere when unweighted; 1 for
    undated responses) and `stratum` (the months of the final stratum joined by '+'; the month
    itself when unweighted).
    """
    out = strata.copy()
    out["month"] = out["month"].astype(str)
    out["weight"] = 1.0
    out["stratum"] = out["month"]
    if out.empty or int(out["n"].sum()) == 0:
        return Weighting(False, NO_RESPONSES), out
    n_undated = int(out.loc[out["month"] == UNDATED, "n"].sum())
    dated = out[(out["month"] != UNDATED) & (out["n"] > 0)]
    if dated.empty:
        return Weighting(False, NO_DATES, n_undated=n_undated), out

    extra = _months_frame(attendance_months)
    seasons = set(zip(dated["museum_id"].astype(str), dated["survey_year"].astype(int)))
    extra = extra[
        pd.Series(
            [(m, int(month[:4])) in seasons for m, month in zip(extra["museum_id"], extra["month"])],
            index=extra.index,
            dtype=bool,
        )
    ]
    known = pd.to_numeric(dated["attendance"], errors="coerce")
    lookup = extra.set_index(["museum_id", "month"])["attendance"]
    filled = [
        a if pd.notna(a) and a > 0 else lookup.get((str(m), month), np.nan)
        for a, m, month in zip(known, dated["museum_id"], dated["month"])
    ]
    dated = dated.assign(attendance=pd.to_numeric(pd.Series(filled, index=dated.index), errors="coerce"))
    uncounted = dated["attendance"].isna() | (dated["attendance"] <= 0)
    missing = tuple(sorted(set(dated.loc[uncounted, "month"])))
    if uncounted.all():
        return Weighting(False, NO_ATTENDANCE, missing_months=missing, n_undated=n_undated), out

    groups = dated.groupby(["museum_id", "survey_year"], sort=True)
    blocking = tuple((str(m), int(y)) for (m, y), g in groups if 2 * int(uncounted[g.index].sum()) > len(g))
    if blocking:
        return Weighting(False, MONTHS_MISSING, missing_months=missing, n_undated=n_undated, blocking=blocking), out

    strata_found: list[Stratum] = []
    merges: list[MonthMerge] = []
    in_period: set[tuple[str, str]] = set()
    for (museum_id, year), group in groups:
        indices = group["month"].map(_month_index)
        period = [_month_text(i) for i in range(int(indices.min()), int(indices.max()) + 1)]
        in_period.update((str(museum_id), m) for m in period)
        visitors_only = extra[
            (extra["museum_id"] == str(museum_id)) & extra["month"].isin(period) & ~extra["month"].isin(group["month"])
        ]
        months = pd.concat(
            [group[["month", "n", "attendance"]], visitors_only[["month", "attendance"]].assign(n=0)], ignore_index=True
        )
        found, made = collapse_months(months, min_stratum_n, museum_id=str(museum_id), survey_year=int(year))
        strata_found += found
        merges += made

    n = pd.Series([s.n for s in strata_found], dtype=float)
    attendance = pd.Series([s.attendance for s in strata_found], dtype=float)
    result = poststratify(n, attendance, cap=cap, floor=floor)
    final = tuple(
        Stratum(
            s.museum_id,
            s.survey_year,
            s.months,
            s.n,
            s.attendance,
            float(r.weight),
            float(r.untrimmed_weight),
            float(r.attendance_share),
            float(r.weighted_share),
            bool(r.trimmed),
            s.imputed_attendance,
        )
        for s, r in zip(strata_found, result.itertuples(index=False))
    )

    by_month = {(s.museum_id, s.survey_year, month): s for s in final for month in s.months}
    for index, row in dated.iterrows():
        stratum = by_month[(str(row["museum_id"]), int(row["survey_year"]), row["month"])]
        out.loc[index, "weight"] = stratum.weight
        out.loc[index, "stratum"] = "+".join(stratum.months)
    museums = set(dated["museum_id"].astype(str))
    outside = tuple(
        sorted(
            (m, month)
            for m, month, a in extra.itertuples(index=False)
            if m in museums and (m, month) not in in_period and pd.notna(a) and a > 0
        )
    )
    return Weighting(
        True,
        WEIGHTED,
        missing_months=missing,
        n_undated=n_undated,
        n_trimmed=sum(s.trimmed for s in final),
        min_stratum_n=min_stratum_n,
        strata=final,
        merges=tuple(merges),
        months_outside_period=outside,
    ), out


# --- unit of analysis ---------------------------------------------------------------------------------

VISITORS = "visitors"
PARTIES = "parties"
PARTY_SIZE_MIN_SHARE = 0.80
PARTY_SIZE_CAP = 10


@dataclass(frozen=True)
class UnitOfAnalysis:
    """What a share counts: visitors (respondents × party size) or parties (respondents)."""

    unit: str  # VISITORS | PARTIES
    n_responses: int
    n_with_party_size: int
    share_with_party_size: float  # NaN without responses
    min_share: float = PARTY_SIZE_MIN_SHARE
    cap: int = PARTY_SIZE_CAP
    n_capped: int = 0  # party sizes above the cap
    mean_party_size: float = math.nan  # of the capped sizes given; imputed where missing

    @property
    def by_visitors(self) -> bool:
        return self.unit == VISITORS


def unit_of_analysis(
    party_sizes, *, min_share: float = PARTY_SIZE_MIN_SHARE, cap: int = PARTY_SIZE_CAP
) -> UnitOfAnalysis:
    """The unit of a season's figures (module rule).

    party_sizes: one value per response of the season (a Series, array, or a frame with a
    party_size column); missing, non-numeric or < 1 values count as not given. VISITORS when at
    least `min_share` of the responses give a party size, PARTIES otherwise (also when the survey
    has no party_size item: pass an empty column or all missing).
    """
    if isinstance(party_sizes, pd.DataFrame):
        party_sizes = (
            party_sizes["party_size"] if "party_size" in party_sizes else pd.Series(np.nan, index=party_sizes.index)
        )
    sizes = pd.to_numeric(pd.Series(party_sizes, dtype=object), errors="coerce")
    given = sizes[sizes >= 1]
    n = int(len(sizes))
    share = len(given) / n if n else math.nan
    unit = VISITORS if n and share >= min_share else PARTIES
    capped = given.clip(upper=cap)
    return UnitOfAnalysis(
        unit,
        n,
        int(len(given)),
        share,
        min_share,
        cap,
        int((given > cap).sum()),
        float(capped.mean()) if len(capped) else math.nan,
    )


def party_multiplier(party_sizes, decision: UnitOfAnalysis) -> pd.Series:
    """Per-response factor: 1 everywhere for PARTIES; for VISITORS the party size capped at
    decision.cap, and decision.mean_party_size where the size is not given (the respondent still
    stands for a party, of average size)."""
    sizes = pd.to_numeric(pd.Series(party_sizes, dtype=object), errors="coerce")
    if not decision.by_visitors:
        return pd.Series(1.0, index=sizes.index, name="party_multiplier")
    given = sizes.where(sizes >= 1)
    return given.clip(upper=decision.cap).fillna(decision.mean_party_size).astype(float).rename("party_multiplier")


def visitor_weights(weights, multiplier, strata) -> pd.Series:
    """Per-response weights for shares of visitors: weight × multiplier / mean multiplier of the stratum.

    Dividing by the stratum mean keeps every stratum's weighted total (so the attendance profile
    post-stratification reproduced is kept), while within a stratum a party of four counts four
    times a person alone. weights, multiplier and strata (stratum labels) share one index.
    """
    w = pd.Series(weights, dtype=float)
    m = pd.Series(multiplier, index=w.index, dtype=float)
    groups = pd.Series(strata, index=w.index)
    return (w * m / m.groupby(groups).transform("mean")).rename("weight")


__all__ = [
    "MIN_STRATUM_N",
    "WEIGHTED",
    "NO_RESPONSES",
    "NO_DATES",
    "NO_ATTENDANCE",
    "MONTHS_MISSING",
    "REASONS",
    "SMALL",
    "UNSURVEYED",
    "UNCOUNTED",
    "MonthMerge",
    "Stratum",
    "Weighting",
    "collapse_months",
    "poststratify",
    "weighting_for",
    "VISITORS",
    "PARTIES",
    "PARTY_SIZE_MIN_SHARE",
    "PARTY_SIZE_CAP",
    "UnitOfAnalysis",
    "unit_of_analysis",
    "party_multiplier",
    "visitor_weights",
]
