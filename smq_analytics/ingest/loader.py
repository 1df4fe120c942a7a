"""ingest_file: check, parse and write one export in a single transaction.

Order: the museum must exist; a load that rests on exactly what an active load rested on (file
content, mapping content, source, museum, options such as --year) adds nothing unless replace=True;
the file is read and checked before anything is written; a file whose every row is rejected is
refused (IngestError, nothing registered). A load covers a museum × source × period, as its
SourceSpec derives them from the accepted records (survey: the seasons of its responses; desk counts
and attendance: the months of its records; SourceSpec.periods): a file for a
period an active load already covers is refused with a message naming that load and --replace, and
replace=True replaces every active load sharing a period, whatever its file name. A source whose
SourceSpec.covered_periods is 'supersede' (GA4, web reports) is not refused: the file is loaded beside
the loads it shares periods with, the staging models keep one load's rows per period, and the summary
names the loads superseded (LoadResult.supersede_notes). Then one transaction retires replaced loads,
appends accepted records, quarantines rejected rows (only the columns read, personal values masked)
and writes the ledger row. Any failure rolls the whole load back.

A bulk source (GA4 events) gets the loader's connection in its LoadContext and stages its records in a
temporary table (Parsed.bulk_table): the accepted rows go from there to the raw table inside the load's
transaction, and the staged table is dropped whatever happens (docs/ARCHITECTURE.md, « Web analytics »).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ..codebook import load_codebook
from ..i18n import Message, Plural, count_noun
from ..privacy import redact
from ..sqlfiles import sql
from ..store import query, transaction
from . import ledger
from .base import LOAD_OPTIONS, LoadContext, Parsed, SourceSpec
from .errors import IngestError, refuse
from .mapping import Mapping, load_mapping
from .periods import SITE_MARK
from .registry import get_source
from .values import map_distinct

SUMMARY = Message(
    "{file} : {read} lignes lues, {accepted} acceptées, {rejected} en quarantaine (chargement n° {load_id}).",
    "{file}: {read} rows read, {accepted} accepted, {rejected} quarantined (load #{load_id}).",
)
DUPLICATE = Message(
    "{file} : déjà chargé (chargement n° {load_id}, même contenu) ; rien n'a été ajouté.",
    "{file}: already loaded (load #{load_id}, same content); nothing was added.",
)
ALL_REJECTED = Message(
    "« {file} » : rien n'a été chargé, aucune des lignes lues n'est acceptable ({rows} en quarantaine). "
    "Première raison : {reason}",
    "'{file}': nothing was loaded, none of the rows read can be accepted ({rows} rejected). First reason: {reason}",
)
STORE_FAILED = Message(
    "« {file} » : rien n'a été chargé, l'entrepôt a refusé l'écriture ({error}) ; l'entrepôt est resté tel quel.",
    "'{file}': nothing was loaded, the store refused the write ({error}); the store is as it was.",
)
PERIOD_LOADED = Message(
    "« {file} » : le chargement n° {load_id} (« {earlier} », {loaded_at}) couvre déjà {periods} de {museum} "
    "({source}) ; rien n'a été ajouté. Pour remplacer ce chargement par ce fichier, relancez avec --replace.",
    "'{file}': load #{load_id} ('{earlier}', {loaded_at}) already covers {periods_en} of {museum} ({source}); "
    "nothing was added. To replace that load with this file, run again with --replace.",
)

SUPERSEDES = Message(
    "« {file} » : remplace {count} du chargement n° {load_id} ({periods}).",
    "'{file}': supersedes {count} of load #{load_id} ({periods}).",
)
PERIOD_WORDS = {
    "day": Plural.of("jour", "jours", "day", "days"),
    "month": Plural.of("mois", "mois", "month", "months"),
    "season": Plural.of("saison", "saisons", "season", "seasons"),
}


@dataclass(frozen=True)
class Supersession:
    """An active load covering periods of a new load of a 'supersede' source (SourceSpec.covered_periods).

    Both stay active; the staging models keep, per period, the rows of one of them: the new load unless
    `outranked` (the earlier load has the higher SourceSpec.supersede_rank: a daily GA4 export before an
    intraday file)."""

    load_id: int
    periods: tuple[str, ...]
    outranked: bool = False


@dataclass(frozen=True)
class Rejection:
    row_number: int
    column_name: str | None
    reason: Message  # starts with the row: « ligne 14 : … » / "row 14: …"


@dataclass(frozen=True)
class ItemProblem:
    """An invalid answer stored missing on an accepted row (the row itself is loaded)."""

    row_number: int
    column_name: str
    value: str | None  # as read; postal codes masked to their FSA
    reason: Message  # starts with the row, like a Rejection


@dataclass(frozen=True)
class LoadResult:
    """What one call to ingest_file did.

    rows_* count spreadsheet rows below the header, wholly empty rows excluded;
    rows_read = rows_accepted + rows_rejected. records_loaded counts rows written to the raw table
    (a wide sheet gives several records per row). For a skipped duplicate the counts are those of
    the load already in the store.
    """

    load_id: int
    source: str
    museum_id: str
    file_name: str
    file_format: str
    encoding: str | None
    delimiter: str | None
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    skipped_duplicate: bool = False
    records_loaded: int = 0
    survey_year: int | None = None
    mapping_file: str | None = None
    replaced_load_ids: tuple[int, ...] = ()
    superseded: tuple[Supersession, ...] = ()
    period_kind: str = "month"
    outranked_note: Message | None = field(default=None, repr=False)
    rejections: tuple[Rejection, ...] = field(default=(), repr=False)
    item_problems: tuple[ItemProblem, ...] = field(default=(), repr=False)

    def reasons(self, lang: str = "fr") -> list[str]:
        """The quarantine reasons, one per rejected row, in row order."""
        return [r.reason(lang) for r in self.rejections]

    def item_reasons(self, lang: str = "fr") -> list[str]:
        """The item problems of accepted rows, one per row and column, in row order."""
        return [p.reason(lang) for p in self.item_problems]

    def summary(self, lang: str = "fr") -> str:
        """The load in one line, then one line per earlier load whose periods it supersedes (or that
        outranks it) — supersede_notes."""
        template = DUPLICATE if self.skipped_duplicate else SUMMARY
        line = template(lang).format(
            file=self.file_name,
            read=self.rows_read,
            accepted=self.rows_accepted,
            rejected=self.rows_rejected,
            load_id=self.load_id,
        )
        return "\n".join([line, *self.supersede_notes(lang)])

    def supersede_notes(self, lang: str = "fr") -> list[str]:
        """« remplace 1 jour du chargement n° 12 (2026-07-14). » per superseded load; for an outranked
        file, the source's own line (SourceSpec.outranked: an intraday file under a daily export)."""
        notes = []
        for entry in self.superseded:
            template = self.outranked_note if entry.outranked and self.outranked_note else SUPERSEDES
            words = PERIOD_WORDS.get(self.period_kind, PERIOD_WORDS["month"])
            notes.append(
                template(lang).format(
                    file=self.file_name,
                    count=count_noun(len(entry.periods), words, lang),
                    load_id=entry.load_id,
                    periods=_period_span(entry.periods),
                )
            )
        return notes


def _period_span(periods: tuple[str, ...]) -> str:
    """'2026-07-14', '2026-07-14, 2026-07-15', or the first and last ('2026-07-01 … 2026-07-31') beyond three."""
    if len(periods) <= 3:
        return ", ".join(periods)
    return f"{periods[0]} … {periods[-1]}"


def _supersessions(spec: SourceSpec, file_name: str, covering: list[dict]) -> tuple[Supersession, ...]:
    """The active loads sharing periods with a new load of a 'supersede' source, and whether each
    outranks it (SourceSpec.supersede_rank of the file names; equal ranks: the new load wins)."""
    rank = spec.supersede_rank or (lambda name: 0)
    mine = rank(file_name)
    return tuple(
        Supersession(int(row["load_id"]), tuple(row["shared"]), outranked=rank(row["file_name"]) > mine)
        for row in covering
    )


def _rejections(frame: pd.DataFrame) -> tuple[Rejection, ...]:
    return tuple(
        Rejection(int(row), None if pd.isna(column) else str(column), Message(fr, en))
        for row, column, fr, en in frame[["row_number", "column_name", "reason_fr", "reason_en"]].itertuples(
            index=False, name=None
        )
    )


def _item_problems(frame: pd.DataFrame) -> tuple[ItemProblem, ...]:
    return tuple(
        ItemProblem(int(row), str(column), None if pd.isna(value) else str(value), Message(fr, en))
        for row, column, value, fr, en in frame[
            ["row_number", "column_name", "value", "reason_fr", "reason_en"]
        ].itertuples(index=False, name=None)
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_options(year: int | None, spec: SourceSpec | None = None) -> str:
    """The options a load rests on besides the file and the mapping, as canonical JSON: every option
    the source takes (SourceSpec.options), given or not ({"year": null})."""
    values = {"year": year}
    keys = spec.options if spec is not None else tuple(values)
    return json.dumps({key: values[key] for key in keys}, sort_keys=True)


UNKNOWN_OPTION = Message(
    "« {file} » : rien n'a été chargé, l'option {flag} ne s'applique pas à la source {source} ; relancez "
    "sans {flag} (options de cette source : {known}).",
    "'{file}': nothing was loaded, option {flag} does not apply to source {source}; run again without "
    "{flag} (options of this source: {known}).",
)


def check_options(spec: SourceSpec, values: dict, file_name: str) -> None:
    """Refuse an option the source does not take (SourceSpec.options), naming the flag and the fix."""
    for key, value in values.items():
        if value is not None and key not in spec.options:
            raise IngestError(
                UNKNOWN_OPTION.format(
                    file=file_name,
                    flag=LOAD_OPTIONS[key],
                    source=spec.name,
                    known=", ".join(LOAD_OPTIONS[k] for k in spec.options) or "(aucune / none)",
                )
            )


def _period_text(kind: str, periods: list[str]) -> tuple[str, str]:
    """The periods in a sentence: « la saison 2024 » for a 'season' source, else months (with sites)."""
    shown = ", ".join(periods)
    if any(SITE_MARK in p for p in periods):
        fr = ", ".join(p.replace(SITE_MARK, " (site « ", 1) + " »)" if SITE_MARK in p else p for p in periods)
        en = ", ".join(p.replace(SITE_MARK, " (site '", 1) + "')" if SITE_MARK in p else p for p in periods)
        return (f"le mois {fr}", f"month {en}") if len(periods) == 1 else (f"les mois {fr}", f"months {en}")
    if kind == "season":
        return (
            f"la saison {shown}" if len(periods) == 1 else f"les saisons {shown}",
            f"the {shown} season" if len(periods) == 1 else f"the {shown} seasons",
        )
    return (
        f"le mois {shown}" if len(periods) == 1 else f"les mois {shown}",
        f"month {shown}" if len(periods) == 1 else f"months {shown}",
    )


def quarantine_cells(parsed, rows: pd.Series) -> pd.DataFrame:
    """The cells stored with rejected rows: a source that prepared them (cells_safe) gives them as
    they are; otherwise every cell goes through privacy.redact (docs/ARCHITECTURE.md, « Privacy »)."""
    frame = parsed.table.frame.loc[rows.to_numpy()]
    if getattr(parsed, "cells_safe", False):
        return frame
    return frame.apply(
        lambda column: map_distinct(column.astype("str").fillna(""), lambda text: redact(text, "fr", escape=False))
    )


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    source: str,
    path: str | Path,
    museum_id: str,
    *,
    year: int | None = None,
    mapping: str | Path | None = None,
    replace: bool = False,
) -> LoadResult:
    """Load one export for one museum. Raises IngestError (FR/EN) when the file is refused whole."""
    handler = get_source(source)
    path = Path(path)
    check_options(handler, {"year": year}, path.name)
    ledger.check_museum(con, museum_id)
    if not path.is_file():
        raise refuse("Fichier introuvable : « {file} ».", "File not found: '{file}'.", file=str(path))
    mapping_spec = load_mapping(mapping)
    if mapping_spec.source and mapping_spec.source != source:
        raise mapping_spec.error(
            "prévu pour la source {expected}, pas {source}.",
            "meant for source {expected}, not {source}.",
            expected=mapping_spec.source,
            source=source,
        )
    sha256 = file_sha256(path)
    options = load_options(year, handler)
    if not replace:
        existing = ledger.active_loads(con, source, museum_id, sha256, mapping_spec.sha256, options)
        if existing:
            return _duplicate(con, handler.raw_table, source, museum_id, existing[0])

    options_row = query(con, "ingest/museum_options", {"museum_id": museum_id})
    keep_full = bool(options_row["keep_full_postal_code"].iloc[0]) if len(options_row) else False
    context = LoadContext(museum_id, year, mapping_spec, load_codebook(), keep_full_postal_code=keep_full, con=con)
    parsed = handler.parse(path, context)
    try:
        return _write(con, handler, parsed, path, museum_id, sha256, mapping_spec, options, year, replace)
    finally:
        if parsed.bulk_table:  # staged by the parser on this connection: gone whatever happened
            con.execute(f"DROP TABLE IF EXISTS {parsed.bulk_table}")


def _write(
    con: duckdb.DuckDBPyConnection,
    handler: SourceSpec,
    parsed: Parsed,
    path: Path,
    museum_id: str,
    sha256: str,
    mapping_spec: Mapping,
    options: str,
    year: int | None,
    replace: bool,
) -> LoadResult:
    """Check what the parser read against the store, then write the load in one transaction."""
    source = handler.name
    rejected = parsed.problems.frame()
    item_problems = parsed.problems.item_problems()
    table = parsed.table
    if len(rejected) >= table.rows_read:
        first = rejected.iloc[0]
        raise IngestError(
            ALL_REJECTED.format(
                file=path.name, rows=table.rows_read, reason=Message(first["reason_fr"], first["reason_en"])
            )
        )
    if parsed.bulk_table:  # the accepted records' days only; the rows stay in the staged table
        records = parsed.records.copy()
    else:
        records = parsed.records[~parsed.records["row_number"].isin(rejected["row_number"])].copy()
    periods = handler.periods(records)
    covering = ledger.period_loads(con, source, museum_id, periods)
    superseded: tuple[Supersession, ...] = ()
    if handler.covered_periods == "supersede" and not replace:
        # loaded beside the earlier loads; the staging models choose per period, the summary says which
        superseded = _supersessions(handler, path.name, covering)
        covering = []
    if covering and not replace:
        earlier = covering[0]
        fr, en = _period_text(handler.period_kind, list(earlier["shared"]))
        raise IngestError(
            PERIOD_LOADED.format(
                file=path.name,
                periods=fr,
                periods_en=en,
                museum=museum_id,
                source=source,
                earlier=earlier["file_name"],
                load_id=earlier["load_id"],
                loaded_at=earlier["loaded_at"].strftime("%Y-%m-%d %H:%M"),
            )
        )
    cells = quarantine_cells(parsed, rejected["row_number"])
    # load_ledger.survey_year (0001) holds the load's year for every source: --year, else the one
    # calendar year of its records (Parsed.year), else NULL. Loads are keyed by periods and load_options
    # (0005); the column is kept for the loads and readers that predate them.
    survey_year = year if year is not None else parsed.year
    now = datetime.now()
    try:
        with transaction(con):
            replaced = []
            if replace:
                replaced = [int(row["load_id"]) for row in covering]
                ledger.retire(con, (handler.raw_table, *handler.extra_raw_tables), replaced, now)
                if replaced:
                    con.execute(sql("ingest/delete_item_scales"), {"load_ids": replaced})
            load_id = ledger.next_load_id(con)
            if parsed.bulk_table:
                records_loaded = ledger.insert_staged(
                    con, handler.raw_table, parsed.bulk_table, load_id, museum_id, rejected["row_number"]
                )
            else:
                records.insert(0, "museum_id", museum_id)
                records.insert(0, "load_id", load_id)
                ledger.insert_records(con, handler.raw_table, records)
                records_loaded = len(records)
            for extra_table, frame in (parsed.extra_tables or {}).items():
                frame = frame.copy()
                frame.insert(0, "museum_id", museum_id)
                frame.insert(0, "load_id", load_id)
                ledger.insert_records(con, extra_table, frame)
            ledger.insert_quarantine(con, load_id, rejected, cells)
            ledger.insert_item_problems(con, load_id, item_problems)
            insert_item_scales(con, load_id, getattr(parsed, "item_scales", None))
            ledger.insert_ledger(
                con,
                {
                    "load_id": load_id,
                    "source": source,
                    "museum_id": museum_id,
                    "survey_year": survey_year,
                    "file_name": path.name,
                    "file_sha256": sha256,
                    "file_format": table.file_format,
                    "encoding": table.encoding,
                    "delimiter": table.delimiter,
                    "mapping_file": mapping_spec.file_name,
                    "mapping_sha256": mapping_spec.sha256,
                    "rows_read": table.rows_read,
                    "rows_accepted": table.rows_read - len(rejected),
                    "rows_rejected": len(rejected),
                    "loaded_at": now,
                    "periods": periods,
                    "load_options": options,
                },
            )
    except duckdb.Error as error:
        # a value the checks let through (a ConversionException, a constraint): transaction() has rolled
        # the load back; say so in one line rather than with a traceback or « transaction aborted »
        raise IngestError(STORE_FAILED.format(file=path.name, error=_first_line(error))) from None
    return LoadResult(
        load_id=load_id,
        source=source,
        museum_id=museum_id,
        file_name=path.name,
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_read=table.rows_read,
        rows_accepted=table.rows_read - len(rejected),
        rows_rejected=len(rejected),
        records_loaded=records_loaded,
        survey_year=survey_year,
        mapping_file=mapping_spec.file_name,
        replaced_load_ids=tuple(replaced),
        superseded=superseded,
        period_kind=handler.period_kind,
        outranked_note=handler.outranked,
        rejections=_rejections(rejected),
        item_problems=_item_problems(item_problems),
    )


def insert_item_scales(con: duckdb.DuckDBPyConnection, load_id: int, scales: pd.DataFrame | None) -> None:
    """The rating scale of each item a survey load read (Parsed.item_scales: item, scale_group, scale),
    into survey_item_scales; other sources have none (docs/ARCHITECTURE.md, « Survey scales »)."""
    if scales is None or scales.empty:
        return
    with ledger.registered(con, "ingest_item_scales", scales):
        con.execute(sql("ingest/insert_item_scales"), {"load_id": load_id})


def _first_line(error: Exception) -> str:
    """The first non-empty line of a DuckDB message, its type kept ('Conversion Error: …')."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _duplicate(con, raw_table: str, source: str, museum_id: str, row: dict) -> LoadResult:
    load_id = int(row["load_id"])
    return LoadResult(
        load_id=load_id,
        source=source,
        museum_id=museum_id,
        file_name=row["file_name"],
        file_format=row["file_format"],
        encoding=row["encoding"],
        delimiter=row["delimiter"],
        rows_read=row["rows_read"],
        rows_accepted=row["rows_accepted"],
        rows_rejected=row["rows_rejected"],
        skipped_duplicate=True,
        records_loaded=ledger.count_records(con, raw_table, load_id),
        survey_year=row["survey_year"],
        mapping_file=row["mapping_file"],
        rejections=_rejections(ledger.stored_rejections(con, load_id)),
        item_problems=_item_problems(ledger.stored_item_problems(con, load_id)),
    )


__all__ = ["IngestError", "ItemProblem", "LoadResult", "Rejection", "ingest_file"]
