"""The live view of the web topic: what widgets.explore redraws for each museum, year and language
picked in JupyterLab — every section of the report, through the same functions (sections.py).

The registry names this module (topics.Topic.view); widgets.explore_topic finds `view` here.
"""

from __future__ import annotations

from IPython.display import display

from ...metrics.scope import Scope
from . import metrics, narrative, sections


def view(scope: Scope) -> None:
    """The report's sections for the picked museum, year and language."""
    basis = metrics.data_basis(scope)
    display(narrative.basis(basis, scope.lang))  # for a museum without web data: what to send, and how
    if not basis.has_data:
        return
    sections.traffic(scope, basis)
    by_channel = sections.channels(scope, basis)
    sections.landing_pages(scope, basis)
    sections.engagement(scope, basis, by_channel)
    sections.key_events(scope, basis, by_channel)
    sections.continuity(scope, basis)
    sections.peers(scope, basis)
