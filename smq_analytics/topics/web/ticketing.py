"""Key events and the path to tickets (section 6): the museum's key events by month and by channel,
the share of sessions with one, and the cross-domain check (docs/ARCHITECTURE.md, « Topics », Web).

Key events are the museum's own (parameters/museums/<id>.yaml, web.key_events; purchase by
default), counted as GA4 counts them: every occurrence. The share of sessions with a key event needs
raw events (distinct sessions); interface downloads give occurrences only, shown per 100 sessions.

The cross-domain problem: when tickets sell on another domain (web.ticketing_domains) without GA4
cross-domain measurement, a buyer who comes back from the ticketing site starts a new session whose
source is that site: purchases are credited to Referral (or Direct), not to the channel that brought
the buyer. Detected from the data: sessions whose source is a ticketing domain or the museum's own
site (web_sessions.referral_kind, raw events), or source / source_medium rows naming those domains
(interface and API downloads). SELF_REFERRAL_MIN sessions over the year or more is a problem; fewer is
noise (a bookmark, a link pasted in an e-mail).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ... import store
from ...metrics.scope import Scope, connection
from . import dimension
from .metrics import GA4, monthly_rows, optional_query, pivot, year_months

SELF_REFERRAL_MIN = 10  # sessions over the year
NO_SESSION = "__no_session__"  # the channel of key events without a session (labels.py names it)
DIRECT_REFERRAL = ("Direct", "Referral")

OK = "ok"  # a ticketing domain is declared and no self-referral shows
PROBLEM = "problem"  # self-referrals show
NOT_DECLARED = "not_declared"  # no ticketing domain declared, no self-referral
UNKNOWN = "unknown"  # no source data to check (UA only, no web data)


@dataclass(frozen=True)
class KeyEvents:
    """table: month_number, key_events, sessions (GA4, None when no data); by_event: key_event,
    occurrences (raw events or interface rows; empty otherwise); names: the museum's key events
    (key_event, event_name); sessions_with_key_event: distinct sessions (raw events only)."""

    year: int
    table: pd.DataFrame
    by_event: pd.DataFrame
    by_channel: pd.DataFrame  # channel, key_events
    names: pd.DataFrame
    key_events: float
    sessions: float
    sessions_with_key_event: float | None
    event_sessions: float  # sessions counted from raw events (web_sessions), the base of session_rate

    @property
    def per_100_sessions(self) -> float | None:
        return 100 * self.key_events / self.sessions if self.sessions else None

    @property
    def session_rate(self) -> float | None:
        if self.sessions_with_key_event is None or not self.event_sessions:
            return None
        return self.sessions_with_key_event / self.event_sessions


@dataclass(frozen=True)
class CrossDomain:
    """The check: verdict (OK, PROBLEM, NOT_DECLARED, UNKNOWN), the domains, and what the data show:
    sessions from the ticketing domains and from the museum's own site, the key events in them, and
    the share of the year's key events credited to Direct or Referral (raw events)."""

    verdict: str
    ticketing_domains: tuple[str, ...]
    site_domains: tuple[str, ...]
    source: str | None  # 'events' | 'sources' (interface or API source rows) | None
    ticketing_sessions: float
    self_sessions: float
    key_events_in_referrals: float
    direct_referral_share: float | None

    @property
    def problem(self) -> bool:
        return self.verdict == PROBLEM


def _referrals(scope: Scope) -> pd.DataFrame:
    """The year's raw-event sessions by referral kind and channel (empty without raw events)."""
    return _referrals_of(connection(scope), scope.museum_id, scope.year).copy()


@lru_cache(maxsize=16)
def _referrals_of(con, museum_id: str, year: int) -> pd.DataFrame:
    frame = optional_query(con, "metrics/web_referrals", {"museum_id": museum_id, "year": year})
    empty = ["referral_kind", "channel_group", "sessions", "key_events", "sessions_with_key_event", "ticketing_clicks"]
    return pd.DataFrame(columns=empty) if frame is None else frame


def key_events(scope: Scope, by_channel: pd.DataFrame | None = None) -> KeyEvents:
    """The year's key events. From raw events (web_key_events) when the museum sent them: by month, by
    event and by channel from the same rows, so that every figure adds up to the same total; otherwise
    web_monthly's key_events by month, the key_event dimension by event and `by_channel` (channels.py's
    table: channel, key_events) by channel."""
    con = connection(scope)
    rows = monthly_rows(
        con, scope.museum_id, ("key_events", "sessions"), f"{scope.year:04d}-01", f"{scope.year:04d}-12"
    )
    occurrences, sessions = pivot(rows, GA4, "key_events"), pivot(rows, GA4, "sessions")
    names = store.query(con, "metrics/web_key_event_names", {"museum_id": scope.museum_id})
    events = optional_query(con, "metrics/web_key_events", {"museum_id": scope.museum_id, "year": scope.year})
    if events is not None and not events.empty:
        counted = {str(m): float(v) for m, v in events.groupby("month")["occurrences"].sum().items()}
        occurrences = {m: counted.get(m, 0.0) for m in sorted({*sessions, *counted})}  # a month without any: 0
        by_event = events.groupby("key_event", as_index=False)["occurrences"].sum()
        # key events without a session (consent denied) have no channel: shown as such, never dropped
        channels = (
            events.assign(channel_group=events["channel_group"].fillna(NO_SESSION))
            .groupby("channel_group", as_index=False)["occurrences"]
            .sum()
        )
        channels = channels.rename(columns={"channel_group": "channel", "occurrences": "key_events"})
    else:
        totals = dimension.year_totals(con, scope.museum_id, "key_event", ("sessions", "key_events"), scope.year)
        by_event = pd.DataFrame(
            {"key_event": totals.table.get("dimension_value", []), "occurrences": totals.table.get("key_events", [])}
        )
        channels = (
            by_channel[["channel", "key_events"]].copy()
            if by_channel is not None and "key_events" in by_channel
            else pd.DataFrame(columns=["channel", "key_events"])
        )
    table = pd.DataFrame(
        [
            {"month_number": n, "key_events": occurrences.get(m), "sessions": sessions.get(m)}
            for n, m in enumerate(year_months(scope.year), start=1)
        ]
    )
    both = [m for m in occurrences if m in sessions]
    by_event = by_event[by_event["occurrences"].fillna(0) > 0].sort_values(
        ["occurrences", "key_event"], ascending=[False, True], kind="stable"
    )
    channels = channels[channels["key_events"].fillna(0) > 0].sort_values(
        ["key_events", "channel"], ascending=[False, True], kind="stable"
    )
    referrals = _referrals(scope)
    with_key = float(referrals["sessions_with_key_event"].sum()) if not referrals.empty else None
    return KeyEvents(
        year=scope.year,
        table=table,
        by_event=by_event.reset_index(drop=True),
        by_channel=channels.reset_index(drop=True),
        names=names,
        key_events=float(sum(occurrences[m] for m in both)),
        sessions=float(sum(sessions[m] for m in both)),
        sessions_with_key_event=with_key,
        event_sessions=float(referrals["sessions"].sum()) if not referrals.empty else 0.0,
    )


def _matches(value: str, domains: tuple[str, ...]) -> bool:
    host = str(value).strip().lower().split(" / ", 1)[0].split("/", 1)[0]
    host = host.removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in domains)


def cross_domain(scope: Scope) -> CrossDomain:
    con = connection(scope)
    domains = store.query(con, "metrics/web_domains", {"museum_id": scope.museum_id})
    ticketing = tuple(domains.loc[domains["role"] == "ticketing", "domain"].astype(str))
    site = tuple(domains.loc[domains["role"] == "site", "domain"].astype(str))
    referrals = _referrals(scope)
    source = None
    ticketing_sessions = self_sessions = in_referrals = 0.0
    direct_share = None
    if not referrals.empty:
        source = "events"
        kinds = referrals["referral_kind"].fillna("")
        ticketing_sessions = float(referrals.loc[kinds == "ticketing", "sessions"].sum())
        self_sessions = float(referrals.loc[kinds == "self", "sessions"].sum())
        in_referrals = float(referrals.loc[kinds != "", "key_events"].sum())
        total = float(referrals["key_events"].sum())
        if total:
            credited = referrals.loc[referrals["channel_group"].isin(DIRECT_REFERRAL), "key_events"].sum()
            direct_share = float(credited) / total
    else:
        for name in ("source", "source_medium"):
            totals = dimension.year_totals(con, scope.museum_id, name, ("sessions", "key_events"), scope.year)
            if totals.empty:
                continue
            source = "sources"
            table = totals.table
            is_ticketing = table["dimension_value"].map(lambda v: bool(ticketing) and _matches(v, ticketing))
            is_self = table["dimension_value"].map(lambda v: bool(site) and _matches(v, site))
            ticketing_sessions = float(table.loc[is_ticketing, "sessions"].sum())
            self_sessions = float(table.loc[is_self & ~is_ticketing, "sessions"].sum())
            in_referrals = float(table.loc[is_ticketing | is_self, "key_events"].fillna(0).sum())
            break
    if source is None:
        verdict = UNKNOWN
    elif ticketing_sessions + self_sessions >= SELF_REFERRAL_MIN:
        verdict = PROBLEM
    else:
        verdict = OK if ticketing else NOT_DECLARED
    return CrossDomain(
        verdict=verdict,
        ticketing_domains=ticketing,
        site_domains=site,
        source=source,
        ticketing_sessions=ticketing_sessions,
        self_sessions=self_sessions,
        key_events_in_referrals=in_referrals,
        direct_referral_share=direct_share,
    )
