"""What the store holds: loads, rows and rejections per museum and source."""

from __future__ import annotations

import duckdb
import pandas as pd

from .i18n import Message, format_number
from .store import query

HEADERS = {
    "museum_id": Message("Musée", "Museum"),
    "source": Message("Source", "Source"),
    "loads": Message("Chargements", "Loads"),
    "rows_read": Message("Lignes lues", "Rows read"),
    "rows_accepted": Message("Acceptées", "Accepted"),
    "rows_rejected": Message("Rejetées", "Rejected"),
    "last_loaded_at": Message("Dernier chargement", "Last load"),
}
EMPTY = Message("Aucun chargement dans l'entrepôt.", "No loads in the store.")
REJECTIONS = Message("Dernières lignes en quarantaine :", "Latest quarantined rows:")


def load_table(con: duckdb.DuckDBPyConnection, museum_id: str | None = None) -> pd.DataFrame:
    return query(con, "status/loads", {"museum_id": museum_id})


def rejections(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, limit: int = 20) -> pd.DataFrame:
    return query(con, "status/rejections", {"museum_id": museum_id, "limit": limit})


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
            if c.startswith("rows_") or c == "loads":
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
    return "\n".join(lines)
