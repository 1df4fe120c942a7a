"""What every source module provides (its SourceSpec), and what it hands back to the loader (Parsed).

A source is described once, by the SourceSpec its module defines: the CLI, the loader, purge, the
demo and the tests read everything they need from it through ingest/registry.py, so adding a source
(GA4, Universal Analytics, ticketing) is its module, its line in the registry, its raw table
(a migration) and its purge statement — nothing else names it (docs/ARCHITECTURE.md, « Sources »).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import duckdb
import pandas as pd

from ..codebook import Codebook
from ..i18n import Message
from .mapping import Mapping
from .problems import Problems
from .tabular import Table


@dataclass(frozen=True)
class LoadContext:
    museum_id: str
    year: int | None
    mapping: Mapping
    codebook: Codebook
    keep_full_postal_code: bool = False  # the museum's parameters ask for full postal codes
    # the loader's connection, for bulk sources that stage their records in a DuckDB temporary table
    # (Parsed.bulk_table) instead of a pandas frame; parsers must not write anything else through it
    con: duckdb.DuckDBPyConnection | None = None


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
    # A bulk source (GA4 events) stages its records in this temporary table of LoadContext.con, with the
    # raw table's columns (without load_id and museum_id) plus row_number; `records` then holds only what
    # SourceSpec.periods reads. The loader inserts from the staged table and drops it.
    bulk_table: str | None = None
    # Tables a source writes besides its raw table, in the load's transaction (raw table name → frame
    # with that table's columns except load_id and museum_id): the report sources' raw_web_tables.
    extra_tables: dict[str, pd.DataFrame] | None = None


class Parser(Protocol):
    """Reads one export and checks it: rows it cannot accept go to Parsed.problems."""

    def parse(self, path: Path, context: LoadContext) -> Parsed: ...


Source = Parser  # the name before SourceSpec; kept for imports from earlier releases

# Options a load can rest on besides its file and mapping, with the CLI flag that gives each. They go
# into load_ledger.load_options (canonical JSON), so a load with other options is not a duplicate.
LOAD_OPTIONS = {"year": "--year"}


@dataclass(frozen=True)
class SourceSpec:
    """Everything the rest of the code knows about one source, in one place.

    name           the CLI name (`smq-analytics ingest NAME`) and load_ledger.source
    title, help    FR/EN title and one-line help (CLI help, status, docs)
    raw_table      where accepted records go; has load_id and museum_id (a migration creates it)
    period_kind    'season' ('2024'), 'month' ('2024-07') or 'day' ('2024-07-14'): what a load covers
    periods        records → the periods a load covers (sorted texts, load_ledger.periods)
    parser         reads and checks a file (Parser.parse)
    formats        file formats read ('csv', 'xlsx'; ingest/tabular.py reads them)
    takes_mapping  whether --mapping applies (a mapping file names the export's columns)
    options        load options accepted (keys of LOAD_OPTIONS, e.g. 'year' for --year)
    purge          the statement erasing the raw rows of purged loads (sql/purge/*.sql, no suffix)
    demo           'module:function' of the demo generator (DemoMuseum → list[ManifestEntry]),
                   imported only when the demo runs; None for a source without demo files
    extra_raw_tables raw tables the source writes besides raw_table (Parsed.extra_tables), each with its
                   purge statement sql/purge/delete_<table>.sql; --replace and purge empty them too
    covered_periods what a file for periods an active load covers does: 'refuse' (unless --replace),
                   or 'supersede': it is loaded beside the earlier load and the staging models keep,
                   per period, the rows of one load (GA4 re-delivers late events for a date; report
                   files of one period hold different reports) (docs/ARCHITECTURE.md, « Web analytics »)
    supersede_rank for 'supersede': file name → rank; for a period two loads cover, the models keep the
                   higher rank, then the later load (GA4: the daily export before the intraday one).
                   None: the later load always wins
    outranked      for 'supersede' with ranks: the load summary's line when an earlier load outranks
                   the new file for periods both cover ({file}, {count}, {load_id}, {periods})
    """

    name: str
    title: Message
    help: Message
    raw_table: str
    period_kind: Literal["season", "month", "day"]
    periods: Callable[[pd.DataFrame], list[str]]
    parser: Parser
    formats: tuple[str, ...] = ("csv", "xlsx")
    takes_mapping: bool = True
    options: tuple[str, ...] = ("year",)
    purge: str = ""
    demo: str | None = None
    covered_periods: Literal["refuse", "supersede"] = "refuse"
    extra_raw_tables: tuple[str, ...] = ()
    supersede_rank: Callable[[str], int] | None = None
    outranked: Message | None = None

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        return self.parser.parse(path, context)

    def demo_generator(self) -> Callable | None:
        """The demo generator named by `demo`, imported now (the demo package is not loaded by ingest)."""
        if self.demo is None:
            return None
        module, _, function = self.demo.partition(":")
        return getattr(importlib.import_module(module), function)


def single_year(dates: pd.Series) -> int | None:
    """The one calendar year of a date column, or None if it spans several or none."""
    years = dates.dropna().dt.year.unique()
    return int(years[0]) if len(years) == 1 else None
