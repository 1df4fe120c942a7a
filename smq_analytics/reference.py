"""Reference data shipped in data/reference/: regions, provinces, countries, municipalities, FSAs, GA4 source categories.

Lookups used by ingest turn what respondents wrote ("Ontario", "Ont.", "États-Unis", "USA") into codes.
Matching folds case, accents and punctuation with the same rule as the SQL macro fold_name.

`load_reference` (re)loads every ref_* table of the store from the CSV files in one transaction, and
adds the rows of a user-supplied FSA crosswalk (origin 'user', which stg_survey prefers to the shipped
rows) after checking each of its values.

Regions, provinces and countries also carry the grammar of their names (article_fr, gender_fr,
locative_fr, article_en; see data/reference/README.md), which smq_analytics.places turns into phrases.
`check_place_grammar` refuses a file whose grammar columns are missing or inconsistent.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from .encodings import decode_text
from .geo import QUEBEC_LATITUDE, QUEBEC_LONGITUDE, in_quebec_box
from .i18n import LocalizedError, Message
from .paths import reference_dir
from .postal import QUEBEC_LETTERS, compact, normalise_canadian
from .sqlfiles import sql
from .store import transaction

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# Shipped files, in load order; each is read by sql/reference/load_<table>.sql.
SHIPPED_FILES = {
    "ref_admin_regions": "admin_regions.csv",
    "ref_tourist_regions": "tourist_regions.csv",
    "ref_provinces": "provinces.csv",
    "ref_countries": "countries.csv",
    "ref_municipalities": "municipalities.csv",
    "ref_fsa": "fsa_quebec.csv",
    "ref_ga4_source_categories": "ga4_source_categories.csv",
}
MUNICIPALITY_ALIASES = "municipality_aliases.csv"

# Place files (kind -> file, code column) and the grammar of their names.
PLACE_FILES = {
    "admin_region": ("admin_regions.csv", "admin_region_code"),
    "tourist_region": ("tourist_regions.csv", "tourist_region_code"),
    "province": ("provinces.csv", "province_code"),
    "country": ("countries.csv", "country_code"),
}
GRAMMAR_COLUMNS = ("article_fr", "gender_fr", "locative_fr", "article_en")
ARTICLES_FR = ("le", "la", "les", "l'", "")
GENDERS_FR = ("m", "f")
ARTICLES_EN = ("the", "")
# locative_fr, when the default (au / aux / en / à, from the article) is not the usage: each value
# and the articles it may go with. « en » drops the article (en Estrie, en Israël).
LOCATIVES_FR = {
    "en": ("la", "l'", ""),
    "au": ("le",),
    "aux": ("les",),
    "à": ("",),
    "à la": ("la",),
    "à l'": ("l'",),
    "dans": ("",),
    "dans le": ("le",),
    "dans la": ("la",),
    "dans l'": ("l'",),
    "dans les": ("les",),
    "sur le": ("le",),
    "sur la": ("la",),
}
_VOWELS = "aeiou"
CROSSWALK_COLUMNS = ("fsa", "admin_region_code", "tourist_region_code", "latitude", "longitude")


class ReferenceDataError(LocalizedError):
    """Reference data or a user crosswalk that cannot be used as it is."""


def fold_name(text: str | None) -> str | None:
    """Lower case, accents stripped, only letters and digits kept: the rule of the SQL macro fold_name
    (sql/models/macros/place_names.sql), which tests/test_rules.py compares with this one.

    Canonical decomposition (NFD), like DuckDB's strip_accents: compatibility characters (the ligature
    « ﬁ », full-width letters) are not expanded in SQL, so they are not here either; both drop them.
    """
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFD", str(text).strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", plain) or None


def read_reference_csv(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    path = (folder or reference_dir()) / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _alias_index(rows: list[dict[str, str]], code_column: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for row in rows:
        code = row[code_column]
        names = [code, row["name_fr"], row["name_en"], *filter(None, row.get("aliases", "").split("|"))]
        for name in names:
            key = fold_name(name)
            if key:
                index.setdefault(key, code)
    return index


@cache
def _province_index() -> dict[str, str]:
    return _alias_index(read_reference_csv("provinces.csv"), "province_code")


@cache
def _country_index() -> dict[str, str]:
    return _alias_index(read_reference_csv("countries.csv"), "country_code")


def province_code(text: str | None) -> str | None:
    """'Ontario', 'Ont.', 'ON', 'Québec', 'PQ' -> ISO code; unknown -> None."""
    return _province_index().get(fold_name(text) or "")


def country_code(text: str | None) -> str | None:
    """'Canada', 'États-Unis', 'USA', 'FR' -> ISO alpha-2 code; unknown -> None."""
    return _country_index().get(fold_name(text) or "")


def municipality_spellings(name: str) -> list[str]:
    """A name and its abbreviated forms: 'Sainte-Anne-des-Monts' -> also 'Ste-Anne-des-Monts'.

    The SQL loader (sql/reference/load_ref_municipalities.sql) applies the same two replacements.
    """
    short = re.sub(r"\bSaint-", "St-", re.sub(r"\bSainte-", "Ste-", name))
    return [name] if short == name else [name, short]


@cache
def municipality_index(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """Folded spelling (official name, alias, St-/Ste- form) -> municipality row. Official names win."""
    rows = read_reference_csv("municipalities.csv", folder)
    by_name = {row["name"]: row for row in rows}
    index: dict[str, dict[str, str]] = {}
    pairs = [(row["name"], row["name"]) for row in rows]
    pairs += [(alias["alias"], alias["name"]) for alias in read_reference_csv(MUNICIPALITY_ALIASES, folder)]
    for form in (0, 1):  # written forms first, then their St-/Ste- abbreviations
        for spelling, name in pairs:
            variants = municipality_spellings(spelling)
            if form < len(variants):
                key = fold_name(variants[form])
                if key:
                    index.setdefault(key, by_name[name])
    return index


def in_quebec(latitude: float, longitude: float) -> bool:
    return in_quebec_box(latitude, longitude)


def is_quebec_fsa(text: str | None) -> bool:
    code = normalise_canadian(text)
    return bool(code) and len(code) == 3 and code[0] in QUEBEC_LETTERS


# ---------------------------------------------------------------------------------------------
# User crosswalk
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrosswalkRow:
    fsa: str
    admin_region_code: str
    tourist_region_code: str
    latitude: float
    longitude: float
    approximate: bool


_TRUE = {"true", "vrai", "oui", "yes", "1", "t", "o", "y"}
_FALSE = {"false", "faux", "non", "no", "0", "f", "n", ""}


def _bad_value(path: Path, row: int, column: str, value: str, expected: Message) -> ReferenceDataError:
    return ReferenceDataError(
        Message(
            f"{path.name}, ligne {row}, colonne « {column} » : valeur « {value} » refusée ; attendu : {expected.fr}.",
            f"{path.name}, row {row}, column '{column}': value '{value}' rejected; expected: {expected.en}.",
        )
    )


def _read_text(path: Path) -> str:
    """A user-supplied file's text, in the encoding exports are read with (encodings.decode_text)."""
    return decode_text(path.read_bytes())[0]


def _parse_number(text: str) -> float:
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return float(value)


def read_user_crosswalk(path: Path, admin_codes: set[str], tourist_codes: set[str]) -> list[CrosswalkRow]:
    """Read and check a user FSA crosswalk (',' or ';' separated; UTF-8 or Windows-1252).

    Required columns: fsa, admin_region_code, tourist_region_code, latitude, longitude;
    optional: approximate (true/false, oui/non). Rows are numbered as in a spreadsheet (header = 1).
    """
    path = Path(path)
    if not path.is_file():
        raise ReferenceDataError(
            Message(
                f"Table de correspondance introuvable : {path}",
                f"Crosswalk file not found: {path}",
            )
        )
    text = _read_text(path)
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in CROSSWALK_COLUMNS if column not in header]
    if missing:
        raise ReferenceDataError(
            Message(
                f"{path.name}, ligne 1 : colonnes manquantes {', '.join(missing)} ; "
                f"attendu : {', '.join(CROSSWALK_COLUMNS)} (approximate facultative).",
                f"{path.name}, row 1: missing columns {', '.join(missing)}; "
                f"expected: {', '.join(CROSSWALK_COLUMNS)} (approximate optional).",
            )
        )
    reader.fieldnames = header
    rows: list[CrosswalkRow] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        values = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(values.values()):
            continue
        fsa = compact(values["fsa"])
        if not is_quebec_fsa(fsa):
            raise _bad_value(
                path,
                number,
                "fsa",
                values["fsa"],
                Message(
                    "une RTA québécoise de trois caractères commençant par G, H ou J (ex. G1R)",
                    "a three-character Quebec FSA starting with G, H or J (e.g. G1R)",
                ),
            )
        if fsa in seen:
            raise _bad_value(
                path,
                number,
                "fsa",
                values["fsa"],
                Message(
                    f"une RTA qui n'apparaît qu'une fois (déjà à la ligne {seen[fsa]})",
                    f"an FSA that appears once (already on row {seen[fsa]})",
                ),
            )
        seen[fsa] = number
        admin = (
            values["admin_region_code"].zfill(2)
            if values["admin_region_code"].isdigit()
            else values["admin_region_code"]
        )
        if admin not in admin_codes:
            raise _bad_value(
                path,
                number,
                "admin_region_code",
                values["admin_region_code"],
                Message("un code de région administrative de 01 à 17", "an administrative region code from 01 to 17"),
            )
        tourist = values["tourist_region_code"].upper()
        if tourist not in tourist_codes:
            raise _bad_value(
                path,
                number,
                "tourist_region_code",
                values["tourist_region_code"],
                Message(
                    "un code de région touristique de TR01 à TR21 (voir tourist_regions.csv)",
                    "a tourist region code from TR01 to TR21 (see tourist_regions.csv)",
                ),
            )
        coordinates = []
        for column, (low, high) in (("latitude", QUEBEC_LATITUDE), ("longitude", QUEBEC_LONGITUDE)):
            try:
                number_value = _parse_number(values[column])
            except ValueError:
                number_value = float("nan")
            if not low <= number_value <= high:
                raise _bad_value(
                    path,
                    number,
                    column,
                    values[column],
                    Message(
                        f"un nombre en degrés décimaux (WGS84) entre {low} et {high}, à l'intérieur du Québec",
                        f"a decimal-degree number (WGS84) between {low} and {high}, inside Quebec",
                    ),
                )
            coordinates.append(number_value)
        flag = values.get("approximate", "").lower()
        if flag not in _TRUE | _FALSE:
            raise _bad_value(
                path,
                number,
                "approximate",
                values["approximate"],
                Message("true ou false (oui ou non), ou vide", "true or false (yes or no), or empty"),
            )
        rows.append(CrosswalkRow(fsa, admin, tourist, coordinates[0], coordinates[1], flag in _TRUE))
    return rows


# ---------------------------------------------------------------------------------------------
# Grammar of place names
# ---------------------------------------------------------------------------------------------


def starts_with_vowel(name: str) -> bool:
    """A, E, I, O, U with or without accent (Île, Émirats, Ontario); h and y count as consonants."""
    return (fold_name(name) or "")[:1] in tuple(_VOWELS)


def grammar_problems(row: dict[str, str]) -> list[tuple[str, Message]]:
    """(column, what was expected) for each grammar value of a place row that cannot be used.

    le and la need a name that starts with a consonant (h aspiré included: le Honduras), l' one that
    starts with a vowel or an h; le is masculine and la feminine; a locative must fit the article.
    """
    article, gender = row.get("article_fr"), row.get("gender_fr")
    locative, english = row.get("locative_fr"), row.get("article_en")
    name = row.get("text_name_fr") or row.get("name_fr") or ""
    problems: list[tuple[str, Message]] = []
    if article not in ARTICLES_FR:
        problems.append(("article_fr", Message("le, la, les, l' ou vide", "le, la, les, l' or empty")))
    elif article in ("le", "la") and starts_with_vowel(name):
        problems.append(("article_fr", Message(f"l' devant « {name} » (voyelle)", f"l' before '{name}' (vowel)")))
    elif article == "l'" and not (starts_with_vowel(name) or name[:1].lower() == "h"):
        problems.append(
            ("article_fr", Message(f"le ou la devant « {name} » (consonne)", f"le or la before '{name}' (consonant)"))
        )
    if gender not in GENDERS_FR or (article, gender) in (("le", "f"), ("la", "m")):
        problems.append(("gender_fr", Message("m ou f, m avec le et f avec la", "m or f, m with le and f with la")))
    if locative is None or (locative and article in ARTICLES_FR and article not in LOCATIVES_FR.get(locative, ())):
        choices = ", ".join(k for k, fits in LOCATIVES_FR.items() if article in fits)
        problems.append(
            (
                "locative_fr",
                Message(
                    f"vide ou une locution qui va avec « {article} » : {choices}",
                    f"empty or a phrase that fits '{article}': {choices}",
                ),
            )
        )
    if english not in ARTICLES_EN:
        problems.append(("article_en", Message("the ou vide", "the or empty")))
    return problems


def check_place_grammar(folder: Path | None = None) -> None:
    """Raise ReferenceDataError naming the file, row and column of the first unusable grammar value."""
    folder = Path(folder or reference_dir())
    for name, code_column in PLACE_FILES.values():
        rows = read_reference_csv(name, folder)
        missing = [column for column in GRAMMAR_COLUMNS if rows and column not in rows[0]]
        if missing:
            raise ReferenceDataError(
                Message(
                    f"{name}, ligne 1 : colonnes manquantes {', '.join(missing)}.",
                    f"{name}, row 1: missing columns {', '.join(missing)}.",
                )
            )
        for number, row in enumerate(rows, start=2):
            for column, expected in grammar_problems(row):
                raise _bad_value(folder / name, number, column, row.get(column) or "", expected)


# ---------------------------------------------------------------------------------------------
# Loading the store
# ---------------------------------------------------------------------------------------------


def _check_shipped(folder: Path) -> None:
    for name in [*SHIPPED_FILES.values(), MUNICIPALITY_ALIASES]:
        if not (folder / name).is_file():
            raise ReferenceDataError(
                Message(
                    f"Fichier de référence manquant : {folder / name}",
                    f"Reference file missing: {folder / name}",
                )
            )


# ---------------------------------------------------------------------------------------------
# Distance travelled: FSAs outside Quebec, the St. Lawrence centre line and its crossings
# (read by the macros of sql/models/macros/provenance_rules.sql; method in data/reference/README.md)
# ---------------------------------------------------------------------------------------------

DISTANCE_FILES = {
    "ref_fsa_outside_quebec": "fsa_canada_outside_quebec.csv",
    "ref_river_centreline": "river_centreline.csv",
    "ref_river_crossings": "river_crossings.csv",
}


def check_distance_files(folder: Path | None = None) -> None:
    """Raise ReferenceDataError when a distance reference file is missing."""
    folder = Path(folder or reference_dir())
    for name in DISTANCE_FILES.values():
        if not (folder / name).is_file():
            raise ReferenceDataError(
                Message(
                    f"Fichier de référence manquant : {folder / name}",
                    f"Reference file missing: {folder / name}",
                )
            )


# Region class of a tourist region (tourist_regions.csv, region_class): the region peer group of the
# museums standing in it (peers.py). « urban »: the metropolitan tourist regions (Montréal, Laval,
# Québec); « regional »: every other.
REGION_CLASSES = ("urban", "regional")


def check_region_classes(folder: Path | None = None) -> None:
    """Every tourist region has a region_class among REGION_CLASSES (ReferenceDataError naming the row)."""
    folder = Path(folder or reference_dir())
    name = SHIPPED_FILES["ref_tourist_regions"]
    expected = Message(" ou ".join(REGION_CLASSES), " or ".join(REGION_CLASSES))
    for row_number, row in enumerate(read_reference_csv(name, folder), start=2):
        value = (row.get("region_class") or "").strip()
        if value not in REGION_CLASSES:
            raise _bad_value(folder / name, row_number, "region_class", value, expected)


# Google's source categories for the default channel group (ga4_source_categories.csv, read by the
# macro default_channel_group through ref_ga4_source_categories; docs/ARCHITECTURE.md, « Web analytics »).
SOURCE_CATEGORIES = (
    "SOURCE_CATEGORY_SEARCH",
    "SOURCE_CATEGORY_SOCIAL",
    "SOURCE_CATEGORY_SHOPPING",
    "SOURCE_CATEGORY_VIDEO",
)


def check_source_categories(folder: Path | None = None) -> None:
    """Every line of ga4_source_categories.csv names a source once (compared in lower case, as the
    channel rules match it) and one of Google's four categories; a user extends the file, so a bad line
    is refused naming the file, row and column before anything is loaded."""
    folder = Path(folder or reference_dir())
    name = SHIPPED_FILES["ref_ga4_source_categories"]
    seen: dict[str, int] = {}
    for row_number, row in enumerate(read_reference_csv(name, folder), start=2):
        source = (row.get("source") or "").strip().lower()
        if not source:
            raise _bad_value(
                folder / name,
                row_number,
                "source",
                "",
                Message(
                    "une source telle que GA4 l'écrit (ex. l.facebook.com)",
                    "a source as GA4 writes it (e.g. l.facebook.com)",
                ),
            )
        if source in seen:
            raise _bad_value(
                folder / name,
                row_number,
                "source",
                row["source"],
                Message(
                    f"une source qui n'apparaît qu'une fois (déjà à la ligne {seen[source]})",
                    f"a source that appears once (already on row {seen[source]})",
                ),
            )
        seen[source] = row_number
        category = (row.get("category") or "").strip().upper()
        if category not in SOURCE_CATEGORIES:
            raise _bad_value(
                folder / name,
                row_number,
                "category",
                row.get("category") or "",
                Message(" ou ".join(SOURCE_CATEGORIES), " or ".join(SOURCE_CATEGORIES)),
            )


def load_distance_reference(con: duckdb.DuckDBPyConnection, folder: Path | None = None) -> dict[str, int]:
    """Replace the distance tables with the shipped files (the caller holds the transaction)."""
    folder = Path(folder or reference_dir())
    for table, file_name in DISTANCE_FILES.items():
        con.execute(f"DELETE FROM {table}")  # table names come from the constant above
        con.execute(sql(f"reference/load_{table}"), {"path": str(folder / file_name)})
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in DISTANCE_FILES}


def load_reference(
    con: duckdb.DuckDBPyConnection,
    user_crosswalk: Path | None = None,
    folder: Path | None = None,
) -> dict[str, int]:
    """Replace every ref_* table with the shipped CSVs (plus a user crosswalk) in one transaction.

    Returns the row count of each ref_* table after the load. A user crosswalk is checked before
    anything is written; its rows get origin 'user' and take precedence over the shipped rows. A
    new user crosswalk replaces the previous one; without one, the previous one is kept.
    """
    folder = Path(folder or reference_dir())
    _check_shipped(folder)
    check_distance_files(folder)
    check_place_grammar(folder)
    check_region_classes(folder)
    check_source_categories(folder)
    admin_codes = {row["admin_region_code"] for row in read_reference_csv(SHIPPED_FILES["ref_admin_regions"], folder)}
    tourist_codes = {
        row["tourist_region_code"] for row in read_reference_csv(SHIPPED_FILES["ref_tourist_regions"], folder)
    }
    user_rows = read_user_crosswalk(Path(user_crosswalk), admin_codes, tourist_codes) if user_crosswalk else []

    with transaction(con):
        for table in reversed(SHIPPED_FILES):
            if table == "ref_fsa" and not user_crosswalk:
                # no new user crosswalk: the one loaded earlier stays in force
                con.execute("DELETE FROM ref_fsa WHERE origin = 'shipped'")
            else:
                con.execute(f"DELETE FROM {table}")  # table names come from the constant above
        for table, file_name in SHIPPED_FILES.items():
            params = {"path": str(folder / file_name)}
            if table == "ref_municipalities":
                params["aliases"] = str(folder / MUNICIPALITY_ALIASES)
            con.execute(sql(f"reference/load_{table}"), params)
        if user_rows:
            con.executemany(
                "INSERT INTO ref_fsa VALUES (?, ?, ?, ?, ?, ?, 'user')",
                [
                    [r.fsa, r.admin_region_code, r.tourist_region_code, r.latitude, r.longitude, r.approximate]
                    for r in user_rows
                ],
            )
        distance_counts = load_distance_reference(con, folder)
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in SHIPPED_FILES
    } | distance_counts
