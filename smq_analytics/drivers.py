"""Key-driver analysis: which satisfaction items move overall satisfaction most
(docs/ARCHITECTURE.md, « Provenance method », Statistics).

Satisfaction items are correlated (a visitor pleased with the reception tends to be pleased with the
exhibitions), so regression coefficients split their shared part arbitrarily and can even change
sign. Two methods share the explained variance R² of the weighted least-squares regression of the
overall item on the others among the items instead:

- **Shapley decomposition of R²** (Lindeman, Merenda & Gold 1980; Grömping 2007): an item's share is
  its marginal contribution to R² averaged over every order in which items can enter the model,
  φ_j = Σ_{S ⊆ N∖{j}} |S|! (k − |S| − 1)! / k! · (R²(S ∪ {j}) − R²(S)). The contributions sum to
  the full model's R² exactly. Exact over all 2^k subsets: MAX_ITEMS (15) items is 32 768 small
  regressions, each R² read from the weighted correlation matrix (R²(S) = r_Sy' R_SS⁺ r_Sy), under a
  second.
- **Johnson's relative weights** (Johnson 2000): the items are replaced by their closest orthogonal
  counterparts Z = X R^(−1/2); the outcome's regression on Z is split back onto the items through the
  loadings Λ = R^(1/2): ε_j = Σ_k Λ_jk² β_k². They also sum to R² and usually rank items as Shapley
  does, at the cost of one eigen-decomposition: the cross-check.

Both use the survey weights (weighted means, variances and correlations, i.e. weighted least
squares) and complete cases only (a response missing the outcome or any item is left out). An item
without variance among those cases explains nothing and makes the correlation matrix undefined: it is
dropped and listed. Below a minimum number of complete cases the result is withheld with its reason:
MIN_CASES (30, privacy.CAUTION_CELL: under it any estimate is « à interpréter avec prudence ») and
CASES_PER_ITEM (10) per item kept, the usual one-in-ten rule for a regression, so that a dozen items
need 120 answers — with fewer, R² is mostly noise fitted by the items and the split among them is
not stable from one season to the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .i18n import LocalizedError, Message
from .privacy import CAUTION_CELL

MIN_CASES = CAUTION_CELL
CASES_PER_ITEM = 10
MAX_ITEMS = 15

SHAPLEY = "shapley"
RELATIVE_WEIGHTS = "relative_weights"
METHOD_NAMES = {
    SHAPLEY: Message("décomposition de Shapley du R²", "Shapley decomposition of R²"),
    RELATIVE_WEIGHTS: Message("poids relatifs de Johnson", "Johnson's relative weights"),
}

TOO_FEW_CASES = "too_few_cases"
NO_ITEM = "no_item"
OUTCOME_CONSTANT = "outcome_constant"
REASONS = {
    TOO_FEW_CASES: Message(
        "Analyse des facteurs non faite : {n} réponses complètes, il en faut au moins {needed} "
        "({min} au minimum et {per_item} par question retenue).",
        "Key-driver analysis not done: {n} complete responses, at least {needed} are needed "
        "({min} at least and {per_item} per item kept).",
    ),
    NO_ITEM: Message(
        "Analyse des facteurs non faite : aucune question ne varie parmi les réponses complètes.",
        "Key-driver analysis not done: no item varies among the complete responses.",
    ),
    OUTCOME_CONSTANT: Message(
        "Analyse des facteurs non faite : la satisfaction globale est la même pour toutes les réponses complètes.",
        "Key-driver analysis not done: overall satisfaction is the same in every complete response.",
    ),
}

MSG = {
    "column": Message(
        "colonne absente pour l'analyse des facteurs : {columns} (colonnes présentes : {known})",
        "column missing for the key-driver analysis: {columns} (columns present: {known})",
    ),
    "too_many": Message(
        "{k} questions : la décomposition exacte en prend au plus {max} ; retenez les plus pertinentes",
        "{k} items: the exact decomposition takes at most {max}; keep the most relevant ones",
    ),
    "weights": Message(
        "poids manquants ou négatifs pour l'analyse des facteurs",
        "weights missing or negative for the key-driver analysis",
    ),
}


class DriverError(LocalizedError):
    """A request the analysis cannot take (missing column, too many items, bad weights)."""


@dataclass(frozen=True)
class DriverResult:
    """Each item's contribution to R², or why there is none.

    table: item, contribution (part of R²), share (contribution / R²), rank (1 = largest), in the
    order items were given (dropped items left out). available False: table empty, r2 NaN, reason
    says why (reason_key one of REASONS).
    """

    method: str
    table: pd.DataFrame
    r2: float
    n_used: int
    dropped_no_variance: tuple[str, ...]
    available: bool = True
    reason_key: str | None = None
    reason: Message | None = None

    def method_name(self, lang: str = "fr") -> str:
        return METHOD_NAMES[self.method](lang)


@dataclass(frozen=True)
class _Prepared:
    corr: np.ndarray | None  # weighted correlation matrix, items first, outcome last
    items: tuple[str, ...]
    n_used: int
    dropped: tuple[str, ...]
    reason_key: str | None = None
    reason: Message | None = None


def _prepare(data: pd.DataFrame, outcome: str, items: Sequence[str], weights) -> _Prepared:
    items = list(items)
    missing = [c for c in [outcome, *items] if c not in data.columns]
    if missing:
        raise DriverError(MSG["column"].format(columns=", ".join(missing), known=", ".join(map(str, data.columns))))
    if len(items) > MAX_ITEMS:
        raise DriverError(MSG["too_many"].format(k=len(items), max=MAX_ITEMS))
    if isinstance(weights, str):
        w = pd.to_numeric(data[weights], errors="coerce")
    elif weights is None:
        w = pd.Series(1.0, index=data.index)
    else:
        w = pd.Series(np.asarray(weights, dtype=float), index=data.index)
    if (w < 0).any():
        raise DriverError(MSG["weights"])
    values = data[[*items, outcome]].apply(pd.to_numeric, errors="coerce")
    complete = values.notna().all(axis=1) & w.notna() & (w > 0)
    x = values[complete].to_numpy(dtype=float)
    w = w[complete].to_numpy(dtype=float)
    n = int(complete.sum())
    if n == 0:
        return _withheld_prepared(items, n, (), CASES_PER_ITEM * max(len(items), 1))
    mean = np.average(x, axis=0, weights=w)
    centred = x - mean
    cov = (centred * w[:, None]).T @ centred / w.sum()
    variance = np.diag(cov)
    scale = np.abs(mean) + 1.0
    varies = variance > (1e-12 * scale) ** 2
    dropped = tuple(item for item, v in zip(items, varies[:-1]) if not v)
    kept = [item for item, v in zip(items, varies[:-1]) if v]
    if not varies[-1]:
        return _Prepared(None, tuple(kept), n, dropped, OUTCOME_CONSTANT, REASONS[OUTCOME_CONSTANT])
    if not kept:
        return _Prepared(None, (), n, dropped, NO_ITEM, REASONS[NO_ITEM])
    needed = max(MIN_CASES, CASES_PER_ITEM * len(kept))
    if n < needed:
        return _withheld_prepared(kept, n, dropped, needed)
    keep = np.append(varies[:-1], True)
    cov = cov[np.ix_(keep, keep)]
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    return _Prepared(corr, tuple(kept), n, dropped)


def _withheld_prepared(items, n, dropped, needed) -> _Prepared:
    reason = REASONS[TOO_FEW_CASES].format(n=n, needed=needed, min=MIN_CASES, per_item=CASES_PER_ITEM)
    return _Prepared(None, tuple(items), n, tuple(dropped), TOO_FEW_CASES, reason)


def _result(method: str, prepared: _Prepared, contributions: np.ndarray | None, r2: float) -> DriverResult:
    if prepared.corr is None:
        return DriverResult(
            method,
            pd.DataFrame({"item": [], "contribution": [], "share": [], "rank": []}),
            math.nan,
            prepared.n_used,
            prepared.dropped,
            available=False,
            reason_key=prepared.reason_key,
            reason=prepared.reason,
        )
    table = pd.DataFrame({"item": list(prepared.items), "contribution": contributions})
    table["share"] = table["contribution"] / r2 if r2 > 0 else math.nan
    table["rank"] = table["contribution"].rank(ascending=False, method="min").astype(int)
    return DriverResult(method, table, float(r2), prepared.n_used, prepared.dropped)


def _subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of the outcome (last row of corr) on every subset of the items, indexed by bit mask
    (bit j set = item j in the model; R² of the empty model is 0)."""
    k = corr.shape[0] - 1
    r_xx, r_xy = corr[:k, :k], corr[:k, k]
    r2 = np.zeros(1 << k)
    for mask in range(1, 1 << k):
        members = [j for j in range(k) if mask >> j & 1]
        r_s = r_xy[members]
        # pinv: perfectly collinear items still give the R² of their common span
        r2[mask] = float(r_s @ np.linalg.pinv(r_xx[np.ix_(members, members)]) @ r_s)
    return r2


def shapley_r2(data: pd.DataFrame, outcome: str, items: Sequence[str], weights=None) -> DriverResult:
    """Shapley decomposition of the weighted R² of outcome on items (exact, over every subset).

    data: one row per response; outcome and items name numeric columns; weights: a column name, one
    weight per row, or None (unweighted). Rows missing any of them, or with a weight of 0, are left
    out. The contributions sum to the full model's R².
    """
    prepared = _prepare(data, outcome, items, weights)
    if prepared.corr is None:
        return _result(SHAPLEY, prepared, None, math.nan)
    k = len(prepared.items)
    r2 = _subset_r2(prepared.corr)
    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in masks])
    # weight of a subset S of the other items: |S|! (k − |S| − 1)! / k!
    order_weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)])
    contributions = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        contributions[j] = float(np.sum(order_weight[sizes[without]] * (r2[without | 1 << j] - r2[without])))
    return _result(SHAPLEY, prepared, contributions, r2[-1])


def relative_weights(data: pd.DataFrame, outcome: str, items: Sequence[str], weights=None) -> DriverResult:
    """Johnson's (2000) relative weights of items in the weighted regression of outcome: the
    cross-check of shapley_r2 (same inputs, same complete cases, same result shape)."""
    prepared = _prepare(data, outcome, items, weights)
    if prepared.corr is None:
        return _result(RELATIVE_WEIGHTS, prepared, None, math.nan)
    k = len(prepared.items)
    r_xx, r_xy = prepared.corr[:k, :k], prepared.corr[:k, k]
    eigenvalues, vectors = np.linalg.eigh(r_xx)
    loadings = vectors @ np.diag(np.sqrt(np.clip(eigenvalues, 0.0, None))) @ vectors.T  # Λ = R^(1/2)
    beta = np.linalg.pinv(loadings) @ r_xy  # outcome on the orthogonal counterparts Z
    epsilon = (loadings**2) @ (beta**2)  # sums to β'β = r' R⁻¹ r = R²
    return _result(RELATIVE_WEIGHTS, prepared, epsilon, float(r_xy @ np.linalg.pinv(r_xx) @ r_xy))
