"""The figures of sections 6 to 9 of the attendance workbook, drawn with charts.interval_bars (charts
know no topic; the topic names rows, series and colours; docs/ARCHITECTURE.md, « Topics »).

Each figure declares the disclosure cells it rests on: the survey's desk-origin table (section 6), the
categories table (section 7); the tourism role's shares and the footprint's estimates publish no
respondent count and declare an empty list. None when the section has nothing to show (its text says
why).
"""

from __future__ import annotations

import pandas as pd

from ... import charts
from ... import labels as shared_labels
from ...labels import RuleText
from ...i18n import Message
from . import desk as desk_module
from . import footprint as footprint_module
from . import labels, survey_narrative, visitors as visitors_module
from .narrative import _span

HIDDEN_NOTE = RuleText(
    "– : non publié (moins de {min_cell} répondants, masqué ou trop imprécis)",
    "–: not published (fewer than {min_cell} respondents, hidden or too imprecise)",
)


def _values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in column]


def desk_figure(result: desk_module.DeskComparison, lang: str = "fr"):
    if result.reason is not None:
        return None
    table = result.table
    notes = [
        Message(
            "Comptage : visiteurs de provenance connue inscrits à l'accueil, {span}",
            "Count: visitors of known origin recorded at the front desk, {span}",
        ).format(span=_span(result.desk_months[0], result.desk_months[-1], lang))(lang),
        (
            Message(
                "Sondage : part pondérée des répondants de provenance connue",
                "Survey: weighted share of respondents of known origin",
            )
            if result.survey.weighting is not None and result.survey.weighting.weighted
            else Message(
                "Sondage : part des répondants de provenance connue (non pondérée)",
                "Survey: share of respondents of known origin (unweighted)",
            )
        )(lang),
        shared_labels.CI_NOTE(lang),
    ]
    if table["survey_share"].isna().any():
        notes.append(HIDDEN_NOTE(lang))
    series = [
        charts.BarSeries(labels.DESK_SERIES["desk"](lang), _values(table["desk_share"]), labels.DESK_COLOURS[0]),
        charts.BarSeries(
            labels.DESK_SERIES["survey"](lang),
            _values(table["survey_share"]),
            labels.DESK_COLOURS[1],
            low=_values(table["ci_low"]),
            high=_values(table["ci_high"]),
        ),
    ]
    return charts.interval_bars(
        list(table["label"]),
        series,
        labels.TITLE_DESK,
        lang,
        cells=result.cells,
        value_title=labels.SHARE_OF_KNOWN,
        note=" · ".join(notes),
    )


def visitors_figure(result: visitors_module.CategoryVisitors, lang: str = "fr"):
    if result.reason is not None:
        return None
    table = result.table
    notes = [
        Message(
            "Fréquentation des mois du sondage × part pondérée de chaque catégorie, {span}",
            "Attendance of the surveyed months × weighted share of each category, {span}",
        ).format(span=_span(result.months[0], result.months[-1], lang))(lang),
        shared_labels.CI_NOTE(lang),
    ]
    if table["visitors"].isna().any():
        notes.append(HIDDEN_NOTE(lang))
    series = [
        charts.BarSeries(
            labels.VISITORS_AXIS(lang),
            _values(table["visitors"]),
            labels.CATEGORY_COLOURS[0],
            low=_values(table["low"]),
            high=_values(table["high"]),
        )
    ]
    return charts.interval_bars(
        list(table["label"]),
        series,
        labels.TITLE_VISITORS,
        lang,
        cells=result.cells,
        percent=False,
        value_title=labels.VISITORS_AXIS,
        note=" · ".join(notes),
    )


def role_figure(result: visitors_module.TourismRole, lang: str = "fr"):
    if result.reason is not None:
        return None
    rows = [labels.ROLE_GROUPS[g](lang) for g in visitors_module.ROLE_GROUPS]
    series = []
    hidden = False
    for reason, colour in zip(visitors_module.REASONS, labels.TRIP_COLOURS):
        shares = [result.groups[g][reason] for g in visitors_module.ROLE_GROUPS]
        hidden = hidden or not all(s.published for s in shares)
        series.append(
            charts.BarSeries(
                labels.TRIP_REASONS[reason](lang),
                [s.share if s.published else None for s in shares],
                colour,
                low=[s.low if s.published else None for s in shares],
                high=[s.high if s.published else None for s in shares],
            )
        )
    notes = [
        shared_labels.CI_NOTE(lang),
        shared_labels.WEIGHTED_NOTE(lang) if result.weighted else shared_labels.UNWEIGHTED_NOTE(lang),
    ]
    if hidden:
        notes.append(HIDDEN_NOTE(lang))
    return charts.interval_bars(
        rows, series, labels.TITLE_ROLE, lang, cells=(), value_title=labels.SHARE_OF_GROUP, note=" · ".join(notes)
    )


def distance_figure(result: footprint_module.Footprint, lang: str = "fr"):
    if result.reason is not None:
        return None
    table = result.table.sort_values(["round_trip_km", "key"], ascending=[False, True], kind="stable")
    series = [charts.BarSeries(labels.DISTANCE_AXIS(lang), list(table["round_trip_km"]), charts.MAIN_COLOUR)]
    note = Message(
        "Distance estimée par la route (vol d'oiseau × 1,2), aller-retour, par visiteur dont le trajet est connu",
        "Road distance estimated (straight line × 1.2), round trip, per visitor whose trip is known",
    )(lang)
    return charts.interval_bars(
        list(table["label"]),
        series,
        labels.TITLE_DISTANCE,
        lang,
        cells=(),
        percent=False,
        value_title=labels.DISTANCE_AXIS,
        note=note,
    )


def emissions_figure(result: footprint_module.Footprint, lang: str = "fr"):
    if result.reason is not None:
        return None
    table = result.table
    decimals = 1 if float(table["tonnes"].max()) < 10 else 0
    series = [charts.BarSeries(labels.EMISSIONS_AXIS(lang), list(table["tonnes"]), "#9e2a2b")]
    sources = "; ".join(
        f"{source} ({year})" for source, year, _ in survey_narrative.emission_factors.sources(result.factors)
    )
    note = Message("Facteurs d'émission : {sources}", "Emission factors: {sources}").format(sources=sources)(lang)
    return charts.interval_bars(
        list(table["label"]),
        series,
        labels.TITLE_EMISSIONS,
        lang,
        cells=(),
        percent=False,
        decimals=decimals,
        value_title=labels.EMISSIONS_AXIS,
        note=note,
    )
