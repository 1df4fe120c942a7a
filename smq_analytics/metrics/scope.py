"""What a report is about: which store, museum, season and language.

A notebook's parameters (museum "", year 0, language "fr", db "") become a Scope: "" means the first
museum in the store (those with survey responses first), 0 the museum's latest survey season.
A workbook that reads attendance only (notebooks/03_attendance.ipynb) opens its scope with
needs_survey=False: its years are then the museum's fiscal years with attendance
(sql/metrics/attendance_years.sql), 0 the latest, and a museum that sent no survey is reported on
(docs/ARCHITECTURE.md, « Topics »: which reports a museum gets).
The web workbook (notebooks/04_web.ipynb) opens its scope with web=True: its years are calendar years
with web data (sql/metrics/web_years.sql), 0 the latest; a museum that sent no web data still gets a
scope (its report says so), on the year asked or, for 0, the latest year any museum has web data for.
The connection is read-only (docs/ARCHITECTURE.md, « The store »).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import duckdb

from .. import store
from ..i18n import LocalizedError, Message, check_language, museum_display_name


class ScopeError(LocalizedError):
    """A museum or season that the store does not hold."""


@dataclass(frozen=True)
class Scope:
    """What a notebook holds: the museum, season and language it reports on, and a read-only store.

    The connection is private: a notebook reaches data only through package functions, which apply
    the disclosure plan and redaction (docs/ARCHITECTURE.md, « Privacy »). Package code gets it with
    connection(scope).
    """

    _con: duckdb.DuckDBPyConnection = field(repr=False)
    museum_id: str
    museum_name: str
    year: int
    lang: str
    seasons: tuple[int, ...]
    # False: the years are the museum's fiscal years with attendance, not its survey seasons.
    _needs_survey: bool = True
    # True: the years are calendar years with web data (the web workbook); a museum without any is reported on.
    _web: bool = False

    def with_choice(self, museum: str | None = None, year: int | None = None, language: str | None = None) -> "Scope":
        """The same store with another museum, season or language (used by the pickers).

        A season the newly chosen museum does not have falls back to its latest season.
        """
        lang = self.lang if language is None else check_language(language)
        museum_id, name, seasons = self.museum_id, self.museum_name, self.seasons
        if (museum is not None and museum != self.museum_id) or lang != self.lang:
            museum_id, name = resolve_museum(self._con, museum or self.museum_id, lang)
            seasons = _years(self._con, museum_id, self._needs_survey, self._web)
        wanted = self.year if year is None else int(year)
        if self._web:
            chosen = resolve_web_year(self._con, seasons, museum_id, wanted if wanted in seasons else 0)
            return replace(self, museum_id=museum_id, museum_name=name, year=chosen, seasons=seasons, lang=lang)
        chosen = resolve_year(seasons, museum_id, wanted if wanted in seasons else 0, self._needs_survey)
        return replace(self, museum_id=museum_id, museum_name=name, year=chosen, seasons=seasons, lang=lang)

    def choices(self) -> list[tuple[str, str]]:
        """(museum_id, name) of every museum, for the pickers."""
        return museum_choices(self._con, self.lang)

    def close(self) -> None:
        self._con.close()


def connection(scope: Scope) -> duckdb.DuckDBPyConnection:
    """The scope's read-only connection, for package code (metrics, disclosure), never for notebooks."""
    return scope._con


def museum_choices(con: duckdb.DuckDBPyConnection, lang: str = "fr") -> list[tuple[str, str]]:
    """(museum_id, name in the report language) for every museum, those with survey responses first."""
    frame = store.query(con, "metrics/museum_list")
    return [(str(row.museum_id), museum_display_name(str(row.name), row.name_en, lang)) for row in frame.itertuples()]


def survey_seasons(con: duckdb.DuckDBPyConnection, museum_id: str) -> tuple[int, ...]:
    frame = store.query(con, "metrics/survey_seasons", {"museum_id": museum_id})
    return tuple(int(year) for year in frame["survey_year"])


def attendance_years(con: duckdb.DuckDBPyConnection, museum_id: str) -> tuple[int, ...]:
    """The museum's fiscal years with attendance, oldest first (complete or not; calendar.py)."""
    frame = store.query(con, "metrics/attendance_years", {"museum_id": museum_id})
    return tuple(int(year) for year in frame["fiscal_year"])


def web_years(con: duckdb.DuckDBPyConnection, museum_id: str | None) -> tuple[int, ...]:
    """The calendar years with web data of a museum (None: of any museum), oldest first.

    web_monthly is a view over every web source and takes a few seconds: DuckDB's progress bar is
    turned off on this connection so that it never becomes a notebook output."""
    con.execute("SET enable_progress_bar = false")
    frame = store.query(con, "metrics/web_years", {"museum_id": museum_id})
    return tuple(int(year) for year in frame["year"])


def _years(con: duckdb.DuckDBPyConnection, museum_id: str, needs_survey: bool, web: bool = False) -> tuple[int, ...]:
    if web:
        return web_years(con, museum_id)
    return survey_seasons(con, museum_id) if needs_survey else attendance_years(con, museum_id)


def resolve_museum(con: duckdb.DuckDBPyConnection, museum: str | None, lang: str = "fr") -> tuple[str, str]:
    choices = museum_choices(con, lang)
    if not choices:
        raise ScopeError(
            Message(
                "L'entrepôt ne contient aucun musée : chargez des données ou lancez « make demo ».",
                "The store holds no museum: load data or run 'make demo'.",
            )
        )
    if not museum:
        return choices[0]
    for museum_id, name in choices:
        if museum_id == str(museum):
            return museum_id, name
    known = ", ".join(museum_id for museum_id, _ in choices)
    raise ScopeError(
        Message(
            f"Musée « {museum} » absent de l'entrepôt. Musées connus : {known}.",
            f"Museum '{museum}' is not in the store. Known museums: {known}.",
        )
    )


NO_ATTENDANCE = Message(
    "Aucune fréquentation mensuelle pour le musée « {museum} » : chargez un fichier de fréquentation "
    "(smq-analytics ingest attendance FICHIER --museum {museum}).",
    "No monthly attendance for museum '{museum}': load an attendance file "
    "(smq-analytics ingest attendance FILE --museum {museum}).",
)
NO_FISCAL_YEAR = Message(
    "Pas de fréquentation pour l'exercice {year} du musée « {museum} ». Exercices disponibles : {listed}.",
    "No attendance for fiscal year {year} of museum '{museum}'. Fiscal years available: {listed}.",
)


def resolve_year(seasons: tuple[int, ...], museum_id: str, year: int | None, needs_survey: bool = True) -> int:
    """The season (or, needs_survey=False, the fiscal year) asked for; 0 or None = the latest."""
    if not needs_survey:
        if not seasons:
            raise ScopeError(NO_ATTENDANCE.format(museum=museum_id))
        if year and int(year) not in seasons:
            listed = ", ".join(str(s) for s in seasons)
            raise ScopeError(NO_FISCAL_YEAR.format(year=year, museum=museum_id, listed=listed))
        return int(year) if year else seasons[-1]
    if not seasons:
        raise ScopeError(
            Message(
                f"Aucune réponse au sondage pour le musée « {museum_id} » : chargez un fichier de sondage.",
                f"No survey responses for museum '{museum_id}': load a survey file.",
            )
        )
    if not year:
        return seasons[-1]
    if int(year) not in seasons:
        listed = ", ".join(str(s) for s in seasons)
        raise ScopeError(
            Message(
                f"Pas de sondage {year} pour le musée « {museum_id} ». Saisons disponibles : {listed}.",
                f"No {year} survey for museum '{museum_id}'. Seasons available: {listed}.",
            )
        )
    return int(year)


NO_WEB_YEAR = Message(
    "Pas de données Web pour l'année {year} du musée « {museum} ». Années disponibles : {listed}.",
    "No web data for year {year} of museum '{museum}'. Years available: {listed}.",
)


def resolve_web_year(con: duckdb.DuckDBPyConnection, years: tuple[int, ...], museum_id: str, year: int | None) -> int:
    """The calendar year of a web report; 0 or None = the museum's latest year with web data.

    A museum without web data is still reported on (its report says that nothing was sent): on the
    year asked, else on the latest year any museum has web data for (0 when the store has none).
    A museum with web data is refused a year it has none for, as the other workbooks refuse a season.
    """
    if not years:
        if year:
            return int(year)
        network = web_years(con, None)
        return network[-1] if network else 0
    if year and int(year) not in years:
        listed = ", ".join(str(y) for y in years)
        raise ScopeError(NO_WEB_YEAR.format(year=year, museum=museum_id, listed=listed))
    return int(year) if year else years[-1]


STORE_CHANGED = Message(
    "L'entrepôt a changé pendant la production des rapports (un chargement a eu lieu) : relancez "
    "« smq-analytics run » une fois le chargement terminé, pour que tous les rapports reposent sur les mêmes données.",
    "The store changed while reports were being produced (a load happened): run 'smq-analytics run' again "
    "once the load is over, so that every report rests on the same data.",
)


def check_snapshot(con: duckdb.DuckDBPyConnection, expected: str) -> None:
    """Fail when the store no longer holds the data a report run started from (expected = '' skips)."""
    if expected and store.snapshot_id(con) != expected:
        raise ScopeError(STORE_CHANGED)


def open_scope(
    museum: str = "",
    year: int = 0,
    language: str = "fr",
    db: str = "",
    con: duckdb.DuckDBPyConnection | None = None,
    snapshot: str = "",
    needs_survey: bool = True,
    web: bool = False,
) -> Scope:
    """Resolve notebook parameters against the store (opened read-only unless con is given).

    snapshot: the store fingerprint a report run started from; the scope refuses a changed store.
    needs_survey: True (provenance and every survey topic) refuses a museum without survey responses
    and reads `year` as a survey season; False (attendance) reads `year` as a fiscal year of the
    museum's attendance (0 = the latest) and refuses only a museum without attendance.
    web: True (the web workbook) reads `year` as a calendar year with web data (resolve_web_year) and
    refuses no museum; needs_survey is then ignored.
    """
    lang = check_language(language or "fr")
    connection = con if con is not None else store.connect(db or None, read_only=True)
    check_snapshot(connection, snapshot)
    museum_id, name = resolve_museum(connection, museum, lang)
    if web:
        seasons = web_years(connection, museum_id)
        chosen = resolve_web_year(connection, seasons, museum_id, int(year or 0))
        return Scope(connection, museum_id, name, chosen, lang, seasons, False, True)
    seasons = _years(connection, museum_id, needs_survey)
    chosen = resolve_year(seasons, museum_id, int(year or 0), needs_survey)
    return Scope(connection, museum_id, name, chosen, lang, seasons, needs_survey)
