"""Generated findings read as a director reads them: derived from the figures by explicit rules,
never contradicting each other, significant only when the test of the difference says so."""

from datetime import date

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from smq_analytics import weighting
from smq_analytics.topics.provenance import metrics as provenance, narrative
from smq_analytics.weighting import Weighting


def table(shares, n_eff=400.0, weighted=True, year=None, hidden=()):
    rows = []
    for key, share in shares.items():
        hide = key in hidden
        rows.append(
            dict(
                key=key,
                label=key,
                n=pd.NA if hide else int(round(share * n_eff)),
                share_unweighted=float("nan") if hide else share,
                share=float("nan") if hide else share,
                ci_low=float("nan") if hide else share - 0.04,
                ci_high=float("nan") if hide else share + 0.04,
                suppressed=hide,
                suppression_reason=pd.NA,
                caution=False,
                imprecise=False,
                base_n=int(n_eff),
                n_effective=n_eff,
                weighted=weighted,
            )
        )
    frame = pd.DataFrame(rows)
    if year is not None:
        frame.insert(0, "survey_year", year)
    return frame


def shares(frame, **kw):
    return provenance.ShareTable(frame, int(frame["base_n"].iloc[0]), 0, None, **kw)


def basis(n=300, weighted=True):
    return provenance.DataBasis(
        "m",
        "Musée",
        2026,
        n,
        n,
        0,
        date(2026, 6, 3),
        date(2026, 9, 20),
        Weighting(weighted, weighting.WEIGHTED if weighted else weighting.NO_ATTENDANCE),
    )


def test_tourists_heavy_and_below_the_others_never_fire_together():
    museum = shares(table({"local": 0.30, "excursionist": 0.25, "tourist": 0.45}))
    others = shares(table({"local": 0.20, "excursionist": 0.10, "tourist": 0.70}, n_eff=3000))
    plain = lambda texts: [t.replace("\u00a0", " ") for t in texts]
    items = plain(narrative.actions(basis(), museum, others, shares(table({"03": 1.0})), "fr").paragraphs)
    heavy, below = narrative.ACTIONS["tourist"]("fr"), narrative.ACTIONS["below_others"]("fr")
    assert below in items and heavy not in items
    # the same 45 % when the others are at 47 %: within the margin, so the museum's tourists weigh heavily
    close = shares(table({"local": 0.33, "excursionist": 0.20, "tourist": 0.47}, n_eff=3000))
    items = plain(narrative.actions(basis(), museum, close, shares(table({"03": 1.0})), "fr").paragraphs)
    assert heavy in items and below not in items


def test_regions_to_target_leave_out_the_museums_own_region():
    regions = provenance.ShareTable(
        table({"08": 0.80, "06": 0.12, "16": 0.08}).assign(label=["Abitibi-Témiscamingue", "Montréal", "Montérégie"]),
        400,
        0,
        None,
    )
    items = narrative.actions(
        basis(),
        shares(table({"local": 0.8, "excursionist": 0.1, "tourist": 0.1})),
        provenance.ShareTable(table({}), 0, 0, None, available=False),
        regions,
        "fr",
        home_region="08",
    ).paragraphs
    target = next(item for item in items if item.startswith("Hors de votre région"))
    assert "Abitibi" not in target and "de Montréal et de la Montérégie" in target


def test_trend_speaks_of_the_category_that_moved_significantly():
    before = table({"local": 0.231, "excursionist": 0.20, "tourist": 0.569}, n_eff=1150, year=2025)
    after = table({"local": 0.185, "excursionist": 0.205, "tourist": 0.61}, n_eff=1150, year=2026)
    after.loc[0, "share"] = 0.1851
    text = str(narrative.trend(shares(pd.concat([before, after], ignore_index=True)), "fr"))
    # independent check of the two verdicts with statsmodels (unpooled z on the effective sizes)
    z_local, _ = proportions_ztest([0.1851 * 1150, 0.231 * 1150], [1150, 1150], prop_var=False)
    z_exc, p_exc = proportions_ztest([0.205 * 1150, 0.20 * 1150], [1150, 1150], prop_var=False)
    assert z_local == pytest.approx(-2.72, abs=0.01) and p_exc > 0.05
    assert (
        "La part des locaux passe de 23 % en 2025 à 19 % en 2026 (−4 points) : une baisse significative"
        in text.replace("\u00a0", " ")
    )
    assert "excursionnistes passe" not in text


def test_trend_says_no_change_when_all_differences_are_within_the_margin():
    before = table({"local": 0.30, "excursionist": 0.20, "tourist": 0.50}, n_eff=200, year=2025)
    after = table({"local": 0.32, "excursionist": 0.19, "tourist": 0.49}, n_eff=200, year=2026)
    text = str(narrative.trend(shares(pd.concat([before, after], ignore_index=True)), "en"))
    assert text.startswith("Between 2025 and 2026, no share changes significantly")


def test_counts_under_ten_are_never_printed_and_grammar_agrees():
    assert narrative.counted(7, narrative.RESPONDENT, "fr") == "moins de 10 répondants"
    assert narrative.counted(0, narrative.RESPONDENT, "fr") == "0\u00a0répondant"
    assert narrative.counted(12, narrative.RESPONDENT, "en") == "12\u00a0respondents"


def test_basis_gives_months_not_days_and_says_what_weighting_did():
    text = str(narrative.basis(basis(), "fr"))
    assert "recueillies de juin à septembre 2026" in text and "3" not in text.split("recueillies")[1][:25]
    assert "estimations pour l'ensemble des visiteurs" in text
    tiny = str(narrative.basis(basis(n=7), "fr"))
    assert tiny.startswith("Trop peu de réponses") and "7" not in tiny


def test_a_region_is_never_called_the_most_represented_when_others_outweigh_it():
    """« Autres régions » can hide a large region withheld for confidentiality (the museum's own)."""
    regions = provenance.ShareTable(
        table({"06": 0.11, "03": 0.10, "other": 0.63}).assign(
            label=["Montréal", "Capitale-Nationale", "Autres régions"]
        ),
        260,
        0,
        None,
    )
    text = str(narrative.regions(regions, "admin", "fr")).replace("\u00a0", " ")
    assert "la région administrative la plus représentée est" not in text
    assert (
        "63 % résident dans des régions regroupées sous « Autres régions » ; parmi les régions administratives "
        "nommées, la plus représentée est Montréal" in text
    )
    regions = provenance.ShareTable(
        table({"06": 0.51, "03": 0.20, "other": 0.29}).assign(
            label=["Montréal", "Capitale-Nationale", "Autres régions"]
        ),
        260,
        0,
        None,
    )
    assert "la région administrative la plus représentée est Montréal" in str(narrative.regions(regions, "admin", "fr"))
