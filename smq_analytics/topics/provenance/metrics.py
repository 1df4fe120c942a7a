"""Where visitors come from: local / excursionist / tourist shares, regions, provinces, countries,
the trend over seasons and the comparison with the other museums, for one museum and season.

Each question is one named query in sql/metrics/ returning counts per post-stratification cell
(museum × season × visit month) — a few dozen rows. What may be published is decided once for the
whole report (report_plan → disclosure.plan): every cell of 1 to 9 respondents is withheld, and more
cells are withheld until no small group can be rebuilt from all the report's figures together (the
linked tables: world area ⊃ country, Canada ⊃ province ⊃ Quebec region, administrative ↔ tourist
regions, totals). Python then weights the cells to monthly attendance (post-stratification),
computes shares with Wilson intervals on Kish's effective n, and returns tables whose withheld
cells have no values. Each table carries the cells it publishes, so that the runner can audit the
executed report (docs/ARCHITECTURE.md, « Privacy »).

Non-response (provenance, region, province or country not known) is left out of the base of each
table and reported apart: it describes the questionnaire, not the visitors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd

from ... import disclosure, params, peers, privacy, stats, store
from ... import targets as target_rules
from ...i18n import museum_display_name
from ...metrics import shares
from ...metrics.scope import Scope, connection
from ...metrics.shares import UNKNOWN, ShareTable, TableSpec
from ...i18n import Message
from ...weighting import UnitOfAnalysis, Weighting
from . import labels

KNOWN_CATEGORIES = ("local", "excursionist", "tourist")
CATEGORIES = (*KNOWN_CATEGORIES, UNKNOWN)
WORLD_AREAS = tuple(labels.WORLD_AREAS)
TOP_ROWS = 10


@dataclass(frozen=True)
class DataBasis:
    museum_id: str
    museum_name: str
    year: int
    n_responses: int
    n_known: int
    n_undated: int
    first_visit: date | None
    last_visit: date | None
    weighting: Weighting
    seasons: tuple[int, ...] = field(default_factory=tuple)
    n_approximate_local: int = 0  # locals placed from an approximate location
    n_approximate_excursionist: int = 0  # excursionists placed from an approximate location
    n_local: int | None = None  # locals, when the plan publishes their count
    unit: UnitOfAnalysis | None = None  # visitors (party sizes) or parties (respondents)


# --- the report's tables and their disclosure plan -----------------------------------------------

QC = {"province": ("QC",)}
TABLES: dict[str, TableSpec] = {
    "categories": TableSpec(
        "metrics/provenance_categories",
        "category",
        "partition",
        {"category": KNOWN_CATEGORIES},
        residual_where={"category": (UNKNOWN,)},
        keys=KNOWN_CATEGORIES,
        labeler=labels.category_label,
    ),
    "admin_regions": TableSpec(
        "metrics/provenance_admin_regions",
        "admin",
        "fold",
        {**QC, "admin": (disclosure.KNOWN,)},
        residual_where={**QC, "admin": ("?",)},
        fold_label=labels.OTHER_REGIONS,
        top=TOP_ROWS,
    ),
    "tourist_regions": TableSpec(
        "metrics/provenance_tourist_regions",
        "tourist",
        "fold",
        {**QC, "tourist": (disclosure.KNOWN,)},
        residual_where={**QC, "tourist": ("?",)},
        fold_label=labels.OTHER_REGIONS,
        top=TOP_ROWS,
    ),
    "provinces": TableSpec(
        "metrics/provenance_provinces",
        "province",
        "fold",
        {"country": ("CA",), "province": (disclosure.KNOWN,)},
        {"province": ("QC",)},
        residual_where={"country": ("CA",), "province": ("?",)},
        fold_label=labels.OTHER_PROVINCES,
        top=TOP_ROWS,
    ),
    "world_areas": TableSpec(
        "metrics/provenance_world_areas",
        "area",
        "partition",
        {"area": (disclosure.KNOWN,)},
        residual_where={"area": ("?",)},
        keys=WORLD_AREAS,
        labeler=labels.world_area_label,
    ),
    "countries": TableSpec(
        "metrics/provenance_countries",
        "country",
        "fold",
        {"area": (disclosure.KNOWN,)},
        {"area": ("canada",)},
        fold_label=labels.OTHER_COUNTRIES,
        top=TOP_ROWS,
    ),
}
SEASON_TABLES = ("categories",)  # what the trend publishes for the other seasons


def population(museum_id: str, year: int) -> str:
    return f"{museum_id}:{year}"


@dataclass
class ReportPlan:
    """Counts, weights and the disclosure decisions of one museum's report (all its seasons)."""

    museum_id: str
    year: int
    counts: dict[tuple[int, str], pd.DataFrame]
    tables: dict[tuple[int, str], disclosure.PlannedTable]
    weightings: dict[int, tuple[Weighting, pd.DataFrame]]
    n_responses: dict[int, int]
    units: dict[int, UnitOfAnalysis]

    def cells(self) -> list[disclosure.Cell]:
        extra = [
            disclosure.shown(population(self.museum_id, y), "basis", "responses", n)
            for y, n in self.n_responses.items()
        ]
        return extra + [cell for table in self.tables.values() for cell in table.cells()]


@lru_cache(maxsize=16)
def _plan(con, museum_id: str, year: int) -> ReportPlan:
    seasons = [int(y) for y in store.query(con, "metrics/survey_seasons", {"museum_id": museum_id})["survey_year"]]
    counts, tables, weightings, n_responses, units = {}, {}, {}, {}, {}
    for season in seasons:
        units[season] = shares.unit_for(con, museum_id, season)
        season_strata = shares.strata(con, museum_id, season, units[season])
        weightings[season] = shares.weights_for(con, season_strata, museum_id, season)
        n_responses[season] = int(season_strata["n"].sum())
        names = TABLES if season == year else SEASON_TABLES
        for name in names:
            frame = store.query(
                con, TABLES[name].query, {"museum_id": museum_id, "year": season, **shares.party_params(units[season])}
            )
            frame["month"] = frame["month"].astype(str)
            counts[(season, name)] = frame
            tables[(season, name)] = shares.planned_table(TABLES[name], population(museum_id, season), name, frame)
    plan = ReportPlan(museum_id, year, counts, tables, weightings, n_responses, units)
    extra = [c for c in plan.cells() if c.table == "basis"]
    disclosure.plan(list(tables.values()), disclosure.structure_from_store(con), extra)
    return plan


def report_plan(scope: Scope) -> ReportPlan:
    """The plan of the scope's report, computed once per museum and season (the pickers reuse it)."""
    return _plan(connection(scope), scope.museum_id, scope.year)


def _season_table(plan: ReportPlan, season: int, name: str, lang: str) -> ShareTable:
    weighting, weights = plan.weightings[season]
    result = shares.build_share_table(
        plan.counts[(season, name)], weights, plan.tables[(season, name)], TABLES[name], lang, weighting.weighted
    )
    return ShareTable(
        result.table,
        result.base_n,
        result.n_unknown,
        weighting,
        cells=result.cells,
        too_small=result.too_small,
        withheld_reason=result.withheld_reason,
    )


def _museum_shares(scope: Scope, name: str) -> ShareTable:
    return _season_table(report_plan(scope), scope.year, name, scope.lang)


# --- the questions ------------------------------------------------------------------------------


def data_basis(scope: Scope) -> DataBasis:
    """Period, number of responses, responses with a known provenance, and the weighting decision."""
    row = store.query(
        connection(scope), "metrics/provenance_basis", {"museum_id": scope.museum_id, "year": scope.year}
    ).iloc[0]
    weighting, _ = report_plan(scope).weightings[scope.year]

    def day(value) -> date | None:
        return None if pd.isna(value) else pd.Timestamp(value).date()

    return DataBasis(
        scope.museum_id,
        scope.museum_name,
        scope.year,
        int(row["n_responses"]),
        int(row["n_known"]),
        int(row["n_undated"]),
        day(row["first_visit"]),
        day(row["last_visit"]),
        weighting,
        scope.seasons,
        int(row["n_approximate_local"]),
        int(row["n_approximate_excursionist"]),
        _published_locals(scope),
        report_plan(scope).units[scope.year],
    )


def _published_locals(scope: Scope) -> int | None:
    """The number of locals when the report shows it (the bounds of the approximate-location
    sentence would otherwise reveal a withheld cell)."""
    planned = report_plan(scope).tables[(scope.year, "categories")]
    row = planned.row("local")
    return None if row.withheld or planned.withheld_entirely or planned.too_small else row.n


def basis_cells(scope: Scope) -> tuple:
    """What the data-basis section publishes: the number of responses and of known provenance."""
    plan = report_plan(scope)
    pop = population(scope.museum_id, scope.year)
    categories = plan.tables[(scope.year, "categories")]
    return (
        disclosure.shown(pop, "basis", "responses", plan.n_responses[scope.year]),
        *[c for c in categories.cells() if c.key in ("*", "?")],
    )


def category_shares(scope: Scope) -> ShareTable:
    """Local, excursionist and tourist shares of the respondents whose provenance is known."""
    return _museum_shares(scope, "categories")


def admin_region_shares(scope: Scope) -> ShareTable:
    """Quebec residents by administrative region; residents whose region is not known are n_unknown."""
    return _museum_shares(scope, "admin_regions")


def tourist_region_shares(scope: Scope) -> ShareTable:
    return _museum_shares(scope, "tourist_regions")


def province_shares(scope: Scope) -> ShareTable:
    """Canadian residents outside Quebec by province or territory."""
    return _museum_shares(scope, "provinces")


def world_area_shares(scope: Scope) -> ShareTable:
    """All respondents with a known country, by world area (Canada included); every area is listed."""
    return _museum_shares(scope, "world_areas")


def country_shares(scope: Scope) -> ShareTable:
    """Residents of other countries by country: the shown countries, the rest in « Autres pays »."""
    return _museum_shares(scope, "countries")


def trend(scope: Scope) -> ShareTable:
    """Category shares for every season of the museum, each season weighted on its own."""
    plan = report_plan(scope)
    seasons = sorted(plan.weightings)
    tables, cells, base_total, unknown_total = [], [], 0, 0
    for season in seasons:
        result = _season_table(plan, season, "categories", scope.lang)
        cells.extend(result.cells)
        cells.append(
            disclosure.shown(population(scope.museum_id, season), "basis", "responses", plan.n_responses[season])
        )
        base_total += result.base_n
        unknown_total += result.n_unknown
        if result.table.empty:
            continue
        table = result.table.copy()
        table.insert(0, "survey_year", int(season))
        tables.append(table)
    if not tables:
        return ShareTable(
            shares.empty_table().assign(survey_year=pd.Series(dtype="int64")), 0, 0, None, cells=tuple(cells)
        )
    return ShareTable(pd.concat(tables, ignore_index=True), base_total, unknown_total, None, cells=tuple(cells))


# --- the other museums --------------------------------------------------------------------------

TOO_FEW_MUSEUMS = "too_few_museums"
DOMINANT_MUSEUM = "dominant_museum"


def sector_category_shares(scope: Scope) -> ShareTable:
    """The category shares of the OTHER museums that season (the reader's own museum left out).

    Shown only when at least MIN_PEER_MUSEUMS other museums each have MIN_CELL responses or more
    (museums with fewer are left out of the group) and none of them holds more than
    privacy.MAX_PEER_SHARE of the group's responses or of its weighted visitors. Only shares with
    their interval are published, never counts, and a category the group counts fewer than
    MIN_CELL respondents in is withheld. Strata are museum × month, so a weighted share is a share
    of the group's visitors.
    """
    unit = shares.unit_for(connection(scope), None, scope.year, exclude=scope.museum_id)
    strata = shares.strata(connection(scope), None, scope.year, unit)
    strata = strata[strata["museum_id"] != scope.museum_id]
    per_museum = strata.groupby("museum_id")["n"].sum()
    members = per_museum[per_museum >= privacy.MIN_CELL].index
    strata = strata[strata["museum_id"].isin(members)]
    n_museums = len(members)
    withheld = ShareTable(
        shares.empty_table(), 0, 0, None, available=False, n_museums=n_museums, counts_published=False
    )
    if not privacy.peer_group_allowed(n_museums):
        return ShareTable(**{**withheld.__dict__, "withheld_reason": TOO_FEW_MUSEUMS})
    weighting, weights = shares.weights_for(connection(scope), strata, None, scope.year)
    weight_by_museum = (
        (weights["m_sum"] * shares.response_factors(weights)["factor"]).groupby(weights["museum_id"]).sum()
    )
    if (
        per_museum[members].max() / per_museum[members].sum() > privacy.MAX_PEER_SHARE
        or weight_by_museum.max() / weight_by_museum.sum() > privacy.MAX_PEER_SHARE
    ):
        return ShareTable(**{**withheld.__dict__, "withheld_reason": DOMINANT_MUSEUM})
    counts = store.query(
        connection(scope),
        "metrics/provenance_categories",
        {"museum_id": None, "year": scope.year, **shares.party_params(unit)},
    )
    counts["month"] = counts["month"].astype(str)
    counts = counts[counts["museum_id"].isin(members)]
    planned = shares.planned_table(TABLES["categories"], "others", "sector", counts)
    for planned_row in planned.rows:
        planned_row.withheld = 0 < planned_row.n < privacy.MIN_CELL
    result = shares.build_share_table(counts, weights, planned, TABLES["categories"], scope.lang, weighting.weighted)
    table = result.table.copy()
    table["n"] = pd.array([pd.NA] * len(table), dtype="Int64")  # counts of other museums are never published
    table["base_n"] = pd.NA
    return ShareTable(table, 0, 0, weighting, available=True, n_museums=n_museums, counts_published=False)


def home_region(scope: Scope) -> str | None:
    """The administrative region the museum stands in."""
    frame = store.query(connection(scope), "metrics/museum_home", {"museum_id": scope.museum_id})
    return None if frame.empty else str(frame["admin_region_code"].iloc[0])


# --- peer groups and targets (docs/ARCHITECTURE.md, « Peer groups » and « Targets ») -------------------
#
# The other museums are compared one value per museum: each museum's own weighted share of a category
# for the season, exactly as its own report computes it (its weighting, its unit of analysis), with the
# responses of known provenance behind it. A pooled figure over all responses would let the two largest
# museums weigh two thirds of it; the median and quartiles of museum-level results do not. These
# values are not filtered by their coefficient of variation: a museum's value is never published on its
# own (anonymous peers: only quartiles of five or more museums), and leaving out the imprecise — mostly
# small — shares would bias the quartiles. The reader's own value is shown only when its report shows it.

PEER_CATEGORIES = ("tourist", "excursionist")
TARGET_CATEGORIES = {"tourist_share": "tourist", "excursionist_share": "excursionist"}


@lru_cache(maxsize=16)
def _museum_values(con, year: int) -> pd.DataFrame:
    """One row per museum surveyed in `year`: museum_id, name, name_en, n (responses of known
    provenance) and one share column per known category (weighted as in the museum's own report)."""
    museums = store.query(con, "peers/season_museums", {"year": year})
    rows = []
    for museum in museums.itertuples(index=False):
        unit = shares.unit_for(con, museum.museum_id, year)
        museum_strata = shares.strata(con, museum.museum_id, year, unit)
        _, weights = shares.weights_for(con, museum_strata, museum.museum_id, year)
        counts = store.query(
            con,
            TABLES["categories"].query,
            {"museum_id": museum.museum_id, "year": year, **shares.party_params(unit)},
        )
        counts["month"] = counts["month"].astype(str)
        merged = counts.merge(shares.response_factors(weights), on=shares.STRATUM, how="left", validate="many_to_one")
        known = merged[~shares.is_residual(merged["key"])]
        weighted = (known["m_sum"] * known["factor"]).groupby(known["key"].astype(str)).sum()
        total = float(weighted.sum())
        row = {"museum_id": museum.museum_id, "name": museum.name, "name_en": museum.name_en}
        row["n"] = int(known["n"].sum())
        for key in KNOWN_CATEGORIES:
            row[key] = float(weighted.get(key, 0.0)) / total if total > 0 else float("nan")
        rows.append(row)
    columns = ["museum_id", "name", "name_en", "n", *KNOWN_CATEGORIES]
    return pd.DataFrame(rows, columns=columns)


def museum_results(scope: Scope, category: str) -> pd.DataFrame:
    """The share of `category` of every museum surveyed in the scope's season, one row per museum:
    museum_id, name (in the report's language), value, n. The reader's own value is NaN unless its
    report publishes that share (a withheld or imprecise row is never shown through a benchmark)."""
    frame = _museum_values(connection(scope), scope.year)
    out = pd.DataFrame(
        {
            "museum_id": frame["museum_id"].astype(str),
            "name": [
                museum_display_name(name, english if isinstance(english, str) else None, scope.lang)
                for name, english in zip(frame["name"], frame["name_en"])
            ],
            "value": frame[category].astype(float),
            "n": frame["n"].astype(int),
        }
    )
    own = category_shares(scope)
    table = own.table.set_index("key") if not own.table.empty else None
    published = (
        table is not None
        and not (own.too_small or own.withheld_reason)
        and category in table.index
        and not bool(table.loc[category, "suppressed"])
        and not bool(table.loc[category, "imprecise"])
    )
    if not published:
        out.loc[out["museum_id"] == scope.museum_id, "value"] = float("nan")
    return out


def peer_comparisons(scope: Scope, category: str) -> list[peers.GroupComparison]:
    """peers.compare of the museum's `category` share within each of its peer groups (peers.peer_groups):
    one value per museum; peers named only within a cohort whose members agreed."""
    groups = peers.peer_groups(connection(scope), scope.museum_id)
    return peers.compare(museum_results(scope, category), scope.museum_id, groups, named=True)


def _estimate(scope: Scope, season: int, category: str) -> tuple[stats.ShareEstimate | None, Message | None]:
    """The museum's `category` share in `season` as a stats.ShareEstimate (n: the responses of known
    provenance), read from the report's own table for that season with its disclosure plan applied,
    and the reason it may not be shown when the plan withholds it (None otherwise). An imprecise share
    comes back flagged 'unreliable' and a base of 1 to 9 responses with its n, so that
    targets.survey_target words why they are not compared."""
    plan = report_plan(scope)
    if season not in plan.weightings:
        return None, None
    result = _season_table(plan, season, "categories", scope.lang)
    if result.withheld_reason:
        return None, target_rules.REASONS[target_rules.HIDDEN].format(year=season)
    if result.too_small or result.table.empty:
        nan = float("nan")
        return stats.ShareEstimate(nan, nan, nan, int(result.base_n), 0.0, stats.QUALITY_UNRELIABLE), None
    row = result.table.set_index("key").loc[category]
    if bool(row["suppressed"]):
        return None, target_rules.REASONS[target_rules.HIDDEN].format(year=season)
    quality = stats.QUALITY_UNRELIABLE if bool(row["imprecise"]) else stats.QUALITY_OK
    estimate = stats.ShareEstimate(
        float(row["share"]),
        float(row["ci_low"]),
        float(row["ci_high"]),
        int(result.base_n),
        float(row["n_effective"]),
        quality,
    )
    return estimate, None


def target_statuses(scope: Scope) -> list[target_rules.TargetStatus]:
    """The museum's tourist_share and excursionist_share targets (parameters/museums/<id>.yaml) against
    the survey: the current figure is the latest season up to the target year and the report's season,
    the baseline the baseline year's; oldest target year first, tourists before excursionists."""
    try:
        museum = params.load_museum(scope.museum_id)
    except params.ParameterError:
        return []
    wanted = [t for t in museum.targets if t.indicator in TARGET_CATEGORIES]
    order = list(TARGET_CATEGORIES)
    out = []
    for target in sorted(wanted, key=lambda t: (t.year, order.index(t.indicator))):
        category = TARGET_CATEGORIES[target.indicator]
        last = min(int(target.year), scope.year)
        seasons = [s for s in scope.seasons if s <= last]
        current_year = max(seasons) if seasons else last
        current, hidden = _estimate(scope, current_year, category) if seasons else (None, None)
        baseline = None
        if target.baseline_year is not None and target.baseline_year in scope.seasons:
            baseline, _ = _estimate(scope, int(target.baseline_year), category)
        out.append(
            target_rules.survey_target(target, current, baseline, current_year=current_year, not_comparable=hidden)
        )
    return out
