"""GA4 BigQuery export (events_YYYYMMDD, events_intraday_YYYYMMDD) → raw_ga4_events.

The file is read by DuckDB's own readers and flattened by SQL on the loader's connection
(sql/ingest/ga4_*.sql), never row by row in Python: a museum's year of events is millions of rows.
NDJSON (.json, .jsonl, .ndjson, each possibly .gz) is read with an explicit structure
(EXPORT_COLUMNS: a field an older export lacks reads as NULL); Parquet is described first, and the
columns it lacks become typed NULLs. The accepted events are staged in a temporary table
(Parsed.bulk_table) that the loader inserts from in the load's transaction; only the rejected rows and
the days covered come back to Python.

Rules (docs/ARCHITECTURE.md, « Web analytics »):
- row_number is the line of the NDJSON file or the row of the Parquet file, from 1;
- a row is rejected when event_name is missing, event_date is missing or not YYYYMMDD,
  event_timestamp is missing or not an integer, or event_date is more than one day from the UTC date of
  event_timestamp (event_date is in the property's time zone: more than a day apart is a clock
  problem). NULL user_pseudo_id / ga_session_id (consent mode) are kept: they count as events;
- user_pseudo_id stays text (it can look numeric: 3868899112.4128253975); INT64 values sent as JSON
  strings are cast; session_engaged counts as an int or as the string '1';
- page_location and page_referrer are stored through the macro web_clean_url (sql/models/macros/
  web_urls.sql): personal data in URLs never reaches the store;
- export_table is 'intraday' for an events_intraday_* file, else 'daily'. A file for days already
  loaded is loaded beside the earlier load (covered_periods 'supersede'): stg_ga4__events keeps, per
  museum and day, the daily export before the intraday one, then the latest load;
- a file DuckDB cannot read (malformed JSON, not gzip, not Parquet, a Parquet file without the export's
  event_date, event_timestamp and event_name) is refused whole, naming the file (and the line).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..i18n import Message
from ..sqlfiles import sql
from .base import LoadContext, Parsed, SourceSpec, single_year
from .errors import IngestError, quoted_list
from .problems import Problems
from .tabular import Table
from .tabular import _error as localized_error  # Message values filled per language

# The export's columns read, with the structure they are read as (DuckDB types). Every number is read
# as text and cast by sql/ingest/ga4_stage_events.sql, since NDJSON exports write INT64 as strings.
_PARAM = "STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value VARCHAR, float_value VARCHAR, double_value VARCHAR))[]"
_CAMPAIGN = "STRUCT(source VARCHAR, medium VARCHAR, campaign_name VARCHAR)"
EXPORT_COLUMNS: dict[str, str] = {
    "event_date": "VARCHAR",
    "event_timestamp": "VARCHAR",
    "event_name": "VARCHAR",
    "event_params": _PARAM,
    "user_pseudo_id": "VARCHAR",
    "stream_id": "VARCHAR",
    "platform": "VARCHAR",
    "collected_traffic_source": "STRUCT(manual_source VARCHAR, manual_medium VARCHAR, "
    "manual_campaign_name VARCHAR, gclid VARCHAR)",
    "session_traffic_source_last_click": f"STRUCT(manual_campaign {_CAMPAIGN}, cross_channel_campaign {_CAMPAIGN})",
    "ecommerce": "STRUCT(transaction_id VARCHAR, purchase_revenue VARCHAR)",
    "device": "STRUCT(category VARCHAR)",
    "geo": "STRUCT(country VARCHAR)",
}
REQUIRED_COLUMNS = ("event_date", "event_timestamp", "event_name")
STAGE = "ga4_events_stage"  # the temporary table of the loader's connection (sql/ingest/ga4_*.sql name it)
NDJSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
INTRADAY_PREFIX = "events_intraday_"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
QUARANTINED = ("event_date", "event_timestamp", "event_name", "user_pseudo_id")  # cells kept of a rejected row

EXPECTED = Message(
    "Attendu : un export BigQuery de GA4, en JSON délimité par des sauts de ligne (un événement par ligne ; "
    ".json, .jsonl ou .ndjson, compressé .gz ou non) ou en Parquet.",
    "Expected: a GA4 BigQuery export, as newline-delimited JSON (one event per line; .json, .jsonl or "
    ".ndjson, gzip-compressed or not) or as Parquet.",
)
UNSUPPORTED = Message(
    "Format non pris en charge pour « {file} » : {suffix}. {expected}",
    "Unsupported format for '{file}': {suffix}. {expected}",
)
UNREADABLE = Message(
    "Fichier illisible « {file} »{where} : {error}. {expected}", "Unreadable file '{file}'{where}: {error}. {expected}"
)
AT_LINE = Message(", ligne {line}", ", line {line}")
MALFORMED = Message("JSON mal formé ({detail})", "malformed JSON ({detail})")
NOT_GZIP = Message("ce n'est pas une archive gzip valide", "not a valid gzip archive")
NOT_PARQUET = Message("ce n'est pas un fichier Parquet lisible ({detail})", "not a readable Parquet file ({detail})")
NO_EXPORT_COLUMNS = Message(
    "Le fichier « {file} » n'a pas les colonnes de l'export GA4 : {missing} manquante(s). Colonnes trouvées : "
    "{found}. {expected}",
    "The file '{file}' lacks the GA4 export's columns: {missing} missing. Columns found: {found}. {expected}",
)
EMPTY = Message("Le fichier « {file} » est vide : aucun événement.", "The file '{file}' is empty: no event.")

# Row reasons (the loader prefixes « ligne N : »).
NAME_MISSING = Message(
    "event_name manquant dans « {file} » (attendu : le nom de l'événement, ex. page_view)",
    "event_name missing in '{file}' (expected: the event's name, e.g. page_view)",
)
DATE_MISSING = Message(
    "event_date manquant dans « {file} » (attendu : AAAAMMJJ, ex. 20260714)",
    "event_date missing in '{file}' (expected: YYYYMMDD, e.g. 20260714)",
)
DATE_BAD = Message(
    "event_date illisible « {value} » dans « {file} » (attendu : AAAAMMJJ, ex. 20260714)",
    "unreadable event_date '{value}' in '{file}' (expected: YYYYMMDD, e.g. 20260714)",
)
TIMESTAMP_MISSING = Message(
    "event_timestamp manquant dans « {file} » (attendu : un entier, microsecondes UTC depuis 1970)",
    "event_timestamp missing in '{file}' (expected: a whole number, UTC microseconds since 1970)",
)
TIMESTAMP_BAD = Message(
    "event_timestamp « {value} » n'est pas un entier dans « {file} » (attendu : microsecondes UTC depuis 1970)",
    "event_timestamp '{value}' is not a whole number in '{file}' (expected: UTC microseconds since 1970)",
)
CLOCK = Message(
    "event_date {date} à plus d'un jour de la date UTC de event_timestamp ({utc}) dans « {file} » : horloge "
    "déréglée ? (attendu : au plus un jour d'écart, celui du fuseau horaire de la propriété)",
    "event_date {date} more than one day from the UTC date of event_timestamp ({utc}) in '{file}': a clock "
    "problem? (expected: at most one day apart, the property's time zone)",
)
OUT_OF_RANGE = Message("hors des dates possibles", "outside possible dates")

# Load summary of an intraday file for days a daily export already gave (LoadResult.superseded).
INTRADAY_OUTRANKED = Message(
    "« {file} » : fichier intraday : ses jours déjà chargés depuis l'export quotidien ne compteront pas "
    "({count} du chargement n° {load_id} : {periods}).",
    "'{file}': intraday file: its days already loaded from the daily export will not count "
    "({count} of load #{load_id}: {periods}).",
)

_MALFORMED = re.compile(r"Malformed JSON in file .*? in line (\d+): ([^\n.]*)")
_TRANSFORM = re.compile(r"JSON transform error in file .*?, in line (\d+): ([^:\n]*)")


@dataclass
class BulkTable(Table):
    """A file read by DuckDB: its rows stay on the loader's connection; `frame` holds only the cells
    kept of the rejected rows (indexed by row number) and rows_read counts every row read."""

    rows_total: int = 0

    @property
    def rows_read(self) -> int:
        return self.rows_total


def is_intraday(file_name: str) -> bool:
    return Path(file_name).name.lower().startswith(INTRADAY_PREFIX)


def export_rank(file_name: str) -> int:
    """Which load's rows count for a day both cover (SourceSpec.supersede_rank): the daily export (1)
    before the intraday one (0), then the latest load."""
    return 0 if is_intraday(file_name) else 1


def file_format(path: Path) -> str:
    """'ndjson' or 'parquet' from the file name; IngestError for anything else."""
    name = path.name.lower()
    plain = name.removesuffix(".gz")
    if plain.endswith(NDJSON_SUFFIXES):
        return "ndjson"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    suffix = "".join(path.suffixes[-2:]) or Message("(aucune extension)", "(no extension)")
    raise localized_error(UNSUPPORTED, file=path.name, suffix=suffix, expected=EXPECTED)


class Ga4EventsSource:
    name = "ga4-events"
    raw_table = "raw_ga4_events"

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        con = context.con
        if con is None:
            raise ValueError("ga4-events stages its rows on the loader's connection: LoadContext.con is required")
        kind = file_format(path)
        try:
            self._stage(con, path, kind)
            rows = int(con.execute(f"SELECT count(*) FROM {STAGE}").fetchall()[0][0])
            if rows == 0:
                raise localized_error(EMPTY, file=path.name)
            rejected = con.execute(sql("ingest/ga4_rejected")).df()
            dates = con.execute(sql("ingest/ga4_event_dates")).df()
            con.execute(sql("ingest/ga4_drop_checks"))
        except BaseException:
            drop_stage(con)
            raise
        problems = self._problems(rejected, path.name)
        cells = pd.DataFrame(
            {
                "event_date": rejected["event_date_text"].to_numpy(),
                "event_timestamp": rejected["event_timestamp_text"].to_numpy(),
                "event_name": rejected["event_name"].to_numpy(),
                "user_pseudo_id": rejected["user_pseudo_id"].to_numpy(),
            },
            index=pd.Index(rejected["row_number"].astype("int64").to_numpy(), name="row_number"),
            dtype="str",
        )
        table = BulkTable(path.name, kind, None, None, cells, rows_total=rows)
        year = single_year(pd.to_datetime(dates["event_date"], format="%Y-%m-%d"))
        return Parsed(table, dates, problems, year=year, bulk_table=STAGE)

    def _stage(self, con: duckdb.DuckDBPyConnection, path: Path, kind: str) -> None:
        """Read the file and stage its events as raw_ga4_events rows plus the check_* columns."""
        values = {"path": str(path), "export_table": "intraday" if is_intraday(path.name) else "daily"}
        if kind == "ndjson":
            read = sql("ingest/ga4_read_ndjson")
            values["columns"] = EXPORT_COLUMNS
        else:
            read = sql("ingest/ga4_read_parquet").replace("/* columns */", self._parquet_columns(con, path))
        statement = (
            f"CREATE OR REPLACE TEMP TABLE {STAGE} AS WITH ga4_export AS ({read}) {sql('ingest/ga4_stage_events')}"
        )
        try:
            con.execute(statement, values)
        except duckdb.Error as error:
            raise unreadable(path, kind, error) from None

    @staticmethod
    def _parquet_columns(con: duckdb.DuckDBPyConnection, path: Path) -> str:
        """The select list of sql/ingest/ga4_read_parquet.sql for this file: each column of EXPORT_COLUMNS
        cast to its structure, or a typed NULL when the file lacks it (names and types are constants)."""
        try:
            found = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
        except duckdb.Error as error:
            raise unreadable(path, "parquet", error) from None
        missing = [name for name in REQUIRED_COLUMNS if name not in found]
        if missing:
            raise localized_error(
                NO_EXPORT_COLUMNS,
                file=path.name,
                missing=", ".join(missing),
                found=quoted_list(found),
                expected=EXPECTED,
            )
        return ", ".join(
            f"try_cast({name} AS {kind}) AS {name}" if name in found else f"NULL::{kind} AS {name}"
            for name, kind in EXPORT_COLUMNS.items()
        )

    @staticmethod
    def _problems(rejected: pd.DataFrame, file_name: str) -> Problems:
        """The reasons of the rejected rows (sql/ingest/ga4_rejected.sql), one check at a time."""
        index = pd.Index(rejected["row_number"].astype("int64").to_numpy())
        problems = Problems(index)

        def column(name: str) -> pd.Series:
            return pd.Series(rejected[name].to_numpy(), index=index)

        name, date_text, stamp_text = column("event_name"), column("event_date_text"), column("event_timestamp_text")
        date, stamp_ok, utc = column("event_date"), column("timestamp_ok"), column("timestamp_date")
        problems.add(name.isna(), "event_name", NAME_MISSING, file=file_name)
        problems.add(date_text.isna(), "event_date", DATE_MISSING, file=file_name)
        problems.add(date_text.notna() & date.isna(), "event_date", DATE_BAD, value=date_text, file=file_name)
        problems.add(stamp_text.isna(), "event_timestamp", TIMESTAMP_MISSING, file=file_name)
        bad_stamp = stamp_text.notna() & ~stamp_ok.astype(bool)
        problems.add(bad_stamp, "event_timestamp", TIMESTAMP_BAD, value=stamp_text, file=file_name)
        clock = name.notna() & date.notna() & stamp_ok.astype(bool)
        shown = pd.Series(pd.to_datetime(date).dt.strftime("%Y-%m-%d").to_numpy(), index=index)
        utc_text = Message(utc.fillna(OUT_OF_RANGE.fr), utc.fillna(OUT_OF_RANGE.en))
        problems.add(clock, "event_date", CLOCK, date=shown, utc=utc_text, file=file_name)
        return problems


def drop_stage(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the staged events (the loader calls it once the load is written or refused)."""
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")


def unreadable(path: Path, kind: str, error: duckdb.Error) -> IngestError:
    """A file DuckDB could not read, in one line naming the file and, for JSON, the line at fault."""
    text = str(error)
    where: Message | str = ""
    if match := _MALFORMED.search(text):
        line = bad_line(path, int(match[1]))
        detail: Message = MALFORMED.format(detail=match[2].strip())
    elif match := _TRANSFORM.search(text):
        line = bad_line(path, None)
        detail = Message(match[2].strip(), match[2].strip())
    else:
        line = None
        detail = (
            NOT_GZIP
            if "gzip" in text.lower()
            else NOT_PARQUET.format(detail=_first_line(text))
            if kind == "parquet"
            else Message(_first_line(text), _first_line(text))
        )
    if line:
        where = AT_LINE.format(line=line)
    return localized_error(UNREADABLE, file=path.name, where=where, error=detail, expected=EXPECTED)


def bad_line(path: Path, hint: int | None) -> int | None:
    """The line of the first object DuckDB could not read, found again in Python (error path only):
    DuckDB's own line number can be one line further for malformed JSON (`hint`: only the lines around it
    are parsed), and a batch further for a field of the wrong type (hint None: every line is parsed and
    checked against EXPORT_COLUMNS' structure). None when no line is at fault in Python's eyes."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if hint is not None and number > hint + 1:
                    break
                if (hint is not None and number < hint - 2) or not line.strip():
                    continue
                if line.startswith(BYTE_ORDER_MARK):  # Python would skip it; DuckDB refuses it
                    return number
                try:
                    record = json.loads(line)
                except ValueError:
                    return number
                if hint is None and not fits_export(record):
                    return number
    except (OSError, EOFError):
        return None
    return None


def fits_export(record) -> bool:
    """Whether a parsed line has the shape EXPORT_COLUMNS reads: an object whose records are objects
    (or null) and whose event_params is a list of {key, value: {…}} (or null)."""
    if not isinstance(record, dict):
        return False
    for name, kind in EXPORT_COLUMNS.items():
        value = record.get(name)
        if value is None:
            continue
        if kind.endswith("[]"):
            if not isinstance(value, list) or not all(
                isinstance(item, dict) and isinstance(item.get("value", {}) or {}, dict) for item in value
            ):
                return False
        elif kind.startswith("STRUCT") and (
            not isinstance(value, dict)
            or not all(isinstance(v, dict | None) or not k.endswith("campaign") for k, v in value.items())
        ):
            return False
    return True


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200] if lines else "?"


def ga4_event_periods(records: pd.DataFrame) -> list[str]:
    """A GA4 events load covers the days of its accepted events ('2026-07-14'), in the property's time zone."""
    return sorted(set(records["event_date"].dropna().astype("str")))


SPEC = SourceSpec(
    name="ga4-events",
    title=Message("Événements GA4 (export BigQuery)", "GA4 events (BigQuery export)"),
    help=Message(
        "export BigQuery de Google Analytics 4, un événement par ligne (JSON délimité, .gz ou Parquet)",
        "Google Analytics 4 BigQuery export, one event per line (newline-delimited JSON, .gz or Parquet)",
    ),
    raw_table="raw_ga4_events",
    period_kind="day",
    periods=ga4_event_periods,
    parser=Ga4EventsSource(),
    formats=("ndjson", "parquet"),
    takes_mapping=False,
    options=(),
    purge="purge/delete_raw_ga4_events",
    demo="smq_analytics.demo.web_files:ga4_events_files",
    covered_periods="supersede",
    supersede_rank=export_rank,
    outranked=INTRADAY_OUTRANKED,
)
