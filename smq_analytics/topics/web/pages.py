"""Landing pages (section 4): the pages where sessions start, by sessions, with their engagement rate,
from the mart web_metrics (dimension landing_page), one source per museum-year (dimension.py)
(docs/ARCHITECTURE.md, « Topics », Web).

Privacy: web sessions are not people, but a URL can carry a rare, identifying path (a member's page,
a link sent to one person). Pages with fewer than privacy.MIN_CELL sessions are folded into one
« Autres pages » row, and at most TOP_PAGES pages are named; paths are shown without query string.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import privacy
from ...metrics.scope import Scope, connection
from . import dimension

TOP_PAGES = 10
OTHERS = "__others__"  # the folded row's key (labels.py names it)
METRICS = ("sessions", "engaged_sessions", "engagement_rate")
MAX_PATH = 60  # characters shown of a path


@dataclass(frozen=True)
class LandingPages:
    """table: page (a path, or OTHERS), sessions, engagement_rate (NaN when not given), pages (how many
    pages the row holds: 1, or the folded ones); named pages by sessions, the folded row last."""

    year: int
    totals: dimension.YearTotals
    table: pd.DataFrame
    folded_small: int  # pages folded for having fewer than MIN_CELL sessions

    @property
    def empty(self) -> bool:
        return self.table.empty


def clean_path(value: str) -> str:
    """The path only (no scheme, host, query or fragment), cut at MAX_PATH characters."""
    text = str(value).strip()
    if "://" in text:
        text = text.split("://", 1)[1]
        text = "/" + text.split("/", 1)[1] if "/" in text else "/"
    text = text.split("?", 1)[0].split("#", 1)[0] or "/"
    return text if len(text) <= MAX_PATH else text[: MAX_PATH - 1] + "…"


def landing_pages(scope: Scope) -> LandingPages:
    totals = dimension.year_totals(connection(scope), scope.museum_id, "landing_page", METRICS, scope.year)
    empty = pd.DataFrame(columns=["page", "sessions", "engagement_rate", "pages"])
    if totals.empty:
        return LandingPages(scope.year, totals, empty, 0)
    table = totals.table.copy()
    table["page"] = table["dimension_value"].map(clean_path)
    table["engaged"] = table["engaged_sessions"].where(
        table["engaged_sessions"].notna(), table["engagement_rate"] * table["sessions"]
    )
    # two raw values with the same cleaned path are one page
    table = table.groupby("page", as_index=False).agg(
        sessions=("sessions", "sum"), engaged=("engaged", lambda s: s.sum(min_count=1))
    )
    table["engagement_rate"] = table["engaged"] / table["sessions"].where(table["sessions"] > 0)
    table = table[table["sessions"] > 0].sort_values(["sessions", "page"], ascending=[False, True], kind="stable")
    small = table["sessions"] < privacy.MIN_CELL
    named = table[~small].head(TOP_PAGES)
    rest = table.drop(named.index)
    rows = [
        {"page": r.page, "sessions": float(r.sessions), "engagement_rate": float(r.engagement_rate), "pages": 1}
        for r in named.itertuples()
    ]
    if not rest.empty:
        engaged = rest["engaged"].sum(min_count=1)
        rows.append(
            {
                "page": OTHERS,
                "sessions": float(rest["sessions"].sum()),
                "engagement_rate": float(engaged / rest["sessions"].sum()) if pd.notna(engaged) else float("nan"),
                "pages": int(len(rest)),
            }
        )
    return LandingPages(scope.year, totals, pd.DataFrame(rows, columns=empty.columns), int(small.sum()))
