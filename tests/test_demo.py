"""The demo exports: byte-identical on every run, realistic patterns, and a clean load through ingest.

Patterns are computed here from the generated files themselves (csv/openpyxl readers, a
hand-written haversine), not from the generator's internals.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from smq_analytics import demo, params, store
from smq_analytics.ingest.mapping import load_mapping
from smq_analytics.ingest.registry import SOURCES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_a")
    return out, demo.generate(out)


def sha256_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- independent readers -------------------------------------------------------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    """Data rows of a CSV (any of the encodings and separators used) or of the first XLSX sheet."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        header = [str(h) if not hasattr(h, "year") else h for h in rows[0]]
        return [dict(zip(header, [*row, *[""] * (len(header) - len(row))])) for row in rows[1:]]
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def survey_entries(manifest, museum_id=None):
    return [e for e in manifest if e.source == "survey" and (museum_id is None or e.museum_id == museum_id)]


def overnight_share(entry) -> float:
    """Share of respondents who answered yes to the overnight question (no-answers left out)."""
    header = yaml.safe_load(entry.mapping.read_text(encoding="utf-8"))["columns"]["overnight"]
    answers = Counter(str(row[header]).strip() for row in read_rows(entry.path))
    yes = sum(answers[v] for v in ("Y", "Yes", "Oui", "O"))
    no = sum(answers[v] for v in ("N", "No", "Non"))
    return yes / (yes + no)


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


FR_MONTHS = {
    "janv": 1,
    "févr": 2,
    "mars": 3,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "août": 8,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "déc": 12,
}


def month_key(value) -> tuple[int, int]:
    if hasattr(value, "year"):
        return value.year, value.month
    text = str(value).strip()
    if text[:4].isdigit():
        return int(text[:4]), int(text[5:7])
    name, year = text.rsplit(" ", 1)
    return int(year), FR_MONTHS[name.rstrip(".")]


def monthly_totals(entries) -> dict[tuple[int, int], int]:
    """(year, month) -> total entries, summed over sites, from any of the attendance layouts."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for entry in entries:
        rows = read_rows(entry.path)
        first = next(iter(rows[0]))
        if first in ("Mois",):
            total_header = [h for h in rows[0] if h != "Mois"][0]
            for row in rows:
                totals[month_key(row["Mois"])] += int(str(row[total_header]).replace("\u00a0", ""))
        else:  # one column per month; rows are measures (keep Total) or sites
            for row in rows:
                if first == "Indicateur" and row[first] != "Total":
                    continue
                for header, value in row.items():
                    if header != first:
                        totals[month_key(header)] += int(value)
    return totals


# --- determinism -------------------------------------------------------------------------------------


def test_two_runs_write_byte_identical_files(generated, tmp_path):
    first, manifest = generated
    second_manifest = demo.generate(tmp_path)
    assert sha256_tree(first) == sha256_tree(tmp_path)
    assert [(e.source, e.path.relative_to(first), e.museum_id, e.year) for e in manifest] == [
        (e.source, e.path.relative_to(tmp_path), e.museum_id, e.year) for e in second_manifest
    ]


def test_xlsx_archives_carry_no_clock(generated):
    out, manifest = generated
    workbooks = [e.path for e in manifest if e.path.suffix == ".xlsx"]
    assert workbooks
    for path in workbooks:
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {demo.XLSX_ZIP_TIME}
            core = archive.read("docProps/core.xml")
        assert core.count(demo.XLSX_CORE_TIME) == 2


# --- the manifest and the formats -------------------------------------------------------------------------


def test_manifest_covers_every_museum_season_and_source(generated):
    out, manifest = generated
    museums = {p.museum_id for p in demo.PROFILES}
    assert museums == set(params.museum_ids()) and demo.DEFAULT_MUSEUM in museums
    surveys = {(e.museum_id, e.year) for e in survey_entries(manifest)}
    assert surveys == {(m, y) for m in museums for y in demo.SEASONS}
    assert {e.museum_id for e in manifest if e.source == "attendance"} == museums
    assert len({e.museum_id for e in manifest if e.source == "desk-counts"}) >= 4
    order = [e.source for e in manifest]
    assert order == sorted(order, key=list(SOURCES).index)  # registry order
    for entry in manifest:
        assert entry.path.is_file() and entry.path.parent == out / entry.museum_id


def test_four_survey_tools_with_their_own_formats(generated):
    out, manifest = generated
    by_tool = {e.mapping.stem.removeprefix("correspondance-"): e for e in survey_entries(manifest)}
    assert set(by_tool) == {"limesurvey", "surveymonkey", "google_forms", "excel_saisie", "excel_saisie_echelle5"}
    lime = by_tool["limesurvey"].path.read_bytes()
    assert lime.startswith(b'\xef\xbb\xbf"id","submitdate"') and b'"SAT[SQ001]"' in lime
    excel = by_tool["excel_saisie"].path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        excel.decode("utf-8")
    header = excel.decode("cp1252").split("\r\n", 1)[0]
    assert header.startswith("No;Date visite;Code postal;Municipalité;")
    google = read_rows(by_tool["google_forms"].path)
    joined = [r["Comment avez-vous entendu parler du musée?"] for r in google]
    assert any(", " in value for value in joined)
    monkey = read_rows(by_tool["surveymonkey"].path)
    assert "How did you hear about the museum? - Museum website" in monkey[0]
    assert {r["How satisfied were you with the following? - Overall satisfaction"] for r in monkey} >= {
        "Very satisfied",
        "Satisfied",
    }


def test_mapping_files_load_and_name_existing_columns(generated):
    out, manifest = generated
    for entry in survey_entries(manifest):
        mapping = load_mapping(entry.mapping)
        headers = set(read_rows(entry.path)[0])
        for item, spec in mapping.columns.items():
            named = set(spec.options.values()) if hasattr(spec, "options") else {getattr(spec, "column", spec)}
            assert named <= headers, (entry.path.name, item)


def test_responses_per_museum_and_season(generated):
    """Every museum has 200 to 1 500 responses a season but one, too small for most cells (24 to 40)."""
    out, manifest = generated
    small = set()
    for entry in survey_entries(manifest):
        n = len(read_rows(entry.path))
        assert 200 <= n <= 1500 or 24 <= n <= 40, entry.path
        if n < 200:
            small.add(entry.museum_id)
    assert len(small) == 1


def test_one_museum_redesigned_its_questionnaire_on_other_scales(generated):
    """maison-des-vents-sales keyed 2024 and 2025 on 4 points, 2026 on 5 points with a 0–10
    recommendation: its 2026 mapping declares both scales and its answers use them."""
    out, manifest = generated
    entries = {e.year: e for e in survey_entries(manifest, "maison-des-vents-sales")}
    declared = {
        year: yaml.safe_load(e.mapping.read_text(encoding="utf-8")).get("rating_scales") for year, e in entries.items()
    }
    assert declared == {2024: None, 2025: None, 2026: {"satisfaction": "scale5", "recommendation": "scale0_10"}}
    answers = {year: Counter(r["Sat. globale"] for r in read_rows(e.path)) for year, e in entries.items()}
    recommend = {year: Counter(r["Recommandation"] for r in read_rows(e.path)) for year, e in entries.items()}
    assert answers[2026]["5"] > 0 and answers[2025]["5"] == 0
    assert sum(recommend[2026][str(code)] for code in range(5, 11)) > 0
    assert all(recommend[year][str(code)] == 0 for year in (2024, 2025) for code in range(5, 11))


def test_charlevoix_and_gaspesie_draw_more_tourists_than_small_local_museums(generated):
    out, manifest = generated
    share = {}
    for museum in ("musee-des-brumes", "musee-du-rocher-aux-goelands", "ecomusee-de-la-seve", "musee-du-filon-perdu"):
        entries = survey_entries(manifest, museum)
        share[museum] = sum(overnight_share(e) for e in entries) / len(entries)
    assert share["musee-des-brumes"] > 0.55 and share["musee-du-rocher-aux-goelands"] > 0.7
    assert share["ecomusee-de-la-seve"] < 0.15 and share["musee-du-filon-perdu"] < 0.2


def test_home_postal_codes_match_the_provenance_rules(generated):
    """Same-day Quebec visitors live within 40 km or 40-250 km away; Quebec tourists live farther."""
    out, manifest = generated
    with (ROOT / "data/reference/fsa_quebec.csv").open(encoding="utf-8") as handle:
        centroids = {r["fsa"]: (float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)}
    museum = params.load_museum("musee-de-la-lumiere-urbaine")
    kinds = Counter()
    for entry in survey_entries(manifest, museum.id):
        for row in read_rows(entry.path):
            fsa = row["CP"].replace(" ", "").replace("-", "").upper()[:3]
            if row["PROV"] != "QC" or fsa not in centroids or row["NUIT"] not in ("Y", "N"):
                continue
            km = haversine_km(*centroids[fsa], museum.latitude, museum.longitude)
            if row["NUIT"] == "N":
                assert km <= 40 or 40 < km <= 250, (row["CP"], km)
                kinds["local" if km <= 40 else "excursionist"] += 1
            else:
                assert km >= 80, (row["CP"], km)
                kinds["tourist"] += 1
    assert min(kinds.values()) >= 100, kinds
    assert kinds["local"] > kinds["excursionist"]


def test_tourists_come_from_far_and_stay_at_least_one_night(generated):
    out, manifest = generated
    countries = Counter()
    for entry in survey_entries(manifest, "musee-des-remparts-imaginaires"):
        for row in read_rows(entry.path):
            if row["Does this trip include at least one night away from home?"] == "Yes":
                nights = row["How many nights?"]
                assert nights == "" or int(nights) >= 1
                countries[row["Country of residence"]] += 1
    assert countries["Canada"] > countries["United States"] > 0
    assert countries["France"] > 0 and len(countries) >= 6


def test_satisfaction_is_mostly_three_or_four(generated):
    out, manifest = generated
    scores = Counter()
    for entry in survey_entries(manifest):
        if "limesurvey" in entry.path.name:
            scores.update(row["SAT[SQ001]"] for row in read_rows(entry.path))
    answered = sum(scores[c] for c in ("A1", "A2", "A3", "A4"))
    assert (scores["A1"] + scores["A2"]) / answered > 0.8
    assert scores["A3"] > 0 and scores["A4"] > 0 and scores[""] > 0  # and some no-answers


def test_planted_problems_and_comments(generated):
    out, manifest = generated
    text = "\n".join(
        e.path.read_bytes().decode("cp1252" if "excel" in e.path.name else "utf-8-sig")
        for e in survey_entries(manifest)
        if e.path.suffix == ".csv"
    )
    assert "D1A 1A1" in text and "2025-02-30" in text and "30/02/2025" in text
    skipped = 0
    for entry in (e for e in survey_entries(manifest) if "excel" in e.path.name):
        scores = Counter(row["Sat. globale"] for row in read_rows(entry.path))
        top = 5 if "echelle5" in entry.path.name else 4  # one score out of its file's scale per file
        assert sum(n for code, n in scores.items() if code.isdigit() and int(code) > top) == 1, entry.path
        assert scores[str(top + 3)] == 1, entry.path
        skipped += scores["NSP"] + scores["0"]
    assert skipped > 0
    assert "@example.com" in text and "555-0142" in text and "Je m'appelle" in text


def test_attendance_peaks_in_july_and_august(generated):
    out, manifest = generated
    for museum in demo.PROFILES:
        totals = monthly_totals([e for e in manifest if e.source == "attendance" and e.museum_id == museum.museum_id])
        assert len(totals) == 36, museum.museum_id
        assert min(totals) == (2023, 11) and max(totals) == (2026, 10)
        for year in demo.SEASONS:
            summer = totals[year, 7] + totals[year, 8]
            shoulders = totals[year, 6] + totals[year, 9]
            assert summer > shoulders, (museum.museum_id, year)


def test_desk_counts_tally_the_same_visitors_as_the_survey(generated):
    """Brumes' daily desk grid: locals are a minority, like in its survey."""
    out, manifest = generated
    [entry] = [
        e for e in manifest if e.source == "desk-counts" and e.museum_id == "musee-des-brumes" and e.year == 2025
    ]
    counts = Counter()
    for row in read_rows(entry.path):
        counts[row["Provenance"]] += int(row["Visiteurs"])
    total = sum(counts.values())
    assert counts["Local (moins de 40 km)"] / total < 0.2
    assert counts["Ailleurs au Québec"] > counts["Autre province canadienne"] > 0


# --- the demo store ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo_store")
    summary = demo.build_demo(folder / "demo.duckdb", out_dir=folder / "exports", progress=False)
    con = store.connect(folder / "demo.duckdb", read_only=True)
    yield summary, con
    con.close()


def test_build_demo_loads_every_file(built, generated):
    summary, con = built
    _, manifest = generated
    assert summary["files"] == len(manifest)
    assert summary["rows_read"] == summary["rows_accepted"] + summary["rows_rejected"]
    assert summary["default_museum"] == demo.DEFAULT_MUSEUM
    ledger = store.query_rows(con, "SELECT rows_read, rows_accepted, rows_rejected FROM load_ledger")
    assert len(ledger) == len(manifest)
    assert all(read == accepted + rejected for read, accepted, rejected in ledger)
    assert sum(r[0] for r in ledger) == summary["rows_read"]
    assert store.query_rows(con, "SELECT count(*) FROM museums")[0][0] == 12


PLANTED_DATE = re.compile(r"^(\d{4}-02-30|30/02/\d{4}|02/30/\d{4})\b")


def planted_cells(manifest) -> dict[tuple, tuple[str, str]]:
    """(sha256 of the file, spreadsheet row, column) -> (kind, cell as written) for every planted invalid
    answer, read from the generated files through their mapping's headers (header = row 1)."""
    found = {}
    for entry in survey_entries(manifest):
        headers = yaml.safe_load(entry.mapping.read_text(encoding="utf-8"))["columns"]
        sha = hashlib.sha256(entry.path.read_bytes()).hexdigest()
        for number, row in enumerate(read_rows(entry.path), start=2):
            score = str(row[headers["sat_overall"]]).strip()
            when = row[headers["visit_date"]]
            postal = str(row[headers["postal_code"]]).strip()
            if score == ("8" if "echelle5" in entry.path.name else "7"):
                found[sha, number, "sat_overall"] = ("score_out_of_scale", score)
            if isinstance(when, str) and PLANTED_DATE.match(when.strip()):
                found[sha, number, "visit_date"] = ("impossible_date", when.strip())
            if postal.replace(" ", "").replace("-", "").upper() == "D1A1A1":
                found[sha, number, "postal_code"] = ("impossible_postal_code", postal)
    return found


def test_every_planted_invalid_kind_is_quarantined_or_an_item_problem(built, generated):
    """A planted answer rejects its row only when the row has no season (visit date unreadable and no
    --year); otherwise the row is accepted, the item stored NULL and the problem kept in item_problems,
    postal codes masked to their FSA. The demo loads every survey with its season (--year), so every
    planted answer is an item problem and the quarantine stays empty."""
    summary, con = built
    _, manifest = generated
    planted = planted_cells(manifest)
    assert {kind for kind, _ in planted.values()} == set(demo.INVALID_KINDS)
    season_given = {
        hashlib.sha256(e.path.read_bytes()).hexdigest(): e.year is not None for e in survey_entries(manifest)
    }
    no_season = {key for key, (kind, _) in planted.items() if kind == "impossible_date" and not season_given[key[0]]}
    expected_items = {key: cell for key, cell in planted.items() if key not in no_season}

    quarantined = store.query_rows(
        con, "SELECT l.file_sha256, q.row_number, q.column_name FROM quarantine q JOIN load_ledger l USING (load_id)"
    )
    assert set(quarantined) == no_season and len(quarantined) == summary["rows_rejected"] == 0

    stored = store.query_rows(
        con,
        "SELECT l.file_sha256, p.row_number, p.column_name, p.value, p.reason_fr, "
        "p.reason_en FROM item_problems p JOIN load_ledger l USING (load_id)",
    )
    assert {r[:3] for r in stored} == set(expected_items)  # every planted answer, and nothing else
    assert len(stored) == len(expected_items) == summary["item_problems"]
    for sha, number, column, value, reason_fr, reason_en in stored:
        kind, cell = expected_items[sha, number, column]
        shown = cell[:3] + " ***" if kind == "impossible_postal_code" else cell  # the FSA only
        expected = {
            "score_out_of_scale": f"note {cell} hors de l'échelle 1–{int(cell) - 3 if cell.isdigit() else ''} pour sat_overall",
            "impossible_date": f"date impossible ou illisible « {cell} » pour visit_date",
            "impossible_postal_code": f"code postal impossible « {shown} » pour postal_code",
        }[kind]
        assert value == shown and reason_fr.startswith(f"ligne {number} : {expected}"), (value, reason_fr)
        assert reason_en.startswith(f"row {number}: ") and "1A1" not in value + reason_fr + reason_en
    # the rows are in raw_survey, with the item missing
    voided = store.query_rows(
        con,
        "SELECT p.column_name, count(r.row_number), count(CASE p.column_name "
        "WHEN 'sat_overall' THEN r.sat_overall::VARCHAR "
        "WHEN 'visit_date' THEN r.visit_date::VARCHAR "
        "WHEN 'postal_code' THEN r.postal_code END) "
        "FROM item_problems p LEFT JOIN raw_survey r USING (load_id, row_number) "
        "GROUP BY ALL",
    )
    assert {column: (n, kept) for column, n, kept in voided} == {
        column: (n, 0) for column, n in Counter(key[2] for key in expected_items).items()
    }


def test_store_shows_the_demo_patterns(built):
    summary, con = built
    shares = dict(
        store.query_rows(
            con,
            (
                "SELECT museum_id, avg((provenance_category = 'tourist')::int) FROM survey_responses "
                "WHERE provenance_category <> 'unknown' GROUP BY museum_id"
            ),
        )
    )
    assert len(shares) == 12
    assert shares["musee-des-brumes"] > 0.55 > 0.15 > shares["ecomusee-de-la-seve"]
    unknown = dict(
        store.query_rows(
            con,
            ("SELECT museum_id, avg((provenance_category = 'unknown')::int) FROM survey_responses GROUP BY museum_id"),
        )
    )
    assert max(unknown.values()) < 0.1
    seasons = store.query_rows(con, "SELECT count(DISTINCT (museum_id, survey_year)) FROM survey_responses")
    assert seasons[0][0] == 36
