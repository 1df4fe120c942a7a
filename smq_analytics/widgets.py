"""Live pickers for JupyterLab sessions (museum, season, language) that redraw a notebook's charts.

Used only in notebook cells guarded by `if interactive:` (tagged so reports and nbval skip them).
The pickers know no topic: `explore(scope, draw)` redraws any view, `explore_topic(scope, name)` the
live view the topic registry names (smq_analytics/topics/<name>/view.py). Every view goes through the
same metrics functions as the static report, so the confidentiality rules apply here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from IPython.display import display

if TYPE_CHECKING:
    import ipywidgets as widgets

from . import topics
from .i18n import Message
from .metrics.scope import Scope

MUSEUM = Message("Musée", "Museum")
YEAR = Message("Saison", "Season")
LANGUAGE = Message("Langue", "Language")
LANGUAGES = [("Français", "fr"), ("English", "en")]


def year_options(scope: Scope) -> list:
    """The years a picker offers: the scope's years with data, and its own year even without data (the
    web report of a museum that sent no web data still has a year)."""
    return sorted({*scope.seasons, scope.year})


def explore(scope: Scope, draw: Callable[[Scope], None]) -> widgets.VBox:
    """Dropdowns for museum, season and language; draw(scope) runs again whenever one changes."""
    state = {"scope": scope}
    import ipywidgets as widgets  # only when pickers are asked for: a report kernel never pays for it

    museum = widgets.Dropdown(
        options=[(f"{name} ({museum_id})", museum_id) for museum_id, name in scope.choices()],
        value=scope.museum_id,
        description=MUSEUM(scope.lang),
    )
    year = widgets.Dropdown(options=year_options(scope), value=scope.year, description=YEAR(scope.lang))
    language = widgets.Dropdown(options=LANGUAGES, value=scope.lang, description=LANGUAGE(scope.lang))
    output = widgets.Output()

    def redraw(change=None) -> None:
        chosen = state["scope"].with_choice(museum=museum.value, year=year.value, language=language.value)
        state["scope"] = chosen
        if list(year.options) != year_options(chosen) or year.value != chosen.year:
            with year.hold_trait_notifications():
                year.options = year_options(chosen)
                year.value = chosen.year
        for picker, word in ((museum, MUSEUM), (year, YEAR), (language, LANGUAGE)):
            picker.description = word(chosen.lang)
        with output:
            output.clear_output(wait=True)
            draw(chosen)

    for picker in (museum, year, language):
        picker.observe(redraw, names="value")
    box = widgets.VBox([widgets.HBox([museum, year, language]), output])
    redraw()
    return box


def explore_topic(scope: Scope, name: str) -> widgets.VBox:
    """explore() with the live view of a registered topic, e.g. explore_topic(scope, "provenance");
    an unknown name is a LocalizedError listing the known topics."""
    return explore(scope, topics.topic(name).live_view())


def show(widget: widgets.Widget) -> None:
    display(widget)
