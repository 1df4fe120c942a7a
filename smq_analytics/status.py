"""What the store holds: loads, rows, rejections and item problems per museum and source.

Item problems are invalid answers of accepted rows, stored missing (table item_problems); they are
listed per load after the quarantine, as stored: personal values (postal codes) already masked.

Everything printed comes from files a museum sent (file names, values quoted in reasons), so every
value goes through terminal_text(): terminal control sequences and characters are removed (an ANSI
escape in a file name must not recolour, move the cursor or retitle the analyst's terminal) and
personal details are masked by privacy.redact (docs/PERSONAL_DATA.md).
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from .i18n import Message, Plural, count_noun, format_number
from .privacy import redact
from .store import query

# ANSI / ECMA-48 sequences: CSI (ESC [ or the C1 byte U+009B) … final byte; OSC, DCS, SOS, PM, APC
# strings up to BEL or ST; any other two-character ESC sequence.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x1b[ -/]*[0-~]?",
    re.DOTALL,
)
# C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that reorder what
# the terminal shows (U+202A–U+202E, U+2066–U+2069). Line breaks and tabs become spaces.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile(r"[\t\n\r\u2028\u2029]+")


def strip_control(value) -> str:
    """The text without terminal escape sequences or control characters, on one line."""
    text = _ESCAPE_SEQUENCE.sub("", str(value))
    return _CONTROL.sub("", _BREAK.sub(" ", text))


def terminal_text(value, lang: str = "fr") -> str:
    """A value safe to print: control sequences stripped first (so they cannot split an e-mail
    address and hide it from the masks), then personal details masked, not HTML-escaped."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return redact(strip_control(value), lang, escape=False)


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
ITEM_PROBLEMS = Message(
    "Valeurs invalides laissées vides dans des lignes acceptées :", "Invalid values stored as missing in accepted rows:"
)
INVALID_VALUES = Plural.of("valeur invalide", "valeurs invalides", "invalid value", "invalid values")
LOAD = Message(
    "{museum} · {source} · {file} (chargement n° {load_id}) : {count}",
    "{museum} · {source} · {file} (load #{load_id}): {count}",
)
MORE = Message("… et {n} autres", "… and {n} more")
MORE_LOADS = Plural.of(
    "autre chargement avec des valeurs invalides",
    "autres chargements avec des valeurs invalides",
    "more load with invalid values",
    "more loads with invalid values",
)


def load_table(con: duckdb.DuckDBPyConnection, museum_id: str | None = None) -> pd.DataFrame:
    return query(con, "status/loads", {"museum_id": museum_id})


def rejections(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, limit: int = 20) -> pd.DataFrame:
    return query(con, "status/rejections", {"museum_id": museum_id, "limit": limit})


def item_problems(con: duckdb.DuckDBPyConnection, museum_id: str | None = None, limit: int = 10) -> pd.DataFrame:
    """The latest `limit` active loads with item problems: each one's count (load_problems) and first
    `limit` problems in row order; loads_with_problems counts every such load."""
    return query(con, "status/item_problems", {"museum_id": museum_id, "limit": limit})


def render(
    con: duckdb.DuckDBPyConnection, museum_id: str | None = None, lang: str = "fr", rejection_limit: int = 10
) -> str:
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
                row.append(terminal_text(value, lang))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    rejected = rejections(con, museum_id, rejection_limit) if rejection_limit else pd.DataFrame()
    if not rejected.empty:
        lines += ["", REJECTIONS(lang)]
        reason = "reason_en" if lang == "en" else "reason_fr"
        for r in rejected.itertuples(index=False):
            fields = (r.museum_id, r.source, r.file_name, getattr(r, reason))
            lines.append("  " + " · ".join(terminal_text(value, lang) for value in fields))
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
        lines.append(
            "  "
            + LOAD(lang).format(
                museum=terminal_text(first["museum_id"], lang),
                source=terminal_text(first["source"], lang),
                file=terminal_text(first["file_name"], lang),
                load_id=int(load_id),
                count=count_noun(total, INVALID_VALUES, lang),
            )
        )
        lines += [f"    {terminal_text(text, lang)}" for text in load[reason]]
        if total > len(load):
            lines.append("    " + MORE(lang).format(n=format_number(total - len(load), lang=lang)))
    hidden = int(problems["loads_with_problems"].iloc[0]) - problems["load_id"].nunique()
    if hidden:
        lines.append("  … " + count_noun(hidden, MORE_LOADS, lang))
    return lines
