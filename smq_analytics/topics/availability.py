"""Which sources a report needs that a museum has not sent (docs/ARCHITECTURE.md, « Topics »).

Rule: a topic's report is produced for a museum only when every source in `Topic.sources` has an
active load for that museum (the ledger, load_ledger, with replaced_at NULL); a source whose loads
cover seasons (the survey) must cover the season asked, when one is. `Topic.optional_sources` never
stop a report. Reason: a museum that sent attendance but no survey would otherwise get a failed
report (« Aucune réponse au sondage ») for something that is not an error, and every new workbook
would repeat its own check. The ledger is what the museum sent, so the answer needs no raw table.

The runner asks once per museum × notebook before starting any kernel and records the report as
« non produit » with `missing_sentence`, naming each source by its title in the source registry
(ingest/registry.py), so the wording follows the registry when a source is added.
"""

from __future__ import annotations

from typing import Any, Iterable

import duckdb

from .. import store
from ..i18n import Message
from . import Topic

SKIPPED = Message(
    "Données manquantes pour ce musée : {sources} ; chargez-les avec « smq-analytics ingest » pour produire ce "
    "rapport.",
    "Data missing for this museum: {sources}; load them with 'smq-analytics ingest' to produce this report.",
)
SEASON = Message("{title} (saison {season})", "{title} ({season} season)")
AND = Message("et", "and")


def season_sources() -> list[str]:
    """The sources whose loads cover seasons (period_kind 'season'), read from the registry when called."""
    from ..ingest.registry import SOURCES

    return [name for name, spec in SOURCES.items() if spec.period_kind == "season"]


def loaded_sources(con: duckdb.DuckDBPyConnection, museum_id: str, season: Any = None) -> set[str]:
    """The sources `museum_id` has active loads of (seasonal ones for `season` only, when given)."""
    frame = store.query(
        con,
        "topics/loaded_sources",
        {
            "museum_id": museum_id,
            "season": None if season in (None, "", 0) else str(season),
            "season_sources": season_sources(),
        },
    )
    return set(frame["source"])


def missing_sources(
    con: duckdb.DuckDBPyConnection, museum_id: str, topic: Topic, season: Any = None
) -> tuple[str, ...]:
    """The sources `topic` requires (Topic.sources, in its order) that `museum_id` has not sent for
    `season` (None: any season); () when the report can be produced."""
    if not topic.sources:
        return ()
    loaded = loaded_sources(con, museum_id, season)
    return tuple(source for source in topic.sources if source not in loaded)


def source_words(source: str, season: Any = None, lang: str = "fr") -> str:
    """A source in words, lower-case inside a sentence: « sondage auprès des visiteurs (saison 2024) »;
    its CLI name for a source the registry does not know."""
    from ..ingest.registry import SOURCES

    spec = SOURCES.get(source)
    if spec is None:
        return source
    title = spec.title(lang)
    title = title[:1].lower() + title[1:]
    if season not in (None, "", 0) and spec.period_kind == "season":
        return SEASON(lang).format(title=title, season=season)
    return title


def join_words(words: Iterable[str], lang: str = "fr") -> str:
    """« a », « a et b », « a, b et c » (English: "a, b and c")."""
    items = list(words)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {AND(lang)} {items[-1]}"


def missing_sentence(missing: Iterable[str], season: Any = None, lang: str = "fr") -> str:
    """The one sentence a report not produced carries, naming each missing source in words."""
    return SKIPPED(lang).format(sources=join_words((source_words(s, season, lang) for s in missing), lang))
