"""The independent reader behind tests/test_recompute_demo.py (and the attendance survey tests): the
demo store's ledger and files, the reference CSVs, the survey exports read with plain csv / openpyxl /
yaml, the provenance rule in plain Python and one museum's latest season recomputed with its weights —
never through smq_analytics.ingest, smq_analytics.codebook or the SQL views (see that test's docstring).
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from demo_files_support import fold, marker, read_sheet, read_attendance
from smq_analytics import paths, store

# --- the documented rule's parameters (provenance_rules.sql, weighting.py / docs/ARCHITECTURE.md) ----------------
EARTH_RADIUS_KM = 6371.0088  # haversine_km
ROAD_CIRCUITY = 1.2  # road_circuity()
LOCAL_RADIUS_KM = 40.0  # local_radius_km(); compared with the distance rounded to 0.1 km
MIN_STRATUM_N = 20  # a month with fewer responses is collapsed
WEIGHT_FLOOR, WEIGHT_CAP = 0.2, 5.0  # weights outside are trimmed
CV_IMPRECISE = 0.25  # coefficient of variation above which a share is not shown
PARTY_SIZE_MIN_SHARE, PARTY_SIZE_CAP = 0.80, 10  # figures count visitors when party sizes are given this often
TOLERANCE = 1e-9

PROVENANCE_ITEMS = (
    "postal_code",
    "municipality",
    "province",
    "country",
    "overnight",
    "nights",
    "lives_over_40km",
    "visit_date",
)
SURVEY_FILE = re.compile(r"sondage-(\d{4})-(.+)\.(csv|xlsx)$")


# ==================================================================================================
# Locating the store and the files it was built from
# ==================================================================================================


def _store_path() -> Path:
    db = paths.default_db()
    return db if db.is_file() else paths.demo_dir() / "demo.duckdb"


def _ledger(db: Path) -> pd.DataFrame:
    con = store.connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT source, museum_id, survey_year, file_name, file_sha256, mapping_file, mapping_sha256"
            " FROM load_ledger WHERE replaced_at IS NULL ORDER BY museum_id, source, file_name"
        ).df()
    finally:
        con.close()


def _demo_museums() -> list[str]:
    db = _store_path()
    if not db.is_file():
        return []
    ledger = _ledger(db)
    return sorted(set(ledger.loc[ledger["source"] == "survey", "museum_id"]))


MUSEUMS = _demo_museums()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mismatches(root: Path, ledger: pd.DataFrame) -> list[str]:
    """What in root differs from the files the store loaded ([] = root holds exactly those files)."""
    problems = []
    for row in ledger.itertuples(index=False):
        if row.source not in ("survey", "attendance"):
            continue
        path = root / row.museum_id / row.file_name
        if not path.is_file() or _sha256(path) != row.file_sha256:
            problems.append(f"{row.museum_id}/{row.file_name}")
        if isinstance(row.mapping_file, str):
            mapping = root / row.museum_id / Path(row.mapping_file).name
            if not mapping.is_file() or _sha256(mapping) != row.mapping_sha256:
                problems.append(f"{row.museum_id}/{Path(row.mapping_file).name}")
    return problems


def _find_demo_files(db: Path, ledger: pd.DataFrame) -> Path:
    museums = sorted(set(ledger["museum_id"]))
    candidates = [Path(os.environ["SMQ_DEMO_DIR"])] if os.environ.get("SMQ_DEMO_DIR") else []
    candidates.append(db.parent)
    candidates += sorted(p for p in db.parent.iterdir() if p.is_dir())
    candidates.append(paths.demo_dir())
    tried = []
    for root in candidates:
        if not all((root / museum).is_dir() for museum in museums):
            continue
        problems = _mismatches(root, ledger)
        if not problems:
            return root
        tried.append(f"{root}: {len(problems)} file(s) differ from the store's loads, e.g. {problems[:3]}")
    pytest.fail(
        f"no folder holds the demo files the store {db} was built from; tried: {tried or candidates}. "
        "Rebuild the store and its files together (smq-analytics --db STORE demo --out FOLDER)."
    )


# ==================================================================================================
# Reference data, read from the CSV and YAML files
# ==================================================================================================


def _csv(name: str) -> list[dict[str, str]]:
    with (paths.reference_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _bool(text: str) -> bool:
    return text.strip().lower() in ("true", "t", "1", "yes")


@dataclass(frozen=True)
class Place:
    admin: str | None
    tourist: str | None
    lat: float
    lon: float
    approximate: bool


@dataclass
class Reference:
    codebook: dict
    fsa_quebec: dict[str, Place]
    fsa_elsewhere: dict[str, tuple[str, Place]]  # fsa -> (province, place)
    municipalities: dict[str, Place]  # folded spelling -> municipality
    countries: dict[str, str]  # folded name or code -> code
    world_area: dict[str, str]  # code -> world area
    provinces: dict[str, str]  # folded name or code -> code
    letter_province: dict[str, str]  # unambiguous postal first letter -> province
    centreline: list[tuple[float, float]]  # (longitude, latitude) by seq
    crossings: list[tuple[float, float, float, float]]  # north lat, lon, south lat, lon
    museums: dict[str, tuple[float, float]] = field(default_factory=dict)


def _alias_index(rows: list[dict[str, str]], code_column: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in rows:
        names = [row[code_column], row["name_fr"], row["name_en"], *filter(None, row.get("aliases", "").split("|"))]
        for name in names:
            if fold(name):
                index.setdefault(fold(name), row[code_column])
    return index


def _municipality_keys() -> dict[str, Place]:
    """Official names (first), aliases, then their St-/Ste- forms; equal precedence: by name."""
    towns = {
        row["name"]: Place(
            row["admin_region_code"], row["tourist_region_code"], float(row["latitude"]), float(row["longitude"]), True
        )
        for row in _csv("municipalities.csv")
    }
    written = [(name, name, 0) for name in towns]
    written += [(row["alias"], row["name"], 1) for row in _csv("municipality_aliases.csv")]
    spellings = list(written)
    for spelling, name, precedence in written:
        if "Saint" in spelling:
            short = re.sub(r"\bSaint-", "St-", re.sub(r"\bSainte-", "Ste-", spelling, flags=re.A), flags=re.A)
            spellings.append((short, name, precedence + 2))
    index: dict[str, Place] = {}
    for spelling, name, _ in sorted((s for s in spellings if s[1] in towns), key=lambda s: (s[2], s[1])):
        if fold(spelling):
            index.setdefault(fold(spelling), towns[name])
    return index


@cache
def reference() -> Reference:
    provinces = _csv("provinces.csv")
    letters: dict[str, set[str]] = {}
    for row in provinces:
        for letter in row["postal_letters"]:
            letters.setdefault(letter, set()).add(row["province_code"])
    countries = _csv("countries.csv")
    museums = {}
    for path in (paths.parameters_dir() / "museums").glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        museums[str(document["id"])] = (float(document["latitude"]), float(document["longitude"]))
    return Reference(
        codebook=yaml.safe_load((paths.reference_dir() / "codebook.yaml").read_text(encoding="utf-8")),
        fsa_quebec={
            r["fsa"]: Place(
                r["admin_region_code"] or None,
                r["tourist_region_code"] or None,
                float(r["latitude"]),
                float(r["longitude"]),
                _bool(r["approximate"]),
            )
            for r in _csv("fsa_quebec.csv")
        },
        fsa_elsewhere={
            r["fsa"]: (
                r["province_code"],
                Place(None, None, float(r["latitude"]), float(r["longitude"]), _bool(r["approximate"])),
            )
            for r in _csv("fsa_canada_outside_quebec.csv")
        },
        municipalities=_municipality_keys(),
        countries=_alias_index(countries, "country_code"),
        world_area={r["country_code"]: r["world_area"] for r in countries},
        provinces=_alias_index(provinces, "province_code"),
        letter_province={letter: codes.pop() for letter, codes in letters.items() if len(codes) == 1},
        centreline=[
            (float(r["longitude"]), float(r["latitude"]))
            for r in sorted(_csv("river_centreline.csv"), key=lambda r: int(r["seq"]))
        ],
        crossings=[
            (
                float(r["north_latitude"]),
                float(r["north_longitude"]),
                float(r["south_latitude"]),
                float(r["south_longitude"]),
            )
            for r in _csv("river_crossings.csv")
        ],
        museums=museums,
    )


# ==================================================================================================
# Survey exports -> the provenance items of each response (accepted with an invalid item NULL)
# ==================================================================================================

_INTEGER = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,]0+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_POSTAL_FULL = re.compile(r"[ABCEGHJKLMNPRSTVXY][0-9][ABCEGHJKLMNPRSTVWXYZ][0-9][ABCEGHJKLMNPRSTVWXYZ][0-9]")
_POSTAL_FSA = re.compile(r"[ABCEGHJKLMNPRSTVXY][0-9][ABCEGHJKLMNPRSTVWXYZ]")
_IS_CANADIAN_POSTAL = re.compile(r"[ABCEGHJ-NPRSTV-Z][0-9][ABCEGHJ-NPRSTV-Z]([0-9][ABCEGHJ-NPRSTV-Z][0-9])?")


def _date(text: str, date_format: str | None) -> date | None:
    """ISO (a time after it ignored), else the mapping's format, else day first; None when impossible."""
    try:
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if date_format:
            return datetime.strptime(text, date_format).date()
        if match := _DAY_FIRST.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


class SurveyReader:
    """One export read with its mapping file: provenance items per response, and invalid answers."""

    def __init__(self, path: Path, mapping_path: Path, season: int | None):
        self.ref = reference()
        self.mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8")) or {}
        self.sheet = read_sheet(path, self.mapping.get("sheet"))
        self.season = season
        self.no_answer = {
            marker(m) for m in [*self.ref.codebook.get("no_answer", []), *(self.mapping.get("no_answer") or []), ""]
        }
        self.problems: set[tuple[int, str]] = set()  # (row, item) stored missing

    def header_of(self, item: str) -> str | None:
        spec = (self.mapping.get("columns") or {}).get(item)
        node = self.ref.codebook["items"][item]
        wanted = [spec] if isinstance(spec, str) else [item, node["label"]["fr"], node["label"]["en"]]
        if isinstance(spec, str) and spec in self.sheet.header:
            return spec
        folded = {}
        for header in self.sheet.header:
            folded.setdefault(fold(header), header)
        return next((folded[fold(w)] for w in wanted if fold(w) in folded), None)

    def answers(self, item: str) -> list[str | None]:
        """Trimmed answers, None for an empty cell or a no-answer marker (whole column None when absent)."""
        header = self.header_of(item)
        if header is None:
            return [None] * len(self.sheet.rows)
        return [None if marker(v) in self.no_answer else v for v in self.sheet.column(header)]

    def _invalid(self, row: int, item: str) -> None:
        self.problems.add((row, item))

    def yes_no(self, item: str) -> list[bool | None]:
        index = {}
        layers = [
            {code: [code, label["fr"], label["en"]] for code, label in self._scale("yesno").items()},
            (self.mapping.get("scales") or {}).get("yesno") or {},
            (self.mapping.get("labels") or {}).get(item) or {},
        ]
        for layer in layers:
            for code, labels in layer.items():
                for label in labels:
                    if fold(label):
                        index[fold(label)] = self._code(code)
        out = []
        for (row, _), answer in zip(self.sheet.rows, self.answers(item)):
            code = None if answer is None else index.get(fold(answer))
            if answer is not None and code is None:
                self._invalid(row, item)
            out.append(None if code is None else code == "true")
        return out

    def _scale(self, name: str) -> dict:
        return {self._code(k): v for k, v in self.ref.codebook["scales"][name].items()}

    @staticmethod
    def _code(key) -> str:
        return ("true" if key else "false") if isinstance(key, bool) else str(key)

    def integer(self, item: str) -> list[int | None]:
        node = self.ref.codebook["items"][item]
        low, high = node.get("min", 0), node.get("max", 2**31 - 1)
        out = []
        for (row, _), answer in zip(self.sheet.rows, self.answers(item)):
            value = None
            if answer is not None:
                if _INTEGER.fullmatch(answer):
                    value = int(re.sub(r"[ \u00a0\u202f,]", "", re.sub(r"[.,]0+$", "", answer)))
                if value is None or not low <= value <= high:
                    self._invalid(row, item)
                    value = None
            out.append(value)
        return out

    def lookup(self, item: str, index: dict[str, str]) -> list[str | None]:
        out = []
        for (row, _), answer in zip(self.sheet.rows, self.answers(item)):
            code = None if answer is None else index.get(fold(answer))
            if answer is not None and code is None:
                self._invalid(row, item)
            out.append(code)
        return out

    def visit_dates(self) -> list[date | None]:
        out = []
        for (row, _), answer in zip(self.sheet.rows, self.answers("visit_date")):
            value = None if answer is None else _date(answer, self.mapping.get("date_format"))
            if answer is not None and value is None:
                self._invalid(row, "visit_date")
            elif value is not None and self.season is not None and value.year != self.season:
                self._invalid(row, "visit_date")  # outside the season given at load
                value = None
            out.append(value)
        return out

    def postal_codes(self, countries: list[str | None]) -> list[str | None]:
        """Canadian codes (country CA or not known) normalised, impossible ones NULL; others upper case."""
        out = []
        for (row, _), answer, country in zip(self.sheet.rows, self.answers("postal_code"), countries):
            if answer is None:
                out.append(None)
            elif country is None or country == "CA":
                compact = re.sub(r"[\s\-_.]+", "", answer).upper()
                valid = _POSTAL_FULL.fullmatch(compact) or _POSTAL_FSA.fullmatch(compact)
                if not valid:
                    self._invalid(row, "postal_code")
                out.append(compact if valid else None)
            else:
                out.append(answer.upper())
        return out

    def responses(self) -> pd.DataFrame:
        ref = self.ref
        countries = self.lookup("country", ref.countries)
        frame = pd.DataFrame(
            {
                "row_number": [row for row, _ in self.sheet.rows],
                "country": countries,
                "province": self.lookup("province", ref.provinces),
                "postal_code": self.postal_codes(countries),
                "municipality": self.answers("municipality"),
                "overnight": self.yes_no("overnight"),
                "nights": self.integer("nights"),
                "lives_over_40km": self.yes_no("lives_over_40km"),
                "visit_date": self.visit_dates(),
                "party_size": self.integer("party_size"),
            },
            dtype=object,
        )
        if self.season is not None:
            frame["survey_year"] = self.season
        else:  # no season given: a response without a visit date is quarantined
            frame["survey_year"] = [d.year if d else None for d in frame["visit_date"]]
            frame = frame[frame["survey_year"].notna()]
        return frame


# ==================================================================================================
# The provenance rule, in plain Python
# ==================================================================================================


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    h = (
        math.sin(math.radians(lat2 - lat1) / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def shore(lat: float, lon: float) -> str | None:
    """North or south of the St. Lawrence centre line at this longitude; None outside its range."""
    line = reference().centreline
    for (lon_a, lat_a), (lon_b, lat_b) in zip(line, line[1:]):
        if lon_a <= lon <= lon_b:
            return "north" if lat > lat_a + (lat_b - lat_a) * (lon - lon_a) / (lon_b - lon_a) else "south"
    return None


def travel_km(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    s1, s2 = shore(lat1, lon1), shore(lat2, lon2)
    if s1 is not None and s2 is not None and s1 != s2:
        routes = []
        for n_lat, n_lon, s_lat, s_lon in reference().crossings:
            first, second = ((n_lat, n_lon), (s_lat, s_lon)) if s1 == "north" else ((s_lat, s_lon), (n_lat, n_lon))
            routes.append(
                haversine_km(n_lat, n_lon, s_lat, s_lon)
                + ROAD_CIRCUITY * (haversine_km(lat1, lon1, *first) + haversine_km(*second, lat2, lon2))
            )
        return min(routes)
    return ROAD_CIRCUITY * haversine_km(lat1, lon1, lat2, lon2)


def round_1(x: float) -> float:
    """Rounded to 0.1 km, halves away from zero, as shown."""
    return math.copysign(math.floor(abs(x) * 10 + 0.5), x) / 10


def derive(row: dict, museum: tuple[float, float]) -> dict:
    """Where the respondent lives, how far, and the provenance category (documented rule)."""
    ref = reference()
    postal = row["postal_code"]
    fsa = postal[:3] if postal and _IS_CANADIAN_POSTAL.fullmatch(postal) else None
    country = row["country"] or ("CA" if fsa or row["province"] else None)
    province = row["province"] or (ref.letter_province.get(fsa[0]) if fsa else None)
    quebec_fsa = ref.fsa_quebec.get(fsa) if fsa and province == "QC" else None
    town = (
        ref.municipalities.get(fold(row["municipality"]))
        if row["municipality"] and (province or "QC") == "QC" and (country or "CA") == "CA"
        else None
    )
    elsewhere = None
    if fsa in ref.fsa_elsewhere and country == "CA":
        code, place = ref.fsa_elsewhere[fsa]
        elsewhere = place if (province or code) == code else None
    # an approximate FSA gives way to a known municipality of residence
    if town is not None and (quebec_fsa is None or quebec_fsa.approximate):
        home, admin, tourist = town, town.admin, town.tourist
    else:
        home = quebec_fsa or elsewhere
        admin = quebec_fsa.admin if quebec_fsa else None
        tourist = quebec_fsa.tourist if quebec_fsa else None
    km = travel_km(home.lat, home.lon, *museum) if home else None
    distance = round_1(km) if km is not None else None
    if row["lives_over_40km"] is not None:  # the respondent's own answer wins
        beyond, basis = row["lives_over_40km"], "self_report"
    elif distance is not None:
        beyond = distance >= LOCAL_RADIUS_KM
        basis = "distance_approximate" if home.approximate else "distance_precise"
    elif country is not None and country != "CA":
        beyond, basis = True, "residence_abroad"
    else:
        beyond, basis = None, None
    overnight = row["overnight"]
    stayed = overnight if overnight is not None else (row["nights"] > 0 if row["nights"] is not None else None)
    if stayed is True:
        category = "tourist"
    elif beyond is False:
        category = "local"
    elif beyond is True and stayed is False:
        category = "excursionist"
    else:
        category = "unknown"
    return {
        "fsa": fsa,
        "country_resolved": country,
        "province_resolved": province,
        "admin": admin,
        "tourist_region": tourist,
        "distance_km": distance,
        "beyond": beyond,
        "basis": basis,
        "category": category,
        "approximate_class": category in ("local", "excursionist") and basis == "distance_approximate",
        "world_area": ref.world_area.get(country, "other") if country else None,
    }


# ==================================================================================================
# One museum's latest season, recomputed
# ==================================================================================================


@dataclass
class Recomputed:
    museum_id: str
    year: int
    responses: pd.DataFrame  # one row per accepted response, with the derived fields
    problems: set  # (file, row, item) stored missing
    simple_weighting: bool  # months need no collapsing, no imputation and no trimming
    month_weight: dict[str, float]  # 'YYYY-MM' -> weight (mean 1 over dated responses); '' -> 1
    why_not_simple: str = ""
    recomputed_weights: bool = True  # month_weight recomputed (simple, or small months collapsed)
    stratum_of: dict[str, str] = field(default_factory=dict)  # 'YYYY-MM' -> its final stratum ('' -> '')


def collapse_small_months(n: pd.Series) -> list[list[str]]:
    """Weighting rule 4 written again: while a stratum has fewer than MIN_STRATUM_N responses and there
    is more than one, the smallest (earliest on ties) joins its adjacent stratum with fewer responses
    (the earlier one on ties)."""
    strata = [[month] for month in n.index]

    def size(k: int) -> int:
        return int(sum(n[m] for m in strata[k]))

    while len(strata) > 1 and min(size(k) for k in range(len(strata))) < MIN_STRATUM_N:
        smallest = min(range(len(strata)), key=lambda k: (size(k), k))
        neighbour = min((k for k in (smallest - 1, smallest + 1) if 0 <= k < len(strata)), key=lambda k: (size(k), k))
        low, high = sorted((smallest, neighbour))
        strata[low : high + 1] = [strata[low] + strata[high]]
    return strata


def recompute(root: Path, ledger: pd.DataFrame, museum_id: str) -> Recomputed:
    """The museum's latest season from its files: sondage-YYYY-<tool> read with the correspondance file of
    that tool, the season given at load (the ledger's survey_year, as the demo loads with --year), the
    attendance files the store loaded; then each response derived, and the month weights."""
    folder = root / museum_id
    surveys = {}
    for path in sorted(folder.iterdir()):
        if match := SURVEY_FILE.fullmatch(path.name):
            surveys.setdefault(int(match[1]), []).append((path, match[2]))
    year = max(surveys)
    loads = ledger[(ledger["museum_id"] == museum_id) & (ledger["source"] == "survey")].set_index("file_name")
    frames, problems = [], set()
    for path, tool in surveys[year]:
        mappings = [
            p
            for p in folder.glob("correspondance-*.yaml")
            if str(yaml.safe_load(p.read_text(encoding="utf-8")).get("tool", "")).replace("_", "-") == tool
        ]
        assert len(mappings) == 1, f"{path.name}: mapping files for tool {tool}: {mappings}"
        mapping, load = mappings[0], loads.loc[path.name]
        assert Path(load["mapping_file"]).name == mapping.name, (path.name, load["mapping_file"], mapping.name)
        season = None if pd.isna(load["survey_year"]) else int(load["survey_year"])
        assert season in (None, year), (path.name, season)
        reader = SurveyReader(path, mapping, season)
        frame = reader.responses().assign(file_name=path.name)
        frames.append(frame[frame["survey_year"] == year])
        problems |= {(path.name, row, item) for row, item in reader.problems}
    responses = pd.concat(frames, ignore_index=True)
    museum = reference().museums[museum_id]
    derived = pd.DataFrame([derive(row, museum) for row in responses.to_dict("records")], index=responses.index)
    responses = pd.concat([responses, derived], axis=1)
    responses["month"] = [d.strftime("%Y-%m") if d else "" for d in responses["visit_date"]]

    attendance = read_attendance(
        [
            folder / name
            for name in ledger.loc[(ledger["museum_id"] == museum_id) & (ledger["source"] == "attendance"), "file_name"]
        ]
    )
    n = responses.loc[responses["month"] != "", "month"].value_counts().sort_index()
    weights = {"": 1.0}
    why = ""
    if n.empty:
        why = "no dated response"
    else:
        first, last = pd.Period(n.index[0], "M"), pd.Period(n.index[-1], "M")
        period = [str(p) for p in pd.period_range(first, last, freq="M")]
        gaps = [m for m in period if m not in n.index and attendance.get(m, 0) > 0]
        uncounted = [m for m in n.index if not attendance.get(m, 0) > 0]
        small = [m for m in n.index if n[m] < MIN_STRATUM_N] if len(n) > 1 else []
        recomputed = not (gaps or uncounted)
        if gaps or uncounted or small:
            why = f"months without responses {gaps}, without attendance {uncounted}, small {small}"
        if recomputed:
            strata = collapse_small_months(n) if small else [[m] for m in n.index]
            raw = pd.Series(
                {m: sum(attendance[k] for k in group) / sum(n[k] for k in group) for group in strata for m in group}
            )
            normalised = raw * n.sum() / (raw * n).sum()
            if ((normalised < WEIGHT_FLOOR) | (normalised > WEIGHT_CAP)).any():
                why = f"weights outside [{WEIGHT_FLOOR}, {WEIGHT_CAP}]: {normalised.round(3).to_dict()}"
                recomputed = False
            weights.update(normalised.to_dict())
            stratum_of = {"": ""} | {m: "+".join(group) for group in strata for m in group}
            return Recomputed(museum_id, year, responses, problems, why == "", weights, why, recomputed, stratum_of)
        return Recomputed(museum_id, year, responses, problems, why == "", weights, why, recomputed)
    return Recomputed(museum_id, year, responses, problems, why == "", weights, why, False)


def visitor_factor(responses: pd.DataFrame, strata: pd.Series | None = None) -> pd.Series:
    """Each response's visitors within its weighting stratum (its month unless months were collapsed),
    as documented (weighting.py, unit of analysis): when at least 80 % of responses give a party size,
    the size capped at 10 (the mean capped size when missing) divided by the stratum's mean, so the
    stratum keeps its weight; else 1."""
    sizes = pd.to_numeric(responses["party_size"], errors="coerce")
    given = sizes.where(sizes >= 1)
    if given.notna().mean() < PARTY_SIZE_MIN_SHARE:
        return pd.Series(1.0, index=responses.index)
    capped = given.clip(upper=PARTY_SIZE_CAP)
    multiplier = capped.fillna(capped.mean())
    groups = responses["month"] if strata is None else strata
    return multiplier / multiplier.groupby(groups).transform("mean")
