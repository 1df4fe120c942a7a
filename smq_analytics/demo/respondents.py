"""Survey respondents as canonical codes, and the invalid answers planted in them.

Postal codes are drawn from the letters Canada Post uses (postal.OTHER_LETTERS), so a generated code
is valid unless planted otherwise (« D1A 1A1 »: D never starts a postal code).
"""

from __future__ import annotations

import calendar
from datetime import date

import numpy as np

from .. import params
from ..postal import OTHER_LETTERS
from .draws import _pick
from .geography import Geography
from .profiles import (
    AGE_BANDS,
    AGE_WEIGHTS,
    COMMENTS,
    FIRST_VISIT,
    INFO_SOURCES,
    INFO_WEIGHTS,
    MISSING_RATE,
    NOT_APPLICABLE,
    NOT_USED,
    OPTIONAL_MISSING,
    OTHER_COUNTRIES,
    OTHER_PROVINCES,
    PARTY_TYPES,
    PARTY_WEIGHTS,
    REQUIRED_MISSING,
    SAT_ITEMS,
    SAT_OFFSETS,
    SCALE_THRESHOLDS,
    SEASONS,
    SURVEY_MONTHS,
    TOURIST_ORIGINS,
    TRANSPORT,
    TRANSPORT_WEIGHTS,
    TRIP_REASONS,
    TRIP_WEIGHTS,
    Profile,
)

POSTAL_LETTERS = OTHER_LETTERS  # letters of any position but the first (the demo draws LDUs from them)


def _postal(rng: np.random.Generator, fsa: str) -> str:
    """A full postal code in the FSA, written the way people type it."""
    ldu = f"{rng.integers(1, 10)}{POSTAL_LETTERS[rng.integers(len(POSTAL_LETTERS))]}{rng.integers(0, 10)}"
    style = _pick(rng, ("space", "lower", "compact", "hyphen", "fsa"), (0.70, 0.08, 0.12, 0.05, 0.05))
    return {
        "space": f"{fsa} {ldu}",
        "lower": f"{fsa} {ldu}".lower(),
        "compact": fsa + ldu,
        "hyphen": f"{fsa}-{ldu}",
        "fsa": fsa,
    }[style]


def _canadian_fsa(rng: np.random.Generator, province: str) -> str:
    letters = {"ON": "KLMNP", "NB": "E", "NS": "B", "BC": "V", "AB": "T", "MB": "R", "SK": "S", "PE": "C", "NL": "A"}
    first = letters[province][rng.integers(len(letters[province]))]
    return f"{first}{rng.integers(1, 10)}{POSTAL_LETTERS[rng.integers(len(POSTAL_LETTERS) - 2)]}"


def _foreign_postal(rng: np.random.Generator, country: str) -> str:
    if country == "GB":
        return f"SW{rng.integers(1, 20)} {rng.integers(1, 10)}AA"
    digits = 4 if country in ("BE", "CH") else 5
    return str(rng.integers(10 ** (digits - 1), 10**digits))


def _residence(rng, category, profile, pools, geo, museum) -> dict:
    """Where the respondent lives: postal code, municipality, province, country."""
    if category == "tourist":
        origin = _pick(rng, TOURIST_ORIGINS, profile.origins)
    else:
        origin = "quebec"
    if origin == "quebec":
        pool = pools[category]
        if len(pool) == 0:  # no FSA centroid that close: a rural FSA of the region, and the municipality
            index = geo.rural_fsa_of(museum)
            postal = _postal(rng, str(geo.fsa[index])) if index is not None else None
            return {"postal_code": postal, "municipality": museum.municipality, "province": "QC", "country": "CA"}
        index = int(pool[rng.integers(len(pool))])
        return {
            "postal_code": _postal(rng, str(geo.fsa[index])),
            "municipality": geo.town_near(index),
            "province": "QC",
            "country": "CA",
        }
    if origin == "other_province":
        province = _pick(rng, tuple(OTHER_PROVINCES), tuple(OTHER_PROVINCES.values()))
        return {
            "postal_code": _postal(rng, _canadian_fsa(rng, province)),
            "municipality": "",
            "province": province,
            "country": "CA",
        }
    country = {"united_states": "US", "france": "FR"}.get(origin) or _pick(
        rng, tuple(OTHER_COUNTRIES), tuple(OTHER_COUNTRIES.values())
    )
    return {"postal_code": _foreign_postal(rng, country), "municipality": "", "province": "", "country": country}


def _scale(latent: float) -> int:
    return 1 + sum(latent > t for t in SCALE_THRESHOLDS)


# The same latent satisfaction read on another rating scale (codebook rating_scales): 5 points by
# thresholds placed like the 4-point ones, 0–10 by a linear score. No draw: a file on another scale
# is the same respondents answering another questionnaire.
SCALE5_THRESHOLDS = (-2.2, -1.5, -0.5, 0.6)
RATED_ITEMS = (*SAT_ITEMS, "recommend")


def _on_scale(latent: float, scale: str) -> int:
    if scale == "scale5":
        return 1 + sum(latent > t for t in SCALE5_THRESHOLDS)
    if scale == "scale0_10":
        return int(np.clip(round(7.0 + 1.6 * latent), 0, 10))
    return _scale(latent)


def on_scale(people: list[dict], scale: str, recommend_scale: str | None = None) -> list[dict]:
    """Copies of `people` whose satisfaction answers are on `scale` and recommendation on
    `recommend_scale` (default: `scale`) — scale4, scale5 or scale0_10 — read from the same latent
    opinions; no answer stays no answer, and a score planted out of scale (plant_invalid) stays out of
    the new scale. Nothing is drawn, so the default files do not change."""
    top = {"scale4": 4, "scale5": 5, "scale0_10": 10}[scale]
    scales = {item: scale for item in SAT_ITEMS} | {"recommend": recommend_scale or scale}
    rescored = []
    for person in people:
        copy = dict(person)
        for item in RATED_ITEMS:
            latent = person["latent"].get(item)
            if person.get(item) is None or latent is None:
                continue
            copy[item] = _on_scale(latent, scales[item])
        if person.get("invalid") == "score_out_of_scale":
            copy["sat_overall"] = top + 3
        rescored.append(copy)
    return rescored


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


def respondents(
    profile: Profile, museum: params.Museum, geo: Geography, year: int, rng: np.random.Generator
) -> list[dict]:
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
        person["latent"] = {}  # the opinion behind each rating, to read it on another scale (on_scale)
        for item in SAT_ITEMS:
            noise = 0.6 * rng.standard_normal()
            used = rng.random() >= NOT_USED.get(item, 0.0)
            person["latent"][item] = mood + SAT_OFFSETS[item] + noise
            person[item] = _scale(person["latent"][item]) if used else None
        person["latent"]["recommend"] = mood + 0.25 + 0.5 * rng.standard_normal()
        person["recommend"] = _scale(person["latent"]["recommend"])
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
        person["marker"] = int(rng.integers(0, 3))  # which no-answer marker this person's form uses
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
