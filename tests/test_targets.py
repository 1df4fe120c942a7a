"""Targets on survey pages (smq_analytics/targets.py): the within-margin logic on hand cases, and the
sentence of each state in French and English."""

import math

import pytest

from smq_analytics import privacy, stats, targets
from smq_analytics.i18n import NBSP, Message
from smq_analytics.params import Target

TOURISTS = Target("tourist_share", 2026, 0.72, 2024, None)


def estimate(share, low, high, n=500, quality=stats.QUALITY_OK):
    """A share with the interval given by hand (the rules read only the bounds, n and quality)."""
    return stats.ShareEstimate(share, low, high, n, float(n), quality)


CURRENT = estimate(0.70, 0.66, 0.74)
BASELINE = estimate(0.65, 0.61, 0.69)


@pytest.mark.parametrize(
    ("target", "within", "reached", "verdict"),
    [
        (0.72, True, False, targets.WITHIN),  # inside the interval, above the estimate
        (0.68, True, True, targets.WITHIN),  # inside, below the estimate: still cannot tell
        (0.74, True, False, targets.WITHIN),  # on the upper bound: bounds included
        (0.66, True, True, targets.WITHIN),  # on the lower bound
        (0.60, False, True, targets.REACHED),  # the whole interval is above
        (0.80, False, False, targets.BELOW),  # the whole interval is below
    ],
)
def test_the_target_is_within_the_margin_when_it_lies_inside_the_results_interval(target, within, reached, verdict):
    status = targets.survey_target(Target("tourist_share", 2026, target, 2024), CURRENT, BASELINE)
    assert status.comparable and status.reason is None
    assert status.within_margin is within and status.reached is reached and status.verdict == verdict
    assert status.gap == pytest.approx(0.70 - target)
    assert status.baseline is BASELINE and status.current is CURRENT and status.current_year == 2026


def test_a_result_that_may_not_be_published_is_not_compared_and_says_why():
    few = targets.survey_target(TOURISTS, estimate(0.5, 0.2, 0.8, n=privacy.MIN_CELL - 1), BASELINE)
    assert few.reason_key == targets.TOO_FEW and few.within_margin is None and few.reached is None
    assert few.current is None and few.gap is None
    vague = targets.survey_target(TOURISTS, estimate(0.05, 0.0, 0.2, n=60, quality=stats.QUALITY_UNRELIABLE))
    assert vague.reason_key == targets.IMPRECISE and vague.current is None
    nothing = targets.survey_target(TOURISTS, None)
    assert nothing.reason_key == targets.NO_CURRENT and nothing.verdict is None
    scales = Message("échelles différentes", "different scales")
    other = targets.survey_target(TOURISTS, CURRENT, BASELINE, not_comparable=scales)
    assert other.reason is scales and other.within_margin is None and other.current is CURRENT


def test_a_baseline_that_may_not_be_shown_is_left_out():
    status = targets.survey_target(TOURISTS, CURRENT, estimate(0.6, 0.3, 0.9, n=privacy.MIN_CELL - 1))
    assert status.baseline is None
    assert "2024" not in targets.sentence(status, lang="fr")


def test_the_sentence_of_each_state_in_french():
    def say(target, current, baseline=BASELINE, **kwargs):
        status = targets.survey_target(Target("tourist_share", 2026, target, 2024), current, baseline, **kwargs)
        return targets.sentence(status, Message("part de touristes", "share of tourists"), "fr")

    within = say(0.72, CURRENT)
    assert within == (
        f"Cible 2026 pour la part de touristes{NBSP}: 72{NBSP}%{NBSP}; résultat 2026{NBSP}: 70{NBSP}% "
        f"(66{NBSP}% à 74{NBSP}%), écart dans la marge d'erreur{NBSP}; point de départ 2024{NBSP}: 65{NBSP}%."
    )
    assert f"cible atteinte, écart de +10{NBSP}points" in say(0.60, CURRENT)
    assert f"sous la cible, au-delà de la marge d'erreur, écart de −10{NBSP}points" in say(0.80, CURRENT)
    assert f"écart de +1{NBSP}point{NBSP};" in say(0.69, estimate(0.70, 0.695, 0.705))  # singular under 2
    few = say(0.72, estimate(0.5, 0.2, 0.8, n=4))
    assert f"comparaison impossible{NBSP}: pas assez de réponses en 2026 (moins de {privacy.MIN_CELL})" in few
    assert "50" not in few  # the withheld figure is not written
    assert "trop imprécise" in say(0.72, estimate(0.05, 0.0, 0.2, quality=stats.QUALITY_UNRELIABLE))
    assert f"pas de résultat pour 2026{NBSP};" in say(0.72, None)
    assert f"72,5{NBSP}%" in say(0.725, CURRENT)  # a target keeps the decimal it was written with


def test_the_sentence_of_each_state_in_english():
    def say(target, current):
        status = targets.survey_target(Target("excursionist_share", 2026, target, 2024), current, BASELINE)
        return targets.sentence(status, None, "en")

    assert say(0.72, CURRENT) == (
        "2026 target for the share of excursionists: 72%; 2026 result: 70% (66% to 74%), "
        "gap within the margin of error; 2024 baseline: 65%."
    )
    assert f"target reached, gap of +10{NBSP}points" in say(0.60, CURRENT)  # a number keeps its unit
    assert f"below the target, beyond the margin of error, gap of −10{NBSP}points" in say(0.80, CURRENT)
    assert "no comparison possible: not enough responses in 2026 (fewer than 10)" in say(0.72, estimate(0.5, 0, 1, 3))
    assert f"{NBSP}%" not in say(0.72, CURRENT) and f"{NBSP}:" not in say(0.72, CURRENT)


def test_an_nps_target_is_read_in_points():
    score = stats.nps([10] * 60 + [8] * 25 + [3] * 15)  # 60 % promoters, 15 % detractors: 45 points
    assert score.score == pytest.approx(45)
    status = targets.survey_target(Target("nps", 2026, 50, 2025), score)
    assert status.points and status.within_margin is (score.low <= 50 <= score.high)
    text = targets.sentence(status, lang="fr")
    assert text.startswith(f"Cible 2026 pour le Net Promoter Score{NBSP}: 50{NBSP};") and "%" not in text


def test_a_note_from_the_museum_file_is_quoted_after_the_target():
    status = targets.survey_target(Target("tourist_share", 2026, 0.72, None, "Maintenir l'attrait"), CURRENT)
    assert f"72{NBSP}% («{NBSP}Maintenir l'attrait{NBSP}»){NBSP};" in targets.sentence(status, lang="fr")


def test_the_chart_draws_baseline_result_and_target_and_declares_no_cells():
    shown = targets.survey_target(TOURISTS, CURRENT, BASELINE)
    hidden = targets.survey_target(Target("excursionist_share", 2026, 0.2, 2024), estimate(0.1, 0, 0.3, n=5))
    figure = targets.chart([shown, hidden], "Cibles", "fr")
    assert figure.layout.meta == {"smq_cells": []}
    baseline, current, target = figure.data
    assert list(baseline.x) == [65.0, None] and list(current.x) == [70.0, None]  # the hidden result is not drawn
    assert list(target.x) == [72.0, 20.0]
    assert list(current.error_x.array) == [4.0, None] and list(current.error_x.arrayminus) == [4.0, None]
    assert targets.chart([], "Cibles", "fr") is None
    assert not any(math.isnan(v) for v in target.x)


def test_the_margin_is_judged_on_the_printed_interval():
    """« 90 % (87 % à 92 %) » beside a target of 92 % reads « dans la marge d'erreur » even when the
    unrounded upper bound is 91.6 %: the words never contradict the printed figures."""
    status = targets.survey_target(Target("top2_satisfaction", 2026, 0.92), estimate(0.90, 0.87, 0.916))
    assert status.within_margin
    sentence = targets.sentence(status, None, "fr")
    assert f"(87{NBSP}% à 92{NBSP}%), écart dans la marge d'erreur" in sentence
    outside = targets.survey_target(Target("top2_satisfaction", 2026, 0.93), estimate(0.90, 0.87, 0.916))
    assert not outside.within_margin and "sous la cible" in targets.sentence(outside, None, "fr")
