"""Survey statistics: Wilson intervals, Kish's effective sample size, post-stratification weights, NPS.

Only numpy and the standard library: scipy and statsmodels are test dependencies, used there to
check these formulas independently.

Post-stratification (DESIGN.md §6): the strata are visit months (or museum × month for a sector
total). A response in stratum h gets attendance_h / n_h, so the weighted sample reproduces the
attendance profile. Weights are then normalised to a mean of 1 over the responses and capped to
[WEIGHT_FLOOR, WEIGHT_CAP] × the mean: a month with a handful of responses and a large attendance
would otherwise let a few people speak for thousands and blow up the variance. After clipping the
weights are renormalised to a mean of 1 again; clipping and renormalising repeat until the weights
stay inside the bounds (a few rounds at most). The cap 5 / floor 0.2 is the usual trimming range of
survey practice (a weight ratio of 25 at most); the weighted profile then matches attendance only
approximately, which the data-basis text states.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
import numpy as np
import pandas as pd

WEIGHT_CAP = 5.0
WEIGHT_FLOOR = 0.2
_MAX_TRIM_ROUNDS = 50


def z_value(confidence: float = 0.95) -> float:
    """Two-sided normal quantile: 1.959964 for 95 %."""
    if not 0 < confidence < 1:
        raise ValueError(f"niveau de confiance hors de ]0, 1[ : {confidence} / confidence level outside (0, 1): {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes, n, confidence: float = 0.95):
    """Wilson score interval for a proportion successes / n.

    Works on scalars or arrays; successes and n may be non-integers (weighted counts scaled to an
    effective n). Where n is 0 the bounds are NaN.
    """
    x = np.asarray(successes, dtype=float)
    total = np.asarray(n, dtype=float)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / total
        denom = 1 + z**2 / total
        centre = (p + z**2 / (2 * total)) / denom
        half = z * np.sqrt(p * (1 - p) / total + z**2 / (4 * total**2)) / denom
        low = np.where(total > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(total > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def kish_effective_n(weights) -> float:
    """Kish's effective sample size (Σw)² / Σw²; equals n when every weight is equal."""
    w = np.asarray(weights, dtype=float)
    square_sum = float(np.sum(w**2))
    return float(np.sum(w)) ** 2 / square_sum if square_sum > 0 else 0.0


def kish_effective_n_grouped(weights, counts) -> float:
    """Kish's n when weight weights[i] is shared by counts[i] responses (one weight per stratum)."""
    w = np.asarray(weights, dtype=float)
    c = np.asarray(counts, dtype=float)
    square_sum = float(np.sum(c * w**2))
    return float(np.sum(c * w)) ** 2 / square_sum if square_sum > 0 else 0.0


def weighted_wilson(indicator, weights, confidence: float = 0.95) -> tuple[float, float, float, float]:
    """Weighted share of indicator (0/1) with a Wilson interval on Kish's effective n.

    Returns (share, low, high, effective_n).
    """
    x = np.asarray(indicator, dtype=float)
    w = np.asarray(weights, dtype=float)
    total = float(np.sum(w))
    if total <= 0:
        return math.nan, math.nan, math.nan, 0.0
    share = float(np.sum(w * x)) / total
    n_eff = kish_effective_n(w)
    low, high = wilson_interval(share * n_eff, n_eff, confidence)
    return share, low, high, n_eff


def poststratification_weights(
    sample_counts: pd.Series,
    population: pd.Series,
    cap: float = WEIGHT_CAP,
    floor: float = WEIGHT_FLOOR,
) -> pd.Series:
    """One weight per stratum: population_h / n_h, normalised to a response mean of 1 and trimmed.

    sample_counts and population share the stratum index. Every stratum with responses needs a
    positive population (check coverage before calling). The result satisfies
    Σ n_h w_h = Σ n_h and floor ≤ w_h ≤ cap (to rounding).
    """
    n = sample_counts.astype(float)
    pop = population.reindex(n.index).astype(float)
    if (n <= 0).any():
        raise ValueError("strate sans réponse / stratum without responses")
    if pop.isna().any() or (pop <= 0).any():
        missing = ", ".join(str(k) for k in pop.index[pop.isna() | (pop <= 0)])
        raise ValueError(f"fréquentation manquante pour : {missing} / attendance missing for: {missing}")
    total_n = float(n.sum())
    weights = pop / n
    for _ in range(_MAX_TRIM_ROUNDS):
        weights = weights * total_n / float((weights * n).sum())
        clipped = weights.clip(lower=floor, upper=cap)
        if np.allclose(clipped, weights, rtol=0, atol=1e-12):
            break
        weights = clipped
    return weights.rename("weight")


@dataclass(frozen=True)
class NPS:
    """Net Promoter Score on a 0–10 item, in points (−100..100)."""

    score: float
    low: float
    high: float
    standard_error: float
    promoters: float       # share
    detractors: float      # share
    n: int
    effective_n: float


def nps(scores, weights=None, confidence: float = 0.95) -> NPS:
    """NPS = 100 (p − d); Var = 100² (p(1−p) + d(1−d) + 2pd) / n (DESIGN.md §6).

    With weights, p and d are weighted shares and n is Kish's effective n. Missing scores are dropped.
    """
    s = pd.to_numeric(pd.Series(scores), errors="coerce")
    w = pd.Series(1.0, index=s.index) if weights is None else pd.Series(weights, index=s.index, dtype=float)
    keep = s.notna()
    s, w = s[keep].astype(float), w[keep]
    if ((s < 0) | (s > 10)).any():
        raise ValueError("score NPS hors de 0–10 / NPS score outside 0–10")
    n = int(len(s))
    if n == 0:
        return NPS(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, 0, 0.0)
    total = float(w.sum())
    p = float(w[s >= 9].sum()) / total
    d = float(w[s <= 6].sum()) / total
    n_eff = kish_effective_n(w.to_numpy())
    variance = 100**2 * (p * (1 - p) + d * (1 - d) + 2 * p * d) / n_eff
    se = math.sqrt(variance)
    z = z_value(confidence)
    score = 100 * (p - d)
    return NPS(score, max(-100.0, score - z * se), min(100.0, score + z * se), se, p, d, n, n_eff)
