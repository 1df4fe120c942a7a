"""The live view of the provenance topic: what widgets.explore redraws for each museum, season and
language picked in JupyterLab (categories, the peer groups, trend, regions, countries).

The registry names this module (topics.Topic.view); widgets.explore_topic finds `view` here.
"""

from __future__ import annotations

from ... import charts, peers
from ...metrics.scope import Scope
from . import labels, metrics


def view(scope: Scope) -> None:
    """The main provenance charts for one scope, through the same metrics as the static report (so
    the confidentiality rules apply here too): one value per museum against the peer groups, never a
    pooled figure."""
    charts.show(charts.share_bars(metrics.category_shares(scope), labels.TITLE_CATEGORIES, scope.lang))
    charts.show(peers.chart(metrics.peer_comparisons(scope, "tourist"), labels.TITLE_PEERS["tourist"], scope.lang))
    charts.show(
        charts.trend_bars(
            metrics.trend(scope),
            labels.TITLE_TREND,
            scope.lang,
            categories=labels.CATEGORY_ORDER,
            colours=labels.CATEGORY_COLOURS,
        )
    )
    charts.show(charts.share_bars(metrics.admin_region_shares(scope), labels.TITLE_ADMIN_REGIONS, scope.lang))
    charts.show(charts.share_bars(metrics.country_shares(scope), labels.TITLE_COUNTRIES, scope.lang))
