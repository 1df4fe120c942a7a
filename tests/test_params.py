"""Museum and cohort parameter files: the shipped ones validate, bad ones fail with a clear message."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from smq_analytics import params, store
from smq_analytics.geo import in_quebec_box
from smq_analytics.topics import notebook_names
from smq_analytics.params import ParameterError
from smq_analytics.schema import number_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "parameters"


# --- the shipped files ----------------------------------------------------------------------------


def test_every_shipped_museum_validates():
    museums = params.load_museums()
    files = sorted(p.stem for p in (SHIPPED / "museums").glob("*.yaml"))
    assert [m.id for m in museums] == files
    assert len(museums) == 12
    assert len({m.admin_region_code for m in museums}) == 8
    assert {m.size_class for m in museums} == {"small", "medium", "large"}
    assert len({m.museum_type for m in museums}) >= 6
    for museum in museums:
        assert in_quebec_box(museum.latitude, museum.longitude)
        assert museum.targets, museum.id


def test_shipped_municipalities_are_in_the_museum_regions():
    """Each demo museum's municipality is in the region its file gives (data/reference/municipalities.csv)."""
    with (ROOT / "data/reference/municipalities.csv").open(encoding="utf-8") as handle:
        towns = {row["name"]: row for row in csv.DictReader(handle)}
    for museum in params.load_museums():
        town = towns[museum.municipality]
        assert (town["admin_region_code"], town["tourist_region_code"]) == (
            museum.admin_region_code,
            museum.tourist_region_code,
        ), museum.id


def test_peer_groups_are_big_enough_for_a_peer_figure():
    """A peer figure needs at least 5 museums: every demo museum belongs to such a group."""
    museums = params.load_museums()
    sizes: dict[str, int] = {}
    for museum in museums:
        for group in museum.peer_groups:
            sizes[group] = sizes.get(group, 0) + 1
    for museum in museums:
        assert any(sizes[g] >= 5 for g in museum.peer_groups), museum.id


def test_shipped_cohort_validates():
    cohorts = params.load_cohorts()
    assert [c.id for c in cohorts] == ["demo-statistiques-estivales"]
    cohort = cohorts[0]
    assert cohort.peers_named is False
    assert set(cohort.members) <= set(params.museum_ids())
    assert len(cohort.members) == 10
    assert params.load_cohort("demo-statistiques-estivales") == cohort


def test_load_museum_reads_targets_as_plain_values():
    museum = params.load_museum("musee-des-brumes")
    assert museum.name == "Musée des Brumes" and museum.display_name("en") == "Museum of Mists"
    assert museum.admin_region_code == "03" and museum.tourist_region_code == "TR05"
    share = next(t for t in museum.targets if t.indicator == "tourist_share")
    assert (share.year, share.value, share.baseline_year) == (2026, 0.72, 2024)
    visits = next(t for t in museum.targets if t.indicator == "attendance_total")
    assert visits.value == 52000 and isinstance(visits.value, float)


def test_unknown_museum_names_the_file_and_known_ids():
    with pytest.raises(ParameterError) as error:
        params.load_museum("musee-inexistant")
    assert "parameters/museums/musee-inexistant.yaml" in error.value.message.fr
    assert "musee-des-brumes" in error.value.message.fr


# --- bad files --------------------------------------------------------------------------------------

GOOD = {
    "id": "x",
    "name": "Musée X",
    "museum_type": "art",
    "size_class": "small",
    "admin_region_code": "03",
    "tourist_region_code": "TR05",
    "municipality": "Baie-Saint-Paul",
    "latitude": 47.44,
    "longitude": -70.50,
    "peer_groups": ["petits"],
    "targets": [{"indicator": "tourist_share", "year": 2026, "value": 0.5, "baseline_year": 2024}],
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (SMQ_HOME) with the shipped reference data and empty parameter folders."""
    (tmp_path / "data").mkdir()
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "parameters" / "museums").mkdir(parents=True)
    (tmp_path / "parameters" / "cohorts").mkdir(parents=True)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    monkeypatch.setenv("SMQ_HOME", str(tmp_path))
    return tmp_path


def write_museum(project: Path, data: dict, stem: str = "x") -> Path:
    path = project / "parameters" / "museums" / f"{stem}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def museum_error(project: Path, data: dict, stem: str = "x") -> ParameterError:
    write_museum(project, data, stem)
    with pytest.raises(ParameterError) as error:
        params.load_museums()
    return error.value


def test_a_good_file_loads(project):
    write_museum(project, GOOD)
    [museum] = params.load_museums()
    assert museum.targets == (params.Target("tourist_share", 2026, 0.5, 2024),)
    assert museum.peer_groups == ("petits",)


def test_missing_field(project):
    error = museum_error(project, {k: v for k, v in GOOD.items() if k != "municipality"})
    assert error.message.fr == "parameters/museums/x.yaml : champ obligatoire « municipality » absent"
    assert error.message.en == "parameters/museums/x.yaml: required field 'municipality' is missing"


def test_bad_region_code(project):
    error = museum_error(project, {**GOOD, "admin_region_code": "18"})
    assert error.message.fr == (
        "parameters/museums/x.yaml : admin_region_code « 18 » absent de "
        "data/reference/admin_regions.csv (01 … 17 attendu)"
    )
    error = museum_error(project, {**GOOD, "tourist_region_code": "TR22"})
    assert "tourist_region_code « TR22 »" in error.message.fr and "TR01 … TR21" in error.message.fr


def test_unquoted_region_code_is_read_as_text(project):
    write_museum(project, {**GOOD, "admin_region_code": 3})
    assert params.load_museums()[0].admin_region_code == "03"


def test_latitude_outside_quebec(project):
    error = museum_error(project, {**GOOD, "latitude": 145.2})
    assert error.message.fr == "parameters/museums/x.yaml : latitude 145.2 hors du Québec (44,9 à 62,7 attendu)"
    assert error.message.en == "parameters/museums/x.yaml: latitude 145.2 outside Quebec (44.9 to 62.7 expected)"


def test_longitude_outside_quebec_and_not_a_number(project):
    error = museum_error(project, {**GOOD, "longitude": 70.5, "latitude": "nord"})
    assert "longitude 70.5 hors du Québec (-79,9 à -57 attendu)" in error.message.fr
    assert "latitude « nord » n'est pas un nombre" in error.message.fr  # every problem is reported at once


def test_unknown_key(project):
    error = museum_error(project, {**GOOD, "lattitude": 47.0})
    assert error.message.fr.startswith(
        "parameters/museums/x.yaml : champ inconnu « lattitude » (champs permis : id, name,"
    )
    assert "unknown field 'lattitude'" in error.message.en


def test_unknown_choice_and_id_that_differs_from_file_name(project):
    error = museum_error(project, {**GOOD, "museum_type": "zoo", "id": "y"})
    assert "museum_type « zoo » inconnu (art | history |" in error.message.fr
    assert "id « y » différent du nom du fichier (« x » attendu)" in error.message.fr


def test_bad_targets(project):
    targets = [
        {"indicator": "tourist_share", "year": 2026, "value": 45},
        {"indicator": "visits", "year": 2026, "value": 3},
        {"indicator": "nps", "year": 2026, "value": 20, "baseline_year": 2026},
        {"indicator": "attendance_total", "year": 2026, "value": 1200.5},
        {"indicator": "top2_satisfaction", "year": 2026, "value": 0.9, "goal": "x"},
    ]
    message = museum_error(project, {**GOOD, "targets": targets}).message.fr
    assert "targets[1].value 45 hors de l'intervalle (0 à 1 attendu)" in message
    assert "targets[2].indicator « visits » inconnu (tourist_share |" in message
    assert "targets[3].baseline_year 2026 doit précéder l'année de la cible (2026)" in message
    assert "targets[4].value « 1200.5 » n'est pas un nombre entier" in message
    assert "champ inconnu « targets[5].goal »" in message


def test_invalid_yaml_names_the_line(project):
    path = project / "parameters" / "museums" / "x.yaml"
    path.write_text("id: x\nname: [Musée\n", encoding="utf-8")
    with pytest.raises(ParameterError) as error:
        params.load_museums()
    assert error.value.message.fr.startswith("parameters/museums/x.yaml : YAML invalide ligne")


COHORT = {
    "id": "c",
    "name": "Cohorte C",
    "theme": "Billetterie",
    "facilitator": "Animatrice",
    "year": 2026,
    "members": ["x"],
    "notebooks": ["01_provenance"],
}


def write_cohort(project: Path, data: dict) -> None:
    path = project / "parameters" / "cohorts" / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_cohort_defaults_and_member_that_does_not_exist(project):
    write_museum(project, GOOD)
    write_cohort(project, COHORT)
    assert params.load_cohorts()[0].peers_named is False
    write_cohort(project, {**COHORT, "members": ["x", "musee-fantome"], "peers_named": "oui"})
    with pytest.raises(ParameterError) as error:
        params.load_cohorts()
    message = error.value.message.fr
    assert (
        "parameters/cohorts/c.yaml : members[2] « musee-fantome » ne correspond à aucun musée de parameters/museums"
        in message
    )
    assert "peers_named « oui » n'est pas un booléen (true ou false attendu)" in message
    assert "members[2] 'musee-fantome' matches no museum in parameters/museums" in error.value.message.en


def test_cohort_notebook_names(project):
    write_museum(project, GOOD)
    write_cohort(project, {**COHORT, "notebooks": ["01_provenance.ipynb"]})
    with pytest.raises(ParameterError) as error:
        params.load_cohorts()
    assert "notebooks[1] « 01_provenance.ipynb » invalide" in error.value.message.fr


def test_a_cohort_cannot_name_a_notebook_the_tool_does_not_have(project):
    write_museum(project, GOOD)
    write_cohort(project, {**COHORT, "notebooks": ["01_provenance", "05_ticketing"]})
    with pytest.raises(ParameterError) as error:
        params.load_cohorts()
    known = ", ".join(notebook_names())  # the registry's workbooks, 01_provenance among them
    assert "01_provenance" in known
    assert (
        f"notebooks[2] « 05_ticketing » : ce cahier n'existe pas dans notebooks/ (cahiers : {known})"
        in error.value.message.fr
    )
    assert "no such notebook in notebooks/" in error.value.message.en


# --- the museums table -----------------------------------------------------------------------------


def test_sync_museums_inserts_then_updates(tmp_path):
    museums = params.load_museums()
    con = store.connect(tmp_path / "s.duckdb", read_only=False)
    try:
        assert params.sync_museums(con, museums) == 12
        moved = [
            m if m.id != "musee-des-brumes" else params.Museum(**{**m.__dict__, "name": "Nouveau nom"}) for m in museums
        ]
        params.sync_museums(con, moved)
        rows = store.query_rows(
            con, "SELECT museum_id, name, admin_region_code, latitude FROM museums ORDER BY museum_id"
        )
    finally:
        con.close()
    assert len(rows) == 12
    brumes = next(r for r in rows if r[0] == "musee-des-brumes")
    assert brumes == ("musee-des-brumes", "Nouveau nom", "03", 47.4407)


def test_english_name_reaches_the_museums_table(tmp_path):
    museums = params.load_museums()
    con = store.connect(tmp_path / "s.duckdb", read_only=False)
    try:
        params.sync_museums(con, museums)
        stored = dict(store.query_rows(con, "SELECT museum_id, name_en FROM museums"))
        renamed = [
            params.Museum(**{**m.__dict__, "name_en": None if m.id == "musee-des-brumes" else m.name_en})
            for m in museums
        ]
        params.sync_museums(con, renamed)  # an English name removed from the file
        after = dict(store.query_rows(con, "SELECT museum_id, name_en FROM museums"))
        listed = store.query(con, "metrics/museum_list")
    finally:
        con.close()
    assert stored == {m.id: m.name_en for m in museums}
    assert stored["musee-des-brumes"] == "Museum of Mists"
    assert after["musee-des-brumes"] is None
    assert list(listed.columns[:3]) == ["museum_id", "name", "name_en"]
    assert len(listed) == 12


# --- every problem at once, from one validation (smq_analytics/schema.py) ----------------------------


def test_a_museum_file_with_three_mistakes_reports_all_three_in_both_languages(project):
    error = museum_error(project, {**GOOD, "size_class": "huge", "longitude": "ouest", "peer_group": ["a"]})
    fr, en = error.message.fr.splitlines(), error.message.en.splitlines()
    assert len(fr) == len(en) == 3
    assert all(line.startswith("parameters/museums/x.yaml : ") for line in fr)
    assert all(line.startswith("parameters/museums/x.yaml: ") for line in en)
    sizes = " | ".join(params.SIZE_CLASSES)
    assert fr[0].endswith(f"size_class « huge » inconnu ({sizes} attendu)")
    assert en[0].endswith(f"size_class 'huge' is unknown ({sizes} expected)")
    assert fr[1].endswith("longitude « ouest » n'est pas un nombre")
    assert en[1].endswith("longitude 'ouest' is not a number")
    assert fr[2].endswith(
        "champ inconnu « peer_group » (champs permis : " + ", ".join(params.MuseumFile.model_fields) + ")"
    )
    assert en[2].endswith(
        "unknown field 'peer_group' (allowed fields: " + ", ".join(params.MuseumFile.model_fields) + ")"
    )


def test_quoted_limits_come_from_the_constants(project):
    low, high = params.QUEBEC_LONGITUDE
    error = museum_error(project, {**GOOD, "longitude": high + 1})
    assert error.message.fr.endswith(f"({number_text(low, 'fr')} à {number_text(high, 'fr')} attendu)")
    assert error.message.en.endswith(f"({low:g} to {high:g} expected)")
    first, last = params.YEAR_RANGE
    error = museum_error(project, {**GOOD, "targets": [{"indicator": "nps", "year": last + 1, "value": 1}]})
    assert error.message.fr.endswith(f"targets[1].year {last + 1} hors de l'intervalle ({first} à {last} attendu)")


def test_a_duplicate_target_is_reported_even_when_another_target_is_wrong(project):
    targets = [
        {"indicator": "nps", "year": 2026, "value": 500},
        {"indicator": "tourist_share", "year": 2026, "value": 0.4},
        {"indicator": "tourist_share", "year": 2026, "value": 0.5},
    ]
    message = museum_error(project, {**GOOD, "targets": targets}).message
    assert message.fr.splitlines() == [
        "parameters/museums/x.yaml : targets[1].value 500 hors de l'intervalle (-100 à 100 attendu)",
        "parameters/museums/x.yaml : targets[3] : cible tourist_share 2026 en double",
    ]
    assert message.en.splitlines()[1] == "parameters/museums/x.yaml: targets[3]: duplicate target tourist_share 2026"


def test_an_empty_optional_field_takes_its_default(project):
    write_museum(project, {**GOOD, "name_en": None, "keep_full_postal_code": None, "targets": None})
    [museum] = params.load_museums()
    assert (museum.name_en, museum.keep_full_postal_code, museum.targets) == (None, False, ())


def test_known_notebooks_are_the_numbered_notebooks_of_the_notebooks_folder(project):
    (project / "notebooks" / "scratch.ipynb").write_text("{}", encoding="utf-8")
    on_disk = sorted(
        p.name.removesuffix(".ipynb")
        for p in (project / "notebooks").iterdir()
        if p.suffix == ".ipynb" and p.name[:2].isdigit() and p.name[2] == "_"
    )
    assert list(params.known_notebooks()) == on_disk and "scratch" not in on_disk


def test_the_cohort_notebook_check_asks_known_notebooks(project, monkeypatch):
    write_museum(project, GOOD)
    write_cohort(project, {**COHORT, "notebooks": ["01_provenance", "02_satisfaction"]})
    monkeypatch.setattr(params, "known_notebooks", lambda: ("01_provenance", "02_satisfaction"))
    assert params.load_cohorts()[0].notebooks == ("01_provenance", "02_satisfaction")


def test_a_cohort_member_listed_twice_is_refused(project):
    write_museum(project, GOOD)
    write_cohort(project, {**COHORT, "members": ["x", "x"], "year": "2026"})
    with pytest.raises(ParameterError) as error:
        params.load_cohorts()
    assert error.value.message.fr.splitlines() == [
        "parameters/cohorts/c.yaml : year « 2026 » n'est pas un nombre entier",
        "parameters/cohorts/c.yaml : members[2] « x » en double",
    ]


# --- the museum's year (smq_analytics/calendar.py) -------------------------------------------------


def test_fiscal_year_start_month_defaults_to_the_calendar_year_and_reaches_the_museums_table(project, tmp_path):
    write_museum(project, GOOD, "x")
    write_museum(project, {**GOOD, "id": "y", "fiscal_year_start_month": 4}, "y")
    museums = {m.id: m for m in params.load_museums()}
    assert (museums["x"].fiscal_year_start_month, museums["y"].fiscal_year_start_month) == (1, 4)
    con = store.connect(tmp_path / "s.duckdb", read_only=False)
    try:
        params.sync_museums(con, list(museums.values()))
        stored = dict(store.query_rows(con, "SELECT museum_id, fiscal_year_start_month FROM museums"))
        params.sync_museums(con, [params.Museum(**{**museums["y"].__dict__, "fiscal_year_start_month": 7})])
        updated = store.query_rows(con, "SELECT fiscal_year_start_month FROM museums WHERE museum_id = 'y'")
    finally:
        con.close()
    assert stored == {"x": 1, "y": 4} and updated == [(7,)]


@pytest.mark.parametrize("month", [0, 13, 4.5, "avril", True])
def test_a_fiscal_year_start_month_outside_1_to_12_is_refused_naming_the_field(project, month):
    error = museum_error(project, {**GOOD, "fiscal_year_start_month": month})
    for text in (error.message.fr, error.message.en):
        assert text.startswith("parameters/museums/x.yaml") and "fiscal_year_start_month" in text
        assert "\n" not in text


def test_web_settings_are_read_with_their_defaults(project):
    write_museum(project, GOOD)
    [plain] = params.load_museums()
    assert plain.web == params.WebSettings()
    assert [k.event for k in plain.web.key_events] == ["purchase"]  # GA4's default key event
    web = {
        "site_domains": ["www.musee.example"],
        "ticketing_domains": ["billets.tickets.example"],
        "key_events": [
            {"name": "clic-billetterie", "event": "click", "link_domain": "tickets.example"},
            {"name": "infolettre", "event": "sign_up", "page_path_prefix": "/infolettre"},
        ],
        "engaged_after_seconds": 30,
    }
    write_museum(project, {**GOOD, "web": web})
    [museum] = params.load_museums()
    assert museum.web.site_domains == ("musee.example",)  # www. dropped
    assert museum.web.ticketing_domains == ("billets.tickets.example",)
    assert museum.web.key_events == (
        params.KeyEvent("clic-billetterie", "click", "tickets.example"),
        params.KeyEvent("infolettre", "sign_up", None, "/infolettre"),
    )
    assert museum.web.engaged_after_seconds == 30


def test_bad_web_settings_are_all_reported_with_their_field(project):
    web = {
        "site_domains": ["https://musee.example/accueil"],
        "key_events": [
            {"name": "achat", "event": "achat billet"},
            {"name": "achat", "event": "purchase", "page_path_prefix": "billets"},
        ],
        "engaged_after_seconds": 5,
    }
    error = museum_error(project, {**GOOD, "web": web})
    french, english = error.message.fr, error.message.en
    assert "web.site_domains[1]" in french and "nom de domaine" in french and "domain name" in english
    assert "web.key_events[1].event" in french and "nom d'événement GA4" in french
    assert "web.key_events[2].page_path_prefix" in french and "commençant par /" in french
    assert "web.engaged_after_seconds" in french and "10 à 60" in french and "10 to 60" in english
    assert "achat" in french and "en double" in french  # the name listed twice


def test_web_settings_reach_the_store(tmp_path):
    con = store.connect(tmp_path / "s.duckdb", read_only=False)
    museum = params.load_museum("musee-des-brumes")
    params.sync_museums(con, [museum], cohorts=[])
    domains = con.execute("SELECT domain, role FROM museum_web_domains ORDER BY role, domain").fetchall()
    assert domains == sorted(
        [(d, "site") for d in museum.web.site_domains] + [(d, "ticketing") for d in museum.web.ticketing_domains],
        key=lambda row: (row[1], row[0]),
    )
    stored = con.execute("SELECT key_event, event_name, link_domain FROM museum_key_events ORDER BY key_event")
    assert stored.fetchall() == sorted((k.name, k.event, k.link_domain) for k in museum.web.key_events)
    seconds = con.execute("SELECT web_engaged_seconds FROM museums WHERE museum_id = 'musee-des-brumes'")
    assert seconds.fetchone()[0] == museum.web.engaged_after_seconds
    params.sync_museums(con, [museum], cohorts=[])  # a second sync replaces, never duplicates
    assert con.execute("SELECT count(*) FROM museum_key_events").fetchone()[0] == len(museum.web.key_events)
    con.close()
