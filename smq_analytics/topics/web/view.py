"""The live view of the web topic: what widgets.explore redraws for each museum, year and language
picked in JupyterLab (sessions by month, channel shares), through the same functions as the report.

The registry names this module (topics.Topic.view); widgets.explore_topic finds `view` here.
"""

from __future__ import annotations

from ... import charts
from ...metrics.scope import Scope
from . import channels, labels, metrics, narrative


def view(scope: Scope) -> None:
    """Sessions by month (the year and the one before) and the channel shares, or one sentence."""
    if not metrics.has_web_data(scope):
        print(narrative.no_web(scope.lang))
        return
    categories, series = narrative.traffic_series(metrics.traffic(scope), scope.lang)
    charts.show(charts.count_bars(categories, series, labels.TITLE_TRAFFIC, scope.lang, value_title=labels.SESSIONS))
    categories, series = narrative.channel_series(channels.channels(scope), scope.lang)
    charts.show(
        charts.count_bars(
            categories, series, labels.TITLE_CHANNELS, scope.lang, percent=True, value_title=labels.SHARE_OF_SESSIONS
        )
    )
