"""Reading and validating data/reference/emission_factors.csv, the published emission factors the
travel footprint uses (section 9 of the attendance workbook; docs/ARCHITECTURE.md, « Attendance »).

One row per transport mode of the codebook (transport_mode): mode, factor, unit, source, year, url,
note. Every factor is a published figure, named with its source, year and address so the report can
cite it under its chart; none is made up here. Two units: « kg CO2e/passenger-km » (a figure per
traveller) and « kg CO2e/vehicle-km » (a figure per vehicle, which footprint.py divides by the
party's occupancy). Walking and cycling have no factor row: they count 0 (ZERO_MODES, a rule of this
tool, not a published figure); « other » has none either and is counted apart, never guessed.

Every problem of the file is reported at once, one line each (file, line, column, what was expected,
what was found), French and English (i18n.LocalizedError), as every hand-written reference file is.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...codebook import load_codebook
from ...i18n import LocalizedError, Message
from ...paths import reference_dir

FILE_NAME = "emission_factors.csv"
COLUMNS = ("mode", "factor", "unit", "source", "year", "url", "note")
PER_PASSENGER = "kg CO2e/passenger-km"
PER_VEHICLE = "kg CO2e/vehicle-km"
UNITS = (PER_PASSENGER, PER_VEHICLE)
ZERO_MODES = ("walk", "bicycle")  # no direct emissions: 0, without a factor row
UNCOUNTED_MODES = ("other",)  # no factor: counted apart


class EmissionFactorError(LocalizedError):
    """An emission factor file that cannot be used as it is."""


@dataclass(frozen=True)
class EmissionFactor:
    mode: str
    factor: float  # kg CO2e per unit
    unit: str  # PER_PASSENGER or PER_VEHICLE
    source: str
    year: int
    url: str
    note: str = ""

    @property
    def per_vehicle(self) -> bool:
        return self.unit == PER_VEHICLE


def _problem(path: Path, line: int, column: str, expected: Message, found: str) -> Message:
    return Message(
        f"{path.name}, ligne {line}, colonne {column} : attendu {expected.fr}, trouvé « {found} »",
        f"{path.name}, line {line}, column {column}: expected {expected.en}, found '{found}'",
    )


def _modes() -> tuple[str, ...]:
    return tuple(load_codebook().item("transport_mode").codes)


def parse(path: Path) -> dict[str, EmissionFactor]:
    """The factors of one file, by mode; every problem of the file in one EmissionFactorError."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = tuple(rows[0].keys()) if rows else ()
    problems: list[Message] = []
    if header != COLUMNS:
        problems.append(
            _problem(
                path,
                1,
                "*",
                Message(f"les colonnes {', '.join(COLUMNS)}", f"the columns {', '.join(COLUMNS)}"),
                ",".join(header),
            )
        )
        raise EmissionFactorError(_joined(problems))
    known = set(_modes()) - set(ZERO_MODES) - set(UNCOUNTED_MODES)
    factors: dict[str, EmissionFactor] = {}
    for line, row in enumerate(rows, start=2):
        mode = (row["mode"] or "").strip()
        if mode not in known:
            expected = Message("un moyen de transport du codebook", "a transport mode of the codebook")
            problems.append(_problem(path, line, "mode", expected, mode))
        elif mode in factors:
            problems.append(
                _problem(path, line, "mode", Message("un moyen pas encore listé", "a mode not listed yet"), mode)
            )
        try:
            factor = float(row["factor"])
            valid = math.isfinite(factor) and factor > 0
        except (TypeError, ValueError):
            factor, valid = math.nan, False
        if not valid:
            problems.append(
                _problem(path, line, "factor", Message("un nombre positif", "a positive number"), row["factor"])
            )
        if row["unit"] not in UNITS:
            problems.append(_problem(path, line, "unit", Message(" ou ".join(UNITS), " or ".join(UNITS)), row["unit"]))
        year_text = (row["year"] or "").strip()
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            problems.append(_problem(path, line, "year", Message("une année", "a year"), year_text))
        url = (row["url"] or "").strip()
        if not url.startswith("https://"):
            problems.append(_problem(path, line, "url", Message("une adresse https://", "an https:// address"), url))
        if not (row["source"] or "").strip():
            problems.append(_problem(path, line, "source", Message("la source publiée", "the published source"), ""))
        if not problems:
            factors[mode] = EmissionFactor(
                mode, factor, row["unit"], row["source"].strip(), int(year_text), url, (row["note"] or "").strip()
            )
    if problems:
        raise EmissionFactorError(_joined(problems))
    return factors


def _joined(problems: list[Message]) -> Message:
    return Message("\n".join(p.fr for p in problems), "\n".join(p.en for p in problems))


@lru_cache(maxsize=4)
def load(path: str | None = None) -> dict[str, EmissionFactor]:
    """The shipped factors (data/reference/emission_factors.csv), or those of `path`."""
    return parse(Path(path) if path else reference_dir() / FILE_NAME)


def sources(factors: dict[str, EmissionFactor]) -> list[tuple[str, int, str]]:
    """The distinct (publication, year, url) the factors come from, for the note under the chart:
    the publication is the source text up to its « — » (the rest names the row)."""
    seen: dict[tuple[str, int, str], None] = {}
    for factor in factors.values():
        seen[(factor.source.split(" — ")[0], factor.year, factor.url)] = None
    return list(seen)
