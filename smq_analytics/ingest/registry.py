"""The sources ingest knows, in load order (the demo and status follow it).

Each source module defines its SourceSpec (ingest/base.py); a source is registered by one line here.
The CLI, the loader, purge, the demo and tests/test_sources.py loop over SOURCES, so nothing else
names a source (docs/ARCHITECTURE.md, « Sources »).
"""

from __future__ import annotations

from . import attendance, desk_counts, ga4_api, ga4_events, ga4_ui, survey, ua
from .base import SourceSpec
from .errors import quoted_list, refuse

SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        survey.SPEC,
        desk_counts.SPEC,
        attendance.SPEC,
        ga4_events.SPEC,
        ga4_ui.SPEC,
        ga4_api.SPEC,
        ua.SPEC,
    )
}


def get_source(name: str) -> SourceSpec:
    try:
        return SOURCES[name]
    except KeyError:
        raise refuse(
            "Source inconnue « {source} ». Sources possibles : {known}.",
            "Unknown source '{source}'. Possible sources: {known}.",
            source=name,
            known=quoted_list(SOURCES),
        ) from None


def sources_help() -> str:
    """'survey | desk-counts | attendance': the names, for the CLI's SOURCE argument."""
    return " | ".join(SOURCES)
