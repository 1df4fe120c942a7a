"""Reference data: regions, provinces, countries, municipalities, the FSA crosswalk and its build."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from smq_analytics import postal, store
from smq_analytics.paths import reference_dir
from smq_analytics.geo import QUEBEC_LATITUDE, QUEBEC_LONGITUDE
from smq_analytics.reference import (
    ARTICLES_EN,
    ARTICLES_FR,
    GENDERS_FR,
    GRAMMAR_COLUMNS,
    LOCATIVES_FR,
    PLACE_FILES,
    ReferenceDataError,
    check_place_grammar,
    country_code,
    fold_name,
    grammar_problems,
    load_reference,
    municipality_index,
    province_code,
    read_reference_csv,
)
from smq_analytics.reference_build import build_crosswalk_text, build_outside_quebec_text, main as build_main

WORLD_AREAS = {"canada", "usa", "europe", "latin_america", "asia", "africa", "oceania", "other"}


def rows(name: str) -> list[dict[str, str]]:
    return read_reference_csv(name)


def inside_quebec(lat: float, lon: float) -> bool:
    return QUEBEC_LATITUDE[0] <= lat <= QUEBEC_LATITUDE[1] and QUEBEC_LONGITUDE[0] <= lon <= QUEBEC_LONGITUDE[1]


@pytest.fixture()
def con(tmp_path):
    connection = store.connect(tmp_path / "t.duckdb", read_only=False)
    yield connection
    connection.close()


# --- regions, provinces, countries ----------------------------------------------------------


def test_admin_regions_are_the_17_isq_codes():
    codes = [row["admin_region_code"] for row in rows("admin_regions.csv")]
    assert codes == [f"{n:02d}" for n in range(1, 18)]
    names = {row["admin_region_code"]: row["name_fr"] for row in rows("admin_regions.csv")}
    assert names["06"] == "Montréal" and names["10"] == "Nord-du-Québec" and names["17"] == "Centre-du-Québec"


def test_tourist_regions_are_21_with_stable_codes():
    table = rows("tourist_regions.csv")
    assert [row["tourist_region_code"] for row in table] == [f"TR{n:02d}" for n in range(1, 22)]
    names = [row["name_fr"] for row in table]
    assert len(set(names)) == 21
    assert "Côte-Nord" in names and "Duplessis" not in names and "Manicouagan" not in names
    assert {"Eeyou Istchee", "Baie-James", "Nunavik", "Cantons-de-l'Est"} <= set(names)


def test_provinces_cover_every_postal_first_letter():
    table = rows("provinces.csv")
    assert len(table) == 13 and len({row["province_code"] for row in table}) == 13
    letters = "".join(row["postal_letters"] for row in table)
    assert set(letters) == set("ABCEGHJKLMNPRSTVXY")
    assert province_code("Ont.") == "ON" and province_code("PQ") == "QC" and province_code("Qué") == "QC"


def test_countries_are_the_full_iso_list():
    table = rows("countries.csv")
    codes = [row["country_code"] for row in table]
    assert len(codes) == 249 and len(set(codes)) == 249
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert all(row["name_fr"] and row["name_en"] for row in table)
    assert {row["world_area"] for row in table} <= WORLD_AREAS
    area = {row["country_code"]: row["world_area"] for row in table}
    assert (area["CA"], area["US"], area["FR"], area["MX"], area["JP"], area["MA"], area["AU"]) == (
        "canada",
        "usa",
        "europe",
        "latin_america",
        "asia",
        "africa",
        "oceania",
    )
    assert [code for code, value in area.items() if value in ("canada", "usa")] == ["CA", "US"]


@pytest.mark.parametrize(
    "typed, code",
    [
        ("USA", "US"),
        ("Etats Unis", "US"),
        ("États-Unis d'Amérique", "US"),
        ("Angleterre", "GB"),
        ("Écosse", "GB"),
        ("allemagne", "DE"),
        ("Germany", "DE"),
        ("Suisse", "CH"),
        ("Belgique", "BE"),
        ("Corée du Sud", "KR"),
        ("Haïti", "HT"),
        ("Maroc", "MA"),
        ("Mexique", "MX"),
        ("fr", "FR"),
    ],
)
def test_country_aliases(typed, code):
    assert country_code(typed) == code


def test_unknown_country_stays_unknown():
    assert country_code("Atlantide") is None and country_code("") is None and country_code(None) is None


# --- grammar of place names ----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PLACE_FILES))
def test_every_place_row_has_a_valid_article_and_gender(kind):
    file_name, code_column = PLACE_FILES[kind]
    table = rows(file_name)
    assert table and set(GRAMMAR_COLUMNS) <= set(table[0])
    for row in table:
        where = f"{file_name} {row[code_column]}"
        assert row["article_fr"] in ARTICLES_FR, where
        assert row["gender_fr"] in GENDERS_FR, where
        assert row["locative_fr"] == "" or row["article_fr"] in LOCATIVES_FR[row["locative_fr"]], where
        assert row["article_en"] in ARTICLES_EN, where
        assert grammar_problems(row) == [], where
        name = row.get("text_name_fr") or row["name_fr"]
        if row["article_fr"] in ("le", "la"):  # le/la never before a vowel, and they give the gender
            assert (
                fold_name(name)[0] not in "aeiou" and row["gender_fr"] == {"le": "m", "la": "f"}[row["article_fr"]]
            ), where
        if row["article_fr"] == "l'":
            assert fold_name(name)[0] in "aeiouh", where


def test_every_country_has_grammar_and_the_usual_exceptions():
    table = {row["country_code"]: row for row in rows("countries.csv")}
    assert len(table) == 249
    grammar = {
        code: (table[code]["article_fr"], table[code]["gender_fr"])
        for code in ("US", "FR", "MX", "DE", "HT", "NL", "IL", "CU", "MG", "CA")
    }
    assert grammar == {
        "US": ("les", "m"),
        "FR": ("la", "f"),
        "MX": ("le", "m"),
        "DE": ("l'", "f"),
        "HT": ("", "f"),
        "NL": ("les", "m"),
        "IL": ("", "m"),
        "CU": ("", "f"),
        "MG": ("", "f"),
        "CA": ("le", "m"),
    }
    assert {code for code, row in table.items() if row["locative_fr"]} == {
        "BB",
        "BV",
        "CX",
        "DM",
        "GD",
        "IL",
        "IM",
        "NF",
    }
    assert {
        code for code in ("US", "GB", "NL", "BS", "PH", "AE", "DO", "CF") if table[code]["article_en"] != "the"
    } == set()


@pytest.mark.parametrize(
    "column, value, fr_expect",
    [
        ("article_fr", "el", "le, la, les, l' ou vide"),
        ("article_fr", "le", "l' devant « Ontario »"),
        ("gender_fr", "x", "m ou f"),
        ("locative_fr", "chez", "vide ou une locution"),
        ("article_en", "The", "the ou vide"),
    ],
)
def test_unusable_grammar_value_is_refused_with_file_row_and_column(con, tmp_path, column, value, fr_expect):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    path = folder / "provinces.csv"
    table = read_reference_csv("provinces.csv", folder)
    for row in table:
        if row["province_code"] == "ON":
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    with pytest.raises(ReferenceDataError) as error:
        load_reference(con, folder=folder)
    line = 1 + [row["province_code"] for row in table].index("ON") + 1
    assert error.value.message.fr.startswith(f"provinces.csv, ligne {line}, colonne « {column} »")
    assert fr_expect in error.value.message.fr
    assert error.value.message.en.startswith(f"provinces.csv, row {line}, column '{column}'")
    assert con.execute("SELECT count(*) FROM ref_provinces").fetchall() == [(0,)]  # nothing loaded


def test_missing_grammar_columns_are_refused(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    (folder / "admin_regions.csv").write_text(
        "admin_region_code,name_fr,name_en\n01,Bas-Saint-Laurent,Bas-Saint-Laurent\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError) as error:
        check_place_grammar(folder)
    assert "admin_regions.csv, ligne 1" in error.value.message.fr and "article_fr" in error.value.message.fr


def test_grammar_columns_reach_the_store(con):
    load_reference(con)
    assert con.execute(
        "SELECT country_code, article_fr, gender_fr, locative_fr, article_en FROM ref_countries "
        "WHERE country_code IN ('US', 'HT', 'IL') ORDER BY 1"
    ).fetchall() == [("HT", "", "f", "", ""), ("IL", "", "m", "en", ""), ("US", "les", "m", "", "the")]
    assert con.execute(
        "SELECT article_fr, locative_fr FROM ref_admin_regions WHERE admin_region_code = '03'"
    ).fetchall() == [("la", "dans la")]
    assert con.execute(
        "SELECT article_fr, text_name_fr, text_name_en FROM ref_tourist_regions WHERE tourist_region_code = 'TR04'"
    ).fetchall() == [("la", "région de Québec", "Québec City area")]
    assert con.execute(
        "SELECT article_fr, gender_fr, locative_fr FROM ref_provinces WHERE province_code = 'PE'"
    ).fetchall() == [("l'", "f", "à l'")]
    assert con.execute(
        "SELECT count(*) FROM ref_countries WHERE article_fr IS NULL OR gender_fr IS NULL"
    ).fetchall() == [(0,)]


# --- municipalities -------------------------------------------------------------------------


def test_municipalities_table():
    table = rows("municipalities.csv")
    assert list(table[0]) == ["name", "admin_region_code", "tourist_region_code", "latitude", "longitude"]
    assert len(table) >= 150
    assert len({row["name"] for row in table}) == len(table)
    admin = {row["admin_region_code"] for row in rows("admin_regions.csv")}
    tourist = {row["tourist_region_code"] for row in rows("tourist_regions.csv")}
    for row in table:
        assert row["admin_region_code"] in admin and row["tourist_region_code"] in tourist, row
        assert inside_quebec(float(row["latitude"]), float(row["longitude"])), row
    assert {row["tourist_region_code"] for row in table} == tourist  # a town in every tourist region
    assert {row["admin_region_code"] for row in table} == admin


def test_tourist_regions_that_cross_administrative_lines():
    by_name = {row["name"]: row for row in rows("municipalities.csv")}
    assert (by_name["Granby"]["admin_region_code"], by_name["Granby"]["tourist_region_code"]) == ("16", "TR08")
    assert (by_name["Baie-Saint-Paul"]["admin_region_code"], by_name["Baie-Saint-Paul"]["tourist_region_code"]) == (
        "03",
        "TR05",
    )
    assert (by_name["Matane"]["admin_region_code"], by_name["Matane"]["tourist_region_code"]) == ("01", "TR02")
    assert (
        by_name["Chisasibi"]["tourist_region_code"] == "TR19" and by_name["Kuujjuaq"]["tourist_region_code"] == "TR20"
    )


def test_aliases_point_to_known_municipalities():
    names = {row["name"] for row in rows("municipalities.csv")}
    for alias in rows("municipality_aliases.csv"):
        assert alias["name"] in names, alias
    index = municipality_index()
    assert index["chicoutimi"]["name"] == "Saguenay"
    assert index[fold_name("St-Jérôme")]["name"] == "Saint-Jérôme"
    assert index[fold_name("Ste-Foy")]["name"] == "Québec"
    assert index[fold_name("Montreal")]["name"] == "Montréal"


def test_python_and_sql_fold_name_agree_on_every_name(con):
    names = [row["name"] for row in rows("municipalities.csv")]
    names += [row["alias"] for row in rows("municipality_aliases.csv")]
    names += ["  Saint-Lin–Laurentides ", "L'Île-Perrot", "ÎLES-DE-LA-MADELEINE", "", "---"]
    folded_sql = [con.execute("SELECT fold_name(?)", [name]).fetchall()[0][0] for name in names]
    assert folded_sql == [fold_name(name) for name in names]


def test_python_index_and_sql_table_agree(con):
    load_reference(con)
    sql_map = dict(con.execute("SELECT municipality_key, name FROM ref_municipalities").fetchall())
    python_map = {key: row["name"] for key, row in municipality_index().items()}
    assert sql_map == python_map


# --- FSA crosswalk ---------------------------------------------------------------------------


def test_crosswalk_rows_are_valid_quebec_fsas():
    table = rows("fsa_quebec.csv")
    assert list(table[0]) == [
        "fsa",
        "admin_region_code",
        "tourist_region_code",
        "latitude",
        "longitude",
        "approximate",
        "basis",
    ]
    assert len(table) >= 400
    fsas = [row["fsa"] for row in table]
    assert fsas == sorted(set(fsas))
    admin = {row["admin_region_code"] for row in rows("admin_regions.csv")}
    tourist = {row["tourist_region_code"] for row in rows("tourist_regions.csv")}
    for row in table:
        fsa = row["fsa"]
        assert len(fsa) == 3 and postal.normalise_canadian(fsa) == fsa and postal.is_quebec(fsa), fsa
        assert row["admin_region_code"] in admin and row["tourist_region_code"] in tourist, row
        assert inside_quebec(float(row["latitude"]), float(row["longitude"])), row
        assert row["approximate"] in ("true", "false") and row["basis"]
    assert {fsa[0] for fsa in fsas} == {"G", "H", "J"}
    assert "H0H" not in fsas  # Canada Post's Santa Claus code is no place


def test_every_rural_fsa_is_approximate():
    table = rows("fsa_quebec.csv")
    rural = [row for row in table if row["fsa"][1] == "0"]
    assert len(rural) >= 30
    assert all(row["approximate"] == "true" for row in rural)
    assert {row["fsa"] for row in table if row["approximate"] == "true"} >= {"G0T", "J6Y", "J9Y"}


def test_fsas_placed_at_a_municipality_or_straddling_regions_are_approximate():
    table = {row["fsa"]: row for row in rows("fsa_quebec.csv")}
    at_municipality = {fsa for fsa, row in table.items() if row["basis"].startswith("municipality")}
    assert {"G3B", "G3C", "G3N", "J0M"} <= at_municipality  # no published centroid, or one rejected
    assert {table[fsa]["approximate"] for fsa in at_municipality} == {"true"}
    places = {row["fsa"]: row for row in rows("sources/fsa_places.csv")}
    # G0A spans the Québec and Charlevoix tourist regions; J0M Nunavik and Eeyou Istchee
    assert places["G0A"]["uncertain"] == "1" and "Charlevoix" in places["G0A"]["note"]
    assert places["J0M"]["uncertain"] == "1" and "Chisasibi" in places["J0M"]["note"]
    uncertain = {fsa for fsa, row in places.items() if row["uncertain"] == "1"}
    assert {table[fsa]["approximate"] for fsa in uncertain} == {"true"}
    # J0M keeps Nunavik by default: Eeyou Istchee comes from the declared municipality (stg_survey)
    assert (table["J0M"]["admin_region_code"], table["J0M"]["tourist_region_code"]) == ("10", "TR20")


def test_the_build_flags_a_municipality_placement_approximate(tmp_path):
    """The rule, not just the shipped rows: drop an urban FSA's centroid and it becomes approximate."""
    folder = _copy_reference(tmp_path)
    places = folder / "sources" / "fsa_places.csv"
    text = places.read_text(encoding="utf-8")
    assert "G1R,Quebec City East,46.8128,-71.2194,Québec,0," in text
    places.write_text(
        text.replace("G1R,Quebec City East,46.8128,-71.2194,Québec,0,", "G1R,Quebec City East,,,Québec,0,"),
        encoding="utf-8",
    )
    assert build_main(["--folder", str(folder)]) == 0
    rebuilt = {row["fsa"]: row for row in read_reference_csv("fsa_quebec.csv", folder)}
    quebec = {row["name"]: row for row in read_reference_csv("municipalities.csv", folder)}["Québec"]
    assert (rebuilt["G1R"]["approximate"], rebuilt["G1R"]["basis"]) == ("true", "municipality; regions of Québec")
    assert (float(rebuilt["G1R"]["latitude"]), float(rebuilt["G1R"]["longitude"])) == (
        float(quebec["latitude"]),
        float(quebec["longitude"]),
    )
    assert {row["fsa"]: row for row in rows("fsa_quebec.csv")}["G1R"][
        "approximate"
    ] == "false"  # shipped file untouched
    municipality_index.cache_clear()


def test_eeyou_istchee_communities_are_known_municipalities():
    by_name = {row["name"]: row for row in rows("municipalities.csv")}
    cree = [
        "Chisasibi",
        "Wemindji",
        "Waskaganish",
        "Mistissini",
        "Oujé-Bougoumou",
        "Nemaska",
        "Eastmain",
        "Waswanipi",
        "Whapmagoostui",
    ]
    assert [(by_name[n]["admin_region_code"], by_name[n]["tourist_region_code"]) for n in cree] == [("10", "TR19")] * 9
    assert {row["name"] for row in rows("municipalities.csv") if row["tourist_region_code"] == "TR19"} == set(cree)


@pytest.mark.parametrize(
    "fsa, admin, tourist",
    [
        ("G1R", "03", "TR04"),
        ("G5A", "03", "TR05"),
        ("H2X", "06", "TR12"),
        ("H7N", "13", "TR13"),
        ("J8X", "07", "TR14"),
        ("J2G", "16", "TR08"),
        ("J4K", "16", "TR09"),
        ("G5H", "01", "TR02"),
        ("G4T", "11", "TR01"),
        ("G8P", "10", "TR18"),
        ("J9X", "08", "TR15"),
        ("J6E", "14", "TR10"),
        ("G9A", "04", "TR07"),
        ("J2B", "17", "TR21"),
        ("J1H", "05", "TR08"),
        ("G7H", "02", "TR16"),
    ],
)
def test_known_fsas(fsa, admin, tourist):
    row = {row["fsa"]: row for row in rows("fsa_quebec.csv")}[fsa]
    assert (row["admin_region_code"], row["tourist_region_code"]) == (admin, tourist)


def test_build_reproduces_the_shipped_file_byte_for_byte():
    shipped = (reference_dir() / "fsa_quebec.csv").read_bytes()
    assert build_crosswalk_text().encode("utf-8") == shipped
    outside = (reference_dir() / "fsa_canada_outside_quebec.csv").read_bytes()
    assert build_outside_quebec_text().encode("utf-8") == outside
    assert build_main(["--check"]) == 0


def _copy_reference(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    return folder


def test_build_follows_its_inputs(tmp_path):
    folder = _copy_reference(tmp_path)
    overrides = folder / "sources" / "fsa_overrides.csv"
    with overrides.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["H2X", "13", "TR13", "45.6000", "-73.7000", "true", "test"])
    assert build_main(["--folder", str(folder), "--check"]) == 1
    assert build_main(["--folder", str(folder)]) == 0
    rebuilt = {row["fsa"]: row for row in read_reference_csv("fsa_quebec.csv", folder)}
    assert (rebuilt["H2X"]["admin_region_code"], rebuilt["H2X"]["latitude"], rebuilt["H2X"]["approximate"]) == (
        "13",
        "45.6000",
        "true",
    )
    assert rebuilt["H2X"]["basis"].endswith("override")
    municipality_index.cache_clear()


def test_build_rejects_an_unknown_municipality(tmp_path):
    folder = _copy_reference(tmp_path)
    places = folder / "sources" / "fsa_places.csv"
    text = places.read_text(encoding="utf-8").replace(
        "G1R,Quebec City East,46.8128,-71.2194,Québec,", "G1R,Quebec City East,46.8128,-71.2194,Atlantis,"
    )
    places.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as error:
        build_crosswalk_text(folder)
    message = error.value.message
    assert "fsa_places.csv" in message.fr and "colonne « municipality »" in message.fr and "Atlantis" in message.fr
    assert "row " in message.en and "column 'municipality'" in message.en
    municipality_index.cache_clear()


def test_build_rejects_an_fsa_outside_its_province(tmp_path):
    folder = _copy_reference(tmp_path)
    source = folder / "sources" / "fsa_canada_places.csv"
    text = source.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("K1A,"))
    source.write_text(text.replace(line, line.replace(",ON,", ",NB,")), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as error:
        build_outside_quebec_text(folder)
    assert "fsa_canada_places.csv" in error.value.message.fr and "K1A" in error.value.message.fr
    assert "column 'province_code'" in error.value.message.en
    assert build_main(["--folder", str(_copy_reference(tmp_path / "again")), "--check"]) == 0


# --- loading the store ----------------------------------------------------------------------


def test_load_reference_counts_match_the_files_and_repeat(con):
    first = load_reference(con)
    second = load_reference(con)
    assert first == second
    assert first["ref_admin_regions"] == 17 and first["ref_tourist_regions"] == 21 and first["ref_provinces"] == 13
    assert first["ref_countries"] == len(rows("countries.csv"))
    assert first["ref_fsa"] == len(rows("fsa_quebec.csv"))
    assert first["ref_municipalities"] >= len(rows("municipalities.csv"))
    assert con.execute("SELECT admin_region_code FROM ref_admin_regions WHERE name_fr = 'Laval'").fetchall() == [
        ("13",)
    ]
    assert con.execute("SELECT approximate, origin FROM ref_fsa WHERE fsa = 'G0A'").fetchall() == [(True, "shipped")]
    assert first["ref_fsa_outside_quebec"] == len(rows("fsa_canada_outside_quebec.csv"))
    assert first["ref_river_centreline"] == len(rows("river_centreline.csv"))
    assert first["ref_river_crossings"] == len(rows("river_crossings.csv")) == 6
    assert con.execute(
        "SELECT province_code, approximate FROM ref_fsa_outside_quebec WHERE fsa IN ('K0A', 'K1A') ORDER BY fsa"
    ).fetchall() == [("ON", True), ("ON", False)]


def write_crosswalk(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_user_crosswalk_rows_are_added_with_origin_user(con, tmp_path):
    path = write_crosswalk(
        tmp_path / "mine.csv",
        [
            "fsa;admin_region_code;tourist_region_code;latitude;longitude;approximate",
            "g1r;2;tr16;48,43;-71,07;non",
            "G3S;03;TR04;46.88;-71.51;",
        ],
    )
    counts = load_reference(con, user_crosswalk=path)
    assert counts["ref_fsa"] == len(rows("fsa_quebec.csv")) + 2
    assert con.execute(
        "SELECT fsa, admin_region_code, tourist_region_code, latitude, approximate FROM ref_fsa "
        "WHERE origin = 'user' ORDER BY fsa"
    ).fetchall() == [("G1R", "02", "TR16", 48.43, False), ("G3S", "03", "TR04", 46.88, False)]


def test_user_crosswalk_survives_a_reload_until_a_new_one_replaces_it(con, tmp_path):
    first = write_crosswalk(
        tmp_path / "first.csv",
        ["fsa,admin_region_code,tourist_region_code,latitude,longitude", "G1R,02,TR16,48.43,-71.07"],
    )
    second = write_crosswalk(
        tmp_path / "second.csv",
        ["fsa,admin_region_code,tourist_region_code,latitude,longitude", "G3S,03,TR04,46.88,-71.51"],
    )
    user_rows = "SELECT fsa FROM ref_fsa WHERE origin = 'user' ORDER BY fsa"
    load_reference(con, user_crosswalk=first)
    counts = load_reference(con)  # e.g. a later `smq-analytics init` without --fsa-crosswalk
    assert con.execute(user_rows).fetchall() == [("G1R",)]
    assert counts["ref_fsa"] == len(rows("fsa_quebec.csv")) + 1
    load_reference(con, user_crosswalk=second)
    assert con.execute(user_rows).fetchall() == [("G3S",)]


@pytest.mark.parametrize(
    "line, column, fr_expect, en_expect",
    [
        ("K1A,07,TR14,45.42,-75.70", "fsa", "RTA québécoise", "Quebec FSA"),
        ("G1R,18,TR04,46.81,-71.21", "admin_region_code", "01 à 17", "01 to 17"),
        ("G1R,03,TR22,46.81,-71.21", "tourist_region_code", "TR01 à TR21", "TR01 to TR21"),
        ("G1R,03,TR04,40.71,-71.21", "latitude", "intérieur du Québec", "inside Quebec"),
        ("G1R,03,TR04,46.81,-74.0W", "longitude", "degrés décimaux", "decimal-degree"),
        ("G1R,03,TR04,46.81,-71.21,peut-être", "approximate", "true ou false", "true or false"),
    ],
)
def test_bad_user_crosswalk_is_refused_with_file_row_and_column(con, tmp_path, line, column, fr_expect, en_expect):
    load_reference(con)
    header = "fsa,admin_region_code,tourist_region_code,latitude,longitude" + (
        ",approximate" if line.count(",") == 5 else ""
    )
    path = write_crosswalk(tmp_path / "bad.csv", [header, "G1V,03,TR04,46.79,-71.29", line])
    with pytest.raises(ReferenceDataError) as error:
        load_reference(con, user_crosswalk=path)
    message = error.value.message
    assert message.fr.startswith("bad.csv, ligne 3, colonne « " + column + " »") and fr_expect in message.fr
    assert message.en.startswith("bad.csv, row 3, column '" + column + "'") and en_expect in message.en
    # nothing was written: the shipped tables are intact and no user row exists
    assert con.execute("SELECT count(*) FROM ref_fsa WHERE origin = 'user'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM ref_fsa").fetchall() == [(len(rows("fsa_quebec.csv")),)]


def test_user_crosswalk_missing_columns_and_duplicates(con, tmp_path):
    path = write_crosswalk(tmp_path / "short.csv", ["fsa,latitude,longitude", "G1R,46.8,-71.2"])
    with pytest.raises(ReferenceDataError) as error:
        load_reference(con, user_crosswalk=path)
    assert "ligne 1" in error.value.message.fr and "admin_region_code" in error.value.message.en
    path = write_crosswalk(
        tmp_path / "twice.csv",
        [
            "fsa,admin_region_code,tourist_region_code,latitude,longitude",
            "G1R,03,TR04,46.81,-71.21",
            "G1R,03,TR04,46.81,-71.21",
        ],
    )
    with pytest.raises(ReferenceDataError) as error:
        load_reference(con, user_crosswalk=path)
    assert "ligne 3" in error.value.message.fr and "ligne 2" in error.value.message.fr
