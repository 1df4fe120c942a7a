"""Survey answer scales: which codes a scale has, which count as its top two boxes, and the weighted
share of each code (docs/ARCHITECTURE.md, « Survey scales » and « Satisfaction statistics »).

A satisfaction item is reported as its top-2-box share — the weighted share of respondents who gave
one of the scale's two best answers — with a Wilson interval on Kish's effective n
(stats.share_estimate) and the quality flag of the Institut de la statistique du Québec. The top two
boxes depend on the scale:

| scale       | codes  | top two boxes                   |
|-------------|--------|---------------------------------|
| `scale4`    | 1–4    | 3, 4 (satisfait, très satisfait) |
| `scale5`    | 1–5    | 4, 5                            |
| `scale0_10` | 0–10   | 9, 10 (the NPS promoters)        |

Every scale here runs from worst (low) to best (high), as the codebook codes them (4 = « Très
satisfait »); `Scale.higher_is_better` states it, and a reversed scale would list its top boxes at the
low end. A value outside the scale is an error, never recoded: a 5 on a 4-point item means the
questionnaire changed or the mapping is wrong, and silently dropping or capping it would publish a
share of the wrong question. Missing answers are non-response and leave the base.

Two seasons are compared only on the same scale (`comparable`): 3–4 of 4 and 4–5 of 5 are different
questions, so a move from one to the other is not a change in satisfaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import stats
from .codebook import load_codebook
from .i18n import LocalizedError, Message, french_spacing

_SHOWN_VALUES = 5  # bad values and rows quoted in an error


class ScaleError(LocalizedError):
    """Answers that do not fit the item's scale, or an unknown scale."""


@dataclass(frozen=True)
class Scale:
    """An answer scale: integer codes low..high, the two codes counted as the top two boxes, and
    whether a higher code is a better answer. label is how a sentence names it (« 4 points »)."""

    name: str
    low: int
    high: int
    top_box: frozenset[int]
    higher_is_better: bool
    label: Message

    def __post_init__(self):
        if self.low >= self.high or not self.top_box <= set(self.codes) or len(self.top_box) != 2:
            raise ValueError(
                f"échelle {self.name} incohérente / inconsistent scale {self.name}: "
                f"{self.low}..{self.high}, top {sorted(self.top_box)}"
            )

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(range(self.low, self.high + 1))


def _short_label(low: int, high: int) -> Message:
    """How a sentence names a scale: « 4 points » for 1–4, « 0 à 10 » otherwise."""
    if low == 1:
        return Message(f"{high} points", f"{high}-point")
    return Message(f"{low} à {high}", f"{low}–{high}")


def _from_codebook() -> dict[str, Scale]:
    """The scales of the codebook's rating_scales (the one home of codes and top boxes), best code
    highest, as the codebook codes them (docs/ARCHITECTURE.md, « Survey scales »)."""
    rating = load_codebook().rating_scales
    return {
        name: Scale(name, r.min, r.max, frozenset(r.top_two), True, _short_label(r.min, r.max))
        for name, r in rating.items()
    }


SCALES: dict[str, Scale] = _from_codebook()

MSG = {
    "unknown": Message(
        "échelle inconnue « {name} » : {known} attendu",
        "unknown scale '{name}': {known} expected",
    ),
    "outside": Message(
        "{item} : {count} valeur(s) hors de l'échelle {label} ({low} à {high}) : {values} (lignes {rows}). "
        "Corrigez le fichier de correspondance (rating_scales) ou l'échelle de la question dans le codebook ; "
        "aucune valeur n'est recodée.",
        "{item}: {count} value(s) outside the {label} scale ({low} to {high}): {values} (rows {rows}). "
        "Fix the mapping file (rating_scales) or the item's scale in the codebook; no value is recoded.",
    ),
    "weights": Message(
        "{item} : poids manquants, négatifs ou en nombre différent des réponses",
        "{item}: weights missing, negative or not one per response",
    ),
    "different": Message(
        "échelles différentes : {label_a} en {year_a}, {label_b} en {year_b} ; la comparaison n'est pas faite",
        "different scales: {label_a} in {year_a}, {label_b} in {year_b}; the comparison is not made",
    ),
}
_ANSWERS = Message("les réponses", "the answers")


def scale(name: str) -> Scale:
    """The scale called name ('scale4', 'scale5', 'scale0_10'); an unknown name is a FR/EN error."""
    if name not in SCALES:
        raise ScaleError(_localized(MSG["unknown"], name=name, known=", ".join(SCALES)))
    return SCALES[name]


def _localized(template: Message, **values) -> Message:
    """template filled in each language; a value given as a Message is taken in that language."""

    def fill(lang: str) -> str:
        return template(lang).format(**{k: v(lang) if isinstance(v, Message) else v for k, v in values.items()})

    return Message(french_spacing(fill("fr")), fill("en"))


def _answers(values, weights, scale: Scale, item: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The answers given (missing ones dropped) and their weights, after checking every value is a
    code of the scale. The error quotes the first bad values and their rows (index labels)."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    numeric = pd.to_numeric(series, errors="coerce")
    given = series.notna() & ~series.isin([""])
    answered = numeric.notna()
    name = item if item is not None else series.name
    label = Message(str(name), str(name)) if name is not None else _ANSWERS
    bad = (given & ~answered) | (answered & ~numeric.isin(scale.codes))
    if bad.any():
        shown = series[bad].iloc[:_SHOWN_VALUES]
        more = ", …" if int(bad.sum()) > _SHOWN_VALUES else ""
        raise ScaleError(
            _localized(
                MSG["outside"],
                item=label,
                count=int(bad.sum()),
                label=scale.label,
                low=scale.low,
                high=scale.high,
                values=", ".join(map(str, shown.tolist())) + more,
                rows=", ".join(map(str, shown.index.tolist())) + more,
            )
        )
    if weights is None:
        w = np.ones(len(series))
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != (len(series),) or np.isnan(w[answered.to_numpy()]).any() or (w < 0).any():
            raise ScaleError(_localized(MSG["weights"], item=label))
    keep = answered.to_numpy()
    return numeric.to_numpy(dtype=float)[keep], w[keep]


def top2_share(values, weights, scale: Scale, confidence: float = 0.95, item: str | None = None) -> stats.ShareEstimate:
    """Weighted share of answers in the scale's top two boxes, with its Wilson interval on Kish's
    effective n, the number of answers and the quality flag (stats.share_estimate).

    values: one answer per response (missing = no answer, left out of the base); weights: one per
    response, or None for unweighted; item names the question in an error. A value that is not a
    code of the scale raises ScaleError (FR/EN) quoting the values and their rows.
    """
    answers, w = _answers(values, weights, scale, item)
    return stats.share_estimate(np.isin(answers, list(scale.top_box)), w, confidence)


def distribution(values, weights, scale: Scale, confidence: float = 0.95, item: str | None = None) -> pd.DataFrame:
    """The weighted share of every code of the scale (codes nobody chose included, at 0), each with
    its Wilson interval on the effective n of all the item's answers.

    Columns: code, n (answers with that code, for the report's disclosure plan), share, ci_low,
    ci_high, effective_n, quality. Shares sum to 1 when the item has answers; rows are in code order.
    """
    answers, w = _answers(values, weights, scale, item)
    rows = []
    for code in scale.codes:
        chosen = answers == code
        estimate = stats.share_estimate(chosen, w, confidence)
        rows.append(
            {
                "code": code,
                "n": int(chosen.sum()),
                "share": estimate.share,
                "ci_low": estimate.low,
                "ci_high": estimate.high,
                "effective_n": estimate.effective_n,
                "quality": estimate.quality,
            }
        )
    return pd.DataFrame(rows)


def comparable(scale_a: Scale, scale_b: Scale) -> bool:
    """Two results are compared only on the same scale (same codes, same top boxes)."""
    return scale_a == scale_b


def comparison_warning(scale_a: Scale, year_a, scale_b: Scale, year_b) -> Message | None:
    """None when the two seasons share a scale; else the FR/EN sentence saying the comparison is not
    made: « échelles différentes : 4 points en 2024, 5 points en 2025 ; la comparaison n'est pas faite »."""
    if comparable(scale_a, scale_b):
        return None
    return _localized(MSG["different"], label_a=scale_a.label, year_a=year_a, label_b=scale_b.label, year_b=year_b)
