"""The sections of the web workbook, each drawing its charts and writing its findings, or the one
sentence a museum without web data reads instead: notebooks/04_web.ipynb calls one function per
section and the live view (view.py) calls them all, so the report and JupyterLab show the same thing
(docs/ARCHITECTURE.md, « Web workbook (04) »).

Each function takes the scope and the data basis (metrics.data_basis) and returns what a later section
reuses (the channel table), or None.
"""

from __future__ import annotations

from IPython.display import display

from ... import charts
from ...metrics.scope import Scope
from . import channels as channel_shares
from . import continuity as continuity_series
from . import labels, narrative, pages, peers_web, ticketing
from . import metrics as web


def _no_web(basis, lang: str) -> bool:
    """True (and the sentence shown) when the museum sent no web data."""
    if basis.has_data:
        return False
    display(narrative.no_web(lang))
    return True


def traffic(scope: Scope, basis) -> None:
    """Section 2: sessions by month beside the museum's attendance."""
    if _no_web(basis, scope.lang):
        return
    months = web.traffic(scope)
    charts.show(
        charts.count_bars(
            *narrative.traffic_series(months, scope.lang),
            labels.TITLE_TRAFFIC,
            scope.lang,
            value_title=labels.SESSIONS,
            category_title=labels.MONTH,
            note=labels.NOTE_SESSIONS(scope.lang),
        )
    )
    charts.show(
        charts.count_bars(
            *narrative.attendance_series(months, scope.lang),
            labels.TITLE_ATTENDANCE,
            scope.lang,
            value_title=labels.ENTRIES,
            category_title=labels.MONTH,
        )
    )
    display(narrative.traffic(months, scope.lang))


def channels(scope: Scope, basis):
    """Section 3: session shares by channel; returns the channel table sections 5 and 6 reuse."""
    if _no_web(basis, scope.lang):
        return None
    by_channel = channel_shares.channels(scope)
    charts.show(
        charts.count_bars(
            *narrative.channel_series(by_channel, scope.lang),
            labels.TITLE_CHANNELS,
            scope.lang,
            percent=True,
            value_title=labels.SHARE_OF_SESSIONS,
            category_title=labels.CHANNEL,
        )
    )
    display(narrative.channels(by_channel, basis.rules_version, scope.lang))
    return by_channel


def landing_pages(scope: Scope, basis) -> None:
    """Section 4: the top landing pages, rare ones folded."""
    if _no_web(basis, scope.lang):
        return
    landing = pages.landing_pages(scope)
    if not landing.empty:
        charts.show(
            charts.value_bars(
                *narrative.page_rows(landing, scope.lang),
                labels.TITLE_PAGES,
                scope.lang,
                percent=False,
                value_title=labels.SESSIONS,
            )
        )
    display(narrative.pages(landing, basis.rules_version, scope.lang))


def engagement(scope: Scope, basis, by_channel) -> None:
    """Section 5: engagement rate by month and by channel."""
    if _no_web(basis, scope.lang):
        return
    rates = web.engagement(scope)
    charts.show(
        charts.count_bars(
            *narrative.engagement_month_series(rates, scope.lang),
            labels.TITLE_ENGAGEMENT_MONTH,
            scope.lang,
            percent=True,
            value_title=labels.ENGAGEMENT_RATE,
            category_title=labels.MONTH,
        )
    )
    charts.show(
        charts.count_bars(
            *narrative.engagement_channel_series(by_channel, scope.lang),
            labels.TITLE_ENGAGEMENT_CHANNEL,
            scope.lang,
            percent=True,
            value_title=labels.ENGAGEMENT_RATE,
            category_title=labels.CHANNEL,
        )
    )
    display(narrative.engagement(rates, by_channel, web.engaged_seconds(scope), scope.lang))


def key_events(scope: Scope, basis, by_channel) -> None:
    """Section 6: key events and the path to ticketing, with the cross-domain check."""
    if _no_web(basis, scope.lang):
        return
    events = ticketing.key_events(scope, by_channel.table)
    charts.show(
        charts.count_bars(
            *narrative.key_month_series(events, scope.lang),
            labels.TITLE_KEY_EVENTS,
            scope.lang,
            value_title=labels.KEY_EVENTS,
            category_title=labels.MONTH,
        )
    )
    charts.show(
        charts.count_bars(
            *narrative.key_channel_series(events, scope.lang),
            labels.TITLE_KEY_CHANNEL,
            scope.lang,
            value_title=labels.KEY_EVENTS,
            category_title=labels.CHANNEL,
        )
    )
    display(narrative.key_events(events, ticketing.cross_domain(scope), scope.museum_id, scope.lang))


CONTINUITY_CHARTS = (
    ("sessions", labels.TITLE_CONTINUITY, labels.SESSIONS),
    ("views", labels.TITLE_CONTINUITY_VIEWS, labels.VIEWS),
)


def continuity(scope: Scope, basis) -> None:
    """Section 7: one series across the migration from Universal Analytics to GA4."""
    if _no_web(basis, scope.lang):
        return
    series = continuity_series.continuity(scope)
    for metric, title, unit in CONTINUITY_CHARTS:
        categories, lines, breaks, note = narrative.continuity_lines(series, metric, scope.lang)
        charts.show(
            charts.count_lines(
                categories,
                lines,
                title,
                scope.lang,
                value_title=unit,
                category_title=labels.MONTH,
                note=note,
                breaks=breaks,
                tick_every=6,
            )
        )
    display(narrative.continuity(series, scope.lang))


def peers(scope: Scope, basis) -> None:
    """Section 8: the museum beside its peer groups."""
    if _no_web(basis, scope.lang):
        return
    results = peers_web.compare(scope)
    for indicator in peers_web.INDICATORS:
        charts.show(peers_web.chart(results, indicator, scope.lang))
    display(narrative.peers(results, scope.lang))
