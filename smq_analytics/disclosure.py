"""Disclosure control over everything one report publishes (docs/ARCHITECTURE.md, « Privacy »).

A report publishes cells: counts of respondents defined by conditions on six dimensions of a
respondent — category (local / excursionist / tourist / unknown), country, world area, province,
administrative region, tourist region. A cell is published in one of three states:

- shown: its exact count n is public (a bar's hover, a base printed in the text);
- hidden: withheld (« masqué »); the reader knows only that it is not zero, since zeros are shown;
- bounded: published as a range, e.g. « moins de 10 » for a small non-response count (1 to 9).

Cells of different tables overlap (world area ⊃ country, Canada ⊃ province ⊃ Quebec region, an
administrative region ↔ the tourist regions it overlaps, every table ⊂ the respondents), so a hidden
cell can often be rebuilt by subtraction. `audit` finds out, as a disclosure-control audit does: it
splits the respondents into the finest groups the published cells can tell apart (atoms), writes every
published cell as a linear constraint on the atom counts, and computes by linear programming the
smallest and largest value each protected quantity can take. Protected quantities are every hidden
cell and every group of respondents that the report distinguishes (a region pair, the « rest of
Europe »…). One fails when its range lies in the sensitive zone: a lower bound of 1 to 9 and a width
under MIN_RANGE_WIDTH. A range that still allows zero (e.g. [0, 3]) does not establish that anyone is
there, so it passes; a range starting at 10 or more describes no small group.

`plan` decides suppression for one report with the true counts: it hides (or folds into « Autres »)
every cell of 1 to 9, then adds complementary suppressions, smallest cell first, until `audit` passes.
The runner audits every executed report again from what it actually shows, before writing it.

Threat model (stated so that it can be challenged): the reader knows every published count exactly,
the reference tables (which regions overlap, which country is in which area) and the classification
rules (a resident of another country is never local). Weighted shares are published without their
monthly weights, so they add no exact count information. Non-response cells (provenance, region,
province or country unknown) describe no characteristic of anyone: they are not protected, and are
printed as « moins de 10 » when small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

from .i18n import LocalizedError, Message

DIMENSIONS = ("category", "country", "area", "province", "admin", "tourist")
GEO_DIMENSIONS = DIMENSIONS[1:]
CATEGORY_VALUES = ("local", "excursionist", "tourist", "unknown")
KNOWN = "*"  # in a condition: any known value
UNKNOWN = "?"  # a leaf value: not known
NOT_APPLICABLE = "-"  # a leaf value: the dimension does not apply (a province abroad)

MIN_CELL = 10
MIN_RANGE_WIDTH = 5
SHOWN, HIDDEN, BOUNDED = "shown", "hidden", "bounded"
CELLS_MIME = "application/vnd.smq.cells+json"
_EPS = 1e-6
_MAX_ROUNDS = 60
_MAX_CANDIDATES = 16
_MAX_SCORED = 4
_MAX_EXTRA_ROWS = 4  # cells withheld together before a whole table is


class DisclosureError(LocalizedError):
    """A report whose published figures would let a reader rebuild a small group."""


# --- published cells -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One published figure: the respondents of `population` matching `where` and not `exclude`.

    where / exclude map a dimension to allowed values (KNOWN = any known value). state is SHOWN (n is
    the exact count), HIDDEN (not zero, value withheld) or BOUNDED (between low and high).
    """

    population: str
    table: str
    key: str
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    state: str = SHOWN
    n: int | None = None
    low: int | None = None
    high: int | None = None
    protected: bool = True

    def to_json(self) -> dict:
        out = {
            "population": self.population,
            "table": self.table,
            "key": self.key,
            "where": {k: list(v) for k, v in self.where.items()},
            "exclude": {k: list(v) for k, v in self.exclude.items()},
            "state": self.state,
            "protected": self.protected,
        }
        if self.state == SHOWN:
            out["n"] = int(self.n)
        if self.state == BOUNDED:
            out["low"], out["high"] = int(self.low), int(self.high)
        return out

    @classmethod
    def from_json(cls, data: Mapping) -> "Cell":
        return cls(
            population=str(data["population"]),
            table=str(data["table"]),
            key=str(data["key"]),
            where={k: tuple(map(str, v)) for k, v in data.get("where", {}).items()},
            exclude={k: tuple(map(str, v)) for k, v in data.get("exclude", {}).items()},
            state=str(data["state"]),
            n=data.get("n"),
            low=data.get("low"),
            high=data.get("high"),
            protected=bool(data.get("protected", True)),
        )


def shown(population, table, key, n, where=None, exclude=None, protected=True) -> Cell:
    """A published count; counts of 1 to 9 are published as « moins de 10 » (bounded) instead."""
    n = int(n)
    if 0 < n < MIN_CELL:
        return Cell(population, table, key, where or {}, exclude or {}, BOUNDED, None, 1, MIN_CELL - 1, protected)
    return Cell(population, table, key, where or {}, exclude or {}, SHOWN, n, protected=protected)


def hidden(population, table, key, where=None, exclude=None, protected=True) -> Cell:
    return Cell(population, table, key, where or {}, exclude or {}, HIDDEN, protected=protected)


def cells_bundle(cells: Iterable[Cell]) -> dict:
    """The private output a report carries so that the runner can audit it (never shown)."""
    return {CELLS_MIME: [cell.to_json() for cell in cells]}


def cells_from_outputs(nb: Mapping) -> list[Cell]:
    """Every published cell recorded in an executed notebook: narrative outputs and chart metadata."""
    cells: list[Cell] = []
    for notebook_cell in nb.get("cells", []):
        for output in notebook_cell.get("outputs", []) or []:
            data = output.get("data", {}) or {}
            for item in data.get(CELLS_MIME, []) or []:
                cells.append(Cell.from_json(item))
            figure = data.get("application/vnd.plotly.v1+json")
            if isinstance(figure, str):
                figure = json.loads(figure)
            meta = ((figure or {}).get("layout", {}) or {}).get("meta") or {}
            if isinstance(meta, dict):
                for item in meta.get("smq_cells", []) or []:
                    cells.append(Cell.from_json(item))
    return cells


# --- the reference structure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Structure:
    """What any reader knows about how the dimensions nest (from the reference tables).

    region_pairs: (admin region, tourist region) pairs that exist in Quebec; provinces: codes other
    than QC; countries: {code: world area} for countries other than Canada.
    """

    region_pairs: tuple[tuple[str, str], ...]
    provinces: tuple[str, ...]
    countries: Mapping[str, str]

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.countries.values())))


def structure_from_store(con) -> Structure:
    from . import store

    pairs = store.query(con, "metrics/disclosure_region_pairs")
    provinces = store.query(con, "metrics/disclosure_provinces")
    countries = store.query(con, "metrics/disclosure_countries")
    return Structure(
        region_pairs=tuple((str(a), str(t)) for a, t in zip(pairs["admin"], pairs["tourist"])),
        provinces=tuple(str(p) for p in provinces["province"]),
        countries={str(c): str(a) for c, a in zip(countries["country"], countries["area"])},
    )


def _leaves(structure: Structure, cells: list[Cell]) -> list[dict[str, str]]:
    """Every place a respondent can live, at the resolution the cells speak of."""
    leaves = []

    def leaf(country, area, province=NOT_APPLICABLE, admin=NOT_APPLICABLE, tourist=NOT_APPLICABLE):
        leaves.append(dict(country=country, area=area, province=province, admin=admin, tourist=tourist))

    for admin, tourist in sorted(set(structure.region_pairs)):
        leaf("CA", "canada", "QC", admin, tourist)
    leaf("CA", "canada", "QC", UNKNOWN, UNKNOWN)
    for province in structure.provinces:
        leaf("CA", "canada", province)
    leaf("CA", "canada", UNKNOWN)
    named = {
        value
        for cell in cells
        for conditions in (cell.where, cell.exclude)
        for value in conditions.get("country", ())
        if value not in (KNOWN, "CA")
    }
    for country in sorted(named):
        leaf(country, structure.countries.get(country, "other"))
    for area in sorted(set(structure.areas) | {"other"}):
        if area != "canada":
            leaf(f"~{area}", area)  # the countries of that area no cell names
    leaf(UNKNOWN, UNKNOWN)
    return leaves


def _column_matches(column: np.ndarray, allowed: tuple[str, ...]) -> np.ndarray:
    mask = np.isin(column, [v for v in allowed if v != KNOWN])
    if KNOWN in allowed:
        mask |= ~np.isin(column, [UNKNOWN, NOT_APPLICABLE])
    return mask


def _membership(cell: Cell, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Which atoms (given as one array of values per dimension) the cell counts."""
    size = len(next(iter(columns.values())))
    mask = np.ones(size, dtype=bool)
    for dimension, allowed in cell.where.items():
        mask &= _column_matches(columns[dimension], allowed)
    for dimension, allowed in cell.exclude.items():
        mask &= ~_column_matches(columns[dimension], allowed)
    return mask


def _residual(atom: Mapping[str, str], dims: tuple[str, ...]) -> bool:
    """A non-response: the respondent's category or place is not known at the level asked."""
    if "category" in dims and atom["category"] == "unknown":
        return True
    return any(atom[d] == UNKNOWN for d in dims if d != "category")


# --- the audit -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A protected quantity whose feasible range is too narrow."""

    population: str
    what: str  # a cell « table:key » or a group of atoms
    low: float
    high: float

    def describe(self, lang: str = "fr") -> str:
        low, high = round(self.low, 2), round(self.high, 2)
        return (
            f"{self.what} [{self.population}] : entre {low:g} et {high:g}"
            if lang == "fr"
            else f"{self.what} [{self.population}]: between {low:g} and {high:g}"
        )


def sensitive(low: float, high: float) -> bool:
    """A range that establishes a group of 1 to 9 respondents within fewer than 5 counts."""
    return low >= 1 - _EPS and low <= MIN_CELL - 1 + _EPS and high - low < MIN_RANGE_WIDTH - _EPS


class _Problem:
    """The linear program of one population: atom counts under the published cells."""

    def __init__(self, cells: list[Cell], structure: Structure):
        # scipy.optimize is imported by range_of only: importing it costs ~0.4 s of CPU in every
        # report kernel, and many reports never solve a linear program (every protected quantity is
        # published exactly) — docs/ARCHITECTURE.md, « Measured facts ».
        self.cells = cells
        atoms = [
            dict(category=c, **leaf)
            for leaf in _leaves(structure, cells)
            for c in CATEGORY_VALUES
            if not (c == "local" and leaf["area"] not in ("canada", UNKNOWN))
        ]  # abroad is never local
        columns = {d: np.array([atom[d] for atom in atoms]) for d in DIMENSIONS}
        membership = np.array([_membership(cell, columns) for cell in cells], dtype=bool).reshape(
            len(cells), len(atoms)
        )
        # atoms that every cell treats alike are one variable
        keys: dict[bytes, int] = {}
        self.groups: list[list[int]] = []
        for index in range(len(atoms)):
            signature = membership[:, index].tobytes()
            if signature not in keys:
                keys[signature] = len(self.groups)
                self.groups.append([])
            self.groups[keys[signature]].append(index)
        self.atoms = atoms
        self.matrix = membership[:, [g[0] for g in self.groups]]
        self._build()

    def _build(self) -> None:
        eq_rows, eq_values, ub_rows, ub_values = [], [], [], []
        for row, cell in zip(self.matrix, self.cells):
            vector = row.astype(float)
            if cell.state == SHOWN:
                eq_rows.append(vector)
                eq_values.append(float(cell.n))
            else:
                low = 1 if cell.state == HIDDEN else cell.low
                ub_rows.append(-vector)
                ub_values.append(-float(low))
                if cell.state == BOUNDED:
                    ub_rows.append(vector)
                    ub_values.append(float(cell.high))
        width = len(self.groups)
        self.a_eq = np.array(eq_rows) if eq_rows else None
        self.b_eq = np.array(eq_values) if eq_values else None
        self.a_ub = np.array(ub_rows) if ub_rows else None
        self.b_ub = np.array(ub_values) if ub_values else None
        self.width = width

    def range_of(self, weights: np.ndarray, stop_when_open: bool = False) -> tuple[float, float]:
        """Smallest and largest value of weights · x over the feasible atom counts.

        stop_when_open: skip the largest value when the smallest is 0 or 10 or more (the range then
        passes whatever its top).
        """
        from scipy.optimize import linprog

        bounds = [(0, None)] * self.width
        ends = []
        for sign in (1, -1):
            if stop_when_open and ends and not (1 - _EPS <= ends[0] <= MIN_CELL - 1 + _EPS):
                return ends[0], float("inf")
            result = linprog(
                sign * weights,
                A_ub=self.a_ub,
                b_ub=self.b_ub,
                A_eq=self.a_eq,
                b_eq=self.b_eq,
                bounds=bounds,
                method="highs",
            )
            if result.status == 3:  # unbounded above
                ends.append(float("inf"))
                continue
            if result.status != 0:
                raise DisclosureError(
                    Message(
                        "les chiffres publiés sont incohérents entre eux (programme linéaire sans solution)",
                        "the published figures contradict each other (the linear program has no solution)",
                    )
                )
            ends.append(sign * float(result.fun))
        return ends[0], ends[1]

    def exactly_published(self) -> set[bytes]:
        """The quantities a shown cell publishes exactly (their range is that count, never 1 to 9)."""
        return {row.astype(float).tobytes() for row, cell in zip(self.matrix, self.cells) if cell.state == SHOWN}

    def protected_quantities(self) -> list[tuple[str, np.ndarray]]:
        """Hidden protected cells, and every group of respondents the report tells apart on one
        family of dimensions (places; categories): the sums a reader could try to rebuild."""
        out = []
        for row, cell in zip(self.matrix, self.cells):
            if cell.protected and cell.state != SHOWN:
                out.append((f"{cell.table}:{cell.key}", row.astype(float)))
        seen: set[bytes] = set()
        for dims in (GEO_DIMENSIONS, ("category",)):
            relevant = [
                i
                for i, cell in enumerate(self.cells)
                if (conditions := set(cell.where) | set(cell.exclude)) and conditions <= set(dims)
            ]
            if not relevant:
                continue
            classes: dict[bytes, list[int]] = {}
            for g in range(self.width):
                classes.setdefault(self.matrix[relevant, g].tobytes(), []).append(g)
            for groups in classes.values():
                atoms = [self.atoms[i] for g in groups for i in self.groups[g]]
                if any(_residual(atom, dims) for atom in atoms):
                    continue  # « X or not known »: not a group of anyone in particular
                vector = np.zeros(self.width)
                vector[groups] = 1.0
                if vector.tobytes() not in seen:
                    seen.add(vector.tobytes())
                    out.append((self._describe(atoms, dims), vector))
        return out

    @staticmethod
    def _describe(atoms, dims) -> str:
        values = {d: sorted({a[d] for a in atoms} - {NOT_APPLICABLE}) for d in dims}
        return "group " + ", ".join(f"{d}={'|'.join(v[:4])}{'…' if len(v) > 4 else ''}" for d, v in values.items() if v)


def audit(cells: Iterable[Cell], structure: Structure) -> list[Finding]:
    """Every protected quantity whose feasible range is too narrow, over all populations."""
    by_population: dict[str, list[Cell]] = {}
    for cell in cells:
        by_population.setdefault(cell.population, []).append(cell)
    findings = []
    for population, population_cells in sorted(by_population.items()):
        problem = _Problem(population_cells, structure)
        published = problem.exactly_published()
        for name, vector in problem.protected_quantities():
            if vector.tobytes() in published:  # a shown count: exact, and 0 or at least MIN_CELL
                continue
            low, high = problem.range_of(vector, stop_when_open=True)
            if sensitive(low, high):
                findings.append(Finding(population, name, low, high))
    return findings


def check(cells: Iterable[Cell], structure: Structure, where: str = "") -> None:
    """Raise DisclosureError naming the first narrow ranges, if any."""
    findings = audit(list(cells), structure)
    if findings:
        listed_fr = "; ".join(f.describe("fr") for f in findings[:3])
        listed_en = "; ".join(f.describe("en") for f in findings[:3])
        raise DisclosureError(
            Message(
                f"{where}audit de confidentialité échoué : {len(findings)} groupe(s) de moins de 10 répondants "
                f"se déduisent des chiffres publiés ({listed_fr})",
                f"{where}confidentiality audit failed: {len(findings)} group(s) under 10 respondents can be worked "
                f"out from the published figures ({listed_en})",
            )
        )


# --- planning ------------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    key: str
    n: int
    withheld: bool = False  # hidden (partition) or folded into « Autres » (fold)
    primary: bool = False  # withheld for being 1 to 9 itself


@dataclass
class PlannedTable:
    """One table of a report, as the planner sees it: true counts, then what is withheld.

    mode « partition »: every key is listed, withheld cells read « masqué ». mode « fold »: only the
    shown keys are listed and everything else of the base is one « Autres » row (no label of a small
    group is ever printed). base_* define the table's population; `dimension` the key's dimension.
    residual_n: respondents of the parent whose `dimension` is unknown (non-response).
    """

    population: str
    name: str
    dimension: str
    mode: str
    rows: list[PlannedRow]
    base_where: dict[str, tuple[str, ...]]
    base_exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    residual_n: int | None = None
    residual_where: dict[str, tuple[str, ...]] | None = None
    publish_rows: bool = True  # False: only the base is published
    other_key: str = "other"
    top: int | None = None  # fold mode: at most this many listed rows
    withheld_entirely: bool = False  # the last resort: the table publishes nothing

    @property
    def base_n(self) -> int:
        return sum(row.n for row in self.rows)

    @property
    def too_small(self) -> bool:
        return 0 < self.base_n < MIN_CELL

    def row(self, key: str) -> PlannedRow:
        return next(row for row in self.rows if row.key == key)

    def _where(self, key: str) -> dict:
        return {**self.base_where, self.dimension: (key,)}

    def folded_n(self) -> int:
        return sum(row.n for row in self.rows if row.withheld)

    def cells(self) -> list[Cell]:
        p, t = self.population, self.name
        out = []
        if self.withheld_entirely:
            return out
        base = self.base_n
        if self.too_small:
            out.append(shown(p, t, "*", base, self.base_where, self.base_exclude))
        else:
            out.append(shown(p, t, "*", base, self.base_where, self.base_exclude))
            if self.publish_rows and base:
                listed = [row for row in self.rows if not row.withheld]
                for row in listed:
                    out.append(shown(p, t, row.key, row.n, self._where(row.key), self.base_exclude))
                if self.mode == "partition":
                    for row in self.rows:
                        if row.withheld:
                            out.append(hidden(p, t, row.key, self._where(row.key), self.base_exclude))
                elif self.folded_n():
                    exclude = dict(self.base_exclude)
                    exclude[self.dimension] = tuple(exclude.get(self.dimension, ())) + tuple(r.key for r in listed)
                    other = self.folded_n()
                    out.append(
                        shown(p, t, self.other_key, other, self.base_where, exclude)
                        if other >= MIN_CELL
                        else hidden(p, t, self.other_key, self.base_where, exclude)
                    )
        if self.residual_where is not None and self.residual_n is not None:
            out.append(shown(p, t, "?", self.residual_n, self.residual_where, protected=False))
        return out

    def primary_suppression(self) -> None:
        for row in self.rows:
            if 0 < row.n < MIN_CELL:
                row.withheld = row.primary = True
        if self.mode == "fold" and self.top is not None:
            listed = sorted((r for r in self.rows if not r.withheld), key=lambda r: (-r.n, r.key))
            for row in listed[self.top :]:
                row.withheld = True


def plan(tables: list[PlannedTable], structure: Structure, extra_cells: Iterable[Cell] = ()) -> list[PlannedTable]:
    """Primary then complementary suppression until the audit of all published cells passes.

    Mutates and returns the tables. extra_cells: other figures the report publishes (e.g. the
    number of responses). Raises DisclosureError when no suppression pattern is found.
    """
    extra = list(extra_cells)
    for table in tables:
        table.primary_suppression()

    def published() -> list[Cell]:
        return extra + [cell for table in tables for cell in table.cells()]

    for pop in sorted({table.population for table in tables} | {cell.population for cell in extra}):
        _plan_population(
            [t for t in tables if t.population == pop], [c for c in extra if c.population == pop], structure
        )
    _withhold_misleading(tables)
    findings = audit(published(), structure)
    if findings:
        raise DisclosureError(
            Message(
                "aucun schéma de suppression ne protège ce rapport : " + findings[0].describe("fr"),
                "no suppression pattern protects this report: " + findings[0].describe("en"),
            )
        )
    return tables


def _withhold_misleading(tables: list[PlannedTable]) -> None:
    """A partition whose withheld cells hold most of its base would mislead (its visible bars would
    read as the whole, e.g. « 100 % elsewhere » with Canada withheld): it is not published at all.
    Publishing less never narrows a feasible range."""
    for table in tables:
        if table.mode == "partition" and 2 * table.folded_n() > table.base_n:
            table.withheld_entirely = True


def _plan_population(tables: list[PlannedTable], extra: list[Cell], structure: Structure) -> None:
    """Withhold one more cell at a time until the population's audit passes.

    The next cell is, among the shown cells that overlap the failing group (then all others), the
    one after which the fewest findings remain, the smallest on a tie.
    """

    def published() -> list[Cell]:
        return extra + [cell for table in tables for cell in table.cells()]

    for _ in range(_MAX_ROUNDS):
        _withhold_misleading(tables)
        findings = audit(published(), structure)
        if not findings:
            _publish_again(tables, published, structure)
            return
        candidates = [
            (table, row)
            for table in tables
            if table.publish_rows and not table.too_small
            for row in table.rows
            if not row.withheld and row.n >= MIN_CELL
        ]
        support = _support(findings[0], published(), structure)
        if not candidates:
            # nothing left to withhold cell by cell (a very small museum): withhold whole tables,
            # a bounded « moins de 10 » base included, until the quantity passes
            if _withhold_a_table(tables, published, structure, findings[0].what, support):
                continue
            return
        # linked cells first: those overlapping the failing group, and the other cells of a failing
        # cell's own table (its partition siblings); then the rest, smallest first
        failing_table = findings[0].what.split(":")[0]
        family = _family(findings[0].what, tables)
        linked = {
            id(row)
            for table, row in candidates
            if table.name == failing_table or (table.dimension in family and _overlaps(table, row, support, structure))
        }
        ranked = sorted(candidates, key=lambda pair: (id(pair[1]) not in linked, pair[1].n, pair[0].name, pair[1].key))

        def still_fails(row: PlannedRow) -> bool:
            row.withheld = True
            try:
                return _fails(published(), structure, findings[0].what)
            finally:
                row.withheld = False

        fixers = [pair for pair in ranked[:_MAX_CANDIDATES] if not still_fails(pair[1])][:_MAX_SCORED]

        def findings_after(row: PlannedRow) -> int:
            row.withheld = True
            try:
                return len(audit(published(), structure))
            finally:
                row.withheld = False

        # of the cells that fix this finding, the one that leaves the fewest others, smallest first
        chosen = min(fixers, key=lambda pair: (findings_after(pair[1]), ranked.index(pair))) if fixers else None
        if chosen is None:
            # no single cell is enough: a few more cells, overlapping ones first, before a whole table
            if _withhold_a_few(
                [pair for pair in ranked if id(pair[1]) in linked], published, structure, findings[0].what
            ):
                continue
            if _withhold_a_table(tables, published, structure, findings[0].what, support):
                continue
            chosen = ranked[0]
        chosen[1].withheld = True


def _family(what: str, tables: list[PlannedTable]) -> tuple[str, ...]:
    """The dimensions a failing quantity is about: categories, or places. A category cell never
    protects a group of places (and the reverse): they meet only in the totals."""
    if what.startswith("group "):
        return ("category",) if "category=" in what else GEO_DIMENSIONS
    table = next((t for t in tables if t.name == what.split(":")[0]), None)
    if table is None:
        return DIMENSIONS
    return ("category",) if table.dimension == "category" else GEO_DIMENSIONS


def _withhold_a_few(ranked, published, structure, what: str, most: int = _MAX_EXTRA_ROWS) -> bool:
    """Withhold up to `most` cells, in rank order, until the named quantity passes; undo otherwise."""
    taken = []
    for _, row in ranked[:_MAX_CANDIDATES]:
        row.withheld = True
        taken.append(row)
        if not _fails(published(), structure, what):
            return True
        if len(taken) == most:
            break
    for row in taken:
        row.withheld = False
    return False


def _publish_again(tables, published, structure) -> None:
    """A table withheld whole earlier may no longer need to be (a later choice covered it): publish it
    again whenever the audit still passes."""
    for table in tables:
        if table.withheld_entirely and not (table.mode == "partition" and 2 * table.folded_n() > table.base_n):
            table.withheld_entirely = False
            if audit(published(), structure):
                table.withheld_entirely = True


def _withhold_a_table(tables, published, structure, what, support) -> bool:
    """Withhold one whole table, smallest first, among the failing cell's own table and the tables
    overlapping the failing group, so that the named quantity passes; undo otherwise."""
    own = what.split(":")[0]
    overlapping = [
        t
        for t in tables
        if not t.withheld_entirely and (t.name == own or any(_overlaps(t, row, support, structure) for row in t.rows))
    ]
    for table in sorted(overlapping, key=lambda t: t.base_n):
        table.withheld_entirely = True
        if not _fails(published(), structure, what):
            return True
        table.withheld_entirely = False
    return False


def _fails(cells: list[Cell], structure: Structure, what: str) -> bool:
    """Whether the named protected quantity is still too narrow (the final audit decides anyway)."""
    problem = _Problem(cells, structure)
    for name, vector in problem.protected_quantities():
        if name == what:
            return sensitive(*problem.range_of(vector, stop_when_open=True))
    return False


def _support(finding: Finding, cells: list[Cell], structure: Structure) -> list[dict]:
    """The atoms of the failing quantity (a hidden cell's atoms, or the named group's)."""
    problem = _Problem(cells, structure)
    for name, vector in problem.protected_quantities():
        if name == finding.what:
            return [problem.atoms[i] for g in np.flatnonzero(vector) for i in problem.groups[g]]
    return []


def _overlaps(table: PlannedTable, row: PlannedRow, atoms: list[dict], structure: Structure) -> bool:
    if not atoms:
        return False
    cell = Cell(table.population, table.name, row.key, table._where(row.key), table.base_exclude)
    columns = {d: np.array([atom[d] for atom in atoms]) for d in DIMENSIONS}
    return bool(_membership(cell, columns).any())
