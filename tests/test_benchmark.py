"""Peer benchmark against numpy's percentiles and the privacy thresholds of privacy.py."""

import math

import numpy as np
import pandas as pd
import pytest

from smq_analytics import benchmark, privacy


def _results(values, counts=None, reader_value=0.99, reader_n=200):
    """The reader's museum 'mine' (an extreme value: including it would move every statistic) and
    peers p0, p1, … with the given values."""
    counts = counts or [100] * len(values)
    return pd.DataFrame(
        {
            "museum_id": ["mine"] + [f"p{i}" for i in range(len(values))],
            "value": [reader_value, *values],
            "n": [reader_n, *counts],
        }
    )


PEERS = [0.62, 0.71, 0.55, 0.80, 0.67, 0.74, 0.59]


def test_quartiles_median_and_range_are_numpys_over_the_peers_only():
    result = benchmark.peer_benchmark(_results(PEERS), "mine")
    q1, median, q3 = np.percentile(PEERS, [25, 50, 75])
    assert result.available and result.n_museums == len(PEERS) and result.n_left_out == 0
    assert (result.q1, result.median, result.q3) == pytest.approx((q1, median, q3))
    assert (result.minimum, result.maximum) == (min(PEERS), max(PEERS))
    assert result.own_value == 0.99 and result.position == benchmark.ABOVE_Q3
    with_reader = np.percentile(PEERS + [0.99], [25, 50, 75])
    assert not np.allclose(with_reader, [q1, median, q3])  # the reader really is left out


def test_the_reader_is_placed_below_between_or_above_the_quartiles():
    q1, q3 = np.percentile(PEERS, [25, 75])
    for value, expected in [(q1 - 0.01, benchmark.BELOW_Q1), (q1, benchmark.BETWEEN), (q3 + 0.01, benchmark.ABOVE_Q3)]:
        result = benchmark.peer_benchmark(_results(PEERS, reader_value=value), "mine")
        assert result.position == expected
    assert result.position_phrase("fr") == "au-dessus du troisième quartile des autres musées"
    assert result.position_phrase("en") == "above the other museums' third quartile"


def test_four_peers_are_withheld_with_the_reason_in_french_and_english():
    assert privacy.MIN_PEER_MUSEUMS == 5  # the test below counts on it
    result = benchmark.peer_benchmark(_results(PEERS[:4]), "mine")
    assert not result.available and result.reason_key == benchmark.TOO_FEW_MUSEUMS
    assert math.isnan(result.median) and math.isnan(result.q1) and result.position is None
    assert result.n_museums == 4
    for lang in ("fr", "en"):
        text = result.reason(lang)
        assert "4" in text and str(privacy.MIN_PEER_MUSEUMS) in text and str(privacy.MIN_CELL) in text
    assert benchmark.peer_benchmark(_results(PEERS[:5]), "mine").available


def test_the_reader_never_counts_among_its_own_peers():
    # five rows but one is the reader: four peers, withheld
    frame = _results(PEERS[:4])
    assert len(frame) == 5
    assert not benchmark.peer_benchmark(frame, "mine").available
    # a facilitator without a museum sees all five
    assert benchmark.peer_benchmark(frame, None).n_museums == 5


def test_a_peer_with_fewer_than_min_cell_responses_is_left_out():
    counts = [100, 100, 100, 100, 100, privacy.MIN_CELL - 1, privacy.MIN_CELL]
    result = benchmark.peer_benchmark(_results(PEERS, counts), "mine")
    kept = [v for v, n in zip(PEERS, counts) if n >= privacy.MIN_CELL]
    assert result.n_museums == 6 and result.n_left_out == 1
    assert result.median == pytest.approx(np.percentile(kept, 50))
    thin = benchmark.peer_benchmark(_results(PEERS[:5], [100, 100, 100, 100, 9]), "mine")
    assert not thin.available and thin.n_left_out == 1


def test_peers_stay_anonymous_unless_named_is_asked():
    frame = _results(PEERS)
    anonymous = benchmark.peer_benchmark(frame, "mine")
    assert anonymous.peer_ids is None
    assert not any("p0" in str(value) for value in anonymous.__dict__.values())
    named = benchmark.peer_benchmark(frame, "mine", named=True)
    assert named.peer_ids == tuple(sorted(f"p{i}" for i in range(len(PEERS))))


def test_a_reader_with_too_few_responses_gets_the_benchmark_without_a_position():
    result = benchmark.peer_benchmark(_results(PEERS, reader_n=privacy.MIN_CELL - 1), "mine")
    assert result.available and result.position is None and math.isnan(result.own_value)


def test_a_museum_listed_twice_is_an_error():
    frame = pd.concat([_results(PEERS), _results(PEERS).tail(1)])
    with pytest.raises(benchmark.BenchmarkError, match="p6"):
        benchmark.peer_benchmark(frame, "mine")
