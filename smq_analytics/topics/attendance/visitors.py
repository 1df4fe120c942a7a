"""Sections 7 and 8 of the attendance workbook: estimated numbers of visitors by category, and the
museum's tourism role (docs/ARCHITECTURE.md, « Attendance »).

Rules (stated once, here):
- visitors of category c = attendance of the surveyed months × the weighted share of c among the
  respondents of known category (metrics/shares.py: post-stratified to monthly attendance, Wilson
  interval on Kish's effective n); the interval is attendance × the share's bounds; visitors of
  unknown category are assumed to split like the others; numbers are rounded to what the interval
  supports (survey.rounding_step: « environ 24 000 touristes (21 500 à 26 500) »). Only with
  weighted shares and attendance for the surveyed months (survey.SurveyPlan.estimates_visitors);
- the tourism role: among tourists (and among excursionists) who answered trip_reason, the weighted
  shares for whom the visit was the main reason, or one of the reasons, to come to the region;
- tourists attracted ≈ attendance × the weighted share of respondents who are tourists AND gave
  « main reason », estimated directly (Wilson on Kish's n) over the respondents whose category and
  trip reason are both known. On that base it equals attendance × tourist share × main-reason share
  among tourists exactly (the text says so); the interval is attendance × the joint share's bounds.

A share is published only on a base of MIN_CELL respondents or more, when neither the respondents
it counts nor those it leaves out number 1 to 9, and when precise enough (survey.weighted_share).
Visitor numbers are estimates, not respondent counts; the category chart declares the categories
table's cells (the report's disclosure plan), the tourism-role chart only weighted shares (none).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import privacy
from ...metrics.scope import Scope
from ...metrics.shares import ShareTable
from . import labels, survey
from .survey import Estimate, Share

NO_SURVEY, NOT_WEIGHTED, TOO_SMALL, WITHHELD = "no_survey", "not_weighted", "too_small", "withheld"
REASONS = ("main", "one_of")
ROLE_GROUPS = ("tourist", "excursionist")


@dataclass(frozen=True)
class CategoryVisitors:
    """table: key, label, share, ci_low, ci_high, suppressed, imprecise, caution, visitors, low, high
    (rounded; NA when the share is not shown)."""

    reason: str | None
    season: int | None
    months: tuple[str, ...]
    attendance: int
    missing_months: tuple[str, ...]
    shares: ShareTable | None
    table: pd.DataFrame
    weighted: bool = False

    @property
    def cells(self) -> tuple:
        return self.shares.cells if self.shares is not None else ()


def by_category(scope: Scope) -> CategoryVisitors:
    plan = survey.survey_plan(scope)
    if plan is None:
        return CategoryVisitors(NO_SURVEY, None, (), 0, (), None, pd.DataFrame())
    result = plan.share_table(survey.CATEGORY_TABLE, scope.lang)
    common = dict(
        season=plan.season, months=plan.months, attendance=plan.attendance, missing_months=plan.missing_months
    )
    if not plan.estimates_visitors:
        return CategoryVisitors(NOT_WEIGHTED, shares=result, table=pd.DataFrame(), **common)
    if result.withheld_reason:
        return CategoryVisitors(WITHHELD, shares=result, table=pd.DataFrame(), **common)
    if result.too_small or result.table.empty:
        return CategoryVisitors(TOO_SMALL, shares=result, table=pd.DataFrame(), **common)
    table = result.table.copy()
    table["label"] = [labels.VISITOR_CATEGORIES[k](scope.lang) for k in table["key"]]
    values = {"visitors": [], "low": [], "high": []}
    for row in table.itertuples():
        if pd.isna(row.share):
            for name in values:
                values[name].append(pd.NA)
            continue
        low, high = plan.attendance * row.ci_low, plan.attendance * row.ci_high
        step = survey.rounding_step(low, high)
        values["visitors"].append(survey.round_to(plan.attendance * row.share, step))
        values["low"].append(survey.round_to(low, step))
        values["high"].append(survey.round_to(high, step))
    for name, column in values.items():
        table[name] = pd.array(column, dtype="Int64")
    columns = [
        "key",
        "label",
        "share",
        "ci_low",
        "ci_high",
        "suppressed",
        "imprecise",
        "caution",
        "visitors",
        "low",
        "high",
    ]
    return CategoryVisitors(None, shares=result, table=table[columns], weighted=True, **common)


@dataclass(frozen=True)
class TourismRole:
    """groups[g][r]: the share of group g (tourist, excursionist) for whom the visit was reason r
    (main, one_of), on the group's respondents who answered trip_reason.
    tourist_share, main_among_tourists, joint: on the respondents whose category and trip reason are
    both known; attracted = attendance × joint (None when not published or not weighted)."""

    reason: str | None
    season: int | None
    attendance: int
    weighted: bool
    groups: dict[str, dict[str, Share]] = field(default_factory=dict)
    tourist_share: Share | None = None
    main_among_tourists: Share | None = None
    joint: Share | None = None
    attracted: Estimate | None = None
    n_answered: int = 0  # respondents whose category and trip reason are known


def tourism_role(scope: Scope) -> TourismRole:
    plan = survey.survey_plan(scope)
    if plan is None:
        return TourismRole(NO_SURVEY, None, 0, False)
    return role_of(plan.responses, plan.attendance, plan.weighted, plan.season, plan.estimates_visitors)


def role_of(
    frame: pd.DataFrame, attendance: int, weighted: bool, season: int | None = None, estimates: bool = True
) -> TourismRole:
    """The tourism role of a season's responses (columns category, trip_reason, W) for `attendance`
    visitors; pure, so tests can give a hand-made frame. estimates: whether numbers of visitors may
    be estimated (weighted shares and attendance for the surveyed months)."""
    weights = frame["W"]
    answered = frame["trip_reason"].notna() & frame["category"].isin(survey.KNOWN_CATEGORIES)
    if int(answered.sum()) < privacy.MIN_CELL:
        return TourismRole(TOO_SMALL, season, attendance, weighted, n_answered=int(answered.sum()))
    groups = {
        group: {
            reason: survey.weighted_share(
                weights, answered & (frame["category"] == group), frame["trip_reason"] == reason
            )
            for reason in REASONS
        }
        for group in ROLE_GROUPS
    }
    tourist = frame["category"] == "tourist"
    main = frame["trip_reason"] == "main"
    tourist_share = survey.weighted_share(weights, answered, tourist)
    main_among = survey.weighted_share(weights, answered & tourist, main)
    joint = survey.weighted_share(weights, answered, tourist & main)
    attracted = survey.estimate(attendance, joint) if estimates else None
    return TourismRole(
        None, season, attendance, weighted, groups, tourist_share, main_among, joint, attracted, int(answered.sum())
    )
