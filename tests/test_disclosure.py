"""Disclosure control over a whole report: the audit finds what subtraction reveals, the planner
withholds until nothing small can be rebuilt, and integer programming (an independent solver mode)
confirms the ranges on random tiny museums."""

import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from smq_analytics import disclosure as d

STRUCTURE = d.Structure(
    region_pairs=(("01", "TR03"), ("03", "TR04"), ("03", "TR05"), ("12", "TR06"), ("17", "TR21")),
    provinces=("NB", "ON"),
    countries={"US": "usa", "FR": "europe", "DE": "europe", "BE": "europe", "MX": "latin_america"},
)
POP = "m:2024"
QC = {"province": ("QC",)}


def region(kind, code):
    return {**QC, kind: (code,)}


def findings_named(cells):
    return {f.what for f in d.audit(cells, STRUCTURE)}


def test_charlevoix_is_capitale_nationale_minus_quebec():
    """The foundation's demo: a hidden tourist region = an admin region bar − another tourist bar."""
    cells = [
        d.shown(POP, "admin", "*", 80, region("admin", "*")),
        d.shown(POP, "admin", "03", 54, region("admin", "03")),
        d.shown(POP, "admin", "12", 26, region("admin", "12")),
        d.shown(POP, "tourist", "*", 80, region("tourist", "*")),
        d.shown(POP, "tourist", "TR04", 53, region("tourist", "TR04")),
        d.hidden(POP, "tourist", "TR05", region("tourist", "TR05")),
        d.shown(POP, "tourist", "TR06", 26, region("tourist", "TR06")),
    ]
    findings = {f.what: f for f in d.audit(cells, STRUCTURE)}
    assert findings["tourist:TR05"].low == pytest.approx(1) and findings["tourist:TR05"].high == pytest.approx(1)
    # hiding Québec too leaves Charlevoix anywhere between 1 and 53
    cells[4] = d.hidden(POP, "tourist", "TR04", region("tourist", "TR04"))
    assert "tourist:TR05" not in findings_named(cells)


def test_germany_is_europe_minus_france():
    cells = [
        d.shown(POP, "areas", "*", 72, {"area": ("*",)}),
        d.shown(POP, "areas", "canada", 30, {"area": ("canada",)}),
        d.shown(POP, "areas", "usa", 30, {"area": ("usa",)}),
        d.shown(POP, "areas", "europe", 12, {"area": ("europe",)}),
        d.shown(POP, "countries", "*", 42, {"area": ("*",)}, {"area": ("canada",)}),
        d.shown(POP, "countries", "US", 30, {"country": ("US",)}),
        d.shown(POP, "countries", "FR", 11, {"country": ("FR",)}),
        d.hidden(POP, "countries", "DE", {"country": ("DE",)}),
    ]
    assert "countries:DE" in findings_named(cells)
    # folding Germany into an unlabelled « Autres pays » still leaves « Europe except France » = 1
    folded = cells[:7] + [
        d.shown(POP, "countries", "other", 1, {"area": ("*",)}, {"area": ("canada",), "country": ("US", "FR")})
    ]
    assert any(name.startswith("group") and "europe" in name for name in findings_named(folded))


def test_a_zero_is_not_a_disclosure_and_an_open_range_passes():
    cells = [
        d.shown(POP, "areas", "*", 40, {"area": ("*",)}),
        d.shown(POP, "areas", "canada", 40, {"area": ("canada",)}),
        d.shown(POP, "areas", "europe", 0, {"area": ("europe",)}),
    ]
    assert d.audit(cells, STRUCTURE) == []
    assert not d.sensitive(0, 3) and not d.sensitive(10, 11) and d.sensitive(1, 5.9) and not d.sensitive(1, 6)


def test_non_response_is_not_protected_but_constrains_the_rest():
    # 6 respondents with unknown provenance: published as « moins de 10 », never protected themselves
    cells = [
        d.shown(POP, "basis", "responses", 120),
        d.shown(POP, "categories", "*", 114, {"category": ("local", "excursionist", "tourist")}),
        d.shown(POP, "categories", "local", 70, {"category": ("local",)}),
        d.shown(POP, "categories", "excursionist", 44, {"category": ("excursionist",)}),
        d.shown(POP, "categories", "tourist", 0, {"category": ("tourist",)}),
        d.shown(POP, "categories", "?", 6, {"category": ("unknown",)}, protected=False),
    ]
    assert d.audit(cells, STRUCTURE) == []


def test_plan_withholds_the_cell_that_breaks_the_link():
    tables = [
        d.PlannedTable(
            POP, "admin", "admin", "fold", [d.PlannedRow("03", 54), d.PlannedRow("12", 26)], region("admin", "*")
        ),
        d.PlannedTable(
            POP,
            "tourist",
            "tourist",
            "fold",
            [d.PlannedRow("TR04", 53), d.PlannedRow("TR05", 1), d.PlannedRow("TR06", 26)],
            region("tourist", "*"),
        ),
    ]
    d.plan(tables, STRUCTURE)
    withheld = {(t.name, r.key) for t in tables for r in t.rows if r.withheld}
    assert ("tourist", "TR05") in withheld and len(withheld) == 2
    assert d.audit([c for t in tables for c in t.cells()], STRUCTURE) == []


def test_fold_never_lists_a_small_row_and_the_other_row_is_not_small():
    table = d.PlannedTable(
        POP,
        "countries",
        "country",
        "fold",
        [d.PlannedRow("US", 30), d.PlannedRow("FR", 11), d.PlannedRow("DE", 4)],
        {"area": ("*",)},
        {"area": ("canada",)},
    )
    d.plan([table], STRUCTURE)
    listed = [c for c in table.cells() if c.key not in ("*", "other")]
    assert [c.key for c in listed] == ["US"]
    other = next(c for c in table.cells() if c.key == "other")
    assert other.state == d.SHOWN and other.n == 15


def test_cells_round_trip_through_json():
    cell = d.shown(POP, "t", "k", 12, {"area": ("europe",)}, {"country": ("FR",)})
    assert d.Cell.from_json(cell.to_json()) == cell
    small = d.shown(POP, "t", "k", 4)
    assert (small.state, small.low, small.high) == (d.BOUNDED, 1, 9)


# --- random tiny museums, checked by integer programming --------------------------------------

LEAVES = [
    ("QC", "03", "TR04"),
    ("QC", "03", "TR05"),
    ("QC", "12", "TR06"),
    ("ON", None, None),
    ("US", None, None),
    ("FR", None, None),
    ("DE", None, None),
]
CATEGORIES = ("local", "excursionist", "tourist")


def random_museum(rng, sizes=(0, 0, 1, 2, 3, 5, 8, 12, 20)):
    counts = {}
    for place, category in itertools.product(LEAVES, CATEGORIES):
        if category == "local" and place[0] in ("US", "FR", "DE"):
            continue
        counts[(place, category)] = int(rng.choice(sizes))
    return counts


def tables_for(counts):
    def total(match):
        return sum(n for key, n in counts.items() if match(*key))

    categories = [d.PlannedRow(c, total(lambda p, k, c=c: k == c)) for c in CATEGORIES]
    admin = [d.PlannedRow(a, total(lambda p, k, a=a: p[0] == "QC" and p[1] == a)) for a in ("03", "12")]
    tourist = [d.PlannedRow(t, total(lambda p, k, t=t: p[0] == "QC" and p[2] == t)) for t in ("TR04", "TR05", "TR06")]
    areas = [
        d.PlannedRow("canada", total(lambda p, k: p[0] in ("QC", "ON"))),
        d.PlannedRow("usa", total(lambda p, k: p[0] == "US")),
        d.PlannedRow("europe", total(lambda p, k: p[0] in ("FR", "DE"))),
    ]
    countries = [d.PlannedRow(c, total(lambda p, k, c=c: p[0] == c)) for c in ("US", "FR", "DE")]
    return [
        d.PlannedTable(POP, "categories", "category", "partition", categories, {"category": CATEGORIES}),
        d.PlannedTable(POP, "admin", "admin", "fold", admin, region("admin", "*")),
        d.PlannedTable(POP, "tourist", "tourist", "fold", tourist, region("tourist", "*")),
        d.PlannedTable(POP, "areas", "area", "partition", areas, {"area": ("*",)}),
        d.PlannedTable(POP, "countries", "country", "fold", countries, {"area": ("*",)}, {"area": ("canada",)}),
    ]


def integer_range(problem, vector):
    """Exact integer bounds of vector · x under the published cells (branch and bound)."""
    constraints = []
    if problem.a_eq is not None:
        constraints.append(LinearConstraint(problem.a_eq, problem.b_eq, problem.b_eq))
    if problem.a_ub is not None:
        constraints.append(LinearConstraint(problem.a_ub, -np.inf, problem.b_ub))
    ends = []
    for sign in (1, -1):
        result = milp(
            sign * vector, constraints=constraints, integrality=np.ones(problem.width), bounds=Bounds(0, np.inf)
        )
        assert result.status in (0, 3)
        ends.append(sign * result.fun if result.status == 0 else np.inf)
    return ends


TINY = (0, 0, 0, 1, 1, 2, 3)  # a museum of a few dozen responses: every cell under 10, some tables too


@pytest.mark.parametrize("seed, sizes", [(seed, None) for seed in range(12)] + [(seed, TINY) for seed in range(6)])
def test_planned_random_museum_leaves_no_small_group_within_five_counts(seed, sizes):
    """Also on tiny museums, where no cell of 10 is left to withhold and only whole tables can go."""
    counts = random_museum(np.random.default_rng(seed), *([sizes] if sizes else []))
    tables = tables_for(counts)
    d.plan(tables, STRUCTURE, [d.shown(POP, "basis", "responses", sum(counts.values()))])
    cells = [d.shown(POP, "basis", "responses", sum(counts.values()))] + [c for t in tables for c in t.cells()]
    problem = d._Problem(cells, STRUCTURE)
    for name, vector in problem.protected_quantities():
        low, high = integer_range(problem, vector)
        assert not (1 <= low <= 9 and high - low < d.MIN_RANGE_WIDTH), (seed, name, low, high)
    # every withheld row that is not small itself was withheld to protect another
    for table in tables:
        for row in table.rows:
            if not row.withheld:
                assert row.n == 0 or row.n >= d.MIN_CELL


def test_a_partition_whose_withheld_cells_hold_most_of_the_base_is_not_published():
    """« 100 % résident ailleurs »: Canada withheld to protect a neighbour must not leave the other
    areas reading as the whole."""
    areas = d.PlannedTable(
        POP,
        "areas",
        "area",
        "partition",
        [d.PlannedRow("canada", 246), d.PlannedRow("usa", 2), d.PlannedRow("europe", 1)],
        {"area": ("*",)},
    )
    areas.rows[0].withheld = True
    d._withhold_misleading([areas])
    assert areas.withheld_entirely and areas.cells() == []
    fine = d.PlannedTable(
        POP,
        "areas",
        "area",
        "partition",
        [d.PlannedRow("canada", 246), d.PlannedRow("usa", 20), d.PlannedRow("europe", 1)],
        {"area": ("*",)},
    )
    fine.rows[2].withheld = True
    d._withhold_misleading([fine])
    assert not fine.withheld_entirely


def test_audit_of_an_executed_notebook_reads_charts_and_text(tmp_path):
    """The runner's audit takes the cells from the outputs themselves: a leaking pair of charts fails,
    a chart that declares nothing is refused."""
    from provenance_fixtures import build_store
    from smq_analytics.report.runner import audit_report

    db = tmp_path / "s.duckdb"
    con = build_store(db)
    con.execute(
        "INSERT INTO ref_fsa (fsa, admin_region_code, tourist_region_code, latitude, longitude, approximate,"
        " origin) VALUES ('G0A', '03', 'TR05', 47.4, -70.5, true, 'shipped')"
    )  # Charlevoix
    con.close()
    qc = {"province": ["QC"]}
    leaking = [
        {"population": POP, "table": "admin", "key": "*", "where": {**qc, "admin": ["*"]}, "state": "shown", "n": 80},
        {"population": POP, "table": "admin", "key": "03", "where": {**qc, "admin": ["03"]}, "state": "shown", "n": 54},
        {
            "population": POP,
            "table": "tourist",
            "key": "TR04",
            "where": {**qc, "tourist": ["TR04"]},
            "state": "shown",
            "n": 53,
        },
        {"population": POP, "table": "tourist", "key": "TR05", "where": {**qc, "tourist": ["TR05"]}, "state": "hidden"},
    ]

    def notebook(*outputs):
        return {"cells": [{"cell_type": "code", "outputs": list(outputs)}]}

    chart = {
        "output_type": "display_data",
        "data": {"application/vnd.plotly.v1+json": {"data": [], "layout": {"meta": {"smq_cells": leaking[:3]}}}},
    }
    text = {"output_type": "display_data", "data": {"text/plain": "", d.CELLS_MIME: leaking[3:]}}
    with pytest.raises(d.DisclosureError) as error:
        audit_report(notebook(chart, text), db)
    assert "tourist:TR05" in error.value.text("en")
    with pytest.raises(d.DisclosureError):  # the group Charlevoix = 54 − 53 leaks even if never named
        audit_report(notebook(chart), db)
    admin_only = {
        "output_type": "display_data",
        "data": {"application/vnd.plotly.v1+json": {"data": [], "layout": {"meta": {"smq_cells": leaking[:2]}}}},
    }
    audit_report(notebook(admin_only), db)
    bare = {"output_type": "display_data", "data": {"application/vnd.plotly.v1+json": {"data": [], "layout": {}}}}
    with pytest.raises(d.DisclosureError) as error:
        audit_report(notebook(bare), db)
    assert "ne déclare pas" in error.value.text("fr")
