"""Read a CSV or XLSX export into a table of text cells, keeping spreadsheet row numbers.

CSV: the encoding is told by a byte-order mark (UTF-8, UTF-16 LE/BE as Excel's « Texte Unicode »
export writes it, UTF-32 LE/BE), else UTF-8, else Windows-1252 (encodings.decode_text, the rule
reference files follow too); the delimiter is the one of `,` `;` tab that splits the first lines
most consistently. A leading block of `#` comment lines followed by a blank line (Google Analytics
exports: « # Compte : Musée », « # Date de début : 20240101 ») is not data: its lines are kept on
Table.preamble_lines and its « key : value » lines in Table.preamble, and row numbers still count
them (the header after such a block is the row the file shows). XLSX: read with openpyxl (values, not formulas); dates become YYYY-MM-DD and whole
numbers lose their '.0'. The first non-empty row is the header. Row numbers are the rows a spreadsheet
shows (header = row 1). Wholly empty rows are dropped and do not count as rows read.

A file is refused whole, with one line naming the file, the row, the column and what was expected,
when it is not text (a workbook or PDF renamed .csv, NUL bytes), cannot be decoded, or goes beyond
the limits below.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from ..encodings import WIDE_BOMS, decode_text
from ..i18n import Message, format_number
from .errors import IngestError, quoted_list, refuse
from .values import fold, strip

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = {",": ",", ";": ";", "\t": "tab"}
SNIFF_LINES = 50

# Limits. Every export we read comes out of a spreadsheet or a survey tool that a spreadsheet can open,
# so Excel's own limits bound what a genuine file holds; beyond them the file was made by something
# else (or to harm), and reading on would only cost memory and time before failing somewhere deeper.
MAX_COLUMNS = 16_384  # Excel's last column is XFD; the widest survey exports (one column per option) have hundreds
MAX_ROWS = 1_048_576  # Excel's last row; a season of one museum is a few thousand responses
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell; a free-text comment is a few hundred characters

# Files that are not text at all, by their first bytes.
SIGNATURES = (
    (
        b"PK\x03\x04",
        Message("une archive zip (un classeur .xlsx renommé ?)", "a zip archive (an .xlsx workbook renamed?)"),
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        Message("un classeur Excel 97-2003 (.xls)", "an Excel 97-2003 workbook (.xls)"),
    ),
    (b"%PDF", Message("un document PDF", "a PDF document")),
)
NOT_TEXT = Message(
    "Fichier illisible « {file} » : c'est {what}, pas un fichier texte CSV. Attendu : un CSV (UTF-8, "
    "UTF-16 ou Windows-1252) ou un classeur .xlsx portant l'extension .xlsx.",
    "Unreadable file '{file}': it is {what}, not a CSV text file. Expected: a CSV (UTF-8, UTF-16 or "
    "Windows-1252) or an .xlsx workbook named .xlsx.",
)
NUL_BYTE = Message(
    "Fichier illisible « {file} », ligne {row}, colonne {column} : caractère nul (octet 0). Attendu : "
    "un fichier texte CSV (un fichier binaire, ou un texte Unicode UTF-16 sans marque d'ordre des "
    "octets, donne ce résultat : enregistrez-le en CSV UTF-8).",
    "Unreadable file '{file}', row {row}, column {column}: NUL character (byte 0). Expected: a CSV text "
    "file (a binary file, or UTF-16 Unicode text without a byte-order mark, gives this: save it as CSV "
    "UTF-8).",
)
TOO_WIDE = Message(
    "Le fichier « {file} », ligne {row} : {width} colonnes ; au plus {limit} attendues (limite d'Excel, "
    "dernière colonne XFD).",
    "The file '{file}', row {row}: {width} columns; at most {limit} expected (Excel's limit, last column XFD).",
)
TOO_LONG = Message(
    "Le fichier « {file} », ligne {row}, colonne {column} : cellule de {length} caractères ; au plus "
    "{limit} attendus (limite d'une cellule Excel).",
    "The file '{file}', row {row}, column {column}: cell of {length} characters; at most {limit} "
    "expected (Excel's limit for one cell).",
)
TOO_MANY_ROWS = Message(
    "Le fichier « {file} » a plus de {limit} lignes ; au plus {limit} attendues (limite d'Excel).",
    "The file '{file}' has more than {limit} rows; at most {limit} expected (Excel's limit).",
)
BAD_CSV = Message(
    "Fichier illisible « {file} », ligne {row} : {error}.", "Unreadable file '{file}', row {row}: {error}."
)
BAD_XLSX = Message(
    "Fichier illisible « {file} » : ce n'est pas un classeur Excel .xlsx valide ({error}).",
    "Unreadable file '{file}': not a valid Excel .xlsx workbook ({error}).",
)
HEADER_SHOWN = 40  # characters of a header quoted in a message


def _error(message: Message, **values) -> IngestError:
    """An IngestError; Message values give each language its own text, numbers are written as in that language."""

    def filled(lang: str) -> str:
        return message(lang).format(
            **{
                key: value(lang)
                if isinstance(value, Message)
                else format_number(value, lang=lang)
                if isinstance(value, int) and not isinstance(value, bool)
                else value
                for key, value in values.items()
            }
        )

    return IngestError(Message(filled("fr"), filled("en")))


@dataclass
class Table:
    """Text cells of one sheet: index = spreadsheet row number, columns = header names."""

    file_name: str
    file_format: str  # csv | xlsx
    encoding: str | None  # utf-8 | utf-8-sig | utf-16-le | utf-16-be | utf-32-le | utf-32-be | cp1252 (csv only)
    delimiter: str | None  # , | ; | tab (csv only)
    frame: pd.DataFrame  # original text ('' when empty), one column per header
    preamble: dict[str, str] = field(default_factory=dict)  # « # Key : value » lines above the header
    preamble_lines: tuple[str, ...] = ()  # the comment lines as written, '#' kept
    _folded: tuple[list[str], dict[str, str]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)

    @property
    def rows_read(self) -> int:
        return len(self.frame)

    def find(self, *names: str) -> str | None:
        """The header matching one of `names` (case, accents, spacing and punctuation ignored)."""
        headers = self.headers
        if self._folded is None or self._folded[0] != headers:  # folded once, not once a call
            folded: dict[str, str] = {}
            for header in headers:
                folded.setdefault(fold(header), header)
            self._folded = (headers, folded)
        folded = self._folded[1]
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
        rows, encoding, delimiter, preamble = _csv_rows(path)
        file_format = "csv"
    elif suffix in XLSX_SUFFIXES:
        rows, encoding, delimiter, preamble = _xlsx_rows(path, sheet), None, None, ()
        file_format = "xlsx"
    else:
        raise refuse(
            "Format non pris en charge pour « {file} » : {suffix}. Attendu : .csv ou .xlsx.",
            "Unsupported format for '{file}': {suffix}. Expected: .csv or .xlsx.",
            file=path.name,
            suffix=suffix or "(aucune extension / no extension)",
        )
    frame = _frame(rows, path.name, header_rows)
    return Table(path.name, file_format, encoding, delimiter, frame, preamble_values(preamble), preamble)


# --- limits, shared by both readers ------------------------------------------------------------


def _column(position: int, header: list[str] | None) -> Message:
    """'C', or 'C (« comment »)' when the header names the column."""
    letter = column_letter(position)
    name = header[position].strip().lstrip("\ufeff") if header is not None and position < len(header) else ""
    if not name:
        return Message(letter, letter)
    if len(name) > HEADER_SHOWN:
        name = name[:HEADER_SHOWN] + "…"
    return Message(f"{letter} (« {name} »)", f"{letter} ('{name}')")


def _collect(rows: Iterable[list[str]], file_name: str, into: list[list[str]], *, nul: bool = False) -> None:
    """Append `rows` to `into`, refusing the file at the first row beyond the limits (or holding a
    NUL character, when `nul`). The checks cost one len() per cell, in C, for ordinary rows."""
    header = None
    for row in rows:
        number = len(into) + 1
        if number > MAX_ROWS:
            raise _error(TOO_MANY_ROWS, file=file_name, limit=MAX_ROWS)
        if len(row) > MAX_COLUMNS:
            raise _error(TOO_WIDE, file=file_name, row=number, width=len(row), limit=MAX_COLUMNS)
        if sum(map(len, row)) > MAX_CELL_CHARS:
            position = max(range(len(row)), key=lambda i: len(row[i]))
            if len(row[position]) > MAX_CELL_CHARS:
                raise _too_long(file_name, number, position, len(row[position]), header)
        if nul and any("\x00" in cell for cell in row):
            position = next(i for i, cell in enumerate(row) if "\x00" in cell)
            raise _error(NUL_BYTE, file=file_name, row=str(number), column=_column(position, header))
        if header is None and any(cell.strip() for cell in row):
            header = row
        into.append(row)


def _too_long(
    file_name: str, row: int, position: int | None, length: int | None, header: list[str] | None
) -> IngestError:
    return _error(
        TOO_LONG,
        file=file_name,
        row=str(row),
        column=_column(position, header) if position is not None else Message("?", "?"),
        length=length if length is not None else MAX_CELL_CHARS,
        limit=MAX_CELL_CHARS,
    )


# --- CSV ---------------------------------------------------------------------------------------


def _refuse_other_formats(data: bytes, file_name: str) -> None:
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise _error(NOT_TEXT, file=file_name, what=what)


def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding): by byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else Windows-1252."""
    try:
        return decode_text(data)
    except UnicodeDecodeError as error:
        failure = error
    raise refuse(
        "Fichier illisible « {file} » : octet {position} invalide en {encoding}. Enregistrez-le en "
        "UTF-8 ou en Windows-1252 (CSV Excel).",
        "Unreadable file '{file}': invalid byte at position {position} for {encoding}. Save it as "
        "UTF-8 or Windows-1252 (Excel CSV).",
        file=file_name,
        position=failure.start,
        encoding=failure.encoding,
    )


def split_preamble(text: str) -> tuple[str, tuple[str, ...]]:
    """(text with the leading comment block blanked, the block's lines). The block is one or more lines
    starting with '#' at the top of the file, closed by a blank line (a header cell that happens to
    start with '#' is followed by data, not by a blank line, so it stays). Blanked lines keep their
    line breaks, so the rows below keep their line numbers; without such a block the text is unchanged.
    """
    if not text.lstrip(" \t").startswith("#"):
        return text, ()
    comments: list[str] = []
    breaks: list[str] = []
    offset = 0
    for line in io.StringIO(text, newline=""):
        body = line.rstrip("\r\n")
        if not body.lstrip(" \t").startswith("#"):
            if body.strip() or not comments:
                return text, ()  # no blank line after the comments: an ordinary file
            break
        comments.append(body)
        breaks.append(line[len(body) :])
        offset += len(line)
    else:
        return text, ()  # nothing but comments: no header to find
    return "".join(breaks) + text[offset:], tuple(comments)


def preamble_values(lines: Iterable[str]) -> dict[str, str]:
    """« # Date de début : 20240101 » → {'Date de début': '20240101'}: the comment lines that hold a
    key and a value (split at the first colon; spaces, including the non-breaking space French puts
    before the colon, trimmed). Lines without a colon or with an empty key (« # ---- ») are left out;
    a key seen twice keeps its first value."""
    values: dict[str, str] = {}
    for line in lines:
        key, colon, value = line.lstrip(" \t")[1:].partition(":")
        key = key.strip()
        if colon and key:
            values.setdefault(key, value.strip())
    return values


def _rows_until_error(lines: Iterable[str], delimiter: str) -> list[list[str]]:
    """The rows csv can read, stopping quietly at the first it cannot (a cell over csv's own limit)."""
    rows = []
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            rows.append(row)
    except csv.Error:
        pass
    return rows


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that gives the header the most fields, consistently."""
    sample = text.splitlines()[: SNIFF_LINES + 1]
    if len(sample) > SNIFF_LINES:
        sample = sample[:-1]  # the last line of a cut sample may be incomplete
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        rows = [row for row in _rows_until_error(sample, delimiter) if any(c.strip() for c in row)]
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


def _csv_rows(path: Path, preamble: bool = True) -> tuple[list[list[str]], str, str, tuple[str, ...]]:
    """(rows, encoding, delimiter, preamble lines). preamble=False keeps '#' lines as rows, wherever
    they are (files holding several tables, each under its own '#' block: read_rows)."""
    data = path.read_bytes()
    _refuse_other_formats(data, path.name)
    try:
        text, encoding = decode(data, path.name)
        undecodable = None
    except IngestError as error:
        if b"\x00" not in data or data.startswith(WIDE_BOMS):  # UTF-16/32 text holds NUL bytes
            raise
        # NUL bytes say "binary" better than the first undecodable byte does: find the first one
        text, encoding, undecodable = data.decode("latin-1"), "latin-1", error
    del data
    if preamble:
        text, comments = split_preamble(text)
        delimiter = sniff_delimiter(text)
    else:
        comments = ()
        delimiter = sniff_delimiter(
            "\n".join(line for line in text.splitlines() if not line.lstrip(" \t").startswith("#"))
        )
    rows: list[list[str]] = []
    try:
        _collect(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), path.name, rows, nul="\x00" in text)
    except csv.Error as error:
        header = next((row for row in rows if any(cell.strip() for cell in row)), None)
        number = len(rows) + 1
        if "field larger than field limit" in str(error):
            position, length = _long_field(text, _record_start(text, delimiter, len(rows)), delimiter)
            raise _too_long(path.name, number, position, length, header) from None
        raise _error(BAD_CSV, file=path.name, row=str(number), error=str(error)) from None
    if undecodable is not None:
        raise undecodable
    return rows, encoding, DELIMITERS[delimiter], comments


def _record_start(text: str, delimiter: str, complete: int) -> int:
    """Where the record after the first `complete` records starts (error path only)."""
    offset = 0

    def lines():
        nonlocal offset
        for line in io.StringIO(text, newline=""):
            offset += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    for _ in range(complete):
        next(reader)
    return offset


def _long_field(text: str, start: int, delimiter: str) -> tuple[int | None, int | None]:
    """(position, length) of the first field over MAX_CELL_CHARS in the record at `start`."""
    d = re.escape(delimiter)
    cell = re.compile(rf'"((?:[^"]*"")*[^"]*)"([^{d}\r\n]*)|([^{d}\r\n"]*)')  # quoted, or plain
    position, at = 0, start
    while at <= len(text):
        match = cell.match(text, at)
        if match is None:
            break
        quoted, after, plain = match.groups()
        length = len(plain) if quoted is None else len(quoted) - quoted.count('""') + len(after)
        if length > MAX_CELL_CHARS:
            return position, length
        at = match.end()
        if text.startswith(delimiter, at):
            position, at = position + 1, at + 1
        else:
            break
    return None, None


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


# What openpyxl raises on a file that is a zip but not a sound workbook: missing parts, a cut archive,
# broken XML (ElementTree's ParseError and lxml's XMLSyntaxError are both SyntaxErrors).
_BROKEN_WORKBOOK = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, SyntaxError, EOFError)


def _trimmed(row: tuple) -> tuple:
    """A row as wide as its last value when openpyxl padded it past MAX_COLUMNS (it pads every row
    to the sheet's declared dimension), so that the row reported too wide is one that is."""
    if len(row) <= MAX_COLUMNS:
        return row
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _xlsx_rows(path: Path, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN_WORKBOOK) as error:
        raise _error(BAD_XLSX, file=path.name, error=type(error).__name__) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise refuse(
                "Feuille « {sheet} » absente de « {file} ». Feuilles : {sheets}.",
                "Sheet '{sheet}' not found in '{file}'. Sheets: {sheets}.",
                sheet=sheet,
                file=path.name,
                sheets=quoted_list(book.sheetnames),
            )
        return _sheet_rows(worksheet, path.name)
    except _BROKEN_WORKBOOK as error:
        raise _error(BAD_XLSX, file=path.name, error=type(error).__name__) from None
    finally:
        book.close()


def _sheet_rows(worksheet, file_name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    cells = ([cell_text(v) for v in _trimmed(row)] for row in worksheet.iter_rows(min_row=1, values_only=True))
    _collect(cells, file_name, rows)
    return rows


def _xlsx_sheets(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook, in order, as text rows (limits checked per sheet)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN_WORKBOOK) as error:
        raise _error(BAD_XLSX, file=path.name, error=type(error).__name__) from None
    try:
        return {worksheet.title: _sheet_rows(worksheet, path.name) for worksheet in book.worksheets}
    except _BROKEN_WORKBOOK as error:
        raise _error(BAD_XLSX, file=path.name, error=type(error).__name__) from None
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


def empty_file(file_name: str) -> IngestError:
    """The refusal of a file without a non-blank row."""
    return refuse("Le fichier « {file} » est vide.", "The file '{file}' is empty.", file=file_name)


def no_data_rows(file_name: str, header_row: int) -> IngestError:
    """The refusal of a file with a header and nothing below it."""
    return refuse(
        "Le fichier « {file} » n'a pas de lignes de données sous l'en-tête (ligne {row}).",
        "The file '{file}' has no data rows below the header (row {row}).",
        file=file_name,
        row=int(header_row),
    )


def _frame(rows: list[list[str]], file_name: str, header_rows: int = 1) -> pd.DataFrame:
    """Header + data rows as text; index = spreadsheet row number; empty rows dropped."""
    empty = empty_file(file_name)
    if not rows:
        raise empty
    width = max(len(row) for row in rows)
    if width == 0:
        raise empty
    if any(len(row) != width for row in rows):  # ragged CSV lines or XLSX rows: pad with empty cells
        rows = [list(row) + [""] * (width - len(row)) for row in rows]
    # a row is blank when all its cells are spaces: joined, they are spaces too (one C call a row,
    # where a pandas test per column costs a millisecond a column on a wide sheet)
    numbers = [number for number, row in enumerate(rows, start=1) if "".join(row).strip()]
    if not numbers:
        raise empty
    cells = pd.DataFrame([rows[number - 1] for number in numbers], index=numbers, dtype="str").fillna("")
    header_row = cells.index[header_rows - 1] if len(cells) >= header_rows else cells.index[-1]
    header = _header(cells, header_rows)
    data = cells.loc[cells.index > header_row]
    if data.empty:
        raise no_data_rows(file_name, int(header_row))
    # Nameless columns: dropped when empty, otherwise named by their spreadsheet letter.
    keep, names, seen = [], [], {}
    for position, name in enumerate(header):
        if not name:
            if not "".join(data[position].tolist()).strip():
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


# --- files holding several tables (web report downloads) ----------------------------------------


@dataclass
class RawRows:
    """Every row of a file as text cells, '#' comment lines and blank lines included, for readers that
    split one file into several tables (ingest/web_reports.py). sheets: CSV → {'': rows}; XLSX →
    {sheet name: rows}, in workbook order. Row i of a sheet is spreadsheet row i + 1."""

    file_name: str
    file_format: str
    encoding: str | None
    delimiter: str | None
    sheets: dict[str, list[list[str]]]


def read_rows(path: str | Path) -> RawRows:
    """Read a CSV or XLSX file without looking for a header; same refusals and limits as read_table
    (not text, undecodable, NUL characters, too many rows or columns, cells too long)."""
    path = Path(path)
    if not path.is_file():
        raise refuse("Fichier introuvable : « {file} ».", "File not found: '{file}'.", file=str(path))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        rows, encoding, delimiter, _ = _csv_rows(path, preamble=False)
        return RawRows(path.name, "csv", encoding, delimiter, {"": rows})
    if suffix in XLSX_SUFFIXES:
        return RawRows(path.name, "xlsx", None, None, _xlsx_sheets(path))
    raise refuse(
        "Format non pris en charge pour « {file} » : {suffix}. Attendu : .csv ou .xlsx.",
        "Unsupported format for '{file}': {suffix}. Expected: .csv or .xlsx.",
        file=path.name,
        suffix=suffix or "(aucune extension / no extension)",
    )
