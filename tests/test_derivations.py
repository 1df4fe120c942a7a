"""Derived provenance fields of stg_survey (fsa, region, distance, category) on hand-built responses."""

from __future__ import annotations

import math

import pytest

from smq_analytics import store
from smq_analytics.reference import load_reference, read_reference_csv
from smq_analytics.reference_build import haversine_km as python_haversine_km
from distance_support import CIRCUITY, expected_travel, plain_haversine_km

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
    connection.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code, municipality, latitude, longitude) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        list(MUSEUM),
    )
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
    ((45.5017, -73.5673), (46.8139, -71.2080)),  # Montréal – Québec, about 233 km
    ((45.4765, -75.7013), (45.5017, -73.5673)),  # Gatineau – Montréal
    ((48.8319, -64.4813), (48.4525, -68.5232)),  # Gaspé – Rimouski
    ((46.8123, -71.2050), (46.7890, -71.2936)),  # across Québec city, a few km
    ((45.0000, -74.6400), (62.2000, -75.6400)),  # Akwesasne – Salluit, the length of Quebec
    ((46.8123, -71.2050), (48.8566, 2.3522)),  # Québec – Paris
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
    add_responses(
        con,
        [
            {"postal_code": "G1R2L3", "overnight": True},
            {"postal_code": "H2X1Y4", "overnight": True},
            {"country": "FR", "nights": 3},  # overnight not asked, nights answer it
        ],
    )
    assert [category for _, category in derived(con)] == ["tourist", "tourist", "tourist"]


def test_within_40_km_is_local_and_beyond_same_day_is_excursionist(con):
    add_responses(
        con,
        [
            {"postal_code": "G1V0A6", "overnight": False},  # Sainte-Foy
            {"postal_code": "H2X1Y4", "overnight": False},  # Montréal
            {"postal_code": "H2X1Y4"},  # Montréal, overnight unknown
        ],
    )
    got = derived(
        con,
        "provenance_category, distance_km, fsa, province, country, admin_region_code, "
        "tourist_region_code, location_basis, location_approximate, straight_line_km, distance_route",
    )
    g1v, h2x = fsa_row("G1V"), fsa_row("H2X")
    near = cosine_law_km(float(g1v["latitude"]), float(g1v["longitude"]), MUSEUM[7], MUSEUM[8])
    far = cosine_law_km(float(h2x["latitude"]), float(h2x["longitude"]), MUSEUM[7], MUSEUM[8])
    assert CIRCUITY * near < 40 <= CIRCUITY * far
    # same (north) shore, or Montréal upstream of the Québec bridges: great circle x road circuity
    assert got[0] == (
        1,
        "local",
        pytest.approx(round(1.2 * near, 1), abs=0.051),
        "G1V",
        "QC",
        "CA",
        "03",
        "TR04",
        "fsa",
        False,
        pytest.approx(round(near, 1), abs=0.051),
        "direct",
    )
    assert got[1] == (
        2,
        "excursionist",
        pytest.approx(round(1.2 * far, 1), abs=0.051),
        "H2X",
        "QC",
        "CA",
        "06",
        "TR12",
        "fsa",
        False,
        pytest.approx(round(far, 1), abs=0.051),
        "direct",
    )
    assert got[2][1] == "unknown"


def test_municipality_gives_the_distance_when_there_is_no_postal_code(con):
    add_responses(
        con,
        [
            {"municipality": "Trois-Rivières", "overnight": False},
            {"municipality": "St-Nicolas", "overnight": False},  # an alias: a sector of Lévis
            {"municipality": "trois rivieres", "province": "ON", "overnight": False},  # not in Quebec
        ],
    )
    got = derived(
        con, "provenance_category, distance_km, admin_region_code, location_basis, location_approximate, distance_route"
    )
    tr, levis = municipality_row("Trois-Rivières"), municipality_row("Lévis")
    expected_tr = 1.2 * cosine_law_km(float(tr["latitude"]), float(tr["longitude"]), MUSEUM[7], MUSEUM[8])
    # Lévis is across the river from Old Québec: the trip takes the Québec-Lévis ferry
    levis_km, levis_via = expected_travel((float(levis["latitude"]), float(levis["longitude"])), MUSEUM[7:9])
    assert levis_via == "quebec_levis"
    assert got[0] == (
        1,
        "excursionist",
        pytest.approx(round(expected_tr, 1), abs=0.051),
        "04",
        "municipality",
        True,
        "direct",
    )
    assert got[1] == (2, "local", pytest.approx(levis_km, abs=0.051), "12", "municipality", True, "quebec_levis")
    assert got[2] == (3, "unknown", None, None, None, None, None)


def test_foreign_residents_live_beyond_40_km(con):
    add_responses(
        con,
        [
            {"country": "FR", "overnight": False},
            {"country": "US", "postal_code": "10001", "overnight": False},
            {"country": "US"},
        ],
    )
    got = derived(con, "provenance_category, lives_beyond_40km, distance_km, fsa")
    assert got == [
        (1, "excursionist", True, None, None),
        (2, "excursionist", True, None, None),
        (3, "unknown", True, None, None),
    ]


def test_nothing_known_is_unknown(con):
    add_responses(con, [{}, {"overnight": False}, {"municipality": "Atlantide", "overnight": False}])
    got = derived(con, "provenance_category, distance_km, lives_beyond_40km, location_approximate")
    assert got == [(1, "unknown", None, None, None), (2, "unknown", None, None, None), (3, "unknown", None, None, None)]


def test_the_respondents_own_answer_wins_over_the_distance(con):
    add_responses(
        con,
        [
            {"lives_over_40km": True, "overnight": False},
            {"lives_over_40km": False, "overnight": False},
            {"postal_code": "G1R2L3", "lives_over_40km": True, "overnight": False},  # 1 km away, but says beyond
            {"postal_code": "H2X1Y4", "lives_over_40km": False, "overnight": False},  # Montréal, but says within
            {"postal_code": "G1R2L3", "overnight": False},  # not asked: the distance decides
            {"country": "FR", "lives_over_40km": False, "overnight": False},  # even from abroad
        ],
    )
    got = derived(con, "provenance_category, lives_beyond_40km, category_basis, distance_km IS NOT NULL")
    assert got == [
        (1, "excursionist", True, "self_report", False),
        (2, "local", False, "self_report", False),
        (3, "excursionist", True, "self_report", True),
        (4, "local", False, "self_report", True),
        (5, "local", False, "distance_precise", True),
        (6, "local", False, "self_report", False),
    ]


def outside_row(fsa):
    return {row["fsa"]: row for row in read_reference_csv("fsa_canada_outside_quebec.csv")}[fsa]


def test_ontario_postal_code_is_ontario_without_a_quebec_region_but_with_a_distance(con):
    add_responses(
        con,
        [
            {"postal_code": "K1A0B1", "overnight": False},
            {"postal_code": "K1A0B1", "overnight": True},
            {"postal_code": "K0A1A0", "overnight": False},  # rural: approximate
            {"postal_code": "K1A0B1", "province": "NB", "overnight": False},  # province and FSA disagree
        ],
    )
    got = derived(
        con,
        "fsa, province, country, admin_region_code, tourist_region_code, distance_km, "
        "provenance_category, location_basis, location_approximate, category_basis",
    )
    k1a, k0a = outside_row("K1A"), outside_row("K0A")
    to_k1a = 1.2 * plain_haversine_km(float(k1a["latitude"]), float(k1a["longitude"]), *MUSEUM[7:9])
    to_k0a = 1.2 * plain_haversine_km(float(k0a["latitude"]), float(k0a["longitude"]), *MUSEUM[7:9])
    assert got == [
        (
            1,
            "K1A",
            "ON",
            "CA",
            None,
            None,
            pytest.approx(round(to_k1a, 1), abs=0.051),
            "excursionist",
            "fsa",
            False,
            "distance_precise",
        ),
        (
            2,
            "K1A",
            "ON",
            "CA",
            None,
            None,
            pytest.approx(round(to_k1a, 1), abs=0.051),
            "tourist",
            "fsa",
            False,
            "overnight",
        ),
        (
            3,
            "K0A",
            "ON",
            "CA",
            None,
            None,
            pytest.approx(round(to_k0a, 1), abs=0.051),
            "excursionist",
            "fsa",
            True,
            "distance_approximate",
        ),
        (4, "K1A", "NB", "CA", None, None, None, "unknown", None, None, None),
    ]


def test_same_day_visitors_from_ottawa_are_locals_of_a_gatineau_museum(con):
    con.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,"
        " municipality, latitude, longitude) VALUES ('MGAT', 'Musée Gatineau', 'history', 'small', '07', 'TR14',"
        " 'Gatineau', 45.4300, -75.7090)"
    )
    for number, postal in enumerate(["K1P5J2", "K2J1A1", "K1A0B1"], start=1):
        con.execute(
            "INSERT INTO raw_survey (load_id, row_number, museum_id, survey_year, postal_code, overnight) "
            "VALUES (2, ?, 'MGAT', 2024, ?, false)",
            [number, postal],
        )
    got = con.execute(
        "SELECT fsa, distance_km, provenance_category FROM stg_survey WHERE museum_id = 'MGAT' ORDER BY row_number"
    ).fetchall()
    expected = [
        1.2
        * plain_haversine_km(float(outside_row(f)["latitude"]), float(outside_row(f)["longitude"]), 45.4300, -75.7090)
        for f in ("K1P", "K2J", "K1A")
    ]
    assert [km for _, km, _ in got] == [pytest.approx(round(km, 1), abs=0.051) for km in expected]
    assert [c for *_, c in got] == ["local" if km < 40 else "excursionist" for km in expected] == ["local"] * 3


def test_rural_fsa_location_is_flagged_approximate(con):
    add_responses(con, [{"postal_code": "G0A1A0", "overnight": False}])
    (row,) = derived(
        con, "fsa, admin_region_code, location_basis, location_approximate, category_basis, category_approximate"
    )
    assert row == (1, "G0A", "03", "fsa", True, "distance_approximate", True)


def test_an_approximate_fsa_gives_way_to_the_declared_municipality(con):
    add_responses(
        con,
        [
            {"postal_code": "G0A1A0", "overnight": False},  # centroid in Portneuf
            {"postal_code": "G0A1A0", "municipality": "Boischatel", "overnight": False},  # 10 km from Old Québec
            {"postal_code": "G0A2M0", "municipality": "Les Éboulements", "overnight": False},  # Charlevoix
            {"postal_code": "G1R2L3", "municipality": "Montréal", "overnight": False},  # a precise FSA wins
            {"postal_code": "G0A1A0", "municipality": "Atlantide", "overnight": False},  # unknown: FSA kept
        ],
    )
    got = derived(
        con,
        "location_basis, location_approximate, admin_region_code, tourist_region_code, distance_km, "
        "provenance_category, category_basis",
    )
    g0a, g1r = fsa_row("G0A"), fsa_row("G1R")
    boischatel, coudres = municipality_row("Boischatel"), municipality_row("Les Éboulements")
    portneuf_km = 1.2 * plain_haversine_km(float(g0a["latitude"]), float(g0a["longitude"]), *MUSEUM[7:9])
    boischatel_km = 1.2 * plain_haversine_km(
        float(boischatel["latitude"]), float(boischatel["longitude"]), *MUSEUM[7:9]
    )
    coudres_km = 1.2 * plain_haversine_km(float(coudres["latitude"]), float(coudres["longitude"]), *MUSEUM[7:9])
    g1r_km = 1.2 * plain_haversine_km(float(g1r["latitude"]), float(g1r["longitude"]), *MUSEUM[7:9])
    assert boischatel_km < 40 <= portneuf_km
    approx = lambda km: pytest.approx(round(km, 1), abs=0.051)
    assert got == [
        (1, "fsa", True, "03", "TR04", approx(portneuf_km), "excursionist", "distance_approximate"),
        (2, "municipality", True, "03", "TR04", approx(boischatel_km), "local", "distance_approximate"),
        (3, "municipality", True, "03", "TR05", approx(coudres_km), "excursionist", "distance_approximate"),
        (4, "fsa", False, "03", "TR04", approx(g1r_km), "local", "distance_precise"),
        (5, "fsa", True, "03", "TR04", approx(portneuf_km), "excursionist", "distance_approximate"),
    ]


def test_eeyou_istchee_is_reachable_through_the_declared_municipality(con):
    names = [
        "Chisasibi",
        "Wemindji",
        "Eastmain",
        "Waskaganish",
        "Whapmagoostui",
        "Mistissini",
        "Oujé-Bougoumou",
        "Nemaska",
        "Waswanipi",
    ]
    add_responses(
        con,
        [{"postal_code": "J0M1E0", "overnight": True}]
        + [{"postal_code": "J0M1E0", "municipality": name, "overnight": True} for name in names],
    )
    got = derived(con, "admin_region_code, tourist_region_code, location_basis")
    assert got[0] == (1, "10", "TR20", "fsa")  # J0M alone: Nunavik by default
    assert got[1:] == [(n, "10", "TR19", "municipality") for n in range(2, len(names) + 2)]


def test_the_review_case_north_shore_locals_of_a_south_shore_museum(con):
    """Domaine des Anguilles sages (Kamouraska): La Malbaie and Clermont are 18-30 km across the river."""
    con.execute(
        "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,"
        " municipality, latitude, longitude) VALUES ('MKAM', 'Domaine test', 'history', 'small', '01', 'TR03',"
        " 'Kamouraska', 47.565, -69.866)"
    )
    homes = [("G5A1A1", None), ("G4A1A1", None), ("G5R1A1", None), (None, "La Pocatière")]
    for number, (postal, town) in enumerate(homes, start=1):  # La Malbaie, Clermont, Rivière-du-Loup, La Pocatière
        con.execute(
            "INSERT INTO raw_survey (load_id, row_number, museum_id, survey_year, postal_code, municipality,"
            " overnight) VALUES (3, ?, 'MKAM', 2024, ?, ?, false)",
            [number, postal, town],
        )
    got = con.execute(
        "SELECT coalesce(fsa, municipality), straight_line_km, distance_km, distance_route,"
        " provenance_category FROM stg_survey WHERE museum_id = 'MKAM' ORDER BY row_number"
    ).fetchall()
    for place, straight, km, via, category in got:
        row = fsa_row(place) if len(place) == 3 else municipality_row(place)
        home = (float(row["latitude"]), float(row["longitude"]))
        assert straight == pytest.approx(round(plain_haversine_km(*home, 47.565, -69.866), 1), abs=0.051)
        assert (km, via) == (
            pytest.approx(expected_travel(home, (47.565, -69.866))[0], abs=0.051),
            expected_travel(home, (47.565, -69.866))[1],
        )
    assert [(f, s < 40, v, c) for f, s, _, v, c in got] == [
        ("G5A", True, "saint_simeon_riviere_du_loup", "excursionist"),  # under 40 km as the crow flies
        ("G4A", True, "saint_simeon_riviere_du_loup", "excursionist"),
        ("G5R", False, "direct", "excursionist"),  # same shore, 41 km straight
        ("La Pocatière", True, "direct", "local"),  # same shore, 30 km by road
    ]


def test_forty_km_or_more_is_beyond_the_local_radius(con, tmp_path):
    """A user crosswalk places two FSAs due north of the museum, 40.0 and 39.9 km away by the rule."""
    step = math.degrees(1 / 6371.0088)  # degrees of latitude per km along a meridian
    lat_40, lat_39 = MUSEUM[7] + step * 40.0 / 1.2, MUSEUM[7] + step * 39.9 / 1.2
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text(
        "fsa,admin_region_code,tourist_region_code,latitude,longitude\n"
        f"G3S,03,TR04,{lat_40:.6f},{MUSEUM[8]}\nG3J,03,TR04,{lat_39:.6f},{MUSEUM[8]}\n",
        encoding="utf-8",
    )
    load_reference(con, user_crosswalk=crosswalk)
    add_responses(con, [{"postal_code": "G3S1A1", "overnight": False}, {"postal_code": "G3J1A1", "overnight": False}])
    assert round(1.2 * plain_haversine_km(lat_40, MUSEUM[8], *MUSEUM[7:9]), 1) == 40.0
    got = derived(con, "distance_km, lives_beyond_40km, provenance_category")
    assert got == [(1, 40.0, True, "excursionist"), (2, 39.9, False, "local")]


def test_category_basis_counts_the_classifications_that_rest_on_an_approximate_location(con):
    add_responses(
        con,
        [
            {"postal_code": "G1R2L3", "overnight": True},  # tourist
            {"postal_code": "G1R2L3", "lives_over_40km": False, "overnight": False},
            {"postal_code": "G1V0A6", "overnight": False},  # precise FSA
            {"postal_code": "G0A1A0", "overnight": False},  # rural FSA
            {"municipality": "Lévis", "overnight": False},  # municipality centre
            {"country": "US", "overnight": False},
            {"overnight": False},  # unknown
        ],
    )
    got = derived(con, "category_basis, category_approximate")
    assert got == [
        (1, "overnight", False),
        (2, "self_report", False),
        (3, "distance_precise", False),
        (4, "distance_approximate", True),
        (5, "distance_approximate", True),
        (6, "residence_abroad", False),
        (7, None, None),
    ]
    assert con.execute("SELECT count(*) FILTER (WHERE category_approximate) FROM stg_survey").fetchall() == [(2,)]


def test_user_crosswalk_row_overrides_the_shipped_row(con, tmp_path):
    add_responses(con, [{"postal_code": "G1R2L3", "overnight": False}])
    assert derived(con, "provenance_category, admin_region_code") == [(1, "local", "03")]
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text(
        "fsa,admin_region_code,tourist_region_code,latitude,longitude\nG1R,02,TR16,48.4300,-71.0700\n", encoding="utf-8"
    )
    load_reference(con, user_crosswalk=crosswalk)
    expected = 1.2 * cosine_law_km(48.43, -71.07, MUSEUM[7], MUSEUM[8])  # north shore to north shore
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
