"""What every source module provides, and what it hands back to the loader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from ..codebook import Codebook
from .mapping import Mapping
from .problems import Problems
from .tabular import Table


@dataclass(frozen=True)
class LoadContext:
    museum_id: str
    year: int | None
    mapping: Mapping
    codebook: Codebook
    keep_full_postal_code: bool = False   # the museum's parameters ask for full postal codes


@dataclass
class Parsed:
    """A file read and checked, not yet written.

    `records` has the raw table's columns (without load_id and museum_id) plus row_number, the
    spreadsheet row each record comes from; records of rejected rows are dropped by the loader.
    """

    table: Table
    records: pd.DataFrame
    problems: Problems
    year: int | None = None


class Source(Protocol):
    name: str          # the CLI name: survey | desk-counts | attendance
    raw_table: str     # where accepted records go

    def parse(self, path: Path, context: LoadContext) -> Parsed: ...


def single_year(dates: pd.Series) -> int | None:
    """The one calendar year of a date column, or None if it spans several or none."""
    years = dates.dropna().dt.year.unique()
    return int(years[0]) if len(years) == 1 else None
