"""Reading the raw demo exports as a person sees them, by a path independent of smq_analytics.ingest:
plain csv / openpyxl, the documented folding and month rules written out here. Shared by the tests that
recompute report figures from the raw files (test_recompute_demo.py, test_attendance_topic.py)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

# ==================================================================================================
# Reading exports: text cells as a person sees them
# ==================================================================================================


def fold(text) -> str:
    """Matching key: lower case, accents stripped, letters and digits only (documented fold_name rule)."""
    plain = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", plain)


def marker(text) -> str:
    """Key of a no-answer marker: trimmed, lower case, accents and repeated spaces ignored."""
    plain = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[\s\u00a0\u202f]+", " ", plain)


def _cell(value) -> str:
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


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells), blank rows left out

    def column(self, name: str) -> list[str]:
        position = self.header.index(name)
        return [cells[position].strip() for _, cells in self.rows]


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    if path.suffix.lower() == ".xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            worksheet = book[sheet] if sheet else book.worksheets[0]
            raw = [[_cell(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        finally:
            book.close()
    else:
        data = path.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            text = data.decode("utf-8-sig")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
        first = text.splitlines()[0]
        delimiter = max(",;\t", key=lambda d: len(next(csv.reader([first], delimiter=d))))
        raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max(len(r) for r in raw)
    numbered = [
        (number, r + [""] * (width - len(r))) for number, r in enumerate(raw, start=1) if any(c.strip() for c in r)
    ]
    (_, header), body = numbered[0], numbered[1:]
    return Sheet([h.strip().lstrip("\ufeff") for h in header], body)


# ==================================================================================================
# Attendance files -> monthly totals
# ==================================================================================================

MONTH_NAMES = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "january": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "feb": 2,
    "february": 2,
    "mars": 3,
    "mar": 3,
    "march": 3,
    "avril": 4,
    "avr": 4,
    "apr": 4,
    "april": 4,
    "mai": 5,
    "may": 5,
    "juin": 6,
    "jun": 6,
    "june": 6,
    "juillet": 7,
    "juil": 7,
    "jul": 7,
    "july": 7,
    "aout": 8,
    "aug": 8,
    "august": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "september": 9,
    "octobre": 10,
    "oct": 10,
    "october": 10,
    "novembre": 11,
    "nov": 11,
    "november": 11,
    "decembre": 12,
    "dec": 12,
    "december": 12,
}


def _month(text: str) -> str | None:
    """'YYYY-MM' of '2024-07', '2024-07-01', 'juil. 2024'; None otherwise."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ T].*)?", text):
        return f"{match[1]}-{int(match[2]):02d}"
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if (match := re.fullmatch(r"([a-z]+)\.?\s*(\d{4})", plain)) and match[1] in MONTH_NAMES:
        return f"{match[2]}-{MONTH_NAMES[match[1]]:02d}"
    return None


def _number(text: str) -> float:
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))


def read_attendance(paths_: list[Path]) -> dict[str, float]:
    """Monthly entries (every site summed) from long files (a Mois column) or wide ones (month columns)."""
    totals: dict[str, float] = {}
    for path in paths_:
        sheet = read_sheet(path)
        folded = [fold(h) for h in sheet.header]
        if "mois" in folded:
            month_at = folded.index("mois")
            value_at = next(i for i, h in enumerate(folded) if h in ("entreestotales", "frequentation", "total"))
            for _, cells in sheet.rows:
                month = _month(cells[month_at])
                totals[month] = totals.get(month, 0.0) + _number(cells[value_at])
        else:
            months = {i: _month(h) for i, h in enumerate(sheet.header) if i and _month(h)}
            for _, cells in sheet.rows:
                if folded[0] == "indicateur" and fold(cells[0]) != "total":
                    continue  # paid / free / school rows
                for i, month in months.items():
                    if cells[i].strip():
                        totals[month] = totals.get(month, 0.0) + _number(cells[i])
    return totals
