"""What a notebook tells its HTML report about itself (season, data basis), and the cell tags the
report honours.

A notebook computes facts the report header and footer need (the season it settled on, n, period,
weighting). It publishes them with `report_info(...)`: an output of the private MIME type below,
invisible in the report body and read by the exporter (and, through html.report_facts, recorded by
the runner in manifest.json). Static facts may also sit in the notebook metadata under "smq". Text
values are either a plain string or {"fr": ..., "en": ...}.

A report's title is not one of these facts: the topic registry (smq_analytics/topics/__init__.py)
holds it and the runner passes it to the exporter; a title in the metadata or in report_info only
serves pages exported without one (a notebook the registry does not know).
"""

from __future__ import annotations

from typing import Any

REPORT_MIME = "application/vnd.smq.report+json"
METADATA_KEY = "smq"

# Cells with any of these tags never reach a report (their outputs neither).
REMOVED_TAGS = frozenset(
    {
        "parameters",
        "injected-parameters",
        "interactive",
        "remove",
        "remove-cell",
        "remove_cell",
        "papermill-error-cell-tag",
    }
)


LANGUAGE_TAG_PREFIX = "lang-"


def is_removed(cell: Any, language: str) -> bool:
    """True for cells a report never shows: REMOVED_TAGS, and text tagged for the other language.

    A markdown cell tagged `lang-en` appears only in English reports, one tagged `lang-fr` only in
    French ones; untagged cells appear in both. JupyterLab shows every cell.
    """
    tags = set(cell.get("metadata", {}).get("tags", []))
    if REMOVED_TAGS.intersection(tags):
        return True
    languages = {t[len(LANGUAGE_TAG_PREFIX) :] for t in tags if t.startswith(LANGUAGE_TAG_PREFIX)}
    return bool(languages) and language not in languages


def report_info(**fields: Any) -> None:
    """Publish report facts from a notebook, e.g. report_info(season=2024, data_basis={...}).

    Known fields: season, n_responses (the number of survey responses the report rests on, shown in
    the index), data_basis, and title (used only when the exporter is given none, see the module
    docstring). Values must be JSON-serialisable.
    """
    from IPython.display import display

    display({REPORT_MIME: fields, "text/plain": ""}, raw=True)


def localized(value: Any, language: str) -> str | None:
    """A plain string, or the entry for `language` in a {"fr": ..., "en": ...} mapping."""
    if value is None:
        return None
    if isinstance(value, dict):
        text = value.get(language) or value.get("fr") or next(iter(value.values()), None)
        return None if text is None else str(text)
    return str(value)
