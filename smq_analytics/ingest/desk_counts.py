"""Provenance desk-count grids → raw_desk_counts.

Long layout: one row per period and origin category (date or week, origin, count). Wide layout: one
row per period and one column per origin category (code or French/English label, see the
desk_count_origins section of codebook.yaml); a column named Total is ignored, an empty cell adds
no record and a row with a period but no count adds nothing. A week is an ISO week (2024-W27) or the
date it starts, under a semaine/week column; it covers start … start + 6 days. Numeric dates are read
in one order per file, like surveys (mapping.day_first_dates): the mapping's date_format, else a
number above 12 in the first or second place; a file mixing both orders, or whose order nothing
settles, is refused naming date_format.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..i18n import Message
from .base import LoadContext, Parsed, SourceSpec, single_year
from .errors import quoted_list, refuse
from .mapping import Mapping, day_first_dates, read_with_headers
from .messages import MISSING, NEGATIVE, NOT_WHOLE, OUT_OF_SEASON, TOO_LARGE, named, named_series
from .periods import is_iso_week, month_periods, parse_weeks
from .problems import Problems
from .tabular import Table
from .values import INTEGER_MAX, fold, label_index, match_codes, parse_integers

ALIASES = {
    "date": ("date", "jour", "day", "date du jour"),
    "week": ("semaine", "week", "semaine du", "week of", "début de semaine", "week start", "week starting"),
    "origin_category": (
        "origine",
        "origin",
        "provenance",
        "catégorie d'origine",
        "origin category",
        "catégorie",
        "category",
    ),
    "visitors": ("nombre", "count", "visiteurs", "visitors", "nombre de visiteurs", "number of visitors", "nb"),
}
IGNORED_COLUMNS = ("total", "total général", "grand total")

BAD_PERIOD = Message(
    "date illisible ou impossible « {value} » pour {item} (attendu : AAAA-MM-JJ ou 2024-W27)",
    "unreadable or impossible date '{value}' for {item} (expected: YYYY-MM-DD or 2024-W27)",
)
UNKNOWN_ORIGIN = Message(
    "catégorie de provenance inconnue « {value} » pour {item} (attendu : {expected})",
    "unknown origin category '{value}' for {item} (expected: {expected})",
)


class DeskCountSource:
    name = "desk-counts"
    raw_table = "raw_desk_counts"

    def parse(self, path: Path, context: LoadContext) -> Parsed:
        mapping = context.mapping
        table, headers = read_with_headers(path, mapping, ALIASES)
        period_name = "week" if headers["week"] else "date"
        period_header = headers[period_name]
        if period_header is None:
            raise refuse(
                "Le fichier « {file} » n'a pas de colonne de période : date/jour ou semaine/week attendue. "
                "Colonnes trouvées : {found}.",
                "The file '{file}' has no period column: date/jour or semaine/week expected. Columns found: {found}.",
                file=table.file_name,
                found=quoted_list(table.headers),
            )
        index = self._origin_index(context)
        problems = Problems(table.frame.index)
        starts, ends = self._periods(table, period_header, period_name, problems, context.year, mapping)
        if headers["origin_category"] or headers["visitors"]:
            cells = self._long_cells(table, headers, index, problems, context)
        else:
            cells = self._wide_cells(table, period_header, index, context)
        counts, not_whole = parse_integers(cells["text"])
        item = named_series(cells["item"], cells["header"])
        problems.add(not_whole, cells["item"], NOT_WHOLE, value=cells["text"], item=item)
        problems.add(counts < 0, cells["item"], NEGATIVE, value=cells["text"], item=item)
        problems.add(counts > INTEGER_MAX, cells["item"], TOO_LARGE, value=cells["text"], item=item)
        rows = cells.index
        records = pd.DataFrame(
            {
                "row_number": rows.to_numpy(),
                "period_start": starts.reindex(rows).to_numpy(),
                "period_end": ends.reindex(rows).to_numpy(),
                "origin_category": cells["origin_category"].to_numpy(),
                "visitors": counts.to_numpy(),
            }
        )
        valid = records["visitors"].between(0, INTEGER_MAX).fillna(False).astype(bool)
        records = records[valid & records["origin_category"].notna()]
        return Parsed(table, records, problems, year=single_year(starts))

    @staticmethod
    def _origin_index(context: LoadContext) -> dict[str, str]:
        origins = context.codebook.origin_categories
        entries = {code: [code, m.fr, m.en] for code, m in origins.items()}
        extra = context.mapping.labels.get("origin_category", {})
        unknown = sorted(set(extra) - set(origins))
        if unknown:
            raise context.mapping.error(
                "codes inconnus pour origin_category : {codes}. Codes : {known}.",
                "unknown codes for origin_category: {codes}. Codes: {known}.",
                codes=quoted_list(unknown),
                known=quoted_list(origins),
            )
        index = label_index(entries)
        index.update(label_index(extra))
        return index

    @staticmethod
    def _expected(context: LoadContext) -> Message:
        origins = context.codebook.origin_categories
        return Message(
            ", ".join(f"{c} ({m.fr})" for c, m in origins.items()),
            ", ".join(f"{c} ({m.en})" for c, m in origins.items()),
        )

    def _periods(
        self, table: Table, header: str, kind: str, problems: Problems, year: int | None, mapping: Mapping
    ) -> tuple[pd.Series, pd.Series]:
        raw = table.values(header)
        item = named(kind, header)
        ordered, _ = day_first_dates(raw, mapping, table.file_name, header)
        starts, bad = parse_weeks(ordered, mapping.date_format)
        weekly = is_iso_week(raw) | (kind == "week")
        ends = starts + pd.to_timedelta(weekly.astype(int) * 6, unit="D")
        problems.add(raw.eq(""), kind, MISSING, item=item)
        problems.add(bad, kind, BAD_PERIOD, value=raw, item=item)
        if year is not None:
            outside = starts.notna() & starts.dt.year.ne(year) & ends.dt.year.ne(year)
            problems.add(outside, kind, OUT_OF_SEASON, value=raw, year=year, item=item)
        return starts, ends

    def _long_cells(
        self, table: Table, headers: dict, index: dict[str, str], problems: Problems, context: LoadContext
    ) -> pd.DataFrame:
        for name in ("origin_category", "visitors"):
            if headers[name] is None:
                raise refuse(
                    "Le fichier « {file} » n'a pas de colonne {name} ({aliases}), nécessaire avec une colonne "
                    "origine et nombre par ligne. Colonnes trouvées : {found}.",
                    "The file '{file}' has no {name} column ({aliases}), needed when each row holds an origin "
                    "and a count. Columns found: {found}.",
                    file=table.file_name,
                    name=name,
                    aliases=" / ".join(ALIASES[name][:2]),
                    found=quoted_list(table.headers),
                )
        origin_raw = table.values(headers["origin_category"])
        origins = match_codes(origin_raw, index)
        origin_item = named("origin_category", headers["origin_category"])
        problems.add(origin_raw.eq(""), "origin_category", MISSING, item=origin_item)
        problems.add(
            origin_raw.ne("") & origins.isna(),
            "origin_category",
            UNKNOWN_ORIGIN,
            value=origin_raw,
            item=origin_item,
            expected=self._expected(context),
        )
        counts = table.values(headers["visitors"])
        problems.add(counts.eq(""), "visitors", MISSING, item=named("visitors", headers["visitors"]))
        return pd.DataFrame(
            {"origin_category": origins, "text": counts, "item": "visitors", "header": headers["visitors"]},
            index=table.frame.index,
        )

    def _wide_cells(
        self, table: Table, period_header: str, index: dict[str, str], context: LoadContext
    ) -> pd.DataFrame:
        ignored = {fold(name) for name in IGNORED_COLUMNS}
        categories: dict[str, str] = {}
        for header in table.headers:
            if header == period_header or fold(header) in ignored:
                continue
            code = index.get(fold(header))
            if code is None:
                raise refuse(
                    "Le fichier « {file} », colonne « {header} » : ce n'est pas une catégorie de provenance. "
                    "Format long : colonnes origine/origin et nombre/count ; format large : une colonne par "
                    "catégorie parmi {expected}.",
                    "The file '{file}', column '{header}': not an origin category. Long layout: origin and "
                    "count columns; wide layout: one column per category among {expected}.",
                    file=table.file_name,
                    header=header,
                    expected=self._expected(context),
                )
            categories[header] = code
        if not categories:
            raise refuse(
                "Le fichier « {file} » n'a ni colonnes origine/origin et nombre/count, ni colonnes de catégories "
                "de provenance. Colonnes trouvées : {found}.",
                "The file '{file}' has neither origin and count columns nor origin category columns. "
                "Columns found: {found}.",
                file=table.file_name,
                found=quoted_list(table.headers),
            )
        frames = [
            pd.DataFrame(
                {"origin_category": code, "text": table.values(header), "item": code, "header": header},
                index=table.frame.index,
            )
            for header, code in categories.items()
        ]
        cells = pd.concat(frames)
        cells = cells[cells["text"].ne("")]
        return cells.sort_index(kind="stable")


def desk_count_periods(records: pd.DataFrame) -> list[str]:
    """A desk-count load covers the months its tallies start or end in ('2024-07')."""
    return month_periods(records, ("period_start", "period_end"))


SPEC = SourceSpec(
    name="desk-counts",
    title=Message("Comptages de provenance à l'accueil", "Desk provenance counts"),
    help=Message(
        "grilles de comptage de provenance à l'accueil, par jour ou par semaine",
        "provenance tallies kept at the front desk, per day or per week",
    ),
    raw_table="raw_desk_counts",
    period_kind="month",
    periods=desk_count_periods,
    parser=DeskCountSource(),
    purge="purge/delete_raw_desk_counts",
    demo="smq_analytics.demo.desk_count_files:desk_count_files",
)
