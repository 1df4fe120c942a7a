"""Section 6 of the attendance workbook: the front-desk provenance grid beside the survey's estimate,
on the grid's origins (docs/ARCHITECTURE.md, « Attendance »).

Rules (stated once, here):
- the desk side: the tallies (desk_counts) of the months the survey season covers (survey.SurveyPlan
  .months; a week counts in the month it starts); shares of the visitors whose origin the desk
  recorded (« Inconnue » left out of the base and reported apart);
- the survey side: the weighted shares of the respondents on the same origins (survey.desk_wheres:
  local = the provenance category local; the other four split excursionists and tourists by
  residence), Wilson intervals on Kish's effective n, every 1–9 cell withheld by the report's plan;
- the gap of an origin is survey − desk in percentage points; it is « within the margin of error »
  when the desk share lies inside the survey's 95 % interval, else « beyond the margin ». The desk
  grid is a count, not an estimate: it has no margin of its own, but staff ask each visitor (or
  guess), count children and groups, and may miss busy hours, while the survey counts one
  respondent per party, weighted to monthly attendance and party size — the text says so.

Desk tallies are counts the museum keeps (like attendance), not survey respondents: only shares of
them are shown, and they declare no disclosure cells; the survey side declares its cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import store
from ...metrics.scope import Scope, connection
from ...metrics.shares import ShareTable
from . import labels, survey

NO_SURVEY, NO_DESK, NO_DESK_MONTHS, TOO_SMALL, WITHHELD = (
    "no_survey",
    "no_desk",
    "no_desk_months",
    "too_small",
    "withheld",
)


@dataclass(frozen=True)
class DeskComparison:
    """The two sides, origin by origin.

    table: key, label, desk_visitors, desk_share, survey_share, ci_low, ci_high, suppressed,
    imprecise, gap (survey − desk, share points; NaN when the survey share is not shown), within
    (desk share inside the survey's interval; NA when not shown).
    reason: why nothing is compared (NO_SURVEY, NO_DESK, NO_DESK_MONTHS, TOO_SMALL, WITHHELD), else None.
    """

    reason: str | None
    season: int | None
    months: tuple[str, ...]  # the surveyed months
    desk_months: tuple[str, ...]  # those with desk tallies
    desk_known: int  # visitors of a known origin at the desk, over desk_months
    desk_unknown: int
    survey: ShareTable | None
    table: pd.DataFrame

    @property
    def cells(self) -> tuple:
        return self.survey.cells if self.survey is not None else ()


def desk_months(scope: Scope) -> pd.DataFrame:
    """The museum's desk tallies: month ('YYYY-MM'), origin_category, visitors."""
    return store.query(connection(scope), "metrics/attendance_desk_months", {"museum_id": scope.museum_id})


def _empty(reason: str, plan: survey.SurveyPlan | None, months=(), desk=()) -> DeskComparison:
    return DeskComparison(reason, plan.season if plan else None, tuple(months), tuple(desk), 0, 0, None, pd.DataFrame())


def compare(scope: Scope) -> DeskComparison:
    plan = survey.survey_plan(scope)
    if plan is None:
        return _empty(NO_SURVEY, None)
    tallies = desk_months(scope)
    if tallies.empty:
        return _empty(NO_DESK, plan, plan.months)
    months = plan.months or tuple(sorted(set(plan.responses["month"]) - {""}))
    in_season = tallies[tallies["month"].isin(months)]
    if in_season.empty:
        return _empty(NO_DESK_MONTHS, plan, months)
    result = plan.share_table(survey.DESK_TABLE, scope.lang)
    found = tuple(sorted(set(in_season["month"])))
    totals = in_season.groupby("origin_category")["visitors"].sum()
    known = int(totals.reindex(survey.DESK_KEYS).fillna(0).sum())
    unknown = int(totals.drop(list(survey.DESK_KEYS), errors="ignore").sum())
    if result.too_small or result.withheld_reason or result.table.empty or known == 0:
        reason = WITHHELD if result.withheld_reason else TOO_SMALL
        return DeskComparison(
            reason if known else NO_DESK_MONTHS, plan.season, months, found, known, unknown, result, pd.DataFrame()
        )
    table = result.table.set_index("key").reindex(list(survey.DESK_KEYS)).reset_index()
    table["label"] = [labels.desk_label(k, scope.lang) for k in table["key"]]
    table["desk_visitors"] = [int(totals.get(k, 0)) for k in table["key"]]
    table["desk_share"] = table["desk_visitors"] / known
    table["survey_share"] = table["share"]
    shown = table["survey_share"].notna()
    table["gap"] = np.where(shown, table["survey_share"] - table["desk_share"], np.nan)
    within = (table["desk_share"] >= table["ci_low"]) & (table["desk_share"] <= table["ci_high"])
    table["within"] = pd.array([bool(w) if s else pd.NA for w, s in zip(within, shown)], dtype="boolean")
    columns = ["key", "label", "desk_visitors", "desk_share", "survey_share", "ci_low", "ci_high", "suppressed"]
    columns += ["imprecise", "caution", "gap", "within"]
    return DeskComparison(None, plan.season, months, found, known, unknown, result, table[columns])
