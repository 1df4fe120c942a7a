"""The live view of the satisfaction topic: what widgets.explore redraws for each museum, season and
language picked in JupyterLab (the top-2-box of every item and the key drivers of overall
satisfaction).

The registry names this module (topics.Topic.view); widgets.explore_topic finds `view` here.
"""

from __future__ import annotations

from ... import charts
from ...metrics.scope import Scope
from . import metrics, narrative


def view(scope: Scope) -> None:
    """The top-2-box and key-driver charts for one scope, through the same metrics as the report."""
    answers = metrics.answers(scope)
    charts.show(narrative.top2_chart(answers, metrics.top2(answers), scope.lang))
    charts.show(narrative.drivers_chart(answers, metrics.key_drivers(answers), scope.lang))
