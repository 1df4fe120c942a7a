"""The topic registry: one line per workbook (docs/ARCHITECTURE.md, « Topics »).

A topic is one folder (smq_analytics/topics/<name>/: metrics.py, narrative.py, labels.py, view.py),
one line in TOPICS below and one notebook (notebooks/<NN_name>.ipynb). The registry is the single
source of a report's title (the runner, the report header and the index read it here; the notebook's
leading heading must say the same, tests/test_topics.py checks it), of the data sources a topic needs,
and of the live view widgets.explore_topic draws. The runner's default notebooks are the registry's,
so a notebook without a line here is never run by accident, and a line without a notebook fails the run
with a message naming the missing file.

Lookups read TOPICS when called (never a copy made at import), so that a test can register a topic
with monkeypatch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..i18n import LocalizedError, Message

MSG = {
    "unknown_topic": Message(
        "thème inconnu « {name} » : thèmes déclarés dans smq_analytics/topics/__init__.py (TOPICS) : {known}",
        "unknown topic '{name}': topics declared in smq_analytics/topics/__init__.py (TOPICS): {known}",
    ),
    "unknown_notebook": Message(
        "cahier « {name} » absent du registre des thèmes : ajoutez une ligne à TOPICS dans "
        "smq_analytics/topics/__init__.py (cahiers déclarés : {known})",
        "notebook '{name}' is not in the topic registry: add a line to TOPICS in smq_analytics/topics/__init__.py "
        "(declared notebooks: {known})",
    ),
    "no_view": Message(
        "le thème « {name} » n'a pas de vue en direct (Topic.view est vide)",
        "topic '{name}' has no live view (Topic.view is empty)",
    ),
}


# How a report names its period: a survey season, or the museum's fiscal year (« 2025-2026 »).
SEASON = Message("Saison {season}", "{season} season")
FISCAL_YEAR = Message("Exercice {season}", "Fiscal year {season}")
CALENDAR_YEAR = Message("Année {season}", "Year {season}")


@dataclass(frozen=True)
class Topic:
    """One workbook: its name, its notebook, its title, the sources it reads and its live view.

    `sources` must be loaded for the report to mean anything (e.g. ("survey",)); `optional_sources`
    refine it when present (("attendance",): weighting to monthly attendance). `view` is the module
    path of the live view, a module with a `view(scope)` function. `period` words the report's period
    in its header and in the index (« Saison 2026 », « Exercice 2025-2026 », « Année 2026 »).
    """

    name: str
    notebook: str
    title: Message
    sources: tuple[str, ...]
    optional_sources: tuple[str, ...] = ()
    view: str = ""
    period: Message = SEASON

    def notebook_path(self, folder: Path | None = None) -> Path:
        """notebooks/<notebook>.ipynb of the project (paths.notebooks_dir), or of `folder`."""
        from ..paths import notebooks_dir

        return (folder if folder is not None else notebooks_dir()) / f"{self.notebook}.ipynb"

    def live_view(self) -> Callable:
        """The view(scope) function of the topic's view module (imported only when asked for)."""
        if not self.view:
            raise LocalizedError(MSG["no_view"].format(name=self.name))
        return importlib.import_module(self.view).view


TOPICS: tuple[Topic, ...] = (
    Topic(
        "provenance",
        "01_provenance",
        Message("Provenance des visiteurs", "Visitor provenance"),
        sources=("survey",),
        optional_sources=("attendance",),
        view="smq_analytics.topics.provenance.view",
    ),
    Topic(
        "satisfaction",
        "02_satisfaction",
        Message("Satisfaction et recommandation", "Satisfaction and recommendation"),
        sources=("survey",),
        optional_sources=("attendance",),
        view="smq_analytics.topics.satisfaction.view",
    ),
    Topic(
        "attendance",
        "03_attendance",
        Message("Fréquentation", "Attendance"),
        sources=("attendance",),
        optional_sources=("survey", "desk-counts"),
        view="smq_analytics.topics.attendance.view",
        period=FISCAL_YEAR,
    ),
    Topic(
        "web",
        "04_web",
        Message("Site Web et analytique", "Website analytics"),
        sources=(),
        optional_sources=("ga4-events", "ga4-ui", "ga4-api", "ua"),
        view="smq_analytics.topics.web.view",
        period=CALENDAR_YEAR,
    ),
)


def topic(name: str) -> Topic:
    """The topic called `name` (e.g. "provenance"); LocalizedError naming the known ones otherwise."""
    for entry in TOPICS:
        if entry.name == name:
            return entry
    raise LocalizedError(MSG["unknown_topic"].format(name=name, known=", ".join(t.name for t in TOPICS) or "–"))


def by_notebook(notebook: str | Path) -> Topic:
    """The topic of a notebook, by stem ("01_provenance"), file name or path."""
    stem = Path(str(notebook)).name.removesuffix(".ipynb")
    for entry in TOPICS:
        if entry.notebook == stem:
            return entry
    raise LocalizedError(MSG["unknown_notebook"].format(name=stem, known=", ".join(notebook_names()) or "–"))


def period_text(notebook: str | Path | None, season, lang: str = "fr") -> str | None:
    """« Saison 2026 » / « Exercice 2025-2026 » for a report of `notebook` (a season for a notebook the
    registry does not know); None without a season."""
    if season in (None, ""):
        return None
    entry = find_by_notebook(notebook) if notebook else None
    return (entry.period if entry else SEASON)(lang).format(season=season)


def find_by_notebook(notebook: str | Path) -> Topic | None:
    """by_notebook, or None for a notebook the registry does not know (e.g. a test's own notebook)."""
    try:
        return by_notebook(notebook)
    except LocalizedError:
        return None


def notebook_names() -> list[str]:
    """The registered notebooks' stems, in notebook order (01_…, 02_…)."""
    return sorted(entry.notebook for entry in TOPICS)
