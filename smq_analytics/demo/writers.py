"""CSV, XLSX and mapping writers whose bytes depend only on their content (no clock, fixed zip dates)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import yaml

# Fixed stamps written into XLSX archives instead of the clock.
XLSX_ZIP_TIME = (2026, 11, 1, 0, 0, 0)
XLSX_CORE_TIME = b"2026-11-01T00:00:00Z"

Cell = str | int | float | datetime | None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[Cell]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    quote_all: bool = False,
    newline: str = "\n",
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
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
    path.write_text(
        "# Fichier de correspondance généré par smq_analytics.demo / generated mapping file\n" + text,
        encoding="utf-8",
        newline="\n",
    )
