"""Seeded random streams: one numpy Generator per museum, source and season.

The seed is [BASE_SEED, museum index, stream, year], never the clock, so generate() writes the same
bytes on every machine; each source draws from its own stream, so adding draws to one source leaves
the files of the others unchanged. A new source's demo generator takes the next stream number.
"""

from __future__ import annotations

import bisect
import itertools
from functools import cache

import numpy as np

BASE_SEED = 20_240_601
STREAMS = {"survey": 1, "desk-counts": 2, "attendance": 3}


def _rng(museum_index: int, stream: str, year: int = 0) -> np.random.Generator:
    return np.random.default_rng([BASE_SEED, museum_index, STREAMS[stream], year])


@cache
def _cumulative(weights: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


def _pick(rng: np.random.Generator, choices: tuple, weights: tuple[float, ...]):
    """One of `choices`, drawn with the given (unnormalised) weights."""
    cumulative = _cumulative(tuple(weights))
    return choices[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
