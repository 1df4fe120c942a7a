"""A small synthetic store for the provenance metrics, written straight into the raw tables.

Museum M01 (Québec city) has two seasons; M02.. M0n one season (2024) each. Counts are chosen so
the privacy rules fire: region 01 has 9 respondents (hidden), region 05 has 12 (hidden so the
9 cannot be recovered), region 06 has 29 (flagged), and unknown provenance has 12 (shown). Tests recount everything from survey_responses with pandas.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from smq_analytics import store

QUEBEC_CITY = (46.8139, -71.2080)

ADMIN_REGIONS = [
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
    ("03", "Capitale-Nationale", "Capitale-Nationale"),
    ("04", "Mauricie", "Mauricie"),
    ("05", "Estrie", "Estrie"),
    ("06", "Montréal", "Montréal"),
]
TOURIST_REGIONS = [
    ("TR03", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
    ("TR04", "Québec", "Québec"),
    ("TR07", "Mauricie", "Mauricie"),
    ("TR08", "Cantons-de-l'Est", "Eastern Townships"),
    ("TR12", "Montréal", "Montréal"),
]
PROVINCES = [
    ("QC", "Québec", "Quebec", "GHJ"),
    ("ON", "Ontario", "Ontario", "KLMNP"),
    ("NB", "Nouveau-Brunswick", "New Brunswick", "E"),
]
COUNTRIES = [
    ("CA", "Canada", "Canada", "canada"),
    ("US", "États-Unis", "United States", "usa"),
    ("FR", "France", "France", "europe"),
    ("BE", "Belgique", "Belgium", "europe"),
]
FSAS = [  # fsa, admin region, tourist region, lat, lon, approximate
    ("G1R", "03", "TR04", 46.8123, -71.2145, False),
    ("J1H", "05", "TR08", 45.4010, -71.8824, False),
    ("G8T", "04", "TR07", 46.3500, -72.5500, False),
    ("H2X", "06", "TR12", 45.5100, -73.5700, False),
    ("G5L", "01", "TR03", 48.4490, -68.5230, False),
]

# (visit date, postal code, province, country, overnight, count)
M01_2024 = [
    (date(2024, 7, 15), "G1R2L3", "QC", "CA", False, 40),  # local
    (date(2024, 7, 16), "J1H1A1", "QC", "CA", False, 12),  # excursionist, Estrie: hidden by complement
    (date(2024, 7, 16), "G8T5K1", "QC", "CA", False, 40),  # excursionist, Mauricie
    (date(2024, 7, 17), "H2X1Y4", "QC", "CA", True, 29),  # tourist, Montréal: 29 -> caution
    (date(2024, 7, 18), "G5L3A1", "QC", "CA", True, 9),  # tourist, Bas-Saint-Laurent: 9 -> hidden
    (date(2024, 8, 10), "G1R2L3", "QC", "CA", False, 20),  # local
    (date(2024, 8, 11), "K1A0B1", "ON", "CA", True, 9),  # tourist, Ontario
    (date(2024, 8, 12), "E1C4M3", "NB", "CA", True, 11),  # tourist, New Brunswick
    (date(2024, 8, 13), "10001", None, "US", True, 15),  # tourist, United States
    (date(2024, 8, 14), None, None, "FR", True, 10),  # tourist, France
    (date(2024, 8, 15), None, None, "BE", True, 4),  # tourist, Belgium
    (date(2024, 8, 16), None, None, None, None, 9),  # unknown
    (date(2024, 8, 17), "G9Z9Z9", "QC", "CA", False, 3),  # unknown: FSA not in the crosswalk
]
M01_2023 = [
    (date(2023, 7, 15), "G1R2L3", "QC", "CA", False, 50),
    (date(2023, 7, 16), "H2X1Y4", "QC", "CA", True, 30),
]
OTHER_MUSEUM_2024 = [
    (date(2024, 7, 20), "G1R2L3", "QC", "CA", False, 30),
    (date(2024, 7, 21), "10001", None, "US", True, 20),
]
M01_ATTENDANCE_2024 = {date(2024, 7, 1): 5000, date(2024, 8, 1): 3000}
OTHER_ATTENDANCE_2024 = {date(2024, 7, 1): 2000}


def museum_ids(n_museums: int) -> list[str]:
    return [f"M{index:02d}" for index in range(1, n_museums + 1)]


def build_store(path: Path, n_museums: int = 5, attendance: bool = True):
    """Create the store at path and return a read-write connection to it."""
    con = store.connect(path, read_only=False)
    with store.transaction(con):
        con.executemany(
            "INSERT INTO ref_admin_regions (admin_region_code, name_fr, name_en) VALUES (?, ?, ?)", ADMIN_REGIONS
        )
        con.executemany(
            "INSERT INTO ref_tourist_regions (tourist_region_code, name_fr, name_en) VALUES (?, ?, ?)", TOURIST_REGIONS
        )
        con.executemany(
            "INSERT INTO ref_provinces (province_code, name_fr, name_en, postal_letters) VALUES (?, ?, ?, ?)", PROVINCES
        )
        con.executemany(
            "INSERT INTO ref_countries (country_code, name_fr, name_en, world_area) VALUES (?, ?, ?, ?)", COUNTRIES
        )
        con.executemany(
            "INSERT INTO ref_fsa (fsa, admin_region_code, tourist_region_code, latitude, longitude, approximate, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, 'shipped')",
            [list(row) for row in FSAS],
        )
        for museum_id in museum_ids(n_museums):
            con.execute(
                "INSERT INTO museums (museum_id, name, museum_type, size_class, admin_region_code, tourist_region_code,"
                " municipality, latitude, longitude) VALUES (?, ?, 'history', 'medium', '03', 'TR04', 'Québec', ?, ?)",
                [museum_id, f"Musée {museum_id}", *QUEBEC_CITY],
            )
        load_id = 0
        for museum_id in museum_ids(n_museums):
            seasons = {2023: M01_2023, 2024: M01_2024} if museum_id == "M01" else {2024: OTHER_MUSEUM_2024}
            for year, spec in seasons.items():
                load_id += 1
                _ledger(con, load_id, "survey", museum_id, year, sum(row[-1] for row in spec))
                _responses(con, load_id, museum_id, year, spec)
            if attendance:
                months = M01_ATTENDANCE_2024 if museum_id == "M01" else OTHER_ATTENDANCE_2024
                load_id += 1
                _ledger(con, load_id, "attendance", museum_id, None, len(months))
                con.executemany(
                    "INSERT INTO raw_attendance (load_id, row_number, museum_id, month, total) VALUES (?, ?, ?, ?, ?)",
                    [[load_id, i + 2, museum_id, month, total] for i, (month, total) in enumerate(months.items())],
                )
    return con


def _ledger(con, load_id: int, source: str, museum_id: str, year: int | None, rows: int) -> None:
    con.execute(
        "INSERT INTO load_ledger (load_id, source, museum_id, survey_year, file_name, file_sha256, file_format,"
        " rows_read, rows_accepted, rows_rejected, loaded_at) VALUES (?, ?, ?, ?, ?, ?, 'csv', ?, ?, 0, ?)",
        [
            load_id,
            source,
            museum_id,
            year,
            f"{source}_{museum_id}_{year}.csv",
            f"{load_id:064d}",
            rows,
            rows,
            datetime(2024, 9, 1, 12, 0, load_id % 60),
        ],
    )


def _responses(con, load_id: int, museum_id: str, year: int, spec) -> None:
    rows, row_number = [], 1
    for visit_date, postal, province, country, overnight, count in spec:
        for _ in range(count):
            row_number += 1
            rows.append([load_id, row_number, museum_id, year, postal, province, country, overnight, visit_date])
    con.executemany(
        "INSERT INTO raw_survey (load_id, row_number, museum_id, survey_year, postal_code, province, country,"
        " overnight, visit_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
