"""The live view of the attendance topic: what widgets.explore redraws for each museum, fiscal year
and language picked in JupyterLab (the twelve months beside last year's, the complete fiscal years).

The registry names this module (topics.Topic.view); widgets.explore_topic finds `view` here.
"""

from __future__ import annotations

from ... import charts
from ...metrics.scope import Scope
from . import labels, metrics, narrative


def view(scope: Scope) -> None:
    """The monthly and yearly attendance charts for one scope, through the same metrics as the report."""
    categories, series = narrative.month_series(metrics.monthly(scope), scope.lang)
    charts.show(charts.count_bars(categories, series, labels.TITLE_MONTHS, scope.lang, value_title=labels.ENTRIES))
    categories, series = narrative.year_series(metrics.year_changes(scope), scope.lang)
    charts.show(charts.count_bars(categories, series, labels.TITLE_YEARS, scope.lang, value_title=labels.ENTRIES))
