"""Peer benchmark from museum-level results: where a museum's share stands among the other museums'
(docs/ARCHITECTURE.md, « Privacy », other museums).

Each peer contributes one value — its own estimate (a top-2-box share, say) — and the benchmark
describes their spread: median, first and third quartiles, minimum and maximum, and the number of
museums. It is never a pooled figure: a museum of 2 000 responses counts as one museum, as a museum of
40 does, so no peer dominates the result (this is why privacy.MAX_PEER_SHARE, which guards pooled
figures, has nothing to check here).

Privacy rules (privacy.py), applied before anything is computed:

- the reader's museum is never one of its own peers;
- a peer counts only with at least privacy.MIN_CELL responses behind its value (museums with fewer, or
  without a value, are left out of the group and counted in n_left_out);
- the group needs at least privacy.MIN_PEER_MUSEUMS such museums (privacy.peer_group_allowed), else
  the result is withheld with its reason in French and English;
- peers stay anonymous: museum ids are returned only with named=True, for a cohort whose members
  agreed to be named (params.Cohort.peers_named).

Quartiles are numpy's default percentiles, linear interpolation between order statistics (Hyndman &
Fan's type 7, also R's and Excel's QUARTILE.INC): with 5 museums, Q1 is the 2nd smallest value and Q3
the 4th. The reader's museum stands below Q1, between Q1 and Q3 (bounds included), or above Q3; its
position is given only when its own value rests on at least MIN_CELL responses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import privacy
from .i18n import LocalizedError, Message

QUARTILE_METHOD = "linear"  # numpy.percentile's default (Hyndman & Fan type 7)
QUARTILE_DEFINITION = Message(
    "quartiles par interpolation linéaire entre les valeurs classées (définition 7 de Hyndman et Fan)",
    "quartiles by linear interpolation between ranked values (Hyndman & Fan definition 7)",
)

BELOW_Q1 = "below_q1"
BETWEEN = "between"
ABOVE_Q3 = "above_q3"
POSITIONS = {
    BELOW_Q1: Message("sous le premier quartile des autres musées", "below the other museums' first quartile"),
    BETWEEN: Message("entre le premier et le troisième quartile", "between the first and third quartiles"),
    ABOVE_Q3: Message("au-dessus du troisième quartile des autres musées", "above the other museums' third quartile"),
}

TOO_FEW_MUSEUMS = "too_few_museums"
WITHHELD = {
    TOO_FEW_MUSEUMS: Message("Comparaison non publiée : {detail}.", "Comparison not published: {detail}."),
}
# The detail agrees with the number of museums: « aucun autre musée n'a », « 1 autre musée a »,
# « 3 autres musées ont ».
TOO_FEW_DETAIL = {
    "none": Message(
        "aucun autre musée n'a au moins {cell} réponses, il en faut au moins {min}",
        "no other museum has at least {cell} responses; at least {min} are needed",
    ),
    "one": Message(
        "{n} autre musée a au moins {cell} réponses, il en faut au moins {min}",
        "{n} other museum has at least {cell} responses; at least {min} are needed",
    ),
    "many": Message(
        "{n} autres musées ont au moins {cell} réponses, il en faut au moins {min}",
        "{n} other museums have at least {cell} responses; at least {min} are needed",
    ),
}


def too_few_detail(n_museums: int) -> Message:
    """Why a group of n_museums qualifying peers is withheld, without the « Comparaison non publiée »
    lead (peers.sentences puts the group's name in front)."""
    form = "none" if n_museums == 0 else ("one" if n_museums == 1 else "many")
    return TOO_FEW_DETAIL[form].format(n=n_museums, cell=privacy.MIN_CELL, min=privacy.MIN_PEER_MUSEUMS)


MSG = {
    "columns": Message(
        "résultats par musée : colonnes {columns} attendues (présentes : {known})",
        "results by museum: columns {columns} expected (present: {known})",
    ),
    "duplicate": Message(
        "résultats par musée : un musée figure plusieurs fois ({ids}) ; une valeur par musée attendue",
        "results by museum: a museum appears more than once ({ids}); one value per museum expected",
    ),
}
COLUMNS = ("museum_id", "value", "n")


class BenchmarkError(LocalizedError):
    """Results by museum the benchmark cannot read."""


@dataclass(frozen=True)
class Benchmark:
    """The other museums' spread and the reader's place in it, or why it is withheld.

    available False: every statistic is NaN, position None, reason says why. peer_ids is None unless
    named=True was asked (then the peers' ids, sorted). n_museums counts the peers used (or, when
    withheld, those that qualified); n_left_out the other museums left out for too few responses or
    no value.
    """

    available: bool
    n_museums: int
    n_left_out: int
    median: float = math.nan
    q1: float = math.nan
    q3: float = math.nan
    minimum: float = math.nan
    maximum: float = math.nan
    own_value: float = math.nan
    position: str | None = None
    peer_ids: tuple[str, ...] | None = None
    reason_key: str | None = None
    reason: Message | None = None
    quartile_method: str = QUARTILE_METHOD

    def position_phrase(self, lang: str = "fr") -> str | None:
        return None if self.position is None else POSITIONS[self.position](lang)


def position(value: float, q1: float, q3: float) -> str:
    """below_q1 when value < q1, above_q3 when value > q3, else between (bounds included)."""
    if value < q1:
        return BELOW_Q1
    if value > q3:
        return ABOVE_Q3
    return BETWEEN


def peer_benchmark(results: pd.DataFrame, museum_id: str | None, named: bool = False) -> Benchmark:
    """The benchmark of museum_id against the other museums' results.

    results: one row per museum, columns museum_id, value (its estimate; NaN if none) and n (the
    responses behind the value). museum_id: the reader's museum, left out of the peers (None for a
    reader without a museum, e.g. the cohort facilitator). named: return the peers' ids — only for a
    cohort whose members agreed to be named.
    """
    missing = [c for c in COLUMNS if c not in results.columns]
    if missing:
        raise BenchmarkError(
            MSG["columns"].format(columns=", ".join(COLUMNS), known=", ".join(map(str, results.columns)))
        )
    ids = results["museum_id"].astype(str)
    duplicated = sorted(set(ids[ids.duplicated()]))
    if duplicated:
        raise BenchmarkError(MSG["duplicate"].format(ids=", ".join(duplicated)))
    values = pd.to_numeric(results["value"], errors="coerce").astype(float)
    counts = pd.to_numeric(results["n"], errors="coerce").fillna(0)
    own = ids == str(museum_id) if museum_id is not None else pd.Series(False, index=results.index)
    qualifies = ~own & values.notna() & (counts >= privacy.MIN_CELL)
    n_museums = int(qualifies.sum())
    n_left_out = int((~own).sum()) - n_museums
    if not privacy.peer_group_allowed(n_museums):
        detail = too_few_detail(n_museums)
        reason = Message(
            WITHHELD[TOO_FEW_MUSEUMS].fr.format(detail=detail.fr), WITHHELD[TOO_FEW_MUSEUMS].en.format(detail=detail.en)
        )
        return Benchmark(False, n_museums, n_left_out, reason_key=TOO_FEW_MUSEUMS, reason=reason)
    peers = values[qualifies].to_numpy()
    q1, median, q3 = np.percentile(peers, [25, 50, 75], method=QUARTILE_METHOD)
    own_value, own_position = math.nan, None
    if own.any():
        shown = bool(counts[own].iloc[0] >= privacy.MIN_CELL) and not math.isnan(values[own].iloc[0])
        if shown:
            own_value = float(values[own].iloc[0])
            own_position = position(own_value, float(q1), float(q3))
    return Benchmark(
        True,
        n_museums,
        n_left_out,
        median=float(median),
        q1=float(q1),
        q3=float(q3),
        minimum=float(peers.min()),
        maximum=float(peers.max()),
        own_value=own_value,
        position=own_position,
        peer_ids=tuple(sorted(ids[qualifies])) if named else None,
    )
