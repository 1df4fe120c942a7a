"""What the store holds: loads, rows, rejections and item problems per museum and source.

Item problems are invalid answers of accepted rows, stored missing (table item_problems); they are
listed per load after the quarantine, as stored: personal values (postal codes) already masked.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from .i18n import Message, Plural, count_noun, format_number
from .store import query

HEADERS = {
    "museum_id": Message("Musée", "Museum"),
    "source": Message("Source", "Source"),
    "loads": Message("Chargements", "Loads"),
    "rows_read": Message("Lignes lues", "Rows read"),
    "rows_accepted": Message("Acceptées", "Accepted"),
    "rows_rejected": Message("Rejetées", "Rejected"),
    "item_problems": Message("Valeurs invalides", "Invalid values"),
    "last_loaded_at": Message("Dernier chargement", "Last load"),
}
EMPTY = Message("Aucun chargement dans l'entrepôt.", "No loads in the store.")
REJECTIONS = Message("Dernières lignes en quarantaine :", "Latest quarantined rows:")
ITEM_PROBLEMS = Message("Valeurs invalides laissées vides dans des lignes acceptées :",
                        "Invalid values stored as missing in accepted rows:")
INVALID_VALUES = Plural.of("valeur invalide", "valeurs invalides", "invalid value", "invalid values")
LOAD = Message("{museum} · {source} · {file} (chargement n° {load_id}) : {count}",
               "{museum} · {source} · {file} (load #{load_id}): {count}")
MORE = Message("… et {n} autres", "… and {n} more")
MORE_LOADS = Plural.of("autre chargement avec des valeurs invalides", "autres chargements avec des valeurs invalides",
                       "more load with invalid values", "more loads with invalid values")


def load_table(con: duckdb.DuckDBPyConnection, museum_id: str | None = None) -> pd.DataFrame:
    return query(con, "status/loads", {"museum_id": museum_id})


def rejections(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, limit: int = 20) -> pd.DataFrame:
    return query(con, "status/rejections", {"museum_id": museum_id, "limit": limit})


def item_problems(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, limit: int = 10) -> pd.DataFrame:
    """The latest `limit` active loads with item problems: each one's count (load_problems) and first
    `limit` problems in row order; loads_with_problems counts every such load."""
    return query(con, "status/item_problems", {"museum_id": museum_id, "limit": limit})


def render(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, lang: str = "fr",
           rejection_limit: int = 10) -> str:
    """A plain-text report for the terminal."""
    loads = load_table(con, museum_id)
    if loads.empty:
        return EMPTY(lang)
    columns = list(HEADERS)
    rows = [[HEADERS[c](lang) for c in columns]]
    for record in loads.itertuples(index=False):
        values = record._asdict()
        row = []
        for c in columns:
            value = values[c]
            if c.startswith("rows_") or c in ("loads", "item_problems"):
                row.append(format_number(int(value), lang=lang))
            elif c == "last_loaded_at":
                row.append(pd.Timestamp(value).strftime("%Y-%m-%d %H:%M"))
            else:
                row.append(str(value))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    rejected = rejections(con, museum_id, rejection_limit) if rejection_limit else pd.DataFrame()
    if not rejected.empty:
        lines += ["", REJECTIONS(lang)]
        reason = "reason_en" if lang == "en" else "reason_fr"
        for r in rejected.itertuples(index=False):
            lines.append(f"  {r.museum_id} · {r.source} · {r.file_name} · {getattr(r, reason)}")
    lines += _item_problem_lines(con, museum_id, lang, rejection_limit)
    return "\n".join(lines)


def _item_problem_lines(con: duckdb.DuckDBPyConnection, museum_id: str | None, lang: str, limit: int) -> list[str]:
    """The latest `limit` loads with item problems: a line with each one's count, then its first
    `limit` reasons; a last line counts the loads left out."""
    problems = item_problems(con, museum_id, limit) if limit else pd.DataFrame()
    if problems.empty:
        return []
    lines = ["", ITEM_PROBLEMS(lang)]
    reason = "reason_en" if lang == "en" else "reason_fr"
    for load_id, load in problems.groupby("load_id", sort=False):
        first = load.iloc[0]
        total = int(first["load_problems"])
        lines.append("  " + LOAD(lang).format(museum=first["museum_id"], source=first["source"],
                                             file=first["file_name"], load_id=int(load_id),
                                             count=count_noun(total, INVALID_VALUES, lang)))
        lines += [f"    {text}" for text in load[reason]]
        if total > len(load):
            lines.append("    " + MORE(lang).format(n=format_number(total - len(load), lang=lang)))
    hidden = int(problems["loads_with_problems"].iloc[0]) - problems["load_id"].nunique()
    if hidden:
        lines.append("  … " + count_noun(hidden, MORE_LOADS, lang))
    return lines
