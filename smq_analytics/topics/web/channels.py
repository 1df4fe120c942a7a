"""Acquisition channels (section 3) and engagement by channel (section 5): session shares by GA4
default channel group for the year and the year before, from the mart web_metrics (dimension
channel_group), one source per museum-year (dimension.py) (docs/ARCHITECTURE.md, « Topics », Web).

A share is the channel's sessions over the sessions of every channel of the same source and period;
channel names are stored in Google's English names and translated for display only (labels.py). A
channel with no session in one year has a share of 0 there. Raw events are grouped by our
implementation of Google's rules (the version is named); interface and API downloads carry GA4's own
grouping; UA's channels were mapped to GA4's names at ingest (« Social » → Organic Social).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...metrics.scope import Scope, connection
from . import dimension

METRICS = ("sessions", "engaged_sessions", "engagement_rate", "key_events")


@dataclass(frozen=True)
class Channels:
    """Shares of sessions by channel. table: channel, sessions, share, previous_sessions,
    previous_share, engaged_sessions, engagement_rate, key_events (NaN when not given); rows by
    sessions of the year, largest first."""

    year: int
    current: dimension.YearTotals
    previous: dimension.YearTotals
    table: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.current.empty


def _rates(totals: dimension.YearTotals) -> pd.DataFrame:
    table = totals.table.copy()
    if table.empty:
        return table
    computed = table["engaged_sessions"] / table["sessions"].where(table["sessions"] > 0)
    table["engagement_rate"] = computed.where(table["engaged_sessions"].notna(), table["engagement_rate"])
    return table


def channels(scope: Scope) -> Channels:
    con = connection(scope)
    current = dimension.year_totals(con, scope.museum_id, "channel_group", METRICS, scope.year)
    previous = dimension.year_totals(con, scope.museum_id, "channel_group", METRICS, scope.year - 1, scope.year)
    now, before = _rates(current), _rates(previous)
    names = list(dict.fromkeys([*now.get("dimension_value", []), *before.get("dimension_value", [])]))
    table = pd.DataFrame({"channel": names})
    for prefix, frame in (("", now), ("previous_", before)):
        values = dict(zip(frame.get("dimension_value", []), frame.get("sessions", [])))
        table[f"{prefix}sessions"] = [float(values.get(n, 0.0) or 0.0) if len(frame) else float("nan") for n in names]
        total = table[f"{prefix}sessions"].sum()
        table[f"{prefix}share"] = table[f"{prefix}sessions"] / total if total else float("nan")
    for column in ("engaged_sessions", "engagement_rate", "key_events"):
        values = dict(zip(now.get("dimension_value", []), now.get(column, [])))
        table[column] = [float(values[n]) if n in values and pd.notna(values[n]) else float("nan") for n in names]
    table = table.sort_values(
        ["sessions", "previous_sessions", "channel"], ascending=[False, False, True], kind="stable"
    )
    return Channels(scope.year, current, previous, table.reset_index(drop=True))
