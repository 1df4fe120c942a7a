"""The SQL models (smq_analytics.models): creation order from declared dependencies, contracts and their
tests, and the staging views' rules checked row by row (given raw rows, expect view rows).

Expected view rows come from the documented rules computed here in Python (a hand-written haversine,
the provenance categories as docs and macros state them), never from running the view.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from ingest_support import MUSEUM
from model_support import LOADED, MUSEUM_ROW, given, memory_store, view_rows
from smq_analytics import models, store

# ----------------------------------------------------------------------------------------------------
# Creation order
# ----------------------------------------------------------------------------------------------------


def write_model(root: Path, layer: str, name: str, depends_on: list[str], body: str | None = None) -> None:
    folder = root / layer
    folder.mkdir(parents=True, exist_ok=True)
    header = f"-- depends_on: {', '.join(depends_on)}\n" if depends_on else ""
    (folder / f"{name}.sql").write_text(
        header + (body or f"CREATE OR REPLACE VIEW {name} AS SELECT 1 AS x;\n"), encoding="utf-8"
    )


def test_every_model_is_created_after_the_models_it_declares_it_reads():
    ordered = models.catalogue()
    position = {m.name: i for i, m in enumerate(ordered)}
    assert {m.name for m in ordered} >= {
        "stg_survey",
        "stg_desk_counts",
        "stg_attendance",
        "survey_responses",
        "attendance_monthly",
        "desk_counts",
        "load_summary",
    }
    for model in ordered:
        for dep in model.depends_on:
            assert position[dep] < position[model.name], (model.name, dep)


def test_the_store_creates_the_models_in_catalogue_order():
    assert store.view_files() == [m.path for m in models.catalogue()]


def migrated_without_models() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the migrations' tables only (no macro, no view)."""
    con = duckdb.connect(":memory:")
    for _, _, path in store.migrations():
        con.execute(path.read_text(encoding="utf-8"))
    return con


def closure(name: str, by_name: dict[str, models.Model]) -> set[str]:
    found = {name}
    for dep in by_name[name].depends_on:
        found |= closure(dep, by_name)
    return found


def test_each_view_builds_from_its_declared_dependencies_alone():
    """A model that reads a model it does not declare fails here, whatever file names would suggest."""
    ordered = models.catalogue()
    by_name = {m.name: m for m in ordered}
    for view in (m for m in ordered if m.is_view):
        needed = closure(view.name, by_name)
        con = migrated_without_models()
        for model in ordered:
            if model.name in needed:
                con.execute(model.path.read_text(encoding="utf-8"))
        assert con.execute(f"SELECT count(*) FROM (SELECT * FROM {view.name} LIMIT 0)").fetchall() == [(0,)]
        con.close()


def test_a_model_added_later_is_placed_by_its_declarations_not_by_its_file_name(tmp_path):
    write_model(
        tmp_path,
        "staging",
        "a_first_by_name",
        ["z_last_by_name"],
        "CREATE OR REPLACE VIEW a_first_by_name AS SELECT * FROM z_last_by_name;\n",
    )
    write_model(tmp_path, "staging", "z_last_by_name", [])
    write_model(
        tmp_path,
        "marts",
        "b_public",
        ["a_first_by_name"],
        "CREATE OR REPLACE VIEW b_public AS SELECT * FROM a_first_by_name;\n",
    )
    assert [m.name for m in models.catalogue(tmp_path)] == ["z_last_by_name", "a_first_by_name", "b_public"]
    con = duckdb.connect(":memory:")
    models.create_models(con, tmp_path)
    assert con.execute("SELECT x FROM b_public").fetchall() == [(1,)]


def test_a_dependency_cycle_is_refused_naming_the_models_on_it(tmp_path):
    write_model(tmp_path, "staging", "stg_a", ["stg_b"])
    write_model(tmp_path, "staging", "stg_b", ["stg_c"])
    write_model(tmp_path, "staging", "stg_c", ["stg_a"])
    write_model(tmp_path, "marts", "public", [])
    with pytest.raises(models.ModelError) as caught:
        models.catalogue(tmp_path)
    assert "stg_a -> stg_b -> stg_c -> stg_a" in caught.value.message.en
    assert "circulaires" in caught.value.message.fr


def test_an_unknown_dependency_is_refused_naming_the_file_and_the_name(tmp_path):
    write_model(tmp_path, "marts", "public", ["stg_missing"])
    with pytest.raises(models.ModelError) as caught:
        models.catalogue(tmp_path)
    assert "public.sql" in caught.value.message.en and "'stg_missing'" in caught.value.message.en
    assert "« stg_missing »" in caught.value.message.fr


def test_a_dependency_on_a_later_layer_is_refused(tmp_path):
    write_model(tmp_path, "staging", "stg_a", ["public"])
    write_model(tmp_path, "marts", "public", [])
    with pytest.raises(models.ModelError, match="later layer|couche ultérieure"):
        models.catalogue(tmp_path)


def test_two_models_with_one_name_are_refused(tmp_path):
    write_model(tmp_path, "staging", "same", [])
    write_model(tmp_path, "marts", "same", [])
    with pytest.raises(models.ModelError) as caught:
        models.catalogue(tmp_path)
    assert "staging/same.sql" in caught.value.message.en and "marts/same.sql" in caught.value.message.en


# ----------------------------------------------------------------------------------------------------
# Contracts
# ----------------------------------------------------------------------------------------------------


def test_every_public_view_has_a_contract_and_every_contract_a_relation():
    public = {m.name for m in models.catalogue() if m.layer == "marts"}
    contracts = {c.name: c for c in models.load_contracts()}
    assert public <= set(contracts)
    assert {n for n, c in contracts.items() if c.kind == "view"} == public
    assert {n for n, c in contracts.items() if c.kind == "table"} == {
        "load_ledger",
        "quarantine",
        "item_problems",
        "survey_item_scales",
    }


def test_the_contract_tests_pass_on_the_demo_store():
    db = os.environ.get("SMQ_DB", "")
    with store.open_store(db) as con:
        assert models.run_contract_tests(con) == []


def test_a_null_in_a_column_the_contract_says_is_never_null_is_reported(con):
    """The failure names the view, the column, the test and how many rows break it."""
    given(con, "raw_survey", [{"visit_date": date(2024, 7, 3)}, {"visit_date": None}, {"visit_date": None}])
    survey = next(c for c in models.load_contracts() if c.name == "survey_responses")
    stricter = survey.model_copy(
        update={
            "columns": tuple(
                c.model_copy(update={"tests": (*c.tests, models.ColumnTest.model_validate("not_null"))})
                if c.name == "visit_date"
                else c
                for c in survey.columns
            )
        }
    )
    assert models.run_contract_tests(con, [survey]) == []
    failures = models.run_contract_tests(con, [stricter])
    assert [(f.relation, f.column, f.test, f.failing_rows) for f in failures] == [
        ("survey_responses", "visit_date", "not_null", 2)
    ]
    assert len(failures[0].sample) == 2 and "visit_date" in str(failures[0])


def test_a_value_outside_the_accepted_values_and_a_repeated_key_are_reported(con):
    given(
        con,
        "raw_desk_counts",
        [
            {
                "period_start": date(2024, 7, 1),
                "period_end": date(2024, 7, 1),
                "origin_category": "local",
                "visitors": 3,
            },
            {
                "period_start": date(2024, 7, 1),
                "period_end": date(2024, 7, 1),
                "origin_category": "martians",
                "visitors": 1,
            },
        ],
    )
    failures = models.run_contract_tests(con, [c for c in models.load_contracts() if c.name == "desk_counts"])
    assert [(f.relation, f.column, f.failing_rows, f.sample) for f in failures] == [
        ("desk_counts", "origin_category", 1, ("martians",))
    ]
    assert failures[0].test.startswith("accepted_values")
    table = models.Contract.model_validate(
        {
            "name": "raw_desk_counts",
            "kind": "table",
            "description": "d",
            "grain": "g",
            "unique_key": ["museum_id", "period_start"],
            "columns": [
                {"name": "museum_id", "type": "VARCHAR", "description": "m"},
                {"name": "period_start", "type": "DATE", "description": "p"},
            ],
        }
    )
    assert [(f.column, f.test, f.failing_rows) for f in models.run_contract_tests(con, [table])] == [
        ("museum_id, period_start", "unique_key", 2)
    ]


def test_a_documented_column_the_relation_lacks_or_types_differently_is_reported(con):
    table = models.Contract.model_validate(
        {
            "name": "load_summary",
            "kind": "view",
            "description": "d",
            "grain": "g",
            "columns": [
                {"name": "museum_id", "type": "INTEGER", "description": "m"},
                {"name": "no_such_column", "type": "VARCHAR", "description": "x", "tests": ["not_null"]},
            ],
        }
    )
    failures = models.run_contract_tests(con, [table])
    assert [(f.column, f.test, f.sample) for f in failures] == [
        ("museum_id", "type INTEGER", ("VARCHAR",)),
        ("no_such_column", "exists", ()),
    ]


def write_contract(root: Path, name: str, text: str) -> Path:
    (root / "marts").mkdir(parents=True, exist_ok=True)
    path = root / "marts" / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


VALID = """\
name: public
kind: view
description: d
grain: g
columns:
- name: x
  type: INTEGER
  description: a column
  tests: [not_null, {accepted_values: ['1']}]
"""


def test_a_valid_contract_file_loads(tmp_path):
    write_contract(tmp_path, "public", VALID)
    (contract,) = models.read_contract_file(tmp_path / "marts" / "public.yml").contracts
    assert [t.kind for t in contract.columns[0].tests] == ["not_null", "accepted_values"]
    assert contract.columns[0].tests[1].accepted == ("1",)


@pytest.mark.parametrize(
    "change, where",
    [
        (("columns:", "colums:"), "colums"),  # a misspelt key
        (("{accepted_values: ['1']}", "{accepted_values: []}"), "columns.0.tests.1"),  # a test without values
        (("not_null", "not_nul"), "columns.0.tests.0"),  # an unknown test
        (("kind: view", "kind: vue"), "kind"),
    ],
)
def test_a_malformed_contract_is_refused_naming_the_file_and_the_key(tmp_path, change, where):
    path = write_contract(tmp_path, "public", VALID.replace(*change))
    with pytest.raises(models.ModelError) as caught:
        models.read_contract_file(path)
    assert "public.yml" in caught.value.message.en and where in caught.value.message.en
    assert "public.yml" in caught.value.message.fr and "contrat invalide" in caught.value.message.fr


def test_a_contract_named_unlike_its_file_is_refused(tmp_path):
    path = write_contract(tmp_path, "other", VALID)
    with pytest.raises(models.ModelError, match="other"):
        models.read_contract_file(path)


# ----------------------------------------------------------------------------------------------------
# Staging views: given raw rows, expect view rows
# ----------------------------------------------------------------------------------------------------


@pytest.fixture
def memory():
    con = memory_store()
    yield con
    con.close()


def test_stratum_month_is_the_year_and_month_of_the_visit_or_empty_without_a_date(memory):
    dates = [date(2024, 7, 15), date(2024, 12, 1), date(2025, 1, 31), None]
    given(memory, "raw_survey", [{"visit_date": d} for d in dates])
    expected = [{"visit_date": d, "stratum_month": f"{d.year:04d}-{d.month:02d}" if d else ""} for d in dates]
    assert view_rows(memory, "stg_survey", ["visit_date", "stratum_month"]) == sorted(
        expected, key=lambda r: (r["visit_date"] is not None, r["visit_date"] or date.min)
    )


def documented_category(overnight, nights, beyond):
    """The Ministère du Tourisme categories as DATA_DICTIONARY.md states them (tourist: a night away,
    asked directly or counted; local: under 40 km; excursionist: 40 km or more, same day)."""
    stayed = overnight if overnight is not None else (nights > 0 if nights is not None else None)
    if stayed:
        return "tourist", "overnight"
    if beyond is False:
        return "local", None
    if beyond and stayed is False:
        return "excursionist", None
    return "unknown", None


def test_the_provenance_category_follows_nights_away_and_the_respondents_own_answer(memory):
    answers = [  # overnight, nights, lives_over_40km, country
        (True, None, None, None),
        (None, 2, False, None),
        (None, 0, True, None),
        (False, None, False, None),
        (False, None, True, None),
        (None, None, True, None),
        (False, None, None, "FR"),
        (None, None, None, None),
    ]
    given(
        memory,
        "raw_survey",
        [{"overnight": o, "nights": n, "lives_over_40km": s, "country": c} for o, n, s, c in answers],
    )
    expected = []
    for number, (overnight, nights, self_report, country) in enumerate(answers, start=2):
        beyond = self_report if self_report is not None else (True if country not in (None, "CA") else None)
        category, basis = documented_category(overnight, nights, beyond)
        if basis is None and category != "unknown":
            basis = "self_report" if self_report is not None else "residence_abroad"
        expected.append({"row_number": number, "provenance_category": category, "category_basis": basis})
    assert view_rows(memory, "stg_survey", ["row_number", "provenance_category", "category_basis"]) == expected


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_the_distance_travelled_decides_local_or_excursionist_and_says_when_the_place_is_approximate(memory):
    """No river centre line loaded: every route is direct, 1.2 x the great-circle distance (road circuity)."""
    places = {"G1R": (46.80, -71.24, False), "G0A": (47.30, -70.60, True)}  # near the museum; ~70 km away
    given(
        memory,
        "ref_fsa",
        [
            {
                "fsa": fsa,
                "admin_region_code": "03",
                "tourist_region_code": "TR04",
                "latitude": lat,
                "longitude": lon,
                "approximate": approx,
                "origin": "shipped",
            }
            for fsa, (lat, lon, approx) in places.items()
        ],
    )
    given(memory, "raw_survey", [{"postal_code": fsa, "province": "QC", "overnight": False} for fsa in places])
    rows = view_rows(
        memory,
        "stg_survey",
        [
            "fsa",
            "location_basis",
            "straight_line_km",
            "distance_km",
            "distance_route",
            "lives_beyond_40km",
            "provenance_category",
            "category_basis",
            "category_approximate",
        ],
    )
    assert [r["fsa"] for r in rows] == sorted(places)
    for row in rows:
        lat, lon, approximate = places[row["fsa"]]
        km = haversine_km(lat, lon, MUSEUM_ROW["latitude"], MUSEUM_ROW["longitude"])
        assert row["straight_line_km"] == pytest.approx(km, abs=0.051)
        assert row["distance_km"] == pytest.approx(1.2 * km, abs=0.051)
        beyond = 1.2 * km >= 40
        assert (row["location_basis"], row["distance_route"], row["lives_beyond_40km"]) == ("fsa", "direct", beyond)
        assert row["provenance_category"] == ("excursionist" if beyond else "local")
        assert row["category_basis"] == ("distance_approximate" if approximate else "distance_precise")
        assert row["category_approximate"] is approximate


def test_stg_desk_counts_dates_each_tally_by_the_year_and_month_of_its_first_day(memory):
    tallies = [(date(2024, 6, 28), date(2024, 7, 4), "local", 12), (date(2024, 7, 1), date(2024, 7, 1), "unknown", 3)]
    given(
        memory,
        "raw_desk_counts",
        [{"period_start": s, "period_end": e, "origin_category": o, "visitors": v} for s, e, o, v in tallies],
    )
    assert view_rows(memory, "stg_desk_counts", ["period_start", "year", "month", "origin_category", "visitors"]) == [
        {"period_start": s, "year": s.year, "month": s.month, "origin_category": o, "visitors": v}
        for s, _, o, v in sorted(tallies)
    ]


def test_stg_attendance_keeps_the_most_recently_loaded_figure_for_each_month_and_site(memory):
    july, august = date(2024, 7, 1), date(2024, 8, 1)
    loaded = {1: LOADED, 2: datetime(2024, 10, 1), 3: datetime(2024, 9, 15)}  # load 3 predates load 2
    rows = [  # load_id, month, site, total
        (1, july, "", 100),
        (2, july, "", 120),
        (3, july, "", 110),
        (1, august, "", 90),
        (1, august, "annexe", 7),
        (3, august, "annexe", 9),
    ]
    given(
        memory,
        "raw_attendance",
        [{"load_id": i, "month": m, "site": s, "total": t} for i, m, s, t in rows],
        loaded_at=loaded,
    )
    latest: dict[tuple, tuple] = {}
    for load_id, month, site, total in rows:
        key = (month, site)
        if key not in latest or (loaded[load_id], load_id) > (loaded[latest[key][0]], latest[key][0]):
            latest[key] = (load_id, total)
    expected = [{"month": m, "site": s, "load_id": i, "total": t} for (m, s), (i, t) in sorted(latest.items())]
    assert view_rows(memory, "stg_attendance", ["month", "site", "load_id", "total"]) == expected
    assert {r["museum_id"] for r in view_rows(memory, "stg_attendance", ["museum_id"])} == {MUSEUM}


def documented_scales(recorded: list[tuple[str, str, str]]) -> tuple[str, str]:
    """satisfaction_scale and recommend_scale as DATA_DICTIONARY.md states them, from a load's recorded
    (item, scale_group, scale): the shared scale of its satisfaction items ('mixed' when they differ),
    the scale of recommend; scale4 when nothing is recorded (a load made before migration 0007)."""
    satisfaction = {scale for _, group, scale in recorded if group == "satisfaction"}
    recommend = [scale for item, _, scale in recorded if item == "recommend"]
    shared = "mixed" if len(satisfaction) > 1 else next(iter(satisfaction), "scale4")
    return shared, (recommend[0] if recommend else "scale4")


def test_survey_responses_show_the_scale_of_each_load_and_two_seasons_keep_their_own(memory):
    recorded = {
        1: [],  # loaded before 0007: nothing recorded
        2: [("sat_overall", "satisfaction", "scale5"), ("recommend", "recommendation", "scale5")],
        3: [("sat_overall", "satisfaction", "scale4"), ("recommend", "recommendation", "scale0_10")],
        4: [("sat_overall", "satisfaction", "scale0_10"), ("sat_shop", "satisfaction", "scale5")],
    }
    seasons = {1: 2022, 2: 2023, 3: 2024, 4: 2025}
    given(memory, "raw_survey", [{"load_id": n, "survey_year": seasons[n], "sat_overall": 4} for n in recorded])
    given(
        memory,
        "survey_item_scales",
        [
            {"load_id": n, "item": item, "scale_group": group, "scale": scale}
            for n, entries in recorded.items()
            for item, group, scale in entries
        ],
    )
    expected = [
        dict(
            zip(
                ("load_id", "survey_year", "satisfaction_scale", "recommend_scale"),
                (n, seasons[n], *documented_scales(e)),
            )
        )
        for n, e in recorded.items()
    ]
    columns = ["load_id", "survey_year", "satisfaction_scale", "recommend_scale"]
    assert view_rows(memory, "survey_responses", columns) == expected
    assert view_rows(memory, "stg_survey", columns) == expected
