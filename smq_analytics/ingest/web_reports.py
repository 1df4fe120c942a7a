"""What the three web report sources (ga4-ui, ga4-api, ua) share: canonical names, label look-up,
numbers as each interface writes them, and the raw_web_tables / raw_web_rows records.

A report file holds one or more tables (a GA4 « Instantané des rapports », a UA export with its Day
Index table, a runReport response with two date ranges). Each reader turns every table it can map
into a ReportTable — its own metadata plus its rows, wide, with canonical column names — and hands
the list to `records` (long raw_web_rows, one row per table row × metric) and `tables_frame`
(raw_web_tables). Names come from data/reference/web_metrics.csv (canonical metrics: unit, whether
additive) and data/reference/web_labels.csv (label as written in a file → canonical metric,
dimension, channel group or '#'-block key, per platform and language; GA4 Data API names carry the
language 'api'), so a new label drift is a line in a CSV file, not code
(docs/ARCHITECTURE.md, « Web analytics »).

Numbers: a file's locale is decided once per file, never per cell (`2.546` is 2546 in a Dutch file
and 2.546 in an English one): see `decide_locale`. Rates become fractions, durations seconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import duckdb
import pandas as pd

from ..i18n import Message
from ..reference import read_reference_csv
from .errors import IngestError, quoted_list
from .tabular import RawRows
from .values import fold
from ..sqlfiles import sql

METRICS_FILE = "web_metrics.csv"
LABELS_FILE = "web_labels.csv"
PLATFORMS = ("ga4", "ua")
KINDS = ("metric", "dimension", "channel", "preamble")

# Date dimensions: they become period_start / period_end, never a dimension of raw_web_rows.
DATE_DIMENSIONS = frozenset({"date", "month", "nth_month", "nth_day"})
TOTAL = "total"  # the dimension of a table with no dimension besides dates
DIMENSION_JOIN = " × "  # several dimensions: names and values joined (raw_web_tables.dimensions)

# raw_web_tables / raw_web_rows columns written by the readers (the loader adds load_id, museum_id)
TABLE_COLUMNS = (
    "table_index",
    "platform",
    "source_kind",
    "report_title",
    "account",
    "property",
    "date_start",
    "date_end",
    "dimensions",
    "caveats",
    "currency",
    "time_zone",
)
ROW_COLUMNS = (
    "table_index",
    "row_number",
    "period_grain",
    "period_start",
    "period_end",
    "dimension",
    "dimension_value",
    "metric",
    "value",
    "is_total_row",
)


# --- reference files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """A canonical metric (web_metrics.csv): unit 'count' | 'fraction' | 'seconds' | 'ratio' |
    'currency'; additive: whether day values may be summed into a month."""

    name: str
    unit: str
    additive: bool
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Label:
    """What a label written in a file means (web_labels.csv): kind, canonical name, and the
    languages it is written in ('fr', 'en', 'nl', 'api', 'any' = the same in every language)."""

    kind: str
    canonical: str
    languages: frozenset[str]


@cache
def metrics() -> dict[str, Metric]:
    """The canonical metrics, by name (data/reference/web_metrics.csv)."""
    return {
        row["metric"]: Metric(
            row["metric"], row["unit"], row["additive"].strip().lower() == "true", row["label_fr"], row["label_en"]
        )
        for row in read_reference_csv(METRICS_FILE)
    }


@cache
def _label_index() -> dict[tuple[str, str], dict[str, Label]]:
    """{(platform, kind): {folded label: Label}}. A row for platform 'any' counts for both; a row of
    one platform wins over an 'any' row of the same label. Two meanings for one folded label of one
    platform and kind are an error in the reference file."""
    rows = read_reference_csv(LABELS_FILE)
    index: dict[tuple[str, str], dict[str, Label]] = {(p, k): {} for p in PLATFORMS for k in KINDS}
    for specific in (False, True):  # 'any' rows first, then each platform's own rows over them
        seen: dict[tuple[str, str, str], str] = {}
        for row in rows:
            if (row["platform"] != "any") != specific:
                continue
            key = fold(row["label"])
            for platform in PLATFORMS if row["platform"] == "any" else (row["platform"],):
                slot = (platform, row["kind"], key)
                if seen.setdefault(slot, row["canonical"]) != row["canonical"]:
                    raise ValueError(f"{LABELS_FILE}: '{row['label']}' means {seen[slot]} and {row['canonical']}")
                table = index[(platform, row["kind"])]
                known = table.get(key)
                languages = {row["language"]}
                if known is not None and known.canonical == row["canonical"]:
                    languages |= known.languages
                table[key] = Label(row["kind"], row["canonical"], frozenset(languages))
    return index


def lookup(label: str, platform: str, kind: str) -> Label | None:
    """The meaning of `label` (case, accents, spaces and punctuation ignored) for a platform
    ('ga4' | 'ua') and kind ('metric' | 'dimension' | 'channel' | 'preamble'), or None."""
    return _label_index()[(platform, kind)].get(fold(label))


def column_meaning(label: str, platform: str) -> Label | None:
    """A column header: a known metric, else a known dimension, else None."""
    return lookup(label, platform, "metric") or lookup(label, platform, "dimension")


def example_labels(platform: str, language: str, limit: int = 6) -> list[str]:
    """A few metric labels of a platform and language, for the message refusing a file without one."""
    rows = read_reference_csv(LABELS_FILE)
    wanted = {language, "any"}
    found = [
        r["label"]
        for r in rows
        if r["kind"] == "metric" and r["platform"] in (platform, "any") and r["language"] in wanted
    ]
    return list(dict.fromkeys(found))[:limit]


def channel_name(value: str, platform: str) -> str:
    """A channel group value in Google's English names ('Organic Search', 'Unassigned' …): French and
    Dutch interface labels and UA's names mapped (UA 'Social' → 'Organic Social'); unknown values
    are kept as written."""
    found = lookup(value, platform, "channel")
    return found.canonical if found is not None else value


def channel_names(values: pd.Series, platform: str) -> pd.Series:
    """channel_name over a column, once per distinct value."""
    distinct = {v: channel_name(v, platform) for v in pd.unique(values.dropna())}
    return values.map(distinct)


def language_of(labels: Iterable[str], platform: str) -> str | None:
    """The interface language the labels are written in ('fr', 'en', 'nl'), from the labels that
    exist in one language only; None when every label is language-neutral or they disagree."""
    votes: dict[str, int] = {}
    for label in labels:
        found = column_meaning(label, platform) or lookup(label, platform, "preamble")
        if found is None:
            continue
        spoken = found.languages - {"any", "api"}
        if len(spoken) == 1 and "any" not in found.languages:
            (language,) = spoken
            votes[language] = votes.get(language, 0) + 1
    if len(votes) == 1:
        return next(iter(votes))
    return None


# --- numbers as interfaces write them ------------------------------------------------------------

# A locale: (decimal mark, thousands separators). 'raw' is GA4's download (never locale-formatted).
LOCALES = {
    "raw": (".", ""),
    "en": (".", ","),
    "fr": (",", " \u00a0\u202f"),
    "nl": (",", "."),
}
LANGUAGE_LOCALE = {"en": "en", "fr": "fr", "nl": "nl"}

_SPACE = "[ \u00a0\u202f]"
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)|\d,\d{4,}|,\d+" + _SPACE + r"?%")
_DOT_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}|\.\d+" + _SPACE + r"?%")
_SPACE_GROUPS = re.compile(r"\d" + _SPACE + r"\d{3}")
_AMBIGUOUS = re.compile(r"^[^\d]*\d{1,3}[.,]\d{3}(?!\d)")  # 2.546 / 2,546: thousands or decimals?
_DURATION = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")
# Currency marks as UA writes them, longest first, and the code recorded on the table.
CURRENCY_MARKS = (
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("$CA", "CAD"),
    ("$US", "USD"),
    ("CAD", "CAD"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("$", "$"),
)


def decide_locale(cells: Iterable[str], language: str | None) -> str | None:
    """The locale of a file's numbers ('en', 'fr', 'nl'), decided once for the whole file: the shape
    of its values first (a comma followed by one or two digits, or before '%', is a decimal comma; a
    digit group after a space is French), then the interface language. None when it cannot be
    decided: values pointing both ways, or only ambiguous values such as `2.546` and no language."""
    comma = dot = spaces = ambiguous = False
    for cell in cells:
        text = cell.strip()
        if not text or not any(ch.isdigit() for ch in text) or _DURATION.match(text):
            continue
        comma = comma or bool(_COMMA_DECIMAL.search(text))
        dot = dot or bool(_DOT_DECIMAL.search(text))
        spaces = spaces or bool(_SPACE_GROUPS.search(text))
        ambiguous = ambiguous or bool(_AMBIGUOUS.match(text))
    if comma and dot:
        return None
    if dot:
        return "en"
    if comma or spaces:
        if spaces:
            return "fr"
        if language in ("fr", "nl"):
            return language
        return None if ambiguous else "fr"
    if language in LANGUAGE_LOCALE:
        return LANGUAGE_LOCALE[language]
    return None if ambiguous else "en"


@dataclass(frozen=True)
class Number:
    """One cell read: value (None when empty), currency code when written with one, bad when the
    cell is not a number in the file's locale."""

    value: float | None
    currency: str | None = None
    bad: bool = False


def parse_number(text: str, locale: str) -> Number:
    """A cell as a number in `locale` (LOCALES): '1 234,5' (fr), '2.546' (nl), '"2,533"' (en),
    '45,2 %' → 0.452, '00:01:23' → 83 seconds, 'US$ 0,00' → 0 with currency 'USD'. Empty → None."""
    decimal, groups = LOCALES[locale]
    body = text.strip()
    if not body:
        return Number(None)
    if match := _DURATION.match(body):
        hours, minutes, seconds = (int(g) for g in match.groups())
        return Number(float(hours * 3600 + minutes * 60 + seconds))
    currency = None
    for mark, code in CURRENCY_MARKS:
        if mark in body:
            currency = code
            body = body.replace(mark, "").strip()
            break
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    negative = body.startswith(("-", "\u2212"))
    if negative:
        body = body[1:].strip()
    for separator in groups:
        body = re.sub(rf"(?<=\d){re.escape(separator)}(?=\d{{3}}(?!\d))", "", body)
    if decimal == ",":
        if "." in body:
            return Number(None, currency, bad=True)
        body = body.replace(",", ".")
    elif "," in body:
        return Number(None, currency, bad=True)
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", body):
        return Number(None, currency, bad=True)
    value = float(body) * (-1 if negative else 1)
    # 99,88 % → 0.9988, not 0.9987999999999999 (the file shows at most a few decimals)
    return Number(round(value / 100, 12) if percent else value, currency)


def parse_numbers(values: pd.Series, locale: str) -> tuple[pd.Series, pd.Series, set[str]]:
    """(floats, bad mask, currencies seen) for a column, one parse per distinct cell."""
    parsed = {v: parse_number(v, locale) for v in pd.unique(values.astype("str").fillna(""))}
    text = values.astype("str").fillna("")
    numbers = pd.to_numeric(text.map({k: v.value for k, v in parsed.items()}), errors="coerce").astype("float64")
    bad = text.map({k: v.bad for k, v in parsed.items()}).astype(bool)
    currencies = {v.currency for v in parsed.values() if v.currency}
    return numbers, bad, currencies


# --- dates -------------------------------------------------------------------------------------


def yyyymmdd(text: str | None) -> date | None:
    """'20240131' → date(2024, 1, 31); None when it is not a real date written that way."""
    text = (text or "").strip()
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def month_end(day: date) -> date:
    """The last day of the month of `day`."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def covered_months(records: pd.DataFrame) -> list[str]:
    """The months ('YYYY-MM') the records' periods touch, sorted: SourceSpec.periods of the report
    sources (period_kind 'month'; a load covers every month between its tables' dates)."""
    months: set[str] = set()
    spans = records[["period_start", "period_end"]].drop_duplicates()
    for start, end in spans.itertuples(index=False, name=None):
        if pd.isna(start) or pd.isna(end):
            continue
        first, last = pd.Timestamp(start).date().replace(day=1), pd.Timestamp(end).date()
        while first <= last:
            months.add(first.strftime("%Y-%m"))
            first = add_months(first, 1)
    return sorted(months)


# --- tables and records ------------------------------------------------------------------------


@dataclass
class ReportTable:
    """One table of a report file, mapped to canonical names.

    `rows` is wide, indexed by row_number (the file's line, or 1 + the position of a JSON row), with
    the columns period_grain ('day' | 'month' | 'range'), period_start, period_end (dates),
    dimension_value (None for 'total'; several dimensions joined with DIMENSION_JOIN), is_total_row,
    and one float column per canonical metric (NaN = not available)."""

    index: int
    platform: str
    source_kind: str
    date_start: date
    date_end: date
    dimensions: list[str]  # canonical, date dimensions excluded; [] for 'total'
    rows: pd.DataFrame
    metrics: list[str]
    report_title: str | None = None
    account: str | None = None
    property_name: str | None = None  # raw_web_tables.property: GA4 property, UA view
    caveats: list[str] = field(default_factory=list)
    currency: str | None = None
    time_zone: str | None = None

    @property
    def dimension(self) -> str:
        """The table's dimension name in raw_web_rows: 'total', one name, or names joined."""
        return DIMENSION_JOIN.join(self.dimensions) if self.dimensions else TOTAL


def caveats_json(caveats: Iterable[str]) -> str:
    """The caveat codes as a JSON list, each once, in order of first mention."""
    return json.dumps(list(dict.fromkeys(caveats)))


def tables_frame(tables: list[ReportTable]) -> pd.DataFrame:
    """raw_web_tables records (without load_id and museum_id), one per table."""
    frame = pd.DataFrame(
        [
            {
                "table_index": t.index,
                "platform": t.platform,
                "source_kind": t.source_kind,
                "report_title": t.report_title,
                "account": t.account,
                "property": t.property_name,
                "date_start": t.date_start,
                "date_end": t.date_end,
                "dimensions": t.dimension,
                "caveats": caveats_json(t.caveats),
                "currency": t.currency,
                "time_zone": t.time_zone,
            }
            for t in tables
        ],
        columns=list(TABLE_COLUMNS),
    )
    return frame.astype({"table_index": "int32"})


def long_rows(table: ReportTable) -> pd.DataFrame:
    """The table's rows in long form: one per row × metric (ROW_COLUMNS)."""
    wide = table.rows
    if wide.empty or not table.metrics:
        return pd.DataFrame(columns=list(ROW_COLUMNS))
    keys = ["period_grain", "period_start", "period_end", "dimension_value", "is_total_row"]
    frame = wide[keys + table.metrics].reset_index(names="row_number")
    long = frame.melt(id_vars=["row_number", *keys], value_vars=table.metrics, var_name="metric", value_name="value")
    long.insert(0, "table_index", table.index)
    long["dimension"] = table.dimension
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype("float64")
    return long[list(ROW_COLUMNS)].sort_values(["row_number", "metric"], kind="stable")


# Dimensions whose values are URLs or paths: they go through the store's URL rule before being kept.
URL_DIMENSIONS = ("landing_page", "page_path")


@cache
def _url_rules() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the store's URL macros (sql/models/macros/web_urls.sql), so that
    report files and raw events are cleaned by the same rule, written once."""
    con = duckdb.connect()
    con.execute(sql("models/macros/web_urls"))
    return con


def clean_urls(values: pd.Series) -> pd.Series:
    """Paths and URLs as the store may keep them (web_clean_url: e-mails masked, the query reduced to
    campaign tags and the page language): a page a form redirected to with ?email=… never reaches
    the store (docs/ARCHITECTURE.md, « Privacy »)."""
    distinct = sorted({v for v in values.dropna().astype(str)})
    if not distinct:
        return values
    cleaned = dict(
        _url_rules().execute("SELECT v, web_clean_url(v) FROM unnest($values) AS t(v)", {"values": distinct}).fetchall()
    )
    return values.map(lambda v: cleaned.get(v, v) if isinstance(v, str) else v)


def records(tables: list[ReportTable]) -> pd.DataFrame:
    """raw_web_rows records (without load_id and museum_id) of every table, row_number included;
    URL dimensions (URL_DIMENSIONS, alone or joined with others) cleaned by clean_urls."""
    parts = [long_rows(t) for t in tables]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in ROW_COLUMNS})
    frame = pd.concat(parts, ignore_index=True)
    urls = (
        frame["dimension"]
        .astype(str)
        .str.split(DIMENSION_JOIN)
        .map(lambda names: any(name in URL_DIMENSIONS for name in names))
    )
    if urls.any():
        frame.loc[urls, "dimension_value"] = clean_urls(frame.loc[urls, "dimension_value"])
    return frame.astype(
        {"table_index": "int32", "row_number": "int64", "value": "float64", "is_total_row": "bool"}
    ).assign(
        period_start=pd.to_datetime(frame["period_start"]).dt.date,
        period_end=pd.to_datetime(frame["period_end"]).dt.date,
        dimension_value=frame["dimension_value"].astype("object").where(frame["dimension_value"].notna(), None),
    )


def check_totals(table: ReportTable, tolerance: float = 0.005) -> list[str]:
    """The additive metrics whose totals row differs from the sum of the other rows by more than
    rounding (relative `tolerance`, at least 1). GA4 deduplicates users in its totals, so users are
    not checked; only additive metrics (web_metrics.csv) are."""
    wide = table.rows
    totals = wide[wide["is_total_row"]]
    data = wide[~wide["is_total_row"]]
    if totals.empty:
        return []
    known = metrics()
    differ = []
    for metric in table.metrics:
        if metric not in known or not known[metric].additive:
            continue
        stated = totals[metric].iloc[0]
        if pd.isna(stated):
            continue
        summed = data[metric].sum(skipna=True)
        if abs(summed - stated) > max(1.0, tolerance * abs(stated)):
            differ.append(metric)
    return differ


# --- the blocks of a report file -----------------------------------------------------------------


@dataclass
class Block:
    """One table of a report file as read: the '#' lines above it (text after '#', trimmed; a block
    without its own '#' lines inherits the file's), its header and its data rows (row number, cells
    padded to the header's width). A block with a header but no rows is an empty table."""

    sheet: str
    comments: list[str] = field(default_factory=list)
    header_row: int | None = None
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    extra: dict[int, int] = field(default_factory=dict)  # row number → cells beyond the header


def split_blocks(raw: RawRows) -> list[Block]:
    """The tables of a file: '#' lines open a block (or add to the block not yet headed), the first
    other row is its header, the rows below are its data until a blank row or a new '#' line. Rows of
    an XLSX sheet are numbered after those of the sheets before it, so that every data row of the file
    has its own number (messages name the sheet too)."""
    blocks: list[Block] = []
    offset = 0
    joiner = {"tab": "\t", None: " "}.get(raw.delimiter, raw.delimiter or " ")
    for sheet, rows in raw.sheets.items():
        current: Block | None = None
        for position, cells in enumerate(rows, start=1):
            number = offset + position
            if not "".join(cells).strip():
                if current is not None and current.header_row is not None:
                    blocks.append(current)
                    current = None
                continue
            if cells[0].lstrip().startswith("#"):
                if current is None or current.header_row is not None:
                    if current is not None:
                        blocks.append(current)
                    current = Block(sheet)
                text = joiner.join(cells).rstrip(joiner + " ")
                current.comments.append(text.lstrip()[1:].strip())
                continue
            if current is None:
                current = Block(sheet)
            if current.header_row is None:
                current.header_row = number
                end = len(cells)
                while end and not cells[end - 1].strip():
                    end -= 1
                current.header = [cell.strip().lstrip("\ufeff") for cell in cells[:end]]
                continue
            width = len(current.header)
            if any(cell.strip() for cell in cells[width:]):
                current.extra[number] = sum(1 for cell in cells[width:] if cell.strip())
            current.rows.append((number, (list(cells[:width]) + [""] * width)[:width]))
        if current is not None:
            blocks.append(current)
        offset += len(rows)
    return blocks


@dataclass
class Preamble:
    """What a block's '#' lines say: titles (lines that are neither rules nor « key : value » lines
    of web_labels.csv, kind 'preamble'), account, property, dates ('YYYYMMDD'), a UA range
    'YYYYMMDD-YYYYMMDD', and the keys' language."""

    titles: list[str] = field(default_factory=list)
    account: str | None = None
    property_name: str | None = None
    start: date | None = None
    end: date | None = None
    languages: set[str] = field(default_factory=set)


_RULE = re.compile(r"^-*$")
_RANGE = re.compile(r"^(\d{8})\s*-\s*(\d{8})$")


def read_preamble(comments: list[str], platform: str) -> Preamble:
    """The Preamble of a block's '#' lines (the French no-break space before the colon is trimmed)."""
    found = Preamble()
    for line in comments:
        if _RULE.match(line):
            continue
        if match := _RANGE.match(line):
            found.start, found.end = yyyymmdd(match[1]), yyyymmdd(match[2])
            continue
        key, colon, value = line.partition(":")
        meaning = lookup(key.strip(), platform, "preamble") if colon else None
        if meaning is None:
            found.titles.append(line.rstrip(" :\u00a0"))  # « # Utilisateurs actifs par Pays : »
            continue
        found.languages |= meaning.languages - {"any"}
        value = value.strip()
        if meaning.canonical == "account":
            found.account = value or None
        elif meaning.canonical == "property":
            found.property_name = value or None
        elif meaning.canonical == "start_date":
            found.start = yyyymmdd(value)
        elif meaning.canonical == "end_date":
            found.end = yyyymmdd(value)
    return found


# --- reading report files: what ga4_ui.py and ua.py share ------------------------------------------

TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "totaux", "totalgeneral", "totaal", "eindtotaal"})
_NUMERIC_LIKE = re.compile(r"^[\s\d.,%:\u00a0\u202f$£€USCADEURGBP+\-−]*$")

IGNORED_COLUMN = Message(
    "colonne « {column} » ignorée (fichier « {file} ») : ni une mesure ni une dimension connue de "
    "data/reference/web_labels.csv",
    "column '{column}' ignored (file '{file}'): neither a known metric nor a known dimension of "
    "data/reference/web_labels.csv",
)
REPEATED_COLUMN = Message(
    "colonne « {column} » ignorée (fichier « {file} ») : {metric} est déjà lu dans la colonne « {first} »",
    "column '{column}' ignored (file '{file}'): {metric} is already read from column '{first}'",
)
BAD_NUMBER = Message(
    "« {value} » n'est pas un nombre pour {metric} (colonne « {header} », fichier « {file} ») ; attendu : {expected}",
    "'{value}' is not a number for {metric} (column '{header}', file '{file}'); expected: {expected}",
)
BAD_DATE = Message(
    "« {value} » n'est pas une date pour {dimension} (colonne « {header} », fichier « {file} ») ; attendu : {expected}",
    "'{value}' is not a date for {dimension} (column '{header}', file '{file}'); expected: {expected}",
)
EXTRA_CELLS = Message(
    "{count} cellule(s) au-delà des {width} colonnes de l'en-tête (fichier « {file} ») ; attendu : une "
    "valeur par colonne",
    "{count} cell(s) beyond the header's {width} columns (file '{file}'); expected: one value per column",
)
NO_METRIC = Message(
    "Le fichier « {file} » n'a aucune colonne de mesure connue ; rien n'a été chargé. Colonnes trouvées : "
    "{found}. Attendu par exemple : {examples} (data/reference/web_labels.csv).",
    "The file '{file}' has no known metric column; nothing was loaded. Columns found: {found}. "
    "Expected for instance: {examples} (data/reference/web_labels.csv).",
)
UNNAMED_DIMENSION = Message(
    "Le fichier « {file} » : la colonne {columns} contient du texte mais n'est ni une mesure ni une dimension "
    "connue ; sans elle, ses lignes se confondraient ; rien n'a été chargé. Ajoutez son libellé à "
    "data/reference/web_labels.csv ou téléchargez le rapport sans cette dimension.",
    "The file '{file}': column {columns} holds text but is neither a known metric nor a known dimension; "
    "without it its rows would merge; nothing was loaded. Add its label to data/reference/web_labels.csv "
    "or download the report without that dimension.",
)
NO_PERIOD = Message(
    "Le fichier « {file} » ne dit pas quelle période il couvre : ni lignes « # Date de début : AAAAMMJJ » / "
    "« # Date de fin : AAAAMMJJ » (« # Start date: », « # End date: »), ni colonne de date ; rien n'a été chargé.",
    "The file '{file}' does not say which period it covers: no '# Start date: YYYYMMDD' / '# End date: "
    "YYYYMMDD' lines (« # Date de début : »), no date column; nothing was loaded.",
)
EXPECTED_NUMBER = {
    "raw": Message(
        "un nombre écrit 1234.5 (taux en fraction 0.452)", "a number written 1234.5 (rates as fractions 0.452)"
    ),
    "en": Message("un nombre écrit 1,234.5 ou 45.2%", "a number written 1,234.5 or 45.2%"),
    "fr": Message("un nombre écrit 1 234,5 ou 45,2 %", "a number written 1 234,5 or 45,2 %"),
    "nl": Message("un nombre écrit 1.234,5 ou 45,2%", "a number written 1.234,5 or 45,2%"),
}
SKIPPED_CARD = "skipped_table"  # caveat: a table of the file could not be mapped (snapshot card)
IGNORED_COLUMNS = "ignored_columns"  # caveat: columns of the table were ignored
TOTALS_DIFFER = "totals_differ"  # caveat: the file's totals row differs from the sum of its rows
NOT_YET_AVAILABLE = "not_yet_available"  # caveat: GA4 wrote -1 (retention not yet known)


@dataclass
class Plan:
    """How one block's columns are read: metric and dimension columns (header → canonical), the date
    column if any, the columns ignored, and the unknown text columns that make the block unusable."""

    metrics: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    date_column: tuple[str, str] | None = None  # (header, canonical date dimension)
    ignored: list[tuple[str, Message]] = field(default_factory=list)
    unknown_text: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(self.metrics) and not self.unknown_text


def unique_headers(header: list[str]) -> list[str]:
    """Headers made unique ('Sessions', 'Sessions (2)'), empty ones named by their column letter."""
    from .tabular import column_letter

    names, seen = [], {}
    for position, name in enumerate(header):
        name = name or column_letter(position)
        count = seen.get(name, 0) + 1
        seen[name] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def plan_columns(block: Block, platform: str, file_name: str) -> Plan:
    """Map a block's headers through web_labels.csv. An unknown column holding only numbers is
    ignored with a note; an unknown column holding text is a dimension we cannot name, which would
    merge rows: the block is then unusable (a snapshot card is skipped, a one-table file refused)."""
    plan = Plan()
    headers = unique_headers(block.header)
    for position, header in enumerate(headers):
        label = block.header[position]
        metric = lookup(label, platform, "metric")
        dimension = lookup(label, platform, "dimension")
        if metric is not None:
            first = next((h for h, m in plan.metrics.items() if m == metric.canonical), None)
            if first is not None:
                plan.ignored.append(
                    (
                        header,
                        REPEATED_COLUMN.format(column=header, file=file_name, metric=metric.canonical, first=first),
                    )
                )
            else:
                plan.metrics[header] = metric.canonical
        elif dimension is not None and dimension.canonical in DATE_DIMENSIONS and plan.date_column is None:
            plan.date_column = (header, dimension.canonical)
        elif dimension is not None and dimension.canonical not in DATE_DIMENSIONS:
            plan.dimensions[header] = dimension.canonical
        else:
            cells = [row[position] for _, row in block.rows]
            if all(_NUMERIC_LIKE.match(cell) for cell in cells):
                plan.ignored.append((header, IGNORED_COLUMN.format(column=header, file=file_name)))
            else:
                plan.unknown_text.append(header)
    return plan


def block_frame(block: Block) -> pd.DataFrame:
    """A block's data rows as text, index = row number, columns = unique headers."""
    return pd.DataFrame(
        [cells for _, cells in block.rows],
        index=pd.Index([number for number, _ in block.rows], name="row_number"),
        columns=unique_headers(block.header),
        dtype="str",
    ).fillna("")


@dataclass
class Period:
    """Periods of a block's rows (Series on the block's row numbers) and the rows whose date is bad."""

    grain: pd.Series
    start: pd.Series
    end: pd.Series
    bad: pd.Series
    expected: Message | None = None


def range_period(index: pd.Index, start: date, end: date) -> Period:
    """Every row covers the table's whole range (no date dimension)."""
    return Period(
        pd.Series("range", index=index, dtype="str"),
        pd.Series([start] * len(index), index=index, dtype="object"),
        pd.Series([end] * len(index), index=index, dtype="object"),
        pd.Series(False, index=index),
    )


def day_period(days: pd.Series, bad: pd.Series, expected: Message) -> Period:
    """Rows of one day each (days: date or None)."""
    return Period(pd.Series("day", index=days.index, dtype="str"), days, days.copy(), bad, expected)


def month_period(firsts: pd.Series, bad: pd.Series, start: date, end: date, expected: Message) -> Period:
    """Rows of one month each, clipped to the table's range (a month the file covers in part counts
    only the days it covers: docs/ARCHITECTURE.md, « Web analytics »)."""
    starts = firsts.map(lambda d: None if d is None else max(d, start))
    ends = firsts.map(lambda d: None if d is None else min(month_end(d), end))
    return Period(pd.Series("month", index=firsts.index, dtype="str"), starts, ends, bad, expected)


def is_totals(frame: pd.DataFrame, plan: Plan) -> pd.Series:
    """The file's own totals row: its first cell says Total / Grand total / Totaux, or it has values
    but every dimension and date cell is empty (UA; GA4 when it writes one). A table without any
    dimension or date column has no totals row: its one row is the total."""
    keys = list(plan.dimensions) + ([plan.date_column[0]] if plan.date_column else [])
    if not keys or frame.empty:
        return pd.Series(False, index=frame.index)
    first = frame.iloc[:, 0].map(lambda text: fold(text) in TOTAL_WORDS)
    empty = frame[keys].apply(lambda column: column.str.strip().eq("")).all(axis=1)
    has_values = frame[list(plan.metrics)].apply(lambda column: column.str.strip().ne("")).any(axis=1)
    return first | (empty & has_values)


def dimension_values(frame: pd.DataFrame, plan: Plan, platform: str) -> pd.Series:
    """The dimension value of each row ('google / organic'; several joined with DIMENSION_JOIN),
    channel groups in Google's English names; None for a table without dimension."""
    if not plan.dimensions:
        return pd.Series(None, index=frame.index, dtype="object")
    parts = []
    for header, canonical in plan.dimensions.items():
        values = frame[header].str.strip()
        if canonical == "channel_group":
            values = channel_names(values, platform)
        parts.append(values)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + DIMENSION_JOIN + part
    return joined.astype("object")


class ReportReader:
    """Reads a report file (CSV or XLSX) into Parsed: raw_web_rows records, raw_web_tables in
    Parsed.extra_tables. Subclasses say what differs per source: platform, source_kind, how numbers
    are written (`number_locale`), how a date column reads (`period`), the '#' lines (`preamble`)."""

    platform = "ga4"
    source_kind = "ga4_ui_csv"
    missing_markers: frozenset[str] = frozenset()  # cells meaning « not available » (GA4: '-1')

    # --- hooks ---
    def preamble(self, block: Block, platform: str) -> Preamble:
        return read_preamble(block.comments, platform)

    def number_locale(self, cells: list[str], language: str | None, file_name: str) -> str:
        return "raw"

    def period(
        self,
        frame: pd.DataFrame,
        column: tuple[str, str],
        start: date | None,
        end: date | None,
        file_name: str,
        language: str | None,
    ) -> Period:
        raise NotImplementedError

    def titles(self, meta: Preamble) -> tuple[str | None, str | None]:
        """(report_title, property) of a table."""
        return (" — ".join(meta.titles) or None, meta.property_name)

    # --- reading ---
    def parse(self, path, context):
        from .base import Parsed
        from .problems import Problems
        from .tabular import Table, empty_file, no_data_rows, read_rows

        raw = read_rows(path)
        name = raw.file_name
        blocks, metas = self._blocks(raw)
        if not blocks:
            raise empty_file(name)
        if not any(b.rows for b in blocks):
            raise no_data_rows(name, blocks[0].header_row)
        plans = [plan_columns(b, self.platform, name) for b in blocks]
        usable = [(b, p, m) for b, p, m in zip(blocks, plans, metas) if p.usable]
        if not usable:
            unnamed = next((p.unknown_text for p in plans if p.metrics and p.unknown_text), None)
            if unnamed:
                raise IngestError(UNNAMED_DIMENSION.format(file=name, columns=quoted_list(unnamed)))
            found = [h for b in blocks for h in b.header if h]
            language = language_of(found, self.platform) or "en"
            raise IngestError(
                NO_METRIC.format(
                    file=name,
                    found=quoted_list(dict.fromkeys(found), limit=12),
                    examples=", ".join(example_labels(self.platform, language)),
                )
            )
        labels = [h for b, _, _ in usable for h in b.header]
        language = language_of(labels, self.platform)
        if language is None and len({lang for _, _, m in usable for lang in m.languages}) == 1:
            language = next(iter(usable[0][2].languages))
        cells = [
            cell
            for b, p, _ in usable
            for _, row in b.rows
            for header, cell in zip(unique_headers(b.header), row)
            if header in p.metrics
        ]
        locale = self.number_locale(cells, language, name)

        frames = [block_frame(b) for b, _, _ in usable]
        index = pd.Index([n for f in frames for n in f.index], name="row_number")
        problems = Problems(index)
        tables = [
            self._table(position, plan, frame, meta, locale, language, problems, name)
            for position, ((_, plan, meta), frame) in enumerate(zip(usable, frames), start=1)
        ]
        for block, _, _ in usable:
            for number, count in block.extra.items():
                mask = pd.Series(index == number, index=index)
                problems.add(mask, None, EXTRA_CELLS, count=count, width=len(block.header), file=name)
        if len(usable) < len(blocks):
            tables[0].caveats.append(SKIPPED_CARD)
        union = pd.concat(frames, axis=0).fillna("").astype("str")
        union.index.name = "row_number"
        long = first_of_repeated(records(tables), tables)  # before tables_frame: it adds caveats
        return Parsed(
            table=Table(name, raw.file_format, raw.encoding, raw.delimiter, union),
            records=long,
            problems=problems,
            extra_tables={"raw_web_tables": tables_frame(tables)},
        )

    def _blocks(self, raw: RawRows) -> tuple[list[Block], list[Preamble]]:
        """The blocks with a header and what their '#' lines say. A block's '#' lines apply to it and,
        where they say nothing, the file's first '#' lines do (a UA workbook's 'Summary' sheet holds
        only '#' lines; a UA Day Index table and a snapshot's cards repeat none or part of them; a
        card's own dates are its own, not the next card's)."""
        blocks, metas = [], []
        context: Preamble | None = None
        for block in split_blocks(raw):
            if context is None:
                context = self.preamble(block, self.platform)
                if block.header_row is not None:
                    blocks.append(block)
                    metas.append(context)
                continue
            meta = self.preamble(block, self.platform)
            for attribute in ("account", "property_name", "start", "end"):
                if getattr(meta, attribute) is None:
                    setattr(meta, attribute, getattr(context, attribute))
            if not meta.titles:
                meta.titles = list(context.titles)
            meta.languages |= context.languages
            if block.header_row is not None:
                blocks.append(block)
                metas.append(meta)
        return blocks, metas

    def _table(
        self,
        position: int,
        plan: Plan,
        frame: pd.DataFrame,
        meta: Preamble,
        locale: str,
        language: str | None,
        problems,
        file_name: str,
    ) -> ReportTable:
        caveats: list[str] = []
        for header, note in plan.ignored:
            caveats.append(IGNORED_COLUMNS)
            if len(frame):
                first = pd.Series(problems.index == frame.index[0], index=problems.index)
                problems.add(first, header, note, rejects=False, value=header)
        totals = is_totals(frame, plan)
        start, end = meta.start, meta.end
        if plan.date_column is not None:
            period = self.period(frame, plan.date_column, start, end, file_name, language)
            header, canonical = plan.date_column
            dated = ~totals & ~period.bad
            if start is None or end is None:
                if not dated.any():
                    raise IngestError(NO_PERIOD.format(file=file_name))
                start = start or min(period.start[dated])
                end = end or max(period.end[dated])
            bad = period.bad & ~totals
            problems.add(
                _on(bad, problems.index),
                header,
                BAD_DATE,
                value=frame[header].reindex(problems.index).fillna(""),
                dimension=canonical,
                header=header,
                file=file_name,
                expected=period.expected or Message("", ""),
            )
        elif start is None or end is None:
            raise IngestError(NO_PERIOD.format(file=file_name))
        else:
            period = range_period(frame.index, start, end)
        whole = range_period(frame.index, start, end)
        grain = period.grain.where(~totals, whole.grain)
        starts = period.start.where(~totals, whole.start)
        ends = period.end.where(~totals, whole.end)
        wide = pd.DataFrame(
            {
                "period_grain": grain,
                "period_start": starts,
                "period_end": ends,
                "dimension_value": dimension_values(frame, plan, self.platform).where(~totals, None),
                "is_total_row": totals.astype(bool),
            },
            index=frame.index,
        )
        currencies: set[str] = set()
        unavailable = False
        for header, metric in plan.metrics.items():
            text = frame[header].str.strip()
            missing = text.isin(self.missing_markers)
            unavailable = unavailable or bool(missing.any())
            numbers, bad, seen = parse_numbers(text.where(~missing, ""), locale)
            currencies |= seen
            if metrics().get(metric) and metrics()[metric].unit == "fraction":
                percent = text.str.endswith("%")
                numbers = numbers.where(percent | numbers.isna() | numbers.le(1), numbers / 100)
            problems.add(
                _on(bad, problems.index),
                header,
                BAD_NUMBER,
                value=text.reindex(problems.index).fillna(""),
                metric=metric,
                header=header,
                file=file_name,
                expected=EXPECTED_NUMBER[locale],
            )
            wide[metric] = numbers.where(~bad)
        if unavailable:
            caveats.append(NOT_YET_AVAILABLE)
        title, property_name = self.titles(meta)
        table = ReportTable(
            index=position,
            platform=self.platform,
            source_kind=self.source_kind,
            date_start=start,
            date_end=end,
            dimensions=list(dict.fromkeys(plan.dimensions.values())),
            rows=wide,
            metrics=list(plan.metrics.values()),
            report_title=title,
            account=meta.account,
            property_name=property_name,
            caveats=caveats,
            currency=", ".join(sorted(currencies)) or None,
        )
        if check_totals(table):
            table.caveats.append(TOTALS_DIFFER)
        return table


def _on(mask: pd.Series, index: pd.Index) -> pd.Series:
    """A block's mask spread over the whole file's row numbers (False elsewhere)."""
    return mask.reindex(index).astype("boolean").fillna(False).astype(bool)


REPEATED_ROWS = "repeated_rows"  # caveat: values another table of the file already gave were dropped
ROW_KEY = ["dimension", "dimension_value", "metric", "period_grain", "period_start", "period_end", "is_total_row"]


def first_of_repeated(frame: pd.DataFrame, tables: list[ReportTable]) -> pd.DataFrame:
    """The records without those an earlier table of the same file already gave (a snapshot's cards
    overlap: the retention card repeats the active users of day 0): summed, they would count twice.
    The tables that lost values get the caveat 'repeated_rows'."""
    if frame.empty:
        return frame
    repeated = frame.duplicated(ROW_KEY, keep="first")
    for index in sorted(set(frame.loc[repeated, "table_index"])):
        tables[int(index) - 1].caveats.append(REPEATED_ROWS)
    return frame[~repeated].reset_index(drop=True)
