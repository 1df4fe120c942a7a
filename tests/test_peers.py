"""Peer groups (smq_analytics/peers.py) and their benchmarks in report 01: groups read from the parameter
files independently (yaml, csv), quartiles computed by hand, one value per museum recomputed from the raw
demo files, peers anonymous in every demo report unless a cohort agreed to be named."""

from __future__ import annotations

import csv
import html
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from smq_analytics import benchmark, params, peers, privacy, reference, store
from smq_analytics.i18n import NBSP, Message
from smq_analytics.metrics.scope import open_scope
from smq_analytics.paths import notebooks_dir, parameters_dir, reference_dir
from smq_analytics.report.runner import run_reports
from smq_analytics.topics.provenance import metrics as provenance

TOURISTS = Message("part de touristes", "share of tourists")


def type7(values: list[float], p: float) -> float:
    """Hyndman & Fan's type 7 by hand: h = (n − 1) p on the sorted values, linear between neighbours."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


# --- the parameter files, read without smq_analytics ---------------------------------------------------


def museum_files() -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((parameters_dir() / "museums").glob("*.yaml"))
    }


def cohort_files() -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((parameters_dir() / "cohorts").glob("*.yaml"))
    }


def region_classes() -> dict[str, str]:
    with (reference_dir() / "tourist_regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["tourist_region_code"]: row["region_class"] for row in csv.DictReader(handle)}


def expected_groups(museum_id: str) -> dict[str, set[str]]:
    """Group key → the other museums in it, from the files."""
    files, classes = museum_files(), region_classes()
    mine = files[museum_id]
    others = {m: f for m, f in files.items() if m != museum_id}
    groups = {
        f"type:{mine['museum_type']}": {m for m, f in others.items() if f["museum_type"] == mine["museum_type"]},
        f"size:{mine['size_class']}": {m for m, f in others.items() if f["size_class"] == mine["size_class"]},
        f"region:{classes[mine['tourist_region_code']]}": {
            m for m, f in others.items() if classes[f["tourist_region_code"]] == classes[mine["tourist_region_code"]]
        },
    }
    for name in mine.get("peer_groups") or []:
        groups[f"declared:{name}"] = {m for m, f in others.items() if name in (f.get("peer_groups") or [])}
    for cohort_id, cohort in cohort_files().items():
        if museum_id in cohort["members"]:
            groups[f"cohort:{cohort_id}"] = set(cohort["members"]) - {museum_id}
    groups["network"] = set(others)
    return groups


@pytest.fixture(scope="module")
def parameter_store(tmp_path_factory):
    """A store holding only the reference data and the shipped parameters, as `smq-analytics init` leaves it."""
    con = store.connect(tmp_path_factory.mktemp("peers") / "p.duckdb", read_only=False)
    reference.load_reference(con)
    params.sync_museums(con, params.load_museums())
    yield con
    con.close()


def test_the_urban_class_is_montreal_laval_and_quebec_city():
    with (reference_dir() / "tourist_regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["name_fr"] for row in rows if row["region_class"] == "urban"} == {"Montréal", "Laval", "Québec"}
    assert {row["region_class"] for row in rows} == {"urban", "regional"}


def test_an_unknown_region_class_is_refused_naming_the_row(tmp_path):
    shipped = (reference_dir() / "tourist_regions.csv").read_text(encoding="utf-8")
    (tmp_path / "tourist_regions.csv").write_text(shipped.replace(",urban\n", ",urbain\n", 1), encoding="utf-8")
    with pytest.raises(reference.ReferenceDataError) as error:
        reference.check_region_classes(tmp_path)
    row = 1 + [line.endswith(",urban") for line in shipped.splitlines()].index(True)
    assert f"tourist_regions.csv, ligne {row}, colonne « region_class » : valeur « urbain » refusée" in str(
        error.value.message.fr
    )
    assert "urban or regional" in error.value.message.en


def test_each_museums_groups_are_those_its_parameter_files_give(parameter_store):
    for museum_id in museum_files():
        groups = peers.peer_groups(parameter_store, museum_id)
        assert {g.key: set(g.members) for g in groups} == expected_groups(museum_id), museum_id
        assert [g.kind for g in groups] == sorted((g.kind for g in groups), key=peers.KINDS.index)
        assert all(museum_id not in g.members for g in groups), "a museum is never its own peer"
        assert not any(g.named for g in groups)  # the demo cohort did not agree to be named


def test_a_museum_in_no_cohort_has_no_cohort_group(parameter_store):
    members = {m for cohort in cohort_files().values() for m in cohort["members"]}
    outside = sorted(set(museum_files()) - members)
    assert outside, "the demo has museums outside every cohort"
    for museum_id in outside:
        assert not [g for g in peers.peer_groups(parameter_store, museum_id) if g.kind == peers.COHORT]


def test_init_stores_the_cohorts_and_the_declared_groups(parameter_store):
    stored = store.query_rows(parameter_store, "SELECT cohort_id, museum_id FROM cohort_members ORDER BY ALL")
    assert stored == sorted((c, m) for c, f in cohort_files().items() for m in f["members"])
    named = dict(store.query_rows(parameter_store, "SELECT cohort_id, peers_named FROM cohorts"))
    assert named == {c: bool(f.get("peers_named", False)) for c, f in cohort_files().items()}
    declared = store.query_rows(parameter_store, "SELECT museum_id, peer_group FROM museum_peer_groups ORDER BY ALL")
    assert declared == sorted((m, g) for m, f in museum_files().items() for g in f.get("peer_groups") or [])


# --- the comparison on crafted results ---------------------------------------------------------------


def group(members, named=False, key="declared:test"):
    return peers.PeerGroup(key, peers.DECLARED, Message("groupe test", "test group"), tuple(members), named)


def test_quartiles_median_and_range_match_a_hand_computation():
    values = {"a": 0.62, "b": 0.31, "c": 0.55, "d": 0.80, "e": 0.47, "f": 0.74, "g": 0.59}
    results = pd.DataFrame(
        {
            "museum_id": ["mine", *values, "thin"],
            "value": [0.99, *values.values(), 0.01],
            "n": [200, *[100] * len(values), privacy.MIN_CELL - 1],
        }
    )
    [comparison] = peers.compare(results, "mine", [group([*values, "thin", "absent"])])
    result = comparison.benchmark
    kept = list(values.values())
    assert result.available and result.n_museums == len(kept) and result.n_left_out == 2  # thin, absent
    assert result.q1 == pytest.approx(type7(kept, 0.25))
    assert result.median == pytest.approx(type7(kept, 0.5))
    assert result.q3 == pytest.approx(type7(kept, 0.75))
    assert (result.minimum, result.maximum) == (min(kept), max(kept))
    assert result.position == benchmark.ABOVE_Q3 and result.own_value == 0.99
    assert comparison.peer_names is None and result.peer_ids is None


def test_the_own_museum_never_counts_even_if_a_group_lists_it():
    results = pd.DataFrame({"museum_id": ["mine", *"abcd"], "value": [0.5, 0.1, 0.2, 0.3, 0.4], "n": [50] * 5})
    [comparison] = peers.compare(results, "mine", [group(["mine", *"abcd"])])
    assert not comparison.available and comparison.benchmark.n_museums == 4


def sentences_of(values: dict, lang: str, named: bool = False, own: float = 0.5) -> list[str]:
    results = pd.DataFrame(
        {
            "museum_id": ["mine", *values],
            "value": [own, *values.values()],
            "n": [100] * (len(values) + 1),
            "name": ["Le mien", *[f"Musée {m.upper()}" for m in values]],
        }
    )
    comparisons = peers.compare(results, "mine", [group(values, named=named)], named=True)
    return peers.sentences(comparisons, TOURISTS, 2026, lang)


def test_sentences_say_how_many_museums_which_season_and_where_the_museum_stands():
    five = {"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4, "e": 0.5}
    lead, text = sentences_of(five, "fr")
    assert "part de touristes, saison 2026" in lead and "chaque musée compte pour un" in lead.lower()
    assert text == (
        f"Groupe test (5{NBSP}autres musées, saison 2026){NBSP}: médiane de 30{NBSP}%, la moitié des musées entre "
        f"20{NBSP}% et 40{NBSP}%{NBSP}; votre musée, à 50{NBSP}%, se situe au-dessus du troisième quartile des "
        "autres musées."
    )
    _, english = sentences_of(five, "en")
    assert english == (
        f"Test group (5{NBSP}other museums, 2026 season): median 30%, half of the museums between 20% and 40%; "
        "your museum, at 50%, stands above the other museums' third quartile."
    )
    _, hidden = sentences_of(five, "fr", own=math.nan)
    assert hidden.endswith(
        f"{NBSP}; votre propre résultat n'est pas publié (confidentialité ou précision insuffisante)."
    )


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (0, "aucun autre musée n'a au moins 10 réponses", "no other museum has at least 10 responses"),
        (1, "1 autre musée a au moins 10 réponses", "1 other museum has at least 10 responses"),
        (4, "4 autres musées ont au moins 10 réponses", "4 other museums have at least 10 responses"),
    ],
)
def test_a_withheld_group_says_plainly_why(n, fr, en):
    values = {chr(97 + i): 0.1 * i for i in range(n)}
    assert sentences_of(values, "fr")[1] == f"Groupe test{NBSP}: comparaison non publiée ({fr}, il en faut au moins 5)."
    assert sentences_of(values, "en")[1] == f"Test group: comparison not published ({en}; at least 5 are needed)."


# --- named peers: only a cohort whose members agreed ----------------------------------------------------


def test_peers_are_named_only_within_a_cohort_whose_members_agreed(tmp_path):
    museums = params.load_museums()
    ids = [m.id for m in museums]
    agreed = params.Cohort("accord", "Cohorte accord", "t", "f", 2026, tuple(ids[:7]), ("01_provenance",), True)
    silent = params.Cohort("discrete", "Cohorte discrète", "t", "f", 2026, tuple(ids[2:9]), ("01_provenance",), False)
    con = store.connect(tmp_path / "named.duckdb", read_only=False)
    try:
        reference.load_reference(con)
        params.sync_museums(con, museums, cohorts=[agreed, silent])
        reader = ids[3]  # in both cohorts
        groups = peers.peer_groups(con, reader)
        outside = [m for m in ids if m not in agreed.members and m not in silent.members]
        assert outside and not [g for g in peers.peer_groups(con, outside[0]) if g.kind == peers.COHORT]
    finally:
        con.close()
    by_key = {g.key: g for g in groups}
    assert by_key["cohort:accord"].named and not by_key["cohort:discrete"].named
    results = pd.DataFrame(
        {
            "museum_id": ids,
            "value": [0.1 + 0.05 * i for i in range(len(ids))],
            "n": [100] * len(ids),
            "name": [f"Nom {m}" for m in ids],
        }
    )
    comparisons = {c.group.key: c for c in peers.compare(results, reader, groups, named=True)}
    expected = tuple(f"Nom {m}" for m in sorted(set(agreed.members) - {reader}))
    assert comparisons["cohort:accord"].peer_names == expected
    assert all(c.peer_names is None for key, c in comparisons.items() if key != "cohort:accord")
    assert all(c.peer_names is None for c in peers.compare(results, reader, groups, named=False))

    text = " ".join(peers.sentences(list(comparisons.values()), TOURISTS, 2026, "fr"))
    assert "musées comparés" in text.lower() and all(name in text for name in expected)
    anonymous = [c for key, c in comparisons.items() if key != "cohort:accord"]
    figure = peers.chart(anonymous, "Pairs", "fr")
    published = figure.to_json() + " ".join(peers.sentences(anonymous, TOURISTS, 2026, "fr"))
    assert not [m for m in ids if m in published or f"Nom {m}" in published]
    assert figure.layout.meta == {"smq_cells": []}
    extremes = peers.CHART_RANGE("fr")
    assert extremes not in [trace.name for trace in figure.data]  # no minimum–maximum for anonymous peers
    named_figure = peers.chart([comparisons["cohort:accord"]], "Pairs", "fr")
    assert extremes in [trace.name for trace in named_figure.data]


# --- the demo store: one value per museum, anonymous peers in every report -----------------------------

DEMO = Path(__file__).parent


def demo_store() -> Path:
    from recompute_support import _store_path

    db = _store_path()
    if not db.is_file():
        pytest.skip(f"demo store missing ({db}): smq-analytics --db STORE demo")
    return db


@pytest.fixture(scope="module")
def demo_figures():
    """Per demo museum, from one read-only scope moved from museum to museum (the pickers' way, so
    the per-museum values are computed once): its results table, its category shares, its peer
    comparisons of the tourist share."""
    from recompute_support import MUSEUMS

    db = demo_store()
    scope = open_scope(museum=MUSEUMS[0], db=str(db))
    figures = {}
    try:
        for museum_id in MUSEUMS:
            scope = scope.with_choice(museum=museum_id)
            figures[museum_id] = (
                scope.year,
                provenance.museum_results(scope, "tourist"),
                provenance.category_shares(scope).table,
                provenance.peer_comparisons(scope, "tourist"),
            )
    finally:
        scope.close()
    return db, figures


def test_each_museums_tourist_share_is_its_own_weighted_share_recomputed_from_the_raw_files(demo_figures):
    from recompute_support import MUSEUMS, _find_demo_files, _ledger, recompute, visitor_factor

    db, figures = demo_figures
    ledger = _ledger(db)
    root = _find_demo_files(db, ledger)
    frames = [figures[reader][1].assign(season=figures[reader][0]) for reader in MUSEUMS[:2]]
    # each reader's own value may be withheld: two readers cover every museum
    values = pd.concat(frames).dropna(subset=["value"]).drop_duplicates("museum_id").set_index("museum_id")
    compared = 0
    for museum_id in MUSEUMS:
        mine = recompute(root, ledger, museum_id)
        assert mine.year == values["season"].iloc[0]
        known = mine.responses[mine.responses["category"] != "unknown"]
        assert values.loc[museum_id, "n"] == len(known), museum_id
        assert mine.recomputed_weights, (museum_id, mine.why_not_simple)  # simple or small months collapsed
        factor = visitor_factor(mine.responses, mine.responses["month"].map(mine.stratum_of))
        weights = (known["month"].map(mine.month_weight) * factor.loc[known.index]).astype(float)
        share = float(weights[known["category"] == "tourist"].sum()) / float(weights.sum())
        assert values.loc[museum_id, "value"] == pytest.approx(share, abs=1e-9), museum_id
        compared += 1
    assert compared == len(MUSEUMS)


def test_the_readers_own_value_is_the_share_its_report_publishes(demo_figures):
    _, figures = demo_figures
    for museum_id, (_, results, table, _) in figures.items():
        own = results.set_index("museum_id").loc[museum_id, "value"]
        table = table.set_index("key")
        if table.empty or pd.isna(table.loc["tourist", "share"]):
            assert math.isnan(own), museum_id  # withheld or imprecise in its report: never shown through peers
        else:
            assert own == pytest.approx(float(table.loc["tourist", "share"]), abs=1e-12), museum_id


def test_the_network_the_cohort_and_a_declared_group_show_for_most_demo_museums(demo_figures):
    _, figures = demo_figures
    members = {m for cohort in cohort_files().values() for m in cohort["members"]}
    shown = {"cohort": 0, "declared": 0}
    for museum_id, (_, _, _, comparisons) in figures.items():
        available = {c.group.kind for c in comparisons if c.available}
        assert "network" in available, museum_id
        shown["cohort"] += "cohort" in available
        shown["declared"] += "declared" in available
        if museum_id in members:
            assert "cohort" in available, museum_id
    assert 2 * shown["declared"] > len(figures) and 2 * shown["cohort"] > len(figures), shown


@pytest.mark.timeout(900)
def test_every_demo_report_passes_the_audit_and_names_no_peer(tmp_path):
    db = demo_store()
    results = run_reports(db, None, [notebooks_dir() / "01_provenance.ipynb"], out_dir=tmp_path, jobs=4, progress=False)
    assert [(r.museum_id, r.error) for r in results if not r.ok] == []  # the runner's disclosure audit passed
    files = museum_files()
    assert {r.museum_id for r in results} == set(files)
    for result in results:
        page = html.unescape(result.html_path.read_text(encoding="utf-8"))
        others = [m for m in files if m != result.museum_id]
        leaked = [m for m in others if m in page or files[m]["name"] in page or (files[m].get("name_en") or m) in page]
        assert leaked == [], (result.museum_id, leaked)
        assert "Ensemble du réseau SMQ" in page


def test_the_chart_axis_fits_the_values_drawn():
    values = {"a": 0.05, "b": 0.10, "c": 0.12, "d": 0.20, "e": 0.22}
    results = pd.DataFrame({"museum_id": ["mine", *values], "value": [0.16, *values.values()], "n": [100] * 6})
    figure = peers.chart(peers.compare(results, "mine", [group(values)]), "Pairs", "fr")
    highest = 100 * max(type7(list(values.values()), 0.75), 0.16)
    assert figure.layout.xaxis.range[0] == 0 and highest <= figure.layout.xaxis.range[1] <= max(10.0, 1.25 * highest)
    assert figure.layout.xaxis.ticksuffix == f"{NBSP}%"


def test_where_the_museum_stands_is_judged_on_the_printed_figures():
    """A museum at 92,4 % beside a third quartile of 92,1 % both print « 92 % »: it stands between the
    quartiles, never « au-dessus du troisième quartile » of a figure that reads the same."""
    five = {"a": 0.88, "b": 0.90, "c": 0.91, "d": 0.921, "e": 0.95}  # Q3 = the 4th value, 92,1 %
    text = sentences_of(five, "fr", own=0.924)[1]
    assert f"92{NBSP}%" in text and "entre le premier et le troisième quartile" in text
    assert "au-dessus" in sentences_of(five, "fr", own=0.93)[1]
