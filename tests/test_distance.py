"""Distance travelled (SQL macros of sql/models/macros/provenance_rules.sql) and its reference data.

Expected values are computed here in plain Python, from the reference files and a haversine written
out below, never by calling the package's own distance code; the shore of each place is checked
against what is known of Quebec's geography (which region lies on which shore).
"""

from __future__ import annotations

import csv

import pytest

from smq_analytics import store
from smq_analytics.paths import reference_dir
from smq_analytics.reference import load_reference, read_reference_csv

from distance_support import (
    KAMOURASKA,
    OLD_QUEBEC,
    plain_haversine_km,
    centreline,
    crossings,
    plain_shore,
    expected_travel,
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = store.connect(tmp_path_factory.mktemp("distance") / "t.duckdb", read_only=False)
    load_reference(connection)
    yield connection
    connection.close()


def shore(con, lat, lon):
    return con.execute("SELECT river_shore(?, ?)", [lat, lon]).fetchall()[0][0]


def route(con, home, museum):
    value = con.execute("SELECT travel_route(?, ?, ?, ?)", [*home, *museum]).fetchall()[0][0]
    return None if value is None else (round(value["km"], 1), value["via"])


# --- reference files -------------------------------------------------------------------------------


def test_centreline_runs_downstream_with_increasing_longitude():
    rows = read_reference_csv("river_centreline.csv")
    assert [int(r["seq"]) for r in rows] == list(range(1, len(rows) + 1))
    longitudes = [float(r["longitude"]) for r in rows]
    assert all(a < b for a, b in zip(longitudes, longitudes[1:]))
    assert longitudes[0] < -71.29 < longitudes[1] + 0.06  # starts just upstream of the Québec bridges
    assert longitudes[-1] >= -61.5  # reaches the Gulf
    assert all(r["note"] for r in rows)  # every vertex names its landmarks


def test_crossings_are_the_bridges_and_the_river_ferries():
    rows = {r["crossing_id"]: r for r in crossings()}
    assert set(rows) == {
        "quebec_bridges",
        "quebec_levis",
        "saint_simeon_riviere_du_loup",
        "les_escoumins_trois_pistoles",
        "baie_comeau_matane",
        "godbout_matane",
    }
    assert {r["kind"] for r in rows.values()} == {"bridge", "ferry"}
    assert [i for i, r in rows.items() if r["kind"] == "bridge"] == ["quebec_bridges"]
    # the crossing itself, as a straight line between the ends: bridges ~1 km, Matane-Baie-Comeau ~60 km by sea
    length = {
        i: plain_haversine_km(
            float(r["north_latitude"]),
            float(r["north_longitude"]),
            float(r["south_latitude"]),
            float(r["south_longitude"]),
        )
        for i, r in rows.items()
    }
    assert length["quebec_bridges"] < 2 and length["quebec_levis"] < 2
    assert 20 < length["saint_simeon_riviere_du_loup"] < 28 and 25 < length["les_escoumins_trois_pistoles"] < 35
    assert 50 < length["godbout_matane"] < length["baie_comeau_matane"] < 70


def test_every_crossing_end_lies_on_its_own_shore(con):
    for c in crossings():
        assert shore(con, float(c["north_latitude"]), float(c["north_longitude"])) == "north", c["crossing_id"]
        assert shore(con, float(c["south_latitude"]), float(c["south_longitude"])) == "south", c["crossing_id"]


# Which shore each administrative region lies on, downstream of Québec (ISQ codes).
NORTH_REGIONS = {"02", "03", "09", "10"}  # Saguenay–Lac-Saint-Jean, Capitale-Nationale, Côte-Nord, Nord-du-Québec
SOUTH_REGIONS = {"01", "05", "11", "12"}  # Bas-Saint-Laurent, Estrie, Gaspésie–Îles, Chaudière-Appalaches


def _places_in_range():
    lo, hi = centreline()[0][0], centreline()[-1][0]
    places = [
        (r["name"], r["admin_region_code"], float(r["latitude"]), float(r["longitude"]))
        for r in read_reference_csv("municipalities.csv")
    ]
    places += [
        (r["fsa"], r["admin_region_code"], float(r["latitude"]), float(r["longitude"]))
        for r in read_reference_csv("fsa_quebec.csv")
    ]
    return [p for p in places if lo <= p[3] <= hi]


def test_every_place_downstream_lies_on_the_shore_of_its_region(con):
    places = _places_in_range()
    assert len(places) >= 120
    wrong = []
    for name, region, lat, lon in places:
        assert region in NORTH_REGIONS | SOUTH_REGIONS, (name, region)
        expected = "north" if region in NORTH_REGIONS else "south"
        if shore(con, lat, lon) != expected:
            wrong.append((name, region, lat, lon))
    assert wrong == []


def test_quebec_city_fsas_are_north_and_levis_fsas_south(con):
    rows = read_reference_csv("fsa_quebec.csv")
    lo = centreline()[0][0]
    quebec = [r for r in rows if r["basis"].endswith("regions of Québec") and float(r["longitude"]) >= lo]
    levis = [r for r in rows if r["basis"].endswith("regions of Lévis") and float(r["longitude"]) >= lo]
    assert len(quebec) >= 25 and len(levis) >= 6
    assert {shore(con, float(r["latitude"]), float(r["longitude"])) for r in quebec} == {"north"}
    assert {shore(con, float(r["latitude"]), float(r["longitude"])) for r in levis} == {"south"}


def test_no_shore_upstream_of_the_line_or_past_the_gulf(con):
    assert shore(con, 45.5017, -73.5673) is None  # Montréal
    assert shore(con, 46.3432, -72.5477) is None  # Trois-Rivières
    assert shore(con, 47.38, -61.86) == "south"  # Magdalen Islands, inside the line's range
    assert shore(con, 51.42, -57.13) is None  # Blanc-Sablon, past the Gulf end
    assert shore(con, None, -70.0) is None


def test_sql_shore_matches_the_documented_rule_everywhere(con):
    """A grid over the estuary: SQL and the plain-Python reading of the README agree point by point."""
    points = [(46.0 + i * 0.25, -71.5 + j * 0.5) for i in range(20) for j in range(22)]
    got = con.execute(
        "SELECT river_shore(lat, lon) FROM (SELECT unnest(?::DOUBLE[]) AS lat, unnest(?::DOUBLE[]) AS lon,"
        " unnest(range(?)) AS i) ORDER BY i",
        [[p[0] for p in points], [p[1] for p in points], len(points)],
    ).fetchall()
    assert [g[0] for g in got] == [plain_shore(*p) for p in points]


# --- travel distance -------------------------------------------------------------------------------


def test_same_shore_is_the_great_circle_times_the_circuity_factor(con):
    riviere_du_loup = (47.8559, -69.5376)  # G5R, same (south) shore as Kamouraska
    km, via = route(con, riviere_du_loup, KAMOURASKA)
    assert via == "direct"
    assert km == pytest.approx(round(1.2 * plain_haversine_km(*riviere_du_loup, *KAMOURASKA), 1), abs=0.051)
    montreal, quebec = (45.5017, -73.5673), (46.8139, -71.2080)
    assert route(con, montreal, quebec)[0] == pytest.approx(1.2 * 233.6, abs=1.5)  # ~233 km straight


def test_the_review_case_la_malbaie_to_kamouraska_goes_by_the_saint_simeon_ferry(con):
    la_malbaie, clermont = (47.6259, -70.0967), (47.6950, -70.2239)  # G5A, G4A centroids
    for home in (la_malbaie, clermont):
        straight = plain_haversine_km(*home, *KAMOURASKA)
        assert 15 < straight < 35  # a « local » as the crow flies
        km, via = route(con, home, KAMOURASKA)
        assert via == "saint_simeon_riviere_du_loup"
        assert (km, via) == (
            pytest.approx(expected_travel(home, KAMOURASKA)[0], abs=0.051),
            expected_travel(home, KAMOURASKA)[1],
        )
        assert 95 < km < 115  # about 100 km by road and ferry: certainly not local
    # and the same trip the other way round
    assert route(con, KAMOURASKA, la_malbaie) == route(con, la_malbaie, KAMOURASKA)


def test_levis_to_old_quebec_takes_the_ferry_and_far_upstream_the_bridges(con):
    levis_north = (46.8207, -71.1787)  # G6V
    km, via = route(con, levis_north, OLD_QUEBEC)
    terminal_q, terminal_l = (46.8136, -71.2016), (46.8107, -71.1847)
    by_hand = 1.2 * (
        plain_haversine_km(*levis_north, *terminal_l) + plain_haversine_km(*terminal_q, *OLD_QUEBEC)
    ) + plain_haversine_km(*terminal_l, *terminal_q)
    assert via == "quebec_levis" and km == pytest.approx(by_hand, abs=0.06)
    charny = (46.7228, -71.2788)  # G6X, near the bridges
    km, via = route(con, charny, OLD_QUEBEC)
    assert via == "quebec_bridges" and (km, via) == (
        pytest.approx(expected_travel(charny, OLD_QUEBEC)[0], abs=0.051),
        via,
    )


def test_north_shore_to_gaspesie_crosses_at_matane(con):
    sept_iles, rimouski, perce = (50.2206, -66.3581), (48.4525, -68.5232), (48.5236, -64.2137)
    km, via = route(con, sept_iles, perce)
    assert via in ("godbout_matane", "baie_comeau_matane") and (km, via) == (
        pytest.approx(expected_travel(sept_iles, perce)[0], abs=0.051),
        expected_travel(sept_iles, perce)[1],
    )
    assert km > 1.2 * plain_haversine_km(*sept_iles, *perce) + 100
    baie_comeau = (49.2446, -68.1442)
    assert route(con, baie_comeau, rimouski)[1] == expected_travel(baie_comeau, rimouski)[1] != "direct"


@pytest.mark.parametrize(
    "home, museum",
    [
        ((47.6259, -70.0967), KAMOURASKA),
        ((46.8207, -71.1787), OLD_QUEBEC),
        ((48.3485, -69.3935), (48.45, -68.52)),
        ((49.22, -68.15), (48.85, -67.53)),
        ((46.9, -71.15), (46.98, -70.55)),
        ((45.4, -75.7), OLD_QUEBEC),
        ((48.43, -71.07), KAMOURASKA),
        ((47.44, -70.50), (47.65, -70.15)),
        ((48.83, -64.48), (50.2, -66.38)),
    ],
)
def test_sql_travel_route_matches_the_documented_rule(con, home, museum):
    assert route(con, home, museum) == (
        pytest.approx(expected_travel(home, museum)[0], abs=0.051),
        expected_travel(home, museum)[1],
    )


def test_no_location_no_distance(con):
    assert route(con, (None, None), OLD_QUEBEC) is None


# --- the 40 km rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "self_report, km, approximate, country, beyond, basis",
    [
        (None, 39.9, False, "CA", False, "distance_precise"),
        (None, 40.0, False, "CA", True, "distance_precise"),  # 40 km or more is beyond the local radius
        (None, 40.0, True, "CA", True, "distance_approximate"),
        (False, 120.0, False, "CA", False, "self_report"),  # the respondent's answer wins
        (True, 3.0, True, "CA", True, "self_report"),
        (None, None, None, "FR", True, "residence_abroad"),
        (None, None, None, "CA", None, None),
    ],
)
def test_local_radius_answer(con, self_report, km, approximate, country, beyond, basis):
    got = con.execute(
        "SELECT local_radius_answer(?::BOOLEAN, ?::DOUBLE, ?::BOOLEAN, ?)", [self_report, km, approximate, country]
    ).fetchall()[0][0]
    assert (got or {}).get("beyond") == beyond and (got or {}).get("basis") == basis


# --- FSAs outside Quebec ------------------------------------------------------------------------------


def test_outside_quebec_table_covers_ottawa_and_the_border_regions():
    rows = {r["fsa"]: r for r in read_reference_csv("fsa_canada_outside_quebec.csv")}
    assert len(rows) >= 1200
    assert not {fsa[0] for fsa in rows} & set("GHJ")
    letters = {r["province_code"]: r["postal_letters"] for r in read_reference_csv("provinces.csv")}
    for fsa, row in rows.items():
        assert fsa[0] in letters[row["province_code"]], row
        assert row["approximate"] == ("true" if fsa[1] == "0" else "false"), row
    # Ottawa's Parliament Hill is about 1 km from the Canadian Museum of History in Gatineau
    k1p = rows["K1P"]
    assert plain_haversine_km(float(k1p["latitude"]), float(k1p["longitude"]), 45.4300, -75.7090) < 3
    assert {"K1A", "K2P", "K4A", "K0A", "K6A", "E3N", "E3V", "P0J", "A2V"} <= set(rows)
    assert rows["E3N"]["province_code"] == "NB" and rows["K0A"]["approximate"] == "true"


def test_outside_quebec_table_matches_its_source():
    with (reference_dir() / "sources" / "fsa_canada_places.csv").open(encoding="utf-8", newline="") as handle:
        source = {r["fsa"]: r for r in csv.DictReader(handle)}
    built = {r["fsa"]: r for r in read_reference_csv("fsa_canada_outside_quebec.csv")}
    assert set(source) == set(built)
    for fsa, row in built.items():
        assert (row["latitude"], row["longitude"], row["province_code"], row["place"]) == (
            source[fsa]["source_latitude"],
            source[fsa]["source_longitude"],
            source[fsa]["province_code"],
            source[fsa]["place_published"],
        )
