"""Read a CSV or XLSX export into a table of text cells, keeping spreadsheet row numbers.

CSV: the encoding is UTF-8 with BOM, UTF-8, else Windows-1252 (Excel on Windows; cp1252 rather than
latin-1 so that ’ œ € survive); the delimiter is the one of `,` `;` tab that splits the first lines
most consistently. XLSX: read with openpyxl (values, not formulas); dates become YYYY-MM-DD and whole
numbers lose their '.0'. The first non-empty row is the header. Row numbers are the rows a spreadsheet
shows (header = row 1). Wholly empty rows are dropped and do not count as rows read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from .errors import quoted_list, refuse
from .values import fold, strip

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = {",": ",", ";": ";", "\t": "tab"}
SNIFF_LINES = 50


@dataclass
class Table:
    """Text cells of one sheet: index = spreadsheet row number, columns = header names."""

    file_name: str
    file_format: str                  # csv | xlsx
    encoding: str | None              # utf-8-sig | utf-8 | cp1252 (csv only)
    delimiter: str | None             # , | ; | tab (csv only)
    frame: pd.DataFrame               # original text ('' when empty), one column per header

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)

    @property
    def rows_read(self) -> int:
        return len(self.frame)

    def find(self, *names: str) -> str | None:
        """The header matching one of `names` (case, accents, spacing and punctuation ignored)."""
        folded = {}
        for header in self.headers:
            folded.setdefault(fold(header), header)
        for name in names:
            header = folded.get(fold(name))
            if header is not None:
                return header
        return None

    def values(self, header: str) -> pd.Series:
        """A column trimmed, with '' for empty cells."""
        return strip(self.frame[header])


def column_letter(position: int) -> str:
    """0 -> 'A', 27 -> 'AB' (spreadsheet column names)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: str | Path, sheet: str | None = None, header_rows: int = 1) -> Table:
    """Read a CSV or XLSX file; raise IngestError when it cannot be read or holds no data.

    header_rows=2 reads a two-row header (SurveyMonkey): the question, forward-filled across its
    columns, then the option; the column is named 'question / option' unless the option row is empty
    or a generic 'Response'.
    """
    path = Path(path)
    if not path.is_file():
        raise refuse("Fichier introuvable : « {file} ».", "File not found: '{file}'.", file=str(path))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        rows, encoding, delimiter = _csv_rows(path)
        file_format = "csv"
    elif suffix in XLSX_SUFFIXES:
        rows, encoding, delimiter = _xlsx_rows(path, sheet), None, None
        file_format = "xlsx"
    else:
        raise refuse(
            "Format non pris en charge pour « {file} » : {suffix}. Attendu : .csv ou .xlsx.",
            "Unsupported format for '{file}': {suffix}. Expected: .csv or .xlsx.",
            file=path.name, suffix=suffix or "(aucune extension / no extension)")
    frame = _frame(rows, path.name, header_rows)
    return Table(path.name, file_format, encoding, delimiter, frame)


# --- CSV ---------------------------------------------------------------------------------------

def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            failure, failed = error, encoding
    raise refuse(
        "Fichier illisible « {file} » : octet {position} invalide en {encoding}. Enregistrez-le en "
        "UTF-8 ou en Windows-1252 (CSV Excel).",
        "Unreadable file '{file}': invalid byte at position {position} for {encoding}. Save it as "
        "UTF-8 or Windows-1252 (Excel CSV).",
        file=file_name, position=failure.start, encoding=failed)


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that gives the header the most fields, consistently."""
    sample = text.splitlines()[: SNIFF_LINES + 1]
    if len(sample) > SNIFF_LINES:
        sample = sample[:-1]  # the last line of a cut sample may be incomplete
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        rows = [row for row in csv.reader(sample, delimiter=delimiter) if any(c.strip() for c in row)]
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(len(row) == width for row in rows) / len(rows)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(path: Path) -> tuple[list[list[str]], str, str]:
    text, encoding = decode(path.read_bytes(), path.name)
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise refuse("Fichier illisible « {file} » : {error}.", "Unreadable file '{file}': {error}.",
                     file=path.name, error=str(error)) from None
    return rows, encoding, DELIMITERS[delimiter]


# --- XLSX --------------------------------------------------------------------------------------

def cell_text(value) -> str:
    """A cell value as the text a person sees: dates ISO, 3.0 -> '3'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise refuse(
            "Fichier illisible « {file} » : ce n'est pas un classeur Excel .xlsx valide ({error}).",
            "Unreadable file '{file}': not a valid Excel .xlsx workbook ({error}).",
            file=path.name, error=type(error).__name__) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise refuse(
                "Feuille « {sheet} » absente de « {file} ». Feuilles : {sheets}.",
                "Sheet '{sheet}' not found in '{file}'. Sheets: {sheets}.",
                sheet=sheet, file=path.name, sheets=quoted_list(book.sheetnames))
        return [[cell_text(v) for v in row] for row in worksheet.iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()


# --- common ------------------------------------------------------------------------------------

GENERIC_SUBHEADERS = frozenset({"response", "reponse", "openendedresponse", "reponseouverte", "reponselibre"})


def _header(cells: pd.DataFrame, header_rows: int) -> list[str]:
    first = [h.strip().lstrip("\ufeff") for h in cells.iloc[0]]
    if header_rows == 1:
        return first
    question = pd.Series(first, dtype="str").replace("", pd.NA).ffill().fillna("")
    option = pd.Series([h.strip() for h in cells.iloc[1]], dtype="str")
    generic = option.map(fold).isin(GENERIC_SUBHEADERS) | option.eq("")
    combined = (question + " / " + option).where(~generic, question)
    return [c.strip(" /") for c in combined]


def _frame(rows: list[list[str]], file_name: str, header_rows: int = 1) -> pd.DataFrame:
    """Header + data rows as text; index = spreadsheet row number; empty rows dropped."""
    empty_file = refuse("Le fichier « {file} » est vide.", "The file '{file}' is empty.", file=file_name)
    if not rows:
        raise empty_file
    width = max(len(row) for row in rows)
    if width == 0:
        raise empty_file
    if any(len(row) != width for row in rows):   # ragged CSV lines or XLSX rows: pad with empty cells
        rows = [list(row) + [""] * (width - len(row)) for row in rows]
    cells = pd.DataFrame(rows, dtype="str").fillna("")
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    blank = cells.apply(lambda column: strip(column).eq("")).all(axis=1)
    cells = cells[~blank]
    if cells.empty:
        raise empty_file
    header_row = cells.index[header_rows - 1] if len(cells) >= header_rows else cells.index[-1]
    header = _header(cells, header_rows)
    data = cells.loc[cells.index > header_row]
    if data.empty:
        raise refuse(
            "Le fichier « {file} » n'a pas de lignes de données sous l'en-tête (ligne {row}).",
            "The file '{file}' has no data rows below the header (row {row}).",
            file=file_name, row=int(header_row))
    # Nameless columns: dropped when empty, otherwise named by their spreadsheet letter.
    keep, names, seen = [], [], {}
    for position, name in enumerate(header):
        if not name:
            if data[position].str.strip().eq("").all():
                continue
            name = column_letter(position)
        count = seen.get(name, 0) + 1
        seen[name] = count
        keep.append(position)
        names.append(name if count == 1 else f"{name} ({count})")
    data = data[keep]
    data.columns = names
    data.index.name = "row_number"
    return data
