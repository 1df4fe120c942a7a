"""Targets on survey pages: baseline → current → target, and whether the gap is within the margin of
error (docs/ARCHITECTURE.md, « Targets »).

A museum states its targets in parameters/museums/<id>.yaml (params.Target: indicator, year, value,
optional baseline_year and note). A survey indicator (a share such as tourist_share, or an NPS) is an
estimate with a 95 % interval, so a result is never simply « above » or « below » its target:

- the gap is current − target (share points, or NPS points);
- within_margin: the target lies inside the current figure's interval (bounds included) — the survey
  cannot tell whether the target is met, and the page says « écart dans la marge d'erreur »;
- reached: current ≥ target. Every target indicator is « more is better » (a share the museum wants
  to reach or keep, a satisfaction or recommendation level, an NPS), so reaching means meeting or
  passing. The wording reads within_margin first: « cible atteinte » only when the whole interval is
  at or above the target, « sous la cible » only when it is wholly below;
- a figure is compared only when it may be published: at least privacy.MIN_CELL responses and, for a
  share, a coefficient of variation the report would show (stats.quality_flag not 'unreliable').
  Otherwise `reason` says why (« pas assez de réponses », « estimation trop imprécise », no result for
  the year, scales that differ…) and within_margin / reached are None. A baseline that cannot be
  shown is left out of the sentence, never described.

Estimates are stats.ShareEstimate (share, low, high, n, quality) or stats.NPS (score, low, high, n);
any object with value/low/high/n attributes works too. Attendance targets are counts the museum keeps
and are compared in topics/attendance (no margin of error).

The chart (`chart`) draws, per target, the baseline, the current figure with its interval and the
target; it publishes no respondent count (shares and scores only, whose cells the report's own charts
already declare) and declares an empty smq_cells list for the runner's audit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from . import charts, privacy, stats
from .i18n import NBSP, Message, capitalize_first, check_language, format_number, format_percent, localize_spacing
from .params import Target

# Indicators measured in points (−100..100) rather than as a share 0–1.
POINT_INDICATORS = ("nps",)

INDICATOR_LABELS: dict[str, Message] = {
    "tourist_share": Message("part de touristes", "share of tourists"),
    "excursionist_share": Message("part d'excursionnistes", "share of excursionists"),
    "top2_satisfaction": Message("satisfaction (deux meilleures cotes)", "satisfaction (top two boxes)"),
    "top2_recommendation": Message("recommandation (deux meilleures cotes)", "recommendation (top two boxes)"),
    "nps": Message("Net Promoter Score", "Net Promoter Score"),
    "attendance_total": Message("fréquentation annuelle", "annual attendance"),
}

# Why a target cannot be compared (TargetStatus.reason_key → reason).
NO_CURRENT = "no_current"
TOO_FEW = "too_few"
IMPRECISE = "imprecise"
HIDDEN = "hidden"
NOT_COMPARABLE = "not_comparable"
REASONS = {
    HIDDEN: Message("résultat {year} masqué (confidentialité)", "{year} result hidden (confidentiality)"),
    NO_CURRENT: Message("pas de résultat pour {year}", "no result for {year}"),
    TOO_FEW: Message(
        "pas assez de réponses en {year} (moins de {min})", "not enough responses in {year} (fewer than {min})"
    ),
    IMPRECISE: Message(
        "estimation {year} trop imprécise pour être comparée", "{year} estimate too imprecise to be compared"
    ),
}

# The three verdicts of a comparable target.
WITHIN = "within_margin"
REACHED = "reached"
BELOW = "below"
VERDICTS = {
    WITHIN: Message("écart dans la marge d'erreur", "gap within the margin of error"),
    REACHED: Message("cible atteinte", "target reached"),
    BELOW: Message("sous la cible, au-delà de la marge d'erreur", "below the target, beyond the margin of error"),
}

TARGET_PART = Message("Cible {year} pour la {label} : {target}", "{year} target for the {label}: {target}")
TARGET_PART_NPS = Message("Cible {year} pour le {label} : {target}", "{year} target for the {label}: {target}")
CURRENT_PART = Message(
    "résultat {year} : {value} ({low} à {high}), {verdict}", "{year} result: {value} ({low} to {high}), {verdict}"
)
GAP_PART = Message("écart de {gap}", "gap of {gap}")
NOT_COMPARED = Message("comparaison impossible : {reason}", "no comparison possible: {reason}")
BASELINE_PART = Message("point de départ {year} : {value}", "{year} baseline: {value}")
NOTE_PART = Message("(« {note} »)", "('{note}')")  # the museum's own words, as written in its file

CHART_BASELINE = Message("Point de départ", "Baseline")
CHART_CURRENT = Message("Résultat (intervalle de confiance à 95 %)", "Result (95% confidence interval)")
CHART_TARGET = Message("Cible", "Target")
CHART_VALUE = Message("Part", "Share")
CHART_POINTS = Message("Points", "Points")
CHART_NOTE = Message("Trait : intervalle de confiance à 95 % du résultat", "Line: the result's 95% confidence interval")
BASELINE_COLOUR = "#6b7280"  # grey, 4.8:1 on white
TARGET_COLOUR = "#9e2a2b"


@dataclass(frozen=True)
class Figure:
    """value (share 0–1 or points), its 95 % interval and the responses behind it."""

    value: float
    low: float
    high: float
    n: int


def figure_of(estimate: Any) -> Figure | None:
    """The value, interval and n of a stats.ShareEstimate, stats.NPS or any object with value/low/high/n."""
    if estimate is None:
        return None
    for name in ("share", "score", "value"):
        if hasattr(estimate, name):
            value = getattr(estimate, name)
            break
    else:
        raise TypeError(f"estimation sans valeur / estimate without a value: {estimate!r}")
    return Figure(float(value), float(estimate.low), float(estimate.high), int(getattr(estimate, "n", 0) or 0))


def _nan(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def shown(estimate: Any) -> bool:
    """Whether an estimate may be published and compared: a value, at least privacy.MIN_CELL responses,
    and for a share a quality the report would show (not 'unreliable')."""
    figure = figure_of(estimate)
    if figure is None or _nan(figure.value) or figure.n < privacy.MIN_CELL:
        return False
    return getattr(estimate, "quality", stats.QUALITY_OK) != stats.QUALITY_UNRELIABLE


def _why_not(estimate: Any, year: int | None) -> tuple[str, Message]:
    figure = figure_of(estimate)
    year_text = "–" if year is None else str(year)
    if figure is None or figure.n == 0:
        return NO_CURRENT, REASONS[NO_CURRENT].format(year=year_text)
    if figure.n < privacy.MIN_CELL:
        return TOO_FEW, REASONS[TOO_FEW].format(year=year_text, min=privacy.MIN_CELL)
    return IMPRECISE, REASONS[IMPRECISE].format(year=year_text)


@dataclass(frozen=True)
class TargetStatus:
    """One target and where the survey stands against it.

    target: the target value (share 0–1, or points for nps). baseline / current: the estimates given
    (None when there is none; a baseline that may not be shown is kept out: None). gap: current −
    target (None when not comparable). within_margin: the target lies inside current's interval.
    reached: current ≥ target. reason / reason_key: why the target is not compared (None when it is).
    """

    indicator: str
    year: int
    target: float
    baseline: Any = None
    current: Any = None
    baseline_year: int | None = None
    current_year: int | None = None
    gap: float | None = None
    within_margin: bool | None = None
    reached: bool | None = None
    reason: Message | None = None
    reason_key: str | None = None
    note: str | None = None

    @property
    def comparable(self) -> bool:
        return self.reason is None

    @property
    def verdict(self) -> str | None:
        """WITHIN, REACHED or BELOW; None when not comparable."""
        if not self.comparable:
            return None
        if self.within_margin:
            return WITHIN
        return REACHED if self.reached else BELOW

    @property
    def points(self) -> bool:
        """Measured in points (NPS) rather than as a share."""
        return self.indicator in POINT_INDICATORS


def _within_printed(figure: Figure, target: float, points: bool) -> bool:
    """Whether the target lies inside the interval as the page prints it (whole percents or whole NPS
    points, the target with the decimal it was written with), so the words never contradict the
    printed figures: « 90 % (87 % à 92 %) » with a target of 92 % is within the margin."""
    scale = 1.0 if points else 100.0

    def printed(value: float, decimals: int = 0) -> float:
        return float(format_number(value * scale, decimals, "en").replace(",", ""))

    return printed(figure.low) <= printed(target, 1) <= printed(figure.high)


def survey_target(
    target: Target,
    current: Any,
    baseline: Any = None,
    current_year: int | None = None,
    not_comparable: Message | None = None,
) -> TargetStatus:
    """The status of `target` given the current estimate (the target year's, or the latest season
    before it: current_year, default the target's year) and the baseline year's estimate.

    not_comparable: a reason, decided by the caller, why current cannot be set against the target
    (e.g. scales.comparison_warning for two different rating scales, or REASONS[HIDDEN] for a figure
    the report's disclosure plan withholds); the status then compares nothing. Otherwise a current
    estimate that may not be published (shown() False) gives its own reason: no result, too few
    responses (« pas assez de réponses »), too imprecise.
    """
    year = int(current_year if current_year is not None else target.year)
    kept_baseline = baseline if baseline is not None and shown(baseline) else None
    common = dict(
        indicator=target.indicator,
        year=int(target.year),
        target=float(target.value),
        baseline=kept_baseline,
        baseline_year=target.baseline_year,
        current_year=year,
        note=target.note,
    )
    if not_comparable is not None:
        kept = current if current is not None and shown(current) else None
        return TargetStatus(**common, current=kept, reason=not_comparable, reason_key=NOT_COMPARABLE)
    if not shown(current):
        key, reason = _why_not(current, year)
        return TargetStatus(**common, reason=reason, reason_key=key)
    figure = figure_of(current)
    within = _within_printed(figure, float(target.value), target.indicator in POINT_INDICATORS)
    return TargetStatus(
        **common,
        current=current,
        gap=figure.value - float(target.value),
        within_margin=within,
        reached=bool(figure.value >= float(target.value)),
    )


# --- words -------------------------------------------------------------------------------------------


def _value_text(value: float, points: bool, lang: str, exact: bool = False) -> str:
    """45 % (a target written 72,5 % keeps its decimal: exact=True); NPS in whole points."""
    if points:
        return format_number(value, 0, lang)
    decimals = 1 if exact and round(value * 100, 1) != round(value * 100) else 0
    return format_percent(value, decimals, lang)


def _gap_text(gap: float, points: bool, lang: str) -> str:
    """+3 points / −2 points (share points from rounded percentages; NPS points)."""
    value = round(gap) if points else round(gap * 100)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    word = "point" if (abs(value) < 2 if lang == "fr" else abs(value) == 1) else "points"
    return f"{sign}{format_number(abs(value), 0, lang)}{NBSP}{word}"


def sentence(status: TargetStatus, indicator_label: Message | None = None, lang: str = "fr") -> str:
    """« Cible 2026 pour la part de touristes : 72 % ; résultat 2026 : 70 % (66 % à 74 %), écart dans la
    marge d'erreur ; point de départ 2024 : 65 %. »

    The current figure is written only when it may be published; otherwise the sentence says why the
    target is not compared. The baseline appears only when it may be shown.
    """
    lang = check_language(lang)
    label = (indicator_label or INDICATOR_LABELS.get(status.indicator) or Message(status.indicator, status.indicator))(
        lang
    )
    points = status.points
    lead = TARGET_PART_NPS if points else TARGET_PART
    target = _value_text(status.target, points, lang, exact=True)
    if status.note:
        target += " " + NOTE_PART.format(note=status.note)(lang)
    parts = [lead.format(year=status.year, label=label, target=target)(lang)]
    if status.current is not None and status.comparable:
        figure = figure_of(status.current)
        verdict = VERDICTS[status.verdict](lang)
        if status.verdict != WITHIN:
            verdict += ", " + GAP_PART.format(gap=_gap_text(status.gap, points, lang))(lang)
        parts.append(
            CURRENT_PART.format(
                year=status.current_year,
                value=_value_text(figure.value, points, lang),
                low=_value_text(figure.low, points, lang),
                high=_value_text(figure.high, points, lang),
                verdict=verdict,
            )(lang)
        )
    else:
        parts.append(NOT_COMPARED.format(reason=status.reason(lang) if status.reason else "–")(lang))
    if status.baseline is not None and status.baseline_year is not None:
        base = figure_of(status.baseline)
        parts.append(BASELINE_PART.format(year=status.baseline_year, value=_value_text(base.value, points, lang))(lang))
    text = " ; ".join(parts) if lang == "fr" else "; ".join(parts)
    return localize_spacing(capitalize_first(text) + ".", lang)


# --- chart -------------------------------------------------------------------------------------------


def _row_label(status: TargetStatus, labels: Mapping[str, Message] | None, lang: str) -> str:
    message = (labels or {}).get(status.indicator) or INDICATOR_LABELS.get(status.indicator)
    text = message(lang) if message else status.indicator
    return f"{capitalize_first(text)} · {status.year}"


def chart(
    statuses: Sequence[TargetStatus],
    title: Message | str,
    lang: str = "fr",
    labels: Mapping[str, Message] | None = None,
) -> go.Figure | None:
    """Per target, one row: the baseline (grey circle), the current figure with its 95 % interval
    (blue dot and whisker) and the target (red diamond), through charts.dot_rows. A figure that may not
    be shown is not drawn; None when there is no target. Shares as percentages, NPS in points (one
    kind per chart: a mix is drawn in points only if every target is in points). Declares an empty
    smq_cells list: the estimates are the report's own, published with their cells elsewhere."""
    lang = check_language(lang)
    rows = list(statuses)
    if not rows:
        return None
    points = all(s.points for s in rows)
    baseline = [figure_of(s.baseline) if s.baseline is not None else None for s in rows]
    current = [figure_of(s.current) if s.current is not None and s.comparable else None for s in rows]
    series = [
        charts.DotSeries(CHART_BASELINE(lang), [b.value if b else None for b in baseline], BASELINE_COLOUR),
        charts.DotSeries(
            CHART_CURRENT(lang),
            [c.value if c else None for c in current],
            charts.MAIN_COLOUR,
            low=[c.low if c else None for c in current],
            high=[c.high if c else None for c in current],
            size=13,
        ),
        charts.DotSeries(CHART_TARGET(lang), [s.target for s in rows], TARGET_COLOUR, symbol="diamond", size=14),
    ]
    return charts.dot_rows(
        [_row_label(s, labels, lang) for s in rows],
        series,
        title,
        lang,
        percent=not points,
        value_title=CHART_POINTS if points else CHART_VALUE,
        value_range=(-100, 100) if points else None,
        note=CHART_NOTE(lang),
    )
