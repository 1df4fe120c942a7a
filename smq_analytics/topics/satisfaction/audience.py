"""Who answered and what they say: satisfaction by segment, information sources, the respondents'
profile and their comments (notebooks/02_satisfaction.ipynb; docs/ARCHITECTURE.md, « Satisfaction
statistics », « Comment themes » and « Privacy »). Wording and charts: audience_text.py.

Every figure rests on `metrics.answers` (one row per response, its post-stratification weight):
weighted shares with Wilson intervals on Kish's effective n (stats.share_estimate, scales.top2_share).

**The privacy property** these sections keep, and `audit` checks over everything they publish: no
characteristic group of 1 to 9 respondents (a segment, an age band, a gender, a language, a party type
or size, a group citing a source, a comment theme) can be read or worked out — directly, by
subtraction from a published total, or from the other cells of the same table. The threat model is
disclosure.py's; a share of respondents with a characteristic printed beside its base is read as a
count (metrics.reveals_small_count), so it is published only when its count and the rest of its base
are each 0 or at least MIN_CELL. Answers to rating items are opinions, not characteristics (metrics.py,
« publication »): a segment's top-2-box share is published when the segment's row is published and at
least MIN_CELL of its members answered the item, however few give one answer; its top and other counts
are not protected, so the segment audit is the audit of the segment's partition alone.

- Tables (`plan_partition`): a dimension's respondents (its non-response apart) are one table; its
  total and base are published. A cell of 1 to 9 is folded with the other small cells (and the
  dimension's own « other » code; for FOLD_GROWS, the next smallest cells) into one « Autres » row
  when that row reaches MIN_CELL without holding half the base; otherwise
  it is withheld (« masqué ») and more cells, smallest first, are withheld until `audit` passes; a
  table whose withheld cells hold most of its base is not published (its bars would read as the whole).
- `audit` writes every published count as a linear constraint over the finest groups of respondents
  the facts tell apart (a dimension's values, « ? » = no answer; a source cited or not) and computes by
  linear programming the feasible range of every withheld cell, of the union of a table's withheld
  cells, and of every group told apart; it fails, as disclosure.audit does (`disclosure.sensitive`),
  on a range starting at 1 to 9 and under 5 wide. Tables of different dimensions meet only in the
  total, so a family per dimension is exact.
- Why not disclosure.py: its six dimensions (category and places) cross every geographic leaf; adding
  five profile dimensions would multiply its atoms, while these tables link only through the total.
  The category segments ARE on its dimensions: their chart declares its cells (population
  `museum:season`, as the provenance report), so the runner's audit checks them as well.
- Information sources are multi-answer: no subtraction across sources; each source's share is withheld
  when its numerator or complement is 1 to 9. Comment themes overlap: a theme with 1 to 9 comments is
  « moins de 10 » (comments.py); `theme_findings` checks the one bound a reader can still derive
  (every comment outside « Autre » has a theme).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np
import pandas as pd

from ... import comments, disclosure, privacy, scales, stats
from ...codebook import load_codebook
from ...i18n import Message
from ...metrics.shares import TABLE_COLUMNS, ShareTable
from .metrics import MIXED, OVERALL, RECOMMEND, Answers, reveals_small_count

MIN_CELL = privacy.MIN_CELL
NA = "?"  # an atom's value when the respondent did not answer
TOP, REST = "top", "rest"
SHOWN, HIDDEN, BOUNDED, OPEN = disclosure.SHOWN, disclosure.HIDDEN, disclosure.BOUNDED, "open"
FOLD = "other_folded"  # the key of the « Autres » row
SEGMENT_ITEMS = (OVERALL, RECOMMEND)
SEGMENT_DIMENSIONS = ("category", "first_visit", "party_type")
PROFILE_DIMENSIONS = ("age_band", "gender", "questionnaire_language", "party_type", "party_size")
KEYS: dict[str, tuple[str, ...]] = {
    "category": ("local", "excursionist", "tourist"),
    "first_visit": ("first", "return"),
    "party_type": ("alone", "couple", "family_children", "family_adults", "friends", "organised_group", "other"),
    "age_band": ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus"),
    "gender": ("woman", "man", "another"),
    "questionnaire_language": ("fr", "en", "other"),
    "party_size": ("1", "2", "3_4", "5_plus"),
}
OTHER_CODE = {"party_type": "other", "questionnaire_language": "other"}  # folded with the small cells
# Dimensions whose « Autres » row may also take larger cells (smallest first) to reach MIN_CELL: an
# « other party types » or « other age groups » row reads naturally; « other genders » holding men
# would not (the cells are withheld instead).
FOLD_GROWS = ("party_type", "age_band", "questionnaire_language")
INFO_SOURCES = tuple(load_codebook().item("info_sources").codes)  # the codebook's order


def values(frame: pd.DataFrame, dimension: str) -> pd.Series:
    """The dimension's key of each response as text, <NA> without an answer (party sizes in bands)."""
    if dimension == "first_visit":
        raw = frame["first_visit"].astype("boolean")
        return raw.map({True: "first", False: "return"}, na_action="ignore").astype("string")
    if dimension == "party_size":
        size = pd.to_numeric(frame["party_size"], errors="coerce")
        bands = pd.cut(size, [0, 1, 2, 4, np.inf], labels=list(KEYS["party_size"]))
        return bands.astype("string")
    return frame[dimension].astype("string")


# --- facts and their audit --------------------------------------------------------------------------

MSG_INCONSISTENT = Message(
    "les chiffres publiés par les sections sur le profil des visiteurs se contredisent (programme linéaire sans "
    "solution)",
    "the figures the visitor-profile sections publish contradict each other (the linear program has no solution)",
)


@dataclass(frozen=True)
class Fact:
    """One published figure: the respondents whose values match `where` (dimension → values). state
    SHOWN (exact n), HIDDEN (not zero), BOUNDED (low..high) or OPEN (a withheld source share's count: no
    constraint, only protected)."""

    table: str
    key: str
    where: Mapping[str, tuple[str, ...]]
    state: str = SHOWN
    n: int | None = None
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class Finding:
    what: str
    low: float
    high: float


def audit(dimensions: Mapping[str, tuple[str, ...]], facts: list[Fact]) -> list[Finding]:
    """Every protected quantity whose feasible range is too narrow (module docstring), by linear
    programming over the atoms (every combination of the dimensions' values and NA)."""
    from scipy.optimize import linprog

    names = list(dimensions)
    atoms = list(itertools.product(*[(*dimensions[d], NA) for d in names]))
    column = {d: np.array([atom[i] for atom in atoms]) for i, d in enumerate(names)}

    def member(fact: Fact) -> np.ndarray:
        mask = np.ones(len(atoms), dtype=bool)
        for d, allowed in fact.where.items():
            mask &= np.isin(column[d], list(allowed))
        return mask

    matrix = np.array([member(f) for f in facts], dtype=bool).reshape(len(facts), len(atoms))
    groups: dict[bytes, list[int]] = {}
    for a in range(len(atoms)):
        groups.setdefault(matrix[:, a].tobytes(), []).append(a)
    cols = list(groups.values())
    m = matrix[:, [g[0] for g in cols]].astype(float)
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for row, fact in zip(m, facts):
        if fact.state == SHOWN:
            a_eq.append(row)
            b_eq.append(float(fact.n))
        elif fact.state in (HIDDEN, BOUNDED):  # HIDDEN: at least 1; BOUNDED: low..high
            a_ub.append(-row)
            b_ub.append(-float(1 if fact.state == HIDDEN else fact.low))
            if fact.state == BOUNDED:
                a_ub.append(row)
                b_ub.append(float(fact.high))

    def bound(vector: np.ndarray, sign: int) -> float:
        result = linprog(
            sign * vector,
            A_ub=np.array(a_ub) if a_ub else None,
            b_ub=np.array(b_ub) if b_ub else None,
            A_eq=np.array(a_eq) if a_eq else None,
            b_eq=np.array(b_eq) if b_eq else None,
            bounds=[(0, None)] * len(cols),
            method="highs",
        )
        if result.status == 3:
            return math.inf
        if result.status != 0:  # facts computed from the true counts always have a solution
            raise disclosure.DisclosureError(MSG_INCONSISTENT)
        return sign * float(result.fun)

    quantities: dict[bytes, str] = {}
    for row, fact in zip(m, facts):
        if fact.state != SHOWN:
            quantities.setdefault(row.tobytes(), f"{fact.table}:{fact.key}")
    for table in dict.fromkeys(f.table for f in facts):
        withheld = [row for row, f in zip(m, facts) if f.table == table and f.state == HIDDEN]
        if len(withheld) > 1:
            quantities.setdefault(np.clip(sum(withheld), 0, 1).tobytes(), f"{table}:withheld")
    constrained = m[[f.state != OPEN for f in facts]]
    classes: dict[bytes, list[int]] = {}
    for g in range(len(cols)):
        classes.setdefault(constrained[:, g].tobytes(), []).append(g)
    for members in classes.values():
        if any(NA in atoms[a] for g in members for a in cols[g]):
            continue  # a group with non-response in it: no characteristic of anyone in particular
        vector = np.zeros(len(cols))
        vector[members] = 1.0
        quantities.setdefault(vector.tobytes(), "group " + "|".join("/".join(atoms[cols[g][0]]) for g in members))
    exact = {row.tobytes() for row, f in zip(m, facts) if f.state == SHOWN}
    findings = []
    for key, what in quantities.items():
        if key in exact:
            continue
        vector = np.frombuffer(key, dtype=float)
        low = bound(vector, 1)
        if not 1 - 1e-6 <= low <= MIN_CELL - 1 + 1e-6:
            continue
        high = bound(vector, -1)
        if disclosure.sensitive(low, high):
            findings.append(Finding(what, low, high))
    return findings


# --- one dimension's table --------------------------------------------------------------------------


@dataclass
class Partition:
    """A dimension's respondents and what may be published of them (module docstring)."""

    dimension: str
    counts: dict[str, int]  # every key of the dimension, zeros included
    n_total: int  # every response of the season (published by the data basis)
    shown: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()  # in the « Autres » row (at least MIN_CELL)
    hidden: tuple[str, ...] = ()
    withheld: bool = False  # nothing but the base is published

    @property
    def base(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[str]:
        """Published rows in display order: shown keys, then « Autres », then withheld keys."""
        keys = [k for k in self.counts if k in self.shown]
        keys += [FOLD] if self.folded else []
        return keys + [k for k in self.counts if k in self.hidden]

    def facts(self, table: str | None = None) -> list[Fact]:
        table, d = table or self.dimension, self.dimension
        out = [
            Fact("basis", "responses", {}, SHOWN, self.n_total),
            Fact(table, "*", {d: tuple(self.counts)}, SHOWN, self.base),
        ]
        if self.withheld or self.base < MIN_CELL:
            return out
        out += [Fact(table, k, {d: (k,)}, SHOWN, self.counts[k]) for k in self.shown]
        if self.folded:
            out.append(Fact(table, FOLD, {d: self.folded}, SHOWN, sum(self.counts[k] for k in self.folded)))
        out += [Fact(table, k, {d: (k,)}, HIDDEN) for k in self.hidden]
        return out


def plan_partition(dimension: str, counts: Mapping[str, int], n_total: int) -> Partition:
    """Fold, then withhold, the small cells of one dimension until `audit` passes (module docstring)."""
    counts = {k: int(counts.get(k, 0)) for k in KEYS[dimension]}
    part = Partition(dimension, counts, int(n_total))
    if part.base < MIN_CELL:
        part.withheld = True
        return part
    small = [k for k, n in counts.items() if 0 < n < MIN_CELL]
    other = OTHER_CODE.get(dimension)
    fold = small + ([other] if other and other not in small and counts.get(other, 0) > 0 and small else [])
    if small and dimension in FOLD_GROWS:  # « Autres » may take the next smallest cells to reach MIN_CELL
        for n, key in sorted((n, k) for k, n in counts.items() if n > 0 and k not in fold):
            if len(fold) >= 2 and sum(counts[k] for k in fold) >= MIN_CELL:
                break
            fold.append(key)
    size = sum(counts[k] for k in fold)
    if len(fold) >= 2 and MIN_CELL <= size and 2 * size <= part.base:
        part.folded = tuple(k for k in counts if k in fold)
    else:
        part.hidden = tuple(small)
    part.shown = tuple(k for k in counts if k not in part.folded and k not in part.hidden)
    dims = {dimension: tuple(counts)}
    while audit(dims, part.facts()):
        candidates = sorted((counts[k], k) for k in part.shown if counts[k] > 0)
        if not candidates:
            part.withheld = True
            return part
        part.hidden += (candidates[0][1],)
        part.shown = tuple(k for k in part.shown if k != candidates[0][1])
    if 2 * sum(counts[k] for k in part.hidden) > part.base:
        part.withheld = True
    return part


def partition(answers: Answers, dimension: str) -> Partition:
    keys = values(answers.frame, dimension).dropna()
    return plan_partition(dimension, keys.value_counts().to_dict(), answers.n)


# --- shares -----------------------------------------------------------------------------------------


def estimate(indicator, weights) -> stats.ShareEstimate:
    return stats.share_estimate(np.asarray(indicator, dtype=float), np.asarray(weights, dtype=float))


def share_row(key, label, n, est: stats.ShareEstimate | None, withheld: bool) -> dict:
    """One row of a charts-ready table: `n` the count printed beside the share (None: not printed),
    the share with its interval unless withheld or imprecise (coefficient of variation above
    stats.CV_CAUTION: « imprécis »), flagged for caution under privacy.CAUTION_CELL respondents."""
    blank = withheld or est is None
    imprecise = not blank and est.quality == stats.QUALITY_UNRELIABLE and est.share > 0
    few = est is not None and (est.n < privacy.CAUTION_CELL or (n is not None and 0 < n < privacy.CAUTION_CELL))
    caution = not blank and not imprecise and (est.quality == stats.QUALITY_CAUTION or few)
    show = not blank and not imprecise
    return dict(
        key=key,
        label=label,
        n=pd.NA if withheld or n is None else int(n),
        share_unweighted=math.nan,
        share=est.share if show else math.nan,
        ci_low=est.low if show else math.nan,
        ci_high=est.high if show else math.nan,
        suppressed=withheld,
        suppression_reason=privacy.HIDDEN if withheld else pd.NA,
        caution=caution,
        imprecise=imprecise,
        n_effective=math.nan if est is None else est.effective_n,
    )


def share_table(rows: list[dict], base_n: int, weighted: bool, cells=()) -> ShareTable:
    """A charts-ready ShareTable (metrics/shares.TABLE_COLUMNS) from rows built by `share_row`."""
    table = pd.DataFrame(rows)
    table["base_n"], table["weighted"] = base_n, weighted
    table["n"] = table["n"].astype("Int64")
    table["suppression_reason"] = table["suppression_reason"].astype("string")
    return ShareTable(table[TABLE_COLUMNS].reset_index(drop=True), base_n, 0, None, cells=tuple(cells))


@dataclass
class SegmentShares:
    """Top-2-box shares of one item across the published rows of one dimension's partition. counts:
    row -> (top, rest) answers, never printed (the share's base is the row's members who answered);
    withheld: rows whose share is not published (fewer than MIN_CELL answers)."""

    item: str
    scale: scales.Scale | None
    estimates: dict[str, stats.ShareEstimate] = field(default_factory=dict)  # every published row
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # row -> (top, rest)
    withheld: set[str] = field(default_factory=set)


def _top(frame: pd.DataFrame, item: str, scale: scales.Scale) -> pd.Series:
    """TOP / REST / <NA> per response on the item's scale (a value outside it is a ScaleError)."""
    answered = frame[item].notna()
    scales.top2_share(frame.loc[answered, item], None, scale, item=item)  # refuses values off the scale
    return frame[item].map(lambda v: pd.NA if pd.isna(v) else (TOP if int(v) in scale.top_box else REST))


def segment_shares(answers: Answers, part: Partition, item: str) -> SegmentShares:
    """Each published row's (shown or « Autres ») top-2-box share of `item`, withheld when fewer than
    MIN_CELL of the row's members answered the item: an opinion, published on a base of at least
    MIN_CELL however few give one answer (module docstring)."""
    name = answers.scales.get(item)
    if not name or name == MIXED or part.withheld or part.base < MIN_CELL:
        return SegmentShares(item, None)
    scale = scales.scale(name)
    frame = answers.frame
    keys, top = values(frame, part.dimension), _top(frame, item, scale)
    out = SegmentShares(item, scale)
    for row in part.rows:
        if row in part.hidden:
            continue
        members = keys.isin(part.folded if row == FOLD else (row,)).fillna(False) & top.notna()
        t, r = int((top[members] == TOP).sum()), int((top[members] == REST).sum())
        out.counts[row] = (t, r)
        out.estimates[row] = estimate((top[members] == TOP).to_numpy(), frame.loc[members, "weight"])
        if t + r < MIN_CELL:
            out.withheld.add(row)
    return out


def segment_family(part: Partition) -> tuple[dict, list[Fact]]:
    """What `audit` checks of a segment chart: the partition's facts (the segments' counts); the
    shares beside them are opinions and add no protected count (module docstring)."""
    return {part.dimension: tuple(part.counts)}, part.facts()


def category_cells(answers: Answers, part: Partition) -> list[disclosure.Cell]:
    """The category segments as the runner's disclosure audit reads them (population museum:season,
    as topics/provenance/metrics.py declares its categories table)."""
    pop, table = f"{answers.museum_id}:{answers.year}", "audience_categories"
    known = {"category": KEYS["category"]}
    cells = [
        disclosure.shown(pop, "basis", "responses", answers.n),
        disclosure.shown(pop, table, "*", part.base, known),
    ]
    if not part.withheld and part.base >= MIN_CELL:
        cells += [disclosure.shown(pop, table, k, part.counts[k], {"category": (k,)}) for k in part.shown]
        cells += [disclosure.hidden(pop, table, k, {"category": (k,)}) for k in part.hidden]
        if part.folded:
            n = sum(part.counts[k] for k in part.folded)
            cells.append(disclosure.shown(pop, table, FOLD, n, {"category": part.folded}))
    residual = answers.n - part.base
    cells.append(disclosure.shown(pop, table, "?", residual, {"category": ("unknown",)}, protected=False))
    return cells


# --- information sources ----------------------------------------------------------------------------


@dataclass
class SourceShares:
    """Weighted share citing each source among respondents who answered the (multi-answer) item."""

    year: int
    base: int
    estimates: dict[str, stats.ShareEstimate]
    counts: dict[str, int]
    withheld: set[str]

    def facts(self, n_total: int) -> list[tuple[dict, list[Fact]]]:
        """One family per source: citing it or not are the only groups a share reveals."""
        out = []
        for code in INFO_SOURCES:
            state = OPEN if code in self.withheld else SHOWN
            dims = {code: ("yes", "no")}
            out.append(
                (
                    dims,
                    [
                        Fact("basis", "responses", {}, SHOWN, n_total),
                        Fact("sources", "*", {code: ("yes", "no")}, SHOWN, self.base),
                        Fact("sources", code, {code: ("yes",)}, state, self.counts[code] if state == SHOWN else None),
                    ],
                )
            )
        return out


def source_shares(answers: Answers) -> SourceShares:
    frame = answers.frame
    answered = frame["info_sources"].map(lambda v: isinstance(v, (list, tuple)) and len(v) > 0)
    lists, weights = frame.loc[answered, "info_sources"], frame.loc[answered, "weight"]
    estimates, counts, withheld = {}, {}, set()
    for code in INFO_SOURCES:
        cited = lists.map(lambda v, c=code: c in v).to_numpy(dtype=bool)
        counts[code] = int(cited.sum())
        estimates[code] = estimate(cited, weights)
        base = len(cited)
        if base < MIN_CELL or reveals_small_count(counts[code], base):
            withheld.add(code)
    return SourceShares(answers.year, int(answered.sum()), estimates, counts, withheld)


# --- comment themes ---------------------------------------------------------------------------------


def theme_findings(summary: comments.ThemeSummary) -> list[Finding]:
    """A theme shown « moins de 10 » stays 1 to 9 whatever the others say, unless the covering bound
    (every comment outside « Autre » has at least one theme) narrows it: low = commenters − « Autre » −
    Σ other themes' largest values. Fails like `audit` on a range starting at 1–9 under 5 wide."""
    if summary.small or not summary.n_commenters:
        return []
    table = summary.table.set_index("theme")
    upper = {t: (MIN_CELL - 1 if row.small else int(row.n)) for t, row in table.iterrows()}
    other = upper.pop(comments.OTHER)
    findings = []
    for theme, row in table.drop(index=comments.OTHER).iterrows():
        if row.small:
            low = max(1, summary.n_commenters - other - sum(v for t, v in upper.items() if t != theme))
            if disclosure.sensitive(low, MIN_CELL - 1):
                findings.append(Finding(f"themes:{theme}", low, MIN_CELL - 1))
    if table.loc[comments.OTHER, "small"]:  # « Autre »: the commenters no theme holds
        low = max(1, summary.n_commenters - sum(upper.values()))
        if disclosure.sensitive(low, MIN_CELL - 1):
            findings.append(Finding(f"themes:{comments.OTHER}", low, MIN_CELL - 1))
    return findings


def theme_summary(answers: Answers, lang: str = "fr") -> tuple[comments.ThemeSummary, bool]:
    """comments.theme_summary of the season's comments (weighted shares of commenters), and whether the
    themes are withheld: when the covering bound narrows a small theme (theme_findings), no theme's
    count, share or quote is published (the summary's table is then emptied of them)."""
    summary = comments.theme_summary(answers.frame["comment"], answers.frame["weight"], lang)
    if not theme_findings(summary):
        return summary, False
    table = summary.table.assign(n=pd.NA, share=np.nan, quotes=[()] * len(summary.table))
    return replace(summary, table=table.astype({"n": "Int64"})), True


# The sections the workbook calls (wording and charts in audience_text.py).
from .audience_text import (  # noqa: E402
    comments_section,
    demographics_section,
    info_sources_section,
    segments_section,
)

__all__ = ["comments_section", "demographics_section", "info_sources_section", "segments_section"]
