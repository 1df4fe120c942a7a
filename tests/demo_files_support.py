"""Reading the raw demo exports as a person sees them, by a path independent of smq_analytics.ingest:
plain csv / openpyxl, the documented folding and month rules written out here. Shared by the tests that
recompute report figures from the raw files (recompute_support.py, test_attendance_topic.py)."""

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


# ==================================================================================================
# Survey exports -> rating answers (satisfaction workbook, tests/test_satisfaction_topic.py)
# ==================================================================================================

SURVEY_FILE_NAME = re.compile(r"sondage-(\d{4})-(.+)\.(csv|xlsx)$")
_WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:[.,]0+)?")


def survey_files(folder: Path, year: int) -> list[tuple[Path, Path]]:
    """(export, its mapping file) of season `year`: sondage-YYYY-<tool>.csv|xlsx, read with the
    correspondance-*.yaml whose `tool` is that tool (underscores written as hyphens in file names)."""
    import yaml

    found = []
    for path in sorted(folder.iterdir()):
        match = SURVEY_FILE_NAME.fullmatch(path.name)
        if not match or int(match[1]) != year:
            continue
        mappings = [
            p
            for p in folder.glob("correspondance-*.yaml")
            if str(yaml.safe_load(p.read_text(encoding="utf-8")).get("tool", "")).replace("_", "-") == match[2]
        ]
        assert len(mappings) == 1, (path.name, mappings)
        found.append((path, mappings[0]))
    return found


def survey_years(folder: Path) -> list[int]:
    return sorted({int(m[1]) for p in folder.iterdir() if (m := SURVEY_FILE_NAME.fullmatch(p.name))})


class RatingReader:
    """The rating items (sat_*, recommend) of one export, read as the mapping README documents them:
    the scale the mapping declares (item entry, else its group, else the codebook default scale4);
    no-answer markers = the codebook's, the scale's own, and the mapping's (the item's list, else its
    group's, else the global one — the global list never erases a code the scale has); the mapping's
    labels before codes, then the numbers of the scale, then the codebook's labels of the scale;
    anything else is invalid and read as missing. Nothing is recoded."""

    def __init__(self, path: Path, mapping_path: Path, codebook_path: Path):
        import yaml

        self.mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8")) or {}
        self.codebook = yaml.safe_load(codebook_path.read_text(encoding="utf-8"))
        self.sheet = read_sheet(path, self.mapping.get("sheet"))

    @property
    def n_rows(self) -> int:
        return len(self.sheet.rows)

    def scale_of(self, item: str) -> str:
        node = self.codebook["items"][item]
        declared = self.mapping.get("rating_scales") or {}
        return declared.get(item) or declared.get(node["scale"]) or node["type"]

    def _header(self, item: str) -> str | None:
        spec = (self.mapping.get("columns") or {}).get(item)
        node = self.codebook["items"][item]
        wanted = [spec] if isinstance(spec, str) else [item, node["label"]["fr"], node["label"]["en"]]
        folded = {}
        for header in self.sheet.header:
            folded.setdefault(fold(header), header)
        return next((folded[fold(w)] for w in wanted if fold(w) in folded), None)

    def values(self, item: str) -> list[int | None]:
        node = self.codebook["items"][item]
        group, name = node["scale"], self.scale_of(item)
        scale = self.codebook["rating_scales"][name]
        codes = range(int(scale["min"]), int(scale["max"]) + 1)
        mapping_no_answer = self.mapping.get("no_answer") or []
        if isinstance(mapping_no_answer, dict):
            own = mapping_no_answer.get(item) or mapping_no_answer.get(group)
            extra = (
                own if own is not None else [m for m in (mapping_no_answer.get("all") or []) if not _is_code(m, codes)]
            )
        else:
            extra = [m for m in mapping_no_answer if not _is_code(m, codes)]
        no_answer = {marker(m) for m in [*self.codebook["no_answer"], *scale.get("no_answer", []), *extra, ""]}
        mapped: dict[str, int] = {}
        for layer in (
            (self.mapping.get("scales") or {}).get(group) or {},
            (self.mapping.get("labels") or {}).get(item) or {},
        ):
            for code, labels in layer.items():
                for label in labels if isinstance(labels, list) else [labels]:
                    mapped[fold(label)] = int(code)
        named = {
            fold(text): int(code)
            for code, label in ((scale.get("labels") or {}).get(group) or {}).items()
            for text in (label["fr"], label["en"])
        }
        header = self._header(item)
        if header is None:
            return [None] * self.n_rows
        out: list[int | None] = []
        for answer in self.sheet.column(header):
            if marker(answer) in no_answer:
                out.append(None)
            elif fold(answer) in mapped and not answer.strip().startswith(("+", "-")):  # a sign is never ignored
                out.append(mapped[fold(answer)])
            elif _WHOLE_NUMBER.fullmatch(answer.strip()):
                number = int(re.sub(r"[.,]0+$", "", answer.strip()))
                out.append(number if number in codes else None)
            else:
                out.append(named.get(fold(answer)))
        return out


def _is_code(value, codes) -> bool:
    text = str(value).strip()
    return bool(_WHOLE_NUMBER.fullmatch(text)) and int(re.sub(r"[.,]0+$", "", text)) in codes


# ==================================================================================================
# Front-desk provenance files -> tallies by month and origin (attendance workbook, test_attendance_survey.py)
# ==================================================================================================

_ISO_WEEK = re.compile(r"(\d{4})-W(\d{1,2})")


def _period_month(text: str) -> str | None:
    """'YYYY-MM' of a day ('2025-06-01') or of the Monday of an ISO week ('2025-W23'): a week counts in
    the month it starts."""
    text = text.strip()
    if match := _ISO_WEEK.fullmatch(text):
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        return f"{monday.year:04d}-{monday.month:02d}"
    return _month(text)


def read_desk_counts(paths_: list[Path], codebook_path: Path) -> dict[tuple[str, str], float]:
    """(month, origin code) -> visitors, from long files (period, Provenance, Visiteurs) or wide ones
    (period, one column per origin label, Total); origin labels matched to the codebook's
    desk_count_origins (French or English label, folded)."""
    import yaml

    origins = yaml.safe_load(codebook_path.read_text(encoding="utf-8"))["desk_count_origins"]
    by_label = {fold(text): code for code, names in origins.items() for text in names.values()}
    tallies: dict[tuple[str, str], float] = {}

    def add(month: str, code: str, value: str) -> None:
        if value.strip():
            tallies[(month, code)] = tallies.get((month, code), 0.0) + _number(value)

    for path in paths_:
        sheet = read_sheet(path)
        folded = [fold(h) for h in sheet.header]
        if "provenance" in folded:
            at_origin, at_value = folded.index("provenance"), folded.index("visiteurs")
            for _, cells in sheet.rows:
                add(_period_month(cells[0]), by_label[fold(cells[at_origin])], cells[at_value])
        else:
            columns = {i: by_label[h] for i, h in enumerate(folded) if h in by_label}
            for _, cells in sheet.rows:
                for i, code in columns.items():
                    add(_period_month(cells[0]), code, cells[i])
    return tallies
