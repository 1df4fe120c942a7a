"""Satisfaction and recommendation of one museum and season: the answers, weighted, and what the
workbook computes from them (docs/ARCHITECTURE.md, « Satisfaction statistics »).

`answers(scope, year)` is the one door to the responses: one row per accepted response, its
post-stratification weight and every rating item on the scale its load declared. Every statistic of
the satisfaction workbook (notebooks/02_satisfaction.ipynb) and of its audience sections
(audience.py) takes an `Answers`.

Rules (stated once, here):
- weighting: each response weighs its month's post-stratification weight to monthly attendance, the
  same strata, merges and caps as the provenance report (weighting.weighting_for through
  metrics/shares.py), counted per respondent: a satisfaction score is the respondent's own opinion,
  so it is not multiplied by the party size (which would assume the whole party shares it and would
  shrink the effective n for nothing). A season that cannot be weighted (no dates, no attendance …)
  gets a weight of 1 on every response and `Answers.note` says why; responses without a visit date
  weigh 1 (the mean) in a weighted season;
- scales: an item is read on the scale its load declared (survey_item_scales), never recoded; an item
  whose loads of the season declared different scales is `MIXED` and gets no statistic
  (docs/ARCHITECTURE.md, « Survey scales »);
- category: the provenance category (local, excursionist, tourist), <NA> when not known;
- publication: answers to rating items (satisfaction, recommendation, the 0–10 score) are opinions,
  not characteristics that could single a visitor out: a statistic of opinions (top-2-box, every
  code's share, NPS) is published when its base — the respondents who answered the item, in the
  population or segment shown — has at least privacy.MIN_CELL respondents, however few give one
  answer; an estimate whose coefficient of variation is above stats.CV_CAUTION is « imprécis ».
  Characteristics of the respondents (segment bases, age, gender, language, party, information
  sources, comment themes) stay protected as counts (reveals_small_count, audience.py);
- disclosure cells: the season's responses (population `museum:season`, as the provenance report)
  and each item's base as its own population `museum:season:item` (population, base_cell): item
  bases are not on the audit's dimensions (category, places), so the runner's audit checks the exact
  counts the page prints without mixing them with the provenance cells.

The workbook's sections, in order: data_basis, top2 (+ top2_table for the chart), distributions,
net_promoter, changes (with previous_answers), targets, key_drivers, peer_comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from ... import disclosure, privacy, scales, stats, store
from ... import drivers as driver_rules
from ...codebook import load_codebook
from ...i18n import Message, format_number, museum_display_name
from ...metrics import shares
from ...metrics.scope import Scope, connection
from ...metrics.shares import ShareTable
from ...weighting import REASONS, WEIGHTED, Weighting, weighting_for
from . import labels

# the satisfaction items, in the codebook's order (one home: data/reference/codebook.yaml)
SATISFACTION_ITEMS = tuple(
    name for name, item in load_codebook().items.items() if item.rating and item.scale == "satisfaction"
)
RECOMMEND = "recommend"
NPS_ITEM = "nps_score"
RATING_ITEMS = (*SATISFACTION_ITEMS, RECOMMEND)
OVERALL = "sat_overall"
MIXED = "mixed"  # an item asked on different scales within one season

ANSWER_COLUMNS = (
    "response_id",
    "month",
    "weight",
    "category",
    "first_visit",
    "party_type",
    "party_size",
    "trip_reason",
    "transport_mode",
    "info_sources",
    "age_band",
    "gender",
    "questionnaire_language",
    "comment",
    *SATISFACTION_ITEMS,
    RECOMMEND,
    NPS_ITEM,
    "satisfaction_scale",
    "recommend_scale",
)

# Why a season is not weighted, in one sentence (weighting.REASONS).
UNWEIGHTED_WHY = {
    "no_responses": Message("aucune réponse", "no response"),
    "no_dates": Message("aucune réponse ne porte de date de visite", "no response carries a visit date"),
    "no_attendance": Message(
        "la fréquentation mensuelle des mois sondés n'a pas été chargée",
        "the monthly attendance of the months surveyed was not loaded",
    ),
    "months_missing": Message(
        "la fréquentation manque pour la plupart des mois sondés",
        "attendance is missing for most of the months surveyed",
    ),
}
assert set(UNWEIGHTED_WHY) == set(REASONS) - {WEIGHTED}


@dataclass(frozen=True)
class Answers:
    """The responses of one museum × season, weighted: what every satisfaction statistic reads.

    frame: one row per accepted response, columns ANSWER_COLUMNS (module docstring for the rules);
    sat_*, recommend and nps_score are Int64 on the scale their load declared (NA = no answer);
    info_sources is a list of codes or NA; comment is raw (only comments.py may publish it).
    weighted: False when the season could not be weighted (every weight is 1; note says why).
    scales: item -> the scale it was asked on this season ('scale4', 'scale5', 'scale0_10', or
    MIXED when the season's loads disagree). weighting: the decision behind the weights.
    """

    frame: pd.DataFrame
    museum_id: str
    year: int
    weighted: bool
    note: str | None = None  # why the season is not weighted, in the scope's language
    scales: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    weighting: Weighting | None = None

    @property
    def n(self) -> int:
        return len(self.frame)


def _as_list(value):
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return pd.NA
    return [str(code) for code in value]


def scales_of(declared: pd.DataFrame, load_ids, items=RATING_ITEMS) -> dict[str, str]:
    """item -> the scale it was asked on over the loads `load_ids` (MIXED when they disagree); a load
    without survey_item_scales rows (made before migration 0007) counts with the codebook's default.
    declared: load_id, item, scale (sql/metrics/satisfaction_load_scales.sql)."""
    codebook = load_codebook()
    found: dict[str, set[str]] = {item: set() for item in items}
    for load_id in sorted(set(int(x) for x in load_ids)):
        rows = declared[declared["load_id"] == load_id]
        by_item = dict(zip(rows["item"].astype(str), rows["scale"].astype(str)))
        for item in items:
            found[item].add(by_item.get(item, codebook.item(item).type))
    return {item: (next(iter(s)) if len(s) == 1 else MIXED) for item, s in found.items() if s}


def weigh(museum_id: str, year: int, months: pd.Series, attendance: pd.DataFrame) -> tuple[Weighting, pd.Series]:
    """Each response's post-stratification weight from its month ('' = no visit date): the strata are
    the responses' months with their attendance, weighted by weighting.weighting_for exactly as the
    provenance report's strata (metrics/shares.py), counted per respondent (module docstring); 1 for
    every response when the season cannot be weighted. attendance: museum_id, month, attendance."""
    counts = months.astype(str).value_counts().sort_index()
    own = attendance[attendance["museum_id"].astype(str) == museum_id]
    by_month = dict(zip(own["month"].astype(str), own["attendance"]))
    strata = pd.DataFrame(
        {
            "museum_id": museum_id,
            "survey_year": int(year),
            "month": counts.index.astype(str),
            "n": counts.to_numpy(dtype=int),
            "m_sum": counts.to_numpy(dtype=float),
            "attendance": [by_month.get(m, np.nan) for m in counts.index],
        }
    )
    weighting, weights = weighting_for(strata, own)
    if not weighting.weighted:
        return weighting, pd.Series(1.0, index=months.index)
    per_month = dict(zip(weights["month"].astype(str), weights["weight"].astype(float)))
    return weighting, months.astype(str).map(per_month).astype(float).fillna(1.0)


def answers(scope: Scope, year: int | None = None) -> Answers:
    """Every accepted response of the scope's museum in season `year` (None = scope.year), weighted
    by month to attendance (module docstring)."""
    season = scope.year if year is None else int(year)
    con = connection(scope)
    params = {"museum_id": scope.museum_id, "year": season}
    frame = store.query(con, "metrics/satisfaction_answers", params)
    frame["month"] = frame["month"].astype(str)
    attendance = store.query(con, "metrics/satisfaction_attendance", params)
    weighting, frame["weight"] = weigh(scope.museum_id, season, frame["month"], attendance)
    for column in (*RATING_ITEMS, NPS_ITEM, "party_size"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    frame["first_visit"] = frame["first_visit"].astype("boolean")
    for column in (
        "category",
        "party_type",
        "trip_reason",
        "transport_mode",
        "age_band",
        "gender",
        "questionnaire_language",
        "comment",
        "satisfaction_scale",
        "recommend_scale",
        "response_id",
    ):
        frame[column] = frame[column].astype("string")
    frame["info_sources"] = pd.Series([_as_list(v) for v in frame["info_sources"]], index=frame.index, dtype=object)
    declared = store.query(con, "metrics/satisfaction_load_scales")
    found = scales_of(declared, frame["load_id"]) if len(frame) else {}
    note = None if weighting.weighted else UNWEIGHTED_WHY[weighting.reason](scope.lang)
    return Answers(
        frame=frame[list(ANSWER_COLUMNS)].reset_index(drop=True),
        museum_id=scope.museum_id,
        year=season,
        weighted=bool(weighting.weighted),
        note=note,
        scales=MappingProxyType(found),
        weighting=weighting,
    )


_season = answers  # answers(scope, year), for functions whose parameter is named answers


# --- what may be published ----------------------------------------------------------------------------

SHOWN = "shown"
NOT_ASKED = "not_asked"  # no answer at all this season: the questionnaire did not ask it
TOO_FEW = "too_few"  # 1 to privacy.MIN_CELL − 1 answers
MIXED_SCALE = "mixed_scale"  # the season's loads asked it on different scales
IMPRECISE = "imprecise"  # coefficient of variation above stats.CV_CAUTION


def population(museum_id: str, year: int, item: str | None = None) -> str:
    """The disclosure population of a report's figures: the season's respondents (as the provenance
    report names it), or the answers to one item. Item bases are not on the audit's dimensions
    (category, places): each is declared as its own population, so the runner audits the exact
    counts the page prints without mixing them with the provenance cells."""
    return f"{museum_id}:{year}" if item is None else f"{museum_id}:{year}:{item}"


def basis_cells(answers: Answers) -> tuple[disclosure.Cell, ...]:
    return (disclosure.shown(population(answers.museum_id, answers.year), "basis", "responses", answers.n),)


def base_cell(answers: Answers, item: str, n: int) -> disclosure.Cell:
    """The number of answers to `item` that a chart or a sentence prints (« n = 532 »)."""
    return disclosure.shown(population(answers.museum_id, answers.year, item), "satisfaction", item, n)


def reveals_small_count(count: int, base: int) -> bool:
    """A share of respondents with a characteristic (a provenance category, an age band, a party
    type, citing a source …) printed beside its base is read as a count (share × base), weighted or
    not: it may be published only when its count and the rest of the base are each 0 or at least
    privacy.MIN_CELL (docs/ARCHITECTURE.md, « Privacy »). Characteristics only (audience.py): the
    number of respondents giving one answer to a rating item is an opinion, not protected (module
    docstring)."""
    return any(0 < part < privacy.MIN_CELL for part in (int(count), int(base) - int(count)))


def _values(answers: Answers, item: str) -> tuple[pd.Series, np.ndarray]:
    given = answers.frame[item].notna()
    values = answers.frame.loc[given, item].astype(int)
    return values, answers.frame.loc[given, "weight"].to_numpy(dtype=float)


# --- 1. data basis ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataBasis:
    museum_id: str
    museum_name: str
    year: int
    n_responses: int
    weighted: bool
    note: str | None  # why not weighted
    n_strata: int
    n_undated: int
    satisfaction_scales: tuple[str, ...]  # the scales of the sat_* items asked this season
    recommend_scale: str | None
    nps_item: str | None  # the 0–10 recommendation item, when there is one
    seasons: tuple[int, ...]


def data_basis(scope: Scope, answers: Answers) -> DataBasis:
    asked = [item for item in SATISFACTION_ITEMS if answers.frame[item].notna().any()]
    sat_scales = tuple(dict.fromkeys(answers.scales.get(item, MIXED) for item in asked))
    weighting = answers.weighting
    return DataBasis(
        museum_id=answers.museum_id,
        museum_name=scope.museum_name,
        year=answers.year,
        n_responses=answers.n,
        weighted=answers.weighted,
        note=answers.note,
        n_strata=weighting.n_strata if weighting is not None else 0,
        n_undated=weighting.n_undated if weighting is not None else 0,
        satisfaction_scales=sat_scales,
        recommend_scale=answers.scales.get(RECOMMEND) if answers.frame[RECOMMEND].notna().any() else None,
        nps_item=nps_item(answers),
        seasons=tuple(s for s in scope.seasons if s <= answers.year),
    )


# --- 2. top-2-box -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """The top-2-box of one item: its scale, the answers it rests on, the estimate when published."""

    item: str
    scale: str | None
    n: int
    estimate: stats.ShareEstimate | None
    status: str

    @property
    def shown(self) -> bool:
        return self.status == SHOWN


def item_result(answers: Answers, item: str) -> ItemResult:
    """The top-2-box of `item` (scales.top2_share: weighted share, Wilson interval on Kish's n) and
    whether it may be published: at least privacy.MIN_CELL answers (however few are outside the top
    two boxes: an opinion, module docstring), one scale in the season, and a coefficient of variation
    under stats.CV_CAUTION."""
    values, weights = _values(answers, item)
    n = len(values)
    name = answers.scales.get(item)
    if n == 0:
        return ItemResult(item, name, 0, None, NOT_ASKED)
    if name == MIXED or name is None:
        return ItemResult(item, MIXED, n, None, MIXED_SCALE)
    if n < privacy.MIN_CELL:
        return ItemResult(item, name, n, None, TOO_FEW)
    scale = scales.scale(name)
    estimate = scales.top2_share(values, weights, scale, item=item)
    if estimate.quality == stats.QUALITY_UNRELIABLE:
        return ItemResult(item, name, n, estimate, IMPRECISE)
    return ItemResult(item, name, n, estimate, SHOWN)


HEADLINE = (OVERALL, RECOMMEND)


def top2(answers: Answers) -> list[ItemResult]:
    """Every rating item: overall satisfaction and recommendation first, then the other items by
    top-2-box share, highest first (items not published last, in questionnaire order)."""
    results = [item_result(answers, item) for item in RATING_ITEMS]
    head = [r for r in results if r.item in HEADLINE]
    rest = [r for r in results if r.item not in HEADLINE]
    ranked = sorted((r for r in rest if r.estimate is not None), key=lambda r: -r.estimate.share)
    return head + ranked + [r for r in rest if r.estimate is None]


def top2_table(answers: Answers, results: list[ItemResult], lang: str = "fr") -> ShareTable:
    """The published items as a share table for charts.share_bars: one row per item (n = its answers),
    imprecise estimates drawn « imprécis »; items not published are left out (the text names them).
    Declares each printed base as a cell (base_cell)."""
    rows, cells = [], []
    shown = [r.scale for r in results if r.estimate is not None]
    usual = max(set(shown), key=shown.count) if shown else None  # items on another scale say theirs
    for r in results:
        if r.status not in (SHOWN, IMPRECISE):
            continue
        label = labels.short(r.item, lang)
        if r.scale != usual:
            label += f" ({scales.scale(r.scale).label(lang)})"
        label += f" · n = {format_number(r.n, 0, lang)}"  # the base of each bar, on the page
        e = r.estimate
        imprecise = r.status == IMPRECISE
        rows.append(
            dict(
                key=r.item,
                label=label,
                n=r.n,
                share_unweighted=np.nan,
                share=np.nan if imprecise else e.share,
                ci_low=np.nan if imprecise else e.low,
                ci_high=np.nan if imprecise else e.high,
                suppressed=False,
                suppression_reason=pd.NA,
                caution=(not imprecise) and (e.quality == stats.QUALITY_CAUTION or privacy.needs_caution(r.n)),
                imprecise=imprecise,
                base_n=r.n,
                n_effective=e.effective_n,
                weighted=answers.weighted,
            )
        )
        cells.append(base_cell(answers, r.item, r.n))
    table = pd.DataFrame(rows, columns=shares.TABLE_COLUMNS) if rows else shares.empty_table()
    for column in ("suppressed", "caution", "imprecise"):
        table[column] = table[column].astype(bool)
    return ShareTable(table, int(answers.n), 0, answers.weighting, cells=tuple(cells), too_small=not rows)


# --- 3. distributions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """Every code's share of one item on the scale asked (scales.distribution), best code first.

    table: code, label, n, share. status as ItemResult."""

    item: str
    scale: str | None
    n: int
    table: pd.DataFrame
    status: str


def distribution(answers: Answers, item: str, lang: str = "fr") -> Distribution:
    """The full distribution of `item` (not asked, too few answers or mixed scales: as item_result):
    every code's share is published once the item has at least privacy.MIN_CELL answers, a code
    with 1 to 9 answers included (an opinion, module docstring)."""
    values, weights = _values(answers, item)
    n = len(values)
    name = answers.scales.get(item)
    empty = pd.DataFrame(columns=["code", "label", "n", "share"])
    if n == 0:
        return Distribution(item, name, 0, empty, NOT_ASKED)
    if name in (MIXED, None):
        return Distribution(item, MIXED, n, empty, MIXED_SCALE)
    if n < privacy.MIN_CELL:
        return Distribution(item, name, n, empty, TOO_FEW)
    table = scales.distribution(values, weights, scales.scale(name), item=item).sort_values("code", ascending=False)
    group = load_codebook().item(item).scale
    codes = load_codebook().rating_scale(name).codes(group)
    table["label"] = [codes[str(int(c))](lang) for c in table["code"]]
    return Distribution(item, name, n, table[["code", "label", "n", "share"]].reset_index(drop=True), SHOWN)


def distributions(answers: Answers, lang: str = "fr") -> list[Distribution]:
    return [distribution(answers, item, lang) for item in RATING_ITEMS]


# --- 4. recommendation and NPS ------------------------------------------------------------------------

NPS_GROUPS = ("promoters", "passives", "detractors")


def nps_item(answers: Answers) -> str | None:
    """The 0–10 recommendation item: nps_score when answered, else recommend when asked on scale0_10."""
    if answers.frame[NPS_ITEM].notna().any():
        return NPS_ITEM
    if answers.scales.get(RECOMMEND) == "scale0_10" and answers.frame[RECOMMEND].notna().any():
        return RECOMMEND
    return None


@dataclass(frozen=True)
class NpsResult:
    """NPS = % promoters (9–10) − % detractors (0–6), weighted, in points; margin = z × SE with
    Var = (p_P + p_D − (p_P − p_D)²) / n_eff (stats.nps: the multinomial variance on Kish's n).

    groups: promoters / passives / detractors share. Published when at least privacy.MIN_CELL
    respondents answered the 0–10 item, however few are in one group (an opinion, module docstring)."""

    item: str | None
    n: int
    nps: stats.NPS | None
    margin: float | None
    groups: dict
    status: str


def net_promoter(answers: Answers) -> NpsResult:
    item = nps_item(answers)
    if item is None:
        return NpsResult(None, 0, None, None, {}, NOT_ASKED)
    values, weights = _values(answers, item)
    n = len(values)
    if n < privacy.MIN_CELL:
        return NpsResult(item, n, None, None, {}, TOO_FEW)
    result = stats.nps(values.to_numpy(), weights)
    margin = stats.z_value() * result.standard_error
    share = {
        "promoters": result.promoters,
        "passives": 1.0 - result.promoters - result.detractors,
        "detractors": result.detractors,
    }
    groups = {g: share[g] for g in NPS_GROUPS}
    return NpsResult(item, n, result, margin, groups, SHOWN)


# --- 5. change since the previous season --------------------------------------------------------------

COMPARED = "compared"
SCALE_CHANGED = "scale_changed"
NOT_COMPARED = "not_compared"  # one of the two seasons has no published figure for the item


@dataclass(frozen=True)
class ItemChange:
    item: str
    year: int
    previous_year: int
    current: ItemResult
    previous: ItemResult
    difference: stats.Difference | None
    warning: Message | None  # scales.comparison_warning when the two seasons used different scales
    status: str


def previous_season(scope: Scope, year: int) -> int | None:
    earlier = [s for s in scope.seasons if s < year]
    return max(earlier) if earlier else None


def previous_answers(scope: Scope, answers: Answers) -> Answers | None:
    """The answers of the season before answers.year (None when the store has none)."""
    year = previous_season(scope, answers.year)
    return None if year is None else _season(scope, year)


def changes(answers: Answers, previous: Answers | None) -> list[ItemChange]:
    """Each item's top-2-box now and in the previous season, tested on effective sizes
    (stats.difference_test); never across two scales (scales.comparison_warning instead)."""
    if previous is None:
        return []
    out = []
    for item in RATING_ITEMS:
        now, before = item_result(answers, item), item_result(previous, item)
        if now.status == NOT_ASKED and before.status == NOT_ASKED:
            continue
        common = dict(item=item, year=answers.year, previous_year=previous.year, current=now, previous=before)
        if now.scale not in (None, MIXED) and before.scale not in (None, MIXED):
            warning = scales.comparison_warning(
                scales.scale(before.scale), previous.year, scales.scale(now.scale), answers.year
            )
            if warning is not None:
                out.append(ItemChange(**common, difference=None, warning=warning, status=SCALE_CHANGED))
                continue
        if not (now.shown and before.shown):
            out.append(ItemChange(**common, difference=None, warning=None, status=NOT_COMPARED))
            continue
        diff = stats.difference_test(
            before.estimate.share, before.estimate.effective_n, now.estimate.share, now.estimate.effective_n
        )
        out.append(ItemChange(**common, difference=diff, warning=None, status=COMPARED))
    return out


def change_cells(changed: list[ItemChange], answers: Answers, previous: Answers | None) -> tuple:
    """The bases a change sentence prints: each compared item's answers in both seasons."""
    cells = []
    for c in changed:
        if c.status == COMPARED:
            cells.append(base_cell(answers, c.item, c.current.n))
            cells.append(base_cell(previous, c.item, c.previous.n))
    return tuple(cells)


# --- 6. targets ---------------------------------------------------------------------------------------

TARGET_INDICATORS = {"top2_satisfaction": OVERALL, "top2_recommendation": RECOMMEND, "nps": None}


MIXED_TARGET = Message(
    "question posée sur des échelles différentes en {year}", "item asked on different scales in {year}"
)


def _estimate(answers: Answers, indicator: str):
    """(estimate, scale, reason) of a target indicator: the estimate (None without one), the scale it
    rests on (the NPS item for nps) and, for an item asked on different scales in the season, why
    there is no figure (passed to targets.survey_target, so that the target sentence says why: the
    chart and the sentence draw only comparable figures)."""
    if indicator == "nps":
        result = net_promoter(answers)
        return (result.nps if result.status == SHOWN else None), result.item, None
    result = item_result(answers, TARGET_INDICATORS[indicator])
    if result.status == MIXED_SCALE:
        return None, result.scale, MIXED_TARGET.format(year=answers.year)
    return result.estimate, result.scale, None


def targets(scope: Scope, answers: Answers, season_answers=None) -> list:
    """baseline → current → target for the museum's survey targets (params.Museum.targets):
    targets.survey_target with the estimate of the target's year as current (the report season when
    the target lies ahead, the latest season up to the target's year otherwise) and the baseline
    year's as baseline; a baseline on another scale than the current figure is no base for the target
    (scales.comparison_warning is given as the reason not to compare).

    season_answers: a function year -> Answers (default: answers(scope, year)), for tests."""
    from ... import params, targets as target_rules

    load = season_answers or (lambda y: answers if y == answers.year else _season(scope, y))
    try:
        museum = params.load_museum(scope.museum_id)
    except params.ParameterError:  # a store museum without a parameter file has no targets
        return []
    out = []
    for target in museum.targets:
        if target.indicator not in TARGET_INDICATORS:
            continue
        candidates = [s for s in (*scope.seasons, answers.year) if s <= min(int(target.year), answers.year)]
        if not candidates:
            continue
        current_year = max(candidates)
        current, current_scale, withheld = _estimate(load(current_year), target.indicator)
        baseline, not_comparable = None, withheld
        if target.baseline_year is not None and target.baseline_year in scope.seasons:
            baseline, baseline_scale, baseline_withheld = _estimate(load(target.baseline_year), target.indicator)
            baseline = None if baseline_withheld is not None else baseline
            scales_known = None not in (baseline_scale, current_scale) and MIXED not in (baseline_scale, current_scale)
            if target.indicator != "nps" and baseline is not None and scales_known and not_comparable is None:
                not_comparable = scales.comparison_warning(
                    scales.scale(baseline_scale), target.baseline_year, scales.scale(current_scale), current_year
                )
        out.append(
            target_rules.survey_target(
                target, current, baseline, current_year=current_year, not_comparable=not_comparable
            )
        )
    return out


# --- 7. key drivers -----------------------------------------------------------------------------------

DRIVER_MIN_ANSWERED = 0.8  # an item answered by fewer of those who rated the visit is left out


@dataclass(frozen=True)
class Drivers:
    """The Shapley decomposition of R² (drivers.shapley_r2) of overall satisfaction on the items,
    with Johnson's relative weights as a cross-check; left_out: items answered by fewer than
    DRIVER_MIN_ANSWERED of the responses that rate the visit (optional services: the shop, the café),
    which would restrict the model to the visitors who used them."""

    shapley: object | None  # drivers.DriverResult
    relative: object | None
    items: tuple[str, ...]
    left_out: tuple[str, ...]
    status: str
    weighted: bool


def key_drivers(answers: Answers) -> Drivers:
    frame = answers.frame
    overall = frame[OVERALL].notna()
    if answers.scales.get(OVERALL) in (MIXED, None) or int(overall.sum()) == 0:
        status = NOT_ASKED if int(overall.sum()) == 0 else MIXED_SCALE
        return Drivers(None, None, (), (), status, answers.weighted)
    candidates = [
        item
        for item in SATISFACTION_ITEMS
        if item != OVERALL and answers.scales.get(item) not in (MIXED, None) and frame[item].notna().any()
    ]
    rated = frame[overall]
    kept = [i for i in candidates if rated[i].notna().mean() >= DRIVER_MIN_ANSWERED]
    left_out = tuple(i for i in candidates if i not in kept)
    data = frame[[OVERALL, *kept]].astype(float)
    shapley = driver_rules.shapley_r2(data, OVERALL, kept, frame["weight"].to_numpy(dtype=float))
    relative = driver_rules.relative_weights(data, OVERALL, kept, frame["weight"].to_numpy(dtype=float))
    status = SHOWN if shapley.available else TOO_FEW
    return Drivers(shapley, relative, tuple(kept), left_out, status, answers.weighted)


def driver_cells(answers: Answers, result: Drivers) -> tuple:
    """The number of complete responses the key-driver sentence prints."""
    if result.shapley is None or not result.shapley.available:
        return ()
    return (base_cell(answers, "drivers", result.shapley.n_used),)


# --- 8. peer comparison -------------------------------------------------------------------------------

PEER_ITEM = OVERALL


def peer_results(scope: Scope, answers: Answers) -> pd.DataFrame:
    """One row per museum surveyed in the season (the reader's included), for peers.compare: museum_id,
    name, value (its top-2-box of overall satisfaction when its own report would publish it and it was
    asked on the reader's scale — two scales are two questions, docs/ARCHITECTURE.md « Survey scales »
    — else NaN, the museum then counting as one without a value), n (its answers to the item).

    Each museum is weighted on its own (weigh, as its own report), from one query for the season."""
    con = connection(scope)
    season = answers.year
    museums = store.query(con, "peers/season_museums", {"year": season})
    frame = store.query(con, "metrics/satisfaction_season_overall", {"year": season})
    frame["month"] = frame["month"].astype(str)
    frame[PEER_ITEM] = pd.to_numeric(frame[PEER_ITEM]).astype("Int64")
    attendance = store.query(con, "metrics/satisfaction_attendance", {"museum_id": None, "year": season})
    declared = store.query(con, "metrics/satisfaction_load_scales")
    mine = answers.scales.get(PEER_ITEM)
    rows = []
    for row in museums.itertuples():
        museum_id = str(row.museum_id)
        if museum_id == answers.museum_id:
            result = item_result(answers, PEER_ITEM)
        else:
            own = frame[frame["museum_id"] == museum_id].reset_index(drop=True)
            weighting, weights = weigh(museum_id, season, own["month"], attendance)
            scale = scales_of(declared, own["load_id"], (PEER_ITEM,))
            values = own[[PEER_ITEM]].assign(weight=weights.to_numpy())
            result = item_result(_Ratings(values, weighting.weighted, scale), PEER_ITEM)
        comparable = result.shown and result.scale == mine and mine not in (None, MIXED)
        rows.append(
            dict(
                museum_id=museum_id,
                name=museum_display_name(str(row.name), row.name_en, scope.lang),
                value=result.estimate.share if comparable else np.nan,
                n=int(result.n),
            )
        )
    return pd.DataFrame(rows, columns=["museum_id", "name", "value", "n"])


@dataclass(frozen=True)
class _Ratings:
    """What item_result reads of an Answers (frame with the item and weight columns, scales), for a
    museum the report only compares with."""

    frame: pd.DataFrame
    weighted: bool
    scales: Mapping[str, str]


@dataclass(frozen=True)
class PeerComparison:
    """comparisons: peers.compare per group; n_comparable: the other museums with a value (asked on the
    reader's scale and publishable); scale: the scale of the reader's overall satisfaction."""

    comparisons: list
    n_comparable: int
    scale: str | None


def peer_comparison(scope: Scope, answers: Answers) -> PeerComparison:
    """peers.compare of the museum's top-2-box of overall satisfaction within each of its peer groups
    (type, size, region class, declared groups, cohorts, network): the peers' median and quartiles,
    one value per museum; peers named only in a cohort whose members agreed."""
    from ... import peers

    results = peer_results(scope, answers)
    others = results[(results["museum_id"] != answers.museum_id) & results["value"].notna()]
    groups = peers.peer_groups(connection(scope), answers.museum_id)
    comparisons = peers.compare(results, answers.museum_id, groups, named=True)
    return PeerComparison(comparisons, len(others), answers.scales.get(PEER_ITEM))
