"""GA4 Data API runReport responses (source ga4-api) → raw_web_tables + raw_web_rows.

A file holds one runReport response, a JSON list of them, or a batchRunReports response
({"reports": […]}); each response is one table (docs/ARCHITECTURE.md, « Web analytics »). Every value
is a string: metricHeaders[].type says how to read it (TYPE_INTEGER a whole number; TYPE_MILLISECONDS,
TYPE_MINUTES, TYPE_HOURS become seconds; every other type a decimal number). API names become the
canonical names of data/reference/web_labels.csv (language 'api'); an unknown metric is not read, an
unknown dimension refuses the file (its rows could not be told apart).

What is data and what is not:
- `totals` rows (RESERVED_TOTAL) are kept with is_total_row (for checks, never summed); `maximums` and
  `minimums` (RESERVED_MAX, RESERVED_MIN) are dropped;
- an `(other)` row is kept, with the caveat 'other_row' (GA4 rolled rare values into it);
- `rowCount` above the number of rows means the file holds one page of a longer answer (pagination):
  caveat 'truncated'; below it is normal (zero-filled rows of a second date range);
- metadata: currencyCode, timeZone, subjectToThresholding → 'thresholding', dataLossFromOtherRow →
  'other_row', samplingMetadatas → 'sampling' (and 'sampling_share:0.25', the smallest share of events
  read, when given) go to raw_web_tables.

Dates. A response does not repeat the request's date ranges (ResponseMetaData has none), so the range of
a table comes from the request when it was saved with the response ({"request": {"dateRanges": […]},
"response": {…}}, or "dateRanges" beside the response's own keys), else from the date dimension's
smallest and largest values ('date' YYYYMMDD, 'yearMonth' YYYYMM); without either the file is refused,
asking for a date dimension or the range. Two date ranges add a `dateRange` dimension (date_range_0,
date_range_1, or the names the request gave): each row's period is its range, or its date; with a date
dimension GA4 repeats every date under both ranges, zero-filled under the range it is not in, and those
rows are not data (_without_zero_fill).

Rows are numbered by position: data row n = 1 + position in `rows` (« ligne de données n° 12 » is
rows[11]); in a file with several responses the numbering continues from one response to the next
(rows, then totals rows), and messages also give the JSON path. A value that is not a number of its
metric's type sends the row to quarantine.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..encodings import decode_text
from ..i18n import Message
from ..reference import read_reference_csv
from .base import LoadContext, Parsed, SourceSpec, single_year
from .errors import IngestError, quoted_list
from .problems import ROW_PREFIX, Problems
from .tabular import MAX_ROWS, Table
from .web_reports import DATE_DIMENSIONS as SHARED_DATES
from .web_reports import (
    DIMENSION_JOIN,
    LABELS_FILE,
    ReportTable,
    covered_months,
    lookup,
    month_end,
    records,
    tables_frame,
    yyyymmdd,
)

PLATFORM, SOURCE_KIND = "ga4", "ga4_api"
# The date dimensions the API reads (date YYYYMMDD, yearMonth YYYYMM), finest first, and their grain.
DATE_DIMENSIONS = {"date": "day", "month": "month"}
DATE_RANGE = "dateRange"  # the dimension the API adds with several date ranges
OTHER_ROW = "(other)"
# Seconds per unit of the API's time types; every other numeric type is read as written.
SECONDS = {"TYPE_MILLISECONDS": 0.001, "TYPE_SECONDS": 1.0, "TYPE_MINUTES": 60.0, "TYPE_HOURS": 3600.0}
_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

DATA_ROW = Message("ligne de données n° {row} : ", "data row {row}: ")
NOT_JSON = Message(
    "Fichier illisible « {file} », ligne {line}, colonne {column} : JSON invalide ({error}). Attendu : la "
    "réponse JSON de runReport de l'API Google Analytics Data (ou une liste de réponses).",
    "Unreadable file '{file}', line {line}, column {column}: invalid JSON ({error}). Expected: the JSON "
    "response of the Google Analytics Data API's runReport (or a list of responses).",
)
NOT_TEXT = Message(
    "Fichier illisible « {file} » : ce n'est pas du texte UTF-8 ({error}). Attendu : la réponse JSON de "
    "runReport de l'API Google Analytics Data.",
    "Unreadable file '{file}': not UTF-8 text ({error}). Expected: the JSON response of the Google "
    "Analytics Data API's runReport.",
)
NOT_REPORT = Message(
    "« {file} », {where} : ce n'est pas une réponse runReport de l'API Google Analytics Data (clés "
    "trouvées : {found}). Attendu : un objet avec dimensionHeaders, metricHeaders et rows, une liste de "
    'tels objets, ou la réponse de batchRunReports {{"reports": […]}}.',
    "'{file}', {where_en}: not a runReport response of the Google Analytics Data API (keys found: {found}). "
    "Expected: an object with dimensionHeaders, metricHeaders and rows, a list of such objects, or a "
    'batchRunReports response {{"reports": […]}}.',
)
NO_METRIC = Message(
    "« {file} », {where} : aucune métrique connue (métriques trouvées : {found}). Métriques reconnues : {known}.",
    "'{file}', {where_en}: no known metric (metrics found: {found}). Known metrics: {known}.",
)
UNKNOWN_DIMENSION = Message(
    "« {file} », {where} : dimension « {name} » inconnue (une dimension reconnue s'ajoute à "
    "data/reference/web_labels.csv, langue api). Dimensions reconnues : {known}.",
    "'{file}', {where_en}: unknown dimension '{name}' (a recognised dimension is added to "
    "data/reference/web_labels.csv, language api). Known dimensions: {known}.",
)
NO_RANGE = Message(
    "« {file} », {where} : la période couverte est inconnue (la réponse de l'API ne la répète pas{relative}). "
    "Ajoutez la dimension date (ou yearMonth) à la requête, ou enregistrez la requête avec la réponse : "
    '{{"request": {{"dateRanges": [{{"startDate": "2024-01-01", "endDate": "2024-12-31"}}]}}, '
    '"response": …}}.',
    "'{file}', {where_en}: the period covered is unknown (the API response does not repeat it{relative_en}). "
    "Add the date (or yearMonth) dimension to the request, or save the request with the response: "
    '{{"request": {{"dateRanges": [{{"startDate": "2024-01-01", "endDate": "2024-12-31"}}]}}, '
    '"response": …}}.',
)
NO_ROWS = Message(
    "« {file} » : aucune ligne de données ({reason}) ; rien n'a été chargé.",
    "'{file}': no data rows ({reason_en}); nothing was loaded.",
)
TOO_MANY_ROWS = Message(
    "Le fichier « {file} » a plus de {limit} lignes ; au plus {limit} attendues.",
    "The file '{file}' has more than {limit} rows; at most {limit} expected.",
)
BAD_SHAPE = Message(
    "nombre de valeurs : {dimensions} de dimension et {metrics} de métrique ; attendu : {expected_d} et "
    "{expected_m} (dimensionHeaders, metricHeaders) (JSON : {path})",
    "number of values: {dimensions} dimension and {metrics} metric; expected: {expected_d} and {expected_m} "
    "(dimensionHeaders, metricHeaders) (JSON: {path})",
)
BAD_NUMBER = Message(
    "« {value} » n'est pas {expected} pour la métrique {metric} ({type}) (JSON : {path})",
    "'{value}' is not {expected_en} for metric {metric} ({type}) (JSON: {path})",
)
EMPTY_VALUE = Message(
    "valeur vide pour la métrique {metric} ({type}) (JSON : {path})",
    "empty value for metric {metric} ({type}) (JSON: {path})",
)
BAD_DATE = Message(
    "« {value} » n'est pas une date {expected} pour la dimension {dimension} (JSON : {path})",
    "'{value}' is not a {expected_en} date for dimension {dimension} (JSON: {path})",
)
UNKNOWN_RANGE = Message(
    "plage de dates « {value} » absente de la requête (plages : {known}) (JSON : {path})",
    "date range '{value}' not in the request (ranges: {known}) (JSON: {path})",
)


@dataclass(frozen=True)
class DateRange:
    name: str
    start: date
    end: date


@dataclass
class Report:
    """One runReport response as found in the file, with the request saved beside it, if any."""

    response: dict
    request: dict | None
    where: dict[str, str]  # {where} « la réponse reports[1] » / {where_en} "response reports[1]" (_where)
    path: str  # JSON path of the response ('', '[2]', 'reports[1]'), for row messages


def read_json(path: Path) -> tuple[object, str]:
    """The decoded JSON document and its encoding; IngestError naming line and column when it is not JSON."""
    data = path.read_bytes()
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as error:
        raise IngestError(NOT_TEXT.format(file=path.name, error=str(error))) from None
    try:
        return json.loads(text), encoding
    except json.JSONDecodeError as error:
        raise IngestError(
            NOT_JSON.format(file=path.name, line=error.lineno, column=error.colno, error=error.msg)
        ) from None


def _is_response(value: object) -> bool:
    return isinstance(value, dict) and (
        value.get("kind") == "analyticsData#runReport"
        or bool({"dimensionHeaders", "metricHeaders", "rows"} & set(value))
    )


def _where(path: str) -> dict[str, str]:
    """The {where} / {where_en} fields of a message naming a response by its JSON path."""
    if not path:
        return {"where": "la réponse", "where_en": "the response"}
    return {"where": f"la réponse {path}", "where_en": f"response {path}"}


def find_reports(document: object, file_name: str) -> list[Report]:
    """Every runReport response of the document, each with the request saved beside it (if any)."""
    found: list[Report] = []

    def visit(value: object, request: dict | None, path: str) -> None:
        if isinstance(value, list):
            for position, item in enumerate(value):
                visit(item, None, f"{path}[{position}]")
        elif isinstance(value, dict) and "response" in value and isinstance(value["response"], (dict, list)):
            saved = value.get("request") if isinstance(value.get("request"), dict) else None
            visit(value["response"], saved, f"{path}.response" if path else "response")
        elif isinstance(value, dict) and isinstance(value.get("reports"), list):
            requests = (request or {}).get("requests") or value.get("requests") or []
            for position, item in enumerate(value["reports"]):
                saved = (
                    requests[position] if position < len(requests) and isinstance(requests[position], dict) else None
                )
                inner = f"{path}.reports[{position}]" if path else f"reports[{position}]"
                if not _is_response(item):
                    _not_a_report(item, inner, file_name)
                found.append(Report(item, saved or request, _where(inner), inner))
        elif _is_response(value):
            saved = request
            if saved is None and "dateRanges" in value:
                saved = {"dateRanges": value["dateRanges"], "property": value.get("property")}
            found.append(Report(value, saved, _where(path), path))
        else:
            _not_a_report(value, path, file_name)

    visit(document, None, "")
    return found


def _not_a_report(value: object, path: str, file_name: str) -> None:
    keys = quoted_list(value) if isinstance(value, dict) else type(value).__name__
    raise IngestError(NOT_REPORT.format(file=file_name, **_where(path), found=keys or "(aucune / none)"))


def _request_ranges(request: dict | None) -> tuple[list[DateRange], bool]:
    """(the request's date ranges with absolute dates, whether a relative one ('7daysAgo') was skipped)."""
    ranges, relative = [], False
    for position, entry in enumerate((request or {}).get("dateRanges") or []):
        if not isinstance(entry, dict):
            continue
        start, end = _iso_day(entry.get("startDate")), _iso_day(entry.get("endDate"))
        if start is None or end is None:
            relative = True
            continue
        ranges.append(DateRange(str(entry.get("name") or f"date_range_{position}"), start, end))
    return ranges, relative


def _iso_day(text: object) -> date | None:
    match = _ISO_DAY.fullmatch(str(text or "").strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _names(headers: object) -> list[str]:
    return [str(h.get("name", "")) if isinstance(h, dict) else str(h) for h in headers or []]


def _cells(row: object, key: str) -> list[str]:
    values = row.get(key) if isinstance(row, dict) else None
    return [str(v.get("value", "")) if isinstance(v, dict) else str(v) for v in values or []]


class Ga4ApiSource:
    name = "ga4-api"
    raw_table = "raw_web_rows"

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        document, encoding = read_json(path)
        tables: list[ReportTable] = []
        rows: list[RowRead] = []
        reports = find_reports(document, path.name)
        for report in reports:
            first = rows[-1].number + 1 if rows else 1
            table, read = _table(report, len(tables) + 1, first, path.name)
            if table is not None:
                tables.append(table)
            rows += read  # without a table, every row read has a problem: quarantined
            if len(rows) > MAX_ROWS:
                raise IngestError(TOO_MANY_ROWS.format(file=path.name, limit=MAX_ROWS))
        if not rows:
            raise IngestError(_no_rows(reports, path.name))
        index = pd.Index([r.number for r in rows], name="row_number")
        frame = pd.DataFrame([r.cells for r in rows], index=index, dtype="str").fillna("")
        problems = DataRowProblems(index)
        bad = [r for r in rows if r.problem is not None]
        if bad:
            problems.add(
                pd.Series(True, index=[r.number for r in bad]),
                pd.Series([r.column for r in bad], index=[r.number for r in bad]),
                Message("{fr}", "{en}"),
                fr=pd.Series([r.problem.fr for r in bad]),
                en=pd.Series([r.problem.en for r in bad]),
            )
        found = records(tables)
        dates = pd.to_datetime(pd.concat([found["period_start"], found["period_end"]]))
        return Parsed(
            Table(path.name, "json", encoding, None, frame),
            found,
            problems,
            year=single_year(dates),
            extra_tables={"raw_web_tables": tables_frame(tables)},
        )


@dataclass
class RowRead:
    """One row of a response as read: its number, cells (API name → text) and problem (None when good)."""

    number: int
    path: str  # JSON path of the row (rows[11], reports[1].totals[0]), for messages
    cells: dict[str, str]
    problem: Message | None = None
    column: str | None = None


@dataclass(frozen=True)
class Headers:
    """A response's columns: API names, canonical names (None: a metric not read), metric types."""

    dimensions: list[str]
    canonical_dimensions: list[str]
    metrics: list[str]
    canonical_metrics: list[str | None]
    types: list[str]

    @property
    def grain_dimension(self) -> str | None:
        """'date' (grain day) before 'month' (grain month), when the response has one."""
        return next((d for d in DATE_DIMENSIONS if d in self.canonical_dimensions), None)

    def position(self, canonical: str) -> int | None:
        return self.canonical_dimensions.index(canonical) if canonical in self.canonical_dimensions else None


def _headers(report: Report, file_name: str) -> Headers:
    """The response's dimensions and metrics named canonically; IngestError for an unknown dimension
    or a response without a known metric."""
    response = report.response
    dimensions = _names(response.get("dimensionHeaders"))
    metric_headers = response.get("metricHeaders") or []
    metrics = _names(metric_headers)
    types = [str(h.get("type") or "") if isinstance(h, dict) else "" for h in metric_headers]
    canonical_metrics: list[str | None] = []
    for name in metrics:
        found = lookup(name, PLATFORM, "metric")
        # a canonical metric asked twice (keyEvents and conversions) is read once: the first column
        canonical_metrics.append(found.canonical if found and found.canonical not in canonical_metrics else None)
    if not any(canonical_metrics):
        raise IngestError(
            NO_METRIC.format(
                file=file_name,
                **report.where,
                found=quoted_list(metrics) or "(aucune / none)",
                known=quoted_list(_api_names("metric")),
            )
        )
    canonical_dimensions = []
    for name in dimensions:
        found = lookup(name, PLATFORM, "dimension")
        if name == DATE_RANGE:
            canonical_dimensions.append(DATE_RANGE)
        elif found is not None and (found.canonical in DATE_DIMENSIONS or found.canonical not in SHARED_DATES):
            canonical_dimensions.append(found.canonical)
        else:
            raise IngestError(
                UNKNOWN_DIMENSION.format(
                    file=file_name, **report.where, name=name, known=quoted_list(_api_names("dimension"))
                )
            )
    return Headers(dimensions, canonical_dimensions, metrics, canonical_metrics, types)


def _api_names(kind: str) -> list[str]:
    """The API names of data/reference/web_labels.csv for a kind ('metric', 'dimension'), for messages."""
    return [r["label"] for r in read_reference_csv(LABELS_FILE) if r["language"] == "api" and r["kind"] == kind]


def _sections(response: dict) -> list[tuple[str, int, object]]:
    """(section, position, row) of the rows that are data or totals: `rows`, then `totals`; the
    `maximums` and `minimums` rows (and any row marked RESERVED_MAX / RESERVED_MIN) are dropped."""
    found = []
    for section in ("rows", "totals"):
        for position, row in enumerate(response.get(section) or []):
            values = _cells(row, "dimensionValues")
            if not ({"RESERVED_MAX", "RESERVED_MIN"} & set(values)):
                found.append((section, position, row))
    return found


def _table(report: Report, table_index: int, first: int, file_name: str) -> tuple[ReportTable | None, list[RowRead]]:
    """One response → its ReportTable (None for an empty response whose dates are unknown) and the
    rows read, numbered from `first`."""
    headers = _headers(report, file_name)
    response = report.response
    ranges, relative = _request_ranges(report.request)
    grain_dimension = headers.grain_dimension
    grain_at = headers.position(grain_dimension) if grain_dimension else None
    range_at = headers.position(DATE_RANGE)
    plain = [(p, d) for p, d in enumerate(headers.canonical_dimensions) if d not in DATE_DIMENSIONS and d != DATE_RANGE]
    read: list[RowRead] = []
    wide: list[dict] = []
    caveats: set[str] = set()
    for number, (section, position, row) in enumerate(_sections(response), start=first):
        dims, values = _cells(row, "dimensionValues"), _cells(row, "metricValues")
        json_path = f"{report.path}.{section}[{position}]" if report.path else f"{section}[{position}]"
        entry = RowRead(
            number, json_path, {**dict(zip(headers.dimensions, dims)), **dict(zip(headers.metrics, values))}
        )
        read.append(entry)
        is_total = section == "totals" or "RESERVED_TOTAL" in dims
        if len(dims) != len(headers.dimensions) or len(values) != len(headers.metrics):
            entry.problem = BAD_SHAPE.format(
                path=json_path,
                dimensions=len(dims),
                metrics=len(values),
                expected_d=len(headers.dimensions),
                expected_m=len(headers.metrics),
            )
            continue
        record = {"row_number": number, "is_total_row": is_total}
        if grain_at is not None and not is_total:
            period = _period(dims[grain_at], grain_dimension)
            if period is None:
                entry.problem = BAD_DATE.format(
                    path=json_path,
                    value=dims[grain_at],
                    expected="AAAAMMJJ" if grain_dimension == "date" else "AAAAMM",
                    expected_en="YYYYMMDD" if grain_dimension == "date" else "YYYYMM",
                    dimension=headers.dimensions[grain_at],
                )
                entry.column = headers.dimensions[grain_at]
                continue
            record |= {
                "period_grain": DATE_DIMENSIONS[grain_dimension],
                "period_start": period[0],
                "period_end": period[1],
                "dated_range": dims[range_at] if range_at is not None else None,
            }
        else:
            record |= {"period_grain": "range", "range": dims[range_at] if range_at is not None else None}
        if OTHER_ROW in dims:
            caveats.add("other_row")
        record["dimension_value"] = None if not plain or is_total else DIMENSION_JOIN.join(dims[p] for p, _ in plain)
        for name, canonical, kind, text in zip(headers.metrics, headers.canonical_metrics, headers.types, values):
            if canonical is None:
                continue
            value = _number(text, kind)
            if value is None and entry.problem is None:
                whole = kind == "TYPE_INTEGER"
                entry.problem = (EMPTY_VALUE if not text.strip() else BAD_NUMBER).format(
                    path=json_path,
                    value=text,
                    expected="un nombre entier" if whole else "un nombre",
                    expected_en="a whole number" if whole else "a number",
                    metric=name,
                    type=kind or "TYPE_UNSPECIFIED",
                )
                entry.column = name
            record[canonical] = value
        if entry.problem is None:
            wide.append(record)
    days = [d for r in wide if r["period_grain"] != "range" for d in (r["period_start"], r["period_end"])]
    if ranges:
        start, end = min(r.start for r in ranges), max(r.end for r in ranges)
    elif days:
        start, end = min(days), max(days)
    elif not wide:
        return None, read  # no row to place: an empty response adds nothing, bad rows go to quarantine
    else:
        raise IngestError(
            NO_RANGE.format(
                file=file_name,
                **report.where,
                relative=" ; les dates relatives comme « 7daysAgo » ne se situent pas" if relative else "",
                relative_en="; relative dates such as '7daysAgo' cannot be placed" if relative else "",
            )
        )
    _place_ranges(wide, read, ranges, DateRange("", start, end))
    wide = _without_zero_fill(
        [r for r in wide if "range" not in r], ranges, [m for m in headers.canonical_metrics if m]
    )
    metric_names = [m for m in headers.canonical_metrics if m]
    frame = pd.DataFrame(
        wide,
        columns=[
            "row_number",
            "period_grain",
            "period_start",
            "period_end",
            "dimension_value",
            "is_total_row",
            *metric_names,
        ],
    ).set_index("row_number")
    caveats |= _metadata_caveats(response, len(response.get("rows") or []))
    metadata = response.get("metadata") or {}
    request = report.request or {}
    table = ReportTable(
        index=table_index,
        platform=PLATFORM,
        source_kind=SOURCE_KIND,
        date_start=start,
        date_end=end,
        dimensions=[d for _, d in plain],
        rows=frame,
        metrics=metric_names,
        report_title="runReport: " + (", ".join(headers.dimensions) or "—") + " / " + ", ".join(headers.metrics),
        property_name=str(request["property"]) if request.get("property") else None,
        caveats=sorted(caveats),
        currency=metadata.get("currencyCode"),
        time_zone=metadata.get("timeZone"),
    )
    return table, read


def _period(text: str, dimension: str) -> tuple[date, date] | None:
    """A date dimension's value as (first day, last day): 'date' 20240715, 'month' (yearMonth) 202407."""
    if dimension == "date":
        day = yyyymmdd(text)
        return (day, day) if day else None
    first = yyyymmdd(text + "01") if len(text.strip()) == 6 else None
    return (first, month_end(first)) if first else None


def _range_named(value: str | None, ranges: list[DateRange]) -> DateRange | None:
    """The request's date range a `dateRange` value names: by the name the request gave, or date_range_N."""
    for entry in ranges:
        if entry.name == value:
            return entry
    numbered = re.fullmatch(r"date_range_(\d+)", value or "")
    return ranges[int(numbered[1])] if numbered and int(numbered[1]) < len(ranges) else None


def _place_ranges(wide: list[dict], read: list[RowRead], ranges: list[DateRange], whole: DateRange) -> None:
    """Rows without a date dimension take their date range: the `dateRange` value's range (by the
    name the request gave, or date_range_N), the request's single range, or the table's range
    (totals rows too). A dateRange value the request does not list quarantines the row."""
    by_number = {r.number: r for r in read}
    for record in wide:
        if "range" not in record:
            continue
        value = record["range"]
        chosen = _range_named(value, ranges)
        if chosen is None and (value is None or record["is_total_row"] or len(ranges) <= 1):
            chosen = whole
        if chosen is None:
            entry = by_number[record["row_number"]]
            entry.problem = UNKNOWN_RANGE.format(
                path=entry.path, value=value, known=quoted_list(r.name for r in ranges)
            )
            entry.column = DATE_RANGE
            continue  # the caller drops rows still holding "range"
        del record["range"]
        record["period_start"], record["period_end"] = chosen.start, chosen.end


def _without_zero_fill(wide: list[dict], ranges: list[DateRange], metrics: list[str]) -> list[dict]:
    """Rows of a date dimension with two date ranges: GA4 returns each date (month) of either range
    under both ranges, zero-filled under the range it is not in. Those rows are not data: a dated row
    counts when its date lies in its own range (the request saved with the response); ranges unknown,
    of the rows sharing a date and dimension values the first with a non-zero value counts (else the
    first). Other rows are kept as they are."""
    kept: list[dict] = []
    first: dict[tuple, int] = {}  # (period, dimension value, totals) → position in kept
    for record in wide:
        if record.get("dated_range") is None:
            record.pop("dated_range", None)
            kept.append(record)
            continue
        named = _range_named(record.pop("dated_range"), ranges)
        if named is not None:
            if record["period_start"] <= named.end and record["period_end"] >= named.start:
                kept.append(record)
            continue
        key = (record["period_start"], record["period_end"], record["dimension_value"], record["is_total_row"])
        if key not in first:
            first[key] = len(kept)
            kept.append(record)
        elif any(record.get(m) for m in metrics) and not any(kept[first[key]].get(m) for m in metrics):
            kept[first[key]] = record
    return kept


def _metadata_caveats(response: dict, data_rows: int) -> set[str]:
    """Caveats the response states about itself: rowCount above the rows held ('truncated': one page of a
    longer answer), thresholding, data lost into the (other) row, sampling (with its share when given)."""
    caveats = set()
    row_count = str(response.get("rowCount", "")).strip()
    if row_count.isdigit() and int(row_count) > data_rows:
        caveats.add("truncated")
    metadata = response.get("metadata") or {}
    if metadata.get("subjectToThresholding"):
        caveats.add("thresholding")
    if metadata.get("dataLossFromOtherRow"):
        caveats.add("other_row")
    sampling = [s for s in metadata.get("samplingMetadatas") or [] if isinstance(s, dict)]
    if sampling:
        caveats.add("sampling")
        shares = [share for share in map(_share, sampling) if share is not None]
        if shares:
            caveats.add(f"sampling_share:{min(shares):.4g}")
    return caveats


def _no_rows(reports: list[Report], file_name: str) -> Message:
    """Why a file gives no data row: the responses' emptyReason when they state one."""
    reasons = sorted({str((r.response.get("metadata") or {}).get("emptyReason") or "") for r in reports} - {""})
    return NO_ROWS.format(
        file=file_name,
        reason=f"emptyReason : {', '.join(reasons)}" if reasons else "rows vide ou absent",
        reason_en=f"emptyReason: {', '.join(reasons)}" if reasons else "rows empty or missing",
    )


def _number(text: str, kind: str) -> float | None:
    """A metric value as a number in the canonical unit (seconds for time types), None when unreadable."""
    text = text.strip()
    pattern = _INTEGER if kind == "TYPE_INTEGER" else _DECIMAL
    if not pattern.fullmatch(text):
        return None
    value = float(text) * SECONDS.get(kind, 1.0)
    return value if math.isfinite(value) else None


def _share(sampling: dict) -> float | None:
    """samplesReadCount / samplingSpaceSize of one SamplingMetadata, when both are given."""
    try:
        read, space = float(sampling["samplesReadCount"]), float(sampling["samplingSpaceSize"])
    except (KeyError, TypeError, ValueError):
        return None
    return read / space if space > 0 else None


class DataRowProblems(Problems):
    """Problems whose rows are JSON data rows: reasons start « ligne de données n° 12 : » / "data row 12: "
    (there are no lines to count in a JSON file; row n is 1 + its position in the file's rows)."""

    def frame(self) -> pd.DataFrame:
        frame = super().frame()
        for lang, column in (("fr", "reason_fr"), ("en", "reason_en")):
            frame[column] = [
                DATA_ROW(lang).format(row=row) + text.removeprefix(ROW_PREFIX(lang).format(row=row))
                for row, text in zip(frame["row_number"], frame[column])
            ]
        return frame


SPEC = SourceSpec(
    name="ga4-api",
    title=Message("Google Analytics 4 — réponses de l'API Data", "Google Analytics 4 — Data API responses"),
    help=Message(
        "réponses JSON de runReport de l'API Google Analytics Data (une réponse, une liste, ou batchRunReports)",
        "JSON runReport responses of the Google Analytics Data API (one response, a list, or batchRunReports)",
    ),
    raw_table="raw_web_rows",
    period_kind="month",
    periods=covered_months,
    parser=Ga4ApiSource(),
    formats=("json",),
    takes_mapping=False,
    options=(),
    purge="purge/delete_raw_web_rows",
    demo="smq_analytics.demo.web_files:ga4_api_files",
    covered_periods="supersede",
    extra_raw_tables=("raw_web_tables",),
)
