"""Erase a museum's or a load's data from the store (Quebec Law 25: be able to erase; docs/PERSONAL_DATA.md).

`smq-analytics purge --museum ID` removes every load of the museum (active or replaced): its raw rows,
quarantined rows, item problems and ledger rows, then the museum's row. `--load N` removes one load
the same way and keeps the museum. Everything happens in one transaction: the statements run, the
counts they return are shown, and the transaction is committed only when the caller confirms (or
rolled back: nothing changes). No tombstone is kept — a file name can name a person; the store's
fingerprint changes, so a report run in progress stops instead of mixing before and after.

Figures of other museums (the sector comparison) are computed from the store at each report, so a
purged museum stops counting in them at the next run. What the store does not hold is not touched:
the files as received, reports already written (reports/<museum>/), copies of the store. The museum's
parameter file puts the museum back in the museums table at the next init or ingest (without data);
remove parameters/museums/<id>.yaml to stop reporting on it.

SQL: sql/purge/*.sql, values bound; the statements find their rows through the ledger, so the ledger
rows go last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from .i18n import LocalizedError, Message, format_number
from .ingest.registry import SOURCES
from .paths import parameters_dir, reports_dir
from .sqlfiles import sql

# (table, statement) after the raw tables, in the order they run: everything found through the
# ledger before the ledger.
LEDGER_STATEMENTS = (
    ("quarantine", "purge/delete_quarantine"),
    ("item_problems", "purge/delete_item_problems"),
    ("survey_item_scales", "purge/delete_survey_item_scales"),
    ("load_ledger", "purge/delete_load_ledger"),
    ("museum_peer_groups", "purge/delete_museum_peer_groups"),
    ("museum_web_domains", "purge/delete_museum_web_domains"),
    ("museum_key_events", "purge/delete_museum_key_events"),
    ("cohort_members", "purge/delete_cohort_members"),
    ("museums", "purge/delete_museums"),
)


def statements() -> tuple[tuple[str, str], ...]:
    """Every (table, statement) a purge runs, each once: each registered source's raw table and purge
    statement (SourceSpec.raw_table, .purge), in registry order — several sources sharing a raw table
    (raw_web_rows) name it once, else the second run would count zero and the summary would list the
    table twice — then the tables sources write besides their raw table (SourceSpec.extra_raw_tables, each purged by
    sql/purge/delete_<table>.sql), then LEDGER_STATEMENTS."""
    raw = dict.fromkeys((spec.raw_table, spec.purge) for spec in SOURCES.values())
    extra = dict.fromkeys(
        (table, f"purge/delete_{table}") for spec in SOURCES.values() for table in spec.extra_raw_tables
    )
    return (*raw, *extra, *LEDGER_STATEMENTS)


NOTHING = Message("rien à effacer : {target} absent de l'entrepôt", "nothing to erase: {target} not in the store")
TARGET_MUSEUM = Message("musée « {museum} »", "museum '{museum}'")
TARGET_LOAD = Message("chargement n° {load_id}", "load #{load_id}")
ONE_TARGET = Message("purge : --museum ou --load, un seul des deux", "purge: --museum or --load, exactly one")
WILL_REMOVE = Message("À effacer ({target}) :", "To erase ({target}):")
REMOVED = Message("Effacé ({target}) :", "Erased ({target}):")
CONFIRM = Message("Effacer définitivement ? [o/N] ", "Erase for good? [y/N] ")
YES = {"fr": ("o", "oui", "y", "yes"), "en": ("y", "yes", "o", "oui")}
CANCELLED = Message("purge annulée : rien n'a été effacé", "purge cancelled: nothing was erased")
PARAMETER_FILE = Message(
    "{file} existe encore : le musée reviendra, sans données, au prochain init ou ingest et aurait un "
    "rapport vide ; supprimez ce fichier pour ne plus rapporter sur ce musée.",
    "{file} still exists: the museum comes back, without data, at the next init or ingest and would get "
    "an empty report; delete that file to stop reporting on this museum.",
)
REPORTS_LEFT = Message(
    "Rapports déjà produits, hors de l'entrepôt, à supprimer à la main : {folder}",
    "Reports already written, outside the store, to delete by hand: {folder}",
)
FILE_BYTES = Message(
    "Des octets effacés peuvent rester dans les blocs libres du fichier {db} et dans ses copies : "
    "pour un effacement définitif, reconstruisez-le (docs/PERSONAL_DATA.md, « Effacer »).",
    "Erased bytes may remain in free blocks of {db} and in its copies: to erase for good, rebuild it "
    "(docs/PERSONAL_DATA.md, 'Erasing').",
)


class PurgeError(LocalizedError):
    """A purge that cannot run (nothing to erase, no target)."""


@dataclass
class Purge:
    """What one purge removes: rows per table (every table of statements(), zeros included) and the
    loads concerned (load_id, museum_id, source, survey_year, replaced)."""

    museum_id: str | None
    load_id: int | None
    removed: dict[str, int] = field(default_factory=dict)
    loads: list[tuple] = field(default_factory=list)
    committed: bool = False

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def target(self) -> Message:
        if self.museum_id is not None:
            return TARGET_MUSEUM.format(museum=self.museum_id)
        return TARGET_LOAD.format(load_id=self.load_id)

    def museums(self) -> list[str]:
        """The museums whose data the purge touches."""
        found = {row[1] for row in self.loads}
        if self.museum_id is not None:
            found.add(self.museum_id)
        return sorted(found)


def purge(
    con: duckdb.DuckDBPyConnection,
    *,
    museum_id: str | None = None,
    load_id: int | None = None,
    confirm: Callable[[Purge], bool] | None = None,
) -> Purge:
    """Remove a museum's (museum_id) or a load's (load_id) rows from every table, in one transaction.

    The deletions run first; confirm(result) then sees the exact counts and decides: True commits,
    False rolls back (result.committed tells which). Without confirm the purge commits. Raises
    PurgeError, with nothing changed, when the store holds nothing of the target.
    """
    if (museum_id is None) == (load_id is None):
        raise PurgeError(ONE_TARGET)
    params = {"museum_id": museum_id, "load_id": None if load_id is None else int(load_id)}
    result = Purge(museum_id=museum_id, load_id=params["load_id"])
    con.execute("BEGIN TRANSACTION")
    try:
        result.loads = con.execute(sql("purge/target_loads"), params).fetchall()
        for table, statement in statements():
            result.removed[table] = int(con.execute(sql(statement), params).fetchall()[0][0])
        if not result.total:
            target = result.target()
            raise PurgeError(Message(NOTHING.fr.format(target=target.fr), NOTHING.en.format(target=target.en)))
        result.committed = confirm is None or bool(confirm(result))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT" if result.committed else "ROLLBACK")
    if result.committed:
        con.execute("CHECKPOINT")  # fold the deletions into the database file now, not at the next open
    return result


def table_lines(result: Purge, lang: str = "fr") -> list[str]:
    """One line per table: its name and the rows removed (zeros included), numbers aligned."""
    width = max(len(table) for table in result.removed)
    numbers = {table: format_number(n, lang=lang) for table, n in result.removed.items()}
    digits = max(len(n) for n in numbers.values())
    return [f"  {table.ljust(width)}  {numbers[table].rjust(digits)}" for table in result.removed]


def report(result: Purge, lang: str = "fr") -> list[str]:
    """The summary printed before the confirmation (not committed yet) or after it."""
    heading = REMOVED if result.committed else WILL_REMOVE
    return [heading(lang).format(target=result.target()(lang)), *table_lines(result, lang)]


def notes(result: Purge, db, lang: str = "fr") -> list[str]:
    """What the purge left outside the store: the parameter file, written reports, the file's bytes."""
    from .params import (
        SLUG,  # ids that name files; anything else is never joined to a path
    )

    lines = []
    if result.museum_id is not None and SLUG.fullmatch(result.museum_id):
        path = parameters_dir() / "museums" / f"{result.museum_id}.yaml"
        if path.is_file():
            lines.append(PARAMETER_FILE(lang).format(file=path))
    for museum in filter(SLUG.fullmatch, result.museums()):
        folder = reports_dir() / museum
        if folder.is_dir():
            lines.append(REPORTS_LEFT(lang).format(folder=folder))
    lines.append(FILE_BYTES(lang).format(db=db))
    return lines
