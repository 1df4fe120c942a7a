"""Museum and cohort parameters: parameters/museums/<id>.yaml and parameters/cohorts/<id>.yaml.

Each file is described by a pydantic model (`MuseumFile`, `TargetEntry`, `CohortFile`) and read with
`schema.load`, then handed to the rest of the package as a plain frozen dataclass (`Museum`, `Target`,
`Cohort`). Every problem found in a file is reported at once, in French and English, naming the file,
the field and what was expected; unknown keys are errors (they are usually typos). Region codes are
checked against data/reference/*.csv, a cohort's notebooks against `known_notebooks()` and its
members against the museum files. The fields are documented in parameters/README.md; the shared
validation in docs/ARCHITECTURE.md, « Validating YAML files ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from collections.abc import Hashable, Iterator
from typing import Annotated, Any, Literal

import duckdb
from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from . import schema, store
from .geo import QUEBEC_LATITUDE, QUEBEC_LONGITUDE
from .i18n import LocalizedError, Message, museum_display_name
from .paths import parameters_dir, project_dir, reference_dir
from .reference import read_reference_csv
from .schema import Invalid, number_message
from .sqlfiles import sql

MUSEUM_TYPES = (
    "art",
    "history",
    "science",
    "natural_history",
    "ecomuseum",
    "interpretation_centre",
    "historic_site",
    "other",
)
SIZE_CLASSES = ("small", "medium", "large")

# Target indicators and the kind of value each takes.
SHARE_INDICATORS = ("tourist_share", "excursionist_share", "top2_satisfaction", "top2_recommendation")
TARGET_INDICATORS = (*SHARE_INDICATORS, "attendance_total", "nps")

# Bounding box of Quebec (degrees): southern border to Cape Wolstenholme, Ontario border to Blanc-Sablon.
YEAR_RANGE = (2000, 2100)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
EVENT_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_]{0,39}")
# GA4's session timer: a session is engaged after 10 s by default, adjustable from 10 to 60 s per stream.
ENGAGED_SECONDS = (10, 60)
NOTEBOOK_NAME = re.compile(r"[0-9]{2}_[a-z0-9_]+")


class ParameterError(LocalizedError):
    """A parameter file that cannot be used as it is."""


@dataclass(frozen=True)
class Target:
    indicator: str
    year: int
    value: float
    baseline_year: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class KeyEvent:
    """A GA4 event the museum counts as a key event (parameters/museums/<id>.yaml, web.key_events)."""

    name: str  # the museum's slug for it, e.g. achat-billet
    event: str  # the GA4 event name, e.g. purchase, click, sign_up
    link_domain: str | None = None  # only clicks to this domain or its subdomains
    page_path_prefix: str | None = None  # only events on pages under this path


# GA4 marks purchase as a key event by default; a museum that lists none keeps that one.
DEFAULT_KEY_EVENTS = (KeyEvent("achat", "purchase"),)


@dataclass(frozen=True)
class WebSettings:
    """How the museum's web analytics are read (docs/ARCHITECTURE.md, « Web analytics »)."""

    site_domains: tuple[str, ...] = ()  # the museum's own site(s)
    ticketing_domains: tuple[str, ...] = ()  # where its tickets sell, when another domain
    key_events: tuple[KeyEvent, ...] = DEFAULT_KEY_EVENTS
    engaged_after_seconds: int = 10


@dataclass(frozen=True)
class Museum:
    id: str
    name: str
    museum_type: str
    size_class: str
    admin_region_code: str
    tourist_region_code: str
    municipality: str
    latitude: float
    longitude: float
    peer_groups: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    name_en: str | None = None
    keep_full_postal_code: bool = False  # Law 25 minimisation: only the FSA is stored unless asked
    fiscal_year_start_month: int = 1  # the month the museum's year starts (calendar.py); 1 = calendar year
    web: WebSettings = WebSettings()

    def display_name(self, lang: str = "fr") -> str:
        return museum_display_name(self.name, self.name_en, lang)


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    theme: str
    facilitator: str
    year: int
    members: tuple[str, ...]
    notebooks: tuple[str, ...]
    peers_named: bool = False


# --- messages ---------------------------------------------------------------------------------
# Rules the field types cannot state; schema.PHRASES phrases the others (missing, unknown, type…).
# {field} and {value} are filled by schema.messages; the file name is put in front of each line.

MSG = {
    "slug": Message(
        "{field} « {value} » invalide (minuscules, chiffres et traits d'union attendus, ex. musee-des-brumes)",
        "{field} '{value}' is invalid (lower-case letters, digits and hyphens expected, e.g. musee-des-brumes)",
    ),
    "id_file": Message(
        "id « {value} » différent du nom du fichier (« {stem} » attendu)",
        "id '{value}' differs from the file name ('{stem}' expected)",
    ),
    "integer": Message("{field} « {value} » n'est pas un nombre entier", "{field} '{value}' is not a whole number"),
    "latitude": Message(
        "latitude {value} hors du Québec ({low} à {high} attendu)",
        "latitude {value} outside Quebec ({low} to {high} expected)",
    ),
    "longitude": Message(
        "longitude {value} hors du Québec ({low} à {high} attendu)",
        "longitude {value} outside Quebec ({low} to {high} expected)",
    ),
    "range": Message(
        "{field} {value} hors de l'intervalle ({low} à {high} attendu)",
        "{field} {value} out of range ({low} to {high} expected)",
    ),
    "region": Message(
        "{field} « {value} » absent de data/reference/{table} ({choices} attendu)",
        "{field} '{value}' not in data/reference/{table} ({choices} expected)",
    ),
    "baseline": Message(
        "{field} {value} doit précéder l'année de la cible ({year})",
        "{field} {value} must come before the target year ({year})",
    ),
    "duplicate_target": Message(
        "{field} : cible {indicator} {year} en double", "{field}: duplicate target {indicator} {year}"
    ),
    "notebook": Message(
        "{field} « {value} » invalide (nom de cahier sans extension attendu, ex. 01_provenance)",
        "{field} '{value}' is invalid (notebook name without extension expected, e.g. 01_provenance)",
    ),
    "notebook_missing": Message(
        "{field} « {value} » : ce cahier n'existe pas dans notebooks/ (cahiers : {known})",
        "{field} '{value}': no such notebook in notebooks/ (notebooks: {known})",
    ),
    "member": Message(
        "{field} « {value} » ne correspond à aucun musée de {folder}", "{field} '{value}' matches no museum in {folder}"
    ),
    "duplicate_member": Message("{field} « {value} » en double", "{field} '{value}' is listed twice"),
    "domain": Message(
        "{field} « {value} » invalide (nom de domaine en minuscules sans https:// ni chemin attendu, ex. "
        "billetterie.exemple.ca)",
        "{field} '{value}' is invalid (a lower-case domain name without https:// or path expected, e.g. "
        "tickets.example.com)",
    ),
    "event_name": Message(
        "{field} « {value} » invalide (nom d'événement GA4 attendu : lettres, chiffres et _, 40 caractères au "
        "plus, ex. purchase)",
        "{field} '{value}' is invalid (a GA4 event name expected: letters, digits and _, at most 40 characters, "
        "e.g. purchase)",
    ),
    "path_prefix": Message(
        "{field} « {value} » invalide (chemin commençant par / attendu, ex. /billets)",
        "{field} '{value}' is invalid (a path starting with / expected, e.g. /tickets)",
    ),
    "no_museum": Message(
        "Musée « {id} » introuvable : pas de fichier {file} (musées connus : {known})",
        "Museum '{id}' not found: no file {file} (known museums: {known})",
    ),
    "no_cohort": Message(
        "Cohorte « {id} » introuvable : pas de fichier {file}", "Cohort '{id}' not found: no file {file}"
    ),
    "no_reference": Message(
        "Référentiel introuvable : data/reference/{table}", "Reference data not found: data/reference/{table}"
    ),
}


# --- field types ------------------------------------------------------------------------------
# Each is a pydantic type with its rule attached; a broken rule raises schema.Invalid with the
# message above, so it reads like the generic ones.


def _whole_float(value: Any) -> Any:
    """YAML may write a whole number as 2026.0: read it as 2026 (a bool stays a bool, and is refused)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _between(low: float, high: float, message: str = "range"):
    """An after-validator: low <= value <= high, the bounds quoted in each language's number format."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise Invalid(MSG[message], low=number_message(low), high=number_message(high))
        return value

    return AfterValidator(check)


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise Invalid(MSG["slug"])
    return value


def _unique(values: list) -> tuple:
    """A list given as a tuple; an entry listed twice is refused (at the second position)."""
    seen = set()
    for position, value in enumerate(values):
        if value in seen:
            raise Invalid(MSG["duplicate_member"], field=position)
        seen.add(value)
    return tuple(values)


def _domain(value: str) -> str:
    if value.startswith("www."):
        value = value[4:]
    if not DOMAIN.fullmatch(value):
        raise Invalid(MSG["domain"])
    return value


def _event_name(value: str) -> str:
    if not EVENT_NAME.fullmatch(value):
        raise Invalid(MSG["event_name"])
    return value


def _path_prefix(value: str) -> str:
    if not value.startswith("/") or any(c in value for c in "?# "):
        raise Invalid(MSG["path_prefix"])
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, AfterValidator(_slug)]
Number = Annotated[float, AllowInfNan(False)]
Whole = Annotated[int, BeforeValidator(_whole_float)]
Year = Annotated[Whole, _between(*YEAR_RANGE)]
Domain = Annotated[str, AfterValidator(_domain)]

# Target values: the range of each indicator, and whether it must be a whole number.
TARGET_VALUE_RANGES: dict[str, tuple[bool, float, float]] = {
    **{name: (False, 0.0, 1.0) for name in SHARE_INDICATORS},
    "attendance_total": (True, 0, 100_000_000),
    "nps": (False, -100.0, 100.0),
}


def _reference_codes(table: str, column: str) -> tuple[str, ...]:
    path = reference_dir() / table
    if not path.is_file():
        raise ParameterError(MSG["no_reference"].format(table=table))
    return _codes_in(path, column)


@cache
def _codes_in(path: Path, column: str) -> tuple[str, ...]:
    return tuple(sorted(row[column] for row in read_reference_csv(path.name, path.parent)))


def _region(table: str, column: str, width: int | None) -> Any:
    """A code listed in data/reference/<table>. YAML reads an unquoted 05 as 5: accept it as '05'."""

    def pad(value: Any) -> Any:
        if width and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:0{width}d}"
        return value

    def listed(value: str) -> str:
        codes = _reference_codes(table, column)
        if value not in codes:
            raise Invalid(MSG["region"], table=table, choices=f"{codes[0]} … {codes[-1]}" if codes else "?")
        return value

    return Annotated[str, BeforeValidator(pad), AfterValidator(listed)]


def known_notebooks() -> tuple[str, ...]:
    """The notebook names a cohort may list: the workbooks of the topic registry (smq_analytics/topics),
    whose notebook files tests/test_topics.py keeps in step with notebooks/.

    A cohort cannot list a workbook the tool does not have (docs/ARCHITECTURE.md, « Topics »).
    """
    from .topics import notebook_names

    return tuple(notebook_names())


def _notebook(value: str) -> str:
    if not NOTEBOOK_NAME.fullmatch(value):
        raise Invalid(MSG["notebook"])
    known = known_notebooks()
    if value not in known:
        raise Invalid(MSG["notebook_missing"], known=", ".join(known) or "–")
    return value


def _member(value: str, info: ValidationInfo) -> str:
    """A cohort member: a museum of the museums folder the cohort is read against."""
    context = info.context or {}
    if "museum_ids" in context and value not in context["museum_ids"]:
        raise Invalid(MSG["member"], folder=context.get("museums_folder", "parameters/museums"))
    return value


# --- file models ------------------------------------------------------------------------------
# Field order is the documented order (parameters/README.md); unknown keys list the fields in it.


class _File(BaseModel):
    """A hand-written file: unknown keys refused (typos), no silent conversion between types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _same_as_file_name(value: str, info: ValidationInfo) -> str:
    stem = (info.context or {}).get("stem")
    if stem is not None and value != stem:
        raise Invalid(MSG["id_file"], stem=stem)
    return value


class TargetEntry(_File):
    indicator: Literal[TARGET_INDICATORS]  # type: ignore[valid-type]
    year: Year
    value: Number
    baseline_year: Year | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _value_and_baseline(self) -> "TargetEntry":
        """The value's range depends on the indicator; the baseline year comes before the target year."""
        whole, low, high = TARGET_VALUE_RANGES[self.indicator]
        if whole and not float(self.value).is_integer():
            raise Invalid(MSG["integer"], field="value")
        if not low <= self.value <= high:
            raise Invalid(MSG["range"], field="value", low=number_message(low), high=number_message(high))
        if self.baseline_year is not None and self.baseline_year >= self.year:
            raise Invalid(MSG["baseline"], field="baseline_year", year=self.year)
        return self


class KeyEventEntry(_File):
    name: Slug
    event: Annotated[str, AfterValidator(_event_name)]
    link_domain: Domain | None = None
    page_path_prefix: Annotated[str, AfterValidator(_path_prefix)] | None = None


class WebEntry(_File):
    site_domains: Annotated[list[Domain], AfterValidator(_unique)] = Field(default_factory=tuple)
    ticketing_domains: Annotated[list[Domain], AfterValidator(_unique)] = Field(default_factory=tuple)
    key_events: list[KeyEventEntry] | None = None
    engaged_after_seconds: Annotated[Whole, _between(*ENGAGED_SECONDS)] = 10

    def settings(self) -> WebSettings:
        key_events = (
            DEFAULT_KEY_EVENTS
            if self.key_events is None
            else tuple(KeyEvent(k.name, k.event, k.link_domain, k.page_path_prefix) for k in self.key_events)
        )
        return WebSettings(
            tuple(self.site_domains), tuple(self.ticketing_domains), key_events, self.engaged_after_seconds
        )


class MuseumFile(_File):
    id: Annotated[Slug, AfterValidator(_same_as_file_name)]
    name: Text
    name_en: Text | None = None
    museum_type: Literal[MUSEUM_TYPES]  # type: ignore[valid-type]
    size_class: Literal[SIZE_CLASSES]  # type: ignore[valid-type]
    admin_region_code: _region("admin_regions.csv", "admin_region_code", 2)  # type: ignore[valid-type]
    tourist_region_code: _region("tourist_regions.csv", "tourist_region_code", None)  # type: ignore[valid-type]
    municipality: Text
    latitude: Annotated[Number, _between(*QUEBEC_LATITUDE, message="latitude")]
    longitude: Annotated[Number, _between(*QUEBEC_LONGITUDE, message="longitude")]
    peer_groups: Annotated[list[Slug], AfterValidator(_unique)] = Field(default_factory=tuple)
    targets: list[TargetEntry] = Field(default_factory=list)
    keep_full_postal_code: bool = False
    fiscal_year_start_month: Annotated[Whole, _between(1, 12)] = 1
    web: WebEntry | None = None

    def museum(self) -> Museum:
        targets = tuple(Target(t.indicator, t.year, float(t.value), t.baseline_year, t.note) for t in self.targets)
        fields = {name: getattr(self, name) for name in Museum.__dataclass_fields__ if name not in ("targets", "web")}
        web = self.web.settings() if self.web is not None else WebSettings()
        return Museum(**{**fields, "peer_groups": tuple(self.peer_groups)}, targets=targets, web=web)


def one_target_per_indicator_and_year(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule across targets: an indicator + year pair appears once (a second one is reported even
    when another target of the file is wrong)."""
    targets = document.get("targets") if isinstance(document, dict) else None
    seen = set()
    for position, target in enumerate(targets if isinstance(targets, list) else ()):
        if not isinstance(target, dict):
            continue
        key = (target.get("indicator"), target.get("year"))
        if None in key or not all(isinstance(part, Hashable) for part in key):
            continue
        if key in seen:
            yield ("targets", position), Invalid(MSG["duplicate_target"], indicator=key[0], year=key[1])
        seen.add(key)


def one_key_event_per_name(document: Any) -> Iterator[tuple[tuple, Invalid]]:
    """A rule across key events: each name appears once (reported even when another entry is wrong)."""
    web = document.get("web") if isinstance(document, dict) else None
    entries = web.get("key_events") if isinstance(web, dict) else None
    seen = set()
    for position, entry in enumerate(entries if isinstance(entries, list) else ()):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        if name in seen:
            yield ("web", "key_events", position, "name"), Invalid(MSG["duplicate_member"], value=name)
        seen.add(name)


class CohortFile(_File):
    id: Annotated[Slug, AfterValidator(_same_as_file_name)]
    name: Text
    theme: Text
    facilitator: Text
    year: Year
    members: Annotated[list[Annotated[Slug, AfterValidator(_member)]], AfterValidator(_unique)]
    notebooks: Annotated[list[Annotated[str, AfterValidator(_notebook)]], AfterValidator(_unique)]
    peers_named: bool = False

    def cohort(self) -> Cohort:
        return Cohort(**{name: getattr(self, name) for name in Cohort.__dataclass_fields__})


# --- reading files ----------------------------------------------------------------------------


def _label(path: Path) -> str:
    """The file as a person would name it: relative to the project when inside it."""
    return schema.file_label(path, project_dir())


def _load(path: Path, model: type[schema.ModelT], context: dict, rules=()) -> schema.ModelT:
    file = _label(path)
    return schema.load(
        path, model, Message(file, file), ParameterError, context={"stem": path.stem, **context}, rules=rules
    )


def read_museum(path: Path) -> Museum:
    """One museum file, validated: every problem of the file in one ParameterError."""
    return _load(path, MuseumFile, {}, rules=(one_target_per_indicator_and_year, one_key_event_per_name)).museum()


def read_cohort(path: Path, museum_ids: set[str], museums_folder: Path) -> Cohort:
    """One cohort file, validated; its members must be museums of museums_folder."""
    context = {"museum_ids": set(museum_ids), "museums_folder": _label(museums_folder)}
    return _load(path, CohortFile, context).cohort()


def museums_folder(folder: Path | str | None = None) -> Path:
    return Path(folder) if folder is not None else parameters_dir() / "museums"


def cohorts_folder(folder: Path | str | None = None) -> Path:
    return Path(folder) if folder is not None else parameters_dir() / "cohorts"


def load_museums(folder: Path | str | None = None) -> list[Museum]:
    """Every parameters/museums/*.yaml, validated, in file-name order."""
    return [read_museum(path) for path in sorted(museums_folder(folder).glob("*.yaml"))]


def museum_ids(folder: Path | str | None = None) -> list[str]:
    return [museum.id for museum in load_museums(folder)]


def load_museum(museum_id: str, folder: Path | str | None = None) -> Museum:
    path = museums_folder(folder) / f"{museum_id}.yaml"
    if not SLUG.fullmatch(str(museum_id)) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(museums_folder(folder).glob("*.yaml"))) or "–"
        raise ParameterError(MSG["no_museum"].format(id=museum_id, file=_label(path), known=known))
    return read_museum(path)


def load_cohorts(folder: Path | str | None = None, museums: Path | str | None = None) -> list[Cohort]:
    """Every parameters/cohorts/*.yaml, validated against the museums of `museums`
    (default: the museums folder next to the cohorts folder)."""
    cohorts = cohorts_folder(folder)
    museum_folder = museums_folder(
        museums if museums is not None else (cohorts.parent / "museums" if folder is not None else None)
    )
    ids = set(museum_ids(museum_folder))
    return [read_cohort(path, ids, museum_folder) for path in sorted(cohorts.glob("*.yaml"))]


def load_cohort(cohort_id: str, folder: Path | str | None = None) -> Cohort:
    for cohort in load_cohorts(folder):
        if cohort.id == cohort_id:
            return cohort
    raise ParameterError(
        MSG["no_cohort"].format(id=cohort_id, file=_label(cohorts_folder(folder) / f"{cohort_id}.yaml"))
    )


def sync_museums(con: duckdb.DuckDBPyConnection, museums: list[Museum], cohorts: list[Cohort] | None = None) -> int:
    """Insert or update each museum in the museums table (English name included), with the peer groups
    it declares, and write the cohorts back whole, in one transaction.

    cohorts: the cohorts to store (members and peers_named); None reads every
    parameters/cohorts/*.yaml (load_cohorts), so that `smq-analytics init`, `ingest` and the demo all
    leave a store whose reports know their museums' cohorts (peers.py; docs/ARCHITECTURE.md,
    « Peer groups »). The cohort files are read, and refused, before anything is written.
    """
    if cohorts is None:
        cohorts = load_cohorts()
    rows = [
        [
            m.id,
            m.name,
            m.museum_type,
            m.size_class,
            m.admin_region_code,
            m.tourist_region_code,
            m.municipality,
            m.latitude,
            m.longitude,
            m.name_en,
            m.keep_full_postal_code,
            m.fiscal_year_start_month,
            m.web.engaged_after_seconds,
        ]
        for m in museums
    ]
    peer_rows = [[m.id, group] for m in museums for group in m.peer_groups]
    domain_rows = [
        [m.id, domain, role]
        for m in museums
        for role, domains in (("site", m.web.site_domains), ("ticketing", m.web.ticketing_domains))
        for domain in domains
    ]
    key_event_rows = [
        [m.id, k.name, k.event, k.link_domain, k.page_path_prefix] for m in museums for k in m.web.key_events
    ]
    with store.transaction(con):
        if rows:
            con.executemany(sql("params/upsert_museum"), rows)
            con.executemany(sql("peers/delete_peer_groups"), [[m.id] for m in museums])
            con.executemany(sql("params/delete_web_domains"), [[m.id] for m in museums])
            con.executemany(sql("params/delete_key_events"), [[m.id] for m in museums])
        if peer_rows:
            con.executemany(sql("peers/insert_peer_group"), peer_rows)
        if domain_rows:
            con.executemany(sql("params/insert_web_domain"), domain_rows)
        if key_event_rows:
            con.executemany(sql("params/insert_key_event"), key_event_rows)
        sync_cohorts(con, cohorts)
    return len(rows)


def sync_cohorts(con: duckdb.DuckDBPyConnection, cohorts: list[Cohort]) -> int:
    """Replace the stored cohorts and their members with `cohorts` (the caller holds the transaction,
    or none is open: each statement then stands alone)."""
    con.execute(sql("peers/clear_cohorts"))
    if cohorts:
        con.executemany(sql("peers/insert_cohort"), [[c.id, c.name, c.year, c.peers_named] for c in cohorts])
        members = [[c.id, member] for c in cohorts for member in c.members]
        if members:
            con.executemany(sql("peers/insert_cohort_member"), members)
    return len(cohorts)
