"""Deterministic demo data: the exports twelve fictional museums would receive, then a demo store.

generate(out_dir) writes, for the museums of parameters/museums/ listed in PROFILES, three summer
surveys (2024-2026) from four survey tools (LimeSurvey CSV, SurveyMonkey-style XLSX, Google Forms
CSV, an Excel Windows-1252 `;` CSV), each with the mapping file it needs; desk count grids for a few
museums; and 36 months of attendance (November 2023 to October 2026). The same call writes the same
bytes on every machine: one numpy Generator per museum, source and season seeded from fixed numbers,
no clock, and XLSX archives rewritten with fixed dates and no compression.

build_demo(db) recreates a store and loads every file through the normal ingest path.
"""

from __future__ import annotations

import bisect
import calendar
import csv
import io
import itertools
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np
import yaml

from . import params
from .codebook import load_codebook
from .paths import demo_dir, resolve_db
from .reference import read_reference_csv

DEFAULT_MUSEUM = "musee-des-brumes"
SEASONS = (2024, 2025, 2026)
SURVEY_MONTHS = {6: 0.16, 7: 0.34, 8: 0.34, 9: 0.16}     # share of visits by month, June to September
ATTENDANCE_START = date(2023, 11, 1)
ATTENDANCE_MONTHS = 36
BASE_SEED = 20_240_601
STREAMS = {"survey": 1, "desk-counts": 2, "attendance": 3}

# The same great-circle rule as the SQL macro haversine_km.
EARTH_RADIUS_KM = 6371.0088
LOCAL_MAX_KM = 37.0            # by road: a margin under the 40 km rule so centroid rounding never flips a category
ROAD_CIRCUITY = 1.2            # the SQL macro road_circuity(): road distance ≈ 1.2 × straight line
QUEBEC_BRIDGES_LONGITUDE = -71.3   # downstream (east) of the Québec bridges the St. Lawrence has no fixed crossing
EXCURSION_KM = (45.0, 240.0)
QUEBEC_TOURIST_MIN_KM = 80.0

# Fixed stamps written into XLSX archives instead of the clock.
XLSX_ZIP_TIME = (2026, 11, 1, 0, 0, 0)
XLSX_CORE_TIME = b"2026-11-01T00:00:00Z"

TOURIST_ORIGINS = ("quebec", "other_province", "united_states", "france", "other_country")
OTHER_PROVINCES = {"ON": 0.52, "NB": 0.12, "NS": 0.07, "BC": 0.08, "AB": 0.09, "MB": 0.03,
                   "SK": 0.02, "PE": 0.03, "NL": 0.04}
OTHER_COUNTRIES = {"BE": 0.25, "CH": 0.18, "DE": 0.22, "GB": 0.20, "MX": 0.15}
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"

NOT_APPLICABLE = ""             # a question the respondent had no reason to answer (left blank)
INVALID_KINDS = ("score_out_of_scale", "impossible_date", "impossible_postal_code")


@dataclass(frozen=True)
class Profile:
    """How one demo museum's visitors and exports look."""

    museum_id: str
    local: float                       # 2024 share of local visitors
    excursionist: float                # 2024 share of excursionists (tourists are the rest)
    tourist_trend: float               # change of the tourist share per season
    origins: tuple[float, ...]         # tourists' origin, in TOURIST_ORIGINS order
    responses: tuple[int, int]         # survey responses per season, lowest and highest
    quality: float                     # satisfaction shift (0 = typical)
    tools: tuple[str, str, str]        # survey tool for each season
    annual_visits: int                 # entries in the year ending October 2024
    open_months: tuple[int, ...] = tuple(range(1, 13))
    summer_peak: float = 1.0           # extra weight of July and August
    sites: tuple[str, ...] = ("",)
    breakdown: bool = False            # paid / free / school entries known
    attendance_layout: str = "long"
    desk_layout: str | None = None
    islands: bool = False              # visitors arrive by plane or ferry


REGIONAL = (0.62, 0.16, 0.06, 0.11, 0.05)
URBAN = (0.26, 0.24, 0.22, 0.15, 0.13)
LOCAL_MIX = (0.78, 0.12, 0.04, 0.04, 0.02)
SUMMER = (6, 7, 8, 9, 10)

PROFILES: tuple[Profile, ...] = (
    Profile("musee-des-brumes", 0.12, 0.18, 0.015, REGIONAL, (500, 800), 0.15, ("limesurvey",) * 3,
            46_000, summer_peak=1.6, breakdown=True, attendance_layout="long", desk_layout="daily_long"),
    Profile("musee-du-rocher-aux-goelands", 0.07, 0.10, 0.01, REGIONAL, (400, 650), 0.10,
            ("google",) * 3, 27_000, open_months=SUMMER, summer_peak=1.4,
            attendance_layout="long_semicolon", desk_layout="weekly_wide"),
    Profile("maison-des-vents-sales", 0.20, 0.03, 0.0, (0.74, 0.13, 0.03, 0.08, 0.02), (200, 320), 0.20,
            ("excel",) * 3, 8_500, open_months=SUMMER, summer_peak=1.3, attendance_layout="long_semicolon",
            islands=True),
    Profile("musee-de-la-lumiere-urbaine", 0.36, 0.10, 0.01, URBAN, (1100, 1450), 0.0, ("limesurvey",) * 3,
            400_000, summer_peak=1.1, breakdown=True, attendance_layout="long"),
    Profile("centre-des-engrenages", 0.58, 0.22, 0.0, (0.45, 0.25, 0.12, 0.10, 0.08), (450, 700), 0.05,
            ("google", "limesurvey", "limesurvey"), 90_000, breakdown=True, attendance_layout="wide_months"),
    Profile("musee-des-remparts-imaginaires", 0.20, 0.10, 0.01, URBAN, (1000, 1400), 0.10,
            ("surveymonkey",) * 3, 250_000, summer_peak=1.2,
            sites=("Pavillon des Remparts", "Maison du Gouverneur"), attendance_layout="wide_sites",
            desk_layout="daily_wide"),
    Profile("ecomusee-de-la-seve", 0.78, 0.15, 0.0, LOCAL_MIX, (200, 300), 0.20, ("google",) * 3, 7_000,
            breakdown=True, attendance_layout="wide_months", desk_layout="weekly_long"),
    Profile("musee-du-filon-perdu", 0.76, 0.10, 0.0, LOCAL_MIX, (200, 280), 0.0, ("excel",) * 3, 5_500,
            attendance_layout="long_semicolon"),
    Profile("centre-des-marees-douces", 0.40, 0.20, 0.01, (0.60, 0.18, 0.07, 0.11, 0.04), (400, 650), 0.0,
            ("limesurvey",) * 3, 38_000, summer_peak=1.3, breakdown=True, attendance_layout="long"),
    Profile("musee-des-lucioles", 0.50, 0.25, 0.0, (0.55, 0.22, 0.13, 0.06, 0.04), (400, 600), 0.05,
            ("surveymonkey", "surveymonkey", "google"), 42_000, breakdown=True,
            attendance_layout="wide_months"),
    Profile("observatoire-du-phare-endormi", 0.45, 0.20, 0.01, REGIONAL, (220, 350), -0.10,
            ("limesurvey",) * 3, 11_000, summer_peak=1.3, attendance_layout="long"),
    Profile("domaine-des-anguilles-sages", 0.30, 0.25, 0.01, REGIONAL, (200, 340), 0.10, ("surveymonkey",) * 3,
            9_500, open_months=(5, 6, 7, 8, 9, 10), summer_peak=1.4, attendance_layout="wide_months"),
)

MONTH_WEIGHTS = {1: 3.0, 2: 4.0, 3: 6.0, 4: 4.0, 5: 6.0, 6: 9.0, 7: 16.0, 8: 16.0, 9: 8.0, 10: 7.0,
                 11: 4.0, 12: 5.0}
WEEKDAY_WEIGHTS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.5, 1.4)        # Monday to Sunday

COMMENTS = (
    "Superbe exposition, le personnel était très accueillant.",
    "Le stationnement était difficile à trouver.",
    "Prix d'entrée un peu élevé pour une famille de cinq.",
    "Merci pour la visite guidée, très instructive!",
    "Il manquait des bancs dans les salles d'exposition.",
    "Les enfants ont adoré l'atelier de bricolage.",
    "La signalisation depuis la route n'était pas claire.",
    "Très belle découverte, on reviendra l'an prochain.",
    "Le café était fermé lors de notre passage.",
    "Plus de contenu en anglais serait apprécié.",
    "Belle boutique, mais peu de produits locaux.",
    "Écrivez-moi à marie.exemple@example.com pour les prochaines activités.",
    "Vous pouvez me joindre au 418 555-0142 pour en discuter.",
    "Mon courriel : j.tremblay@example.net, j'aimerais devenir bénévole.",
    "Appelez-moi au (514) 555-0199, j'ai oublié mon parapluie au vestiaire.",
    "Je m'appelle Gaston Fictif et j'ai adoré la salle des cartes anciennes.",
)

SAT_ITEMS = ("sat_overall", "sat_reception", "sat_exhibitions", "sat_activities", "sat_signage",
             "sat_price_value", "sat_shop", "sat_cafe", "sat_cleanliness", "sat_accessibility")
SAT_OFFSETS = {"sat_overall": 0.0, "sat_reception": 0.3, "sat_exhibitions": 0.2, "sat_activities": 0.0,
               "sat_signage": -0.3, "sat_price_value": -0.4, "sat_shop": -0.1, "sat_cafe": -0.2,
               "sat_cleanliness": 0.2, "sat_accessibility": 0.0}
NOT_USED = {"sat_activities": 0.25, "sat_shop": 0.20, "sat_cafe": 0.30}   # services many visitors skip
SCALE_THRESHOLDS = (-1.9, -1.2, 0.1)
MISSING_RATE = 0.04
OPTIONAL_MISSING = ("municipality", "nights", "transport_mode", "first_visit", "party_type", "party_size",
                    "trip_reason", "age_band", "gender", *SAT_ITEMS[1:], "nps_score")
REQUIRED_MISSING = ("postal_code", "overnight", "sat_overall", "recommend")

AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus")
AGE_WEIGHTS = (0.02, 0.07, 0.15, 0.17, 0.17, 0.18, 0.16, 0.08)
PARTY_TYPES = ("alone", "couple", "family_children", "family_adults", "friends", "organised_group", "other")
PARTY_WEIGHTS = (0.10, 0.32, 0.28, 0.12, 0.13, 0.03, 0.02)
INFO_SOURCES = ("website", "social_media", "search_engine", "word_of_mouth", "tourist_office",
                "tourist_guide", "media", "signage", "accommodation", "previous_visit", "other")
INFO_WEIGHTS = {
    "local": (0.18, 0.20, 0.07, 0.22, 0.01, 0.01, 0.10, 0.04, 0.00, 0.15, 0.02),
    "excursionist": (0.22, 0.18, 0.12, 0.18, 0.04, 0.05, 0.07, 0.06, 0.01, 0.06, 0.01),
    "tourist": (0.16, 0.10, 0.14, 0.12, 0.14, 0.13, 0.03, 0.07, 0.09, 0.01, 0.01),
}
TRANSPORT = ("car", "motorhome", "coach", "public_transit", "train", "plane", "boat", "bicycle", "walk", "other")
TRANSPORT_WEIGHTS = {
    "local": (0.60, 0.00, 0.01, 0.14, 0.00, 0.00, 0.00, 0.09, 0.15, 0.01),
    "excursionist": (0.86, 0.01, 0.05, 0.03, 0.03, 0.00, 0.00, 0.01, 0.00, 0.01),
    "tourist": (0.64, 0.08, 0.07, 0.05, 0.05, 0.06, 0.02, 0.01, 0.01, 0.01),
    "island_tourist": (0.30, 0.12, 0.03, 0.00, 0.00, 0.25, 0.28, 0.01, 0.00, 0.01),
}
TRIP_REASONS = ("main", "one_of", "not_a_reason")
TRIP_WEIGHTS = {"local": (0.55, 0.25, 0.20), "excursionist": (0.60, 0.30, 0.10), "tourist": (0.22, 0.55, 0.23)}
FIRST_VISIT = {"local": 0.30, "excursionist": 0.55, "tourist": 0.82}


# --- reference geography ------------------------------------------------------------------------

def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance, the formula of the SQL macro haversine_km."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))


class Geography:
    """Quebec FSA centroids and municipalities, in file order (sorted, so draws never depend on dicts)."""

    def __init__(self) -> None:
        fsa_rows = sorted(read_reference_csv("fsa_quebec.csv"), key=lambda r: r["fsa"])
        self.fsa = np.array([r["fsa"] for r in fsa_rows])
        self.region = np.array([r["admin_region_code"] for r in fsa_rows])
        self.rural = np.array([r["approximate"] == "true" for r in fsa_rows])
        self.lat = np.array([float(r["latitude"]) for r in fsa_rows])
        self.lon = np.array([float(r["longitude"]) for r in fsa_rows])
        towns = sorted(read_reference_csv("municipalities.csv"), key=lambda r: r["name"])
        self.town_names = [r["name"] for r in towns]
        self.town_lat = np.array([float(r["latitude"]) for r in towns])
        self.town_lon = np.array([float(r["longitude"]) for r in towns])

    def pools(self, museum: params.Museum) -> dict[str, np.ndarray]:
        """Indexes of FSAs where local visitors, excursionists and Quebec tourists live."""
        distance = haversine_km(self.lat, self.lon, museum.latitude, museum.longitude)
        # locals live near by road; downstream of Québec the river lies between regions, so a demo
        # local there lives in the museum's own region (the other shore is a ferry ride away)
        same_shore = (self.region == museum.admin_region_code) | (museum.longitude < QUEBEC_BRIDGES_LONGITUDE)
        return {
            "local": np.flatnonzero((distance * ROAD_CIRCUITY <= LOCAL_MAX_KM) & same_shore),
            "excursionist": np.flatnonzero((distance >= EXCURSION_KM[0]) & (distance <= EXCURSION_KM[1])),
            "tourist": np.flatnonzero(distance >= QUEBEC_TOURIST_MIN_KM),
        }

    def rural_fsa_of(self, museum: params.Museum) -> int | None:
        """The nearest rural (approximate) FSA of the museum's region: where its local visitors' postal
        codes start when no FSA centroid lies within local distance."""
        candidates = np.flatnonzero(self.rural & (self.region == museum.admin_region_code))
        if len(candidates) == 0:
            return None
        distance = haversine_km(self.lat[candidates], self.lon[candidates], museum.latitude, museum.longitude)
        return int(candidates[int(np.argmin(distance))])

    def town_near(self, index: int) -> str:
        distance = haversine_km(self.town_lat, self.town_lon, self.lat[index], self.lon[index])
        return self.town_names[int(np.argmin(distance))]


def _rng(museum_index: int, stream: str, year: int = 0) -> np.random.Generator:
    return np.random.default_rng([BASE_SEED, museum_index, STREAMS[stream], year])


@cache
def _cumulative(weights: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


def _pick(rng: np.random.Generator, choices: tuple, weights: tuple[float, ...]):
    """One of `choices`, drawn with the given (unnormalised) weights."""
    cumulative = _cumulative(tuple(weights))
    return choices[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


# --- survey respondents (canonical codes) ----------------------------------------------------------

def _postal(rng: np.random.Generator, fsa: str) -> str:
    """A full postal code in the FSA, written the way people type it."""
    ldu = f"{rng.integers(1, 10)}{POSTAL_LETTERS[rng.integers(len(POSTAL_LETTERS))]}{rng.integers(0, 10)}"
    style = _pick(rng, ("space", "lower", "compact", "hyphen", "fsa"), (0.70, 0.08, 0.12, 0.05, 0.05))
    return {"space": f"{fsa} {ldu}", "lower": f"{fsa} {ldu}".lower(), "compact": fsa + ldu,
            "hyphen": f"{fsa}-{ldu}", "fsa": fsa}[style]


def _canadian_fsa(rng: np.random.Generator, province: str) -> str:
    letters = {"ON": "KLMNP", "NB": "E", "NS": "B", "BC": "V", "AB": "T", "MB": "R", "SK": "S", "PE": "C", "NL": "A"}
    first = letters[province][rng.integers(len(letters[province]))]
    return f"{first}{rng.integers(1, 10)}{POSTAL_LETTERS[rng.integers(len(POSTAL_LETTERS) - 2)]}"


def _foreign_postal(rng: np.random.Generator, country: str) -> str:
    if country == "GB":
        return f"SW{rng.integers(1, 20)} {rng.integers(1, 10)}AA"
    digits = 4 if country in ("BE", "CH") else 5
    return str(rng.integers(10 ** (digits - 1), 10 ** digits))


def _residence(rng, category, profile, pools, geo, museum) -> dict:
    """Where the respondent lives: postal code, municipality, province, country."""
    if category == "tourist":
        origin = _pick(rng, TOURIST_ORIGINS, profile.origins)
    else:
        origin = "quebec"
    if origin == "quebec":
        pool = pools[category]
        if len(pool) == 0:   # no FSA centroid that close: a rural FSA of the region, and the municipality
            index = geo.rural_fsa_of(museum)
            postal = _postal(rng, str(geo.fsa[index])) if index is not None else None
            return {"postal_code": postal, "municipality": museum.municipality, "province": "QC", "country": "CA"}
        index = int(pool[rng.integers(len(pool))])
        return {"postal_code": _postal(rng, str(geo.fsa[index])), "municipality": geo.town_near(index),
                "province": "QC", "country": "CA"}
    if origin == "other_province":
        province = _pick(rng, tuple(OTHER_PROVINCES), tuple(OTHER_PROVINCES.values()))
        return {"postal_code": _postal(rng, _canadian_fsa(rng, province)), "municipality": "",
                "province": province, "country": "CA"}
    country = {"united_states": "US", "france": "FR"}.get(origin) or _pick(
        rng, tuple(OTHER_COUNTRIES), tuple(OTHER_COUNTRIES.values()))
    return {"postal_code": _foreign_postal(rng, country), "municipality": "", "province": "", "country": country}


def _scale(latent: float) -> int:
    return 1 + sum(latent > t for t in SCALE_THRESHOLDS)


def _visit_date(rng: np.random.Generator, year: int) -> date:
    month = int(_pick(rng, tuple(SURVEY_MONTHS), tuple(SURVEY_MONTHS.values())))
    return date(year, month, int(rng.integers(1, calendar.monthrange(year, month)[1] + 1)))


def _party(rng: np.random.Generator) -> tuple[str, int]:
    party = _pick(rng, PARTY_TYPES, PARTY_WEIGHTS)
    size = {"alone": 1, "couple": 2}.get(party)
    if size is None:
        size = int(rng.integers(12, 41)) if party == "organised_group" else int(rng.integers(2, 7))
    return party, size


def category_shares(profile: Profile, year: int) -> tuple[float, float, float]:
    """(local, excursionist, tourist) shares the demo draws from in a season."""
    tourist = 1.0 - profile.local - profile.excursionist + profile.tourist_trend * (year - SEASONS[0])
    rest = profile.local + profile.excursionist
    scale = (1.0 - tourist) / rest
    return profile.local * scale, profile.excursionist * scale, tourist


def respondents(profile: Profile, museum: params.Museum, geo: Geography, year: int,
                rng: np.random.Generator) -> list[dict]:
    """Survey answers as canonical codes (None = no answer), one dict per respondent."""
    pools = geo.pools(museum)
    count = int(rng.integers(profile.responses[0], profile.responses[1] + 1))
    shares = category_shares(profile, year)
    people = []
    for number in range(1, count + 1):
        category = _pick(rng, ("local", "excursionist", "tourist"), shares)
        person = {"number": number, "category": category, **_residence(rng, category, profile, pools, geo, museum)}
        tourist = category == "tourist"
        person["overnight"] = tourist
        person["nights"] = int(min(1 + rng.geometric(0.35), 21)) if tourist else NOT_APPLICABLE
        person["lives_over_40km"] = category != "local"
        mode_key = "island_tourist" if tourist and profile.islands and person["province"] != "QC" else category
        person["transport_mode"] = _pick(rng, TRANSPORT, TRANSPORT_WEIGHTS[mode_key])
        person["visit_date"] = _visit_date(rng, year)
        person["minute"] = int(rng.integers(9 * 60, 18 * 60))
        person["first_visit"] = bool(rng.random() < FIRST_VISIT[category])
        person["party_type"], person["party_size"] = _party(rng)
        person["trip_reason"] = _pick(rng, TRIP_REASONS, TRIP_WEIGHTS[category])
        chosen = int(rng.integers(1, 4))
        weights = np.asarray(INFO_WEIGHTS[category])
        picks = rng.choice(len(INFO_SOURCES), size=chosen, replace=False, p=weights / weights.sum())
        person["info_sources"] = [INFO_SOURCES[i] for i in sorted(int(p) for p in picks)]
        mood = profile.quality + 0.7 * rng.standard_normal()
        for item in SAT_ITEMS:
            noise = 0.6 * rng.standard_normal()
            used = rng.random() >= NOT_USED.get(item, 0.0)
            person[item] = _scale(mood + SAT_OFFSETS[item] + noise) if used else None
        person["recommend"] = _scale(mood + 0.25 + 0.5 * rng.standard_normal())
        person["nps_score"] = int(np.clip(round(7.9 + 1.7 * mood + 1.0 * rng.standard_normal()), 0, 10))
        person["age_band"] = _pick(rng, AGE_BANDS, AGE_WEIGHTS)
        person["gender"] = _pick(rng, ("woman", "man", "another"), (0.58, 0.40, 0.02))
        english = person["country"] not in ("CA", "FR", "BE", "CH") or person["province"] not in ("", "QC", "NB")
        person["questionnaire_language"] = "en" if english and rng.random() < 0.75 else "fr"
        person["comment"] = COMMENTS[int(rng.integers(len(COMMENTS)))] if rng.random() < 0.09 else NOT_APPLICABLE
        for item in OPTIONAL_MISSING:
            if rng.random() < MISSING_RATE and person[item] != NOT_APPLICABLE:
                person[item] = None
        for item in REQUIRED_MISSING:
            if rng.random() < MISSING_RATE / 2:
                person[item] = None
        person["marker"] = int(rng.integers(0, 3))      # which no-answer marker this person's form uses
        people.append(person)
    return people


def plant_invalid(people: list[dict], kinds: tuple[str, ...], year: int, rng: np.random.Generator) -> None:
    """Spoil one respondent per kind the way keying errors do. The demo loads surveys with their season
    (--year), so ingest keeps these responses with the spoiled item missing and records an item problem
    for each (a row is quarantined only when it has no season)."""
    rows = rng.choice(len(people), size=len(kinds), replace=False)
    for kind, row in zip(kinds, sorted(int(r) for r in rows)):
        person = people[row]
        if kind == "score_out_of_scale":
            person["sat_overall"] = 7
        elif kind == "impossible_date":
            person["visit_date"] = f"{year}-02-30"
        elif kind == "impossible_postal_code":
            person.update(postal_code="D1A 1A1", province="", country="CA", municipality="")
        person["invalid"] = kind


# --- survey tools: columns and the mapping each needs -------------------------------------------------

Cell = str | int | float | datetime | None


class Layout:
    """The columns of one tool's export and, built alongside, the mapping file that reads it."""

    def __init__(self, tool: str, description: str, markers: tuple[str, ...], scale_markers: tuple[str, ...]):
        self.tool = tool
        self.columns: list[tuple[str, Callable[[dict], Cell]]] = []
        self.markers = markers                  # no-answer markers this tool writes (by person["marker"])
        self.scale_markers = scale_markers      # the same for 4-point scales
        self.mapping: dict = {"tool": tool, "description": description, "source": "survey", "columns": {}}

    def blank(self, person: dict, scale: bool = False) -> str:
        markers = self.scale_markers if scale else self.markers
        return markers[person["marker"] % len(markers)]

    def meta(self, header: str, value: Callable[[dict], Cell]) -> None:
        """A column the tool adds that the codebook does not use."""
        self.columns.append((header, value))

    def item(self, item: str, header: str, value: Callable[[dict], Cell], scale: bool = False) -> None:
        def cell(person: dict) -> Cell:
            answer = value(person)
            return self.blank(person, scale) if answer is None else answer
        self.columns.append((header, cell))
        self.mapping["columns"][item] = header

    def option_columns(self, item: str, headers: dict[str, str], ticked: str | None, **mapping) -> None:
        """One column per option; `ticked` is the cell text of a ticked option (None: the option label)."""
        for code, header in headers.items():
            self.columns.append((header, lambda p, code=code, header=header: (
                "" if code not in (p.get(item) or ()) else ticked or header.rsplit(" - ", 1)[-1])))
        self.mapping["columns"][item] = {"options": dict(headers), **mapping}

    def joined(self, item: str, header: str, separator: str, label: Callable[[str], str]) -> None:
        self.columns.append((header, lambda p: separator.join(label(c) for c in p.get(item) or ())))
        self.mapping["columns"][item] = {"column": header, "separator": separator}

    def labels(self, item: str, codes: dict[str, str]) -> None:
        self.mapping.setdefault("labels", {})[item] = {code: [label] for code, label in codes.items()}

    def scale(self, name: str, codes: dict, section: str = "scales") -> None:
        self.mapping.setdefault(section, {})[name] = {code: [label] for code, label in codes.items()}

    def header(self) -> list[str]:
        return [header for header, _ in self.columns]

    def rows(self, people: list[dict]) -> list[list[Cell]]:
        return [[value(person) for _, value in self.columns] for person in people]


def _coded(prefix: str, codes: tuple[str, ...], width: int = 1) -> dict[str, str]:
    return {code: f"{prefix}{position:0{width}d}" for position, code in enumerate(codes, start=1)}


def _answer(item: str, person: dict, table: dict | None = None) -> str | None:
    value = person.get(item)
    if value is None or value == NOT_APPLICABLE:
        return value
    return table[value] if table else value


def _yes_no(yes: str, no: str) -> Callable[[str], Callable[[dict], str | None]]:
    return lambda item: lambda p: None if p.get(item) is None else (yes if p[item] else no)


def _date_text(fmt: str) -> Callable[[dict], str]:
    """A visit date in the tool's format; a planted impossible date is written in the same format."""
    def cell(person: dict) -> str:
        value = person["visit_date"]
        if isinstance(value, str):                         # 'YYYY-02-30'
            year, month, day = value.split("-")
            return fmt.replace("%Y", year).replace("%m", month).replace("%d", day).replace(" %H:%M:%S", " 00:00:00")
        return value.strftime(fmt)
    return cell


def _reference_names(table: str, column: str, lang: str) -> dict[str, str]:
    return {row[column]: row[f"name_{lang}"] for row in read_reference_csv(table)}


def limesurvey_layout() -> Layout:
    """LimeSurvey 'answer codes' CSV: question codes as headers, A1..A4 scales, Y/N, SQ00n options."""
    layout = Layout("limesurvey", "Export LimeSurvey (codes des réponses) du sondage estival démo",
                    ("",), ("", "A5", ""))
    layout.meta("id", lambda p: p["number"])
    layout.meta("submitdate", lambda p: (
        f"{p['visit_date']} {p['minute'] // 60:02d}:{p['minute'] % 60:02d}:00"
        if isinstance(p["visit_date"], date) else ""))
    layout.meta("lastpage", lambda p: 6)
    layout.item("questionnaire_language", "startlanguage", lambda p: p["questionnaire_language"])
    layout.item("postal_code", "CP", lambda p: p["postal_code"])
    layout.item("province", "PROV", lambda p: p["province"])
    layout.item("country", "PAYS", lambda p: p["country"])
    yes_no = _yes_no("Y", "N")
    layout.item("overnight", "NUIT", yes_no("overnight"))
    layout.item("nights", "NBNUITS", lambda p: p["nights"])
    transport = _coded("T", TRANSPORT, 2)
    layout.item("transport_mode", "TRANSPORT", lambda p: _answer("transport_mode", p, transport))
    layout.item("visit_date", "DATEVISITE", _date_text("%Y-%m-%d %H:%M:%S"))
    layout.item("first_visit", "PREMIERE", yes_no("first_visit"))
    party = _coded("G", PARTY_TYPES)
    layout.item("party_type", "GROUPE", lambda p: _answer("party_type", p, party))
    layout.item("party_size", "TAILLEGR", lambda p: p["party_size"])
    reason = _coded("R", TRIP_REASONS)
    layout.item("trip_reason", "RAISON", lambda p: _answer("trip_reason", p, reason))
    layout.option_columns("info_sources", {code: f"SOURCES[SQ{n:03d}]" for n, code in enumerate(INFO_SOURCES, 1)},
                          "Y", checked=["Y"])
    scale = {4: "A1", 3: "A2", 2: "A3", 1: "A4"}
    for n, item in enumerate(SAT_ITEMS, start=1):
        layout.item(item, f"SAT[SQ{n:03d}]", lambda p, item=item: _answer(item, p, scale | {7: "7"}), scale=True)
    layout.item("recommend", "RECO", lambda p: _answer("recommend", p, scale), scale=True)
    layout.item("nps_score", "NPS", lambda p: p["nps_score"])
    age = _coded("AG", AGE_BANDS)
    layout.item("age_band", "AGE", lambda p: _answer("age_band", p, age))
    gender = {"woman": "F", "man": "M", "another": "X"}
    layout.item("gender", "GENRE", lambda p: _answer("gender", p, gender))
    layout.item("comment", "COMMENT", lambda p: p["comment"])
    layout.mapping["no_answer"] = ["A5"]
    for name in ("satisfaction", "recommendation"):
        layout.scale(name, {str(code): label for code, label in scale.items()})
    layout.scale("yesno", {"true": "Y", "false": "N"})
    for item, table in (("transport_mode", transport), ("party_type", party), ("trip_reason", reason),
                        ("age_band", age), ("gender", gender)):
        layout.labels(item, table)
    return layout


def surveymonkey_layout() -> Layout:
    """SurveyMonkey-style XLSX: English question texts, English labels, one column per option."""
    book = load_codebook()
    en = lambda item: lambda p: None if p.get(item) is None else book.label(item, p[item], "en")
    countries = _reference_names("countries.csv", "country_code", "en")
    provinces = _reference_names("provinces.csv", "province_code", "en")
    layout = Layout("surveymonkey", "SurveyMonkey-style XLSX export of the demo summer survey",
                    ("",), ("", "N/A"))
    layout.meta("Respondent ID", lambda p: 114_000_000_000 + 7919 * p["number"])
    layout.meta("Collector ID", lambda p: 431_552_118)
    layout.meta("Start Date", lambda p: (datetime.combine(p["visit_date"], datetime.min.time())
                                         + timedelta(minutes=p["minute"])) if isinstance(p["visit_date"], date) else None)
    layout.meta("IP Address", lambda p: "")
    layout.item("postal_code", "What is the postal code of your home?", lambda p: p["postal_code"])
    layout.item("country", "Country of residence", lambda p: _answer("country", p, countries))
    layout.item("province", "Province or territory of residence", lambda p: _answer("province", p, provinces))
    layout.item("overnight", "Does this trip include at least one night away from home?", en("overnight"))
    layout.item("nights", "How many nights?", lambda p: p["nights"])
    layout.item("transport_mode", "Main means of transport to the museum", en("transport_mode"))
    layout.item("visit_date", "Date of your visit", _date_text("%m/%d/%Y"))
    layout.item("first_visit", "Is this your first visit to the museum?", en("first_visit"))
    layout.item("party_type", "Who are you visiting with?", en("party_type"))
    layout.item("party_size", "How many people are in your party (including you)?", lambda p: p["party_size"])
    layout.item("trip_reason", "Is visiting the museum a reason for coming to the region?", en("trip_reason"))
    question = "How did you hear about the museum?"
    layout.option_columns("info_sources", {code: f"{question} - {book.label('info_sources', code, 'en')}"
                                           for code in INFO_SOURCES}, None)
    for item in SAT_ITEMS:
        label = book.item(item).label("en")
        layout.item(item, f"How satisfied were you with the following? - {label}",
                    lambda p, item=item: None if p.get(item) is None else (
                        str(p[item]) if p[item] == 7 else book.label(item, p[item], "en")), scale=True)
    layout.item("recommend", "Would you recommend the museum to friends and family?", en("recommend"))
    layout.item("nps_score", "On a scale of 0 to 10, how likely are you to recommend the museum?",
                lambda p: p["nps_score"])
    layout.item("age_band", "What is your age group?", en("age_band"))
    layout.item("gender", "Gender", en("gender"))
    layout.item("comment", "Any other comments?", lambda p: p["comment"])
    layout.mapping["date_format"] = "%m/%d/%Y"
    return layout


GOOGLE_MEDIA_LABEL = "Journaux / radio / télévision"   # the codebook label has a comma, which ", " joins break


def google_layout() -> Layout:
    """Google Forms CSV: French question texts and labels, multiple choice joined by ', '."""
    book = load_codebook()
    fr = lambda item: lambda p: None if p.get(item) is None else book.label(item, p[item], "fr")
    countries = _reference_names("countries.csv", "country_code", "fr")
    provinces = _reference_names("provinces.csv", "province_code", "fr")
    layout = Layout("google_forms", "Export CSV Google Forms du sondage estival démo",
                    ("",), ("", "Ne s'applique pas"))
    layout.meta("Horodateur", lambda p: (
        f"{p['visit_date']:%d/%m/%Y} {p['minute'] // 60:02d}:{p['minute'] % 60:02d}:41"
        if isinstance(p["visit_date"], date) else ""))
    layout.item("visit_date", "Date de votre visite", _date_text("%Y-%m-%d"))
    layout.item("postal_code", "Code postal de votre résidence (ex. G1R 2L3)", lambda p: p["postal_code"])
    layout.item("country", "Pays de résidence", lambda p: _answer("country", p, countries))
    layout.item("province", "Province", lambda p: _answer("province", p, provinces))
    yes_no = _yes_no("Oui", "Non")
    layout.item("lives_over_40km", "Habitez-vous à plus de 40 km du musée?", yes_no("lives_over_40km"))
    layout.item("overnight", "Votre voyage comporte-t-il au moins une nuit hors de chez vous?", yes_no("overnight"))
    layout.item("nights", "Si oui, combien de nuits?", lambda p: p["nights"])
    layout.item("transport_mode", "Principal moyen de transport pour venir au musée", fr("transport_mode"))
    layout.item("first_visit", "Est-ce votre première visite au musée?", yes_no("first_visit"))
    layout.item("party_type", "Avec qui faites-vous cette visite?", fr("party_type"))
    layout.item("party_size", "Combien de personnes compte votre groupe (vous compris)?", lambda p: p["party_size"])
    layout.item("trip_reason", "La visite du musée est-elle une raison de votre venue dans la région?",
                fr("trip_reason"))
    source_label = lambda code: GOOGLE_MEDIA_LABEL if code == "media" else book.label("info_sources", code, "fr")
    layout.joined("info_sources", "Comment avez-vous entendu parler du musée?", ", ", source_label)
    layout.labels("info_sources", {"media": GOOGLE_MEDIA_LABEL})
    for item in SAT_ITEMS:
        label = book.item(item).label("fr")
        layout.item(item, f"Votre satisfaction [{label}]",
                    lambda p, item=item: None if p.get(item) is None else (
                        str(p[item]) if p[item] == 7 else book.label(item, p[item], "fr")), scale=True)
    layout.item("recommend", "Recommanderiez-vous le musée à vos proches?", fr("recommend"))
    layout.item("age_band", "Groupe d'âge", fr("age_band"))
    layout.item("gender", "Genre", fr("gender"))
    layout.item("comment", "Commentaires ou suggestions", lambda p: p["comment"])
    layout.mapping["no_answer"] = ["Ne s'applique pas"]
    return layout


def excel_layout() -> Layout:
    """Paper questionnaires keyed into Excel, saved as CSV (Windows-1252, ';'): short French headers."""
    book = load_codebook()
    countries = _reference_names("countries.csv", "country_code", "fr")
    provinces = _reference_names("provinces.csv", "province_code", "fr")
    layout = Layout("excel_saisie", "Saisie Excel des questionnaires papier (CSV ; Windows-1252)",
                    ("", "NSP", ""), ("", "NSP", "0"))
    layout.item("response_id", "No", lambda p: p["number"])
    layout.item("visit_date", "Date visite", _date_text("%d/%m/%Y"))
    layout.item("postal_code", "Code postal", lambda p: p["postal_code"])
    layout.item("municipality", "Municipalité", lambda p: p["municipality"])
    layout.item("province", "Province", lambda p: _answer("province", p, provinces))
    layout.item("country", "Pays", lambda p: _answer("country", p, countries))
    yes_no = _yes_no("O", "N")
    layout.item("overnight", "Nuitée", yes_no("overnight"))
    layout.item("nights", "Nb nuits", lambda p: p["nights"])
    layout.item("lives_over_40km", "Plus de 40 km", yes_no("lives_over_40km"))
    transport = {"car": "Auto", "motorhome": "VR", "coach": "Autocar", "public_transit": "Bus/métro",
                 "train": "Train", "plane": "Avion", "boat": "Traversier", "bicycle": "Vélo", "walk": "À pied",
                 "other": "Autre"}
    layout.item("transport_mode", "Transport", lambda p: _answer("transport_mode", p, transport))
    layout.item("first_visit", "1re visite", yes_no("first_visit"))
    party = {"alone": "Seul", "couple": "Couple", "family_children": "Famille avec enfants",
             "family_adults": "Famille adultes", "friends": "Amis", "organised_group": "Groupe org.", "other": "Autre"}
    layout.item("party_type", "Groupe", lambda p: _answer("party_type", p, party))
    layout.item("party_size", "Nb pers.", lambda p: p["party_size"])
    reason = {"main": "Principale", "one_of": "Une des raisons", "not_a_reason": "Aucune"}
    layout.item("trip_reason", "Raison", lambda p: _answer("trip_reason", p, reason))
    short = {"website": "Site Web", "social_media": "Réseaux sociaux", "search_engine": "Google",
             "word_of_mouth": "Bouche-à-oreille", "tourist_office": "Bureau touristique",
             "tourist_guide": "Guide", "media": "Médias", "signage": "Panneaux", "accommodation": "Hébergement",
             "previous_visit": "Déjà venu", "other": "Autre"}
    layout.option_columns("info_sources", {code: f"Source - {label}" for code, label in short.items()},
                          "X", checked=["X"])
    short_sat = ("Sat. globale", "Accueil", "Expos", "Activités", "Signalisation", "Qualité-prix", "Boutique",
                 "Café", "Propreté", "Accessibilité")
    for item, header in zip(SAT_ITEMS, short_sat):
        layout.item(item, header, lambda p, item=item: p.get(item), scale=True)
    layout.item("recommend", "Recommandation", lambda p: p.get("recommend"), scale=True)
    layout.item("age_band", "Âge", lambda p: None if p.get("age_band") is None else book.label("age_band", p["age_band"], "fr"))
    gender = {"woman": "F", "man": "H", "another": "A"}
    layout.item("gender", "Sexe", lambda p: _answer("gender", p, gender))
    layout.item("questionnaire_language", "Langue", lambda p: p["questionnaire_language"].upper())
    layout.item("comment", "Commentaires", lambda p: p["comment"])
    layout.scale("yesno", {"true": "O", "false": "N"})
    for item, table in (("transport_mode", transport), ("party_type", party), ("trip_reason", reason),
                        ("gender", gender)):
        layout.labels(item, table)
    return layout


TOOLS = {
    # tool: (layout, file suffix, writer options, invalid kinds planted in every season)
    "limesurvey": (limesurvey_layout, "csv", {"encoding": "utf-8-sig", "delimiter": ",", "quote_all": True},
                   ("impossible_postal_code",)),
    "surveymonkey": (surveymonkey_layout, "xlsx", {}, ("impossible_postal_code",)),
    "google": (google_layout, "csv", {"encoding": "utf-8", "delimiter": ","},
               ("impossible_date", "impossible_postal_code")),
    "excel": (excel_layout, "csv", {"encoding": "cp1252", "delimiter": ";", "newline": "\r\n"},
              ("score_out_of_scale", "impossible_date")),
}


# --- attendance and desk counts -------------------------------------------------------------------

def months() -> list[date]:
    out, current = [], ATTENDANCE_START
    for _ in range(ATTENDANCE_MONTHS):
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def attendance(profile: Profile, rng: np.random.Generator) -> list[dict]:
    """Monthly entries per site: {month, site, total, paid, free, school} (None when not known)."""
    weights = {m: MONTH_WEIGHTS[m] * (profile.summer_peak if m in (7, 8) else 1.0) * (m in profile.open_months)
               for m in range(1, 13)}
    scale = profile.annual_visits / sum(weights.values())
    site_shares = (1.0,) if len(profile.sites) == 1 else (0.72, 0.28)
    rows = []
    for index, month in enumerate(months()):
        growth = 1.035 ** (index // 12)
        for site, share in zip(profile.sites, site_shares):
            expected = scale * weights[month.month] * growth * share
            total = int(round(expected * rng.lognormal(0.0, 0.06))) if expected else 0
            row = {"month": month, "site": site, "total": total, "paid": None, "free": None, "school": None}
            if profile.breakdown:
                school = 0 if month.month in (7, 8) or not total else int(total * rng.uniform(0.08, 0.22))
                free = int(total * rng.uniform(0.08, 0.16))
                row.update(school=school, free=free, paid=total - school - free)
            rows.append(row)
    return rows


def origin_shares(profile: Profile, year: int) -> dict[str, float]:
    """Desk-count origin categories implied by the visitor profile of a season."""
    local, excursionist, tourist = category_shares(profile, year)
    quebec, province, usa, france, other = profile.origins
    known = {"local": local, "quebec_other": excursionist + tourist * quebec, "other_province": tourist * province,
             "united_states": tourist * usa, "other_country": tourist * (france + other)}
    return {**{k: v * 0.98 for k, v in known.items()}, "unknown": 0.02}


def desk_counts(profile: Profile, monthly: list[dict], year: int, rng: np.random.Generator) -> list[dict]:
    """Daily tallies June to September: about three visitors in four are asked where they live."""
    totals: dict[date, int] = {}
    for row in monthly:
        totals[row["month"]] = totals.get(row["month"], 0) + row["total"]
    shares = origin_shares(profile, year)
    categories = tuple(shares)
    probabilities = np.array([shares[c] for c in categories])
    days = []
    for month in (6, 7, 8, 9):
        first = date(year, month, 1)
        length = calendar.monthrange(year, month)[1]
        weights = np.array([WEEKDAY_WEIGHTS[(first + timedelta(d)).weekday()] for d in range(length)])
        asked = totals.get(first, 0) * 0.75 * weights / weights.sum()
        for offset in range(length):
            counts = rng.multinomial(int(round(asked[offset])), probabilities / probabilities.sum())
            days.append({"date": first + timedelta(offset), **dict(zip(categories, (int(c) for c in counts)))})
    return days


# --- writers ------------------------------------------------------------------------------------

def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def write_csv(path: Path, header: list[str], rows: list[list[Cell]], *, encoding: str = "utf-8",
              delimiter: str = ",", quote_all: bool = False, newline: str = "\n") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([[_text(v) for v in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, sheets: list[tuple[str, list[str], list[list[Cell]]]]) -> None:
    """An XLSX workbook whose bytes depend only on its cells (no clock, no compression variance)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    _write_normalised_zip(path, buffer.getvalue())


def _write_normalised_zip(path: Path, data: bytes) -> None:
    """Rewrite an archive with fixed entry dates and stored entries; fix the document dates."""
    stamp = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = stamp.sub(rb"\g<1>" + XLSX_CORE_TIME + rb"\g<3>", content)
            info = zipfile.ZipInfo(entry.filename, date_time=XLSX_ZIP_TIME)
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    path.write_bytes(out.getvalue())


def write_mapping(path: Path, document: dict) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    path.write_text("# Fichier de correspondance généré par smq_analytics.demo / generated mapping file\n" + text,
                    encoding="utf-8", newline="\n")


# --- manifest and generation ------------------------------------------------------------------------

@dataclass(frozen=True)
class ManifestEntry:
    source: str                 # survey | desk-counts | attendance
    path: Path
    museum_id: str
    year: int | None
    mapping: Path | None


def _museums() -> list[tuple[int, Profile, params.Museum]]:
    return [(index, profile, params.load_museum(profile.museum_id)) for index, profile in enumerate(PROFILES)]


def _survey_files(index: int, profile: Profile, museum: params.Museum, geo: Geography, folder: Path,
                  layouts: dict[str, Layout]) -> list[ManifestEntry]:
    entries = []
    for year, tool in zip(SEASONS, profile.tools):
        rng = _rng(index, "survey", year)
        people = respondents(profile, museum, geo, year, rng)
        make_layout, suffix, options, kinds = TOOLS[tool]
        plant_invalid(people, kinds, year, rng)
        layout = layouts.setdefault(tool, make_layout())
        mapping = folder / f"correspondance-{layout.tool}.yaml"
        if not mapping.exists():
            write_mapping(mapping, layout.mapping)
        path = folder / f"sondage-{year}-{layout.tool.replace('_', '-')}.{suffix}"
        if suffix == "xlsx":
            write_xlsx(path, [("Sheet", layout.header(), layout.rows(people))])
        else:
            write_csv(path, layout.header(), layout.rows(people), **options)
        entries.append(ManifestEntry("survey", path, museum.id, year, mapping))
    return entries


ORIGIN_HEADERS = ("local", "quebec_other", "other_province", "united_states", "other_country", "unknown")


def _desk_files(index: int, profile: Profile, museum: params.Museum, monthly: list[dict],
                folder: Path) -> list[ManifestEntry]:
    if profile.desk_layout is None:
        return []
    book = load_codebook()
    labels = {code: book.origin_categories[code]("fr") for code in ORIGIN_HEADERS}
    entries = []
    for year in SEASONS:
        days = desk_counts(profile, monthly, year, _rng(index, "desk-counts", year))
        weekly = profile.desk_layout.startswith("weekly")
        if weekly:
            days = _weeks(days)
        period_header = "Semaine" if weekly else "Date"
        period = (lambda d: f"{d['date'].isocalendar().year}-W{d['date'].isocalendar().week:02d}") if weekly \
            else (lambda d: d["date"].isoformat())
        stem = folder / f"comptage-provenance-{year}"
        if profile.desk_layout.endswith("long"):
            header = [period_header, "Provenance", "Visiteurs"]
            rows = [[period(d), labels[code], d[code]] for d in days for code in ORIGIN_HEADERS]
            path = stem.with_suffix(".csv")
            if weekly:
                write_csv(path, header, rows, encoding="cp1252", delimiter=";", newline="\r\n")
            else:
                write_csv(path, header, rows)
        else:
            header = [period_header, *(labels[c] for c in ORIGIN_HEADERS), "Total"]
            rows = [[period(d), *(d[c] for c in ORIGIN_HEADERS), sum(d[c] for c in ORIGIN_HEADERS)] for d in days]
            path = stem.with_suffix(".xlsx")
            write_xlsx(path, [(f"Provenance {year}", header, rows)])
        entries.append(ManifestEntry("desk-counts", path, museum.id, year, None))
    return entries


def _weeks(days: list[dict]) -> list[dict]:
    """Daily tallies summed by ISO week (Monday start), weeks in date order."""
    weeks: dict[date, dict] = {}
    for day in days:
        start = day["date"] - timedelta(day["date"].weekday())
        week = weeks.setdefault(start, {"date": start, **{c: 0 for c in ORIGIN_HEADERS}})
        for code in ORIGIN_HEADERS:
            week[code] += day[code]
    return [weeks[start] for start in sorted(weeks)]


FR_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def _attendance_files(index: int, profile: Profile, museum: params.Museum, monthly: list[dict],
                      folder: Path) -> list[ManifestEntry]:
    layout = profile.attendance_layout
    if layout == "long":
        header = ["Mois", "Entrées totales", "Payantes", "Gratuites", "Scolaires"] if profile.breakdown \
            else ["Mois", "Entrées totales"]
        keys = ("total", "paid", "free", "school") if profile.breakdown else ("total",)
        path = folder / "frequentation-mensuelle.csv"
        write_csv(path, header, [[r["month"].strftime("%Y-%m"), *(r[k] for k in keys)] for r in monthly])
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    if layout == "long_semicolon":
        path = folder / "frequentation.csv"
        rows = [[f"{FR_MONTHS[r['month'].month - 1]} {r['month'].year}", f"{r['total']:,}".replace(",", "\u00a0")]
                for r in monthly]
        write_csv(path, ["Mois", "Fréquentation"], rows, encoding="cp1252", delimiter=";", newline="\r\n")
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    if layout == "wide_sites":
        # one row per site, one column per month (the month headers are real dates in the sheet)
        chosen = months()
        totals = {(r["site"], r["month"]): r["total"] for r in monthly}
        path = folder / "frequentation-par-site.xlsx"
        rows = [[site, *(totals[site, m] for m in chosen)] for site in profile.sites]
        write_xlsx(path, [("Fréquentation", ["Site", *(datetime(m.year, m.month, 1) for m in chosen)], rows)])
        return [ManifestEntry("attendance", path, museum.id, None, None)]
    # wide_months: one workbook per museum year (November to October), one column per month
    entries = []
    for year in SEASONS:
        chosen = [r for r in monthly if date(year - 1, 11, 1) <= r["month"] <= date(year, 10, 1)]
        header = ["Indicateur", *(f"{FR_MONTHS[r['month'].month - 1]} {r['month'].year}" for r in chosen)]
        names = (("total", "Total"), ("paid", "Payantes"), ("free", "Gratuites"), ("school", "Scolaires"))
        rows = [[label, *(r[key] for r in chosen)] for key, label in names if profile.breakdown or key == "total"]
        path = folder / f"frequentation-{year - 1}-{year}.xlsx"
        write_xlsx(path, [(f"{year - 1}-{year}", header, rows)])
        entries.append(ManifestEntry("attendance", path, museum.id, None, None))
    return entries


def generate(out_dir: str | os.PathLike | None = None) -> list[ManifestEntry]:
    """Write every demo export (and its mapping file) under out_dir; return them in load order."""
    out = Path(out_dir) if out_dir is not None else demo_dir()
    out.mkdir(parents=True, exist_ok=True)
    geo = Geography()
    layouts: dict[str, Layout] = {}
    surveys, desks, visits = [], [], []
    for index, profile, museum in _museums():
        folder = out / museum.id
        folder.mkdir(exist_ok=True)
        for stale in folder.iterdir():
            if stale.is_file():
                stale.unlink()
        monthly = attendance(profile, _rng(index, "attendance"))
        surveys += _survey_files(index, profile, museum, geo, folder, layouts)
        desks += _desk_files(index, profile, museum, monthly, folder)
        visits += _attendance_files(index, profile, museum, monthly, folder)
    return surveys + desks + visits


def build_demo(db: str | os.PathLike | None, out_dir: str | os.PathLike | None = None,
               progress: bool = True) -> dict:
    """Recreate the store `db`, load reference data and museums, then ingest every demo file."""
    from . import reference, store
    from .ingest import ingest_file

    path = resolve_db(db)
    for stale in (path, path.with_name(path.name + ".wal")):
        if stale.exists():
            stale.unlink()
    manifest = generate(out_dir)
    summary = {"files": 0, "rows_read": 0, "rows_accepted": 0, "rows_rejected": 0, "item_problems": 0,
               "default_museum": DEFAULT_MUSEUM, "db": str(path)}
    con = store.connect(path, read_only=False)
    try:
        reference.load_reference(con)
        params.sync_museums(con, [museum for _, _, museum in _museums()])
        entries = manifest
        if progress:
            from tqdm import tqdm
            entries = tqdm(manifest, desc="Démo / demo", unit="fichier", disable=None)  # silent when not a terminal
        for entry in entries:
            result = ingest_file(con, entry.source, entry.path, entry.museum_id, year=entry.year,
                                 mapping=entry.mapping)
            summary["files"] += 1
            summary["rows_read"] += result.rows_read
            summary["rows_accepted"] += result.rows_accepted
            summary["rows_rejected"] += result.rows_rejected
            summary["item_problems"] += len(result.item_problems)
    finally:
        con.close()
    return summary
