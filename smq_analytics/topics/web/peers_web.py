"""The museum and its peers (section 8): engagement rate, organic-search share and sessions per 1 000
visitors, each museum's own value for the year, against the peer groups of peers.py
(docs/ARCHITECTURE.md, « Peer groups »).

One value per museum, never pooled: peers.compare gives the other museums' median and quartiles; a
group appears only with privacy.MIN_PEER_MUSEUMS other museums that have the indicator for the year;
peers stay anonymous unless their cohort agreed to be named. A museum's value:

- engagement rate: its GA4 engaged sessions / sessions over the year's months (UA did not measure
  engagement: a UA-only year has none);
- organic-search share: Organic Search sessions / sessions of every channel (dimension.py's source);
- sessions per 1 000 visitors: sessions / attendance × 1 000 over the complete web months of the
  year that have attendance (the same months on both sides).

`n` is the museum's sessions behind the value (benchmark's minimum base of privacy.MIN_CELL).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import peers
from ...metrics.scope import Scope, connection
from . import dimension, labels
from .metrics import GA4, attendance_months, complete_months, monthly_rows, pivot, year_platform

INDICATORS = ("engagement_rate", "organic_share", "sessions_per_1000")
PERCENT = {"engagement_rate": True, "organic_share": True, "sessions_per_1000": False}
ORGANIC = "Organic Search"


def museum_values(scope: Scope) -> pd.DataFrame:
    """One row per museum with web data for the year: museum_id, sessions and the three indicators
    (NaN when the museum's data do not give one)."""
    con = connection(scope)
    year = scope.year
    rows = monthly_rows(con, None, ("sessions", "engaged_sessions"), f"{year:04d}-01", f"{year:04d}-12")
    channel_rows = dimension.rows(con, None, "channel_group", ("sessions",), year)
    out = []
    for museum_id in sorted(set(rows["museum_id"])):
        mine = rows[rows["museum_id"] == museum_id]
        platform = year_platform(mine, year)
        sessions = pivot(mine, platform, "sessions")
        engaged = pivot(mine, GA4, "engaged_sessions")
        ga4 = pivot(mine, GA4, "sessions")
        both = [m for m in ga4 if m in engaged]
        engagement = sum(engaged[m] for m in both) / sum(ga4[m] for m in both) if both else float("nan")
        if not both or not sum(ga4[m] for m in both):
            engagement = float("nan")
        channels = dimension.choose(channel_rows, museum_id, ("sessions",)).table
        total = channels["sessions"].sum() if not channels.empty else 0
        organic = (
            float(channels.loc[channels["dimension_value"] == ORGANIC, "sessions"].sum() / total)
            if total
            else float("nan")
        )
        attendance = attendance_months(con, museum_id)
        paired = [m for m in complete_months(mine, platform) if m in attendance and attendance[m] > 0]
        visits = sum(attendance[m] for m in paired)
        per_1000 = 1000 * sum(sessions[m] for m in paired) / visits if visits else float("nan")
        out.append(
            {
                "museum_id": museum_id,
                "sessions": float(sum(sessions.values())),
                "engagement_rate": engagement,
                "organic_share": organic,
                "sessions_per_1000": per_1000,
            }
        )
    return pd.DataFrame(out, columns=["museum_id", "sessions", *INDICATORS])


@dataclass(frozen=True)
class PeerResults:
    year: int
    comparisons: dict[str, list[peers.GroupComparison]]  # by indicator
    own: dict[str, float]  # the museum's own values (NaN: none)
    has_data: bool


def compare(scope: Scope) -> PeerResults:
    values = museum_values(scope)
    groups = peers.peer_groups(connection(scope), scope.museum_id)
    comparisons, own = {}, {}
    mine = values[values["museum_id"] == scope.museum_id]
    for indicator in INDICATORS:
        results = pd.DataFrame({"museum_id": values["museum_id"], "value": values[indicator], "n": values["sessions"]})
        comparisons[indicator] = peers.compare(results, scope.museum_id, groups)
        own[indicator] = float(mine[indicator].iloc[0]) if not mine.empty else float("nan")
    return PeerResults(scope.year, comparisons, own, not mine.empty)


def chart(result: PeerResults, indicator: str, lang: str = "fr"):
    """peers.chart of one indicator (None when no group may be shown): quartiles and median of the
    other museums, the museum's own value; no count, no cells."""
    return peers.chart(result.comparisons[indicator], labels.TITLE_PEERS[indicator], lang, percent=PERCENT[indicator])
