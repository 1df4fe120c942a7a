"""Museum and cohort parameters: parameters/museums/<id>.yaml and parameters/cohorts/<id>.yaml.

Each file is read into a plain dataclass after validation. Every problem found in a file is reported
at once, in French and English, naming the file, the field and what was expected; unknown keys are
errors (they are usually typos). Region codes are checked against data/reference/*.csv.
The fields are documented in parameters/README.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Callable

import duckdb
import yaml

from . import store
from .i18n import LocalizedError, Message, museum_display_name
from .paths import notebooks_dir, parameters_dir, project_dir, reference_dir
from .reference import read_reference_csv
from .sqlfiles import sql

MUSEUM_TYPES = ("art", "history", "science", "natural_history", "ecomuseum",
                "interpretation_centre", "historic_site", "other")
SIZE_CLASSES = ("small", "medium", "large")

# Target indicators and the kind of value each takes.
SHARE_INDICATORS = ("tourist_share", "excursionist_share", "top2_satisfaction", "top2_recommendation")
TARGET_INDICATORS = (*SHARE_INDICATORS, "attendance_total", "nps")

# Bounding box of Quebec (degrees): southern border to Cape Wolstenholme, Ontario border to Blanc-Sablon.
QUEBEC_LATITUDE = (44.9, 62.6)
QUEBEC_LONGITUDE = (-79.8, -57.1)
YEAR_RANGE = (2000, 2100)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
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
    keep_full_postal_code: bool = False   # Law 25 minimisation: only the FSA is stored unless asked

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

MSG = {
    "read": Message("{file} : lecture impossible ({error})", "{file}: cannot be read ({error})"),
    "yaml": Message("{file} : YAML invalide ligne {line} ({error})", "{file}: invalid YAML at line {line} ({error})"),
    "not_mapping": Message("{file} : un dictionnaire de champs (clé: valeur) est attendu",
                           "{file}: a mapping of fields (key: value) is expected"),
    "missing": Message("{file} : champ obligatoire « {field} » absent", "{file}: required field '{field}' is missing"),
    "unknown": Message("{file} : champ inconnu « {field} » (champs permis : {allowed})",
                       "{file}: unknown field '{field}' (allowed fields: {allowed})"),
    "text": Message("{file} : {field} doit être un texte non vide", "{file}: {field} must be a non-empty text"),
    "slug": Message("{file} : {field} « {value} » invalide (minuscules, chiffres et traits d'union attendus, ex. musee-des-brumes)",
                    "{file}: {field} '{value}' is invalid (lower-case letters, digits and hyphens expected, e.g. musee-des-brumes)"),
    "id_file": Message("{file} : id « {value} » différent du nom du fichier (« {stem} » attendu)",
                       "{file}: id '{value}' differs from the file name ('{stem}' expected)"),
    "choice": Message("{file} : {field} « {value} » inconnu ({choices} attendu)",
                      "{file}: {field} '{value}' is unknown ({choices} expected)"),
    "number": Message("{file} : {field} « {value} » n'est pas un nombre", "{file}: {field} '{value}' is not a number"),
    "integer": Message("{file} : {field} « {value} » n'est pas un nombre entier", "{file}: {field} '{value}' is not a whole number"),
    "latitude": Message("{file} : latitude {value} hors du Québec ({low} à {high} attendu)",
                        "{file}: latitude {value} outside Quebec ({low} to {high} expected)"),
    "longitude": Message("{file} : longitude {value} hors du Québec ({low} à {high} attendu)",
                         "{file}: longitude {value} outside Quebec ({low} to {high} expected)"),
    "range": Message("{file} : {field} {value} hors de l'intervalle ({low} à {high} attendu)",
                     "{file}: {field} {value} out of range ({low} to {high} expected)"),
    "list": Message("{file} : {field} doit être une liste", "{file}: {field} must be a list"),
    "boolean": Message("{file} : {field} « {value} » n'est pas un booléen (true ou false attendu)",
                       "{file}: {field} '{value}' is not a boolean (true or false expected)"),
    "region": Message("{file} : {field} « {value} » absent de data/reference/{table} ({choices} attendu)",
                      "{file}: {field} '{value}' not in data/reference/{table} ({choices} expected)"),
    "baseline": Message("{file} : {field} {value} doit précéder l'année de la cible ({year})",
                        "{file}: {field} {value} must come before the target year ({year})"),
    "duplicate_target": Message("{file} : cible {indicator} {year} en double", "{file}: duplicate target {indicator} {year}"),
    "notebook": Message("{file} : {field} « {value} » invalide (nom de cahier sans extension attendu, ex. 01_provenance)",
                        "{file}: {field} '{value}' is invalid (notebook name without extension expected, e.g. 01_provenance)"),
    "notebook_missing": Message("{file} : {field} « {value} » : ce cahier n'existe pas dans notebooks/ (cahiers : {known})",
                                "{file}: {field} '{value}': no such notebook in notebooks/ (notebooks: {known})"),
    "member": Message("{file} : {field} « {value} » ne correspond à aucun musée de {folder}",
                      "{file}: {field} '{value}' matches no museum in {folder}"),
    "duplicate_member": Message("{file} : {field} « {value} » en double", "{file}: {field} '{value}' is listed twice"),
    "no_museum": Message("Musée « {id} » introuvable : pas de fichier {file} (musées connus : {known})",
                         "Museum '{id}' not found: no file {file} (known museums: {known})"),
    "no_cohort": Message("Cohorte « {id} » introuvable : pas de fichier {file}",
                         "Cohort '{id}' not found: no file {file}"),
    "no_reference": Message("Référentiel introuvable : data/reference/{table}",
                            "Reference data not found: data/reference/{table}"),
}


# --- field checks -----------------------------------------------------------------------------
# A check takes (file label, field label, value) and returns (clean value, problems).

Check = Callable[[str, str, Any], tuple[Any, list[Message]]]


def _fr_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _text(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    if isinstance(value, str) and value.strip():
        return value.strip(), []
    return None, [MSG["text"].format(file=file, field=field)]


def _optional_text(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    return (None, []) if value is None else _text(file, field, value)


def _slug(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    if isinstance(value, str) and SLUG.fullmatch(value):
        return value, []
    return None, [MSG["slug"].format(file=file, field=field, value=value)]


def _choice(choices: tuple[str, ...]) -> Check:
    def check(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
        if isinstance(value, str) and value in choices:
            return value, []
        return None, [MSG["choice"].format(file=file, field=field, value=value, choices=" | ".join(choices))]
    return check


def _number(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value), []
    return None, [MSG["number"].format(file=file, field=field, value=value)]


def _integer(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, []
    if isinstance(value, float) and value.is_integer():
        return int(value), []
    return None, [MSG["integer"].format(file=file, field=field, value=value)]


def _bounded(base: Check, low: float, high: float, message: str = "range") -> Check:
    def check(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
        clean, problems = base(file, field, value)
        if problems or low <= clean <= high:
            return clean, problems
        fr = MSG[message].format(file=file, field=field, value=f"{clean:g}",
                                 low=_fr_number(low), high=_fr_number(high))
        en = MSG[message].format(file=file, field=field, value=f"{clean:g}", low=f"{low:g}", high=f"{high:g}")
        return None, [Message(fr.fr, en.en)]
    return check


def _year(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    clean, problems = _bounded(_integer, *YEAR_RANGE)(file, field, value)
    if clean is not None:
        clean = int(clean)
    return clean, problems


def _boolean(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    if isinstance(value, bool):
        return value, []
    return None, [MSG["boolean"].format(file=file, field=field, value=value)]


def _list_of(item: Check) -> Check:
    def check(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
        if value is None:
            return (), []
        if not isinstance(value, list):
            return None, [MSG["list"].format(file=file, field=field)]
        clean, problems, seen = [], [], set()
        for position, element in enumerate(value, start=1):
            label = f"{field}[{position}]"
            good, errors = item(file, label, element)
            problems += errors
            if not errors and good in seen:
                problems.append(MSG["duplicate_member"].format(file=file, field=label, value=good))
            elif not errors:
                seen.add(good)
                clean.append(good)
        return tuple(clean), problems
    return check


def _reference_codes(table: str, column: str) -> tuple[str, ...]:
    path = reference_dir() / table
    if not path.is_file():
        raise ParameterError(MSG["no_reference"].format(table=table))
    return _codes_in(path, column)


@cache
def _codes_in(path: Path, column: str) -> tuple[str, ...]:
    return tuple(sorted(row[column] for row in read_reference_csv(path.name, path.parent)))


def _region(table: str, column: str, width: int | None) -> Check:
    """A code listed in data/reference/<table>. YAML reads an unquoted 05 as 5: accept it as '05'."""
    def check(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
        if width and isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:0{width}d}"
        codes = _reference_codes(table, column)
        if isinstance(value, str) and value in codes:
            return value, []
        choices = f"{codes[0]} … {codes[-1]}" if codes else "?"
        return None, [MSG["region"].format(file=file, field=field, value=value, table=table, choices=choices)]
    return check


def _notebook(file: str, field: str, value: Any) -> tuple[Any, list[Message]]:
    """A notebook name (no extension) that exists in notebooks/: a cohort cannot list a workbook
    the tool does not have."""
    if not (isinstance(value, str) and NOTEBOOK_NAME.fullmatch(value)):
        return None, [MSG["notebook"].format(file=file, field=field, value=value)]
    if not (notebooks_dir() / f"{value}.ipynb").is_file():
        known = ", ".join(sorted(p.stem for p in notebooks_dir().glob("[0-9][0-9]_*.ipynb"))) or "–"
        return None, [MSG["notebook_missing"].format(file=file, field=field, value=value, known=known)]
    return value, []


# --- schemas ----------------------------------------------------------------------------------
# field -> (required, check). Order is the documented order (parameters/README.md).

MUSEUM_FIELDS: dict[str, tuple[bool, Check]] = {
    "id": (True, _slug),
    "name": (True, _text),
    "name_en": (False, _optional_text),
    "museum_type": (True, _choice(MUSEUM_TYPES)),
    "size_class": (True, _choice(SIZE_CLASSES)),
    "admin_region_code": (True, _region("admin_regions.csv", "admin_region_code", 2)),
    "tourist_region_code": (True, _region("tourist_regions.csv", "tourist_region_code", None)),
    "municipality": (True, _text),
    "latitude": (True, _bounded(_number, *QUEBEC_LATITUDE, message="latitude")),
    "longitude": (True, _bounded(_number, *QUEBEC_LONGITUDE, message="longitude")),
    "peer_groups": (False, _list_of(_slug)),
    "targets": (False, None),   # checked by _targets (a list of mappings)
    "keep_full_postal_code": (False, lambda f, n, v: (False, []) if v is None else _boolean(f, n, v)),
}

TARGET_FIELDS: dict[str, tuple[bool, Check]] = {
    "indicator": (True, _choice(TARGET_INDICATORS)),
    "year": (True, _year),
    "value": (True, _number),
    "baseline_year": (False, lambda f, n, v: (None, []) if v is None else _year(f, n, v)),
    "note": (False, _optional_text),
}

TARGET_VALUE_RANGES = {
    **{name: (_number, 0.0, 1.0) for name in SHARE_INDICATORS},
    "attendance_total": (_integer, 0, 100_000_000),
    "nps": (_number, -100.0, 100.0),
}

COHORT_FIELDS: dict[str, tuple[bool, Check]] = {
    "id": (True, _slug),
    "name": (True, _text),
    "theme": (True, _text),
    "facilitator": (True, _text),
    "year": (True, _year),
    "members": (True, _list_of(_slug)),
    "notebooks": (True, _list_of(_notebook)),
    "peers_named": (False, lambda f, n, v: (False, []) if v is None else _boolean(f, n, v)),
}


def _check_fields(file: str, data: dict, fields: dict[str, tuple[bool, Check]], prefix: str = "") -> tuple[dict, list[Message]]:
    clean: dict[str, Any] = {}
    problems: list[Message] = []
    for key in data:
        if key not in fields:
            problems.append(MSG["unknown"].format(file=file, field=f"{prefix}{key}", allowed=", ".join(fields)))
    for name, (required, check) in fields.items():
        if name not in data or (required and data[name] is None):
            if required:
                problems.append(MSG["missing"].format(file=file, field=f"{prefix}{name}"))
            elif check is not None:
                clean[name] = check(file, f"{prefix}{name}", None)[0]
            continue
        if check is None:
            continue
        value, errors = check(file, f"{prefix}{name}", data[name])
        clean[name] = value
        problems += errors
    return clean, problems


def _targets(file: str, value: Any) -> tuple[tuple[Target, ...], list[Message]]:
    if value is None:
        return (), []
    if not isinstance(value, list):
        return (), [MSG["list"].format(file=file, field="targets")]
    targets, problems, seen = [], [], set()
    for position, entry in enumerate(value, start=1):
        prefix = f"targets[{position}]."
        if not isinstance(entry, dict):
            problems.append(MSG["not_mapping"].format(file=f"{file} : targets[{position}]"))
            continue
        clean, errors = _check_fields(file, entry, TARGET_FIELDS, prefix)
        if not errors:
            base, low, high = TARGET_VALUE_RANGES[clean["indicator"]]
            value, errors = _bounded(base, low, high)(file, f"{prefix}value", entry["value"])
            clean["value"] = None if value is None else float(value)
        if not errors and clean.get("baseline_year") is not None and clean["baseline_year"] >= clean["year"]:
            errors = [MSG["baseline"].format(file=file, field=f"{prefix}baseline_year",
                                             value=clean["baseline_year"], year=clean["year"])]
        if not errors and (clean["indicator"], clean["year"]) in seen:
            errors = [MSG["duplicate_target"].format(file=file, indicator=clean["indicator"], year=clean["year"])]
        problems += errors
        if not errors:
            seen.add((clean["indicator"], clean["year"]))
            targets.append(Target(**clean))
    return tuple(targets), problems


# --- reading files ----------------------------------------------------------------------------

def _label(path: Path) -> str:
    """The file as a person would name it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(project_dir()).as_posix()
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> tuple[str, dict]:
    file = _label(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(MSG["read"].format(file=file, error=exc)) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParameterError(MSG["yaml"].format(file=file, line=line, error=problem)) from exc
    if not isinstance(data, dict):
        raise ParameterError(MSG["not_mapping"].format(file=file))
    return file, data


def _raise(problems: list[Message]) -> None:
    if problems:
        raise ParameterError(Message("\n".join(p.fr for p in problems), "\n".join(p.en for p in problems)))


def _check_id(file: str, path: Path, clean: dict, problems: list[Message]) -> None:
    if clean.get("id") is not None and clean["id"] != path.stem:
        problems.append(MSG["id_file"].format(file=file, value=clean["id"], stem=path.stem))


def read_museum(path: Path) -> Museum:
    """One museum file, validated."""
    file, data = _read_yaml(path)
    clean, problems = _check_fields(file, data, MUSEUM_FIELDS)
    targets, target_problems = _targets(file, data.get("targets"))
    problems += target_problems
    _check_id(file, path, clean, problems)
    _raise(problems)
    return Museum(**{k: v for k, v in clean.items() if k != "targets"}, targets=targets)


def read_cohort(path: Path, museum_ids: set[str], museums_folder: Path) -> Cohort:
    """One cohort file, validated; its members must be museums of museums_folder."""
    file, data = _read_yaml(path)
    clean, problems = _check_fields(file, data, COHORT_FIELDS)
    _check_id(file, path, clean, problems)
    for position, member in enumerate(clean.get("members") or (), start=1):
        if member not in museum_ids:
            problems.append(MSG["member"].format(file=file, field=f"members[{position}]", value=member,
                                                 folder=_label(museums_folder)))
    _raise(problems)
    return Cohort(**clean)


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
    museum_folder = museums_folder(museums if museums is not None
                                   else (cohorts.parent / "museums" if folder is not None else None))
    ids = set(museum_ids(museum_folder))
    return [read_cohort(path, ids, museum_folder) for path in sorted(cohorts.glob("*.yaml"))]


def load_cohort(cohort_id: str, folder: Path | str | None = None) -> Cohort:
    for cohort in load_cohorts(folder):
        if cohort.id == cohort_id:
            return cohort
    raise ParameterError(MSG["no_cohort"].format(id=cohort_id, file=_label(cohorts_folder(folder) / f"{cohort_id}.yaml")))


def sync_museums(con: duckdb.DuckDBPyConnection, museums: list[Museum]) -> int:
    """Insert or update each museum in the museums table (English name included), in one transaction."""
    rows = [[m.id, m.name, m.museum_type, m.size_class, m.admin_region_code, m.tourist_region_code,
             m.municipality, m.latitude, m.longitude, m.name_en, m.keep_full_postal_code] for m in museums]
    with store.transaction(con):
        if rows:
            con.executemany(sql("params/upsert_museum"), rows)
    return len(rows)
