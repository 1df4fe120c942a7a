"""Derived provenance fields of stg_survey (fsa, region, distance, category) on hand-built responses."""

from __future__ import annotations

import math

import pytest

from smq_analytics import store
from smq_analytics.reference import load_reference, read_reference_csv
from smq_analytics.reference_build import haversine_km as python_haversine_km

# The test museum stands in Old Quebec.
MUSEUM = ("MTEST", "Musée test", "history", "small", "03", "TR04", "Québec", 46.8123, -71.2050)


def cosine_law_km(lat1, lon1, lat2, lon2, radius=6371.0088):
    """Spherical law of cosines: an independent formula for the same great-circle distance."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return radius * math.acos(min(1.0, max(-1.0, c)))


def fsa_row(fsa):
    return {row["fsa"]: row for row in read_reference_csv("fsa_quebec.csv")}[fsa]


def municipality_row(name):
    return {row["name"]: row for row in read_reference_csv("municipalities.csv")}[name]


@pytest.fixture()
def con(tmp_path):
    connection = store.connect(tmp_path / "t.duckdb", read_only=False)
    load_reference(connection)
    connection.execute("INSERT INTO museums VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(MUSEUM))
    yield connection
    connection.close()


COLUMNS = ("postal_code", "municipality", "province", "country", "overnight", "nights", "lives_over_40km")


def add_responses(con, responses):
    """responses: list of dicts with any of COLUMNS; returns the row numbers used."""
    numbers = []
    for number, response in enumerate(responses, start=1):
        values = [response.get(column) for column in COLUMNS]
        con.execute(
            f"INSERT INTO raw_survey (load_id, row_number, museum_id, survey_year, {', '.join(COLUMNS)}) "
            f"VALUES (1, ?, 'MTEST', 2024, {', '.join('?' for _ in COLUMNS)})",
            [number, *values],
        )
        numbers.append(number)
    return numbers


def derived(con, columns="provenance_category"):
    return con.execute(f"SELECT row_number, {columns} FROM stg_survey ORDER BY row_number").fetchall()


# --- haversine ------------------------------------------------------------------------------

PAIRS = [
    ((45.5017, -73.5673), (46.8139, -71.2080)),   # Montréal – Québec, about 233 km
    ((45.4765, -75.7013), (45.5017, -73.5673)),   # Gatineau – Montréal
    ((48.8319, -64.4813), (48.4525, -68.5232)),   # Gaspé – Rimouski
    ((46.8123, -71.2050), (46.7890, -71.2936)),   # across Québec city, a few km
    ((45.0000, -74.6400), (62.2000, -75.6400)),   # Akwesasne – Salluit, the length of Quebec
    ((46.8123, -71.2050), (48.8566, 2.3522)),     # Québec – Paris
]


@pytest.mark.parametrize("a, b", PAIRS)
def test_sql_haversine_matches_the_law_of_cosines(con, a, b):
    sql_km = con.execute("SELECT haversine_km(?, ?, ?, ?)", [*a, *b]).fetchall()[0][0]
    assert sql_km == pytest.approx(cosine_law_km(*a, *b), abs=0.01)
    assert python_haversine_km(*a, *b) == pytest.approx(sql_km, rel=1e-12)


def test_haversine_known_values(con):
    km = con.execute("SELECT haversine_km(45.5017, -73.5673, 46.8139, -71.2080)").fetchall()[0][0]
    assert 230 < km < 236
    assert con.execute("SELECT haversine_km(46.8, -71.2, 46.8, -71.2)").fetchall()[0][0] == pytest.approx(0, abs=1e-9)


# --- provenance categories ------------------------------------------------------------------

def test_overnight_is_tourist_even_next_door(con):
    add_responses(con, [
        {"postal_code": "G1R2L3", "overnight": True},
        {"postal_code": "H2X1Y4", "overnight": True},
        {"country": "FR", "nights": 3},                      # overnight not asked, nights answer it
    ])
    assert [category for _, category in derived(con)] == ["tourist", "tourist", "tourist"]


def test_within_40_km_is_local_and_beyond_same_day_is_excursionist(con):
    add_responses(con, [
        {"postal_code": "G1V0A6", "overnight": False},       # Sainte-Foy
        {"postal_code": "H2X1Y4", "overnight": False},       # Montréal
        {"postal_code": "H2X1Y4"},                           # Montréal, overnight unknown
    ])
    got = derived(con, "provenance_category, distance_km, fsa, province, country, admin_region_code, "
                       "tourist_region_code, location_basis, location_approximate")
    g1v, h2x = fsa_row("G1V"), fsa_row("H2X")
    near = cosine_law_km(float(g1v["latitude"]), float(g1v["longitude"]), MUSEUM[7], MUSEUM[8])
    far = cosine_law_km(float(h2x["latitude"]), float(h2x["longitude"]), MUSEUM[7], MUSEUM[8])
    assert near <= 40 < far
    assert got[0] == (1, "local", pytest.approx(round(near, 1), abs=0.051), "G1V", "QC", "CA", "03", "TR04", "fsa", False)
    assert got[1] == (2, "excursionist", pytest.approx(round(far, 1), abs=0.051), "H2X", "QC", "CA", "06", "TR12", "fsa", False)
    assert got[2][1] == "unknown"


def test_municipality_gives_the_distance_when_there_is_no_postal_code(con):
    add_responses(con, [
        {"municipality": "Trois-Rivières", "overnight": False},
        {"municipality": "St-Nicolas", "overnight": False},   # an alias: a sector of Lévis
        {"municipality": "trois rivieres", "province": "ON", "overnight": False},  # not in Quebec
    ])
    got = derived(con, "provenance_category, distance_km, admin_region_code, location_basis, location_approximate")
    tr, levis = municipality_row("Trois-Rivières"), municipality_row("Lévis")
    expected_tr = cosine_law_km(float(tr["latitude"]), float(tr["longitude"]), MUSEUM[7], MUSEUM[8])
    expected_levis = cosine_law_km(float(levis["latitude"]), float(levis["longitude"]), MUSEUM[7], MUSEUM[8])
    assert got[0] == (1, "excursionist", pytest.approx(round(expected_tr, 1), abs=0.051), "04", "municipality", True)
    assert got[1] == (2, "local", pytest.approx(round(expected_levis, 1), abs=0.051), "12", "municipality", True)
    assert got[2] == (3, "unknown", None, None, None, None)


def test_foreign_residents_live_beyond_40_km(con):
    add_responses(con, [
        {"country": "FR", "overnight": False},
        {"country": "US", "postal_code": "10001", "overnight": False},
        {"country": "US"},
    ])
    got = derived(con, "provenance_category, lives_beyond_40km, distance_km, fsa")
    assert got == [(1, "excursionist", True, None, None), (2, "excursionist", True, None, None),
                   (3, "unknown", True, None, None)]


def test_nothing_known_is_unknown(con):
    add_responses(con, [{}, {"overnight": False}, {"municipality": "Atlantide", "overnight": False}])
    got = derived(con, "provenance_category, distance_km, lives_beyond_40km, location_approximate")
    assert got == [(1, "unknown", None, None, None), (2, "unknown", None, None, None),
                   (3, "unknown", None, None, None)]


def test_self_report_is_used_only_without_a_distance(con):
    add_responses(con, [
        {"lives_over_40km": True, "overnight": False},
        {"lives_over_40km": False, "overnight": False},
        {"postal_code": "G1R2L3", "lives_over_40km": True, "overnight": False},   # distance wins
        {"postal_code": "H2X1Y4", "lives_over_40km": False, "overnight": False},  # distance wins
    ])
    got = derived(con, "provenance_category, lives_beyond_40km")
    assert got == [(1, "excursionist", True), (2, "local", False), (3, "local", False), (4, "excursionist", True)]


def test_ontario_postal_code_is_ontario_without_a_quebec_region(con):
    add_responses(con, [
        {"postal_code": "K1A0B1", "overnight": False},
        {"postal_code": "K1A0B1", "overnight": True},
    ])
    got = derived(con, "fsa, province, country, admin_region_code, tourist_region_code, distance_km, provenance_category")
    assert got == [(1, "K1A", "ON", "CA", None, None, None, "unknown"),
                   (2, "K1A", "ON", "CA", None, None, None, "tourist")]


def test_rural_fsa_location_is_flagged_approximate(con):
    add_responses(con, [{"postal_code": "G0A1A0", "overnight": False}])
    (row,) = derived(con, "fsa, admin_region_code, location_basis, location_approximate")
    assert row == (1, "G0A", "03", "fsa", True)


def test_user_crosswalk_row_overrides_the_shipped_row(con, tmp_path):
    add_responses(con, [{"postal_code": "G1R2L3", "overnight": False}])
    assert derived(con, "provenance_category, admin_region_code") == [(1, "local", "03")]
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text(
        "fsa,admin_region_code,tourist_region_code,latitude,longitude\nG1R,02,TR16,48.4300,-71.0700\n",
        encoding="utf-8")
    load_reference(con, user_crosswalk=crosswalk)
    expected = cosine_law_km(48.43, -71.07, MUSEUM[7], MUSEUM[8])
    got = derived(con, "provenance_category, admin_region_code, tourist_region_code, distance_km")
    assert got == [(1, "excursionist", "02", "TR16", pytest.approx(round(expected, 1), abs=0.051))]
    # reloading the reference data without a user file keeps the user's crosswalk in force
    load_reference(con)
    assert derived(con, "provenance_category, admin_region_code") == [(1, "excursionist", "02")]
    # a header-only crosswalk withdraws it, and the shipped row applies again
    empty = tmp_path / "empty.csv"
    empty.write_text("fsa,admin_region_code,tourist_region_code,latitude,longitude\n", encoding="utf-8")
    load_reference(con, user_crosswalk=empty)
    assert derived(con, "provenance_category, admin_region_code") == [(1, "local", "03")]
