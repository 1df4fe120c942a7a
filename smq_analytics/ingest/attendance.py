"""Monthly attendance → raw_attendance.

Long layout: one row per month (and site): mois/month, total, payant/paid, gratuit/free,
scolaire/school, optional site. Wide layout: one column per month (2024-01, janv. 2024, January 2024,
…) with rows that are either measures (Total, Payant, Gratuit, Scolaire; optionally with a site
column) or sites (values = totals). Site columns: one row per month and one column per site (values =
totals, the header is the site): read so when a month column comes with no measure column and two or
more other columns, or when the mapping's `sites:` names the columns to read (and the site each
holds: one file may then feed one load per site). A file in none of these layouts is refused with
the list of LAYOUTS. A missing total with all three parts is their sum; parts that
add up to more than the total, negative or non-integer counts send the row to quarantine. In a
measures-as-rows grid, rows of the same site stand or fall together.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..i18n import Message, format_number
from .base import LoadContext, Parsed, SourceSpec, single_year
from .errors import quoted_list, refuse
from .mapping import file_header, read_with_headers
from .messages import MISSING, NEGATIVE, NOT_WHOLE, OUT_OF_SEASON, TOO_LARGE, named, named_series
from .periods import month_site_periods, month_start, parse_months
from .problems import Problems
from .tabular import Table
from .values import INTEGER_MAX, fold, label_index, match_codes, parse_integers

MEASURES = {
    "total": ("total", "total des entrées", "entrées totales", "fréquentation", "attendance", "total attendance"),
    "paid": ("payant", "payants", "payantes", "paid", "entrées payantes", "paid admissions"),
    "free": ("gratuit", "gratuits", "gratuites", "free", "entrées gratuites", "free admissions"),
    "school": ("scolaire", "scolaires", "school", "groupes scolaires", "school groups"),
}
PARTS = ("paid", "free", "school")
ALIASES = {
    "month": ("mois", "month", "période", "period"),
    "site": ("site", "lieu", "location", "établissement"),
    "measure": ("mesure", "measure", "indicateur", "indicator", "type"),
    **MEASURES,
}
IGNORED_COLUMNS = ("total", "total annuel", "annual total", "année", "year", "cumul")

LAYOUTS = Message(
    "Dispositions acceptées : « mois,total,payant,gratuit,scolaire » (une ligne par mois) ; "
    "« mesure,2024-01,2024-02 » (une ligne par mesure) ; « site,2024-01,2024-02 » (une ligne par site) ; "
    "« mois,Pavillon,Maison » (une colonne par site, ou la clé « sites: »).",
    "Layouts that work: 'month,total,paid,free,school' (one row per month); 'measure,2024-01,2024-02' (one "
    "row per measure); 'site,2024-01,2024-02' (one row per site); 'month,Main,Annex' (one column per site, "
    "or the 'sites:' key).",
)
BAD_MONTH = Message(
    "mois illisible « {value} » pour {item} (attendu : 2024-01, janv. 2024 ou January 2024)",
    "unreadable month '{value}' for {item} (expected: 2024-01, janv. 2024 or January 2024)",
)
NO_VALUES = Message(
    "aucune valeur (total, payant, gratuit ou scolaire) pour le mois {value}",
    "no value (total, paid, free or school) for month {value}",
)
UNKNOWN_MEASURE = Message(
    "mesure inconnue « {value} » pour {item} (attendu : Total, Payant, Gratuit, Scolaire)",
    "unknown measure '{value}' for {item} (expected: Total, Paid, Free, School)",
)
TOTAL_MISSING = Message(
    "total manquant pour {month}{site} : indiquez le total, ou payant, gratuit et scolaire pour le calculer",
    "total missing for {month}{site}: give the total, or paid, free and school to compute it",
)
TOTAL_TOO_LARGE = Message(
    "total calculé {total} (payant + gratuit + scolaire) trop grand pour {month}{site} (attendu : au plus "
    + format_number(INTEGER_MAX, lang="fr")
    + ")",
    "computed total {total} (paid + free + school) too large for {month}{site} (expected: at most "
    + format_number(INTEGER_MAX, lang="en")
    + ")",
)
PARTS_EXCEED = Message(
    "payant + gratuit + scolaire ({parts}) dépasse le total ({total}) pour {month}{site}",
    "paid + free + school ({parts}) exceeds the total ({total}) for {month}{site}",
)
DUPLICATE = Message(
    "{item} de {month}{site} en double (lignes {rows})", "{item} for {month}{site} given twice (rows {rows})"
)
SAME_GRID = Message(
    "rejetée avec le reste du tableau du même site (lignes en erreur : {rows})",
    "rejected with the rest of the same site's grid (rows in error: {rows})",
)


def _refuse(fr: str, en: str, **values):
    """A refusal of the file, followed by the layouts that work."""
    return refuse(
        fr + " " + LAYOUTS.fr.replace("{", "{{").replace("}", "}}"),
        en + " " + LAYOUTS.en.replace("{", "{{").replace("}", "}}"),
        **values,
    )


class AttendanceSource:
    name = "attendance"
    raw_table = "raw_attendance"

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        mapping = context.mapping
        table, headers = read_with_headers(path, mapping, ALIASES)
        problems = Problems(table.frame.index)
        named_columns = {h for h in headers.values() if h}
        month_columns = {h: month_start(h) for h in table.headers if h not in named_columns}
        month_columns = {h: m for h, m in month_columns.items() if m is not None}
        if mapping.sites:
            sites = {file_header(table, mapping, header, "sites"): site for header, site in mapping.sites.items()}
            entries, grid_sites = self._site_column_entries(table, headers, sites, problems, context.year), None
        elif month_columns:
            entries, grid_sites = self._wide_entries(table, headers, month_columns, problems, context.year)
        else:
            entries, grid_sites = self._long_entries(table, headers, problems, context.year), None
        records = self._records(entries, problems)
        if grid_sites is not None:
            problems.spread(grid_sites, SAME_GRID)
        return Parsed(table, records, problems, year=single_year(records["month"]))

    # --- layouts → entries (row, site, month, measure, text, header) ---------------------------
    def _long_entries(self, table: Table, headers: dict, problems: Problems, year: int | None) -> pd.DataFrame:
        self._need_month_column(table, headers)
        present = [m for m in MEASURES if headers[m]]
        if not present and headers["site"] is None and headers["measure"] is None:
            ignored = {fold(name) for name in IGNORED_COLUMNS}
            sites = [h for h in table.headers if h != headers["month"] and fold(h) not in ignored]
            if len(sites) >= 2:
                return self._site_column_entries(table, headers, {h: h for h in sites}, problems, year)
        if "total" not in present and not all(p in present for p in PARTS):
            raise _refuse(
                "Le fichier « {file} » n'a pas de colonne total, ni les trois colonnes payant, gratuit et "
                "scolaire pour le calculer. Colonnes trouvées : {found}.",
                "The file '{file}' has no total column, nor the three paid, free and school columns to "
                "compute it. Columns found: {found}.",
                file=table.file_name,
                found=quoted_list(table.headers),
            )
        months = self._month_rows(table, headers["month"], problems, year)
        sites = table.values(headers["site"]) if headers["site"] else pd.Series("", index=table.frame.index)
        frames = [
            pd.DataFrame(
                {"site": sites, "month": months, "measure": m, "text": table.values(headers[m]), "header": headers[m]}
            )
            for m in present
        ]
        return self._filled(pd.concat(frames), months, table, problems)

    def _site_column_entries(
        self, table: Table, headers: dict, sites: dict[str, str], problems: Problems, year: int | None
    ) -> pd.DataFrame:
        """One row per month, one column per site: each cell is the site's total for the month."""
        self._need_month_column(table, headers)
        months = self._month_rows(table, headers["month"], problems, year)
        frames = [
            pd.DataFrame(
                {"site": site, "month": months, "measure": "total", "text": table.values(header), "header": header}
            )
            for header, site in sites.items()
        ]
        return self._filled(pd.concat(frames), months, table, problems)

    @staticmethod
    def _need_month_column(table: Table, headers: dict) -> None:
        if headers["month"] is None:
            raise _refuse(
                "Le fichier « {file} » n'a ni colonne mois/month, ni colonnes de mois (2024-01, janv. 2024, "
                "January 2024…). Colonnes trouvées : {found}.",
                "The file '{file}' has neither a mois/month column nor month columns (2024-01, janv. 2024, "
                "January 2024…). Columns found: {found}.",
                file=table.file_name,
                found=quoted_list(table.headers),
            )

    @staticmethod
    def _month_rows(table: Table, header: str, problems: Problems, year: int | None) -> pd.Series:
        """The month of each row (first day, NaT when missing or unreadable), problems recorded."""
        raw_months = table.values(header)
        months, bad = parse_months(raw_months)
        month_item = named("month", header)
        problems.add(raw_months.eq(""), "month", MISSING, item=month_item)
        problems.add(bad, "month", BAD_MONTH, value=raw_months, item=month_item)
        if year is not None:
            outside = months.notna() & months.dt.year.ne(year)
            problems.add(outside, "month", OUT_OF_SEASON, value=raw_months, year=year, item=month_item)
        return months

    @staticmethod
    def _filled(entries: pd.DataFrame, months: pd.Series, table: Table, problems: Problems) -> pd.DataFrame:
        """The non-empty entries; a row with a month and no value at all is a problem."""
        entries = entries.sort_index(kind="stable")
        entries = entries[entries["text"].ne("")]
        empty = months.notna() & ~table.frame.index.isin(entries.index)
        problems.add(pd.Series(empty, index=table.frame.index), "total", NO_VALUES, value=months.dt.strftime("%Y-%m"))
        return entries

    def _wide_entries(
        self, table: Table, headers: dict, month_columns: dict, problems: Problems, year: int | None
    ) -> tuple[pd.DataFrame, pd.Series | None]:
        if year is not None:
            outside = [h for h, m in month_columns.items() if m.year != year]
            if outside:
                raise refuse(
                    "Le fichier « {file} » : colonnes de mois hors de la saison {year} : {columns}.",
                    "The file '{file}': month columns outside the {year} season: {columns}.",
                    file=table.file_name,
                    year=year,
                    columns=quoted_list(outside),
                )
        index = table.frame.index
        site_header, measure_header = headers["site"], headers["measure"]
        others = [h for h in table.headers if h not in month_columns and h not in (site_header, measure_header)]
        measure_index = label_index({code: (code, *names) for code, names in MEASURES.items()})
        if site_header is None and measure_header is None and others:
            first = others.pop(0)
            values = table.values(first)
            is_measure = match_codes(values, measure_index).notna() | values.eq("")
            if is_measure.all():
                measure_header = first
            else:
                site_header = first
        ignored = {fold(name) for name in IGNORED_COLUMNS}
        unknown = [h for h in others if fold(h) not in ignored and not table.values(h).eq("").all()]
        if unknown:
            raise _refuse(
                "Le fichier « {file} » : colonne « {header} » non reconnue. Attendu : une colonne par mois, "
                "une colonne site et/ou une colonne mesure (Total, Payant, Gratuit, Scolaire).",
                "The file '{file}': column '{header}' not understood. Expected: one column per month, a site "
                "column and/or a measure column (Total, Paid, Free, School).",
                file=table.file_name,
                header=unknown[0],
            )
        sites = table.values(site_header) if site_header else pd.Series("", index=index)
        if measure_header:
            raw_measures = table.values(measure_header)
            measures = match_codes(raw_measures, measure_index)
            item = named("measure", measure_header)
            problems.add(raw_measures.eq(""), "measure", MISSING, item=item)
            problems.add(
                raw_measures.ne("") & measures.isna(), "measure", UNKNOWN_MEASURE, value=raw_measures, item=item
            )
        else:
            measures = pd.Series("total", index=index)
        frames = [
            pd.DataFrame(
                {
                    "site": sites,
                    "month": pd.Timestamp(month),
                    "measure": measures,
                    "text": table.values(header),
                    "header": header,
                }
            )
            for header, month in month_columns.items()
        ]
        entries = pd.concat(frames).sort_index(kind="stable")
        entries = entries[entries["text"].ne("") & entries["measure"].notna()]
        grid_sites = sites if measure_header else None
        return entries, grid_sites

    # --- entries → checked monthly records --------------------------------------------------------
    def _records(self, entries: pd.DataFrame, problems: Problems) -> pd.DataFrame:
        entries = entries[entries["month"].notna()].copy()
        numbers, not_whole = parse_integers(entries["text"])
        item = named_series(entries["measure"], entries["header"])
        problems.add(not_whole, entries["measure"], NOT_WHOLE, value=entries["text"], item=item)
        problems.add(numbers < 0, entries["measure"], NEGATIVE, value=entries["text"], item=item)
        problems.add(numbers > INTEGER_MAX, entries["measure"], TOO_LARGE, value=entries["text"], item=item)
        entries["number"] = numbers
        entries["row"] = entries.index
        entries = entries[numbers.between(0, INTEGER_MAX).fillna(False).to_numpy()]
        entries["month_text"] = entries["month"].dt.strftime("%Y-%m")

        key = ["site", "month", "measure"]
        twice = entries.duplicated(key, keep=False)
        if twice.any():
            rows = entries[twice].groupby(key)["row"].transform(lambda r: ", ".join(map(str, sorted(r))))
            dup = entries[twice]
            problems.add(
                pd.Series(True, index=dup.index),
                dup["measure"],
                DUPLICATE,
                item=dup["measure"],
                month=dup["month_text"],
                site=self._site_text(dup["site"]),
                rows=rows,
            )
            entries = entries[~twice]

        wide = entries.pivot(index=["site", "month"], columns="measure", values="number")
        wide = wide.reindex(columns=list(MEASURES)).astype("Int64")
        first_row = entries.groupby(["site", "month"])["row"].min()
        records = wide.assign(row_number=first_row).reset_index()
        complete = records[list(PARTS)].notna().all(axis=1)
        parts = records[list(PARTS)].fillna(0).sum(axis=1)
        missing_total = records["total"].isna() & ~complete
        exceeds = records["total"].notna() & (parts > records["total"])
        computed = records["total"].isna() & complete
        records["total"] = records["total"].fillna(parts.where(complete).astype("Int64"))
        too_large = computed & (records["total"] > INTEGER_MAX)
        self._record_problem(entries, records, missing_total, "total", TOTAL_MISSING, problems)
        self._record_problem(
            entries,
            records,
            exceeds,
            "total",
            PARTS_EXCEED,
            problems,
            parts=parts.astype("Int64").astype("str"),
            total=records["total"].astype("str"),
        )
        self._record_problem(
            entries, records, too_large, "total", TOTAL_TOO_LARGE, problems, total=records["total"].astype("str")
        )
        return records[["row_number", "month", "site", "total", "paid", "free", "school"]]

    def _record_problem(
        self,
        entries: pd.DataFrame,
        records: pd.DataFrame,
        mask: pd.Series,
        column: str,
        message: Message,
        problems: Problems,
        **fields,
    ) -> None:
        """Send every row that feeds a flagged record to quarantine (once per row and record)."""
        if not mask.any():
            return
        flagged = records[mask].assign(**{name: value[mask] for name, value in fields.items()})
        rows = entries[["row", "site", "month"]].drop_duplicates().merge(flagged, on=["site", "month"])
        rows = rows.set_index("row")
        problems.add(
            pd.Series(True, index=rows.index),
            column,
            message,
            month=rows["month"].dt.strftime("%Y-%m"),
            site=self._site_text(rows["site"]),
            **{name: rows[name] for name in fields},
        )

    @staticmethod
    def _site_text(sites: pd.Series) -> Message:
        fr = (" (site « " + sites + " »)").where(sites.ne(""), "")
        en = (" (site '" + sites + "')").where(sites.ne(""), "")
        return Message(fr, en)


def attendance_periods(records: pd.DataFrame) -> list[str]:
    """An attendance load covers month × site ('2024-07 · Pavillon principal'; the month alone when
    the site is not named), as stg_attendance keeps one entry per museum, month and site."""
    return month_site_periods(records)


SPEC = SourceSpec(
    name="attendance",
    title=Message("Fréquentation mensuelle", "Monthly attendance"),
    help=Message(
        "entrées par mois (et par site), avec payantes, gratuites et scolaires si connues",
        "entries per month (and site), with paid, free and school entries when known",
    ),
    raw_table="raw_attendance",
    period_kind="month",
    periods=attendance_periods,
    parser=AttendanceSource(),
    purge="purge/delete_raw_attendance",
    demo="smq_analytics.demo.attendance_files:attendance_files",
)
