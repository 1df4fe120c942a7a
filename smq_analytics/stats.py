"""Survey statistics: Wilson intervals, Kish's effective sample size, a weighted share estimate
(ShareEstimate), post-stratification weights, NPS, the test of a change between two seasons and its
wording (change_phrase), and the coefficient-of-variation quality flag.

Only numpy, the standard library and i18n's Message: scipy and statsmodels are test dependencies,
used there to check these formulas independently.

Post-stratification (docs/ARCHITECTURE.md, « Provenance method »): the strata are visit months (or museum × month for a sector
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

from .i18n import Message, check_language

WEIGHT_CAP = 5.0
WEIGHT_FLOOR = 0.2
_MAX_TRIM_ROUNDS = 50


def z_value(confidence: float = 0.95) -> float:
    """Two-sided normal quantile: 1.959964 for 95 %."""
    if not 0 < confidence < 1:
        raise ValueError(
            f"niveau de confiance hors de ]0, 1[ : {confidence} / confidence level outside (0, 1): {confidence}"
        )
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


@dataclass(frozen=True)
class ShareEstimate:
    """A weighted share with its Wilson interval on Kish's effective n, the number of responses it
    rests on and its quality flag (quality_flag: 'ok', 'caution', 'unreliable')."""

    share: float
    low: float
    high: float
    n: int  # responses in the base
    effective_n: float
    quality: str


def share_estimate(indicator, weights=None, confidence: float = 0.95) -> ShareEstimate:
    """weighted_wilson plus n and quality_flag, for one 0/1 indicator (one entry per response).

    Without weights every response counts once. An empty base gives NaN bounds, n 0 and 'unreliable'.
    """
    x = np.asarray(indicator, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    share, low, high, n_eff = weighted_wilson(x, w, confidence)
    return ShareEstimate(share, low, high, int(x.size), n_eff, quality_flag(share, n_eff))


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
    promoters: float  # share
    detractors: float  # share
    n: int
    effective_n: float


def nps(scores, weights=None, confidence: float = 0.95) -> NPS:
    """NPS = 100 (p − d); Var = 100² (p(1−p) + d(1−d) + 2pd) / n (docs/ARCHITECTURE.md, « Provenance method »).

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


# --- change between two seasons ------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """p2 − p1 with its standard error, z, two-sided p-value and confidence interval."""

    difference: float
    standard_error: float
    z: float
    p_value: float
    low: float
    high: float
    significant: bool
    confidence: float


def difference_test(p1: float, n_eff1: float, p2: float, n_eff2: float, confidence: float = 0.95) -> Difference:
    """Is the change from share p1 (season 1) to p2 (season 2) larger than sampling error?

    Two independent samples, unpooled (Wald) variance on the effective sizes:
    SE = sqrt(p1(1 − p1)/n_eff1 + p2(1 − p2)/n_eff2), z = (p2 − p1)/SE, p = 2(1 − Φ(|z|)), interval
    (p2 − p1) ± z_(1−α/2) SE; significant when p < 1 − confidence (the interval then excludes 0).
    Kish's effective n carries the design effect of the weights into the variance.

    Why not compare the two seasons' intervals: two 95 % intervals can overlap while the difference
    is significant (for equal errors, by up to about 30 % of their width), so « the intervals
    overlap » misses real changes — 23.1 % → 18.5 % of locals on 1 150 effective responses a
    season overlaps yet gives z = −2.72, p = 0.007.

    Without a usable base (n_eff ≤ 0 or a share missing) every value is NaN and significant is False.
    """
    z_crit = z_value(confidence)
    values = [float(v) for v in (p1, n_eff1, p2, n_eff2)]
    if any(math.isnan(v) for v in values) or values[1] <= 0 or values[3] <= 0:
        return Difference(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, False, confidence)
    p1, n1, p2, n2 = values
    difference = p2 - p1
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    if se == 0:  # both shares 0 % or 100 %: no sampling variance
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    else:
        z = difference / se
    p_value = 2 * (1 - NormalDist().cdf(abs(z))) if math.isfinite(z) else 0.0
    return Difference(
        difference,
        se,
        z,
        p_value,
        difference - z_crit * se,
        difference + z_crit * se,
        bool(p_value < 1 - confidence),
        confidence,
    )


CHANGE_UP = Message("hausse significative", "significant increase")
CHANGE_DOWN = Message("baisse significative", "significant decrease")
CHANGE_WITHIN = Message("écart dans la marge d'erreur", "difference within the margin of error")
CHANGE_UNKNOWN = Message("comparaison impossible", "no comparison possible")


def change_phrase(diff: Difference, lang: str = "fr") -> str:
    """The change a Difference (difference_test, on effective sizes) describes, in words.

    « hausse significative » / « baisse significative » only when the test says the change is larger
    than sampling error; otherwise « écart dans la marge d'erreur ». A test without a usable base
    (difference NaN: a season with no response) is « comparaison impossible »: calling it « within
    the margin » would claim a comparison that was not made.
    """
    check_language(lang)
    if math.isnan(diff.difference):
        return CHANGE_UNKNOWN(lang)
    if not diff.significant:
        return CHANGE_WITHIN(lang)
    return (CHANGE_UP if diff.difference > 0 else CHANGE_DOWN)(lang)


# --- quality of an estimate: coefficient of variation (Institut de la statistique du Québec) ---------

CV_GOOD = 0.15  # CV ≤ 15 %: shown as is
CV_CAUTION = 0.25  # 15 % < CV ≤ 25 %: « à interpréter avec prudence »; above: « estimation imprécise »
QUALITY_OK = "ok"
QUALITY_CAUTION = "caution"
QUALITY_UNRELIABLE = "unreliable"


def cv_of_share(p, n_eff):
    """Coefficient of variation of a proportion estimate: SE / p with SE = sqrt(p(1 − p)/n_eff).

    Scalars or arrays. NaN where p ≤ 0 or n_eff ≤ 0 (the CV of a zero estimate is undefined).
    """
    share = np.asarray(p, dtype=float)
    n = np.asarray(n_eff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(share * (1 - share) / n) / share
        cv = np.where((share > 0) & (n > 0), cv, np.nan)
    return float(cv) if cv.ndim == 0 else cv


def quality_flag(p, n_eff):
    """'ok' (CV ≤ 15 %), 'caution' (15 % < CV ≤ 25 %, « à interpréter avec prudence ») or
    'unreliable' (CV > 25 %, « estimation imprécise », not shown), as the Institut de la statistique
    du Québec flags its survey estimates.

    A share of 0 or an empty base has no CV and is 'unreliable'. Scalars give a str, arrays an
    array of str.
    """
    cv = np.asarray(cv_of_share(p, n_eff), dtype=float)
    flags = np.where(cv <= CV_GOOD, QUALITY_OK, np.where(cv <= CV_CAUTION, QUALITY_CAUTION, QUALITY_UNRELIABLE))
    return str(flags) if flags.ndim == 0 else flags
